/* cli_items.c: the cache subcommands: feeds, items, read, mark, export-story. */
#include "config.h"

#include "cli_int.h"


int
cli_cmd_feeds(struct cli_ctx *cx)
{
	return cli_not_yet(cx);
}

int
cli_cmd_items(struct cli_ctx *cx)
{
	return cli_not_yet(cx);
}

int
cli_cmd_read(struct cli_ctx *cx)
{
	return cli_not_yet(cx);
}

int
cli_cmd_mark(struct cli_ctx *cx)
{
	return cli_not_yet(cx);
}

int
cli_cmd_export_story(struct cli_ctx *cx)
{
	return cli_not_yet(cx);
}
