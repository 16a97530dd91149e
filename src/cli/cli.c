/* cli.c: the command line contract of DESIGN.md: global options,
 * --help/--version, and dispatch to the subcommands. */
#include "config.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "charset.h"
#include "cli.h"
#include "cli_int.h"
#include "render.h"
#include "settings.h"
#include "ui.h"

struct cli_command {
	const char	*name;
	int		(*run)(struct cli_ctx *);
	const char	*usage;
	const char	*help;
	int		 own_help;	/* the command prints its own --help */
};

static const struct cli_command cli_commands[] = {
	{ "refresh", cli_cmd_refresh, "refresh [URL...]",
	  "fetch all (or the named) subscriptions, no screen", 0 },
	{ "sync", cli_cmd_sync, "sync",
	  "sync feeds, stories and marks with the feed server", 0 },
	{ "add", cli_cmd_add,
	  "add URL [--title T] [--tag TAG]... [--no-check]",
	  "subscribe to a feed or web page", 1 },
	{ "remove", cli_cmd_remove, "remove URL", "unsubscribe", 1 },
	{ "feeds", cli_cmd_feeds, "feeds [--json]",
	  "subscriptions with unread counts and last error", 0 },
	{ "items", cli_cmd_items,
	  "items [--feed URL] [--unread] [--saved] [--search Q] [--limit N] "
	  "[--json]", "list stories, newest first", 0 },
	{ "read", cli_cmd_read, "read ID [--width N] [--full]",
	  "print the rendered article of an item", 0 },
	{ "mark", cli_cmd_mark,
	  "mark ID... (--read|--unread|--save|--unsave)",
	  "change the read or saved state of items", 0 },
	{ "export-story", cli_cmd_export_story, "export-story ID [-o FILE]",
	  "write the article as Markdown", 0 },
	{ "import", cli_cmd_import, "import FILE.opml",
	  "subscribe to the feeds of an OPML file", 1 },
	{ "export", cli_cmd_export, "export",
	  "print the subscriptions as OPML", 1 },
	{ "parse", cli_cmd_parse, "parse [--url BASE] [--charset CS] FILE|-",
	  "parse one feed document, print JSON", 0 },
	{ "extract", cli_cmd_extract,
	  "extract [--url URL] [--json] [--charset CS] FILE|-",
	  "extract the main article of an HTML page", 0 },
};

#define CLI_NCOMMANDS (sizeof cli_commands / sizeof cli_commands[0])

static void
cli_help(FILE *f)
{
	size_t	 i;

	fprintf(f, "usage: dateline [--config-dir DIR] [--db FILE] "
	    "[COMMAND [ARGS]]\n\n"
	    "A terminal news reader. With no command, start the reader.\n\n"
	    "Commands:\n");
	for (i = 0; i < CLI_NCOMMANDS; i++)
		fprintf(f, "  dateline %s\n      %s\n", cli_commands[i].usage,
		    cli_commands[i].help);
	fprintf(f, "\nOptions:\n"
	    "  --config-dir DIR  configuration folder (default "
	    "$XDG_CONFIG_HOME/dateline)\n"
	    "  --db FILE         cache database (default "
	    "$XDG_DATA_HOME/dateline/dateline.db)\n"
	    "  --dump-config     print the effective configuration\n"
	    "  --help            show this help\n"
	    "  --version         show the version\n");
}

/* prefix, then the message cleaned of anything a terminal would act on
 * (render_clean: messages carry URLs, titles and server text), then a
 * newline, on stderr: the one place errors and warnings are printed. */
static void
cli_vprint(const char *prefix, const char *fmt, va_list ap)
{
	char	*raw, *clean;

	if (vasprintf(&raw, fmt, ap) < 0)
		dl_oom(strlen(fmt));
	clean = render_clean(raw);
	fprintf(stderr, "%s%s\n", prefix, clean);
	free(clean);
	free(raw);
}

void
cli_warn(const char *fmt, ...)
{
	va_list	 ap;

	va_start(ap, fmt);
	cli_vprint("dateline: ", fmt, ap);
	va_end(ap);
}

