/* Screen tests of the editing overlays on an 80x24 terminal, and smaller. */
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

#define ROWS	24
#define COLS	80
#define RIGHT	77	/* the overlay's right border: 76 wide from column 2 */

/* Whether a row below the pane's title shows the text. */
static bool
row_below_title(struct screen *s, void *arg)
{
	char	*row;
	bool	 found = false;
	int	 r;

	for (r = 2; r < ROWS - 1 && !found; r++) {
		row = screen_row(s, r);
		found = strstr(row, arg) != NULL;
		free(row);
	}
	return found;
}

/* Riverside Health's contacts at 80x24, the one called name selected. */
static struct screen *
start_at(const char *name)
{
	struct screen	*s = testdemo_choose_org(&demo, DEMO_ROLE_PROVIDER,
	    NULL, ROWS, COLS);

	screen_key(s, SCREEN_KEY_TAB);
	WAIT_TEXT(s, "[Contacts]");
	if (name != NULL) {
		screen_send(s, "/");
		screen_send(s, name);
		screen_key(s, SCREEN_KEY_ENTER);
		/* The row, not the filter in the pane's title. */
		assert_true(screen_wait(s, row_below_title, (void *)name,
		    WAIT_MS));
	}
	return s;
}

/* Whether the cell shows the character. */
static bool
cell_is(struct screen *s, int row, int col, const char *ch)
{
	struct screen_cell	cell;

	return screen_cell(s, row, col, &cell) && strcmp(cell.text, ch) == 0;
}

/* The row showing text is drawn to its right border. */
static bool
row_framed(struct screen *s, void *text)
{
	return cell_is(s, screen_find_row(s, text), RIGHT, "\u2502");
}

static bool
in_box(struct screen *s, void *arg)
{
	int	row = screen_find_row(s, arg);

	return row > 0 && row < ROWS - 2 && (cell_is(s, row, RIGHT,
	    "\u2502") || cell_is(s, row, RIGHT, "\u2510")) &&
	    cell_is(s, ROWS - 2, RIGHT, "\u2518");
}

/*
 * text is on screen whole, inside the overlay's box: its row ends with
 * the box's right border, and the bottom border is on the screen. Waits
 * for it (a frame may arrive in pieces); dumps the screen if never.
 */
static void
assert_in_box(struct screen *s, const char *text)
{
	if (!screen_wait(s, in_box, (void *)text, WAIT_MS))
		fail_msg("\"%s\" not whole inside the overlay", text);
}

/*
 * The contact form: every field, the keys; a long message under a field
 * wraps by display width instead of losing its end; saving works.
 */
static void
test_small_form(void **state)
{
	static const char *const labels[] = { "First name", "Last name",
	    "Title", "Preferred method", "Do not contact", "Active" };
	const char	*here[] = { riverside, NULL };
	struct screen	*s;
	char		*id, *v, text[200];
	size_t		 i;
	int		 row;

	(void)state;
	id = testroles_contact(demo.admin, "Sam", "Smallform", riverside,
	    "billing", here);
	s = start_at("Sam Smallform");
	screen_send(s, "e");
	assert_in_box(s, "Edit Sam Smallform");
	for (i = 0; i < SB_ARRAY_LEN(labels); i++)
		assert_in_box(s, labels[i]);
	assert_in_box(s, "F2/C-x save  Tab next field  Space toggles  "
	    "Esc cancel");
	screen_key(s, SCREEN_KEY_TAB);
	screen_key(s, SCREEN_KEY_TAB);
	for (i = 0; i < 130; i++)
		text[i] = (char)('a' + i % 26);
	text[i] = '\0';
	v = xasprintf("\033[200~%s\033[201~", text);
	screen_send(s, v);
	free(v);
	WAIT_TEXT(s, "Full: this field holds at most 100 characters;");
	WAIT_TEXT(s, "pasted characters left out");
	row = screen_find_row(s, "Full: this field holds");
	assert_int_equal(row, screen_find_row(s, "Title") + 1);
	/* 54 cells: the message goes on, whole words, on the next row. */
	v = screen_row(s, row);
	assert_non_null(strstr(v, "100 characters; 30 "));
	free(v);
	v = screen_row(s, row + 1);
	assert_non_null(strstr(v, " pasted characters left out "));
	free(v);
	assert_in_box(s, "Full: this field holds");
	screen_key_ctrl(s, 'x');
	WAIT_TEXT(s, "Saved (u undoes)");
	v = testsql_value(demo.admin, "SELECT char_length(title) FROM "
	    "sb.contacts WHERE id = $1", id, NULL);
	assert_string_equal(v, "100");
	free(v);
	free(id);
	testdemo_quit(s);
}

