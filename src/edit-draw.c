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
edit_draw_field(struct edit_sheet *s, WINDOW *w, int y, int bottom, int width,
    struct form_field *f, bool focused)
{
	const struct draw	*d = s->ed->draw;
	char			 buf[160];
	size_t			 start;
	int			 vw = width - EDIT_LABEL_W - 4, col;
	enum theme_role		 role = s->readonly[0] != '\0' ||
	    f->readonly != NULL ? THEME_READONLY : THEME_FIELD_VALUE;

	draw_text(w, d, y, 2, EDIT_LABEL_W, f->label, focused ?
	    THEME_LIST_SELECTED : THEME_FIELD_LABEL);
	if (f->kind == FORM_TEXT) {
		col = textfield_view(&f->tf, vw, &start);
		draw_text(w, d, y, EDIT_LABEL_W + 3, vw,
		    textfield_text(&f->tf) + start, role);
		if (focused) {
			mvwchgat(w, y, EDIT_LABEL_W + 3 + col, 1, A_REVERSE,
			    0, NULL);
			s->cursor_y = getbegy(w) + y;
			s->cursor_x = getbegx(w) + EDIT_LABEL_W + 3 + col;
		}
	} else {
		snprintf(buf, sizeof buf, f->kind == FORM_BOOL ? "[%s]" :
		    "< %s >", f->kind == FORM_BOOL ? (f->on ? "x" : " ") :
		    (*form_field_value(f) != '\0' ? form_field_value(f) :
		    "none"));
		draw_text(w, d, y, EDIT_LABEL_W + 3, vw, buf, focused ?
		    THEME_LIST_SELECTED : role);
		if (focused) {
			s->cursor_y = getbegy(w) + y;
			s->cursor_x = getbegx(w) + EDIT_LABEL_W + 3;
		}
	}
	if (f->error[0] == '\0' || y + 1 >= bottom)
		return (1);
	return (1 + draw_wrap(w, s->ed->draw, y + 1, EDIT_LABEL_W + 3, vw,
	    bottom - y - 1 < 2 ? 1 : 2, f->error, THEME_STATUS_ERROR));
}

/*
 * Why (some of) the form may not change, above the fields; returns the
 * next row. Its own fields read-only and the link fields not: say that
 * the link is the organization's to change.
 */
static int
edit_draw_readonly(struct edit_sheet *s, WINDOW *w, int y, int width)
{
	const struct draw	*d = s->ed->draw;
	struct form		*f = s->form;
	const char		*why = s->readonly, *label = "Read-only: ";
	bool			 own;

	if (*why == '\0' && (why = form_readonly_reason(f)) == NULL)
		return (y);
	own = f->count > 0 && f->fields[0].readonly != NULL;
	if (s->readonly[0] == '\0' && !own)
		label = "Role here: ";
	draw_text(w, d, y, 2, width - 4, label, THEME_STATUS_WARNING);
	draw_text(w, d, y, 13, width - 15, why, THEME_STATUS_WARNING);
	if (s->readonly[0] == '\0' && own)
		draw_text(w, d, ++y, 2, width - 4, "Its role here and the "
		    "primary mark are this organization's to change.",
		    THEME_DIM);
	return (y + 2);
}

