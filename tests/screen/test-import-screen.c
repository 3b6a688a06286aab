/* Screen tests: a file imported from the interface, after its preview. */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <libpq-fe.h>

#include "switchboard/demo.h"
#include "switchboard/util.h"
#include "fixture.h"
#include "screen.h"
#include "testdemo.h"
#include "testsql.h"

/* Two cards as a phone's address book writes them. */
static const char	cards[] =
    "BEGIN:VCARD\r\nVERSION:3.0\r\nN:Quill;Ivo;;;\r\nFN:Ivo Quill\r\n"
    "EMAIL;TYPE=work:ivo.quill@import.example\r\n"
    "TEL;TYPE=CELL:+1 217 555 0901\r\nUID:ivo-quill-1\r\nEND:VCARD\r\n"
    "BEGIN:VCARD\r\nVERSION:3.0\r\nN:Quill;Ada;;;\r\nFN:Ada Quill\r\n"
    "EMAIL:ada.quill@import.example\r\nUID:ada-quill-1\r\nEND:VCARD\r\n";

/* Riverside's links of the Quills: "First:role,...". */
static const char	quills_sql[] = "SELECT coalesce(string_agg("
    "c.first_name || ':' || oc.role, ',' ORDER BY c.first_name), '') FROM "
    "sb.contacts c JOIN sb.organization_contacts oc ON oc.contact_id = "
    "c.id AND oc.deleted_at IS NULL WHERE c.last_name = 'Quill' AND "
    "oc.organization_id = $1";

/* Type path into the form's File field, over what is there. */
static void
type_path(struct screen *s, const char *path)
{
	screen_key_ctrl(s, 'u');
	screen_send(s, path);
}

/*
 * The provider admin presses I, names a file, sees the preview; n goes
 * back to the form with the path kept and writes nothing; y imports,
 * linked as the role chosen. A directory and a FIFO are refused at once
 * on the File field.
 */
static void
test_import_preview_then_import(void **state)
{
	struct screen	*s;
	char		*vcf, *fifo, *preview;
	FILE		*f;

	(void)state;
	vcf = xasprintf("%s/phone.vcf", fixture_dir);
	fifo = xasprintf("%s/pipe.vcf", fixture_dir);
	assert_non_null(f = fopen(vcf, "w"));
	fputs(cards, f);
	fclose(f);
	assert_int_equal(mkfifo(fifo, 0600), 0);
	s = fixture_start_riverside();
	screen_send(s, "I");
	WAIT_TEXT(s, "Import contacts into Riverside Health");
	type_path(s, fixture_dir);
	screen_key_ctrl(s, 'x');
	WAIT_TEXT(s, "is a directory, not a file to import");
	type_path(s, fifo);
	screen_key_ctrl(s, 'x');
	WAIT_TEXT(s, "is a pipe (FIFO), not a file to");
	type_path(s, vcf);
	screen_key(s, SCREEN_KEY_TAB);
	screen_key(s, SCREEN_KEY_TAB);
	screen_send(s, "  ");			/* stakeholder -> technical */
	WAIT_TEXT(s, "< technical >");
	screen_key_ctrl(s, 'x');
	preview = xasprintf("Preview of %s (vCard, 2 records): 2 new", vcf);
	WAIT_TEXT(s, preview);
	WAIT_TEXT(s, "Nothing is written yet");
	screen_send(s, "n");
	WAIT_GONE(s, "Nothing is written yet");
	WAIT_TEXT(s, vcf);
	ASSERT_SQL(demo.admin, "", quills_sql, riverside, NULL);
	screen_key_ctrl(s, 'x');
	WAIT_TEXT(s, preview);
	screen_send(s, "y");
	WAIT_TEXT(s, "Imported");
	WAIT_GONE(s, "Import contacts into");
	ASSERT_SQL(demo.admin, "Ada:technical,Ivo:technical", quills_sql,
	    riverside, NULL);
	testdemo_wait_row(s, "Ivo Quill", "technical");
	/* Again: the same contacts are found, nothing changes. */
	screen_send(s, "I");
	WAIT_TEXT(s, "Import contacts into Riverside Health");
	type_path(s, vcf);
	screen_key(s, SCREEN_KEY_TAB);
	screen_key(s, SCREEN_KEY_TAB);
	screen_send(s, "  ");
	WAIT_TEXT(s, "< technical >");
	screen_key_ctrl(s, 'x');
	WAIT_TEXT(s, "2 unchanged, 0 skipped");
	screen_key(s, SCREEN_KEY_ESC);
	WAIT_GONE(s, "Nothing is written yet");
	screen_key(s, SCREEN_KEY_ESC);
	WAIT_TEXT(s, "Discard");
	screen_send(s, "y");
	WAIT_GONE(s, "Import contacts into");
	testdemo_quit(s);
	free(preview);
	free(fifo);
	free(vcf);
}

