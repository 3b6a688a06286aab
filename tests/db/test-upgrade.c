/* Database tests: a cluster an older program filled upgrades in place. */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libpq-fe.h>

#include "switchboard/cluster.h"
#include "switchboard/db-pq.h"
#include "switchboard/demo.h"
#include "switchboard/migrate.h"
#include "switchboard/util.h"
#include "testdb.h"
#include "testschema.h"
#include "testsql.h"

/* The last migration of the program before writes went through commands. */
#define UPGRADE_FROM	40
/* The last migration before the history was squashed into the baseline. */
#define UPGRADE_LEGACY	45

/* Every event of the log, in order, as one digest. */
#define UPGRADE_EVENTS_SQL \
	"SELECT md5(string_agg(e::text, chr(10) ORDER BY position))" \
	" FROM sb.domain_events e"

struct fixture {
	struct testdb	*tdb;
	PGconn		*su;
};

static int
setup(void **state)
{
	struct fixture	*f = xcalloc(1, sizeof *f);

	f->tdb = testdb_start();
	f->su = testdb_connect(f->tdb, CLUSTER_SUPERUSER);
	testsql_exec(f->su, "SET statement_timeout = 0");
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture	*f = *state;

	PQfinish(f->su);
	testdb_stop(f->tdb);
	free(f);
	return 0;
}

/* A connection as the superuser to database dbname of the cluster. */
static PGconn *
upgrade_connect(const struct testdb *tdb, const char *dbname)
{
	PGconn	*conn;
	char	*base, *info;

	base = testdb_conninfo(tdb, CLUSTER_SUPERUSER);
	info = xasprintf("%s dbname=%s", base, dbname);
	conn = PQconnectdb(info);
	if (PQstatus(conn) != CONNECTION_OK)
		fail_msg("cannot connect: %s", PQerrorMessage(conn));
	free(base);
	free(info);
	return conn;
}

/* A new database migrated by this program; its dump. Caller frees. */
static char *
upgrade_fresh_dump(const struct fixture *f, const char *dbname)
{
	struct sb_error	 err;
	PGconn		*conn;
	char		*sql, *dump;

	sql = xasprintf("CREATE DATABASE %s", dbname);
	testsql_exec(f->su, sql);
	free(sql);
	conn = upgrade_connect(f->tdb, dbname);
	if (migrate_run(conn, &err) != SB_OK)
		fail_msg("new database: %s", err.message);
	PQfinish(conn);
	dump = testschema_dump(f->tdb, dbname);
	return dump;
}

/*
 * The demo data loaded by the schema of UPGRADE_FROM, and a provider
 * admin's change written the way persons could write then (an event of
 * their own in the log); then the rest of the history as the program of
 * that time applied it, and a change through a command; then this
 * program's migrations. The projections and the log stay as they were,
 * the log replays to them, the persons of the old data work on under the
 * new rules, and the schema is the one a new database gets.
 */
/* What every migration records once applied: "45-baseline,...". */
static char *
upgrade_migrations(void)
{
	char	*s = xstrdup(""), *next;
	size_t	 i;

	for (i = 0; i < migrate_count; i++) {
		next = xasprintf("%s%s%d-%s", s, i > 0 ? "," : "",
		    migrate_list[i].version, migrate_list[i].name);
		free(s);
		s = next;
	}
	return s;
}

