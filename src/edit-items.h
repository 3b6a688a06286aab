/* The items overlay's state, shared by the edit-items*.c files. */
#ifndef SWITCHBOARD_EDIT_ITEMS_H
#define SWITCHBOARD_EDIT_ITEMS_H

#include <stdbool.h>

#include "switchboard/history.h"
#include "switchboard/listview.h"
#include "switchboard/store-command.h"
#include "switchboard/store-items.h"
#include "switchboard/theme.h"

struct edit;
struct edit_sheet;

/* What the list asked in a mode over it; its answer comes back. */
enum edit_items_asked {
	EDIT_ITEMS_LIST,	/* nothing: the list takes the keys */
	EDIT_ITEMS_ADD,		/* which kind of item to add */
	EDIT_ITEMS_REMOVE,	/* remove the selected item? */
	EDIT_ITEMS_PICK		/* the address to link a phone to */
};

/*
 * The state of the items mode (edit-items.c), pushed over the panes
 * while the list is open and freed when it closes: an owner's items as
 * last read, the type codes of each kind (for the forms' choices; they
 * outlive every form), the selection, the item the open form edits (a
 * form's mode over it, whose struct edit_sheet points here), and the
 * pending list action's command id.
 */
struct edit_items {
	struct edit		*ed;		/* the shared ground */
	enum edit_items_asked	 asked;
	bool			 done;		/* closed: its mode pops */
	bool			 org;
	char			 owner_id[STORE_UUID_LEN + 1];
	char			 title[160];
	char			 readonly[256];	/* why not; "" editable */
	struct store_items	 list;
	char			**types[3];	/* by enum store_item_kind */
	struct listview		 lv;		/* the selected row of list */
	char			 item_id[STORE_UUID_LEN + 1]; /* "" new */
	char			 cmd[STORE_UUID_LEN + 1];
	char			 cmd_for[STORE_UUID_LEN + 16];
	char			 msg[400];
	enum theme_role		 msg_role;
	int			 cursor_y;	/* the selected row as drawn, */
	int			 cursor_x;	/* for screen readers; -1 none */
};

/* edit-items.c */
void		 edit_items_msg(struct edit_items *ei, enum theme_role role,
		     const char *fmt, ...)
		     __attribute__((format(printf, 3, 4)));
/* The item form s saved, the reply lost: back to the list, saying so. */
void		 edit_items_saved_late(struct edit_sheet *s, const char *msg);

/* edit-items-base.c: the list, its texts, the form's values. */
const char	*edit_items_phone_text(const struct store_owner_item *it,
		     char *buf, size_t size);
const char	*edit_items_address_text(const struct store_owner_item *it,
		     char *buf, size_t size);
const char	*edit_items_text(const struct store_owner_item *it, char *buf,
		     size_t size);
struct store_owner_item *edit_items_selected(struct edit_items *ei);
/* The addresses in the list; the row of list of address n. */
size_t		 edit_items_addresses(const struct edit_items *ei);
size_t		 edit_items_address_row(const struct edit_items *ei, int n);
/* Read the owner's items into a new list (NULL: failed, said). */
struct edit_items *edit_items_open_list(struct edit *ed, bool org,
		     const char *owner_id);
void		 edit_items_free(struct edit_items *ei);
/* Back to the list from a question or form, reloaded when asked. */
void		 edit_items_back(struct edit_items *ei, bool reload,
		     const char *keep);
const char	*edit_items_cmd(struct edit_items *ei, const char *what,
		     const char *id);
void		 edit_items_cmd_done(struct edit_items *ei);
const char	*edit_items_value(struct edit_sheet *s, const char *name);
bool		 edit_items_changed(struct edit_sheet *s, const char *name);
bool		 edit_items_refused(struct edit_items *ei, const char *what);

/* edit-items-ops.c: the forms and the commands behind each key. */
/* The form of item it (NULL: a new one of kind), titled into title. */
struct form	*edit_items_form_new(struct edit_items *ei, int kind,
		     const struct store_owner_item *it, char *title,
		     size_t size);
enum sb_status	 edit_items_run_save(struct edit_sheet *s,
		     struct store_result *res, struct store_conflict **k,
		     struct sb_error *err, bool *none);
int		 edit_items_remove(struct edit_items *ei);
/*
 * edit-items-kind.c: ask which kind of item to add, in a mode of its
 * own; its answer (1 + enum store_item_kind, 0 for none) comes to the
 * list's mode.
 */
int		 edit_items_kind_ask(struct edit_items *ei);
/* The id of the item of kind, other than except_id, marked primary. */
void		 edit_items_holder(struct edit_items *ei,
		     enum store_item_kind kind, const char *except_id,
		     char *out, size_t size);
int		 edit_items_primary(struct edit_items *ei,
		     const struct store_owner_item *it);
int		 edit_items_link(struct edit_items *ei,
		     const struct store_owner_item *it);
/* The address picked (1 + its row of list; 0: none) for the phone. */
int		 edit_items_pick_answer(struct edit_items *ei, int answer);
/*
 * edit-items-pick.c: pick among the n addresses the one to link the
 * selected phone to, in a mode of its own; its answer comes to the
 * list's mode, then to edit_items_pick_answer.
 */
int		 edit_items_pick_open(struct edit_items *ei, size_t n);
/* edit-items-draw.c: the list; with only the addresses, row picked. */
void		 edit_items_draw(struct edit_items *ei, int rows, int cols);
void		 edit_items_draw_pick(struct edit_items *ei, int rows,
		     int cols, size_t row);

/* edit-items-undo.c: each action's undo record, and u in the list. */
void		 edit_items_undo_snapshot(struct edit_sheet *s,
		     struct store_owner_item *out);
void		 edit_items_undo_record(struct edit_items *ei,
		     enum history_item_op op,
		     const struct store_owner_item *before,
		     const char *after_id, const char *other_id);
const char	*edit_items_undo_hint(const struct edit_items *ei);
int		 edit_items_undo(struct edit_items *ei);

#endif
