/* Width-aware drawing helpers: every string goes through term-safe. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "switchboard/pane.h"
#include "switchboard/prompt.h"
#include "switchboard/term-safe.h"

/* Widest text one call draws; wider windows are cut here. */
#define DRAW_WIDTH_MAX	512

/*
 * Draw untrusted text at (y, x), sanitized and cut to width cells with an
 * ellipsis. Returns the width drawn.
 */
int
draw_text(WINDOW *win, const struct draw *d, int y, int x, int width,
    const char *untrusted, enum theme_role role)
{
	char	buf[TERM_SAFE_FIT_SIZE(DRAW_WIDTH_MAX)];
	int	w;

	if (width <= 0)
		return 0;
	if (width > DRAW_WIDTH_MAX)
		width = DRAW_WIDTH_MAX;
	w = term_safe_fit_buf(buf, sizeof buf, untrusted, width,
	    d->safe_flags | TERM_SAFE_SPACE | TERM_SAFE_ELLIPSIS);
	wattrset(win, d->attrs[role]);
	mvwaddstr(win, y, x, buf);
	wattrset(win, d->attrs[THEME_NORMAL]);
	return w;
}

/*
 * Draw text in width cells on up to rows rows, broken at spaces by display
 * width (never inside a character); the last row is cut with an ellipsis.
 * Returns the rows used.
 */
int
draw_wrap(WINDOW *w, const struct draw *d, int y, int x, int width,
    int rows, const char *text, enum theme_role role)
{
	char	buf[1024];
	size_t	i, cut;
	int	used = 0, flags = d->safe_flags;

	snprintf(buf, sizeof buf, "%s", text);
	text = buf;
	while (used < rows - 1 && term_safe_width(text, flags) > width) {
		for (i = 0, cut = 0; text[i] != '\0'; i++) {
			if (text[i] != ' ')
				continue;
			buf[text - buf + i] = '\0';
			if (term_safe_width(text, flags) > width) {
				buf[text - buf + i] = ' ';
				break;
			}
			buf[text - buf + i] = ' ';
			cut = i;
		}
		if (cut == 0)
			break;
		buf[text - buf + cut] = '\0';
		draw_text(w, d, y + used++, x, width, text, role);
		text += cut + 1;
	}
	draw_text(w, d, y + used++, x, width, text, role);
	return (used);
}

/* Paint width cells with the role's attributes (a selection bar). */
void
draw_fill(WINDOW *win, const struct draw *d, int y, int x, int width,
    enum theme_role role)
{
	wattrset(win, d->attrs[role]);
	if (width > 0)
		mvwhline(win, y, x, ' ', width);
	wattrset(win, d->attrs[THEME_NORMAL]);
}

/* Clear the pane, draw its border and title. */
void
draw_frame(struct pane *p, const char *title)
{
	enum theme_role	role;
	int		w = getmaxx(p->win);

	role = p->focused ? THEME_PANE_BORDER_FOCUSED : THEME_PANE_BORDER;
	wbkgdset(p->win, ' ' | p->draw->attrs[THEME_NORMAL]);
	werase(p->win);
	wattrset(p->win, p->draw->attrs[role]);
	box(p->win, 0, 0);
	wattrset(p->win, p->draw->attrs[THEME_NORMAL]);
	if (w > 4) {
		mvwaddch(p->win, 0, 1, ' ');
		draw_text(p->win, p->draw, 0, 2, w - 5, title,
		    p->focused ? THEME_PANE_TITLE : THEME_PANE_BORDER);
	}
}

/* The role a list row is drawn in. */
int
draw_list_attr(const struct pane *p, int row)
{
	if (row != p->lv.selected)
		return THEME_NORMAL;
	return p->focused ? THEME_LIST_SELECTED :
	    THEME_LIST_SELECTED_UNFOCUSED;
}

int
draw_prompt(WINDOW *win, const struct draw *d, int y, int x, int width,
    struct prompt *p, enum theme_role role, enum theme_role sel)
{
	const char	*text = prompt_text(p);
	char		 ch[8];
	size_t		 start, at = p->tf.cursor, n = 1;
	int		 cur;

	if (width < 2)
		return (x);
	cur = prompt_view(p, width, &start);
	draw_text(win, d, y, x, width, text + start, p->selected ? sel : role);
	if (at >= p->tf.len)
		draw_text(win, d, y, x + cur, 1, "_", role);
	else {
		while (n < sizeof ch - 1 &&
		    ((unsigned char)text[at + n] & 0xc0) == 0x80)
			n++;
		memcpy(ch, text + at, n);
		ch[n] = '\0';
		draw_text(win, d, y, x + cur, width - cur, ch, sel);
	}
	wmove(win, y, x + cur);
	return (x + cur);
}
