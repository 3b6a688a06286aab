/* Tests of the embedded cluster against a real PostgreSQL server. */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <sys/stat.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libpq-fe.h>

#include "switchboard/cluster.h"
#include "switchboard/error.h"
#include "switchboard/util.h"
#include "testdb.h"

/* A temporary directory and the cluster directory inside it. */
struct fixture {
	char		*top;
	char		*dir;
	struct cluster	*c;
};

/* A cluster created once (initdb is the slow part) and copied per test. */
static char	*template_top;

static int
group_setup(void **state)
{
	struct sb_error	 err;
	struct cluster	*c = NULL;
	char		*dir, buf[1200];
	int		 rc = -1;

	(void)state;
	template_top = xstrdup("/tmp/switchboard-test-XXXXXX");
	if (mkdtemp(template_top) == NULL ||
	    (geteuid() == 0 && chmod(template_top, 0711) != 0))
		return -1;
	dir = util_path_join(template_top, "cluster");
	if (cluster_open(dir, &c, &err) == SB_OK) {
		cluster_set_throwaway(c, 1);
		if (cluster_start(c, &err) == SB_OK &&
		    cluster_release(c, &err) == SB_OK)
			rc = 0;
	}
	if (rc != 0)
		fprintf(stderr, "template cluster: %s\n",
		    sb_error_format(&err, buf, sizeof buf));
	cluster_free(c);
	free(dir);
	return rc;
}

static int
group_teardown(void **state)
{
	(void)state;
	util_rmtree(template_top);
	free(template_top);
	return 0;
}

static int
setup(void **state)
{
	struct fixture	*f;

	f = xcalloc(1, sizeof *f);
	f->top = xstrdup("/tmp/switchboard-test-XXXXXX");
	if (mkdtemp(f->top) == NULL)
		return -1;
	/* As root the server's user must be able to enter it. */
	if (geteuid() == 0 && chmod(f->top, 0711) != 0)
		return -1;
	f->dir = util_path_join(f->top, "cluster");
	*state = f;
	return 0;
}

/* The template cluster itself, for tests that leave it as they found it. */
static int
setup_shared(void **state)
{
	struct fixture	*f;

	f = xcalloc(1, sizeof *f);
	f->dir = util_path_join(template_top, "cluster");
	*state = f;
	return 0;
}

/* The fixture with a copy of the stopped template cluster in dir. */
static int
setup_copy(void **state)
{
	struct fixture	*f;
	char		*from;
	int		 rc;

	if (setup(state) != 0)
		return -1;
	f = *state;
	from = util_path_join(template_top, "cluster");
	rc = testdb_copy_tree(from, f->dir);
	free(from);
	return rc;
}

static int
teardown(void **state)
{
	struct fixture	*f = *state;

	cluster_free(f->c);
	if (f->top != NULL)
		util_rmtree(f->top);
	free(f->dir);
	free(f->top);
	free(f);
	return 0;
}

/* Write text to dir/name, making dir first. */
static void
write_file(const char *dir, const char *name, const char *text)
{
	char	*path;
	FILE	*fp;

	assert_int_equal(util_mkdir_p(dir, 0700), 0);
	path = util_path_join(dir, name);
	fp = fopen(path, "w");
	assert_non_null(fp);
	fputs(text, fp);
	assert_int_equal(fclose(fp), 0);
	free(path);
}

static char *
read_file(const char *dir, const char *name)
{
	char	*path, buf[256];
	FILE	*fp;
	size_t	 n;

	path = util_path_join(dir, name);
	fp = fopen(path, "r");
	free(path);
	if (fp == NULL)
		return NULL;
	n = fread(buf, 1, sizeof buf - 1, fp);
	fclose(fp);
	buf[n] = '\0';
	return xstrdup(buf);
}

static int
exists(const char *dir, const char *name)
{
	char	*path;
	int	 rc;

	path = util_path_join(dir, name);
	rc = access(path, F_OK) == 0;
	free(path);
	return rc;
}

static void
start_ok(struct cluster *c)
{
	struct sb_error	err;
	char		buf[1200];

	sb_error_clear(&err);
	if (cluster_start(c, &err) != SB_OK)
		fail_msg("cluster_start: %s",
		    sb_error_format(&err, buf, sizeof buf));
}

static void
open_start(struct fixture *f)
{
	struct sb_error	err;

	assert_int_equal(cluster_open(f->dir, &f->c, &err), SB_OK);
	cluster_set_throwaway(f->c, 1);
	start_ok(f->c);
}

