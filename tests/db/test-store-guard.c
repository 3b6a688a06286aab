/* Database tests of email changes and removals checked against the seen. */
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

/* An editable Riverside contact with a phone, an email, an address. */
#define GUARD_CONTACT							\
    "SELECT c.id FROM sb.contacts c JOIN sb.organization_contacts oc"	\
    " ON oc.contact_id = c.id JOIN sb.organizations o"			\
    " ON o.id = oc.organization_id WHERE o.name = 'Riverside Health'"	\
    " AND c.owner_organization_id IS NULL AND c.deleted_at IS NULL"	\
    " AND EXISTS (SELECT 1 FROM sb.contact_phones cp"			\
    "  WHERE cp.contact_id = c.id AND cp.deleted_at IS NULL)"		\
    " AND EXISTS (SELECT 1 FROM sb.contact_addresses ca"		\
    "  WHERE ca.contact_id = c.id AND ca.deleted_at IS NULL)"		\
    " AND (SELECT count(*) FROM sb.emails e"				\
    "  WHERE e.contact_id = c.id) >= 1"					\
    " GROUP BY c.id ORDER BY c.id OFFSET $1::int LIMIT 1"

static struct testdemo	 demo;
static struct db	*prov;		/* demo_provider_admin */
static struct sb_error	 err;

static int
setup(void **state)
{
	struct db_params	 p = { .count = 0 };

	(void)state;
	testdemo_start(&demo);
	db_params_set(&p, "host", testdb_host(demo.tdb));
	db_params_set(&p, "port", demo.env_port + strlen("PGPORT="));
	db_params_set(&p, "dbname", CLUSTER_DATABASE);
	db_params_set(&p, "user", DEMO_ROLE_PROVIDER);
	if (db_connect(&p, &prov, &err) != SB_OK)
		fail_msg("connect: %s", err.message);
	return (0);
}

static int
teardown(void **state)
{
	(void)state;
	db_free(prov);
	testdemo_stop(&demo);
	return (0);
}

static char *
value(const char *sql, const char *a, const char *b)
{
	return (testdemo_value(&demo, sql, a, b));
}

static int
sql_int(const char *sql, const char *a, const char *b)
{
	char	*v = value(sql, a, b);
	int	 n = atoi(v);

	free(v);
	return (n);
}

/* The contact's events that name item id. */
static int
item_events(const char *contact, const char *id)
{
	return (sql_int("SELECT count(*) FROM sb.domain_events WHERE "
	    "stream_id = $1::uuid AND payload::text LIKE '%' || $2 || '%'",
	    contact, id));
}

/* The first item of kind in the list the provider admin reads. */
static struct store_owner_item *
first_of(struct store_items *it, enum store_item_kind kind)
{
	size_t	i;

	for (i = 0; i < it->count; i++) {
		if (it->rows[i].kind == kind)
			return (&it->rows[i]);
	}
	fail_msg("no item of kind %d", (int)kind);
	return (NULL);
}

static const struct store_change *
change_of(const struct store_conflict *k, const char *field)
{
	size_t	i;

	for (i = 0; i < k->count; i++) {
		if (strcmp(k->changes[i].field, field) == 0)
			return (&k->changes[i]);
	}
	return (NULL);
}

/*
 * Someone else changes an email's address after it was read: a change
 * made against the stale values is refused and names both; against the
 * fresh ones it lands, and a replay of it lands once.
 */
