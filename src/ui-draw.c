/* Drawing the screen: header, status line, help, and the panes. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <curses.h>

#include "switchboard/app.h"
#include "switchboard/db.h"
#include "switchboard/edit.h"
#include "switchboard/emergency.h"
#include "switchboard/keymap.h"
#include "switchboard/pane.h"
#include "switchboard/store.h"
#include "switchboard/term-safe.h"
#include "switchboard/ui.h"
#include "switchboard/util.h"

#include "ui-int.h"

static void
ui_draw_header(struct ui *ui)
{
	const struct db	*db = ui->app->db;
	char		 buf[256];
	int		 i, x;

	draw_fill(stdscr, &ui->draw, 0, 0, ui->cols, ui->down ?
	    THEME_BANNER_ERROR : THEME_STATUS);
	if (ui->down) {
		draw_text(stdscr, &ui->draw, 0, 1, ui->cols - 2,
		    "Connection lost - reconnecting...", THEME_BANNER_ERROR);
		return;
	}
	if (!ui->narrow) {
		snprintf(buf, sizeof buf, "Switchboard  %s@%s", db_user(db),
		    db_name(db));
		draw_text(stdscr, &ui->draw, 0, 1, ui->cols - 2, buf,
		    THEME_STATUS);
		return;
	}
	for (i = 0, x = 1; i < UI_NPANES && x < ui->cols - 1; i++) {
		if (i > 0)
			x += draw_text(stdscr, &ui->draw, 0, x,
			    ui->cols - 1 - x, " > ", THEME_STATUS);
		snprintf(buf, sizeof buf, i == ui->focus ? "[%s]" : "%s",
		    ui_pane_table[i].name);
		x += draw_text(stdscr, &ui->draw, 0, x, ui->cols - 1 - x, buf,
		    THEME_STATUS);
	}
}

/*
 * The search prompt in the status line, its cursor an underscore; the
 * terminal's cursor goes to the insertion point.
 */
static void
ui_draw_search(struct ui *ui, int y, int width)
{
	int	x;

	x = 1 + draw_text(stdscr, &ui->draw, y, 1, width, ui->searching ==
	    UI_SEARCH_GLOBAL ? "Search all: " : "/", THEME_STATUS);
	ui->cursor_y = y;
	ui->cursor_x = draw_prompt(stdscr, &ui->draw, y, x, width - x,
	    &ui->search, THEME_STATUS, THEME_SEARCH_MATCH);
}

static void
ui_draw_status(struct ui *ui)
{
	static const char	 spin[] = "|/-\\";
	const struct db		*db = ui->app->db;
	const char		*text = ui->message, *next;
	char			 buf[320], right[16];
	int			 y = ui->rows - 1, rw;
	enum theme_role		 role = ui->message_role;

	draw_fill(stdscr, &ui->draw, y, 0, ui->cols, THEME_STATUS);
	if (ui->searching != UI_SEARCH_NONE) {
		ui_draw_search(ui, y, ui->cols - 11);
		text = "";
	} else if (*text == '\0') {
		/* What u takes back, or else who and where one is. */
		if ((next = edit_undo_next(ui->edit)) != NULL)
			snprintf(buf, sizeof buf, "u: undo %s", next);
		else
			snprintf(buf, sizeof buf, "connected as %s to %s",
			    db_user(db), db_name(db));
		text = buf;
		role = THEME_STATUS;
	}
	snprintf(right, sizeof right, "%c ? help", store_async_busy(ui->sa) ||
	    ui->down ? spin[ui->spin % 4] : ' ');
	rw = (int)strlen(right);
	draw_text(stdscr, &ui->draw, y, 1, ui->cols - rw - 3, text,
	    role == THEME_NORMAL ? THEME_STATUS : role);
	draw_text(stdscr, &ui->draw, y, ui->cols - rw - 1, rw, right,
	    THEME_STATUS);
}

/*
 * Wrap the detail pane's phones and emails in OSC 8 hyperlinks. Curses
 * knows nothing of them, so after doupdate() each value is printed again
 * in place, inside a link, and the cursor goes back where curses left it
 * (no save and restore: that slot belongs to the alternate screen).
 * The URL comes from validated data only (see pane_link_url) and the text
 * is sanitized exactly as it was drawn.
 */
static void	ui_links_flush(struct ui *, struct pane *, char *);

