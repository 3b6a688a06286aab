/* The overlay's shared ground: messages, questions, waiting for reads. */
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
#include "switchboard/keymap.h"
#include "switchboard/mode.h"
#include "switchboard/store.h"
#include "switchboard/util.h"
#include "ui-confirm.h"

_Static_assert(EDIT_ANSWER_NO == UI_CONFIRM_NO &&
    EDIT_ANSWER_YES == UI_CONFIRM_YES && EDIT_ANSWER_OTHER == UI_CONFIRM_OTHER,
    "the overlay's answers are the question's results");

void
edit_set_modes(struct edit *ed, struct mode_stack *modes)
{
	ed->modes = modes;
}

void
edit_set_make_person(struct edit *ed,
    const char *(*make)(void *, const char *), void *arg)
{
	ed->make_person = make;
	ed->make_person_arg = arg;
}

void
edit_set_country(struct edit *ed, const char *country)
{
	if (country != NULL && strlen(country) == 2)
		snprintf(ed->country, sizeof ed->country, "%s", country);
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

bool
edit_ask(struct edit *ed, bool prompt, const char *question)
{
	return (ed->modes != NULL && ui_confirm_push_in(ed->modes, ed->draw,
	    ed->km, question, prompt ? &edit_prompt_frame : &edit_over_frame));
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

enum sb_status
edit_primary_holder(struct edit *ed, const char *org_id, const char *role,
    const char *except_id, char *name, size_t size,
    char id[STORE_UUID_LEN + 1], struct sb_error *err)
{
	struct store_link_query	 q = { .org_id = org_id, .role = role,
	    .include_inactive = true };
	struct store_rows	 rows;
	struct store_link	*l;
	size_t			 i;

	name[0] = id[0] = '\0';
	if (store_org_contacts(ed->db, &q, &rows, err) != SB_OK)
		return (err->status);
	l = rows.rows;
	for (i = 0; i < rows.count; i++) {
		if (!l[i].primary || strcmp(l[i].role, role) != 0 ||
		    strcmp(l[i].contact_id, except_id) == 0)
			continue;
		snprintf(name, size, "%s %s", l[i].first_name,
		    l[i].last_name);
		snprintf(id, STORE_UUID_LEN + 1, "%s", l[i].contact_id);
	}
	store_rows_free(&rows);
	return (SB_OK);
}

enum theme_role
edit_undo_last(struct edit *ed, char *msg, size_t size)
{
	struct sb_error	err;
	char		what[HISTORY_WHAT_MAX];

	if (history_log_top(&ed->undo) == NULL) {
		snprintf(msg, size, "Nothing to undo");
		return (THEME_STATUS_WARNING);
	}
	edit_drain(ed);
	sb_error_clear(&err);
	if (history_log_undo(&ed->undo, ed->db, what, sizeof what, &err) ==
	    SB_OK) {
		snprintf(msg, size, "Undone: %s", what);
		return (THEME_STATUS_OK);
	}
	/* Why first: the items list's message line is narrow. */
	snprintf(msg, size, "Not undone: %s (%s)", strncmp(err.message,
	    "not undone: ", 12) == 0 ? err.message + 12 : err.message, what);
	return (THEME_STATUS_ERROR);
}

bool
edit_org_field_id(struct edit_sheet *s, const char *field, char *id,
    size_t size, const char *missing)
{
	struct form_field	*f = form_field_find(s->form, field);
	struct store_grid	 g;
	struct sb_error		 err;
	bool			 found;

	*id = '\0';
	if (*form_field_value(f) == '\0')
		return (true);
	edit_drain(s->ed);
	if (store_org_named(s->ed->db, form_field_value(f), &g, &err) !=
	    SB_OK) {
		edit_save_failed(s, &err);
		return (false);
	}
	if ((found = g.rows > 0))
		snprintf(id, size, "%s", store_grid_cell(&g, 0, 0));
	else
		snprintf(f->error, sizeof f->error, "%s", missing);
	store_grid_free(&g);
	return (found);
}

bool
edit_kinds_refused(struct edit *ed, int kinds, const char *only, char *why,
    size_t size)
{
	struct store_grid	 g;
	struct sb_error		 err;
	const char		*kind;
	size_t			 i;

	if (ed->kinds < 0) {
		edit_drain(ed);
		if (store_whoami(ed->db, &g, &err) != SB_OK) {
			snprintf(why, size, "%s", err.message);
			return (true);
		}
		ed->kinds = 0;
		for (i = 0; i < g.rows; i++) {
			kind = store_grid_cell(&g, i, 1);
			if (strcmp(kind, "super_admin") == 0)
				ed->kinds |= EDIT_HOLDS_SUPER;
			else if (strcmp(kind, "provider_admin") == 0)
				ed->kinds |= EDIT_HOLDS_PROVIDER;
		}
		store_grid_free(&g);
	}
	if ((ed->kinds & kinds) != 0)
		return (false);
	snprintf(why, size, "%s", only);
	return (true);
}

bool
edit_view_push(struct edit *ed, const struct mode_ops *ops, void *state)
{
	if (ed->modes != NULL && mode_stack_push(ed->modes, ops, state))
		return (true);
	edit_say(ed, THEME_STATUS_WARNING, "Too many views open: close one "
	    "with Esc first");
	return (false);
}

void
edit_sheet_close(struct edit_sheet *s)
{
	s->done = true;
}

int
edit_sheet_ask(struct edit_sheet *s, enum edit_mode asked,
    const char *question)
{
	if (edit_ask(s->ed, false, question))
		s->mode = asked;
	return (EDIT_REDRAW);
}

void
edit_save_lost(struct edit_sheet *s, const struct store_result *res,
    const struct sb_error *err)
{
	if (!res->unsure) {
		edit_save_failed(s, err);
		return;
	}
	snprintf(s->ed->unsure, sizeof s->ed->unsure, "%s",
	    form_command_id(s->form));
	util_format_text(s->form->message, sizeof s->form->message,
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
edit_save_failed(struct edit_sheet *s, const struct sb_error *err)
{
	struct form	*f = s->form;

	/*
	 * What to do first, to fit 80 columns; the server's words last. A
	 * connection that broke mid-save may be back already (a socket).
	 */
	if (err->status == SB_UNAVAILABLE && store_async_fd(s->ed->sa) < 0) {
		util_format_text(f->message, sizeof f->message, "Not saved: server "
		    "unreachable. Changes kept; save again when it is back "
		    "(%s)", err->message);
		return;
	}
	if (err->status == SB_UNAVAILABLE) {
		util_format_text(f->message, sizeof f->message, "Not saved: the "
		    "connection broke and is back. Changes kept; save again "
		    "(%s)", err->message);
		return;
	}
	form_apply_error(f, err);
}

int
edit_save_form(struct edit_sheet *s)
{
	const char	*why = form_readonly_reason(s->form);

	/* Nothing to save, and some of it may not change: say why. */
	if (s->readonly[0] != '\0' || (why != NULL &&
	    !form_changed(s->form))) {
		util_format_text(s->form->message, sizeof s->form->message,
		    "Read-only: %s", s->readonly[0] != '\0' ? s->readonly :
		    why);
		return (EDIT_REDRAW);
	}
	form_clear_errors(s->form);
	if (!form_check(s->form))
		return (EDIT_REDRAW);
	edit_drain(s->ed);
	return (s->ops->save(s));
}

/* Leave the focused field for another: check it on the way out. */
static void
edit_form_move(struct edit_sheet *s, int delta)
{
	struct form	*f = s->form;

	if (s->readonly[0] == '\0')
		form_check_field(f, f->focus);
	f->focus = (f->focus + f->count + (size_t)(delta + (int)f->count)) %
	    f->count;
}

/* A key on the focused field. */
static void
edit_form_field_key(struct edit_sheet *s, int wch, bool code)
{
	struct form_field	*f = &s->form->fields[s->form->focus];
	struct sb_error		 err;
	int			 key = keymap_key_normalize(wch);

	if (s->readonly[0] != '\0') {
		util_format_text(s->form->message, sizeof s->form->message,
		    "Read-only: %s", s->readonly);
		return;
	}
	if (f->readonly != NULL) {
		snprintf(f->error, sizeof f->error, "Read-only: %s",
		    f->readonly);
		return;
	}
	if (f->kind != FORM_TEXT) {
		if (keymap_lookup(s->ed->km, KEYMAP_CTX_FORM, key) !=
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

/* The form goes: as its opener says (an item's: back to the list). */
void
edit_sheet_drop(struct edit_sheet *s)
{
	if (s->ops->drop != NULL)
		s->ops->drop(s);
	else
		edit_sheet_close(s);
}

int
edit_form_key(struct edit_sheet *s, int wch, bool code)
{
	enum keymap_action	a;
	int			r;

	/* A message answers the last key: the next one takes it away. */
	s->form->message[0] = '\0';
	if (s->ops->key != NULL && s->ops->key(s, wch, &r))
		return (r);
	a = keymap_lookup(s->ed->km, KEYMAP_CTX_FORM,
	    keymap_key_normalize(wch));
	switch (a) {
	case KEYMAP_FORM_SAVE:
		return (edit_save_form(s));
	case KEYMAP_FORM_CANCEL:
		if (s->readonly[0] == '\0' && form_changed(s->form))
			return (edit_sheet_ask(s, EDIT_CONFIRM_DISCARD,
			    EDIT_DISCARD_Q));
		edit_sheet_drop(s);
		return (EDIT_REDRAW);
	case KEYMAP_FORM_NEXT:
		edit_form_move(s, 1);
		return (EDIT_REDRAW);
	case KEYMAP_FORM_PREV:
		edit_form_move(s, -1);
		return (EDIT_REDRAW);
	default:
		edit_form_field_key(s, wch, code);
		if (s->ops->changed != NULL)
			s->ops->changed(s);
		return (EDIT_REDRAW);
	}
}

struct edit_roles *
edit_roles_get(struct edit_sheet *s)
{
	if (s->roles == NULL)
		s->roles = xcalloc(1, sizeof *s->roles);
	return (s->roles);
}

void
edit_roles_free(struct edit_roles *r)
{
	if (r == NULL)
		return;
	store_name_matches_clear(&r->found);
	free(r);
}
