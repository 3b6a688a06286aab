/* Unit tests for the output layer: each format read back by a strict reader. */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <locale.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <wchar.h>

#include "switchboard/out.h"
#include "switchboard/term-safe.h"
#include "switchboard/util.h"
#include "testcsv.h"
#include "testtext.h"

/* Values that a careless writer gets wrong, none starting a formula. */
static const char *const hostile[] = {
	"plain", "", "comma, inside", "say \"hi\"", "\"", "\"\"",
	"line one\r\nline two", "lf\nonly", "cr\ronly", "trailing,",
	"M\xc3\xbcller", "\xe4\xb8\xad\xe6\x96\x87", "\xf0\x9f\x98\x80 emoji",
	"e\xcc\x81", "tab\tinside", "back\\slash", "\x1b[2J esc",
	"\xe2\x80\xae" "rtl", "a\xe2\x80\xa8" "b\xe2\x80\xa9", "nul\x01soh",
	"x\x7f", "\xc2\x9b" "c1", " leading space", "'quoted'",
};

/* Write t in format into a string; caller frees. */
static char *
render(const struct out_table *t, enum out_format format, int flags,
    int width, const char *status)
{
	char		*buf = NULL;
	size_t		 len = 0;
	FILE		*fp = open_memstream(&buf, &len);
	struct sb_error	 err;

	assert_non_null(fp);
	assert_int_equal(out_table_write(t, format, flags, width, status, fp,
	    &err), SB_OK);
	fclose(fp);
	return (buf);
}

/* A table of three columns holding every hostile value once. */
static struct out_table *
hostile_table(void)
{
	static const char *const cols[] = { "first", "second", "third" };
	struct out_table	*t = out_table_create(cols, 3);
	const char		*row[3];
	size_t			 i, n = SB_ARRAY_LEN(hostile);

	for (i = 0; i < n; i++) {
		row[0] = hostile[i];
		row[1] = hostile[(i + 1) % n];
		row[2] = hostile[(i + 7) % n];
		out_table_add(t, row);
	}
	return (t);
}

/* With OUT_RAW every value reads back byte for byte. */
static void
test_csv_raw_reads_back_identically(void **state)
{
	struct out_table	*t = hostile_table();
	char			*csv = render(t, OUT_CSV, OUT_RAW, 0, NULL);
	char			**fields;
	size_t			 i, n = SB_ARRAY_LEN(hostile);
	long			 records;

	(void)state;
	records = testcsv_read(csv, 3, &fields);
	assert_int_equal(records, n + 1);
	assert_string_equal(fields[0], "first");
	assert_string_equal(fields[2], "third");
	for (i = 0; i < n; i++) {
		assert_string_equal(fields[3 * (i + 1)], hostile[i]);
		assert_string_equal(fields[3 * (i + 1) + 1],
		    hostile[(i + 1) % n]);
		assert_string_equal(fields[3 * (i + 1) + 2],
		    hostile[(i + 7) % n]);
	}
	testcsv_free(fields, records, 3);
	free(csv);
	out_table_free(t);
}

/* Raw, so that line breaks reach the quoting (by default they are \n). */
static void
test_csv_quotes_only_what_needs_it(void **state)
{
	static const struct {
		const char	*in, *out;
	} cases[] = {
		{ "plain", "plain" }, { "", "" }, { "a,b", "\"a,b\"" },
		{ "say \"hi\"", "\"say \"\"hi\"\"\"" }, { "a\nb", "\"a\nb\"" },
		{ "a\rb", "\"a\rb\"" }, { "caf\xc3\xa9", "caf\xc3\xa9" },
		{ "x\xff" "y", "x\xef\xbf\xbdy" }, { NULL, "" },
	};
	size_t	i;
	char	*s;

	(void)state;
	for (i = 0; i < SB_ARRAY_LEN(cases); i++) {
		s = out_cell_csv(cases[i].in, OUT_RAW);
		assert_string_equal(s, cases[i].out);
		free(s);
	}
}

