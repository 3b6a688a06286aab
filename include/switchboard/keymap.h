/* The key table: named actions, their default keys, contexts and help. */
#ifndef SWITCHBOARD_KEYMAP_H
#define SWITCHBOARD_KEYMAP_H

#include <stddef.h>

#include "switchboard/error.h"

struct ytree;
struct ytree_node;

/*
 * Key codes are plain ints: characters as themselves (control keys as
 * 1-31), special keys with the same numbers as ncurses' KEY_* constants,
 * so the UI passes getch() values straight in. ui.c checks at compile time:
 * _Static_assert(KEYMAP_KEY_UP == KEY_UP, ...). Enter is '\r', Esc 27,
 * Tab 9, Backspace KEYMAP_KEY_BACKSPACE; keymap_key_normalize folds the
 * other spellings terminals send ('\n', KEY_ENTER, 127, ^H) onto these.
 */
#define KEYMAP_KEY_DOWN		0402
#define KEYMAP_KEY_UP		0403
#define KEYMAP_KEY_LEFT		0404
#define KEYMAP_KEY_RIGHT	0405
#define KEYMAP_KEY_HOME		0406
#define KEYMAP_KEY_BACKSPACE	0407
#define KEYMAP_KEY_F0		0410
#define KEYMAP_KEY_F(n)		(KEYMAP_KEY_F0 + (n))
#define KEYMAP_KEY_DC		0512
#define KEYMAP_KEY_IC		0513
#define KEYMAP_KEY_NPAGE	0522
#define KEYMAP_KEY_PPAGE	0523
#define KEYMAP_KEY_ENTER	0527
#define KEYMAP_KEY_BTAB		0541
#define KEYMAP_KEY_END		0550
#define KEYMAP_KEY_CTRL(c)	((c) & 0x1f)
#define KEYMAP_KEY_ESC		27
#define KEYMAP_KEY_RETURN	'\r'

/*
 * Contexts, as bits: an action may apply in several. A lookup in a context
 * falls back to KEYMAP_CTX_GLOBAL, except in the text-entry contexts
 * (search, form), where typed characters belong to the text, and in the
 * overlay's questions and lists (confirm, items, item kind, conflict,
 * find, access, merge),
 * whose letters are their own; those take the move keys (move-up, page-
 * down, first, ...) from the global context through keymap_lookup_move.
 */
#define KEYMAP_CTX_GLOBAL	0x01
#define KEYMAP_CTX_LIST		0x02	/* organization/contact list panes */
#define KEYMAP_CTX_DETAILS	0x04	/* the details pane */
#define KEYMAP_CTX_SEARCH	0x08	/* a search prompt */
#define KEYMAP_CTX_FORM		0x10	/* an edit form */
#define KEYMAP_CTX_EMERGENCY	0x20	/* the emergency contact list */
#define KEYMAP_CTX_CONFIRM	0x40	/* a yes/no question */
#define KEYMAP_CTX_ITEMS	0x80	/* phones, emails, addresses list */
#define KEYMAP_CTX_ITEM_KIND	0x100	/* which kind of item to add */
#define KEYMAP_CTX_CONFLICT	0x200	/* fields someone else changed */
#define KEYMAP_CTX_FIND		0x400	/* contacts found by name, in a form */
#define KEYMAP_CTX_ORGS		0x800	/* organizations pane, before LIST */
#define KEYMAP_CTX_ACCESS	0x1000	/* the access view */
#define KEYMAP_CTX_MERGE	0x2000	/* duplicates, and merging a pair */
#define KEYMAP_CTX_ALL		0x3fff

#define KM_G	KEYMAP_CTX_GLOBAL
#define KM_L	KEYMAP_CTX_LIST
#define KM_D	KEYMAP_CTX_DETAILS
#define KM_S	KEYMAP_CTX_SEARCH
#define KM_F	KEYMAP_CTX_FORM
#define KM_E	KEYMAP_CTX_EMERGENCY
#define KM_C	KEYMAP_CTX_CONFIRM
#define KM_I	KEYMAP_CTX_ITEMS
#define KM_K	KEYMAP_CTX_ITEM_KIND
#define KM_X	KEYMAP_CTX_CONFLICT
#define KM_N	KEYMAP_CTX_FIND
#define KM_O	KEYMAP_CTX_ORGS
#define KM_A	KEYMAP_CTX_ACCESS
#define KM_M	KEYMAP_CTX_MERGE

/*
 * Every action: identifier, YAML name, contexts, default keys (key names,
 * space separated), help text. The help screen and the config file's key
 * names both come from here.
 */
