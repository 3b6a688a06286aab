/* The unlink question: take a contact's link off the organization. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "switchboard/edit.h"
#include "edit-int.h"
#include "switchboard/history.h"
#include "switchboard/store-command.h"
#include "switchboard/store.h"

/*
 * An exact email (else an E.164 phone) of the contact to unlink, so an
 * undo can find it again should the unlink take it out of scope.
 */
static void
edit_unlink_find_key(struct edit *ed, const char *contact_id)
{
	struct store_rows	 rows;
	struct store_contact	*c;
	struct sb_error		 err;
	size_t			 i;

	ed->ukey_email[0] = ed->ukey_phone[0] = '\0';
	edit_drain(ed);
	if (store_contact_get(ed->db, contact_id, &rows, &err) != SB_OK)
		return;
	c = rows.rows;
	for (i = 0; rows.count == 1 && i < c->item_count; i++) {
		if (strcmp(c->items[i].kind, "email") == 0 &&
		    ed->ukey_email[0] == '\0')
			snprintf(ed->ukey_email, sizeof ed->ukey_email, "%s",
			    c->items[i].text);
		else if (strcmp(c->items[i].kind, "phone") == 0 &&
		    ed->ukey_phone[0] == '\0')
			snprintf(ed->ukey_phone, sizeof ed->ukey_phone, "%s",
			    c->items[i].dial);
	}
	store_rows_free(&rows);
}

int
edit_open_unlink(struct edit *ed, const char *org_id,
    const struct store_link *link)
{
	if (link == NULL || *org_id == '\0') {
		edit_say(ed, THEME_STATUS_WARNING, "No contact selected");
		return (EDIT_REDRAW);
	}
	edit_close(ed);
	snprintf(ed->org_id, sizeof ed->org_id, "%s", org_id);
	ed->unlink = *link;
	snprintf(ed->ulink[0], sizeof ed->ulink[0], "%s", link->first_name);
	snprintf(ed->ulink[1], sizeof ed->ulink[1], "%s", link->last_name);
	snprintf(ed->ulink[2], sizeof ed->ulink[2], "%s", link->role);
	snprintf(ed->ulink[3], sizeof ed->ulink[3], "%s", link->starts_on);
	snprintf(ed->ulink[4], sizeof ed->ulink[4], "%s", link->ends_on);
	ed->unlink.first_name = ed->ulink[0];
	ed->unlink.last_name = ed->ulink[1];
	ed->unlink.role = ed->ulink[2];
	ed->unlink.starts_on = ed->ulink[3];
	ed->unlink.ends_on = ed->ulink[4];
	ed->unlink.title = NULL;
	store_command_id_new(ed->link_cmd);
	edit_unlink_find_key(ed, link->contact_id);
	ed->mode = EDIT_CONFIRM_UNLINK;
	return (EDIT_REDRAW | EDIT_RELOAD);
}

static int
edit_do_unlink(struct edit *ed)
{
	struct store_result	res;
	struct sb_error		err;
	struct store_link	*l = &ed->unlink;
	char			what[300];

	edit_drain(ed);
	sb_error_clear(&err);
	if (store_org_contact_unlink(ed->db, ed->link_cmd, ed->org_id,
	    l->contact_id, l->role, &res, &err) != SB_OK) {
		edit_say(ed, THEME_STATUS_ERROR, "Not unlinked: %s",
		    err.message);
		return (EDIT_REDRAW | EDIT_RELOAD);
	}
	snprintf(what, sizeof what, "unlink of %s %s (%s)", l->first_name,
	    l->last_name, l->role);
	history_undo_set_link(&ed->undo, false, ed->org_id, l->contact_id,
	    l->role, l->primary, l->starts_on, l->ends_on, what);
	history_undo_set_key(&ed->undo, ed->ukey_email, ed->ukey_phone);
	edit_say(ed, THEME_STATUS_OK, "Unlinked %s %s (u undoes)",
	    l->first_name, l->last_name);
	edit_close(ed);
	return (EDIT_REDRAW | EDIT_RELOAD);
}

int
edit_unlink_confirm_key(struct edit *ed, int key)
{
	if (edit_yes(ed, key))
		return (edit_do_unlink(ed));
	edit_close(ed);
	return (EDIT_REDRAW);
}
