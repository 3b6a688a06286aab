/* Unit tests for CSV layouts: Google's and Outlook's exports as cards. */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "switchboard/csv-map.h"

/* The first data record of text as a card, through the detected layout. */
static void
card_of(const char *text, const char *layout, struct vcard *c)
{
	struct csv_reader	*r = csv_reader_new(text, strlen(text));
	struct csv_row		 header, row;
	struct csv_problem	 p;
	struct csv_map		*m;
	struct sb_error		 err;

	assert_int_equal(csv_next(r, &header, &p), 1);
	if (csv_map_detect(&header, &m, &err) != SB_OK)
		fail_msg("%s", err.message);
	assert_string_equal(csv_map_name(m), layout);
	assert_int_equal(csv_next(r, &row, &p), 1);
	csv_map_card(m, &row, c);
	csv_row_clear(&row);
	csv_row_clear(&header);
	csv_map_free(m);
	csv_reader_free(r);
}

static void
google_old(void **state)
{
	struct vcard	c;

	(void)state;
	card_of("Name,Given Name,Additional Name,Family Name,Name Prefix,"
	    "Notes,Organization 1 - Name,Organization 1 - Title,"
	    "E-mail 1 - Type,E-mail 1 - Value,E-mail 2 - Type,"
	    "E-mail 2 - Value,Phone 1 - Type,Phone 1 - Value,Phone 2 - Type,"
	    "Phone 2 - Value,Address 1 - Type,Address 1 - Street,"
	    "Address 1 - City,Address 1 - Postal Code,Address 1 - Country\r\n"
	    "Rosa Delgado,Rosa,,Delgado,Ms.,On call Mondays,Riverside Health,"
	    "Billing Lead,* Work,rosa@riverside.example ::: "
	    "r.delgado@riverside.example,Home,rosa@home.example,Mobile,"
	    "+1 217-555-0245,Work Fax,(217) 555-0130,Work,12 Main St,"
	    "Springfield,62701,US\r\n", "Google Contacts", &c);
	assert_string_equal(c.fn, "Rosa Delgado");
	assert_string_equal(c.given, "Rosa");
	assert_string_equal(c.family, "Delgado");
	assert_string_equal(c.prefix, "Ms.");
	assert_string_equal(c.org, "Riverside Health");
	assert_string_equal(c.title, "Billing Lead");
	assert_string_equal(c.note, "On call Mondays");
	assert_int_equal(c.nemails, 3);
	assert_string_equal(c.emails[0].value, "rosa@riverside.example");
	assert_string_equal(c.emails[0].type, "work");
	assert_true(c.emails[0].pref);
	assert_string_equal(c.emails[1].value, "r.delgado@riverside.example");
	assert_string_equal(c.emails[2].type, "home");
	assert_false(c.emails[2].pref);
	assert_int_equal(c.nphones, 2);
	assert_string_equal(c.phones[0].type, "mobile");
	assert_string_equal(c.phones[1].type, "fax");
	assert_int_equal(c.naddrs, 1);
	assert_string_equal(c.addrs[0].street, "12 Main St");
	assert_string_equal(c.addrs[0].postcode, "62701");
	assert_string_equal(c.addrs[0].type, "work");
	vcard_clear(&c);
}

static void
google_new(void **state)
{
	struct vcard	c;

	(void)state;
	card_of("First Name,Middle Name,Last Name,Organization Name,"
	    "Organization Title,E-mail 1 - Label,E-mail 1 - Value,"
	    "Phone 1 - Label,Phone 1 - Value,Address 1 - Label,"
	    "Address 1 - Street,Address 1 - City\n"
	    "Kenji,,Watanabe,Harbor Imaging,Radiologist,Work,"
	    "kenji@harbor.example,Front desk,555-0100,Home,1 Harbor Way,"
	    "Portland\n", "Google Contacts", &c);
	assert_string_equal(c.fn, "Kenji Watanabe");
	assert_string_equal(c.org, "Harbor Imaging");
	assert_string_equal(c.title, "Radiologist");
	assert_string_equal(c.emails[0].type, "work");
	/* A label Google lets people type stays as they wrote it. */
	assert_string_equal(c.phones[0].type, "Front desk");
	assert_string_equal(c.addrs[0].type, "home");
	assert_string_equal(c.addrs[0].locality, "Portland");
	vcard_clear(&c);
}

