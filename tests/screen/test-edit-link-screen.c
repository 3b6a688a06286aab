/* Screen tests of linking: add existing, duplicate offer, primary move. */
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
#include "testroles.h"
#include "testsql.h"

/* An active contact's email that exactly one contact has, in or out of
 * the provider admin's scope (in: true), skipping those named by skip. */
static char *
unique_email(bool in_scope, const char *skip)
{
	char	sql[900];

	snprintf(sql, sizeof sql, "SELECT e.address FROM sb.emails e JOIN "
	    "sb.contacts c ON c.id = e.contact_id WHERE c.active AND "
	    "c.deleted_at IS NULL AND e.address <> $1 AND (c.id IN (SELECT "
	    "sb.access_contact_ids('%s'))) = %s AND (SELECT count(*) FROM "
	    "sb.emails x WHERE lower(x.address) = lower(e.address)) = 1 "
	    "ORDER BY e.address LIMIT 1", DEMO_ROLE_PROVIDER,
	    in_scope ? "true" : "false");
	return testsql_value(demo.admin, sql, skip, NULL);
}

/* Whether the contact with email is linked to Riverside Health now. */
static int
riverside_links(const char *email)
{
	char	*n;
	int	 v;

	n = testsql_value(demo.admin, "SELECT count(*) FROM "
	    "sb.organization_contacts oc JOIN sb.organizations o ON o.id = "
	    "oc.organization_id JOIN sb.emails e ON e.contact_id = "
	    "oc.contact_id WHERE o.name = 'Riverside Health' AND "
	    "oc.deleted_at IS NULL AND e.address = $1", email, NULL);
	v = atoi(n);
	free(n);
	return v;
}

static void
test_add_existing(void **state)
{
	struct screen	*s = fixture_start_riverside();
	char		*email = unique_email(false, ""), part[8];

	(void)state;
	assert_non_null(email);
	assert_int_equal(riverside_links(email), 0);
	/* A part of the address finds nothing. */
	screen_send(s, "L");
	WAIT_TEXT(s, "Add existing contact");
	screen_key(s, SCREEN_KEY_TAB);		/* Email */
	snprintf(part, sizeof part, "%.5s", email);
	screen_send(s, part);
	screen_key_ctrl(s, 'x');
	WAIT_TEXT(s, "No contact has exactly that email");
	assert_int_equal(riverside_links(email), 0);
	/* The exact address finds the one contact and links it. */
	screen_key_ctrl(s, 'u');
	screen_send(s, email);
	screen_key_ctrl(s, 'x');
	WAIT_TEXT(s, "Linked ");
	assert_int_equal(riverside_links(email), 1);
	assert_int_equal(testdemo_idle_in_transaction(&demo,
	    DEMO_ROLE_PROVIDER), 0);
	free(email);
	testdemo_quit(s);
}

/*
 * The add-existing form is a mode of its own: its help lists the form's
 * keys, Esc asks before dropping what was typed, and once it closes the
 * panes take the keys again.
 */
static void
test_existing_keys(void **state)
{
	struct screen	*s = fixture_start_riverside();

	(void)state;
	screen_send(s, "L");
	WAIT_TEXT(s, "Add existing contact");
	screen_key(s, SCREEN_KEY_F1);
	WAIT_TEXT(s, "Keys: editing");
	WAIT_TEXT(s, "Save the form");
	screen_key(s, SCREEN_KEY_ESC);
	WAIT_GONE(s, "Keys: editing");
	WAIT_TEXT(s, "Add existing contact");
	screen_key(s, SCREEN_KEY_TAB);		/* Email */
	testdemo_paste(s, "nobody@kept.example");
	WAIT_TEXT(s, "nobody@kept.example");
	screen_key(s, SCREEN_KEY_ESC);
	WAIT_TEXT(s, "Discard your changes? (y/n)");
	screen_send(s, "n");
	WAIT_GONE(s, "Discard your changes? (y/n)");
	WAIT_TEXT(s, "nobody@kept.example");
	screen_key(s, SCREEN_KEY_ESC);
	WAIT_TEXT(s, "Discard your changes? (y/n)");
	screen_send(s, "y");
	WAIT_GONE(s, "Add existing contact");
	assert_false(screen_contains(s, "nobody@kept.example"));
	/* The panes have the keys: L opens the form again, empty. */
	screen_send(s, "L");
	WAIT_TEXT(s, "Add existing contact");
	assert_false(screen_contains(s, "nobody@kept.example"));
	screen_key(s, SCREEN_KEY_ESC);
	WAIT_GONE(s, "Add existing contact");
	testdemo_quit(s);
}

