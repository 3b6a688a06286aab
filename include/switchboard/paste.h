/* Bracketed paste: what the terminal pastes, collected as plain text. */
#ifndef SWITCHBOARD_PASTE_H
#define SWITCHBOARD_PASTE_H

#include <stdbool.h>
#include <stddef.h>

/*
 * Between the terminal's paste-start and paste-end marks every key is
 * text, never a command: paste_add takes the code points (get_wch's
 * characters) and keeps them as UTF-8. Tabs and line breaks (CR, LF, CRLF
 * as one, U+2028, U+2029) become one space each; other control characters
 * and whole escape sequences (CSI, OSC, DCS and other strings, two-byte
 * ESC sequences, their C1 forms) are dropped, and so are the function
 * keys curses decoded out of the paste (paste_add_key). At most
 * PASTE_MAX bytes are kept; what comes after is counted as cut.
 *
 * Embedded in the caller: paste_init, then paste_clear. The text belongs
 * to the struct; paste_text() is borrowed until the next paste_begin or
 * paste_clear.
 */
#define PASTE_MAX	65536

struct paste {
	char		*buf;		/* NUL-terminated UTF-8, or NULL */
	size_t		 len;
	size_t		 cap;
	int		 esc;		/* escape-sequence state */
	bool		 active;	/* between start and end */
	bool		 cr;		/* last character was a CR */
	size_t		 spaced;	/* tabs and line breaks made spaces */
	size_t		 dropped;	/* controls and sequences left out */
	size_t		 cut;		/* characters past PASTE_MAX */
};

void		 paste_init(struct paste *p);
void		 paste_clear(struct paste *p);

/* The paste-start mark: forget any earlier paste and collect. */
void		 paste_begin(struct paste *p);

/* Whether a paste is being collected. */
bool		 paste_active(const struct paste *p);

/* One character of the paste (a Unicode code point). */
void		 paste_add(struct paste *p, unsigned int cp);

/* A function key curses decoded inside the paste: dropped. */
void		 paste_add_key(struct paste *p);

/*
 * The paste-end mark: stop collecting; returns the text (borrowed, never
 * NULL).
 */
const char	*paste_end(struct paste *p);

/* The text of the last paste; borrowed. */
const char	*paste_text(const struct paste *p);

/*
 * What the paste changed, for a message ("line breaks and tabs became
 * spaces; 1 control sequence left out"), into buf; "" when nothing.
 * Returns buf.
 */
const char	*paste_note(const struct paste *p, char *buf, size_t size);

#endif
