/* The items overlay's list: load, select, texts, and back from a form. */
#include "config.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "switchboard/edit.h"
#include "edit-int.h"
#include "edit-items.h"
#include "switchboard/form.h"
#include "switchboard/store-command.h"
#include "switchboard/store-items.h"
#include "switchboard/util.h"

bool
edit_items_form(const struct edit *ed)
{
	return (ed->items != NULL && (ed->kind == EDIT_KIND_ITEM_PHONE ||
	    ed->kind == EDIT_KIND_ITEM_EMAIL ||
	    ed->kind == EDIT_KIND_ITEM_ADDRESS));
}

bool
edit_items_screen(const struct edit *ed)
{
	return (ed->items != NULL && (ed->mode == EDIT_ITEMS ||
	    ed->mode == EDIT_ITEMS_ADD || ed->mode == EDIT_ITEMS_REMOVE ||
	    ed->mode == EDIT_ITEMS_PICK));
}

bool
edit_items_owns(const struct edit *ed)
{
	return (edit_items_screen(ed) || (edit_items_form(ed) &&
	    (ed->mode == EDIT_FORM || ed->mode == EDIT_CONFIRM_DISCARD)));
}

void
edit_items_free(struct edit *ed)
{
	struct edit_items	*ei = ed->items;
	int			 k;

	if (ei == NULL)
		return;
	store_items_clear(&ei->list);
	for (k = 0; k < 3; k++)
		store_items_types_free(ei->types[k]);
	free(ei);
	ed->items = NULL;
}

void
edit_items_msg(struct edit *ed, enum theme_role role, const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	vsnprintf(ed->items->msg, sizeof ed->items->msg, fmt, ap);
	va_end(ap);
	ed->items->msg_role = role;
}

/* "(217) 555-0100 x12" of a phone. Writes into buf. */
const char *
edit_items_phone_text(const struct store_owner_item *it, char *buf,
    size_t size)
{
	snprintf(buf, size, "%s%s%s", it->fields[STORE_ITEM_NUMBER],
	    *it->fields[STORE_ITEM_EXTENSION] != '\0' ? " x" : "",
	    it->fields[STORE_ITEM_EXTENSION]);
	return (buf);
}

/* "Main office: 1 Elm St, Springfield, IL, 62701, US". Writes into buf. */
const char *
edit_items_address_text(const struct store_owner_item *it, char *buf,
    size_t size)
{
	size_t	n = 0;
	int	f;

	buf[0] = '\0';
	if (*it->fields[STORE_ITEM_LABEL] != '\0')
		n = (size_t)snprintf(buf, size, "%s: ",
		    it->fields[STORE_ITEM_LABEL]);
	for (f = STORE_ITEM_STREET1; f <= STORE_ITEM_COUNTRY && n < size;
	    f++) {
		if (*it->fields[f] == '\0')
			continue;
		n += (size_t)snprintf(buf + n, size - n, "%s%s",
		    n > 0 && buf[n - 1] != ' ' ? ", " : "", it->fields[f]);
	}
	return (buf);
}

/* One line of what the item is: number, address or the address text. */
const char *
edit_items_text(const struct store_owner_item *it, char *buf, size_t size)
{
	if (it->kind == STORE_ITEM_PHONE)
		return (edit_items_phone_text(it, buf, size));
	if (it->kind == STORE_ITEM_EMAIL) {
		snprintf(buf, size, "%s", it->fields[STORE_ITEM_ADDR]);
		return (buf);
	}
	return (edit_items_address_text(it, buf, size));
}

struct store_owner_item *
edit_items_selected(struct edit *ed)
{
	struct edit_items	*ei = ed->items;

	return (ei->lv.selected >= 0 && (size_t)ei->lv.selected <
	    ei->list.count ? &ei->list.rows[ei->lv.selected] : NULL);
}

size_t
edit_items_addresses(const struct edit_items *ei)
{
	size_t	i, n = 0;

	for (i = 0; i < ei->list.count; i++)
		n += ei->list.rows[i].kind == STORE_ITEM_ADDRESS;
	return (n);
}

size_t
edit_items_address_row(const struct edit_items *ei, int n)
{
	size_t	i;
	int	k = 0;

	for (i = 0; i < ei->list.count; i++) {
		if (ei->list.rows[i].kind != STORE_ITEM_ADDRESS)
			continue;
		if (k++ == n)
			return (i);
	}
	return (ei->list.count);
}

