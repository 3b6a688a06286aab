/* History and undo: events as "field: old → new", and the inverse change. */
#ifndef SWITCHBOARD_HISTORY_H
#define SWITCHBOARD_HISTORY_H

#include <stdbool.h>
#include <stddef.h>

#include "switchboard/error.h"
#include "switchboard/store-command.h"
#include "switchboard/store-items.h"

struct db;
struct form;

/*
 * The fields an event's JSON payload changed, one line each:
 * "field: old → new" from its "before" and "after" objects ("—" for a
 * value that was not there or null). Other top-level scalars ("role",
 * "contact_id") come first as "key: value". The text is not sanitized:
 * it comes from the database. Returns how many lines; *out is an array
 * of strings the caller frees with history_lines_free. Payloads that are
 * not a JSON object give one line holding the payload as it is.
 */
size_t		 history_format(const char *payload, char ***out);
void		 history_lines_free(char **lines, size_t n);

/* The admin's last change, remembered to undo it. */
enum history_undo_kind {
	HISTORY_UNDO_NONE,
	HISTORY_UNDO_UPDATE,	/* contact updated: update back */
	HISTORY_UNDO_LINK,	/* contact linked: unlink */
	HISTORY_UNDO_UNLINK,	/* contact unlinked: link back */
	HISTORY_UNDO_ROLE,	/* link's role changed: change it back */
	HISTORY_UNDO_BOTH,	/* fields and role in one save: both back */
	HISTORY_UNDO_ITEM,	/* a phone, email or address: see item_op */
	HISTORY_UNDO_ORG,	/* organization changed: change it back */
	HISTORY_UNDO_MERGE	/* contacts merged (other_id): unmerge */
};

/* What the admin did to an item in the items overlay. */
enum history_item_op {
	HISTORY_ITEM_ADD,	/* added: take it off again */
	HISTORY_ITEM_EDIT,	/* changed: the old values back */
	HISTORY_ITEM_REMOVE,	/* taken off: put it back */
	HISTORY_ITEM_PRIMARY,	/* marked primary: the mark back */
	HISTORY_ITEM_LINK,	/* phone linked to an address: unlink */
	HISTORY_ITEM_UNLINK	/* phone unlinked from it: link again */
};

/*
 * The longest description of a change, "edit of Ann Lee", with its NUL:
 * room for two names in full (at most 200 characters of up to 4 bytes
 * each), so that only the drawing cuts one, by display width.
 */
#define HISTORY_WHAT_MAX	1024

/* Embedded in the caller; history_undo_clear releases it. */
struct history_undo {
	enum history_undo_kind	 kind;
	char			 contact_id[STORE_UUID_LEN + 1];
	char			 org_id[STORE_UUID_LEN + 1];
	char			 role[33];
	bool			 primary;
	char			 starts_on[11];		/* "" when open */
	char			 ends_on[11];
	long			 version;	/* the contact's after the edit */
	struct store_changes	 before;	/* UPDATE: the old values */
	char			 cmd_id[STORE_UUID_LEN + 1];
	char			 cmd_id2[STORE_UUID_LEN + 1];	/* primary */
	char			 cmd_id3[STORE_UUID_LEN + 1];	/* by key */
	char			 cmd_id4[STORE_UUID_LEN + 1];	/* window */
	char			 key_email[256];	/* UNLINK: finds the */
	char			 key_phone[64];		/* contact again */
	char			 what[HISTORY_WHAT_MAX]; /* "edit of Ann Lee" */
	char			 role_new[33];	/* ROLE: the role it got */
	char			 holder_id[STORE_UUID_LEN + 1]; /* ROLE: had
						   the mark; "" none */
	long			 contact_version; /* BOTH: the contact's */
	enum history_item_op	 item_op;	/* ITEM: */
	bool			 item_org;	/* owner is an organization */
	char			 owner_id[STORE_UUID_LEN + 1];
	char			 other_id[STORE_UUID_LEN + 1]; /* see below */
	struct store_owner_item	 item_before;	/* copies; fields owned */
	struct store_owner_item	 item_after;
	char			 country[3];	/* for a phone's number */
};

void		 history_undo_init(struct history_undo *u);
void		 history_undo_clear(struct history_undo *u);

/*
 * Remember an update about to be saved from form (call before
 * form_saved): the changed fields' original values; version is the one
 * the save returned.
 */
void		 history_undo_set_update(struct history_undo *u,
		     const char *contact_id, const struct form *form,
		     long version, const char *what);
/*
 * Remember a change of organization org_id: before holds the old values
 * (taken: *before is left cleared), version the organization's after it.
 */
void		 history_undo_set_org(struct history_undo *u,
		     const char *org_id, struct store_changes *before,
		     long version, const char *what);
/* Remember merge merge_id, which the undo takes back. */
void		 history_undo_set_merge(struct history_undo *u,
		     const char *merge_id, const char *what);
