/* Unit tests for the whole export: CSV columns, JSON, vCard, from grids. */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "switchboard/export.h"
#include "switchboard/util.h"
#include "testcsv.h"

#define ORG	"North, East; West"

static const char *const contacts[] = {
	"11111111-1111-1111-1111-111111111111", "Ada", "Lovelace",
	    "=cmd|' /C calc'!A0", "email", "f", "t",
	"22222222-2222-2222-2222-222222222222", "Bo", "Bare\x1b[2J", "",
	    "", "t", "f",
};
static const char *const emails[] = {
	"0", "ada@example.org", "work", "t",
	"0", "ada@home.example", "personal", "f",
};
static const char *const phones[] = {
	"0", "+44 20 7946 0001", "12", "office", "+442079460001", "t",
};
static const char *const addresses[] = {
	"0", "physical", "Front desk", "1 Quay St", "Floor 2", "Bristol", "",
	    "BS1 4DJ", "GB",
};
static const char *const links[] = {
	"0", ORG, "technical", "t", "2024-01-01", "",
	"0", "Zeta", "emergency", "f", "", "2030-12-31",
	"1", ORG, "stakeholder", "f", "", "",
};

/* A grid of rows x cols copies of cells. */
static void
grid(struct store_grid *g, const char *const *cells, size_t n, size_t cols)
{
	size_t	i;

	g->cols = cols;
	g->rows = n / cols;
	g->more = false;
	g->cells = xcalloc(n + 1, sizeof *g->cells);
	for (i = 0; i < n; i++)
		g->cells[i] = xstrdup(cells[i]);
}

static void
sample(struct store_export *e)
{
	grid(&e->contacts, contacts, SB_ARRAY_LEN(contacts), 7);
	grid(&e->emails, emails, SB_ARRAY_LEN(emails), 4);
	grid(&e->phones, phones, SB_ARRAY_LEN(phones), 6);
	grid(&e->addresses, addresses, SB_ARRAY_LEN(addresses), 9);
	grid(&e->links, links, SB_ARRAY_LEN(links), 6);
}

/* The sample written in format; caller frees. */
static char *
render(enum out_format format, int flags, int version)
{
	struct store_export	 e;
	struct sb_error		 err;
	char			*buf = NULL;
	size_t			 len = 0;
	FILE			*fp = open_memstream(&buf, &len);

	assert_non_null(fp);
	sample(&e);
	assert_int_equal(export_write(&e, format, flags, version, fp, &err),
	    SB_OK);
	fclose(fp);
	store_export_free(&e);
	return (buf);
}

static void
test_csv_numbered_columns(void **state)
{
	char	 *out = render(OUT_CSV, 0, 40), **f;
	size_t	  w = testcsv_width(out);
	long	  n;

	(void)state;
	/* 7 + 2 emails x 3 + 1 phone x 5 + 1 address x 8 + 2 links x 5. */
	assert_int_equal(w, 36);
	n = testcsv_read(out, w, &f);
	assert_int_equal(n, 3);
	assert_string_equal(testcsv_cell(f, w, 1, "title"),
	    "'=cmd|' /C calc'!A0");
	assert_string_equal(testcsv_cell(f, w, 1, "do_not_contact"), "false");
	assert_string_equal(testcsv_cell(f, w, 1, "email 2 type"), "personal");
	assert_string_equal(testcsv_cell(f, w, 1, "phone 1 extension"), "12");
	assert_string_equal(testcsv_cell(f, w, 1, "address 1 street2"),
	    "Floor 2");
	assert_string_equal(testcsv_cell(f, w, 1, "organization 1"), ORG);
	assert_string_equal(testcsv_cell(f, w, 1, "organization 1 primary"),
	    "true");
	assert_string_equal(testcsv_cell(f, w, 1, "organization 2 ends on"),
	    "2030-12-31");
	assert_string_equal(testcsv_cell(f, w, 2, "last_name"), "Bare\\x1b[2J");
	assert_string_equal(testcsv_cell(f, w, 2, "organization 1 role"),
	    "stakeholder");
	assert_string_equal(testcsv_cell(f, w, 2, "organization 2"), "");
	assert_string_equal(testcsv_cell(f, w, 2, "email 1"), "");
	testcsv_free(f, n, w);
	free(out);
	/* --raw: the bytes, no guard. */
	out = render(OUT_CSV, OUT_RAW, 40);
	assert_non_null(strstr(out, ",=cmd|' /C calc'!A0,"));
	free(out);
}

static void
test_json_arrays_and_booleans(void **state)
{
	char	*out = render(OUT_JSON, 0, 40);

	(void)state;
	assert_non_null(strstr(out, "\"do_not_contact\": false,\n"
	    "    \"active\": true,\n    \"emails\": [\n      {\"address\": "
	    "\"ada@example.org\", \"type\": \"work\", \"primary\": true},"));
	assert_non_null(strstr(out, "\"phones\": [\n      {\"number\": "
	    "\"+44 20 7946 0001\", \"extension\": \"12\", \"type\": "
	    "\"office\", \"e164\": \"+442079460001\", \"primary\": true}"));
	assert_non_null(strstr(out, "{\"name\": \"" ORG "\", \"role\": "
	    "\"technical\", \"primary\": true, \"starts_on\": \"2024-01-01\", "
	    "\"ends_on\": null}"));
	assert_non_null(strstr(out, "\"Bare\\u001b[2J\""));
	assert_non_null(strstr(out, "\"emails\": [],\n    \"phones\": []"));
	free(out);
}

static void
test_vcard_versions(void **state)
{
	char	*out = render(OUT_VCARD, 0, 40);

	(void)state;
	assert_non_null(strstr(out, "BEGIN:VCARD\r\nVERSION:4.0\r\n"
	    "UID:11111111-1111-1111-1111-111111111111\r\n"
	    "FN:Ada Lovelace\r\nN:Lovelace;Ada;;;\r\n"
	    "ORG:North\\, East\\; West\r\nORG:Zeta\r\n"));
	assert_non_null(strstr(out, "EMAIL;TYPE=home:ada@home.example\r\n"));
	assert_non_null(strstr(out, "TEL;VALUE=uri;TYPE=work;PREF=1:"
	    "tel:+442079460001\r\n"));
	assert_non_null(strstr(out, "ADR;LABEL=\"Front desk\":;Floor 2;"
	    "1 Quay St;Bristol;;BS1 4DJ;GB\r\n"));
	free(out);
	out = render(OUT_VCARD, 0, 30);
	assert_non_null(strstr(out, "VERSION:3.0\r\n"));
	assert_non_null(strstr(out, "TEL;TYPE=WORK,PREF:+442079460001\r\n"));
	assert_non_null(strstr(out, "LABEL:Front desk\r\n"));
	free(out);
	/* A terminal gets no control character of a value. */
	out = render(OUT_VCARD, OUT_TTY, 40);
	assert_null(strchr(out, '\x1b'));
	assert_non_null(strstr(out, "N:Bare\\x1b[2J;Bo;;;\n"));
	free(out);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_csv_numbered_columns),
		cmocka_unit_test(test_json_arrays_and_booleans),
		cmocka_unit_test(test_vcard_versions),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
