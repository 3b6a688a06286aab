/* Inside the subcommands: options, output and errors the cli files share. */
#ifndef SWITCHBOARD_CLI_INT_H
#define SWITCHBOARD_CLI_INT_H

#include <stdbool.h>
#include <stddef.h>

#include "switchboard/error.h"
#include "switchboard/out.h"

struct app;
struct store_grid;

#define CLI_ORG_MAX		32
#define CLI_EXTRA_MAX		8	/* options of a subcommand's own */
#define CLI_LIST_MAX		16	/* times one may be repeated */

#define CLI_FMT(f)		(1u << (f))
#define CLI_FMT_TABLES		(CLI_FMT(OUT_TEXT) | CLI_FMT(OUT_CSV) | \
				    CLI_FMT(OUT_TSV) | CLI_FMT(OUT_JSON))

/* What a subcommand's options said. */
struct cli_opts {
	enum out_format	 format;
	bool		 raw;		/* --raw: OUT_RAW */
	const char	*as_role;
	int		 vcard_version;	/* --vcard-version: 40, 30; 0 none */
	const char	*orgs[CLI_ORG_MAX];
	size_t		 norgs;
	const char	*value[CLI_EXTRA_MAX];	/* spec->values, by index */
	bool		 flag[CLI_EXTRA_MAX];	/* spec->flags, by index */
	const char	*list[CLI_EXTRA_MAX][CLI_LIST_MAX];	/* ->lists */
	size_t		 nlist[CLI_EXTRA_MAX];
	char		**args;		/* positional arguments */
	int		 nargs;
};

/*
 * How a subcommand is called: its usage, formats, --org, and the long
 * options of its own (NULL-ended names; values take an argument, flags
 * none, lists an argument each of up to CLI_LIST_MAX times). A
 * subcommand that writes opens the primary.
 */
struct cli_spec {
	const char	*usage;
	unsigned int	 formats;	/* CLI_FMT bits; 0: no --format/--raw */
	size_t		 max_orgs;	/* 0: no --org */
	int		 nargs;		/* positional arguments it takes */
					/* (-n: n or more) */
	bool		 writes;
	const char *const *values;
	size_t		 required;	/* how many values must be given */
	const char *const *flags;
	const char *const *lists;
	/* Said instead of opening the embedded cluster (NULL: open it). */
	const char	*embedded;
	/*
	 * The words' own usage rules, checked before any server is asked:
	 * true, or false after saying why (the command exits 2).
	 */
	bool		(*check)(const struct cli_opts *);
};

/* cli_parse: --help was answered; exit with CLI_EXIT_OK. */
#define CLI_PARSE_DONE		(-1)

/* On stderr: before, untrusted made safe for the terminal, after. */
void	cli_say(const char *before, const char *untrusted,
	    const char *after);

/* The same on stdout: what a command did. */
void	cli_done(const char *before, const char *untrusted,
	    const char *after);

/*
 * A sentence made of untrusted parts, made safe whole: what was done on
 * stdout (done), else what was found on stderr after "switchboard: ".
 */
void	cli_tell(bool done, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));

/* err on stderr as one plain line. */
void	cli_error(const struct sb_error *err);

/*
 * CLI_EXIT_OK when word is one of the n names, else CLI_EXIT_USAGE after
 * naming them all (what: "kind", "role").
 */
int	cli_word_check(const char *what, const char *word,
	    const char *const *names, size_t n);

/* The same for a role among the database's contact roles. */
int	cli_role_check(struct app *app, const char *role);

/* The usage line on stderr; returns CLI_EXIT_USAGE. */
int	cli_usage(const struct cli_spec *spec);

/*
 * Parse argv (argv[0] the subcommand's word), then open the database:
 * CLI_EXIT_OK, CLI_PARSE_DONE after --help, or the status to return
 * (CLI_EXIT_USAGE after saying spec->embedded, when it is set and no
 * server is named). app is reset first; close it with app_close.
 */
