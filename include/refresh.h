/* refresh.h: one refresh of many feeds, between the io modules and the
 * front ends: each feed is fetched (conditional GET, politeness), its bytes
 * streamed into the feed parser as they arrive, its items written in one
 * store batch, and the outcome recorded in the cache. Nothing is printed:
 * progress and results go through a callback, so the command line and the
 * ncurses UI (which drives refresh_step from its own loop) share it. */
#ifndef REFRESH_H
#define REFRESH_H

#include <stddef.h>
#include <stdint.h>

#include "dl.h"
#include "extract.h"
#include "fetch.h"
#include "store.h"

/* Defaults in one place until the settings module takes them over. */
#define REFRESH_MAX_TOTAL	256	/* transfers at once (issue 16) */
/* Of them, how many may bring a body (fetch_opts.max_bodies): a warm
 * refresh, mostly 304s, has every feed in flight at once, while bodies
 * stay as many as before, within the read budget below. */
#define REFRESH_MAX_BODIES	64
/* Body bytes that the feeds being read at once may take before a new
 * body waits for one of them to be done; twice that for the parsed feeds
 * the writer thread has not written yet (see refresh_int.h). Half a MB:
 * with the parse thread beside the loop, a MB took 2 MB more at the
 * peak and saved no time. */
#define REFRESH_READ_BUDGET	(512L << 10)
#define REFRESH_WAIT_MAX_MS	2000	/* and the longest a body waits */
#define REFRESH_MAX_PER_HOST	6	/* connections to one host */
#define REFRESH_MAX_ITEMS	1000	/* retention: items kept per feed */
#define REFRESH_INTERVAL	0	/* seconds after a success before a
					   feed is due again */
#define REFRESH_ARTICLE_PER_HOST 2	/* story pages fetched at once from
					   one host (host:port) */
#define REFRESH_PREFETCH_WINDOW	30	/* newest items of a feed looked at
					   for prefetching after new ones */

/* Options of one refresh. refresh_opts_init fills the defaults, then
 * applies these hidden environment overrides (for tests; each a
 * positive number, anything else is ignored):
 *   DATELINE_TIMEOUT_MS          whole transfer
 *   DATELINE_STALL_MS            no byte for this long (at least 1000)
 *   DATELINE_CONNECT_TIMEOUT_MS  connection set-up
 *   DATELINE_MAX_BODY            bytes after decompression */
struct refresh_opts {
	struct fetch_opts fetch;
	size_t		 max_items;	/* 0 keeps everything */
	int64_t		 interval;	/* see REFRESH_INTERVAL */
	/* Nonzero: after a feed's new items are committed, fetch the story
	 * pages of its newest items that have no article and whose own
	 * content is not the full story (refresh_item_is_full), extract
	 * and store them. Hub feeds (kind "hub") always prefetch. */
	int		 prefetch_articles;
	const struct extract_rules *rules; /* per-site rules; borrowed for
					   the refresh's life; NULL: none */
	double		 group_threshold; /* store_set_grouping's */
	long		 read_budget;	/* REFRESH_READ_BUDGET; tests set it
					   with DATELINE_READ_BUDGET */
};

void	 refresh_opts_init(struct refresh_opts *o);

/* Flags of refresh_add. */
#define REFRESH_FORCE	0x1	/* fetch even when the feed is dead (410)
				   or backing off after errors */

/* What became of one feed. */
enum refresh_outcome {
	REFRESH_UPDATED,	/* fetched and parsed; items written */
	REFRESH_RECOVERED,	/* damaged document: the items before the
				   damage written; message says what */
	REFRESH_NOT_MODIFIED,	/* 304: nothing parsed or written */
	REFRESH_SKIP_DEAD,	/* 410 Gone before: not polled */
	REFRESH_SKIP_BACKOFF,	/* not due yet after errors / Retry-After */
	REFRESH_FAILED		/* network, HTTP, not a feed, parse or cache
				   error; nothing written */
};

/* Handed to on_feed; pointers are borrowed for the call only. */
struct refresh_feed_result {
	const char		*url;	/* as given to refresh_add */
	enum refresh_outcome	 outcome;
	enum fetch_kind		 kind;	/* FETCH_OK when skipped */
	long			 status; /* HTTP status, 0 if none */
	/* In words: the reason for FAILED ("HTTP 404 Not Found", "not a
	 * feed (root element <html>)", "parse error at 12:4: mismatched
	 * tag", "timeout ..."), the damage for RECOVERED, the stored
	 * last error for SKIP_*; else NULL. */
	const char		*message;
	const char		*moved_to; /* permanent redirect, or NULL */
	int64_t			 next_fetch; /* DATE_NONE: any time */
	size_t			 added;	/* items new to the cache */
	size_t			 updated; /* known items that changed */
};

