/* The items list and an item's form, modes of their own over the panes. */
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
#include "switchboard/keymap.h"
#include "switchboard/mode.h"
#include "switchboard/store-command.h"
#include "switchboard/store-items.h"
#include "switchboard/util.h"

static int	edit_items_save(struct edit_sheet *);
static void	edit_items_form_drop(struct edit_sheet *);

/* An item's form: Esc goes back to the list, the save is the item's. */
static const struct edit_form_ops edit_items_form_ops = {
	.save = edit_items_save,
	.drop = edit_items_form_drop
};

static const char *const edit_items_kinds[] = { "phone", "email",
	"address" };

/* Open the form of item it (NULL: a new item of kind) over the list. */
static void
edit_items_form_open(struct edit_items *ei, int kind,
    const struct store_owner_item *it)
{
	struct edit_sheet	*s;
	struct form		*f;
	char			 title[EDIT_TITLE_MAX];

	f = edit_items_form_new(ei, kind, it, title, sizeof title);
	s = edit_sheet_push(ei->ed, f, &edit_items_form_ops,
	    EDIT_KIND_ITEM_PHONE + kind, title);
	if (s == NULL)
		return;
	s->items = ei;
	snprintf(s->readonly, sizeof s->readonly, "%s", ei->readonly);
}

/* The form goes, the list shows again (reloaded; keep selected). */
static void
edit_items_form_back(struct edit_sheet *s, bool reload, const char *keep)
{
	edit_sheet_close(s);
	edit_items_back(s->items, reload, keep);
}

static void
edit_items_form_drop(struct edit_sheet *s)
{
	edit_items_form_back(s, false, NULL);
}

void
edit_items_saved_late(struct edit_sheet *s, const char *msg)
{
	edit_items_form_back(s, true, NULL);
	edit_items_msg(s->items, THEME_STATUS_OK, "%s", msg);
}

/* The kind of item the item form s is for. */
static enum store_item_kind
edit_items_form_kind(const struct edit_sheet *s)
{
	return ((enum store_item_kind)(s->kind - EDIT_KIND_ITEM_PHONE));
}

/* Field names the commands' errors use, as the forms call them. */
static void
edit_items_error_field(struct sb_error *err)
{
	if (strcmp(err->field, "phone") == 0)
		snprintf(err->field, sizeof err->field, "number");
	else if (strcmp(err->field, "email") == 0)
		snprintf(err->field, sizeof err->field, "address");
}

/* A conflict on the form: per field, or a message if none is. */
static int
edit_items_conflict(struct edit_sheet *s, struct store_conflict *k)
{
	size_t	n = form_conflict_load(s->form, k);

	s->form->version = k->current_version;
	store_conflict_free(k);
	if (n > 0)
		edit_conflict_open(s, n, true);
	else
		util_format_text(s->form->message, sizeof s->form->message,
		    "Someone else changed this %s (not the fields here) "
		    "since you opened it. Nothing you typed is lost: save "
		    "again to apply it.", edit_items_kinds[
		    edit_items_form_kind(s)]);
	return (EDIT_REDRAW | EDIT_RELOAD);
}

