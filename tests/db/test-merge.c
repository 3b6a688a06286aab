/* Merging contacts and undoing it: each role, the rows, the undo, the CLI. */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libpq-fe.h>

#include "switchboard/db.h"
#include "switchboard/demo.h"
#include "switchboard/store.h"
#include "switchboard/store-merge.h"
#include "switchboard/util.h"
#include "testdb.h"
#include "testdemo.h"
#include "testroles.h"
#include "testrun.h"
#include "testsql.h"

#define SUPER		DEMO_ROLE_SUPER
#define PROVIDER	DEMO_ROLE_PROVIDER
#define RIVERSIDE	"Riverside Health"
#define NORTHWIND	"Northwind Health Partners"

#define ASSERT_ERROR(conn, state, part, ...) do {			\
	char	*e_ = testsql_error((conn), __VA_ARGS__, NULL);		\
	if (!testsql_is(e_, (state)) || strstr(e_, (part)) == NULL)	\
		fail_msg("wanted %s \"%s\", got %s", (state), (part), e_); \
	free(e_);							\
} while (0)

static struct testdemo	 demo;
static char		*riverside, *northwind, *outside, *outside_name;

/*
 * Every row a merge may touch of the contacts of ids (a text[] literal),
 * one line each, sorted: the contacts (not their version and stamps,
 * which each event moves on), their emails, phone, address and
 * organization links, and the phones and addresses they link.
 */
static const char	snapshot_sql[] =
    "SELECT string_agg(j, chr(10) ORDER BY j) FROM ("
    " SELECT 'c ' || (to_jsonb(x) - 'version' - 'updated_at'"
    "  - 'updated_by')::text j FROM sb.contacts x WHERE id = ANY ($1::uuid[])"
    " UNION ALL SELECT 'e ' || to_jsonb(x)::text FROM sb.emails x"
    "  WHERE contact_id = ANY ($1::uuid[])"
    " UNION ALL SELECT 'p ' || to_jsonb(x)::text FROM sb.contact_phones x"
    "  WHERE contact_id = ANY ($1::uuid[])"
    " UNION ALL SELECT 'a ' || to_jsonb(x)::text FROM sb.contact_addresses x"
    "  WHERE contact_id = ANY ($1::uuid[])"
    " UNION ALL SELECT 'l ' || to_jsonb(x)::text"
    "  FROM sb.organization_contacts x WHERE contact_id = ANY ($1::uuid[])"
    " UNION ALL SELECT 'P ' || to_jsonb(x)::text FROM sb.phones x WHERE id IN"
    "  (SELECT phone_id FROM sb.contact_phones"
    "  WHERE contact_id = ANY ($1::uuid[]))"
    " UNION ALL SELECT 'A ' || to_jsonb(x)::text FROM sb.addresses x"
    "  WHERE id IN (SELECT address_id FROM sb.contact_addresses"
    "  WHERE contact_id = ANY ($1::uuid[]))) s";

/* A contact's active link to an organization: "role primary start end". */
static const char	link_sql[] = "SELECT string_agg(role || ' ' || "
    "is_primary || ' ' || coalesce(starts_on::text, '-') || ' ' || "
    "coalesce(ends_on::text, '-'), ',' ORDER BY role) FROM "
    "sb.organization_contacts WHERE organization_id = $1 AND contact_id = $2 "
    "AND deleted_at IS NULL";

static int
setup(void **state)
{
	(void)state;
	testdemo_start(&demo);
	riverside = testroles_org(demo.admin, RIVERSIDE);
	northwind = testroles_org(demo.admin, NORTHWIND);
	outside = testroles_org_outside(demo.admin, DEMO_ROLE_PARTNER, 0,
	    &outside_name);
	if (strcmp(outside, riverside) == 0)
		fail_msg("the outside organization is Riverside");
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	free(riverside);
	free(northwind);
	free(outside);
	free(outside_name);
	testdemo_stop(&demo);
	return 0;
}

/*
 * A contact "first last" linked to Riverside as role (none: NULL), owned
 * by owner (or NULL), with the email first.last@roles.example, as the
 * superuser. Caller frees.
 */
static char *
person(const char *first, const char *last, const char *role,
    const char *owner)
{
	const char	*orgs[] = { riverside, NULL };

	return (testroles_contact(demo.admin, first, last, owner,
	    role != NULL ? role : "stakeholder", role != NULL ? orgs : NULL));
}

/* Run sql ($1 a, $2 b, $3 c; the first NULL ends them) as the superuser. */
static void
su(const char *sql, const char *a, const char *b, const char *c)
{
	free(testsql_value(demo.admin, sql, a, b, c, NULL));
}

