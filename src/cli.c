/* Subcommands for scripts: lookup, emergency, export contacts, query. */
#include "config.h"

#include <sys/ioctl.h>

#include <assert.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "switchboard/app.h"
#include "switchboard/cli.h"
#include "switchboard/export.h"
#include "switchboard/out.h"
#include "switchboard/store.h"
#include "switchboard/store-import.h"
#include "switchboard/term-safe.h"
#include "switchboard/util.h"
#include "cli-int.h"

/* Most rows lookup shows of a kind, emails query offers, orgs --org lists. */
#define CLI_LOOKUP_LIMIT	100
#define CLI_QUERY_LIMIT		200
#define CLI_ORG_CANDIDATES	10

/* getopt codes of a subcommand's own options, by index. */
#define CLI_OPT_VALUE		0x100
#define CLI_OPT_FLAG		0x200
#define CLI_OPT_LIST		0x300

int
cli_word_check(const char *what, const char *word, const char *const *names,
    size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++)
		if (strcmp(word, names[i]) == 0)
			return (CLI_EXIT_OK);
	cli_say_unknown(what, word, names, n);
	return (CLI_EXIT_USAGE);
}

int
cli_role_check(struct app *app, const char *role)
{
	struct sb_error	  err;
	char		**codes;
	size_t		  n, i;
	int		  rc;

	if (store_import_roles(app->db, &codes, &n, &err) != SB_OK) {
		cli_error(&err);
		return (CLI_EXIT_ERROR);
	}
	rc = cli_word_check("role", role, (const char *const *)codes, n);
	for (i = 0; i < n; i++)
		free(codes[i]);
	free(codes);
	return (rc);
}

/* A line on stderr quoting untrusted text (a name, a server message). */
void
cli_say_unknown(const char *what, const char *word, const char *const *names,
    size_t n)
{
	char	*safe;
	size_t	 i;

	if (word == NULL)
		fprintf(stderr, "switchboard: %s needed:", what);
	else {
		safe = term_safe_dup(word, TERM_SAFE_SPACE |
		    (term_safe_is_utf8_locale() ? TERM_SAFE_UTF8 : 0));
		fprintf(stderr, "switchboard: \"%s\" is not a %s; the %ss "
		    "are", safe, what, what);
		free(safe);
	}
	for (i = 0; i < n; i++)
		fprintf(stderr, "%s %s", i == 0 ? "" : i + 1 < n ? "," :
		    " and", names[i]);
	fputc('\n', stderr);
}

void
cli_say(const char *before, const char *untrusted, const char *after)
{
	char	*safe = term_safe_dup(untrusted, TERM_SAFE_SPACE |
	    (term_safe_is_utf8_locale() ? TERM_SAFE_UTF8 : 0));

	fprintf(stderr, "%s%s%s\n", before, safe, after);
	free(safe);
}

void
cli_done(const char *before, const char *untrusted, const char *after)
{
	char	*safe = term_safe_dup(untrusted, TERM_SAFE_SPACE |
	    (term_safe_is_utf8_locale() ? TERM_SAFE_UTF8 : 0));

	printf("%s%s%s\n", before, safe, after);
	free(safe);
}

void
cli_tell(bool done, const char *fmt, ...)
{
	va_list	 ap;
	char	*line;

	va_start(ap, fmt);
	line = xvasprintf(fmt, ap);
	va_end(ap);
	if (done)
		cli_done("", line, "");
	else
		cli_say("switchboard: ", line, "");
	free(line);
}

void
cli_error(const struct sb_error *err)
{
	char	buf[SB_ERROR_MESSAGE_MAX + SB_ERROR_HINT_MAX + 8];

	cli_say("switchboard: ", sb_error_format(err, buf, sizeof buf), "");
}

int
cli_usage(const struct cli_spec *spec)
{
	fprintf(stderr, "usage: switchboard %s\n", spec->usage);
	return (CLI_EXIT_USAGE);
}

