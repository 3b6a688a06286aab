/* Accent and case folding of Latin text, for filters that ignore both. */
#ifndef SWITCHBOARD_FOLD_H
#define SWITCHBOARD_FOLD_H

#include <stdbool.h>

/*
 * text in lower case with the accents of Latin letters taken off: Latin-1
 * and Latin Extended-A fold to their base letter, as the database's
 * sb.fold does for search; anything else is kept. Caller frees.
 */
char		*fold_text(const char *text);

/* Whether filter occurs in text, both folded ("" occurs in any text). */
bool		 fold_match(const char *text, const char *filter);

#endif