static char *
snapshot(const char *a, const char *b)
{
	char	*ids = xasprintf("{%s,%s}", a, b);
	char	*s = testsql_value(demo.admin, snapshot_sql, ids, NULL);

	free(ids);
	assert_non_null(s);
	return (s);
}

/* The merge id in the output of merge --format tsv. Caller frees. */
static char *
merge_id_of(const char *out)
{
	const char	*p = strchr(out, '\n');

	if (p == NULL || strlen(p + 1) < 36)
		fail_msg("no merge id in:\n%s", out);
	return (xstrndup(p + 1, 36));
}

/* Merge b into a through the CLI as role, which must work. Caller frees. */
static char *
merge_cli(const char *role, const char *a, const char *b)
{
	struct testrun	 r = testrun_as(&demo, role, "merge", a, b,
			    "--format", "tsv", NULL);
	char		*id;

	ASSERT_RUN(r, 0, "merge_id\tmerged\tlinks_moved", "");
	id = merge_id_of(r.out);
	testrun_free(&r);
	return (id);
}

/*
 * Two records of one person: a (older) linked to Riverside as billing
 * from March on, with an office phone; b linked there as billing and
 * primary for 2026, and to the outside organization as technical, with
 * the same phone number written apart, a mobile and an address. b's
 * title is set last, so it is the newer one.
 */
static void
pair(const char *first, const char *last, char **a, char **b)
{
	char	*addr;

	*a = person(first, last, "billing", NULL);
	*b = person(first, "X", NULL, NULL);
	su("SELECT sb.contact_update($1, NULL, jsonb_build_object("
	    "'last_name', $2::text))", *b, last, NULL);
	su("SELECT sb.contact_update($1, NULL, '{\"title\": \"Old\"}')", *a,
	    NULL, NULL);
	su("SELECT sb.contact_email_add($1, 'home@' || $2 || '.example',"
	    " 'personal', true)", *a, last, NULL);
	su("SELECT sb.organization_contact_set_validity($1, $2, 'billing',"
	    " '2026-03-01', NULL)", riverside, *a, NULL);
	su("SELECT sb.contact_phone_add($1, '217 555 0100', 'office',"
	    " e164 => '+12175550100', make_primary => true)", *a, NULL, NULL);
	su("SELECT sb.organization_contact_link($1, $2, 'billing',"
	    " '2026-01-01', '2026-12-31')", riverside, *b, NULL);
	su("SELECT sb.organization_contact_set_primary($1, $2, 'billing')",
	    riverside, *b, NULL);
	su("SELECT sb.organization_contact_link($1, $2, 'technical',"
	    " '2025-06-01', '2027-05-31')", outside, *b, NULL);
	su("SELECT sb.contact_phone_add($1, '(217) 555-0100', 'office',"
	    " e164 => '+12175550100')", *b, NULL, NULL);
	su("SELECT sb.contact_phone_add($1, '217 555 0177', 'mobile',"
	    " e164 => '+12175550177', make_primary => true)", *b, NULL, NULL);
	addr = testsql_value(demo.admin, "SELECT sb.address_create('mailing',"
	    " 'US', NULL, '9 Canal Street', NULL, 'Springfield')", NULL);
	su("SELECT sb.contact_address_link($1, $2)", *b, addr, NULL);
	free(addr);
	su("SELECT sb.contact_email_add($1, 'work@' || $2 || '.example',"
	    " 'work', true)", *b, last, NULL);
	su("SELECT sb.contact_update($1, NULL, '{\"title\": \"Head nurse\"}')",
	    *b, NULL, NULL);
}

/*
 * As the super admin: b goes into a; every item and link moves, a link
 * alike becomes one (primary, the wider window), the same number is one,
 * the newer title wins, and b is archived pointing at a.
 */
