/* The import command: the real binary, real files, real logins, one cluster. */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <sys/stat.h>
#include <sys/wait.h>

#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "switchboard/cluster.h"
#include "switchboard/demo.h"
#include "switchboard/store-import.h"
#include "switchboard/util.h"
#include "testdb.h"
#include "testdemo.h"
#include "testroles.h"
#include "screen.h"
#include "testrun.h"
#include "testsql.h"

#define PROVIDER	DEMO_ROLE_PROVIDER
#define RIVERSIDE	"Riverside Health"
#define NORTHWIND	"Northwind Health Partners"

static struct testdemo	 demo;
static char		 dir[] = "/tmp/sb-import-XXXXXX";
static char		*riverside;

/* A vCard 3.0 file as macOS Contacts writes it; the third card has no name. */
#define APPLE_CARD_IDA							\
	"BEGIN:VCARD\r\nVERSION:3.0\r\n"				\
	"PRODID:-//Apple Inc.//macOS 14.5//EN\r\n"			\
	"N:Imker;Ida;;;\r\nFN:Ida Imker\r\nORG:Riverside Health;\r\n"	\
	"TITLE:%s\r\n"							\
	"item1.EMAIL;type=INTERNET;type=WORK;type=pref:"		\
	"ida.imker@import.example\r\n%s"				\
	"TEL;type=CELL;type=VOICE;type=pref:+44 7700 900461\r\n"	\
	"TEL;type=WORK;type=VOICE:+44 20 7946 0461\r\n"			\
	"item2.ADR;type=WORK;type=pref:;;12 Mill Lane;London;;"		\
	"EC1A 1BB;United Kingdom\r\nitem2.X-ABADR:gb\r\n"		\
	"UID:6F1C2E7A-0B4D-4C55-9A39-IMPORT00001\r\nEND:VCARD\r\n"
#define APPLE_REST							\
	"BEGIN:VCARD\r\nVERSION:3.0\r\n"				\
	"N:Jansen;Jonas;;;\r\nFN:Jonas Jansen\r\n"			\
	"EMAIL;type=INTERNET;type=HOME:jonas.jansen@import.example\r\n" \
	"TEL;type=HOME;type=VOICE:555-0100\r\n"				\
	"UID:6F1C2E7A-0B4D-4C55-9A39-IMPORT00002\r\nEND:VCARD\r\n"	\
	"BEGIN:VCARD\r\nVERSION:3.0\r\nN:;;;;\r\nFN:\r\n"		\
	"EMAIL;type=INTERNET:nobody@import.example\r\nEND:VCARD\r\n"

/* Outlook's vCard 2.1: Windows-1252 in QUOTED-PRINTABLE. */
#define OUTLOOK_VCF							\
	"BEGIN:VCARD\r\nVERSION:2.1\r\n"				\
	"N;LANGUAGE=de;CHARSET=Windows-1252;ENCODING=QUOTED-PRINTABLE:"	\
	"M=FCller;J=FCrgen\r\n"						\
	"FN;CHARSET=Windows-1252;ENCODING=QUOTED-PRINTABLE:"		\
	"J=FCrgen M=FCller\r\n"						\
	"TITLE:Leiter IT\r\n"						\
	"TEL;WORK;VOICE:+49 89 1234567\r\n"				\
	"ADR;WORK;PREF;CHARSET=Windows-1252;ENCODING=QUOTED-PRINTABLE:"	\
	";;Hauptstra=DFe 5;M=FCnchen;;80331;Deutschland\r\n"		\
	"EMAIL;PREF;INTERNET:juergen.mueller@import.example\r\n"	\
	"END:VCARD\r\n"

/* An Outlook CSV export, English headers (saved as UTF-16 with a mark). */
#define OUTLOOK_CSV							\
	"\"Title\",\"First Name\",\"Middle Name\",\"Last Name\","	\
	"\"Suffix\",\"Company\",\"Job Title\",\"Business Street\","	\
	"\"Business City\",\"Business State\",\"Business Postal Code\","\
	"\"Business Country/Region\",\"Business Phone\","		\
	"\"Mobile Phone\",\"E-mail Address\"\r\n"			\
	"\"Dr.\",\"Zo\xc3\xab\",\"\",\"\xc3\x85ngstr\xc3\xb6m\",\"\","	\
	"\"Riverside Health\",\"Chief of Staff\",\"1 Clinic Rd\","	\
	"\"Springfield\",\"IL\",\"62702\",\"United States of America\","\
	"\"(217) 555-0102\",\"+1 217 555 0101\","			\
	"\"zoe.angstrom@import.example\"\r\n"

static void
write_file(const char *name, const char *data, size_t len)
{
	char	*path = util_path_join(dir, name);
	FILE	*fp = fopen(path, "wb");

	assert_non_null(fp);
	assert_int_equal(fwrite(data, 1, len, fp), len);
	assert_int_equal(fclose(fp), 0);
	free(path);
}

