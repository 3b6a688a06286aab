/* Sanitize untrusted text for the terminal and measure it in cells. */
#include "config.h"

#include <assert.h>
#include <langinfo.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <wchar.h>

#include "switchboard/term-safe.h"
#include "switchboard/util.h"
#include "term-safe-int.h"

/* One drawable piece: a character with its source length, or an escape. */
struct term_unit {
	char		bytes[12];
	size_t		len;
	int		width;
};

/* Where the scan is in the source, and what a zero-width mark joins. */
struct term_scan {
	const unsigned char	*p;
	const unsigned char	*end;
	int			 flags;
	int			 base;	/* after a printable char */
	int			 zero;	/* zero-width marks on it */
	int			 emoji;	/* that char is pictographic */
	enum term_safe_hangul	 jamo;	/* Hangul kind of the last one */
};

/* The output: a buffer of size bytes, or only counting when buf is NULL. */
struct term_out {
	char		*buf;
	size_t		 size;
	size_t		 len;
	int		 width;
};

/* Invisible or reordering code points escaped even when printable. */
static const uint32_t term_safe_hidden[][2] = {
	{ 0x00ad, 0x00ad },	/* soft hyphen */
	{ 0x0600, 0x0605 },	/* Arabic number signs */
	{ 0x061c, 0x061c },	/* ALM */
	{ 0x06dd, 0x06dd },
	{ 0x070f, 0x070f },
	{ 0x08e2, 0x08e2 },
	{ 0x180e, 0x180e },	/* Mongolian vowel separator */
	{ 0x200b, 0x200b },	/* ZWSP */
	{ 0x200e, 0x200f },	/* LRM, RLM */
	{ 0x2028, 0x202e },	/* separators, embeddings, overrides */
	{ 0x2060, 0x206f },	/* word joiner, isolates, deprecated */
	{ 0xfdd0, 0xfdef },	/* noncharacters */
	{ 0xfeff, 0xfeff },	/* BOM, ZWNBSP */
	{ 0xfff9, 0xfffb },	/* interlinear annotation */
	{ 0x110bd, 0x110bd },
	{ 0x110cd, 0x110cd },
	{ 0x13430, 0x1343f },	/* Egyptian format controls */
	{ 0x1bca0, 0x1bca3 },	/* shorthand format controls */
	{ 0x1d173, 0x1d17a },	/* musical format controls */
	{ 0xe0000, 0xe007f },	/* tags */
};

static const char term_safe_hex[] = "0123456789abcdef";

int
term_safe_is_utf8_locale(void)
{
	const char	*cs = nl_langinfo(CODESET);

	return (strcasecmp(cs, "UTF-8") == 0 || strcasecmp(cs, "UTF8") == 0);
}

size_t
term_safe_utf8_decode(const unsigned char *p, size_t n, uint32_t *cp)
{
	unsigned char	 c = p[0], lo = 0x80, hi = 0xbf;
	size_t		 len, i;
	uint32_t	 v;

	if (c < 0x80) {
		*cp = c;
		return (1);
	}
	if (c >= 0xc2 && c <= 0xdf) {
		len = 2;
		v = c & 0x1f;
	} else if (c >= 0xe0 && c <= 0xef) {
		len = 3;
		v = c & 0x0f;
		if (c == 0xe0)
			lo = 0xa0;	/* overlong */
		else if (c == 0xed)
			hi = 0x9f;	/* surrogates */
	} else if (c >= 0xf0 && c <= 0xf4) {
		len = 4;
		v = c & 0x07;
		if (c == 0xf0)
			lo = 0x90;	/* overlong */
		else if (c == 0xf4)
			hi = 0x8f;	/* beyond U+10FFFF */
	} else
		return (0);
	if (n < len)
		return (0);
	for (i = 1; i < len; i++) {
		if (p[i] < lo || p[i] > hi)
			return (0);
		v = (v << 6) | (p[i] & 0x3f);
		lo = 0x80;
		hi = 0xbf;
	}
	*cp = v;
	return (len);
}

