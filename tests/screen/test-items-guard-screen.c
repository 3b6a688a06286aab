/* Screen tests of items: email conflicts, stale removals, a lost server. */
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
#include "testdb.h"
#include "testdemo.h"
#include "testsql.h"

/*
 * The nth editable Riverside contact (no partner owns it) with a phone
 * and an email, whose "First Last" no other Riverside contact contains.
 */
#define GUARD_CONTACT							\
    "SELECT concat_ws(' ', c.first_name, c.last_name) FROM sb.contacts c"\
    " JOIN sb.organization_contacts_current oc ON oc.contact_id = c.id"	\
    " JOIN sb.organizations o ON o.id = oc.organization_id"		\
    " WHERE o.name = 'Riverside Health' AND c.active"			\
    " AND c.deleted_at IS NULL AND c.owner_organization_id IS NULL"	\
    " AND concat_ws(' ', c.first_name, c.last_name) ~ '^[A-Za-z ]+$'"	\
    " AND NOT EXISTS (SELECT 1 FROM sb.contacts x"			\
    "  JOIN sb.organization_contacts_current y ON y.contact_id = x.id"	\
    "  WHERE y.organization_id = o.id AND x.id <> c.id"			\
    "  AND lower(concat_ws(' ', x.first_name, x.last_name)) LIKE"	\
    "  '%' || lower(concat_ws(' ', c.first_name, c.last_name)) || '%')"\
    " AND EXISTS (SELECT 1 FROM sb.contact_phones cp"			\
    "  WHERE cp.contact_id = c.id AND cp.deleted_at IS NULL)"		\
    " AND EXISTS (SELECT 1 FROM sb.emails e WHERE e.contact_id = c.id)"	\
    " GROUP BY c.id ORDER BY c.id OFFSET $1::int LIMIT 1"

/* How many events on the contact's stream name like in their payload. */
static int
events(const char *id, const char *like)
{
	char	*n = fixture_value("SELECT count(*) FROM sb.domain_events "
	    "WHERE stream_id = $1::uuid AND payload::text LIKE $2", id, like);
	int	 v = atoi(n);

	free(n);
	return (v);
}

/*
 * The program as the provider admin, the nth guard contact's items open;
 * its name and id into *name and *id (caller frees).
 */
static struct screen *
open_items(const char *nth, char **name, char **id)
{
	struct screen	*s = testdemo_spawn(&demo, DEMO_ROLE_PROVIDER,
	    "C.UTF-8", 40, 130);
	char		 title[200];

	shown = s;
	*name = fixture_value(GUARD_CONTACT, nth, NULL);
	*id = testdemo_riverside_contact(&demo, *name);
	assert_non_null(*id);
	WAIT_TEXT(s, "Riverside Health");
	screen_send(s, "/Riverside");
	screen_key(s, SCREEN_KEY_ENTER);
	screen_key(s, SCREEN_KEY_TAB);
	WAIT_TEXT(s, "Name      ");
	screen_send(s, "/");
	screen_send(s, *name);
	screen_key(s, SCREEN_KEY_ENTER);
	if (!screen_wait(s, testdemo_details_of, *name, WAIT_MS))
		fail_msg("the details never showed %s", *name);
	screen_send(s, "i");
	snprintf(title, sizeof title, "Phones, emails, addresses: %s", *name);
	WAIT_TEXT(s, title);
	return (s);
}

/* Select the contact's first email in the list; its id (caller frees). */
static char *
select_email(struct screen *s, const char *id)
{
	char	*n = fixture_value("SELECT count(*) FROM sb.contact_phones "
	    "WHERE contact_id = $1 AND deleted_at IS NULL", id, NULL);
	char	*email = fixture_value("SELECT e.id FROM sb.emails e JOIN "
	    "sb.email_types t ON t.code = e.type WHERE e.contact_id = $1 "
	    "ORDER BY t.sort_order, e.is_primary DESC, e.address, e.id "
	    "LIMIT $2::int", id, "1");

	screen_key(s, SCREEN_KEY_HOME);
	testdemo_down(s, n);
	free(n);
	return (email);
}

