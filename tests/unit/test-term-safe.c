/* Unit tests for the terminal sanitizer: hostile input, widths, cutting. */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <locale.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "switchboard/term-safe.h"
#include "switchboard/util.h"

#define U8	TERM_SAFE_UTF8
#define ELL	TERM_SAFE_ELLIPSIS
#define PAD	TERM_SAFE_PAD

#define ZWJ	"\xe2\x80\x8d"
/* Man ZWJ woman ZWJ girl ZWJ boy: one glyph where terminals cluster. */
#define FAMILY	"\xf0\x9f\x91\xa8" ZWJ "\xf0\x9f\x91\xa9" ZWJ \
	"\xf0\x9f\x91\xa7" ZWJ "\xf0\x9f\x91\xa6"
/* The same four drawn side by side. */
#define FAMILY_PARTS "\xf0\x9f\x91\xa8\xf0\x9f\x91\xa9\xf0\x9f\x91\xa7" \
	"\xf0\x9f\x91\xa6"

/* Hostile or tricky input and what each mode must turn it into. */
static const struct {
	const char	*in;
	const char	*utf8;
	const char	*ascii;
} hostile[] = {
	{ "\x1b[2J", "\\x1b[2J", "\\x1b[2J" },
	{ "a\x1b]52;c;SGVsbG8=\x07z", "a\\x1b]52;c;SGVsbG8=\\x07z",
	    "a\\x1b]52;c;SGVsbG8=\\x07z" },
	{ "\x1b]8;;http://x\x1b\\y", "\\x1b]8;;http://x\\x1b\\y",
	    "\\x1b]8;;http://x\\x1b\\y" },
	{ "\xc2\x9b" "31m", "\\u009b31m", "\\u009b31m" },	/* C1 CSI */
	{ "\x9b" "31m", "\\x9b31m", "\\x9b31m" },		/* raw 8-bit */
	{ "\xc2\x85", "\\u0085", "\\u0085" },			/* NEL */
	{ "Ann\xe2\x80\xaegpj.exe", "Ann\\u202egpj.exe",
	    "Ann\\u202egpj.exe" },
	{ "\xe2\x80\x8e\xe2\x80\x8f\xd8\x9c", "\\u200e\\u200f\\u061c",
	    "\\u200e\\u200f\\u061c" },
	{ "\xe2\x81\xa6x\xe2\x81\xa9", "\\u2066x\\u2069", "\\u2066x\\u2069" },
	{ "\xe2\x80\xaax\xe2\x80\xac", "\\u202ax\\u202c", "\\u202ax\\u202c" },
	{ "\xef\xbb\xbf" "BOM", "\\ufeffBOM", "\\ufeffBOM" },
	{ "a\xe2\x80\xa8" "b\xe2\x80\xa9", "a\\u2028b\\u2029",
	    "a\\u2028b\\u2029" },
	{ "a\xe2\x80\x8b" "b", "a\\u200bb", "a\\u200bb" },	/* ZWSP */
	{ "\xf3\xa0\x80\x81\xf3\xa0\x81\xa1", "\\U000e0001\\U000e0061",
	    "\\U000e0001\\U000e0061" },	/* tags */
	{ "\xc0\xaf", "\\xc0\\xaf", "\\xc0\\xaf" },	/* overlong */
	{ "\xc0\x80", "\\xc0\\x80", "\\xc0\\x80" },	/* NUL */
	{ "\xe0\x80\xaf", "\\xe0\\x80\\xaf", "\\xe0\\x80\\xaf" },
	{ "\xf0\x80\x80\xaf", "\\xf0\\x80\\x80\\xaf",
	    "\\xf0\\x80\\x80\\xaf" },
	{ "\xed\xa0\x80", "\\xed\\xa0\\x80",
	    "\\xed\\xa0\\x80" },				/* surrogate */
	{ "\xf4\x90\x80\x80", "\\xf4\\x90\\x80\\x80",
	    "\\xf4\\x90\\x80\\x80" },			/* too big */
	{ "\xf8\x88\x80\x80\x80", "\\xf8\\x88\\x80\\x80\\x80",
	    "\\xf8\\x88\\x80\\x80\\x80" },
	{ "\xff\xfe", "\\xff\\xfe", "\\xff\\xfe" },
	{ "ok\xe4\xb8", "ok\\xe4\\xb8", "ok\\xe4\\xb8" },	/* cut short */
	{ "ok\xf0\x9f\x98", "ok\\xf0\\x9f\\x98", "ok\\xf0\\x9f\\x98" },
	{ "\xe4\xb8" "a", "\\xe4\\xb8" "a", "\\xe4\\xb8" "a" },
	{ "x\x7fy", "x\\x7fy", "x\\x7fy" },
	{ "tab\there\nline\r", "tab\\there\\nline\\r",
	    "tab\\there\\nline\\r" },
	{ "\x01\x08\x0b\x0c\x1f", "\\x01\\x08\\x0b\\x0c\\x1f",
	    "\\x01\\x08\\x0b\\x0c\\x1f" },
	{ "M\xc3\xbcller", "M\xc3\xbcller", "M\\u00fcller" },
	{ "\xe4\xb8\xad", "\xe4\xb8\xad", "\\u4e2d" },
	{ "\xf0\x9f\x98\x80", "\xf0\x9f\x98\x80", "\\U0001f600" },
	{ "\xcc\x81" "a", "\\u0301a", "\\u0301a" },	/* no base */
	{ "\x1b\xcc\x81", "\\x1b\\u0301", "\\x1b\\u0301" },
	{ "e\xcc\x81\xcc\x81\xcc\x81\xcc\x81\xcc\x81",
	    "e\xcc\x81\xcc\x81\xcc\x81\xcc\x81\\u0301",
	    "e\\u0301\\u0301\\u0301\\u0301\\u0301" },
	{ "\xef\xbf\xbe", "\\ufffe", "\\ufffe" },	/* noncharacter */
	{ "\xcd\xb8", "\\u0378", "\\u0378" },		/* unassigned */
	{ "\xc2\xad", "\\u00ad", "\\u00ad" },		/* soft hyphen */
	{ "back\\slash", "back\\slash", "back\\slash" },
	{ "", "", "" },
};

