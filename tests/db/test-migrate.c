/* Tests of the migrations against a real PostgreSQL server. */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <sys/wait.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libpq-fe.h>

#include "switchboard/cluster.h"
#include "switchboard/migrate.h"
#include "switchboard/util.h"
#include "testdb.h"
#include "testsql.h"

struct fixture {
	struct testdb	*db;
	PGconn		*conn;
};

static int
setup(void **state)
{
	struct fixture	*f;

	f = xcalloc(1, sizeof *f);
	f->db = testdb_start();
	f->conn = testdb_connect(f->db, CLUSTER_SUPERUSER);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture	*f = *state;

	PQfinish(f->conn);
	testdb_stop(f->db);
	free(f);
	return 0;
}

static void
assert_migrated(PGconn *conn)
{
	struct migrate_status	*st;
	struct sb_error		 err;
	size_t			 i;

	assert_int_equal(migrate_status(conn, &st, &err), SB_OK);
	assert_int_equal(st->count, migrate_count);
	assert_int_equal(st->pending, 0);
	assert_int_equal(st->modules_pending, 0);
	for (i = 0; i < st->count; i++) {
		assert_true(st->entries[i].applied);
		assert_false(st->entries[i].changed);
		assert_non_null(st->entries[i].applied_at);
	}
	migrate_status_free(st);
}

/* An empty database: everything pending, then everything applied. */
static void
test_migrate_empty(void **state)
{
	struct fixture		*f = *state;
	struct migrate_status	*st;
	struct sb_error		 err;
	char			*v;

	assert_true(migrate_count >= 1);
	assert_int_equal(migrate_status(f->conn, &st, &err), SB_OK);
	assert_int_equal(st->pending, migrate_count);
	assert_int_equal(st->modules_pending, migrate_module_count);
	migrate_status_free(st);

	if (migrate_run(f->conn, &err) != SB_OK)
		fail_msg("migrate_run: %s (%s)", err.message, err.hint);
	assert_migrated(f->conn);

	/* Every object of the schema belongs to the owner role. */
	v = testsql_value(f->conn, "SELECT count(*) FROM pg_class c "
	    "JOIN pg_namespace n ON n.oid = c.relnamespace "
	    "WHERE n.nspname = 'sb' AND c.relkind IN ('r', 'v', 'i', 'S') "
	    "AND pg_get_userbyid(c.relowner) <> 'switchboard_owner'", NULL);
	assert_string_equal(v, "0");
	free(v);
	v = testsql_value(f->conn, "SELECT count(*) FROM pg_proc p "
	    "JOIN pg_namespace n ON n.oid = p.pronamespace "
	    "LEFT JOIN pg_depend d ON d.objid = p.oid AND d.deptype = 'e' "
	    "WHERE n.nspname = 'sb' AND d.objid IS NULL "
	    "AND pg_get_userbyid(p.proowner) <> 'switchboard_owner'", NULL);
	assert_string_equal(v, "0");
	free(v);
	v = testsql_value(f->conn, "SELECT rolcanlogin FROM pg_roles "
	    "WHERE rolname = 'switchboard_owner'", NULL);
	assert_string_equal(v, "f");
	free(v);
}

/* A second run changes nothing. */
static void
test_migrate_again_noop(void **state)
{
	struct fixture	*f = *state;
	struct sb_error	 err;
	char		*before, *after;
	const char	*fingerprint = "SELECT string_agg(version || name || "
	    "applied_at || checksum, ',' ORDER BY version) || "
	    "(SELECT count(*) FROM pg_class c JOIN pg_namespace n ON "
	    "n.oid = c.relnamespace WHERE n.nspname = 'sb') || "
	    "(SELECT count(*) FROM sb.domain_events) "
	    "FROM sb.schema_migrations";

	before = testsql_value(f->conn, fingerprint, NULL);
	assert_int_equal(migrate_run(f->conn, &err), SB_OK);
	after = testsql_value(f->conn, fingerprint, NULL);
	assert_string_equal(before, after);
	free(before);
	free(after);
	assert_migrated(f->conn);
}

/* An applied migration that no longer matches the program is refused. */
static void
test_migrate_checksum_mismatch(void **state)
{
	struct fixture		*f = *state;
	struct migrate_status	*st;
	struct sb_error		 err;
	char			*orig;

	orig = testsql_value(f->conn, "SELECT checksum FROM "
	    "sb.schema_migrations WHERE version = 45", NULL);
	testsql_exec(f->conn, "UPDATE sb.schema_migrations "
	    "SET checksum = md5(checksum) WHERE version = 45");
	assert_int_equal(migrate_run(f->conn, &err), SB_CORRUPT);
	assert_non_null(strstr(err.message, "045-baseline"));
	assert_int_not_equal(err.hint[0], '\0');

	assert_int_equal(migrate_status(f->conn, &st, &err), SB_OK);
	assert_true(st->entries[0].changed);
	migrate_status_free(st);

	/* With the original back, it is accepted again. */
	free(testsql_value(f->conn, "UPDATE sb.schema_migrations "
	    "SET checksum = $1 WHERE version = 45", orig, NULL));
	free(orig);
	assert_int_equal(migrate_run(f->conn, &err), SB_OK);
	assert_migrated(f->conn);
}

/*
 * A module that changed is applied again: a key function with another
 * definition has what was computed with the old one computed again (the
 * generated name keys, the index on sb.fold), and a function no module
 * defines any more is dropped.
 */