/* Open the selected email's form and replace its address with text. */
static void
edit_address(struct screen *s, const char *text)
{
	screen_send(s, "e");
	WAIT_TEXT(s, "Edit email: ");
	WAIT_TEXT(s, "F2/C-x save");
	if (!screen_wait(s, testdemo_gone, "a add  Enter/e edit", WAIT_MS))
		fail_msg("the list stayed under the form");
	screen_key_ctrl(s, 'u');
	screen_key_ctrl(s, 'k');
	screen_send(s, text);
	WAIT_TEXT(s, text);
}

/* Someone else sets the email's address while the form is open. */
static void
theirs(const char *id, const char *email, const char *address)
{
	char	*json = xasprintf("{\"address\": \"%s\"}", address);
	char	*v = testsql_value(demo.admin, "SELECT "
	    "sb.contact_email_change($1, $2, $3::jsonb)", id, email, json,
	    NULL);

	assert_non_null(v);
	assert_string_equal(v, "t");
	free(v);
	free(json);
}

/*
 * Two people edit one email: the conflict screen shows both addresses;
 * keeping mine saves mine, taking theirs saves nothing and shows theirs.
 */
static void
test_email_conflict(void **state)
{
	struct screen	*s;
	char		*name, *id, *email;
	const char	*q = "SELECT address FROM sb.emails WHERE id = $1";

	(void)state;
	s = open_items("0", &name, &id);
	email = select_email(s, id);
	edit_address(s, "mine.guard@example.org");
	theirs(id, email, "theirs.guard@example.org");
	screen_key_ctrl(s, 'x');
	WAIT_TEXT(s, "Someone else changed it while you edited");
	WAIT_TEXT(s, "theirs.guard@example.org");
	assert_true(screen_contains(s, "mine.guard@example.org"));
	assert_true(screen_contains(s, "Mine"));
	assert_true(screen_contains(s, "Theirs"));
	/* Nothing overwritten while the admin chooses. */
	fixture_assert_sql("theirs.guard@example.org", q, email, NULL);
	screen_send(s, "m");
	screen_key(s, SCREEN_KEY_ENTER);
	WAIT_TEXT(s, "Saved the email");
	fixture_assert_sql("mine.guard@example.org", q, email, NULL);
	assert_int_equal(events(id, "%mine.guard@example.org%"), 1);
	/* Again; this time theirs is taken: nothing of mine is saved. */
	edit_address(s, "mine2.guard@example.org");
	theirs(id, email, "theirs2.guard@example.org");
	screen_key_ctrl(s, 'x');
	WAIT_TEXT(s, "Someone else changed it while you edited");
	WAIT_TEXT(s, "theirs2.guard@example.org");
	screen_send(s, "t");
	screen_key(s, SCREEN_KEY_ENTER);
	WAIT_TEXT(s, "a add  Enter/e edit");
	WAIT_TEXT(s, "theirs2.guard@example.org");
	fixture_assert_sql("theirs2.guard@example.org", q, email, NULL);
	assert_int_equal(events(id, "%mine2.guard@example.org%"), 0);
	free(email);
	free(name);
	free(id);
	screen_key(s, SCREEN_KEY_ESC);
	testdemo_quit(s);
}

/*
 * A remove of an email someone else changed since the list was loaded
 * is refused, saying so, and the list shows it as it is now; pressed
 * again, it goes.
 */
static void
test_remove_changed(void **state)
{
	struct screen	*s;
	char		*name, *id, *email;
	const char	*q = "SELECT count(*) FROM sb.emails WHERE id = $1";

	(void)state;
	s = open_items("1", &name, &id);
	email = select_email(s, id);
	theirs(id, email, "moved.guard@example.org");
	screen_send(s, "d");
	WAIT_TEXT(s, "Remove the email ");
	screen_send(s, "y");
	WAIT_TEXT(s, "Not removed: someone else changed this email since the "
	    "list was loaded; look again");
	WAIT_TEXT(s, "moved.guard@example.org");
	fixture_assert_sql("1", q, email, NULL);
	screen_send(s, "d");
	WAIT_TEXT(s, "Remove the email moved.guard@example.org");
	screen_send(s, "y");
	WAIT_TEXT(s, "Removed moved.guard@example.org");
	fixture_assert_sql("0", q, email, NULL);
	free(email);
	free(name);
	free(id);
	screen_key(s, SCREEN_KEY_ESC);
	testdemo_quit(s);
}

/*
 * The connection dies while an email edit waits on the server: the form
 * keeps what was typed and says so; saved again, the change lands once.
 */
