/* Tests of the embedded cluster against a real PostgreSQL server. */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libpq-fe.h>

#include "switchboard/cluster.h"
#include "testdb.h"

static void
test_testdb_query(void **state)
{
	struct testdb	*db;
	PGconn		*conn;
	PGresult	*res;

	(void)state;
	db = testdb_start();
	conn = testdb_connect(db, CLUSTER_SUPERUSER);
	res = PQexec(conn, "SELECT current_database()");
	assert_int_equal(PQresultStatus(res), PGRES_TUPLES_OK);
	assert_string_equal(PQgetvalue(res, 0, 0), CLUSTER_DATABASE);
	PQclear(res);
	PQfinish(conn);
	testdb_stop(db);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_testdb_query),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
