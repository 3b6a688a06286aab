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

/* An item's form: Esc goes back to the list, the save is the item's. */
static const struct edit_form_ops edit_items_form_ops = {
	.save = edit_items_save
};

/*
 * The item form mode's own state: the list it goes back to; the form
 * itself and its kind are the overlay's (ed->form, ed->kind), which the
 * modes over it (the conflict screen, the questions) read.
 */
struct edit_items_form {
	struct edit_items	*ei;
};

static const struct mode_ops edit_items_form_mode_ops;

/*
 * Open the item's form (it NULL: a new item of kind) with its ops, in a
 * mode of its own over the list (without room, inside the list's).
 */
static void
edit_items_form_open(struct edit *ed, int kind,
    const struct store_owner_item *it)
{
	struct edit_items_form	*f;

	edit_items_open_form(ed, kind, it);
	if (ed->form == NULL)
		return;
	ed->form_ops = &edit_items_form_ops;
	if (ed->modes == NULL)
		return;
	f = xcalloc(1, sizeof *f);
	f->ei = ed->items;
	if (mode_stack_push(ed->modes, &edit_items_form_mode_ops, f))
		ed->items->form_up = true;
	else
		free(f);
}

static const char *const edit_items_kinds[] = { "phone", "email",
	"address" };

/* The kind of item the open item form is for. */
static enum store_item_kind
edit_items_form_kind(const struct edit *ed)
{
	return ((enum store_item_kind)(ed->kind - EDIT_KIND_ITEM_PHONE));
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

/* A conflict on the open form: per field, or a message if none is. */
static int
edit_items_conflict(struct edit *ed, struct store_conflict *k)
{
	size_t	n = form_conflict_load(ed->form, k);

	ed->form->version = k->current_version;
	store_conflict_free(k);
	if (n > 0)
		edit_conflict_open(ed, n, true);
	else
		snprintf(ed->form->message, sizeof ed->form->message,
		    "Someone else changed this %s (not the fields here) "
		    "since you opened it. Nothing you typed is lost: save "
		    "again to apply it.", edit_items_kinds[
		    edit_items_form_kind(ed)]);
	return (EDIT_REDRAW | EDIT_RELOAD);
}

int
edit_items_save(struct edit *ed)
{
	struct edit_items	*ei = ed->items;
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

	if ((c = form_field_find(ed->form, "country")) != NULL) {
		snprintf(id, sizeof id, "%s", form_field_value(c));
		for (i = 0; id[i] != '\0'; i++)
			id[i] = (char)toupper((unsigned char)id[i]);
		form_field_set(c, id);
	}
	/* A new item marked primary takes the mark: undo gives it back. */
	edit_items_holder(ed, edit_items_form_kind(ed), "", had, sizeof had);
	sb_error_clear(&err);
	memset(&res, 0, sizeof res);
	st = edit_items_run_save(ed, &res, &k, &err, &none);
	if (st == SB_CONFLICT && k != NULL)
		return (edit_items_conflict(ed, k));
	store_conflict_free(k);
	if (st == SB_OK && none) {
		/* Theirs taken whole after a conflict: show theirs. */
		edit_items_back(ed, true, NULL);
		return (EDIT_REDRAW);
	}
	if (st != SB_OK) {
		edit_items_error_field(&err);
		edit_save_lost(ed, &res, &err);
		return (EDIT_REDRAW | EDIT_RELOAD);
	}
	added = ei->item_id[0] == '\0';
	snprintf(id, sizeof id, "%s", added ? res.id : ei->item_id);
	snprintf(what, sizeof what, "%s", edit_items_kinds[
	    edit_items_form_kind(ed)]);
	edit_items_undo_snapshot(ed, &before);
	form_saved(ed->form, res.version);
	edit_items_back(ed, true, id);
	now = store_items_find(&ei->list, id);
	edit_items_undo_record(ed, added ? HISTORY_ITEM_ADD :
	    HISTORY_ITEM_EDIT, added ? NULL : &before, id, added && now !=
	    NULL && now->primary && had[0] != '\0' ? had : NULL);
	history_item_free(&before);
	edit_items_msg(ed, THEME_STATUS_OK, "Saved the %s%s", what,
	    edit_items_undo_hint(ed));
	return (EDIT_REDRAW | EDIT_RELOAD);
}

/* Keys of an item's form: Esc goes back to the list, not out. */
static int
edit_items_form_key(struct edit *ed, int wch, bool code)
{
	int	key = keymap_key_normalize(wch);

	if (keymap_lookup(ed->km, KEYMAP_CTX_FORM, key) == KEYMAP_FORM_CANCEL) {
		if (ed->readonly[0] == '\0' && form_changed(ed->form))
			return (edit_ask(ed, EDIT_CONFIRM_DISCARD,
			    EDIT_DISCARD_Q));
		edit_items_back(ed, false, NULL);
		return (EDIT_REDRAW);
	}
	return (edit_form_key(ed, wch, code));
}

static void
edit_items_move(struct edit *ed, enum keymap_action a)
{
	struct edit_items	*ei = ed->items;

	if (a == KEYMAP_MOVE_DOWN || a == KEYMAP_MOVE_UP)
		listview_move(&ei->lv, a == KEYMAP_MOVE_DOWN ? 1 : -1);
	else if (a == KEYMAP_FIRST)
		listview_home(&ei->lv);
	else if (a == KEYMAP_LAST)
		listview_end(&ei->lv);
}


/* Ask before the item goes; the answer comes to edit_answer. */
static int
edit_items_ask_remove(struct edit *ed, const struct store_owner_item *it)
{
	char	buf[500], text[300];

	snprintf(buf, sizeof buf, "Remove the %s %s? (y/n)", it->kind ==
	    STORE_ITEM_PHONE ? "phone" : it->kind == STORE_ITEM_EMAIL ?
	    "email" : "address", edit_items_text(it, text, sizeof text));
	return (edit_ask(ed, EDIT_ITEMS_REMOVE, buf));
}
static int
edit_items_list_key(struct edit *ed, int key)
{
	struct store_owner_item	*it = edit_items_selected(ed);
	enum keymap_action	 a = edit_action(ed, key);

	ed->items->msg[0] = '\0';
	switch (a) {
	case KEYMAP_ITEM_CLOSE:
		/* The mode closes; its close op frees the list. */
		edit_close(ed);
		return (EDIT_REDRAW | EDIT_RELOAD);
	case KEYMAP_ITEM_ADD:
		if (!edit_items_refused(ed, "add"))
			return (edit_items_kind_ask(ed));
		return (EDIT_REDRAW);
	case KEYMAP_ITEM_EDIT:
		if (it != NULL)
			edit_items_form_open(ed, (int)it->kind, it);
		return (EDIT_REDRAW);
	case KEYMAP_ITEM_REMOVE:
		if (it != NULL && !edit_items_refused(ed, "remove"))
			return (edit_items_ask_remove(ed, it));
		return (EDIT_REDRAW);
	case KEYMAP_ITEM_PRIMARY:
		if (it != NULL && !edit_items_refused(ed, "mark primary"))
			return (edit_items_primary(ed, it));
		return (EDIT_REDRAW);
	case KEYMAP_ITEM_LINK:
		if (it != NULL && !edit_items_refused(ed, "link"))
			return (edit_items_link(ed, it));
		return (EDIT_REDRAW);
	case KEYMAP_ITEM_UNDO:
		return (edit_items_undo(ed));
	default:
		break;
	}
	edit_items_move(ed, a);
	return (EDIT_REDRAW);
}

int
edit_items_kind_answer(struct edit *ed, int answer)
{
	ed->mode = EDIT_ITEMS;
	if (answer > 0)
		edit_items_form_open(ed, answer - 1, NULL);
	return (EDIT_REDRAW);
}

int
edit_items_key(struct edit *ed, int wch, bool code)
{
	int	key = keymap_key_normalize(wch);

	switch (ed->mode) {
	case EDIT_ITEMS:
		return (edit_items_list_key(ed, key));
	default:
		return (edit_items_form_key(ed, wch, code));
	}
}

/*
 * The items mode: the list with the item forms and questions it opens.
 * The overlay's flags are the modes' (ui-modes.c checks it); the mode
 * closes when the overlay does.
 */
static int
edit_items_mode_flags(struct edit_items *ei, int r)
{
	r |= MODE_REDRAW;
	return (edit_active(ei->ed) ? r : r | MODE_CLOSE);
}

static unsigned int
edit_items_mode_context(void *state)
{
	struct edit_items	*ei = state;

	return (edit_context(ei->ed));
}

/* The list and its questions; an item form mode draws its form. */
static void
edit_items_mode_draw(void *state, int rows, int cols)
{
	struct edit_items	*ei = state;

	if (edit_active(ei->ed) && !ei->form_up)
		edit_draw(ei->ed, rows, cols);
}

static int
edit_items_mode_key(void *state, int wch, bool code)
{
	struct edit_items	*ei = state;
	struct edit		*ed = ei->ed;

	if (!edit_active(ed))
		return (MODE_REDRAW | MODE_CLOSE);
	if (keymap_lookup(ed->km, edit_context(ed), wch) == KEYMAP_MODE_HELP)
		return (MODE_REDRAW | MODE_HELP);
	return (edit_items_mode_flags(ei, edit_items_key(ed, wch, code)));
}

static int
edit_items_mode_paste(void *state, const char *text, const char *note)
{
	struct edit_items	*ei = state;

	return (edit_items_mode_flags(ei, edit_paste(ei->ed, text, note)));
}

/* The answer of a mode it pushed: a question, a kind, a pick. */
static int
edit_items_answer(struct edit *ed, int answer)
{
	bool	yes = answer == EDIT_ANSWER_YES;

	switch (ed->mode) {
	case EDIT_ITEMS_ADD:
		return (edit_items_kind_answer(ed, answer));
	case EDIT_ITEMS_PICK:
		return (edit_items_pick_answer(ed, answer));
	case EDIT_ITEMS_REMOVE:
		ed->mode = EDIT_ITEMS;
		return (yes ? edit_items_remove(ed) : EDIT_REDRAW);
	case EDIT_CONFLICT:
		/* The choices are in the form: save them, or edit on. */
		ed->mode = EDIT_FORM;
		return (yes ? edit_save_form(ed) : EDIT_REDRAW);
	case EDIT_CONFIRM_DISCARD:
		ed->mode = EDIT_FORM;
		if (yes)
			edit_items_back(ed, false, NULL);
		return (EDIT_REDRAW);
	default:
		return (0);
	}
}

static int
edit_items_mode_result(void *state, int result)
{
	struct edit_items	*ei = state;

	return (edit_items_mode_flags(ei, edit_items_answer(ei->ed, result)));
}

static void
edit_items_mode_close(void *state)
{
	struct edit_items	*ei = state;
	struct edit		*ed = ei->ed;

	if (edit_active(ed))
		edit_close(ed);
	edit_items_free(ed);
}

static const struct mode_ops edit_items_mode_ops = {
	.name = "editing",
	.context = edit_items_mode_context,
	.draw = edit_items_mode_draw,
	.key = edit_items_mode_key,
	.paste = edit_items_mode_paste,
	.result = edit_items_mode_result,
	.close = edit_items_mode_close
};

/*
 * The item form mode: an item's form, its discard question and conflict
 * screen; it closes when the form goes back to the list.
 */
static int
edit_items_form_flags(struct edit_items_form *f, int r)
{
	struct edit	*ed = f->ei->ed;

	r |= MODE_REDRAW;
	return (ed->form != NULL && edit_active(ed) ? r : r | MODE_CLOSE);
}

static unsigned int
edit_items_form_context(void *state)
{
	struct edit_items_form	*f = state;

	return (edit_context(f->ei->ed));
}

static void
edit_items_form_draw(void *state, int rows, int cols)
{
	struct edit_items_form	*f = state;

	if (f->ei->ed->form != NULL)
		edit_draw(f->ei->ed, rows, cols);
}

static int
edit_items_form_mode_key(void *state, int wch, bool code)
{
	struct edit_items_form	*f = state;
	struct edit		*ed = f->ei->ed;

	if (ed->form == NULL || !edit_active(ed))
		return (MODE_REDRAW | MODE_CLOSE);
	if (keymap_lookup(ed->km, edit_context(ed), wch) == KEYMAP_MODE_HELP)
		return (MODE_REDRAW | MODE_HELP);
	return (edit_items_form_flags(f, edit_items_form_key(ed, wch, code)));
}

static int
edit_items_form_paste(void *state, const char *text, const char *note)
{
	struct edit_items_form	*f = state;

	return (edit_items_form_flags(f, edit_paste(f->ei->ed, text, note)));
}

static int
edit_items_form_result(void *state, int result)
{
	struct edit_items_form	*f = state;

	return (edit_items_form_flags(f, edit_items_answer(f->ei->ed,
	    result)));
}

/* Popped: a form still open goes (the list is closing under it). */
static void
edit_items_form_close(void *state)
{
	struct edit_items_form	*f = state;
	struct edit		*ed = f->ei->ed;

	if (ed->form != NULL) {
		form_free(ed->form);
		ed->form = NULL;
		if (edit_active(ed))
			ed->mode = EDIT_ITEMS;
	}
	f->ei->form_up = false;
	free(f);
}

static const struct mode_ops edit_items_form_mode_ops = {
	.name = "editing",
	.context = edit_items_form_context,
	.draw = edit_items_form_draw,
	.key = edit_items_form_mode_key,
	.paste = edit_items_form_paste,
	.result = edit_items_form_result,
	.close = edit_items_form_close
};

bool
edit_items_stale(const struct edit *ed, const struct mode *m)
{
	if (m->ops == &edit_items_mode_ops)
		return (!edit_active(ed));
	if (m->ops == &edit_items_form_mode_ops)
		return (ed->form == NULL || !edit_active(ed));
	return (false);
}

int
edit_open_items(struct edit *ed, bool org, const char *owner_id)
{
	int	r = edit_items_open_list(ed, org, owner_id);

	/* Without room on a stack the list does not open. */
	if (ed->items == NULL || (ed->modes != NULL &&
	    mode_stack_push(ed->modes, &edit_items_mode_ops, ed->items)))
		return (r);
	edit_close(ed);
	edit_items_free(ed);
	return (r);
}
