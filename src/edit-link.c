/* The overlay's linking: existing contacts and duplicates. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "switchboard/edit.h"
#include "edit-int.h"
#include "edit-role-int.h"
#include "switchboard/form.h"
#include "switchboard/history.h"
#include "switchboard/keymap.h"
#include "switchboard/store-command.h"
#include "switchboard/store-existing.h"
#include "switchboard/util.h"

static const char *const edit_link_roles[] = {
	"billing", "technical", "emergency", "stakeholder", "admin", NULL
};

static const char *
edit_link_value(struct edit_sheet *s, const char *name)
{
	struct form_field	*f = form_field_find(s->form, name);

	return (f != NULL ? form_field_value(f) : "");
}

static int	edit_save_existing(struct edit_sheet *);

/*
 * The add-existing form: found by name as one types (edit-find.c), or by
 * exact email or phone.
 */
static const struct edit_form_ops edit_link_ops = {
	.save = edit_save_existing,
	.key = edit_find_key,
	.changed = edit_find_changed,
	.context = edit_find_context
};

int
edit_open_existing(struct edit *ed, const char *org_id)
{
	struct edit_sheet	*s;
	struct form		*f;

	if (*org_id == '\0') {
		edit_say(ed, THEME_STATUS_WARNING,
		    "Choose an organization first");
		return (EDIT_REDRAW);
	}
	f = form_create(ed->draw->safe_flags);
	form_add_text(f, "name", "Name", FORM_RULE_NONE, 100, NULL);
	form_add_text(f, "email", "Email", FORM_RULE_NONE, 254, NULL);
	form_add_text(f, "phone", "Phone", FORM_RULE_NONE, 40, NULL);
	form_add_choice(f, "role", "Role here", edit_link_roles, "billing");
	s = edit_sheet_push(ed, f, &edit_link_ops, EDIT_KIND_EXISTING,
	    "Add existing contact (a name you can see, or exact email or "
	    "phone)");
	if (s != NULL) {
		snprintf(s->org_id, sizeof s->org_id, "%s", org_id);
		edit_find_reset(s);
	}
	return (EDIT_REDRAW);
}

/* "Ann Lee (owned by Acme)" of one contact found. */
static void
edit_link_found(struct edit_sheet *s, const struct store_existing *e)
{
	snprintf(s->found_id, sizeof s->found_id, "%s", e->contact_id);
	snprintf(s->found, sizeof s->found, "%s%s%s%s%s%s", e->first_name,
	    *e->first_name != '\0' ? " " : "", e->last_name,
	    *e->owner_name != '\0' ? " (owned by " : "", e->owner_name,
	    *e->owner_name != '\0' ? ")" : "");
}

/* Find by the form's email and phone; -1 on a failure (shown). */
static int
edit_link_find(struct edit_sheet *s)
{
	struct edit			*ed = s->ed;
	struct store_existing_list	l;
	struct sb_error			err;
	int				n;

	edit_drain(ed);
	sb_error_clear(&err);
	if (store_contact_find_existing(ed->db, edit_link_value(s, "email"),
	    edit_link_value(s, "phone"), s->org_id, &l, &err) != SB_OK) {
		edit_save_failed(s, &err);
		return (-1);
	}
	if (l.count > 0)
		edit_link_found(s, &l.rows[0]);
	n = (int)l.count;
	store_existing_list_clear(&l);
	return (n);
}

/* Link the contact found as the form's role; closes on success. */
static int
edit_link_add(struct edit_sheet *s)
{
	struct edit		*ed = s->ed;
	struct store_result	 res;
	struct sb_error		 err;
	const char		*role = edit_link_value(s, "role");
	char			 what[400];

	edit_drain(ed);
	sb_error_clear(&err);
	if (store_contact_add_existing(ed->db, form_command_id(s->form),
	    s->org_id, role, edit_link_value(s, "email"),
	    edit_link_value(s, "phone"), &res, &err) != SB_OK) {
		s->mode = EDIT_FORM;
		edit_save_failed(s, &err);
		return (EDIT_REDRAW | EDIT_RELOAD);
	}
	snprintf(what, sizeof what, "link of %s", s->found);
	history_undo_set_link(history_log_push(&ed->undo), true, s->org_id,
	    res.id, role, false, NULL, NULL, what);
	edit_say(ed, THEME_STATUS_OK, "Linked %s as %s (u undoes)",
	    s->found, role);
	edit_sheet_close(s);
	return (EDIT_REDRAW | EDIT_RELOAD);
}

static int
edit_save_existing(struct edit_sheet *s)
{
	int	n;

	if (edit_find_wanted(s))
		return (edit_find_link(s));
	if (*edit_link_value(s, "email") == '\0' &&
	    *edit_link_value(s, "phone") == '\0') {
		snprintf(s->form->message, sizeof s->form->message,
		    "Give the contact's exact email address or phone number");
		return (EDIT_REDRAW);
	}
	if ((n = edit_link_find(s)) < 0)
		return (EDIT_REDRAW | EDIT_RELOAD);
	if (n == 0) {
		snprintf(s->form->message, sizeof s->form->message,
		    "No contact has exactly that email address or phone "
		    "number (a part of one finds nothing)");
		return (EDIT_REDRAW | EDIT_RELOAD);
	}
	if (n > 1) {
		snprintf(s->form->message, sizeof s->form->message,
		    "%d contacts match; give both the email and the phone", n);
		return (EDIT_REDRAW | EDIT_RELOAD);
	}
	return (edit_link_add(s));
}

/*
 * Before creating a contact: when its email or phone belongs to one that
 * exists, ask whether to link that one instead. True if asked (or the
 * lookup failed, shown on the form); false to go on creating.
 */
bool
edit_offer_existing(struct edit_sheet *s)
{
	char	q[400];
	int	n;

	if (s->found_id[0] == '-' || (*edit_link_value(s, "email") ==
	    '\0' && *edit_link_value(s, "phone") == '\0'))
		return (false);
	if ((n = edit_link_find(s)) == 0)
		return (false);
	if (n > 0) {
		snprintf(q, sizeof q, "%s already has this email or phone. "
		    "Link that contact instead? (y link, n create a new one, "
		    "Esc back)", s->found);
		edit_sheet_ask(s, EDIT_CONFIRM_EXISTING, q);
	}
	return (true);
}

int
edit_confirm_existing_answer(struct edit_sheet *s, int answer)
{
	s->mode = EDIT_FORM;
	if (answer == EDIT_ANSWER_YES)
		return (edit_link_add(s));
	if (answer == EDIT_ANSWER_NO) {
		/* Create it all the same; do not ask again. */
		snprintf(s->found_id, sizeof s->found_id, "-");
		return (edit_save_form(s));
	}
	return (EDIT_REDRAW);
}
