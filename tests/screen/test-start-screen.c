/* Screen tests: a first start with the demo says what it does, and how far. */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <sys/stat.h>
#include <sys/wait.h>

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "switchboard/util.h"
#include "screen.h"
#include "testdemo.h"

/* A first start makes the cluster and loads the demo: tens of seconds. */
#define LOAD_MS	240000

static char	dir[] = "/tmp/sb-start-XXXXXX";

/* The percentages of "loading the demo data... N%" seen, 1 to 99. */
struct seen {
	bool	pct[100];
	int	count;
};

/* Note the percentage on screen; true once two in between were seen. */
static bool
two_steps_seen(struct screen *s, void *arg)
{
	static const char	 phrase[] = "loading the demo data... ";
	struct seen		*seen = arg;
	char			*text = screen_text(s), *p;
	int			 n;

	for (p = text; (p = strstr(p, phrase)) != NULL; p++) {
		n = atoi(p + sizeof phrase - 1);
		if (n >= 1 && n <= 99 && !seen->pct[n]) {
			seen->pct[n] = true;
			seen->count++;
		}
	}
	free(text);
	return seen->count >= 2;
}

/*
 * The first --demo start on a machine with no cluster yet: the terminal
 * says it is loading the demo and counts on (two percentages between 1
 * and 99 at least), then the organizations show, and quitting restores
 * the terminal. Before, the screen stayed blank for as long as it took.
 */
static void
test_first_demo_tells_how_far(void **state)
{
	const char	*top = getenv("SB_TOP_BUILDDIR");
	char		*program, env_dir[600], env_home[600];
	const char	*argv[] = { NULL, "--demo", NULL };
	const char	*envp[] = { env_dir, env_home, "TERM=xterm-256color",
	    "LC_ALL=C.UTF-8", "XDG_CONFIG_HOME=/nonexistent", NULL };
	struct seen	 seen = { 0 };
	struct screen	*s;
	int		 status;

	(void)state;
	assert_non_null(mkdtemp(dir));
	/* Run as root, the server runs as another account: let it in. */
	assert_int_equal(chmod(dir, 0755), 0);
	program = util_path_join(top != NULL ? top : ".", "switchboard");
	argv[0] = program;
	snprintf(env_dir, sizeof env_dir, "SWITCHBOARD_CLUSTER_DIR=%s/cluster",
	    dir);
	snprintf(env_home, sizeof env_home, "HOME=%s", dir);
	s = screen_spawn(argv, envp, 30, 120);
	if (!screen_wait(s, two_steps_seen, &seen, LOAD_MS))
		fail_msg("the demo load did not count on (%d steps seen)",
		    seen.count);
	if (!screen_wait_text(s, "Organizations (", LOAD_MS))
		fail_msg("the organizations never showed");
	screen_send(s, "q");
	status = screen_wait_exit(s, WAIT_MS);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);
	assert_true(screen_terminal_restored(s));
	screen_free(s);
	free(program);
}

static int
teardown(void **state)
{
	(void)state;
	return dir[sizeof dir - 7] == 'X' ? 0 : util_rmtree(dir);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_first_demo_tells_how_far),
	};

	return cmocka_run_group_tests(tests, NULL, teardown);
}
