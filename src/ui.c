/* Curses set-up and teardown, the layout, and the one event loop. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <locale.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>
#include <wchar.h>

#include <curses.h>
#include <libpq-fe.h>

#include "switchboard/app.h"
#include "switchboard/config.h"
#include "switchboard/db.h"
#include "switchboard/edit.h"
#include "switchboard/keymap.h"
#include "switchboard/pane.h"
#include "switchboard/store.h"
#include "switchboard/term-safe.h"
#include "switchboard/theme.h"
#include "switchboard/ui.h"
#include "switchboard/util.h"

_Static_assert(KEYMAP_KEY_UP == KEY_UP, "keymap and curses key codes");
_Static_assert(KEYMAP_KEY_BTAB == KEY_BTAB, "keymap and curses key codes");
_Static_assert(KEYMAP_KEY_END == KEY_END, "keymap and curses key codes");

#define UI_MIN_COLS	40
#define UI_MIN_ROWS	10
#define UI_WIDE_COLS	100	/* below this, one pane at a time */
#define UI_FEED_MS	1000	/* change feed poll interval */
#define UI_RETRY_MS	1000	/* reconnect attempt interval */
#define UI_SPIN_MS	100
#define UI_ORG_LIMIT	1000
#define UI_HIT_LIMIT	200

enum ui_slot { UI_SLOT_ORGS, UI_SLOT_CONTACTS, UI_SLOT_DETAIL, UI_SLOT_FEED };
enum ui_pane { UI_ORGS, UI_CONTACTS, UI_DETAIL, UI_NPANES };
enum ui_search { UI_SEARCH_NONE, UI_SEARCH_PANE, UI_SEARCH_GLOBAL };

struct ui {
	struct app		*app;
	const struct config	*cfg;
	struct keymap		*keymap;	/* borrowed or owned_keymap */
	struct keymap		*owned_keymap;
	struct store_async	*sa;
	struct draw		 draw;
	struct pane		*panes[UI_NPANES];
	struct edit		*edit;		/* the editing overlay */
	int			 focus;
	int			 rows, cols;
	bool			 narrow, too_small, dirty, quit, help;
	enum ui_search		 searching;
	bool			 global;	/* contacts pane shows hits */
	char			 global_text[128];
	char			 message[256];
	enum theme_role		 message_role;
	bool			 down;		/* connection lost */
	bool			 resetting;	/* PQresetStart in progress */
	long long		 retry_at, feed_at, spin_at;
	unsigned int		 spin;
	long long		 position;	/* event log position seen */
	char			 org_id[STORE_UUID_LEN + 1];
	char			 contact_id[STORE_UUID_LEN + 1];
	int			 sigpipe[2];
};

/*
 * State the signal handlers need: they may only touch these. A handler
 * cannot be given an argument, so these are the file's only globals.
 */
static int			ui_sigpipe_w = -1;
static struct termios		ui_saved_tio;
static volatile sig_atomic_t	ui_tio_saved;

