/* The items list: load, select, texts, and back from a form. */
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

void
edit_items_free(struct edit_items *ei)
{
	int	k;

	if (ei == NULL)
		return;
	store_items_clear(&ei->list);
	for (k = 0; k < 3; k++)
		store_items_types_free(ei->types[k]);
	free(ei);
}

void
edit_items_msg(struct edit_items *ei, enum theme_role role,
    const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	vsnprintf(ei->msg, sizeof ei->msg, fmt, ap);
	va_end(ap);
	ei->msg_role = role;
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
edit_items_selected(struct edit_items *ei)
{
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
edit_items_load(struct edit_items *ei, const char *keep)
{
	struct store_items	 l;
	struct sb_error		 err;
	char			 id[STORE_UUID_LEN + 1];
	size_t			 i;

	snprintf(id, sizeof id, "%s", keep != NULL ? keep : "");
	if (keep == NULL && edit_items_selected(ei) != NULL)
		snprintf(id, sizeof id, "%s", edit_items_selected(ei)->id);
	edit_drain(ei->ed);
	sb_error_clear(&err);
	if (store_items_get(ei->ed->db, ei->org, ei->owner_id, &l, &err) !=
	    SB_OK) {
		edit_items_msg(ei, THEME_STATUS_ERROR, "Not reloaded: %s",
		    err.message);
		return (err.status);
	}
	store_items_clear(&ei->list);
	ei->list = l;
	snprintf(ei->readonly, sizeof ei->readonly, "%s", l.readonly);
	listview_set_count(&ei->lv, (int)l.count);
	for (i = 0; i < l.count; i++) {
		if (strcmp(l.rows[i].id, id) == 0)
			listview_select(&ei->lv, (int)i);
	}
	return (SB_OK);
}

static void
edit_items_title(struct edit_items *ei)
{
	snprintf(ei->title, sizeof ei->title, "%s: %s", ei->org ?
	    "Phones and addresses" : "Phones, emails, addresses",
	    ei->list.owner_name);
}

struct edit_items *
edit_items_open_list(struct edit *ed, bool org, const char *owner_id)
{
	struct edit_items	*ei;
	struct sb_error		 err;
	int			 k;

	if (*owner_id == '\0') {
		edit_say(ed, THEME_STATUS_WARNING, org ?
		    "Choose an organization first" : "No contact selected");
		return (NULL);
	}
	ei = xcalloc(1, sizeof *ei);
	ei->ed = ed;
	ei->org = org;
	ei->cursor_y = ei->cursor_x = -1;
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
		edit_items_free(ei);
		return (NULL);
	}
	snprintf(ei->readonly, sizeof ei->readonly, "%s", ei->list.readonly);
	listview_init(&ei->lv);
	listview_set_count(&ei->lv, (int)ei->list.count);
	edit_items_title(ei);
	ei->asked = EDIT_ITEMS_LIST;
	return (ei);
}

void
edit_items_back(struct edit_items *ei, bool reload, const char *keep)
{
	ei->asked = EDIT_ITEMS_LIST;
	if (reload)
		edit_items_load(ei, keep);
	edit_items_title(ei);
}

/*
 * The pending command id of a list action (what: "remove", "primary",
 * "link" on the item id): the same one until it succeeds, so a retry
 * after a lost connection lands once.
 */
const char *
edit_items_cmd(struct edit_items *ei, const char *what, const char *id)
{
	char	key[sizeof ei->cmd_for];

	snprintf(key, sizeof key, "%s:%s", what, id);
	if (strcmp(key, ei->cmd_for) != 0) {
		snprintf(ei->cmd_for, sizeof ei->cmd_for, "%s", key);
		store_command_id_new(ei->cmd);
	}
	return (ei->cmd);
}

void
edit_items_cmd_done(struct edit_items *ei)
{
	ei->cmd_for[0] = '\0';
}

/* The form's value of name; "" if the form has no such field. */
const char *
edit_items_value(struct edit_sheet *s, const char *name)
{
	struct form_field	*f = form_field_find(s->form, name);

	return (f != NULL ? form_field_value(f) : "");
}

/* Whether the form's field name differs from what was read. */
bool
edit_items_changed(struct edit_sheet *s, const char *name)
{
	struct form_field	*f = form_field_find(s->form, name);

	return (f != NULL && strcmp(form_field_value(f), f->orig) != 0);
}

/* Refuse a change on a read-only owner, saying why; true if refused. */
bool
edit_items_refused(struct edit_items *ei, const char *what)
{
	if (ei->readonly[0] == '\0')
		return (false);
	edit_items_msg(ei, THEME_STATUS_WARNING, "Cannot %s: read-only (%s)",
	    what, ei->readonly);
	return (true);
}
