/* Tests of the directory reads against a real PostgreSQL server. */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libpq-fe.h>

#include "switchboard/cluster.h"
#include "switchboard/db-pq.h"
#include "switchboard/demo.h"
#include "switchboard/store.h"
#include "switchboard/util.h"
#include "testdb.h"
#include "testsql.h"

static struct testdb	*tdb;
static PGconn		*admin;
static struct db	*db;

/* Ids of the fixture's records. */
static char	*org_muller, *org_acme, *org_zeta;
static char	*c_anna, *c_bob, *c_carla, *c_dan;

static char *
org_new(const char *name, const char *kind)
{
	return testsql_value(admin, "SELECT sb.organization_create($1, $2)",
	    name, kind, NULL);
}

static char *
contact_new(const char *first, const char *last, const char *title)
{
	return testsql_value(admin, "SELECT sb.contact_create($1, $2, $3)",
	    first, last, title != NULL ? title : TESTSQL_NULL, NULL);
}

static void
link(const char *org, const char *c, const char *role, const char *starts)
{
	free(testsql_value(admin, "SELECT sb.organization_contact_link($1, $2,"
	    " $3, $4::date)", org, c, role, starts != NULL ? starts :
	    TESTSQL_NULL, NULL));
}

static void
fixture_load(void)
{
	org_muller = org_new("Müller Logistik", "provider");
	org_acme = org_new("Acme Partners", "partner");
	org_zeta = org_new("Zeta Platform", "platform");
	c_anna = contact_new("Anna", "Schmidt", "CTO");
	c_bob = contact_new("Bob", "Jones", NULL);
	c_carla = contact_new("Carla", "Nuñez", NULL);
	c_dan = contact_new("Dan", "Future", NULL);
	link(org_muller, c_anna, "emergency", NULL);
	link(org_muller, c_anna, "technical", NULL);
	link(org_muller, c_bob, "emergency", NULL);
	link(org_muller, c_carla, "billing", NULL);
	link(org_muller, c_dan, "billing", "2999-01-01");
	link(org_acme, c_anna, "admin", NULL);
	free(testsql_value(admin, "SELECT sb.organization_contact_set_primary("
	    "$1, $2, 'emergency')", org_muller, c_anna, NULL));
	free(testsql_value(admin, "SELECT sb.contact_update($1, 1,"
	    " '{\"active\": false}')", c_carla, NULL));
	free(testsql_value(admin, "SELECT sb.contact_phone_add($1,"
	    " '+1 (555) 123-4567', 'mobile', make_primary => true)", c_anna,
	    NULL));
	free(testsql_value(admin, "SELECT sb.contact_phone_add($1,"
	    " '+44 20 7946 0000', 'office')", c_anna, NULL));
	free(testsql_value(admin, "SELECT sb.contact_email_add($1,"
	    " 'anna@example.com', 'work', true)", c_anna, NULL));
	free(testsql_value(admin, "SELECT sb.contact_email_add($1,"
	    " 'bob@example.org')", c_bob, NULL));
	free(testsql_value(admin, "SELECT sb.contact_address_link($1,"
	    " sb.address_create('physical', 'DE', street1 => 'Hauptstraße 5',"
	    " city => 'Köln', label => 'Zentrale Köln'))", c_anna, NULL));
}

static int
setup(void **state)
{
	struct db_params	 p = { .count = 0 };
	struct sb_error		 err;
	char			 port[16], *ci;
	const char		*s;

	(void)state;
	tdb = testdb_start_migrated(&admin);
	fixture_load();
	ci = testdb_conninfo(tdb, CLUSTER_SUPERUSER);
	s = strstr(ci, "port=");
	assert_non_null(s);
	snprintf(port, sizeof port, "%d", atoi(s + 5));
	free(ci);
	db_params_set(&p, "host", testdb_host(tdb));
	db_params_set(&p, "port", port);
	db_params_set(&p, "dbname", CLUSTER_DATABASE);
	db_params_set(&p, "user", CLUSTER_SUPERUSER);
	if (db_connect(&p, &db, &err) != SB_OK)
		fail_msg("db_connect: %s", err.message);
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	db_free(db);
	PQfinish(admin);
	testdb_stop(tdb);
	return 0;
}

static void
orgs_search(const char *text, const char *kind, struct store_rows *rows)
{
	struct store_org_query	q = { .text = text, .kind = kind };
	struct sb_error		err;

	if (store_org_search(db, &q, rows, &err) != SB_OK)
		fail_msg("store_org_search: %s", err.message);
	assert_int_equal(rows->type, STORE_ROWS_ORGS);
}

static const struct store_org *
org_at(const struct store_rows *rows, size_t i)
{
	assert_true(i < rows->count);
	return (const struct store_org *)rows->rows + i;
}

