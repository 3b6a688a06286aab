/* Scoped reads that hand rows out of the program: export, mail queries. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libpq-fe.h>

#include "switchboard/db-pq.h"
#include "switchboard/store.h"
#include "switchboard/util.h"

#include "store-int.h"

/* sb.fold(x) as a LIKE pattern for "contains", wildcards escaped. */
#define STORE_EXPORT_LIKE(x) \
	"'%' || replace(replace(replace(sb.fold(" x "), '\\', '\\\\'), " \
	"'%', '\\%'), '_', '\\_') || '%'"

/* "First Last" of contact c. */
#define STORE_EXPORT_NAME \
	"btrim(coalesce(c.first_name, '') || ' ' || coalesce(c.last_name, ''))"

/*
 * Every contact in scope (or linked today to organization $1), one row
 * each, with its links, phones and emails folded into one cell apiece.
 */
static const char store_sql_export[] =
    "SELECT c.id, coalesce(c.first_name, ''), coalesce(c.last_name, ''),"
    " coalesce(c.title, ''),"
    " coalesce((SELECT string_agg(o.name || ' (' || oc.role ||"
    "  CASE WHEN oc.is_primary THEN ', primary' ELSE '' END || ')', '; '"
    "  ORDER BY sb.fold(o.name), oc.role)"
    "  FROM sb.organization_contacts_current oc"
    "  JOIN sb.organizations o ON o.id = oc.organization_id AND o.active"
    "  WHERE oc.contact_id = c.id), ''),"
    " coalesce((SELECT string_agg(p.number ||"
    "  coalesce(' x' || p.extension, '') || ' (' || p.type || ')', '; '"
    "  ORDER BY cp.is_primary DESC, t.sort_order, p.number)"
    "  FROM sb.contact_phones cp"
    "  JOIN sb.phones p ON p.id = cp.phone_id AND p.deleted_at IS NULL"
    "  JOIN sb.phone_types t ON t.code = p.type"
    "  WHERE cp.contact_id = c.id AND cp.deleted_at IS NULL), ''),"
    " coalesce((SELECT string_agg(e.address || ' (' || e.type || ')', '; '"
    "  ORDER BY e.is_primary DESC, e.address)"
    "  FROM sb.emails e WHERE e.contact_id = c.id), ''),"
    " coalesce(c.preferred_contact_method, ''),"
    " CASE WHEN c.do_not_contact THEN 'yes' ELSE 'no' END,"
    " CASE WHEN c.active THEN 'yes' ELSE 'no' END"
    " FROM sb.contacts c"
    " WHERE c.deleted_at IS NULL AND ($1::uuid IS NULL OR EXISTS"
    "  (SELECT 1 FROM sb.organization_contacts_current oc"
    "  WHERE oc.contact_id = c.id AND oc.organization_id = $1::uuid))"
    " ORDER BY c.name_key, c.id";

/*
 * Emails whose address or owner's name contains the text, with the name
 * and the organizations the contact is linked to today. The matching is
 * the directory search's (sql/modules/search.sql), through its indexes;
 * names that are only similar do not count here.
 */
static const char store_sql_email_search[] =
    "WITH m AS (SELECT DISTINCT contact_id"
    "  FROM sb.directory_search($1, $2::int + 1)"
    "  WHERE what IN ('name', 'email'))"
    " SELECT e.address, " STORE_EXPORT_NAME ","
    " coalesce((SELECT string_agg(DISTINCT o.name, ', ')"
    "  FROM sb.organization_contacts_current oc"
    "  JOIN sb.organizations o ON o.id = oc.organization_id AND o.active"
    "  WHERE oc.contact_id = c.id), '') ||"
    " CASE WHEN c.do_not_contact THEN ' [do not contact]' ELSE '' END"
    " FROM m JOIN sb.contacts c ON c.id = m.contact_id"
    " AND c.deleted_at IS NULL AND c.active"
    " JOIN sb.emails e ON e.contact_id = c.id"
    " ORDER BY c.name_key, c.id,"
    " e.is_primary DESC, e.address"
    " LIMIT $2::int + 1";

