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
	char	*readonly;	/* why its contacts may not change nor be
				   deleted; "" may; NULL: not read (a
				   contact's list) */
	char	*primary_readonly;	/* why its primary marks may not
					   change; "" may; NULL: not read */
	char	*links_readonly;	/* why no contact may be linked to
					   it; "" some may; NULL: not read */
	char	*place;		/* the label of the place a filter found
				   it by, "" by its name; NULL: not read */
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
	char	*owner;		/* the partner owning the contact, when
				   not this organization; else "" */
	char	*readonly;	/* why the link may not change; "" may */
	long	 name_rank;	/* place by name under the person's
				   collation, from 1 */
};

struct store_item {		/* a phone, email or address of a contact */
	char	 id[STORE_UUID_LEN + 1];
	char	*kind;		/* "phone", "email", "address" */
	char	*type;		/* mobile, work, physical, ... */
	char	*text;		/* one line: number, address, street... */
	char	*extra;		/* a phone's extension, a label; may be "" */
	char	*dial;		/* a phone's E.164 form, else "" */
	char	*place;		/* an organization's phone: the labels of the
				   addresses it rings at; else NULL or "" */
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
	long	 name_rank;	/* place by name among the hits, as in
				   struct store_link */
};

/* One row of the emergency list. */
struct store_emergency {
	char	 org_id[STORE_UUID_LEN + 1];
	char	*org_name;
	char	 contact_id[STORE_UUID_LEN + 1];
	char	*name;		/* "First Last" */
	char	*mobile;	/* number as entered, "" if none */
	char	*email;		/* primary (else any) email, "" if none */
	bool	 primary;
	bool	 do_not_contact;	/* listed all the same, marked */
	char	*phone_types;	/* types of all its phones: "mobile, office" */
	char	*updated_at;	/* contact last changed, "YYYY-MM-DD HH:MM" */
};

/* One event of a stream's history, newest first. */
struct store_event {
	long	 position;
	long	 version;
	char	*type;		/* "contact.updated" */
	char	*actor;
	char	*recorded_at;
	char	*payload;	/* JSON text */
};

/* The primary contact of a role at an organization. */
struct store_org_primary {
	char			*role;
	char			*name;		/* "Rosa Delgado" */
};

/* One organization's own details (store_org_get, STORE_ROWS_ORG_DETAIL). */
struct store_org_detail {
	char			 id[STORE_UUID_LEN + 1];
	char			*name;
	char			*kind;		/* provider, partner, platform */
	char			*partner;	/* referred by; "" none */
	char			 partner_id[STORE_UUID_LEN + 1]; /* "" none */
	long			 version;
	bool			 active;
	struct store_item	*items;		/* its phones and addresses */
	size_t			 item_count;
	struct store_org_primary *primaries;	/* by role */
	size_t			 primary_count;
};

