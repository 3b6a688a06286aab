/* The items overlay's forms and the one command behind each action. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "switchboard/edit.h"
#include "edit-int.h"
#include "edit-items.h"
#include "switchboard/form.h"
#include "switchboard/keymap.h"
#include "switchboard/store-command.h"
#include "switchboard/store-items.h"
#include "switchboard/util.h"
#include "switchboard/validate.h"

static const char *const edit_items_names[] = { "phone", "email",
	"address" };

static void
edit_items_form_phone(struct edit_items *ei, struct form *f,
    const struct store_owner_item *it)
{
	char	**types = ei->types[STORE_ITEM_PHONE];

	form_add_text(f, "number", "Number", FORM_RULE_PHONE,
	    VALIDATE_PHONE_TEXT_MAX, it != NULL ?
	    it->fields[STORE_ITEM_NUMBER] : NULL);
	form_add_text(f, "extension", "Extension", FORM_RULE_EXTENSION,
	    VALIDATE_EXTENSION_MAX, it != NULL ?
	    it->fields[STORE_ITEM_EXTENSION] : NULL);
	form_add_choice(f, "type", "Type", (const char *const *)types,
	    it != NULL ? it->type : ei->org ? "office" : "mobile");
	form_add_bool(f, "sms_capable", "Takes SMS", it != NULL &&
	    strcmp(it->fields[STORE_ITEM_SMS], "true") == 0);
	if (it == NULL && !ei->org)
		form_add_bool(f, "primary", "Primary", false);
}

static void
edit_items_form_email(struct edit_items *ei, struct form *f,
    const struct store_owner_item *it)
{
	form_add_text(f, "address", "Email", FORM_RULE_EMAIL,
	    VALIDATE_EMAIL_MAX, it != NULL ? it->fields[STORE_ITEM_ADDR] :
	    NULL);
	form_add_choice(f, "type", "Type", (const char *const *)
	    ei->types[STORE_ITEM_EMAIL], it != NULL ? it->type :
	    "work");
	if (it == NULL)
		form_add_bool(f, "primary", "Primary", false);
}

static void
edit_items_form_address(struct edit_items *ei, struct form *f,
    const struct store_owner_item *it)
{
	static const struct {
		const char	*name, *label;
		size_t		 max;
		int		 field;
	} t[] = {
		{ "label", "Label", 100, STORE_ITEM_LABEL },
		{ "street1", "Street", 200, STORE_ITEM_STREET1 },
		{ "street2", "Street (2)", 200, STORE_ITEM_STREET2 },
		{ "city", "City", 100, STORE_ITEM_CITY },
		{ "region", "Region", 100, STORE_ITEM_REGION },
		{ "postal_code", "Postal code", 20, STORE_ITEM_POSTAL },
	};
	size_t	i;

	form_add_choice(f, "type", "Type", (const char *const *)
	    ei->types[STORE_ITEM_ADDRESS], it != NULL ? it->type :
	    "physical");
	for (i = 0; i < sizeof t / sizeof t[0]; i++)
		form_add_text(f, t[i].name, t[i].label, FORM_RULE_TEXT,
		    t[i].max, it != NULL ? it->fields[t[i].field] : NULL);
	form_add_text(f, "country", "Country", FORM_RULE_COUNTRY, 2,
	    it != NULL ? it->fields[STORE_ITEM_COUNTRY] : ei->ed->country);
}

struct form *
edit_items_form_new(struct edit_items *ei, int kind,
    const struct store_owner_item *it, char *title, size_t size)
{
	struct form	*f = form_create(ei->ed->draw->safe_flags);

	f->default_country = ei->ed->country;
	if (kind == STORE_ITEM_PHONE)
		edit_items_form_phone(ei, f, it);
	else if (kind == STORE_ITEM_EMAIL)
		edit_items_form_email(ei, f, it);
	else
		edit_items_form_address(ei, f, it);
	f->version = it != NULL ? it->version : 0;
	snprintf(ei->item_id, sizeof ei->item_id, "%s", it != NULL ? it->id :
	    "");
	snprintf(title, size, "%s %s: %s", it == NULL ? "New" :
	    ei->readonly[0] != '\0' ? "View" : "Edit", edit_items_names[kind],
	    ei->list.owner_name);
	return (f);
}

/* The number with the extension the form gives apart: "555 0100 x12". */
static char *
edit_items_number(struct edit_sheet *s)
{
	const char	*ext = edit_items_value(s, "extension");

	return (xasprintf("%s%s%s", edit_items_value(s, "number"),
	    *ext != '\0' ? " x" : "", ext));
}

