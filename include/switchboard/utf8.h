/* UTF-8 encoding of one code point, the one encoder every module uses. */
#ifndef SWITCHBOARD_UTF8_H
#define SWITCHBOARD_UTF8_H

#include <stddef.h>
#include <stdint.h>

/* Longest encoding of one code point, in bytes. */
#define UTF8_MAX	4

/*
 * Write the UTF-8 of cp to out (room for UTF8_MAX bytes, not terminated)
 * and return its length, 1 to 4. Surrogates (U+D800-U+DFFF) and values
 * past U+10FFFF are not characters: 0, and out is left alone.
 */
size_t	 utf8_encode(uint32_t cp, char *out);

#endif
