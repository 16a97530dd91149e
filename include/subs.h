/* subs.h: (being written) */
#ifndef SUBS_H
#define SUBS_H

#endif
