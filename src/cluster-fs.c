/* The cluster directory: where it is, and steps in it no link can divert. */
#include "config.h"

#include <sys/stat.h>
#include <sys/types.h>
#include <sys/un.h>

#include <errno.h>
#include <fcntl.h>
#include <pwd.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "switchboard/cluster.h"
#include "switchboard/util.h"

/*
 * The default directory. As root it is /var/lib/switchboard/cluster, not
 * under /root: root's home is mode 0700 and the unprivileged system user
 * the server runs as could not enter it.
 */
char *
cluster_default_dir(void)
{
	const char	*env, *home;
	struct passwd	*pw;

	env = getenv("SWITCHBOARD_CLUSTER_DIR");
	if (env != NULL && *env != '\0')
		return xstrdup(env);
	if (geteuid() == 0)
		return xstrdup("/var/lib/switchboard/cluster");
	env = getenv("XDG_DATA_HOME");
	if (env != NULL && *env == '/')
		return xasprintf("%s/switchboard/cluster", env);
	home = getenv("HOME");
	if ((home == NULL || *home != '/') &&
	    (pw = getpwuid(getuid())) != NULL)
		home = pw->pw_dir;
	if (home == NULL || *home == '\0')
		home = "/";
	return xasprintf("%s/.local/share/switchboard/cluster", home);
}

enum sb_status
cluster_fs_check_path(const char *dir, struct sb_error *err)
{
	size_t	len = strlen(dir);

	if (len == 0)
		return sb_error_set(err, SB_INVALID, "no cluster directory");
	if (strpbrk(dir, "\"$`\\\n\r") != NULL) {
		sb_error_set(err, SB_INVALID, "cannot use %s for the database: "
		    "its path holds a quote, backslash, dollar sign, backquote "
		    "or line break", dir);
		goto hint;
	}
	if (len + sizeof "/run/.s.PGSQL." CLUSTER_PORT_TEXT ".lock" >
	    sizeof ((struct sockaddr_un *)0)->sun_path) {
		sb_error_set(err, SB_INVALID, "cannot use %s for the database: "
		    "the path is too long for a unix socket", dir);
		goto hint;
	}
	return SB_OK;
hint:
	sb_error_hint(err, "set SWITCHBOARD_CLUSTER_DIR to another directory");
	return SB_INVALID;
}

/* Added to every open: no link, no controlling terminal, no FIFO wait. */
#define CLUSTER_FS_ALWAYS \
	(O_CLOEXEC | O_NOFOLLOW | O_NOCTTY | O_NONBLOCK)

const char *
cluster_fs_kind(mode_t mode)
{
	switch (mode & S_IFMT) {
	case S_IFLNK:
		return "a symbolic link";
	case S_IFDIR:
		return "a directory";
	case S_IFREG:
		return "a regular file";
	case S_IFIFO:
		return "a FIFO";
	case S_IFSOCK:
		return "a socket";
	case S_IFCHR:
	case S_IFBLK:
		return "a device";
	}
	return "an unknown kind of file";
}

/* The last component of path. */
static const char *
cluster_fs_base(const char *path)
{
	const char	*slash = strrchr(path, '/');

	return slash == NULL ? path : slash + 1;
}

enum sb_status
cluster_fs_check(const struct stat *sb, const char *path, int how,
    const struct cluster_user *u, struct sb_error *err)
{
	mode_t	type = how & CLUSTER_FS_DIR ? S_IFDIR : S_IFREG;

	if ((sb->st_mode & S_IFMT) != type)
		sb_error_set(err, SB_CORRUPT, "%s is %s, not %s", path,
		    cluster_fs_kind(sb->st_mode), cluster_fs_kind(type));
	else if (u != NULL && sb->st_uid != 0 && sb->st_uid != u->uid)
		sb_error_set(err, SB_CORRUPT, "%s belongs to user id %ld, "
		    "neither root nor the system user '%s'", path,
		    (long)sb->st_uid, CLUSTER_SYSTEM_USER);
	else if (type == S_IFREG && sb->st_nlink > 1)
		sb_error_set(err, SB_CORRUPT, "%s has another name (a hard "
		    "link) elsewhere", path);
	else
		return SB_OK;
	if (how & CLUSTER_FS_REMADE)
		sb_error_hint(err, "nothing was changed; remove %s and start "
		    "again, and Switchboard makes it anew: it follows no link "
		    "there and uses nothing it did not make", path);
	else
		sb_error_hint(err, "nothing was changed; put the real one back "
		    "at %s: Switchboard follows no link there and uses nothing "
		    "of another kind or owner", path);
	return SB_CORRUPT;
}

enum sb_status
cluster_fs_open(int at, const char *path, int flags, int how,
    const struct cluster_user *u, int *fd, struct sb_error *err)
{
	struct stat	sb;
	enum sb_status	st;
	int		saved;

	if (how & CLUSTER_FS_DIR)
		flags |= O_DIRECTORY;
	*fd = openat(at, cluster_fs_base(path), flags | CLUSTER_FS_ALWAYS,
	    0600);
	if (*fd == -1) {
		saved = errno;
		/* A link, a FIFO or socket, a file for a directory: which. */
		if (saved == ENOENT || fstatat(at, cluster_fs_base(path), &sb,
		    AT_SYMLINK_NOFOLLOW) != 0 ||
		    (st = cluster_fs_check(&sb, path, how, u, err)) == SB_OK)
			st = sb_error_set(err, SB_IO, "cannot open %s: %s",
			    path, strerror(saved));
		errno = saved;
		return st;
	}
	if (fstat(*fd, &sb) != 0)
		st = sb_error_set(err, SB_IO, "cannot open %s: %s", path,
		    strerror(errno));
	else
		st = cluster_fs_check(&sb, path, how, u, err);
	if (st != SB_OK) {
		close(*fd);
		*fd = -1;
		errno = EPERM;
	}
	return st;
}

