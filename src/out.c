/* Command-line output: one table written as text, CSV, TSV, JSON or mutt. */
#include "config.h"

#include <assert.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "switchboard/out.h"
#include "switchboard/term-safe.h"
#include "switchboard/util.h"

struct out_table {
	char	**columns;
	size_t	  ncolumns;
	bool	 *truth;	/* columns of "true" and "false" */
	char	**cells;	/* rows * ncolumns; NULL cells kept */
	size_t	  count;
	size_t	  alloc;
};

/* A growing string; always terminated once anything was added. */
struct out_buf {
	char	*p;
	size_t	 len;
	size_t	 size;
};

static const char *const out_format_names[] = {
#define OUT_FORMAT_NAME(name, text) text,
	OUT_FORMAT_LIST(OUT_FORMAT_NAME)
#undef OUT_FORMAT_NAME
};

/* U+FFFD REPLACEMENT CHARACTER, for bytes that are not UTF-8. */
#define OUT_REPLACEMENT	"\xef\xbf\xbd"

static void
out_buf_add(struct out_buf *b, const char *s, size_t n)
{
	if (b->len + n + 1 > b->size) {
		b->size = (b->len + n + 1) * 2;
		b->p = xreallocarray(b->p, 1, b->size);
	}
	memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = '\0';
}

static void
out_buf_str(struct out_buf *b, const char *s)
{
	out_buf_add(b, s, strlen(s));
}

static void
out_buf_char(struct out_buf *b, char c)
{
	out_buf_add(b, &c, 1);
}

/* The buffer's string, handed to the caller ("" when nothing was added). */
static char *
out_buf_take(struct out_buf *b)
{
	if (b->p == NULL)
		return (xstrdup(""));
	return (b->p);
}

/* A copy of s with every byte that is not valid UTF-8 made U+FFFD. */
static char *
out_utf8_clean(const char *s)
{
	struct out_buf		 b = { NULL, 0, 0 };
	const unsigned char	*p;
	size_t			 n, len;
	uint32_t		 cp;

	if (s == NULL)
		s = "";
	p = (const unsigned char *)s;
	n = strlen(s);

	while (n > 0) {
		len = term_safe_utf8_decode(p, n, &cp);
		if (len == 0) {
			out_buf_str(&b, OUT_REPLACEMENT);
			len = 1;
		} else
			out_buf_add(&b, (const char *)p, len);
		p += len;
		n -= len;
	}
	return (out_buf_take(&b));
}

/* For a terminal: the cell as term-safe shows it; otherwise s itself. */
static char *
out_tty_safe(char *s, int flags)
{
	char	*safe;

	if (~flags & OUT_TTY)
		return (s);
	safe = term_safe_dup(s, (flags & OUT_UTF8) ? TERM_SAFE_UTF8 : 0);
	free(s);
	return (safe);
}

/*
 * A CSV or TSV cell with controls, C1 and bidi controls made visible: as
 * term-safe shows them on a terminal, in its data mode for a file or a
 * pipe (the same escapes, whatever the locale), and left alone with
 * OUT_RAW unless the reader is a terminal.
 */
static char *
out_cell_visible(char *s, int flags)
{
	char	*safe;

	if (flags & OUT_TTY)
		return (out_tty_safe(s, flags));
	if (flags & OUT_RAW)
		return (s);
	safe = term_safe_dup(s, TERM_SAFE_DATA);
	free(s);
	return (safe);
}

/* Spaces and invisible blanks a spreadsheet may skip before a formula. */
static bool
out_csv_is_blank(uint32_t cp)
{
	return (cp == ' ' || (cp >= '\t' && cp <= '\r') || cp == 0xa0 ||
	    cp == 0x1680 || cp == 0x180e || (cp >= 0x2000 && cp <= 0x200b) ||
	    cp == 0x2028 || cp == 0x2029 || cp == 0x202f || cp == 0x205f ||
	    cp == 0x2060 || cp == 0x3000 || cp == 0xfeff);
}

/* = + - @, and their fullwidth forms, which spreadsheets read as well. */
static bool
out_csv_is_sign(uint32_t cp)
{
	return (cp == '=' || cp == '+' || cp == '-' || cp == '@' ||
	    cp == 0xff1d || cp == 0xff0b || cp == 0xff0d || cp == 0xff20);
}

