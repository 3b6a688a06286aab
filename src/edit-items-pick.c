/* The address pick mode: which address to link the selected phone to. */
#include "config.h"

#include <stdlib.h>

#include "switchboard/edit.h"
#include "edit-int.h"
#include "edit-items.h"
#include "switchboard/keymap.h"
#include "switchboard/listview.h"
#include "switchboard/mode.h"
#include "switchboard/util.h"

/* The mode's own state; the list is the items mode's below it. */
struct edit_items_pick {
	struct edit_items	*ei;
	struct listview		 lv;	/* over the addresses only */
};

/* Enter answers 1 + the address's row of the list; Esc/Left 0. */
static int
edit_items_pick_key(void *state, int wch, bool code)
{
	struct edit_items_pick	*p = state;
	struct edit_items	*ei = p->ei;
	enum keymap_action	 a;

	(void)code;
	if (ei->asked != EDIT_ITEMS_PICK)
		return (MODE_REDRAW | MODE_CLOSE);
	a = keymap_lookup_move(ei->ed->km, KEYMAP_CTX_GLOBAL,
	    keymap_key_normalize(wch));
	if (a == KEYMAP_BACK)
		return (MODE_REDRAW | MODE_CLOSE);
	if (a == KEYMAP_OPEN) {
		mode_stack_set_result(ei->ed->modes,
		    (int)edit_items_address_row(ei, p->lv.selected) + 1);
		return (MODE_REDRAW | MODE_CLOSE);
	}
	if (a == KEYMAP_MOVE_DOWN || a == KEYMAP_MOVE_UP)
		listview_move(&p->lv, a == KEYMAP_MOVE_DOWN ? 1 : -1);
	return (MODE_REDRAW);
}

static void
edit_items_pick_draw(void *state, int rows, int cols)
{
	struct edit_items_pick	*p = state;
	int			 h = rows - 2, w = cols > 100 ? 96 : cols - 4;

	/* Too small: the overlay below says so. Closed under it: nothing. */
	if (h < 9 || w < EDIT_MIN_W || p->ei->asked != EDIT_ITEMS_PICK)
		return;
	edit_items_draw_pick(p->ei, rows, cols,
	    edit_items_address_row(p->ei, p->lv.selected));
}

static unsigned int
edit_items_pick_context(void *state)
{
	(void)state;
	return (KEYMAP_CTX_GLOBAL);
}

static void
edit_items_pick_close(void *state)
{
	free(state);
}

static const struct mode_ops edit_items_pick_ops = {
	.name = "editing",
	.context = edit_items_pick_context,
	.draw = edit_items_pick_draw,
	.key = edit_items_pick_key,
	.paste = mode_paste_ignored,
	.close = edit_items_pick_close
};

int
edit_items_pick_open(struct edit_items *ei, size_t n)
{
	struct edit_items_pick	*p = xcalloc(1, sizeof *p);

	p->ei = ei;
	listview_init(&p->lv);
	listview_set_count(&p->lv, (int)n);
	if (ei->ed->modes == NULL || !mode_stack_push(ei->ed->modes,
	    &edit_items_pick_ops, p)) {
		free(p);
		return (EDIT_REDRAW);
	}
	mode_stack_set_result(ei->ed->modes, 0);
	ei->asked = EDIT_ITEMS_PICK;
	return (EDIT_REDRAW);
}