/* A page of rows; free with store_rows_free. */
struct store_rows {
	enum {
		STORE_ROWS_ORGS,
		STORE_ROWS_LINKS,
		STORE_ROWS_HITS,
		STORE_ROWS_CONTACT,
		STORE_ROWS_EMERGENCY,
		STORE_ROWS_EVENTS,
		STORE_ROWS_ORG_DETAIL
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
/* One organization's details (STORE_ROWS_ORG_DETAIL; none: out of scope). */
enum sb_status	store_org_get(struct db *db, const char *org_id,
		    struct store_rows *out, struct sb_error *err);
enum sb_status	store_directory_search(struct db *db, const char *text,
		    int limit, struct store_rows *out, struct sb_error *err);

/*
 * Active emergency-role contacts whose link holds today, with a mobile
 * phone and an email, for the organizations in org_ids (n of them; n 0
 * for every organization in scope). Sorted by organization, primary first.
 */
enum sb_status	store_emergency_list(struct db *db,
		    const char *const *org_ids, size_t n,
		    struct store_rows *out, struct sb_error *err);

/* Events of one contact or organization (stream_id), newest first. */
enum sb_status	store_history(struct db *db, const char *stream_id,
		    int limit, struct store_rows *out, struct sb_error *err);

/* Release the rows (out of any read above); rows itself is not freed. */
void		store_rows_free(struct store_rows *rows);

/*
 * Asynchronous reads on one connection, for the UI: the caller queues
 * reads on numbered slots, polls store_async_fd() and calls
 * store_async_collect() when it is readable. A newer read on a slot
 * supersedes older ones: a queued one is dropped and one in flight is
 * cancelled on the server (its result, if any, discarded), so only the
 * latest read of a slot comes back.
 * Created with store_async_create (db borrowed), freed with
 * store_async_free.
 */
#define STORE_ASYNC_SLOTS	8

struct store_async;

struct store_async_result {
	int		 slot;
	unsigned long	 seq;		/* as returned when queued */
	enum sb_status	 status;
	struct sb_error	 err;
	struct store_rows rows;		/* caller frees with store_rows_free */
};

struct store_async	*store_async_create(struct db *db);
void			 store_async_free(struct store_async *sa);

/* Queue a read on slot (0 .. STORE_ASYNC_SLOTS - 1); returns its seq. */
unsigned long	store_async_org_search(struct store_async *sa, int slot,
		    const struct store_org_query *q);
unsigned long	store_async_org_contacts(struct store_async *sa, int slot,
		    const struct store_link_query *q);
unsigned long	store_async_contact_get(struct store_async *sa, int slot,
		    const char *contact_id);
/* One organization's details: one row, or none when out of scope. */
unsigned long	store_async_org_get(struct store_async *sa, int slot,
		    const char *org_id);
unsigned long	store_async_directory_search(struct store_async *sa,
		    int slot, const char *text, int limit);
unsigned long	store_async_emergency_list(struct store_async *sa, int slot,
		    const char *const *org_ids, size_t n);

/* The socket to poll for reading, or -1 when the connection is down. */
int		store_async_fd(const struct store_async *sa);

/* Whether a read is queued or in flight (for a spinner). */
bool		store_async_busy(const struct store_async *sa);

/*
 * Send the next queued read when the connection is idle, read what the
 * server sent, and fill out with one finished read: returns true then.
 * A read that failed comes back with its status and err set (a lost
 * connection gives SB_UNAVAILABLE and drops every queued read).
 */
bool		store_async_collect(struct store_async *sa,
		    struct store_async_result *out);

/* Forget every queued and in-flight read (after a reconnect). */
void		store_async_clear(struct store_async *sa);

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
 * Contacts for an export, whole: one grid of contacts and one grid of
 * each kind of item, every item row led by the index of its contact's
 * row (0, 1, ...) and in the contacts' order. Booleans are "t" or "f".
 *
 *   contacts	id, first name, last name, title, preferred method, do
 *		not contact, active
 *   emails	contact, address, type, primary
 *   phones	contact, number, extension, type, E.164, primary
 *   addresses	contact, type, label, street1, street2, city, region,
 *		postal code, country (ISO code)
 *   links	contact, organization, role, primary, starts on, ends on
 *		("" when open): the links valid today
 *
 * Free with store_export_free.
 */
struct store_export {
	struct store_grid	contacts;
	struct store_grid	emails;
	struct store_grid	phones;
	struct store_grid	addresses;
	struct store_grid	links;
};

/*
 * Every contact in scope linked today to one of the norgs organizations
 * org_ids (none: every contact in scope), by name; or, unless contact_ids
 * is NULL, of the ncontacts contacts contact_ids (maybe none) those in
 * scope, in that order. One snapshot.
 */
/*
 * The contacts in scope that text names exactly (an id, an email address,
 * a phone number read with country when it has no code), their ids one a
 * row of out (at most limit, with out->more).
 */
enum sb_status	store_contact_exact(struct db *db, const char *text,
		    const char *country, int limit, struct store_grid *out,
		    struct sb_error *err);
enum sb_status	store_export_read(struct db *db, const char *const *org_ids,
		    size_t norgs, const char *const *contact_ids,
		    size_t ncontacts, struct store_export *out,
		    struct sb_error *err);
void		store_export_free(struct store_export *e);

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

/*
 * v as a PostgreSQL text[] literal: each element in double quotes, its
 * quotes and backslashes escaped. Caller frees.
 */
char		*store_text_array(const char *const *v, size_t n);

/*
 * How long a statement of this session may run ("20min"), in place of
 * the 30 seconds every session starts with: for a long read of the
 * command line, not for a screen a person waits on.
 */
enum sb_status	store_session_timeout(struct db *db, const char *timeout,
		    struct sb_error *err);

/*
 * The pairs of contacts the session sees both of (both in the
 * organization org_id unless it is NULL) that are likely one person,
 * scoring at least min_score (a number from 0 to 1 as text), best first.
 * Columns: id, name, other id, other name, score, reasons.
 */
enum sb_status	store_duplicate_pairs(struct db *db, const char *org_id,
		    const char *min_score, struct store_grid *out,
		    struct sb_error *err);

/*
 * The organizations the person sees (archived ones too when archived), in
 * name order. Columns: name, kind, the name of the partner that referred
 * it ("" when none or hidden), archived ("true" or "false").
 */
enum sb_status	store_org_list(struct db *db, bool archived,
		    struct store_grid *out, struct sb_error *err);

/*
 * The phones and addresses of the organizations the person sees that are
 * at an address whose label holds each word of text, or whose type the
 * word names ("midtown fax": the fax at Midtown), by organization
 * in name order, phones first; at most limit (more set when there were
 * more). Columns: organization, "phone" or "address", type, the number
 * (with " xEXT") or the address, the label.
 */
enum sb_status	store_org_places(struct db *db, const char *text, int limit,
		    struct store_grid *out, struct sb_error *err);

/*
 * The organization the person sees whose name is name (accent- and
 * case-insensitive), archived or not: no row, or one (two when names
 * made before that rule clash). Columns: id, name, kind, version, active
 * ("yes" or "no").
 */
enum sb_status	store_org_named(struct db *db, const char *name,
		    struct store_grid *out, struct sb_error *err);

/*
 * The login and what it may do, one row per membership (one of kind
 * "none" when it holds none): login, kind ("super_admin",
 * "provider_admin", "support", "partner_admin" or "none"), the
 * organization's name ("" when none or hidden), "yes" when the membership
 * names an organization, else "no".
 */
enum sb_status	store_whoami(struct db *db, struct store_grid *out,
		    struct sb_error *err);

/*
 * A kind of access: as typed ("provider-admin"), as the database has it
 * ("provider_admin"), as said to people ("provider admin").
 */
struct store_access_kind {
	const char	*word;
	const char	*kind;
	const char	*label;
};
#define STORE_ACCESS_KINDS	4
extern const struct store_access_kind store_access_kinds[STORE_ACCESS_KINDS];

/* The kind whose word (word true) or database kind is name; or NULL. */
const struct store_access_kind *store_access_kind_find(const char *name,
		    bool word);

/*
 * The memberships the person sees (all for a super admin, else their
 * own). Columns: login, kind, organization name, "yes" when it names
 * one, granted by, granted at ("YYYY-MM-DD HH:MM").
 */
enum sb_status	store_access_list(struct db *db, struct store_grid *out,
		    struct sb_error *err);

/*
 * What login is, one row: "missing" (no such role), "nologin" (a role
 * that cannot log in), "outside" (not a member of switchboard_user) or
 * "person"; then whether this session may make it a person's login ("t":
 * a super admin whose role may create roles).
 */
enum sb_status	store_access_login(struct db *db, const char *login,
		    struct store_grid *out, struct sb_error *err);

/*
 * What a superuser runs so that login can be granted access and log in
 * (CREATE ROLE, ALTER ROLE ... LOGIN or GRANT switchboard_user, the name
 * quoted), into *sql; NULL when it is a person's login already. Caller
 * frees.
 */
enum sb_status	store_access_next_step(struct db *db, const char *login,
		    char **sql, struct sb_error *err);

/*
 * Grant (or revoke) login the access kind ("super_admin", ...) for the
 * organization org_id (NULL: none, or all for support). *changed is false
 * when it already had it (or did not). Super admins only.
 */
enum sb_status	store_access_change(struct db *db, bool grant,
		    const char *login, const char *kind, const char *org_id,
		    bool *changed, struct sb_error *err);

/*
 * Who the connection is, for "profile test": one row, columns server
 * ("PostgreSQL 16.2") and the role logged in as.
 */
enum sb_status	store_session_get(struct db *db, struct store_grid *out,
		    struct sb_error *err);

/*
 * The memberships of the role logged in as, as it sees them, by kind.
 * Columns: kind, organization name ("" when none or hidden from it), "yes"
 * when the membership names an organization.
 */
enum sb_status	store_session_scope(struct db *db, struct store_grid *out,
		    struct sb_error *err);

/* A cell of the grid. Borrowed until store_grid_free. */
const char	*store_grid_cell(const struct store_grid *g, size_t row,
		    size_t col);
void		 store_grid_free(struct store_grid *g);

#endif
