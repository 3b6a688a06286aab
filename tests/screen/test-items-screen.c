/* Screen tests of phones, emails and addresses of contacts and orgs. */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libpq-fe.h>

#include "switchboard/demo.h"
#include "switchboard/util.h"
#include "fixture.h"
#include "screen.h"
#include "testdemo.h"
#include "testsql.h"

/* A Riverside contact shown today whose name no other one contains. */
#define RIVERSIDE_UNIQUE						\
    "SELECT concat_ws(' ', c.first_name, c.last_name) FROM sb.contacts c"\
    " JOIN sb.organization_contacts_current oc ON oc.contact_id = c.id"	\
    " JOIN sb.organizations o ON o.id = oc.organization_id"		\
    " WHERE o.name = 'Riverside Health' AND c.active"			\
    " AND c.deleted_at IS NULL"						\
    " AND concat_ws(' ', c.first_name, c.last_name) ~ '^[A-Za-z ]+$'"	\
    " AND NOT EXISTS (SELECT 1 FROM sb.contacts x"			\
    "  JOIN sb.organization_contacts_current y ON y.contact_id = x.id"	\
    "  WHERE y.organization_id = o.id AND x.id <> c.id"			\
    "  AND lower(concat_ws(' ', x.first_name, x.last_name)) LIKE"	\
    "  '%' || lower(concat_ws(' ', c.first_name, c.last_name)) || '%')"

/*
 * An editable contact with two phones and an email, the nth of them;
 * those with addresses only if addresses.
 */
static char *
editable_contact(const char *nth, bool addresses)
{
	char	*v = testsql_value(demo.admin, RIVERSIDE_UNIQUE
	    " AND c.owner_organization_id IS NULL"
	    " AND ($2::boolean OR NOT EXISTS (SELECT 1 FROM"
	    "  sb.contact_addresses ca WHERE ca.contact_id = c.id"
	    "  AND ca.deleted_at IS NULL))"
	    " AND (SELECT count(*) FROM sb.contact_phones cp"
	    "  WHERE cp.contact_id = c.id AND cp.deleted_at IS NULL) >= 2"
	    " AND EXISTS (SELECT 1 FROM sb.emails e WHERE e.contact_id = c.id)"
	    " GROUP BY c.id ORDER BY c.id OFFSET $1::int LIMIT 1", nth,
	    addresses ? "true" : "false", NULL);

	if (v == NULL)
		fail_msg("no editable Riverside contact #%s in the demo", nth);
	return (v);
}

/* The screen row showing text must (or must not) show "(primary)". */
static void
assert_row_primary(struct screen *s, const char *text, bool primary)
{
	int	 r = screen_find_row(s, text);
	char	*row;

	if (r < 0) {
		screen_dump(s, stdout);
		fail_msg("no row shows %s", text);
	}
	row = screen_row(s, r);
	if ((strstr(row, "(primary)") != NULL) != primary) {
		screen_dump(s, stdout);
		fail_msg("%s: primary mark %s", text, primary ? "missing" :
		    "left behind");
	}
	free(row);
}

/*
 * A phone with a wrong number: the message sits by the field as it is
 * left and the text stays; fixed and saved, the details pane shows it.
 */
static void
test_phone_add(void **state)
{
	struct screen	*s = fixture_open_riverside(true);
	char		*name = editable_contact("0", true);
	char		*id = testdemo_riverside_contact(&demo, name);
	const char	*q = "SELECT count(*) FROM sb.contact_phones cp JOIN "
	    "sb.phones p ON p.id = cp.phone_id WHERE cp.contact_id = $1 AND "
	    "cp.deleted_at IS NULL AND p.e164 = $2 AND p.extension = '7'";

	(void)state;
	testdemo_items_open(s, name);
	screen_send(s, "a");
	WAIT_TEXT(s, "Add which?");
	screen_send(s, "p");
	testdemo_items_form(s, "New phone: ");
	screen_send(s, "555-01");
	screen_key(s, SCREEN_KEY_TAB);
	WAIT_TEXT(s, "a number in US has");
	assert_true(screen_contains(s, "555-01"));
	/* Saving checks again and keeps the form and the text. */
	screen_key_ctrl(s, 'x');
	WAIT_TEXT(s, "a number in US has");
	assert_true(screen_contains(s, "555-01"));
	assert_true(screen_contains(s, "New phone: "));
	screen_key_ctrl(s, 'u');
	screen_send(s, "(217) 555-0123");
	screen_key(s, SCREEN_KEY_TAB);
	screen_send(s, "7");
	screen_key_ctrl(s, 'x');
	WAIT_TEXT(s, "Saved the phone");
	WAIT_TEXT(s, "(217) 555-0123 x7");
	fixture_assert_sql("1", q, id, "+12175550123");
	screen_key(s, SCREEN_KEY_ESC);
	assert_true(screen_wait(s, testdemo_gone, "Phones, emails, addresses:",
	    WAIT_MS));
	/* The details pane, reloaded, shows the new number. */
	WAIT_TEXT(s, "(217) 555-0123");
	free(name);
	free(id);
	screen_key(s, SCREEN_KEY_ESC);
	testdemo_quit(s);
}

