/* Which code points terminals join into one grapheme cluster (UAX #29). */
#ifndef SWITCHBOARD_TERM_SAFE_INT_H
#define SWITCHBOARD_TERM_SAFE_INT_H

#include <stdint.h>

#define TERM_SAFE_ZWJ		0x200d
#define TERM_SAFE_VS15		0xfe0e	/* text presentation */
#define TERM_SAFE_VS16		0xfe0f	/* emoji presentation */
#define TERM_SAFE_RI_FIRST	0x1f1e6	/* regional indicator A */
#define TERM_SAFE_RI_LAST	0x1f1ff	/* regional indicator Z */
#define TERM_SAFE_TONE_FIRST	0x1f3fb	/* emoji modifier (skin tone) */
#define TERM_SAFE_TONE_LAST	0x1f3ff

/* Hangul_Syllable_Type: how conjoining jamo and syllables combine. */
enum term_safe_hangul {
	TERM_SAFE_HANGUL_NONE,
	TERM_SAFE_HANGUL_L,	/* leading consonant */
	TERM_SAFE_HANGUL_V,	/* vowel */
	TERM_SAFE_HANGUL_T,	/* trailing consonant */
	TERM_SAFE_HANGUL_LV,	/* precomposed syllable without T */
	TERM_SAFE_HANGUL_LVT	/* precomposed syllable with T */
};

/* Extended_Pictographic: an emoji, or a code point kept for future ones. */
int	term_safe_is_pictographic(uint32_t cp);

/* The Hangul_Syllable_Type of cp. */
enum term_safe_hangul term_safe_hangul_kind(uint32_t cp);

/*
 * Do a Hangul code point of kind prev and the one of kind next right
 * after it form one cluster (UAX #29 rules GB6, GB7, GB8)?
 */
int	term_safe_hangul_joins(enum term_safe_hangul prev,
	    enum term_safe_hangul next);

#endif
