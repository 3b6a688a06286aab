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
 * The contacts of an export and their row numbers from 0: in scope and
 * linked today to one of the organizations $1 (NULL: any), or the
 * contacts $2 in that order.
 */
#define STORE_EXPORT_WITH \
	"WITH k AS (SELECT c.id, row_number() OVER (ORDER BY" \
	" array_position($2::uuid[], c.id), c.name_key, c.id) - 1 AS n" \
	" FROM sb.contacts c WHERE c.deleted_at IS NULL" \
	" AND ($2::uuid[] IS NULL OR c.id = ANY ($2::uuid[]))" \
	" AND ($1::uuid[] IS NULL OR EXISTS" \
	"  (SELECT 1 FROM sb.organization_contacts_current oc" \
	"  WHERE oc.contact_id = c.id" \
	"  AND oc.organization_id = ANY ($1::uuid[]))))"

static const char store_sql_export_contacts[] =
    STORE_EXPORT_WITH
    " SELECT c.id, coalesce(c.first_name, ''), coalesce(c.last_name, ''),"
    " coalesce(c.title, ''), coalesce(c.preferred_contact_method, ''),"
    " c.do_not_contact, c.active"
    " FROM k JOIN sb.contacts c ON c.id = k.id ORDER BY k.n";

static const char store_sql_export_emails[] =
    STORE_EXPORT_WITH
    " SELECT k.n, e.address, e.type, e.is_primary"
    " FROM k JOIN sb.emails e ON e.contact_id = k.id"
    " ORDER BY k.n, e.is_primary DESC, e.address";

static const char store_sql_export_phones[] =
    STORE_EXPORT_WITH
    " SELECT k.n, p.number, coalesce(p.extension, ''), p.type, p.e164,"
    " cp.is_primary"
    " FROM k JOIN sb.contact_phones cp ON cp.contact_id = k.id"
    "  AND cp.deleted_at IS NULL"
    " JOIN sb.phones p ON p.id = cp.phone_id AND p.deleted_at IS NULL"
    " JOIN sb.phone_types t ON t.code = p.type"
    " ORDER BY k.n, cp.is_primary DESC, t.sort_order, p.e164, p.number";

static const char store_sql_export_addresses[] =
    STORE_EXPORT_WITH
    " SELECT k.n, a.type, coalesce(a.label, ''), coalesce(a.street1, ''),"
    " coalesce(a.street2, ''), coalesce(a.city, ''),"
    " coalesce(a.region, ''), coalesce(a.postal_code, ''), a.country"
    " FROM k JOIN sb.contact_addresses l ON l.contact_id = k.id"
    "  AND l.deleted_at IS NULL"
    " JOIN sb.addresses a ON a.id = l.address_id AND a.deleted_at IS NULL"
    " ORDER BY k.n, a.type, a.label, a.street1, a.city, a.postal_code,"
    " a.country, a.id";

static const char store_sql_export_links[] =
    STORE_EXPORT_WITH
    " SELECT k.n, o.name, oc.role, oc.is_primary,"
    " coalesce(oc.starts_on::text, ''), coalesce(oc.ends_on::text, '')"
    " FROM k JOIN sb.organization_contacts_current oc"
    "  ON oc.contact_id = k.id"
    " JOIN sb.organizations o ON o.id = oc.organization_id AND o.active"
    " ORDER BY k.n, " STORE_KEY("o.name") ", o.id, oc.role";

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
    " " STORE_KEY("o.name") ", o.id"
    " LIMIT $2::int + 1";

/* Duplicate pairs: sb.duplicate_pairs (sql/modules/duplicates.sql). */
static const char store_sql_duplicates[] =
    "SELECT a, a_name, b, b_name, score, reasons"
    " FROM sb.duplicate_pairs($1::uuid, $2::numeric)";

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
	char		*text;

	memset(out, 0, sizeof *out);
	text = store_collate_sql(db, sql);
	status = db_exec(db, text, nparams, params, &res, err);
	free(text);
	if (status == SB_OK)
		store_grid_fill(res, limit, out);
	PQclear(res);
	return (status);
}

enum sb_status
store_grid_text(struct db *db, const char *sql, const char *text, int limit,
    struct store_grid *out, struct sb_error *err)
{
	char		 lim[16];
	const char	*params[2] = { text, lim };

	snprintf(lim, sizeof lim, "%d", limit);
	return (store_grid_run(db, sql, 2, params, limit, out, err));
}