/* Marking another phone primary moves the mark; editing an email. */
static void
test_primary_and_email(void **state)
{
	struct screen	*s = fixture_open_riverside(true);
	char		*name = editable_contact("1", true);
	char		*id = testdemo_riverside_contact(&demo, name);
	char		*was, *now, *row, *nphones;

	(void)state;
	testdemo_items_open(s, name);
	/* The first phone that is not primary, in the list's order. */
	row = fixture_value("SELECT n FROM (SELECT row_number() OVER (ORDER BY "
	    "t.sort_order, cp.is_primary DESC, p.number, p.id) - 1 AS n, "
	    "cp.is_primary AS pr FROM sb.contact_phones cp JOIN sb.phones p ON "
	    "p.id = cp.phone_id JOIN sb.phone_types t ON t.code = p.type "
	    "WHERE cp.contact_id = $1 AND cp.deleted_at IS NULL) x WHERE NOT "
	    "pr ORDER BY n LIMIT 1", id, NULL);
	now = fixture_value("SELECT p.number FROM sb.contact_phones cp JOIN "
	    "sb.phones p ON p.id = cp.phone_id JOIN sb.phone_types t ON "
	    "t.code = p.type WHERE cp.contact_id = $1 AND cp.deleted_at IS "
	    "NULL ORDER BY t.sort_order, cp.is_primary DESC, p.number, p.id "
	    "OFFSET $2::int LIMIT 1", id, row);
	was = testsql_value(demo.admin, "SELECT p.number FROM "
	    "sb.contact_phones cp JOIN sb.phones p ON p.id = cp.phone_id "
	    "WHERE cp.contact_id = $1 AND cp.is_primary AND "
	    "cp.deleted_at IS NULL", id, NULL);
	testdemo_down(s, row);
	screen_send(s, "*");
	WAIT_TEXT(s, "is now the primary phone");
	assert_row_primary(s, now, true);
	if (was != NULL && strcmp(was, now) != 0)
		assert_row_primary(s, was, false);
	fixture_assert_sql("1", "SELECT count(*) FROM sb.contact_phones cp "
	    "JOIN sb.phones p ON p.id = cp.phone_id WHERE cp.contact_id = $1 "
	    "AND cp.deleted_at IS NULL AND cp.is_primary AND p.number = $2",
	    id, now);
	/* The first email, below the phones. */
	nphones = fixture_value("SELECT count(*) FROM sb.contact_phones WHERE "
	    "contact_id = $1 AND deleted_at IS NULL", id, NULL);
	screen_key(s, SCREEN_KEY_HOME);
	testdemo_down(s, nphones);
	screen_send(s, "e");
	testdemo_items_form(s, "Edit email: ");
	screen_key_ctrl(s, 'u');
	screen_send(s, "renamed.items@example.org");
	screen_key_ctrl(s, 'x');
	WAIT_TEXT(s, "Saved the email");
	WAIT_TEXT(s, "renamed.items@example.org");
	fixture_assert_sql("1",
	    "SELECT count(*) FROM sb.emails WHERE contact_id = $1 "
	    "AND address = $2", id, "renamed.items@example.org");
	free(row);
	free(now);
	free(was);
	free(nphones);
	free(name);
	free(id);
	screen_key(s, SCREEN_KEY_ESC);
	testdemo_quit(s);
}

