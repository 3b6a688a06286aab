/* Fixture: plain C that reaches curses two headers down. */
#include "config.h"

#include "switchboard/edit.h"
