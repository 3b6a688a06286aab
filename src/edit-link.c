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
	char			 what[HISTORY_WHAT_MAX];
	enum sb_status		 st;

	edit_drain(ed);
	sb_error_clear(&err);
	if (s->found_by_name)
		st = store_org_contact_link(ed->db, form_command_id(s->form),
		    s->org_id, s->found_id, role, NULL, NULL, &res, &err);
	else
		st = store_contact_add_existing(ed->db,
		    form_command_id(s->form), s->org_id, role,
		    edit_link_value(s, "email"), edit_link_value(s, "phone"),
		    &res, &err);
	if (st != SB_OK) {
		s->mode = EDIT_FORM;
		edit_save_failed(s, &err);
		return (EDIT_REDRAW | EDIT_RELOAD);
	}
	util_format_text(what, sizeof what, "link of %s", s->found);
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
		util_format_text(s->form->message, sizeof s->form->message,
		    "Give the contact's exact email address or phone number");
		return (EDIT_REDRAW);
	}
	if ((n = edit_link_find(s)) < 0)
		return (EDIT_REDRAW | EDIT_RELOAD);
	if (n == 0) {
		util_format_text(s->form->message, sizeof s->form->message,
		    "No contact has exactly that email address or phone "
		    "number (a part of one finds nothing)");
		return (EDIT_REDRAW | EDIT_RELOAD);
	}
	if (n > 1) {
		util_format_text(s->form->message, sizeof s->form->message,
		    "%d contacts match; give both the email and the phone", n);
		return (EDIT_REDRAW | EDIT_RELOAD);
	}
	return (edit_link_add(s));
}

/*
 * Contacts the person sees with a name close to the form's: the closest
 * into found; how many there are, or -1 on a failure (shown).
 */
static int
edit_link_close(struct edit_sheet *s)
{
	struct store_grid	 g;
	struct sb_error		 err;
	const char		*first = edit_link_value(s, "first_name");
	const char		*last = edit_link_value(s, "last_name");
	int			 n;

	edit_drain(s->ed);
	sb_error_clear(&err);
	if (store_contact_close_names(s->ed->db, &first, &last, 1, s->org_id,
	    NULL, 5, &g, &err) != SB_OK) {
		edit_save_failed(s, &err);
		return (-1);
	}
	if ((n = (int)g.rows) > 0) {
		snprintf(s->found_id, sizeof s->found_id, "%s",
		    store_grid_cell(&g, 0, 1));
		snprintf(s->found, sizeof s->found, "%s%s%s%s",
		    store_grid_cell(&g, 0, 2), *store_grid_cell(&g, 0, 3) !=
		    '\0' ? " (" : "", store_grid_cell(&g, 0, 3),
		    *store_grid_cell(&g, 0, 3) != '\0' ? ")" : "");
	}
	store_grid_free(&g);
	return (n);
}

/*
 * Before creating a contact: when its email or phone belongs to one that
 * exists, or else its name is close to that of one the person sees, ask
 * whether to link that one instead. True if asked (or the lookup failed,
 * shown on the form); false to go on creating.
 */
bool
edit_offer_existing(struct edit_sheet *s)
{
	char	q[600];
	int	n = 0;

	if (s->found_id[0] == '-')
		return (false);
	s->found_by_name = false;
	if (*edit_link_value(s, "email") != '\0' ||
	    *edit_link_value(s, "phone") != '\0')
		n = edit_link_find(s);
	if (n > 0)
		snprintf(q, sizeof q, "%s already has this email or phone. "
		    "Link that contact instead? (y link, n create a new one, "
		    "Esc back)", s->found);
	else if (n == 0 && (n = edit_link_close(s)) > 0) {
		s->found_by_name = true;
		snprintf(q, sizeof q, "%s has a name close to this one%s. "
		    "Link that contact instead? (y link, n create a new one, "
		    "Esc back)", s->found, n > 1 ? " (so have others: L links "
		    "any)" : "");
	}
	if (n > 0)
		edit_sheet_ask(s, EDIT_CONFIRM_EXISTING, q);
	return (n != 0);
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
