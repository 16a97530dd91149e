/* refresh.h: (being written) */
#ifndef REFRESH_H
#define REFRESH_H

#endif
