/* Roles of linked contacts, deleting contacts, finding contacts by name. */
#ifndef SWITCHBOARD_STORE_ROLE_H
#define SWITCHBOARD_STORE_ROLE_H

#include <stdbool.h>
#include <stddef.h>

#include "switchboard/error.h"
#include "switchboard/store-command.h"
#include "switchboard/store.h"

struct db;

/*
 * Give contact_id's link to org_id the role new_role instead of old_role
 * in one command (sb.organization_contact_change_role): the window stays;
 * make_primary moves the mark for new_role to it, false leaves it without
 * (with new_role equal to old_role only the mark changes). since is the
 * organization's version after an earlier change (0: none): an event
 * about this contact's links after it refuses the change with SB_CONFLICT.
 * SB_INVALID when the contact already has new_role here. res->version is
 * the organization's version after the change.
 */
enum sb_status	 store_org_contact_change_role(struct db *db,
		     const char *cmd_id, const char *org_id,
		     const char *contact_id, const char *old_role,
		     const char *new_role, bool make_primary, long since,
		     struct store_result *res, struct sb_error *err);

/*
 * The organizations other than its owner and from_org (where it would be
 * deleted from; may be NULL) that link a contact now, as the
 * caller may know them: names of those the caller sees (owned strings,
 * from the database: sanitize to draw) and how many more there are.
 * Embedded; store_elsewhere_clear releases it.
 */
struct store_elsewhere {
	char	**names;
	size_t	  count;
	long	  hidden;
};

enum sb_status	 store_contact_linked_elsewhere(struct db *db,
		     const char *contact_id, const char *from_org,
		     struct store_elsewhere *out, struct sb_error *err);
void		 store_elsewhere_clear(struct store_elsewhere *e);

/* One contact found by name; strings from the database. */
struct store_name_match {
	char	 contact_id[STORE_UUID_LEN + 1];
	char	*first_name;
	char	*last_name;
	char	*title;
	char	*owner_name;	/* "" when none (or not in scope) */
	char	*email;		/* primary, else any; "" when none */
};

/* Embedded; store_name_matches_clear releases it. */
struct store_name_matches {
	struct store_name_match	*rows;
	size_t			 count;
};

/*
 * Contacts the caller sees whose name contains text (at least two
 * characters), not linked to org_id in role now, at most limit of them
 * (sb.contact_find_by_name, one statement, no transaction left open).
 * Contacts out of the caller's scope are never found by name.
 */
enum sb_status	 store_contact_find_by_name(struct db *db,
		     const char *org_id, const char *role, const char *text,
		     int limit, struct store_name_matches *out,
		     struct sb_error *err);
void		 store_name_matches_clear(struct store_name_matches *m);

#endif
