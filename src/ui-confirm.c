/* The confirm mode: one yes/no question over the views, its answer down. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include <curses.h>

#include "switchboard/keymap.h"
#include "switchboard/mode.h"
#include "switchboard/pane.h"
#include "switchboard/prompt.h"
#include "switchboard/util.h"

#include "ui-confirm.h"

struct ui_confirm {
	struct mode_stack	*stack;		/* to hand the answer down */
	const struct draw	*draw;
	const struct keymap	*km;
	const struct ui_confirm_frame *frame;	/* NULL: above the status */
	char			 question[1200];
	int			 cursor_y, cursor_x; /* question's start, -1 */
};

/*
 * The frame's box, the question wrapped inside from its second row; by
 * default a box of three rows above the status line, as wide as the
 * screen, the question on one row.
 */
static void
ui_confirm_draw(void *state, int rows, int cols)
{
	struct ui_confirm	*c = state;
	const struct ui_confirm_frame *f = c->frame;
	WINDOW			*w;
	int			 y = rows - 4, x = 0, h = 3, width = cols;
	int			 top = 1;

	c->cursor_y = c->cursor_x = -1;
	if (f != NULL) {
		if (!f->place(rows, cols, &y, &x, &h, &width))
			return;
		top = 2;
	} else if (rows < 5)
		return;
	if ((w = newwin(h, width, y, x)) == NULL)
		return;
	wbkgdset(w, ' ' | c->draw->attrs[THEME_NORMAL]);
	werase(w);
	if (f != NULL && f->bare) {
		c->cursor_y = y;
		c->cursor_x = x + 1;
		draw_wrap(w, c->draw, 0, 1, width - 2, h, c->question,
		    THEME_STATUS_WARNING);
		wnoutrefresh(w);
		delwin(w);
		return;
	}
	box(w, 0, 0);
	if (f != NULL && f->title != NULL)
		draw_text(w, c->draw, 0, 2, width - 4, f->title,
		    THEME_PANE_TITLE);
	c->cursor_y = y + top;
	c->cursor_x = x + 2;
	draw_wrap(w, c->draw, top, 2, width - 4, h - 1 - top, c->question,
	    THEME_STATUS_WARNING);
	wnoutrefresh(w);
	delwin(w);
}

/* Any key answers (UI_CONFIRM_NO was set at the push) but mode-help. */
static int
ui_confirm_key(void *state, int wch, bool code)
{
	struct ui_confirm	*c = state;

	if (keymap_lookup(c->km, KEYMAP_CTX_CONFIRM, wch) == KEYMAP_MODE_HELP)
		return (MODE_REDRAW | MODE_HELP);
	if (!code && prompt_confirm(c->km, wch))
		mode_stack_set_result(c->stack, UI_CONFIRM_YES);
	else if (keymap_lookup(c->km, KEYMAP_CTX_CONFIRM, wch) !=
	    KEYMAP_CONFIRM_NO)
		mode_stack_set_result(c->stack, UI_CONFIRM_OTHER);
	return (MODE_REDRAW | MODE_CLOSE);
}

static void
ui_confirm_close(void *state)
{
	free(state);
}

/* At the question's start, for a screen reader to read it. */
static bool
ui_confirm_cursor(void *state, int *y, int *x)
{
	struct ui_confirm	*c = state;

	*y = c->cursor_y;
	*x = c->cursor_x;
	return (c->cursor_y >= 0);
}

static unsigned int
ui_confirm_context(void *state)
{
	(void)state;
	return (KEYMAP_CTX_CONFIRM);
}

static const struct mode_ops ui_confirm_ops = {
	.name = "question",
	.context = ui_confirm_context,
	.draw = ui_confirm_draw,
	.key = ui_confirm_key,
	.paste = mode_paste_ignored,
	.close = ui_confirm_close,
	.cursor = ui_confirm_cursor
};

bool
ui_confirm_push(struct mode_stack *s, const struct draw *draw,
    const struct keymap *km, const char *question)
{
	return (ui_confirm_push_in(s, draw, km, question, NULL));
}

bool
ui_confirm_push_in(struct mode_stack *s, const struct draw *draw,
    const struct keymap *km, const char *question,
    const struct ui_confirm_frame *frame)
{
	struct ui_confirm	*c = xcalloc(1, sizeof *c);

	c->stack = s;
	c->draw = draw;
	c->km = km;
	c->frame = frame;
	c->cursor_y = c->cursor_x = -1;
	snprintf(c->question, sizeof c->question, "%s", question);
	if (!mode_stack_push(s, &ui_confirm_ops, c)) {
		free(c);
		return (false);
	}
	mode_stack_set_result(s, UI_CONFIRM_NO);
	return (true);
}