/* One more of the list option i (-1 when it is none or too many). */
static int
cli_parse_list(const struct cli_spec *spec, int i, struct cli_opts *o)
{
	if (i < 0 || i >= CLI_EXTRA_MAX)
		return (-1);
	if (o->nlist[i] >= CLI_LIST_MAX) {
		fprintf(stderr, "switchboard: --%s at most %d times\n",
		    spec->lists[i], CLI_LIST_MAX);
		return (-1);
	}
	o->list[i][o->nlist[i]++] = optarg;
	return (0);
}

/* The wrong --format named, with the formats the subcommand takes. */
static void
cli_say_formats(const struct cli_spec *spec, const char *word)
{
	const char	*names[OUT_FORMAT_COUNT];
	size_t		 i, n = 0;

	for (i = 0; i < OUT_FORMAT_COUNT; i++)
		if (spec->formats & CLI_FMT(i))
			names[n++] = out_format_name((enum out_format)i);
	cli_say_unknown("format", word, names, n);
}

static int
cli_parse_vcard_version(const char *word, struct cli_opts *o)
{
	static const char *const names[] = { "4.0", "3.0" };

	if (strcmp(word, "4.0") == 0 || strcmp(word, "3.0") == 0) {
		o->vcard_version = word[0] == '4' ? 40 : 30;
		return (0);
	}
	cli_say_unknown("vCard version", word, names, SB_ARRAY_LEN(names));
	return (-1);
}

static int
cli_parse_option(const struct cli_spec *spec, int c, struct cli_opts *o)
{
	struct sb_error	err;

	switch (c) {
	case 'f':
		if (spec->formats == 0)
			return (-1);
		if (out_format_parse(optarg, &o->format, &err) != SB_OK ||
		    (spec->formats & CLI_FMT(o->format)) == 0) {
			cli_say_formats(spec, optarg);
			return (-1);
		}
		return (0);
	case 'V':
		if ((spec->formats & CLI_FMT(OUT_VCARD)) == 0)
			return (-1);
		return (cli_parse_vcard_version(optarg, o));
	case 'r':
		if (spec->formats == 0)
			return (-1);
		o->raw = true;
		return (0);
	case 'o':
		if (o->norgs >= spec->max_orgs) {
			fputs("switchboard: too many --org options\n", stderr);
			return (-1);
		}
		o->orgs[o->norgs++] = optarg;
		return (0);
	case 'a':
		o->as_role = optarg;
		return (0);
	default:
		if (c >= CLI_OPT_VALUE && c < CLI_OPT_VALUE + CLI_EXTRA_MAX) {
			o->value[c - CLI_OPT_VALUE] = optarg;
			return (0);
		}
		if (c >= CLI_OPT_FLAG && c < CLI_OPT_FLAG + CLI_EXTRA_MAX) {
			o->flag[c - CLI_OPT_FLAG] = true;
			return (0);
		}
		return (cli_parse_list(spec, c - CLI_OPT_LIST, o));
	}
}

/* The common options, then spec's own, into opts (ends with zeros). */
static void
cli_parse_options(const struct cli_spec *spec, struct option *opts)
{
	static const struct option common[] = {
		{ "format", required_argument, NULL, 'f' },
		{ "raw", no_argument, NULL, 'r' },
		{ "org", required_argument, NULL, 'o' },
		{ "as", required_argument, NULL, 'a' },
		{ "vcard-version", required_argument, NULL, 'V' },
		{ "help", no_argument, NULL, 'h' },
	};
	size_t	n = SB_ARRAY_LEN(common), i;

	memcpy(opts, common, sizeof common);
	for (i = 0; spec->values != NULL && spec->values[i] != NULL; i++) {
		assert(i < CLI_EXTRA_MAX);
		opts[n++] = (struct option){ spec->values[i],
		    required_argument, NULL, CLI_OPT_VALUE + (int)i };
	}
	for (i = 0; spec->flags != NULL && spec->flags[i] != NULL; i++) {
		assert(i < CLI_EXTRA_MAX);
		opts[n++] = (struct option){ spec->flags[i], no_argument,
		    NULL, CLI_OPT_FLAG + (int)i };
	}
	for (i = 0; spec->lists != NULL && spec->lists[i] != NULL; i++) {
		assert(i < CLI_EXTRA_MAX);
		opts[n++] = (struct option){ spec->lists[i],
		    required_argument, NULL, CLI_OPT_LIST + (int)i };
	}
	memset(&opts[n], 0, sizeof opts[n]);
}