/* Fill the new-address form: label, street, city, region, postal code. */
static void
fill_address(struct screen *s, const char *label, const char *street)
{
	screen_send(s, "a");
	WAIT_TEXT(s, "Add which?");
	screen_send(s, "a");
	testdemo_items_form(s, "New address: ");
	screen_key(s, SCREEN_KEY_TAB);
	screen_send(s, label);
	screen_key(s, SCREEN_KEY_TAB);
	screen_send(s, street);
	screen_key(s, SCREEN_KEY_TAB);
	screen_key(s, SCREEN_KEY_TAB);
	screen_send(s, "Springfield");
	screen_key(s, SCREEN_KEY_TAB);
	screen_send(s, "IL");
	screen_key(s, SCREEN_KEY_TAB);
	screen_send(s, "62701");
	screen_key_ctrl(s, 'x');
	WAIT_TEXT(s, "Saved the address");
}

/* Where the address on street is among the contact's, in list order. */
static char *
address_pos(const char *id, const char *street)
{
	return (fixture_value("SELECT n FROM (SELECT a.street1, row_number() "
	    "OVER (ORDER BY t.sort_order, a.id::text) - 1 AS n FROM "
	    "sb.contact_addresses ca JOIN sb.addresses a ON a.id = "
	    "ca.address_id AND a.deleted_at IS NULL JOIN sb.address_types t "
	    "ON t.code = a.type WHERE ca.contact_id = $1 AND ca.deleted_at IS "
	    "NULL) x WHERE street1 = $2", id, street));
}

/* An address added, a phone linked to it, the address removed (asked). */
static void
test_address_link_remove(void **state)
{
	struct screen	*s = fixture_open_riverside(true);
	char		*name = editable_contact("2", true);
	char		*id = testdemo_riverside_contact(&demo, name);
	char		*row, *pos, *above;
	const char	*linked = "SELECT count(*) FROM "
	    "sb.contact_addresses ca "
	    "JOIN sb.addresses a ON a.id = ca.address_id WHERE ca.contact_id = "
	    "$1 AND ca.deleted_at IS NULL AND a.street1 = $2";
	const char	*fax = "SELECT count(*) FROM sb.contact_phones cp JOIN "
	    "sb.phone_addresses pa ON pa.phone_id = cp.phone_id JOIN "
	    "sb.addresses a ON a.id = pa.address_id WHERE cp.contact_id = $1 "
	    "AND pa.deleted_at IS NULL AND a.street1 = $2";
	int		 r;

	(void)state;
	testdemo_items_open(s, name);
	fill_address(s, "Annex", "9 Test Way");
	WAIT_TEXT(s, "Annex: 9 Test Way, Springfield, IL, 62701, US");
	fixture_assert_sql("1", linked, id, "9 Test Way");
	/* Link the first phone to it, picked among the addresses. */
	pos = address_pos(id, "9 Test Way");
	screen_key(s, SCREEN_KEY_HOME);
	screen_send(s, "l");
	WAIT_TEXT(s, "to which address?");
	testdemo_down(s, pos);
	screen_key(s, SCREEN_KEY_ENTER);
	WAIT_TEXT(s, "Linked to Annex");
	fixture_assert_sql("1", fax, id, "9 Test Way");
	r = screen_find_row(s, "  at Annex: 9 Test Way");
	assert_true(r >= 0);
	row = screen_row(s, r);
	assert_null(strstr(row, "physical"));
	free(row);
	/* Remove the address: n keeps it, y takes it off the contact. */
	above = fixture_value("SELECT (SELECT count(*) FROM "
	    "sb.contact_phones WHERE "
	    "contact_id = $1 AND deleted_at IS NULL) + (SELECT count(*) FROM "
	    "sb.emails WHERE contact_id = $1) + $2::int", id, pos);
	screen_key(s, SCREEN_KEY_HOME);
	testdemo_down(s, above);
	screen_send(s, "d");
	WAIT_TEXT(s, "Remove the address Annex");
	screen_send(s, "n");
	WAIT_TEXT(s, "a add  Enter/e edit");
	fixture_assert_sql("1", linked, id, "9 Test Way");
	screen_send(s, "d");
	WAIT_TEXT(s, "Remove the address Annex");
	screen_send(s, "y");
	WAIT_TEXT(s, "Removed Annex");
	fixture_assert_sql("0", linked, id, "9 Test Way");
	free(pos);
	free(above);
	free(name);
	free(id);
	screen_key(s, SCREEN_KEY_ESC);
	testdemo_quit(s);
}

