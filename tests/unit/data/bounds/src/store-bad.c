/* Fixture: the data layer, which may include curses no more than the UI. */
#include "config.h"

#include <curses.h>
