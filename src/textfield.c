/* One line of editable text: edits by character, widths by display cell. */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "switchboard/keymap.h"
#include "switchboard/term-safe.h"
#include "switchboard/textfield.h"
#include "switchboard/utf8.h"
#include "switchboard/util.h"

/* Does cp join the character before it (a combining mark, ZWJ...)? */
static bool
textfield_is_mark(const struct textfield *tf, uint32_t cp)
{
	if (!(tf->safe_flags & TERM_SAFE_UTF8) || cp < 0x300)
		return (false);
	return (wcwidth((wchar_t)cp) == 0);
}

/* Byte offset of the end of the character that starts at off. */
static size_t
textfield_next(const struct textfield *tf, size_t off)
{
	const unsigned char	*p = (const unsigned char *)tf->buf;
	uint32_t		 cp;
	size_t			 n;
	int			 marks = 0;

	if (off >= tf->len)
		return (tf->len);
	n = term_safe_utf8_decode(p + off, tf->len - off, &cp);
	off += n == 0 ? 1 : n;
	while (off < tf->len && marks < TERM_SAFE_MAX_ZERO_WIDTH) {
		n = term_safe_utf8_decode(p + off, tf->len - off, &cp);
		if (n == 0 || !textfield_is_mark(tf, cp))
			break;
		off += n;
		marks++;
	}
	return (off);
}

/* Byte offset of the start of the character before off. */
static size_t
textfield_prev(const struct textfield *tf, size_t off)
{
	size_t	at = 0, next;

	while ((next = textfield_next(tf, at)) < off)
		at = next;
	return (off == 0 ? 0 : at);
}

static bool
textfield_is_space_at(const struct textfield *tf, size_t off)
{
	return (tf->buf[off] == ' ');
}

void
textfield_init(struct textfield *tf, size_t max_chars, int safe_flags)
{
	memset(tf, 0, sizeof *tf);
	tf->cap = 16;
	tf->buf = xcalloc(1, tf->cap);
	tf->max_chars = max_chars;
	tf->safe_flags = safe_flags;
}

void
textfield_clear(struct textfield *tf)
{
	free(tf->buf);
	memset(tf, 0, sizeof *tf);
}

const char *
textfield_text(const struct textfield *tf)
{
	return (tf->buf);
}

size_t
textfield_chars(const struct textfield *tf)
{
	const unsigned char	*p = (const unsigned char *)tf->buf;
	size_t			 i, n = 0;

	for (i = 0; i < tf->len; i++) {
		if ((p[i] & 0xc0) != 0x80)
			n++;
	}
	return (n);
}

enum sb_status
textfield_set(struct textfield *tf, const char *text, struct sb_error *err)
{
	enum sb_status	st;

	tf->len = tf->cursor = tf->scroll = 0;
	tf->buf[0] = '\0';
	st = textfield_insert(tf, text == NULL ? "" : text, err);
	tf->changed = false;
	return (st);
}

/* Make room for n more bytes. */
static void
textfield_grow(struct textfield *tf, size_t n)
{
	while (tf->len + n + 1 > tf->cap)
		tf->cap *= 2;
	tf->buf = xreallocarray(tf->buf, tf->cap, 1);
}

/* Put n bytes in at the cursor. */
static void
textfield_splice(struct textfield *tf, const char *b, size_t n)
{
	textfield_grow(tf, n);
	memmove(tf->buf + tf->cursor + n, tf->buf + tf->cursor,
	    tf->len - tf->cursor + 1);
	memcpy(tf->buf + tf->cursor, b, n);
	tf->len += n;
	tf->cursor += n;
	tf->changed = true;
}

/* Map one incoming code point to what goes in; 0 to leave it out. */
static uint32_t
textfield_accept(uint32_t cp)
{
	if (cp == '\t' || cp == '\n' || cp == '\r' || cp == 0x2028 ||
	    cp == 0x2029)
		return (' ');
	if (cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp <= 0x9f))
		return (0);
	return (cp);
}

enum sb_status
textfield_insert(struct textfield *tf, const char *text,
    struct sb_error *err)
{
	const unsigned char	*p = (const unsigned char *)text;
	size_t			 left = strlen(text), n, have, lost = 0;
	uint32_t		 cp;
	char			 enc[UTF8_MAX];

	have = textfield_chars(tf);
	while (left > 0) {
		n = term_safe_utf8_decode(p, left, &cp);
		if (n == 0) {
			p++;
			left--;
			continue;
		}
		p += n;
		left -= n;
		if (cp == '\r' && left > 0 && *p == '\n')
			continue;	/* CRLF is one break */
		if ((cp = textfield_accept(cp)) == 0)
			continue;
		if (tf->max_chars != 0 && have >= tf->max_chars) {
			lost++;
			continue;
		}
		textfield_splice(tf, enc, utf8_encode(cp, enc));
		have++;
	}
	if (lost == 0)
		return (SB_OK);
	return (sb_error_set(err, SB_INVALID,
	    "%zu characters left out: this field holds at most %zu", lost,
	    tf->max_chars));
}

enum sb_status
textfield_insert_cp(struct textfield *tf, unsigned int cp,
    struct sb_error *err)
{
	char	enc[UTF8_MAX + 1];
	size_t	n;

	if ((n = utf8_encode(cp, enc)) == 0)
		return (SB_OK);
	enc[n] = '\0';
	return (textfield_insert(tf, enc, err));
}