/* Decode one UTF-8 sequence strictly; 0 if invalid. Independent check. */
static size_t
ref_decode(const unsigned char *p, uint32_t *cp)
{
	size_t		n, i;
	uint32_t	v;

	if (p[0] < 0x80) {
		*cp = p[0];
		return (1);
	}
	if ((p[0] & 0xe0) == 0xc0)
		n = 2, v = p[0] & 0x1f;
	else if ((p[0] & 0xf0) == 0xe0)
		n = 3, v = p[0] & 0x0f;
	else if ((p[0] & 0xf8) == 0xf0)
		n = 4, v = p[0] & 0x07;
	else
		return (0);
	for (i = 1; i < n; i++) {
		if ((p[i] & 0xc0) != 0x80)
			return (0);
		v = (v << 6) | (p[i] & 0x3f);
	}
	if ((n == 2 && v < 0x80) || (n == 3 && v < 0x800) ||
	    (n == 4 && v < 0x10000) || v > 0x10ffff ||
	    (v >= 0xd800 && v <= 0xdfff))
		return (0);
	*cp = v;
	return (n);
}

/* Code points that must never reach the terminal raw. */
static int
ref_is_forbidden(uint32_t cp)
{
	return (cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp <= 0x9f) ||
	    cp == 0x200e || cp == 0x200f || cp == 0x061c ||
	    (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069) ||
	    cp == 0x2028 || cp == 0x2029 || cp == 0xfeff || cp == 0x200b ||
	    (cp >= 0xe0000 && cp <= 0xe007f));
}

/* The invariants of sanitized output in either mode. */
static void
assert_safe(const char *out, int flags)
{
	const unsigned char	*p = (const unsigned char *)out;
	uint32_t		 cp;
	size_t			 n;
	int			 w, first = 1;

	for (; *p != '\0'; p += n) {
		if (!(flags & U8)) {
			assert_true(*p >= 0x20 && *p < 0x7f);
			n = 1;
			continue;
		}
		n = ref_decode(p, &cp);
		assert_int_not_equal(n, 0);
		assert_false(ref_is_forbidden(cp));
		w = wcwidth((wchar_t)cp);
		assert_true(w >= 0);
		if (first)
			assert_true(w > 0);	/* no mark without a base */
		first = 0;
	}
}

/* Emoji among the test's inputs (a subset of Extended_Pictographic). */
static int
ref_is_emoji(uint32_t cp)
{
	return (cp == 0x2620 || cp == 0x2764 || (cp >= 0x1f300 &&
	    cp <= 0x1faff && !(cp >= 0x1f3fb && cp <= 0x1f3ff)));
}

/* Hangul_Syllable_Type: 'L', 'V', 'T', 'S' (LV), 'X' (LVT) or 0. */
static int
ref_hangul(uint32_t cp)
{
	if (cp >= 0x1100 && cp <= 0x115f)
		return ('L');
	if (cp >= 0x1160 && cp <= 0x11a7)
		return ('V');
	if (cp >= 0x11a8 && cp <= 0x11ff)
		return ('T');
	if (cp >= 0xac00 && cp <= 0xd7a3)
		return ((cp - 0xac00) % 28 == 0 ? 'S' : 'X');
	return (0);
}

/* UAX #29 GB6 to GB8: does Hangul kind b join kind a before it? */
static int
ref_hangul_joins(int a, int b)
{
	if (a == 'L')
		return (b != 0 && b != 'T');
	if (a == 'V' || a == 'S')
		return (b == 'V' || b == 'T');
	if (a == 'T' || a == 'X')
		return (b == 'T');
	return (0);
}

/*
 * Nothing in UTF-8 output that a terminal drawing grapheme clusters would
 * join other than wcwidth() counts it: no emoji presentation selector,
 * skin tone or regional indicator; no ZWJ after or before an emoji or at
 * the end; Hangul jamo join exactly where wcwidth() gives them no cell.
 */
