/* Tests for the pty screen driver, against small real programs. */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <sys/wait.h>

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "switchboard/util.h"
#include "screen.h"

#define WAIT_MS	5000

static const char *const test_env[] = {
	"PATH=/usr/bin:/bin",
	"TERM=xterm-256color",
	"LANG=C.UTF-8",
	"LC_ALL=C.UTF-8",
	"HOME=/nonexistent",
	NULL
};

static struct screen *
driver_spawn_sh(const char *script)
{
	const char *const	argv[] = { "/bin/sh", "-c", script, NULL };

	return screen_spawn(argv, test_env, 24, 80);
}

/* The curses fixture (tests/support); waits until it is drawn. */
static struct screen *
driver_spawn_fixture(void)
{
	const char	*top = getenv("SB_TOP_BUILDDIR");
	char		*path;
	struct screen	*s;

	path = xasprintf("%s/tests/support/screen-fixture",
	    top != NULL ? top : ".");
	{
		const char *const	argv[] = { path, NULL };

		s = screen_spawn(argv, test_env, 24, 80);
	}
	free(path);
	assert_true(screen_wait_row_text(s, 1, "ready", WAIT_MS));
	return s;
}

static long
driver_now_ms(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000L + ts.tv_nsec / 1000000L;
}

static void
driver_expect_exit(struct screen *s, int code)
{
	int	status;

	status = screen_wait_exit(s, WAIT_MS);
	assert_true(status != -1);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), code);
}

static void
test_utf8_and_cjk_land_in_cells(void **state)
{
	struct screen		*s;
	struct screen_cell	 c;
	char			*row;

	(void)state;
	/* "a中文b é" with a combining acute, then a second line. */
	s = driver_spawn_sh("printf 'a\\344\\270\\255\\346\\226\\207b "
	    "e\\314\\201\\nline2'");
	assert_true(screen_wait_text(s, "line2", WAIT_MS));
	row = screen_row(s, 0);
	assert_string_equal(row, "a\xe4\xb8\xad\xe6\x96\x87" "b e\xcc\x81");
	free(row);
	assert_true(screen_cell(s, 0, 1, &c));
	assert_string_equal(c.text, "\xe4\xb8\xad");
	assert_int_equal(c.width, 2);
	assert_true(screen_cell(s, 0, 2, &c));
	assert_int_equal(c.width, 0);
	assert_true(screen_cell(s, 0, 3, &c));
	assert_string_equal(c.text, "\xe6\x96\x87");
	assert_true(screen_cell(s, 0, 5, &c));
	assert_string_equal(c.text, "b");
	assert_true(screen_cell(s, 0, 7, &c));
	assert_string_equal(c.text, "e\xcc\x81");
	assert_int_equal(c.width, 1);
	assert_false(screen_cell(s, 0, 80, &c));
	row = screen_text(s);
	assert_int_equal(strncmp(row, "a\xe4\xb8\xad", 4), 0);
	assert_non_null(strstr(row, "\nline2\n"));
	free(row);
	driver_expect_exit(s, 0);
	screen_free(s);
}

static void
test_colours_and_attributes_read_back(void **state)
{
	struct screen		*s;
	struct screen_cell	 c;

	(void)state;
	s = driver_spawn_sh("printf '\\033[1;31mR\\033[0m\\033[7mV\\033[0m"
	    "\\033[38;5;200;48;5;17mX\\033[0m\\033[4;38;2;1;2;3mT\\033[0m"
	    "N.'");
	assert_true(screen_wait_text(s, "RVXTN.", WAIT_MS));
	assert_true(screen_cell(s, 0, 0, &c));
	assert_true(c.bold);
	assert_false(c.reverse);
	assert_int_equal(c.fg, 1);
	assert_int_equal(c.bg, SCREEN_COLOR_DEFAULT);
	assert_true(screen_cell(s, 0, 1, &c));
	assert_true(c.reverse);
	assert_false(c.bold);
	assert_int_equal(c.fg, SCREEN_COLOR_DEFAULT);
	assert_true(screen_cell(s, 0, 2, &c));
	assert_int_equal(c.fg, 200);
	assert_int_equal(c.bg, 17);
	assert_true(screen_cell(s, 0, 3, &c));
	assert_true(c.underline);
	assert_int_equal(c.fg, SCREEN_COLOR_RGB(1, 2, 3));
	assert_true(screen_cell(s, 0, 4, &c));
	assert_false(c.bold || c.reverse || c.underline);
	assert_int_equal(c.fg, SCREEN_COLOR_DEFAULT);
	assert_int_equal(c.bg, SCREEN_COLOR_DEFAULT);
	driver_expect_exit(s, 0);
	screen_free(s);
}

