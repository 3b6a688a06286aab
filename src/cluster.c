/* The embedded PostgreSQL cluster: create, start, share, stop when unused. */
#include "config.h"

#include <sys/file.h>
#include <sys/stat.h>
#include <sys/types.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "switchboard/cluster.h"
#include "switchboard/progress.h"
#include "switchboard/util.h"

/* Bytes of a program's output, and lines of server.log, in an error. */
#define CLUSTER_OUTPUT_MAX	2048
#define CLUSTER_TAIL_LINES	4
#define CLUSTER_TAIL_MAX	(SB_ERROR_MESSAGE_MAX - 128)
/* In dir/run: CLUSTER_DATABASE exists in the server running there. */
#define CLUSTER_DB_MARK		"database.ok"
/* Seconds pg_ctl waits for the server to start or stop. */
#define CLUSTER_WAIT_TEXT	"60"
/* Milliseconds to wait for the log of a server that did not start. */
#define CLUSTER_LOG_WAIT_MS	5000

/*
 * Layout of a cluster directory, with what each entry must be, besides
 * server.log and its older files (cluster-log.c). Anything else in it
 * means the directory is not ours, and it is left alone. As root, the
 * directory belongs to the server's user, who could put anything in
 * it: root follows no link and uses no other kind of file there.
 */
static const struct cluster_entry {
	const char	*name;
	int		 how;		/* CLUSTER_FS_* */
} cluster_entries[] = {
	{ "data", CLUSTER_FS_DIR },
	{ "run", CLUSTER_FS_DIR | CLUSTER_FS_REMADE },
	{ "users.lock", CLUSTER_FS_REMADE },
	{ "control.lock", CLUSTER_FS_REMADE },
};

struct cluster {
	char			*dir;		/* cluster directory */
	char			*datadir;	/* dir/data: PGDATA */
	char			*rundir;	/* dir/run: the socket, 0700 */
	char			*logfile;	/* dir/server.log */
	int			 dirfd;		/* dir, or -1 */
	int			 datafd;	/* data, or -1 */
	int			 runfd;		/* run, or -1 */
	char			*bindir;	/* initdb, pg_ctl, postgres */
	char			 major[16];	/* their major version */
	int			 throwaway;
	int			 as_root;	/* server runs as user */
	struct cluster_user	 user;
	int			 users_fd;	/* shared lock, or -1 */
	pid_t			 users_pid;	/* process holding it */
	const struct progress	*progress;	/* told of slow steps */
};

enum sb_status
cluster_open(const char *dir, struct cluster **out, struct sb_error *err)
{
	struct cluster	*c;
	char		 cwd[4096];
	enum sb_status	 st;
	size_t		 len;

	*out = NULL;
	if (dir == NULL)
		return sb_error_set(err, SB_INVALID, "no cluster directory");
	c = xcalloc(1, sizeof *c);
	c->users_fd = c->dirfd = c->datafd = c->runfd = -1;
	c->as_root = geteuid() == 0;
	if (dir[0] == '/')
		c->dir = xstrdup(dir);
	else if (getcwd(cwd, sizeof cwd) != NULL)
		c->dir = util_path_join(cwd, dir);
	else
		c->dir = xstrdup(dir);
	/* Its last component is what the cluster directory is called. */
	for (len = strlen(c->dir); len > 1 && c->dir[len - 1] == '/'; len--)
		c->dir[len - 1] = '\0';
	if ((st = cluster_fs_check_path(c->dir, err)) != SB_OK)
		goto fail;
	if ((c->bindir = cluster_exec_find_bindir(err)) == NULL) {
		st = SB_UNAVAILABLE;
		goto fail;
	}
	st = cluster_exec_major(c->bindir, c->major, sizeof c->major, err);
	if (st != SB_OK)
		goto fail;
	c->datadir = util_path_join(c->dir, "data");
	c->rundir = util_path_join(c->dir, "run");
	c->logfile = util_path_join(c->dir, CLUSTER_LOG_NAME);
	*out = c;
	return SB_OK;
fail:
	cluster_free(c);
	return st;
}

void
cluster_set_throwaway(struct cluster *c, int on)
{
	c->throwaway = on;
}

void
cluster_set_progress(struct cluster *c, const struct progress *p)
{
	c->progress = p;
}

const char *
cluster_socket_dir(const struct cluster *c)
{
	return c->rundir;
}

const char *
cluster_data_dir(const struct cluster *c)
{
	return c->datadir;
}