static void
assert_unjoined(const char *out)
{
	const unsigned char	*p = (const unsigned char *)out;
	uint32_t		 cp, prev = 0, base = 0, next;
	size_t			 n;

	for (; *p != '\0'; p += n, prev = cp) {
		n = ref_decode(p, &cp);
		assert_int_not_equal(n, 0);
		assert_false(cp == 0xfe0e || cp == 0xfe0f);
		assert_false(cp >= 0x1f1e6 && cp <= 0x1f1ff);
		assert_false(cp >= 0x1f3fb && cp <= 0x1f3ff);
		if (cp == 0x200d) {
			assert_false(ref_is_emoji(base));
			assert_int_not_equal(p[n], '\0');
			assert_int_not_equal(ref_decode(p + n, &next), 0);
			assert_false(ref_is_emoji(next));
		}
		if (ref_hangul(cp) != 0)
			assert_int_equal(ref_hangul_joins(ref_hangul(prev),
			    ref_hangul(cp)), wcwidth((wchar_t)cp) == 0);
		if (wcwidth((wchar_t)cp) > 0)
			base = cp;
	}
}

/* Width as ncursesw computes it: mbstowcs then wcswidth. */
static int
ref_curses_width(const char *s)
{
	size_t	 n = strlen(s) + 1;
	wchar_t	*ws = xcalloc(n, sizeof *ws);
	int	 w;

	assert_int_not_equal(mbstowcs(ws, s, n), (size_t)-1);
	w = wcswidth(ws, n);
	free(ws);
	return (w);
}

static int
setup_utf8(void **state)
{
	(void)state;
	if (setlocale(LC_ALL, "C.UTF-8") == NULL)
		return (-1);
	return (term_safe_is_utf8_locale() ? 0 : -1);
}

static int
setup_c(void **state)
{
	(void)state;
	if (setlocale(LC_ALL, "C") == NULL)
		return (-1);
	return (term_safe_is_utf8_locale() ? -1 : 0);
}

/* Each hostile input gives exactly the expected, safe output per mode. */
static void
check_hostile_table(int flags)
{
	size_t	 i;
	char	*out;

	for (i = 0; i < SB_ARRAY_LEN(hostile); i++) {
		out = term_safe_dup(hostile[i].in, flags);
		assert_string_equal(out, (flags & U8) ? hostile[i].utf8 :
		    hostile[i].ascii);
		assert_safe(out, flags);
		if (flags & U8)
			assert_unjoined(out);
		assert_int_equal(term_safe_width(hostile[i].in, flags),
		    ref_curses_width(out));
		free(out);
	}
}

static void
test_hostile_utf8(void **state)
{
	(void)state;
	check_hostile_table(U8);
}

static void
test_hostile_ascii(void **state)
{
	(void)state;
	check_hostile_table(0);
}

/* In the C locale even the UTF-8 flag cannot let non-ASCII through. */
static void
test_c_locale_utf8_flag_stays_ascii(void **state)
{
	size_t	 i;
	char	*out;

	(void)state;
	for (i = 0; i < SB_ARRAY_LEN(hostile); i++) {
		out = term_safe_dup(hostile[i].in, U8);
		assert_safe(out, 0);
		free(out);
	}
}

static void
test_space_flag_and_nul(void **state)
{
	char	*out;

	(void)state;
	out = term_safe_dup("a\tb\nc\rd\x0b" "e\x0c" "f",
	    TERM_SAFE_SPACE | U8);
	assert_string_equal(out, "a b c d e f");
	free(out);
	out = term_safe_dup(" \xcc\x81\n\xcc\x81", TERM_SAFE_SPACE | U8);
	assert_string_equal(out, " \xcc\x81 \xcc\x81");
	free(out);
	out = term_safe_dupn("a\0b\x1b", 4, U8);
	assert_string_equal(out, "a\\x00b\\x1b");
	free(out);
	/* A sequence cut by len is invalid even if the bytes go on. */
	out = term_safe_dupn("\xe4\xb8\xad", 2, U8);
	assert_string_equal(out, "\\xe4\\xb8");
	free(out);
	out = term_safe_dup(NULL, U8);
	assert_string_equal(out, "");
	free(out);
	assert_int_equal(term_safe_width(NULL, U8), 0);
}

static void
test_width_utf8(void **state)
{
	(void)state;
	assert_int_equal(term_safe_width("abc", U8), 3);
	assert_int_equal(term_safe_width("\xc3\xa9", U8), 1);
	assert_int_equal(term_safe_width("e\xcc\x81", U8), 1);
	assert_int_equal(term_safe_width("e\xcc\x81\xcc\xa3x", U8), 2);
	assert_int_equal(term_safe_width("\xe4\xb8\xad\xe6\x96\x87", U8), 4);
	assert_int_equal(term_safe_width("\xf0\x9f\x98\x80", U8), 2);
	assert_int_equal(term_safe_width("a\xf0\x9f\x91\x8d\xf0\x9f\x8f\xbd",
	    U8), 3);	/* the skin tone is left out, not a second emoji */
	assert_int_equal(term_safe_width("\x1b", U8), 4);
	assert_int_equal(term_safe_width("\xe2\x80\xae", U8), 6);
	assert_int_equal(term_safe_width("\xc3\xa9", 0), 6);
	assert_int_equal(term_safe_width("\xf0\x9f\x98\x80", 0), 10);
}

