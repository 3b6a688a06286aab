/* Write commands: one transaction each, idempotent by command id. */
#include "config.h"

#include <sys/random.h>

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "switchboard/db-pq.h"
#include "switchboard/store-command.h"
#include "switchboard/util.h"
#include "store-command-int.h"

/*
 * The result recorded for a command, as columns: id, version, changed and
 * the jsonb itself. $1 id, $2 the stream whose version counts, $3 changed,
 * $5 a second stream whose version counts (NULL: none).
 */
#define STORE_VERSION_SQL(p)						\
	"coalesce((SELECT version FROM sb.contacts WHERE id = " p "),"	\
	"(SELECT version FROM sb.organizations WHERE id = " p "),"	\
	"(SELECT version FROM sb.phones WHERE id = " p "),"		\
	"(SELECT version FROM sb.addresses WHERE id = " p "), 0)"
#define STORE_RESULT_SQL						\
	"jsonb_build_object('id', $1::uuid, 'version', "		\
	STORE_VERSION_SQL("$2::uuid") ", 'version2', "			\
	STORE_VERSION_SQL("$5::uuid") ", 'changed', $3::boolean)"

/* A lock the command's transaction holds, so recovery can wait it out. */
#define STORE_LOCK_SQL	"pg_advisory_xact_lock(hashtextextended($1, 7))"

void
store_command_id_new(char out[STORE_UUID_LEN + 1])
{
	unsigned char	b[16];
	ssize_t		n;
	size_t		i;
	char		*p = out;

	do
		n = getrandom(b, sizeof b, 0);
	while (n < 0 && errno == EINTR);
	if (n != (ssize_t)sizeof b)
		fatal("getrandom failed");
	b[6] = (b[6] & 0x0f) | 0x40;
	b[8] = (b[8] & 0x3f) | 0x80;
	for (i = 0; i < sizeof b; i++) {
		if (i == 4 || i == 6 || i == 8 || i == 10)
			*p++ = '-';
		p += snprintf(p, 3, "%02x", b[i]);
	}
}

int
store_uuid_valid(const char *s)
{
	size_t	i;

	if (s == NULL || strlen(s) != STORE_UUID_LEN)
		return 0;
	for (i = 0; i < STORE_UUID_LEN; i++) {
		if (i == 8 || i == 13 || i == 18 || i == 23) {
			if (s[i] != '-')
				return 0;
		} else if (!isxdigit((unsigned char)s[i]))
			return 0;
	}
	return 1;
}

/* Fill res from a row of (id, version, changed, version2). */
static void
store_result_from_row(const PGresult *r, struct store_result *res)
{
	snprintf(res->id, sizeof res->id, "%s", PQgetvalue(r, 0, 0));
	res->version = strtol(PQgetvalue(r, 0, 1), NULL, 10);
	res->changed = strcmp(PQgetvalue(r, 0, 2), "true") == 0;
	res->version2 = strtol(PQgetvalue(r, 0, 3), NULL, 10);
}

/* Roll back whatever is open; errors here change nothing for the caller. */
static void
store_rollback(struct db *db)
{
	PGresult	*r;

	r = PQexecParams(db_conn(db), "ROLLBACK", 0, NULL, NULL, NULL, NULL,
	    0);
	PQclear(r);
}

/* The recorded result of cmd_id into res; SB_NOT_FOUND if none. */
static enum sb_status
store_command_recorded(struct db *db, const char *cmd_id,
    struct store_result *res, struct sb_error *err)
{
	static const char sql[] = "SELECT r->>'id', r->>'version', "
	    "r->>'changed', coalesce(r->>'version2', '0') FROM "
	    "sb.command_result($1::uuid) AS r WHERE r IS NOT NULL";
	PGresult	*r;
	enum sb_status	 st;

	st = db_exec(db, sql, 1, &cmd_id, &r, err);
	if (st != SB_OK)
		return st;
	if (PQntuples(r) == 0)
		st = SB_NOT_FOUND;
	else
		store_result_from_row(r, res);
	PQclear(r);
	return st;
}

enum sb_status
store_command_outcome(struct db *db, const char *cmd_id,
    struct store_result *res, struct sb_error *err)
{
	static const char lock[] = "SELECT " STORE_LOCK_SQL;
	enum sb_status	 st;

	memset(res, 0, sizeof *res);
	st = db_exec(db, "BEGIN", 0, NULL, NULL, err);
	if (st == SB_OK)
		st = db_exec(db, lock, 1, &cmd_id, NULL, err);
	if (st == SB_OK)
		st = store_command_recorded(db, cmd_id, res, err);
	store_rollback(db);
	if (st == SB_OK) {
		res->recovered = true;
		sb_error_clear(err);
	}
	return st;
}

/*
 * The connection broke mid-command. Reconnect, wait for the old
 * transaction to end (its advisory lock), and ask whether it committed.
 */
static enum sb_status
store_command_recover(struct db *db, const char *cmd_id,
    struct store_result *res, struct sb_error *err)
{
	enum sb_status	 st;

