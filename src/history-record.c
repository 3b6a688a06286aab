/* The undo record: set, keep and release what the last change undoes. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "switchboard/form.h"
#include "switchboard/history.h"
#include "switchboard/store-items.h"
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
history_undo_set_org(struct history_undo *u, const char *org_id,
    struct store_changes *before, long version, const char *what)
{
	history_undo_clear(u);
	u->kind = HISTORY_UNDO_ORG;
	snprintf(u->org_id, sizeof u->org_id, "%s", org_id);
	u->version = version;
	snprintf(u->what, sizeof u->what, "%s", what);
	store_changes_clear(&u->before);
	u->before = *before;
	before->json = NULL;
	before->count = 0;
	store_command_id_new(u->cmd_id);
}

void
history_undo_set_merge(struct history_undo *u, const char *merge_id,
    const char *what)
{
	history_undo_clear(u);
	u->kind = HISTORY_UNDO_MERGE;
	snprintf(u->other_id, sizeof u->other_id, "%s", merge_id);
	snprintf(u->what, sizeof u->what, "%s", what);
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

void
history_item_copy(struct store_owner_item *dst,
    const struct store_owner_item *src)
{
	int	f;

	memset(dst, 0, sizeof *dst);
	if (src == NULL)
		return;
	snprintf(dst->id, sizeof dst->id, "%s", src->id);
	dst->kind = src->kind;
	dst->type = xstrdup(src->type != NULL ? src->type : "");
	dst->version = src->version;
	dst->primary = src->primary;
	for (f = 0; f < STORE_ITEM_NFIELDS; f++)
		dst->fields[f] = xstrdup(src->fields[f] != NULL ?
		    src->fields[f] : "");
}

void
history_item_free(struct store_owner_item *it)
{
	int	f;

	free(it->type);
	for (f = 0; f < STORE_ITEM_NFIELDS; f++)
		free(it->fields[f]);
	memset(it, 0, sizeof *it);
}

void
history_undo_item_clear(struct history_undo *u)
{
	history_item_free(&u->item_before);
	history_item_free(&u->item_after);
}
