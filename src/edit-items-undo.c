/* The items list's undo: what each action recorded, and u. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "switchboard/edit.h"
#include "edit-int.h"
#include "edit-items.h"
#include "switchboard/form.h"
#include "switchboard/history.h"
#include "switchboard/store-items.h"
#include "switchboard/util.h"

static const char *const edit_items_undo_kinds[] = { "phone", "email",
	"address" };

/*
 * The item the open form edits as it was when the form was opened (or a
 * conflict resolved): the list's row with the form's original values.
 * Call before form_saved; free with history_item_free.
 */
void
edit_items_undo_snapshot(struct edit_sheet *s, struct store_owner_item *out)
{
	struct edit_items	*ei = s->items;
	struct form_field	*f;
	struct store_owner_item	*row, tmp;
	int			 i;

	memset(out, 0, sizeof *out);
	if ((row = store_items_find(&ei->list, ei->item_id)) == NULL)
		return;
	tmp = *row;
	if ((f = form_field_find(s->form, "type")) != NULL)
		tmp.type = f->orig;
	for (i = 0; i < STORE_ITEM_NFIELDS; i++) {
		f = form_field_find(s->form, store_items_field(i));
		if (f != NULL)
			tmp.fields[i] = f->orig;
	}
	history_item_copy(out, &tmp);
}

/*
 * Record action op as the one u undoes: before as the item was (NULL
 * after an add), the item now found by after_id in the reloaded list
 * (NULL after a remove), other_id as history_undo_set_item takes it.
 * When the item is not in the list any more, nothing can be undone and
 * the older record goes too, so u never undoes an earlier change.
 */
void
edit_items_undo_record(struct edit_items *ei, enum history_item_op op,
    const struct store_owner_item *before, const char *after_id,
    const char *other_id)
{
	static const char *const verbs[] = { "new", "edit of", "removal of",
	    "primary mark on", "link of", "unlink of" };
	static const char *const whose[] = { "of", "of", "of", "of",
	    "to an address of", "from an address of" };
	struct store_owner_item	*after = NULL;
	const struct store_owner_item *it;
	char			 text[300], what[HISTORY_WHAT_MAX];
	bool			 need_before;

	if (after_id != NULL)
		after = store_items_find(&ei->list, after_id);
	need_before = op == HISTORY_ITEM_EDIT || op == HISTORY_ITEM_REMOVE;
	if ((op != HISTORY_ITEM_REMOVE && after == NULL) || (need_before &&
	    (before == NULL || before->type == NULL))) {
		/* Undone in order or not at all: nothing older either. */
		history_log_clear(&ei->ed->undo);
		return;
	}
	it = after != NULL ? after : before;
	edit_items_text(it, text, sizeof text);
	/* Long text is cut: the status line shows the start. */
	util_format_text(what, sizeof what, "%s %s %s %s %s", verbs[op],
	    edit_items_undo_kinds[it->kind], text, whose[op],
	    ei->list.owner_name);
	history_undo_set_item(history_log_push(&ei->ed->undo), op, ei->org,
	    ei->owner_id, before, after, other_id, ei->ed->country, what);
}

/* " (u undoes)" when the last action left something to undo, else "". */
const char *
edit_items_undo_hint(const struct edit_items *ei)
{
	return (history_log_top(&ei->ed->undo) != NULL ? " (u undoes)" :
	    "");
}

/* u in the list: undo the last change, then show the list as it is. */
int
edit_items_undo(struct edit_items *ei)
{
	enum theme_role	role;
	char		msg[sizeof ei->msg];

	role = edit_undo_last(ei->ed, msg, sizeof msg);
	if (role != THEME_STATUS_WARNING)
		edit_items_back(ei, true, NULL);
	edit_items_msg(ei, role, "%s", msg);
	return (EDIT_REDRAW | (role != THEME_STATUS_WARNING ? EDIT_RELOAD :
	    0));
}
