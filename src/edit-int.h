/* The editing overlay's state, shared by edit.c and edit-draw.c. */
#ifndef SWITCHBOARD_EDIT_INT_H
#define SWITCHBOARD_EDIT_INT_H

#include "switchboard/form.h"
#include "switchboard/history.h"
#include "switchboard/keymap.h"
#include "switchboard/listview.h"
#include "switchboard/store.h"

#define EDIT_DRAIN_MS	5000
#define EDIT_HISTORY_MAX 100
#define EDIT_LABEL_W	18
#define EDIT_MIN_W	50	/* narrowest overlay window: label, value */
#define EDIT_QUESTION_ROWS 3	/* a y/n question wraps over at most these */
#define EDIT_DISCARD_Q	"Discard your changes? (y/n)"
/* Phone numbers typed without a country code are read as this country's. */
#define EDIT_DEFAULT_COUNTRY "US"

enum edit_mode {
	EDIT_CLOSED,
	EDIT_FORM,
	EDIT_CONFLICT,		/* the conflict mode is open over it */
	/* Asked (ui-confirm.c, edit_ask); the answer comes to edit_answer. */
	EDIT_CONFIRM_DISCARD,
	EDIT_CONFIRM_EXISTING,	/* link the contact found instead? */
	EDIT_CONFIRM_PRIMARY,	/* does the primary mark move? */
	EDIT_ITEMS,		/* an owner's phones, emails, addresses */
	EDIT_ITEMS_ADD,		/* asked which kind of item to add */
	EDIT_ITEMS_REMOVE,	/* asked: remove the selected item? */
	EDIT_ITEMS_PICK		/* asked the address to link a phone to */
};

/* What the open form saves to. */
enum edit_kind {
	EDIT_KIND_CONTACT,	/* a contact's own fields */
	EDIT_KIND_NEW,		/* a new contact, linked here */
	EDIT_KIND_EXISTING,	/* find a contact by email/phone, link it */
	EDIT_KIND_ROLE,		/* the contact's role here and primary mark */
	EDIT_KIND_ITEM_PHONE,	/* a phone of the items overlay */
	EDIT_KIND_ITEM_EMAIL,
	EDIT_KIND_ITEM_ADDRESS
};

struct edit;
struct edit_items;
struct mode;
struct mode_stack;

/*
 * What the open form does, set by whoever opens it: save the checked
 * form; take a key before the focused field does (may be NULL; true if
 * taken, with EDIT_* flags in *flags); hear that a field changed (may
 * be NULL). The files below never call back into the one that opened
 * the form: they go through these.
 */
struct edit_form_ops {
	int	(*save)(struct edit *ed);
	bool	(*key)(struct edit *ed, int wch, int *flags);
	void	(*changed)(struct edit *ed);
};

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
	enum edit_mode		 mode;
	struct form		*form;
	const struct edit_form_ops *form_ops;	/* the form's, if open */
	enum edit_kind		 kind;
	char			 found_id[STORE_UUID_LEN + 1]; /* "-": none */
	char			 found[300];	/* "Ann Lee (Acme)": a match */
	char			 readonly[256];	/* why not; "" editable */
	char			 org_id[STORE_UUID_LEN + 1];
	char			 contact_id[STORE_UUID_LEN + 1];
	char			 unsure[STORE_UUID_LEN + 1]; /* lost reply */
	char			 title[160];
	struct history_undo	 undo;
	struct edit_roles	*roles;		/* edit-role-int.h; or NULL */
	struct edit_items	*items;		/* edit-items.c; NULL closed */
};

/*
 * edit-core.c: shared by the overlay's files, which call down into it
 * and never into edit.c (the entry points) or each other in a circle.
 */
void	edit_close(struct edit *ed);
void	edit_say(struct edit *ed, enum theme_role role, const char *fmt, ...)
	    __attribute__((format(printf, 3, 4)));
void	edit_drain(struct edit *ed);
void	edit_save_failed(struct edit *ed, const struct sb_error *err);
int	edit_save_form(struct edit *ed);
int	edit_form_key(struct edit *ed, int wch, bool code);
/* The action of key in what the overlay shows (edit_context). */
enum keymap_action edit_action(const struct edit *ed, int key);
/*
 * Ask question over the form (the items list: above its keys), in the
 * shared question mode; ed->mode is asked until the answer
 * (EDIT_ANSWER_*) comes to edit_answer.
 */
int	edit_ask(struct edit *ed, enum edit_mode asked, const char *question);
/*
 * Where the overlay's questions show (struct ui_confirm_frame): over
 * rows 2 to 4 inside its box, or in a box of 6 rows of their own.
 */
bool	edit_place_over(int rows, int cols, int *y, int *x, int *h, int *w);
bool	edit_place_question(int rows, int cols, int *y, int *x, int *h,
	    int *w);
/* The items list's row above its keys, inside its box. */
bool	edit_place_prompt(int rows, int cols, int *y, int *x, int *h, int *w);
/* A save failed; res: what the store knows of a lost reply. */
void	edit_save_lost(struct edit *ed, const struct store_result *res,
	    const struct sb_error *err);

/* edit-link.c: linking existing contacts, duplicates, phones, roles. */
int	edit_save_existing(struct edit *ed);
bool	edit_offer_existing(struct edit *ed);
int	edit_confirm_existing_answer(struct edit *ed, int answer);
/* Whether m is the add-existing form's mode, closed by the overlay. */
bool	edit_link_stale(const struct edit *ed, const struct mode *m);

/*
 * edit-conflict.c: choose per field of the open form (count of them
 * conflicted; item: an item's form), in a mode of its own; its answer
 * comes to edit_answer (yes: save).
 */
int	edit_conflict_open(struct edit *ed, size_t count, bool item);

/* edit-items.c: an owner's phones, emails and addresses. */
bool	edit_items_owns(const struct edit *ed);	/* takes the keys */
bool	edit_items_form(const struct edit *ed);	/* an item's form open */
bool	edit_items_screen(const struct edit *ed); /* draws the overlay */
int	edit_items_key(struct edit *ed, int wch, bool code);
int	edit_items_save(struct edit *ed);
void	edit_items_free(struct edit *ed);
/* Whether m is the list's or an item form's mode, closed by the overlay. */
bool	edit_items_stale(const struct edit *ed, const struct mode *m);
/*
 * edit-draw.c: the overlay's box for a view of its own, titled title,
 * with its size in *h and *width; NULL when the terminal is too small
 * for it (said in its place). *h is the height wanted (0: all the
 * screen gives); it needs need rows (9 at least) and EDIT_MIN_W columns.
 * The caller draws in it, refreshes and deletes it.
 */
WINDOW	*edit_draw_view(struct edit *ed, int rows, int cols, int need,
	    const char *title, int *h, int *width);
/* A question over rows 2 to 4 of the overlay's window w, wrapped. */
void	edit_draw_question(struct edit *ed, WINDOW *w, int width,
	    const char *text);
/* edit-items-draw.c */
void	edit_items_draw(struct edit *ed, int rows, int cols);

#endif
