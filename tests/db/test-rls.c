/* Tests of row-level security, memberships and the command log. */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <libpq-fe.h>

#include "switchboard/cluster.h"
#include "switchboard/util.h"
#include "testdb.h"
#include "testsql.h"

/* The kinds of the matrix, in the column order of doc/role-matrix.md. */
enum rls_kind {
	RLS_SUPER, RLS_PROVIDER, RLS_SUPPORT_ONE, RLS_SUPPORT_ALL,
	RLS_PARTNER, RLS_PROVIDER_B, RLS_KINDS
};

static const char *const rls_roles[RLS_KINDS] = {
	"t_super", "t_provider", "t_support_one", "t_support_all",
	"t_partner", "t_provider_b"
};
#define RLS_MATRIX_KINDS	5

static const char *const rls_headers[RLS_MATRIX_KINDS] = {
	"super admin", "provider admin", "support (one)", "support (all)",
	"partner admin"
};

static struct testdb	*db;
static PGconn		*su;
static PGconn		*as[RLS_KINDS];
static char		*org_a, *org_b, *org_p, *org_r;
static char		*c_a, *c_b, *c_b2, *c_s, *c_p, *c_r;
static char		*phone_b;
static int		 phone_seq;

static char *
org_new(const char *name, const char *kind, const char *sub,
    const char *partner)
{
	char	 num[32];
	char	*id, *ph, *ad;

	id = testsql_value(su, "SELECT sb.organization_create($1, $2, $3,"
	    " $4)", name, kind, sub, partner != NULL ? partner : TESTSQL_NULL,
	    NULL);
	snprintf(num, sizeof num, "+1555020%04d", ++phone_seq);
	ph = testsql_value(su, "SELECT sb.phone_create($1, 'office')", num,
	    NULL);
	free(testsql_value(su, "SELECT sb.organization_phone_link($1, $2)",
	    id, ph, NULL));
	ad = testsql_value(su, "SELECT sb.address_create('physical', 'US')",
	    NULL);
	free(testsql_value(su, "SELECT sb.organization_address_link($1, $2)",
	    id, ad, NULL));
	free(ph);
	free(ad);
	return id;
}

/* A contact with an email, a phone and an address, linked to org. */
static char *
contact_new(const char *name, const char *email, const char *owner,
    const char *org, char **phone)
{
	char	 num[32];
	char	*id, *ph, *ad;

	id = testsql_value(su, "SELECT sb.contact_create($1, 'Test',"
	    " owner_organization_id => $2)", name,
	    owner != NULL ? owner : TESTSQL_NULL, NULL);
	free(testsql_value(su, "SELECT sb.contact_email_add($1, $2)", id,
	    email, NULL));
	snprintf(num, sizeof num, "+1555010%04d", ++phone_seq);
	ph = testsql_value(su, "SELECT sb.contact_phone_add($1, $2, "
	    "'mobile')", id, num, NULL);
	ad = testsql_value(su, "SELECT sb.address_create('mailing', 'US')",
	    NULL);
	free(testsql_value(su, "SELECT sb.contact_address_link($1, $2)", id,
	    ad, NULL));
	free(testsql_value(su, "SELECT sb.phone_address_link($1, $2)", ph,
	    ad, NULL));
	free(testsql_value(su, "SELECT sb.organization_contact_link($1, $2,"
	    " 'technical')", org, id, NULL));
	if (phone != NULL)
		*phone = ph;
	else
		free(ph);
	free(ad);
	return id;
}

static void
person_new(const char *role, const char *kind, const char *org)
{
	char	*sql;

	sql = xasprintf("CREATE ROLE %s LOGIN; GRANT switchboard_user TO %s",
	    role, role);
	testsql_exec(su, sql);
	free(sql);
	ASSERT_SQL(su, "t", "SELECT sb.membership_grant($1, $2, $3)", role,
	    kind, org, NULL);
}

