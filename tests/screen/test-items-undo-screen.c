/* Screen tests of u after a change to a phone, email or address. */
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

/* A contact's phones in the overlay's order (row n from 0). */
#define PHONES_IN_ORDER							\
    "SELECT p.id, p.number, cp.is_primary, row_number() OVER (ORDER BY"	\
    " t.sort_order, cp.is_primary DESC, p.number, p.id) - 1 AS n"	\
    " FROM sb.contact_phones cp JOIN sb.phones p ON p.id = cp.phone_id"	\
    " JOIN sb.phone_types t ON t.code = p.type"				\
    " WHERE cp.contact_id = $1 AND cp.deleted_at IS NULL"

/*
 * An editable Riverside contact shown today, with two phones or more and
 * an email, whose name no other one there contains: the nth of them.
 */
static char *
editable_contact(const char *nth)
{
	char	*v = testsql_value(demo.admin,
	    "SELECT concat_ws(' ', c.first_name, c.last_name)"
	    " FROM sb.contacts c"
	    " JOIN sb.organization_contacts_current oc ON oc.contact_id = c.id"
	    " JOIN sb.organizations o ON o.id = oc.organization_id"
	    " WHERE o.name = 'Riverside Health' AND c.active"
	    " AND c.deleted_at IS NULL AND c.owner_organization_id IS NULL"
	    " AND concat_ws(' ', c.first_name, c.last_name) ~ '^[A-Za-z ]+$'"
	    " AND NOT EXISTS (SELECT 1 FROM sb.contacts x"
	    "  JOIN sb.organization_contacts_current y ON y.contact_id = x.id"
	    "  WHERE y.organization_id = o.id AND x.id <> c.id"
	    "  AND lower(concat_ws(' ', x.first_name, x.last_name)) LIKE"
	    "  '%' || lower(concat_ws(' ', c.first_name, c.last_name)) || '%')"
	    " AND (SELECT count(*) FROM sb.contact_phones cp"
	    "  WHERE cp.contact_id = c.id AND cp.deleted_at IS NULL) >= 2"
	    " AND EXISTS (SELECT 1 FROM sb.emails e WHERE e.contact_id = c.id)"
	    " GROUP BY c.id ORDER BY c.id OFFSET $1::int LIMIT 1", nth, NULL);

	if (v == NULL)
		fail_msg("no editable Riverside contact #%s in the demo", nth);
	return (v);
}

/* Close the overlay; the panes take the keys again. */
static void
close_items(struct screen *s)
{
	screen_key(s, SCREEN_KEY_ESC);
	if (!screen_wait(s, testdemo_gone, "a add  Enter/e edit", WAIT_MS))
		fail_msg("the items overlay stayed open");
}

/* Events on the contact's stream, as text. */
static char *
events(const char *id)
{
	return (fixture_value("SELECT count(*) FROM sb.domain_events WHERE "
	    "stream_id = $1", id, NULL));
}

/*
 * A new email, then u in the panes: it is gone again, with one event for
 * the undo, and the status line says what was undone.
 */
static void
test_email_add_undo(void **state)
{
	struct screen	*s = fixture_open_riverside(true);
	char		*name = editable_contact("0");
	char		*id = testdemo_riverside_contact(&demo, name);
	char		 want[300];
	const char	*q = "SELECT count(*) FROM sb.emails WHERE "
	    "contact_id = $1 AND address = $2";

	(void)state;
	testdemo_items_open(s, name);
	screen_send(s, "a");
	WAIT_TEXT(s, "Add which?");
	screen_send(s, "e");
	testdemo_items_form(s, "New email: ");
	screen_send(s, "undo.added@example.org");
	screen_key_ctrl(s, 'x');
	WAIT_TEXT(s, "Saved the email (u undoes)");
	fixture_assert_sql("1", q, id, "undo.added@example.org");
	close_items(s);
	screen_send(s, "u");
	snprintf(want, sizeof want, "Undone: new email undo.added@example.org "
	    "of %s", name);
	WAIT_TEXT(s, want);
	fixture_assert_sql("0", q, id, "undo.added@example.org");
	fixture_assert_sql("1", "SELECT count(*) FROM sb.domain_events WHERE "
	    "stream_id = $1 AND event_type = 'contact.email.removed' AND "
	    "payload->'before'->>'address' = $2", id,
	    "undo.added@example.org");
	/* Undone once: nothing is left to undo. */
	screen_send(s, "u");
	WAIT_TEXT(s, "Nothing to undo");
	free(name);
	free(id);
	testdemo_quit(s);
}

