/* Tests of the event-sourced schema against a real PostgreSQL server. */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libpq-fe.h>

#include "switchboard/cluster.h"
#include "switchboard/migrate.h"
#include "switchboard/util.h"
#include "switchboard/validate.h"
#include "testdb.h"
#include "testsql.h"

/* The first value of a query must be want (a string). */
/* A query must fail with SQLSTATE state. */
static struct testdb	*db;

static int
setup(void **state)
{
	PGconn		*conn;
	struct sb_error	 err;

	db = testdb_start();
	conn = testdb_connect(db, CLUSTER_SUPERUSER);
	if (migrate_run(conn, &err) != SB_OK)
		fail_msg("migrate_run: %s", err.message);
	*state = conn;
	return 0;
}

static int
teardown(void **state)
{
	PQfinish(*state);
	testdb_stop(db);
	return 0;
}

static char *
org_new(PGconn *conn, const char *name, const char *kind)
{
	return testsql_value(conn, "SELECT sb.organization_create($1, $2)",
	    name, kind, NULL);
}

static char *
contact_new(PGconn *conn, const char *first, const char *last,
    const char *owner)
{
	return testsql_value(conn, "SELECT sb.contact_create($1, $2, "
	    "owner_organization_id => $3)", first != NULL ? first :
	    TESTSQL_NULL, last != NULL ? last : TESTSQL_NULL,
	    owner != NULL ? owner : TESTSQL_NULL, NULL);
}

static void
link_contact(PGconn *conn, const char *org, const char *c, const char *role)
{
	ASSERT_SQL(conn, "t", "SELECT sb.organization_contact_link($1, $2, $3)",
	    org, c, role);
}

/* Every projection as text, in a stable order. */
static char *
snapshot(PGconn *conn)
{
	static const char *const tables[] = {
		"organizations", "contacts", "addresses", "phones", "emails",
		"organization_contacts", "organization_addresses",
		"organization_phones", "contact_phones", "contact_addresses",
		"phone_addresses",
	};
	char	*all = xstrdup(""), *one, *sql, *next;
	size_t	 i;

	for (i = 0; i < SB_ARRAY_LEN(tables); i++) {
		sql = xasprintf("SELECT count(*) || E'\\n' || coalesce("
		    "string_agg(t::text, E'\\n' ORDER BY t::text), '') "
		    "FROM sb.%s t", tables[i]);
		one = testsql_value(conn, sql, NULL);
		next = xasprintf("%s== %s %s\n", all, tables[i], one);
		free(all);
		free(one);
		free(sql);
		all = next;
	}
	return all;
}

/* Several roles per contact, one primary per (organization, role). */
static void
test_primary_per_role(void **state)
{
	PGconn	*conn = *state;
	char	*org, *a, *b;

	org = org_new(conn, "Primary Co", "provider");
	a = contact_new(conn, "Ada", "Ant", org);
	b = contact_new(conn, "Bob", "Bee", org);
	link_contact(conn, org, a, "billing");
	link_contact(conn, org, a, "emergency");
	link_contact(conn, org, b, "billing");
	ASSERT_SQL(conn, "t", "SELECT sb.organization_contact_set_primary("
	    "$1, $2, 'billing')", org, a);
	ASSERT_SQL(conn, "t", "SELECT sb.organization_contact_set_primary("
	    "$1, $2, 'emergency')", org, a);
	ASSERT_SQL(conn, "f", "SELECT sb.organization_contact_set_primary("
	    "$1, $2, 'billing')", org, a);
	/* The mark moves: a loses it first, in its own event. */
	ASSERT_SQL(conn, "t", "SELECT sb.organization_contact_set_primary("
	    "$1, $2, 'billing')", org, b);
	ASSERT_SQL(conn, "billing:false,billing:true,emergency:true",
	    "SELECT string_agg(role || ':' || is_primary, ',' ORDER BY role, "
	    "contact_id = $2) FROM sb.organization_contacts "
	    "WHERE organization_id = $1", org, b);
	ASSERT_SQL(conn, "false>true", "SELECT string_agg(payload->'after'->>"
	    "'is_primary', '>' ORDER BY position) FROM sb.domain_events "
	    "WHERE stream_id = $1 AND event_type = "
	    "'organization.contact.primary_set' AND payload->>'role' = "
	    "'billing' AND position > (SELECT max(position) - 2 FROM "
	    "sb.domain_events)", org);
	/* The database itself refuses a second primary. */
	ASSERT_SQLSTATE(conn, "23505", "UPDATE sb.organization_contacts "
	    "SET is_primary = true WHERE organization_id = $1", org);
	free(org);
	free(a);
	free(b);
}

