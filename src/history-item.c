/* Undo of the admin's last change to a phone, email or address. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "switchboard/history.h"
#include "switchboard/store-items.h"
#include "switchboard/util.h"

void
history_undo_set_item(struct history_undo *u, enum history_item_op op,
    bool org, const char *owner_id, const struct store_owner_item *before,
    const struct store_owner_item *after, const char *other_id,
    const char *country, const char *what)
{
	history_undo_clear(u);
	u->kind = HISTORY_UNDO_ITEM;
	u->item_op = op;
	u->item_org = org;
	snprintf(u->owner_id, sizeof u->owner_id, "%s", owner_id);
	snprintf(u->other_id, sizeof u->other_id, "%s",
	    other_id != NULL ? other_id : "");
	history_item_copy(&u->item_before, before);
	history_item_copy(&u->item_after, after);
	snprintf(u->country, sizeof u->country, "%s",
	    country != NULL ? country : "");
	snprintf(u->what, sizeof u->what, "%s", what);
	/*
	 * One command id for the compensation, a retry lands once; a second
	 * for an added primary's mark given back.
	 */
	store_command_id_new(u->cmd_id);
	store_command_id_new(u->cmd_id2);
}

/* The item the record is about, whichever side has it. */
static const struct store_owner_item *
history_item_subject(const struct history_undo *u)
{
	return (u->item_after.type != NULL ? &u->item_after :
	    &u->item_before);
}

static bool
history_item_moved(const struct history_undo *u, enum store_item_field f)
{
	return (strcmp(u->item_before.fields[f], u->item_after.fields[f]) !=
	    0);
}

/* The phone's number and type before the edit, against its version now. */
static enum sb_status
history_item_phone_back(struct history_undo *u, struct db *db,
    struct store_result *res, struct store_conflict **k,
    struct sb_error *err)
{
	const struct store_owner_item	*b = &u->item_before;
	char				*number = NULL;
	int				 sms = STORE_SMS_KEEP;
	enum sb_status			 st;

	if (history_item_moved(u, STORE_ITEM_NUMBER) ||
	    history_item_moved(u, STORE_ITEM_EXTENSION))
		number = xasprintf("%s%s%s", b->fields[STORE_ITEM_NUMBER],
		    *b->fields[STORE_ITEM_EXTENSION] != '\0' ? " x" : "",
		    b->fields[STORE_ITEM_EXTENSION]);
	if (history_item_moved(u, STORE_ITEM_SMS))
		sms = strcmp(b->fields[STORE_ITEM_SMS], "true") == 0;
	st = store_phone_change(db, u->cmd_id, b->id, u->item_after.version,
	    number, strcmp(b->type, u->item_after.type) != 0 ? b->type : NULL,
	    sms, *u->country != '\0' ? u->country : NULL, res, k, err);
	free(number);
	return (st);
}

/* The address's fields before the edit, against its version now. */
static enum sb_status
history_item_address_back(struct history_undo *u, struct db *db,
    struct store_result *res, struct store_conflict **k,
    struct sb_error *err)
{
	const struct store_owner_item	*b = &u->item_before;
	struct store_changes		 ch;
	enum sb_status			 st;
	int				 f;

	store_changes_init(&ch);
	if (strcmp(b->type, u->item_after.type) != 0)
		store_changes_set(&ch, "type", b->type);
	for (f = STORE_ITEM_LABEL; f <= STORE_ITEM_COUNTRY; f++) {
		if (history_item_moved(u, f))
			store_changes_set(&ch, store_items_field(f),
			    *b->fields[f] != '\0' ? b->fields[f] : NULL);
	}
	st = store_address_update(db, u->cmd_id, b->id,
	    u->item_after.version, &ch, res, k, err);
	store_changes_clear(&ch);
	return (st);
}

/* The email's address and type back while it holds what the edit left. */
static enum sb_status
history_item_email_back(struct history_undo *u, struct db *db,
    struct store_result *res, struct sb_error *err)
{
	const struct store_owner_item	*b = &u->item_before;
	const struct store_owner_item	*a = &u->item_after;
	struct store_email_seen		 seen = { a->fields[STORE_ITEM_ADDR],
	    a->type, NULL };

	return (store_email_update(db, u->cmd_id, u->owner_id, b->id, &seen,
	    history_item_moved(u, STORE_ITEM_ADDR) ?
	    b->fields[STORE_ITEM_ADDR] : NULL, strcmp(b->type, a->type) != 0 ?
	    b->type : NULL, res, NULL, err));
}

static enum sb_status
history_item_edit_back(struct history_undo *u, struct db *db,
    struct store_result *res, struct sb_error *err)
{
	struct store_conflict	*k = NULL;
	enum sb_status		 st;

	switch (u->item_before.kind) {
	case STORE_ITEM_PHONE:
		st = history_item_phone_back(u, db, res, &k, err);
		break;
	case STORE_ITEM_EMAIL:
		st = history_item_email_back(u, db, res, err);
		break;
	default:
		st = history_item_address_back(u, db, res, &k, err);
	}
	store_conflict_free(k);
	return (st);
}

