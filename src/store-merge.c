/* Merging contacts: the merge and unmerge commands, the side-by-side read. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libpq-fe.h>

#include "switchboard/db-pq.h"
#include "switchboard/store.h"
#include "switchboard/store-merge.h"
#include "switchboard/util.h"

#include "store-int.h"

/* The result object of the commands, as the five cells of one row. */
#define STORE_MERGE_COLUMNS						\
    " r->>'merge_id', r->>'merged', r->>'links_moved',"		\
    " r->>'links_hidden', r->>'items_moved'"

static const char store_sql_merge[] =
    "SELECT" STORE_MERGE_COLUMNS " FROM sb.contact_merge(gen_random_uuid(),"
    " $1::uuid, $2::uuid[], jsonb_object($3::text[], $4::text[])) r";

static const char store_sql_unmerge[] =
    "SELECT" STORE_MERGE_COLUMNS " FROM sb.contact_unmerge(gen_random_uuid(),"
    " $1::uuid) r";

static const char store_sql_compare[] =
    "SELECT c.field, c.contact_id::text, coalesce(c.value, ''),"
    " to_char(c.changed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS'),"
    " CASE WHEN c.chosen THEN 'true' ELSE 'false' END"
    " FROM sb.contact_merge_compare($1::uuid[],"
    " jsonb_object($2::text[], $3::text[])) c";

const char *const *
store_merge_fields(size_t *n)
{
	static const char *const names[] = {
#define STORE_MERGE_NAME(f) #f,
		STORE_MERGE_FIELDS(STORE_MERGE_NAME)
#undef STORE_MERGE_NAME
	};

	*n = SB_ARRAY_LEN(names);
	return (names);
}

/*
 * The n strings v (at stride bytes from one to the next) as a PostgreSQL
 * text[] literal, each quoted and escaped. Caller frees.
 */
static char *
store_merge_array(const char *const *v, size_t n, size_t stride)
{
	const char	*p, *s;
	char		*out, *o;
	size_t		 i, len = 3;

	for (i = 0; i < n; i++)
		len += 2 * strlen(*(const char *const *)((const char *)v +
		    i * stride)) + 3;
	out = o = xmalloc(len);
	*o++ = '{';
	for (i = 0; i < n; i++) {
		s = *(const char *const *)((const char *)v + i * stride);
		if (i > 0)
			*o++ = ',';
		*o++ = '"';
		for (p = s; *p != '\0'; p++) {
			if (*p == '"' || *p == '\\')
				*o++ = '\\';
			*o++ = *p;
		}
		*o++ = '"';
	}
	*o++ = '}';
	*o = '\0';
	return (out);
}

/* The arrays of a merge's contacts and choices, for $2 to $4. */
static void
store_merge_arrays(const char *const *others, size_t nothers,
    const struct store_merge_prefer *prefer, size_t nprefer, char *arr[3])
{
	arr[0] = store_merge_array(others, nothers, sizeof *others);
	arr[1] = store_merge_array(nprefer > 0 ? &prefer[0].field : NULL,
	    nprefer, sizeof *prefer);
	arr[2] = store_merge_array(nprefer > 0 ? &prefer[0].contact_id :
	    NULL, nprefer, sizeof *prefer);
}

/* The row the commands return into out. */
static enum sb_status
store_merge_read(struct db *db, const char *sql, int nparams,
    const char *const *params, struct store_merge_result *out,
    struct sb_error *err)
{
	struct store_grid	g;
	enum sb_status		st;

	memset(out, 0, sizeof *out);
	st = store_grid_run(db, sql, nparams, params, 0, &g, err);
	if (st != SB_OK)
		return (st);
	if (g.rows != 1 || g.cols != 5) {
		store_grid_free(&g);
		return (sb_error_set(err, SB_INTERNAL, "the server did not "
		    "say what the merge did"));
	}
	snprintf(out->merge_id, sizeof out->merge_id, "%s",
	    store_grid_cell(&g, 0, 0));
	out->merged = atoi(store_grid_cell(&g, 0, 1));
	out->links_moved = atoi(store_grid_cell(&g, 0, 2));
	out->links_hidden = atoi(store_grid_cell(&g, 0, 3));
	out->items_moved = atoi(store_grid_cell(&g, 0, 4));
	store_grid_free(&g);
	return (SB_OK);
}

enum sb_status
store_contact_merge(struct db *db, const char *keep,
    const char *const *others, size_t nothers,
    const struct store_merge_prefer *prefer, size_t nprefer,
    struct store_merge_result *out, struct sb_error *err)
{
	char		*arr[3];
	const char	*params[4];
	enum sb_status	 st;
	size_t		 i;

	store_merge_arrays(others, nothers, prefer, nprefer, arr);
	params[0] = keep;
	params[1] = arr[0];
	params[2] = arr[1];
	params[3] = arr[2];
	st = store_merge_read(db, store_sql_merge, 4, params, out, err);
	for (i = 0; i < SB_ARRAY_LEN(arr); i++)
		free(arr[i]);
	return (st);
}

enum sb_status
store_contact_unmerge(struct db *db, const char *merge_id,
    struct store_merge_result *out, struct sb_error *err)
{
	const char	*params[1] = { merge_id };

	return (store_merge_read(db, store_sql_unmerge, 1, params, out, err));
}

enum sb_status
store_merge_compare(struct db *db, const char *const *ids, size_t n,
    struct store_grid *out, struct sb_error *err)
{
	return (store_merge_compare_prefer(db, ids, n, NULL, 0, out, err));
}

enum sb_status
store_merge_compare_prefer(struct db *db, const char *const *ids, size_t n,
    const struct store_merge_prefer *prefer, size_t nprefer,
    struct store_grid *out, struct sb_error *err)
{
	char		*arr[3];
	enum sb_status	 st;
	size_t		 i;

	store_merge_arrays(ids, n, prefer, nprefer, arr);
	st = store_grid_run(db, store_sql_compare, 3, (const char *const *)arr,
	    0, out, err);
	for (i = 0; i < SB_ARRAY_LEN(arr); i++)
		free(arr[i]);
	return (st);
}