static enum sb_status
edit_items_save_phone(struct edit_sheet *s, struct store_result *res,
    struct store_conflict **k, struct sb_error *err)
{
	struct edit_items	*ei = s->items;
	const char		*cmd = form_command_id(s->form);
	const char		*type = edit_items_value(s, "type");
	bool			 sms, primary;
	char			*number = edit_items_number(s);
	enum sb_status		 st;

	sms = strcmp(edit_items_value(s, "sms_capable"), "true") == 0;
	primary = strcmp(edit_items_value(s, "primary"), "true") == 0;
	if (ei->item_id[0] != '\0')
		st = store_phone_change(ei->ed->db, cmd, ei->item_id,
		    s->form->version, edit_items_changed(s, "number") ||
		    edit_items_changed(s, "extension") ? number : NULL,
		    edit_items_changed(s, "type") ? type : NULL, sms,
		    ei->ed->country, res, k, err);
	else if (ei->org)
		st = store_org_phone_add(ei->ed->db, cmd, ei->owner_id,
		    number, type, ei->ed->country, sms, res, err);
	else
		st = store_phone_add(ei->ed->db, cmd, ei->owner_id, number,
		    type, ei->ed->country, sms, primary, res, err);
	free(number);
	return (st);
}

/* The value field name had when the form was opened (or resolved). */
static const char *
edit_items_orig(struct edit_sheet *s, const char *name)
{
	struct form_field	*f = form_field_find(s->form, name);

	return (f != NULL ? f->orig : NULL);
}

/*
 * A new email, or a change made against the address and type the form
 * was opened with: someone else's change since then is a conflict.
 */
static enum sb_status
edit_items_save_email(struct edit_sheet *s, struct store_result *res,
    struct store_conflict **k, struct sb_error *err)
{
	struct edit_items	*ei = s->items;
	struct store_email_seen	 seen;
	const char		*cmd = form_command_id(s->form);

	if (ei->item_id[0] == '\0')
		return (store_email_add(ei->ed->db, cmd, ei->owner_id,
		    edit_items_value(s, "address"), edit_items_value(s,
		    "type"), strcmp(edit_items_value(s, "primary"),
		    "true") == 0, res, err));
	memset(&seen, 0, sizeof seen);
	seen.address = edit_items_orig(s, "address");
	seen.type = edit_items_orig(s, "type");
	return (store_email_update(ei->ed->db, cmd, ei->owner_id,
	    ei->item_id, &seen, edit_items_changed(s, "address") ?
	    edit_items_value(s, "address") : NULL, edit_items_changed(s,
	    "type") ? edit_items_value(s, "type") : NULL, res, k, err));
}

/* "" as NULL: an empty address line is no line. */
static const char *
edit_items_opt(struct edit_sheet *s, const char *name)
{
	const char	*v = edit_items_value(s, name);

	return (*v != '\0' ? v : NULL);
}

static enum sb_status
edit_items_save_address(struct edit_sheet *s, struct store_result *res,
    struct store_conflict **k, struct sb_error *err, bool *none)
{
	struct edit_items		*ei = s->items;
	struct store_address_input	 in;
	struct store_changes		 ch;
	enum sb_status			 st;

	if (ei->item_id[0] == '\0') {
		memset(&in, 0, sizeof in);
		in.type = edit_items_value(s, "type");
		in.country = edit_items_value(s, "country");
		in.label = edit_items_opt(s, "label");
		in.street1 = edit_items_opt(s, "street1");
		in.street2 = edit_items_opt(s, "street2");
		in.city = edit_items_opt(s, "city");
		in.region = edit_items_opt(s, "region");
		in.postal_code = edit_items_opt(s, "postal_code");
		return (store_address_add(ei->ed->db,
		    form_command_id(s->form), ei->org, ei->owner_id, &in, res,
		    err));
	}
	store_changes_init(&ch);
	form_changes(s->form, &ch);
	*none = ch.count == 0;
	st = SB_OK;
	if (!*none)
		st = store_address_update(ei->ed->db,
		    form_command_id(s->form), ei->item_id, s->form->version,
		    &ch, res, k, err);
	store_changes_clear(&ch);
	return (st);
}

