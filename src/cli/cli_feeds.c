/* cli_feeds.c: the feeds subcommand: subscriptions with their cache state. */
#include "config.h"

#include "cli_int.h"

int
cli_cmd_feeds(struct cli_ctx *cx)
{
	return cli_not_yet(cx);
}