/* Running totals, also passed to each on_feed. */
struct refresh_stats {
	size_t		 total;		/* feeds added */
	size_t		 done;		/* feeds finished (skips included) */
	size_t		 ok;		/* UPDATED, RECOVERED, NOT_MODIFIED */
	size_t		 not_modified;
	size_t		 skipped;
	size_t		 failed;
	size_t		 added;		/* items, over every feed */
	size_t		 updated;
};

/* What became of one story page (refresh_add_article or a prefetch);
 * pointers are borrowed for the call only. */
struct refresh_article_result {
	int64_t		 item_id;
	const char	*url;		/* the item's link, as asked for */
	int		 stored;	/* 1: an article was extracted and
					   stored (store_article_put), or
					   the stored one still holds (304,
					   kind FETCH_NOT_MODIFIED) */
	int		 prefetch;	/* 1: queued by prefetching */
	enum fetch_kind	 kind;
	long		 status;	/* HTTP status, 0 if none */
	/* NULL when stored, "not modified" on a 304 (nothing written);
	 * else in words: "HTTP 404 Not Found", "not an
	 * HTML page (application/pdf)", "no article found on the page (2
	 * paragraphs, 80 characters)", "timeout ...", "cache: ...". */
	const char	*message;
	/* When stored from a page read in part: "page too large: 3.2 MB of
	 * markup, article taken from the first 1 MB"; else NULL. */
	const char	*note;
};

struct sync_summary;

/* What became of a sync (refresh_add_sync); pointers borrowed for the
 * call only. */
struct refresh_sync_result {
	int		 ok;		/* 1: everything written */
	int		 cancelled;	/* refresh_cancel_sync stopped it */
	const struct sync_summary *sum;	/* what moved (ok), and the
					   requests and bytes (always) */
	const char	*message;	/* NULL when ok; else in words:
					   "...: server unreachable: ...",
					   "...: login refused ...", "sync
					   cancelled", "...: the sync timed
					   out" (nothing was written) */
};

struct refresh_callbacks {
	/* After each feed is finished (or skipped), from refresh_step or
	 * refresh_run only. May be NULL. */
	void	(*on_feed)(void *ctx, const struct refresh_feed_result *r,
		    const struct refresh_stats *s);
	/* After each story page is done, from refresh_step or refresh_run
	 * only. May be NULL. */
	void	(*on_article)(void *ctx, const struct refresh_article_result *r);
};

/* Called with the refresh's ctx once a sync is done, from refresh_step
 * or refresh_run only. */
typedef void refresh_sync_fn(void *ctx, const struct refresh_sync_result *r);

struct refresh;

/* A refresh writing into st (borrowed; it must outlive the refresh and
 * the caller holds the refresh lock). opts and cb may be NULL (defaults,
 * no callback); both are copied. Sets st's retention to opts->max_items.
 * Returns NULL (err filled) if the fetcher cannot be set up. */
struct refresh *refresh_new(struct store *st, const struct refresh_opts *opts,
	     const struct refresh_callbacks *cb, void *ctx, struct dl_err *err);
/* Abandon unfinished feeds (their batches are dropped, nothing of them is
 * written, their fetch is not recorded). NULL does nothing. */
void	 refresh_free(struct refresh *rf);

/* Refresh url (copied). kind is "feed" or "hub" for a feed new to the
 * cache, NULL keeps the stored kind ("feed" when new). Without
 * REFRESH_FORCE a dead feed or one whose next fetch time has not come is
 * skipped (reported through on_feed at the next step). Returns 0, or -1
 * (err filled: a cache error) and the feed is not counted. */
int	 refresh_add(struct refresh *rf, const char *url, const char *kind,
	     int flags, struct dl_err *err);

/* Refresh url as a hub page (issue 5): its kind becomes "hub"; the page
 * is fetched (conditional GET) and its stories (hub_parse, in page order,
 * with link_pattern: the subscription's "link-pattern:" option, copied,
 * NULL for the heuristic) written as items: id and link the canonical
 * story URL, title the headline, summary the teaser; undated stories
 * sort by the time they were first seen. The page's title becomes the
 * feed's. A page with no stories fails the refresh with "hub page: no
 * stories found (REASON)" (an invalid pattern: "hub page: REASON"),
 * recorded like any feed error; stored items stay. Hub pages always
 * prefetch their new stories' pages. Returns as refresh_add. */
