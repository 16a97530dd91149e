/* cli_read.c: the read and export-story subcommands (issue 4, "Reading an
 * item"): an item's story chosen from the cache, the feed's own content or
 * its fetched and extracted page, rendered for the terminal or written
 * as Markdown. */
#include "config.h"

#include <errno.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli_int.h"
#include "date.h"
#include "dl.h"
#include "extract.h"
#include "html.h"
#include "refresh.h"
#include "render.h"
#include "store.h"
#include "settings.h"

/* Widths accepted by --width. */
#define CLI_READ_WIDTH_MIN	8
#define CLI_READ_WIDTH_MAX	1000

/* The story of an item: the HTML chosen to show and its base URL, both
 * borrowed from it. */
struct cli_story {
	struct store_item	 it;
	const char		*html;
	const char		*base;
};

/* What a fetch of the story page came to. */
struct cli_read_fetch {
	int	 done;
	int	 stored;
	char	 msg[sizeof ((struct dl_err *)0)->msg];
};

static void
cli_read_rule_warn(void *arg, const char *msg)
{
	(void)arg;
	cli_warn("%s", msg);
}

struct extract_rules *
cli_read_rules(const struct cli_ctx *cx)
{
	return settings_extract_rules(cx->config_dir, cli_read_rule_warn,
	    NULL);
}

/* The item id argument: 0, or CLI_USAGE after saying why. */
static int
cli_read_id(struct cli_ctx *cx, int64_t *id)
{
	long	 n;

	if (optind != cx->argc - 1)
		return cli_usage_error(cx, "expected one item ID");
	if (dl_strtonum(cx->argv[optind], 1, INT64_MAX, &n) == -1)
		return cli_usage_error(cx, "not an item ID: '%s'",
		    cx->argv[optind]);
	*id = n;
	return 0;
}

/* The cache for reading and storing articles: 0 with *st open, or
 * CLI_FAIL after printing why (a missing cache holds no item). */
static int
cli_read_open(const struct cli_ctx *cx, int64_t id, struct store **st)
{
	struct dl_err	 err = { "" };
	char		*path;
	int		 rc = CLI_FAIL;

	*st = NULL;
	if (cx->db_path != NULL)
		path = dl_strdup(cx->db_path);
	else if ((path = store_default_path(&err)) == NULL) {
		cli_err(cx, "%s", err.msg);
		return CLI_FAIL;
	}
	if (access(path, F_OK) == -1)
		cli_err(cx, "no item %" PRId64, id);
	else if ((*st = store_open(path, &err)) == NULL)
		cli_err(cx, "%s", err.msg);
	else
		rc = 0;
	free(path);
	return rc;
}

/* --- Choosing the story ---------------------------------------------------- */

static void
cli_read_on_article(void *ctx, const struct refresh_article_result *r)
{
	struct cli_read_fetch	*f = ctx;

	f->done = 1;
	f->stored = r->stored;
	if (r->stored)		/* a note on the article, if any */
		snprintf(f->msg, sizeof f->msg, "%s", r->note != NULL ?
		    r->note : "");
	else
		snprintf(f->msg, sizeof f->msg, "%s", r->message != NULL ?
		    r->message : "not fetched");
}

/* Fetch, extract and store the item's page through refresh_, with the
 * config file's limits. 0 when an article was stored (msg: a note on it,
 * or ""), else -1 with why in msg. */
static int
cli_read_fetch(const struct cli_ctx *cx, struct store *st, int64_t id,
    char *msg, size_t size)
{
	struct refresh_callbacks cb = { NULL, cli_read_on_article };
	struct cli_read_fetch	 f;
	struct refresh_opts	 o;
	struct refresh		*rf = NULL;
	struct dl_err		 err = { "" };
	int			 rc = -1;

	memset(&f, 0, sizeof f);
	refresh_opts_init(&o);
	cli_refresh_settings(cx, &o);
	o.max_items = 0;	/* reading never removes items */
	o.rules = cli_read_rules(cx);
	if ((rf = refresh_new(st, &o, &cb, &f, &err)) == NULL ||
	    refresh_add_article(rf, id, &err) == -1 ||
	    refresh_run(rf, &err) == -1)
		snprintf(msg, size, "%s", err.msg);
	else {
		snprintf(msg, size, "%s", f.done ? f.msg : "not fetched");
		rc = f.stored ? 0 : -1;
	}
	refresh_free(rf);
	extract_rules_free((struct extract_rules *)o.rules);
	return rc;
}

