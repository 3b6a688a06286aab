/* Subcommands for scripts and quick lookups: no curses, no questions. */
#ifndef SWITCHBOARD_CLI_H
#define SWITCHBOARD_CLI_H

#include <stddef.h>

struct app;

/* Exit statuses of the subcommands. */
#define CLI_EXIT_OK		0
#define CLI_EXIT_NONE		1	/* nothing matched; unknown org */
#define CLI_EXIT_USAGE		2	/* bad options or arguments */
#define CLI_EXIT_ERROR		3	/* database or output failure */

/*
 * Each subcommand parses its own options (argv[0] is its name), opens the
 * database through app_open into app (caller's storage, closed before
 * returning; app->opts holds the global options: profile, passphrase
 * descriptor), writes its result to stdout and any error to stderr, and
 * returns the exit status. None reads stdin; only import asks (below).
 *
 *   lookup QUERY [--format text|csv|tsv|json] [--raw] [--as ROLE]
 *   emergency [--org NAME]... [--format text|csv|tsv|json] [--raw]
 *       [--as ROLE]
 *   export contacts [--org NAME] [--format csv|tsv|json] [--raw]
 *       [--as ROLE]
 *   query QUERY [--as ROLE]		(mutt/neomutt query_command)
 *   import FILE... --org NAME [--role ROLE] [--format vcard|csv]
 *       [--encoding NAME] [--country CC] [--map MAP.yaml] [--dry-run]
 *       [--yes] [--as ROLE]
 *   org add NAME [--kind KIND] [--referred-by PARTNER]
 *   org list [--all] [--format text|csv|tsv|json] [--raw]
 *   org edit NAME [--name NEW] [--kind KIND] [--referred-by PARTNER]
 *   org archive NAME | org restore NAME	(super admins only)
 *   whoami [--format text|csv|tsv|json] [--raw] [--as ROLE]
 *   access grant|revoke KIND LOGIN [--org NAME]	(super admins only)
 *   access list [--format text|csv|tsv|json] [--raw]
 *   contact add --org NAME --first F --last L [--title T] [--email A]...
 *       [--mobile N] [--phone TYPE:N]... [--role R] [--primary]
 *       [--link-existing|--create-anyway]
 *   contact show ID|EMAIL|PHONE [--format text|csv|tsv|json|vcard] [--raw]
 *   contact edit ID|EMAIL|PHONE [--first F] [--last L] [--title T]
 *       [--method M] [--do-not-contact yes|no] [--add-email A]...
 *       [--remove-email A]... [--add-phone TYPE:N]... [--remove-phone N]...
 *   contact link ID|EMAIL|PHONE --org NAME --role R [--primary]
 *   contact unlink ID|EMAIL|PHONE --org NAME [--role R]
 *   duplicates [--org NAME] [--min-score S] [--format text|csv|tsv|json]
 *   merge KEEP OTHER... [--prefer FIELD=ID]... [--compare] [--format ...]
 *   unmerge MERGE-ID [--format ...]	(super and provider admins)
 *   init --super-admin LOGIN	(a server's superuser; not the embedded one)
 *
 * import is the one that may ask: on a terminal it shows a preview and
 * asks before it writes (--yes does not ask; without a terminal, one of
 * --yes or --dry-run is needed).
 *
 * --raw asks for OUT_RAW: CSV and TSV written to a file or a pipe keep
 * each value's bytes (see out.h).
 */
/*
 * On stderr: "switchboard: \"WORD\" is not a WHAT; the WHATs are a, b and
 * c" (word sanitized; NULL: "WHAT needed: a, b and c"), then a newline.
 */
void	cli_say_unknown(const char *what, const char *word,
	    const char *const *names, size_t n);

int	cli_lookup(struct app *app, int argc, char **argv);
int	cli_emergency(struct app *app, int argc, char **argv);
int	cli_export(struct app *app, int argc, char **argv);
int	cli_query(struct app *app, int argc, char **argv);
int	cli_import(struct app *app, int argc, char **argv);
int	cli_org(struct app *app, int argc, char **argv);
int	cli_whoami(struct app *app, int argc, char **argv);
int	cli_access(struct app *app, int argc, char **argv);
int	cli_contact(struct app *app, int argc, char **argv);
int	cli_duplicates(struct app *app, int argc, char **argv);
int	cli_merge(struct app *app, int argc, char **argv);
int	cli_unmerge(struct app *app, int argc, char **argv);
int	cli_init(struct app *app, int argc, char **argv);

#endif