/*
 * Sequences that terminals which cluster graphemes (tmux, kitty, WezTerm,
 * iTerm2) draw in fewer cells than wcwidth() counts, and that xterm and
 * libvterm draw per code point: each comes out as parts that every
 * terminal draws in the width curses counts.
 */
static const struct {
	const char	*in;
	const char	*out;
	int		 width;
} sequences[] = {
	{ FAMILY " Family", FAMILY_PARTS " Family", 15 },
	/* woman, medium skin tone, ZWJ laptop: the tone is left out */
	{ "\xf0\x9f\x91\xa9\xf0\x9f\x8f\xbd" ZWJ "\xf0\x9f\x92\xbb",
	    "\xf0\x9f\x91\xa9\xf0\x9f\x92\xbb", 4 },
	{ "\xf0\x9f\x91\x8d\xf0\x9f\x8f\xbd", "\xf0\x9f\x91\x8d", 2 },
	/* a tone on nothing or on a letter would join what is before it */
	{ "\xf0\x9f\x8f\xbd", "\\U0001f3fd", 10 },
	{ "a\xf0\x9f\x8f\xbd", "a\\U0001f3fd", 11 },
	/* flags show as their letters */
	{ "\xf0\x9f\x87\xa9\xf0\x9f\x87\xaa", "DE", 2 },
	{ "\xf0\x9f\x87\xa9\xf0\x9f\x87\xaa\xf0\x9f\x87\xab", "DEF", 3 },
	/* presentation selectors are left out */
	{ "\xe2\x9d\xa4\xef\xb8\x8f", "\xe2\x9d\xa4", 1 },
	{ "\xe2\x9d\xa4\xef\xb8\x8f" ZWJ "\xf0\x9f\x94\xa5",
	    "\xe2\x9d\xa4\xf0\x9f\x94\xa5", 3 },
	{ "\xf0\x9f\x98\x80\xef\xb8\x8e", "\xf0\x9f\x98\x80", 2 },
	{ "1\xef\xb8\x8f\xe2\x83\xa3", "1\xe2\x83\xa3", 1 },	/* keycap */
	{ "\xf0\x9f\x8f\xb3\xef\xb8\x8f" ZWJ "\xf0\x9f\x8c\x88",
	    "\xf0\x9f\x8f\xb3\xf0\x9f\x8c\x88", 3 },	/* rainbow flag */
	{ "\xef\xb8\x8f" "a", "\\ufe0fa", 7 },	/* nothing to select */
	/* a ZWJ before an emoji or at the end joins nothing shown */
	{ "a" ZWJ "\xf0\x9f\x98\x80", "a\xf0\x9f\x98\x80", 3 },
	{ "a" ZWJ ZWJ "\xef\xb8\x8f\xf0\x9f\x98\x80", "a\xf0\x9f\x98\x80", 3 },
	{ "a" ZWJ, "a", 1 },
	/* Devanagari KA, VIRAMA, ZWJ, SSA: a script keeps its joiner */
	{ "\xe0\xa4\x95\xe0\xa5\x8d" ZWJ "\xe0\xa4\xb7",
	    "\xe0\xa4\x95\xe0\xa5\x8d" ZWJ "\xe0\xa4\xb7", 2 },
	{ "e\xcc\x81", "e\xcc\x81", 1 },
	/* Hangul jamo L V T, syllable LV with T: one cell pair, as counted */
	{ "\xe1\x84\x92\xe1\x85\xa1\xe1\x86\xab",
	    "\xe1\x84\x92\xe1\x85\xa1\xe1\x86\xab", 2 },
	{ "\xea\xb0\x80\xe1\x86\xa8", "\xea\xb0\x80\xe1\x86\xa8", 2 },
	/* L before a syllable or an L, V after a letter or after LVT */
	{ "\xe1\x84\x80\xea\xb0\x80", "\xe1\x84\x80\\uac00", 8 },
	{ "\xe1\x84\x80\xe1\x84\x80\xe1\x85\xa1",
	    "\xe1\x84\x80\\u1100\\u1161", 14 },
	{ "a\xe1\x85\xa1", "a\\u1161", 7 },
	{ "\xea\xb0\x81\xe1\x85\xa1", "\xea\xb0\x81\\u1161", 8 },
};

/* Each sequence: its parts, as wide as reported, none that would join. */
static void
test_emoji_sequences(void **state)
{
	size_t	 i;
	char	*out, *again;

	(void)state;
	for (i = 0; i < SB_ARRAY_LEN(sequences); i++) {
		out = term_safe_dup(sequences[i].in, U8);
		assert_string_equal(out, sequences[i].out);
		assert_safe(out, U8);
		assert_unjoined(out);
		assert_int_equal(term_safe_width(sequences[i].in, U8),
		    sequences[i].width);
		assert_int_equal(ref_curses_width(out), sequences[i].width);
		again = term_safe_dup(out, U8);
		assert_string_equal(again, out);
		free(again);
		free(out);
		out = term_safe_dup(sequences[i].in, 0);
		assert_safe(out, 0);
		free(out);
	}
}

