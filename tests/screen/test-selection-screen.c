/* Screen tests: the selection keeps its record; messages go; the cursor. */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "switchboard/demo.h"
#include "switchboard/util.h"
#include "fixture.h"
#include "screen.h"
#include "testdemo.h"
#include "testroles.h"
#include "testsql.h"

/* The organization of one test and the login that administers it. */
struct sel_org {
	char	*id;
	char	 name[64];
	char	 role[64];
};

/*
 * A new organization "Sel tag" with contacts "first tag" (first[i] in
 * role[i]), its administrator sel_tag; the contact whose first name is
 * primary (if not NULL) holds the primary mark of its role.
 */
static void
sel_org_make(struct sel_org *o, const char *tag, const char *const *first,
    const char *const *role, const char *primary)
{
	const char	*here[2];
	char		*id;
	size_t		 i;

	snprintf(o->name, sizeof o->name, "Sel %s", tag);
	snprintf(o->role, sizeof o->role, "sel_%s", tag);
	for (i = 0; o->role[i] != '\0'; i++)
		if (o->role[i] >= 'A' && o->role[i] <= 'Z')
			o->role[i] += 'a' - 'A';
	o->id = testsql_value(demo.admin, "SELECT sb.organization_create($1, "
	    "'provider')", o->name, NULL);
	assert_non_null(o->id);
	here[0] = o->id;
	here[1] = NULL;
	for (i = 0; first[i] != NULL; i++) {
		id = testroles_contact(demo.admin, first[i], tag, o->id,
		    role[i], here);
		if (primary != NULL && strcmp(first[i], primary) == 0)
			free(testsql_value(demo.admin, "SELECT sb."
			    "organization_contact_set_primary($1, $2, $3)",
			    o->id, id, role[i], NULL));
		free(id);
	}
	testroles_admin(demo.admin, o->role, here);
}

/*
 * The organization's contacts (its administrator sees it alone), focus
 * on them, the first one's details shown; the screen is shown.
 */
static struct screen *
sel_open(const struct sel_org *o)
{
	shown = testdemo_spawn(&demo, o->role, "C.UTF-8", 36, 130);
	WAIT_TEXT(shown, "Organizations (1)");
	WAIT_TEXT(shown, o->name);
	screen_key(shown, SCREEN_KEY_TAB);
	WAIT_TEXT(shown, "Name      ");
	return shown;
}

/* The columns of the contacts pane: its left and right borders. */
static bool
sel_pane_cols(struct screen *s, int *x0, int *x1)
{
	struct screen_cell	c;
	int			rows, cols, x, seen = 0;

	screen_size(s, &rows, &cols);
	for (x = 0; x < cols && screen_cell(s, 1, x, &c); x++) {
		if (strcmp(c.text, "\u250c") == 0 && ++seen == 2)
			*x0 = x;
		if (strcmp(c.text, "\u2510") == 0 && seen == 2) {
			*x1 = x;
			return true;
		}
	}
	return false;
}

/* Text of cells x to end (exclusive) on row, spaces at the end cut. */
static char *
sel_cells(struct screen *s, int row, int x, int end)
{
	struct screen_cell	c;
	char			buf[512] = "";
	size_t			n;

	for (; x < end && screen_cell(s, row, x, &c); x++) {
		if (c.width == 0)
			continue;
		strncat(buf, c.text[0] != '\0' ? c.text : " ",
		    sizeof buf - strlen(buf) - 1);
	}
	for (n = strlen(buf); n > 0 && buf[n - 1] == ' '; n--)
		buf[n - 1] = '\0';
	return xstrdup(buf);
}

/*
 * The name on the highlighted row of the contacts pane, or NULL; *row
 * (may be NULL) gets the screen row.
 */
static char *
sel_highlighted_at(struct screen *s, int *row)
{
	struct screen_cell	c;
	int			rows, cols, x0 = 0, x1 = 0, y;

	screen_size(s, &rows, &cols);
	if (!sel_pane_cols(s, &x0, &x1))
		return NULL;
	for (y = 2; y < rows - 2; y++) {
		if (!screen_cell(s, y, x0 + 1, &c))
			break;
		if (c.bg != SCREEN_COLOR_DEFAULT || c.reverse) {
			if (row != NULL)
				*row = y;
			return sel_cells(s, y, x0 + 4, x1 - 14);
		}
	}
	return NULL;
}