static void
test_orgs_all_sorted_with_counts(void **state)
{
	struct store_rows	rows;

	(void)state;
	orgs_search(NULL, NULL, &rows);
	assert_int_equal(rows.count, 3);
	assert_false(rows.more);
	assert_string_equal(org_at(&rows, 0)->name, "Acme Partners");
	assert_string_equal(org_at(&rows, 1)->name, "Müller Logistik");
	assert_string_equal(org_at(&rows, 1)->id, org_muller);
	/* Anna and Bob: Carla is inactive, Dan's link starts in 2999. */
	assert_int_equal(org_at(&rows, 1)->contact_count, 2);
	assert_int_equal(org_at(&rows, 0)->contact_count, 1);
	assert_int_equal(org_at(&rows, 2)->contact_count, 0);
	store_rows_free(&rows);
}

/*
 * The count of org as a person who sees everything (the kept number and
 * today's windows) must equal the count made from the links and contacts
 * themselves, and n.
 */
static void
org_count_check(struct db *who, const char *org, int n)
{
	struct store_org_query	 q = { .text = "Counting Works" };
	struct store_rows	 rows;
	struct sb_error		 err;
	char			*live, want[16];

	live = testsql_value(admin, "SELECT count(DISTINCT oc.contact_id)"
	    " FROM sb.organization_contacts_current oc"
	    " JOIN sb.contacts c ON c.id = oc.contact_id"
	    " WHERE oc.organization_id = $1 AND c.active"
	    " AND c.deleted_at IS NULL", org, NULL);
	snprintf(want, sizeof want, "%d", n);
	assert_string_equal(live, want);
	free(live);
	if (store_org_search(who, &q, &rows, &err) != SB_OK)
		fail_msg("store_org_search: %s", err.message);
	assert_int_equal(rows.count, 1);
	assert_string_equal(org_at(&rows, 0)->id, org);
	assert_int_equal(org_at(&rows, 0)->contact_count, n);
	store_rows_free(&rows);
}

/*
 * The organizations list counts from a number kept per organization for
 * a person who sees everything: links and unlinks, a second role, today's
 * validity windows, a contact made inactive and a rebuild keep it exact.
 */
static void
test_orgs_counts_kept(void **state)
{
	struct sb_error	 err;
	struct db	*who;
	char		*org, *x1, *x2, *x3;

	(void)state;
	if (demo_people_ensure(db, "sr_super", "super_admin", NULL, &err) !=
	    SB_OK)
		fail_msg("demo_people_ensure: %s", err.message);
	who = testdb_db(tdb, "sr_super");
	org = org_new("Counting Works", "provider");
	x1 = contact_new("Xaver", "Eins", NULL);
	x2 = contact_new("Xenia", "Zwei", NULL);
	x3 = contact_new("Xerxes", "Drei", NULL);
	org_count_check(who, org, 0);
	link(org, x1, "technical", NULL);
	org_count_check(who, org, 1);
	link(org, x1, "admin", NULL);
	org_count_check(who, org, 1);
	link(org, x2, "billing", "2000-01-01");
	org_count_check(who, org, 2);
	link(org, x3, "billing", "2999-01-01");
	org_count_check(who, org, 2);
	link(org, x2, "technical", NULL);
	org_count_check(who, org, 2);
	free(testsql_value(admin, "SELECT sb.organization_contact_unlink($1,"
	    " $2, 'technical')", org, x2, NULL));
	org_count_check(who, org, 2);
	free(testsql_value(admin, "SELECT sb.organization_contact_unlink($1,"
	    " $2, 'technical')", org, x1, NULL));
	org_count_check(who, org, 2);
	free(testsql_value(admin, "SELECT sb.organization_contact_unlink($1,"
	    " $2, 'admin')", org, x1, NULL));
	org_count_check(who, org, 1);
	link(org, x1, "technical", NULL);
	org_count_check(who, org, 2);
	free(testsql_value(admin, "SELECT sb.contact_update($1, 1,"
	    " '{\"active\": false}')", x1, NULL));
	org_count_check(who, org, 1);
	free(testsql_value(admin, "SELECT sb.contact_update($1, 2,"
	    " '{\"active\": true}')", x1, NULL));
	org_count_check(who, org, 2);
	free(testsql_value(admin, "SELECT sb.contact_update($1, 1,"
	    " '{\"active\": false}')", x2, NULL));
	org_count_check(who, org, 1);
	free(testsql_value(admin, "SELECT sb.rebuild_projections()", NULL));
	org_count_check(who, org, 1);
	db_free(who);
	free(org);
	free(x1);
	free(x2);
	free(x3);
}