static void
test_duplicate_offer(void **state)
{
	struct screen	*s = fixture_start_riverside();
	char		*email = unique_email(false, "x"), *n;
	int		 before;

	(void)state;
	assert_non_null(email);
	/* The first test linked one; take the next out-of-scope address. */
	before = riverside_links(email);
	screen_send(s, "n");
	WAIT_TEXT(s, "New contact");
	screen_send(s, "Dupe");
	screen_key(s, SCREEN_KEY_TAB);
	screen_send(s, "Licate");
	screen_key(s, SCREEN_KEY_TAB);
	screen_key(s, SCREEN_KEY_TAB);
	screen_key(s, SCREEN_KEY_TAB);
	screen_key(s, SCREEN_KEY_TAB);
	screen_send(s, email);
	screen_key_ctrl(s, 'x');
	WAIT_TEXT(s, "already has this email or phone");
	screen_send(s, "y");
	WAIT_TEXT(s, "Linked ");
	assert_int_equal(riverside_links(email), before + 1);
	n = testsql_value(demo.admin, "SELECT count(*) FROM sb.contacts WHERE "
	    "last_name = $1", "Licate", NULL);
	assert_string_equal(n, "0");
	free(n);
	free(email);
	testdemo_quit(s);
}

/* Contacts at Riverside Health with the last name "Zzclose". */
static char *
close_rows(void)
{
	return (testsql_value(demo.admin, "SELECT count(DISTINCT c.id) || "
	    "' ' || string_agg(oc.role, ',' ORDER BY oc.role) FROM "
	    "sb.contacts c JOIN sb.organization_contacts oc ON oc.contact_id "
	    "= c.id JOIN sb.organizations o ON o.id = oc.organization_id "
	    "WHERE o.name = 'Riverside Health' AND oc.deleted_at IS NULL AND "
	    "c.last_name = 'Zzclose'", NULL));
}

/*
 * A new contact named Ximena Zzclosse, with no email or phone, saved: the
 * question names the contact close to it, at Riverside Health in roles.
 */
static void
close_name_new(struct screen *s, const char *roles)
{
	char	*q = xasprintf("Ximena Zzclose (Riverside Health (%s)) has a "
		    "name close", roles);

	screen_send(s, "n");
	WAIT_TEXT(s, "New contact");
	screen_send(s, "Ximena");
	screen_key(s, SCREEN_KEY_TAB);
	screen_send(s, "Zzclosse");
	screen_key_ctrl(s, 'x');
	WAIT_TEXT(s, q);
	free(q);
}

/*
 * A new contact with no email or phone whose name is close to one the
 * person sees: asked whether to link that one; y links it, n creates the
 * new one all the same.
 */
static void
test_close_name_offer(void **state)
{
	struct screen	*s;
	char		*org, *id, *v;

	(void)state;
	org = testsql_value(demo.admin, "SELECT id FROM sb.organizations "
	    "WHERE name = 'Riverside Health'", NULL);
	id = testsql_value(demo.admin, "SELECT sb.contact_create('Ximena', "
	    "'Zzclose')::text", NULL);
	free(testsql_value(demo.admin, "SELECT sb.organization_contact_link("
	    "$1, $2, 'technical')::text", org, id, NULL));
	free(id);
	free(org);
	s = fixture_start_riverside();
	close_name_new(s, "technical");
	screen_send(s, "y");
	WAIT_TEXT(s, "Linked Ximena Zzclose");
	v = close_rows();
	assert_non_null(v);
	assert_int_equal(strncmp(v, "1 ", 2), 0);
	assert_non_null(strchr(v, ','));	/* a second role */
	free(v);
	close_name_new(s, "billing, technical");
	screen_send(s, "n");
	WAIT_TEXT(s, "Created and linked");
	v = testsql_value(demo.admin, "SELECT count(*) FROM sb.contacts WHERE "
	    "last_name IN ('Zzclose', 'Zzclosse')", NULL);
	assert_string_equal(v, "2");
	free(v);
	testdemo_quit(s);
}