/* Remove bytes [from, to) and leave the cursor at from. */
static bool
textfield_cut(struct textfield *tf, size_t from, size_t to)
{
	if (from >= to)
		return (false);
	memmove(tf->buf + from, tf->buf + to, tf->len - to + 1);
	tf->len -= to - from;
	tf->cursor = from;
	if (tf->scroll > from)
		tf->scroll = from;
	tf->changed = true;
	return (true);
}

bool
textfield_backspace(struct textfield *tf)
{
	return (textfield_cut(tf, textfield_prev(tf, tf->cursor),
	    tf->cursor));
}

bool
textfield_delete(struct textfield *tf)
{
	return (textfield_cut(tf, tf->cursor,
	    textfield_next(tf, tf->cursor)));
}

bool
textfield_delete_word(struct textfield *tf)
{
	size_t	end = tf->cursor;

	textfield_word_left(tf);
	return (textfield_cut(tf, tf->cursor, end));
}

bool
textfield_kill_line(struct textfield *tf)
{
	return (textfield_cut(tf, tf->cursor, tf->len));
}

bool
textfield_left(struct textfield *tf)
{
	size_t	old = tf->cursor;

	tf->cursor = textfield_prev(tf, tf->cursor);
	return (tf->cursor != old);
}

bool
textfield_right(struct textfield *tf)
{
	size_t	old = tf->cursor;

	tf->cursor = textfield_next(tf, tf->cursor);
	return (tf->cursor != old);
}

bool
textfield_word_left(struct textfield *tf)
{
	size_t	old = tf->cursor, p;

	while (tf->cursor > 0) {
		p = textfield_prev(tf, tf->cursor);
		if (!textfield_is_space_at(tf, p))
			break;
		tf->cursor = p;
	}
	while (tf->cursor > 0) {
		p = textfield_prev(tf, tf->cursor);
		if (textfield_is_space_at(tf, p))
			break;
		tf->cursor = p;
	}
	return (tf->cursor != old);
}

bool
textfield_word_right(struct textfield *tf)
{
	size_t	old = tf->cursor;

	while (tf->cursor < tf->len && textfield_is_space_at(tf, tf->cursor))
		tf->cursor = textfield_next(tf, tf->cursor);
	while (tf->cursor < tf->len && !textfield_is_space_at(tf, tf->cursor))
		tf->cursor = textfield_next(tf, tf->cursor);
	return (tf->cursor != old);
}

bool
textfield_home(struct textfield *tf)
{
	size_t	old = tf->cursor;

	tf->cursor = 0;
	return (old != 0);
}

bool
textfield_end(struct textfield *tf)
{
	size_t	old = tf->cursor;

	tf->cursor = tf->len;
	return (old != tf->len);
}

bool
textfield_key(struct textfield *tf, int key)
{
	switch (key) {
	case KEYMAP_KEY_LEFT:
	case KEYMAP_KEY_CTRL('b'):
		textfield_left(tf);
		break;
	case KEYMAP_KEY_RIGHT:
	case KEYMAP_KEY_CTRL('f'):
		textfield_right(tf);
		break;
	case KEYMAP_KEY_HOME:
	case KEYMAP_KEY_CTRL('a'):
		textfield_home(tf);
		break;
	case KEYMAP_KEY_END:
	case KEYMAP_KEY_CTRL('e'):
		textfield_end(tf);
		break;
	case KEYMAP_KEY_BACKSPACE:
		textfield_backspace(tf);
		break;
	case KEYMAP_KEY_DC:
	case KEYMAP_KEY_CTRL('d'):
		textfield_delete(tf);
		break;
	case KEYMAP_KEY_CTRL('w'):
		textfield_delete_word(tf);
		break;
	case KEYMAP_KEY_CTRL('k'):
		textfield_kill_line(tf);
		break;
	case KEYMAP_KEY_CTRL('u'):
		textfield_cut(tf, 0, tf->cursor);
		break;
	default:
		return (false);
	}
	return (true);
}

/* Display width of bytes [from, to). */
static int
textfield_span_width(const struct textfield *tf, size_t from, size_t to)
{
	char	*s;
	int	 w;

	if (from >= to)
		return (0);
	s = xmalloc(to - from + 1);
	memcpy(s, tf->buf + from, to - from);
	s[to - from] = '\0';
	w = term_safe_width(s, tf->safe_flags);
	free(s);
	return (w);
}

int
textfield_width(const struct textfield *tf)
{
	return (textfield_span_width(tf, 0, tf->len));
}

int
textfield_view(struct textfield *tf, int width, size_t *start)
{
	if (width < 1)
		width = 1;
	if (tf->scroll > tf->cursor)
		tf->scroll = tf->cursor;
	/* Show as much as fits before the cursor when the text shrank. */
	while (tf->scroll > 0 && textfield_span_width(tf,
	    textfield_prev(tf, tf->scroll), tf->len) < width)
		tf->scroll = textfield_prev(tf, tf->scroll);
	while (tf->scroll < tf->cursor &&
	    textfield_span_width(tf, tf->scroll, tf->cursor) > width - 1)
		tf->scroll = textfield_next(tf, tf->scroll);
	*start = tf->scroll;
	return (textfield_span_width(tf, tf->scroll, tf->cursor));
}
