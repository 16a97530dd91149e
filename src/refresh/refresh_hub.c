/* refresh_hub.c: subscriptions to hub pages: the page read whole, turned
 * into story items by hub_parse and committed like a feed's. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "dl.h"
#include "extract.h"
#include "feed.h"
#include "fetch.h"
#include "hub.h"
#include "refresh_int.h"
#include "store.h"
#include "subs.h"

/* --- Hub pages (issue 5) ------------------------------------------------- */

int
refresh_add_hub(struct refresh *rf, const char *url, const char *link_pattern,
    int flags, struct dl_err *err)
{
	if (refresh_add(rf, url, "hub", flags, err) == -1)
		return -1;
	/* refresh_job_new put the new job at the head of rf->jobs, and no
	 * callback has run yet: the pattern is there before the page is. */
	if (link_pattern != NULL)
		rf->jobs->link_pattern = dl_strdup(link_pattern);
	return 0;
}

int
refresh_add_sub(struct refresh *rf, const struct subs_feed *f, int flags,
    struct dl_err *err)
{
	const char	*pf;
	char		*line;
	int		 rc;

	/* An edited line or a refresh asked for by name: fetch it now. */
	line = subs_feed_format(f);
	rc = store_feed_forget_backoff(rf->st, f->url, line,
	    flags & REFRESH_FORCE, err);
	free(line);
	if (rc == -1)
		return -1;
	if (subs_feed_is_hub(f))
		rc = refresh_add_hub(rf, f->url, subs_feed_option(f,
		    SUBS_OPT_LINK_PATTERN), flags, err);
	else
		rc = refresh_add(rf, f->url, "feed", flags, err);
	if (rc == -1)
		return -1;
	/* The new job is at the head of rf->jobs, as in refresh_add_hub. */
	pf = subs_feed_option(f, SUBS_OPT_PREFETCH);
	if (pf != NULL && (strcmp(pf, "yes") == 0 || strcmp(pf, "no") == 0))
		rf->jobs->prefetch = strcmp(pf, "yes") == 0;
	return 0;
}

int
refresh_add_subs(struct refresh *rf, const struct subs *s, int flags,
    struct dl_err *err)
{
	size_t	 i;
	int	 rc = 0;

	if (store_group_begin(rf->st, err) == -1)
		return -1;
	for (i = 0; i < subs_count(s) && rc == 0; i++)
		rc = refresh_add_sub(rf, subs_get(s, i), flags, err);
	/* What was queued keeps its feed row, even after an error. */
	if (store_group_commit(rf->st, rc == 0 ? err : NULL) == -1)
		rc = -1;
	return rc;
}

/* A hub page is parsed whole (gumbo needs the document): keep the bytes,
 * the URL they came from and the header's charset. */
int
refresh_hub_on_header(struct refresh_job *j, const char *url,
    const char *charset)
{
	free(j->hub_base);
	j->hub_base = dl_strdup(url != NULL ? url : j->url);
	free(j->hub_charset);
	j->hub_charset = charset != NULL ? dl_strdup(charset) : NULL;
	dl_buf_clear(&j->hub_page);
	dl_buf_init(&j->hub_page, j->rf->opts.fetch.max_body > 0 ?
	    j->rf->opts.fetch.max_body : FETCH_MAX_BODY);
	return 0;
}

int
refresh_hub_on_data(struct refresh_job *j, const char *p, size_t n)
{
	if (j->hub_base == NULL)
		refresh_hub_on_header(j, NULL, NULL);
	return dl_buf_add(&j->hub_page, p, n);
}

/* The page's title (as extract_ reads it: <title>, og:title, without the
 * site's suffix) becomes the feed's, as a feed's own title does.
 * Allocated, or NULL. */
static char *
refresh_hub_title(struct refresh_job *j)
{
	struct extract_opts	 o;
	struct extract_result	*x;
	char			*title = NULL;

	memset(&o, 0, sizeof o);
	o.url = j->hub_base;
	o.charset = j->hub_charset;
	x = extract_page(j->hub_page.data, j->hub_page.len, &o);
	if (x->title != NULL && x->title[0] != '\0')
		title = dl_strdup(x->title);
	extract_result_free(x);
	return title;
}

/* The stories of a hub page into the batch, in page order, which goes to
 * the writer (1). A page that yields none is a failed refresh (a changed
 * layout must not look like an empty feed); like every failure it writes
 * and deletes nothing (0). */
