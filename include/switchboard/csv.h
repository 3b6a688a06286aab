/* CSV records as spreadsheets and address books write them, read leniently. */
#ifndef SWITCHBOARD_CSV_H
#define SWITCHBOARD_CSV_H

#include <stddef.h>

#define CSV_FIELDS_MAX	1024	/* a record with more is refused */

/* One record: its fields (UTF-8 as in the text) and its first line. */
struct csv_row {
	char	**fields;
	size_t	  n;
	long	  line;
};

struct csv_problem {
	long	line;
	char	reason[160];
};

struct csv_reader;

/*
 * Read records from text (borrowed, len bytes). The delimiter is the one
 * of ',', ';' and tab that the first record holds most of outside quotes
 * (German Outlook writes ';'). Quoted fields may hold delimiters, doubled
 * quotes and line breaks; records end at CRLF, LF or CR; blank lines are
 * skipped. csv_next returns 1 with row filled, 0 at the end, or -1 with
 * problem filled for a record it skipped (a quote never closed: the rest
 * of the text; too many fields: that record).
 */
struct csv_reader	*csv_reader_new(const char *text, size_t len);
char			 csv_delimiter(const struct csv_reader *r);
int			 csv_next(struct csv_reader *r, struct csv_row *row,
			     struct csv_problem *problem);
void			 csv_row_clear(struct csv_row *row);
void			 csv_reader_free(struct csv_reader *r);

#endif