/* Unlink keeps the row; link and unlink are idempotent; relink revives. */
static void
test_soft_delete_idempotent(void **state)
{
	PGconn	*conn = *state;
	char	*org, *c;

	org = org_new(conn, "Soft Co", "partner");
	c = contact_new(conn, "Cy", NULL, NULL);
	link_contact(conn, org, c, "technical");
	ASSERT_SQL(conn, "f", "SELECT sb.organization_contact_link($1, $2, "
	    "'technical')", org, c);
	ASSERT_SQL(conn, "1", "SELECT count(*) FROM sb.domain_events "
	    "WHERE stream_id = $1 AND event_type LIKE '%.linked'", org);
	ASSERT_SQL(conn, "t", "SELECT sb.organization_contact_unlink($1, $2, "
	    "'technical')", org, c);
	ASSERT_SQL(conn, "f", "SELECT sb.organization_contact_unlink($1, $2, "
	    "'technical')", org, c);
	ASSERT_SQL(conn, "1|true", "SELECT count(*) || '|' || bool_and("
	    "deleted_at IS NOT NULL) FROM sb.organization_contacts "
	    "WHERE organization_id = $1", org);
	ASSERT_SQL(conn, "0", "SELECT count(*) FROM "
	    "sb.organization_contacts_current WHERE organization_id = $1", org);
	link_contact(conn, org, c, "technical");
	ASSERT_SQL(conn, "1|true", "SELECT count(*) || '|' || bool_and("
	    "deleted_at IS NULL) FROM sb.organization_contacts "
	    "WHERE organization_id = $1", org);
	free(org);
	free(c);
}

/* A link's validity window: checked, and lists show today's links. */
static void
test_validity_window(void **state)
{
	PGconn	*conn = *state;
	char	*org, *c;

	org = org_new(conn, "Window Co", "provider");
	c = contact_new(conn, NULL, "Dee", org);
	ASSERT_SQLSTATE(conn, "23514", "SELECT sb.organization_contact_link("
	    "$1, $2, 'admin', '2024-02-01', '2024-01-01')", org, c);
	ASSERT_SQL(conn, "t", "SELECT sb.organization_contact_link($1, $2, "
	    "'admin', '2020-01-01', '2020-12-31')", org, c);
	ASSERT_SQLSTATE(conn, "SB004", "SELECT sb."
	    "organization_contact_set_validity($1, $2, 'admin', '2021-01-01', "
	    "'2020-01-01')", org, c);
	ASSERT_SQLSTATE(conn, "23514", "UPDATE sb.organization_contacts "
	    "SET ends_on = starts_on - 1 WHERE organization_id = $1", org);
	ASSERT_SQL(conn, "0", "SELECT count(*) FROM "
	    "sb.organization_contacts_current WHERE organization_id = $1", org);
	ASSERT_SQL(conn, "1", "SELECT count(*) FROM "
	    "sb.organization_contacts_on('2020-06-01') WHERE "
	    "organization_id = $1", org);
	ASSERT_SQL(conn, "t", "SELECT sb.organization_contact_clear_validity("
	    "$1, $2, 'admin')", org, c);
	ASSERT_SQL(conn, "1", "SELECT count(*) FROM "
	    "sb.organization_contacts_current WHERE organization_id = $1", org);
	free(org);
	free(c);
}

