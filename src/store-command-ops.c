/* The write commands themselves: checks, then one statement each. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "switchboard/store-command.h"
#include "switchboard/util.h"
#include "switchboard/validate.h"
#include "store-command-int.h"

#define STORE_BOOL(b)	((b) ? "true" : "false")

/* An update of an entity's fields at expected_version. */
static enum sb_status
store_entity_update(struct db *db, const char *cmd_id, const char *name,
    const char *fn, const char *stream, const char *id, long expected,
    const char *changes, struct store_result *res,
    struct store_conflict **conflict, struct sb_error *err)
{
	struct store_cmd	c = { .name = name, .nparams = 3,
				      .stream = stream, .stream_id = id,
				      .expected = expected };
	char			sql[256], ver[32];

	snprintf(ver, sizeof ver, "%ld", expected);
	snprintf(sql, sizeof sql, "SELECT $1::uuid, NULL::uuid, "
	    "v <> $2::integer FROM %s($1::uuid, $2::integer, $3::jsonb) AS v",
	    fn);
	c.sql = sql;
	c.params[0] = id;
	c.params[1] = ver;
	c.params[2] = changes;
	return store_command_run(db, cmd_id, &c, res, conflict, err);
}

/* A delete of an entity at expected_version. */
static enum sb_status
store_entity_delete(struct db *db, const char *cmd_id, const char *name,
    const char *fn, const char *stream, const char *id, long expected,
    struct store_result *res, struct store_conflict **conflict,
    struct sb_error *err)
{
	struct store_cmd	c = { .name = name, .nparams = 2,
				      .stream = stream, .stream_id = id,
				      .expected = expected };
	char			sql[256], ver[32];

	snprintf(ver, sizeof ver, "%ld", expected);
	snprintf(sql, sizeof sql, "SELECT $1::uuid, NULL::uuid, true "
	    "FROM %s($1::uuid, $2::integer)", fn);
	c.sql = sql;
	c.params[0] = id;
	c.params[1] = ver;
	return store_command_run(db, cmd_id, &c, res, conflict, err);
}

enum sb_status
store_contact_create(struct db *db, const char *cmd_id,
    const struct store_contact_input *in, struct store_result *res,
    struct sb_error *err)
{
	struct store_cmd	c = { .name = "contact.create", .nparams = 6,
	    .sql = "SELECT i, NULL::uuid, true FROM sb.contact_create($1, $2, "
	    "$3, $4, $5::boolean, $6::uuid) AS i" };

	memset(res, 0, sizeof *res);
	if (validate_contact_name(in->first_name, in->last_name, err) !=
	    SB_OK || validate_text("title", in->title, VALIDATE_NAME_MAX, 0,
	    err) != SB_OK)
		return SB_INVALID;
	c.params[0] = in->first_name;
	c.params[1] = in->last_name;
	c.params[2] = in->title;
	c.params[3] = in->preferred_method;
	c.params[4] = STORE_BOOL(in->do_not_contact);
	c.params[5] = in->owner_org_id;
	return store_command_run(db, cmd_id, &c, res, NULL, err);
}

char *
store_text_array(const char *const *v, size_t n)
{
	char		*out, *o;
	const char	*p;
	size_t		 i, len = 3;

	for (i = 0; i < n; i++)
		len += 2 * strlen(v[i]) + 3;
	out = o = xmalloc(len);
	*o++ = '{';
	for (i = 0; i < n; i++) {
		if (i > 0)
			*o++ = ',';
		*o++ = '"';
		for (p = v[i]; *p != '\0'; p++) {
			if (*p == '"' || *p == '\\')
				*o++ = '\\';
			*o++ = *p;
		}
		*o++ = '"';
	}
	*o++ = '}';
	*o = '\0';
	return (out);
}

/*
 * The more emails and phones of x, checked and in the forms stored, as
 * text[] literals: arr[0] the emails, arr[1] to arr[4] the phones'
 * numbers, types, extensions and E.164 forms. Caller frees each.
 */
