/* Private to the store reads: a built query, shared by sync and async. */
#ifndef SWITCHBOARD_STORE_INT_H
#define SWITCHBOARD_STORE_INT_H

#include <libpq-fe.h>

#include "switchboard/store.h"

#define STORE_QUERY_PARAMS_MAX	8
/* The prepared statement name of the directory search, per connection. */
#define STORE_STMT_DIRECTORY	"sb_directory"

/* A read ready to send: SQL, owned text parameters, how to parse it. */
struct store_query {
	const char	*sql;
	const char	*name;		/* to prepare once per session, or NULL */
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

/* Parse res (borrowed) as sq asked into out (caller frees). */
enum sb_status	store_query_parse(const struct store_query *sq,
		    const PGresult *res, struct store_rows *out,
		    struct sb_error *err);

#endif
