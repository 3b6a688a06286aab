/* The profile subcommand: add, list, remove, passwd and test profiles. */
#include "config.h"

#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "switchboard/app.h"
#include "switchboard/cli.h"
#include "switchboard/config.h"
#include "switchboard/db-pool.h"
#include "switchboard/db.h"
#include "switchboard/profile.h"
#include "switchboard/secret.h"
#include "switchboard/store.h"
#include "switchboard/term-safe.h"
#include "switchboard/util.h"
#include "switchboard/vault.h"

#define PROFILE_USAGE \
	"usage: switchboard profile add NAME [--host H]... [--port N]\n" \
	"           [--database D] [--user U] [--sslmode M] [--standby H]...\n"\
	"           [--password-fd N] [--passphrase-fd N]\n" \
	"       switchboard profile list\n" \
	"       switchboard profile remove NAME [--passphrase-fd N]\n" \
	"       switchboard profile passwd [--passphrase-fd N]" \
	" [--new-passphrase-fd N]\n" \
	"       switchboard profile test NAME [--passphrase-fd N]\n"

/* What the options said; strings borrowed from argv. */
struct profile_opts {
	struct config_profile	 prof;		/* settings given */
	bool			 fields;	/* any setting given */
	const char		*port;
	int			 password_fd;	/* -1: ask */
	int			 passphrase_fd;	/* -1: ask */
	int			 new_passphrase_fd;
	char			*name;
};

/* A line on stderr quoting untrusted text. */
static void
profile_say(const char *before, const char *untrusted, const char *after)
{
	char	*safe = term_safe_dup(untrusted, TERM_SAFE_SPACE |
	    (term_safe_is_utf8_locale() ? TERM_SAFE_UTF8 : 0));

	fprintf(stderr, "%s%s%s\n", before, safe, after);
	free(safe);
}

static int
profile_fail(const struct sb_error *err)
{
	char	buf[SB_ERROR_MESSAGE_MAX + SB_ERROR_HINT_MAX + 8];

	profile_say("switchboard: ", sb_error_format(err, buf, sizeof buf),
	    "");
	return CLI_EXIT_ERROR;
}

/* Append the comma-separated hosts in s to *list. */
static void
profile_hosts_add(char ***list, size_t *n, const char *s)
{
	char	*copy = xstrdup(s), *tok, *save = NULL;

	for (tok = strtok_r(copy, ", ", &save); tok != NULL;
	    tok = strtok_r(NULL, ", ", &save)) {
		*list = xreallocarray(*list, *n + 1, sizeof **list);
		(*list)[(*n)++] = xstrdup(tok);
	}
	free(copy);
}

static void
profile_opts_clear(struct profile_opts *o)
{
	size_t	i;

	for (i = 0; i < o->prof.nhosts; i++)
		free(o->prof.hosts[i]);
	for (i = 0; i < o->prof.nstandby; i++)
		free(o->prof.standby_hosts[i]);
	free(o->prof.hosts);
	free(o->prof.standby_hosts);
	free(o->prof.database);
	free(o->prof.user);
	free(o->prof.sslmode);
}

/* Replace *dst with a copy of s. */
static void
profile_set_str(char **dst, const char *s)
{
	free(*dst);
	*dst = xstrdup(s);
}

/* The descriptor number given to option (its name, for the message). */
static int
profile_parse_fd(const char *option, const char *arg, int *fd)
{
	struct sb_error	err;

	if (secret_parse_fd(arg, fd, &err) != SB_OK) {
		fprintf(stderr, "switchboard: --%s needs an open descriptor "
		    "number\n", option);
		return -1;
	}
	return 0;
}

