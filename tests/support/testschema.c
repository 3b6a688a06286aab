/* Test support: a schema as an older program left it, and schema dumps. */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libpq-fe.h>

#include "switchboard/cluster.h"
#include "switchboard/error.h"
#include "switchboard/util.h"
#include "testdb.h"
#include "testschema.h"
#include "testsql.h"

/* The bootstrap of the program whose last migration was 045. */
static const char testschema_legacy_bootstrap[] =
	"BEGIN;\n"
	"SET LOCAL client_min_messages = warning;\n"
	"SELECT pg_advisory_xact_lock(hashtext('switchboard migrate'));\n"
	"DO $$ BEGIN\n"
	"    IF NOT EXISTS (SELECT 1 FROM pg_roles\n"
	"        WHERE rolname = 'switchboard_owner') THEN\n"
	"        CREATE ROLE switchboard_owner NOLOGIN;\n"
	"    END IF;\n"
	"EXCEPTION WHEN duplicate_object THEN NULL;\n"
	"END $$;\n"
	"CREATE SCHEMA IF NOT EXISTS sb AUTHORIZATION switchboard_owner;\n"
	"CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA sb;\n"
	"CREATE EXTENSION IF NOT EXISTS unaccent WITH SCHEMA sb;\n"
	"SET LOCAL ROLE switchboard_owner;\n"
	"CREATE TABLE IF NOT EXISTS sb.schema_migrations (\n"
	"    version integer PRIMARY KEY,\n"
	"    name text NOT NULL,\n"
	"    applied_at timestamptz NOT NULL DEFAULT now(),\n"
	"    checksum text NOT NULL);\n"
	"COMMIT;\n";

void
testschema_legacy_run_to(PGconn *su, int last)
{
	const struct migration	*m;
	char			 version[16];
	char			*applied;
	size_t			 i;

	testsql_exec(su, testschema_legacy_bootstrap);
	for (i = 0; i < legacy_migrate_count; i++) {
		m = &legacy_migrate_list[i];
		if (m->version > last)
			break;
		snprintf(version, sizeof version, "%d", m->version);
		applied = testsql_value(su, "SELECT count(*) FROM"
		    " sb.schema_migrations WHERE version = $1", version, NULL);
		if (strcmp(applied, "0") != 0) {
			free(applied);
			continue;
		}
		free(applied);
		testsql_exec(su, "BEGIN; SET LOCAL client_min_messages ="
		    " warning; SET LOCAL ROLE switchboard_owner");
		testsql_exec(su, m->sql);
		free(testsql_value(su, "INSERT INTO sb.schema_migrations"
		    " (version, name, checksum) VALUES ($1, $2,"
		    " encode(sha256(convert_to($3::text, 'UTF8')), 'hex'))",
		    version, m->name, m->sql, NULL));
		testsql_exec(su, "COMMIT");
	}
}

char *
testschema_normalize(const char *text)
{
	char		*out = xmalloc(strlen(text) + 1), *o = out;
	const char	*line = text, *end;
	size_t		 len;

	while (*line != '\0') {
		end = strchr(line, '\n');
		len = end != NULL ? (size_t)(end - line) : strlen(line);
		if (len > 0 && strncmp(line, "--", 2) != 0 &&
		    strncmp(line, "\\restrict", 9) != 0 &&
		    strncmp(line, "\\unrestrict", 11) != 0) {
			memcpy(o, line, len);
			o += len;
			*o++ = '\n';
		}
		line += len + (end != NULL);
	}
	*o = '\0';
	return out;
}

char *
testschema_dump(const struct testdb *db, const char *dbname)
{
	struct sb_error	 err;
	char		*bindir, *cmd, *text, *out;
	char		 buf[8192];
	size_t		 len = 0, n;
	FILE		*p;

	if ((bindir = cluster_exec_find_bindir(&err)) == NULL)
		fail_msg("no PostgreSQL binaries: %s", err.message);
	cmd = xasprintf("'%s/pg_dump' --schema-only --no-sync -h '%s' -p %d"
	    " -U postgres -d '%s'", bindir, testdb_host(db), testdb_port(db),
	    dbname);
	free(bindir);
	if ((p = popen(cmd, "r")) == NULL)
		fail_msg("cannot run %s", cmd);
	text = xmalloc(1);
	while ((n = fread(buf, 1, sizeof buf, p)) > 0) {
		text = xreallocarray(text, len + n + 1, 1);
		memcpy(text + len, buf, n);
		len += n;
	}
	text[len] = '\0';
	if (pclose(p) != 0 || len == 0)
		fail_msg("%s failed", cmd);
	free(cmd);
	out = testschema_normalize(text);
	free(text);
	return out;
}

/* Write text to a new temporary file; its path, for the caller to free. */
static char *
testschema_temp(const char *text)
{
	char	*path = xstrdup("/tmp/sb-schema-XXXXXX");
	int	 fd;
	size_t	 len = strlen(text);

	if ((fd = mkstemp(path)) == -1 ||
	    write(fd, text, len) != (ssize_t)len || close(fd) == -1)
		fail_msg("cannot write %s", path);
	return path;
}

int
testschema_same(const char *want, const char *got, const char *want_label,
    const char *got_label)
{
	char	*a, *b, *cmd;

	if (strcmp(want, got) == 0)
		return 1;
	a = testschema_temp(want);
	b = testschema_temp(got);
	cmd = xasprintf("diff -u --label '%s' --label '%s' '%s' '%s' | "
	    "head -n 200", want_label, got_label, a, b);
	fflush(stdout);
	if (system(cmd) == -1)
		printf("(cannot run diff)\n");
	fflush(stdout);
	unlink(a);
	unlink(b);
	free(a);
	free(b);
	free(cmd);
	return 0;
}