static enum sb_status
store_contact_more(const struct store_contact_extra *x, char *arr[5],
    struct sb_error *err)
{
	struct validate_phone	 ph;
	char			 address[VALIDATE_EMAIL_MAX + 1];
	char			**col[5];
	size_t			 i, k, n[5];
	enum sb_status		 st = SB_OK;

	n[0] = x->nemails;
	col[0] = xcalloc(x->nemails + 1, sizeof *col[0]);
	for (k = 1; k < 5; k++) {
		n[k] = x->nphones;
		col[k] = xcalloc(x->nphones + 1, sizeof *col[k]);
	}
	for (i = 0; i < x->nemails && st == SB_OK; i++)
		if ((st = validate_email(x->emails[i], address, sizeof address,
		    err)) == SB_OK)
			col[0][i] = xstrdup(address);
	for (i = 0; i < x->nphones && st == SB_OK; i++) {
		if ((st = validate_phone(x->phones[i].number,
		    x->default_country, &ph, err)) != SB_OK)
			break;
		col[1][i] = xstrdup(ph.number);
		col[2][i] = xstrdup(x->phones[i].type);
		col[3][i] = xstrdup(ph.extension);
		col[4][i] = xstrdup(ph.e164);
	}
	for (k = 0; k < 5; k++) {
		arr[k] = st == SB_OK ? store_text_array((const char *const *)
		    col[k], n[k]) : NULL;
		for (i = 0; i < n[k]; i++)
			free(col[k][i]);
		free(col[k]);
	}
	return (st);
}

enum sb_status
store_contact_create_linked(struct db *db, const char *cmd_id,
    const struct store_contact_input *in, const char *org_id,
    const char *role, const struct store_contact_extra *x,
    struct store_result *res, struct sb_error *err)
{
	/*
	 * One statement: the contact and its link first (c), then what
	 * refers to it; each CTE runs because the last line reads it.
	 */
	struct store_cmd	c = { .name = "contact.create_linked",
	    .nparams = 18, .sql = "WITH c AS MATERIALIZED (SELECT"
	    " sb.contact_create_linked($1::uuid, $2, $3, $4, $5, $6,"
	    " $7::boolean, $8::uuid, $9, $10, $11, $12) AS i),"
	    " p AS (SELECT sb.organization_contact_set_primary($1::uuid, c.i,"
	    " $2) FROM c WHERE $13::boolean),"
	    " e AS (SELECT sb.contact_email_add(c.i, a, 'work', false)"
	    " FROM c, unnest($14::text[]) AS a),"
	    " f AS (SELECT sb.contact_phone_add(c.i, n, t, nullif(x, ''),"
	    " false, e164, false) FROM c, unnest($15::text[], $16::text[],"
	    " $17::text[], $18::text[]) AS u(n, t, x, e164))"
	    " SELECT i, i, true, $1::uuid FROM c WHERE (SELECT count(*) FROM p)"
	    " + (SELECT count(*) FROM e) + (SELECT count(*) FROM f) >= 0" };
	struct validate_phone	ph;
	char			address[VALIDATE_EMAIL_MAX + 1];
	char			*more[5] = { NULL };
	const char		*mobile = x->mobile, *email = x->email;
	enum sb_status		 st;
	size_t			 i;

