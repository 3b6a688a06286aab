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
 * directory that holds something else, or an entry that is not what we
 * made: a link, another kind of file, as root a stranger's), start the
 * server if it is not running, its log bounded (server.log and a few
 * older files), make sure CLUSTER_DATABASE exists, and register this
 * process as a user of the cluster until cluster_release or exit.
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

/* Tell p (borrowed; NULL: nobody) when creating or starting takes time. */
struct progress;
void		 cluster_set_progress(struct cluster *c,
		     const struct progress *p);

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
 * u is not NULL; the last size - 1 bytes of its output go into out, but
 * its standard output goes to logfd if that is not -1. Returns the exit
 * status, or -1 if it could not run or died of a signal.
 */
int		 cluster_exec_run(const struct cluster_user *u,
		     char *const argv[], int logfd, char *out, size_t size);

/* Become u for good; 0, or -1 if anything is left over. */
int		 cluster_exec_drop(const struct cluster_user *u);

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
 * Write switchboard.conf into the data directory (datafd, at datadir),
 * included from postgresql.conf, on every start, so a moved directory
 * still gets its own socket directory (and an existing cluster the
 * current memory and log settings); owned by owner when that is not NULL
 * (the server's user, when we are root).
 */
enum sb_status	 cluster_conf_write(int datafd, const char *datadir,
		     const char *rundir, int throwaway,
		     const struct cluster_user *owner, struct sb_error *err);

/*
 * As the superuser on the socket in rundir, create CLUSTER_DATABASE if
 * it is missing; on failure err names datadir and points at logfile.
 */
enum sb_status	 cluster_db_ensure(const char *rundir, const char *datadir,
		     const char *logfile, struct sb_error *err);

/* Have the stock postgresql.conf include ours (once, after initdb). */
enum sb_status	 cluster_conf_include(int datafd, const char *datadir,
		     const struct cluster_user *owner, struct sb_error *err);

/*
 * Internal to src/cluster*.c: steps in the cluster directory, which the
 * server's user owns and so can change: never through a link, never on a
 * file of another kind, owner or with another name.
 */

/*
 * Can dir be a cluster directory? pg_ctl pastes the data directory into
 * a shell command line inside double quotes: nothing may break out of
 * them; and the socket's path must fit.
 */
enum sb_status	 cluster_fs_check_path(const char *dir,
		     struct sb_error *err);

/* Wanted: a directory (else a regular file); one Switchboard remakes. */
#define CLUSTER_FS_DIR		0x1
#define CLUSTER_FS_REMADE	0x2

struct stat;

/* What mode says a file is ("a symbolic link"), for messages. Static. */
const char	*cluster_fs_kind(mode_t mode);

/*
 * Is sb, of path, what how asks for, owned by root or u (u NULL: by
 * anyone), and if a regular file, its only name? If not, SB_CORRUPT with
 * err saying what it is instead and what to do.
 */
enum sb_status	 cluster_fs_check(const struct stat *sb, const char *path,
		     int how, const struct cluster_user *u,
		     struct sb_error *err);

/*
 * Open path, whose last component is in the directory at, with flags
 * (O_CREAT makes it mode 0600), through no link and with no wait on a
 * FIFO, then check it as cluster_fs_check does. *fd is the descriptor,
 * or -1 with errno and err set (errno ENOENT: it is missing).
 */
enum sb_status	 cluster_fs_open(int at, const char *path, int flags,
		     int how, const struct cluster_user *u, int *fd,
		     struct sb_error *err);

/* The same for a directory, made first if missing, then private to u. */
enum sb_status	 cluster_fs_mkdir(int at, const char *path,
		     const struct cluster_user *u, int *fd,
		     struct sb_error *err);

/*
 * Open the cluster directory dir, made with its parents if missing. As
 * root (u not NULL), every directory above it must be one only root can
 * change, and dir itself a directory (no link) of root or u.
 */
enum sb_status	 cluster_fs_open_top(const char *dir,
		     const struct cluster_user *u, int *fd,
		     struct sb_error *err);

/* Internal to src/cluster*.c: the server's log, bounded. */

/*
 * The newest file; the older ones are server.log.1 to server.log.N, N
 * being CLUSTER_LOG_FILES - 1, the oldest last.
 */
#define CLUSTER_LOG_NAME	"server.log"
#define CLUSTER_LOG_FILES	4
/* Bytes each file holds at most: for real use, and in a throwaway. */
#define CLUSTER_LOG_FILE_MAX	(8 * 1024 * 1024)
#define CLUSTER_LOG_TEST_MAX	(256 * 1024)
/* Bytes of a line kept: the rest of a longer line is left out. */
#define CLUSTER_LOG_LINE_MAX	4096

/* Is name, in the cluster directory, one of the log files? */
int		 cluster_log_is_file(const char *name);

/*
 * Start the keeper: a process of its own, as u when that is not NULL, that
 * copies what the server writes to *in into the log files in the
 * directory dirfd, max bytes each at most, and exits when every writer
 * of *in has closed it. First it cuts files over max (from before the
 * keeper) down to their last lines. *done reaches end of file when the
 * keeper has exited. The caller closes both.
 */
enum sb_status	 cluster_log_start(int dirfd,
		     const struct cluster_user *u, off_t max, int *in,
		     int *done, struct sb_error *err);

/* Wait at most ms milliseconds for the keeper behind done; close done. */
void		 cluster_log_wait(int done, int ms);

/* The size of server.log now, so an error shows only what came after. */
off_t		 cluster_log_size(int dirfd);

/*
 * The end of server.log (path, in dirfd) from offset from, at most
 * size - 1 bytes, into text; empty if it cannot be read safely.
 */
void		 cluster_log_read(int dirfd, const char *path,
		     const struct cluster_user *u, off_t from, char *text,
		     size_t size);

#endif