static void
write_text(const char *name, const char *text)
{
	write_file(name, text, strlen(text));
}

/* text (UTF-8) written as UTF-16LE with its byte order mark. */
static void
write_utf16(const char *name, const char *text)
{
	iconv_t	 cd = iconv_open("UTF-16LE", "UTF-8");
	size_t	 inleft = strlen(text), outleft = inleft * 2 + 2;
	char	*buf = xmalloc(outleft), *in = (char *)text, *out = buf + 2;

	assert_true(cd != (iconv_t)-1);
	buf[0] = '\xff';
	buf[1] = '\xfe';
	outleft -= 2;
	assert_true(iconv(cd, &in, &inleft, &out, &outleft) != (size_t)-1);
	iconv_close(cd);
	write_file(name, buf, (size_t)(out - buf));
	free(buf);
}

static char *
path_of(const char *name)
{
	return (util_path_join(dir, name));
}

/* The line number of the first line of text that starts with needle. */
static long
line_of(const char *text, const char *needle)
{
	const char	*p = strstr(text, needle), *q;
	long		 line = 1;

	assert_non_null(p);
	for (q = text; q < p; q++)
		if (*q == '\n')
			line++;
	return (line);
}

/* Run "import" as role with args (NULL-terminated) after "import". */
static struct testrun
import_as(const char *role, ...)
{
	struct testrun	r;
	va_list		ap;

	va_start(ap, role);
	r = testrun_va(&demo, NULL, role, "import", ap);
	va_end(ap);
	return (r);
}

static char *
events(void)
{
	return (testsql_value(demo.admin, "SELECT count(*) FROM "
	    "sb.domain_events", NULL));
}

#define ASSERT_EVENTS(before) do {					\
	char	*now_ = events();					\
	assert_string_equal(now_, (before));				\
	free(now_);							\
} while (0)

#define ASSERT_HAS(text, want) do {					\
	if (strstr((text), (want)) == NULL)				\
		fail_msg("no \"%s\" in:\n%s", (want), (text));		\
} while (0)

static int
setup(void **state)
{
	(void)state;
	assert_non_null(mkdtemp(dir));
	testdemo_start(&demo);
	riverside = testroles_org(demo.admin, RIVERSIDE);
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	free(riverside);
	testdemo_stop(&demo);
	return util_rmtree(dir);
}

/* The Apple file with Ida's title and any extra lines of her card. */
static char *
apple_file(const char *title, const char *extra)
{
	char	*ida = xasprintf(APPLE_CARD_IDA, title, extra);
	char	*all = xasprintf("%s%s", ida, APPLE_REST);

	free(ida);
	return (all);
}

static void
test_import_preview_and_dry_run_write_nothing(void **state)
{
	struct testrun	 r;
	char		*text = apple_file("Charge Nurse", ""), *path, *before;
	char		*want;

	(void)state;
	write_text("preview.vcf", text);
	path = path_of("preview.vcf");
	before = events();
	r = import_as(PROVIDER, path, "--org", RIVERSIDE, "--dry-run", NULL);
	assert_int_equal(r.status, 0);
	ASSERT_HAS(r.out, "(vCard, 3 records): 2 new, 0 matched, 0 updated, "
	    "0 unchanged, 1 skipped");
	want = xasprintf("line %ld: skipped: a contact needs a first or a "
	    "last name", line_of(text, "BEGIN:VCARD\r\nVERSION:3.0\r\nN:;;"));
	ASSERT_HAS(r.out, want);
	free(want);
	want = xasprintf("line %ld: left out: phone \"555-0100\": the "
	    "number has no country code", line_of(text,
	    "BEGIN:VCARD\r\nVERSION:3.0\r\nN:Jansen"));
	ASSERT_HAS(r.out, want);
	free(want);
	ASSERT_HAS(r.out, "dry run: nothing was written");
	ASSERT_EVENTS(before);
	ASSERT_SQL(demo.admin, "0", "SELECT count(*) FROM sb.emails WHERE "
	    "address = 'ida.imker@import.example'");
	testrun_free(&r);
	free(before);
	free(path);
	free(text);
}

/* Ida's contact as "title|email type,...|phone type e164 primary,...". */
static char *
ida(void)
{
	return (testsql_value(demo.admin, "SELECT c.title || '|' || (SELECT "
	    "string_agg(e.address || ' ' || e.type || ' ' || e.is_primary, ','"
	    " ORDER BY e.address) FROM sb.emails e WHERE e.contact_id = c.id)"
	    " || '|' || (SELECT string_agg(p.type || ' ' || p.e164 || ' ' || "
	    "l.is_primary, ',' ORDER BY p.e164) FROM sb.contact_phones l JOIN "
	    "sb.phones p ON p.id = l.phone_id WHERE l.contact_id = c.id AND "
	    "l.deleted_at IS NULL) || '|' || (SELECT string_agg(concat_ws(';',"
	    " a.street1, a.city, a.postal_code, a.country, a.type), ',') FROM "
	    "sb.contact_addresses l JOIN sb.addresses a ON a.id = l.address_id"
	    " WHERE l.contact_id = c.id AND l.deleted_at IS NULL) || '|' || "
	    "c.source_system || ' ' || c.source_record_id || '|' || (SELECT "
	    "string_agg(o.role, ',') FROM sb.organization_contacts o WHERE "
	    "o.contact_id = c.id AND o.organization_id = "
	    "c.owner_organization_id AND o.deleted_at IS NULL) FROM "
	    "sb.contacts c WHERE c.first_name = 'Ida' AND c.last_name = "
	    "'Imker' AND c.deleted_at IS NULL AND c.owner_organization_id = "
	    "$1", riverside, NULL));
}