static int
profile_parse_option(int c, struct profile_opts *o)
{
	switch (c) {
	case 'H':
		profile_hosts_add(&o->prof.hosts, &o->prof.nhosts, optarg);
		break;
	case 'S':
		profile_hosts_add(&o->prof.standby_hosts, &o->prof.nstandby,
		    optarg);
		break;
	case 'p':
		o->port = optarg;
		break;
	case 'd':
		profile_set_str(&o->prof.database, optarg);
		break;
	case 'u':
		profile_set_str(&o->prof.user, optarg);
		break;
	case 's':
		profile_set_str(&o->prof.sslmode, optarg);
		break;
	case 'P':
		return profile_parse_fd("password-fd", optarg,
		    &o->password_fd);
	case 'F':
		return profile_parse_fd("passphrase-fd", optarg,
		    &o->passphrase_fd);
	case 'N':
		return profile_parse_fd("new-passphrase-fd", optarg,
		    &o->new_passphrase_fd);
	default:
		return -1;
	}
	if (c != 'P' && c != 'F' && c != 'N')
		o->fields = true;
	return 0;
}

/* Parse argv after the action; 0, or -1 after a usage error. */
static int
profile_parse(int argc, char **argv, struct profile_opts *o)
{
	static const struct option longopts[] = {
		{ "host", required_argument, NULL, 'H' },
		{ "standby", required_argument, NULL, 'S' },
		{ "port", required_argument, NULL, 'p' },
		{ "database", required_argument, NULL, 'd' },
		{ "user", required_argument, NULL, 'u' },
		{ "sslmode", required_argument, NULL, 's' },
		{ "password-fd", required_argument, NULL, 'P' },
		{ "passphrase-fd", required_argument, NULL, 'F' },
		{ "new-passphrase-fd", required_argument, NULL, 'N' },
		{ NULL, 0, NULL, 0 }
	};
	int	c;

	optind = 0;
	opterr = 1;
	while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1)
		if (profile_parse_option(c, o) != 0)
			return -1;
	if (optind < argc)
		o->name = argv[optind++];
	return optind == argc ? 0 : -1;
}

/* The port option as a number; -1 when it is not one. */
static int
profile_port(const char *s)
{
	char	*end;
	long	 n;

	n = strtol(s, &end, 10);
	if (end == s || *end != '\0' || n < 1 || n > 65535)
		return -1;
	return (int)n;
}

/* Ask one setting on the terminal; a copy of the answer, NULL if empty. */
static char *
profile_ask(const char *prompt)
{
	char	*line = NULL;
	size_t	 size = 0;
	ssize_t	 n;

	fputs(prompt, stderr);
	fflush(stderr);
	if ((n = getline(&line, &size, stdin)) < 0) {
		free(line);
		return NULL;
	}
	line[strcspn(line, "\r\n")] = '\0';
	if (*line == '\0') {
		free(line);
		return NULL;
	}
	return line;
}

/* With a terminal and no settings given: ask for each. */
static void
profile_ask_fields(struct profile_opts *o)
{
	char	*s;

	if ((s = profile_ask("Hosts (comma-separated; empty: the local "
	    "socket): ")) != NULL)
		profile_hosts_add(&o->prof.hosts, &o->prof.nhosts, s);
	free(s);
	if ((s = profile_ask("Port (empty: 5432): ")) != NULL)
		o->prof.port = profile_port(s);
	free(s);
	o->prof.database = profile_ask("Database (empty: the user name): ");
	o->prof.user = profile_ask("User (empty: your login name): ");
	o->prof.sslmode = profile_ask("TLS mode (disable, allow, prefer, "
	    "require, verify-ca, verify-full; empty: prefer): ");
	if ((s = profile_ask("Standby hosts for lookups (comma-separated; "
	    "empty: none): ")) != NULL)
		profile_hosts_add(&o->prof.standby_hosts, &o->prof.nstandby, s);
	free(s);
}

