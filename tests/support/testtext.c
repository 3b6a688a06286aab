/* Test support: read a text table (out.c's OUT_TEXT) back by column. */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "switchboard/util.h"
#include "testtext.h"

/* Where column col starts on the rule line and how wide it is. */
static void
testtext_span(const char *rule, size_t col, int *from, int *w)
{
	const char	*p = rule;
	size_t		 c;

	for (c = 0; c < col; c++) {
		p += strspn(p, "-");
		assert_int_equal(strspn(p, " "), 2);
		p += 2;
	}
	*from = (int)(p - rule);
	*w = (int)strspn(p, "-");
}

/* The bytes of line from display column from on, for w columns. */
static void
testtext_piece(const char *line, size_t len, int from, int w,
    const char **start, size_t *n)
{
	const char	*p = line, *end = line + len;
	wchar_t		 wc;
	int		 at = 0, k;

	while (p < end && at < from) {
		k = mbtowc(&wc, p, (size_t)(end - p));
		assert_true(k > 0 && wcwidth(wc) >= 0);
		at += wcwidth(wc);
		p += k;
	}
	*start = p;
	at = 0;
	while (p < end) {
		k = mbtowc(&wc, p, (size_t)(end - p));
		assert_true(k > 0 && wcwidth(wc) >= 0);
		if (wcwidth(wc) > 0 && at + wcwidth(wc) > w)
			break;
		at += wcwidth(wc);
		p += k;
	}
	while (p > *start && p[-1] == ' ')
		p--;
	*n = (size_t)(p - *start);
}

char *
testtext_column(const char *table, size_t col)
{
	const char	*rule, *line, *end, *start;
	char		*all = xstrdup(""), *next;
	size_t		 n;
	int		 from, w;

	rule = strchr(table, '\n');
	assert_non_null(rule);
	testtext_span(++rule, col, &from, &w);
	for (line = strchr(rule, '\n'); line != NULL && line[1] != '\0' &&
	    line[1] != '\n'; line = end) {
		line++;
		end = strchr(line, '\n');
		if (end == NULL)
			end = line + strlen(line);
		testtext_piece(line, (size_t)(end - line), from, w, &start,
		    &n);
		next = xasprintf("%s%.*s\n", all, (int)n, start);
		free(all);
		all = next;
		if (*end == '\0')
			break;
	}
	return (all);
}

char *
testtext_without(const char *text, const char *drop)
{
	char	*out = xcalloc(1, strlen(text) + 1), *q = out;

	for (; *text != '\0'; text++)
		if (strchr(drop, *text) == NULL)
			*q++ = *text;
	return (out);
}

int
testtext_widest(const char *text)
{
	const char	*p = text;
	wchar_t		 wc;
	int		 k, w = 0, widest = 0;

	while (*p != '\0') {
		if (*p == '\n') {
			w = 0;
			p++;
			continue;
		}
		k = mbtowc(&wc, p, strlen(p));
		assert_true(k > 0 && wcwidth(wc) >= 0);
		w += wcwidth(wc);
		if (w > widest)
			widest = w;
		p += k;
	}
	return (widest);
}
