/* Drawing the editing overlay: the form, conflicts, confirmations, history. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include <curses.h>

#include "switchboard/edit.h"
#include "switchboard/pane.h"
#include "switchboard/term-safe.h"
#include "edit-int.h"
#include "edit-role-int.h"

/* One field row: label, value (cursor cell reversed), error below. */
static int
edit_draw_field(struct edit *ed, WINDOW *w, int y, int bottom, int width,
    struct form_field *f, bool focused)
{
	const struct draw	*d = ed->draw;
	char			 buf[160];
	size_t			 start;
	int			 vw = width - EDIT_LABEL_W - 4, col;
	enum theme_role		 role = ed->readonly[0] != '\0' ||
	    f->readonly != NULL ? THEME_READONLY : THEME_FIELD_VALUE;

	draw_text(w, d, y, 2, EDIT_LABEL_W, f->label, focused ?
	    THEME_LIST_SELECTED : THEME_FIELD_LABEL);
	if (f->kind == FORM_TEXT) {
		col = textfield_view(&f->tf, vw, &start);
		draw_text(w, d, y, EDIT_LABEL_W + 3, vw,
		    textfield_text(&f->tf) + start, role);
		if (focused)
			mvwchgat(w, y, EDIT_LABEL_W + 3 + col, 1, A_REVERSE,
			    0, NULL);
	} else {
		snprintf(buf, sizeof buf, f->kind == FORM_BOOL ? "[%s]" :
		    "< %s >", f->kind == FORM_BOOL ? (f->on ? "x" : " ") :
		    (*form_field_value(f) != '\0' ? form_field_value(f) :
		    "none"));
		draw_text(w, d, y, EDIT_LABEL_W + 3, vw, buf, focused ?
		    THEME_LIST_SELECTED : role);
	}
	if (f->error[0] == '\0' || y + 1 >= bottom)
		return (1);
	return (1 + draw_wrap(w, ed->draw, y + 1, EDIT_LABEL_W + 3, vw,
	    bottom - y - 1 < 2 ? 1 : 2, f->error, THEME_STATUS_ERROR));
}

/*
 * Why (some of) the form may not change, above the fields; returns the
 * next row. Its own fields read-only and the link fields not: say that
 * the link is the organization's to change.
 */
static int
edit_draw_readonly(struct edit *ed, WINDOW *w, int y, int width)
{
	struct form	*f = ed->form;
	const char	*why = ed->readonly, *label = "Read-only: ";
	bool		 own;

	if (*why == '\0' && (why = form_readonly_reason(f)) == NULL)
		return (y);
	own = f->count > 0 && f->fields[0].readonly != NULL;
	if (ed->readonly[0] == '\0' && !own)
		label = "Role here: ";
	draw_text(w, ed->draw, y, 2, width - 4, label, THEME_STATUS_WARNING);
	draw_text(w, ed->draw, y, 13, width - 15, why, THEME_STATUS_WARNING);
	if (ed->readonly[0] == '\0' && own)
		draw_text(w, ed->draw, ++y, 2, width - 4, "Its role here and "
		    "the primary mark are this organization's to change.",
		    THEME_DIM);
	return (y + 2);
}

static void
edit_draw_form(struct edit *ed, WINDOW *w, int h, int width)
{
	struct form	*f = ed->form;
	size_t		 i;
	int		 y = 2;

	y = edit_draw_readonly(ed, w, y, width);
	for (i = 0; i < f->count && y < h - 3; i++)
		y += edit_draw_field(ed, w, y, h - 3, width, &f->fields[i],
		    i == f->focus);
	edit_find_draw(ed, w, y, h, width);
	/* A long message takes the row above too when the fields left it. */
	if (f->message[0] != '\0' && y < h - 4 && term_safe_width(f->message,
	    ed->draw->safe_flags) > width - 4)
		draw_wrap(w, ed->draw, h - 4, 2, width - 4, 2, f->message,
		    THEME_STATUS_ERROR);
	else if (f->message[0] != '\0')
		draw_text(w, ed->draw, h - 3, 2, width - 4, f->message,
		    THEME_STATUS_ERROR);
	draw_text(w, ed->draw, h - 2, 2, width - 4, ed->readonly[0] != '\0' ?
	    "Esc close" : width - 4 >= 53 ? "F2/C-x save  Tab next field  "
	    "Space toggles  Esc cancel" : "F2 save  Tab next  Esc cancel",
	    THEME_DIM);
}

void
edit_draw_question(struct edit *ed, WINDOW *w, int width, const char *text)
{
	int	y;

	/* Over the form if any: its rows go, the whole question shows. */
	for (y = 2; y < 2 + EDIT_QUESTION_ROWS; y++)
		draw_fill(w, ed->draw, y, 1, width - 2, THEME_NORMAL);
	draw_wrap(w, ed->draw, 2, 2, width - 4, EDIT_QUESTION_ROWS, text,
	    THEME_STATUS_WARNING);
}

/*
 * The window the mode needs, border included, so nothing is cut away: a
 * form all its fields and the rows below them, a list room for a few rows.
 * A question over a form (discard, link instead) makes do without it.
 */
