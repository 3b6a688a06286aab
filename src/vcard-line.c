/* vCard content lines: unfolding, parameters, and values decoded to UTF-8. */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "switchboard/textfile.h"
#include "switchboard/util.h"
#include "switchboard/validate.h"
#include "vcard-int.h"

/* The physical line at *pos: its start and length; *pos moves past it. */
static bool
vcard_physical(const char *text, size_t len, size_t *pos, const char **start,
    size_t *n)
{
	size_t	i = *pos;

	if (i >= len)
		return false;
	*start = text + i;
	while (i < len && text[i] != '\n' && text[i] != '\r')
		i++;
	*n = (size_t)(text + i - *start);
	if (i < len && text[i] == '\r')
		i++;
	if (i < len && text[i] == '\n')
		i++;
	*pos = i;
	return true;
}

/* Append n bytes to a growing buffer. */
static void
vcard_buf_add(struct vcard_buf *b, const char *s, size_t n)
{
	if (b->len + n + 1 > b->size) {
		b->size = (b->len + n + 1) * 2;
		b->data = xreallocarray(b->data, 1, b->size);
	}
	memcpy(b->data + b->len, s, n);
	b->len += n;
	b->data[b->len] = '\0';
}

/*
 * Whether a line's name and parameters (before the first ':' outside
 * quotes) ask for quoted-printable, whose soft line breaks ("=" at the
 * end) continue the value on the next line without folding.
 */
static bool
vcard_line_is_qp(const char *s, size_t n)
{
	const char	*p;
	bool		 quoted = false;
	size_t		 i, k = strlen("QUOTED-PRINTABLE");

	for (i = 0; i < n; i++) {
		if (s[i] == '"')
			quoted = !quoted;
		else if (s[i] == ':' && !quoted)
			break;
	}
	for (p = s; p + k <= s + i; p++)
		if (strncasecmp(p, "QUOTED-PRINTABLE", k) == 0)
			return true;
	return false;
}

bool
vcard_logical(struct vcard_reader *r, struct vcard_buf *b, long *lineno)
{
	const char	*s;
	size_t		 n, save;

	b->len = 0;
	if (b->data != NULL)
		b->data[0] = '\0';
	do {
		if (!vcard_physical(r->text, r->len, &r->pos, &s, &n))
			return false;
		r->line++;
	} while (n == 0);
	*lineno = r->line;
	vcard_buf_add(b, s, n);
	for (;;) {
		save = r->pos;
		if (!vcard_physical(r->text, r->len, &r->pos, &s, &n))
			break;
		if (n > 0 && (s[0] == ' ' || s[0] == '\t')) {
			vcard_buf_add(b, s + 1, n - 1);
		} else if (b->len > 0 && b->data[b->len - 1] == '=' &&
		    vcard_line_is_qp(b->data, b->len)) {
			/* A soft break: the "=" goes, the text joins. */
			b->data[--b->len] = '\0';
			vcard_buf_add(b, s, n);
		} else {
			r->pos = save;
			break;
		}
		r->line++;
	}
	return true;
}

/*
 * Add a parameter: TYPE's value is a list ("work,voice", quoted or not);
 * any other value is one, quoted when it holds ';', ':' or ','.
 */
static void
vcard_param_values(struct vcard_prop *p, const char *name, const char *v,
    size_t n)
{
	char	*all = xstrndup(v, n), *s, *comma;

	vcard_param_unquote(all);
	s = all;
	while (p->nparams < VCARD_PARAMS_MAX) {
		comma = strcmp(name, "TYPE") == 0 ? strchr(s, ',') : NULL;
		if (comma != NULL)
			*comma = '\0';
		p->params[p->nparams].name = xstrdup(name);
		p->params[p->nparams].value = xstrdup(s);
		p->nparams++;
		if (comma == NULL)
			break;
		s = comma + 1;
	}
	free(all);
}

/* A bare 2.1 parameter ("WORK", "QUOTED-PRINTABLE"): what it names. */
static const char *
vcard_bare_name(const char *v, size_t n)
{
	static const char *const encodings[] = { "QUOTED-PRINTABLE",
	    "BASE64", "B", "8BIT", "7BIT" };
	size_t	i;

	for (i = 0; i < SB_ARRAY_LEN(encodings); i++)
		if (strlen(encodings[i]) == n &&
		    strncasecmp(v, encodings[i], n) == 0)
			return "ENCODING";
	return "TYPE";
}