#define KEYMAP_ACTION_LIST(X)						\
	X(QUIT, "quit", KM_G, "q",					\
	    "Quit")							\
	X(HELP, "help", KM_G, "? F1",					\
	    "Show keys")						\
	X(MOVE_UP, "move-up", KM_G, "Up k",				\
	    "Move up")							\
	X(MOVE_DOWN, "move-down", KM_G, "Down j",			\
	    "Move down")						\
	X(PAGE_UP, "page-up", KM_G, "PgUp C-b",				\
	    "Page up")							\
	X(PAGE_DOWN, "page-down", KM_G, "PgDn C-d",			\
	    "Page down")						\
	X(FIRST, "first", KM_G, "Home g",				\
	    "Go to first row")						\
	X(LAST, "last", KM_G, "End G",					\
	    "Go to last row")						\
	X(NEXT_PANE, "next-pane", KM_G, "Tab",				\
	    "Next pane")						\
	X(PREV_PANE, "prev-pane", KM_G, "S-Tab",			\
	    "Previous pane")						\
	X(OPEN, "open", KM_G, "Enter Right l",				\
	    "Open / drill in")						\
	X(BACK, "back", KM_G, "Esc Backspace Left h",			\
	    "Back")							\
	X(SEARCH_PANE, "search-pane", KM_L|KM_E, "/",			\
	    "Search in this pane")					\
	X(SEARCH_GLOBAL, "search-global", KM_G, "C-f s",		\
	    "Search everything")					\
	X(FILTER_ALL, "filter-all", KM_L, "0",				\
	    "Show all roles")						\
	X(FILTER_BILLING, "filter-billing", KM_L, "1",			\
	    "Only billing contacts")					\
	X(FILTER_TECHNICAL, "filter-technical", KM_L, "2",		\
	    "Only technical contacts")					\
	X(FILTER_EMERGENCY, "filter-emergency", KM_L, "3",		\
	    "Only emergency contacts")					\
	X(FILTER_STAKEHOLDER, "filter-stakeholder", KM_L, "4",		\
	    "Only stakeholders")					\
	X(FILTER_ADMIN, "filter-admin", KM_L, "5",			\
	    "Only admin contacts")					\
	X(TOGGLE_ACTIVE, "toggle-active", KM_L|KM_E, "a",		\
	    "Active only / all")					\
	X(SORT_TOGGLE, "sort-toggle", KM_L|KM_E, "o",			\
	    "Change sort order")					\
	X(COPY_PHONE, "copy-phone", KM_L|KM_D|KM_E, "c",		\
	    "Copy phone number")					\
	X(COPY_EMAIL, "copy-email", KM_L|KM_D|KM_E, "y",		\
	    "Copy email address")					\
	X(EMERGENCY_LIST, "emergency-list", KM_G, "!",			\
	    "Emergency contacts")					\
	X(MARK_ORG, "mark-org", KM_L, "Space",				\
	    "Mark organization for the emergency list")			\
	X(FILTER_PHONE_TYPE, "filter-phone-type", KM_E, "t",		\
	    "Filter by phone type")					\
	X(JUMP_ORG, "jump-org", KM_E, "f",				\
	    "Jump to an organization")					\
	X(EXPORT, "export", KM_E, "w",					\
	    "Export the list to a file")				\
	X(REFRESH, "refresh", KM_G, "F5 C-r",				\
	    "Reload from server")					\
	X(HISTORY, "history", KM_L|KM_D, "H",				\
	    "Show change history")					\
	X(EDIT, "edit", KM_L|KM_D, "e",					\
	    "Edit")							\
	X(NEW_CONTACT, "new-contact", KM_L|KM_D, "n",			\
	    "New contact")						\
	X(LINK_EXISTING, "link-existing", KM_L|KM_D, "L",		\
	    "Link an existing record")					\
	X(UNLINK, "unlink", KM_L|KM_D, "x",				\
	    "Unlink")							\
	X(UNDO, "undo", KM_L|KM_D, "u",					\
	    "Undo last change")						\
	X(ERROR_DETAILS, "error-details", KM_L|KM_D, "E",		\
	    "Show the server's words for the last error")		\
	X(MARK_PRIMARY, "mark-primary", KM_L|KM_D, "*",			\
	    "Mark as primary")						\
	X(NEW_ORG, "new-org", KM_O, "n",				\
	    "New organization (organizations pane)")			\
	X(EDIT_ORG, "edit-org", KM_O, "e",				\
	    "Edit the organization (organizations pane)")		\
	X(ARCHIVE_ORG, "archive-org", KM_O, "D",			\
	    "Archive the organization (organizations pane)")		\
	X(IMPORT, "import", KM_L|KM_D, "I",				\
	    "Import contacts from a vCard or CSV file")			\
	X(ACCESS_VIEW, "access", KM_L|KM_D, "A",			\
	    "People and their access")					\
	X(ACCESS_GRANT, "access-grant", KM_A, "g",			\
	    "Grant access")						\
	X(ACCESS_REVOKE, "access-revoke", KM_A, "r Delete",		\
	    "Revoke the access selected")				\
	X(ACCESS_CLOSE, "access-close", KM_A, "Esc q",			\
	    "Close the access view")					\
	X(DUPLICATES, "duplicates", KM_L|KM_D, "M",			\
	    "Contacts likely to be one person, to merge")		\
	X(MERGE_OPEN, "merge-open", KM_M, "Enter m",			\
	    "Compare the pair side by side")				\
	X(MERGE_PICK, "merge-pick", KM_M, "Space Left Right",		\
	    "Take the other contact's value")				\
	X(MERGE_KEEP, "merge-keep", KM_M, "s",				\
	    "Keep the other contact, merge this one into it")		\
	X(MERGE_DO, "merge", KM_M, "F2 C-x",				\
	    "Merge the pair as chosen")					\
	X(MERGE_CLOSE, "merge-close", KM_M, "Esc q",			\
	    "Close")							\
	X(SEARCH_ACCEPT, "search-accept", KM_S, "Enter",		\
	    "Run the search")						\
	X(SEARCH_CANCEL, "search-cancel", KM_S, "Esc",			\
	    "Cancel the search")					\
	X(SEARCH_NEXT, "search-next", KM_S, "Down C-n",			\
	    "Next match")						\
	X(SEARCH_PREV, "search-prev", KM_S, "Up C-p",			\
	    "Previous match")						\
	X(FORM_SAVE, "form-save", KM_F, "F2 C-x",			\
	    "Save the form")						\
	X(FORM_CANCEL, "form-cancel", KM_F, "Esc",			\
	    "Discard the form")						\
	X(FORM_NEXT, "form-next-field", KM_F, "Tab Down",		\
	    "Next field")						\
	X(FORM_PREV, "form-prev-field", KM_F, "S-Tab Up",		\
	    "Previous field")						\
	X(FORM_TOGGLE, "form-toggle", KM_F, "Space Left Right",		\
	    "Switch a choice or yes/no field")				\
	X(MODE_HELP, "mode-help", KM_F|KM_C|KM_I|KM_K|KM_X|KM_A|KM_M,	\
	    "F1",							\
	    "Show keys")						\
	X(CONFIRM_YES, "confirm-yes", KM_C, "y Y",			\
	    "Yes, do it")						\
	X(CONFIRM_NO, "confirm-no", KM_C, "n",				\
	    "No (so does any other key)")				\
	X(CONFLICT_MINE, "conflict-mine", KM_X, "m",			\
	    "Keep my value")						\
	X(CONFLICT_THEIRS, "conflict-theirs", KM_X, "t",		\
	    "Take their value")						\
	X(CONFLICT_TOGGLE, "conflict-toggle", KM_X, "Space",		\
	    "Switch between mine and theirs")				\
	X(CONFLICT_SAVE, "conflict-save", KM_X, "Enter",		\
	    "Save with these values (as form-save)")			\
	X(CONFLICT_BACK, "conflict-back", KM_X, "Esc",			\
	    "Back to the form")						\
	X(DELETE_CONTACT, "delete-contact", KM_L|KM_D, "D",		\
	    "Delete the contact")					\
	X(EDIT_ITEMS, "edit-items", KM_L|KM_D, "i",			\
	    "Phones, emails, addresses")				\
	X(ITEM_ADD, "item-add", KM_I, "a",				\
	    "Add a phone, email or address")				\
	X(ITEM_EDIT, "item-edit", KM_I, "e Enter",			\
	    "Edit the item")						\
	X(ITEM_REMOVE, "item-remove", KM_I, "d Delete",			\
	    "Remove the item")						\
	X(ITEM_PRIMARY, "item-primary", KM_I, "*",			\
	    "Mark the item primary")					\
	X(ITEM_LINK, "item-link", KM_I, "l",				\
	    "Link the phone to an address")				\
	X(ITEM_UNDO, "item-undo", KM_I, "u",				\
	    "Undo the last change")					\
	X(ITEM_CLOSE, "item-close", KM_I, "Esc",			\
	    "Close the list")						\
	X(ADD_PHONE, "add-phone", KM_K, "p",				\
	    "Add a phone")						\
	X(ADD_EMAIL, "add-email", KM_K, "e",				\
	    "Add an email")						\
	X(ADD_ADDRESS, "add-address", KM_K, "a",			\
	    "Add an address")						\
	X(FIND_NEXT, "find-next", KM_N, "Down",				\
	    "Next contact found by name")				\
	X(FIND_PREV, "find-prev", KM_N, "Up",				\
	    "Previous contact found by name")				\
	X(FIND_LINK, "find-link", KM_N, "Enter",			\
	    "Link the contact chosen")

