/* The demo's people: one login role per kind, with its memberships. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libpq-fe.h>

#include "switchboard/db-pq.h"
#include "switchboard/demo.h"
#include "switchboard/util.h"

/* The group role every person belongs to (created by a migration). */
#define DEMO_PEOPLE_GROUP	"switchboard_user"

struct demo_person {
	const char	*role;
	const char	*kind;
	const char	*subdomain;	/* of the organization, or NULL */
};

static const struct demo_person demo_people[] = {
	{ DEMO_ROLE_SUPER, "super_admin", NULL },
	{ DEMO_ROLE_PROVIDER, "provider_admin", "riverside" },
	{ DEMO_ROLE_SUPPORT, "support", NULL },
	{ DEMO_ROLE_PARTNER, "partner_admin", "northwind" },
};

/* Run the DDL "verb role rest", the role name quoted as an identifier. */
static enum sb_status
demo_people_ddl(struct db *admin, const char *verb, const char *role,
    const char *rest, struct sb_error *err)
{
	PGconn		*conn = db_conn(admin);
	char		*ident, *sql;
	enum sb_status	 status;

	ident = PQescapeIdentifier(conn, role, strlen(role));
	if (ident == NULL)
		return sb_error_set(err, SB_INTERNAL, "cannot quote role %s",
		    role);
	sql = xasprintf("%s %s %s", verb, ident, rest);
	PQfreemem(ident);
	status = db_exec(admin, sql, 0, NULL, NULL, err);
	free(sql);
	return status;
}

/* Create the login role unless it exists; make it a person. */
static enum sb_status
demo_people_role(struct db *admin, const char *role, struct sb_error *err)
{
	const char	*p[] = { role };
	PGresult	*res;
	enum sb_status	 status;
	int		 exists;

	status = db_exec(admin, "SELECT 1 FROM pg_catalog.pg_roles"
	    " WHERE rolname = $1", 1, p, &res, err);
	if (status != SB_OK)
		return status;
	exists = PQntuples(res) == 1;
	PQclear(res);
	if (!exists) {
		status = demo_people_ddl(admin, "CREATE ROLE", role, "LOGIN",
		    err);
		if (status != SB_OK)
			return status;
	}
	return demo_people_ddl(admin, "GRANT " DEMO_PEOPLE_GROUP " TO", role,
	    "", err);
}

static enum sb_status
demo_people_grant(struct db *admin, const struct demo_person *d,
    struct sb_error *err)
{
	const char	*p[] = { d->role, d->kind, d->subdomain };

	if (d->subdomain == NULL)
		return db_exec(admin, "SELECT sb.membership_grant($1, $2)", 2,
		    p, NULL, err);
	return db_exec(admin, "SELECT sb.membership_grant($1, $2, (SELECT"
	    " o.id FROM sb.organizations o WHERE o.subdomain = $3))", 3, p,
	    NULL, err);
}

enum sb_status
demo_people_ensure(struct db *admin, const char *role, const char *kind,
    const char *subdomain, struct sb_error *err)
{
	const struct demo_person	d = { role, kind, subdomain };
	enum sb_status			status;

	status = demo_people_role(admin, role, err);
	if (status == SB_OK)
		status = demo_people_grant(admin, &d, err);
	return status;
}

enum sb_status
demo_people_create(struct db *admin, struct sb_error *err)
{
	enum sb_status	 status = SB_OK;
	size_t		 i;

	for (i = 0; status == SB_OK && i < SB_ARRAY_LEN(demo_people); i++)
		status = demo_people_ensure(admin, demo_people[i].role,
		    demo_people[i].kind, demo_people[i].subdomain, err);
	return status;
}