static void
test_import_lands_then_changes_nothing_then_updates(void **state)
{
	struct testrun	 r;
	char		*text = apple_file("Charge Nurse", ""), *path, *before;
	char		*v;

	(void)state;
	write_text("apple.vcf", text);
	path = path_of("apple.vcf");
	r = import_as(PROVIDER, path, "--org", RIVERSIDE, "--yes", NULL);
	assert_int_equal(r.status, 0);
	ASSERT_HAS(r.out, "imported ");
	ASSERT_HAS(r.out, "2 new, 0 matched, 0 updated, 0 unchanged, "
	    "1 skipped");
	testrun_free(&r);
	v = ida();
	assert_non_null(v);
	assert_string_equal(v, "Charge Nurse|ida.imker@import.example work "
	    "true|office +442079460461 false,mobile +447700900461 true|"
	    "12 Mill Lane;London;EC1A 1BB;GB;physical|vcard "
	    "6F1C2E7A-0B4D-4C55-9A39-IMPORT00001|stakeholder");
	free(v);
	ASSERT_SQL(demo.admin, "personal", "SELECT type FROM sb.emails WHERE "
	    "address = 'jonas.jansen@import.example'");

	/* The same file again: nothing to do, no event. */
	before = events();
	r = import_as(PROVIDER, path, "--org", RIVERSIDE, "--yes", NULL);
	assert_int_equal(r.status, 0);
	ASSERT_HAS(r.out, "0 new, 0 matched, 0 updated, 2 unchanged, "
	    "1 skipped");
	ASSERT_EVENTS(before);
	testrun_free(&r);

	/* A newer export under another name updates the same contact. */
	free(text);
	text = apple_file("Ward Manager", "EMAIL;type=INTERNET;type=HOME:"
	    "ida@home.example\r\n");
	write_text("apple (2).vcf", text);
	free(path);
	path = path_of("apple (2).vcf");
	r = import_as(PROVIDER, path, "--org", RIVERSIDE, "--yes", NULL);
	assert_int_equal(r.status, 0);
	ASSERT_HAS(r.out, "0 new, 0 matched, 1 updated, 1 unchanged");
	testrun_free(&r);
	ASSERT_SQL(demo.admin, "1", "SELECT count(*) FROM sb.contacts WHERE "
	    "source_record_id = '6F1C2E7A-0B4D-4C55-9A39-IMPORT00001' AND "
	    "deleted_at IS NULL");
	v = ida();
	assert_non_null(v);
	assert_true(strncmp(v, "Ward Manager|ida.imker@import.example work "
	    "true,ida@home.example personal false|", 64) == 0);
	free(v);
	free(before);
	free(path);
	free(text);
}

/*
 * A file of more records than a transaction takes lands whole, batch by
 * batch, and again changes nothing.
 */
static void
test_import_in_batches(void **state)
{
	struct testrun	 r;
	char		*path = path_of("batches.vcf"), *want;
	size_t		 i, n = 2 * STORE_IMPORT_BATCH + 7;
	FILE		*fp;

	(void)state;
	assert_non_null(fp = fopen(path, "w"));
	for (i = 0; i < n; i++)
		fprintf(fp, "BEGIN:VCARD\r\nVERSION:3.0\r\n"
		    "N:Batch%zu;Bo;;;\r\nFN:Bo Batch%zu\r\n"
		    "EMAIL:bo.batch%zu@import.example\r\n"
		    "UID:batch-%zu\r\nEND:VCARD\r\n", i, i, i, i);
	assert_int_equal(fclose(fp), 0);
	want = xasprintf("%zu new, 0 matched, 0 updated, 0 unchanged", n);
	/* Bo Batch1 and Bo Batch2 are close names: created all the same. */
	r = import_as(PROVIDER, path, "--org", RIVERSIDE, "--close-names",
	    "create", "--yes", NULL);
	assert_int_equal(r.status, 0);
	ASSERT_HAS(r.out, want);
	testrun_free(&r);
	free(want);
	want = xasprintf("%zu", n);
	ASSERT_SQL(demo.admin, want, "SELECT count(*) FROM sb.contacts c "
	    "JOIN sb.organization_contacts oc ON oc.contact_id = c.id WHERE "
	    "c.last_name LIKE 'Batch%'");
	free(want);
	/* A transaction a batch: two whole ones and the 7 records left. */
	ASSERT_SQL(demo.admin, "3", "SELECT count(DISTINCT e.xact_id) "
	    "FROM sb.domain_events e JOIN sb.contacts c ON c.id = e.stream_id "
	    "WHERE c.last_name LIKE 'Batch%'");
	want = xasprintf("0 new, 0 matched, 0 updated, %zu unchanged", n);
	r = import_as(PROVIDER, path, "--org", RIVERSIDE, "--yes", NULL);
	assert_int_equal(r.status, 0);
	ASSERT_HAS(r.out, want);
	testrun_free(&r);
	free(want);
	free(path);
}

