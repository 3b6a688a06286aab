/* The duplicates view: pairs likely to be one person, each to compare. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <curses.h>

#include "switchboard/edit.h"
#include "edit-int.h"
#include "switchboard/keymap.h"
#include "switchboard/listview.h"
#include "switchboard/mode.h"
#include "switchboard/store.h"
#include "switchboard/term-safe.h"
#include "switchboard/util.h"

#define EDIT_DUPS_MIN		"0.8"	/* the matcher's score, as the CLI */
#define EDIT_DUPS_SCORE_W	5	/* "0.97" */
#define EDIT_DUPS_NAME_W	24	/* most cells of a name column */

/* The columns of store_duplicate_pairs. */
enum edit_dups_col {
	EDIT_DUPS_ID, EDIT_DUPS_NAME, EDIT_DUPS_OTHER_ID, EDIT_DUPS_OTHER,
	EDIT_DUPS_SCORE, EDIT_DUPS_WHY
};

static const char EDIT_DUPS_WHO[] = "only super admins and provider admins "
    "merge contacts";

/* The view's own state; ed only lends the shared ground. */
struct edit_dups {
	struct edit		*ed;
	struct store_grid	 g;		/* the pairs shown */
	struct listview		 lv;
	int			 cursor_y;	/* the selected row; -1 none */
};

static const struct edit_key_hint edit_dups_keys[] = {
	{ KEYMAP_MERGE_OPEN, "compare and merge" },
	{ KEYMAP_MERGE_CLOSE, "close" },
	{ KEYMAP_MODE_HELP, "keys" },
};

/* The pairs read again (after a merge, fewer). */
static void
edit_dups_load(struct edit_dups *v)
{
	struct sb_error	err;

	store_grid_free(&v->g);
	memset(&v->g, 0, sizeof v->g);
	edit_drain(v->ed);
	if (store_duplicate_pairs(v->ed->db, NULL, EDIT_DUPS_MIN, &v->g,
	    &err) != SB_OK)
		edit_say(v->ed, THEME_STATUS_ERROR, "%s", err.message);
	listview_set_count(&v->lv, (int)v->g.rows);
}

static unsigned int
edit_dups_context(void *state)
{
	(void)state;
	return (KEYMAP_CTX_MERGE);
}

/* The selected pair side by side, when the person may merge. */
static int
edit_dups_open(struct edit_dups *v)
{
	size_t	i = (size_t)v->lv.selected;
	char	why[200];

	if (v->lv.selected < 0 || i >= v->g.rows)
		return (MODE_REDRAW);
	if (edit_kinds_refused(v->ed, EDIT_HOLDS_SUPER | EDIT_HOLDS_PROVIDER,
	    EDIT_DUPS_WHO, why, sizeof why)) {
		edit_say(v->ed, THEME_STATUS_WARNING, "Not for you: %s", why);
		return (MODE_REDRAW);
	}
	return (edit_open_merge(v->ed, store_grid_cell(&v->g, i,
	    EDIT_DUPS_ID), store_grid_cell(&v->g, i, EDIT_DUPS_OTHER_ID)));
}

static int
edit_dups_key(void *state, int wch, bool code)
{
	struct edit_dups	*v = state;
	enum keymap_action	 act;

	(void)code;
	act = keymap_lookup_move(v->ed->km, KEYMAP_CTX_MERGE, wch);
	switch (act) {
	case KEYMAP_MODE_HELP:
		return (MODE_REDRAW | MODE_HELP);
	case KEYMAP_MERGE_CLOSE:
		return (MODE_REDRAW | MODE_CLOSE);
	case KEYMAP_MERGE_OPEN:
		return (edit_dups_open(v));
	default:
		listview_act(&v->lv, act);
		return (MODE_REDRAW);
	}
}

/* The side-by-side view closed: merged or not, read the pairs again. */
static int
edit_dups_result(void *state, int result)
{
	struct edit_dups	*v = state;

	edit_dups_load(v);
	return (MODE_REDRAW | (result == EDIT_ANSWER_YES ? MODE_RELOAD : 0));
}

