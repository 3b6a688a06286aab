/* Scoped reads of the directory: SQL text, parameters and row parsing. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libpq-fe.h>

#include "switchboard/db-pq.h"
#include "switchboard/store.h"
#include "switchboard/util.h"

#include "store-int.h"

#define STORE_ORG_LIMIT_DEFAULT	100

/*
 * Fuzzy name match: substring of the folded name (trigram index), or
 * trigram similarity for typos. LIKE wildcards in the text are escaped.
 */
#define STORE_SQL_LIKE(x) \
	"'%' || replace(replace(replace(sb.fold(" x "), '\\', '\\\\'), " \
	"'%', '\\%'), '_', '\\_') || '%'"

/*
 * Each organization's active contacts linked today. For a person who sees
 * everything: the number kept per organization (links without a validity
 * window, sql/modules/counts.sql) plus the contacts that only a
 * window holding today links; anyone else counts what they may see. Then
 * why the caller may not change its contacts and primary marks, and why
 * they may not link contacts to it, "" where they may (sb.access_admins
 * and sb.access_links: the rules sb.authorize applies, in its words).
 * Last, the label of the place a filter found it by (below).
 */
#define STORE_SQL_ORGS_COLS \
    "SELECT o.id, o.name, o.kind, coalesce(o.subdomain, ''), o.active," \
    " CASE WHEN (SELECT sb.access_sees_all(current_user)) THEN" \
    " coalesce((SELECT k.contacts FROM sb.organization_contact_counts k" \
    "  WHERE k.organization_id = o.id), 0) +" \
    " (SELECT count(DISTINCT oc.contact_id)" \
    "  FROM sb.organization_contacts_current oc" \
    "  JOIN sb.contacts c ON c.id = oc.contact_id" \
    "  WHERE oc.organization_id = o.id" \
    "  AND (oc.starts_on IS NOT NULL OR oc.ends_on IS NOT NULL)" \
    "  AND c.active AND c.deleted_at IS NULL" \
    "  AND NOT EXISTS (SELECT 1 FROM sb.organization_contacts p" \
    "  WHERE p.organization_id = o.id AND p.contact_id = oc.contact_id" \
    "  AND p.deleted_at IS NULL AND p.starts_on IS NULL" \
    "  AND p.ends_on IS NULL))" \
    " ELSE (SELECT count(DISTINCT oc.contact_id)" \
    "  FROM sb.organization_contacts_current oc" \
    "  JOIN sb.contacts c ON c.id = oc.contact_id" \
    "  WHERE oc.organization_id = o.id AND c.active" \
    "  AND c.deleted_at IS NULL) END," \
    " CASE WHEN sb.caller_is_root() OR sb.access_admins(sb.caller(), o.id)" \
    " THEN '' ELSE sb.access_link_refusal(sb.caller(), o.id," \
    " 'organization.links') END," \
    " CASE WHEN sb.caller_is_root() OR sb.access_admins(sb.caller(), o.id)" \
    " THEN '' ELSE sb.access_link_refusal(sb.caller(), o.id," \
    " 'organization.primary') END," \
    " CASE WHEN sb.caller_is_root() OR" \
    " sb.access_links(sb.caller(), o.id, NULL) THEN ''" \
    " ELSE sb.access_link_refusal(sb.caller(), o.id," \
    " 'organization.contact') END"

/*
 * Every organization ($1 empty), in name order: the person's collation
 * (along organizations_name_root in the root order, along
 * organizations_name_fold in the folded one; others sort what they read).
 */
static const char store_sql_orgs[] =
    STORE_SQL_ORGS_COLS ", ''"
    " FROM sb.organizations o"
    " WHERE coalesce($1, '') = '' AND o.active"
    " AND ($2::text IS NULL OR o.kind = $2)"
    " AND ($3::text IS NULL OR (" STORE_KEY("o.name") ", o.id) >"
    "  (" STORE_KEY("$3::text") ", $4::uuid))"
    " ORDER BY " STORE_KEY("o.name") ", o.id"
    " LIMIT $5::int + 1";

/*
 * The organizations a filter ($1) finds: names holding every word of it
 * (narrowed by its longest word on the trigram index), or similar names;
 * and those at a place whose label holds every word ("/midtown" finds
 * the organization with the Midtown office), with that label when the
 * name does not answer. The same name first, then names starting with
 * it, names whose words its words start, names holding them, similar
 * names and the places' (sb.name_rank).
 */