static void
test_merge_super_admin_moves_everything(void **state)
{
	struct testrun	 r;
	char		*a, *b;

	(void)state;
	pair("Rosa", "Delgado", &a, &b);
	r = testrun_as(&demo, SUPER, "merge", a, b, NULL);
	ASSERT_RUN(r, 0, "Merged 1 contact into Rosa Delgado: 2 links "
	    "moved; 5 emails, phones or addresses moved. Merge id: ", "");
	assert_non_null(strstr(r.out, "(undo: switchboard unmerge "));
	testrun_free(&r);
	ASSERT_SQL(demo.admin, "t", "SELECT deleted_at IS NOT NULL AND "
	    "merged_into = $2 FROM sb.contacts WHERE id = $1", b, a);
	ASSERT_SQL(demo.admin, "Head nurse", "SELECT title FROM sb.contacts "
	    "WHERE id = $1", a);
	ASSERT_SQL(demo.admin, "billing true 2026-01-01 -", link_sql,
	    riverside, a);
	ASSERT_SQL(demo.admin, "technical false 2025-06-01 2027-05-31",
	    link_sql, outside, a);
	ASSERT_SQL(demo.admin, "0", "SELECT count(*) FROM "
	    "sb.organization_contacts WHERE contact_id = $1 AND deleted_at IS "
	    "NULL", b);
	/* Every email is a's, b's newer primary one its primary. */
	ASSERT_SQL(demo.admin, "home@Delgado.example:false,"
	    "Rosa.Delgado@roles.example:false,Rosa.X@roles.example:false,"
	    "work@Delgado.example:true", "SELECT string_agg(address || ':' || "
	    "is_primary, ',' ORDER BY lower(address)) FROM sb.emails WHERE "
	    "contact_id = $1", a);
	/* One office number (folded), and b's mobile, the newer primary. */
	ASSERT_SQL(demo.admin, "+12175550100:false,+12175550177:true",
	    "SELECT string_agg(p.e164 || ':' || cp.is_primary, ',' ORDER BY "
	    "p.e164) FROM sb.contact_phones cp JOIN sb.phones p ON p.id = "
	    "cp.phone_id WHERE cp.contact_id = $1 AND cp.deleted_at IS NULL",
	    a);
	ASSERT_SQL(demo.admin, "1", "SELECT count(*) FROM "
	    "sb.contact_addresses WHERE contact_id = $1 AND deleted_at IS NULL",
	    a);
	ASSERT_SQL(demo.admin, "contact.merged", "SELECT event_type FROM "
	    "sb.domain_events WHERE stream_id = $1 ORDER BY position DESC "
	    "LIMIT 1", a);
	ASSERT_SQL(demo.admin, "t", "SELECT payload->'merged_ids' ? $2 FROM "
	    "sb.domain_events WHERE stream_id = $1 AND event_type = "
	    "'contact.merged'", a, b);
	free(a);
	free(b);
}

/* The log replayed gives the very rows the merge left. */
static void
test_merge_replays(void **state)
{
	char	*a, *b, *before, *after;

	(void)state;
	pair("Ines", "Replay", &a, &b);
	free(merge_cli(SUPER, a, b));
	before = testsql_digest(demo.admin);
	su("SELECT sb.rebuild_projections()", NULL, NULL, NULL);
	after = testsql_digest(demo.admin);
	assert_string_equal(before, after);
	free(before);
	free(after);
	free(a);
	free(b);
}

/* Unmerge puts every row back exactly as it was; only once. */
static void
test_unmerge_restores_every_row(void **state)
{
	struct testrun	 r;
	char		*a, *b, *before, *merged, *after, *id;

	(void)state;
	pair("Tomas", "Undone", &a, &b);
	before = snapshot(a, b);
	id = merge_cli(SUPER, a, b);
	merged = snapshot(a, b);
	assert_string_not_equal(before, merged);
	r = testrun_as(&demo, SUPER, "unmerge", id, NULL);
	ASSERT_RUN(r, 0, "Undid merge ", "");
	assert_non_null(strstr(r.out, "1 contact back as before, with 2 "
	    "links and 5 emails, phones or addresses"));
	testrun_free(&r);
	after = snapshot(a, b);
	assert_string_equal(before, after);
	r = testrun_as(&demo, SUPER, "unmerge", id, NULL);
	ASSERT_RUN(r, 3, "", "this merge was undone already");
	testrun_free(&r);
	ASSERT_SQL(demo.admin, "contact.unmerged", "SELECT event_type FROM "
	    "sb.domain_events WHERE stream_id = $1 ORDER BY position DESC "
	    "LIMIT 1", b);
	free(before);
	free(merged);
	free(after);
	free(id);
	free(a);
	free(b);
}

/*
 * A change to what the merge set or moved blocks the undo, named; put
 * back, it does not. A change to nothing the merge wrote (a new email)
 * never blocks it, and stays.
 */
