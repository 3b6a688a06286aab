/* Accent and case folding of Latin text, for filters that ignore both. */
#include "config.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "switchboard/fold.h"
#include "switchboard/util.h"

/* Base letters of U+00C0-U+017F; '.' keeps the character as it is. */
static const char fold_latin[] =
    "aaaaaaaceeeeiiii" "dnooooo.ouuuuy.s"
    "aaaaaaaceeeeiiii" "dnooooo.ouuuuy.y"
    "aaaaaaccccccccddddeeeeeeeeeegggggggghhhhiiiiiiiiiiiijjkkk"
    "llllllllllnnnnnnnnnoooooooorrrrrrssssssssttttttuuuuuuuuuuuu"
    "wwyyyzzzzzzs";

char *
fold_text(const char *text)
{
	const unsigned char	*s = (const unsigned char *)text;
	char			*out = xmalloc(strlen(text) + 1), *o = out;
	unsigned int		 cp;

	while (*s != '\0') {
		if (*s < 0x80) {
			*o++ = (char)tolower(*s++);
			continue;
		}
		if ((s[0] & 0xe0) == 0xc0 && (s[1] & 0xc0) == 0x80) {
			cp = (s[0] & 0x1fu) << 6 | (s[1] & 0x3fu);
			if (cp >= 0xc0 && cp <= 0x17f &&
			    fold_latin[cp - 0xc0] != '.') {
				*o++ = fold_latin[cp - 0xc0];
				s += 2;
				continue;
			}
		}
		*o++ = (char)*s++;
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

/* strxfrm of s under the locale's collation, in new memory. */
static char *
fold_xfrm(const char *s)
{
	size_t	 n = strxfrm(NULL, s, 0) + 1;
	char	*out = xmalloc(n);

	strxfrm(out, s, n);
	return out;
}

char *
fold_sort_key(const char *text)
{
	char	*folded = fold_text(text), *a, *b, *key;

	/* '\001' sorts below every character a key holds. */
	a = fold_xfrm(folded);
	b = fold_xfrm(text);
	key = xasprintf("%s\001%s\001%s", a, b, text);
	free(folded);
	free(a);
	free(b);
	return key;
}
