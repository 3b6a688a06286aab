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
#include "switchboard/mode.h"
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
	history_undo_init(&ed->undo);
	return (ed);
}

void
edit_free(struct edit *ed)
{
	if (ed == NULL)
		return;
	edit_close(ed);
	edit_items_free(ed);
	history_undo_clear(&ed->undo);
	edit_roles_free(ed->roles);
	free(ed);
}

static int	edit_save_contact(struct edit *);
static void	edit_contact_push(struct edit *);

static const struct edit_form_ops edit_contact_ops = {
	.save = edit_save_contact
};

/* The contact's fields into a new form. */
static void
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
	ed->form = f;
	ed->form_ops = &edit_contact_ops;
	ed->mode = EDIT_FORM;
	edit_contact_push(ed);
}

int
edit_open_contact(struct edit *ed, const char *org_id,
    const char *contact_id)
{
	struct store_rows	 rows;
	struct store_contact	*c;
	struct sb_error		 err;

	if (*contact_id == '\0') {
		edit_say(ed, THEME_STATUS_WARNING, "No contact selected");
		return (EDIT_REDRAW);
	}
	edit_drain(ed);
	if (store_contact_get(ed->db, contact_id, &rows, &err) != SB_OK) {
		edit_say(ed, THEME_STATUS_ERROR, "%s: %s",
		    sb_status_text(err.status), err.message);
		return (EDIT_REDRAW | EDIT_RELOAD);
	}
	c = rows.rows;
	if (rows.count == 1) {
		edit_close(ed);
		ed->kind = EDIT_KIND_CONTACT;
		snprintf(ed->org_id, sizeof ed->org_id, "%s", org_id);
		snprintf(ed->contact_id, sizeof ed->contact_id, "%s",
		    contact_id);
		snprintf(ed->title, sizeof ed->title, "Edit %s %s",
		    c->first_name, c->last_name);
		snprintf(ed->readonly, sizeof ed->readonly, "%s",
		    c->readonly_reason);
		edit_form_contact(ed, c);
	}
	store_rows_free(&rows);
	return (EDIT_REDRAW | EDIT_RELOAD);
}

int
edit_open_contact_link(struct edit *ed, const char *org_id,
    const char *contact_id, const struct store_link *link)
{
	int	flags;

	flags = edit_open_contact(ed, org_id, contact_id);
	edit_role_fields_add(ed, contact_id, link);
	return (flags);
}

int
edit_open_new(struct edit *ed, const char *org_id)
{
	if (*org_id == '\0') {
		edit_say(ed, THEME_STATUS_WARNING,
		    "Choose an organization first");
		return (EDIT_REDRAW);
	}
	edit_close(ed);
	ed->kind = EDIT_KIND_NEW;
	ed->readonly[0] = ed->contact_id[0] = '\0';
	ed->found_id[0] = '\0';
	snprintf(ed->org_id, sizeof ed->org_id, "%s", org_id);
	snprintf(ed->title, sizeof ed->title, "New contact");
	edit_form_contact(ed, NULL);
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
	struct sb_error	err;
	char		what[sizeof ed->undo.what];

	if (ed->undo.kind == HISTORY_UNDO_NONE) {
		edit_say(ed, THEME_STATUS_WARNING, "Nothing to undo");
		return (EDIT_REDRAW);
	}
	snprintf(what, sizeof what, "%s", ed->undo.what);
	edit_drain(ed);
	sb_error_clear(&err);
	if (history_undo_run(&ed->undo, ed->db, &err) != SB_OK)
		edit_say(ed, THEME_STATUS_ERROR, "Undo %s: %s", what,
		    err.message);
	else
		edit_say(ed, THEME_STATUS_OK, "Undone: %s", what);
	return (EDIT_REDRAW | EDIT_RELOAD);
}

/* The message of a save whose reply came late or not at all. */
#define EDIT_SAVED_LATE	"Saved; the reply was lost but the change is in"

