/* Unit tests for import files: encodings, marks, binaries and non-files. */
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

#include "switchboard/textfile.h"
#include "switchboard/util.h"

static char	dir[] = "/tmp/sb-textfile-XXXXXX";

static int
setup(void **state)
{
	(void)state;
	return mkdtemp(dir) == NULL ? -1 : 0;
}

static int
teardown(void **state)
{
	(void)state;
	return util_rmtree(dir);
}

/* Write n bytes to dir/name; its path, which the caller frees. */
static char *
put(const char *name, const void *bytes, size_t n)
{
	char	*path = util_path_join(dir, name);
	FILE	*fp = fopen(path, "wb");

	assert_non_null(fp);
	assert_int_equal(fwrite(bytes, 1, n, fp), n);
	assert_int_equal(fclose(fp), 0);
	return path;
}

/* Read path with encoding; it must give want. */
static void
reads_as(const char *path, const char *encoding, const char *want)
{
	struct sb_error	 err;
	char		*text;
	size_t		 len;

	if (textfile_read(path, encoding, &text, &len, &err) != SB_OK)
		fail_msg("%s: %s", path, err.message);
	assert_string_equal(text, want);
	assert_int_equal(len, strlen(want));
	free(text);
}

/* Read path with encoding; it must be refused with words in the message. */
static void
refused(const char *path, const char *encoding, const char *words)
{
	struct sb_error	 err;
	char		*text;
	size_t		 len;

	assert_int_not_equal(textfile_read(path, encoding, &text, &len,
	    &err), SB_OK);
	assert_null(text);
	if (strstr(err.message, words) == NULL)
		fail_msg("\"%s\" does not say \"%s\"", err.message, words);
}

static void
encodings(void **state)
{
	static const char utf8[] = "N:M\xc3\xbcller;J\xc3\xbcrgen\r\n";
	static const char bom8[] = "\xef\xbb\xbf" "FN:\xc3\x89lodie\n";
	static const char le16[] = "\xff\xfe" "F\0N\0:\0\xe9\0\n\0";
	static const char be16[] = "\xfe\xff" "\0F\0N\0:\0\xe9\0\n";
	static const char cp1252[] = "FN:M\xfcller \x80\n";
	char	*p;

	(void)state;
	reads_as((p = put("utf8.vcf", utf8, sizeof utf8 - 1)), NULL, utf8);
	free(p);
	reads_as((p = put("bom8.vcf", bom8, sizeof bom8 - 1)), NULL,
	    "FN:\xc3\x89lodie\n");
	free(p);
	/* A byte order mark wins over a wrong --encoding. */
	reads_as((p = put("le16.csv", le16, sizeof le16 - 1)), "windows-1252",
	    "FN:\xc3\xa9\n");
	free(p);
	reads_as((p = put("be16.csv", be16, sizeof be16 - 1)), NULL,
	    "FN:\xc3\xa9\n");
	free(p);
	p = put("cp1252.csv", cp1252, sizeof cp1252 - 1);
	reads_as(p, "windows-1252", "FN:M\xc3\xbcller \xe2\x82\xac\n");
	refused(p, NULL, "not UTF-8");
	free(p);
}

static void
refusals(void **state)
{
	static const char png[] = "\x89PNG\r\n\x1a\n\0\0\0\rIHDR";
	char	*p;

	(void)state;
	refused((p = put("photo.vcf", png, sizeof png - 1)), NULL, "binary");
	free(p);
	refused(dir, NULL, "a directory");
	p = util_path_join(dir, "fifo");
	assert_int_equal(mkfifo(p, 0600), 0);
	/* Nobody writes to it: refused at once, not waited on. */
	refused(p, NULL, "a pipe");
	free(p);
	p = util_path_join(dir, "missing.vcf");
	refused(p, NULL, "cannot open");
	free(p);
	refused((p = put("bad.csv", "x", 1)), "no-such-charset", "not text "
	    "in no-such-charset");
	free(p);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(encodings),
		cmocka_unit_test(refusals),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
