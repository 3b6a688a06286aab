/* Screen tests of bracketed paste: forms, the search prompt, the panes. */
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
#include "switchboard/demo.h"
#include "switchboard/util.h"
#include "fixture.h"
#include "screen.h"
#include "testdemo.h"
#include "testsql.h"

#define PASTE_ON	"\033[?2004h"
#define PASTE_OFF	"\033[?2004l"

/* Open the selected contact's form, focus its emptied title; its id. */
static char *
open_title(struct screen *s)
{
	char	*name, *id;

	screen_send(s, "e");
	WAIT_TEXT(s, "First name");
	name = testdemo_between(s, "Edit ", "\u2500");
	assert_non_null(name);
	id = testdemo_riverside_contact(&demo, name);
	assert_non_null(id);
	free(name);
	screen_key(s, SCREEN_KEY_TAB);
	screen_key(s, SCREEN_KEY_TAB);
	screen_key_ctrl(s, 'u');
	screen_key_ctrl(s, 'k');
	return id;
}

static char *
contact_events(const char *id)
{
	return testsql_value(demo.admin, "SELECT count(*) || ' ' || "
	    "coalesce(max(c.title), '') FROM sb.domain_events e, sb.contacts "
	    "c WHERE e.stream_id = $1::uuid AND c.id = $1::uuid", id, NULL);
}

/*
 * A paste with a line break, a tab and escape sequences into the title:
 * the form stays open (no save, no cancel, no next field), the text has
 * spaces for the breaks and nothing of the sequences, and says so.
 */
static void
test_paste_into_form(void **state)
{
	struct screen	*s = fixture_start_riverside();
	char		*id, *before, *after;
	int		 row;

	(void)state;
	id = open_title(s);
	before = contact_events(id);
	screen_bytes_mark(s);
	testdemo_paste(s, "Line one\nLine\ttwo\033[31mred\033]0;pwned\007!\r\n");
	WAIT_TEXT(s, "Line one Line twored! ");
	WAIT_TEXT(s, "Pasted: line breaks and tabs became spaces; 2 control");
	row = screen_find_row(s, "Line one Line twored!");
	assert_int_equal(row, screen_find_row(s, "Title"));
	assert_int_equal(screen_find_row(s, "Pasted: line breaks"), row + 1);
	assert_true(screen_contains(s, "First name"));
	assert_false(screen_contains(s, "Discard your changes?"));
	assert_false(screen_bytes_contain(s, "pwned"));
	assert_false(screen_bytes_contain(s, "\033[31m"));
	/* Typing goes on in the same field: the paste left focus there. */
	screen_send(s, "Z");
	WAIT_TEXT(s, "Line one Line twored! Z");
	after = contact_events(id);
	assert_string_equal(before, after);
	free(after);
	screen_key_ctrl(s, 'x');
	WAIT_TEXT(s, "Saved (u undoes)");
	after = testsql_value(demo.admin, "SELECT title FROM sb.contacts "
	    "WHERE id = $1", id, NULL);
	assert_string_equal(after, "Line one Line twored! Z");
	free(after);
	free(before);
	free(id);
	testdemo_quit(s);
}

/* A paste past the field's limit: what fits goes in, with a message. */
static void
test_paste_over_limit(void **state)
{
	struct screen	*s = fixture_start_riverside();
	char		*id, *v, text[200];
	int		 i;

	(void)state;
	id = open_title(s);
	for (i = 0; i < 130; i++)
		text[i] = (char)('a' + i % 26);
	text[i] = '\0';
	testdemo_paste(s, text);
	WAIT_TEXT(s, "Full: this field holds at most 100 characters; 30 "
	    "pasted characters left");
	assert_true(screen_contains(s, "First name"));
	screen_key_ctrl(s, 'x');
	WAIT_TEXT(s, "Saved (u undoes)");
	v = testsql_value(demo.admin, "SELECT char_length(title) FROM "
	    "sb.contacts WHERE id = $1", id, NULL);
	assert_string_equal(v, "100");
	free(v);
	free(id);
	testdemo_quit(s);
}

/* A paste in the search prompt searches and leaves the prompt open. */
static void
test_paste_in_search(void **state)
{
	struct screen	*s = testdemo_spawn(&demo, DEMO_ROLE_PROVIDER,
	    "C.UTF-8", 36, 130);
	int		 rows, cols;

	(void)state;
	screen_size(s, &rows, &cols);
	WAIT_TEXT(s, "Riverside Health");
	screen_send(s, "/");
	testdemo_paste(s, "Riversi\033[Ade\r");
	assert_true(screen_wait_row_text(s, rows - 1, "/Riverside _",
	    WAIT_MS));
	/* Still in the prompt: H is text, not the history. */
	screen_send(s, "H");
	assert_true(screen_wait_row_text(s, rows - 1, "/Riverside H_",
	    WAIT_MS));
	assert_false(screen_contains(s, "History (newest first)"));
	screen_key(s, SCREEN_KEY_BACKSPACE);
	screen_key(s, SCREEN_KEY_BACKSPACE);
	assert_true(screen_wait_row_text(s, rows - 1, "/Riverside_",
	    WAIT_MS));
	WAIT_TEXT(s, "Riverside Health");
	screen_key(s, SCREEN_KEY_ENTER);
	testdemo_quit(s);
}