static void
test_import_google_csv_links_a_match_by_email(void **state)
{
	struct testrun	 r;
	char		*email, *id, *csv, *path;

	(void)state;
	/* A contact Riverside does not link, with an address of its own. */
	email = testsql_value(demo.admin, "SELECT min(e.address) FROM "
	    "sb.emails e JOIN sb.contacts c ON c.id = e.contact_id WHERE "
	    "c.deleted_at IS NULL AND c.active AND NOT EXISTS (SELECT 1 FROM "
	    "sb.organization_contacts o WHERE o.contact_id = c.id AND "
	    "o.organization_id = $1) AND (SELECT count(*) FROM sb.emails x "
	    "WHERE lower(x.address) = lower(e.address)) = 1", riverside, NULL);
	assert_non_null(email);
	id = testsql_value(demo.admin, "SELECT contact_id FROM sb.emails "
	    "WHERE address = $1", email, NULL);
	csv = xasprintf("First Name,Middle Name,Last Name,Organization Name,"
	    "Organization Title,E-mail 1 - Label,E-mail 1 - Value,"
	    "Phone 1 - Label,Phone 1 - Value,Address 1 - Label,"
	    "Address 1 - Street,Address 1 - City,Address 1 - Country\n"
	    "Hiroko,,Zzharbor,Harbor Imaging,Radiologist,Work,"
	    "kenji@import.example,Mobile,+1 503 555 0188,Work,1 Harbor Way,"
	    "Portland,US\n"
	    "Someone,,Else,,,* Work,%s,,,,,,\n", email);
	write_text("google.csv", csv);
	path = path_of("google.csv");
	r = import_as(PROVIDER, path, "--org", RIVERSIDE, "--role",
	    "technical", "--yes", NULL);
	assert_int_equal(r.status, 0);
	ASSERT_HAS(r.out, "(Google Contacts, 2 records): 1 new, 1 matched, "
	    "0 updated, 0 unchanged, 0 skipped");
	testrun_free(&r);
	ASSERT_SQL(demo.admin, "1", "SELECT count(*) FROM sb.emails WHERE "
	    "lower(address) = lower($1)", email, NULL);
	ASSERT_SQL(demo.admin, "technical", "SELECT role FROM "
	    "sb.organization_contacts WHERE organization_id = $1 AND "
	    "contact_id = $2 AND deleted_at IS NULL", riverside, id, NULL);
	ASSERT_SQL(demo.admin, "0", "SELECT count(*) FROM sb.contacts WHERE "
	    "first_name = 'Someone' AND last_name = 'Else'");
	ASSERT_SQL(demo.admin, "Radiologist mobile +15035550188 US csv:google",
	    "SELECT c.title || ' ' || p.type || ' ' || p.e164 || ' ' || "
	    "a.country || ' ' || c.source_system FROM sb.contacts c JOIN "
	    "sb.contact_phones l ON l.contact_id = c.id JOIN sb.phones p ON "
	    "p.id = l.phone_id JOIN sb.contact_addresses k ON k.contact_id = "
	    "c.id JOIN sb.addresses a ON a.id = k.address_id WHERE "
	    "c.last_name = 'Zzharbor' AND c.first_name = 'Hiroko'");
	/* Again: the link is there, nothing to do. */
	r = import_as(PROVIDER, path, "--org", RIVERSIDE, "--role",
	    "technical", "--yes", NULL);
	assert_int_equal(r.status, 0);
	ASSERT_HAS(r.out, "0 new, 0 matched, 0 updated, 2 unchanged");
	testrun_free(&r);
	free(path);
	free(csv);
	free(id);
	free(email);
}

