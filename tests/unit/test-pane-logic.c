/* Unit tests for the panes' plain logic: the filter fold and link URLs. */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "switchboard/fold.h"
#include "switchboard/pane.h"

static void
test_fold(void **state)
{
	char	*f;

	(void)state;
	/* As sb.fold: Æ is "ae", ß is "ss", other scripts in lower case. */
	f = fold_text("Müller ŁÓDŹ Ærø Straße");
	assert_string_equal(f, "muller lodz aero strasse");
	free(f);
	f = fold_text("漢字 ДЖ");
	assert_string_equal(f, "漢字 дж");
	free(f);
}

static void
test_filter_match(void **state)
{
	(void)state;
	assert_true(fold_match("Müller Logistik", "mull"));
	assert_true(fold_match("Muller Logistik", "MÜLL"));
	assert_true(fold_match("Zoë Šimić", "simic"));
	assert_true(fold_match("anything", ""));
	assert_false(fold_match("Müller", "mueller"));
	assert_true(fold_match("Ærø Air", "aero"));
	assert_false(fold_match("Acme", "acmex"));
}

static int
by_key(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Names sort folded: accents and case do not push a name to the end. */
static void
test_sort_key(void **state)
{
	static const char *const names[] = { "Mary Major", "Élodie "
	    "Roux", "ágnes Zed", "Bob Stone", "Ágnes Kovács",
	    "agnes Kovacs", "李 Wei" };
	static const char *const want[] = { "agnes Kovacs",
	    "Ágnes Kovács", "ágnes Zed", "Bob Stone",
	    "Élodie Roux", "Mary Major", "李 Wei" };
	char	*keys[7];
	size_t	 i;

	(void)state;
	for (i = 0; i < 7; i++)
		keys[i] = fold_sort_key(names[i]);
	qsort(keys, 7, sizeof *keys, by_key);
	for (i = 0; i < 7; i++) {
		assert_non_null(strstr(keys[i], want[i]));
		assert_string_equal(strrchr(keys[i], '\001') + 1, want[i]);
		free(keys[i]);
	}
}

static void
test_link_url(void **state)
{
	char	*u;

	(void)state;
	u = pane_link_url("tel:", "+15551234567");
	assert_string_equal(u, "tel:+15551234567");
	free(u);
	u = pane_link_url("mailto:", "anna.work@example.org");
	assert_string_equal(u, "mailto:anna.work@example.org");
	free(u);
	assert_null(pane_link_url("tel:", "+1 (555) 123-4567"));
	assert_null(pane_link_url("tel:", "+1555\033]8;;x\033\\"));
	assert_null(pane_link_url("tel:", "15551234567"));
	assert_null(pane_link_url("tel:", "+1234567890123456"));
	{
		static const char *const cases[][4] = {
			{ "+1 (555) 010-0199", "+15550100199", "",
			  "+1 (555) 010-0199" },
			{ "020 7946 0958", "+442079460958", "",
			  "+44 20 7946 0958" },
			{ "(217) 555-0100", "+12175550100", "45",
			  "+1 (217) 555-0100 ext. 45" },
			{ "1 217 555 0100", "+12175550100", "",
			  "+1 217 555 0100" },
			{ "06 1234 5678", "+390612345678", "",
			  "+39 06 1234 5678" },
			{ "+1 217 555 0100", "+19005550199", "",
			  "+19005550199 (written +1 217 555 0100)" },
			{ "217 555 0100", "+442175550100", "",
			  "+44 217 555 0100" },
		};
		size_t	i;

		for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
			u = pane_phone_text(cases[i][0], cases[i][1],
			    cases[i][2]);
			assert_string_equal(u, cases[i][3]);
			free(u);
		}
	}
	u = pane_link_tel("+12175550123", "45");
	assert_string_equal(u, "tel:+12175550123;ext=45");
	free(u);
	u = pane_link_tel("+12175550123", "");
	assert_string_equal(u, "tel:+12175550123");
	free(u);
	assert_null(pane_link_tel("+12175550123", "4a"));
	assert_null(pane_link_tel("+12175550123", "12345678901"));
	assert_null(pane_link_tel("2175550123", "45"));
	assert_null(pane_link_url("mailto:", "a@b@c"));
	assert_null(pane_link_url("mailto:", "a\033]52;c;aGk=\a@x.org"));
	assert_null(pane_link_url("mailto:", "a@x.org?subject=hi"));
	assert_null(pane_link_url("mailto:", "@x.org"));
	assert_null(pane_link_url("http:", "a@x.org"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fold),
		cmocka_unit_test(test_filter_match),
		cmocka_unit_test(test_sort_key),
		cmocka_unit_test(test_link_url),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
