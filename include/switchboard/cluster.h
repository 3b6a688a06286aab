/* The embedded PostgreSQL cluster: a private server on a unix socket. */
#ifndef SWITCHBOARD_CLUSTER_H
#define SWITCHBOARD_CLUSTER_H

#include "switchboard/error.h"

/* Name of the database the program uses inside the cluster. */
#define CLUSTER_DATABASE	"switchboard"
/* Bootstrap superuser: cluster administration and migrations only. */
#define CLUSTER_SUPERUSER	"postgres"
/* System user the server runs as when Switchboard is started as root. */
#define CLUSTER_SYSTEM_USER	"switchboard"

struct cluster;

/*
 * Where the user's cluster lives: $XDG_DATA_HOME/switchboard/cluster
 * (default ~/.local/share/switchboard/cluster); as root, where the
 * unprivileged server can reach it (see doc/switchboard.1). Caller frees.
 */
char		*cluster_default_dir(void);

/*
 * A handle on the cluster in dir; finds the server programs (never through
 * PATH alone). Starts nothing. Caller frees with cluster_free.
 */
enum sb_status	 cluster_open(const char *dir, struct cluster **out,
		     struct sb_error *err);

/*
 * Create the cluster if dir holds none (refusing, with nothing deleted, a
 * directory that holds something else), start the server if it is not
 * running, make sure CLUSTER_DATABASE exists, and register this process as
 * a user of the cluster until cluster_release or exit.
 */
enum sb_status	 cluster_start(struct cluster *c, struct sb_error *err);

/*
 * For a process registered by cluster_start: if the server has stopped
 * since (killed, or stopped by hand), start it again; *started says
 * whether it had to. Does nothing for a cluster not started here.
 */
enum sb_status	 cluster_revive(struct cluster *c, int *started,
		     struct sb_error *err);

/*
 * Unregister this process; stop the server when no other process uses it.
 * Safe to call when cluster_start failed or was never called.
 */
enum sb_status	 cluster_release(struct cluster *c, struct sb_error *err);

/* libpq host (the socket directory) and port. Borrowed from c. */
const char	*cluster_socket_dir(const struct cluster *c);
int		 cluster_port(const struct cluster *c);

/* Release (if still registered) and free. NULL is allowed. */
void		 cluster_free(struct cluster *c);

/*
 * A throwaway cluster for tests: initdb --no-sync, fsync off, small shared
 * memory. Never for data anyone keeps. Call before cluster_start.
 */
void		 cluster_set_throwaway(struct cluster *c, int on);

/* The data directory (PGDATA) inside the cluster directory. Borrowed. */
const char	*cluster_data_dir(const struct cluster *c);

/* Internal to src/cluster*.c: running the PostgreSQL programs. */
#include <sys/types.h>

#define CLUSTER_MAX_GROUPS	64

/* Who the server runs as when we are root. Embedded in struct cluster. */
struct cluster_user {
	uid_t		uid;
	gid_t		gid;
	gid_t		groups[CLUSTER_MAX_GROUPS];
	int		ngroups;
};

/*
 * Run argv (argv[0] an absolute path) with a minimal environment, as u if
 * u is not NULL; the last size - 1 bytes of its output go into out.
 * Returns the exit status, or -1 if it could not run or died of a signal.
 */
int		 cluster_exec_run(const struct cluster_user *u,
		     char *const argv[], char *out, size_t size);

/* Can u write to and enter path? Checked in a child as u. */
int		 cluster_exec_can_write(const struct cluster_user *u,
		     const char *path);

/* The directory holding initdb, pg_ctl and postgres. Caller frees. */
char		*cluster_exec_find_bindir(struct sb_error *err);

/* The server's major version ("15") into major. */
enum sb_status	 cluster_exec_major(const char *bindir, char *major,
		     size_t size, struct sb_error *err);

/* Fill u for CLUSTER_SYSTEM_USER, creating that user if missing. */
enum sb_status	 cluster_exec_system_user(struct cluster_user *u,
		     struct sb_error *err);

/* Internal to src/cluster*.c: the server's configuration. */

/* Only the socket file carries the port; it never opens a TCP port. */
#define CLUSTER_PORT		5432
#define CLUSTER_PORT_TEXT	"5432"

/*
 * Write datadir/switchboard.conf, included from postgresql.conf, on every
 * start, so a moved directory still gets its own socket directory (and
 * an existing cluster the current memory settings); owned by owner when
 * that is not NULL (the server's user, when we are root).
 */
enum sb_status	 cluster_conf_write(const char *datadir, const char *rundir,
		     int throwaway, const struct cluster_user *owner,
		     struct sb_error *err);

/* Have the stock postgresql.conf include ours (once, after initdb). */
enum sb_status	 cluster_conf_include(const char *datadir,
		     struct sb_error *err);

#endif