static void
test_unmerge_refused_after_conflicting_change(void **state)
{
	struct testrun	 r;
	char		*a, *b, *id;

	(void)state;
	pair("Lena", "Conflict", &a, &b);
	id = merge_cli(SUPER, a, b);
	su("SELECT sb.contact_update($1, NULL, '{\"title\": \"Chief\"}')", a,
	    NULL, NULL);
	r = testrun_as(&demo, SUPER, "unmerge", id, NULL);
	ASSERT_RUN(r, 3, "", "the merge cannot be undone: the title of Lena "
	    "Conflict changed since the merge");
	testrun_free(&r);
	su("SELECT sb.contact_update($1, NULL, '{\"title\": \"Head nurse\"}')",
	    a, NULL, NULL);
	su("SELECT sb.organization_contact_set_validity($1, $2, 'technical',"
	    " '2025-06-01', '2027-12-31')", outside, a, NULL);
	r = testrun_as(&demo, SUPER, "unmerge", id, NULL);
	ASSERT_RUN(r, 3, "", "the link to ");
	assert_non_null(strstr(r.err, " as technical of Lena Conflict "
	    "changed since the merge"));
	testrun_free(&r);
	su("SELECT sb.organization_contact_set_validity($1, $2, 'technical',"
	    " '2025-06-01', '2027-05-31')", outside, a, NULL);
	su("SELECT sb.contact_email_add($1, 'lena.new@roles.example')", a,
	    NULL, NULL);
	r = testrun_as(&demo, SUPER, "unmerge", id, NULL);
	ASSERT_RUN(r, 0, "Undid merge", "");
	testrun_free(&r);
	ASSERT_SQL(demo.admin, "home@Conflict.example,"
	    "Lena.Conflict@roles.example,lena.new@roles.example", "SELECT "
	    "string_agg(address, ',' ORDER BY lower(address)) FROM sb.emails "
	    "WHERE contact_id = $1", a);
	ASSERT_SQL(demo.admin, "Lena.X@roles.example,work@Conflict.example",
	    "SELECT string_agg(address, ',' ORDER BY lower(address)) FROM "
	    "sb.emails WHERE contact_id = $1", b);
	ASSERT_SQL(demo.admin, "Old", "SELECT title FROM sb.contacts WHERE "
	    "id = $1", a);
	free(id);
	free(a);
	free(b);
}

/*
 * One transaction: a merge that fails after the survivor's event (a
 * trigger refuses to archive the other) leaves nothing changed.
 */
static void
test_merge_is_one_transaction(void **state)
{
	char	*a, *b, *before, *after, *events, *events2;

	(void)state;
	pair("Omar", "Halfway", &a, &b);
	testsql_exec(demo.admin, "CREATE FUNCTION pg_temp.refuse() RETURNS "
	    "trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'halfway'; "
	    "END $$; CREATE TRIGGER merge_halfway BEFORE UPDATE ON sb.contacts "
	    "FOR EACH ROW WHEN (NEW.merged_into IS NOT NULL) EXECUTE FUNCTION "
	    "pg_temp.refuse()");
	before = testsql_digest(demo.admin);
	events = testsql_value(demo.admin, "SELECT count(*) || '/' || (SELECT "
	    "count(*) FROM sb.contact_merges) FROM sb.domain_events", NULL);
	ASSERT_ERROR(demo.admin, "P0001", "halfway", "SELECT "
	    "sb.contact_merge(gen_random_uuid(), $1, ARRAY[$2]::uuid[])", a, b);
	after = testsql_digest(demo.admin);
	events2 = testsql_value(demo.admin, "SELECT count(*) || '/' || (SELECT "
	    "count(*) FROM sb.contact_merges) FROM sb.domain_events", NULL);
	testsql_exec(demo.admin, "DROP TRIGGER merge_halfway ON sb.contacts");
	assert_string_equal(before, after);
	assert_string_equal(events, events2);
	free(before);
	free(after);
	free(events);
	free(events2);
	free(a);
	free(b);
}

/*
 * The provider admin merges contacts of Riverside, the link at an
 * organization it does not see moving too and counted; a partner's
 * contact, or one outside its scope, it may not.
 */
static void
test_merge_provider_admin(void **state)
{
	struct testrun	 r;
	char		*a, *b, *c, *far;

	(void)state;
	pair("Hana", "Scope", &a, &b);
	r = testrun_as(&demo, PROVIDER, "merge", a, b, "--format", "json",
	    NULL);
	ASSERT_RUN(r, 0, "\"links_hidden\": \"1\"", "");
	assert_non_null(strstr(r.out, "\"links_moved\": \"2\""));
	testrun_free(&r);
	ASSERT_SQL(demo.admin, "technical false 2025-06-01 2027-05-31",
	    link_sql, outside, a);
	r = testrun_as(&demo, PROVIDER, "merge", b, a, NULL);
	ASSERT_RUN(r, 1, "", "no contact has the id, email or phone");
	testrun_free(&r);
	ASSERT_ERROR(demo.admin, "SB004", "was merged into Hana Scope already",
	    "SELECT sb.contact_merge(NULL, $1, ARRAY[$2]::uuid[])", a, b);
	c = person("Hana", "Owned", "stakeholder", northwind);
	r = testrun_as(&demo, PROVIDER, "merge", a, c, NULL);
	ASSERT_RUN(r, 3, "", "Hana Owned belongs to " NORTHWIND ", a partner:"
	    " only a super admin may merge it");
	testrun_free(&r);
	far = testroles_contact(demo.admin, "Hana", "Far", NULL, "billing",
	    (const char *const[]){ outside, NULL });
	r = testrun_as(&demo, PROVIDER, "merge", a, far, NULL);
	ASSERT_RUN(r, 1, "", "no contact has the id, email or phone");
	testrun_free(&r);
	ASSERT_SQL(demo.admin, "0", "SELECT count(*) FROM sb.contacts WHERE "
	    "id IN ($1, $2) AND deleted_at IS NOT NULL", c, far);
	free(a);
	free(b);
	free(c);
	free(far);
}

