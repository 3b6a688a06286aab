/* Organizations, access and contacts from the command line, by each kind. */
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

#include "switchboard/db.h"
#include "switchboard/demo.h"
#include "switchboard/store.h"
#include "switchboard/util.h"
#include "testdb.h"
#include "testdemo.h"
#include "testrun.h"
#include "testsql.h"

#define SUPER		DEMO_ROLE_SUPER
#define PROVIDER	DEMO_ROLE_PROVIDER
#define PARTNER		DEMO_ROLE_PARTNER
#define SUPPORT		DEMO_ROLE_SUPPORT

/* An organization with one emergency contact that no other test uses. */
#define HARBOR		"Zzorg Harbor Clinic"
#define HARBOR_LAST	"Zzarchive"

static struct testdemo	 demo;
static PGconn		*prov, *part;

static int
setup(void **state)
{
	char	*org, *id;

	(void)state;
	testdemo_start(&demo);
	prov = testdb_connect(demo.tdb, PROVIDER);
	part = testdb_connect(demo.tdb, PARTNER);
	org = testsql_value(demo.admin, "SELECT sb.organization_create($1,"
	    " 'provider')::text", HARBOR, NULL);
	id = testsql_value(demo.admin, "SELECT sb.contact_create('Quilla',"
	    " $1)::text", HARBOR_LAST, NULL);
	free(testsql_value(demo.admin, "SELECT sb.organization_contact_link("
	    "$1, $2, 'emergency')::text", org, id, NULL));
	free(id);
	free(org);
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	PQfinish(prov);
	PQfinish(part);
	testdemo_stop(&demo);
	return 0;
}

/* Run as role and check the exit status and pieces of the output. */
static void
expect(const char *role, int status, const char *out, const char *err,
    ...)
{
	va_list	ap;

	va_start(ap, err);
	testrun_expect_va(&demo, role, status, out, err, ap);
	va_end(ap);
}

static char *
digest(void)
{
	return (testsql_digest(demo.admin));
}

static void
test_org_usage(void **state)
{
	(void)state;
	expect(SUPER, 2, "", "subcommand needed: add, list, show, edit, "
	    "archive and restore", "org", NULL);
	expect(SUPER, 2, "", "\"bogus\" is not a subcommand; the "
	    "subcommands are add, list", "org", "bogus", NULL);
	expect(SUPER, 2, "", "usage: switchboard org add NAME", "org", "add",
	    NULL);
	expect(SUPER, 2, "", "the kinds are provider, partner and platform",
	    "org", "add", "Zzorg Usage", "--kind", "hospital", NULL);
	expect(SUPER, 2, "", "usage: switchboard org edit NAME", "org",
	    "edit", HARBOR, NULL);
	expect(SUPER, 2, "", "usage: switchboard org archive", "org",
	    "archive", NULL);
	expect(SUPER, 2, "", "\"xml\" is not a format; the formats are text, "
	    "csv, tsv and json", "org", "list",
	    "--format", "xml", NULL);
	expect(SUPER, 0, "usage: switchboard org list", "", "org", "list",
	    "--help", NULL);
	expect(SUPER, 1, "", "no organization is called \"Zzorg Nowhere\"",
	    "org", "archive", "Zzorg Nowhere", NULL);
	ASSERT_SQL(demo.admin, "0", "SELECT count(*) FROM sb.organizations "
	    "WHERE name = 'Zzorg Usage'");
}

static void
test_org_super_admin(void **state)
{
	char	*before, *after;

	(void)state;
	expect(SUPER, 0, "Created organization \"Zzorg Alpha\"", "", "org",
	    "add", "Zzorg Alpha", NULL);
	expect(SUPER, 0, "Created organization \"Zzorg Partners\"", "", "org",
	    "add", "Zzorg Partners", "--kind", "partner", NULL);
	expect(SUPER, 0, "Created", "", "org", "add", "Zzorg Beta",
	    "--referred-by", "zzorg partners", NULL);
	expect(SUPER, 0, "Zzorg Beta,provider,Zzorg Partners,false", "", "org",
	    "list", "--format", "csv", NULL);
	expect(SUPER, 0, "\"referred_by\": \"Zzorg Partners\", \"archived\": "
	    "false}", "", "org", "list", "--format", "json", NULL);
	expect(SUPER, 0, "Changed organization \"Zzorg Gamma\"", "", "org",
	    "edit", "zzorg alpha", "--name", "Zzorg Gamma", "--kind",
	    "platform", NULL);
	expect(SUPER, 0, "Zzorg Gamma\tplatform\t\tfalse", "", "org", "list",
	    "--format", "tsv", NULL);
	expect(SUPER, 0, "Changed", "", "org", "edit", "Zzorg Beta",
	    "--referred-by", "", NULL);
	ASSERT_SQL(demo.admin, "t", "SELECT referring_partner_id IS NULL "
	    "FROM sb.organizations WHERE name = 'Zzorg Beta'");
	expect(SUPER, 0, "", "has nothing to change", "org", "edit",
	    "Zzorg Beta", "--kind", "provider", NULL);
	/* A partner that others depend on stays one. */
	expect(SUPER, 0, "Changed", "", "org", "edit", "Zzorg Beta",
	    "--referred-by", "Zzorg Partners", NULL);
	expect(SUPER, 3, "", "stays a partner", "org", "edit",
	    "Zzorg Partners", "--kind", "provider", NULL);
	expect(SUPER, 3, "", "not a partner", "org", "edit", "Zzorg Gamma",
	    "--referred-by", "Zzorg Beta", NULL);
	expect(SUPER, 1, "", "no organization is called", "org", "add",
	    "Zzorg Delta", "--referred-by", "Zzorg Nowhere", NULL);
	/* Events, not rows: the log replays into the same state. */
	ASSERT_SQL(demo.admin, "updated,updated,created", "SELECT "
	    "string_agg(split_part(e.event_type, '.', 2), ',' ORDER BY "
	    "e.stream_version DESC) FROM sb.domain_events e JOIN "
	    "sb.organizations o ON o.id = e.stream_id WHERE o.name = "
	    "'Zzorg Beta'");
	before = digest();
	free(testsql_value(demo.admin, "SELECT sb.rebuild_projections()",
	    NULL));
	after = digest();
	assert_string_equal(before, after);
	free(before);
	free(after);
}

