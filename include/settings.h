/* settings.h: (being written) */
#ifndef SETTINGS_H
#define SETTINGS_H

#endif
