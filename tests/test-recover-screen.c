/* Screen tests: the program gets its server and its saves back by itself. */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libpq-fe.h>

#include "switchboard/util.h"
#include "screen.h"
#include "testdb.h"
#include "testdemo.h"
#include "testsql.h"

static struct testdemo	demo;

static int
setup(void **state)
{
	(void)state;
	testdemo_start(&demo);
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	testdemo_stop(&demo);
	return 0;
}

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
	int		 i;

	(void)state;
	PQfinish(demo.admin);
	demo.admin = NULL;
	testdb_stop_server(demo.tdb);
	assert_int_equal(server_pid(), 0);
	s = spawn_embedded();
	WAIT_TEXT(s, "Bluewater Health Partners");
	pid = server_pid();
	assert_true(pid > 0);
	assert_int_equal(kill((pid_t)pid, SIGINT), 0);
	for (i = 0; i < 600 && kill((pid_t)pid, 0) == 0; i++)
		usleep(50 * 1000);
	assert_int_not_equal(kill((pid_t)pid, 0), 0);
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
	for (i = 0; i < 600 && server_pid() != 0; i++)
		usleep(50 * 1000);
	assert_int_equal(server_pid(), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_stopped_server_restarts),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
