/* Unit tests for the text field: edits, widths and scrolling by character. */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <locale.h>
#include <stdlib.h>
#include <string.h>

#include "switchboard/keymap.h"
#include "switchboard/term-safe.h"
#include "switchboard/textfield.h"

#define U8	TERM_SAFE_UTF8

#define E_ACUTE		"e\xcc\x81"		/* e + U+0301 */
#define E_ACUTE_2	"e\xcc\x81\xcc\xa3"	/* e + two marks */
#define CJK_ZHONG	"\xe4\xb8\xad"		/* U+4E2D, 2 cells */
#define CJK_WEN		"\xe6\x96\x87"		/* U+6587, 2 cells */
#define EMOJI_SMILE	"\xf0\x9f\x98\x80"	/* U+1F600, 2 cells */
#define E_PRECOMP	"\xc3\xa9"		/* U+00E9 */

static int
setup_utf8(void **state)
{
	(void)state;
	if (setlocale(LC_ALL, "C.UTF-8") == NULL)
		return (-1);
	return (term_safe_is_utf8_locale() ? 0 : -1);
}

static void
tf_make(struct textfield *tf, const char *text, size_t max)
{
	textfield_init(tf, max, U8);
	assert_int_equal(textfield_set(tf, text, NULL), SB_OK);
}

static void
test_insert_ascii_and_move(void **state)
{
	struct textfield	tf;

	(void)state;
	tf_make(&tf, "", 0);
	assert_false(tf.changed);
	assert_int_equal(textfield_insert(&tf, "helo", NULL), SB_OK);
	assert_true(tf.changed);
	assert_true(textfield_left(&tf));
	assert_int_equal(textfield_insert_cp(&tf, 'l', NULL), SB_OK);
	assert_string_equal(textfield_text(&tf), "hello");
	assert_int_equal(tf.cursor, 4);
	assert_true(textfield_home(&tf));
	assert_false(textfield_left(&tf));
	assert_int_equal(textfield_insert(&tf, ">", NULL), SB_OK);
	assert_string_equal(textfield_text(&tf), ">hello");
	assert_true(textfield_end(&tf));
	assert_false(textfield_right(&tf));
	assert_int_equal(tf.cursor, 6);
	textfield_clear(&tf);
}

static void
test_backspace_delete_ascii(void **state)
{
	struct textfield	tf;

	(void)state;
	tf_make(&tf, "abcd", 0);
	assert_true(textfield_backspace(&tf));
	assert_string_equal(textfield_text(&tf), "abc");
	textfield_home(&tf);
	assert_false(textfield_backspace(&tf));
	assert_true(textfield_delete(&tf));
	assert_string_equal(textfield_text(&tf), "bc");
	textfield_end(&tf);
	assert_false(textfield_delete(&tf));
	assert_string_equal(textfield_text(&tf), "bc");
	textfield_clear(&tf);
}

static void
test_word_operations(void **state)
{
	struct textfield	tf;

	(void)state;
	tf_make(&tf, "Dr  Jos" E_ACUTE " M" E_PRECOMP "ndez ", 0);
	assert_true(textfield_delete_word(&tf));
	assert_string_equal(textfield_text(&tf), "Dr  Jos" E_ACUTE " ");
	assert_true(textfield_word_left(&tf));
	assert_int_equal(tf.cursor, 4);
	assert_true(textfield_word_left(&tf));
	assert_int_equal(tf.cursor, 0);
	assert_true(textfield_word_right(&tf));
	assert_int_equal(tf.cursor, 2);
	assert_true(textfield_word_right(&tf));
	assert_int_equal(tf.cursor, 4 + strlen("Jos" E_ACUTE));
	assert_true(textfield_kill_line(&tf));
	assert_string_equal(textfield_text(&tf), "Dr  Jos" E_ACUTE);
	textfield_home(&tf);
	assert_false(textfield_delete_word(&tf));
	textfield_clear(&tf);
}

/* A combining mark moves and is deleted with its base character. */
static void
test_combining_marks_stay(void **state)
{
	struct textfield	tf;

	(void)state;
	tf_make(&tf, "a" E_ACUTE_2 "b", 0);
	assert_int_equal(textfield_width(&tf), 3);
	assert_int_equal(textfield_chars(&tf), 5);
	textfield_left(&tf);
	assert_int_equal(tf.cursor, 1 + strlen(E_ACUTE_2));
	textfield_left(&tf);
	assert_int_equal(tf.cursor, 1);
	assert_true(textfield_delete(&tf));
	assert_string_equal(textfield_text(&tf), "ab");
	textfield_set(&tf, "x" E_ACUTE, NULL);
	assert_true(textfield_backspace(&tf));
	assert_string_equal(textfield_text(&tf), "x");
	/* A mark typed after a base joins it. */
	textfield_insert(&tf, "e", NULL);
	textfield_insert_cp(&tf, 0x301, NULL);
	assert_string_equal(textfield_text(&tf), "x" E_ACUTE);
	assert_int_equal(textfield_width(&tf), 2);
	textfield_left(&tf);
	assert_int_equal(tf.cursor, 1);
	textfield_clear(&tf);
}