void		 history_undo_set_link(struct history_undo *u,
		     bool linked, const char *org_id, const char *contact_id,
		     const char *role, bool primary, const char *starts_on,
		     const char *ends_on, const char *what);

/*
 * An exact email or phone of the unlinked contact (either "" or NULL):
 * when the unlink took the contact out of the admin's scope, the undo
 * links it again the way "add existing contact" does.
 */
void		 history_undo_set_key(struct history_undo *u,
		     const char *email, const char *phone);

/*
 * Remember a role change of contact_id's link to org_id from old_role
 * (old_primary its mark) to new_role; version is the organization's after
 * the change; holder_id (NULL or "" for none) the contact whose primary
 * mark for new_role the change took. The undo changes the role back,
 * refused when the link changed since, then gives the mark back.
 */
void		 history_undo_set_role(struct history_undo *u,
		     const char *org_id, const char *contact_id,
		     const char *old_role, bool old_primary,
		     const char *new_role, long version, const char *holder_id,
		     const char *what);
enum sb_status	 history_undo_role_run(struct history_undo *u, struct db *db,
		     struct sb_error *err);

/*
 * The same save went on to change the contact's own fields after the
 * role change u remembers (u's kind is HISTORY_UNDO_ROLE; call before
 * form_saved): u becomes one undo of both, with the changed fields'
 * original values and version the contact's after the save. The undo
 * puts both back in one transaction, refused with nothing written when
 * the contact or its link changed since. Ignored for another kind.
 */
void		 history_undo_add_update(struct history_undo *u,
		     const struct form *form, long version, const char *what);
enum sb_status	 history_undo_both_run(struct history_undo *u, struct db *db,
		     struct sb_error *err);

/*
 * Remember an item action of the items overlay on owner_id (a contact,
 * or an organization when org). before is the item as it was (NULL after
 * an add), after as it is now (NULL after a remove); both are copied.
 * other_id: for PRIMARY, and for an ADD that took the mark, the item of
 * the same kind that had the mark ("" or NULL: none), for LINK and UNLINK
 * the address (the item is the phone). The undo is one command: an add
 * is taken off again, refused when the item changed since (its mark then
 * goes back to other_id, a second command); an edit puts before's values
 * back against after's version (or, for an email, what it holds),
 * refused when it moved; a remove links the phone or address back (a
 * contact's primary phone with its mark), or adds the email again with
 * its mark; a primary mark goes back to other_id (or off when none had
 * it); a link is reversed. country reads a phone number put back without
 * its country code.
 */
void		 history_undo_set_item(struct history_undo *u,
		     enum history_item_op op, bool org, const char *owner_id,
		     const struct store_owner_item *before,
		     const struct store_owner_item *after, const char *other_id,
		     const char *country, const char *what);
enum sb_status	 history_undo_item_run(struct history_undo *u, struct db *db,
		     struct sb_error *err);
/*
 * A deep copy of src into dst (src NULL: dst zeroed), without a phone's
 * links; history_item_free releases it and zeroes it.
 */
void		 history_item_copy(struct store_owner_item *dst,
		     const struct store_owner_item *src);
void		 history_item_free(struct store_owner_item *it);
/* Free the item copies (history_undo_clear does it). */
void		 history_undo_item_clear(struct history_undo *u);

/*
 * Every change of the session that can be undone, oldest first: u takes
 * back the newest, then the one before, in order. Embedded in the
 * caller: history_log_init, history_log_clear.
 */
struct history_log {
	struct history_undo	*undos;
	size_t			 count;
	size_t			 cap;
};

void		 history_log_init(struct history_log *l);
/* Forget every record (a change that cannot be undone came on top). */
void		 history_log_clear(struct history_log *l);
/* A new empty record on top, for a history_undo_set_* to fill. */
struct history_undo *history_log_push(struct history_log *l);
/* The newest record (u undoes it), or NULL. Valid until the next push. */
struct history_undo *history_log_top(struct history_log *l);
/*
 * Undo the newest record (what it was into what). SB_OK: done and gone.
 * Refused for good (SB_CONFLICT, SB_NOT_FOUND, SB_DENIED, SB_INVALID:
 * someone changed it since, or it is out of reach): gone too, so u goes
 * on with the one before. Any other failure (the server away) keeps it
 * for another try with the same command ids.
 */
enum sb_status	 history_log_undo(struct history_log *l, struct db *db,
		     char *what, size_t size, struct sb_error *err);

/*
 * Write the compensating command. An update goes back against the
 * version the edit left; if the contact changed since, SB_CONFLICT with
 * a message saying so, and nothing is written. On SB_OK the record is
 * cleared. The command id is kept across retries.
 */
enum sb_status	 history_undo_run(struct history_undo *u, struct db *db,
		     struct sb_error *err);

#endif
