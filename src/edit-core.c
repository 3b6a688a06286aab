/* The overlay's shared ground: close, messages, the form's keys, saving. */
#include "config.h"

#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <curses.h>

#include "switchboard/edit.h"
#include "edit-int.h"
#include "edit-role-int.h"
#include "switchboard/form.h"
#include "switchboard/history.h"
#include "switchboard/keymap.h"
#include "switchboard/store.h"
#include "switchboard/util.h"
#include "ui-confirm.h"

void
edit_close(struct edit *ed)
{
	form_free(ed->form);
	ed->form = NULL;
	ed->mode = EDIT_CLOSED;
}

void
edit_set_modes(struct edit *ed, struct mode_stack *modes)
{
	ed->modes = modes;
}

void
edit_set_country(struct edit *ed, const char *country)
{
	if (country != NULL && strlen(country) == 2)
		snprintf(ed->country, sizeof ed->country, "%s", country);
}

bool
edit_active(const struct edit *ed)
{
	return (ed->mode != EDIT_CLOSED);
}

unsigned int
edit_context(const struct edit *ed)
{
	switch (ed->mode) {
	case EDIT_FORM:
		return (KEYMAP_CTX_FORM);
	case EDIT_CONFLICT:
		return (KEYMAP_CTX_CONFLICT);
	case EDIT_ITEMS:
		return (KEYMAP_CTX_ITEMS);
	case EDIT_ITEMS_ADD:
		return (KEYMAP_CTX_ITEM_KIND);
	case EDIT_ITEMS_PICK:
		return (KEYMAP_CTX_GLOBAL);
	default:
		return (KEYMAP_CTX_CONFIRM);
	}
}

enum keymap_action
edit_action(const struct edit *ed, int key)
{
	return (keymap_lookup_move(ed->km, edit_context(ed), key));
}

bool
edit_place_over(int rows, int cols, int *y, int *x, int *h, int *w)
{
	*w = cols > 100 ? 96 : cols - 4;
	if (rows - 2 < 9 || *w < EDIT_MIN_W)
		return (false);
	*y = 3;
	*x = (cols - *w) / 2 + 1;
	*w -= 2;
	*h = EDIT_QUESTION_ROWS;
	return (true);
}

bool
edit_place_question(int rows, int cols, int *y, int *x, int *h,
    int *w)
{
	*w = cols > 100 ? 96 : cols - 4;
	if (rows - 2 < 9 || *w < EDIT_MIN_W)
		return (false);
	*y = 1;
	*x = (cols - *w) / 2;
	*h = 6;
	return (true);
}

bool
edit_place_prompt(int rows, int cols, int *y, int *x, int *h, int *w)
{
	*w = cols > 100 ? 96 : cols - 4;
	if (rows - 2 < 9 || *w < EDIT_MIN_W)
		return (false);
	*y = rows - 4;
	*x = (cols - *w) / 2 + 1;
	*w -= 2;
	*h = 1;
	return (true);
}

static const struct ui_confirm_frame edit_over_frame = {
	.place = edit_place_over,
	.bare = true
};

static const struct ui_confirm_frame edit_prompt_frame = {
	.place = edit_place_prompt,
	.bare = true
};

int
edit_ask(struct edit *ed, enum edit_mode asked, const char *question)
{
	const struct ui_confirm_frame	*f = &edit_over_frame;

	if (asked == EDIT_ITEMS_REMOVE)
		f = &edit_prompt_frame;
	if (ed->modes != NULL && ui_confirm_push_in(ed->modes, ed->draw,
	    ed->km, question, f))
		ed->mode = asked;
	return (EDIT_REDRAW);
}

void
edit_say(struct edit *ed, enum theme_role role, const char *fmt, ...)
{
	char	buf[1024];
	va_list	ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	ed->notify(ed->arg, role, buf);
}

/*
 * The UI's reads share the connection: wait for the one in flight and
 * drop what comes back (the caller reloads), so a command can run.
 */
void
edit_drain(struct edit *ed)
{
	struct store_async_result	r;
	struct pollfd			pfd;
	int				waited = 0;

	while (store_async_busy(ed->sa) && waited < EDIT_DRAIN_MS) {
		while (store_async_collect(ed->sa, &r))
			store_rows_free(&r.rows);
		if (!store_async_busy(ed->sa))
			break;
		pfd.fd = store_async_fd(ed->sa);
		pfd.events = POLLIN;
		if (pfd.fd < 0)
			break;
		poll(&pfd, 1, 100);
		waited += 100;
	}
	store_async_clear(ed->sa);
}

void
edit_save_lost(struct edit *ed, const struct store_result *res,
    const struct sb_error *err)
{
	if (!res->unsure) {
		edit_save_failed(ed, err);
		return;
	}
	snprintf(ed->unsure, sizeof ed->unsure, "%s",
	    form_command_id(ed->form));
	snprintf(ed->form->message, sizeof ed->form->message,
	    "The connection broke while saving. Changes kept; checking "
	    "whether it landed once the server is back");
}

