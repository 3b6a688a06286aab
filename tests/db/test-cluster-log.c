/* The server's log: bounded in size, without failing statements in full. */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <sys/stat.h>

#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <libpq-fe.h>

#include "switchboard/cluster.h"
#include "switchboard/util.h"
#include "testdb.h"
#include "testsql.h"

/* A login with no rights beyond connecting, as any person has. */
#define LOG_LOGIN	"log_login"
/* Bytes of each large statement. */
#define LOG_BIG		(2 * 1024 * 1024)
/* Most bytes the log of a throwaway cluster may hold. */
#define LOG_CAP		((off_t)CLUSTER_LOG_FILES * CLUSTER_LOG_TEST_MAX)
/* The oldest server.log.N looked at (more than the keeper makes). */
#define LOG_OLDEST	9

static struct testdb	*db;

static int
group_setup(void **state)
{
	PGconn	*su;

	(void)state;
	db = testdb_start();
	su = testdb_connect(db, CLUSTER_SUPERUSER);
	testsql_exec(su, "CREATE ROLE " LOG_LOGIN " LOGIN");
	PQfinish(su);
	return 0;
}

static int
group_teardown(void **state)
{
	(void)state;
	testdb_stop(db);
	return 0;
}

/* The path of log file i (0: server.log). Caller frees. */
static char *
log_path(int i)
{
	if (i == 0)
		return xasprintf("%s/cluster/server.log", testdb_dir(db));
	return xasprintf("%s/cluster/server.log.%d", testdb_dir(db), i);
}

/* How many log files there are; their total size and the largest. */
static int
log_sizes(off_t *total, off_t *largest)
{
	struct stat	 sb;
	char		*path;
	int		 i, n = 0;

	*total = *largest = 0;
	for (i = 0; i <= LOG_OLDEST; i++) {
		path = log_path(i);
		if (stat(path, &sb) == 0) {
			n++;
			*total += sb.st_size;
			if (sb.st_size > *largest)
				*largest = sb.st_size;
		}
		free(path);
	}
	return n;
}

static int
count(const char *text, const char *needle)
{
	int	n = 0;

	while ((text = strstr(text, needle)) != NULL) {
		n++;
		text += strlen(needle);
	}
	return n;
}

static size_t
longest_line(const char *text)
{
	size_t	n, most = 0;

	for (; *text != '\0'; text += n + (text[n] == '\n')) {
		n = strcspn(text, "\n");
		if (n > most)
			most = n;
	}
	return most;
}

/* Wait until the log holds text want times; the log then. Caller frees. */
static char *
log_wait(const char *text, int want)
{
	char	*log;
	int	 i;

	for (i = 0; i < 300; i++) {
		log = testdb_log(db, NULL);
		if (count(log, text) >= want)
			return log;
		free(log);
		nanosleep(&(struct timespec){ 0, 100000000 }, NULL);
	}
	fail_msg("the server log does not hold '%s' %d times", text, want);
	return NULL;
}

/* Run sql, which must fail. */
static void
must_fail(PGconn *conn, const char *sql)
{
	PGresult	*res = PQexec(conn, sql);

	assert_int_equal(PQresultStatus(res), PGRES_FATAL_ERROR);
	PQclear(res);
}

/*
 * A login sends large statements that fail: the log keeps their errors,
 * not the statements, and cuts an error that quotes its input.
 */