/* Organizations a name given on the command line may mean. */
static const char store_sql_org_match[] =
    "SELECT o.id, o.name,"
    " CASE WHEN sb.fold(o.name) = sb.fold($1) THEN 'exact' ELSE '' END"
    " FROM sb.organizations o"
    " WHERE o.active AND (sb.fold(o.name) LIKE " STORE_EXPORT_LIKE("$1")
    " OR sb.fold(o.name) OPERATOR(sb.%) sb.fold($1))"
    " ORDER BY sb.fold(o.name) = sb.fold($1) DESC,"
    " sb.fold(o.name) COLLATE \"C\", o.id"
    " LIMIT $2::int + 1";

/* The server and the role the connection logs in as. */
static const char store_sql_session[] =
    "SELECT 'PostgreSQL ' || current_setting('server_version'),"
    " current_user::text";

/* The memberships of the role logged in as, as it sees them. */
static const char store_sql_scope[] =
    "SELECT m.kind, coalesce(o.name, ''),"
    " CASE WHEN m.organization_id IS NULL THEN '' ELSE 'yes' END"
    " FROM sb.memberships m"
    " LEFT JOIN sb.organizations o ON o.id = m.organization_id"
    " WHERE m.role = current_user ORDER BY m.kind, o.name";

/* Copy a result into a grid of at most limit rows (0: all). */
static void
store_grid_fill(const PGresult *res, int limit, struct store_grid *out)
{
	size_t	r, c, rows = (size_t)PQntuples(res);

	out->more = limit > 0 && rows > (size_t)limit;
	if (out->more)
		rows = (size_t)limit;
	out->rows = rows;
	out->cols = (size_t)PQnfields(res);
	out->cells = xcalloc(rows * out->cols + 1, sizeof *out->cells);
	for (r = 0; r < rows; r++)
		for (c = 0; c < out->cols; c++)
			out->cells[r * out->cols + c] = xstrdup(
			    PQgetvalue(res, (int)r, (int)c));
}

enum sb_status
store_grid_run(struct db *db, const char *sql, int nparams,
    const char *const *params, int limit, struct store_grid *out,
    struct sb_error *err)
{
	PGresult	*res = NULL;
	enum sb_status	 status;

	memset(out, 0, sizeof *out);
	status = db_exec(db, sql, nparams, params, &res, err);
	if (status == SB_OK)
		store_grid_fill(res, limit, out);
	PQclear(res);
	return (status);
}

enum sb_status
store_export_contacts(struct db *db, const char *org_id,
    struct store_grid *out, struct sb_error *err)
{
	const char	*params[1] = { org_id };

	return (store_grid_run(db, store_sql_export, 1, params, 0, out, err));
}

enum sb_status
store_email_search(struct db *db, const char *text, int limit,
    struct store_grid *out, struct sb_error *err)
{
	char		 lim[16];
	const char	*params[2] = { text, lim };

	snprintf(lim, sizeof lim, "%d", limit);
	return (store_grid_run(db, store_sql_email_search, 2, params, limit,
	    out, err));
}

enum sb_status
store_org_match(struct db *db, const char *name, int limit,
    struct store_grid *out, struct sb_error *err)
{
	char		 lim[16];
	const char	*params[2] = { name, lim };

	snprintf(lim, sizeof lim, "%d", limit);
	return (store_grid_run(db, store_sql_org_match, 2, params, limit,
	    out, err));
}

enum sb_status
store_session_get(struct db *db, struct store_grid *out,
    struct sb_error *err)
{
	return (store_grid_run(db, store_sql_session, 0, NULL, 0, out, err));
}

enum sb_status
store_session_scope(struct db *db, struct store_grid *out,
    struct sb_error *err)
{
	return (store_grid_run(db, store_sql_scope, 0, NULL, 0, out, err));
}

const char *
store_grid_cell(const struct store_grid *g, size_t row, size_t col)
{
	return (g->cells[row * g->cols + col]);
}

void
store_grid_free(struct store_grid *g)
{
	size_t	i;

	if (g->cells != NULL)
		for (i = 0; i < g->rows * g->cols; i++)
			free(g->cells[i]);
	free(g->cells);
	memset(g, 0, sizeof *g);
}
