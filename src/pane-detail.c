/* The details pane: a contact's or an organization's phones, places, links. */
#include "config.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "switchboard/pane.h"
#include "switchboard/term-safe.h"
#include "switchboard/util.h"
#include "switchboard/wrap.h"

/*
 * One line of the pane: a label and a value (both untrusted). A phone or
 * email line also holds what a copy takes (the E.164 number or the
 * address) and, when that passed the checks, a tel: or mailto: URL.
 */
struct pane_line {
	char		*label;
	char		*value;
	enum theme_role	 role;
	const char	*kind;		/* "phone", "email" or NULL */
	char		*copy;		/* NULL unless kind */
	char		*url;		/* NULL when not safe to link */
};

/* A row on screen: a piece of a line's value, wrapped (safe text). */
struct pane_row {
	int	 line;
	bool	 first;		/* the line's label goes on this row */
	char	*text;
};

struct pane_detail {
	struct pane_line	*lines;
	int			 nlines;
	int			 cap;
	struct pane_row		*rows;
	int			 nrows;
	int			 wrap;		/* value width rows fit, or 0 */
};

static void
pane_detail_add(struct pane *p, const char *label, const char *value,
    enum theme_role role)
{
	struct pane_detail	*pd = p->data;

	if (pd->nlines == pd->cap) {
		pd->cap = pd->cap * 2 + 16;
		pd->lines = xreallocarray(pd->lines, pd->cap,
		    sizeof *pd->lines);
	}
	pd->lines[pd->nlines].label = xstrdup(label);
	pd->lines[pd->nlines].value = xstrdup(value);
	pd->lines[pd->nlines].role = role;
	pd->lines[pd->nlines].kind = NULL;
	pd->lines[pd->nlines].copy = NULL;
	pd->lines[pd->nlines].url = NULL;
	pd->nlines++;
}

static void
pane_detail_clear_rows(struct pane_detail *pd)
{
	int	i;

	for (i = 0; i < pd->nrows; i++)
		free(pd->rows[i].text);
	free(pd->rows);
	pd->rows = NULL;
	pd->nrows = 0;
}

static void
pane_detail_clear_lines(struct pane *p)
{
	struct pane_detail	*pd = p->data;
	int			 i;

	pane_detail_clear_rows(pd);
	for (i = 0; i < pd->nlines; i++) {
		free(pd->lines[i].label);
		free(pd->lines[i].value);
		free(pd->lines[i].copy);
		free(pd->lines[i].url);
	}
	pd->nlines = 0;
}

/* Record what the last line copies and links to, for a phone or email. */
static void
pane_detail_mark_item(struct pane *p, const struct store_item *it)
{
	struct pane_detail	*pd = p->data;
	struct pane_line	*l = &pd->lines[pd->nlines - 1];
	bool			 phone = strcmp(it->kind, "phone") == 0;

	if (phone) {
		l->kind = "phone";
		l->copy = xstrdup(it->dial);
		l->url = pane_link_tel(it->dial, it->extra);
	} else if (strcmp(it->kind, "email") == 0) {
		l->kind = "email";
		l->copy = xstrdup(it->text);
		l->url = pane_link_url("mailto:", it->text);
	}
}

/* The phones, emails and addresses items (count of them), one a line. */
static void
pane_detail_add_items(struct pane *p, const struct store_item *items,
    size_t count)
{
	const struct store_item	*it;
	char			 label[64], *v, *at;
	size_t			 i;

	for (i = 0; i < count; i++) {
		it = &items[i];
		snprintf(label, sizeof label, "%s %s%s", it->type, it->kind,
		    it->primary ? " *" : "");
		if (strcmp(it->kind, "phone") == 0 && it->place != NULL &&
		    *it->place != '\0') {
			/* Where it rings: "(217) 555-0111 (Midtown office)" */
			at = pane_phone_text(it->text, it->dial, it->extra);
			v = xasprintf("%s (%s)", at, it->place);
			free(at);
		} else if (strcmp(it->kind, "phone") == 0)
			v = pane_phone_text(it->text, it->dial, it->extra);
		else if (strcmp(it->kind, "address") == 0 &&
		    *it->extra != '\0')
			/* Its label first: "Downtown office: 100 Main St" */
			v = xasprintf("%s: %s", it->extra, it->text);
		else
			v = xstrdup(it->text);
		pane_detail_add(p, label, v, it->primary ?
		    THEME_LIST_PRIMARY : THEME_FIELD_VALUE);
		free(v);
		pane_detail_mark_item(p, it);
	}
}

/*
 * An organization with the focus: what it is, who referred it, its own
 * phones (where they ring) and addresses, and who is primary for what.
 */