static int
edit_items_save(struct edit_sheet *s)
{
	struct edit_items	*ei = s->items;
	struct store_result	 res;
	struct store_conflict	*k = NULL;
	struct sb_error		 err;
	struct form_field	*c;
	struct store_owner_item	 before;
	const struct store_owner_item *now;
	enum sb_status		 st;
	char			 id[STORE_UUID_LEN + 1], what[16];
	char			 had[STORE_UUID_LEN + 1];
	bool			 none = false, added;
	size_t			 i;

	if ((c = form_field_find(s->form, "country")) != NULL) {
		snprintf(id, sizeof id, "%s", form_field_value(c));
		for (i = 0; id[i] != '\0'; i++)
			id[i] = (char)toupper((unsigned char)id[i]);
		form_field_set(c, id);
	}
	/* A new item marked primary takes the mark: undo gives it back. */
	edit_items_holder(ei, edit_items_form_kind(s), "", had, sizeof had);
	sb_error_clear(&err);
	memset(&res, 0, sizeof res);
	st = edit_items_run_save(s, &res, &k, &err, &none);
	if (st == SB_CONFLICT && k != NULL)
		return (edit_items_conflict(s, k));
	store_conflict_free(k);
	if (st == SB_OK && none) {
		/* Theirs taken whole after a conflict: show theirs. */
		edit_items_form_back(s, true, NULL);
		return (EDIT_REDRAW);
	}
	if (st != SB_OK) {
		edit_items_error_field(&err);
		edit_save_lost(s, &res, &err);
		return (EDIT_REDRAW | EDIT_RELOAD);
	}
	added = ei->item_id[0] == '\0';
	snprintf(id, sizeof id, "%s", added ? res.id : ei->item_id);
	util_format_text(what, sizeof what, "%s", edit_items_kinds[
	    edit_items_form_kind(s)]);
	edit_items_undo_snapshot(s, &before);
	form_saved(s->form, res.version);
	edit_items_form_back(s, true, id);
	now = store_items_find(&ei->list, id);
	edit_items_undo_record(ei, added ? HISTORY_ITEM_ADD :
	    HISTORY_ITEM_EDIT, added ? NULL : &before, id, added && now !=
	    NULL && now->primary && had[0] != '\0' ? had : NULL);
	history_item_free(&before);
	edit_items_msg(ei, THEME_STATUS_OK, "Saved the %s%s", what,
	    edit_items_undo_hint(ei));
	return (EDIT_REDRAW | EDIT_RELOAD);
}

static void
edit_items_move(struct edit_items *ei, enum keymap_action a)
{
	if (a == KEYMAP_MOVE_DOWN || a == KEYMAP_MOVE_UP)
		listview_move(&ei->lv, a == KEYMAP_MOVE_DOWN ? 1 : -1);
	else if (a == KEYMAP_FIRST)
		listview_home(&ei->lv);
	else if (a == KEYMAP_LAST)
		listview_end(&ei->lv);
}

/* Ask before the item goes; the answer comes to edit_items_answer. */
static int
edit_items_ask_remove(struct edit_items *ei,
    const struct store_owner_item *it)
{
	char	buf[500], text[300];

	snprintf(buf, sizeof buf, "Remove the %s %s? (y/n)", it->kind ==
	    STORE_ITEM_PHONE ? "phone" : it->kind == STORE_ITEM_EMAIL ?
	    "email" : "address", edit_items_text(it, text, sizeof text));
	if (edit_ask(ei->ed, true, buf))
		ei->asked = EDIT_ITEMS_REMOVE;
	return (EDIT_REDRAW);
}

static int
edit_items_list_key(struct edit_items *ei, int key)
{
	struct store_owner_item	*it = edit_items_selected(ei);
	enum keymap_action	 a;

	a = keymap_lookup_move(ei->ed->km, KEYMAP_CTX_ITEMS, key);
	ei->msg[0] = '\0';
	switch (a) {
	case KEYMAP_ITEM_CLOSE:
		/* The mode closes; its close op frees the list. */
		ei->done = true;
		return (EDIT_REDRAW | EDIT_RELOAD);
	case KEYMAP_ITEM_ADD:
		if (!edit_items_refused(ei, "add"))
			return (edit_items_kind_ask(ei));
		return (EDIT_REDRAW);
	case KEYMAP_ITEM_EDIT:
		if (it != NULL)
			edit_items_form_open(ei, (int)it->kind, it);
		return (EDIT_REDRAW);
	case KEYMAP_ITEM_REMOVE:
		if (it != NULL && !edit_items_refused(ei, "remove"))
			return (edit_items_ask_remove(ei, it));
		return (EDIT_REDRAW);
	case KEYMAP_ITEM_PRIMARY:
		if (it != NULL && !edit_items_refused(ei, "mark primary"))
			return (edit_items_primary(ei, it));
		return (EDIT_REDRAW);
	case KEYMAP_ITEM_LINK:
		if (it != NULL && !edit_items_refused(ei, "link"))
			return (edit_items_link(ei, it));
		return (EDIT_REDRAW);
	case KEYMAP_ITEM_UNDO:
		return (edit_items_undo(ei));
	default:
		break;
	}
	edit_items_move(ei, a);
	return (EDIT_REDRAW);
}

