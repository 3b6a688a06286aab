/* Fixture: a UI file whose header crosses the line, not it. */
#include "config.h"

#include <curses.h>

#include "switchboard/leaky.h"