static void
test_orgs_fold_prefix_fuzzy_kind(void **state)
{
	struct store_rows	rows;

	(void)state;
	orgs_search("muller", NULL, &rows);
	assert_int_equal(rows.count, 1);
	assert_string_equal(org_at(&rows, 0)->name, "Müller Logistik");
	store_rows_free(&rows);
	orgs_search("MÜL", NULL, &rows);
	assert_int_equal(rows.count, 1);
	store_rows_free(&rows);
	/* A typo still finds it through trigram similarity. */
	orgs_search("zeta platfrom", NULL, &rows);
	assert_int_equal(rows.count, 1);
	assert_string_equal(org_at(&rows, 0)->name, "Zeta Platform");
	store_rows_free(&rows);
	orgs_search("%", NULL, &rows);
	assert_int_equal(rows.count, 0);
	store_rows_free(&rows);
	orgs_search(NULL, "partner", &rows);
	assert_int_equal(rows.count, 1);
	assert_string_equal(org_at(&rows, 0)->kind, "partner");
	store_rows_free(&rows);
}

static void
test_orgs_keyset_pages(void **state)
{
	struct store_org_query	q = { .limit = 2 };
	struct store_rows	a, b;
	struct sb_error		err;

	(void)state;
	assert_int_equal(store_org_search(db, &q, &a, &err), SB_OK);
	assert_int_equal(a.count, 2);
	assert_true(a.more);
	q.after_name = org_at(&a, 1)->name;
	q.after_id = org_at(&a, 1)->id;
	assert_int_equal(store_org_search(db, &q, &b, &err), SB_OK);
	assert_int_equal(b.count, 1);
	assert_false(b.more);
	assert_string_equal(org_at(&b, 0)->name, "Zeta Platform");
	store_rows_free(&a);
	store_rows_free(&b);
}

static void
links_get(const struct store_link_query *q, struct store_rows *rows)
{
	struct sb_error	err;

	if (store_org_contacts(db, q, rows, &err) != SB_OK)
		fail_msg("store_org_contacts: %s", err.message);
}

static void
test_links_roles_filters_validity(void **state)
{
	struct store_link_query	 q = { .org_id = org_muller };
	struct store_rows	 rows;
	struct store_link	*l;

	(void)state;
	links_get(&q, &rows);
	/* billing: none active today; technical: Anna; emergency: Anna, Bob */
	l = rows.rows;
	assert_int_equal(rows.count, 3);
	assert_string_equal(l[0].role, "technical");
	assert_string_equal(l[1].role, "emergency");
	assert_string_equal(l[1].first_name, "Anna");
	assert_true(l[1].primary);
	assert_string_equal(l[2].first_name, "Bob");
	assert_false(l[2].primary);
	store_rows_free(&rows);
	q.include_inactive = true;
	links_get(&q, &rows);
	assert_int_equal(rows.count, 4);
	store_rows_free(&rows);
	q.role = "billing";
	q.valid_on = "2999-06-01";
	links_get(&q, &rows);
	assert_int_equal(rows.count, 2);
	store_rows_free(&rows);
	q.include_inactive = false;
	links_get(&q, &rows);
	assert_int_equal(rows.count, 1);
	assert_string_equal(((struct store_link *)rows.rows)[0].first_name,
	    "Dan");
	store_rows_free(&rows);
}

static void
test_contact_details(void **state)
{
	struct store_rows	 rows;
	struct store_contact	*c;
	struct sb_error		 err;
	size_t			 i;
	int			 phones = 0, emails = 0, addrs = 0;

	(void)state;
	assert_int_equal(store_contact_get(db, c_anna, &rows, &err), SB_OK);
	c = rows.rows;
	assert_string_equal(c->first_name, "Anna");
	assert_string_equal(c->title, "CTO");
	assert_string_equal(c->updated_by, CLUSTER_SUPERUSER);
	assert_true(c->version >= 1);
	for (i = 0; i < c->item_count; i++) {
		if (strcmp(c->items[i].kind, "phone") == 0) {
			phones++;
			if (strcmp(c->items[i].type, "mobile") == 0) {
				assert_true(c->items[i].primary);
				assert_string_equal(c->items[i].dial,
				    "+15551234567");
			}
		} else if (strcmp(c->items[i].kind, "email") == 0) {
			emails++;
			assert_string_equal(c->items[i].text,
			    "anna@example.com");
			assert_true(c->items[i].primary);
		} else {
			addrs++;
			assert_non_null(strstr(c->items[i].text, "Köln"));
		}
	}
	assert_int_equal(phones, 2);
	assert_int_equal(emails, 1);
	assert_int_equal(addrs, 1);
	assert_int_equal(c->org_count, 2);
	assert_string_equal(c->orgs[0].name, "Acme Partners");
	assert_non_null(strstr(c->org_roles[1], "emergency (primary)"));
	assert_non_null(strstr(c->org_roles[1], "technical"));
	store_rows_free(&rows);
	assert_int_equal(store_contact_get(db,
	    "00000000-0000-0000-0000-000000000000", &rows, &err),
	    SB_NOT_FOUND);
	store_rows_free(&rows);
}