/* At most one primary email and one primary phone per contact. */
static void
test_contact_primaries(void **state)
{
	PGconn	*conn = *state;
	char	*c, *e1, *p1, *p2;

	c = contact_new(conn, "Eve", "Eel", NULL);
	e1 = testsql_value(conn, "SELECT sb.contact_email_add($1, "
	    "'eve@example.com', 'work', true)", c, NULL);
	free(testsql_value(conn, "SELECT sb.contact_email_add($1, "
	    "'eve@example.org', 'personal', true)", c, NULL));
	ASSERT_SQL(conn, "eve@example.org", "SELECT string_agg(address, ',') "
	    "FROM sb.emails WHERE contact_id = $1 AND is_primary", c);
	ASSERT_SQL(conn, "t", "SELECT sb.contact_email_change($1, $2, "
	    "'{\"is_primary\": true}')", c, e1);
	ASSERT_SQL(conn, "eve@example.com", "SELECT string_agg(address, ',') "
	    "FROM sb.emails WHERE contact_id = $1 AND is_primary", c);
	ASSERT_SQLSTATE(conn, "23505", "UPDATE sb.emails SET is_primary = "
	    "true WHERE contact_id = $1", c);

	p1 = testsql_value(conn, "SELECT sb.contact_phone_add($1, "
	    "'+1 555 010 0001', 'mobile', make_primary => true)", c, NULL);
	p2 = testsql_value(conn, "SELECT sb.contact_phone_add($1, "
	    "'0044 20 7946 0000', 'office', make_primary => true)", c, NULL);
	ASSERT_SQL(conn, "+442079460000", "SELECT string_agg(p.e164, ',') "
	    "FROM sb.contact_phones cp JOIN sb.phones p ON p.id = cp.phone_id "
	    "WHERE cp.contact_id = $1 AND cp.is_primary", c);
	ASSERT_SQLSTATE(conn, "23505", "UPDATE sb.contact_phones SET "
	    "is_primary = true WHERE contact_id = $1", c);
	/* Unlinking the primary phone drops the mark with it. */
	ASSERT_SQL(conn, "t", "SELECT sb.contact_phone_unlink($1, $2)", c, p2);
	ASSERT_SQL(conn, "0", "SELECT count(*) FROM sb.contact_phones "
	    "WHERE contact_id = $1 AND is_primary", c);
	ASSERT_SQL(conn, "t", "SELECT sb.contact_phone_set_primary($1, $2)",
	    c, p1);
	free(c);
	free(e1);
	free(p1);
	free(p2);
}

/* New roles and types are rows, not migrations. */
static void
test_lookup_extendable(void **state)
{
	PGconn	*conn = *state;
	char	*org, *c;

	org = org_new(conn, "Lookup Co", "platform");
	c = contact_new(conn, "Fay", NULL, org);
	ASSERT_SQLSTATE(conn, "23503", "SELECT sb.organization_contact_link("
	    "$1, $2, 'legal')", org, c);
	testsql_exec(conn, "INSERT INTO sb.contact_roles (code, label) "
	    "VALUES ('legal', 'Legal')");
	testsql_exec(conn, "INSERT INTO sb.phone_types (code, label) "
	    "VALUES ('pager', 'Pager')");
	link_contact(conn, org, c, "legal");
	free(testsql_value(conn, "SELECT sb.contact_phone_add($1, "
	    "'+15550100002', 'pager')", c, NULL));
	ASSERT_SQLSTATE(conn, "23503", "SELECT sb.contact_phone_add($1, "
	    "'+15550100003', 'telegraph')", c);
	free(org);
	free(c);
}