static int
setup(void **state)
{
	int	i;

	(void)state;
	db = testdb_start_migrated(&su);
	org_a = org_new("Riverside Health", "provider", "riverside", NULL);
	org_b = org_new("Lakeside Clinic", "provider", "lakeside", NULL);
	org_p = org_new("Northwind Health Partners", "partner", "northwind",
	    NULL);
	org_r = org_new("Referred Care", "provider", "referred", org_p);
	c_a = contact_new("Ann", "ann@riverside.example", NULL, org_a, NULL);
	c_b = contact_new("Bob", "bob@lakeside.example", NULL, org_b,
	    &phone_b);
	c_b2 = contact_new("Bea", "bea@lakeside.example", NULL, org_b, NULL);
	c_s = contact_new("Sam", "sam@shared.example", NULL, org_a, NULL);
	free(testsql_value(su, "SELECT sb.organization_contact_link($1, $2,"
	    " 'billing')", org_b, c_s, NULL));
	c_p = contact_new("Pat", "pat@northwind.example", org_p, org_p, NULL);
	free(testsql_value(su, "SELECT sb.organization_contact_link($1, $2,"
	    " 'billing')", org_a, c_p, NULL));
	c_r = contact_new("Rae", "rae@referred.example", NULL, org_r, NULL);
	person_new(rls_roles[RLS_SUPER], "super_admin", TESTSQL_NULL);
	person_new(rls_roles[RLS_PROVIDER], "provider_admin", org_a);
	person_new(rls_roles[RLS_SUPPORT_ONE], "support", org_a);
	person_new(rls_roles[RLS_SUPPORT_ALL], "support", TESTSQL_NULL);
	person_new(rls_roles[RLS_PARTNER], "partner_admin", org_p);
	person_new(rls_roles[RLS_PROVIDER_B], "provider_admin", org_b);
	for (i = 0; i < RLS_KINDS; i++)
		as[i] = testdb_connect(db, rls_roles[i]);
	return 0;
}

static int
teardown(void **state)
{
	int	i;

	(void)state;
	for (i = 0; i < RLS_KINDS; i++)
		PQfinish(as[i]);
	PQfinish(su);
	testdb_stop(db);
	return 0;
}

/* Whether the person of kind k sees the row of table with that id. */
static int
sees(enum rls_kind k, const char *table, const char *id)
{
	char	*sql, *v;
	int	 r;

	sql = xasprintf("SELECT count(*) FROM sb.%s WHERE id = $1", table);
	v = testsql_value(as[k], sql, id, NULL);
	r = strcmp(v, "1") == 0;
	free(v);
	free(sql);
	return r;
}

/* Every table forces RLS, belongs to a NOLOGIN owner; no login bypasses. */
static void
test_rls_catalog(void **state)
{
	(void)state;
	ASSERT_SQL(su, "0", "SELECT count(*) FROM pg_class c JOIN pg_namespace"
	    " n ON n.oid = c.relnamespace WHERE n.nspname = 'sb' AND"
	    " c.relkind IN ('r', 'p') AND NOT (c.relrowsecurity AND"
	    " c.relforcerowsecurity)", NULL);
	ASSERT_SQL(su, "0", "SELECT count(*) FROM pg_class c JOIN pg_namespace"
	    " n ON n.oid = c.relnamespace WHERE n.nspname = 'sb' AND"
	    " c.relkind IN ('r', 'p', 'v') AND"
	    " pg_get_userbyid(c.relowner) <> 'switchboard_owner'", NULL);
	ASSERT_SQL(su, "f", "SELECT rolcanlogin FROM pg_roles"
	    " WHERE rolname = 'switchboard_owner'", NULL);
	ASSERT_SQL(su, "0", "SELECT count(*) FROM pg_roles WHERE rolcanlogin"
	    " AND (rolbypassrls OR rolsuper) AND rolname <> $1",
	    CLUSTER_SUPERUSER, NULL);
	/* Internal functions are not callable by persons. */
	ASSERT_SQL(su, "0", "SELECT count(*) FROM pg_proc p JOIN pg_namespace"
	    " n ON n.oid = p.pronamespace WHERE n.nspname = 'sb' AND"
	    " p.proname ~ '^(apply_|rebuild_projections$|domain_events_)' AND"
	    " has_function_privilege('switchboard_user', p.oid, 'EXECUTE')",
	    NULL);
	ASSERT_SQLSTATE(as[RLS_SUPER], "42501",
	    "SELECT sb.rebuild_projections()", NULL);
	/* Nothing of the schema's is anyone's to run by default. */
	ASSERT_SQL(su, "", "SELECT coalesce(string_agg(p.proname, ', '), '')"
	    " FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace"
	    " WHERE n.nspname = 'sb' AND p.proowner ="
	    " 'switchboard_owner'::regrole AND (p.proacl IS NULL OR EXISTS"
	    " (SELECT 1 FROM aclexplode(p.proacl) a WHERE a.grantee = 0))",
	    NULL);
	/* A helper made after 041 and granted to nobody: private. */
	ASSERT_SQLSTATE(as[RLS_SUPER], "42501",
	    "SELECT sb.phone_extension('12')", NULL);
}

