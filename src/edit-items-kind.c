/* The item kind mode: which kind of item to add, one key, its answer down. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include <curses.h>

#include "switchboard/edit.h"
#include "edit-int.h"
#include "edit-items.h"
#include "switchboard/keymap.h"
#include "switchboard/mode.h"
#include "switchboard/util.h"

struct edit_items_kind {
	struct edit	*ed;
	bool		 org;	/* an organization's: no emails */
};

/* p, e or a answers 1 + the kind; any other key 0, back to the list. */
static int
edit_items_kind_key(void *state, int wch, bool code)
{
	struct edit_items_kind	*k = state;
	enum keymap_action	 a;
	int			 kind = -1;

	(void)code;
	a = keymap_lookup_move(k->ed->km, KEYMAP_CTX_ITEM_KIND,
	    keymap_key_normalize(wch));
	if (a == KEYMAP_MODE_HELP)
		return (MODE_REDRAW | MODE_HELP);
	if (a == KEYMAP_ADD_PHONE)
		kind = STORE_ITEM_PHONE;
	else if (a == KEYMAP_ADD_EMAIL && !k->org)
		kind = STORE_ITEM_EMAIL;
	else if (a == KEYMAP_ADD_ADDRESS)
		kind = STORE_ITEM_ADDRESS;
	mode_stack_set_result(k->ed->modes, kind + 1);
	return (MODE_REDRAW | MODE_CLOSE);
}

/* On the items list's row above its keys. */
static void
edit_items_kind_draw(void *state, int rows, int cols)
{
	struct edit_items_kind	*k = state;
	WINDOW			*w;
	char			 buf[200];
	int			 y, x, h, width;

	if (!edit_place_prompt(rows, cols, &y, &x, &h, &width) ||
	    (w = newwin(h, width, y, x)) == NULL)
		return;
	wbkgdset(w, ' ' | k->ed->draw->attrs[THEME_NORMAL]);
	werase(w);
	snprintf(buf, sizeof buf, "Add which? p phone  %sa address  (any "
	    "other key: back)", k->org ? "" : "e email  ");
	draw_text(w, k->ed->draw, 0, 1, width - 2, buf,
	    THEME_STATUS_WARNING);
	wnoutrefresh(w);
	delwin(w);
}

static unsigned int
edit_items_kind_context(void *state)
{
	(void)state;
	return (KEYMAP_CTX_ITEM_KIND);
}

static void
edit_items_kind_close(void *state)
{
	free(state);
}

static const struct mode_ops edit_items_kind_ops = {
	.name = "editing",
	.context = edit_items_kind_context,
	.draw = edit_items_kind_draw,
	.key = edit_items_kind_key,
	.paste = mode_paste_ignored,
	.close = edit_items_kind_close
};

int
edit_items_kind_ask(struct edit_items *ei)
{
	struct edit_items_kind	*k = xcalloc(1, sizeof *k);

	k->ed = ei->ed;
	k->org = ei->org;
	if (ei->ed->modes == NULL || !mode_stack_push(ei->ed->modes,
	    &edit_items_kind_ops, k)) {
		free(k);
		return (EDIT_REDRAW);
	}
	mode_stack_set_result(ei->ed->modes, 0);
	ei->asked = EDIT_ITEMS_ADD;
	return (EDIT_REDRAW);
}