static int
cli_read_have_article(const struct store_item *it)
{
	return it->article != NULL && it->article->error == NULL &&
	    it->article->html != NULL;
}

static void
cli_read_use_article(struct cli_story *s)
{
	s->html = s->it.article->html;
	s->base = s->it.article->url != NULL ? s->it.article->url :
	    s->it.link;
}

/* The feed's own text: content, else summary. */
static void
cli_read_use_feed(struct cli_story *s)
{
	s->html = s->it.content != NULL && s->it.content[0] != '\0' ?
	    s->it.content : s->it.summary;
	s->base = s->it.link;
}

/* After a fetch that stored an article: read it back from the cache. */
static int
cli_read_reload(struct store *st, struct cli_story *s, struct dl_err *err)
{
	struct store_article	*a = dl_calloc(1, sizeof *a);

	if (store_article_get(st, s->it.id, a, err) != 0) {
		free(a);
		return -1;
	}
	store_article_clear(s->it.article);
	free(s->it.article);
	s->it.article = a;
	return 0;
}

/* The page, fetched; on failure the stored article, else the feed's own
 * text, with one line on stderr naming the page and the reason. */
static void
cli_read_fetch_story(const struct cli_ctx *cx, struct store *st,
    struct cli_story *s)
{
	struct dl_err	 err = { "" };
	char		 msg[sizeof err.msg];

	if (cli_read_fetch(cx, st, s->it.id, msg, sizeof msg) == 0 &&
	    cli_read_reload(st, s, &err) == 0) {
		if (msg[0] != '\0')
			cli_warn("read: %s: %s", s->it.link != NULL ?
			    s->it.link : "(no link)", msg);
		cli_read_use_article(s);
		return;
	}
	if (err.msg[0] != '\0')
		snprintf(msg, sizeof msg, "cache: %.1000s", err.msg);
	cli_err(cx, "%s: %s; showing the %s",
	    s->it.link != NULL ? s->it.link : "(no link)", msg,
	    cli_read_have_article(&s->it) ? "stored article" :
	    "feed's summary");
	if (cli_read_have_article(&s->it))
		cli_read_use_article(s);
	else
		cli_read_use_feed(s);
}

/* Fill s with item id and the story to show: the stored article, else
 * the feed's content when it is the full story (refresh_item_is_full),
 * else (and always with full) the page fetched now. Returns 0, or
 * CLI_FAIL after printing why ("no item 42"). */
static int
cli_read_story(const struct cli_ctx *cx, struct store *st, int64_t id,
    int full, struct cli_story *s)
{
	struct dl_err	 err = { "" };

	memset(s, 0, sizeof *s);
	if (store_item_get(st, id, &s->it, &err) == -1) {
		cli_err(cx, "%s", err.msg);
		return CLI_FAIL;
	}
	if (!full && cli_read_have_article(&s->it))
		cli_read_use_article(s);
	else if (!full && refresh_item_is_full(&s->it))
		cli_read_use_feed(s);
	else
		cli_read_fetch_story(cx, st, s);
	return 0;
}

/* The story's document. A leading heading that repeats the title (pages
 * often put their headline inside the article) is dropped: the header
 * shows the title already. The caller frees it (html_doc_free). */
static struct html_doc *
cli_read_doc(const struct cli_story *s)
{
	struct html_doc		*doc;

	doc = html_doc_parse(s->html, s->html != NULL ? strlen(s->html) : 0,
	    s->base);
	html_doc_drop_title(doc, s->it.title);
	return doc;
}

/* --- read ------------------------------------------------------------------ */

