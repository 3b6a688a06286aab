/* The emergency view as a mode on the UI's stack; the help for the top. */
#include "config.h"

#include <stdbool.h>

#include "switchboard/edit.h"
#include "switchboard/emergency.h"
#include "switchboard/keymap.h"
#include "switchboard/mode.h"

#include "ui-confirm.h"
#include "ui-help.h"
#include "ui-int.h"

_Static_assert(EDIT_REDRAW == MODE_REDRAW && EDIT_RELOAD == MODE_RELOAD,
    "the overlay's flags are the modes'");

/*
 * The contexts a help for ctx lists: ctx's, and the global keys where
 * ctx falls back to them (not in text entry, questions and lists).
 */
static unsigned int
ui_modes_help_mask(unsigned int ctx)
{
	return (keymap_falls_back(ctx) ? ctx | KEYMAP_CTX_GLOBAL : ctx);
}

/* The main view's actions the person's access refuses, for the help. */
static bool
ui_modes_refused(void *arg, int action, char *why, size_t size)
{
	return (ui_action_refused(arg, action, why, size));
}

void
ui_modes_help(struct ui *ui)
{
	struct mode	*top = mode_stack_top(&ui->modes);
	unsigned int	 mask = KEYMAP_CTX_SEARCH | KEYMAP_CTX_GLOBAL;
	const char	*title = "main view";
	unsigned int	 ctx;
	bool		 moves = false;
	int		 i;

	for (i = 0; i < UI_NPANES; i++)
		mask |= ui_pane_table[i].context | ui_pane_table[i].own;
	if (top != NULL && top->ops->context != NULL) {
		ctx = top->ops->context(top->state);
		mask = ui_modes_help_mask(ctx);
		/* Lists of their own keys move with the global keys. */
		moves = (ctx & (KEYMAP_CTX_ITEMS | KEYMAP_CTX_CONFLICT |
		    KEYMAP_CTX_ACCESS | KEYMAP_CTX_MERGE)) != 0;
		title = top->ops->name;
	}
	if (top == NULL)
		ui_help_push_refused(&ui->modes, ui->keymap, &ui->draw, mask,
		    title, ui_modes_refused, ui);
	else
		ui_help_push(&ui->modes, ui->keymap, &ui->draw, mask, moves,
		    title);
	ui->dirty = true;
}

/* The emergency view. */

static void
ui_mode_emergency_draw(void *state, int rows, int cols)
{
	struct ui	*ui = state;

	if (emergency_active(ui->emergency))
		emergency_draw(ui->emergency, rows, cols);
}

static int
ui_mode_emergency_key(void *state, int wch, bool code)
{
	struct ui		*ui = state;
	enum keymap_action	 pass;
	int			 r;

	r = emergency_key(ui->emergency, wch, code, &pass);
	if (r & EMERGENCY_COPY_PHONE)
		ui_copy_text(ui, "phone",
		    emergency_copy_text(ui->emergency, "phone"));
	if (r & EMERGENCY_COPY_EMAIL)
		ui_copy_text(ui, "email",
		    emergency_copy_text(ui->emergency, "email"));
	if (r & EMERGENCY_ASK)
		ui_confirm_push(&ui->modes, &ui->draw, ui->keymap,
		    emergency_question(ui->emergency));
	if ((r & EMERGENCY_PASS) && pass == KEYMAP_QUIT)
		ui->quit = true;
	else if ((r & EMERGENCY_PASS) && pass == KEYMAP_HELP)
		ui_modes_help(ui);
	return (emergency_active(ui->emergency) ? MODE_REDRAW :
	    MODE_REDRAW | MODE_CLOSE);
}

static int
ui_mode_emergency_paste(void *state, const char *text, const char *note)
{
	struct ui	*ui = state;

	emergency_paste(ui->emergency, text, note);
	return (MODE_REDRAW);
}

/* The answer to the view's question (ui-confirm.c). */
static int
ui_mode_emergency_result(void *state, int result)
{
	struct ui	*ui = state;

	emergency_answer(ui->emergency, result == UI_CONFIRM_YES);
	return (MODE_REDRAW);
}

static unsigned int
ui_mode_emergency_context(void *state)
{
	(void)state;
	return (KEYMAP_CTX_EMERGENCY);
}

static bool
ui_mode_emergency_cursor(void *state, int *y, int *x)
{
	struct ui	*ui = state;

	return (emergency_cursor(ui->emergency, y, x));
}

static const struct mode_ops ui_mode_emergency_ops = {
	.name = "emergency list",
	.context = ui_mode_emergency_context,
	.draw = ui_mode_emergency_draw,
	.key = ui_mode_emergency_key,
	.paste = ui_mode_emergency_paste,
	.result = ui_mode_emergency_result,
	.cursor = ui_mode_emergency_cursor
};

void
ui_modes_emergency_opened(struct ui *ui)
{
	if (emergency_active(ui->emergency) &&
	    !mode_stack_has(&ui->modes, &ui_mode_emergency_ops))
		mode_stack_push(&ui->modes, &ui_mode_emergency_ops, ui);
}

/*
 * The overlay closed a view by itself (a save confirmed late): pop its
 * mode.
 */
void
ui_modes_prune(struct ui *ui)
{
	struct mode	*top;

	while ((top = mode_stack_top(&ui->modes)) != NULL &&
	    edit_stale(top)) {
		mode_stack_pop(&ui->modes);
		ui->dirty = true;
	}
}