/* The first hit's name for a directory search, or NULL when none. */
static char *
directory_first(const char *text, size_t *count, char **matched)
{
	struct store_rows	 rows;
	struct store_hit	*h;
	struct sb_error		 err;
	char			*name = NULL;

	if (store_directory_search(db, text, 10, &rows, &err) != SB_OK)
		fail_msg("store_directory_search: %s", err.message);
	*count = rows.count;
	h = rows.rows;
	if (rows.count > 0) {
		name = xstrdup(h[0].name);
		if (matched != NULL)
			*matched = xstrdup(h[0].matched);
	}
	store_rows_free(&rows);
	return name;
}

static void
test_directory_search(void **state)
{
	size_t	 n;
	char	*name, *m = NULL;

	(void)state;
	name = directory_first("555 123 4567", &n, &m);
	assert_int_equal(n, 1);
	assert_string_equal(name, "Anna Schmidt");
	assert_non_null(strstr(m, "phone"));
	free(name);
	free(m);
	name = directory_first("bob@example", &n, NULL);
	assert_int_equal(n, 1);
	assert_string_equal(name, "Bob Jones");
	free(name);
	name = directory_first("nunez", &n, NULL);
	assert_int_equal(n, 1);
	assert_string_equal(name, "Carla Nuñez");
	free(name);
	name = directory_first("koln", &n, NULL);
	assert_int_equal(n, 1);
	assert_string_equal(name, "Anna Schmidt");
	free(name);
	/*
	 * Four digits find the numbers that end with them or hold them as
	 * a group ("the one ending 4567"); fewer, or four anywhere else,
	 * match too many numbers to mean one.
	 */
	name = directory_first("4567", &n, &m);
	assert_int_equal(n, 1);
	assert_string_equal(name, "Anna Schmidt");
	assert_non_null(strstr(m, "phone"));
	free(name);
	free(m);
	name = directory_first("1234", &n, NULL);
	assert_int_equal(n, 0);
	assert_null(name);
	name = directory_first("123", &n, NULL);
	assert_int_equal(n, 0);
	assert_null(name);
	name = directory_first("(555) 123", &n, NULL);
	assert_int_equal(n, 1);
	assert_string_equal(name, "Anna Schmidt");
	free(name);
	name = directory_first("5551", &n, NULL);
	assert_int_equal(n, 0);
	assert_null(name);
	/* An address's label finds who is there, accents folded. */
	name = directory_first("zentrale", &n, &m);
	assert_int_equal(n, 1);
	assert_string_equal(name, "Anna Schmidt");
	assert_non_null(strstr(m, "Zentrale"));
	free(name);
	free(m);
	name = directory_first("55512", &n, NULL);
	assert_int_equal(n, 1);
	assert_string_equal(name, "Anna Schmidt");
	free(name);
	name = directory_first("nobody-here-xyz", &n, NULL);
	assert_int_equal(n, 0);
	assert_null(name);
	/* A misspelled name finds similar names; the start of an email
	 * address (a dot or underscore in it) does not look for them. */
	name = directory_first("carla nunes", &n, &m);
	assert_int_equal(n, 1);
	assert_string_equal(name, "Carla Nuñez");
	free(name);
	free(m);
	name = directory_first("carla.nunes", &n, NULL);
	assert_int_equal(n, 0);
	assert_null(name);
	name = directory_first("carla_nunes", &n, NULL);
	assert_int_equal(n, 0);
	assert_null(name);
}

/* Scans of sb.emails by the directory search of text (this backend's). */
static long
email_scans(const char *text)
{
	char	*v;
	long	 n;

	/* The counts shown are those not yet flushed: flush them first. */
	free(testsql_value(admin, "SELECT pg_stat_force_next_flush()", NULL));
	testsql_exec(admin, "BEGIN");
	free(testsql_value(admin, "SELECT count(*) FROM"
	    " sb.directory_search($1, 10)", text, NULL));
	v = testsql_value(admin, "SELECT coalesce(sum(seq_scan + idx_scan), 0)"
	    " FROM pg_stat_xact_user_tables WHERE relid = 'sb.emails'::regclass",
	    NULL);
	testsql_exec(admin, "ROLLBACK");
	n = atol(v);
	free(v);
	return n;
}

/*
 * No email address holds white space: a text with some (a phone number
 * typed in groups) finds its phone without looking at the emails.
 */
static void
test_directory_spaces(void **state)
{
	size_t	 n;
	char	*name;

	(void)state;
	name = directory_first("555 12", &n, NULL);
	assert_int_equal(n, 1);
	assert_string_equal(name, "Anna Schmidt");
	free(name);
	assert_int_equal(email_scans("555 12"), 0);
	/* Nor does a text of digits alone: it asks for a phone. */
	assert_int_equal(email_scans("55512"), 0);
	assert_true(email_scans("bob") > 0);
	assert_int_equal(email_scans("bob jo"), 0);
	assert_true(email_scans("bob@ex") > 0);
}