static char *
sel_highlighted(struct screen *s)
{
	return sel_highlighted_at(s, NULL);
}

/* Whether a row of the contacts pane is the contact name. */
static bool
sel_listed(struct screen *s, const char *name)
{
	char	*text;
	bool	 found = false;
	int	 rows, cols, x0 = 0, x1 = 0, y;

	screen_size(s, &rows, &cols);
	if (!sel_pane_cols(s, &x0, &x1))
		return false;
	for (y = 2; y < rows - 2 && !found; y++) {
		text = sel_cells(s, y, x0 + 4, x1 - 14);
		found = strcmp(text, name) == 0;
		free(text);
	}
	return found;
}

static bool
sel_unlisted(struct screen *s, void *name)
{
	return !sel_listed(s, name);
}

static bool
sel_relisted(struct screen *s, void *name)
{
	return sel_listed(s, name);
}

/* Wait until the contacts pane lists name (or no longer, gone). */
static void
sel_wait_listed(struct screen *s, const char *name, bool gone)
{
	if (!screen_wait(s, gone ? sel_unlisted : sel_relisted,
	    (void *)name, WAIT_MS))
		fail_msg("%s was %s listed", name, gone ? "still" : "never");
}

/* The first contact is highlighted. */
static bool
sel_at_first(struct screen *s, void *arg)
{
	char	*h;
	int	 row = -1;

	(void)arg;
	h = sel_highlighted_at(s, &row);
	free(h);
	return row == 2;
}

/* The name the details pane shows, or NULL. */
static char *
sel_details(struct screen *s)
{
	char	*v = testdemo_between(s, "\u2502 Name ", "\u2502"), *p;
	size_t	 n;

	if (v == NULL)
		return NULL;
	p = v + strspn(v, " ");
	for (n = strlen(p); n > 0 && p[n - 1] == ' '; n--)
		p[n - 1] = '\0';
	memmove(v, p, strlen(p) + 1);
	return v;
}

static bool
sel_same(const char *a, const char *b)
{
	return (a == NULL || b == NULL) ? a == b : strcmp(a, b) == 0;
}

/* The highlight and the details both show name (NULL: neither shows). */
static bool
sel_agree(struct screen *s, void *name)
{
	char	*h = sel_highlighted(s), *d = sel_details(s);
	bool	 ok = sel_same(h, name) && sel_same(d, name);

	free(h);
	free(d);
	return ok;
}

/* Wait until the highlight and the details show name, else fail. */
static void
sel_expect(struct screen *s, const char *name)
{
	char	*h, *d;

	if (screen_wait(s, sel_agree, (void *)name, WAIT_MS))
		return;
	h = sel_highlighted(s);
	d = sel_details(s);
	fail_msg("want %s; highlighted %s, details %s", name ? name : "none",
	    h ? h : "none", d ? d : "none");
}

static bool
sel_moved(struct screen *s, void *before)
{
	char	*h = sel_highlighted(s);
	bool	 moved = h != NULL && !sel_same(h, before);

	free(h);
	return moved;
}

/* Select the contact name from the first down; the details follow. */
static void
sel_goto(struct screen *s, const char *name)
{
	char	*h;
	int	 i;

	screen_send(s, "g");
	if (!screen_wait(s, sel_at_first, NULL, WAIT_MS))
		fail_msg("the first contact was not selected");
	for (i = 0; i < 30; i++) {
		h = sel_highlighted(s);
		if (sel_same(h, name)) {
			free(h);
			sel_expect(s, name);
			return;
		}
		screen_key(s, SCREEN_KEY_DOWN);
		if (!screen_wait(s, sel_moved, h, WAIT_MS))
			fail_msg("the selection did not move from %s", h);
		free(h);
	}
	fail_msg("no contact %s", name);
}

static void
sel_org_free(struct sel_org *o)
{
	free(o->id);
}

