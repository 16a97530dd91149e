/* render.h: (being written) */
#ifndef RENDER_H
#define RENDER_H

#endif
