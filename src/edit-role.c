/* The contact form's link fields: its role here and the primary mark. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "switchboard/edit.h"
#include "edit-int.h"
#include "edit-role-int.h"
#include "ui-confirm.h"
#include "switchboard/form.h"
#include "switchboard/history.h"
#include "switchboard/store-link.h"
#include "switchboard/store-role.h"
#include "switchboard/util.h"

static const char *const edit_role_names[EDIT_ROLES + 1] = {
	"billing", "technical", "emergency", "stakeholder", "admin", NULL
};

static int
edit_role_index(const char *role)
{
	int	i;

	for (i = 0; i < EDIT_ROLES; i++) {
		if (strcmp(edit_role_names[i], role) == 0)
			return (i);
	}
	return (-1);
}

/*
 * Who may change what. The link is the organization's: its admins change
 * the role and the mark even of a contact whose own fields they may not
 * (a partner owns it); those fields then are read-only one by one, with
 * the reason, and the link fields stay open. Where a partner referred the
 * organization, the partner's admin changes its own contact's role there
 * but not the mark, which stays the organization's.
 */
static void
edit_role_access(struct edit_sheet *s)
{
	struct sb_error	err;
	char		why[sizeof s->readonly], mark[sizeof s->readonly];
	size_t		i;

	sb_error_clear(&err);
	if (store_org_contact_readonly(s->ed->db, s->org_id, s->contact_id,
	    why, mark, sizeof why, &err) != SB_OK) {
		util_format_text(why, sizeof why, "access not known (%s)",
		    err.message);
		snprintf(mark, sizeof mark, "%s", why);
	}
	if (mark[0] != '\0')
		form_field_set_readonly(form_field_find(s->form,
		    "link_primary"), mark);
	if (why[0] != '\0') {
		form_field_set_readonly(form_field_find(s->form, "link_role"),
		    why);
		return;
	}
	if (s->readonly[0] == '\0')
		return;
	for (i = 0; i < s->form->count; i++) {
		if (strncmp(s->form->fields[i].name, "link_", 5) != 0)
			form_field_set_readonly(&s->form->fields[i],
			    s->readonly);
	}
	s->readonly[0] = '\0';
}

void
edit_role_fields_add(struct edit_sheet *s, const struct store_link *link)
{
	struct edit_roles	*r;

	if (link == NULL || strcmp(link->contact_id, s->contact_id) != 0 ||
	    edit_role_index(link->role) < 0)
		return;
	r = edit_roles_get(s);
	snprintf(r->old_role, sizeof r->old_role, "%s", link->role);
	r->old_primary = link->primary;
	r->confirmed = r->role_saved = false;
	store_command_id_new(r->cmd);
	form_add_choice(s->form, "link_role", "Role here",
	    edit_role_names, link->role);
	form_add_bool(s->form, "link_primary", "Primary for role",
	    link->primary);
	s->kind = EDIT_KIND_ROLE;
	edit_role_access(s);
}

static const struct ui_confirm_frame edit_role_frame = {
	.place = edit_place_question,
	.title = " Primary "
};

/* The question before the mark moves: its answer comes to the form. */
static int
edit_role_ask(struct edit_sheet *s, const char *holder, const char *role)
{
	struct edit_roles	*r = s->roles;
	char			 q[600];

	snprintf(q, sizeof q, "%s is the primary %s contact. Move the mark "
	    "to %s %s? (y/n)", holder, role, r->first, r->last);
	if (s->ed->modes != NULL && ui_confirm_push_in(s->ed->modes,
	    s->ed->draw, s->ed->km, q, &edit_role_frame))
		s->mode = EDIT_CONFIRM_PRIMARY;
	return (EDIT_REDRAW);
}

/* The link fields were saved: they are the originals now. */
static void
edit_role_saved(struct edit_sheet *s, const char *role, bool primary)
{
	struct edit_roles	*r = s->roles;
	struct form_field	*f;

	snprintf(r->old_role, sizeof r->old_role, "%s", role);
	r->old_primary = primary;
	r->confirmed = false;
	store_command_id_new(r->cmd);
	f = form_field_find(s->form, "link_role");
	free(f->orig);
	f->orig = xstrdup(form_field_value(f));
	f = form_field_find(s->form, "link_primary");
	free(f->orig);
	f->orig = xstrdup(form_field_value(f));
}

/*
 * The link now has role and primary mark (the organization at version):
 * undo takes it back, and the link fields are the originals now.
 */
static void
edit_role_written(struct edit_sheet *s, const char *role, bool primary,
    long version)
{
	struct edit_roles	*r = s->roles;
	const char		*holder_id = "";
	char			 what[HISTORY_WHAT_MAX];

	if (primary && (!r->old_primary || strcmp(r->old_role, role) != 0))
		holder_id = r->holder_id;
	util_format_text(what, sizeof what, "role change of %s %s", r->first,
	    r->last);
	history_undo_set_role(history_log_push(&s->ed->undo), s->org_id,
	    s->contact_id, r->old_role, r->old_primary, role, version,
	    holder_id, what);
	edit_role_saved(s, role, primary);
	r->role_saved = true;
}