/* Parse argv; CLI_EXIT_OK, or the status to return at once. */
static int
cli_parse(const struct cli_spec *spec, int argc, char **argv,
    struct cli_opts *o)
{
	struct option	longopts[5 + 3 * CLI_EXTRA_MAX + 1];
	size_t		i;
	int		c;

	cli_parse_options(spec, longopts);
	optind = 0;	/* GNU: start over, whatever parsed argv before */
	opterr = 1;
	while ((c = getopt_long(argc, argv, "f:o:h", longopts, NULL)) != -1) {
		if (c == 'h') {
			printf("usage: switchboard %s\n", spec->usage);
			return (CLI_PARSE_DONE);
		}
		if (cli_parse_option(spec, c, o) != 0)
			return (cli_usage(spec));
	}
	o->args = argv + optind;
	o->nargs = argc - optind;
	if (spec->nargs >= 0 ? o->nargs != spec->nargs :
	    o->nargs < -spec->nargs)
		return (cli_usage(spec));
	for (i = 0; i < spec->required; i++)
		if (o->value[i] == NULL)
			return (cli_usage(spec));
	return (CLI_EXIT_OK);
}

/* Open with the global options (profile, passphrase descriptor). */
static int
cli_open(struct app *app, const struct app_options *global,
    const struct cli_spec *spec, const struct cli_opts *o)
{
	struct app_options	opts = *global;
	struct sb_error		err;

	/* A subcommand that only reads lets a standby answer. */
	opts.read_only = !spec->writes;
	if (o->as_role != NULL)
		opts.as_role = o->as_role;

	if (app_open(app, &opts, &err) != SB_OK) {
		cli_error(&err);
		app_close(app);
		return (CLI_EXIT_ERROR);
	}
	return (CLI_EXIT_OK);
}

/* The OUT_* flags and width for stdout. */
static int
cli_out_flags(int *width)
{
	struct winsize	ws;
	int		flags = 0;

	*width = 0;
	if (term_safe_is_utf8_locale())
		flags |= OUT_UTF8;
	if (isatty(STDOUT_FILENO)) {
		flags |= OUT_TTY;
		if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 &&
		    ws.ws_col > 0)
			*width = ws.ws_col;
	}
	return (flags);
}

int
cli_emit(const struct out_table *t, const struct cli_opts *o, int extra,
    const char *status)
{
	struct sb_error	err;
	int		width, flags = cli_out_flags(&width) | extra;

	if (o->raw)
		flags |= OUT_RAW;
	if (out_table_write(t, o->format, flags, width, status, stdout,
	    &err) != SB_OK) {
		cli_error(&err);
		return (CLI_EXIT_ERROR);
	}
	return (CLI_EXIT_OK);
}

int
cli_emit_rows(struct out_table *t, const struct cli_opts *o, size_t rows,
    const char *none)
{
	int	rc = CLI_EXIT_OK;

	if (o->format != OUT_TEXT || rows > 0 || none == NULL)
		rc = cli_emit(t, o, 0, NULL);
	if (rc == CLI_EXIT_OK && rows == 0 && none != NULL) {
		fprintf(stderr, "switchboard: %s\n", none);
		rc = CLI_EXIT_NONE;
	}
	out_table_free(t);
	return (rc);
}

struct out_table *
cli_grid_table(const struct store_grid *g, const char *const *cols,
    size_t n)
{
	struct out_table	*t = out_table_create(cols, n);
	size_t			 r;

	for (r = 0; r < g->rows; r++)
		out_table_add(t, (const char *const *)&g->cells[r * g->cols]);
	return (t);
}