/* Strings whose cuts are interesting: wide, combining, escapes. */
static const char *cut_samples[] = {
	"\xe4\xb8\xad\xe6\x96\x87\xe5\xad\x97\xe7\xac\xa6",
	"a\xe4\xb8\xad" "b\xe6\x96\x87" "c",
	"e\xcc\x81" "e\xcc\x81\xcc\xa3" "a\xcc\x81\xcc\x82\xcc\x83\xcc\x84",
	"\xf0\x9f\x98\x80x\xf0\x9f\x91\x8d\xf0\x9f\x8f\xbd",
	"a\x1b[2Jb\xe2\x80\xae" "c\xff",
	"Ren\xc3\xa9\tM\xc3\xbcller \xe7\x8e\x8b",
	"\xcc\x81\xcc\x81x",
	FAMILY " Family",
	"\xf0\x9f\x87\xa9\xf0\x9f\x87\xaa\xf0\x9f\x87\xab\xf0\x9f\x87\xb7x",
	"x\xe2\x9d\xa4\xef\xb8\x8f" ZWJ "\xf0\x9f\x94\xa5"
	    "\xf0\x9f\x91\x8d\xf0\x9f\x8f\xbd",
	"\xe1\x84\x92\xe1\x85\xa1\xe1\x86\xab\xe1\x84\x80\xea\xb0\x80",
	"a" ZWJ "b\xe0\xa4\x95\xe0\xa5\x8d" ZWJ "\xe0\xa4\xb7",
};

/* The padded cut is the plain cut plus spaces up to exactly w cells. */
static void
check_pad(const char *in, int w, int flags, const char *plain)
{
	char	*padded;
	size_t	 len = strlen(plain);

	padded = term_safe_fit(in, w, flags | PAD);
	assert_int_equal(ref_curses_width(padded), w);
	assert_true(strncmp(padded, plain, len) == 0);
	assert_int_equal(strspn(padded + len, " "), strlen(padded + len));
	free(padded);
}

/* One cut: width, ellipsis, a clean prefix of the whole, padding. */
static void
check_cut(const char *in, int w, int flags)
{
	char		*out, *full, *end;
	const char	*ell = (flags & U8) ? "\xe2\x80\xa6" : "...";
	size_t		 len, elen = strlen(ell);
	uint32_t	 cp;

	out = term_safe_fit(in, w, flags);
	full = term_safe_dup(in, flags);
	assert_safe(out, flags);
	assert_true(ref_curses_width(out) <= w);
	if (term_safe_width(in, flags) <= w) {
		assert_string_equal(out, full);
		goto out;
	}
	len = strlen(out);
	if ((flags & ELL) && w >= ref_curses_width(ell)) {
		assert_true(len >= elen);
		assert_memory_equal(out + len - elen, ell, elen);
		len -= elen;
	}
	/* The rest is a prefix of the whole that stops before a character. */
	assert_true(strncmp(out, full, len) == 0);
	end = full + len;
	while (strncmp(end, ZWJ, 3) == 0)
		end += 3;	/* a ZWJ at the cut is left out */
	assert_true(*end != '\0');
	if (flags & U8) {
		assert_int_not_equal(ref_decode((unsigned char *)end, &cp), 0);
		assert_true(wcwidth((wchar_t)cp) > 0);
	}
out:
	check_pad(in, w, flags, out);
	free(out);
	free(full);
}

static void
check_cut_every_width(int flags)
{
	static const int	 extra[] = { 0, ELL };
	size_t			 i, j;
	int			 w, fw;

	for (i = 0; i < SB_ARRAY_LEN(cut_samples); i++) {
		fw = term_safe_width(cut_samples[i], flags);
		for (w = 0; w <= fw + 2; w++)
			for (j = 0; j < SB_ARRAY_LEN(extra); j++)
				check_cut(cut_samples[i], w, flags | extra[j]);
	}
}

static void
test_cut_every_width_utf8(void **state)
{
	(void)state;
	check_cut_every_width(U8);
}

static void
test_cut_every_width_ascii(void **state)
{
	(void)state;
	check_cut_every_width(0);
}

