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

static const char migrate_begin_sql[] =
	"BEGIN;\n"
	"SET LOCAL client_min_messages = warning;\n"
	"SELECT pg_advisory_xact_lock(hashtext('switchboard migrate'));\n";

#define MIGRATE_STR_(x)	#x
#define MIGRATE_STR(x)	MIGRATE_STR_(x)

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
	status = migrate_exec(conn, migrate_begin_sql, 0, NULL, NULL, err,
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

/*
 * The key functions: those of the schema that a table, an index or a
 * constraint uses, and the functions they use in turn. Never dropped.
 */
#define MIGRATE_KEYS_SQL \
	"WITH RECURSIVE k(oid) AS (" \
	" SELECT d.refobjid FROM pg_depend d" \
	" WHERE d.refclassid = 'pg_proc'::regclass AND d.classid IN" \
	" ('pg_class'::regclass, 'pg_attrdef'::regclass," \
	" 'pg_constraint'::regclass)" \
	" UNION SELECT d.refobjid FROM pg_depend d JOIN k ON d.objid = k.oid" \
	" WHERE d.classid = 'pg_proc'::regclass" \
	" AND d.refclassid = 'pg_proc'::regclass)" \
	" SELECT k.oid FROM k JOIN pg_proc p ON p.oid = k.oid" \
	" WHERE p.pronamespace = '" MIGRATE_SCHEMA "'::regnamespace"

/* Before a key module runs: the key functions' definitions as they are. */
static const char migrate_keys_before_sql[] =
	"CREATE TEMP TABLE IF NOT EXISTS migrate_key_defs"
	" (oid oid, def text) ON COMMIT DROP;\n"
	"TRUNCATE migrate_key_defs;\n"
	"INSERT INTO migrate_key_defs SELECT oid, pg_get_functiondef(oid)"
	" FROM (" MIGRATE_KEYS_SQL ") k;\n";

/*
 * After it: if a key function's definition changed, what was computed
 * with the old one is computed again: the stored generated columns that
 * use a key function (by setting the columns they are made of to
 * themselves: the server computes them only then), and the indexes that
 * call one. Run as the superuser, whom row-level security does not hide
 * rows from.
 */
static const char migrate_keys_after_sql[] =
	"DO $$ DECLARE r record; BEGIN\n"
	"IF NOT EXISTS (SELECT 1 FROM migrate_key_defs s\n"
	"    WHERE pg_get_functiondef(s.oid) IS DISTINCT FROM s.def) THEN\n"
	"    RETURN;\n"
	"END IF;\n"
	"FOR r IN SELECT a.attrelid::regclass AS t, string_agg(DISTINCT\n"
	"    format('%I = %I', b.attname, b.attname), ', ') AS cols\n"
	"    FROM pg_attribute a JOIN pg_attrdef ad\n"
	"    ON ad.adrelid = a.attrelid AND ad.adnum = a.attnum\n"
	"    JOIN pg_depend d ON d.classid = 'pg_attrdef'::regclass\n"
	"    AND d.objid = ad.oid AND d.refclassid = 'pg_proc'::regclass\n"
	"    JOIN pg_depend bd ON bd.classid = 'pg_attrdef'::regclass\n"
	"    AND bd.objid = ad.oid AND bd.refclassid = 'pg_class'::regclass\n"
	"    AND bd.refobjsubid > 0\n"
	"    JOIN pg_attribute b ON b.attrelid = bd.refobjid\n"
	"    AND b.attnum = bd.refobjsubid AND b.attgenerated = ''\n"
	"    WHERE a.attgenerated = 's'\n"
	"    AND d.refobjid IN (SELECT oid FROM migrate_key_defs)\n"
	"    GROUP BY 1 LOOP\n"
	"    EXECUTE format('UPDATE %s SET %s', r.t, r.cols);\n"
	"END LOOP;\n"
	"FOR r IN SELECT DISTINCT d.objid::regclass AS i FROM pg_depend d\n"
	"    JOIN pg_class c ON c.oid = d.objid\n"
	"    WHERE d.classid = 'pg_class'::regclass AND c.relkind = 'i'\n"
	"    AND d.refclassid = 'pg_proc'::regclass\n"
	"    AND d.refobjid IN (SELECT oid FROM migrate_key_defs) LOOP\n"
	"    EXECUTE format('REINDEX INDEX %s', r.i);\n"
	"END LOOP;\n"
	"END $$;\n";

/*
 * Before the modules run again: every policy, trigger and view of the
 * schema and every function but the key ones and the extensions' go, so
 * what no module defines any more is gone too. One DROP for all functions,
 * which may depend on each other.
 */
static const char migrate_drop_sql[] =
	"DO $drop$ DECLARE r record; names text; BEGIN\n"
	"FOR r IN SELECT p.polname, p.polrelid::regclass AS t\n"
	"    FROM pg_policy p JOIN pg_class c ON c.oid = p.polrelid\n"
	"    WHERE c.relnamespace = '" MIGRATE_SCHEMA "'::regnamespace LOOP\n"
	"    EXECUTE format('DROP POLICY %I ON %s', r.polname, r.t);\n"
	"END LOOP;\n"
	"FOR r IN SELECT t.tgname, t.tgrelid::regclass AS t\n"
	"    FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid\n"
	"    WHERE c.relnamespace = '" MIGRATE_SCHEMA "'::regnamespace\n"
	"    AND NOT t.tgisinternal LOOP\n"
	"    EXECUTE format('DROP TRIGGER %I ON %s', r.tgname, r.t);\n"
	"END LOOP;\n"
	"SELECT string_agg(c.oid::regclass::text, ', ') INTO names\n"
	"    FROM pg_class c\n"
	"    WHERE c.relnamespace = '" MIGRATE_SCHEMA "'::regnamespace\n"
	"    AND c.relkind = 'v';\n"
	"IF names IS NOT NULL THEN\n"
	"    EXECUTE 'DROP VIEW ' || names;\n"
	"END IF;\n"
	"SELECT string_agg(p.oid::regprocedure::text, ', ') INTO names\n"
	"    FROM pg_proc p\n"
	"    WHERE p.pronamespace = '" MIGRATE_SCHEMA "'::regnamespace\n"
	"    AND NOT EXISTS (SELECT 1 FROM pg_depend e\n"
	"    WHERE e.classid = 'pg_proc'::regclass AND e.objid = p.oid\n"
	"    AND e.deptype = 'e')\n"
	"    AND p.oid NOT IN (" MIGRATE_KEYS_SQL ");\n"
	"IF names IS NOT NULL THEN\n"
	"    EXECUTE 'DROP FUNCTION ' || names;\n"
	"END IF;\n"
	"END $drop$;\n";

/*
 * Which modules differ from what the database recorded: *keys counts the
 * key modules, *all every module, and a recorded module the program no
 * longer has. Inside the caller's transaction.
 */
static enum sb_status
migrate_modules_changed(PGconn *conn, size_t *keys, size_t *all,
    struct sb_error *err)
{
	const struct migrate_module	*m;
	PGresult			*res;
	enum sb_status			 status;
	size_t				 i;
	int				 j, found;

	status = migrate_exec(conn, "SELECT name, checksum FROM "
	    MIGRATE_SCHEMA ".schema_modules", 0, NULL, &res, err,
	    "cannot read the applied modules");
	if (status != SB_OK)
		return status;
	*keys = *all = 0;
	for (i = 0; i < migrate_module_count; i++) {
		m = &migrate_module_list[i];
		for (found = 0, j = 0; !found && j < PQntuples(res); j++)
			found = strcmp(PQgetvalue(res, j, 0), m->name) == 0 &&
			    strcmp(PQgetvalue(res, j, 1), m->checksum) == 0;
		if (!found) {
			*keys += m->key;
			(*all)++;
		}
	}
	/* Each name once: more rows than matches are modules gone. */
	if ((size_t)PQntuples(res) > migrate_module_count - *all)
		(*all)++;
	PQclear(res);
	return SB_OK;
}

/* Run one module as the owner; a key module recomputes what it changed. */
static enum sb_status
migrate_module_run(PGconn *conn, const struct migrate_module *m,
    struct sb_error *err)
{
	const char	*params[2];
	char		 what[128];
	enum sb_status	 status = SB_OK;

	snprintf(what, sizeof what, "module %s failed", m->name);
	if (m->key)
		status = migrate_exec(conn, migrate_keys_before_sql, 0, NULL,
		    NULL, err, what);
	if (status == SB_OK)
		status = migrate_exec(conn, "SET LOCAL ROLE " MIGRATE_OWNER_ROLE
		    ";\nSET LOCAL check_function_bodies = off", 0, NULL, NULL,
		    err, what);
	if (status == SB_OK)
		status = migrate_exec(conn, m->sql, 0, NULL, NULL, err, what);
	if (status == SB_OK)
		status = migrate_exec(conn, "RESET ROLE", 0, NULL, NULL, err,
		    what);
	if (status == SB_OK && m->key)
		status = migrate_exec(conn, migrate_keys_after_sql, 0, NULL,
		    NULL, err, what);
	params[0] = m->name;
	params[1] = m->checksum;
	if (status == SB_OK)
		status = migrate_exec(conn, "INSERT INTO " MIGRATE_SCHEMA
		    ".schema_modules (name, checksum) VALUES ($1, $2)"
		    " ON CONFLICT (name) DO UPDATE SET checksum ="
		    " excluded.checksum, applied_at = now()", 2, params, NULL,
		    err, what);
	return status;
}

/*
 * Apply the modules that changed, in one transaction. Before the numbered
 * migrations (all 0) only the key modules, each by itself; after them
 * (all 1), if any module changed, the schema's functions, views, triggers
 * and policies are dropped and every module is applied again.
 */
static enum sb_status
migrate_modules_apply(PGconn *conn, int all, struct sb_error *err)
{
	const char	*what = "cannot apply the modules";
	enum sb_status	 status;
	size_t		 i, keys, changed;

	status = migrate_exec(conn, migrate_begin_sql, 0, NULL, NULL, err,
	    what);
	if (status == SB_OK)
		status = migrate_modules_changed(conn, &keys, &changed, err);
	if (status != SB_OK)
		goto fail;
	if (all ? changed == 0 : keys == 0)
		return migrate_exec(conn, "COMMIT", 0, NULL, NULL, err, what);
	if (all) {
		status = migrate_exec(conn, "SET LOCAL ROLE " MIGRATE_OWNER_ROLE
		    ";\n", 0, NULL, NULL, err, what);
		if (status == SB_OK)
			status = migrate_exec(conn, migrate_drop_sql, 0, NULL,
			    NULL, err, what);
		if (status == SB_OK)
			status = migrate_exec(conn, "RESET ROLE;\nDELETE FROM "
			    MIGRATE_SCHEMA ".schema_modules", 0, NULL, NULL,
			    err, what);
	}
	for (i = 0; status == SB_OK && i < migrate_module_count; i++)
		if (all || migrate_module_list[i].key)
			status = migrate_module_run(conn,
			    &migrate_module_list[i], err);
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

/* How many modules are new or changed (all of them before the first). */
static enum sb_status
migrate_status_modules(PGconn *conn, struct migrate_status *st,
    struct sb_error *err)
{
	PGresult	*res;
	enum sb_status	 status;
	size_t		 keys;
	int		 exists;

	status = migrate_exec(conn, "SELECT to_regclass('" MIGRATE_SCHEMA
	    ".schema_modules') IS NOT NULL", 0, NULL, &res, err,
	    "cannot read the applied modules");
	if (status != SB_OK)
		return status;
	exists = strcmp(PQgetvalue(res, 0, 0), "t") == 0;
	PQclear(res);
	st->modules_pending = migrate_module_count;
	if (!exists)
		return SB_OK;
	return migrate_modules_changed(conn, &keys, &st->modules_pending, err);
}

static int
migrate_module_cmp(const void *a, const void *b)
{
	const struct migrate_module	*const *ma = a, *const *mb = b;

	return strcmp((*ma)->name, (*mb)->name);
}

char *
migrate_module_state(void)
{
	const struct migrate_module	**sorted;
	char				 *out, *line;
	size_t				  i;

	sorted = xreallocarray(NULL, migrate_module_count + 1,
	    sizeof *sorted);
	for (i = 0; i < migrate_module_count; i++)
		sorted[i] = &migrate_module_list[i];
	qsort(sorted, migrate_module_count, sizeof *sorted,
	    migrate_module_cmp);
	out = xstrdup("");
	for (i = 0; i < migrate_module_count; i++) {
		line = xasprintf("%s%s %s\n", out, sorted[i]->name,
		    sorted[i]->checksum);
		free(out);
		out = line;
	}
	free(sorted);
	return out;
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
