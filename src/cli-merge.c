/* The merge and unmerge subcommands: contacts into one, and back again. */
#include "config.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "switchboard/app.h"
#include "switchboard/cli.h"
#include "switchboard/out.h"
#include "switchboard/store.h"
#include "switchboard/store-merge.h"
#include "switchboard/util.h"

#include "cli-int.h"

static int	cli_merge_refused(const struct sb_error *err);

/* The columns of what merge and unmerge did, in csv, tsv and json. */
static const char *const cli_merge_cols[] = { "merge_id", "merged",
    "links_moved", "links_hidden", "items_moved" };

/* The plural ending of a count's noun. */
#define CLI_MERGE_S(n)	((n) == 1 ? "" : "s")

/* The contacts named on the command line, KEEP first, read whole. */
struct cli_merge_words {
	struct store_rows	 rows[1 + STORE_MERGE_OTHERS_MAX];
	const char		*ids[1 + STORE_MERGE_OTHERS_MAX];
	size_t			 n;
	struct store_merge_prefer prefer[CLI_LIST_MAX];
	size_t			 nprefer;
};

static void
cli_merge_words_clear(struct cli_merge_words *w)
{
	size_t	i;

	for (i = 0; i < w->n; i++)
		store_rows_free(&w->rows[i]);
	w->n = 0;
}

/* Whether word is written as an id: hex digits grouped 8-4-4-4-12. */
static bool
cli_merge_is_uuid(const char *word)
{
	size_t	i;

	if (strlen(word) != 36)
		return (false);
	for (i = 0; i < 36; i++)
		if (i == 8 || i == 13 || i == 18 || i == 23 ? word[i] != '-' :
		    strchr("0123456789abcdefABCDEF", word[i]) == NULL)
			return (false);
	return (true);
}

/*
 * --compare: the contacts side by side with what the merge would keep
 * (--prefer heeded), as o asks; nothing changes.
 */
static int
cli_merge_compare(struct app *app, const struct cli_opts *o,
    const struct cli_merge_words *w)
{
	static const char *const cols[] = { "field", "contact_id", "value",
	    "changed_at", "chosen" };
	struct store_grid	 g;
	struct out_table	*t;
	struct sb_error		 err;

	if (store_merge_compare_prefer(app->db, w->ids, w->n, w->prefer,
	    w->nprefer, &g, &err) != SB_OK)
		return (cli_merge_refused(&err));
	t = cli_grid_table(&g, cols, SB_ARRAY_LEN(cols));
	out_table_set_truth(t, 4);
	store_grid_free(&g);
	return (cli_emit_rows(t, o, 1, NULL));
}

/*
 * Each --prefer FIELD=WHO of o into w->prefer: FIELD one of the fields,
 * WHO one of the contacts merged (as the positional words name them: its
 * id, email or phone). CLI_EXIT_OK, or the status after saying why.
 */
static int
cli_merge_prefer(struct app *app, struct cli_opts *o,
    struct cli_merge_words *w)
{
	const char *const	*names;
	struct store_rows	 rows;
	const char		*arg, *eq, *id;
	char			*field;
	size_t			 nnames, i, j;
	int			 rc;

	names = store_merge_fields(&nnames);
	for (i = 0; i < o->nlist[0]; i++) {
		arg = o->list[0][i];
		if ((eq = strchr(arg, '=')) == NULL || eq[1] == '\0') {
			cli_say("switchboard: \"", arg, "\" is not FIELD=ID "
			    "(such as title=ID)");
			return (CLI_EXIT_USAGE);
		}
		field = xstrndup(arg, (size_t)(eq - arg));
		rc = cli_word_check("field", field, names, nnames);
		for (j = 0; rc == CLI_EXIT_OK && j < nnames; j++)
			if (strcmp(field, names[j]) == 0)
				w->prefer[w->nprefer].field = names[j];
		free(field);
		if (rc != CLI_EXIT_OK)
			return (rc);
		if ((rc = cli_contact_one(app, eq + 1, &rows)) != CLI_EXIT_OK)
			return (rc);
		id = ((struct store_contact *)rows.rows)->id;
		for (j = 0; j < w->n && strcmp(w->ids[j], id) != 0; j++)
			;
		store_rows_free(&rows);
		if (j == w->n) {
			cli_say("switchboard: --prefer \"", arg, "\" names a "
			    "contact that is not merged; name KEEP or one of "
			    "the OTHERs");
			return (CLI_EXIT_USAGE);
		}
		w->prefer[w->nprefer++].contact_id = w->ids[j];
	}
	return (CLI_EXIT_OK);
}

