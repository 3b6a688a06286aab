/* The details pane: one contact's phones, emails, addresses and links. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "switchboard/pane.h"
#include "switchboard/util.h"

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

struct pane_detail {
	struct pane_line	*lines;
	int			 nlines;
	int			 cap;
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
pane_detail_clear_lines(struct pane *p)
{
	struct pane_detail	*pd = p->data;
	int			 i;

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

static void
pane_detail_add_items(struct pane *p, const struct store_contact *c)
{
	const struct store_item	*it;
	char			 label[64], *v;
	size_t			 i;

	for (i = 0; i < c->item_count; i++) {
		it = &c->items[i];
		snprintf(label, sizeof label, "%s %s%s", it->type, it->kind,
		    it->primary ? " *" : "");
		if (strcmp(it->kind, "phone") == 0)
			v = pane_phone_text(it->text, it->dial, it->extra);
		else
			v = xstrdup(it->text);
		pane_detail_add(p, label, v, it->primary ?
		    THEME_LIST_PRIMARY : THEME_FIELD_VALUE);
		free(v);
		pane_detail_mark_item(p, it);
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
	pane_detail_add_items(p, c);
	for (i = 0; i < c->org_count; i++)
		pane_detail_add(p, c->orgs[i].name, c->org_roles[i],
		    THEME_FIELD_VALUE);
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

static void
pane_detail_draw(struct pane *p)
{
	struct pane_detail	*pd = p->data;
	struct pane_line	*l;
	int			 h, w, i, lw;

	getmaxyx(p->win, h, w);
	draw_frame(p, "Details");
	listview_set_height(&p->lv, h - 2);
	lw = pane_detail_label_width(w);
	for (i = 0; i < p->lv.height && p->lv.top + i < p->lv.count; i++) {
		l = &pd->lines[p->lv.top + i];
		if (p->lv.top + i == p->lv.selected && p->focused)
			draw_fill(p->win, p->draw, i + 1, 1, w - 2,
			    THEME_LIST_SELECTED_UNFOCUSED);
		draw_text(p->win, p->draw, i + 1, 2, lw - 1, l->label,
		    THEME_FIELD_LABEL);
		draw_text(p->win, p->draw, i + 1, 2 + lw, w - lw - 4,
		    l->value, l->role);
	}
	if (p->lv.count == 0)
		pane_draw_empty(p, "Select a contact");
}

static int
pane_detail_key(struct pane *p, enum keymap_action action)
{
	return pane_list_key(p, action);
}

static void
pane_detail_take(struct pane *p, struct store_rows *rows)
{
	struct pane_detail	*pd = p->data;

	store_rows_free(&p->rows);
	p->rows = *rows;
	memset(rows, 0, sizeof *rows);
	pane_detail_build(p);
	listview_set_count(&p->lv, pd->nlines);
}

static const char *
pane_detail_selected_id(struct pane *p)
{
	if (p->rows.count == 0)
		return "";
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
	if (p->lv.selected >= 0 && p->lv.selected < pd->nlines &&
	    pd->lines[p->lv.selected].kind != NULL &&
	    strcmp(pd->lines[p->lv.selected].kind, kind) == 0)
		return pd->lines[p->lv.selected].copy;
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
	if (row < 0 || row >= pd->nlines)
		return NULL;
	*url = pd->lines[row].url;
	*x = 2 + pane_detail_label_width(w);
	*width = w - *x - 2;
	return pd->lines[row].value;
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