/* Exact results of cuts that are easy to get subtly wrong. */
static void
test_cut_exact(void **state)
{
	static const struct {
		const char	*in;
		int		 width, flags;
		const char	*out;
	} cases[] = {
		{ "\xe4\xb8\xad\xe6\x96\x87", 3, U8, "\xe4\xb8\xad" },
		{ "\xe4\xb8\xad\xe6\x96\x87", 3, U8 | PAD, "\xe4\xb8\xad " },
		{ "\xe4\xb8\xad\xe6\x96\x87", 3, U8 | ELL,
		    "\xe4\xb8\xad\xe2\x80\xa6" },
		{ "\xe4\xb8\xad\xe6\x96\x87", 2, U8 | ELL | PAD,
		    "\xe2\x80\xa6 " },
		{ "\xe4\xb8\xad\xe6\x96\x87", 4, U8 | ELL,
		    "\xe4\xb8\xad\xe6\x96\x87" },
		{ "abc", 2, U8 | ELL, "a\xe2\x80\xa6" },
		{ "abc", 3, U8 | ELL, "abc" },
		{ "abc", 5, U8 | PAD, "abc  " },
		{ "abc", 0, U8 | ELL | PAD, "" },
		{ "abc", -4, U8 | PAD, "" },
		{ "abcdef", 5, ELL, "ab..." },
		{ "abcdef", 2, ELL, "ab" },
		{ "\xc3\xa9t\xc3\xa9", 8, ELL, "..." },
		{ "\xc3\xa9t\xc3\xa9", 9, ELL, "\\u00e9..." },
		{ "e\xcc\x81tude", 1, U8, "e\xcc\x81" },
		{ "e\xcc\x81tude", 2, U8 | ELL, "e\xcc\x81\xe2\x80\xa6" },
		{ "a\x1b", 4, U8, "a" },
		{ "a\x1b", 4, U8 | ELL, "a\xe2\x80\xa6" },
		{ "a\x1b", 5, U8 | ELL, "a\\x1b" },
		{ NULL, 3, U8 | PAD, "   " },
		/* Whole units: an emoji, a flag; no ZWJ left at the cut. */
		{ FAMILY, 5, U8 | ELL,
		    "\xf0\x9f\x91\xa8\xf0\x9f\x91\xa9\xe2\x80\xa6" },
		{ FAMILY, 3, U8, "\xf0\x9f\x91\xa8" },
		{ "\xf0\x9f\x87\xa9\xf0\x9f\x87\xaa", 1, U8, "" },
		{ "\xf0\x9f\x87\xa9\xf0\x9f\x87\xaa\xf0\x9f\x87\xab"
		    "\xf0\x9f\x87\xb7", 3, U8 | ELL, "DE\xe2\x80\xa6" },
		{ "a" ZWJ "b", 1, U8, "a" },
		{ "a" ZWJ "bc", 2, U8 | ELL, "a\xe2\x80\xa6" },
	};
	size_t	 i;
	char	*out;

	(void)state;
	for (i = 0; i < SB_ARRAY_LEN(cases); i++) {
		out = term_safe_fit(cases[i].in, cases[i].width,
		    cases[i].flags);
		assert_string_equal(out, cases[i].out);
		free(out);
	}
}

/* The buffer form matches the allocating one, and cuts cleanly when short. */
static void
test_fit_buf(void **state)
{
	/* 4-byte base with four 4-byte marks: the worst bytes per cell. */
	static const char	*zalgo = "\xf0\x9d\x90\x80"
	    "\xf0\x9d\x85\xa7\xf0\x9d\x85\xa7\xf0\x9d\x85\xa7\xf0\x9d\x85\xa7"
	    "\xf0\x9d\x90\x80"
	    "\xf0\x9d\x85\xa7\xf0\x9d\x85\xa7\xf0\x9d\x85\xa7\xf0\x9d\x85\xa7";
	char			 buf[TERM_SAFE_FIT_SIZE(8)], *out;
	size_t			 size;
	int			 w, ret;

	(void)state;
	assert_int_equal(term_safe_width(zalgo, U8), 2);
	for (w = 0; w <= 8; w++) {
		out = term_safe_fit(zalgo, w, U8 | ELL | PAD);
		ret = term_safe_fit_buf(buf, TERM_SAFE_FIT_SIZE(w), zalgo, w,
		    U8 | ELL | PAD);
		assert_string_equal(buf, out);
		assert_int_equal(ret, w);
		free(out);
	}
	for (size = 1; size < 24; size++) {
		memset(buf, 'Z', sizeof buf);
		ret = term_safe_fit_buf(buf, size, zalgo, 2, U8 | ELL);
		assert_true(strlen(buf) < size);
		assert_safe(buf, U8);
		assert_int_equal(ret, ref_curses_width(buf));
	}
	ret = term_safe_fit_buf(buf, 4, "\x1b[2J", 8, U8);
	assert_string_equal(buf, "");	/* no room for the whole escape */
	assert_int_equal(ret, 0);
	ret = term_safe_fit_buf(buf, 5, "\x1b[2J", 8, U8);
	assert_string_equal(buf, "\\x1b");
	assert_int_equal(ret, 4);
	ret = term_safe_fit_buf(buf, 1, "abc", 8, U8 | PAD);
	assert_string_equal(buf, "");
	assert_int_equal(ret, 0);
}

