/* Database tests for the demo data: its situations, idempotence, replay. */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "switchboard/cluster.h"
#include "switchboard/db-pq.h"
#include "switchboard/demo.h"
#include "switchboard/migrate.h"
#include "switchboard/progress.h"
#include "testdb.h"
#include "testsql.h"

struct fixture {
	struct testdb	*tdb;
	struct db	*db;
};

/* Dates in the data are fixed; so is the day the checks look at. */
#define DAY	"2026-11-22"

/* What the first load told its progress reporter. */
static struct {
	long	reports, last_done, total;
	bool	backwards, other_phrase;
} told;

static void
told_record(void *arg, const char *what, long done, long total)
{
	(void)arg;
	if (strcmp(what, "loading the demo data") != 0)
		told.other_phrase = true;
	if (done < told.last_done || (told.total != 0 && total != told.total))
		told.backwards = true;
	told.reports++;
	told.last_done = done;
	told.total = total;
}

static int
setup(void **state)
{
	const struct progress	 recorder = { told_record, NULL };
	struct fixture		*f = calloc(1, sizeof *f);
	struct db_params	 p = { .count = 0 };
	struct sb_error		 err;

	f->tdb = testdb_start();
	db_params_set(&p, "host", testdb_host(f->tdb));
	db_params_set(&p, "dbname", CLUSTER_DATABASE);
	db_params_set(&p, "user", CLUSTER_SUPERUSER);
	if (db_connect(&p, &f->db, &err) != SB_OK ||
	    migrate_run(db_conn(f->db), &err) != SB_OK ||
	    demo_load_shown(f->db, &recorder, &err) != SB_OK)
		fail_msg("setup: %s", err.message);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture	*f = *state;

	db_free(f->db);
	testdb_stop(f->tdb);
	free(f);
	return 0;
}

/* The first column of the first row as a number. */
static long
num(struct fixture *f, const char *sql)
{
	char	*v = testsql_value(db_conn(f->db), sql, NULL);
	long	 n;

	assert_non_null(v);
	n = strtol(v, NULL, 10);
	free(v);
	return n;
}

/* A digest of every projection (not the log), to compare states. */
static char *
digest(struct fixture *f)
{
	return testsql_digest(db_conn(f->db));
}

static void
test_riverside_has_three_offices_and_a_billing_department(void **state)
{
	struct fixture	*f = *state;

	/* Three offices and a billing office, each with its fax on site. */
	assert_int_equal(num(f, "SELECT count(*) FROM sb.organization_addresses"
	    " oa JOIN sb.organizations o ON o.id = oa.organization_id"
	    " WHERE o.subdomain = 'riverside' AND oa.deleted_at IS NULL"), 4);
	assert_int_equal(num(f, "SELECT count(*) FROM sb.phone_addresses pa"
	    " JOIN sb.phones p ON p.id = pa.phone_id JOIN"
	    " sb.organization_phones op ON op.phone_id = p.id JOIN"
	    " sb.organizations o ON o.id = op.organization_id"
	    " WHERE o.subdomain = 'riverside' AND p.type = 'fax'"), 4);
	/* Five staff at each office share its address. */
	assert_int_equal(num(f, "SELECT count(DISTINCT ca.contact_id)"
	    " FROM sb.contact_addresses ca JOIN sb.organization_addresses oa"
	    " USING (address_id) JOIN sb.organizations o"
	    " ON o.id = oa.organization_id JOIN sb.addresses a"
	    " ON a.id = ca.address_id WHERE o.subdomain = 'riverside'"
	    " AND a.type = 'physical'"), 15);
	/* Three billers share the billing fax; each has a mobile too. */
	assert_int_equal(num(f, "SELECT count(DISTINCT cp.contact_id)"
	    " FROM sb.contact_phones cp JOIN sb.phones p ON p.id = cp.phone_id"
	    " WHERE p.e164 = '+12175550130'"), 3);
	assert_int_equal(num(f, "SELECT count(*) FROM sb.contact_phones cp"
	    " JOIN sb.phones p ON p.id = cp.phone_id WHERE p.type = 'mobile'"
	    " AND cp.contact_id IN (SELECT cp2.contact_id FROM"
	    " sb.contact_phones cp2 JOIN sb.phones p2 ON p2.id = cp2.phone_id"
	    " WHERE p2.e164 = '+12175550130')"), 3);
	/* One primary biller. */
	assert_int_equal(num(f, "SELECT count(*) FROM sb.organization_contacts"
	    " oc JOIN sb.organizations o ON o.id = oc.organization_id"
	    " WHERE o.subdomain = 'riverside' AND oc.role = 'billing'"
	    " AND oc.is_primary AND oc.deleted_at IS NULL"), 1);
}

