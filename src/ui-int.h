/* Private to the terminal UI: its state and the functions its files share. */
#ifndef SWITCHBOARD_UI_INT_H
#define SWITCHBOARD_UI_INT_H

#include <stdbool.h>
#include <wchar.h>

#include "switchboard/pane.h"
#include "switchboard/store.h"
#include "switchboard/theme.h"

struct app;
struct config;
struct keymap;

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

/* ui.c: layout, messages, loading and following the selection. */
void	ui_layout(struct ui *);
void	ui_message(struct ui *, enum theme_role, const char *, ...)
	    __attribute__((format(printf, 3, 4)));
void	ui_load_orgs(struct ui *);
void	ui_load_contacts(struct ui *);
void	ui_load_detail(struct ui *);
void	ui_load_all(struct ui *);
void	ui_follow_org(struct ui *);
void	ui_follow_contact(struct ui *);

/* ui-draw.c: draw the whole screen; the only caller of doupdate(). */
void	ui_draw(struct ui *);

/* ui-keys.c: read and dispatch every pending key. */
void	ui_key(struct ui *, wint_t wch, bool code);
void	ui_read_keys(struct ui *);

#endif
