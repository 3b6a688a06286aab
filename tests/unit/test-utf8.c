/* Unit tests of the UTF-8 encoder: lengths, bounds, refused values. */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <locale.h>
#include <stdint.h>
#include <string.h>
#include <wchar.h>

#include "switchboard/utf8.h"

/* Encode cp and compare with the bytes want (len of them). */
static void
utf8_expect(uint32_t cp, const char *want, size_t len)
{
	char	out[UTF8_MAX];
	size_t	n;

	n = utf8_encode(cp, out);
	if (n != len || memcmp(out, want, len) != 0)
		fail_msg("U+%04X: %zu bytes, wanted %zu", (unsigned int)cp, n,
		    len);
}

/* The first and last code point of each length. */
static void
test_lengths(void **state)
{
	(void)state;
	utf8_expect(0x0, "\x00", 1);
	utf8_expect(0x41, "A", 1);
	utf8_expect(0x7f, "\x7f", 1);
	utf8_expect(0x80, "\xc2\x80", 2);
	utf8_expect(0xe9, "\xc3\xa9", 2);
	utf8_expect(0x7ff, "\xdf\xbf", 2);
	utf8_expect(0x800, "\xe0\xa0\x80", 3);
	utf8_expect(0x20ac, "\xe2\x82\xac", 3);
	utf8_expect(0xd7ff, "\xed\x9f\xbf", 3);
	utf8_expect(0xe000, "\xee\x80\x80", 3);
	utf8_expect(0xfffd, "\xef\xbf\xbd", 3);
	utf8_expect(0xffff, "\xef\xbf\xbf", 3);
	utf8_expect(0x10000, "\xf0\x90\x80\x80", 4);
	utf8_expect(0x1f600, "\xf0\x9f\x98\x80", 4);
	utf8_expect(0x10ffff, "\xf4\x8f\xbf\xbf", 4);
}

/* Surrogates and values past U+10FFFF: 0, and out is not written. */
static void
test_refused(void **state)
{
	const uint32_t	 bad[] = { 0xd800, 0xdbff, 0xdc00, 0xdfff,
	    0x110000, 0x1fffff, 0x7fffffff, 0xffffffff };
	char		 out[UTF8_MAX];
	size_t		 i;

	(void)state;
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		memset(out, 'z', sizeof out);
		if (utf8_encode(bad[i], out) != 0)
			fail_msg("U+%04X encoded", (unsigned int)bad[i]);
		assert_memory_equal(out, "zzzz", UTF8_MAX);
	}
}

/* Every character decodes back to itself with the C library's decoder. */
static void
test_round_trip(void **state)
{
	char		out[UTF8_MAX];
	mbstate_t	st;
	wchar_t		wc;
	uint32_t	cp;
	size_t		n;

	(void)state;
	if (setlocale(LC_CTYPE, "C.UTF-8") == NULL)
		skip();
	for (cp = 1; cp <= 0x10ffff; cp++) {
		if (cp >= 0xd800 && cp <= 0xdfff)
			continue;
		n = utf8_encode(cp, out);
		memset(&st, 0, sizeof st);
		if (n == 0 || mbrtowc(&wc, out, n, &st) != n ||
		    (uint32_t)wc != cp)
			fail_msg("U+%04X does not decode back",
			    (unsigned int)cp);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_lengths),
		cmocka_unit_test(test_refused),
		cmocka_unit_test(test_round_trip),
	};

	return (cmocka_run_group_tests_name("utf8", tests, NULL, NULL));
}
