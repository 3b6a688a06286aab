/* The editing overlay's shared ground and the state of an open form. */
#ifndef SWITCHBOARD_EDIT_INT_H
#define SWITCHBOARD_EDIT_INT_H

#include "switchboard/form.h"
#include "switchboard/history.h"
#include "switchboard/keymap.h"
#include "switchboard/listview.h"
#include "switchboard/mode.h"
#include "switchboard/store.h"

#define EDIT_DRAIN_MS	5000
#define EDIT_HISTORY_MAX 100
#define EDIT_LABEL_W	18
/*
 * Room for a title or a name in full (a name is at most 200 characters
 * of up to 4 bytes): only the drawing cuts it, by display width.
 */
#define EDIT_TEXT_MAX	1024
#define EDIT_TITLE_MAX	(EDIT_TEXT_MAX + 64)	/* a few words and a name */
#define EDIT_MIN_W	50	/* narrowest overlay window: label, value */
#define EDIT_QUESTION_ROWS 3	/* a y/n question wraps over at most these */
#define EDIT_DISCARD_Q	"Discard your changes? (y/n)"
/* Phone numbers typed without a country code are read as this country's. */
#define EDIT_DEFAULT_COUNTRY "US"

/* What an open form shows: itself, or a view or question over it. */
enum edit_mode {
	EDIT_FORM,
	EDIT_CONFLICT,		/* the conflict mode is open over it */
	/* Asked (ui-confirm.c, edit_sheet_ask); the answer comes back. */
	EDIT_CONFIRM_DISCARD,
	EDIT_CONFIRM_EXISTING,	/* link the contact found instead? */
	EDIT_CONFIRM_PRIMARY,	/* does the primary mark move? */
	EDIT_CONFIRM_IMPORT	/* the import's preview: write it? */
};

/* The answers of the questions and views over a mode (ui-confirm.h). */
#define EDIT_ANSWER_NO		0
#define EDIT_ANSWER_YES		1
#define EDIT_ANSWER_OTHER	2

/* What the open form saves to. */
enum edit_kind {
	EDIT_KIND_CONTACT,	/* a contact's own fields */
	EDIT_KIND_NEW,		/* a new contact, linked here */
	EDIT_KIND_EXISTING,	/* find a contact by email/phone, link it */
	EDIT_KIND_ROLE,		/* the contact's role here and primary mark */
	EDIT_KIND_ITEM_PHONE,	/* a phone of the items overlay */
	EDIT_KIND_ITEM_EMAIL,
	EDIT_KIND_ITEM_ADDRESS,
	EDIT_KIND_ORG,		/* an organization's own fields */
	EDIT_KIND_ORG_NEW,	/* a new organization */
	EDIT_KIND_ACCESS,	/* access to grant */
	EDIT_KIND_IMPORT	/* a file to import */
};

struct edit;
struct edit_items;
struct edit_roles;
struct edit_sheet;
struct mode;
struct mode_stack;

/*
 * What a form does, set by whoever opens it: save the checked form; take
 * a key before the focused field does (may be NULL; true if taken, with
 * EDIT_* flags in *flags); hear that a field changed; answer a question
 * of its own (EDIT_CONFIRM_EXISTING, _PRIMARY); go when dropped (Esc,
 * or discard confirmed: by default the form closes); add key contexts
 * to KEYMAP_CTX_FORM while it shows. Every op but save may be NULL. The
 * files below never call back into the one that opened the form: they
 * go through these.
 */
struct edit_form_ops {
	int		(*save)(struct edit_sheet *s);
	bool		(*key)(struct edit_sheet *s, int wch, int *flags);
	void		(*changed)(struct edit_sheet *s);
	int		(*answer)(struct edit_sheet *s, int answer);
	void		(*drop)(struct edit_sheet *s);
	unsigned int	(*context)(const struct edit_sheet *s);
};

/*
 * One open form and what it saves to: the state of the form's mode
 * (edit-sheet.c), pushed over the panes or the items list by
 * edit_sheet_push and freed with the form when that mode closes. The
 * modes over it (its questions, the conflict screen) answer into it.
 */
