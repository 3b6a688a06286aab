/* Test support: SQL helpers that fail the running test loudly. */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libpq-fe.h>

#include "switchboard/util.h"
#include "testsql.h"

const char	 testsql_null[] = "(null)";

static PGresult *
testsql_run(PGconn *conn, const char *sql, va_list ap)
{
	const char	*params[TESTSQL_MAX_PARAMS];
	const char	*p;
	int		 n = 0;

	while ((p = va_arg(ap, const char *)) != NULL) {
		assert_true(n < TESTSQL_MAX_PARAMS);
		params[n++] = p == testsql_null ? NULL : p;
	}
	return PQexecParams(conn, sql, n, NULL, params, NULL, NULL, 0);
}

static int
testsql_failed(PGresult *res)
{
	return PQresultStatus(res) != PGRES_TUPLES_OK &&
	    PQresultStatus(res) != PGRES_COMMAND_OK;
}

char *
testsql_value(PGconn *conn, const char *sql, ...)
{
	PGresult	*res;
	va_list		 ap;
	char		*value = NULL;

	va_start(ap, sql);
	res = testsql_run(conn, sql, ap);
	va_end(ap);
	if (testsql_failed(res))
		fail_msg("query failed: %s\n%s", PQresultErrorMessage(res),
		    sql);
	if (PQntuples(res) > 0 && !PQgetisnull(res, 0, 0))
		value = xstrdup(PQgetvalue(res, 0, 0));
	PQclear(res);
	return value;
}

void
testsql_exec(PGconn *conn, const char *sql)
{
	PGresult	*res;

	res = PQexec(conn, sql);
	if (testsql_failed(res))
		fail_msg("statement failed: %s\n%s",
		    PQresultErrorMessage(res), sql);
	PQclear(res);
}

char *
testsql_error(PGconn *conn, const char *sql, ...)
{
	PGresult	*res;
	va_list		 ap;
	const char	*state, *msg;
	char		*error;

	va_start(ap, sql);
	res = testsql_run(conn, sql, ap);
	va_end(ap);
	if (!testsql_failed(res))
		fail_msg("query should have failed:\n%s", sql);
	state = PQresultErrorField(res, PG_DIAG_SQLSTATE);
	msg = PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY);
	error = xasprintf("%s %s", state != NULL ? state : "?????",
	    msg != NULL ? msg : "");
	PQclear(res);
	return error;
}

char *
testsql_without(const char *text, const char *id)
{
	char		*out = xstrdup(text), *p;
	size_t		 n = strlen(id);

	while ((p = strstr(out, id)) != NULL) {
		memcpy(p, "ID", 2);
		memmove(p + 2, p + n, strlen(p + n) + 1);
	}
	return out;
}

int
testsql_is(const char *error, const char *state)
{
	return strncmp(error, state, 5) == 0 && error[5] == ' ';
}

char *
testsql_digest(PGconn *conn)
{
	testsql_exec(conn,
	    "CREATE OR REPLACE FUNCTION pg_temp.digest() RETURNS text"
	    " LANGUAGE plpgsql AS $$ DECLARE t text; d text; acc text := '';"
	    " BEGIN FOR t IN SELECT c.relname FROM pg_class c"
	    "  JOIN pg_namespace n ON n.oid = c.relnamespace"
	    "  WHERE n.nspname = 'sb' AND c.relkind = 'r' AND c.relname NOT IN"
	    "  ('domain_events', 'schema_migrations', 'schema_modules',"
	    "  'command_log', 'name_nicknames', 'name_pairs', 'name_variants')"
	    "  ORDER BY 1"
	    " LOOP"
	    "  EXECUTE format('SELECT md5(coalesce(string_agg(j, chr(44)"
	    "   ORDER BY j), chr(32))) FROM (SELECT"
	    "   jsonb_strip_nulls(to_jsonb(x))::text AS j FROM sb.%I x) y',"
	    "   t) INTO d;"
	    "  IF d <> md5(chr(32)) THEN acc := acc || t || '=' || d || ';';"
	    "  END IF;"
	    " END LOOP; RETURN md5(acc); END $$");
	return testsql_value(conn, "SELECT pg_temp.digest()", NULL);
}