/*
 * A new contact with a mobile number typed the local way: it is stored as
 * entered, normalized to E.164 with the configured country, as a mobile
 * and primary.
 */
static void
test_create_with_mobile(void **state)
{
	struct screen	*s = fixture_start_riverside();
	char		*v;
	int		 i;

	(void)state;
	screen_send(s, "n");
	WAIT_TEXT(s, "New contact");
	screen_bytes_mark(s);
	screen_send(s, "Nova");
	screen_key(s, SCREEN_KEY_TAB);
	screen_send(s, "Phoneson");
	for (i = 0; i < 5; i++)		/* title, method, DNC, email, mobile */
		screen_key(s, SCREEN_KEY_TAB);
	screen_send(s, "(217) 555-0199");
	WAIT_TEXT(s, "(217) 555-0199");
	/* The details' links must not show through the form. */
	assert_false(screen_bytes_contain(s, "\033]8;"));
	screen_key_ctrl(s, 'x');
	WAIT_TEXT(s, "Created and linked");
	v = testsql_value(demo.admin, "SELECT p.e164 || ' ' || p.type || ' ' ||"
	    " cp.is_primary FROM sb.contacts c JOIN sb.contact_phones cp"
	    " ON cp.contact_id = c.id JOIN sb.phones p ON p.id = cp.phone_id"
	    " WHERE c.last_name = $1 AND cp.deleted_at IS NULL", "Phoneson",
	    NULL);
	assert_non_null(v);
	assert_string_equal(v, "+12175550199 mobile true");
	free(v);
	testdemo_quit(s);
}

/*
 * A new contact with its email and mobile is one save: when the server
 * refuses its last part (here a trigger refuses new phones), nothing of
 * it is stored and the form stays open with everything typed; saved
 * again once the server takes it, all of it is there. As the provider
 * admin and as the partner admin, each in its own organization.
 */
static void
create_whole_or_nothing(const char *role, const char *org, const char *last,
    const char *mobile)
{
	static const char count_sql[] = "SELECT (SELECT count(*) FROM"
	    " sb.domain_events) || '/' || (SELECT count(*) FROM sb.contacts"
	    " WHERE last_name = $1) || '/' || (SELECT count(*) FROM sb.emails"
	    " WHERE address LIKE $2)";
	struct screen	*s = testdemo_choose_org(&demo, role, org, 36, 130);
	char		*before, *email, *like, *v;
	int		 i;

	/* The filter lists the same name first, then similar names. */
	screen_key(s, SCREEN_KEY_TAB);
	WAIT_TEXT(s, "Name      ");

	email = xasprintf("wanda.%s@whole.example", last);
	like = xasprintf("%%%s%%", last);
	before = testsql_value(demo.admin, count_sql, last, like, NULL);
	testsql_exec(demo.admin, "CREATE TRIGGER refuse_phones BEFORE INSERT"
	    " ON sb.phones FOR EACH ROW EXECUTE FUNCTION"
	    " public.refuse_phones()");
	screen_send(s, "n");
	WAIT_TEXT(s, "New contact");
	screen_send(s, "Wanda");
	screen_key(s, SCREEN_KEY_TAB);
	screen_send(s, last);
	for (i = 0; i < 4; i++)		/* title, method, DNC, email */
		screen_key(s, SCREEN_KEY_TAB);
	screen_send(s, email);
	screen_key(s, SCREEN_KEY_TAB);
	screen_send(s, mobile);
	WAIT_TEXT(s, mobile);
	screen_key_ctrl(s, 'x');
	WAIT_TEXT(s, "no new phones here");
	assert_true(screen_contains(s, "New contact"));
	assert_true(screen_contains(s, "Wanda"));
	assert_true(screen_contains(s, last));
	assert_true(screen_contains(s, email));
	assert_true(screen_contains(s, mobile));
	ASSERT_SQL(demo.admin, before, count_sql, last, like, NULL);
	testsql_exec(demo.admin, "DROP TRIGGER refuse_phones ON sb.phones");
	screen_key_ctrl(s, 'x');
	WAIT_TEXT(s, "Created and linked");
	v = testsql_value(demo.admin, "SELECT count(*) || ' ' || string_agg("
	    "e.address || ' ' || e.is_primary || ' ' || p.number || ' ' ||"
	    " cp.is_primary || ' ' || o.name, ',') FROM sb.contacts c JOIN"
	    " sb.emails e ON e.contact_id = c.id JOIN sb.contact_phones cp ON"
	    " cp.contact_id = c.id JOIN sb.phones p ON p.id = cp.phone_id JOIN"
	    " sb.organization_contacts oc ON oc.contact_id = c.id JOIN"
	    " sb.organizations o ON o.id = oc.organization_id WHERE"
	    " c.last_name = $1", last, NULL);
	free(before);
	before = xasprintf("1 %s true %s true %s", email, mobile, org);
	assert_string_equal(v, before);
	free(v);
	free(before);
	free(like);
	free(email);
	testdemo_quit(s);
}

