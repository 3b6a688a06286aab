/* As root: entries of the cluster directory that the server's user swapped. */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <sys/stat.h>

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

/* Seconds a test may take before a hang counts as a failure. */
#define ROOT_ALARM	120
/* What a file only root may read holds. */
#define ROOT_SECRET	"root:TOPSECRET:19000:0:99999:7:::\n"

/* A stopped cluster copied per test (initdb is the slow part). */
static char	*template_dir;

/* One test: a stopped copy of the template and a second handle on it. */
struct fixture {
	struct testdb	*db;
	char		*dir;		/* the cluster directory */
	char		*standin;	/* root's directory, as /etc */
	struct cluster	*c;
	uid_t		 uid;		/* the server's user */
	gid_t		 gid;
};

static int
group_setup(void **state)
{
	struct testdb	*db;
	char		*top;

	(void)state;
	if (geteuid() != 0)
		return 0;
	top = xstrdup("/tmp/switchboard-root-XXXXXX");
	if (mkdtemp(top) == NULL || chmod(top, 0711) != 0)
		return -1;
	template_dir = util_path_join(top, "cluster");
	free(top);
	db = testdb_start();
	testdb_save(db, template_dir);
	testdb_stop(db);
	return 0;
}

static int
group_teardown(void **state)
{
	char	*top;

	(void)state;
	if (template_dir != NULL) {
		top = util_dir_of(template_dir);
		util_rmtree(top);
		free(top);
		free(template_dir);
	}
	return 0;
}

static int
setup(void **state)
{
	struct fixture	*f;
	struct passwd	*pw;

	if (geteuid() != 0) {
		*state = NULL;
		return 0;
	}
	f = xcalloc(1, sizeof *f);
	f->db = testdb_start_copy(template_dir);
	testdb_stop_server(f->db);
	f->dir = util_path_join(testdb_dir(f->db), "cluster");
	f->standin = util_path_join(testdb_dir(f->db), "etc");
	if (mkdir(f->standin, 0755) != 0)
		return -1;
	if ((pw = getpwnam(CLUSTER_SYSTEM_USER)) == NULL)
		return -1;
	f->uid = pw->pw_uid;
	f->gid = pw->pw_gid;
	*state = f;
	alarm(ROOT_ALARM);
	return 0;
}

static int
teardown(void **state)
{
	struct fixture	*f = *state;

	alarm(0);
	if (f == NULL)
		return 0;
	cluster_free(f->c);
	testdb_stop(f->db);
	free(f->dir);
	free(f->standin);
	free(f);
	return 0;
}

/* Replace dir/name, whatever it is, by nothing. */
static void
remove_entry(const char *dir, const char *name)
{
	char	*path = util_path_join(dir, name);

	if (unlink(path) != 0)
		assert_int_equal(util_rmtree(path), 0);
	free(path);
}

/* The server's user replaces dir/name by a link to target. */
static void
swap_for_link(const char *dir, const char *name, const char *target)
{
	char	*path = util_path_join(dir, name);

	remove_entry(dir, name);
	assert_int_equal(symlink(target, path), 0);
	free(path);
}

static int
exists(const char *dir, const char *name)
{
	char		*path = util_path_join(dir, name);
	struct stat	 sb;
	int		 rc;

	rc = lstat(path, &sb) == 0;
	free(path);
	return rc;
}

/*
 * Start the cluster, which must be refused (SB_CORRUPT) with a message
 * naming path and what it is, and a hint saying what to do.
 */
static void
start_refused(struct fixture *f, const char *path, const char *what)
{
	struct sb_error	err;

	sb_error_clear(&err);
	assert_int_equal(cluster_open(f->dir, &f->c, &err), SB_OK);
	cluster_set_throwaway(f->c, 1);
	assert_int_equal(cluster_start(f->c, &err), SB_CORRUPT);
	if (strstr(err.message, path) == NULL ||
	    strstr(err.message, what) == NULL)
		fail_msg("message without %s or '%s': %s", path, what,
		    err.message);
	if (strstr(err.hint, "nothing was changed") == NULL)
		fail_msg("hint: %s", err.hint);
}

/* Nothing of the server ended up in the stand-in, and it is root's. */
static void
standin_untouched(struct fixture *f)
{
	struct stat	sb;

	assert_int_equal(lstat(f->standin, &sb), 0);
	assert_int_equal(sb.st_uid, 0);
	assert_int_equal(sb.st_gid, 0);
	assert_int_equal(sb.st_mode & 07777, 0755);
	assert_false(exists(f->standin, "database.ok"));
	assert_false(exists(f->standin, ".s.PGSQL.5432"));
	assert_false(exists(f->standin, "switchboard.conf"));
}

/* run as a link to a root-owned directory: not chowned, not used. */
static void
test_run_symlink(void **state)
{
	struct fixture	*f = *state;
	char		*run;

	if (f == NULL)
		skip();
	run = util_path_join(f->dir, "run");
	swap_for_link(f->dir, "run", f->standin);
	start_refused(f, run, "symbolic link");
	standin_untouched(f);
	free(run);
}

