/* Fixture: the panes' header, with curses. */
#include <curses.h>
