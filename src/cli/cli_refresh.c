/* cli_refresh.c: the refresh subcommand: every (or the named)
 * subscription refreshed through refresh_, under the store's refresh
 * lock; a live progress line on a terminal, then one summary line and one
 * line per failed feed (DESIGN.md "Command line", issue 3). */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli_int.h"
#include "date.h"
#include "dl.h"
#include "refresh.h"
#include "render.h"
#include "settings.h"
#include "store.h"
#include "subs.h"

#define CLI_REFRESH_CACHE_KB		512	/* see store_set_cache_kb */
/* Most bytes of the lines kept for the end (failures, notes). */
#define CLI_REFRESH_REPORT_MAX		(4u * 1024 * 1024)

struct cli_refresh {
	int		 tty;		/* stderr is a terminal: progress */
	int		 drawn;		/* a progress line is on screen */
	struct dl_buf	 report;	/* lines for stderr at the end */
};

/* s into b cleaned for the terminal (render_clean): the reason may
 * quote the network (a status line, a URL, an element name). */
static void
cli_refresh_clean(struct dl_buf *b, const char *s)
{
	char	*clean = render_clean(s);

	dl_buf_adds(b, clean);
	free(clean);
}

/* One line for the end: "URL: what[ reason]". */
static void
cli_refresh_note(struct cli_refresh *cr, const char *url, const char *what,
    const char *reason)
{
	cli_refresh_clean(&cr->report, url);
	dl_buf_adds(&cr->report, ": ");
	cli_refresh_clean(&cr->report, what);
	if (reason != NULL)
		cli_refresh_clean(&cr->report, reason);
	dl_buf_addc(&cr->report, '\n');
}

static void
cli_refresh_skip_note(struct cli_refresh *cr,
    const struct refresh_feed_result *r)
{
	char	 when[DATE_RFC3339_SIZE], what[128];

	if (r->outcome == REFRESH_SKIP_DEAD) {
		cli_refresh_note(cr, r->url, "skipped: gone (HTTP 410), not "
		    "polled any more; remove it from the urls file", NULL);
		return;
	}
	if (date_format_rfc3339(r->next_fetch, when, sizeof when) == -1)
		snprintf(when, sizeof when, "later");
	snprintf(what, sizeof what, "skipped until %s, backing off after: ",
	    when);
	cli_refresh_note(cr, r->url, what,
	    r->message != NULL ? r->message : "errors");
}

static void
cli_refresh_progress(struct cli_refresh *cr, const struct refresh_stats *s)
{
	if (!cr->tty)
		return;
	fprintf(stderr, "\rrefreshing %zu/%zu \xc2\xb7 %zu new \xc2\xb7 "
	    "%zu error%s\033[K", s->done, s->total, s->added, s->failed,
	    s->failed == 1 ? "" : "s");
	fflush(stderr);
	cr->drawn = 1;
}

static void
cli_refresh_on_feed(void *ctx, const struct refresh_feed_result *r,
    const struct refresh_stats *s)
{
	struct cli_refresh	*cr = ctx;

	switch (r->outcome) {
	case REFRESH_FAILED:
		cli_refresh_note(cr, r->url, "", r->message != NULL ?
		    r->message : refresh_outcome_name(r->outcome));
		break;
	case REFRESH_RECOVERED:
		cli_refresh_note(cr, r->url, "warning: ", r->message);
		break;
	case REFRESH_SKIP_DEAD:
	case REFRESH_SKIP_BACKOFF:
		cli_refresh_skip_note(cr, r);
		break;
	default:
		break;
	}
	if (r->moved_to != NULL && r->outcome != REFRESH_SKIP_DEAD)
		cli_refresh_note(cr, r->url, "moved permanently to ",
		    r->moved_to);
	cli_refresh_progress(cr, s);
}

static void
cli_refresh_warn(void *arg, const char *msg)
{
	(void)arg;
	cli_warn("%s", msg);
}

/* The config file's limits and prefetch-articles into o (after
 * refresh_opts_init). Bad lines and an unreadable file are warned about;
 * the refresh goes on. Also used by read and export-story (cli_int.h). */
void
cli_refresh_settings(const struct cli_ctx *cx, struct refresh_opts *o)
{
	struct settings		*own = NULL;
	const struct settings	*set = cx->set;
	struct dl_err		 err = { "" };
	char			*path = NULL;

	/* cli_main loaded the file once, and warned about it. */
	if (set == NULL && ((path = settings_path(cx->config_dir,
	    &err)) == NULL || settings_load(own = settings_new(), path,
	    cli_refresh_warn, NULL, &err) == -1))
		cli_warn("%s (using the default settings)", err.msg);
	if (set == NULL)
		set = own != NULL ? own : (own = settings_new());
	settings_refresh_opts(set, o);
	free(path);
	settings_free(own);
}

/* Every named URL must be subscribed; returns 0 or CLI_USAGE. */
static int
cli_refresh_check_named(struct cli_ctx *cx, const struct subs *s)
{
	int	 i;

	for (i = optind; i < cx->argc; i++) {
		if (subs_find(s, cx->argv[i]) == NULL)
			return cli_usage_error(cx, "not subscribed: %s (see "
			    "dateline add)", cx->argv[i]);
	}
	return 0;
}

