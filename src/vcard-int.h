/* Private to the vCard reader: content lines and their decoding. */
#ifndef SWITCHBOARD_VCARD_INT_H
#define SWITCHBOARD_VCARD_INT_H

#include <stdbool.h>
#include <stddef.h>

#include "switchboard/vcard.h"

#define VCARD_PARAMS_MAX	16	/* more parameters are dropped */

struct vcard_reader {
	const char	*text;
	size_t		 len;
	size_t		 pos;
	long		 line;		/* of the last physical line read */
};

/* A growing string. */
struct vcard_buf {
	char	*data;
	size_t	 len;
	size_t	 size;
};

struct vcard_param {
	char	*name;		/* upper case; bare 2.1 words are TYPE */
	char	*value;		/* unquoted; one value of a list each */
};

/* One content line: [group "."] name *(";" param) ":" value. */
struct vcard_prop {
	char			*group;		/* "" when none */
	char			*name;		/* upper case */
	struct vcard_param	 params[VCARD_PARAMS_MAX];
	size_t			 nparams;
	char			*value;		/* as written */
};

/*
 * The next logical line into b: folded lines joined, and the soft line
 * breaks of quoted-printable; blank lines skipped. *lineno is its first
 * physical line. False at the end of the text.
 */
bool		 vcard_logical(struct vcard_reader *r, struct vcard_buf *b,
		     long *lineno);

/* Parse a logical line; false when it is not a content line. */
bool		 vcard_prop_parse(const char *line, struct vcard_prop *p);
void		 vcard_prop_clear(struct vcard_prop *p);

/* The first value of parameter name, or NULL; whether one is value. */
const char	*vcard_param(const struct vcard_prop *p, const char *name);
bool		 vcard_param_has(const struct vcard_prop *p,
		     const char *name, const char *value);

/* Take a parameter value's quotes off and decode RFC 6868, in place. */
void		 vcard_param_unquote(char *s);

/*
 * The value decoded (quoted-printable) and converted to UTF-8 from its
 * CHARSET; NULL when it is not valid text in that charset.
 */
char		*vcard_prop_text(const struct vcard_prop *p);
char		*vcard_to_utf8(const char *s, const char *charset);

/* n bytes of s with \n, \, \; and \\ undone. */
char		*vcard_unescape(const char *s, size_t n);

/*
 * Split a structured value (N, ADR, ORG) on unescaped ';' into max
 * unescaped parts, "" for the missing; returns how many were there.
 */
size_t		 vcard_split(const char *s, char **parts, size_t max);

#endif
