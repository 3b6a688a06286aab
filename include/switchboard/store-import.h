/* Import into an organization: a transaction a batch, one call or a record. */
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
	STORE_IMPORT_CLOSE,	/* a close name, asked about: left out */
	STORE_IMPORT_REFUSED,	/* the server refused its values */
	STORE_IMPORT_OUTCOMES
};

/*
 * What a record whose name is close to that of a contact the importer
 * sees comes to (sb.contact_close_names): left out and noted, linked to
 * that contact, or created all the same.
 */
enum store_import_close {
	STORE_IMPORT_CLOSE_ASK,
	STORE_IMPORT_CLOSE_LINK,
	STORE_IMPORT_CLOSE_CREATE
};

/*
 * Open the transaction a batch of a file is imported in, holding the
 * advisory lock key until it ends: the next batch, sent on another
 * connection before this one ends, waits for it there.
 */
enum sb_status	 store_import_begin(struct db *db, long long key,
		     struct sb_error *err);

/*
 * Import one record (json: import_record_json) from system with
 * source_id into org_id in role, a close name as close says. A record
 * whose values the server refuses is undone alone: *out is
 * STORE_IMPORT_REFUSED and err says why, and SB_OK is returned; one left
 * out for a close name is STORE_IMPORT_CLOSE, err's message naming whom
 * it is close to. Any other failure (refused access, a lost connection)
 * returns its status: end the transaction without commit.
 */
enum sb_status	 store_import_record(struct db *db, const char *org_id,
		     const char *role, const char *system,
		     const char *source_id, const char *json,
		     enum store_import_close close,
		     enum store_import_outcome *out, struct sb_error *err);

/*
 * Send f's records first to first + n as one call
 * (sb.contact_import_batch; a record's role is its own or role), a close
 * name as close says, to be linked once the batch holding lock *after
 * has ended (after NULL: at once). store_import_batch_receive waits for
 * its answer; nothing else may be sent on db between.
 */
enum sb_status	 store_import_batch_send(struct db *db, const char *org_id,
		     const char *role, const struct import_file *f,
		     size_t first, size_t n, enum store_import_close close,
		     const long long *after, struct sb_error *err);
/*
 * The answer to the n records store_import_batch_send sent. When the
 * server took the batch whole, *took is true, out[i] is record first +
 * i's outcome and whom[i] (caller frees) whom a STORE_IMPORT_CLOSE
 * record is close to, else NULL. When it did not, nothing is written and
 * *took is false: send it again alone when *again (what it found changed
 * meanwhile), else import it with store_import_record. Any other failure
 * returns its status.
 */
enum sb_status	 store_import_batch_receive(struct db *db, size_t n,
		     enum store_import_outcome *out, char **whom, bool *took,
		     bool *again, struct sb_error *err);

/* Commit (commit true) or roll back the file's transaction. */
enum sb_status	 store_import_end(struct db *db, bool commit,
		     struct sb_error *err);

/*
 * Records a transaction takes, in one call when the server takes them
 * whole: the server's locks on what a record changes last until its
 * transaction ends, and a file of many thousand records in one outgrew
 * the lock table ("out of shared memory"). A batch holds about one lock
 * a record in one call, some 2.5 a record when it goes record by record;
 * the cluster's table has room for about 15,000.
 */
#define STORE_IMPORT_BATCH	1000

/* What a file's records came to, and the ones the server refused. */
struct store_import_run {
	size_t			 n[STORE_IMPORT_OUTCOMES];
	struct import_note	*notes;		/* skipped, in the file's order */
	size_t			 nnotes;
	size_t			 landed;	/* records committed, from the
						   first; on failure too */
	long			 landed_line;	/* the last one's line, or 0 */
};

/*
 * Import f's records into org_id (in role, unless a record names its
 * own), STORE_IMPORT_BATCH records a transaction, each committed whole
 * when commit is true (else a preview, each rolled back: a record that
 * repeats one of an earlier batch counts as new again), in one call when
 * the server takes the batch whole, else a savepoint a record
 * (store-import-run.c). A file of more than one batch opens a second
 * connection like db (db_connect_like), when it can, and sends each
 * batch while the one before it is still open on the other; the batches
 * commit in the file's order. run gets the outcomes; clear it with
 * store_import_run_clear, on failure too. A failure undoes the batch it
 * happened in: run->landed says how many records landed before it (to
 * run->landed_line), and importing the file again goes on from there,
 * what landed showing as unchanged.
 */
enum sb_status	 store_import_file(struct db *db, const char *org_id,
		     const char *role, const struct import_file *f,
		     enum store_import_close close, bool commit,
		     struct store_import_run *run, struct sb_error *err);
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
