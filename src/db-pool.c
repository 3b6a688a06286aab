/* A writer on the primary and, when configured, a reader on a standby. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "switchboard/db-pool.h"
#include "switchboard/db-pq.h"
#include "switchboard/util.h"

struct db_pool {
	struct db	*writer;
	struct db	*reader;	/* NULL: reads use the writer */
	int		 standby;	/* reader is in recovery */
	char		 status[DB_POOL_STATUS_MAX];
};

/* Set key=value unless p (or the environment variable env) sets key. */
static void
db_pool_default(struct db_params *p, const char *key, const char *value,
    const char *env)
{
	int	i;

	if (getenv(env) != NULL)
		return;
	for (i = 0; i < p->count; i++) {
		if (strcmp(p->keys[i], key) == 0)
			return;
	}
	db_params_set(p, key, value);
}

/* Is the server of db in recovery (a standby)? -1 if it cannot tell. */
static int
db_pool_in_recovery(struct db *db)
{
	PGresult	*res;
	int		 r;

	if (db_exec(db, "SELECT pg_is_in_recovery()", 0, NULL, &res,
	    NULL) != SB_OK)
		return -1;
	r = PQntuples(res) == 1 && PQgetvalue(res, 0, 0)[0] == 't';
	PQclear(res);
	return r;
}

/* Open the read connection; on failure say so and read from the writer. */
static void
db_pool_open_reader(struct db_pool *pool, const struct db_params *p)
{
	struct db_params	rp;
	struct sb_error		err;

	rp = *p;
	db_pool_default(&rp, "target_session_attrs", "prefer-standby",
	    "PGTARGETSESSIONATTRS");
	/* Lookups only: the server refuses a write by mistake. */
	db_pool_default(&rp, "options", "-c default_transaction_read_only=on",
	    "PGOPTIONS");
	sb_error_clear(&err);
	if (db_connect(&rp, &pool->reader, &err) != SB_OK) {
		/* The reason comes last: a long one is cut, not the rest. */
		snprintf(pool->status, sizeof pool->status, "standby "
		    "unreachable, reading from the primary: %.*s",
		    (int)(sizeof pool->status - 64), err.message);
		return;
	}
	pool->standby = db_pool_in_recovery(pool->reader) == 1;
	if (pool->standby)
		snprintf(pool->status, sizeof pool->status,
		    "reading from a standby");
	else
		snprintf(pool->status, sizeof pool->status,
		    "no standby answered: reading from the primary");
}

enum sb_status
db_pool_open(const struct db_params *p, int read_standby,
    struct db_pool **out, struct sb_error *err)
{
	struct db_pool		*pool;
	struct db_params	 wp;
	enum sb_status		 st;

	*out = NULL;
	pool = xcalloc(1, sizeof *pool);
	wp = *p;
	db_pool_default(&wp, "target_session_attrs", "read-write",
	    "PGTARGETSESSIONATTRS");
	if ((st = db_connect(&wp, &pool->writer, err)) != SB_OK) {
		free(pool);
		return st;
	}
	snprintf(pool->status, sizeof pool->status, "reading from the primary");
	if (read_standby)
		db_pool_open_reader(pool, p);
	*out = pool;
	return SB_OK;
}

void
db_pool_free(struct db_pool *pool)
{
	if (pool == NULL)
		return;
	db_free(pool->reader);
	db_free(pool->writer);
	free(pool);
}

struct db *
db_pool_writer(struct db_pool *pool)
{
	return pool->writer;
}

struct db *
db_pool_reader(struct db_pool *pool)
{
	return pool->reader != NULL ? pool->reader : pool->writer;
}

int
db_pool_reads_standby(const struct db_pool *pool)
{
	return pool->standby;
}

const char *
db_pool_status(const struct db_pool *pool)
{
	return pool->status;
}
