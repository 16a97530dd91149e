/* ui_int.h: (being written) */
#ifndef UI_INT_H
#define UI_INT_H

#endif
