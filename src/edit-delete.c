/* The delete mode: the question, or who still links the contact. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <curses.h>

#include "switchboard/edit.h"
#include "edit-int.h"
#include "switchboard/history.h"
#include "switchboard/keymap.h"
#include "switchboard/mode.h"
#include "switchboard/prompt.h"
#include "switchboard/store-command.h"
#include "switchboard/store-role.h"
#include "switchboard/util.h"

/* The mode's own state; ed only lends the shared ground. */
struct edit_delete {
	struct edit		*ed;
	bool			 refused;	/* lines: who links it */
	char			 org_id[STORE_UUID_LEN + 1];
	char			 id[STORE_UUID_LEN + 1];
	long			 version;
	char			 name[EDIT_TEXT_MAX];
	char			 owner[256];
	long			 hidden;
	char			 cmd[STORE_UUID_LEN + 1];
	char			 title[EDIT_TITLE_MAX];
	char			**lines;
	size_t			 nlines;
	struct listview		 lv;
};

/* The organizations that refuse the delete, as the mode's lines. */
static void
edit_delete_refused(struct edit_delete *d, struct store_elsewhere *el)
{
	size_t	i;

	d->lines = xcalloc(el->count + 1, sizeof *d->lines);
	for (i = 0; i < el->count; i++)
		d->lines[d->nlines++] = xstrdup(el->names[i]);
	d->hidden = el->hidden;
	util_format_text(d->title, sizeof d->title, "Cannot delete %s", d->name);
	listview_init(&d->lv);
	listview_set_scrolloff(&d->lv, 0);
	listview_set_count(&d->lv, (int)d->nlines);
	d->refused = true;
}

/* Where the links that go with a delete are: its owner and org_id. */
static void
edit_delete_links(struct edit_delete *d, const struct store_contact *c)
{
	size_t	i, n;

	snprintf(d->owner, sizeof d->owner, "%s", c->owner_org);
	for (i = 0; i < c->org_count; i++) {
		if (strcmp(c->orgs[i].id, d->org_id) != 0 ||
		    strcmp(c->orgs[i].name, c->owner_org) == 0)
			continue;
		n = strlen(d->owner);
		snprintf(d->owner + n, sizeof d->owner - n, "%s%s",
		    n > 0 ? " and " : "", c->orgs[i].name);
	}
}

/* The contact's name, version and owner; false (said) if it is gone. */
static bool
edit_delete_load(struct edit_delete *d, const char *contact_id)
{
	struct store_rows	 rows;
	struct store_contact	*c;
	struct sb_error		 err;
	bool			 found;

	if (store_contact_get(d->ed->db, contact_id, &rows, &err) != SB_OK) {
		edit_say(d->ed, THEME_STATUS_ERROR, "%s: %s",
		    sb_status_text(err.status), err.message);
		return (false);
	}
	c = rows.rows;
	if ((found = rows.count == 1)) {
		snprintf(d->id, sizeof d->id, "%s", contact_id);
		snprintf(d->name, sizeof d->name, "%s%s%s", c->first_name,
		    *c->first_name != '\0' ? " " : "", c->last_name);
		edit_delete_links(d, c);
		d->version = c->version;
	} else
		edit_say(d->ed, THEME_STATUS_WARNING, "The contact is gone");
	store_rows_free(&rows);
	return (found);
}

static int
edit_delete_do(struct edit_delete *d)
{
	struct edit		*ed = d->ed;
	struct store_result	 res;
	struct store_conflict	*k = NULL;
	struct sb_error		 err;

	edit_drain(ed);
	sb_error_clear(&err);
	if (store_contact_delete(ed->db, d->cmd, d->id, d->version,
	    *d->org_id != '\0' ? d->org_id : NULL, &res, &k, &err) != SB_OK) {
		store_conflict_free(k);
		edit_say(ed, THEME_STATUS_ERROR, "Not deleted: %s%s",
		    err.status == SB_CONFLICT ? "it changed since; look "
		    "again. " : "", err.message);
		return (MODE_REDRAW | MODE_RELOAD | MODE_CLOSE);
	}
	edit_say(ed, THEME_STATUS_OK, "Deleted %s; its history stays",
	    d->name);
	return (MODE_REDRAW | MODE_RELOAD | MODE_CLOSE);
}

static unsigned int
edit_delete_context(void *state)
{
	struct edit_delete	*d = state;

	return (d->refused ? KEYMAP_CTX_GLOBAL : KEYMAP_CTX_CONFIRM);
}

static int
edit_delete_key(void *state, int wch, bool code)
{
	struct edit_delete	*d = state;
	enum keymap_action	 a;
	int			 key = keymap_key_normalize(wch);

	(void)code;
	a = keymap_lookup_move(d->ed->km, edit_delete_context(d), key);
	if (a == KEYMAP_MODE_HELP)
		return (MODE_REDRAW | MODE_HELP);
	if (!d->refused)
		return (prompt_confirm(d->ed->km, key) ? edit_delete_do(d) :
		    MODE_REDRAW | MODE_CLOSE);
	if (a == KEYMAP_MOVE_DOWN || a == KEYMAP_MOVE_UP)
		listview_scroll(&d->lv, a == KEYMAP_MOVE_DOWN ? 1 : -1);
	else if (a == KEYMAP_PAGE_DOWN)
		listview_scroll(&d->lv, d->lv.count);
	else if (a == KEYMAP_PAGE_UP || a == KEYMAP_FIRST)
		listview_scroll(&d->lv, -d->lv.count);
	else
		return (MODE_REDRAW | MODE_CLOSE);
	return (MODE_REDRAW);
}