/* First names of the hits of sb.directory_search(text, lim), in order. */
static char *
directory_names(const char *text, const char *lim)
{
	return testsql_value(admin, "SELECT coalesce(string_agg("
	    "c.first_name || ':' || d.what, ',' ORDER BY d.n), '')"
	    " FROM sb.directory_search($1, $2::int) WITH ORDINALITY"
	    " d(contact_id, what, matched, rank, n)"
	    " JOIN sb.contacts c ON c.id = d.contact_id", text, lim, NULL);
}

/*
 * Names match by the start of their words first, in "first last" or
 * "last first" order, with dots and underscores read as spaces; a
 * substring of a name only fills what the word starts leave.
 */
static void
test_directory_words(void **state)
{
	char	*v, *c;

	(void)state;
	v = directory_names("anna.", "10");
	assert_string_equal(v, "Anna:name");
	free(v);
	v = directory_names("schmidt an", "10");
	assert_string_equal(v, "Anna:name");
	free(v);
	v = directory_names("sc", "10");
	assert_string_equal(v, "Anna:name");
	free(v);
	v = directory_names("nun", "10");
	assert_string_equal(v, "Carla:name");
	free(v);
	/* Created after Bob Jones, whose name holds "ones" inside a word. */
	c = contact_new("Onestus", "Prefix", NULL);
	v = directory_names("ones", "1");
	assert_string_equal(v, "Onestus:name");
	free(v);
	v = directory_names("ones", "2");
	assert_string_equal(v, "Onestus:name,Bob:name");
	free(v);
	v = directory_names("_prefix_", "10");
	assert_string_equal(v, "Onestus:name");
	free(v);
	free(testsql_value(admin, "SELECT sb.contact_delete($1, 1)", c,
	    NULL));
	free(c);
}

/* Hits of a directory search as role (a login role of the cluster). */
static size_t
directory_count_as(const char *role, const char *text)
{
	struct db_params	 p = { .count = 0 };
	struct store_rows	 rows;
	struct sb_error		 err;
	struct db		*who;
	char			 port[16], *ci;
	size_t			 n;

	ci = testdb_conninfo(tdb, CLUSTER_SUPERUSER);
	snprintf(port, sizeof port, "%d", atoi(strstr(ci, "port=") + 5));
	free(ci);
	db_params_set(&p, "host", testdb_host(tdb));
	db_params_set(&p, "port", port);
	db_params_set(&p, "dbname", CLUSTER_DATABASE);
	db_params_set(&p, "user", role);
	if (db_connect(&p, &who, &err) != SB_OK)
		fail_msg("db_connect as %s: %s", role, err.message);
	if (store_directory_search(who, text, 10, &rows, &err) != SB_OK)
		fail_msg("store_directory_search as %s: %s", role,
		    err.message);
	n = rows.count;
	store_rows_free(&rows);
	db_free(who);
	return n;
}

/*
 * The search runs as the schema's owner: it must still show a person only
 * what the person may see. Short text matches name prefixes.
 */
static void
test_directory_scope(void **state)
{
	static const char *const texts[] = { "anna", "bob@example",
	    "555 123 4567", "koln" };
	struct sb_error	 err;
	PGconn		*nobody;
	size_t		 n, i;
	char		*name, *v;

	(void)state;
	free(testsql_value(admin, "DO $$ BEGIN CREATE ROLE sr_nobody LOGIN"
	    " IN ROLE switchboard_user; EXCEPTION WHEN duplicate_object"
	    " THEN NULL; END $$", NULL));
	if (demo_people_ensure(db, "sr_super", "super_admin", NULL, &err) !=
	    SB_OK)
		fail_msg("demo_people_ensure: %s", err.message);
	assert_int_equal(directory_count_as("sr_super", "anna"), 1);
	assert_int_equal(directory_count_as("sr_super", "bob@example"), 1);
	assert_int_equal(directory_count_as("sr_nobody", "anna"), 0);
	assert_int_equal(directory_count_as("sr_nobody", "bob@example"), 0);
	assert_int_equal(directory_count_as("sr_nobody", "555 123 4567"), 0);
	assert_int_equal(directory_count_as("sr_nobody", "koln"), 0);
	/* Called directly, the matcher itself hides what it must. */
	nobody = testdb_connect(tdb, "sr_nobody");
	for (i = 0; i < SB_ARRAY_LEN(texts); i++) {
		v = testsql_value(nobody, "SELECT count(*) FROM"
		    " sb.directory_search($1, 10)", texts[i], NULL);
		assert_string_equal(v, "0");
		free(v);
		v = testsql_value(admin, "SELECT count(DISTINCT contact_id)"
		    " FROM sb.directory_search($1, 10)", texts[i], NULL);
		assert_string_equal(v, "1");
		free(v);
	}
	/* So do a contact's details (the caller's policies, not the owner's). */
	v = testsql_value(nobody, "SELECT count(*) FROM"
	    " sb.contact_details($1::uuid)", c_anna, NULL);
	assert_string_equal(v, "0");
	free(v);
	v = testsql_value(admin, "SELECT count(*) FILTER (WHERE part = 0)"
	    " FROM sb.contact_details($1::uuid)", c_anna, NULL);
	assert_string_equal(v, "1");
	free(v);
	PQfinish(nobody);
	name = directory_first("an", &n, NULL);
	assert_int_equal(n, 1);
	assert_string_equal(name, "Anna Schmidt");
	free(name);
	name = directory_first("ca", &n, NULL);
	assert_int_equal(n, 1);
	assert_string_equal(name, "Carla Nuñez");
	free(name);
}