static void
test_create_whole_or_nothing(void **state)
{
	(void)state;
	testsql_exec(demo.admin, "CREATE FUNCTION public.refuse_phones()"
	    " RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION"
	    " USING ERRCODE = 'SB004', MESSAGE = 'no new phones here'; END $$");
	create_whole_or_nothing(DEMO_ROLE_PROVIDER, "Riverside Health",
	    "Wholeprovider", "(217) 555-0987");
	create_whole_or_nothing(DEMO_ROLE_PARTNER,
	    "Northwind Health Partners", "Entirenorthwind", "(217) 555-0986");
}

/* Marking a second primary for a role asks, then moves the mark. */
static void
test_primary_move(void **state)
{
	struct screen	*s = fixture_start_riverside();
	const char	*sql = "SELECT oc.is_primary::text FROM "
	    "sb.organization_contacts oc JOIN sb.organizations o ON o.id = "
	    "oc.organization_id WHERE o.name = 'Riverside Health' AND "
	    "oc.contact_id = $1 AND oc.role = $2 AND oc.deleted_at IS NULL";
	char		*was, *now, *was_id, *now_id, *role, *v;

	(void)state;
	screen_key(s, SCREEN_KEY_DOWN);
	screen_send(s, "*");
	WAIT_TEXT(s, "Move the mark to");
	was = testdemo_between(s, "\u2502 ", " is the primary ");
	role = testdemo_between(s, " is the primary ", " contact.");
	now = testdemo_between(s, "Move the mark to ", "? (y/n)");
	assert_non_null(was);
	assert_non_null(role);
	assert_non_null(now);
	was_id = testdemo_riverside_contact(&demo, was);
	now_id = testdemo_riverside_contact(&demo, now);
	screen_send(s, "y");
	WAIT_TEXT(s, "is now the primary");
	v = testsql_value(demo.admin, sql, now_id, role, NULL);
	assert_string_equal(v, "true");
	free(v);
	v = testsql_value(demo.admin, sql, was_id, role, NULL);
	assert_string_equal(v, "false");
	free(v);
	free(was);
	free(now);
	free(role);
	free(was_id);
	free(now_id);
	testdemo_quit(s);
}

/* Whether contact holds the stakeholder mark at Riverside Health. */
static char *
primary_of(const char *contact)
{
	return testsql_value(demo.admin, "SELECT is_primary::text FROM "
	    "sb.organization_contacts WHERE organization_id = $1 AND "
	    "contact_id = $2 AND role = 'stakeholder' AND deleted_at IS NULL",
	    riverside, contact, NULL);
}

/*
 * Undo goes back through every change of the session in order, the
 * primary move too: after a title edit and a move of the mark, u first
 * gives the mark back (the status said it would), then the title.
 */