/* A phone's number edited, then u in the overlay: the old number back. */
static void
test_phone_edit_undo(void **state)
{
	struct screen	*s = fixture_open_riverside(true);
	char		*name = editable_contact("1");
	char		*id = testdemo_riverside_contact(&demo, name);
	char		*phone, *old;
	const char	*num = "SELECT number FROM sb.phones WHERE id = $1";

	(void)state;
	phone = fixture_value("SELECT id FROM (" PHONES_IN_ORDER ") x "
	    "WHERE n = 0", id, NULL);
	old = fixture_value(num, phone, NULL);
	testdemo_items_open(s, name);
	screen_send(s, "e");
	testdemo_items_form(s, "Edit phone: ");
	screen_key_ctrl(s, 'u');
	screen_send(s, "(217) 555-0142");
	screen_key_ctrl(s, 'x');
	WAIT_TEXT(s, "Saved the phone (u undoes)");
	fixture_assert_sql("+12175550142",
	    "SELECT e164 FROM sb.phones WHERE id = $1",
	    phone, NULL);
	screen_send(s, "u");
	WAIT_TEXT(s, "Undone: edit of phone");
	fixture_assert_sql(old, num, phone, NULL);
	WAIT_TEXT(s, old);
	free(phone);
	free(old);
	free(name);
	free(id);
	close_items(s);
	testdemo_quit(s);
}

/*
 * A phone linked to a new address, then u: unlinked; the address
 * removed, then u: linked to the contact again.
 */
static void
test_address_remove_undo(void **state)
{
	struct screen	*s = fixture_open_riverside(true);
	char		*name = editable_contact("2");
	char		*id = testdemo_riverside_contact(&demo, name);
	char		*above, *pos;
	const char	*fax = "SELECT count(*) FROM sb.contact_phones cp JOIN "
	    "sb.phone_addresses pa ON pa.phone_id = cp.phone_id JOIN "
	    "sb.addresses a ON a.id = pa.address_id WHERE cp.contact_id = $1 "
	    "AND cp.deleted_at IS NULL AND pa.deleted_at IS NULL AND "
	    "a.street1 = $2";
	const char	*linked = "SELECT count(*) FROM "
	    "sb.contact_addresses ca JOIN sb.addresses a ON "
	    "a.id = ca.address_id WHERE ca.contact_id = $1 AND "
	    "ca.deleted_at IS NULL AND a.street1 = $2";

	(void)state;
	testdemo_items_open(s, name);
	screen_send(s, "a");
	WAIT_TEXT(s, "Add which?");
	screen_send(s, "a");
	testdemo_items_form(s, "New address: ");
	screen_key(s, SCREEN_KEY_TAB);
	screen_send(s, "Vault");
	screen_key(s, SCREEN_KEY_TAB);
	screen_send(s, "3 Undo Lane");
	screen_key_ctrl(s, 'x');
	WAIT_TEXT(s, "Saved the address (u undoes)");
	fixture_assert_sql("1", linked, id, "3 Undo Lane");
	/* The first phone linked to it, then u: unlinked again. */
	pos = fixture_value("SELECT n FROM (SELECT a.street1, row_number() "
	    "OVER (ORDER BY t.sort_order, a.id::text) - 1 AS n FROM "
	    "sb.contact_addresses ca JOIN sb.addresses a ON a.id = "
	    "ca.address_id AND a.deleted_at IS NULL JOIN sb.address_types t "
	    "ON t.code = a.type WHERE ca.contact_id = $1 AND ca.deleted_at IS "
	    "NULL) x WHERE street1 = $2", id, "3 Undo Lane");
	screen_key(s, SCREEN_KEY_HOME);
	screen_send(s, "l");
	WAIT_TEXT(s, "to which address?");
	testdemo_down(s, pos);
	screen_key(s, SCREEN_KEY_ENTER);
	WAIT_TEXT(s, "Linked to Vault: 3 Undo Lane, US (u undoes)");
	fixture_assert_sql("1", fax, id, "3 Undo Lane");
	screen_send(s, "u");
	WAIT_TEXT(s, "Undone: link of phone");
	fixture_assert_sql("0", fax, id, "3 Undo Lane");
	/* The new address's row: below the phones, emails, addresses. */
	above = fixture_value("SELECT (SELECT count(*) FROM "
	    "sb.contact_phones WHERE "
	    "contact_id = $1 AND deleted_at IS NULL) + (SELECT count(*) FROM "
	    "sb.emails WHERE contact_id = $1) + (SELECT n FROM (SELECT "
	    "a.street1, row_number() OVER (ORDER BY t.sort_order, "
	    "a.id::text) - 1 AS n FROM sb.contact_addresses ca JOIN "
	    "sb.addresses a ON a.id = ca.address_id AND a.deleted_at IS NULL "
	    "JOIN sb.address_types t ON t.code = a.type WHERE ca.contact_id = "
	    "$1 AND ca.deleted_at IS NULL) x WHERE street1 = $2)", id,
	    "3 Undo Lane");
	screen_key(s, SCREEN_KEY_HOME);
	testdemo_down(s, above);
	screen_send(s, "d");
	WAIT_TEXT(s, "Remove the address Vault");
	screen_send(s, "y");
	WAIT_TEXT(s, "Removed Vault: 3 Undo Lane");
	WAIT_TEXT(s, "(u undoes)");
	fixture_assert_sql("0", linked, id, "3 Undo Lane");
	close_items(s);
	screen_send(s, "u");
	WAIT_TEXT(s, "Undone: removal of address Vault: 3 Undo Lane");
	fixture_assert_sql("1", linked, id, "3 Undo Lane");
	free(above);
	free(pos);
	free(name);
	free(id);
	testdemo_quit(s);
}