/*
 * Would a spreadsheet read cell as a formula? It would when the cell
 * starts with a sign, or with blanks and then a sign. A cell that starts
 * with a blank other than a space (tab, CR, LF, NBSP, ZWSP...) is taken
 * as one too, whatever follows: readers differ in what they skip.
 */
static bool
out_csv_is_formula(const char *cell)
{
	const unsigned char	*p = (const unsigned char *)cell;
	size_t			 n, len;
	uint32_t		 cp;
	bool			 hidden = false;

	if (cell == NULL)
		return (false);
	for (n = strlen(cell); n > 0; p += len, n -= len) {
		len = term_safe_utf8_decode(p, n, &cp);
		if (len == 0)
			break;
		if (out_csv_is_sign(cp))
			return (true);
		if (!out_csv_is_blank(cp))
			break;
		if (p == (const unsigned char *)cell && cp != ' ')
			hidden = true;
	}
	return (hidden);
}

char *
out_cell_csv(const char *cell, int flags)
{
	struct out_buf	 b = { NULL, 0, 0 };
	char		*s, *p;

	s = out_cell_visible(out_utf8_clean(cell), flags);
	if ((~flags & OUT_RAW) && out_csv_is_formula(cell))
		out_buf_char(&b, '\'');
	out_buf_str(&b, s);
	free(s);
	s = out_buf_take(&b);
	if (strpbrk(s, ",\"\r\n") == NULL)
		return (s);
	b.p = NULL;
	b.len = b.size = 0;
	out_buf_char(&b, '"');
	for (p = s; *p != '\0'; p++) {
		if (*p == '"')
			out_buf_char(&b, '"');
		out_buf_char(&b, *p);
	}
	out_buf_char(&b, '"');
	free(s);
	return (out_buf_take(&b));
}

char *
out_cell_tsv(const char *cell, int flags)
{
	struct out_buf	 b = { NULL, 0, 0 };
	char		*s, *p;

	s = out_utf8_clean(cell);
	for (p = s; *p != '\0'; p++) {
		switch (*p) {
		case '\t':
			out_buf_str(&b, "\\t");
			break;
		case '\n':
			out_buf_str(&b, "\\n");
			break;
		case '\r':
			out_buf_str(&b, "\\r");
			break;
		case '\\':
			out_buf_str(&b, "\\\\");
			break;
		default:
			out_buf_char(&b, *p);
			break;
		}
	}
	free(s);
	return (out_cell_visible(out_buf_take(&b), flags));
}

/* Code points JSON readers accept raw but that can fool a terminal. */
static bool
out_json_must_escape(uint32_t cp)
{
	return (cp < 0x20 || (cp >= 0x7f && cp <= 0x9f) ||
	    cp == 0x061c || cp == 0x200e || cp == 0x200f ||
	    (cp >= 0x2028 && cp <= 0x202e) ||
	    (cp >= 0x2066 && cp <= 0x2069) || cp == 0xfeff);
}

static void
out_json_escape(struct out_buf *b, uint32_t cp)
{
	char	esc[8];

	switch (cp) {
	case '\b':
		out_buf_str(b, "\\b");
		break;
	case '\f':
		out_buf_str(b, "\\f");
		break;
	case '\n':
		out_buf_str(b, "\\n");
		break;
	case '\r':
		out_buf_str(b, "\\r");
		break;
	case '\t':
		out_buf_str(b, "\\t");
		break;
	default:
		snprintf(esc, sizeof esc, "\\u%04x", (unsigned int)cp);
		out_buf_str(b, esc);
		break;
	}
}

