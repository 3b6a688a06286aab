/* The prompts: one line of text to answer, and one yes/no question. */
#ifndef SWITCHBOARD_PROMPT_H
#define SWITCHBOARD_PROMPT_H

#include <stdbool.h>
#include <stddef.h>

#include "switchboard/error.h"
#include "switchboard/textfield.h"

struct keymap;

/*
 * A single-line prompt over a text field (no curses: the caller draws
 * prompt_text with the cursor at prompt_view). It opens with an answer
 * filled in and selected, so typing replaces it; the editing keys of
 * textfield_key (C-u, C-w, C-a, C-e, Left, Right, ...) edit it, a move
 * first leaving the selection; Enter (search-accept) accepts and Esc
 * (search-cancel) puts back the text it opened with and closes it, and
 * does nothing else.
 *
 * Embedded in its owner: prompt_init, prompt_clear.
 */
struct prompt {
	struct textfield	 tf;
	char			*before;	/* the text it opened with */
	bool			 selected;	/* typing replaces the text */
};

/* What a key did to the prompt. */
enum prompt_event {
	PROMPT_NONE,		/* not a key of the prompt's */
	PROMPT_MOVED,		/* the cursor moved, the text is the same */
	PROMPT_CHANGED,		/* the text changed */
	PROMPT_ACCEPT,		/* Enter: take the text */
	PROMPT_CANCEL		/* Esc: the text is the one it opened with */
};

void		 prompt_init(struct prompt *p, size_t max_chars,
		     int safe_flags);
void		 prompt_clear(struct prompt *p);
/* Open with text (NULL: none) filled in and selected. */
void		 prompt_open(struct prompt *p, const char *text);
/* Put text in as if typed: not selected; Esc still goes back. */
void		 prompt_set(struct prompt *p, const char *text);
/* The text now (borrowed until the next edit), and the one it opened with. */
const char	*prompt_text(const struct prompt *p);
const char	*prompt_before(const struct prompt *p);
/*
 * A key (get_wch value; code for KEY_* codes). km gives Enter and Esc
 * (search-accept, search-cancel); other keys are the field's.
 */
enum prompt_event prompt_key(struct prompt *p, const struct keymap *km,
		     int wch, bool code);
/* A paste, as typed text: it replaces a selected answer. */
enum sb_status	 prompt_paste(struct prompt *p, const char *text,
		     struct sb_error *err);
/*
 * Where to draw in width cells: *start is the byte offset of the text to
 * draw from; returns the cursor's column.
 */
int		 prompt_view(struct prompt *p, int width, size_t *start);

/* The confirm prompt: whether key answers its question yes. */
bool		 prompt_confirm(const struct keymap *km, int key);

#endif
