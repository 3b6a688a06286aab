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
	/* The details pane follows the selected contact once it is loaded. */
	WAIT_TEXT(s, "Name      ");
	return s;
}

/* A contact's column (an expression), read by the superuser. */
static char *
contact_column(const char *id, const char *column)
{
	char	sql[256];

	snprintf(sql, sizeof sql, "SELECT coalesce((%s)::text, '') FROM "
	    "sb.contacts WHERE id = $1", column);
	return testsql_value(admin, sql, id, NULL);
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

static void
test_edit_validate_and_save(void **state)
{
	struct screen	*s = start_riverside();
	char		*name, *id, *v;

	(void)state;
	screen_send(s, "e");
	WAIT_TEXT(s, "First name");
	name = screen_between(s, "Edit ", "\u2500");
	assert_non_null(name);
	id = contact_id_named(name);
	assert_non_null(id);
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
	v = contact_column(id, "last_name");
	assert_string_equal(v, "Zedd");
	free(v);
	v = contact_column(id, "title");
	assert_non_null(strstr(v, "Chief"));
	free(v);
	/* Undo writes the old values back. */
	screen_send(s, "u");
	WAIT_TEXT(s, "Undone");
	v = contact_column(id, "first_name || ' ' || last_name");
	assert_string_equal(v, name);
	free(v);
	free(id);
	free(name);
	quit(s);
}

/* Unlink the selected contact (named by the question), then undo it. */
static void
test_unlink_and_undo(void **state)
{
	struct screen	*s = start_riverside();
	const char	*count = "SELECT count(*) FROM sb.organization_contacts "
	    "WHERE contact_id = $1 AND deleted_at IS NULL";
	char		*name, *id, *before, *n;

	(void)state;
	screen_send(s, "x");
	WAIT_TEXT(s, "The contact and its history stay");
	name = screen_between(s, "\u2502 Unlink ", " (");
	assert_non_null(name);
	id = contact_id_named(name);
	assert_non_null(id);
	before = testsql_value(admin, count, id, NULL);
	screen_send(s, "y");
	WAIT_TEXT(s, "Unlinked");
	n = testsql_value(admin, count, id, NULL);
	assert_int_equal(atoi(n), atoi(before) - 1);
	free(n);
	/* The contact itself stays. */
	n = contact_column(id, "deleted_at");
	assert_string_equal(n, "");
	free(n);
	screen_send(s, "u");
	WAIT_TEXT(s, "Undone");
	n = testsql_value(admin, count, id, NULL);
	assert_string_equal(n, before);
	free(n);
	free(before);
	free(id);
	free(name);
	quit(s);
}

/* Another session changes the contact while the form is open. */
static void
test_conflict(void **state)
{
	struct screen	*s = start_riverside(), *s2;
	char		*name, *id, *v;

	(void)state;
	screen_send(s, "e");
	WAIT_TEXT(s, "First name");
	name = screen_between(s, "Edit ", "\u2500");
	assert_non_null(name);
	id = contact_id_named(name);
	assert_non_null(id);
	screen_key(s, SCREEN_KEY_TAB);
	screen_key(s, SCREEN_KEY_TAB);
	screen_key_ctrl(s, 'u');
	screen_send(s, "Mine Title");
	/* A second session of the same admin saves first. */
	s2 = start_riverside();
	screen_send(s2, "e");
	WAIT_TEXT(s2, "First name");
	screen_key(s2, SCREEN_KEY_TAB);
	screen_key(s2, SCREEN_KEY_TAB);
	screen_key_ctrl(s2, 'u');
	screen_send(s2, "Their Title");
	screen_key_ctrl(s2, 'x');
	WAIT_TEXT(s2, "Saved");
	quit(s2);
	screen_key_ctrl(s, 'x');
	WAIT_TEXT(s, "Someone else changed this");
	WAIT_TEXT(s, "Their Title");
	WAIT_TEXT(s, "Mine Title");
	/* Take theirs: nothing of mine is left to send. */
	screen_send(s, "t");
	screen_key(s, SCREEN_KEY_ENTER);
	WAIT_TEXT(s, "Their Title");
	v = contact_column(id, "title");
	assert_string_equal(v, "Their Title");
	free(v);
	/* Again, keeping mine this time: it lands over theirs. */
	screen_send(s, "e");
	WAIT_TEXT(s, "First name");
	screen_key(s, SCREEN_KEY_TAB);
	screen_key(s, SCREEN_KEY_TAB);
	screen_key_ctrl(s, 'u');
	screen_send(s, "Mine Again");
	free(testsql_value(admin, "SELECT sb.contact_update($1, NULL, "
	    "jsonb_build_object('title', 'Theirs Again'))", id, NULL));
	screen_key_ctrl(s, 'x');
	WAIT_TEXT(s, "Someone else changed this");
	WAIT_TEXT(s, "Theirs Again");
	screen_send(s, "m");
	screen_key(s, SCREEN_KEY_ENTER);
	WAIT_TEXT(s, "Saved");
	v = contact_column(id, "title");
	assert_string_equal(v, "Mine Again");
	free(v);
	free(id);
	free(name);
	quit(s);
}

static bool
text_gone(struct screen *s, void *arg)
{
	return (!screen_contains(s, arg));
}

/* Esc on a changed form asks first; n keeps what was typed. */
static void
test_escape_asks(void **state)
{
	struct screen	*s = start_riverside();
	char		*name, *id, *v;

	(void)state;
	screen_send(s, "e");
	WAIT_TEXT(s, "First name");
	name = screen_between(s, "Edit ", "\u2500");
	assert_non_null(name);
	id = contact_id_named(name);
	assert_non_null(id);
	screen_key(s, SCREEN_KEY_TAB);
	screen_key(s, SCREEN_KEY_TAB);
	screen_send(s, "Kept");
	WAIT_TEXT(s, "Kept");
	screen_key(s, SCREEN_KEY_ESC);
	WAIT_TEXT(s, "Discard your changes?");
	screen_send(s, "n");
	screen_key(s, SCREEN_KEY_END);
	screen_send(s, "Typed");
	WAIT_TEXT(s, "KeptTyped");
	screen_key(s, SCREEN_KEY_ESC);
	WAIT_TEXT(s, "Discard your changes?");
	screen_send(s, "y");
	assert_true(screen_wait(s, text_gone, "First name", WAIT_MS));
	v = contact_column(id, "title");
	assert_null(strstr(v, "Kept"));
	free(v);
	free(id);
	free(name);
	quit(s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_edit_validate_and_save),
		cmocka_unit_test(test_unlink_and_undo),
		cmocka_unit_test(test_conflict),
		cmocka_unit_test(test_escape_asks),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
