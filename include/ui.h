/* ui.h: (being written) */
#ifndef UI_H
#define UI_H

#endif
