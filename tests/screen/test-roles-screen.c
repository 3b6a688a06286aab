/* Screen tests: a linked contact's role and primary mark, and their undo. */
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

/* The contact's active links to Riverside: "role:primary,...". */
static const char	links_sql[] = "SELECT coalesce(string_agg(role || "
    "':' || is_primary, ',' ORDER BY role), '') FROM "
    "sb.organization_contacts WHERE organization_id = $1 AND contact_id = "
    "$2 AND deleted_at IS NULL";

/* Change the role in the form, see it in the pane, undo it. */
static void
test_role_change_and_undo(void **state)
{
	const char	*here[] = { riverside, NULL };
	struct screen	*s;
	char		*id;

	(void)state;
	id = testroles_contact(demo.admin, "Rolf", "Rolechange", NULL,
	    "stakeholder", here);
	s = fixture_start_at(DEMO_ROLE_PROVIDER, "Rolf Rolechange");
	screen_send(s, "e");
	WAIT_TEXT(s, "Edit Rolf Rolechange");
	WAIT_TEXT(s, "Primary for role");
	screen_key(s, SCREEN_KEY_BTAB);
	screen_key(s, SCREEN_KEY_BTAB);		/* Role here */
	screen_send(s, " ");			/* stakeholder -> admin */
	WAIT_TEXT(s, "< admin >");
	screen_key_ctrl(s, 'x');
	WAIT_TEXT(s, "Role here: admin, was stakeholder");
	ASSERT_SQL(demo.admin, "admin:false", links_sql, riverside, id);
	/* The contacts pane shows the new role once it has reloaded. */
	testdemo_wait_row(s, "Rolf Rolechange", "admin");
	screen_send(s, "u");
	WAIT_TEXT(s, "Undone: role change of Rolf Rolechange");
	ASSERT_SQL(demo.admin, "stakeholder:false", links_sql, riverside, id);
	assert_int_equal(testdemo_idle_in_transaction(&demo,
	    DEMO_ROLE_PROVIDER), 0);
	free(id);
	testdemo_quit(s);
}

/* A contact in two roles here: the form edits the role of the row chosen. */
static void
test_role_of_selected_row(void **state)
{
	const char	*here[] = { riverside, NULL };
	struct screen	*s;
	char		*id;

	(void)state;
	id = testroles_contact(demo.admin, "Dual", "Rolerows", NULL,
	    "billing", here);
	free(testsql_value(demo.admin, "SELECT sb.organization_contact_link("
	    "$1, $2, 'technical')::text", riverside, id, NULL));
	s = fixture_start_at(DEMO_ROLE_PROVIDER, "Dual Rolerows");
	testdemo_wait_row(s, "Dual Rolerows", "technical");
	screen_key(s, SCREEN_KEY_DOWN);		/* the technical row */
	screen_send(s, "e");
	WAIT_TEXT(s, "Primary for role");
	WAIT_TEXT(s, "< technical >");
	screen_key(s, SCREEN_KEY_ESC);
	free(id);
	testdemo_quit(s);
}

/*
 * Primary for a role another contact holds: the question names both, then
 * the role and the mark move in one transaction.
 */
