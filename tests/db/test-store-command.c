/* Tests of the write commands against a real PostgreSQL server. */
#include "config.h"

#include <sys/socket.h>

#include <unistd.h>

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libpq-fe.h>

#include "switchboard/cluster.h"
#include "switchboard/db-pq.h"
#include "switchboard/store-command.h"
#include "switchboard/util.h"
#include "testdb.h"
#include "testsql.h"

/* The first value of a query must be want (a string). */
/* A call must succeed; otherwise show the error. */
#define ASSERT_OK(call) do {						\
	enum sb_status st_ = (call);					\
	if (st_ != SB_OK)						\
		fail_msg("%s: %s (%s)", #call, sb_status_text(st_),	\
		    err.message);					\
} while (0)

/*
 * Until the command log lands in the schema, the tests define it with
 * exactly the signatures the commands use (only where it is missing).
 */
static const char command_log_sql[] =
    "DO $do$ BEGIN IF to_regprocedure('sb.command_begin(uuid,text)') "
    "IS NULL THEN "
    "CREATE TABLE sb.command_log (command_id uuid PRIMARY KEY, "
    "command text NOT NULL, result jsonb); "
    "CREATE FUNCTION sb.command_begin(id uuid, command text) "
    "RETURNS boolean LANGUAGE plpgsql AS $f$ BEGIN "
    "INSERT INTO sb.command_log VALUES (id, command) "
    "ON CONFLICT DO NOTHING; RETURN FOUND; END $f$; "
    "CREATE FUNCTION sb.command_finish(id uuid, result jsonb) "
    "RETURNS void LANGUAGE sql AS $f$ UPDATE sb.command_log "
    "SET result = $2 WHERE command_id = $1 $f$; "
    "CREATE FUNCTION sb.command_result(id uuid) RETURNS jsonb "
    "LANGUAGE sql AS $f$ SELECT result FROM sb.command_log "
    "WHERE command_id = $1 $f$; "
    "END IF; END $do$";

static struct testdb	*tdb;
static PGconn		*su;		/* superuser, for checks */
static struct db	*db;		/* the connection under test */
static struct sb_error	 err;

static int
setup(void **state)
{
	struct db_params	p = { .count = 0 };

	(void)state;
	tdb = testdb_start_migrated(&su);
	testsql_exec(su, command_log_sql);
	db_params_set(&p, "host", testdb_host(tdb));
	db_params_set(&p, "dbname", CLUSTER_DATABASE);
	db_params_set(&p, "user", CLUSTER_SUPERUSER);
	if (db_connect(&p, &db, &err) != SB_OK)
		fail_msg("db_connect: %s", err.message);
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	db_free(db);
	PQfinish(su);
	testdb_stop(tdb);
	return 0;
}

/* No session of ours may be left idle in a transaction. */
static void
assert_no_open_transaction(void)
{
	ASSERT_SQL(su, "0", "SELECT count(*) FROM pg_stat_activity WHERE "
	    "application_name = 'switchboard' AND state LIKE 'idle in "
	    "transaction%'");
}

static char *
cmd(void)
{
	static char	id[STORE_UUID_LEN + 1];

	store_command_id_new(id);
	return id;
}

static void
contact_new(const char *first, const char *last, struct store_result *r)
{
	struct store_contact_input	in = { .first_name = first,
					       .last_name = last };

	ASSERT_OK(store_contact_create(db, cmd(), &in, r, &err));
	assert_no_open_transaction();
}

static void
test_command_id(void **state)
{
	char	a[STORE_UUID_LEN + 1], b[STORE_UUID_LEN + 1];

	(void)state;
	store_command_id_new(a);
	store_command_id_new(b);
	assert_int_equal(strlen(a), STORE_UUID_LEN);
	assert_string_not_equal(a, b);
	assert_int_equal(a[14], '4');
	/* Version 4, variant 1: the server reads it as such. */
	ASSERT_SQL(su, "4,2", "SELECT (get_byte(uuid_send($1::uuid), 6) >> 4) "
	    "|| ',' || (get_byte(uuid_send($1::uuid), 8) >> 6)", a);
}

