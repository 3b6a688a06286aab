/* Command line: options, subcommands and exit codes; nothing else. */
#include "config.h"

#include <getopt.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "switchboard/app.h"
#include "switchboard/cli.h"
#include "switchboard/config.h"
#include "switchboard/error.h"
#include "switchboard/term-safe.h"
#include "switchboard/ui.h"
#include "switchboard/util.h"

static void
main_usage(FILE *out)
{
	fputs("usage: switchboard [--demo] [--as ROLE]\n"
	    "       switchboard lookup QUERY [--format FORMAT]\n"
	    "       switchboard emergency [--org NAME]... [--format FORMAT]\n"
	    "       switchboard export contacts [--org NAME] [--format FORMAT]"
	    "\n"
	    "       switchboard query QUERY\n"
	    "       switchboard --help | --version\n"
	    "\n"
	    "A terminal contact directory on PostgreSQL.\n"
	    "\n"
	    "  --demo           load the demo data set into the embedded"
	    " database\n"
	    "  --as ROLE        connect as ROLE (demo: super-admin,"
	    " provider-admin,\n"
	    "                   support, partner-admin)\n"
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

/* Load the settings, open the database, run the interface. */
static int
main_run(const struct app_options *opts)
{
	struct config	*cfg;
	struct app	 app;
	struct sb_error	 err;
	int		 rc;

	if (config_load(NULL, &cfg, &err) != SB_OK) {
		main_error("configuration", &err);
		return 1;
	}
	if (app_open(&app, opts, &err) != SB_OK) {
		main_error("database", &err);
		app_close(&app);
		config_free(cfg);
		return 1;
	}
	rc = ui_run(&app, cfg);
	app_close(&app);
	config_free(cfg);
	return rc;
}

/* Subcommands for scripts, dispatched on argv[1] before the UI's options. */
static const struct {
	const char	*name;
	int		(*run)(struct app *, int, char **);
} main_commands[] = {
	{ "lookup", cli_lookup },
	{ "emergency", cli_emergency },
	{ "export", cli_export },
	{ "query", cli_query },
};

/* Run the subcommand argv[1] names; -1 when it names none. */
static int
main_subcommand(int argc, char **argv)
{
	struct app	app;
	size_t		i;

	for (i = 0; argc > 1 && i < SB_ARRAY_LEN(main_commands); i++)
		if (strcmp(argv[1], main_commands[i].name) == 0)
			return main_commands[i].run(&app, argc - 1, argv + 1);
	return -1;
}

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "demo", no_argument, NULL, 'd' },
		{ "as", required_argument, NULL, 'a' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	struct app_options	 opts = { 0 };
	int			 c;

	setlocale(LC_ALL, "");
	if ((c = main_subcommand(argc, argv)) != -1)
		return c;
	while ((c = getopt_long(argc, argv, "hV", longopts, NULL)) != -1) {
		switch (c) {
		case 'd':
			opts.demo = 1;
			break;
		case 'a':
			opts.as_role = optarg;
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
	if (optind != argc) {
		main_usage(stderr);
		return 2;
	}
	return main_run(&opts);
}