static void
test_csv_defuses_each_formula_start(void **state)
{
	static const char	 starts[] = "=+-@\t\r\n";
	static const char *const cols[] = { "name" };
	struct out_table	*t = out_table_create(cols, 1);
	char			 in[32], want[32], **fields, *csv;
	const char		*row[1] = { in };
	size_t			 i;
	long			 records;

	(void)state;
	for (i = 0; i < strlen(starts); i++) {
		snprintf(in, sizeof in, "%cSUM(A1:A9)", starts[i]);
		out_table_add(t, row);
	}
	row[0] = "safe=1+1";
	out_table_add(t, row);
	csv = render(t, OUT_CSV, 0, 0, NULL);
	records = testcsv_read(csv, 1, &fields);
	assert_int_equal(records, strlen(starts) + 2);
	for (i = 0; i < strlen(starts); i++) {
		/* Tab, CR and LF themselves are shown as \t \r \n. */
		if (starts[i] == '\t' || starts[i] == '\r' || starts[i] == '\n')
			snprintf(want, sizeof want, "'\\%cSUM(A1:A9)",
			    starts[i] == '\t' ? 't' : starts[i] == '\r' ? 'r' :
			    'n');
		else
			snprintf(want, sizeof want, "'%cSUM(A1:A9)", starts[i]);
		assert_string_equal(fields[i + 1], want);
	}
	assert_string_equal(fields[i + 1], "safe=1+1");
	testcsv_free(fields, records, 1);
	free(csv);
	out_table_free(t);
}

/* Blanks a reader may skip, and the fullwidth signs, start formulas too. */
static void
test_csv_defuses_hidden_formula_starts(void **state)
{
	static const struct {
		const char	*in, *out;
	} cases[] = {
		{ "\xc2\xa0=1+1", "'\xc2\xa0=1+1" },		/* NBSP */
		{ "\xc2\xa0" "Ann", "'\xc2\xa0" "Ann" },
		{ "\xe2\x80\x8b=1+1", "'\\u200b=1+1" },	/* ZWSP */
		{ "\xe2\x80\x8bx", "'\\u200bx" },
		{ "\xef\xbb\xbf=1", "'\\ufeff=1" },		/* BOM */
		/* Fullwidth = + - @ */
		{ "\xef\xbc\x9dSUM(A1)", "'\xef\xbc\x9dSUM(A1)" },
		{ "\xef\xbc\x8b" "1", "'\xef\xbc\x8b" "1" },
		{ "\xef\xbc\x8d" "1", "'\xef\xbc\x8d" "1" },
		{ "\xef\xbc\xa0x", "'\xef\xbc\xa0x" },
		{ "  =1+1", "'  =1+1" },
		{ " \xc2\xa0 -2", "' \xc2\xa0 -2" },
		{ "\n=1", "'\\n=1" },
		/* ESC is no blank: it is shown, and no formula follows. */
		{ "\x1b=1", "\\x1b=1" },
		{ " leading space", " leading space" },
		{ "a=b", "a=b" }, { "x-1", "x-1" }, { "'quoted'", "'quoted'" },
		{ "", "" }, { NULL, "" },
	};
	size_t	i;
	char	*s;

	(void)state;
	for (i = 0; i < SB_ARRAY_LEN(cases); i++) {
		s = out_cell_csv(cases[i].in, 0);
		if (strcmp(s, cases[i].out) != 0)
			fail_msg("case %zu: got \"%s\"", i, s);
		free(s);
	}
	/* OUT_RAW keeps the bytes: no guard either. */
	s = out_cell_csv("=HYPERLINK(\"x\")", OUT_RAW);
	assert_string_equal(s, "\"=HYPERLINK(\"\"x\"\")\"");
	free(s);
	s = out_cell_csv("\xef\xbc\x9d" "1", OUT_RAW);
	assert_string_equal(s, "\xef\xbc\x9d" "1");
	free(s);
}

static void
test_csv_on_a_terminal_shows_no_escape(void **state)
{
	char	*s;

	(void)state;
	s = out_cell_csv("\x1b[31mred\xc2\x9b", OUT_TTY | OUT_UTF8);
	assert_null(strchr(s, '\x1b'));
	assert_string_equal(s, "\\x1b[31mred\\u009b");
	free(s);
	/* The terminal gets the escapes even when raw bytes are asked for. */
	s = out_cell_csv("\x1b[31m", OUT_TTY | OUT_UTF8 | OUT_RAW);
	assert_string_equal(s, "\\x1b[31m");
	free(s);
	s = out_cell_tsv("\xe2\x80\xae", OUT_TTY | OUT_RAW);
	assert_string_equal(s, "\\u202e");
	free(s);
}

/*
 * Values as CSV and TSV show them in a file or a pipe: controls, C1 and
 * bidi controls in the notation of the terminal, the rest as it is.
 */
