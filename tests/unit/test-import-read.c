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

static char	dir[] = "/tmp/sb-import-read-XXXXXX";

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

/* text written to a file named name; its path. Caller frees. */
static char *
write_text(const char *name, const char *text)
{
	char	*path = util_path_join(dir, name);
	FILE	*fp = fopen(path, "wb");

	assert_non_null(fp);
	fputs(text, fp);
	fclose(fp);
	return (path);
}

/* text written to a file named name, read as opts say. */
static enum sb_status
read_with(const char *name, const char *text,
    const struct import_options *opts, struct import_file *f,
    struct sb_error *err)
{
	char		*path = write_text(name, text);
	enum sb_status	 st = import_file_read(path, opts, f, err);

	free(path);
	return (st);
}

/* text written to a file named name, read as format. */
static void
read_text(const char *name, const char *text, enum import_format format,
    const char *country, struct import_file *f)
{
	struct import_options	opts = { format, NULL, country, NULL };
	struct sb_error		err;

	if (read_with(name, text, &opts, f, &err) != SB_OK)
		fail_msg("%s", err.message);
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

#define MAP_CSV								\
	"Kundennr;Vorname;Nachname;Funktion;Rolle;Mail;Handy;Festnetz;"	\
	"Strasse;PLZ;Ort;Land\n"					\
	"K-17;Lena;Lorenz;Einkauf;billing;lena@lorenz.example;"		\
	"+49 171 1111111;030 2222222;Ringstr. 3;10115;Berlin;DE\n"

static void
map_names_the_columns(void **state)
{
	struct import_options	 opts = { IMPORT_GUESS, NULL, "DE", NULL };
	struct import_file	 f;
	struct sb_error		 err;
	char			*json;

	(void)state;
	opts.map = write_text("map.yaml", "# the CRM export\n"
	    "source_id: Kundennr\nfirst_name: Vorname\n"
	    "last_name: Nachname\ntitle: Funktion\nrole: Rolle\n"
	    "emails:\n  - column: Mail\n"
	    "phones:\n  - { column: Handy, type: mobile }\n"
	    "  - { column: Festnetz, type: work }\n"
	    "addresses:\n  - { street: Strasse, postcode: PLZ, city: Ort,"
	    " country: Land }\n");
	assert_int_equal(read_with("crm.csv", MAP_CSV, &opts, &f, &err),
	    SB_OK);
	assert_string_equal(f.system, "csv:column");
	assert_int_equal(f.nrecords, 1);
	assert_string_equal(f.records[0].source_id, "K-17");
	assert_string_equal(f.records[0].role, "billing");
	assert_string_equal(f.records[0].title, "Einkauf");
	assert_string_equal(f.records[0].emails[0].type, "work");
	assert_int_equal(f.records[0].nphones, 2);
	assert_string_equal(f.records[0].phones[0].type, "mobile");
	assert_string_equal(f.records[0].phones[1].type, "office");
	assert_string_equal(f.records[0].phones[1].e164, "+49302222222");
	assert_string_equal(f.records[0].addrs[0].city, "Berlin");
	json = import_record_json(&f.records[0]);
	assert_non_null(strstr(json, "\"postal_code\": \"10115\""));
	free(json);
	import_file_clear(&f);
	free((char *)opts.map);

	/* A column the file lacks, or a key the map does not know. */
	opts.map = write_text("bad.yaml", "first_name: Vorname\n"
	    "last_name: Familienname\n");
	assert_int_equal(read_with("crm.csv", MAP_CSV, &opts, &f, &err),
	    SB_INVALID);
	assert_non_null(strstr(err.message, "no column \"Familienname\""));
	import_file_clear(&f);
	free((char *)opts.map);
	opts.map = write_text("bad.yaml", "first_name: Vorname\n"
	    "birthday: Geburtstag\n");
	assert_int_equal(read_with("crm.csv", MAP_CSV, &opts, &f, &err),
	    SB_INVALID);
	assert_non_null(strstr(err.message, "unknown key \"birthday\""));
	import_file_clear(&f);
	free((char *)opts.map);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(source_ids_are_stable_and_distinct),
		cmocka_unit_test(values_it_cannot_take_are_noted),
		cmocka_unit_test(json_escapes_what_the_file_holds),
		cmocka_unit_test(map_names_the_columns),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
