/* Screen tests of editing: history views, field checks, paste, duplicates. */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include <libpq-fe.h>

#include "switchboard/demo.h"
#include "switchboard/util.h"
#include "fixture.h"
#include "screen.h"
#include "testdemo.h"
#include "testsql.h"

/* Replace the title of the open form and save it. */
static void
save_title(struct screen *s, const char *text)
{
	screen_key(s, SCREEN_KEY_TAB);
	screen_key(s, SCREEN_KEY_TAB);
	screen_key_ctrl(s, 'u');
	screen_key_ctrl(s, 'k');
	screen_send(s, text);
	WAIT_TEXT(s, text);
	screen_key_ctrl(s, 'x');
	/* The status line may still say so from before: wait for the close. */
	assert_true(screen_wait(s, testdemo_gone, "First name", WAIT_MS));
	WAIT_TEXT(s, "Saved (u undoes)");
}

/*
 * Whether a row is an event's header ("... contact.updated  (v3)"), not
 * the details pane beside the history, whose "Changed" line now wraps
 * and may show its own "(v6)".
 */
static bool
history_header(const char *row)
{
	return strstr(row, "contact.") != NULL ||
	    strstr(row, "organization.") != NULL;
}

/*
 * The stream versions of the history's event headers, top to bottom, as
 * drawn: "... (vN)" ends each header row. Returns how many.
 */
static int
history_versions(struct screen *s, long *v, int max)
{
	char	*row, *p;
	int	 rows, cols, r, n = 0;

	screen_size(s, &rows, &cols);
	for (r = 0; r < rows && n < max; r++) {
		row = screen_row(s, r);
		if ((p = strstr(row, "  (v")) != NULL && history_header(row))
			v[n++] = strtol(p + 4, NULL, 10);
		free(row);
	}
	return n;
}

/* The header row above row: the event a change line belongs to. */
static char *
history_header_above(struct screen *s, int row)
{
	char	*text;

	for (; row >= 0; row--) {
		text = screen_row(s, row);
		if (strstr(text, "  (v") != NULL && history_header(text))
			return text;
		free(text);
	}
	return NULL;
}

/*
 * After two edits and one by the superuser, H lists the contact's events
 * newest first, each change with before and after, who and when; the
 * untrusted title with an escape sequence is drawn escaped.
 */
static void
test_contact_history(void **state)
{
	struct screen	*s = fixture_start_riverside();
	char		*name, *id, *hdr, *when;
	long		 v[40];
	int		 n, i, one, two, evil;

	(void)state;
	id = fixture_open_form(s, &name);
	save_title(s, "Hist One");
	screen_send(s, "e");
	WAIT_TEXT(s, "First name");
	save_title(s, "Hist Two");
	free(testsql_value(demo.admin, "SELECT sb.contact_update($1, NULL, "
	    "jsonb_build_object('title', E'Evil\\u001b]0;pwned\\u0007T'))",
	    id, NULL));
	screen_bytes_mark(s);
	screen_send(s, "H");
	WAIT_TEXT(s, "History (newest first)");
	WAIT_TEXT(s, "title: Hist One \u2192 Hist Two");
	/* The frame may arrive in pieces: wait for the oldest line too. */
	WAIT_TEXT(s, "\u2192 Hist One");
	WAIT_TEXT(s, "title: Hist Two \u2192 Evil");
	one = screen_find_row(s, "title: \u2014 \u2192 Hist One");
	if (one < 0)
		one = screen_find_row(s, "\u2192 Hist One");
	two = screen_find_row(s, "title: Hist One \u2192 Hist Two");
	evil = screen_find_row(s, "title: Hist Two \u2192 Evil");
	assert_true(one > 0);
	assert_true(evil > 0 && evil < two && two < one);
	/* Drawn escaped, never as the terminal's own sequence. */
	assert_true(screen_contains(s, "Evil\\x1b]0;pwned\\x07T"));
	assert_false(screen_bytes_contain(s, "\033]0;pwned"));
	assert_false(screen_bytes_contain(s, "\a"));
	/* Who and when: the admin's role and the event's time. */
	hdr = history_header_above(s, two);
	assert_non_null(hdr);
	assert_non_null(strstr(hdr, DEMO_ROLE_PROVIDER));
	assert_non_null(strstr(hdr, "contact.updated"));
	when = testsql_value(demo.admin, "SELECT to_char(recorded_at, "
	    "'YYYY-MM-DD HH24:MI:SS') FROM sb.domain_events WHERE stream_id "
	    "= $1::uuid AND payload->'after'->>'title' = 'Hist Two'", id, NULL);
	assert_non_null(when);
	assert_non_null(strstr(hdr, when));
	free(when);
	free(hdr);
	hdr = history_header_above(s, evil);
	assert_non_null(strstr(hdr, "postgres"));
	free(hdr);
	/* Newest first: the versions drop from the top. */
	n = history_versions(s, v, 40);
	assert_true(n >= 3);
	for (i = 1; i < n; i++)
		assert_true(v[i] < v[i - 1]);
	hdr = testsql_value(demo.admin, "SELECT max(stream_version) FROM "
	    "sb.domain_events WHERE stream_id = $1::uuid", id, NULL);
	assert_int_equal(v[0], atol(hdr));
	free(hdr);
	screen_key(s, SCREEN_KEY_ESC);
	WAIT_TEXT(s, "Name      ");
	free(id);
	free(name);
	testdemo_quit(s);
}