/* n ids as a PostgreSQL array literal; NULL when ids is NULL. */
static char *
store_export_array(const char *const *ids, size_t n)
{
	return (ids != NULL ? store_text_array(ids, n) : NULL);
}

enum sb_status
store_export_read(struct db *db, const char *const *org_ids, size_t norgs,
    const char *const *contact_ids, size_t ncontacts,
    struct store_export *out, struct sb_error *err)
{
	const char	*sql[] = { store_sql_export_contacts,
	    store_sql_export_emails, store_sql_export_phones,
	    store_sql_export_addresses, store_sql_export_links };
	struct store_grid *grids[] = { &out->contacts, &out->emails,
	    &out->phones, &out->addresses, &out->links };
	char		*orgs = store_export_array(norgs > 0 ? org_ids : NULL,
	    norgs);
	char		*contacts = store_export_array(contact_ids, ncontacts);
	const char	*params[2] = { orgs, contacts };
	struct sb_error	 ignored;
	enum sb_status	 status;
	size_t		 i;

	memset(out, 0, sizeof *out);
	/* One snapshot, so that the row numbers agree between the reads. */
	status = db_exec(db, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY",
	    0, NULL, NULL, err);
	for (i = 0; i < SB_ARRAY_LEN(sql) && status == SB_OK; i++)
		status = store_grid_run(db, sql[i], 2, params, 0, grids[i],
		    err);
	if (status == SB_OK)
		status = db_exec(db, "COMMIT", 0, NULL, NULL, err);
	else
		(void)db_exec(db, "ROLLBACK", 0, NULL, NULL, &ignored);
	if (status != SB_OK)
		store_export_free(out);
	free(orgs);
	free(contacts);
	return (status);
}

void
store_export_free(struct store_export *e)
{
	store_grid_free(&e->contacts);
	store_grid_free(&e->emails);
	store_grid_free(&e->phones);
	store_grid_free(&e->addresses);
	store_grid_free(&e->links);
}

/*
 * The contacts in scope that text names exactly: their id, an email
 * address (case ignored) or a phone number (as E.164, read with country
 * for one without its code), each through its index.
 */
static const char store_sql_contact_exact[] =
    "SELECT c.id::text FROM sb.contacts c"
    " WHERE c.deleted_at IS NULL AND (c.id = CASE WHEN btrim($1) ~*"
    "  '^[0-9a-f]{8}-([0-9a-f]{4}-){3}[0-9a-f]{12}$' THEN btrim($1)::uuid"
    "  END"
    " OR c.id IN (SELECT e.contact_id FROM sb.emails e"
    "  WHERE lower(e.address) = lower(btrim($1)))"
    " OR c.id IN (SELECT cp.contact_id FROM sb.contact_phones cp"
    "  JOIN sb.phones p ON p.id = cp.phone_id AND p.deleted_at IS NULL"
    "  WHERE cp.deleted_at IS NULL AND p.e164 = CASE WHEN btrim($1) ~"
    "  '^[0-9 ()+./-]+$' THEN sb.phone_normalize(btrim($1), $2) END))"
    " ORDER BY c.name_key, c.id";

enum sb_status
store_contact_exact(struct db *db, const char *text, const char *country,
    int limit, struct store_grid *out, struct sb_error *err)
{
	const char	*params[2] = { text, country };

	return (store_grid_run(db, store_sql_contact_exact, 2, params, limit,
	    out, err));
}

enum sb_status
store_email_search(struct db *db, const char *text, int limit,
    struct store_grid *out, struct sb_error *err)
{
	return (store_grid_text(db, store_sql_email_search, text, limit, out,
	    err));
}

enum sb_status
store_org_match(struct db *db, const char *name, int limit,
    struct store_grid *out, struct sb_error *err)
{
	return (store_grid_text(db, store_sql_org_match, name, limit, out,
	    err));
}

enum sb_status
store_duplicate_pairs(struct db *db, const char *org_id, const char *min_score,
    struct store_grid *out, struct sb_error *err)
{
	const char	*params[2] = { org_id, min_score };

	return (store_grid_run(db, store_sql_duplicates, 2, params, 0, out,
	    err));
}

enum sb_status
store_session_timeout(struct db *db, const char *timeout,
    struct sb_error *err)
{
	const char	*params[1] = { timeout };

	return (db_exec(db, "SELECT set_config('statement_timeout', $1, "
	    "false)", 1, params, NULL, err));
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