int
edit_recheck(struct edit *ed)
{
	struct store_result	res;
	struct sb_error		err;
	enum sb_status		st;

	if (ed->unsure[0] == '\0')
		return (0);
	edit_drain(ed);
	sb_error_clear(&err);
	st = store_command_outcome(ed->db, ed->unsure, &res, &err);
	if (st != SB_OK && st != SB_NOT_FOUND)
		return (0);
	ed->unsure[0] = '\0';
	if (st == SB_NOT_FOUND) {
		if (ed->form == NULL) {
			edit_say(ed, THEME_STATUS_ERROR, "Not saved: the "
			    "server never got the change");
			return (EDIT_REDRAW);
		}
		snprintf(ed->form->message, sizeof ed->form->message,
		    "Not saved: the server never got it. Changes kept; save "
		    "again");
		return (EDIT_REDRAW);
	}
	if (ed->form != NULL && edit_items_form(ed)) {
		edit_items_back(ed, true, NULL);
		edit_items_msg(ed, THEME_STATUS_OK, EDIT_SAVED_LATE);
	} else {
		edit_say(ed, THEME_STATUS_OK, EDIT_SAVED_LATE);
		edit_close(ed);
	}
	return (EDIT_REDRAW | EDIT_RELOAD);
}

static int
edit_save_update(struct edit *ed)
{
	struct store_changes	 ch;
	struct store_result	 res;
	struct store_conflict	*k = NULL;
	struct sb_error		 err;
	enum sb_status		 st;
	size_t			 n;
	bool			 joined;

	store_changes_init(&ch);
	form_changes(ed->form, &ch);
	if (ch.count == 0) {
		store_changes_clear(&ch);
		edit_close(ed);
		return (EDIT_REDRAW);
	}
	sb_error_clear(&err);
	if (edit_role_pending(ed))
		st = edit_role_save_with(ed, &ch, &res, &k, &err);
	else
		st = store_contact_update(ed->db, form_command_id(ed->form),
		    ed->contact_id, ed->form->version, &ch, &res, &k, &err);
	store_changes_clear(&ch);
	if (st == SB_CONFLICT && k != NULL) {
		n = form_conflict_load(ed->form, k);
		ed->form->version = k->current_version;
		store_conflict_free(k);
		return (edit_conflict_open(ed, n, false) | EDIT_RELOAD);
	}
	store_conflict_free(k);
	if (st != SB_OK) {
		edit_save_lost(ed, &res, &err);
		return (EDIT_REDRAW | EDIT_RELOAD);
	}
	if (res.recovered) {
		edit_say(ed, THEME_STATUS_OK, EDIT_SAVED_LATE);
		edit_close(ed);
		return (EDIT_REDRAW | EDIT_RELOAD);
	}
	/* After a role change in the same save, one undo takes both back. */
	joined = edit_role_join_undo(ed, res.version);
	if (!joined)
		history_undo_set_update(&ed->undo, ed->contact_id, ed->form,
		    res.version, ed->title);
	edit_say(ed, THEME_STATUS_OK, "Saved (u undoes%s)", joined ?
	    " both" : "");
	edit_close(ed);
	return (EDIT_REDRAW | EDIT_RELOAD);
}

/*
 * Create the contact with its link in the chosen role and its email and
 * mobile: one command, so all of it lands or none, and the form stays
 * open with everything typed when it is refused.
 */
static int
edit_save_create(struct edit *ed)
{
	struct store_contact_input	 in;
	struct store_contact_extra	 x = { .email = NULL };
	struct store_result		 res;
	struct sb_error			 err;
	struct form			*f = ed->form;
	const char			*role;

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
	in.owner_org_id = ed->org_id;
	role = form_field_value(form_field_find(f, "role"));
	sb_error_clear(&err);
	if (edit_offer_existing(ed))
		return (EDIT_REDRAW | EDIT_RELOAD);
	x.email = form_field_value(form_field_find(f, "email"));
	x.mobile = form_field_value(form_field_find(f, "phone"));
	x.default_country = ed->country;
	if (store_contact_create_linked(ed->db, form_command_id(f), &in,
	    ed->org_id, role, &x, &res, &err) != SB_OK) {
		edit_save_lost(ed, &res, &err);
		return (EDIT_REDRAW | EDIT_RELOAD);
	}
	if (res.recovered) {
		edit_say(ed, THEME_STATUS_OK, EDIT_SAVED_LATE);
		edit_close(ed);
		return (EDIT_REDRAW | EDIT_RELOAD);
	}
	snprintf(ed->contact_id, sizeof ed->contact_id, "%s", res.id);
	history_undo_set_link(&ed->undo, true, ed->org_id, ed->contact_id,
	    role, false, NULL, NULL, "new contact's link");
	edit_say(ed, THEME_STATUS_OK, "Created and linked as %s", role);
	edit_close(ed);
	return (EDIT_REDRAW | EDIT_RELOAD);
}

