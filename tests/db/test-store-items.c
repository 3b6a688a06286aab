/* Tests of an owner's items: the read, the organization phone, refusals. */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libpq-fe.h>

#include "switchboard/cluster.h"
#include "switchboard/db.h"
#include "switchboard/demo.h"
#include "switchboard/store-command.h"
#include "switchboard/store-items.h"
#include "switchboard/util.h"
#include "testdb.h"
#include "testdemo.h"
#include "testsql.h"

#define ASSERT_OK(call) do {						\
	enum sb_status st_ = (call);					\
	if (st_ != SB_OK)						\
		fail_msg("%s: %s (%s)", #call, sb_status_text(st_),	\
		    err.message);					\
} while (0)

static struct testdemo	 demo;
static struct db	*prov;		/* demo_provider_admin */
static struct db	*support;	/* demo_support: reads only */
static struct sb_error	 err;

static struct db *
connect_as(const char *role)
{
	struct db_params	 p = { .count = 0 };
	struct db		*db;

	db_params_set(&p, "host", testdb_host(demo.tdb));
	db_params_set(&p, "port", demo.env_port + strlen("PGPORT="));
	db_params_set(&p, "dbname", CLUSTER_DATABASE);
	db_params_set(&p, "user", role);
	if (db_connect(&p, &db, &err) != SB_OK)
		fail_msg("connect as %s: %s", role, err.message);
	return (db);
}

static int
setup(void **state)
{
	(void)state;
	testdemo_start(&demo);
	prov = connect_as(DEMO_ROLE_PROVIDER);
	support = connect_as(DEMO_ROLE_SUPPORT);
	return (0);
}

static int
teardown(void **state)
{
	(void)state;
	db_free(prov);
	db_free(support);
	testdemo_stop(&demo);
	return (0);
}

static char *
org_id(const char *name)
{
	char	*v = testsql_value(demo.admin, "SELECT id FROM "
	    "sb.organizations WHERE name = $1", name, NULL);

	assert_non_null(v);
	return (v);
}

static int
sql_int(const char *sql, const char *a, const char *b)
{
	char	*v = testsql_value(demo.admin, sql, a, b, NULL);
	int	 n;

	assert_non_null(v);
	n = atoi(v);
	free(v);
	return (n);
}

static size_t
count_kind(const struct store_items *it, enum store_item_kind k)
{
	size_t	i, n = 0;

	for (i = 0; i < it->count; i++)
		n += it->rows[i].kind == k;
	return (n);
}

/* Riverside's own phones and addresses, with versions and fax links. */
static void
test_read_org(void **state)
{
	struct store_items	 it;
	struct store_owner_item	*r;
	char			*rh = org_id("Riverside Health"), ver[32];
	size_t			 i, linked = 0;

	(void)state;
	ASSERT_OK(store_items_get(prov, true, rh, &it, &err));
	assert_string_equal(it.owner_name, "Riverside Health");
	assert_string_equal(it.readonly, "");
	assert_int_equal(count_kind(&it, STORE_ITEM_PHONE), sql_int(
	    "SELECT count(*) FROM sb.organization_phones WHERE "
	    "organization_id = $1 AND deleted_at IS NULL", rh, NULL));
	assert_int_equal(count_kind(&it, STORE_ITEM_ADDRESS), sql_int(
	    "SELECT count(*) FROM sb.organization_addresses WHERE "
	    "organization_id = $1 AND deleted_at IS NULL", rh, NULL));
	assert_int_equal(count_kind(&it, STORE_ITEM_EMAIL), 0);
	for (i = 0; i < it.count; i++) {
		r = &it.rows[i];
		snprintf(ver, sizeof ver, "%ld", r->version);
		assert_int_equal(r->version, sql_int(r->kind ==
		    STORE_ITEM_PHONE ? "SELECT version FROM sb.phones "
		    "WHERE id = $1" : "SELECT version FROM sb.addresses "
		    "WHERE id = $1", r->id, NULL));
		if (r->kind != STORE_ITEM_PHONE || r->nlinks == 0)
			continue;
		linked++;
		assert_int_equal(sql_int("SELECT count(*) FROM "
		    "sb.phone_addresses WHERE phone_id = $1 AND "
		    "address_id = $2 AND deleted_at IS NULL", r->id,
		    r->links[0]), 1);
		assert_non_null(store_items_find(&it, r->links[0]));
	}
	/* Every office has a fax line at its address. */
	assert_true(linked > 0);
	store_items_clear(&it);
	free(rh);
}

