/* Export whole: numbered CSV columns, JSON, vCard and its round trip. */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "switchboard/demo.h"
#include "switchboard/util.h"
#include "testcsv.h"
#include "testdb.h"
#include "testdemo.h"
#include "testroles.h"
#include "testrun.h"
#include "testsql.h"

#define SUPER		DEMO_ROLE_SUPER
#define PROVIDER	DEMO_ROLE_PROVIDER
#define PARTNER		DEMO_ROLE_PARTNER
#define NORTHWIND	"Northwind Health Partners"
/* A name whose separators once split it in the export. */
#define TRICKY		"Export, Test; Org"

/*
 * Two cards: every kind of item on the first, a bare second; their emails
 * at domain dom, their phones ending in the two digits n.
 */
#define CARDS(dom, n)							\
	"BEGIN:VCARD\r\nVERSION:4.0\r\nUID:rt-1\r\n"			\
	"N:Rundreise;Rita;;;\r\nFN:Rita Rundreise\r\n"			\
	"TITLE:Head of Wards\r\n"					\
	"EMAIL;TYPE=work;PREF=1:rita.rundreise@" dom "\r\n"		\
	"EMAIL;TYPE=home:rita@home." dom "\r\n"				\
	"TEL;VALUE=uri;TYPE=cell;PREF=1:tel:+4477009004" n "\r\n"	\
	"TEL;VALUE=uri;TYPE=work:tel:+4420794604" n "\r\n"		\
	"ADR;LABEL=\"Main entrance\";TYPE=work:;Block B;"		\
	"1 Quay Street;Bristol;;BS1 4DJ;GB\r\nEND:VCARD\r\n"		\
	"BEGIN:VCARD\r\nVERSION:4.0\r\nUID:rt-2\r\n"			\
	"N:Zweifel;Zeno;;;\r\nFN:Zeno Zweifel\r\n"			\
	"EMAIL:zeno.zweifel@" dom "\r\nEND:VCARD\r\n"

static struct testdemo	 demo;
static char		 dir[] = "/tmp/sb-export-XXXXXX";
static char		*tricky, *rita;

#define ASSERT_HAS(text, want) do {					\
	if (strstr((text), (want)) == NULL)				\
		fail_msg("no \"%s\" in:\n%s", (want), (text));		\
} while (0)

/* Run the binary as role with args (NULL-terminated). */
static struct testrun
run_as(const char *role, ...)
{
	struct testrun	r;
	va_list		ap;

	va_start(ap, role);
	r = testrun_va(&demo, NULL, role, NULL, ap);
	va_end(ap);
	return (r);
}

/* text written to a file of dir; the path returned (caller frees). */
static char *
write_text(const char *name, const char *text)
{
	char	*path = util_path_join(dir, name);
	FILE	*fp = fopen(path, "wb");

	assert_non_null(fp);
	assert_int_equal(fputs(text, fp) >= 0, 1);
	assert_int_equal(fclose(fp), 0);
	return (path);
}

/* A new provider organization called name, as the superuser. */
static char *
org_create(const char *name)
{
	return (testsql_value(demo.admin, "SELECT sb.organization_create($1, "
	    "'provider')", name, NULL));
}

/*
 * The cards imported into the organization called org, as into an empty
 * directory: the contacts they came from, close names, are not asked of.
 */
static void
import_into(const char *path, const char *org, const char *want)
{
	struct testrun	r;

	r = run_as(SUPER, "import", path, "--org", org, "--close-names",
	    "create", "--yes", NULL);
	assert_int_equal(r.status, 0);
	ASSERT_HAS(r.out, want);
	testrun_free(&r);
}