int
cluster_port(const struct cluster *c)
{
	(void)c;
	return CLUSTER_PORT;
}

/*
 * The last lines of text on one line, joined by " | ", into buf; when they
 * do not fit, their end is kept: that is where the reason is.
 */
static void
cluster_tail(const char *text, char *buf, size_t size)
{
	char		 all[CLUSTER_OUTPUT_MAX * 2];
	size_t		 len = strlen(text), o = 0;
	const char	*p;
	int		 lines = 0;

	while (len > 0 && strchr(" \t\r\n", text[len - 1]) != NULL)
		len--;
	p = text + len;
	while (p > text && (p[-1] != '\n' || ++lines < CLUSTER_TAIL_LINES))
		p--;
	for (; p < text + len && o + 4 < sizeof all; p++) {
		if (*p == '\n') {
			memcpy(all + o, " | ", 3);
			o += 3;
		} else if (*p != '\r')
			all[o++] = *p;
	}
	all[o] = '\0';
	p = o < size ? all : all + (o - (size - 1));
	snprintf(buf, size, "%s", p);
}

/* The server's user, when we are root, else NULL: for cluster_fs_*. */
static const struct cluster_user *
cluster_owner(const struct cluster *c)
{
	return c->as_root ? &c->user : NULL;
}

/* What the server wrote to server.log after offset from, for an error. */
static void
cluster_log_tail(const struct cluster *c, off_t from, char *buf, size_t size)
{
	char	text[CLUSTER_OUTPUT_MAX];

	cluster_log_read(c->dirfd, c->logfile, cluster_owner(c), from, text,
	    sizeof text);
	cluster_tail(text, buf, size);
}

/* Run one of the server programs as the server's user. */
static int
cluster_run(const struct cluster *c, char *const argv[], int logfd,
    char *out, size_t size)
{
	return cluster_exec_run(cluster_owner(c), argv, logfd, out, size);
}

/* Hand the cluster directory to the server's user when we are root. */
static enum sb_status
cluster_give(const struct cluster *c, struct sb_error *err)
{
	if (!c->as_root || fchown(c->dirfd, c->user.uid, c->user.gid) == 0)
		return SB_OK;
	return sb_error_set(err, SB_IO, "cannot give %s to the system user "
	    "'%s': %s", c->dir, CLUSTER_SYSTEM_USER, strerror(errno));
}

/* What name in the cluster directory must be; -1 if it is none of ours. */
static int
cluster_entry_how(const char *name)
{
	size_t	i;

	for (i = 0; i < SB_ARRAY_LEN(cluster_entries); i++) {
		if (strcmp(name, cluster_entries[i].name) == 0)
			return cluster_entries[i].how;
	}
	return cluster_log_is_file(name) ? CLUSTER_FS_REMADE : -1;
}

/* Open the cluster directory, made private if missing. */
static enum sb_status
cluster_open_dir(struct cluster *c, struct sb_error *err)
{
	enum sb_status	st;

	if (c->dirfd != -1)
		close(c->dirfd);
	st = cluster_fs_open_top(c->dir, cluster_owner(c), &c->dirfd, err);
	if (st == SB_IO)
		sb_error_hint(err, "set SWITCHBOARD_CLUSTER_DIR to a directory "
		    "you can write");
	return st;
}

/*
 * Refuse a directory holding anything a cluster of ours would not, or
 * an entry of ours that is not what we made.
 */
static enum sb_status
cluster_check_dir(struct cluster *c, struct sb_error *err)
{
	DIR		*d;
	struct dirent	*de;
	struct stat	 sb;
	enum sb_status	 st;
	char		*path;
	int		 fd, how;

	if ((st = cluster_open_dir(c, err)) != SB_OK)
		return st;
	if ((fd = dup(c->dirfd)) == -1 || (d = fdopendir(fd)) == NULL) {
		if (fd != -1)
			close(fd);
		return sb_error_set(err, SB_IO, "cannot open %s: %s", c->dir,
		    strerror(errno));
	}
	while (st == SB_OK && (de = readdir(d)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 ||
		    strcmp(de->d_name, "..") == 0)
			continue;
		if ((how = cluster_entry_how(de->d_name)) == -1) {
			st = sb_error_set(err, SB_CORRUPT, "%s is not a "
			    "Switchboard database directory: it holds '%s'",
			    c->dir, de->d_name);
			sb_error_hint(err, "nothing was changed; empty or move "
			    "it, or set SWITCHBOARD_CLUSTER_DIR to another "
			    "directory");
			break;
		}
		if (fstatat(c->dirfd, de->d_name, &sb,
		    AT_SYMLINK_NOFOLLOW) != 0)
			continue;
		path = util_path_join(c->dir, de->d_name);
		st = cluster_fs_check(&sb, path, how, cluster_owner(c), err);
		free(path);
	}
	closedir(d);
	return st;
}