static const char store_sql_orgs_match[] =
    STORE_SQL_ORGS_COLS ", m.place"
    " FROM (SELECT u.id, CASE WHEN bool_or(u.place IS NULL) THEN ''"
    "  ELSE min(u.place) END AS place FROM"
    "  (SELECT n.id, NULL::text AS place FROM sb.organizations n"
    "   WHERE (sb.fold(n.name) LIKE " STORE_SQL_LIKE("sb.name_longest_word($1)")
    "   AND sb.name_has_words(sb.fold(n.name), sb.fold($1)))"
    "   OR sb.fold(n.name) OPERATOR(sb.%) sb.fold($1)"
    "  UNION ALL"
    "  SELECT oa.organization_id, a.label FROM sb.addresses a"
    "   JOIN sb.organization_addresses oa ON oa.address_id = a.id"
    "   AND oa.deleted_at IS NULL"
    "   WHERE a.label IS NOT NULL AND a.deleted_at IS NULL"
    "   AND sb.fold(a.label) LIKE " STORE_SQL_LIKE("sb.name_longest_word($1)")
    "   AND sb.name_has_words(sb.fold(a.label), sb.fold($1))) u"
    "  GROUP BY u.id) m"
    " JOIN sb.organizations o ON o.id = m.id"
    " WHERE o.active AND ($2::text IS NULL OR o.kind = $2)"
    " AND ($3::text IS NULL OR"
    "  (sb.name_rank(sb.fold(o.name), sb.fold($1)),"
    "  " STORE_KEY("o.name") ", o.id) >"
    "  (sb.name_rank(sb.fold($3), sb.fold($1)),"
    "  " STORE_KEY("$3::text") ", $4::uuid))"
    " ORDER BY sb.name_rank(sb.fold(o.name), sb.fold($1)),"
    " " STORE_KEY("o.name") ", o.id"
    " LIMIT $5::int + 1";

/* "First Last" of contact c as the contacts pane shows it. */
#define STORE_SQL_LINK_NAME \
    "concat_ws(' ', nullif(c.first_name, ''), nullif(c.last_name, ''))"

/*
 * An organization's links; of each, the partner that owns the contact
 * when it is not the organization, why the caller may not change the
 * link, "" if they may (sb.access_links), and its place by name under
 * the person's collation (for the pane's order by name).
 */
static const char store_sql_links[] =
    "SELECT c.id, coalesce(c.first_name, ''), coalesce(c.last_name, ''),"
    " coalesce(c.title, ''), oc.role, oc.is_primary, c.active,"
    " c.do_not_contact, coalesce(oc.starts_on::text, ''),"
    " coalesce(oc.ends_on::text, ''),"
    " CASE WHEN c.owner_organization_id <> oc.organization_id"
    " THEN coalesce(sb.contact_owner_name(c.id), '') ELSE '' END,"
    " CASE WHEN sb.caller_is_root() OR"
    " sb.access_links(sb.caller(), oc.organization_id, c.id) THEN ''"
    " ELSE sb.access_link_refusal(sb.caller(), oc.organization_id,"
    " 'organization.contact') END,"
    " row_number() OVER (ORDER BY " STORE_KEY(STORE_SQL_LINK_NAME) ","
    "  " STORE_SQL_LINK_NAME " COLLATE \"C\", c.id)"
    " FROM sb.organization_contacts_on(coalesce($3::date, current_date)) oc"
    " JOIN sb.contacts c ON c.id = oc.contact_id AND c.deleted_at IS NULL"
    " JOIN sb.contact_roles r ON r.code = oc.role"
    " WHERE oc.organization_id = $1::uuid"
    " AND ($2::text IS NULL OR oc.role = $2)"
    " AND ($4::bool OR c.active)"
    " ORDER BY r.sort_order, oc.is_primary DESC,"
    " c.name_key, c.id";

/*
 * A contact in one query: part 0 the contact, 1 its phones, emails and
 * addresses, 2 the organizations it is linked to (sb.contact_details in
 * sql/modules/contacts.sql, where the plan is made once per session).
 */
static const char store_sql_contact[] =
    "SELECT * FROM sb.contact_details($1::uuid)"
    " ORDER BY part, sort, flag DESC, sort_key";