/*
 * A phone the demo made (someone else created it) removed, then u: it is
 * linked again, although nothing else links it in the meantime.
 */
static void
test_demo_phone_remove_undo(void **state)
{
	struct screen	*s = fixture_open_riverside(true);
	char		*name = editable_contact("2");
	char		*id = testdemo_riverside_contact(&demo, name);
	char		*row, *phone;
	const char	*linked = "SELECT count(*) FROM sb.contact_phones "
	    "WHERE contact_id = $1 AND phone_id = $2 AND deleted_at IS NULL";

	(void)state;
	/* One nothing else links: unlinked, only its remover may see it. */
	row = fixture_value("SELECT n FROM (" PHONES_IN_ORDER ") x WHERE "
	    "NOT EXISTS "
	    "(SELECT 1 FROM sb.organization_phones o WHERE o.phone_id = x.id "
	    "AND o.deleted_at IS NULL) AND NOT EXISTS (SELECT 1 FROM "
	    "sb.contact_phones o WHERE o.phone_id = x.id AND o.contact_id <> "
	    "$1 AND o.deleted_at IS NULL) ORDER BY n LIMIT 1", id, NULL);
	phone = fixture_value("SELECT id FROM (" PHONES_IN_ORDER ") x WHERE "
	    "n = $2::int", id, row);
	fixture_assert_sql("postgres",
	    "SELECT actor FROM sb.domain_events WHERE "
	    "stream_id = $1 AND stream_version = 1", phone, NULL);
	testdemo_items_open(s, name);
	screen_key(s, SCREEN_KEY_HOME);
	testdemo_down(s, row);
	screen_send(s, "d");
	WAIT_TEXT(s, "Remove the phone");
	screen_send(s, "y");
	WAIT_TEXT(s, "(u undoes)");
	fixture_assert_sql("0", linked, id, phone);
	screen_send(s, "u");
	WAIT_TEXT(s, "Undone: removal of phone");
	fixture_assert_sql("1", linked, id, phone);
	close_items(s);
	free(row);
	free(phone);
	free(name);
	free(id);
	testdemo_quit(s);
}

/* Who has the contact's phone mark, "" for none. */
static char *
phone_mark(const char *id)
{
	return (fixture_value("SELECT coalesce(string_agg(phone_id::text,"
	    " ','), '') "
	    "FROM sb.contact_phones WHERE contact_id = $1 AND is_primary "
	    "AND deleted_at IS NULL", id, NULL));
}

/* Mark the first phone that is not primary; returns its id. */
static char *
mark_other(struct screen *s, const char *id)
{
	char	*row, *phone;

	row = fixture_value("SELECT n FROM (" PHONES_IN_ORDER ") x WHERE NOT "
	    "is_primary ORDER BY n LIMIT 1", id, NULL);
	phone = fixture_value("SELECT id FROM (" PHONES_IN_ORDER ") x WHERE "
	    "n = $2::int", id, row);
	screen_key(s, SCREEN_KEY_HOME);
	testdemo_down(s, row);
	screen_send(s, "*");
	WAIT_TEXT(s, "is now the primary phone (u undoes)");
	free(row);
	return (phone);
}

/*
 * In the open items list, add number as a new phone of contact id with
 * Primary ticked; returns its id, found by e164 among the contact's
 * primary phones.
 */
