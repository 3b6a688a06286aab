/* Which code points terminals join into one grapheme cluster (UAX #29). */
#include "config.h"

#include <stdint.h>

#include "switchboard/util.h"
#include "term-safe-int.h"

/*
 * Extended_Pictographic from Unicode's emoji-data.txt (Unicode 14; the
 * property covers unassigned code points in the emoji blocks too, so new
 * emoji fall inside it). Regional indicators and skin-tone modifiers are
 * not in it.
 */
static const uint32_t term_safe_pictographic[][2] = {
	{ 0x00a9, 0x00a9 }, { 0x00ae, 0x00ae }, { 0x203c, 0x203c },
	{ 0x2049, 0x2049 }, { 0x2122, 0x2122 }, { 0x2139, 0x2139 },
	{ 0x2194, 0x2199 }, { 0x21a9, 0x21aa }, { 0x231a, 0x231b },
	{ 0x2328, 0x2328 }, { 0x2388, 0x2388 }, { 0x23cf, 0x23cf },
	{ 0x23e9, 0x23f3 }, { 0x23f8, 0x23fa }, { 0x24c2, 0x24c2 },
	{ 0x25aa, 0x25ab }, { 0x25b6, 0x25b6 }, { 0x25c0, 0x25c0 },
	{ 0x25fb, 0x25fe }, { 0x2600, 0x2605 }, { 0x2607, 0x2612 },
	{ 0x2614, 0x2685 }, { 0x2690, 0x2705 }, { 0x2708, 0x2712 },
	{ 0x2714, 0x2714 }, { 0x2716, 0x2716 }, { 0x271d, 0x271d },
	{ 0x2721, 0x2721 }, { 0x2728, 0x2728 }, { 0x2733, 0x2734 },
	{ 0x2744, 0x2744 }, { 0x2747, 0x2747 }, { 0x274c, 0x274c },
	{ 0x274e, 0x274e }, { 0x2753, 0x2755 }, { 0x2757, 0x2757 },
	{ 0x2763, 0x2767 }, { 0x2795, 0x2797 }, { 0x27a1, 0x27a1 },
	{ 0x27b0, 0x27b0 }, { 0x27bf, 0x27bf }, { 0x2934, 0x2935 },
	{ 0x2b05, 0x2b07 }, { 0x2b1b, 0x2b1c }, { 0x2b50, 0x2b50 },
	{ 0x2b55, 0x2b55 }, { 0x3030, 0x3030 }, { 0x303d, 0x303d },
	{ 0x3297, 0x3297 }, { 0x3299, 0x3299 }, { 0x1f000, 0x1f0ff },
	{ 0x1f10d, 0x1f10f }, { 0x1f12f, 0x1f12f }, { 0x1f16c, 0x1f171 },
	{ 0x1f17e, 0x1f17f }, { 0x1f18e, 0x1f18e }, { 0x1f191, 0x1f19a },
	{ 0x1f1ad, 0x1f1e5 }, { 0x1f201, 0x1f20f }, { 0x1f21a, 0x1f21a },
	{ 0x1f22f, 0x1f22f }, { 0x1f232, 0x1f23a }, { 0x1f23c, 0x1f23f },
	{ 0x1f249, 0x1f3fa }, { 0x1f400, 0x1f53d }, { 0x1f546, 0x1f64f },
	{ 0x1f680, 0x1f6ff }, { 0x1f774, 0x1f77f }, { 0x1f7d5, 0x1f7ff },
	{ 0x1f80c, 0x1f80f }, { 0x1f848, 0x1f84f }, { 0x1f85a, 0x1f85f },
	{ 0x1f888, 0x1f88f }, { 0x1f8ae, 0x1f8ff }, { 0x1f90c, 0x1f93a },
	{ 0x1f93c, 0x1f945 }, { 0x1f947, 0x1faff }, { 0x1fc00, 0x1fffd },
};

int
term_safe_is_pictographic(uint32_t cp)
{
	size_t	lo = 0, hi = SB_ARRAY_LEN(term_safe_pictographic), mid;

	if (cp < term_safe_pictographic[0][0])
		return (0);
	while (lo < hi) {
		mid = (lo + hi) / 2;
		if (cp < term_safe_pictographic[mid][0])
			hi = mid;
		else if (cp > term_safe_pictographic[mid][1])
			lo = mid + 1;
		else
			return (1);
	}
	return (0);
}

enum term_safe_hangul
term_safe_hangul_kind(uint32_t cp)
{
	if ((cp >= 0x1100 && cp <= 0x115f) || (cp >= 0xa960 && cp <= 0xa97c))
		return (TERM_SAFE_HANGUL_L);
	if ((cp >= 0x1160 && cp <= 0x11a7) || (cp >= 0xd7b0 && cp <= 0xd7c6))
		return (TERM_SAFE_HANGUL_V);
	if ((cp >= 0x11a8 && cp <= 0x11ff) || (cp >= 0xd7cb && cp <= 0xd7fb))
		return (TERM_SAFE_HANGUL_T);
	if (cp >= 0xac00 && cp <= 0xd7a3)
		return ((cp - 0xac00) % 28 == 0 ? TERM_SAFE_HANGUL_LV :
		    TERM_SAFE_HANGUL_LVT);
	return (TERM_SAFE_HANGUL_NONE);
}

int
term_safe_hangul_joins(enum term_safe_hangul prev, enum term_safe_hangul next)
{
	switch (prev) {
	case TERM_SAFE_HANGUL_L:
		return (next != TERM_SAFE_HANGUL_NONE &&
		    next != TERM_SAFE_HANGUL_T);
	case TERM_SAFE_HANGUL_V:
	case TERM_SAFE_HANGUL_LV:
		return (next == TERM_SAFE_HANGUL_V ||
		    next == TERM_SAFE_HANGUL_T);
	case TERM_SAFE_HANGUL_T:
	case TERM_SAFE_HANGUL_LVT:
		return (next == TERM_SAFE_HANGUL_T);
	default:
		return (0);
	}
}