/* Rows of other organizations are invisible. */
static void
test_rls_scope(void **state)
{
	(void)state;
	assert_true(sees(RLS_PROVIDER, "contacts", c_a));
	assert_true(sees(RLS_PROVIDER, "contacts", c_s));
	assert_true(sees(RLS_PROVIDER, "contacts", c_p));
	assert_false(sees(RLS_PROVIDER, "contacts", c_b));
	assert_false(sees(RLS_PROVIDER, "organizations", org_b));
	assert_false(sees(RLS_PROVIDER, "phones", phone_b));
	ASSERT_SQL(as[RLS_PROVIDER], "0", "SELECT count(*) FROM sb.emails"
	    " WHERE contact_id = $1", c_b, NULL);
	ASSERT_SQL(as[RLS_PROVIDER], "0", "SELECT count(*) FROM"
	    " sb.domain_events WHERE stream_id IN ($1, $2)", org_b, c_b, NULL);
	ASSERT_SQL(as[RLS_PROVIDER], "0", "SELECT count(*) FROM"
	    " sb.organization_contacts WHERE organization_id = $1", org_b,
	    NULL);
	assert_true(sees(RLS_SUPPORT_ONE, "contacts", c_a));
	assert_false(sees(RLS_SUPPORT_ONE, "contacts", c_b));
	assert_true(sees(RLS_SUPPORT_ALL, "contacts", c_b));
	assert_true(sees(RLS_PARTNER, "contacts", c_p));
	assert_true(sees(RLS_PARTNER, "contacts", c_r));
	assert_true(sees(RLS_PARTNER, "organizations", org_r));
	assert_false(sees(RLS_PARTNER, "contacts", c_a));
	assert_false(sees(RLS_PARTNER, "organizations", org_a));
	assert_true(sees(RLS_SUPER, "contacts", c_b));
}

/* A call on an out-of-scope id fails exactly like one on a missing id. */
static void
assert_like_missing(PGconn *conn, const char *sql, const char *hidden,
    const char *other)
{
	const char	*missing = "00000000-0000-4000-8000-000000000001";
	char		*e1, *e2, *n1, *n2;

	e1 = testsql_error(conn, sql, hidden, other, NULL);
	e2 = testsql_error(conn, sql, missing, other, NULL);
	n1 = testsql_without(e1, hidden);
	n2 = testsql_without(e2, missing);
	assert_string_equal(n1, n2);
	free(e1);
	free(e2);
	free(n1);
	free(n2);
}

static void
test_rls_like_missing(void **state)
{
	PGconn	*p = as[RLS_PROVIDER];

	(void)state;
	assert_like_missing(p, "SELECT sb.contact_update($1, NULL, $2)", c_b,
	    "{\"title\": \"x\"}");
	assert_like_missing(p, "SELECT sb.organization_contact_link($1, $2,"
	    " 'billing')", org_b, c_a);
	assert_like_missing(p, "SELECT sb.contact_phone_link($2, $1)",
	    phone_b, c_a);
	assert_like_missing(p, "SELECT sb.contact_email_add($1, $2)", c_b,
	    "x@y.example");
	assert_like_missing(p, "SELECT sb.contact_create('X', 'Y',"
	    " owner_organization_id => $1)", org_b, NULL);
	assert_like_missing(p, "SELECT sb.organization_contact_unlink($1, $2,"
	    " 'technical')", org_b, c_b);
	/* Raw appends: another stream, or a forged actor. */
	ASSERT_SQLSTATE(p, "42501", "INSERT INTO sb.domain_events (event_id,"
	    " stream_type, stream_id, stream_version, event_type, payload)"
	    " VALUES (gen_random_uuid(), 'contact', $1, 99, 'contact.updated',"
	    " '{\"after\": {\"title\": \"x\"}}')", c_b, NULL);
	ASSERT_SQLSTATE(p, "42501", "INSERT INTO sb.domain_events (event_id,"
	    " stream_type, stream_id, stream_version, event_type, payload,"
	    " actor) SELECT gen_random_uuid(), 'contact', $1,"
	    " max(stream_version) + 1, 'contact.updated', '{}', 't_super'"
	    " FROM sb.domain_events WHERE stream_id = $1", c_a, NULL);
	ASSERT_SQLSTATE(p, "42501", "UPDATE sb.contacts SET title = 'x'",
	    NULL);
	ASSERT_SQLSTATE(p, "42501", "DELETE FROM sb.organization_contacts",
	    NULL);
	ASSERT_SQL(su, "0", "SELECT count(*) FROM sb.contacts WHERE"
	    " title = 'x'", NULL);
}

/* Partner-owned contacts are read-only to providers, and say why. */
/*
 * A provider admin creates what it manages: a contact (with no owner, and
 * owned by its organization), linked in its organization, with a new
 * phone, email and address; each is a stream the admin did not see before
 * its first event.
 */
