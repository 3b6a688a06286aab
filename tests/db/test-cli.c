/* Command tests: the real binary on the demo data in a throwaway cluster. */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "switchboard/demo.h"
#include "switchboard/demo-data.h"
#include "switchboard/util.h"
#include "testcsv.h"
#include "testdb.h"
#include "testdemo.h"
#include "testrun.h"
#include "testsql.h"
#include "testtext.h"

static struct testdemo	demo;

/* The binary run as role with args on the demo / on the server in host. */
#define run_as(...)	testrun_as(&demo, __VA_ARGS__)
#define run_at(...)	testrun_at(&demo, __VA_ARGS__)

/* A contact whose name holds what must not reach a terminal raw. */
#define HOSTILE_FIRST	"Hostile\x1b[2J\x07"
#define HOSTILE_LAST	"Zzhostile\xe2\x80\xaeRLO\xc2\x9b"
/* A name that starts a formula with a fullwidth equals sign. */
#define WIDE_FORMULA	"\xef\xbc\x9dSUM(1)"
/* A contact with MANY_EMAILS addresses, the first one primary. */
#define MANY_EMAILS	50
#define MANY_EMAIL	"wrap.test.mailbox.%02d@example-hospital.org"
/* An organization whose emergency contacts these are. */
#define WRAP_ORG	"Zzwrap Regional Emergency Coordination Center" \
			" for the Northern Counties and Associated Clinics"

static int
setup(void **state)
{
	char	*org, *id, email[64];
	int	 i;

	(void)state;
	testdemo_start(&demo);
	/* A name a spreadsheet would run as a formula. */
	testsql_exec(demo.admin, "SELECT sb.contact_create("
	    "'=HYPERLINK(\"http://x\")', 'Formula')");
	org = testsql_value(demo.admin, "SELECT sb.organization_create($1,"
	    " 'provider')::text", WRAP_ORG, NULL);
	id = testsql_value(demo.admin, "SELECT sb.contact_create($1, $2)::text",
	    HOSTILE_FIRST, HOSTILE_LAST, NULL);
	free(testsql_value(demo.admin, "SELECT sb.organization_contact_link("
	    "$1, $2, 'emergency')::text", org, id, NULL));
	free(id);
	id = testsql_value(demo.admin, "SELECT sb.contact_create('Wrapper',"
	    " 'Zzmany')::text", NULL);
	for (i = 0; i < MANY_EMAILS; i++) {
		snprintf(email, sizeof email, MANY_EMAIL, i);
		free(testsql_value(demo.admin, "SELECT sb.contact_email_add("
		    "$1, $2, 'work', $3)::text", id, email, i == 0 ? "true" :
		    "false", NULL));
	}
	free(testsql_value(demo.admin, "SELECT sb.organization_contact_link("
	    "$1, $2, 'emergency')::text", org, id, NULL));
	free(id);
	free(testsql_value(demo.admin, "SELECT sb.contact_create($1,"
	    " 'Zzformula')::text", WIDE_FORMULA, NULL));
	free(org);
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	testdemo_stop(&demo);
	return 0;
}

static size_t
count_lines(const char *s)
{
	size_t	n = 0;

	for (; *s != '\0'; s++)
		if (*s == '\n')
			n++;
	return (n);
}

/* Whether one line of s holds both a and b. */
static bool
line_has(const char *s, const char *a, const char *b)
{
	const char	*end;
	char		*line;
	bool		 both;

	for (; *s != '\0'; s = *end == '\0' ? end : end + 1) {
		end = s + strcspn(s, "\n");
		line = xstrndup(s, (size_t)(end - s));
		both = strstr(line, a) != NULL && strstr(line, b) != NULL;
		free(line);
		if (both)
			return (true);
	}
	return (false);
}

/*
 * Compare output with a committed file under tests/db/data. With
 * SB_UPDATE_GOLDEN=1 in the environment the file is rewritten instead, to
 * be reviewed before it is committed.
 */
