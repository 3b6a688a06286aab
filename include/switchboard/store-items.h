/* Phones, emails and addresses of one contact or organization. */
#ifndef SWITCHBOARD_STORE_ITEMS_H
#define SWITCHBOARD_STORE_ITEMS_H

#include <stdbool.h>
#include <stddef.h>

#include "switchboard/error.h"
#include "switchboard/store-command.h"
#include "switchboard/store.h"

struct db;

enum store_item_kind {
	STORE_ITEM_PHONE,
	STORE_ITEM_EMAIL,
	STORE_ITEM_ADDRESS
};

/*
 * The columns an item's form edits, by name: index with
 * store_items_field(). Phones use number, extension, e164 and
 * sms_capable; emails address; addresses label to country.
 */
enum store_item_field {
	STORE_ITEM_NUMBER,
	STORE_ITEM_EXTENSION,
	STORE_ITEM_E164,
	STORE_ITEM_SMS,		/* "true" / "false" */
	STORE_ITEM_ADDR,	/* an email's address */
	STORE_ITEM_LABEL,
	STORE_ITEM_STREET1,
	STORE_ITEM_STREET2,
	STORE_ITEM_CITY,
	STORE_ITEM_REGION,
	STORE_ITEM_POSTAL,
	STORE_ITEM_COUNTRY,
	STORE_ITEM_NFIELDS
};

/* One item; every string from the database (sanitize before drawing). */
struct store_owner_item {
	char			 id[STORE_UUID_LEN + 1];
	enum store_item_kind	 kind;
	char			*type;		/* mobile, work, physical... */
	long			 version;	/* 0 for emails: no stream */
	bool			 primary;
	char			*fields[STORE_ITEM_NFIELDS];	/* "" none */
	char			(*links)[STORE_UUID_LEN + 1]; /* a phone's */
	size_t			 nlinks;		/* addresses */
};

/*
 * An owner's items, phones then emails then addresses, each by type
 * order, primary first. Embedded; freed with store_items_clear.
 */
struct store_items {
	bool			 org;		/* owner is an organization */
	char			*owner_name;	/* "Ann Lee", "Riverside" */
	char			*readonly;	/* why not editable; "" if so */
	struct store_owner_item	*rows;
	size_t			 count;
};

/*
 * Read the items of a contact (org false) or an organization under the
 * person's row-level security. SB_NOT_FOUND when the owner is not seen.
 * On SB_OK the caller clears out.
 */
enum sb_status	 store_items_get(struct db *db, bool org,
		     const char *owner_id, struct store_items *out,
		     struct sb_error *err);
void		 store_items_clear(struct store_items *items);

/* The column name of field f ("postal_code"). Static storage. */
const char	*store_items_field(enum store_item_field f);

/* The item with id, or NULL. Borrowed. */
struct store_owner_item *store_items_find(struct store_items *items,
		     const char *id);

/*
 * The active type codes of kind (sb.phone_types, ...) in their sort order,
 * NULL-ended; NULL on failure (err says why). Free with
 * store_items_types_free.
 */
char		**store_items_types(struct db *db, enum store_item_kind kind,
		     struct sb_error *err);
void		 store_items_types_free(char **types);

/*
 * A new phone linked to organization org_id in one transaction
 * (sb.organization_phone_add); number normalized with default_country,
 * an extension after "x" split off. res->id is the phone.
 */
enum sb_status	 store_org_phone_add(struct db *db, const char *cmd_id,
		     const char *org_id, const char *number, const char *type,
		     const char *default_country, bool sms_capable,
		     struct store_result *res, struct sb_error *err);

/*
 * What the person saw of an email when the form or list was loaded: each
 * NULL is not checked. primary is "true" or "false".
 */
struct store_email_seen {
	const char	*address;
	const char	*type;
	const char	*primary;
};

/*
 * Change an email only while it still holds seen (sb.contact_email_
 * change_seen); address and type NULL keep theirs. SB_CONFLICT when
 * someone else changed it: then, if conflict is not NULL, *conflict has
 * stream "email" and, per field of seen that differs, what was seen and
 * what it holds now (caller frees with store_conflict_free).
 */
enum sb_status	 store_email_update(struct db *db, const char *cmd_id,
		     const char *contact_id, const char *email_id,
		     const struct store_email_seen *seen, const char *address,
		     const char *type, struct store_result *res,
		     struct store_conflict **conflict, struct sb_error *err);

/*
 * Take item it, as read by store_items_get, off its owner: an email is
 * removed, a phone or address unlinked. SB_CONFLICT (err says "changed
 * since; look again") when someone else changed the item since it was
 * read; res->changed false when it was already gone.
 */
enum sb_status	 store_items_remove(struct db *db, const char *cmd_id,
		     bool org, const char *owner_id,
		     const struct store_owner_item *it,
		     struct store_result *res, struct sb_error *err);

/*
 * Take the primary mark off a contact's phone or email (kind), leaving
 * none of that kind marked: the undo of marking one when none was.
 * res->changed false when it was not marked; SB_NOT_FOUND when the item
 * is not the contact's.
 */
enum sb_status	 store_item_primary_clear(struct db *db, const char *cmd_id,
		     const char *contact_id, enum store_item_kind kind,
		     const char *item_id, struct store_result *res,
		     struct sb_error *err);

/*
 * Link phone_id to the contact again, given the primary mark as well
 * when primary (the mark moves from the phone that has it), in one
 * command.
 */
enum sb_status	 store_phone_relink(struct db *db, const char *cmd_id,
		     const char *contact_id, const char *phone_id,
		     bool primary, struct store_result *res,
		     struct sb_error *err);

#endif
