/* Organizations for the command line: the list, one by name, their places. */
#include "config.h"

#include <stdbool.h>
#include <stddef.h>

#include "switchboard/store.h"

#include "store-int.h"

/*
 * The organizations the person sees, archived ones only when $1, in name
 * order (the person's collation), with the partner that referred each.
 */
static const char store_sql_org_list[] =
    "SELECT o.name, o.kind, coalesce(p.name, ''),"
    " (NOT o.active)::text"
    " FROM sb.organizations o"
    " LEFT JOIN sb.organizations p ON p.id = o.referring_partner_id"
    " WHERE $1::boolean OR o.active"
    " ORDER BY " STORE_KEY("o.name") ", o.id";

/* The organization whose name folds to $1's, archived or not. */
static const char store_sql_org_named[] =
    "SELECT o.id, o.name, o.kind, o.version,"
    " CASE WHEN o.active THEN 'yes' ELSE 'no' END"
    " FROM sb.organizations o"
    " WHERE sb.fold(o.name) = sb.fold(btrim($1))"
    " ORDER BY o.created_at, o.id LIMIT 2";

/*
 * Organizations' own phones and addresses found by the label of the
 * address they are at ("what is the fax number for Midtown?"): each word
 * of $1 is in the label or names the place's type ("midtown fax"); the
 * longest word, one that names no type if there is one, narrows on the
 * labels' trigram index. A phone is found through each labelled address
 * it rings at. Row-level security keeps it to the caller's
 * organizations; archived ones are left out.
 */
static const char store_sql_org_places[] =
    "WITH q AS (SELECT sb.name_query_words(sb.fold($1)) AS words),"
    " a AS MATERIALIZED (SELECT a.id, a.label, a.type,"
    "  sb.fold(a.label) AS key, " STORE_SQL_ADDRESS_TEXT " AS text"
    "  FROM sb.addresses a"
    "  WHERE a.label IS NOT NULL AND a.deleted_at IS NULL"
    "  AND sb.fold(a.label) LIKE '%' || (SELECT w FROM q, unnest(q.words) w"
    "   ORDER BY w IN (SELECT code FROM sb.phone_types UNION ALL"
    "   SELECT code FROM sb.address_types), length(w) DESC, w LIMIT 1)"
    "   || '%')"
    " SELECT name, what, type, value, label FROM"
    " (SELECT o.name, 'phone' AS what, p.type,"
    " p.number || coalesce(' x' || p.extension, '') AS value, a.label,"
    " " STORE_KEY("o.name") " AS okey, o.id, t.sort_order"
    " FROM a"
    " JOIN sb.phone_addresses pa ON pa.address_id = a.id"
    "  AND pa.deleted_at IS NULL"
    " JOIN sb.phones p ON p.id = pa.phone_id AND p.deleted_at IS NULL"
    " JOIN sb.phone_types t ON t.code = p.type"
    " JOIN sb.organization_phones op ON op.phone_id = p.id"
    "  AND op.deleted_at IS NULL"
    " JOIN sb.organizations o ON o.id = op.organization_id AND o.active"
    " WHERE NOT EXISTS (SELECT 1 FROM q, unnest(q.words) w"
    "  WHERE strpos(a.key, w) = 0 AND w <> p.type)"
    " UNION ALL"
    " SELECT o.name, 'address', a.type, a.text, a.label,"
    " " STORE_KEY("o.name") ", o.id, t.sort_order"
    " FROM a"
    " JOIN sb.organization_addresses oa ON oa.address_id = a.id"
    "  AND oa.deleted_at IS NULL"
    " JOIN sb.address_types t ON t.code = a.type"
    " JOIN sb.organizations o ON o.id = oa.organization_id AND o.active"
    " WHERE NOT EXISTS (SELECT 1 FROM q, unnest(q.words) w"
    "  WHERE strpos(a.key, w) = 0 AND w <> a.type)) x"
    " ORDER BY okey, id, what DESC, label, sort_order, value"
    " LIMIT $2::int + 1";

enum sb_status
store_org_list(struct db *db, bool archived, struct store_grid *out,
    struct sb_error *err)
{
	const char	*params[1] = { archived ? "true" : "false" };

	return (store_grid_run(db, store_sql_org_list, 1, params, 0, out,
	    err));
}

enum sb_status
store_org_named(struct db *db, const char *name, struct store_grid *out,
    struct sb_error *err)
{
	const char	*params[1] = { name };

	return (store_grid_run(db, store_sql_org_named, 1, params, 0, out,
	    err));
}

enum sb_status
store_org_places(struct db *db, const char *text, int limit,
    struct store_grid *out, struct sb_error *err)
{
	return (store_grid_text(db, store_sql_org_places, text, limit, out,
	    err));
}
