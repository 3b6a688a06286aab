/* Private to the terminal UI: its state and the functions its files share. */
#ifndef SWITCHBOARD_UI_INT_H
#define SWITCHBOARD_UI_INT_H

#include <stdbool.h>
#include <wchar.h>

#include "switchboard/db.h"
#include "switchboard/mode.h"
#include "switchboard/pane.h"
#include "switchboard/paste.h"
#include "switchboard/prompt.h"
#include "switchboard/store.h"
#include "switchboard/theme.h"

struct app;
struct store_feed;
struct config;
struct keymap;

#define UI_MIN_COLS	40
#define UI_MIN_ROWS	10
#define UI_WIDE_COLS	100	/* below this, one pane at a time */
#define UI_SPIN_MS	100
#define UI_ORG_PAGE	100	/* organizations fetched at a time */
#define UI_ORG_NEAR	10	/* rows from the end that fetch more */
#define UI_ORG_FIRST_MIN 24	/* least rows of the first page */
#define UI_HIT_LIMIT	200	/* most directory hits ever fetched */
#define UI_LINK_WIDTH_MAX 256	/* widest link text printed */
#define UI_PASTE_ON	"\033[?2004h"	/* bracketed paste mode */
#define UI_PASTE_OFF	"\033[?2004l"
#define UI_PASTE_IDLE_MS 3000	/* a paste without its end mark ends */

/* The warm-up's reads (ui_search_warm) come last: nobody sees them. */
enum ui_slot { UI_SLOT_ORGS, UI_SLOT_CONTACTS, UI_SLOT_DETAIL,
    UI_SLOT_EMERGENCY, UI_SLOT_WARM, UI_SLOT_WARM_NAME,
    UI_SLOT_WARM_DETAIL };
enum ui_pane { UI_ORGS, UI_CONTACTS, UI_DETAIL, UI_NPANES };
enum ui_search { UI_SEARCH_NONE, UI_SEARCH_PANE, UI_SEARCH_GLOBAL };

/*
 * ui-panes.c: the table of panes, left to right, by enum ui_pane. The
 * layout, the header, the key contexts and the set-up read it; a pane is
 * added by a row here and its file (pane-*.c).
 */
struct ui_pane_desc {
	const char	*name;		/* in the narrow header */
	struct pane	*(*create)(const struct draw *);
	int		 width;		/* percent of a wide screen; 0: rest */
	unsigned int	 context;	/* its key table context */
	unsigned int	 own;		/* its own keys, before context */
	bool		 filters;	/* "/" filters its rows */
};
extern const struct ui_pane_desc ui_pane_table[UI_NPANES];

struct ui {
	struct app		*app;
	const struct config	*cfg;
	struct keymap		*keymap;	/* borrowed or owned_keymap */
	struct keymap		*owned_keymap;
	struct store_async	*sa;
	struct draw		 draw;
	struct pane		*panes[UI_NPANES];
	struct edit		*edit;		/* the editing overlay */
	struct emergency	*emergency;	/* the emergency view */
	struct mode_stack	 modes;		/* the views over the panes */
	int			 focus;
	int			 rows, cols;
	bool			 narrow, too_small, dirty, quit;
	bool			 links;		/* emit OSC 8 hyperlinks */
	char			*links_drawn;	/* links on screen, or NULL */
	unsigned int		 warm_gen;	/* session warmed for search, + 1 */
	enum ui_search		 searching;
	struct prompt		 search;	/* the search's answer */
	bool			 global;	/* contacts pane shows hits */
	char			 global_text[128];
	char			 global_asked[128]; /* sent for the hits shown */
	char			 message[256];
	enum theme_role		 message_role;
	int			 cursor_y, cursor_x; /* terminal cursor, or -1 */
	bool			 down;		/* connection lost */
	struct db_wait		 wait;		/* what the reconnect awaits */
	long long		 revive_at;	/* next look at our server (ms) */
	bool			 revived;	/* we started it again */
	struct store_feed	*feed;
	bool			 feed_wake;	/* a fetch may find events */
	unsigned long		 org_page_seq;	/* next-page read in flight */
	unsigned long		 org_page_stale; /* one a reload overtook */
	int			 hit_limit;	/* hits asked of this search */
	long long		 spin_at;
	unsigned int		 spin;
	char			 org_id[STORE_UUID_LEN + 1];
	char			 contact_id[STORE_UUID_LEN + 1];
	int			 sigpipe[2];
	struct paste		 paste;		/* a bracketed paste */
	int			 paste_keys[2];	/* its start, end; or -1 */
	long long		 paste_at;	/* its last key, ms */
};

