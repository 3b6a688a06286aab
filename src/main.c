/* Command line: options, subcommands and exit codes; nothing else. */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "switchboard/app.h"
#include "switchboard/cli.h"
#include "switchboard/collate.h"
#include "switchboard/config.h"
#include "switchboard/error.h"
#include "switchboard/profile.h"
#include "switchboard/progress.h"
#include "switchboard/term-safe.h"
#include "switchboard/ui.h"
#include "switchboard/util.h"

static void
main_usage(FILE *out)
{
	fputs("usage: switchboard [--demo] [--as ROLE]\n"
	    "       switchboard [--profile NAME] [--passphrase-fd N]"
	    " [COMMAND ...]\n"
	    "       switchboard lookup QUERY [--format FORMAT] [--raw]\n"
	    "       switchboard emergency [--org NAME]... [--format FORMAT]"
	    " [--raw]\n"
	    "       switchboard export contacts [--org NAME] [--format FORMAT]"
	    " [--raw]\n"
	    "       switchboard query QUERY\n"
	    "       switchboard import FILE... --org NAME [--role ROLE]"
	    " [--dry-run] [--yes]\n"
	    "       switchboard org add|list|show|edit|archive|restore ...\n"
	    "       switchboard whoami [--format FORMAT]\n"
	    "       switchboard access grant|revoke|list ...\n"
	    "       switchboard contact add|show|edit|link|unlink ...\n"
	    "       switchboard duplicates [--org NAME] [--min-score S]"
	    " [--format FORMAT]\n"
	    "       switchboard merge KEEP OTHER... [--prefer FIELD=ID]...\n"
	    "       switchboard unmerge MERGE-ID\n"
	    "       switchboard init --super-admin LOGIN\n"
	    "       switchboard profile add|list|remove|passwd|test ...\n"
	    "       switchboard --help | --version\n"
	    "\n"
	    "A terminal contact directory on PostgreSQL.\n"
	    "\n"
	    "  --demo           load the demo data set into the embedded"
	    " database\n"
	    "  --as ROLE        connect as ROLE (demo: super-admin,"
	    " provider-admin,\n"
	    "                   support, partner-admin)\n"
	    "  --profile NAME   connect with a saved server profile\n"
	    "  --passphrase-fd N  read the vault passphrase from"
	    " descriptor N\n"
	    "  -h, --help       show this help and exit\n"
	    "  -V, --version    show the version and exit\n"
	    "\n"
	    "See switchboard(1) for the full manual.\n", out);
}

static void
main_error(const char *what, const struct sb_error *err)
{
	char	 buf[SB_ERROR_MESSAGE_MAX + SB_ERROR_HINT_MAX + 8];
	char	*safe;

	sb_error_format(err, buf, sizeof buf);
	safe = term_safe_dup(buf, term_safe_is_utf8_locale() ?
	    TERM_SAFE_UTF8 : 0);
	fprintf(stderr, "switchboard: %s: %s\n", what, safe);
	free(safe);
}

/*
 * The profile to use: --profile NAME, else the configuration's
 * default-profile, else none. -1 after saying why it cannot be found.
 */
static int
main_profile(const struct config *cfg, const char *name,
    struct app_options *opts)
{
	char	*safe;

	if (name == NULL)
		name = cfg->default_profile;
	if (name == NULL)
		return 0;
	if ((opts->profile = config_profile_find(cfg, name)) != NULL)
		return 0;
	safe = term_safe_dup(name, TERM_SAFE_SPACE);
	fprintf(stderr, "switchboard: no profile \"%s\" (see switchboard "
	    "profile list)\n", safe);
	free(safe);
	return -1;
}

/* Open the database, run the interface. */
static int
main_run(const struct app_options *opts, const struct config *cfg)
{
	struct app		 app;
	struct app_options	 shown = *opts;
	struct progress_line	 line;
	struct sb_error		 err;
	char			 why[256];
	int			 rc;

	if (!ui_terminal_usable(why, sizeof why)) {
		fprintf(stderr, "switchboard: %s.\nThe line commands work on "
		    "any terminal and with screen readers: \"switchboard lookup "
		    "NAME\", \"switchboard emergency --org NAME\", and more in "
		    "\"switchboard --help\".\n", why);
		return 1;
	}
	progress_line_init(&line, stderr);
	shown.progress = &line.progress;
	rc = app_open(&app, &shown, &err) == SB_OK ? 0 : 1;
	progress_line_end(&line);
	if (rc != 0) {
		main_error("database", &err);
		app_close(&app);
		return 1;
	}
	rc = ui_run(&app, cfg);
	app_close(&app);
	return rc;
}