	memset(res, 0, sizeof *res);
	if (validate_contact_name(in->first_name, in->last_name, err) !=
	    SB_OK || validate_text("title", in->title, VALIDATE_NAME_MAX, 0,
	    err) != SB_OK)
		return SB_INVALID;
	if (email != NULL && *email != '\0' &&
	    validate_email(email, address, sizeof address, err) != SB_OK)
		return SB_INVALID;
	if (mobile != NULL && *mobile != '\0' &&
	    validate_phone(mobile, x->default_country, &ph, err) != SB_OK)
		return SB_INVALID;
	c.params[0] = org_id;
	c.params[1] = role;
	c.params[2] = in->first_name;
	c.params[3] = in->last_name;
	c.params[4] = in->title;
	c.params[5] = in->preferred_method;
	c.params[6] = STORE_BOOL(in->do_not_contact);
	c.params[7] = in->owner_org_id;
	c.params[8] = email != NULL && *email != '\0' ? address : NULL;
	if (mobile != NULL && *mobile != '\0') {
		c.params[9] = ph.number;
		c.params[10] = ph.extension[0] != '\0' ? ph.extension : NULL;
		c.params[11] = ph.e164;
	}
	c.params[12] = STORE_BOOL(x->make_primary);
	if ((st = store_contact_more(x, more, err)) != SB_OK)
		return st;
	for (i = 0; i < 5; i++)
		c.params[13 + i] = more[i];
	st = store_command_run(db, cmd_id, &c, res, NULL, err);
	for (i = 0; i < 5; i++)
		free(more[i]);
	return st;
}

enum sb_status
store_contact_update_in_role(struct db *db, const char *cmd_id,
    const char *contact_id, long expected_version,
    const struct store_changes *ch, const char *org_id,
    const char *old_role, const char *new_role, bool make_primary,
    struct store_result *res, struct store_conflict **conflict,
    struct sb_error *err)
{
	struct store_cmd	c = { .name = "contact.update_in_role",
	    .nparams = 7, .stream = "contact", .stream_id = contact_id,
	    .expected = expected_version, .sql = "SELECT $1::uuid, "
	    "$1::uuid, v <> $2::integer, $4::uuid FROM "
	    "sb.contact_update_in_role($1::uuid, $2::integer, $3::jsonb, "
	    "$4::uuid, $5, $6, $7::boolean) AS v" };
	char			ver[32];

	snprintf(ver, sizeof ver, "%ld", expected_version);
	c.params[0] = contact_id;
	c.params[1] = ver;
	c.params[2] = ch->json;
	c.params[3] = org_id;
	c.params[4] = old_role;
	c.params[5] = new_role;
	c.params[6] = STORE_BOOL(make_primary);
	return store_command_run(db, cmd_id, &c, res, conflict, err);
}

enum sb_status
store_contact_edit(struct db *db, const char *cmd_id, const char *contact_id,
    long expected_version, const struct store_contact_edit *e,
    struct store_result *res, struct store_conflict **conflict,
    struct sb_error *err)
{
	/*
	 * One statement: the fields first (c), at the version read, then
	 * what refers to the contact; each CTE runs because the last line
	 * adds up what it did.
	 */
	struct store_cmd	c = { .name = "contact.edit", .nparams = 10,
	    .stream = "contact", .stream_id = contact_id,
	    .expected = expected_version, .sql = "WITH c AS MATERIALIZED"
	    " (SELECT sb.contact_update($1::uuid, $2::integer, $3::jsonb)"
	    " AS v),"
	    " r AS (SELECT sb.contact_email_remove($1::uuid, i) AS x"
	    " FROM c, unnest($4::uuid[]) AS i),"
	    " u AS (SELECT sb.contact_phone_unlink($1::uuid, i) AS x"
	    " FROM c, unnest($5::uuid[]) AS i),"
	    " e AS (SELECT sb.contact_email_add($1::uuid, a, 'work', false)"
	    " FROM c, unnest($6::text[]) AS a),"
	    " f AS (SELECT sb.contact_phone_add($1::uuid, n, t, nullif(x, ''),"
	    " false, e164, false) FROM c, unnest($7::text[], $8::text[],"
	    " $9::text[], $10::text[]) AS p(n, t, x, e164))"
	    " SELECT $1::uuid, $1::uuid, (c.v <> $2::integer)::integer"
	    " + (SELECT count(*) FILTER (WHERE x) FROM r)"
	    " + (SELECT count(*) FILTER (WHERE x) FROM u)"
	    " + (SELECT count(*) FROM e) + (SELECT count(*) FROM f) > 0"
	    " FROM c" };
	char			 ver[32], *more[5] = { NULL }, *ids[2];
	enum sb_status		 st;
	size_t			 i;