static PGconn *
connect_to(struct cluster *c)
{
	const char	*keys[] = { "host", "port", "dbname", "user", NULL };
	const char	*values[5];
	char		 port[16];

	snprintf(port, sizeof port, "%d", cluster_port(c));
	values[0] = cluster_socket_dir(c);
	values[1] = port;
	values[2] = CLUSTER_DATABASE;
	values[3] = CLUSTER_SUPERUSER;
	values[4] = NULL;
	return PQconnectdbParams(keys, values, 0);
}

/* Is a server answering on the cluster's socket? */
static int
server_up(struct cluster *c)
{
	PGconn	*conn = connect_to(c);
	int	 up = PQstatus(conn) == CONNECTION_OK;

	PQfinish(conn);
	return up;
}

/* One value of one query, as the superuser; caller frees. */
static char *
query_value(struct cluster *c, const char *sql)
{
	PGconn		*conn = connect_to(c);
	PGresult	*res;
	char		*v;

	if (PQstatus(conn) != CONNECTION_OK)
		fail_msg("connect: %s", PQerrorMessage(conn));
	res = PQexec(conn, sql);
	if (PQresultStatus(res) != PGRES_TUPLES_OK &&
	    PQresultStatus(res) != PGRES_COMMAND_OK)
		fail_msg("%s: %s", sql, PQerrorMessage(conn));
	v = PQntuples(res) > 0 ? xstrdup(PQgetvalue(res, 0, 0)) : NULL;
	PQclear(res);
	PQfinish(conn);
	return v;
}

/* The postmaster's process id from data/postmaster.pid; 0 if none. */
static pid_t
server_pid(struct cluster *c)
{
	char	*text = read_file(cluster_data_dir(c), "postmaster.pid");
	pid_t	 pid = text == NULL ? 0 : (pid_t)strtol(text, NULL, 10);

	free(text);
	return pid;
}

static void
test_testdb_query(void **state)
{
	struct testdb	*db;
	PGconn		*conn;
	PGresult	*res;
	char		*info;

	(void)state;
	db = testdb_start();
	conn = testdb_connect(db, CLUSTER_SUPERUSER);
	res = PQexec(conn, "SELECT current_database(), current_user");
	assert_int_equal(PQresultStatus(res), PGRES_TUPLES_OK);
	assert_string_equal(PQgetvalue(res, 0, 0), CLUSTER_DATABASE);
	assert_string_equal(PQgetvalue(res, 0, 1), CLUSTER_SUPERUSER);
	PQclear(res);
	PQfinish(conn);
	info = testdb_conninfo(db, CLUSTER_SUPERUSER);
	conn = PQconnectdb(info);
	assert_int_equal(PQstatus(conn), CONNECTION_OK);
	assert_string_equal(PQhost(conn), testdb_host(db));
	PQfinish(conn);
	free(info);
	testdb_stop(db);
}

