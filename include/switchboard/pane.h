/* The three panes behind one vtable, and the drawing helpers they use. */
#ifndef SWITCHBOARD_PANE_H
#define SWITCHBOARD_PANE_H

#include <stdbool.h>

#include <curses.h>

#include "switchboard/keymap.h"
#include "switchboard/listview.h"
#include "switchboard/store.h"
#include "switchboard/theme.h"

/* What drawing needs: sanitizer flags and the theme as curses attributes. */
struct draw {
	int	 safe_flags;		/* TERM_SAFE_UTF8 or 0 */
	attr_t	 attrs[THEME_ROLE_COUNT];
};

/* What a key did, for the event loop. */
#define PANE_KEY_IGNORED	0x00
#define PANE_KEY_REDRAW		0x01
#define PANE_KEY_SELECTED	0x02	/* the selection moved */
#define PANE_KEY_OPEN		0x04	/* drill into the selection */
#define PANE_KEY_RELOAD		0x08	/* filters changed: query again */

struct pane;

struct pane_vtable {
	const char	*name;
	/* Draw into pane->win (the event loop calls doupdate). */
	void		 (*draw)(struct pane *);
	/* Handle an action; returns PANE_KEY_* flags. */
	int		 (*key)(struct pane *, enum keymap_action);
	/* Take over rows from a finished read (rows emptied). */
	void		 (*take)(struct pane *, struct store_rows *);
	/* Id of the selected record, "" when none. Borrowed. */
	const char	*(*selected_id)(struct pane *);
	/* The phone or email to copy ("phone"/"email"), NULL if none. */
	const char	*(*copy_text)(struct pane *, const char *kind);
	/* The filter text changed (NULL: the UI queries again). */
	void		 (*refilter)(struct pane *);
	void		 (*free)(struct pane *);
};

/*
 * A pane: its window (owned, recreated by the layout), list state and the
 * rows it shows (owned). filter is the search-as-you-type text.
 */
struct pane {
	const struct pane_vtable *vt;
	const struct draw	*draw;		/* borrowed from the UI */
	WINDOW			*win;
	bool			 focused;
	bool			 loading;	/* a read for it is queued */
	struct listview		 lv;
	struct store_rows	 rows;
	char			 filter[128];
	char			 title[128];
	void			*data;		/* pane's own state */
};

struct pane	*pane_orgs_create(const struct draw *);
struct pane	*pane_contacts_create(const struct draw *);
struct pane	*pane_detail_create(const struct draw *);
void		 pane_free(struct pane *);

/* Shared list handling (pane.c): movement actions on pane->lv. */
int		 pane_list_key(struct pane *, enum keymap_action);

/*
 * Keep the selection on the record with id after a reload of count rows;
 * id_at returns the id of a row.
 */
void		 pane_reselect(struct pane *, const char *id, int count,
		     const char *(*id_at)(struct pane *, int));

/* With no rows: "Loading..." while a read is queued, else empty_text. */
void		 pane_draw_empty(struct pane *, const char *empty_text);

/*
 * A hyperlink target: "tel:" with an E.164 number ("+" and 2 to 15
 * digits) or "mailto:" with a plain address (letters, digits and
 * ".+-_'" around one "@"). NULL when value is anything else. Caller frees.
 */
char		*pane_link_url(const char *scheme, const char *value);
char		*pane_link_tel(const char *e164, const char *extension);
/*
 * A phone as the details pane shows it: digits always those it copies
 * and dials (e164). As written when that spells its E.164 form; a
 * national number in its international form ("+44 20 7946 0958"); else
 * (a row stored before the server derived the form) the E.164 form
 * first, then "(written ...)". With " ext. N" for an extension. Caller
 * frees.
 */
char		*pane_phone_text(const char *number, const char *e164,
		     const char *extension);

/*
 * Details pane: the value drawn on a line, its URL (NULL if none), and
 * where it is drawn in the pane's window (column x, width cells).
 */
const char	*pane_detail_link(struct pane *, int row, const char **url,
		     int *x, int *width);

/*
 * Organizations pane: the organizations marked (mark-org) for the
 * emergency list; *ids borrowed until the next key or take. Returns n.
 */
size_t		 pane_orgs_marked(struct pane *, const char *const **ids);

/* Contacts pane: the role filter, active-only switch and search hits. */
const char	*pane_contacts_role(struct pane *);
bool		 pane_contacts_include_inactive(struct pane *);
/*
 * The pane will show the rows of title: emptied when title is new, or
 * always; the contact selected is selected again if the rows hold it.
 */
void		 pane_contacts_clear(struct pane *, const char *title,
		     bool always);
/* The selected row as an index of pane->rows (filtered, sorted); -1. */
int		 pane_contacts_selected_row(struct pane *);

/*
 * Drawing helpers: every string goes through term-safe and is cut to the
 * display width given. Implemented in draw.c.
 */
int		 draw_text(WINDOW *, const struct draw *, int y, int x,
		     int width, const char *untrusted, enum theme_role role);
/*
 * Text in width cells on up to rows rows, broken at spaces by display
 * width (never inside a character); the last row is cut with an
 * ellipsis. Returns the rows used.
 */
int		 draw_wrap(WINDOW *, const struct draw *, int y, int x,
		     int width, int rows, const char *text,
		     enum theme_role role);
void		 draw_frame(struct pane *, const char *title);
void		 draw_fill(WINDOW *, const struct draw *, int y, int x,
		     int width, enum theme_role role);
int		 draw_list_attr(const struct pane *, int row);
/*
 * A prompt's answer in width cells: in role, or in sel while selected
 * (typing replaces it); the cursor an underscore past the end, else the
 * character under it in sel. The window's cursor is left at the
 * insertion point, whose column is returned.
 */
struct prompt;
int		 draw_prompt(WINDOW *, const struct draw *, int y, int x,
		     int width, struct prompt *, enum theme_role role,
		     enum theme_role sel);

#endif
