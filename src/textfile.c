/* Import files: regular files only, read whole, converted to UTF-8. */
#include "config.h"

#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <iconv.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "switchboard/textfile.h"
#include "switchboard/util.h"
#include "switchboard/validate.h"

/* What kind of file st is, for a refusal. */
static const char *
textfile_kind(const struct stat *st)
{
	if (S_ISDIR(st->st_mode))
		return "a directory";
	if (S_ISFIFO(st->st_mode))
		return "a pipe (FIFO)";
	if (S_ISSOCK(st->st_mode))
		return "a socket";
	if (S_ISCHR(st->st_mode) || S_ISBLK(st->st_mode))
		return "a device";
	return "not a regular file";
}

/* The whole of a regular file into *buf (*len bytes, NUL after). */
static enum sb_status
textfile_slurp(const char *path, char **buf, size_t *len,
    struct sb_error *err)
{
	struct stat	 st;
	ssize_t		 n;
	size_t		 got = 0;
	int		 fd;

	/* Non-blocking: opening a FIFO with no writer must not wait. */
	fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
	if (fd == -1)
		return sb_error_set(err, SB_IO, "cannot open %s: %s", path,
		    strerror(errno));
	if (fstat(fd, &st) != 0) {
		sb_error_set(err, SB_IO, "cannot read %s: %s", path,
		    strerror(errno));
		close(fd);
		return SB_IO;
	}
	if (!S_ISREG(st.st_mode)) {
		close(fd);
		sb_error_set(err, SB_INVALID, "%s is %s, not a file to import",
		    path, textfile_kind(&st));
		return SB_INVALID;
	}
	if (st.st_size > TEXTFILE_MAX) {
		close(fd);
		return sb_error_set(err, SB_INVALID, "%s is larger than %ld "
		    "MiB; split it", path, TEXTFILE_MAX / 1024 / 1024);
	}
	*buf = xmalloc((size_t)st.st_size + 1);
	while (got < (size_t)st.st_size &&
	    (n = read(fd, *buf + got, (size_t)st.st_size - got)) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			sb_error_set(err, SB_IO, "cannot read %s: %s", path,
			    strerror(errno));
			close(fd);
			free(*buf);
			return SB_IO;
		}
		got += (size_t)n;
	}
	close(fd);
	(*buf)[got] = '\0';
	*len = got;
	return SB_OK;
}

char *
textfile_to_utf8(const char *in, size_t len, const char *charset,
    size_t *outlen)
{
	iconv_t	 cd = iconv_open("UTF-8", charset);
	char	*src = (char *)(uintptr_t)in, *out, *o;
	size_t	 left = len, room = len * 4 + 4;

	if (cd == (iconv_t)-1)
		return NULL;
	out = o = xmalloc(room);
	if (iconv(cd, &src, &left, &o, &room) == (size_t)-1 || left != 0) {
		iconv_close(cd);
		free(out);
		return NULL;
	}
	iconv_close(cd);
	*o = '\0';
	*outlen = (size_t)(o - out);
	return out;
}

enum sb_status
textfile_read(const char *path, const char *encoding, char **out,
    size_t *len, struct sb_error *err)
{
	const unsigned char	*b;
	const char		*from = encoding;
	char			*raw = NULL, *text;
	size_t			 n = 0, skip = 0;
	enum sb_status		 st;

	*out = NULL;
	*len = 0;
	if ((st = textfile_slurp(path, &raw, &n, err)) != SB_OK)
		return st;
	b = (const unsigned char *)raw;
	if (n >= 3 && b[0] == 0xef && b[1] == 0xbb && b[2] == 0xbf) {
		skip = 3;
		from = NULL;
	} else if (n >= 2 && b[0] == 0xff && b[1] == 0xfe) {
		skip = 2;
		from = "UTF-16LE";
	} else if (n >= 2 && b[0] == 0xfe && b[1] == 0xff) {
		skip = 2;
		from = "UTF-16BE";
	}
	if (from != NULL && strcasecmp(from, "utf-8") != 0) {
		text = textfile_to_utf8(raw + skip, n - skip, from, &n);
		if (text == NULL) {
			sb_error_set(err, SB_INVALID, "%s is not text in %s",
			    path, from);
			sb_error_hint(err, "name the file's encoding with "
			    "--encoding (for example windows-1252)");
			free(raw);
			return SB_INVALID;
		}
	} else {
		n -= skip;
		text = xmalloc(n + 1);
		memcpy(text, raw + skip, n + 1);
	}
	free(raw);
	if (memchr(text, '\0', n) != NULL) {
		free(text);
		return sb_error_set(err, SB_INVALID, "%s is a binary file, "
		    "not text to import", path);
	}
	if (validate_utf8_length(text) < 0) {
		free(text);
		sb_error_set(err, SB_INVALID, "%s is not UTF-8 text", path);
		sb_error_hint(err, "name the file's encoding with --encoding "
		    "(for example windows-1252)");
		return SB_INVALID;
	}
	*out = text;
	*len = n;
	return SB_OK;
}
