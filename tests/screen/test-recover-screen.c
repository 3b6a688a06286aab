/* Screen tests: the program gets its server and its saves back by itself. */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <sys/syscall.h>

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libpq-fe.h>

#include "switchboard/cluster.h"
#include "switchboard/demo.h"
#include "switchboard/util.h"
#include "fixture.h"
#include "screen.h"
#include "testdb.h"
#include "testdemo.h"
#include "testrelay.h"
#include "testsql.h"

/* The postmaster's pid of the test cluster, or 0 when it is not running. */
static long
server_pid(void)
{
	char	*path, line[32];
	FILE	*f;
	long	 pid = 0;

	path = xasprintf("%s/cluster/data/postmaster.pid",
	    testdb_dir(demo.tdb));
	if ((f = fopen(path, "r")) != NULL) {
		if (fgets(line, sizeof line, f) != NULL)
			pid = strtol(line, NULL, 10);
		fclose(f);
	}
	free(path);
	return pid > 0 && kill((pid_t)pid, 0) == 0 ? pid : 0;
}

/* Whether process pid (not our child) ends within WAIT_MS. */
static bool
process_gone(long pid)
{
	struct pollfd	pfd;
	int		fd;

	fd = (int)syscall(SYS_pidfd_open, (pid_t)pid, 0);
	if (fd == -1)
		return errno == ESRCH;
	pfd.fd = fd;
	pfd.events = POLLIN;
	pfd.revents = 0;
	poll(&pfd, 1, WAIT_MS);
	close(fd);
	return pfd.revents & POLLIN;
}

/*
 * The program on the embedded cluster of the demo copy (no server named
 * in the environment): it starts the server itself and owns it.
 */
static struct screen *
spawn_embedded(void)
{
	const char *const	argv[] = { demo.program, NULL };
	char			dir[600];
	const char		*envp[] = { dir, demo.env_home,
	    "TERM=xterm-256color", "LC_ALL=C.UTF-8",
	    "XDG_CONFIG_HOME=/nonexistent", NULL };

	snprintf(dir, sizeof dir, "SWITCHBOARD_CLUSTER_DIR=%s/cluster",
	    testdb_dir(demo.tdb));
	return screen_spawn(argv, envp, 30, 120);
}

/* The contact's title and number of events, as "title/n". */
static const char	state_sql[] = "SELECT coalesce(c.title, '') || '/' ||"
    " (SELECT count(*) FROM sb.domain_events e WHERE e.stream_id = c.id)"
    " FROM sb.contacts c WHERE c.id = $1";

/*
 * A save whose COMMIT loses its connection while the server looks away
 * for 2.5 s: the form keeps what was typed and says it will check; once
 * the server is back the program asks the command log by itself and tells
 * the truth. cut: the reply was lost after the commit (want: the change
 * is in, shown), or the COMMIT never reached the server (nothing landed;
 * saving again lands it once).
 */
