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
edit_items_form_phone(struct edit *ed, struct form *f,
    const struct store_owner_item *it)
{
	char	**types = ed->items->types[STORE_ITEM_PHONE];

	form_add_text(f, "number", "Number", FORM_RULE_PHONE,
	    VALIDATE_PHONE_TEXT_MAX, it != NULL ?
	    it->fields[STORE_ITEM_NUMBER] : NULL);
	form_add_text(f, "extension", "Extension", FORM_RULE_EXTENSION,
	    VALIDATE_EXTENSION_MAX, it != NULL ?
	    it->fields[STORE_ITEM_EXTENSION] : NULL);
	form_add_choice(f, "type", "Type", (const char *const *)types,
	    it != NULL ? it->type : ed->items->org ? "office" : "mobile");
	form_add_bool(f, "sms_capable", "Takes SMS", it != NULL &&
	    strcmp(it->fields[STORE_ITEM_SMS], "true") == 0);
	if (it == NULL && !ed->items->org)
		form_add_bool(f, "primary", "Primary", false);
}

static void
edit_items_form_email(struct edit *ed, struct form *f,
    const struct store_owner_item *it)
{
	form_add_text(f, "address", "Email", FORM_RULE_EMAIL,
	    VALIDATE_EMAIL_MAX, it != NULL ? it->fields[STORE_ITEM_ADDR] :
	    NULL);
	form_add_choice(f, "type", "Type", (const char *const *)
	    ed->items->types[STORE_ITEM_EMAIL], it != NULL ? it->type :
	    "work");
	if (it == NULL)
		form_add_bool(f, "primary", "Primary", false);
}

static void
edit_items_form_address(struct edit *ed, struct form *f,
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
	    ed->items->types[STORE_ITEM_ADDRESS], it != NULL ? it->type :
	    "physical");
	for (i = 0; i < sizeof t / sizeof t[0]; i++)
		form_add_text(f, t[i].name, t[i].label, FORM_RULE_TEXT,
		    t[i].max, it != NULL ? it->fields[t[i].field] : NULL);
	form_add_text(f, "country", "Country", FORM_RULE_COUNTRY, 2,
	    it != NULL ? it->fields[STORE_ITEM_COUNTRY] : ed->country);
}

void
edit_items_open_form(struct edit *ed, int kind,
    const struct store_owner_item *it)
{
	struct edit_items	*ei = ed->items;
	struct form		*f = form_create(ed->draw->safe_flags);

	f->default_country = ed->country;
	if (kind == STORE_ITEM_PHONE)
		edit_items_form_phone(ed, f, it);
	else if (kind == STORE_ITEM_EMAIL)
		edit_items_form_email(ed, f, it);
	else
		edit_items_form_address(ed, f, it);
	f->version = it != NULL ? it->version : 0;
	snprintf(ei->item_id, sizeof ei->item_id, "%s", it != NULL ? it->id :
	    "");
	snprintf(ed->title, sizeof ed->title, "%s %s: %s", it == NULL ?
	    "New" : ed->readonly[0] != '\0' ? "View" : "Edit",
	    edit_items_names[kind], ei->list.owner_name);
	form_free(ed->form);
	ed->form = f;
	ed->kind = EDIT_KIND_ITEM_PHONE + kind;
	ed->mode = EDIT_FORM;
}

/* The number with the extension the form gives apart: "555 0100 x12". */
static char *
edit_items_number(struct edit *ed)
{
	const char	*ext = edit_items_value(ed, "extension");

	return (xasprintf("%s%s%s", edit_items_value(ed, "number"),
	    *ext != '\0' ? " x" : "", ext));
}

static enum sb_status
edit_items_save_phone(struct edit *ed, struct store_result *res,
    struct store_conflict **k, struct sb_error *err)
{
	struct edit_items	*ei = ed->items;
	const char		*cmd = form_command_id(ed->form);
	const char		*type = edit_items_value(ed, "type");
	bool			 sms, primary;
	char			*number = edit_items_number(ed);
	enum sb_status		 st;

	sms = strcmp(edit_items_value(ed, "sms_capable"), "true") == 0;
	primary = strcmp(edit_items_value(ed, "primary"), "true") == 0;
	if (ei->item_id[0] != '\0')
		st = store_phone_change(ed->db, cmd, ei->item_id,
		    ed->form->version, edit_items_changed(ed, "number") ||
		    edit_items_changed(ed, "extension") ? number : NULL,
		    edit_items_changed(ed, "type") ? type : NULL, sms,
		    ed->country, res, k, err);
	else if (ei->org)
		st = store_org_phone_add(ed->db, cmd, ei->owner_id, number,
		    type, ed->country, sms, res, err);
	else
		st = store_phone_add(ed->db, cmd, ei->owner_id, number, type,
		    ed->country, sms, primary, res, err);
	free(number);
	return (st);
}

/* The value field name had when the form was opened (or resolved). */
static const char *
edit_items_orig(struct edit *ed, const char *name)
{
	struct form_field	*f = form_field_find(ed->form, name);

	return (f != NULL ? f->orig : NULL);
}