/*
 * ui-load.c: layout, messages, loading and following the selection. The
 * lowest of the UI's files: it calls none of the others but ui-draw.c.
 */
long long ui_now_ms(void);
void	ui_layout(struct ui *);
void	ui_message(struct ui *, enum theme_role, const char *, ...)
	    __attribute__((format(printf, 3, 4)));
void	ui_load_orgs(struct ui *);
void	ui_load_orgs_more(struct ui *);
void	ui_load_contacts(struct ui *);
void	ui_load_detail(struct ui *);
/* Whether the details show the organization (it has the focus). */
bool	ui_detail_is_org(const struct ui *);
void	ui_detail_refocus(struct ui *);
void	ui_load_all(struct ui *);
void	ui_follow_org(struct ui *);
/* The selected organization's name, or "" (none, or a search of all). */
const char *ui_org_selected_name(const struct ui *);
void	ui_follow_contact(struct ui *);
void	ui_search_changed(struct ui *);
/* The search text being typed: the pane's filter or the directory's. */
char	*ui_search_text(struct ui *);
/* Put the search prompt's text into ui_search_text. */
void	ui_search_store(struct ui *);
/* text into buf of size bytes, cut at a character's start to fit. */
void	ui_text_store(char *buf, size_t size, const char *text);
void	ui_search_warm(struct ui *);

/* ui-feed.c: the connection, lost and regained, and the change feed. */
void	ui_connection_lost(struct ui *, const struct sb_error *);
void	ui_reconnect(struct ui *);
void	ui_feed_start(struct ui *);
void	ui_feed_step(struct ui *);

/* ui-draw.c: draw the whole screen; the only caller of doupdate(). */
void	ui_draw(struct ui *);
void	ui_links_forget(struct ui *);

/* ui-keys.c: read and dispatch every pending key. */
void	ui_key(struct ui *, wint_t wch, bool code);
void	ui_read_keys(struct ui *);

/* ui-copy.c: copy text to the local clipboard (OSC 52). */
void	ui_copy_text(struct ui *, const char *kind, const char *text);

/*
 * ui-modes.c: the emergency view as a mode on ui->modes (the overlay's
 * views push their own). ui_modes_emergency_opened pushes its mode when
 * the view opened; ui_modes_prune pops an overlay's view that closed by
 * itself; ui_modes_help pushes the help for the top mode (or the panes).
 */
void	ui_modes_emergency_opened(struct ui *);
void	ui_modes_prune(struct ui *);
void	ui_modes_help(struct ui *);

/*
 * ui-allow.c: whether the person's access refuses action on what is
 * selected (the organization's links and contacts read-only), its
 * reason into why; ui_action_allowed says so on the status line.
 */
bool	ui_action_refused(const struct ui *, int action, char *why,
	    size_t size);
bool	ui_action_allowed(struct ui *, int action);

/*
 * The selected contact's link row: the selected row of the contacts pane
 * (one row per role), else the first for the contact's id; or NULL.
 * Borrowed until the rows change.
 */
const struct store_link *ui_selected_link(const struct ui *);

/*
 * ui-paste.c: bracketed paste. ui_paste_start turns it on when the
 * terminal takes it (true if so); ui_paste_key takes the keys of a paste
 * (true when it took this one).
 */
bool	ui_paste_start(struct ui *);
bool	ui_paste_key(struct ui *, wint_t wch, bool code);
/*
 * A paste whose end mark never came ends after UI_PASTE_IDLE_MS without
 * a key: ms until then, or -1 with no paste open (it delivers at 0).
 */
int	ui_paste_timeout(struct ui *);

#endif
