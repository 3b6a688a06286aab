/* History and undo: events as "field: old → new", and the inverse change. */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "switchboard/form.h"
#include "switchboard/history.h"
#include "switchboard/utf8.h"
#include "switchboard/util.h"

#define HISTORY_NONE	"\xe2\x80\x94"		/* — */
#define HISTORY_ARROW	" \xe2\x86\x92 "	/* → */

/* One member of a flat JSON object: the key and its value as text. */
struct history_member {
	char	*key;
	char	*value;		/* NULL for null */
	char	*raw;		/* an object's text, for before/after */
};

struct history_object {
	struct history_member	*m;
	size_t			 n;
};

static const char *
history_skip_ws(const char *p)
{
	while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
		p++;
	return (p);
}

/* Append the UTF-8 of cp to buf at *len; U+FFFD if it is no character. */
static void
history_put_cp(char *buf, size_t *len, uint32_t cp)
{
	size_t	n = utf8_encode(cp, buf + *len);

	if (n == 0)
		n = utf8_encode(0xfffd, buf + *len);
	*len += n;
}

/* A JSON string at p (after the quote); *end past the closing quote. */
static char *
history_string(const char *p, const char **end)
{
	char		*out = xmalloc(strlen(p) * 3 + 1);
	size_t		 len = 0;
	unsigned int	 cp, lo;

	while (*p != '\0' && *p != '"') {
		if (*p != '\\') {
			out[len++] = *p++;
			continue;
		}
		p++;
		switch (*p) {
		case 'n': out[len++] = '\n'; break;
		case 't': out[len++] = '\t'; break;
		case 'r': out[len++] = '\r'; break;
		case 'b': out[len++] = '\b'; break;
		case 'f': out[len++] = '\f'; break;
		case 'u':
			if (sscanf(p + 1, "%4x", &cp) != 1)
				break;
			p += 4;
			/* A character past U+FFFF comes as a surrogate pair. */
			if (cp >= 0xd800 && cp <= 0xdbff &&
			    sscanf(p + 1, "\\u%4x", &lo) == 1 &&
			    lo >= 0xdc00 && lo <= 0xdfff) {
				cp = 0x10000 + ((cp - 0xd800) << 10) +
				    (lo - 0xdc00);
				p += 6;
			}
			history_put_cp(out, &len, cp);
			break;
		case '\0':
			p--;
			break;
		default: out[len++] = *p; break;
		}
		p++;
	}
	out[len] = '\0';
	*end = *p == '"' ? p + 1 : p;
	return (out);
}

/* Skip a value that is an object or array; returns past its end. */
static const char *
history_skip_nested(const char *p)
{
	int		 depth = 0;
	const char	*e;

	do {
		if (*p == '"') {
			free(history_string(p + 1, &e));
			p = e;
			continue;
		}
		if (*p == '{' || *p == '[')
			depth++;
		else if (*p == '}' || *p == ']')
			depth--;
		p++;
	} while (*p != '\0' && depth > 0);
	return (p);
}

/* One value at p into mem; returns past it, or NULL on bad input. */
static const char *
history_value(const char *p, struct history_member *mem)
{
	const char	*e;

	if (*p == '"') {
		mem->value = history_string(p + 1, &e);
		return (e);
	}
	if (*p == '{' || *p == '[') {
		e = history_skip_nested(p);
		mem->raw = xmalloc((size_t)(e - p) + 1);
		memcpy(mem->raw, p, (size_t)(e - p));
		mem->raw[e - p] = '\0';
		mem->value = xstrdup(mem->raw);
		return (e);
	}
	e = p + strcspn(p, ",} \t\r\n");
	if (e == p)
		return (NULL);
	if ((size_t)(e - p) != 4 || strncmp(p, "null", 4) != 0) {
		mem->value = xmalloc((size_t)(e - p) + 1);
		memcpy(mem->value, p, (size_t)(e - p));
		mem->value[e - p] = '\0';
	}
	return (e);
}

