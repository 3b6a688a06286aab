/* The init subcommand: the schema on a server and its first super admin. */
#include "config.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "switchboard/app.h"
#include "switchboard/cli.h"
#include "switchboard/store-init.h"
#include "switchboard/util.h"

#include "cli-int.h"

/*
 * Why st or login keep init from changing anything: CLI_EXIT_OK, or
 * CLI_EXIT_ERROR after saying why and what to do.
 */
static int
cli_init_refuse(const struct store_init_state *st, const char *login)
{
	if (!st->superuser)
		cli_say("switchboard: init needs a PostgreSQL superuser: "
		    "connect as postgres (PGUSER=postgres) or another "
		    "superuser; \"", st->me, "\" is not one");
	else if (st->owner_login)
		fprintf(stderr, "switchboard: the schema's owner role %s can "
		    "log in, and whoever does can change anything: make it "
		    "NOLOGIN first (psql: ALTER ROLE %s NOLOGIN)\n",
		    store_init_owner, store_init_owner);
	else if (st->own)
		cli_say("switchboard: \"", login, "\" is one of the schema's "
		    "own roles, which never log in; name a person's login");
	else if (st->super || st->bypass)
		cli_say("switchboard: \"", login, st->super ? "\" is a "
		    "PostgreSQL superuser, whom row-level security does not "
		    "hold; name a person's own login" : "\" bypasses "
		    "row-level security; name a person's own login");
	else if (st->exists && !st->login)
		cli_say("switchboard: \"", login, "\" is a role that cannot "
		    "log in; name a person's login, or let it log in first");
	else
		return (CLI_EXIT_OK);
	return (CLI_EXIT_ERROR);
}

/* What happened to the schema, on stdout. */
static void
cli_init_say_schema(const struct store_init_state *before,
    size_t migrations, size_t modules)
{
	char	*what;

	if (!before->installed)
		what = xasprintf("Installed the schema (%zu migrations, %zu "
		    "modules) in database \"", migrations, modules);
	else if (migrations > 0 || modules > 0)
		what = xasprintf("Upgraded the schema (%zu migrations, %zu "
		    "modules) in database \"", migrations, modules);
	else
		what = xstrdup("The schema is already up to date in "
		    "database \"");
	cli_done(what, before->database, "\".");
	printf("Its owner role, %s, cannot log in.\n", store_init_owner);
	free(what);
}

/* How the person whose login init created logs in, on stdout. */
static void
cli_init_say_next(const char *login)
{
	char	*quoted = util_quote(login, '"', "\"\"");

	cli_done("Created the login \"", login, "\", with no password yet.");
	puts("Next, so that its person can log in, a superuser sets its "
	    "password in psql:");
	cli_done("  \\password ", quoted, "");
	puts("or lets the operating-system user of that name log in by peer "
	    "authentication (a \"local ... peer\" line in pg_hba.conf).");
	free(quoted);
}

/* The login checked, made a super admin, and what was done said. */
static int
cli_init_person(struct app *app, const struct store_init_state *st,
    const char *login)
{
	struct sb_error	err;
	bool		granted;

	if (store_init_super_admin(app->db, login, !st->exists, &granted,
	    &err) != SB_OK) {
		cli_error(&err);
		return (CLI_EXIT_ERROR);
	}
	if (!st->exists)
		cli_init_say_next(login);
	cli_done(granted ? "Made \"" : "\"", login, granted ?
	    "\" a super admin." : "\" is a super admin already.");
	puts("A super admin lets others in with \"switchboard access "
	    "grant\".");
	return (CLI_EXIT_OK);
}

/* st read for login, and checked: CLI_EXIT_OK, or the status to return. */
static int
cli_init_check(struct app *app, const char *login,
    struct store_init_state *st)
{
	struct sb_error	err;

	if (store_init_read(app->db, login, st, &err) != SB_OK) {
		cli_error(&err);
		return (CLI_EXIT_ERROR);
	}
	return (cli_init_refuse(st, login));
}

/*
 * The schema installed or upgraded, then st read again and checked for
 * what the migrations made (the owner role).
 */
static int
cli_init_schema(struct app *app, const char *login,
    struct store_init_state *st)
{
	struct store_init_state	before = *st;
	struct sb_error		err;
	size_t			migrations, modules;
	int			rc;

	if (store_init_schema(app->db, before.installed, &migrations,
	    &modules, &err) != SB_OK) {
		cli_error(&err);
		return (CLI_EXIT_ERROR);
	}
	if ((rc = cli_init_check(app, login, st)) == CLI_EXIT_OK)
		cli_init_say_schema(&before, migrations, modules);
	return (rc);
}

int
cli_init(struct app *app, int argc, char **argv)
{
	static const char *const values[] = { "super-admin", NULL };
	static const struct cli_spec spec = {
	    .usage = "init --super-admin LOGIN", .writes = true,
	    .values = values, .required = 1, .embedded = "init is for a "
	    "server named by PGHOST, PGSERVICE, ... or --profile; the "
	    "embedded database needs none: whoever creates it is its first "
	    "super admin (see switchboard whoami)" };
	struct cli_opts		 o = { .format = OUT_TEXT };
	struct store_init_state	 st;
	const char		*login;
	int			 rc;

	if ((rc = cli_start(app, &spec, argc, argv, &o)) != CLI_EXIT_OK)
		return (rc == CLI_PARSE_DONE ? CLI_EXIT_OK : rc);
	login = o.value[0];
	if (*login == '\0' || strlen(login) > STORE_INIT_NAME_MAX) {
		fprintf(stderr, "switchboard: a login name has 1 to %d "
		    "bytes\n", STORE_INIT_NAME_MAX);
		rc = cli_usage(&spec);
	} else if ((rc = cli_init_check(app, login, &st)) == CLI_EXIT_OK &&
	    (rc = cli_init_schema(app, login, &st)) == CLI_EXIT_OK)
		rc = cli_init_person(app, &st, login);
	app_close(app);
	return (rc);
}