/* The cache, opened (created on first use) and locked for refreshing.
 * NULL after printing why. */
static struct store *
cli_refresh_open_store(const struct cli_ctx *cx)
{
	struct dl_err	 err = { "" };
	struct store	*st = NULL;
	char		*path;

	if (cx->db_path != NULL)
		path = dl_strdup(cx->db_path);
	else if ((path = store_default_path(&err)) == NULL)
		goto fail;
	if ((st = store_open(path, &err)) == NULL)
		goto fail;
	if (store_lock_refresh(st, CLI_REFRESH_LOCK_WAIT_MS,
	    "dateline refresh", &err) == -1)
		goto fail;
	store_set_cache_kb(st, CLI_REFRESH_CACHE_KB);
	free(path);
	return st;
fail:
	cli_err(cx, "%s", err.msg);
	store_close(st);
	free(path);
	return NULL;
}

/* Queue the named subscriptions (forced: the user asked for them), or
 * every one, respecting backoff and dead feeds. Returns 0 or -1. */
static int
cli_refresh_add_all(struct cli_ctx *cx, const struct subs *s,
    struct refresh *rf, struct dl_err *err)
{
	int	 a;

	/* The urls file says whether each is a feed or a hub page (the tag
	 * hub, with its link-pattern option). */
	if (optind < cx->argc) {
		for (a = optind; a < cx->argc; a++)
			if (refresh_add_sub(rf, subs_find(s, cx->argv[a]),
			    REFRESH_FORCE, err) == -1)
				return -1;
		return 0;
	}
	return refresh_add_subs(rf, s, 0, err);
}

/* The end: progress cleared, the notes, then the summary. Returns the
 * exit status: 1 when every feed polled failed. */
static int
cli_refresh_finish(struct cli_refresh *cr, const struct refresh_stats *s)
{
	size_t	 polled = s->ok + s->failed;

	if (cr->drawn)
		fputs("\r\033[K", stderr);
	fputs(dl_buf_str(&cr->report), stderr);
	printf("refreshed %zu feed%s: %zu new stor%s, %zu error%s", polled,
	    polled == 1 ? "" : "s", s->added, s->added == 1 ? "y" : "ies",
	    s->failed, s->failed == 1 ? "" : "s");
	if (s->skipped > 0)
		printf(" (%zu skipped)", s->skipped);
	putchar('\n');
	if (fflush(stdout) != 0)
		return CLI_FAIL;
	return s->failed > 0 && s->ok == 0 ? CLI_FAIL : CLI_OK;
}

static int
cli_refresh_run(struct cli_ctx *cx, const struct subs *s, struct store *st)
{
	struct refresh_callbacks cb = { cli_refresh_on_feed, NULL };
	struct extract_rules	*rules = NULL;
	struct refresh_opts	 opts;
	struct cli_refresh	 cr;
	struct refresh		*rf;
	struct dl_err		 err = { "" };
	int			 rc = CLI_FAIL;

	memset(&cr, 0, sizeof cr);
	cr.tty = isatty(STDERR_FILENO);
	dl_buf_init(&cr.report, CLI_REFRESH_REPORT_MAX);
	refresh_opts_init(&opts);
	cli_refresh_settings(cx, &opts);
	if (opts.prefetch_articles)
		opts.rules = rules = cli_read_rules(cx);
	if ((rf = refresh_new(st, &opts, &cb, &cr, &err)) == NULL)
		goto out;
	if (cli_refresh_add_all(cx, s, rf, &err) == -1)
		goto out;
	cli_refresh_progress(&cr, refresh_stats(rf));
	if (refresh_run(rf, &err) == -1)
		goto out;
	rc = cli_refresh_finish(&cr, refresh_stats(rf));
	err.msg[0] = '\0';
out:
	if (err.msg[0] != '\0') {
		if (cr.drawn)
			fputs("\r\033[K", stderr);
		cli_err(cx, "%s", err.msg);
	}
	refresh_free(rf);
	extract_rules_free(rules);
	dl_buf_clear(&cr.report);
	return rc;
}

int
cli_cmd_refresh(struct cli_ctx *cx)
{
	static const struct option opts[] = { { NULL, 0, NULL, 0 } };
	struct subs	*s;
	struct store	*st = NULL;
	struct dl_err	 err = { "" };
	int		 c, rc;

	while ((c = cli_getopt(cx, "", opts)) != -1)
		if (c == '?')
			return CLI_USAGE;
	if ((s = subs_open(cx->config_dir, 0, cli_refresh_warn, NULL, &c,
	    &err)) == NULL) {
		cli_err(cx, "%s", err.msg);
		return CLI_FAIL;
	}
	if (c)
		cli_warn("wrote the default subscriptions to %s", subs_file(s));
	if ((rc = cli_refresh_check_named(cx, s)) != 0)
		goto out;
	rc = CLI_FAIL;
	if ((st = cli_refresh_open_store(cx)) == NULL)
		goto out;
	rc = cli_refresh_run(cx, s, st);
out:
	store_close(st);
	subs_free(s);
	return rc;
}
