/* hub.c: (being written) */
#include "config.h"

#include "dl.h"
