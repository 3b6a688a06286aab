/* Private to the store reads: a built query, shared by sync and async. */
#ifndef SWITCHBOARD_STORE_INT_H
#define SWITCHBOARD_STORE_INT_H

#include <libpq-fe.h>

#include "switchboard/store.h"

#define STORE_QUERY_PARAMS_MAX	8

/*
 * A name's sort key in SQL text: STORE_KEY("o.name") is o.name under the
 * person's collation once store_collate_sql expands it. The same key on
 * both sides of a keyset comparison and in its ORDER BY keeps pages
 * joined.
 */
#define STORE_KEY_OPEN	'\001'
#define STORE_KEY_CLOSE	'\002'
#define STORE_KEY(x)	"\001" x "\002"

/*
 * sql with every STORE_KEY(x) expanded for db's session: (x) COLLATE the
 * ICU collation the tag of db_set_collation names (the tag, its language,
 * else "und"), looked up once per connection; sb.fold(x) COLLATE "C"
 * when the server has none or no tag was asked for. Caller frees.
 */
char		*store_collate_sql(struct db *db, const char *sql);
/*
 * Reads the UI sends at every key or move, prepared once per connection
 * (a statement sent as text is planned again each time: a contact's
 * details took 2-10 ms at 1M contacts, against a cached plan's 0.02 ms,
 * before the details moved into sb.contact_details, which plans its
 * query once per session itself).
 */
enum store_stmt {
	STORE_STMT_NONE,		/* sent as text */
	STORE_STMT_DIRECTORY,
	STORE_STMT_CONTACT,
	STORE_STMT_LINKS,
	STORE_STMT_COUNT
};

/* The statement's name in the session ("sb_contact"); static storage. */
const char	*store_stmt_name(enum store_stmt stmt);

/* A read ready to send: SQL, owned text parameters, how to parse it. */
struct store_query {
	const char	*sql;
	enum store_stmt	 stmt;		/* to prepare once per session */
	int		 type;		/* STORE_ROWS_* */
	int		 limit;		/* rows asked for, for "more" */
	char		*params[STORE_QUERY_PARAMS_MAX];
	int		 nparams;
};

/* Builders fill sq (its parameters owned; release with store_query_clear). */
void		store_query_orgs(struct store_query *sq,
		    const struct store_org_query *q);
void		store_query_links(struct store_query *sq,
		    const struct store_link_query *q);
void		store_query_contact(struct store_query *sq,
		    const char *contact_id);
void		store_query_directory(struct store_query *sq,
		    const char *text, int limit);
void		store_query_emergency(struct store_query *sq,
		    const char *const *org_ids, size_t n);
void		store_query_clear(struct store_query *sq);

/* Add a text parameter (NULL for SQL NULL), or a number, to sq. */
void		store_query_param(struct store_query *sq, const char *value);
void		store_query_param_int(struct store_query *sq, long value);

/* store-org-detail.c: an organization's details. */
void		store_query_org_detail(struct store_query *sq,
		    const char *org_id);
enum sb_status	store_org_detail_parse(const PGresult *res,
		    struct store_rows *out);

/* Parse res (borrowed) as sq asked into out (caller frees). */
enum sb_status	store_query_parse(const struct store_query *sq,
		    const PGresult *res, struct store_rows *out,
		    struct sb_error *err);

/*
 * Run sql with text parameters into out, at most limit rows (0: all;
 * out->more says whether there were more). Caller frees out.
 */
enum sb_status	store_grid_run(struct db *db, const char *sql, int nparams,
		    const char *const *params, int limit,
		    struct store_grid *out, struct sb_error *err);

/* Address a as one line: its parts that are there, then the country. */
#define STORE_SQL_ADDRESS_TEXT \
    "concat_ws(', ', nullif(a.street1, ''), nullif(a.street2, '')," \
    " nullif(a.city, ''), nullif(a.region, ''), nullif(a.postal_code, '')," \
    " a.country)"

/* store_grid_run of sql with text as $1 and limit as $2. */
enum sb_status	store_grid_text(struct db *db, const char *sql,
		    const char *text, int limit, struct store_grid *out,
		    struct sb_error *err);

#endif
