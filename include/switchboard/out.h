/* Command-line output: a table of strings written as text, CSV, TSV, JSON. */
#ifndef SWITCHBOARD_OUT_H
#define SWITCHBOARD_OUT_H

#include <stddef.h>
#include <stdio.h>

#include "switchboard/error.h"

/*
 * The formats a subcommand can write. Every cell is untrusted text (it
 * comes from the database); each writer makes it safe for its reader:
 *
 *   OUT_TEXT	a table for people: cells sanitized by term-safe, columns
 *		sized by display width; a value wider than its column
 *		goes on in the same column on the lines below, broken
 *		after a space or comma where one fits, by display width
 *		and never inside a character. Nothing is cut.
 *   OUT_CSV	RFC 4180: header row, CRLF line ends, fields quoted when
 *		they hold a comma, quote, CR or LF, quotes doubled; a cell
 *		a spreadsheet would run as a formula gets a leading ':
 *		one beginning with = + - @ (or their fullwidth forms),
 *		with spaces and blanks before one, or with a blank other
 *		than a space (tab, CR, LF, NBSP, ZWSP and the like).
 *   OUT_TSV	header row, LF line ends; tab, LF, CR and backslash inside
 *		a value written as \t \n \r \\.
 *   OUT_JSON	an array of objects keyed by column name; control
 *		characters, DEL, C1, bidi controls, U+2028 and U+2029 as
 *		\u escapes.
 *   OUT_MUTT	mutt/neomutt query_command: a status line, then the first
 *		three columns (email, name, other) separated by tabs; tabs
 *		and other control characters in data become spaces.
 *   OUT_VCARD	not a table: contacts as cards (export.h); a table
 *		refuses it.
 *
 * In CSV and TSV, control characters (C0, DEL), C1, bidi controls and the
 * other characters term-safe escapes are written in term-safe's notation
 * (\x1b, \n, \u202e...), the same a terminal shows: for a terminal in the
 * locale's mode, for a file or a pipe in its data mode (UTF-8 whatever the
 * locale). With OUT_RAW a file or a pipe gets each value's bytes as they
 * are instead, with no formula guard; CSV quoting and TSV's own escapes
 * still apply. A terminal always gets the escapes.
 *
 * Invalid UTF-8 in a cell is written as U+FFFD in every format but text
 * (which shows the bytes as escapes). A NULL cell is JSON null and an empty
 * field elsewhere. No format cuts a value.
 */
#define OUT_FORMAT_LIST(X)						\
	X(OUT_TEXT,	"text")						\
	X(OUT_CSV,	"csv")						\
	X(OUT_TSV,	"tsv")						\
	X(OUT_JSON,	"json")						\
	X(OUT_MUTT,	"mutt")						\
	X(OUT_VCARD,	"vcard")

enum out_format {
#define OUT_FORMAT_ENUM(name, text) name,
	OUT_FORMAT_LIST(OUT_FORMAT_ENUM)
#undef OUT_FORMAT_ENUM
	OUT_FORMAT_COUNT
};

/* The output goes to a terminal: CSV, TSV and mutt cells pass term-safe. */
#define OUT_TTY		0x01
/* The terminal (or, for text, the reader) takes UTF-8. */
#define OUT_UTF8	0x02
/* Text: a first-column value equal to the row above is left blank. */
#define OUT_GROUP	0x04
/* CSV and TSV: keep the bytes of each value, unless OUT_TTY (see above). */
#define OUT_RAW		0x08

/* Widest a text column grows when the width is not limited. */
#define OUT_TEXT_MAX_CELL	48
/* Narrowest a text column is squeezed to fit the terminal. */
#define OUT_TEXT_MIN_CELL	6

struct out_table;

/* Parse a --format name; SB_INVALID (err lists the names) if unknown. */
enum sb_status	 out_format_parse(const char *name, enum out_format *out,
		     struct sb_error *err);

/* The name of a format; static storage. */
const char	*out_format_name(enum out_format format);

/*
 * A table with ncolumns named columns (names copied; they are the header
 * row and the JSON keys). Caller frees with out_table_free.
 */
struct out_table *out_table_create(const char *const *columns,
		     size_t ncolumns);
void		 out_table_free(struct out_table *table);

/*
 * Column holds truth values, "true" or "false": JSON writes them as its
 * own true and false, not as strings; CSV and TSV as the words.
 */
void		 out_table_set_truth(struct out_table *table, size_t column);

/* Append a row of ncolumns cells (copied; a cell may be NULL). */
void		 out_table_add(struct out_table *table,
		     const char *const *cells);

/* Rows appended so far. */
size_t		 out_table_count(const struct out_table *table);

/*
 * Write the table to fp. flags are OUT_* bits; width is the width in cells
 * for OUT_TEXT (0: each column at most OUT_TEXT_MAX_CELL), which no line
 * passes unless the columns cannot all be squeezed to OUT_TEXT_MIN_CELL.
 * For OUT_MUTT, status is the first line ("No matches" is used when NULL
 * and the table is empty). SB_IO when writing fails.
 */
enum sb_status	 out_table_write(const struct out_table *table,
		     enum out_format format, int flags, int width,
		     const char *status, FILE *fp, struct sb_error *err);

/* Flush fp: SB_IO when anything written to it failed. */
enum sb_status	 out_flush(FILE *fp, struct sb_error *err);

/*
 * One cell in a format, for tests and single values: the encoded bytes
 * without separators or line ends. Caller frees.
 */
char		*out_cell_csv(const char *cell, int flags);
char		*out_cell_tsv(const char *cell, int flags);
char		*out_cell_json(const char *cell);

#endif