/* What the command did, as o asks: a sentence in text, else a table. */
static int
cli_merge_say(const struct cli_opts *o, const char *survivor,
    const struct store_merge_result *r, bool undo)
{
	struct out_table	*t;
	char			*cells[5], *hidden;
	size_t			 i;
	int			 rc;

	if (o->format != OUT_TEXT) {
		cells[0] = xstrdup(r->merge_id);
		cells[1] = xasprintf("%d", r->merged);
		cells[2] = xasprintf("%d", r->links_moved);
		cells[3] = xasprintf("%d", r->links_hidden);
		cells[4] = xasprintf("%d", r->items_moved);
		t = out_table_create(cli_merge_cols,
		    SB_ARRAY_LEN(cli_merge_cols));
		out_table_add(t, (const char *const *)cells);
		rc = cli_emit(t, o, 0, NULL);
		out_table_free(t);
		for (i = 0; i < SB_ARRAY_LEN(cells); i++)
			free(cells[i]);
		return (rc);
	}
	hidden = r->links_hidden == 0 ? xstrdup("") : xasprintf(", %d of "
	    "them at an organization you cannot see", r->links_hidden);
	if (undo)
		cli_tell(true, "Undid merge %s: %d contact%s back as before, "
		    "with %d link%s and %d email%s, phone%s or address%s.",
		    r->merge_id, r->merged, CLI_MERGE_S(r->merged),
		    r->links_moved, CLI_MERGE_S(r->links_moved),
		    r->items_moved, CLI_MERGE_S(r->items_moved),
		    CLI_MERGE_S(r->items_moved), r->items_moved == 1 ? "" :
		    "es");
	else
		cli_tell(true, "Merged %d contact%s into %s: %d link%s "
		    "moved%s; %d email%s, phone%s or address%s moved. "
		    "Merge id: %s (undo: switchboard unmerge %s)", r->merged,
		    CLI_MERGE_S(r->merged), survivor, r->links_moved,
		    CLI_MERGE_S(r->links_moved), hidden, r->items_moved,
		    CLI_MERGE_S(r->items_moved), CLI_MERGE_S(r->items_moved),
		    r->items_moved == 1 ? "" : "es", r->merge_id,
		    r->merge_id);
	free(hidden);
	return (CLI_EXIT_OK);
}

/* CLI_EXIT_OK unless contact i of w (named word) is one before it. */
static int
cli_merge_once(const struct cli_merge_words *w, int i, const char *word)
{
	int	j;

	for (j = 0; j < i; j++)
		if (strcmp(w->ids[j], w->ids[i]) == 0) {
			cli_say("switchboard: the contact \"", word, "\" is "
			    "named twice; name each contact once");
			return (CLI_EXIT_USAGE);
		}
	return (CLI_EXIT_OK);
}

/* The exit status of a refusal: 1 for nothing found, else 3. */
static int
cli_merge_refused(const struct sb_error *err)
{
	cli_error(err);
	return (err->status == SB_NOT_FOUND ? CLI_EXIT_NONE : CLI_EXIT_ERROR);
}

/* At most STORE_MERGE_OTHERS_MAX contacts into one; says why not. */
static bool
cli_merge_check(const struct cli_opts *o)
{
	if (o->nargs <= 1 + STORE_MERGE_OTHERS_MAX)
		return (true);
	fprintf(stderr, "switchboard: at most %d contacts merge into one at "
	    "a time\n", STORE_MERGE_OTHERS_MAX);
	return (false);
}