/* "First Last" of contact c as a directory hit shows it. */
#define STORE_SQL_HIT_NAME \
    "btrim(coalesce(c.first_name, '') || ' ' || coalesce(c.last_name, ''))"

/*
 * The directory: contacts whose name, email, phone (digits against the
 * E.164 digits, so any spelling matches) or address matches. The matching
 * is sb.directory_search (sql/modules/search.sql): a few index lookups per
 * keystroke, capped per branch; here the best match of each contact, its
 * name and organizations, under the caller's own row-level security, and
 * its place by name among them under the person's collation.
 */
static const char store_sql_directory[] =
    "WITH best AS (SELECT DISTINCT ON (contact_id) contact_id, what,"
    "  matched, rank FROM sb.directory_search($1, $2::int + 1)"
    "  ORDER BY contact_id, rank)"
    " SELECT c.id, " STORE_SQL_HIT_NAME ","
    " coalesce((SELECT string_agg(o.name || ' (' || oc.role || ')', ', '"
    "  ORDER BY o.name, oc.role)"
    "  FROM sb.organization_contacts_current oc"
    "  JOIN sb.organizations o ON o.id = oc.organization_id AND o.active"
    "  WHERE oc.contact_id = c.id), ''),"
    " CASE WHEN b.rank = 0 THEN '' ELSE b.what || ': ' || b.matched END,"
    " row_number() OVER (ORDER BY " STORE_KEY(STORE_SQL_HIT_NAME) ","
    "  " STORE_SQL_HIT_NAME " COLLATE \"C\", c.id)"
    " FROM best b JOIN sb.contacts c ON c.id = b.contact_id"
    " WHERE c.deleted_at IS NULL"
    " ORDER BY b.rank, c.name_key, c.id"
    " LIMIT $2::int + 1";

static const char store_sql_emergency[] =
    "SELECT o.id, o.name, c.id, btrim(coalesce(c.first_name, '') || ' ' ||"
    " coalesce(c.last_name, '')),"
    " coalesce((SELECT p.number FROM sb.contact_phones cp"
    "  JOIN sb.phones p ON p.id = cp.phone_id AND p.deleted_at IS NULL"
    "  WHERE cp.contact_id = c.id AND cp.deleted_at IS NULL"
    "  AND p.type = 'mobile'"
    "  ORDER BY cp.is_primary DESC, p.number LIMIT 1), ''),"
    " coalesce((SELECT e.address FROM sb.emails e WHERE e.contact_id = c.id"
    "  ORDER BY e.is_primary DESC, e.address LIMIT 1), ''),"
    " oc.is_primary, c.do_not_contact,"
    " coalesce((SELECT string_agg(DISTINCT p.type, ', ' ORDER BY p.type)"
    "  FROM sb.contact_phones cp"
    "  JOIN sb.phones p ON p.id = cp.phone_id AND p.deleted_at IS NULL"
    "  WHERE cp.contact_id = c.id AND cp.deleted_at IS NULL), ''),"
    " to_char(c.updated_at, 'YYYY-MM-DD HH24:MI')"
    " FROM sb.organization_contacts_current oc"
    " JOIN sb.organizations o ON o.id = oc.organization_id"
    " JOIN sb.contacts c ON c.id = oc.contact_id AND c.deleted_at IS NULL"
    " WHERE oc.role = 'emergency' AND c.active AND o.active"
    " AND ($1::uuid[] IS NULL OR o.id = ANY ($1::uuid[]))"
    " ORDER BY " STORE_KEY("o.name") ", o.id, oc.is_primary DESC,"
    " c.name_key, c.id";

/*
 * A record's events, and those of the contacts merged into it; the kinds
 * of stream named so that the stream index, which leads with them, finds
 * them rather than a walk back through the whole log.
 */
static const char store_sql_history[] =
    "SELECT position, stream_version, event_type, actor,"
    " to_char(recorded_at, 'YYYY-MM-DD HH24:MI:SS'), payload::text"
    " FROM sb.domain_events"
    " WHERE stream_type = ANY ('{contact,organization,phone,address}')"
    " AND stream_id = ANY (ARRAY(SELECT sb.contact_merged_ids($1::uuid)))"
    " ORDER BY position DESC LIMIT $2::int";