	memset(res, 0, sizeof *res);
	if (conflict != NULL)
		*conflict = NULL;
	if ((st = store_contact_more(&e->add, more, err)) != SB_OK)
		return st;
	snprintf(ver, sizeof ver, "%ld", expected_version);
	ids[0] = store_text_array(e->remove_emails, e->nremove_emails);
	ids[1] = store_text_array(e->remove_phones, e->nremove_phones);
	c.params[0] = contact_id;
	c.params[1] = ver;
	c.params[2] = e->fields->json;
	c.params[3] = ids[0];
	c.params[4] = ids[1];
	for (i = 0; i < 5; i++)
		c.params[5 + i] = more[i];
	st = store_command_run(db, cmd_id, &c, res, conflict, err);
	for (i = 0; i < 5; i++)
		free(more[i]);
	free(ids[0]);
	free(ids[1]);
	return st;
}

enum sb_status
store_contact_update(struct db *db, const char *cmd_id,
    const char *contact_id, long expected_version,
    const struct store_changes *ch, struct store_result *res,
    struct store_conflict **conflict, struct sb_error *err)
{
	return store_entity_update(db, cmd_id, "contact.update",
	    "sb.contact_update", "contact", contact_id, expected_version,
	    ch->json, res, conflict, err);
}

enum sb_status
store_contact_delete(struct db *db, const char *cmd_id,
    const char *contact_id, long expected_version, const char *from_org,
    struct store_result *res, struct store_conflict **conflict,
    struct sb_error *err)
{
	struct store_cmd	c = { .name = "contact.delete", .nparams = 3,
	    .sql = "SELECT $1::uuid, NULL::uuid, true FROM "
	    "sb.contact_delete($1::uuid, $2::integer, $3::uuid)",
	    .stream = "contact", .stream_id = contact_id,
	    .expected = expected_version };
	char			ver[32];

	snprintf(ver, sizeof ver, "%ld", expected_version);
	c.params[0] = contact_id;
	c.params[1] = ver;
	c.params[2] = from_org;
	return store_command_run(db, cmd_id, &c, res, conflict, err);
}

enum sb_status
store_org_create(struct db *db, const char *cmd_id, const char *name,
    const char *kind, const char *subdomain, const char *partner_id,
    struct store_result *res, struct sb_error *err)
{
	struct store_cmd	c = { .name = "organization.create",
	    .nparams = 4, .sql = "SELECT i, NULL::uuid, true FROM "
	    "sb.organization_create($1, $2, $3, $4::uuid) AS i" };

	memset(res, 0, sizeof *res);
	if (validate_text("name", name, VALIDATE_ORG_NAME_MAX, 1, err) !=
	    SB_OK)
		return SB_INVALID;
	c.params[0] = name;
	c.params[1] = kind;
	c.params[2] = subdomain;
	c.params[3] = partner_id;
	return store_command_run(db, cmd_id, &c, res, NULL, err);
}

enum sb_status
store_org_update(struct db *db, const char *cmd_id, const char *org_id,
    long expected_version, const struct store_changes *ch,
    struct store_result *res, struct store_conflict **conflict,
    struct sb_error *err)
{
	return store_entity_update(db, cmd_id, "organization.update",
	    "sb.organization_update", "organization", org_id,
	    expected_version, ch->json, res, conflict, err);
}

enum sb_status
store_phone_add(struct db *db, const char *cmd_id, const char *contact_id,
    const char *number, const char *type, const char *default_country,
    bool sms_capable, bool make_primary, struct store_result *res,
    struct sb_error *err)
{
	struct store_cmd	c = { .name = "contact.phone.add", .nparams = 7,
	    .sql = "SELECT p, $1::uuid, true FROM sb.contact_phone_add("
	    "$1::uuid, $2, $3, $4, $5::boolean, $6, $7::boolean) AS p" };
	struct validate_phone	ph;

