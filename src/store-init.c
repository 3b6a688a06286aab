/* What init reads and changes on a server: the schema, its first admin. */
#include "config.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libpq-fe.h>

#include "switchboard/db-pq.h"
#include "switchboard/migrate.h"
#include "switchboard/store-init.h"
#include "switchboard/util.h"

const char	store_init_owner[] = MIGRATE_OWNER_ROLE;

/*
 * The connection's role and database, whether it is a superuser, whether
 * the owner can log in, whether the schema is there, and the login ($1):
 * whether it exists, is one of the schema's own roles, can log in, is a
 * superuser, bypasses row-level security.
 */
static const char store_init_sql_read[] =
    "SELECT current_user::text, current_database()::text,"
    " coalesce(me.rolsuper, false), coalesce(o.rolcanlogin, false),"
    " to_regclass('" MIGRATE_SCHEMA ".schema_migrations') IS NOT NULL,"
    " r.rolname IS NOT NULL,"
    " $1 IN ('" MIGRATE_OWNER_ROLE "', '" MIGRATE_USER_ROLE "'),"
    " coalesce(r.rolcanlogin, false), coalesce(r.rolsuper, false),"
    " coalesce(r.rolbypassrls, false)"
    " FROM (SELECT 1) AS one"
    " LEFT JOIN pg_catalog.pg_roles me ON me.rolname = current_user"
    " LEFT JOIN pg_catalog.pg_roles o ON o.rolname = '"
    MIGRATE_OWNER_ROLE "'"
    " LEFT JOIN pg_catalog.pg_roles r ON r.rolname = $1";

enum sb_status
store_init_read(struct db *db, const char *login,
    struct store_init_state *st, struct sb_error *err)
{
	bool		*flags[] = { &st->superuser, &st->owner_login,
	    &st->installed, &st->exists, &st->own, &st->login, &st->super,
	    &st->bypass };
	PGresult	*res;
	enum sb_status	 status;
	size_t		 i;

	memset(st, 0, sizeof *st);
	status = db_exec(db, store_init_sql_read, 1, &login, &res, err);
	if (status != SB_OK)
		return (status);
	snprintf(st->me, sizeof st->me, "%s", PQgetvalue(res, 0, 0));
	snprintf(st->database, sizeof st->database, "%s",
	    PQgetvalue(res, 0, 1));
	for (i = 0; i < SB_ARRAY_LEN(flags); i++)
		*flags[i] = PQgetvalue(res, 0, (int)i + 2)[0] == 't';
	PQclear(res);
	return (SB_OK);
}

enum sb_status
store_init_schema(struct db *db, bool installed, size_t *migrations,
    size_t *modules, struct sb_error *err)
{
	struct migrate_status	*st;
	enum sb_status		 status;

	*migrations = migrate_count;
	*modules = migrate_module_count;
	if (installed) {
		status = migrate_status(db_conn(db), &st, err);
		if (status != SB_OK)
			return (status);
		*migrations = st->pending;
		*modules = st->modules_pending;
		migrate_status_free(st);
	}
	return (migrate_run(db_conn(db), err));
}

enum sb_status
store_init_person(struct db *db, const char *login, bool create,
    struct sb_error *err)
{
	PGconn		*conn = db_conn(db);
	char		*ident, *sql;
	enum sb_status	 status;

	ident = PQescapeIdentifier(conn, login, strlen(login));
	if (ident == NULL)
		return (sb_error_set(err, SB_INVALID, "the login name cannot "
		    "be quoted"));
	sql = create ? xasprintf("CREATE ROLE %s LOGIN IN ROLE "
	    MIGRATE_USER_ROLE, ident) : xasprintf("GRANT " MIGRATE_USER_ROLE
	    " TO %s", ident);
	PQfreemem(ident);
	status = db_exec(db, sql, 0, NULL, NULL, err);
	free(sql);
	return (status);
}

enum sb_status
store_init_super_admin(struct db *db, const char *login, bool create,
    bool *granted, struct sb_error *err)
{
	PGresult	*res;
	enum sb_status	 status;

	*granted = false;
	status = db_exec(db, "BEGIN", 0, NULL, NULL, err);
	if (status == SB_OK)
		status = store_init_person(db, login, create, err);
	if (status == SB_OK)
		status = db_exec(db, "SELECT " MIGRATE_SCHEMA
		    ".membership_grant($1, 'super_admin')", 1, &login, &res,
		    err);
	if (status == SB_OK) {
		*granted = PQgetvalue(res, 0, 0)[0] == 't';
		PQclear(res);
		status = db_exec(db, "COMMIT", 0, NULL, NULL, err);
	}
	if (status != SB_OK) {
		*granted = false;
		migrate_rollback(db_conn(db));
	}
	return (status);
}
