/* extract.h: (being written) */
#ifndef EXTRACT_H
#define EXTRACT_H

#endif
