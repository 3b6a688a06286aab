/* Event-emitting write commands: idempotent, versioned, one transaction. */
#ifndef SWITCHBOARD_STORE_COMMAND_H
#define SWITCHBOARD_STORE_COMMAND_H

#include <stdbool.h>
#include <stddef.h>

#include "switchboard/error.h"
#include "switchboard/store.h"

struct db;

/*
 * Every command takes a command id: a UUID the caller makes once per user
 * action (store_command_id_new) and passes again on retry. Each runs in
 * one transaction (BEGIN, sb.command_begin, the command, sb.command_finish,
 * COMMIT) and leaves none open. An id already applied returns the recorded
 * result and changes nothing (result.replayed). If the connection breaks,
 * the command reconnects and asks the server whether the id was applied:
 * SB_OK with the result (result.recovered) if so, SB_UNAVAILABLE (safe to
 * retry with the same id) if not. Strings in results and conflicts come
 * from the database: sanitize before drawing.
 */
struct store_result {
	char	id[STORE_UUID_LEN + 1];	/* what was created or changed */
	long	version;		/* version of the stream to pass as
					   expected_version next; 0 if none */
	long	version2;		/* of the second stream a command
					   of two changed; else 0 */
	bool	changed;		/* false: it was already so */
	bool	replayed;		/* applied before under this id */
	bool	recovered;		/* reply lost; the server confirmed */
	bool	unsure;			/* reply lost, server not back: ask
					   store_command_outcome later */
};

/* One field that changed since the version the user saw. */
struct store_change {
	char	*field;		/* column, or "email.added.address", ... */
	char	*seen;		/* the value the user saw; NULL if none */
	char	*current;	/* the value now; NULL if none */
	char	*actor;		/* who changed it last */
	char	*at;		/* when (server timestamp text) */
};

/* What a stale expected_version missed; caller frees. */
struct store_conflict {
	char			 stream[16];	/* contact, organization, ... */
	char			 id[STORE_UUID_LEN + 1];
	long			 seen_version;
	long			 current_version;
	struct store_change	*changes;	/* in the order they happened */
	size_t			 count;
};

/* A set of field changes for an update; embedded, _init/_clear. */
struct store_changes {
	char	*json;
	size_t	 count;
};

/* Links between entities that store_link_set makes or ends. */
enum store_link_kind {
	STORE_LINK_CONTACT_PHONE,
	STORE_LINK_CONTACT_ADDRESS,
	STORE_LINK_ORG_PHONE,
	STORE_LINK_ORG_ADDRESS,
	STORE_LINK_PHONE_ADDRESS
};

struct store_contact_input {
	const char	*first_name;
	const char	*last_name;
	const char	*title;
	const char	*preferred_method;	/* email, phone, ...; NULL */
	const char	*owner_org_id;		/* NULL for none */
	bool		 do_not_contact;
};

struct store_address_input {
	const char	*type;			/* physical, mailing, billing */
	const char	*country;		/* ISO alpha-2 */
	const char	*label;
	const char	*street1;
	const char	*street2;
	const char	*city;
	const char	*region;
	const char	*postal_code;
};

/*
 * Whether command cmd_id was applied, after its reply was lost: waits for
 * a transaction still running it to end, then SB_OK with its result in
 * res (res->recovered set), SB_NOT_FOUND if it never landed, or the
 * error of an unreachable server.
 */
enum sb_status	 store_command_outcome(struct db *db, const char *cmd_id,
		     struct store_result *res, struct sb_error *err);

/* A new random (version 4) UUID in out, as 36 characters and a NUL. */
void		 store_command_id_new(char out[STORE_UUID_LEN + 1]);

void		 store_conflict_free(struct store_conflict *conflict);

void		 store_changes_init(struct store_changes *ch);
/* Set field to value (NULL: clear it). Both are copied. */
void		 store_changes_set(struct store_changes *ch, const char *field,
		     const char *value);
void		 store_changes_clear(struct store_changes *ch);

