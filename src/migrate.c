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
 * Run before any migration, as the superuser: what only a superuser may do
 * (the roles, the schema, the extensions, the owner's default privileges:
 * no function of the owner's is PUBLIC's, so a module grants each by name),
 * then the bookkeeping tables, owned by the owner role. The advisory lock
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
	"    IF NOT EXISTS (SELECT 1 FROM pg_roles\n"
	"        WHERE rolname = '" MIGRATE_USER_ROLE "') THEN\n"
	"        CREATE ROLE " MIGRATE_USER_ROLE " NOLOGIN;\n"
	"    END IF;\n"
	"EXCEPTION WHEN duplicate_object THEN NULL;\n"
	"END $$;\n"
	"CREATE SCHEMA IF NOT EXISTS " MIGRATE_SCHEMA
	    " AUTHORIZATION " MIGRATE_OWNER_ROLE ";\n"
	"CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA "
	    MIGRATE_SCHEMA ";\n"
	"CREATE EXTENSION IF NOT EXISTS unaccent WITH SCHEMA "
	    MIGRATE_SCHEMA ";\n"
	"CREATE EXTENSION IF NOT EXISTS fuzzystrmatch WITH SCHEMA "
	    MIGRATE_SCHEMA ";\n"
	"ALTER DEFAULT PRIVILEGES FOR ROLE " MIGRATE_OWNER_ROLE
	    " REVOKE EXECUTE ON FUNCTIONS FROM PUBLIC;\n"
	"SET LOCAL ROLE " MIGRATE_OWNER_ROLE ";\n"
	"CREATE TABLE IF NOT EXISTS " MIGRATE_SCHEMA ".schema_migrations (\n"
	"    version integer PRIMARY KEY,\n"
	"    name text NOT NULL,\n"
	"    applied_at timestamptz NOT NULL DEFAULT now(),\n"
	"    checksum text NOT NULL);\n"
	"DO $$ BEGIN\n"
	"    IF to_regclass('" MIGRATE_SCHEMA ".schema_modules') IS NULL THEN\n"
	"        CREATE TABLE " MIGRATE_SCHEMA ".schema_modules (\n"
	"            name text PRIMARY KEY,\n"
	"            checksum text NOT NULL,\n"
	"            applied_at timestamptz NOT NULL DEFAULT now());\n"
	"        ALTER TABLE " MIGRATE_SCHEMA ".schema_modules\n"
	"            ENABLE ROW LEVEL SECURITY;\n"
	"        ALTER TABLE " MIGRATE_SCHEMA ".schema_modules\n"
	"            FORCE ROW LEVEL SECURITY;\n"
	"        GRANT SELECT ON " MIGRATE_SCHEMA ".schema_modules TO "
	    MIGRATE_USER_ROLE ";\n"
	"    END IF;\n"
	"END $$;\n"
	"COMMIT;\n";

#define MIGRATE_STR_(x)	#x
#define MIGRATE_STR(x)	MIGRATE_STR_(x)

