/* Import into an organization: a transaction a batch, a savepoint a record. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <libpq-fe.h>

#include "switchboard/db-pq.h"
#include "switchboard/store-import.h"
#include "switchboard/util.h"

static enum sb_status
store_import_exec(struct db *db, const char *sql, struct sb_error *err)
{
	return (db_exec(db, sql, 0, NULL, NULL, err));
}

enum sb_status
store_import_begin(struct db *db, struct sb_error *err)
{
	return (store_import_exec(db, "BEGIN", err));
}

enum sb_status
store_import_end(struct db *db, bool commit, struct sb_error *err)
{
	return (store_import_exec(db, commit ? "COMMIT" : "ROLLBACK", err));
}

static enum store_import_outcome
store_import_outcome_parse(const char *s)
{
	static const char *const names[] = { "created", "updated",
	    "unchanged", "linked", "ambiguous" };
	size_t	i;

	for (i = 0; i < SB_ARRAY_LEN(names); i++)
		if (strcmp(s, names[i]) == 0)
			return ((enum store_import_outcome)i);
	return (STORE_IMPORT_REFUSED);
}

enum sb_status
store_import_record(struct db *db, const char *org_id, const char *role,
    const char *system, const char *source_id, const char *json,
    enum store_import_close close, enum store_import_outcome *out,
    struct sb_error *err)
{
	static const char *const closes[] = { "ask", "link", "create" };
	const char	*params[6] = { org_id, role, system, source_id, json,
	    closes[close] };
	PGresult	*r = NULL;
	enum sb_status	 status;
	struct sb_error	 undo;
	const char	*v;

	if ((status = store_import_exec(db, "SAVEPOINT sb_import", err)) !=
	    SB_OK)
		return (status);
	status = db_exec(db, "SELECT sb.contact_import($1::uuid, $2, $3, $4,"
	    " $5::jsonb, $6)", 6, params, &r, err);
	if (status == SB_OK) {
		v = PQgetvalue(r, 0, 0);
		*out = store_import_outcome_parse(v);
		/* "close NAME (ORGANIZATIONS)": whom it is close to. */
		if (strncmp(v, "close ", 6) == 0) {
			*out = STORE_IMPORT_CLOSE;
			sb_error_set(err, SB_OK, "%s", v + 6);
		}
		PQclear(r);
		return (store_import_exec(db, "RELEASE SAVEPOINT sb_import",
		    err));
	}
	if (status != SB_INVALID)
		return (status);
	*out = STORE_IMPORT_REFUSED;
	return (store_import_exec(db, "ROLLBACK TO SAVEPOINT sb_import",
	    &undo) == SB_OK ? SB_OK : undo.status);
}

enum sb_status
store_import_roles(struct db *db, char ***codes, size_t *n,
    struct sb_error *err)
{
	PGresult	*r;
	enum sb_status	 status;
	int		 i;

	*codes = NULL;
	*n = 0;
	status = db_exec(db, "SELECT code FROM sb.contact_roles WHERE active"
	    " ORDER BY sort_order, code", 0, NULL, &r, err);
	if (status != SB_OK)
		return (status);
	*codes = xcalloc((size_t)PQntuples(r) + 1, sizeof **codes);
	for (i = 0; i < PQntuples(r); i++)
		(*codes)[i] = xstrdup(PQgetvalue(r, i, 0));
	*n = (size_t)PQntuples(r);
	PQclear(r);
	return (SB_OK);
}
