/* Test support: a strict RFC 4180 reader to read CSV output back. */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "switchboard/util.h"
#include "testcsv.h"

long
testcsv_read(const char *s, size_t width, char ***fields_out)
{
	size_t	 n = 0, col = 0, len, alloc = 0;
	char	**fields = NULL, *f = xmalloc(strlen(s) + 1);

	/* One scratch field as long as the input; each field copied out. */
	while (*s != '\0') {
		if (n == alloc) {
			alloc = alloc ? alloc * 2 : 256;
			fields = xreallocarray(fields, alloc, sizeof *fields);
		}
		len = 0;
		if (*s == '"') {
			for (s++; !(*s == '"' && s[1] != '"'); s++) {
				if (*s == '\0')
					goto bad;
				if (*s == '"')
					s++;
				f[len++] = *s;
			}
			s++;
		} else {
			for (; *s != ',' && *s != '\r' && *s != '\0'; s++) {
				if (*s == '"' || *s == '\n')
					goto bad;
				f[len++] = *s;
			}
		}
		fields[n++] = xstrndup(f, len);
		col++;
		if (*s == ',') {
			s++;
			continue;
		}
		if (s[0] != '\r' || s[1] != '\n' || col != width)
			goto bad;
		s += 2;
		col = 0;
	}
	free(f);
	*fields_out = fields;
	return (col == 0 ? (long)(n / width) : -1);
bad:
	free(f);
	return (-1);
}

void
testcsv_free(char **fields, long records, size_t width)
{
	size_t	i;

	for (i = 0; i < (size_t)records * width; i++)
		free(fields[i]);
	free(fields);
}

size_t
testcsv_width(const char *s)
{
	size_t	n = 1;

	for (; *s != '\r' && *s != '\0'; s++)
		if (*s == ',')
			n++;
	return (n);
}

const char *
testcsv_cell(char **fields, size_t width, long row, const char *name)
{
	size_t	c;

	for (c = 0; c < width; c++)
		if (strcmp(fields[c], name) == 0)
			return (fields[(size_t)row * width + c]);
	fail_msg("no column \"%s\"", name);
	return (NULL);
}
