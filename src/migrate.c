/* Apply the compiled migrations to a database, and report their state. */
#include "config.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libpq-fe.h>

#include "switchboard/migrate.h"
#include "switchboard/util.h"

/*
 * Run before any migration, as the superuser: what only a superuser may do,
 * then the bookkeeping table, owned by the owner role. The advisory lock
 * (also taken by every migration) keeps concurrent processes in turn.
 */
static const char migrate_bootstrap_sql[] =
	"BEGIN;\n"
	"SET LOCAL client_min_messages = warning;\n"
	"SELECT pg_advisory_xact_lock(hashtext('switchboard migrate'));\n"
	"DO $$ BEGIN\n"
	"    IF NOT EXISTS (SELECT 1 FROM pg_roles\n"
	"        WHERE rolname = '" MIGRATE_OWNER_ROLE "') THEN\n"
	"        CREATE ROLE " MIGRATE_OWNER_ROLE " NOLOGIN;\n"
	"    END IF;\n"
	"EXCEPTION WHEN duplicate_object THEN NULL;\n"
	"END $$;\n"
	"CREATE SCHEMA IF NOT EXISTS " MIGRATE_SCHEMA
	    " AUTHORIZATION " MIGRATE_OWNER_ROLE ";\n"
	"CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA "
	    MIGRATE_SCHEMA ";\n"
	"CREATE EXTENSION IF NOT EXISTS unaccent WITH SCHEMA "
	    MIGRATE_SCHEMA ";\n"
	"SET LOCAL ROLE " MIGRATE_OWNER_ROLE ";\n"
	"CREATE TABLE IF NOT EXISTS " MIGRATE_SCHEMA ".schema_migrations (\n"
	"    version integer PRIMARY KEY,\n"
	"    name text NOT NULL,\n"
	"    applied_at timestamptz NOT NULL DEFAULT now(),\n"
	"    checksum text NOT NULL);\n"
	"COMMIT;\n";

static const char migrate_begin_sql[] =
	"BEGIN;\n"
	"SET LOCAL client_min_messages = warning;\n"
	"SELECT pg_advisory_xact_lock(hashtext('switchboard migrate'));\n";

#define MIGRATE_CHECKSUM_SQL \
	"encode(sha256(convert_to($1::text, 'UTF8')), 'hex')"

/* Fill err from a failed result (or the connection when res is NULL). */
static enum sb_status
migrate_error(PGconn *conn, PGresult *res, struct sb_error *err,
    const char *what)
{
	const char	*msg, *hint, *state;
	enum sb_status	 status = SB_INTERNAL;

	if (PQstatus(conn) != CONNECTION_OK)
		status = SB_UNAVAILABLE;
	msg = res != NULL ? PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY) :
	    NULL;
	if (msg == NULL)
		msg = PQerrorMessage(conn);
	state = res != NULL ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
	if (state != NULL && strcmp(state, "42501") == 0)
		status = SB_DENIED;
	sb_error_set(err, status, "%s: %s", what, msg);
	hint = res != NULL ? PQresultErrorField(res, PG_DIAG_MESSAGE_HINT) :
	    NULL;
	if (hint != NULL)
		sb_error_hint(err, "%s", hint);
	if (state != NULL && err != NULL)
		snprintf(err->sqlstate, sizeof err->sqlstate, "%s", state);
	return status;
}

/*
 * Run sql (several statements allowed when nparams is 0). On SB_OK and
 * out non-NULL, *out holds the result for the caller to PQclear.
 */
static enum sb_status
migrate_exec(PGconn *conn, const char *sql, int nparams,
    const char *const *params, PGresult **out, struct sb_error *err,
    const char *what)
{
	PGresult	*res;
	enum sb_status	 status = SB_OK;

	/*
	 * A migration is a script of many statements, which only the simple
	 * query protocol runs; its text is compiled in, never user input.
	 */
	if (nparams == 0)
		res = PQexec(conn, sql);
	else
		res = PQexecParams(conn, sql, nparams, NULL, params, NULL,
		    NULL, 0);
	switch (PQresultStatus(res)) {
	case PGRES_COMMAND_OK:
	case PGRES_TUPLES_OK:
		break;
	default:
		status = migrate_error(conn, res, err, what);
		PQclear(res);
		return status;
	}
	if (out != NULL)
		*out = res;
	else
		PQclear(res);
	return SB_OK;
}

/* Leave a failed transaction; the error already reported stays. */
static void
migrate_rollback(PGconn *conn)
{
	PQclear(PQexecParams(conn, "ROLLBACK", 0, NULL, NULL, NULL, NULL, 0));
}