static void
test_org_duplicate_name(void **state)
{
	(void)state;
	expect(SUPER, 0, "Created", "", "org", "add", "Zzorg Épsilon",
	    NULL);
	expect(SUPER, 3, "", "already an organization called \"Zzorg "
	    "Épsilon\"", "org", "add", "  ZZORG EPSILON ", NULL);
	expect(SUPER, 3, "", "already an organization called \"Riverside "
	    "Health\"", "org", "edit", "Zzorg Épsilon", "--name",
	    "riverside health", NULL);
	expect(SUPER, 0, "Archived", "", "org", "archive", "Zzorg Épsilon",
	    NULL);
	expect(SUPER, 3, "", "\"Zzorg Épsilon\" (archived)", "org", "add",
	    "zzorg epsilon", NULL);
	/* The same name again is no change, not a clash with itself. */
	expect(SUPER, 0, "", "has nothing to change", "org", "edit",
	    "zzorg epsilon", "--name", "Zzorg Épsilon", NULL);
	ASSERT_SQL(demo.admin, "1", "SELECT count(*) FROM sb.organizations "
	    "WHERE sb.fold(name) = sb.fold('zzorg epsilon')");
}

/* What role may not do from the command line, with nothing changed. */
static void
refused(const char *role, const char *own)
{
	char	*before, *after;

	before = digest();
	expect(role, 3, "", "only a super admin may create or change "
	    "organizations", "org", "add", "Zzorg Refused", NULL);
	expect(role, 3, "", "only a super admin may", "org", "edit", own,
	    "--name", "Zzorg Renamed", NULL);
	expect(role, 3, "", "only a super admin may", "org", "archive", own,
	    NULL);
	expect(role, 3, "", "only a super admin may", "org", "restore",
	    own, NULL);
	/* Outside its scope an organization is as missing as none. */
	expect(role, 1, "", "no organization is called", "org", "archive",
	    "Bellevue Clinique, Austin", NULL);
	after = digest();
	assert_string_equal(before, after);
	free(before);
	free(after);
}

static void
test_org_refused(void **state)
{
	(void)state;
	refused(PROVIDER, "Riverside Health");
	refused(PARTNER, "Northwind Health Partners");
	expect(SUPPORT, 3, "", "read-only access", "org", "add",
	    "Zzorg Refused", NULL);
	expect(PROVIDER, 0, "Riverside Health", "", "org", "list", NULL);
}

/* Direct SQL as a hostile login that administers org. */
static void
attack(PGconn *conn, const char *org)
{
	char	*before, *after;

	before = digest();
	ASSERT_SQLSTATE(conn, "42501", "SELECT sb.organization_create("
	    "'Zzorg Attack', 'provider')", NULL);
	ASSERT_SQLSTATE(conn, "42501", "SELECT sb.organization_update($1,"
	    " NULL, '{\"active\": false}')", org, NULL);
	ASSERT_SQLSTATE(conn, "42501", "SELECT sb.organization_update($1,"
	    " NULL, '{\"name\": \"Zzorg Attack\"}')", org, NULL);
	ASSERT_SQLSTATE(conn, "42501", "SELECT sb.organization_check_name("
	    "'x', NULL)", NULL);
	ASSERT_SQLSTATE(conn, "42501", "SELECT sb.organization_check_kind("
	    "'x')", NULL);
	ASSERT_SQLSTATE(conn, "42501", "UPDATE sb.organizations SET active "
	    "= false WHERE id = $1", org, NULL);
	ASSERT_SQLSTATE(conn, "42501", "INSERT INTO sb.organizations (id, "
	    "name, kind, version, created_at, updated_at, updated_by) VALUES "
	    "(gen_random_uuid(), 'Zzorg Attack', 'provider', 1, now(), now(),"
	    " 'x')", NULL);
	ASSERT_SQLSTATE(conn, "42501", "INSERT INTO sb.domain_events "
	    "(event_id, stream_type, stream_id, stream_version, event_type, "
	    "payload, actor) SELECT gen_random_uuid(), 'organization', $1, "
	    "max(stream_version) + 1, 'organization.updated', "
	    "'{\"before\": {\"active\": true}, \"after\": {\"active\": "
	    "false}}', current_user FROM sb.domain_events WHERE stream_id = "
	    "$1", org, NULL);
	after = digest();
	assert_string_equal(before, after);
	free(before);
	free(after);
}

