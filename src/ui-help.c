/* The help mode: the keys of the mode below it, from the key table. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <curses.h>

#include "switchboard/keymap.h"
#include "switchboard/listview.h"
#include "switchboard/mode.h"
#include "switchboard/pane.h"
#include "switchboard/util.h"

#include "ui-help.h"

#define UI_HELP_KEYS_W	24	/* the keys column */
#define UI_HELP_WHY_MAX	128	/* why an action is refused, "" if not */

struct ui_help {
	const struct keymap	*km;
	const struct draw	*draw;
	char			 title[64];
	struct keymap_help	 rows[KEYMAP_ACTION_COUNT];
	char			 why[KEYMAP_ACTION_COUNT][UI_HELP_WHY_MAX];
	struct listview		 lv;
};

static void
ui_help_draw(void *state, int rows, int cols)
{
	struct ui_help	*h = state;
	WINDOW		*w;
	char		 buf[128], line[256];
	int		 i, y, ht = rows - 2;
	enum theme_role	 role, text;

	if (ht < 3 || (w = newwin(ht, cols, 1, 0)) == NULL)
		return;
	listview_set_height(&h->lv, ht - 2);
	wbkgdset(w, ' ' | h->draw->attrs[THEME_NORMAL]);
	werase(w);
	box(w, 0, 0);
	snprintf(buf, sizeof buf, " Keys: %s (j k PgUp PgDn Home End "
	    "scroll; other keys close) ", h->title);
	draw_text(w, h->draw, 0, 2, cols - 4, buf, THEME_PANE_TITLE);
	for (y = 0; y < h->lv.height; y++) {
		if ((i = h->lv.top + y) >= h->lv.count)
			break;
		role = i == h->lv.selected ? THEME_LIST_SELECTED :
		    THEME_NORMAL;
		/* Refused here: dimmed, and why (not by colour alone). */
		text = h->why[i][0] != '\0' && i != h->lv.selected ?
		    THEME_DIM : role;
		snprintf(line, sizeof line, "%s%s%s%s", h->rows[i].help,
		    h->why[i][0] != '\0' ? " (not for you here: " : "",
		    h->why[i], h->why[i][0] != '\0' ? ")" : "");
		draw_fill(w, h->draw, y + 1, 1, cols - 2, role);
		draw_text(w, h->draw, y + 1, 2, UI_HELP_KEYS_W - 1,
		    h->rows[i].keys, i == h->lv.selected ? role :
		    h->why[i][0] != '\0' ? THEME_DIM : THEME_HELP_KEY);
		draw_text(w, h->draw, y + 1, 2 + UI_HELP_KEYS_W,
		    cols - 4 - UI_HELP_KEYS_W, line, text);
	}
	snprintf(buf, sizeof buf, " %d-%d of %d ", h->lv.count > 0 ?
	    h->lv.top + 1 : 0, h->lv.top + y, h->lv.count);
	draw_text(w, h->draw, ht - 1, cols - 2 - (int)strlen(buf),
	    (int)strlen(buf), buf, THEME_PANE_TITLE);
	wnoutrefresh(w);
	delwin(w);
}

/* The move keys scroll, through the key table; any other key closes. */
static int
ui_help_key(void *state, int wch, bool code)
{
	struct ui_help	*h = state;

	(void)code;
	if (!listview_act(&h->lv, keymap_lookup(h->km, KEYMAP_CTX_GLOBAL,
	    wch)))
		return (MODE_REDRAW | MODE_CLOSE);
	return (MODE_REDRAW);
}

static void
ui_help_close(void *state)
{
	free(state);
}

/* At the start of the selected row (the window starts on row 1). */
static bool
ui_help_cursor(void *state, int *y, int *x)
{
	struct ui_help	*h = state;

	if (h->lv.selected < h->lv.top || h->lv.height <= 0)
		return (false);
	*y = 2 + h->lv.selected - h->lv.top;
	*x = 1;
	return (true);
}

static const struct mode_ops ui_help_ops = {
	.name = "help",
	.draw = ui_help_draw,
	.key = ui_help_key,
	.paste = mode_paste_ignored,
	.close = ui_help_close,
	.cursor = ui_help_cursor
};

/* The global move keys after the n rows of h; returns the rows now. */
static size_t
ui_help_moves(struct ui_help *h, size_t n)
{
	struct keymap_help	all[KEYMAP_ACTION_COUNT];
	size_t			k, i;

	k = keymap_help_list(h->km, KEYMAP_CTX_GLOBAL, all,
	    KEYMAP_ACTION_COUNT);
	for (i = 0; i < k && n < KEYMAP_ACTION_COUNT; i++) {
		if (keymap_action_is_move(all[i].action))
			h->rows[n++] = all[i];
	}
	return (n);
}

/* The help for mask, refused actions with their reasons. */
static struct ui_help *
ui_help_new(const struct keymap *km, const struct draw *draw,
    unsigned int mask, bool moves, const char *title,
    bool (*refused)(void *, int, char *, size_t), void *arg)
{
	struct ui_help	*h = xcalloc(1, sizeof *h);
	size_t		 n, i;

	h->km = km;
	h->draw = draw;
	snprintf(h->title, sizeof h->title, "%s", title);
	n = keymap_help_list(km, mask, h->rows, KEYMAP_ACTION_COUNT);
	if (moves)
		n = ui_help_moves(h, n);
	for (i = 0; refused != NULL && i < n; i++) {
		if (!refused(arg, h->rows[i].action, h->why[i],
		    sizeof h->why[i]))
			h->why[i][0] = '\0';
	}
	listview_init(&h->lv);
	listview_set_scrolloff(&h->lv, 0);
	listview_set_count(&h->lv, (int)n);
	return (h);
}

/* Push h; freed when there is no room. */
static bool
ui_help_show(struct mode_stack *s, struct ui_help *h)
{
	if (!mode_stack_push(s, &ui_help_ops, h)) {
		free(h);
		return (false);
	}
	return (true);
}

bool
ui_help_push(struct mode_stack *s, const struct keymap *km,
    const struct draw *draw, unsigned int mask, bool moves,
    const char *title)
{
	return (ui_help_show(s, ui_help_new(km, draw, mask, moves, title,
	    NULL, NULL)));
}

bool
ui_help_push_refused(struct mode_stack *s, const struct keymap *km,
    const struct draw *draw, unsigned int mask, const char *title,
    bool (*refused)(void *, int, char *, size_t), void *arg)
{
	return (ui_help_show(s, ui_help_new(km, draw, mask, false, title,
	    refused, arg)));
}

bool
ui_help_open(const struct mode_stack *s)
{
	return (mode_stack_has(s, &ui_help_ops));
}
