/* Loading generated events: COPY into the log, then project set-based. */
#include "config.h"

#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>

#include "switchboard/bulk.h"
#include "switchboard/db.h"

struct bulk_copy {
	PGconn	*conn;
};

static int
bulk_load_put(void *arg, const char *buf, size_t n)
{
	struct bulk_copy	*c = arg;

	return PQputCopyData(c->conn, buf, (int)n) == 1 ? 0 : 1;
}

/* Statements without parameters, in order; stops at the first failure. */
static enum sb_status
bulk_load_exec(struct db *db, const char *const *sql, struct sb_error *err)
{
	enum sb_status	status = SB_OK;

	for (; *sql != NULL && status == SB_OK; sql++)
		status = db_exec(db, *sql, 0, NULL, NULL, err);
	return status;
}

/* COPY the generated lines; the per-row triggers are off meanwhile. */
static enum sb_status
bulk_load_copy(struct db *db, const struct bulk_spec *spec,
    struct bulk_counts *counts, struct sb_error *err)
{
	PGconn			*conn = db_conn(db);
	struct bulk_copy	 c = { conn };
	PGresult		*res;
	enum sb_status		 status;
	int			 stopped;

	res = PQexec(conn, "COPY sb.domain_events (" BULK_COPY_COLUMNS
	    ") FROM STDIN");
	if (PQresultStatus(res) != PGRES_COPY_IN) {
		status = db_error_from_result(conn, res, err);
		PQclear(res);
		return status;
	}
	PQclear(res);
	stopped = bulk_generate(spec, bulk_load_put, &c, counts);
	if (PQputCopyEnd(conn, stopped ? "generator stopped" : NULL) != 1)
		return db_error_from_result(conn, NULL, err);
	status = SB_OK;
	while ((res = PQgetResult(conn)) != NULL) {
		if (PQresultStatus(res) != PGRES_COMMAND_OK &&
		    status == SB_OK)
			status = db_error_from_result(conn, res, err);
		PQclear(res);
	}
	return status;
}

enum sb_status
bulk_load(struct db *admin, const struct bulk_spec *spec,
    struct bulk_counts *counts, struct sb_error *err)
{
	static const char *const begin[] = {
		"BEGIN",
		"SET LOCAL statement_timeout = 0",
		"SET LOCAL session_replication_role = replica",
		"CREATE TEMP TABLE bulk_range ON COMMIT DROP AS SELECT "
		    "coalesce(max(position), 0) + 1 AS lo FROM sb.domain_events",
		NULL
	};
	static const char *const finish[] = {
		"SET LOCAL session_replication_role = origin",
		"SELECT sb.bulk_project(lo, (SELECT max(position) FROM "
		    "sb.domain_events)) FROM bulk_range",
		"COMMIT",
		NULL
	};
	enum sb_status	status;

	status = bulk_load_exec(admin, begin, err);
	if (status == SB_OK)
		status = bulk_load_copy(admin, spec, counts, err);
	if (status == SB_OK)
		status = bulk_load_exec(admin, finish, err);
	if (status != SB_OK)
		db_exec(admin, "ROLLBACK", 0, NULL, NULL, NULL);
	return status;
}
