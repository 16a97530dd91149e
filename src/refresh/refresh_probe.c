/* refresh_probe.c: what a URL given to subscribe to turns out to be (a
 * feed, a page advertising feeds, a hub page, or none of these), fetched
 * once on a fetch loop of its own that a caller may step from its own
 * event loop; nothing is printed (`dateline add` and the reader's `a`). */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dl.h"
#include "extract.h"
#include "feed.h"
#include "fetch.h"
#include "hub.h"
#include "refresh.h"
#include "subs.h"

struct refresh_probe {
	struct fetch			*f;
	char				*url;		/* as given */
	char				*link_pattern;	/* or NULL */
	int				 hub_only;
	int				 done;
	struct dl_buf			 body;
	char				*base;		/* after redirects */
	char				*charset;	/* the header's */
	enum fetch_kind			 kind;
	char				 why[512];	/* the fetch in words */
	struct refresh_probe_result	 r;
};

const char *
refresh_probe_kind_name(enum refresh_probe_kind k)
{
	switch (k) {
	case REFRESH_PROBE_FEED:
		return "feed";
	case REFRESH_PROBE_DISCOVERED:
		return "feed found on page";
	case REFRESH_PROBE_HUB:
		return "hub";
	case REFRESH_PROBE_REFUSED:
		return "not a feed";
	case REFRESH_PROBE_INVALID:
		return "invalid";
	case REFRESH_PROBE_FETCH_FAILED:
		break;
	}
	return "not fetched";
}

void
refresh_probe_result_clear(struct refresh_probe_result *r)
{
	free(r->url);
	free(r->title);
	free(r->reason);
	hub_feeds_free(r->offered, r->noffered);
	memset(r, 0, sizeof *r);
}

/* 1 if the body is a feed whatever its Content-Type (a known format that
 * parses with items or metadata), its title in r; else 0. */
static int
refresh_probe_feed(const char *body, size_t len, const char *base,
    const char *charset, struct refresh_probe_result *r)
{
	static const struct feed_callbacks cb = { NULL, NULL };
	struct feed_parser	*p;
	const struct feed_info	*info;
	enum feed_result	 fr;
	int			 yes;

	p = feed_parser_new(&cb, NULL, base, charset);
	feed_parser_feed(p, body, len);
	fr = feed_parser_finish(p, NULL);
	info = feed_parser_info(p);
	yes = fr != FEED_FAILED && info->format != FEED_FORMAT_UNKNOWN &&
	    (feed_parser_count(p) > 0 || info->title != NULL ||
	    info->link != NULL || info->description != NULL);
	if (yes && info->title != NULL)
		r->title = dl_strdup(info->title);
	feed_parser_free(p);
	return yes;
}

/* The feeds a page advertises that may be subscribed to: the first
 * becomes r->url, the others r->offered. 1 if one was found, else 0. */
static int
refresh_probe_discover(const char *body, size_t len, const char *base,
    const char *charset, struct refresh_probe_result *r)
{
	struct hub_feed	*v = NULL;
	size_t		 i, n;

	n = hub_discover(body, len, base, charset, &v);
	r->offered = dl_reallocarray(NULL, n + 1, sizeof *r->offered);
	for (i = 0; i < n; i++) {
		if (subs_check_url(v[i].url, NULL) == -1)
			continue;
		if (r->url == NULL) {
			r->url = dl_strdup(v[i].url);
			if (v[i].title != NULL)
				r->title = dl_strdup(v[i].title);
			continue;
		}
		r->offered[r->noffered++] = v[i];
		memset(&v[i], 0, sizeof v[i]);	/* taken */
	}
	hub_feeds_free(v, n);
	return r->url != NULL;
}

static void
refresh_probe_count(void *ctx, const struct feed_item *item)
{
	(void)ctx;
	(void)item;
}

/* The page's title as extract_ reads it; allocated, or NULL. */
static char *
refresh_probe_page_title(const char *body, size_t len, const char *base,
    const char *charset)
{
	struct extract_opts	 o;
	struct extract_result	*x;
	char			*t = NULL;

	memset(&o, 0, sizeof o);
	o.url = base;
	o.charset = charset;
	x = extract_page(body, len, &o);
	if (x->title != NULL && x->title[0] != '\0')
		t = dl_strdup(x->title);
	extract_result_free(x);
	return t;
}

/* A page with no feed: a hub if it has enough stories, else refused
 * with what was found. */
static void
refresh_probe_hub(const char *body, size_t len, const char *url,
    const char *base, const char *charset, const char *link_pattern,
    struct refresh_probe_result *r)
{
	struct hub_opts		 o;
	struct hub_stats	 hs;
	struct dl_err		 err = { "" };

	o.link_pattern = link_pattern;
	o.charset = charset;
	memset(&hs, 0, sizeof hs);
	if (hub_parse(body, len, base, &o, refresh_probe_count, NULL, &hs,
	    &err) == -1) {
		r->kind = REFRESH_PROBE_INVALID;
		r->reason = dl_strdup(err.msg);
		return;
	}
	r->stories = hs.stories;
	r->links = hs.links;
	if (hs.stories < REFRESH_PROBE_MIN_STORIES) {
		r->kind = REFRESH_PROBE_REFUSED;
		r->reason = dl_printf("no feed, and not a hub page: %zu stor%s "
		    "among %zu links (at least %d needed)%s%s%s", hs.stories,
		    hs.stories == 1 ? "y" : "ies", hs.links,
		    REFRESH_PROBE_MIN_STORIES, hs.reason[0] != '\0' ? " (" : "",
		    hs.reason, hs.reason[0] != '\0' ? ")" : "");
		return;
	}
	r->kind = REFRESH_PROBE_HUB;
	r->url = dl_strdup(url);
	r->title = refresh_probe_page_title(body, len, base, charset);
}

