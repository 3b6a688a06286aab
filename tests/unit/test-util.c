/* Unit tests for the error struct and the small helpers in util.c. */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <sys/stat.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "switchboard/error.h"
#include "switchboard/util.h"

static void
test_error_set_returns_status_and_formats(void **state)
{
	struct sb_error	err;
	char		buf[128];

	(void)state;
	assert_int_equal(sb_error_set(&err, SB_INVALID, "bad %s", "email"),
	    SB_INVALID);
	sb_error_field(&err, "email");
	sb_error_hint(&err, "use name@example.org");
	assert_int_equal(err.status, SB_INVALID);
	assert_string_equal(err.field, "email");
	assert_string_equal(sb_error_format(&err, buf, sizeof buf),
	    "bad email (use name@example.org)");
	sb_error_clear(&err);
	assert_int_equal(err.status, SB_OK);
	assert_string_equal(err.message, "");
	assert_string_equal(sb_status_text(SB_CONFLICT),
	    "changed by someone else");
	assert_string_equal(sb_status_text((enum sb_status)999),
	    "unknown error");
}

static void
test_error_set_truncates_long_messages(void **state)
{
	struct sb_error	 err;
	char		*big;

	(void)state;
	big = xmalloc(4096);
	memset(big, 'a', 4095);
	big[4095] = '\0';
	sb_error_set(&err, SB_IO, "%s", big);
	assert_int_equal(strlen(err.message), SB_ERROR_MESSAGE_MAX - 1);
	free(big);
	/* A NULL error struct is allowed and only passes the status on. */
	assert_int_equal(sb_error_set(NULL, SB_DENIED, "x"), SB_DENIED);
}

static void
test_path_join(void **state)
{
	char	*p;

	(void)state;
	p = util_path_join("/a/b//", "/c");
	assert_string_equal(p, "/a/b/c");
	free(p);
	p = util_path_join("/", "x");
	assert_string_equal(p, "/x");
	free(p);
}

static void
test_dir_of(void **state)
{
	static const char *const cases[][2] = {
		{ "/home/ana/list.csv", "/home/ana" }, { "list.csv", "." },
		{ "/list.csv", "/" }, { "out/list.csv", "out" },
	};
	char	*p;
	size_t	 i;

	(void)state;
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		p = util_dir_of(cases[i][0]);
		assert_string_equal(p, cases[i][1]);
		free(p);
	}
}

static void
test_mkdir_p_and_rmtree(void **state)
{
	char		 tmpl[] = "/tmp/sb-util-XXXXXX";
	char		*deep, *file;
	struct stat	 st;
	FILE		*f;

	(void)state;
	assert_non_null(mkdtemp(tmpl));
	deep = util_path_join(tmpl, "x/y/z");
	assert_int_equal(util_mkdir_p(deep, 0700), 0);
	assert_int_equal(stat(deep, &st), 0);
	assert_true(S_ISDIR(st.st_mode));
	assert_int_equal(util_mkdir_p(deep, 0700), 0);	/* already there */
	file = util_path_join(deep, "f");
	f = fopen(file, "w");
	assert_non_null(f);
	fclose(f);
	assert_int_equal(util_rmtree(tmpl), 0);
	assert_int_not_equal(stat(tmpl, &st), 0);
	free(deep);
	free(file);
}

/* A cut never splits a character and is marked; what fits is whole. */
static void
test_format_text_cuts_between_characters(void **state)
{
	char	buf[8];

	(void)state;
	util_format_text(buf, sizeof buf, "%s", "\u0416\u0416\u0416");
	assert_string_equal(buf, "\u0416\u0416\u0416");
	util_format_text(buf, sizeof buf, "%s!!", "\u0416\u0416\u0416");
	assert_string_equal(buf, "\u0416\u0416...");
	util_format_text(buf, 7, "%s", "\u0416\u0416\u0416\u0416");
	assert_string_equal(buf, "\u0416...");
	util_format_text(buf, sizeof buf, "%d %s", 7, "abcdefgh");
	assert_string_equal(buf, "7 ab...");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_error_set_returns_status_and_formats),
		cmocka_unit_test(test_error_set_truncates_long_messages),
		cmocka_unit_test(test_path_join),
		cmocka_unit_test(test_dir_of),
		cmocka_unit_test(test_mkdir_p_and_rmtree),
		cmocka_unit_test(test_format_text_cuts_between_characters),
	};

	return cmocka_run_group_tests_name("util", tests, NULL, NULL);
}