int
refresh_hub_parsed(struct refresh_job *j, const struct fetch_result *r,
    char *msg, size_t size, struct refresh_feed_result *res)
{
	struct hub_opts		 o = { j->link_pattern, j->hub_charset };
	struct hub_stats	 hs;
	struct dl_err		 herr = { "" };
	char			*title;

	memset(&hs, 0, sizeof hs);
	j->batch = store_batch_begin(j->rf->st, j->feed_id);
	if (hub_parse(j->hub_page.data, j->hub_page.len, j->hub_base != NULL ?
	    j->hub_base : j->url, &o, refresh_on_item, j, &hs, &herr) == -1)
		snprintf(msg, size, "hub page: %s", herr.msg);
	else if (j->store_failed)
		snprintf(msg, size, "%s", j->err.msg);
	else if (hs.stories == 0)
		snprintf(msg, size, "hub page: no stories found (%s)",
		    hs.reason[0] != '\0' ? hs.reason : "no links");
	else {
		title = refresh_hub_title(j);
		dl_buf_clear(&j->hub_page);
		refresh_submit(j, r, REFRESH_UPDATED, NULL, title);
		free(title);
		return 1;
	}
	refresh_failed(j, r, msg, res);
	return 0;
}

/* --- Untagged lines that are pages (issue 14) ---------------------------- */

void
refresh_page_init(struct refresh_job *j)
{
	char	*feed = NULL;
	int	 hub = 0;

	if (j->hub)
		return;
	j->page = 1;
	/* Best effort: without what was remembered, the page is decided
	 * again. */
	if (store_feed_get_page(j->rf->st, j->feed_id, &feed, &hub,
	    NULL) == -1)
		return;
	if (hub) {
		j->hub = 1;
		j->page = 0;
	}
	j->fetch_url = feed;
}

/* 1 if the Content-Type header names an HTML page (parameters after
 * ';' aside). */
static int
refresh_page_is_html(const char *ct)
{
	static const char *const types[] = { "text/html",
	    "application/xhtml+xml" };
	size_t	 i, n;

	if (ct == NULL)
		return 0;
	ct += strspn(ct, " \t");
	for (i = 0; i < sizeof types / sizeof types[0]; i++) {
		n = strlen(types[i]);
		if (strncasecmp(ct, types[i], n) == 0 &&
		    strchr(" \t;", ct[n]) != NULL)
			return 1;	/* strchr finds the NUL too */
	}
	return 0;
}

/* An HTML answer to an untagged line (not to the feed its page
 * advertised): read whole, like a hub page, to be decided. */
int
refresh_page_on_header(struct refresh_job *j, const char *url,
    const char *content_type, const char *charset)
{
	j->page_body = j->page && j->fetch_url == NULL &&
	    refresh_page_is_html(content_type);
	if (!j->page_body)
		return 0;
	refresh_hub_on_header(j, url, charset);
	return 1;
}

/* An answer not labelled HTML that starts as an HTML document does
 * (after a BOM and blanks): read whole and decided as a page too. Only
 * its first bytes are looked at, before any reach the parser. */
int
refresh_page_sniff(struct refresh_job *j, const char *p, size_t n)
{
	static const char *const starts[] = { "<!doctype html", "<html" };
	size_t	 i, k;

	if (!j->page || j->fetch_url != NULL || j->fed != 0 ||
	    j->parser != NULL)
		return 0;
	if (n >= 3 && memcmp(p, "\xef\xbb\xbf", 3) == 0)
		p += 3, n -= 3;
	for (k = 0; k < n && strchr(" \t\r\n", p[k]) != NULL; k++)
		continue;
	for (i = 0; i < sizeof starts / sizeof starts[0]; i++) {
		if (n - k >= strlen(starts[i]) &&
		    strncasecmp(p + k, starts[i], strlen(starts[i])) == 0)
			break;
	}
	if (i == sizeof starts / sizeof starts[0])
		return 0;
	j->page_body = 1;
	refresh_hub_on_header(j, j->base, j->charset);
	return 1;
}

/* Remember what the page is, for later refreshes. Best effort: if it is
 * not written, the next refresh decides again. */
static void
refresh_page_remember(struct refresh_job *j, const char *feed, int hub)
{
	(void)store_feed_set_page(j->rf->st, j->feed_id, feed, hub, NULL);
}

/* The page is a feed after all (labelled text/html): parsed from the
 * bytes read. */
