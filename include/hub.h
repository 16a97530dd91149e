/* hub.h: news web pages without a feed: feed autodiscovery on HTML pages,
 * and hub pages (topic pages listing story promos) turned into items. */
#ifndef HUB_H
#define HUB_H

#include <stddef.h>
#include <stdint.h>

#include "dl.h"
#include "feed.h"

/* A feed a page advertises. */
struct hub_feed {
	char	*url;	/* absolute */
	char	*type;	/* MIME type from <link type>, NULL for <a> links */
	char	*title;	/* title attribute or link text; NULL if none */
};

/* Feed candidates of len bytes of HTML in any encoding (charset: a hint
 * such as the HTTP header's, NULL allowed), resolved against <base href>
 * then page_url (NULL allowed). <link rel="alternate"> feeds in page
 * order; only when there is none, <a> links to obvious feed URLs on the
 * same site or a feed host. Duplicates removed. Returns the count and an
 * allocated array in *out (NULL when 0) for hub_feeds_free. */
size_t	 hub_discover(const char *html, size_t len, const char *page_url,
	     const char *charset, struct hub_feed **out);
void	 hub_feeds_free(struct hub_feed *v, size_t n);

struct hub_opts {
	/* POSIX extended regex applied to each canonical link URL: when set,
	 * only matching links are stories (the URL-shape heuristic is off,
	 * the headline test looser). NULL: the heuristic decides. */
	const char	*link_pattern;
	const char	*charset;	/* encoding hint; NULL allowed */
};

struct hub_stats {
	size_t	 links;		/* <a href> elements seen */
	size_t	 stories;	/* items delivered */
	char	 reason[160];	/* why there are no stories; "" otherwise */
};

/* Called for each story in page order. The item is borrowed for the call:
 * id and link are the canonical URL, title plain text, summary the teaser
 * as escaped HTML (or NULL), published the page's timestamp or DATE_NONE
 * (the caller then uses the time it first saw the story). */
typedef void (*hub_item_cb)(void *ctx, const struct feed_item *item);

/* Find the stories of a hub page (len bytes of HTML in any encoding) at
 * page_url. opts and stats may be NULL. Returns 0 (also when there are no
 * stories: stats->reason says why), or -1 with err set when
 * opts->link_pattern is not a valid regex. */
int	 hub_parse(const char *html, size_t len, const char *page_url,
	     const struct hub_opts *opts, hub_item_cb cb, void *ctx,
	     struct hub_stats *stats, struct dl_err *err);

/* The pieces, public for tests and for callers that need the same rules. */

/* url without fragment and tracking parameters (utm_*, fbclid, gclid,
 * ...), scheme and host lower-cased, default port dropped, other query
 * parameters kept in order. Allocated; NULL if url is not absolute
 * http(s). */
char	*hub_canonical_url(const char *url);
/* 1 if text (UTF-8) reads like a headline: Latin >= 4 words or >= 25
 * characters, CJK >= 8 characters, not an all-caps label, not "Read
 * more", "Sign in" and the like. loose: >= 2 words, 12 characters or 4
 * CJK characters. */
int	 hub_headline_like(const char *text, int loose);
/* The shape of a URL's path and query, segments replaced by classes:
 * "{yyyy}", "{nn}" (1-2 digits), "{num}", "{hex}" (8+ hex digits with a
 * digit), "{slug}" (words joined by - or _, with or without a trailing
 * id), other segments lower-cased; a short extension is kept
 * ("{slug}.html"); query keys kept, values classed the same way.
 * Allocated; NULL for a URL that is not absolute. */
char	*hub_url_shape(const char *url);
/* A timestamp attribute value: 10 digits (seconds), 13 digits
 * (milliseconds) or RFC 3339 text. DATE_NONE if none of these. */
int64_t	 hub_timestamp(const char *value);
/* 1 if the URL's path looks like a feed's (/feed, /rss, .rss, /atom.xml,
 * /feed.json, /index.xml, .xml with rss/feed/atom in the path, a
 * "feeds." host), else 0. */
int	 hub_feedish_url(const char *url);
/* 1 if hosts a and b belong to the same site (same registrable domain,
 * www. and m. variants included), else 0. */
int	 hub_same_site(const char *host_a, const char *host_b);

#endif
