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

/*
 * A key that sorts text as people expect: folded first, so Ágnes comes
 * with the As whatever the locale, then by the locale's collation
 * (LC_COLLATE), then by the text itself, so that no two texts tie. Keys
 * compare with strcmp. Caller frees.
 */
char		*fold_sort_key(const char *text);

#endif
