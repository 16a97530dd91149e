/* main.c: the dateline program; everything else is in libdateline.a. */
#include "config.h"

#include <locale.h>
#include <malloc.h>

#include "cli.h"
#include "dl.h"

/* GnuTLS, which libcurl's libraries (LDAP, RTMP) bring in, initialises
 * itself when it is loaded unless the program defines this weak hook
 * of the library (or GNUTLS_NO_IMPLICIT_INIT=1 is set): 0.65 MB of peak
 * RSS and 0.8M instructions for every dateline run, for a library only
 * they use, and they call gnutls_global_init themselves first. The
 * linker exports it, as a library of the link refers to it (configure
 * adds --export-dynamic-symbol where it can; tests/startup.sh checks). */
int	 _gnutls_global_init_skip(void);

int
_gnutls_global_init_skip(void)
{
	return 1;
}

int
main(int argc, char **argv)
{
	/* glibc gives an arena's free top back to the system past 128 KB;
	 * memory one thread frees goes back to the arena of the thread that
	 * took it, and a refresh's three threads (loop, parser, writer) each
	 * kept up to that much free in theirs: 16 KB takes 0.5 MB off a
	 * cold refresh's peak RSS, for no measurable time. */
#ifdef M_TRIM_THRESHOLD
	(void)mallopt(M_TRIM_THRESHOLD, 16 * 1024);
#endif
	setlocale(LC_CTYPE, "");
	dl_fd_reserve(DL_FD_RESERVE);
	return cli_main(argc, argv);
}
