/* The import subcommand: files read, previewed, confirmed, then written. */
#include "config.h"

#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "switchboard/app.h"
#include "switchboard/cli.h"
#include "switchboard/import.h"
#include "switchboard/store-import.h"
#include "switchboard/term-safe.h"
#include "switchboard/util.h"
#include "cli-int.h"

#define CLI_IMPORT_USAGE						\
	"import FILE... --org NAME [--role ROLE] [--format vcard|csv]\n"\
	"           [--encoding NAME] [--country CC] [--map MAP.yaml]"\
	" [--dry-run]\n           [--close-names ask|link|create] [--yes]"\
	" [--as ROLE]"
#define CLI_IMPORT_ROLE		"stakeholder"	/* without --role */

/* What the command line asked. */
struct cli_import {
	const char		*org, *role, *as_role;
	struct import_options	 read;
	enum store_import_close	 close;
	bool			 dry_run, yes;
	char			**paths;
	int			 npaths;
};

static int
cli_import_usage(void)
{
	fprintf(stderr, "usage: switchboard %s\n", CLI_IMPORT_USAGE);
	return (CLI_EXIT_USAGE);
}

static int
cli_import_format(const char *word, enum import_format *out)
{
	static const char *const names[] = { "vcard", "csv" };

	if (strcmp(word, "vcard") == 0)
		*out = IMPORT_VCARD;
	else if (strcmp(word, "csv") == 0)
		*out = IMPORT_CSV;
	else {
		cli_say_unknown("format", word, names, SB_ARRAY_LEN(names));
		return (-1);
	}
	return (0);
}

static int
cli_import_close(const char *word, enum store_import_close *out)
{
	static const char *const names[] = { "ask", "link", "create" };
	size_t	i;

	for (i = 0; i < SB_ARRAY_LEN(names); i++)
		if (strcmp(word, names[i]) == 0) {
			*out = (enum store_import_close)i;
			return (0);
		}
	cli_say_unknown("--close-names choice", word, names,
	    SB_ARRAY_LEN(names));
	return (-1);
}