static void
test_org_attack(void **state)
{
	char	*riverside, *northwind;

	(void)state;
	riverside = testsql_value(demo.admin, "SELECT id FROM "
	    "sb.organizations WHERE name = 'Riverside Health'", NULL);
	northwind = testsql_value(demo.admin, "SELECT id FROM "
	    "sb.organizations WHERE name = 'Northwind Health Partners'",
	    NULL);
	attack(prov, riverside);
	attack(part, northwind);
	free(riverside);
	free(northwind);
}

/* Where an archived organization must not show, and shows when back. */
static void
shown_everywhere(bool shown)
{
	struct testrun	r;
	int		i;
	const char	*where[][4] = {
		{ "lookup", HARBOR_LAST, NULL, NULL },
		{ "emergency", NULL, NULL, NULL },
		{ "export", "contacts", NULL, NULL },
		{ "org", "list", NULL, NULL },
	};

	for (i = 0; i < 4; i++) {
		r = testrun_as(&demo, SUPER, where[i][0], where[i][1], NULL);
		if ((strstr(r.out, HARBOR) != NULL) != shown)
			fail_msg("%s %s: %s", where[i][0], shown ? "hides" :
			    "shows", r.out);
		testrun_free(&r);
	}
	r = testrun_as(&demo, SUPER, "emergency", "--org", HARBOR, NULL);
	assert_int_equal(r.status, shown ? 0 : 1);
	testrun_free(&r);
}

/* Whether the organizations pane, filtered by name, lists name. */
static bool
pane_lists(const char *name)
{
	struct store_org_query	 q = { .text = name, .limit = 10 };
	struct store_rows	 rows;
	struct store_org	*o;
	struct sb_error		 err;
	struct db		*db = testdb_db(demo.tdb, SUPER);
	bool			 found = false, whole = false;
	size_t			 i;

	if (store_org_search(db, &q, &rows, &err) != SB_OK)
		fail_msg("store_org_search: %s", err.message);
	o = rows.rows;
	for (i = 0; i < rows.count; i++)
		found = found || strcmp(o[i].name, name) == 0;
	store_rows_free(&rows);
	/* The whole list, from just before the name on. */
	q.text = NULL;
	q.after_name = "Zzorg Harbor";
	q.after_id = "00000000-0000-0000-0000-000000000000";
	if (store_org_search(db, &q, &rows, &err) != SB_OK)
		fail_msg("store_org_search: %s", err.message);
	o = rows.rows;
	for (i = 0; i < rows.count; i++)
		whole = whole || strcmp(o[i].name, name) == 0;
	store_rows_free(&rows);
	if (whole != found)
		fail_msg("the filter and the whole list disagree");
	db_free(db);
	return (found);
}

/*
 * What is the fax number for Midtown? An organization's own phones, with
 * where they ring, its addresses and its primary contacts, in every
 * format; only for those who see it.
 */
static void
test_org_show(void **state)
{
	(void)state;
	expect(PROVIDER, 0, "(217) 555-0111                                    "
	    "Midtown office", "", "org", "show", "riverside health", NULL);
	expect(SUPPORT, 0, "phone,fax,(217) 555-0111,Midtown office", "",
	    "org", "show", "Riverside Health", "--format", "csv", NULL);
	expect(SUPER, 0, "organization,provider,Riverside Health,Northwind "
	    "Health Partners", "", "org", "show", "Riverside Health",
	    "--format", "csv", NULL);
	expect(SUPER, 0, "\"what\": \"primary\"", "", "org", "show",
	    "Riverside Health", "--format", "json", NULL);
	expect(PROVIDER, 1, "", "no organization is called", "org", "show",
	    "Northwind Health Partners", NULL);
	expect(SUPER, 2, "", "usage: switchboard org show NAME", "org",
	    "show", NULL);
}

/*
 * contact show finds a contact in scope by its exact email, number (with
 * its country code) or id, and shows it whole; one out of scope is not
 * found.
 */
