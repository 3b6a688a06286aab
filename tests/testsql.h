/* Test support: SQL helpers that fail the running test loudly. */
#ifndef SWITCHBOARD_TESTSQL_H
#define SWITCHBOARD_TESTSQL_H

#include <libpq-fe.h>

/* A parameter that stands for SQL NULL (NULL itself ends the list). */
extern const char	 testsql_null[];
#define TESTSQL_NULL	 testsql_null

/* Most parameters a query of these helpers takes. */
#define TESTSQL_MAX_PARAMS	8

/*
 * Run sql with text parameters (a NULL-terminated list) and return the
 * first column of the first row, or NULL if there is no row or it is NULL.
 * Fails the test when the query fails. Caller frees.
 */
char	*testsql_value(PGconn *conn, const char *sql, ...)
	    __attribute__((sentinel));

/* Run statements without parameters; fails the test on error. */
void	 testsql_exec(PGconn *conn, const char *sql);

/*
 * Run sql, which must fail; returns "SQLSTATE message" for the test to
 * inspect. Caller frees.
 */
char	*testsql_error(PGconn *conn, const char *sql, ...)
	    __attribute__((sentinel));

/* Whether the error from testsql_error has SQLSTATE state. */
int	 testsql_is(const char *error, const char *state);

#endif
