/* The history mode: a record's events as lines of text, over the panes. */
#ifndef SWITCHBOARD_UI_HISTORY_H
#define SWITCHBOARD_UI_HISTORY_H

#include <stdbool.h>
#include <stddef.h>

struct draw;
struct keymap;
struct mode_stack;

/*
 * Push the history of lines (nlines of them, taken: freed with the mode
 * by history_lines_free), titled title; lines that do not start with a
 * space are headings. The move keys of the key table scroll it, any
 * other key closes it. false (lines freed) when the stack is full.
 */
bool	ui_history_push(struct mode_stack *s, const struct draw *draw,
	    const struct keymap *km, const char *title, char **lines,
	    size_t nlines);

#endif