static void
test_import_outlook_files(void **state)
{
	struct testrun	 r;
	char		*csv, *vcf;

	(void)state;
	write_utf16("outlook.csv", OUTLOOK_CSV);
	write_text("outlook.vcf", OUTLOOK_VCF);
	csv = path_of("outlook.csv");
	vcf = path_of("outlook.vcf");
	r = import_as(PROVIDER, csv, vcf, "--org", RIVERSIDE, "--country",
	    "US", "--yes", NULL);
	assert_int_equal(r.status, 0);
	ASSERT_HAS(r.out, "(Outlook, 1 records): 1 new");
	ASSERT_HAS(r.out, "(vCard, 1 records): 1 new");
	testrun_free(&r);
	ASSERT_SQL(demo.admin, "Chief of Staff|+12175550101 mobile,"
	    "+12175550102 office|Springfield US csv:outlook",
	    "SELECT c.title || '|' || (SELECT string_agg(p.e164 || ' ' || "
	    "p.type, ',' ORDER BY p.e164) FROM sb.contact_phones l JOIN "
	    "sb.phones p ON p.id = l.phone_id WHERE l.contact_id = c.id) || "
	    "'|' || a.city || ' ' || a.country || ' ' || c.source_system "
	    "FROM sb.contacts c JOIN sb.contact_addresses k ON k.contact_id = "
	    "c.id JOIN sb.addresses a ON a.id = k.address_id WHERE "
	    "c.first_name = 'Zo\xc3\xab' AND c.last_name = "
	    "'\xc3\x85ngstr\xc3\xb6m'");
	ASSERT_SQL(demo.admin, "Leiter IT|juergen.mueller@import.example work"
	    "|+49891234567 office|Hauptstra\xc3\x9f" "e 5 M\xc3\xbcnchen DE",
	    "SELECT c.title || '|' || e.address || ' ' || e.type || '|' || "
	    "p.e164 || ' ' || p.type || '|' || a.street1 || ' ' || a.city || "
	    "' ' || a.country FROM sb.contacts c JOIN sb.emails e ON "
	    "e.contact_id = c.id JOIN sb.contact_phones l ON l.contact_id = "
	    "c.id JOIN sb.phones p ON p.id = l.phone_id JOIN "
	    "sb.contact_addresses k ON k.contact_id = c.id JOIN sb.addresses a"
	    " ON a.id = k.address_id WHERE c.first_name = 'J\xc3\xbcrgen' AND "
	    "c.last_name = 'M\xc3\xbcller'");
	free(csv);
	free(vcf);
}

static void
test_import_column_map_gives_roles(void **state)
{
	struct testrun	 r;
	char		*csv, *map, *want;
	const char	*text = "Nr;Vorname;Nachname;Rolle;Mail\n"
	    "K-1;Mara;Mapper;billing;mara.mapper@import.example\n"
	    "K-2;Max;Mapper;boss;max.mapper@import.example\n";

	(void)state;
	write_text("crm.csv", text);
	write_text("crm.yaml", "source_id: Nr\nfirst_name: Vorname\n"
	    "last_name: Nachname\nrole: Rolle\nemails:\n  - column: Mail\n");
	csv = path_of("crm.csv");
	map = path_of("crm.yaml");
	r = import_as(PROVIDER, csv, "--map", map, "--org", RIVERSIDE,
	    "--yes", NULL);
	assert_int_equal(r.status, 0);
	ASSERT_HAS(r.out, "(Column map, 2 records): 1 new, 0 matched, "
	    "0 updated, 0 unchanged, 1 skipped");
	want = xasprintf("line %ld: skipped: there is no role boss",
	    line_of(text, "K-2"));
	ASSERT_HAS(r.out, want);
	free(want);
	testrun_free(&r);
	ASSERT_SQL(demo.admin, "billing csv:column K-1", "SELECT o.role || "
	    "' ' || c.source_system || ' ' || c.source_record_id FROM "
	    "sb.contacts c JOIN sb.organization_contacts o ON o.contact_id = "
	    "c.id WHERE c.first_name = 'Mara' AND c.last_name = 'Mapper'");
	ASSERT_SQL(demo.admin, "0", "SELECT count(*) FROM sb.contacts WHERE "
	    "first_name = 'Max' AND last_name = 'Mapper'");
	free(csv);
	free(map);
}

/* Import path on a terminal, answer the question; the exit status. */
static int
import_answer(const char *path, const char *answer)
{
	const char *const	 argv[] = { demo.program, "import", path,
	    "--org", RIVERSIDE, NULL };
	const char *const	 envp[] = { demo.env_host, demo.env_port,
	    "PGDATABASE=" CLUSTER_DATABASE, "PGUSER=" PROVIDER,
	    demo.env_home, "TERM=xterm-256color", "LC_ALL=C.UTF-8", NULL };
	struct screen		*s = screen_spawn(argv, envp, 24, 100);
	int			 status;

	WAIT_TEXT(s, "preview ");
	WAIT_TEXT(s, "Import these contacts into \"Riverside Health\"? "
	    "[y/N]");
	screen_send(s, answer);
	screen_key(s, SCREEN_KEY_ENTER);
	status = screen_wait_exit(s, WAIT_MS);
	if (!WIFEXITED(status))
		fail_msg("import did not exit");
	screen_free(s);
	return (WEXITSTATUS(status));
}