static void
test_contact_show(void **state)
{
	char	*id, *hidden;

	(void)state;
	id = testsql_value(demo.admin, "SELECT contact_id FROM sb.emails "
	    "WHERE address = 'rosa.delgado@riverside.example'", NULL);
	assert_non_null(id);
	expect(PROVIDER, 0, "FN:Rosa Delgado", "", "contact", "show",
	    "Rosa.Delgado@Riverside.example", NULL);
	expect(PROVIDER, 0, "Billing office", "", "contact", "show",
	    "+1 217 555 0245", "--format", "csv", NULL);
	expect(SUPPORT, 0, "\"Riverside Health\"", "", "contact", "show", id,
	    "--format", "json", NULL);
	hidden = testsql_value(demo.admin, "SELECT sb.contact_create("
	    "'Zzhidden', 'Nobody')::text", NULL);
	free(testsql_value(demo.admin, "SELECT sb.contact_email_add($1, "
	    "'zz.hidden@nowhere.example')", hidden, NULL));
	expect(PROVIDER, 1, "", "no contact has the id, email or phone",
	    "contact", "show", "zz.hidden@nowhere.example", NULL);
	expect(PROVIDER, 1, "", "no contact has", "contact", "show", hidden,
	    NULL);
	expect(SUPER, 2, "", "usage: switchboard contact show", "contact",
	    "show", NULL);
	free(hidden);
	free(id);
}

static void
test_org_archive_restore(void **state)
{
	char	*before, *after;

	(void)state;
	shown_everywhere(true);
	assert_true(pane_lists(HARBOR));
	before = digest();
	expect(SUPER, 0, "Archived organization \"" HARBOR "\"", "", "org",
	    "archive", "zzorg harbor clinic", NULL);
	shown_everywhere(false);
	assert_false(pane_lists(HARBOR));
	expect(SUPER, 0, HARBOR ",provider,,true", "", "org", "list", "--all",
	    "--format", "csv", NULL);
	expect(SUPER, 0, "", "already archived", "org", "archive", HARBOR,
	    NULL);
	/* Its links and history stay. */
	ASSERT_SQL(demo.admin, "1", "SELECT count(*) FROM "
	    "sb.organization_contacts oc JOIN sb.organizations o ON o.id = "
	    "oc.organization_id WHERE o.name = $1 AND oc.deleted_at IS NULL",
	    HARBOR);
	expect(SUPER, 0, "Restored organization", "", "org", "restore",
	    HARBOR, NULL);
	expect(SUPER, 0, "", "is not archived", "org", "restore", HARBOR,
	    NULL);
	shown_everywhere(true);
	assert_true(pane_lists(HARBOR));
	after = digest();
	/* As it was, but for its version and time of change. */
	assert_string_not_equal(before, after);
	ASSERT_SQL(demo.admin, "t", "SELECT active FROM sb.organizations "
	    "WHERE name = $1", HARBOR);
	free(before);
	free(after);
}

static void
test_whoami(void **state)
{
	(void)state;
	testsql_exec(demo.admin, "CREATE ROLE zz_nobody LOGIN; GRANT "
	    "switchboard_user TO zz_nobody");
	expect(SUPER, 0, DEMO_ROLE_SUPER ",super admin,every organization",
	    "", "whoami", "--format", "csv", NULL);
	expect(PROVIDER, 0, DEMO_ROLE_PROVIDER ",provider admin,Riverside "
	    "Health\r\n", "", "whoami", "--format", "csv", NULL);
	expect(SUPPORT, 0, DEMO_ROLE_SUPPORT ",support,every organization",
	    "", "whoami", "--format", "csv", NULL);
	expect(PARTNER, 0, "\"scope\": \"Northwind Health Partners and the "
	    "organizations it referred\"", "", "whoami", "--format", "json",
	    NULL);
	expect("zz_nobody", 0, "zz_nobody\tnone\tnothing", "", "whoami",
	    "--format", "tsv", NULL);
	expect(PROVIDER, 0, "provider admin", "", "whoami", NULL);
	expect(PROVIDER, 2, "", "usage: switchboard whoami", "whoami",
	    "extra", NULL);
}

/* The memberships, as the superuser sees them. */
static char *
memberships(void)
{
	return (testsql_value(demo.admin, "SELECT string_agg(role || ':' || "
	    "kind || ':' || coalesce(organization_id::text, ''), ',' ORDER BY "
	    "role, kind, organization_id) FROM sb.memberships", NULL));
}

static void
test_access_usage(void **state)
{
	(void)state;
	expect(SUPER, 2, "", "subcommand needed: grant, revoke and list",
	    "access", NULL);
	expect(SUPER, 2, "", "\"admin\" is not a access kind; the access "
	    "kinds are super-admin, provider-admin, support and partner-admin",
	    "access", "grant", "admin", "zz_person", NULL);
	expect(SUPER, 2, "", "provider-admin needs --org NAME", "access",
	    "grant", "provider-admin", "zz_person", NULL);
	expect(SUPER, 2, "", "a super admin covers every organization",
	    "access", "grant", "super-admin", "zz_person", "--org",
	    "Riverside Health", NULL);
	expect(SUPER, 2, "", "usage: switchboard access revoke", "access",
	    "revoke", "support", NULL);
	expect(SUPER, 1, "", "no organization is called", "access", "grant",
	    "support", "zz_person", "--org", "Zzorg Nowhere", NULL);
}

