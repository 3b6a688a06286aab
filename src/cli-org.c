/* The org subcommand: add, list, edit, archive and restore organizations. */
#include "config.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "switchboard/app.h"
#include "switchboard/cli.h"
#include "switchboard/out.h"
#include "switchboard/store.h"
#include "switchboard/store-command.h"
#include "switchboard/util.h"

#include "cli-int.h"

/* The kinds of organization, as sql/045-baseline.sql defines them. */
static const char *const cli_org_kinds[] = { "provider", "partner",
    "platform" };

void
cli_org_clear(struct cli_org *org)
{
	free(org->id);
	free(org->name);
	memset(org, 0, sizeof *org);
}

int
cli_org_find(struct app *app, const char *name, struct cli_org *org)
{
	struct store_grid	g;
	struct sb_error		err;

	memset(org, 0, sizeof *org);
	if (store_org_named(app->db, name, &g, &err) != SB_OK) {
		cli_error(&err);
		return (CLI_EXIT_ERROR);
	}
	if (g.rows == 0) {
		cli_say("switchboard: no organization is called \"", name,
		    "\"");
		store_grid_free(&g);
		return (CLI_EXIT_NONE);
	}
	org->id = xstrdup(store_grid_cell(&g, 0, 0));
	org->name = xstrdup(store_grid_cell(&g, 0, 1));
	org->version = strtol(store_grid_cell(&g, 0, 3), NULL, 10);
	store_grid_free(&g);
	return (CLI_EXIT_OK);
}

/* Say what was done: "Created organization "X".". */
static void
cli_org_done(const char *verb, const char *name)
{
	char	*before = xasprintf("%s organization \"", verb);

	cli_done(before, name, "\".");
	free(before);
}

/* The id of partner (a name; "" for none) into *id (NULL for none). */
static int
cli_org_partner(struct app *app, const char *partner, char **id)
{
	struct cli_org	p;
	int		rc;

	*id = NULL;
	if (partner == NULL || *partner == '\0')
		return (CLI_EXIT_OK);
	if ((rc = cli_org_find(app, partner, &p)) != CLI_EXIT_OK)
		return (rc);
	*id = p.id;
	p.id = NULL;
	cli_org_clear(&p);
	return (CLI_EXIT_OK);
}

static int
cli_org_add(struct app *app, int argc, char **argv)
{
	static const char *const values[] = { "kind", "referred-by", NULL };
	static const struct cli_spec spec = { .usage = "org add NAME"
	    " [--kind provider|partner|platform] [--referred-by PARTNER]",
	    .nargs = 1, .writes = true, .values = values };
	struct cli_opts		 o = { .format = OUT_TEXT };
	struct store_result	 res;
	struct sb_error		 err;
	const char		*kind;
	char			 cmd[STORE_UUID_LEN + 1], *partner = NULL;
	int			 rc;

	if ((rc = cli_start(app, &spec, argc, argv, &o)) != CLI_EXIT_OK)
		return (rc == CLI_PARSE_DONE ? CLI_EXIT_OK : rc);
	kind = o.value[0] != NULL ? o.value[0] : "provider";
	if ((rc = cli_word_check("kind", kind, cli_org_kinds,
	    SB_ARRAY_LEN(cli_org_kinds))) != CLI_EXIT_OK ||
	    (rc = cli_org_partner(app, o.value[1], &partner)) != CLI_EXIT_OK)
		goto out;
	store_command_id_new(cmd);
	if (store_org_create(app->db, cmd, o.args[0], kind, NULL, partner,
	    &res, &err) != SB_OK) {
		cli_error(&err);
		rc = CLI_EXIT_ERROR;
		goto out;
	}
	cli_org_done("Created", o.args[0]);
out:
	free(partner);
	app_close(app);
	return (rc);
}

/* The list's table: whether it is archived, a truth value. */
static struct out_table *
cli_org_list_table(const struct store_grid *g, const char *const *cols,
    size_t n)
{
	struct out_table	*t = cli_grid_table(g, cols, n);

	out_table_set_truth(t, n - 1);
	return (t);
}

