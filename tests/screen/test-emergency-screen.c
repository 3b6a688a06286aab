/* Screen tests of the emergency view on the demo data, real binary. */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <libpq-fe.h>

#include "switchboard/demo.h"
#include "switchboard/term-safe.h"
#include "switchboard/util.h"
#include "fixture.h"
#include "screen.h"
#include "testcsv.h"
#include "testdemo.h"
#include "testroles.h"
#include "testsql.h"

/* The program as role, in an 80x24 terminal with the locale given. */
static struct screen *
start(const char *role, const char *locale)
{
	return testdemo_spawn(&demo, role, locale, 24, 80);
}

/* The provider admin's view: Riverside Health only. */
static struct screen *
open_riverside(const char *locale)
{
	struct screen	*s = start(DEMO_ROLE_PROVIDER, locale);

	WAIT_TEXT(s, "Riverside Health");
	screen_send(s, "!");
	WAIT_TEXT(s, "Emergency contacts: 4");
	WAIT_TEXT(s, "Omar Haddad");
	return s;
}

static void
test_riverside_grouped(void **state)
{
	struct screen	*s = open_riverside("C");
	int		 org, helen, omar, jordan;
	char		*row;

	(void)state;
	org = screen_find_row(s, "Riverside Health");
	helen = screen_find_row(s, "Helen Park");
	jordan = screen_find_row(s, "Jordan Blake");
	omar = screen_find_row(s, "Omar Haddad");
	assert_true(org >= 0 && helen == org + 1);
	assert_true(jordan > helen && omar > jordan);
	/* C locale: accents escaped, not dropped. */
	assert_true(screen_contains(s, "Chlo\\u00e9"));
	/* Primary marked; numbers, email and the change date shown. */
	row = screen_row(s, helen);
	assert_non_null(strstr(row, "* "));
	assert_non_null(strstr(row, "(217) 555-0230"));
	assert_non_null(strstr(row, "helen.park@"));
	assert_non_null(strstr(row, "20"));
	free(row);
	row = screen_row(s, omar);
	assert_null(strstr(row, "*"));
	free(row);
	/* The expired locum is not listed. */
	assert_false(screen_contains(s, "Casey Morgan"));
	screen_key(s, SCREEN_KEY_ESC);
	WAIT_GONE(s, "Emergency contacts");
	testdemo_quit(s);
}

/* Base64 of text, as OSC 52 carries it. */
static char *
base64(const char *text)
{
	static const char	 b64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
	    "abcdefghijklmnopqrstuvwxyz0123456789+/";
	const unsigned char	*s = (const unsigned char *)text;
	size_t			 n = strlen(text), i;
	char			*out = xcalloc(1, 4 * (n / 3 + 1) + 1), *o = out;
	unsigned int		 v;

	for (i = 0; i < n; i += 3) {
		v = s[i] << 16 | (i + 1 < n ? s[i + 1] << 8 : 0) |
		    (i + 2 < n ? s[i + 2] : 0);
		*o++ = b64[v >> 18 & 63];
		*o++ = b64[v >> 12 & 63];
		*o++ = i + 1 < n ? b64[v >> 6 & 63] : '=';
		*o++ = i + 2 < n ? b64[v & 63] : '=';
	}
	return out;
}

static bool
bytes_have(struct screen *s, void *arg)
{
	return screen_bytes_contain(s, arg);
}

static void
test_copy(void **state)
{
	struct screen	*s = open_riverside("C.UTF-8");
	char		*b, *want;

	(void)state;
	/* Down from Helen Park: Chloé Martin. */
	screen_bytes_mark(s);
	screen_send(s, "j");
	screen_send(s, "c");
	b = base64("(217) 555-0241");
	want = xasprintf("\033]52;c;%s\a", b);
	assert_true(screen_wait(s, bytes_have, want, WAIT_MS));
	WAIT_TEXT(s, "Copied phone (217) 555-0241");
	free(want);
	free(b);
	screen_send(s, "y");
	b = base64("chloe.martin@riverside.example");
	want = xasprintf("\033]52;c;%s\a", b);
	assert_true(screen_wait(s, bytes_have, want, WAIT_MS));
	free(want);
	free(b);
	testdemo_quit(s);
}