	memset(res, 0, sizeof *res);
	if (validate_phone(number, default_country, &ph, err) != SB_OK)
		return SB_INVALID;
	c.params[0] = contact_id;
	c.params[1] = ph.number;
	c.params[2] = type;
	c.params[3] = ph.extension[0] != '\0' ? ph.extension : NULL;
	c.params[4] = STORE_BOOL(sms_capable);
	c.params[5] = ph.e164;
	c.params[6] = STORE_BOOL(make_primary);
	return store_command_run(db, cmd_id, &c, res, NULL, err);
}

enum sb_status
store_phone_change(struct db *db, const char *cmd_id, const char *phone_id,
    long expected_version, const char *number, const char *type, int sms,
    const char *default_country, struct store_result *res,
    struct store_conflict **conflict, struct sb_error *err)
{
	struct store_changes	ch;
	struct validate_phone	ph;
	enum sb_status		st;

	memset(res, 0, sizeof *res);
	if (conflict != NULL)
		*conflict = NULL;
	if (number != NULL &&
	    validate_phone(number, default_country, &ph, err) != SB_OK)
		return SB_INVALID;
	store_changes_init(&ch);
	if (number != NULL) {
		store_changes_set(&ch, "number", ph.number);
		store_changes_set(&ch, "e164", ph.e164);
		store_changes_set(&ch, "extension", ph.extension[0] != '\0' ?
		    ph.extension : NULL);
	}
	if (type != NULL)
		store_changes_set(&ch, "type", type);
	if (sms != STORE_SMS_KEEP)
		store_changes_set(&ch, "sms_capable", sms ? "true" : "false");
	st = store_entity_update(db, cmd_id, "phone.update",
	    "sb.phone_update", "phone", phone_id, expected_version, ch.json,
	    res, conflict, err);
	store_changes_clear(&ch);
	return st;
}

/* A command on (a, b) that returns whether it changed anything. */
static enum sb_status
store_pair(struct db *db, const char *cmd_id, const char *name,
    const char *fn, const char *a, const char *b, struct store_result *res,
    struct sb_error *err)
{
	struct store_cmd	c = { .name = name, .nparams = 2 };
	char			sql[256];

	snprintf(sql, sizeof sql, "SELECT $2::uuid, $1::uuid, c FROM "
	    "%s($1::uuid, $2::uuid) AS c", fn);
	c.sql = sql;
	c.params[0] = a;
	c.params[1] = b;
	return store_command_run(db, cmd_id, &c, res, NULL, err);
}

enum sb_status
store_phone_remove(struct db *db, const char *cmd_id, const char *contact_id,
    const char *phone_id, struct store_result *res, struct sb_error *err)
{
	return store_pair(db, cmd_id, "contact.phone.remove",
	    "sb.contact_phone_unlink", contact_id, phone_id, res, err);
}

enum sb_status
store_phone_set_primary(struct db *db, const char *cmd_id,
    const char *contact_id, const char *phone_id, struct store_result *res,
    struct sb_error *err)
{
	return store_pair(db, cmd_id, "contact.phone.set_primary",
	    "sb.contact_phone_set_primary", contact_id, phone_id, res, err);
}

enum sb_status
store_email_add(struct db *db, const char *cmd_id, const char *contact_id,
    const char *address, const char *type, bool make_primary,
    struct store_result *res, struct sb_error *err)
{
	struct store_cmd	c = { .name = "contact.email.add", .nparams = 4,
	    .sql = "SELECT e, $1::uuid, true FROM sb.contact_email_add("
	    "$1::uuid, $2, coalesce($3, 'work'), $4::boolean) AS e" };
	char			email[VALIDATE_EMAIL_MAX + 1];