/* Select name and answer yes to what key asks: "ask name end". */
static void
sel_confirm(struct screen *s, const char *name, const char *key,
    const char *ask, const char *end)
{
	char	*q;

	sel_goto(s, name);
	screen_send(s, key);
	q = xasprintf("%s%s%s", ask, name, end);
	WAIT_TEXT(s, q);
	free(q);
	screen_send(s, "y");
}

/* Move the primary mark to name with "*"; wait for its row to show it. */
static void
sel_move_primary(struct screen *s, const char *name)
{
	char	*row;

	sel_confirm(s, name, "*", "Move the mark to ", "?");
	row = xasprintf("* %s", name);
	WAIT_TEXT(s, row);
	free(row);
}

/* Re-sorting by name and back keeps the contact selected. */
static void
test_resort(void **state)
{
	static const char *const first[] = { "Ann", "Bea", "Cid", "Dee",
	    NULL };
	static const char *const role[] = { "technical", "billing",
	    "technical", "billing" };
	struct sel_org	 o;
	struct screen	*s;

	(void)state;
	sel_org_make(&o, "Resort", first, role, NULL);
	s = sel_open(&o);
	sel_goto(s, "Dee Resort");		/* Bea, Dee, Ann, Cid */
	screen_send(s, "o");
	WAIT_TEXT(s, "by name");		/* Ann, Bea, Cid, Dee */
	sel_expect(s, "Dee Resort");
	screen_key_ctrl(s, 'r');		/* a reload, sorted by name */
	screen_key(s, SCREEN_KEY_UP);
	sel_expect(s, "Cid Resort");
	screen_send(s, "o");
	assert_true(screen_wait(s, testdemo_gone, "by name", WAIT_MS));
	sel_expect(s, "Cid Resort");
	testdemo_quit(s);
	sel_org_free(&o);
}

static const char *const sel_first[] = { "Ann", "Bea", "Cid", "Dee", NULL };
static const char *const sel_billing[] = { "billing", "billing", "billing",
    "billing" };

/* The primary mark moved with "*": the contact stays selected. */
static void
test_primary_move(void **state)
{
	struct sel_org	 o;
	struct screen	*s;

	(void)state;
	sel_org_make(&o, "Primary", sel_first, sel_billing, "Ann");
	s = sel_open(&o);
	sel_move_primary(s, "Cid Primary");	/* Cid*, Ann, Bea, Dee */
	sel_expect(s, "Cid Primary");
	testdemo_quit(s);
	sel_org_free(&o);
}

/*
 * A save that renames the contact moves its row, and so does its undo:
 * the contact stays selected through both.
 */
static void
test_edit_undo(void **state)
{
	struct sel_org	 o;
	struct screen	*s;

	(void)state;
	sel_org_make(&o, "Undo", sel_first, sel_billing, "Ann");
	s = sel_open(&o);
	sel_goto(s, "Cid Undo");		/* Ann*, Bea, Cid, Dee */
	screen_send(s, "e");
	WAIT_TEXT(s, "Edit Cid Undo");
	screen_key_ctrl(s, 'u');		/* First name */
	screen_send(s, "Abe");
	screen_key_ctrl(s, 'x');
	WAIT_TEXT(s, "Saved");
	sel_wait_listed(s, "Abe Undo", false);	/* Ann*, Abe, Bea, Dee */
	sel_expect(s, "Abe Undo");
	screen_send(s, "u");
	WAIT_TEXT(s, "Undone");
	sel_wait_listed(s, "Cid Undo", false);	/* Ann*, Bea, Cid, Dee */
	sel_expect(s, "Cid Undo");
	testdemo_quit(s);
	sel_org_free(&o);
}

/* Another running Switchboard moves the mark: this one keeps its pick. */
static void
test_live_update(void **state)
{
	struct sel_org	 o;
	struct screen	*s, *other;

	(void)state;
	sel_org_make(&o, "Live", sel_first, sel_billing, "Ann");
	s = sel_open(&o);
	sel_goto(s, "Bea Live");		/* Ann*, Bea, Cid, Dee */
	other = sel_open(&o);
	sel_move_primary(other, "Cid Live");
	testdemo_quit(other);
	shown = s;
	WAIT_TEXT(s, "* Cid Live");		/* Cid*, Ann, Bea, Dee */
	sel_expect(s, "Bea Live");
	testdemo_quit(s);
	sel_org_free(&o);
}

