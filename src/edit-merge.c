/* Two contacts side by side, a value chosen per field, merged into one. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <curses.h>

#include "switchboard/edit.h"
#include "edit-int.h"
#include "switchboard/history.h"
#include "switchboard/keymap.h"
#include "switchboard/listview.h"
#include "switchboard/mode.h"
#include "switchboard/store-merge.h"
#include "switchboard/store.h"
#include "switchboard/term-safe.h"
#include "switchboard/util.h"
#include "switchboard/wrap.h"

#define EDIT_MERGE_LABEL_W	16	/* "Preferred method" */

/* The columns of store_merge_compare. */
enum edit_merge_col {
	EDIT_MERGE_FIELD, EDIT_MERGE_CONTACT, EDIT_MERGE_VALUE,
	EDIT_MERGE_CHANGED, EDIT_MERGE_CHOSEN
};

/* What the view calls each field and each kind of item. */
static const struct {
	const char	*field, *label;
} edit_merge_labels[] = {
	{ "first_name", "First name" },
	{ "last_name", "Last name" },
	{ "title", "Title" },
	{ "preferred_contact_method", "Preferred method" },
	{ "do_not_contact", "Do not contact" },
	{ "primary_email", "Primary email" },
	{ "primary_phone", "Primary phone" },
	{ "email", "Email" },
	{ "phone", "Phone" },
	{ "address", "Address" },
	{ "link", "Link" },
};

/* A row: a field with both values, one chosen; or an item, which moves. */
struct edit_merge_row {
	const char	*field;		/* of edit_merge_labels */
	const char	*label;
	char		*value[2];	/* the kept contact's, the other's */
	int		 chosen;	/* 0 or 1; -1: an item, kept */
};

/* The view's own state; ed only lends the shared ground. */
struct edit_merge {
	struct edit		*ed;
	char			 id[2][STORE_UUID_LEN + 1]; /* [0] is kept */
	char			 name[2][EDIT_TEXT_MAX];
	struct edit_merge_row	*rows;
	size_t			 nrows;
	struct listview		 lv;
	bool			 asked;		/* the merge question is up */
	int			 cursor_y;
};

static const struct edit_key_hint edit_merge_keys[] = {
	{ KEYMAP_MERGE_PICK, "take the other value" },
	{ KEYMAP_MERGE_KEEP, "keep the other" },
	{ KEYMAP_MERGE_DO, "merge" },
	{ KEYMAP_MERGE_CLOSE, "close" },
	{ KEYMAP_MODE_HELP, "keys" },
};

static void
edit_merge_rows_free(struct edit_merge *m)
{
	size_t	i;

	for (i = 0; i < m->nrows; i++) {
		free(m->rows[i].value[0]);
		free(m->rows[i].value[1]);
	}
	free(m->rows);
	m->rows = NULL;
	m->nrows = 0;
}

/* The row of field, made when it is new; NULL for a field not known. */
static struct edit_merge_row *
edit_merge_row(struct edit_merge *m, const char *field, bool item)
{
	struct edit_merge_row	*r;
	size_t			 i;

	if (!item)
		for (i = 0; i < m->nrows; i++)
			if (strcmp(m->rows[i].field, field) == 0)
				return (&m->rows[i]);
	for (i = 0; i < SB_ARRAY_LEN(edit_merge_labels); i++)
		if (strcmp(edit_merge_labels[i].field, field) == 0)
			break;
	if (i == SB_ARRAY_LEN(edit_merge_labels))
		return (NULL);
	m->rows = xreallocarray(m->rows, m->nrows + 1, sizeof *m->rows);
	r = &m->rows[m->nrows++];
	r->field = edit_merge_labels[i].field;
	r->label = edit_merge_labels[i].label;
	r->value[0] = xstrdup("");
	r->value[1] = xstrdup("");
	r->chosen = item ? -1 : 0;
	return (r);
}

/* Whether field is one a value is chosen for (STORE_MERGE_FIELDS). */
static bool
edit_merge_is_field(const char *field)
{
	const char *const	*fields;
	size_t			 n, i;

	fields = store_merge_fields(&n);
	for (i = 0; i < n; i++)
		if (strcmp(fields[i], field) == 0)
			return (true);
	return (false);
}

/* The value of field for side, "" when there is none. */
static const char *
edit_merge_value(const struct edit_merge *m, const char *field, int side)
{
	size_t	i;

	for (i = 0; i < m->nrows; i++)
		if (strcmp(m->rows[i].field, field) == 0)
			return (m->rows[i].value[side]);
	return ("");
}

