/* switchboard init on a server, and the embedded cluster's first admin. */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libpq-fe.h>

#include "switchboard/app.h"
#include "switchboard/cluster.h"
#include "switchboard/migrate.h"
#include "switchboard/util.h"
#include "testdb.h"
#include "testdemo.h"
#include "testrun.h"
#include "testsql.h"

#define SU		CLUSTER_SUPERUSER
#define ALICE		"zz_alice"
/* A login that needs quoting, and would do harm unquoted. */
#define ODD		"o'brien \"x\" y; DROP ROLE " ALICE

static struct testdemo	 d;

static int
setup(void **state)
{
	(void)state;
	d.tdb = testdb_start();
	d.admin = testdb_connect(d.tdb, SU);
	return (0);
}

static int
teardown(void **state)
{
	(void)state;
	PQfinish(d.admin);
	testdb_stop(d.tdb);
	return (0);
}

/* Run as role and check the exit status and pieces of the output. */
static void
expect(const char *role, int status, const char *out, const char *err,
    ...)
{
	va_list	ap;

	va_start(ap, err);
	testrun_expect_va(&d, role, status, out, err, ap);
	va_end(ap);
}

/* Whether the schema is there, "t" or "f". */
static void
assert_installed(const char *want)
{
	ASSERT_SQL(d.admin, want, "SELECT to_regnamespace('sb') IS NOT NULL");
}

/* Whether a role called name exists, "t" or "f". */
static void
assert_role(const char *name, const char *want)
{
	ASSERT_SQL(d.admin, want, "SELECT EXISTS (SELECT 1 FROM pg_roles"
	    " WHERE rolname = $1)", name);
}

/*
 * The binary with args (NULL-ended) and no server named: the embedded
 * cluster in cluster under d's directory.
 */
static struct testrun
run_embedded(const char *cluster, ...)
{
	const char	*args[16];
	char		*env[6];
	struct testrun	 r;
	va_list		 ap;
	int		 n = 0;

	va_start(ap, cluster);
	while (n < 15 && (args[n] = va_arg(ap, const char *)) != NULL)
		n++;
	va_end(ap);
	args[n] = NULL;
	env[0] = xasprintf("SWITCHBOARD_CLUSTER_DIR=%s/%s",
	    testdb_dir(d.tdb), cluster);
	env[1] = xasprintf("HOME=%s", testdb_dir(d.tdb));
	env[2] = xstrdup("XDG_CONFIG_HOME=/nonexistent");
	env[3] = xstrdup("LC_ALL=C.UTF-8");
	env[4] = xstrdup("PATH=/usr/bin:/bin");
	env[5] = NULL;
	r = testrun_env((const char *const *)env, args);
	for (n = 0; env[n] != NULL; n++)
		free(env[n]);
	return (r);
}

static void
test_usage(void **state)
{
	char	long_name[64 + 1];

	(void)state;
	memset(long_name, 'a', sizeof long_name - 1);
	long_name[sizeof long_name - 1] = '\0';
	expect(SU, 2, "", "usage: switchboard init --super-admin LOGIN",
	    "init", NULL);
	expect(SU, 2, "", "usage: switchboard init", "init",
	    "--super-admin", ALICE, "extra", NULL);
	expect(SU, 2, "", "usage: switchboard init", "init", "--format",
	    "csv", "--super-admin", ALICE, NULL);
	expect(SU, 2, "", "a login name has 1 to 63 bytes", "init",
	    "--super-admin", "", NULL);
	expect(SU, 2, "", "a login name has 1 to 63 bytes", "init",
	    "--super-admin", long_name, NULL);
	expect(SU, 0, "usage: switchboard init", "", "init", "--help", NULL);
	assert_installed("f");
}

/* No server named: init has nothing to do, and starts no cluster. */
static void
test_embedded_not_needed(void **state)
{
	struct testrun	 r;
	char		*dir;

	(void)state;
	r = run_embedded("none", "init", "--super-admin", ALICE, NULL);
	ASSERT_RUN(r, 2, "", "the embedded database needs none: whoever "
	    "creates it is its first super admin");
	testrun_free(&r);
	dir = xasprintf("%s/none", testdb_dir(d.tdb));
	assert_int_not_equal(access(dir, F_OK), 0);
	free(dir);
}