static void
test_upgrade_in_place(void **state)
{
	struct fixture		*f = *state;
	struct db		*db;
	struct db_params	 p = { .count = 0 };
	struct sb_error		 err;
	PGconn			*su, *prov;
	char			*before, *after, *events, *c, *v, *want;
	char			*fresh, *upgraded;

	db_params_set(&p, "host", testdb_host(f->tdb));
	db_params_set(&p, "dbname", CLUSTER_DATABASE);
	db_params_set(&p, "user", CLUSTER_SUPERUSER);
	if (db_connect(&p, &db, &err) != SB_OK)
		fail_msg("connect: %s", err.message);
	su = db_conn(db);
	testsql_exec(su, "SET statement_timeout = 0");
	testschema_legacy_run_to(su, UPGRADE_FROM);
	if (demo_load(db, &err) != SB_OK)
		fail_msg("old program: %s", err.message);
	ASSERT_SQL(su, "40", "SELECT max(version) FROM sb.schema_migrations");
	/* A person's own event, as the old policy let them append it. */
	prov = testdb_connect(f->tdb, DEMO_ROLE_PROVIDER);
	c = testsql_value(prov, "SELECT id FROM sb.contacts WHERE"
	    " sb.contact_readonly_reason(id) IS NULL ORDER BY last_name,"
	    " first_name LIMIT 1", NULL);
	assert_non_null(c);
	free(testsql_value(prov, "SELECT sb.contact_update($1, NULL,"
	    " '{\"title\": \"Before Upgrade\"}')", c, NULL));
	PQfinish(prov);

	/* The last program of the history, and a command of its time. */
	testschema_legacy_run_to(su, UPGRADE_LEGACY);
	ASSERT_SQL(su, "40", "SELECT count(*) FROM sb.schema_migrations");
	prov = testdb_connect(f->tdb, DEMO_ROLE_PROVIDER);
	free(testsql_value(prov, "SELECT sb.contact_update($1,"
	    " (SELECT version FROM sb.contacts WHERE id = $1),"
	    " '{\"last_name\": \"Legacy\"}')", c, NULL));
	PQfinish(prov);
	before = testsql_digest(su);
	events = testsql_value(su, UPGRADE_EVENTS_SQL, NULL);

	if (migrate_run(su, &err) != SB_OK)
		fail_msg("upgrade: %s (%s)", err.message, err.hint);
	v = testsql_value(su, "SELECT string_agg(version || '-' || name, ','"
	    " ORDER BY version) FROM sb.schema_migrations", NULL);
	want = upgrade_migrations();
	assert_string_equal(v, want);
	free(want);
	free(v);
	v = testsql_value(su, "SELECT count(*) FROM sb.schema_modules", NULL);
	assert_int_equal(strtoul(v, NULL, 10), migrate_module_count);
	free(v);
	after = testsql_digest(su);
	assert_string_equal(before, after);
	free(after);
	ASSERT_SQL(su, events, UPGRADE_EVENTS_SQL);
	testsql_exec(su, "SELECT sb.rebuild_projections()");
	after = testsql_digest(su);
	assert_string_equal(before, after);
	free(after);

	/* The old data's people work on, under today's rules. */
	prov = testdb_connect(f->tdb, DEMO_ROLE_PROVIDER);
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
	PQfinish(prov);

	/* The upgraded schema is the one a new database gets. */
	upgraded = testschema_dump(f->tdb, CLUSTER_DATABASE);
	fresh = upgrade_fresh_dump(f, "fresh");
	if (!testschema_same(fresh, upgraded, "new database",
	    "upgraded database"))
		fail_msg("the upgraded schema differs from a new one");
	free(fresh);
	free(upgraded);
	free(c);
	free(before);
	free(events);
	db_free(db);
}

/*
 * A database with only part of the history is refused, unchanged: this
 * program no longer has the migrations it lacks.
 */
static void
test_upgrade_partial_history(void **state)
{
	struct fixture	*f = *state;
	struct sb_error	 err;
	PGconn		*conn;

	testsql_exec(f->su, "CREATE DATABASE partial");
	conn = upgrade_connect(f->tdb, "partial");
	testschema_legacy_run_to(conn, UPGRADE_FROM);
	assert_int_equal(migrate_run(conn, &err), SB_UNSUPPORTED);
	assert_non_null(strstr(err.message, "040-search-spaces"));
	ASSERT_SQL(conn, "35", "SELECT count(*) FROM sb.schema_migrations");
	ASSERT_SQL(conn, "0", "SELECT count(*) FROM sb.schema_modules");

	/* A changed migration of the history is refused as well. */
	testschema_legacy_run_to(conn, UPGRADE_LEGACY);
	testsql_exec(conn, "UPDATE sb.schema_migrations"
	    " SET checksum = md5(checksum) WHERE version = 14");
	assert_int_equal(migrate_run(conn, &err), SB_CORRUPT);
	assert_non_null(strstr(err.message, "014-search"));
	PQfinish(conn);
}

/*
 * doc/schema.sql is what a new database has: a reader sees the schema
 * there without replaying the migrations. With SB_SCHEMA_WRITE set (make
 * schema-doc), the file is written instead.
 */
static void
test_upgrade_schema_doc(void **state)
{
	struct fixture	*f = *state;
	const char	*top = getenv("SB_TOP_SRCDIR");
	const char	*out = getenv("SB_SCHEMA_WRITE");
	char		*path, *want, *got;
	FILE		*fp;

	got = upgrade_fresh_dump(f, "schemadoc");
	if (out != NULL) {
		if ((fp = fopen(out, "w")) == NULL ||
		    fputs("-- The schema a new database has: pg_dump "
		    "--schema-only, without comments.\n-- Generated by "
		    "\"make schema-doc\"; do not edit.\n", fp) == EOF ||
		    fputs(got, fp) == EOF || fclose(fp) == EOF)
			fail_msg("cannot write %s", out);
		free(got);
		return;
	}
	path = xasprintf("%s/doc/schema.sql", top != NULL ? top : ".");
	if ((fp = fopen(path, "r")) == NULL)
		fail_msg("cannot open %s", path);
	want = xmalloc(1 << 20);
	want[fread(want, 1, (1 << 20) - 1, fp)] = '\0';
	fclose(fp);
	free(path);
	path = want;
	want = testschema_normalize(path);
	free(path);
	if (!testschema_same(want, got, "doc/schema.sql", "new database"))
		fail_msg("doc/schema.sql is not the schema the migrations "
		    "make; run \"make schema-doc\" and commit it");
	free(want);
	free(got);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_upgrade_in_place),
		cmocka_unit_test(test_upgrade_partial_history),
		cmocka_unit_test(test_upgrade_schema_doc),
	};

	/* make schema-doc: only write the file. */
	if (getenv("SB_SCHEMA_WRITE") != NULL)
		cmocka_set_test_filter("test_upgrade_schema_doc");
	return cmocka_run_group_tests(tests, setup, teardown);
}