/* Read the owner's items again; the selection stays on keep if given. */
static enum sb_status
edit_items_load(struct edit *ed, const char *keep)
{
	struct edit_items	*ei = ed->items;
	struct store_items	 l;
	struct sb_error		 err;
	char			 id[STORE_UUID_LEN + 1];
	size_t			 i;

	snprintf(id, sizeof id, "%s", keep != NULL ? keep : "");
	if (keep == NULL && edit_items_selected(ed) != NULL)
		snprintf(id, sizeof id, "%s", edit_items_selected(ed)->id);
	edit_drain(ed);
	sb_error_clear(&err);
	if (store_items_get(ed->db, ei->org, ei->owner_id, &l, &err) !=
	    SB_OK) {
		edit_items_msg(ed, THEME_STATUS_ERROR, "Not reloaded: %s",
		    err.message);
		return (err.status);
	}
	store_items_clear(&ei->list);
	ei->list = l;
	snprintf(ed->readonly, sizeof ed->readonly, "%s", l.readonly);
	listview_set_count(&ei->lv, (int)l.count);
	for (i = 0; i < l.count; i++) {
		if (strcmp(l.rows[i].id, id) == 0)
			listview_select(&ei->lv, (int)i);
	}
	return (SB_OK);
}

static void
edit_items_title(struct edit *ed)
{
	struct edit_items	*ei = ed->items;

	snprintf(ed->title, sizeof ed->title, "%s: %s", ei->org ?
	    "Phones and addresses" : "Phones, emails, addresses",
	    ei->list.owner_name);
}

int
edit_items_open_list(struct edit *ed, bool org, const char *owner_id)
{
	struct edit_items	*ei;
	struct sb_error		 err;
	int			 k;

	if (*owner_id == '\0') {
		edit_say(ed, THEME_STATUS_WARNING, org ?
		    "Choose an organization first" : "No contact selected");
		return (EDIT_REDRAW);
	}
	edit_close(ed);
	edit_items_free(ed);
	ei = ed->items = xcalloc(1, sizeof *ei);
	ei->ed = ed;
	ei->org = org;
	snprintf(ei->owner_id, sizeof ei->owner_id, "%s", owner_id);
	edit_drain(ed);
	sb_error_clear(&err);
	for (k = 0; k < 3; k++) {
		if ((ei->types[k] = store_items_types(ed->db, k, &err)) ==
		    NULL)
			break;
	}
	if (k < 3 || store_items_get(ed->db, org, owner_id, &ei->list,
	    &err) != SB_OK) {
		edit_say(ed, THEME_STATUS_ERROR, "%s: %s",
		    sb_status_text(err.status), err.message);
		edit_items_free(ed);
		return (EDIT_REDRAW | EDIT_RELOAD);
	}
	snprintf(ed->readonly, sizeof ed->readonly, "%s", ei->list.readonly);
	listview_init(&ei->lv);
	listview_set_count(&ei->lv, (int)ei->list.count);
	ed->kind = EDIT_KIND_ITEM_PHONE;
	edit_items_title(ed);
	ed->mode = EDIT_ITEMS;
	return (EDIT_REDRAW | EDIT_RELOAD);
}

/* Back from a form or question to the list, reloaded when asked. */
void
edit_items_back(struct edit *ed, bool reload, const char *keep)
{
	form_free(ed->form);
	ed->form = NULL;
	ed->mode = EDIT_ITEMS;
	if (reload)
		edit_items_load(ed, keep);
	edit_items_title(ed);
}

/*
 * The pending command id of a list action (what: "remove", "primary",
 * "link" on the item id): the same one until it succeeds, so a retry
 * after a lost connection lands once.
 */
const char *
edit_items_cmd(struct edit *ed, const char *what, const char *id)
{
	struct edit_items	*ei = ed->items;
	char			 key[sizeof ei->cmd_for];

	snprintf(key, sizeof key, "%s:%s", what, id);
	if (strcmp(key, ei->cmd_for) != 0) {
		snprintf(ei->cmd_for, sizeof ei->cmd_for, "%s", key);
		store_command_id_new(ei->cmd);
	}
	return (ei->cmd);
}

void
edit_items_cmd_done(struct edit *ed)
{
	ed->items->cmd_for[0] = '\0';
}

/* The form's value of name; "" if the form has no such field. */
const char *
edit_items_value(struct edit *ed, const char *name)
{
	struct form_field	*f = form_field_find(ed->form, name);

	return (f != NULL ? form_field_value(f) : "");
}

/* Whether the form's field name differs from what was read. */
bool
edit_items_changed(struct edit *ed, const char *name)
{
	struct form_field	*f = form_field_find(ed->form, name);

	return (f != NULL && strcmp(form_field_value(f), f->orig) != 0);
}

/* Refuse a change on a read-only owner, saying why; true if refused. */
bool
edit_items_refused(struct edit *ed, const char *what)
{
	if (ed->readonly[0] == '\0')
		return (false);
	edit_items_msg(ed, THEME_STATUS_WARNING, "Cannot %s: read-only (%s)",
	    what, ed->readonly);
	return (true);
}