/* Open dir/name and flock it with op into *fd (-1 on failure). */
static enum sb_status
cluster_lock(const struct cluster *c, const char *name, int op, int *fd,
    struct sb_error *err)
{
	enum sb_status	 st;
	char		*path;

	path = util_path_join(c->dir, name);
	/* O_CLOEXEC (always there): the server must never hold a lock. */
	st = cluster_fs_open(c->dirfd, path, O_RDWR | O_CREAT,
	    CLUSTER_FS_REMADE, cluster_owner(c), fd, err);
	if (st == SB_OK && flock(*fd, op) != 0) {
		st = sb_error_set(err, SB_IO, "cannot lock %s: %s", path,
		    strerror(errno));
		close(*fd);
		*fd = -1;
	}
	free(path);
	return st;
}

/* initdb a new cluster into dir/data. */
static enum sb_status
cluster_init(struct cluster *c, struct sb_error *err)
{
	char	 out[CLUSTER_OUTPUT_MAX], tail[CLUSTER_TAIL_MAX];
	char	*argv[14];
	int	 n = 0, rc;

	if (c->as_root && (cluster_give(c, err) != SB_OK ||
	    !cluster_exec_can_write(&c->user, c->dir))) {
		sb_error_set(err, SB_DENIED, "the system user '%s' the server "
		    "runs as cannot write %s", CLUSTER_SYSTEM_USER, c->dir);
		sb_error_hint(err, "as root, use a directory every parent of "
		    "which it can enter, such as /var/lib/switchboard/cluster"
		    " (SWITCHBOARD_CLUSTER_DIR)");
		return SB_DENIED;
	}
	argv[n++] = util_path_join(c->bindir, "initdb");
	argv[n++] = "-D";
	argv[n++] = c->datadir;
	argv[n++] = "-U" CLUSTER_SUPERUSER;
	argv[n++] = "-EUTF8";
	argv[n++] = "--locale=C.UTF-8";
	/* Trust is safe here: only the server's user can enter run/. */
	argv[n++] = "--auth=trust";
	argv[n++] = "--no-instructions";
	if (c->throwaway) {
		argv[n++] = "--no-sync";
		argv[n++] = "--wal-segsize=1";
	}
	argv[n] = NULL;
	rc = cluster_run(c, argv, -1, out, sizeof out);
	free(argv[0]);
	if (rc != 0) {
		cluster_tail(out, tail, sizeof tail);
		sb_error_set(err, SB_IO, "initdb could not create a database "
		    "in %s: %s", c->datadir, tail);
		sb_error_hint(err, "check the space and permissions of %s",
		    c->dir);
		return SB_IO;
	}
	return SB_OK;
}

/* Read data/PG_VERSION into buf; 0, or -1 if there is none. */
static int
cluster_read_version(const struct cluster *c, char *buf, size_t size)
{
	char	*path;
	ssize_t	 n;
	int	 fd;

	path = util_path_join(c->datadir, "PG_VERSION");
	cluster_fs_open(c->datafd, path, O_RDONLY, 0, cluster_owner(c), &fd,
	    NULL);
	free(path);
	if (fd == -1)
		return -1;
	n = read(fd, buf, size - 1);
	close(fd);
	if (n <= 0)
		return -1;
	buf[n] = '\0';
	buf[strspn(buf, "0123456789.")] = '\0';
	return 0;
}

