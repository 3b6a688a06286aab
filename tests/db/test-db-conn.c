/* Tests of connection behaviour: timeouts, notices, losing the server. */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <libpq-fe.h>

#include "switchboard/cluster.h"
#include "switchboard/db.h"
#include "switchboard/db-pq.h"
#include "switchboard/util.h"
#include "testdb.h"

#define WAIT_MS		10000

static struct testdb	*tdb;
static char		 port[16];

static int
setup_group(void **state)
{
	tdb = testdb_start();
	snprintf(port, sizeof port, "%d", testdb_port(tdb));
	return 0;
}

static int
teardown_group(void **state)
{
	testdb_stop(tdb);
	return 0;
}

static struct db *
connect_db_options(const char *options)
{
	struct db_params	 p = { .count = 0 };
	struct db		*db;
	struct sb_error		 err;

	db_params_set(&p, "host", testdb_host(tdb));
	db_params_set(&p, "port", port);
	db_params_set(&p, "dbname", CLUSTER_DATABASE);
	db_params_set(&p, "user", CLUSTER_SUPERUSER);
	if (options != NULL)
		db_params_set(&p, "options", options);
	if (db_connect(&p, &db, &err) != SB_OK)
		fail_msg("db_connect: %s", err.message);
	return db;
}

static struct db *
connect_db(void)
{
	return connect_db_options(NULL);
}

/* The first value of a query, which must succeed. Caller frees. */
static char *
value(struct db *db, const char *sql)
{
	PGresult	*res;
	struct sb_error	 err;
	char		*v;

	if (db_exec(db, sql, 0, NULL, &res, &err) != SB_OK)
		fail_msg("%s: %s", sql, err.message);
	assert_int_equal(PQntuples(res), 1);
	v = xstrdup(PQgetvalue(res, 0, 0));
	PQclear(res);
	return v;
}

static void
assert_value(struct db *db, const char *sql, const char *want)
{
	char	*v = value(db, sql);

	assert_string_equal(v, want);
	free(v);
}

static void
run(struct db *db, const char *sql)
{
	struct sb_error	err;

	if (db_exec(db, sql, 0, NULL, NULL, &err) != SB_OK)
		fail_msg("%s: %s", sql, err.message);
}