static char *
store_val(const PGresult *res, int row, int col)
{
	return xstrdup(PQgetvalue(res, row, col));
}

static void
store_copy_id(char *dst, const PGresult *res, int row, int col)
{
	snprintf(dst, STORE_UUID_LEN + 1, "%s", PQgetvalue(res, row, col));
}

static bool
store_bool(const PGresult *res, int row, int col)
{
	return PQgetvalue(res, row, col)[0] == 't';
}

void
store_query_orgs(struct store_query *sq, const struct store_org_query *q)
{
	memset(sq, 0, sizeof *sq);
	sq->sql = q->text != NULL && *q->text != '\0' ? store_sql_orgs_match :
	    store_sql_orgs;
	sq->type = STORE_ROWS_ORGS;
	sq->limit = q->limit > 0 ? q->limit : STORE_ORG_LIMIT_DEFAULT;
	store_query_param(sq, q->text);
	store_query_param(sq, q->kind);
	store_query_param(sq, q->after_name != NULL && q->after_id != NULL ?
	    q->after_name : NULL);
	store_query_param(sq, q->after_id);
	store_query_param_int(sq, sq->limit);
}

void
store_query_links(struct store_query *sq, const struct store_link_query *q)
{
	memset(sq, 0, sizeof *sq);
	sq->sql = store_sql_links;
	sq->stmt = STORE_STMT_LINKS;
	sq->type = STORE_ROWS_LINKS;
	store_query_param(sq, q->org_id);
	store_query_param(sq, q->role);
	store_query_param(sq, q->valid_on);
	store_query_param(sq, q->include_inactive ? "true" : "false");
}

void
store_query_contact(struct store_query *sq, const char *contact_id)
{
	memset(sq, 0, sizeof *sq);
	sq->sql = store_sql_contact;
	sq->stmt = STORE_STMT_CONTACT;
	sq->type = STORE_ROWS_CONTACT;
	store_query_param(sq, contact_id);
}

void
store_query_directory(struct store_query *sq, const char *text, int limit)
{
	memset(sq, 0, sizeof *sq);
	sq->sql = store_sql_directory;
	sq->stmt = STORE_STMT_DIRECTORY;
	sq->type = STORE_ROWS_HITS;
	sq->limit = limit > 0 ? limit : STORE_ORG_LIMIT_DEFAULT;
	store_query_param(sq, text != NULL ? text : "");
	store_query_param_int(sq, sq->limit);
}

static void
store_parse_orgs(const PGresult *res, struct store_rows *out, int limit)
{
	struct store_org	*o;
	int			 i, n = PQntuples(res);

	out->more = n > limit;
	if (out->more)
		n = limit;
	o = out->rows = xcalloc(n + 1, sizeof *o);
	for (i = 0; i < n; i++) {
		store_copy_id(o[i].id, res, i, 0);
		o[i].name = store_val(res, i, 1);
		o[i].kind = store_val(res, i, 2);
		o[i].subdomain = store_val(res, i, 3);
		o[i].active = store_bool(res, i, 4);
		o[i].contact_count = atoi(PQgetvalue(res, i, 5));
		o[i].readonly = store_val(res, i, 6);
		o[i].primary_readonly = store_val(res, i, 7);
		o[i].links_readonly = store_val(res, i, 8);
		o[i].place = store_val(res, i, 9);
	}
	out->count = n;
}

static void
store_parse_links(const PGresult *res, struct store_rows *out)
{
	struct store_link	*l;
	int			 i, n = PQntuples(res);

	l = out->rows = xcalloc(n + 1, sizeof *l);
	for (i = 0; i < n; i++) {
		store_copy_id(l[i].contact_id, res, i, 0);
		l[i].first_name = store_val(res, i, 1);
		l[i].last_name = store_val(res, i, 2);
		l[i].title = store_val(res, i, 3);
		l[i].role = store_val(res, i, 4);
		l[i].primary = store_bool(res, i, 5);
		l[i].active = store_bool(res, i, 6);
		l[i].do_not_contact = store_bool(res, i, 7);
		l[i].starts_on = store_val(res, i, 8);
		l[i].ends_on = store_val(res, i, 9);
		l[i].owner = store_val(res, i, 10);
		l[i].readonly = store_val(res, i, 11);
		l[i].name_rank = atol(PQgetvalue(res, i, 12));
	}
	out->count = n;
}

