/* Screen tests: the duplicates view, a pair merged side by side, undone. */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libpq-fe.h>

#include "switchboard/demo.h"
#include "switchboard/util.h"
#include "fixture.h"
#include "screen.h"
#include "testdemo.h"
#include "testroles.h"
#include "testsql.h"

#define KEPT	"Margaret Zzmerge"
#define GONE	"Maggie Zzmerge"

/* Every link of the Zzmerge contacts: "First:organization:role,...". */
static const char links_sql[] = "SELECT coalesce(string_agg(c.first_name "
    "|| ':' || CASE WHEN o.id = $1 THEN 'here' ELSE 'there' END || ':' || "
    "l.role, ',' ORDER BY c.first_name, o.id = $1 DESC, l.role), '') FROM "
    "sb.contacts c JOIN sb.organization_contacts l ON l.contact_id = c.id "
    "JOIN sb.organizations o ON o.id = l.organization_id WHERE c.last_name "
    "= 'Zzmerge' AND c.deleted_at IS NULL AND l.deleted_at IS NULL";

/* The kept contact's title and emails, and how many Zzmerges are left. */
static const char kept_sql[] = "SELECT (SELECT count(*) FROM sb.contacts "
    "WHERE last_name = 'Zzmerge' AND deleted_at IS NULL) || ' ' || "
    "coalesce(c.title, '') || ' ' || (SELECT string_agg(lower(e.address),"
    " ',' ORDER BY lower(e.address)) FROM sb.emails e WHERE e.contact_id "
    "= c.id) "
    "FROM sb.contacts c WHERE c.first_name = 'Margaret' AND c.last_name = "
    "'Zzmerge'";

/* No row of the screen shows both names of the pair. */
static bool
pair_gone(struct screen *s, void *arg)
{
	char	*row;
	bool	 both = false;
	int	 r, rows, cols;

	(void)arg;
	screen_size(s, &rows, &cols);
	for (r = 0; r < rows && !both; r++) {
		row = screen_row(s, r);
		both = strstr(row, KEPT) != NULL && strstr(row, GONE) != NULL &&
		    strstr(row, "Merged") == NULL;
		free(row);
	}
	return (!both);
}

/*
 * A provider admin opens the duplicates view, compares the pair (the
 * contact kept chosen with s), takes the other's title, merges: every
 * link moves, the one at an organization the admin cannot see counted;
 * the pair leaves the view; u in the panes undoes the merge exactly.
 */
static void
test_merge_pair(void **state)
{
	const char	*here[] = { NULL, NULL }, *both[] = { NULL, NULL, NULL };
	struct screen	*s;
	char		*outside, *id, *before;

	(void)state;
	outside = testroles_org_outside(demo.admin, DEMO_ROLE_PROVIDER, 0,
	    NULL);
	here[0] = riverside;
	both[0] = riverside;
	both[1] = outside;
	free(testroles_contact(demo.admin, "Margaret", "Zzmerge", NULL,
	    "billing", here));
	id = testroles_contact(demo.admin, "Maggie", "Zzmerge", NULL,
	    "technical", both);
	testsql_exec(demo.admin, "UPDATE sb.contacts SET title = CASE "
	    "first_name WHEN 'Maggie' THEN 'Head Nurse' ELSE 'Nurse' END "
	    "WHERE last_name = 'Zzmerge'");
	before = testsql_value(demo.admin, links_sql, riverside, NULL);
	assert_string_equal(before, "Maggie:here:technical,"
	    "Maggie:there:technical,Margaret:here:billing");
	s = fixture_start_riverside();
	screen_send(s, "M");
	WAIT_TEXT(s, "Likely the same person (");
	testdemo_wait_row(s, KEPT, GONE);
	testdemo_cursor_to(s, "Zzmerge");
	screen_key(s, SCREEN_KEY_ENTER);
	WAIT_TEXT(s, "Merge into one: ");
	if (!screen_contains(s, "Merge into one: " KEPT " keeps")) {
		screen_send(s, "s");
		WAIT_TEXT(s, "Merge into one: " KEPT " keeps");
	}
	WAIT_TEXT(s, "Kept: " KEPT);
	WAIT_TEXT(s, "+ Maggie.Zzmerge@roles.example");
	WAIT_TEXT(s, "+ an organization you cannot see as");
	/* Margaret's first name, Maggie's title, whichever came first. */
	if (screen_contains(s, "* Maggie")) {
		screen_send(s, " ");
		WAIT_TEXT(s, "* Margaret");
	}
	testdemo_cursor_to(s, "Title");
	if (!screen_contains(s, "* Head Nurse")) {
		screen_send(s, " ");
		WAIT_TEXT(s, "* Head Nurse");
	}
	assert_false(screen_contains(s, "* Maggie"));
	assert_false(screen_contains(s, "* Nurse"));
	screen_key_ctrl(s, 'x');
	WAIT_TEXT(s, "Merge " GONE " into " KEPT "?");
	screen_send(s, "y");
	WAIT_TEXT(s, "Merged " GONE " into " KEPT ": 2 links moved, 1 at "
	    "organizations you cannot see (u undoes)");
	ASSERT_SQL(demo.admin, "Margaret:here:billing,Margaret:here:technical,"
	    "Margaret:there:technical", links_sql, riverside, NULL);
	ASSERT_SQL(demo.admin, "1 Head Nurse maggie.zzmerge@roles.example,"
	    "margaret.zzmerge@roles.example", kept_sql, NULL);
	if (!screen_wait(s, pair_gone, NULL, 10000)) {
		screen_dump(s, stdout);
		fail_msg("the pair merged stayed in the duplicates view");
	}
	screen_key(s, SCREEN_KEY_ESC);
	WAIT_GONE(s, "Likely the same person");
	screen_send(s, "u");
	WAIT_TEXT(s, "Undone: merge of " GONE " into " KEPT);
	ASSERT_SQL(demo.admin, before, links_sql, riverside, NULL);
	ASSERT_SQL(demo.admin, "2 Nurse margaret.zzmerge@roles.example",
	    kept_sql, NULL);
	testdemo_quit(s);
	free(before);
	free(id);
	free(outside);
}

/*
 * Support staff see the pairs they can read but are not offered the
 * merge: Enter says why, and nothing is written.
 */
static void
test_merge_not_for_support(void **state)
{
	struct screen	*s;
	char		*before;

	(void)state;
	before = testsql_value(demo.admin, "SELECT count(*) FROM "
	    "sb.domain_events", NULL);
	s = testdemo_spawn(&demo, DEMO_ROLE_SUPPORT, "C.UTF-8", 36, 130);
	WAIT_TEXT(s, "Organizations (");
	screen_send(s, "M");
	WAIT_TEXT(s, "Likely the same person (");
	screen_key(s, SCREEN_KEY_ENTER);
	WAIT_TEXT(s, "Not for you: only super admins and provider admins "
	    "merge contacts");
	assert_false(screen_contains(s, "Merge into one"));
	ASSERT_SQL(demo.admin, before, "SELECT count(*) FROM "
	    "sb.domain_events", NULL);
	screen_key(s, SCREEN_KEY_ESC);
	WAIT_GONE(s, "Likely the same person");
	testdemo_quit(s);
	free(before);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_merge_pair),
		cmocka_unit_test(test_merge_not_for_support),
	};

	return cmocka_run_group_tests(tests, fixture_setup, fixture_teardown);
}
