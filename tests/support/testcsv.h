/* Test support: a strict RFC 4180 reader to read CSV output back. */
#ifndef SWITCHBOARD_TESTCSV_H
#define SWITCHBOARD_TESTCSV_H

#include <stddef.h>

/*
 * Read s as CSV records of width fields each: records end in CRLF, a
 * quoted field ends at a lone quote followed by a comma or CRLF (doubled
 * quotes stand for one), an unquoted field holds no quote, CR or LF.
 * Returns the number of records with *fields_out holding records * width
 * strings in order (free with testcsv_free), or -1 when a rule is broken.
 */
long	testcsv_read(const char *s, size_t width, char ***fields_out);

/* The fields of the first record of s, whose fields hold no comma. */
size_t	testcsv_width(const char *s);

/*
 * The field of record row (1: the first after the header) in the column
 * the header calls name; the test fails when there is none. Borrowed.
 */
const char *testcsv_cell(char **fields, size_t width, long row,
	    const char *name);

void	testcsv_free(char **fields, long records, size_t width);

#endif
