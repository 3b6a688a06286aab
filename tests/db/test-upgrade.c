/* Database tests: a cluster an older program filled upgrades in place. */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include <libpq-fe.h>

#include "switchboard/cluster.h"
#include "switchboard/db-pq.h"
#include "switchboard/demo.h"
#include "switchboard/migrate.h"
#include "testdb.h"
#include "testsql.h"

/* The last migration of the program before writes went through commands. */
#define UPGRADE_FROM	40

/*
 * The demo data loaded by the schema of UPGRADE_FROM, and a provider
 * admin's change written the way persons could write then (an event of
 * their own in the log); then the migrations since. The projections stay
 * as they were, the log replays to them, and the persons of the old data
 * work on under the new rules.
 */
static void
test_upgrade_in_place(void **state)
{
	struct testdb		*tdb;
	struct db		*db;
	struct db_params	 p = { .count = 0 };
	struct sb_error		 err;
	PGconn			*su, *prov;
	char			*before, *after, *c, *v;

	(void)state;
	tdb = testdb_start();
	db_params_set(&p, "host", testdb_host(tdb));
	db_params_set(&p, "dbname", CLUSTER_DATABASE);
	db_params_set(&p, "user", CLUSTER_SUPERUSER);
	if (db_connect(&p, &db, &err) != SB_OK ||
	    migrate_run_to(db_conn(db), UPGRADE_FROM, &err) != SB_OK ||
	    demo_load(db, &err) != SB_OK)
		fail_msg("old program: %s", err.message);
	su = db_conn(db);
	testsql_exec(su, "SET statement_timeout = 0");
	ASSERT_SQL(su, "40", "SELECT max(version) FROM sb.schema_migrations");
	/* A person's own event, as the old policy let them append it. */
	prov = testdb_connect(tdb, DEMO_ROLE_PROVIDER);
	c = testsql_value(prov, "SELECT id FROM sb.contacts WHERE"
	    " sb.contact_readonly_reason(id) IS NULL ORDER BY last_name,"
	    " first_name LIMIT 1", NULL);
	assert_non_null(c);
	free(testsql_value(prov, "SELECT sb.contact_update($1, NULL,"
	    " '{\"title\": \"Before Upgrade\"}')", c, NULL));
	before = testsql_digest(su);

	if (migrate_run(su, &err) != SB_OK)
		fail_msg("upgrade: %s", err.message);
	v = testsql_value(su, "SELECT count(*) = 0 FROM sb.schema_migrations"
	    " WHERE version > 40", NULL);
	assert_string_equal(v, "f");
	free(v);
	after = testsql_digest(su);
	assert_string_equal(before, after);
	free(after);
	testsql_exec(su, "SELECT sb.rebuild_projections()");
	after = testsql_digest(su);
	assert_string_equal(before, after);
	free(after);

	/* The old data's people work on, under today's rules. */
	PQfinish(prov);
	prov = testdb_connect(tdb, DEMO_ROLE_PROVIDER);
	ASSERT_SQL(prov, "Before Upgrade", "SELECT title FROM sb.contacts"
	    " WHERE id = $1", c, NULL);
	free(testsql_value(prov, "SELECT sb.contact_update($1, NULL,"
	    " '{\"title\": \"After Upgrade\"}')", c, NULL));
	ASSERT_SQL(su, "After Upgrade", "SELECT title FROM sb.contacts"
	    " WHERE id = $1", c, NULL);
	ASSERT_SQLSTATE(prov, "42501", "INSERT INTO sb.domain_events"
	    " (event_id, stream_type, stream_id, stream_version, event_type,"
	    " payload) VALUES (gen_random_uuid(), 'contact', $1, 1000,"
	    " 'contact.updated', '{}')", c, NULL);
	ASSERT_SQLSTATE(prov, "SB004", "SELECT sb.contact_phone_add($1,"
	    " '+1 217 555 0100', 'mobile', e164 => '+19005550199')", c, NULL);
	free(c);
	free(before);
	PQfinish(prov);
	db_free(db);
	testdb_stop(tdb);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_upgrade_in_place),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
