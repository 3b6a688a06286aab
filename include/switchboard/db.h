/* Database connections: parameters, session settings, reconnects. */
#ifndef SWITCHBOARD_DB_H
#define SWITCHBOARD_DB_H

#include <stdbool.h>
#include <stddef.h>

#include "switchboard/error.h"

#define DB_PARAMS_MAX	24

/*
 * Connection parameters as libpq keyword/value pairs. Values are borrowed:
 * they must outlive db_connect. A password, if any, is passed only here
 * (never in a conninfo string, argv or the environment).
 */
struct db_params {
	const char	*keys[DB_PARAMS_MAX + 1];
	const char	*values[DB_PARAMS_MAX + 1];
	int		 count;
};

/*
 * A connection, opaque: this header keeps libpq out of its includers (the
 * UI among them). The data layer reaches the libpq connection through
 * switchboard/db-pq.h.
 */
struct db;

/* Set key to value (replacing an earlier value for key); value borrowed. */
void		 db_params_set(struct db_params *p, const char *key,
		     const char *value);

/*
 * The session settings db_connect makes, as a libpq "options" value. A
 * caller whose server takes startup options (the embedded cluster; not
 * every pooler does) sets "options" to exactly this string, and the
 * settings travel in the startup packet instead of a round trip.
 */
#define DB_SESSION_OPTIONS \
	"-c search_path=sb,pg_catalog -c statement_timeout=30s" \
	" -c idle_in_transaction_session_timeout=60s -c lock_timeout=10s"

/*
 * Connect, install a notice collector (nothing is written to the
 * terminal), and set the session up: search_path, statement and
 * idle-in-transaction timeouts, application_name (see DB_SESSION_OPTIONS).
 * Unset parameters come from the standard PG* environment and service
 * files, as with any libpq program. Caller frees with db_free.
 */
enum sb_status	 db_connect(const struct db_params *p, struct db **out,
		     struct sb_error *err);

/*
 * Another connection to where db is connected, as the same login with
 * the same parameters (its password wiped from the copy libpq gives),
 * set up as db_connect sets one up. Caller frees with db_free.
 */
enum sb_status	 db_connect_like(struct db *db, struct db **out,
		     struct sb_error *err);

void		 db_free(struct db *db);

/*
 * The collation the person asked for, a BCP 47 tag (switchboard/collate.h;
 * copied), that the store sorts names by; NULL, the default, keeps
 * sb.fold's order under "C". The store looks the server's collation for
 * it up once per connection (store_collate_sql).
 */
void		 db_set_collation(struct db *db, const char *tag);

/* The last notice the server sent (sanitize before drawing); "" if none. */
const char	*db_last_notice(const struct db *db);
/*
 * The server's own words ("new row violates row-level security policy
 * ..."), SQLSTATE and hint of the last error that reached the caller as
 * a sentence instead, into buf, for a details view; false when none.
 */
bool		 db_error_details(char *buf, size_t size);

/*
 * The role the connection logs in as and its database, as libpq reports
 * them (server text: sanitize before drawing); "" if unknown. Borrowed
 * until db_free; a reconnect keeps them.
 */
const char	*db_user(const struct db *db);
const char	*db_name(const struct db *db);

/* Where a test may break the connection (see db_set_fault_hook). */
enum db_fault_point {
	DB_FAULT_BEFORE_COMMIT,		/* the transaction's work is done */
	DB_FAULT_COMMIT_SENT		/* COMMIT sent, reply not yet read */
};

/*
 * Tests only: call hook(db, point, arg) at each fault point, where it may
 * break the connection for real. NULL removes it. The program never sets
 * one.
 */
void		 db_set_fault_hook(struct db *db,
		     void (*hook)(struct db *, enum db_fault_point, void *),
		     void *arg);

/* Whether the connection is lost (a reset may bring it back). */
int		 db_is_broken(struct db *db);

/*
 * Reconnect with the same parameters and set the session up again. Any
 * transaction the old session had open is gone (the server rolls it back
 * unless its COMMIT had already arrived).
 */
enum sb_status	 db_reset(struct db *db, struct sb_error *err);

/*
 * Commit the open transaction. A failure with the connection lost
 * (db_is_broken) leaves unknown whether the server committed.
 */
enum sb_status	 db_commit(struct db *db, struct sb_error *err);

/* The status a SQLSTATE stands for (SB_INTERNAL for unknown codes). */
enum sb_status	 db_status_from_sqlstate(const char *sqlstate);

/*
 * The sentence a person reads for an error the server raised with
 * sqlstate, and its hint (what to do), into *message and *hint (static
 * storage; both NULL when the error is said where it happens: a lost
 * connection, a refused login). False when neither the code nor its
 * class has one and the catch-all for unexpected errors stands in.
 */
bool		 db_sentence_for(const char *sqlstate, const char **message,
		     const char **hint);

/*
 * Losing the server. A failed statement whose connection broke (class 08,
 * or 57P01-57P03: the server shut down) marks the connection lost; the
 * statement returns SB_UNAVAILABLE. Nothing reconnects behind the caller's
 * back: a statement that failed may or may not have committed, so
 * commands are retried with the same id (sb.append_event ignores an event
 * id it already holds) and nothing is applied twice.
 */
enum db_state {
	DB_STATE_OK,		/* connected and set up */
	DB_STATE_CONNECTING,	/* an attempt is under way */
	DB_STATE_WAITING	/* lost, or an attempt failed: backing off */
};

/* What to wait for before the next db_reconnect_poll. */
struct db_wait {
	int	fd;		/* socket to poll, or -1 */
	short	events;		/* POLLIN or POLLOUT for fd */
	int	timeout_ms;	/* call again after this long at most */
};

/* Whether the connection is lost (a reconnect is needed). */
int		 db_is_lost(struct db *db);

/*
 * Advance a reconnect without blocking, for the UI loop: call it while
 * the connection is lost, then poll() as w says and call it again. The
 * first attempt starts at once; failed ones back off from 100 ms to 5 s.
 * Multi-host parameters are tried again in order. On DB_STATE_WAITING
 * after a failed attempt, err says why (for the status line).
 */
enum db_state	 db_reconnect_poll(struct db *db, struct db_wait *w,
		     struct sb_error *err);

/*
 * Blocking convenience for the command line: reconnect within timeout_ms.
 * SB_OK, or SB_UNAVAILABLE with the last failure in err.
 */
enum sb_status	 db_reconnect(struct db *db, int timeout_ms,
		     struct sb_error *err);

/*
 * Counts successful connections: it changes after each reconnect, so a
 * listener knows to LISTEN again and catch up.
 */
unsigned int	 db_generation(const struct db *db);

/* The socket to poll for notifications and results; -1 if none. */
int		 db_socket(struct db *db);

#endif