static void
assert_golden(const char *out, const char *name)
{
	const char	*top = getenv("SB_TOP_SRCDIR");
	char		*path, *want;
	FILE		*fp;

	path = xasprintf("%s/tests/db/data/%s", top != NULL ? top : ".", name);
	if (getenv("SB_UPDATE_GOLDEN") != NULL &&
	    (fp = fopen(path, "wb")) != NULL) {
		fputs(out, fp);
		fclose(fp);
	}
	fp = fopen(path, "rb");
	if (fp == NULL)
		fail_msg("missing golden file %s", path);
	want = testrun_slurp(fp);
	fclose(fp);
	if (strcmp(out, want) != 0)
		fail_msg("%s differs; got:\n%s", path, out);
	free(want);
	free(path);
}

/* Each contact id that starts a line of CSV made "-" (ids differ by run). */
static void
mask_ids(char *out)
{
	char	*p;

	for (p = strstr(out, "\r\n"); p != NULL; p = strstr(p, "\r\n")) {
		p += 2;
		if (strspn(p, "0123456789abcdef-") != DEMO_UUID_LEN ||
		    p[DEMO_UUID_LEN] != ',')
			continue;
		*p = '-';
		memmove(p + 1, p + DEMO_UUID_LEN, strlen(p + DEMO_UUID_LEN) + 1);
	}
}

#define SUPER		DEMO_ROLE_SUPER
#define PROVIDER	DEMO_ROLE_PROVIDER
#define PARTNER		DEMO_ROLE_PARTNER

static void
test_lookup_formats_and_exit_codes(void **state)
{
	struct testrun	r;

	(void)state;
	r = run_as(SUPER, "lookup", "Oliveira", NULL);
	assert_int_equal(r.status, 0);
	assert_non_null(strstr(r.out, "Oliveira"));
	assert_golden(r.out, "cli-lookup-oliveira.txt");
	testrun_free(&r);
	r = run_as(SUPER, "lookup", "Oliveira", "--format", "csv", NULL);
	assert_int_equal(r.status, 0);
	mask_ids(r.out);
	assert_golden(r.out, "cli-lookup-oliveira.csv");
	testrun_free(&r);
	r = run_as(SUPER, "lookup", "zzqqxxjj", NULL);
	assert_int_equal(r.status, 1);
	assert_string_equal(r.out, "");
	assert_non_null(strstr(r.err, "nothing matches"));
	testrun_free(&r);
	r = run_as(SUPER, "lookup", NULL);
	assert_int_equal(r.status, 2);
	testrun_free(&r);
	r = run_as(SUPER, "lookup", "x", "--format", "xml", NULL);
	assert_int_equal(r.status, 2);
	testrun_free(&r);
	r = run_as(SUPER, "export", "people", NULL);
	assert_int_equal(r.status, 2);
	testrun_free(&r);
}

static void
test_usage_errors_name_the_choices(void **state)
{
	struct testrun	r;

	(void)state;
	r = run_as(SUPER, "frobnicate", NULL);
	assert_int_equal(r.status, 2);
	assert_non_null(strstr(r.err, "\"frobnicate\" is not a command"));
	assert_non_null(strstr(r.err, "lookup, emergency, export, query, "
	    "import, org, whoami, access, contact, duplicates, merge, unmerge, "
	    "init and profile"));
	testrun_free(&r);
	r = run_as(SUPER, "\x1b[2Jx", NULL);
	assert_int_equal(r.status, 2);
	assert_null(strchr(r.err, '\x1b'));
	testrun_free(&r);
	r = run_as(SUPER, "profile", "add", "--sslmode", "maybe", "x", NULL);
	assert_int_equal(r.status, 2);
	assert_non_null(strstr(r.err, "disable, allow, prefer, require, "
	    "verify-ca or verify-full"));
	testrun_free(&r);
	r = run_as(SUPER, "profile", "add", "--port", "99999", "x", NULL);
	assert_int_equal(r.status, 2);
	assert_non_null(strstr(r.err, "1 to 65535"));
	testrun_free(&r);
	r = run_as(SUPER, "profile", "frob", NULL);
	assert_int_equal(r.status, 2);
	assert_non_null(strstr(r.err, "\"frob\" is not a profile action"));
	assert_non_null(strstr(r.err, "add, list, remove, passwd and test"));
	testrun_free(&r);
	r = run_as(SUPER, "profile", "add", NULL);
	assert_int_equal(r.status, 2);
	assert_non_null(strstr(r.err, "profile add needs the profile's NAME"));
	testrun_free(&r);
	r = run_as(SUPER, "profile", "list", "--host", "h", NULL);
	assert_int_equal(r.status, 2);
	assert_non_null(strstr(r.err, "takes no server settings"));
	testrun_free(&r);
}

