/* Item changes and removals checked against what the person saw. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libpq-fe.h>

#include "switchboard/db-pq.h"
#include "switchboard/store-items.h"
#include "switchboard/util.h"
#include "switchboard/validate.h"
#include "store-command-int.h"

/* An email's fields now and the last event that touched it. */
static const char store_sql_email_now[] =
    "SELECT e.address, e.type, e.is_primary::text, ev.actor,"
    " ev.recorded_at::text FROM sb.emails e"
    " LEFT JOIN LATERAL (SELECT d.actor, d.recorded_at"
    "  FROM sb.domain_events d WHERE d.stream_type = 'contact'"
    "  AND d.stream_id = e.contact_id"
    "  AND d.payload->>'email_id' = e.id::text"
    "  ORDER BY d.stream_version DESC LIMIT 1) ev ON true"
    " WHERE e.id = $1::uuid AND e.contact_id = $2::uuid";

/* seen as the jsonb the commands take. */
static void
store_email_seen_json(const struct store_email_seen *seen,
    struct store_changes *ch)
{
	store_changes_init(ch);
	if (seen == NULL)
		return;
	if (seen->address != NULL)
		store_changes_set(ch, "address", seen->address);
	if (seen->type != NULL)
		store_changes_set(ch, "type", seen->type);
	if (seen->primary != NULL)
		store_changes_set(ch, "is_primary", seen->primary);
}

static void
store_email_conflict_add(struct store_conflict *k, const PGresult *r,
    const char *field, const char *seen, int col)
{
	struct store_change	*ch;
	const char		*now = PQgetvalue(r, 0, col);

	if (seen == NULL || strcmp(seen, now) == 0)
		return;
	k->changes = xreallocarray(k->changes, k->count + 1,
	    sizeof *k->changes);
	ch = &k->changes[k->count++];
	ch->field = xstrdup(field);
	ch->seen = xstrdup(seen);
	ch->current = xstrdup(now);
	ch->actor = xstrdup(PQgetisnull(r, 0, 3) ? "" : PQgetvalue(r, 0, 3));
	ch->at = xstrdup(PQgetisnull(r, 0, 4) ? "" : PQgetvalue(r, 0, 4));
}

/* What differs from seen now, field by field; NULL if it cannot tell. */
static struct store_conflict *
store_email_conflict(struct db *db, const char *contact_id,
    const char *email_id, const struct store_email_seen *seen)
{
	const char		*params[2] = { email_id, contact_id };
	struct store_conflict	*k;
	PGresult		*r;

	if (db_exec(db, store_sql_email_now, 2, params, &r, NULL) != SB_OK)
		return (NULL);
	if (PQntuples(r) != 1) {
		PQclear(r);
		return (NULL);
	}
	k = xcalloc(1, sizeof *k);
	snprintf(k->stream, sizeof k->stream, "email");
	snprintf(k->id, sizeof k->id, "%s", email_id);
	store_email_conflict_add(k, r, "address", seen->address, 0);
	store_email_conflict_add(k, r, "type", seen->type, 1);
	store_email_conflict_add(k, r, "is_primary", seen->primary, 2);
	PQclear(r);
	return (k);
}

enum sb_status
store_email_update(struct db *db, const char *cmd_id,
    const char *contact_id, const char *email_id,
    const struct store_email_seen *seen, const char *address,
    const char *type, struct store_result *res,
    struct store_conflict **conflict, struct sb_error *err)
{
	struct store_cmd	c = { .name = "contact.email.change",
	    .nparams = 4, .sql = "SELECT $2::uuid, $1::uuid, c FROM "
	    "sb.contact_email_change_seen($1::uuid, $2::uuid, $3::jsonb, "
	    "$4::jsonb) AS c" };
	struct store_changes	s, ch;
	char			email[VALIDATE_EMAIL_MAX + 1];
	enum sb_status		st;

