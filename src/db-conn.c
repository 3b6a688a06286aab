/* libpq connections: parameters, session settings, SQLSTATE to meaning. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "switchboard/db.h"
#include "switchboard/util.h"

#define DB_NOTICE_MAX	512

struct db {
	PGconn		*conn;
	char		 last_notice[DB_NOTICE_MAX];
	/* Test-only: called at fault points (see db_set_fault_hook). */
	void		(*fault)(struct db *, enum db_fault_point, void *);
	void		*fault_arg;
};

/* SQLSTATEs by exact code, then by class (two characters). */
static const struct {
	const char	*code;
	enum sb_status	 status;
} db_sqlstates[] = {
	{ "SB001", SB_CONFLICT },	/* stale version */
	{ "SB002", SB_DENIED },		/* refused: still linked elsewhere */
	{ "SB003", SB_NOT_FOUND },	/* no such row, or deleted */
	{ "SB004", SB_INVALID },	/* invalid change or argument */
	{ "SB005", SB_DENIED },		/* the event log is append-only */
	{ "40001", SB_CONFLICT },	/* serialization failure */
	{ "40P01", SB_CONFLICT },	/* deadlock */
	{ "42501", SB_DENIED },		/* insufficient privilege */
	{ "P0002", SB_NOT_FOUND },	/* no data found */
	{ "57014", SB_UNAVAILABLE },	/* statement timeout, cancel */
	{ "23505", SB_CONFLICT },	/* unique violation */
	{ "3D000", SB_NOT_FOUND },	/* no such database */
	{ "08", SB_UNAVAILABLE },	/* connection exception */
	{ "57", SB_UNAVAILABLE },	/* operator intervention */
	{ "53", SB_UNAVAILABLE },	/* insufficient resources */
	{ "28", SB_DENIED },		/* invalid authorization */
	{ "23", SB_INVALID },		/* integrity constraint */
	{ "22", SB_INVALID },		/* data exception */
	{ "SB", SB_INVALID },
};

enum sb_status
db_status_from_sqlstate(const char *sqlstate)
{
	size_t	i, len;

	if (sqlstate == NULL || strlen(sqlstate) != 5)
		return SB_UNAVAILABLE;
	for (i = 0; i < SB_ARRAY_LEN(db_sqlstates); i++) {
		len = strlen(db_sqlstates[i].code);
		if (strncmp(sqlstate, db_sqlstates[i].code, len) == 0)
			return db_sqlstates[i].status;
	}
	return SB_INTERNAL;
}

/* libpq messages end with a newline and may span lines: keep the first. */
static void
db_copy_line(char *dst, size_t size, const char *src)
{
	size_t	n;

	if (src == NULL)
		src = "";
	n = strcspn(src, "\n");
	if (n >= size)
		n = size - 1;
	memcpy(dst, src, n);
	dst[n] = '\0';
}

/*
 * The input field a violated constraint stands for: "contacts_title_check"
 * names title. Constraints over several columns have their own entry.
 */
static void
db_field_from_constraint(struct sb_error *err, const char *table,
    const char *constraint)
{
	static const char *const suffixes[] = { "_check", "_key", "_fkey" };
	static const struct {
		const char	*constraint;
		const char	*field;
	} named[] = {
		{ "contacts_name_required", "first_name" },
		{ "organization_contacts_window", "ends_on" },
		{ "organization_contacts_one_primary", "is_primary" },
		{ "contact_phones_one_primary", "is_primary" },
		{ "emails_one_primary", "is_primary" },
	};
	char	 buf[SB_ERROR_FIELD_MAX];
	size_t	 i, n, len;

	for (i = 0; i < SB_ARRAY_LEN(named); i++) {
		if (strcmp(constraint, named[i].constraint) == 0) {
			sb_error_field(err, named[i].field);
			return;
		}
	}
	n = table != NULL ? strlen(table) : 0;
	if (n == 0 || strncmp(constraint, table, n) != 0 ||
	    constraint[n] != '_')
		return;
	snprintf(buf, sizeof buf, "%s", constraint + n + 1);
	len = strlen(buf);
	for (i = 0; i < SB_ARRAY_LEN(suffixes); i++) {
		n = strlen(suffixes[i]);
		if (len > n && strcmp(buf + len - n, suffixes[i]) == 0) {
			buf[len - n] = '\0';
			sb_error_field(err, buf);
			return;
		}
	}
}

