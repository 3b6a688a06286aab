/* Screen tests of editing: read-only contacts, refused undo, a lost server. */
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
#include "testdb.h"
#include "testdemo.h"
#include "testsql.h"

/* How many events the contact's stream holds (whose payload has like). */
static int
contact_events(const char *id, const char *like)
{
	char	*n;
	int	 v;

	n = testsql_value(demo.admin, "SELECT count(*) FROM sb.domain_events "
	    "WHERE stream_id = $1::uuid AND payload::text LIKE $2", id,
	    like != NULL ? like : "%", NULL);
	v = atoi(n);
	free(n);
	return v;
}

/* Focus the title field and replace its text. */
static void
type_title(struct screen *s, const char *text)
{
	screen_key(s, SCREEN_KEY_TAB);
	screen_key(s, SCREEN_KEY_TAB);
	screen_key_ctrl(s, 'u');
	screen_key_ctrl(s, 'k');
	screen_send(s, text);
	WAIT_TEXT(s, text);
}

/*
 * A contact of Riverside Health that Northwind owns opens read-only for
 * the provider admin, says why, and neither typing nor saving changes it.
 */
static void
test_readonly_partner(void **state)
{
	struct screen	*s = fixture_start_riverside();
	char		*name, *last, *id, *version, *v, filter[80];
	int		 events;

	(void)state;
	id = testsql_value(demo.admin, "SELECT c.id FROM sb.contacts c JOIN "
	    "sb.organization_contacts oc ON oc.contact_id = c.id JOIN "
	    "sb.organizations o ON o.id = oc.organization_id WHERE o.name = "
	    "'Riverside Health' AND oc.deleted_at IS NULL AND "
	    "c.owner_organization_id = (SELECT id FROM sb.organizations "
	    "WHERE name = $1) ORDER BY c.last_name LIMIT 1",
	    "Northwind Health Partners", NULL);
	assert_non_null(id);
	last = fixture_contact_column(id, "last_name");
	name = fixture_contact_column(id,
	    "concat_ws(' ', nullif(first_name, ''), "
	    "nullif(last_name, ''))");
	version = fixture_contact_column(id, "version");
	events = contact_events(id, NULL);
	snprintf(filter, sizeof filter, "/%s", last);
	screen_send(s, filter);
	screen_key(s, SCREEN_KEY_ENTER);
	WAIT_TEXT(s, name);
	screen_send(s, "e");
	WAIT_TEXT(s, "First name");
	v = testdemo_between(s, "Edit ", "\u2500");
	assert_non_null(v);
	assert_string_equal(v, name);
	free(v);
	WAIT_TEXT(s, "Read-only: owned by Northwind Health Partners");
	assert_int_equal(testdemo_idle_in_transaction(&demo,
	    DEMO_ROLE_PROVIDER), 0);
	/* Typing changes nothing and says why. */
	screen_key(s, SCREEN_KEY_TAB);
	screen_key(s, SCREEN_KEY_TAB);
	screen_send(s, "Zq");
	WAIT_TEXT(s, "Read-only: owned by Northwind Health Partners");
	assert_false(screen_contains(s, "Zq"));
	/* A save is refused with the reason; nothing is written. */
	screen_key_ctrl(s, 'x');
	WAIT_TEXT(s, "Read-only: owned by Northwind Health Partners");
	assert_true(screen_contains(s, "First name"));
	assert_int_equal(contact_events(id, NULL), events);
	v = fixture_contact_column(id, "version");
	assert_string_equal(v, version);
	free(v);
	/* Esc closes it without asking: nothing was changed. */
	screen_key(s, SCREEN_KEY_ESC);
	WAIT_TEXT(s, "Name      ");
	assert_false(screen_contains(s, "Discard your changes?"));
	free(version);
	free(name);
	free(last);
	free(id);
	testdemo_quit(s);
}