static void
test_emergency_and_history(void **state)
{
	struct store_rows	 rows;
	struct store_emergency	*e;
	struct store_event	*ev;
	struct sb_error		 err;
	const char		*ids[1];

	(void)state;
	ids[0] = org_muller;
	assert_int_equal(store_emergency_list(db, ids, 1, &rows, &err),
	    SB_OK);
	e = rows.rows;
	assert_int_equal(rows.count, 2);
	assert_string_equal(e[0].name, "Anna Schmidt");
	assert_true(e[0].primary);
	assert_string_equal(e[0].mobile, "+1 (555) 123-4567");
	assert_string_equal(e[0].email, "anna@example.com");
	assert_string_equal(e[1].email, "bob@example.org");
	assert_string_equal(e[1].mobile, "");
	assert_string_equal(e[0].phone_types, "mobile, office");
	assert_string_equal(e[1].phone_types, "");
	assert_int_equal(strlen(e[0].updated_at), 16);
	assert_int_equal(e[0].updated_at[4], '-');
	store_rows_free(&rows);
	assert_int_equal(store_history(db, c_carla, 10, &rows, &err), SB_OK);
	ev = rows.rows;
	assert_true(rows.count >= 2);
	assert_true(ev[0].position > ev[1].position);
	assert_string_equal(ev[rows.count - 1].type, "contact.created");
	store_rows_free(&rows);
}

/* Collect results until one for slot arrives (5 s at most). */
static void
async_wait(struct store_async *sa, int slot, struct store_async_result *r)
{
	struct pollfd	pfd;
	int		i;

	for (i = 0; i < 500; i++) {
		while (store_async_collect(sa, r)) {
			if (r->slot == slot)
				return;
			store_rows_free(&r->rows);
		}
		pfd.fd = store_async_fd(sa);
		pfd.events = POLLIN;
		poll(&pfd, 1, 10);
	}
	fail_msg("no result on slot %d", slot);
}

/* The query_start of db's backend while it waits for a lock, or NULL. */
static char *
async_lock_wait_start(void)
{
	char	pid[16];

	snprintf(pid, sizeof pid, "%d", PQbackendPID(db_conn(db)));
	/* admin holds the lock in a transaction, which keeps its snapshot
	 * of the activity table unless told otherwise. */
	testsql_exec(admin, "SELECT pg_stat_clear_snapshot()");
	return testsql_value(admin, "SELECT query_start::text"
	    " FROM pg_stat_activity WHERE pid = $1::int"
	    " AND wait_event_type = 'Lock'", pid, NULL);
}

/*
 * Drive the reads until db's backend waits for a lock in a statement
 * other than the one that started at before (5 s at most).
 */
static char *
async_wait_lock(struct store_async *sa, const char *before)
{
	struct store_async_result	 r;
	struct pollfd			 pfd;
	char				*start;
	int				 i;

	for (i = 0; i < 500; i++) {
		while (store_async_collect(sa, &r))
			store_rows_free(&r.rows);
		start = async_lock_wait_start();
		if (start != NULL && (before == NULL ||
		    strcmp(start, before) != 0))
			return start;
		free(start);
		pfd.fd = store_async_fd(sa);
		pfd.events = POLLIN;
		poll(&pfd, 1, 10);
	}
	fail_msg("the search never waited for the lock anew");
	return NULL;
}

/*
 * Only the newest read of a slot comes back. The first search waits
 * behind a lock the test holds, so it is surely in flight (not answered
 * inside the same collect) when two more replace it.
 */