/* The name of an emergency contact marked do-not-contact, and its org. */
static void
dnc_contact(char **name, char **org)
{
	PGresult	*res = PQexec(demo.admin,
	    "SELECT btrim(coalesce(c.first_name, '') || ' ' ||"
	    " coalesce(c.last_name, '')), o.name"
	    " FROM sb.organization_contacts_current oc"
	    " JOIN sb.contacts c ON c.id = oc.contact_id"
	    " JOIN sb.organizations o ON o.id = oc.organization_id"
	    " WHERE oc.role = 'emergency' AND c.active AND c.do_not_contact"
	    " AND c.deleted_at IS NULL ORDER BY o.name LIMIT 1");

	assert_int_equal(PQresultStatus(res), PGRES_TUPLES_OK);
	assert_int_equal(PQntuples(res), 1);
	*name = xstrdup(PQgetvalue(res, 0, 0));
	*org = xstrdup(PQgetvalue(res, 0, 1));
	PQclear(res);
}

static void
test_dnc_shown_and_marked(void **state)
{
	struct screen	*s = start(DEMO_ROLE_SUPER, "C.UTF-8");
	char		*name, *org, *row, prefix[24];
	int		 r;

	(void)state;
	dnc_contact(&name, &org);
	WAIT_TEXT(s, "Atlas Partners");
	screen_send(s, "!");
	WAIT_TEXT(s, "Emergency contacts:");
	screen_send(s, "f");
	snprintf(prefix, sizeof prefix, "%.20s", org);
	screen_send(s, prefix);
	screen_key(s, SCREEN_KEY_ENTER);
	WAIT_TEXT(s, name);
	r = screen_find_row(s, name);
	row = screen_row(s, r);
	assert_non_null(strstr(row, "DNC"));
	free(row);
	testdemo_quit(s);
	free(name);
	free(org);
}

static void
test_marked_organizations(void **state)
{
	struct screen	*s = start(DEMO_ROLE_SUPER, "C.UTF-8");

	(void)state;
	WAIT_TEXT(s, "Atlas Partners");
	screen_send(s, "/Riverside");
	screen_key(s, SCREEN_KEY_ENTER);
	WAIT_GONE(s, "Atlas Partners");
	screen_send(s, " ");
	WAIT_TEXT(s, "1 marked");
	screen_send(s, "/");
	screen_key(s, SCREEN_KEY_ESC);
	screen_send(s, "/Switchboard Op");
	screen_key(s, SCREEN_KEY_ENTER);
	WAIT_GONE(s, "Riverside Health");
	screen_send(s, " ");
	WAIT_TEXT(s, "2 marked");
	screen_send(s, "!");
	WAIT_TEXT(s, "Emergency contacts: 5, 2 marked organizations");
	WAIT_TEXT(s, "Morgan Reyes");
	assert_true(screen_contains(s, "Riverside Health"));
	assert_true(screen_contains(s, "Helen Park"));
	assert_false(screen_contains(s, "Northwind"));
	assert_false(screen_contains(s, "Kenji Watanabe"));
	testdemo_quit(s);
}