static char *
add_primary_phone(struct screen *s, const char *id, const char *number,
    const char *e164)
{
	screen_send(s, "a");
	WAIT_TEXT(s, "Add which?");
	screen_send(s, "p");
	testdemo_items_form(s, "New phone: ");
	screen_send(s, number);
	screen_key(s, SCREEN_KEY_TAB);
	screen_key(s, SCREEN_KEY_TAB);
	screen_key(s, SCREEN_KEY_TAB);
	screen_key(s, SCREEN_KEY_TAB);
	screen_send(s, " ");
	screen_key_ctrl(s, 'x');
	WAIT_TEXT(s, "Saved the phone (u undoes)");
	return (fixture_value("SELECT p.id FROM sb.contact_phones cp "
	    "JOIN sb.phones p "
	    "ON p.id = cp.phone_id WHERE cp.contact_id = $1 AND cp.is_primary "
	    "AND cp.deleted_at IS NULL AND p.e164 = $2", id, e164));
}

/*
 * Another phone marked primary, then u: the mark goes back to the one
 * that had it; and when none had it, u takes it off again. A primary
 * phone removed comes back with its mark.
 */
static void
test_primary_undo(void **state)
{
	struct screen	*s = fixture_open_riverside(true);
	char		*name = editable_contact("0");
	char		*id = testdemo_riverside_contact(&demo, name);
	char		*was, *phone, *now;

	(void)state;
	was = phone_mark(id);
	testdemo_items_open(s, name);
	phone = mark_other(s, id);
	fixture_assert_sql(phone, "SELECT string_agg(phone_id::text, ',') FROM "
	    "sb.contact_phones WHERE contact_id = $1 AND is_primary AND "
	    "deleted_at IS NULL", id, NULL);
	screen_send(s, "u");
	WAIT_TEXT(s, "Undone: primary mark on phone");
	now = phone_mark(id);
	assert_string_equal(now, was);
	free(now);
	free(phone);
	/* None marked: the undo leaves none marked. */
	close_items(s);
	if (*was != '\0')
		free(testsql_value(demo.admin, "SELECT "
		    "sb.contact_phone_clear_primary($1, $2)", id, was, NULL));
	fixture_assert_sql("",
	    "SELECT coalesce(string_agg(phone_id::text, ','), '') "
	    "FROM sb.contact_phones WHERE contact_id = $1 AND is_primary",
	    id, NULL);
	screen_send(s, "i");
	WAIT_TEXT(s, "a add  Enter/e edit");
	phone = mark_other(s, id);
	now = phone_mark(id);
	assert_string_equal(now, phone);
	free(now);
	screen_send(s, "u");
	WAIT_TEXT(s, "Undone: primary mark on phone");
	now = phone_mark(id);
	assert_string_equal(now, "");
	free(now);
	free(phone);
	/* The mark moved again by someone else since: u refuses. */
	phone = mark_other(s, id);
	free(testsql_value(demo.admin, "SELECT "
	    "sb.contact_phone_clear_primary($1, $2)", id, phone, NULL));
	screen_send(s, "u");
	WAIT_TEXT(s, "Not undone: the phone changed since your change");
	now = phone_mark(id);
	assert_string_equal(now, "");
	free(now);
	free(phone);
	/*
	 * A primary phone removed, then u: back, and primary again. The
	 * admin's own (a phone someone else made is out of the admin's
	 * sight once unlinked).
	 */
	phone = add_primary_phone(s, id, "(217) 555-0163", "+12175550163");
	screen_send(s, "d");
	WAIT_TEXT(s, "Remove the phone");
	screen_send(s, "y");
	WAIT_TEXT(s, "Removed ");
	fixture_assert_sql("",
	    "SELECT coalesce(string_agg(phone_id::text, ','), '') "
	    "FROM sb.contact_phones WHERE contact_id = $1 AND is_primary "
	    "AND deleted_at IS NULL", id, NULL);
	screen_send(s, "u");
	WAIT_TEXT(s, "Undone: removal of phone");
	now = phone_mark(id);
	assert_string_equal(now, phone);
	free(now);
	free(phone);
	free(was);
	free(name);
	free(id);
	close_items(s);
	testdemo_quit(s);
}

/*
 * A new phone marked primary takes the mark from the phone that had it;
 * u takes the new phone off and gives the mark back.
 */
