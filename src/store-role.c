/* Roles of linked contacts, deleting contacts, finding contacts by name. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libpq-fe.h>

#include "switchboard/db-pq.h"
#include "switchboard/store-role.h"
#include "switchboard/util.h"
#include "store-command-int.h"

enum sb_status
store_org_contact_change_role(struct db *db, const char *cmd_id,
    const char *org_id, const char *contact_id, const char *old_role,
    const char *new_role, bool make_primary, long since,
    struct store_result *res, struct sb_error *err)
{
	struct store_cmd	c = { .name = "organization.contact.change_role",
	    .nparams = 6, .sql = "SELECT $2::uuid, $1::uuid, c FROM "
	    "sb.organization_contact_change_role($1::uuid, $2::uuid, $3, $4, "
	    "$5::boolean, $6::integer) AS c" };
	char			ver[32];

	snprintf(ver, sizeof ver, "%ld", since);
	c.params[0] = org_id;
	c.params[1] = contact_id;
	c.params[2] = old_role;
	c.params[3] = new_role;
	c.params[4] = make_primary ? "true" : "false";
	c.params[5] = since > 0 ? ver : NULL;
	return (store_command_run(db, cmd_id, &c, res, NULL, err));
}

enum sb_status
store_contact_linked_elsewhere(struct db *db, const char *contact_id,
    const char *from_org, struct store_elsewhere *out, struct sb_error *err)
{
	static const char	 sql[] = "SELECT organization_name, "
	    "hidden_count FROM sb.contact_linked_elsewhere($1::uuid, "
	    "current_user, $2::uuid)";
	const char		*params[2] = { contact_id, from_org };
	PGresult		*r;
	enum sb_status		 st;
	int			 i, n;

	memset(out, 0, sizeof *out);
	if ((st = db_exec(db, sql, 2, params, &r, err)) != SB_OK)
		return (st);
	n = PQntuples(r);
	out->names = xcalloc(n > 0 ? (size_t)n : 1, sizeof *out->names);
	for (i = 0; i < n; i++) {
		if (PQgetisnull(r, i, 0))
			out->hidden += strtol(PQgetvalue(r, i, 1), NULL, 10);
		else
			out->names[out->count++] = xstrdup(PQgetvalue(r, i,
			    0));
	}
	PQclear(r);
	return (SB_OK);
}

void
store_elsewhere_clear(struct store_elsewhere *e)
{
	size_t	i;

	for (i = 0; i < e->count; i++)
		free(e->names[i]);
	free(e->names);
	memset(e, 0, sizeof *e);
}

enum sb_status
store_contact_find_by_name(struct db *db, const char *org_id,
    const char *role, const char *text, int limit,
    struct store_name_matches *out, struct sb_error *err)
{
	static const char	 sql[] = "SELECT contact_id, first_name, "
	    "last_name, title, owner_name, email FROM "
	    "sb.contact_find_by_name($1::uuid, $2, $3, $4::integer)";
	const char		*params[4];
	struct store_name_match	*m;
	char			 lim[16];
	PGresult		*r;
	enum sb_status		 st;
	int			 i, n;

	memset(out, 0, sizeof *out);
	snprintf(lim, sizeof lim, "%d", limit);
	params[0] = org_id;
	params[1] = role;
	params[2] = text;
	params[3] = lim;
	if ((st = db_exec(db, sql, 4, params, &r, err)) != SB_OK)
		return (st);
	n = PQntuples(r);
	out->rows = xcalloc(n > 0 ? (size_t)n : 1, sizeof *out->rows);
	for (i = 0; i < n; i++) {
		m = &out->rows[out->count++];
		snprintf(m->contact_id, sizeof m->contact_id, "%s",
		    PQgetvalue(r, i, 0));
		m->first_name = xstrdup(PQgetvalue(r, i, 1));
		m->last_name = xstrdup(PQgetvalue(r, i, 2));
		m->title = xstrdup(PQgetvalue(r, i, 3));
		m->owner_name = xstrdup(PQgetvalue(r, i, 4));
		m->email = xstrdup(PQgetvalue(r, i, 5));
	}
	PQclear(r);
	return (SB_OK);
}

void
store_name_matches_clear(struct store_name_matches *m)
{
	size_t	i;

	for (i = 0; i < m->count; i++) {
		free(m->rows[i].first_name);
		free(m->rows[i].last_name);
		free(m->rows[i].title);
		free(m->rows[i].owner_name);
		free(m->rows[i].email);
	}
	free(m->rows);
	memset(m, 0, sizeof *m);
}
