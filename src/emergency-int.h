/* Private to the emergency view: its state and what its files share. */
#ifndef SWITCHBOARD_EMERGENCY_INT_H
#define SWITCHBOARD_EMERGENCY_INT_H

#include "switchboard/emergency.h"
#include "switchboard/emergency-list.h"
#include "switchboard/listview.h"
#include "switchboard/prompt.h"

#define EMERGENCY_TEXT_MAX	256	/* characters a prompt takes */
#define EMERGENCY_PATH_MAX	1024

enum emergency_prompt {
	EMERGENCY_PROMPT_NONE,
	EMERGENCY_PROMPT_ORG,		/* filter by organization name */
	EMERGENCY_PROMPT_TYPE,		/* filter by phone type */
	EMERGENCY_PROMPT_JUMP,		/* go to an organization */
	EMERGENCY_PROMPT_PATH		/* export: the file name */
};

struct emergency {
	struct store_async	*sa;
	int			 slot;
	const struct draw	*draw;
	const struct keymap	*km;
	void			(*notify)(void *, enum theme_role,
				    const char *);
	void			*arg;
	bool			 open;
	bool			 loading;
	char			**ids;		/* organizations asked for */
	size_t			 nids;
	struct emergency_list	 el;
	struct listview		 lv;		/* over el's lines */
	char			 contact_id[STORE_UUID_LEN + 1];
	char			 org_id[STORE_UUID_LEN + 1];
	enum emergency_prompt	 prompt;
	struct prompt		 pr;	/* the open prompt's answer */
	char			 path[EMERGENCY_PATH_MAX];
	bool			 asking;	/* overwrite path? */
	char			 question[EMERGENCY_PATH_MAX + 64];
	char			 note[EMERGENCY_PATH_MAX + 64];
	enum theme_role		 note_role;
	int			 cursor_y, cursor_x; /* as drawn, or -1 */
};

/* emergency.c */
void	emergency_note(struct emergency *, enum theme_role, const char *);
void	emergency_settle(struct emergency *, int dir);
void	emergency_reselect(struct emergency *);
void	emergency_prompt_accept(struct emergency *);
void	emergency_prompt_changed(struct emergency *);

#endif
