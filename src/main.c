/* main.c: the dateline program; everything else is in libdateline.a. */
#include "config.h"

#include <locale.h>

#include "cli.h"

int
main(int argc, char **argv)
{
	setlocale(LC_CTYPE, "");
	return cli_main(argc, argv);
}
