/* The server's log: a keeper process writes it to a few bounded files. */
#include "config.h"

#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "switchboard/cluster.h"
#include "switchboard/util.h"

/*
 * Why not PostgreSQL's logging collector: it empties a file only when it
 * turns over by time, while a file that turns over by size is appended
 * to under the name the clock gives, so a login writing fast enough in
 * one minute grows one file without end. The keeper counts bytes.
 */

/* Bytes read from the server, or copied, at a time. */
#define CLUSTER_LOG_CHUNK	65536
/* Room for the note that ends a cut line. */
#define CLUSTER_LOG_NOTE_MAX	64
/* Descriptors of the keeper: what the server writes, done, the directory. */
#define CLUSTER_LOG_IN_FD	3
#define CLUSTER_LOG_DONE_FD	4
#define CLUSTER_LOG_DIR_FD	5

/* The keeper's state. */
struct cluster_log {
	int	dirfd;		/* the cluster directory */
	off_t	max;		/* bytes each file holds at most */
	int	fd;		/* server.log, or -1 */
	off_t	size;		/* its size */
	size_t	line;		/* bytes of this line written */
	size_t	cut;		/* bytes of it left out */
};

int
cluster_log_is_file(const char *name)
{
	const size_t	 len = sizeof CLUSTER_LOG_NAME - 1;
	char		*end;
	long		 n;

	if (strncmp(name, CLUSTER_LOG_NAME, len) != 0)
		return 0;
	if (name[len] == '\0')
		return 1;
	if (name[len] != '.' || name[len + 1] < '1' || name[len + 1] > '9')
		return 0;
	n = strtol(name + len + 1, &end, 10);
	return *end == '\0' && n < CLUSTER_LOG_FILES;
}

/* The name of log file i: server.log, server.log.1, ... */
static void
cluster_log_name(int i, char *buf, size_t size)
{
	if (i == 0)
		snprintf(buf, size, "%s", CLUSTER_LOG_NAME);
	else
		snprintf(buf, size, "%s.%d", CLUSTER_LOG_NAME, i);
}

/* Open log file i (flags added) as a regular file; -1 if not. */
static int
cluster_log_open(int dirfd, int i, int flags, struct stat *sb)
{
	char	name[32];
	int	fd;

	cluster_log_name(i, name, sizeof name);
	fd = openat(dirfd, name, flags | O_CLOEXEC | O_NOFOLLOW | O_NOCTTY |
	    O_NONBLOCK, 0600);
	if (fd != -1 && (fstat(fd, sb) != 0 || !S_ISREG(sb->st_mode))) {
		close(fd);
		fd = -1;
	}
	return fd;
}

/*
 * Keep only the last max bytes of fd, from the start of a line: the
 * server.log that earlier versions let grow without bound.
 */
static void
cluster_log_keep_tail(int fd, off_t size, off_t max)
{
	char		 buf[CLUSTER_LOG_CHUNK];
	const char	*p;
	off_t		 from = size - max, to = 0;
	ssize_t		 n;
	size_t		 skip;
	int		 at_line = 0;

	while ((n = pread(fd, buf, sizeof buf, from)) > 0) {
		from += n;
		skip = 0;
		if (!at_line) {
			if ((p = memchr(buf, '\n', (size_t)n)) == NULL)
				continue;
			skip = (size_t)(p - buf) + 1;
			at_line = 1;
		}
		if (pwrite(fd, buf + skip, (size_t)n - skip, to) !=
		    n - (ssize_t)skip)
			break;
		to += n - (off_t)skip;
	}
	if (ftruncate(fd, to) != 0)
		return;
}

/* Cut every log file down to max bytes. */
static void
cluster_log_trim(const struct cluster_log *k)
{
	struct stat	sb;
	int		i, fd;

	for (i = 0; i < CLUSTER_LOG_FILES; i++) {
		if ((fd = cluster_log_open(k->dirfd, i, O_RDWR, &sb)) == -1)
			continue;
		if (sb.st_size > k->max)
			cluster_log_keep_tail(fd, sb.st_size, k->max);
		close(fd);
	}
}