/* A merge id is a uuid; says why not. */
static bool
cli_unmerge_check(const struct cli_opts *o)
{
	if (cli_merge_is_uuid(o->args[0]))
		return (true);
	cli_say("switchboard: \"", o->args[0], "\" is not a merge id; "
	    "switchboard merge printed the id of each merge");
	return (false);
}

int
cli_merge(struct app *app, int argc, char **argv)
{
	static const char *const lists[] = { "prefer", NULL };
	static const char *const flags[] = { "compare", NULL };
	static const struct cli_spec spec = { .usage = "merge KEEP OTHER... "
	    "[--prefer FIELD=ID]... [--compare] [--format text|csv|tsv|json] "
	    "[--raw] [--as ROLE]", .formats = CLI_FMT_TABLES, .nargs = -2,
	    .writes = true, .flags = flags, .lists = lists,
	    .check = cli_merge_check };
	struct cli_opts		 o = { .format = OUT_TEXT };
	struct cli_merge_words	 w;
	struct store_merge_result r;
	struct sb_error		 err;
	char			*name, keep[STORE_UUID_LEN + 1];
	int			 rc, i;

	memset(&w, 0, sizeof w);
	if ((rc = cli_start(app, &spec, argc, argv, &o)) != CLI_EXIT_OK)
		return (rc == CLI_PARSE_DONE ? CLI_EXIT_OK : rc);
	for (i = 0; i < o.nargs; i++) {
		rc = cli_contact_one(app, o.args[i], &w.rows[i]);
		w.n++;
		if (rc != CLI_EXIT_OK)
			goto out;
		w.ids[i] = ((struct store_contact *)w.rows[i].rows)->id;
		if ((rc = cli_merge_once(&w, i, o.args[i])) != CLI_EXIT_OK)
			goto out;
	}
	if ((rc = cli_merge_prefer(app, &o, &w)) != CLI_EXIT_OK)
		goto out;
	if (o.flag[0]) {
		rc = cli_merge_compare(app, &o, &w);
		goto out;
	}
	if (store_contact_merge(app->db, w.ids[0], w.ids + 1, w.n - 1,
	    w.prefer, w.nprefer, &r, &err) != SB_OK) {
		rc = cli_merge_refused(&err);
		goto out;
	}
	/* The survivor's name as the merge left it (ids[0] is in rows[0]). */
	snprintf(keep, sizeof keep, "%s", w.ids[0]);
	store_rows_free(&w.rows[0]);
	w.ids[0] = keep;
	if (store_contact_get(app->db, keep, &w.rows[0], &err) == SB_OK &&
	    w.rows[0].count == 1)
		name = cli_contact_name(w.rows[0].rows);
	else
		name = xstrdup(keep);
	rc = cli_merge_say(&o, name, &r, false);
	free(name);
out:
	cli_merge_words_clear(&w);
	app_close(app);
	return (rc);
}

int
cli_unmerge(struct app *app, int argc, char **argv)
{
	static const struct cli_spec spec = { .usage = "unmerge MERGE-ID "
	    "[--format text|csv|tsv|json] [--as ROLE]",
	    .formats = CLI_FMT_TABLES, .nargs = 1, .writes = true,
	    .check = cli_unmerge_check };
	struct cli_opts		 o = { .format = OUT_TEXT };
	struct store_merge_result r;
	struct sb_error		 err;
	int			 rc;

	if ((rc = cli_start(app, &spec, argc, argv, &o)) != CLI_EXIT_OK)
		return (rc == CLI_PARSE_DONE ? CLI_EXIT_OK : rc);
	if (store_contact_unmerge(app->db, o.args[0], &r, &err) != SB_OK)
		rc = cli_merge_refused(&err);
	else
		rc = cli_merge_say(&o, "", &r, true);
	app_close(app);
	return (rc);
}
