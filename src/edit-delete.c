/* Deleting a contact: the question, or who still links it. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <curses.h>

#include "switchboard/edit.h"
#include "edit-int.h"
#include "edit-role-int.h"
#include "switchboard/history.h"
#include "switchboard/keymap.h"
#include "switchboard/store-command.h"
#include "switchboard/store-role.h"
#include "switchboard/util.h"

/* The organizations that refuse the delete, as the overlay's lines. */
static void
edit_delete_refused(struct edit *ed, struct store_elsewhere *el)
{
	struct edit_roles	*r = ed->roles;
	size_t			 i;

	ed->lines = xcalloc(el->count + 1, sizeof *ed->lines);
	for (i = 0; i < el->count; i++)
		ed->lines[ed->nlines++] = xstrdup(el->names[i]);
	r->del_hidden = el->hidden;
	snprintf(ed->title, sizeof ed->title, "Cannot delete %.140s",
	    r->del_name);
	edit_view_reset(ed, ed->nlines);
	ed->mode = EDIT_DELETE_REFUSED;
}

/* Where the links that go with a delete are: its owner and org_id. */
static void
edit_delete_links(struct edit_roles *r, const struct store_contact *c,
    const char *org_id)
{
	size_t	i, n;

	snprintf(r->del_owner, sizeof r->del_owner, "%s", c->owner_org);
	for (i = 0; i < c->org_count; i++) {
		if (strcmp(c->orgs[i].id, org_id) != 0 ||
		    strcmp(c->orgs[i].name, c->owner_org) == 0)
			continue;
		n = strlen(r->del_owner);
		snprintf(r->del_owner + n, sizeof r->del_owner - n, "%s%s",
		    n > 0 ? " and " : "", c->orgs[i].name);
	}
}

/* The contact's name, version and owner; false (said) if it is gone. */
static bool
edit_delete_load(struct edit *ed, const char *contact_id)
{
	struct edit_roles	*r = edit_roles_get(ed);
	struct store_rows	 rows;
	struct store_contact	*c;
	struct sb_error		 err;
	bool			 found;

	if (store_contact_get(ed->db, contact_id, &rows, &err) != SB_OK) {
		edit_say(ed, THEME_STATUS_ERROR, "%s: %s",
		    sb_status_text(err.status), err.message);
		return (false);
	}
	c = rows.rows;
	if ((found = rows.count == 1)) {
		snprintf(r->del_id, sizeof r->del_id, "%s", contact_id);
		snprintf(r->del_name, sizeof r->del_name, "%s%s%s",
		    c->first_name, *c->first_name != '\0' ? " " : "",
		    c->last_name);
		edit_delete_links(r, c, ed->org_id);
		r->del_version = c->version;
	} else
		edit_say(ed, THEME_STATUS_WARNING, "The contact is gone");
	store_rows_free(&rows);
	return (found);
}

int
edit_open_delete(struct edit *ed, const char *org_id,
    const char *contact_id)
{
	struct store_elsewhere	el;
	struct sb_error		err;

	if (*contact_id == '\0') {
		edit_say(ed, THEME_STATUS_WARNING, "No contact selected");
		return (EDIT_REDRAW);
	}
	edit_drain(ed);
	edit_close(ed);
	snprintf(ed->org_id, sizeof ed->org_id, "%s", org_id);
	if (!edit_delete_load(ed, contact_id))
		return (EDIT_REDRAW | EDIT_RELOAD);
	if (store_contact_linked_elsewhere(ed->db, contact_id,
	    *org_id != '\0' ? org_id : NULL, &el, &err) != SB_OK) {
		edit_say(ed, THEME_STATUS_ERROR, "Not deleted: %s",
		    err.message);
		return (EDIT_REDRAW | EDIT_RELOAD);
	}
	if (el.count > 0 || el.hidden > 0)
		edit_delete_refused(ed, &el);
	else {
		store_command_id_new(ed->roles->del_cmd);
		snprintf(ed->title, sizeof ed->title, "Delete %.140s",
		    ed->roles->del_name);
		ed->mode = EDIT_CONFIRM_DELETE;
	}
	store_elsewhere_clear(&el);
	return (EDIT_REDRAW | EDIT_RELOAD);
}

