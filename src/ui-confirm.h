/* The confirm mode: a yes/no question whose answer goes to the mode below. */
#ifndef SWITCHBOARD_UI_CONFIRM_H
#define SWITCHBOARD_UI_CONFIRM_H

#include <stdbool.h>

struct draw;
struct keymap;
struct mode_stack;

/* The result the mode below gets through its result op. */
#define UI_CONFIRM_NO	0
#define UI_CONFIRM_YES	1

/*
 * Ask question (copied) over the mode on top: confirm-yes answers yes,
 * any other key no (prompt_confirm), and the answer goes to the mode
 * below as its result. false when the stack is full.
 */
bool	ui_confirm_push(struct mode_stack *s, const struct draw *draw,
	    const struct keymap *km, const char *question);

#endif
