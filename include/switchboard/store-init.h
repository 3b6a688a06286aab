/* What init reads and changes on a server: the schema, its first admin. */
#ifndef SWITCHBOARD_STORE_INIT_H
#define SWITCHBOARD_STORE_INIT_H

#include <stdbool.h>
#include <stddef.h>

#include "switchboard/error.h"

struct db;

/* The longest role name PostgreSQL keeps whole (NAMEDATALEN - 1). */
#define STORE_INIT_NAME_MAX	63

/* The role that owns the schema and never logs in. */
extern const char	store_init_owner[];

/* What the server says of the connection, the schema and a login. */
struct store_init_state {
	char	 me[STORE_INIT_NAME_MAX + 1];	/* the connected role */
	char	 database[STORE_INIT_NAME_MAX + 1];
	bool	 superuser;	/* me is a superuser */
	bool	 owner_login;	/* the schema's owner exists, can log in */
	bool	 installed;	/* the schema's bookkeeping exists */
	bool	 exists;	/* the login is a role */
	bool	 own;		/* ... the schema's owner or persons' group */
	bool	 login;		/* ... that can log in */
	bool	 super;		/* ... a superuser */
	bool	 bypass;	/* ... that bypasses row-level security */
};

/* Read st for login; any role that can connect may ask. */
enum sb_status	 store_init_read(struct db *db, const char *login,
		     struct store_init_state *st, struct sb_error *err);

/*
 * Install or upgrade the schema (migrate_run) on a superuser's
 * connection; *migrations and *modules get how many were pending
 * before (installed false: all of them).
 */
enum sb_status	 store_init_schema(struct db *db, bool installed,
		     size_t *migrations, size_t *modules,
		     struct sb_error *err);

/*
 * As a superuser, make login a person's login: with create, the role is
 * created (in the persons' group, with no password), else added to that
 * group.
 */
enum sb_status	 store_init_person(struct db *db, const char *login,
		     bool create, struct sb_error *err);

/*
 * Make login a super admin, in one transaction, as a superuser: with
 * create, the login role is created first (in the persons' group, with
 * no password), else added to that group. *granted tells whether it was
 * not a super admin before.
 */
enum sb_status	 store_init_super_admin(struct db *db, const char *login,
		     bool create, bool *granted, struct sb_error *err);

#endif
