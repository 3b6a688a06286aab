/* Who a login is and the access kinds it holds: reads and the commands. */
#include "config.h"

#include <stdbool.h>
#include <stddef.h>

#include "switchboard/store.h"

#include "store-int.h"

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
