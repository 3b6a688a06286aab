/* Names sorted by the person's collation: an ICU one found on the server. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <libpq-fe.h>

#include "switchboard/collate.h"
#include "switchboard/db-pq.h"
#include "switchboard/util.h"

#include "store-int.h"

/*
 * The ICU collation for the tag $1: the tag itself ("sv-SE-x-icu"), its
 * language ("sv-x-icu"), else the root order ("und-x-icu"); none when the
 * server was built without ICU. Collation names ignore case here, as
 * BCP 47 tags do.
 */
static const char store_sql_collation[] =
    "SELECT c.collname FROM pg_catalog.pg_collation c,"
    " LATERAL (SELECT ARRAY[lower($1 || '-x-icu'),"
    "  lower(split_part($1, '-', 1) || '-x-icu'), 'und-x-icu'] AS names) w"
    " WHERE c.collprovider = 'i'"
    " AND c.collnamespace = 'pg_catalog'::pg_catalog.regnamespace"
    " AND c.collencoding IN (-1, pg_catalog.pg_char_to_encoding("
    "  pg_catalog.getdatabaseencoding()))"
    " AND lower(c.collname) = ANY (w.names)"
    " ORDER BY pg_catalog.array_position(w.names, lower(c.collname))"
    " LIMIT 1";

/*
 * The session's collation as SQL (pg_catalog."sv-SE-x-icu"), "" for the
 * folded "C" order: looked up once per connection. A lookup that fails
 * (the connection went) is not kept, and the folded order serves.
 */
static const char *
store_collate_find(struct db *db)
{
	const char	*tag = db_collation_tag(db), *name, *params[1];
	PGresult	*res;
	struct sb_error	 ignored;
	char		*ident, *sql;

	if (db_collation_found(db) != NULL)
		return db_collation_found(db);
	if (tag == NULL || !collate_tag_valid(tag)) {
		db_collation_keep(db, "");
		return "";
	}
	params[0] = tag;
	if (db_exec(db, store_sql_collation, 1, params, &res, &ignored) !=
	    SB_OK)
		return "";
	name = PQntuples(res) == 1 ? PQgetvalue(res, 0, 0) : NULL;
	/* Into SQL text only quoted: the name comes from the server. */
	ident = name != NULL ? PQescapeIdentifier(db_conn(db), name,
	    strlen(name)) : NULL;
	sql = ident != NULL ? xasprintf("pg_catalog.%s", ident) : NULL;
	db_collation_keep(db, sql != NULL ? sql : "");
	PQfreemem(ident);
	free(sql);
	PQclear(res);
	return db_collation_found(db);
}

char *
store_collate_sql(struct db *db, const char *sql)
{
	const char	*coll = NULL, *p = sql, *open, *close;
	char		*out = xstrdup(""), *next;

	while ((open = strchr(p, STORE_KEY_OPEN)) != NULL &&
	    (close = strchr(open, STORE_KEY_CLOSE)) != NULL) {
		if (coll == NULL)
			coll = store_collate_find(db);
		if (*coll != '\0')
			next = xasprintf("%s%.*s(%.*s) COLLATE %s", out,
			    (int)(open - p), p, (int)(close - open - 1),
			    open + 1, coll);
		else
			next = xasprintf("%s%.*ssb.fold(%.*s) COLLATE \"C\"",
			    out, (int)(open - p), p,
			    (int)(close - open - 1), open + 1);
		free(out);
		out = next;
		p = close + 1;
	}
	next = xasprintf("%s%s", out, p);
	free(out);
	return next;
}