/* H on the organizations pane: the organization's own events. */
static void
test_org_history(void **state)
{
	struct screen	*s = fixture_start_riverside();
	char		*org, *top, *type, want[160];
	long		 v[40];
	int		 n, i;

	(void)state;
	screen_key(s, SCREEN_KEY_BTAB);
	org = testsql_value(demo.admin, "SELECT id FROM sb.organizations "
	    "WHERE name = $1", "Riverside Health", NULL);
	top = testsql_value(demo.admin, "SELECT max(stream_version) FROM "
	    "sb.domain_events WHERE stream_id = $1::uuid", org, NULL);
	type = testsql_value(demo.admin, "SELECT event_type FROM "
	    "sb.domain_events WHERE stream_id = $1::uuid ORDER BY position "
	    "DESC LIMIT 1", org, NULL);
	screen_send(s, "H");
	WAIT_TEXT(s, "History (newest first)");
	snprintf(want, sizeof want, "%s  (v%s)", type, top);
	WAIT_TEXT(s, want);
	n = history_versions(s, v, 40);
	assert_true(n >= 1);
	assert_int_equal(v[0], atol(top));
	for (i = 1; i < n; i++)
		assert_true(v[i] < v[i - 1]);
	/* The oldest event, when it fits, is the organization's creation. */
	if (v[n - 1] == 1)
		assert_true(screen_contains(s, "organization.created"));
	screen_key(s, SCREEN_KEY_ESC);
	assert_true(screen_wait(s, testdemo_gone, "History (newest", WAIT_MS));
	free(type);
	free(top);
	free(org);
	testdemo_quit(s);
}

/* How many contacts have email (any case). */
static int
email_owners(const char *email)
{
	char	*n;
	int	 v;

	n = testsql_value(demo.admin, "SELECT count(DISTINCT e.contact_id) "
	    "FROM sb.emails e JOIN sb.contacts c ON c.id = e.contact_id WHERE "
	    "c.deleted_at IS NULL AND lower(e.address) = lower($1)", email,
	    NULL);
	v = atoi(n);
	free(n);
	return v;
}

/* The duplicate offer's n: a second contact with that email, once. */
static void
test_duplicate_create_anyway(void **state)
{
	struct screen	*s = fixture_start_riverside();
	char		*email, *n;
	int		 i;

	(void)state;
	email = testsql_value(demo.admin, "SELECT e.address FROM sb.emails e "
	    "JOIN sb.contacts c ON c.id = e.contact_id WHERE c.active AND "
	    "c.deleted_at IS NULL AND (SELECT count(*) FROM sb.emails x "
	    "WHERE lower(x.address) = lower(e.address)) = 1 ORDER BY "
	    "e.address LIMIT 1", NULL);
	assert_non_null(email);
	assert_int_equal(email_owners(email), 1);
	screen_send(s, "n");
	WAIT_TEXT(s, "New contact");
	screen_send(s, "Anyway");
	screen_key(s, SCREEN_KEY_TAB);
	screen_send(s, "Twiceborn");
	for (i = 0; i < 4; i++)		/* title, method, DNC, email */
		screen_key(s, SCREEN_KEY_TAB);
	screen_send(s, email);
	screen_key_ctrl(s, 'x');
	WAIT_TEXT(s, "already has this email or phone");
	/* Asked again, it would stay open and never say this. */
	screen_send(s, "n");
	WAIT_TEXT(s, "Created and linked");
	assert_false(screen_contains(s, "already has this email or phone"));
	n = testsql_value(demo.admin, "SELECT count(*) FROM sb.contacts "
	    "WHERE last_name = $1", "Twiceborn", NULL);
	assert_string_equal(n, "1");
	free(n);
	assert_int_equal(email_owners(email), 2);
	free(email);
	testdemo_quit(s);
}

/* Leaving a field with a bad email says so next to it, before a save. */
static void
test_leave_field_checks(void **state)
{
	struct screen	*s = fixture_start_riverside();
	int		 i, row, err;
	char		*n;

	(void)state;
	screen_send(s, "n");
	WAIT_TEXT(s, "New contact");
	screen_send(s, "Leave");
	screen_key(s, SCREEN_KEY_TAB);
	screen_send(s, "Checker");
	for (i = 0; i < 4; i++)
		screen_key(s, SCREEN_KEY_TAB);
	screen_send(s, "nobody.example.com");
	WAIT_TEXT(s, "nobody.example.com");
	screen_key(s, SCREEN_KEY_TAB);
	WAIT_TEXT(s, "the email address has no @");
	row = screen_find_row(s, "nobody.example.com");
	err = screen_find_row(s, "the email address has no @");
	assert_true(row > 0);
	assert_int_equal(err, row + 1);
	/* And the mobile's rule (the default country's) when leaving it. */
	screen_send(s, "12");
	screen_key(s, SCREEN_KEY_TAB);
	WAIT_TEXT(s, "a number in US has 10 digits");
	row = screen_find_row(s, "Mobile");
	err = screen_find_row(s, "a number in US has 10 digits");
	assert_int_equal(err, row + 1);
	/* A save is refused the same way; nothing is created. */
	screen_key_ctrl(s, 'x');
	WAIT_TEXT(s, "New contact");
	n = testsql_value(demo.admin, "SELECT count(*) FROM sb.contacts "
	    "WHERE last_name = $1", "Checker", NULL);
	assert_string_equal(n, "0");
	free(n);
	screen_key(s, SCREEN_KEY_ESC);
	WAIT_TEXT(s, "Discard your changes?");
	screen_send(s, "y");
	testdemo_quit(s);
}

