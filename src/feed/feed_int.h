/* feed_int.h: shared between the files of the feed_ module. */
#ifndef FEED_INT_H
#define FEED_INT_H

#include "feed.h"

#endif