static void
test_rls_provider_creates(void **state)
{
	PGconn	*p = as[RLS_PROVIDER];
	char	*c, *owned, *v;

	(void)state;
	c = testsql_value(p, "SELECT sb.contact_create('Nova', 'Created')",
	    NULL);
	assert_non_null(c);
	owned = testsql_value(p, "SELECT sb.contact_create('Olga', 'Owned',"
	    " owner_organization_id => $1)", org_a, NULL);
	assert_non_null(owned);
	ASSERT_SQL(p, "t", "SELECT sb.organization_contact_link($1, $2,"
	    " 'billing')", org_a, c, NULL);
	v = testsql_value(p, "SELECT sb.contact_phone_add($1, '(217) 555-0188',"
	    " 'mobile', e164 => '+12175550188', make_primary => true)", c,
	    NULL);
	assert_non_null(v);
	free(v);
	v = testsql_value(p, "SELECT sb.contact_email_add($1,"
	    " 'nova.created@riverside.example', 'work', true)", c, NULL);
	assert_non_null(v);
	free(v);
	v = testsql_value(p, "WITH a AS (SELECT sb.address_create('physical',"
	    " 'US', 'Home', '1 Elm Street') AS id) SELECT"
	    " sb.contact_address_link($1, a.id) FROM a", c, NULL);
	assert_non_null(v);
	free(v);
	/* All of it is there, for the admin and for everyone in scope. */
	ASSERT_SQL(p, "1", "SELECT count(*) FROM sb.contact_phones"
	    " WHERE contact_id = $1 AND is_primary", c, NULL);
	ASSERT_SQL(su, "1", "SELECT count(*) FROM sb.emails"
	    " WHERE contact_id = $1", c, NULL);
	ASSERT_SQL(as[RLS_SUPPORT_ONE], "1", "SELECT count(*) FROM"
	    " sb.contact_addresses WHERE contact_id = $1", c, NULL);
	free(c);
	free(owned);
}

static void
test_rls_partner_owned(void **state)
{
	(void)state;
	ASSERT_SQL(as[RLS_PROVIDER], "owned by Northwind Health Partners",
	    "SELECT sb.contact_readonly_reason($1)", c_p, NULL);
	ASSERT_SQLSTATE(as[RLS_PROVIDER], "42501", "SELECT"
	    " sb.contact_update($1, NULL, '{\"title\": \"Hijack\"}')", c_p,
	    NULL);
	ASSERT_SQL(as[RLS_PROVIDER], "t", "SELECT sb.contact_readonly_reason"
	    "($1) IS NULL AND sb.contact_readonly_reason($2) IS NULL", c_a,
	    c_b, NULL);
	ASSERT_SQL(as[RLS_PARTNER], "t", "SELECT sb.contact_readonly_reason"
	    "($1) IS NULL", c_p, NULL);
	ASSERT_SQL(as[RLS_PARTNER], "t", "SELECT sb.contact_update($1, NULL,"
	    " '{\"title\": \"Partner lead\"}') > 1", c_p, NULL);
	ASSERT_SQL(as[RLS_SUPPORT_ONE], "read-only access",
	    "SELECT sb.contact_readonly_reason($1)", c_a, NULL);
	ASSERT_SQLSTATE(as[RLS_SUPPORT_ONE], "42501", "SELECT"
	    " sb.contact_update($1, NULL, '{\"title\": \"x\"}')", c_a, NULL);
	ASSERT_SQL(as[RLS_PROVIDER], "Partner lead", "SELECT title FROM"
	    " sb.contacts WHERE id = $1", c_p, NULL);
}

/* A shared contact: either organization's admin changes it for both. */
static void
test_rls_shared(void **state)
{
	(void)state;
	free(testsql_value(as[RLS_PROVIDER], "SELECT sb.contact_update($1,"
	    " NULL, '{\"title\": \"Shared lead\"}')", c_s, NULL));
	ASSERT_SQL(as[RLS_PROVIDER_B], "Shared lead", "SELECT title FROM"
	    " sb.contacts WHERE id = $1", c_s, NULL);
	ASSERT_SQL(as[RLS_PROVIDER_B], "t_provider", "SELECT updated_by FROM"
	    " sb.contacts WHERE id = $1", c_s, NULL);
	/* A delete would end another organization's link: refused. */
	ASSERT_SQLSTATE(as[RLS_PROVIDER], "SB002",
	    "SELECT sb.contact_delete($1)", c_s, NULL);
	ASSERT_SQLSTATE(as[RLS_PROVIDER], "42501", "INSERT INTO"
	    " sb.domain_events (event_id, stream_type, stream_id,"
	    " stream_version, event_type, payload) SELECT gen_random_uuid(),"
	    " 'contact', $1, max(stream_version) + 1, 'contact.deleted',"
	    " '{}' FROM sb.domain_events WHERE stream_type = 'contact' AND"
	    " stream_id = $1", c_s, NULL);
	assert_true(sees(RLS_PROVIDER_B, "contacts", c_s));
}