/* A login the server lacks is not a server that is down, nor the reverse. */
static void
test_connect_failures_say_which(void **state)
{
	struct testrun	r;

	(void)state;
	r = run_as("zz_no_such_login", "lookup", "Oliveira", NULL);
	assert_int_equal(r.status, 3);
	assert_non_null(strstr(r.err, "no login named \"zz_no_such_login\""));
	assert_null(strstr(r.err, "server is running"));
	assert_null(strstr(r.err, "FATAL"));
	testrun_free(&r);
	r = run_at("/nonexistent/zz", SUPER, "lookup", "Oliveira", NULL);
	assert_int_equal(r.status, 3);
	assert_non_null(strstr(r.err, "cannot reach the server's socket in "
	    "/nonexistent/zz"));
	assert_non_null(strstr(r.err, "check that the server is running"));
	assert_null(strstr(r.err, "No such file"));
	testrun_free(&r);
}

static void
test_lookup_json_parses(void **state)
{
	struct testrun	 r;
	char		 path[] = "/tmp/sb-test-cli-XXXXXX", *cmd;
	int		 fd;

	(void)state;
	if (system("python3 -c 'import json' 2>/dev/null") != 0)
		skip();
	r = run_as(SUPER, "lookup", "an", "--format", "json", NULL);
	assert_int_equal(r.status, 0);
	fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, r.out, strlen(r.out)),
	    (ssize_t)strlen(r.out));
	close(fd);
	cmd = xasprintf("python3 -c 'import json,sys; d = json.load(open("
	    "sys.argv[1], encoding=\"utf-8\")); assert len(d) > 1;"
	    " assert all(set(o) == {\"id\", \"first_name\", \"last_name\","
	    " \"title\", \"preferred_method\", \"do_not_contact\","
	    " \"active\", \"organizations\", \"phones\", \"emails\","
	    " \"addresses\"} for o in d)' %s", path);
	assert_int_equal(system(cmd), 0);
	unlink(path);
	free(cmd);
	testrun_free(&r);
}

static void
test_export_is_strict_csv_with_formulas_defused(void **state)
{
	struct testrun	  r;
	char		**f;
	long		  n, i;
	size_t		  w;
	int		  found = 0;

	(void)state;
	r = run_as(SUPER, "export", "contacts", NULL);
	assert_int_equal(r.status, 0);
	w = testcsv_width(r.out);
	n = testcsv_read(r.out, w, &f);
	assert_true(n > 2000);
	assert_string_equal(f[0], "id");
	assert_string_equal(f[1], "first_name");
	for (i = 1; i < n; i++) {
		assert_false(f[(size_t)i * w + 1][0] == '=');
		if (strcmp(f[(size_t)i * w + 1], "'=HYPERLINK(\"http://x\")") ==
		    0)
			found = 1;
	}
	assert_true(found);
	testcsv_free(f, n, w);
	testrun_free(&r);
}

/*
 * Who works at the downtown office, and the one whose number ends 0230:
 * an address's label and the last digits of a phone find contacts; a
 * few digits alone do not wander into the emails.
 */