enum sb_status
cluster_fs_mkdir(int at, const char *path, const struct cluster_user *u,
    int *fd, struct sb_error *err)
{
	enum sb_status	st;

	*fd = -1;
	if (mkdirat(at, cluster_fs_base(path), 0700) != 0 && errno != EEXIST)
		return sb_error_set(err, SB_IO, "cannot create %s: %s", path,
		    strerror(errno));
	st = cluster_fs_open(at, path, O_RDONLY, CLUSTER_FS_DIR |
	    CLUSTER_FS_REMADE, u, fd, err);
	if (st != SB_OK)
		return st;
	if ((u != NULL && fchown(*fd, u->uid, u->gid) != 0) ||
	    fchmod(*fd, 0700) != 0) {
		st = sb_error_set(err, SB_IO, "cannot make %s private to the "
		    "system user '%s': %s", path, CLUSTER_SYSTEM_USER,
		    strerror(errno));
		close(*fd);
		*fd = -1;
	}
	return st;
}

/*
 * Can only root change the directory sb describes: owned by root, and
 * writable by no one else unless sticky (as /tmp, where no one else may
 * rename or remove what root owns)?
 */
static int
cluster_fs_root_only(const struct stat *sb)
{
	return sb->st_uid == 0 && ((sb->st_mode & (S_IWGRP | S_IWOTH)) == 0 ||
	    (sb->st_mode & S_ISVTX) != 0);
}

/* Refuse the parent directory others can change: len bytes of real. */
static enum sb_status
cluster_fs_refuse_parent(const char *real, int len, const struct stat *sb,
    struct sb_error *err)
{
	sb_error_set(err, SB_DENIED, "as root, Switchboard keeps its database "
	    "only below directories that only root can change, and others "
	    "can change %.*s (owner id %ld, mode %03o)", len, real,
	    (long)sb->st_uid, (unsigned)(sb->st_mode & 07777));
	sb_error_hint(err, "set SWITCHBOARD_CLUSTER_DIR to such a place, "
	    "such as /var/lib/switchboard/cluster");
	return SB_DENIED;
}

/*
 * Open the directory path as root (O_PATH), checking each component of
 * its real path, from /, for a directory only root can change: then no
 * one else can turn a component into a link later.
 */
static enum sb_status
cluster_fs_walk(const char *path, int *fd, struct sb_error *err)
{
	struct stat	 sb;
	enum sb_status	 st;
	char		*real, *p, *end, save;
	int		 next, len;

	if ((real = realpath(path, NULL)) == NULL)
		return sb_error_set(err, SB_IO, "cannot open %s: %s", path,
		    strerror(errno));
	*fd = open("/", O_PATH | O_DIRECTORY | O_CLOEXEC);
	for (p = real;; p = end) {
		len = p == real ? 1 : (int)(p - real);
		if (*fd == -1 || fstat(*fd, &sb) != 0) {
			st = sb_error_set(err, SB_IO, "cannot open %.*s: %s",
			    len, real, strerror(errno));
			break;
		}
		if (!cluster_fs_root_only(&sb)) {
			st = cluster_fs_refuse_parent(real, len, &sb, err);
			break;
		}
		if (p[0] == '\0' || p[1] == '\0') {
			free(real);
			return SB_OK;
		}
		if ((end = strchr(p + 1, '/')) == NULL)
			end = p + strlen(p);
		save = *end;
		*end = '\0';
		next = openat(*fd, p + 1, O_PATH | O_DIRECTORY | O_NOFOLLOW |
		    O_CLOEXEC);
		*end = save;
		close(*fd);
		*fd = next;
	}
	if (*fd != -1)
		close(*fd);
	*fd = -1;
	free(real);
	return st;
}

enum sb_status
cluster_fs_open_top(const char *dir, const struct cluster_user *u,
    int *fd, struct sb_error *err)
{
	enum sb_status	 st = SB_OK;
	char		*parent;
	int		 pfd = -1;

	*fd = -1;
	parent = util_dir_of(dir);
	/* As root the server's user must be able to enter the parents. */
	if (util_mkdir_p(parent, u != NULL ? 0755 : 0700) != 0)
		st = sb_error_set(err, SB_IO, "cannot create %s: %s", parent,
		    strerror(errno));
	else if (u != NULL)
		st = cluster_fs_walk(parent, &pfd, err);
	else if ((pfd = open(parent, O_PATH | O_DIRECTORY | O_CLOEXEC)) == -1)
		st = sb_error_set(err, SB_IO, "cannot open %s: %s", parent,
		    strerror(errno));
	free(parent);
	if (st != SB_OK)
		return st;
	if (mkdirat(pfd, cluster_fs_base(dir), 0700) != 0 && errno != EEXIST)
		st = sb_error_set(err, SB_IO, "cannot create %s: %s", dir,
		    strerror(errno));
	else if (u != NULL)
		st = cluster_fs_open(pfd, dir, O_RDONLY, CLUSTER_FS_DIR, u, fd,
		    err);
	else if ((*fd = openat(pfd, cluster_fs_base(dir), O_RDONLY |
	    O_DIRECTORY | O_CLOEXEC)) == -1)
		st = sb_error_set(err, SB_IO, "cannot open %s: %s", dir,
		    strerror(errno));
	close(pfd);
	return st;
}