static void
test_email_conflict(void **state)
{
	struct store_items		 it;
	struct store_owner_item		*e;
	struct store_result		 res, again;
	struct store_conflict		*k = NULL;
	const struct store_change	*ch;
	struct store_email_seen		 seen;
	char				 cmd[STORE_UUID_LEN + 1];
	char				*id = value(GUARD_CONTACT, "0", NULL);
	const char			*q = "SELECT address || '/' || type "
	    "FROM sb.emails WHERE id = $1";
	char				*was, *now;
	int				 events;

	(void)state;
	ASSERT_OK(store_items_get(prov, false, id, &it, &err));
	e = first_of(&it, STORE_ITEM_EMAIL);
	seen.address = e->fields[STORE_ITEM_ADDR];
	seen.type = e->type;
	seen.primary = NULL;
	free(value("SELECT sb.contact_email_change($1, $2, "
	    "'{\"address\": \"theirs.guard@example.org\"}')", id, e->id));
	was = value(q, e->id, NULL);
	events = item_events(id, e->id);
	store_command_id_new(cmd);
	assert_int_equal(store_email_update(prov, cmd, id, e->id, &seen,
	    "mine.guard@example.org", NULL, &res, &k, &err), SB_CONFLICT);
	assert_non_null(k);
	assert_string_equal(k->stream, "email");
	ch = change_of(k, "address");
	assert_non_null(ch);
	assert_string_equal(ch->seen, e->fields[STORE_ITEM_ADDR]);
	assert_string_equal(ch->current, "theirs.guard@example.org");
	assert_non_null(ch->actor);
	assert_true(ch->actor[0] != '\0');
	assert_null(change_of(k, "type"));
	store_conflict_free(k);
	/* Nothing changed. */
	now = value(q, e->id, NULL);
	assert_string_equal(now, was);
	free(now);
	assert_int_equal(item_events(id, e->id), events);
	/* Against what it holds now, the change lands; a replay, once. */
	seen.address = "theirs.guard@example.org";
	store_command_id_new(cmd);
	ASSERT_OK(store_email_update(prov, cmd, id, e->id, &seen,
	    "mine.guard@example.org", "personal", &res, &k, &err));
	assert_null(k);
	assert_true(res.changed);
	ASSERT_OK(store_email_update(prov, cmd, id, e->id, &seen,
	    "mine.guard@example.org", "personal", &again, &k, &err));
	assert_true(again.replayed);
	now = value(q, e->id, NULL);
	assert_string_equal(now, "mine.guard@example.org/personal");
	free(now);
	assert_int_equal(item_events(id, e->id), events + 1);
	/* A type seen stale is a conflict on the type alone. */
	seen.address = "mine.guard@example.org";
	seen.type = "work";
	store_command_id_new(cmd);
	assert_int_equal(store_email_update(prov, cmd, id, e->id, &seen,
	    NULL, "work", &res, &k, &err), SB_CONFLICT);
	assert_non_null(k);
	assert_non_null(change_of(k, "type"));
	assert_null(change_of(k, "address"));
	store_conflict_free(k);
	assert_int_equal(item_events(id, e->id), events + 1);
	free(was);
	store_items_clear(&it);
	free(id);
}

/* Remove item (as read) after someone else ran change on it. */
static void
remove_refused(const char *id, struct store_owner_item *row,
    const char *change, const char *active)
{
	struct store_result	 res;
	char			 cmd[STORE_UUID_LEN + 1];

	free(value(change, row->id, id));
	assert_int_equal(sql_int(active, id, row->id), 1);
	store_command_id_new(cmd);
	assert_int_equal(store_items_remove(prov, cmd, false, id, row, &res,
	    &err), SB_CONFLICT);
	assert_non_null(strstr(err.message, "look again"));
	assert_int_equal(sql_int(active, id, row->id), 1);
}

/*
 * A phone, an email and an address someone else changed since the list
 * was read: each removal is refused, nothing goes; read again, it goes.
 */