/*
 * Run a wait that must fail (for text, or for idle if text is NULL) with
 * stdout captured; returns what it printed.
 */
static char *
driver_capture_failed_wait(struct screen *s, const char *text, int ms,
    long *elapsed)
{
	FILE	*tmp;
	char	*out;
	long	 start, size;
	int	 saved;

	tmp = tmpfile();
	assert_non_null(tmp);
	fflush(stdout);
	saved = dup(STDOUT_FILENO);
	assert_true(dup2(fileno(tmp), STDOUT_FILENO) >= 0);
	start = driver_now_ms();
	if (text != NULL)
		assert_false(screen_wait_text(s, text, ms));
	else
		assert_false(screen_wait_idle(s, ms));
	*elapsed = driver_now_ms() - start;
	fflush(stdout);
	assert_true(dup2(saved, STDOUT_FILENO) >= 0);
	close(saved);
	size = ftell(tmp);
	assert_true(size > 0);
	out = xcalloc(1, size + 1);
	rewind(tmp);
	assert_int_equal(fread(out, 1, size, tmp), (size_t)size);
	fclose(tmp);
	return out;
}

static void
test_missing_text_times_out_and_dumps(void **state)
{
	struct screen	*s;
	char		*out;
	long		 elapsed;

	(void)state;
	s = driver_spawn_sh("printf 'hello there'; exec cat");
	assert_true(screen_wait_text(s, "hello there", WAIT_MS));
	out = driver_capture_failed_wait(s, "never shown", 300, &elapsed);
	assert_true(elapsed >= 300);
	assert_true(elapsed < 3000);
	assert_non_null(strstr(out, "\"never shown\": not seen after 300 ms"));
	assert_non_null(strstr(out, "  0 |hello there     "));
	assert_non_null(strstr(out, " 23 |"));
	printf("%s", out);
	free(out);
	screen_free(s);
}

static void
test_terminal_queries_are_answered(void **state)
{
	struct screen	*s;

	(void)state;
	/* Cursor position report for row 1, column 1: ESC [ 1 ; 1 R. */
	s = driver_spawn_sh("stty raw -echo; printf '\\033[6n';"
	    " head -c 6 | od -An -tx1");
	assert_true(screen_wait_text(s, "1b 5b 31 3b 31 52", WAIT_MS));
	driver_expect_exit(s, 0);
	screen_free(s);
}

static void
test_keys_follow_cursor_key_mode(void **state)
{
	struct screen	*s;

	(void)state;
	s = driver_spawn_sh("stty raw -echo; printf 'NORMAL ';"
	    " head -c 3 | od -An -tx1; printf '\\033[?1hAPP ';"
	    " head -c 3 | od -An -tx1; printf '\\033[?1lTAB ';"
	    " head -c 3 | od -An -tx1");
	assert_true(screen_wait_text(s, "NORMAL", WAIT_MS));
	screen_key(s, SCREEN_KEY_DOWN);
	assert_true(screen_wait_text(s, "1b 5b 42", WAIT_MS));
	assert_true(screen_wait_text(s, "APP", WAIT_MS));
	screen_key(s, SCREEN_KEY_DOWN);
	assert_true(screen_wait_text(s, "1b 4f 42", WAIT_MS));
	assert_true(screen_wait_text(s, "TAB", WAIT_MS));
	screen_key(s, SCREEN_KEY_BTAB);
	assert_true(screen_wait_text(s, "1b 5b 5a", WAIT_MS));
	driver_expect_exit(s, 0);
	screen_free(s);
}

