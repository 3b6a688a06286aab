/* Unit tests for the person's collation tag and the locale's fallback. */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <langinfo.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>

#include "switchboard/collate.h"

/* Locale names, as the environment gives them, and the tags they mean. */
static void
test_tag_from_locale(void **state)
{
	static const char *const cases[][2] = {
		{ "sv_SE.UTF-8", "sv-SE" },
		{ "sv_SE.utf8", "sv-SE" },
		{ "de_DE@euro", "de-DE" },
		{ "de_DE.ISO-8859-15@euro", "de-DE" },
		{ "de", "de" },
		{ "pt_BR", "pt-BR" },
		{ "C", "und" },
		{ "POSIX", "und" },
		{ "C.UTF-8", "und" },
		{ "C.utf8", "und" },
		{ "", "und" },
		{ ".UTF-8", "und" },
		{ "sv_SE\"; DROP", "und" },
		{ "/tmp/x", "und" },
		{ "_SE", "und" },
		{ "abcdefghij_abcdefghij_abcdefghij_abcdefghij", "und" },
	};
	char	buf[COLLATE_TAG_MAX];
	size_t	i;

	(void)state;
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		collate_tag_from_locale(cases[i][0], buf, sizeof buf);
		if (strcmp(buf, cases[i][1]) != 0)
			fail_msg("\"%s\" gave \"%s\", not \"%s\"",
			    cases[i][0], buf, cases[i][1]);
	}
	collate_tag_from_locale(NULL, buf, sizeof buf);
	assert_string_equal(buf, "und");
}

static void
test_tag_valid(void **state)
{
	(void)state;
	assert_true(collate_tag_valid("sv-SE"));
	assert_true(collate_tag_valid("und"));
	assert_true(collate_tag_valid("zh-Hant-TW"));
	assert_false(collate_tag_valid(NULL));
	assert_false(collate_tag_valid(""));
	assert_false(collate_tag_valid("-sv"));
	assert_false(collate_tag_valid("1sv"));
	assert_false(collate_tag_valid("sv_SE"));
	assert_false(collate_tag_valid("sv SE"));
	assert_false(collate_tag_valid("sv\"SE"));
	assert_false(collate_tag_valid("sv-x-icu\";"));
	assert_false(collate_tag_valid("s\xc3\xa5"));
	assert_true(collate_tag_valid("abcdefghij-abcdefghij-abcdefghij-ab"));
	assert_false(collate_tag_valid(
	    "abcdefghij-abcdefghij-abcdefghij-abc"));
}

static void
collate_env(const char *all, const char *collate, const char *lang)
{
	const char	*names[] = { "LC_ALL", "LC_COLLATE", "LANG" };
	const char	*values[] = { all, collate, lang };
	size_t		 i;

	for (i = 0; i < 3; i++) {
		if (values[i] != NULL)
			setenv(names[i], values[i], 1);
		else
			unsetenv(names[i]);
	}
}

/* LC_ALL, then LC_COLLATE, then LANG; the setting before all of them. */
static void
test_tag_choose(void **state)
{
	char	buf[COLLATE_TAG_MAX];

	(void)state;
	collate_env(NULL, NULL, NULL);
	collate_tag_choose(NULL, buf, sizeof buf);
	assert_string_equal(buf, "und");
	collate_env(NULL, "sv_SE.UTF-8", "de_DE.UTF-8");
	collate_tag_choose(NULL, buf, sizeof buf);
	assert_string_equal(buf, "sv-SE");
	collate_env("", "", "de_DE.UTF-8");
	collate_tag_choose(NULL, buf, sizeof buf);
	assert_string_equal(buf, "de-DE");
	collate_env("C.UTF-8", "sv_SE.UTF-8", "de_DE.UTF-8");
	collate_tag_choose(NULL, buf, sizeof buf);
	assert_string_equal(buf, "und");
	collate_tag_choose("fi", buf, sizeof buf);
	assert_string_equal(buf, "fi");
	/* An invalid setting never reaches here (config.c refuses it). */
	collate_tag_choose("f i", buf, sizeof buf);
	assert_string_equal(buf, "und");
	collate_env(NULL, NULL, NULL);
}

/*
 * A collation this machine lacks does not take UTF-8 from the screen:
 * glibc refuses setlocale(LC_ALL, "") as a whole, the character type
 * still comes out UTF-8 and the name asked for still gives the tag.
 */
static void
test_set_locale_missing(void **state)
{
	char	buf[COLLATE_TAG_MAX];

	(void)state;
	collate_env(NULL, "xx_NOWHERE.UTF-8", "C.UTF-8");
	unsetenv("LC_CTYPE");
	assert_null(setlocale(LC_ALL, ""));
	assert_false(collate_set_locale());
	assert_string_equal(nl_langinfo(CODESET), "UTF-8");
	collate_tag_choose(NULL, buf, sizeof buf);
	assert_string_equal(buf, "xx-NOWHERE");
	/* Nothing UTF-8 asked for but an unknown locale: still UTF-8. */
	collate_env("xx_NOWHERE", NULL, NULL);
	(void)setlocale(LC_ALL, "C");
	assert_false(collate_set_locale());
	assert_string_equal(nl_langinfo(CODESET), "UTF-8");
	/* Another code set asked for: not UTF-8 behind the person's back. */
	collate_env("xx_NOWHERE.ISO-8859-1", NULL, NULL);
	(void)setlocale(LC_ALL, "C");
	assert_false(collate_set_locale());
	assert_string_not_equal(nl_langinfo(CODESET), "UTF-8");
	collate_env(NULL, NULL, "C.UTF-8");
	assert_true(collate_set_locale());
	assert_string_equal(nl_langinfo(CODESET), "UTF-8");
	collate_env(NULL, NULL, NULL);
	(void)setlocale(LC_ALL, "C");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tag_from_locale),
		cmocka_unit_test(test_tag_valid),
		cmocka_unit_test(test_tag_choose),
		cmocka_unit_test(test_set_locale_missing),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
