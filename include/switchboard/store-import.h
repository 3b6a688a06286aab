/* Import into an organization: one transaction a file, a savepoint a record. */
#ifndef SWITCHBOARD_STORE_IMPORT_H
#define SWITCHBOARD_STORE_IMPORT_H

#include <stdbool.h>
#include <stddef.h>

#include "switchboard/error.h"

struct db;
struct import_file;
struct import_note;

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

/* What a file's records came to, and the ones the server refused. */
struct store_import_run {
	size_t			 n[STORE_IMPORT_OUTCOMES];
	struct import_note	*notes;		/* skipped, in the file's order */
	size_t			 nnotes;
};

/*
 * Import f's records into org_id (in role, unless a record names its
 * own) in one transaction, committed when commit is true (else a
 * preview, rolled back), a savepoint a record (store-import-run.c).
 * run gets the outcomes; clear it with store_import_run_clear, on
 * failure too. A failure leaves nothing of f written.
 */
enum sb_status	 store_import_file(struct db *db, const char *org_id,
		     const char *role, const struct import_file *f,
		     bool commit, struct store_import_run *run,
		     struct sb_error *err);
void		 store_import_run_clear(struct store_import_run *run);

/*
 * What f came to, as lines: "VERB PATH (LAYOUT, N records): ..." with
 * its counts, then every skipped or doubtful record by line. The text is
 * the file's: sanitize it before a terminal shows it. Returns how many;
 * free with history_lines_free or each and the array.
 */
size_t		 store_import_report(const char *verb,
		     const struct import_file *f,
		     const struct store_import_run *run, char ***lines);

/*
 * The codes of the roles a contact may have in an organization, in their
 * order; caller frees each and the array.
 */
enum sb_status	 store_import_roles(struct db *db, char ***codes, size_t *n,
		     struct sb_error *err);

#endif