int	cli_start(struct app *app, const struct cli_spec *spec, int argc,
	    char **argv, struct cli_opts *o);

/* Write t to stdout as o asks; CLI_EXIT_OK or CLI_EXIT_ERROR. */
int	cli_emit(const struct out_table *t, const struct cli_opts *o,
	    int extra, const char *status);

/*
 * Write t (freed here), the table of a listing of rows, to stdout as o
 * asks; with no rows in text, "switchboard: NONE" on stderr instead and
 * CLI_EXIT_NONE (none NULL: the empty table all the same).
 */
int	cli_emit_rows(struct out_table *t, const struct cli_opts *o,
	    size_t rows, const char *none);

/*
 * The contacts in scope linked to one of the norgs org_ids (none: all),
 * or else the n contacts ids in that order, read whole and written to
 * stdout as o asks (export.h; in text, as vCards, a field a line).
 * CLI_EXIT_OK or CLI_EXIT_ERROR.
 */
int	cli_export_contacts(struct app *app, const char *const *org_ids,
	    size_t norgs, const char *const *ids, size_t n,
	    const struct cli_opts *o);

/* A table of columns cols (n) holding every row of g. Caller frees. */
struct out_table *cli_grid_table(const struct store_grid *g,
	    const char *const *cols, size_t n);

/*
 * Run the word argv[1] names among n subcommands (names[i] runs run[i]
 * with argv + 1); an unknown or missing word is a usage error naming
 * the choices (what: "subcommand").
 */
int	cli_dispatch(struct app *app, int argc, char **argv,
	    const char *what, const char *const *names,
	    int (*const *run)(struct app *, int, char **), size_t n);

/* One organization found by its name: what a change needs. */
struct cli_org {
	char	*id;
	char	*name;
	long	 version;
};

/*
 * The organization called name (accents and case ignored), archived or
 * not, into *org (clear with cli_org_clear): CLI_EXIT_OK, or the status
 * to return after saying why not (none: CLI_EXIT_NONE).
 */
int	cli_org_find(struct app *app, const char *name, struct cli_org *org);
void	cli_org_clear(struct cli_org *org);

/*
 * The organization --org NAME means, as the read commands take it (see
 * cli.c): CLI_EXIT_OK with *id (caller frees), or the exit status after
 * saying why on stderr.
 */
int	cli_org_resolve(struct app *app, const char *name, char **id);

struct store_contact;
struct store_phone_input;
struct store_rows;

/*
 * Each TYPE:NUMBER of the list option list of o into phones, split at
 * the colon in argv's own text: CLI_EXIT_OK, or a usage error.
 */
int	cli_contact_phones(struct cli_opts *o, int list,
	    struct store_phone_input *phones);

/*
 * cli-contact-find.c, below the contact subcommands. Most contacts one
 * email or number may name:
 */
#define CLI_CONTACT_SHOW_MAX	20

/*
 * The ids of the contacts in scope that word (an id, an email, a number)
 * names exactly, into g (free with store_grid_free): CLI_EXIT_OK, or the
 * status after saying why not (none: CLI_EXIT_NONE).
 */
int	cli_contact_exact(struct app *app, const char *word,
	    struct store_grid *g);

/*
 * The one contact word names, read whole into rows (free with
 * store_rows_free): CLI_EXIT_OK, or the status after saying why not; a
 * word that names several is refused, each named with its id.
 */
int	cli_contact_one(struct app *app, const char *word,
	    struct store_rows *rows);

/* "First Last". Caller frees. */
char	*cli_contact_name(const struct store_contact *c);

/*
 * Say that the contact called name was not (what: "changed", "linked")
 * and why, as err has it; returns CLI_EXIT_ERROR.
 */
int	cli_contact_refused(const char *name, const char *what,
	    const struct sb_error *err);

/* contact edit (cli-contact-edit.c). */
int	cli_contact_edit(struct app *app, int argc, char **argv);

#endif