static void
test_undo_in_order(void **state)
{
	const char	*orgs[] = { riverside, NULL };
	struct screen	*s;
	char		*had, *gets, *v;

	(void)state;
	had = testroles_contact(demo.admin, "Pia", "Undohold", riverside,
	    "stakeholder", orgs);
	gets = testroles_contact(demo.admin, "Ursula", "Undoorder", riverside,
	    "stakeholder", orgs);
	free(testsql_value(demo.admin, "SELECT sb.organization_contact_"
	    "set_primary($1, $2, 'stakeholder')", riverside, had, NULL));
	s = fixture_start_at(DEMO_ROLE_PROVIDER, "Ursula Undoorder");
	screen_send(s, "e");
	WAIT_TEXT(s, "Edit Ursula Undoorder");
	screen_key(s, SCREEN_KEY_TAB);
	screen_key(s, SCREEN_KEY_TAB);
	screen_send(s, "Undo Order");
	WAIT_TEXT(s, "Undo Order");
	screen_key_ctrl(s, 'x');
	WAIT_TEXT(s, "Saved (u undoes)");
	testdemo_select(s, "Ursula Undoorder");
	screen_send(s, "*");
	WAIT_TEXT(s, "Pia Undohold is the primary stakeholder contact.");
	screen_send(s, "y");
	WAIT_TEXT(s, "Ursula Undoorder is now the primary stakeholder");
	v = primary_of(gets);
	assert_string_equal(v, "true");
	free(v);
	/* The next key clears the message; the status names what u does. */
	screen_send(s, "j");
	WAIT_TEXT(s, "u: undo moving primary stakeholder to Ursula Undoorder");
	screen_send(s, "u");
	WAIT_TEXT(s, "Undone: moving primary stakeholder to Ursula Undoorder");
	v = primary_of(gets);
	assert_string_equal(v, "false");
	free(v);
	v = primary_of(had);
	assert_string_equal(v, "true");
	free(v);
	v = fixture_contact_column(gets, "title");
	assert_string_equal(v, "Undo Order");
	free(v);
	/* Then the edit before it, and then nothing. */
	screen_send(s, "j");
	WAIT_TEXT(s, "u: undo edit of Ursula Undoorder");
	screen_send(s, "u");
	WAIT_TEXT(s, "Undone: edit of Ursula Undoorder");
	v = fixture_contact_column(gets, "title");
	assert_string_equal(v, "");
	free(v);
	screen_send(s, "u");
	WAIT_TEXT(s, "Nothing to undo");
	free(had);
	free(gets);
	testdemo_quit(s);
}

/* 37 characters, 74 bytes. */
#define LONG_LAST	"Верхнеднепровская-Крестовоздвиженская"

/*
 * What u will undo names the person in full, however many bytes a
 * character takes: a Cyrillic last name of 37 characters (74 bytes) was
 * cut after 30, where a 60-byte buffer ended.
 */
static void
test_undo_names_whole(void **state)
{
	struct screen	*s;
	char		*id;

	(void)state;
	id = testsql_value(demo.admin, "SELECT sb.contact_create('Мария', $1,"
	    " owner_organization_id => $2)", LONG_LAST, riverside, NULL);
	free(testsql_value(demo.admin, "SELECT sb.organization_contact_link("
	    "$1, $2, 'stakeholder')", riverside, id, NULL));
	s = fixture_start_at(DEMO_ROLE_PROVIDER, NULL);
	screen_send(s, "/Верхнеднепровская");
	screen_key(s, SCREEN_KEY_ENTER);
	/* The details wrap the name: its end shows it is selected. */
	WAIT_TEXT(s, "здвиженская");
	screen_send(s, "e");
	WAIT_TEXT(s, "Edit Мария " LONG_LAST);
	screen_key(s, SCREEN_KEY_TAB);
	screen_key(s, SCREEN_KEY_TAB);
	screen_send(s, "Long Name");
	WAIT_TEXT(s, "Long Name");
	screen_key_ctrl(s, 'x');
	WAIT_TEXT(s, "Saved (u undoes)");
	screen_send(s, "j");
	WAIT_TEXT(s, "u: undo edit of Мария "
	    LONG_LAST);
	free(id);
	testdemo_quit(s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_add_existing),
		cmocka_unit_test(test_existing_keys),
		cmocka_unit_test(test_duplicate_offer),
		cmocka_unit_test(test_close_name_offer),
		cmocka_unit_test(test_primary_move),
		cmocka_unit_test(test_undo_in_order),
		cmocka_unit_test(test_undo_names_whole),
		cmocka_unit_test(test_create_with_mobile),
		cmocka_unit_test(test_create_whole_or_nothing),
	};

	return cmocka_run_group_tests(tests, fixture_setup,
	    fixture_teardown);
}