/* A login that is no superuser installs nothing and is told whom to be. */
static void
test_not_superuser(void **state)
{
	(void)state;
	testsql_exec(d.admin, "CREATE ROLE zz_plain LOGIN CREATEROLE");
	expect("zz_plain", 3, "", "init needs a PostgreSQL superuser: connect "
	    "as postgres (PGUSER=postgres) or another superuser; \"zz_plain\" "
	    "is not one", "init", "--super-admin", ALICE, NULL);
	assert_installed("f");
	assert_role(ALICE, "f");
}

/* Logins row-level security would not hold, or that cannot log in. */
static void
test_refused_logins(void **state)
{
	(void)state;
	testsql_exec(d.admin, "CREATE ROLE zz_bypass LOGIN BYPASSRLS;"
	    " CREATE ROLE zz_group NOLOGIN");
	expect(SU, 3, "", "\"postgres\" is a PostgreSQL superuser", "init",
	    "--super-admin", SU, NULL);
	expect(SU, 3, "", "\"zz_bypass\" bypasses row-level security",
	    "init", "--super-admin", "zz_bypass", NULL);
	expect(SU, 3, "", "\"switchboard_owner\" is one of the schema's own "
	    "roles", "init", "--super-admin", MIGRATE_OWNER_ROLE, NULL);
	expect(SU, 3, "", "\"switchboard_user\" is one of the schema's own "
	    "roles", "init", "--super-admin", MIGRATE_USER_ROLE, NULL);
	expect(SU, 3, "", "\"zz_group\" is a role that cannot log in",
	    "init", "--super-admin", "zz_group", NULL);
	assert_installed("f");
	assert_role(MIGRATE_OWNER_ROLE, "f");
}

/* On an empty database: the schema, its owner, the login, its access. */
static void
test_install(void **state)
{
	char	*n;

	(void)state;
	expect(SU, 0, "Installed the schema (", "", "init", "--super-admin",
	    ALICE, NULL);
	assert_installed("t");
	n = xasprintf("%zu", migrate_count);
	ASSERT_SQL(d.admin, n, "SELECT count(*) FROM sb.schema_migrations");
	free(n);
	ASSERT_SQL(d.admin, "f", "SELECT rolcanlogin FROM pg_roles"
	    " WHERE rolname = $1", MIGRATE_OWNER_ROLE);
	ASSERT_SQL(d.admin, "t f f t t", "SELECT concat_ws(' ', rolcanlogin,"
	    " rolsuper, rolbypassrls, rolpassword IS NULL, pg_has_role(rolname,"
	    " 'switchboard_user', 'MEMBER')) FROM pg_authid WHERE rolname = $1",
	    ALICE);
	ASSERT_SQL(d.admin, "super_admin:", "SELECT string_agg(kind || ':' ||"
	    " coalesce(organization_id::text, ''), ',') FROM sb.memberships"
	    " WHERE role = $1", ALICE);
	expect(ALICE, 0, ALICE ",super admin,every organization\r\n", "",
	    "whoami", "--format", "csv", NULL);
	expect(ALICE, 0, "", "", "org", "add", "Zz Init Clinic", NULL);
}

/* What init says it did, and the next step, on stdout. */
static void
test_install_says(void **state)
{
	struct testrun	r;

	(void)state;
	r = testrun_as(&d, SU, "init", "--super-admin", "zz_bob", NULL);
	ASSERT_RUN(r, 0, "The schema is already up to date in database "
	    "\"switchboard\".\nIts owner role, switchboard_owner, cannot log "
	    "in.\nCreated the login \"zz_bob\", with no password yet.\n", "");
	ASSERT_RUN(r, 0, "  \\password \"zz_bob\"\n", "");
	ASSERT_RUN(r, 0, "peer authentication", "");
	ASSERT_RUN(r, 0, "Made \"zz_bob\" a super admin.\n", "");
	assert_string_equal(r.err, "");
	testrun_free(&r);
}

