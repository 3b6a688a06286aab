/* A form's role and find-by-name state (edit-role.c, edit-find.c). */
#ifndef SWITCHBOARD_EDIT_ROLE_INT_H
#define SWITCHBOARD_EDIT_ROLE_INT_H

#include <stdbool.h>

#include <curses.h>

#include "switchboard/listview.h"
#include "switchboard/store-role.h"
#include "edit-int.h"

#define EDIT_ROLES		5	/* the roles a link may have */
#define EDIT_FIND_PAUSE_MS	250	/* typing pause before a search */
#define EDIT_FIND_MAX		8	/* contacts listed by name */

/* Owned by the form's struct edit_sheet (roles), made on first use. */
struct edit_roles {
	/* edit-role.c: the link the contact form edits. */
	char			 old_role[33];
	bool			 old_primary;
	char			 holder[200];	/* had the mark; "" none */
	char			 holder_id[STORE_UUID_LEN + 1];
	bool			 confirmed;	/* the mark may move */
	char			 cmd[STORE_UUID_LEN + 1];
	bool			 role_saved;	/* by this form: an update
						   joins its undo */
	bool			 pending;	/* to save with the fields */
	char			 first[128];	/* the contact's name, for */
	char			 last[128];	/* the question and undo */
	/* edit-find.c: add existing by name. */
	long long		 find_at;	/* search due (ms); 0 none */
	char			 find_key[200];	/* role and name searched */
	bool			 searched;	/* found holds its answer */
	struct store_name_matches found;
	struct listview		 found_lv;	/* the chosen one */
};

/* s->roles, made if missing. */
struct edit_roles *edit_roles_get(struct edit_sheet *s);
void	edit_roles_free(struct edit_roles *r);

/* edit-role.c: the role fields of the contact form. */
/* The open contact form gets its link's role fields (link may be NULL). */
void	edit_role_fields_add(struct edit_sheet *s,
	    const struct store_link *link);
int	edit_role_save(struct edit_sheet *s);
/* The answer to whether the mark moves (asked in edit_role_save). */
int	edit_role_answer(struct edit_sheet *s, bool yes);
/* Whether the link change goes with the fields (edit_role_save_with). */
bool	edit_role_pending(struct edit_sheet *s);
/* The contact's fields ch and the link change, in one command. */
enum sb_status edit_role_save_with(struct edit_sheet *s,
	    const struct store_changes *ch, struct store_result *res,
	    struct store_conflict **k, struct sb_error *err);
/* The form's fields saved as version: true if one undo now takes both. */
bool	edit_role_join_undo(struct edit_sheet *s, long version);

/* edit-find.c: the add-existing form's Name field. */
void	edit_find_reset(struct edit_sheet *s);
void	edit_find_changed(struct edit_sheet *s);
bool	edit_find_key(struct edit_sheet *s, int wch, int *flags);
bool	edit_find_wanted(struct edit_sheet *s);
int	edit_find_link(struct edit_sheet *s);
/* The key contexts of the form: KEYMAP_CTX_FIND while a list shows. */
unsigned int edit_find_context(const struct edit_sheet *s);
void	edit_find_draw(struct edit_sheet *s, WINDOW *w, int y, int h,
	    int width);

#endif
