/* cli_refresh.c: the refresh subcommand. */
#include "config.h"

#include "cli_int.h"


int
cli_cmd_refresh(struct cli_ctx *cx)
{
	return cli_not_yet(cx);
}