/* Contacts whole (export.h) to stdout as o asks; in text, as vCards. */
static int
cli_emit_export(const struct store_export *e, const struct cli_opts *o)
{
	struct sb_error	err;
	int		width, flags = cli_out_flags(&width);
	enum out_format	format = o->format == OUT_TEXT ? OUT_VCARD : o->format;

	if (o->raw)
		flags |= OUT_RAW;
	if (export_write(e, format, flags, o->vcard_version != 0 ?
	    o->vcard_version : 40, stdout, &err) != SB_OK) {
		cli_error(&err);
		return (CLI_EXIT_ERROR);
	}
	return (CLI_EXIT_OK);
}

/*
 * Parse, then open the database: CLI_EXIT_OK, CLI_PARSE_DONE after --help,
 * or the status to return.
 */
int
cli_start(struct app *app, const struct cli_spec *spec, int argc,
    char **argv, struct cli_opts *o)
{
	struct app_options	global = app->opts;
	int			rc;

	memset(app, 0, sizeof *app);
	rc = cli_parse(spec, argc, argv, o);
	if (rc != CLI_EXIT_OK)
		return (rc);
	if (spec->check != NULL && !spec->check(o))
		return (CLI_EXIT_USAGE);
	if (spec->embedded != NULL && !app_names_server(&global)) {
		fprintf(stderr, "switchboard: %s\n", spec->embedded);
		return (CLI_EXIT_USAGE);
	}
	return (cli_open(app, &global, spec, o));
}

/*
 * The organization a name given with --org means: the one whose name it is
 * (accent- and case-insensitive), or the only one it matches. Otherwise
 * the candidates go to stderr. Fills *id (caller frees).
 */
int
cli_org_resolve(struct app *app, const char *name, char **id)
{
	struct store_grid	g;
	struct sb_error		err;
	size_t			i, exact = 0;
	int			rc = CLI_EXIT_NONE;

	if (store_org_match(app->db, name, CLI_ORG_CANDIDATES, &g,
	    &err) != SB_OK) {
		cli_error(&err);
		return (CLI_EXIT_ERROR);
	}
	for (i = 0; i < g.rows; i++)
		if (strcmp(store_grid_cell(&g, i, 2), "exact") == 0)
			exact++;
	if (exact == 1 || (exact == 0 && g.rows == 1)) {
		*id = xstrdup(store_grid_cell(&g, 0, 0));
		rc = CLI_EXIT_OK;
	} else if (g.rows == 0)
		cli_say("switchboard: no organization matches \"", name,
		    "\"");
	else {
		cli_say("switchboard: \"", name,
		    "\" matches more than one organization:");
		for (i = 0; i < g.rows; i++)
			cli_say("  ", store_grid_cell(&g, i, 1), "");
		if (g.more)
			fputs("  ...\n", stderr);
		fputs("switchboard: give the full name with --org\n", stderr);
	}
	store_grid_free(&g);
	return (rc);
}

/* A contact's phones or emails in one cell: "text x12 (type), ...". */
static char *
cli_items(const struct store_contact *c, const char *kind)
{
	const struct store_item	*it;
	char			*s = xstrdup(""), *next;
	size_t			 i;
	bool			 ext;

	for (i = 0; i < c->item_count; i++) {
		it = &c->items[i];
		if (strcmp(it->kind, kind) != 0)
			continue;
		ext = strcmp(kind, "phone") == 0 && it->extra[0] != '\0';
		next = xasprintf("%s%s%s%s%s (%s)", s, *s != '\0' ? ", " : "",
		    it->text, ext ? " x" : "", ext ? it->extra : "", it->type);
		free(s);
		s = next;
	}
	return (s);
}

static enum sb_status
cli_lookup_add(struct app *app, const struct store_hit *h,
    struct out_table *t, struct sb_error *err)
{
	struct store_rows	 rows;
	enum sb_status		 status;
	char			*phones, *emails;
	const char		*cells[4];