static void
test_migrate_module_changed(void **state)
{
	struct fixture	*f = *state;
	struct sb_error	 err;

	testsql_exec(f->conn, "INSERT INTO sb.organizations (id, name, kind,"
	    " version, created_at, updated_at, updated_by) VALUES"
	    " (gen_random_uuid(), 'Ærø Air', 'provider', 1, now(), now(),"
	    " 'test');"
	    "INSERT INTO sb.contacts (id, first_name, last_name, version,"
	    " created_at, updated_at, updated_by) VALUES (gen_random_uuid(),"
	    " 'Zoë', 'Ærø', 1, now(), now(), 'test')");
	/* As an older program with another sb.fold left it. */
	testsql_exec(f->conn, "CREATE OR REPLACE FUNCTION sb.fold(text)"
	    " RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT"
	    " RETURN upper($1);"
	    "UPDATE sb.contacts SET first_name = first_name;"
	    "REINDEX INDEX sb.organizations_name_fold;"
	    "CREATE FUNCTION sb.stale() RETURNS int LANGUAGE sql RETURN 1;"
	    "UPDATE sb.schema_modules SET checksum = 'old'"
	    " WHERE name IN ('keys', 'search')");
	ASSERT_SQL(f->conn, "ZOË ÆRØ", "SELECT name_key FROM sb.contacts");

	if (migrate_run(f->conn, &err) != SB_OK)
		fail_msg("migrate_run: %s (%s)", err.message, err.hint);
	assert_migrated(f->conn);
	ASSERT_SQL(f->conn, "zoe aero", "SELECT name_key FROM sb.contacts");
	ASSERT_SQL(f->conn, "aero zoe", "SELECT last_word_key FROM sb.contacts");
	testsql_exec(f->conn, "SET enable_seqscan = off");
	ASSERT_SQL(f->conn, "1", "SELECT count(*) FROM sb.organizations WHERE"
	    " sb.fold(name) COLLATE \"C\" LIKE 'aero%'");
	testsql_exec(f->conn, "RESET enable_seqscan");
	ASSERT_SQL(f->conn, "", "SELECT coalesce(string_agg(proname, ','), '')"
	    " FROM pg_proc WHERE proname = 'stale'");
	testsql_exec(f->conn, "TRUNCATE sb.organizations, sb.contacts CASCADE");
}

/* A database migrated by a newer program is refused, not downgraded. */
static void
test_migrate_unknown_version(void **state)
{
	struct fixture		*f = *state;
	struct migrate_status	*st;
	struct sb_error		 err;

	testsql_exec(f->conn, "INSERT INTO sb.schema_migrations "
	    "(version, name, checksum) VALUES (999, 'future', 'x')");
	assert_int_equal(migrate_run(f->conn, &err), SB_UNSUPPORTED);
	assert_non_null(strstr(err.message, "999-future"));
	assert_int_equal(migrate_status(f->conn, &st, &err), SB_OK);
	assert_int_equal(st->count, migrate_count + 1);
	assert_true(st->entries[migrate_count].unknown);
	assert_int_equal(st->entries[migrate_count].version, 999);
	migrate_status_free(st);
	testsql_exec(f->conn, "DELETE FROM sb.schema_migrations "
	    "WHERE version = 999");
	assert_int_equal(migrate_run(f->conn, &err), SB_OK);
}

/* Migrate a fresh database in a child process; exit status is the result. */
static pid_t
migrate_in_child(const struct testdb *db, const char *dbname)
{
	PGconn		*conn;
	struct sb_error	 err;
	char		*base, *info;
	pid_t		 pid;

	pid = fork();
	assert_true(pid >= 0);
	if (pid > 0)
		return pid;
	base = testdb_conninfo(db, CLUSTER_SUPERUSER);
	info = xasprintf("%s dbname=%s", base, dbname);
	conn = PQconnectdb(info);
	if (PQstatus(conn) != CONNECTION_OK)
		_exit(100);
	if (migrate_run(conn, &err) != SB_OK) {
		fprintf(stderr, "child: %s\n", err.message);
		_exit(1 + (int)err.status);
	}
	PQfinish(conn);
	_exit(0);
}

/* Two processes migrating one database at once both succeed. */
static void
test_migrate_concurrent(void **state)
{
	struct fixture	*f = *state;
	PGconn		*conn;
	char		*base, *info, *v;
	pid_t		 pids[3];
	int		 i, status;

	testsql_exec(f->conn, "CREATE DATABASE concurrent");
	for (i = 0; i < 3; i++)
		pids[i] = migrate_in_child(f->db, "concurrent");
	for (i = 0; i < 3; i++) {
		assert_int_equal(waitpid(pids[i], &status, 0), pids[i]);
		assert_true(WIFEXITED(status));
		assert_int_equal(WEXITSTATUS(status), 0);
	}
	base = testdb_conninfo(f->db, CLUSTER_SUPERUSER);
	info = xasprintf("%s dbname=concurrent", base);
	free(base);
	conn = PQconnectdb(info);
	assert_int_equal(PQstatus(conn), CONNECTION_OK);
	assert_migrated(conn);
	v = testsql_value(conn, "SELECT count(*) FROM sb.schema_migrations",
	    NULL);
	assert_int_equal(strtoul(v, NULL, 10), migrate_count);
	free(v);
	PQfinish(conn);
	free(info);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_migrate_empty),
		cmocka_unit_test(test_migrate_again_noop),
		cmocka_unit_test(test_migrate_checksum_mismatch),
		cmocka_unit_test(test_migrate_module_changed),
		cmocka_unit_test(test_migrate_unknown_version),
		cmocka_unit_test(test_migrate_concurrent),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
