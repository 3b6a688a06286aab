/* Owns the long-lived objects and wires them together at start-up. */
#include "config.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "switchboard/app.h"
#include "switchboard/cluster.h"
#include "switchboard/db-pool.h"
#include "switchboard/db-pq.h"
#include "switchboard/demo.h"
#include "switchboard/migrate.h"
#include "switchboard/profile.h"
#include "switchboard/progress.h"
#include "switchboard/secret.h"
#include "switchboard/store-init.h"
#include "switchboard/store.h"
#include "switchboard/util.h"

#include <libpq-fe.h>

static const char	*app_person(const struct app_options *);

/* Connect to the embedded cluster's database as role. */
static enum sb_status
app_connect_embedded(struct app *app, const char *role, struct db **out,
    struct sb_error *err)
{
	struct db_params	 p = { .count = 0 };
	char			 port[16];

	snprintf(port, sizeof port, "%d", cluster_port(app->cluster));
	db_params_set(&p, "host", cluster_socket_dir(app->cluster));
	db_params_set(&p, "port", port);
	db_params_set(&p, "dbname", CLUSTER_DATABASE);
	db_params_set(&p, "user", role);
	db_params_set(&p, "options", DB_SESSION_OPTIONS);
	return db_connect(&p, out, err);
}

/*
 * Schema upkeep and the demo data need the cluster's superuser; nothing
 * else does, so that connection is closed before the UI starts.
 */
static enum sb_status
app_prepare_embedded(struct app *app, struct sb_error *err)
{
	struct db	*admin;
	enum sb_status	 status;

	status = app_connect_embedded(app, CLUSTER_SUPERUSER, &admin, err);
	if (status != SB_OK)
		return status;
	progress_say(app->opts.progress, "bringing the database up to date",
	    0, 0);
	status = migrate_run(db_conn(admin), err);
	if (status == SB_OK)
		status = demo_people_ensure(admin, APP_LOCAL_PERSON,
		    "super_admin", NULL, err);
	if (status == SB_OK && app->opts.demo)
		status = demo_load_shown(admin, app->opts.progress, err);
	db_free(admin);
	return status;
}

/*
 * Whether the schema is current and the local person set up, asked on the
 * person's own connection in one round trip: the newest applied migration
 * and how many there are against the compiled-in list, the modules'
 * checksums against the program's, and (for the local person) whether it
 * sees everything. Any error means "not known": the caller takes the
 * superuser's path, which repairs or reports it.
 */
static bool
app_schema_current(struct app *app, struct db *db)
{
	const struct migration	*last = &migrate_list[migrate_count - 1];
	PGresult		*res;
	struct sb_error		 scratch;
	const char		*params[1];
	char			*modules;
	bool			 ok;

	modules = migrate_module_state();
	params[0] = modules;
	if (db_exec(db, "SELECT coalesce(max(version), 0), count(*),"
	    " sb.access_sees_all(current_user),"
	    " (SELECT coalesce(string_agg(name || ' ' || checksum || E'\\n',"
	    " '' ORDER BY name COLLATE \"C\"), '') FROM sb.schema_modules)"
	    " = $1 FROM sb.schema_migrations", 1, params, &res,
	    &scratch) != SB_OK) {
		free(modules);
		return false;
	}
	free(modules);
	ok = atoi(PQgetvalue(res, 0, 0)) == last->version &&
	    strtoul(PQgetvalue(res, 0, 1), NULL, 10) == migrate_count &&
	    PQgetvalue(res, 0, 3)[0] == 't' &&
	    (strcmp(app_person(&app->opts), APP_LOCAL_PERSON) != 0 ||
	    PQgetvalue(res, 0, 2)[0] == 't');
	PQclear(res);
	return ok;
}

/*
 * Open the person's connection. The superuser's upkeep (migrations, the
 * person check, the demo data) runs only when something is pending: on
 * most launches the person's connection and one query are all it takes.
 */
static enum sb_status
app_open_embedded(struct app *app, struct sb_error *err)
{
	const char	*person = app_person(&app->opts);
	struct sb_error	 scratch;
	enum sb_status	 status;

	if (!app->opts.demo && app_connect_embedded(app, person, &app->db,
	    &scratch) == SB_OK) {
		if (app_schema_current(app, app->db))
			return SB_OK;
		db_free(app->db);
		app->db = NULL;
	}
	status = app_prepare_embedded(app, err);
	if (status == SB_OK)
		status = app_connect_embedded(app, person, &app->db, err);
	return status;
}

/*
 * A server named by a profile or the standard libpq environment (PGHOST,
 * PGSERVICE, ...) is used as it is: no embedded cluster, no schema
 * changes (switchboard init makes those).
 */
bool
app_names_server(const struct app_options *opts)
{
	static const char *const vars[] = { "PGHOST", "PGHOSTADDR",
	    "PGSERVICE", "PGDATABASE" };
	size_t	i;

	if (opts->profile != NULL)
		return true;
	if (opts->cluster_dir != NULL)
		return false;
	for (i = 0; i < SB_ARRAY_LEN(vars); i++)
		if (getenv(vars[i]) != NULL && *getenv(vars[i]) != '\0')
			return true;
	return false;
}