/* An existing data directory: ours, this major version, intact, owned. */
static enum sb_status
cluster_check_data(const struct cluster *c, struct sb_error *err)
{
	char		 version[16];
	struct stat	 sb;
	int		 intact, global;

	if (cluster_read_version(c, version, sizeof version) != 0) {
		sb_error_set(err, SB_CORRUPT, "%s is not a PostgreSQL data "
		    "directory (no PG_VERSION)", c->datadir);
		goto damaged;
	}
	if (strcmp(version, c->major) != 0) {
		sb_error_set(err, SB_UNSUPPORTED, "%s was created by "
		    "PostgreSQL %s; the server programs in %s are "
		    "PostgreSQL %s", c->datadir, version, c->bindir, c->major);
		sb_error_hint(err, "nothing was changed; install PostgreSQL %s "
		    "and set SWITCHBOARD_PG_BINDIR to its bin directory, or "
		    "upgrade the data with pg_upgrade", version);
		return SB_UNSUPPORTED;
	}
	global = openat(c->datafd, "global", O_PATH | O_DIRECTORY |
	    O_NOFOLLOW | O_CLOEXEC);
	intact = global != -1 && fstatat(global, "pg_control", &sb,
	    AT_SYMLINK_NOFOLLOW) == 0 && S_ISREG(sb.st_mode);
	if (global != -1)
		close(global);
	if (!intact) {
		sb_error_set(err, SB_CORRUPT, "%s is damaged: "
		    "global/pg_control is missing", c->datadir);
		goto damaged;
	}
	if (c->as_root && fstat(c->datafd, &sb) == 0 &&
	    sb.st_uid != c->user.uid) {
		sb_error_set(err, SB_DENIED, "%s does not belong to the system "
		    "user '%s' the server runs as", c->datadir,
		    CLUSTER_SYSTEM_USER);
		sb_error_hint(err, "chown -R %s: %s", CLUSTER_SYSTEM_USER,
		    c->dir);
		return SB_DENIED;
	}
	return SB_OK;
damaged:
	sb_error_hint(err, "nothing was changed; restore it from a backup, or "
	    "move %s away to start afresh", c->dir);
	return SB_CORRUPT;
}

/* Open the data directory into c->datafd. */
static enum sb_status
cluster_open_data(struct cluster *c, struct sb_error *err)
{
	return cluster_fs_open(c->dirfd, c->datadir, O_RDONLY, CLUSTER_FS_DIR,
	    cluster_owner(c), &c->datafd, err);
}

/*
 * A data directory that exists and is ready to start, with its config,
 * and the run directory, made private to the server's user.
 */
static enum sb_status
cluster_prepare(struct cluster *c, struct sb_error *err)
{
	struct stat	sb;
	enum sb_status	st;

	if (fstatat(c->dirfd, "data", &sb, AT_SYMLINK_NOFOLLOW) != 0 &&
	    errno == ENOENT) {
		progress_say(c->progress, "creating the embedded database "
		    "(first start)", 0, 0);
		if ((st = cluster_init(c, err)) == SB_OK &&
		    (st = cluster_open_data(c, err)) == SB_OK)
			st = cluster_conf_include(c->datafd, c->datadir,
			    cluster_owner(c), err);
	} else if ((st = cluster_open_data(c, err)) == SB_OK)
		st = cluster_check_data(c, err);
	if (st == SB_OK)
		st = cluster_fs_mkdir(c->dirfd, c->rundir, cluster_owner(c),
		    &c->runfd, err);
	if (st == SB_OK)
		st = cluster_conf_write(c->datafd, c->datadir, c->rundir,
		    c->throwaway, cluster_owner(c), err);
	return st;
}

/*
 * pg_ctl with one action and the data directory; its exit status. A
 * started server writes its log to logfd.
 */
static int
cluster_pg_ctl(const struct cluster *c, const char *action, int logfd,
    char *out, size_t size)
{
	char	*argv[12];
	int	 n = 0, rc;

	argv[n++] = util_path_join(c->bindir, "pg_ctl");
	argv[n++] = (char *)action;
	argv[n++] = "-D";
	argv[n++] = c->datadir;
	argv[n++] = "-s";
	if (strcmp(action, "status") != 0) {
		argv[n++] = "-w";
		argv[n++] = "-t" CLUSTER_WAIT_TEXT;
	}
	if (strcmp(action, "stop") == 0)
		argv[n++] = "-mfast";
	argv[n] = NULL;
	rc = cluster_run(c, argv, logfd, out, size);
	free(argv[0]);
	return rc;
}

/*
 * Another server holding our socket: its lock file names a live process
 * while our own server is not running.
 */