static const struct {
	const char	*in, *csv, *tsv;
} visible[] = {
	{ "\x1b[2J esc", "\\x1b[2J esc", "\\x1b[2J esc" },
	{ "\x1b]0;pwned\x07", "\\x1b]0;pwned\\x07", "\\x1b]0;pwned\\x07" },
	{ "nul\x01soh\x1f", "nul\\x01soh\\x1f", "nul\\x01soh\\x1f" },
	{ "x\x7f", "x\\x7f", "x\\x7f" },
	{ "\xc2\x80" "c1\xc2\x9b\xc2\x9f", "\\u0080c1\\u009b\\u009f",
	    "\\u0080c1\\u009b\\u009f" },
	{ "Ann\xe2\x80\xaegpj.exe", "Ann\\u202egpj.exe", "Ann\\u202egpj.exe" },
	{ "\xe2\x80\xaa\xe2\x80\xab\xe2\x80\xac\xe2\x80\xad",
	    "\\u202a\\u202b\\u202c\\u202d", "\\u202a\\u202b\\u202c\\u202d" },
	{ "\xe2\x81\xa6x\xe2\x81\xa7y\xe2\x81\xa8z\xe2\x81\xa9",
	    "\\u2066x\\u2067y\\u2068z\\u2069",
	    "\\u2066x\\u2067y\\u2068z\\u2069" },
	{ "a\xe2\x80\x8e" "b\xe2\x80\x8f" "c\xd8\x9c",
	    "a\\u200eb\\u200fc\\u061c", "a\\u200eb\\u200fc\\u061c" },
	{ "a\xe2\x80\xa8" "b", "a\\u2028b", "a\\u2028b" },
	{ "line\nbreak", "line\\nbreak", "line\\nbreak" },
	{ "one\r\ntwo", "one\\r\\ntwo", "one\\r\\ntwo" },
	{ "tab\there", "tab\\there", "tab\\there" },
	{ "back\\slash", "back\\slash", "back\\\\slash" },
	{ "M\xc3\xbcller", "M\xc3\xbcller", "M\xc3\xbcller" },
	{ "\xe4\xb8\xad\xf0\x9f\x98\x80", "\xe4\xb8\xad\xf0\x9f\x98\x80",
	    "\xe4\xb8\xad\xf0\x9f\x98\x80" },
	{ "e\xcc\x81", "e\xcc\x81", "e\xcc\x81" },
	{ "a\xc2\xa0" "b", "a\xc2\xa0" "b", "a\xc2\xa0" "b" },
	{ "x\xff", "x\xef\xbf\xbd", "x\xef\xbf\xbd" },
	{ "say \"\x1b\", ok", "\"say \"\"\\x1b\"\", ok\"",
	    "say \"\\x1b\", ok" },
};

static void
test_csv_and_tsv_make_controls_visible(void **state)
{
	size_t	 i;
	char	*s, *tty;

	(void)state;
	for (i = 0; i < SB_ARRAY_LEN(visible); i++) {
		s = out_cell_csv(visible[i].in, 0);
		assert_string_equal(s, visible[i].csv);
		/* The same a UTF-8 terminal shows. */
		tty = out_cell_csv(visible[i].in, OUT_TTY | OUT_UTF8);
		assert_string_equal(s, tty);
		free(tty);
		free(s);
		s = out_cell_tsv(visible[i].in, 0);
		assert_string_equal(s, visible[i].tsv);
		tty = out_cell_tsv(visible[i].in, OUT_TTY | OUT_UTF8);
		assert_string_equal(s, tty);
		free(tty);
		free(s);
	}
}

/* The escapes of a file do not depend on the locale. */
static void
test_visible_in_any_locale(void **state)
{
	char	*s, *saved = xstrdup(setlocale(LC_ALL, NULL));

	(void)state;
	assert_non_null(setlocale(LC_ALL, "C"));
	s = out_cell_csv("M\xc3\xbcller\x1b\xe2\x80\xae", OUT_UTF8);
	assert_string_equal(s, "M\xc3\xbcller\\x1b\\u202e");
	free(s);
	s = out_cell_tsv("\xe4\xb8\xad\xc2\x9b", 0);
	assert_string_equal(s, "\xe4\xb8\xad\\u009b");
	free(s);
	/* A terminal in the C locale gets ASCII. */
	s = out_cell_csv("M\xc3\xbcller", OUT_TTY);
	assert_string_equal(s, "M\\u00fcller");
	free(s);
	setlocale(LC_ALL, saved);
	free(saved);
}