static void
test_access_super_admin(void **state)
{
	(void)state;
	testsql_exec(demo.admin, "CREATE ROLE zz_person LOGIN IN ROLE "
	    "switchboard_user; CREATE ROLE zz_nologin IN ROLE "
	    "switchboard_user; CREATE ROLE zz_outside LOGIN");
	expect(SUPER, 0, "Granted provider-admin to \"zz_person\" for "
	    "\"Riverside Health\".", "", "access", "grant", "provider-admin",
	    "zz_person", "--org", "riverside health", NULL);
	expect(SUPER, 0, "", "has that access already", "access", "grant",
	    "provider-admin", "zz_person", "--org", "Riverside Health", NULL);
	expect("zz_person", 0, "zz_person,provider admin,Riverside Health",
	    "", "whoami", "--format", "csv", NULL);
	expect(SUPER, 0, "Granted support", "", "access", "grant", "support",
	    "zz_person", NULL);
	expect(SUPER, 0, "zz_person,support,every organization,"
	    DEMO_ROLE_SUPER ",", "", "access", "list", "--format", "csv",
	    NULL);
	expect(SUPER, 0, "Revoked support from \"zz_person\".", "",
	    "access", "revoke", "support", "zz_person", NULL);
	expect(SUPER, 1, "", "does not have that access", "access", "revoke",
	    "support", "zz_person", NULL);
	expect(SUPER, 3, "", "a partner admin needs a partner organization",
	    "access", "grant", "partner-admin", "zz_person", "--org",
	    "Riverside Health", NULL);
	/* What the cluster's superuser does first, named exactly. */
	expect(SUPER, 3, "", "psql -d switchboard -c 'CREATE ROLE "
	    "\"zz_missing\" LOGIN IN ROLE switchboard_user'", "access",
	    "grant", "support", "zz_missing", NULL);
	/* A name with quotes stays one name, in SQL and in the shell. */
	expect(SUPER, 3, "", "-c 'CREATE ROLE \"zz\"\"it'\\''s\" LOGIN",
	    "access", "grant", "support", "zz\"it's", NULL);
	expect(SUPER, 3, "", "'ALTER ROLE \"zz_nologin\" LOGIN'", "access",
	    "grant", "support", "zz_nologin", NULL);
	expect(SUPER, 3, "", "'GRANT switchboard_user TO \"zz_outside\"'",
	    "access", "grant", "support", "zz_outside", NULL);
	ASSERT_SQL(demo.admin, "0", "SELECT count(*) FROM sb.memberships "
	    "WHERE role IN ('zz_missing', 'zz_nologin', 'zz_outside')");
	/*
	 * A super admin whose role may create roles makes the login itself,
	 * able to log in and nothing more, and says how it logs in.
	 */
	testsql_exec(demo.admin, "ALTER ROLE " SUPER " CREATEROLE");
	expect(SUPER, 0, "Made \"zz_made\" a login of this server. It logs "
	    "in once it has a password\n(psql: \\password \"zz_made\"), or "
	    "a peer or certificate line for it in pg_hba.conf.\nGranted "
	    "support to \"zz_made\".", "", "access", "grant", "support",
	    "zz_made", NULL);
	expect(SUPER, 0, "Made \"zz_outside\" a login of this server", "",
	    "access", "grant", "support", "zz_outside", NULL);
	testsql_exec(demo.admin, "ALTER ROLE " SUPER " NOCREATEROLE");
	ASSERT_SQL(demo.admin, "t f f f t t", "SELECT concat_ws(' ', "
	    "rolcanlogin, rolcreaterole, rolsuper, rolcreatedb, pg_has_role("
	    "'zz_made', 'switchboard_user', 'MEMBER'), pg_has_role("
	    "'zz_outside', 'switchboard_user', 'MEMBER')) FROM pg_roles "
	    "WHERE rolname = 'zz_made'");
	expect("zz_made", 0, "zz_made,support,every organization", "",
	    "whoami", "--format", "csv", NULL);
}

static void
test_access_last_super_admin(void **state)
{
	char	*others;

	(void)state;
	expect(SUPER, 0, "Granted super-admin", "", "access", "grant",
	    "super-admin", "zz_person", NULL);
	expect(SUPER, 0, "Revoked super-admin", "", "access", "revoke",
	    "super-admin", "zz_person", NULL);
	others = testsql_value(demo.admin, "SELECT coalesce(string_agg("
	    "role, ','), '') FROM sb.memberships WHERE kind = 'super_admin' "
	    "AND role <> $1", SUPER, NULL);
	testsql_exec(demo.admin, "SELECT sb.membership_revoke(role, "
	    "'super_admin') FROM sb.memberships WHERE kind = 'super_admin' "
	    "AND role <> 'demo_super_admin'");
	expect(SUPER, 3, "", DEMO_ROLE_SUPER " is the last super admin",
	    "access", "revoke", "super-admin", SUPER, NULL);
	ASSERT_SQLSTATE(demo.admin, "SB004", "SELECT sb.membership_revoke($1,"
	    " 'super_admin')", SUPER, NULL);
	free(testsql_value(demo.admin, "SELECT count(sb.membership_grant("
	    "r, 'super_admin')) FROM unnest(string_to_array($1, ',')) AS r",
	    others, NULL));
	free(others);
	expect(SUPER, 0, "every organization", "", "whoami", NULL);
}