/* Settings a client controls change nothing. */
static void
test_rls_settings(void **state)
{
	PGconn	*p = as[RLS_PROVIDER];
	char	*before;

	(void)state;
	before = testsql_value(p, "SELECT count(*) FROM sb.contacts", NULL);
	testsql_exec(p, "SET sb.role = 't_super'; SET app.actor = 't_super'");
	free(testsql_value(p, "SELECT set_config('sb.acting', 't_super',"
	    " false)", NULL));
	ASSERT_SQL(p, before, "SELECT count(*) FROM sb.contacts", NULL);
	ASSERT_SQLSTATE(p, "42501", "SET ROLE t_super", NULL);
	ASSERT_SQLSTATE(p, "42501", "SET SESSION AUTHORIZATION t_super",
	    NULL);
	ASSERT_SQLSTATE(p, "42501", "SET ROLE switchboard_owner", NULL);
	/* Asking the helpers about someone else answers as for a stranger. */
	ASSERT_SQL(p, "0", "SELECT count(*) FROM"
	    " sb.access_contact_ids('t_super')", NULL);
	ASSERT_SQL(p, "f", "SELECT sb.access_sees('t_super', 'contact', $1)",
	    c_b, NULL);
	ASSERT_SQLSTATE(p, "42883", "SELECT * FROM sb.contact_find_existing("
	    "'bob@lakeside.example', NULL, NULL, 't_super')", NULL);
	ASSERT_SQLSTATE(p, "42501", "SELECT sb.membership_grant('t_provider',"
	    " 'super_admin')", NULL);
	/* The group role has no scope of its own. */
	testsql_exec(p, "SET ROLE switchboard_user");
	ASSERT_SQL(p, "0", "SELECT count(*) FROM sb.contacts", NULL);
	testsql_exec(p, "RESET ROLE; RESET ALL");
	ASSERT_SQL(p, before, "SELECT count(*) FROM sb.contacts", NULL);
	free(before);
}

/* "Add existing contact": exact email or phone only, and audited. */
static void
test_rls_add_existing(void **state)
{
	PGconn	*p = as[RLS_PROVIDER];
	char	*num;

	(void)state;
	num = testsql_value(su, "SELECT ph.e164 FROM sb.phones ph JOIN"
	    " sb.contact_phones l ON l.phone_id = ph.id WHERE"
	    " l.contact_id = $1", c_b2, NULL);
	ASSERT_SQL(p, c_b2, "SELECT contact_id FROM sb.contact_find_existing("
	    "'bea@lakeside.example', NULL)", NULL);
	ASSERT_SQL(p, c_b2, "SELECT contact_id FROM sb.contact_find_existing("
	    "NULL, $1)", num, NULL);
	ASSERT_SQL(p, "0", "SELECT count(*) FROM sb.contact_find_existing("
	    "'bea@lakeside', NULL)", NULL);
	ASSERT_SQL(p, "0", "SELECT count(*) FROM sb.contact_find_existing("
	    "'bea', NULL)", NULL);
	ASSERT_SQL(p, "0", "SELECT count(*) FROM sb.contact_find_existing("
	    "'%@lakeside.example', NULL)", NULL);
	ASSERT_SQL(p, "0", "SELECT count(*) FROM sb.contact_find_existing("
	    "NULL, $1)", num + 6, NULL);
	ASSERT_SQL(p, "0", "SELECT count(*) FROM sb.contact_find_existing("
	    "'Bea', 'Test')", NULL);
	ASSERT_SQL(su, "7", "SELECT count(*) FROM sb.contact_lookups WHERE"
	    " actor = 't_provider'", NULL);
	ASSERT_SQL(su, "2", "SELECT count(*) FROM sb.contact_lookups WHERE"
	    " actor = 't_provider' AND found = ARRAY[$1::uuid]", c_b2, NULL);
	assert_false(sees(RLS_PROVIDER, "contacts", c_b2));
	ASSERT_SQL(p, c_b2, "SELECT sb.contact_add_existing($1, 'billing',"
	    " 'bea@lakeside.example', NULL)", org_a, NULL);
	assert_true(sees(RLS_PROVIDER, "contacts", c_b2));
	ASSERT_SQL(su, "t_provider", "SELECT actor FROM sb.domain_events"
	    " WHERE stream_id = $1 ORDER BY position DESC LIMIT 1", org_a,
	    NULL);
	ASSERT_SQLSTATE(as[RLS_SUPPORT_ONE], "42501", "SELECT * FROM"
	    " sb.contact_find_existing('bea@lakeside.example', NULL)", NULL);
	/* Not into an organization one does not administer. */
	assert_like_missing(p, "SELECT sb.contact_add_existing($1, 'billing',"
	    " $2, NULL)", org_b, "bob@lakeside.example");
	free(num);
}

