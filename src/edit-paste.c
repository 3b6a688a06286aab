/* A bracketed paste into the editing overlay: text for the focused field. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include <curses.h>

#include "switchboard/edit.h"
#include "switchboard/form.h"
#include "switchboard/textfield.h"
#include "switchboard/util.h"
#include "edit-int.h"

/*
 * Whether a paste has a text field to go to; else say why not. A list or
 * a question takes no paste: its keys are commands.
 */
static bool
edit_paste_target(struct edit_sheet *s)
{
	struct form_field	*f;

	if (s->mode != EDIT_FORM || s->form->count == 0) {
		edit_paste_nowhere(s->ed);
		return (false);
	}
	if (s->readonly[0] != '\0') {
		util_format_text(s->form->message, sizeof s->form->message,
		    "Read-only: %s", s->readonly);
		return (false);
	}
	f = &s->form->fields[s->form->focus];
	if (f->kind != FORM_TEXT) {
		util_format_text(s->form->message, sizeof s->form->message,
		    "Paste ignored: %s is not a text field", f->label);
		return (false);
	}
	return (true);
}

int
edit_paste_nowhere(struct edit *ed)
{
	edit_say(ed, THEME_STATUS_WARNING, "Paste ignored: no text field "
	    "here");
	return (EDIT_REDRAW);
}

/* Code points in UTF-8 text (the paste is valid UTF-8). */
static size_t
edit_paste_chars(const char *text)
{
	size_t	n = 0;

	for (; *text != '\0'; text++)
		n += ((unsigned char)*text & 0xc0) != 0x80;
	return (n);
}

int
edit_paste(struct edit_sheet *s, const char *text, const char *note)
{
	struct form_field	*f;
	struct sb_error		 err;
	size_t			 before;

	if (!edit_paste_target(s))
		return (EDIT_REDRAW);
	f = &s->form->fields[s->form->focus];
	before = textfield_chars(&f->tf);
	sb_error_clear(&err);
	s->form->message[0] = '\0';
	if (textfield_insert(&f->tf, text, &err) != SB_OK)
		snprintf(f->error, sizeof f->error, "Full: this field holds at "
		    "most %zu characters; %zu pasted characters left out",
		    f->tf.max_chars, edit_paste_chars(text) -
		    (textfield_chars(&f->tf) - before));
	else if (note != NULL && *note != '\0')
		snprintf(f->error, sizeof f->error, "Pasted: %s", note);
	else
		f->error[0] = '\0';
	if (s->ops->changed != NULL)
		s->ops->changed(s);
	return (EDIT_REDRAW);
}