static int
setup(void **state)
{
	char	*path, *nw;

	(void)state;
	assert_non_null(mkdtemp(dir));
	testdemo_start(&demo);
	tricky = org_create(TRICKY);
	assert_non_null(tricky);
	path = write_text("cards.vcf", CARDS("export.example", "71"));
	import_into(path, TRICKY, "2 new");
	free(path);
	rita = testsql_value(demo.admin, "SELECT id FROM sb.contacts WHERE "
	    "last_name = 'Rundreise'", NULL);
	/* Rita works at Northwind too, as its primary contact. */
	nw = testroles_org(demo.admin, NORTHWIND);
	free(testsql_value(demo.admin, "SELECT sb.organization_contact_link("
	    "$1, $2, 'technical', '2024-01-01')", nw, rita, NULL));
	free(testsql_value(demo.admin, "SELECT "
	    "sb.organization_contact_set_primary($1, $2, 'technical')", nw,
	    rita, NULL));
	free(nw);
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	free(tricky);
	free(rita);
	testdemo_stop(&demo);
	return util_rmtree(dir);
}

/* The row whose id is id, or -1. */
static long
csv_row(char **f, size_t width, long n, const char *id)
{
	long	i;

	for (i = 1; i < n; i++)
		if (strcmp(f[(size_t)i * width], id) == 0)
			return (i);
	return (-1);
}

/* Rita's cells by column: each value in its own. */
static const char *const rita_cells[][2] = {
	{ "title", "Head of Wards" },
	{ "do_not_contact", "false" },
	{ "active", "true" },
	{ "email 1", "rita.rundreise@export.example" },
	{ "email 1 type", "work" },
	{ "email 1 primary", "true" },
	{ "email 2 type", "personal" },
	{ "email 2 primary", "false" },
	/* The formula guard is on (--raw: test_lookup_csv_is_structured). */
	{ "phone 1 e164", "'+447700900471" },
	{ "phone 1 type", "mobile" },
	{ "phone 2 type", "office" },
	{ "address 1 label", "Main entrance" },
	{ "address 1 street1", "1 Quay Street" },
	{ "address 1 street2", "Block B" },
	{ "address 1 city", "Bristol" },
	{ "address 1 country", "GB" },
	/* The organization's name stays one cell, its marks others. */
	{ "organization 1", TRICKY },
	{ "organization 1 primary", "false" },
	{ "organization 2", NORTHWIND },
	{ "organization 2 role", "technical" },
	{ "organization 2 primary", "true" },
	{ "organization 2 starts on", "2024-01-01" },
	{ "organization 2 ends on", "" },
};

static void
test_export_csv_one_value_a_cell(void **state)
{
	struct testrun	  r;
	char		**f;
	size_t		  w, c;
	long		  n, i;

	(void)state;
	r = run_as(SUPER, "export", "contacts", "--org", TRICKY, NULL);
	assert_int_equal(r.status, 0);
	w = testcsv_width(r.out);
	n = testcsv_read(r.out, w, &f);
	assert_int_equal(n, 3);
	i = csv_row(f, w, n, rita);
	assert_true(i > 0);
	for (c = 0; c < SB_ARRAY_LEN(rita_cells); c++)
		assert_string_equal(testcsv_cell(f, w, i, rita_cells[c][0]),
		    rita_cells[c][1]);
	/* Zeno has fewer items: empty cells, the same width. */
	i = i == 1 ? 2 : 1;
	assert_string_equal(testcsv_cell(f, w, i, "last_name"), "Zweifel");
	assert_string_equal(testcsv_cell(f, w, i, "phone 1"), "");
	assert_string_equal(testcsv_cell(f, w, i, "organization 2"), "");
	testcsv_free(f, n, w);
	testrun_free(&r);
}

