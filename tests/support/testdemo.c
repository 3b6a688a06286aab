/* Test support: the real program against a throwaway cluster with the demo. */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <sys/file.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "switchboard/cluster.h"
#include "switchboard/db-pq.h"
#include "switchboard/demo.h"
#include "switchboard/migrate.h"
#include "switchboard/util.h"
#include "screen.h"
#include "testdb.h"
#include "testdemo.h"
#include "testsql.h"

/* Connect to tdb as its superuser; fails the test program on error. */
static struct db *
testdemo_superuser(struct testdb *tdb)
{
	return testdb_db(tdb, CLUSTER_SUPERUSER);
}

/* Bring tdb's schema up to date and load the demo (both idempotent). */
static void
testdemo_load(struct testdb *tdb)
{
	struct db	*db = testdemo_superuser(tdb);
	struct sb_error	 err;

	if (migrate_run(db_conn(db), &err) != SB_OK ||
	    demo_load(db, &err) != SB_OK)
		fail_msg("setup: %s", err.message);
	db_free(db);
}

/*
 * What the template was made with: the library every test program links,
 * whose size and time change with any change to the schema or the demo,
 * and the server programs (a new PostgreSQL major cannot start the old
 * data directory).
 */
static char *
testdemo_stamp(const char *top)
{
	struct stat	 sb;
	char		*lib = util_path_join(top, "libswitchboard.a");
	const char	*bindir = getenv("SB_PG_BINDIR");

	if (stat(lib, &sb) != 0)
		fail_msg("setup: %s: %s", lib, strerror(errno));
	free(lib);
	return xasprintf("%lld %lld.%09ld %s\n", (long long)sb.st_size,
	    (long long)sb.st_mtim.tv_sec, sb.st_mtim.tv_nsec,
	    bindir != NULL ? bindir : "");
}

/*
 * The cluster directory of a stopped cluster with the demo loaded, made
 * once per build in tests/demo-template/ and copied by every program
 * (loading the demo takes many seconds, a copy a fraction of one). A lock
 * lets one program build it while the others wait. Caller frees.
 */
