/* feed_xml.c: (being written) */
#include "config.h"

#include "feed_int.h"