/* Same command id twice: applied once; another person's id: refused. */
static void
test_rls_command_once(void **state)
{
	PGconn		*p = as[RLS_PROVIDER];
	const char	*id = "6f1d1d2e-0000-4000-8000-0000000000c1";
	int		 i;

	(void)state;
	for (i = 0; i < 2; i++) {
		testsql_exec(p, "BEGIN");
		ASSERT_SQL(p, i == 0 ? "t" : "f", "SELECT sb.command_begin($1,"
		    " 'contact.update')", id, NULL);
		if (i == 0) {
			free(testsql_value(p, "SELECT sb.contact_update($1,"
			    " NULL, '{\"title\": \"Once\"}')", c_a, NULL));
			free(testsql_value(p, "SELECT sb.command_finish($1,"
			    " '{\"version\": 2}')", id, NULL));
		}
		testsql_exec(p, "COMMIT");
	}
	ASSERT_SQL(p, "{\"version\": 2}", "SELECT sb.command_result($1)", id,
	    NULL);
	ASSERT_SQL(su, "1", "SELECT count(*) FROM sb.domain_events WHERE"
	    " stream_id = $1 AND payload->'after'->>'title' = 'Once'", c_a,
	    NULL);
	ASSERT_SQLSTATE(as[RLS_PARTNER], "SB004", "SELECT"
	    " sb.command_begin($1, 'x')", id, NULL);
	ASSERT_SQL(as[RLS_PARTNER], "0", "SELECT count(*) FROM"
	    " sb.command_log WHERE command_id = $1", id, NULL);
	ASSERT_SQLSTATE(as[RLS_PARTNER], "SB003", "SELECT"
	    " sb.command_finish($1, NULL)", id, NULL);
}

/* Wait (with a timeout) until the backend pid waits on a lock. */
static void
wait_for_lock(const char *pid)
{
	struct timespec	 ts = { 0, 20 * 1000 * 1000 };
	char		*v;
	int		 i;

	for (i = 0; i < 500; i++) {
		v = testsql_value(su, "SELECT count(*) FROM pg_stat_activity"
		    " WHERE pid = $1 AND wait_event_type = 'Lock'", pid, NULL);
		if (strcmp(v, "1") == 0) {
			free(v);
			return;
		}
		free(v);
		nanosleep(&ts, NULL);
	}
	fail_msg("backend %s never waited on the command id", pid);
}

/* Two connections, same id, first transaction open: applied once. */
static void
test_rls_command_concurrent(void **state)
{
	const char	*id = "6f1d1d2e-0000-4000-8000-0000000000c2";
	const char	*params[] = { id };
	PGconn		*a = as[RLS_PROVIDER];
	PGconn		*b = testdb_connect(db, rls_roles[RLS_PROVIDER]);
	PGresult	*res;
	char		*pid;

	(void)state;
	testsql_exec(a, "BEGIN");
	ASSERT_SQL(a, "t", "SELECT sb.command_begin($1, 'x')", id, NULL);
	free(testsql_value(a, "SELECT sb.contact_update($1, NULL,"
	    " '{\"title\": \"Concurrent\"}')", c_a, NULL));
	pid = testsql_value(b, "SELECT pg_backend_pid()", NULL);
	testsql_exec(b, "BEGIN");
	assert_int_equal(PQsendQueryParams(b, "SELECT sb.command_begin($1,"
	    " 'x')", 1, NULL, params, NULL, NULL, 0), 1);
	wait_for_lock(pid);
	testsql_exec(a, "COMMIT");
	res = PQgetResult(b);
	assert_int_equal(PQresultStatus(res), PGRES_TUPLES_OK);
	assert_string_equal(PQgetvalue(res, 0, 0), "f");
	PQclear(res);
	while ((res = PQgetResult(b)) != NULL)
		PQclear(res);
	testsql_exec(b, "COMMIT");
	ASSERT_SQL(su, "1", "SELECT count(*) FROM sb.domain_events WHERE"
	    " stream_id = $1 AND payload->'after'->>'title' = 'Concurrent'",
	    c_a, NULL);
	free(pid);
	PQfinish(b);
}