static void
test_partner_contacts_serve_its_twenty_referrals(void **state)
{
	struct fixture	*f = *state;

	assert_int_equal(num(f, "SELECT count(*) FROM sb.organizations o"
	    " JOIN sb.organizations p ON p.id = o.referring_partner_id"
	    " WHERE p.subdomain = 'northwind'"), 20);
	/* Each of the three partner people is linked to all twenty. */
	assert_int_equal(num(f, "SELECT count(*) FROM (SELECT c.id"
	    " FROM sb.contacts c JOIN sb.organizations p"
	    " ON p.id = c.owner_organization_id"
	    " JOIN sb.organization_contacts oc ON oc.contact_id = c.id"
	    " JOIN sb.organizations o ON o.id = oc.organization_id"
	    " WHERE p.subdomain = 'northwind'"
	    " AND o.referring_partner_id = p.id AND oc.deleted_at IS NULL"
	    " GROUP BY c.id HAVING count(DISTINCT o.id) = 20) s"), 3);
}

static void
test_consultant_serves_five_providers_four_of_them_today(void **state)
{
	struct fixture	*f = *state;

	assert_int_equal(num(f, "SELECT count(DISTINCT organization_id)"
	    " FROM sb.organization_contacts oc JOIN sb.contacts c"
	    " ON c.id = oc.contact_id WHERE c.last_name = 'Oliveira'"
	    " AND oc.deleted_at IS NULL"), 5);
	assert_int_equal(num(f, "SELECT count(DISTINCT organization_id)"
	    " FROM sb.organization_contacts_on('" DAY "') oc JOIN sb.contacts c"
	    " ON c.id = oc.contact_id WHERE c.last_name = 'Oliveira'"), 4);
}

static void
test_volume_scripts_and_emergency_cover(void **state)
{
	struct fixture	*f = *state;

	assert_int_equal(num(f, "SELECT count(*) FROM sb.organizations"), 303);
	assert_in_range(num(f, "SELECT count(*) FROM sb.contacts"), 2000,
	    5000);
	assert_true(num(f, "SELECT count(*) FROM sb.contacts"
	    " WHERE first_name ~ '[\\u4e00-\\u9fff\\uac00-\\ud7af]'") > 50);
	assert_true(num(f, "SELECT count(*) FROM sb.contacts"
	    " WHERE first_name ~ '[\\u0590-\\u06ff]'") > 50);
	assert_true(num(f, "SELECT count(*) FROM sb.contacts"
	    " WHERE sb.fold(last_name) <> lower(last_name)") > 50);
	/* Most organizations have a primary emergency contact. */
	assert_true(num(f, "SELECT count(DISTINCT organization_id)"
	    " FROM sb.organization_contacts WHERE role = 'emergency'"
	    " AND is_primary AND deleted_at IS NULL") > 250);
	/* The expired locum is linked but not valid on the day. */
	assert_int_equal(num(f, "SELECT count(*) FROM"
	    " sb.organization_contacts_on('" DAY "') oc JOIN sb.contacts c"
	    " ON c.id = oc.contact_id WHERE c.last_name = 'Morgan'"
	    " AND c.first_name = 'Casey'"), 0);
}

/* The load says how far it has got, steadily, up to its end. */
static void
test_load_tells_how_far(void **state)
{
	(void)state;
	assert_false(told.other_phrase);
	assert_false(told.backwards);
	assert_true(told.total > 10000);
	assert_true(told.reports > 100);
	assert_true(told.last_done <= told.total);
	assert_true(told.last_done > told.total - 64);
}

static void
test_loading_twice_changes_nothing(void **state)
{
	struct fixture	*f = *state;
	struct sb_error	 err;
	char		*before, *after;
	long		 events;

	before = digest(f);
	events = num(f, "SELECT count(*) FROM sb.domain_events");
	if (demo_load(f->db, &err) != SB_OK)
		fail_msg("second load: %s", err.message);
	after = digest(f);
	assert_string_equal(before, after);
	assert_int_equal(num(f, "SELECT count(*) FROM sb.domain_events"),
	    events);
	free(before);
	free(after);
}

static void
test_replaying_the_log_rebuilds_the_same_state(void **state)
{
	struct fixture	*f = *state;
	char		*before, *after;

	before = digest(f);
	/*
	 * A replay is maintenance, not an interactive statement: it may take
	 * longer than the session's timeout on a busy machine.
	 */
	testsql_exec(db_conn(f->db), "SET statement_timeout = 0");
	testsql_exec(db_conn(f->db), "SELECT sb.rebuild_projections()");
	after = digest(f);
	assert_string_equal(before, after);
	free(before);
	free(after);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(
		test_riverside_has_three_offices_and_a_billing_department),
	    cmocka_unit_test(test_partner_contacts_serve_its_twenty_referrals),
	    cmocka_unit_test(
		test_consultant_serves_five_providers_four_of_them_today),
	    cmocka_unit_test(test_volume_scripts_and_emergency_cover),
	    cmocka_unit_test(test_load_tells_how_far),
	    cmocka_unit_test(test_loading_twice_changes_nothing),
	    cmocka_unit_test(test_replaying_the_log_rebuilds_the_same_state),
	};

	return cmocka_run_group_tests_name("demo", tests, setup, teardown);
}