static void
edit_delete_draw_question(struct edit_delete *d, WINDOW *w, int width)
{
	const struct draw	*dr = d->ed->draw;
	char			 buf[EDIT_TITLE_MAX];

	snprintf(buf, sizeof buf, "Delete %s?", d->name);
	draw_text(w, dr, 2, 2, width - 4, buf, THEME_STATUS_WARNING);
	if (d->owner[0] != '\0')
		snprintf(buf, sizeof buf, "Its links to %s go with it; its "
		    "history stays.", d->owner);
	else
		snprintf(buf, sizeof buf, "It has no owner organization and "
		    "no links here; its history stays.");
	draw_text(w, dr, 3, 2, width - 4, buf, THEME_NORMAL);
	draw_text(w, dr, 4, 2, width - 4, "Undo cannot bring it back. (y/n)",
	    THEME_STATUS_WARNING);
}

static void
edit_delete_draw_refused(struct edit_delete *d, WINDOW *w, int h, int width)
{
	const struct draw	*dr = d->ed->draw;
	char			 buf[128];
	size_t			 i;
	int			 y = 4;

	draw_text(w, dr, 2, 2, width - 4, "Other organizations still link "
	    "this contact; unlink it there first:", THEME_STATUS_WARNING);
	listview_set_height(&d->lv, h - 3 - y);
	for (i = (size_t)d->lv.top; i < d->nlines && y < h - 3; i++, y++)
		draw_text(w, dr, y, 4, width - 6, d->lines[i], THEME_NORMAL);
	if (d->hidden > 0 && y < h - 2) {
		snprintf(buf, sizeof buf, "%s%ld organization%s you cannot see",
		    d->nlines > 0 ? "and " : "", d->hidden,
		    d->hidden == 1 ? "" : "s");
		draw_text(w, dr, y, 4, width - 6, buf, THEME_DIM);
	}
	draw_text(w, dr, h - 2, 2, width - 4, d->nlines + 4 > (size_t)h ?
	    "Up/Down scroll  any other key closes" : "Any key closes",
	    THEME_DIM);
}

static void
edit_delete_draw(void *state, int rows, int cols)
{
	struct edit_delete	*d = state;
	WINDOW			*w;
	int			 h = 0, width;

	if ((w = edit_draw_view(d->ed, rows, cols, 9, d->title, &h,
	    &width)) == NULL)
		return;
	if (d->refused)
		edit_delete_draw_refused(d, w, h, width);
	else
		edit_delete_draw_question(d, w, width);
	wnoutrefresh(w);
	delwin(w);
}

static void
edit_delete_close(void *state)
{
	struct edit_delete	*d = state;

	history_lines_free(d->lines, d->nlines);
	free(d);
}

static const struct mode_ops edit_delete_ops = {
	.name = "editing",
	.context = edit_delete_context,
	.draw = edit_delete_draw,
	.key = edit_delete_key,
	.paste = mode_paste_ignored,
	.close = edit_delete_close
};

/* Ask, or say who links it: fills d; false (said) when neither can be. */
static bool
edit_delete_ask(struct edit_delete *d)
{
	struct store_elsewhere	el;
	struct sb_error		err;

	if (store_contact_linked_elsewhere(d->ed->db, d->id,
	    *d->org_id != '\0' ? d->org_id : NULL, &el, &err) != SB_OK) {
		edit_say(d->ed, THEME_STATUS_ERROR, "Not deleted: %s",
		    err.message);
		return (false);
	}
	if (el.count > 0 || el.hidden > 0)
		edit_delete_refused(d, &el);
	else {
		store_command_id_new(d->cmd);
		util_format_text(d->title, sizeof d->title, "Delete %s", d->name);
	}
	store_elsewhere_clear(&el);
	return (true);
}

int
edit_open_delete(struct edit *ed, const char *org_id,
    const char *contact_id)
{
	struct edit_delete	*d;

	if (*contact_id == '\0') {
		edit_say(ed, THEME_STATUS_WARNING, "No contact selected");
		return (EDIT_REDRAW);
	}
	edit_drain(ed);
	d = xcalloc(1, sizeof *d);
	d->ed = ed;
	snprintf(d->org_id, sizeof d->org_id, "%s", org_id);
	if (!edit_delete_load(d, contact_id) || !edit_delete_ask(d) ||
	    ed->modes == NULL || !mode_stack_push(ed->modes, &edit_delete_ops,
	    d))
		edit_delete_close(d);
	return (EDIT_REDRAW | EDIT_RELOAD);
}
