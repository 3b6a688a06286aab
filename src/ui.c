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

#include "switchboard/app.h"
#include "switchboard/config.h"
#include "switchboard/db.h"
#include "switchboard/edit.h"
#include "switchboard/emergency.h"
#include "switchboard/keymap.h"
#include "switchboard/pane.h"
#include "switchboard/store.h"
#include "switchboard/store-feed.h"
#include "switchboard/term-safe.h"
#include "switchboard/theme.h"
#include "switchboard/ui.h"
#include "switchboard/util.h"

#include "ui-int.h"

_Static_assert(KEYMAP_KEY_UP == KEY_UP, "keymap and curses key codes");
_Static_assert(KEYMAP_KEY_BTAB == KEY_BTAB, "keymap and curses key codes");
_Static_assert(KEYMAP_KEY_END == KEY_END, "keymap and curses key codes");

/*
 * State the signal handlers need: they may only touch these. A handler
 * cannot be given an argument, so these are the file's only globals.
 */
static int			ui_sigpipe_w = -1;
static struct termios		ui_saved_tio;
static volatile sig_atomic_t	ui_tio_saved;
static volatile sig_atomic_t	ui_paste_on;	/* bracketed paste mode */
static struct sigaction		ui_tstp_curses;	/* curses' SIGTSTP */
static bool			ui_tstp_installed;

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

	if (ui_paste_on)
		(void)!write(STDOUT_FILENO, UI_PASTE_OFF,
		    sizeof UI_PASTE_OFF - 1);
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

/*
 * Suspend: the shell gets the terminal without bracketed paste, which
 * comes back on resume. Curses' own handler (endwin, stop, refresh) runs
 * in between.
 */
static void
ui_signal_tstp(int sig)
{
	int	saved = errno;

	(void)!write(STDOUT_FILENO, UI_PASTE_OFF, sizeof UI_PASTE_OFF - 1);
	if (ui_tstp_curses.sa_handler != SIG_DFL &&
	    ui_tstp_curses.sa_handler != SIG_IGN)
		ui_tstp_curses.sa_handler(sig);
	else
		kill(getpid(), SIGSTOP);
	(void)!write(STDOUT_FILENO, UI_PASTE_ON, sizeof UI_PASTE_ON - 1);
	errno = saved;
}

/* Bracketed paste on, and off again on suspend and every exit path. */
static void
ui_paste_install(struct ui *ui)
{
	struct sigaction	sa;

	if (!ui_paste_start(ui))
		return;
	ui_paste_on = 1;
	memset(&sa, 0, sizeof sa);
	sigemptyset(&sa.sa_mask);
	sa.sa_handler = ui_signal_tstp;
	sa.sa_flags = SA_RESTART;
	if (sigaction(SIGTSTP, NULL, &ui_tstp_curses) == 0 &&
	    ui_tstp_curses.sa_handler != SIG_IGN &&
	    !(ui_tstp_curses.sa_flags & SA_SIGINFO))
		ui_tstp_installed = sigaction(SIGTSTP, &sa, NULL) == 0;
}

static void
ui_paste_uninstall(void)
{
	if (!ui_paste_on)
		return;
	(void)!write(STDOUT_FILENO, UI_PASTE_OFF, sizeof UI_PASTE_OFF - 1);
	ui_paste_on = 0;
	if (ui_tstp_installed)
		sigaction(SIGTSTP, &ui_tstp_curses, NULL);
	ui_tstp_installed = false;
}