/* The password, then the vault passphrase; then both files saved. */
static int
profile_add_save(struct config *cfg, const struct profile_opts *o)
{
	struct sb_error	 err;
	struct vault	*v = NULL;
	char		*password = NULL;
	int		 rc = CLI_EXIT_ERROR;

	if (vault_harden_process(&err) != SB_OK)
		return profile_fail(&err);
	if (o->password_fd < 0 && !isatty(STDIN_FILENO)) {
		fputs("switchboard: no terminal to ask for the password: give "
		    "it on a descriptor with --password-fd N\n", stderr);
		return CLI_EXIT_USAGE;
	}
	if (secret_read_passphrase("Server password (empty: none): ",
	    o->password_fd, &password, &err) != SB_OK ||
	    profile_vault_open(NULL, o->passphrase_fd, &v, &err) != SB_OK ||
	    profile_save(cfg, v, o->name, password, &err) != SB_OK)
		profile_fail(&err);
	else
		rc = CLI_EXIT_OK;
	secret_free(password);
	vault_close(v);
	return rc;
}

static int
profile_add(struct profile_opts *o)
{
	struct config	*cfg;
	struct sb_error	 err;
	int		 rc;

	if (o->port != NULL && (o->prof.port = profile_port(o->port)) < 0) {
		fputs("switchboard: --port needs a number from 1 to 65535\n",
		    stderr);
		return CLI_EXIT_USAGE;
	}
	if (!o->fields && isatty(STDIN_FILENO))
		profile_ask_fields(o);
	o->prof.name = o->name;
	o->prof.managed = true;
	if (config_load(NULL, &cfg, &err) != SB_OK)
		return profile_fail(&err);
	/* Settings are checked before any secret is asked for. */
	if (config_profile_set(cfg, &o->prof, &err) != SB_OK) {
		profile_fail(&err);
		/* A setting given wrongly is a usage error, as a bad port. */
		rc = err.status == SB_INVALID ? CLI_EXIT_USAGE : CLI_EXIT_ERROR;
	} else
		rc = profile_add_save(cfg, o);
	config_free(cfg);
	if (rc == CLI_EXIT_OK)
		profile_say("switchboard: saved profile \"", o->name, "\"");
	return rc;
}

/* One "key: values" line of profile list; nothing for an empty value. */
static void
profile_list_line(const char *key, char *const *v, size_t n)
{
	char	*joined, *safe;
	size_t	 i;

	if (n == 0 || v[0] == NULL)
		return;
	joined = xstrdup(v[0]);
	for (i = 1; i < n; i++) {
		safe = xasprintf("%s, %s", joined, v[i]);
		free(joined);
		joined = safe;
	}
	safe = term_safe_dup(joined, TERM_SAFE_SPACE |
	    (term_safe_is_utf8_locale() ? TERM_SAFE_UTF8 : 0));
	printf("  %-9s %s\n", key, safe);
	free(safe);
	free(joined);
}

static void
profile_list_one(const struct config *cfg, const struct config_profile *p)
{
	char	 port[16], *safe, *s;
	bool	 dflt;

	dflt = cfg->default_profile != NULL &&
	    strcmp(cfg->default_profile, p->name) == 0;
	safe = term_safe_dup(p->name, TERM_SAFE_SPACE);
	printf("%s%s (%s)\n", safe, dflt ? " [default]" : "",
	    p->managed ? "profiles.yaml" : "config.yaml");
	free(safe);
	profile_list_line("hosts:", p->hosts, p->nhosts);
	snprintf(port, sizeof port, "%d", p->port);
	s = port;
	profile_list_line("port:", &s, p->port != 0);
	profile_list_line("database:", &p->database, 1);
	profile_list_line("user:", &p->user, 1);
	profile_list_line("sslmode:", &p->sslmode, 1);
	profile_list_line("standby:", p->standby_hosts, p->nstandby);
}

static int
profile_list(void)
{
	struct config	*cfg;
	struct sb_error	 err;
	size_t		 i;

	if (config_load(NULL, &cfg, &err) != SB_OK)
		return profile_fail(&err);
	for (i = 0; i < cfg->nprofiles; i++)
		profile_list_one(cfg, &cfg->profiles[i]);
	if (cfg->nprofiles == 0)
		fputs("switchboard: no profiles\n", stderr);
	config_free(cfg);
	return CLI_EXIT_OK;
}