/* Is a printable-looking code point one that must still be escaped? */
static int
term_safe_is_hidden(uint32_t cp)
{
	size_t	lo = 0, hi = SB_ARRAY_LEN(term_safe_hidden), mid;

	if (cp <= 0x9f)
		return (1);	/* C1 */
	if (cp < 0xad)
		return (0);
	if ((cp & 0xfffe) == 0xfffe)
		return (1);	/* noncharacters U+xFFFE, U+xFFFF */
	while (lo < hi) {
		mid = (lo + hi) / 2;
		if (cp < term_safe_hidden[mid][0])
			hi = mid;
		else if (cp > term_safe_hidden[mid][1])
			lo = mid + 1;
		else
			return (1);
	}
	return (0);
}

/* Fill u with a backslash escape of v: 'x' (2 digits), 'u' (4), 'U' (8). */
static void
term_safe_escape(struct term_unit *u, char kind, uint32_t v)
{
	int	digits, i, shift;

	digits = kind == 'x' ? 2 : (kind == 'u' ? 4 : 8);
	u->bytes[0] = '\\';
	u->bytes[1] = kind;
	for (i = 0; i < digits; i++) {
		shift = 4 * (digits - 1 - i);
		u->bytes[2 + i] = term_safe_hex[(v >> shift) & 0xf];
	}
	u->len = 2 + digits;
	u->width = (int)u->len;
}

/* Escape a code point by size, as \uXXXX or \UXXXXXXXX. */
static void
term_safe_escape_cp(struct term_unit *u, uint32_t cp)
{
	term_safe_escape(u, cp > 0xffff ? 'U' : 'u', cp);
}

/* A C0 control or DEL: a named escape, \xNN, or a space. */
static void
term_safe_control(struct term_scan *s, struct term_unit *u, uint32_t cp)
{
	const char	*named = NULL;

	if ((s->flags & TERM_SAFE_SPACE) && cp >= '\t' && cp <= '\r') {
		u->bytes[0] = ' ';
		u->len = 1;
		u->width = 1;
		s->base = 1;
		s->zero = 0;
		return;
	}
	if (cp == '\t')
		named = "\\t";
	else if (cp == '\n')
		named = "\\n";
	else if (cp == '\r')
		named = "\\r";
	if (named != NULL) {
		memcpy(u->bytes, named, 2);
		u->len = u->width = 2;
	} else
		term_safe_escape(u, 'x', cp);
}

/*
 * Emoji sequences and conjoining jamo are where terminals disagree. xterm,
 * libvterm and curses itself give each code point its wcwidth(), so a
 * family joined by ZWJs takes 8 cells; tmux, kitty, WezTerm, iTerm2 and
 * others draw a grapheme cluster (UAX #29) as one glyph, 2 cells wide.
 * Whichever width we counted, some terminals would be out of step with
 * curses and show text in the wrong columns, then leave stale text behind.
 * So such a sequence is drawn as its parts, each of which every terminal
 * draws in wcwidth() cells, and nothing that would join them is sent:
 *
 *   ZWJ next to an emoji or at the end: left out, so the emoji stand side
 *	by side; a ZWJ between letters of a script stays.
 *   VS15, VS16 after a character: left out; the character keeps its
 *	default presentation and width ("1", not a 2-cell keycap).
 *   A skin-tone modifier after an emoji: left out, the emoji shows in its
 *	default colour. Anywhere else it is escaped: it would join whatever
 *	stands before it.
 *   Regional indicators: a flag shows as its two letters, as one unit.
 *   Hangul jamo: an L, LV or LVT after a leading jamo, and a V or T that
 *	does not follow what it combines with, are escaped.
 *
 * What is shown depends only on what came before (a ZWJ also looks at
 * what follows, but takes no cell), so a prefix is as wide as it is in
 * the whole: the text field puts its cursor by that.
 */

/* A printable character was sent: zero-width marks may follow it. */
static void
term_safe_base(struct term_scan *s, uint32_t cp)
{
	s->base = 1;
	s->zero = 0;
	s->emoji = term_safe_is_pictographic(cp);
	s->jamo = term_safe_hangul_kind(cp);
}