/* Riverside's own phone and address: add, edit, remove each. */
static void
test_org_items(void **state)
{
	struct screen	*s = fixture_open_riverside(false);
	const char	*phone = "SELECT p.type FROM sb.organization_phones l "
	    "JOIN sb.organizations o ON o.id = l.organization_id JOIN "
	    "sb.phones p ON p.id = l.phone_id WHERE o.name = $1 AND "
	    "l.deleted_at IS NULL AND p.e164 = $2";
	const char	*addr = "SELECT a.city FROM "
	    "sb.organization_addresses l "
	    "JOIN sb.organizations o ON o.id = l.organization_id JOIN "
	    "sb.addresses a ON a.id = l.address_id WHERE o.name = $1 AND "
	    "l.deleted_at IS NULL AND a.street1 = $2";
	char		*v;

	(void)state;
	screen_send(s, "i");
	WAIT_TEXT(s, "Phones and addresses: Riverside Health");
	assert_false(screen_contains(s, "Emails"));
	screen_send(s, "a");
	WAIT_TEXT(s, "Add which?");
	screen_send(s, "p");
	testdemo_items_form(s, "New phone: Riverside Health");
	screen_send(s, "+1 217 555 0188");
	screen_key_ctrl(s, 'x');
	WAIT_TEXT(s, "Saved the phone");
	fixture_assert_sql("office", phone, "Riverside Health", "+12175550188");
	/* Edit it: the next type. */
	screen_send(s, "e");
	testdemo_items_form(s, "Edit phone: Riverside Health");
	screen_key(s, SCREEN_KEY_TAB);
	screen_key(s, SCREEN_KEY_TAB);
	screen_send(s, " ");
	screen_key_ctrl(s, 'x');
	WAIT_TEXT(s, "Saved the phone");
	fixture_assert_sql("fax", phone, "Riverside Health", "+12175550188");
	screen_send(s, "d");
	WAIT_TEXT(s, "Remove the phone +1 217 555 0188?");
	screen_send(s, "y");
	WAIT_TEXT(s, "Removed +1 217 555 0188");
	v = testsql_value(demo.admin, phone, "Riverside Health",
	    "+12175550188", NULL);
	assert_null(v);
	/* The address. */
	fill_address(s, "Depot", "77 Items Road");
	fixture_assert_sql("Springfield", addr, "Riverside Health",
	    "77 Items Road");
	screen_send(s, "e");
	testdemo_items_form(s, "Edit address: Riverside Health");
	screen_key(s, SCREEN_KEY_TAB);
	screen_key(s, SCREEN_KEY_TAB);
	screen_key(s, SCREEN_KEY_TAB);
	screen_key(s, SCREEN_KEY_TAB);
	screen_key_ctrl(s, 'u');
	screen_send(s, "Shelbyville");
	screen_key_ctrl(s, 'x');
	WAIT_TEXT(s, "Saved the address");
	WAIT_TEXT(s, "Depot: 77 Items Road, Shelbyville");
	fixture_assert_sql("Shelbyville", addr, "Riverside Health",
	    "77 Items Road");
	screen_send(s, "d");
	WAIT_TEXT(s, "Remove the address");
	screen_send(s, "y");
	WAIT_TEXT(s, "Removed Depot");
	v = testsql_value(demo.admin, addr, "Riverside Health",
	    "77 Items Road", NULL);
	assert_null(v);
	screen_key(s, SCREEN_KEY_ESC);
	testdemo_quit(s);
}

/*
 * An address changed by someone else while its form is open: saving shows
 * both values, nothing is overwritten until the admin picks, and then
 * the picks land.
 */