/* "2024-03-01 09:30 UTC" for the published (else updated) date, or "". */
static void
cli_read_date(const struct store_item *it, char *out, size_t size)
{
	char	 d[DATE_RFC3339_SIZE];
	int64_t	 t = it->published != DATE_NONE ? it->published : it->updated;

	if (date_format_rfc3339(t, d, sizeof d) == -1) {
		out[0] = '\0';
		return;
	}
	snprintf(out, size, "%.10s %.5s UTC", d, d + 11);
}

static const char *
cli_read_author(const struct store_item *it)
{
	if (it->author != NULL && it->author[0] != '\0')
		return it->author;
	if (it->article != NULL && it->article->error == NULL)
		return it->article->byline;
	return NULL;
}

/* The header as HTML for render_: the title as a heading, then one line
 * of feed, author and date. */
static char *
cli_read_header_html(const struct store_item *it)
{
	struct dl_buf	 b;
	const char	*author = cli_read_author(it);
	char		 date[64];

	dl_buf_init(&b, DL_BUF_CAP_DEFAULT);
	dl_buf_adds(&b, "<h1>");
	dl_buf_adds_html(&b, it->title != NULL ? it->title :
	    "(no title)", 0);
	dl_buf_adds(&b, "</h1><p>");
	dl_buf_adds_html(&b, it->feed_title != NULL ? it->feed_title :
	    it->feed_url, 0);
	if (author != NULL && author[0] != '\0') {
		dl_buf_adds(&b, " \xc2\xb7 By ");
		dl_buf_adds_html(&b, author, 0);
	}
	cli_read_date(it, date, sizeof date);
	if (date[0] != '\0') {
		dl_buf_adds(&b, " \xc2\xb7 ");
		dl_buf_adds(&b, date);
	}
	dl_buf_adds(&b, "</p>");
	return dl_buf_take(&b);
}

/* Print the header and the story at width. Returns CLI_OK, or CLI_FAIL
 * when stdout could not be written. */
static int
cli_read_print(const struct cli_story *s, int width)
{
	struct render_opts	 o = { width };
	struct render_out	*out;
	struct html_doc		*doc;
	char			*html, *head, *body, *link;

	html = cli_read_header_html(&s->it);
	head = render_html_to_text(html, NULL, width);
	free(html);
	fputs(head, stdout);
	if (s->it.link != NULL) {
		link = render_clean(s->it.link);
		printf("%s\n", link);
		free(link);
	}
	putchar('\n');
	doc = cli_read_doc(s);
	out = render_doc(doc, &o);
	html_doc_free(doc);
	body = render_out_text(out);
	render_out_free(out);
	fputs(body[0] != '\0' ? body : "(no text)\n", stdout);
	free(head);
	free(body);
	return fflush(stdout) == 0 && !ferror(stdout) ? CLI_OK : CLI_FAIL;
}

/* The terminal's width when stdout is one, else 80. */
static int
cli_read_default_width(void)
{
	struct winsize	 ws;

	if (isatty(STDOUT_FILENO) && ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0
	    && ws.ws_col >= CLI_READ_WIDTH_MIN)
		return ws.ws_col;
	return 80;
}

/* read's options: 0, or CLI_USAGE after saying why. */
static int
cli_read_opts(struct cli_ctx *cx, int *full, long *width)
{
	static const struct option opts[] = {
		{ "width", required_argument, NULL, 'w' },
		{ "full", no_argument, NULL, 'f' },
		{ NULL, 0, NULL, 0 }
	};
	int	 c;

	while ((c = cli_getopt(cx, "", opts)) != -1) {
		if (c == 'f')
			*full = 1;
		else if (c != 'w')
			return CLI_USAGE;
		else if (dl_strtonum(optarg, CLI_READ_WIDTH_MIN,
		    CLI_READ_WIDTH_MAX, width) == -1)
			return cli_usage_error(cx, "--width: '%s' is not a "
			    "number from %d to %d", optarg, CLI_READ_WIDTH_MIN,
			    CLI_READ_WIDTH_MAX);
	}
	return 0;
}

