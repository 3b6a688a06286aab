/* A form's mode: the contact, add-existing and item forms on the stack. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "switchboard/edit.h"
#include "edit-int.h"
#include "edit-role-int.h"
#include "switchboard/form.h"
#include "switchboard/keymap.h"
#include "switchboard/mode.h"
#include "switchboard/util.h"

static const struct mode_ops edit_sheet_mode_ops;

struct edit_sheet *
edit_sheet_push(struct edit *ed, struct form *form,
    const struct edit_form_ops *ops, enum edit_kind kind, const char *title)
{
	struct edit_sheet	*s = xcalloc(1, sizeof *s);

	s->ed = ed;
	s->ops = ops;
	s->form = form;
	s->kind = kind;
	s->mode = EDIT_FORM;
	s->cursor_y = s->cursor_x = -1;
	snprintf(s->title, sizeof s->title, "%s", title);
	if (!edit_view_push(ed, &edit_sheet_mode_ops, s)) {
		form_free(form);
		free(s);
		return (NULL);
	}
	ed->open = s;
	return (s);
}

bool
edit_sheet_stale(const struct mode *m)
{
	return (m->ops == &edit_sheet_mode_ops &&
	    ((const struct edit_sheet *)m->state)->done);
}

/* The flags of what it did, and closed when it is done. */
static int
edit_sheet_flags(const struct edit_sheet *s, int r)
{
	r |= MODE_REDRAW;
	return (s->done ? r | MODE_CLOSE : r);
}

static unsigned int
edit_sheet_context(void *state)
{
	struct edit_sheet	*s = state;

	switch (s->mode) {
	case EDIT_FORM:
		return (KEYMAP_CTX_FORM | (s->ops->context != NULL ?
		    s->ops->context(s) : 0));
	case EDIT_CONFLICT:
		return (KEYMAP_CTX_CONFLICT);
	default:
		return (KEYMAP_CTX_CONFIRM);
	}
}

static void
edit_sheet_mode_draw(void *state, int rows, int cols)
{
	struct edit_sheet	*s = state;

	if (!s->done)
		edit_sheet_draw(s, rows, cols);
}

static int
edit_sheet_key(void *state, int wch, bool code)
{
	struct edit_sheet	*s = state;

	if (s->done)
		return (MODE_REDRAW | MODE_CLOSE);
	if (keymap_lookup(s->ed->km, edit_sheet_context(s), wch) ==
	    KEYMAP_MODE_HELP)
		return (MODE_REDRAW | MODE_HELP);
	return (edit_sheet_flags(s, edit_form_key(s, wch, code)));
}

static int
edit_sheet_paste(void *state, const char *text, const char *note)
{
	struct edit_sheet	*s = state;

	return (edit_sheet_flags(s, edit_paste(s, text, note)));
}

/* The answer of what it asked, or of the conflict screen. */
static int
edit_sheet_result(void *state, int answer)
{
	struct edit_sheet	*s = state;
	enum edit_mode		 asked = s->mode;
	bool			 yes = answer == EDIT_ANSWER_YES;
	int			 r = EDIT_REDRAW;

	s->mode = EDIT_FORM;
	switch (asked) {
	case EDIT_FORM:
		r = 0;
		break;
	case EDIT_CONFLICT:
		/* The choices are in the form: save them, or edit on. */
		if (yes)
			r = edit_save_form(s);
		break;
	case EDIT_CONFIRM_DISCARD:
		if (yes)
			edit_sheet_drop(s);
		break;
	default:
		s->mode = asked;
		if (s->ops->answer != NULL)
			r = s->ops->answer(s, answer);
		else
			s->mode = EDIT_FORM;
		break;
	}
	return (edit_sheet_flags(s, r));
}

static void
edit_sheet_mode_close(void *state)
{
	struct edit_sheet	*s = state;

	if (s->ed->open == s)
		s->ed->open = NULL;
	form_free(s->form);
	edit_roles_free(s->roles);
	free(s);
}

/* At the focused field's insertion point, for screen readers. */
static bool
edit_sheet_cursor(void *state, int *y, int *x)
{
	struct edit_sheet	*s = state;

	*y = s->cursor_y;
	*x = s->cursor_x;
	return (!s->done && s->mode == EDIT_FORM && s->cursor_y >= 0);
}

static const struct mode_ops edit_sheet_mode_ops = {
	.name = "editing",
	.context = edit_sheet_context,
	.draw = edit_sheet_mode_draw,
	.key = edit_sheet_key,
	.paste = edit_sheet_paste,
	.result = edit_sheet_result,
	.close = edit_sheet_mode_close,
	.cursor = edit_sheet_cursor
};