static void
test_lookup_labels_and_phone_ends(void **state)
{
	struct testrun	r;

	(void)state;
	r = run_as(PROVIDER, "lookup", "Downtown", NULL);
	assert_int_equal(r.status, 0);
	assert_non_null(strstr(r.out, "Helen Park"));
	assert_non_null(strstr(r.out, "Marcus Bell"));
	assert_null(strstr(r.out, "Grace Liu"));
	testrun_free(&r);
	r = run_as(PROVIDER, "lookup", "midtown", NULL);
	assert_int_equal(r.status, 0);
	assert_non_null(strstr(r.out, "Grace Liu"));
	testrun_free(&r);
	r = run_as(PROVIDER, "lookup", "0230", NULL);
	assert_int_equal(r.status, 0);
	assert_non_null(strstr(r.out, "Helen Park"));
	assert_int_equal(count_lines(r.out), 3);
	testrun_free(&r);
	r = run_as(SUPER, "lookup", "555", NULL);
	assert_int_equal(r.status, 1);
	testrun_free(&r);
}

static void
test_scope_gives_a_provider_admin_fewer_rows(void **state)
{
	struct testrun	r, p;

	(void)state;
	r = run_as(SUPER, "export", "contacts", NULL);
	p = run_as(PROVIDER, "export", "contacts", NULL);
	assert_int_equal(r.status, 0);
	assert_int_equal(p.status, 0);
	assert_true(count_lines(p.out) > 1);
	assert_true(count_lines(p.out) < count_lines(r.out));
	testrun_free(&r);
	testrun_free(&p);
	r = run_as(SUPER, "emergency", "--format", "csv", NULL);
	p = run_as(PROVIDER, "emergency", "--format", "csv", NULL);
	assert_int_equal(r.status, 0);
	assert_true(count_lines(p.out) < count_lines(r.out));
	testrun_free(&r);
	testrun_free(&p);
}

static void
test_emergency_by_org(void **state)
{
	struct testrun	  r;
	char		**f;
	long		  n, i;

	(void)state;
	r = run_as(SUPER, "emergency", "--org", "RIVERSIDE HEALTH", "--format",
	    "csv", NULL);
	assert_int_equal(r.status, 0);
	assert_golden(r.out, "cli-emergency-riverside.csv");
	n = testcsv_read(r.out, 6, &f);
	assert_true(n >= 2);
	for (i = 1; i < n; i++)
		assert_string_equal(f[i * 6], "Riverside Health");
	assert_string_equal(f[6 + 2], "true");	/* primary first */
	testcsv_free(f, n, 6);
	testrun_free(&r);
	r = run_as(SUPER, "emergency", "--org", "Riverside Health", NULL);
	assert_int_equal(r.status, 0);
	assert_golden(r.out, "cli-emergency-riverside.txt");
	testrun_free(&r);
	r = run_as(SUPER, "emergency", "--org", "qqzzxxyy", NULL);
	assert_int_equal(r.status, 1);
	assert_non_null(strstr(r.err, "no organization matches"));
	testrun_free(&r);
	r = run_as(SUPER, "emergency", "--org", "Health", NULL);
	assert_int_equal(r.status, 1);
	assert_non_null(strstr(r.err, "more than one organization"));
	assert_non_null(strstr(r.err, "\n  "));	/* candidates listed */
	testrun_free(&r);
}

static void
test_query_for_mutt(void **state)
{
	struct testrun	 r;
	char		*line2;

	(void)state;
	r = run_as(SUPER, "query", "oliveira", NULL);
	assert_int_equal(r.status, 0);
	assert_true(strncmp(r.out, "Searching... ", 13) == 0);
	line2 = strchr(r.out, '\n') + 1;
	assert_non_null(strchr(line2, '@'));
	assert_non_null(strchr(line2, '\t'));
	assert_golden(r.out, "cli-query-oliveira.txt");
	testrun_free(&r);
	r = run_as(SUPER, "query", "zzqqxxjj", NULL);
	assert_int_equal(r.status, 1);
	assert_string_equal(r.out, "No matches\n");
	testrun_free(&r);
}

