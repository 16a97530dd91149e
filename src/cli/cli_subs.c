/* cli_subs.c: the subscription subcommands: add (which looks at the page
 * first: a feed, a page advertising feeds, or a hub page, issue 5),
 * remove, import, export (the urls file and OPML, through subs_). */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "dl.h"
#include "extract.h"
#include "feed.h"
#include "fetch.h"
#include "hub.h"
#include "refresh.h"
#include "subs.h"
#include "cli_int.h"

/* A page needs this many stories to be subscribed to as a hub. */
#define CLI_ADD_MIN_STORIES	3

static const char cli_add_help[] =
"usage: dateline add URL [--title T] [--tag TAG]... [--no-check]\n"
"\n"
"Subscribe to URL (http or https), any address copied from a browser.\n"
"The page is fetched once and decides what is subscribed:\n"
"  a feed (RSS, Atom, RDF, JSON Feed, by content): URL itself;\n"
"    prints \"feed: TITLE\";\n"
"  an HTML page advertising feeds (<link rel=alternate>, else <a> links\n"
"    to feed URLs): the first of them; prints \"feed found on the page:\n"
"    TITLE (FEED-URL)\" and \"also offered: URL (TYPE) TITLE\" for the\n"
"    others, which can be added instead;\n"
"  an HTML page with at least 3 story links: URL as a hub page (the tag\n"
"    hub); prints \"hub page: N stories found: TITLE\".\n"
"Anything else is refused (exit 1) with what was found. A tag hub skips\n"
"the feed checks; a tag \"link-pattern:REGEX\" picks a hub's story links\n"
"(see the urls file's header).\n"
"\n"
"A line is appended to the urls file; comments and the order of the\n"
"other lines are kept. --title names the feed (a \"~T\" tag); --tag may\n"
"be given more than once (a tag \"!\" hides the feed). --no-check\n"
"subscribes to URL as given, as a feed (or a hub with --tag hub),\n"
"without fetching it.\n"
"\n"
"Prints \"subscribed: URL\". A URL that is already subscribed is left as\n"
"it is (its title and tags are not changed): prints \"already subscribed:\n"
"URL\" and exits 0. Exit status 2 for a URL that is not http(s), 1 if the\n"
"page cannot be fetched (the reason is named), is refused, or the urls\n"
"file cannot be read or written.\n";

static const char cli_remove_help[] =
"usage: dateline remove URL\n"
"\n"
"Remove the line subscribing to URL from the urls file, keeping comments\n"
"and the other lines. Stored stories stay in the cache. Prints\n"
"\"unsubscribed: URL\"; exits 1 with \"not subscribed: URL\" if no line\n"
"subscribes to it.\n";

static const char cli_import_help[] =
"usage: dateline import FILE.opml\n"
"\n"
"Subscribe to the feeds of an OPML 1.0 or 2.0 file: each outline with an\n"
"xmlUrl; the folders around it and its category attribute become tags,\n"
"its title the feed's title. Only http(s) URLs are accepted; feeds already\n"
"subscribed (or listed twice) are skipped. Prints \"imported N feeds,\n"
"skipped M duplicates, rejected K\". A file that cannot be read or is not\n"
"well-formed changes nothing and exits 1.\n";

static const char cli_export_help[] =
"usage: dateline export\n"
"\n"
"Print the subscriptions as OPML 2.0: one outline per feed with its title,\n"
"and its tags in the category attribute (\"!\" for a hidden feed), which\n"
"dateline import reads back as the same subscriptions.\n";

static const struct option cli_subs_help_opts[] = {
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 }
};

static void
cli_subs_warn(void *arg, const char *msg)
{
	(void)arg;
	cli_warn("%s", msg);
}

/* The subscriptions, the default file written on first use; flags as
 * for subs_open. NULL after printing why. */