/* OUT_RAW keeps every byte; CSV still quotes, TSV still escapes. */
static void
test_raw_keeps_the_bytes(void **state)
{
	static const char *const cols[] = { "a", "b" };
	struct out_table	*t = out_table_create(cols, 2);
	const char		*row[2] = { "\x1b[2J\xe2\x80\xae",
				    "=1\tx\x7f" };
	size_t			 i;
	char			*s, *want;

	(void)state;
	for (i = 0; i < SB_ARRAY_LEN(visible); i++) {
		if (strchr(visible[i].in, '\xff') != NULL)
			continue;	/* not UTF-8: U+FFFD in any mode */
		s = out_cell_csv(visible[i].in, OUT_RAW);
		if (strpbrk(visible[i].in, ",\"\r\n") == NULL)
			assert_string_equal(s, visible[i].in);
		else
			assert_true(s[0] == '"' && s[strlen(s) - 1] == '"');
		free(s);
	}
	s = out_cell_csv("a\nb\x1b", OUT_RAW);
	assert_string_equal(s, "\"a\nb\x1b\"");
	free(s);
	s = out_cell_tsv("\x1b\t\xc2\x9b\\", OUT_RAW);
	assert_string_equal(s, "\x1b\\t\xc2\x9b\\\\");
	free(s);
	out_table_add(t, row);
	s = render(t, OUT_TSV, OUT_RAW | OUT_UTF8, 0, NULL);
	assert_string_equal(s, "a\tb\n\x1b[2J\xe2\x80\xae\t=1\\tx\x7f\n");
	free(s);
	s = render(t, OUT_CSV, OUT_RAW | OUT_UTF8, 0, NULL);
	assert_string_equal(s, "a,b\r\n\x1b[2J\xe2\x80\xae,=1\tx\x7f\r\n");
	free(s);
	s = render(t, OUT_CSV, OUT_UTF8, 0, NULL);
	want = xstrdup("a,b\r\n\\x1b[2J\\u202e,'=1\\tx\\x7f\r\n");
	assert_string_equal(s, want);
	free(want);
	free(s);
	out_table_free(t);
}

/* No format cuts a value, however long. */
static void
test_long_values_kept_whole(void **state)
{
	static const char *const cols[] = { "v" };
	struct out_table	*t = out_table_create(cols, 1);
	char			*big = xcalloc(1, 100001), *s;
	const char		*row[1] = { big };
	size_t			 i;
	int			 f;

	(void)state;
	for (i = 0; i < 100000; i++)
		big[i] = "abcdefghij@. "[i % 13];
	out_table_add(t, row);
	for (f = 0; f < 2; f++) {
		s = render(t, OUT_CSV, f ? OUT_RAW : 0, 0, NULL);
		assert_non_null(strstr(s, big));
		free(s);
		s = render(t, OUT_TSV, f ? OUT_RAW : 0, 0, NULL);
		assert_non_null(strstr(s, big));
		free(s);
	}
	s = render(t, OUT_JSON, 0, 0, NULL);
	assert_non_null(strstr(s, big));
	free(s);
	s = out_cell_json(big);
	assert_int_equal(strlen(s), 100002);
	free(s);
	free(big);
	out_table_free(t);
}

static void
test_tsv_escapes(void **state)
{
	static const struct {
		const char	*in, *out;
	} cases[] = {
		{ "a\tb", "a\\tb" }, { "a\nb", "a\\nb" }, { "a\rb", "a\\rb" },
		{ "a\\b", "a\\\\b" }, { "\\t", "\\\\t" }, { "", "" },
		{ "=1+1", "=1+1" }, { "\xe4\xb8\xad", "\xe4\xb8\xad" },
		{ "bad\xc0", "bad\xef\xbf\xbd" },
	};
	static const char *const cols[] = { "a", "b" };
	struct out_table	*t = out_table_create(cols, 2);
	const char		*row[2] = { "x\ty", "1\n2" };
	size_t			 i;
	char			*s;

	(void)state;
	for (i = 0; i < SB_ARRAY_LEN(cases); i++) {
		s = out_cell_tsv(cases[i].in, 0);
		assert_string_equal(s, cases[i].out);
		free(s);
	}
	out_table_add(t, row);
	s = render(t, OUT_TSV, 0, 0, NULL);
	assert_string_equal(s, "a\tb\nx\\ty\t1\\n2\n");
	free(s);
	out_table_free(t);
}

