/* Phones, emails and addresses of one contact or organization. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libpq-fe.h>

#include "switchboard/db-pq.h"
#include "switchboard/store-items.h"
#include "switchboard/util.h"
#include "switchboard/validate.h"
#include "store-command-int.h"

#define STORE_ITEMS_COL_FIELDS	5	/* first of the STORE_ITEM_NFIELDS */
#define STORE_ITEMS_COL_LINKS	(STORE_ITEMS_COL_FIELDS + STORE_ITEM_NFIELDS)

static const char *const store_items_fields[STORE_ITEM_NFIELDS] = {
	"number", "extension", "e164", "sms_capable", "address", "label",
	"street1", "street2", "city", "region", "postal_code", "country"
};

/* Who the owner is and whether the person may change its items. */
static const char store_sql_items_head[] =
    "SELECT CASE WHEN $2::boolean THEN (SELECT name FROM sb.organizations"
    "  WHERE id = $1::uuid)"
    " ELSE (SELECT btrim(coalesce(first_name, '') || ' ' ||"
    "  coalesce(last_name, '')) FROM sb.contacts WHERE id = $1::uuid"
    "  AND deleted_at IS NULL) END,"
    " coalesce(CASE WHEN $2::boolean"
    "  THEN sb.organization_readonly_reason($1::uuid)"
    "  ELSE sb.contact_readonly_reason($1::uuid) END, '')";

/*
 * Kind, id, version, type, primary, the twelve fields, a phone's linked
 * addresses (ids, comma separated); then the sort keys.
 */
static const char store_sql_items[] =
    "SELECT 'phone', p.id, p.version, p.type, o.is_primary,"
    " p.number, coalesce(p.extension, ''), p.e164, p.sms_capable::text,"
    " '', '', '', '', '', '', '', '',"
    " coalesce((SELECT string_agg(pa.address_id::text, ','"
    "  ORDER BY pa.linked_at, pa.address_id) FROM sb.phone_addresses pa"
    "  JOIN sb.addresses a ON a.id = pa.address_id"
    "  AND a.deleted_at IS NULL"
    "  WHERE pa.phone_id = p.id AND pa.deleted_at IS NULL), ''),"
    " 0, t.sort_order, p.number"
    " FROM (SELECT phone_id, is_primary FROM sb.contact_phones"
    "  WHERE NOT $2::boolean AND contact_id = $1::uuid"
    "  AND deleted_at IS NULL"
    "  UNION ALL SELECT phone_id, false FROM sb.organization_phones"
    "  WHERE $2::boolean AND organization_id = $1::uuid"
    "  AND deleted_at IS NULL) o"
    " JOIN sb.phones p ON p.id = o.phone_id AND p.deleted_at IS NULL"
    " JOIN sb.phone_types t ON t.code = p.type"
    " UNION ALL"
    " SELECT 'email', e.id, 0, e.type, e.is_primary, '', '', '', '',"
    " e.address, '', '', '', '', '', '', '', '', 1, t.sort_order, e.address"
    " FROM sb.emails e JOIN sb.email_types t ON t.code = e.type"
    " WHERE NOT $2::boolean AND e.contact_id = $1::uuid"
    " UNION ALL"
    " SELECT 'address', a.id, a.version, a.type, false, '', '', '', '', '',"
    " coalesce(a.label, ''), coalesce(a.street1, ''),"
    " coalesce(a.street2, ''), coalesce(a.city, ''),"
    " coalesce(a.region, ''), coalesce(a.postal_code, ''), a.country, '',"
    " 2, t.sort_order, a.id::text"
    " FROM (SELECT address_id FROM sb.contact_addresses"
    "  WHERE NOT $2::boolean AND contact_id = $1::uuid"
    "  AND deleted_at IS NULL"
    "  UNION ALL SELECT address_id FROM sb.organization_addresses"
    "  WHERE $2::boolean AND organization_id = $1::uuid"
    "  AND deleted_at IS NULL) o"
    " JOIN sb.addresses a ON a.id = o.address_id AND a.deleted_at IS NULL"
    " JOIN sb.address_types t ON t.code = a.type"
    " ORDER BY 19, 20, 5 DESC, 21, 2";

const char *
store_items_field(enum store_item_field f)
{
	return (store_items_fields[f]);
}

struct store_owner_item *
store_items_find(struct store_items *items, const char *id)
{
	size_t	i;

	for (i = 0; i < items->count; i++) {
		if (strcmp(items->rows[i].id, id) == 0)
			return (&items->rows[i]);
	}
	return (NULL);
}

/* The comma-separated ids of a phone's addresses into it. */
static void
store_items_links(struct store_owner_item *it, const char *s)
{
	size_t	n;

	while (*s != '\0') {
		n = strcspn(s, ",");
		it->links = xreallocarray(it->links, it->nlinks + 1,
		    sizeof *it->links);
		snprintf(it->links[it->nlinks++], STORE_UUID_LEN + 1, "%.*s",
		    (int)n, s);
		s += n + (s[n] == ',');
	}
}

