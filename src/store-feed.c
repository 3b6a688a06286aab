/* The live change feed: wake-ups at commit, catch-up from a cursor. */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libpq-fe.h>

#include "switchboard/db-pq.h"
#include "switchboard/store-feed.h"
#include "switchboard/util.h"

/*
 * Exactly once, although positions may commit out of order (see
 * sb.domain_events in sql/045-baseline.sql). Events are read in (xact_id, position) order.
 * Those whose transaction id is below the snapshot's xmin are settled: every
 * transaction that could still add an event has a larger id, so the cursor
 * moves over them. The others are committed too (the query sees them) but
 * an older transaction is still running; they are delivered at once and
 * their positions remembered in "ahead", so that when they become settled
 * they are passed over rather than delivered again. ahead stays small: it
 * holds only events committed while an older writer was still open.
 */
#define STORE_FEED_STR(x)	STORE_FEED_STR2(x)
#define STORE_FEED_STR2(x)	#x

static const char store_feed_sql[] =
    "SELECT position, xact_id::text, event_type, stream_type,"
    " stream_id::text, xact_id < pg_snapshot_xmin(pg_current_snapshot())"
    " FROM sb.domain_events"
    " WHERE (xact_id, position) > ($1::xid8, $2::bigint)"
    " ORDER BY xact_id, position LIMIT " STORE_FEED_STR(STORE_FEED_BATCH);

struct store_feed {
	struct db			*db;
	struct store_feed_cursor	 cursor;
	unsigned int			 listened;	/* db generation */
	long long			*ahead;		/* delivered early */
	size_t				 nahead, aheadsize;
	PGresult			*res;		/* backs events */
	struct store_feed_event		 events[STORE_FEED_BATCH];
};

struct store_feed *
store_feed_create(struct db *db, const struct store_feed_cursor *cursor)
{
	struct store_feed	*f;

	f = xcalloc(1, sizeof *f);
	f->db = db;
	if (cursor != NULL)
		f->cursor = *cursor;
	return f;
}

enum sb_status
store_feed_skip_to_end(struct store_feed *f, struct sb_error *err)
{
	PGresult	*res;
	enum sb_status	 st;

	/*
	 * Every event of a transaction below xmin is settled; (xmin, -1)
	 * sorts after all of them and before every event still to come.
	 */
	st = db_exec(f->db, "SELECT pg_snapshot_xmin(pg_current_snapshot())"
	    "::text", 0, NULL, &res, err);
	if (st != SB_OK)
		return st;
	f->cursor.xact_id = strtoull(PQgetvalue(res, 0, 0), NULL, 10);
	f->cursor.position = -1;
	f->nahead = 0;
	PQclear(res);
	return SB_OK;
}

void
store_feed_free(struct store_feed *f)
{
	if (f == NULL)
		return;
	PQclear(f->res);
	free(f->ahead);
	free(f);
}

enum sb_status
store_feed_listen(struct store_feed *f, struct sb_error *err)
{
	enum sb_status	st;

	/* The channel is a constant: LISTEN takes no parameters. */
	st = db_exec(f->db, "LISTEN " STORE_FEED_CHANNEL, 0, NULL, NULL, err);
	if (st == SB_OK)
		f->listened = db_generation(f->db);
	return st;
}

int
store_feed_socket(struct store_feed *f)
{
	if (db_is_lost(f->db))
		return -1;
	return db_socket(f->db);
}

enum sb_status
store_feed_consume(struct store_feed *f, int *woken, struct sb_error *err)
{
	PGconn		*conn = db_conn(f->db);
	PGnotify	*n;
	enum sb_status	 st;

	*woken = 0;
	if (db_is_lost(f->db))
		return sb_error_set(err, SB_UNAVAILABLE, "the connection to "
		    "the server is lost");
	if (f->listened != db_generation(f->db)) {
		/* New connection: listen again, catch up what was missed. */
		if ((st = store_feed_listen(f, err)) != SB_OK)
			return st;
		*woken = 1;
	}
	if (!PQconsumeInput(conn)) {
		db_is_lost(f->db);
		return db_error_from_result(conn, NULL, err);
	}
	while ((n = PQnotifies(conn)) != NULL) {
		if (strcmp(n->relname, STORE_FEED_CHANNEL) == 0)
			*woken = 1;
		PQfreemem(n);
	}
	return SB_OK;
}

/* Was position delivered early? If so, forget it: it is settled now. */
static int
store_feed_take_ahead(struct store_feed *f, long long position)
{
	size_t	i;

	for (i = 0; i < f->nahead; i++) {
		if (f->ahead[i] == position) {
			f->ahead[i] = f->ahead[--f->nahead];
			return 1;
		}
	}
	return 0;
}

static int
store_feed_is_ahead(const struct store_feed *f, long long position)
{
	size_t	i;

	for (i = 0; i < f->nahead; i++) {
		if (f->ahead[i] == position)
			return 1;
	}
	return 0;
}

static void
store_feed_add_ahead(struct store_feed *f, long long position)
{
	if (f->nahead == f->aheadsize) {
		f->aheadsize = f->aheadsize == 0 ? 16 : 2 * f->aheadsize;
		f->ahead = xreallocarray(f->ahead, f->aheadsize,
		    sizeof *f->ahead);
	}
	f->ahead[f->nahead++] = position;
}

/* Decide about row i: deliver it or not, and move the cursor. */
static int
store_feed_row(struct store_feed *f, const PGresult *res, int i)
{
	long long	position = strtoll(PQgetvalue(res, i, 0), NULL, 10);
	int		settled = PQgetvalue(res, i, 5)[0] == 't';

	if (settled) {
		f->cursor.xact_id = strtoull(PQgetvalue(res, i, 1), NULL, 10);
		f->cursor.position = position;
		return !store_feed_take_ahead(f, position);
	}
	if (store_feed_is_ahead(f, position))
		return 0;
	store_feed_add_ahead(f, position);
	return 1;
}

enum sb_status
store_feed_fetch(struct store_feed *f, const struct store_feed_event **events,
    size_t *count, int *more, struct sb_error *err)
{
	struct store_feed_event	*e;
	struct store_feed_cursor before = f->cursor;
	const char		*params[2];
	char			 xact[32], position[32];
	enum sb_status		 st;
	int			 i, rows;

	*events = f->events;
	*count = 0;
	*more = 0;
	PQclear(f->res);
	f->res = NULL;
	snprintf(xact, sizeof xact, "%" PRIu64, f->cursor.xact_id);
	snprintf(position, sizeof position, "%lld", f->cursor.position);
	params[0] = xact;
	params[1] = position;
	st = db_exec(f->db, store_feed_sql, 2, params, &f->res, err);
	if (st != SB_OK)
		return st;
	rows = PQntuples(f->res);
	for (i = 0; i < rows; i++) {
		if (!store_feed_row(f, f->res, i))
			continue;
		e = &f->events[(*count)++];
		e->position = strtoll(PQgetvalue(f->res, i, 0), NULL, 10);
		e->event_type = PQgetvalue(f->res, i, 2);
		e->stream_type = PQgetvalue(f->res, i, 3);
		e->stream_id = PQgetvalue(f->res, i, 4);
	}
	/* A full batch of early events alone waits until they settle. */
	*more = rows == STORE_FEED_BATCH &&
	    f->cursor.position != before.position;
	return SB_OK;
}

void
store_feed_cursor(const struct store_feed *f, struct store_feed_cursor *out)
{
	*out = f->cursor;
}
