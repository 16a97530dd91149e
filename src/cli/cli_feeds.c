/* cli_feeds.c: the feeds subcommand: each subscription of the urls file
 * joined with its cache state (counts, last refresh, error, dead, moved),
 * as aligned text or as JSON (DESIGN.md "Command line", issue 3). */
#include "config.h"

#include <inttypes.h>
#include <jansson.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli_int.h"
#include "date.h"
#include "dl.h"
#include "render.h"
#include "store.h"
#include "subs.h"

/* The widest the title column grows, in terminal columns. */
#define CLI_FEEDS_TITLE_COLS	40

/* One row: a subscription and its cache row (NULL if never refreshed). */
struct cli_feeds_row {
	const struct subs_feed	*sub;
	const struct store_feed	*cache;
	char			*title;		/* clean, for display */
	char			*state;		/* clean, for display */
	char			*url;		/* clean, for display */
};

/* s (NULL is "") cleaned of control characters and escape sequences and
 * cut to max display columns, ending in "..." when cut; *cols gets its
 * width. A feed title must not be able to drive the terminal. Allocated. */
static char *
cli_feeds_fit(const char *s, int max, int *cols)
{
	char	*t;

	t = render_truncate(s != NULL ? s : "", max, 0);
	*cols = render_width(t, strlen(t));
	return t;
}

/* The title shown: the urls file's "~Title", else the feed's own, else
 * the URL. Borrowed. */
static const char *
cli_feeds_title(const struct subs_feed *sub, const struct store_feed *f)
{
	if (sub->title != NULL && *sub->title != '\0')
		return sub->title;
	if (f != NULL && f->title != NULL && *f->title != '\0')
		return f->title;
	return sub->url;
}

/* 1 if sub is one of the feed server's (cli_sync_feeds_add). */
static int
cli_feeds_on_server(const struct subs_feed *sub)
{
	size_t	 i;

	for (i = 0; i < sub->ntags; i++)
		if (strcmp(sub->tags[i], CLI_SYNC_TAG) == 0)
			return 1;
	return 0;
}

/* "ok", "new", "error: WHY", "dead (WHY)", "moved to URL", joined with
 * "; ", then "next try TIME" and "hidden" when they hold. Raw: the
 * caller cleans it. Allocated. */
static char *
cli_feeds_state(const struct subs_feed *sub, const struct store_feed *f)
{
	struct dl_buf	 b;
	char		 when[DATE_RFC3339_SIZE];

	dl_buf_init(&b, DL_BUF_CAP_DEFAULT);
	if (f == NULL || f->last_fetch == DATE_NONE)
		dl_buf_adds(&b, "new");
	else if (f->dead)
		dl_buf_addf(&b, "dead (%s)", f->last_error != NULL ?
		    f->last_error : "HTTP 410 Gone");
	else if (f->last_error != NULL)
		dl_buf_addf(&b, "error: %s", f->last_error);
	else
		dl_buf_adds(&b, "ok");
	if (f != NULL && f->moved_to != NULL)
		dl_buf_addf(&b, "; moved to %s", f->moved_to);
	if (f != NULL && f->page_feed != NULL)
		dl_buf_addf(&b, "; page \xe2\x86\x92 %s", f->page_feed);
	else if (f != NULL && f->page_hub && !subs_feed_is_hub(sub))
		dl_buf_adds(&b, "; hub");
	if (f != NULL && !f->dead && f->last_error != NULL &&
	    f->next_fetch != DATE_NONE && f->next_fetch > (int64_t)dl_now() &&
	    date_format_rfc3339(f->next_fetch, when, sizeof when) == 0)
		dl_buf_addf(&b, "; next try %s", when);
	if (sub->hidden)
		dl_buf_adds(&b, "; hidden");
	if (cli_feeds_on_server(sub))
		dl_buf_adds(&b, "; on the feed server");
	return dl_buf_take(&b);
}

static int
cli_feeds_cmp_url(const void *a, const void *b)
{
	const struct store_feed	*x = a, *y = b;

	return strcmp(x->url, y->url);
}