static void
test_filters(void **state)
{
	struct screen	*s = start(DEMO_ROLE_SUPER, "C.UTF-8");

	(void)state;
	WAIT_TEXT(s, "Atlas Partners");
	screen_send(s, "!");
	WAIT_TEXT(s, "Emergency contacts:");
	/* By organization name, as typed. */
	screen_send(s, "/northw");
	WAIT_TEXT(s, "Kenji Watanabe");
	WAIT_TEXT(s, "Emergency contacts: 1,");
	assert_false(screen_contains(s, "Helen Park"));
	screen_key(s, SCREEN_KEY_ESC);
	WAIT_GONE(s, "Emergency contacts: 1,");
	/* By phone type: nobody has a fax of their own. */
	screen_send(s, "tfax");
	WAIT_TEXT(s, "No contacts match the filters");
	screen_key(s, SCREEN_KEY_BACKSPACE);
	screen_key(s, SCREEN_KEY_BACKSPACE);
	screen_key(s, SCREEN_KEY_BACKSPACE);
	screen_send(s, "mob");
	screen_key(s, SCREEN_KEY_ENTER);
	WAIT_TEXT(s, "type mob");
	screen_send(s, "/riverside");
	screen_key(s, SCREEN_KEY_ENTER);
	WAIT_TEXT(s, "Emergency contacts: 4,");
	/* Their phones are mobiles only: an office filter leaves nobody. */
	screen_send(s, "t");
	screen_key(s, SCREEN_KEY_BACKSPACE);
	screen_key(s, SCREEN_KEY_BACKSPACE);
	screen_key(s, SCREEN_KEY_BACKSPACE);
	screen_send(s, "office");
	WAIT_TEXT(s, "No contacts match the filters");
	screen_key(s, SCREEN_KEY_ENTER);
	WAIT_TEXT(s, "type office");
	testdemo_quit(s);
}

static char *
slurp(const char *path)
{
	FILE		*f = fopen(path, "rb");
	struct stat	 st;
	char		*buf;
	size_t		 n;

	assert_non_null(f);
	assert_int_equal(fstat(fileno(f), &st), 0);
	buf = xcalloc(1, (size_t)st.st_size + 1);
	n = fread(buf, 1, (size_t)st.st_size, f);
	buf[n] = '\0';
	fclose(f);
	return buf;
}

static void
export_to(struct screen *s, const char *path)
{
	screen_send(s, "w");
	WAIT_TEXT(s, "Export to");
	screen_key_ctrl(s, 'u');
	screen_send(s, path);
	screen_key(s, SCREEN_KEY_ENTER);
}

#define CSV_WIDTH	8

static void
test_export_csv(void **state)
{
	struct screen	*s = open_riverside("C.UTF-8");
	char		*path = util_path_join(fixture_dir, "riverside.csv");
	char		*text, *msg, **rec;
	long		 n, i;

	(void)state;
	export_to(s, path);
	msg = xasprintf("Exported 4 contacts (CSV) to %.20s", path);
	WAIT_TEXT(s, msg);
	free(msg);
	text = slurp(path);
	n = testcsv_read(text, CSV_WIDTH, &rec);
	assert_int_equal(n, 5);
	assert_string_equal(rec[0], "organization");
	assert_string_equal(rec[1], "name");
	/* The rows on screen, in the order on screen. */
	for (i = 1; i < n; i++) {
		assert_string_equal(rec[i * CSV_WIDTH], "Riverside Health");
		assert_true(screen_find_row(s, rec[i * CSV_WIDTH + 1]) >
		    screen_find_row(s, rec[(i - 1) * CSV_WIDTH + 1]));
	}
	assert_string_equal(rec[CSV_WIDTH + 1], "Helen Park");
	assert_string_equal(rec[CSV_WIDTH + 2], "true");
	assert_string_equal(rec[CSV_WIDTH + 3], "(217) 555-0230");
	testcsv_free(rec, n, CSV_WIDTH);
	free(text);

	/* Again: the file exists; no overwrites without a yes. */
	assert_int_equal(truncate(path, 10), 0);
	export_to(s, path);
	WAIT_TEXT(s, "exists. Overwrite? (y/n)");
	screen_send(s, "n");
	WAIT_TEXT(s, "Not exported");
	text = slurp(path);
	assert_int_equal(strlen(text), 10);
	free(text);
	export_to(s, path);
	WAIT_TEXT(s, "exists. Overwrite? (y/n)");
	screen_send(s, "y");
	WAIT_TEXT(s, "Exported 4 contacts");
	text = slurp(path);
	n = testcsv_read(text, CSV_WIDTH, &rec);
	assert_int_equal(n, 5);
	testcsv_free(rec, n, CSV_WIDTH);
	free(text);
	free(path);

	/* A directory that is not there: an error, and no file. */
	path = util_path_join(fixture_dir, "missing/list.csv");
	export_to(s, path);
	WAIT_TEXT(s, "No such directory");
	assert_int_not_equal(access(path, F_OK), 0);
	free(path);
	testdemo_quit(s);
}

