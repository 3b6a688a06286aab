/* Apply the schema's modules, and run the migrations' statements. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libpq-fe.h>

#include "switchboard/migrate.h"
#include "switchboard/util.h"

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
enum sb_status
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
void
migrate_rollback(PGconn *conn)
{
	PQclear(PQexecParams(conn, "ROLLBACK", 0, NULL, NULL, NULL, NULL, 0));
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
enum sb_status
migrate_modules_apply(PGconn *conn, int all, struct sb_error *err)
{
	const char	*what = "cannot apply the modules";
	enum sb_status	 status;
	size_t		 i, keys, changed;

	status = migrate_exec(conn, MIGRATE_BEGIN_SQL, 0, NULL, NULL, err,
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

/* How many modules are new or changed (all of them before the first). */
enum sb_status
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
