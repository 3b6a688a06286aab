/* The conflict mode: per field, keep mine or take theirs, then save. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include <curses.h>

#include "switchboard/edit.h"
#include "edit-int.h"
#include "switchboard/form.h"
#include "switchboard/keymap.h"
#include "switchboard/mode.h"
#include "switchboard/util.h"

/*
 * The mode's own state; the form is the one of the form's mode below
 * (s), which outlives this one.
 */
struct edit_conflict {
	struct edit_sheet	*s;
	bool			 item;	/* a phone's, email's or address's */
	struct listview		 lv;	/* over the conflicted fields */
};

/* The conflicted field at row, in form order. */
static struct form_field *
edit_conflict_row(struct edit_conflict *c, int row)
{
	struct form	*form = c->s->form;
	size_t		 i;
	int		 n = 0;

	for (i = 0; i < form->count; i++) {
		if (form->fields[i].conflicted && n++ == row)
			return (&form->fields[i]);
	}
	return (NULL);
}

/* Done: the choices go into the form, the answer to the overlay. */
static int
edit_conflict_done(struct edit_conflict *c, int answer)
{
	form_conflict_resolve(c->s->form, c->s->form->version);
	mode_stack_set_result(c->s->ed->modes, answer);
	return (MODE_REDRAW | MODE_CLOSE);
}

static int
edit_conflict_key(void *state, int wch, bool code)
{
	struct edit_conflict	*c = state;
	struct form_field	*f = edit_conflict_row(c, c->lv.selected);
	const struct keymap	*km = c->s->ed->km;
	int			 key = keymap_key_normalize(wch);
	enum keymap_action	 a;

	(void)code;
	if (c->s->mode != EDIT_CONFLICT)
		return (MODE_REDRAW | MODE_CLOSE);
	a = keymap_lookup_move(km, KEYMAP_CTX_CONFLICT, key);
	if (a == KEYMAP_NONE && keymap_lookup(km, KEYMAP_CTX_FORM, key) ==
	    KEYMAP_FORM_SAVE)
		a = KEYMAP_CONFLICT_SAVE;
	if (a == KEYMAP_MODE_HELP)
		return (MODE_REDRAW | MODE_HELP);
	if (a == KEYMAP_MOVE_UP || a == KEYMAP_MOVE_DOWN)
		listview_move(&c->lv, a == KEYMAP_MOVE_UP ? -1 : 1);
	else if (a == KEYMAP_CONFLICT_TOGGLE && f != NULL)
		f->pick = f->pick == FORM_PICK_MINE ? FORM_PICK_THEIRS :
		    FORM_PICK_MINE;
	else if ((a == KEYMAP_CONFLICT_MINE || a == KEYMAP_CONFLICT_THEIRS) &&
	    f != NULL)
		f->pick = a == KEYMAP_CONFLICT_MINE ? FORM_PICK_MINE :
		    FORM_PICK_THEIRS;
	else if (a == KEYMAP_CONFLICT_SAVE)
		return (edit_conflict_done(c, EDIT_ANSWER_YES));
	else if (a == KEYMAP_CONFLICT_BACK)
		return (edit_conflict_done(c, EDIT_ANSWER_OTHER));
	return (MODE_REDRAW);
}

/* One conflicted field: its label, mine, theirs and who changed it. */
static void
edit_conflict_draw_row(struct edit_conflict *c, WINDOW *w, int y, int cw,
    struct form_field *f, bool selected)
{
	const struct draw	*d = c->s->ed->draw;
	char			 buf[80];

	draw_text(w, d, y, 2, EDIT_LABEL_W, f->label, selected ?
	    THEME_LIST_SELECTED : THEME_FIELD_LABEL);
	draw_text(w, d, y, EDIT_LABEL_W + 3, cw, form_field_value(f),
	    f->pick == FORM_PICK_MINE ? THEME_LIST_SELECTED : THEME_NORMAL);
	snprintf(buf, sizeof buf, " (%s)", f->actor);
	draw_text(w, d, y, EDIT_LABEL_W + 4 + cw, cw, f->theirs,
	    f->pick == FORM_PICK_THEIRS ? THEME_LIST_SELECTED : THEME_NORMAL);
	draw_text(w, d, y + 1, EDIT_LABEL_W + 4 + cw, cw, buf, THEME_DIM);
}

static void
edit_conflict_draw(void *state, int rows, int cols)
{
	struct edit_conflict	*c = state;
	const struct draw	*d = c->s->ed->draw;
	struct form		*form;
	WINDOW			*w;
	size_t			 i;
	int			 h = 0, width, y = 4, cw, row = 0;

	if (c->s->mode != EDIT_CONFLICT)
		return;
	form = c->s->form;
	if ((w = edit_draw_view(c->s->ed, rows, cols, 6 + 2 * c->lv.count,
	    c->s->title, &h, &width)) == NULL)
		return;
	cw = (width - EDIT_LABEL_W - 6) / 2;
	draw_text(w, d, 2, 2, width - 4, c->item ?
	    "Someone else changed it while you edited. Choose per field:" :
	    "Someone else changed this contact while you edited. Choose per "
	    "field:", THEME_STATUS_WARNING);
	draw_text(w, d, 3, EDIT_LABEL_W + 3, cw, "Mine", THEME_DIM);
	draw_text(w, d, 3, EDIT_LABEL_W + 4 + cw, cw, "Theirs", THEME_DIM);
	for (i = 0; i < form->count && y < h - 3; i++) {
		if (!form->fields[i].conflicted)
			continue;
		edit_conflict_draw_row(c, w, y, cw, &form->fields[i],
		    row == c->lv.selected);
		y += 2;
		row++;
	}
	draw_text(w, d, h - 2, 2, width - 4, "m keep mine  t take theirs  "
	    "Up/Down field  Enter save", THEME_DIM);
	wnoutrefresh(w);
	delwin(w);
}

static unsigned int
edit_conflict_context(void *state)
{
	(void)state;
	return (KEYMAP_CTX_CONFLICT);
}

static void
edit_conflict_close(void *state)
{
	free(state);
}

static const struct mode_ops edit_conflict_ops = {
	.name = "editing",
	.context = edit_conflict_context,
	.draw = edit_conflict_draw,
	.key = edit_conflict_key,
	.paste = mode_paste_ignored,
	.close = edit_conflict_close
};

int
edit_conflict_open(struct edit_sheet *s, size_t count, bool item)
{
	struct edit		*ed = s->ed;
	struct edit_conflict	*c = xcalloc(1, sizeof *c);

	c->s = s;
	c->item = item;
	listview_init(&c->lv);
	listview_set_scrolloff(&c->lv, 0);
	listview_set_count(&c->lv, (int)count);
	if (ed->modes == NULL || !mode_stack_push(ed->modes,
	    &edit_conflict_ops, c)) {
		form_conflict_resolve(s->form, s->form->version);
		free(c);
		return (EDIT_REDRAW);
	}
	mode_stack_set_result(ed->modes, EDIT_ANSWER_OTHER);
	s->mode = EDIT_CONFLICT;
	return (EDIT_REDRAW);
}