/* Several --org: the contacts of each, each once; an unknown one fails. */
static void
test_export_several_orgs(void **state)
{
	struct testrun	  r;
	char		**f;
	size_t		  w;
	long		  n, one, i, found = 0;

	(void)state;
	r = run_as(SUPER, "export", "contacts", "--org", NORTHWIND, NULL);
	assert_int_equal(r.status, 0);
	one = testcsv_read(r.out, testcsv_width(r.out), &f);
	assert_true(one > 1);
	testcsv_free(f, one, testcsv_width(r.out));
	testrun_free(&r);
	r = run_as(SUPER, "export", "contacts", "--org", NORTHWIND, "--org",
	    TRICKY, NULL);
	assert_int_equal(r.status, 0);
	w = testcsv_width(r.out);
	n = testcsv_read(r.out, w, &f);
	/* Rita is in both: one row for her, one more for Zeno. */
	assert_int_equal(n, one + 1);
	for (i = 1; i < n; i++)
		if (strcmp(f[(size_t)i * w], rita) == 0)
			found++;
	assert_int_equal(found, 1);
	testcsv_free(f, n, w);
	testrun_free(&r);
	r = run_as(SUPER, "export", "contacts", "--org", TRICKY, "--org",
	    "qqzzxxyy", NULL);
	assert_int_equal(r.status, 1);
	ASSERT_HAS(r.err, "no organization matches \"qqzzxxyy\"");
	assert_string_equal(r.out, "");
	testrun_free(&r);
}

/* out as JSON, checked by Python's reader and the lines of check. */
static void
assert_json(const char *out, const char *check)
{
	char	*path = write_text("out.json", out), *cmd;
	int	 rc;

	cmd = xasprintf("python3 -c 'import json, sys\n"
	    "d = json.load(open(sys.argv[1]))\n%s' %s", check, path);
	rc = system(cmd);
	if (rc != 0)
		fail_msg("the JSON check failed (%d):\n%s", rc, out);
	free(cmd);
	free(path);
}

static void
test_export_json_arrays_and_booleans(void **state)
{
	struct testrun	r;

	(void)state;
	r = run_as(SUPER, "export", "contacts", "--org", TRICKY, "--format",
	    "json", NULL);
	assert_int_equal(r.status, 0);
	assert_json(r.out,
	    "assert len(d) == 2\n"
	    "c = [x for x in d if x[\"last_name\"] == \"Rundreise\"][0]\n"
	    "assert c[\"do_not_contact\"] is False and c[\"active\"] is True\n"
	    "o = c[\"organizations\"]\n"
	    "assert [x[\"name\"] for x in o] == [\"" TRICKY "\", \""
	    NORTHWIND "\"]\n"
	    "assert o[1] == {\"name\": \"" NORTHWIND "\", \"role\": "
	    "\"technical\", \"primary\": True, \"starts_on\": \"2024-01-01\", "
	    "\"ends_on\": None}\n"
	    "assert o[0][\"primary\"] is False and o[0][\"starts_on\"] is None\n"
	    "assert c[\"emails\"][0] == {\"address\": "
	    "\"rita.rundreise@export.example\", \"type\": \"work\", "
	    "\"primary\": True}\n"
	    "p = c[\"phones\"][0]\n"
	    "assert p[\"e164\"] == \"+447700900471\" and p[\"type\"] == "
	    "\"mobile\" and p[\"primary\"] is True\n"
	    "assert p[\"extension\"] is None\n"
	    "a = c[\"addresses\"][0]\n"
	    "assert a[\"label\"] == \"Main entrance\" and a[\"city\"] == "
	    "\"Bristol\" and a[\"country\"] == \"GB\"\n");
	testrun_free(&r);
	/* lookup gives the same structure. */
	r = run_as(SUPER, "lookup", "Rundreise", "--format", "json", NULL);
	assert_int_equal(r.status, 0);
	assert_json(r.out,
	    "assert len(d) == 1 and d[0][\"organizations\"][0][\"name\"] == "
	    "\"" TRICKY "\" and d[0][\"active\"] is True\n"
	    "assert len(d[0][\"phones\"]) == 2\n");
	testrun_free(&r);
}