/* Someone else changes the contact after the admin's edit: no undo. */
static void
test_undo_refused(void **state)
{
	struct screen	*s = fixture_start_riverside();
	char		*name, *id, *v;
	int		 events;

	(void)state;
	id = fixture_open_form(s, &name);
	type_title(s, "Undo Mine");
	screen_key_ctrl(s, 'x');
	WAIT_TEXT(s, "Saved (u undoes)");
	v = fixture_contact_column(id, "title");
	assert_string_equal(v, "Undo Mine");
	free(v);
	/* Another actor writes the same contact. */
	free(testsql_value(demo.admin, "SELECT sb.contact_update($1, NULL, "
	    "jsonb_build_object('title', 'Theirs Later'))", id, NULL));
	events = contact_events(id, NULL);
	screen_send(s, "u");
	WAIT_TEXT(s, "the contact changed since your edit");
	WAIT_TEXT(s, "(by postgres)");
	assert_false(screen_contains(s, "Undone"));
	v = fixture_contact_column(id, "title");
	assert_string_equal(v, "Theirs Later");
	free(v);
	assert_int_equal(contact_events(id, NULL), events);
	free(id);
	free(name);
	testdemo_quit(s);
}

/*
 * The connection dies while a save waits on the server: the form says
 * so and stays; once reconnected the same save lands, once.
 */
static void
test_save_connection_lost(void **state)
{
	struct screen	*s = fixture_start_riverside();
	PGconn		*locker;
	char		*name, *id, *v, *pid = NULL;

	(void)state;
	id = fixture_open_form(s, &name);
	type_title(s, "Midway Title");
	locker = testdb_connect(demo.tdb, "postgres");
	testsql_exec(locker, "BEGIN");
	free(testsql_value(locker, "SELECT id FROM sb.contacts WHERE id = $1 "
	    "FOR UPDATE", id, NULL));
	screen_key_ctrl(s, 'x');
	pid = testdemo_lock_waiter(&demo, s, DEMO_ROLE_PROVIDER);
	free(testsql_value(demo.admin, "SELECT pg_terminate_backend($1::int)",
	    pid, NULL));
	testsql_exec(locker, "ROLLBACK");
	PQfinish(locker);
	/* The connection came back by itself: say so, not "unreachable". */
	WAIT_TEXT(s, "Not saved: the connection broke and is back. Changes "
	    "kept; save again");
	assert_true(screen_contains(s, "Midway Title"));
	assert_int_equal(contact_events(id, "%Midway Title%"), 0);
	screen_key_ctrl(s, 'x');
	WAIT_TEXT(s, "Saved (u undoes)");
	assert_int_equal(contact_events(id, "%Midway Title%"), 1);
	v = fixture_contact_column(id, "title");
	assert_string_equal(v, "Midway Title");
	free(v);
	free(pid);
	free(id);
	free(name);
	testdemo_quit(s);
}

/*
 * The server goes away with a change typed: the save says so and keeps
 * the form; once the server is back the same save lands, once.
 */
static void
test_save_server_down(void **state)
{
	struct screen	*s = fixture_start_riverside();
	char		*name, *id, *v;

	(void)state;
	id = fixture_open_form(s, &name);
	type_title(s, "Offline Title");
	testdb_stop_server(demo.tdb);
	screen_key_ctrl(s, 'x');
	WAIT_TEXT(s, "Not saved: server unreachable. Changes kept; save "
	    "again when it is back");
	assert_true(screen_contains(s, "First name"));
	assert_true(screen_contains(s, "Offline Title"));
	testdb_start_server(demo.tdb);
	PQreset(demo.admin);
	assert_int_equal(PQstatus(demo.admin), CONNECTION_OK);
	WAIT_TEXT(s, "Reconnected to the server");
	/* The form is still open with what was typed. */
	assert_true(screen_contains(s, "Offline Title"));
	assert_int_equal(contact_events(id, "%Offline Title%"), 0);
	screen_key_ctrl(s, 'x');
	WAIT_TEXT(s, "Saved (u undoes)");
	v = fixture_contact_column(id, "title");
	assert_string_equal(v, "Offline Title");
	free(v);
	assert_int_equal(contact_events(id, "%Offline Title%"), 1);
	/* The panes show it. */
	WAIT_TEXT(s, "Offline Title");
	free(id);
	free(name);
	testdemo_quit(s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_readonly_partner),
		cmocka_unit_test(test_undo_refused),
		cmocka_unit_test(test_save_connection_lost),
		/* Last: it stops the server. */
		cmocka_unit_test(test_save_server_down),
	};

	return cmocka_run_group_tests(tests, fixture_setup,
	    fixture_teardown);
}