/* Required names, lengths, email, E.164 and country checks. */
static void
test_validation(void **state)
{
	PGconn	*conn = *state;
	char	*c, *ad, *long_name;

	ASSERT_SQLSTATE(conn, "23514", "SELECT sb.contact_create(' ', NULL)");
	long_name = xcalloc(1, 102);
	memset(long_name, 'x', 101);
	ASSERT_SQLSTATE(conn, "SB004", "SELECT sb.contact_create($1, NULL)",
	    long_name);
	long_name[100] = '\0';
	c = contact_new(conn, long_name, NULL, NULL);
	ASSERT_SQLSTATE(conn, "SB004", "SELECT sb.contact_email_add($1, "
	    "'not an email')", c);
	ASSERT_SQLSTATE(conn, "SB004", "SELECT sb.contact_email_add($1, "
	    "'a@b')", c);
	ASSERT_SQLSTATE(conn, "SB004", "SELECT sb.contact_phone_add($1, "
	    "'555 0100', 'mobile')", c);
	ASSERT_SQLSTATE(conn, "SB004", "SELECT sb.contact_phone_add($1, "
	    "'555 0100', 'mobile', e164 => '+0123')", c);
	ASSERT_SQLSTATE(conn, "23514", "SELECT sb.address_create('physical', "
	    "'USA')");
	ad = testsql_value(conn, "SELECT sb.address_create('mailing', ' de')",
	    NULL);
	ASSERT_SQL(conn, "DE", "SELECT country FROM sb.addresses WHERE id = $1",
	    ad);
	free(ad);
	ASSERT_SQLSTATE(conn, "SB004", "SELECT sb.contact_update($1, 1, "
	    "'{\"version\": 9}')", c);
	ASSERT_SQLSTATE(conn, "SB004", "SELECT sb.organization_create('X', "
	    "'provider', referring_partner_id => (SELECT id FROM "
	    "sb.organizations WHERE kind = 'provider' LIMIT 1))");
	free(long_name);
	free(c);
}

/* The log refuses UPDATE, DELETE and TRUNCATE, even to its owner. */
static void
test_log_append_only(void **state)
{
	PGconn		*conn = *state;
	const char	*const stmts[] = {
		"UPDATE sb.domain_events SET actor = 'x'",
		"DELETE FROM sb.domain_events",
		"DELETE FROM sb.domain_events WHERE false",
		"TRUNCATE sb.domain_events",
	};
	size_t		 i;
	char		*e;

	free(contact_new(conn, "Gus", NULL, NULL));
	for (i = 0; i < SB_ARRAY_LEN(stmts); i++) {
		ASSERT_SQLSTATE(conn, "SB005", stmts[i]);
		testsql_exec(conn, "SET ROLE switchboard_owner");
		e = testsql_error(conn, stmts[i], NULL);
		testsql_exec(conn, "RESET ROLE");
		if (!testsql_is(e, "SB005") && !testsql_is(e, "42501"))
			fail_msg("owner: %s: %s", stmts[i], e);
		free(e);
	}
	ASSERT_SQL(conn, "f", "SELECT has_table_privilege('switchboard_owner', "
	    "'sb.domain_events', 'UPDATE, DELETE, TRUNCATE')");
}

/* Only the owner writes projections; other roles cannot. */
static void
test_projection_writes_denied(void **state)
{
	PGconn	*conn = *state;

	testsql_exec(conn, "CREATE ROLE someone LOGIN");
	testsql_exec(conn, "GRANT USAGE ON SCHEMA sb TO someone");
	testsql_exec(conn, "SET ROLE someone");
	ASSERT_SQLSTATE(conn, "42501", "INSERT INTO sb.organizations (id, "
	    "name, kind, version, created_at, updated_at, updated_by) VALUES "
	    "(gen_random_uuid(), 'X', 'provider', 1, now(), now(), 'x')");
	ASSERT_SQLSTATE(conn, "42501", "DELETE FROM sb.contacts");
	ASSERT_SQLSTATE(conn, "42501", "SELECT sb.rebuild_projections()");
	ASSERT_SQLSTATE(conn, "42501", "SELECT sb.apply_event(e) FROM "
	    "sb.domain_events e");
	testsql_exec(conn, "RESET ROLE");
}