	memset(res, 0, sizeof *res);
	if (validate_email(address, email, sizeof email, err) != SB_OK)
		return SB_INVALID;
	c.params[0] = contact_id;
	c.params[1] = email;
	c.params[2] = type;
	c.params[3] = STORE_BOOL(make_primary);
	return store_command_run(db, cmd_id, &c, res, NULL, err);
}

enum sb_status
store_email_change(struct db *db, const char *cmd_id, const char *contact_id,
    const char *email_id, const char *address, const char *type,
    bool make_primary, struct store_result *res, struct sb_error *err)
{
	struct store_cmd	c = { .name = "contact.email.change",
	    .nparams = 3, .sql = "SELECT $2::uuid, $1::uuid, c FROM "
	    "sb.contact_email_change($1::uuid, $2::uuid, $3::jsonb) AS c" };
	struct store_changes	ch;
	char			email[VALIDATE_EMAIL_MAX + 1];
	enum sb_status		st;

	memset(res, 0, sizeof *res);
	if (address != NULL &&
	    validate_email(address, email, sizeof email, err) != SB_OK)
		return SB_INVALID;
	store_changes_init(&ch);
	if (address != NULL)
		store_changes_set(&ch, "address", email);
	if (type != NULL)
		store_changes_set(&ch, "type", type);
	if (make_primary)
		store_changes_set(&ch, "is_primary", "true");
	c.params[0] = contact_id;
	c.params[1] = email_id;
	c.params[2] = ch.json;
	st = store_command_run(db, cmd_id, &c, res, NULL, err);
	store_changes_clear(&ch);
	return st;
}

enum sb_status
store_email_remove(struct db *db, const char *cmd_id, const char *contact_id,
    const char *email_id, struct store_result *res, struct sb_error *err)
{
	return store_pair(db, cmd_id, "contact.email.remove",
	    "sb.contact_email_remove", contact_id, email_id, res, err);
}

enum sb_status
store_address_add(struct db *db, const char *cmd_id, bool org,
    const char *owner_id, const struct store_address_input *in,
    struct store_result *res, struct sb_error *err)
{
	struct store_cmd	c = { .name = "address.add", .nparams = 9 };

	c.sql = org ? "SELECT a, a, sb.organization_address_link($9::uuid, a) "
	    "FROM sb.address_create($1, $2, $3, $4, $5, $6, $7, $8) AS a" :
	    "SELECT a, a, sb.contact_address_link($9::uuid, a) "
	    "FROM sb.address_create($1, $2, $3, $4, $5, $6, $7, $8) AS a";
	c.params[0] = in->type;
	c.params[1] = in->country;
	c.params[2] = in->label;
	c.params[3] = in->street1;
	c.params[4] = in->street2;
	c.params[5] = in->city;
	c.params[6] = in->region;
	c.params[7] = in->postal_code;
	c.params[8] = owner_id;
	return store_command_run(db, cmd_id, &c, res, NULL, err);
}

enum sb_status
store_address_update(struct db *db, const char *cmd_id,
    const char *address_id, long expected_version,
    const struct store_changes *ch, struct store_result *res,
    struct store_conflict **conflict, struct sb_error *err)
{
	return store_entity_update(db, cmd_id, "address.update",
	    "sb.address_update", "address", address_id, expected_version,
	    ch->json, res, conflict, err);
}

enum sb_status
store_address_delete(struct db *db, const char *cmd_id,
    const char *address_id, long expected_version, struct store_result *res,
    struct store_conflict **conflict, struct sb_error *err)
{
	return store_entity_delete(db, cmd_id, "address.delete",
	    "sb.address_delete", "address", address_id, expected_version, res,
	    conflict, err);
}

/* A command on an organization's link to a contact in a role. */
static enum sb_status
store_org_contact(struct db *db, const char *cmd_id, const char *name,
    const char *call, const char *org_id, const char *contact_id,
    const char *role, const char *starts_on, const char *ends_on,
    struct store_result *res, struct sb_error *err)
{
	struct store_cmd	c = { .name = name };
	char			sql[256];

