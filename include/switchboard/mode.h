/* Modes: every view over the panes behind one interface, on one stack. */
#ifndef SWITCHBOARD_MODE_H
#define SWITCHBOARD_MODE_H

#include <stdbool.h>
#include <stddef.h>

/*
 * A mode is a view with its own state: a form, a question, a list over
 * the panes, the help. It draws itself, takes the keys and pastes while
 * it is on top, and closes by asking to be popped with a result, which
 * the mode below gets through its result op. A mode never calls into
 * the mode that pushed it: it only returns flags and a result.
 *
 * Every op but key may be NULL. The flags are MODE_*; MODE_CLOSE pops
 * the mode (the stack then calls its close op and hands its result,
 * set with mode_stack_set_result, to the one below). A result op that
 * answers MODE_CLOSE pops its mode in turn, handing its result down.
 */
#define MODE_REDRAW	0x01
#define MODE_RELOAD	0x02	/* something was written: query again */
#define MODE_CLOSE	0x04	/* pop this mode */
#define MODE_PASS	0x08	/* not taken: the global keys may have it */
#define MODE_HELP	0x10	/* open the help for the top mode */

struct mode_ops {
	const char	*name;
	/* Its key table contexts now (KEYMAP_CTX_*), for the help. */
	unsigned int	(*context)(void *state);
	void		(*draw)(void *state, int rows, int cols);
	int		(*key)(void *state, int wch, bool code);
	int		(*paste)(void *state, const char *text,
			    const char *note);
	void		(*resize)(void *state, int rows, int cols);
	/* The mode above closed with result: MODE_* flags. */
	int		(*result)(void *state, int result);
	/* Popped: release what the state holds (not the state's owner). */
	void		(*close)(void *state);
	/*
	 * Where the terminal's cursor goes while it is on top (screen row
	 * and column, as last drawn), for screen readers; false: hidden.
	 */
	bool		(*cursor)(void *state, int *y, int *x);
};

struct mode {
	const struct mode_ops	*ops;
	void			*state;		/* borrowed */
	int			 result;	/* handed down when popped */
};

#define MODE_STACK_MAX	8

/* Embedded in its owner: mode_stack_init, mode_stack_clear. */
struct mode_stack {
	struct mode	modes[MODE_STACK_MAX];
	size_t		count;
};

void		 mode_stack_init(struct mode_stack *s);
/* Pop every mode, top first, with their close ops. */
void		 mode_stack_clear(struct mode_stack *s);
/* Push a mode; false (nothing pushed) when the stack is full. */
bool		 mode_stack_push(struct mode_stack *s,
		     const struct mode_ops *ops, void *state);
/*
 * Pop the top mode: its close op, then the new top's result op with the
 * popped mode's result. Returns the result op's flags (0 without one).
 */
int		 mode_stack_pop(struct mode_stack *s);
/* The top mode, or NULL when only the panes are showing. */
struct mode	*mode_stack_top(struct mode_stack *s);
/* The mode below the top one, or NULL. */
struct mode	*mode_stack_below(struct mode_stack *s);
/* Whether a mode with ops is on the stack. */
bool		 mode_stack_has(const struct mode_stack *s,
		     const struct mode_ops *ops);
/* The result the top mode hands down when it is popped. */
void		 mode_stack_set_result(struct mode_stack *s, int result);
/*
 * A key or a paste for the top mode; MODE_CLOSE in its answer pops it.
 * Returns the flags of both (MODE_PASS with no mode, or no paste op).
 */
int		 mode_stack_key(struct mode_stack *s, int wch, bool code);
int		 mode_stack_paste(struct mode_stack *s, const char *text,
		     const char *note);
/* Draw every mode, bottom first, so the top one shows over the rest. */
void		 mode_stack_draw(struct mode_stack *s, int rows, int cols);
void		 mode_stack_resize(struct mode_stack *s, int rows, int cols);
/* The top mode's cursor op: false with none, or no cursor op. */
bool		 mode_stack_cursor(struct mode_stack *s, int *y, int *x);

/*
 * A paste op for a mode that takes no text (a question, a list): the
 * paste is no answer and goes nowhere (NULL would pass it below).
 */
int		 mode_paste_ignored(void *state, const char *text,
		     const char *note);

#endif