/* Every kind of command: the projection follows, events keep before/after. */
static void
test_round_trip(void **state)
{
	struct store_address_input	 addr = { .type = "physical",
					  .country = "gb", .city = "London" };
	struct store_result		 org, c, r, ph, em, ad;
	struct store_changes		 ch;

	(void)state;
	ASSERT_OK(store_org_create(db, cmd(), "Trip Co", "provider", NULL,
	    NULL, &org, &err));
	assert_int_equal(org.version, 1);
	contact_new("Ada", "Lovelace", &c);
	assert_true(c.changed);
	store_changes_init(&ch);
	store_changes_set(&ch, "title", "Countess");
	store_changes_set(&ch, "do_not_contact", "true");
	ASSERT_OK(store_contact_update(db, cmd(), c.id, 1, &ch, &r, NULL,
	    &err));
	store_changes_clear(&ch);
	assert_int_equal(r.version, 2);
	ASSERT_SQL(su, "Countess|true|2", "SELECT title || '|' || "
	    "do_not_contact || '|' || version FROM sb.contacts WHERE id = $1",
	    c.id);
	ASSERT_SQL(su, "{\"title\": null, \"do_not_contact\": false}|"
	    "{\"title\": \"Countess\", \"do_not_contact\": true}",
	    "SELECT (payload->'before')::text || '|' || (payload->'after')::text"
	    " FROM sb.domain_events WHERE stream_id = $1 AND stream_version = 2",
	    c.id);
	assert_no_open_transaction();

	ASSERT_OK(store_email_add(db, cmd(), c.id, " Ada@Example.COM ", NULL,
	    true, &em, &err));
	assert_int_equal(em.version, 3);
	ASSERT_SQL(su, "Ada@example.com|work|true", "SELECT address || '|' || "
	    "type || '|' || is_primary FROM sb.emails WHERE id = $1", em.id);
	ASSERT_OK(store_email_change(db, cmd(), c.id, em.id, "ada@ex.org",
	    "personal", false, &r, &err));
	assert_true(r.changed);
	ASSERT_SQL(su, "ada@ex.org|personal", "SELECT address || '|' || type "
	    "FROM sb.emails WHERE id = $1", em.id);

	ASSERT_OK(store_phone_add(db, cmd(), c.id, "020 7946 0958 x12",
	    "office", "GB", false, true, &ph, &err));
	ASSERT_SQL(su, "020 7946 0958|+442079460958|12|true", "SELECT "
	    "p.number || '|' || e164 || '|' || extension || '|' || is_primary "
	    "FROM sb.phones p JOIN sb.contact_phones cp ON cp.phone_id = p.id "
	    "WHERE p.id = $1", ph.id);
	ASSERT_OK(store_phone_change(db, cmd(), ph.id, 1, "+1 555 010 0199",
	    NULL, STORE_SMS_KEEP, NULL, &r, NULL, &err));
	assert_int_equal(r.version, 2);
	ASSERT_SQL(su, "+15550100199|", "SELECT e164 || '|' || "
	    "coalesce(extension, '') FROM sb.phones WHERE id = $1", ph.id);

	ASSERT_OK(store_address_add(db, cmd(), false, c.id, &addr, &ad, &err));
	ASSERT_SQL(su, "GB|London|1", "SELECT country || '|' || city || '|' "
	    "|| (SELECT count(*) FROM sb.contact_addresses WHERE address_id = "
	    "a.id AND deleted_at IS NULL) FROM sb.addresses a WHERE id = $1",
	    ad.id);
	ASSERT_OK(store_link_set(db, cmd(), STORE_LINK_PHONE_ADDRESS, ph.id,
	    ad.id, true, &r, &err));
	assert_true(r.changed);
	ASSERT_OK(store_link_set(db, cmd(), STORE_LINK_ORG_PHONE, org.id,
	    ph.id, true, &r, &err));
	ASSERT_SQL(su, "1|1", "SELECT (SELECT count(*) FROM "
	    "sb.phone_addresses WHERE phone_id = $1) || '|' || (SELECT count(*)"
	    " FROM sb.organization_phones WHERE phone_id = $1)", ph.id);
	store_changes_init(&ch);
	store_changes_set(&ch, "postal_code", "SW1A 1AA");
	ASSERT_OK(store_address_update(db, cmd(), ad.id, 1, &ch, &r, NULL,
	    &err));
	store_changes_clear(&ch);
	ASSERT_OK(store_phone_remove(db, cmd(), c.id, ph.id, &r, &err));
	ASSERT_SQL(su, "0", "SELECT count(*) FROM sb.contact_phones WHERE "
	    "phone_id = $1 AND deleted_at IS NULL", ph.id);
	ASSERT_OK(store_address_delete(db, cmd(), ad.id, 2, &r, NULL, &err));
	ASSERT_SQL(su, "t", "SELECT deleted_at IS NOT NULL FROM sb.addresses "
	    "WHERE id = $1", ad.id);
	assert_no_open_transaction();
}