/* Linking a contact that sorts first keeps the one selected. */
static void
test_link(void **state)
{
	static const char *const first[] = { "Bea", "Cid", "Dee", NULL };
	struct sel_org	 o, far;
	struct screen	*s;

	(void)state;
	sel_org_make(&o, "Link", first, sel_billing, NULL);
	sel_org_make(&far, "Linkfar", (const char *const[]){ "Ann", NULL },
	    sel_billing, NULL);
	s = sel_open(&o);
	sel_goto(s, "Dee Link");		/* Bea, Cid, Dee */
	screen_send(s, "L");
	WAIT_TEXT(s, "Add existing contact");
	screen_key(s, SCREEN_KEY_TAB);		/* Email */
	screen_send(s, "Ann.Linkfar@roles.example");
	screen_key_ctrl(s, 'x');
	WAIT_TEXT(s, "Linked ");
	sel_wait_listed(s, "Ann Linkfar", false);	/* Ann, Bea, Cid, Dee */
	sel_expect(s, "Dee Link");
	testdemo_quit(s);
	sel_org_free(&o);
	sel_org_free(&far);
}

/*
 * Unlinked: the selection goes to the row after it (the last row to the
 * one before), the details with it; an undo keeps that selection.
 */
static void
test_unlink(void **state)
{
	struct sel_org	 o;
	struct screen	*s;

	(void)state;
	sel_org_make(&o, "Unlink", sel_first, sel_billing, "Ann");
	s = sel_open(&o);
	sel_confirm(s, "Bea Unlink", "x", "Unlink ", "");
	WAIT_TEXT(s, "Unlinked");
	sel_wait_listed(s, "Bea Unlink", true);
	sel_expect(s, "Cid Unlink");		/* Ann*, Cid, Dee */
	screen_send(s, "u");
	sel_wait_listed(s, "Bea Unlink", false);	/* back in its place */
	sel_expect(s, "Cid Unlink");
	sel_confirm(s, "Dee Unlink", "x", "Unlink ", "");
	WAIT_TEXT(s, "Unlinked Dee");
	sel_wait_listed(s, "Dee Unlink", true);
	sel_expect(s, "Cid Unlink");
	testdemo_quit(s);
	sel_org_free(&o);
}

/* Deleted: the row after it is selected, and its details shown. */
static void
test_delete(void **state)
{
	struct sel_org	 o;
	struct screen	*s;

	(void)state;
	sel_org_make(&o, "Delete", sel_first, sel_billing, "Ann");
	s = sel_open(&o);
	sel_confirm(s, "Bea Delete", "D", "Delete ", "?");
	WAIT_TEXT(s, "Deleted Bea Delete");
	sel_wait_listed(s, "Bea Delete", true);
	sel_expect(s, "Cid Delete");
	testdemo_quit(s);
	sel_org_free(&o);
}

/*
 * The organizations' filter hides the organization: no contact stays
 * selected, none in the details; shown again, the same contact is.
 */
static void
test_org_filter(void **state)
{
	struct sel_org	 o;
	struct screen	*s;

	(void)state;
	sel_org_make(&o, "Filter", sel_first, sel_billing, "Ann");
	s = sel_open(&o);
	sel_goto(s, "Cid Filter");
	screen_key(s, SCREEN_KEY_BTAB);		/* the organizations */
	screen_send(s, "/");
	screen_key_ctrl(s, 'e');
	screen_send(s, "zz");
	WAIT_TEXT(s, "No organizations");
	sel_expect(s, NULL);
	assert_false(screen_contains(s, "Cid Filter"));
	screen_key(s, SCREEN_KEY_BACKSPACE);
	screen_key(s, SCREEN_KEY_BACKSPACE);
	screen_key(s, SCREEN_KEY_ENTER);
	/* The organization has the focus: its details show, then Cid's. */
	WAIT_TEXT(s, "Organization");
	screen_key(s, SCREEN_KEY_TAB);
	sel_expect(s, "Cid Filter");
	testdemo_quit(s);
	sel_org_free(&o);
}

