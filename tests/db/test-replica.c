/* Tests of multi-host connections and standby reads on real replication. */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <sys/stat.h>

#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <libpq-fe.h>

#include "switchboard/cluster.h"
#include "switchboard/db-pool.h"
#include "switchboard/db-pq.h"
#include "switchboard/util.h"
#include "testdb.h"

#define WAIT_MS		10000

/* The primary (a throwaway cluster) and a streaming standby beside it. */
struct replica {
	struct testdb		*primary;
	char			*bindir;
	char			*dir;		/* standby top directory */
	char			*datadir;
	char			*rundir;
	char			*logfile;
	struct cluster_user	 user;
	int			 as_root;
	int			 running;
	char			 port[16];
};

static struct replica	rep;

/* Run a server program as the server's user; fail the test on error. */
static void
replica_run(char **argv)
{
	char	out[2048];

	if (cluster_exec_run(rep.as_root ? &rep.user : NULL, argv, -1, out,
	    sizeof out) != 0)
		fail_msg("%s failed: %s", argv[0], out);
}

static void
replica_mkdir(const char *path)
{
	if (mkdir(path, 0700) != 0)
		fail_msg("mkdir %s failed", path);
	if (rep.as_root && chown(path, rep.user.uid, rep.user.gid) != 0)
		fail_msg("chown %s failed", path);
}

/* Its own socket directory; everything else as on the primary. */
static void
replica_configure(void)
{
	char	*path;
	FILE	*f;

	path = util_path_join(rep.datadir, "postgresql.auto.conf");
	if ((f = fopen(path, "a")) == NULL)
		fail_msg("cannot open %s", path);
	fprintf(f, "unix_socket_directories = '%s'\nhot_standby = on\n",
	    rep.rundir);
	if (fclose(f) != 0)
		fail_msg("cannot write %s", path);
	free(path);
}

/* pg_basebackup -R from the primary, then start the standby. */
static void
replica_create(void)
{
	char	*prog, *ctl;

	prog = util_path_join(rep.bindir, "pg_basebackup");
	replica_run((char *[]){ prog, "-h", (char *)testdb_host(rep.primary),
	    "-p", rep.port, "-U", CLUSTER_SUPERUSER, "-D", rep.datadir, "-R",
	    "-Xstream", "-cfast", "--no-sync", NULL });
	free(prog);
	replica_configure();
	ctl = util_path_join(rep.bindir, "pg_ctl");
	replica_run((char *[]){ ctl, "start", "-s", "-w", "-t60", "-D",
	    rep.datadir, "-l", rep.logfile, NULL });
	free(ctl);
	rep.running = 1;
}

static int
setup_group(void **state)
{
	struct sb_error	 err;
	char		*prog;

	sb_error_clear(&err);
	if ((rep.bindir = cluster_exec_find_bindir(&err)) == NULL)
		fail_msg("%s", err.message);
	prog = util_path_join(rep.bindir, "pg_basebackup");
	if (access(prog, X_OK) != 0) {
		free(prog);
		print_message("skipped: %s/pg_basebackup is missing (apt-get "
		    "install postgresql)\n", rep.bindir);
		return 0;
	}
	free(prog);
	rep.as_root = geteuid() == 0;
	if (rep.as_root && cluster_exec_system_user(&rep.user, &err) != SB_OK)
		fail_msg("%s", err.message);
	rep.primary = testdb_start();
	snprintf(rep.port, sizeof rep.port, "%d", testdb_port(rep.primary));
	rep.dir = util_path_join(testdb_dir(rep.primary), "standby");
	rep.datadir = util_path_join(rep.dir, "data");
	rep.rundir = util_path_join(rep.dir, "run");
	rep.logfile = util_path_join(rep.dir, "server.log");
	replica_mkdir(rep.dir);
	replica_mkdir(rep.rundir);
	replica_create();
	return 0;
}

static int
teardown_group(void **state)
{
	char	*ctl;

	if (rep.running) {
		ctl = util_path_join(rep.bindir, "pg_ctl");
		replica_run((char *[]){ ctl, "stop", "-s", "-w", "-mfast",
		    "-D", rep.datadir, NULL });
		free(ctl);
	}
	testdb_stop(rep.primary);
	free(rep.bindir);
	free(rep.dir);
	free(rep.datadir);
	free(rep.rundir);
	free(rep.logfile);
	return 0;
}

/* Skip a test when there is no standby. */
#define NEED_STANDBY() do {						\
	if (!rep.running)						\
		skip();							\
} while (0)