/* What role may not do with access, from the command line and in SQL. */
static void
access_refused(const char *role, PGconn *conn)
{
	char	*before, *after, *sql;

	before = memberships();
	expect(role, 3, "", "only a super admin may change memberships",
	    "access", "grant", "super-admin", role, NULL);
	expect(role, 3, "", "only a super admin may change memberships",
	    "access", "revoke", "super-admin", SUPER, NULL);
	expect(role, 3, "", "only a super admin may change memberships",
	    "access", "grant", "support", "zz_missing", NULL);
	ASSERT_SQLSTATE(conn, "42501", "SELECT sb.membership_grant("
	    "current_user, 'super_admin')", NULL);
	ASSERT_SQLSTATE(conn, "42501", "SELECT sb.membership_revoke($1, "
	    "'super_admin')", SUPER, NULL);
	ASSERT_SQLSTATE(conn, "42501", "INSERT INTO sb.memberships (role, "
	    "kind) VALUES (current_user, 'super_admin')", NULL);
	ASSERT_SQLSTATE(conn, "42501", "UPDATE sb.memberships SET kind = "
	    "'support', organization_id = NULL WHERE role = current_user",
	    NULL);
	ASSERT_SQLSTATE(conn, "42501", "DELETE FROM sb.memberships", NULL);
	ASSERT_SQLSTATE(conn, "42501", "CREATE ROLE zz_attacker LOGIN", NULL);
	ASSERT_SQLSTATE(conn, "42501", "GRANT switchboard_user TO "
	    "zz_outside", NULL);
	/* Even a role that may create roles makes no login for a grant. */
	sql = xasprintf("ALTER ROLE %s CREATEROLE", role);
	testsql_exec(demo.admin, sql);
	free(sql);
	expect(role, 3, "", "only a super admin may change memberships",
	    "access", "grant", "support", "zz_never", NULL);
	sql = xasprintf("ALTER ROLE %s NOCREATEROLE", role);
	testsql_exec(demo.admin, sql);
	free(sql);
	ASSERT_SQL(demo.admin, "0", "SELECT count(*) FROM pg_roles WHERE "
	    "rolname = 'zz_never'");
	after = memberships();
	assert_string_equal(before, after);
	free(before);
	free(after);
	/* Each sees only their own. */
	expect(role, 0, role, "", "access", "list", NULL);
}

static void
test_access_refused(void **state)
{
	struct testrun	r;

	(void)state;
	access_refused(PROVIDER, prov);
	access_refused(PARTNER, part);
	r = testrun_as(&demo, PROVIDER, "access", "list", NULL);
	assert_null(strstr(r.out, SUPER));
	testrun_free(&r);
}

#define ZORA_EMAIL	"zora.zzadd@example.org"

