/* cli_parse.c: the parse and extract subcommands. */
#include "config.h"

#include "cli_int.h"


int
cli_cmd_parse(struct cli_ctx *cx)
{
	return cli_not_yet(cx);
}

int
cli_cmd_extract(struct cli_ctx *cx)
{
	return cli_not_yet(cx);
}
