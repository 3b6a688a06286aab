/* CSV records read leniently: quoted fields, any line end, the delimiter found. */
#include "config.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "switchboard/csv.h"
#include "switchboard/util.h"

struct csv_reader {
	const char	*text;
	size_t		 len;
	size_t		 pos;
	long		 line;		/* of the byte at pos */
	char		 delim;
};

/* The delimiter the first record uses most, outside quotes. */
static char
csv_detect(const char *text, size_t len)
{
	static const char	candidates[] = { ',', ';', '\t' };
	size_t			count[3] = { 0, 0, 0 }, i, k, best = 0;
	bool			quoted = false;

	for (i = 0; i < len; i++) {
		if (text[i] == '"')
			quoted = !quoted;
		else if (!quoted && (text[i] == '\n' || text[i] == '\r'))
			break;
		else if (!quoted)
			for (k = 0; k < 3; k++)
				count[k] += text[i] == candidates[k];
	}
	for (k = 1; k < 3; k++)
		if (count[k] > count[best])
			best = k;
	return candidates[best];
}

struct csv_reader *
csv_reader_new(const char *text, size_t len)
{
	struct csv_reader	*r = xcalloc(1, sizeof *r);

	r->text = text;
	r->len = len;
	r->line = 1;
	r->delim = csv_detect(text, len);
	return r;
}

char
csv_delimiter(const struct csv_reader *r)
{
	return r->delim;
}

void
csv_reader_free(struct csv_reader *r)
{
	free(r);
}

void
csv_row_clear(struct csv_row *row)
{
	size_t	i;

	for (i = 0; i < row->n; i++)
		free(row->fields[i]);
	free(row->fields);
	row->fields = NULL;
	row->n = 0;
}

/* Step past a line end at pos (CRLF, LF or CR), counting the line. */
static bool
csv_line_end(struct csv_reader *r)
{
	const char	*t = r->text;

	if (r->pos >= r->len || (t[r->pos] != '\n' && t[r->pos] != '\r'))
		return false;
	if (t[r->pos] == '\r' && r->pos + 1 < r->len && t[r->pos + 1] == '\n')
		r->pos++;
	r->pos++;
	r->line++;
	return true;
}

/*
 * One field at pos into a new string; false when a quote never closes.
 * A quoted field's doubled quotes stand for one; text between its
 * closing quote and the delimiter is kept, as spreadsheets do.
 */
static bool
csv_field(struct csv_reader *r, char **out)
{
	const char	*t = r->text;
	char		*buf = xmalloc(1);
	size_t		 n = 0, size = 1;
	bool		 quoted = false, was_quoted = false;
	char		 c;

	while (r->pos < r->len) {
		c = t[r->pos];
		if (quoted && c == '"' && r->pos + 1 < r->len &&
		    t[r->pos + 1] == '"') {
			r->pos++;
		} else if (c == '"' && (quoted || (n == 0 && !was_quoted))) {
			quoted = !quoted;
			was_quoted = true;
			r->pos++;
			continue;
		} else if (!quoted && (c == r->delim || c == '\n' ||
		    c == '\r')) {
			break;
		} else if (c == '\n' || (c == '\r' && (r->pos + 1 >= r->len ||
		    t[r->pos + 1] != '\n'))) {
			r->line++;
		}
		if (n + 2 > size) {
			size *= 2;
			buf = xreallocarray(buf, 1, size);
		}
		buf[n++] = c;
		r->pos++;
	}
	buf[n] = '\0';
	*out = buf;
	return !quoted;
}

int
csv_next(struct csv_reader *r, struct csv_row *row,
    struct csv_problem *problem)
{
	char	*field;
	bool	 ok;

	memset(row, 0, sizeof *row);
	while (csv_line_end(r))
		;
	if (r->pos >= r->len)
		return 0;
	row->line = r->line;
	for (;;) {
		ok = csv_field(r, &field);
		if (!ok || row->n == CSV_FIELDS_MAX) {
			free(field);
			problem->line = row->line;
			snprintf(problem->reason, sizeof problem->reason, !ok ?
			    "a quoted field is never closed" :
			    "more than %d fields", CSV_FIELDS_MAX);
			csv_row_clear(row);
			/* Past this record: the text or the line ends. */
			while (r->pos < r->len && !csv_line_end(r))
				r->pos++;
			return -1;
		}
		row->fields = xreallocarray(row->fields, row->n + 1,
		    sizeof *row->fields);
		row->fields[row->n++] = field;
		if (r->pos < r->len && r->text[r->pos] == r->delim) {
			r->pos++;
			continue;
		}
		csv_line_end(r);
		return 1;
	}
}