static void
test_json_cell_escapes(void **state)
{
	static const struct {
		const char	*in, *out;
	} cases[] = {
		{ "plain", "\"plain\"" }, { "q\"b\\", "\"q\\\"b\\\\\"" },
		{ "\n\r\t\b\f", "\"\\n\\r\\t\\b\\f\"" },
		{ "\x01\x1f\x7f", "\"\\u0001\\u001f\\u007f\"" },
		{ "\xe2\x80\xa8\xe2\x80\xa9", "\"\\u2028\\u2029\"" },
		{ "\xc2\x9b", "\"\\u009b\"" },
		{ "\xe2\x80\xae", "\"\\u202e\"" },
		{ "x\xff\xfe", "\"x\\ufffd\\ufffd\"" },
		{ "\xed\xa0\x80", "\"\\ufffd\\ufffd\\ufffd\"" },
		{ "\xe4\xb8\xad\xf0\x9f\x98\x80",
		    "\"\xe4\xb8\xad\xf0\x9f\x98\x80\"" },
		{ NULL, "null" },
	};
	size_t	i;
	char	*s;

	(void)state;
	for (i = 0; i < SB_ARRAY_LEN(cases); i++) {
		s = out_cell_json(cases[i].in);
		assert_string_equal(s, cases[i].out);
		free(s);
	}
}

/* Python's strict JSON reader, printing each value as UTF-8 hex. */
#define PY_JSON	"python3 -c 'import json,sys\n" \
	"d = json.load(open(sys.argv[1], encoding=\"utf-8\"))\n" \
	"assert isinstance(d, list)\n" \
	"for o in d:\n" \
	"    print(\" \".join(o[k].encode(\"utf-8\").hex() for k in" \
	" (\"first\", \"second\", \"third\")))' "

static void
hexify(const char *s, char *out)
{
	for (; *s != '\0'; s++, out += 2)
		sprintf(out, "%02x", (unsigned char)*s);
	*out = '\0';
}

static void
test_json_parses_back(void **state)
{
	struct out_table	*t = hostile_table();
	char			*json = render(t, OUT_JSON, 0, 0, NULL);
	char			 path[] = "/tmp/sb-test-out-XXXXXX", *cmd;
	char			 line[4096], want[4096];
	char			 a[1024], b[1024], c[1024];
	size_t			 i, n = SB_ARRAY_LEN(hostile);
	FILE			*p;
	int			 fd;

	(void)state;
	if (system("python3 -c 'import json' 2>/dev/null") != 0)
		skip();
	for (i = 0; json[i] != '\0'; i++)
		assert_false((unsigned char)json[i] < 0x20 && json[i] != '\n');
	assert_null(strstr(json, "\xe2\x80\xa8"));
	fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, json, strlen(json)), (ssize_t)strlen(json));
	close(fd);
	cmd = xasprintf("%s %s", PY_JSON, path);
	p = popen(cmd, "r");
	assert_non_null(p);
	for (i = 0; i < n; i++) {
		assert_non_null(fgets(line, sizeof line, p));
		hexify(hostile[i], a);
		hexify(hostile[(i + 1) % n], b);
		hexify(hostile[(i + 7) % n], c);
		snprintf(want, sizeof want, "%s %s %s\n", a, b, c);
		assert_string_equal(line, want);
	}
	assert_null(fgets(line, sizeof line, p));
	assert_int_equal(pclose(p), 0);
	unlink(path);
	free(cmd);
	free(json);
	out_table_free(t);
}

static void
test_json_empty_and_null(void **state)
{
	static const char *const cols[] = { "k" };
	struct out_table	*t = out_table_create(cols, 1);
	const char		*row[1] = { NULL };
	char			*s;

	(void)state;
	s = render(t, OUT_JSON, 0, 0, NULL);
	assert_string_equal(s, "[]\n");
	free(s);
	out_table_add(t, row);
	s = render(t, OUT_JSON, 0, 0, NULL);
	assert_string_equal(s, "[\n  {\"k\": null}\n]\n");
	free(s);
	out_table_free(t);
}

/*
 * A truth column is JSON's true and false; any other text in it, and
 * "true" in a column of text, stays a string; CSV writes the words.
 */