enum keymap_action {
	KEYMAP_NONE = -1,
#define KEYMAP_ACTION_ENUM(id, name, ctx, keys, help) KEYMAP_##id,
	KEYMAP_ACTION_LIST(KEYMAP_ACTION_ENUM)
#undef KEYMAP_ACTION_ENUM
	KEYMAP_ACTION_COUNT
};

/* Keys one action may have. */
#define KEYMAP_KEYS_MAX		4

struct keymap;

/* A new table with the default bindings; free with keymap_free. */
struct keymap		*keymap_create(void);
void			 keymap_free(struct keymap *km);

/* Fold alternative codes for one key onto one ('\n' to '\r' and so on). */
int			 keymap_key_normalize(int key);

/* The action for key in context, or KEYMAP_NONE. */
enum keymap_action	 keymap_lookup(const struct keymap *km,
			     unsigned int context, int key);
/*
 * As keymap_lookup, and else a move action of the global context
 * (move-up, move-down, page-up, page-down, first, last) for the contexts
 * that do not fall back to it; KEYMAP_NONE if neither.
 */
enum keymap_action	 keymap_lookup_move(const struct keymap *km,
			     unsigned int context, int key);
/* Whether action is one of the move actions keymap_lookup_move gives. */
int			 keymap_action_is_move(enum keymap_action action);
/* Whether lookups in context fall back to the global context. */
int			 keymap_falls_back(unsigned int context);