/* The cache row of url in v (sorted by URL), or NULL. */
static const struct store_feed *
cli_feeds_find(const struct store_feed *v, size_t n, const char *url)
{
	struct store_feed	 key;

	if (n == 0)
		return NULL;
	memset(&key, 0, sizeof key);
	key.url = (char *)url;
	return bsearch(&key, v, n, sizeof *v, cli_feeds_cmp_url);
}

/* Read the cache's feeds, sorted by URL. Without a cache file there are
 * none (nothing is created). Returns 0, or -1 after printing why. */
static int
cli_feeds_cache(const struct cli_ctx *cx, struct store_feed **v, size_t *n)
{
	struct dl_err	 err = { "" };
	struct store	*st = NULL;
	char		*path;
	int		 rc = -1;

	*v = NULL;
	*n = 0;
	if (cx->db_path != NULL)
		path = dl_strdup(cx->db_path);
	else if ((path = store_default_path(&err)) == NULL)
		goto out;
	if (access(path, F_OK) == -1)
		rc = 0;
	else if ((st = store_open(path, &err)) != NULL &&
	    store_feeds_list(st, v, n, &err) == 0 &&
	    store_feeds_pages(st, *v, *n, &err) == 0) {
		if (*n > 0)	/* no feeds may mean *v == NULL */
			qsort(*v, *n, sizeof **v, cli_feeds_cmp_url);
		rc = 0;
	}
out:
	if (rc == -1)
		cli_err(cx, "%s", err.msg);
	store_close(st);
	free(path);
	return rc;
}

/* A cleaned JSON string, or null for NULL. */
static json_t *
cli_feeds_jstr(const char *s)
{
	json_t	*j;
	char	*t;

	if (s == NULL)
		return json_null();
	t = render_clean(s);
	j = json_string(t);
	free(t);
	return j != NULL ? j : json_null();
}

static json_t *
cli_feeds_jdate(int64_t t)
{
	char	 buf[DATE_RFC3339_SIZE];

	if (t == DATE_NONE || date_format_rfc3339(t, buf, sizeof buf) == -1)
		return json_null();
	return json_string(buf);
}

static json_t *
cli_feeds_json(const struct subs_feed *sub, const struct store_feed *f)
{
	json_t	*o, *tags;
	size_t	 i;

	o = json_object();
	tags = json_array();
	for (i = 0; i < sub->ntags; i++)
		json_array_append_new(tags, cli_feeds_jstr(sub->tags[i]));
	json_object_set_new(o, "url", cli_feeds_jstr(sub->url));
	json_object_set_new(o, "title", cli_feeds_jstr(cli_feeds_title(sub,
	    f)));
	json_object_set_new(o, "tags", tags);
	json_object_set_new(o, "hidden", json_boolean(sub->hidden));
	json_object_set_new(o, "unread", json_integer(f ? f->unread : 0));
	json_object_set_new(o, "total", json_integer(f ? f->total : 0));
	json_object_set_new(o, "last_refresh", cli_feeds_jdate(f ?
	    f->last_fetch : DATE_NONE));
	json_object_set_new(o, "last_status", f && f->last_status != 0 ?
	    json_integer(f->last_status) : json_null());
	json_object_set_new(o, "last_error", cli_feeds_jstr(f ?
	    f->last_error : NULL));
	json_object_set_new(o, "dead", json_boolean(f && f->dead));
	json_object_set_new(o, "moved_to", cli_feeds_jstr(f ? f->moved_to :
	    NULL));
	json_object_set_new(o, "page_feed", cli_feeds_jstr(f ? f->page_feed :
	    NULL));
	json_object_set_new(o, "page_hub", json_boolean(f && f->page_hub));
	json_object_set_new(o, "next_refresh", cli_feeds_jdate(f &&
	    !f->dead && f->fail_count > 0 ? f->next_fetch : DATE_NONE));
	return o;
}

static void
cli_feeds_print_json(const struct subs *s, const struct store_feed *v,
    size_t n)
{
	const struct subs_feed	*sub;
	json_t			*o;
	size_t			 i;

	fputs("[", stdout);
	for (i = 0; i < subs_count(s); i++) {
		sub = subs_get(s, i);
		o = cli_feeds_json(sub, cli_feeds_find(v, n, sub->url));
		fputs(i == 0 ? "\n" : ",\n", stdout);
		cli_json_dumpf(o, stdout, JSON_PRESERVE_ORDER | JSON_COMPACT);
		json_decref(o);
	}
	fputs(subs_count(s) > 0 ? "\n]\n" : "]\n", stdout);
}