int
cli_cmd_read(struct cli_ctx *cx)
{
	struct cli_story	 s;
	struct store		*st;
	int64_t			 id = 0;
	long			 width = 0;
	int			 full = 0, rc;

	if ((rc = cli_read_opts(cx, &full, &width)) != 0 ||
	    (rc = cli_read_id(cx, &id)) != 0)
		return rc;
	if (width == 0)
		width = cli_read_default_width();
	if ((rc = cli_read_open(cx, id, &st)) != 0)
		return rc;
	if ((rc = cli_read_story(cx, st, id, full, &s)) == 0) {
		rc = cli_read_print(&s, (int)width);
		store_item_clear(&s.it);
	}
	store_close(st);
	return rc;
}

/* --- export-story ---------------------------------------------------------- */

/* The story as Markdown (render_markdown), header from the item. */
static char *
cli_read_markdown(const struct cli_story *s)
{
	struct render_md_head	 h;
	char			 date[64];

	cli_read_date(&s->it, date, sizeof date);
	h.title = s->it.title;
	h.author = cli_read_author(&s->it);
	h.feed = s->it.feed_title != NULL ? s->it.feed_title :
	    s->it.feed_url;
	h.date = date;
	h.link = s->it.link;
	return render_markdown(&h, s->html, s->base);
}

/* 1 if out is "-" or names what standard output already is (/dev/stdout,
 * /proc/self/fd/1, a link to them, the file stdout goes to): reopening
 * it would truncate a file stdout appends to. */
static int
cli_read_is_stdout(const char *out)
{
	struct stat	 a, b;

	if (strcmp(out, "-") == 0)
		return 1;
	return stat(out, &a) == 0 && fstat(STDOUT_FILENO, &b) == 0 &&
	    a.st_dev == b.st_dev && a.st_ino == b.st_ino;
}

/* Write the story as Markdown to out: standard output when
 * cli_read_is_stdout, NULL a new file named for the title, else the
 * file out (dl_file_save). Returns CLI_OK, or CLI_FAIL after saying
 * why. */
static int
cli_read_save(const struct cli_ctx *cx, const char *out,
    const struct cli_story *s, int64_t id)
{
	struct dl_err	 err = { "" };
	char		*md = cli_read_markdown(s), *stem, *written = NULL;
	int		 rc = CLI_OK;

	if (out != NULL && cli_read_is_stdout(out)) {
		if (fputs(md, stdout) < 0 || fflush(stdout) != 0) {
			cli_err(cx, "stdout: %s", strerror(errno));
			rc = CLI_FAIL;
		}
		free(md);
		return rc;
	}
	stem = render_slug(s->it.title, id);
	if (dl_file_save(out, stem, md, &written, &err) == -1) {
		cli_err(cx, "%s", err.msg);
		rc = CLI_FAIL;
	} else if (written != NULL) {
		cli_puts(written, stdout);
		putchar('\n');
	}
	free(md);
	free(stem);
	free(written);
	return rc;
}

int
cli_cmd_export_story(struct cli_ctx *cx)
{
	static const struct option opts[] = {
		{ "output", required_argument, NULL, 'o' },
		{ NULL, 0, NULL, 0 }
	};
	struct cli_story	 s;
	struct store		*st;
	const char		*out = NULL;
	int64_t			 id = 0;
	int			 c, rc;

	while ((c = cli_getopt(cx, "o:", opts)) != -1) {
		if (c != 'o')
			return CLI_USAGE;
		out = optarg;
	}
	if ((rc = cli_read_id(cx, &id)) != 0)
		return rc;
	if (out != NULL && out[0] == '\0')
		return cli_usage_error(cx, "-o: an empty file name");
	if ((rc = cli_read_open(cx, id, &st)) != 0)
		return rc;
	if ((rc = cli_read_story(cx, st, id, 0, &s)) == 0) {
		rc = cli_read_save(cx, out, &s, id);
		store_item_clear(&s.it);
	}
	store_close(st);
	return rc;
}
