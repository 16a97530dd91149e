/* fetch.h: concurrent HTTP(S) downloads on one libcurl multi event loop,
 * with conditional GET, streaming bodies, limits, and the politeness rules
 * (backoff, Retry-After, 410 Gone) for deciding when to fetch again. */
#ifndef FETCH_H
#define FETCH_H

#include <stddef.h>
#include <stdint.h>

#include "dl.h"

#define FETCH_MAX_TOTAL		64
#define FETCH_MAX_BODIES	64
#define FETCH_MAX_PER_HOST	6
#define FETCH_CONNECT_TIMEOUT_MS 15000L
#define FETCH_TIMEOUT_MS	60000L
#define FETCH_STALL_MS		20000L
#define FETCH_MAX_BODY		((size_t)16 * 1024 * 1024)

/* Limits for one fetch loop. A field left 0 (or NULL) takes the default
 * above; fetch_opts_init fills them all in. */
struct fetch_opts {
	int		 max_total;	/* transfers at once */
	/* Of them, how many may bring a body: those sent without
	 * validators, and those whose answer was 2xx. Conditional requests
	 * start first and count only once their answer is 2xx: a 304
	 * costs almost nothing, a body being read (or paused, waiting for
	 * the reader) tens of KB in libcurl. */
	int		 max_bodies;
	int		 max_per_host;	/* connections to one host */
	long		 connect_timeout_ms;
	long		 timeout_ms;	/* whole transfer */
	long		 stall_ms;	/* no byte for this long: abort (>= 1 s) */
	size_t		 max_body;	/* bytes after decompression */
	const char	*user_agent;	/* NULL: "dateline/VERSION" */
};

/* What became of a request. */
enum fetch_kind {
	FETCH_OK,		/* 2xx, body delivered */
	FETCH_NOT_MODIFIED,	/* 304: the validators still hold */
	FETCH_HTTP_ERROR,	/* any other non-2xx status */
	FETCH_GONE,		/* 410: stop polling this feed */
	FETCH_RATE_LIMITED,	/* 429, or 503; see retry_after */
	FETCH_DNS,		/* host (or proxy) name not resolved */
	FETCH_CONNECT,		/* no connection (refused, unreachable) */
	FETCH_TIMEOUT,		/* connect, whole-transfer or stall timeout */
	FETCH_TLS,		/* handshake or certificate failure */
	FETCH_TOO_LARGE,	/* body passed max_body, or headers libcurl's
				 * limit */
	FETCH_BAD_REDIRECT,	/* to a non-http(s) URL, or too many */
	FETCH_ABORTED,		/* on_header or on_data returned -1 */
	FETCH_OTHER		/* anything else libcurl reports */
};

/* Handed to on_done; every pointer is borrowed for the call only. */
struct fetch_result {
	enum fetch_kind	 kind;
	long		 status;	/* final HTTP status, 0 if none */
	const char	*message;	/* in words: "HTTP 404 Not Found" */
	const char	*etag;		/* new validators, NULL if absent */
	const char	*last_modified;
	const char	*effective_url;	/* where the body came from */
	/* The URL reached through the leading run of 301/308 redirects,
	 * which should replace the subscribed one; NULL if the first hop
	 * was not permanent (or there was no redirect). */
	const char	*permanent_url;
	const char	*content_type;	/* NULL if absent */
	int64_t		 retry_after;	/* seconds from now, 0 if not given */
	uint64_t	 body_bytes;	/* delivered, after decompression */
	uint64_t	 wire_bytes;	/* headers and body as received */
	double		 seconds;	/* from start to done */
};

/* One GET. Strings are copied by fetch_add. Callbacks run from inside
 * fetch_poll/fetch_run, never from fetch_add. */
/* What on_data returns to pause its transfer. */
#define FETCH_DATA_PAUSE	1

