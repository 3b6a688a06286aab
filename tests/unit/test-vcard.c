/* Unit tests for vCard: cards as Google, Apple, Outlook and others write them. */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "switchboard/vcard.h"

/* Read exactly one card from text; fail the test otherwise. */
static void
read_one(const char *text, struct vcard *c)
{
	struct vcard_reader	*r = vcard_reader_new(text, strlen(text));
	struct vcard_problem	 problem;
	struct vcard		 extra;

	if (vcard_next(r, c, &problem) != 1)
		fail_msg("line %ld: %s", problem.line, problem.reason);
	assert_int_equal(vcard_next(r, &extra, &problem), 0);
	vcard_reader_free(r);
}

/* Google Contacts (3.0): several TYPE parameters, item groups. */
static void
read_google(void **state)
{
	struct vcard	c;

	(void)state;
	read_one("BEGIN:VCARD\r\n"
	    "VERSION:3.0\r\n"
	    "FN:Rosa Delgado\r\n"
	    "N:Delgado;Rosa;;;\r\n"
	    "EMAIL;TYPE=INTERNET;TYPE=WORK:rosa.delgado@riverside.example\r\n"
	    "EMAIL;TYPE=INTERNET;TYPE=HOME:rosa@home.example\r\n"
	    "TEL;TYPE=CELL:+1 217-555-0245\r\n"
	    "TEL;TYPE=WORK;TYPE=FAX:(217) 555-0130\r\n"
	    "ADR;TYPE=WORK:;;12 Main St;Springfield;IL;62701;US\r\n"
	    "item1.ORG:Riverside Health\r\n"
	    "item1.X-ABLabel:\r\n"
	    "TITLE:Billing Lead\r\n"
	    "PHOTO:https://example.invalid/p.jpg\r\n"
	    "CATEGORIES:myContacts\r\n"
	    "END:VCARD\r\n", &c);
	assert_int_equal(c.version, 30);
	assert_string_equal(c.given, "Rosa");
	assert_string_equal(c.family, "Delgado");
	assert_string_equal(c.fn, "Rosa Delgado");
	assert_int_equal(c.nemails, 2);
	assert_string_equal(c.emails[0].value,
	    "rosa.delgado@riverside.example");
	assert_string_equal(c.emails[0].type, "work");
	assert_string_equal(c.emails[1].type, "home");
	assert_int_equal(c.nphones, 2);
	assert_string_equal(c.phones[0].value, "+1 217-555-0245");
	assert_string_equal(c.phones[0].type, "mobile");
	assert_string_equal(c.phones[1].type, "fax");
	assert_int_equal(c.naddrs, 1);
	assert_string_equal(c.addrs[0].street, "12 Main St");
	assert_string_equal(c.addrs[0].locality, "Springfield");
	assert_string_equal(c.addrs[0].postcode, "62701");
	assert_string_equal(c.addrs[0].type, "work");
	assert_string_equal(c.org, "Riverside Health");
	assert_string_equal(c.title, "Billing Lead");
	assert_int_equal(c.photos, 1);
	assert_int_equal(c.ignored, 1);
	vcard_clear(&c);
}

