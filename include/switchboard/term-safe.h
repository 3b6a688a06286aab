/* The one sanitizer and width function for text drawn on a terminal. */
#ifndef SWITCHBOARD_TERM_SAFE_H
#define SWITCHBOARD_TERM_SAFE_H

#include <stddef.h>
#include <stdint.h>

/*
 * Every string from the database, a file, a server error or the environment
 * goes through term_safe_* before it is drawn or printed. The output never
 * holds a control character (C0, DEL, C1), an escape sequence, a bidi
 * control, an invisible format character or invalid UTF-8: each is replaced
 * by a visible escape, so the user sees that something was there.
 *
 *   tab, newline, CR	\t \n \r  (or one space each with TERM_SAFE_SPACE)
 *   other C0, DEL	\xNN       ("\x1b", "\x7f"; NUL too, for the *n forms)
 *   invalid UTF-8	\xNN       one escape per byte that is not part of a
 *				   valid, shortest-form sequence (overlongs,
 *				   surrogates, > U+10FFFF, truncated ones)
 *   C1, bidi, format	\uXXXX     ("\u009b", "\u202e", "\ufeff", "\u2028")
 *   beyond the BMP	\UXXXXXXXX
 *
 * Escaped code points: C1 U+0080-U+009F; bidi LRM/RLM/ALM and the
 * embeddings, overrides and isolates (U+200E U+200F U+061C U+202A-U+202E
 * U+2066-U+2069); line and paragraph separators U+2028 U+2029; the invisible
 * format characters that can hide text (soft hyphen U+00AD, ZWSP U+200B,
 * U+2060-U+206F, BOM U+FEFF, U+FFF9-U+FFFB, tags U+E0000-U+E007F, and a few
 * more); noncharacters; anything wcwidth() calls unprintable. ZWNJ and ZWJ
 * (U+200C U+200D) stay between letters: scripts need them. A backslash is
 * left as it is, so "\x1b" typed by someone reads the same as an escaped
 * ESC.
 *
 * Zero-width characters (combining marks, ZWJ, variation selectors) are kept
 * with the printable character before them. One with nothing to attach to
 * (at the start, after an escape) is escaped, and so is every one past
 * TERM_SAFE_MAX_ZERO_WIDTH on one character: a curses cell holds no more.
 *
 * Emoji sequences are drawn as their parts, because terminals that draw a
 * grapheme cluster as one glyph (tmux, kitty, WezTerm, iTerm2) and those
 * that draw each code point (xterm, libvterm) cannot both agree with one
 * width: a ZWJ next to an emoji, VS15 and VS16, and a skin-tone modifier
 * after an emoji are left out (man ZWJ woman shows as the two emoji, a
 * heart with VS16 as a 1-cell heart); a skin tone elsewhere is escaped;
 * regional indicators show as letters (a flag as "DE"); Hangul jamo that
 * would join other than wcwidth() counts are escaped. So whatever is sent
 * takes the cells wcwidth() gives it on any terminal, and a cut never
 * falls inside a flag or leaves a ZWJ at its end. This is for display
 * only: exported data keeps the text as stored.
 *
 * Modes: with TERM_SAFE_UTF8 (decide once with term_safe_is_utf8_locale())
 * printable characters pass as UTF-8 and widths come from wcwidth() in the
 * current locale, as ncursesw computes them. Without it the output is
 * printable ASCII only: every non-ASCII character becomes \uXXXX, one cell
 * per byte.
 *
 * The result of sanitizing is safe to sanitize again with the same flags and
 * comes out unchanged.
 */

/* The terminal takes UTF-8; otherwise output is printable ASCII. */
#define TERM_SAFE_UTF8		0x01
/* Tab, newline, CR, VT and FF become one space each instead of escapes. */
#define TERM_SAFE_SPACE		0x02
/* Mark a cut with an ellipsis ("…", or "..." in ASCII mode). */
#define TERM_SAFE_ELLIPSIS	0x04
/* Pad with spaces to exactly the width asked for. */
#define TERM_SAFE_PAD		0x08
/*
 * Data for a file or a pipe, not for drawing: only the controls (C0, DEL,
 * C1), the bidi controls, the separators and the invisible format
 * characters listed above are escaped. Every other valid character passes
 * as UTF-8 whatever the locale knows of it: no wcwidth() test, no rules
 * for zero-width marks. Widths are wcwidth()'s, 1 where it gives none.
 * Implies TERM_SAFE_UTF8.
 */
#define TERM_SAFE_DATA		0x10

/* Zero-width characters kept on one character (ncurses CCHARW_MAX - 1). */
#define TERM_SAFE_MAX_ZERO_WIDTH	4

/*
 * Bytes that always hold term_safe_fit_buf() output for a width (cells)
 * without losing anything: one character and its zero-width marks take at
 * most 20 bytes per cell, plus the ellipsis and the terminating NUL.
 */
#define TERM_SAFE_FIT_SIZE(width)	(20 * (size_t)(width) + 4)

/*
 * Nonzero when LC_CTYPE's codeset is UTF-8 (call after setlocale). Decide
 * TERM_SAFE_UTF8 once from this.
 */
int	 term_safe_is_utf8_locale(void);

/*
 * Decode one shortest-form UTF-8 sequence of at most n bytes at p into
 * *cp. Returns its length, or 0 when p does not start a valid one
 * (overlong forms, surrogates and values past U+10FFFF are invalid).
 */
size_t	 term_safe_utf8_decode(const unsigned char *p, size_t n,
	    uint32_t *cp);

/* Sanitize a whole string; caller frees. NULL reads as "". */
char	*term_safe_dup(const char *untrusted, int flags);

/* The same for len bytes that may hold NULs (escaped as \x00). */
char	*term_safe_dupn(const char *untrusted, size_t len, int flags);

/*
 * Display width in cells of untrusted as term_safe_dup() would return it
 * with these flags (for text that is already safe, simply its width).
 */
int	 term_safe_width(const char *untrusted, int flags);

/*
 * Where to break safe text (the output of term_safe_dup() with flags) so
 * that its first line takes at most width cells: after the last space or
 * comma that fits, else after the last character that fits (a hard break,
 * which may split an escape such as \u202e into its ASCII characters but
 * never a character, nor one from its combining marks). Returns the
 * length in bytes of the first line without the spaces it ends in; *next
 * gets the offset of the next line, past the spaces at the break. When it
 * all fits, that is the whole of safe, spaces and all. At least one
 * character is taken even when it is wider than width, so a caller always
 * moves on.
 */
size_t	 term_safe_wrap(const char *safe, int width, int flags,
	    size_t *next);

/*
 * Sanitize and fit into width cells: cut at a character boundary, never
 * inside a character, an escape, or between a character and its combining
 * marks. With TERM_SAFE_ELLIPSIS a cut string ends in the ellipsis, which
 * counts toward width (when width is too narrow for it, the cut is
 * unmarked). A wide character that does not fit is left out whole. With
 * TERM_SAFE_PAD spaces fill up to exactly width. Negative width reads as 0.
 * Caller frees.
 */
char	*term_safe_fit(const char *untrusted, int width, int flags);

/*
 * term_safe_fit() into a caller buffer, for the drawing path: no
 * allocation. buf is always terminated (size must be at least 1). With
 * size >= TERM_SAFE_FIT_SIZE(width) nothing is lost; a smaller buffer cuts
 * the output earlier, still at a character boundary. Returns the display
 * width written.
 */
int	 term_safe_fit_buf(char *buf, size_t size, const char *untrusted,
	    int width, int flags);

#endif