/*
 * A new email, or a change made against the address and type the form
 * was opened with: someone else's change since then is a conflict.
 */
static enum sb_status
edit_items_save_email(struct edit *ed, struct store_result *res,
    struct store_conflict **k, struct sb_error *err)
{
	struct edit_items	*ei = ed->items;
	struct store_email_seen	 seen;
	const char		*cmd = form_command_id(ed->form);

	if (ei->item_id[0] == '\0')
		return (store_email_add(ed->db, cmd, ei->owner_id,
		    edit_items_value(ed, "address"), edit_items_value(ed,
		    "type"), strcmp(edit_items_value(ed, "primary"),
		    "true") == 0, res, err));
	memset(&seen, 0, sizeof seen);
	seen.address = edit_items_orig(ed, "address");
	seen.type = edit_items_orig(ed, "type");
	return (store_email_update(ed->db, cmd, ei->owner_id, ei->item_id,
	    &seen, edit_items_changed(ed, "address") ? edit_items_value(ed,
	    "address") : NULL, edit_items_changed(ed, "type") ?
	    edit_items_value(ed, "type") : NULL, res, k, err));
}

/* "" as NULL: an empty address line is no line. */
static const char *
edit_items_opt(struct edit *ed, const char *name)
{
	const char	*v = edit_items_value(ed, name);

	return (*v != '\0' ? v : NULL);
}

static enum sb_status
edit_items_save_address(struct edit *ed, struct store_result *res,
    struct store_conflict **k, struct sb_error *err, bool *none)
{
	struct edit_items		*ei = ed->items;
	struct store_address_input	 in;
	struct store_changes		 ch;
	enum sb_status			 st;

	if (ei->item_id[0] == '\0') {
		memset(&in, 0, sizeof in);
		in.type = edit_items_value(ed, "type");
		in.country = edit_items_value(ed, "country");
		in.label = edit_items_opt(ed, "label");
		in.street1 = edit_items_opt(ed, "street1");
		in.street2 = edit_items_opt(ed, "street2");
		in.city = edit_items_opt(ed, "city");
		in.region = edit_items_opt(ed, "region");
		in.postal_code = edit_items_opt(ed, "postal_code");
		return (store_address_add(ed->db, form_command_id(ed->form),
		    ei->org, ei->owner_id, &in, res, err));
	}
	store_changes_init(&ch);
	form_changes(ed->form, &ch);
	*none = ch.count == 0;
	st = SB_OK;
	if (!*none)
		st = store_address_update(ed->db, form_command_id(ed->form),
		    ei->item_id, ed->form->version, &ch, res, k, err);
	store_changes_clear(&ch);
	return (st);
}

enum sb_status
edit_items_run_save(struct edit *ed, struct store_result *res,
    struct store_conflict **k, struct sb_error *err, bool *none)
{
	*none = ed->items->item_id[0] != '\0' && !form_changed(ed->form);
	if (*none)
		return (SB_OK);
	switch (ed->kind) {
	case EDIT_KIND_ITEM_PHONE:
		return (edit_items_save_phone(ed, res, k, err));
	case EDIT_KIND_ITEM_EMAIL:
		return (edit_items_save_email(ed, res, k, err));
	default:
		return (edit_items_save_address(ed, res, k, err, none));
	}
}

int
edit_items_remove(struct edit *ed)
{
	struct store_owner_item	*it = edit_items_selected(ed);
	struct store_owner_item	 before;
	struct store_result	 res;
	struct sb_error		 err;
	enum sb_status		 st;
	char			 text[300];

	if (it == NULL)
		return (EDIT_REDRAW);
	edit_items_text(it, text, sizeof text);
	edit_drain(ed);
	sb_error_clear(&err);
	st = store_items_remove(ed->db, edit_items_cmd(ed, "remove", it->id),
	    ed->items->org, ed->items->owner_id, it, &res, &err);
	if (st == SB_CONFLICT || st == SB_NOT_FOUND) {
		/* Refused, nothing applied: show it as it is now. */
		edit_items_cmd_done(ed);
		edit_items_back(ed, true, NULL);
		edit_items_msg(ed, THEME_STATUS_ERROR, "Not removed: %s",
		    err.message);
		return (EDIT_REDRAW | EDIT_RELOAD);
	}
	if (st != SB_OK) {
		edit_items_msg(ed, THEME_STATUS_ERROR, "Not removed: %s%s",
		    err.message, err.status == SB_UNAVAILABLE ? " (press d "
		    "again when the server is back)" : "");
		return (EDIT_REDRAW | EDIT_RELOAD);
	}
	edit_items_cmd_done(ed);
	history_item_copy(&before, it);
	edit_items_back(ed, true, NULL);
	edit_items_undo_record(ed, HISTORY_ITEM_REMOVE, &before, NULL, NULL);
	history_item_free(&before);
	edit_items_msg(ed, THEME_STATUS_OK, "Removed %s%s", text,
	    edit_items_undo_hint(ed));
	return (EDIT_REDRAW | EDIT_RELOAD);
}