static int
cli_org_list(struct app *app, int argc, char **argv)
{
	static const char *const flags[] = { "all", NULL };
	static const struct cli_spec spec = { .usage = "org list [--all]"
	    " [--format text|csv|tsv|json] [--raw]",
	    .formats = CLI_FMT_TABLES, .flags = flags };
	static const char *const cols[] = { "name", "kind", "referred_by",
	    "archived" };
	struct cli_opts		 o = { .format = OUT_TEXT };
	struct store_grid	 g;
	struct sb_error		 err;
	int			 rc;

	if ((rc = cli_start(app, &spec, argc, argv, &o)) != CLI_EXIT_OK)
		return (rc == CLI_PARSE_DONE ? CLI_EXIT_OK : rc);
	if (store_org_list(app->db, o.flag[0], &g, &err) != SB_OK) {
		cli_error(&err);
		rc = CLI_EXIT_ERROR;
	} else
		rc = cli_emit_rows(cli_org_list_table(&g, cols,
		    SB_ARRAY_LEN(cols)), &o, g.rows, "no organizations");
	store_grid_free(&g);
	app_close(app);
	return (rc);
}

/* One row of org show: what, its type, its value, where. */
static void
cli_org_show_row(struct out_table *t, const char *what, const char *type,
    const char *value, const char *where)
{
	const char	*cells[4] = { what, type, value, where };

	out_table_add(t, cells);
}

/*
 * org show NAME: what it is and who referred it, its own phones (with
 * where they ring: "the fax for Midtown"), its addresses and its primary
 * contact per role, a row each.
 */
static int
cli_org_show(struct app *app, int argc, char **argv)
{
	static const struct cli_spec spec = { .usage = "org show NAME"
	    " [--format text|csv|tsv|json] [--raw]",
	    .formats = CLI_FMT_TABLES, .nargs = 1 };
	static const char *const cols[] = { "what", "type", "value",
	    "where" };
	struct cli_opts		 o = { .format = OUT_TEXT };
	struct cli_org		 org;
	struct store_rows	 rows = { .count = 0 };
	struct store_org_detail	*d;
	struct store_item	*it;
	struct out_table	*t;
	struct sb_error		 err;
	char			*v;
	size_t			 i;
	int			 rc;

	if ((rc = cli_start(app, &spec, argc, argv, &o)) != CLI_EXIT_OK)
		return (rc == CLI_PARSE_DONE ? CLI_EXIT_OK : rc);
	if ((rc = cli_org_find(app, o.args[0], &org)) != CLI_EXIT_OK)
		goto out;
	if (store_org_get(app->db, org.id, &rows, &err) != SB_OK) {
		cli_error(&err);
		rc = CLI_EXIT_ERROR;
		goto out;
	}
	if (rows.count == 0) {
		cli_say("switchboard: no organization is called \"", o.args[0],
		    "\"");
		rc = CLI_EXIT_NONE;
		goto out;
	}
	d = rows.rows;
	t = out_table_create(cols, SB_ARRAY_LEN(cols));
	cli_org_show_row(t, "organization", d->kind, d->name, d->partner);
	for (i = 0; i < d->item_count; i++) {
		it = &d->items[i];
		v = *it->extra != '\0' && strcmp(it->kind, "phone") == 0 ?
		    xasprintf("%s x%s", it->text, it->extra) :
		    xstrdup(it->text);
		cli_org_show_row(t, it->kind, it->type, v,
		    strcmp(it->kind, "phone") == 0 ? it->place : it->extra);
		free(v);
	}
	for (i = 0; i < d->primary_count; i++)
		cli_org_show_row(t, "primary", d->primaries[i].role,
		    d->primaries[i].name, "");
	rc = cli_emit(t, &o, 0, NULL);
	out_table_free(t);
out:
	store_rows_free(&rows);
	cli_org_clear(&org);
	app_close(app);
	return (rc);
}

/*
 * Apply ch to org at the version read; say what happened ("VERB
 * organization "SHOWN"."), or that it was already so (the name, then
 * same).
 */
static int
cli_org_change(struct app *app, const struct cli_org *org,
    const struct store_changes *ch, const char *verb, const char *shown,
    const char *same)
{
	struct store_result	res;
	struct sb_error		err;
	char			cmd[STORE_UUID_LEN + 1];

	store_command_id_new(cmd);
	if (store_org_update(app->db, cmd, org->id, org->version, ch, &res,
	    NULL, &err) != SB_OK) {
		cli_error(&err);
		return (CLI_EXIT_ERROR);
	}
	if (!res.changed)
		cli_say("switchboard: \"", org->name, same);
	else
		cli_org_done(verb, shown);
	return (CLI_EXIT_OK);
}