	memset(&rows, 0, sizeof rows);
	status = store_contact_get(app->db, h->contact_id, &rows, err);
	if (status == SB_NOT_FOUND)
		return (SB_OK);		/* deleted since the search */
	if (status != SB_OK)
		return (status);
	phones = cli_items(rows.rows, "phone");
	emails = cli_items(rows.rows, "email");
	cells[0] = h->name;
	cells[1] = h->orgs;
	cells[2] = phones;
	cells[3] = emails;
	out_table_add(t, cells);
	free(phones);
	free(emails);
	store_rows_free(&rows);
	return (SB_OK);
}

int
cli_export_contacts(struct app *app, const char *const *org_ids,
    size_t norgs, const char *const *ids, size_t n, const struct cli_opts *o)
{
	struct store_export	e;
	struct sb_error		err;
	int			rc;

	if (store_export_read(app->db, org_ids, norgs, ids, n, &e, &err) !=
	    SB_OK) {
		cli_error(&err);
		return (CLI_EXIT_ERROR);
	}
	rc = cli_emit_export(&e, o);
	store_export_free(&e);
	return (rc);
}

/* The contacts found, whole, in the order found (csv, tsv, json). */
static int
cli_lookup_export(struct app *app, const struct store_rows *rows,
    const struct cli_opts *o)
{
	const struct store_hit	*hits = rows->rows;
	const char		**ids;
	size_t			 i;
	int			 rc;

	ids = xcalloc(rows->count + 1, sizeof *ids);
	for (i = 0; i < rows->count; i++)
		ids[i] = hits[i].contact_id;
	rc = cli_export_contacts(app, NULL, 0, ids, rows->count, o);
	free(ids);
	return (rc);
}

/*
 * lookup's second table: the phones and addresses of the organizations
 * at a place whose label o's query names ("the fax for Midtown"), after
 * a blank line when a table came before; *n how many.
 */
static int
cli_lookup_places(struct app *app, const struct cli_opts *o, bool after,
    size_t *n)
{
	static const char *const cols[] = { "organization", "what", "type",
	    "value", "where" };
	struct store_grid	 g;
	struct sb_error		 err;
	int			 rc = CLI_EXIT_OK;

	*n = 0;
	if (store_org_places(app->db, o->args[0], CLI_LOOKUP_LIMIT, &g,
	    &err) != SB_OK) {
		cli_error(&err);
		return (CLI_EXIT_ERROR);
	}
	if ((*n = g.rows) > 0) {
		if (after)
			putchar('\n');
		rc = cli_emit_rows(cli_grid_table(&g, cols, SB_ARRAY_LEN(cols)),
		    o, g.rows, NULL);
	}
	store_grid_free(&g);
	return (rc);
}

int
cli_lookup(struct app *app, int argc, char **argv)
{
	static const struct cli_spec spec = { .usage =
		"lookup QUERY [--format text|csv|tsv|json] [--raw] [--as ROLE]",
		.formats = CLI_FMT_TABLES, .nargs = 1 };
	static const char *const cols[] = { "name", "organizations",
	    "phones", "emails" };
	struct cli_opts		 o = { .format = OUT_TEXT };
	struct store_rows	 rows;
	struct out_table	*t;
	struct sb_error		 err;
	const struct store_hit	*hits;
	size_t			 i, places = 0;
	int			 rc;

	if ((rc = cli_start(app, &spec, argc, argv, &o)) != CLI_EXIT_OK)
		return (rc == CLI_PARSE_DONE ? CLI_EXIT_OK : rc);
	if (store_directory_search(app->db, o.args[0], CLI_LOOKUP_LIMIT,
	    &rows, &err) != SB_OK) {
		cli_error(&err);
		app_close(app);
		return (CLI_EXIT_ERROR);
	}
	t = out_table_create(cols, SB_ARRAY_LEN(cols));
	hits = rows.rows;
	for (i = 0; i < rows.count && rc == CLI_EXIT_OK &&
	    o.format == OUT_TEXT; i++) {
		if (cli_lookup_add(app, &hits[i], t, &err) != SB_OK) {
			cli_error(&err);
			rc = CLI_EXIT_ERROR;
		}
	}
	if (rc == CLI_EXIT_OK && o.format != OUT_TEXT)
		rc = cli_lookup_export(app, &rows, &o);
	else if (rc == CLI_EXIT_OK && rows.count > 0)
		rc = cli_emit(t, &o, 0, NULL);
	/* In words, also the organizations' own numbers and places there. */
	if (rc == CLI_EXIT_OK && o.format == OUT_TEXT)
		rc = cli_lookup_places(app, &o, rows.count > 0, &places);
	if (rc == CLI_EXIT_OK && rows.count == 0 && places == 0) {
		cli_say(o.format == OUT_TEXT ? "switchboard: nothing matches "
		    "\"" : "switchboard: no contact matches \"", o.args[0],
		    "\"");
		rc = CLI_EXIT_NONE;
	} else if (rc == CLI_EXIT_OK && rows.more)
		fprintf(stderr, "switchboard: only the first %d matches are "
		    "shown\n", CLI_LOOKUP_LIMIT);
	out_table_free(t);
	store_rows_free(&rows);
	app_close(app);
	return (rc);
}

