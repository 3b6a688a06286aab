/* Screen tests of linking: add existing, duplicate offer, primary move. */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include <libpq-fe.h>

#include "switchboard/cluster.h"
#include "switchboard/db.h"
#include "switchboard/demo.h"
#include "switchboard/migrate.h"
#include "switchboard/util.h"
#include "screen.h"
#include "testdb.h"
#include "testsql.h"

#define WAIT_MS	10000

static struct testdb	*tdb;
static PGconn		*admin;
static char		*program;
static char		 env_host[512], env_port[32], env_home[512];

#define WAIT_TEXT(s, t) do {						\
	if (!screen_wait_text((s), (t), WAIT_MS)) {			\
		screen_dump((s), stdout);				\
		fail_msg("never saw \"%s\"", (t));			\
	}								\
} while (0)

static int
setup(void **state)
{
	struct db_params	 p = { .count = 0 };
	struct db		*db;
	struct sb_error		 err;
	char			*ci;
	const char		*top = getenv("SB_TOP_BUILDDIR"), *s;

	(void)state;
	tdb = testdb_start();
	ci = testdb_conninfo(tdb, CLUSTER_SUPERUSER);
	s = strstr(ci, "port=");
	assert_non_null(s);
	snprintf(env_port, sizeof env_port, "PGPORT=%d", atoi(s + 5));
	db_params_set(&p, "host", testdb_host(tdb));
	db_params_set(&p, "port", env_port + 7);
	db_params_set(&p, "dbname", CLUSTER_DATABASE);
	db_params_set(&p, "user", CLUSTER_SUPERUSER);
	if (db_connect(&p, &db, &err) != SB_OK ||
	    migrate_run(db_conn(db), &err) != SB_OK ||
	    demo_load(db, &err) != SB_OK)
		fail_msg("setup: %s", err.message);
	db_free(db);
	free(ci);
	admin = testdb_connect(tdb, CLUSTER_SUPERUSER);
	snprintf(env_host, sizeof env_host, "PGHOST=%s", testdb_host(tdb));
	snprintf(env_home, sizeof env_home, "HOME=%s", testdb_host(tdb));
	program = util_path_join(top != NULL ? top : ".", "switchboard");
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	free(program);
	PQfinish(admin);
	testdb_stop(tdb);
	return 0;
}

static struct screen *
start(void)
{
	const char *const	argv[] = { program, NULL };
	const char		*envp[] = { env_host, env_port,
	    "PGDATABASE=" CLUSTER_DATABASE, "PGUSER=" DEMO_ROLE_PROVIDER,
	    env_home, "TERM=xterm-256color", "LC_ALL=C.UTF-8",
	    "XDG_CONFIG_HOME=/nonexistent", NULL };

	return screen_spawn(argv, envp, 36, 130);
}

static void
quit(struct screen *s)
{
	int	status;

	screen_send(s, "q");
	status = screen_wait_exit(s, WAIT_MS);
	assert_true(WIFEXITED(status));
	screen_free(s);
}

/* Riverside Health selected, focus on its contacts. */
static struct screen *
start_riverside(void)
{
	struct screen	*s = start();

	WAIT_TEXT(s, "Riverside Health");
	screen_send(s, "/Riverside");
	screen_key(s, SCREEN_KEY_ENTER);
	screen_key(s, SCREEN_KEY_TAB);
	/* The details pane follows the selected contact once it is loaded. */
	WAIT_TEXT(s, "Name      ");
	return s;
}

static int
idle_in_transaction(void)
{
	char	*n;
	int	 v;

	n = testsql_value(admin, "SELECT count(*) FROM pg_stat_activity "
	    "WHERE usename = $1 AND state = 'idle in transaction'",
	    DEMO_ROLE_PROVIDER, NULL);
	v = atoi(n);
	free(n);
	return v;
}

/*
 * The text on screen between a prefix and stop on the same row, as the
 * program drew it (a name in a title or a question). Caller frees;
 * NULL if none.
 */
static char *
screen_between(struct screen *s, const char *prefix, const char *stop)
{
	char	*text = screen_text(s), *p, *q, *e, *v = NULL;

	for (p = text; v == NULL && (p = strstr(p, prefix)) != NULL;) {
		p += strlen(prefix);
		if ((e = strstr(p, stop)) == NULL ||
		    memchr(p, '\n', (size_t)(e - p)) != NULL)
			continue;
		/* The prefix nearest the stop: a border may repeat it. */
		while ((q = strstr(p, prefix)) != NULL && q < e)
			p = q + strlen(prefix);
		v = strndup(p, (size_t)(e - p));
	}
	free(text);
	return v;
}

/* The id of the contact whose "First Last" the screen showed. */
static char *
contact_id_named(const char *name)
{
	return testsql_value(admin, "SELECT id FROM sb.contacts WHERE "
	    "deleted_at IS NULL AND concat_ws(' ', nullif(first_name, ''), "
	    "nullif(last_name, '')) = $1", name, NULL);
}

/* An active contact's email that exactly one contact has, in or out of
 * the provider admin's scope (in: true), skipping those named by skip. */