static void
pane_detail_build_org(struct pane *p)
{
	const struct store_org_detail	*d = p->rows.rows;
	char				*v;
	size_t				 i;

	pane_detail_add(p, "Organization", d->name, THEME_PANE_TITLE);
	pane_detail_add(p, "Kind", d->kind, THEME_FIELD_VALUE);
	if (*d->partner != '\0')
		pane_detail_add(p, "Referred by", d->partner,
		    THEME_FIELD_VALUE);
	if (!d->active)
		pane_detail_add(p, "State", "inactive", THEME_DIM);
	pane_detail_add_items(p, d->items, d->item_count);
	if (d->item_count == 0)
		pane_detail_add(p, "Phones", "none of its own", THEME_DIM);
	for (i = 0; i < d->primary_count; i++) {
		v = xasprintf("%s: %s", d->primaries[i].role,
		    d->primaries[i].name);
		pane_detail_add(p, "Primary", v, THEME_LIST_PRIMARY);
		free(v);
	}
}

static void
pane_detail_build(struct pane *p)
{
	const struct store_contact	*c = p->rows.rows;
	char				*name;
	size_t				 i;

	pane_detail_clear_lines(p);
	if (p->rows.count == 0)
		return;
	if (p->rows.type == STORE_ROWS_ORG_DETAIL) {
		pane_detail_build_org(p);
		return;
	}
	name = xasprintf("%s %s", c->first_name, c->last_name);
	pane_detail_add(p, "Name", name, THEME_PANE_TITLE);
	free(name);
	if (*c->title != '\0')
		pane_detail_add(p, "Title", c->title, THEME_FIELD_VALUE);
	if (c->do_not_contact)
		pane_detail_add(p, "Warning", "DO NOT CONTACT",
		    THEME_DNC_WARNING);
	if (!c->active)
		pane_detail_add(p, "State", "inactive", THEME_DIM);
	pane_detail_add(p, "Prefers", *c->preferred_method != '\0' ?
	    c->preferred_method : "-", THEME_FIELD_VALUE);
	/* Whose it is, and why its fields may not change here. */
	if (*c->owner_org != '\0')
		pane_detail_add(p, "Owner", c->owner_org, THEME_FIELD_VALUE);
	if (*c->readonly_reason != '\0') {
		name = xasprintf("read-only: %s", c->readonly_reason);
		pane_detail_add(p, "Access", name, THEME_READONLY);
		free(name);
	}
	pane_detail_add_items(p, c->items, c->item_count);
	/* Names and dates wrap in the value column: nothing is cut. */
	for (i = 0; i < c->org_count; i++) {
		name = xasprintf("%s: %s", c->orgs[i].name, c->org_roles[i]);
		pane_detail_add(p, "Linked to", name, THEME_FIELD_VALUE);
		free(name);
	}
	name = xasprintf("%s, %s (v%ld)", c->updated_by, c->updated_at,
	    c->version);
	pane_detail_add(p, "Changed", name, THEME_DIM);
	free(name);
}

static int
pane_detail_label_width(int w)
{
	return w > 50 ? 18 : w > 36 ? 16 : w / 3;
}

/*
 * Break every line's value into rows of width cells (0: one row each,
 * before the pane is first drawn); the selection stays on its line.
 */
static void
pane_detail_rewrap(struct pane *p, int width)
{
	struct pane_detail	*pd = p->data;
	struct pane_row		*r;
	char			*safe, **pieces;
	size_t			 n, k;
	int			 i, line = -1, want = -1;

	if (p->lv.selected >= 0 && p->lv.selected < pd->nrows)
		line = pd->rows[p->lv.selected].line;
	pane_detail_clear_rows(pd);
	pd->wrap = width;
	for (i = 0; i < pd->nlines; i++) {
		safe = term_safe_dup(pd->lines[i].value, p->draw->safe_flags |
		    TERM_SAFE_SPACE);
		n = wrap_text(safe, width > 0 ? width : INT_MAX, &pieces);
		free(safe);
		pd->rows = xreallocarray(pd->rows, (size_t)pd->nrows + n,
		    sizeof *pd->rows);
		for (k = 0; k < n; k++) {
			r = &pd->rows[pd->nrows++];
			r->line = i;
			r->first = k == 0;
			r->text = pieces[k];
			if (k == 0 && i == line)
				want = pd->nrows - 1;
		}
		free(pieces);
	}
	listview_set_count(&p->lv, pd->nrows);
	if (want >= 0)
		listview_select(&p->lv, want);
}

