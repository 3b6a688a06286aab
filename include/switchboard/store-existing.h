/* "Add existing contact": find by exact email or phone, link it here. */
#ifndef SWITCHBOARD_STORE_EXISTING_H
#define SWITCHBOARD_STORE_EXISTING_H

#include <stddef.h>

#include "switchboard/error.h"
#include "switchboard/store-command.h"
#include "switchboard/store.h"

struct db;

/* One contact found; strings from the database (sanitize to draw). */
struct store_existing {
	char	 contact_id[STORE_UUID_LEN + 1];
	char	*first_name;
	char	*last_name;
	char	*owner_name;	/* owning organization, "" if none */
};

/* The contacts found; embedded, freed with store_existing_list_clear. */
struct store_existing_list {
	struct store_existing	*rows;
	size_t			 count;
};

/*
 * Contacts with exactly this email address or phone number (either may
 * be NULL or ""), in scope or not: sb.contact_find_existing, which records
 * the lookup for org_id. A part of an address finds nothing. On SB_OK the
 * caller clears out.
 */
enum sb_status	 store_contact_find_existing(struct db *db,
		     const char *email, const char *phone, const char *org_id,
		     struct store_existing_list *out, struct sb_error *err);
void		 store_existing_list_clear(struct store_existing_list *l);

/*
 * The contacts the session sees whose names are close to each of the n
 * names first[i] last[i] about to be created at org_id (may be NULL),
 * scoring at least min_score (when NULL STORE_CLOSE_MIN, as the matcher),
 * at most limit for each (sb.contact_close_names). Columns: the name's
 * index from 1, contact id, name, organizations with roles, score,
 * reasons.
 */
#define STORE_CLOSE_MIN		"0.8"
enum sb_status	 store_contact_close_names(struct db *db,
		     const char *const *first, const char *const *last,
		     size_t n, const char *org_id, const char *min_score,
		     int limit, struct store_grid *out, struct sb_error *err);

/*
 * Link the one contact with this exact email or phone to org_id in role
 * (sb.contact_add_existing) as command cmd_id; res->id is the contact.
 * SB_NOT_FOUND when no single contact matches.
 */
enum sb_status	 store_contact_add_existing(struct db *db,
		     const char *cmd_id, const char *org_id, const char *role,
		     const char *email, const char *phone,
		     struct store_result *res, struct sb_error *err);

#endif