static void
test_email_connection_lost(void **state)
{
	struct screen	*s;
	PGconn		*locker;
	char		*name, *id, *email, *pid = NULL;
	const char	*q = "SELECT address FROM sb.emails WHERE id = $1";

	(void)state;
	s = open_items("3", &name, &id);
	email = select_email(s, id);
	edit_address(s, "midway.guard@example.org");
	/* Someone else's change of the contact holds its stream. */
	locker = testdb_connect(demo.tdb, "postgres");
	testsql_exec(locker, "BEGIN");
	free(testsql_value(locker, "SELECT pg_advisory_xact_lock("
	    "hashtext('contact'), hashtext($1))::text", id, NULL));
	screen_key_ctrl(s, 'x');
	pid = testdemo_lock_waiter(&demo, s, DEMO_ROLE_PROVIDER);
	free(testsql_value(demo.admin, "SELECT pg_terminate_backend($1::int)",
	    pid, NULL));
	testsql_exec(locker, "ROLLBACK");
	PQfinish(locker);
	WAIT_TEXT(s, "Not saved: the connection broke and is back. Changes "
	    "kept; save again");
	assert_true(screen_contains(s, "midway.guard@example.org"));
	assert_int_equal(events(id, "%midway.guard@example.org%"), 0);
	screen_key_ctrl(s, 'x');
	WAIT_TEXT(s, "Saved the email");
	fixture_assert_sql("midway.guard@example.org", q, email, NULL);
	assert_int_equal(events(id, "%midway.guard@example.org%"), 1);
	free(pid);
	free(email);
	free(name);
	free(id);
	screen_key(s, SCREEN_KEY_ESC);
	testdemo_quit(s);
}

/*
 * The server goes away while a new phone is typed: the save says so and
 * keeps the form and the text; once the server is back the same save
 * lands, once.
 */
static void
test_phone_server_down(void **state)
{
	struct screen	*s;
	char		*name, *id;
	const char	*q = "SELECT count(*) FROM sb.contact_phones cp JOIN "
	    "sb.phones p ON p.id = cp.phone_id WHERE cp.contact_id = $1 AND "
	    "cp.deleted_at IS NULL AND p.e164 = $2";

	(void)state;
	s = open_items("2", &name, &id);
	screen_send(s, "a");
	WAIT_TEXT(s, "Add which?");
	screen_send(s, "p");
	WAIT_TEXT(s, "New phone: ");
	WAIT_TEXT(s, "F2/C-x save");
	screen_send(s, "(217) 555-0188");
	WAIT_TEXT(s, "(217) 555-0188");
	testdb_stop_server(demo.tdb);
	screen_key_ctrl(s, 'x');
	WAIT_TEXT(s, "Not saved: server unreachable. Changes kept; save "
	    "again when it is back");
	assert_true(screen_contains(s, "New phone: "));
	assert_true(screen_contains(s, "(217) 555-0188"));
	testdb_start_server(demo.tdb);
	PQreset(demo.admin);
	assert_int_equal(PQstatus(demo.admin), CONNECTION_OK);
	fixture_assert_sql("0", q, id, "+12175550188");
	/* Still the form, with what was typed. */
	assert_true(screen_contains(s, "New phone: "));
	assert_true(screen_contains(s, "(217) 555-0188"));
	screen_key_ctrl(s, 'x');
	WAIT_TEXT(s, "Saved the phone");
	WAIT_TEXT(s, "(217) 555-0188");
	fixture_assert_sql("1", q, id, "+12175550188");
	fixture_assert_sql("1", "SELECT count(*) FROM sb.domain_events d JOIN "
	    "sb.phones p ON d.payload->>'phone_id' = p.id::text WHERE "
	    "d.stream_id = $1::uuid AND d.event_type = 'contact.phone.added' "
	    "AND p.e164 = $2", id, "+12175550188");
	free(name);
	free(id);
	screen_key(s, SCREEN_KEY_ESC);
	testdemo_quit(s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_email_conflict),
		cmocka_unit_test(test_remove_changed),
		cmocka_unit_test(test_email_connection_lost),
		/* Last: it stops the server. */
		cmocka_unit_test(test_phone_server_down),
	};

	return (cmocka_run_group_tests(tests, fixture_setup,
	    fixture_teardown));
}