static char *
testdemo_template(const char *top)
{
	struct testdb	*tdb;
	char		*dir, *lock, *stampfile, *stamp, *cluster, *tmp;
	char		 have[128] = "";
	FILE		*f;
	int		 fd;

	dir = util_path_join(top, "tests/demo-template");
	lock = util_path_join(top, "tests/demo-template.lock");
	stampfile = util_path_join(dir, "stamp");
	cluster = util_path_join(dir, "cluster");
	stamp = testdemo_stamp(top);
	if (mkdir(dir, 0755) != 0 && errno != EEXIST)
		fail_msg("setup: mkdir %s: %s", dir, strerror(errno));
	fd = open(lock, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
	if (fd == -1 || flock(fd, LOCK_EX) != 0)
		fail_msg("setup: lock %s: %s", lock, strerror(errno));
	if ((f = fopen(stampfile, "r")) != NULL) {
		if (fgets(have, sizeof have, f) == NULL)
			have[0] = '\0';
		fclose(f);
	}
	if (strcmp(have, stamp) != 0) {
		unlink(stampfile);
		tdb = testdb_start();
		testdemo_load(tdb);
		testdb_save(tdb, cluster);
		testdb_stop(tdb);
		tmp = xasprintf("%s.new", stampfile);
		if ((f = fopen(tmp, "w")) == NULL || fputs(stamp, f) == EOF ||
		    fclose(f) != 0 || rename(tmp, stampfile) != 0)
			fail_msg("setup: write %s: %s", stampfile,
			    strerror(errno));
		free(tmp);
	}
	close(fd);
	free(stamp);
	free(stampfile);
	free(lock);
	free(dir);
	return cluster;
}

void
testdemo_start(struct testdemo *d)
{
	const char	*top = getenv("SB_TOP_BUILDDIR");
	char		*template;

	if (top == NULL)
		top = ".";
	memset(d, 0, sizeof *d);
	template = testdemo_template(top);
	d->tdb = testdb_start_copy(template);
	free(template);
	/* Checks the copy: nothing is pending, the demo is there. */
	testdemo_load(d->tdb);
	snprintf(d->env_port, sizeof d->env_port, "PGPORT=%d",
	    testdb_port(d->tdb));
	d->admin = testdb_connect(d->tdb, CLUSTER_SUPERUSER);
	snprintf(d->env_host, sizeof d->env_host, "PGHOST=%s",
	    testdb_host(d->tdb));
	snprintf(d->env_home, sizeof d->env_home, "HOME=%s",
	    testdb_host(d->tdb));
	d->program = util_path_join(top, "switchboard");
}

void
testdemo_stop(struct testdemo *d)
{
	free(d->program);
	PQfinish(d->admin);
	testdb_stop(d->tdb);
	memset(d, 0, sizeof *d);
}

struct screen *
testdemo_spawn(const struct testdemo *d, const char *role,
    const char *locale, int rows, int cols)
{
	const char *const	argv[] = { d->program, NULL };
	char			user[64], lc[64];
	const char		*envp[] = { d->env_host, d->env_port,
	    "PGDATABASE=" CLUSTER_DATABASE, user, d->env_home,
	    "TERM=xterm-256color", lc, "XDG_CONFIG_HOME=/nonexistent", NULL };

	snprintf(user, sizeof user, "PGUSER=%s", role);
	snprintf(lc, sizeof lc, "LC_ALL=%s", locale);
	return screen_spawn(argv, envp, rows, cols);
}

struct screen *
testdemo_spawn_embedded(struct testdemo *d, int rows, int cols)
{
	const char *const	argv[] = { d->program, NULL };
	char			dir[600];
	const char		*envp[] = { dir, d->env_home,
	    "TERM=xterm-256color", "LC_ALL=C.UTF-8",
	    "XDG_CONFIG_HOME=/nonexistent", NULL };

	if (d->admin != NULL) {
		PQfinish(d->admin);
		d->admin = NULL;
		testdb_stop_server(d->tdb);
	}
	snprintf(dir, sizeof dir, "SWITCHBOARD_CLUSTER_DIR=%s/cluster",
	    testdb_dir(d->tdb));
	return screen_spawn(argv, envp, rows, cols);
}

void
testdemo_server_back(struct testdemo *d)
{
	testdb_start_server(d->tdb);
	d->admin = testdb_connect(d->tdb, CLUSTER_SUPERUSER);
}

void
testdemo_paste(struct screen *s, const char *text)
{
	char	*b = xasprintf("\033[200~%s\033[201~", text);

	screen_send(s, b);
	free(b);
}

void
testdemo_quit(struct screen *s)
{
	int	status;

	screen_send(s, "q");
	status = screen_wait_exit(s, WAIT_MS);
	assert_true(WIFEXITED(status));
	screen_free(s);
}

int
testdemo_idle_in_transaction(const struct testdemo *d, const char *role)
{
	char	*n;
	int	 v;

	n = testsql_value(d->admin, "SELECT count(*) FROM pg_stat_activity "
	    "WHERE usename = $1 AND state = 'idle in transaction'", role,
	    NULL);
	v = atoi(n);
	free(n);
	return v;
}

struct testdemo_lock_want {
	const struct testdemo	*d;
	const char		*role;
	char			*pid;
};

static bool
testdemo_lock_seen(struct screen *s, void *arg)
{
	struct testdemo_lock_want	*w = arg;

	(void)s;
	free(w->pid);
	w->pid = testsql_value(w->d->admin, "SELECT pid FROM pg_stat_activity"
	    " WHERE usename = $1 AND wait_event_type = 'Lock'", w->role, NULL);
	return w->pid != NULL;
}

char *
testdemo_lock_waiter(const struct testdemo *d, struct screen *s,
    const char *role)
{
	struct testdemo_lock_want	w = { d, role, NULL };

	if (!screen_wait(s, testdemo_lock_seen, &w, WAIT_MS))
		fail_msg("no session of %s waited on a lock", role);
	return w.pid;
}

char *
testdemo_riverside_contact(const struct testdemo *d, const char *name)
{
	return testsql_value(d->admin, "SELECT DISTINCT c.id FROM"
	    " sb.contacts c"
	    " JOIN sb.organization_contacts oc ON oc.contact_id = c.id"
	    " JOIN sb.organizations o ON o.id = oc.organization_id"
	    " WHERE o.name = 'Riverside Health' AND c.deleted_at IS NULL"
	    " AND concat_ws(' ', nullif(c.first_name, ''),"
	    " nullif(c.last_name, '')) = $1", name, NULL);
}

char *
testdemo_between(struct screen *s, const char *prefix, const char *stop)
{
	char	*text = screen_text(s), *p, *q, *e, *v = NULL;

	for (p = text; v == NULL && (p = strstr(p, prefix)) != NULL;) {
		p += strlen(prefix);
		if ((e = strstr(p, stop)) == NULL ||
		    memchr(p, '\n', (size_t)(e - p)) != NULL)
			continue;
		/* The prefix nearest the stop: a border may repeat it. */
		while ((q = strstr(p, prefix)) != NULL && q < e)
			p = q + strlen(prefix);
		v = strndup(p, (size_t)(e - p));
	}
	free(text);
	return v;
}

struct screen *
testdemo_choose_org(const struct testdemo *d, const char *role,
    const char *org, int rows, int cols)
{
	struct screen	*s = testdemo_spawn(d, role, "C.UTF-8", rows, cols);
	char		*filter;

	WAIT_TEXT(s, "Riverside Health");
	filter = xasprintf("/%s", org != NULL ? org : "Riverside");
	screen_send(s, filter);
	free(filter);
	screen_key(s, SCREEN_KEY_ENTER);
	return s;
}

struct screen *
testdemo_open_org(const struct testdemo *d, const char *role,
    const char *org, int rows, int cols)
{
	struct screen	*s = testdemo_choose_org(d, role, org, rows, cols);

	screen_key(s, SCREEN_KEY_TAB);
	/* The details pane follows the selected contact once it is loaded. */
	WAIT_TEXT(s, "Name      ");
	return s;
}

void
testdemo_down(struct screen *s, const char *n)
{
	int	i;

	for (i = atoi(n); i > 0; i--)
		screen_key(s, SCREEN_KEY_DOWN);
}

char *
testdemo_value(const struct testdemo *d, const char *sql, const char *a,
    const char *b)
{
	char	*v = testsql_value(d->admin, sql, a, b, NULL);

	if (v == NULL)
		fail_msg("no value: %s", sql);
	return v;
}

void
testdemo_assert_sql(const struct testdemo *d, struct screen *shown,
    const char *want, const char *sql, const char *a, const char *b)
{
	char	*v = testdemo_value(d, sql, a, b);

	if (strcmp(v, want) != 0 && shown != NULL)
		screen_dump(shown, stdout);
	assert_string_equal(v, want);
	free(v);
}

void
testdemo_select(struct screen *s, const char *name)
{
	char	*email;

	screen_send(s, "/");
	screen_send(s, name);
	screen_key(s, SCREEN_KEY_ENTER);
	WAIT_TEXT(s, name);
	email = xasprintf("%s@", name);
	if (strchr(email, ' ') != NULL)
		*strchr(email, ' ') = '.';
	WAIT_TEXT(s, email);
	free(email);
}

/* Whether the terminal cursor (on the selected row) is on a row with arg. */
static bool
testdemo_cursor_row_has(struct screen *s, void *arg)
{
	char	*row;
	bool	 found;
	int	 r, c;

	screen_cursor(s, &r, &c);
	row = screen_row(s, r);
	found = strstr(row, arg) != NULL;
	free(row);
	return found;
}

/* Whether the cursor has left row *arg. */
static bool
testdemo_cursor_moved(struct screen *s, void *arg)
{
	int	r, c;

	screen_cursor(s, &r, &c);
	return (r != *(int *)arg);
}

/*
 * The cursor passes other rows while a frame is written: it rests on the
 * selection only once the output has paused.
 */
#define TESTDEMO_CURSOR_QUIET_MS	50

void
testdemo_cursor_to(struct screen *s, const char *text)
{
	int	i, r, c;

	screen_wait_stable(s, TESTDEMO_CURSOR_QUIET_MS, WAIT_MS);
	for (i = 0; i < 12 && !testdemo_cursor_row_has(s, (void *)text); i++) {
		screen_cursor(s, &r, &c);
		screen_send(s, "j");
		if (!screen_wait(s, testdemo_cursor_moved, &r, WAIT_MS))
			fail_msg("j did not move the selection");
		screen_wait_stable(s, TESTDEMO_CURSOR_QUIET_MS, WAIT_MS);
	}
	if (!testdemo_cursor_row_has(s, (void *)text)) {
		screen_dump(s, stdout);
		fail_msg("no row with \"%s\" to select", text);
	}
}

struct testdemo_row {
	const char	*name;
	const char	*want;
};

static bool
testdemo_row_has(struct screen *s, void *arg)
{
	const struct testdemo_row	*w = arg;
	char				*text;
	bool				 r = false;
	int				 row, rows, cols;

	screen_size(s, &rows, &cols);
	for (row = 0; row < rows && !r; row++) {
		text = screen_row(s, row);
		r = strstr(text, w->name) != NULL &&
		    strstr(text, w->want) != NULL;
		free(text);
	}
	return r;
}

void
testdemo_wait_row(struct screen *s, const char *name, const char *want)
{
	struct testdemo_row	w = { name, want };

	if (!screen_wait(s, testdemo_row_has, &w, WAIT_MS)) {
		screen_dump(s, stdout);
		fail_msg("the row of %s never showed %s", name, want);
	}
}

bool
testdemo_details_of(struct screen *s, void *name)
{
	char	*text = screen_text(s), *p = strstr(text, "\u2502 Name ");
	bool	 ok = false;

	while (!ok && p != NULL) {
		p += strlen("\u2502 Name ");
		p += strspn(p, " ");
		ok = strncmp(p, name, strlen(name)) == 0;
		p = strstr(p, "\u2502 Name ");
	}
	free(text);
	return ok;
}

bool
testdemo_gone(struct screen *s, void *text)
{
	return !screen_contains(s, text);
}

void
testdemo_items_open(struct screen *s, const char *name)
{
	char	title[200];

	screen_send(s, "/");
	screen_send(s, name);
	screen_key(s, SCREEN_KEY_ENTER);
	if (!screen_wait(s, testdemo_details_of, (void *)name, WAIT_MS))
		fail_msg("the details never showed %s", name);
	screen_send(s, "i");
	snprintf(title, sizeof title, "Phones, emails, addresses: %s", name);
	WAIT_TEXT(s, title);
}

void
testdemo_items_form(struct screen *s, const char *title)
{
	WAIT_TEXT(s, title);
	WAIT_TEXT(s, "F2/C-x save");
	/* The list gone, so no text of it counts as an answer later. */
	if (!screen_wait(s, testdemo_gone, "a add  Enter/e edit", WAIT_MS))
		fail_msg("the list stayed under the form %s", title);
}
