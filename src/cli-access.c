/* The whoami and access subcommands: who a login is, who may do what. */
#include "config.h"

#include <assert.h>
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

/* The label of a database kind ("none" for one it does not know). */
static const char *
cli_access_label(const char *kind)
{
	const struct store_access_kind	*k = store_access_kind_find(kind,
	    false);

	return (k != NULL ? k->label : "none");
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

/*
 * g's rows into t as login (column 0), kind and scope (from the kind,
 * organization and whether it names one in columns 1 to 3), then g's
 * columns after those as they are.
 */
static void
cli_access_rows(struct out_table *t, const struct store_grid *g)
{
	const char	*cells[8];
	char		*scope;
	size_t		 r, c;

	assert(g->cols >= 4 && g->cols <= SB_ARRAY_LEN(cells) + 1);
	for (r = 0; r < g->rows; r++) {
		scope = cli_access_scope(g, r, 1);
		cells[0] = store_grid_cell(g, r, 0);
		cells[1] = cli_access_label(store_grid_cell(g, r, 1));
		cells[2] = scope;
		for (c = 4; c < g->cols; c++)
			cells[c - 1] = store_grid_cell(g, r, c);
		out_table_add(t, cells);
		free(scope);
	}
}

/*
 * A listing of logins and what they hold, read by read into columns
 * cols (n): whoami and access list. none: what to say when there are no
 * rows (NULL: never none).
 */
static int
cli_access_show(struct app *app, int argc, char **argv,
    const struct cli_spec *spec, enum sb_status (*read)(struct db *,
    struct store_grid *, struct sb_error *), const char *const *cols,
    size_t n, const char *none)
{
	struct cli_opts		 o = { .format = OUT_TEXT };
	struct store_grid	 g;
	struct out_table	*t;
	struct sb_error		 err;
	int			 rc;

	if ((rc = cli_start(app, spec, argc, argv, &o)) != CLI_EXIT_OK)
		return (rc == CLI_PARSE_DONE ? CLI_EXIT_OK : rc);
	if (read(app->db, &g, &err) != SB_OK) {
		cli_error(&err);
		rc = CLI_EXIT_ERROR;
	} else {
		t = out_table_create(cols, n);
		cli_access_rows(t, &g);
		rc = cli_emit_rows(t, &o, g.rows, none);
	}
	store_grid_free(&g);
	app_close(app);
	return (rc);
}

int
cli_whoami(struct app *app, int argc, char **argv)
{
	static const struct cli_spec spec = { .usage = "whoami"
	    " [--format text|csv|tsv|json] [--raw] [--as ROLE]",
	    .formats = CLI_FMT_TABLES };
	static const char *const cols[] = { "login", "kind", "scope" };

	return (cli_access_show(app, argc, argv, &spec, store_whoami, cols,
	    SB_ARRAY_LEN(cols), NULL));
}

/* The database's kind the word names; NULL after saying which there are. */
static const char *
cli_access_kind(const char *word)
{
	const struct store_access_kind	*k = store_access_kind_find(word,
	    true);
	const char			*words[STORE_ACCESS_KINDS];
	size_t				 i;

	if (k != NULL)
		return (k->kind);
	for (i = 0; i < STORE_ACCESS_KINDS; i++)
		words[i] = store_access_kinds[i].word;
	cli_say_unknown("access kind", word, words, STORE_ACCESS_KINDS);
	return (NULL);
}

/* Whether --org suits kind; says why not. */
static bool
cli_access_org_ok(const char *word, const char *kind, size_t norgs)
{
	if (strcmp(kind, "super_admin") == 0 && norgs > 0)
		fputs("switchboard: a super admin covers every organization; "
		    "give no --org\n", stderr);
	else if (strstr(kind, "_admin") != NULL &&
	    strcmp(kind, "super_admin") != 0 && norgs == 0)
		fprintf(stderr, "switchboard: %s needs --org NAME\n", word);
	else
		return (true);
	return (false);
}

/* A kind of access, with --org where it needs one; says why not. */
static bool
cli_access_check(const struct cli_opts *o)
{
	const char	*kind = cli_access_kind(o->args[0]);

	return (kind != NULL && cli_access_org_ok(o->args[0], kind, o->norgs));
}

/*
 * What a superuser of the cluster runs so that login can be granted
 * access and log in, after a grant refused for what login is.
 */
static void
cli_access_next_step(struct app *app, const char *login)
{
	struct sb_error	 err;
	char		*quoted, *step, *sql;

	if (store_access_next_step(app->db, login, &step, &err) != SB_OK ||
	    step == NULL)
		return;
	quoted = util_quote(login, '"', "\"\"");
	/* Inside the shell's single quotes: each one closed and escaped. */
	sql = util_quote(step, '\0', "'\\''");
	fputs("switchboard: a superuser of the cluster makes it a person's "
	    "login first:\n", stderr);
	cli_say("  psql -d switchboard -c '", sql, "'");
	cli_say("then sets its password (psql: \\password ", quoted, "), or "
	    "lets it log in by peer or certificate authentication in "
	    "pg_hba.conf (on the embedded cluster it logs in over the private "
	    "socket as it is), and grants again.");
	free(sql);
	free(step);
	free(quoted);
}

/* Say where login was made a person's login, and how it logs in. */
static void
cli_access_made(const char *login, enum app_made made)
{
	char	*quoted;

	if (made == APP_MADE_EMBEDDED) {
		cli_done("Made \"", login, "\" a login of this embedded "
		    "database, which only you can reach;");
		cli_done("\"switchboard --as ", login, "\" opens it as that "
		    "person.");
		return;
	}
	quoted = util_quote(login, '"', "\"\"");
	cli_done("Made \"", login, "\" a login of this server. It logs in "
	    "once it has a password");
	cli_done("(psql: \\password ", quoted, "), or a peer or certificate "
	    "line for it in pg_hba.conf.");
	free(quoted);
}

/* "Granted KIND to "LOGIN" for "ORG"." on stdout, the names made safe. */
static void
cli_access_done(bool grant, const char *word, const char *login,
    const char *org)
{
	char	*before = xasprintf("%s %s %s \"", grant ? "Granted" :
		    "Revoked", word, grant ? "to" : "from");
	char	*rest = org != NULL ? xasprintf("%s\" for \"%s", login, org) :
		    xstrdup(login);

	cli_done(before, rest, "\".");
	free(before);
	free(rest);
}

/* access grant|revoke KIND LOGIN [--org NAME]. */
static int
cli_access_change(struct app *app, int argc, char **argv, bool grant)
{
	static const struct cli_spec specs[2] = {
		{ .usage = "access revoke super-admin|provider-admin|support|"
		    "partner-admin LOGIN [--org NAME]", .max_orgs = 1,
		    .nargs = 2, .writes = true, .check = cli_access_check },
		{ .usage = "access grant super-admin|provider-admin|support|"
		    "partner-admin LOGIN [--org NAME]", .max_orgs = 1,
		    .nargs = 2, .writes = true, .check = cli_access_check },
	};
	struct cli_opts	 o = { .format = OUT_TEXT };
	struct cli_org	 org = { .id = NULL };
	struct sb_error	 err;
	enum sb_status	 st;
	const char	*kind;
	enum app_made	 made;
	bool		 changed;
	int		 rc;

	if ((rc = cli_start(app, &specs[grant], argc, argv, &o)) !=
	    CLI_EXIT_OK)
		return (rc == CLI_PARSE_DONE ? CLI_EXIT_OK : rc);
	kind = cli_access_kind(o.args[0]);
	if (o.norgs > 0)
		rc = cli_org_find(app, o.orgs[0], &org);
	if (rc != CLI_EXIT_OK)
		goto out;
	if ((st = store_access_change(app->db, grant, o.args[1], kind, org.id,
	    &changed, &err)) == SB_INVALID && grant &&
	    (made = app_make_person(app, o.args[1])) != APP_MADE_NONE) {
		cli_access_made(o.args[1], made);
		st = store_access_change(app->db, grant, o.args[1], kind,
		    org.id, &changed, &err);
	}
	if (st != SB_OK) {
		cli_error(&err);
		if (grant && err.status == SB_INVALID)
			cli_access_next_step(app, o.args[1]);
		rc = CLI_EXIT_ERROR;
	} else if (!changed) {
		cli_say("switchboard: \"", o.args[1], grant ?
		    "\" has that access already" :
		    "\" does not have that access");
		rc = grant ? CLI_EXIT_OK : CLI_EXIT_NONE;
	} else
		cli_access_done(grant, o.args[0], o.args[1], org.name);
out:
	cli_org_clear(&org);
	app_close(app);
	return (rc);
}

static int
cli_access_grant(struct app *app, int argc, char **argv)
{
	return (cli_access_change(app, argc, argv, true));
}

static int
cli_access_revoke(struct app *app, int argc, char **argv)
{
	return (cli_access_change(app, argc, argv, false));
}

static int
cli_access_list(struct app *app, int argc, char **argv)
{
	static const struct cli_spec spec = { .usage = "access list"
	    " [--format text|csv|tsv|json] [--raw]",
	    .formats = CLI_FMT_TABLES };
	static const char *const cols[] = { "login", "kind", "scope",
	    "granted_by", "granted_at" };

	return (cli_access_show(app, argc, argv, &spec, store_access_list,
	    cols, SB_ARRAY_LEN(cols), "no access granted that this login "
	    "sees"));
}

int
cli_access(struct app *app, int argc, char **argv)
{
	static const char *const names[] = { "grant", "revoke", "list" };
	static int (*const run[])(struct app *, int, char **) = {
	    cli_access_grant, cli_access_revoke, cli_access_list };

	return (cli_dispatch(app, argc, argv, "subcommand", names, run,
	    SB_ARRAY_LEN(names)));
}