/* Roles, the primary mark, validity windows, organization updates. */
static void
test_org_links(void **state)
{
	struct store_result	org, a, b, r;
	struct store_changes	ch;

	(void)state;
	ASSERT_OK(store_org_create(db, cmd(), "Links Co", "partner", "links",
	    NULL, &org, &err));
	contact_new("Al", NULL, &a);
	contact_new(NULL, "Bo", &b);
	ASSERT_OK(store_org_contact_link(db, cmd(), org.id, a.id, "billing",
	    NULL, NULL, &r, &err));
	ASSERT_OK(store_org_contact_link(db, cmd(), org.id, a.id, "technical",
	    "2020-01-01", NULL, &r, &err));
	ASSERT_OK(store_org_contact_link(db, cmd(), org.id, b.id, "billing",
	    NULL, NULL, &r, &err));
	ASSERT_OK(store_org_contact_link(db, cmd(), org.id, b.id, "billing",
	    NULL, NULL, &r, &err));
	assert_false(r.changed);
	ASSERT_OK(store_org_contact_set_primary(db, cmd(), org.id, a.id,
	    "billing", &r, &err));
	ASSERT_OK(store_org_contact_set_primary(db, cmd(), org.id, b.id,
	    "billing", &r, &err));
	ASSERT_SQL(su, "false,true", "SELECT string_agg(is_primary::text, ',' ORDER "
	    "BY contact_id = $2) FROM sb.organization_contacts WHERE "
	    "organization_id = $1 AND role = 'billing'", org.id, b.id);
	ASSERT_OK(store_org_contact_set_validity(db, cmd(), org.id, a.id,
	    "technical", "2021-01-01", "2021-12-31", &r, &err));
	ASSERT_SQL(su, "2021-01-01|2021-12-31", "SELECT starts_on || '|' || "
	    "ends_on FROM sb.organization_contacts WHERE organization_id = $1 "
	    "AND contact_id = $2 AND role = 'technical'", org.id, a.id);
	ASSERT_OK(store_org_contact_set_validity(db, cmd(), org.id, a.id,
	    "technical", NULL, NULL, &r, &err));
	ASSERT_SQL(su, "t", "SELECT starts_on IS NULL AND ends_on IS NULL "
	    "FROM sb.organization_contacts WHERE organization_id = $1 AND "
	    "contact_id = $2 AND role = 'technical'", org.id, a.id);
	ASSERT_OK(store_org_contact_unlink(db, cmd(), org.id, a.id,
	    "technical", &r, &err));
	ASSERT_SQL(su, "billing", "SELECT string_agg(role, ',') FROM "
	    "sb.organization_contacts WHERE organization_id = $1 AND "
	    "contact_id = $2 AND deleted_at IS NULL", org.id, a.id);
	store_changes_init(&ch);
	store_changes_set(&ch, "name", "Links Ltd");
	ASSERT_OK(store_org_update(db, cmd(), org.id, r.version, &ch, &r,
	    NULL, &err));
	store_changes_clear(&ch);
	ASSERT_SQL(su, "Links Ltd", "SELECT name FROM sb.organizations WHERE "
	    "id = $1", org.id);
	/* Still linked by Links Co: refused, and nothing is left open. */
	assert_int_equal(store_contact_delete(db, cmd(), b.id, b.version, NULL,
	    &r, NULL, &err), SB_DENIED);
	assert_string_equal(err.sqlstate, "SB002");
	assert_no_open_transaction();
}

