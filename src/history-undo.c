/* Undo of the admin's last change: the compensating command. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "switchboard/form.h"
#include "switchboard/history.h"
#include "switchboard/store-merge.h"
#include "switchboard/store-existing.h"
#include "switchboard/util.h"

/*
 * The contact left the admin's scope with the unlink: find it again by
 * its exact email or phone and link it, then give the link its window.
 */
static enum sb_status
history_undo_relink_by_key(struct history_undo *u, struct db *db,
    struct sb_error *err)
{
	struct store_result	res;
	enum sb_status		st;

	sb_error_clear(err);
	st = store_contact_add_existing(db, u->cmd_id3, u->org_id, u->role,
	    u->key_email, u->key_phone, &res, err);
	if (st != SB_OK || (*u->starts_on == '\0' && *u->ends_on == '\0'))
		return (st);
	return (store_org_contact_set_validity(db, u->cmd_id4, u->org_id,
	    u->contact_id, u->role, *u->starts_on != '\0' ? u->starts_on :
	    NULL, *u->ends_on != '\0' ? u->ends_on : NULL, &res, err));
}

/* Link back with the same role, window and primary mark. */
static enum sb_status
history_undo_relink(struct history_undo *u, struct db *db,
    struct sb_error *err)
{
	struct store_result	res;
	enum sb_status		st;

	st = store_org_contact_link(db, u->cmd_id, u->org_id, u->contact_id,
	    u->role, *u->starts_on != '\0' ? u->starts_on : NULL,
	    *u->ends_on != '\0' ? u->ends_on : NULL, &res, err);
	if (st == SB_NOT_FOUND && (*u->key_email != '\0' ||
	    *u->key_phone != '\0'))
		st = history_undo_relink_by_key(u, db, err);
	if (st != SB_OK || !u->primary)
		return (st);
	return (store_org_contact_set_primary(db, u->cmd_id2, u->org_id,
	    u->contact_id, u->role, &res, err));
}

enum sb_status
history_undo_run(struct history_undo *u, struct db *db,
    struct sb_error *err)
{
	struct store_result		 res;
	struct store_merge_result	 merged;
	struct store_conflict		*conflict = NULL;
	enum sb_status			 st;

	switch (u->kind) {
	case HISTORY_UNDO_NONE:
		return (sb_error_set(err, SB_NOT_FOUND, "nothing to undo"));
	case HISTORY_UNDO_UPDATE:
		st = store_contact_update(db, u->cmd_id, u->contact_id,
		    u->version, &u->before, &res, &conflict, err);
		if (st == SB_CONFLICT) {
			sb_error_set(err, SB_CONFLICT, "not undone: the "
			    "contact changed since your edit%s%s",
			    conflict != NULL && conflict->count > 0 ?
			    " (by " : "", conflict != NULL &&
			    conflict->count > 0 ? conflict->changes[
			    conflict->count - 1].actor : "");
			if (conflict != NULL && conflict->count > 0)
				strncat(err->message, ")",
				    sizeof err->message -
				    strlen(err->message) - 1);
		}
		store_conflict_free(conflict);
		break;
	case HISTORY_UNDO_LINK:
		st = store_org_contact_unlink(db, u->cmd_id, u->org_id,
		    u->contact_id, u->role, &res, err);
		break;
	case HISTORY_UNDO_UNLINK:
		st = history_undo_relink(u, db, err);
		break;
	case HISTORY_UNDO_ROLE:
		st = history_undo_role_run(u, db, err);
		break;
	case HISTORY_UNDO_BOTH:
		st = history_undo_both_run(u, db, err);
		break;
	case HISTORY_UNDO_ITEM:
		st = history_undo_item_run(u, db, err);
		break;
	case HISTORY_UNDO_ORG:
		st = store_org_update(db, u->cmd_id, u->org_id, u->version,
		    &u->before, &res, NULL, err);
		if (st == SB_CONFLICT)
			sb_error_set(err, SB_CONFLICT, "not undone: the "
			    "organization changed since");
		break;
	case HISTORY_UNDO_MERGE:
		st = store_contact_unmerge(db, u->other_id, &merged, err);
		break;
	default:
		st = SB_INTERNAL;
	}
	if (st == SB_OK)
		history_undo_clear(u);
	return (st);
}