static struct subs *
cli_subs_open(const struct cli_ctx *cx, int flags)
{
	struct subs	*s;
	struct dl_err	 e;
	int		 created;

	s = subs_open(cx->config_dir, flags, cli_subs_warn, NULL, &created,
	    &e);
	if (s == NULL) {
		cli_warn("%s", e.msg);
		return NULL;
	}
	if (created)
		cli_warn("wrote the default subscriptions to %s", subs_file(s));
	return s;
}

/* Options of a command that takes only --help and n operands. Returns
 * -1 to go on, else the exit status. */
static int
cli_subs_simple(struct cli_ctx *cx, const char *help, const char *what)
{
	int	 c;

	while ((c = cli_getopt(cx, "h", cli_subs_help_opts)) != -1) {
		if (c != 'h')
			return CLI_USAGE;
		fputs(help, stdout);
		return CLI_OK;
	}
	if (what == NULL && optind != cx->argc)
		return cli_usage_error(cx, "takes no arguments");
	if (what != NULL && optind != cx->argc - 1)
		return cli_usage_error(cx, "needs one %s", what);
	return -1;
}

static const struct option cli_add_opts[] = {
	{ "title", required_argument, NULL, 't' },
	{ "tag", required_argument, NULL, 'g' },
	{ "no-check", no_argument, NULL, 'n' },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 }
};

/* What add knows: its options, then the page it fetched. */
struct cli_add {
	struct cli_ctx		*cx;
	const char		*url;		/* as given */
	const char		*title;		/* --title, or NULL */
	char			**tags;		/* room for argc + 1 */
	size_t			 ntags;
	int			 no_check;
	struct subs_feed	 opts;		/* the tags as the file reads
						   them: hub, link-pattern */
	char			*sub_url;	/* to subscribe, or NULL */
	int			 hub;		/* add the tag hub */
	struct dl_buf		 body;
	char			*base;		/* after redirects */
	char			*charset;	/* the HTTP header's */
	enum fetch_kind		 kind;
	char			 why[512];	/* the fetch in words */
};

/* Read add's options into a. Returns -1 to go on, else the exit
 * status. */
static int
cli_add_options(struct cli_ctx *cx, struct cli_add *a)
{
	int	 c;

	while ((c = cli_getopt(cx, "h", cli_add_opts)) != -1) {
		switch (c) {
		case 't':
			a->title = optarg;
			break;
		case 'g':
			a->tags[a->ntags++] = optarg;
			break;
		case 'n':
			a->no_check = 1;
			break;
		case 'h':
			fputs(cli_add_help, stdout);
			return CLI_OK;
		default:
			return CLI_USAGE;
		}
	}
	if (optind != cx->argc - 1)
		return cli_usage_error(cx, "needs one URL");
	return -1;
}

/* s on stdout without control characters: titles come from the network
 * and must not drive the terminal. */
static void
cli_add_put(const char *s)
{
	const unsigned char	*p = (const unsigned char *)s;

	for (; *p != '\0'; p++) {
		if (*p < 0x20 || *p == 0x7f)
			putchar(' ');
		else if (*p == 0xc2 && p[1] >= 0x80 && p[1] < 0xa0)
			p++;	/* a C1 control */
		else
			putchar(*p);
	}
}

static int
cli_add_on_header(void *ctx, long status, const char *url,
    const char *content_type, const char *charset)
{
	struct cli_add	*a = ctx;

	(void)status;
	(void)content_type;	/* the content decides, not the label */
	free(a->base);
	a->base = dl_strdup(url != NULL ? url : a->url);
	free(a->charset);
	a->charset = charset != NULL ? dl_strdup(charset) : NULL;
	return 0;
}

static int
cli_add_on_data(void *ctx, const char *p, size_t n)
{
	struct cli_add	*a = ctx;

	return dl_buf_add(&a->body, p, n);
}

static void
cli_add_on_done(void *ctx, const struct fetch_result *r)
{
	struct cli_add	*a = ctx;

	a->kind = r->kind;
	snprintf(a->why, sizeof a->why, "%s", r->message != NULL ?
	    r->message : fetch_kind_name(r->kind));
}