static void
test_add_primary_undo(void **state)
{
	struct screen	*s = fixture_open_riverside(true);
	char		*name = editable_contact("1");
	char		*id = testdemo_riverside_contact(&demo, name);
	char		*was, *phone, *now;

	(void)state;
	was = fixture_value("SELECT phone_id FROM sb.contact_phones "
	    "WHERE contact_id"
	    " = $1 AND deleted_at IS NULL ORDER BY phone_id LIMIT 1", id,
	    NULL);
	free(testsql_value(demo.admin, "SELECT sb.contact_phone_set_primary("
	    "$1, $2)", id, was, NULL));
	testdemo_items_open(s, name);
	phone = add_primary_phone(s, id, "(217) 555-0174", "+12175550174");
	now = phone_mark(id);
	assert_string_equal(now, phone);
	free(now);
	close_items(s);
	screen_send(s, "u");
	WAIT_TEXT(s, "Undone: new phone");
	fixture_assert_sql("0", "SELECT count(*) FROM sb.contact_phones WHERE "
	    "contact_id = $1 AND phone_id = $2 AND deleted_at IS NULL", id,
	    phone);
	now = phone_mark(id);
	assert_string_equal(now, was);
	free(now);
	free(phone);
	free(was);
	free(name);
	free(id);
	testdemo_quit(s);
}

/* Riverside's own phone added, then u: off the organization again. */
static void
test_org_phone_undo(void **state)
{
	struct screen	*s = fixture_open_riverside(false);
	const char	*q = "SELECT count(*) FROM sb.organization_phones l "
	    "JOIN sb.organizations o ON o.id = l.organization_id JOIN "
	    "sb.phones p ON p.id = l.phone_id WHERE o.name = $1 AND "
	    "l.deleted_at IS NULL AND p.e164 = $2";

	(void)state;
	screen_send(s, "i");
	WAIT_TEXT(s, "Phones and addresses: Riverside Health");
	screen_send(s, "a");
	WAIT_TEXT(s, "Add which?");
	screen_send(s, "p");
	testdemo_items_form(s, "New phone: Riverside Health");
	screen_send(s, "+1 217 555 0177");
	screen_key_ctrl(s, 'x');
	WAIT_TEXT(s, "Saved the phone (u undoes)");
	fixture_assert_sql("1", q, "Riverside Health", "+12175550177");
	screen_send(s, "u");
	WAIT_TEXT(s, "Undone: new phone +1 217 555 0177 of Riverside Health");
	fixture_assert_sql("0", q, "Riverside Health", "+12175550177");
	close_items(s);
	testdemo_quit(s);
}

/*
 * An email edited, then changed again by someone else: u refuses,
 * saying so, and writes nothing.
 */
static void
test_email_edit_refused(void **state)
{
	struct screen	*s = fixture_open_riverside(true);
	char		*name = editable_contact("1");
	char		*id = testdemo_riverside_contact(&demo, name);
	char		*nphones, *email, *before, *after;
	const char	*addr = "SELECT address FROM sb.emails WHERE id = $1";

	(void)state;
	nphones = fixture_value("SELECT count(*) FROM sb.contact_phones WHERE "
	    "contact_id = $1 AND deleted_at IS NULL", id, NULL);
	testdemo_items_open(s, name);
	testdemo_down(s, nphones);
	screen_send(s, "e");
	testdemo_items_form(s, "Edit email: ");
	screen_key_ctrl(s, 'u');
	screen_send(s, "undo.edited@example.org");
	screen_key_ctrl(s, 'x');
	WAIT_TEXT(s, "Saved the email (u undoes)");
	email = fixture_value("SELECT id FROM sb.emails WHERE address = $1",
	    "undo.edited@example.org", NULL);
	/* Someone else changes it again. */
	free(testsql_value(demo.admin, "SELECT sb.contact_email_change($1, "
	    "$2, '{\"address\": \"someone.else@example.org\"}')", id, email,
	    NULL));
	before = events(id);
	screen_send(s, "u");
	WAIT_TEXT(s, "Not undone: the email changed since your change");
	fixture_assert_sql("someone.else@example.org", addr, email, NULL);
	after = events(id);
	assert_string_equal(before, after);
	free(nphones);
	free(email);
	free(before);
	free(after);
	free(name);
	free(id);
	close_items(s);
	testdemo_quit(s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_email_add_undo),
		cmocka_unit_test(test_phone_edit_undo),
		cmocka_unit_test(test_address_remove_undo),
		cmocka_unit_test(test_demo_phone_remove_undo),
		cmocka_unit_test(test_primary_undo),
		cmocka_unit_test(test_add_primary_undo),
		cmocka_unit_test(test_org_phone_undo),
		cmocka_unit_test(test_email_edit_refused),
	};

	return (cmocka_run_group_tests(tests, fixture_setup,
	    fixture_teardown));
}