static void
test_contact_add(void **state)
{
	char	*outside;

	(void)state;
	expect(SUPER, 2, "", "subcommand needed: add", "contact", NULL);
	expect(SUPER, 2, "", "usage: switchboard contact add", "contact",
	    "add", "--org", HARBOR, "--first", "Zora", NULL);
	expect(SUPER, 2, "", "usage: switchboard contact add", "contact",
	    "add", "--org", HARBOR, "--first", "Zora", "--last", "Zzadd",
	    "--link-existing", "--create-anyway", NULL);
	expect(SUPER, 3, "", "email", "contact", "add", "--org", HARBOR,
	    "--first", "Zora", "--last", "Zzadd", "--email", "not an email",
	    NULL);
	expect(SUPER, 2, "", "\"+1 217 555 0101\" is not TYPE:NUMBER",
	    "contact", "add", "--org", HARBOR, "--first", "Zora", "--last",
	    "Zzadd", "--phone", "+1 217 555 0101", NULL);
	expect(SUPER, 2, "", "\"boss\"", "contact", "add", "--org", HARBOR,
	    "--first", "Zora", "--last", "Zzadd", "--role", "boss", NULL);
	expect(SUPER, 0, "Added the contact to \"" HARBOR "\".", "",
	    "contact", "add", "--org", HARBOR, "--first", "Zora", "--last",
	    "Zzadd", "--email", ZORA_EMAIL, "--email", "z@example.org",
	    "--mobile", "+1 217 555 0199", "--phone", "office:+1 217 555 0101",
	    "--phone", "fax:+1 217 555 0102", "--role", "emergency",
	    "--primary", NULL);
	ASSERT_SQL(demo.admin, "z@example.org:false," ZORA_EMAIL ":true|"
	    "fax:+12175550102:false,mobile:+12175550199:true,"
	    "office:+12175550101:false", "SELECT (SELECT string_agg("
	    "e.address || ':' || e.is_primary, ',' ORDER BY e.address) FROM "
	    "sb.emails e "
	    "WHERE e.contact_id = c.id) || '|' || (SELECT string_agg(p.type "
	    "|| ':' || p.e164 || ':' || cp.is_primary, ',' ORDER BY p.type) "
	    "FROM sb.contact_phones cp JOIN sb.phones p ON p.id = cp.phone_id "
	    "WHERE cp.contact_id = c.id) FROM sb.contacts c WHERE c.last_name "
	    "= 'Zzadd'", NULL);
	ASSERT_SQL(demo.admin, "emergency:true:" ZORA_EMAIL ":+12175550199:"
	    HARBOR, "SELECT oc.role || ':' || oc.is_primary || ':' || "
	    "e.address || ':' || p.e164 || ':' || o.name FROM sb.contacts c "
	    "JOIN sb.organization_contacts oc ON oc.contact_id = c.id JOIN "
	    "sb.organizations o ON o.id = c.owner_organization_id JOIN "
	    "sb.emails e ON e.contact_id = c.id AND e.is_primary JOIN "
	    "sb.contact_phones cp ON cp.contact_id = c.id AND cp.is_primary "
	    "JOIN sb.phones p ON p.id = cp.phone_id WHERE c.last_name = "
	    "'Zzadd'", NULL);
	/* The same email again: the question the form asks. */
	expect(SUPER, 3, "", "  Zora Zzadd (" HARBOR ")", "contact", "add",
	    "--org", "Riverside Health", "--first", "Zora", "--last",
	    "Zzadd", "--email", ZORA_EMAIL, NULL);
	expect(SUPER, 0, "Linked the existing contact to \"Riverside "
	    "Health\".", "", "contact", "add", "--org", "Riverside Health",
	    "--first", "Zora", "--last", "Zzadd", "--email", ZORA_EMAIL,
	    "--role", "billing", "--link-existing", NULL);
	ASSERT_SQL(demo.admin, "1", "SELECT count(*) FROM sb.contacts WHERE "
	    "last_name = 'Zzadd'", NULL);
	expect(SUPER, 0, "Added", "", "contact", "add", "--org",
	    "Riverside Health", "--first", "Zora", "--last", "Zzadd",
	    "--email", ZORA_EMAIL, "--create-anyway", NULL);
	ASSERT_SQL(demo.admin, "2", "SELECT count(*) FROM sb.contacts WHERE "
	    "last_name = 'Zzadd'", NULL);
	/* A provider admin adds to their own organization only. */
	expect(PROVIDER, 0, "Added", "", "contact", "add", "--org",
	    "Riverside Health", "--first", "Pia", "--last", "Zzadd", NULL);
	expect(PROVIDER, 1, "", "no organization is called", "contact", "add",
	    "--org", HARBOR, "--first", "Pia", "--last", "Zzadd", NULL);
	/*
	 * Northwind referred Riverside: its admin adds a contact there,
	 * which Northwind owns.
	 */
	expect(PARTNER, 3, "", "  Pia Zzadd at Riverside Health (stakeholder)"
	    ", score 0.", "contact", "add", "--org", "Riverside Health",
	    "--first", "Pia", "--last", "Zzadd", NULL);
	expect(PARTNER, 0, "Added", "", "contact", "add", "--org",
	    "Riverside Health", "--first", "Pia", "--last", "Zzadd",
	    "--create-anyway", NULL);
	ASSERT_SQL(demo.admin, "Northwind Health Partners", "SELECT o.name "
	    "FROM sb.contacts c JOIN sb.organizations o ON o.id = "
	    "c.owner_organization_id WHERE c.last_name = 'Zzadd' AND "
	    "c.updated_by = $1", PARTNER);
	expect(SUPPORT, 3, "", "read-only access", "contact", "add", "--org",
	    HARBOR, "--first", "Pia", "--last", "Zzadd", NULL);
	ASSERT_SQL(demo.admin, "4", "SELECT count(*) FROM sb.contacts WHERE "
	    "last_name = 'Zzadd'", NULL);
	/* The same commands, called directly outside one's scope. */
	outside = testsql_value(demo.admin, "SELECT id FROM sb.organizations "
	    "WHERE name = $1", HARBOR, NULL);
	ASSERT_SQLSTATE(prov, "SB003", "SELECT sb.contact_create_linked($1,"
	    " 'billing', 'Pia', 'Zzattack')", outside, NULL);
	ASSERT_SQLSTATE(part, "SB003", "SELECT sb.organization_contact_"
	    "set_primary($1, c.id, 'emergency') FROM sb.contacts c WHERE "
	    "c.last_name = 'Zzadd' LIMIT 1", outside, NULL);
	free(outside);
	ASSERT_SQL(demo.admin, "4", "SELECT count(*) FROM sb.contacts WHERE "
	    "last_name IN ('Zzadd', 'Zzattack')", NULL);
}

