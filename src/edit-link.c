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
#include "switchboard/mode.h"
#include "switchboard/store-command.h"
#include "switchboard/store-existing.h"
#include "switchboard/util.h"

static const char *const edit_link_roles[] = {
	"billing", "technical", "emergency", "stakeholder", "admin", NULL
};

static const char *
edit_link_value(struct edit *ed, const char *name)
{
	struct form_field	*f = form_field_find(ed->form, name);

	return (f != NULL ? form_field_value(f) : "");
}

/* The add-existing form: found by name as one types, or email/phone. */
static const struct edit_form_ops edit_link_ops = {
	.save = edit_save_existing,
	.key = edit_find_key,
	.changed = edit_find_changed
};

/*
 * The add-existing form's mode, pushed over the panes: its keys,
 * pastes and the answer of its discard question. The form, the
 * contacts found by name (ed->roles) and the contact found by email or
 * phone stay the overlay's: the new contact form offers that one too.
 */
struct edit_existing {
	struct edit	*ed;
};

static int
edit_existing_flags(struct edit_existing *x, int r)
{
	r |= MODE_REDRAW;
	return (edit_active(x->ed) ? r : r | MODE_CLOSE);
}

static unsigned int
edit_existing_context(void *state)
{
	struct edit_existing	*x = state;

	return (edit_context(x->ed));
}

static void
edit_existing_draw(void *state, int rows, int cols)
{
	struct edit_existing	*x = state;

	if (edit_active(x->ed))
		edit_draw(x->ed, rows, cols);
}

static int
edit_existing_key(void *state, int wch, bool code)
{
	struct edit_existing	*x = state;
	struct edit		*ed = x->ed;

	if (!edit_active(ed) || ed->form == NULL)
		return (MODE_REDRAW | MODE_CLOSE);
	if (keymap_lookup(ed->km, edit_context(ed), wch) == KEYMAP_MODE_HELP)
		return (MODE_REDRAW | MODE_HELP);
	return (edit_existing_flags(x, edit_form_key(ed, wch, code)));
}

static int
edit_existing_paste(void *state, const char *text, const char *note)
{
	struct edit_existing	*x = state;

	return (edit_existing_flags(x, edit_paste(x->ed, text, note)));
}

/* The discard question's answer: yes drops the form. */
static int
edit_existing_result(void *state, int result)
{
	struct edit_existing	*x = state;
	struct edit		*ed = x->ed;

	if (ed->mode == EDIT_CONFIRM_DISCARD) {
		ed->mode = EDIT_FORM;
		if (result == EDIT_ANSWER_YES)
			edit_close(ed);
	}
	return (edit_existing_flags(x, 0));
}

static void
edit_existing_close(void *state)
{
	struct edit_existing	*x = state;

	if (edit_active(x->ed))
		edit_close(x->ed);
	free(x);
}

static const struct mode_ops edit_existing_ops = {
	.name = "editing",
	.context = edit_existing_context,
	.draw = edit_existing_draw,
	.key = edit_existing_key,
	.paste = edit_existing_paste,
	.result = edit_existing_result,
	.close = edit_existing_close
};

bool
edit_link_stale(const struct edit *ed, const struct mode *m)
{
	return (m->ops == &edit_existing_ops && !edit_active(ed));
}

int
edit_open_existing(struct edit *ed, const char *org_id)
{
	struct edit_existing	*x;
	struct form		*f;

	if (*org_id == '\0') {
		edit_say(ed, THEME_STATUS_WARNING,
		    "Choose an organization first");
		return (EDIT_REDRAW);
	}
	edit_close(ed);
	ed->kind = EDIT_KIND_EXISTING;
	ed->readonly[0] = ed->contact_id[0] = '\0';
	snprintf(ed->org_id, sizeof ed->org_id, "%s", org_id);
	snprintf(ed->title, sizeof ed->title, "Add existing contact (a name "
	    "you can see, or exact email or phone)");
	f = form_create(ed->draw->safe_flags);
	form_add_text(f, "name", "Name", FORM_RULE_NONE, 100, NULL);
	form_add_text(f, "email", "Email", FORM_RULE_NONE, 254, NULL);
	form_add_text(f, "phone", "Phone", FORM_RULE_NONE, 40, NULL);
	form_add_choice(f, "role", "Role here", edit_link_roles, "billing");
	edit_find_reset(ed);
	ed->form = f;
	ed->form_ops = &edit_link_ops;
	ed->mode = EDIT_FORM;
	/* Without room on a stack the form does not open. */
	x = xcalloc(1, sizeof *x);
	x->ed = ed;
	if (ed->modes == NULL ||
	    !mode_stack_push(ed->modes, &edit_existing_ops, x)) {
		free(x);
		edit_close(ed);
	}
	return (EDIT_REDRAW);
}

