/* The embedded cluster's one database, created by its superuser. */
#include "config.h"

#include <libpq-fe.h>

#include "switchboard/cluster.h"

/* Discard server notices: nothing may write to the terminal. */
static void
cluster_notice(void *arg, const char *message)
{
	(void)arg;
	(void)message;
}

enum sb_status
cluster_db_ensure(const char *rundir, const char *datadir, const char *logfile,
    struct sb_error *err)
{
	const char	*keys[] = { "host", "port", "dbname", "user", NULL };
	const char	*values[] = { rundir, CLUSTER_PORT_TEXT, "postgres",
			    CLUSTER_SUPERUSER, NULL };
	const char	*params[] = { CLUSTER_DATABASE };
	PGconn		*conn;
	PGresult	*res = NULL;
	enum sb_status	 st = SB_UNAVAILABLE;

	conn = PQconnectdbParams(keys, values, 0);
	if (conn == NULL || PQstatus(conn) != CONNECTION_OK)
		goto out;
	PQsetNoticeProcessor(conn, cluster_notice, NULL);
	res = PQexecParams(conn, "SELECT 1 FROM pg_database WHERE datname = $1",
	    1, NULL, params, NULL, NULL, 0);
	if (PQresultStatus(res) != PGRES_TUPLES_OK)
		goto out;
	if (PQntuples(res) == 0) {
		PQclear(res);
		/* Cannot take parameters; the name is a constant. */
		res = PQexecParams(conn, "CREATE DATABASE " CLUSTER_DATABASE,
		    0, NULL, NULL, NULL, NULL, 0);
		if (PQresultStatus(res) != PGRES_COMMAND_OK)
			goto out;
	}
	st = SB_OK;
out:
	if (st != SB_OK) {
		sb_error_set(err, st, "cannot create the database %s in %s: %s",
		    CLUSTER_DATABASE, datadir, conn == NULL ?
		    "out of memory" : PQerrorMessage(conn));
		sb_error_hint(err, "see %s", logfile);
	}
	PQclear(res);
	PQfinish(conn);
	return st;
}