/* A pool on "host=a,b" (both on the same port). */
static struct db_pool *
pool_open(const char *a, const char *b, int read_standby)
{
	struct db_params	 p = { .count = 0 };
	struct db_pool		*pool;
	struct sb_error		 err;
	char			*hosts, *ports;

	hosts = xasprintf("%s,%s", a, b);
	ports = xasprintf("%s,%s", rep.port, rep.port);
	db_params_set(&p, "host", hosts);
	db_params_set(&p, "port", ports);
	db_params_set(&p, "dbname", CLUSTER_DATABASE);
	db_params_set(&p, "user", CLUSTER_SUPERUSER);
	if (db_pool_open(&p, read_standby, &pool, &err) != SB_OK)
		fail_msg("db_pool_open: %s", err.message);
	free(hosts);
	free(ports);
	return pool;
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
	v = xstrdup(PQntuples(res) > 0 ? PQgetvalue(res, 0, 0) : "");
	PQclear(res);
	return v;
}

static int
in_recovery(struct db *db)
{
	char	*v = value(db, "SELECT pg_is_in_recovery()");
	int	 r = strcmp(v, "t") == 0;

	free(v);
	return r;
}

/* Writes reach the primary whichever order the hosts are listed in. */
static void
test_writer_finds_primary(void **state)
{
	struct db_pool	*pool;

	NEED_STANDBY();
	pool = pool_open(rep.rundir, testdb_host(rep.primary), 0);
	assert_false(in_recovery(db_pool_writer(pool)));
	/* Without a standby configured, reads share the writer. */
	assert_ptr_equal(db_pool_reader(pool), db_pool_writer(pool));
	db_pool_free(pool);
	pool = pool_open(testdb_host(rep.primary), rep.rundir, 0);
	assert_false(in_recovery(db_pool_writer(pool)));
	db_pool_free(pool);
}

static long long
now_ms(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/*
 * Lookups go to the standby, which refuses writes; a row written on the
 * primary shows up there.
 */
static void
test_reads_from_standby(void **state)
{
	struct db_pool	*pool;
	struct db	*writer, *reader;
	struct sb_error	 err;
	long long	 deadline = now_ms() + WAIT_MS;
	char		*v;
	int		 seen = 0;

	NEED_STANDBY();
	pool = pool_open(testdb_host(rep.primary), rep.rundir, 1);
	writer = db_pool_writer(pool);
	reader = db_pool_reader(pool);
	assert_true(db_pool_reads_standby(pool));
	assert_true(in_recovery(reader));
	assert_false(in_recovery(writer));
	assert_string_equal(db_pool_status(pool), "reading from a standby");
	assert_int_equal(db_exec(writer, "CREATE TABLE public.replicated "
	    "(name text)", 0, NULL, NULL, &err), SB_OK);
	assert_int_equal(db_exec(writer, "INSERT INTO public.replicated "
	    "VALUES ('Ada')", 0, NULL, NULL, &err), SB_OK);
	while (!seen && now_ms() < deadline) {
		v = value(reader, "SELECT to_regclass('public.replicated') "
		    "IS NOT NULL");
		if (strcmp(v, "t") == 0) {
			free(v);
			v = value(reader, "SELECT string_agg(name, ',') FROM "
			    "public.replicated");
			seen = strcmp(v, "Ada") == 0;
		}
		free(v);
		if (!seen)
			poll(NULL, 0, 20);
	}
	assert_true(seen);
	assert_int_not_equal(db_exec(reader, "INSERT INTO public.replicated "
	    "VALUES ('Eve')", 0, NULL, NULL, &err), SB_OK);
	db_pool_free(pool);
}

/* No standby among the hosts: reads use the primary and say so. */
static void
test_reads_fall_back_to_primary(void **state)
{
	struct db_pool	*pool;
	char		*gone;

	NEED_STANDBY();
	gone = util_path_join(rep.dir, "nowhere");
	pool = pool_open(gone, testdb_host(rep.primary), 1);
	assert_false(db_pool_reads_standby(pool));
	assert_false(in_recovery(db_pool_reader(pool)));
	assert_non_null(strstr(db_pool_status(pool),
	    "reading from the primary"));
	db_pool_free(pool);
	free(gone);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_writer_finds_primary),
		cmocka_unit_test(test_reads_from_standby),
		cmocka_unit_test(test_reads_fall_back_to_primary),
	};

	return cmocka_run_group_tests(tests, setup_group, teardown_group);
}
