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

/*
 * A digest of every projection of the sb schema (not the event log, the
 * command log, the migrations and modules, the nicknames, reference data
 * that a migration adds, or the names filed for the close-name question,
 * which a migration fills from the contacts), to compare states; an
 * empty table counts as none, so that a table a migration adds leaves it
 * as it was. Caller frees.
 */
char	*testsql_digest(PGconn *conn);

/* text with every occurrence of id made "ID". Caller frees. */
char	*testsql_without(const char *text, const char *id);

/* Whether the error from testsql_error has SQLSTATE state. */
int	 testsql_is(const char *error, const char *state);

/* In a cmocka test: the query's value is want / it fails with state. */
#define ASSERT_SQL(conn, want, ...) do {				\
	char	*v_ = testsql_value((conn), __VA_ARGS__, NULL);		\
	if (v_ == NULL)							\
		fail_msg("no value, wanted %s", (want));		\
	assert_string_equal(v_, (want));				\
	free(v_);							\
} while (0)

#define ASSERT_SQLSTATE(conn, state, ...) do {				\
	char	*e_ = testsql_error((conn), __VA_ARGS__, NULL);		\
	if (!testsql_is(e_, (state)))					\
		fail_msg("wanted %s, got %s", (state), e_);		\
	free(e_);							\
} while (0)

#endif