/*
 * A paste longer than the title's limit (a burst of accented, CJK and
 * emoji characters): the first 100 characters go in, with a message.
 */
static void
test_long_paste(void **state)
{
	struct screen	*s = fixture_start_riverside();
	char		*name, *id, *v, paste[1200];
	size_t		 len = 0, ulen;
	/* e acute, a CJK character, an emoji, x: 4 characters, 10 bytes. */
	const char	*unit = "\xc3\xa9\xe6\x97\xa5\xf0\x9f\x98\x80x";
	int		 i;

	(void)state;
	id = fixture_open_form(s, &name);
	screen_key(s, SCREEN_KEY_TAB);
	screen_key(s, SCREEN_KEY_TAB);
	screen_key_ctrl(s, 'u');
	screen_key_ctrl(s, 'k');
	ulen = strlen(unit);
	for (i = 0; i < 30; i++, len += ulen)	/* 120 characters */
		memcpy(paste + len, unit, ulen);
	paste[len] = '\0';
	screen_send(s, paste);
	WAIT_TEXT(s, "Full: this field holds at most 100 characters");
	assert_true(screen_find_row(s, "Full: this field") ==
	    screen_find_row(s, "Title") + 1);
	screen_key_ctrl(s, 'x');
	WAIT_TEXT(s, "Saved (u undoes)");
	v = testsql_value(demo.admin, "SELECT char_length(title) || ' ' || "
	    "octet_length(title) FROM sb.contacts WHERE id = $1", id, NULL);
	/* 25 units of 4 characters, 10 bytes. */
	assert_string_equal(v, "100 250");
	free(v);
	free(id);
	free(name);
	testdemo_quit(s);
}

/* The reversed cell of row: where the field's cursor is drawn. */
static bool
reversed_cell(struct screen *s, int row, struct screen_cell *out)
{
	int	rows, cols, c;

	screen_size(s, &rows, &cols);
	for (c = 0; c < cols; c++) {
		if (screen_cell(s, row, c, out) && out->reverse &&
		    out->text[0] != '\0')
			return true;
	}
	return false;
}

/* a, e acute, a CJK character, an emoji, b; then without the CJK one. */
#define TYPED	"a\xc3\xa9" "\xe6\x97\xa5" "\xf0\x9f\x98\x80" "b"
#define EDITED	"a\xc3\xa9" "\xf0\x9f\x98\x80" "b"

/*
 * Editing goes by character: Left steps over an emoji and a CJK
 * character whole, Backspace takes one character, not one byte.
 */
static void
test_edit_by_character(void **state)
{
	struct screen		*s = fixture_start_riverside();
	struct screen_cell	 cell;
	char			*name, *id, *v;
	int			 row;

	(void)state;
	id = fixture_open_form(s, &name);
	screen_key(s, SCREEN_KEY_TAB);
	screen_key(s, SCREEN_KEY_TAB);
	screen_key_ctrl(s, 'u');
	screen_key_ctrl(s, 'k');
	screen_send(s, TYPED);
	WAIT_TEXT(s, TYPED);
	screen_key(s, SCREEN_KEY_LEFT);
	screen_key(s, SCREEN_KEY_LEFT);
	screen_key(s, SCREEN_KEY_BACKSPACE);
	WAIT_TEXT(s, EDITED);
	row = screen_find_row(s, EDITED);
	assert_true(reversed_cell(s, row, &cell));
	assert_string_equal(cell.text, "\xf0\x9f\x98\x80");
	assert_int_equal(cell.width, 2);
	screen_key_ctrl(s, 'x');
	WAIT_TEXT(s, "Saved (u undoes)");
	v = testsql_value(demo.admin, "SELECT title FROM sb.contacts WHERE "
	    "id = $1", id, NULL);
	assert_string_equal(v, EDITED);
	free(v);
	free(id);
	free(name);
	testdemo_quit(s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_contact_history),
		cmocka_unit_test(test_org_history),
		cmocka_unit_test(test_duplicate_create_anyway),
		cmocka_unit_test(test_leave_field_checks),
		cmocka_unit_test(test_long_paste),
		cmocka_unit_test(test_edit_by_character),
	};

	return cmocka_run_group_tests(tests, fixture_setup,
	    fixture_teardown);
}