/* Apple Contacts (3.0): grouped labels, TYPE=pref, a base64 photo. */
static void
read_apple(void **state)
{
	struct vcard	c;

	(void)state;
	read_one("BEGIN:VCARD\n"
	    "VERSION:3.0\n"
	    "PRODID:-//Apple Inc.//macOS 14.0//EN\n"
	    "N:Watanabe;Kenji;;;\n"
	    "FN:Kenji Watanabe\n"
	    "ORG:Harbor Imaging;\n"
	    "item1.EMAIL;type=INTERNET;type=pref:kenji@harbor.example\n"
	    "item1.X-ABLabel:_$!<Work>!$_\n"
	    "item2.TEL;type=pref:+1 (555) 010-0199\n"
	    "item2.X-ABLabel:_$!<Mobile>!$_\n"
	    "item3.TEL:555-0100 ext. 12\n"
	    "item3.X-ABLabel:Front desk\n"
	    "item4.ADR;type=WORK;type=pref:;;1 Harbor Way\\nSuite 4;"
	    "Portland;OR;97201;United States\n"
	    "item4.X-ABADR:us\n"
	    "PHOTO;ENCODING=b;TYPE=JPEG:/9j/4AAQSkZJRgABAQAAAQABAAD/2wBDAAgG\n"
	    " BgcGBQgHBwcJCQgKDBQNDAsLDBkSEw8UHRofHh0aHBwgJC4nICIsIxwcKDcpLDA\n"
	    "END:VCARD\n", &c);
	assert_string_equal(c.fn, "Kenji Watanabe");
	assert_string_equal(c.org, "Harbor Imaging");
	assert_int_equal(c.nemails, 1);
	assert_true(c.emails[0].pref);
	assert_string_equal(c.emails[0].type, "work");
	assert_int_equal(c.nphones, 2);
	assert_string_equal(c.phones[0].type, "mobile");
	assert_true(c.phones[0].pref);
	assert_string_equal(c.phones[0].value, "+1 (555) 010-0199");
	assert_string_equal(c.phones[1].type, "Front desk");
	assert_string_equal(c.addrs[0].street, "1 Harbor Way\nSuite 4");
	assert_string_equal(c.addrs[0].country, "United States");
	assert_true(c.addrs[0].pref);
	assert_int_equal(c.photos, 1);
	vcard_clear(&c);
}

/*
 * Outlook 2003 (2.1): bare TYPE words, QUOTED-PRINTABLE with a CHARSET
 * and soft line breaks, a LABEL property.
 */
static void
read_outlook_21(void **state)
{
	struct vcard	c;

	(void)state;
	read_one("BEGIN:VCARD\r\n"
	    "VERSION:2.1\r\n"
	    "N;ENCODING=QUOTED-PRINTABLE;CHARSET=Windows-1252:M=FCller;J=FC"
	    "rgen\r\n"
	    "FN;ENCODING=QUOTED-PRINTABLE;CHARSET=Windows-1252:J=FCrgen M=\r\n"
	    "=FCller\r\n"
	    "ORG:M\xc3\xbcller Logistik GmbH\r\n"
	    "TEL;WORK;VOICE:+49 30 1234567\r\n"
	    "TEL;CELL;VOICE:+49 171 7654321\r\n"
	    "TEL;WORK;FAX:+49 30 1234568\r\n"
	    "ADR;WORK;ENCODING=QUOTED-PRINTABLE;CHARSET=Windows-1252:;;Stra="
	    "DFe 1;Berlin;;10115;Deutschland\r\n"
	    "LABEL;WORK;ENCODING=QUOTED-PRINTABLE:Stra=C3=9Fe 1=0D=0A=\r\n"
	    "10115 Berlin\r\n"
	    "EMAIL;PREF;INTERNET:j.mueller@logistik.example\r\n"
	    "X-MS-OL-DEFAULT-POSTAL-ADDRESS:2\r\n"
	    "REV:20260101T120000Z\r\n"
	    "END:VCARD\r\n", &c);
	assert_int_equal(c.version, 21);
	assert_string_equal(c.family, "M\xc3\xbcller");
	assert_string_equal(c.given, "J\xc3\xbcrgen");
	assert_string_equal(c.fn, "J\xc3\xbcrgen M\xc3\xbcller");
	assert_int_equal(c.nphones, 3);
	assert_string_equal(c.phones[0].type, "work");
	assert_string_equal(c.phones[1].type, "mobile");
	assert_string_equal(c.phones[2].type, "fax");
	assert_string_equal(c.addrs[0].street, "Stra\xc3\x9f" "e 1");
	assert_string_equal(c.addrs[0].label, "Stra\xc3\x9f" "e 1\n10115 "
	    "Berlin");
	assert_true(c.emails[0].pref);
	assert_int_equal(c.ignored, 2);
	vcard_clear(&c);
}