/* A contact's phones, emails and addresses; primary first. */
static void
test_read_contact(void **state)
{
	struct store_items	 it;
	char			*id;
	size_t			 i;

	(void)state;
	id = testsql_value(demo.admin, "SELECT c.id FROM sb.contacts c JOIN "
	    "sb.organization_contacts oc ON oc.contact_id = c.id JOIN "
	    "sb.organizations o ON o.id = oc.organization_id WHERE o.name = "
	    "'Riverside Health' AND c.owner_organization_id IS NULL AND "
	    "(SELECT count(*) FROM sb.contact_phones cp WHERE cp.contact_id = "
	    "c.id AND cp.deleted_at IS NULL) > 1 AND EXISTS (SELECT 1 FROM "
	    "sb.emails e WHERE e.contact_id = c.id) ORDER BY c.id LIMIT 1",
	    NULL);
	assert_non_null(id);
	ASSERT_OK(store_items_get(prov, false, id, &it, &err));
	assert_string_equal(it.readonly, "");
	assert_int_equal(count_kind(&it, STORE_ITEM_PHONE), sql_int(
	    "SELECT count(*) FROM sb.contact_phones WHERE contact_id = $1 "
	    "AND deleted_at IS NULL", id, NULL));
	assert_int_equal(count_kind(&it, STORE_ITEM_EMAIL), sql_int(
	    "SELECT count(*) FROM sb.emails WHERE contact_id = $1", id, NULL));
	assert_int_equal(it.rows[0].kind, STORE_ITEM_PHONE);
	for (i = 0; i < it.count; i++) {
		if (it.rows[i].kind == STORE_ITEM_EMAIL)
			assert_int_equal(it.rows[i].version, 0);
		else
			assert_true(it.rows[i].version > 0);
	}
	store_items_clear(&it);
	free(id);
}

/* Support staff see Riverside's items read-only; an unseen id is absent. */
static void
test_read_refusals(void **state)
{
	struct store_items	 it;
	char			*rh = org_id("Riverside Health");
	char			*other = testsql_value(demo.admin, "SELECT id "
	    "FROM sb.organizations WHERE kind = 'platform' LIMIT 1", NULL);

	(void)state;
	ASSERT_OK(store_items_get(support, true, rh, &it, &err));
	assert_string_equal(it.readonly, "read-only access");
	assert_true(it.count > 0);
	store_items_clear(&it);
	assert_non_null(other);
	assert_int_equal(store_items_get(prov, true, other, &it, &err),
	    SB_NOT_FOUND);
	free(rh);
	free(other);
}

/* The provider admin adds a phone to Riverside in one command, once. */
static void
test_org_phone_add(void **state)
{
	struct store_result	 res, again;
	char			 cmd[STORE_UUID_LEN + 1];
	char			*rh = org_id("Riverside Health");
	const char		*q = "SELECT count(*) FROM "
	    "sb.organization_phones l JOIN sb.phones p ON p.id = l.phone_id "
	    "WHERE l.organization_id = $1 AND p.e164 = $2 AND "
	    "l.deleted_at IS NULL";

	(void)state;
	store_command_id_new(cmd);
	ASSERT_OK(store_org_phone_add(prov, cmd, rh, "(217) 555-0142 x 31",
	    "office", "US", true, &res, &err));
	assert_int_equal(sql_int(q, rh, "+12175550142"), 1);
	assert_int_equal(sql_int("SELECT count(*) FROM sb.phones WHERE id = $1 "
	    "AND extension = '31' AND sms_capable AND type = 'office'",
	    res.id, NULL), 1);
	ASSERT_OK(store_org_phone_add(prov, cmd, rh, "(217) 555-0142 x 31",
	    "office", "US", true, &again, &err));
	assert_true(again.replayed);
	assert_string_equal(again.id, res.id);
	assert_int_equal(sql_int(q, rh, "+12175550142"), 1);
	/* An invalid number is refused before the server, naming the rule. */
	store_command_id_new(cmd);
	assert_int_equal(store_org_phone_add(prov, cmd, rh, "555", "office",
	    "US", false, &res, &err), SB_INVALID);
	assert_string_equal(err.field, "phone");
	free(rh);
}

