/* Screen tests: a linked contact's role, deleting contacts, add by name. */
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
#include "screen.h"
#include "testdemo.h"
#include "testroles.h"
#include "testsql.h"

#define ASSERT_SQL(conn, want, ...) do {				\
	char	*v_ = testsql_value((conn), __VA_ARGS__, NULL);		\
	if (v_ == NULL)							\
		fail_msg("no value, wanted %s", (want));		\
	assert_string_equal(v_, (want));				\
	free(v_);							\
} while (0)

static struct testdemo	 demo;
static char		*riverside;

/* The contact's active links to Riverside: "role:primary,...". */
static const char	links_sql[] = "SELECT coalesce(string_agg(role || "
    "':' || is_primary, ',' ORDER BY role), '') FROM "
    "sb.organization_contacts WHERE organization_id = $1 AND contact_id = "
    "$2 AND deleted_at IS NULL";

static int
setup(void **state)
{
	(void)state;
	testdemo_start(&demo);
	riverside = testroles_org(demo.admin, "Riverside Health");
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	free(riverside);
	testdemo_stop(&demo);
	return 0;
}

/* Riverside Health's contacts as role, the one called name selected. */
static struct screen *
start_at(const char *role, const char *name)
{
	struct screen	*s = testdemo_spawn(&demo, role, "C.UTF-8", 36, 130);
	char		*email;

	WAIT_TEXT(s, "Riverside Health");
	screen_send(s, "/Riverside");
	screen_key(s, SCREEN_KEY_ENTER);
	screen_key(s, SCREEN_KEY_TAB);
	WAIT_TEXT(s, "Name      ");
	if (name != NULL) {
		screen_send(s, "/");
		screen_send(s, name);
		screen_key(s, SCREEN_KEY_ENTER);
		WAIT_TEXT(s, name);
		/* The details follow the selection: its email shows. */
		email = xasprintf("%s@", name);
		*strchr(email, ' ') = '.';
		WAIT_TEXT(s, email);
		free(email);
	}
	return s;
}

struct row_want {
	const char	*name;
	const char	*want;
};

static bool
row_has(struct screen *s, void *arg)
{
	const struct row_want	*w = arg;
	char			*text;
	bool			 r = false;
	int			 row, rows, cols;

	screen_size(s, &rows, &cols);
	for (row = 0; row < rows && !r; row++) {
		text = screen_row(s, row);
		r = strstr(text, w->name) != NULL &&
		    strstr(text, w->want) != NULL;
		free(text);
	}
	return r;
}

/* Wait until a row shows both name and want (a pane's row). */
static void
wait_row(struct screen *s, const char *name, const char *want)
{
	struct row_want	w = { name, want };

	if (!screen_wait(s, row_has, &w, WAIT_MS)) {
		screen_dump(s, stdout);
		fail_msg("the row of %s never showed %s", name, want);
	}
}

/* Change the role in the form, see it in the pane, undo it. */
static void
test_role_change_and_undo(void **state)
{
	const char	*here[] = { riverside, NULL };
	struct screen	*s;
	char		*id;

	(void)state;
	id = testroles_contact(demo.admin, "Rolf", "Rolechange", NULL,
	    "stakeholder", here);
	s = start_at(DEMO_ROLE_PROVIDER, "Rolf Rolechange");
	screen_send(s, "e");
	WAIT_TEXT(s, "Edit Rolf Rolechange");
	WAIT_TEXT(s, "Primary for role");
	screen_key(s, SCREEN_KEY_BTAB);
	screen_key(s, SCREEN_KEY_BTAB);		/* Role here */
	screen_send(s, " ");			/* stakeholder -> admin */
	WAIT_TEXT(s, "< admin >");
	screen_key_ctrl(s, 'x');
	WAIT_TEXT(s, "Role here: admin, was stakeholder");
	ASSERT_SQL(demo.admin, "admin:false", links_sql, riverside, id);
	/* The contacts pane shows the new role once it has reloaded. */
	wait_row(s, "Rolf Rolechange", "admin");
	screen_send(s, "u");
	WAIT_TEXT(s, "Undone: role change of Rolf Rolechange");
	ASSERT_SQL(demo.admin, "stakeholder:false", links_sql, riverside, id);
	assert_int_equal(testdemo_idle_in_transaction(&demo,
	    DEMO_ROLE_PROVIDER), 0);
	free(id);
	testdemo_quit(s);
}

/*
 * Primary for a role another contact holds: the question names both, then
 * the role and the mark move in one transaction.
 */