/* The merged contact's history stays readable from the survivor. */
static void
test_merge_history_shows_both(void **state)
{
	struct db		*db = testdb_db(demo.tdb, PROVIDER);
	struct store_rows	 rows;
	struct store_event	*ev;
	struct sb_error		 err;
	struct testrun		 r;
	char			*a, *b;
	bool			 merged = false, created_b = false;
	size_t			 i;

	(void)state;
	pair("Ada", "History", &a, &b);
	r = testrun_as(&demo, PROVIDER, "merge", a, b, NULL);
	ASSERT_RUN(r, 0, "Merged 1 contact into Ada History: 2 links moved, "
	    "1 of them at an organization you cannot see; ", "");
	testrun_free(&r);
	if (store_history(db, a, 200, &rows, &err) != SB_OK)
		fail_msg("history: %s", err.message);
	ev = rows.rows;
	for (i = 0; i < rows.count; i++) {
		merged |= strcmp(ev[i].type, "contact.merged") == 0;
		created_b |= strcmp(ev[i].type, "contact.created") == 0 &&
		    strstr(ev[i].payload, "\"X\"") != NULL;
	}
	assert_true(merged);
	assert_true(created_b);
	store_rows_free(&rows);
	db_free(db);
	free(a);
	free(b);
}

/* Partner admins and support staff may not, by the CLI or in SQL. */
static void
test_merge_partner_admin_and_support_refused(void **state)
{
	static const char *const roles[] = { DEMO_ROLE_PARTNER,
	    DEMO_ROLE_SUPPORT };
	struct testrun	 r;
	PGconn		*c;
	char		*a, *b, *x, *y, *id;
	size_t		 i;

	(void)state;
	a = person("Ugo", "Partner", "stakeholder", northwind);
	b = person("Ugo", "Partner", "stakeholder", northwind);
	pair("Una", "Undoable", &x, &y);
	id = merge_cli(SUPER, x, y);
	for (i = 0; i < SB_ARRAY_LEN(roles); i++) {
		r = testrun_as(&demo, roles[i], "merge", a, b, NULL);
		ASSERT_RUN(r, 3, "", "only a super admin or a provider admin "
		    "may merge contacts");
		testrun_free(&r);
		r = testrun_as(&demo, roles[i], "unmerge", id, NULL);
		ASSERT_RUN(r, 3, "", "only a super admin or a provider admin");
		testrun_free(&r);
		c = testdb_connect(demo.tdb, roles[i]);
		ASSERT_ERROR(c, "42501", "only a super admin", "SELECT "
		    "sb.contact_merge(NULL, $1, ARRAY[$2]::uuid[])", a, b);
		ASSERT_ERROR(c, "42501", "only a super admin", "SELECT "
		    "sb.contact_unmerge(NULL, $1)", id);
		ASSERT_ERROR(c, "42501", "", "UPDATE sb.contacts SET "
		    "deleted_at = now(), merged_into = $1 WHERE id = $2", a, b);
		ASSERT_ERROR(c, "42501", "", "UPDATE sb.organization_contacts "
		    "SET contact_id = $1 WHERE contact_id = $2", a, b);
		ASSERT_SQL(c, "0", "SELECT count(*) FROM sb.contact_merges");
		ASSERT_ERROR(c, "42501", "", "DELETE FROM sb.contact_merges");
		ASSERT_ERROR(c, "42501", "", "SELECT sb.merge_rows_put("
		    "'[]', 'b')");
		PQfinish(c);
	}
	ASSERT_SQL(demo.admin, "0", "SELECT count(*) FROM sb.contacts WHERE "
	    "id IN ($1, $2) AND deleted_at IS NOT NULL", a, b);
	ASSERT_SQL(demo.admin, "", "SELECT coalesce(unmerged_at::text, '') "
	    "FROM sb.contact_merges WHERE id = $1", id);
	free(id);
	free(a);
	free(b);
	free(x);
	free(y);
}