/* "before sb.table after", the table name quoted. Caller frees. */
static char *
matrix_sql(PGconn *conn, const char *before, const char *table,
    const char *after)
{
	char	*ident, *sql;

	ident = PQescapeIdentifier(conn, table, strlen(table));
	assert_non_null(ident);
	sql = xasprintf("%s sb.%s %s", before, ident, after);
	PQfreemem(ident);
	return sql;
}

static long
matrix_count(PGconn *conn, const char *table, const char *where)
{
	char	*where_sql, *sql, *v;
	long	 n;

	where_sql = xasprintf("WHERE %s", where);
	sql = matrix_sql(conn, "SELECT count(*) FROM", table, where_sql);
	v = testsql_value(conn, sql, NULL);
	n = strtol(v, NULL, 10);
	free(v);
	free(sql);
	free(where_sql);
	return n;
}

static void
matrix_read(enum rls_kind k, const char *table, const char *cell)
{
	long		 total = matrix_count(su, table, "true");
	long		 n = matrix_count(as[k], table, "true");
	const char	*own = strcmp(table, "memberships") == 0 ?
	    "role <> current_user" : "actor <> current_user";

	if (strcmp(cell, "all") == 0 && n == total && n > 0)
		return;
	if (strcmp(cell, "scope") == 0 && n > 0 && n < total)
		return;
	if (strcmp(cell, "none") == 0 && n == 0 && total > 0)
		return;
	if (strcmp(cell, "own") == 0 && n < total &&
	    matrix_count(as[k], table, own) == 0)
		return;
	fail_msg("%s reading %s: doc says %s, sees %ld of %ld", rls_roles[k],
	    table, cell, n, total);
}

/* Run sql in a transaction rolled back; 1 when it worked, 0 on 42501. */
static int
matrix_try(PGconn *conn, const char *sql, const char *param)
{
	PGresult	*res;
	const char	*state;
	int		 ok;

	testsql_exec(conn, "BEGIN");
	res = PQexecParams(conn, sql, param != NULL, NULL, &param, NULL, NULL,
	    0);
	ok = PQresultStatus(res) == PGRES_COMMAND_OK ||
	    PQresultStatus(res) == PGRES_TUPLES_OK;
	state = PQresultErrorField(res, PG_DIAG_SQLSTATE);
	if (!ok && (state == NULL || strcmp(state, "42501") != 0))
		fail_msg("%s: %s", sql, PQresultErrorMessage(res));
	PQclear(res);
	testsql_exec(conn, "ROLLBACK");
	return ok;
}

/* A direct insert that would be allowed if the cell says so. */
static int
matrix_insert(enum rls_kind k, const char *table)
{
	char	*c;
	int	 ok;

	if (strcmp(table, "command_log") == 0)
		return matrix_try(as[k], "INSERT INTO sb.command_log"
		    " (command_id, command) VALUES (gen_random_uuid(), 'm')",
		    NULL);
	if (strcmp(table, "domain_events") != 0) {
		c = matrix_sql(as[k], "INSERT INTO", table, "DEFAULT VALUES");
		ok = matrix_try(as[k], c, NULL);
		free(c);
		return ok;
	}
	/* An event on a contact the person may change, else one they see. */
	c = testsql_value(as[k], "SELECT id FROM sb.contacts ORDER BY"
	    " sb.contact_readonly_reason(id) IS NOT NULL, id LIMIT 1", NULL);
	assert_non_null(c);
	ok = matrix_try(as[k], "INSERT INTO sb.domain_events (event_id,"
	    " stream_type, stream_id, stream_version, event_type, payload)"
	    " SELECT gen_random_uuid(), 'contact', $1, max(stream_version)"
	    " + 1, 'contact.updated', '{\"after\": {}}' FROM sb.domain_events"
	    " WHERE stream_type = 'contact' AND stream_id = $1", c);
	free(c);
	return ok;
}

static void
matrix_write(enum rls_kind k, const char *table, const char *cell)
{
	char	*upd, *del, *col;
	int	 allowed[3];

	col = testsql_value(su, "SELECT quote_ident(attname) FROM pg_attribute"
	    " WHERE attrelid = ('sb.' || quote_ident($1))::regclass AND"
	    " attnum > 0 AND attidentity = '' ORDER BY attnum LIMIT 1", table,
	    NULL);
	if (strcmp(table, "command_log") == 0) {
		free(col);
		col = xstrdup("result");
	}
	upd = xasprintf("SET %s = %s", col, col);
	free(col);
	col = matrix_sql(as[k], "UPDATE", table, upd);
	del = matrix_sql(as[k], "DELETE FROM", table, "");
	allowed[0] = matrix_insert(k, table);
	allowed[1] = matrix_try(as[k], col, NULL);
	allowed[2] = matrix_try(as[k], del, NULL);
	if (allowed[0] != (strchr(cell, 'I') != NULL) ||
	    allowed[1] != (strchr(cell, 'U') != NULL) ||
	    allowed[2] != (strchr(cell, 'D') != NULL))
		fail_msg("%s writing %s: doc says %s, database allows %s%s%s",
		    rls_roles[k], table, cell, allowed[0] ? "I" : "",
		    allowed[1] ? "U" : "", allowed[2] ? "D" : "");
	free(upd);
	free(col);
	free(del);
}

