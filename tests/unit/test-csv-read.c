/* Unit tests for the CSV reader: address book exports and broken files. */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "switchboard/csv.h"

/* The next record must have n fields, the first ones as in want. */
static void
next_is(struct csv_reader *r, long line, size_t n, const char *const *want,
    size_t nwant)
{
	struct csv_row		row;
	struct csv_problem	p;
	size_t			i;

	if (csv_next(r, &row, &p) != 1)
		fail_msg("line %ld: %s", p.line, p.reason);
	assert_int_equal(row.line, line);
	assert_int_equal(row.n, n);
	for (i = 0; i < nwant; i++)
		assert_string_equal(row.fields[i], want[i]);
	csv_row_clear(&row);
}

/* Google Contacts: commas, quoted values, " ::: " inside one cell. */
static void
read_google(void **state)
{
	static const char text[] =
	    "Name,Given Name,Family Name,E-mail 1 - Type,E-mail 1 - Value,"
	    "Phone 1 - Type,Phone 1 - Value\r\n"
	    "Rosa Delgado,Rosa,Delgado,* Work,rosa@riverside.example ::: "
	    "rosa@home.example,Mobile,\"+1 217-555-0245\"\r\n"
	    "\"Nu\xc3\xb1" "ez, Carla\",Carla,\"Nu\xc3\xb1" "ez\",,,,\r\n";
	static const char *const head[] = { "Name", "Given Name" };
	static const char *const rosa[] = { "Rosa Delgado", "Rosa",
	    "Delgado", "* Work", "rosa@riverside.example ::: "
	    "rosa@home.example", "Mobile", "+1 217-555-0245" };
	static const char *const carla[] = { "Nu\xc3\xb1" "ez, Carla",
	    "Carla", "Nu\xc3\xb1" "ez", "", "", "", "" };
	struct csv_reader	*r = csv_reader_new(text, sizeof text - 1);
	struct csv_row		 row;
	struct csv_problem	 p;

	(void)state;
	assert_int_equal(csv_delimiter(r), ',');
	next_is(r, 1, 7, head, 2);
	next_is(r, 2, 7, rosa, 7);
	next_is(r, 3, 7, carla, 7);
	assert_int_equal(csv_next(r, &row, &p), 0);
	csv_reader_free(r);
}

/* German Outlook: semicolons, a line break inside a quoted address. */
static void
read_outlook_de(void **state)
{
	static const char text[] =
	    "\"Vorname\";\"Nachname\";\"Stra\xc3\x9f" "e gesch\xc3\xa4"
	    "ftlich\";\"E-Mail-Adresse\"\n"
	    "\"J\xc3\xbcrgen\";\"M\xc3\xbcller\";\"Hauptstr. 5\n"
	    "Hinterhaus\";\"j.mueller@logistik.example\"\n"
	    "\n"
	    "\"Anna\";\"Schmidt\";\"Say \"\"hi\"\"; then go\";\"\"\n";
	static const char *const jm[] = { "J\xc3\xbcrgen", "M\xc3\xbcller",
	    "Hauptstr. 5\nHinterhaus", "j.mueller@logistik.example" };
	static const char *const anna[] = { "Anna", "Schmidt",
	    "Say \"hi\"; then go", "" };
	struct csv_reader	*r = csv_reader_new(text, sizeof text - 1);

	(void)state;
	assert_int_equal(csv_delimiter(r), ';');
	next_is(r, 1, 4, NULL, 0);
	next_is(r, 2, 4, jm, 4);
	/* The quoted line break counts: Anna is on line 5. */
	next_is(r, 5, 4, anna, 4);
	csv_reader_free(r);
}

/* Broken records are skipped with their line; the rest still reads. */
static void
read_broken(void **state)
{
	char			 wide[8200];
	struct csv_reader	*r;
	struct csv_row		 row;
	struct csv_problem	 p;
	static const char *const ok[] = { "ok", "2" };
	size_t			 i;

	(void)state;
	for (i = 0; i < 1100; i++)
		memcpy(wide + i * 2, "x,", 2);
	memcpy(wide + 2200, "\nok,2\n\"never closed,3\nlast,4\n", 29);
	r = csv_reader_new(wide, 2229);
	assert_int_equal(csv_next(r, &row, &p), -1);
	assert_int_equal(p.line, 1);
	assert_non_null(strstr(p.reason, "more than"));
	next_is(r, 2, 2, ok, 2);
	assert_int_equal(csv_next(r, &row, &p), -1);
	assert_int_equal(p.line, 3);
	assert_non_null(strstr(p.reason, "never closed"));
	assert_int_equal(csv_next(r, &row, &p), 0);
	csv_reader_free(r);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(read_google),
		cmocka_unit_test(read_outlook_de),
		cmocka_unit_test(read_broken),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
