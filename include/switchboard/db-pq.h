/* The libpq side of a db connection, for the data layer only. */
#ifndef SWITCHBOARD_DB_PQ_H
#define SWITCHBOARD_DB_PQ_H

#include <libpq-fe.h>

#include "switchboard/db.h"
#include "switchboard/error.h"

/* The underlying connection, for store code. Borrowed. */
PGconn		*db_conn(struct db *db);

/* The tag db_set_collation asked for, or NULL. Borrowed. */
const char	*db_collation_tag(const struct db *db);

/*
 * What the store found for that tag in this session (its SQL), or NULL
 * before it looked, and again after a reconnect. Borrowed until the next
 * db_collation_keep or db_set_collation.
 */
const char	*db_collation_found(const struct db *db);
void		 db_collation_keep(struct db *db, const char *sql);

/*
 * Run one parameterized statement. On success *out holds the result
 * (caller clears it; out may be NULL to discard it). On failure err says
 * why, with the SQLSTATE mapped to a status.
 */
enum sb_status	 db_exec(struct db *db, const char *sql, int nparams,
		     const char *const *params, PGresult **out,
		     struct sb_error *err);

/*
 * db_exec in two: send the statement, and, later, wait for its answer
 * (on the same terms as db_exec's). Nothing else may be sent between.
 */
enum sb_status	 db_send(struct db *db, const char *sql, int nparams,
		     const char *const *params, struct sb_error *err);
enum sb_status	 db_receive(struct db *db, PGresult **out,
		     struct sb_error *err);

/*
 * Fill err from a failed result (or, with res NULL, from the connection)
 * and return the status it maps to.
 */
enum sb_status	 db_error_from_result(PGconn *conn, const PGresult *res,
		     struct sb_error *err);

#endif
