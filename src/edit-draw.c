/* Drawing the editing overlay: the form, conflicts, confirmations, history. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include <curses.h>

#include "switchboard/edit.h"
#include "switchboard/pane.h"
#include "edit-int.h"
#include "edit-role-int.h"

/* One field row: label, value (cursor cell reversed), error below. */
static int
edit_draw_field(struct edit *ed, WINDOW *w, int y, int width,
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
	if (f->error[0] == '\0')
		return (1);
	draw_text(w, d, y + 1, EDIT_LABEL_W + 3, vw, f->error,
	    THEME_STATUS_ERROR);
	return (2);
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
		y += edit_draw_field(ed, w, y, width, &f->fields[i],
		    i == f->focus);
	edit_find_draw(ed, w, y, h, width);
	if (f->message[0] != '\0')
		draw_text(w, ed->draw, h - 3, 2, width - 4, f->message,
		    THEME_STATUS_ERROR);
	draw_text(w, ed->draw, h - 2, 2, width - 4, ed->readonly[0] != '\0' ?
	    "Esc close" : "F2/C-x save  Tab next field  Space toggles  "
	    "Esc cancel", THEME_DIM);
}

static void
edit_draw_conflict(struct edit *ed, WINDOW *w, int h, int width)
{
	struct form_field	*f;
	char			 buf[80];
	int			 y = 4, cw = (width - EDIT_LABEL_W - 6) / 2;
	size_t			 i, row = 0;

	draw_text(w, ed->draw, 2, 2, width - 4, edit_items_form(ed) ?
	    "Someone else changed it while you edited. Choose per field:" :
	    "Someone else changed this contact while you edited. Choose per "
	    "field:", THEME_STATUS_WARNING);
	draw_text(w, ed->draw, 3, EDIT_LABEL_W + 3, cw, "Mine", THEME_DIM);
	draw_text(w, ed->draw, 3, EDIT_LABEL_W + 4 + cw, cw, "Theirs",
	    THEME_DIM);
	for (i = 0; i < ed->form->count && y < h - 3; i++) {
		f = &ed->form->fields[i];
		if (!f->conflicted)
			continue;
		draw_text(w, ed->draw, y, 2, EDIT_LABEL_W, f->label,
		    row == ed->sel ? THEME_LIST_SELECTED : THEME_FIELD_LABEL);
		draw_text(w, ed->draw, y, EDIT_LABEL_W + 3, cw,
		    form_field_value(f), f->pick == FORM_PICK_MINE ?
		    THEME_LIST_SELECTED : THEME_NORMAL);
		snprintf(buf, sizeof buf, " (%s)", f->actor);
		draw_text(w, ed->draw, y, EDIT_LABEL_W + 4 + cw, cw,
		    f->theirs, f->pick == FORM_PICK_THEIRS ?
		    THEME_LIST_SELECTED : THEME_NORMAL);
		draw_text(w, ed->draw, y + 1, EDIT_LABEL_W + 4 + cw, cw, buf,
		    THEME_DIM);
		y += 2;
		row++;
	}
	draw_text(w, ed->draw, h - 2, 2, width - 4, "m keep mine  t take "
	    "theirs  Up/Down field  Enter save", THEME_DIM);
}

static void
edit_draw_history(struct edit *ed, WINDOW *w, int h, int width)
{
	size_t	i;
	int	y = 2;

	if (ed->nlines == 0)
		draw_text(w, ed->draw, y, 2, width - 4, "No events",
		    THEME_DIM);
	for (i = ed->sel; i < ed->nlines && y < h - 2; i++, y++)
		draw_text(w, ed->draw, y, 2, width - 4, ed->lines[i],
		    ed->lines[i][0] == ' ' ? THEME_NORMAL : THEME_PANE_TITLE);
	draw_text(w, ed->draw, h - 2, 2, width - 4, "Up/Down scroll  any "
	    "other key closes", THEME_DIM);
}

static void
edit_draw_confirm(struct edit *ed, WINDOW *w, int width)
{
	char	buf[400];

	if (ed->mode == EDIT_CONFIRM_DISCARD)
		snprintf(buf, sizeof buf, "Discard your changes? (y/n)");
	else if (ed->mode == EDIT_CONFIRM_PRIMARY)
		snprintf(buf, sizeof buf, "%s is the primary %s contact. Move "
		    "the mark to %s %s? (y/n)", ed->primary_now,
		    ed->unlink.role, ed->unlink.first_name,
		    ed->unlink.last_name);
	else if (ed->mode == EDIT_CONFIRM_EXISTING)
		snprintf(buf, sizeof buf, "%s already has this email or "
		    "phone. Link that contact instead? (y link, n create a "
		    "new one, Esc back)", ed->found);
	else
		snprintf(buf, sizeof buf, "Unlink %s %s (%s) from this "
		    "organization? The contact and its history stay. (y/n)",
		    ed->unlink.first_name, ed->unlink.last_name,
		    ed->unlink.role);
	draw_text(w, ed->draw, 2, 2, width - 4, buf, THEME_STATUS_WARNING);
}

void
edit_draw(struct edit *ed, int rows, int cols)
{
	WINDOW	*w;
	int	 h = rows - 2, width = cols > 100 ? 96 : cols - 4;

	if (ed->mode == EDIT_CLOSED || h < 6 || width < 30)
		return;
	if (edit_items_screen(ed)) {
		edit_items_draw(ed, rows, cols);
		return;
	}
	if (ed->mode == EDIT_CONFIRM_UNLINK ||
	    ed->mode == EDIT_CONFIRM_PRIMARY)
		h = 6;
	if ((w = newwin(h, width, 1, (cols - width) / 2)) == NULL)
		return;
	wbkgdset(w, ' ' | ed->draw->attrs[THEME_NORMAL]);
	werase(w);
	box(w, 0, 0);
	draw_text(w, ed->draw, 0, 2, width - 4, ed->mode ==
	    EDIT_CONFIRM_UNLINK ? " Unlink " : ed->mode ==
	    EDIT_CONFIRM_PRIMARY ? " Primary " : ed->title, THEME_PANE_TITLE);
	switch (ed->mode) {
	case EDIT_FORM:
		edit_draw_form(ed, w, h, width);
		break;
	case EDIT_CONFLICT:
		edit_draw_conflict(ed, w, h, width);
		break;
	case EDIT_HISTORY:
		edit_draw_history(ed, w, h, width);
		break;
	case EDIT_CONFIRM_DELETE:
	case EDIT_DELETE_REFUSED:
		edit_delete_draw(ed, w, h, width);
		break;
	case EDIT_CONFIRM_DISCARD:
	case EDIT_CONFIRM_EXISTING:
		edit_draw_form(ed, w, h, width);
		edit_draw_confirm(ed, w, width);
		break;
	default:
		edit_draw_confirm(ed, w, width);
	}
	wnoutrefresh(w);
	delwin(w);
}