static void
test_remove_changed(void **state)
{
	struct store_items	 it;
	struct store_result	 res;
	char			 cmd[STORE_UUID_LEN + 1];
	char			*id = value(GUARD_CONTACT, "1", NULL);
	const char		*phone = "SELECT count(*) FROM "
	    "sb.contact_phones WHERE contact_id = $1 AND phone_id = $2 AND "
	    "deleted_at IS NULL";
	const char		*email = "SELECT count(*) FROM sb.emails "
	    "WHERE contact_id = $1 AND id = $2";
	const char		*addr = "SELECT count(*) FROM "
	    "sb.contact_addresses WHERE contact_id = $1 AND address_id = $2 "
	    "AND deleted_at IS NULL";

	(void)state;
	ASSERT_OK(store_items_get(prov, false, id, &it, &err));
	remove_refused(id, first_of(&it, STORE_ITEM_PHONE), "SELECT "
	    "sb.phone_update($1, NULL, '{\"extension\": \"99\"}') WHERE "
	    "$2::uuid IS NOT NULL", phone);
	remove_refused(id, first_of(&it, STORE_ITEM_EMAIL), "SELECT "
	    "sb.contact_email_change($2, $1, '{\"type\": \"personal\"}')",
	    email);
	remove_refused(id, first_of(&it, STORE_ITEM_ADDRESS), "SELECT "
	    "sb.address_update($1, NULL, '{\"city\": \"Shelbyville\"}') "
	    "WHERE $2::uuid IS NOT NULL", addr);
	store_items_clear(&it);
	/* Read again: each goes, once. */
	ASSERT_OK(store_items_get(prov, false, id, &it, &err));
	store_command_id_new(cmd);
	ASSERT_OK(store_items_remove(prov, cmd, false, id,
	    first_of(&it, STORE_ITEM_PHONE), &res, &err));
	assert_true(res.changed);
	assert_int_equal(sql_int(phone, id, first_of(&it,
	    STORE_ITEM_PHONE)->id), 0);
	store_command_id_new(cmd);
	ASSERT_OK(store_items_remove(prov, cmd, false, id,
	    first_of(&it, STORE_ITEM_EMAIL), &res, &err));
	assert_int_equal(sql_int(email, id, first_of(&it,
	    STORE_ITEM_EMAIL)->id), 0);
	/* Gone already: nothing to do, no error. */
	store_command_id_new(cmd);
	ASSERT_OK(store_items_remove(prov, cmd, false, id,
	    first_of(&it, STORE_ITEM_EMAIL), &res, &err));
	assert_false(res.changed);
	store_command_id_new(cmd);
	ASSERT_OK(store_items_remove(prov, cmd, false, id,
	    first_of(&it, STORE_ITEM_ADDRESS), &res, &err));
	assert_int_equal(sql_int(addr, id, first_of(&it,
	    STORE_ITEM_ADDRESS)->id), 0);
	store_items_clear(&it);
	free(id);
}

/* The old unchecked change still works; the new functions are no one's. */
static void
test_old_and_catalog(void **state)
{
	struct store_items	 it;
	struct store_result	 res;
	char			 cmd[STORE_UUID_LEN + 1];
	char			*id = value(GUARD_CONTACT, "2", NULL);
	struct store_owner_item	*e;

	(void)state;
	ASSERT_OK(store_items_get(prov, false, id, &it, &err));
	e = first_of(&it, STORE_ITEM_EMAIL);
	store_command_id_new(cmd);
	ASSERT_OK(store_email_change(prov, cmd, id, e->id,
	    "old.way@example.org", NULL, false, &res, &err));
	assert_int_equal(sql_int("SELECT count(*) FROM sb.emails WHERE "
	    "id = $1 AND address = $2", e->id, "old.way@example.org"), 1);
	store_items_clear(&it);
	assert_int_equal(sql_int("SELECT count(*) FROM pg_proc p, "
	    "aclexplode(p.proacl) a WHERE p.proname IN "
	    "('contact_email_expect', 'entity_expect', "
	    "'contact_email_change_seen', 'contact_email_remove_seen') "
	    "AND a.grantee = 0",
	    NULL, NULL), 0);
	assert_int_equal(sql_int("SELECT count(*) FROM pg_proc p WHERE "
	    "p.proname IN ('contact_email_expect', 'entity_expect', "
	    "'contact_email_change_seen', 'contact_email_remove_seen') AND "
	    "p.proacl IS NOT NULL",
	    NULL, NULL), 4);
	free(id);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_email_conflict),
		cmocka_unit_test(test_remove_changed),
		cmocka_unit_test(test_old_and_catalog),
	};

	return (cmocka_run_group_tests(tests, setup, teardown));
}