/*
 * Commands. Those with expected_version fail with SB_CONFLICT when the
 * stream moved on; then, if conflict is not NULL, *conflict says what
 * changed (caller frees with store_conflict_free).
 */
enum sb_status	 store_contact_create(struct db *db, const char *cmd_id,
		     const struct store_contact_input *in,
		     struct store_result *res, struct sb_error *err);
enum sb_status	 store_contact_update(struct db *db, const char *cmd_id,
		     const char *contact_id, long expected_version,
		     const struct store_changes *ch, struct store_result *res,
		     struct store_conflict **conflict, struct sb_error *err);
/* A phone of a new contact: its type and number as typed. */
struct store_phone_input {
	const char	*type;
	const char	*number;
};

/*
 * What a new contact has besides its fields: its primary work email and
 * primary mobile (NULL or "": none), numbers read with default_country
 * (NULL: international form only), whether it becomes the primary
 * contact of its role, and more work emails and phones, none primary.
 */
struct store_contact_extra {
	const char			*email;
	const char			*mobile;
	const char			*default_country;
	bool				 make_primary;
	const char *const		*emails;
	size_t				 nemails;
	const struct store_phone_input	*phones;
	size_t				 nphones;
};

/*
 * The new-contact form in one command: the contact, its link to org_id in
 * role, and what x adds. All of it lands, or none. res->id is the
 * contact, res->version its version, res->version2 the organization's.
 */
enum sb_status	 store_contact_create_linked(struct db *db,
		     const char *cmd_id, const struct store_contact_input *in,
		     const char *org_id, const char *role,
		     const struct store_contact_extra *x,
		     struct store_result *res, struct sb_error *err);
/*
 * The contact form with its link in one command: the role in org_id
 * from old_role to new_role with the primary mark as make_primary, and
 * the contact's fields ch at expected_version. Both or neither; res->
 * version is the contact's, res->version2 the organization's.
 */
enum sb_status	 store_contact_update_in_role(struct db *db,
		     const char *cmd_id, const char *contact_id,
		     long expected_version, const struct store_changes *ch,
		     const char *org_id, const char *old_role,
		     const char *new_role, bool make_primary,
		     struct store_result *res, struct store_conflict **conflict,
		     struct sb_error *err);
/*
 * The contact's fields and its emails and phones, changed at once as the
 * command line's contact edit asks: fields at the version read, then the
 * emails (ids) and phones (ids) taken off (a phone itself stays), then
 * add's more emails and phones (its email, mobile and make_primary are
 * not used), none primary. All of it lands, or none; res->changed is
 * whether any of it changed anything.
 */
struct store_contact_edit {
	const struct store_changes	*fields;
	struct store_contact_extra	 add;
	const char *const		*remove_emails;
	size_t				 nremove_emails;
	const char *const		*remove_phones;
	size_t				 nremove_phones;
};
enum sb_status	 store_contact_edit(struct db *db, const char *cmd_id,
		     const char *contact_id, long expected_version,
		     const struct store_contact_edit *e,
		     struct store_result *res, struct store_conflict **conflict,
		     struct sb_error *err);
/*
 * Delete a contact, with its links to its owner and to from_org (the
 * organization it is deleted from; NULL: none). Links from any other
 * organization refuse it, naming them.
 */
enum sb_status	 store_contact_delete(struct db *db, const char *cmd_id,
		     const char *contact_id, long expected_version,
		     const char *from_org, struct store_result *res,
		     struct store_conflict **conflict, struct sb_error *err);

enum sb_status	 store_org_create(struct db *db, const char *cmd_id,
		     const char *name, const char *kind, const char *subdomain,
		     const char *partner_id, struct store_result *res,
		     struct sb_error *err);
enum sb_status	 store_org_update(struct db *db, const char *cmd_id,
		     const char *org_id, long expected_version,
		     const struct store_changes *ch, struct store_result *res,
		     struct store_conflict **conflict, struct sb_error *err);

