/* Fixture: a public header that drags libpq into its includers. */
#include <libpq-fe.h>