/* The two contacts read side by side, the server's choices taken. */
static bool
edit_merge_load(struct edit_merge *m)
{
	struct edit_merge_row	*r;
	struct store_grid	 g;
	struct sb_error		 err;
	const char		*ids[2] = { m->id[0], m->id[1] }, *field;
	size_t			 i;
	int			 side;

	edit_merge_rows_free(m);
	edit_drain(m->ed);
	if (store_merge_compare(m->ed->db, ids, 2, &g, &err) != SB_OK) {
		edit_say(m->ed, THEME_STATUS_ERROR, "%s", err.message);
		return (false);
	}
	for (i = 0; i < g.rows; i++) {
		field = store_grid_cell(&g, i, EDIT_MERGE_FIELD);
		side = strcmp(store_grid_cell(&g, i, EDIT_MERGE_CONTACT),
		    m->id[0]) == 0 ? 0 : 1;
		if ((r = edit_merge_row(m, field,
		    !edit_merge_is_field(field))) == NULL)
			continue;
		free(r->value[side]);
		r->value[side] = xstrdup(store_grid_cell(&g, i,
		    EDIT_MERGE_VALUE));
		if (r->chosen >= 0 && strcmp(store_grid_cell(&g, i,
		    EDIT_MERGE_CHOSEN), "true") == 0)
			r->chosen = side;
	}
	store_grid_free(&g);
	for (side = 0; side < 2; side++) {
		field = edit_merge_value(m, "first_name", side);
		snprintf(m->name[side], sizeof m->name[side], "%s%s%s", field,
		    *field != '\0' ? " " : "", edit_merge_value(m,
		    "last_name", side));
	}
	listview_set_count(&m->lv, (int)m->nrows);
	return (true);
}

/* Keep the other contact: the same values chosen, by whose they are. */
static void
edit_merge_swap(struct edit_merge *m)
{
	char	id[STORE_UUID_LEN + 1];
	int	chosen[SB_ARRAY_LEN(edit_merge_labels)];
	size_t	i, n = m->nrows;

	for (i = 0; i < n && i < SB_ARRAY_LEN(chosen); i++)
		chosen[i] = m->rows[i].chosen;
	memcpy(id, m->id[0], sizeof id);
	memcpy(m->id[0], m->id[1], sizeof id);
	memcpy(m->id[1], id, sizeof id);
	if (!edit_merge_load(m))
		return;
	/* The fields come first, in the same order on both loads. */
	for (i = 0; i < n && i < m->nrows && i < SB_ARRAY_LEN(chosen); i++)
		if (chosen[i] >= 0 && m->rows[i].chosen >= 0)
			m->rows[i].chosen = 1 - chosen[i];
}

/* "Merge Maggie Okafor into Margaret Okafor?" */
static int
edit_merge_ask(struct edit_merge *m)
{
	char	q[3 * EDIT_TEXT_MAX + 200];

	util_format_text(q, sizeof q, "Merge %s into %s? Every email, phone, address "
	    "and link of theirs moves to %s, with the values marked; u "
	    "undoes it. (y/n)", m->name[1], m->name[0], m->name[0]);
	m->asked = edit_ask(m->ed, false, q);
	return (MODE_REDRAW);
}

/* Merge as shown, in one command; undoable with u. */
static int
edit_merge_do(struct edit_merge *m)
{
	struct store_merge_prefer	 prefer[SB_ARRAY_LEN(edit_merge_labels)];
	struct store_merge_result	 res;
	struct sb_error			 err;
	const char			*other = m->id[1];
	char				 what[HISTORY_WHAT_MAX], hidden[80] = "";
	size_t				 i, n = 0;

	for (i = 0; i < m->nrows && n < SB_ARRAY_LEN(prefer); i++)
		if (m->rows[i].chosen >= 0) {
			prefer[n].field = m->rows[i].field;
			prefer[n++].contact_id = m->id[m->rows[i].chosen];
		}
	edit_drain(m->ed);
	if (store_contact_merge(m->ed->db, m->id[0], &other, 1, prefer, n,
	    &res, &err) != SB_OK) {
		edit_say(m->ed, THEME_STATUS_ERROR, "Not merged: %s",
		    err.message);
		return (MODE_REDRAW);
	}
	util_format_text(what, sizeof what, "merge of %s into %s", m->name[1],
	    m->name[0]);
	history_undo_set_merge(history_log_push(&m->ed->undo), res.merge_id,
	    what);
	if (res.links_hidden > 0)
		snprintf(hidden, sizeof hidden, ", %d at organizations you "
		    "cannot see", res.links_hidden);
	edit_say(m->ed, THEME_STATUS_OK, "Merged %s into %s: %d link%s "
	    "moved%s (u undoes)", m->name[1], m->name[0], res.links_moved,
	    res.links_moved == 1 ? "" : "s", hidden);
	mode_stack_set_result(m->ed->modes, EDIT_ANSWER_YES);
	return (MODE_REDRAW | MODE_RELOAD | MODE_CLOSE);
}

