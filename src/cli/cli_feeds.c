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
};

/* Columns a code point takes: 2 for the East Asian wide ranges. */
static int
cli_feeds_cp_width(uint32_t cp)
{
	static const uint32_t wide[][2] = {
		{ 0x1100, 0x115f }, { 0x2e80, 0x303e }, { 0x3041, 0x33ff },
		{ 0x3400, 0x4dbf }, { 0x4e00, 0x9fff }, { 0xa000, 0xa4cf },
		{ 0xac00, 0xd7a3 }, { 0xf900, 0xfaff }, { 0xfe30, 0xfe4f },
		{ 0xff00, 0xff60 }, { 0xffe0, 0xffe6 }, { 0x1f300, 0x1f64f },
		{ 0x20000, 0x3fffd }
	};
	size_t	 i;

	for (i = 0; i < sizeof wide / sizeof wide[0]; i++)
		if (cp >= wide[i][0] && cp <= wide[i][1])
			return 2;
	return 1;
}

/* Length of the valid UTF-8 sequence at p and its code point, or 0. */
static size_t
cli_feeds_utf8(const unsigned char *p, uint32_t *cp)
{
	size_t	 n, i;

	n = *p < 0x80 ? 1 : *p >= 0xc2 && *p < 0xe0 ? 2 :
	    (*p & 0xf0) == 0xe0 ? 3 : *p >= 0xf0 && *p < 0xf5 ? 4 : 0;
	*cp = n == 1 ? *p : n == 2 ? *p & 0x1f : n == 3 ? *p & 0x0f : *p & 7;
	for (i = 1; i < n; i++) {
		if ((p[i] & 0xc0) != 0x80)
			return 0;
		*cp = (*cp << 6) | (p[i] & 0x3f);
	}
	if ((n == 3 && (*cp < 0x800 || (*cp >= 0xd800 && *cp < 0xe000))) ||
	    (n == 4 && (*cp < 0x10000 || *cp > 0x10ffff)))
		return 0;
	return n;
}

/* s (NULL is "") as valid UTF-8 without control characters or escape
 * sequences, cut to max columns (0: no cut); *cols gets its width. A feed
 * title must not be able to drive the terminal. Allocated. */
static char *
cli_feeds_clean(const char *s, int max, int *cols)
{
	const unsigned char	*p = (const unsigned char *)(s ? s : "");
	struct dl_buf		 b;
	uint32_t		 cp;
	size_t			 n;
	int			 w, width = 0;

	dl_buf_init(&b, DL_BUF_CAP_DEFAULT);
	for (; *p != '\0'; p += n) {
		if ((n = cli_feeds_utf8(p, &cp)) == 0) {
			n = 1;
			cp = 0xfffd;
		}
		if (cp == 0x1b && p[1] == '[') {
			for (n = 2; p[n] >= 0x20 && p[n] < 0x40; n++)
				;
			n += p[n] >= 0x40 && p[n] < 0x7f;
			continue;
		}
		if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0))
			cp = cp == '\t' || cp == '\n' ? ' ' : 0;
		if (cp == 0)
			continue;
		w = cli_feeds_cp_width(cp);
		if (max > 0 && width + w > max)
			break;
		width += w;
		if (cp == 0xfffd || cp == ' ')
			dl_buf_adds(&b, cp == ' ' ? " " : "\xef\xbf\xbd");
		else
			dl_buf_add(&b, p, n);
	}
	if (cols != NULL)
		*cols = width;
	return dl_buf_take(&b);
}

/* As cli_feeds_clean, ending in "…" when it had to be cut. */
static char *
cli_feeds_fit(const char *s, int max, int *cols)
{
	struct dl_buf	 b;
	char		*t;

	t = cli_feeds_clean(s, 0, cols);
	if (*cols <= max)
		return t;
	free(t);
	dl_buf_init(&b, DL_BUF_CAP_DEFAULT);
	t = cli_feeds_clean(s, max - 1, cols);
	dl_buf_adds(&b, t);
	dl_buf_adds(&b, "\xe2\x80\xa6");
	(*cols)++;
	free(t);
	return dl_buf_take(&b);
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
	if (f != NULL && !f->dead && f->last_error != NULL &&
	    f->next_fetch != DATE_NONE && f->next_fetch > (int64_t)dl_now() &&
	    date_format_rfc3339(f->next_fetch, when, sizeof when) == 0)
		dl_buf_addf(&b, "; next try %s", when);
	if (sub->hidden)
		dl_buf_adds(&b, "; hidden");
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
	    store_feeds_list(st, v, n, &err) == 0) {
		qsort(*v, *n, sizeof **v, cli_feeds_cmp_url);
		rc = 0;
	}
out:
	if (rc == -1)
		fprintf(stderr, "dateline %s: %s\n", cx->argv[0], err.msg);
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
	t = cli_feeds_clean(s, 0, NULL);
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
		json_dumpf(o, stdout, JSON_PRESERVE_ORDER | JSON_COMPACT);
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
	printf("  %s", r->sub->url);
	cli_feeds_pad((int)strlen(r->sub->url), uw);
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
		rows[i].state = cli_feeds_clean(raw, 0, NULL);
		free(raw);
		tw = cols[i] > tw ? cols[i] : tw;
		if ((int)strlen(rows[i].sub->url) > uw)
			uw = (int)strlen(rows[i].sub->url);
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
		fprintf(stderr, "dateline %s: %s\n", cx->argv[0], err.msg);
		return CLI_FAIL;
	}
	if (c)
		cli_warn("wrote the default subscriptions to %s", subs_file(s));
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