/* A stale version: refused, and what changed is told field by field. */
static void
test_conflict(void **state)
{
	struct store_conflict	*k = NULL;
	struct store_result	 c, r;
	struct store_changes	 ch;
	size_t			 i;

	(void)state;
	contact_new("Ada", "Byron", &c);
	store_changes_init(&ch);
	store_changes_set(&ch, "first_name", "Augusta");
	ASSERT_OK(store_contact_update(db, cmd(), c.id, 1, &ch, &r, NULL,
	    &err));
	store_changes_clear(&ch);
	store_changes_init(&ch);
	store_changes_set(&ch, "first_name", "Ann");
	store_changes_set(&ch, "title", "Dr");
	ASSERT_OK(store_contact_update(db, cmd(), c.id, 2, &ch, &r, NULL,
	    &err));
	/* Someone who still saw version 1 changes the last name. */
	store_changes_clear(&ch);
	store_changes_init(&ch);
	store_changes_set(&ch, "last_name", "King");
	assert_int_equal(store_contact_update(db, cmd(), c.id, 1, &ch, &r, &k,
	    &err), SB_CONFLICT);
	store_changes_clear(&ch);
	assert_string_equal(err.sqlstate, "SB001");
	assert_no_open_transaction();
	ASSERT_SQL(su, "Ann|Byron|3", "SELECT first_name || '|' || last_name "
	    "|| '|' || version FROM sb.contacts WHERE id = $1", c.id);
	assert_non_null(k);
	assert_string_equal(k->stream, "contact");
	assert_int_equal(k->seen_version, 1);
	assert_int_equal(k->current_version, 3);
	assert_int_equal(k->count, 2);
	for (i = 0; i < k->count; i++)
		assert_string_equal(k->changes[i].actor, CLUSTER_SUPERUSER);
	assert_string_equal(k->changes[0].field, "first_name");
	assert_string_equal(k->changes[0].seen, "Ada");
	assert_string_equal(k->changes[0].current, "Ann");
	assert_non_null(k->changes[0].at);
	assert_string_equal(k->changes[1].field, "title");
	assert_null(k->changes[1].seen);
	assert_string_equal(k->changes[1].current, "Dr");
	store_conflict_free(k);
	k = NULL;
	/* A stale delete is a conflict as well. */
	assert_int_equal(store_contact_delete(db, cmd(), c.id, 2, NULL, &r, &k,
	    &err), SB_CONFLICT);
	assert_non_null(k);
	assert_int_equal(k->count, 2);
	store_conflict_free(k);
}

/* The same command id twice applies once and answers the same. */
static void
test_idempotent(void **state)
{
	struct store_contact_input	in = { .first_name = "Once" };
	struct store_result		a, b;
	char				id[STORE_UUID_LEN + 1];

	(void)state;
	store_command_id_new(id);
	ASSERT_OK(store_contact_create(db, id, &in, &a, &err));
	assert_false(a.replayed);
	ASSERT_OK(store_contact_create(db, id, &in, &b, &err));
	assert_true(b.replayed);
	assert_string_equal(a.id, b.id);
	assert_int_equal(a.version, b.version);
	assert_int_equal(a.changed, b.changed);
	ASSERT_SQL(su, "1", "SELECT count(*) FROM sb.contacts WHERE "
	    "first_name = 'Once'");
	ASSERT_OK(store_email_add(db, id, a.id, "x@example.com", NULL, false,
	    &b, &err));
	assert_true(b.replayed);
	assert_string_equal(a.id, b.id);
	ASSERT_SQL(su, "0", "SELECT count(*) FROM sb.emails WHERE "
	    "contact_id = $1", a.id);
	assert_no_open_transaction();
}

/*
 * Break the connection for real at the point the test asks for: the
 * socket's descriptor becomes one end of a pair whose other end is
 * closed, so the server sees the client go and libpq reads an end of
 * file. (A shutdown() would still let a reply that already arrived be
 * read: the loss would not be sure.)
 */
static void
fault_drop(struct db *d, enum db_fault_point point, void *arg)
{
	int	sv[2];

	if (point != *(enum db_fault_point *)arg)
		return;
	if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv) == -1 ||
	    dup2(sv[0], PQsocket(db_conn(d))) == -1)
		fail_msg("cannot break the connection");
	close(sv[0]);
	close(sv[1]);
}

/* COMMIT reached the server, the reply was lost: reported as applied. */
static void
test_lost_reply_after_commit(void **state)
{
	struct store_contact_input	in = { .last_name = "Committed" };
	enum db_fault_point		at = DB_FAULT_COMMIT_SENT;
	struct store_result		a, b;
	char				id[STORE_UUID_LEN + 1];

	(void)state;
	store_command_id_new(id);
	db_set_fault_hook(db, fault_drop, &at);
	ASSERT_OK(store_contact_create(db, id, &in, &a, &err));
	db_set_fault_hook(db, NULL, NULL);
	assert_true(a.recovered);
	ASSERT_SQL(su, a.id, "SELECT id::text FROM sb.contacts WHERE "
	    "last_name = 'Committed'");
	ASSERT_OK(store_contact_create(db, id, &in, &b, &err));
	assert_true(b.replayed);
	assert_string_equal(a.id, b.id);
	ASSERT_SQL(su, "1", "SELECT count(*) FROM sb.contacts WHERE "
	    "last_name = 'Committed'");
	assert_no_open_transaction();
}