static void
cli_verr(const struct cli_ctx *cx, const char *fmt, va_list ap)
{
	char	*prefix, *clean;

	clean = render_clean(cx->argv[0]);
	prefix = dl_printf("dateline %s: ", clean);
	cli_vprint(prefix, fmt, ap);
	free(prefix);
	free(clean);
}

void
cli_err(const struct cli_ctx *cx, const char *fmt, ...)
{
	va_list	 ap;

	va_start(ap, fmt);
	cli_verr(cx, fmt, ap);
	va_end(ap);
}

void
cli_puts(const char *s, FILE *f)
{
	char	*clean = render_clean(s);

	fputs(clean, f);
	free(clean);
}

int
cli_not_yet(const struct cli_ctx *cx)
{
	cli_warn("%s: not implemented yet", cx->argv[0]);
	return CLI_FAIL;
}

json_t *
cli_json_str(const char *s)
{
	struct dl_buf	 b;
	json_t		*j;

	if (s == NULL)
		return json_null();
	if ((j = json_string(s)) != NULL)
		return j;
	dl_buf_init(&b, DL_BUF_CAP_DEFAULT);
	charset_utf8_repair(s, strlen(s), &b);
	j = json_string(dl_buf_str(&b));
	dl_buf_clear(&b);
	return j != NULL ? j : json_null();
}

char *
cli_json_dumps(const json_t *obj, size_t flags)
{
	struct dl_buf		 b;
	const unsigned char	*p, *run, *end;
	uint32_t		 cp;
	size_t			 k;
	char			*s;

	if ((s = json_dumps(obj, flags)) == NULL)
		return NULL;
	/* Outside strings jansson writes ASCII only: any byte it left raw
	 * is inside a string, where an escape means the same character. */
	dl_buf_init(&b, SIZE_MAX);
	run = p = (const unsigned char *)s;
	end = p + strlen(s);
	for (; p < end; p++) {
		if (*p < 0x7f || (k = dl_utf8_ctl((const char *)p,
		    (size_t)(end - p), &cp)) == 0)
			continue;
		dl_buf_add(&b, run, (size_t)(p - run));
		dl_buf_addf(&b, "\\u%04X", (unsigned int)cp);
		p += k - 1;
		run = p + 1;
	}
	dl_buf_add(&b, run, (size_t)(end - run));
	free(s);
	return dl_buf_take(&b);
}

int
cli_json_dumpf(const json_t *obj, FILE *f, size_t flags)
{
	char	*s;

	if ((s = cli_json_dumps(obj, flags)) == NULL)
		return -1;
	fputs(s, f);
	free(s);
	return 0;
}

int
cli_usage_error(const struct cli_ctx *cx, const char *fmt, ...)
{
	va_list	 ap;

	va_start(ap, fmt);
	cli_verr(cx, fmt, ap);
	va_end(ap);
	fprintf(stderr, "Try 'dateline --help'.\n");
	return CLI_USAGE;
}

int
cli_getopt(struct cli_ctx *cx, const char *shortopts,
    const struct option *longopts)
{
	char	 opts[64];
	int	 c;

	/* A leading ':' reports a missing argument as ':' not '?'. */
	snprintf(opts, sizeof opts, ":%s", shortopts);
	opterr = 0;
	c = getopt_long(cx->argc, cx->argv, opts, longopts, NULL);
	if (c == ':') {
		cli_usage_error(cx, "option '%s' needs a value",
		    cx->argv[optind - 1]);
		return '?';
	}
	if (c == '?') {
		if (optopt != 0)
			cli_usage_error(cx, "unknown option '-%c'", optopt);
		else
			cli_usage_error(cx, "unknown option '%s'",
			    cx->argv[optind - 1]);
		return '?';
	}
	return c;
}

static const struct cli_command *
cli_find(const char *name)
{
	size_t	 i;

	for (i = 0; i < CLI_NCOMMANDS; i++)
		if (strcmp(cli_commands[i].name, name) == 0)
			return &cli_commands[i];
	return NULL;
}