/* Would a ZWJ before p join nothing shown: an emoji follows, or nothing? */
static int
term_safe_zwj_dangles(const struct term_scan *s, const unsigned char *p)
{
	uint32_t	cp;
	size_t		n;

	for (; p < s->end; p += n) {
		n = term_safe_utf8_decode(p, (size_t)(s->end - p), &cp);
		if (n == 0)
			return (0);
		if (cp != TERM_SAFE_ZWJ && cp != TERM_SAFE_VS15 &&
		    cp != TERM_SAFE_VS16)
			return (term_safe_is_pictographic(cp));
	}
	return (1);
}

/* Is cp (n bytes at s->p) a joiner or selector that is not drawn? */
static int
term_safe_is_dropped(const struct term_scan *s, uint32_t cp, size_t n)
{
	if (!s->base)
		return (0);
	if (cp == TERM_SAFE_VS15 || cp == TERM_SAFE_VS16)
		return (1);
	if (cp >= TERM_SAFE_TONE_FIRST && cp <= TERM_SAFE_TONE_LAST)
		return (s->emoji);
	if (cp == TERM_SAFE_ZWJ)
		return (s->emoji || term_safe_zwj_dangles(s, s->p + n));
	return (0);
}

/* Regional indicators: the letter, and the next one's if they pair. */
static void
term_safe_flag(struct term_scan *s, struct term_unit *u, uint32_t cp,
    size_t n)
{
	uint32_t	next;
	size_t		m;

	u->bytes[0] = (char)('A' + (cp - TERM_SAFE_RI_FIRST));
	u->len = 1;
	s->p += n;
	m = term_safe_utf8_decode(s->p, (size_t)(s->end - s->p), &next);
	if (m != 0 && next >= TERM_SAFE_RI_FIRST &&
	    next <= TERM_SAFE_RI_LAST) {
		u->bytes[1] = (char)('A' + (next - TERM_SAFE_RI_FIRST));
		u->len = 2;
		s->p += m;
	}
	u->width = (int)u->len;
	term_safe_base(s, 'A');
}

/* A valid non-ASCII code point in UTF-8 mode; 0 when it is left out. */
static int
term_safe_wide(struct term_scan *s, struct term_unit *u, uint32_t cp,
    size_t n)
{
	enum term_safe_hangul	kind = term_safe_hangul_kind(cp);
	int			w;

	if (term_safe_is_dropped(s, cp, n)) {
		s->p += n;
		return (0);
	}
	if (cp >= TERM_SAFE_RI_FIRST && cp <= TERM_SAFE_RI_LAST) {
		term_safe_flag(s, u, cp, n);
		return (1);
	}
	w = term_safe_is_hidden(cp) ? -1 : wcwidth((wchar_t)cp);
	if ((cp >= TERM_SAFE_TONE_FIRST && cp <= TERM_SAFE_TONE_LAST) ||
	    (w >= 0 && kind != TERM_SAFE_HANGUL_NONE &&
	    term_safe_hangul_joins(s->jamo, kind) != (w == 0)))
		w = -1;
	if (w < 0 || (w == 0 && (!s->base ||
	    s->zero >= TERM_SAFE_MAX_ZERO_WIDTH))) {
		s->base = 0;
		s->jamo = TERM_SAFE_HANGUL_NONE;
		term_safe_escape_cp(u, cp);
	} else {
		memcpy(u->bytes, s->p, n);
		u->len = n;
		u->width = w;
		if (w > 0)
			term_safe_base(s, cp);
		else {
			s->zero++;
			s->jamo = kind;
		}
	}
	s->p += n;
	return (1);
}

/* A valid non-ASCII code point in data mode: escaped only if hidden. */
static void
term_safe_data(struct term_scan *s, struct term_unit *u, uint32_t cp,
    size_t n)
{
	int	w;

	s->base = 0;
	if (term_safe_is_hidden(cp)) {
		term_safe_escape_cp(u, cp);
		return;
	}
	w = wcwidth((wchar_t)cp);
	memcpy(u->bytes, s->p, n);
	u->len = n;
	u->width = w < 0 ? 1 : w;
}