/* The provider admin's own session, attacking in SQL. */
static void
test_merge_sql_as_provider_admin(void **state)
{
	PGconn	*c = testdb_connect(demo.tdb, PROVIDER);
	char	*a, *b, *owned, *far, *far2, *v, *e1, *e2, *n1, *n2;

	(void)state;
	pair("Ivo", "Direct", &a, &b);
	owned = person("Ivo", "Owned", "stakeholder", northwind);
	far = testroles_contact(demo.admin, "Ivo", "Far", NULL, "billing",
	    (const char *const[]){ outside, NULL });
	ASSERT_ERROR(c, "42501", "belongs to " NORTHWIND, "SELECT "
	    "sb.contact_merge(NULL, $1, ARRAY[$2]::uuid[])", a, owned);
	ASSERT_ERROR(c, "SB003", "not found", "SELECT sb.contact_merge(NULL, "
	    "$1, ARRAY[$2]::uuid[])", a, far);
	ASSERT_ERROR(c, "SB003", "not found", "SELECT * FROM "
	    "sb.contact_merge_compare(ARRAY[$1, $2]::uuid[])", a, far);
	ASSERT_ERROR(c, "42501", "", "UPDATE sb.contacts SET merged_into = $1 "
	    "WHERE id = $2", a, b);
	ASSERT_ERROR(c, "42501", "", "UPDATE sb.organization_contacts SET "
	    "contact_id = $1 WHERE contact_id = $2", a, b);
	ASSERT_ERROR(c, "42501", "", "INSERT INTO sb.contact_merges (id) "
	    "VALUES (gen_random_uuid())");
	ASSERT_ERROR(c, "42501", "", "SELECT sb.apply_merge(NULL)");
	ASSERT_ERROR(c, "SB004", "named twice", "SELECT sb.contact_merge(NULL,"
	    " $1, ARRAY[$2, $2]::uuid[])", a, b);
	ASSERT_ERROR(c, "SB004", "no field nickname", "SELECT "
	    "sb.contact_merge(NULL, $1, ARRAY[$2]::uuid[], "
	    "'{\"nickname\": \"x\"}')", a, b);
	ASSERT_ERROR(c, "SB004", "not one of those merged", "SELECT "
	    "sb.contact_merge(NULL, $1, ARRAY[$2]::uuid[], "
	    "jsonb_build_object('title', $3::text))", a, b, far);
	/* A merge out of scope is as missing as one that never was. */
	far2 = testroles_contact(demo.admin, "Ivo", "Far", NULL, "billing",
	    (const char *const[]){ outside, NULL });
	v = testsql_value(demo.admin, "SELECT sb.contact_merge(NULL, $1,"
	    " ARRAY[$2]::uuid[])->>'merge_id'", far, far2, NULL);
	e1 = testsql_error(c, "SELECT sb.contact_unmerge(NULL, $1)", v, NULL);
	e2 = testsql_error(c, "SELECT sb.contact_unmerge(NULL,"
	    " '6a1f3c2e-0000-4000-8000-00000000fffe')", NULL);
	n1 = testsql_without(e1, v);
	n2 = testsql_without(e2, "6a1f3c2e-0000-4000-8000-00000000fffe");
	assert_string_equal(n1, n2);
	assert_true(testsql_is(e1, "SB003"));
	ASSERT_SQL(c, "1", "SELECT count(*) FROM sb.contact_merged_ids($1)",
	    far);
	free(v);
	free(e1);
	free(e2);
	free(n1);
	free(n2);
	free(far2);
	/* A command id used again answers what it did, once. */
	v = testsql_value(c, "SELECT sb.contact_merge("
	    "'6a1f3c2e-0000-4000-8000-000000000001', $1, ARRAY[$2]::uuid[])"
	    "->>'merge_id'", a, b, NULL);
	ASSERT_SQL(c, v, "SELECT sb.contact_merge("
	    "'6a1f3c2e-0000-4000-8000-000000000001', $1, ARRAY[$2]::uuid[])"
	    "->>'merge_id'", a, b);
	ASSERT_SQL(demo.admin, "1", "SELECT count(*) FROM sb.contact_merges "
	    "WHERE survivor_id = $1", a);
	free(v);
	PQfinish(c);
	free(a);
	free(b);
	free(owned);
	free(far);
}