static void
test_json_truth_values(void **state)
{
	static const char *const cols[] = { "name", "primary" };
	struct out_table	*t = out_table_create(cols, 2);
	const char		*rows[3][2] = { { "true", "true" },
	    { "Ann", "false" }, { "Bo", "maybe" } };
	char			*s;
	size_t			 i;

	(void)state;
	out_table_set_truth(t, 1);
	for (i = 0; i < 3; i++)
		out_table_add(t, rows[i]);
	s = render(t, OUT_JSON, 0, 0, NULL);
	assert_string_equal(s, "[\n  {\"name\": \"true\", \"primary\": true},\n"
	    "  {\"name\": \"Ann\", \"primary\": false},\n"
	    "  {\"name\": \"Bo\", \"primary\": \"maybe\"}\n]\n");
	free(s);
	s = render(t, OUT_CSV, 0, 0, NULL);
	assert_non_null(strstr(s, "Ann,false\r\n"));
	free(s);
	out_table_free(t);
}

static void
test_mutt_format(void **state)
{
	static const char *const cols[] = { "email", "name", "org", "x" };
	struct out_table	*t = out_table_create(cols, 4);
	const char		*r1[4] = { "a@x.org", "Ann\tLee", "Acme\nInc",
				    "hidden" };
	const char		*r2[4] = { "b@x.org", "B\x1b[2J\xc2\x9b", "",
				    "" };
	char			*s;

	(void)state;
	s = render(t, OUT_MUTT, 0, 0, NULL);
	assert_string_equal(s, "No matches\n");
	free(s);
	out_table_add(t, r1);
	out_table_add(t, r2);
	s = render(t, OUT_MUTT, 0, 0, "Searching... 2 entries");
	assert_string_equal(s, "Searching... 2 entries\n"
	    "a@x.org\tAnn Lee\tAcme Inc\n"
	    "b@x.org\tB [2J  \t\n");
	free(s);
	out_table_free(t);
}

/* Display width of a line of safe UTF-8 text. */
static int
line_width(const char *line, size_t len)
{
	char	*s = xstrndup(line, len);
	int	 w = term_safe_width(s, TERM_SAFE_UTF8);

	free(s);
	return (w);
}

/* The display column where a known second-column value starts. */
static int
column_of(const char *line, const char *needle)
{
	const char	*at = strstr(line, needle);

	assert_non_null(at);
	return (line_width(line, (size_t)(at - line)));
}

static void
test_text_aligns_by_display_width(void **state)
{
	static const char *const cols[] = { "name", "tag", "note" };
	static const char *const names[] = {
		"Ann", "\xe4\xb8\xad\xe6\x96\x87\xe5\x90\x8d",	/* CJK */
		"Jose\xcc\x81 Rene\xcc\x81",	/* combining */
		"\xf0\x9f\x98\x80\xf0\x9f\x98\x80",	/* emoji */
		"\x1b[2J\x1b]0;pwned\x07", "tab\there",
		/* Twelve CJK characters: 24 cells, 36 bytes, the widest. */
		"\xe4\xb8\xad\xe6\x96\x87\xe5\x90\x8d\xe4\xb8\xad\xe6\x96\x87"
		"\xe5\x90\x8d\xe4\xb8\xad\xe6\x96\x87\xe5\x90\x8d\xe4\xb8\xad"
		"\xe6\x96\x87\xe5\x90\x8d",
	};
	struct out_table	*t = out_table_create(cols, 3);
	const char		*row[3];
	char			*s, *line, *save = NULL, tag[8];
	size_t			 i;
	int			 at = -1;

	(void)state;
	for (i = 0; i < SB_ARRAY_LEN(names); i++) {
		snprintf(tag, sizeof tag, "T%zu", i);
		row[0] = names[i];
		row[1] = tag;
		row[2] = "n";
		out_table_add(t, row);
	}
	s = render(t, OUT_TEXT, OUT_UTF8, 0, NULL);
	assert_null(strchr(s, '\x1b'));
	assert_null(strchr(s, '\x07'));
	assert_null(strchr(s, '\t'));
	assert_non_null(strstr(s, "\\x1b[2J"));
	line = strtok_r(s, "\n", &save);	/* header */
	at = column_of(line, "tag");
	assert_int_equal(at, 24 + 2);
	line = strtok_r(NULL, "\n", &save);	/* rule */
	assert_int_equal(line[0], '-');
	for (i = 0; i < SB_ARRAY_LEN(names); i++) {
		line = strtok_r(NULL, "\n", &save);
		assert_non_null(line);
		snprintf(tag, sizeof tag, "T%zu", i);
		assert_int_equal(column_of(line, tag), at);
	}
	assert_null(strtok_r(NULL, "\n", &save));
	free(s);
	out_table_free(t);
}

/* Column col of a text table, its pieces joined. Caller frees. */
static char *
column_text(const char *table, size_t col)
{
	char	*pieces = testtext_column(table, col);
	char	*joined = testtext_without(pieces, "\n");

	free(pieces);
	return (joined);
}

