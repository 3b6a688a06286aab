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

#include "switchboard/demo.h"
#include "switchboard/util.h"
#include "fixture.h"
#include "screen.h"
#include "testdemo.h"
#include "testsql.h"

static void
test_edit_validate_and_save(void **state)
{
	struct screen	*s = fixture_start_riverside();
	char		*name, *id, *v;

	(void)state;
	screen_send(s, "e");
	WAIT_TEXT(s, "First name");
	name = testdemo_between(s, "Edit ", "\u2500");
	assert_non_null(name);
	id = testdemo_riverside_contact(&demo, name);
	assert_non_null(id);
	/* No transaction stays open while the form is open. */
	assert_int_equal(testdemo_idle_in_transaction(&demo,
	    DEMO_ROLE_PROVIDER), 0);
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
	v = fixture_contact_column(id, "last_name");
	assert_string_equal(v, "Zedd");
	free(v);
	v = fixture_contact_column(id, "title");
	assert_non_null(strstr(v, "Chief"));
	free(v);
	/* Undo writes the old values back. */
	screen_send(s, "u");
	WAIT_TEXT(s, "Undone");
	v = fixture_contact_column(id, "first_name || ' ' || last_name");
	assert_string_equal(v, name);
	free(v);
	free(id);
	free(name);
	testdemo_quit(s);
}

/* Unlink the selected contact (named by the question), then undo it. */
static void
test_unlink_and_undo(void **state)
{
	struct screen	*s = fixture_start_riverside();
	const char	*count = "SELECT count(*) FROM sb.organization_contacts "
	    "WHERE contact_id = $1 AND deleted_at IS NULL";
	char		*name, *id, *before, *n;

	(void)state;
	screen_send(s, "x");
	WAIT_TEXT(s, "The contact and its history stay");
	name = testdemo_between(s, "\u2502 Unlink ", " (");
	assert_non_null(name);
	id = testdemo_riverside_contact(&demo, name);
	assert_non_null(id);
	before = testsql_value(demo.admin, count, id, NULL);
	screen_send(s, "y");
	WAIT_TEXT(s, "Unlinked");
	n = testsql_value(demo.admin, count, id, NULL);
	assert_int_equal(atoi(n), atoi(before) - 1);
	free(n);
	/* The contact itself stays. */
	n = fixture_contact_column(id, "deleted_at");
	assert_string_equal(n, "");
	free(n);
	screen_send(s, "u");
	WAIT_TEXT(s, "Undone");
	n = testsql_value(demo.admin, count, id, NULL);
	assert_string_equal(n, before);
	free(n);
	free(before);
	free(id);
	free(name);
	testdemo_quit(s);
}

/* Another session changes the contact while the form is open. */
static void
test_conflict(void **state)
{
	struct screen	*s = fixture_start_riverside(), *s2;
	char		*name, *id, *v;

	(void)state;
	screen_send(s, "e");
	WAIT_TEXT(s, "First name");
	name = testdemo_between(s, "Edit ", "\u2500");
	assert_non_null(name);
	id = testdemo_riverside_contact(&demo, name);
	assert_non_null(id);
	screen_key(s, SCREEN_KEY_TAB);
	screen_key(s, SCREEN_KEY_TAB);
	screen_key_ctrl(s, 'u');
	screen_send(s, "Mine Title");
	/* A second session of the same admin saves first. */
	s2 = fixture_start_riverside();
	screen_send(s2, "e");
	WAIT_TEXT(s2, "First name");
	screen_key(s2, SCREEN_KEY_TAB);
	screen_key(s2, SCREEN_KEY_TAB);
	screen_key_ctrl(s2, 'u');
	screen_send(s2, "Their Title");
	screen_key_ctrl(s2, 'x');
	WAIT_TEXT(s2, "Saved");
	testdemo_quit(s2);
	screen_key_ctrl(s, 'x');
	WAIT_TEXT(s, "Someone else changed this");
	WAIT_TEXT(s, "Their Title");
	WAIT_TEXT(s, "Mine Title");
	/* Take theirs: nothing of mine is left to send. */
	screen_send(s, "t");
	screen_key(s, SCREEN_KEY_ENTER);
	WAIT_TEXT(s, "Their Title");
	v = fixture_contact_column(id, "title");
	assert_string_equal(v, "Their Title");
	free(v);
	/* Again, keeping mine this time: it lands over theirs. */
	screen_send(s, "e");
	WAIT_TEXT(s, "First name");
	screen_key(s, SCREEN_KEY_TAB);
	screen_key(s, SCREEN_KEY_TAB);
	screen_key_ctrl(s, 'u');
	screen_send(s, "Mine Again");
	free(testsql_value(demo.admin, "SELECT sb.contact_update($1, NULL, "
	    "jsonb_build_object('title', 'Theirs Again'))", id, NULL));
	screen_key_ctrl(s, 'x');
	WAIT_TEXT(s, "Someone else changed this");
	WAIT_TEXT(s, "Theirs Again");
	screen_send(s, "m");
	screen_key(s, SCREEN_KEY_ENTER);
	WAIT_TEXT(s, "Saved");
	v = fixture_contact_column(id, "title");
	assert_string_equal(v, "Mine Again");
	free(v);
	free(id);
	free(name);
	testdemo_quit(s);
}

/* Esc on a changed form asks first; n keeps what was typed. */
static void
test_escape_asks(void **state)
{
	struct screen	*s = fixture_start_riverside();
	char		*name, *id, *v;

	(void)state;
	screen_send(s, "e");
	WAIT_TEXT(s, "First name");
	name = testdemo_between(s, "Edit ", "\u2500");
	assert_non_null(name);
	id = testdemo_riverside_contact(&demo, name);
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
	assert_true(screen_wait(s, testdemo_gone, "First name", WAIT_MS));
	v = fixture_contact_column(id, "title");
	assert_null(strstr(v, "Kept"));
	free(v);
	free(id);
	free(name);
	testdemo_quit(s);
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

	return cmocka_run_group_tests(tests, fixture_setup,
	    fixture_teardown);
}