static void
test_failing_statements(void **state)
{
	PGconn	*conn;
	char	*fill, *sql, *log;
	off_t	 total, largest;
	int	 i;

	(void)state;
	fill = xmalloc(LOG_BIG + 1);
	memset(fill, 'q', LOG_BIG);
	fill[LOG_BIG] = '\0';
	conn = testdb_connect(db, LOG_LOGIN);
	for (i = 0; i < 5; i++) {
		sql = xasprintf("SELECT length('STMT-MARK-%d %s') / 0", i,
		    fill);
		must_fail(conn, sql);
		free(sql);
		sql = xasprintf("SELECT 'ECHO-MARK-%d %s'::int", i, fill);
		must_fail(conn, sql);
		free(sql);
	}
	PQfinish(conn);
	free(log_wait("division by zero", 5));
	log = log_wait("invalid input syntax", 5);
	assert_null(strstr(log, "STMT-MARK-"));
	assert_true(longest_line(log) <= CLUSTER_LOG_LINE_MAX + 64);
	log_sizes(&total, &largest);
	printf("5 x 2 MB failing statements, twice: %lld bytes of log\n",
	    (long long)total);
	assert_true(total <= LOG_CAP);
	assert_true(largest <= CLUSTER_LOG_TEST_MAX);
	free(log);
	free(fill);
}

/*
 * A login floods the log with small lines: it turns over into older
 * files, the oldest lines go, and the total stays under the cap.
 */
static void
test_flood_rotates(void **state)
{
	PGconn	*conn;
	char	*log;
	off_t	 total, largest;
	int	 files;

	(void)state;
	conn = testdb_connect(db, LOG_LOGIN);
	testsql_exec(conn, "DO $$ BEGIN FOR i IN 1..30000 LOOP "
	    "RAISE LOG 'flood % %', i, repeat('z', 100); END LOOP; END $$");
	PQfinish(conn);
	log = log_wait("flood 30000 ", 1);
	assert_null(strstr(log, "flood 1 "));
	files = log_sizes(&total, &largest);
	printf("4 MB of flood: %d files, %lld bytes, largest %lld\n", files,
	    (long long)total, (long long)largest);
	assert_int_equal(files, CLUSTER_LOG_FILES);
	assert_true(total <= LOG_CAP);
	assert_true(largest <= CLUSTER_LOG_TEST_MAX);
	free(log);
}

/*
 * A cluster whose server.log grew without bound (as it could before) is
 * cut down when its server starts, keeping the newest lines; the start
 * also brings it the current log settings.
 */
static void
test_old_log_cut(void **state)
{
	struct passwd	*pw;
	PGconn		*su;
	char		*path, *log;
	off_t		 total, largest;
	FILE		*fp;
	int		 i;

	(void)state;
	testdb_stop_server(db);
	for (i = 0; i <= LOG_OLDEST; i++) {
		path = log_path(i);
		unlink(path);
		free(path);
	}
	path = log_path(0);
	assert_non_null(fp = fopen(path, "w"));
	for (i = 0; i < 100000; i++)
		fprintf(fp, "old line %07d of an unbounded log\n", i);
	fputs("OLD-TAIL\n", fp);
	assert_int_equal(fclose(fp), 0);
	/* As root, the server's user wrote it. */
	if (geteuid() == 0) {
		assert_non_null(pw = getpwnam(CLUSTER_SYSTEM_USER));
		assert_int_equal(chown(path, pw->pw_uid, pw->pw_gid), 0);
	}
	free(path);
	testdb_start_server(db);
	for (i = 0; i < 100; i++) {
		log_sizes(&total, &largest);
		if (total <= LOG_CAP && largest <= CLUSTER_LOG_TEST_MAX)
			break;
		nanosleep(&(struct timespec){ 0, 100000000 }, NULL);
	}
	assert_true(total <= LOG_CAP);
	assert_true(largest <= CLUSTER_LOG_TEST_MAX);
	log = testdb_log(db, NULL);
	assert_non_null(strstr(log, "OLD-TAIL"));
	free(log);
	su = testdb_connect(db, CLUSTER_SUPERUSER);
	ASSERT_SQL(su, "panic", "SHOW log_min_error_statement");
	ASSERT_SQL(su, "0", "SHOW log_parameter_max_length");
	ASSERT_SQL(su, "0", "SHOW log_parameter_max_length_on_error");
	PQfinish(su);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_failing_statements),
		cmocka_unit_test(test_flood_rotates),
		cmocka_unit_test(test_old_log_cut),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