static void
test_text_wraps_by_width_not_bytes(void **state)
{
	static const char *const cols[] = { "name", "email" };
	struct out_table	*t = out_table_create(cols, 2);
	char			 wide[256] = "", *s, *line, *save = NULL;
	char			*col, *col2;
	const char		*row[2] = { wide, "someone@example.org" };
	size_t			 i;
	int			 lines = 0;
	wchar_t			 wbuf[512];

	(void)state;
	for (i = 0; i < 40; i++)
		strcat(wide, i % 2 ? "\xe4\xb8\xad" : "e\xcc\x81");
	out_table_add(t, row);
	s = render(t, OUT_TEXT, OUT_UTF8, 24, NULL);
	assert_null(strstr(s, "\xe2\x80\xa6"));	/* no ellipsis */
	/* Every character of the name, in order, in its column. */
	col = column_text(s, 0);
	assert_string_equal(col, wide);
	col2 = column_text(s, 1);
	assert_string_equal(col2, "someone@example.org");
	free(col2);
	free(col);
	for (line = strtok_r(s, "\n", &save); line != NULL;
	    line = strtok_r(NULL, "\n", &save), lines++) {
		assert_true(line_width(line, strlen(line)) <= 24);
		/* Valid UTF-8: nothing was cut inside a character. */
		assert_true(mbstowcs(wbuf, line, SB_ARRAY_LEN(wbuf)) !=
		    (size_t)-1);
		/* A base letter is never parted from its accent. */
		assert_false(strncmp(line, "\xcc\x81", 2) == 0);
	}
	assert_true(lines > 3);
	free(s);
	/* Without a terminal width a long cell wraps at the cap. */
	s = render(t, OUT_TEXT, OUT_UTF8, 0, NULL);
	assert_null(strstr(s, "\xe2\x80\xa6"));
	line = strchr(s, '\n') + 1;
	line = strchr(line, '\n') + 1;
	assert_int_equal(column_of(line, "someone"), OUT_TEXT_MAX_CELL + 2);
	col = column_text(s, 0);
	assert_string_equal(col, wide);
	free(col);
	free(s);
	out_table_free(t);
}

static void
test_text_wraps_at_spaces_and_commas(void **state)
{
	static const char *const cols[] = { "name", "emails", "note" };
	struct out_table	*t = out_table_create(cols, 3);
	const char		*row[3] = { "Ann Lee",
				    "ann@a.example (work), lee@b.example"
				    " (home), x@c.example (other)", "ok" };
	char			*s;

	(void)state;
	out_table_add(t, row);
	s = render(t, OUT_TEXT, OUT_UTF8, 36, NULL);
	assert_string_equal(s,
	    "name     emails                 note\n"
	    "-------  ---------------------  ----\n"
	    "Ann Lee  ann@a.example (work),  ok\n"
	    "         lee@b.example (home),\n"
	    "         x@c.example (other)\n");
	free(s);
	out_table_free(t);
}

static void
test_text_groups_the_first_column(void **state)
{
	static const char *const cols[] = { "org", "name" };
	struct out_table	*t = out_table_create(cols, 2);
	const char		*r1[2] = { "Acme", "Ann" };
	const char		*r2[2] = { "Acme", "Bob" };
	const char		*r3[2] = { "Zeta", "Cy" };
	char			*s;

	(void)state;
	out_table_add(t, r1);
	out_table_add(t, r2);
	out_table_add(t, r3);
	s = render(t, OUT_TEXT, OUT_UTF8 | OUT_GROUP, 0, NULL);
	assert_string_equal(s, "org   name\n----  ----\nAcme  Ann\n"
	    "      Bob\nZeta  Cy\n");
	free(s);
	out_table_free(t);
}

/*
 * Emoji sequences that terminals draw in different widths go to a
 * terminal as their parts (see term-safe.h), in line with the rest of the
 * row; files get them exactly as stored.
 */
