/* The confirm mode: one yes/no question over the views, its answer down. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include <curses.h>

#include "switchboard/mode.h"
#include "switchboard/pane.h"
#include "switchboard/prompt.h"
#include "switchboard/util.h"

#include "ui-confirm.h"

struct ui_confirm {
	struct mode_stack	*stack;		/* to hand the answer down */
	const struct draw	*draw;
	const struct keymap	*km;
	char			 question[1200];
};

/* A box of three rows above the status line, as wide as the screen. */
static void
ui_confirm_draw(void *state, int rows, int cols)
{
	struct ui_confirm	*c = state;
	WINDOW			*w;

	if (rows < 5 || (w = newwin(3, cols, rows - 4, 0)) == NULL)
		return;
	wbkgdset(w, ' ' | c->draw->attrs[THEME_NORMAL]);
	werase(w);
	box(w, 0, 0);
	draw_text(w, c->draw, 1, 2, cols - 4, c->question,
	    THEME_STATUS_WARNING);
	wnoutrefresh(w);
	delwin(w);
}

/* confirm-yes answers yes; any other key no. Either closes it. */
static int
ui_confirm_key(void *state, int wch, bool code)
{
	struct ui_confirm	*c = state;

	mode_stack_set_result(c->stack, !code && prompt_confirm(c->km, wch) ?
	    UI_CONFIRM_YES : UI_CONFIRM_NO);
	return (MODE_REDRAW | MODE_CLOSE);
}

static int
ui_confirm_paste(void *state, const char *text, const char *note)
{
	(void)state;
	(void)text;
	(void)note;
	return (0);
}

static void
ui_confirm_close(void *state)
{
	free(state);
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
	.paste = ui_confirm_paste,
	.close = ui_confirm_close
};

bool
ui_confirm_push(struct mode_stack *s, const struct draw *draw,
    const struct keymap *km, const char *question)
{
	struct ui_confirm	*c = xcalloc(1, sizeof *c);

	c->stack = s;
	c->draw = draw;
	c->km = km;
	snprintf(c->question, sizeof c->question, "%s", question);
	if (!mode_stack_push(s, &ui_confirm_ops, c)) {
		free(c);
		return (false);
	}
	mode_stack_set_result(s, UI_CONFIRM_NO);
	return (true);
}