/* Resolve every --org into ids[] (caller frees each). */
static int
cli_org_resolve_all(struct app *app, const struct cli_opts *o, char **ids)
{
	size_t	i;
	int	rc;

	for (i = 0; i < o->norgs; i++)
		if ((rc = cli_org_resolve(app, o->orgs[i], &ids[i])) !=
		    CLI_EXIT_OK)
			return (rc);
	return (CLI_EXIT_OK);
}

static void
cli_emergency_add(struct out_table *t, const struct store_emergency *e,
    bool text)
{
	const char	*cells[6];

	cells[0] = e->org_name;
	cells[1] = e->name;
	cells[2] = text ? (e->primary ? "primary" : "") :
	    (e->primary ? "true" : "false");
	cells[3] = e->mobile;
	cells[4] = e->email;
	cells[5] = text ? (e->do_not_contact ? "DO NOT CONTACT" : "") :
	    (e->do_not_contact ? "true" : "false");
	out_table_add(t, cells);
}

int
cli_emergency(struct app *app, int argc, char **argv)
{
	static const struct cli_spec spec = { .usage =
		"emergency [--org NAME]... [--format text|csv|tsv|json]"
		" [--raw] [--as ROLE]", .formats = CLI_FMT_TABLES,
		.max_orgs = CLI_ORG_MAX };
	static const char *const cols[] = { "organization", "name",
	    "primary", "mobile", "email", "do_not_contact" };
	struct cli_opts			 o = { .format = OUT_TEXT };
	struct store_rows		 rows = { .count = 0 };
	struct out_table		*t = NULL;
	struct sb_error			 err;
	const struct store_emergency	*e;
	char				*ids[CLI_ORG_MAX] = { NULL };
	size_t				 i;
	int				 rc;

	if ((rc = cli_start(app, &spec, argc, argv, &o)) != CLI_EXIT_OK)
		return (rc == CLI_PARSE_DONE ? CLI_EXIT_OK : rc);
	if ((rc = cli_org_resolve_all(app, &o, ids)) != CLI_EXIT_OK)
		goto out;
	if (store_emergency_list(app->db, (const char *const *)ids, o.norgs,
	    &rows, &err) != SB_OK) {
		cli_error(&err);
		rc = CLI_EXIT_ERROR;
		goto out;
	}
	t = out_table_create(cols, SB_ARRAY_LEN(cols));
	out_table_set_truth(t, 2);
	out_table_set_truth(t, 5);
	e = rows.rows;
	for (i = 0; i < rows.count; i++)
		cli_emergency_add(t, &e[i], o.format == OUT_TEXT);
	if (o.format != OUT_TEXT || rows.count > 0)
		rc = cli_emit(t, &o, OUT_GROUP, NULL);
	if (rc == CLI_EXIT_OK && rows.count == 0) {
		fputs("switchboard: no emergency contacts\n", stderr);
		rc = CLI_EXIT_NONE;
	}
	store_rows_free(&rows);
out:
	for (i = 0; i < o.norgs; i++)
		free(ids[i]);
	out_table_free(t);
	app_close(app);
	return (rc);
}