/* The items overlay: its keys fit, and adding an email works. */
static void
test_small_items(void **state)
{
	const char	*here[] = { riverside, NULL };
	struct screen	*s;
	char		*id, *v;

	(void)state;
	id = testroles_contact(demo.admin, "Ida", "Smallitems", riverside,
	    "billing", here);
	s = start_at("Ida Smallitems");
	screen_send(s, "i");
	assert_in_box(s, "Phones, emails, addresses: Ida Smallitems");
	assert_in_box(s, "Ida.Smallitems@roles.example");
	assert_in_box(s, "a add  e edit  d remove  * primary  l phone at "
	    "address  Esc close");
	screen_send(s, "a");
	assert_in_box(s, "Add which? p phone  e email  a address");
	screen_send(s, "e");
	WAIT_TEXT(s, "Address");
	screen_send(s, "ida2@small.example");
	screen_key_ctrl(s, 'x');
	WAIT_TEXT(s, "Saved the email");
	assert_in_box(s, "ida2@small.example");
	v = testsql_value(demo.admin, "SELECT count(*) FROM sb.emails WHERE "
	    "contact_id = $1", id, NULL);
	assert_string_equal(v, "2");
	free(v);
	screen_key(s, SCREEN_KEY_ESC);
	WAIT_GONE(s, "Phones, emails, addresses:");
	free(id);
	testdemo_quit(s);
}

/* The history and the conflict screen. */
static void
test_small_history_conflict(void **state)
{
	const char	*here[] = { riverside, NULL };
	struct screen	*s;
	char		*id, *v;

	(void)state;
	id = testroles_contact(demo.admin, "Hal", "Smallhist", riverside,
	    "billing", here);
	s = start_at("Hal Smallhist");
	screen_send(s, "H");
	assert_in_box(s, "History (newest first)");
	assert_in_box(s, "(v1)");
	assert_in_box(s, "Up/Down scroll  any other key closes");
	screen_key(s, SCREEN_KEY_ESC);
	WAIT_GONE(s, "History (newest first)");
	screen_send(s, "e");
	WAIT_TEXT(s, "First name");
	screen_key(s, SCREEN_KEY_TAB);
	screen_key(s, SCREEN_KEY_TAB);
	screen_key_ctrl(s, 'u');
	screen_send(s, "Mine Small");
	WAIT_TEXT(s, "Mine Small");
	free(testsql_value(demo.admin, "SELECT sb.contact_update($1, NULL, "
	    "jsonb_build_object('title', 'Theirs Small'))", id, NULL));
	screen_key_ctrl(s, 'x');
	assert_in_box(s, "Someone else changed this contact while you edited."
	    " Choose per field:");
	assert_in_box(s, "Theirs Small");
	assert_in_box(s, "m keep mine  t take theirs  Up/Down field  Enter "
	    "save");
	screen_send(s, "m");
	screen_key(s, SCREEN_KEY_ENTER);
	WAIT_TEXT(s, "Saved (u undoes)");
	v = testsql_value(demo.admin, "SELECT title FROM sb.contacts WHERE "
	    "id = $1", id, NULL);
	assert_string_equal(v, "Mine Small");
	free(v);
	/* The unlink question keeps its keys at the end. */
	screen_send(s, "x");
	WAIT_TEXT(s, "Unlink Hal Smallhist (billing)");
	assert_true(screen_wait(s, row_framed, "its history stay. (y/n)",
	    WAIT_MS));
	screen_send(s, "n");
	WAIT_GONE(s, "(y/n)");
	free(id);
	testdemo_quit(s);
}

/* Refused delete: the list of who still links it. */
static void
test_small_delete_refused(void **state)
{
	const char	*orgs[4];
	struct screen	*s;
	char		*o1, *o2, *id;

	(void)state;
	o1 = testroles_org_outside(demo.admin, DEMO_ROLE_PROVIDER, 0, NULL);
	o2 = testroles_org_outside(demo.admin, DEMO_ROLE_PROVIDER, 1, NULL);
	orgs[0] = riverside;
	orgs[1] = o1;
	orgs[2] = o2;
	orgs[3] = NULL;
	id = testroles_contact(demo.admin, "Del", "Smalldelete", riverside,
	    "billing", orgs);
	s = start_at("Del Smalldelete");
	screen_send(s, "D");
	assert_in_box(s, "Cannot delete Del Smalldelete");
	assert_in_box(s, "Other organizations still link this contact; "
	    "unlink it there first:");
	assert_in_box(s, "2 organizations you cannot see");
	assert_in_box(s, "Any key closes");
	screen_send(s, "x");
	WAIT_GONE(s, "Cannot delete");
	free(o1);
	free(o2);
	free(id);
	testdemo_quit(s);
}

