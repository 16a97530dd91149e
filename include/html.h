/* html.h: (being written) */
#ifndef HTML_H
#define HTML_H

#endif