enum sb_status
edit_items_run_save(struct edit_sheet *s, struct store_result *res,
    struct store_conflict **k, struct sb_error *err, bool *none)
{
	struct edit_items	*ei = s->items;

	*none = ei->item_id[0] != '\0' && !form_changed(s->form);
	if (*none)
		return (SB_OK);
	switch (s->kind) {
	case EDIT_KIND_ITEM_PHONE:
		return (edit_items_save_phone(s, res, k, err));
	case EDIT_KIND_ITEM_EMAIL:
		return (edit_items_save_email(s, res, k, err));
	default:
		return (edit_items_save_address(s, res, k, err, none));
	}
}

int
edit_items_remove(struct edit_items *ei)
{
	struct store_owner_item	*it = edit_items_selected(ei);
	struct store_owner_item	 before;
	struct store_result	 res;
	struct sb_error		 err;
	enum sb_status		 st;
	char			 text[300];

	if (it == NULL)
		return (EDIT_REDRAW);
	edit_items_text(it, text, sizeof text);
	edit_drain(ei->ed);
	sb_error_clear(&err);
	st = store_items_remove(ei->ed->db, edit_items_cmd(ei, "remove",
	    it->id), ei->org, ei->owner_id, it, &res, &err);
	if (st == SB_CONFLICT || st == SB_NOT_FOUND) {
		/* Refused, nothing applied: show it as it is now. */
		edit_items_cmd_done(ei);
		edit_items_back(ei, true, NULL);
		edit_items_msg(ei, THEME_STATUS_ERROR, "Not removed: %s",
		    err.message);
		return (EDIT_REDRAW | EDIT_RELOAD);
	}
	if (st != SB_OK) {
		edit_items_msg(ei, THEME_STATUS_ERROR, "Not removed: %s%s",
		    err.message, err.status == SB_UNAVAILABLE ? " (press d "
		    "again when the server is back)" : "");
		return (EDIT_REDRAW | EDIT_RELOAD);
	}
	edit_items_cmd_done(ei);
	history_item_copy(&before, it);
	edit_items_back(ei, true, NULL);
	edit_items_undo_record(ei, HISTORY_ITEM_REMOVE, &before, NULL, NULL);
	history_item_free(&before);
	edit_items_msg(ei, THEME_STATUS_OK, "Removed %s%s", text,
	    edit_items_undo_hint(ei));
	return (EDIT_REDRAW | EDIT_RELOAD);
}

void
edit_items_holder(struct edit_items *ei, enum store_item_kind kind,
    const char *except_id, char *out, size_t size)
{
	struct store_items	*l = &ei->list;
	size_t			 i;

	out[0] = '\0';
	for (i = 0; i < l->count; i++) {
		if (l->rows[i].kind == kind && l->rows[i].primary &&
		    strcmp(l->rows[i].id, except_id) != 0)
			snprintf(out, size, "%s", l->rows[i].id);
	}
}