int	 refresh_add_hub(struct refresh *rf, const char *url,
	     const char *link_pattern, int flags, struct dl_err *err);

struct subs_feed;

/* Queue one subscription as the urls file describes it (subs.h): a hub
 * (tag hub, with its link-pattern option) through refresh_add_hub, else a
 * feed; the option prefetch:yes or prefetch:no decides prefetching for
 * it, over the prefetch_articles option and the hub default. Returns as
 * refresh_add. */
int	 refresh_add_sub(struct refresh *rf, const struct subs_feed *f,
	     int flags, struct dl_err *err);
struct subs;

/* refresh_add_sub for every subscription of s, their feed rows written
 * in one transaction (200 feeds: one commit, not 200). On an error the
 * feeds queued before it stay queued. Returns as refresh_add. */
int	 refresh_add_subs(struct refresh *rf, const struct subs *s, int flags,
	     struct dl_err *err);

/* Fetch the story page of item item_id (its link) on the refresh's
 * fetch loop, with its limits, at most REFRESH_ARTICLE_PER_HOST pages at
 * once per host; extract the article (extract_page, opts->rules) and
 * store it (store_article_put), replacing any stored one. A failure
 * never replaces a stored article; it is reported through on_article
 * only (a prefetch also stores a lasting failure: an HTTP error or no
 * article found, so that the page is not fetched at every refresh).
 * The GET is conditional on the stored article's validators (ETag,
 * Last-Modified; none for a stored failure): on 304 the stored article
 * is kept untouched and reported stored. Returns 0, or -1 (err: "no
 * item ID", "item ID has no http(s) link", a cache error) and
 * on_article is never called. */
int	 refresh_add_article(struct refresh *rf, int64_t item_id,
	     struct dl_err *err);
/* Stop fetching item_id's page (every request for it, running or
 * waiting): the connection is closed, nothing is stored, and on_article
 * is called from here with the message "cancelled" (kind FETCH_ABORTED,
 * or FETCH_OTHER for a page still waiting for its host). Not from
 * inside a callback. Returns how many were stopped (0: none was on the
 * way). */
size_t	 refresh_cancel_article(struct refresh *rf, int64_t item_id);

struct sync_backend;

/* Sync with a feed server beside the refresh (issue 15): sync_run on
 * *be (taken: the refresh frees it) in a thread of its own, on a sibling
 * connection of the cache (store_open_sibling), so that the loop, and
 * the reader's keys and drawing, never wait for the server; the thread
 * wakes the loop (fetch_wakeup) when it is done, and on_sync (may be
 * NULL) reports from the next refresh_step. Counted in refresh_pending
 * until then. Returns 0, or -1 (err: a sync is already running, the
 * connection or the thread could not start; be is freed, on_sync never
 * called). */
int	 refresh_add_sync(struct refresh *rf, struct sync_backend *be,
	     refresh_sync_fn *on_sync, struct dl_err *err);
/* 1 while a sync runs or is not reported yet, else 0. */
int	 refresh_syncing(const struct refresh *rf);
/* Stop the sync (the backend's cancel: its request is dropped at once,
 * nothing is written); on_sync reports it, cancelled, from a later
 * refresh_step. Returns 1, or 0 if no sync runs. */
int	 refresh_cancel_sync(struct refresh *rf);

/* Whether an item's own HTML (content, else summary) is already the full
 * story, so that no page needs fetching: at least 3 paragraphs of 40 or
 * more (extract_text_weight: a CJK character weighs 3) and a text weight
 * of at least 1500 in all. 1 or 0. */
int	 refresh_item_is_full(const struct store_item *it);

/* Feeds added and not reported yet, plus story pages not done yet. */
size_t	 refresh_pending(const struct refresh *rf);
/* One round, for a caller with its own loop: report skipped feeds, then
 * wait up to timeout_ms for network activity or for extra_fd (< 0: none)
 * to become readable, and move the transfers on (on_feed runs for each
 * feed finished), then record the finished feeds' fetches in the cache
 * in one transaction. Returns 1 if extra_fd is readable, 0 if not, -1
 * (err filled) if the event loop or that write failed. */
int	 refresh_step(struct refresh *rf, int timeout_ms, int extra_fd,
	     struct dl_err *err);
/* Step until every feed is reported. Returns 0, or -1 (err filled). */
int	 refresh_run(struct refresh *rf, struct dl_err *err);
/* The totals so far; borrowed until refresh_free. */
const struct refresh_stats *refresh_stats(const struct refresh *rf);

