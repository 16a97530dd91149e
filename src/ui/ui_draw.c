/* ui_draw.c: (being written) */
#include "config.h"

#include "ui_int.h"