static void
test_import_asks_on_a_terminal(void **state)
{
	char	*path, *before;

	(void)state;
	write_text("asked.vcf", "BEGIN:VCARD\r\nVERSION:3.0\r\n"
	    "N:Asked;Anna;;;\r\nFN:Anna Asked\r\nEND:VCARD\r\n");
	path = path_of("asked.vcf");
	before = events();
	assert_int_equal(import_answer(path, "n"), 1);
	ASSERT_EVENTS(before);
	assert_int_equal(import_answer(path, "y"), 0);
	ASSERT_SQL(demo.admin, "1", "SELECT count(*) FROM sb.contacts WHERE "
	    "first_name = 'Anna' AND last_name = 'Asked'");
	free(before);
	free(path);
}

/* Run import on path: refused at once with exit 3, nothing written. */
static void
assert_refused_file(const char *path, const char *why)
{
	struct testrun	 r;
	char		*before = events();
	time_t		 start = time(NULL);

	r = import_as(PROVIDER, path, "--org", RIVERSIDE, "--yes", NULL);
	assert_int_equal(r.status, 3);
	ASSERT_HAS(r.err, why);
	ASSERT_HAS(r.err, "nothing was imported");
	assert_true(time(NULL) - start < 20);
	ASSERT_EVENTS(before);
	testrun_free(&r);
	free(before);
}

static void
test_import_refuses_what_is_no_text_file(void **state)
{
	char	*fifo = path_of("fifo.vcf"), *sub = path_of("folder.vcf");
	char	*bin = path_of("binary.csv");

	(void)state;
	assert_int_equal(mkfifo(fifo, 0600), 0);
	assert_int_equal(mkdir(sub, 0700), 0);
	write_file("binary.csv", "PK\x03\x04\0\0\x08\0binary", 16);
	assert_refused_file(fifo, "fifo.vcf");
	assert_refused_file(sub, "folder.vcf");
	assert_refused_file(bin, "binary.csv");
	free(fifo);
	free(sub);
	free(bin);
}

static void
test_import_asks_or_refuses_words(void **state)
{
	struct testrun	 r;
	char		*path;

	(void)state;
	write_text("words.vcf", APPLE_REST);
	path = path_of("words.vcf");
	/* No terminal to ask on, and neither --yes nor --dry-run. */
	r = import_as(PROVIDER, path, "--org", RIVERSIDE, NULL);
	assert_int_equal(r.status, 2);
	ASSERT_HAS(r.err, "add --yes to import, or --dry-run");
	testrun_free(&r);
	r = import_as(PROVIDER, path, "--org", RIVERSIDE, "--role", "boss",
	    "--dry-run", NULL);
	assert_int_equal(r.status, 2);
	ASSERT_HAS(r.err, "\"boss\" is not a role; the roles are billing, ");
	testrun_free(&r);
	r = import_as(PROVIDER, path, "--org", RIVERSIDE, "--format", "xml",
	    "--dry-run", NULL);
	assert_int_equal(r.status, 2);
	ASSERT_HAS(r.err, "\"xml\" is not a format; the formats are vcard "
	    "and csv");
	testrun_free(&r);
	r = import_as(PROVIDER, path, "--dry-run", NULL);
	assert_int_equal(r.status, 2);
	ASSERT_HAS(r.err, "usage: switchboard import FILE... --org NAME");
	testrun_free(&r);
	free(path);
}

static void
test_import_by_kind_of_person(void **state)
{
	struct testrun	 r;
	char		*path, *before, *outside, *name;

	(void)state;
	write_text("people.vcf", "BEGIN:VCARD\r\nVERSION:3.0\r\n"
	    "N:Kindtest;Karla;;;\r\nFN:Karla Kindtest\r\n"
	    "EMAIL:karla.kindtest@import.example\r\nEND:VCARD\r\n");
	path = path_of("people.vcf");
	outside = testroles_org_outside(demo.admin, PROVIDER, 0, &name);
	before = events();
	r = import_as(PROVIDER, path, "--org", name, "--yes", NULL);
	assert_int_equal(r.status, 3);
	ASSERT_HAS(r.err, "refused");
	testrun_free(&r);
	r = import_as(DEMO_ROLE_SUPPORT, path, "--org", RIVERSIDE, "--yes",
	    NULL);
	assert_int_equal(r.status, 3);
	ASSERT_HAS(r.err, "refused: you may not import contacts into "
	    "\"Riverside Health\"");
	ASSERT_HAS(r.err, "read-only access");
	testrun_free(&r);
	ASSERT_EVENTS(before);
	r = import_as(DEMO_ROLE_PARTNER, path, "--org", NORTHWIND, "--yes",
	    NULL);
	assert_int_equal(r.status, 0);
	ASSERT_HAS(r.out, "1 new");
	testrun_free(&r);
	ASSERT_SQL(demo.admin, NORTHWIND, "SELECT o.name FROM sb.contacts c "
	    "JOIN sb.organizations o ON o.id = c.owner_organization_id WHERE "
	    "c.last_name = 'Kindtest'");
	r = import_as(PROVIDER, path, "--org", RIVERSIDE, "--yes", NULL);
	assert_int_equal(r.status, 0);
	ASSERT_HAS(r.out, "0 new, 1 matched");
	testrun_free(&r);
	free(before);
	free(outside);
	free(name);
	free(path);
}