enum sb_status
db_error_from_result(PGconn *conn, const PGresult *res, struct sb_error *err)
{
	const char	*state = NULL, *msg, *hint = NULL, *column = NULL;
	const char	*constraint = NULL, *table = NULL;
	enum sb_status	 status;

	if (res != NULL) {
		state = PQresultErrorField(res, PG_DIAG_SQLSTATE);
		msg = PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY);
		hint = PQresultErrorField(res, PG_DIAG_MESSAGE_HINT);
		column = PQresultErrorField(res, PG_DIAG_COLUMN_NAME);
		constraint = PQresultErrorField(res, PG_DIAG_CONSTRAINT_NAME);
		table = PQresultErrorField(res, PG_DIAG_TABLE_NAME);
		if (msg == NULL)
			msg = PQresultErrorMessage(res);
	} else
		msg = conn != NULL ? PQerrorMessage(conn) : "no connection";
	if (state == NULL && conn != NULL && PQstatus(conn) != CONNECTION_OK)
		state = "08006";
	status = db_status_from_sqlstate(state);
	if (err == NULL)
		return status;
	sb_error_clear(err);
	err->status = status;
	db_copy_line(err->message, sizeof err->message,
	    msg != NULL && *msg != '\0' ? msg : sb_status_text(status));
	if (hint != NULL)
		db_copy_line(err->hint, sizeof err->hint, hint);
	else if (status == SB_UNAVAILABLE)
		snprintf(err->hint, sizeof err->hint,
		    "check that the server is running and reachable");
	if (column != NULL)
		sb_error_field(err, column);
	else if (constraint != NULL)
		db_field_from_constraint(err, table, constraint);
	if (state != NULL)
		snprintf(err->sqlstate, sizeof err->sqlstate, "%s", state);
	return status;
}

/* Notices go to a buffer the UI may show, never to stderr. */
static void
db_notice_collect(void *arg, const PGresult *res)
{
	struct db	*db = arg;

	db_copy_line(db->last_notice, sizeof db->last_notice,
	    PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY));
}

void
db_params_set(struct db_params *p, const char *key, const char *value)
{
	int	i;

	for (i = 0; i < p->count; i++) {
		if (strcmp(p->keys[i], key) == 0) {
			p->values[i] = value;
			return;
		}
	}
	if (p->count >= DB_PARAMS_MAX)
		fatal("too many connection parameters");
	p->keys[p->count] = key;
	p->values[p->count] = value;
	p->count++;
	p->keys[p->count] = NULL;
	p->values[p->count] = NULL;
}

/* Defaults a caller's parameters can override: fail fast, detect dead links. */
static void
db_params_defaults(struct db_params *full, const struct db_params *p)
{
	int	i;

	memset(full, 0, sizeof *full);
	db_params_set(full, "application_name", "switchboard");
	db_params_set(full, "connect_timeout", "10");
	db_params_set(full, "keepalives", "1");
	db_params_set(full, "keepalives_idle", "30");
	db_params_set(full, "keepalives_interval", "10");
	db_params_set(full, "keepalives_count", "3");
	for (i = 0; i < p->count; i++)
		db_params_set(full, p->keys[i], p->values[i]);
}

static enum sb_status
db_session_setup(struct db *db, struct sb_error *err)
{
	/* No transaction may stay open while a person is typing. */
	static const char sql[] =
	    "SELECT set_config('search_path', 'sb, pg_catalog', false),"
	    " set_config('statement_timeout', '30s', false),"
	    " set_config('idle_in_transaction_session_timeout', '60s', false),"
	    " set_config('lock_timeout', '10s', false)";

	return db_exec(db, sql, 0, NULL, NULL, err);
}