/* run as a regular file of the server's user: left as it is. */
static void
test_run_file(void **state)
{
	struct fixture	*f = *state;
	struct stat	 sb;
	char		*run;
	FILE		*fp;

	if (f == NULL)
		skip();
	run = util_path_join(f->dir, "run");
	remove_entry(f->dir, "run");
	assert_non_null(fp = fopen(run, "w"));
	fputs("not a directory\n", fp);
	assert_int_equal(fclose(fp), 0);
	assert_int_equal(chown(run, f->uid, f->gid), 0);
	start_refused(f, run, "regular file");
	assert_int_equal(lstat(run, &sb), 0);
	assert_true(S_ISREG(sb.st_mode));
	assert_int_equal(sb.st_size, 16);
	assert_int_equal(sb.st_uid, f->uid);
	free(run);
}

/* run as a FIFO: refused at once, nothing waits on it. */
static void
test_run_fifo(void **state)
{
	struct fixture	*f = *state;
	struct stat	 sb;
	char		*run;

	if (f == NULL)
		skip();
	run = util_path_join(f->dir, "run");
	remove_entry(f->dir, "run");
	assert_int_equal(mkfifo(run, 0600), 0);
	assert_int_equal(chown(run, f->uid, f->gid), 0);
	start_refused(f, run, "FIFO");
	assert_int_equal(lstat(run, &sb), 0);
	assert_true(S_ISFIFO(sb.st_mode));
	free(run);
}

/*
 * data as a link to a stand-in holding what root checks (PG_VERSION and
 * global/pg_control) and owned by the server's user: root writes no
 * switchboard.conf there.
 */
static void
test_data_symlink(void **state)
{
	struct fixture	*f = *state;
	char		*data, *moved;

	if (f == NULL)
		skip();
	data = util_path_join(f->dir, "data");
	moved = util_path_join(testdb_dir(f->db), "moved");
	assert_int_equal(rename(data, moved), 0);
	assert_int_equal(symlink(moved, data), 0);
	remove_entry(moved, "switchboard.conf");
	start_refused(f, data, "symbolic link");
	assert_false(exists(moved, "switchboard.conf"));
	assert_false(exists(moved, "postmaster.pid"));
	free(moved);
	free(data);
}

/*
 * server.log as a link to a file only root may read, and a server that
 * cannot start: its error quotes nothing of that file.
 */
static void
test_log_symlink(void **state)
{
	struct fixture	*f = *state;
	struct sb_error	 err;
	struct stat	 sb;
	char		*secret, *log;
	FILE		*fp;

	if (f == NULL)
		skip();
	secret = util_path_join(f->standin, "shadow");
	assert_non_null(fp = fopen(secret, "w"));
	fputs(ROOT_SECRET, fp);
	assert_int_equal(fclose(fp), 0);
	assert_int_equal(chmod(secret, 0600), 0);
	log = util_path_join(f->dir, "server.log");
	swap_for_link(f->dir, "server.log", secret);
	sb_error_clear(&err);
	assert_int_equal(cluster_open(f->dir, &f->c, &err), SB_OK);
	cluster_set_throwaway(f->c, 1);
	assert_int_not_equal(cluster_start(f->c, &err), SB_OK);
	assert_null(strstr(err.message, "TOPSECRET"));
	assert_null(strstr(err.hint, "TOPSECRET"));
	assert_int_equal(stat(secret, &sb), 0);
	assert_int_equal(sb.st_uid, 0);
	assert_int_equal(sb.st_size, strlen(ROOT_SECRET));
	free(log);
	free(secret);
}

/*
 * users.lock and control.lock as links to a root file: root opens
 * neither, and the file keeps its owner.
 */
static void
test_lock_symlink(void **state)
{
	struct fixture	*f = *state;
	struct stat	 sb;
	char		*target, *lock;
	FILE		*fp;

	if (f == NULL)
		skip();
	target = util_path_join(f->standin, "passwd");
	assert_non_null(fp = fopen(target, "w"));
	fputs("root:x:0:0::/root:/bin/sh\n", fp);
	assert_int_equal(fclose(fp), 0);
	lock = util_path_join(f->dir, "control.lock");
	swap_for_link(f->dir, "control.lock", target);
	start_refused(f, lock, "symbolic link");
	assert_int_equal(stat(target, &sb), 0);
	assert_int_equal(sb.st_uid, 0);
	free(lock);
	free(target);
}

/* An untouched copy still starts: the checks refuse only what is wrong. */
static void
test_intact_starts(void **state)
{
	struct fixture	*f = *state;
	struct sb_error	 err;
	char		 buf[1200];
	struct stat	 sb;
	char		*run;

	if (f == NULL)
		skip();
	sb_error_clear(&err);
	assert_int_equal(cluster_open(f->dir, &f->c, &err), SB_OK);
	cluster_set_throwaway(f->c, 1);
	if (cluster_start(f->c, &err) != SB_OK)
		fail_msg("%s", sb_error_format(&err, buf, sizeof buf));
	run = util_path_join(f->dir, "run");
	assert_int_equal(lstat(run, &sb), 0);
	assert_true(S_ISDIR(sb.st_mode));
	assert_int_equal(sb.st_uid, f->uid);
	assert_int_equal(sb.st_mode & 0777, 0700);
	assert_true(exists(run, "database.ok"));
	assert_int_equal(cluster_release(f->c, &err), SB_OK);
	free(run);
}

#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)

int
main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_intact_starts),
		T(test_run_symlink),
		T(test_run_file),
		T(test_run_fifo),
		T(test_data_symlink),
		T(test_log_symlink),
		T(test_lock_symlink),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