static void
test_bytes_since_mark_counts_output(void **state)
{
	struct screen	*s;

	(void)state;
	s = driver_spawn_sh("stty raw -echo; printf 'READY';"
	    " head -c 1 >/dev/null; printf 0123456789");
	assert_true(screen_wait_text(s, "READY", WAIT_MS));
	screen_bytes_mark(s);
	assert_int_equal(screen_bytes_since_mark(s), 0);
	screen_send(s, "k");
	assert_true(screen_wait_text(s, "0123456789", WAIT_MS));
	driver_expect_exit(s, 0);
	assert_int_equal(screen_bytes_since_mark(s), 10);
	screen_free(s);
}

static void
test_wait_stable_waits_out_a_pause(void **state)
{
	struct screen	*s;

	(void)state;
	s = driver_spawn_sh("printf one; sleep 0.3; printf two; exec cat");
	assert_true(screen_wait_text(s, "one", WAIT_MS));
	assert_true(screen_wait_stable(s, 800, WAIT_MS));
	assert_true(screen_contains(s, "onetwo"));
	screen_free(s);
}

struct test_key {
	enum screen_key	 key;
	const char	*name;
};

static void
test_fixture_receives_curses_keys(void **state)
{
	static const struct test_key	keys[] = {
		{ SCREEN_KEY_DOWN, "KEY_DOWN" }, { SCREEN_KEY_UP, "KEY_UP" },
		{ SCREEN_KEY_LEFT, "KEY_LEFT" },
		{ SCREEN_KEY_RIGHT, "KEY_RIGHT" },
		{ SCREEN_KEY_PGUP, "KEY_PPAGE" },
		{ SCREEN_KEY_PGDN, "KEY_NPAGE" },
		{ SCREEN_KEY_HOME, "KEY_HOME" }, { SCREEN_KEY_END, "KEY_END" },
		{ SCREEN_KEY_DELETE, "KEY_DC" },
		{ SCREEN_KEY_INSERT, "KEY_IC" },
		{ SCREEN_KEY_BTAB, "KEY_BTAB" },
		{ SCREEN_KEY_TAB, "^I" }, { SCREEN_KEY_ENTER, "^J" },
		{ SCREEN_KEY_BACKSPACE, "KEY_BACKSPACE" },
		{ SCREEN_KEY_ESC, "^[" }, { SCREEN_KEY_F1, "KEY_F(1)" },
		{ SCREEN_KEY_F10, "KEY_F(10)" },
	};
	struct screen			*s;
	char				*want;
	size_t				 i;

	(void)state;
	s = driver_spawn_fixture();
	assert_true(screen_altscreen(s));
	for (i = 0; i < SB_ARRAY_LEN(keys); i++) {
		screen_key(s, keys[i].key);
		want = xasprintf("key %zu: %s", i + 1, keys[i].name);
		assert_true(screen_wait_row_text(s, 2, want, WAIT_MS));
		free(want);
	}
	screen_key_ctrl(s, 'x');
	want = xasprintf("key %zu: ^X", i + 1);
	assert_true(screen_wait_row_text(s, 2, want, WAIT_MS));
	free(want);
	screen_send(s, "\xc3\xa9");
	want = xasprintf("key %zu: \xc3\xa9", i + 2);
	assert_true(screen_wait_row_text(s, 2, want, WAIT_MS));
	free(want);
	screen_send(s, "q");
	driver_expect_exit(s, 0);
	assert_false(screen_altscreen(s));
	assert_true(screen_cursor_visible(s));
	assert_true(screen_termios_restored(s));
	assert_true(screen_terminal_restored(s));
	screen_free(s);
}

static void
test_resize_reaches_the_program(void **state)
{
	struct screen	*s;
	int		 rows, cols;

	(void)state;
	s = driver_spawn_fixture();
	assert_true(screen_wait_row_text(s, 0, "size 24x80", WAIT_MS));
	screen_resize(s, 30, 100);
	screen_size(s, &rows, &cols);
	assert_int_equal(rows, 30);
	assert_int_equal(cols, 100);
	assert_true(screen_wait_row_text(s, 0, "size 30x100", WAIT_MS));
	screen_resize(s, 10, 40);
	assert_true(screen_wait_row_text(s, 0, "size 10x40", WAIT_MS));
	screen_send(s, "q");
	driver_expect_exit(s, 0);
	assert_true(screen_terminal_restored(s));
	screen_free(s);
}