static unsigned int
edit_merge_context(void *state)
{
	(void)state;
	return (KEYMAP_CTX_MERGE);
}

static int
edit_merge_key(void *state, int wch, bool code)
{
	struct edit_merge	*m = state;
	enum keymap_action	 act;
	size_t			 i = (size_t)m->lv.selected;

	(void)code;
	act = keymap_lookup_move(m->ed->km, KEYMAP_CTX_MERGE, wch);
	switch (act) {
	case KEYMAP_MODE_HELP:
		return (MODE_REDRAW | MODE_HELP);
	case KEYMAP_MERGE_CLOSE:
		return (MODE_REDRAW | MODE_CLOSE);
	case KEYMAP_MERGE_PICK:
		if (m->lv.selected >= 0 && i < m->nrows &&
		    m->rows[i].chosen >= 0)
			m->rows[i].chosen = 1 - m->rows[i].chosen;
		else
			edit_say(m->ed, THEME_STATUS_WARNING, "Every email, "
			    "phone, address and link moves: there is nothing "
			    "to choose");
		return (MODE_REDRAW);
	case KEYMAP_MERGE_KEEP:
		edit_merge_swap(m);
		return (MODE_REDRAW);
	case KEYMAP_MERGE_DO:
		return (edit_merge_ask(m));
	default:
		listview_act(&m->lv, act);
		return (MODE_REDRAW);
	}
}

/* The merge question's answer. */
static int
edit_merge_result(void *state, int result)
{
	struct edit_merge	*m = state;
	bool			 asked = m->asked;

	m->asked = false;
	if (asked && result == EDIT_ANSWER_YES)
		return (edit_merge_do(m));
	return (MODE_REDRAW);
}

/* A row's cell for side as lines cw wide: "* " before the value chosen. */
static size_t
edit_merge_lines(const struct edit_merge *m, const struct edit_merge_row *r,
    int side, int cw, char ***lines)
{
	char	*text, *safe;
	size_t	 n;

	if (*r->value[side] == '\0' && r->chosen != side) {
		*lines = NULL;
		return (0);
	}
	text = xasprintf("%s%s", r->chosen == side ? "* " : r->chosen >= 0 ?
	    "  " : "+ ", r->value[side]);
	safe = term_safe_dup(text, m->ed->draw->safe_flags);
	n = wrap_text(safe, cw, lines);
	free(safe);
	free(text);
	return (n);
}

static void
edit_merge_lines_free(char **lines, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++)
		free(lines[i]);
	free(lines);
}

/*
 * Row i at y, its values wrapped (never cut) in columns x[0] and x[1],
 * cw wide, within the window's first bottom rows: the lines it took.
 */
static int
edit_merge_draw_row(struct edit_merge *m, WINDOW *w, int y, int bottom,
    size_t i, int width, const int *x, int cw)
{
	const struct edit_merge_row *r = &m->rows[i];
	enum theme_role		 role = (int)i == m->lv.selected ?
	    THEME_LIST_SELECTED : THEME_NORMAL;
	char			**lines[2];
	size_t			 n[2], k, most;
	int			 side;

	for (side = 0; side < 2; side++)
		n[side] = edit_merge_lines(m, r, side, cw, &lines[side]);
	most = n[0] > n[1] ? n[0] : n[1];
	if (most == 0)
		most = 1;
	for (k = 0; k < most && y + (int)k < bottom; k++) {
		draw_fill(w, m->ed->draw, y + (int)k, 1, width - 2, role);
		if (k == 0)
			draw_text(w, m->ed->draw, y, 2, EDIT_MERGE_LABEL_W,
			    r->label, role == THEME_NORMAL ?
			    THEME_FIELD_LABEL : role);
		for (side = 0; side < 2; side++)
			if (k < n[side])
				draw_text(w, m->ed->draw, y + (int)k,
				    x[side], cw, lines[side][k], role);
	}
	for (side = 0; side < 2; side++)
		edit_merge_lines_free(lines[side], n[side]);
	return ((int)most);
}

