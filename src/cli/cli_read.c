/* cli_read.c: the read and export-story subcommands. */
#include "config.h"

#include "cli_int.h"

int
cli_cmd_read(struct cli_ctx *cx)
{
	return cli_not_yet(cx);
}

int
cli_cmd_export_story(struct cli_ctx *cx)
{
	return cli_not_yet(cx);
}