/* Unix socket in run/ only, no TCP, the settings we wrote, our owner. */
static void
test_socket_only(void **state)
{
	struct fixture	*f = *state;
	struct stat	 sb;
	struct passwd	*pw;
	char		*v;

	open_start(f);
	v = query_value(f->c, "SHOW listen_addresses");
	assert_string_equal(v, "");
	free(v);
	v = query_value(f->c, "SHOW unix_socket_directories");
	assert_string_equal(v, cluster_socket_dir(f->c));
	free(v);
	v = query_value(f->c, "SHOW max_locks_per_transaction");
	assert_string_equal(v, "256");
	free(v);
	v = query_value(f->c, "SHOW unix_socket_permissions");
	assert_string_equal(v, "0700");
	free(v);
	/* The search's libraries load in the postmaster. */
	v = query_value(f->c, "SHOW shared_preload_libraries");
	assert_string_equal(v, "plpgsql, pg_trgm, unaccent, pg_prewarm");
	free(v);
	/* A throwaway keeps no list of cached blocks. */
	v = query_value(f->c, "SHOW pg_prewarm.autoprewarm");
	assert_string_equal(v, "off");
	free(v);
	assert_true(exists(cluster_socket_dir(f->c), ".s.PGSQL.5432"));
	assert_int_equal(stat(cluster_socket_dir(f->c), &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0700);
	assert_int_equal(stat(cluster_data_dir(f->c), &sb), 0);
	if (geteuid() == 0) {
		pw = getpwnam(CLUSTER_SYSTEM_USER);
		assert_non_null(pw);
		assert_int_equal(sb.st_uid, pw->pw_uid);
	} else
		assert_int_equal(sb.st_uid, geteuid());
}

/* A setting in MB, from pg_settings (shared_buffers counts 8kB pages). */
static long long
setting_mb(struct cluster *c, const char *name)
{
	char		*sql, *v;
	long long	 mb;

	sql = xasprintf("SELECT setting::bigint * (CASE unit WHEN '8kB' THEN 8"
	    " WHEN 'kB' THEN 1 END) / 1024 FROM pg_settings WHERE name = '%s'",
	    name);
	v = query_value(c, sql);
	mb = strtoll(v, NULL, 10);
	free(v);
	free(sql);
	return mb;
}

/*
 * An existing cluster opened for real use (not a throwaway) gets memory
 * sized to the machine at its next start: an eighth of RAM for
 * shared_buffers between 128MB and 1GB, half of RAM (at most 8GB, at
 * least shared_buffers) as effective_cache_size.
 */
static void
test_memory_from_ram(void **state)
{
	struct fixture	*f = *state;
	struct sb_error	 err;
	long long	 ram, shared, cache;

	ram = (long long)sysconf(_SC_PHYS_PAGES) / 1024 *
	    sysconf(_SC_PAGESIZE) / 1024;
	shared = ram / 8 < 128 ? 128 : ram / 8 > 1024 ? 1024 : ram / 8;
	cache = ram / 2 < shared ? shared : ram / 2 > 8192 ? 8192 : ram / 2;
	assert_int_equal(cluster_open(f->dir, &f->c, &err), SB_OK);
	start_ok(f->c);
	assert_int_equal(setting_mb(f->c, "shared_buffers"), shared);
	assert_int_equal(setting_mb(f->c, "effective_cache_size"), cache);
	assert_int_equal(cluster_release(f->c, &err), SB_OK);
}

/*
 * A cluster for real use saves the list of its cached blocks when it
 * stops (autoprewarm), to read them back in the background at its next
 * start.
 */
static void
test_cache_kept_across_restart(void **state)
{
	struct fixture	*f = *state;
	struct sb_error	 err;
	char		*v;

	assert_int_equal(cluster_open(f->dir, &f->c, &err), SB_OK);
	start_ok(f->c);
	v = query_value(f->c, "SHOW pg_prewarm.autoprewarm");
	assert_string_equal(v, "on");
	free(v);
	assert_false(exists(cluster_data_dir(f->c), "autoprewarm.blocks"));
	assert_int_equal(cluster_release(f->c, &err), SB_OK);
	assert_true(exists(cluster_data_dir(f->c), "autoprewarm.blocks"));
}

/* The server gets none of our environment and its own session. */
static void
test_server_detached_clean_env(void **state)
{
	struct fixture	*f = *state;
	char		 path[64], env[8192];
	ssize_t		 n;
	pid_t		 pid;
	int		 fd;

	setenv("PGPASSWORD", "not-for-children", 1);
	open_start(f);
	unsetenv("PGPASSWORD");
	pid = server_pid(f->c);
	assert_true(pid > 0);
	assert_true(getsid(pid) != getsid(0));
	snprintf(path, sizeof path, "/proc/%ld/environ", (long)pid);
	fd = open(path, O_RDONLY);
	if (fd == -1)
		skip();
	n = read(fd, env, sizeof env - 1);
	close(fd);
	assert_true(n > 0);
	env[n] = '\0';
	for (char *p = env; p < env + n; p += strlen(p) + 1)
		assert_null(strstr(p, "PGPASSWORD"));
}

/*
 * A child process starts the same cluster and holds it while the parent
 * releases: the server stays up until the child lets go too.
 */
static void
test_shared_until_last_release(void **state)
{
	struct fixture	*f = *state;
	struct sb_error	 err;
	struct cluster	*c2;
	int		 ready[2], go[2], status;
	char		 byte = 0;
	pid_t		 pid;

	open_start(f);
	assert_int_equal(pipe(ready), 0);
	assert_int_equal(pipe(go), 0);
	pid = fork();
	assert_true(pid != -1);
	if (pid == 0) {
		close(ready[0]);
		close(go[1]);
		if (cluster_open(f->dir, &c2, &err) != SB_OK ||
		    cluster_start(c2, &err) != SB_OK)
			_exit(1);
		if (write(ready[1], "r", 1) != 1 || read(go[0], &byte, 1) != 1)
			_exit(2);
		_exit(cluster_release(c2, &err) == SB_OK ? 0 : 3);
	}
	close(ready[1]);
	close(go[0]);
	assert_int_equal(read(ready[0], &byte, 1), 1);
	assert_int_equal(cluster_release(f->c, &err), SB_OK);
	assert_true(server_up(f->c));
	assert_int_equal(write(go[1], "g", 1), 1);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);
	assert_false(server_up(f->c));
	assert_false(exists(cluster_data_dir(f->c), "postmaster.pid"));
	close(ready[0]);
	close(go[1]);
}