/* The view's own count is on screen and is not zero: the list is loaded. */
static bool
list_shown(struct screen *s, void *arg)
{
	(void)arg;
	return screen_contains(s, "Emergency contacts: ") &&
	    !screen_contains(s, "Emergency contacts: 0,");
}

static void
test_export_text(void **state)
{
	struct screen	*s = start(DEMO_ROLE_SUPER, "C.UTF-8");
	char		*path = util_path_join(fixture_dir, "all.txt");
	char		*text, *line, *save = NULL;
	int		 lines = 0;

	(void)state;
	WAIT_TEXT(s, "Atlas Partners");
	screen_send(s, "!");
	assert_true(screen_wait(s, list_shown, NULL, WAIT_MS));
	export_to(s, path);
	WAIT_TEXT(s, "(text) to");
	text = slurp(path);
	if (strstr(text, "Riverside Health\n") == NULL)
		fail_msg("no Riverside Health heading in the sheet:\n%s", text);
	assert_non_null(strstr(text, "Helen Park"));
	assert_non_null(strstr(text, "DNC = DO NOT CONTACT"));
	for (line = strtok_r(text, "\n", &save); line != NULL;
	    line = strtok_r(NULL, "\n", &save), lines++)
		assert_true(term_safe_width(line, TERM_SAFE_UTF8) <= 80);
	assert_true(lines > 10);
	free(text);
	free(path);
	testdemo_quit(s);
}

/* A paste goes into the open prompt as typed, and nowhere else. */
static void
test_paste_in_prompts(void **state)
{
	struct screen	*s = start(DEMO_ROLE_SUPER, "C.UTF-8");
	char		*path = util_path_join(fixture_dir, "pasted.csv");

	(void)state;
	WAIT_TEXT(s, "Atlas Partners");
	screen_send(s, "!");
	assert_true(screen_wait(s, list_shown, NULL, WAIT_MS));
	testdemo_paste(s, "northw");
	WAIT_TEXT(s, "Paste ignored: open a filter, jump or export prompt");
	assert_false(screen_contains(s, "Emergency contacts: 1,"));
	/* The organization filter follows the paste at once. */
	screen_send(s, "/");
	testdemo_paste(s, "northw");
	WAIT_TEXT(s, "Kenji Watanabe");
	WAIT_TEXT(s, "Emergency contacts: 1,");
	screen_key(s, SCREEN_KEY_ESC);
	WAIT_GONE(s, "Emergency contacts: 1,");
	/* A pasted file name is not Enter: the export waits for it. */
	screen_send(s, "w");
	WAIT_TEXT(s, "Export to");
	screen_key_ctrl(s, 'u');
	testdemo_paste(s, path);
	WAIT_TEXT(s, "pasted.csv");
	assert_false(screen_contains(s, "Exported"));
	screen_key(s, SCREEN_KEY_ENTER);
	WAIT_TEXT(s, "(CSV) to");
	assert_int_equal(access(path, F_OK), 0);
	free(path);
	testdemo_quit(s);
}

