/* cli_subs.c: the subscription subcommands: add, remove, import, export. */
#include "config.h"

#include "cli_int.h"


int
cli_cmd_add(struct cli_ctx *cx)
{
	return cli_not_yet(cx);
}

int
cli_cmd_remove(struct cli_ctx *cx)
{
	return cli_not_yet(cx);
}

int
cli_cmd_import(struct cli_ctx *cx)
{
	return cli_not_yet(cx);
}

int
cli_cmd_export(struct cli_ctx *cx)
{
	return cli_not_yet(cx);
}
