/* Screen tests: the real program in a pseudo-terminal on a test server. */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include <libpq-fe.h>

#include "switchboard/cluster.h"
#include "switchboard/migrate.h"
#include "switchboard/util.h"
#include "screen.h"
#include "testdb.h"
#include "testsql.h"

#define WAIT_MS	8000

static struct testdb	*tdb;
static PGconn		*admin;
static char		*program;
static char		 env_host[512], env_port[32], env_home[512];

static char *
sql1(const char *sql, const char *a, const char *b)
{
	if (b == NULL)
		return testsql_value(admin, sql, a, NULL);
	return testsql_value(admin, sql, a, b, NULL);
}

static void
fixture_load(void)
{
	char	*muller, *acme, *anna, *bob, *evil, *wide;

	muller = sql1("SELECT sb.organization_create($1, $2)",
	    "Müller Logistik", "provider");
	acme = sql1("SELECT sb.organization_create($1, $2)",
	    "Acme Partners", "partner");
	free(sql1("SELECT sb.organization_create($1, $2)", "Zeta Platform",
	    "platform"));
	anna = sql1("SELECT sb.contact_create($1, $2)", "Anna", "Schmidt");
	bob = sql1("SELECT sb.contact_create($1, $2)", "Bob", "Jones");
	/* Hostile names: a title change, OSC 52, clear screen, bidi. */
	evil = sql1("SELECT sb.contact_create($1, $2)",
	    "Eve\033]0;PWNED\a\033]52;c;aGk=\a", "Evil\033[2J\342\200\256x");
	wide = sql1("SELECT sb.contact_create($1, $2)",
	    "漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字",
	    "Wideperson");
	free(sql1("SELECT sb.organization_contact_link($1, $2, 'admin')",
	    acme, anna));
	free(sql1("SELECT sb.organization_contact_link($1, $2, 'emergency')",
	    muller, anna));
	free(sql1("SELECT sb.organization_contact_link($1, $2, 'technical')",
	    muller, bob));
	free(sql1("SELECT sb.organization_contact_link($1, $2, 'billing')",
	    muller, evil));
	free(sql1("SELECT sb.organization_contact_link($1, $2, 'billing')",
	    muller, wide));
	free(sql1("SELECT sb.contact_phone_add($1, '+1 (555) 123-4567', "
	    "'mobile', make_primary => true)", anna, NULL));
	free(sql1("SELECT sb.contact_email_add($1, 'anna@example.com')",
	    anna, NULL));
	free(muller);
	free(acme);
	free(anna);
	free(bob);
	free(evil);
	free(wide);
}

static int
setup(void **state)
{
	struct sb_error	 err;
	char		*ci;
	const char	*top = getenv("SB_TOP_BUILDDIR"), *s;

	(void)state;
	tdb = testdb_start();
	admin = testdb_connect(tdb, CLUSTER_SUPERUSER);
	if (migrate_run(admin, &err) != SB_OK)
		fail_msg("migrate_run: %s", err.message);
	fixture_load();
	ci = testdb_conninfo(tdb, CLUSTER_SUPERUSER);
	s = strstr(ci, "port=");
	assert_non_null(s);
	snprintf(env_port, sizeof env_port, "PGPORT=%d", atoi(s + 5));
	free(ci);
	snprintf(env_host, sizeof env_host, "PGHOST=%s", testdb_host(tdb));
	snprintf(env_home, sizeof env_home, "HOME=%s", testdb_host(tdb));
	program = util_path_join(top != NULL ? top : ".", "switchboard");
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	free(program);
	PQfinish(admin);
	testdb_stop(tdb);
	return 0;
}

/* Start the program; extra is one more environment entry or NULL. */
static struct screen *
start(int rows, int cols, const char *term, const char *lang,
    const char *extra)
{
	const char *const	argv[] = { program, NULL };
	char			t[64], l[64];
	const char		*envp[] = { env_host, env_port,
	    "PGDATABASE=" CLUSTER_DATABASE, "PGUSER=" CLUSTER_SUPERUSER,
	    env_home, t, l, "XDG_CONFIG_HOME=/nonexistent", extra, NULL };

	snprintf(t, sizeof t, "TERM=%s", term);
	snprintf(l, sizeof l, "LC_ALL=%s", lang);
	return screen_spawn(argv, envp, rows, cols);
}

static void
quit(struct screen *s)
{
	int	status;

	screen_send(s, "q");
	status = screen_wait_exit(s, WAIT_MS);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);
	assert_true(screen_terminal_restored(s));
	assert_true(screen_termios_restored(s));
	screen_free(s);
}

static bool
no_text(struct screen *s, void *arg)
{
	return !screen_contains(s, arg);
}

#define WAIT_TEXT(s, t) do {						\
	if (!screen_wait_text((s), (t), WAIT_MS))			\
		fail_msg("never saw \"%s\"", (t));			\
} while (0)

static void
test_navigation(void **state)
{
	struct screen	*s = start(30, 120, "xterm-256color", "C.UTF-8",
	    NULL);

	(void)state;
	WAIT_TEXT(s, "Müller Logistik");
	WAIT_TEXT(s, "Zeta Platform");
	/* Acme is first: its contact shows in the middle pane. */
	WAIT_TEXT(s, "Anna Schmidt");
	screen_send(s, "j");
	WAIT_TEXT(s, "Bob Jones");
	WAIT_TEXT(s, "emergency");
	screen_key(s, SCREEN_KEY_TAB);
	screen_send(s, "g");
	screen_key(s, SCREEN_KEY_ENTER);
	WAIT_TEXT(s, "Details");
	screen_send(s, "G");
	screen_key(s, SCREEN_KEY_ESC);
	screen_key(s, SCREEN_KEY_ESC);
	screen_send(s, "k");
	WAIT_TEXT(s, "admin");
	quit(s);
}

