/* Contacts that may be the one about to be created: by email, phone, name. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libpq-fe.h>

#include "switchboard/db-pq.h"
#include "switchboard/store-existing.h"
#include "switchboard/util.h"
#include "store-command-int.h"
#include "store-int.h"

/* "" as NULL: the database takes a missing email or phone as NULL. */
static const char *
store_existing_arg(const char *s)
{
	return (s != NULL && *s != '\0' ? s : NULL);
}

enum sb_status
store_contact_find_existing(struct db *db, const char *email,
    const char *phone, const char *org_id, struct store_existing_list *out,
    struct sb_error *err)
{
	static const char	 sql[] = "SELECT contact_id, "
	    "coalesce(first_name, ''), coalesce(last_name, ''), "
	    "coalesce(owner_name, '') FROM sb.contact_find_existing($1, $2, "
	    "$3::uuid)";
	const char		*params[3];
	struct store_existing	*e;
	PGresult		*r;
	enum sb_status		 st;
	int			 i, n;

	memset(out, 0, sizeof *out);
	params[0] = store_existing_arg(email);
	params[1] = store_existing_arg(phone);
	params[2] = store_existing_arg(org_id);
	st = db_exec(db, sql, 3, params, &r, err);
	if (st != SB_OK)
		return (st);
	n = PQntuples(r);
	out->rows = xcalloc(n > 0 ? (size_t)n : 1, sizeof *out->rows);
	for (i = 0; i < n; i++) {
		e = &out->rows[out->count++];
		snprintf(e->contact_id, sizeof e->contact_id, "%s",
		    PQgetvalue(r, i, 0));
		e->first_name = xstrdup(PQgetvalue(r, i, 1));
		e->last_name = xstrdup(PQgetvalue(r, i, 2));
		e->owner_name = xstrdup(PQgetvalue(r, i, 3));
	}
	PQclear(r);
	return (SB_OK);
}

void
store_existing_list_clear(struct store_existing_list *l)
{
	size_t	i;

	for (i = 0; i < l->count; i++) {
		free(l->rows[i].first_name);
		free(l->rows[i].last_name);
		free(l->rows[i].owner_name);
	}
	free(l->rows);
	memset(l, 0, sizeof *l);
}

enum sb_status
store_contact_add_existing(struct db *db, const char *cmd_id,
    const char *org_id, const char *role, const char *email,
    const char *phone, struct store_result *res, struct sb_error *err)
{
	struct store_cmd	c = { .name = "contact.add_existing",
	    .nparams = 4, .sql = "SELECT i, $1::uuid, true FROM "
	    "sb.contact_add_existing($1::uuid, $2, $3, $4) AS i" };

	c.params[0] = org_id;
	c.params[1] = role;
	c.params[2] = store_existing_arg(email);
	c.params[3] = store_existing_arg(phone);
	return (store_command_run(db, cmd_id, &c, res, NULL, err));
}

enum sb_status
store_contact_close_names(struct db *db, const char *const *first,
    const char *const *last, size_t n, const char *org_id,
    const char *min_score, int limit, struct store_grid *out,
    struct sb_error *err)
{
	static const char	 sql[] = "SELECT i, contact_id, name, "
	    "coalesce(organizations, ''), score, coalesce(reasons, '') "
	    "FROM sb.contact_close_names($1::text[], $2::text[], $3::uuid, "
	    "$4::numeric, $5::integer)";
	const char		*params[5];
	char			 lim[16];
	enum sb_status		 st;

	params[0] = store_text_array(first, n);
	params[1] = store_text_array(last, n);
	params[2] = store_existing_arg(org_id);
	params[3] = min_score != NULL ? min_score : STORE_CLOSE_MIN;
	snprintf(lim, sizeof lim, "%d", limit);
	params[4] = lim;
	st = store_grid_run(db, sql, 5, params, 0, out, err);
	free((char *)params[0]);
	free((char *)params[1]);
	return (st);
}
