/* ui_items.c: (being written) */
#include "config.h"

#include "ui_int.h"