static void
test_role_primary_move(void **state)
{
	const char	*here[] = { riverside, NULL };
	struct screen	*s;
	char		*id, *holder, *name;

	(void)state;
	id = testroles_contact(demo.admin, "Prim", "Rosemover", NULL,
	    "stakeholder", here);
	holder = testsql_value(demo.admin, "SELECT contact_id FROM "
	    "sb.organization_contacts WHERE organization_id = $1 AND role = "
	    "'technical' AND is_primary AND deleted_at IS NULL", riverside,
	    NULL);
	assert_non_null(holder);
	name = testsql_value(demo.admin, "SELECT first_name || ' ' || "
	    "last_name FROM sb.contacts WHERE id = $1", holder, NULL);
	s = fixture_start_at(DEMO_ROLE_PROVIDER, "Prim Rosemover");
	screen_send(s, "e");
	WAIT_TEXT(s, "Edit Prim Rosemover");
	WAIT_TEXT(s, "Primary for role");
	screen_key(s, SCREEN_KEY_BTAB);
	screen_key(s, SCREEN_KEY_BTAB);
	screen_send(s, "   ");		/* admin, billing, technical */
	WAIT_TEXT(s, "< technical >");
	screen_key(s, SCREEN_KEY_TAB);
	screen_send(s, " ");
	WAIT_TEXT(s, "[x]");
	screen_key_ctrl(s, 'x');
	WAIT_TEXT(s, "Move the mark to Prim Rosemover?");
	WAIT_TEXT(s, name);
	/* Nothing is written before the answer. */
	ASSERT_SQL(demo.admin, "stakeholder:false", links_sql, riverside, id);
	screen_send(s, "y");
	WAIT_TEXT(s, "Role here: technical, primary, was stakeholder");
	ASSERT_SQL(demo.admin, "technical:true", links_sql, riverside, id);
	ASSERT_SQL(demo.admin, "technical:false", links_sql, riverside,
	    holder);
	/* Linked, unlinked and the mark moved: one transaction. */
	ASSERT_SQL(demo.admin, "4", "SELECT count(*) FROM sb.domain_events "
	    "WHERE stream_id = $1 AND xmin = (SELECT xmin FROM "
	    "sb.domain_events WHERE stream_id = $1 ORDER BY stream_version "
	    "DESC LIMIT 1)", riverside);
	testdemo_wait_row(s, "Prim Rosemover", "technical");
	/* The undo gives the old role back and the mark to its holder. */
	screen_send(s, "u");
	WAIT_TEXT(s, "Undone: role change of Prim Rosemover");
	ASSERT_SQL(demo.admin, "stakeholder:false", links_sql, riverside, id);
	ASSERT_SQL(demo.admin, "technical:true", links_sql, riverside, holder);
	free(id);
	free(holder);
	free(name);
	testdemo_quit(s);
}

/* An undo after someone else changed the link since: refused. */
static void
test_role_undo_refused(void **state)
{
	const char	*here[] = { riverside, NULL };
	struct screen	*s;
	char		*id;

	(void)state;
	id = testroles_contact(demo.admin, "Ursa", "Undoblock", NULL,
	    "stakeholder", here);
	s = fixture_start_at(DEMO_ROLE_PROVIDER, "Ursa Undoblock");
	screen_send(s, "e");
	WAIT_TEXT(s, "Primary for role");
	screen_key(s, SCREEN_KEY_BTAB);
	screen_key(s, SCREEN_KEY_BTAB);
	screen_send(s, " ");
	WAIT_TEXT(s, "< admin >");
	screen_key_ctrl(s, 'x');
	WAIT_TEXT(s, "Role here: admin, was stakeholder");
	/* Someone else links it in another role meanwhile. */
	free(testsql_value(demo.admin, "SELECT sb.organization_contact_link("
	    "$1, $2, 'billing')", riverside, id, NULL));
	screen_send(s, "u");
	WAIT_TEXT(s, "link changed since your change");
	ASSERT_SQL(demo.admin, "admin:false,billing:false", links_sql,
	    riverside, id);
	free(id);
	testdemo_quit(s);
}

/*
 * Support staff read every organization and change none: new, link,
 * unlink, primary and delete are not offered (the key says why, no form
 * opens, nothing is written) and the help shows them dimmed with the
 * reason; edit opens read-only. The provider admin is offered them.
 */