	st = db_reset(db, err);
	if (st == SB_OK)
		st = store_command_outcome(db, cmd_id, res, err);
	if (st == SB_OK)
		return SB_OK;
	if (st == SB_NOT_FOUND)
		sb_error_set(err, SB_UNAVAILABLE, "the connection was lost "
		    "before the change was saved; nothing was applied");
	else {
		res->unsure = true;
		sb_error_set(err, SB_UNAVAILABLE, "the connection was lost; "
		    "it is not known whether the change was saved");
	}
	sb_error_hint(err, "Try again: the same action is applied at most "
	    "once.");
	return SB_UNAVAILABLE;
}

/* BEGIN and claim cmd_id; *fresh is 0 when it was applied before. */
static enum sb_status
store_command_begin(struct db *db, const char *cmd_id, const char *name,
    int *fresh, struct sb_error *err)
{
	static const char sql[] = "SELECT " STORE_LOCK_SQL ", "
	    "sb.command_begin($1::uuid, $2)";
	const char	*params[2] = { cmd_id, name };
	PGresult	*r;
	enum sb_status	 st;

	st = db_exec(db, "BEGIN", 0, NULL, NULL, err);
	if (st != SB_OK)
		return st;
	st = db_exec(db, sql, 2, params, &r, err);
	if (st != SB_OK)
		return st;
	*fresh = strcmp(PQgetvalue(r, 0, 1), "t") == 0;
	PQclear(r);
	return SB_OK;
}

/* Run the command's statement, then record its result. */
static enum sb_status
store_command_apply(struct db *db, const char *cmd_id,
    const struct store_cmd *c, struct store_result *res,
    struct sb_error *err)
{
	static const char sql[] = "SELECT r->>'id', r->>'version', "
	    "r->>'changed', r->>'version2', sb.command_finish($4::uuid, r) "
	    "FROM (SELECT " STORE_RESULT_SQL " AS r) s";
	const char	*params[5];
	PGresult	*r, *r2;
	enum sb_status	 st;

	st = db_exec(db, c->sql, c->nparams, c->params, &r, err);
	if (st != SB_OK)
		return st;
	if (PQntuples(r) != 1 || PQnfields(r) < 3 || PQnfields(r) > 4) {
		PQclear(r);
		return sb_error_set(err, SB_INTERNAL, "command %s returned no "
		    "result", c->name);
	}
	params[0] = PQgetvalue(r, 0, 0);
	params[1] = PQgetisnull(r, 0, 1) ? params[0] : PQgetvalue(r, 0, 1);
	params[2] = PQgetvalue(r, 0, 2);
	params[3] = cmd_id;
	params[4] = PQnfields(r) == 4 && !PQgetisnull(r, 0, 3) ?
	    PQgetvalue(r, 0, 3) : NULL;
	st = db_exec(db, sql, 5, params, &r2, err);
	PQclear(r);
	if (st != SB_OK)
		return st;
	store_result_from_row(r2, res);
	PQclear(r2);
	return SB_OK;
}

enum sb_status
store_command_run(struct db *db, const char *cmd_id,
    const struct store_cmd *c, struct store_result *res,
    struct store_conflict **conflict, struct sb_error *err)
{
	enum sb_status	st;
	int		fresh = 0;

	memset(res, 0, sizeof *res);
	sb_error_clear(err);
	if (conflict != NULL)
		*conflict = NULL;
	if (!store_uuid_valid(cmd_id)) {
		sb_error_set(err, SB_INVALID, "the command id is not a UUID");
		sb_error_field(err, "command_id");
		return SB_INVALID;
	}
	/*
	 * Lost before this command sent anything (the server went away and
	 * came back): nothing of it can have landed, so reconnect first.
	 */
	if (db_is_broken(db) && db_reset(db, err) != SB_OK) {
		sb_error_set(err, SB_UNAVAILABLE, "the server is unreachable; "
		    "nothing was applied");
		sb_error_hint(err, "Try again when it is back: the same "
		    "action is applied at most once.");
		return SB_UNAVAILABLE;
	}
	st = store_command_begin(db, cmd_id, c->name, &fresh, err);
	if (st == SB_OK && !fresh) {
		st = store_command_recorded(db, cmd_id, res, err);
		if (st == SB_OK) {
			res->replayed = true;
			store_rollback(db);
			return SB_OK;
		}
		if (st == SB_NOT_FOUND)
			st = sb_error_set(err, SB_INTERNAL, "command %s was "
			    "claimed but has no result", cmd_id);
	}
	if (st == SB_OK)
		st = store_command_apply(db, cmd_id, c, res, err);
	if (st == SB_OK)
		st = db_commit(db, err);
	if (st == SB_OK)
		return SB_OK;
	if (db_is_broken(db))
		return store_command_recover(db, cmd_id, res, err);
	store_rollback(db);
	memset(res, 0, sizeof *res);
	if (st == SB_CONFLICT && conflict != NULL && c->stream != NULL)
		store_conflict_read(db, c, conflict);
	return st;
}