/*
 * The items mode: the list, with the item forms and questions it opens
 * over it. Its flags are the modes' (edit.h, ui-modes.c).
 */
static int
edit_items_mode_flags(struct edit_items *ei, int r)
{
	r |= MODE_REDRAW;
	return (ei->done ? r | MODE_CLOSE : r);
}

static unsigned int
edit_items_mode_context(void *state)
{
	(void)state;
	return (KEYMAP_CTX_ITEMS);
}

static void
edit_items_mode_draw(void *state, int rows, int cols)
{
	struct edit_items	*ei = state;

	if (!ei->done)
		edit_items_draw(ei, rows, cols);
}

static int
edit_items_mode_key(void *state, int wch, bool code)
{
	struct edit_items	*ei = state;
	int			 key = keymap_key_normalize(wch);

	(void)code;
	if (ei->done)
		return (MODE_REDRAW | MODE_CLOSE);
	if (keymap_lookup(ei->ed->km, KEYMAP_CTX_ITEMS, key) ==
	    KEYMAP_MODE_HELP)
		return (MODE_REDRAW | MODE_HELP);
	return (edit_items_mode_flags(ei, edit_items_list_key(ei, key)));
}

static int
edit_items_mode_paste(void *state, const char *text, const char *note)
{
	struct edit_items	*ei = state;

	(void)text;
	(void)note;
	return (edit_items_mode_flags(ei, edit_paste_nowhere(ei->ed)));
}

/* The answer of a mode it pushed: a question, a kind, a pick. */
static int
edit_items_answer(struct edit_items *ei, int answer)
{
	enum edit_items_asked	asked = ei->asked;

	ei->asked = EDIT_ITEMS_LIST;
	switch (asked) {
	case EDIT_ITEMS_ADD:
		if (answer > 0)
			edit_items_form_open(ei, answer - 1, NULL);
		return (EDIT_REDRAW);
	case EDIT_ITEMS_PICK:
		return (edit_items_pick_answer(ei, answer));
	case EDIT_ITEMS_REMOVE:
		return (answer == EDIT_ANSWER_YES ? edit_items_remove(ei) :
		    EDIT_REDRAW);
	default:
		return (0);
	}
}

static int
edit_items_mode_result(void *state, int result)
{
	struct edit_items	*ei = state;

	return (edit_items_mode_flags(ei, edit_items_answer(ei, result)));
}

static void
edit_items_mode_close(void *state)
{
	edit_items_free(state);
}

/* On the selected row, for screen readers. */
static bool
edit_items_mode_cursor(void *state, int *y, int *x)
{
	struct edit_items	*ei = state;

	*y = ei->cursor_y;
	*x = ei->cursor_x;
	return (!ei->done && ei->cursor_y >= 0);
}

static const struct mode_ops edit_items_mode_ops = {
	.name = "editing",
	.context = edit_items_mode_context,
	.draw = edit_items_mode_draw,
	.key = edit_items_mode_key,
	.paste = edit_items_mode_paste,
	.result = edit_items_mode_result,
	.close = edit_items_mode_close,
	.cursor = edit_items_mode_cursor
};

int
edit_open_items(struct edit *ed, bool org, const char *owner_id)
{
	struct edit_items	*ei;

	if ((ei = edit_items_open_list(ed, org, owner_id)) == NULL)
		return (EDIT_REDRAW | (*owner_id != '\0' ? EDIT_RELOAD : 0));
	/* Without room on a stack the list does not open. */
	if (ed->modes == NULL ||
	    !mode_stack_push(ed->modes, &edit_items_mode_ops, ei))
		edit_items_free(ei);
	return (EDIT_REDRAW | EDIT_RELOAD);
}
