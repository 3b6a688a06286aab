/* Who a login is and the access kinds it holds: reads and the commands. */
#include "config.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "switchboard/store.h"
#include "switchboard/util.h"

#include "store-int.h"

const struct store_access_kind store_access_kinds[STORE_ACCESS_KINDS] = {
	{ "super-admin", "super_admin", "super admin" },
	{ "provider-admin", "provider_admin", "provider admin" },
	{ "support", "support", "support" },
	{ "partner-admin", "partner_admin", "partner admin" },
};

const struct store_access_kind *
store_access_kind_find(const char *name, bool word)
{
	size_t	i;

	for (i = 0; i < STORE_ACCESS_KINDS; i++)
		if (strcmp(name, word ? store_access_kinds[i].word :
		    store_access_kinds[i].kind) == 0)
			return (&store_access_kinds[i]);
	return (NULL);
}

/*
 * The login and each membership it holds, or one row of kind "none":
 * kind, the organization's name ("" for none, or one hidden from it) and
 * whether the membership names one.
 */
static const char store_sql_whoami[] =
    "SELECT current_user::text, coalesce(m.kind, 'none'),"
    " coalesce(o.name, ''),"
    " CASE WHEN m.organization_id IS NULL THEN 'no' ELSE 'yes' END"
    " FROM (SELECT 1) AS one"
    " LEFT JOIN sb.memberships m ON m.role = current_user"
    " LEFT JOIN sb.organizations o ON o.id = m.organization_id"
    " ORDER BY array_position(ARRAY['super_admin', 'provider_admin',"
    " 'support', 'partner_admin'], m.kind), sb.fold(o.name)";

enum sb_status
store_whoami(struct db *db, struct store_grid *out, struct sb_error *err)
{
	return (store_grid_run(db, store_sql_whoami, 0, NULL, 0, out, err));
}

/*
 * Every membership the person sees (all of them for a super admin, else
 * their own): login, kind, organization name, whether it names one,
 * who granted it and when.
 */
static const char store_sql_access_list[] =
    "SELECT m.role::text, m.kind, coalesce(o.name, ''),"
    " CASE WHEN m.organization_id IS NULL THEN 'no' ELSE 'yes' END,"
    " m.granted_by::text, to_char(m.granted_at, 'YYYY-MM-DD HH24:MI')"
    " FROM sb.memberships m"
    " LEFT JOIN sb.organizations o ON o.id = m.organization_id"
    " ORDER BY m.role, array_position(ARRAY['super_admin',"
    " 'provider_admin', 'support', 'partner_admin'], m.kind),"
    " sb.fold(o.name)";

/* Whether $1 is a role, whether it can log in, whether it is a person. */
static const char store_sql_login[] =
    "SELECT CASE WHEN r.rolname IS NULL THEN 'missing'"
    " WHEN NOT r.rolcanlogin THEN 'nologin'"
    " WHEN NOT pg_has_role(r.rolname, 'switchboard_user', 'MEMBER')"
    " THEN 'outside' ELSE 'person' END,"
    " sb.access_is_super(session_user) AND EXISTS (SELECT 1"
    " FROM pg_catalog.pg_roles s WHERE s.rolname = current_user"
    " AND (s.rolsuper OR s.rolcreaterole))"
    " FROM (SELECT 1) AS one LEFT JOIN pg_catalog.pg_roles r"
    " ON r.rolname = $1";

enum sb_status
store_access_list(struct db *db, struct store_grid *out,
    struct sb_error *err)
{
	return (store_grid_run(db, store_sql_access_list, 0, NULL, 0, out,
	    err));
}

enum sb_status
store_access_login(struct db *db, const char *login, struct store_grid *out,
    struct sb_error *err)
{
	const char	*params[1] = { login };

	return (store_grid_run(db, store_sql_login, 1, params, 0, out, err));
}

enum sb_status
store_access_next_step(struct db *db, const char *login, char **sql,
    struct sb_error *err)
{
	static const struct {
		const char	*state;
		const char	*before, *after;	/* the name between */
	} steps[] = {
		{ "missing", "CREATE ROLE ",
		    " LOGIN IN ROLE switchboard_user" },
		{ "nologin", "ALTER ROLE ", " LOGIN" },
		{ "outside", "GRANT switchboard_user TO ", "" },
	};
	struct store_grid	 g;
	enum sb_status		 status;
	char			*quoted;
	size_t			 i;

	*sql = NULL;
	if ((status = store_access_login(db, login, &g, err)) != SB_OK)
		return (status);
	for (i = 0; i < SB_ARRAY_LEN(steps); i++)
		if (g.rows == 1 &&
		    strcmp(store_grid_cell(&g, 0, 0), steps[i].state) == 0)
			break;
	store_grid_free(&g);
	if (i == SB_ARRAY_LEN(steps))
		return (SB_OK);
	quoted = util_quote(login, '"', "\"\"");
	*sql = xasprintf("%s%s%s", steps[i].before, quoted, steps[i].after);
	free(quoted);
	return (SB_OK);
}

enum sb_status
store_access_change(struct db *db, bool grant, const char *login,
    const char *kind, const char *org_id, bool *changed,
    struct sb_error *err)
{
	const char		*params[3] = { login, kind, org_id };
	struct store_grid	 g;
	enum sb_status		 status;

	status = store_grid_run(db, grant ?
	    "SELECT sb.membership_grant($1, $2, $3::uuid)" :
	    "SELECT sb.membership_revoke($1, $2, $3::uuid)", 3, params, 0,
	    &g, err);
	if (status == SB_OK)
		*changed = g.rows == 1 &&
		    strcmp(store_grid_cell(&g, 0, 0), "t") == 0;
	store_grid_free(&g);
	return (status);
}
