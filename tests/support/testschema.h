/* Test support: a schema as an older program left it, and schema dumps. */
#ifndef SWITCHBOARD_TESTSCHEMA_H
#define SWITCHBOARD_TESTSCHEMA_H

#include <stddef.h>

#include <libpq-fe.h>

#include "switchboard/migrate.h"

struct testdb;

/* The history before the baseline, frozen in tests/db/data/legacy/. */
extern const struct migration	legacy_migrate_list[];
extern const size_t		legacy_migrate_count;

/*
 * Apply the frozen history up to and including version last to the
 * database of su (a superuser connection) exactly as the program of that
 * time did: its bootstrap, one transaction per migration as the owner
 * role, each recorded with its checksum. Fails the test on error.
 */
void	 testschema_legacy_run_to(PGconn *su, int last);

/*
 * pg_dump --schema-only of database dbname, with comments, blank lines
 * and pg_dump's \restrict keys left out. Fails the test on error. Caller
 * frees.
 */
char	*testschema_dump(const struct testdb *db, const char *dbname);

/*
 * text without what differs between two dumps of one schema: comment and
 * blank lines, pg_dump's \restrict keys. Caller frees.
 */
char	*testschema_normalize(const char *text);

/*
 * Whether want and got are the same text; if not, print a unified diff
 * of them (labelled) to stdout.
 */
int	 testschema_same(const char *want, const char *got,
	    const char *want_label, const char *got_label);

#endif