/* Appending an event id a second time returns the first position. */
static void
test_append_idempotent(void **state)
{
	PGconn		*conn = *state;
	const char	*id = "8d3bb0a4-1f43-4b1d-9c1e-4e3f2b9b7a01";
	const char	*cid = "1c1ad0f4-54b6-4a55-8f2b-7d7e0e0e0e01";
	const char	*append = "SELECT sb.append_event($1, 'contact', $2, 0, "
	    "'contact.created', '{\"after\": {\"first_name\": \"Hal\", "
	    "\"active\": true, \"do_not_contact\": false}}')";
	char		*p1, *p2;

	p1 = testsql_value(conn, append, id, cid, NULL);
	p2 = testsql_value(conn, append, id, cid, NULL);
	assert_non_null(p1);
	assert_string_equal(p1, p2);
	ASSERT_SQL(conn, "1", "SELECT count(*) FROM sb.domain_events "
	    "WHERE stream_id = $1", cid);
	ASSERT_SQL(conn, "Hal:1", "SELECT first_name || ':' || version FROM "
	    "sb.contacts WHERE id = $1", cid);
	free(p1);
	free(p2);
}

/* A stale expected version is a conflict (SB001), nothing is written. */
static void
test_stale_version(void **state)
{
	PGconn	*conn = *state;
	char	*c;

	c = contact_new(conn, "Ivy", "Old", NULL);
	ASSERT_SQL(conn, "2", "SELECT sb.contact_update($1, 1, "
	    "'{\"last_name\": \"New\", \"title\": null}')", c);
	ASSERT_SQLSTATE(conn, "SB001", "SELECT sb.contact_update($1, 1, "
	    "'{\"last_name\": \"Newer\"}')", c);
	ASSERT_SQLSTATE(conn, "SB001", "SELECT sb.append_event("
	    "gen_random_uuid(), 'contact', $1, 1, 'contact.updated', '{}')", c);
	ASSERT_SQL(conn, "New:2", "SELECT last_name || ':' || version FROM "
	    "sb.contacts WHERE id = $1", c);
	/* Only the changed field, with before and after. */
	ASSERT_SQL(conn, "{\"after\": {\"last_name\": \"New\"}, \"before\": "
	    "{\"last_name\": \"Old\"}}", "SELECT payload::text FROM "
	    "sb.domain_events WHERE stream_id = $1 AND stream_version = 2", c);
	free(c);
}

/* A contact other organizations link cannot be deleted. */
static void
test_contact_delete(void **state)
{
	PGconn	*conn = *state;
	char	*own, *other, *c, *e;

	own = org_new(conn, "Owner Co", "provider");
	other = org_new(conn, "Other Co", "partner");
	c = contact_new(conn, "Jo", "Jay", own);
	link_contact(conn, own, c, "billing");
	link_contact(conn, other, c, "admin");
	e = testsql_error(conn, "SELECT sb.contact_delete($1)", c, NULL);
	assert_true(testsql_is(e, "SB002"));
	assert_non_null(strstr(e, "Other Co"));
	assert_null(strstr(e, "Owner Co"));
	free(e);
	ASSERT_SQL(conn, "t", "SELECT sb.organization_contact_unlink($1, $2, "
	    "'admin')", other, c);
	free(testsql_value(conn, "SELECT sb.contact_delete($1)", c, NULL));
	ASSERT_SQL(conn, "t", "SELECT deleted_at IS NOT NULL AND NOT active "
	    "FROM sb.contacts WHERE id = $1", c);
	ASSERT_SQL(conn, "0", "SELECT count(*) FROM sb.organization_contacts "
	    "WHERE contact_id = $1 AND deleted_at IS NULL", c);
	ASSERT_SQLSTATE(conn, "SB003", "SELECT sb.contact_update($1, NULL, "
	    "'{\"title\": \"x\"}')", c);
	free(own);
	free(other);
	free(c);
}

