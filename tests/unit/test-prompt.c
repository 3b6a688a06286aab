/* Unit tests for the prompts: a pre-filled answer, its keys, Esc, yes. */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdbool.h>
#include <string.h>

#include "switchboard/keymap.h"
#include "switchboard/prompt.h"

static struct keymap	*km;

static int
setup(void **state)
{
	(void)state;
	km = keymap_create();
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	keymap_free(km);
	return 0;
}

static void
type(struct prompt *p, const char *text)
{
	for (; *text != '\0'; text++)
		assert_int_equal(prompt_key(p, km, *text, false),
		    PROMPT_CHANGED);
}

/* Typing replaces a pre-filled answer instead of adding to it. */
static void
test_typing_replaces_prefilled(void **state)
{
	struct prompt	p;

	(void)state;
	prompt_init(&p, 100, 0);
	prompt_open(&p, "report.csv");
	assert_true(p.selected);
	type(&p, "x.txt");
	assert_string_equal(prompt_text(&p), "x.txt");
	assert_false(p.selected);
	/* Now it is typed text: more typing adds to it. */
	type(&p, "t");
	assert_string_equal(prompt_text(&p), "x.txtt");
	prompt_clear(&p);
}

/* C-u takes the selected answer away; and the text before the cursor. */
static void
test_ctrl_u(void **state)
{
	struct prompt	p;

	(void)state;
	prompt_init(&p, 100, 0);
	prompt_open(&p, "mobile");
	assert_int_equal(prompt_key(&p, km, KEYMAP_KEY_CTRL('u'), false),
	    PROMPT_CHANGED);
	assert_string_equal(prompt_text(&p), "");
	type(&p, "work");
	assert_int_equal(prompt_key(&p, km, KEYMAP_KEY_LEFT, true),
	    PROMPT_MOVED);
	assert_int_equal(prompt_key(&p, km, KEYMAP_KEY_CTRL('u'), false),
	    PROMPT_CHANGED);
	assert_string_equal(prompt_text(&p), "k");
	prompt_clear(&p);
}

/* Left, C-a, C-e and Right leave the selection and edit in place. */
static void
test_moves_keep_text(void **state)
{
	struct prompt	p;

	(void)state;
	prompt_init(&p, 100, 0);
	prompt_open(&p, "acme");
	assert_int_equal(prompt_key(&p, km, KEYMAP_KEY_CTRL('a'), false),
	    PROMPT_MOVED);
	assert_false(p.selected);
	type(&p, "<");
	assert_string_equal(prompt_text(&p), "<acme");
	assert_int_equal(prompt_key(&p, km, KEYMAP_KEY_CTRL('e'), false),
	    PROMPT_MOVED);
	type(&p, ">");
	assert_string_equal(prompt_text(&p), "<acme>");
	prompt_key(&p, km, KEYMAP_KEY_LEFT, true);
	prompt_key(&p, km, KEYMAP_KEY_LEFT, true);
	prompt_key(&p, km, KEYMAP_KEY_RIGHT, true);
	type(&p, "!");
	assert_string_equal(prompt_text(&p), "<acme!>");
	/* C-w takes the word before the cursor. */
	prompt_open(&p, "two words");
	prompt_key(&p, km, KEYMAP_KEY_RIGHT, true);
	assert_int_equal(prompt_key(&p, km, KEYMAP_KEY_CTRL('w'), false),
	    PROMPT_CHANGED);
	assert_string_equal(prompt_text(&p), "two ");
	prompt_clear(&p);
}

/* Right at the end of a selected answer keeps it and adds to it. */
static void
test_right_keeps_answer(void **state)
{
	struct prompt	p;

	(void)state;
	prompt_init(&p, 100, 0);
	prompt_open(&p, "/tmp/list");
	prompt_key(&p, km, KEYMAP_KEY_RIGHT, true);
	type(&p, ".csv");
	assert_string_equal(prompt_text(&p), "/tmp/list.csv");
	prompt_clear(&p);
}

/* Esc closes with the text it opened with; Enter accepts the text. */
static void
test_esc_and_enter(void **state)
{
	struct prompt	p;

	(void)state;
	prompt_init(&p, 100, 0);
	prompt_open(&p, "north");
	type(&p, "south");
	assert_int_equal(prompt_key(&p, km, KEYMAP_KEY_ESC, false),
	    PROMPT_CANCEL);
	assert_string_equal(prompt_text(&p), "north");
	assert_string_equal(prompt_before(&p), "north");
	prompt_open(&p, NULL);
	assert_false(p.selected);
	type(&p, "east");
	assert_int_equal(prompt_key(&p, km, '\n', false), PROMPT_ACCEPT);
	assert_string_equal(prompt_text(&p), "east");
	/* Not a key of the prompt's. */
	assert_int_equal(prompt_key(&p, km, KEYMAP_KEY_F(5), true),
	    PROMPT_NONE);
	prompt_clear(&p);
}

/* A paste replaces a selected answer, and adds to typed text. */
static void
test_paste(void **state)
{
	struct prompt	p;

	(void)state;
	prompt_init(&p, 8, 0);
	prompt_open(&p, "old");
	assert_int_equal(prompt_paste(&p, "new", NULL), SB_OK);
	assert_string_equal(prompt_text(&p), "new");
	assert_int_equal(prompt_paste(&p, "-and-more", NULL), SB_INVALID);
	assert_string_equal(prompt_text(&p), "new-and-");
	prompt_clear(&p);
}

/* The confirm prompt: yes through the key table, no for the rest. */
static void
test_confirm(void **state)
{
	(void)state;
	assert_true(prompt_confirm(km, 'y'));
	assert_false(prompt_confirm(km, 'n'));
	assert_false(prompt_confirm(km, KEYMAP_KEY_ESC));
	assert_false(prompt_confirm(km, 'q'));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_typing_replaces_prefilled),
		cmocka_unit_test(test_ctrl_u),
		cmocka_unit_test(test_moves_keep_text),
		cmocka_unit_test(test_right_keeps_answer),
		cmocka_unit_test(test_esc_and_enter),
		cmocka_unit_test(test_paste),
		cmocka_unit_test(test_confirm),
	};

	return (cmocka_run_group_tests(tests, setup, teardown));
}