static void
history_object_free(struct history_object *o)
{
	size_t	i;

	for (i = 0; i < o->n; i++) {
		free(o->m[i].key);
		free(o->m[i].value);
		free(o->m[i].raw);
	}
	free(o->m);
	memset(o, 0, sizeof *o);
}

/* Parse the members of the object at text; false if it is not one. */
static bool
history_object_parse(const char *text, struct history_object *o)
{
	const char		*p = history_skip_ws(text);
	struct history_member	*m;

	memset(o, 0, sizeof *o);
	if (*p++ != '{')
		return (false);
	for (;;) {
		p = history_skip_ws(p);
		if (*p == '}')
			return (true);
		if (*p != '"')
			break;
		o->m = xreallocarray(o->m, o->n + 1, sizeof *o->m);
		m = &o->m[o->n++];
		memset(m, 0, sizeof *m);
		m->key = history_string(p + 1, &p);
		p = history_skip_ws(p);
		if (*p++ != ':')
			break;
		p = history_value(history_skip_ws(p), m);
		if (p == NULL)
			break;
		p = history_skip_ws(p);
		if (*p == ',')
			p++;
	}
	history_object_free(o);
	return (false);
}

static const struct history_member *
history_object_get(const struct history_object *o, const char *key)
{
	size_t	i;

	for (i = 0; i < o->n; i++) {
		if (strcmp(o->m[i].key, key) == 0)
			return (&o->m[i]);
	}
	return (NULL);
}

static void
history_push(char ***out, size_t *n, char *line)
{
	*out = xreallocarray(*out, *n + 1, sizeof **out);
	(*out)[(*n)++] = line;
}

/* "key: old → new" for every key of before and after. */
static void
history_diff(const struct history_object *b, const struct history_object *a,
    char ***out, size_t *n)
{
	const struct history_member	*o;
	size_t				 i;

	for (i = 0; i < a->n; i++) {
		o = history_object_get(b, a->m[i].key);
		history_push(out, n, xasprintf("%s: %s" HISTORY_ARROW "%s",
		    a->m[i].key, o != NULL && o->value != NULL ? o->value :
		    HISTORY_NONE, a->m[i].value != NULL ? a->m[i].value :
		    HISTORY_NONE));
	}
	for (i = 0; i < b->n; i++) {
		if (history_object_get(a, b->m[i].key) != NULL)
			continue;
		history_push(out, n, xasprintf("%s: %s" HISTORY_ARROW "%s",
		    b->m[i].key, b->m[i].value != NULL ? b->m[i].value :
		    HISTORY_NONE, HISTORY_NONE));
	}
}

size_t
history_format(const char *payload, char ***out)
{
	struct history_object		 top, before, after;
	const struct history_member	*m;
	size_t				 i, n = 0;

	*out = NULL;
	if (!history_object_parse(payload, &top)) {
		history_push(out, &n, xstrdup(payload));
		return (n);
	}
	for (i = 0; i < top.n; i++) {
		m = &top.m[i];
		if (m->raw == NULL && strcmp(m->key, "before") != 0 &&
		    strcmp(m->key, "after") != 0)
			history_push(out, &n, xasprintf("%s: %s", m->key,
			    m->value != NULL ? m->value : HISTORY_NONE));
	}
	m = history_object_get(&top, "before");
	if (m == NULL || m->raw == NULL ||
	    !history_object_parse(m->raw, &before))
		memset(&before, 0, sizeof before);
	m = history_object_get(&top, "after");
	if (m == NULL || m->raw == NULL ||
	    !history_object_parse(m->raw, &after))
		memset(&after, 0, sizeof after);
	history_diff(&before, &after, out, &n);
	history_object_free(&before);
	history_object_free(&after);
	history_object_free(&top);
	return (n);
}

void
history_lines_free(char **lines, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++)
		free(lines[i]);
	free(lines);
}
