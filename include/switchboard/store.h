/* Scoped reads of the directory: what the UI and the command line show. */
#ifndef SWITCHBOARD_STORE_H
#define SWITCHBOARD_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "switchboard/error.h"

struct db;

#define STORE_UUID_LEN	36

/* Every row comes back as strings the caller sanitizes before drawing. */
struct store_org {
	char	 id[STORE_UUID_LEN + 1];
	char	*name;
	char	*kind;		/* provider, partner, platform */
	char	*subdomain;	/* may be "" */
	bool	 active;
	int	 contact_count;	/* active links valid today */
};

struct store_link {
	char	 contact_id[STORE_UUID_LEN + 1];
	char	*first_name;
	char	*last_name;
	char	*title;
	char	*role;		/* role code */
	bool	 primary;
	bool	 active;	/* contact's active flag */
	bool	 do_not_contact;
	char	*starts_on;	/* "" when open */
	char	*ends_on;
};

struct store_item {		/* a phone, email or address of a contact */
	char	 id[STORE_UUID_LEN + 1];
	char	*kind;		/* "phone", "email", "address" */
	char	*type;		/* mobile, work, physical, ... */
	char	*text;		/* one line: number, address, street... */
	char	*extra;		/* extension, E.164, label; may be "" */
	bool	 primary;
};

struct store_contact {
	char			 id[STORE_UUID_LEN + 1];
	char			*first_name;
	char			*last_name;
	char			*title;
	char			*preferred_method;
	bool			 do_not_contact;
	bool			 active;
	long			 version;
	char			*owner_org;	/* owner's name, "" if none */
	char			*updated_by;
	char			*updated_at;
	char			*readonly_reason; /* "" when editable */
	struct store_item	*items;
	size_t			 item_count;
	struct store_org	*orgs;		/* organizations it is linked to */
	char			**org_roles;	/* per org: "billing, admin" */
	size_t			 org_count;
};

/* Search results of the global directory: one contact per row. */
struct store_hit {
	char	 contact_id[STORE_UUID_LEN + 1];
	char	*name;		/* "First Last" */
	char	*orgs;		/* "Org (role), ..." */
	char	*matched;	/* what matched: an email, a phone, ... */
};

/* A page of rows; free with store_rows_free. */
struct store_rows {
	enum {
		STORE_ROWS_ORGS,
		STORE_ROWS_LINKS,
		STORE_ROWS_HITS,
		STORE_ROWS_CONTACT
	}			 type;
	void			*rows;
	size_t			 count;
	bool			 more;		/* another page follows */
};

/* Organization search: prefix and fuzzy, accent- and case-insensitive. */
struct store_org_query {
	const char	*text;		/* NULL or "" for all */
	const char	*kind;		/* NULL for all kinds */
	const char	*after_name;	/* keyset: last row of previous page */
	const char	*after_id;
	int		 limit;
};

struct store_link_query {
	const char	*org_id;
	const char	*role;		/* NULL for all roles */
	bool		 include_inactive;
	const char	*valid_on;	/* "YYYY-MM-DD", NULL for today */
};

/* Synchronous reads, for the command line. */
enum sb_status	store_org_search(struct db *db, const struct store_org_query *q,
		    struct store_rows *out, struct sb_error *err);
enum sb_status	store_org_contacts(struct db *db,
		    const struct store_link_query *q, struct store_rows *out,
		    struct sb_error *err);
enum sb_status	store_contact_get(struct db *db, const char *contact_id,
		    struct store_rows *out, struct sb_error *err);
enum sb_status	store_directory_search(struct db *db, const char *text,
		    int limit, struct store_rows *out, struct sb_error *err);

void		store_rows_free(struct store_rows *rows);

/*
 * Reads for the command line, whose rows go straight to output: a grid of
 * strings, every cell untrusted text. Free with store_grid_free.
 */
struct store_grid {
	size_t	  rows;
	size_t	  cols;
	char	**cells;	/* rows * cols, row by row */
	bool	  more;		/* rows past the limit were left out */
};

/*
 * Every contact in scope, or those linked today to org_id (NULL for all).
 * Columns: id, first name, last name, title, organizations ("Org (role,
 * primary); ..."), phones ("number x12 (type); ..."), emails ("address
 * (type); ..."), preferred method, do not contact (yes/no), active (yes/no).
 */
enum sb_status	store_export_contacts(struct db *db, const char *org_id,
		    struct store_grid *out, struct sb_error *err);

/*
 * Emails of active contacts whose address or name contains text (accent-
 * and case-insensitive), in one round trip. Columns: email, name,
 * organizations (with " [do not contact]" when so marked).
 */
enum sb_status	store_email_search(struct db *db, const char *text,
		    int limit, struct store_grid *out, struct sb_error *err);

/*
 * Organizations a name may mean: containing it or close to it, exact
 * matches (accent- and case-insensitive) first. Columns: id, name, "exact"
 * or "".
 */
enum sb_status	store_org_match(struct db *db, const char *name, int limit,
		    struct store_grid *out, struct sb_error *err);

/* A cell of the grid. Borrowed until store_grid_free. */
const char	*store_grid_cell(const struct store_grid *g, size_t row,
		    size_t col);
void		 store_grid_free(struct store_grid *g);

#endif