/* The passphrase first (it may be refused), then both files saved. */
static int
profile_remove(const struct profile_opts *o)
{
	struct config	*cfg;
	struct vault	*v = NULL;
	struct sb_error	 err;
	enum sb_status	 st;

	if (config_load(NULL, &cfg, &err) != SB_OK)
		return profile_fail(&err);
	st = config_profile_remove(cfg, o->name, &err);
	if (st == SB_OK && profile_vault_exists())
		st = profile_vault_open(NULL, o->passphrase_fd, &v, &err);
	if (st == SB_OK)
		st = profile_delete(cfg, v, o->name, &err);
	vault_close(v);
	config_free(cfg);
	if (st != SB_OK)
		return st == SB_NOT_FOUND ? (profile_fail(&err),
		    CLI_EXIT_NONE) : profile_fail(&err);
	profile_say("switchboard: removed profile \"", o->name, "\"");
	return CLI_EXIT_OK;
}

static int
profile_passwd(const struct profile_opts *o)
{
	struct sb_error	err;
	int		newfd = o->new_passphrase_fd;

	/* From a descriptor, the new passphrase may follow the old one. */
	if (newfd < 0)
		newfd = o->passphrase_fd;
	if (profile_vault_passwd(o->passphrase_fd, newfd, &err) != SB_OK)
		return profile_fail(&err);
	fputs("switchboard: the vault passphrase is changed\n", stderr);
	return CLI_EXIT_OK;
}

/* "provider admin of Riverside Health": one membership, for people. */
static char *
profile_scope_text(const char *kind, const char *org, int has_org)
{
	char	 what[32];
	size_t	 i;

	snprintf(what, sizeof what, "%s", kind);
	for (i = 0; what[i] != '\0'; i++)
		if (what[i] == '_')
			what[i] = ' ';
	if (!has_org)
		return xasprintf("%s%s", what, strcmp(kind, "support") == 0 ?
		    " for all organizations" : "");
	if (org == NULL)
		return xasprintf("%s of an organization it cannot see", what);
	return xasprintf("%s of %s", what, org);
}

/* The memberships visible to the connected role, one line each. */
static enum sb_status
profile_test_scope(struct db *db, struct sb_error *err)
{
	struct store_grid	 g;
	const char		*org;
	char			*line;
	size_t			 i;

	if (store_session_scope(db, &g, err) != SB_OK)
		return err->status;
	for (i = 0; i < g.rows; i++) {
		org = store_grid_cell(&g, i, 1);
		line = profile_scope_text(store_grid_cell(&g, i, 0),
		    *org != '\0' ? org : NULL,
		    *store_grid_cell(&g, i, 2) != '\0');
		profile_list_line(i == 0 ? "scope:" : "", &line, 1);
		free(line);
	}
	if (g.rows == 0)
		printf("  %-9s none: no memberships, it sees nothing\n",
		    "scope:");
	store_grid_free(&g);
	return SB_OK;
}

/* Server version and role of the writer, then the scope. */
static enum sb_status
profile_test_report(struct db_pool *pool, int standby, struct sb_error *err)
{
	struct store_grid	 g;
	char			*v[2];
	struct db		*db = db_pool_writer(pool);

	if (store_session_get(db, &g, err) != SB_OK)
		return err->status;
	v[0] = (char *)store_grid_cell(&g, 0, 0);
	v[1] = (char *)store_grid_cell(&g, 0, 1);
	profile_list_line("server:", &v[0], 1);
	profile_list_line("role:", &v[1], 1);
	store_grid_free(&g);
	if (standby) {
		v[0] = (char *)db_pool_status(pool);
		profile_list_line("lookups:", &v[0], 1);
	}
	return profile_test_scope(db, err);
}

