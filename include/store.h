/* store.h: (being written) */
#ifndef STORE_H
#define STORE_H

#endif
