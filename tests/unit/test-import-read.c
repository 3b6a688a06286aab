/* Import files read into records: checks, notes, source ids, JSON. */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "switchboard/import.h"
#include "switchboard/util.h"

/* text written to a file named name, read as format. */
static void
read_text(const char *name, const char *text, enum import_format format,
    const char *country, struct import_file *f)
{
	char		 dir[] = "/tmp/sb-import-read-XXXXXX";
	char		*path;
	FILE		*fp;
	struct sb_error	 err;

	assert_non_null(mkdtemp(dir));
	path = util_path_join(dir, name);
	fp = fopen(path, "wb");
	assert_non_null(fp);
	fputs(text, fp);
	fclose(fp);
	if (import_file_read(path, format, NULL, country, f, &err) != SB_OK)
		fail_msg("%s", err.message);
	unlink(path);
	rmdir(dir);
	free(path);
}

static void
source_ids_are_stable_and_distinct(void **state)
{
	struct import_file	f;

	(void)state;
	read_text("a.vcf", "BEGIN:VCARD\nVERSION:3.0\nN:Imker;Ida\nUID:u-1\n"
	    "END:VCARD\nBEGIN:VCARD\nVERSION:3.0\nN:Imker;Ida\nEND:VCARD\n"
	    "BEGIN:VCARD\nVERSION:3.0\nN:IMKER;Ída\nEND:VCARD\n"
	    "BEGIN:VCARD\nVERSION:3.0\nN:Jansen;Jonas\nEND:VCARD\n",
	    IMPORT_GUESS, NULL, &f);
	assert_string_equal(f.system, "vcard");
	assert_string_equal(f.layout, "vCard");
	assert_int_equal(f.nrecords, 4);
	assert_string_equal(f.records[0].source_id, "u-1");
	/* FNV-1a of "ida\x1fimker", the folded name: the same everywhere. */
	assert_string_equal(f.records[1].source_id,
	    "name:fc6ae61c874daf34");
	/* Case and accents fold: the same name again is the second. */
	assert_string_equal(f.records[2].source_id,
	    "name:fc6ae61c874daf34#2");
	assert_true(strncmp(f.records[3].source_id, "name:", 5) == 0);
	assert_string_not_equal(f.records[3].source_id,
	    f.records[1].source_id);
	import_file_clear(&f);
}

static void
values_it_cannot_take_are_noted(void **state)
{
	struct import_file	f;

	(void)state;
	read_text("b.csv", "First Name,Last Name,E-mail 1 - Value,"
	    "Phone 1 - Value,Phone 2 - Value,Address 1 - City,"
	    "Address 1 - Country\n"
	    "Ann,Arbor,not-an-email,0171 2345678,+49 171 2345678,Berlin,"
	    "Deutschland\n"
	    "Bo,Atlantis,bo@example.org,,,Poseidonia,Atlantis\n"
	    ",,nameless@example.org,,,,\n", IMPORT_CSV, NULL, &f);
	assert_string_equal(f.system, "csv:google");
	assert_int_equal(f.nrecords, 2);
	assert_int_equal(f.skipped, 1);
	assert_int_equal(f.records[0].nemails, 0);
	assert_int_equal(f.records[0].nphones, 1);
	assert_string_equal(f.records[0].phones[0].e164, "+491712345678");
	assert_int_equal(f.records[0].naddrs, 1);
	assert_string_equal(f.records[0].addrs[0].country, "DE");
	assert_int_equal(f.records[1].naddrs, 0);
	assert_int_equal(f.nnotes, 4);
	assert_int_equal(f.notes[0].line, 2);
	assert_false(f.notes[0].skipped);
	assert_non_null(strstr(f.notes[0].text, "not-an-email"));
	assert_non_null(strstr(f.notes[1].text, "no country code"));
	assert_non_null(strstr(f.notes[2].text, "not known here"));
	assert_int_equal(f.notes[3].line, 4);
	assert_true(f.notes[3].skipped);
	import_file_clear(&f);

	/* With a country, a national number is that country's. */
	read_text("c.csv", "First Name,Last Name,Phone 1 - Value\n"
	    "Ann,Arbor,0171 2345678\n", IMPORT_GUESS, "DE", &f);
	assert_int_equal(f.nnotes, 0);
	assert_string_equal(f.records[0].phones[0].e164, "+491712345678");
	import_file_clear(&f);
}

static void
json_escapes_what_the_file_holds(void **state)
{
	struct import_file	 f;
	char			*json;

	(void)state;
	read_text("d.vcf", "BEGIN:VCARD\nVERSION:3.0\nN:O\"Neil\\\\;Q\n"
	    "TITLE:a\\nb\nEND:VCARD\n", IMPORT_VCARD, NULL, &f);
	assert_int_equal(f.nrecords, 1);
	json = import_record_json(&f.records[0]);
	assert_non_null(strstr(json, "\"last_name\": \"O\\\"Neil\\\\\""));
	assert_non_null(strstr(json, "\"title\": \"a\\nb\""));
	assert_non_null(strstr(json, "\"emails\": []"));
	free(json);
	import_file_clear(&f);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(source_ids_are_stable_and_distinct),
		cmocka_unit_test(values_it_cannot_take_are_noted),
		cmocka_unit_test(json_escapes_what_the_file_holds),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
