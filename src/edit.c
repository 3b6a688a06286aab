/* The editing overlay: contact forms, unlink, conflicts, history, undo. */
#include "config.h"

#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <curses.h>

#include "switchboard/edit.h"
#include "edit-int.h"
#include "edit-items.h"
#include "edit-role-int.h"
#include "switchboard/form.h"
#include "switchboard/history.h"
#include "switchboard/keymap.h"
#include "switchboard/store-command.h"
#include "switchboard/store.h"
#include "switchboard/util.h"

static const char *const edit_methods[] = {
	"", "email", "phone", "sms", "mail", NULL
};
static const char *const edit_roles[] = {
	"billing", "technical", "emergency", "stakeholder", "admin", NULL
};

struct edit *
edit_create(struct db *db, struct store_async *sa, const struct draw *draw,
    const struct keymap *km,
    void (*notify)(void *, enum theme_role, const char *), void *arg)
{
	struct edit	*ed = xcalloc(1, sizeof *ed);

	ed->db = db;
	ed->sa = sa;
	ed->draw = draw;
	ed->km = km;
	snprintf(ed->country, sizeof ed->country, "%s", EDIT_DEFAULT_COUNTRY);
	ed->notify = notify;
	ed->arg = arg;
	ed->kinds = -1;
	history_log_init(&ed->undo);
	return (ed);
}

/* The views are modes on the UI's stack, cleared before this. */
void
edit_free(struct edit *ed)
{
	if (ed == NULL)
		return;
	history_log_clear(&ed->undo);
	free(ed);
}

bool
edit_stale(const struct mode *m)
{
	return (edit_sheet_stale(m));
}

static int	edit_save_contact(struct edit_sheet *);
static int	edit_contact_answer(struct edit_sheet *, int);

static const struct edit_form_ops edit_contact_ops = {
	.save = edit_save_contact,
	.answer = edit_contact_answer
};

/* The contact's fields (c NULL: a new one's) in a new form. */
static struct form *
edit_form_contact(struct edit *ed, const struct store_contact *c)
{
	struct form	*f = form_create(ed->draw->safe_flags);

	form_add_text(f, "first_name", "First name", FORM_RULE_NAME, 100,
	    c != NULL ? c->first_name : NULL);
	form_add_text(f, "last_name", "Last name", FORM_RULE_NAME, 100,
	    c != NULL ? c->last_name : NULL);
	form_add_text(f, "title", "Title", FORM_RULE_TEXT, 100,
	    c != NULL ? c->title : NULL);
	form_add_choice(f, "preferred_contact_method", "Preferred method",
	    edit_methods, c != NULL ? c->preferred_method : NULL);
	form_add_bool(f, "do_not_contact", "Do not contact",
	    c != NULL && c->do_not_contact);
	if (c != NULL) {
		form_add_bool(f, "active", "Active", c->active);
		f->version = c->version;
	} else {
		form_add_text(f, "email", "Email", FORM_RULE_EMAIL, 254, NULL);
		form_add_text(f, "phone", "Mobile", FORM_RULE_PHONE, 40, NULL);
		f->default_country = ed->country;
		form_add_choice(f, "role", "Role here", edit_roles,
		    "billing");
	}
	return (f);
}

/* The contact's form over the panes; NULL when it did not open. */
static struct edit_sheet *
edit_contact_open(struct edit *ed, const char *org_id,
    const char *contact_id, int *flags)
{
	struct store_rows	 rows;
	struct store_contact	*c;
	struct edit_sheet	*s = NULL;
	struct sb_error		 err;
	char			 title[EDIT_TITLE_MAX];

	*flags = EDIT_REDRAW;
	if (*contact_id == '\0') {
		edit_say(ed, THEME_STATUS_WARNING, "No contact selected");
		return (NULL);
	}
	edit_drain(ed);
	*flags |= EDIT_RELOAD;
	if (store_contact_get(ed->db, contact_id, &rows, &err) != SB_OK) {
		edit_say(ed, THEME_STATUS_ERROR, "%s: %s",
		    sb_status_text(err.status), err.message);
		return (NULL);
	}
	c = rows.rows;
	if (rows.count == 1) {
		util_format_text(title, sizeof title, "Edit %s %s", c->first_name,
		    c->last_name);
		s = edit_sheet_push(ed, edit_form_contact(ed, c),
		    &edit_contact_ops, EDIT_KIND_CONTACT, title);
	}
	if (s != NULL) {
		snprintf(s->org_id, sizeof s->org_id, "%s", org_id);
		snprintf(s->contact_id, sizeof s->contact_id, "%s",
		    contact_id);
		snprintf(s->readonly, sizeof s->readonly, "%s",
		    c->readonly_reason);
	}
	store_rows_free(&rows);
	return (s);
}

int
edit_open_contact(struct edit *ed, const char *org_id,
    const char *contact_id)
{
	int	flags;

	edit_contact_open(ed, org_id, contact_id, &flags);
	return (flags);
}