/* Open server.log to append to, or a new one after a rotation. */
static void
cluster_log_reopen(struct cluster_log *k, int flags)
{
	struct stat	sb;

	if (k->fd != -1)
		close(k->fd);
	k->fd = cluster_log_open(k->dirfd, 0, O_WRONLY | O_CREAT | O_APPEND |
	    flags, &sb);
	k->size = k->fd == -1 ? 0 : sb.st_size;
}

/* server.log becomes server.log.1, and so on; the oldest goes. */
static void
cluster_log_rotate(struct cluster_log *k)
{
	char	from[32], to[32];
	int	i;

	for (i = CLUSTER_LOG_FILES - 1; i > 0; i--) {
		cluster_log_name(i - 1, from, sizeof from);
		cluster_log_name(i, to, sizeof to);
		renameat(k->dirfd, from, k->dirfd, to);
	}
	cluster_log_reopen(k, O_TRUNC);
}

static void
cluster_log_write(struct cluster_log *k, const char *buf, size_t n)
{
	if (k->fd != -1 && util_write_all(k->fd, buf, n) == 0)
		k->size += (off_t)n;
}

/*
 * Copy n bytes the server wrote: lines longer than CLUSTER_LOG_LINE_MAX
 * are cut, and a line that might not fit in server.log starts a new one.
 */
static void
cluster_log_put(struct cluster_log *k, const char *buf, size_t n)
{
	const char	*nl;
	char		 note[CLUSTER_LOG_NOTE_MAX];
	size_t		 len, keep;
	int		 m;

	while (n > 0) {
		nl = memchr(buf, '\n', n);
		len = nl == NULL ? n : (size_t)(nl - buf);
		if (k->line == 0 && k->cut == 0 && k->size +
		    CLUSTER_LOG_LINE_MAX + CLUSTER_LOG_NOTE_MAX > k->max)
			cluster_log_rotate(k);
		keep = CLUSTER_LOG_LINE_MAX - k->line;
		if (keep > len)
			keep = len;
		cluster_log_write(k, buf, keep);
		k->line += keep;
		k->cut += len - keep;
		if (nl == NULL)
			return;
		if (k->cut > 0) {
			m = snprintf(note, sizeof note, " [%zu more bytes "
			    "left out]", k->cut);
			cluster_log_write(k, note, (size_t)m);
		}
		cluster_log_write(k, "\n", 1);
		k->line = k->cut = 0;
		buf = nl + 1;
		n -= len + 1;
	}
}

