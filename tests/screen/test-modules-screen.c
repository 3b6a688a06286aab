/* Screen tests: the program applies a changed module when it starts. */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libpq-fe.h>

#include "switchboard/cluster.h"
#include "switchboard/migrate.h"
#include "switchboard/util.h"
#include "fixture.h"
#include "screen.h"
#include "testdb.h"
#include "testdemo.h"
#include "testsql.h"

/* The checksum the program has for module name. */
static const char *
module_checksum(const char *name)
{
	size_t	i;

	for (i = 0; i < migrate_module_count; i++)
		if (strcmp(migrate_module_list[i].name, name) == 0)
			return migrate_module_list[i].checksum;
	fail_msg("no module %s", name);
	return NULL;
}

/*
 * A database whose numbered migrations are all applied but one of whose
 * modules is older than the program's: the program, started on its
 * embedded cluster, does not take the quick path but applies the module
 * before it shows the directory.
 */
static void
test_changed_module_applied_at_start(void **state)
{
	struct screen	*s;

	(void)state;
	/* First a start with nothing pending, which leaves its person. */
	s = testdemo_spawn_embedded(&demo, 30, 120);
	WAIT_TEXT(s, "Bluewater Health Partners");
	testdemo_quit(s);

	testdemo_server_back(&demo);
	testsql_exec(demo.admin, "UPDATE sb.schema_modules"
	    " SET checksum = 'older' WHERE name = 'search'");

	s = testdemo_spawn_embedded(&demo, 30, 120);
	WAIT_TEXT(s, "Bluewater Health Partners");
	testdemo_quit(s);
	testdemo_server_back(&demo);
	ASSERT_SQL(demo.admin, module_checksum("search"), "SELECT checksum"
	    " FROM sb.schema_modules WHERE name = 'search'");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_changed_module_applied_at_start),
	};

	return cmocka_run_group_tests(tests, fixture_setup,
	    fixture_teardown);
}
