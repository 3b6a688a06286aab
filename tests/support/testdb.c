/* Test support: a throwaway PostgreSQL cluster in a temporary directory. */
#include "config.h"

#include <sys/stat.h>
#include <sys/wait.h>

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <libpq-fe.h>

#include "switchboard/cluster.h"
#include "switchboard/db.h"
#include "switchboard/error.h"
#include "switchboard/migrate.h"
#include "switchboard/util.h"
#include "testdb.h"

#define TESTDB_MAX	8
/* The oldest server.log.N looked for. */
#define TESTDB_LOG_OLDEST	9

struct testdb {
	char		*top;		/* the temporary directory */
	struct cluster	*cluster;
	pid_t		 pid;		/* the process that owns both */
};

/*
 * Clusters still running, stopped at exit or when a test program fails
 * loudly, so a failed test leaves no server behind.
 */
static struct testdb	*testdb_live[TESTDB_MAX];

static void
testdb_forget(struct testdb *db)
{
	size_t	i;

	for (i = 0; i < TESTDB_MAX; i++) {
		if (testdb_live[i] == db)
			testdb_live[i] = NULL;
	}
}

static void
testdb_stop_all(void)
{
	size_t	i;

	for (i = 0; i < TESTDB_MAX; i++)
		testdb_stop(testdb_live[i]);
}

static void
testdb_remember(struct testdb *db)
{
	static int	registered;
	size_t		i;

	if (!registered && atexit(testdb_stop_all) == 0)
		registered = 1;
	for (i = 0; i < TESTDB_MAX; i++) {
		if (testdb_live[i] == NULL) {
			testdb_live[i] = db;
			return;
		}
	}
}

/* Print what went wrong, clean up every cluster and abort. */
static void __attribute__((noreturn, format(printf, 1, 2)))
testdb_die(const char *fmt, ...)
{
	va_list	ap;

	fputs("testdb: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	testdb_stop_all();
	abort();
}

int
testdb_copy_tree(const char *from, const char *to)
{
	char	*argv[] = { "/bin/cp", "-a", (char *)from, (char *)to, NULL };
	int	 status;
	pid_t	 pid;

	if ((pid = fork()) == -1)
		return -1;
	if (pid == 0) {
		execv(argv[0], argv);
		_exit(127);
	}
	if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status))
		return -1;
	return WEXITSTATUS(status) == 0 ? 0 : -1;
}

struct testdb *
testdb_start_copy(const char *template)
{
	struct testdb	*db;
	struct sb_error	 err;
	const char	*tmp = getenv("TMPDIR");
	char		*dir, buf[SB_ERROR_MESSAGE_MAX + SB_ERROR_HINT_MAX];

	sb_error_clear(&err);
	db = xcalloc(1, sizeof *db);
	db->pid = getpid();
	if (tmp == NULL || *tmp != '/')
		tmp = "/tmp";
	db->top = xasprintf("%s/switchboard-test-XXXXXX", tmp);
	if (mkdtemp(db->top) == NULL)
		testdb_die("mkdtemp %s failed", db->top);
	/* As root the server's user must enter it; cluster/ is its own. */
	if (geteuid() == 0 && chmod(db->top, 0711) != 0)
		testdb_die("chmod %s failed", db->top);
	testdb_remember(db);
	dir = util_path_join(db->top, "cluster");
	if (template != NULL && testdb_copy_tree(template, dir) != 0)
		testdb_die("cannot copy %s to %s", template, dir);
	if (cluster_open(dir, &db->cluster, &err) == SB_OK) {
		cluster_set_throwaway(db->cluster, 1);
		cluster_start(db->cluster, &err);
	}
	free(dir);
	if (err.status != SB_OK)
		testdb_die("%s", sb_error_format(&err, buf, sizeof buf));
	return db;
}

struct testdb *
testdb_start(void)
{
	return testdb_start_copy(NULL);
}

void
testdb_save(struct testdb *db, const char *dest)
{
	char	*src = util_path_join(db->top, "cluster");

	testdb_stop_server(db);
	if (util_rmtree(dest) != 0 ||
	    testdb_copy_tree(src, dest) != 0)
		testdb_die("cannot copy %s to %s", src, dest);
	free(src);
}

/* Quote a conninfo value. */
static char *
testdb_quote(const char *s)
{
	char	*q, *p;

	p = q = xmalloc(2 * strlen(s) + 3);
	*p++ = '\'';
	for (; *s != '\0'; s++) {
		if (*s == '\'' || *s == '\\')
			*p++ = '\\';
		*p++ = *s;
	}
	*p++ = '\'';
	*p = '\0';
	return q;
}

char *
testdb_conninfo(const struct testdb *db, const char *role)
{
	char	*host, *user, *s;

	host = testdb_quote(cluster_socket_dir(db->cluster));
	user = testdb_quote(role);
	s = xasprintf("host=%s port=%d dbname=%s user=%s", host,
	    cluster_port(db->cluster), CLUSTER_DATABASE, user);
	free(host);
	free(user);
	return s;
}

/* Notices are not for the terminal: tests check state, not chatter. */
static void
testdb_notice(void *arg, const char *message)
{
	(void)arg;
	(void)message;
}