	memset(res, 0, sizeof *res);
	if (conflict != NULL)
		*conflict = NULL;
	if (address != NULL &&
	    validate_email(address, email, sizeof email, err) != SB_OK)
		return (SB_INVALID);
	store_email_seen_json(seen, &s);
	store_changes_init(&ch);
	if (address != NULL)
		store_changes_set(&ch, "address", email);
	if (type != NULL)
		store_changes_set(&ch, "type", type);
	c.params[0] = contact_id;
	c.params[1] = email_id;
	c.params[2] = s.json;
	c.params[3] = ch.json;
	st = store_command_run(db, cmd_id, &c, res, NULL, err);
	if (st == SB_CONFLICT && conflict != NULL && seen != NULL)
		*conflict = store_email_conflict(db, contact_id, email_id,
		    seen);
	store_changes_clear(&s);
	store_changes_clear(&ch);
	return (st);
}

static enum sb_status
store_items_remove_email(struct db *db, const char *cmd_id,
    const char *contact_id, const struct store_owner_item *it,
    struct store_result *res, struct sb_error *err)
{
	struct store_cmd	 c = { .name = "contact.email.remove",
	    .nparams = 3, .sql = "SELECT $2::uuid, $1::uuid, c FROM "
	    "sb.contact_email_remove_seen($1::uuid, $2::uuid, $3::jsonb) "
	    "AS c" };
	struct store_email_seen	 seen = { it->fields[STORE_ITEM_ADDR],
	    it->type, it->primary ? "true" : "false" };
	struct store_changes	 s;
	enum sb_status		 st;

	store_email_seen_json(&seen, &s);
	c.params[0] = contact_id;
	c.params[1] = it->id;
	c.params[2] = s.json;
	st = store_command_run(db, cmd_id, &c, res, NULL, err);
	store_changes_clear(&s);
	return (st);
}

/* A phone or address unlinked from its owner at the version read. */
static enum sb_status
store_items_remove_link(struct db *db, const char *cmd_id, bool org,
    const char *owner_id, const struct store_owner_item *it,
    struct store_result *res, struct sb_error *err)
{
	struct store_cmd	c = { .name = "unlink", .nparams = 5,
	    .sql = "SELECT $2::uuid, $1::uuid, sb.link_set($3, $1::uuid, "
	    "sb.entity_expect($4, $2::uuid, $5::integer), false)" };
	char			ver[32];
	bool			phone = it->kind == STORE_ITEM_PHONE;

	if (phone && !org)
		c.name = "contact.phone.remove";
	snprintf(ver, sizeof ver, "%ld", it->version);
	c.params[0] = owner_id;
	c.params[1] = it->id;
	c.params[2] = phone ? (org ? "organization.phone" : "contact.phone") :
	    (org ? "organization.address" : "contact.address");
	c.params[3] = phone ? "phone" : "address";
	c.params[4] = ver;
	return (store_command_run(db, cmd_id, &c, res, NULL, err));
}

enum sb_status
store_items_remove(struct db *db, const char *cmd_id, bool org,
    const char *owner_id, const struct store_owner_item *it,
    struct store_result *res, struct sb_error *err)
{
	enum sb_status	st;
	const char	*what;

	memset(res, 0, sizeof *res);
	if (it->kind == STORE_ITEM_EMAIL)
		st = store_items_remove_email(db, cmd_id, owner_id, it, res,
		    err);
	else
		st = store_items_remove_link(db, cmd_id, org, owner_id, it,
		    res, err);
	if (st != SB_CONFLICT)
		return (st);
	what = it->kind == STORE_ITEM_PHONE ? "phone" : it->kind ==
	    STORE_ITEM_EMAIL ? "email" : "address";
	sb_error_set(err, SB_CONFLICT, "someone else changed this %s since "
	    "the list was loaded; look again", what);
	sb_error_hint(err, "The list shows it as it is now; remove it again "
	    "if it should still go.");
	return (SB_CONFLICT);
}