char *
out_cell_json(const char *cell)
{
	struct out_buf		 b = { NULL, 0, 0 };
	const unsigned char	*p = (const unsigned char *)cell;
	size_t			 n, len;
	uint32_t		 cp;

	if (cell == NULL)
		return (xstrdup("null"));
	n = strlen(cell);
	out_buf_char(&b, '"');
	while (n > 0) {
		len = term_safe_utf8_decode(p, n, &cp);
		if (len == 0) {
			out_buf_str(&b, "\\ufffd");
			len = 1;
		} else if (cp == '"' || cp == '\\') {
			out_buf_char(&b, '\\');
			out_buf_char(&b, (char)cp);
		} else if (out_json_must_escape(cp))
			out_json_escape(&b, cp);
		else
			out_buf_add(&b, (const char *)p, len);
		p += len;
		n -= len;
	}
	out_buf_char(&b, '"');
	return (out_buf_take(&b));
}

/* A mutt field: one line with no tabs; control characters become spaces. */
static char *
out_cell_mutt(const char *cell, int flags)
{
	char		*s = out_utf8_clean(cell);
	unsigned char	*p;

	for (p = (unsigned char *)s; *p != '\0'; p++) {
		if (*p < 0x20 || *p == 0x7f)
			*p = ' ';
		else if (p[0] == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f) {
			/* A C1 control: two bytes, two spaces. */
			p[0] = p[1] = ' ';
			p++;
		}
	}
	return (out_tty_safe(s, flags));
}

enum sb_status
out_format_parse(const char *name, enum out_format *out,
    struct sb_error *err)
{
	size_t	i;

	for (i = 0; i < OUT_FORMAT_COUNT; i++) {
		if (strcmp(name, out_format_names[i]) == 0) {
			*out = (enum out_format)i;
			return (SB_OK);
		}
	}
	sb_error_set(err, SB_INVALID, "unknown format");
	sb_error_hint(err, "use text, csv, tsv or json");
	sb_error_field(err, "format");
	return (SB_INVALID);
}

const char *
out_format_name(enum out_format format)
{
	if ((size_t)format >= OUT_FORMAT_COUNT)
		return ("?");
	return (out_format_names[format]);
}

struct out_table *
out_table_create(const char *const *columns, size_t ncolumns)
{
	struct out_table	*t;
	size_t			 i;

	assert(ncolumns > 0);
	t = xcalloc(1, sizeof *t);
	t->ncolumns = ncolumns;
	t->columns = xcalloc(ncolumns, sizeof *t->columns);
	t->truth = xcalloc(ncolumns, sizeof *t->truth);
	for (i = 0; i < ncolumns; i++)
		t->columns[i] = xstrdup(columns[i]);
	return (t);
}

void
out_table_set_truth(struct out_table *t, size_t column)
{
	assert(column < t->ncolumns);
	t->truth[column] = true;
}

void
out_table_free(struct out_table *t)
{
	size_t	i;

	if (t == NULL)
		return;
	for (i = 0; i < t->ncolumns; i++)
		free(t->columns[i]);
	for (i = 0; i < t->count * t->ncolumns; i++)
		free(t->cells[i]);
	free(t->columns);
	free(t->truth);
	free(t->cells);
	free(t);
}

void
out_table_add(struct out_table *t, const char *const *cells)
{
	size_t	i, base;

	if (t->count == t->alloc) {
		t->alloc = t->alloc == 0 ? 16 : t->alloc * 2;
		t->cells = xreallocarray(t->cells, t->alloc * t->ncolumns,
		    sizeof *t->cells);
	}
	base = t->count * t->ncolumns;
	for (i = 0; i < t->ncolumns; i++)
		t->cells[base + i] = cells[i] != NULL ? xstrdup(cells[i]) :
		    NULL;
	t->count++;
}

size_t
out_table_count(const struct out_table *t)
{
	return (t->count);
}

/* The cell at row r (or the column name for r == -1). Borrowed. */
static const char *
out_table_cell(const struct out_table *t, long r, size_t c)
{
	if (r < 0)
		return (t->columns[c]);
	return (t->cells[(size_t)r * t->ncolumns + c]);
}

/*
 * Column widths of the text table: each column as wide as its widest cell
 * up to OUT_TEXT_MAX_CELL; then, for a terminal width, the widest columns
 * give up cells one at a time until the table fits (or all are narrow).
 * Values wider than their column wrap (out_text_row).
 */