/* The keeper: copy until every writer has gone. */
static void __attribute__((noreturn))
cluster_log_keep(int in, int dirfd, off_t max)
{
	struct cluster_log	k = { dirfd, max, -1, 0, 0, 0 };
	char			buf[CLUSTER_LOG_CHUNK];
	ssize_t			n;

	cluster_log_trim(&k);
	cluster_log_reopen(&k, 0);
	for (;;) {
		n = read(in, buf, sizeof buf);
		if (n == -1 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		cluster_log_put(&k, buf, (size_t)n);
	}
	_exit(0);
}

/*
 * In the keeper: its own session, plain signals, its three descriptors
 * and nothing else of ours (locks, database sockets), as the server's
 * user; never returns.
 */
static void __attribute__((noreturn))
cluster_log_child(int in, int done, int dirfd, const struct cluster_user *u,
    off_t max)
{
	sigset_t	set;
	int		nullfd, fds[3], sig;

	setsid();
	sigemptyset(&set);
	sigprocmask(SIG_SETMASK, &set, NULL);
	for (sig = 1; sig < NSIG; sig++)
		signal(sig, SIG_DFL);
	signal(SIGPIPE, SIG_IGN);
	nullfd = open("/dev/null", O_RDWR);
	/* Above the numbers they move to, then to 3, 4 and 5. */
	fds[0] = fcntl(in, F_DUPFD, 10);
	fds[1] = fcntl(done, F_DUPFD, 10);
	fds[2] = fcntl(dirfd, F_DUPFD, 10);
	if (nullfd == -1 || fds[0] == -1 || fds[1] == -1 || fds[2] == -1 ||
	    dup2(nullfd, STDIN_FILENO) == -1 ||
	    dup2(nullfd, STDOUT_FILENO) == -1 ||
	    dup2(nullfd, STDERR_FILENO) == -1 ||
	    dup2(fds[0], CLUSTER_LOG_IN_FD) == -1 ||
	    dup2(fds[1], CLUSTER_LOG_DONE_FD) == -1 ||
	    dup2(fds[2], CLUSTER_LOG_DIR_FD) == -1)
		_exit(1);
	close_range(CLUSTER_LOG_DIR_FD + 1, ~0U, 0);
	if ((u != NULL && cluster_exec_drop(u) != 0) || chdir("/") != 0)
		_exit(1);
	cluster_log_keep(CLUSTER_LOG_IN_FD, CLUSTER_LOG_DIR_FD, max);
}

static void
cluster_log_close_pipe(int p[2])
{
	close(p[0]);
	close(p[1]);
}

enum sb_status
cluster_log_start(int dirfd, const struct cluster_user *u, off_t max,
    int *in, int *done, struct sb_error *err)
{
	int	data[2], gone[2], status = -1;
	pid_t	pid;

	*in = *done = -1;
	if (pipe2(data, O_CLOEXEC) != 0)
		goto fail;
	if (pipe2(gone, O_CLOEXEC) != 0) {
		cluster_log_close_pipe(data);
		goto fail;
	}
	if ((pid = fork()) == -1) {
		cluster_log_close_pipe(data);
		cluster_log_close_pipe(gone);
		goto fail;
	}
	if (pid == 0) {
		/* Its parent leaves at once: the keeper outlives us. */
		if ((pid = fork()) == 0)
			cluster_log_child(data[0], gone[1], dirfd, u, max);
		_exit(pid == -1 ? 1 : 0);
	}
	close(data[0]);
	close(gone[1]);
	while (waitpid(pid, &status, 0) == -1 && errno == EINTR)
		continue;
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		close(data[1]);
		close(gone[0]);
		errno = EAGAIN;
		goto fail;
	}
	*in = data[1];
	*done = gone[0];
	return SB_OK;
fail:
	return sb_error_set(err, SB_IO, "cannot start the process that "
	    "writes the server's log: %s", strerror(errno));
}

void
cluster_log_wait(int done, int ms)
{
	struct pollfd	pfd = { done, POLLIN, 0 };

	if (done == -1)
		return;
	/* The keeper's end closes when it exits: end of file here. */
	while (poll(&pfd, 1, ms) == -1 && errno == EINTR)
		continue;
	close(done);
}

off_t
cluster_log_size(int dirfd)
{
	struct stat	sb;

	if (fstatat(dirfd, CLUSTER_LOG_NAME, &sb, AT_SYMLINK_NOFOLLOW) != 0 ||
	    !S_ISREG(sb.st_mode))
		return 0;
	return sb.st_size;
}

void
cluster_log_read(int dirfd, const char *path, const struct cluster_user *u,
    off_t from, char *text, size_t size)
{
	off_t	end;
	ssize_t	n;
	int	fd;

	text[0] = '\0';
	if (cluster_fs_open(dirfd, path, O_RDONLY, CLUSTER_FS_REMADE, u, &fd,
	    NULL) != SB_OK)
		return;
	end = lseek(fd, 0, SEEK_END);
	if (from < 0 || from > end)
		from = 0;
	if (end - from > (off_t)size - 1)
		from = end - (off_t)(size - 1);
	n = pread(fd, text, size - 1, from);
	close(fd);
	text[n > 0 ? n : 0] = '\0';
}
