/* Screen tests: deleting contacts, adding existing contacts by name. */
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

/*
 * Linked by organizations besides its owner: refused with the list, names
 * of those the admin sees and a count of the others.
 */
static void
test_delete_refused(void **state)
{
	const char	*orgs[4], *two[3];
	struct screen	*s;
	char		*o1, *o2, *n1, *n2, *id;

	(void)state;
	o1 = testroles_org_outside(demo.admin, DEMO_ROLE_PROVIDER, 0, &n1);
	o2 = testroles_org_outside(demo.admin, DEMO_ROLE_PROVIDER, 1, &n2);
	orgs[0] = riverside;
	orgs[1] = o1;
	orgs[2] = o2;
	orgs[3] = NULL;
	id = testroles_contact(demo.admin, "Dora", "Deletelinked", riverside,
	    "billing", orgs);
	s = fixture_start_at(DEMO_ROLE_PROVIDER, "Dora Deletelinked");
	screen_send(s, "D");
	WAIT_TEXT(s, "Cannot delete Dora Deletelinked");
	WAIT_TEXT(s, "2 organizations you cannot see");
	assert_false(screen_contains(s, n1));
	assert_false(screen_contains(s, n2));
	screen_send(s, "q");		/* closes the list, not the program */
	assert_true(screen_wait(s, testdemo_gone, "Cannot delete", WAIT_MS));
	WAIT_TEXT(s, "Riverside Health");
	testdemo_quit(s);
	/* An admin of o1 as well sees it named. */
	two[0] = riverside;
	two[1] = o1;
	two[2] = NULL;
	testroles_admin(demo.admin, "roles_screen_two", two);
	s = fixture_start_at("roles_screen_two", "Dora Deletelinked");
	screen_send(s, "D");
	WAIT_TEXT(s, "Cannot delete Dora Deletelinked");
	WAIT_TEXT(s, "and 1 organization you cannot see");
	WAIT_TEXT(s, n1);
	assert_false(screen_contains(s, n2));
	screen_send(s, "x");
	testdemo_quit(s);
	ASSERT_SQL(demo.admin, "f", "SELECT deleted_at IS NOT NULL FROM "
	    "sb.contacts WHERE id = $1", id);
	free(o1);
	free(o2);
	free(n1);
	free(n2);
	free(id);
}

/* Only its owner links it: the question, then it is gone. */
static void
test_delete_owned(void **state)
{
	const char	*here[] = { riverside, NULL };
	struct screen	*s;
	char		*id;

	(void)state;
	id = testroles_contact(demo.admin, "Olga", "Ownedonly", riverside,
	    "technical", here);
	s = fixture_start_at(DEMO_ROLE_PROVIDER, "Olga Ownedonly");
	screen_send(s, "D");
	WAIT_TEXT(s, "Delete Olga Ownedonly?");
	WAIT_TEXT(s, "Its links to Riverside Health go with it; its history "
	    "stays.");
	WAIT_TEXT(s, "Undo cannot bring it back. (y/n)");
	ASSERT_SQL(demo.admin, "f", "SELECT deleted_at IS NOT NULL FROM "
	    "sb.contacts WHERE id = $1", id);
	screen_send(s, "y");
	WAIT_TEXT(s, "Deleted Olga Ownedonly; its history stays");
	ASSERT_SQL(demo.admin, "t", "SELECT deleted_at IS NOT NULL FROM "
	    "sb.contacts WHERE id = $1", id);
	ASSERT_SQL(demo.admin, "", links_sql, riverside, id);
	assert_int_equal(testdemo_idle_in_transaction(&demo,
	    DEMO_ROLE_PROVIDER), 0);
	free(id);
	testdemo_quit(s);
}

/*
 * No owner, linked only here: deleting it here takes this link with it
 * (it is not "another organization").
 */
static void
test_delete_unowned_here(void **state)
{
	const char	*here[] = { riverside, NULL };
	struct screen	*s;
	char		*id;

	(void)state;
	id = testroles_contact(demo.admin, "Uma", "Unowned", NULL, "billing",
	    here);
	s = fixture_start_at(DEMO_ROLE_PROVIDER, "Uma Unowned");
	screen_send(s, "D");
	WAIT_TEXT(s, "Delete Uma Unowned?");
	WAIT_TEXT(s, "Its links to Riverside Health go with it; its history "
	    "stays.");
	screen_send(s, "y");
	WAIT_TEXT(s, "Deleted Uma Unowned; its history stays");
	ASSERT_SQL(demo.admin, "t", "SELECT deleted_at IS NOT NULL FROM "
	    "sb.contacts WHERE id = $1", id);
	ASSERT_SQL(demo.admin, "", links_sql, riverside, id);
	free(id);
	testdemo_quit(s);
}

/* A contact in scope found by name and linked; one out of scope never. */
static void
test_add_by_name(void **state)
{
	const char	*here[] = { riverside, NULL }, *there[2];
	struct screen	*s;
	char		*id, *far, *out;

	(void)state;
	out = testroles_org_outside(demo.admin, DEMO_ROLE_PROVIDER, 2, NULL);
	there[0] = out;
	there[1] = NULL;
	id = testroles_contact(demo.admin, "Quinn", "Namefindme", NULL,
	    "stakeholder", here);
	far = testroles_contact(demo.admin, "Quinn", "Farawayname", NULL,
	    "stakeholder", there);
	s = fixture_start_at(DEMO_ROLE_PROVIDER, NULL);
	screen_send(s, "L");
	WAIT_TEXT(s, "Add existing contact");
	screen_send(s, "Namefind");		/* Name comes first */
	WAIT_TEXT(s, "Quinn.Namefindme@roles.example");
	assert_int_equal(testdemo_idle_in_transaction(&demo,
	    DEMO_ROLE_PROVIDER), 0);
	screen_key(s, SCREEN_KEY_ENTER);
	WAIT_TEXT(s, "Linked Quinn Namefindme as billing");
	ASSERT_SQL(demo.admin, "billing:false,stakeholder:false", links_sql,
	    riverside, id);
	screen_send(s, "u");
	WAIT_TEXT(s, "Undone: link of Quinn Namefindme");
	ASSERT_SQL(demo.admin, "stakeholder:false", links_sql, riverside, id);
	/* Out of scope: the name finds nothing, and saving links nothing. */
	screen_send(s, "L");
	WAIT_TEXT(s, "Add existing contact");
	screen_send(s, "Farawayname");
	WAIT_TEXT(s, "No contact you can see has that name");
	screen_key_ctrl(s, 'x');
	WAIT_TEXT(s, "others are found only by exact email or phone");
	ASSERT_SQL(demo.admin, "", links_sql, riverside, far);
	screen_key(s, SCREEN_KEY_ESC);
	screen_send(s, "y");
	free(id);
	free(far);
	free(out);
	testdemo_quit(s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_delete_refused),
		cmocka_unit_test(test_delete_owned),
		cmocka_unit_test(test_delete_unowned_here),
		cmocka_unit_test(test_add_by_name),
	};

	return cmocka_run_group_tests(tests, fixture_setup,
	    fixture_teardown);
}