/* Fetch a->url once with refresh's limits (config file, test overrides)
 * into a->body. Returns 0, or -1 with a->why saying why. */
static int
cli_add_fetch(struct cli_add *a)
{
	struct refresh_opts	 o;
	struct fetch_req	 req;
	struct fetch		*f;
	struct dl_err		 err = { "" };
	int			 rc = -1;

	refresh_opts_init(&o);
	cli_refresh_settings(a->cx, &o);
	dl_buf_init(&a->body, o.fetch.max_body);
	a->kind = FETCH_OTHER;
	if ((f = fetch_new(&o.fetch, &err)) == NULL) {
		snprintf(a->why, sizeof a->why, "%s", err.msg);
		return -1;
	}
	memset(&req, 0, sizeof req);
	req.url = a->url;
	req.ctx = a;
	req.on_header = cli_add_on_header;
	req.on_data = cli_add_on_data;
	req.on_done = cli_add_on_done;
	if (fetch_add(f, &req, &err) == -1 || fetch_run(f, &err) == -1)
		snprintf(a->why, sizeof a->why, "%s", err.msg);
	else if (a->kind == FETCH_OK)
		rc = 0;
	if (a->base == NULL)
		a->base = dl_strdup(a->url);
	fetch_free(f);
	return rc;
}

/* 1 if the body is a feed whatever its Content-Type (a known format that
 * parses with items or metadata): prints "feed: TITLE". Else 0. */
static int
cli_add_feed(struct cli_add *a)
{
	static const struct feed_callbacks cb = { NULL, NULL };
	struct feed_parser	*p;
	const struct feed_info	*info;
	enum feed_result	 fr;
	int			 yes;

	p = feed_parser_new(&cb, NULL, a->base, a->charset);
	feed_parser_feed(p, dl_buf_str(&a->body), a->body.len);
	fr = feed_parser_finish(p, NULL);
	info = feed_parser_info(p);
	yes = fr != FEED_FAILED && info->format != FEED_FORMAT_UNKNOWN &&
	    (feed_parser_count(p) > 0 || info->title != NULL ||
	    info->link != NULL || info->description != NULL);
	if (yes) {
		fputs("feed: ", stdout);
		cli_add_put(info->title != NULL ? info->title : "(untitled)");
		putchar('\n');
	}
	feed_parser_free(p);
	return yes;
}

/* The feeds a page advertises: the first (that may be subscribed to)
 * becomes a->sub_url, the others are listed. Returns 1 if one was
 * found, else 0. */
static int
cli_add_discover(struct cli_add *a)
{
	struct hub_feed	*v = NULL;
	size_t		 i, n;

	n = hub_discover(dl_buf_str(&a->body), a->body.len, a->base, a->charset, &v);
	for (i = 0; i < n; i++) {
		if (subs_check_url(v[i].url, NULL) == -1)
			continue;
		if (a->sub_url == NULL) {
			a->sub_url = dl_strdup(v[i].url);
			fputs("feed found on the page: ", stdout);
			cli_add_put(v[i].title != NULL ? v[i].title :
			    "(untitled)");
			printf(" (");
			cli_add_put(v[i].url);
			printf(")\n");
			continue;
		}
		fputs("also offered: ", stdout);
		cli_add_put(v[i].url);
		printf(" (%s)", v[i].type != NULL ? v[i].type : "link");
		if (v[i].title != NULL) {
			putchar(' ');
			cli_add_put(v[i].title);
		}
		putchar('\n');
	}
	hub_feeds_free(v, n);
	return a->sub_url != NULL;
}

static void
cli_add_count(void *ctx, const struct feed_item *item)
{
	(void)ctx;
	(void)item;
}

/* The page's title as extract_ reads it; allocated, or NULL. */
static char *
cli_add_page_title(const struct cli_add *a)
{
	struct extract_opts	 o;
	struct extract_result	*x;
	char			*t = NULL;

	memset(&o, 0, sizeof o);
	o.url = a->base;
	o.charset = a->charset;
	x = extract_page(dl_buf_str(&a->body), a->body.len, &o);
	if (x->title != NULL && x->title[0] != '\0')
		t = dl_strdup(x->title);
	extract_result_free(x);
	return t;
}