static void
ui_draw_links(struct ui *ui)
{
	struct pane	*p = ui->panes[UI_DETAIL];
	const char	*value, *url;
	char		 text[TERM_SAFE_FIT_SIZE(UI_LINK_WIDTH_MAX)];
	char		*out = NULL, *prev;
	int		 i, x, w;

	for (i = 0; i < p->lv.height && p->lv.top + i < p->lv.count; i++) {
		value = pane_detail_link(p, p->lv.top + i, &url, &x, &w);
		if (value == NULL || url == NULL || w <= 0)
			continue;
		if (w > UI_LINK_WIDTH_MAX)
			w = UI_LINK_WIDTH_MAX;
		term_safe_fit_buf(text, sizeof text, value, w,
		    ui->draw.safe_flags | TERM_SAFE_SPACE | TERM_SAFE_ELLIPSIS);
		prev = out;
		out = xasprintf("%s\033[%d;%dH\033]8;;%s\033\\%s"
		    "\033]8;;\033\\", prev != NULL ? prev : "",
		    getbegy(p->win) + 2 + i, getbegx(p->win) + x + 1, url, text);
		free(prev);
	}
	ui_links_flush(ui, p, out);
}

/*
 * Print the links (owned) unless the same ones are on screen already:
 * curses rewrites only cells that change, and a cell under a link changes
 * only with its value or its highlight (the pane's selection and focus),
 * so an unchanged set needs no bytes at all.
 */
static void
ui_links_flush(struct ui *ui, struct pane *p, char *out)
{
	char	*key, *pos;
	int	 x, y;

	if (out == NULL) {
		ui_links_forget(ui);
		return;
	}
	key = xasprintf("%d %d %d %s", p->lv.selected, p->lv.top,
	    (int)p->focused, out);
	if (ui->links_drawn != NULL && strcmp(key, ui->links_drawn) == 0) {
		free(key);
		free(out);
		return;
	}
	free(ui->links_drawn);
	ui->links_drawn = key;
	getyx(curscr, y, x);
	pos = xasprintf("%s\033[%d;%dH", out, y + 1, x + 1);
	(void)!write(STDOUT_FILENO, pos, strlen(pos));
	free(pos);
	free(out);
}

/* What hides or repaints the links makes them due again. */
void
ui_links_forget(struct ui *ui)
{
	free(ui->links_drawn);
	ui->links_drawn = NULL;
}

/*
 * The terminal's cursor at the start of the focused pane's selected row
 * (its first row when none), so that a screen reader reads the
 * selection; a prompt has placed it already.
 */
static void
ui_cursor_pane(struct ui *ui)
{
	struct pane	*p = ui->panes[ui->focus];
	int		 row = 0;

	if (ui->cursor_y >= 0 || p->win == NULL)
		return;
	if (p->lv.selected >= p->lv.top && p->lv.selected < p->lv.top +
	    p->lv.height)
		row = p->lv.selected - p->lv.top;
	ui->cursor_y = getbegy(p->win) + 1 + row;
	ui->cursor_x = getbegx(p->win) + 1;
}

/*
 * Show the cursor where it was placed, and only there: a view over the
 * panes places it through its mode, or hides it (one that does not say
 * where yet).
 */
static void
ui_cursor_place(struct ui *ui)
{
	if (mode_stack_top(&ui->modes) != NULL &&
	    !mode_stack_cursor(&ui->modes, &ui->cursor_y, &ui->cursor_x))
		ui->cursor_y = -1;
	if (ui->cursor_y < 0) {
		curs_set(0);
		return;
	}
	curs_set(1);
	setsyx(ui->cursor_y, ui->cursor_x);
}

void
ui_draw(struct ui *ui)
{
	char	buf[64];
	int	i;

	ui->cursor_y = ui->cursor_x = -1;
	werase(stdscr);
	if (ui->too_small) {
		ui_links_forget(ui);
		snprintf(buf, sizeof buf, "Terminal too small (%dx%d)",
		    ui->cols, ui->rows);
		draw_text(stdscr, &ui->draw, 0, 0, ui->cols, buf,
		    THEME_STATUS_ERROR);
		snprintf(buf, sizeof buf, "Need %dx%d. q quits.",
		    UI_MIN_COLS, UI_MIN_ROWS);
		draw_text(stdscr, &ui->draw, 1, 0, ui->cols, buf,
		    THEME_NORMAL);
		curs_set(0);
		wnoutrefresh(stdscr);
		doupdate();
		return;
	}
	ui_draw_header(ui);
	ui_draw_status(ui);
	wnoutrefresh(stdscr);
	for (i = 0; i < UI_NPANES; i++) {
		if (ui->narrow && i != ui->focus)
			continue;
		ui->panes[i]->focused = i == ui->focus;
		ui->panes[i]->vt->draw(ui->panes[i]);
		wnoutrefresh(ui->panes[i]->win);
	}
	ui_cursor_pane(ui);
	mode_stack_draw(&ui->modes, ui->rows, ui->cols);
	ui_cursor_place(ui);
	doupdate();
	/* Written past curses, links would show through anything on top. */
	if (!ui->links || mode_stack_top(&ui->modes) != NULL ||
	    (ui->narrow && ui->focus != UI_DETAIL))
		ui_links_forget(ui);
	else
		ui_draw_links(ui);
}