static void
out_text_widths(const struct out_table *t, char **safe, int tsflags,
    int width, int *w)
{
	size_t	n = t->ncolumns, r, c, widest;
	int	cw, total;

	for (c = 0; c < n; c++) {
		w[c] = 0;
		for (r = 0; r <= t->count; r++) {
			cw = term_safe_width(safe[r * n + c], tsflags);
			if (cw > w[c])
				w[c] = cw;
		}
		if (w[c] > OUT_TEXT_MAX_CELL)
			w[c] = OUT_TEXT_MAX_CELL;
	}
	if (width <= 0)
		return;
	total = 2 * (int)(n - 1);
	for (c = 0; c < n; c++)
		total += w[c];
	while (total > width) {
		widest = 0;
		for (c = 1; c < n; c++)
			if (w[c] > w[widest])
				widest = c;
		if (w[widest] <= OUT_TEXT_MIN_CELL)
			break;
		w[widest]--;
		total--;
	}
}

/*
 * The next line's piece of a cell (safe text) from *at on: as much as fits
 * in w cells, broken where term_safe_wrap says, padded to w when pad.
 */
static void
out_text_piece(struct out_buf *b, const char *cell, size_t *at, int w,
    int tsflags, bool pad)
{
	const char	*rest = cell + *at;
	char		*piece;
	size_t		 len, next;
	int		 used;

	len = term_safe_wrap(rest, w, tsflags, &next);
	*at += next;
	out_buf_add(b, rest, len);
	if (!pad)
		return;
	piece = xstrndup(rest, len);
	used = term_safe_width(piece, tsflags);
	free(piece);
	for (; used < w; used++)
		out_buf_char(b, ' ');
}

/*
 * One row of the text table: a value wider than its column goes on in the
 * same column on the lines below, so nothing is cut. No trailing blanks.
 */
static void
out_text_row(struct out_buf *b, char **cells, const int *w, size_t n,
    int tsflags, FILE *fp)
{
	size_t	c, *at = xcalloc(n, sizeof *at);
	bool	more;

	do {
		b->len = 0;
		more = false;
		for (c = 0; c < n; c++) {
			if (c > 0)
				out_buf_str(b, "  ");
			out_text_piece(b, cells[c], &at[c], w[c], tsflags,
			    c + 1 < n);
			if (cells[c][at[c]] != '\0')
				more = true;
		}
		while (b->len > 0 && b->p[b->len - 1] == ' ')
			b->len--;
		out_buf_char(b, '\n');
		fputs(b->p, fp);
	} while (more);
	free(at);
}

/* The line under the header: dashes as wide as each column. */
static void
out_text_rule(struct out_buf *b, const int *w, size_t n, FILE *fp)
{
	size_t	c;
	int	i;

	b->len = 0;
	for (c = 0; c < n; c++) {
		if (c > 0)
			out_buf_str(b, "  ");
		for (i = 0; i < w[c]; i++)
			out_buf_char(b, '-');
	}
	out_buf_char(b, '\n');
	fputs(b->p, fp);
}

static void
out_write_text(const struct out_table *t, int flags, int width, FILE *fp)
{
	struct out_buf	 b = { NULL, 0, 0 };
	size_t		 n = t->ncolumns, r, c;
	int		 tsflags, *w;
	char		**safe;
	const char	*cell, *above;

	tsflags = TERM_SAFE_SPACE | ((flags & OUT_UTF8) ? TERM_SAFE_UTF8 : 0);
	safe = xcalloc((t->count + 1) * n, sizeof *safe);
	for (r = 0; r <= t->count; r++) {
		for (c = 0; c < n; c++) {
			cell = out_table_cell(t, (long)r - 1, c);
			above = r > 1 ? out_table_cell(t, (long)r - 2, c) :
			    NULL;
			if ((flags & OUT_GROUP) && c == 0 && cell != NULL &&
			    above != NULL && strcmp(cell, above) == 0)
				cell = "";
			safe[r * n + c] = term_safe_dup(cell, tsflags);
		}
	}
	w = xcalloc(n, sizeof *w);
	out_text_widths(t, safe, tsflags, width, w);
	for (r = 0; r <= t->count; r++) {
		out_text_row(&b, safe + r * n, w, n, tsflags, fp);
		if (r == 0)
			out_text_rule(&b, w, n, fp);
	}
	for (r = 0; r < (t->count + 1) * n; r++)
		free(safe[r]);
	free(safe);
	free(w);
	free(b.p);
}