/* "Ann Lee (owned by Acme)" of one contact found. */
static void
edit_link_found(struct edit *ed, const struct store_existing *e)
{
	snprintf(ed->found_id, sizeof ed->found_id, "%s", e->contact_id);
	snprintf(ed->found, sizeof ed->found, "%s%s%s%s%s%s", e->first_name,
	    *e->first_name != '\0' ? " " : "", e->last_name,
	    *e->owner_name != '\0' ? " (owned by " : "", e->owner_name,
	    *e->owner_name != '\0' ? ")" : "");
}

/* Find by the form's email and phone; -1 on a failure (shown). */
static int
edit_link_find(struct edit *ed)
{
	struct store_existing_list	l;
	struct sb_error			err;
	int				n;

	edit_drain(ed);
	sb_error_clear(&err);
	if (store_contact_find_existing(ed->db, edit_link_value(ed, "email"),
	    edit_link_value(ed, "phone"), ed->org_id, &l, &err) != SB_OK) {
		edit_save_failed(ed, &err);
		return (-1);
	}
	if (l.count > 0)
		edit_link_found(ed, &l.rows[0]);
	n = (int)l.count;
	store_existing_list_clear(&l);
	return (n);
}

/* Link the contact found as the form's role; closes on success. */
static int
edit_link_add(struct edit *ed)
{
	struct store_result	 res;
	struct sb_error		 err;
	const char		*role = edit_link_value(ed, "role");
	char			 what[400];

	edit_drain(ed);
	sb_error_clear(&err);
	if (store_contact_add_existing(ed->db, form_command_id(ed->form),
	    ed->org_id, role, edit_link_value(ed, "email"),
	    edit_link_value(ed, "phone"), &res, &err) != SB_OK) {
		ed->mode = EDIT_FORM;
		edit_save_failed(ed, &err);
		return (EDIT_REDRAW | EDIT_RELOAD);
	}
	snprintf(what, sizeof what, "link of %s", ed->found);
	history_undo_set_link(&ed->undo, true, ed->org_id, res.id, role,
	    false, NULL, NULL, what);
	edit_say(ed, THEME_STATUS_OK, "Linked %s as %s (u undoes)",
	    ed->found, role);
	edit_close(ed);
	return (EDIT_REDRAW | EDIT_RELOAD);
}

int
edit_save_existing(struct edit *ed)
{
	int	n;

	if (edit_find_wanted(ed))
		return (edit_find_link(ed));
	if (*edit_link_value(ed, "email") == '\0' &&
	    *edit_link_value(ed, "phone") == '\0') {
		snprintf(ed->form->message, sizeof ed->form->message,
		    "Give the contact's exact email address or phone number");
		return (EDIT_REDRAW);
	}
	if ((n = edit_link_find(ed)) < 0)
		return (EDIT_REDRAW | EDIT_RELOAD);
	if (n == 0) {
		snprintf(ed->form->message, sizeof ed->form->message,
		    "No contact has exactly that email address or phone "
		    "number (a part of one finds nothing)");
		return (EDIT_REDRAW | EDIT_RELOAD);
	}
	if (n > 1) {
		snprintf(ed->form->message, sizeof ed->form->message,
		    "%d contacts match; give both the email and the phone", n);
		return (EDIT_REDRAW | EDIT_RELOAD);
	}
	return (edit_link_add(ed));
}

/*
 * Before creating a contact: when its email or phone belongs to one that
 * exists, ask whether to link that one instead. True if asked (or the
 * lookup failed, shown on the form); false to go on creating.
 */
bool
edit_offer_existing(struct edit *ed)
{
	char	q[400];
	int	n;

	if (ed->found_id[0] == '-' || (*edit_link_value(ed, "email") ==
	    '\0' && *edit_link_value(ed, "phone") == '\0'))
		return (false);
	if ((n = edit_link_find(ed)) == 0)
		return (false);
	if (n > 0) {
		snprintf(q, sizeof q, "%s already has this email or phone. "
		    "Link that contact instead? (y link, n create a new one, "
		    "Esc back)", ed->found);
		edit_ask(ed, EDIT_CONFIRM_EXISTING, q);
	}
	return (true);
}

int
edit_confirm_existing_answer(struct edit *ed, int answer)
{
	if (answer == EDIT_ANSWER_YES)
		return (edit_link_add(ed));
	if (answer == EDIT_ANSWER_NO) {
		/* Create it all the same; do not ask again. */
		snprintf(ed->found_id, sizeof ed->found_id, "-");
		ed->mode = EDIT_FORM;
		return (edit_save_form(ed));
	}
	ed->mode = EDIT_FORM;
	return (EDIT_REDRAW);
}