static int
profile_test(const struct profile_opts *o)
{
	const struct config_profile	*prof;
	struct config			*cfg;
	struct db_pool			*pool = NULL;
	struct sb_error			 err;
	int				 rc = CLI_EXIT_OK;

	if (config_load(NULL, &cfg, &err) != SB_OK)
		return profile_fail(&err);
	if ((prof = config_profile_find(cfg, o->name)) == NULL) {
		profile_say("switchboard: no profile \"", o->name, "\"");
		config_free(cfg);
		return CLI_EXIT_NONE;
	}
	if (profile_connect(prof, o->passphrase_fd, 1, &pool, &err) !=
	    SB_OK ||
	    (profile_say("profile ", o->name, ": connected"),
	    profile_test_report(pool, prof->nstandby > 0, &err)) != SB_OK)
		rc = profile_fail(&err);
	db_pool_free(pool);
	config_free(cfg);
	return rc;
}

/* Actions, the options each takes, and whether it names a profile. */
struct profile_action {
	const char	*name;
	bool		 named;
	bool		 fields;
};

static const struct profile_action profile_actions[] = {
	{ "add", true, true },
	{ "list", false, false },
	{ "remove", true, false },
	{ "passwd", false, false },
	{ "test", true, false },
};

/* Say which action was missing or not known, and the actions there are. */
static void
profile_unknown(const char *word)
{
	const char	*names[SB_ARRAY_LEN(profile_actions)];
	size_t		 i;

	for (i = 0; i < SB_ARRAY_LEN(profile_actions); i++)
		names[i] = profile_actions[i].name;
	cli_say_unknown("profile action", word, names, SB_ARRAY_LEN(names));
	fputs(PROFILE_USAGE, stderr);
}

/* Whether the options fit the action; if not, say what is wrong. */
static bool
profile_fits(const struct profile_action *a, const struct profile_opts *o)
{
	const char	*why = NULL;

	if (a->named && o->name == NULL)
		why = "needs the profile's NAME";
	else if (!a->named && o->name != NULL)
		why = "takes no NAME";
	else if (!a->fields && (o->fields || o->password_fd >= 0))
		why = "takes no server settings";
	if (why == NULL)
		return true;
	fprintf(stderr, "switchboard: profile %s %s\n" PROFILE_USAGE,
	    a->name, why);
	return false;
}

/* Run action i with the parsed options. */
static int
profile_run(size_t i, struct profile_opts *o)
{
	switch (i) {
	case 0:
		return profile_add(o);
	case 1:
		return profile_list();
	case 2:
		return profile_remove(o);
	case 3:
		return profile_passwd(o);
	default:
		return profile_test(o);
	}
}

int
profile_command(struct app *app, int argc, char **argv)
{
	struct profile_opts	o;
	size_t			i;
	int			rc = CLI_EXIT_USAGE;

	memset(&o, 0, sizeof o);
	o.password_fd = o.passphrase_fd = o.new_passphrase_fd = -1;
	if (app->opts.passphrase_fd != NULL &&
	    profile_parse_fd("passphrase-fd", app->opts.passphrase_fd,
	    &o.passphrase_fd) != 0)
		return CLI_EXIT_USAGE;
	for (i = 0; argc > 1 && i < SB_ARRAY_LEN(profile_actions); i++)
		if (strcmp(argv[1], profile_actions[i].name) == 0)
			break;
	if (argc > 1 && strcmp(argv[1], "--help") == 0) {
		fputs(PROFILE_USAGE, stdout);
		return CLI_EXIT_OK;
	}
	if (argc < 2 || i == SB_ARRAY_LEN(profile_actions))
		profile_unknown(argc < 2 ? NULL : argv[1]);
	else if (profile_parse(argc - 1, argv + 1, &o) != 0)
		fputs(PROFILE_USAGE, stderr);
	else if (profile_fits(&profile_actions[i], &o))
		rc = profile_run(i, &o);
	profile_opts_clear(&o);
	return rc;
}
