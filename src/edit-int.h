/* The editing overlay's state, shared by edit.c and edit-draw.c. */
#ifndef SWITCHBOARD_EDIT_INT_H
#define SWITCHBOARD_EDIT_INT_H

#include "switchboard/form.h"
#include "switchboard/history.h"
#include "switchboard/store.h"

#define EDIT_DRAIN_MS	5000
#define EDIT_HISTORY_MAX 100
#define EDIT_LABEL_W	18

enum edit_mode {
	EDIT_CLOSED,
	EDIT_FORM,
	EDIT_CONFLICT,
	EDIT_CONFIRM_DISCARD,
	EDIT_CONFIRM_UNLINK,
	EDIT_HISTORY
};

struct edit {
	struct db		*db;
	struct store_async	*sa;
	const struct draw	*draw;
	const struct keymap	*km;
	void			(*notify)(void *, enum theme_role,
				    const char *);
	void			*arg;
	enum edit_mode		 mode;
	struct form		*form;
	bool			 creating;
	char			 readonly[256];	/* why not; "" editable */
	char			 org_id[STORE_UUID_LEN + 1];
	char			 contact_id[STORE_UUID_LEN + 1];
	char			 link_cmd[STORE_UUID_LEN + 1];
	char			 title[160];
	struct store_link	 unlink;	/* strings borrowed from ulink */
	char			 ulink[5][128];
	char			 ukey_email[256];	/* finds the unlinked */
	char			 ukey_phone[64];	/* contact again */
	size_t			 sel;		/* conflict row, history top */
	char			**lines;
	size_t			 nlines;
	struct history_undo	 undo;
};

#endif