#define CLOSE_SQL	"SELECT coalesce(string_agg(name || ' ' || "	\
	"organizations, ',' ORDER BY organizations), '') FROM "		\
	"sb.contact_close_names('{Odalis}', '{Zzclose}')"

/*
 * A name close to that of a contact the person sees is asked about before
 * creating, as the form does, and linked instead when told; one they do
 * not see is never told. Support staff are asked nothing.
 */
static void
test_contact_add_close_name(void **state)
{
	struct testrun	 r;
	PGconn		*sup = testdb_connect(demo.tdb, SUPPORT);
	char		*org, *id;

	(void)state;
	org = testsql_value(demo.admin, "SELECT id FROM sb.organizations "
	    "WHERE name = $1", HARBOR, NULL);
	id = testsql_value(demo.admin, "SELECT sb.contact_create('Odalys',"
	    " 'Zzclose')::text", NULL);
	free(testsql_value(demo.admin, "SELECT sb.organization_contact_link("
	    "$1, $2, 'billing')::text", org, id, NULL));
	free(id);
	free(org);
	ASSERT_SQL(demo.admin, "Odalys Zzclose " HARBOR " (billing)",
	    CLOSE_SQL);
	ASSERT_SQL(prov, "", CLOSE_SQL);
	ASSERT_SQL(sup, "", CLOSE_SQL);
	PQfinish(sup);
	/* The provider admin is not told of the one at Harbor. */
	expect(PROVIDER, 0, "Added the contact", "", "contact", "add",
	    "--org", "Riverside Health", "--first", "Odalys", "--last",
	    "Zzclose", NULL);
	ASSERT_SQL(prov, "Odalys Zzclose Riverside Health (stakeholder)",
	    CLOSE_SQL);
	r = testrun_as(&demo, PROVIDER, "contact", "add", "--org",
	    "Riverside Health", "--first", "Odalis", "--last", "Zzclose",
	    NULL);
	ASSERT_RUN(r, 3, "", "a contact you can see has a name close to "
	    "this one:\n  Odalys Zzclose at Riverside Health (stakeholder), "
	    "score 0.");
	assert_null(strstr(r.err, HARBOR));
	testrun_free(&r);
	expect(PARTNER, 3, "", "--link-existing links that contact instead",
	    "contact", "add", "--org", "Riverside Health", "--first", "Odalys",
	    "--last", "Zzclose", NULL);
	/* First and last name swapped: both are named, neither linked. */
	expect(SUPER, 3, "", "  Odalys Zzclose at " HARBOR " (billing)",
	    "contact", "add", "--org", HARBOR, "--first", "Zzclose", "--last",
	    "Odalys", "--link-existing", NULL);
	expect(SUPER, 3, "", "--create-anyway makes a new one all the same",
	    "contact", "add", "--org", HARBOR, "--first", "Zzclose", "--last",
	    "Odalys", NULL);
	ASSERT_SQL(demo.admin, "2", "SELECT count(*) FROM sb.contacts WHERE "
	    "'Zzclose' IN (first_name, last_name)", NULL);
	/* Told to, the one the provider admin sees is linked. */
	expect(PROVIDER, 0, "Linked the existing contact to \"Riverside "
	    "Health\".", "", "contact", "add", "--org", "Riverside Health",
	    "--first", "Odalis", "--last", "Zzclose", "--role", "billing",
	    "--link-existing", NULL);
	ASSERT_SQL(demo.admin, "billing,stakeholder", "SELECT string_agg("
	    "l.role, ',' ORDER BY l.role) FROM sb.organization_contacts l "
	    "JOIN sb.organizations o ON o.id = l.organization_id JOIN "
	    "sb.contacts c ON c.id = l.contact_id WHERE o.name = 'Riverside "
	    "Health' AND c.last_name = 'Zzclose' AND l.deleted_at IS NULL",
	    NULL);
	expect(PARTNER, 0, "Added", "", "contact", "add", "--org",
	    "Riverside Health", "--first", "Odalys", "--last", "Zzclose",
	    "--create-anyway", NULL);
	ASSERT_SQL(demo.admin, "3", "SELECT count(*) FROM sb.contacts WHERE "
	    "'Zzclose' IN (first_name, last_name)", NULL);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_org_usage),
		cmocka_unit_test(test_org_super_admin),
		cmocka_unit_test(test_org_duplicate_name),
		cmocka_unit_test(test_org_refused),
		cmocka_unit_test(test_org_attack),
		cmocka_unit_test(test_org_show),
		cmocka_unit_test(test_contact_show),
		cmocka_unit_test(test_org_archive_restore),
		cmocka_unit_test(test_whoami),
		cmocka_unit_test(test_access_usage),
		cmocka_unit_test(test_access_super_admin),
		cmocka_unit_test(test_access_last_super_admin),
		cmocka_unit_test(test_access_refused),
		cmocka_unit_test(test_contact_add),
		cmocka_unit_test(test_contact_add_close_name),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
