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

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_role_change_and_undo),
		cmocka_unit_test(test_role_of_selected_row),
		cmocka_unit_test(test_role_primary_move),
		cmocka_unit_test(test_role_undo_refused),
	};

	return cmocka_run_group_tests(tests, fixture_setup,
	    fixture_teardown);
}
