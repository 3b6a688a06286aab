/* Fixture: the libpq side of the db, for the data layer only. */
#include <libpq-fe.h>
