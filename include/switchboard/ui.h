/* The terminal user interface: curses set-up, layout and the event loop. */
#ifndef SWITCHBOARD_UI_H
#define SWITCHBOARD_UI_H

#include <stdbool.h>
#include <stddef.h>

struct app;
struct config;

/*
 * Whether the terminal on standard input and output can show the
 * interface (it must move the cursor); if not, why in a sentence.
 */
bool	ui_terminal_usable(char *why, size_t size);

/*
 * Before curses ends: on a terminal without an alternate screen (the
 * Linux console), wipe what the interface drew, which would otherwise
 * stay under the shell's prompt.
 */
void	ui_terminal_wipe(void);

/*
 * Run the interface on the terminal until the person quits or a
 * terminating signal arrives; the terminal is restored on every exit path.
 * app and cfg are borrowed. Returns an exit code for main.
 */
int	ui_run(struct app *app, const struct config *cfg);

#endif