/* Two handles in one process count as two users as well. */
static void
test_two_handles(void **state)
{
	struct fixture	*f = *state;
	struct sb_error	 err;
	struct cluster	*c2;

	open_start(f);
	assert_int_equal(cluster_open(f->dir, &c2, &err), SB_OK);
	start_ok(c2);
	assert_int_equal(cluster_release(c2, &err), SB_OK);
	assert_true(server_up(f->c));
	cluster_free(c2);
	assert_int_equal(cluster_release(f->c, &err), SB_OK);
	assert_false(server_up(f->c));
	/* Releasing twice is harmless. */
	assert_int_equal(cluster_release(f->c, &err), SB_OK);
}

/* Stopped and started again, the data is still there. */
static void
test_restart_keeps_data(void **state)
{
	struct fixture	*f = *state;
	struct sb_error	 err;
	char		*v;

	open_start(f);
	v = query_value(f->c, "CREATE TABLE IF NOT EXISTS kept (x int)");
	free(v);
	assert_int_equal(cluster_release(f->c, &err), SB_OK);
	assert_false(server_up(f->c));
	cluster_free(f->c);
	f->c = NULL;
	open_start(f);
	v = query_value(f->c, "SELECT count(*) FROM kept");
	assert_string_equal(v, "0");
	free(v);
}

/* A directory holding something else is refused and left as it was. */
static void
test_foreign_dir_refused(void **state)
{
	struct fixture	*f = *state;
	struct sb_error	 err;
	char		*text;

	write_file(f->dir, "thesis.tex", "years of work\n");
	assert_int_equal(cluster_open(f->dir, &f->c, &err), SB_OK);
	assert_int_equal(cluster_start(f->c, &err), SB_CORRUPT);
	assert_non_null(strstr(err.message, f->dir));
	assert_non_null(strstr(err.message, "thesis.tex"));
	assert_non_null(strstr(err.hint, "nothing was changed"));
	text = read_file(f->dir, "thesis.tex");
	assert_string_equal(text, "years of work\n");
	free(text);
	assert_false(exists(f->dir, "data"));
	assert_false(exists(f->dir, "control.lock"));
	assert_int_equal(cluster_release(f->c, &err), SB_OK);
}

/* Data from another major version is refused, naming the version. */
static void
test_other_version_refused(void **state)
{
	struct fixture	*f = *state;
	struct sb_error	 err;
	char		*data, *text;

	data = util_path_join(f->dir, "data");
	write_file(data, "PG_VERSION", "9.6\n");
	assert_int_equal(cluster_open(f->dir, &f->c, &err), SB_OK);
	assert_int_equal(cluster_start(f->c, &err), SB_UNSUPPORTED);
	assert_non_null(strstr(err.message, "PostgreSQL 9.6"));
	assert_non_null(strstr(err.message, data));
	assert_non_null(strstr(err.hint, "pg_upgrade"));
	text = read_file(data, "PG_VERSION");
	assert_string_equal(text, "9.6\n");
	free(text);
	free(data);
}

/* A data directory without its control file is called damaged. */
static void
test_damaged_data_refused(void **state)
{
	struct fixture	*f = *state;
	struct sb_error	 err;
	char		*data, *control;

	data = util_path_join(f->dir, "data");
	control = util_path_join(data, "global/pg_control");
	assert_int_equal(unlink(control), 0);
	assert_int_equal(cluster_open(f->dir, &f->c, &err), SB_OK);
	assert_int_equal(cluster_start(f->c, &err), SB_CORRUPT);
	assert_non_null(strstr(err.message, "pg_control"));
	assert_non_null(strstr(err.message, data));
	assert_true(exists(data, "PG_VERSION"));
	assert_false(exists(data, "postmaster.pid"));
	free(control);
	free(data);
}