/* Build a history with links, unlinks, relinks, moves, updates, deletes. */
static void
history_build(PGconn *conn)
{
	char	*o1, *o2, *c1, *c2, *ph, *ad;

	o1 = org_new(conn, "Ærø Fähre", "provider");
	o2 = org_new(conn, "Replay Partners", "partner");
	free(testsql_value(conn, "SELECT sb.organization_update($1, 1, "
	    "jsonb_build_object('referring_partner_id', $2::uuid, "
	    "'subdomain', 'aero'))", o1, o2, NULL));
	c1 = contact_new(conn, "Kai", "Koch", o1);
	c2 = contact_new(conn, "Lea", "Lutz", o1);
	link_contact(conn, o1, c1, "billing");
	link_contact(conn, o1, c2, "billing");
	link_contact(conn, o2, c2, "stakeholder");
	free(testsql_value(conn, "SELECT sb.organization_contact_set_primary("
	    "$1, $2, 'billing')", o1, c1, NULL));
	free(testsql_value(conn, "SELECT sb.organization_contact_set_primary("
	    "$1, $2, 'billing')", o1, c2, NULL));
	free(testsql_value(conn, "SELECT sb.organization_contact_unlink("
	    "$1, $2, 'billing')", o1, c2, NULL));
	link_contact(conn, o1, c2, "billing");
	free(testsql_value(conn, "SELECT sb.contact_update($1, 1, "
	    "'{\"title\": \"CFO\", \"do_not_contact\": true}')", c1, NULL));
	ph = testsql_value(conn, "SELECT sb.contact_phone_add($1, "
	    "'+49 30 1234567', 'office', make_primary => true)", c1, NULL);
	ad = testsql_value(conn, "SELECT sb.address_create('physical', 'DE', "
	    "city => 'Berlin')", NULL);
	free(testsql_value(conn, "SELECT sb.organization_address_link($1, $2)",
	    o1, ad, NULL));
	free(testsql_value(conn, "SELECT sb.phone_address_link($1, $2)", ph,
	    ad, NULL));
	free(testsql_value(conn, "SELECT sb.contact_address_link($1, $2)", c1,
	    ad, NULL));
	free(testsql_value(conn, "SELECT sb.organization_phone_link($1, $2)",
	    o1, ph, NULL));
	free(testsql_value(conn, "SELECT sb.phone_update($1, NULL, "
	    "'{\"number\": \"+49 30 7654321\"}')", ph, NULL));
	free(testsql_value(conn, "SELECT sb.contact_email_add($1, "
	    "'kai@example.de', make_primary => true)", c1, NULL));
	free(testsql_value(conn, "SELECT sb.address_delete($1)", ad, NULL));
	free(testsql_value(conn, "SELECT sb.organization_contact_unlink("
	    "$1, $2, 'stakeholder')", o2, c2, NULL));
	free(testsql_value(conn, "SELECT sb.contact_delete($1)", c2, NULL));
	free(o1);
	free(o2);
	free(c1);
	free(c2);
	free(ph);
	free(ad);
}

/* Replaying the whole log reproduces the live projections exactly. */
static void
test_replay_equals_live(void **state)
{
	PGconn	*conn = *state;
	char	*live, *again, *replayed;

	history_build(conn);
	live = snapshot(conn);
	/* Applying events a second time changes nothing. */
	testsql_exec(conn, "SELECT sb.apply_event(e) FROM sb.domain_events e "
	    "ORDER BY position");
	again = snapshot(conn);
	assert_string_equal(live, again);
	ASSERT_SQL(conn, "t", "SELECT sb.rebuild_projections() = "
	    "(SELECT count(*) FROM sb.domain_events)");
	replayed = snapshot(conn);
	assert_string_equal(live, replayed);
	free(live);
	free(again);
	free(replayed);
}