/* How many contacts are called last, and their links' roles at org. */
static char *
close_state(const char *last, const char *org)
{
	return (testsql_value(demo.admin, "SELECT (SELECT count(*) FROM "
	    "sb.contacts WHERE last_name = $1) || ' ' || coalesce((SELECT "
	    "string_agg(l.role, ',' ORDER BY l.role) FROM "
	    "sb.organization_contacts l JOIN sb.contacts c ON c.id = "
	    "l.contact_id JOIN sb.organizations o ON o.id = l.organization_id "
	    "WHERE c.last_name = $1 AND o.name = $2 AND l.deleted_at IS "
	    "NULL), '')", last, org, NULL));
}

#define ASSERT_CLOSE(last, org, want) do {				\
	char	*s_ = close_state((last), (org));			\
	assert_string_equal(s_, (want));				\
	free(s_);							\
} while (0)

/*
 * A record with no email or phone whose name is close to that of a
 * contact the importer sees is left out and named in the preview and the
 * report, until --close-names links it to that contact or creates it; one
 * the importer does not see is never told of. As the provider admin and
 * as the partner admin.
 */
static void
test_import_close_names(void **state)
{
	struct testrun	 r;
	char		*path, *before, *id, *outside;

	(void)state;
	id = testsql_value(demo.admin, "SELECT sb.contact_create('Odalys', "
	    "'Zzimport')::text", NULL);
	free(testsql_value(demo.admin, "SELECT sb.organization_contact_link("
	    "$1, $2, 'billing')::text", riverside, id, NULL));
	free(id);
	write_text("close.csv", "First Name,Middle Name,Last Name,E-mail 1 - "
	    "Value\nOdalis,,Zzimport,\n");
	path = path_of("close.csv");
	before = events();
	r = import_as(PROVIDER, path, "--org", RIVERSIDE, "--dry-run", NULL);
	ASSERT_RUN(r, 0, "0 new, 0 matched, 0 updated, 0 unchanged, 1 "
	    "skipped", "");
	ASSERT_HAS(r.out, "line 2: skipped: Odalis Zzimport is close to "
	    "Odalys Zzimport (Riverside Health (billing)): left out until you "
	    "decide");
	ASSERT_HAS(r.err, "1 record was left out for a name close to a "
	    "contact's you see: --close-names link links it to that contact");
	testrun_free(&r);
	r = import_as(PROVIDER, path, "--org", RIVERSIDE, "--yes", NULL);
	assert_int_equal(r.status, 0);
	ASSERT_HAS(r.out, "1 skipped");
	testrun_free(&r);
	ASSERT_EVENTS(before);
	free(before);
	r = import_as(PROVIDER, path, "--org", RIVERSIDE, "--close-names",
	    "maybe", "--yes", NULL);
	assert_int_equal(r.status, 2);
	ASSERT_HAS(r.err, "\"maybe\" is not a --close-names choice; the "
	    "--close-names choices are ask, link and create");
	testrun_free(&r);
	/* Linked: the contact there gets the import's role, no new one. */
	r = import_as(PROVIDER, path, "--org", RIVERSIDE, "--role", "technical",
	    "--close-names", "link", "--yes", NULL);
	assert_int_equal(r.status, 0);
	ASSERT_HAS(r.out, "0 new, 1 matched");
	testrun_free(&r);
	ASSERT_CLOSE("Zzimport", RIVERSIDE, "1 billing,technical");
	/* The partner admin sees Riverside's contact too: asked, then made. */
	r = import_as(DEMO_ROLE_PARTNER, path, "--org", NORTHWIND, "--yes",
	    NULL);
	assert_int_equal(r.status, 0);
	ASSERT_HAS(r.out, "Odalis Zzimport is close to Odalys Zzimport");
	testrun_free(&r);
	r = import_as(DEMO_ROLE_PARTNER, path, "--org", NORTHWIND,
	    "--close-names", "create", "--yes", NULL);
	assert_int_equal(r.status, 0);
	ASSERT_HAS(r.out, "1 new");
	testrun_free(&r);
	ASSERT_CLOSE("Zzimport", NORTHWIND, "2 stakeholder");
	/* Imported again, it is itself: unchanged, not close to anyone. */
	r = import_as(DEMO_ROLE_PARTNER, path, "--org", NORTHWIND, "--yes",
	    NULL);
	assert_int_equal(r.status, 0);
	ASSERT_HAS(r.out, "0 new, 0 matched, 0 updated, 1 unchanged, 0 "
	    "skipped");
	testrun_free(&r);
	/* A name only another organization has is not told of. */
	outside = testroles_org_outside(demo.admin, PROVIDER, 1, NULL);
	id = testsql_value(demo.admin, "SELECT sb.contact_create('Quentin', "
	    "'Zzhidden')::text", NULL);
	free(testsql_value(demo.admin, "SELECT sb.organization_contact_link("
	    "$1, $2, 'billing')::text", outside, id, NULL));
	free(id);
	free(outside);
	write_text("hidden.csv", "First Name,Middle Name,Last Name,E-mail 1 - "
	    "Value\nQuentin,,Zzhidden,\n");
	free(path);
	path = path_of("hidden.csv");
	r = import_as(PROVIDER, path, "--org", RIVERSIDE, "--yes", NULL);
	assert_int_equal(r.status, 0);
	ASSERT_HAS(r.out, "1 new");
	assert_null(strstr(r.out, "close"));
	testrun_free(&r);
	free(path);
}