static void
test_lookup_csv_is_structured(void **state)
{
	struct testrun	  r;
	char		**f;
	size_t		  w;
	long		  n;

	(void)state;
	r = run_as(SUPER, "lookup", "Rundreise", "--format", "csv", NULL);
	assert_int_equal(r.status, 0);
	w = testcsv_width(r.out);
	n = testcsv_read(r.out, w, &f);
	assert_int_equal(n, 2);
	assert_string_equal(testcsv_cell(f, w, 1, "organization 1"), TRICKY);
	assert_string_equal(testcsv_cell(f, w, 1, "phone 2 e164"),
	    "'+442079460471");
	testcsv_free(f, n, w);
	testrun_free(&r);
	/* Nothing found: the header only, not every contact. */
	r = run_as(SUPER, "lookup", "zzqqxxjj", "--format", "csv", NULL);
	assert_int_equal(r.status, 1);
	assert_string_equal(r.out, "id,first_name,last_name,title,"
	    "preferred_method,do_not_contact,active\r\n");
	testrun_free(&r);
	r = run_as(SUPER, "lookup", "Rundreise", "--format", "csv", "--raw",
	    NULL);
	assert_int_equal(r.status, 0);
	n = testcsv_read(r.out, w, &f);
	assert_int_equal(n, 2);
	assert_string_equal(testcsv_cell(f, w, 1, "phone 2 e164"),
	    "+442079460471");
	testcsv_free(f, n, w);
	testrun_free(&r);
}

/* Each person exports what they see, and no more. */
static void
test_export_by_kind_of_person(void **state)
{
	struct testrun	 r;
	char		*outside, *name, *theirs, *mine, *nw;
	const char	*orgs[2] = { NULL, NULL };

	(void)state;
	outside = testroles_org_outside(demo.admin, PROVIDER, 0, &name);
	orgs[0] = outside;
	theirs = testroles_contact(demo.admin, "Olaf", "Outsider", outside,
	    "technical", orgs);
	nw = testroles_org(demo.admin, NORTHWIND);
	orgs[0] = nw;
	mine = testroles_contact(demo.admin, "Nina", "Northwind", nw,
	    "technical", orgs);
	r = run_as(SUPER, "export", "contacts", NULL);
	assert_int_equal(r.status, 0);
	ASSERT_HAS(r.out, theirs);
	ASSERT_HAS(r.out, mine);
	testrun_free(&r);
	r = run_as(PROVIDER, "export", "contacts", "--format", "json", NULL);
	assert_int_equal(r.status, 0);
	assert_null(strstr(r.out, theirs));
	assert_null(strstr(r.out, name));
	ASSERT_HAS(r.out, "\"Riverside Health\"");
	testrun_free(&r);
	r = run_as(PROVIDER, "export", "contacts", "--org", name, NULL);
	assert_int_equal(r.status, 1);
	testrun_free(&r);
	r = run_as(PARTNER, "export", "contacts", "--org", NORTHWIND,
	    "--format", "vcard", NULL);
	assert_int_equal(r.status, 0);
	ASSERT_HAS(r.out, mine);
	assert_null(strstr(r.out, theirs));
	testrun_free(&r);
	free(nw);
	free(mine);
	free(theirs);
	free(outside);
	free(name);
}

/* s without its lines that start with one of the prefixes. */
static char *
without_lines(const char *s, const char *const *prefixes, size_t n)
{
	char		*out = xstrdup(""), *next;
	const char	*eol;
	size_t		 i;
	int		 keep;

	for (; *s != '\0'; s = eol + 1) {
		eol = strchr(s, '\n');
		assert_non_null(eol);
		keep = 1;
		for (i = 0; i < n; i++)
			if (strncmp(s, prefixes[i], strlen(prefixes[i])) == 0)
				keep = 0;
		if (!keep)
			continue;
		next = xasprintf("%s%.*s", out, (int)(eol - s + 1), s);
		free(out);
		out = next;
	}
	return (out);
}

/*
 * Exported, the originals deleted, imported into an empty organization,
 * exported again: the same cards but for the new ids and organization.
 */