static void
test_details_and_global_search(void **state)
{
	struct screen	*s = start(30, 120, "xterm-256color", "C.UTF-8",
	    NULL);

	(void)state;
	WAIT_TEXT(s, "Anna Schmidt");
	screen_send(s, "s");
	WAIT_TEXT(s, "Search all:");
	screen_send(s, "555 123 4567");
	WAIT_TEXT(s, "phone: +1 (555)");
	screen_key(s, SCREEN_KEY_ENTER);
	screen_key(s, SCREEN_KEY_ENTER);
	WAIT_TEXT(s, "anna@example.com");
	WAIT_TEXT(s, "+1 (555) 123-4567");
	quit(s);
}

static void
test_pane_search_and_filters(void **state)
{
	struct screen	*s = start(30, 120, "xterm-256color", "C.UTF-8",
	    NULL);

	(void)state;
	WAIT_TEXT(s, "Zeta Platform");
	screen_send(s, "/muller");
	WAIT_TEXT(s, "Organizations /muller");
	assert_true(screen_wait(s, no_text, "Zeta Platform", WAIT_MS));
	WAIT_TEXT(s, "Bob Jones");
	screen_key(s, SCREEN_KEY_ENTER);
	screen_key(s, SCREEN_KEY_TAB);
	screen_send(s, "2");
	WAIT_TEXT(s, "[technical]");
	WAIT_TEXT(s, "Bob Jones");
	assert_true(screen_wait(s, no_text, "Anna Schmidt", WAIT_MS));
	screen_send(s, "0");
	WAIT_TEXT(s, "Anna Schmidt");
	screen_send(s, "?");
	WAIT_TEXT(s, "Keys (any key closes)");
	WAIT_TEXT(s, "Quit");
	screen_send(s, " ");
	WAIT_TEXT(s, "Bob Jones");
	quit(s);
}

static void
test_resize_and_narrow(void **state)
{
	struct screen	*s = start(60, 200, "xterm-256color", "C.UTF-8",
	    NULL);

	(void)state;
	WAIT_TEXT(s, "┌ Details");
	screen_resize(s, 12, 40);
	WAIT_TEXT(s, "[Organizations]");
	assert_true(screen_wait(s, no_text, "┌ Details", WAIT_MS));
	screen_key(s, SCREEN_KEY_TAB);
	WAIT_TEXT(s, "[Contacts]");
	screen_resize(s, 8, 30);
	WAIT_TEXT(s, "Terminal too small");
	screen_resize(s, 60, 200);
	WAIT_TEXT(s, "┌ Details");
	WAIT_TEXT(s, "Zeta Platform");
	assert_true(screen_wait(s, no_text, "too small", WAIT_MS));
	quit(s);
}

static void
test_hostile_names(void **state)
{
	struct screen	*s = start(30, 240, "xterm-256color", "C.UTF-8",
	    NULL);

	(void)state;
	WAIT_TEXT(s, "Müller");
	screen_send(s, "j");
	WAIT_TEXT(s, "Eve\\x1b]0;PWNED\\x07");
	WAIT_TEXT(s, "Evil\\x1b[2J\\u202ex");
	WAIT_TEXT(s, "漢字");
	/* The clear-screen did not run: the other panes are still there. */
	assert_true(screen_contains(s, "Zeta Platform"));
	assert_true(screen_contains(s, "Bob Jones"));
	quit(s);
}

static void
test_c_locale_vt100_no_color(void **state)
{
	struct screen	*s = start(24, 80, "vt100", "C", "NO_COLOR=1");

	(void)state;
	WAIT_TEXT(s, "M\\u00fcller Logistik");
	WAIT_TEXT(s, "[Organizations]");
	quit(s);
}

static void
test_sigterm_restores(void **state)
{
	struct screen	*s = start(24, 80, "xterm-256color", "C.UTF-8",
	    NULL);
	int		 status;

	(void)state;
	WAIT_TEXT(s, "Zeta Platform");
	assert_true(screen_wait_idle(s, WAIT_MS));
	screen_kill(s, SIGTERM);
	status = screen_wait_exit(s, WAIT_MS);
	assert_true(WIFEXITED(status));
	assert_true(screen_terminal_restored(s));
	assert_true(screen_termios_restored(s));
	screen_free(s);
}

static void
test_feed_and_reconnect(void **state)
{
	struct screen	*s = start(30, 120, "xterm-256color", "C.UTF-8",
	    NULL);

	(void)state;
	WAIT_TEXT(s, "Zeta Platform");
	free(sql1("SELECT sb.organization_create($1, $2)", "Newco Feedtest",
	    "partner"));
	WAIT_TEXT(s, "Newco Feedtest");
	testsql_exec(admin, "SELECT pg_terminate_backend(pid)"
	    " FROM pg_stat_activity WHERE pid <> pg_backend_pid()"
	    " AND datname = 'switchboard' AND backend_type = 'client backend'");
	WAIT_TEXT(s, "Connection lost");
	WAIT_TEXT(s, "Reconnected");
	WAIT_TEXT(s, "Zeta Platform");
	quit(s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_navigation),
		cmocka_unit_test(test_details_and_global_search),
		cmocka_unit_test(test_pane_search_and_filters),
		cmocka_unit_test(test_resize_and_narrow),
		cmocka_unit_test(test_hostile_names),
		cmocka_unit_test(test_c_locale_vt100_no_color),
		cmocka_unit_test(test_sigterm_restores),
		cmocka_unit_test(test_feed_and_reconnect),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