/* Spaces to pad a cell of cols columns to width. */
static void
cli_feeds_pad(int cols, int width)
{
	for (; cols < width; cols++)
		putchar(' ');
}

static void
cli_feeds_print_row(const struct cli_feeds_row *r, int tcols, int tw,
    int uw)
{
	const struct store_feed	*f = r->cache;
	char			 when[DATE_RFC3339_SIZE];

	if (f == NULL || f->last_fetch == DATE_NONE ||
	    date_format_rfc3339(f->last_fetch, when, sizeof when) == -1)
		snprintf(when, sizeof when, "never");
	printf("%6" PRId64 "  %5" PRId64 "  %-20s  %s", f ? f->unread : 0,
	    f ? f->total : 0, when, r->title);
	cli_feeds_pad(tcols, tw);
	printf("  %s", r->url);
	cli_feeds_pad((int)strlen(r->url), uw);
	printf("  %s\n", r->state);
}

/* Aligned columns: counts, last refresh, title, URL, state. */
static void
cli_feeds_print_text(const struct subs *s, const struct store_feed *v,
    size_t n)
{
	struct cli_feeds_row	*rows;
	size_t			 i, nr = subs_count(s);
	int			*cols, tw = 5, uw = 3;
	char			*raw;

	rows = dl_calloc(nr + 1, sizeof *rows);
	cols = dl_calloc(nr + 1, sizeof *cols);
	for (i = 0; i < nr; i++) {
		rows[i].sub = subs_get(s, i);
		rows[i].cache = cli_feeds_find(v, n, rows[i].sub->url);
		rows[i].title = cli_feeds_fit(cli_feeds_title(rows[i].sub,
		    rows[i].cache), CLI_FEEDS_TITLE_COLS, &cols[i]);
		raw = cli_feeds_state(rows[i].sub, rows[i].cache);
		rows[i].state = render_clean(raw);
		free(raw);
		rows[i].url = render_clean(rows[i].sub->url);
		tw = cols[i] > tw ? cols[i] : tw;
		if ((int)strlen(rows[i].url) > uw)
			uw = (int)strlen(rows[i].url);
	}
	printf("UNREAD  TOTAL  LAST REFRESH          TITLE");
	cli_feeds_pad(5, tw);
	printf("  URL");
	cli_feeds_pad(3, uw);
	printf("  STATE\n");
	for (i = 0; i < nr; i++) {
		cli_feeds_print_row(&rows[i], cols[i], tw, uw);
		free(rows[i].title);
		free(rows[i].state);
		free(rows[i].url);
	}
	free(cols);
	free(rows);
}

static void
cli_feeds_warn(void *arg, const char *msg)
{
	(void)arg;
	cli_warn("%s", msg);
}

int
cli_cmd_feeds(struct cli_ctx *cx)
{
	static const struct option opts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ NULL, 0, NULL, 0 }
	};
	struct store_feed	*v = NULL;
	struct subs		*s;
	struct dl_err		 err = { "" };
	size_t			 n = 0;
	int			 c, json = 0, rc = CLI_FAIL;

	while ((c = cli_getopt(cx, "j", opts)) != -1) {
		if (c != 'j')
			return CLI_USAGE;
		json = 1;
	}
	if (optind < cx->argc)
		return cli_usage_error(cx, "unexpected argument '%s'",
		    cx->argv[optind]);
	if ((s = subs_open(cx->config_dir, 0, cli_feeds_warn, NULL, &c,
	    &err)) == NULL) {
		cli_err(cx, "%s", err.msg);
		return CLI_FAIL;
	}
	if (c)
		cli_warn("wrote the default subscriptions to %s", subs_file(s));
	cli_sync_feeds_add(cx, s);
	if (cli_feeds_cache(cx, &v, &n) == 0) {
		if (json)
			cli_feeds_print_json(s, v, n);
		else
			cli_feeds_print_text(s, v, n);
		rc = fflush(stdout) == 0 ? CLI_OK : CLI_FAIL;
	}
	store_feeds_free(v, n);
	subs_free(s);
	return rc;
}