/*
 * The contact of an open form is deleted elsewhere: the failed save says
 * so until the next key; back in the lists, a neighbour is selected and
 * nothing says "not found" through moves, reloads and role keys.
 */
static void
test_gone_message(void **state)
{
	struct sel_org	 o;
	struct screen	*s;
	char		*id;

	(void)state;
	sel_org_make(&o, "Gone", sel_first, sel_billing, "Ann");
	id = fixture_value("SELECT id FROM sb.contacts WHERE first_name = "
	    "'Bea' AND last_name = 'Gone'", NULL, NULL);
	s = sel_open(&o);
	sel_goto(s, "Bea Gone");
	screen_send(s, "e");
	WAIT_TEXT(s, "Edit Bea Gone");
	free(testsql_value(demo.admin, "SELECT sb.contact_delete($1, NULL, "
	    "$2)", id, o.id, NULL));
	screen_send(s, "x");
	screen_key_ctrl(s, 'x');
	WAIT_TEXT(s, "not found");
	screen_key(s, SCREEN_KEY_RIGHT);
	assert_true(screen_wait(s, testdemo_gone, "not found", WAIT_MS));
	screen_key(s, SCREEN_KEY_ESC);
	WAIT_TEXT(s, "Discard your changes? (y/n)");
	screen_send(s, "y");
	assert_true(screen_wait(s, testdemo_gone, "Edit Bea Gone", WAIT_MS));
	sel_wait_listed(s, "Bea Gone", true);
	sel_expect(s, "Cid Gone");
	screen_send(s, "j");
	sel_expect(s, "Dee Gone");
	screen_key_ctrl(s, 'r');
	screen_send(s, "1");
	WAIT_TEXT(s, "[billing]");
	sel_expect(s, "Dee Gone");
	assert_false(screen_contains(s, "not found"));
	testdemo_quit(s);
	free(id);
	sel_org_free(&o);
}

/* Where the terminal's cursor should be: visible at row, col. */
struct sel_cursor {
	int	row, col;
};

static bool
sel_cursor_at(struct screen *s, void *arg)
{
	const struct sel_cursor	*want = arg;
	int			 row, col;

	screen_cursor(s, &row, &col);
	return screen_cursor_visible(s) && row == want->row &&
	    col == want->col;
}

static void
sel_expect_cursor(struct screen *s, int row, int col)
{
	struct sel_cursor	want = { row, col };
	int			r, c;

	if (screen_wait(s, sel_cursor_at, &want, WAIT_MS))
		return;
	screen_cursor(s, &r, &c);
	fail_msg("want the cursor at %d,%d; it is at %d,%d, %s", row, col,
	    r, c, screen_cursor_visible(s) ? "visible" : "hidden");
}

/* The column where ASCII text starts on row, or -1. */
static int
sel_col_of(struct screen *s, int row, const char *text)
{
	struct screen_cell	c;
	size_t			n = strlen(text), i;
	int			rows, cols, x;

	screen_size(s, &rows, &cols);
	for (x = 0; x + (int)n <= cols; x++) {
		for (i = 0; i < n; i++)
			if (!screen_cell(s, row, x + (int)i, &c) ||
			    c.text[0] != text[i] || c.text[1] != '\0')
				break;
		if (i == n)
			return x;
	}
	return -1;
}

/* The cursor on the highlighted contact's row, at its start. */
static void
sel_expect_cursor_on(struct screen *s, const char *name)
{
	char	*h;
	int	 row = -1, x0 = 0, x1 = 0;

	sel_expect(s, name);
	h = sel_highlighted_at(s, &row);
	free(h);
	assert_true(sel_pane_cols(s, &x0, &x1));
	sel_expect_cursor(s, row, x0 + 1);
}

/*
 * The terminal's cursor sits on the selected row of the focused pane, at
 * the start of a question, in the search prompt at the insertion point,
 * on the help's selected row and the history's first line, for screen
 * readers.
 */