/* Adding an existing contact by name: the list of those found. */
static void
test_small_find_by_name(void **state)
{
	const char	*none[] = { NULL };
	struct screen	*s;
	char		*id, *v;

	(void)state;
	id = testroles_contact(demo.admin, "Fay", "Smallfind", riverside,
	    "billing", none);
	s = start_at(NULL);
	screen_send(s, "L");
	assert_in_box(s, "Add existing contact (a name you can see, or exact "
	    "email or phone)");
	screen_send(s, "Smallfind");		/* Name comes first */
	assert_in_box(s, "Fay Smallfind");
	assert_in_box(s, "Up/Down choose  Enter links it");
	assert_in_box(s, "F2/C-x save");
	screen_key(s, SCREEN_KEY_ENTER);
	WAIT_TEXT(s, "Linked Fay Smallfind as billing");
	v = testsql_value(demo.admin, "SELECT count(*) FROM "
	    "sb.organization_contacts WHERE organization_id = $1 AND "
	    "contact_id = $2 AND deleted_at IS NULL", riverside, id, NULL);
	assert_string_equal(v, "1");
	free(v);
	free(id);
	testdemo_quit(s);
}

/*
 * The question whether to link the contact found instead: drawn inside
 * the overlay's box over the form's first rows, wrapped at whole words;
 * Esc goes back to the form with everything typed.
 */
static void
test_small_link_instead(void **state)
{
	const char	*none[] = { NULL };
	struct screen	*s;
	char		*id;
	int		 row;

	(void)state;
	id = testroles_contact(demo.admin, "Lin", "Smallask", riverside,
	    "billing", none);
	s = start_at(NULL);
	screen_send(s, "n");
	assert_in_box(s, "New contact");
	screen_send(s, "Lina");
	screen_key(s, SCREEN_KEY_TAB);
	screen_send(s, "Smallagain");
	screen_key(s, SCREEN_KEY_TAB);
	screen_key(s, SCREEN_KEY_TAB);
	screen_key(s, SCREEN_KEY_TAB);
	screen_key(s, SCREEN_KEY_TAB);
	screen_send(s, "Lin.Smallask@roles.example");
	screen_key_ctrl(s, 'x');
	assert_in_box(s, "already has this email or");
	assert_in_box(s, "Esc back)");
	row = screen_find_row(s, "already has this email or");
	assert_int_equal(row, 3);
	assert_true(screen_find_row(s, "Esc back)") > row);
	/* Over the form: its first rows go, the rest stays. */
	assert_false(screen_contains(s, "First name"));
	assert_in_box(s, "Preferred method");
	screen_key(s, SCREEN_KEY_ESC);
	WAIT_GONE(s, "already has this email");
	assert_in_box(s, "First name");
	assert_in_box(s, "Smallagain");
	screen_key(s, SCREEN_KEY_ESC);
	WAIT_TEXT(s, "Discard your changes? (y/n)");
	screen_send(s, "y");
	WAIT_GONE(s, "New contact");
	free(id);
	testdemo_quit(s);
}

/*
 * Below what a form needs the overlay says so (no form cut in half), Esc
 * still leaves, and at a size that fits the form comes back whole.
 */
static void
test_too_small(void **state)
{
	struct screen	*s = testdemo_spawn(&demo, DEMO_ROLE_PROVIDER,
	    "C.UTF-8", 12, 40);

	(void)state;
	WAIT_TEXT(s, "Riverside Health");
	screen_key(s, SCREEN_KEY_TAB);
	WAIT_TEXT(s, "[Contacts]");
	screen_send(s, "n");
	WAIT_TEXT(s, "Terminal too small for this view");
	WAIT_TEXT(s, "Esc to leave");
	assert_false(screen_contains(s, "First name"));
	screen_key(s, SCREEN_KEY_ESC);
	WAIT_GONE(s, "too small");
	WAIT_TEXT(s, "Riverside Health");
	screen_send(s, "n");
	WAIT_TEXT(s, "Terminal too small for this view");
	screen_resize(s, ROWS, COLS);
	assert_in_box(s, "New contact");
	assert_in_box(s, "Role here");
	assert_false(screen_contains(s, "too small"));
	screen_key(s, SCREEN_KEY_ESC);
	WAIT_GONE(s, "New contact");
	testdemo_quit(s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_small_form),
		cmocka_unit_test(test_small_items),
		cmocka_unit_test(test_small_history_conflict),
		cmocka_unit_test(test_small_delete_refused),
		cmocka_unit_test(test_small_find_by_name),
		cmocka_unit_test(test_small_link_instead),
		cmocka_unit_test(test_too_small),
	};

	return cmocka_run_group_tests(tests, fixture_setup,
	    fixture_teardown);
}