/*
 * Compare migration m with what the database recorded for its version:
 * *found tells whether it is recorded, *same whether the checksums match.
 * If applied_at is not NULL, it gets when (caller frees), or NULL.
 */
static enum sb_status
migrate_check(PGconn *conn, const struct migration *m, int *found,
    int *same, char **applied_at, struct sb_error *err)
{
	PGresult	*res;
	char		 version[16];
	const char	*params[2];
	enum sb_status	 status;

	snprintf(version, sizeof version, "%d", m->version);
	params[0] = m->sql;
	params[1] = version;
	status = migrate_exec(conn, "SELECT checksum = " MIGRATE_CHECKSUM_SQL
	    ", applied_at::text FROM " MIGRATE_SCHEMA ".schema_migrations"
	    " WHERE version = $2", 2, params, &res, err,
	    "cannot read the applied migrations");
	if (status != SB_OK)
		return status;
	*found = PQntuples(res) == 1;
	*same = *found && strcmp(PQgetvalue(res, 0, 0), "t") == 0;
	if (applied_at != NULL)
		*applied_at = *found ? xstrdup(PQgetvalue(res, 0, 1)) : NULL;
	PQclear(res);
	return SB_OK;
}

static enum sb_status
migrate_refuse_changed(const struct migration *m, struct sb_error *err)
{
	sb_error_set(err, SB_CORRUPT, "migration %03d-%s differs from the one "
	    "applied to this database", m->version, m->name);
	sb_error_hint(err, "Migrations are forward-only: restore the "
	    "original and put the change in a new migration.");
	return SB_CORRUPT;
}

/* Apply m in one transaction, unless another process did meanwhile. */
static enum sb_status
migrate_apply(PGconn *conn, const struct migration *m, struct sb_error *err)
{
	char		 version[16], what[128];
	const char	*params[3];
	enum sb_status	 status;
	int		 found, same;

	snprintf(what, sizeof what, "migration %03d-%s failed", m->version,
	    m->name);
	status = migrate_exec(conn, migrate_begin_sql, 0, NULL, NULL, err,
	    what);
	if (status == SB_OK)
		status = migrate_check(conn, m, &found, &same, NULL, err);
	if (status != SB_OK)
		goto fail;
	if (found) {
		if (!same) {
			status = migrate_refuse_changed(m, err);
			goto fail;
		}
		return migrate_exec(conn, "COMMIT", 0, NULL, NULL, err, what);
	}
	status = migrate_exec(conn, "SET LOCAL ROLE " MIGRATE_OWNER_ROLE, 0,
	    NULL, NULL, err, what);
	if (status == SB_OK)
		status = migrate_exec(conn, m->sql, 0, NULL, NULL, err, what);
	if (status != SB_OK)
		goto fail;
	snprintf(version, sizeof version, "%d", m->version);
	params[0] = m->sql;
	params[1] = version;
	params[2] = m->name;
	status = migrate_exec(conn, "INSERT INTO " MIGRATE_SCHEMA
	    ".schema_migrations (version, name, checksum) VALUES ($2, $3, "
	    MIGRATE_CHECKSUM_SQL ")", 3, params, NULL, err, what);
	if (status == SB_OK)
		status = migrate_exec(conn, "COMMIT", 0, NULL, NULL, err, what);
	if (status == SB_OK)
		return SB_OK;
fail:
	migrate_rollback(conn);
	return status;
}

/* Refuse a database that holds migrations this program does not know. */
static enum sb_status
migrate_check_unknown(PGconn *conn, struct sb_error *err)
{
	PGresult	*res;
	char		 last[16];
	const char	*params[1];
	enum sb_status	 status;

	snprintf(last, sizeof last, "%d", migrate_count > 0 ?
	    migrate_list[migrate_count - 1].version : 0);
	params[0] = last;
	status = migrate_exec(conn, "SELECT version, name FROM " MIGRATE_SCHEMA
	    ".schema_migrations WHERE version > $1 ORDER BY version LIMIT 1",
	    1, params, &res, err, "cannot read the applied migrations");
	if (status != SB_OK)
		return status;
	if (PQntuples(res) > 0) {
		sb_error_set(err, SB_UNSUPPORTED, "the database has migration "
		    "%s-%s, newer than this program", PQgetvalue(res, 0, 0),
		    PQgetvalue(res, 0, 1));
		sb_error_hint(err, "Use a newer version of switchboard.");
		status = SB_UNSUPPORTED;
	}
	PQclear(res);
	return status;
}