static void
test_cjk_and_emoji(void **state)
{
	struct textfield	tf;
	size_t			start;

	(void)state;
	tf_make(&tf, CJK_ZHONG CJK_WEN EMOJI_SMILE "a", 0);
	assert_int_equal(textfield_width(&tf), 7);
	assert_int_equal(textfield_chars(&tf), 4);
	assert_int_equal(textfield_view(&tf, 20, &start), 7);
	assert_int_equal(start, 0);
	textfield_left(&tf);
	textfield_left(&tf);
	assert_int_equal(tf.cursor, 6);
	assert_int_equal(textfield_view(&tf, 20, &start), 4);
	assert_true(textfield_backspace(&tf));
	assert_string_equal(textfield_text(&tf), CJK_ZHONG EMOJI_SMILE "a");
	assert_true(textfield_delete(&tf));
	assert_string_equal(textfield_text(&tf), CJK_ZHONG "a");
	assert_int_equal(textfield_width(&tf), 3);
	textfield_clear(&tf);
}

/* The view scrolls so the cursor stays inside the width, by cells. */
static void
test_scrolling(void **state)
{
	struct textfield	tf;
	size_t			start;
	int			col;

	(void)state;
	tf_make(&tf, "abcdefghij", 0);
	col = textfield_view(&tf, 5, &start);
	assert_int_equal(start, 6);
	assert_int_equal(col, 4);
	textfield_home(&tf);
	assert_int_equal(textfield_view(&tf, 5, &start), 0);
	assert_int_equal(start, 0);
	textfield_end(&tf);
	textfield_set(&tf, CJK_ZHONG CJK_WEN CJK_ZHONG CJK_WEN, NULL);
	col = textfield_view(&tf, 5, &start);
	/* Two wide characters (4 cells) and the cursor fit in 5. */
	assert_int_equal(start, 2 * strlen(CJK_ZHONG));
	assert_int_equal(col, 4);
	/* Deleting brings the start back to show what fits. */
	textfield_backspace(&tf);
	textfield_backspace(&tf);
	textfield_backspace(&tf);
	col = textfield_view(&tf, 5, &start);
	assert_int_equal(start, 0);
	assert_int_equal(col, 2);
	/* Never starts inside a character and its marks. */
	textfield_set(&tf, E_ACUTE E_ACUTE E_ACUTE E_ACUTE, NULL);
	col = textfield_view(&tf, 3, &start);
	assert_int_equal(start, 2 * strlen(E_ACUTE));
	assert_int_equal(col, 2);
	textfield_clear(&tf);
}

/* Pasting more than the limit keeps what fits and says so. */
static void
test_limit_and_paste(void **state)
{
	struct textfield	tf;
	struct sb_error		err;

	(void)state;
	tf_make(&tf, "ab", 5);
	sb_error_clear(&err);
	assert_int_equal(textfield_insert(&tf, CJK_ZHONG E_PRECOMP "xyz",
	    &err), SB_INVALID);
	assert_string_equal(textfield_text(&tf), "ab" CJK_ZHONG E_PRECOMP "x");
	assert_non_null(strstr(err.message, "2 characters left out"));
	assert_non_null(strstr(err.message, "at most 5"));
	sb_error_clear(&err);
	assert_int_equal(textfield_insert(&tf, "q", &err), SB_INVALID);
	textfield_backspace(&tf);
	assert_int_equal(textfield_insert(&tf, EMOJI_SMILE, &err), SB_OK);
	assert_int_equal(textfield_chars(&tf), 5);
	/* Line breaks become spaces; controls and bad bytes stay out. */
	textfield_set(&tf, "", NULL);
	tf.max_chars = 0;
	assert_int_equal(textfield_insert(&tf, "a\r\nb\tc\x1b[0m\xff",
	    NULL), SB_OK);
	assert_string_equal(textfield_text(&tf), "a b c[0m");
	textfield_clear(&tf);
}

static void
test_key_dispatch(void **state)
{
	struct textfield	tf;

	(void)state;
	tf_make(&tf, "one two", 0);
	assert_true(textfield_key(&tf, KEYMAP_KEY_CTRL('w')));
	assert_string_equal(textfield_text(&tf), "one ");
	assert_true(textfield_key(&tf, KEYMAP_KEY_HOME));
	assert_true(textfield_key(&tf, KEYMAP_KEY_DC));
	assert_string_equal(textfield_text(&tf), "ne ");
	assert_true(textfield_key(&tf, KEYMAP_KEY_END));
	assert_true(textfield_key(&tf, KEYMAP_KEY_BACKSPACE));
	assert_string_equal(textfield_text(&tf), "ne");
	assert_true(textfield_key(&tf, KEYMAP_KEY_CTRL('u')));
	assert_string_equal(textfield_text(&tf), "");
	assert_false(textfield_key(&tf, 'x'));
	textfield_clear(&tf);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_insert_ascii_and_move),
		cmocka_unit_test(test_backspace_delete_ascii),
		cmocka_unit_test(test_word_operations),
		cmocka_unit_test(test_combining_marks_stay),
		cmocka_unit_test(test_cjk_and_emoji),
		cmocka_unit_test(test_scrolling),
		cmocka_unit_test(test_limit_and_paste),
		cmocka_unit_test(test_key_dispatch),
	};

	return (cmocka_run_group_tests(tests, setup_utf8, NULL));
}