void
refresh_probe_decide(const char *body, size_t len, const char *url,
    const char *base, const char *charset, const char *link_pattern,
    int hub_only, struct refresh_probe_result *r)
{
	memset(r, 0, sizeof *r);
	if (base == NULL)
		base = url;
	if (!hub_only && refresh_probe_feed(body, len, base, charset, r)) {
		r->kind = REFRESH_PROBE_FEED;
		r->url = dl_strdup(url);
		return;
	}
	if (!hub_only && refresh_probe_discover(body, len, base, charset, r)) {
		r->kind = REFRESH_PROBE_DISCOVERED;
		return;
	}
	refresh_probe_result_clear(r);
	refresh_probe_hub(body, len, url, base, charset, link_pattern, r);
}

static int
refresh_probe_on_header(void *ctx, long status, const char *url,
    const char *content_type, const char *charset)
{
	struct refresh_probe	*p = ctx;

	(void)status;
	(void)content_type;	/* the content decides, not the label */
	free(p->base);
	p->base = dl_strdup(url != NULL ? url : p->url);
	free(p->charset);
	p->charset = charset != NULL ? dl_strdup(charset) : NULL;
	return 0;
}

static int
refresh_probe_on_data(void *ctx, const char *data, size_t n)
{
	struct refresh_probe	*p = ctx;

	return dl_buf_add(&p->body, data, n);
}

/* The page is in (or not): decide, once. */
static void
refresh_probe_finish(struct refresh_probe *p)
{
	if (p->done)
		return;
	p->done = 1;
	if (p->kind != FETCH_OK) {
		memset(&p->r, 0, sizeof p->r);
		p->r.kind = REFRESH_PROBE_FETCH_FAILED;
		p->r.reason = dl_strdup(p->why);
	} else
		refresh_probe_decide(dl_buf_str(&p->body), p->body.len, p->url,
		    p->base, p->charset, p->link_pattern, p->hub_only, &p->r);
	dl_buf_clear(&p->body);
}

static void
refresh_probe_on_done(void *ctx, const struct fetch_result *res)
{
	struct refresh_probe	*p = ctx;

	p->kind = res->kind;
	snprintf(p->why, sizeof p->why, "%s", res->message != NULL ?
	    res->message : fetch_kind_name(res->kind));
	refresh_probe_finish(p);
}

/* The fetch could not start or its loop failed: done, failed. */
static void
refresh_probe_fail(struct refresh_probe *p, const struct dl_err *err)
{
	p->kind = FETCH_OTHER;
	snprintf(p->why, sizeof p->why, "%.*s", (int)sizeof p->why - 1, err->msg);
	fetch_free(p->f);
	p->f = NULL;
	refresh_probe_finish(p);
}

struct refresh_probe *
refresh_probe_new(const struct fetch_opts *opts, const char *url,
    const char *link_pattern, int hub_only)
{
	struct refresh_probe	*p = dl_calloc(1, sizeof *p);
	struct fetch_req	 req;
	struct dl_err		 err = { "" };

	p->url = dl_strdup(url);
	p->link_pattern = link_pattern != NULL ? dl_strdup(link_pattern) :
	    NULL;
	p->hub_only = hub_only;
	p->kind = FETCH_OTHER;
	dl_buf_init(&p->body, opts != NULL && opts->max_body > 0 ?
	    opts->max_body : FETCH_MAX_BODY);
	if ((p->f = fetch_new(opts, &err)) == NULL) {
		refresh_probe_fail(p, &err);
		return p;
	}
	memset(&req, 0, sizeof req);
	req.url = p->url;
	req.ctx = p;
	req.on_header = refresh_probe_on_header;
	req.on_data = refresh_probe_on_data;
	req.on_done = refresh_probe_on_done;
	if (fetch_add(p->f, &req, &err) == -1)
		refresh_probe_fail(p, &err);
	return p;
}

int
refresh_probe_step(struct refresh_probe *p, int timeout_ms, int extra_fd)
{
	struct dl_err	 err = { "" };
	int		 r;

	if (p->done)
		return 0;
	if ((r = fetch_poll(p->f, timeout_ms, extra_fd, &err)) == -1) {
		refresh_probe_fail(p, &err);
		return 0;
	}
	return r;
}

void
refresh_probe_run(struct refresh_probe *p)
{
	while (!p->done)
		refresh_probe_step(p, 1000, -1);
}

int
refresh_probe_done(const struct refresh_probe *p)
{
	return p->done;
}

const struct refresh_probe_result *
refresh_probe_result(const struct refresh_probe *p)
{
	return p->done ? &p->r : NULL;
}

const char *
refresh_probe_url(const struct refresh_probe *p)
{
	return p->url;
}

void
refresh_probe_free(struct refresh_probe *p)
{
	if (p == NULL)
		return;
	fetch_free(p->f);
	refresh_probe_result_clear(&p->r);
	dl_buf_clear(&p->body);
	free(p->url);
	free(p->link_pattern);
	free(p->base);
	free(p->charset);
	free(p);
}
