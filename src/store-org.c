/* Organizations for the command line: the list and one found by name. */
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
