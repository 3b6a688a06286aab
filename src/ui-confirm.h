/* The confirm mode: a yes/no question whose answer goes to the mode below. */
#ifndef SWITCHBOARD_UI_CONFIRM_H
#define SWITCHBOARD_UI_CONFIRM_H

#include <stdbool.h>

struct draw;
struct keymap;
struct mode_stack;

/* The result the mode below gets through its result op. */
#define UI_CONFIRM_NO	0	/* confirm-no, or no answer */
#define UI_CONFIRM_YES	1
#define UI_CONFIRM_OTHER 2	/* any other key: no, or back */

/*
 * Ask question (copied) over the mode on top, in a box of three rows
 * above the status line: confirm-yes answers yes (prompt_confirm),
 * confirm-no no, mode-help opens the help (MODE_HELP), any other key
 * UI_CONFIRM_OTHER; the answer goes to the mode below as its result.
 * false when the stack is full.
 */
bool	ui_confirm_push(struct mode_stack *s, const struct draw *draw,
	    const struct keymap *km, const char *question);

/*
 * Where a question shows: place gives its window on a rows x cols screen
 * (false when none fits: nothing is drawn, the mode below says so).
 * Boxed, title goes on the top border and the question wraps over the
 * rows inside from the second on; bare, it wraps over all its rows (a
 * question over part of another view). Borrowed while it is open.
 */
struct ui_confirm_frame {
	bool		 (*place)(int rows, int cols, int *y, int *x, int *h,
			     int *w);
	bool		  bare;
	const char	*title;
};

/* As ui_confirm_push, in frame's box. */
bool	ui_confirm_push_in(struct mode_stack *s, const struct draw *draw,
	    const struct keymap *km, const char *question,
	    const struct ui_confirm_frame *frame);

#endif