static int
cli_org_edit(struct app *app, int argc, char **argv)
{
	static const char *const values[] = { "name", "kind", "referred-by",
	    NULL };
	static const struct cli_spec spec = { .usage = "org edit NAME"
	    " [--name NEW] [--kind provider|partner|platform]"
	    " [--referred-by PARTNER|\"\"]", .nargs = 1, .writes = true,
	    .values = values };
	struct cli_opts		o = { .format = OUT_TEXT };
	struct store_changes	ch;
	struct cli_org		org = { .id = NULL };
	char			*partner = NULL;
	int			 rc;

	if ((rc = cli_start(app, &spec, argc, argv, &o)) != CLI_EXIT_OK)
		return (rc == CLI_PARSE_DONE ? CLI_EXIT_OK : rc);
	store_changes_init(&ch);
	if (o.value[0] == NULL && o.value[1] == NULL && o.value[2] == NULL)
		rc = cli_usage(&spec);
	else if (o.value[1] != NULL)
		rc = cli_word_check("kind", o.value[1], cli_org_kinds,
		    SB_ARRAY_LEN(cli_org_kinds));
	if (rc != CLI_EXIT_OK ||
	    (rc = cli_org_find(app, o.args[0], &org)) != CLI_EXIT_OK ||
	    (rc = cli_org_partner(app, o.value[2], &partner)) != CLI_EXIT_OK)
		goto out;
	if (o.value[0] != NULL)
		store_changes_set(&ch, "name", o.value[0]);
	if (o.value[1] != NULL)
		store_changes_set(&ch, "kind", o.value[1]);
	if (o.value[2] != NULL)
		store_changes_set(&ch, "referring_partner_id", partner);
	rc = cli_org_change(app, &org, &ch, "Changed", o.value[0] != NULL ?
	    o.value[0] : org.name, "\" has nothing to change");
out:
	store_changes_clear(&ch);
	cli_org_clear(&org);
	free(partner);
	app_close(app);
	return (rc);
}

/* org archive NAME and org restore NAME: active set to active. */
static int
cli_org_set_active(struct app *app, int argc, char **argv, bool active)
{
	static const struct cli_spec archive = { .usage = "org archive NAME",
	    .nargs = 1, .writes = true };
	static const struct cli_spec restore = { .usage = "org restore NAME",
	    .nargs = 1, .writes = true };
	struct cli_opts		o = { .format = OUT_TEXT };
	struct store_changes	ch;
	struct cli_org		org = { .id = NULL };
	int			rc;

	rc = cli_start(app, active ? &restore : &archive, argc, argv, &o);
	if (rc != CLI_EXIT_OK)
		return (rc == CLI_PARSE_DONE ? CLI_EXIT_OK : rc);
	store_changes_init(&ch);
	if ((rc = cli_org_find(app, o.args[0], &org)) != CLI_EXIT_OK)
		goto out;
	store_changes_set(&ch, "active", active ? "true" : "false");
	rc = cli_org_change(app, &org, &ch, active ? "Restored" : "Archived",
	    org.name, active ? "\" is not archived" :
	    "\" is already archived");
out:
	store_changes_clear(&ch);
	cli_org_clear(&org);
	app_close(app);
	return (rc);
}

static int
cli_org_archive(struct app *app, int argc, char **argv)
{
	return (cli_org_set_active(app, argc, argv, false));
}

static int
cli_org_restore(struct app *app, int argc, char **argv)
{
	return (cli_org_set_active(app, argc, argv, true));
}

int
cli_org(struct app *app, int argc, char **argv)
{
	static const char *const names[] = { "add", "list", "show", "edit",
	    "archive", "restore" };
	static int (*const run[])(struct app *, int, char **) = {
	    cli_org_add, cli_org_list, cli_org_show, cli_org_edit,
	    cli_org_archive, cli_org_restore };

	return (cli_dispatch(app, argc, argv, "subcommand", names, run,
	    SB_ARRAY_LEN(names)));
}