static void
test_address_conflict(void **state)
{
	struct screen	*s = fixture_open_riverside(false);
	const char	*q = "SELECT a.city || '/' || coalesce(a.postal_code, "
	    "'') FROM sb.organization_addresses l JOIN sb.organizations o ON "
	    "o.id = l.organization_id JOIN sb.addresses a ON a.id = "
	    "l.address_id WHERE o.name = $1 AND l.deleted_at IS NULL AND "
	    "a.street1 = $2";
	char		*id;

	(void)state;
	screen_send(s, "i");
	WAIT_TEXT(s, "Phones and addresses: Riverside Health");
	fill_address(s, "Yard", "5 Clash Street");
	screen_send(s, "e");
	testdemo_items_form(s, "Edit address: Riverside Health");
	/* Meanwhile someone else changes the city. */
	id = fixture_value("SELECT id FROM sb.addresses WHERE street1 = $1",
	    "5 Clash Street", NULL);
	free(testsql_value(demo.admin, "SELECT sb.address_update($1, NULL, "
	    "'{\"city\": \"Capital City\"}')", id, NULL));
	screen_key(s, SCREEN_KEY_TAB);
	screen_key(s, SCREEN_KEY_TAB);
	screen_key(s, SCREEN_KEY_TAB);
	screen_key(s, SCREEN_KEY_TAB);
	screen_key_ctrl(s, 'u');
	screen_send(s, "Ogdenville");
	screen_key(s, SCREEN_KEY_TAB);
	screen_key(s, SCREEN_KEY_TAB);
	screen_key_ctrl(s, 'u');
	screen_send(s, "62999");
	screen_key_ctrl(s, 'x');
	WAIT_TEXT(s, "Someone else changed it while you edited");
	WAIT_TEXT(s, "Capital City");
	assert_true(screen_contains(s, "Ogdenville"));
	/* Not overwritten: theirs stands until the admin chooses. */
	fixture_assert_sql("Capital City/62701", q, "Riverside Health",
	    "5 Clash Street");
	/* Keep mine (the admin changed the city, so mine is picked). */
	screen_key(s, SCREEN_KEY_ENTER);
	WAIT_TEXT(s, "Saved the address");
	fixture_assert_sql("Ogdenville/62999", q, "Riverside Health",
	    "5 Clash Street");
	free(id);
	screen_key(s, SCREEN_KEY_ESC);
	testdemo_quit(s);
}

/* A contact a partner owns: its items open read-only, saying why. */
static void
test_partner_readonly(void **state)
{
	struct screen	*s = fixture_open_riverside(true);
	char		*name = fixture_value(RIVERSIDE_UNIQUE
	    " AND EXISTS (SELECT 1 "
	    "FROM sb.organizations w WHERE w.id = c.owner_organization_id AND "
	    "w.kind = 'partner') GROUP BY c.id ORDER BY c.id LIMIT 1", NULL,
	    NULL);
	char		*owner, *id, *before, *after;
	const char	*q = "SELECT (SELECT count(*) FROM sb.contact_phones "
	    "WHERE contact_id = $1 AND deleted_at IS NULL) || '/' || (SELECT "
	    "count(*) FROM sb.emails WHERE contact_id = $1)";

	(void)state;
	id = testdemo_riverside_contact(&demo, name);
	owner = fixture_value("SELECT 'Read-only: owned by ' || o.name FROM "
	    "sb.contacts c JOIN sb.organizations o ON o.id = "
	    "c.owner_organization_id WHERE c.id = $1", id, NULL);
	before = fixture_value(q, id, NULL);
	testdemo_items_open(s, name);
	WAIT_TEXT(s, owner);
	screen_send(s, "a");
	WAIT_TEXT(s, "Cannot add: read-only (owned by ");
	assert_false(screen_contains(s, "Add which?"));
	screen_send(s, "d");
	WAIT_TEXT(s, "Cannot remove: read-only (owned by ");
	screen_send(s, "*");
	WAIT_TEXT(s, "Cannot mark primary: read-only (owned by ");
	after = fixture_value(q, id, NULL);
	assert_string_equal(before, after);
	free(name);
	free(owner);
	free(id);
	free(before);
	free(after);
	screen_key(s, SCREEN_KEY_ESC);
	testdemo_quit(s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_phone_add),
		cmocka_unit_test(test_primary_and_email),
		cmocka_unit_test(test_address_link_remove),
		cmocka_unit_test(test_org_items),
		cmocka_unit_test(test_address_conflict),
		cmocka_unit_test(test_partner_readonly),
	};

	return (cmocka_run_group_tests(tests, fixture_setup,
	    fixture_teardown));
}