bool
edit_unsure(const struct edit *ed)
{
	return (ed->unsure[0] != '\0');
}

/* A save that failed: show where, keep everything typed. */
void
edit_save_failed(struct edit *ed, const struct sb_error *err)
{
	/*
	 * What to do first, to fit 80 columns; the server's words last. A
	 * connection that broke mid-save may be back already (a socket).
	 */
	if (err->status == SB_UNAVAILABLE && store_async_fd(ed->sa) < 0) {
		snprintf(ed->form->message, sizeof ed->form->message,
		    "Not saved: server unreachable. Changes kept; save again "
		    "when it is back (%.200s)", err->message);
		return;
	}
	if (err->status == SB_UNAVAILABLE) {
		snprintf(ed->form->message, sizeof ed->form->message,
		    "Not saved: the connection broke and is back. Changes "
		    "kept; save again (%.200s)", err->message);
		return;
	}
	form_apply_error(ed->form, err);
}

int
edit_save_form(struct edit *ed)
{
	const char	*why = form_readonly_reason(ed->form);

	/* Nothing to save, and some of it may not change: say why. */
	if (ed->readonly[0] != '\0' || (why != NULL &&
	    !form_changed(ed->form))) {
		snprintf(ed->form->message, sizeof ed->form->message,
		    "Read-only: %s", ed->readonly[0] != '\0' ? ed->readonly :
		    why);
		return (EDIT_REDRAW);
	}
	form_clear_errors(ed->form);
	if (!form_check(ed->form))
		return (EDIT_REDRAW);
	edit_drain(ed);
	return (ed->form_ops->save(ed));
}

/* Leave the focused field for another: check it on the way out. */
static void
edit_form_move(struct edit *ed, int delta)
{
	struct form	*f = ed->form;

	if (ed->readonly[0] == '\0')
		form_check_field(f, f->focus);
	f->focus = (f->focus + f->count + (size_t)(delta + (int)f->count)) %
	    f->count;
}

/* A key on the focused field. */
static void
edit_form_field_key(struct edit *ed, int wch, bool code)
{
	struct form_field	*f = &ed->form->fields[ed->form->focus];
	struct sb_error		 err;
	int			 key = keymap_key_normalize(wch);

	if (ed->readonly[0] != '\0') {
		snprintf(ed->form->message, sizeof ed->form->message,
		    "Read-only: %s", ed->readonly);
		return;
	}
	if (f->readonly != NULL) {
		snprintf(f->error, sizeof f->error, "Read-only: %s",
		    f->readonly);
		return;
	}
	if (f->kind != FORM_TEXT) {
		if (keymap_lookup(ed->km, KEYMAP_CTX_FORM, key) !=
		    KEYMAP_FORM_TOGGLE)
			return;
		if (f->kind == FORM_BOOL)
			f->on = !f->on;
		else if (f->choices[++f->choice] == NULL)
			f->choice = 0;
		return;
	}
	if (textfield_key(&f->tf, key) || code || wch < 0x20 || wch == 0x7f)
		return;
	/*
	 * Keys come one at a time, a paste too: "1 character left out" would
	 * undercount it, so say the field is full instead.
	 */
	sb_error_clear(&err);
	if (textfield_insert_cp(&f->tf, (unsigned int)wch, &err) != SB_OK)
		snprintf(f->error, sizeof f->error, "Full: this field holds at "
		    "most %zu characters; what came after was left out",
		    f->tf.max_chars);
}

int
edit_form_key(struct edit *ed, int wch, bool code)
{
	enum keymap_action	a;
	int			r;

	/* A message answers the last key: the next one takes it away. */
	ed->form->message[0] = '\0';
	if (ed->form_ops->key != NULL && ed->form_ops->key(ed, wch, &r))
		return (r);
	a = keymap_lookup(ed->km, KEYMAP_CTX_FORM, keymap_key_normalize(wch));
	switch (a) {
	case KEYMAP_FORM_SAVE:
		return (edit_save_form(ed));
	case KEYMAP_FORM_CANCEL:
		if (ed->readonly[0] == '\0' && form_changed(ed->form))
			return (edit_ask(ed, EDIT_CONFIRM_DISCARD,
			    EDIT_DISCARD_Q));
		edit_close(ed);
		return (EDIT_REDRAW);
	case KEYMAP_FORM_NEXT:
		edit_form_move(ed, 1);
		return (EDIT_REDRAW);
	case KEYMAP_FORM_PREV:
		edit_form_move(ed, -1);
		return (EDIT_REDRAW);
	default:
		edit_form_field_key(ed, wch, code);
		if (ed->form_ops->changed != NULL)
			ed->form_ops->changed(ed);
		return (EDIT_REDRAW);
	}
}

struct edit_roles *
edit_roles_get(struct edit *ed)
{
	if (ed->roles == NULL)
		ed->roles = xcalloc(1, sizeof *ed->roles);
	return (ed->roles);
}

void
edit_roles_free(struct edit_roles *r)
{
	if (r == NULL)
		return;
	store_name_matches_clear(&r->found);
	free(r);
}
