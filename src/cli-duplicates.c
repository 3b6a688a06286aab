/* The duplicates subcommand: pairs of contacts that are likely one person. */
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

/* The score a pair needs unless --min-score says otherwise. */
#define CLI_DUPLICATES_MIN	"0.8"
#define CLI_DUPLICATES_TIMEOUT	"20min"	/* a whole directory compared */

/*
 * Whether text is a score: a decimal number from 0 to 1 ("0", "0.85",
 * "1.0"), read without the locale's decimal point.
 */
static bool
cli_duplicates_score_ok(const char *text)
{
	const char	*frac;

	if ((text[0] != '0' && text[0] != '1') ||
	    (text[1] != '\0' && text[1] != '.'))
		return (false);
	if (text[1] == '\0')
		return (true);
	frac = text + 2;
	if (*frac == '\0' || strlen(frac) > 6 ||
	    strspn(frac, "0123456789") != strlen(frac))
		return (false);
	return (text[0] == '0' || strspn(frac, "0") == strlen(frac));
}

/* --min-score, when given, is a score; says why not. */
static bool
cli_duplicates_check(const struct cli_opts *o)
{
	if (o->value[0] == NULL || cli_duplicates_score_ok(o->value[0]))
		return (true);
	cli_say("switchboard: \"", o->value[0], "\" is not a score; a score "
	    "is a number from 0 to 1, such as 0.8");
	return (false);
}

int
cli_duplicates(struct app *app, int argc, char **argv)
{
	static const char *const values[] = { "min-score", NULL };
	static const struct cli_spec spec = { .usage = "duplicates "
	    "[--org NAME] [--min-score S] [--format text|csv|tsv|json] [--raw]"
	    " [--as ROLE]", .formats = CLI_FMT_TABLES, .max_orgs = 1,
	    .values = values, .check = cli_duplicates_check };
	static const char *const cols[] = { "id", "name", "other_id",
	    "other_name", "score", "reasons" };
	struct cli_opts		 o = { .format = OUT_TEXT };
	struct store_grid	 g = { .rows = 0 };
	struct sb_error		 err;
	const char		*min;
	char			*org_id = NULL;
	int			 rc;

	if ((rc = cli_start(app, &spec, argc, argv, &o)) != CLI_EXIT_OK)
		return (rc == CLI_PARSE_DONE ? CLI_EXIT_OK : rc);
	min = o.value[0] != NULL ? o.value[0] : CLI_DUPLICATES_MIN;
	if (o.norgs > 0 &&
	    (rc = cli_org_resolve(app, o.orgs[0], &org_id)) != CLI_EXIT_OK)
		goto out;
	/*
	 * Every pair of a large directory is a long read, not a person
	 * waiting on a screen: more than the session's 30 seconds.
	 */
	if (store_session_timeout(app->db, CLI_DUPLICATES_TIMEOUT, &err) !=
	    SB_OK || store_duplicate_pairs(app->db, org_id, min, &g, &err) !=
	    SB_OK) {
		cli_error(&err);
		rc = CLI_EXIT_ERROR;
		goto out;
	}
	rc = cli_emit_rows(cli_grid_table(&g, cols, SB_ARRAY_LEN(cols)), &o,
	    g.rows, "no duplicate contacts");
out:
	store_grid_free(&g);
	free(org_id);
	app_close(app);
	return (rc);
}
