/* "Add existing contact" by name: contacts in scope, as one types. */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include <curses.h>

#include "switchboard/edit.h"
#include "edit-int.h"
#include "edit-role-int.h"
#include "switchboard/form.h"
#include "switchboard/history.h"
#include "switchboard/keymap.h"
#include "switchboard/store-command.h"
#include "switchboard/store-role.h"
#include "switchboard/util.h"

static long long
edit_find_now_ms(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ((long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000);
}

static const char *
edit_find_value(struct edit_sheet *s, const char *name)
{
	struct form_field	*f;

	if (s->form == NULL || (f = form_field_find(s->form, name)) == NULL)
		return ("");
	return (form_field_value(f));
}

/* Whether the open form is the add-existing one with a Name field. */
static bool
edit_find_open(const struct edit_sheet *s)
{
	return (s->mode == EDIT_FORM && s->kind == EDIT_KIND_EXISTING &&
	    s->form != NULL && s->roles != NULL &&
	    form_field_find(s->form, "name") != NULL);
}

void
edit_find_reset(struct edit_sheet *s)
{
	struct edit_roles	*r = edit_roles_get(s);

	store_name_matches_clear(&r->found);
	r->find_at = 0;
	r->find_key[0] = '\0';
	listview_init(&r->found_lv);
	r->searched = false;
}

/* The name or role changed: search again after a pause in the typing. */
void
edit_find_changed(struct edit_sheet *s)
{
	struct edit_roles	*r = s->roles;
	char			 key[sizeof r->find_key];

	if (!edit_find_open(s))
		return;
	snprintf(key, sizeof key, "%s\t%s", edit_find_value(s, "role"),
	    edit_find_value(s, "name"));
	if (strcmp(key, r->find_key) == 0)
		return;
	snprintf(r->find_key, sizeof r->find_key, "%s", key);
	store_name_matches_clear(&r->found);
	listview_init(&r->found_lv);
	r->searched = false;
	r->find_at = *edit_find_value(s, "name") != '\0' ?
	    edit_find_now_ms() + EDIT_FIND_PAUSE_MS : 0;
}

unsigned int
edit_find_context(const struct edit_sheet *s)
{
	return (edit_find_open(s) && s->roles->found.count > 0 &&
	    strcmp(s->form->fields[s->form->focus].name, "name") == 0 ?
	    KEYMAP_CTX_FIND : 0);
}

int
edit_timeout(const struct edit *ed)
{
	const struct edit_sheet	*s = ed->open;
	long long		 left;

	if (s == NULL || !edit_find_open(s) || s->roles->find_at == 0)
		return (-1);
	left = s->roles->find_at - edit_find_now_ms();
	return (left > 0 ? (int)left : 0);
}

int
edit_tick(struct edit *ed)
{
	struct edit_sheet	*s = ed->open;
	struct edit_roles	*r;
	struct sb_error		 err;

	if (edit_timeout(ed) != 0)
		return (0);
	r = s->roles;
	r->find_at = 0;
	edit_drain(s->ed);
	sb_error_clear(&err);
	if (store_contact_find_by_name(s->ed->db, s->org_id,
	    edit_find_value(s, "role"), edit_find_value(s, "name"),
	    EDIT_FIND_MAX, &r->found, &err) != SB_OK) {
		util_format_text(s->form->message, sizeof s->form->message,
		    "Search: %s", err.message);
		return (EDIT_REDRAW | EDIT_RELOAD);
	}
	listview_init(&r->found_lv);
	listview_set_count(&r->found_lv, (int)r->found.count);
	r->searched = true;
	return (EDIT_REDRAW | EDIT_RELOAD);
}

/* Up/Down choose among the contacts found, Enter links the chosen one. */
bool
edit_find_key(struct edit_sheet *s, int wch, int *flags)
{
	struct edit_roles	*r = s->roles;
	enum keymap_action	 a;

	if (edit_find_context(s) == 0)
		return (false);
	a = keymap_lookup(s->ed->km, KEYMAP_CTX_FIND, wch);
	*flags = EDIT_REDRAW;
	if (a == KEYMAP_FIND_NEXT &&
	    r->found_lv.selected + 1 < r->found_lv.count)
		listview_move(&r->found_lv, 1);
	else if (a == KEYMAP_FIND_PREV && r->found_lv.selected > 0)
		listview_move(&r->found_lv, -1);
	else if (a == KEYMAP_FIND_LINK) {
		edit_drain(s->ed);
		*flags = edit_find_link(s);
	} else
		/* Past the last one the list keeps Down; Up goes on up. */
		return (a == KEYMAP_FIND_NEXT);
	return (true);
}

/* A name typed, no email or phone: the save links by name. */
bool
edit_find_wanted(struct edit_sheet *s)
{
	return (edit_find_open(s) && *edit_find_value(s, "name") != '\0' &&
	    *edit_find_value(s, "email") == '\0' &&
	    *edit_find_value(s, "phone") == '\0');
}

/* Link the chosen contact in the form's role; closes on success. */
int
edit_find_link(struct edit_sheet *s)
{
	struct edit_roles	*r = s->roles;
	struct store_name_match	*m;
	struct store_result	 res;
	struct sb_error		 err;
	const char		*role = edit_find_value(s, "role");
	char			 what[HISTORY_WHAT_MAX];

	if (r->found.count == 0) {
		util_format_text(s->form->message, sizeof s->form->message, "%s",
		    r->searched ? "No contact you can see has that name "
		    "(others are found only by exact email or phone)" :
		    "Wait for the contacts found, then choose one");
		return (EDIT_REDRAW);
	}
	m = &r->found.rows[r->found_lv.selected];
	sb_error_clear(&err);
	if (store_org_contact_link(s->ed->db, form_command_id(s->form),
	    s->org_id, m->contact_id, role, NULL, NULL, &res, &err) !=
	    SB_OK) {
		edit_save_failed(s, &err);
		return (EDIT_REDRAW | EDIT_RELOAD);
	}
	util_format_text(what, sizeof what, "link of %s %s", m->first_name,
	    m->last_name);
	history_undo_set_link(history_log_push(&s->ed->undo), true,
	    s->org_id, m->contact_id, role, false, NULL, NULL, what);
	edit_say(s->ed, THEME_STATUS_OK, "Linked %s %s as %s (u undoes)",
	    m->first_name, m->last_name, role);
	edit_sheet_close(s);
	return (EDIT_REDRAW | EDIT_RELOAD);
}

/* One contact found: "Ann Lee, Nurse - Acme - ann@acme.example". */
static void
edit_find_row(struct edit_sheet *s, WINDOW *w, int y, int width,
    const struct store_name_match *m, bool sel)
{
	char	buf[800];

	snprintf(buf, sizeof buf, "%s %s%s%s%s%s%s%s", m->first_name,
	    m->last_name, *m->title != '\0' ? ", " : "", m->title,
	    *m->owner_name != '\0' ? " - " : "", m->owner_name,
	    *m->email != '\0' ? " - " : "", m->email);
	draw_text(w, s->ed->draw, y, EDIT_LABEL_W + 3, width - EDIT_LABEL_W - 5,
	    buf, sel ? THEME_LIST_SELECTED : THEME_NORMAL);
}

void
edit_find_draw(struct edit_sheet *s, WINDOW *w, int y, int h, int width)
{
	struct edit_roles	*r = s->roles;
	size_t			 i;

	if (!edit_find_open(s) || *edit_find_value(s, "name") == '\0' ||
	    y >= h - 4)
		return;
	y++;
	if (!r->searched) {
		draw_text(w, s->ed->draw, y, EDIT_LABEL_W + 3, width -
		    EDIT_LABEL_W - 5, "Searching...", THEME_DIM);
		return;
	}
	if (r->found.count == 0) {
		draw_text(w, s->ed->draw, y, EDIT_LABEL_W + 3, width -
		    EDIT_LABEL_W - 5, "No contact you can see has that name",
		    THEME_DIM);
		return;
	}
	for (i = 0; i < r->found.count && y < h - 4; i++, y++)
		edit_find_row(s, w, y, width, &r->found.rows[i],
		    (int)i == r->found_lv.selected);
	if (y < h - 3)
		draw_text(w, s->ed->draw, y, EDIT_LABEL_W + 3, width -
		    EDIT_LABEL_W - 5, "Up/Down choose  Enter links it",
		    THEME_DIM);
}