static void
test_import_attacked_in_sql(void **state)
{
	PGconn	*prov = testdb_connect(demo.tdb, PROVIDER);
	char	*outside, *theirs, *e;

	(void)state;
	outside = testroles_org_outside(demo.admin, PROVIDER, 1, NULL);
	/* Another organization's contact, imported with a known id. */
	ASSERT_SQL(demo.admin, "created", "SELECT sb.contact_import($1, "
	    "'stakeholder', 'vcard', 'shared-uid', '{\"first_name\": "
	    "\"Olga\", \"last_name\": \"Owned\"}')", outside, NULL);
	theirs = testsql_value(demo.admin, "SELECT id FROM sb.contacts WHERE "
	    "source_record_id = 'shared-uid'", NULL);
	/* Importing into their organization is refused as for a missing one. */
	e = testsql_error(prov, "SELECT sb.contact_import($1, 'stakeholder',"
	    " 'vcard', 'x', '{\"first_name\": \"Eve\"}')", outside, NULL);
	assert_true(testsql_is(e, "SB003") || testsql_is(e, "42501"));
	free(e);
	/* Their source id neither finds nor changes their contact. */
	ASSERT_SQL(prov, "created", "SELECT sb.contact_import($1, "
	    "'stakeholder', 'vcard', 'shared-uid', '{\"first_name\": "
	    "\"Mallory\", \"last_name\": \"Takeover\", "
	    "\"owner_organization_id\": "
	    "\"00000000-0000-0000-0000-000000000000\"}')", riverside, NULL);
	ASSERT_SQL(demo.admin, "Olga Owned", "SELECT first_name || ' ' || "
	    "last_name FROM sb.contacts WHERE id = $1", theirs, NULL);
	ASSERT_SQL(demo.admin, "0", "SELECT count(*) FROM "
	    "sb.organization_contacts WHERE contact_id = $1 AND "
	    "organization_id = $2", theirs, riverside, NULL);
	ASSERT_SQL(demo.admin, "1", "SELECT count(*) FROM sb.contacts WHERE "
	    "last_name = 'Takeover' AND owner_organization_id = $1",
	    riverside, NULL);
	/* The helpers are not the person's to call, nor the columns to set. */
	ASSERT_SQLSTATE(prov, "42501", "SELECT sb.contact_import_items($1, "
	    "'{}')", theirs, NULL);
	ASSERT_SQLSTATE(prov, "42501", "UPDATE sb.contacts SET "
	    "source_record_id = 'x' WHERE id = $1", theirs, NULL);
	ASSERT_SQLSTATE(prov, "SB004", "SELECT sb.contact_import($1, "
	    "'stakeholder', 'vcard', '', '{}')", riverside, NULL);
	ASSERT_SQLSTATE(prov, "SB004", "SELECT sb.contact_import($1, "
	    "'stakeholder', 'vcard', 'y', '{\"first_name\": \"Eve\"}', "
	    "'overwrite')", riverside, NULL);
	/* Asked about a name it does not see, it is not told of it. */
	ASSERT_SQL(prov, "created", "SELECT sb.contact_import($1, "
	    "'stakeholder', 'vcard', 'z', '{\"first_name\": \"Olga\", "
	    "\"last_name\": \"Owned\"}', 'ask')", riverside, NULL);
	PQfinish(prov);
	free(theirs);
	free(outside);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_import_preview_and_dry_run_write_nothing),
		cmocka_unit_test(
		    test_import_lands_then_changes_nothing_then_updates),
		cmocka_unit_test(test_import_google_csv_links_a_match_by_email),
		cmocka_unit_test(test_import_outlook_files),
		cmocka_unit_test(test_import_column_map_gives_roles),
		cmocka_unit_test(test_import_asks_on_a_terminal),
		cmocka_unit_test(test_import_refuses_what_is_no_text_file),
		cmocka_unit_test(test_import_asks_or_refuses_words),
		cmocka_unit_test(test_import_by_kind_of_person),
		cmocka_unit_test(test_import_attacked_in_sql),
		cmocka_unit_test(test_import_close_names),
		cmocka_unit_test(test_import_in_batches),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
