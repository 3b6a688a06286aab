/* Loading generated events: COPY into the log, then project set-based. */
#include "config.h"

#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "switchboard/bulk.h"
#include "switchboard/db-pq.h"

struct bulk_copy {
	PGconn	*conn;
};

static int
bulk_load_put(void *arg, const char *buf, size_t n)
{
	struct bulk_copy	*c = arg;

	return PQputCopyData(c->conn, buf, (int)n) == 1 ? 0 : 1;
}

/*
 * Projecting millions of rows into tables with their secondary indexes in
 * place (trigram GIN above all) took longer than building those indexes
 * afterwards: within the load's transaction, drop every index of the
 * projections that backs no constraint (ON CONFLICT needs those), project,
 * then build them again from their saved definitions.
 */
#define BULK_LOAD_SAVE_INDEXES \
	"CREATE TEMP TABLE bulk_indexes ON COMMIT DROP AS" \
	" SELECT i.indexrelid::regclass::text AS name," \
	" pg_get_indexdef(i.indexrelid) AS def" \
	" FROM pg_index i JOIN pg_class t ON t.oid = i.indrelid" \
	" WHERE t.relnamespace = 'sb'::regnamespace" \
	" AND t.relname <> 'domain_events' AND t.relkind = 'r'" \
	" AND NOT EXISTS (SELECT 1 FROM pg_constraint c" \
	"  WHERE c.conindid = i.indexrelid)"
#define BULK_LOAD_DROP_INDEXES \
	"DO $$DECLARE r record; BEGIN" \
	" FOR r IN SELECT name FROM bulk_indexes LOOP" \
	"  EXECUTE 'DROP INDEX ' || r.name; END LOOP; END$$"
#define BULK_LOAD_CREATE_INDEXES \
	"DO $$DECLARE r record; BEGIN" \
	" FOR r IN SELECT def FROM bulk_indexes LOOP" \
	"  EXECUTE r.def; END LOOP; END$$"

/*
 * The COPY maintained the log's unique keys row by row: two btrees over
 * random uuids, 8.5M inserts each at 1M contacts (the copy took 6-7
 * minutes). Within the load's transaction the log's unique constraints
 * and plain indexes (not its primary key, an ascending identity) are
 * saved and dropped before the COPY and built again after it, each from
 * one sort; a duplicate still fails the load then.
 */
#define BULK_LOAD_SAVE_LOG_KEYS \
	"CREATE TEMP TABLE bulk_log_keys ON COMMIT DROP AS" \
	" SELECT c.conname::text AS name," \
	" 'ALTER TABLE sb.domain_events ADD CONSTRAINT ' ||" \
	" quote_ident(c.conname) || ' ' || pg_get_constraintdef(c.oid) AS def," \
	" 'ALTER TABLE sb.domain_events DROP CONSTRAINT ' ||" \
	" quote_ident(c.conname) AS undo" \
	" FROM pg_constraint c" \
	" WHERE c.conrelid = 'sb.domain_events'::regclass AND c.contype = 'u'" \
	" UNION ALL" \
	" SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid)," \
	" 'DROP INDEX ' || i.indexrelid::regclass::text" \
	" FROM pg_index i WHERE i.indrelid = 'sb.domain_events'::regclass" \
	" AND NOT EXISTS (SELECT 1 FROM pg_constraint c" \
	"  WHERE c.conindid = i.indexrelid)"
#define BULK_LOAD_DROP_LOG_KEYS \
	"DO $$DECLARE r record; BEGIN" \
	" FOR r IN SELECT undo FROM bulk_log_keys LOOP" \
	"  EXECUTE r.undo; END LOOP; END$$"
#define BULK_LOAD_CREATE_LOG_KEYS \
	"DO $$DECLARE r record; BEGIN" \
	" FOR r IN SELECT def FROM bulk_log_keys LOOP" \
	"  EXECUTE r.def; END LOOP; END$$"

/* Monotonic seconds, for the phases of a load. */
static double
bulk_load_now(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
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
		"SET LOCAL maintenance_work_mem = '1GB'",
		"SET LOCAL work_mem = '256MB'",
		"CREATE TEMP TABLE bulk_range ON COMMIT DROP AS SELECT "
		    "coalesce(max(position), 0) + 1 AS lo FROM sb.domain_events",
		BULK_LOAD_SAVE_LOG_KEYS,
		BULK_LOAD_DROP_LOG_KEYS,
		NULL
	};
	static const char *const drop[] = {
		"SET LOCAL session_replication_role = origin",
		BULK_LOAD_CREATE_LOG_KEYS,
		"ANALYZE sb.domain_events",
		BULK_LOAD_SAVE_INDEXES,
		BULK_LOAD_DROP_INDEXES,
		NULL
	};
	static const char *const project[] = {
		"SELECT sb.bulk_project(lo, (SELECT max(position) FROM "
		    "sb.domain_events)) FROM bulk_range",
		NULL
	};
	static const char *const finish[] = {
		BULK_LOAD_CREATE_INDEXES,
		"COMMIT",
		NULL
	};
	struct bulk_counts	scratch;
	enum sb_status		status;
	double			t;

	if (counts == NULL)
		counts = &scratch;
	memset(counts, 0, sizeof *counts);
	status = bulk_load_exec(admin, begin, err);
	t = bulk_load_now();
	if (status == SB_OK)
		status = bulk_load_copy(admin, spec, counts, err);
	if (status == SB_OK)
		status = bulk_load_exec(admin, drop, err);
	counts->copy_s = bulk_load_now() - t;
	t = bulk_load_now();
	if (status == SB_OK)
		status = bulk_load_exec(admin, project, err);
	counts->project_s = bulk_load_now() - t;
	t = bulk_load_now();
	if (status == SB_OK)
		status = bulk_load_exec(admin, finish, err);
	counts->index_s = bulk_load_now() - t;
	if (status != SB_OK)
		db_exec(admin, "ROLLBACK", 0, NULL, NULL, NULL);
	return status;
}
