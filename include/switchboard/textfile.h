/* A text file to import, read whole and brought to UTF-8. */
#ifndef SWITCHBOARD_TEXTFILE_H
#define SWITCHBOARD_TEXTFILE_H

#include <stddef.h>

#include "switchboard/error.h"

#define TEXTFILE_MAX	(512L * 1024 * 1024)	/* larger files: refused */

/*
 * Read path, a regular file (a directory, FIFO or device is refused at
 * once, without waiting on it), into *out as NUL-terminated UTF-8 of
 * *len bytes: a UTF-8 byte order mark is dropped, UTF-16 with a mark is
 * converted, and text in another encoding is converted from encoding
 * (an iconv name such as "windows-1252"; NULL: the text must be UTF-8).
 * A file holding NUL bytes is binary and refused. The caller frees *out.
 */
/*
 * len bytes of in, text in charset (an iconv name), as NUL-terminated
 * UTF-8 of *outlen bytes; NULL when in is not text in that charset or
 * iconv does not know it. The caller frees.
 */
char		*textfile_to_utf8(const char *in, size_t len, const char *charset,
		    size_t *outlen);

enum sb_status	textfile_read(const char *path, const char *encoding,
		    char **out, size_t *len, struct sb_error *err);

#endif