static void
test_async_latest_wins(void **state)
{
	struct store_async	*sa = store_async_create(db);
	struct store_org_query	 q = { .text = "acme" };
	struct store_async_result	 r;
	unsigned long		 s1, s2, s3;
	char			*start;

	(void)state;
	testsql_exec(admin, "BEGIN");
	testsql_exec(admin,
	    "LOCK TABLE sb.organizations IN ACCESS EXCLUSIVE MODE");
	s1 = store_async_org_search(sa, 0, &q);
	start = async_wait_lock(sa, NULL);
	free(start);
	/* The first is in flight now; two more replace it on slot 0. */
	assert_false(store_async_collect(sa, &r));
	assert_true(store_async_busy(sa));
	q.text = "zeta";
	s2 = store_async_org_search(sa, 0, &q);
	q.text = "muller";
	s3 = store_async_org_search(sa, 0, &q);
	assert_true(s1 < s2 && s2 < s3);
	/* Another slot is independent of slot 0. */
	q.text = "zeta";
	store_async_org_search(sa, 1, &q);
	testsql_exec(admin, "COMMIT");
	async_wait(sa, 0, &r);
	assert_int_equal(r.seq, s3);
	assert_int_equal(r.status, SB_OK);
	assert_int_equal(r.rows.count, 1);
	assert_string_equal(((struct store_org *)r.rows.rows)[0].name,
	    "Müller Logistik");
	store_rows_free(&r.rows);
	async_wait(sa, 1, &r);
	assert_int_equal(r.rows.count, 1);
	assert_string_equal(((struct store_org *)r.rows.rows)[0].name,
	    "Zeta Platform");
	store_rows_free(&r.rows);
	assert_false(store_async_busy(sa));
	store_async_free(sa);
}

/*
 * A search stuck on the server (here behind a lock) is cancelled when a
 * newer one replaces it: the newer one starts at once, and is the one
 * that comes back once the lock goes.
 */
static void
test_async_cancel_superseded(void **state)
{
	struct store_async	*sa = store_async_create(db);
	struct store_async_result	 r;
	unsigned long		 s2;
	char			*first, *second;

	(void)state;
	/* Prepared before the lock: preparing would wait for it too. */
	store_async_directory_search(sa, 3, "jones", 10);
	async_wait(sa, 3, &r);
	store_rows_free(&r.rows);
	testsql_exec(admin, "BEGIN");
	testsql_exec(admin, "LOCK TABLE sb.contacts IN ACCESS EXCLUSIVE MODE");
	store_async_directory_search(sa, 3, "anna", 10);
	first = async_wait_lock(sa, NULL);
	s2 = store_async_directory_search(sa, 3, "jones", 10);
	second = async_wait_lock(sa, first);
	testsql_exec(admin, "COMMIT");
	async_wait(sa, 3, &r);
	assert_int_equal(r.seq, s2);
	assert_int_equal(r.status, SB_OK);
	assert_int_equal(r.rows.count, 1);
	store_rows_free(&r.rows);
	assert_false(store_async_busy(sa));
	free(first);
	free(second);
	store_async_free(sa);
}

static void
test_async_error_result(void **state)
{
	struct store_async	*sa = store_async_create(db);
	struct store_async_result	 r;

	(void)state;
	store_async_contact_get(sa, 2, "not-a-uuid");
	async_wait(sa, 2, &r);
	assert_int_equal(r.status, SB_INVALID);
	store_rows_free(&r.rows);
	store_async_contact_get(sa, 2, c_bob);
	async_wait(sa, 2, &r);
	assert_int_equal(r.status, SB_OK);
	assert_string_equal(((struct store_contact *)r.rows.rows)->last_name,
	    "Jones");
	store_rows_free(&r.rows);
	store_async_free(sa);
}

/*
 * A misspelled word finds the names that start with a word like it, first
 * or last, from the words names use (kept as contacts are made and
 * renamed); a word only a third alike does not count.
 */
static void
test_directory_similar_words(void **state)
{
	char	*x, *v;

	(void)state;
	x = contact_new("Ximena", "Quintanilla", NULL);
	v = directory_names("quintanila", "10");
	assert_string_equal(v, "Ximena:similar");
	free(v);
	v = directory_names("ximenna", "10");
	assert_string_equal(v, "Ximena:similar");
	free(v);
	v = directory_names("quintus", "10");
	assert_string_equal(v, "");
	free(v);
	v = directory_names("torrezmolinos", "10");
	assert_string_equal(v, "");
	free(v);
	free(testsql_value(admin, "SELECT sb.contact_update($1, 1,"
	    " '{\"last_name\": \"Torremolinos\"}')", x, NULL));
	v = directory_names("torrezmolinos", "10");
	assert_string_equal(v, "Ximena:similar");
	free(v);
	free(x);
}

/* How many runs the session's prepared statement name has served. */
static int
prepared_runs(const char *name)
{
	const char	*p[] = { name };
	struct sb_error	 err;
	PGresult	*res;
	int		 n;

	assert_int_equal(db_exec(db, "SELECT coalesce(sum(generic_plans +"
	    " custom_plans), 0) FROM pg_prepared_statements WHERE name = $1",
	    1, p, &res, &err), SB_OK);
	n = atoi(PQgetvalue(res, 0, 0));
	PQclear(res);
	return n;
}