/* Parse argv; CLI_EXIT_OK, -1 after --help, or the status to return. */
static int
cli_import_parse(int argc, char **argv, struct cli_import *ci)
{
	static const struct option longopts[] = {
		{ "org", required_argument, NULL, 'o' },
		{ "role", required_argument, NULL, 'r' },
		{ "format", required_argument, NULL, 'f' },
		{ "encoding", required_argument, NULL, 'e' },
		{ "country", required_argument, NULL, 'c' },
		{ "map", required_argument, NULL, 'm' },
		{ "dry-run", no_argument, NULL, 'n' },
		{ "close-names", required_argument, NULL, 'k' },
		{ "yes", no_argument, NULL, 'y' },
		{ "as", required_argument, NULL, 'a' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	int	c;

	optind = 0;
	opterr = 1;
	while ((c = getopt_long(argc, argv, "o:f:nyh", longopts, NULL)) !=
	    -1) {
		switch (c) {
		case 'o':
			ci->org = optarg;
			break;
		case 'r':
			ci->role = optarg;
			break;
		case 'e':
			ci->read.encoding = optarg;
			break;
		case 'c':
			ci->read.country = optarg;
			break;
		case 'm':
			ci->read.map = optarg;
			break;
		case 'n':
			ci->dry_run = true;
			break;
		case 'y':
			ci->yes = true;
			break;
		case 'a':
			ci->as_role = optarg;
			break;
		case 'f':
			if (cli_import_format(optarg, &ci->read.format) != 0)
				return (CLI_EXIT_USAGE);
			break;
		case 'k':
			if (cli_import_close(optarg, &ci->close) != 0)
				return (CLI_EXIT_USAGE);
			break;
		case 'h':
			printf("usage: switchboard %s\n", CLI_IMPORT_USAGE);
			return (-1);
		default:
			return (cli_import_usage());
		}
	}
	ci->paths = argv + optind;
	ci->npaths = argc - optind;
	if (ci->npaths == 0 || ci->org == NULL)
		return (cli_import_usage());
	return (CLI_EXIT_OK);
}

/* Every file read before the database is opened: a bad one stops all. */
static int
cli_import_read(const struct cli_import *ci, struct import_file *files)
{
	struct sb_error	err;
	char		buf[SB_ERROR_MESSAGE_MAX + SB_ERROR_HINT_MAX + 8];
	int		i;

	for (i = 0; i < ci->npaths; i++) {
		if (import_file_read(ci->paths[i], &ci->read, &files[i],
		    &err) == SB_OK)
			continue;
		sb_error_format(&err, buf, sizeof buf);
		cli_say("switchboard: ", ci->paths[i], ":");
		cli_say("  ", buf, "");
		fputs("switchboard: nothing was imported\n", stderr);
		return (CLI_EXIT_ERROR);
	}
	return (CLI_EXIT_OK);
}

/* Say why the server refused the whole file, in a sentence. */
static void
cli_import_refused(const struct cli_import *ci, const struct sb_error *err)
{
	if (err->status == SB_DENIED || err->status == SB_NOT_FOUND) {
		cli_say("switchboard: refused: you may not import contacts "
		    "into \"", ci->org, err->status == SB_DENIED ? "\":" :
		    "\"");
		if (err->status == SB_DENIED)
			cli_say("  ", err->message, "");
	} else
		cli_error(err);
}

/* What a file came to, each line made safe for the terminal. */
static void
cli_import_report(const char *verb, const struct import_file *f,
    const struct store_import_run *run)
{
	char	**lines, *safe;
	size_t	  i, n;

	n = store_import_report(verb, f, run, &lines);
	for (i = 0; i < n; i++) {
		safe = term_safe_dup(lines[i], TERM_SAFE_SPACE |
		    (term_safe_is_utf8_locale() ? TERM_SAFE_UTF8 : 0));
		puts(safe);
		free(safe);
		free(lines[i]);
	}
	free(lines);
}

/*
 * What of a file that failed landed before it did, and how to go on:
 * the same command again, what landed showing as unchanged.
 */
static void
cli_import_resume(const struct import_file *f,
    const struct store_import_run *run)
{
	char	*landed;

	if (run->landed == 0)
		cli_say("switchboard: nothing was imported from ", f->path,
		    "; the files before it were imported");
	else {
		landed = xasprintf(" was imported: its first %zu records (to "
		    "line %ld)", run->landed, run->landed_line);
		cli_say("switchboard: only part of ", f->path, landed);
		free(landed);
	}
	fputs("switchboard: run the same command again to import the rest "
	    "(what is there shows as unchanged)\n", stderr);
}

/* Run every file: a preview (rolled back) or the import (committed). */
static int
cli_import_all(struct app *app, const struct cli_import *ci,
    const char *org_id, const struct import_file *files, bool commit)
{
	struct store_import_run	run;
	struct sb_error		err;
	size_t			close = 0;
	int			i, rc = CLI_EXIT_OK;

	for (i = 0; i < ci->npaths && rc == CLI_EXIT_OK; i++) {
		if (store_import_file(app->db, org_id, ci->role, &files[i],
		    ci->close, commit, &run, &err) != SB_OK) {
			cli_import_refused(ci, &err);
			rc = CLI_EXIT_ERROR;
		}
		if (rc == CLI_EXIT_OK)
			cli_import_report(commit ? "imported" : "preview",
			    &files[i], &run);
		else if (commit && (i > 0 || run.landed > 0))
			cli_import_resume(&files[i], &run);
		else
			fputs("switchboard: nothing was imported\n", stderr);
		close += run.n[STORE_IMPORT_CLOSE];
		store_import_run_clear(&run);
	}
	fflush(stdout);
	if (close > 0)
		fprintf(stderr, "switchboard: %zu record%s left out for a name "
		    "close to a contact's you see: --close-names link links "
		    "%s to %s contact%s, --close-names create makes new "
		    "ones\n", close, close == 1 ? " was" : "s were", close ==
		    1 ? "it" : "them", close == 1 ? "that" : "those", close ==
		    1 ? "" : "s");
	return (rc);
}

/* Ask on the terminal whether to write what the preview showed. */
static bool
cli_import_confirm(const char *org)
{
	char	line[64];

	cli_say("Import these contacts into \"", org, "\"? [y/N] ");
	if (fgets(line, sizeof line, stdin) == NULL)
		return (false);
	return (line[0] == 'y' || line[0] == 'Y');
}

/* Open the database for writing and find the organization. */
static int
cli_import_open(struct app *app, const struct cli_import *ci, char **org_id)
{
	struct app_options	opts = app->opts;
	struct sb_error		err;
	int			rc;

	memset(app, 0, sizeof *app);
	if (ci->as_role != NULL)
		opts.as_role = ci->as_role;
	if (app_open(app, &opts, &err) != SB_OK) {
		cli_error(&err);
		return (CLI_EXIT_ERROR);
	}
	rc = cli_org_resolve(app, ci->org, org_id);
	if (rc == CLI_EXIT_NONE) {
		fputs("switchboard: refused: contacts are imported only into "
		    "an organization you administer\n", stderr);
		rc = CLI_EXIT_ERROR;
	}
	if (rc == CLI_EXIT_OK)
		rc = cli_role_check(app, ci->role);
	return (rc);
}

static int
cli_import_go(struct app *app, const struct cli_import *ci,
    const struct import_file *files)
{
	char	*org_id = NULL;
	int	 rc;

	if ((rc = cli_import_open(app, ci, &org_id)) != CLI_EXIT_OK)
		goto out;
	if (!ci->yes && (rc = cli_import_all(app, ci, org_id, files,
	    false)) != CLI_EXIT_OK)
		goto out;
	if (ci->dry_run) {
		puts("dry run: nothing was written");
		goto out;
	}
	if (!ci->yes && !cli_import_confirm(ci->org)) {
		fputs("switchboard: nothing was imported\n", stderr);
		rc = CLI_EXIT_NONE;
		goto out;
	}
	rc = cli_import_all(app, ci, org_id, files, true);
out:
	free(org_id);
	app_close(app);
	return (rc);
}

int
cli_import(struct app *app, int argc, char **argv)
{
	struct cli_import	 ci = { .role = CLI_IMPORT_ROLE };
	struct import_file	*files;
	int			 rc, i;

	if ((rc = cli_import_parse(argc, argv, &ci)) != CLI_EXIT_OK)
		return (rc == -1 ? CLI_EXIT_OK : rc);
	if (!ci.dry_run && !ci.yes && !isatty(STDIN_FILENO)) {
		fputs("switchboard: import asks before it writes, and there "
		    "is no terminal to ask on: add --yes to import, or "
		    "--dry-run to see what it would do\n", stderr);
		return (CLI_EXIT_USAGE);
	}
	files = xcalloc((size_t)ci.npaths, sizeof *files);
	if ((rc = cli_import_read(&ci, files)) == CLI_EXIT_OK)
		rc = cli_import_go(app, &ci, files);
	for (i = 0; i < ci.npaths; i++)
		import_file_clear(&files[i]);
	free(files);
	return (rc);
}