static void
store_parse_contact_head(const PGresult *res, int i, struct store_contact *c)
{
	store_copy_id(c->id, res, i, 1);
	c->first_name = store_val(res, i, 2);
	c->last_name = store_val(res, i, 3);
	c->title = store_val(res, i, 4);
	c->preferred_method = store_val(res, i, 5);
	c->updated_by = store_val(res, i, 6);
	c->updated_at = store_val(res, i, 7);
	c->owner_org = store_val(res, i, 8);
	c->version = atol(PQgetvalue(res, i, 9));
	c->do_not_contact = store_bool(res, i, 10);
	c->active = store_bool(res, i, 11);
	c->readonly_reason = store_val(res, i, 13);
}

static void
store_parse_contact_org(const PGresult *res, int i, struct store_contact *c)
{
	struct store_org	*o = &c->orgs[c->org_count];

	store_copy_id(o->id, res, i, 1);
	o->name = store_val(res, i, 2);
	o->kind = store_val(res, i, 3);
	o->subdomain = store_val(res, i, 4);
	o->active = store_bool(res, i, 11);
	c->org_roles[c->org_count] = xasprintf("%s (linked %s)",
	    PQgetvalue(res, i, 5), PQgetvalue(res, i, 6));
	c->org_count++;
}

/* No row 0 means no such contact (or not in the caller's scope). */
static enum sb_status
store_parse_contact(const PGresult *res, struct store_rows *out,
    struct sb_error *err)
{
	struct store_contact	*c;
	struct store_item	*it;
	int			 i, n = PQntuples(res);

	if (n == 0 || PQgetvalue(res, 0, 0)[0] != '0')
		return sb_error_set(err, SB_NOT_FOUND, "no such contact");
	c = out->rows = xcalloc(1, sizeof *c);
	c->items = xcalloc(n, sizeof *c->items);
	c->orgs = xcalloc(n, sizeof *c->orgs);
	c->org_roles = xcalloc(n, sizeof *c->org_roles);
	store_parse_contact_head(res, 0, c);
	for (i = 1; i < n; i++) {
		if (PQgetvalue(res, i, 0)[0] == '2') {
			store_parse_contact_org(res, i, c);
			continue;
		}
		it = &c->items[c->item_count++];
		store_copy_id(it->id, res, i, 1);
		it->kind = store_val(res, i, 2);
		it->type = store_val(res, i, 3);
		it->text = store_val(res, i, 4);
		it->extra = store_val(res, i, 5);
		it->dial = store_val(res, i, 6);
		it->primary = store_bool(res, i, 10);
	}
	out->count = 1;
	return SB_OK;
}

static void
store_parse_hits(const PGresult *res, struct store_rows *out, int limit)
{
	struct store_hit	*h;
	int			 i, n = PQntuples(res);

	out->more = n > limit;
	if (out->more)
		n = limit;
	h = out->rows = xcalloc(n + 1, sizeof *h);
	for (i = 0; i < n; i++) {
		store_copy_id(h[i].contact_id, res, i, 0);
		h[i].name = store_val(res, i, 1);
		h[i].orgs = store_val(res, i, 2);
		h[i].matched = store_val(res, i, 3);
		h[i].name_rank = atol(PQgetvalue(res, i, 4));
	}
	out->count = n;
}

static void
store_parse_emergency(const PGresult *res, struct store_rows *out)
{
	struct store_emergency	*e;
	int			 i, n = PQntuples(res);

	e = out->rows = xcalloc(n + 1, sizeof *e);
	for (i = 0; i < n; i++) {
		store_copy_id(e[i].org_id, res, i, 0);
		e[i].org_name = store_val(res, i, 1);
		store_copy_id(e[i].contact_id, res, i, 2);
		e[i].name = store_val(res, i, 3);
		e[i].mobile = store_val(res, i, 4);
		e[i].email = store_val(res, i, 5);
		e[i].primary = store_bool(res, i, 6);
		e[i].do_not_contact = store_bool(res, i, 7);
		e[i].phone_types = store_val(res, i, 8);
		e[i].updated_at = store_val(res, i, 9);
	}
	out->count = n;
}

