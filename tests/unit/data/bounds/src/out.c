/* Fixture: a known crossing, on the debt list. */
#include "config.h"

#include <ncursesw/curses.h>
