/* What contact commands read alike: the contact named, phones typed. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "switchboard/app.h"
#include "switchboard/cli.h"
#include "switchboard/store-command.h"
#include "switchboard/store.h"
#include "switchboard/util.h"

#include "cli-int.h"

int
cli_contact_exact(struct app *app, const char *word, struct store_grid *g)
{
	struct sb_error	err;

	memset(g, 0, sizeof *g);
	if (store_contact_exact(app->db, word, NULL, CLI_CONTACT_SHOW_MAX, g,
	    &err) != SB_OK) {
		cli_error(&err);
		return (CLI_EXIT_ERROR);
	}
	if (g->rows > 0)
		return (CLI_EXIT_OK);
	cli_say("switchboard: no contact has the id, email or phone \"", word,
	    "\"");
	return (CLI_EXIT_NONE);
}

char *
cli_contact_name(const struct store_contact *c)
{
	return (xasprintf("%s%s%s", c->first_name, *c->first_name != '\0' &&
	    *c->last_name != '\0' ? " " : "", c->last_name));
}

/* Each contact of g on stderr, its id first, to choose from. */
static void
cli_contact_list_ids(struct app *app, const struct store_grid *g)
{
	struct store_rows	 rows;
	struct store_contact	*c;
	struct sb_error		 err;
	char			*line, *name;
	size_t			 i;

	for (i = 0; i < g->rows; i++) {
		if (store_contact_get(app->db, store_grid_cell(g, i, 0), &rows,
		    &err) != SB_OK)
			continue;
		c = rows.rows;
		name = cli_contact_name(c);
		line = xasprintf("%s  %s%s%s%s", c->id, name, *c->owner_org !=
		    '\0' ? " (" : "", c->owner_org, *c->owner_org != '\0' ?
		    ")" : "");
		cli_say("  ", line, "");
		free(line);
		free(name);
		store_rows_free(&rows);
	}
}

int
cli_contact_one(struct app *app, const char *word, struct store_rows *rows)
{
	struct store_grid	g;
	struct sb_error		err;
	int			rc;

	memset(rows, 0, sizeof *rows);
	if ((rc = cli_contact_exact(app, word, &g)) != CLI_EXIT_OK)
		goto out;
	if (g.rows > 1) {
		cli_say("switchboard: \"", word, "\" names more than one "
		    "contact:");
		cli_contact_list_ids(app, &g);
		fputs("switchboard: give the id of the one you mean\n",
		    stderr);
		rc = CLI_EXIT_ERROR;
	} else if (store_contact_get(app->db, store_grid_cell(&g, 0, 0),
	    rows, &err) != SB_OK) {
		cli_error(&err);
		rc = CLI_EXIT_ERROR;
	} else if (rows->count == 0) {
		cli_say("switchboard: no contact has the id, email or phone \"",
		    word, "\"");
		rc = CLI_EXIT_NONE;
	}
out:
	store_grid_free(&g);
	return (rc);
}

int
cli_contact_refused(const char *name, const char *what,
    const struct sb_error *err)
{
	char	buf[SB_ERROR_MESSAGE_MAX + SB_ERROR_HINT_MAX + 8], *line;

	if (err->status == SB_CONFLICT)
		line = xasprintf("%s changed while this was being done; "
		    "nothing was %s (try again)", name, what);
	else
		line = xasprintf("%s was not %s: %s", name, what,
		    sb_error_format(err, buf, sizeof buf));
	cli_say("switchboard: ", line, "");
	free(line);
	return (CLI_EXIT_ERROR);
}

int
cli_contact_phones(struct cli_opts *o, int list,
    struct store_phone_input *phones)
{
	const char	*arg;
	char		*colon;
	size_t		 i;

	for (i = 0; i < o->nlist[list]; i++) {
		arg = o->list[list][i];
		colon = strchr(arg, ':');
		if (colon == NULL || colon == arg) {
			cli_say("switchboard: \"", arg, "\" is not TYPE:NUMBER "
			    "(office:+1 217 555 0100)");
			return (CLI_EXIT_USAGE);
		}
		*colon = '\0';
		phones[i].type = arg;
		phones[i].number = colon + 1;
	}
	return (CLI_EXIT_OK);
}