/* Whether the column headings have no Email: the emails left the rows. */
static bool
emails_below(struct screen *s, void *arg)
{
	char	*row;
	bool	 below;
	int	 r;

	(void)arg;
	if ((r = screen_find_row(s, "Mobile")) < 0)
		return false;
	row = screen_row(s, r);
	below = strstr(row, "Email") == NULL;
	free(row);
	return below;
}

/* Whether some row shows the start of text but not the whole of it. */
static bool
cut_somewhere(struct screen *s, const char *text, size_t start)
{
	char	*row, *prefix = xstrndup(text, start);
	bool	 cut = false;
	int	 r, rows, cols;

	screen_size(s, &rows, &cols);
	for (r = 0; r < rows && !cut; r++) {
		row = screen_row(s, r);
		cut = strstr(row, prefix) != NULL && strstr(row, text) == NULL;
		free(row);
	}
	free(prefix);
	return cut;
}

/*
 * At 80 columns a long mobile number and a long email are shown whole:
 * the mobile column is as wide as the longest number, and names give
 * way first; at 56 the emails leave the rows for a line of their own.
 */
static void
test_numbers_never_cut(void **state)
{
	static const char	 mobile[] = "+49 30 1234 5678 901";
	static const char	 email[] = "rosalind.longname@riverside.example";
	const char		*orgs[] = { riverside, NULL };
	struct screen		*s;
	char			*id, *row;
	int			 r;

	(void)state;
	id = testroles_contact(demo.admin, "Rosalind", "Zzlongname-Whitaker",
	    riverside, "emergency", orgs);
	free(testsql_value(demo.admin, "SELECT sb.contact_phone_add($1, $2,"
	    " 'mobile', make_primary => true)", id, mobile, NULL));
	free(testsql_value(demo.admin, "SELECT sb.contact_email_add($1, $2,"
	    " 'work', true)", id, email, NULL));
	s = start(DEMO_ROLE_PROVIDER, "C.UTF-8");
	WAIT_TEXT(s, "Riverside Health");
	screen_send(s, "!");
	WAIT_TEXT(s, "Emergency contacts: 5");
	WAIT_TEXT(s, "Rosalind");
	r = screen_find_row(s, "Rosalind");
	row = screen_row(s, r);
	if (strstr(row, mobile) == NULL || strstr(row, email) == NULL) {
		screen_dump(s, stdout);
		fail_msg("the number or the email was cut: %s", row);
	}
	free(row);
	/*
	 * Too narrow for the emails beside the names: they leave the rows,
	 * and the selected contact's shows whole below the list.
	 */
	screen_resize(s, 24, 56);
	if (!screen_wait(s, emails_below, NULL, WAIT_MS))
		fail_msg("the emails stayed in the rows at 56 columns");
	testdemo_cursor_to(s, "Rosalind");
	WAIT_TEXT(s, email);
	row = screen_row(s, screen_find_row(s, "Rosalind"));
	if (strstr(row, mobile) == NULL || cut_somewhere(s, email, 10)) {
		screen_dump(s, stdout);
		fail_msg("the number or the email was cut at 56 columns");
	}
	free(row);
	free(id);
	screen_key(s, SCREEN_KEY_ESC);
	WAIT_GONE(s, "Emergency contacts");
	testdemo_quit(s);
}

int
main(void)
{
	const struct CMUnitTest	tests[] = {
		cmocka_unit_test(test_riverside_grouped),
		cmocka_unit_test(test_copy),
		cmocka_unit_test(test_dnc_shown_and_marked),
		cmocka_unit_test(test_marked_organizations),
		cmocka_unit_test(test_filters),
		cmocka_unit_test(test_export_csv),
		cmocka_unit_test(test_export_text),
		cmocka_unit_test(test_paste_in_prompts),
		cmocka_unit_test(test_numbers_never_cut),
	};

	setlocale(LC_ALL, "C.UTF-8");
	return cmocka_run_group_tests(tests, fixture_setup_dir,
	    fixture_teardown_dir);
}