/*
 * Field by field, what the events after the version the user saw did:
 * the value before the first of them, after the last, and who made the
 * last. Entity updates name the column; other events (links, emails) are
 * named by the event and the field they set.
 */
static const char store_conflict_sql[] =
    "WITH ev AS (SELECT stream_version AS v, actor, recorded_at, "
    "event_type, payload FROM sb.domain_events WHERE stream_type = $1 "
    "AND stream_id = $2::uuid AND stream_version > $3::integer), "
    "f AS (SELECT v, actor, recorded_at, CASE WHEN event_type ~ "
    "'\\.updated$' THEN k.key ELSE regexp_replace(event_type, "
    "'^[a-z]+\\.', '') || coalesce('.' || k.key, '') END AS field, "
    "payload->'before'->k.key AS b, k.value AS a FROM ev LEFT JOIN "
    "LATERAL jsonb_each(CASE WHEN jsonb_typeof(payload->'after') = "
    "'object' THEN payload->'after' ELSE '{}' END) k ON true) "
    "SELECT field, (array_agg(b ORDER BY v))[1] #>> '{}', "
    "(array_agg(a ORDER BY v DESC))[1] #>> '{}', "
    "(array_agg(actor ORDER BY v DESC))[1], "
    "(array_agg(recorded_at ORDER BY v DESC))[1]::text, "
    "(SELECT coalesce(max(stream_version), 0) FROM sb.domain_events "
    "WHERE stream_type = $1 AND stream_id = $2::uuid) "
    "FROM f GROUP BY field ORDER BY min(v), field";

static char *
store_value_dup(const PGresult *r, int row, int col)
{
	if (PQgetisnull(r, row, col))
		return NULL;
	return xstrdup(PQgetvalue(r, row, col));
}

void
store_conflict_read(struct db *db, const struct store_cmd *c,
    struct store_conflict **out)
{
	struct store_conflict	*k;
	struct store_change	*ch;
	char			 ver[32];
	const char		*params[3] = { c->stream, c->stream_id, ver };
	PGresult		*r;
	int			 i, n;

	snprintf(ver, sizeof ver, "%ld", c->expected);
	if (db_exec(db, store_conflict_sql, 3, params, &r, NULL) != SB_OK)
		return;
	k = xcalloc(1, sizeof *k);
	snprintf(k->stream, sizeof k->stream, "%s", c->stream);
	snprintf(k->id, sizeof k->id, "%s", c->stream_id);
	k->seen_version = c->expected;
	n = PQntuples(r);
	k->changes = xcalloc(n > 0 ? n : 1, sizeof *k->changes);
	for (i = 0; i < n; i++) {
		ch = &k->changes[k->count++];
		ch->field = xstrdup(PQgetvalue(r, i, 0));
		ch->seen = store_value_dup(r, i, 1);
		ch->current = store_value_dup(r, i, 2);
		ch->actor = store_value_dup(r, i, 3);
		ch->at = store_value_dup(r, i, 4);
		k->current_version = strtol(PQgetvalue(r, i, 5), NULL, 10);
	}
	PQclear(r);
	*out = k;
}

void
store_conflict_free(struct store_conflict *k)
{
	size_t	i;

	if (k == NULL)
		return;
	for (i = 0; i < k->count; i++) {
		free(k->changes[i].field);
		free(k->changes[i].seen);
		free(k->changes[i].current);
		free(k->changes[i].actor);
		free(k->changes[i].at);
	}
	free(k->changes);
	free(k);
}

void
store_changes_init(struct store_changes *ch)
{
	ch->json = xstrdup("{}");
	ch->count = 0;
}

void
store_changes_clear(struct store_changes *ch)
{
	free(ch->json);
	ch->json = NULL;
	ch->count = 0;
}

/* s as a JSON string, quotes included. Caller frees. */
static char *
store_json_string(const char *s)
{
	char	*out = xmalloc(strlen(s) * 6 + 3), *p = out;

	*p++ = '"';
	for (; *s != '\0'; s++) {
		if (*s == '"' || *s == '\\') {
			*p++ = '\\';
			*p++ = *s;
		} else if ((unsigned char)*s < 0x20)
			p += sprintf(p, "\\u%04x", (unsigned char)*s);
		else
			*p++ = *s;
	}
	*p++ = '"';
	*p = '\0';
	return out;
}

void
store_changes_set(struct store_changes *ch, const char *field,
    const char *value)
{
	char	*k, *v, *next;

	k = store_json_string(field);
	v = value != NULL ? store_json_string(value) : xstrdup("null");
	ch->json[strlen(ch->json) - 1] = '\0';
	next = xasprintf("%s%s%s: %s}", ch->json, ch->count > 0 ? ", " : "",
	    k, v);
	free(ch->json);
	ch->json = next;
	ch->count++;
	free(k);
	free(v);
}