/* Again: nothing pending, nothing made twice. */
static void
test_again(void **state)
{
	const char	*counts = "SELECT (SELECT count(*) FROM"
	    " sb.schema_migrations) || ' ' || (SELECT count(*) FROM"
	    " sb.schema_modules) || ' ' || (SELECT count(*) FROM"
	    " sb.memberships) || ' ' || (SELECT count(*) FROM pg_roles)";
	char		*before, *after, *digest;
	struct testrun	 r;

	(void)state;
	before = testsql_value(d.admin, counts, NULL);
	digest = testsql_digest(d.admin);
	r = testrun_as(&d, SU, "init", "--super-admin", ALICE, NULL);
	ASSERT_RUN(r, 0, "The schema is already up to date", "");
	ASSERT_RUN(r, 0, "\"" ALICE "\" is a super admin already.", "");
	assert_null(strstr(r.out, "Created"));
	testrun_free(&r);
	after = testsql_value(d.admin, counts, NULL);
	assert_string_equal(before, after);
	free(after);
	after = testsql_digest(d.admin);
	assert_string_equal(digest, after);
	free(after);
	free(digest);
	free(before);
}

/* An older schema is brought up to date, and says so. */
static void
test_upgrade(void **state)
{
	struct testrun	 r;
	struct sb_error	 err;
	PGconn		*old;
	char		*info, *env[6];
	const char	*args[] = { "init", "--super-admin", ALICE, NULL };
	int		 i;

	(void)state;
	testsql_exec(d.admin, "CREATE DATABASE zz_older");
	info = xasprintf("host=%s port=%d dbname=zz_older user=" SU,
	    testdb_host(d.tdb), testdb_port(d.tdb));
	old = PQconnectdb(info);
	free(info);
	assert_int_equal(PQstatus(old), CONNECTION_OK);
	assert_int_equal(migrate_run_to(old, MIGRATE_BASELINE, &err), SB_OK);
	env[0] = xasprintf("PGHOST=%s", testdb_host(d.tdb));
	env[1] = xasprintf("PGPORT=%d", testdb_port(d.tdb));
	env[2] = xstrdup("PGDATABASE=zz_older");
	env[3] = xstrdup("PGUSER=" SU);
	env[4] = xstrdup("LC_ALL=C.UTF-8");
	env[5] = NULL;
	r = testrun_env((const char *const *)env, args);
	ASSERT_RUN(r, 0, "Upgraded the schema (", "");
	ASSERT_RUN(r, 0, "in database \"zz_older\".", "");
	testrun_free(&r);
	info = xasprintf("%zu", migrate_count);
	ASSERT_SQL(old, info, "SELECT count(*) FROM sb.schema_migrations");
	free(info);
	ASSERT_SQL(old, "t", "SELECT sb.access_is_super($1)", ALICE);
	for (i = 0; env[i] != NULL; i++)
		free(env[i]);
	PQfinish(old);
}

/* A login name that needs quoting is one name, and does nothing else. */
static void
test_quoted_login(void **state)
{
	(void)state;
	expect(SU, 0, "\\password \"o'brien \"\"x\"\" y; DROP ROLE " ALICE
	    "\"", "", "init", "--super-admin", ODD, NULL);
	assert_role(ODD, "t");
	assert_role(ALICE, "t");
	ASSERT_SQL(d.admin, "t", "SELECT sb.access_is_super($1)", ODD);
	expect(ODD, 0, "super admin,every organization", "", "whoami",
	    "--format", "csv", NULL);
}

/* An owner that can log in is named, and nothing changes. */
static void
test_owner_can_login(void **state)
{
	(void)state;
	testsql_exec(d.admin, "ALTER ROLE switchboard_owner LOGIN");
	expect(SU, 3, "", "the schema's owner role switchboard_owner can log "
	    "in", "init", "--super-admin", "zz_later", NULL);
	assert_role("zz_later", "f");
	testsql_exec(d.admin, "ALTER ROLE switchboard_owner NOLOGIN");
}

/*
 * A provider admin and a partner admin: init refuses them, and what it
 * does as a superuser they cannot do in SQL themselves.
 */
