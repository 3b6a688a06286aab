/* Accent and case folding, as sb.fold does, from a table made from it. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "switchboard/fold.h"
#include "switchboard/term-safe.h"
#include "switchboard/util.h"

/* What sb.fold makes of cp, or NULL if it keeps it. */
static const char *
fold_lookup(uint32_t cp)
{
	size_t	lo = 0, hi = fold_table_count, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (fold_table[mid].cp == cp)
			return fold_table[mid].to;
		if (fold_table[mid].cp < cp)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

char *
fold_text(const char *text)
{
	const unsigned char	*s = (const unsigned char *)text;
	const char		*to;
	char			*out, *o;
	size_t			 len, tolen;
	uint32_t		 cp;

	/* A folded character of two bytes or more takes at most 5. */
	out = xmalloc(strlen(text) * 3 + 1);
	o = out;
	while (*s != '\0') {
		if (*s < 0x80) {
			/* ASCII by hand: tolower() would follow the locale. */
			*o++ = (char)(*s >= 'A' && *s <= 'Z' ? *s + 32 : *s);
			s++;
			continue;
		}
		len = term_safe_utf8_decode(s, strnlen((const char *)s, 4),
		    &cp);
		if (len == 0) {
			*o++ = (char)*s++;
			continue;
		}
		if ((to = fold_lookup(cp)) != NULL) {
			tolen = strlen(to);
			memcpy(o, to, tolen);
			o += tolen;
		} else {
			memcpy(o, s, len);
			o += len;
		}
		s += len;
	}
	*o = '\0';
	return out;
}

bool
fold_match(const char *text, const char *filter)
{
	char	*t, *f;
	bool	 found;

	if (*filter == '\0')
		return true;
	t = fold_text(text);
	f = fold_text(filter);
	found = strstr(t, f) != NULL;
	free(t);
	free(f);
	return found;
}
