/* One organization's own details: kind, partner, phones, places, primaries. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libpq-fe.h>

#include "switchboard/store.h"
#include "switchboard/util.h"
#include "store-int.h"

/*
 * Part 0 the organization and the partner that referred it; 1 its own
 * phones (with the labels of the addresses they ring at) and addresses,
 * as (part, id, kind, type, text, extra, dial, place, flag) and how
 * they sort: phones by where they ring, addresses by label, each by
 * type;
 * 2 the primary contact of each role, linked today. Row-level security
 * keeps it to the caller's scope: an organization they do not see has
 * no rows.
 */
static const char store_sql_org_detail[] =
    "SELECT 0, o.id::text, o.name, o.kind, coalesce(p.name, ''),"
    " coalesce(p.id::text, ''), '', '', o.active, o.version, '', 0, ''"
    " FROM sb.organizations o"
    " LEFT JOIN sb.organizations p ON p.id = o.referring_partner_id"
    " WHERE o.id = $1::uuid"
    " UNION ALL"
    " SELECT 1, ph.id::text, 'phone', ph.type, ph.number,"
    " coalesce(ph.extension, ''), ph.e164,"
    " coalesce((SELECT string_agg(a.label, ', ' ORDER BY a.label)"
    "  FROM sb.phone_addresses pa JOIN sb.addresses a ON a.id = pa.address_id"
    "  AND a.deleted_at IS NULL AND a.label IS NOT NULL"
    "  WHERE pa.phone_id = ph.id AND pa.deleted_at IS NULL), ''),"
    " true, 100, '', t.sort_order, ph.number"
    " FROM sb.organization_phones op"
    " JOIN sb.phones ph ON ph.id = op.phone_id AND ph.deleted_at IS NULL"
    " JOIN sb.phone_types t ON t.code = ph.type"
    " WHERE op.organization_id = $1::uuid AND op.deleted_at IS NULL"
    " UNION ALL"
    " SELECT 1, a.id::text, 'address', a.type,"
    " " STORE_SQL_ADDRESS_TEXT ", coalesce(a.label, ''), '', '', true, 200,"
    " coalesce(a.label, ''), t.sort_order, a.id::text"
    " FROM sb.organization_addresses oa"
    " JOIN sb.addresses a ON a.id = oa.address_id AND a.deleted_at IS NULL"
    " JOIN sb.address_types t ON t.code = a.type"
    " WHERE oa.organization_id = $1::uuid AND oa.deleted_at IS NULL"
    " UNION ALL"
    " SELECT 2, c.id::text, oc.role, concat_ws(' ', c.first_name,"
    "  c.last_name), '', '', '', '', true, 300, '', r.sort_order, ''"
    " FROM sb.organization_contacts_current oc"
    " JOIN sb.contacts c ON c.id = oc.contact_id AND c.deleted_at IS NULL"
    " JOIN sb.contact_roles r ON r.code = oc.role"
    " WHERE oc.organization_id = $1::uuid AND oc.is_primary"
    " ORDER BY 1, 10, 8, 11, 12, 13";

void
store_query_org_detail(struct store_query *sq, const char *org_id)
{
	memset(sq, 0, sizeof *sq);
	sq->sql = store_sql_org_detail;
	sq->stmt = STORE_STMT_NONE;
	sq->type = STORE_ROWS_ORG_DETAIL;
	store_query_param(sq, org_id);
}

static char *
store_org_val(const PGresult *res, int row, int col)
{
	return (xstrdup(PQgetvalue(res, row, col)));
}

enum sb_status
store_org_detail_parse(const PGresult *res, struct store_rows *out)
{
	struct store_org_detail	*d;
	struct store_item	*it;
	int			 i, n = PQntuples(res);

	if (n == 0 || atoi(PQgetvalue(res, 0, 0)) != 0)
		return (SB_OK);
	d = out->rows = xcalloc(1, sizeof *d);
	out->count = 1;
	snprintf(d->id, sizeof d->id, "%s", PQgetvalue(res, 0, 1));
	d->name = store_org_val(res, 0, 2);
	d->kind = store_org_val(res, 0, 3);
	d->partner = store_org_val(res, 0, 4);
	snprintf(d->partner_id, sizeof d->partner_id, "%s",
	    PQgetvalue(res, 0, 5));
	d->version = atol(PQgetvalue(res, 0, 9));
	d->active = *PQgetvalue(res, 0, 8) == 't';
	d->items = xcalloc((size_t)n, sizeof *d->items);
	d->primaries = xcalloc((size_t)n, sizeof *d->primaries);
	for (i = 1; i < n; i++) {
		if (atoi(PQgetvalue(res, i, 0)) == 2) {
			d->primaries[d->primary_count].role =
			    store_org_val(res, i, 2);
			d->primaries[d->primary_count++].name =
			    store_org_val(res, i, 3);
			continue;
		}
		it = &d->items[d->item_count++];
		snprintf(it->id, sizeof it->id, "%s", PQgetvalue(res, i, 1));
		it->kind = store_org_val(res, i, 2);
		it->type = store_org_val(res, i, 3);
		it->text = store_org_val(res, i, 4);
		/* A phone's extension; an address's label. */
		it->extra = store_org_val(res, i, 5);
		it->dial = store_org_val(res, i, 6);
		it->place = store_org_val(res, i, 7);
	}
	return (SB_OK);
}