static void
test_role_primary_move(void **state)
{
	const char	*here[] = { riverside, NULL };
	struct screen	*s;
	char		*id, *holder, *name;

	(void)state;
	id = testroles_contact(demo.admin, "Prim", "Rosemover", NULL,
	    "stakeholder", here);
	holder = testsql_value(demo.admin, "SELECT contact_id FROM "
	    "sb.organization_contacts WHERE organization_id = $1 AND role = "
	    "'technical' AND is_primary AND deleted_at IS NULL", riverside,
	    NULL);
	assert_non_null(holder);
	name = testsql_value(demo.admin, "SELECT first_name || ' ' || "
	    "last_name FROM sb.contacts WHERE id = $1", holder, NULL);
	s = start_at(DEMO_ROLE_PROVIDER, "Prim Rosemover");
	screen_send(s, "e");
	WAIT_TEXT(s, "Edit Prim Rosemover");
	WAIT_TEXT(s, "Primary for role");
	screen_key(s, SCREEN_KEY_BTAB);
	screen_key(s, SCREEN_KEY_BTAB);
	screen_send(s, "   ");		/* admin, billing, technical */
	WAIT_TEXT(s, "< technical >");
	screen_key(s, SCREEN_KEY_TAB);
	screen_send(s, " ");
	WAIT_TEXT(s, "[x]");
	screen_key_ctrl(s, 'x');
	WAIT_TEXT(s, "Move the mark to Prim Rosemover?");
	WAIT_TEXT(s, name);
	/* Nothing is written before the answer. */
	ASSERT_SQL(demo.admin, "stakeholder:false", links_sql, riverside, id);
	screen_send(s, "y");
	WAIT_TEXT(s, "Role here: technical, primary, was stakeholder");
	ASSERT_SQL(demo.admin, "technical:true", links_sql, riverside, id);
	ASSERT_SQL(demo.admin, "technical:false", links_sql, riverside,
	    holder);
	/* Linked, unlinked and the mark moved: one transaction. */
	ASSERT_SQL(demo.admin, "4", "SELECT count(*) FROM sb.domain_events "
	    "WHERE stream_id = $1 AND xmin = (SELECT xmin FROM "
	    "sb.domain_events WHERE stream_id = $1 ORDER BY stream_version "
	    "DESC LIMIT 1)", riverside);
	wait_row(s, "Prim Rosemover", "technical");
	/* The undo gives the old role back and the mark to its holder. */
	screen_send(s, "u");
	WAIT_TEXT(s, "Undone: role change of Prim Rosemover");
	ASSERT_SQL(demo.admin, "stakeholder:false", links_sql, riverside, id);
	ASSERT_SQL(demo.admin, "technical:true", links_sql, riverside, holder);
	free(id);
	free(holder);
	free(name);
	testdemo_quit(s);
}

/* An undo after someone else changed the link since: refused. */
static void
test_role_undo_refused(void **state)
{
	const char	*here[] = { riverside, NULL };
	struct screen	*s;
	char		*id;

	(void)state;
	id = testroles_contact(demo.admin, "Ursa", "Undoblock", NULL,
	    "stakeholder", here);
	s = start_at(DEMO_ROLE_PROVIDER, "Ursa Undoblock");
	screen_send(s, "e");
	WAIT_TEXT(s, "Primary for role");
	screen_key(s, SCREEN_KEY_BTAB);
	screen_key(s, SCREEN_KEY_BTAB);
	screen_send(s, " ");
	WAIT_TEXT(s, "< admin >");
	screen_key_ctrl(s, 'x');
	WAIT_TEXT(s, "Role here: admin, was stakeholder");
	/* Someone else links it in another role meanwhile. */
	free(testsql_value(demo.admin, "SELECT sb.organization_contact_link("
	    "$1, $2, 'billing')", riverside, id, NULL));
	screen_send(s, "u");
	WAIT_TEXT(s, "link changed since your change");
	ASSERT_SQL(demo.admin, "admin:false,billing:false", links_sql,
	    riverside, id);
	free(id);
	testdemo_quit(s);
}

/*
 * Linked by organizations besides its owner: refused with the list, names
 * of those the admin sees and a count of the others.
 */
static void
test_delete_refused(void **state)
{
	const char	*orgs[4], *two[3];
	struct screen	*s;
	char		*o1, *o2, *n1, *n2, *id;

	(void)state;
	o1 = testroles_org_outside(demo.admin, DEMO_ROLE_PROVIDER, 0, &n1);
	o2 = testroles_org_outside(demo.admin, DEMO_ROLE_PROVIDER, 1, &n2);
	orgs[0] = riverside;
	orgs[1] = o1;
	orgs[2] = o2;
	orgs[3] = NULL;
	id = testroles_contact(demo.admin, "Dora", "Deletelinked", riverside,
	    "billing", orgs);
	s = start_at(DEMO_ROLE_PROVIDER, "Dora Deletelinked");
	screen_send(s, "D");
	WAIT_TEXT(s, "Cannot delete Dora Deletelinked");
	WAIT_TEXT(s, "2 organizations you cannot see");
	assert_false(screen_contains(s, n1));
	assert_false(screen_contains(s, n2));
	screen_send(s, "q");		/* closes the list, not the program */
	WAIT_TEXT(s, "Riverside Health");
	assert_false(screen_contains(s, "Cannot delete"));
	testdemo_quit(s);
	/* An admin of o1 as well sees it named. */
	two[0] = riverside;
	two[1] = o1;
	two[2] = NULL;
	testroles_admin(demo.admin, "roles_screen_two", two);
	s = start_at("roles_screen_two", "Dora Deletelinked");
	screen_send(s, "D");
	WAIT_TEXT(s, "Cannot delete Dora Deletelinked");
	WAIT_TEXT(s, "and 1 organization you cannot see");
	WAIT_TEXT(s, n1);
	assert_false(screen_contains(s, n2));
	screen_send(s, "x");
	testdemo_quit(s);
	ASSERT_SQL(demo.admin, "f", "SELECT deleted_at IS NOT NULL FROM "
	    "sb.contacts WHERE id = $1", id);
	free(o1);
	free(o2);
	free(n1);
	free(n2);
	free(id);
}