static long long
ui_now_ms(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void
ui_signal_quit(int sig)
{
	int		saved = errno;
	unsigned char	c = (unsigned char)sig;

	if (ui_sigpipe_w != -1)
		(void)!write(ui_sigpipe_w, &c, 1);
	errno = saved;
}

/* Restore the terminal with async-signal-safe calls, then die as asked. */
static void
ui_signal_crash(int sig)
{
	static const char restore[] = "\033[0m\033[?1000l\033[?1006l"
	    "\033[?1049l\033[?25h\r\n";

	(void)!write(STDOUT_FILENO, restore, sizeof restore - 1);
	if (ui_tio_saved)
		tcsetattr(STDIN_FILENO, TCSAFLUSH, &ui_saved_tio);
	signal(sig, SIG_DFL);
	raise(sig);
}

static void
ui_signals_install(struct ui *ui)
{
	static const int	 quit_sigs[] = { SIGTERM, SIGINT, SIGHUP };
	static const int	 crash_sigs[] = { SIGSEGV, SIGABRT, SIGBUS,
	    SIGFPE };
	struct sigaction	 sa;
	size_t			 i;

	if (pipe2(ui->sigpipe, O_CLOEXEC | O_NONBLOCK) == -1)
		fatal("pipe: %s", strerror(errno));
	ui_sigpipe_w = ui->sigpipe[1];
	memset(&sa, 0, sizeof sa);
	sigemptyset(&sa.sa_mask);
	sa.sa_handler = ui_signal_quit;
	for (i = 0; i < sizeof quit_sigs / sizeof quit_sigs[0]; i++)
		sigaction(quit_sigs[i], &sa, NULL);
	sa.sa_handler = ui_signal_crash;
	sa.sa_flags = SA_RESETHAND;
	for (i = 0; i < sizeof crash_sigs / sizeof crash_sigs[0]; i++)
		sigaction(crash_sigs[i], &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
}

/* The fatal hook: leave curses before the message is printed. */
static void
ui_fatal_teardown(void)
{
	if (!isendwin())
		endwin();
}

static void
ui_colors_init(struct ui *ui)
{
	struct theme		 theme;
	struct theme_resolved	 res;
	struct sb_error		 err;
	const char		*nc = getenv("NO_COLOR");
	int			 n = 0, i;
	attr_t			 a;

	if (theme_load_named(ui->cfg != NULL && ui->cfg->theme != NULL ?
	    ui->cfg->theme : "default", &theme, &err) != SB_OK) {
		theme_init_default(&theme);
		snprintf(ui->message, sizeof ui->message, "theme: %.200s",
		    err.message);
		ui->message_role = THEME_STATUS_WARNING;
	}
	if ((nc == NULL || *nc == '\0') && has_colors() &&
	    start_color() == OK) {
		use_default_colors();
		n = COLORS >= 256 ? 256 : COLORS >= 16 ? 16 :
		    COLORS >= 8 ? 8 : 0;
		if (COLOR_PAIRS <= THEME_ROLE_COUNT)
			n = 0;
	}
	theme_resolve(&theme, n, &res);
	for (i = 0; i < THEME_ROLE_COUNT; i++) {
		a = 0;
		if (n > 0 && init_pair(i + 1, res.pairs[i].fg,
		    res.pairs[i].bg) == OK)
			a = COLOR_PAIR(i + 1);
		a |= (res.pairs[i].attrs & THEME_ATTR_BOLD) ? A_BOLD : 0;
		a |= (res.pairs[i].attrs & THEME_ATTR_UNDERLINE) ?
		    A_UNDERLINE : 0;
		a |= (res.pairs[i].attrs & THEME_ATTR_REVERSE) ? A_REVERSE : 0;
		a |= (res.pairs[i].attrs & THEME_ATTR_DIM) ? A_DIM : 0;
		a |= (res.pairs[i].attrs & THEME_ATTR_ITALIC) ? A_ITALIC : 0;
		a |= (res.pairs[i].attrs & THEME_ATTR_STANDOUT) ?
		    A_STANDOUT : 0;
		ui->draw.attrs[i] = a;
	}
}

static void
ui_curses_start(struct ui *ui)
{
	struct termios	tio;

	if (tcgetattr(STDIN_FILENO, &tio) == 0) {
		ui_saved_tio = tio;
		ui_tio_saved = 1;
	}
	ui->draw.safe_flags = term_safe_is_utf8_locale() ? TERM_SAFE_UTF8 : 0;
	if (initscr() == NULL)
		fatal("cannot start curses on this terminal");
	util_set_fatal_hook(ui_fatal_teardown);
	cbreak();
	noecho();
	nonl();
	intrflush(stdscr, FALSE);
	keypad(stdscr, TRUE);
	nodelay(stdscr, TRUE);
	set_escdelay(25);
	curs_set(0);
	leaveok(stdscr, TRUE);
	if (ui->cfg != NULL && ui->cfg->mouse)
		mousemask(BUTTON1_CLICKED | BUTTON4_PRESSED |
		    BUTTON5_PRESSED, NULL);
	ui_colors_init(ui);
}

/* Place the panes for the current size: side by side, or one at a time. */
static void
ui_layout(struct ui *ui)
{
	int	i, x, w[UI_NPANES], h;

	getmaxyx(stdscr, ui->rows, ui->cols);
	ui->too_small = ui->cols < UI_MIN_COLS || ui->rows < UI_MIN_ROWS;
	ui->narrow = ui->cols < UI_WIDE_COLS;
	for (i = 0; i < UI_NPANES; i++) {
		if (ui->panes[i]->win != NULL)
			delwin(ui->panes[i]->win);
		ui->panes[i]->win = NULL;
	}
	if (ui->too_small)
		return;
	h = ui->rows - 2;
	w[UI_ORGS] = ui->cols * 3 / 10;
	w[UI_CONTACTS] = ui->cols * 35 / 100;
	w[UI_DETAIL] = ui->cols - w[UI_ORGS] - w[UI_CONTACTS];
	for (i = 0, x = 0; i < UI_NPANES; i++) {
		if (ui->narrow)
			ui->panes[i]->win = newwin(h, ui->cols, 1, 0);
		else
			ui->panes[i]->win = newwin(h, w[i], 1, x);
		if (ui->panes[i]->win == NULL)
			fatal("out of memory for a window");
		x += w[i];
	}
	ui->dirty = true;
}

static void
ui_message(struct ui *ui, enum theme_role role, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void
ui_message(struct ui *ui, enum theme_role role, const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	vsnprintf(ui->message, sizeof ui->message, fmt, ap);
	va_end(ap);
	ui->message_role = role;
	ui->dirty = true;
}

/* Queries: each pane's rows come from one slot. */

static void
ui_load_orgs(struct ui *ui)
{
	struct store_org_query	q = { .limit = UI_ORG_LIMIT };

	q.text = ui->panes[UI_ORGS]->filter;
	store_async_org_search(ui->sa, UI_SLOT_ORGS, &q);
}

static void
ui_load_contacts(struct ui *ui)
{
	struct pane		*p = ui->panes[UI_CONTACTS];
	struct store_link_query	 q = { .org_id = ui->org_id };
	char			 caption[160];

	if (ui->global) {
		snprintf(caption, sizeof caption, "Search: %s",
		    ui->global_text);
		pane_contacts_clear(p, caption);
		store_async_directory_search(ui->sa, UI_SLOT_CONTACTS,
		    ui->global_text, UI_HIT_LIMIT);
		return;
	}
	if (ui->org_id[0] == '\0')
		return;
	q.role = pane_contacts_role(p);
	q.include_inactive = pane_contacts_include_inactive(p);
	store_async_org_contacts(ui->sa, UI_SLOT_CONTACTS, &q);
}

static void
ui_load_detail(struct ui *ui)
{
	if (ui->contact_id[0] != '\0')
		store_async_contact_get(ui->sa, UI_SLOT_DETAIL, ui->contact_id);
}

static void
ui_load_all(struct ui *ui)
{
	ui_load_orgs(ui);
	ui_load_contacts(ui);
	ui_load_detail(ui);
}

/* The organization selection may have moved: follow it. */
static void
ui_follow_org(struct ui *ui)
{
	struct pane	*p = ui->panes[UI_ORGS];
	const char	*id = p->vt->selected_id(p);
	char		 caption[160];

	if (strcmp(id, ui->org_id) == 0 || ui->global)
		return;
	snprintf(ui->org_id, sizeof ui->org_id, "%s", id);
	if (p->lv.selected >= 0) {
		snprintf(caption, sizeof caption, "%s",
		    ((struct store_org *)p->rows.rows)[p->lv.selected].name);
		pane_contacts_clear(ui->panes[UI_CONTACTS], caption);
	}
	ui_load_contacts(ui);
}

static void
ui_follow_contact(struct ui *ui)
{
	struct pane	*p = ui->panes[UI_CONTACTS];
	const char	*id = p->vt->selected_id(p);

	if (strcmp(id, ui->contact_id) == 0)
		return;
	snprintf(ui->contact_id, sizeof ui->contact_id, "%s", id);
	if (*id == '\0') {
		store_rows_free(&ui->panes[UI_DETAIL]->rows);
		ui->panes[UI_DETAIL]->vt->take(ui->panes[UI_DETAIL],
		    &ui->panes[UI_DETAIL]->rows);
	} else
		ui_load_detail(ui);
}

/* The connection is gone: say so and start reconnecting. */
static void
ui_connection_lost(struct ui *ui, const struct sb_error *err)
{
	if (!ui->down)
		ui_message(ui, THEME_STATUS_ERROR, "%s", err->message);
	ui->down = true;
	ui->resetting = false;
	ui->retry_at = ui_now_ms() + UI_RETRY_MS;
	store_async_clear(ui->sa);
	ui->dirty = true;
}

static void
ui_result(struct ui *ui, struct store_async_result *r)
{
	struct store_position	*pos;

	if (r->status == SB_UNAVAILABLE &&
	    PQstatus(db_conn(ui->app->db)) != CONNECTION_OK) {
		ui_connection_lost(ui, &r->err);
		goto out;
	}
	if (r->status != SB_OK) {
		ui_message(ui, THEME_STATUS_ERROR, "%s: %s",
		    sb_status_text(r->status), r->err.message);
		goto out;
	}
	switch (r->slot) {
	case UI_SLOT_ORGS:
		ui->panes[UI_ORGS]->vt->take(ui->panes[UI_ORGS], &r->rows);
		ui_follow_org(ui);
		break;
	case UI_SLOT_CONTACTS:
		ui->panes[UI_CONTACTS]->vt->take(ui->panes[UI_CONTACTS],
		    &r->rows);
		ui_follow_contact(ui);
		break;
	case UI_SLOT_DETAIL:
		ui->panes[UI_DETAIL]->vt->take(ui->panes[UI_DETAIL],
		    &r->rows);
		break;
	case UI_SLOT_FEED:
		pos = r->rows.rows;
		if (pos->position != ui->position && ui->position != 0)
			ui_load_all(ui);
		ui->position = pos->position;
		break;
	}
	ui->dirty = true;
out:
	store_rows_free(&r->rows);
}

/*
 * Reconnect without blocking: PQresetStart, then PQresetPoll on every
 * turn of the loop until it succeeds or fails (then retry on a timer).
 * Kept in one function so a shared reconnect API can replace it.
 */
static void
ui_reconnect_step(struct ui *ui)
{
	PGconn			*conn = db_conn(ui->app->db);
	PostgresPollingStatusType st;

	if (!ui->down)
		return;
	if (!ui->resetting) {
		if (ui_now_ms() < ui->retry_at)
			return;
		ui->resetting = PQresetStart(conn) == 1;
		ui->retry_at = ui_now_ms() + UI_RETRY_MS;
		if (!ui->resetting)
			return;
	}
	st = PQresetPoll(conn);
	if (st == PGRES_POLLING_OK) {
		ui->down = ui->resetting = false;
		ui->position = 0;
		ui_message(ui, THEME_STATUS_OK, "Reconnected to the server");
		ui_load_all(ui);
	} else if (st == PGRES_POLLING_FAILED)
		ui->resetting = false;
	ui->dirty = true;
}

/* Drawing. */

static void
ui_draw_header(struct ui *ui)
{
	static const char *const names[] = {
		"Organizations", "Contacts", "Details"
	};
	PGconn	*conn = db_conn(ui->app->db);
	char	 buf[256];
	int	 i, x;

	draw_fill(stdscr, &ui->draw, 0, 0, ui->cols, ui->down ?
	    THEME_BANNER_ERROR : THEME_STATUS);
	if (ui->down) {
		draw_text(stdscr, &ui->draw, 0, 1, ui->cols - 2,
		    "Connection lost - reconnecting...", THEME_BANNER_ERROR);
		return;
	}
	if (!ui->narrow) {
		snprintf(buf, sizeof buf, "Switchboard  %s@%s", PQuser(conn),
		    PQdb(conn));
		draw_text(stdscr, &ui->draw, 0, 1, ui->cols - 2, buf,
		    THEME_STATUS);
		return;
	}
	for (i = 0, x = 1; i < UI_NPANES && x < ui->cols - 1; i++) {
		if (i > 0)
			x += draw_text(stdscr, &ui->draw, 0, x,
			    ui->cols - 1 - x, " > ", THEME_STATUS);
		snprintf(buf, sizeof buf, i == ui->focus ? "[%s]" : "%s",
		    names[i]);
		x += draw_text(stdscr, &ui->draw, 0, x, ui->cols - 1 - x, buf,
		    THEME_STATUS);
	}
}

static void
ui_draw_status(struct ui *ui)
{
	static const char	 spin[] = "|/-\\";
	PGconn			*conn = db_conn(ui->app->db);
	const char		*text = ui->message;
	char			 buf[320], right[16];
	int			 y = ui->rows - 1, rw;
	enum theme_role		 role = ui->message_role;

	draw_fill(stdscr, &ui->draw, y, 0, ui->cols, THEME_STATUS);
	if (ui->searching != UI_SEARCH_NONE) {
		snprintf(buf, sizeof buf, "%s%s_", ui->searching ==
		    UI_SEARCH_GLOBAL ? "Search all: " : "/",
		    ui->searching == UI_SEARCH_GLOBAL ? ui->global_text :
		    ui->panes[ui->focus]->filter);
		text = buf;
		role = THEME_STATUS;
	} else if (*text == '\0') {
		snprintf(buf, sizeof buf, "connected as %s to %s",
		    PQuser(conn), PQdb(conn));
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

/* The help screen, generated from the key table. */
static void
ui_draw_help(struct ui *ui)
{
	struct keymap_help	 help[KEYMAP_ACTION_COUNT];
	size_t			 n, i;
	int			 h = ui->rows - 2, col, row, cw;
	WINDOW			*w = newwin(h, ui->cols, 1, 0);

	if (w == NULL)
		return;
	n = keymap_help_list(ui->keymap, KEYMAP_CTX_ALL, help,
	    KEYMAP_ACTION_COUNT);
	wbkgdset(w, ' ' | ui->draw.attrs[THEME_NORMAL]);
	werase(w);
	box(w, 0, 0);
	draw_text(w, &ui->draw, 0, 2, ui->cols - 4,
	    " Keys (any key closes) ", THEME_PANE_TITLE);
	cw = ui->cols >= 100 ? (ui->cols - 2) / 2 : ui->cols - 2;
	for (i = 0; i < n; i++) {
		col = (int)i / (h - 2);
		row = (int)i % (h - 2);
		if ((col + 1) * cw > ui->cols - 2)
			break;
		draw_text(w, &ui->draw, row + 1, 1 + col * cw + 1, 16,
		    help[i].keys, THEME_HELP_KEY);
		draw_text(w, &ui->draw, row + 1, 1 + col * cw + 18, cw - 20,
		    help[i].help, THEME_NORMAL);
	}
	wnoutrefresh(w);
	delwin(w);
}

static void
ui_draw(struct ui *ui)
{
	char	buf[64];
	int	i;

	werase(stdscr);
	if (ui->too_small) {
		snprintf(buf, sizeof buf, "Terminal too small (%dx%d)",
		    ui->cols, ui->rows);
		draw_text(stdscr, &ui->draw, 0, 0, ui->cols, buf,
		    THEME_STATUS_ERROR);
		snprintf(buf, sizeof buf, "Need %dx%d. q quits.",
		    UI_MIN_COLS, UI_MIN_ROWS);
		draw_text(stdscr, &ui->draw, 1, 0, ui->cols, buf,
		    THEME_NORMAL);
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
	if (edit_active(ui->edit))
		edit_draw(ui->edit, ui->rows, ui->cols);
	if (ui->help)
		ui_draw_help(ui);
	doupdate();
}

/* Keys. */

/* Copy text to the local clipboard with OSC 52, on a key press only. */
static void
ui_copy(struct ui *ui, const char *kind)
{
	static const char	 b64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
	    "abcdefghijklmnopqrstuvwxyz0123456789+/";
	struct pane		*p = ui->panes[UI_DETAIL];
	const char		*text = p->vt->copy_text(p, kind);
	const unsigned char	*s;
	char			*out, *o;
	size_t			 n, i;
	unsigned int		 v;

	if (text == NULL) {
		ui_message(ui, THEME_STATUS_WARNING, "No %s to copy", kind);
		return;
	}
	if (ui->cfg != NULL && !ui->cfg->clipboard) {
		ui_message(ui, THEME_STATUS_WARNING, "Clipboard is off");
		return;
	}
	s = (const unsigned char *)text;
	n = strlen(text);
	o = out = xmalloc(4 * (n / 3 + 1) + 16);
	o += sprintf(o, "\033]52;c;");
	for (i = 0; i < n; i += 3) {
		v = s[i] << 16 | (i + 1 < n ? s[i + 1] << 8 : 0) |
		    (i + 2 < n ? s[i + 2] : 0);
		*o++ = b64[v >> 18 & 63];
		*o++ = b64[v >> 12 & 63];
		*o++ = i + 1 < n ? b64[v >> 6 & 63] : '=';
		*o++ = i + 2 < n ? b64[v & 63] : '=';
	}
	*o++ = '\a';
	(void)!write(STDOUT_FILENO, out, o - out);
	free(out);
	ui_message(ui, THEME_STATUS_OK, "Copied %s %s", kind, text);
}

static void
ui_focus(struct ui *ui, int focus)
{
	ui->focus = (focus + UI_NPANES) % UI_NPANES;
	ui->dirty = true;
}

/* Append one typed character (UTF-8) or delete the last one. */
static bool
ui_edit_text(char *buf, size_t size, wint_t wch, bool erase)
{
	char		mb[MB_LEN_MAX];
	mbstate_t	st;
	size_t		len = strlen(buf), n;

	if (erase) {
		if (len == 0)
			return false;
		while (len > 0 && ((unsigned char)buf[--len] & 0xc0) == 0x80)
			;
		buf[len] = '\0';
		return true;
	}
	if (wch < 32 || wch == 127)
		return false;
	memset(&st, 0, sizeof st);
	n = wcrtomb(mb, (wchar_t)wch, &st);
	if (n == (size_t)-1 || len + n + 1 > size)
		return false;
	memcpy(buf + len, mb, n);
	buf[len + n] = '\0';
	return true;
}

/* The search text changed: query or filter again. */
static void
ui_search_changed(struct ui *ui)
{
	struct pane	*p = ui->panes[ui->focus];

	if (ui->searching == UI_SEARCH_GLOBAL || ui->global) {
		ui->global = ui->global_text[0] != '\0';
		if (!ui->global)
			ui->org_id[0] = '\0';
		ui_load_contacts(ui);
		if (!ui->global)
			ui_follow_org(ui);
	} else if (p->vt->refilter != NULL) {
		p->vt->refilter(p);
		ui_follow_contact(ui);
	} else if (ui->focus == UI_ORGS)
		ui_load_orgs(ui);
	ui->dirty = true;
}

static void
ui_search_key(struct ui *ui, wint_t wch, bool code)
{
	enum keymap_action	 a;
	char			*buf = ui->searching == UI_SEARCH_GLOBAL ?
	    ui->global_text : ui->panes[ui->focus]->filter;
	int			 key = keymap_key_normalize((int)wch);

	a = keymap_lookup(ui->keymap, KEYMAP_CTX_SEARCH, key);
	if (a == KEYMAP_SEARCH_ACCEPT) {
		ui->searching = UI_SEARCH_NONE;
	} else if (a == KEYMAP_SEARCH_CANCEL) {
		buf[0] = '\0';
		ui_search_changed(ui);
		ui->searching = UI_SEARCH_NONE;
	} else if (a == KEYMAP_SEARCH_NEXT || a == KEYMAP_SEARCH_PREV) {
		pane_list_key(ui->panes[ui->focus], a == KEYMAP_SEARCH_NEXT ?
		    KEYMAP_MOVE_DOWN : KEYMAP_MOVE_UP);
		ui_follow_org(ui);
		ui_follow_contact(ui);
	} else if (key == KEYMAP_KEY_BACKSPACE) {
		if (ui_edit_text(buf, 128, 0, true))
			ui_search_changed(ui);
	} else if (!code && ui_edit_text(buf, 128, wch, false))
		ui_search_changed(ui);
	ui->dirty = true;
}

static void
ui_action_open(struct ui *ui)
{
	if (ui->focus < UI_DETAIL)
		ui_focus(ui, ui->focus + 1);
}

static void
ui_action_back(struct ui *ui)
{
	if (ui->focus == UI_CONTACTS && ui->global &&
	    ui->searching == UI_SEARCH_NONE) {
		ui->global = false;
		ui->global_text[0] = '\0';
		ui->org_id[0] = '\0';
		ui_follow_org(ui);
	}
	if (ui->focus > UI_ORGS)
		ui_focus(ui, ui->focus - 1);
}

static void
ui_edit_notify(void *arg, enum theme_role role, const char *text)
{
	ui_message(arg, role, "%s", text);
}

/* The selected contact's link row (the first for its id), or NULL. */
static const struct store_link *
ui_selected_link(struct ui *ui)
{
	struct pane		*p = ui->panes[UI_CONTACTS];
	struct store_link	*l = p->rows.rows;
	size_t			 i;

	if (p->rows.type != STORE_ROWS_LINKS || ui->global)
		return NULL;
	for (i = 0; i < p->rows.count; i++) {
		if (strcmp(l[i].contact_id, ui->contact_id) == 0)
			return &l[i];
	}
	return NULL;
}

/* The editing actions: each opens the overlay or writes one command. */
static void
ui_edit_action(struct ui *ui, enum keymap_action a)
{
	int	r = 0;

	if (a == KEYMAP_EDIT)
		r = edit_open_contact(ui->edit, ui->org_id, ui->contact_id);
	else if (a == KEYMAP_NEW_CONTACT)
		r = edit_open_new(ui->edit, ui->org_id);
	else if (a == KEYMAP_UNLINK)
		r = edit_open_unlink(ui->edit, ui->org_id,
		    ui_selected_link(ui));
	else if (a == KEYMAP_HISTORY)
		r = edit_open_history(ui->edit, ui->focus == UI_ORGS ?
		    ui->org_id : ui->contact_id);
	else if (a == KEYMAP_UNDO)
		r = edit_undo(ui->edit);
	if (r & EDIT_RELOAD)
		ui_load_all(ui);
}

/* An action the panes do not handle; returns false if none applied. */
static bool
ui_action(struct ui *ui, enum keymap_action a)
{
	switch (a) {
	case KEYMAP_QUIT:
		ui->quit = true;
		return true;
	case KEYMAP_HELP:
		ui->help = true;
		break;
	case KEYMAP_NEXT_PANE:
		ui_focus(ui, ui->focus + 1);
		break;
	case KEYMAP_PREV_PANE:
		ui_focus(ui, ui->focus - 1);
		break;
	case KEYMAP_BACK:
		ui_action_back(ui);
		break;
	case KEYMAP_SEARCH_PANE:
		if (ui->focus == UI_DETAIL)
			return false;
		ui->searching = UI_SEARCH_PANE;
		break;
	case KEYMAP_SEARCH_GLOBAL:
		ui->searching = UI_SEARCH_GLOBAL;
		ui_focus(ui, UI_CONTACTS);
		break;
	case KEYMAP_COPY_PHONE:
		ui_copy(ui, "phone");
		break;
	case KEYMAP_COPY_EMAIL:
		ui_copy(ui, "email");
		break;
	case KEYMAP_REFRESH:
		ui_load_all(ui);
		break;
	case KEYMAP_EDIT:
	case KEYMAP_NEW_CONTACT:
	case KEYMAP_UNLINK:
	case KEYMAP_HISTORY:
	case KEYMAP_UNDO:
		ui_edit_action(ui, a);
		break;
	default:
		return false;
	}
	ui->dirty = true;
	return true;
}

static void
ui_key(struct ui *ui, wint_t wch, bool code)
{
	struct pane		*p = ui->panes[ui->focus];
	enum keymap_action	 a;
	unsigned int		 ctx;
	int			 r, key = keymap_key_normalize((int)wch);

	if (code && wch == KEY_RESIZE) {
		ui_layout(ui);
		return;
	}
	if (ui->help) {
		ui->help = false;
		ui->dirty = true;
		return;
	}
	if (edit_active(ui->edit)) {
		if (edit_key(ui->edit, (int)wch, code) & EDIT_RELOAD)
			ui_load_all(ui);
		ui->dirty = true;
		return;
	}
	if (ui->searching != UI_SEARCH_NONE) {
		ui_search_key(ui, wch, code);
		return;
	}
	ctx = ui->focus == UI_DETAIL ? KEYMAP_CTX_DETAILS : KEYMAP_CTX_LIST;
	a = keymap_lookup(ui->keymap, ctx, key);
	if (a == KEYMAP_NONE || (ui->too_small && a != KEYMAP_QUIT))
		return;
	r = p->vt->key(p, a);
	if (r & PANE_KEY_RELOAD)
		ui_load_contacts(ui);
	if (r & PANE_KEY_SELECTED) {
		ui_follow_org(ui);
		ui_follow_contact(ui);
	}
	if (r & PANE_KEY_OPEN)
		ui_action_open(ui);
	if (r != PANE_KEY_IGNORED)
		ui->dirty = true;
	else if (a == KEYMAP_OPEN)
		ui_action_open(ui);
	else
		ui_action(ui, a);
}

/* The loop. */

static void
ui_read_keys(struct ui *ui)
{
	wint_t	wch;
	int	r;

	while (!ui->quit && (r = get_wch(&wch)) != ERR)
		ui_key(ui, wch, r == KEY_CODE_YES);
}

static void
ui_read_results(struct ui *ui)
{
	struct store_async_result	r;

	while (!ui->down && store_async_collect(ui->sa, &r))
		ui_result(ui, &r);
}

/* Timers: the change feed, the spinner. Returns the poll timeout. */
static int
ui_timers(struct ui *ui)
{
	long long	now = ui_now_ms();
	int		timeout;

	if (!ui->down && now >= ui->feed_at) {
		store_async_position_get(ui->sa, UI_SLOT_FEED);
		ui->feed_at = now + UI_FEED_MS;
	}
	if ((store_async_busy(ui->sa) || ui->down) && now >= ui->spin_at) {
		ui->spin++;
		ui->spin_at = now + UI_SPIN_MS;
		ui->dirty = true;
	}
	timeout = (int)(ui->feed_at - now);
	if (store_async_busy(ui->sa) || ui->down)
		timeout = timeout < UI_SPIN_MS ? timeout : UI_SPIN_MS;
	return timeout < 0 ? 0 : timeout;
}

static void
ui_loop(struct ui *ui)
{
	struct pollfd	pfd[3];
	unsigned char	sig;
	int		timeout, fd;

	while (!ui->quit) {
		ui_read_results(ui);
		ui_reconnect_step(ui);
		timeout = ui_timers(ui);
		ui_read_results(ui);
		if (ui->dirty) {
			ui_draw(ui);
			ui->dirty = false;
		}
		pfd[0].fd = STDIN_FILENO;
		pfd[0].events = POLLIN;
		pfd[1].fd = ui->sigpipe[0];
		pfd[1].events = POLLIN;
		fd = ui->down ? -1 : store_async_fd(ui->sa);
		pfd[2].fd = fd;
		pfd[2].events = POLLIN;
		if (poll(pfd, fd >= 0 ? 3 : 2, timeout) == -1 && errno != EINTR)
			fatal("poll: %s", strerror(errno));
		if (read(ui->sigpipe[0], &sig, 1) == 1)
			ui->quit = true;
		ui_read_keys(ui);
	}
}

static void
ui_free(struct ui *ui)
{
	int	i;

	for (i = 0; i < UI_NPANES; i++)
		pane_free(ui->panes[i]);
	edit_free(ui->edit);
	store_async_free(ui->sa);
	keymap_free(ui->owned_keymap);
	ui_sigpipe_w = -1;
	close(ui->sigpipe[0]);
	close(ui->sigpipe[1]);
}

int
ui_run(struct app *app, const struct config *cfg)
{
	struct ui	ui;

	memset(&ui, 0, sizeof ui);
	ui.app = app;
	ui.cfg = cfg;
	if (cfg != NULL && cfg->keymap != NULL)
		ui.keymap = cfg->keymap;
	else
		ui.keymap = ui.owned_keymap = keymap_create();
	ui_signals_install(&ui);
	ui_curses_start(&ui);
	ui.panes[UI_ORGS] = pane_orgs_create(&ui.draw);
	ui.panes[UI_CONTACTS] = pane_contacts_create(&ui.draw);
	ui.panes[UI_DETAIL] = pane_detail_create(&ui.draw);
	ui.sa = store_async_create(app->db);
	ui.edit = edit_create(app->db, ui.sa, &ui.draw, ui.keymap,
	    ui_edit_notify, &ui);
	ui_layout(&ui);
	ui_load_orgs(&ui);
	ui.dirty = true;
	ui_loop(&ui);
	endwin();
	util_set_fatal_hook(NULL);
	ui_free(&ui);
	return EXIT_SUCCESS;
}