/* Whether the contact's own fields changed (the link's are not among them). */
static bool
edit_role_fields_changed(struct edit_sheet *s)
{
	struct store_changes	ch;
	bool			changed;

	store_changes_init(&ch);
	form_changes(s->form, &ch);
	changed = ch.count > 0;
	store_changes_clear(&ch);
	return (changed);
}

/* Write the role change alone. */
static int
edit_role_write(struct edit_sheet *s, const char *role, bool primary)
{
	struct edit_roles	*r = s->roles;
	struct store_result	 res;
	struct sb_error		 err;
	char			 old[33];

	sb_error_clear(&err);
	if (store_org_contact_change_role(s->ed->db, r->cmd, s->org_id,
	    s->contact_id, r->old_role, role, primary, 0, &res, &err) !=
	    SB_OK) {
		s->mode = EDIT_FORM;
		r->confirmed = false;
		util_format_text(s->form->message, sizeof s->form->message,
		    "Role not changed: %s", err.message);
		return (EDIT_REDRAW | EDIT_RELOAD);
	}
	snprintf(old, sizeof old, "%s", r->old_role);
	edit_role_written(s, role, primary, res.version);
	edit_say(s->ed, THEME_STATUS_OK, "Role here: %s%s, was %s "
	    "(u undoes)", role, primary ? ", primary" : "", old);
	edit_sheet_close(s);
	return (EDIT_REDRAW | EDIT_RELOAD);
}

/*
 * Save the link fields when they changed: asks first when the mark would
 * move from someone else. Returns EDIT_* flags when it is done with the
 * save (asked, failed, or only the link changed), 0 to go on with the
 * contact's own fields, with the link change pending when they save
 * both in one command (edit_role_save_with).
 */
int
edit_role_save(struct edit_sheet *s)
{
	struct edit_roles	*r = s->roles;
	struct sb_error		 err;
	const char		*role;
	bool			 primary;

	if (r == NULL || form_field_find(s->form, "link_role") == NULL)
		return (0);
	role = form_field_value(form_field_find(s->form, "link_role"));
	primary = form_field_find(s->form, "link_primary")->on;
	if (strcmp(role, r->old_role) == 0 && primary == r->old_primary)
		return (0);
	snprintf(r->first, sizeof r->first, "%s",
	    form_field_value(form_field_find(s->form, "first_name")));
	snprintf(r->last, sizeof r->last, "%s",
	    form_field_value(form_field_find(s->form, "last_name")));
	if (primary && !r->confirmed && (!r->old_primary ||
	    strcmp(role, r->old_role) != 0)) {
		if (edit_primary_holder(s->ed, s->org_id, role,
		    s->contact_id, r->holder, sizeof r->holder, r->holder_id,
		    &err) != SB_OK) {
			util_format_text(s->form->message, sizeof s->form->message,
			    "Role not changed: %s", err.message);
			return (EDIT_REDRAW | EDIT_RELOAD);
		}
		if (r->holder[0] != '\0')
			return (edit_role_ask(s, r->holder, role));
	}
	if (edit_role_fields_changed(s)) {
		r->pending = true;
		return (0);
	}
	return (edit_role_write(s, role, primary));
}

bool
edit_role_pending(struct edit_sheet *s)
{
	return (s->kind == EDIT_KIND_ROLE && s->roles != NULL &&
	    s->roles->pending);
}

enum sb_status
edit_role_save_with(struct edit_sheet *s, const struct store_changes *ch,
    struct store_result *res, struct store_conflict **k,
    struct sb_error *err)
{
	struct edit_roles	*r = s->roles;
	const char		*role;
	bool			 primary;
	enum sb_status		 st;

	role = form_field_value(form_field_find(s->form, "link_role"));
	primary = form_field_find(s->form, "link_primary")->on;
	r->pending = false;
	st = store_contact_update_in_role(s->ed->db,
	    form_command_id(s->form), s->contact_id, s->form->version, ch,
	    s->org_id, r->old_role, role, primary, res, k, err);
	if (st == SB_OK)
		edit_role_written(s, role, primary, res->version2);
	else
		r->confirmed = false;
	return (st);
}

int
edit_role_answer(struct edit_sheet *s, bool yes)
{
	s->mode = EDIT_FORM;
	if (!yes)
		return (EDIT_REDRAW);
	s->roles->confirmed = true;
	return (edit_save_form(s));
}

bool
edit_role_join_undo(struct edit_sheet *s, long version)
{
	struct history_undo	*u = history_log_top(&s->ed->undo);
	char			 what[HISTORY_WHAT_MAX];

	if (s->kind != EDIT_KIND_ROLE || s->roles == NULL ||
	    !s->roles->role_saved || u == NULL ||
	    u->kind != HISTORY_UNDO_ROLE ||
	    strcmp(u->contact_id, s->contact_id) != 0)
		return (false);
	util_format_text(what, sizeof what, "edit and role change of %s %s",
	    s->roles->first, s->roles->last);
	history_undo_add_update(u, s->form, version, what);
	return (true);
}