struct edit_sheet {
	struct edit		*ed;		/* the shared ground */
	const struct edit_form_ops *ops;
	enum edit_mode		 mode;
	bool			 done;		/* closed: its mode pops */
	struct form		*form;
	enum edit_kind		 kind;
	char			 title[EDIT_TITLE_MAX];
	char			 readonly[EDIT_TEXT_MAX];	/* why not; "" editable */
	char			 org_id[STORE_UUID_LEN + 1];
	char			 contact_id[STORE_UUID_LEN + 1];
	char			 found_id[STORE_UUID_LEN + 1]; /* "-": none;
						   an organization's partner */
	char			 found[300];	/* "Ann Lee (Acme)": a match */
	bool			 found_by_name;	/* a close name: link by id */
	struct edit_roles	*roles;		/* edit-role-int.h; or NULL */
	struct edit_items	*items;		/* an item's: its list, below */
	int			 cursor_y;	/* the focused field's insertion */
	int			 cursor_x;	/* point as drawn; -1: none */
};

/*
 * The shared ground of the overlay's modes: what they write with, the
 * undo of the last change, a save whose reply was lost, and the open
 * form (its mode's state, lent here for the timer and the recheck).
 */
struct edit {
	struct db		*db;
	struct store_async	*sa;
	const struct draw	*draw;
	const struct keymap	*km;
	struct mode_stack	*modes;		/* the UI's, to push on */
	char			 country[3];	/* for phones without +CC */
	void			(*notify)(void *, enum theme_role,
				    const char *);
	void			*arg;
	char			 unsure[STORE_UUID_LEN + 1]; /* lost reply */
	struct history_log	 undo;		/* u takes back the newest */
	struct edit_sheet	*open;		/* the open form, or NULL */
	int			 kinds;		/* EDIT_HOLDS_ bits; -1 not
						   asked yet */
	const char		*(*make_person)(void *, const char *);
	void			*make_person_arg;
	char			 new_org_id[STORE_UUID_LEN + 1]; /* created */
	char			 new_org_name[256];
};

/*
 * edit-core.c: shared by the overlay's files, which call down into it
 * and never into edit.c (the entry points) or each other in a circle.
 */
void	edit_say(struct edit *ed, enum theme_role role, const char *fmt, ...)
	    __attribute__((format(printf, 3, 4)));
/*
 * The id of the organization named in the form's field (by name, case
 * and accents aside) into id, "" when the field is empty; false when
 * none is named that (missing said on the field) or the server did not
 * answer (said in the form).
 */
bool	edit_org_field_id(struct edit_sheet *s, const char *field, char *id,
	    size_t size, const char *missing);
/* The kinds of access, as bits of edit_kinds_refused's kinds. */
#define EDIT_HOLDS_SUPER	0x1
#define EDIT_HOLDS_PROVIDER	0x2
/*
 * Whether the person holds none of kinds (asked of the server once):
 * then why gets only, or what kept the server from answering.
 */
bool	edit_kinds_refused(struct edit *ed, int kinds, const char *only,
	    char *why, size_t size);
#define edit_super_refused(ed, only, why, size)				\
	edit_kinds_refused((ed), EDIT_HOLDS_SUPER, (only), (why), (size))
void	edit_drain(struct edit *ed);
/*
 * Push a view of ops with state over the others; false, said, when no
 * more views fit (the caller then releases state).
 */
bool	edit_view_push(struct edit *ed, const struct mode_ops *ops,
	    void *state);
/*
 * Ask question in the shared question mode, over rows 2 to 4 of the
 * overlay's box (prompt: on the items list's row above its keys); the
 * answer (EDIT_ANSWER_*) comes to the asking mode's result op. False
 * when the stack is full.
 */
bool	edit_ask(struct edit *ed, bool prompt, const char *question);
/*
 * Who holds the primary mark for role in org_id now, other than
 * except_id: name and id ("" for nobody). Read from the database, not
 * the pane: its rows may be filtered or stale.
 */
enum sb_status edit_primary_holder(struct edit *ed, const char *org_id,
	    const char *role, const char *except_id, char *name, size_t size,
	    char id[STORE_UUID_LEN + 1], struct sb_error *err);
/*
 * Undo the newest change of the session, its outcome into msg: OK,
 * ERROR (not undone, and why), WARNING (nothing to undo).
 */