/* The unit at s->p into u, or 0 when that code point is left out. */
static int
term_safe_unit(struct term_scan *s, struct term_unit *u)
{
	uint32_t	cp;
	size_t		n;

	n = term_safe_utf8_decode(s->p, (size_t)(s->end - s->p), &cp);
	if (n != 0 && cp >= 0x80 && (s->flags & TERM_SAFE_DATA)) {
		/* Data keeps its sequences: no terminal draws it here. */
		s->emoji = 0;
		s->jamo = TERM_SAFE_HANGUL_NONE;
		term_safe_data(s, u, cp, n);
		s->p += n;
		return (1);
	}
	if (n != 0 && cp >= 0x80 && (s->flags & TERM_SAFE_UTF8))
		return (term_safe_wide(s, u, cp, n));
	s->emoji = 0;
	s->jamo = TERM_SAFE_HANGUL_NONE;
	if (n == 0) {
		s->base = 0;
		term_safe_escape(u, 'x', *s->p++);
		return (1);
	}
	s->p += n;
	if (cp >= 0x20 && cp < 0x7f) {
		u->bytes[0] = (char)cp;
		u->len = 1;
		u->width = 1;
		s->base = 1;
		s->zero = 0;
	} else if (cp < 0x80) {
		s->base = 0;
		term_safe_control(s, u, cp);
	} else {
		s->base = 0;
		term_safe_escape_cp(u, cp);
	}
	return (1);
}


/* The next unit from the source into u; 0 at the end. */
static int
term_safe_next(struct term_scan *s, struct term_unit *u)
{
	while (s->p < s->end) {
		if (term_safe_unit(s, u))
			return (1);
	}
	return (0);
}

/* Start a scan of len bytes at src. */
static void
term_safe_scan_init(struct term_scan *s, const unsigned char *src,
    size_t len, int flags)
{
	memset(s, 0, sizeof *s);
	s->p = src;
	s->end = src + len;
	s->flags = flags;
	s->jamo = TERM_SAFE_HANGUL_NONE;
}

/* Is the unit a ZWJ, which joins nothing when it ends the output? */
static int
term_safe_is_joiner(const struct term_unit *u)
{
	return (u->len == 3 && memcmp(u->bytes, "\xe2\x80\x8d", 3) == 0);
}

/* Append n bytes of width w if they fit with room for reserve more. */
static int
term_safe_put(struct term_out *o, const char *b, size_t n, int w,
    size_t reserve)
{
	if (o->len + n + reserve >= o->size)
		return (0);
	if (o->buf != NULL)
		memcpy(o->buf + o->len, b, n);
	o->len += n;
	o->width += w;
	return (1);
}

/* Does the sanitized source take more than width cells? */
static int
term_safe_too_wide(const unsigned char *src, size_t len, int width,
    int flags)
{
	struct term_scan	s;
	struct term_unit	u;
	int			total = 0;

	term_safe_scan_init(&s, src, len, flags);
	while (term_safe_next(&s, &u)) {
		total += u.width;
		if (total > width)
			return (1);
	}
	return (0);
}

/* The ellipsis for the mode, with its width. */
static const char *
term_safe_ellipsis(int flags, int *width)
{
	if ((flags & TERM_SAFE_UTF8) && wcwidth(0x2026) == 1) {
		*width = 1;
		return ("\xe2\x80\xa6");
	}
	*width = 3;
	return ("...");
}

/*
 * Sanitize into o, fitting width cells (negative: no limit). Stops at the
 * first unit that does not fit the cells or the buffer, so nothing after a
 * cut is shown, no mark is split from its character and a flag's letters
 * stay together.
 */
static void
term_safe_render(struct term_out *o, const unsigned char *src, size_t len,
    int width, int flags)
{
	struct term_scan	 s;
	struct term_unit	 u;
	const char		*ell = NULL;
	int			 ew = 0, budget = width, cut = 0;
	size_t			 reserve = 0, joiner = 0;

	term_safe_scan_init(&s, src, len, flags);
	if (width >= 0 && (flags & TERM_SAFE_ELLIPSIS)) {
		ell = term_safe_ellipsis(flags, &ew);
		if (ew > width)
			ell = NULL;
		else {
			reserve = strlen(ell);
			if (term_safe_too_wide(src, len, width, flags))
				budget = width - ew;
		}
	}
	while (term_safe_next(&s, &u)) {
		if ((budget >= 0 && o->width + u.width > budget) ||
		    !term_safe_put(o, u.bytes, u.len, u.width, reserve)) {
			cut = 1;
			break;
		}
		joiner = term_safe_is_joiner(&u) ? joiner + u.len : 0;
	}
	/* A ZWJ left at the cut would join whatever is drawn next. */
	if (cut)
		o->len -= joiner;
	if (cut && ell != NULL && o->width + ew <= width)
		term_safe_put(o, ell, reserve, ew, 0);
	if (width >= 0 && (flags & TERM_SAFE_PAD)) {
		while (o->width < width && term_safe_put(o, " ", 1, 1, 0))
			continue;
	}
	if (o->buf != NULL)
		o->buf[o->len] = '\0';
}