int
edit_items_primary(struct edit_items *ei, const struct store_owner_item *it)
{
	struct store_result	 res;
	struct sb_error		 err;
	const char		*cmd;
	char			 text[300], id[STORE_UUID_LEN + 1];
	char			 had[STORE_UUID_LEN + 1];
	enum store_item_kind	 kind;
	enum sb_status		 st;

	if (it->kind == STORE_ITEM_ADDRESS || ei->org) {
		edit_items_msg(ei, THEME_STATUS_WARNING, "Only a contact's "
		    "phones and emails have a primary mark");
		return (EDIT_REDRAW);
	}
	if (it->primary) {
		edit_items_msg(ei, THEME_STATUS_WARNING, "Already the primary "
		    "%s", edit_items_names[it->kind]);
		return (EDIT_REDRAW);
	}
	edit_items_text(it, text, sizeof text);
	edit_items_holder(ei, it->kind, it->id, had, sizeof had);
	snprintf(id, sizeof id, "%s", it->id);
	kind = it->kind;
	cmd = edit_items_cmd(ei, "primary", it->id);
	edit_drain(ei->ed);
	sb_error_clear(&err);
	if (it->kind == STORE_ITEM_PHONE)
		st = store_phone_set_primary(ei->ed->db, cmd, ei->owner_id,
		    it->id, &res, &err);
	else
		st = store_email_change(ei->ed->db, cmd, ei->owner_id, it->id,
		    NULL, NULL, true, &res, &err);
	if (st != SB_OK) {
		edit_items_msg(ei, THEME_STATUS_ERROR, "Not marked primary: "
		    "%s", err.message);
		return (EDIT_REDRAW | EDIT_RELOAD);
	}
	edit_items_cmd_done(ei);
	edit_items_back(ei, true, id);
	edit_items_undo_record(ei, HISTORY_ITEM_PRIMARY, NULL, id, had);
	edit_items_msg(ei, THEME_STATUS_OK, "%s is now the primary %s%s",
	    text, edit_items_names[kind], edit_items_undo_hint(ei));
	return (EDIT_REDRAW | EDIT_RELOAD);
}

/* Link (or unlink) phone and address: one command; reloads. */
static int
edit_items_link_set(struct edit_items *ei, const char *phone_id,
    const char *address_id, bool linked)
{
	struct store_owner_item	*a;
	struct store_result	 res;
	struct sb_error		 err;
	char			 text[300] = "the address";
	char			 phone[STORE_UUID_LEN + 1];
	char			 address[STORE_UUID_LEN + 1];

	/* The ids point into the list, which the reload frees. */
	snprintf(phone, sizeof phone, "%s", phone_id);
	snprintf(address, sizeof address, "%s", address_id);
	phone_id = phone;
	address_id = address;
	if ((a = store_items_find(&ei->list, address_id)) != NULL)
		edit_items_address_text(a, text, sizeof text);
	edit_drain(ei->ed);
	sb_error_clear(&err);
	if (store_link_set(ei->ed->db, edit_items_cmd(ei, linked ? "link" :
	    "unlink", phone_id), STORE_LINK_PHONE_ADDRESS, phone_id,
	    address_id, linked, &res, &err) != SB_OK) {
		ei->asked = EDIT_ITEMS_LIST;
		edit_items_msg(ei, THEME_STATUS_ERROR, "Not %s: %s", linked ?
		    "linked" : "unlinked", err.message);
		return (EDIT_REDRAW | EDIT_RELOAD);
	}
	edit_items_cmd_done(ei);
	edit_items_back(ei, true, phone_id);
	edit_items_undo_record(ei, linked ? HISTORY_ITEM_LINK :
	    HISTORY_ITEM_UNLINK, NULL, phone_id, address_id);
	edit_items_msg(ei, THEME_STATUS_OK, "%s %s%s", linked ?
	    "Linked to" : "Unlinked from", text, edit_items_undo_hint(ei));
	return (EDIT_REDRAW | EDIT_RELOAD);
}

int
edit_items_link(struct edit_items *ei, const struct store_owner_item *it)
{
	size_t	n;

	if (it->kind != STORE_ITEM_PHONE) {
		edit_items_msg(ei, THEME_STATUS_WARNING, "Select a phone to "
		    "link it to an address (a fax line at an office)");
		return (EDIT_REDRAW);
	}
	if (it->nlinks > 0)
		return (edit_items_link_set(ei, it->id, it->links[0], false));
	if ((n = edit_items_addresses(ei)) == 0) {
		edit_items_msg(ei, THEME_STATUS_WARNING, "No address to link "
		    "to: add one first (a, then a)");
		return (EDIT_REDRAW);
	}
	return (edit_items_pick_open(ei, n));
}

int
edit_items_pick_answer(struct edit_items *ei, int answer)
{
	struct store_owner_item	*it = edit_items_selected(ei);

	ei->asked = EDIT_ITEMS_LIST;
	if (answer <= 0 || it == NULL || (size_t)answer > ei->list.count)
		return (EDIT_REDRAW);
	return (edit_items_link_set(ei, it->id, ei->list.rows[answer - 1].id,
	    true));
}