/* Subcommands for scripts, dispatched after the global options. */
static const struct {
	const char	*name;
	int		(*run)(struct app *, int, char **);
} main_commands[] = {
	{ "lookup", cli_lookup },
	{ "emergency", cli_emergency },
	{ "export", cli_export },
	{ "query", cli_query },
	{ "import", cli_import },
	{ "org", cli_org },
	{ "whoami", cli_whoami },
	{ "access", cli_access },
	{ "contact", cli_contact },
	{ "duplicates", cli_duplicates },
	{ "merge", cli_merge },
	{ "unmerge", cli_unmerge },
	{ "init", cli_init },
	{ "profile", profile_command },
};

/* Run the subcommand argv[0] names; -1 when it names none. */
static int
main_subcommand(const struct app_options *opts, int argc, char **argv)
{
	struct app	app;
	size_t		i;

	memset(&app, 0, sizeof app);
	app.opts = *opts;
	for (i = 0; i < SB_ARRAY_LEN(main_commands); i++)
		if (strcmp(argv[0], main_commands[i].name) == 0)
			return main_commands[i].run(&app, argc, argv);
	return -1;
}

/* Name the word that is no command, and the commands there are. */
static int
main_unknown(const char *word)
{
	const char	*names[SB_ARRAY_LEN(main_commands)];
	size_t		 i;

	for (i = 0; i < SB_ARRAY_LEN(main_commands); i++)
		names[i] = main_commands[i].name;
	cli_say_unknown("command", word, names, SB_ARRAY_LEN(names));
	fputs("switchboard --help says more.\n", stderr);
	return CLI_EXIT_USAGE;
}

/*
 * Load the settings, pick the profile, then run the subcommand argv[0]
 * names (argc > 0) or the interface.
 */
static int
main_dispatch(struct app_options *opts, const char *profile, int argc,
    char **argv)
{
	struct config	*cfg;
	struct sb_error	 err;
	char		 tag[COLLATE_TAG_MAX];
	int		 rc;

	if (config_load(NULL, &cfg, &err) != SB_OK) {
		main_error("configuration", &err);
		return argc > 0 ? CLI_EXIT_ERROR : 1;
	}
	collate_tag_choose(cfg->collation, tag, sizeof tag);
	opts->collation = tag;
	if (main_profile(cfg, profile, opts) != 0)
		rc = argc > 0 ? CLI_EXIT_USAGE : 2;
	else if (argc == 0)
		rc = main_run(opts, cfg);
	else if ((rc = main_subcommand(opts, argc, argv)) == -1)
		rc = main_unknown(argv[0]);
	config_free(cfg);
	return rc;
}

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "demo", no_argument, NULL, 'd' },
		{ "as", required_argument, NULL, 'a' },
		{ "profile", required_argument, NULL, 'p' },
		{ "passphrase-fd", required_argument, NULL, 'F' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	struct app_options	 opts = { 0 };
	const char		*profile = NULL;
	int			 c;

	(void)collate_set_locale();
	/* "+": options end at the subcommand, which parses its own. */
	while ((c = getopt_long(argc, argv, "+hV", longopts, NULL)) != -1) {
		switch (c) {
		case 'd':
			opts.demo = 1;
			break;
		case 'a':
			opts.as_role = optarg;
			break;
		case 'p':
			profile = optarg;
			break;
		case 'F':
			opts.passphrase_fd = optarg;
			break;
		case 'h':
			main_usage(stdout);
			return EXIT_SUCCESS;
		case 'V':
			printf("%s %s\n", PACKAGE_NAME, PACKAGE_VERSION);
			return EXIT_SUCCESS;
		default:
			main_usage(stderr);
			return 2;
		}
	}
	return main_dispatch(&opts, profile, argc - optind, argv + optind);
}