/* Three records into one, and back: all three exactly as they were. */
static void
test_merge_three_and_back(void **state)
{
	struct testrun	 r;
	char		*a, *b, *c, *ids, *before, *after, *id;

	(void)state;
	a = person("Wim", "Thrice", "stakeholder", NULL);
	b = person("Wim", "Thrice", "billing", NULL);
	c = person("Wim", "Thrice", "stakeholder", NULL);
	su("SELECT sb.contact_update($1, NULL, '{\"title\": \"Porter\"}')", c,
	    NULL, NULL);
	ids = xasprintf("{%s,%s,%s}", a, b, c);
	before = testsql_value(demo.admin, snapshot_sql, ids, NULL);
	r = testrun_as(&demo, SUPER, "merge", a, b, c, "--format", "tsv",
	    NULL);
	ASSERT_RUN(r, 0, "\t2\t2\t0\t2\n", "");
	id = merge_id_of(r.out);
	testrun_free(&r);
	ASSERT_SQL(demo.admin, "stakeholder false - -,billing false - -",
	    "SELECT string_agg(role || ' ' || is_primary || ' ' || "
	    "coalesce(starts_on::text, '-') || ' ' || coalesce(ends_on::text, "
	    "'-'), ',' ORDER BY role DESC) FROM sb.organization_contacts WHERE "
	    "contact_id = $1 AND deleted_at IS NULL", a);
	ASSERT_SQL(demo.admin, "Porter", "SELECT title FROM sb.contacts WHERE "
	    "id = $1", a);
	ASSERT_SQL(demo.admin, "1", "SELECT count(*) FROM sb.emails WHERE "
	    "contact_id = $1", a);
	r = testrun_as(&demo, SUPER, "unmerge", id, NULL);
	ASSERT_RUN(r, 0, "2 contacts back as before", "");
	testrun_free(&r);
	after = testsql_value(demo.admin, snapshot_sql, ids, NULL);
	assert_string_equal(before, after);
	free(before);
	free(after);
	free(ids);
	free(id);
	free(a);
	free(b);
	free(c);
}

/* The survivor is named as the merge left it: the newer given name. */
static void
test_merge_names_the_survivor_after(void **state)
{
	struct testrun	 r;
	char		*a, *b;

	(void)state;
	a = person("Jo", "Namechange", "stakeholder", NULL);
	b = person("Jo", "Namechange", "billing", NULL);
	su("SELECT sb.contact_update($1, NULL, '{\"first_name\": \"Joanna\"}')",
	    b, NULL, NULL);
	r = testrun_as(&demo, PROVIDER, "merge", a, b, NULL);
	ASSERT_RUN(r, 0, "Merged 1 contact into Joanna Namechange: 1 link "
	    "moved; 1 email, phone or address moved.", "");
	testrun_free(&r);
	free(a);
	free(b);
}

/* The duplicate pair is gone from switchboard duplicates once merged. */
static void
test_merge_ends_duplicate_pair(void **state)
{
	struct testrun	 r;
	char		*a, *b, *id;

	(void)state;
	a = person("Quentin", "Twiceover", "stakeholder", NULL);
	b = person("Quentin", "Twiceover", "stakeholder", NULL);
	r = testrun_as(&demo, SUPER, "duplicates", "--org", RIVERSIDE,
	    "--format", "tsv", NULL);
	ASSERT_RUN(r, 0, a, "");
	assert_non_null(strstr(r.out, b));
	testrun_free(&r);
	id = merge_cli(PROVIDER, a, b);
	r = testrun_as(&demo, SUPER, "duplicates", "--org", RIVERSIDE,
	    "--format", "tsv", NULL);
	assert_true(r.status == 0 || r.status == 1);
	assert_null(strstr(r.out, b));
	testrun_free(&r);
	free(id);
	free(a);
	free(b);
}

/* --prefer picks a value; the side-by-side read says which wins. */
static void
test_merge_prefer_and_compare(void **state)
{
	struct db		*db = testdb_db(demo.tdb, PROVIDER);
	struct store_grid	 g;
	struct sb_error		 err;
	struct testrun		 r;
	const char		*ids[2];
	char			*a, *b, *pick, *line;
	size_t			 i;
	bool			 title_b = false, link_folded = false;

	(void)state;
	pair("Noor", "Compare", &a, &b);
	ids[0] = a;
	ids[1] = b;
	if (store_merge_compare(db, ids, 2, &g, &err) != SB_OK)
		fail_msg("compare: %s", err.message);
	assert_int_equal(g.cols, 5);
	for (i = 0; i < g.rows; i++) {
		if (strcmp(store_grid_cell(&g, i, 0), "title") == 0 &&
		    strcmp(store_grid_cell(&g, i, 1), b) == 0)
			title_b = strcmp(store_grid_cell(&g, i, 2),
			    "Head nurse") == 0 && strcmp(store_grid_cell(&g,
			    i, 4), "true") == 0;
		if (strcmp(store_grid_cell(&g, i, 0), "link") == 0 &&
		    strcmp(store_grid_cell(&g, i, 1), b) == 0 &&
		    strstr(store_grid_cell(&g, i, 2), "billing") != NULL)
			link_folded = strcmp(store_grid_cell(&g, i, 4),
			    "false") == 0;
	}
	assert_true(title_b);
	assert_true(link_folded);
	store_grid_free(&g);
	db_free(db);
	pick = xasprintf("title=%s", a);
	r = testrun_as(&demo, PROVIDER, "merge", a, b, "--prefer", pick,
	    "--compare", "--format", "tsv", NULL);
	ASSERT_RUN(r, 0, "field\tcontact_id\tvalue\tchanged_at\tchosen\n", "");
	line = xasprintf("title\t%s\tOld\t", a);
	assert_non_null(strstr(r.out, line));
	assert_non_null(strstr(strstr(r.out, line), "\ttrue\n"));
	assert_non_null(strstr(r.out, "an organization you cannot see as "
	    "technical"));
	free(line);
	testrun_free(&r);
	ASSERT_SQL(demo.admin, "f", "SELECT deleted_at IS NOT NULL FROM "
	    "sb.contacts WHERE id = $1", b);
	r = testrun_as(&demo, PROVIDER, "merge", a, b, "--prefer", pick,
	    NULL);
	ASSERT_RUN(r, 0, "Merged 1 contact", "");
	testrun_free(&r);
	ASSERT_SQL(demo.admin, "Old", "SELECT title FROM sb.contacts WHERE "
	    "id = $1", a);
	free(pick);
	free(a);
	free(b);
}