static void
outlook_en(void **state)
{
	struct vcard	c;

	(void)state;
	card_of("\"Title\",\"First Name\",\"Middle Name\",\"Last Name\","
	    "\"Suffix\",\"Company\",\"Job Title\",\"Business Street\","
	    "\"Business City\",\"Business State\",\"Business Postal Code\","
	    "\"Business Country/Region\",\"Home Street\",\"Business Fax\","
	    "\"Business Phone\",\"Mobile Phone\",\"E-mail Address\","
	    "\"E-mail 2 Address\"\r\n"
	    "\"Dr.\",\"Priya\",\"\",\"Sharma\",\"\",\"Riverside Health\","
	    "\"Chief of Staff\",\"1 Clinic Rd\",\"Springfield\",\"IL\","
	    "\"62702\",\"United States of America\",\"\",\"(217) 555-0103\","
	    "\"(217) 555-0102\",\"+1 217 555 0101\","
	    "\"priya.sharma@riverside.example\",\"priya@home.example\"\r\n",
	    "Outlook", &c);
	assert_string_equal(c.prefix, "Dr.");
	assert_string_equal(c.given, "Priya");
	assert_string_equal(c.title, "Chief of Staff");
	assert_int_equal(c.nphones, 3);
	assert_string_equal(c.phones[0].type, "work");
	assert_string_equal(c.phones[1].type, "mobile");
	assert_string_equal(c.phones[2].type, "fax");
	assert_int_equal(c.nemails, 2);
	/* The home address is empty: only the business one is made. */
	assert_int_equal(c.naddrs, 1);
	assert_string_equal(c.addrs[0].type, "work");
	assert_string_equal(c.addrs[0].region, "IL");
	vcard_clear(&c);
}

static void
outlook_de(void **state)
{
	struct vcard	c;

	(void)state;
	card_of("\"Anrede\";\"Vorname\";\"Nachname\";\"Firma\";\"Position\";"
	    "\"Stra\xc3\x9f" "e gesch\xc3\xa4" "ftlich\";\"Ort gesch\xc3\xa4"
	    "ftlich\";\"Postleitzahl gesch\xc3\xa4" "ftlich\";"
	    "\"Telefon gesch\xc3\xa4" "ftlich\";\"Mobiltelefon\";"
	    "\"E-Mail-Adresse\"\n"
	    "\"Herr\";\"J\xc3\xbcrgen\";\"M\xc3\xbcller\";\"M\xc3\xbcller "
	    "Logistik\";\"Leiter\";\"Hauptstr. 5\";\"K\xc3\xb6ln\";\"50667\";"
	    "\"+49 221 123456\";\"+49 171 7654321\";"
	    "\"j.mueller@logistik.example\"\n", "Outlook", &c);
	assert_string_equal(c.fn, "J\xc3\xbcrgen M\xc3\xbcller");
	assert_string_equal(c.prefix, "Herr");
	assert_string_equal(c.org, "M\xc3\xbcller Logistik");
	assert_string_equal(c.phones[1].type, "mobile");
	assert_string_equal(c.addrs[0].locality, "K\xc3\xb6ln");
	assert_string_equal(c.emails[0].value, "j.mueller@logistik.example");
	vcard_clear(&c);
}

static void
unknown_layout(void **state)
{
	static const char text[] = "who,where\nx,y\n";
	struct csv_reader	*r = csv_reader_new(text, sizeof text - 1);
	struct csv_row		 header;
	struct csv_problem	 p;
	struct csv_map		*m;
	struct sb_error		 err;

	(void)state;
	assert_int_equal(csv_next(r, &header, &p), 1);
	assert_int_equal(csv_map_detect(&header, &m, &err), SB_INVALID);
	assert_null(m);
	assert_non_null(strstr(err.hint, "--map"));
	csv_row_clear(&header);
	csv_reader_free(r);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(google_old),
		cmocka_unit_test(google_new),
		cmocka_unit_test(outlook_en),
		cmocka_unit_test(outlook_de),
		cmocka_unit_test(unknown_layout),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