static enum sb_status
cluster_check_clash(const struct cluster *c, struct sb_error *err)
{
	char	*path, buf[32];
	ssize_t	 n;
	long	 pid;
	int	 fd;

	path = util_path_join(c->rundir, ".s.PGSQL." CLUSTER_PORT_TEXT ".lock");
	cluster_fs_open(c->runfd, path, O_RDONLY, 0, NULL, &fd, NULL);
	n = fd == -1 ? 0 : read(fd, buf, sizeof buf - 1);
	if (fd != -1)
		close(fd);
	buf[n > 0 ? n : 0] = '\0';
	pid = strtol(buf, NULL, 10);
	if (pid > 0 && (kill((pid_t)pid, 0) == 0 || errno == EPERM)) {
		sb_error_set(err, SB_CONFLICT, "another PostgreSQL server "
		    "(process %ld) already uses the socket in %s (see %s)",
		    pid, c->rundir, path);
		sb_error_hint(err, "nothing was changed; stop that server, or "
		    "set SWITCHBOARD_CLUSTER_DIR to another directory");
		free(path);
		return SB_CONFLICT;
	}
	free(path);
	return SB_OK;
}

/*
 * Whether postmaster.pid names a live postmaster, as "pg_ctl status"
 * decides, without running pg_ctl (some 20 ms of every launch). False
 * only means "ask pg_ctl".
 */
static int
cluster_server_alive(const struct cluster *c)
{
	char	*path, line[32];
	ssize_t	 n;
	long	 pid;
	int	 fd;

	path = util_path_join(c->datadir, "postmaster.pid");
	cluster_fs_open(c->datafd, path, O_RDONLY, 0, NULL, &fd, NULL);
	free(path);
	if (fd == -1)
		return 0;
	n = read(fd, line, sizeof line - 1);
	close(fd);
	line[n > 0 ? n : 0] = '\0';
	pid = strtol(line, NULL, 10);
	return pid > 0 && (kill((pid_t)pid, 0) == 0 || errno == EPERM);
}

/* Start the server, its log going to a keeper of its own that bounds it. */
static enum sb_status
cluster_start_server(struct cluster *c, struct sb_error *err)
{
	char		out[CLUSTER_OUTPUT_MAX], tail[CLUSTER_TAIL_MAX];
	enum sb_status	st;
	off_t		from, max;
	int		logfd, done, rc;

	max = c->throwaway ? CLUSTER_LOG_TEST_MAX : CLUSTER_LOG_FILE_MAX;
	from = cluster_log_size(c->dirfd);
	st = cluster_log_start(c->dirfd, cluster_owner(c), max, &logfd, &done,
	    err);
	if (st != SB_OK)
		return st;
	/* pg_ctl puts the server in its own session: no terminal hangup. */
	rc = cluster_pg_ctl(c, "start", logfd, out, sizeof out);
	close(logfd);
	if (rc == 0) {
		close(done);
		return SB_OK;
	}
	/* A server that stopped has closed the log: it is all there. */
	cluster_log_wait(done, CLUSTER_LOG_WAIT_MS);
	cluster_log_tail(c, from, tail, sizeof tail);
	if (tail[0] == '\0')
		cluster_tail(out, tail, sizeof tail);
	sb_error_set(err, SB_UNAVAILABLE, "the database server in %s did not "
	    "start: %s", c->datadir, tail);
	sb_error_hint(err, "nothing was changed; see %s", c->logfile);
	return SB_UNAVAILABLE;
}

/* Start the server unless it runs; *started says whether we did. */
static enum sb_status
cluster_run_server(struct cluster *c, int *started, struct sb_error *err)
{
	char		out[CLUSTER_OUTPUT_MAX];
	enum sb_status	st;

	*started = 0;
	if (cluster_server_alive(c) ||
	    cluster_pg_ctl(c, "status", -1, out, sizeof out) == 0)
		return SB_OK;
	if ((st = cluster_check_clash(c, err)) != SB_OK)
		return st;
	progress_say(c->progress, "starting the database server", 0, 0);
	if ((st = cluster_start_server(c, err)) == SB_OK)
		*started = 1;
	return st;
}

/* Stop the server if no process holds a shared lock on users.lock. */
static enum sb_status
cluster_stop_unused(struct cluster *c, int users_fd, struct sb_error *err)
{
	char	out[CLUSTER_OUTPUT_MAX], tail[CLUSTER_TAIL_MAX];

	if (flock(users_fd, LOCK_EX | LOCK_NB) != 0)
		return SB_OK;
	if (cluster_pg_ctl(c, "status", -1, out, sizeof out) != 0)
		return SB_OK;
	if (cluster_pg_ctl(c, "stop", -1, out, sizeof out) != 0) {
		cluster_tail(out, tail, sizeof tail);
		sb_error_set(err, SB_UNAVAILABLE, "the database server in %s "
		    "did not stop: %s", c->datadir, tail);
		sb_error_hint(err, "see %s", c->logfile);
		return SB_UNAVAILABLE;
	}
	return SB_OK;
}