PGconn *
testdb_connect(const struct testdb *db, const char *role)
{
	const char	*keys[] = { "host", "port", "dbname", "user", NULL };
	const char	*values[5];
	char		 port[16];
	PGconn		*conn;

	snprintf(port, sizeof port, "%d", cluster_port(db->cluster));
	values[0] = cluster_socket_dir(db->cluster);
	values[1] = port;
	values[2] = CLUSTER_DATABASE;
	values[3] = role;
	values[4] = NULL;
	conn = PQconnectdbParams(keys, values, 0);
	if (conn == NULL)
		testdb_die("connect as %s: out of memory", role);
	if (PQstatus(conn) != CONNECTION_OK)
		testdb_die("connect as %s: %s", role, PQerrorMessage(conn));
	PQsetNoticeProcessor(conn, testdb_notice, NULL);
	return conn;
}

struct testdb *
testdb_start_migrated(PGconn **su)
{
	struct testdb	*db = testdb_start();
	struct sb_error	 err;

	*su = testdb_connect(db, CLUSTER_SUPERUSER);
	if (migrate_run(*su, &err) != SB_OK)
		testdb_die("migrate_run: %s", err.message);
	return db;
}

const char *
testdb_host(const struct testdb *db)
{
	return cluster_socket_dir(db->cluster);
}

int
testdb_port(const struct testdb *db)
{
	return cluster_port(db->cluster);
}

void
testdb_stop_server(struct testdb *db)
{
	struct sb_error	err;
	char		buf[SB_ERROR_MESSAGE_MAX + SB_ERROR_HINT_MAX];

	sb_error_clear(&err);
	if (cluster_release(db->cluster, &err) != SB_OK)
		testdb_die("%s", sb_error_format(&err, buf, sizeof buf));
}

void
testdb_start_server(struct testdb *db)
{
	struct sb_error	err;
	char		buf[SB_ERROR_MESSAGE_MAX + SB_ERROR_HINT_MAX];

	sb_error_clear(&err);
	if (cluster_start(db->cluster, &err) != SB_OK)
		testdb_die("%s", sb_error_format(&err, buf, sizeof buf));
}

const char *
testdb_dir(const struct testdb *db)
{
	return db->top;
}

/* Append the file at path to *text (of *len bytes); 0, or -1 if none. */
static int
testdb_log_append(const char *path, char **text, size_t *len)
{
	char	buf[65536];
	size_t	n;
	FILE	*f;

	if ((f = fopen(path, "r")) == NULL)
		return -1;
	while ((n = fread(buf, 1, sizeof buf, f)) > 0) {
		*text = xreallocarray(*text, *len + n + 1, 1);
		memcpy(*text + *len, buf, n);
		*len += n;
		(*text)[*len] = '\0';
	}
	fclose(f);
	return 0;
}

char *
testdb_log(const struct testdb *db, int *files)
{
	char	*text = xstrdup(""), *path;
	size_t	 len = 0;
	int	 i, n = 0;

	for (i = TESTDB_LOG_OLDEST; i >= 0; i--) {
		if (i == 0)
			path = xasprintf("%s/cluster/server.log", db->top);
		else
			path = xasprintf("%s/cluster/server.log.%d", db->top,
			    i);
		if (testdb_log_append(path, &text, &len) == 0)
			n++;
		free(path);
	}
	if (files != NULL)
		*files = n;
	return text;
}

int
testdb_log_has(const struct testdb *db, const char *text)
{
	char	*log;
	int	 i, found = 0;

	for (i = 0; i < 50 && !found; i++) {
		log = testdb_log(db, NULL);
		found = strstr(log, text) != NULL;
		free(log);
		if (!found)
			nanosleep(&(struct timespec){ 0, 100000000 }, NULL);
	}
	return found;
}

void
testdb_stop(struct testdb *db)
{
	struct sb_error	err;
	char		buf[SB_ERROR_MESSAGE_MAX + SB_ERROR_HINT_MAX];

	if (db == NULL)
		return;
	testdb_forget(db);
	sb_error_clear(&err);
	if (cluster_release(db->cluster, &err) != SB_OK)
		fprintf(stderr, "testdb: %s\n",
		    sb_error_format(&err, buf, sizeof buf));
	cluster_free(db->cluster);
	/* A forked child leaves the directory to its parent. */
	if (db->pid == getpid() && util_rmtree(db->top) != 0)
		fprintf(stderr, "testdb: cannot remove %s\n", db->top);
	free(db->top);
	free(db);
}

struct db *
testdb_db(const struct testdb *db, const char *role)
{
	struct db_params	 p = { .count = 0 };
	struct sb_error		 err;
	struct db		*who;
	char			 port[16];

	snprintf(port, sizeof port, "%d", testdb_port(db));
	db_params_set(&p, "host", testdb_host(db));
	db_params_set(&p, "port", port);
	db_params_set(&p, "dbname", CLUSTER_DATABASE);
	db_params_set(&p, "user", role);
	if (db_connect(&p, &who, &err) != SB_OK)
		testdb_die("db_connect as %s: %s", role, err.message);
	return (who);
}