/* A piece the random strings are built from. */
static const char *pieces[] = {
	"a", "Z", " ", "\\", "\x1b", "\x1b[", "\x07", "\x7f", "\t", "\n",
	"\xc2\x9b", "\xc2\x85", "\xe2\x80\xae", "\xe2\x81\xa6", "\xef\xbb\xbf",
	"\xcc\x81", "\xe2\x80\x8d", "\xef\xb8\x8f", "\xe4\xb8\xad",
	"\xf0\x9f\x98\x80", "\xc3\xbc", "\xd7\x90", "\xe0\xa4\x95",
	"\xc0\xaf", "\xed\xa0\x80", "\xf4\x90\x80\x80", "\xe4\xb8",
	"\xf3\xa0\x80\x81", "\xe1\x84\x80", "\xe1\x85\xa1",
	"\xf0\x9f\x87\xa9", "\xf0\x9f\x8f\xbd", "\xef\xb8\x8e",
	"\xe2\x83\xa3", "\xe2\x9d\xa4", "\xf0\x9f\x91\xa8",
	"\xea\xb0\x80", "\xea\xb0\x81", "\xe1\x86\xa8", ZWJ,
};

/* Fill buf with a pseudo-random mix of pieces and raw bytes. */
static void
random_string(char *buf, size_t size)
{
	size_t		 len = 0, n;
	const char	*p;
	int		 count = rand() % 16;
	char		 raw[2];

	while (count-- > 0) {
		if (rand() % 4 == 0) {
			raw[0] = (char)(1 + rand() % 255);
			raw[1] = '\0';
			p = raw;
		} else
			p = pieces[rand() % SB_ARRAY_LEN(pieces)];
		n = strlen(p);
		if (len + n >= size)
			break;
		memcpy(buf + len, p, n);
		len += n;
	}
	buf[len] = '\0';
}

/* Invariants over a few thousand pseudo-random strings (fixed seed). */
static void
check_random(int flags)
{
	char	 in[128], *out, *again;
	int	 i, w, f;

	srand(20240601);
	for (i = 0; i < 4000; i++) {
		random_string(in, sizeof in);
		out = term_safe_dup(in, flags);
		assert_safe(out, flags);
		if (flags & U8)
			assert_unjoined(out);
		assert_int_equal(term_safe_width(in, flags),
		    ref_curses_width(out));
		again = term_safe_dup(out, flags);
		assert_string_equal(again, out);	/* idempotent */
		free(again);
		free(out);
		w = rand() % 24;
		f = flags | (rand() % 2 ? ELL : 0);
		check_cut(in, w, f);
	}
}

static void
test_random_utf8(void **state)
{
	(void)state;
	check_random(U8);
}

static void
test_random_ascii(void **state)
{
	(void)state;
	check_random(0);
}

/* Data mode: the same escapes for controls, bidi and hidden characters. */
static const struct {
	const char	*in;
	const char	*out;
} data_cases[] = {
	{ "\x1b[2J", "\\x1b[2J" },
	{ "tab\there\nline\r", "tab\\there\\nline\\r" },
	{ "x\x7fy\x01", "x\\x7fy\\x01" },
	{ "\xc2\x80\xc2\x9b\xc2\x9f", "\\u0080\\u009b\\u009f" },
	{ "\xe2\x80\xaa\xe2\x80\xab\xe2\x80\xac\xe2\x80\xad\xe2\x80\xae",
	    "\\u202a\\u202b\\u202c\\u202d\\u202e" },
	{ "\xe2\x81\xa6\xe2\x81\xa7\xe2\x81\xa8\xe2\x81\xa9",
	    "\\u2066\\u2067\\u2068\\u2069" },
	{ "\xe2\x80\x8e\xe2\x80\x8f\xd8\x9c", "\\u200e\\u200f\\u061c" },
	{ "a\xe2\x80\x8b" "b\xef\xbb\xbf", "a\\u200bb\\ufeff" },
	{ "a\xe2\x80\xa8" "b", "a\\u2028b" },
	{ "\xf3\xa0\x80\x81", "\\U000e0001" },
	{ "\xc2\xad", "\\u00ad" },
	{ "\xff", "\\xff" },
	/* Everything else passes, whatever the locale knows of it. */
	{ "M\xc3\xbcller", "M\xc3\xbcller" },
	{ "\xe4\xb8\xad\xf0\x9f\x98\x80", "\xe4\xb8\xad\xf0\x9f\x98\x80" },
	{ "a\xc2\xa0" "b", "a\xc2\xa0" "b" },
	{ "\xcc\x81" "a", "\xcc\x81" "a" },
	{ "e\xcc\x81\xcc\x81\xcc\x81\xcc\x81\xcc\x81",
	    "e\xcc\x81\xcc\x81\xcc\x81\xcc\x81\xcc\x81" },
	{ "\xcd\xb8", "\xcd\xb8" },
	{ "back\\slash", "back\\slash" },
};

/* The data mode gives the same bytes in any locale and is idempotent. */
static void
test_data_flag(void **state)
{
	size_t	 i;
	char	*out, *again;

	(void)state;
	for (i = 0; i < SB_ARRAY_LEN(data_cases); i++) {
		out = term_safe_dup(data_cases[i].in, TERM_SAFE_DATA);
		assert_string_equal(out, data_cases[i].out);
		again = term_safe_dup(out, TERM_SAFE_DATA);
		assert_string_equal(again, out);
		free(again);
		free(out);
	}
	assert_int_equal(term_safe_width("\x1b", TERM_SAFE_DATA), 4);
}

