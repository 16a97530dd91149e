/* hub.h: (being written) */
#ifndef HUB_H
#define HUB_H

#endif
