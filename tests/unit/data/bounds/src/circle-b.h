/* Fixture: the other half of an include circle. */
#include "circle-a.h"
