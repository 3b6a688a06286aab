/* Merging contacts into one, undoing a merge, and the side-by-side read. */
#ifndef SWITCHBOARD_STORE_MERGE_H
#define SWITCHBOARD_STORE_MERGE_H

#include <stddef.h>

#include "switchboard/error.h"

struct db;
struct store_grid;

/* The fields a merge chooses a value for, in the order the view shows. */
#define STORE_MERGE_FIELDS(X)						\
	X(first_name)							\
	X(last_name)							\
	X(title)							\
	X(preferred_contact_method)					\
	X(do_not_contact)						\
	X(primary_email)						\
	X(primary_phone)

/* Most contacts one merge takes into the one it keeps. */
#define STORE_MERGE_OTHERS_MAX	10

/* The value of field (one of STORE_MERGE_FIELDS) is contact_id's. */
struct store_merge_prefer {
	const char	*field;
	const char	*contact_id;
};

/* What a merge did (or, for an undo, what the merge had done). */
struct store_merge_result {
	char	merge_id[40];
	int	merged;		/* contacts merged into the survivor */
	int	links_moved;	/* organization links of theirs moved */
	int	links_hidden;	/* of those, at organizations not seen */
	int	items_moved;	/* emails, phones and addresses moved */
};

/* The field names of STORE_MERGE_FIELDS (n of them); static storage. */
const char *const *store_merge_fields(size_t *n);

/*
 * Merge the nothers contacts others into keep in one transaction
 * (sb.contact_merge): each field takes the value of the contact prefer
 * names for it, else the most recently changed one that is not empty.
 * Refusals come back as SB_DENIED (who may not), SB_NOT_FOUND (a contact
 * not seen, archived) or SB_INVALID, with the server's sentence in err.
 */
enum sb_status	store_contact_merge(struct db *db, const char *keep,
		    const char *const *others, size_t nothers,
		    const struct store_merge_prefer *prefer, size_t nprefer,
		    struct store_merge_result *out, struct sb_error *err);

/*
 * Undo merge merge_id (sb.contact_unmerge); SB_CONFLICT with the reason
 * when the survivor changed since in a way that conflicts, SB_INVALID
 * when it was undone already. out says what the merge had done.
 */
enum sb_status	store_contact_unmerge(struct db *db, const char *merge_id,
		    struct store_merge_result *out, struct sb_error *err);

/*
 * The n contacts ids side by side, ids[0] the one to keep
 * (sb.contact_merge_compare), into out (free with store_grid_free):
 * columns field, contact id, value, changed at ("YYYY-MM-DD HH:MM:SS"
 * UTC), chosen ("true"/"false"). A row per field and contact, then a
 * row per email, phone, address and link ("email", "phone", "address",
 * "link"; chosen false for one folded into one alike).
 */
enum sb_status	store_merge_compare(struct db *db, const char *const *ids,
		    size_t n, struct store_grid *out, struct sb_error *err);

/* The same, chosen as a merge with prefer (nprefer of them) would. */
enum sb_status	store_merge_compare_prefer(struct db *db,
		    const char *const *ids, size_t n,
		    const struct store_merge_prefer *prefer, size_t nprefer,
		    struct store_grid *out, struct sb_error *err);

#endif