static void
edit_draw_need(struct edit *ed, bool question, int *h, int *width)
{
	*h = 9;
	*width = EDIT_MIN_W;
	if (ed->mode == EDIT_FORM || (ed->form != NULL && !question &&
	    (ed->mode == EDIT_CONFIRM_DISCARD ||
	    ed->mode == EDIT_CONFIRM_EXISTING)))
		*h = (int)ed->form->count + 6 + (ed->readonly[0] != '\0' ?
		    2 : 0);
}

/* Say the terminal is too small for the overlay, and how to get out. */
static void
edit_draw_too_small(struct edit *ed, int rows, int cols, int nh, int nw)
{
	WINDOW	*w;
	char	 buf[200];
	int	 y = 1;

	if ((w = newwin(rows - 2, cols, 1, 0)) == NULL)
		return;
	wbkgdset(w, ' ' | ed->draw->attrs[THEME_NORMAL]);
	werase(w);
	box(w, 0, 0);
	snprintf(buf, sizeof buf, "Terminal too small for this view "
	    "(%dx%d): it needs %dx%d.", cols, rows, nw + 4, nh + 2);
	y += draw_wrap(w, ed->draw, y, 2, cols - 4, 3, buf,
	    THEME_STATUS_ERROR);
	if (ed->mode == EDIT_CONFIRM_DISCARD)
		snprintf(buf, sizeof buf, "Discard your changes? (y/n)");
	else
		snprintf(buf, sizeof buf, "Enlarge it, or press Esc to leave.");
	if (y < rows - 3)
		draw_wrap(w, ed->draw, y, 2, cols - 4, rows - 3 - y, buf,
		    ed->mode == EDIT_CONFIRM_DISCARD ? THEME_STATUS_WARNING :
		    THEME_NORMAL);
	wnoutrefresh(w);
	delwin(w);
}

/*
 * Whether the mode's view fits rows x cols (a question over a form may
 * leave the form out: *question); if not, say so in its place.
 */
static bool
edit_draw_fits(struct edit *ed, int rows, int cols, bool *question)
{
	int	h = rows - 2, width = cols > 100 ? 96 : cols - 4, nh, nw;

	*question = false;
	edit_draw_need(ed, false, &nh, &nw);
	if ((nh > h || nw > width) && (ed->mode == EDIT_CONFIRM_DISCARD ||
	    ed->mode == EDIT_CONFIRM_EXISTING)) {
		*question = true;
		edit_draw_need(ed, true, &nh, &nw);
	}
	if (nh <= h && nw <= width)
		return (true);
	edit_draw_too_small(ed, rows, cols, nh, nw);
	return (false);
}

/* The overlay's window, h x width, boxed and titled. */
static WINDOW *
edit_draw_box(struct edit *ed, int cols, int h, int width, const char *title)
{
	WINDOW	*w;

	if ((w = newwin(h, width, 1, (cols - width) / 2)) == NULL)
		return (NULL);
	wbkgdset(w, ' ' | ed->draw->attrs[THEME_NORMAL]);
	werase(w);
	box(w, 0, 0);
	draw_text(w, ed->draw, 0, 2, width - 4, title, THEME_PANE_TITLE);
	return (w);
}

WINDOW *
edit_draw_view(struct edit *ed, int rows, int cols, int need,
    const char *title, int *h, int *width)
{
	int	nh = need > 9 ? need : 9, nw = EDIT_MIN_W, want = *h;

	*h = want > 0 && want < rows - 2 ? want : rows - 2;
	*width = cols > 100 ? 96 : cols - 4;
	if (nh > rows - 2 || nw > *width) {
		edit_draw_too_small(ed, rows, cols, nh, nw);
		return (NULL);
	}
	return (edit_draw_box(ed, cols, *h, *width, title));
}

void
edit_draw(struct edit *ed, int rows, int cols)
{
	WINDOW	*w;
	int	 h = rows - 2, width = cols > 100 ? 96 : cols - 4;
	bool	 question;

	/* The conflict mode (edit-conflict.c) shows in its place. */
	if (ed->mode == EDIT_CLOSED || ed->mode == EDIT_CONFLICT ||
	    !edit_draw_fits(ed, rows, cols, &question))
		return;
	if (edit_items_screen(ed)) {
		edit_items_draw(ed, rows, cols);
		return;
	}
	/* The question (ui-confirm.c) shows in its place. */
	if (ed->mode == EDIT_CONFIRM_PRIMARY)
		return;
	if ((w = edit_draw_box(ed, cols, h, width, ed->title)) == NULL)
		return;
	switch (ed->mode) {
	case EDIT_FORM:
		edit_draw_form(ed, w, h, width);
		break;
	case EDIT_CONFIRM_DISCARD:
	case EDIT_CONFIRM_EXISTING:
		/* The question (ui-confirm.c) shows over its rows. */
		if (!question)
			edit_draw_form(ed, w, h, width);
		break;
	default:
		break;
	}
	wnoutrefresh(w);
	delwin(w);
}
