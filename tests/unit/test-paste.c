/* Unit tests of bracketed paste collection: text kept, controls dropped. */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "switchboard/paste.h"

/* Feed UTF-8 text as get_wch would deliver it, one code point a key. */
static const char *
feed(struct paste *p, const char *s)
{
	const unsigned char	*u = (const unsigned char *)s;
	unsigned int		 cp;
	int			 n;

	paste_begin(p);
	while (*u != '\0') {
		if (*u < 0x80) {
			cp = *u;
			n = 1;
		} else if (*u < 0xe0) {
			cp = *u & 0x1f;
			n = 2;
		} else if (*u < 0xf0) {
			cp = *u & 0x0f;
			n = 3;
		} else {
			cp = *u & 0x07;
			n = 4;
		}
		while (--n > 0)
			cp = cp << 6 | (*++u & 0x3f);
		u++;
		paste_add(p, cp);
	}
	return (paste_end(p));
}

static void
test_breaks_become_spaces(void **state)
{
	struct paste	p;
	char		note[200];

	(void)state;
	paste_init(&p);
	assert_string_equal(feed(&p, "a\tb\r\nc\nd\re"), "a b c d e");
	assert_int_equal(p.spaced, 4);
	assert_int_equal(p.dropped, 0);
	paste_note(&p, note, sizeof note);
	assert_string_equal(note, "line breaks and tabs became spaces");
	paste_clear(&p);
}

static void
test_sequences_dropped(void **state)
{
	struct paste	p;
	char		note[200];

	(void)state;
	paste_init(&p);
	/* SGR, OSC with BEL, OSC with ST, DCS, a charset select, C1 CSI. */
	assert_string_equal(feed(&p, "x\033[31;1my\033]0;pwned\007z"
	    "\033]8;;http://e\033\\w\033Pq#0\033\\v\033(Bu\xc2\x9b" "2Jt"),
	    "xyzwvut");
	assert_int_equal(p.dropped, 6);
	/* Lone controls and DEL; a bare ESC before text takes one char. */
	assert_string_equal(feed(&p, "a\001b\177c\033Md"), "abcd");
	assert_int_equal(p.dropped, 3);
	paste_note(&p, note, sizeof note);
	assert_string_equal(note, "3 control characters or sequences left "
	    "out");
	/* Accents, CJK and emoji pass whole. */
	assert_string_equal(feed(&p, "\xc3\xa9\xe6\x97\xa5\xf0\x9f\x98\x80"),
	    "\xc3\xa9\xe6\x97\xa5\xf0\x9f\x98\x80");
	assert_int_equal(p.dropped, 0);
	paste_clear(&p);
}

static void
test_keys_and_limit(void **state)
{
	struct paste	p;
	size_t		i;

	(void)state;
	paste_init(&p);
	paste_begin(&p);
	paste_add(&p, 'a');
	paste_add_key(&p);
	paste_add(&p, 'b');
	assert_string_equal(paste_end(&p), "ab");
	assert_int_equal(p.dropped, 1);
	/* Outside a paste nothing is collected. */
	paste_add(&p, 'c');
	assert_string_equal(paste_text(&p), "ab");
	paste_begin(&p);
	for (i = 0; i < PASTE_MAX + 10; i++)
		paste_add(&p, 'x');
	paste_end(&p);
	assert_int_equal(strlen(paste_text(&p)), PASTE_MAX);
	assert_int_equal(p.cut, 10);
	paste_clear(&p);
	assert_string_equal(paste_text(&p), "");
}

/* Each length of UTF-8 kept; surrogates and values past U+10FFFF not. */
static void
test_code_points(void **state)
{
	struct paste	p;

	(void)state;
	paste_init(&p);
	paste_begin(&p);
	paste_add(&p, 0xe9);
	paste_add(&p, 0xd800);
	paste_add(&p, 0x20ac);
	paste_add(&p, 0xdfff);
	paste_add(&p, 0x1f600);
	paste_add(&p, 0x110000);
	assert_string_equal(paste_end(&p), "\xc3\xa9\xe2\x82\xac"
	    "\xf0\x9f\x98\x80");
	assert_int_equal(p.dropped, 3);
	paste_clear(&p);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_breaks_become_spaces),
		cmocka_unit_test(test_sequences_dropped),
		cmocka_unit_test(test_keys_and_limit),
		cmocka_unit_test(test_code_points),
	};

	return (cmocka_run_group_tests(tests, NULL, NULL));
}