/* Name search and reverse lookups are served by their indexes. */
static void
test_indexes_used(void **state)
{
	PGconn		*conn = *state;
	/*
	 * Query, the index it must use, and an index to hide first: on the
	 * few rows of a test database a full scan of the name btree with the
	 * cheap column filter costs less than the trigram index.
	 */
	const char	*const queries[][3] = {
		{ "SELECT id FROM sb.organizations WHERE sb.fold(name) "
		    "OPERATOR(sb.%) sb.fold('aero')", "organizations_name_trgm" },
		{ "SELECT id FROM sb.organizations WHERE sb.fold(name) "
		    "COLLATE \"C\" LIKE 'aer%' ORDER BY sb.fold(name) "
		    "COLLATE \"C\", id", "organizations_name_fold" },
		{ "SELECT id FROM sb.contacts WHERE word_key "
		    "OPERATOR(sb.%) 'kai koch'", "contacts_word_trgm",
		    "sb.contacts_word_first" },
		{ "SELECT id FROM sb.contacts WHERE word_key "
		    "LIKE '%ai ko%'", "contacts_word_trgm",
		    "sb.contacts_word_first" },
		{ "SELECT id FROM sb.contacts WHERE word_key COLLATE \"C\" "
		    "LIKE 'kai k%' ORDER BY word_key COLLATE \"C\", id",
		    "contacts_word_first" },
		{ "SELECT id FROM sb.contacts WHERE last_word_key "
		    "COLLATE \"C\" LIKE 'koch k%' ORDER BY last_word_key "
		    "COLLATE \"C\", id", "contacts_word_last" },
		{ "SELECT id FROM sb.contacts WHERE name_key COLLATE \"C\" "
		    "LIKE 'kai%' ORDER BY name_key COLLATE \"C\", id",
		    "contacts_name_fold" },
		{ "SELECT id FROM sb.phones WHERE e164 = '+15550100001'",
		    "phones_e164" },
		{ "SELECT id FROM sb.emails WHERE lower(address) = 'a@b.c'",
		    "emails_address" },
	};
	size_t		 i;
	char		*plan, *sql, *hide;

	ASSERT_SQL(conn, "aero", "SELECT sb.fold('ÆRØ')");
	testsql_exec(conn, "SET enable_seqscan = off");
	for (i = 0; i < SB_ARRAY_LEN(queries); i++) {
		sql = xasprintf("EXPLAIN (FORMAT JSON) %s", queries[i][0]);
		testsql_exec(conn, "BEGIN");
		if (queries[i][2] != NULL) {
			hide = xasprintf("DROP INDEX %s", queries[i][2]);
			testsql_exec(conn, hide);
			free(hide);
		}
		plan = testsql_value(conn, sql, NULL);
		testsql_exec(conn, "ROLLBACK");
		if (strstr(plan, queries[i][1]) == NULL)
			fail_msg("%s does not use %s:\n%s", queries[i][0],
			    queries[i][1], plan);
		free(plan);
		free(sql);
	}
	testsql_exec(conn, "RESET enable_seqscan");
}

/*
 * The server derives a phone's E.164 form by the rules the program checks
 * at entry (src/validate.c): the same countries, and for every number and
 * default country the same answer. An international number needs no
 * claim; a national one is taken with exactly the form the program
 * computed, and no other.
 */