static void
test_emoji_sequences_shown_as_parts(void **state)
{
	static const char *const cols[] = { "name", "phone" };
	static const char *const names[] = {
		"\xf0\x9f\x91\xa8\xe2\x80\x8d\xf0\x9f\x91\xa9\xe2\x80\x8d"
		"\xf0\x9f\x91\xa7 Family",			/* ZWJ family */
		"\xf0\x9f\x91\x8d\xf0\x9f\x8f\xbd Tone",	/* skin tone */
		"\xf0\x9f\x87\xa9\xf0\x9f\x87\xaa Flag",	/* flag */
		"\xe2\x9d\xa4\xef\xb8\x8f Heart",		/* VS16 */
	};
	static const char *const unjoined[] = {
		"\xe2\x80\x8d", "\xef\xb8\x8f", "\xf0\x9f\x8f\xbd",
		"\xf0\x9f\x87",
	};
	struct out_table	*t = out_table_create(cols, 2);
	const char		*row[2] = { NULL, "+1 217 555 0142" };
	char			*s, *line, *save = NULL, *cell;
	size_t			 i;
	int			 at;

	(void)state;
	for (i = 0; i < SB_ARRAY_LEN(names); i++) {
		row[0] = names[i];
		out_table_add(t, row);
	}
	s = render(t, OUT_TEXT, OUT_UTF8, 0, NULL);
	for (i = 0; i < SB_ARRAY_LEN(unjoined); i++)
		assert_null(strstr(s, unjoined[i]));
	assert_non_null(strstr(s, "\xf0\x9f\x91\xa8\xf0\x9f\x91\xa9"
	    "\xf0\x9f\x91\xa7 Family"));
	assert_non_null(strstr(s, "DE Flag"));
	line = strtok_r(s, "\n", &save);
	at = column_of(line, "phone");
	line = strtok_r(NULL, "\n", &save);	/* rule */
	while ((line = strtok_r(NULL, "\n", &save)) != NULL)
		assert_int_equal(column_of(line, "+1 217"), at);
	free(s);
	for (i = 0; i < SB_ARRAY_LEN(names); i++) {
		cell = out_cell_csv(names[i], 0);
		assert_string_equal(cell, names[i]);
		free(cell);
		cell = out_cell_tsv(names[i], 0);
		assert_string_equal(cell, names[i]);
		free(cell);
		cell = out_cell_json(names[i]);
		assert_int_equal(strlen(cell), strlen(names[i]) + 2);
		assert_memory_equal(cell + 1, names[i], strlen(names[i]));
		free(cell);
		cell = out_cell_csv(names[i], OUT_TTY | OUT_UTF8);
		assert_null(strstr(cell, "\xe2\x80\x8d"));
		assert_null(strstr(cell, "\xef\xb8\x8f"));
		free(cell);
	}
	out_table_free(t);
}

static void
test_format_names(void **state)
{
	enum out_format	 f;
	struct sb_error	 err;

	(void)state;
	assert_int_equal(out_format_parse("csv", &f, &err), SB_OK);
	assert_int_equal(f, OUT_CSV);
	assert_int_equal(out_format_parse("json", &f, &err), SB_OK);
	assert_int_equal(f, OUT_JSON);
	assert_int_equal(out_format_parse("xml", &f, &err), SB_INVALID);
	assert_string_equal(out_format_name(OUT_TSV), "tsv");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_csv_raw_reads_back_identically),
		cmocka_unit_test(test_csv_quotes_only_what_needs_it),
		cmocka_unit_test(test_csv_defuses_each_formula_start),
		cmocka_unit_test(test_csv_defuses_hidden_formula_starts),
		cmocka_unit_test(test_csv_on_a_terminal_shows_no_escape),
		cmocka_unit_test(test_csv_and_tsv_make_controls_visible),
		cmocka_unit_test(test_raw_keeps_the_bytes),
		cmocka_unit_test(test_long_values_kept_whole),
		cmocka_unit_test(test_tsv_escapes),
		cmocka_unit_test(test_json_cell_escapes),
		cmocka_unit_test(test_json_parses_back),
		cmocka_unit_test(test_json_empty_and_null),
		cmocka_unit_test(test_json_truth_values),
		cmocka_unit_test(test_mutt_format),
		cmocka_unit_test(test_text_aligns_by_display_width),
		cmocka_unit_test(test_text_wraps_by_width_not_bytes),
		cmocka_unit_test(test_text_wraps_at_spaces_and_commas),
		cmocka_unit_test(test_text_groups_the_first_column),
		cmocka_unit_test(test_emoji_sequences_shown_as_parts),
		cmocka_unit_test(test_format_names),
		/* Last: it changes the locale, and a failure leaves it so. */
		cmocka_unit_test(test_visible_in_any_locale),
	};

	if (setlocale(LC_ALL, "C.UTF-8") == NULL)
		setlocale(LC_ALL, "en_US.UTF-8");
	return (cmocka_run_group_tests_name("out", tests, NULL, NULL));
}
