/* Screen tests of the help: per mode, from the key table, scrolling. */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>

#include <libpq-fe.h>

#include "switchboard/demo.h"
#include "fixture.h"
#include "screen.h"
#include "testdemo.h"
#include "testroles.h"

/* Every text of want shows on the screen, whole. */
static void
wait_all(struct screen *s, const char *const *want)
{
	for (; *want != NULL; want++)
		WAIT_TEXT(s, *want);
}

/*
 * The main view's help at 80x24 lists more keys than fit: the end of it
 * is reached by scrolling, and holds the editing and copy keys.
 */
static void
test_main_view_scrolls(void **state)
{
	static const char *const end[] = { "Edit",
	    "New contact", "Link an existing record", "Unlink",
	    "Undo last change", "Mark as primary", "New organization",
	    "Archive the organization",
	    "Import contacts from a vCard or CSV file",
	    "People and their access",
	    "Delete the contact",
	    "Phones, emails, addresses", NULL };
	struct screen	*s = testdemo_spawn(&demo, DEMO_ROLE_PROVIDER,
	    "C.UTF-8", 24, 80);

	(void)state;
	WAIT_TEXT(s, "Riverside Health");
	screen_send(s, "?");
	WAIT_TEXT(s, "Keys: main view");
	WAIT_TEXT(s, "Quit");
	WAIT_TEXT(s, "1-20 of ");
	/* The editing keys are below the first screen. */
	assert_false(screen_contains(s, "Phones, emails, addresses"));
	screen_key(s, SCREEN_KEY_END);
	wait_all(s, end);
	WAIT_GONE(s, "Quit");
	screen_key(s, SCREEN_KEY_HOME);
	WAIT_TEXT(s, "Quit");
	WAIT_TEXT(s, "1-20 of ");
	screen_key(s, SCREEN_KEY_PGDN);
	WAIT_GONE(s, "1-20 of ");
	screen_send(s, "k");
	screen_send(s, "j");
	/* Any other key closes the help, and only the help. */
	screen_send(s, " ");
	WAIT_GONE(s, "Keys: main view");
	WAIT_TEXT(s, "Riverside Health");
	testdemo_quit(s);
}

/*
 * In the editing form F1 shows the form's keys, in the items list the
 * list's, in an item's form the form's; Esc or any other key closes
 * only the help.
 */
static void
test_form_help(void **state)
{
	static const char *const keys[] = { "Save the form",
	    "Discard the form", "Next field", "Previous field",
	    "Switch a choice or yes/no field", NULL };
	static const char *const items[] = { "Add a phone, email or address",
	    "Edit the item", "Remove the item", "Mark the item primary",
	    "Link the phone to an address", "Undo the last change",
	    "Close the list", "Move down", "Go to last row", NULL };
	static const char *const kinds[] = { "Add a phone", "Add an email",
	    "Add an address", NULL };
	struct screen	*s = testdemo_choose_org(&demo, DEMO_ROLE_PROVIDER,
	    NULL, 24, 80);

	(void)state;
	screen_key(s, SCREEN_KEY_ENTER);
	WAIT_TEXT(s, "[Contacts]");
	WAIT_TEXT(s, "Rosa Delgado");
	screen_send(s, "e");
	WAIT_TEXT(s, "First name");
	screen_key(s, SCREEN_KEY_F1);
	WAIT_TEXT(s, "Keys: editing");
	wait_all(s, keys);
	screen_key(s, SCREEN_KEY_ESC);
	WAIT_GONE(s, "Keys: editing");
	WAIT_TEXT(s, "First name");
	/* The form is still open: Esc now closes it. */
	screen_key(s, SCREEN_KEY_ESC);
	WAIT_GONE(s, "First name");
	/* The items list's help has the list's own keys. */
	screen_send(s, "i");
	WAIT_TEXT(s, "Phones, emails, addresses: Rosa Delgado");
	screen_key(s, SCREEN_KEY_F1);
	WAIT_TEXT(s, "Keys: editing");
	wait_all(s, items);
	screen_send(s, "q");
	WAIT_GONE(s, "Keys: editing");
	WAIT_TEXT(s, "Phones, emails, addresses: Rosa Delgado");
	/* Which kind to add: a mode of its own, with its own keys. */
	screen_send(s, "a");
	WAIT_TEXT(s, "Add which?");
	screen_key(s, SCREEN_KEY_F1);
	WAIT_TEXT(s, "Keys: editing");
	wait_all(s, kinds);
	screen_send(s, "q");
	WAIT_GONE(s, "Keys: editing");
	WAIT_TEXT(s, "Add which?");
	/* Any other key: back to the list, which takes its keys again. */
	screen_send(s, "x");
	WAIT_GONE(s, "Add which?");
	screen_send(s, "a");
	WAIT_TEXT(s, "Add which?");
	screen_send(s, "e");
	WAIT_TEXT(s, "New email: Rosa Delgado");
	/* An item's form, a mode over the list: its help, a paste. */
	screen_key(s, SCREEN_KEY_F1);
	WAIT_TEXT(s, "Keys: editing");
	wait_all(s, keys);
	screen_key(s, SCREEN_KEY_ESC);
	WAIT_GONE(s, "Keys: editing");
	WAIT_TEXT(s, "New email: Rosa Delgado");
	testdemo_paste(s, "rosa.d@example.org");
	WAIT_TEXT(s, "rosa.d@example.org");
	/* Esc asks first; no keeps the form and what was pasted. */
	screen_key(s, SCREEN_KEY_ESC);
	WAIT_TEXT(s, "Discard your changes? (y/n)");
	screen_send(s, "n");
	WAIT_GONE(s, "Discard your changes? (y/n)");
	WAIT_TEXT(s, "rosa.d@example.org");
	WAIT_TEXT(s, "New email: Rosa Delgado");
	screen_key(s, SCREEN_KEY_ESC);
	WAIT_TEXT(s, "Discard your changes? (y/n)");
	screen_send(s, "y");
	WAIT_TEXT(s, "d remove  * primary");
	WAIT_GONE(s, "New email: Rosa Delgado");
	assert_false(screen_contains(s, "rosa.d@example.org"));
	screen_key(s, SCREEN_KEY_ESC);
	WAIT_GONE(s, "Phones, emails, addresses: Rosa Delgado");
	testdemo_quit(s);
}

