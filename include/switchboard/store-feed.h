/* The live change feed: wake-ups at commit, catch-up from a cursor. */
#ifndef SWITCHBOARD_STORE_FEED_H
#define SWITCHBOARD_STORE_FEED_H

#include <stddef.h>
#include <stdint.h>

#include "switchboard/db.h"
#include "switchboard/error.h"

/*
 * The channel every committed event notifies (sb.domain_events_notify,
 * sql/modules/events.sql).
 */
#define STORE_FEED_CHANNEL	"sb_events"
/* Most events one store_feed_fetch returns. */
#define STORE_FEED_BATCH	256

/*
 * Where a reader stands: every event at or before (xact_id, position), in
 * that order, has been delivered, and no event can appear there later.
 * Zero for the start of the log. Plain data: copy it freely.
 */
struct store_feed_cursor {
	uint64_t	xact_id;
	long long	position;
};

/* One event. Strings borrowed until the next fetch or store_feed_free. */
struct store_feed_event {
	long long	 position;
	const char	*event_type;	/* "contact.updated" */
	const char	*stream_type;	/* "contact" */
	const char	*stream_id;	/* uuid text */
};

struct store_feed;

/*
 * A reader on db (borrowed; it must outlive the feed) starting after
 * cursor (NULL: the start of the log). Caller frees with store_feed_free.
 */
struct store_feed	*store_feed_create(struct db *db,
			     const struct store_feed_cursor *cursor);

void		 store_feed_free(struct store_feed *f);

/*
 * Put the cursor at the end of the log without reading it: events already
 * settled are skipped, anything later is still delivered. For a reader
 * that has just loaded the current state; call after store_feed_listen so
 * that nothing falls between the two.
 */
enum sb_status	 store_feed_skip_to_end(struct store_feed *f,
		     struct sb_error *err);

/*
 * LISTEN on STORE_FEED_CHANNEL. Needed once; after a reconnect of db
 * (db_generation changes) store_feed_consume listens again by itself.
 */
enum sb_status	 store_feed_listen(struct store_feed *f, struct sb_error *err);

/* The socket to poll for POLLIN (db's); -1 while disconnected. */
int		 store_feed_socket(struct store_feed *f);

/*
 * Without blocking, read what the socket holds and drain notifications.
 * *woken is set when a fetch may find something: a notification came, or
 * the connection is new (missed notifications are caught up by fetching).
 * SB_UNAVAILABLE when the connection is lost (see db_reconnect_poll).
 */
enum sb_status	 store_feed_consume(struct store_feed *f, int *woken,
		     struct sb_error *err);

/*
 * The events committed since the last fetch, each exactly once, in log
 * order except that an event whose transaction committed late comes when
 * it commits. *events is borrowed until the next call; *more is set when a
 * full batch came and the caller should fetch again.
 */
enum sb_status	 store_feed_fetch(struct store_feed *f,
		     const struct store_feed_event **events, size_t *count,
		     int *more, struct sb_error *err);

/*
 * The reader's cursor, to resume from later. A feed resumed from it may
 * deliver again the few events it delivered ahead of the cursor (those of
 * transactions that committed while an older one was still running).
 */
void		 store_feed_cursor(const struct store_feed *f,
		     struct store_feed_cursor *out);

#endif
