/* The organizations pane: the list of organizations and their counts. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "switchboard/pane.h"
#include "switchboard/util.h"

static const char *
pane_orgs_id_at(struct pane *p, int row)
{
	return ((struct store_org *)p->rows.rows)[row].id;
}

static const char *
pane_orgs_selected_id(struct pane *p)
{
	if (p->lv.selected < 0 || (size_t)p->lv.selected >= p->rows.count)
		return "";
	return pane_orgs_id_at(p, p->lv.selected);
}

static void
pane_orgs_draw(struct pane *p)
{
	struct store_org	*o = p->rows.rows;
	char			 title[192], count[16];
	int			 h, w, i, row, cw;

	getmaxyx(p->win, h, w);
	if (p->filter[0] != '\0')
		snprintf(title, sizeof title, "Organizations /%s", p->filter);
	else
		snprintf(title, sizeof title, "Organizations (%zu%s)",
		    p->rows.count, p->rows.more ? "+" : "");
	draw_frame(p, title);
	listview_set_height(&p->lv, h - 2);
	for (i = 0; i < p->lv.height; i++) {
		row = p->lv.top + i;
		if (row >= p->lv.count)
			break;
		draw_fill(p->win, p->draw, i + 1, 1, w - 2,
		    draw_list_attr(p, row));
		snprintf(count, sizeof count, "%d", o[row].contact_count);
		cw = (int)strlen(count);
		draw_text(p->win, p->draw, i + 1, 2, w - cw - 5, o[row].name,
		    draw_list_attr(p, row));
		draw_text(p->win, p->draw, i + 1, w - cw - 2, cw, count,
		    draw_list_attr(p, row));
	}
	if (p->lv.count == 0)
		pane_draw_empty(p, "No organizations");
}

static int
pane_orgs_key(struct pane *p, enum keymap_action action)
{
	if (action == KEYMAP_OPEN && p->lv.selected >= 0)
		return PANE_KEY_OPEN;
	return pane_list_key(p, action);
}

static void
pane_orgs_take(struct pane *p, struct store_rows *rows)
{
	char	id[STORE_UUID_LEN + 1];

	snprintf(id, sizeof id, "%s", pane_orgs_selected_id(p));
	store_rows_free(&p->rows);
	p->rows = *rows;
	memset(rows, 0, sizeof *rows);
	pane_reselect(p, id, (int)p->rows.count, pane_orgs_id_at);
}

static const struct pane_vtable pane_orgs_vtable = {
	.name = "organizations",
	.draw = pane_orgs_draw,
	.key = pane_orgs_key,
	.take = pane_orgs_take,
	.selected_id = pane_orgs_selected_id,
};

struct pane *
pane_orgs_create(const struct draw *d)
{
	struct pane	*p = xcalloc(1, sizeof *p);

	p->vt = &pane_orgs_vtable;
	p->draw = d;
	p->rows.type = STORE_ROWS_ORGS;
	listview_init(&p->lv);
	return p;
}