/* The fatal hook: leave curses before the message is printed. */
static void
ui_fatal_teardown(void)
{
	ui_paste_uninstall();
	ui_terminal_wipe();
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

/*
 * Terminals known to take OSC 8 (others may print it): a conservative
 * list by TERM, never the console or a plain VT100.
 */
static bool
ui_term_has_links(void)
{
	static const char *const ok[] = { "xterm", "foot", "alacritty",
	    "wezterm", "kitty", "tmux", "contour", "ghostty" };
	const char	*term = getenv("TERM");
	size_t		 i;

	if (term == NULL)
		return false;
	for (i = 0; i < SB_ARRAY_LEN(ok); i++)
		if (strncmp(term, ok[i], strlen(ok[i])) == 0)
			return true;
	return false;
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
	ui->links = ui->cfg != NULL && ui->cfg->hyperlinks &&
	    ui_term_has_links();
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
	/* The cursor shows the selection (ui-draw.c places it). */
	leaveok(stdscr, FALSE);
	if (ui->cfg != NULL && ui->cfg->mouse) {
		/* Report presses at once: a click selects on the press. */
		mouseinterval(0);
		mousemask(BUTTON1_PRESSED | BUTTON4_PRESSED |
		    BUTTON5_PRESSED, NULL);
	}
	ui_colors_init(ui);
	ui_paste_install(ui);
}

/* Queries: each pane's rows come from one slot. */

/* Append a next page of organizations to the pane's rows. */
static void
ui_orgs_append(struct ui *ui, struct store_rows *page)
{
	struct pane		*p = ui->panes[UI_ORGS];
	struct store_rows	 all = p->rows;
	struct store_org	*o;

	memset(&p->rows, 0, sizeof p->rows);
	o = xreallocarray(all.rows, all.count + page->count + 1, sizeof *o);
	memcpy(o + all.count, page->rows, page->count * sizeof *o);
	all.rows = o;
	all.count += page->count;
	all.more = page->more;
	free(page->rows);
	memset(page, 0, sizeof *page);
	p->vt->take(p, &all);
}

static void
ui_result_orgs(struct ui *ui, struct store_async_result *r)
{
	struct pane	*p = ui->panes[UI_ORGS];

	/*
	 * Not a page of these rows: taken whole, it would move the
	 * selection to another organization until the reload came.
	 */
	if (ui->org_page_stale != 0 && r->seq == ui->org_page_stale) {
		ui->org_page_stale = 0;
		return;
	}
	if (ui->org_page_seq != 0 && r->seq == ui->org_page_seq)
		ui_orgs_append(ui, &r->rows);
	else
		p->vt->take(p, &r->rows);
	ui->org_page_seq = 0;
	ui_follow_org(ui);
}

static void
ui_result(struct ui *ui, struct store_async_result *r)
{
	if (r->status == SB_UNAVAILABLE && db_is_lost(ui->app->db)) {
		ui_connection_lost(ui, &r->err);
		goto out;
	}
	/* Their rows (or failure) are of no interest: real reads follow. */
	if (r->slot >= UI_SLOT_WARM)
		goto out;
	if (r->slot >= 0 && r->slot < UI_NPANES)
		ui->panes[r->slot]->loading = false;
	if (r->status != SB_OK) {
		if (r->slot == UI_SLOT_ORGS)
			ui->org_page_seq = 0;
		if (r->slot == UI_SLOT_EMERGENCY)
			emergency_take(ui->emergency, NULL);
		/* Gone, say: its old lines would stand for the selection. */
		if (r->slot == UI_SLOT_DETAIL)
			ui->panes[UI_DETAIL]->vt->take(ui->panes[UI_DETAIL],
			    &r->rows);
		ui_message(ui, THEME_STATUS_ERROR, "%s: %s",
		    sb_status_text(r->status), r->err.message);
		goto out;
	}
	switch (r->slot) {
	case UI_SLOT_ORGS:
		ui_result_orgs(ui, r);
		break;
	case UI_SLOT_CONTACTS:
		ui->panes[UI_CONTACTS]->vt->take(ui->panes[UI_CONTACTS],
		    &r->rows);
		ui_follow_contact(ui);
		break;
	case UI_SLOT_DETAIL:
		/* Only what is selected now: an older read is stale. */
		if ((r->rows.type == STORE_ROWS_ORG_DETAIL) !=
		    ui_detail_is_org(ui))
			break;
		if (r->rows.count > 0 && strcmp(r->rows.type ==
		    STORE_ROWS_ORG_DETAIL ? ((struct store_org_detail *)
		    r->rows.rows)->id : ((struct store_contact *)
		    r->rows.rows)->id, ui_detail_is_org(ui) ? ui->org_id :
		    ui->contact_id) != 0)
			break;
		ui->panes[UI_DETAIL]->vt->take(ui->panes[UI_DETAIL],
		    &r->rows);
		break;
	case UI_SLOT_EMERGENCY:
		emergency_take(ui->emergency, &r->rows);
		break;
	}
	ui->dirty = true;
out:
	store_rows_free(&r->rows);
}

/* The loop. */

static void
ui_read_results(struct ui *ui)
{
	struct store_async_result	r;

	while (!ui->down && store_async_collect(ui->sa, &r))
		ui_result(ui, &r);
}

/*
 * The overlay's timer: a search as one types, after a pause; and a save
 * whose reply was lost, asked after once the connection is back.
 */
static void
ui_edit_tick(struct ui *ui)
{
	struct sb_error	err;
	int		r;

	if (!ui->down && edit_unsure(ui->edit)) {
		r = edit_recheck(ui->edit);
		if (r == 0 && db_is_lost(ui->app->db)) {
			sb_error_clear(&err);
			sb_error_set(&err, SB_UNAVAILABLE, "the connection to "
			    "the server was lost");
			ui_connection_lost(ui, &err);
		}
		if (r & EDIT_RELOAD)
			ui_load_all(ui);
		if (r != 0)
			ui->dirty = true;
	}
	if (ui->down || edit_timeout(ui->edit) != 0)
		return;
	r = edit_tick(ui->edit);
	if (r & EDIT_RELOAD)
		ui_load_all(ui);
	if (r != 0)
		ui->dirty = true;
}

/* The spinner's timer. Returns the poll timeout. */
static int
ui_timers(struct ui *ui)
{
	long long	now = ui_now_ms();
	int		timeout = -1, t;

	if (store_async_busy(ui->sa) || ui->down) {
		if (now >= ui->spin_at) {
			ui->spin++;
			ui->spin_at = now + UI_SPIN_MS;
			ui->dirty = true;
		}
		timeout = (int)(ui->spin_at - now);
	}
	/* A wake-up is waiting and nothing else will wake the loop. */
	if (ui->feed_wake && !ui->down && !store_async_busy(ui->sa))
		timeout = 0;
	if (ui->down && ui->wait.timeout_ms >= 0 &&
	    (timeout < 0 || ui->wait.timeout_ms < timeout))
		timeout = ui->wait.timeout_ms;
	if ((t = ui_paste_timeout(ui)) >= 0 && (timeout < 0 || t < timeout))
		timeout = t;
	if (!ui->down && edit_timeout(ui->edit) >= 0 &&
	    (timeout < 0 || edit_timeout(ui->edit) < timeout))
		timeout = edit_timeout(ui->edit);
	return timeout < 0 ? -1 : timeout;
}

/* The database socket to wait on, and for what; -1 for none. */
static int
ui_db_fd(struct ui *ui, short *events)
{
	*events = POLLIN;
	if (ui->down) {
		*events = ui->wait.events;
		return ui->wait.fd;
	}
	return store_async_fd(ui->sa);
}

static void
ui_loop(struct ui *ui)
{
	struct pollfd	pfd[3];
	unsigned char	sig;
	int		timeout;

	while (!ui->quit) {
		ui_read_results(ui);
		ui_reconnect(ui);
		ui_read_results(ui);
		/*
		 * Last: reading results also takes in notifications, which
		 * would otherwise wait in libpq while poll() sleeps.
		 */
		ui_feed_step(ui);
		ui_edit_tick(ui);
		ui_modes_prune(ui);
		timeout = ui_timers(ui);
		if (ui->dirty) {
			ui_draw(ui);
			ui->dirty = false;
		}
		if (!store_async_busy(ui->sa))
			ui_search_warm(ui);
		pfd[0].fd = STDIN_FILENO;
		pfd[0].events = POLLIN;
		pfd[1].fd = ui->sigpipe[0];
		pfd[1].events = POLLIN;
		pfd[2].fd = ui_db_fd(ui, &pfd[2].events);
		if (poll(pfd, pfd[2].fd >= 0 ? 3 : 2, timeout) == -1 &&
		    errno != EINTR)
			fatal("poll: %s", strerror(errno));
		if (read(ui->sigpipe[0], &sig, 1) == 1)
			ui->quit = true;
		ui_read_keys(ui);
	}
}

static void
ui_edit_notify(void *arg, enum theme_role role, const char *text)
{
	ui_message(arg, role, "%s", text);
}

/* A new login made a person's for a grant, and how it logs in. */
static const char *
ui_make_person(void *arg, const char *login)
{
	switch (app_make_person(arg, login)) {
	case APP_MADE_EMBEDDED:
		return ("Made a login of this embedded database (switchboard "
		    "--as opens it).");
	case APP_MADE_SERVER:
		return ("Made a login of this server (it needs a password "
		    "or a pg_hba.conf line).");
	case APP_MADE_NONE:
		break;
	}
	return (NULL);
}

static void
ui_free(struct ui *ui)
{
	int	i;

	mode_stack_clear(&ui->modes);
	for (i = 0; i < UI_NPANES; i++)
		pane_free(ui->panes[i]);
	edit_free(ui->edit);
	emergency_free(ui->emergency);
	store_feed_free(ui->feed);
	store_async_free(ui->sa);
	ui_links_forget(ui);
	paste_clear(&ui->paste);
	prompt_clear(&ui->search);
	keymap_free(ui->owned_keymap);
	ui_sigpipe_w = -1;
	close(ui->sigpipe[0]);
	close(ui->sigpipe[1]);
}

int
ui_run(struct app *app, const struct config *cfg)
{
	struct ui	ui;
	int		i;

	memset(&ui, 0, sizeof ui);
	mode_stack_init(&ui.modes);
	ui.app = app;
	ui.cfg = cfg;
	if (cfg != NULL && cfg->keymap != NULL)
		ui.keymap = cfg->keymap;
	else
		ui.keymap = ui.owned_keymap = keymap_create();
	ui_signals_install(&ui);
	ui_curses_start(&ui);
	prompt_init(&ui.search, sizeof ui.global_text - 1, ui.draw.safe_flags);
	for (i = 0; i < UI_NPANES; i++)
		ui.panes[i] = ui_pane_table[i].create(&ui.draw);
	ui.sa = store_async_create(app->db);
	ui.edit = edit_create(app->db, ui.sa, &ui.draw, ui.keymap,
	    ui_edit_notify, &ui);
	edit_set_modes(ui.edit, &ui.modes);
	edit_set_make_person(ui.edit, ui_make_person, ui.app);
	if (cfg != NULL)
		edit_set_country(ui.edit, cfg->country);
	ui.emergency = emergency_create(ui.sa, UI_SLOT_EMERGENCY, &ui.draw,
	    ui.keymap, ui_edit_notify, &ui);
	ui_feed_start(&ui);
	ui_layout(&ui);
	ui_load_orgs(&ui);
	ui.dirty = true;
	ui_loop(&ui);
	ui_paste_uninstall();
	ui_terminal_wipe();
	endwin();
	util_set_fatal_hook(NULL);
	ui_free(&ui);
	return EXIT_SUCCESS;
}