/* The fields of the export's row whose last name begins with last. */
static char **
export_row(char **f, long n, size_t w, const char *last)
{
	long	i;

	for (i = 1; i < n; i++)
		if (strncmp(f[(size_t)i * w + 2], last, strlen(last)) == 0)
			return (&f[(size_t)i * w]);
	fail_msg("no row for %s", last);
	return (NULL);
}

/* Nothing in out that a terminal would act on. */
static void
assert_no_raw_controls(const char *out)
{
	const unsigned char	*p;

	for (p = (const unsigned char *)out; *p != '\0'; p++)
		if (*p != '\n' && *p != '\r' && *p != '\t')
			assert_false(*p < 0x20 || *p == 0x7f);
	assert_null(strstr(out, "\xe2\x80\xae"));	/* RLO */
	assert_null(strstr(out, "\xc2\x9b"));	/* CSI */
}

static void
test_export_to_a_pipe_shows_controls(void **state)
{
	struct testrun	  r;
	char		**f, **row;
	long		  n;
	size_t		  w;

	(void)state;
	r = run_as(SUPER, "export", "contacts", NULL);
	assert_int_equal(r.status, 0);
	assert_no_raw_controls(r.out);
	w = testcsv_width(r.out);
	n = testcsv_read(r.out, w, &f);
	assert_true(n > 2);
	row = export_row(f, n, w, "Zzhostile");
	assert_string_equal(row[1], "Hostile\\x1b[2J\\x07");
	assert_string_equal(row[2], "Zzhostile\\u202eRLO\\u009b");
	row = export_row(f, n, w, "Zzformula");
	assert_string_equal(row[1], "'" WIDE_FORMULA);
	testcsv_free(f, n, w);
	testrun_free(&r);

	r = run_as(SUPER, "export", "contacts", "--format", "tsv", NULL);
	assert_int_equal(r.status, 0);
	assert_no_raw_controls(r.out);
	assert_non_null(strstr(r.out, "\tHostile\\x1b[2J\\x07\t"
	    "Zzhostile\\u202eRLO\\u009b\t"));
	testrun_free(&r);

	r = run_as(SUPER, "lookup", "Zzhostile", "--format", "csv", NULL);
	assert_int_equal(r.status, 0);
	assert_no_raw_controls(r.out);
	assert_non_null(strstr(r.out, ",Hostile\\x1b[2J\\x07,"
	    "Zzhostile\\u202eRLO\\u009b,"));
	testrun_free(&r);

	r = run_as(SUPER, "emergency", "--format", "tsv", NULL);
	assert_int_equal(r.status, 0);
	assert_no_raw_controls(r.out);
	assert_non_null(strstr(r.out, "\tHostile\\x1b[2J\\x07 "
	    "Zzhostile\\u202eRLO\\u009b\t"));
	testrun_free(&r);
}

static void
test_raw_keeps_the_bytes(void **state)
{
	struct testrun	  r;
	char		**f, **row;
	long		  n;
	size_t		  w;

	(void)state;
	r = run_as(SUPER, "export", "contacts", "--raw", NULL);
	assert_int_equal(r.status, 0);
	w = testcsv_width(r.out);
	n = testcsv_read(r.out, w, &f);
	assert_true(n > 2);
	row = export_row(f, n, w, "Zzhostile");
	assert_string_equal(row[1], HOSTILE_FIRST);
	assert_string_equal(row[2], HOSTILE_LAST);
	/* --raw is the bytes as stored: no formula guard either. */
	row = export_row(f, n, w, "Zzformula");
	assert_string_equal(row[1], WIDE_FORMULA);
	row = export_row(f, n, w, "Formula");
	assert_string_equal(row[1], "=HYPERLINK(\"http://x\")");
	testcsv_free(f, n, w);
	testrun_free(&r);

	r = run_as(SUPER, "export", "contacts", "--format", "tsv", "--raw",
	    NULL);
	assert_int_equal(r.status, 0);
	assert_non_null(strstr(r.out, "\t" HOSTILE_FIRST "\t" HOSTILE_LAST
	    "\t"));
	testrun_free(&r);

	r = run_as(SUPER, "lookup", "Zzhostile", "--format", "csv", "--raw",
	    NULL);
	assert_int_equal(r.status, 0);
	assert_non_null(strstr(r.out, "," HOSTILE_FIRST "," HOSTILE_LAST
	    ","));
	testrun_free(&r);

	r = run_as(SUPER, "emergency", "--raw", "--format", "csv", NULL);
	assert_int_equal(r.status, 0);
	assert_non_null(strstr(r.out, "," HOSTILE_FIRST " " HOSTILE_LAST
	    ","));
	testrun_free(&r);
}

