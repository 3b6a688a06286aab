/* The contacts pane: an organization's contacts, or directory hits. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "switchboard/fold.h"
#include "switchboard/pane.h"
#include "switchboard/term-safe.h"
#include "switchboard/util.h"

static const char *const pane_contacts_roles[] = {
	NULL, "billing", "technical", "emergency", "stakeholder", "admin"
};

struct pane_contacts {
	int	 role;			/* index in pane_contacts_roles */
	bool	 include_inactive;
	bool	 by_name;		/* sort by name instead of role */
	int	*vis;			/* rows shown, after filter and sort */
	int	 nvis;
	char	 caption[128];		/* "Acme" or "Search: ..." */
	/* The contact selected before the rows went: selected again. */
	char	 want[STORE_UUID_LEN + 1];
};

static const char *
pane_contacts_row_id(struct pane *p, int row)
{
	if (p->rows.type == STORE_ROWS_HITS)
		return ((struct store_hit *)p->rows.rows)[row].contact_id;
	return ((struct store_link *)p->rows.rows)[row].contact_id;
}

static const char *
pane_contacts_id_at(struct pane *p, int i)
{
	struct pane_contacts	*pc = p->data;

	return pane_contacts_row_id(p, pc->vis[i]);
}

static const char *
pane_contacts_selected_id(struct pane *p)
{
	if (p->lv.selected < 0 || p->lv.selected >= p->lv.count)
		return "";
	return pane_contacts_id_at(p, p->lv.selected);
}

/* "First Last" of a row into buf. */
static const char *
pane_contacts_name(struct pane *p, int row, char *buf, size_t size)
{
	struct store_link	*l;

	if (p->rows.type == STORE_ROWS_HITS)
		return ((struct store_hit *)p->rows.rows)[row].name;
	l = (struct store_link *)p->rows.rows + row;
	snprintf(buf, size, "%s%s%s", l->first_name,
	    *l->first_name != '\0' && *l->last_name != '\0' ? " " : "",
	    l->last_name);
	return buf;
}

/* A row's place by name, as the server ranked it under the collation. */
static long
pane_contacts_rank(const struct pane *p, int row)
{
	if (p->rows.type == STORE_ROWS_HITS)
		return ((struct store_hit *)p->rows.rows)[row].name_rank;
	return ((struct store_link *)p->rows.rows)[row].name_rank;
}

/* Order rows by name (arg: the pane), then as they came. */
static int
pane_contacts_cmp(const void *a, const void *b, void *arg)
{
	const struct pane	*p = arg;
	int			 ia = *(const int *)a, ib = *(const int *)b;
	long			 ra = pane_contacts_rank(p, ia);
	long			 rb = pane_contacts_rank(p, ib);

	if (ra != rb)
		return ra < rb ? -1 : 1;
	return ia - ib;
}

/*
 * Sort the visible rows by name. The server ranks them under the
 * person's collation (store-collate.c), so "Åsa" follows "Zeta" in
 * Swedish and "Ágnes" comes with the As everywhere.
 */
static void
pane_contacts_sort(struct pane *p, int *vis, size_t n)
{
	qsort_r(vis, n, sizeof *vis, pane_contacts_cmp, p);
}

/*
 * Recompute the visible rows from p->rows, selecting the record id (the
 * row at the same index when it is gone). Rows may have been replaced
 * since the last call: nothing here reads the old visible rows.
 */
static void
pane_contacts_rebuild(struct pane *p, const char *id)
{
	struct pane_contacts	*pc = p->data;
	char			 buf[256];
	size_t			 i;

	free(pc->vis);
	pc->vis = xcalloc(p->rows.count + 1, sizeof *pc->vis);
	pc->nvis = 0;
	for (i = 0; i < p->rows.count; i++) {
		if (fold_match(pane_contacts_name(p, (int)i, buf,
		    sizeof buf), p->filter))
			pc->vis[pc->nvis++] = (int)i;
	}
	if (pc->by_name)
		pane_contacts_sort(p, pc->vis, pc->nvis);
	pane_reselect(p, id, pc->nvis, pane_contacts_id_at);
}

/*
 * The id to keep selected across a change of rows: the selected row's,
 * or, with none, the one selected before the pane was emptied.
 */
