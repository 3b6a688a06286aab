/* Import into an organization: one transaction a file, a savepoint a record. */
#ifndef SWITCHBOARD_STORE_IMPORT_H
#define SWITCHBOARD_STORE_IMPORT_H

#include <stdbool.h>
#include <stddef.h>

#include "switchboard/error.h"

struct db;

/* What sb.contact_import did with a record. */
enum store_import_outcome {
	STORE_IMPORT_CREATED,	/* a new contact */
	STORE_IMPORT_UPDATED,	/* the one imported before, changed */
	STORE_IMPORT_UNCHANGED,	/* found again, nothing to change */
	STORE_IMPORT_LINKED,	/* found by email or phone, linked here */
	STORE_IMPORT_AMBIGUOUS,	/* several found by email or phone */
	STORE_IMPORT_REFUSED,	/* the server refused its values */
	STORE_IMPORT_OUTCOMES
};

/* Open the transaction a file is imported in. */
enum sb_status	 store_import_begin(struct db *db, struct sb_error *err);

/*
 * Import one record (json: import_record_json) from system with
 * source_id into org_id in role. A record whose values the server
 * refuses is undone alone: *out is STORE_IMPORT_REFUSED and err says
 * why, and SB_OK is returned. Any other failure (refused access, a lost
 * connection) returns its status: end the transaction without commit.
 */
enum sb_status	 store_import_record(struct db *db, const char *org_id,
		     const char *role, const char *system,
		     const char *source_id, const char *json,
		     enum store_import_outcome *out, struct sb_error *err);

/* Commit (commit true) or roll back the file's transaction. */
enum sb_status	 store_import_end(struct db *db, bool commit,
		     struct sb_error *err);

/*
 * The codes of the roles a contact may have in an organization, in their
 * order; caller frees each and the array.
 */
enum sb_status	 store_import_roles(struct db *db, char ***codes, size_t *n,
		     struct sb_error *err);

#endif