static void
test_cursor(void **state)
{
	struct sel_org	 o;
	struct screen	*s;
	int		 rows, cols, row;

	(void)state;
	sel_org_make(&o, "Cursor", sel_first, sel_billing, "Ann");
	s = sel_open(&o);
	screen_size(s, &rows, &cols);
	sel_goto(s, "Cid Cursor");
	sel_expect_cursor_on(s, "Cid Cursor");
	/* A form: at the focused field's insertion point. */
	screen_send(s, "e");
	WAIT_TEXT(s, "Edit Cid Cursor");
	WAIT_TEXT(s, "Preferred method");	/* the fields are drawn */
	screen_key(s, SCREEN_KEY_TAB);
	screen_key(s, SCREEN_KEY_TAB);		/* Title, empty */
	row = screen_find_row(s, "Title");
	sel_expect_cursor(s, row, sel_col_of(s, row, "Title") + 19);
	/* A question: the cursor at its start. */
	screen_send(s, "x");
	sel_expect_cursor(s, row, sel_col_of(s, row, "Title") + 20);
	screen_key(s, SCREEN_KEY_ESC);
	WAIT_TEXT(s, "Discard your changes? (y/n)");
	row = screen_find_row(s, "Discard your changes? (y/n)");
	sel_expect_cursor(s, row, sel_col_of(s, row, "Discard your"));
	screen_send(s, "y");
	sel_expect_cursor_on(s, "Cid Cursor");
	/* The items list: on its selected row. */
	screen_send(s, "i");
	WAIT_TEXT(s, "Phones, emails, addresses: Cid Cursor");
	WAIT_TEXT(s, "work       Cid.Cursor@");
	row = screen_find_row(s, "work       Cid.Cursor@");
	sel_expect_cursor(s, row, sel_col_of(s, row, "work"));
	screen_key(s, SCREEN_KEY_ESC);
	sel_expect_cursor_on(s, "Cid Cursor");
	screen_key(s, SCREEN_KEY_DOWN);
	sel_expect_cursor_on(s, "Dee Cursor");
	screen_send(s, "/Be");
	sel_expect_cursor(s, rows - 1, 4);	/* "/Be" from column 1 */
	screen_key(s, SCREEN_KEY_LEFT);
	sel_expect_cursor(s, rows - 1, 3);
	screen_key(s, SCREEN_KEY_ENTER);
	sel_expect_cursor_on(s, "Bea Cursor");
	/* The help: on its selected row; the history: on its first line. */
	screen_send(s, "?");
	WAIT_TEXT(s, "Keys: ");
	sel_expect_cursor(s, 2, 1);
	screen_send(s, "j");
	sel_expect_cursor(s, 3, 1);
	screen_key(s, SCREEN_KEY_ESC);
	sel_expect_cursor_on(s, "Bea Cursor");
	screen_send(s, "H");
	WAIT_TEXT(s, "History (newest first)");
	row = screen_find_row(s, "History (newest first)");
	sel_expect_cursor(s, row + 2, sel_col_of(s, row, "History"));
	screen_key(s, SCREEN_KEY_ESC);
	sel_expect_cursor_on(s, "Bea Cursor");
	screen_key(s, SCREEN_KEY_BTAB);		/* the organizations */
	sel_expect_cursor(s, 2, 1);
	testdemo_quit(s);
	sel_org_free(&o);
}

/*
 * In the emergency view, the cursor is on its selected line or prompt;
 * its note goes with the next key.
 */