/* Only its owner links it: the question, then it is gone. */
static void
test_delete_owned(void **state)
{
	const char	*here[] = { riverside, NULL };
	struct screen	*s;
	char		*id;

	(void)state;
	id = testroles_contact(demo.admin, "Olga", "Ownedonly", riverside,
	    "technical", here);
	s = start_at(DEMO_ROLE_PROVIDER, "Olga Ownedonly");
	screen_send(s, "D");
	WAIT_TEXT(s, "Delete Olga Ownedonly?");
	WAIT_TEXT(s, "Its links to Riverside Health go with it; its history "
	    "stays.");
	WAIT_TEXT(s, "Undo cannot bring it back. (y/n)");
	ASSERT_SQL(demo.admin, "f", "SELECT deleted_at IS NOT NULL FROM "
	    "sb.contacts WHERE id = $1", id);
	screen_send(s, "y");
	WAIT_TEXT(s, "Deleted Olga Ownedonly; its history stays");
	ASSERT_SQL(demo.admin, "t", "SELECT deleted_at IS NOT NULL FROM "
	    "sb.contacts WHERE id = $1", id);
	ASSERT_SQL(demo.admin, "", links_sql, riverside, id);
	assert_int_equal(testdemo_idle_in_transaction(&demo,
	    DEMO_ROLE_PROVIDER), 0);
	free(id);
	testdemo_quit(s);
}

/* A contact in scope found by name and linked; one out of scope never. */
static void
test_add_by_name(void **state)
{
	const char	*here[] = { riverside, NULL }, *there[2];
	struct screen	*s;
	char		*id, *far, *out;

	(void)state;
	out = testroles_org_outside(demo.admin, DEMO_ROLE_PROVIDER, 2, NULL);
	there[0] = out;
	there[1] = NULL;
	id = testroles_contact(demo.admin, "Quinn", "Namefindme", NULL,
	    "stakeholder", here);
	far = testroles_contact(demo.admin, "Quinn", "Farawayname", NULL,
	    "stakeholder", there);
	s = start_at(DEMO_ROLE_PROVIDER, NULL);
	screen_send(s, "L");
	WAIT_TEXT(s, "Add existing contact");
	screen_key(s, SCREEN_KEY_BTAB);		/* Name */
	screen_send(s, "Namefind");
	WAIT_TEXT(s, "Quinn.Namefindme@roles.example");
	assert_int_equal(testdemo_idle_in_transaction(&demo,
	    DEMO_ROLE_PROVIDER), 0);
	screen_key(s, SCREEN_KEY_ENTER);
	WAIT_TEXT(s, "Linked Quinn Namefindme as billing");
	ASSERT_SQL(demo.admin, "billing:false,stakeholder:false", links_sql,
	    riverside, id);
	screen_send(s, "u");
	WAIT_TEXT(s, "Undone: link of Quinn Namefindme");
	ASSERT_SQL(demo.admin, "stakeholder:false", links_sql, riverside, id);
	/* Out of scope: the name finds nothing, and saving links nothing. */
	screen_send(s, "L");
	WAIT_TEXT(s, "Add existing contact");
	screen_key(s, SCREEN_KEY_BTAB);
	screen_send(s, "Farawayname");
	WAIT_TEXT(s, "No contact you can see has that name");
	screen_key_ctrl(s, 'x');
	WAIT_TEXT(s, "others are found only by exact email or phone");
	ASSERT_SQL(demo.admin, "", links_sql, riverside, far);
	screen_key(s, SCREEN_KEY_ESC);
	screen_send(s, "y");
	free(id);
	free(far);
	free(out);
	testdemo_quit(s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_role_change_and_undo),
		cmocka_unit_test(test_role_primary_move),
		cmocka_unit_test(test_role_undo_refused),
		cmocka_unit_test(test_delete_refused),
		cmocka_unit_test(test_delete_owned),
		cmocka_unit_test(test_add_by_name),
	};

	if (getenv("ROLES_FILTER") != NULL)
		cmocka_set_test_filter(getenv("ROLES_FILTER"));
	return cmocka_run_group_tests(tests, setup, teardown);
}