/* As root, a place the server's user cannot reach is refused. */
static void
test_root_unreachable_dir(void **state)
{
	struct fixture	*f = *state;
	struct sb_error	 err;
	char		*locked;

	if (geteuid() != 0)
		skip();
	locked = util_path_join(f->top, "private");
	assert_int_equal(mkdir(locked, 0700), 0);
	free(f->dir);
	f->dir = util_path_join(locked, "cluster");
	assert_int_equal(cluster_open(f->dir, &f->c, &err), SB_OK);
	assert_int_equal(cluster_start(f->c, &err), SB_DENIED);
	assert_non_null(strstr(err.message, CLUSTER_SYSTEM_USER));
	assert_non_null(strstr(err.message, f->dir));
	assert_non_null(strstr(err.hint, "/var/lib/switchboard"));
	assert_false(exists(f->dir, "data"));
	free(locked);
}

/* No server programs: the message says where we looked and what to do. */
static void
test_missing_binaries(void **state)
{
	struct fixture	*f = *state;
	struct sb_error	 err;

	setenv("SWITCHBOARD_PG_BINDIR", "/nonexistent/pg/bin", 1);
	assert_int_equal(cluster_open(f->dir, &f->c, &err), SB_UNAVAILABLE);
	unsetenv("SWITCHBOARD_PG_BINDIR");
	assert_null(f->c);
	assert_non_null(strstr(err.message, "initdb"));
	assert_non_null(strstr(err.message, "/nonexistent/pg/bin"));
	assert_non_null(strstr(err.hint, "apt-get install postgresql"));
	assert_false(exists(f->top, "cluster"));
}

/* Another live server's lock on our socket: refused, not overridden. */
static void
test_socket_clash(void **state)
{
	struct fixture	*f = *state;
	struct sb_error	 err;
	char		 pid[32];

	open_start(f);
	assert_int_equal(cluster_release(f->c, &err), SB_OK);
	snprintf(pid, sizeof pid, "%ld\n", (long)getpid());
	write_file(cluster_socket_dir(f->c), ".s.PGSQL.5432.lock", pid);
	assert_int_equal(cluster_start(f->c, &err), SB_CONFLICT);
	assert_non_null(strstr(err.message, cluster_socket_dir(f->c)));
	assert_false(server_up(f->c));
	assert_true(exists(cluster_socket_dir(f->c), ".s.PGSQL.5432.lock"));
}

/* A server that cannot start: the error quotes server.log. */
static void
test_start_failure_quotes_log(void **state)
{
	struct fixture	*f = *state;
	struct sb_error	 err;

	open_start(f);
	assert_int_equal(cluster_release(f->c, &err), SB_OK);
	{
		char	*path = util_path_join(cluster_data_dir(f->c),
			    "postgresql.conf");
		FILE	*fp = fopen(path, "a");

		assert_non_null(fp);
		fputs("no_such_setting_here = 1\n", fp);
		assert_int_equal(fclose(fp), 0);
		free(path);
	}
	assert_int_equal(cluster_start(f->c, &err), SB_UNAVAILABLE);
	assert_non_null(strstr(err.message, "no_such_setting_here"));
	assert_non_null(strstr(err.hint, "server.log"));
	assert_true(exists(cluster_data_dir(f->c), "PG_VERSION"));
}

static void
test_default_dir(void **state)
{
	char	*dir;

	(void)state;
	setenv("SWITCHBOARD_CLUSTER_DIR", "/srv/sb", 1);
	dir = cluster_default_dir();
	assert_string_equal(dir, "/srv/sb");
	free(dir);
	unsetenv("SWITCHBOARD_CLUSTER_DIR");
	setenv("XDG_DATA_HOME", "/home/x/data", 1);
	dir = cluster_default_dir();
	if (geteuid() == 0)
		assert_string_equal(dir, "/var/lib/switchboard/cluster");
	else
		assert_string_equal(dir, "/home/x/data/switchboard/cluster");
	free(dir);
	unsetenv("XDG_DATA_HOME");
}

/*
 * T: in an empty directory; C: in a copy of the template cluster; S: in
 * the template itself, stopped again afterwards.
 */
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
#define C(name) cmocka_unit_test_setup_teardown(name, setup_copy, teardown)
#define S(name) cmocka_unit_test_setup_teardown(name, setup_shared, teardown)

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_testdb_query),
		cmocka_unit_test(test_default_dir),
		S(test_socket_only),
		S(test_server_detached_clean_env),
		S(test_shared_until_last_release),
		S(test_two_handles),
		S(test_restart_keeps_data),
		T(test_foreign_dir_refused),
		T(test_other_version_refused),
		C(test_damaged_data_refused),
		T(test_root_unreachable_dir),
		T(test_missing_binaries),
		C(test_socket_clash),
		C(test_start_failure_quotes_log),
		C(test_memory_from_ram),
		C(test_cache_kept_across_restart),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