static long long
now_ms(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* A statement over the timeout is cancelled: unavailable, clearly said. */
static void
test_statement_timeout(void **state)
{
	struct db	*db = connect_db();
	struct sb_error	 err;

	assert_value(db, "SHOW statement_timeout", "30s");
	run(db, "SET statement_timeout = '50ms'");
	assert_int_equal(db_exec(db, "SELECT pg_sleep(5)", 0, NULL, NULL,
	    &err), SB_UNAVAILABLE);
	assert_string_equal(err.sqlstate, "57014");
	assert_string_equal(err.message, "the server took too long to answer");
	assert_non_null(strstr(err.hint, "narrow the request"));
	/* The connection itself is fine. */
	assert_false(db_is_lost(db));
	assert_value(db, "SELECT 1", "1");
	db_free(db);
}

/* The error of sql: its status, its message and hint. */
static enum sb_status
failure(struct db *db, const char *sql, struct sb_error *err)
{
	enum sb_status	st = db_exec(db, sql, 0, NULL, NULL, err);

	assert_int_not_equal(st, SB_OK);
	return st;
}

/*
 * The server's own errors name tables, policies and types: a person gets
 * a sentence naming the rule and what to do, and the server's words stay
 * behind the details; what the schema raises itself passes unchanged.
 */
static void
test_server_words(void **state)
{
	struct db	*db = connect_db();
	struct sb_error	 err;
	char		 details[1200];

	run(db, "CREATE TABLE public.words (id int PRIMARY KEY, "
	    "v varchar(3))");
	run(db, "INSERT INTO public.words VALUES (1, 'a')");
	assert_int_equal(failure(db, "INSERT INTO public.words VALUES (1, "
	    "'b')", &err), SB_CONFLICT);
	assert_string_equal(err.message, "a record with these values exists "
	    "already");
	assert_non_null(strstr(err.hint, "nothing was changed"));
	assert_null(strstr(err.message, "words_pkey"));
	assert_true(db_error_details(details, sizeof details));
	assert_non_null(strstr(details, "SQLSTATE 23505"));
	assert_non_null(strstr(details, "words_pkey"));
	assert_int_equal(failure(db, "INSERT INTO public.words VALUES (2, "
	    "'long')", &err), SB_INVALID);
	assert_string_equal(err.message, "a value is longer than the directory "
	    "keeps");
	/* A login without the right: the rule, not the table's name. */
	run(db, "CREATE ROLE words_reader");
	run(db, "SET ROLE words_reader");
	assert_int_equal(failure(db, "INSERT INTO public.words VALUES (3, "
	    "'c')", &err), SB_DENIED);
	assert_string_equal(err.message, "your access does not allow this "
	    "change");
	assert_non_null(strstr(err.hint, "super admin"));
	assert_true(db_error_details(details, sizeof details));
	assert_non_null(strstr(details, "permission denied for table words"));
	run(db, "RESET ROLE");
	/* Written for people by the schema: kept as it is. */
	assert_int_equal(failure(db, "DO $$ BEGIN RAISE EXCEPTION USING "
	    "ERRCODE = '42501', MESSAGE = 'read-only access', HINT = 'ask "
	    "for it'; END $$", &err), SB_DENIED);
	assert_string_equal(err.message, "read-only access");
	assert_string_equal(err.hint, "ask for it");
	run(db, "DROP TABLE public.words");
	run(db, "DROP ROLE words_reader");
	db_free(db);
}

/*
 * A lock held by another session past the lock timeout: a conflict that
 * says someone else is saving, not the server's own words.
 */
static void
test_lock_timeout(void **state)
{
	struct db	*holder = connect_db(), *db = connect_db();
	struct sb_error	 err;

	run(holder, "SELECT pg_advisory_lock(4242)");
	run(db, "SET lock_timeout = '50ms'");
	assert_int_equal(db_exec(db, "SELECT pg_advisory_lock(4242)", 0, NULL,
	    NULL, &err), SB_CONFLICT);
	assert_string_equal(err.sqlstate, "55P03");
	assert_non_null(strstr(err.message, "another session is saving"));
	assert_null(strstr(err.message, "canceling"));
	assert_non_null(strstr(err.hint, "try again"));
	assert_false(db_is_lost(db));
	run(holder, "SELECT pg_advisory_unlock(4242)");
	assert_value(db, "SELECT 1 FROM (SELECT pg_advisory_lock(4242)) l",
	    "1");
	db_free(db);
	db_free(holder);
}

/* An idle open transaction is ended by the server; we notice and recover. */
static void
test_idle_in_transaction_timeout(void **state)
{
	struct db	*db = connect_db();
	struct pollfd	 pfd;
	struct sb_error	 err;

	assert_value(db, "SHOW idle_in_transaction_session_timeout", "1min");
	run(db, "SET idle_in_transaction_session_timeout = '100ms'");
	run(db, "BEGIN");
	/* The server ends the session: the socket becomes readable. */
	pfd.fd = db_socket(db);
	pfd.events = POLLIN;
	assert_int_equal(poll(&pfd, 1, WAIT_MS), 1);
	assert_int_equal(db_exec(db, "SELECT 1", 0, NULL, NULL, &err),
	    SB_UNAVAILABLE);
	assert_true(db_is_lost(db));
	if (db_reconnect(db, WAIT_MS, &err) != SB_OK)
		fail_msg("reconnect: %s", err.message);
	assert_false(db_is_lost(db));
	assert_int_equal(db_generation(db), 2);
	/* The session settings are made again. */
	assert_value(db, "SHOW idle_in_transaction_session_timeout", "1min");
	db_free(db);
}

/* A notice is kept for the status line; nothing reaches stderr. */
static void
test_notice_captured(void **state)
{
	struct db	*db = connect_db();
	char		 path[] = "/tmp/switchboard-stderr-XXXXXX", buf[256];
	ssize_t		 n;
	int		 fd, saved;

	assert_string_equal(db_last_notice(db), "");
	fd = mkstemp(path);
	assert_true(fd != -1);
	unlink(path);
	fflush(stderr);
	saved = dup(STDERR_FILENO);
	dup2(fd, STDERR_FILENO);
	run(db, "DO $$ BEGIN RAISE NOTICE 'hello %', 42; END $$");
	run(db, "DO $$ BEGIN RAISE WARNING 'careful'; END $$");
	fflush(stderr);
	dup2(saved, STDERR_FILENO);
	close(saved);
	n = pread(fd, buf, sizeof buf - 1, 0);
	close(fd);
	buf[n > 0 ? n : 0] = '\0';
	assert_string_equal(buf, "");
	assert_string_equal(db_last_notice(db), "careful");
	db_free(db);
}

/* Our defaults apply; the PG* environment still wins over them. */
static void
test_defaults_and_environment(void **state)
{
	struct db		*db;
	PQconninfoOption	*opts, *o;
	int			 keepalives = 0;

	db = connect_db();
	assert_value(db, "SHOW application_name", "switchboard");
	opts = PQconninfo(db_conn(db));
	for (o = opts; o->keyword != NULL; o++) {
		if (strcmp(o->keyword, "keepalives") == 0 && o->val != NULL)
			keepalives = strcmp(o->val, "1") == 0;
	}
	PQconninfoFree(opts);
	assert_true(keepalives);
	db_free(db);
	setenv("PGAPPNAME", "from-environment", 1);
	db = connect_db();
	unsetenv("PGAPPNAME");
	assert_value(db, "SHOW application_name", "from-environment");
	db_free(db);
}

/* Drive db_reconnect_poll as a UI loop would, until state or timeout. */
static enum db_state
reconnect_until(struct db *db, enum db_state want, int failed_attempt,
    struct sb_error *err)
{
	struct db_wait	w;
	struct pollfd	pfd;
	enum db_state	st;
	long long	deadline = now_ms() + WAIT_MS;

	sb_error_clear(err);
	for (;;) {
		st = db_reconnect_poll(db, &w, err);
		if (st == want && (!failed_attempt || err->status != SB_OK))
			return st;
		if (now_ms() >= deadline)
			return st;
		/* Never an endless wait: the loop keeps answering keys. */
		assert_true(w.timeout_ms >= 0);
		pfd.fd = w.fd;
		pfd.events = w.events;
		poll(&pfd, w.fd == -1 ? 0 : 1, w.timeout_ms);
	}
}

/* The settings of the session, and where each came from. */
#define SESSION_SETTINGS_SQL \
	"SELECT string_agg(name || '=' || setting || '/' || source, ' '" \
	" ORDER BY name) FROM pg_settings WHERE name IN ('search_path'," \
	" 'statement_timeout', 'idle_in_transaction_session_timeout'," \
	" 'lock_timeout')"

/*
 * With DB_SESSION_OPTIONS the settings arrive with the connection (the
 * server says "client"), not from a statement after it ("session"); the
 * values are the same either way, and survive a reconnect.
 */
static void
test_session_options(void **state)
{
	struct db	*plain = connect_db();
	struct db	*preset = connect_db_options(DB_SESSION_OPTIONS);
	struct sb_error	 err;

	assert_value(plain, SESSION_SETTINGS_SQL,
	    "idle_in_transaction_session_timeout=60000/session "
	    "lock_timeout=10000/session "
	    "search_path=sb, pg_catalog/session "
	    "statement_timeout=30000/session");
	assert_value(preset, SESSION_SETTINGS_SQL,
	    "idle_in_transaction_session_timeout=60000/client "
	    "lock_timeout=10000/client "
	    "search_path=sb,pg_catalog/client "
	    "statement_timeout=30000/client");
	/* A reconnect sends the same options again. */
	run(plain, "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
	    " WHERE pid <> pg_backend_pid() AND backend_type ="
	    " 'client backend' AND datname = current_database()"
	    " AND usename = current_user");
	assert_int_equal(db_exec(preset, "SELECT 1", 0, NULL, NULL, &err),
	    SB_UNAVAILABLE);
	assert_int_equal(reconnect_until(preset, DB_STATE_OK, 0, &err),
	    DB_STATE_OK);
	assert_value(preset, SESSION_SETTINGS_SQL,
	    "idle_in_transaction_session_timeout=60000/client "
	    "lock_timeout=10000/client "
	    "search_path=sb,pg_catalog/client "
	    "statement_timeout=30000/client");
	db_free(plain);
	db_free(preset);
}

/*
 * The server stops mid-session: the failure is SB_UNAVAILABLE, attempts
 * fail while it is down, the reconnect succeeds when it is back, and the
 * failed statement was not applied, then or later.
 */
static void
test_server_restart(void **state)
{
	struct db	*db = connect_db();
	struct sb_error	 err;

	run(db, "CREATE TABLE public.restart_log (n integer)");
	run(db, "INSERT INTO public.restart_log VALUES (1)");
	testdb_stop_server(tdb);
	assert_int_equal(db_exec(db, "INSERT INTO public.restart_log "
	    "VALUES (2)", 0, NULL, NULL, &err), SB_UNAVAILABLE);
	assert_true(db_is_lost(db));
	assert_int_equal(reconnect_until(db, DB_STATE_WAITING, 1, &err),
	    DB_STATE_WAITING);
	assert_int_equal(err.status, SB_UNAVAILABLE);
	assert_true(err.message[0] != '\0');
	testdb_start_server(tdb);
	assert_int_equal(reconnect_until(db, DB_STATE_OK, 0, &err),
	    DB_STATE_OK);
	assert_false(db_is_lost(db));
	assert_value(db, "SELECT string_agg(n::text, ',' ORDER BY n) "
	    "FROM public.restart_log", "1");
	run(db, "INSERT INTO public.restart_log VALUES (2)");
	assert_value(db, "SELECT string_agg(n::text, ',' ORDER BY n) "
	    "FROM public.restart_log", "1,2");
	db_free(db);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_statement_timeout),
		cmocka_unit_test(test_server_words),
		cmocka_unit_test(test_lock_timeout),
		cmocka_unit_test(test_idle_in_transaction_timeout),
		cmocka_unit_test(test_notice_captured),
		cmocka_unit_test(test_defaults_and_environment),
		cmocka_unit_test(test_server_restart),
		cmocka_unit_test(test_session_options),
	};

	return cmocka_run_group_tests(tests, setup_group, teardown_group);
}