/*
 * The reads sent at every key or move are prepared once per session and
 * run from there, whichever reader on the connection prepared them.
 */
static void
test_async_prepared(void **state)
{
	struct store_async	*sa = store_async_create(db);
	struct store_async_result	 r;
	struct store_link_query	 lq = { .org_id = org_muller };
	int			 i, contact, links, directory;

	(void)state;
	contact = prepared_runs("sb_contact");
	links = prepared_runs("sb_links");
	directory = prepared_runs("sb_directory");
	for (i = 0; i < 8; i++) {
		store_async_contact_get(sa, 2, c_bob);
		async_wait(sa, 2, &r);
		assert_int_equal(r.status, SB_OK);
		store_rows_free(&r.rows);
		store_async_org_contacts(sa, 1, &lq);
		async_wait(sa, 1, &r);
		assert_int_equal(r.status, SB_OK);
		assert_true(r.rows.count > 0);
		store_rows_free(&r.rows);
	}
	store_async_directory_search(sa, 3, "jones", 10);
	async_wait(sa, 3, &r);
	assert_int_equal(r.rows.count, 1);
	store_rows_free(&r.rows);
	assert_int_equal(prepared_runs("sb_contact"), contact + 8);
	assert_int_equal(prepared_runs("sb_links"), links + 8);
	assert_int_equal(prepared_runs("sb_directory"), directory + 1);
	store_async_free(sa);
}

/*
 * The organization filter ranks the same name first, then names starting
 * with it, names whose words its words start, names holding its words,
 * similar names; several words must all match, in any order; pages keep
 * that order.
 */
static void
test_orgs_filter_ranks(void **state)
{
	static const char *const names[] = {
	    "North Imaging Center, Springfield Heights",
	    "Imaging Center, Springfield East", "Imaging Center, Springfield",
	    "Springfield Imaging Center", "Harbor Imaging, Springfield",
	    "Harbour Clinic" };
	struct store_org_query	 q = { .text = "Imaging Center, Springfield",
	    .limit = 1 };
	struct store_rows	 all, page;
	struct sb_error		 err;
	char			*after_name = NULL, *after_id = NULL;
	size_t			 i;

	(void)state;
	for (i = 0; i < sizeof names / sizeof names[0]; i++)
		free(org_new(names[i], "provider"));
	orgs_search("imaging center, springfield", NULL, &all);
	assert_true(all.count >= 4);
	assert_string_equal(org_at(&all, 0)->name, names[2]);
	assert_string_equal(org_at(&all, 1)->name, names[1]);
	/* Every word starts a word of these two, in name order. */
	assert_string_equal(org_at(&all, 2)->name, names[0]);
	assert_string_equal(org_at(&all, 3)->name, names[3]);
	for (i = 0; i < all.count; i++) {
		assert_int_equal(store_org_search(db, &q, &page, &err), SB_OK);
		assert_int_equal(page.count, 1);
		assert_string_equal(org_at(&page, 0)->name,
		    org_at(&all, i)->name);
		assert_true(page.more == (i + 1 < all.count));
		free(after_name);
		free(after_id);
		q.after_name = after_name = xstrdup(org_at(&page, 0)->name);
		q.after_id = after_id = xstrdup(org_at(&page, 0)->id);
		store_rows_free(&page);
	}
	free(after_name);
	free(after_id);
	store_rows_free(&all);
	orgs_search("harbor spr", NULL, &all);
	assert_true(all.count >= 1);
	assert_string_equal(org_at(&all, 0)->name, names[4]);
	store_rows_free(&all);
	orgs_search("spr harbor", NULL, &all);
	assert_true(all.count >= 1);
	assert_string_equal(org_at(&all, 0)->name, names[4]);
	store_rows_free(&all);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_orgs_all_sorted_with_counts),
		cmocka_unit_test(test_orgs_fold_prefix_fuzzy_kind),
		cmocka_unit_test(test_orgs_keyset_pages),
		cmocka_unit_test(test_links_roles_filters_validity),
		cmocka_unit_test(test_contact_details),
		cmocka_unit_test(test_directory_search),
		cmocka_unit_test(test_directory_spaces),
		cmocka_unit_test(test_directory_words),
		cmocka_unit_test(test_directory_similar_words),
		cmocka_unit_test(test_directory_scope),
		cmocka_unit_test(test_emergency_and_history),
		cmocka_unit_test(test_async_latest_wins),
		cmocka_unit_test(test_async_error_result),
		cmocka_unit_test(test_async_cancel_superseded),
		cmocka_unit_test(test_async_prepared),
		cmocka_unit_test(test_orgs_counts_kept),
		cmocka_unit_test(test_orgs_filter_ranks),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
