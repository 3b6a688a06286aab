/* Drawing the items list: the grouped list, questions, the pick list. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include <curses.h>

#include "switchboard/edit.h"
#include "switchboard/pane.h"
#include "edit-int.h"
#include "edit-items.h"

#define EDIT_ITEMS_TYPE_W	10
#define EDIT_ITEMS_KEYS_W	83	/* the long keys line, in cells */

static const char *const edit_items_heads[] = { "Phones", "Emails",
	"Addresses" };

/* One item's line: type, value, marks, and a phone's address. */
static void
edit_items_line(struct edit_items *ei, const struct store_owner_item *it,
    char *buf, size_t size)
{
	struct store_owner_item	*a;
	char			 text[300], addr[200], at[300] = "";
	size_t			 i;

	for (i = 0; i < it->nlinks; i++) {
		a = store_items_find(&ei->list, it->links[i]);
		snprintf(at + strlen(at), sizeof at - strlen(at), "%s%s",
		    i > 0 ? "; " : "  at ", a != NULL ?
		    edit_items_address_text(a, addr, sizeof addr) :
		    "an address elsewhere");
	}
	edit_items_text(it, text, sizeof text);
	snprintf(buf, size, "%-*s %s%s%s%s", EDIT_ITEMS_TYPE_W, it->type,
	    text, it->primary ? "  (primary)" : "", it->kind ==
	    STORE_ITEM_PHONE && strcmp(it->fields[STORE_ITEM_SMS], "true") ==
	    0 ? "  SMS" : "", at);
}

/*
 * The grouped list from row y to bottom (exclusive); with pick, only the
 * addresses, the picked one highlighted. Scrolls to keep it in view.
 */
static void
edit_items_draw_list(struct edit_items *ei, WINDOW *w, int y, int bottom,
    int width, bool pick, size_t mark)
{
	struct store_owner_item	*it;
	char			 buf[800];
	size_t			 i;
	int			 k, line = 0, first = 0, rows = bottom - y;

	/* Where the marked row falls, counting headers, to scroll to it. */
	for (k = 0; k < 3; k++) {
		if ((pick && k != STORE_ITEM_ADDRESS) || (k ==
		    STORE_ITEM_EMAIL && ei->org))
			continue;
		line++;
		for (i = 0; i < ei->list.count; i++) {
			if ((int)ei->list.rows[i].kind != k)
				continue;
			if (i == mark && line - rows + 1 > first)
				first = line - rows + 1;
			line++;
		}
	}
	line = 0;
	for (k = 0; k < 3; k++) {
		if ((pick && k != STORE_ITEM_ADDRESS) || (k ==
		    STORE_ITEM_EMAIL && ei->org))
			continue;
		if (line >= first && line - first < rows)
			draw_text(w, ei->ed->draw, y + line - first, 2,
			    width - 4, edit_items_heads[k], THEME_PANE_TITLE);
		line++;
		for (i = 0; i < ei->list.count; i++) {
			it = &ei->list.rows[i];
			if ((int)it->kind != k)
				continue;
			edit_items_line(ei, it, buf, sizeof buf);
			if (line >= first && line - first < rows)
				draw_text(w, ei->ed->draw, y + line - first, 4,
				    width - 6, buf, i == mark ?
				    THEME_LIST_SELECTED : THEME_NORMAL);
			if (line >= first && line - first < rows &&
			    i == mark) {
				ei->cursor_y = getbegy(w) + y + line - first;
				ei->cursor_x = getbegx(w) + 4;
			}
			line++;
		}
	}
}

/*
 * The message above the keys (the questions which kind to add and
 * whether to remove are modes of their own, drawn over this row).
 */
static void
edit_items_draw_prompt(struct edit_items *ei, WINDOW *w, int y, int width)
{
	if (ei->msg[0] != '\0')
		draw_text(w, ei->ed->draw, y, 2, width - 4, ei->msg,
		    ei->msg_role);
}

/* The list, or with pick the addresses only and row marked. */
static void
edit_items_draw_screen(struct edit_items *ei, int rows, int cols, bool pick,
    size_t row)
{
	const struct draw	*d = ei->ed->draw;
	struct store_owner_item	*it = edit_items_selected(ei);
	WINDOW			*w;
	char			 buf[400], text[300];
	int			 h = 0, y = 2, width;

	buf[0] = '\0';
	ei->cursor_y = ei->cursor_x = -1;
	if (pick && it != NULL)
		snprintf(buf, sizeof buf, " Link %s to which address? ",
		    edit_items_text(it, text, sizeof text));
	if ((w = edit_draw_view(ei->ed, rows, cols, 9, buf[0] != '\0' ? buf :
	    ei->title, &h, &width)) == NULL)
		return;
	if (ei->readonly[0] != '\0') {
		snprintf(buf, sizeof buf, "Read-only: %s", ei->readonly);
		draw_text(w, d, y, 2, width - 4, buf, THEME_STATUS_WARNING);
		y += 2;
	}
	edit_items_draw_list(ei, w, y, h - 3, width, pick, pick ? row :
	    (size_t)ei->lv.selected);
	edit_items_draw_prompt(ei, w, h - 3, width);
	draw_text(w, d, h - 2, 2, width - 4, pick ?
	    "Up/Down choose  Enter link  Esc back" :
	    ei->readonly[0] != '\0' ? "Enter view  Esc close" : width - 4 >=
	    EDIT_ITEMS_KEYS_W ? "a add  Enter/e edit  d remove  * primary  "
	    "l link/unlink phone to address  Esc close" : "a add  e edit  "
	    "d remove  * primary  l phone at address  Esc close", THEME_DIM);
	wnoutrefresh(w);
	delwin(w);
}

void
edit_items_draw(struct edit_items *ei, int rows, int cols)
{
	edit_items_draw_screen(ei, rows, cols, false, 0);
}

void
edit_items_draw_pick(struct edit_items *ei, int rows, int cols, size_t row)
{
	edit_items_draw_screen(ei, rows, cols, true, row);
}
