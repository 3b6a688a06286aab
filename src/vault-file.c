/* The vault's file on disk: read only if safe, replaced durably. */
#include "config.h"

#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sodium.h>

#include "switchboard/error.h"
#include "switchboard/util.h"
#include "vault-int.h"

#define VAULT_DAMAGED		"the vault file is damaged or was changed"

enum sb_status
vault_damaged(const char *path, struct sb_error *err)
{
	sb_error_set(err, SB_CORRUPT, VAULT_DAMAGED);
	sb_error_hint(err, "restore %s from a backup, or move it away to "
	    "start an empty vault", path);
	return SB_CORRUPT;
}

/* Check owner, type and mode of the opened file. */
static enum sb_status
vault_check_file(int fd, const char *path, size_t max, size_t *size,
    struct sb_error *err)
{
	struct stat	st;

	if (fstat(fd, &st) != 0)
		return sb_error_set(err, SB_IO, "cannot read %s: %s", path,
		    strerror(errno));
	if (!S_ISREG(st.st_mode))
		return sb_error_set(err, SB_DENIED,
		    "the vault %s is not a regular file", path);
	if (st.st_uid != geteuid()) {
		sb_error_set(err, SB_DENIED,
		    "the vault %s belongs to another user", path);
		sb_error_hint(err, "use your own vault file");
		return SB_DENIED;
	}
	if ((st.st_mode & 077) != 0) {
		sb_error_set(err, SB_DENIED,
		    "the vault %s can be read or changed by other users", path);
		sb_error_hint(err, "chmod 600 %s", path);
		return SB_DENIED;
	}
	if ((uintmax_t)st.st_size > max)
		return vault_damaged(path, err);
	*size = st.st_size;
	return SB_OK;
}

enum sb_status
vault_file_read(const char *path, size_t max, unsigned char **buf,
    size_t *size, struct sb_error *err)
{
	enum sb_status	 st;
	size_t		 done = 0;
	ssize_t		 n;
	int		 fd;

	*buf = NULL;
	/* Non-blocking: a FIFO in its place must not wait for a writer. */
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NOCTTY |
	    O_NONBLOCK);
	if (fd < 0 && errno == ENOENT)
		return SB_NOT_FOUND;
	if (fd < 0 && errno == ELOOP)
		return sb_error_set(err, SB_DENIED,
		    "the vault %s is a symbolic link", path);
	if (fd < 0)
		return sb_error_set(err, SB_IO, "cannot open %s: %s", path,
		    strerror(errno));
	if ((st = vault_check_file(fd, path, max, size, err)) != SB_OK)
		goto out;
	*buf = xmalloc(*size + 1);
	while (done < *size) {
		n = read(fd, *buf + done, *size - done);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			st = sb_error_set(err, SB_IO, "cannot read %s: %s",
			    path, n == 0 ? "file shrank" : strerror(errno));
			goto out;
		}
		done += n;
	}
	st = SB_OK;
out:
	if (st != SB_OK) {
		free(*buf);
		*buf = NULL;
	}
	close(fd);
	return st;
}

/* Injected failure for tests: -1 with errno EIO at the chosen step. */
static int
vault_step_fails(enum vault_save_step fail, enum vault_save_step step)
{
	if (fail != step)
		return 0;
	errno = EIO;
	return 1;
}

/* Write tmp fully and durably; the caller renames it. */
static int
vault_write_temp(enum vault_save_step fail, const char *tmp,
    const unsigned char *buf, size_t size, const char **what)
{
	int	fd, saved;

	*what = "cannot create a temporary file";
	if (vault_step_fails(fail, VAULT_SAVE_STEP_CREATE))
		return -1;
	fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW,
	    0600);
	if (fd < 0)
		return -1;
	*what = "cannot write";
	if (fchmod(fd, 0600) != 0 || vault_step_fails(fail,
	    VAULT_SAVE_STEP_WRITE) || util_write_all(fd, buf, size) != 0)
		goto fail;
	*what = "cannot flush to disk";
	if (vault_step_fails(fail, VAULT_SAVE_STEP_FSYNC) || fsync(fd) != 0)
		goto fail;
	if (close(fd) != 0) {
		saved = errno;
		unlink(tmp);
		errno = saved;
		return -1;
	}
	return 0;
fail:
	saved = errno;
	close(fd);
	unlink(tmp);
	errno = saved;
	return -1;
}

enum sb_status
vault_file_replace(const char *path, const unsigned char *buf, size_t size,
    enum vault_save_step fail, struct sb_error *err)
{
	char		*dir, *tmp;
	const char	*what = "cannot create the directory";
	enum sb_status	 st = SB_IO;
	int		 dfd = -1;

	dir = util_dir_of(path);
	tmp = xasprintf("%s.tmp-%08x", path, randombytes_random());
	if (util_mkdir_p(dir, 0700) != 0 ||
	    vault_write_temp(fail, tmp, buf, size, &what) != 0)
		goto fail;
	what = "cannot replace the vault";
	if (vault_step_fails(fail, VAULT_SAVE_STEP_RENAME) ||
	    rename(tmp, path) != 0) {
		unlink(tmp);
		goto fail;
	}
	what = "saved, but cannot flush the directory to disk";
	if (vault_step_fails(fail, VAULT_SAVE_STEP_DIRSYNC) ||
	    (dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0 ||
	    fsync(dfd) != 0)
		goto fail;
	st = SB_OK;
	goto out;
fail:
	sb_error_set(err, SB_IO, "%s: %s: %s", what, path, strerror(errno));
out:
	if (dfd >= 0)
		close(dfd);
	free(tmp);
	free(dir);
	return st;
}

enum sb_status
vault_file_remove(const char *path, struct sb_error *err)
{
	char	*dir;
	int	 dfd;

	if (unlink(path) != 0 && errno != ENOENT)
		return sb_error_set(err, SB_IO, "cannot remove %s: %s", path,
		    strerror(errno));
	dir = util_dir_of(path);
	if ((dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) >= 0) {
		fsync(dfd);
		close(dfd);
	}
	free(dir);
	return SB_OK;
}