bool
vcard_prop_parse(const char *line, struct vcard_prop *p)
{
	const char	*s = line, *eq, *end;
	bool		 quoted = false;
	size_t		 i, n;
	char		*name;

	memset(p, 0, sizeof *p);
	n = strcspn(s, ";:");
	if (s[n] == '\0' || n == 0)
		return false;
	name = xstrndup(s, n);
	if ((eq = strrchr(name, '.')) != NULL) {
		p->group = xstrndup(name, (size_t)(eq - name));
		p->name = xstrdup(eq + 1);
		free(name);
	} else {
		p->group = xstrdup("");
		p->name = name;
	}
	for (i = 0; p->name[i] != '\0'; i++)
		p->name[i] = (char)toupper((unsigned char)p->name[i]);
	s += n;
	while (*s == ';') {
		s++;
		for (end = s; *end != '\0' && (quoted ||
		    (*end != ';' && *end != ':')); end++)
			if (*end == '"')
				quoted = !quoted;
		if (*end == '\0') {
			vcard_prop_clear(p);
			return false;
		}
		eq = memchr(s, '=', (size_t)(end - s));
		if (eq == NULL) {
			vcard_param_values(p, vcard_bare_name(s,
			    (size_t)(end - s)), s, (size_t)(end - s));
		} else {
			name = xstrndup(s, (size_t)(eq - s));
			for (i = 0; name[i] != '\0'; i++)
				name[i] = (char)toupper((unsigned char)name[i]);
			vcard_param_values(p, name, eq + 1,
			    (size_t)(end - eq - 1));
			free(name);
		}
		s = end;
	}
	if (*s != ':') {
		vcard_prop_clear(p);
		return false;
	}
	p->value = xstrdup(s + 1);
	return true;
}

const char *
vcard_param(const struct vcard_prop *p, const char *name)
{
	size_t	i;

	for (i = 0; i < p->nparams; i++)
		if (strcmp(p->params[i].name, name) == 0)
			return p->params[i].value;
	return NULL;
}

bool
vcard_param_has(const struct vcard_prop *p, const char *name,
    const char *value)
{
	size_t	i;

	for (i = 0; i < p->nparams; i++)
		if (strcmp(p->params[i].name, name) == 0 &&
		    strcasecmp(p->params[i].value, value) == 0)
			return true;
	return false;
}

void
vcard_prop_clear(struct vcard_prop *p)
{
	size_t	i;

	for (i = 0; i < p->nparams; i++) {
		free(p->params[i].name);
		free(p->params[i].value);
	}
	free(p->group);
	free(p->name);
	free(p->value);
	memset(p, 0, sizeof *p);
}

void
vcard_param_unquote(char *s)
{
	char	*o = s;
	size_t	 n = strlen(s);

	if (n >= 2 && s[0] == '"' && s[n - 1] == '"') {
		memmove(s, s + 1, n - 2);
		s[n - 2] = '\0';
	}
	/* RFC 6868: ^n a newline, ^' a double quote, ^^ a caret. */
	for (; *s != '\0'; s++) {
		if (*s == '^' && (s[1] == 'n' || s[1] == 'N')) {
			*o++ = '\n';
			s++;
		} else if (*s == '^' && s[1] == '\'') {
			*o++ = '"';
			s++;
		} else if (*s == '^' && s[1] == '^') {
			*o++ = '^';
			s++;
		} else
			*o++ = *s;
	}
	*o = '\0';
}

/* The value of a hex digit, or -1. */
static int
vcard_hex(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = toupper(c);
	return c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

/* Decode quoted-printable in place ("=41" is "A"; a lone "=" stays). */
static void
vcard_qp_decode(char *s)
{
	char	*o = s;
	int	 hi, lo;

	for (; *s != '\0'; s++) {
		if (*s == '=' && (hi = vcard_hex((unsigned char)s[1])) >= 0 &&
		    (lo = vcard_hex((unsigned char)s[2])) >= 0) {
			*o++ = (char)(hi << 4 | lo);
			s += 2;
		} else
			*o++ = *s;
	}
	*o = '\0';
}

char *
vcard_to_utf8(const char *s, const char *charset)
{
	size_t	n;

	if (charset == NULL || strcasecmp(charset, "UTF-8") == 0 ||
	    strcasecmp(charset, "UTF8") == 0 ||
	    strcasecmp(charset, "US-ASCII") == 0)
		return validate_utf8_length(s) < 0 ? NULL : xstrdup(s);
	return textfile_to_utf8(s, strlen(s), charset, &n);
}

char *
vcard_prop_text(const struct vcard_prop *p)
{
	const char	*enc = vcard_param(p, "ENCODING");
	char		*raw = xstrdup(p->value), *text;

	if (enc != NULL && strcasecmp(enc, "QUOTED-PRINTABLE") == 0)
		vcard_qp_decode(raw);
	text = vcard_to_utf8(raw, vcard_param(p, "CHARSET"));
	free(raw);
	return text;
}

char *
vcard_unescape(const char *s, size_t n)
{
	char	*out = xmalloc(n + 1), *o = out;
	size_t	 i;

	for (i = 0; i < n; i++) {
		if (s[i] == '\\' && i + 1 < n) {
			i++;
			*o++ = s[i] == 'n' || s[i] == 'N' ? '\n' : s[i];
		} else if (s[i] != '\r')
			*o++ = s[i];
	}
	*o = '\0';
	return out;
}

size_t
vcard_split(const char *s, char **parts, size_t max)
{
	size_t	n = 0, start = 0, i;

	for (i = 0; n < max; i++) {
		if (s[i] == '\\' && s[i + 1] != '\0') {
			i++;
			continue;
		}
		if (s[i] != ';' && s[i] != '\0')
			continue;
		parts[n++] = vcard_unescape(s + start, i - start);
		if (s[i] == '\0')
			break;
		start = i + 1;
	}
	for (i = n; i < max; i++)
		parts[i] = xstrdup("");
	return n;
}