enum theme_role edit_undo_last(struct edit *ed, char *msg, size_t size);
/*
 * Where the overlay's questions show (struct ui_confirm_frame): over
 * rows 2 to 4 inside its box, or in a box of 6 rows of their own.
 */
bool	edit_place_over(int rows, int cols, int *y, int *x, int *h, int *w);
bool	edit_place_question(int rows, int cols, int *y, int *x, int *h,
	    int *w);
/* The items list's row above its keys, inside its box. */
bool	edit_place_prompt(int rows, int cols, int *y, int *x, int *h, int *w);

/*
 * The form's questions, keys and save (edit-core.c too), below its mode
 * in edit-sheet.c: edit_sheet_push opens form (taken) with
 * ops over what is showing; NULL (the form freed, said) without room.
 */
struct edit_sheet *edit_sheet_push(struct edit *ed, struct form *form,
	    const struct edit_form_ops *ops, enum edit_kind kind,
	    const char *title);
/* Done with the form: its mode pops. */
void	edit_sheet_close(struct edit_sheet *s);
/* The form goes as its opener says (ops->drop; else it closes). */
void	edit_sheet_drop(struct edit_sheet *s);
/* A key for the form: its opener's first, then save, Esc, Tab, fields. */
int	edit_form_key(struct edit_sheet *s, int wch, bool code);
/* Ask question over the form; s->mode is asked until the answer. */
int	edit_sheet_ask(struct edit_sheet *s, enum edit_mode asked,
	    const char *question);
int	edit_save_form(struct edit_sheet *s);
void	edit_save_failed(struct edit_sheet *s, const struct sb_error *err);
/* A save failed; res: what the store knows of a lost reply. */
void	edit_save_lost(struct edit_sheet *s, const struct store_result *res,
	    const struct sb_error *err);
/* Whether m is a form's mode that closed by itself (to pop). */
bool	edit_sheet_stale(const struct mode *m);
/*
 * edit-paste.c: a paste into the form's focused field; a paste where no
 * text field takes it (a list), said on the status line.
 */
int	edit_paste(struct edit_sheet *s, const char *text, const char *note);
int	edit_paste_nowhere(struct edit *ed);

/* edit-link.c: linking existing contacts, duplicates. */
bool	edit_offer_existing(struct edit_sheet *s);
int	edit_confirm_existing_answer(struct edit_sheet *s, int answer);

/*
 * edit-conflict.c: choose per field of the open form (count of them
 * conflicted; item: an item's form), in a mode of its own; its answer
 * comes to the form's mode (yes: save).
 */
int	edit_conflict_open(struct edit_sheet *s, size_t count, bool item);

/*
 * edit-draw.c: the overlay's box for a view of its own, titled title,
 * with its size in *h and *width; NULL when the terminal is too small
 * for it (said in its place). *h is the height wanted (0: all the
 * screen gives); it needs need rows (9 at least) and EDIT_MIN_W columns.
 * The caller draws in it, refreshes and deletes it.
 */
WINDOW	*edit_draw_view(struct edit *ed, int rows, int cols, int need,
	    const char *title, int *h, int *width);
/*
 * Contacts keep and other side by side, a value chosen for each field, to
 * merge other into keep (edit-merge.c); from the duplicates view.
 */
int	edit_open_merge(struct edit *ed, const char *keep, const char *other);
/* A key of a view and what it does, for its line of keys. */
struct edit_key_hint {
	enum keymap_action	 action;
	const char		*what;
};
/* n cells of a view's row y from column 2, each in its width, a space apart. */
void	edit_draw_cells(struct edit *ed, WINDOW *w, int y,
	    const char *const *cells, const int *widths, int n,
	    enum theme_role role);
/* "g grant  Esc close", the first key each action is bound to, dim. */
void	edit_draw_keys(struct edit *ed, WINDOW *w, int y, int width,
	    const struct edit_key_hint *keys, size_t n);
/* A question over rows 2 to 4 of the overlay's window w, wrapped. */
void	edit_draw_question(struct edit *ed, WINDOW *w, int width,
	    const char *text);
/* The form's view (the conflict screen and questions show over it). */
void	edit_sheet_draw(struct edit_sheet *s, int rows, int cols);

#endif