static void
lost_commit(enum testrelay_cut cut, const char *title)
{
	struct testrelay	*r;
	struct screen		*s;
	const char *const	 argv[] = { demo.program, NULL };
	char			 host[600], *name, *id, *before, *after;
	const char		*envp[] = { host, demo.env_port,
	    "PGDATABASE=" CLUSTER_DATABASE, "PGUSER=" DEMO_ROLE_PROVIDER,
	    demo.env_home, "TERM=xterm-256color", "LC_ALL=C.UTF-8",
	    "XDG_CONFIG_HOME=/nonexistent", NULL };

	r = testrelay_start(testdb_host(demo.tdb), testdb_port(demo.tdb));
	snprintf(host, sizeof host, "PGHOST=%s", testrelay_dir(r));
	s = screen_spawn(argv, envp, 36, 130);
	WAIT_TEXT(s, "Riverside Health");
	screen_send(s, "/Riverside");
	screen_key(s, SCREEN_KEY_ENTER);
	screen_key(s, SCREEN_KEY_TAB);
	WAIT_TEXT(s, "Name      ");
	screen_send(s, "e");
	WAIT_TEXT(s, "First name");
	name = testdemo_between(s, "Edit ", "\u2500");
	assert_non_null(name);
	id = testdemo_riverside_contact(&demo, name);
	assert_non_null(id);
	before = testsql_value(demo.admin, state_sql, id, NULL);
	screen_key(s, SCREEN_KEY_TAB);
	screen_key(s, SCREEN_KEY_TAB);
	screen_key_ctrl(s, 'u');
	screen_key_ctrl(s, 'k');
	screen_send(s, title);
	WAIT_TEXT(s, title);
	testrelay_arm(r, cut, 2500);
	screen_key_ctrl(s, 'x');
	WAIT_TEXT(s, "checking whether it landed");
	assert_true(screen_contains(s, title));
	if (cut == TESTRELAY_LOSE_REPLY) {
		WAIT_TEXT(s, "Saved; the reply was lost but the change is in");
		after = xasprintf("%s/%d", title, atoi(strchr(before, '/') +
		    1) + 1);
		ASSERT_SQL(demo.admin, after, state_sql, id, NULL);
		/* What the panes show is what is stored. */
		WAIT_TEXT(s, title);
	} else {
		WAIT_TEXT(s, "Not saved: the server never got it");
		assert_true(screen_contains(s, title));
		ASSERT_SQL(demo.admin, before, state_sql, id, NULL);
		screen_key_ctrl(s, 'x');
		WAIT_TEXT(s, "Saved (u undoes)");
		after = xasprintf("%s/%d", title, atoi(strchr(before, '/') +
		    1) + 1);
		ASSERT_SQL(demo.admin, after, state_sql, id, NULL);
	}
	free(after);
	free(before);
	free(id);
	free(name);
	testdemo_quit(s);
	testrelay_stop(r);
}

static void
test_lost_reply_tells_the_truth(void **state)
{
	(void)state;
	lost_commit(TESTRELAY_LOSE_REPLY, "Landed Late");
}

static void
test_lost_commit_tells_the_truth(void **state)
{
	(void)state;
	lost_commit(TESTRELAY_LOSE_COMMIT, "Never Landed");
}

/*
 * The embedded server stops under a running program (here a fast
 * shutdown, as pg_ctl stop or a reboot of the service would): the program
 * starts it again, says so, and works on.
 */
static void
test_stopped_server_restarts(void **state)
{
	struct screen	*s;
	long		 pid;

	(void)state;
	PQfinish(demo.admin);
	demo.admin = NULL;
	testdb_stop_server(demo.tdb);
	assert_int_equal(server_pid(), 0);
	s = spawn_embedded();
	WAIT_TEXT(s, "Bluewater Health Partners");
	/* While it waited, the person was told why. */
	assert_true(screen_bytes_contain(s, "switchboard: starting the "
	    "database server..."));
	pid = server_pid();
	assert_true(pid > 0);
	assert_int_equal(kill((pid_t)pid, SIGINT), 0);
	assert_true(process_gone(pid));
	WAIT_TEXT(s, "started it again and reconnected");
	assert_true(server_pid() > 0);
	/* It works on: a search reads from the server started again. */
	screen_send(s, "s");
	WAIT_TEXT(s, "Search all:");
	screen_send(s, "Riverside");
	WAIT_TEXT(s, "Search: Riverside");
	screen_key(s, SCREEN_KEY_ESC);
	testdemo_quit(s);
	/* The program was its only user: it stopped the server on quit. */
	pid = server_pid();
	assert_true(pid == 0 || process_gone(pid));
	assert_int_equal(server_pid(), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_lost_reply_tells_the_truth),
		cmocka_unit_test(test_lost_commit_tells_the_truth),
		cmocka_unit_test(test_stopped_server_restarts),
	};

	return cmocka_run_group_tests(tests, fixture_setup,
	    fixture_teardown);
}
