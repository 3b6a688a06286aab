/* Fixture: the command line, which may not include sodium. */
#include "config.h"

#  include <sodium.h>