int
edit_open_contact_link(struct edit *ed, const char *org_id,
    const char *contact_id, const struct store_link *link)
{
	struct edit_sheet	*s;
	int			 flags;

	if ((s = edit_contact_open(ed, org_id, contact_id, &flags)) != NULL)
		edit_role_fields_add(s, link);
	return (flags);
}

int
edit_open_new(struct edit *ed, const char *org_id)
{
	struct edit_sheet	*s;

	if (*org_id == '\0') {
		edit_say(ed, THEME_STATUS_WARNING,
		    "Choose an organization first");
		return (EDIT_REDRAW);
	}
	s = edit_sheet_push(ed, edit_form_contact(ed, NULL),
	    &edit_contact_ops, EDIT_KIND_NEW, "New contact");
	if (s != NULL)
		snprintf(s->org_id, sizeof s->org_id, "%s", org_id);
	return (EDIT_REDRAW);
}

/* One event as a header line and its changes, added to out. */
static void
edit_history_event(const struct store_event *e, char ***out, size_t *n)
{
	char	**lines;
	size_t	  k, i;

	*out = xreallocarray(*out, *n + 1, sizeof **out);
	(*out)[(*n)++] = xasprintf("%s  %s  %s  (v%ld)", e->recorded_at,
	    e->actor, e->type, e->version);
	k = history_format(e->payload, &lines);
	*out = xreallocarray(*out, *n + k, sizeof **out);
	for (i = 0; i < k; i++)
		(*out)[(*n)++] = xasprintf("    %s", lines[i]);
	free(lines);
}

int
edit_history_read(struct edit *ed, const char *stream_id, char ***lines,
    size_t *nlines)
{
	struct store_rows	 rows;
	struct store_event	*ev;
	struct sb_error		 err;
	size_t			 i;

	*lines = NULL;
	*nlines = 0;
	if (*stream_id == '\0')
		return (EDIT_REDRAW);
	edit_drain(ed);
	if (store_history(ed->db, stream_id, EDIT_HISTORY_MAX, &rows,
	    &err) != SB_OK) {
		edit_say(ed, THEME_STATUS_ERROR, "%s: %s",
		    sb_status_text(err.status), err.message);
		return (EDIT_REDRAW | EDIT_RELOAD);
	}
	/* Not NULL: a history with no events is shown too. */
	*lines = xcalloc(1, sizeof **lines);
	ev = rows.rows;
	for (i = 0; i < rows.count; i++)
		edit_history_event(&ev[i], lines, nlines);
	store_rows_free(&rows);
	return (EDIT_REDRAW | EDIT_RELOAD);
}

int
edit_undo(struct edit *ed)
{
	enum theme_role	role;
	char		msg[400];

	role = edit_undo_last(ed, msg, sizeof msg);
	edit_say(ed, role, "%s", msg);
	return (EDIT_REDRAW | (role != THEME_STATUS_WARNING ? EDIT_RELOAD :
	    0));
}

const char *
edit_undo_next(struct edit *ed)
{
	struct history_undo	*u = history_log_top(&ed->undo);

	return (u != NULL ? u->what : NULL);
}

/* The message of a save whose reply came late or not at all. */
#define EDIT_SAVED_LATE	"Saved; the reply was lost but the change is in"

int
edit_recheck(struct edit *ed)
{
	struct edit_sheet	*s = ed->open;
	struct store_result	 res;
	struct sb_error		 err;
	enum sb_status		 st;

	if (ed->unsure[0] == '\0')
		return (0);
	edit_drain(ed);
	sb_error_clear(&err);
	st = store_command_outcome(ed->db, ed->unsure, &res, &err);
	if (st != SB_OK && st != SB_NOT_FOUND)
		return (0);
	ed->unsure[0] = '\0';
	if (st == SB_NOT_FOUND) {
		if (s == NULL) {
			edit_say(ed, THEME_STATUS_ERROR, "Not saved: the "
			    "server never got the change");
			return (EDIT_REDRAW);
		}
		util_format_text(s->form->message, sizeof s->form->message,
		    "Not saved: the server never got it. Changes kept; save "
		    "again");
		return (EDIT_REDRAW);
	}
	if (s != NULL && s->items != NULL)
		edit_items_saved_late(s, EDIT_SAVED_LATE);
	else {
		edit_say(ed, THEME_STATUS_OK, EDIT_SAVED_LATE);
		if (s != NULL)
			edit_sheet_close(s);
	}
	return (EDIT_REDRAW | EDIT_RELOAD);
}