int
edit_key(struct edit *ed, int wch, bool code)
{
	if (edit_items_owns(ed))
		return (edit_items_key(ed, wch, code));
	switch (ed->mode) {
	case EDIT_FORM:
		return (edit_form_key(ed, wch, code));
	default:
		break;
	}
	return (0);
}

int
edit_answer(struct edit *ed, int answer)
{
	bool	yes = answer == EDIT_ANSWER_YES;

	switch (ed->mode) {
	case EDIT_CONFIRM_PRIMARY:
		return (edit_role_answer(ed, yes));
	case EDIT_CONFIRM_EXISTING:
		return (edit_confirm_existing_answer(ed, answer));
	case EDIT_CONFLICT:
		/* The choices are in the form: save them, or edit on. */
		ed->mode = EDIT_FORM;
		return (yes ? edit_save_form(ed) : EDIT_REDRAW);
	case EDIT_CONFIRM_DISCARD:
		ed->mode = EDIT_FORM;
		if (yes)
			edit_close(ed);
		return (EDIT_REDRAW);
	default:
		return (0);
	}
}

/*
 * The contact form's mode (new, edit, with the role's fields), pushed
 * over the panes in place of the overlay's: its keys, pastes, and the
 * answers of the modes over it (its questions, the conflict screen).
 */
struct edit_contact {
	struct edit	*ed;
};

static int
edit_contact_flags(struct edit_contact *x, int r)
{
	r |= MODE_REDRAW;
	return (edit_active(x->ed) ? r : r | MODE_CLOSE);
}

static unsigned int
edit_contact_context(void *state)
{
	struct edit_contact	*x = state;

	return (edit_context(x->ed));
}

static void
edit_contact_draw(void *state, int rows, int cols)
{
	struct edit_contact	*x = state;

	if (edit_active(x->ed))
		edit_draw(x->ed, rows, cols);
}

static int
edit_contact_key(void *state, int wch, bool code)
{
	struct edit_contact	*x = state;
	struct edit		*ed = x->ed;

	if (!edit_active(ed) || ed->form == NULL)
		return (MODE_REDRAW | MODE_CLOSE);
	if (keymap_lookup(ed->km, edit_context(ed), wch) == KEYMAP_MODE_HELP)
		return (MODE_REDRAW | MODE_HELP);
	return (edit_contact_flags(x, edit_key(ed, wch, code)));
}

static int
edit_contact_paste(void *state, const char *text, const char *note)
{
	struct edit_contact	*x = state;

	return (edit_contact_flags(x, edit_paste(x->ed, text, note)));
}

static int
edit_contact_result(void *state, int result)
{
	struct edit_contact	*x = state;

	return (edit_contact_flags(x, edit_answer(x->ed, result)));
}

static void
edit_contact_close(void *state)
{
	struct edit_contact	*x = state;

	if (edit_active(x->ed))
		edit_close(x->ed);
	free(x);
}

static const struct mode_ops edit_contact_mode_ops = {
	.name = "editing",
	.context = edit_contact_context,
	.draw = edit_contact_draw,
	.key = edit_contact_key,
	.paste = edit_contact_paste,
	.result = edit_contact_result,
	.close = edit_contact_close
};

bool
edit_stale(const struct edit *ed, const struct mode *m)
{
	return (edit_items_stale(ed, m) || edit_link_stale(ed, m) ||
	    (m->ops == &edit_contact_mode_ops && !edit_active(ed)));
}

/* The form's mode; without room on a stack the form does not open. */
static void
edit_contact_push(struct edit *ed)
{
	struct edit_contact	*x = xcalloc(1, sizeof *x);

	x->ed = ed;
	if (ed->modes != NULL &&
	    mode_stack_push(ed->modes, &edit_contact_mode_ops, x))
		return;
	free(x);
	edit_close(ed);
}

/* The contact form's save: its role fields first, when it has them. */
static int
edit_save_contact(struct edit *ed)
{
	int	r;

	if (ed->kind == EDIT_KIND_ROLE && (r = edit_role_save(ed)) != 0)
		return (r);
	return (ed->kind == EDIT_KIND_NEW ? edit_save_create(ed) :
	    edit_save_update(ed));
}
