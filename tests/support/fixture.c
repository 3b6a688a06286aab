/* Test support: the demo cluster a screen test program shares, set once. */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>

#include "switchboard/demo.h"
#include "switchboard/util.h"
#include "fixture.h"
#include "screen.h"
#include "testroles.h"
#include "testsql.h"

struct testdemo	 demo;
char		*riverside;
struct screen	*shown;
char		*fixture_dir;

int
fixture_setup(void **state)
{
	(void)state;
	testdemo_start(&demo);
	riverside = testroles_org(demo.admin, "Riverside Health");
	return 0;
}

int
fixture_setup_dir(void **state)
{
	fixture_setup(state);
	fixture_dir = xstrdup("/tmp/sb-screen-XXXXXX");
	assert_non_null(mkdtemp(fixture_dir));
	return 0;
}

int
fixture_teardown_dir(void **state)
{
	util_rmtree(fixture_dir);
	free(fixture_dir);
	fixture_dir = NULL;
	return fixture_teardown(state);
}

int
fixture_teardown(void **state)
{
	(void)state;
	free(riverside);
	riverside = NULL;
	shown = NULL;
	testdemo_stop(&demo);
	return 0;
}

struct screen *
fixture_start_riverside(void)
{
	return testdemo_open_org(&demo, DEMO_ROLE_PROVIDER, NULL, 36, 130);
}

struct screen *
fixture_open_riverside(bool contacts)
{
	shown = (contacts ? testdemo_open_org : testdemo_choose_org)(&demo,
	    DEMO_ROLE_PROVIDER, NULL, 40, 130);
	return shown;
}

struct screen *
fixture_start_at(const char *role, const char *name)
{
	struct screen	*s = testdemo_open_org(&demo, role, NULL, 36, 130);

	if (name != NULL)
		testdemo_select(s, name);
	return s;
}

char *
fixture_open_form(struct screen *s, char **name)
{
	char	*id;

	screen_send(s, "e");
	WAIT_TEXT(s, "First name");
	*name = testdemo_between(s, "Edit ", "\u2500");
	assert_non_null(*name);
	id = testdemo_riverside_contact(&demo, *name);
	assert_non_null(id);
	return id;
}

char *
fixture_contact_column(const char *id, const char *column)
{
	char	sql[256];

	snprintf(sql, sizeof sql, "SELECT coalesce((%s)::text, '') FROM "
	    "sb.contacts WHERE id = $1", column);
	return testsql_value(demo.admin, sql, id, NULL);
}

char *
fixture_value(const char *sql, const char *a, const char *b)
{
	return testdemo_value(&demo, sql, a, b);
}

void
fixture_assert_sql(const char *want, const char *sql, const char *a,
    const char *b)
{
	testdemo_assert_sql(&demo, shown, want, sql, a, b);
}
