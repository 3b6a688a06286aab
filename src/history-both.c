/* Undo of one save that changed a contact's fields and its role here. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "switchboard/form.h"
#include "switchboard/history.h"
#include "switchboard/store-link.h"

void
history_undo_add_update(struct history_undo *u, const struct form *form,
    long version, const char *what)
{
	const struct form_field	*f;
	size_t			 i;

	if (u->kind != HISTORY_UNDO_ROLE)
		return;
	store_changes_clear(&u->before);
	store_changes_init(&u->before);
	for (i = 0; i < form->count; i++) {
		f = &form->fields[i];
		if (strcmp(form_field_value(f), f->orig) != 0)
			store_changes_set(&u->before, f->name,
			    *f->orig == '\0' ? NULL : f->orig);
	}
	u->kind = HISTORY_UNDO_BOTH;
	u->contact_version = version;
	snprintf(u->what, sizeof u->what, "%s", what);
	/* One command for both: a retry lands once. */
	store_command_id_new(u->cmd_id);
}

enum sb_status
history_undo_both_run(struct history_undo *u, struct db *db,
    struct sb_error *err)
{
	struct store_undo_both	 b = { .contact_id = u->contact_id,
	    .contact_version = u->contact_version, .before = u->before.json,
	    .org_id = u->org_id, .new_role = u->role_new, .old_role = u->role,
	    .old_primary = u->primary, .org_version = u->version,
	    .holder_id = u->holder_id };
	struct store_result	 res;
	enum sb_status		 st;
	char			 why[SB_ERROR_MESSAGE_MAX];

	sb_error_clear(err);
	st = store_contact_undo_both(db, u->cmd_id, &b, &res, err);
	if (st == SB_CONFLICT) {
		/* The server says which of the two changed since. */
		snprintf(why, sizeof why, "%s", err->message);
		sb_error_set(err, SB_CONFLICT, "not undone: %s", why);
	}
	return (st);
}