/* In the panes a paste runs no action (q would quit, e edit). */
static void
test_paste_in_panes(void **state)
{
	struct screen	*s = fixture_start_riverside();

	(void)state;
	testdemo_paste(s, "eq\nD\t");
	WAIT_TEXT(s, "Paste ignored: paste into a form field or the search");
	assert_true(screen_running(s));
	assert_false(screen_contains(s, "First name"));
	assert_false(screen_contains(s, "Delete "));
	testdemo_quit(s);
}

/* The mode goes on at the start and off at the quit. */
static void
test_paste_mode_bytes(void **state)
{
	struct screen	*s = testdemo_spawn(&demo, DEMO_ROLE_PROVIDER,
	    "C.UTF-8", 24, 80);
	int		 status;

	(void)state;
	WAIT_TEXT(s, "Riverside Health");
	assert_true(screen_bytes_contain(s, PASTE_ON));
	assert_false(screen_bytes_contain(s, PASTE_OFF));
	screen_bytes_mark(s);
	screen_send(s, "q");
	status = screen_wait_exit(s, WAIT_MS);
	assert_true(WIFEXITED(status));
	assert_true(screen_bytes_contain(s, PASTE_OFF));
	assert_false(screen_bytes_contain(s, PASTE_ON));
	screen_free(s);
}

/* A crash restores the terminal: the mode goes off with the rest. */
static void
test_paste_mode_crash(void **state)
{
	struct screen	*s = testdemo_spawn(&demo, DEMO_ROLE_PROVIDER,
	    "C.UTF-8", 24, 80);

	(void)state;
	WAIT_TEXT(s, "Riverside Health");
	assert_true(screen_wait_idle(s, WAIT_MS));
	screen_bytes_mark(s);
	screen_kill(s, SIGSEGV);
	screen_wait_exit(s, WAIT_MS);
	assert_true(screen_bytes_contain(s, PASTE_OFF));
	screen_free(s);
}

/* Whether the bytes since the mark turn the mode off, then on again. */
static bool
off_then_on(struct screen *s, void *arg)
{
	const char	*b, *off;
	size_t		 len;

	(void)arg;
	b = screen_bytes(s, &len);
	off = memmem(b, len, PASTE_OFF, strlen(PASTE_OFF));
	return off != NULL && memmem(off, len - (size_t)(off - b), PASTE_ON,
	    strlen(PASTE_ON)) != NULL;
}

/*
 * Suspended, the shell gets the terminal without the mode; resumed, the
 * mode is back. (The program leads its own session on the pty, an
 * orphaned group the kernel does not stop: it resumes at once.)
 */
static void
test_paste_mode_suspend(void **state)
{
	struct screen	*s = testdemo_spawn(&demo, DEMO_ROLE_PROVIDER,
	    "C.UTF-8", 24, 80);

	(void)state;
	WAIT_TEXT(s, "Riverside Health");
	assert_true(screen_wait_idle(s, WAIT_MS));
	screen_bytes_mark(s);
	screen_kill(s, SIGTSTP);
	assert_true(screen_wait(s, off_then_on, NULL, WAIT_MS));
	screen_kill(s, SIGCONT);
	assert_true(screen_running(s));
	testdemo_quit(s);
}

/*
 * A paste whose end mark is lost ends by itself after a pause, and keys
 * are keys again: here Enter accepts the search.
 */
static void
test_paste_without_end(void **state)
{
	struct screen	*s = testdemo_spawn(&demo, DEMO_ROLE_PROVIDER,
	    "C.UTF-8", 24, 80);

	(void)state;
	WAIT_TEXT(s, "Riverside Health");
	screen_send(s, "/");
	screen_send(s, "\033[200~Riv\n");
	assert_true(screen_wait_row_text(s, 23, "/Riv _", WAIT_MS));
	screen_key(s, SCREEN_KEY_ENTER);
	assert_true(screen_wait(s, testdemo_gone, "/Riv _", WAIT_MS));
	testdemo_quit(s);
}

/* A terminal without the mode (the console) never gets the sequence. */
static void
test_paste_mode_console(void **state)
{
	const char *const	argv[] = { demo.program, NULL };
	const char		*envp[] = { demo.env_host, demo.env_port,
	    "PGDATABASE=" CLUSTER_DATABASE, "PGUSER=" DEMO_ROLE_PROVIDER,
	    demo.env_home, "TERM=linux", "LC_ALL=C.UTF-8",
	    "XDG_CONFIG_HOME=/nonexistent", NULL };
	struct screen		*s = screen_spawn(argv, envp, 24, 80);
	int			 status;

	(void)state;
	WAIT_TEXT(s, "Riverside Health");
	screen_send(s, "q");
	status = screen_wait_exit(s, WAIT_MS);
	assert_true(WIFEXITED(status));
	assert_false(screen_bytes_contain(s, "?2004"));
	screen_free(s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_paste_into_form),
		cmocka_unit_test(test_paste_over_limit),
		cmocka_unit_test(test_paste_in_search),
		cmocka_unit_test(test_paste_in_panes),
		cmocka_unit_test(test_paste_mode_bytes),
		cmocka_unit_test(test_paste_mode_crash),
		cmocka_unit_test(test_paste_mode_console),
		cmocka_unit_test(test_paste_mode_suspend),
		cmocka_unit_test(test_paste_without_end),
	};

	return cmocka_run_group_tests(tests, fixture_setup,
	    fixture_teardown);
}