int
cli_export(struct app *app, int argc, char **argv)
{
	static const struct cli_spec spec = { .usage =
		"export contacts [--org NAME]... [--format csv|tsv|json|vcard]"
		" [--vcard-version 4.0|3.0] [--raw] [--as ROLE]", .formats =
		CLI_FMT(OUT_CSV) | CLI_FMT(OUT_TSV) | CLI_FMT(OUT_JSON) |
		CLI_FMT(OUT_VCARD), .max_orgs = CLI_ORG_MAX, .nargs = 1 };
	struct cli_opts		 o = { .format = OUT_CSV };
	char			*ids[CLI_ORG_MAX] = { NULL };
	size_t			 i;
	int			 rc;

	if (argc > 1 && strcmp(argv[1], "contacts") != 0 &&
	    argv[1][0] != '-')
		return (cli_usage(&spec));
	if ((rc = cli_start(app, &spec, argc, argv, &o)) != CLI_EXIT_OK)
		return (rc == CLI_PARSE_DONE ? CLI_EXIT_OK : rc);
	if (strcmp(o.args[0], "contacts") != 0) {
		rc = cli_usage(&spec);
		goto out;
	}
	if (o.vcard_version != 0 && o.format != OUT_VCARD) {
		fputs("switchboard: --vcard-version goes with --format vcard\n",
		    stderr);
		rc = cli_usage(&spec);
		goto out;
	}
	if ((rc = cli_org_resolve_all(app, &o, ids)) != CLI_EXIT_OK)
		goto out;
	rc = cli_export_contacts(app, (const char *const *)ids, o.norgs,
	    NULL, 0, &o);
out:
	for (i = 0; i < o.norgs; i++)
		free(ids[i]);
	app_close(app);
	return (rc);
}

int
cli_query(struct app *app, int argc, char **argv)
{
	static const struct cli_spec spec = {
	    .usage = "query QUERY [--as ROLE]", .nargs = 1 };
	static const char *const cols[] = { "email", "name",
	    "organizations" };
	struct cli_opts		 o = { .format = OUT_MUTT };
	struct store_grid	 g;
	struct out_table	*t;
	struct sb_error		 err;
	char			*status;
	int			 rc;

	if ((rc = cli_start(app, &spec, argc, argv, &o)) != CLI_EXIT_OK)
		return (rc == CLI_PARSE_DONE ? CLI_EXIT_OK : rc);
	if (store_email_search(app->db, o.args[0], CLI_QUERY_LIMIT, &g,
	    &err) != SB_OK) {
		cli_error(&err);
		app_close(app);
		return (CLI_EXIT_ERROR);
	}
	t = cli_grid_table(&g, cols, SB_ARRAY_LEN(cols));
	status = g.rows == 0 ? xstrdup("No matches") :
	    xasprintf("Searching... %zu %s%s", g.rows,
	    g.rows == 1 ? "entry" : "entries",
	    g.more ? " (more: type more of the name)" : "");
	rc = cli_emit(t, &o, 0, status);
	if (rc == CLI_EXIT_OK && g.rows == 0)
		rc = CLI_EXIT_NONE;
	free(status);
	out_table_free(t);
	store_grid_free(&g);
	app_close(app);
	return (rc);
}

int
cli_dispatch(struct app *app, int argc, char **argv, const char *what,
    const char *const *names, int (*const *run)(struct app *, int, char **),
    size_t n)
{
	size_t	i;

	for (i = 0; argc > 1 && i < n; i++)
		if (strcmp(argv[1], names[i]) == 0)
			return (run[i](app, argc - 1, argv + 1));
	cli_say_unknown(what, argc > 1 ? argv[1] : NULL, names, n);
	return (CLI_EXIT_USAGE);
}