static void
test_cursor_emergency(void **state)
{
	static const char *const first[] = { "Ann", "Bea", NULL };
	static const char *const role[] = { "emergency", "emergency" };
	struct sel_org	 o;
	struct screen	*s;

	(void)state;
	sel_org_make(&o, "Siren", first, role, NULL);
	s = sel_open(&o);
	screen_send(s, "!");
	WAIT_TEXT(s, "Emergency contacts: 2");
	WAIT_TEXT(s, "Bea Siren");
	sel_expect_cursor(s, screen_find_row(s, "Ann Siren"), 1);
	screen_send(s, "j");
	sel_expect_cursor(s, screen_find_row(s, "Bea Siren"), 1);
	screen_send(s, "/Si");
	WAIT_TEXT(s, "Organization: ");
	sel_expect_cursor(s, screen_find_row(s, "Organization: "),
	    1 + (int)strlen("Organization: Si"));
	screen_key(s, SCREEN_KEY_ENTER);
	sel_expect_cursor(s, screen_find_row(s, "Bea Siren"), 1);
	/* A note of the view goes with the next key, any key. */
	screen_send(s, "w");
	WAIT_TEXT(s, "Export to");
	screen_key(s, SCREEN_KEY_ESC);
	WAIT_TEXT(s, "Not exported");
	screen_send(s, "z");
	assert_true(screen_wait(s, testdemo_gone, "Not exported", WAIT_MS));
	testdemo_quit(s);
	sel_org_free(&o);
}

/*
 * An organization with the focus shows its own details: kind, referring
 * partner, its phones with where they ring ("the fax for midtown"), its
 * addresses and its primary contacts; the contacts' focus brings the
 * contact back, and c copies the organization's number as shown.
 */
static void
test_org_details(void **state)
{
	static const char *const want[] = { "Organization", "Riverside Health",
	    "provider", "Northwind Health Partners", "(Midtown office)",
	    "Downtown office: 100 Main Street", "billing: ", NULL };
	struct screen	*s;
	size_t		 i;
	int		 row;

	(void)state;
	s = testdemo_spawn(&demo, DEMO_ROLE_SUPER, "C.UTF-8", 40, 200);
	WAIT_TEXT(s, "Organizations (");
	screen_send(s, "/Riverside Health");
	screen_key(s, SCREEN_KEY_ENTER);
	for (i = 0; want[i] != NULL; i++)
		WAIT_TEXT(s, want[i]);
	row = screen_find_row(s, "(Midtown office)");
	assert_true(row >= 0);
	screen_key(s, SCREEN_KEY_TAB);
	WAIT_TEXT(s, "Name      ");
	assert_false(screen_contains(s, "(Midtown office)"));
	screen_key(s, SCREEN_KEY_BTAB);
	WAIT_TEXT(s, "(Midtown office)");
	testdemo_quit(s);
}

/*
 * A login that sees no organization (a new directory, or no access yet)
 * is told what to do first, not just "No organizations"; a filter that
 * finds none says only that.
 */
static void
test_first_run(void **state)
{
	const char	*none[] = { NULL };
	struct screen	*s;

	(void)state;
	testroles_admin(demo.admin, "sel_nobody", none);
	s = testdemo_spawn(&demo, "sel_nobody", "C.UTF-8", 30, 130);
	WAIT_TEXT(s, "Organizations (0)");
	WAIT_TEXT(s, "No organizations yet.");
	WAIT_TEXT(s, "presses n here");
	WAIT_TEXT(s, "\"switchboard org add");
	WAIT_TEXT(s, "\"switchboard access grant\"");
	WAIT_TEXT(s, "import\" (see switchboard(1))");
	screen_send(s, "/zz");
	screen_key(s, SCREEN_KEY_ENTER);
	WAIT_TEXT(s, "Organizations /zz");
	/* "No organizations yet." holds the words: wait for the hint to go. */
	WAIT_GONE(s, "org add");
	WAIT_TEXT(s, "No organizations");
	testdemo_quit(s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_resort),
		cmocka_unit_test(test_primary_move),
		cmocka_unit_test(test_edit_undo),
		cmocka_unit_test(test_live_update),
		cmocka_unit_test(test_link),
		cmocka_unit_test(test_unlink),
		cmocka_unit_test(test_delete),
		cmocka_unit_test(test_org_filter),
		cmocka_unit_test(test_gone_message),
		cmocka_unit_test(test_cursor),
		cmocka_unit_test(test_cursor_emergency),
		cmocka_unit_test(test_org_details),
		cmocka_unit_test(test_first_run),
	};

	return cmocka_run_group_tests(tests, fixture_setup,
	    fixture_teardown);
}
