/* Fixture: a pane that reaches libpq through the data layer's header. */
#include "config.h"

#include "switchboard/pane.h"
#include "switchboard/db-pq.h"