static void
test_wait_idle_tells_waiting_from_busy(void **state)
{
	struct screen	*s;
	char		*out;
	long		 elapsed;

	(void)state;
	s = driver_spawn_fixture();
	assert_true(screen_wait_idle(s, WAIT_MS));
	screen_free(s);

	s = driver_spawn_sh("printf busy; while :; do :; done");
	assert_true(screen_wait_text(s, "busy", WAIT_MS));
	/* The failing wait reports why; check what it printed. */
	out = driver_capture_failed_wait(s, NULL, 300, &elapsed);
	assert_non_null(strstr(out, "not idle after 300 ms"));
	assert_true(elapsed >= 300);
	free(out);
	screen_free(s);
}

static bool
driver_cursor_hidden(struct screen *s, void *arg)
{
	(void)arg;
	return !screen_cursor_visible(s);
}

static void
test_unclean_exit_is_detected(void **state)
{
	struct screen	*s;

	(void)state;
	s = driver_spawn_fixture();
	assert_true(screen_cursor_visible(s));
	screen_send(s, "h");
	assert_true(screen_wait(s, driver_cursor_hidden, NULL, WAIT_MS));
	screen_send(s, "x");
	driver_expect_exit(s, 3);
	assert_true(screen_altscreen(s));
	assert_false(screen_termios_restored(s));
	assert_false(screen_terminal_restored(s));
	screen_free(s);
}

static void
test_signals_and_timeouts_are_reported(void **state)
{
	struct screen	*s;
	int		 status;

	(void)state;
	s = driver_spawn_sh("printf dying; kill -TERM $$; printf alive");
	status = screen_wait_exit(s, WAIT_MS);
	assert_true(WIFSIGNALED(status));
	assert_int_equal(WTERMSIG(status), SIGTERM);
	assert_true(screen_contains(s, "dying"));
	assert_false(screen_contains(s, "alive"));
	screen_free(s);

	s = driver_spawn_sh("printf waiting; exec cat");
	assert_true(screen_wait_text(s, "waiting", WAIT_MS));
	assert_true(screen_running(s));
	assert_int_equal(screen_wait_exit(s, 200), -1);
	assert_false(screen_running(s));
	screen_free(s);

	s = driver_spawn_sh("printf waiting; exec cat");
	assert_true(screen_wait_text(s, "waiting", WAIT_MS));
	screen_kill(s, SIGINT);
	status = screen_wait_exit(s, WAIT_MS);
	assert_true(WIFSIGNALED(status));
	assert_int_equal(WTERMSIG(status), SIGINT);
	screen_free(s);
}

static void
test_exec_failure_exits_127(void **state)
{
	const char *const	 argv[] = { "/nonexistent/program", NULL };
	struct screen		*s;

	(void)state;
	s = screen_spawn(argv, test_env, 24, 80);
	driver_expect_exit(s, 127);
	assert_true(screen_contains(s, "exec failed"));
	screen_free(s);
}

int
main(void)
{
	const struct CMUnitTest	tests[] = {
		cmocka_unit_test(test_utf8_and_cjk_land_in_cells),
		cmocka_unit_test(test_colours_and_attributes_read_back),
		cmocka_unit_test(test_missing_text_times_out_and_dumps),
		cmocka_unit_test(test_terminal_queries_are_answered),
		cmocka_unit_test(test_keys_follow_cursor_key_mode),
		cmocka_unit_test(test_bytes_since_mark_counts_output),
		cmocka_unit_test(test_wait_stable_waits_out_a_pause),
		cmocka_unit_test(test_fixture_receives_curses_keys),
		cmocka_unit_test(test_resize_reaches_the_program),
		cmocka_unit_test(test_wait_idle_tells_waiting_from_busy),
		cmocka_unit_test(test_unclean_exit_is_detected),
		cmocka_unit_test(test_signals_and_timeouts_are_reported),
		cmocka_unit_test(test_exec_failure_exits_127),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