/* A page with no feed: a hub if it has enough stories. Returns -1 to
 * subscribe, else CLI_FAIL after saying what was found. */
static int
cli_add_hub(struct cli_add *a)
{
	struct hub_opts		 o;
	struct hub_stats	 hs;
	struct dl_err		 err = { "" };
	char			*t;

	o.link_pattern = subs_feed_option(&a->opts, SUBS_OPT_LINK_PATTERN);
	o.charset = a->charset;
	memset(&hs, 0, sizeof hs);
	if (hub_parse(dl_buf_str(&a->body), a->body.len, a->base, &o, cli_add_count,
	    NULL, &hs, &err) == -1) {
		cli_warn("%s: %s", a->url, err.msg);
		return CLI_FAIL;
	}
	if (hs.stories < CLI_ADD_MIN_STORIES) {
		cli_warn("not subscribed: %s: no feed, and not a hub page: "
		    "%zu stor%s among %zu links (at least %d needed)%s%s%s",
		    a->url, hs.stories, hs.stories == 1 ? "y" : "ies",
		    hs.links, CLI_ADD_MIN_STORIES, hs.reason[0] != '\0' ?
		    " (" : "", hs.reason, hs.reason[0] != '\0' ? ")" : "");
		return CLI_FAIL;
	}
	printf("hub page: %zu stories found: ", hs.stories);
	t = cli_add_page_title(a);
	cli_add_put(t != NULL ? t : "(untitled)");
	putchar('\n');
	free(t);
	a->hub = !subs_feed_is_hub(&a->opts);
	return -1;
}

/* Look at the page and decide what to subscribe to. Returns -1 to go on,
 * else the exit status. */
static int
cli_add_check(struct cli_add *a)
{
	if (cli_add_fetch(a) == -1) {
		cli_warn("cannot add %s: %s", a->url, a->why);
		return CLI_FAIL;
	}
	if (subs_feed_is_hub(&a->opts))
		return cli_add_hub(a);
	if (cli_add_feed(a) || cli_add_discover(a))
		return -1;
	return cli_add_hub(a);
}

/* 1 (after saying so) if url is subscribed already, else 0; -1 if the
 * urls file cannot be read. */
static int
cli_add_known(const struct cli_ctx *cx, const char *url)
{
	struct subs	*s;
	int		 r;

	if ((s = cli_subs_open(cx, 0)) == NULL)
		return -1;
	r = subs_find(s, url) != NULL;
	if (r)
		printf("already subscribed: %s\n", url);
	subs_free(s);
	return r;
}

/* Append the subscription, under the urls file's lock. */
static int
cli_add_save(struct cli_add *a)
{
	struct subs	*s;
	struct dl_err	 e;
	const char	*url = a->sub_url != NULL ? a->sub_url : a->url;
	int		 r, rc = CLI_FAIL;

	if (a->hub)
		a->tags[a->ntags++] = (char *)SUBS_TAG_HUB;
	if ((s = cli_subs_open(a->cx, SUBS_EDIT)) == NULL)
		return CLI_FAIL;
	if ((r = subs_add(s, url, a->title, a->tags, a->ntags, &e)) == 1) {
		printf("already subscribed: %s\n", url);
		rc = CLI_OK;
	} else if (r == 0 && subs_save(s, &e) == 0) {
		printf("subscribed: %s\n", url);
		rc = CLI_OK;
	} else
		cli_warn("%s", e.msg);
	subs_free(s);
	return rc;
}

