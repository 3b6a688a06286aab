/* Accent and case folding, for filters that ignore both, as sb.fold does. */
#ifndef SWITCHBOARD_FOLD_H
#define SWITCHBOARD_FOLD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * text folded exactly as the database's sb.fold (sql/modules/keys.sql)
 * folds it: each character in lower case, then with its accents taken off
 * by the unaccent rules ("Æ" is "ae", "ß" is "ss"); invalid UTF-8 is kept
 * byte for byte. Caller frees.
 */
char		*fold_text(const char *text);

/* Whether filter occurs in text, both folded ("" occurs in any text). */
bool		 fold_match(const char *text, const char *filter);

/* One character that sb.fold changes, and what it makes of it. */
struct fold_entry {
	uint32_t	 cp;
	const char	*to;		/* UTF-8 */
};

/*
 * Every character sb.fold changes but ASCII, by code point: generated
 * from the database by "make fold-table" (src/fold-table.c).
 */
extern const struct fold_entry	fold_table[];
extern const size_t		fold_table_count;

#endif