struct fetch_req {
	const char	*url;
	const char	*etag;		/* NULL: no If-None-Match */
	const char	*last_modified;	/* NULL: no If-Modified-Since */
	void		*ctx;
	/* Once the final 2xx response's headers are in (after redirects),
	 * before any on_data. url is the URL the response came from (after
	 * redirects: the base for relative links), borrowed for the call.
	 * charset is the Content-Type's charset parameter, content_type and
	 * charset NULL if absent. Return 0, or -1 to abort (FETCH_ABORTED).
	 * May be NULL. */
	int		(*on_header)(void *ctx, long status, const char *url,
			    const char *content_type, const char *charset);
	/* Body bytes of a 2xx response as they arrive, decompressed. Bodies
	 * of errors and redirects are not delivered. Return 0, or -1 to
	 * abort (FETCH_ABORTED), or FETCH_DATA_PAUSE to not take these bytes
	 * now: the transfer pauses (the rest waits in the socket) and the
	 * same bytes come again after fetch_resume. May be NULL. */
	int		(*on_data)(void *ctx, const char *p, size_t n);
	/* Exactly once per fetch_add that returned 0 (unless fetch_free
	 * comes first). It may call fetch_add, not fetch_free. Must not be
	 * NULL. */
	void		(*on_done)(void *ctx, const struct fetch_result *r);
};

struct fetch;

/* Fill opts with the defaults. */
void	 fetch_opts_init(struct fetch_opts *opts);
/* A new fetch loop; opts NULL means the defaults. Returns NULL (and fills
 * err) if libcurl cannot be set up. */
struct fetch *fetch_new(const struct fetch_opts *opts, struct dl_err *err);
/* Abandon every unfinished request without calling on_done. NULL is
 * fine. */
void	 fetch_free(struct fetch *f);
/* Queue a request; it starts in the next fetch_poll. Returns 0, or -1
 * (err filled, on_done never called) if req lacks a url or on_done. */
int	 fetch_add(struct fetch *f, const struct fetch_req *req,
	     struct dl_err *err);
/* Requests added and not done yet. */
size_t	 fetch_pending(const struct fetch *f);
/* Stop the request added with ctx (the first found, started or still
 * queued): its transfer is taken off libcurl (the connection closed if
 * it was open) and its on_done called now, from here, with
 * FETCH_ABORTED and the message "cancelled". Returns 1, or 0 if no
 * request has that ctx. Not from inside a callback of the same
 * request. */
int	 fetch_cancel(struct fetch *f, const void *ctx);
/* Let the paused request added with ctx go on. libcurl may give it the
 * held bytes (on_data) before this returns. Returns 1, or 0 if no
 * request with that ctx is paused. From on_done (which runs outside
 * libcurl) or between rounds, not from on_header or on_data. */
int	 fetch_resume(struct fetch *f, const void *ctx);
/* Make a fetch_poll that waits, now or next, return: the one call that
 * may come from another thread (curl_multi_wakeup). */
void	 fetch_wakeup(struct fetch *f);
/* One round of the loop: wait up to timeout_ms for network activity or for
 * extra_fd (< 0: none) to become readable, move the transfers on and run
 * the callbacks. Returns 1 if extra_fd is readable, 0 if not, -1 (err
 * filled) if libcurl's loop failed. With nothing pending and no extra_fd
 * it returns 0 at once. */
int	 fetch_poll(struct fetch *f, int timeout_ms, int extra_fd,
	     struct dl_err *err);
/* Run until every request is done. Returns 0, or -1 (err filled). */
int	 fetch_run(struct fetch *f, struct dl_err *err);

/* A short name for a kind ("ok", "not-modified", "dns", ...), static. */
const char *fetch_kind_name(enum fetch_kind kind);
/* 1 if the kind counts as a failed poll of the feed, else 0. */
int	 fetch_kind_failed(enum fetch_kind kind);

/* Politeness. The first failure waits FETCH_BACKOFF_MIN, each further one
 * twice as long, up to FETCH_BACKOFF_MAX. */
#define FETCH_BACKOFF_MIN	(5 * 60)
#define FETCH_BACKOFF_MAX	(24 * 60 * 60)

/* Seconds to wait after the fails-th failure in a row (fails >= 1; 0 or
 * less gives 0), or retry_after when the server asked for longer
 * (capped at FETCH_BACKOFF_MAX too). */
int64_t	 fetch_backoff(int fails, int64_t retry_after);
/* When to fetch a feed next after result kind at time now: now +
 * interval after success, now + fetch_backoff after a failure (fails is
 * the failure count including this one), or -1 for never (410 Gone). */
int64_t	 fetch_next_time(int64_t now, enum fetch_kind kind, int fails,
	     int64_t retry_after, int64_t interval);

/* Seconds from now for a Retry-After value (delta-seconds or HTTP-date),
 * at most FETCH_BACKOFF_MAX; 0 if absent, unreadable or in the past. now
 * is seconds since the epoch. */
int64_t	 fetch_retry_after(const char *value, int64_t now);

#endif