#define MIGRATE_CHECKSUM_SQL \
	"encode(sha256(convert_to($1::text, 'UTF8')), 'hex')"


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
	status = migrate_exec(conn, MIGRATE_BEGIN_SQL, 0, NULL, NULL, err,
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
	/*
	 * Recorded as the superuser: on a new database the policies (in the
	 * modules) come after the numbered migrations.
	 */
	status = migrate_exec(conn, "RESET ROLE", 0, NULL, NULL, err, what);
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

/* The baseline migration of the compiled-in list; NULL if there is none. */
static const struct migration *
migrate_baseline(void)
{
	size_t	i;

	for (i = 0; i < migrate_count; i++)
		if (migrate_list[i].version == MIGRATE_BASELINE)
			return &migrate_list[i];
	return NULL;
}

/*
 * Check a database's record of the squashed history against the one this
 * program knows: every migration it records must be one of them, with the
 * same name and checksum, and all of them must be there. Of res, rows of
 * (version, name, checksum).
 */
static enum sb_status
migrate_legacy_check(PGresult *res, struct sb_error *err)
{
	const struct migrate_legacy	*l;
	int				 i, version;
	size_t				 j;

	for (i = 0; i < PQntuples(res); i++) {
		version = atoi(PQgetvalue(res, i, 0));
		l = NULL;
		for (j = 0; j < migrate_legacy_count; j++)
			if (migrate_legacy_list[j].version == version)
				l = &migrate_legacy_list[j];
		if (l == NULL || strcmp(l->name, PQgetvalue(res, i, 1)) != 0 ||
		    strcmp(l->checksum, PQgetvalue(res, i, 2)) != 0) {
			sb_error_set(err, SB_CORRUPT, "migration %03d-%s differs "
			    "from the one this program's baseline replaces",
			    version, PQgetvalue(res, i, 1));
			sb_error_hint(err, "Migrations are forward-only: "
			    "restore the original.");
			return SB_CORRUPT;
		}
	}
	if ((size_t)PQntuples(res) < migrate_legacy_count) {
		i = PQntuples(res) - 1;
		sb_error_set(err, SB_UNSUPPORTED, "the database has migrations "
		    "up to %03d-%s, older than the baseline %03d of this "
		    "program", atoi(PQgetvalue(res, i, 0)),
		    PQgetvalue(res, i, 1), MIGRATE_BASELINE);
		sb_error_hint(err, "Upgrade it first with a version of "
		    "switchboard that has migration 045-private-functions.");
		return SB_UNSUPPORTED;
	}
	return SB_OK;
}

/*
 * A database with the squashed history applied gets the baseline recorded
 * in its place, with the time the history's last migration was applied;
 * what the history made is what the baseline and the modules make.
 */
static enum sb_status
migrate_adopt_legacy(PGconn *conn, struct sb_error *err)
{
	const struct migration	*base = migrate_baseline();
	PGresult		*res;
	const char		*params[2];
	const char		*what = "cannot record the baseline";
	enum sb_status		 status;
	int			 n;

	if (base == NULL)
		return SB_OK;
	status = migrate_exec(conn, MIGRATE_BEGIN_SQL, 0, NULL, NULL, err,
	    what);
	if (status == SB_OK)
		status = migrate_exec(conn, "SELECT version, name, checksum FROM "
		    MIGRATE_SCHEMA ".schema_migrations WHERE version <= "
		    MIGRATE_STR(MIGRATE_BASELINE) " ORDER BY version", 0, NULL,
		    &res, err, what);
	if (status != SB_OK)
		goto fail;
	n = PQntuples(res);
	if (n == 0 || (n == 1 && strcmp(PQgetvalue(res, 0, 1),
	    base->name) == 0)) {
		PQclear(res);
		return migrate_exec(conn, "COMMIT", 0, NULL, NULL, err, what);
	}
	status = migrate_legacy_check(res, err);
	PQclear(res);
	if (status != SB_OK)
		goto fail;
	params[0] = base->sql;
	params[1] = base->name;
	status = migrate_exec(conn, "DELETE FROM " MIGRATE_SCHEMA
	    ".schema_migrations WHERE version < "
	    MIGRATE_STR(MIGRATE_BASELINE), 0, NULL, NULL, err, what);
	if (status == SB_OK)
		status = migrate_exec(conn, "UPDATE " MIGRATE_SCHEMA
		    ".schema_migrations SET name = $2, checksum = "
		    MIGRATE_CHECKSUM_SQL " WHERE version = "
		    MIGRATE_STR(MIGRATE_BASELINE), 2, params, NULL, err, what);
	if (status == SB_OK)
		status = migrate_exec(conn, "COMMIT", 0, NULL, NULL, err, what);
	if (status == SB_OK)
		return SB_OK;
fail:
	migrate_rollback(conn);
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
	status = migrate_adopt_legacy(superuser, err);
	if (status == SB_OK)
		status = migrate_verify(superuser, err);
	if (status == SB_OK)
		status = migrate_modules_apply(superuser, 0, err);
	for (i = 0; status == SB_OK && i < migrate_count &&
	    migrate_list[i].version <= last; i++)
		status = migrate_apply(superuser, &migrate_list[i], err);
	if (status == SB_OK && migrate_count > 0 &&
	    migrate_list[migrate_count - 1].version <= last)
		status = migrate_modules_apply(superuser, 1, err);
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
	if (status == SB_OK)
		status = migrate_status_modules(conn, st, err);
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