/* How many lines row i takes in columns cw wide. */
static int
edit_merge_row_height(const struct edit_merge *m, size_t i, int cw)
{
	char	**lines;
	size_t	  n, most = 1;
	int	  side;

	for (side = 0; side < 2; side++) {
		n = edit_merge_lines(m, &m->rows[i], side, cw, &lines);
		edit_merge_lines_free(lines, n);
		if (n > most)
			most = n;
	}
	return ((int)most);
}

static void
edit_merge_draw(void *state, int rows, int cols)
{
	struct edit_merge	*m = state;
	WINDOW			*w;
	char			 title[2 * EDIT_TEXT_MAX], head[2][EDIT_TEXT_MAX];
	int			 h = 0, width, y, cw, x[2], used, bottom;
	size_t			 i;

	m->cursor_y = -1;
	util_format_text(title, sizeof title, "Merge into one: %s keeps, %s goes",
	    m->name[0], m->name[1]);
	if ((w = edit_draw_view(m->ed, rows, cols, 12, title, &h,
	    &width)) == NULL)
		return;
	cw = (width - 4 - EDIT_MERGE_LABEL_W - 2) / 2;
	x[0] = 2 + EDIT_MERGE_LABEL_W + 1;
	x[1] = x[0] + cw + 1;
	util_format_text(head[0], sizeof head[0], "Kept: %s", m->name[0]);
	util_format_text(head[1], sizeof head[1], "Merged into it: %s", m->name[1]);
	draw_text(w, m->ed->draw, 1, x[0], cw, head[0], THEME_FIELD_LABEL);
	draw_text(w, m->ed->draw, 1, x[1], cw, head[1], THEME_FIELD_LABEL);
	bottom = h - 3;
	/* Rows take a line a line of their values: the selected one shown. */
	listview_set_height(&m->lv, bottom - 2);
	for (used = 0, i = (size_t)m->lv.selected; m->lv.selected >= 0 &&
	    (int)i >= m->lv.top; i--) {
		used += edit_merge_row_height(m, i, cw);
		if (used > bottom - 2 && (int)i < m->lv.selected)
			m->lv.top = (int)i + 1;
		if (i == 0)
			break;
	}
	for (y = 2, i = (size_t)m->lv.top; i < m->nrows && y < bottom; i++) {
		if ((int)i == m->lv.selected)
			m->cursor_y = getbegy(w) + y;
		y += edit_merge_draw_row(m, w, y, bottom, i, width, x, cw);
	}
	draw_text(w, m->ed->draw, h - 3, 2, width - 4, "* the value kept;"
	    " + moves to the contact kept", THEME_DIM);
	edit_draw_keys(m->ed, w, h - 2, width, edit_merge_keys,
	    SB_ARRAY_LEN(edit_merge_keys));
	wnoutrefresh(w);
	delwin(w);
}

static bool
edit_merge_cursor(void *state, int *y, int *x)
{
	struct edit_merge	*m = state;

	*y = m->cursor_y;
	*x = 3;
	return (m->cursor_y >= 0);
}

static void
edit_merge_close(void *state)
{
	struct edit_merge	*m = state;

	edit_merge_rows_free(m);
	free(m);
}

static const struct mode_ops edit_merge_ops = {
	.name = "merge",
	.context = edit_merge_context,
	.draw = edit_merge_draw,
	.key = edit_merge_key,
	.paste = mode_paste_ignored,
	.result = edit_merge_result,
	.close = edit_merge_close,
	.cursor = edit_merge_cursor
};

int
edit_open_merge(struct edit *ed, const char *keep, const char *other)
{
	struct edit_merge	*m = xcalloc(1, sizeof *m);

	m->ed = ed;
	m->cursor_y = -1;
	snprintf(m->id[0], sizeof m->id[0], "%s", keep);
	snprintf(m->id[1], sizeof m->id[1], "%s", other);
	listview_init(&m->lv);
	if (!edit_merge_load(m) || !edit_view_push(ed, &edit_merge_ops, m))
		edit_merge_close(m);
	return (MODE_REDRAW);
}
