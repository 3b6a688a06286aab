/* Command line: options, subcommands and exit codes; nothing else. */
#include "config.h"

#include <getopt.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "switchboard/error.h"
#include "switchboard/util.h"

static void
main_usage(FILE *out)
{
	fputs("usage: switchboard [--demo] [--as ROLE]\n"
	    "       switchboard --help | --version\n"
	    "\n"
	    "A terminal contact directory on PostgreSQL.\n"
	    "\n"
	    "  -h, --help       show this help and exit\n"
	    "  -V, --version    show the version and exit\n"
	    "\n"
	    "See switchboard(1) for the full manual.\n", out);
}

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	int	c;

	setlocale(LC_ALL, "");
	while ((c = getopt_long(argc, argv, "hV", longopts, NULL)) != -1) {
		switch (c) {
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
	return EXIT_SUCCESS;
}