/*
 * Adding an existing contact: while the contacts found by its name show
 * under the form, the help lists the keys that choose among them, and
 * only then.
 */
static void
test_find_help(void **state)
{
	static const char *const find[] = { "Next contact found by name",
	    "Previous contact found by name", "Link the contact chosen",
	    NULL };
	const char	*none[] = { NULL };
	struct screen	*s;
	char		*id;

	(void)state;
	id = testroles_contact(demo.admin, "Hal", "Helpfind", riverside,
	    "billing", none);
	s = testdemo_choose_org(&demo, DEMO_ROLE_PROVIDER, NULL, 24, 80);
	screen_send(s, "L");
	WAIT_TEXT(s, "Add existing contact");
	screen_key(s, SCREEN_KEY_F1);
	WAIT_TEXT(s, "Keys: editing");
	WAIT_TEXT(s, "Save the form");
	assert_false(screen_contains(s, "Link the contact chosen"));
	screen_key(s, SCREEN_KEY_ESC);
	WAIT_GONE(s, "Keys: editing");
	screen_send(s, "Helpfind");		/* Name comes first */
	WAIT_TEXT(s, "Hal Helpfind");
	screen_key(s, SCREEN_KEY_F1);
	WAIT_TEXT(s, "Keys: editing");
	wait_all(s, find);
	screen_key(s, SCREEN_KEY_ESC);
	WAIT_GONE(s, "Keys: editing");
	WAIT_TEXT(s, "Hal Helpfind");
	screen_key(s, SCREEN_KEY_ESC);
	WAIT_TEXT(s, "Discard your changes? (y/n)");
	screen_send(s, "y");
	WAIT_GONE(s, "Add existing contact");
	free(id);
	testdemo_quit(s);
}

/* The emergency view's help holds its own keys and the copy keys. */
static void
test_emergency_help(void **state)
{
	static const char *const end[] = { "Copy phone number",
	    "Copy email address", "Filter by phone type",
	    "Jump to an organization", "Export the list to a file", NULL };
	struct screen	*s = testdemo_spawn(&demo, DEMO_ROLE_PROVIDER,
	    "C.UTF-8", 24, 80);

	(void)state;
	WAIT_TEXT(s, "Riverside Health");
	screen_send(s, "!");
	WAIT_TEXT(s, "Emergency contacts: 4");
	screen_send(s, "?");
	WAIT_TEXT(s, "Keys: emergency list");
	screen_key(s, SCREEN_KEY_END);
	wait_all(s, end);
	screen_send(s, "x");
	WAIT_GONE(s, "Keys: emergency list");
	WAIT_TEXT(s, "Emergency contacts: 4");
	testdemo_quit(s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_main_view_scrolls),
		cmocka_unit_test(test_form_help),
		cmocka_unit_test(test_find_help),
		cmocka_unit_test(test_emergency_help),
	};

	return (cmocka_run_group_tests(tests, fixture_setup,
	    fixture_teardown));
}
