/* cli.h: the command line: global options and the headless subcommands. */
#ifndef CLI_H
#define CLI_H

/* Run dateline with its arguments; returns the process exit status
 * (0 success, 1 failure, 2 usage error). */
int	 cli_main(int argc, char **argv);

#endif
