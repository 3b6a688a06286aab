/* Test support: read a text table (out.c's OUT_TEXT) back by column. */
#ifndef SWITCHBOARD_TESTTEXT_H
#define SWITCHBOARD_TESTTEXT_H

#include <stddef.h>

/*
 * The column col of the text table that starts at table (its header line,
 * then the rule of dashes that gives each column's place and width): its
 * piece on each line below the rule, up to an empty line or the end,
 * trailing blanks dropped, one piece a line, each ending in a newline.
 * Run in a UTF-8 locale. Caller frees.
 */
char	*testtext_column(const char *table, size_t col);

/* text without any of the bytes in drop. Caller frees. */
char	*testtext_without(const char *text, const char *drop);

/* The widest line of text in display cells (a UTF-8 locale). */
int	 testtext_widest(const char *text);

#endif