enum sb_status
db_connect(const struct db_params *p, struct db **out, struct sb_error *err)
{
	struct db_params	 full;
	struct db		*db;
	enum sb_status		 status;

	*out = NULL;
	db_params_defaults(&full, p);
	db = xcalloc(1, sizeof *db);
	db->conn = PQconnectdbParams(full.keys, full.values, 0);
	if (db->conn == NULL)
		fatal("out of memory connecting to the database");
	PQsetNoticeReceiver(db->conn, db_notice_collect, db);
	if (PQstatus(db->conn) != CONNECTION_OK) {
		status = db_error_from_result(db->conn, NULL, err);
		if (status == SB_INTERNAL || status == SB_OK)
			status = err->status = SB_UNAVAILABLE;
		db_free(db);
		return status;
	}
	status = db_session_setup(db, err);
	if (status != SB_OK) {
		db_free(db);
		return status;
	}
	*out = db;
	return SB_OK;
}

void
db_free(struct db *db)
{
	if (db == NULL)
		return;
	if (db->conn != NULL)
		PQfinish(db->conn);
	free(db);
}

PGconn *
db_conn(struct db *db)
{
	return db->conn;
}

const char *
db_last_notice(const struct db *db)
{
	return db->last_notice;
}

enum sb_status
db_exec(struct db *db, const char *sql, int nparams,
    const char *const *params, PGresult **out, struct sb_error *err)
{
	PGresult	*res;
	enum sb_status	 status;

	if (out != NULL)
		*out = NULL;
	res = PQexecParams(db->conn, sql, nparams, NULL, params, NULL, NULL, 0);
	switch (PQresultStatus(res)) {
	case PGRES_COMMAND_OK:
	case PGRES_TUPLES_OK:
		if (out != NULL)
			*out = res;
		else
			PQclear(res);
		return SB_OK;
	default:
		status = db_error_from_result(db->conn, res, err);
		PQclear(res);
		return status;
	}
}

void
db_set_fault_hook(struct db *db,
    void (*hook)(struct db *, enum db_fault_point, void *), void *arg)
{
	db->fault = hook;
	db->fault_arg = arg;
}

static void
db_fault(struct db *db, enum db_fault_point point)
{
	if (db->fault != NULL)
		db->fault(db, point, db->fault_arg);
}

int
db_is_broken(struct db *db)
{
	return PQstatus(db->conn) != CONNECTION_OK;
}

enum sb_status
db_reset(struct db *db, struct sb_error *err)
{
	enum sb_status	status;

	PQreset(db->conn);
	if (PQstatus(db->conn) != CONNECTION_OK) {
		status = db_error_from_result(db->conn, NULL, err);
		if (status == SB_INTERNAL || status == SB_OK)
			status = err->status = SB_UNAVAILABLE;
		return status;
	}
	return db_session_setup(db, err);
}

/*
 * COMMIT sent and its reply read as two steps, so that tests can break the
 * connection in between: the case where the server committed but the
 * client never heard.
 */
enum sb_status
db_commit(struct db *db, struct sb_error *err)
{
	PGresult	*res;
	enum sb_status	 status = SB_OK;
	int		 seen = 0;

	db_fault(db, DB_FAULT_BEFORE_COMMIT);
	if (!PQsendQuery(db->conn, "COMMIT"))
		return db_error_from_result(db->conn, NULL, err);
	db_fault(db, DB_FAULT_COMMIT_SENT);
	while ((res = PQgetResult(db->conn)) != NULL) {
		seen = 1;
		if (status == SB_OK &&
		    PQresultStatus(res) != PGRES_COMMAND_OK)
			status = db_error_from_result(db->conn, res, err);
		PQclear(res);
	}
	if (status == SB_OK && (!seen || db_is_broken(db)))
		status = db_error_from_result(db->conn, NULL, err);
	return status;
}