/* Check every applied migration before applying anything. */
static enum sb_status
migrate_verify(PGconn *conn, struct sb_error *err)
{
	enum sb_status	 status;
	size_t		 i;
	int		 found, same;

	status = migrate_check_unknown(conn, err);
	for (i = 0; status == SB_OK && i < migrate_count; i++) {
		status = migrate_check(conn, &migrate_list[i], &found, &same,
		    NULL, err);
		if (status == SB_OK && found && !same)
			status = migrate_refuse_changed(&migrate_list[i], err);
	}
	return status;
}

enum sb_status
migrate_run(PGconn *superuser, struct sb_error *err)
{
	return migrate_run_to(superuser, INT_MAX, err);
}

enum sb_status
migrate_run_to(PGconn *superuser, int last, struct sb_error *err)
{
	enum sb_status	 status;
	size_t		 i;

	sb_error_clear(err);
	status = migrate_exec(superuser, migrate_bootstrap_sql, 0, NULL, NULL,
	    err, "cannot prepare the database");
	if (status != SB_OK) {
		migrate_rollback(superuser);
		return status;
	}
	status = migrate_verify(superuser, err);
	for (i = 0; status == SB_OK && i < migrate_count &&
	    migrate_list[i].version <= last; i++)
		status = migrate_apply(superuser, &migrate_list[i], err);
	return status;
}

/* Whether the bookkeeping table exists yet. */
static enum sb_status
migrate_has_table(PGconn *conn, int *exists, struct sb_error *err)
{
	PGresult	*res;
	enum sb_status	 status;

	status = migrate_exec(conn, "SELECT to_regclass('" MIGRATE_SCHEMA
	    ".schema_migrations') IS NOT NULL", 0, NULL, &res, err,
	    "cannot read the applied migrations");
	if (status != SB_OK)
		return status;
	*exists = strcmp(PQgetvalue(res, 0, 0), "t") == 0;
	PQclear(res);
	return SB_OK;
}

static struct migrate_entry *
migrate_status_add(struct migrate_status *st, int version, const char *name)
{
	struct migrate_entry	*e;

	st->entries = xreallocarray(st->entries, st->count + 1,
	    sizeof *st->entries);
	e = &st->entries[st->count++];
	memset(e, 0, sizeof *e);
	e->version = version;
	e->name = xstrdup(name);
	return e;
}

/* Add the recorded migrations this program does not know. */
static enum sb_status
migrate_status_unknown(PGconn *conn, struct migrate_status *st,
    struct sb_error *err)
{
	PGresult		*res;
	struct migrate_entry	*e;
	enum sb_status		 status;
	int			 i;

	status = migrate_exec(conn, "SELECT version, name, applied_at::text "
	    "FROM " MIGRATE_SCHEMA ".schema_migrations ORDER BY version", 0,
	    NULL, &res, err, "cannot read the applied migrations");
	if (status != SB_OK)
		return status;
	for (i = 0; i < PQntuples(res); i++) {
		int	 version = atoi(PQgetvalue(res, i, 0));
		size_t	 j;

		for (j = 0; j < migrate_count; j++)
			if (migrate_list[j].version == version)
				break;
		if (j < migrate_count)
			continue;
		e = migrate_status_add(st, version, PQgetvalue(res, i, 1));
		e->applied = e->unknown = 1;
		e->applied_at = xstrdup(PQgetvalue(res, i, 2));
	}
	PQclear(res);
	return SB_OK;
}

enum sb_status
migrate_status(PGconn *conn, struct migrate_status **out,
    struct sb_error *err)
{
	struct migrate_status	*st;
	struct migrate_entry	*e;
	enum sb_status		 status;
	size_t			 i;
	int			 exists, same = 0;

	sb_error_clear(err);
	*out = NULL;
	st = xcalloc(1, sizeof *st);
	status = migrate_has_table(conn, &exists, err);
	for (i = 0; status == SB_OK && i < migrate_count; i++) {
		e = migrate_status_add(st, migrate_list[i].version,
		    migrate_list[i].name);
		if (exists)
			status = migrate_check(conn, &migrate_list[i],
			    &e->applied, &same, &e->applied_at, err);
		e->changed = e->applied && !same;
		if (!e->applied)
			st->pending++;
	}
	if (status == SB_OK && exists)
		status = migrate_status_unknown(conn, st, err);
	if (status != SB_OK) {
		migrate_status_free(st);
		return status;
	}
	*out = st;
	return SB_OK;
}

void
migrate_status_free(struct migrate_status *st)
{
	size_t	i;

	if (st == NULL)
		return;
	for (i = 0; i < st->count; i++) {
		free(st->entries[i].name);
		free(st->entries[i].applied_at);
	}
	free(st->entries);
	free(st);
}
