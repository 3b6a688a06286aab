/* The prompts: one line of text over a text field, and yes or no. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "switchboard/keymap.h"
#include "switchboard/prompt.h"
#include "switchboard/textfield.h"
#include "switchboard/util.h"

void
prompt_init(struct prompt *p, size_t max_chars, int safe_flags)
{
	memset(p, 0, sizeof *p);
	textfield_init(&p->tf, max_chars, safe_flags);
	p->before = xstrdup("");
}

void
prompt_clear(struct prompt *p)
{
	textfield_clear(&p->tf);
	free(p->before);
	p->before = NULL;
}

void
prompt_open(struct prompt *p, const char *text)
{
	textfield_set(&p->tf, text, NULL);
	free(p->before);
	p->before = xstrdup(textfield_text(&p->tf));
	p->selected = p->tf.len > 0;
}

void
prompt_set(struct prompt *p, const char *text)
{
	textfield_set(&p->tf, text, NULL);
	p->selected = false;
}

const char *
prompt_text(const struct prompt *p)
{
	return (textfield_text(&p->tf));
}

const char *
prompt_before(const struct prompt *p)
{
	return (p->before);
}

/* Keys that change the text; the others of textfield_key move. */
static bool
prompt_key_edits(int key)
{
	switch (key) {
	case KEYMAP_KEY_BACKSPACE:
	case KEYMAP_KEY_DC:
	case KEYMAP_KEY_CTRL('d'):
	case KEYMAP_KEY_CTRL('w'):
	case KEYMAP_KEY_CTRL('k'):
	case KEYMAP_KEY_CTRL('u'):
		return (true);
	default:
		return (false);
	}
}

/*
 * A key of the field while the answer is selected: an edit takes the
 * whole selection away, a move leaves it for the start or the end.
 */
static enum prompt_event
prompt_key_selected(struct prompt *p, int key)
{
	p->selected = false;
	if (prompt_key_edits(key)) {
		textfield_set(&p->tf, "", NULL);
		return (PROMPT_CHANGED);
	}
	if (key == KEYMAP_KEY_LEFT || key == KEYMAP_KEY_CTRL('b') ||
	    key == KEYMAP_KEY_HOME || key == KEYMAP_KEY_CTRL('a'))
		textfield_home(&p->tf);
	else
		textfield_end(&p->tf);
	return (PROMPT_MOVED);
}

enum prompt_event
prompt_key(struct prompt *p, const struct keymap *km, int wch, bool code)
{
	int			key = keymap_key_normalize(wch);
	enum keymap_action	a = keymap_lookup(km, KEYMAP_CTX_SEARCH, key);
	size_t			len = p->tf.len;

	if (a == KEYMAP_SEARCH_ACCEPT) {
		p->selected = false;
		return (PROMPT_ACCEPT);
	}
	if (a == KEYMAP_SEARCH_CANCEL) {
		textfield_set(&p->tf, p->before, NULL);
		p->selected = false;
		return (PROMPT_CANCEL);
	}
	if (code || wch < 0x20 || wch == 0x7f) {
		if (!textfield_key(&p->tf, key))
			return (PROMPT_NONE);
		/*
		 * The answer was selected: the text is the one it opened
		 * with, and the key acts on the selection instead.
		 */
		if (p->selected) {
			textfield_set(&p->tf, p->before, NULL);
			return (prompt_key_selected(p, key));
		}
		return (prompt_key_edits(key) && p->tf.len != len ?
		    PROMPT_CHANGED : PROMPT_MOVED);
	}
	if (p->selected) {
		textfield_set(&p->tf, "", NULL);
		p->selected = false;
	}
	textfield_insert_cp(&p->tf, (unsigned int)wch, NULL);
	return (PROMPT_CHANGED);
}

enum sb_status
prompt_paste(struct prompt *p, const char *text, struct sb_error *err)
{
	if (p->selected) {
		textfield_set(&p->tf, "", NULL);
		p->selected = false;
	}
	return (textfield_insert(&p->tf, text, err));
}

int
prompt_view(struct prompt *p, int width, size_t *start)
{
	return (textfield_view(&p->tf, width, start));
}

bool
prompt_confirm(const struct keymap *km, int key)
{
	return (keymap_lookup(km, KEYMAP_CTX_CONFIRM, key) ==
	    KEYMAP_CONFIRM_YES);
}