/* Render twice: once to count the bytes, once into an exact allocation. */
static char *
term_safe_alloc(const char *untrusted, size_t len, int width, int flags)
{
	const unsigned char	*src = (const unsigned char *)untrusted;
	struct term_out		 o = { NULL, SIZE_MAX, 0, 0 };

	if (src == NULL)
		src = (const unsigned char *)"";
	term_safe_render(&o, src, len, width, flags);
	/* Room for the bytes the render keeps free for an ellipsis. */
	o.size = o.len + 4;
	o.buf = xmalloc(o.size);
	o.len = 0;
	o.width = 0;
	term_safe_render(&o, src, len, width, flags);
	return (o.buf);
}

char *
term_safe_dup(const char *untrusted, int flags)
{
	return (term_safe_alloc(untrusted,
	    untrusted == NULL ? 0 : strlen(untrusted), -1, flags));
}

char *
term_safe_dupn(const char *untrusted, size_t len, int flags)
{
	return (term_safe_alloc(untrusted, untrusted == NULL ? 0 : len, -1,
	    flags));
}

char *
term_safe_fit(const char *untrusted, int width, int flags)
{
	return (term_safe_alloc(untrusted,
	    untrusted == NULL ? 0 : strlen(untrusted), width < 0 ? 0 : width,
	    flags));
}

int
term_safe_fit_buf(char *buf, size_t size, const char *untrusted, int width,
    int flags)
{
	struct term_out	o = { buf, size, 0, 0 };

	assert(buf != NULL && size > 0);
	if (untrusted == NULL)
		untrusted = "";
	term_safe_render(&o, (const unsigned char *)untrusted,
	    strlen(untrusted), width < 0 ? 0 : width, flags);
	return (o.width);
}

int
term_safe_width(const char *untrusted, int flags)
{
	struct term_scan	 s;
	struct term_unit	 u;
	int			 total = 0;

	if (untrusted == NULL)
		return (0);
	term_safe_scan_init(&s, (const unsigned char *)untrusted,
	    strlen(untrusted), flags);
	while (term_safe_next(&s, &u))
		total += u.width;
	return (total);
}

size_t
term_safe_wrap(const char *safe, int width, int flags, size_t *next)
{
	const unsigned char	*start = (const unsigned char *)safe;
	const unsigned char	*at, *cut, *brk = NULL;
	struct term_scan	 s;
	struct term_unit	 u;
	int			 total = 0, text = 0;
	size_t			 len;

	term_safe_scan_init(&s, start, strlen(safe), flags);
	for (at = s.p; term_safe_next(&s, &u); at = s.p) {
		if (u.width > 0 && total + u.width > width && at > start)
			break;
		if (u.width == 0 && brk == at)
			brk = NULL;	/* a mark stays on its space */
		total += u.width;
		if (u.len == 1 && (u.bytes[0] == ' ' || u.bytes[0] == ',')) {
			if (text)
				brk = s.p;
		} else
			text = 1;
	}
	if (at == s.end) {
		*next = (size_t)(s.end - start);
		return (*next);
	}
	cut = brk != NULL ? brk : at;
	len = (size_t)(cut - start);
	/* Spaces at the break go, unless a mark rides on the last one. */
	while (cut < s.end && *cut == ' ' &&
	    (cut + 1 == s.end || cut[1] < 0x80))
		cut++;
	*next = (size_t)(cut - start);
	while (len > 0 && safe[len - 1] == ' ')
		len--;
	return (len);
}