static void
store_items_parse(const PGresult *r, struct store_items *out)
{
	struct store_owner_item	*it;
	const char		*kind;
	int			 i, j, n = PQntuples(r);

	out->rows = xcalloc(n > 0 ? (size_t)n : 1, sizeof *out->rows);
	for (i = 0; i < n; i++) {
		it = &out->rows[out->count++];
		kind = PQgetvalue(r, i, 0);
		it->kind = strcmp(kind, "phone") == 0 ? STORE_ITEM_PHONE :
		    strcmp(kind, "email") == 0 ? STORE_ITEM_EMAIL :
		    STORE_ITEM_ADDRESS;
		snprintf(it->id, sizeof it->id, "%s", PQgetvalue(r, i, 1));
		it->version = strtol(PQgetvalue(r, i, 2), NULL, 10);
		it->type = xstrdup(PQgetvalue(r, i, 3));
		it->primary = PQgetvalue(r, i, 4)[0] == 't';
		for (j = 0; j < STORE_ITEM_NFIELDS; j++)
			it->fields[j] = xstrdup(PQgetvalue(r, i,
			    STORE_ITEMS_COL_FIELDS + j));
		store_items_links(it, PQgetvalue(r, i, STORE_ITEMS_COL_LINKS));
	}
}

enum sb_status
store_items_get(struct db *db, bool org, const char *owner_id,
    struct store_items *out, struct sb_error *err)
{
	const char	*params[2];
	PGresult	*r;
	enum sb_status	 st;

	memset(out, 0, sizeof *out);
	out->org = org;
	if (!store_uuid_valid(owner_id))
		return (sb_error_set(err, SB_INVALID, "not an id: %.40s",
		    owner_id));
	params[0] = owner_id;
	params[1] = org ? "true" : "false";
	if ((st = db_exec(db, store_sql_items_head, 2, params, &r, err)) !=
	    SB_OK)
		return (st);
	if (PQntuples(r) != 1 || PQgetisnull(r, 0, 0)) {
		PQclear(r);
		return (sb_error_set(err, SB_NOT_FOUND, "%s not found",
		    org ? "organization" : "contact"));
	}
	out->owner_name = xstrdup(PQgetvalue(r, 0, 0));
	out->readonly = xstrdup(PQgetvalue(r, 0, 1));
	PQclear(r);
	if ((st = db_exec(db, store_sql_items, 2, params, &r, err)) !=
	    SB_OK) {
		store_items_clear(out);
		return (st);
	}
	store_items_parse(r, out);
	PQclear(r);
	return (SB_OK);
}

void
store_items_clear(struct store_items *items)
{
	size_t	i;
	int	j;

	for (i = 0; i < items->count; i++) {
		free(items->rows[i].type);
		for (j = 0; j < STORE_ITEM_NFIELDS; j++)
			free(items->rows[i].fields[j]);
		free(items->rows[i].links);
	}
	free(items->rows);
	free(items->owner_name);
	free(items->readonly);
	memset(items, 0, sizeof *items);
}

char **
store_items_types(struct db *db, enum store_item_kind kind,
    struct sb_error *err)
{
	static const char *const sql[] = {
		[STORE_ITEM_PHONE] = "SELECT code FROM sb.phone_types "
		    "WHERE active ORDER BY sort_order, code",
		[STORE_ITEM_EMAIL] = "SELECT code FROM sb.email_types "
		    "WHERE active ORDER BY sort_order, code",
		[STORE_ITEM_ADDRESS] = "SELECT code FROM sb.address_types "
		    "WHERE active ORDER BY sort_order, code"
	};
	PGresult	*r;
	char		**out;
	int		 i, n;

	if (db_exec(db, sql[kind], 0, NULL, &r, err) != SB_OK)
		return (NULL);
	n = PQntuples(r);
	out = xcalloc((size_t)n + 1, sizeof *out);
	for (i = 0; i < n; i++)
		out[i] = xstrdup(PQgetvalue(r, i, 0));
	PQclear(r);
	return (out);
}

void
store_items_types_free(char **types)
{
	size_t	i;

	for (i = 0; types != NULL && types[i] != NULL; i++)
		free(types[i]);
	free(types);
}

enum sb_status
store_org_phone_add(struct db *db, const char *cmd_id, const char *org_id,
    const char *number, const char *type, const char *default_country,
    bool sms_capable, struct store_result *res, struct sb_error *err)
{
	struct store_cmd	c = { .name = "organization.phone.add",
	    .nparams = 6, .sql = "SELECT p, $1::uuid, true FROM "
	    "sb.organization_phone_add($1::uuid, $2, $3, $4, $5::boolean, "
	    "$6) AS p" };
	struct validate_phone	ph;

	memset(res, 0, sizeof *res);
	if (validate_phone(number, default_country, &ph, err) != SB_OK)
		return (SB_INVALID);
	c.params[0] = org_id;
	c.params[1] = ph.number;
	c.params[2] = type;
	c.params[3] = ph.extension[0] != '\0' ? ph.extension : NULL;
	c.params[4] = sms_capable ? "true" : "false";
	c.params[5] = ph.e164;
	return (store_command_run(db, cmd_id, &c, res, NULL, err));
}