static void
test_phone_rules_agree(void **state)
{
	static const char *const numbers[] = {
		"+1 (555) 010-0199", "+44 (0)20 7946 0958", "+44 20 7946 0958",
		"0044 20 7946 0958", "020 7946 0958", "(217) 555-0100",
		"217.555.0100", "1 217 555 0100", "+39 06 1234 5678",
		"06 1234 5678", "+49 30 1234567", "030 1234567",
		"+33 1 23 45 67 89", "01 23 45 67 89", "+61 2 9374 4000",
		"+972 3 123 4567", "+1 217 555 01", "+0 123 4567",
		"+44 020 7946 0958", "12", "+1234567890123456",
		"+999 1234 5678", "00", "+", "555-0100", "+1 217 555 0100 Evil",
		"+1 217 555 0100\033[2J", "+44 (0) 20 7946 0958",
		"+1 217 555 0100 ;", "+1 217 555 0100\342\200\256",
		"+86 10 1234 5678", "0086 10 1234 5678", "+52 55 1234 5678",
	};
	static const char *const countries[] = {
		NULL, "US", "GB", "DE", "IT", "FR", "AU", "MX"
	};
	PGconn				*conn = *state;
	const struct validate_country	*c;
	struct validate_phone		 ph;
	struct sb_error			 err;
	char				*sql_ok, *v, *row;
	size_t				 i, k;
	bool				 intl;

	testsql_exec(conn, "CREATE FUNCTION pg_temp.dialable(n text, c text)"
	    " RETURNS text LANGUAGE plpgsql AS $$ BEGIN RETURN"
	    " sb.phone_dialable(n, c); EXCEPTION WHEN SQLSTATE 'SB004' THEN"
	    " RETURN 'refused'; END $$");
	for (i = 0; (c = validate_country_nth(i)) != NULL; i++) {
		row = xasprintf("%s|%s|%d|%d", c->code, c->trunk,
		    c->min_digits, c->max_digits);
		ASSERT_SQL(conn, row, "SELECT code || '|' || trunk || '|' ||"
		    " min_digits || '|' || max_digits FROM sb.phone_countries()"
		    " WHERE iso = $1", c->iso, NULL);
		free(row);
	}
	v = xasprintf("%zu", i);
	ASSERT_SQL(conn, v, "SELECT count(*) FROM sb.phone_countries()", NULL);
	free(v);
	for (i = 0; i < SB_ARRAY_LEN(numbers); i++) {
		for (k = 0; k < SB_ARRAY_LEN(countries); k++) {
			sb_error_clear(&err);
			if (validate_phone(numbers[i], countries[k], &ph,
			    &err) == SB_OK && ph.extension[0] != '\0')
				continue;
			intl = strchr(numbers[i], '+') != NULL ||
			    strncmp(numbers[i], "00", 2) == 0;
			sql_ok = testsql_value(conn, "SELECT"
			    " pg_temp.dialable($1, $2)",
			    numbers[i], err.status == SB_OK && !intl ? ph.e164 :
			    TESTSQL_NULL, NULL);
			if (err.status == SB_OK && strcmp(sql_ok, ph.e164) != 0)
				fail_msg("%s in %s: program %s, server %s",
				    numbers[i], countries[k] ? countries[k] :
				    "-", ph.e164, sql_ok);
			free(sql_ok);
			if (err.status != SB_OK && intl)
				ASSERT_SQLSTATE(conn, "SB004", "SELECT"
				    " sb.phone_dialable($1, NULL)", numbers[i],
				    NULL);
			/* A national number dials only what it spells. */
			if (err.status == SB_OK && !intl)
				ASSERT_SQLSTATE(conn, "SB004", "SELECT"
				    " sb.phone_dialable($1, '+19005550199')",
				    numbers[i], NULL);
		}
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_primary_per_role),
		cmocka_unit_test(test_soft_delete_idempotent),
		cmocka_unit_test(test_validity_window),
		cmocka_unit_test(test_contact_primaries),
		cmocka_unit_test(test_lookup_extendable),
		cmocka_unit_test(test_validation),
		cmocka_unit_test(test_log_append_only),
		cmocka_unit_test(test_projection_writes_denied),
		cmocka_unit_test(test_append_idempotent),
		cmocka_unit_test(test_stale_version),
		cmocka_unit_test(test_contact_delete),
		cmocka_unit_test(test_replay_equals_live),
		cmocka_unit_test(test_indexes_used),
		cmocka_unit_test(test_phone_rules_agree),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