static void
pane_detail_draw(struct pane *p)
{
	struct pane_detail	*pd = p->data;
	struct pane_line	*l;
	struct pane_row		*r;
	int			 h, w, i, lw;

	getmaxyx(p->win, h, w);
	draw_frame(p, "Details");
	lw = pane_detail_label_width(w);
	if (pd->wrap != w - lw - 4)
		pane_detail_rewrap(p, w - lw - 4);
	listview_set_height(&p->lv, h - 2);
	for (i = 0; i < p->lv.height && p->lv.top + i < p->lv.count; i++) {
		r = &pd->rows[p->lv.top + i];
		l = &pd->lines[r->line];
		if (p->focused && p->lv.selected >= 0 &&
		    p->lv.selected < pd->nrows &&
		    r->line == pd->rows[p->lv.selected].line)
			draw_fill(p->win, p->draw, i + 1, 1, w - 2,
			    THEME_LIST_SELECTED_UNFOCUSED);
		if (r->first)
			draw_text(p->win, p->draw, i + 1, 2, lw - 1, l->label,
			    THEME_FIELD_LABEL);
		draw_text(p->win, p->draw, i + 1, 2 + lw, w - lw - 4,
		    r->text, l->role);
	}
	if (p->lv.count == 0)
		pane_draw_empty(p, "Select a contact");
}

/*
 * The list keys move by rows; a line wrapped over several is one step:
 * the selection lands on the first row of a line, going on to the next
 * line when it moved down into the rest of one.
 */
static int
pane_detail_key(struct pane *p, enum keymap_action action)
{
	struct pane_detail	*pd = p->data;
	int			 was = p->lv.selected, rc, i;

	rc = pane_list_key(p, action);
	i = p->lv.selected;
	if (i < 0 || i >= pd->nrows || pd->rows[i].first)
		return rc;
	if (i > was) {
		while (i < pd->nrows && !pd->rows[i].first)
			i++;
		if (i == pd->nrows)
			i = p->lv.selected;
	}
	while (i > 0 && !pd->rows[i].first)
		i--;
	listview_select(&p->lv, i);
	return rc;
}

static void
pane_detail_take(struct pane *p, struct store_rows *rows)
{
	struct pane_detail	*pd = p->data;

	store_rows_free(&p->rows);
	p->rows = *rows;
	memset(rows, 0, sizeof *rows);
	pane_detail_build(p);
	pane_detail_rewrap(p, pd->wrap);
}

static const char *
pane_detail_selected_id(struct pane *p)
{
	if (p->rows.count == 0)
		return "";
	if (p->rows.type == STORE_ROWS_ORG_DETAIL)
		return ((struct store_org_detail *)p->rows.rows)->id;
	return ((struct store_contact *)p->rows.rows)->id;
}

/* The selected line's phone or email, else the primary (or first) one. */
static const char *
pane_detail_copy_text(struct pane *p, const char *kind)
{
	struct pane_detail		*pd = p->data;
	const struct store_contact	*c = p->rows.rows;
	const char			*found = NULL;
	size_t				 i;

	if (p->rows.count == 0)
		return NULL;
	if (p->lv.selected >= 0 && p->lv.selected < pd->nrows &&
	    pd->lines[pd->rows[p->lv.selected].line].kind != NULL &&
	    strcmp(pd->lines[pd->rows[p->lv.selected].line].kind, kind) == 0)
		return pd->lines[pd->rows[p->lv.selected].line].copy;
	for (i = 0; i < c->item_count; i++) {
		if (strcmp(c->items[i].kind, kind) != 0)
			continue;
		if (found == NULL || c->items[i].primary)
			found = strcmp(kind, "phone") == 0 ?
			    c->items[i].dial : c->items[i].text;
	}
	return found;
}

const char *
pane_detail_link(struct pane *p, int row, const char **url, int *x,
    int *width)
{
	struct pane_detail	*pd = p->data;
	int			 w = getmaxx(p->win);

	*url = NULL;
	if (row < 0 || row >= pd->nrows)
		return NULL;
	*url = pd->lines[pd->rows[row].line].url;
	*x = 2 + pane_detail_label_width(w);
	*width = w - *x - 2;
	return pd->rows[row].text;
}

static void
pane_detail_free(struct pane *p)
{
	struct pane_detail	*pd = p->data;

	pane_detail_clear_lines(p);
	free(pd->lines);
	free(pd);
}

static const struct pane_vtable pane_detail_vtable = {
	.name = "details",
	.draw = pane_detail_draw,
	.key = pane_detail_key,
	.take = pane_detail_take,
	.selected_id = pane_detail_selected_id,
	.copy_text = pane_detail_copy_text,
	.free = pane_detail_free,
};

struct pane *
pane_detail_create(const struct draw *d)
{
	struct pane	*p = xcalloc(1, sizeof *p);

	p->vt = &pane_detail_vtable;
	p->draw = d;
	p->data = xcalloc(1, sizeof (struct pane_detail));
	p->rows.type = STORE_ROWS_CONTACT;
	listview_init(&p->lv);
	return p;
}
