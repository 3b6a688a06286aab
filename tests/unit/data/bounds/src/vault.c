/* Fixture: the vault, the one place for sodium. */
#include "config.h"

#include <sodium.h>
