/* Undo of a role change: the role back, then the primary mark back. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "switchboard/history.h"
#include "switchboard/store-role.h"

void
history_undo_set_role(struct history_undo *u, const char *org_id,
    const char *contact_id, const char *old_role, bool old_primary,
    const char *new_role, long version, const char *holder_id,
    const char *what)
{
	history_undo_set_link(u, false, org_id, contact_id, old_role,
	    old_primary, NULL, NULL, what);
	u->kind = HISTORY_UNDO_ROLE;
	u->version = version;
	snprintf(u->role_new, sizeof u->role_new, "%s", new_role);
	snprintf(u->holder_id, sizeof u->holder_id, "%s",
	    holder_id != NULL ? holder_id : "");
}

enum sb_status
history_undo_role_run(struct history_undo *u, struct db *db,
    struct sb_error *err)
{
	struct store_result	res;
	enum sb_status		st;

	sb_error_clear(err);
	st = store_org_contact_change_role(db, u->cmd_id, u->org_id,
	    u->contact_id, u->role_new, u->role, u->primary, u->version, &res,
	    err);
	if (st == SB_CONFLICT) {
		sb_error_set(err, SB_CONFLICT, "not undone: the contact's "
		    "link changed since your change");
		return (st);
	}
	if (st != SB_OK || u->holder_id[0] == '\0')
		return (st);
	/* The mark the change took goes back to who had it. */
	st = store_org_contact_set_primary(db, u->cmd_id2, u->org_id,
	    u->holder_id, u->role_new, &res, err);
	if (st == SB_NOT_FOUND)
		st = SB_OK;	/* no longer linked in that role: none to give */
	return (st);
}