/* The connection broke before COMMIT: nothing applied, retry applies. */
static void
test_lost_before_commit(void **state)
{
	struct store_contact_input	in = { .last_name = "Retried" };
	enum db_fault_point		at = DB_FAULT_BEFORE_COMMIT;
	struct store_result		a, b;
	char				id[STORE_UUID_LEN + 1];

	(void)state;
	store_command_id_new(id);
	db_set_fault_hook(db, fault_drop, &at);
	assert_int_equal(store_contact_create(db, id, &in, &a, &err),
	    SB_UNAVAILABLE);
	db_set_fault_hook(db, NULL, NULL);
	assert_non_null(strstr(err.message, "nothing was applied"));
	ASSERT_SQL(su, "0", "SELECT count(*) FROM sb.contacts WHERE "
	    "last_name = 'Retried'");
	ASSERT_OK(store_contact_create(db, id, &in, &b, &err));
	assert_false(b.replayed);
	ASSERT_OK(store_contact_create(db, id, &in, &b, &err));
	assert_true(b.replayed);
	ASSERT_SQL(su, "1", "SELECT count(*) FROM sb.contacts WHERE "
	    "last_name = 'Retried'");
	assert_no_open_transaction();
}

/* Removing an email takes it out of the projection. */
static void
test_email_remove(void **state)
{
	struct store_result	c, em, r;

	(void)state;
	contact_new("Rem", NULL, &c);
	ASSERT_OK(store_email_add(db, cmd(), c.id, "rem@example.com", NULL,
	    false, &em, &err));
	ASSERT_OK(store_email_remove(db, cmd(), c.id, em.id, &r, &err));
	assert_no_open_transaction();
	ASSERT_SQL(su, "0", "SELECT count(*) FROM sb.emails WHERE id = $1",
	    em.id);
	assert_true(r.changed);
}

/* Bad input: checked before the server, or mapped from its answer. */
static void
test_errors(void **state)
{
	struct store_contact_input	blank = { .first_name = " " };
	struct store_result		c, r;
	struct store_changes		ch;

	(void)state;
	contact_new("Err", NULL, &c);
	assert_int_equal(store_contact_create(db, cmd(), &blank, &r, &err),
	    SB_INVALID);
	assert_string_equal(err.field, "first_name");
	assert_int_equal(store_email_add(db, cmd(), c.id, "no-at", NULL,
	    false, &r, &err), SB_INVALID);
	assert_string_equal(err.field, "email");
	assert_int_equal(store_phone_add(db, cmd(), c.id, "555 0100", "mobile",
	    NULL, false, false, &r, &err), SB_INVALID);
	assert_string_equal(err.field, "phone");
	/* The server's own checks: a blank name, named by its constraint. */
	store_changes_init(&ch);
	store_changes_set(&ch, "first_name", NULL);
	assert_int_equal(store_contact_update(db, cmd(), c.id, 1, &ch, &r,
	    NULL, &err), SB_INVALID);
	store_changes_clear(&ch);
	assert_string_equal(err.field, "first_name");
	assert_string_equal(err.sqlstate, "23514");
	store_changes_init(&ch);
	store_changes_set(&ch, "version", "9");
	assert_int_equal(store_contact_update(db, cmd(), c.id, 1, &ch, &r,
	    NULL, &err), SB_INVALID);
	store_changes_clear(&ch);
	assert_string_equal(err.sqlstate, "SB004");
	assert_int_equal(store_phone_set_primary(db, cmd(), c.id, c.id, &r,
	    &err), SB_NOT_FOUND);
	assert_string_equal(err.sqlstate, "SB003");
	blank.first_name = "Valid";
	assert_int_equal(store_contact_create(db, "not-a-uuid", &blank, &r,
	    &err), SB_INVALID);
	assert_string_equal(err.field, "command_id");
	ASSERT_SQL(su, "1", "SELECT version FROM sb.contacts WHERE id = $1",
	    c.id);
	assert_no_open_transaction();
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_command_id),
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_org_links),
		cmocka_unit_test(test_conflict),
		cmocka_unit_test(test_idempotent),
		cmocka_unit_test(test_lost_reply_after_commit),
		cmocka_unit_test(test_lost_before_commit),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_email_remove),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