/* Wrap safe text at width: the lines joined with newlines. Caller frees. */
static char *
wrap_all(const char *safe, int width)
{
	char		*all = xstrdup(""), *line, *next;
	const char	*p = safe;
	size_t		 len, skip;

	do {
		len = term_safe_wrap(p, width, U8, &skip);
		line = xstrndup(p, len);
		if (term_safe_width(line, U8) > width)
			assert_int_equal(ref_curses_width(line),
			    wcwidth(0x4e2d));	/* only a lone wide char */
		assert_int_not_equal(mbstowcs(NULL, line, 0), (size_t)-1);
		next = xasprintf("%s%s%s", all, p == safe ? "" : "\n", line);
		free(all);
		free(line);
		all = next;
		assert_true(skip > 0 || *p == '\0');
		p += skip;
	} while (*p != '\0');
	return (all);
}

static void
test_wrap(void **state)
{
	static const struct {
		const char	*in;
		int		 width;
		const char	*out;
	} cases[] = {
		{ "alpha beta gamma", 11, "alpha beta\ngamma" },
		{ "hello world", 5, "hello\nworld" },
		{ "a@x.org (work), b@y.org (home)", 16,
		    "a@x.org (work),\nb@y.org (home)" },
		{ "a,b,c,d", 4, "a,b,\nc,d" },
		{ "abcdefghij", 4, "abcd\nefgh\nij" },
		{ "ab   cd", 2, "ab\ncd" },
		{ "fits exactly", 12, "fits exactly" },
		{ "trail  ", 10, "trail  " },
		{ "", 5, "" },
		/* Wide characters whole, one per line when too narrow. */
		{ "\xe4\xb8\xad\xe6\x96\x87\xe5\xad\x97", 3,
		    "\xe4\xb8\xad\n\xe6\x96\x87\n\xe5\xad\x97" },
		{ "\xe4\xb8\xad\xe6\x96\x87", 1, "\xe4\xb8\xad\n\xe6\x96\x87" },
		/* A combining mark stays with its letter. */
		{ "e\xcc\x81" "e\xcc\x81" "e\xcc\x81", 2,
		    "e\xcc\x81" "e\xcc\x81\ne\xcc\x81" },
		{ "ab \xcc\x81" "cd", 3, "ab \xcc\x81\ncd" },
		/* An escape has no space: a hard break may split it. */
		{ "x\\u202ey", 4, "x\\u2\n02ey" },
	};
	size_t	 i;
	char	*out;

	(void)state;
	for (i = 0; i < SB_ARRAY_LEN(cases); i++) {
		out = wrap_all(cases[i].in, cases[i].width);
		assert_string_equal(out, cases[i].out);
		free(out);
	}
}

/* Only spaces at the breaks go: every other byte comes out in order. */
static void
test_wrap_keeps_everything(void **state)
{
	char		 in[128], *safe, *out, *a, *b;
	size_t		 na, nb;
	const char	*p;
	int		 i, w;

	(void)state;
	srand(20260101);
	for (i = 0; i < 2000; i++) {
		random_string(in, sizeof in);
		safe = term_safe_dup(in, U8 | TERM_SAFE_SPACE);
		w = 2 + rand() % 20;
		out = wrap_all(safe, w);
		a = xcalloc(1, strlen(safe) + 1);
		b = xcalloc(1, strlen(out) + 1);
		for (p = safe, na = 0; *p != '\0'; p++)
			if (*p != ' ')
				a[na++] = *p;
		for (p = out, nb = 0; *p != '\0'; p++)
			if (*p != ' ' && *p != '\n')
				b[nb++] = *p;
		assert_string_equal(a, b);
		free(a);
		free(b);
		free(out);
		free(safe);
	}
}

int
main(void)
{
	const struct CMUnitTest utf8_tests[] = {
		cmocka_unit_test(test_hostile_utf8),
		cmocka_unit_test(test_hostile_ascii),
		cmocka_unit_test(test_space_flag_and_nul),
		cmocka_unit_test(test_width_utf8),
		cmocka_unit_test(test_emoji_sequences),
		cmocka_unit_test(test_cut_every_width_utf8),
		cmocka_unit_test(test_cut_every_width_ascii),
		cmocka_unit_test(test_cut_exact),
		cmocka_unit_test(test_fit_buf),
		cmocka_unit_test(test_random_utf8),
		cmocka_unit_test(test_random_ascii),
		cmocka_unit_test(test_data_flag),
		cmocka_unit_test(test_wrap),
		cmocka_unit_test(test_wrap_keeps_everything),
	};
	const struct CMUnitTest c_tests[] = {
		cmocka_unit_test(test_hostile_ascii),
		cmocka_unit_test(test_c_locale_utf8_flag_stays_ascii),
		cmocka_unit_test(test_cut_every_width_ascii),
		cmocka_unit_test(test_random_ascii),
		cmocka_unit_test(test_data_flag),
	};
	int	failed;

	failed = cmocka_run_group_tests_name("term-safe C.UTF-8", utf8_tests,
	    setup_utf8, NULL);
	failed += cmocka_run_group_tests_name("term-safe C", c_tests,
	    setup_c, NULL);
	return (failed != 0);
}
