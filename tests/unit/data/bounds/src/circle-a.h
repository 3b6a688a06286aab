/* Fixture: one half of an include circle. */
#include "circle-b.h"