/* Names, help and contexts from the table (static storage). */
const char		*keymap_action_name(enum keymap_action action);
const char		*keymap_action_help(enum keymap_action action);
unsigned int		 keymap_action_contexts(enum keymap_action action);

/* The action called name ("move-down"), or KEYMAP_NONE. */
enum keymap_action	 keymap_action_find(const char *name);

/* Parse a key name ("C-f", "PgDn", "j"); 0 on success, -1 if unknown. */
int			 keymap_key_parse(const char *name, int *key);

/* The key's name as keymap_key_parse reads it; writes into buf. */
const char		*keymap_key_name(int key, char *buf, size_t size);

/*
 * The action's keys, at most KEYMAP_KEYS_MAX, in out; returns how many
 * (0 when unbound).
 */
size_t			 keymap_keys(const struct keymap *km,
			     enum keymap_action action, int *out);

/*
 * Replace the action's keys (n may be 0 to unbind). Does not check for
 * conflicts: call keymap_check after a batch of changes.
 */
enum sb_status		 keymap_bind(struct keymap *km,
			     enum keymap_action action, const int *keys,
			     size_t n, struct sb_error *err);

/*
 * Find two actions that share a key where a lookup could reach both (the
 * same context, or one context and its global fallback). On conflict
 * returns SB_CONFLICT naming both; *a and *b (may be NULL) get the actions.
 */
enum sb_status		 keymap_check(const struct keymap *km,
			     enum keymap_action *a, enum keymap_action *b,
			     struct sb_error *err);

/*
 * Apply a YAML mapping of action name to key name or list of key names,
 * then check for conflicts. Errors name file:line:column. On failure km is
 * left as it was.
 */
enum sb_status		 keymap_load_yaml(struct keymap *km,
			     const struct ytree *tree,
			     const struct ytree_node *map,
			     struct sb_error *err);

/* One help-screen line. */
struct keymap_help {
	enum keymap_action	 action;
	const char		*name;		/* static */
	const char		*help;		/* static */
	char			 keys[48];	/* "j, Down" */
};

/*
 * Fill out with the bound actions that apply in any of the contexts in
 * mask, in table order; returns how many were written (at most max).
 */
size_t			 keymap_help_list(const struct keymap *km,
			     unsigned int mask, struct keymap_help *out,
			     size_t max);

#endif
