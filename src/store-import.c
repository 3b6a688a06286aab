/* Import into an organization: a transaction a batch, one call or a record. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libpq-fe.h>

#include "switchboard/db-pq.h"
#include "switchboard/import.h"
#include "switchboard/out.h"
#include "switchboard/store-import.h"
#include "switchboard/util.h"

static const char *const store_import_closes[] = { "ask", "link", "create" };

static enum sb_status
store_import_exec(struct db *db, const char *sql, struct sb_error *err)
{
	return (db_exec(db, sql, 0, NULL, NULL, err));
}

enum sb_status
store_import_begin(struct db *db, long long key, struct sb_error *err)
{
	char		 k[24];
	const char	*params[1] = { k };
	enum sb_status	 status;

	if ((status = store_import_exec(db, "BEGIN", err)) != SB_OK)
		return (status);
	snprintf(k, sizeof k, "%lld", key);
	return (db_exec(db, "SELECT pg_advisory_xact_lock($1::bigint)", 1,
	    params, NULL, err));
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
	const char	*params[6] = { org_id, role, system, source_id, json,
	    store_import_closes[close] };
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

/* Records first to first + n of f as one JSON array for the batch. */
static char *
store_import_batch_json(const struct import_file *f, size_t first, size_t n,
    const char *role)
{
	const struct import_record	*r;
	char				*buf = NULL, *v, *card;
	size_t				 len = 0, i;
	FILE				*m;

	if ((m = open_memstream(&buf, &len)) == NULL)
		fatal("open_memstream failed");
	fputc('[', m);
	for (i = first; i < first + n; i++) {
		r = &f->records[i];
		v = out_cell_json(r->source_id);
		fprintf(m, "%s{\"source_id\": %s, ", i > first ? ", " : "", v);
		free(v);
		v = out_cell_json(*r->role != '\0' ? r->role : role);
		card = import_record_json(r);
		fprintf(m, "\"role\": %s, \"card\": %s}", v, card);
		free(card);
		free(v);
	}
	fputc(']', m);
	if (fclose(m) != 0)
		fatal("open_memstream failed");
	return (buf);
}

/*
 * Row i of the batch's result into out[i], and into whom[i] whom a close
 * record is close to (or, for an outcome this program does not know,
 * what the server said).
 */
static void
store_import_batch_row(PGresult *r, int i, enum store_import_outcome *out,
    char **whom)
{
	const char	*v = PQgetvalue(r, i, 1);

	out[i] = store_import_outcome_parse(v);
	whom[i] = NULL;
	if (strncmp(v, "close ", 6) == 0) {
		out[i] = STORE_IMPORT_CLOSE;
		whom[i] = xstrdup(v + 6);
	} else if (out[i] == STORE_IMPORT_REFUSED)
		whom[i] = xstrdup(v);
}

enum sb_status
store_import_batch_send(struct db *db, const char *org_id, const char *role,
    const struct import_file *f, size_t first, size_t n,
    enum store_import_close close, const long long *after,
    struct sb_error *err)
{
	char		 key[24];
	const char	*params[6] = { org_id, role, f->system, NULL,
	    store_import_closes[close], NULL };
	enum sb_status	 status;
	char		*json;

	if ((status = store_import_exec(db, "SAVEPOINT sb_import_batch",
	    err)) != SB_OK)
		return (status);
	if (after != NULL) {
		snprintf(key, sizeof key, "%lld", *after);
		params[5] = key;
	}
	params[3] = json = store_import_batch_json(f, first, n, role);
	status = db_send(db, "SELECT n, outcome FROM sb.contact_import_batch("
	    "$1::uuid, $2, $3, $5, $4::jsonb, $6::bigint) ORDER BY n", 6,
	    params, err);
	free(json);
	return (status);
}

enum sb_status
store_import_batch_receive(struct db *db, size_t n,
    enum store_import_outcome *out, char **whom, bool *took, bool *again,
    struct sb_error *err)
{
	PGresult	*r = NULL;
	enum sb_status	 status;
	struct sb_error	 why;
	int		 i;

	*took = *again = false;
	sb_error_clear(&why);
	status = db_receive(db, &r, &why);
	if (status == SB_OK && (size_t)PQntuples(r) == n) {
		for (i = 0; i < PQntuples(r); i++)
			store_import_batch_row(r, i, out, whom);
		*took = true;
	}
	if (status == SB_OK)
		PQclear(r);
	/*
	 * The directory changed under it (40001), or it met the batch
	 * before it (a deadlock, a lock it would not wait for): again.
	 */
	*again = status != SB_OK && (strcmp(why.sqlstate, "40001") == 0 ||
	    strcmp(why.sqlstate, "40P01") == 0 ||
	    strcmp(why.sqlstate, "55P03") == 0);
	/* Not taken (or refused): the batch goes record by record. */
	return (store_import_exec(db, *took ?
	    "RELEASE SAVEPOINT sb_import_batch" :
	    "ROLLBACK TO SAVEPOINT sb_import_batch", err));
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