/* The names as wide as the widest (at most EDIT_DUPS_NAME_W), the rest. */
static void
edit_dups_widths(const struct edit_dups *v, int width, int *w)
{
	size_t	i;
	int	c, name = 7;

	for (i = 0; i < v->g.rows; i++) {
		c = term_safe_width(store_grid_cell(&v->g, i, EDIT_DUPS_NAME),
		    v->ed->draw->safe_flags);
		if (c > name)
			name = c;
		c = term_safe_width(store_grid_cell(&v->g, i, EDIT_DUPS_OTHER),
		    v->ed->draw->safe_flags);
		if (c > name)
			name = c;
	}
	w[0] = EDIT_DUPS_SCORE_W;
	w[1] = w[2] = name < EDIT_DUPS_NAME_W ? name : EDIT_DUPS_NAME_W;
	w[3] = width - 4 - w[0] - w[1] - w[2] - 3;
}

static void
edit_dups_draw(void *state, int rows, int cols)
{
	static const char *const heads[] = { "Score", "Contact", "Other",
	    "Why" };
	struct edit_dups	*v = state;
	const char		*cells[4];
	enum theme_role		 role;
	WINDOW			*w;
	char			 title[80];
	int			 h = 0, width, y, widths[4];
	size_t			 i;

	v->cursor_y = -1;
	util_format_text(title, sizeof title, "Likely the same person (%zu pair%s)",
	    v->g.rows, v->g.rows == 1 ? "" : "s");
	if ((w = edit_draw_view(v->ed, rows, cols, 9, title, &h,
	    &width)) == NULL)
		return;
	edit_dups_widths(v, width, widths);
	edit_draw_cells(v->ed, w, 1, heads, widths, 4, THEME_FIELD_LABEL);
	listview_set_height(&v->lv, h - 4);
	for (y = 0; y < v->lv.height && v->lv.top + y < v->lv.count; y++) {
		i = (size_t)(v->lv.top + y);
		role = (int)i == v->lv.selected ? THEME_LIST_SELECTED :
		    THEME_NORMAL;
		draw_fill(w, v->ed->draw, y + 2, 1, width - 2, role);
		cells[0] = store_grid_cell(&v->g, i, EDIT_DUPS_SCORE);
		cells[1] = store_grid_cell(&v->g, i, EDIT_DUPS_NAME);
		cells[2] = store_grid_cell(&v->g, i, EDIT_DUPS_OTHER);
		cells[3] = store_grid_cell(&v->g, i, EDIT_DUPS_WHY);
		edit_draw_cells(v->ed, w, y + 2, cells, widths, 4, role);
	}
	if (v->lv.selected >= v->lv.top && v->lv.selected < v->lv.top + y)
		v->cursor_y = getbegy(w) + 2 + v->lv.selected - v->lv.top;
	if (v->g.rows == 0)
		draw_text(w, v->ed->draw, 2, 2, width - 4, "No likely "
		    "duplicates among the contacts you can see", THEME_DIM);
	edit_draw_keys(v->ed, w, h - 2, width, edit_dups_keys,
	    SB_ARRAY_LEN(edit_dups_keys));
	wnoutrefresh(w);
	delwin(w);
}

/* At the selected row, for screen readers. */
static bool
edit_dups_cursor(void *state, int *y, int *x)
{
	struct edit_dups	*v = state;

	*y = v->cursor_y;
	*x = 3;
	return (v->cursor_y >= 0);
}

static void
edit_dups_close(void *state)
{
	struct edit_dups	*v = state;

	store_grid_free(&v->g);
	free(v);
}

static const struct mode_ops edit_dups_ops = {
	.name = "duplicates",
	.context = edit_dups_context,
	.draw = edit_dups_draw,
	.key = edit_dups_key,
	.paste = mode_paste_ignored,
	.result = edit_dups_result,
	.close = edit_dups_close,
	.cursor = edit_dups_cursor
};

int
edit_open_duplicates(struct edit *ed)
{
	struct edit_dups	*v = xcalloc(1, sizeof *v);

	v->ed = ed;
	v->cursor_y = -1;
	listview_init(&v->lv);
	edit_dups_load(v);
	if (!edit_view_push(ed, &edit_dups_ops, v))
		edit_dups_close(v);
	return (EDIT_REDRAW);
}
