/* One line of editable text: edits by character, widths by display cell. */
#ifndef SWITCHBOARD_TEXTFIELD_H
#define SWITCHBOARD_TEXTFIELD_H

#include <stdbool.h>
#include <stddef.h>

#include "switchboard/error.h"

/*
 * The text is UTF-8; the cursor is a byte offset that always sits on a
 * character boundary, where a character is one printable code point and
 * the zero-width marks after it (combining accents, ZWJ, variation
 * selectors): they move and are deleted together. Widths come from
 * term_safe_width() with the field's flags, so what the field measures is
 * what draw_text() shows. No curses: the caller draws textfield_view().
 *
 * Embedded in the caller: textfield_init, then textfield_clear. The text
 * is owned by the field; textfield_text() is borrowed until the next edit.
 */
struct textfield {
	char	*buf;		/* always NUL-terminated */
	size_t	 len;		/* bytes */
	size_t	 cap;
	size_t	 cursor;	/* byte offset of the cursor */
	size_t	 scroll;	/* byte offset of the first shown character */
	size_t	 max_chars;	/* limit in code points; 0 for none */
	int	 safe_flags;	/* term_safe flags for widths */
	bool	 changed;	/* edited since init or textfield_set */
};

void		 textfield_init(struct textfield *tf, size_t max_chars,
		     int safe_flags);
void		 textfield_clear(struct textfield *tf);

/* The text; borrowed. */
const char	*textfield_text(const struct textfield *tf);

/* Code points in the text. */
size_t		 textfield_chars(const struct textfield *tf);

/*
 * Replace the text (NULL reads as ""), cursor at the end, changed false.
 * Like textfield_insert: returns SB_INVALID with err when it had to cut.
 */
enum sb_status	 textfield_set(struct textfield *tf, const char *text,
		     struct sb_error *err);

/*
 * Insert UTF-8 text at the cursor (typing or a paste). Invalid bytes and
 * control characters are left out; tab and line breaks become one space.
 * When the text does not fit the limit, as much as fits goes in and the
 * result is SB_INVALID with a message saying how much was left out;
 * otherwise SB_OK. err may be NULL.
 */
enum sb_status	 textfield_insert(struct textfield *tf, const char *text,
		     struct sb_error *err);

/* Insert one code point (from get_wch). */
enum sb_status	 textfield_insert_cp(struct textfield *tf, unsigned int cp,
		     struct sb_error *err);

/* Edits; each returns true when something changed. */
bool		 textfield_backspace(struct textfield *tf);
bool		 textfield_delete(struct textfield *tf);
bool		 textfield_delete_word(struct textfield *tf);	/* back */
bool		 textfield_kill_line(struct textfield *tf);	/* to end */

/* Movement; each returns true when the cursor moved. */
bool		 textfield_left(struct textfield *tf);
bool		 textfield_right(struct textfield *tf);
bool		 textfield_word_left(struct textfield *tf);
bool		 textfield_word_right(struct textfield *tf);
bool		 textfield_home(struct textfield *tf);
bool		 textfield_end(struct textfield *tf);

/*
 * Handle an editing key (KEYMAP_KEY_* codes: arrows, Home, End,
 * Backspace, Delete, C-a, C-e, C-b, C-f, C-w, C-k, C-u). Returns true when
 * the key was one of them.
 */
bool		 textfield_key(struct textfield *tf, int key);

/* Display width in cells of the whole text. */
int		 textfield_width(const struct textfield *tf);

/*
 * What to draw in width cells: scrolls so the cursor is visible (with a
 * cell for it at the end). *start is the byte offset to draw from (draw
 * textfield_text() + *start cut to width); returns the cursor's column.
 */
int		 textfield_view(struct textfield *tf, int width,
		     size_t *start);

#endif