static void
edit_draw_form(struct edit_sheet *s, WINDOW *w, int h, int width)
{
	struct form	*f = s->form;
	size_t		 i;
	int		 y = 2;

	y = edit_draw_readonly(s, w, y, width);
	for (i = 0; i < f->count && y < h - 3; i++)
		y += edit_draw_field(s, w, y, h - 3, width, &f->fields[i],
		    i == f->focus);
	edit_find_draw(s, w, y, h, width);
	/* A long message takes the row above too when the fields left it. */
	if (f->message[0] != '\0' && y < h - 4 && term_safe_width(f->message,
	    s->ed->draw->safe_flags) > width - 4)
		draw_wrap(w, s->ed->draw, h - 4, 2, width - 4, 2, f->message,
		    THEME_STATUS_ERROR);
	else if (f->message[0] != '\0')
		draw_text(w, s->ed->draw, h - 3, 2, width - 4, f->message,
		    THEME_STATUS_ERROR);
	draw_text(w, s->ed->draw, h - 2, 2, width - 4, s->readonly[0] != '\0' ?
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
 * The window the form needs, border included, so nothing is cut away:
 * all its fields and the rows below them. A question over it (discard,
 * link instead) makes do without it.
 */
static int
edit_draw_need(const struct edit_sheet *s, bool question)
{
	if (question || s->mode == EDIT_CONFIRM_PRIMARY)
		return (9);
	return ((int)s->form->count + 6 + (s->readonly[0] != '\0' ? 2 : 0));
}

/*
 * Say the terminal is too small for the overlay (nh x nw), and how to
 * get out; asked: the discard question is open over the view.
 */
static void
edit_draw_too_small(struct edit *ed, int rows, int cols, int nh, int nw,
    bool asked)
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
	snprintf(buf, sizeof buf, "%s", asked ? EDIT_DISCARD_Q :
	    "Enlarge it, or press Esc to leave.");
	if (y < rows - 3)
		draw_wrap(w, ed->draw, y, 2, cols - 4, rows - 3 - y, buf,
		    asked ? THEME_STATUS_WARNING : THEME_NORMAL);
	wnoutrefresh(w);
	delwin(w);
}

/*
 * Whether the form fits rows x cols (a question over it may leave the
 * form out: *question); if not, say so in its place.
 */
static bool
edit_draw_fits(struct edit_sheet *s, int rows, int cols, bool *question)
{
	int	h = rows - 2, width = cols > 100 ? 96 : cols - 4, nh;
	bool	asked = s->mode == EDIT_CONFIRM_DISCARD ||
	    s->mode == EDIT_CONFIRM_EXISTING;

	*question = false;
	nh = edit_draw_need(s, false);
	if (nh > h && asked) {
		*question = true;
		nh = edit_draw_need(s, true);
	}
	if (nh <= h && EDIT_MIN_W <= width)
		return (true);
	edit_draw_too_small(s->ed, rows, cols, nh, EDIT_MIN_W,
	    s->mode == EDIT_CONFIRM_DISCARD);
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
		edit_draw_too_small(ed, rows, cols, nh, nw, false);
		return (NULL);
	}
	return (edit_draw_box(ed, cols, *h, *width, title));
}

void
edit_sheet_draw(struct edit_sheet *s, int rows, int cols)
{
	WINDOW	*w;
	int	 h = rows - 2, width = cols > 100 ? 96 : cols - 4;
	bool	 question;

	s->cursor_y = s->cursor_x = -1;
	/*
	 * The conflict mode (edit-conflict.c) and the primary question
	 * show in its place; the others over its rows.
	 */
	if (s->mode == EDIT_CONFLICT ||
	    !edit_draw_fits(s, rows, cols, &question) ||
	    s->mode == EDIT_CONFIRM_PRIMARY)
		return;
	if ((w = edit_draw_box(s->ed, cols, h, width, s->title)) == NULL)
		return;
	if (!question)
		edit_draw_form(s, w, h, width);
	wnoutrefresh(w);
	delwin(w);
}

void
edit_draw_keys(struct edit *ed, WINDOW *w, int y, int width,
    const struct edit_key_hint *keys, size_t nkeys)
{
	char	line[300] = "", name[16];
	int	bound[KEYMAP_KEYS_MAX];
	size_t	i, n;

	for (i = 0; i < nkeys; i++) {
		if (keymap_keys(ed->km, keys[i].action, bound) == 0)
			continue;
		n = strlen(line);
		snprintf(line + n, sizeof line - n, "%s%s %s", n > 0 ? "  " :
		    "", keymap_key_name(bound[0], name, sizeof name),
		    keys[i].what);
	}
	draw_text(w, ed->draw, y, 2, width - 4, line, THEME_DIM);
}

void
edit_draw_cells(struct edit *ed, WINDOW *w, int y, const char *const *cells,
    const int *widths, int n, enum theme_role role)
{
	int	i, x = 2;

	for (i = 0; i < n; i++) {
		draw_text(w, ed->draw, y, x, widths[i], cells[i], role);
		x += widths[i] + 1;
	}
}