/* Usage errors say the choices (2); nothing found is 1. */
static void
test_merge_usage(void **state)
{
	struct testrun	 r;
	char		*a, *b, *c, *pick;

	(void)state;
	a = person("Vera", "Usage", "stakeholder", NULL);
	b = person("Vera", "Usage", "stakeholder", NULL);
	pick = xasprintf("nickname=%s", a);
	r = testrun_as(&demo, SUPER, "merge", a, b, "--prefer", pick, NULL);
	ASSERT_RUN(r, 2, "", "\"nickname\" is not a field; the fields are "
	    "first_name, last_name, title");
	testrun_free(&r);
	free(pick);
	r = testrun_as(&demo, SUPER, "merge", a, b, "--prefer", "title", NULL);
	ASSERT_RUN(r, 2, "", "is not FIELD=ID");
	testrun_free(&r);
	c = person("Vera", "Elsewhere", "stakeholder", NULL);
	pick = xasprintf("title=%s", c);
	r = testrun_as(&demo, SUPER, "merge", a, b, "--prefer", pick, NULL);
	ASSERT_RUN(r, 2, "", "names a contact that is not merged; name KEEP "
	    "or one of the OTHERs");
	testrun_free(&r);
	free(pick);
	free(c);
	r = testrun_as(&demo, SUPER, "merge", a, NULL);
	ASSERT_RUN(r, 2, "", "usage: switchboard merge KEEP OTHER...");
	testrun_free(&r);
	r = testrun_as(&demo, SUPER, "merge", a, a, NULL);
	ASSERT_RUN(r, 2, "", "is named twice");
	testrun_free(&r);
	r = testrun_as(&demo, SUPER, "merge", a, b, b, b, b, b, b, b, b, b, b,
	    b, NULL);
	ASSERT_RUN(r, 2, "", "at most 10 contacts merge into one at a time");
	testrun_free(&r);
	r = testrun_as(&demo, SUPER, "merge", a, "nobody@nowhere.example",
	    NULL);
	ASSERT_RUN(r, 1, "", "no contact has the id, email or phone");
	testrun_free(&r);
	r = testrun_as(&demo, SUPER, "unmerge", "yesterday", NULL);
	ASSERT_RUN(r, 2, "", "is not a merge id");
	testrun_free(&r);
	r = testrun_as(&demo, SUPER, "unmerge",
	    "6a1f3c2e-0000-4000-8000-00000000ffff", NULL);
	ASSERT_RUN(r, 1, "", "not found");
	testrun_free(&r);
	r = testrun_as(&demo, SUPER, "merge", a, b, "--format", "xml", NULL);
	ASSERT_RUN(r, 2, "", "xml");
	testrun_free(&r);
	ASSERT_SQL(demo.admin, "0", "SELECT count(*) FROM sb.contacts WHERE "
	    "id IN ($1, $2) AND deleted_at IS NOT NULL", a, b);
	free(a);
	free(b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_merge_super_admin_moves_everything),
		cmocka_unit_test(test_merge_replays),
		cmocka_unit_test(test_unmerge_restores_every_row),
		cmocka_unit_test(
		    test_unmerge_refused_after_conflicting_change),
		cmocka_unit_test(test_merge_is_one_transaction),
		cmocka_unit_test(test_merge_provider_admin),
		cmocka_unit_test(test_merge_history_shows_both),
		cmocka_unit_test(
		    test_merge_partner_admin_and_support_refused),
		cmocka_unit_test(test_merge_sql_as_provider_admin),
		cmocka_unit_test(test_merge_three_and_back),
		cmocka_unit_test(test_merge_names_the_survivor_after),
		cmocka_unit_test(test_merge_ends_duplicate_pair),
		cmocka_unit_test(test_merge_prefer_and_compare),
		cmocka_unit_test(test_merge_usage),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
