/* The whoami and access subcommands: who a login is, who may do what. */
#include "config.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "switchboard/app.h"
#include "switchboard/cli.h"
#include "switchboard/out.h"
#include "switchboard/store.h"
#include "switchboard/util.h"

#include "cli-int.h"

/* The kinds of access: as the command line and as the database say. */
static const struct {
	const char	*word;
	const char	*kind;
	const char	*label;
} cli_access_kinds[] = {
	{ "super-admin", "super_admin", "super admin" },
	{ "provider-admin", "provider_admin", "provider admin" },
	{ "support", "support", "support" },
	{ "partner-admin", "partner_admin", "partner admin" },
};

/* The label of a database kind ("none" for one it does not know). */
static const char *
cli_access_label(const char *kind)
{
	size_t	i;

	for (i = 0; i < SB_ARRAY_LEN(cli_access_kinds); i++)
		if (strcmp(kind, cli_access_kinds[i].kind) == 0)
			return (cli_access_kinds[i].label);
	return ("none");
}

/*
 * What a membership covers, from a row of kind, organization name and
 * whether it names one (columns from col on). Caller frees.
 */
static char *
cli_access_scope(const struct store_grid *g, size_t row, size_t col)
{
	const char	*kind = store_grid_cell(g, row, col);
	const char	*org = store_grid_cell(g, row, col + 1);

	if (strcmp(kind, "none") == 0)
		return (xstrdup("nothing"));
	if (strcmp(store_grid_cell(g, row, col + 2), "no") == 0)
		return (xstrdup("every organization"));
	if (*org == '\0')
		org = "an organization hidden from this login";
	if (strcmp(kind, "partner_admin") == 0)
		return (xasprintf("%s and the organizations it referred",
		    org));
	return (xstrdup(org));
}

/* g's rows as login, kind, scope (from column col of g) into t. */
static void
cli_access_rows(struct out_table *t, const struct store_grid *g,
    size_t col)
{
	const char	*cells[3];
	char		*scope;
	size_t		 r;

	for (r = 0; r < g->rows; r++) {
		scope = cli_access_scope(g, r, col);
		cells[0] = store_grid_cell(g, r, 0);
		cells[1] = cli_access_label(store_grid_cell(g, r, col));
		cells[2] = scope;
		out_table_add(t, cells);
		free(scope);
	}
}

int
cli_whoami(struct app *app, int argc, char **argv)
{
	static const struct cli_spec spec = { .usage = "whoami"
	    " [--format text|csv|tsv|json] [--raw] [--as ROLE]",
	    .formats = CLI_FMT_TABLES };
	static const char *const cols[] = { "login", "kind", "scope" };
	struct cli_opts		 o = { .format = OUT_TEXT };
	struct store_grid	 g;
	struct out_table	*t;
	struct sb_error		 err;
	int			 rc;

	if ((rc = cli_start(app, &spec, argc, argv, &o)) != CLI_EXIT_OK)
		return (rc == CLI_PARSE_DONE ? CLI_EXIT_OK : rc);
	if (store_whoami(app->db, &g, &err) != SB_OK) {
		cli_error(&err);
		app_close(app);
		return (CLI_EXIT_ERROR);
	}
	t = out_table_create(cols, SB_ARRAY_LEN(cols));
	cli_access_rows(t, &g, 1);
	rc = cli_emit(t, &o, 0, NULL);
	out_table_free(t);
	store_grid_free(&g);
	app_close(app);
	return (rc);
}