static int
edit_save_update(struct edit_sheet *s)
{
	struct edit		*ed = s->ed;
	struct store_changes	 ch;
	struct store_result	 res;
	struct store_conflict	*k = NULL;
	struct sb_error		 err;
	enum sb_status		 st;
	size_t			 n;
	bool			 joined;
	char			 what[HISTORY_WHAT_MAX];

	store_changes_init(&ch);
	form_changes(s->form, &ch);
	if (ch.count == 0) {
		store_changes_clear(&ch);
		edit_sheet_close(s);
		return (EDIT_REDRAW);
	}
	sb_error_clear(&err);
	if (edit_role_pending(s))
		st = edit_role_save_with(s, &ch, &res, &k, &err);
	else
		st = store_contact_update(ed->db, form_command_id(s->form),
		    s->contact_id, s->form->version, &ch, &res, &k, &err);
	store_changes_clear(&ch);
	if (st == SB_CONFLICT && k != NULL) {
		n = form_conflict_load(s->form, k);
		s->form->version = k->current_version;
		store_conflict_free(k);
		return (edit_conflict_open(s, n, false) | EDIT_RELOAD);
	}
	store_conflict_free(k);
	if (st != SB_OK) {
		edit_save_lost(s, &res, &err);
		return (EDIT_REDRAW | EDIT_RELOAD);
	}
	if (res.recovered) {
		edit_say(ed, THEME_STATUS_OK, EDIT_SAVED_LATE);
		edit_sheet_close(s);
		return (EDIT_REDRAW | EDIT_RELOAD);
	}
	/* After a role change in the same save, one undo takes both back. */
	joined = edit_role_join_undo(s, res.version);
	util_format_text(what, sizeof what, "edit of %s %s",
	    form_field_find(s->form, "first_name")->orig,
	    form_field_find(s->form, "last_name")->orig);
	if (!joined)
		history_undo_set_update(history_log_push(&ed->undo),
		    s->contact_id, s->form, res.version, what);
	edit_say(ed, THEME_STATUS_OK, "Saved (u undoes%s)", joined ?
	    " both" : "");
	edit_sheet_close(s);
	return (EDIT_REDRAW | EDIT_RELOAD);
}

/*
 * Create the contact with its link in the chosen role and its email and
 * mobile: one command, so all of it lands or none, and the form stays
 * open with everything typed when it is refused.
 */
static int
edit_save_create(struct edit_sheet *s)
{
	struct edit			*ed = s->ed;
	struct store_contact_input	 in;
	struct store_contact_extra	 x = { .email = NULL };
	struct store_result		 res;
	struct sb_error			 err;
	struct form			*f = s->form;
	const char			*role;
	char				 what[HISTORY_WHAT_MAX];

	memset(&in, 0, sizeof in);
	in.first_name = form_field_value(form_field_find(f, "first_name"));
	in.last_name = form_field_value(form_field_find(f, "last_name"));
	in.title = form_field_value(form_field_find(f, "title"));
	in.preferred_method = form_field_value(form_field_find(f,
	    "preferred_contact_method"));
	if (*in.preferred_method == '\0')
		in.preferred_method = NULL;
	in.do_not_contact = form_field_find(f, "do_not_contact")->on;
	/* Its organization keeps it: a partner's admins may change it. */
	in.owner_org_id = s->org_id;
	role = form_field_value(form_field_find(f, "role"));
	sb_error_clear(&err);
	if (edit_offer_existing(s))
		return (EDIT_REDRAW | EDIT_RELOAD);
	x.email = form_field_value(form_field_find(f, "email"));
	x.mobile = form_field_value(form_field_find(f, "phone"));
	x.default_country = ed->country;
	if (store_contact_create_linked(ed->db, form_command_id(f), &in,
	    s->org_id, role, &x, &res, &err) != SB_OK) {
		edit_save_lost(s, &res, &err);
		return (EDIT_REDRAW | EDIT_RELOAD);
	}
	if (res.recovered) {
		edit_say(ed, THEME_STATUS_OK, EDIT_SAVED_LATE);
		edit_sheet_close(s);
		return (EDIT_REDRAW | EDIT_RELOAD);
	}
	snprintf(s->contact_id, sizeof s->contact_id, "%s", res.id);
	util_format_text(what, sizeof what, "link of new contact %s %s",
	    in.first_name, in.last_name);
	history_undo_set_link(history_log_push(&ed->undo), true, s->org_id,
	    s->contact_id, role, false, NULL, NULL, what);
	edit_say(ed, THEME_STATUS_OK, "Created and linked as %s", role);
	edit_sheet_close(s);
	return (EDIT_REDRAW | EDIT_RELOAD);
}

/* The contact form's save: its role fields first, when it has them. */
static int
edit_save_contact(struct edit_sheet *s)
{
	int	r;

	if (s->kind == EDIT_KIND_ROLE && (r = edit_role_save(s)) != 0)
		return (r);
	return (s->kind == EDIT_KIND_NEW ? edit_save_create(s) :
	    edit_save_update(s));
}

/* Its own questions: does the primary mark move, link the one found? */
static int
edit_contact_answer(struct edit_sheet *s, int answer)
{
	if (s->mode == EDIT_CONFIRM_PRIMARY)
		return (edit_role_answer(s, answer == EDIT_ANSWER_YES));
	return (edit_confirm_existing_answer(s, answer));
}
