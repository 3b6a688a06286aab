/* Undo of the admin's last change: the compensating command. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "switchboard/form.h"
#include "switchboard/history.h"
#include "switchboard/store-existing.h"
#include "switchboard/util.h"

void
history_undo_init(struct history_undo *u)
{
	memset(u, 0, sizeof *u);
	store_changes_init(&u->before);
}

void
history_undo_clear(struct history_undo *u)
{
	store_changes_clear(&u->before);
	history_undo_item_clear(u);
	history_undo_init(u);
}

void
history_undo_set_update(struct history_undo *u, const char *contact_id,
    const struct form *form, long version, const char *what)
{
	const struct form_field	*f;
	size_t			 i;

	history_undo_clear(u);
	u->kind = HISTORY_UNDO_UPDATE;
	snprintf(u->contact_id, sizeof u->contact_id, "%s", contact_id);
	u->version = version;
	snprintf(u->what, sizeof u->what, "%s", what);
	for (i = 0; i < form->count; i++) {
		f = &form->fields[i];
		if (strcmp(form_field_value(f), f->orig) != 0)
			store_changes_set(&u->before, f->name,
			    *f->orig == '\0' ? NULL : f->orig);
	}
	store_command_id_new(u->cmd_id);
}

void
history_undo_set_link(struct history_undo *u, bool linked,
    const char *org_id, const char *contact_id, const char *role,
    bool primary, const char *starts_on, const char *ends_on,
    const char *what)
{
	history_undo_clear(u);
	u->kind = linked ? HISTORY_UNDO_LINK : HISTORY_UNDO_UNLINK;
	snprintf(u->org_id, sizeof u->org_id, "%s", org_id);
	snprintf(u->contact_id, sizeof u->contact_id, "%s", contact_id);
	snprintf(u->role, sizeof u->role, "%s", role);
	u->primary = primary;
	snprintf(u->starts_on, sizeof u->starts_on, "%s",
	    starts_on != NULL ? starts_on : "");
	snprintf(u->ends_on, sizeof u->ends_on, "%s",
	    ends_on != NULL ? ends_on : "");
	snprintf(u->what, sizeof u->what, "%s", what);
	store_command_id_new(u->cmd_id);
	store_command_id_new(u->cmd_id2);
	store_command_id_new(u->cmd_id3);
	store_command_id_new(u->cmd_id4);
}

void
history_undo_set_key(struct history_undo *u, const char *email,
    const char *phone)
{
	snprintf(u->key_email, sizeof u->key_email, "%s",
	    email != NULL ? email : "");
	snprintf(u->key_phone, sizeof u->key_phone, "%s",
	    phone != NULL ? phone : "");
}

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
	struct store_result	 res;
	struct store_conflict	*conflict = NULL;
	enum sb_status		 st;

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
	default:
		st = SB_INTERNAL;
	}
	if (st == SB_OK)
		history_undo_clear(u);
	return (st);
}