static int
edit_delete_do(struct edit *ed)
{
	struct edit_roles	*r = ed->roles;
	struct store_result	 res;
	struct store_conflict	*k = NULL;
	struct sb_error		 err;

	edit_drain(ed);
	sb_error_clear(&err);
	if (store_contact_delete(ed->db, r->del_cmd, r->del_id,
	    r->del_version, *ed->org_id != '\0' ? ed->org_id : NULL, &res,
	    &k, &err) != SB_OK) {
		store_conflict_free(k);
		edit_say(ed, THEME_STATUS_ERROR, "Not deleted: %s%s",
		    err.status == SB_CONFLICT ? "it changed since; look "
		    "again. " : "", err.message);
		edit_close(ed);
		return (EDIT_REDRAW | EDIT_RELOAD);
	}
	edit_say(ed, THEME_STATUS_OK, "Deleted %s; its history stays",
	    r->del_name);
	edit_close(ed);
	return (EDIT_REDRAW | EDIT_RELOAD);
}

int
edit_delete_key(struct edit *ed, int key)
{
	enum keymap_action	a;

	if (ed->mode == EDIT_CONFIRM_DELETE) {
		if (edit_yes(ed, key))
			return (edit_delete_do(ed));
		edit_close(ed);
		return (EDIT_REDRAW);
	}
	a = edit_action(ed, key);
	if (a == KEYMAP_MOVE_DOWN || a == KEYMAP_MOVE_UP)
		listview_scroll(&ed->lv, a == KEYMAP_MOVE_DOWN ? 1 : -1);
	else if (a == KEYMAP_PAGE_DOWN)
		listview_scroll(&ed->lv, ed->lv.count);
	else if (a == KEYMAP_PAGE_UP || a == KEYMAP_FIRST)
		listview_scroll(&ed->lv, -ed->lv.count);
	else
		edit_close(ed);
	return (EDIT_REDRAW);
}

static void
edit_delete_draw_question(struct edit *ed, WINDOW *w, int width)
{
	struct edit_roles	*r = ed->roles;
	char			 buf[400];

	snprintf(buf, sizeof buf, "Delete %s?", r->del_name);
	draw_text(w, ed->draw, 2, 2, width - 4, buf, THEME_STATUS_WARNING);
	if (r->del_owner[0] != '\0')
		snprintf(buf, sizeof buf, "Its links to %s go with it; its "
		    "history stays.", r->del_owner);
	else
		snprintf(buf, sizeof buf, "It has no owner organization and "
		    "no links here; its history stays.");
	draw_text(w, ed->draw, 3, 2, width - 4, buf, THEME_NORMAL);
	draw_text(w, ed->draw, 4, 2, width - 4, "Undo cannot bring it back. "
	    "(y/n)", THEME_STATUS_WARNING);
}

void
edit_delete_draw(struct edit *ed, WINDOW *w, int h, int width)
{
	struct edit_roles	*r = ed->roles;
	char			 buf[128];
	size_t			 i;
	int			 y = 4;

	if (ed->mode == EDIT_CONFIRM_DELETE) {
		edit_delete_draw_question(ed, w, width);
		return;
	}
	draw_text(w, ed->draw, 2, 2, width - 4, "Other organizations still "
	    "link this contact; unlink it there first:", THEME_STATUS_WARNING);
	listview_set_height(&ed->lv, h - 3 - y);
	for (i = (size_t)ed->lv.top; i < ed->nlines && y < h - 3; i++, y++)
		draw_text(w, ed->draw, y, 4, width - 6, ed->lines[i],
		    THEME_NORMAL);
	if (r->del_hidden > 0 && y < h - 2) {
		snprintf(buf, sizeof buf, "%s%ld organization%s you cannot see",
		    ed->nlines > 0 ? "and " : "", r->del_hidden,
		    r->del_hidden == 1 ? "" : "s");
		draw_text(w, ed->draw, y, 4, width - 6, buf, THEME_DIM);
	}
	draw_text(w, ed->draw, h - 2, 2, width - 4, ed->nlines + 4 > (size_t)h
	    ? "Up/Down scroll  any other key closes" : "Any key closes",
	    THEME_DIM);
}
