/* Screen tests of editing: the program as the demo's provider admin. */
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
	return s;
}

/* A contact's column, read by the superuser. */
static char *
contact_value(const char *column, const char *last_name)
{
	char	sql[256];

	snprintf(sql, sizeof sql, "SELECT coalesce(%s::text, '') FROM "
	    "sb.contacts WHERE last_name = $1 AND deleted_at IS NULL",
	    column);
	return testsql_value(admin, sql, last_name, NULL);
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

/* The first contact's last name as the contacts pane shows it. */
static char *
first_contact_last_name(void)
{
	return testsql_value(admin, "SELECT c.last_name FROM sb.contacts c "
	    "JOIN sb.organization_contacts oc ON oc.contact_id = c.id "
	    "JOIN sb.organizations o ON o.id = oc.organization_id "
	    "WHERE o.name = $1 AND oc.deleted_at IS NULL AND c.active "
	    "ORDER BY c.last_name, c.first_name LIMIT 1",
	    "Riverside Health", NULL);
}

static void
test_edit_validate_and_save(void **state)
{
	struct screen	*s = start_riverside();
	char		*last = first_contact_last_name(), *v;

	(void)state;
	WAIT_TEXT(s, last);
	screen_send(s, "e");
	WAIT_TEXT(s, "Edit ");
	WAIT_TEXT(s, "First name");
	/* No transaction stays open while the form is open. */
	assert_int_equal(idle_in_transaction(), 0);
	/* Blank both names: the message sits under the field. */
	screen_key_ctrl(s, 'u');
	screen_key(s, SCREEN_KEY_TAB);
	screen_key_ctrl(s, 'u');
	screen_key(s, SCREEN_KEY_TAB);
	WAIT_TEXT(s, "a contact needs a first or a last name");
	screen_key(s, SCREEN_KEY_BTAB);
	screen_send(s, "Zedd");
	screen_key(s, SCREEN_KEY_TAB);
	screen_send(s, "Chief");
	screen_key_ctrl(s, 'x');
	WAIT_TEXT(s, "Saved");
	v = contact_value("title", "Zedd");
	assert_non_null(strstr(v, "Chief"));
	free(v);
	/* Undo writes the old values back. */
	screen_send(s, "u");
	WAIT_TEXT(s, "Undone");
	v = contact_value("first_name", last);
	assert_string_not_equal(v, "");
	free(v);
	free(last);
	quit(s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_edit_validate_and_save),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