/* Split a Markdown table row into at most max trimmed cells. */
static int
matrix_cells(char *line, char **cells, int max)
{
	char	*p, *bar, *end;
	int	 n = 0;

	if (line[0] != '|')
		return 0;
	for (p = line + 1; n < max && (bar = strchr(p, '|')) != NULL;
	    p = bar + 1) {
		*bar = '\0';
		while (*p == ' ')
			p++;
		for (end = bar; end > p && end[-1] == ' '; end--)
			end[-1] = '\0';
		cells[n++] = p;
	}
	return n;
}

static void
matrix_row(char **cells)
{
	char	 read[16], write[16];
	int	 k;

	for (k = 0; k < RLS_MATRIX_KINDS; k++) {
		if (sscanf(cells[k + 1], "%15s %15s", read, write) != 2)
			fail_msg("bad cell '%s'", cells[k + 1]);
		matrix_read(k, cells[0], read);
		matrix_write(k, cells[0], write);
	}
}

/* doc/role-matrix.md says exactly what the database allows. */
static void
test_rls_matrix(void **state)
{
	char		*path, line[512], *cells[RLS_MATRIX_KINDS + 1];
	char		*m1, *m2;
	const char	*top = getenv("SB_TOP_SRCDIR");
	FILE		*f;
	int		 k, rows = 0, header = 0;
	char		 n[16];

	(void)state;
	/* Rows of several people in the per-person tables. */
	for (k = 0; k < RLS_KINDS; k++)
		ASSERT_SQL(as[k], "t", "SELECT sb.command_begin("
		    "gen_random_uuid(), 'matrix')", NULL);
	ASSERT_SQL(as[RLS_SUPER], "0", "SELECT count(*) FROM"
	    " sb.contact_find_existing('nobody@none.example', NULL)", NULL);
	/* A merge, for a row of the merges that nobody reads directly. */
	m1 = contact_new("Mia", "mia@lakeside.example", NULL, org_b, NULL);
	m2 = contact_new("Mia", "mia.2@lakeside.example", NULL, org_b, NULL);
	free(testsql_value(su, "SELECT sb.contact_merge(NULL, $1,"
	    " ARRAY[$2]::uuid[])", m1, m2, NULL));
	free(m1);
	free(m2);
	path = xasprintf("%s/doc/role-matrix.md", top != NULL ? top : ".");
	if ((f = fopen(path, "r")) == NULL)
		fail_msg("cannot open %s", path);
	while (fgets(line, sizeof line, f) != NULL) {
		line[strcspn(line, "\n")] = '\0';
		if (matrix_cells(line, cells, RLS_MATRIX_KINDS + 1) !=
		    RLS_MATRIX_KINDS + 1 || strncmp(cells[0], "---", 3) == 0)
			continue;
		if (strcmp(cells[0], "table") == 0) {
			for (k = 0; k < RLS_MATRIX_KINDS; k++)
				assert_string_equal(cells[k + 1],
				    rls_headers[k]);
			header = 1;
			continue;
		}
		assert_true(header);
		matrix_row(cells);
		rows++;
	}
	fclose(f);
	free(path);
	snprintf(n, sizeof n, "%d", rows);
	ASSERT_SQL(su, n, "SELECT count(*) FROM pg_class c JOIN pg_namespace"
	    " n ON n.oid = c.relnamespace WHERE n.nspname = 'sb' AND"
	    " c.relkind IN ('r', 'p')", NULL);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rls_catalog),
		cmocka_unit_test(test_rls_scope),
		cmocka_unit_test(test_rls_like_missing),
		cmocka_unit_test(test_rls_provider_creates),
		cmocka_unit_test(test_rls_partner_owned),
		cmocka_unit_test(test_rls_shared),
		cmocka_unit_test(test_rls_settings),
		cmocka_unit_test(test_rls_add_existing),
		cmocka_unit_test(test_rls_command_once),
		cmocka_unit_test(test_rls_command_concurrent),
		cmocka_unit_test(test_rls_matrix),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