static void
test_export_vcard_round_trip(void **state)
{
	static const char *const ids[] = { "UID:", "ORG:" };
	struct testrun	 r, again;
	char		*a, *b, *path, *first, *second;

	(void)state;
	a = org_create("Roundtrip A");
	b = org_create("Roundtrip B");
	path = write_text("rt.vcf", CARDS("roundtrip.example", "72"));
	import_into(path, "Roundtrip A", "2 new");
	free(path);
	r = run_as(SUPER, "export", "contacts", "--org", "Roundtrip A",
	    "--format", "vcard", NULL);
	assert_int_equal(r.status, 0);
	ASSERT_HAS(r.out, "BEGIN:VCARD\r\nVERSION:4.0\r\nUID:");
	ASSERT_HAS(r.out, "\r\nFN:Rita Rundreise\r\nN:Rundreise;Rita;;;\r\n"
	    "ORG:Roundtrip A\r\nTITLE:Head of Wards\r\n");
	ASSERT_HAS(r.out, "EMAIL;TYPE=work;PREF=1:"
	    "rita.rundreise@roundtrip.example\r\n");
	ASSERT_HAS(r.out, "EMAIL;TYPE=home:rita@home.roundtrip.example\r\n");
	ASSERT_HAS(r.out, "TEL;VALUE=uri;TYPE=cell;PREF=1:tel:+447700900472");
	ASSERT_HAS(r.out, "TEL;VALUE=uri;TYPE=work:tel:+442079460472");
	ASSERT_HAS(r.out, "ADR;LABEL=\"Main entrance\":;Block B;"
	    "1 Quay Street;Bristol;;BS1 4DJ;GB\r\n");
	free(testsql_value(demo.admin, "SELECT count(sb.contact_delete(id)) "
	    "FROM sb.contacts WHERE owner_organization_id = $1", a, NULL));
	path = write_text("exported.vcf", r.out);
	import_into(path, "Roundtrip B", "2 new");
	free(path);
	again = run_as(SUPER, "export", "contacts", "--org", "Roundtrip B",
	    "--format", "vcard", NULL);
	assert_int_equal(again.status, 0);
	ASSERT_HAS(again.out, "\r\nORG:Roundtrip B\r\n");
	first = without_lines(r.out, ids, SB_ARRAY_LEN(ids));
	second = without_lines(again.out, ids, SB_ARRAY_LEN(ids));
	assert_string_equal(first, second);
	free(first);
	free(second);
	testrun_free(&r);
	testrun_free(&again);

	/* 3.0 for older clients; a version there is none of is named. */
	r = run_as(SUPER, "export", "contacts", "--org", "Roundtrip B",
	    "--format", "vcard", "--vcard-version", "3.0", NULL);
	assert_int_equal(r.status, 0);
	ASSERT_HAS(r.out, "VERSION:3.0\r\n");
	ASSERT_HAS(r.out, "TEL;TYPE=CELL,PREF:+447700900472\r\n");
	ASSERT_HAS(r.out, "LABEL:Main entrance\r\n");
	testrun_free(&r);
	r = run_as(SUPER, "export", "contacts", "--vcard-version", "3.0",
	    NULL);
	assert_int_equal(r.status, 2);
	ASSERT_HAS(r.err, "--vcard-version goes with --format vcard");
	testrun_free(&r);
	r = run_as(SUPER, "export", "contacts", "--vcard-version", "5.0",
	    NULL);
	assert_int_equal(r.status, 2);
	ASSERT_HAS(r.err, "\"5.0\" is not a vCard version; the vCard "
	    "versions are 4.0 and 3.0");
	testrun_free(&r);
	r = run_as(SUPER, "export", "contacts", "--format", "xml", NULL);
	assert_int_equal(r.status, 2);
	ASSERT_HAS(r.err, "\"xml\" is not a format; the formats are csv, "
	    "tsv, json and vcard");
	testrun_free(&r);
	free(a);
	free(b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_export_csv_one_value_a_cell),
		cmocka_unit_test(test_export_several_orgs),
		cmocka_unit_test(test_export_json_arrays_and_booleans),
		cmocka_unit_test(test_lookup_csv_is_structured),
		cmocka_unit_test(test_export_by_kind_of_person),
		cmocka_unit_test(test_export_vcard_round_trip),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
