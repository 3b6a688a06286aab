/* Text broken into lines of a display width, for panes that wrap. */
#ifndef SWITCHBOARD_WRAP_H
#define SWITCHBOARD_WRAP_H

#include <stddef.h>

/*
 * Break safe text (term_safe output: every character has its wcwidth()
 * in the current locale) into lines of at most width cells: after the
 * last space that fits, else between two characters, never inside one
 * with its zero-width marks; the space a line ends on is dropped. Fills
 * *lines (caller frees each and the array) and returns how many; "" is
 * one empty line. Nothing of the text is lost but those spaces.
 */
size_t	wrap_text(const char *safe, int width, char ***lines);

#endif