/* Put a removed item back: relink a phone or address, add the email. */
static enum sb_status
history_item_put_back(struct history_undo *u, struct db *db,
    struct store_result *res, struct sb_error *err)
{
	const struct store_owner_item	*b = &u->item_before;
	enum store_link_kind		 lk;

	if (b->kind == STORE_ITEM_EMAIL)
		return (store_email_add(db, u->cmd_id, u->owner_id,
		    b->fields[STORE_ITEM_ADDR], b->type, b->primary, res,
		    err));
	if (b->kind == STORE_ITEM_PHONE && !u->item_org)
		return (store_phone_relink(db, u->cmd_id, u->owner_id, b->id,
		    b->primary, res, err));
	if (b->kind == STORE_ITEM_PHONE)
		lk = STORE_LINK_ORG_PHONE;
	else
		lk = u->item_org ? STORE_LINK_ORG_ADDRESS :
		    STORE_LINK_CONTACT_ADDRESS;
	return (store_link_set(db, u->cmd_id, lk, u->owner_id, b->id, true,
	    res, err));
}

/* Whether the item marked primary still holds the mark (SB_CONFLICT). */
static enum sb_status
history_item_mark_kept(struct history_undo *u, struct db *db,
    const struct store_owner_item *it, struct sb_error *err)
{
	struct store_items		 items;
	const struct store_owner_item	*now;
	enum sb_status			 st;

	st = store_items_get(db, u->item_org, u->owner_id, &items, err);
	if (st != SB_OK)
		return (st);
	now = store_items_find(&items, it->id);
	if (now == NULL || !now->primary)
		st = SB_CONFLICT;
	store_items_clear(&items);
	return (st);
}

/* The primary mark to other_id, the item of its kind that had it. */
static enum sb_status
history_item_mark_other(struct history_undo *u, struct db *db,
    const char *cmd_id, const struct store_owner_item *it,
    struct store_result *res, struct sb_error *err)
{
	if (it->kind == STORE_ITEM_PHONE)
		return (store_phone_set_primary(db, cmd_id, u->owner_id,
		    u->other_id, res, err));
	return (store_email_change(db, cmd_id, u->owner_id, u->other_id,
	    NULL, NULL, true, res, err));
}

/*
 * The primary mark back to the item that had it, or off if none had;
 * refused when the mark moved again since.
 */
static enum sb_status
history_item_mark_back(struct history_undo *u, struct db *db,
    struct store_result *res, struct sb_error *err)
{
	const struct store_owner_item	*it = history_item_subject(u);
	enum sb_status			 st;

	if ((st = history_item_mark_kept(u, db, it, err)) != SB_OK)
		return (st);
	if (*u->other_id == '\0')
		return (store_item_primary_clear(db, u->cmd_id, u->owner_id,
		    it->kind, it->id, res, err));
	return (history_item_mark_other(u, db, u->cmd_id, it, res, err));
}

/*
 * Take an added item off again; if it took the primary mark from
 * other_id, give the mark back (a second command, with its own id).
 */
static enum sb_status
history_item_take_off(struct history_undo *u, struct db *db,
    struct store_result *res, struct sb_error *err)
{
	enum sb_status	st;

	st = store_items_remove(db, u->cmd_id, u->item_org, u->owner_id,
	    &u->item_after, res, err);
	if (st != SB_OK || *u->other_id == '\0')
		return (st);
	return (history_item_mark_other(u, db, u->cmd_id2, &u->item_after,
	    res, err));
}

enum sb_status
history_undo_item_run(struct history_undo *u, struct db *db,
    struct sb_error *err)
{
	const struct store_owner_item	*it = history_item_subject(u);
	struct store_result		 res;
	enum sb_status			 st;

	sb_error_clear(err);
	switch (u->item_op) {
	case HISTORY_ITEM_ADD:
		st = history_item_take_off(u, db, &res, err);
		break;
	case HISTORY_ITEM_EDIT:
		st = history_item_edit_back(u, db, &res, err);
		break;
	case HISTORY_ITEM_REMOVE:
		st = history_item_put_back(u, db, &res, err);
		break;
	case HISTORY_ITEM_PRIMARY:
		st = history_item_mark_back(u, db, &res, err);
		break;
	default:
		st = store_link_set(db, u->cmd_id, STORE_LINK_PHONE_ADDRESS,
		    it->id, u->other_id, u->item_op == HISTORY_ITEM_UNLINK,
		    &res, err);
	}
	if (st == SB_NOT_FOUND && u->item_op == HISTORY_ITEM_REMOVE &&
	    it->kind != STORE_ITEM_EMAIL)
		sb_error_set(err, SB_NOT_FOUND, "not undone: once removed, "
		    "this %s is out of your sight (someone else made it), so "
		    "it cannot be linked back", it->kind == STORE_ITEM_PHONE ?
		    "phone" : "address");
	else if (st == SB_CONFLICT)
		sb_error_set(err, SB_CONFLICT, "not undone: the %s changed "
		    "since your change; nothing was written",
		    it->kind == STORE_ITEM_PHONE ? "phone" : it->kind ==
		    STORE_ITEM_EMAIL ? "email" : "address");
	return (st);
}
