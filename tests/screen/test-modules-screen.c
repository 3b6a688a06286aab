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
	const char *const	 argv[] = { demo.program, NULL };
	struct screen		*s;
	char			 dir[600];
	const char		*envp[] = { dir, demo.env_home,
	    "TERM=xterm-256color", "LC_ALL=C.UTF-8",
	    "XDG_CONFIG_HOME=/nonexistent", NULL };

	(void)state;
	/* First a start with nothing pending, which leaves its person. */
	PQfinish(demo.admin);
	demo.admin = NULL;
	testdb_stop_server(demo.tdb);
	snprintf(dir, sizeof dir, "SWITCHBOARD_CLUSTER_DIR=%s/cluster",
	    testdb_dir(demo.tdb));
	s = screen_spawn(argv, envp, 30, 120);
	WAIT_TEXT(s, "Bluewater Health Partners");
	testdemo_quit(s);

	testdb_start_server(demo.tdb);
	demo.admin = testdb_connect(demo.tdb, CLUSTER_SUPERUSER);
	testsql_exec(demo.admin, "UPDATE sb.schema_modules"
	    " SET checksum = 'older' WHERE name = 'search'");
	PQfinish(demo.admin);
	demo.admin = NULL;
	testdb_stop_server(demo.tdb);

	s = screen_spawn(argv, envp, 30, 120);
	WAIT_TEXT(s, "Bluewater Health Partners");
	testdemo_quit(s);
	testdb_start_server(demo.tdb);
	demo.admin = testdb_connect(demo.tdb, CLUSTER_SUPERUSER);
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