static void
store_parse_events(const PGresult *res, struct store_rows *out)
{
	struct store_event	*e;
	int			 i, n = PQntuples(res);

	e = out->rows = xcalloc(n + 1, sizeof *e);
	for (i = 0; i < n; i++) {
		e[i].position = atol(PQgetvalue(res, i, 0));
		e[i].version = atol(PQgetvalue(res, i, 1));
		e[i].type = store_val(res, i, 2);
		e[i].actor = store_val(res, i, 3);
		e[i].recorded_at = store_val(res, i, 4);
		e[i].payload = store_val(res, i, 5);
	}
	out->count = n;
}

enum sb_status
store_query_parse(const struct store_query *sq, const PGresult *res,
    struct store_rows *out, struct sb_error *err)
{
	memset(out, 0, sizeof *out);
	out->type = sq->type;
	switch (sq->type) {
	case STORE_ROWS_ORGS:
		store_parse_orgs(res, out, sq->limit);
		break;
	case STORE_ROWS_LINKS:
		store_parse_links(res, out);
		break;
	case STORE_ROWS_CONTACT:
		return store_parse_contact(res, out, err);
	case STORE_ROWS_HITS:
		store_parse_hits(res, out, sq->limit);
		break;
	case STORE_ROWS_EMERGENCY:
		store_parse_emergency(res, out);
		break;
	case STORE_ROWS_EVENTS:
		store_parse_events(res, out);
		break;
	case STORE_ROWS_ORG_DETAIL:
		return store_org_detail_parse(res, out);
	}
	return SB_OK;
}

/* Run a built query synchronously and parse it; clears sq. */
static enum sb_status
store_query_run(struct db *db, struct store_query *sq,
    struct store_rows *out, struct sb_error *err)
{
	PGresult	*res;
	enum sb_status	 status;
	char		*sql;

	memset(out, 0, sizeof *out);
	out->type = sq->type;
	sql = store_collate_sql(db, sq->sql);
	status = db_exec(db, sql, sq->nparams,
	    (const char *const *)sq->params, &res, err);
	free(sql);
	if (status == SB_OK) {
		status = store_query_parse(sq, res, out, err);
		PQclear(res);
	}
	store_query_clear(sq);
	return status;
}

enum sb_status
store_org_search(struct db *db, const struct store_org_query *q,
    struct store_rows *out, struct sb_error *err)
{
	struct store_query	sq;

	store_query_orgs(&sq, q);
	return store_query_run(db, &sq, out, err);
}

enum sb_status
store_org_contacts(struct db *db, const struct store_link_query *q,
    struct store_rows *out, struct sb_error *err)
{
	struct store_query	sq;

	store_query_links(&sq, q);
	return store_query_run(db, &sq, out, err);
}

enum sb_status
store_contact_get(struct db *db, const char *contact_id,
    struct store_rows *out, struct sb_error *err)
{
	struct store_query	sq;

	store_query_contact(&sq, contact_id);
	return store_query_run(db, &sq, out, err);
}

enum sb_status
store_org_get(struct db *db, const char *org_id, struct store_rows *out,
    struct sb_error *err)
{
	struct store_query	sq;

	store_query_org_detail(&sq, org_id);
	return store_query_run(db, &sq, out, err);
}

enum sb_status
store_directory_search(struct db *db, const char *text, int limit,
    struct store_rows *out, struct sb_error *err)
{
	struct store_query	sq;

	store_query_directory(&sq, text, limit);
	return store_query_run(db, &sq, out, err);
}

/* A PostgreSQL array literal of uuids; NULL for none. Caller frees. */
static char *
store_uuid_array(const char *const *ids, size_t n)
{
	char	*s, *p;
	size_t	 i;

	if (n == 0)
		return NULL;
	p = s = xmalloc(n * (STORE_UUID_LEN + 1) + 3);
	*p++ = '{';
	for (i = 0; i < n; i++) {
		/* Only hex digits and dashes: nothing can break the literal. */
		if (strspn(ids[i], "0123456789abcdefABCDEF-") !=
		    strlen(ids[i]) || strlen(ids[i]) != STORE_UUID_LEN) {
			free(s);
			return xstrdup("{invalid}");
		}
		p += sprintf(p, "%s%s", i > 0 ? "," : "", ids[i]);
	}
	*p++ = '}';
	*p = '\0';
	return s;
}