/* Roles that may not change an organization's items are refused whole. */
static void
test_org_phone_refused(void **state)
{
	struct store_result	 res;
	char			 cmd[STORE_UUID_LEN + 1];
	char			*rh = org_id("Riverside Health");
	char			*nw = org_id("Northwind Health Partners");
	const char		*q = "SELECT count(*) FROM sb.phones";
	int			 before = sql_int(q, NULL, NULL);

	(void)state;
	store_command_id_new(cmd);
	assert_int_not_equal(store_org_phone_add(support, cmd, rh,
	    "+1 217 555 0177", "office", "US", false, &res, &err), SB_OK);
	store_command_id_new(cmd);
	assert_int_not_equal(store_org_phone_add(prov, cmd, nw,
	    "+1 217 555 0177", "office", "US", false, &res, &err), SB_OK);
	/* Nothing half-done: no phone left without its link. */
	assert_int_equal(sql_int(q, NULL, NULL), before);
	free(rh);
	free(nw);
}

/* A phone changed since it was read is not overwritten: a conflict. */
static void
test_phone_update_conflict(void **state)
{
	struct store_items	 it;
	struct store_result	 res;
	struct store_conflict	*k = NULL;
	struct store_owner_item	*ph = NULL;
	char			 cmd[STORE_UUID_LEN + 1];
	char			*rh = org_id("Riverside Health");
	long			 seen;
	size_t			 i;

	(void)state;
	ASSERT_OK(store_items_get(prov, true, rh, &it, &err));
	for (i = 0; i < it.count && ph == NULL; i++)
		if (it.rows[i].kind == STORE_ITEM_PHONE)
			ph = &it.rows[i];
	assert_non_null(ph);
	seen = ph->version;
	store_command_id_new(cmd);
	ASSERT_OK(store_phone_change(prov, cmd, ph->id, seen,
	    "+1 217 555 0150", "office", true, "US", &res, &k, &err));
	assert_int_equal(res.version, seen + 1);
	assert_int_equal(sql_int("SELECT count(*) FROM sb.phones WHERE id = $1 "
	    "AND e164 = '+12175550150' AND sms_capable", ph->id, NULL), 1);
	store_command_id_new(cmd);
	assert_int_equal(store_phone_change(prov, cmd, ph->id, seen,
	    "+1 217 555 0151", "office", false, "US", &res, &k, &err),
	    SB_CONFLICT);
	assert_non_null(k);
	assert_int_equal(k->current_version, seen + 1);
	for (i = 0; i < k->count; i++)
		if (strcmp(k->changes[i].field, "number") == 0)
			break;
	assert_true(i < k->count);
	store_conflict_free(k);
	assert_int_equal(sql_int("SELECT count(*) FROM sb.phones WHERE id = $1 "
	    "AND e164 = '+12175550150'", ph->id, NULL), 1);
	store_items_clear(&it);
	free(rh);
}

/* A contact a partner owns reads as read-only, naming the owner. */
static void
test_partner_contact(void **state)
{
	struct store_items	 it;
	struct store_result	 res;
	char			 cmd[STORE_UUID_LEN + 1];
	char			*id;
	int			 before;

	(void)state;
	id = testsql_value(demo.admin, "SELECT c.id FROM sb.contacts c JOIN "
	    "sb.organizations o ON o.id = c.owner_organization_id WHERE "
	    "o.kind = 'partner' AND c.id IN (SELECT "
	    "sb.access_contact_ids($1)) ORDER BY c.id LIMIT 1",
	    DEMO_ROLE_PROVIDER, NULL);
	assert_non_null(id);
	ASSERT_OK(store_items_get(prov, false, id, &it, &err));
	assert_non_null(strstr(it.readonly, "owned by "));
	store_items_clear(&it);
	before = sql_int("SELECT count(*) FROM sb.phones", NULL, NULL);
	store_command_id_new(cmd);
	assert_int_not_equal(store_phone_add(prov, cmd, id, "+1 217 555 0160",
	    "mobile", "US", false, false, &res, &err), SB_OK);
	assert_int_equal(sql_int("SELECT count(*) FROM sb.phones", NULL, NULL),
	    before);
	free(id);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_read_org),
		cmocka_unit_test(test_read_contact),
		cmocka_unit_test(test_read_refusals),
		cmocka_unit_test(test_org_phone_add),
		cmocka_unit_test(test_org_phone_refused),
		cmocka_unit_test(test_phone_update_conflict),
		cmocka_unit_test(test_partner_contact),
	};

	return (cmocka_run_group_tests(tests, setup, teardown));
}
