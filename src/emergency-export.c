/* Exporting the emergency list: the formats and an atomic file write. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "switchboard/emergency-list.h"
#include "switchboard/term-safe.h"
#include "switchboard/util.h"

/* Why a file in dir could not be made, in words. */
static enum sb_status
emergency_dir_error(struct sb_error *err, const char *dir, int e)
{
	if (e == ENOENT || e == ENOTDIR)
		return sb_error_set(err, SB_IO, "No such directory: %s", dir);
	if (e == EACCES || e == EPERM || e == EROFS)
		return sb_error_set(err, SB_IO,
		    "Permission denied: cannot write in %s", dir);
	return sb_error_set(err, SB_IO, "Cannot write in %s: %s", dir,
	    strerror(e));
}

/*
 * Write all of data to fd and sync it; errno is set on failure. The list
 * holds people's numbers: the file is for its owner only (0600, narrower
 * still if the umask says so).
 */
static int
emergency_write_all(int fd, const char *data, size_t len)
{
	mode_t	mask = umask(077);

	umask(mask);
	if (util_write_all(fd, data, len) == -1 ||
	    fchmod(fd, 0600 & ~mask) == -1 || fsync(fd) == -1)
		return -1;
	return 0;
}

/* Put the finished temporary file at path: link refuses to replace. */
static enum sb_status
emergency_place(const char *tmp, const char *path, bool overwrite,
    struct sb_error *err)
{
	if (overwrite) {
		if (rename(tmp, path) == 0)
			return SB_OK;
		return sb_error_set(err, SB_IO, "Cannot write %s: %s", path,
		    strerror(errno));
	}
	if (link(tmp, path) == 0) {
		unlink(tmp);
		return SB_OK;
	}
	if (errno == EEXIST)
		return sb_error_set(err, SB_CONFLICT, "%s already exists",
		    path);
	return sb_error_set(err, SB_IO, "Cannot write %s: %s", path,
	    strerror(errno));
}

enum sb_status
emergency_file_write(const char *path, const char *data, size_t len,
    bool overwrite, struct sb_error *err)
{
	struct stat	 st;
	char		*dir, *tmp = NULL;
	const char	*base;
	enum sb_status	 status;
	int		 fd;

	if (*path == '\0' || path[strlen(path) - 1] == '/')
		return sb_error_set(err, SB_INVALID, "Give a file name");
	if (stat(path, &st) == 0 && S_ISDIR(st.st_mode))
		return sb_error_set(err, SB_INVALID, "%s is a directory", path);
	if (!overwrite && lstat(path, &st) == 0)
		return sb_error_set(err, SB_CONFLICT, "%s already exists", path);
	dir = util_dir_of(path);
	base = strrchr(path, '/') != NULL ? strrchr(path, '/') + 1 : path;
	tmp = xasprintf("%s/.%s.XXXXXX", dir, base);
	if ((fd = mkstemp(tmp)) == -1) {
		status = emergency_dir_error(err, dir, errno);
		goto out;
	}
	if (emergency_write_all(fd, data, len) == -1) {
		status = sb_error_set(err, SB_IO, "Cannot write in %s: %s",
		    dir, strerror(errno));
		close(fd);
		unlink(tmp);
		goto out;
	}
	if (close(fd) == -1) {
		status = emergency_dir_error(err, dir, errno);
		unlink(tmp);
		goto out;
	}
	status = emergency_place(tmp, path, overwrite, err);
	if (status != SB_OK)
		unlink(tmp);
out:
	free(tmp);
	free(dir);
	return status;
}

static bool
emergency_is_csv(const char *path)
{
	size_t	n = strlen(path);

	return n >= 4 && strcasecmp(path + n - 4, ".csv") == 0;
}

/* An organization's name as a heading, wrapped to the sheet's width. */
static void
emergency_write_heading(FILE *fp, const char *name, int tsflags)
{
	char	*safe = term_safe_dup(name, tsflags);
	size_t	 at = 0, len, next;

	fputc('\n', fp);
	do {
		len = term_safe_wrap(safe + at, EMERGENCY_SHEET_WIDTH, tsflags,
		    &next);
		fprintf(fp, "%.*s\n", (int)len, safe + at);
		at += next;
	} while (safe[at] != '\0');
	free(safe);
}

/*
 * The printed sheet: a legend, then each organization and its table. A
 * value too long for its column wraps inside it: nothing is cut.
 */
static enum sb_status
emergency_write_sheet(const struct emergency_list *el, FILE *fp,
    struct sb_error *err)
{
	int			 flags = term_safe_is_utf8_locale() ? OUT_UTF8 : 0;
	struct out_table	*t;
	enum sb_status		 status = SB_OK;
	size_t			 i;

	fprintf(fp, "Emergency contacts: %zu\n"
	    "* primary contact   DNC = DO NOT CONTACT\n", el->ncontacts);
	for (i = 0; i < el->nlines && status == SB_OK; i++) {
		if (!el->lines[i].heading)
			continue;
		emergency_write_heading(fp, emergency_list_row(el, i)->org_name,
		    (flags & OUT_UTF8 ? TERM_SAFE_UTF8 : 0) | TERM_SAFE_SPACE);
		t = emergency_list_table(el, i, OUT_TEXT);
		status = out_table_write(t, OUT_TEXT, flags,
		    EMERGENCY_SHEET_WIDTH, NULL, fp, err);
		out_table_free(t);
	}
	return status;
}

enum sb_status
emergency_export(const struct emergency_list *el, const char *path,
    bool overwrite, enum out_format *format, struct sb_error *err)
{
	enum out_format		 f = emergency_is_csv(path) ? OUT_CSV : OUT_TEXT;
	struct out_table	*t;
	char			*buf = NULL;
	size_t			 len = 0;
	FILE			*fp;
	enum sb_status		 status;

	if (format != NULL)
		*format = f;
	if ((fp = open_memstream(&buf, &len)) == NULL)
		fatal("open_memstream: %s", strerror(errno));
	if (f == OUT_TEXT)
		status = emergency_write_sheet(el, fp, err);
	else {
		t = emergency_list_table(el, 0, OUT_CSV);
		status = out_table_write(t, OUT_CSV, OUT_UTF8, 0, NULL, fp,
		    err);
		out_table_free(t);
	}
	if (fclose(fp) != 0 && status == SB_OK)
		status = sb_error_set(err, SB_IO, "Cannot format the list");
	if (status == SB_OK)
		status = emergency_file_write(path, buf, len, overwrite, err);
	free(buf);
	return status;
}