void
edit_items_holder(struct edit *ed, enum store_item_kind kind,
    const char *except_id, char *out, size_t size)
{
	struct store_items	*l = &ed->items->list;
	size_t			 i;

	out[0] = '\0';
	for (i = 0; i < l->count; i++) {
		if (l->rows[i].kind == kind && l->rows[i].primary &&
		    strcmp(l->rows[i].id, except_id) != 0)
			snprintf(out, size, "%s", l->rows[i].id);
	}
}

int
edit_items_primary(struct edit *ed, const struct store_owner_item *it)
{
	struct edit_items	*ei = ed->items;
	struct store_result	 res;
	struct sb_error		 err;
	const char		*cmd;
	char			 text[300], id[STORE_UUID_LEN + 1];
	char			 had[STORE_UUID_LEN + 1];
	enum store_item_kind	 kind;
	enum sb_status		 st;

	if (it->kind == STORE_ITEM_ADDRESS || ei->org) {
		edit_items_msg(ed, THEME_STATUS_WARNING, "Only a contact's "
		    "phones and emails have a primary mark");
		return (EDIT_REDRAW);
	}
	if (it->primary) {
		edit_items_msg(ed, THEME_STATUS_WARNING, "Already the primary "
		    "%s", edit_items_names[it->kind]);
		return (EDIT_REDRAW);
	}
	edit_items_text(it, text, sizeof text);
	edit_items_holder(ed, it->kind, it->id, had, sizeof had);
	snprintf(id, sizeof id, "%s", it->id);
	kind = it->kind;
	cmd = edit_items_cmd(ed, "primary", it->id);
	edit_drain(ed);
	sb_error_clear(&err);
	if (it->kind == STORE_ITEM_PHONE)
		st = store_phone_set_primary(ed->db, cmd, ei->owner_id,
		    it->id, &res, &err);
	else
		st = store_email_change(ed->db, cmd, ei->owner_id, it->id,
		    NULL, NULL, true, &res, &err);
	if (st != SB_OK) {
		edit_items_msg(ed, THEME_STATUS_ERROR, "Not marked primary: "
		    "%s", err.message);
		return (EDIT_REDRAW | EDIT_RELOAD);
	}
	edit_items_cmd_done(ed);
	edit_items_back(ed, true, id);
	edit_items_undo_record(ed, HISTORY_ITEM_PRIMARY, NULL, id, had);
	edit_items_msg(ed, THEME_STATUS_OK, "%s is now the primary %s%s",
	    text, edit_items_names[kind], edit_items_undo_hint(ed));
	return (EDIT_REDRAW | EDIT_RELOAD);
}

/* Link (or unlink) phone and address: one command; reloads. */
static int
edit_items_link_set(struct edit *ed, const char *phone_id,
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
	if ((a = store_items_find(&ed->items->list, address_id)) != NULL)
		edit_items_address_text(a, text, sizeof text);
	edit_drain(ed);
	sb_error_clear(&err);
	if (store_link_set(ed->db, edit_items_cmd(ed, linked ? "link" :
	    "unlink", phone_id), STORE_LINK_PHONE_ADDRESS, phone_id,
	    address_id, linked, &res, &err) != SB_OK) {
		ed->mode = EDIT_ITEMS;
		edit_items_msg(ed, THEME_STATUS_ERROR, "Not %s: %s", linked ?
		    "linked" : "unlinked", err.message);
		return (EDIT_REDRAW | EDIT_RELOAD);
	}
	edit_items_cmd_done(ed);
	edit_items_back(ed, true, phone_id);
	edit_items_undo_record(ed, linked ? HISTORY_ITEM_LINK :
	    HISTORY_ITEM_UNLINK, NULL, phone_id, address_id);
	edit_items_msg(ed, THEME_STATUS_OK, "%s %s%s", linked ?
	    "Linked to" : "Unlinked from", text, edit_items_undo_hint(ed));
	return (EDIT_REDRAW | EDIT_RELOAD);
}

int
edit_items_link(struct edit *ed, const struct store_owner_item *it)
{
	size_t	n;

	if (it->kind != STORE_ITEM_PHONE) {
		edit_items_msg(ed, THEME_STATUS_WARNING, "Select a phone to "
		    "link it to an address (a fax line at an office)");
		return (EDIT_REDRAW);
	}
	if (it->nlinks > 0)
		return (edit_items_link_set(ed, it->id, it->links[0], false));
	if ((n = edit_items_addresses(ed->items)) == 0) {
		edit_items_msg(ed, THEME_STATUS_WARNING, "No address to link "
		    "to: add one first (a, then a)");
		return (EDIT_REDRAW);
	}
	return (edit_items_pick_open(ed, n));
}

int
edit_items_pick_answer(struct edit *ed, int answer)
{
	struct edit_items	*ei = ed->items;
	struct store_owner_item	*it = edit_items_selected(ed);

	ed->mode = EDIT_ITEMS;
	if (answer <= 0 || it == NULL || (size_t)answer > ei->list.count)
		return (EDIT_REDRAW);
	return (edit_items_link_set(ed, it->id, ei->list.rows[answer - 1].id,
	    true));
}
