/* fetch.h: (being written) */
#ifndef FETCH_H
#define FETCH_H

#endif