static const char *
pane_contacts_kept(struct pane *p)
{
	struct pane_contacts	*pc = p->data;

	if (p->lv.selected >= 0 && p->lv.selected < pc->nvis)
		return pane_contacts_selected_id(p);
	return pc->want;
}

/* The filter or the order changed: recompute, keeping the selection. */
static void
pane_contacts_refilter(struct pane *p)
{
	char	id[STORE_UUID_LEN + 1];

	snprintf(id, sizeof id, "%s", pane_contacts_kept(p));
	pane_contacts_rebuild(p, id);
}

static void
pane_contacts_title(struct pane *p, char *buf, size_t size)
{
	struct pane_contacts	*pc = p->data;
	const char		*role = pane_contacts_roles[pc->role];
	char			 hits[32] = "";

	/* Hits come a screenful at a time: say whether more are there. */
	if (p->rows.type == STORE_ROWS_HITS &&
	    (p->rows.count > 0 || !p->loading))
		snprintf(hits, sizeof hits, " (%zu%s)", p->rows.count,
		    p->rows.more ? "+" : "");
	snprintf(buf, size, "%s%s%s%s%s%s%s%s", pc->caption, hits,
	    p->rows.type == STORE_ROWS_LINKS && role != NULL ? " [" : "",
	    p->rows.type == STORE_ROWS_LINKS && role != NULL ? role : "",
	    p->rows.type == STORE_ROWS_LINKS && role != NULL ? "]" : "",
	    pc->include_inactive ? " +inactive" : "",
	    pc->by_name ? " by name" : "", p->filter[0] != '\0' ? " /" : "");
	if (p->filter[0] != '\0')
		strncat(buf, p->filter, size - strlen(buf) - 1);
}

static void
pane_contacts_draw_row(struct pane *p, int y, int row, int w)
{
	struct store_link	*l;
	struct store_hit	*h;
	char			 buf[256];
	int			 attr = draw_list_attr(p, p->lv.top + y - 1);
	int			 x = 2, rw, nw, room;

	draw_fill(p->win, p->draw, y, 1, w - 2, attr);
	if (p->rows.type == STORE_ROWS_HITS) {
		h = (struct store_hit *)p->rows.rows + row;
		x += draw_text(p->win, p->draw, y, x, w - 4, h->name, attr);
		snprintf(buf, sizeof buf, "  %s%s%s", h->matched,
		    *h->matched != '\0' ? "  " : "", h->orgs);
		draw_text(p->win, p->draw, y, x, w - 2 - x, buf,
		    attr == THEME_NORMAL ? THEME_DIM : attr);
		return;
	}
	l = (struct store_link *)p->rows.rows + row;
	rw = w > 40 ? 12 : 0;
	draw_text(p->win, p->draw, y, x, 2, l->primary ? "*" : " ",
	    attr == THEME_NORMAL ? THEME_LIST_PRIMARY : attr);
	nw = draw_text(p->win, p->draw, y, x + 2, w - rw - 7,
	    pane_contacts_name(p, row, buf, sizeof buf), attr == THEME_NORMAL &&
	    !l->active ? THEME_DIM : attr);
	/*
	 * A partner's contact names its owner, who alone may change it: in
	 * words where they fit, else the owner's name as far as it goes.
	 */
	room = w - rw - 9 - nw;
	if (*l->owner != '\0' && room > 0) {
		snprintf(buf, sizeof buf, "owned by %s", l->owner);
		draw_text(p->win, p->draw, y, x + 4 + nw, room,
		    term_safe_width(buf, p->draw->safe_flags) <= room ? buf :
		    l->owner, attr == THEME_NORMAL ? THEME_DIM : attr);
	}
	if (rw > 0)
		draw_text(p->win, p->draw, y, w - rw - 2, rw, l->role,
		    attr == THEME_NORMAL && strcmp(l->role, "emergency") == 0 ?
		    THEME_ROLE_EMERGENCY : attr);
	if (l->do_not_contact)
		draw_text(p->win, p->draw, y, w - rw - 4, 1, "!",
		    THEME_DNC_WARNING);
}

