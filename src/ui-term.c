/* Whether this terminal can run the interface, asked before anything starts. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include <curses.h>
#include <term.h>

#include "switchboard/term-safe.h"
#include "switchboard/ui.h"

bool
ui_terminal_usable(char *why, size_t size)
{
	const char	*term = getenv("TERM");
	char		*safe, *cup;
	int		 status = 0;
	bool		 usable = false;

	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		snprintf(why, size, "the interface needs a terminal, and "
		    "standard input or output is not one");
		return false;
	}
	safe = term_safe_dup(term != NULL ? term : "", TERM_SAFE_SPACE);
	if (term == NULL || *term == '\0')
		snprintf(why, size, "TERM is not set, so the interface cannot "
		    "tell what the terminal can do");
	else if (setupterm(NULL, STDOUT_FILENO, &status) != OK)
		snprintf(why, size, "the terminal type \"%s\" (TERM) is not "
		    "known on this machine", safe);
	else if ((cup = tigetstr("cup")) == NULL || cup == (char *)-1 ||
	    tigetflag("hc") > 0)
		snprintf(why, size, "this terminal (TERM=%s) cannot move the "
		    "cursor, which the interface needs", safe);
	else
		usable = true;
	if (cur_term != NULL)
		del_curterm(cur_term);
	free(safe);
	return usable;
}

void
ui_terminal_wipe(void)
{
	char	*smcup = tigetstr("smcup");

	if (isendwin() || (smcup != NULL && smcup != (char *)-1))
		return;
	erase();
	wnoutrefresh(stdscr);
	doupdate();
}