static enum sb_status
app_open_server(struct app *app, struct sb_error *err)
{
	struct db_params	p = { .count = 0 };

	if (app->opts.demo)
		return sb_error_set(err, SB_INVALID, "--demo loads the demo "
		    "data into the embedded database, not into a server");
	if (app->opts.as_role != NULL)
		db_params_set(&p, "user", app->opts.as_role);
	return db_connect(&p, &app->db, err);
}

/* The profile's server: writes on the primary, lookups on a standby. */
static enum sb_status
app_open_profile(struct app *app, struct sb_error *err)
{
	enum sb_status	status;
	int		fd = -1;

	if (app->opts.demo || app->opts.as_role != NULL)
		return sb_error_set(err, SB_INVALID, "--demo and --as are for "
		    "the embedded database; a profile names its own user");
	if (app->opts.passphrase_fd != NULL &&
	    (status = secret_parse_fd(app->opts.passphrase_fd, &fd, err)) !=
	    SB_OK)
		return status;
	status = profile_connect(app->opts.profile, fd, app->opts.read_only,
	    &app->pool, err);
	if (status != SB_OK)
		return status;
	app->db = app->opts.read_only ? db_pool_reader(app->pool) :
	    db_pool_writer(app->pool);
	return SB_OK;
}

/* Who to be on the embedded cluster: --as, the demo's super admin, or the
 * cluster's own person. */
static const char *
app_person(const struct app_options *opts)
{
	if (opts->as_role != NULL || opts->demo)
		return demo_role(opts->as_role);
	return APP_LOCAL_PERSON;
}

/* Open the embedded cluster and connect to it as the person. */
static enum sb_status
app_open_cluster(struct app *app, const struct app_options *opts,
    struct sb_error *err)
{
	enum sb_status	status;

	app->cluster_dir = opts->cluster_dir != NULL ?
	    xstrdup(opts->cluster_dir) : cluster_default_dir();
	status = cluster_open(app->cluster_dir, &app->cluster, err);
	if (status == SB_OK) {
		cluster_set_progress(app->cluster, opts->progress);
		status = cluster_start(app->cluster, err);
	}
	if (status == SB_OK)
		status = app_open_embedded(app, err);
	/* Only opening is told: later restarts happen under the interface. */
	if (app->cluster != NULL)
		cluster_set_progress(app->cluster, NULL);
	app->opts.progress = NULL;
	return status;
}

enum sb_status
app_open(struct app *app, const struct app_options *opts,
    struct sb_error *err)
{
	enum sb_status	status;

	memset(app, 0, sizeof *app);
	app->opts = *opts;
	if (opts->profile != NULL)
		status = app_open_profile(app, err);
	else if (app_names_server(opts))
		status = app_open_server(app, err);
	else
		status = app_open_cluster(app, opts, err);
	/* Names sort as the person's language does (store-collate.c). */
	if (status == SB_OK)
		db_set_collation(app->db, opts->collation);
	return status;
}

/* Make login a person's as the embedded cluster's superuser. */
static enum app_made
app_make_embedded(struct app *app, const char *login, bool create)
{
	struct sb_error	 err;
	struct db	*su;
	enum app_made	 made = APP_MADE_NONE;

	if (app_connect_embedded(app, CLUSTER_SUPERUSER, &su, &err) != SB_OK)
		return (APP_MADE_NONE);
	if (store_init_person(su, login, create, &err) == SB_OK)
		made = APP_MADE_EMBEDDED;
	db_free(su);
	return (made);
}

enum app_made
app_make_person(struct app *app, const char *login)
{
	struct store_grid	 g;
	struct sb_error		 err;
	const char		*state;
	enum app_made		 made = APP_MADE_NONE;
	bool			 create, may;

	if (store_access_login(app->db, login, &g, &err) != SB_OK)
		return (APP_MADE_NONE);
	state = g.rows == 1 ? store_grid_cell(&g, 0, 0) : "";
	may = g.rows == 1 && strcmp(store_grid_cell(&g, 0, 1), "t") == 0;
	create = strcmp(state, "missing") == 0;
	if (create || strcmp(state, "outside") == 0) {
		if (app->cluster != NULL)
			made = app_make_embedded(app, login, create);
		else if (may && store_init_person(app->db, login, create,
		    &err) == SB_OK)
			made = APP_MADE_SERVER;
	}
	store_grid_free(&g);
	return (made);
}

void
app_close(struct app *app)
{
	if (app->pool != NULL)
		db_pool_free(app->pool);
	else
		db_free(app->db);
	app->pool = NULL;
	app->db = NULL;
	if (app->cluster != NULL) {
		cluster_release(app->cluster, NULL);
		cluster_free(app->cluster);
		app->cluster = NULL;
	}
	free(app->cluster_dir);
	app->cluster_dir = NULL;
}
