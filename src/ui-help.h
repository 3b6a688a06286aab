/* The help mode: the keys of the mode below it, generated from the table. */
#ifndef SWITCHBOARD_UI_HELP_H
#define SWITCHBOARD_UI_HELP_H

#include <stdbool.h>

struct draw;
struct keymap;
struct mode_stack;

/*
 * Push the help for the actions of the contexts in mask (KEYMAP_CTX_*),
 * and with moves the global move keys too (the lists whose context does
 * not fall back to the global one), titled with the name of the mode it
 * explains. It scrolls with the move keys of the key table and closes on
 * any other key. false when the stack is full. km and draw are borrowed
 * while it is open.
 */
bool	ui_help_push(struct mode_stack *s, const struct keymap *km,
	    const struct draw *draw, unsigned int mask, bool moves,
	    const char *title);
/*
 * As ui_help_push, an action refused (refused answers true, with its
 * reason in why) shown dimmed with the reason. refused and arg are used
 * while pushing only.
 */
bool	ui_help_push_refused(struct mode_stack *s, const struct keymap *km,
	    const struct draw *draw, unsigned int mask, const char *title,
	    bool (*refused)(void *arg, int action, char *why, size_t size),
	    void *arg);
/* Whether the help is on the stack. */
bool	ui_help_open(const struct mode_stack *s);

#endif
