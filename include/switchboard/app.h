/* The program's long-lived objects and how they are wired at start-up. */
#ifndef SWITCHBOARD_APP_H
#define SWITCHBOARD_APP_H

#include <stdbool.h>

#include "switchboard/error.h"

/*
 * On the embedded cluster, the person who owns it: a super admin of their
 * private directory. Created on start-up; the superuser does no normal work.
 */
#define APP_LOCAL_PERSON	"switchboard_local"

struct cluster;
struct config_profile;
struct db;
struct db_pool;
struct progress;

/* What the command line asked for; strings borrowed from argv. */
struct app_options {
	int		 demo;		/* load the demo data set */
	const char	*as_role;	/* demo: whom to connect as */
	const char	*cluster_dir;	/* NULL: cluster_default_dir() */
	/* A server profile (borrowed from the config), or NULL. */
	const struct config_profile *profile;
	const char	*passphrase_fd;	/* --passphrase-fd; NULL: ask */
	int		 read_only;	/* lookups only: a standby may serve */
	/* The person's collation, a BCP 47 tag; NULL: the folded order. */
	const char	*collation;
	/* Told what a slow start is doing (first start, demo load). */
	const struct progress *progress;
};

struct app {
	struct app_options	 opts;
	struct cluster		*cluster;	/* NULL when a server is used */
	char			*cluster_dir;
	struct db		*db;		/* the person's connection */
	struct db_pool		*pool;		/* with a profile: owns db */
};

/*
 * Bring up the database. With a profile: its server, the password from
 * the vault (the passphrase asked on the terminal or read from
 * passphrase_fd); db is the primary, or with read_only a standby when the
 * profile lists one. Otherwise the embedded cluster (created and started when
 * needed, migrated, optionally filled with the demo data), then connect as
 * the person. On failure err says what and how to fix it.
 */
enum sb_status	 app_open(struct app *app, const struct app_options *opts,
		     struct sb_error *err);

/*
 * Whether opts name a server (a profile, or the libpq environment:
 * PGHOST, PGHOSTADDR, PGSERVICE, PGDATABASE) rather than the embedded
 * cluster.
 */
bool		 app_names_server(const struct app_options *opts);

/* Where app_make_person made a login a person's, if it did. */
enum app_made {
	APP_MADE_NONE,
	APP_MADE_EMBEDDED,	/* reached over the private socket as it is */
	APP_MADE_SERVER		/* needs a password or a pg_hba.conf line */
};

/*
 * Make login a person's login (created, or added to the persons' group)
 * so that access can be granted to it: on the embedded cluster, which
 * only its owner can reach, as the cluster's superuser; on a server as
 * the session itself, when it is a super admin whose role may create
 * roles. Never for a role that cannot log in.
 */
enum app_made	 app_make_person(struct app *app, const char *login);

/* Disconnect and release the cluster (stopping it if this was its last
 * user). Safe on a partly opened app. */

void		 app_close(struct app *app);

#endif