static void
test_support_not_offered(void **state)
{
	static const char *const keys[] = { "n", "L", "x", "*", "D", NULL };
	const char	*sql = "SELECT count(*) FROM sb.domain_events";
	struct screen	*s;
	char		*before;
	size_t		 i;

	(void)state;
	before = testsql_value(demo.admin, sql, NULL);
	/* Support sees every organization: Riverside is found by name. */
	s = testdemo_spawn(&demo, DEMO_ROLE_SUPPORT, "C.UTF-8", 36, 130);
	WAIT_TEXT(s, "Organizations (");
	screen_send(s, "/Riverside Health");
	screen_key(s, SCREEN_KEY_ENTER);
	screen_key(s, SCREEN_KEY_TAB);
	WAIT_TEXT(s, "Name      ");
	for (i = 0; keys[i] != NULL; i++) {
		screen_send(s, keys[i]);
		WAIT_TEXT(s, "You can read Riverside Health's contacts but not "
		    "change them (read-only access)");
		assert_false(screen_contains(s, "First name"));
		assert_false(screen_contains(s, "(y/n)"));
		screen_send(s, "j");
		WAIT_GONE(s, "You can read Riverside Health's contacts");
	}
	ASSERT_SQL(demo.admin, before, sql);
	screen_send(s, "?");
	WAIT_TEXT(s, "Keys: main view");
	screen_key(s, SCREEN_KEY_END);
	WAIT_TEXT(s, "New contact (not for you here: read-only access)");
	WAIT_TEXT(s, "Unlink");
	screen_send(s, "x");
	WAIT_GONE(s, "Keys: main view");
	/* Edit shows the contact, read-only, saying why. */
	screen_send(s, "e");
	WAIT_TEXT(s, "Read-only: read-only access");
	screen_key(s, SCREEN_KEY_ESC);
	WAIT_GONE(s, "Read-only: read-only access");
	testdemo_quit(s);
	free(before);
	/* Riverside's own admin is offered the same keys. */
	s = fixture_start_at(DEMO_ROLE_PROVIDER, NULL);
	screen_send(s, "n");
	WAIT_TEXT(s, "New contact");
	WAIT_TEXT(s, "First name");
	screen_key(s, SCREEN_KEY_ESC);
	WAIT_GONE(s, "First name");
	screen_send(s, "?");
	WAIT_TEXT(s, "Keys: main view");
	screen_key(s, SCREEN_KEY_END);
	WAIT_TEXT(s, "New contact");
	assert_false(screen_contains(s, "New contact (not for you here"));
	assert_false(screen_contains(s, "Unlink (not for you here"));
	screen_send(s, "x");
	WAIT_GONE(s, "Keys: main view");
	testdemo_quit(s);
}

/*
 * An error in the server's own words (a constraint the schema does not
 * raise itself) shows as a sentence, everything typed kept; E shows the
 * server's words.
 */
static void
test_raw_error_details(void **state)
{
	const char	*here[] = { riverside, NULL };
	struct screen	*s;
	char		*id;

	(void)state;
	id = testroles_contact(demo.admin, "Rae", "Rawerror", riverside,
	    "stakeholder", here);
	testsql_exec(demo.admin, "ALTER TABLE sb.contacts ADD CONSTRAINT "
	    "test_no_raw CHECK (title IS DISTINCT FROM 'Raw Fail')");
	s = fixture_start_at(DEMO_ROLE_PROVIDER, "Rae Rawerror");
	screen_send(s, "E");
	WAIT_TEXT(s, "No server error to show yet");
	screen_send(s, "e");
	WAIT_TEXT(s, "Edit Rae Rawerror");
	screen_key(s, SCREEN_KEY_TAB);
	screen_key(s, SCREEN_KEY_TAB);
	screen_send(s, "Raw Fail");
	screen_key_ctrl(s, 'x');
	WAIT_TEXT(s, "a value is outside what the directory allows");
	assert_false(screen_contains(s, "test_no_raw"));
	WAIT_TEXT(s, "Raw Fail");
	screen_key(s, SCREEN_KEY_ESC);
	WAIT_TEXT(s, "Discard your changes? (y/n)");
	screen_send(s, "y");
	WAIT_GONE(s, "Edit Rae Rawerror");
	screen_send(s, "E");
	WAIT_TEXT(s, "Details of the last error");
	WAIT_TEXT(s, "SQLSTATE 23514");
	WAIT_TEXT(s, "test_no_raw");
	screen_send(s, "x");
	WAIT_GONE(s, "Details of the last error");
	testsql_exec(demo.admin, "ALTER TABLE sb.contacts DROP CONSTRAINT "
	    "test_no_raw");
	free(id);
	testdemo_quit(s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_role_change_and_undo),
		cmocka_unit_test(test_role_of_selected_row),
		cmocka_unit_test(test_role_primary_move),
		cmocka_unit_test(test_role_undo_refused),
		cmocka_unit_test(test_support_not_offered),
		cmocka_unit_test(test_raw_error_details),
	};

	return cmocka_run_group_tests(tests, fixture_setup,
	    fixture_teardown);
}