static void
test_admins_refused(void **state)
{
	const char *const	 roles[] = { "zz_prov", "zz_part" };
	PGconn			*c;
	char			*digest, *after;
	size_t			 i;

	(void)state;
	testsql_exec(d.admin, "CREATE ROLE zz_prov LOGIN IN ROLE"
	    " switchboard_user; CREATE ROLE zz_part LOGIN IN ROLE"
	    " switchboard_user;"
	    " SELECT sb.membership_grant('zz_prov', 'provider_admin',"
	    " sb.organization_create('Zz Prov Org', 'provider'));"
	    " SELECT sb.membership_grant('zz_part', 'partner_admin',"
	    " sb.organization_create('Zz Part Org', 'partner'))");
	digest = testsql_digest(d.admin);
	for (i = 0; i < SB_ARRAY_LEN(roles); i++) {
		expect(roles[i], 3, "", "init needs a PostgreSQL superuser",
		    "init", "--super-admin", roles[i], NULL);
		expect(roles[i], 3, "", "init needs a PostgreSQL superuser",
		    "init", "--super-admin", "zz_evil", NULL);
		c = testdb_connect(d.tdb, roles[i]);
		ASSERT_SQLSTATE(c, "42501", "CREATE ROLE zz_evil LOGIN IN ROLE"
		    " switchboard_user");
		ASSERT_SQLSTATE(c, "42501", "SELECT sb.membership_grant("
		    "current_user, 'super_admin')");
		ASSERT_SQLSTATE(c, "42501", "SET ROLE switchboard_owner");
		ASSERT_SQLSTATE(c, "42501", "ALTER ROLE switchboard_owner"
		    " LOGIN");
		ASSERT_SQLSTATE(c, "42501", "SET ROLE " ALICE);
		PQfinish(c);
		ASSERT_SQL(d.admin, "f", "SELECT sb.access_is_super($1)",
		    roles[i]);
	}
	assert_role("zz_evil", "f");
	after = testsql_digest(d.admin);
	assert_string_equal(digest, after);
	free(after);
	free(digest);
}

/*
 * On a new embedded cluster, made without --demo, whoever made it is its
 * first super admin: every organization in scope, and org add works.
 */
static void
test_embedded_first_super_admin(void **state)
{
	struct testrun	r;

	(void)state;
	r = run_embedded("embedded", "whoami", "--format", "csv", NULL);
	ASSERT_RUN(r, 0, APP_LOCAL_PERSON ",super admin,every organization"
	    "\r\n", "");
	testrun_free(&r);
	r = run_embedded("embedded", "org", "add", "Zz Harbor Clinic", NULL);
	ASSERT_RUN(r, 0, "Zz Harbor Clinic", "");
	testrun_free(&r);
	r = run_embedded("embedded", "org", "list", "--format", "csv", NULL);
	ASSERT_RUN(r, 0, "Zz Harbor Clinic", "");
	testrun_free(&r);
	r = run_embedded("embedded", "init", "--super-admin", ALICE, NULL);
	ASSERT_RUN(r, 2, "", "the embedded database needs none");
	testrun_free(&r);
	/* A grant to a new login makes it here: only its owner reaches it. */
	r = run_embedded("embedded", "access", "grant", "provider-admin",
	    "zz_bob", "--org", "Zz Harbor Clinic", NULL);
	ASSERT_RUN(r, 0, "Made \"zz_bob\" a login of this embedded database",
	    "");
	ASSERT_RUN(r, 0, "Granted provider-admin to \"zz_bob\" for \"Zz Harbor "
	    "Clinic\".", "");
	testrun_free(&r);
	r = run_embedded("embedded", "--as", "zz_bob", "whoami", "--format",
	    "csv", NULL);
	ASSERT_RUN(r, 0, "zz_bob,provider admin,Zz Harbor Clinic\r\n", "");
	testrun_free(&r);
	/* One that cannot log in is not changed: the statement is said. */
	r = run_embedded("embedded", "access", "grant", "support",
	    "switchboard_owner", NULL);
	ASSERT_RUN(r, 3, "", "");
	testrun_free(&r);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_usage),
		cmocka_unit_test(test_embedded_not_needed),
		cmocka_unit_test(test_not_superuser),
		cmocka_unit_test(test_refused_logins),
		cmocka_unit_test(test_install),
		cmocka_unit_test(test_install_says),
		cmocka_unit_test(test_again),
		cmocka_unit_test(test_upgrade),
		cmocka_unit_test(test_quoted_login),
		cmocka_unit_test(test_owner_can_login),
		cmocka_unit_test(test_admins_refused),
		cmocka_unit_test(test_embedded_first_super_admin),
	};

	return (cmocka_run_group_tests(tests, setup, teardown));
}