/* vCard 4.0 (Thunderbird, Evolution): tel: URIs, PREF=1, LABEL=. */
static void
read_40(void **state)
{
	struct vcard	c;

	(void)state;
	read_one("BEGIN:VCARD\r\n"
	    "VERSION:4.0\r\n"
	    "UID:urn:uuid:4fbe8971-0bc3-424c-9c26-36c3e1eff6b1\r\n"
	    "FN:Priya Sharma\r\n"
	    "N:Sharma;Priya;;Dr.;\r\n"
	    "TEL;VALUE=uri;TYPE=\"voice,cell\";PREF=1:tel:+12175550101\r\n"
	    "TEL;VALUE=uri;TYPE=work:tel:+1-217-555-0102;ext=7\r\n"
	    "EMAIL;TYPE=work:priya.sharma@riverside.example\r\n"
	    "ADR;TYPE=work;LABEL=\"1 Clinic Rd\\nSpringfield, IL\":;;1 Clinic"
	    " Rd;Springfield;IL;62702;USA\r\n"
	    "NOTE:Prefers email\\, not calls\\; on call Mondays\r\n"
	    "X-EVOLUTION-FILE-AS:Sharma\\, Priya\r\n"
	    "END:VCARD\r\n", &c);
	assert_int_equal(c.version, 40);
	assert_string_equal(c.uid, "urn:uuid:4fbe8971-0bc3-424c-9c26-"
	    "36c3e1eff6b1");
	assert_string_equal(c.prefix, "Dr.");
	assert_string_equal(c.phones[0].value, "+12175550101");
	assert_string_equal(c.phones[0].type, "mobile");
	assert_true(c.phones[0].pref);
	assert_string_equal(c.phones[1].value, "+1-217-555-0102;ext=7");
	assert_string_equal(c.addrs[0].label, "1 Clinic Rd\nSpringfield, IL");
	assert_string_equal(c.note, "Prefers email, not calls; on call Mondays");
	assert_int_equal(c.ignored, 1);
	vcard_clear(&c);
}

/* Android writes N only; FN only is common too. */
static void
read_names_from_either(void **state)
{
	struct vcard	c;

	(void)state;
	read_one("BEGIN:VCARD\nVERSION:2.1\nN:Oliveira;Mateus;;;\n"
	    "TEL;CELL:+55 11 91234-5678\nEND:VCARD\n", &c);
	assert_string_equal(c.fn, "Mateus Oliveira");
	vcard_clear(&c);
	read_one("BEGIN:VCARD\nVERSION:3.0\nFN:Ana Maria Souza\n"
	    "END:VCARD\n", &c);
	assert_string_equal(c.given, "Ana Maria");
	assert_string_equal(c.family, "Souza");
	vcard_clear(&c);
}

/* A bad card is skipped with its line and reason; the next one reads. */
static void
read_skips_bad_cards(void **state)
{
	static const char text[] =
	    "garbage before\n"				/* 1 */
	    "BEGIN:VCARD\n"				/* 2 */
	    "VERSION:3.0\n"				/* 3 */
	    "this line has no colon\n"			/* 4 */
	    "END:VCARD\n"				/* 5 */
	    "BEGIN:VCARD\n"				/* 6 */
	    "N;CHARSET=UTF-8:Bad\xff\xfe;Bytes\n"	/* 7 */
	    "END:VCARD\n"				/* 8 */
	    "BEGIN:VCARD\n"				/* 9 */
	    "FN:Good Card\n"				/* 10 */
	    "END:VCARD\n"				/* 11 */
	    "BEGIN:VCARD\n"				/* 12 */
	    "FN:Never Ends\n";				/* 13 */
	struct vcard_reader	*r = vcard_reader_new(text, sizeof text - 1);
	struct vcard_problem	 p;
	struct vcard		 c;

	(void)state;
	assert_int_equal(vcard_next(r, &c, &p), -1);
	assert_int_equal(p.line, 1);
	assert_int_equal(vcard_next(r, &c, &p), -1);
	assert_int_equal(p.line, 2);
	assert_non_null(strstr(p.reason, "line 4"));
	assert_int_equal(vcard_next(r, &c, &p), -1);
	assert_int_equal(p.line, 7);
	assert_non_null(strstr(p.reason, "UTF-8"));
	assert_int_equal(vcard_next(r, &c, &p), 1);
	assert_string_equal(c.fn, "Good Card");
	vcard_clear(&c);
	assert_int_equal(vcard_next(r, &c, &p), -1);
	assert_int_equal(p.line, 12);
	assert_non_null(strstr(p.reason, "END:VCARD"));
	assert_int_equal(vcard_next(r, &c, &p), 0);
	vcard_reader_free(r);
}