static int
refresh_page_as_feed(struct refresh_job *j, const struct fetch_result *r,
    char *msg, size_t size, struct refresh_feed_result *res)
{
	static const struct feed_callbacks cb = { NULL, refresh_on_item };

	j->page_body = 0;
	free(j->base);
	j->base = j->hub_base;
	j->hub_base = NULL;
	free(j->charset);
	j->charset = j->hub_charset;
	j->hub_charset = NULL;
	j->parser = feed_parser_new(&cb, j, j->base != NULL ? j->base :
	    j->url, j->charset);
	j->batch = store_batch_begin(j->rf->st, j->feed_id);
	(void)feed_parser_feed(j->parser, dl_buf_str(&j->hub_page),
	    j->hub_page.len);
	dl_buf_clear(&j->hub_page);
	return refresh_parsed(j, r, msg, size, res);
}

/* The page advertises a feed: remembered, and fetched now for this
 * subscription (without the page's validators). */
static int
refresh_page_follow(struct refresh_job *j, const char *feed,
    const struct fetch_result *r, char *msg, size_t size,
    struct refresh_feed_result *res)
{
	struct fetch_req	 req;
	struct dl_err		 err = { "" };

	refresh_page_remember(j, feed, 0);
	j->page_body = 0;
	dl_buf_clear(&j->hub_page);
	free(j->hub_base);
	free(j->hub_charset);
	j->hub_base = j->hub_charset = NULL;
	free(j->fetch_url);
	j->fetch_url = dl_strdup(feed);
	refresh_admit_leave(j);
	j->fed = 0;
	memset(&req, 0, sizeof req);
	req.url = j->fetch_url;
	req.ctx = j;
	req.on_header = refresh_on_header;
	req.on_data = refresh_on_data;
	req.on_done = refresh_on_done;
	if (fetch_add(j->rf->fetch, &req, &err) == 0)
		return 1;
	snprintf(msg, size, "%s: %s", feed, err.msg);
	refresh_failed(j, r, msg, res);
	return 0;
}

/* Neither a feed nor a hub: the error says what the page holds. */
static void
refresh_page_refused(const struct refresh_probe_result *pr, char *msg,
    size_t size)
{
	if (pr->kind == REFRESH_PROBE_INVALID)
		snprintf(msg, size, "not a feed, and the page cannot be read: "
		    "%s", pr->reason != NULL ? pr->reason : "unknown error");
	else
		snprintf(msg, size, "not a feed, and the page advertises no "
		    "feed and links to only %zu stor%s (a hub needs %d)",
		    pr->stories, pr->stories == 1 ? "y" : "ies",
		    REFRESH_PROBE_MIN_STORIES);
}

int
refresh_page_parsed(struct refresh_job *j, const struct fetch_result *r,
    char *msg, size_t size, struct refresh_feed_result *res)
{
	struct refresh_probe_result	 pr;
	int				 rc = 0;

	refresh_probe_decide(dl_buf_str(&j->hub_page), j->hub_page.len,
	    j->url, j->hub_base, j->hub_charset, j->link_pattern, 0, &pr);
	switch (pr.kind) {
	case REFRESH_PROBE_FEED:
		rc = refresh_page_as_feed(j, r, msg, size, res);
		break;
	case REFRESH_PROBE_DISCOVERED:
		rc = refresh_page_follow(j, pr.url, r, msg, size, res);
		break;
	case REFRESH_PROBE_HUB:
		refresh_page_remember(j, NULL, 1);
		j->hub = j->prefetch = 1;
		j->page = j->page_body = 0;
		rc = refresh_hub_parsed(j, r, msg, size, res);
		break;
	default:
		refresh_page_refused(&pr, msg, size);
		refresh_failed(j, r, msg, res);
		break;
	}
	refresh_probe_result_clear(&pr);
	return rc;
}

int
refresh_page_lost(struct refresh_job *j, const struct fetch_result *r,
    char *msg, size_t size, struct refresh_feed_result *res)
{
	struct fetch_result	 lost = *r;

	if (j->fetch_url == NULL || !(r->kind == FETCH_GONE ||
	    (r->kind == FETCH_HTTP_ERROR && r->status == 404)))
		return 0;
	refresh_page_remember(j, NULL, 0);
	snprintf(msg, size, "the feed the page advertised, %s: %s; the page "
	    "is read again at the next refresh", j->fetch_url,
	    r->message != NULL ? r->message : fetch_kind_name(r->kind));
	lost.kind = FETCH_HTTP_ERROR;	/* the page is not gone */
	lost.permanent_url = NULL;
	refresh_failed(j, &lost, msg, res);
	return 1;
}

const struct fetch_result *
refresh_page_result(struct refresh_job *j, const struct fetch_result *r,
    struct fetch_result *copy)
{
	if (j->fetch_url == NULL || r->permanent_url == NULL)
		return r;
	refresh_page_remember(j, r->permanent_url, 0);
	*copy = *r;
	copy->permanent_url = NULL;
	return copy;
}