/* A new phone on contact; number normalized with default_country. */
enum sb_status	 store_phone_add(struct db *db, const char *cmd_id,
		     const char *contact_id, const char *number,
		     const char *type, const char *default_country,
		     bool sms_capable, bool make_primary,
		     struct store_result *res, struct sb_error *err);
/*
 * Change a phone: number (with any extension) and type NULL keep theirs,
 * sms STORE_SMS_KEEP keeps its SMS flag (else 0 or 1).
 */
#define STORE_SMS_KEEP	(-1)
enum sb_status	 store_phone_change(struct db *db, const char *cmd_id,
		     const char *phone_id, long expected_version,
		     const char *number, const char *type, int sms,
		     const char *default_country, struct store_result *res,
		     struct store_conflict **conflict, struct sb_error *err);
/* Take the phone off the contact (the phone itself stays). */
enum sb_status	 store_phone_remove(struct db *db, const char *cmd_id,
		     const char *contact_id, const char *phone_id,
		     struct store_result *res, struct sb_error *err);
/* Make phone the contact's primary; the mark moves from the old one. */
enum sb_status	 store_phone_set_primary(struct db *db, const char *cmd_id,
		     const char *contact_id, const char *phone_id,
		     struct store_result *res, struct sb_error *err);

enum sb_status	 store_email_add(struct db *db, const char *cmd_id,
		     const char *contact_id, const char *address,
		     const char *type, bool make_primary,
		     struct store_result *res, struct sb_error *err);
/* address and type NULL keep theirs; make_primary moves the mark. */
enum sb_status	 store_email_change(struct db *db, const char *cmd_id,
		     const char *contact_id, const char *email_id,
		     const char *address, const char *type, bool make_primary,
		     struct store_result *res, struct sb_error *err);
enum sb_status	 store_email_remove(struct db *db, const char *cmd_id,
		     const char *contact_id, const char *email_id,
		     struct store_result *res, struct sb_error *err);

/* A new address linked to owner_id: a contact or (org) organization. */
enum sb_status	 store_address_add(struct db *db, const char *cmd_id,
		     bool org, const char *owner_id,
		     const struct store_address_input *in,
		     struct store_result *res, struct sb_error *err);
enum sb_status	 store_address_update(struct db *db, const char *cmd_id,
		     const char *address_id, long expected_version,
		     const struct store_changes *ch, struct store_result *res,
		     struct store_conflict **conflict, struct sb_error *err);
enum sb_status	 store_address_delete(struct db *db, const char *cmd_id,
		     const char *address_id, long expected_version,
		     struct store_result *res,
		     struct store_conflict **conflict, struct sb_error *err);

/*
 * Contacts in organizations. Linking in another role adds that role;
 * unlinking one role removes it. Dates are "YYYY-MM-DD" or NULL (open).
 */
enum sb_status	 store_org_contact_link(struct db *db, const char *cmd_id,
		     const char *org_id, const char *contact_id,
		     const char *role, const char *starts_on,
		     const char *ends_on, struct store_result *res,
		     struct sb_error *err);
enum sb_status	 store_org_contact_unlink(struct db *db, const char *cmd_id,
		     const char *org_id, const char *contact_id,
		     const char *role, struct store_result *res,
		     struct sb_error *err);
enum sb_status	 store_org_contact_set_primary(struct db *db,
		     const char *cmd_id, const char *org_id,
		     const char *contact_id, const char *role,
		     struct store_result *res, struct sb_error *err);
/* Both dates NULL clear the window. */
enum sb_status	 store_org_contact_set_validity(struct db *db,
		     const char *cmd_id, const char *org_id,
		     const char *contact_id, const char *role,
		     const char *starts_on, const char *ends_on,
		     struct store_result *res, struct sb_error *err);

/* Link (linked true) or unlink a and b, in the order the kind names. */
enum sb_status	 store_link_set(struct db *db, const char *cmd_id,
		     enum store_link_kind kind, const char *a, const char *b,
		     bool linked, struct store_result *res,
		     struct sb_error *err);

#endif
