/* The history mode: a record's events (or other lines) scrolled as text. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include <curses.h>

#include "switchboard/history.h"
#include "switchboard/keymap.h"
#include "switchboard/listview.h"
#include "switchboard/mode.h"
#include "switchboard/pane.h"
#include "switchboard/util.h"

#include "ui-history.h"

#define UI_HISTORY_MIN_H	9	/* rows of the window, border in */
#define UI_HISTORY_MIN_W	50

struct ui_history {
	const struct draw	*draw;
	const struct keymap	*km;
	char			 title[80];
	char			**lines;
	size_t			 nlines;
	struct listview		 lv;	/* the first line shown */
	int			 cursor_y, cursor_x; /* as drawn, or -1 */
};

/* Say the terminal is too small for the view, and how to get out. */
static void
ui_history_too_small(struct ui_history *hi, int rows, int cols)
{
	WINDOW	*w;
	char	 buf[80];

	if ((w = newwin(rows - 2, cols, 1, 0)) == NULL)
		return;
	hi->cursor_y = 2;
	hi->cursor_x = 2;
	wbkgdset(w, ' ' | hi->draw->attrs[THEME_NORMAL]);
	werase(w);
	box(w, 0, 0);
	draw_text(w, hi->draw, 1, 2, cols - 4,
	    "Terminal too small for this view", THEME_STATUS_ERROR);
	snprintf(buf, sizeof buf, "(%dx%d): it needs %dx%d.", cols, rows,
	    UI_HISTORY_MIN_W + 4, UI_HISTORY_MIN_H + 2);
	draw_text(w, hi->draw, 2, 2, cols - 4, buf, THEME_STATUS_ERROR);
	if (rows > 6)
		draw_text(w, hi->draw, 3, 2, cols - 4,
		    "Enlarge it, or press Esc to leave.", THEME_NORMAL);
	wnoutrefresh(w);
	delwin(w);
}

static void
ui_history_draw(void *state, int rows, int cols)
{
	struct ui_history	*hi = state;
	WINDOW			*w;
	int			 h = rows - 2, width = cols > 100 ? 96 :
	    cols - 4, y = 2;
	size_t			 i;

	hi->cursor_y = hi->cursor_x = -1;
	if (h < UI_HISTORY_MIN_H || width < UI_HISTORY_MIN_W) {
		ui_history_too_small(hi, rows, cols);
		return;
	}
	if ((w = newwin(h, width, 1, (cols - width) / 2)) == NULL)
		return;
	/* The first line shown, for a screen reader to read from. */
	hi->cursor_y = 1 + y;
	hi->cursor_x = (cols - width) / 2 + 2;
	wbkgdset(w, ' ' | hi->draw->attrs[THEME_NORMAL]);
	werase(w);
	box(w, 0, 0);
	draw_text(w, hi->draw, 0, 2, width - 4, hi->title, THEME_PANE_TITLE);
	if (hi->nlines == 0)
		draw_text(w, hi->draw, y, 2, width - 4, "No events",
		    THEME_DIM);
	listview_set_height(&hi->lv, h - 2 - y);
	for (i = (size_t)hi->lv.top; i < hi->nlines && y < h - 2; i++, y++)
		draw_text(w, hi->draw, y, 2, width - 4, hi->lines[i],
		    hi->lines[i][0] == ' ' ? THEME_NORMAL : THEME_PANE_TITLE);
	draw_text(w, hi->draw, h - 2, 2, width - 4, "Up/Down scroll  any "
	    "other key closes", THEME_DIM);
	wnoutrefresh(w);
	delwin(w);
}

/* The move keys scroll, through the key table; any other key closes. */
static int
ui_history_key(void *state, int wch, bool code)
{
	struct ui_history	*hi = state;

	(void)code;
	switch (keymap_lookup(hi->km, KEYMAP_CTX_GLOBAL, wch)) {
	case KEYMAP_MOVE_DOWN:
		listview_scroll(&hi->lv, 1);
		return (MODE_REDRAW);
	case KEYMAP_MOVE_UP:
		listview_scroll(&hi->lv, -1);
		return (MODE_REDRAW);
	default:
		return (MODE_REDRAW | MODE_CLOSE);
	}
}

static void
ui_history_close(void *state)
{
	struct ui_history	*hi = state;

	history_lines_free(hi->lines, hi->nlines);
	free(hi);
}

static unsigned int
ui_history_context(void *state)
{
	(void)state;
	return (KEYMAP_CTX_GLOBAL);
}

static bool
ui_history_cursor(void *state, int *y, int *x)
{
	struct ui_history	*hi = state;

	*y = hi->cursor_y;
	*x = hi->cursor_x;
	return (hi->cursor_y >= 0);
}

static const struct mode_ops ui_history_ops = {
	.name = "history",
	.context = ui_history_context,
	.draw = ui_history_draw,
	.key = ui_history_key,
	.close = ui_history_close,
	.cursor = ui_history_cursor
};

bool
ui_history_push(struct mode_stack *s, const struct draw *draw,
    const struct keymap *km, const char *title, char **lines, size_t nlines)
{
	struct ui_history	*hi = xcalloc(1, sizeof *hi);

	snprintf(hi->title, sizeof hi->title, "%s", title);
	hi->draw = draw;
	hi->km = km;
	hi->lines = lines;
	hi->nlines = nlines;
	hi->cursor_y = hi->cursor_x = -1;
	listview_init(&hi->lv);
	listview_set_scrolloff(&hi->lv, 0);
	listview_set_count(&hi->lv, (int)nlines);
	if (!mode_stack_push(s, &ui_history_ops, hi)) {
		ui_history_close(hi);
		return (false);
	}
	return (true);
}