/* JSON and text have nothing to keep raw: --raw changes neither. */
static void
test_raw_leaves_json_and_text(void **state)
{
	struct testrun	r, raw;

	(void)state;
	r = run_as(SUPER, "lookup", "Zzhostile", "--format", "json", NULL);
	raw = run_as(SUPER, "lookup", "Zzhostile", "--format", "json",
	    "--raw", NULL);
	assert_int_equal(r.status, 0);
	assert_int_equal(raw.status, 0);
	assert_string_equal(r.out, raw.out);
	assert_non_null(strstr(r.out, "\"Hostile\\u001b[2J\\u0007\","));
	assert_non_null(strstr(r.out, "\"Zzhostile\\u202eRLO\\u009b\","));
	testrun_free(&r);
	testrun_free(&raw);
	r = run_as(SUPER, "lookup", "Zzhostile", NULL);
	raw = run_as(SUPER, "lookup", "Zzhostile", "--raw", NULL);
	assert_int_equal(raw.status, 0);
	assert_string_equal(r.out, raw.out);
	assert_no_raw_controls(raw.out);
	testrun_free(&r);
	testrun_free(&raw);
}

/* Only subcommands with --format take --raw; elsewhere a usage error. */
static void
test_raw_only_with_format(void **state)
{
	struct testrun	r;

	(void)state;
	r = run_as(SUPER, "query", "Zzhostile", "--raw", NULL);
	assert_int_equal(r.status, 2);
	assert_string_equal(r.out, "");
	assert_non_null(strstr(r.err, "usage: switchboard query"));
	testrun_free(&r);
	r = run_as(SUPER, "query", "Zzhostile", "--format", "tsv", NULL);
	assert_int_equal(r.status, 2);
	testrun_free(&r);
	r = run_as(SUPER, "export", "contacts", "--raw=yes", NULL);
	assert_int_equal(r.status, 2);
	testrun_free(&r);
	r = run_as(SUPER, "emergency", "--help", NULL);
	assert_int_equal(r.status, 0);
	assert_non_null(strstr(r.out, "[--raw]"));
	testrun_free(&r);
}

/* Every one of the many emails is in out, whole. */
static void
assert_every_email(const char *out)
{
	char	email[64];
	int	i;

	for (i = 0; i < MANY_EMAILS; i++) {
		snprintf(email, sizeof email, MANY_EMAIL, i);
		if (strstr(out, email) == NULL)
			fail_msg("%s missing from:\n%s", email, out);
	}
}

/* No line of a text table is wider than its rule. */
static void
assert_within_rule(const char *out)
{
	const char	*rule = strchr(out, '\n') + 1;

	assert_true(testtext_widest(out) <= (int)strcspn(rule, "\n"));
}