/* CSV or TSV: the header row, then one line per row. */
static void
out_write_delimited(const struct out_table *t, enum out_format format,
    int flags, FILE *fp)
{
	struct out_buf	 b = { NULL, 0, 0 };
	size_t		 r, c;
	char		*cell;
	const char	*v;
	char		 sep = format == OUT_CSV ? ',' : '\t';
	const char	*eol = format == OUT_CSV ? "\r\n" : "\n";

	for (r = 0; r <= t->count; r++) {
		b.len = 0;
		for (c = 0; c < t->ncolumns; c++) {
			if (c > 0)
				out_buf_char(&b, sep);
			v = out_table_cell(t, (long)r - 1, c);
			cell = format == OUT_CSV ? out_cell_csv(v, flags) :
			    out_cell_tsv(v, flags);
			out_buf_str(&b, cell);
			free(cell);
		}
		out_buf_str(&b, eol);
		fputs(b.p, fp);
	}
	free(b.p);
}

static void
out_write_json(const struct out_table *t, FILE *fp)
{
	struct out_buf	 b = { NULL, 0, 0 };
	const char	*cell;
	size_t		 r, c;
	char		*s;

	if (t->count == 0) {
		fputs("[]\n", fp);
		return;
	}
	fputs("[\n", fp);
	for (r = 0; r < t->count; r++) {
		b.len = 0;
		out_buf_str(&b, "  {");
		for (c = 0; c < t->ncolumns; c++) {
			out_buf_str(&b, c > 0 ? ", " : "");
			s = out_cell_json(t->columns[c]);
			out_buf_str(&b, s);
			free(s);
			out_buf_str(&b, ": ");
			cell = out_table_cell(t, (long)r, c);
			/* A truth value is JSON's own true or false. */
			if (t->truth[c] && cell != NULL &&
			    (strcmp(cell, "true") == 0 ||
			    strcmp(cell, "false") == 0)) {
				out_buf_str(&b, cell);
				continue;
			}
			s = out_cell_json(cell);
			out_buf_str(&b, s);
			free(s);
		}
		out_buf_str(&b, r + 1 < t->count ? "},\n" : "}\n");
		fputs(b.p, fp);
	}
	fputs("]\n", fp);
	free(b.p);
}

static void
out_write_mutt(const struct out_table *t, int flags, const char *status,
    FILE *fp)
{
	struct out_buf	 b = { NULL, 0, 0 };
	size_t		 r, c;
	char		*s;

	if (status == NULL)
		status = t->count == 0 ? "No matches" : "";
	s = out_cell_mutt(status, flags);
	fprintf(fp, "%s\n", s);
	free(s);
	for (r = 0; r < t->count; r++) {
		b.len = 0;
		for (c = 0; c < t->ncolumns && c < 3; c++) {
			if (c > 0)
				out_buf_char(&b, '\t');
			s = out_cell_mutt(out_table_cell(t, (long)r, c),
			    flags);
			out_buf_str(&b, s);
			free(s);
		}
		out_buf_char(&b, '\n');
		fputs(b.p, fp);
	}
	free(b.p);
}

enum sb_status
out_table_write(const struct out_table *t, enum out_format format,
    int flags, int width, const char *status, FILE *fp, struct sb_error *err)
{
	switch (format) {
	case OUT_TEXT:
		out_write_text(t, flags, width, fp);
		break;
	case OUT_CSV:
	case OUT_TSV:
		out_write_delimited(t, format, flags, fp);
		break;
	case OUT_JSON:
		out_write_json(t, fp);
		break;
	case OUT_MUTT:
		out_write_mutt(t, flags, status, fp);
		break;
	default:
		return (sb_error_set(err, SB_INTERNAL, "unknown format"));
	}
	return (out_flush(fp, err));
}

enum sb_status
out_flush(FILE *fp, struct sb_error *err)
{
	if (fflush(fp) != 0 || ferror(fp))
		return (sb_error_set(err, SB_IO, "cannot write the output"));
	return (SB_OK);
}