/*
 * A card whose name is close to a contact's at Riverside is left out of
 * the preview, named, with what to do; chosen to link under Close names,
 * it links that contact in the import's role and makes no new one.
 */
static void
test_import_close_name(void **state)
{
	struct screen	*s;
	char		*vcf, *id;
	FILE		*f;

	(void)state;
	id = testsql_value(demo.admin, "SELECT sb.contact_create('Odalys', "
	    "'Zzscreen')::text", NULL);
	free(testsql_value(demo.admin, "SELECT sb.organization_contact_link("
	    "$1, $2, 'billing')::text", riverside, id, NULL));
	free(id);
	vcf = xasprintf("%s/close.vcf", fixture_dir);
	assert_non_null(f = fopen(vcf, "w"));
	fputs("BEGIN:VCARD\r\nVERSION:3.0\r\nN:Zzscreen;Odalis;;;\r\n"
	    "FN:Odalis Zzscreen\r\nUID:odalis-1\r\nEND:VCARD\r\n", f);
	fclose(f);
	s = fixture_start_riverside();
	screen_send(s, "I");
	WAIT_TEXT(s, "Import contacts into Riverside Health");
	type_path(s, vcf);
	screen_key_ctrl(s, 'x');
	WAIT_TEXT(s, "Odalis Zzscreen is close to Odalys Zzscreen (Riverside "
	    "Health (billing))");
	WAIT_TEXT(s, "1 left out for a close name: go back, choose link or "
	    "create under Close names");
	screen_send(s, "n");
	WAIT_GONE(s, "Nothing is written yet");
	screen_key(s, SCREEN_KEY_TAB);		/* format */
	screen_key(s, SCREEN_KEY_TAB);		/* role */
	screen_key(s, SCREEN_KEY_TAB);		/* encoding */
	screen_key(s, SCREEN_KEY_TAB);		/* close names */
	screen_send(s, " ");
	WAIT_TEXT(s, "< link >");
	screen_key_ctrl(s, 'x');
	WAIT_TEXT(s, "0 new, 1 matched");
	screen_send(s, "y");
	WAIT_TEXT(s, "Imported");
	ASSERT_SQL(demo.admin, "1 billing,stakeholder", "SELECT count("
	    "DISTINCT c.id) || ' ' || string_agg(oc.role, ',' ORDER BY "
	    "oc.role) FROM sb.contacts c JOIN sb.organization_contacts oc ON "
	    "oc.contact_id = c.id AND oc.deleted_at IS NULL WHERE c.last_name "
	    "= 'Zzscreen'", NULL);
	testdemo_quit(s);
	free(vcf);
}

/* Support may read Riverside but not import into it: nothing opens. */
static void
test_import_not_for_support(void **state)
{
	struct screen	*s;

	(void)state;
	s = testdemo_spawn(&demo, DEMO_ROLE_SUPPORT, "C.UTF-8", 36, 130);
	WAIT_TEXT(s, "Organizations (");
	screen_send(s, "/Riverside Health");
	screen_key(s, SCREEN_KEY_ENTER);
	screen_key(s, SCREEN_KEY_TAB);
	WAIT_TEXT(s, "Name      ");
	screen_send(s, "I");
	WAIT_TEXT(s, "but not change them (read-only access)");
	assert_false(screen_contains(s, "Import contacts into"));
	testdemo_quit(s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_import_preview_then_import),
		cmocka_unit_test(test_import_not_for_support),
		cmocka_unit_test(test_import_close_name),
	};

	return cmocka_run_group_tests(tests, fixture_setup_dir,
	    fixture_teardown_dir);
}
