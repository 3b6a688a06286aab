/* Unit tests for wrapping: at spaces, by display width, nothing lost. */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <locale.h>
#include <stdlib.h>
#include <string.h>

#include "switchboard/wrap.h"

/* Wrap text at width; the lines must be want (n of them). */
static void
wraps_as(const char *text, int width, const char *const *want, size_t n)
{
	char	**lines;
	size_t	  got, i;

	got = wrap_text(text, width, &lines);
	for (i = 0; i < got; i++) {
		if (i >= n || strcmp(lines[i], want[i]) != 0)
			fail_msg("line %zu of \"%s\" at %d: \"%s\"", i, text,
			    width, lines[i]);
		free(lines[i]);
	}
	free(lines);
	assert_int_equal(got, n);
}

static void
wrap_at_spaces(void **state)
{
	static const char *const org[] = { "Riverside Health:",
	    "billing (primary)", "(linked 2026-11-22)" };
	static const char *const one[] = { "" };
	static const char *const fits[] = { "Rosa Delgado" };

	(void)state;
	wraps_as("Riverside Health: billing (primary) (linked 2026-11-22)",
	    20, org, 3);
	wraps_as("", 10, one, 1);
	wraps_as("Rosa Delgado", 12, fits, 1);
}

/* An email has no space: it breaks between characters, nothing cut. */
static void
wrap_long_words(void **state)
{
	static const char *const mail[] = { "rosa.delgado@river",
	    "side.example" };

	(void)state;
	wraps_as("rosa.delgado@riverside.example", 18, mail, 2);
}

/* Wide characters count two cells; a mark stays with its letter. */
static void
wrap_by_width(void **state)
{
	static const char *const cjk[] = { "\xe6\xbc\xa2\xe5\xad\x97",
	    "\xe6\xbc\xa2" };
	static const char *const mark[] = { "abe\xcc\x81", "f" };

	(void)state;
	wraps_as("\xe6\xbc\xa2\xe5\xad\x97\xe6\xbc\xa2", 5, cjk, 2);
	wraps_as("abe\xcc\x81" "f", 3, mark, 2);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(wrap_at_spaces),
		cmocka_unit_test(wrap_long_words),
		cmocka_unit_test(wrap_by_width),
	};

	setlocale(LC_ALL, "C.UTF-8");
	return cmocka_run_group_tests(tests, NULL, NULL);
}
