/* Bracketed paste: collect pasted characters as text, drop the controls. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "switchboard/paste.h"
#include "switchboard/utf8.h"
#include "switchboard/util.h"

/* Where an escape sequence inside the paste has got to. */
enum paste_esc {
	PASTE_TEXT,
	PASTE_ESC,		/* ESC seen */
	PASTE_ESC_INTER,	/* ESC and intermediates (0x20-0x2f) */
	PASTE_CSI,		/* ESC [ or CSI: parameters until a final */
	PASTE_STRING,		/* OSC, DCS, SOS, PM, APC: until BEL or ST */
	PASTE_STRING_ESC	/* ESC inside a string: ST if a \ follows */
};

void
paste_init(struct paste *p)
{
	memset(p, 0, sizeof *p);
}

void
paste_clear(struct paste *p)
{
	free(p->buf);
	paste_init(p);
}

void
paste_begin(struct paste *p)
{
	free(p->buf);
	paste_init(p);
	p->cap = 256;
	p->buf = xmalloc(p->cap);
	p->buf[0] = '\0';
	p->active = true;
}

bool
paste_active(const struct paste *p)
{
	return (p->active);
}

/*
 * Append one code point as UTF-8: counted dropped if it is no character,
 * cut past the limit.
 */
static void
paste_put(struct paste *p, unsigned int cp)
{
	char	e[UTF8_MAX];
	size_t	n;

	if ((n = utf8_encode(cp, e)) == 0) {
		p->dropped++;
		return;
	}
	if (p->len + n > PASTE_MAX) {
		p->cut++;
		return;
	}
	if (p->len + n + 1 > p->cap) {
		p->cap = p->cap * 2 > p->len + n + 1 ? p->cap * 2 :
		    p->len + n + 1;
		p->buf = xreallocarray(p->buf, p->cap, 1);
	}
	memcpy(p->buf + p->len, e, n);
	p->len += n;
	p->buf[p->len] = '\0';
}

/*
 * A character inside an escape sequence; false when it ends the sequence
 * without being part of it (the character is then text again).
 */
static bool
paste_in_sequence(struct paste *p, unsigned int cp)
{
	switch (p->esc) {
	case PASTE_ESC:
		if (cp == '[')
			p->esc = PASTE_CSI;
		else if (cp == ']' || cp == 'P' || cp == 'X' || cp == '^' ||
		    cp == '_')
			p->esc = PASTE_STRING;
		else if (cp >= 0x20 && cp <= 0x2f)
			p->esc = PASTE_ESC_INTER;
		else if (cp > 0x20 && cp < 0x7f)
			p->esc = PASTE_TEXT;
		else
			break;
		return (true);
	case PASTE_ESC_INTER:
	case PASTE_CSI:
		if (cp >= 0x20 && cp <= (p->esc == PASTE_CSI ? 0x3fU : 0x2fU))
			return (true);
		if (cp < 0x20 || cp > 0x7e)
			break;
		p->esc = PASTE_TEXT;
		return (true);
	case PASTE_STRING:
		if (cp == 0x07 || cp == 0x9c)
			p->esc = PASTE_TEXT;
		else if (cp == 0x1b)
			p->esc = PASTE_STRING_ESC;
		return (true);
	case PASTE_STRING_ESC:
		if (cp == '\\') {
			p->esc = PASTE_TEXT;
			return (true);
		}
		break;
	}
	p->esc = PASTE_TEXT;
	return (false);
}

/* A control character outside a sequence: a space, a sequence, or none. */
static void
paste_control(struct paste *p, unsigned int cp)
{
	if (cp == '\t' || cp == '\r' || cp == 0x2028 || cp == 0x2029 ||
	    (cp == '\n' && !p->cr)) {
		p->spaced++;
		paste_put(p, ' ');
	} else if (cp == '\n')
		;	/* CRLF: the CR gave the space */
	else if (cp == 0x1b) {
		p->dropped++;
		p->esc = PASTE_ESC;
	} else if (cp == 0x9b) {
		p->dropped++;
		p->esc = PASTE_CSI;
	} else if (cp == 0x9d || cp == 0x90 || cp == 0x98 || cp == 0x9e ||
	    cp == 0x9f) {
		p->dropped++;
		p->esc = PASTE_STRING;
	} else
		p->dropped++;
}

void
paste_add(struct paste *p, unsigned int cp)
{
	bool	cr = p->cr;

	if (!p->active)
		return;
	p->cr = false;
	if (p->esc != PASTE_TEXT && paste_in_sequence(p, cp))
		return;
	if (cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp <= 0x9f) ||
	    cp == 0x2028 || cp == 0x2029) {
		p->cr = cr;
		paste_control(p, cp);
		p->cr = cp == '\r';
		return;
	}
	paste_put(p, cp);
}

void
paste_add_key(struct paste *p)
{
	if (p->active) {
		p->dropped++;
		p->cr = false;
	}
}

const char *
paste_end(struct paste *p)
{
	p->active = false;
	p->esc = PASTE_TEXT;
	return (paste_text(p));
}

const char *
paste_text(const struct paste *p)
{
	return (p->buf != NULL ? p->buf : "");
}

const char *
paste_note(const struct paste *p, char *buf, size_t size)
{
	int	n = 0;

	if (size == 0)
		return (buf);
	buf[0] = '\0';
	if (p->spaced > 0)
		n = snprintf(buf, size, "line breaks and tabs became spaces");
	if (p->dropped > 0 && n >= 0 && (size_t)n < size)
		n += snprintf(buf + n, size - n, "%s%zu control character%s "
		    "or sequence%s left out", n > 0 ? "; " : "", p->dropped,
		    p->dropped == 1 ? "" : "s", p->dropped == 1 ? "" : "s");
	if (p->cut > 0 && n >= 0 && (size_t)n < size)
		snprintf(buf + n, size - n, "%s%zu characters past %d bytes "
		    "left out", n > 0 ? "; " : "", p->cut, PASTE_MAX);
	return (buf);
}