static void
test_long_values_are_never_cut(void **state)
{
	static const char *const formats[] = { "csv", "tsv", "json" };
	struct testrun	 r;
	char		*col, *got, *want;
	size_t		 i;

	(void)state;
	/* The text table wraps the long cell of emails in its column. */
	r = run_as(SUPER, "lookup", "Zzmany", NULL);
	assert_int_equal(r.status, 0);
	assert_null(strstr(r.out, "\xe2\x80\xa6"));
	assert_within_rule(r.out);
	assert_every_email(r.out);
	col = testtext_column(r.out, 1);	/* organizations */
	got = testtext_without(col, "\n ");
	want = testtext_without(WRAP_ORG " (emergency)", " ");
	assert_string_equal(got, want);
	free(want);
	free(got);
	free(col);
	testrun_free(&r);
	for (i = 0; i < SB_ARRAY_LEN(formats); i++) {
		r = run_as(SUPER, "lookup", "Zzmany", "--format", formats[i],
		    NULL);
		assert_int_equal(r.status, 0);
		assert_every_email(r.out);
		assert_non_null(strstr(r.out, WRAP_ORG));
		testrun_free(&r);
		r = run_as(SUPER, "export", "contacts", "--format", formats[i],
		    NULL);
		assert_int_equal(r.status, 0);
		assert_every_email(r.out);
		testrun_free(&r);
		r = run_as(SUPER, "emergency", "--org", "Zzwrap", "--format",
		    formats[i], NULL);
		assert_int_equal(r.status, 0);
		assert_non_null(strstr(r.out, WRAP_ORG));
		assert_non_null(strstr(r.out, "wrap.test.mailbox.00@"
		    "example-hospital.org"));
		testrun_free(&r);
	}
	/* The emergency sheet wraps the organization's long name. */
	r = run_as(SUPER, "emergency", "--org", "Zzwrap", NULL);
	assert_int_equal(r.status, 0);
	assert_within_rule(r.out);
	assert_null(strstr(r.out, "\xe2\x80\xa6"));
	col = testtext_column(r.out, 0);
	got = testtext_without(col, "\n ");
	want = testtext_without(WRAP_ORG, " ");
	assert_string_equal(got, want);
	free(want);
	free(got);
	free(col);
	assert_non_null(strstr(r.out, "wrap.test.mailbox.00@"
	    "example-hospital.org"));
	testrun_free(&r);
}

/*
 * A usage error is said before any server is asked: with none to reach,
 * the word at fault is named and the exit status is 2, not "cannot
 * reach the server".
 */
static void
test_usage_before_server(void **state)
{
	static const struct {
		const char	*args[14];
		const char	*says;
	} cases[] = {
		{ { "access", "grant", "janitor", "x", NULL }, "janitor" },
		{ { "access", "revoke", "provider-admin", "x", NULL },
		    "provider-admin needs --org NAME" },
		{ { "merge", "a", "b", "c", "d", "e", "f", "g", "h", "i", "j",
		    "k", "l", NULL }, "at most 10 contacts merge" },
		{ { "unmerge", "yesterday", NULL }, "\"yesterday\" is not a "
		    "merge id" },
		{ { "duplicates", "--min-score", "2", NULL }, "not a score" },
	};
	struct testrun	r;
	size_t		i;

	(void)state;
	for (i = 0; i < SB_ARRAY_LEN(cases); i++) {
		r = testrun_argv(&demo, "/nonexistent/zz", SUPER,
		    cases[i].args);
		if (r.status != 2 || strstr(r.err, cases[i].says) == NULL)
			fail_msg("%s: exit %d: %s", cases[i].args[0], r.status,
			    r.err);
		testrun_free(&r);
	}
}

/*
 * What is the fax number for Midtown? An organization's own phones and
 * addresses are found by the label of the place they are at, after the
 * contacts there, in the caller's scope only; a word that names a type
 * picks it. The machine formats stay the contacts' records.
 */