static void
pane_contacts_draw(struct pane *p)
{
	struct pane_contacts	*pc = p->data;
	char			 title[320];
	int			 h, w, i;

	getmaxyx(p->win, h, w);
	pane_contacts_title(p, title, sizeof title);
	draw_frame(p, title);
	listview_set_height(&p->lv, h - 2);
	for (i = 0; i < p->lv.height && p->lv.top + i < p->lv.count; i++)
		pane_contacts_draw_row(p, i + 1, pc->vis[p->lv.top + i], w);
	if (p->lv.count == 0)
		pane_draw_empty(p, pc->caption[0] == '\0' ?
		    "Select an organization" : "No contacts");
}

static int
pane_contacts_key(struct pane *p, enum keymap_action action)
{
	struct pane_contacts	*pc = p->data;

	switch (action) {
	case KEYMAP_FILTER_ALL:
	case KEYMAP_FILTER_BILLING:
	case KEYMAP_FILTER_TECHNICAL:
	case KEYMAP_FILTER_EMERGENCY:
	case KEYMAP_FILTER_STAKEHOLDER:
	case KEYMAP_FILTER_ADMIN:
		pc->role = action - KEYMAP_FILTER_ALL;
		return PANE_KEY_RELOAD | PANE_KEY_REDRAW;
	case KEYMAP_TOGGLE_ACTIVE:
		pc->include_inactive = !pc->include_inactive;
		return PANE_KEY_RELOAD | PANE_KEY_REDRAW;
	case KEYMAP_SORT_TOGGLE:
		pc->by_name = !pc->by_name;
		pane_contacts_refilter(p);
		return PANE_KEY_REDRAW;
	case KEYMAP_OPEN:
		return p->lv.selected >= 0 ? PANE_KEY_OPEN : 0;
	default:
		return pane_list_key(p, action);
	}
}

/*
 * New rows: the selected record's id is read before the old rows go, so
 * the selection follows the record, not the index.
 */
static void
pane_contacts_take(struct pane *p, struct store_rows *rows)
{
	struct pane_contacts	*pc = p->data;
	char			 id[STORE_UUID_LEN + 1];

	snprintf(id, sizeof id, "%s", pane_contacts_kept(p));
	store_rows_free(&p->rows);
	p->rows = *rows;
	memset(rows, 0, sizeof *rows);
	pc->want[0] = '\0';
	pane_contacts_rebuild(p, id);
}

static void
pane_contacts_free(struct pane *p)
{
	struct pane_contacts	*pc = p->data;

	free(pc->vis);
	free(pc);
}

static const struct pane_vtable pane_contacts_vtable = {
	.name = "contacts",
	.draw = pane_contacts_draw,
	.key = pane_contacts_key,
	.take = pane_contacts_take,
	.selected_id = pane_contacts_selected_id,
	.refilter = pane_contacts_refilter,
	.free = pane_contacts_free,
};

struct pane *
pane_contacts_create(const struct draw *d)
{
	struct pane	*p = xcalloc(1, sizeof *p);

	p->vt = &pane_contacts_vtable;
	p->draw = d;
	p->data = xcalloc(1, sizeof (struct pane_contacts));
	p->rows.type = STORE_ROWS_LINKS;
	listview_init(&p->lv);
	return p;
}

const char *
pane_contacts_role(struct pane *p)
{
	return pane_contacts_roles[((struct pane_contacts *)p->data)->role];
}

int
pane_contacts_selected_row(struct pane *p)
{
	struct pane_contacts	*pc = p->data;

	if (p->lv.selected < 0 || p->lv.selected >= pc->nvis)
		return (-1);
	return (pc->vis[p->lv.selected]);
}

bool
pane_contacts_include_inactive(struct pane *p)
{
	return ((struct pane_contacts *)p->data)->include_inactive;
}

/*
 * Name what the pane will show next; a new caption (or always) empties
 * it, so that the rows of the previous organization do not stand under
 * the new name. The contact selected is selected again when the next
 * rows hold it.
 */
void
pane_contacts_clear(struct pane *p, const char *caption, bool always)
{
	struct pane_contacts	*pc = p->data;

	if (!always && strcmp(pc->caption, caption) == 0)
		return;
	if (pane_contacts_kept(p) != pc->want)
		snprintf(pc->want, sizeof pc->want, "%s",
		    pane_contacts_kept(p));
	snprintf(pc->caption, sizeof pc->caption, "%s", caption);
	store_rows_free(&p->rows);
	pane_contacts_rebuild(p, "");
}
