/* The emergency view: the call list drawn over the panes (curses). */
#ifndef SWITCHBOARD_EMERGENCY_H
#define SWITCHBOARD_EMERGENCY_H

#include <stdbool.h>
#include <stddef.h>

#include "switchboard/keymap.h"
#include "switchboard/theme.h"

struct draw;
struct store_async;
struct store_rows;

/*
 * The view, drawn over the panes and open at most once. Reads go through
 * sa on slot; the UI hands each result for that slot to emergency_take.
 * notify puts a message on the status line. Created with emergency_create
 * (everything borrowed), freed with emergency_free.
 */
struct emergency;

#define EMERGENCY_REDRAW	0x01
#define EMERGENCY_COPY_PHONE	0x02	/* copy emergency_copy_text */
#define EMERGENCY_COPY_EMAIL	0x04
#define EMERGENCY_PASS		0x08	/* *pass: an action for the UI */
#define EMERGENCY_ASK		0x10	/* ask emergency_question */

struct emergency *emergency_create(struct store_async *sa, int slot,
		     const struct draw *draw, const struct keymap *km,
		     void (*notify)(void *, enum theme_role, const char *),
		     void *arg);
void		 emergency_free(struct emergency *em);

bool		 emergency_active(const struct emergency *em);

/* Open for the organizations in org_ids (n 0: all in scope) and read. */
void		 emergency_open(struct emergency *em,
		     const char *const *org_ids, size_t n);

/* Read again (the data changed), if open. */
void		 emergency_reload(struct emergency *em);

/* A finished read for the slot; rows NULL when it failed. */
void		 emergency_take(struct emergency *em, struct store_rows *rows);

/*
 * A key while open (get_wch value; code for KEY_* codes). Returns
 * EMERGENCY_* flags; with EMERGENCY_PASS, *pass is an action the UI
 * handles (quit, help).
 */
int		 emergency_key(struct emergency *em, int wch, bool code,
		     enum keymap_action *pass);

/*
 * A bracketed paste (text as paste_end gives it, note what was changed in
 * it): into the open prompt as typed text, else ignored with a message.
 */
void		 emergency_paste(struct emergency *em, const char *text,
		     const char *note);

/*
 * The yes/no question the view asks after EMERGENCY_ASK (overwrite the
 * export's file?), and its answer.
 */
const char	*emergency_question(const struct emergency *em);
void		 emergency_answer(struct emergency *em, bool yes);

/* The selected contact's mobile ("phone") or email, NULL if none. */
const char	*emergency_copy_text(struct emergency *em, const char *kind);

/* Draw the view in rows x cols below the header (wnoutrefresh only). */
void		 emergency_draw(struct emergency *em, int rows, int cols);

/*
 * Where the terminal's cursor goes, as last drawn: the start of the
 * selected line, or the prompt's insertion point. False when not drawn.
 */
bool		 emergency_cursor(struct emergency *em, int *y, int *x);

#endif