static char *
unique_email(bool in_scope, const char *skip)
{
	char	sql[900];

	snprintf(sql, sizeof sql, "SELECT e.address FROM sb.emails e JOIN "
	    "sb.contacts c ON c.id = e.contact_id WHERE c.active AND "
	    "c.deleted_at IS NULL AND e.address <> $1 AND (c.id IN (SELECT "
	    "sb.access_contact_ids('%s'))) = %s AND (SELECT count(*) FROM "
	    "sb.emails x WHERE lower(x.address) = lower(e.address)) = 1 "
	    "ORDER BY e.address LIMIT 1", DEMO_ROLE_PROVIDER,
	    in_scope ? "true" : "false");
	return testsql_value(admin, sql, skip, NULL);
}

/* Whether the contact with email is linked to Riverside Health now. */
static int
riverside_links(const char *email)
{
	char	*n;
	int	 v;

	n = testsql_value(admin, "SELECT count(*) FROM "
	    "sb.organization_contacts oc JOIN sb.organizations o ON o.id = "
	    "oc.organization_id JOIN sb.emails e ON e.contact_id = "
	    "oc.contact_id WHERE o.name = 'Riverside Health' AND "
	    "oc.deleted_at IS NULL AND e.address = $1", email, NULL);
	v = atoi(n);
	free(n);
	return v;
}

static void
test_add_existing(void **state)
{
	struct screen	*s = start_riverside();
	char		*email = unique_email(false, ""), part[8];

	(void)state;
	assert_non_null(email);
	assert_int_equal(riverside_links(email), 0);
	/* A part of the address finds nothing. */
	screen_send(s, "L");
	WAIT_TEXT(s, "Add existing contact");
	snprintf(part, sizeof part, "%.5s", email);
	screen_send(s, part);
	screen_key_ctrl(s, 'x');
	WAIT_TEXT(s, "No contact has exactly that email");
	assert_int_equal(riverside_links(email), 0);
	/* The exact address finds the one contact and links it. */
	screen_key_ctrl(s, 'u');
	screen_send(s, email);
	screen_key_ctrl(s, 'x');
	WAIT_TEXT(s, "Linked ");
	assert_int_equal(riverside_links(email), 1);
	assert_int_equal(idle_in_transaction(), 0);
	free(email);
	quit(s);
}

static void
test_duplicate_offer(void **state)
{
	struct screen	*s = start_riverside();
	char		*email = unique_email(false, "x"), *n;
	int		 before;

	(void)state;
	assert_non_null(email);
	/* The first test linked one; take the next out-of-scope address. */
	before = riverside_links(email);
	screen_send(s, "n");
	WAIT_TEXT(s, "New contact");
	screen_send(s, "Dupe");
	screen_key(s, SCREEN_KEY_TAB);
	screen_send(s, "Licate");
	screen_key(s, SCREEN_KEY_TAB);
	screen_key(s, SCREEN_KEY_TAB);
	screen_key(s, SCREEN_KEY_TAB);
	screen_key(s, SCREEN_KEY_TAB);
	screen_send(s, email);
	screen_key_ctrl(s, 'x');
	WAIT_TEXT(s, "already has this email or phone");
	screen_send(s, "y");
	WAIT_TEXT(s, "Linked ");
	assert_int_equal(riverside_links(email), before + 1);
	n = testsql_value(admin, "SELECT count(*) FROM sb.contacts WHERE "
	    "last_name = $1", "Licate", NULL);
	assert_string_equal(n, "0");
	free(n);
	free(email);
	quit(s);
}

/* Marking a second primary for a role asks, then moves the mark. */
static void
test_primary_move(void **state)
{
	struct screen	*s = start_riverside();
	const char	*sql = "SELECT oc.is_primary::text FROM "
	    "sb.organization_contacts oc JOIN sb.organizations o ON o.id = "
	    "oc.organization_id WHERE o.name = 'Riverside Health' AND "
	    "oc.contact_id = $1 AND oc.role = $2 AND oc.deleted_at IS NULL";
	char		*was, *now, *was_id, *now_id, *role, *v;

	(void)state;
	screen_key(s, SCREEN_KEY_DOWN);
	screen_send(s, "*");
	WAIT_TEXT(s, "Move the mark to");
	was = screen_between(s, "\u2502 ", " is the primary ");
	role = screen_between(s, " is the primary ", " contact.");
	now = screen_between(s, "Move the mark to ", "? (y/n)");
	assert_non_null(was);
	assert_non_null(role);
	assert_non_null(now);
	was_id = contact_id_named(was);
	now_id = contact_id_named(now);
	screen_send(s, "y");
	WAIT_TEXT(s, "is now the primary");
	v = testsql_value(admin, sql, now_id, role, NULL);
	assert_string_equal(v, "true");
	free(v);
	v = testsql_value(admin, sql, was_id, role, NULL);
	assert_string_equal(v, "false");
	free(v);
	free(was);
	free(now);
	free(role);
	free(was_id);
	free(now_id);
	quit(s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_add_existing),
		cmocka_unit_test(test_duplicate_offer),
		cmocka_unit_test(test_primary_move),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