int
cli_cmd_add(struct cli_ctx *cx)
{
	struct cli_add	 a;
	struct dl_err	 e;
	size_t		 i;
	int		 rc;

	memset(&a, 0, sizeof a);
	a.cx = cx;
	a.tags = dl_reallocarray(NULL, (size_t)cx->argc + 1, sizeof *a.tags);
	if ((rc = cli_add_options(cx, &a)) != -1)
		goto out;
	a.url = cx->argv[optind];
	/* Before touching any file: a usage error changes nothing. */
	if (subs_check_url(a.url, &e) == -1) {
		rc = cli_usage_error(cx, "%s", e.msg);
		goto out;
	}
	for (i = 0; i < a.ntags; i++)
		subs_feed_add_tag(&a.opts, a.tags[i]);
	rc = CLI_FAIL;
	if (!a.no_check) {
		if ((rc = cli_add_known(cx, a.url)) != 0) {
			rc = rc == 1 ? CLI_OK : CLI_FAIL;
			goto out;
		}
		if ((rc = cli_add_check(&a)) != -1)
			goto out;
	}
	rc = cli_add_save(&a);
out:
	subs_feed_clear(&a.opts);
	dl_buf_clear(&a.body);
	free(a.sub_url);
	free(a.base);
	free(a.charset);
	free(a.tags);
	return rc;
}

int
cli_cmd_remove(struct cli_ctx *cx)
{
	struct subs	*s;
	struct dl_err	 e;
	const char	*url;
	int		 rc;

	if ((rc = cli_subs_simple(cx, cli_remove_help, "URL")) != -1)
		return rc;
	url = cx->argv[optind];
	if ((s = cli_subs_open(cx, SUBS_EDIT)) == NULL)
		return CLI_FAIL;
	rc = CLI_FAIL;
	if (subs_remove(s, url) == 1)
		cli_warn("not subscribed: %s", url);
	else if (subs_save(s, &e) == -1)
		cli_warn("%s", e.msg);
	else {
		printf("unsubscribed: %s\n", url);
		rc = CLI_OK;
	}
	subs_free(s);
	return rc;
}

int
cli_cmd_import(struct cli_ctx *cx)
{
	struct subs			*s;
	struct subs_import_stats	 st;
	struct dl_err			 e;
	const char			*path;
	int				 rc;

	if ((rc = cli_subs_simple(cx, cli_import_help, "OPML file")) != -1)
		return rc;
	path = cx->argv[optind];
	/* A file that is not there should not create the urls file. */
	if (access(path, R_OK) == -1) {
		fprintf(stderr, "dateline import: %s: %s\n", path,
		    strerror(errno));
		return CLI_FAIL;
	}
	if ((s = cli_subs_open(cx, SUBS_EDIT)) == NULL)
		return CLI_FAIL;
	rc = CLI_FAIL;
	if (subs_import_opml(s, path, &st, &e) == -1)
		fprintf(stderr, "dateline import: %s\n", e.msg);
	else if (st.added > 0 && subs_save(s, &e) == -1)
		cli_warn("%s", e.msg);
	else {
		printf("imported %zu feeds, skipped %zu duplicates, "
		    "rejected %zu\n", st.added, st.duplicates, st.rejected);
		rc = CLI_OK;
	}
	subs_free(s);
	return rc;
}

int
cli_cmd_export(struct cli_ctx *cx)
{
	struct subs	*s;
	struct dl_buf	 b;
	int		 rc;

	if ((rc = cli_subs_simple(cx, cli_export_help, NULL)) != -1)
		return rc;
	if ((s = cli_subs_open(cx, 0)) == NULL)
		return CLI_FAIL;
	dl_buf_init(&b, DL_BUF_CAP_DEFAULT);
	rc = CLI_FAIL;
	if (subs_export_opml(s, &b) == -1)
		cli_warn("export: too many subscriptions to export");
	else if (fwrite(dl_buf_str(&b), 1, b.len, stdout) != b.len ||
	    fflush(stdout) == EOF)
		cli_warn("export: cannot write the output: %s",
		    strerror(errno));
	else
		rc = CLI_OK;
	dl_buf_clear(&b);
	subs_free(s);
	return rc;
}