void
store_query_emergency(struct store_query *sq, const char *const *org_ids,
    size_t n)
{
	char	*arr = store_uuid_array(org_ids, n);

	memset(sq, 0, sizeof *sq);
	sq->sql = store_sql_emergency;
	sq->type = STORE_ROWS_EMERGENCY;
	store_query_param(sq, arr);
	free(arr);
}

enum sb_status
store_emergency_list(struct db *db, const char *const *org_ids, size_t n,
    struct store_rows *out, struct sb_error *err)
{
	struct store_query	sq;

	store_query_emergency(&sq, org_ids, n);
	return store_query_run(db, &sq, out, err);
}

enum sb_status
store_history(struct db *db, const char *stream_id, int limit,
    struct store_rows *out, struct sb_error *err)
{
	struct store_query	sq;

	memset(&sq, 0, sizeof sq);
	sq.sql = store_sql_history;
	sq.type = STORE_ROWS_EVENTS;
	store_query_param(&sq, stream_id);
	store_query_param_int(&sq, limit > 0 ? limit : 100);
	return store_query_run(db, &sq, out, err);
}

static void
store_free_org(struct store_org *o)
{
	free(o->name);
	free(o->kind);
	free(o->subdomain);
	free(o->readonly);
	free(o->primary_readonly);
	free(o->links_readonly);
	free(o->place);
}

/* The phones, emails and addresses of a contact or an organization. */
static void
store_free_items(struct store_item *items, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++) {
		free(items[i].kind);
		free(items[i].type);
		free(items[i].text);
		free(items[i].extra);
		free(items[i].dial);
		free(items[i].place);
	}
	free(items);
}

static void
store_free_org_detail(struct store_org_detail *d)
{
	size_t	i;

	free(d->name);
	free(d->kind);
	free(d->partner);
	store_free_items(d->items, d->item_count);
	for (i = 0; i < d->primary_count; i++) {
		free(d->primaries[i].role);
		free(d->primaries[i].name);
	}
	free(d->primaries);
}

static void
store_free_contact(struct store_contact *c)
{
	size_t	i;

	free(c->first_name);
	free(c->last_name);
	free(c->title);
	free(c->preferred_method);
	free(c->owner_org);
	free(c->updated_by);
	free(c->updated_at);
	free(c->readonly_reason);
	store_free_items(c->items, c->item_count);
	for (i = 0; i < c->org_count; i++) {
		store_free_org(&c->orgs[i]);
		free(c->org_roles[i]);
	}
	free(c->orgs);
	free(c->org_roles);
}

static void
store_free_row(int type, void *rows, size_t i)
{
	struct store_link	*l;
	struct store_hit	*h;
	struct store_emergency	*e;
	struct store_event	*ev;

	switch (type) {
	case STORE_ROWS_ORGS:
		store_free_org((struct store_org *)rows + i);
		break;
	case STORE_ROWS_LINKS:
		l = (struct store_link *)rows + i;
		free(l->first_name);
		free(l->last_name);
		free(l->title);
		free(l->role);
		free(l->starts_on);
		free(l->ends_on);
		free(l->owner);
		free(l->readonly);
		break;
	case STORE_ROWS_HITS:
		h = (struct store_hit *)rows + i;
		free(h->name);
		free(h->orgs);
		free(h->matched);
		break;
	case STORE_ROWS_CONTACT:
		store_free_contact((struct store_contact *)rows + i);
		break;
	case STORE_ROWS_EMERGENCY:
		e = (struct store_emergency *)rows + i;
		free(e->org_name);
		free(e->name);
		free(e->mobile);
		free(e->email);
		free(e->phone_types);
		free(e->updated_at);
		break;
	case STORE_ROWS_EVENTS:
		ev = (struct store_event *)rows + i;
		free(ev->type);
		free(ev->actor);
		free(ev->recorded_at);
		free(ev->payload);
		break;
	case STORE_ROWS_ORG_DETAIL:
		store_free_org_detail((struct store_org_detail *)rows + i);
		break;
	}
}

void
store_rows_free(struct store_rows *rows)
{
	size_t	i;

	if (rows == NULL)
		return;
	for (i = 0; rows->rows != NULL && i < rows->count; i++)
		store_free_row(rows->type, rows->rows, i);
	free(rows->rows);
	rows->rows = NULL;
	rows->count = 0;
	rows->more = false;
}