/*
 * The mark that the database exists in the server running now: run/ is
 * emptied when a server starts. Only a regular file counts.
 */
static int
cluster_marked(const struct cluster *c)
{
	struct stat	sb;

	return fstatat(c->runfd, CLUSTER_DB_MARK, &sb,
	    AT_SYMLINK_NOFOLLOW) == 0 && S_ISREG(sb.st_mode);
}

static void
cluster_mark(const struct cluster *c)
{
	int	fd;

	fd = openat(c->runfd, CLUSTER_DB_MARK, O_WRONLY | O_CREAT | O_CLOEXEC |
	    O_NOFOLLOW | O_NONBLOCK | O_NOCTTY, 0600);
	if (fd != -1)
		close(fd);
}

/*
 * With control.lock held: create, start, register (unless registered
 * already); *started says whether the server was started.
 */
static enum sb_status
cluster_start_locked(struct cluster *c, int *started, struct sb_error *err)
{
	struct sb_error	ignored;
	enum sb_status	st;
	int		fd;

	if ((st = cluster_prepare(c, err)) != SB_OK)
		return st;
	if ((st = cluster_run_server(c, started, err)) != SB_OK)
		return st;
	/* A server already running: its starter created the database and
	 * left the mark (a backend start spared on most launches). */
	if (*started || !cluster_marked(c)) {
		st = cluster_db_ensure(c->rundir, c->datadir, c->logfile, err);
		if (st == SB_OK)
			cluster_mark(c);
	}
	if (st == SB_OK && c->users_fd == -1) {
		st = cluster_lock(c, "users.lock", LOCK_SH, &c->users_fd, err);
		c->users_pid = getpid();
	}
	if (st != SB_OK && *started && cluster_lock(c, "users.lock", LOCK_SH,
	    &fd, &ignored) == SB_OK) {
		cluster_stop_unused(c, fd, &ignored);
		close(fd);
	}
	return st;
}

/* Close what only starting needs. */
static void
cluster_close_started(struct cluster *c)
{
	if (c->datafd != -1)
		close(c->datafd);
	if (c->runfd != -1)
		close(c->runfd);
	c->datafd = c->runfd = -1;
}

/*
 * Check the directory, then, one process at a time (control.lock):
 * create, start unless the server runs, register.
 */
static enum sb_status
cluster_start_checked(struct cluster *c, int *started, struct sb_error *err)
{
	enum sb_status	st;
	int		ctl;

	if ((st = cluster_check_dir(c, err)) != SB_OK)
		return st;
	if ((st = cluster_lock(c, "control.lock", LOCK_EX, &ctl, err)) ==
	    SB_OK) {
		st = cluster_start_locked(c, started, err);
		close(ctl);
	}
	cluster_close_started(c);
	return st;
}

enum sb_status
cluster_start(struct cluster *c, struct sb_error *err)
{
	enum sb_status	st;
	int		started = 0;

	if (c->users_fd != -1)
		return SB_OK;
	if (c->as_root &&
	    (st = cluster_exec_system_user(&c->user, err)) != SB_OK)
		return st;
	return cluster_start_checked(c, &started, err);
}

enum sb_status
cluster_revive(struct cluster *c, int *started, struct sb_error *err)
{
	*started = 0;
	if (c->users_fd == -1)
		return SB_OK;
	return cluster_start_checked(c, started, err);
}

enum sb_status
cluster_release(struct cluster *c, struct sb_error *err)
{
	enum sb_status	st = SB_OK;
	int		ctl;

	if (c == NULL || c->users_fd == -1)
		return SB_OK;
	/* A forked child shares our lock: closing its copy is enough. */
	if (c->users_pid != getpid())
		goto out;
	st = cluster_lock(c, "control.lock", LOCK_EX, &ctl, err);
	if (st != SB_OK)
		goto out;
	st = cluster_stop_unused(c, c->users_fd, err);
	close(ctl);
out:
	close(c->users_fd);
	c->users_fd = -1;
	return st;
}

void
cluster_free(struct cluster *c)
{
	if (c == NULL)
		return;
	cluster_release(c, NULL);
	cluster_close_started(c);
	if (c->dirfd != -1)
		close(c->dirfd);
	free(c->dir);
	free(c->datadir);
	free(c->rundir);
	free(c->logfile);
	free(c->bindir);
	free(c);
}
