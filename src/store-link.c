/* A contact's links to an organization: who may change them, commands. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include <libpq-fe.h>

#include "switchboard/db-pq.h"
#include "switchboard/store-link.h"
#include "store-command-int.h"

enum sb_status
store_org_contact_readonly(struct db *db, const char *org_id,
    const char *contact_id, char *buf, char *mark, size_t len,
    struct sb_error *err)
{
	static const char	 sql[] = "SELECT coalesce("
	    "sb.organization_contact_readonly_reason($1::uuid, $2::uuid), "
	    "''), coalesce(sb.organization_contact_readonly_reason($1::uuid, "
	    "$2::uuid, current_user, true), '')";
	const char		*params[2] = { org_id, contact_id };
	PGresult		*r;
	enum sb_status		 st;

	if (len > 0)
		buf[0] = mark[0] = '\0';
	if ((st = db_exec(db, sql, 2, params, &r, err)) != SB_OK)
		return st;
	if (PQntuples(r) == 1 && len > 0) {
		snprintf(buf, len, "%s", PQgetvalue(r, 0, 0));
		snprintf(mark, len, "%s", PQgetvalue(r, 0, 1));
	}
	PQclear(r);
	return SB_OK;
}

enum sb_status
store_contact_undo_both(struct db *db, const char *cmd_id,
    const struct store_undo_both *u, struct store_result *res,
    struct sb_error *err)
{
	struct store_cmd	c = { .name = "contact.undo_update_role",
	    .nparams = 9, .sql = "SELECT $1::uuid, NULL::uuid, true FROM "
	    "sb.contact_undo_update_role($1::uuid, $2::integer, $3::jsonb, "
	    "$4::uuid, $5, $6, $7::boolean, $8::integer, $9::uuid)" };
	char			cver[32], over[32];

	snprintf(cver, sizeof cver, "%ld", u->contact_version);
	snprintf(over, sizeof over, "%ld", u->org_version);
	c.params[0] = u->contact_id;
	c.params[1] = cver;
	c.params[2] = u->before;
	c.params[3] = u->org_id;
	c.params[4] = u->new_role;
	c.params[5] = u->old_role;
	c.params[6] = u->old_primary ? "true" : "false";
	c.params[7] = over;
	c.params[8] = u->holder_id != NULL && *u->holder_id != '\0' ?
	    u->holder_id : NULL;
	return (store_command_run(db, cmd_id, &c, res, NULL, err));
}

/* Command c on contact_id's link to org_id in role ($1, $2, $3). */
static enum sb_status
store_org_contact_run(struct db *db, const char *cmd_id,
    struct store_cmd *c, const char *org_id, const char *contact_id,
    const char *role, struct store_result *res, struct sb_error *err)
{
	c->params[0] = org_id;
	c->params[1] = contact_id;
	c->params[2] = role;
	return (store_command_run(db, cmd_id, c, res, NULL, err));
}

enum sb_status
store_org_contact_link_primary(struct db *db, const char *cmd_id,
    const char *org_id, const char *contact_id, const char *role,
    bool make_primary, struct store_result *res, struct sb_error *err)
{
	/* The link first (l), then the mark it may need: one statement. */
	struct store_cmd	c = { .name = "organization.contact.link",
	    .nparams = 4, .sql = "WITH l AS MATERIALIZED (SELECT"
	    " sb.organization_contact_link($1::uuid, $2::uuid, $3) AS x),"
	    " p AS (SELECT sb.organization_contact_set_primary($1::uuid,"
	    " $2::uuid, $3) AS x FROM l WHERE $4::boolean)"
	    " SELECT $2::uuid, $1::uuid, l.x::integer"
	    " + (SELECT count(*) FILTER (WHERE x) FROM p) > 0 FROM l" };

	c.params[3] = make_primary ? "true" : "false";
	return (store_org_contact_run(db, cmd_id, &c, org_id, contact_id, role,
	    res, err));
}

enum sb_status
store_org_contact_unlink_all(struct db *db, const char *cmd_id,
    const char *org_id, const char *contact_id, const char *role,
    struct store_result *res, struct sb_error *err)
{
	/* The roles it holds are read in the command's own transaction. */
	struct store_cmd	c = { .name = "organization.contact.unlink",
	    .nparams = 3, .sql = "SELECT $2::uuid, $1::uuid, count(*)"
	    " FILTER (WHERE sb.organization_contact_unlink($1::uuid,"
	    " $2::uuid, r)) > 0 FROM unnest(CASE WHEN $3::text IS NULL"
	    " THEN ARRAY(SELECT role FROM sb.organization_contacts"
	    " WHERE organization_id = $1::uuid AND contact_id = $2::uuid"
	    " AND deleted_at IS NULL ORDER BY role) ELSE ARRAY[$3] END)"
	    " AS r" };

	return (store_org_contact_run(db, cmd_id, &c, org_id, contact_id, role,
	    res, err));
}
