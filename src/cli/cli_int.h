/* cli_int.h: shared between the files of the cli_ module. */
#ifndef CLI_INT_H
#define CLI_INT_H

#include <getopt.h>
#include <jansson.h>
#include <stdio.h>

#include "dl.h"
#include "sync.h"

struct settings;

/* Exit statuses of the command line contract. */
#define CLI_OK		0
#define CLI_FAIL	1
#define CLI_USAGE	2

/* What every subcommand gets: the global options and its own argv
 * (argv[0] is the subcommand name). */
struct cli_ctx {
	const char	*config_dir;	/* --config-dir, or NULL for XDG */
	const char	*db_path;	/* --db, or NULL for XDG */
	const struct settings *set;	/* the config file, or NULL */
	int		 argc;
	char		**argv;
};

/* Parse one option of a subcommand with getopt_long (opterr off); returns
 * the option character, -1 at the end of options, or '?' after printing a
 * one-line error and the usage hint for an unknown option or a missing
 * argument. */
int	 cli_getopt(struct cli_ctx *cx, const char *shortopts,
	     const struct option *longopts);
/* Print "dateline CMD: message" and the usage hint; returns CLI_USAGE. */
int	 cli_usage_error(const struct cli_ctx *cx, const char *fmt, ...)
	     __attribute__((format(printf, 2, 3)));
/* A JSON string for s, or null for NULL; invalid UTF-8 is repaired
 * (U+FFFD), never dropped. */
json_t	*cli_json_str(const char *s);
/* Print "dateline: message" on stderr. Every message printed goes
 * through render_clean: nothing a terminal would act on (escape
 * sequences, C0/C1 controls, bidi overrides) gets out, whatever the
 * arguments hold. */
void	 cli_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Print "dateline CMD: message" on stderr, cleaned as by cli_warn. */
void	 cli_err(const struct cli_ctx *cx, const char *fmt, ...)
	     __attribute__((format(printf, 2, 3)));
/* s (text that may come from the network) on f, cleaned as by
 * render_clean. */
void	 cli_puts(const char *s, FILE *f);
/* obj as JSON text (json_dumps flags), with every character a terminal
 * could act on escaped (\u001b, \u009b, \u202e ...), not only the C0
 * controls jansson escapes. The caller frees it; NULL if jansson fails. */
char	*cli_json_dumps(const json_t *obj, size_t flags);
/* The same, written to f; returns 0, or -1 on a jansson failure. */
int	 cli_json_dumpf(const json_t *obj, FILE *f, size_t flags);

/* For a command whose issue has not landed: says so; returns CLI_FAIL. */
int	 cli_not_yet(const struct cli_ctx *cx);

struct refresh_opts;
struct extract_rules;

/* The config file's fetch limits and prefetch-articles into o, after
 * refresh_opts_init; warns about bad lines (cli_refresh.c). */
void	 cli_refresh_settings(const struct cli_ctx *cx, struct refresh_opts *o);
/* The per-site extraction rules of the config folder (extract-rules);
 * never NULL, the caller frees them (cli_read.c). */
struct extract_rules *cli_read_rules(const struct cli_ctx *cx);

int	 cli_cmd_parse(struct cli_ctx *cx);
int	 cli_cmd_extract(struct cli_ctx *cx);
int	 cli_cmd_refresh(struct cli_ctx *cx);
int	 cli_cmd_sync(struct cli_ctx *cx);
/* With a feed server configured: subscribe to (unsubscribe from) url on
 * it and sync, returning the exit status; -1 when no server is
 * configured (or, for remove, url is not one of the server's feeds):
 * the urls file is the place then (cli_sync.c). */
int	 cli_sync_add(struct cli_ctx *cx, const char *url);
/* How long a second refresh or sync waits for the refresh lock
 * (store_lock_refresh) before giving up. */
#define CLI_REFRESH_LOCK_WAIT_MS	2000
/* The tag of the feed server's feeds in `dateline feeds`. */
#define CLI_SYNC_TAG	SYNC_FEED_TAG
struct subs;
/* Add the feed server's feeds (as the last sync left them) to s, in
 * memory, tagged CLI_SYNC_TAG and their category, for `feeds`. */
void	 cli_sync_feeds_add(const struct cli_ctx *cx, struct subs *s);
int	 cli_sync_remove(struct cli_ctx *cx, const char *url);
int	 cli_cmd_add(struct cli_ctx *cx);
int	 cli_cmd_remove(struct cli_ctx *cx);
int	 cli_cmd_import(struct cli_ctx *cx);
int	 cli_cmd_export(struct cli_ctx *cx);
int	 cli_cmd_feeds(struct cli_ctx *cx);
int	 cli_cmd_items(struct cli_ctx *cx);
int	 cli_cmd_read(struct cli_ctx *cx);
int	 cli_cmd_mark(struct cli_ctx *cx);
int	 cli_cmd_export_story(struct cli_ctx *cx);

#endif
