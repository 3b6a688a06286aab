/* Screen tests: lists sorted by the person's collation, in any locale. */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "switchboard/cluster.h"
#include "switchboard/util.h"
#include "fixture.h"
#include "screen.h"
#include "testdemo.h"
#include "testroles.h"
#include "testsql.h"

/* The provider admin of the organizations below, and nothing else. */
#define ROLE	"collate_sv"

/* Swedish puts å after z; the root order puts it with the a's. */
static const char *const sv_orgs[] = { "Adam Fjord", "Ágnes Fjord",
	"Zeta Fjord", "Åsa Fjord", NULL };
static const char *const root_orgs[] = { "Adam Fjord", "Ágnes Fjord",
	"Åsa Fjord", "Zeta Fjord", NULL };
static const char *const sv_people[] = { "Ágnes Lind", "Bob Lind",
	"Zeta Lind", "Åsa Lind", NULL };
static const char *const root_people[] = { "Ágnes Lind", "Åsa Lind",
	"Bob Lind", "Zeta Lind", NULL };

/*
 * The organizations and, in Adam Fjord, contacts whose order by role
 * (Bob the only billing one, then the technical ones, folded: Ágnes,
 * Åsa, Zeta) is neither order by name.
 */
static int
setup(void **state)
{
	static const char *const first[] = { "Zeta", "Åsa", "Bob", "Ágnes" };
	const char	*orgs[5] = { NULL };
	char		*ids[4], *id;
	size_t		 i;

	fixture_setup_dir(state);
	for (i = 0; i < 4; i++)
		orgs[i] = ids[i] = testsql_value(demo.admin, "SELECT "
		    "sb.organization_create($1, 'provider')", root_orgs[3 - i],
		    NULL);
	testroles_admin(demo.admin, ROLE, orgs);
	for (i = 0; i < 4; i++) {
		id = testsql_value(demo.admin, "SELECT sb.contact_create($1, "
		    "'Lind', owner_organization_id => $2)", first[i],
		    ids[3], NULL);
		free(testsql_value(demo.admin, "SELECT "
		    "sb.organization_contact_link($1, $2, $3)", ids[3], id,
		    i == 2 ? "billing" : "technical", NULL));
		free(id);
	}
	for (i = 0; i < 4; i++)
		free(ids[i]);
	return 0;
}

/*
 * The program as ROLE with the environment's locale variables env (then
 * LC_* unset), config.yaml text (NULL: none) in the configuration
 * directory.
 */
static struct screen *
collate_spawn(const char *env1, const char *env2, const char *config)
{
	const char *const	 argv[] = { demo.program, NULL };
	char			 xdg[600], *dir, *path;
	const char		*envp[] = { demo.env_host, demo.env_port,
	    "PGDATABASE=" CLUSTER_DATABASE, "PGUSER=" ROLE, demo.env_home,
	    "TERM=xterm-256color", xdg, env1, env2, NULL };
	FILE			*f;

	snprintf(xdg, sizeof xdg, "XDG_CONFIG_HOME=%s", config != NULL ?
	    fixture_dir : "/nonexistent");
	if (config != NULL) {
		dir = util_path_join(fixture_dir, "switchboard");
		assert_int_equal(util_mkdir_p(dir, 0700), 0);
		path = util_path_join(dir, "config.yaml");
		assert_non_null(f = fopen(path, "w"));
		fputs(config, f);
		assert_int_equal(fclose(f), 0);
		free(path);
		free(dir);
	}
	return screen_spawn(argv, envp, 36, 130);
}

/* Whether the names (arg) show in that order from the top of the screen. */
static bool
collate_in_order(struct screen *s, void *arg)
{
	const char *const	*names = arg;
	int			 prev = -1, row;
	size_t			 i;

	for (i = 0; names[i] != NULL; i++) {
		if ((row = screen_find_row(s, names[i])) <= prev)
			return false;
		prev = row;
	}
	return true;
}

/* Wait for names in that order (the rows may come after the title). */
static void
collate_expect(struct screen *s, const char *const *names)
{
	if (!screen_wait(s, collate_in_order, (void *)names, WAIT_MS)) {
		screen_dump(s, stdout);
		fail_msg("never saw \"%s\", \"%s\"... in that order", names[0],
		    names[1]);
	}
}

/* The organizations in order, then the contacts of the first by name. */
static void
collate_check(struct screen *s, const char *const *orgs,
    const char *const *people)
{
	WAIT_TEXT(s, "Organizations (4)");
	collate_expect(s, orgs);
	screen_key(s, SCREEN_KEY_TAB);
	WAIT_TEXT(s, "Name      ");
	collate_expect(s, (const char *const[]){ "Bob Lind", "Ágnes Lind",
	    "Åsa Lind", "Zeta Lind", NULL });
	/* Ágnes, first by name, in the details too: her rows come first. */
	screen_key(s, SCREEN_KEY_DOWN);
	if (!screen_wait(s, testdemo_details_of, "Ágnes Lind", WAIT_MS)) {
		screen_dump(s, stdout);
		fail_msg("the details never showed Ágnes Lind");
	}
	screen_send(s, "o");
	WAIT_TEXT(s, "by name");
	collate_expect(s, people);
	testdemo_quit(s);
}

/*
 * A Swedish collation the machine lacks (only C and C.UTF-8 here): the
 * lists follow it all the same, and the screen stays UTF-8 ("Å" drawn,
 * not escaped), the character type coming from LANG.
 */
static void
test_swedish_from_locale(void **state)
{
	(void)state;
	shown = collate_spawn("LANG=C.UTF-8", "LC_COLLATE=sv_SE.UTF-8",
	    NULL);
	collate_check(shown, sv_orgs, sv_people);
}

/* Only a missing Swedish locale asked for: UTF-8 all the same. */
static void
test_swedish_lang_only(void **state)
{
	(void)state;
	shown = collate_spawn("LANG=sv_SE.UTF-8", NULL, NULL);
	collate_check(shown, sv_orgs, sv_people);
}

/* config.yaml's collation wins over the locale. */
static void
test_swedish_from_config(void **state)
{
	(void)state;
	shown = collate_spawn("LC_ALL=C.UTF-8", NULL, "collation: sv-SE\n");
	collate_check(shown, sv_orgs, sv_people);
}

/* The C locale and no setting: the root order, Ágnes with the As. */
static void
test_root_order(void **state)
{
	(void)state;
	shown = collate_spawn("LC_ALL=C.UTF-8", NULL, NULL);
	collate_check(shown, root_orgs, root_people);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_swedish_from_locale),
		cmocka_unit_test(test_swedish_lang_only),
		cmocka_unit_test(test_swedish_from_config),
		cmocka_unit_test(test_root_order),
	};

	return cmocka_run_group_tests(tests, setup, fixture_teardown_dir);
}
