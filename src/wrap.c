/* Wrapping safe text at a display width, at spaces where it can. */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "switchboard/util.h"
#include "switchboard/wrap.h"

/* The bytes and cells of the character (with its marks) at s. */
static size_t
wrap_char(const char *s, int *cells)
{
	mbstate_t	ps;
	wchar_t		wc;
	size_t		n, len = 0;
	int		w;

	memset(&ps, 0, sizeof ps);
	*cells = 0;
	for (;;) {
		n = mbrtowc(&wc, s + len, MB_CUR_MAX, &ps);
		if (n == (size_t)-1 || n == (size_t)-2 || n == 0) {
			n = 1;
			w = 1;
		} else if ((w = wcwidth(wc)) < 0)
			w = 1;
		/* Marks of zero width go with the character before. */
		if (len > 0 && w != 0)
			break;
		*cells += w;
		len += n;
		if (s[len] == '\0')
			break;
	}
	return len;
}

static void
wrap_push(char ***lines, size_t *n, const char *s, size_t len)
{
	*lines = xreallocarray(*lines, *n + 1, sizeof **lines);
	(*lines)[(*n)++] = xstrndup(s, len);
}

size_t
wrap_text(const char *safe, int width, char ***lines)
{
	const char	*start = safe, *s, *brk;
	size_t		 n = 0, len;
	int		 used, cells;

	*lines = NULL;
	if (width < 1)
		width = 1;
	while (*start != '\0') {
		used = 0;
		brk = NULL;
		for (s = start; *s != '\0'; s += len) {
			len = wrap_char(s, &cells);
			if (used + cells > width && s > start)
				break;
			if (*s == ' ' && s > start)
				brk = s;
			used += cells;
		}
		if (*s == '\0') {
			wrap_push(lines, &n, start, (size_t)(s - start));
			break;
		}
		if (*s == ' ')
			brk = s;
		if (brk == NULL)
			brk = s;
		wrap_push(lines, &n, start, (size_t)(brk - start));
		start = *brk == ' ' ? brk + 1 : brk;
	}
	if (n == 0)
		wrap_push(lines, &n, "", 0);
	return n;
}