	snprintf(sql, sizeof sql, "SELECT $2::uuid, $1::uuid, c FROM %s "
	    "AS c", call);
	c.sql = sql;
	c.params[0] = org_id;
	c.params[1] = contact_id;
	c.params[2] = role;
	c.params[3] = starts_on;
	c.params[4] = ends_on;
	/* Only calls that take the dates get them (untyped ones fail). */
	c.nparams = strstr(call, "$5") != NULL ? 5 : 3;
	return store_command_run(db, cmd_id, &c, res, NULL, err);
}

enum sb_status
store_org_contact_link(struct db *db, const char *cmd_id, const char *org_id,
    const char *contact_id, const char *role, const char *starts_on,
    const char *ends_on, struct store_result *res, struct sb_error *err)
{
	return store_org_contact(db, cmd_id, "organization.contact.link",
	    "sb.organization_contact_link($1::uuid, $2::uuid, $3, $4::date, "
	    "$5::date)", org_id, contact_id, role, starts_on, ends_on, res,
	    err);
}

enum sb_status
store_org_contact_unlink(struct db *db, const char *cmd_id,
    const char *org_id, const char *contact_id, const char *role,
    struct store_result *res, struct sb_error *err)
{
	return store_org_contact(db, cmd_id, "organization.contact.unlink",
	    "sb.organization_contact_unlink($1::uuid, $2::uuid, $3)", org_id,
	    contact_id, role, NULL, NULL, res, err);
}

enum sb_status
store_org_contact_set_primary(struct db *db, const char *cmd_id,
    const char *org_id, const char *contact_id, const char *role,
    struct store_result *res, struct sb_error *err)
{
	return store_org_contact(db, cmd_id,
	    "organization.contact.set_primary",
	    "sb.organization_contact_set_primary($1::uuid, $2::uuid, $3)",
	    org_id,
	    contact_id, role, NULL, NULL, res, err);
}

enum sb_status
store_org_contact_set_validity(struct db *db, const char *cmd_id,
    const char *org_id, const char *contact_id, const char *role,
    const char *starts_on, const char *ends_on, struct store_result *res,
    struct sb_error *err)
{
	return store_org_contact(db, cmd_id,
	    "organization.contact.set_validity",
	    "sb.organization_contact_set_validity($1::uuid, $2::uuid, $3, "
	    "$4::date, $5::date)", org_id, contact_id, role, starts_on,
	    ends_on, res, err);
}

enum sb_status
store_link_set(struct db *db, const char *cmd_id, enum store_link_kind kind,
    const char *a, const char *b, bool linked, struct store_result *res,
    struct sb_error *err)
{
	static const char *const prefixes[] = {
		[STORE_LINK_CONTACT_PHONE] = "contact.phone",
		[STORE_LINK_CONTACT_ADDRESS] = "contact.address",
		[STORE_LINK_ORG_PHONE] = "organization.phone",
		[STORE_LINK_ORG_ADDRESS] = "organization.address",
		[STORE_LINK_PHONE_ADDRESS] = "phone.address",
	};
	struct store_cmd	c = { .name = linked ? "link" : "unlink",
	    .nparams = 4, .sql = "SELECT $2::uuid, $1::uuid, c FROM "
	    "sb.link_set($3, $1::uuid, $2::uuid, $4::boolean) AS c" };

	memset(res, 0, sizeof *res);
	if ((unsigned)kind >= sizeof prefixes / sizeof prefixes[0])
		return sb_error_set(err, SB_INVALID, "no such link");
	c.params[0] = a;
	c.params[1] = b;
	c.params[2] = prefixes[kind];
	c.params[3] = STORE_BOOL(linked);
	return store_command_run(db, cmd_id, &c, res, NULL, err);
}
