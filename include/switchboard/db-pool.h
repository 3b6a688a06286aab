/* A writer on the primary and, when configured, a reader on a standby. */
#ifndef SWITCHBOARD_DB_POOL_H
#define SWITCHBOARD_DB_POOL_H

#include "switchboard/db.h"
#include "switchboard/error.h"

#define DB_POOL_STATUS_MAX	256

struct db_pool;

/*
 * Connect the writer with target_session_attrs=read-write (unless p sets
 * it), so a multi-host "host=a,b" reaches the primary whichever order the
 * hosts are listed. With read_standby, connect a second, read-only
 * connection with target_session_attrs=prefer-standby for lookups; when no
 * standby answers, reads use the writer and db_pool_status says so. Only
 * a failing writer fails the call. Caller frees with db_pool_free.
 */
enum sb_status	 db_pool_open(const struct db_params *p, int read_standby,
		     struct db_pool **out, struct sb_error *err);

void		 db_pool_free(struct db_pool *pool);

/* The connection for changes: always the primary. Borrowed. */
struct db	*db_pool_writer(struct db_pool *pool);

/* The connection for lookups: the standby's, or the writer. Borrowed. */
struct db	*db_pool_reader(struct db_pool *pool);

/* Whether lookups go to a standby (a server in recovery). */
int		 db_pool_reads_standby(const struct db_pool *pool);

/*
 * One line for the status bar: where reads go, and why they fell back to
 * the primary (server text: sanitize before drawing). Borrowed.
 */
const char	*db_pool_status(const struct db_pool *pool);

#endif