/* A short name for an outcome ("updated", "not-modified", ...), static. */
const char *refresh_outcome_name(enum refresh_outcome o);

/* --- What a URL to subscribe to is (refresh_probe.c) ------------------- */

/* A page needs this many stories to be subscribed to as a hub. */
#define REFRESH_PROBE_MIN_STORIES 3

enum refresh_probe_kind {
	REFRESH_PROBE_FEED,		/* the URL is a feed (by content,
					   whatever its Content-Type) */
	REFRESH_PROBE_DISCOVERED,	/* an HTML page advertising a feed:
					   url is the (first) feed */
	REFRESH_PROBE_HUB,		/* a page with no feed but at least
					   REFRESH_PROBE_MIN_STORIES stories:
					   subscribe url with the tag hub */
	REFRESH_PROBE_REFUSED,		/* none of these: reason says what
					   was found */
	REFRESH_PROBE_INVALID,		/* the link-pattern is not a valid
					   regex: reason says why */
	REFRESH_PROBE_FETCH_FAILED	/* the page was not fetched: reason
					   is the fetch in words */
};

struct hub_feed;

/* What refresh_probe_decide found. Strings are allocated and owned by the
 * result (refresh_probe_result_clear frees them). */
struct refresh_probe_result {
	enum refresh_probe_kind kind;
	char		*url;		/* to subscribe to (FEED and HUB: the
					   URL as given; DISCOVERED: the
					   feed's); NULL for the others */
	char		*title;		/* the feed's title, the advertising
					   link's title, or the hub page's
					   title; NULL if none */
	char		*reason;	/* REFUSED, INVALID, FETCH_FAILED, in
					   words ("no feed, and not a hub
					   page: 0 stories among 4 links (at
					   least 3 needed)", "HTTP 404 Not
					   Found"); else NULL */
	size_t		 stories;	/* HUB and REFUSED: stories found */
	size_t		 links;		/* and links seen */
	struct hub_feed	*offered;	/* DISCOVERED: the other feeds the
					   page advertises (hub.h), in page
					   order */
	size_t		 noffered;
};

/* Decide what len bytes fetched from url are (base: the URL after
 * redirects, NULL for url; charset: the HTTP header's, NULL allowed):
 * a feed, else a page advertising feeds (hub_discover; only http(s)
 * feeds count), else a hub page (hub_parse with link_pattern, NULL for
 * the heuristic). hub_only (the subscription has the tag hub) skips the
 * feed checks. Fills r (its old contents are not freed). */
void	 refresh_probe_decide(const char *body, size_t len, const char *url,
	     const char *base, const char *charset, const char *link_pattern,
	     int hub_only, struct refresh_probe_result *r);
/* Free what r holds and zero it. */
void	 refresh_probe_result_clear(struct refresh_probe_result *r);
/* "feed", "feed found on page", "hub", "not a feed", "invalid", "not
 * fetched"; static. */
const char *refresh_probe_kind_name(enum refresh_probe_kind k);

struct refresh_probe;

/* Fetch url (copied) once on a fetch loop of its own with opts (NULL:
 * the defaults; max_body caps the page) and decide what it is, as
 * refresh_probe_decide with link_pattern and hub_only. Never NULL: a
 * fetcher that cannot be set up makes a probe that is done at once with
 * REFRESH_PROBE_FETCH_FAILED. */
struct refresh_probe *refresh_probe_new(const struct fetch_opts *opts,
	     const char *url, const char *link_pattern, int hub_only);
/* One round for a caller with its own loop, as fetch_poll: wait up to
 * timeout_ms for the network or extra_fd (< 0: none). Returns 1 if
 * extra_fd is readable, else 0 (also when the probe is done, at once;
 * a failing loop makes the probe done with FETCH_FAILED). */
int	 refresh_probe_step(struct refresh_probe *p, int timeout_ms,
	     int extra_fd);
/* Step until done. */
void	 refresh_probe_run(struct refresh_probe *p);
/* 1 once the page is in and decided (or failed), else 0. */
int	 refresh_probe_done(const struct refresh_probe *p);
/* The decision once done, else NULL; borrowed until refresh_probe_free. */
const struct refresh_probe_result *refresh_probe_result(
	     const struct refresh_probe *p);
/* The URL as given; borrowed. */
const char *refresh_probe_url(const struct refresh_probe *p);
/* Stop the fetch if it runs (the connection is closed) and free
 * everything. NULL does nothing. */
void	 refresh_probe_free(struct refresh_probe *p);

#endif