static void
test_lookup_org_places(void **state)
{
	struct testrun	 r;
	char		*org, *addr, *phone;

	(void)state;
	/* An organization the partner admin does not see, at a Midtown. */
	org = testsql_value(demo.admin, "SELECT sb.organization_create("
	    "'Zzplaces Clinic', 'provider')::text", NULL);
	addr = testsql_value(demo.admin, "SELECT sb.address_create("
	    "'physical', 'US', 'Midtown annex', '9 Birch Road')::text", NULL);
	free(testsql_value(demo.admin, "SELECT sb.organization_address_link("
	    "$1, $2)::text", org, addr, NULL));
	phone = testsql_value(demo.admin, "SELECT sb.organization_phone_add("
	    "$1, '(217) 555-0199', 'fax', e164 => '+12175550199')::text", org,
	    NULL);
	free(testsql_value(demo.admin, "SELECT sb.phone_address_link($1, $2)"
	    "::text", phone, addr, NULL));
	r = run_as(PROVIDER, "lookup", "midtown", NULL);
	assert_int_equal(r.status, 0);
	assert_non_null(strstr(r.out, "Grace Liu"));
	assert_non_null(strstr(r.out, "organization"));
	assert_true(line_has(r.out, "Riverside Health", "(217) 555-0111"));
	assert_true(line_has(r.out, "fax", "Midtown office"));
	assert_true(line_has(r.out, "(217) 555-0110", "Midtown office"));
	assert_true(line_has(r.out, "455 Oak Avenue", "Midtown office"));
	assert_null(strstr(r.out, "555-0101"));
	assert_null(strstr(r.out, "Zzplaces"));
	testrun_free(&r);
	/* The type picks: only the fax, and no contact is at "midtown fax". */
	r = run_as(PARTNER, "lookup", "Midtown FAX", NULL);
	assert_int_equal(r.status, 0);
	assert_true(line_has(r.out, "(217) 555-0111", "Midtown office"));
	assert_null(strstr(r.out, "555-0110"));
	assert_null(strstr(r.out, "Oak Avenue"));
	assert_null(strstr(r.out, "Zzplaces"));
	assert_null(strstr(r.out, "Grace Liu"));
	testrun_free(&r);
	r = run_as(SUPER, "lookup", "midtown fax", NULL);
	assert_int_equal(r.status, 0);
	assert_true(line_has(r.out, "Zzplaces Clinic", "(217) 555-0199"));
	assert_true(line_has(r.out, "(217) 555-0111", "Midtown office"));
	testrun_free(&r);
	r = run_as(PROVIDER, "lookup", "midtown", "--format", "csv", NULL);
	assert_int_equal(r.status, 0);
	assert_non_null(strstr(r.out, "Grace"));
	assert_null(strstr(r.out, "555-0111"));
	testrun_free(&r);
	/* A type alone names no place. */
	r = run_as(SUPER, "lookup", "fax", NULL);
	assert_int_equal(r.status, 1);
	assert_non_null(strstr(r.err, "nothing matches"));
	testrun_free(&r);
	free(phone);
	free(addr);
	free(org);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_lookup_formats_and_exit_codes),
		cmocka_unit_test(test_lookup_json_parses),
		cmocka_unit_test(test_usage_errors_name_the_choices),
		cmocka_unit_test(test_connect_failures_say_which),
		cmocka_unit_test(
		    test_export_is_strict_csv_with_formulas_defused),
		cmocka_unit_test(test_lookup_labels_and_phone_ends),
		cmocka_unit_test(test_scope_gives_a_provider_admin_fewer_rows),
		cmocka_unit_test(test_emergency_by_org),
		cmocka_unit_test(test_query_for_mutt),
		cmocka_unit_test(test_export_to_a_pipe_shows_controls),
		cmocka_unit_test(test_raw_keeps_the_bytes),
		cmocka_unit_test(test_raw_leaves_json_and_text),
		cmocka_unit_test(test_raw_only_with_format),
		cmocka_unit_test(test_long_values_are_never_cut),
		cmocka_unit_test(test_lookup_org_places),
		cmocka_unit_test(test_usage_before_server),
	};

	/* For reading text tables back (the program runs in C.UTF-8). */
	setlocale(LC_ALL, "C.UTF-8");
	return (cmocka_run_group_tests_name("cli", tests, setup, teardown));
}