/* Written, every line is at most 75 octets, folded between characters. */
static void
write_folds_and_escapes(void **state)
{
	struct vcard	 c, back;
	char		*out, *line, *save;

	(void)state;
	read_one("BEGIN:VCARD\nVERSION:4.0\nFN:Zo\xc3\xab \xc3\x98stergaard"
	    "-Lindqvist\nN:\xc3\x98stergaard-Lindqvist;Zo\xc3\xab;;;\n"
	    "TITLE:Head of Regional Emergency Coordination\\, Northern "
	    "Counties\\; Associated Clinics \xe2\x80\x94 \xe6\xbc\xa2\xe5"
	    "\xad\x97 \xe6\xbc\xa2\xe5\xad\x97 \xe6\xbc\xa2\xe5\xad\x97\n"
	    "NOTE:two\\nlines\n"
	    "TEL;TYPE=cell:+4512345678\n"
	    "END:VCARD\n", &c);
	out = vcard_write(&c, 40);
	assert_non_null(strstr(out, "TEL;VALUE=uri;TYPE=cell:tel:"
	    "+4512345678\r\n"));
	assert_non_null(strstr(out, "NOTE:two\\nlines\r\n"));
	for (line = strtok_r(out, "\n", &save); line != NULL;
	    line = strtok_r(NULL, "\n", &save)) {
		assert_true(strlen(line) <= 76);
		assert_int_equal(line[strlen(line) - 1], '\r');
		/* No line starts inside a UTF-8 character. */
		assert_true(((unsigned char)line[line[0] == ' '] & 0xc0) !=
		    0x80);
	}
	free(out);
	out = vcard_write(&c, 40);
	read_one(out, &back);
	assert_string_equal(back.title, c.title);
	assert_string_equal(back.note, "two\nlines");
	free(out);
	vcard_clear(&back);
	vcard_clear(&c);
}

/* What is written reads back the same, in 4.0 and in 3.0. */
static void
write_round_trips(void **state)
{
	static const int versions[] = { 40, 30 };
	struct vcard	 c, back;
	char		*first, *second;
	size_t		 i;

	(void)state;
	for (i = 0; i < 2; i++) {
		read_one("BEGIN:VCARD\nVERSION:3.0\nUID:contact-42\n"
		    "N:Delgado;Rosa;Maria;Ms.;Jr.\nFN:Rosa Delgado\n"
		    "ORG:Riverside\\; Health\nTITLE:Billing\nROLE:Lead\n"
		    "EMAIL;TYPE=WORK,PREF:rosa@riverside.example\n"
		    "EMAIL;TYPE=HOME:rosa@home.example\n"
		    "TEL;TYPE=CELL:+1 217-555-0245\n"
		    "TEL;TYPE=FAX:+12175550130\nTEL:555-0100\n"
		    "ADR;TYPE=WORK:PO 7;Suite 2;12 Main St;Springfield;IL;"
		    "62701;US\nLABEL;TYPE=WORK:12 Main St\\nSpringfield\n"
		    "NOTE:Quote \" and caret ^\nEND:VCARD\n", &c);
		first = vcard_write(&c, versions[i]);
		read_one(first, &back);
		second = vcard_write(&back, versions[i]);
		assert_string_equal(first, second);
		assert_string_equal(back.addrs[0].label,
		    "12 Main St\nSpringfield");
		assert_string_equal(back.org, "Riverside; Health");
		assert_string_equal(back.phones[2].type, "other");
		assert_true(back.emails[0].pref);
		free(first);
		free(second);
		vcard_clear(&back);
		vcard_clear(&c);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(read_google),
		cmocka_unit_test(read_apple),
		cmocka_unit_test(read_outlook_21),
		cmocka_unit_test(read_40),
		cmocka_unit_test(read_names_from_either),
		cmocka_unit_test(read_skips_bad_cards),
		cmocka_unit_test(write_folds_and_escapes),
		cmocka_unit_test(write_round_trips),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
