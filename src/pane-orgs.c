/* The organizations pane: the list of organizations and their counts. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "switchboard/pane.h"
#include "switchboard/util.h"

/* The organizations marked for the emergency list, by id. */
struct pane_orgs {
	char	**marked;
	size_t	  nmarked;
};

/* The index of id among the marked, or -1. */
static int
pane_orgs_mark_index(const struct pane_orgs *po, const char *id)
{
	size_t	i;

	for (i = 0; i < po->nmarked; i++)
		if (strcmp(po->marked[i], id) == 0)
			return (int)i;
	return -1;
}

/* Mark the selected organization, or unmark it; then move down. */
static int
pane_orgs_toggle_mark(struct pane *p)
{
	struct pane_orgs	*po = p->data;
	const char		*id;
	int			 i;

	if (p->lv.selected < 0 || (size_t)p->lv.selected >= p->rows.count)
		return PANE_KEY_IGNORED;
	id = ((struct store_org *)p->rows.rows)[p->lv.selected].id;
	if ((i = pane_orgs_mark_index(po, id)) >= 0) {
		free(po->marked[i]);
		po->marked[i] = po->marked[--po->nmarked];
	} else {
		po->marked = xreallocarray(po->marked, po->nmarked + 1,
		    sizeof *po->marked);
		po->marked[po->nmarked++] = xstrdup(id);
	}
	listview_move(&p->lv, 1);
	return PANE_KEY_REDRAW | PANE_KEY_SELECTED;
}

size_t
pane_orgs_marked(struct pane *p, const char *const **ids)
{
	struct pane_orgs	*po = p->data;

	*ids = (const char *const *)po->marked;
	return po->nmarked;
}

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
	struct pane_orgs	*po = p->data;
	char			 title[192], count[16], marked[32] = "";
	int			 h, w, i, row, cw, nw;

	getmaxyx(p->win, h, w);
	if (po->nmarked > 0)
		snprintf(marked, sizeof marked, " [%zu marked]", po->nmarked);
	if (p->filter[0] != '\0')
		snprintf(title, sizeof title, "Organizations%s /%s", marked,
		    p->filter);
	else
		snprintf(title, sizeof title, "Organizations (%zu%s)%s",
		    p->rows.count, p->rows.more ? "+" : "", marked);
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
		if (pane_orgs_mark_index(po, o[row].id) >= 0)
			draw_text(p->win, p->draw, i + 1, 1, 1, "+",
			    draw_list_attr(p, row));
		nw = draw_text(p->win, p->draw, i + 1, 2, w - cw - 5,
		    o[row].name, draw_list_attr(p, row));
		/* Found by a place's label, not its name: say which. */
		if (o[row].place != NULL && *o[row].place != '\0' &&
		    w - cw - 7 - nw > 0)
			draw_text(p->win, p->draw, i + 1, 4 + nw,
			    w - cw - 7 - nw, o[row].place,
			    draw_list_attr(p, row) == THEME_NORMAL ?
			    THEME_DIM : draw_list_attr(p, row));
		draw_text(p->win, p->draw, i + 1, w - cw - 2, cw, count,
		    draw_list_attr(p, row));
	}
	if (p->lv.count == 0 && (p->loading || p->filter[0] != '\0'))
		pane_draw_empty(p, "No organizations");
	else if (p->lv.count == 0)
		/* A new directory, or no access yet: what to do first. */
		draw_wrap(p->win, p->draw, 1, 2, w - 4, h - 2, "No "
		    "organizations yet. A super admin presses n here to "
		    "create the first (or runs \"switchboard org add NAME\") "
		    "and gives people access with \"switchboard access "
		    "grant\"; contacts come in with \"switchboard import\" "
		    "(see switchboard(1)).", THEME_DIM);
}

static int
pane_orgs_key(struct pane *p, enum keymap_action action)
{
	if (action == KEYMAP_OPEN && p->lv.selected >= 0)
		return PANE_KEY_OPEN;
	if (action == KEYMAP_MARK_ORG)
		return pane_orgs_toggle_mark(p);
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

static void
pane_orgs_free(struct pane *p)
{
	struct pane_orgs	*po = p->data;
	size_t			 i;

	for (i = 0; i < po->nmarked; i++)
		free(po->marked[i]);
	free(po->marked);
	free(po);
}

static const struct pane_vtable pane_orgs_vtable = {
	.name = "organizations",
	.draw = pane_orgs_draw,
	.key = pane_orgs_key,
	.take = pane_orgs_take,
	.selected_id = pane_orgs_selected_id,
	.free = pane_orgs_free,
};

struct pane *
pane_orgs_create(const struct draw *d)
{
	struct pane	*p = xcalloc(1, sizeof *p);

	p->vt = &pane_orgs_vtable;
	p->draw = d;
	p->rows.type = STORE_ROWS_ORGS;
	p->data = xcalloc(1, sizeof(struct pane_orgs));
	listview_init(&p->lv);
	return p;
}
