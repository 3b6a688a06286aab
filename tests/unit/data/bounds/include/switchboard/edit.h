/* Fixture: the overlay's header, curses through pane.h. */
#include "switchboard/pane.h"