/* 1 if a subcommand's options ask for help (before any "--"). */
static int
cli_wants_help(int argc, char **argv)
{
	int	 i;

	for (i = 1; i < argc && strcmp(argv[i], "--") != 0; i++)
		if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0)
			return 1;
	return 0;
}

static void
cli_dump_warn(void *arg, const char *msg)
{
	(void)arg;
	cli_warn("%s", msg);
}

/* The config file, loaded once for every command; each of its problems
 * (settings_problem_get) is a warning on stderr: none is ignored
 * silently. *ok is 0 when the file could not be read. */
static struct settings *
cli_config(const struct cli_ctx *cx, int *ok)
{
	struct settings	*s = settings_new();
	struct dl_err	 err = { "" };
	char		*path;

	*ok = 0;
	if ((path = settings_path(cx->config_dir, &err)) == NULL ||
	    settings_load(s, path, cli_dump_warn, NULL, &err) == -1)
		cli_warn("%s (using the default settings)", err.msg);
	else {
		settings_check(s, ui_action_known, cli_dump_warn, NULL);
		*ok = 1;
	}
	free(path);
	return s;
}

/* --dump-config: the config file as loaded, its problems (also on
 * stderr) as comments, every setting included, on stdout. */
static int
cli_dump_config(const struct cli_ctx *cx)
{
	struct settings	*s;
	int		 ok, rc = CLI_FAIL;

	s = cli_config(cx, &ok);
	if (ok && settings_dump(s, stdout) == 0 && fflush(stdout) == 0)
		rc = CLI_OK;
	settings_free(s);
	return rc;
}

/* Global options come before the command; returns the index of the
 * command word, argc if there is none, or -1 after a usage error.
 * *dump is set by --dump-config. */
static int
cli_globals(int argc, char **argv, struct cli_ctx *cx, int *dump)
{
	int	 i;

	for (i = 1; i < argc && argv[i][0] == '-'; i++) {
		if (strcmp(argv[i], "--dump-config") == 0)
			*dump = 1;
		else if (strcmp(argv[i], "--config-dir") == 0 ||
		    strcmp(argv[i], "--db") == 0) {
			if (i + 1 >= argc) {
				cli_warn("option '%s' needs a value", argv[i]);
				return -1;
			}
			if (argv[i][2] == 'c')
				cx->config_dir = argv[++i];
			else
				cx->db_path = argv[++i];
		} else if (strcmp(argv[i], "--help") == 0 ||
		    strcmp(argv[i], "-h") == 0) {
			cli_help(stdout);
			return -2;
		} else if (strcmp(argv[i], "--version") == 0 ||
		    strcmp(argv[i], "-V") == 0) {
			printf("dateline %s\n", PACKAGE_VERSION);
			return -2;
		} else {
			cli_warn("unknown option '%s'", argv[i]);
			return -1;
		}
	}
	return i;
}

int
cli_main(int argc, char **argv)
{
	struct cli_ctx			 cx = { 0 };
	const struct cli_command	*cmd;
	struct settings			*set;
	int				 i, dump = 0, ok, rc;

	i = cli_globals(argc, argv, &cx, &dump);
	if (i == -2)
		return CLI_OK;
	if (i == -1) {
		fprintf(stderr, "Try 'dateline --help'.\n");
		return CLI_USAGE;
	}
	if (dump)
		return cli_dump_config(&cx);
	if (i >= argc)
		return ui_main(cx.config_dir, cx.db_path);
	if ((cmd = cli_find(argv[i])) == NULL) {
		cli_warn("unknown command '%s'", argv[i]);
		fprintf(stderr, "Try 'dateline --help'.\n");
		return CLI_USAGE;
	}
	cx.argc = argc - i;
	cx.argv = argv + i;
	if (!cmd->own_help && cli_wants_help(cx.argc, cx.argv)) {
		printf("usage: dateline %s\n\n%s.\n", cmd->usage, cmd->help);
		return CLI_OK;
	}
	optind = 0;	/* glibc: a full reset of getopt's state */
	set = cli_config(&cx, &ok);
	cx.set = set;
	rc = cmd->run(&cx);
	settings_free(set);
	return rc;
}
