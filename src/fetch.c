/* fetch.c: HTTP(S) GETs on one libcurl multi loop (RFC 9110 conditional
 * requests and redirects, RFC 9111 validators), errors put into words, and
 * the backoff rules that decide when a feed is polled again. */
#include "config.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "charset.h"
#include "date.h"
#include "dl.h"
#include "dl_curl.h"
#include "fetch.h"
#include "url.h"

/* Longest header value we keep; longer ETags are dropped, not cut. */
#define FETCH_HEADER_MAX	1024

#ifdef CURL_WRITEFUNC_ERROR
#define FETCH_WRITE_ERROR	CURL_WRITEFUNC_ERROR
#else
#define FETCH_WRITE_ERROR	0
#endif

/* Requests not started yet, in order. */
struct fetch_queue {
	struct fetch_xfer	*head, *tail;
};

struct fetch_xfer {
	struct fetch		*f;
	CURL			*easy;
	struct curl_slist	*hdrs;
	struct fetch_xfer	*prev, *next;	/* every request */
	struct fetch_xfer	*qnext;		/* not started yet */
	int			 started;	/* easy made and in the multi */
	int			 paused;	/* on_data said FETCH_DATA_PAUSE */
	int			 conditional;	/* sends validators */
	int			 body;		/* counts in f->bodies */

	char			*url;
	void			*ctx;
	int			(*on_header)(void *, long, const char *,
				    const char *,
				    const char *);
	int			(*on_data)(void *, const char *, size_t);
	void			(*on_done)(void *, const struct fetch_result *);

	/* The response being read; reset at each status line. */
	long			 status;
	char			*reason;
	char			*etag;
	char			*last_modified;
	char			*retry_after;
	char			*content_type;
	char			*location;
	int			 in_body;	/* final 2xx headers are in */

	int			 hops;		/* redirects followed */
	int			 perm_run;	/* every hop so far 301/308 */
	char			*permanent_url;
	int			 aborted;
	int			 too_large;
	uint64_t		 body_bytes;
	int64_t			 last_rx_ms;	/* fetch_clock_ms of the last
						 * bytes in (or the start) */
	curl_off_t		 last_dlnow;	/* wire bytes then */
	char			 errbuf[CURL_ERROR_SIZE];
};

struct fetch {
	CURLM			*multi;
	struct fetch_opts	 opts;
	char			*user_agent;
	struct fetch_xfer	*all;
	struct fetch_queue	 cq;		/* conditional, not started */
	struct fetch_queue	 bq;		/* unconditional, not started */
	size_t			 pending;
	size_t			 running;	/* started, not done */
	size_t			 bodies;	/* of them, unconditional or
						 * with a 2xx answer */
};

/* Milliseconds on the monotonic clock: for telling a stalled transfer
 * from a slow one. */
static int64_t
fetch_clock_ms(void)
{
	struct timespec	 ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static const struct {
	long		 code;
	const char	*reason;
} fetch_reasons[] = {
	{ 400, "Bad Request" }, { 401, "Unauthorized" },
	{ 403, "Forbidden" }, { 404, "Not Found" },
	{ 405, "Method Not Allowed" }, { 406, "Not Acceptable" },
	{ 408, "Request Timeout" }, { 410, "Gone" },
	{ 429, "Too Many Requests" }, { 451, "Unavailable For Legal Reasons" },
	{ 500, "Internal Server Error" }, { 501, "Not Implemented" },
	{ 502, "Bad Gateway" }, { 503, "Service Unavailable" },
	{ 504, "Gateway Timeout" },
};

static const char *fetch_kind_names[] = {
	"ok", "not-modified", "http-error", "gone", "rate-limited", "dns",
	"connect", "timeout", "tls", "too-large", "bad-redirect", "aborted",
	"other",
};

void
fetch_opts_init(struct fetch_opts *opts)
{
	memset(opts, 0, sizeof *opts);
	opts->max_total = FETCH_MAX_TOTAL;
	opts->max_bodies = FETCH_MAX_BODIES;
	opts->max_per_host = FETCH_MAX_PER_HOST;
	opts->connect_timeout_ms = FETCH_CONNECT_TIMEOUT_MS;
	opts->timeout_ms = FETCH_TIMEOUT_MS;
	opts->stall_ms = FETCH_STALL_MS;
	opts->max_body = FETCH_MAX_BODY;
}

/* Copy opts, putting the default where a field was left 0. */
static void
fetch_opts_fill(struct fetch_opts *dst, const struct fetch_opts *src)
{
	fetch_opts_init(dst);
	if (src == NULL)
		return;
	if (src->max_total > 0)
		dst->max_total = src->max_total;
	if (src->max_bodies > 0)
		dst->max_bodies = src->max_bodies;
	if (src->max_per_host > 0)
		dst->max_per_host = src->max_per_host;
	if (src->connect_timeout_ms > 0)
		dst->connect_timeout_ms = src->connect_timeout_ms;
	if (src->timeout_ms > 0)
		dst->timeout_ms = src->timeout_ms;
	if (src->stall_ms > 0)
		dst->stall_ms = src->stall_ms;
	if (src->max_body > 0)
		dst->max_body = src->max_body;
	dst->user_agent = src->user_agent;
}

static char *
fetch_default_user_agent(void)
{
	if (PACKAGE_URL[0] != '\0')
		return dl_printf("dateline/%s (+%s)", PACKAGE_VERSION,
		    PACKAGE_URL);
	return dl_printf("dateline/%s", PACKAGE_VERSION);
}

struct fetch *
fetch_new(const struct fetch_opts *opts, struct dl_err *err)
{
	struct fetch	*f;
	CURLcode	 rc;

	if ((rc = dl_curl_global_init(CURL_GLOBAL_DEFAULT)) != CURLE_OK) {
		dl_err_set(err, "libcurl: %s", dl_curl_easy_strerror(rc));
		return NULL;
	}
	f = dl_calloc(1, sizeof *f);
	fetch_opts_fill(&f->opts, opts);
	f->user_agent = f->opts.user_agent != NULL ?
	    dl_strdup(f->opts.user_agent) : fetch_default_user_agent();
	f->opts.user_agent = f->user_agent;
	if ((f->multi = dl_curl_multi_init()) == NULL) {
		dl_err_set(err, "libcurl: cannot create a multi handle");
		free(f->user_agent);
		free(f);
		dl_curl_global_cleanup();
		return NULL;
	}
	/* Easy handles in one multi share its DNS and connection caches, so
	 * 200 feeds on one host resolve it once and reuse connections. */
	dl_curl_multi_setopt(f->multi, CURLMOPT_PIPELINING, CURLPIPE_MULTIPLEX);
	dl_curl_multi_setopt(f->multi, CURLMOPT_MAX_TOTAL_CONNECTIONS,
	    (long)f->opts.max_total);
	dl_curl_multi_setopt(f->multi, CURLMOPT_MAX_HOST_CONNECTIONS,
	    (long)f->opts.max_per_host);
	return f;
}

static void
fetch_xfer_reset_response(struct fetch_xfer *x)
{
	free(x->reason);
	free(x->etag);
	free(x->last_modified);
	free(x->retry_after);
	free(x->content_type);
	free(x->location);
	x->reason = x->etag = x->last_modified = x->retry_after = NULL;
	x->content_type = x->location = NULL;
	x->status = 0;
	x->in_body = 0;
}

static void
fetch_xfer_free(struct fetch_xfer *x)
{
	if (x->easy != NULL)
		dl_curl_easy_cleanup(x->easy);
	dl_curl_slist_free_all(x->hdrs);
	fetch_xfer_reset_response(x);
	free(x->permanent_url);
	free(x->url);
	free(x);
}

/* Take x off the list of all requests. */
static void
fetch_xfer_unlink(struct fetch *f, struct fetch_xfer *x)
{
	if (x->prev != NULL)
		x->prev->next = x->next;
	else
		f->all = x->next;
	if (x->next != NULL)
		x->next->prev = x->prev;
}

void
fetch_free(struct fetch *f)
{
	struct fetch_xfer	*x, *next;

	if (f == NULL)
		return;
	for (x = f->all; x != NULL; x = next) {
		next = x->next;
		if (x->started)
			dl_curl_multi_remove_handle(f->multi, x->easy);
		fetch_xfer_free(x);
	}
	dl_curl_multi_cleanup(f->multi);
	free(f->user_agent);
	free(f);
	dl_curl_global_cleanup();
}

size_t
fetch_pending(const struct fetch *f)
{
	return f->pending;
}

/* Take x off the queue of requests not started yet. */
static void
fetch_xfer_unqueue(struct fetch *f, struct fetch_xfer *x)
{
	struct fetch_queue	*qu = x->conditional ? &f->cq : &f->bq;
	struct fetch_xfer	*q, *prev = NULL;

	for (q = qu->head; q != NULL && q != x; q = q->qnext)
		prev = q;
	if (q == NULL)
		return;
	if (prev != NULL)
		prev->qnext = x->qnext;
	else
		qu->head = x->qnext;
	if (qu->tail == x)
		qu->tail = prev;
}

/* x's transfer is off libcurl: it no longer counts. */
static void
fetch_xfer_stopped(struct fetch *f, struct fetch_xfer *x)
{
	f->running--;
	if (x->body)
		f->bodies--;
	x->body = 0;
}

int
fetch_cancel(struct fetch *f, const void *ctx)
{
	struct fetch_xfer	*x;
	struct fetch_result	 r;

	for (x = f->all; x != NULL && x->ctx != ctx; x = x->next)
		;
	if (x == NULL)
		return 0;
	if (x->started) {
		dl_curl_multi_remove_handle(f->multi, x->easy);
		fetch_xfer_stopped(f, x);
	} else
		fetch_xfer_unqueue(f, x);
	fetch_xfer_unlink(f, x);
	f->pending--;
	memset(&r, 0, sizeof r);
	r.kind = FETCH_ABORTED;
	r.status = x->status;
	r.message = "cancelled";
	r.effective_url = x->url;
	r.body_bytes = x->body_bytes;
	x->on_done(x->ctx, &r);
	fetch_xfer_free(x);
	return 1;
}

const char *
fetch_kind_name(enum fetch_kind kind)
{
	if ((size_t)kind >= sizeof fetch_kind_names / sizeof
	    fetch_kind_names[0])
		return "other";
	return fetch_kind_names[kind];
}

int
fetch_kind_failed(enum fetch_kind kind)
{
	return kind != FETCH_OK && kind != FETCH_NOT_MODIFIED;
}

/* 1 if s holds a control character, which must never reach a header we
 * send (a CR LF in a stored ETag would add headers of its choosing). */
static int
fetch_has_ctl(const char *s)
{
	for (; *s != '\0'; s++) {
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			return 1;
	}
	return 0;
}

/* A copy of p[0..n) without surrounding blanks, or NULL if too long. */
static char *
fetch_trimdup(const char *p, size_t n)
{
	while (n > 0 && (*p == ' ' || *p == '\t')) {
		p++;
		n--;
	}
	while (n > 0 && (p[n - 1] == ' ' || p[n - 1] == '\t' ||
	    p[n - 1] == '\r' || p[n - 1] == '\n'))
		n--;
	if (n > FETCH_HEADER_MAX)
		return NULL;
	return dl_strndup(p, n);
}

/* The reason phrase for a status line that brought none (HTTP/2). */
static const char *
fetch_reason_default(long code)
{
	size_t	 i;

	for (i = 0; i < sizeof fetch_reasons / sizeof fetch_reasons[0]; i++) {
		if (fetch_reasons[i].code == code)
			return fetch_reasons[i].reason;
	}
	return "";
}

/* A new response starts. If the one before was a redirect that libcurl
 * followed, note where the leading run of permanent hops led. */
static void
fetch_xfer_next_response(struct fetch_xfer *x, long code)
{
	char	*u = NULL;

	if (x->status >= 300 && x->status < 400) {
		x->hops++;
		if (x->perm_run && (x->status == 301 || x->status == 308)) {
			dl_curl_easy_getinfo(x->easy, CURLINFO_EFFECTIVE_URL,
			    &u);
			free(x->permanent_url);
			x->permanent_url = u != NULL ? dl_strdup(u) : NULL;
		} else
			x->perm_run = 0;
	}
	fetch_xfer_reset_response(x);
	x->status = code;
}

/* "HTTP/1.1 404 Not Found" or "HTTP/2 404". */
static void
fetch_xfer_status_line(struct fetch_xfer *x, const char *p, size_t n)
{
	const char	*sp, *end = p + n;
	long		 code = 0;
	int		 digits = 0;

	if ((sp = memchr(p, ' ', n)) == NULL)
		return;
	for (sp++; sp < end && *sp >= '0' && *sp <= '9' && digits < 3;
	    sp++, digits++)
		code = code * 10 + (*sp - '0');
	if (digits != 3 || code < 200)
		return;		/* 1xx: an interim response, not the one */
	fetch_xfer_next_response(x, code);
	if (sp < end && *sp == ' ')
		sp++;
	x->reason = fetch_trimdup(sp, (size_t)(end - sp));
	if (x->reason != NULL && fetch_has_ctl(x->reason)) {
		free(x->reason);
		x->reason = NULL;
	}
}

static void
fetch_xfer_header(struct fetch_xfer *x, const char *p, size_t n)
{
	static const struct {
		const char	*name;
		size_t		 off;
	} keep[] = {
		{ "etag", offsetof(struct fetch_xfer, etag) },
		{ "last-modified", offsetof(struct fetch_xfer, last_modified) },
		{ "retry-after", offsetof(struct fetch_xfer, retry_after) },
		{ "content-type", offsetof(struct fetch_xfer, content_type) },
		{ "location", offsetof(struct fetch_xfer, location) },
	};
	const char	*colon;
	char		**slot;
	size_t		 i, len;

	if ((colon = memchr(p, ':', n)) == NULL)
		return;
	len = (size_t)(colon - p);
	for (i = 0; i < sizeof keep / sizeof keep[0]; i++) {
		if (strlen(keep[i].name) != len ||
		    !dl_strncaseeq(p, keep[i].name, len))
			continue;
		slot = (char **)((char *)x + keep[i].off);
		free(*slot);
		*slot = fetch_trimdup(colon + 1, n - len - 1);
		return;
	}
}

/* The final 2xx headers are in: tell the reader. */
static int
fetch_xfer_headers_done(struct fetch_xfer *x)
{
	char		 cs[64];
	const char	*charset = NULL;
	char		*url = NULL;

	if (x->status < 200 || x->status > 299 || x->in_body)
		return 0;
	x->in_body = 1;
	if (!x->body) {
		x->body = 1;
		x->f->bodies++;
	}
	if (charset_from_content_type(x->content_type, cs, sizeof cs) == 0)
		charset = cs;
	if (dl_curl_easy_getinfo(x->easy, CURLINFO_EFFECTIVE_URL, &url) !=
	    CURLE_OK)
		url = NULL;
	if (x->on_header != NULL && x->on_header(x->ctx, x->status,
	    url != NULL ? url : x->url, x->content_type, charset) < 0) {
		x->aborted = 1;
		return -1;
	}
	return 0;
}

static size_t
fetch_header_cb(char *p, size_t size, size_t nmemb, void *arg)
{
	struct fetch_xfer	*x = arg;
	size_t			 n = size * nmemb;

	if (x->in_body)
		return n;	/* trailers */
	if (n >= 5 && memcmp(p, "HTTP/", 5) == 0)
		fetch_xfer_status_line(x, p, n);
	else if (n > 0 && (p[0] == '\r' || p[0] == '\n')) {
		if (fetch_xfer_headers_done(x) != 0)
			return 0;
	} else
		fetch_xfer_header(x, p, n);
	return n;
}

static size_t
fetch_write_cb(char *p, size_t size, size_t nmemb, void *arg)
{
	struct fetch_xfer	*x = arg;
	size_t			 n = size * nmemb;
	int			 rc;

	if (n > x->f->opts.max_body - x->body_bytes) {
		x->too_large = 1;
		return FETCH_WRITE_ERROR;
	}
	if (x->in_body && x->on_data != NULL) {
		if ((rc = x->on_data(x->ctx, p, n)) < 0) {
			x->aborted = 1;
			return FETCH_WRITE_ERROR;
		}
		/* libcurl keeps the bytes and gives them again on resume. */
		if (rc == FETCH_DATA_PAUSE) {
			x->paused = 1;
			return CURL_WRITEFUNC_PAUSE;
		}
	}
	x->body_bytes += n;
	return n;
}

/* libcurl's progress meter: note when bytes last came off the wire
 * (compressed ones too, which reach fetch_write_cb only in bursts). */
static int
fetch_progress_cb(void *arg, curl_off_t dltotal, curl_off_t dlnow,
    curl_off_t ultotal, curl_off_t ulnow)
{
	struct fetch_xfer	*x = arg;

	(void)dltotal;
	(void)ultotal;
	(void)ulnow;
	if (dlnow != x->last_dlnow) {
		x->last_dlnow = dlnow;
		x->last_rx_ms = fetch_clock_ms();
	}
	return 0;
}

/* Watch the bytes coming in, from now. */
static void
fetch_xfer_progress(struct fetch_xfer *x)
{
	x->last_rx_ms = fetch_clock_ms();
	dl_curl_easy_setopt(x->easy, CURLOPT_NOPROGRESS, 0L);
	dl_curl_easy_setopt(x->easy, CURLOPT_XFERINFOFUNCTION,
	    fetch_progress_cb);
	dl_curl_easy_setopt(x->easy, CURLOPT_XFERINFODATA, x);
}

static void
fetch_xfer_protocols(CURL *e)
{
#if LIBCURL_VERSION_NUM >= 0x075500
	dl_curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "http,https");
	dl_curl_easy_setopt(e, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
#else
	dl_curl_easy_setopt(e, CURLOPT_PROTOCOLS,
	    CURLPROTO_HTTP | CURLPROTO_HTTPS);
	dl_curl_easy_setopt(e, CURLOPT_REDIR_PROTOCOLS,
	    CURLPROTO_HTTP | CURLPROTO_HTTPS);
#endif
}

/* Conditional GET: send the stored validators back, unless one holds a
 * control character. */
static void
fetch_xfer_validators(struct fetch_xfer *x, const struct fetch_req *req)
{
	char	*h;

	if (req->etag != NULL && *req->etag != '\0' &&
	    !fetch_has_ctl(req->etag)) {
		h = dl_printf("If-None-Match: %s", req->etag);
		x->hdrs = dl_curl_slist_append(x->hdrs, h);
		free(h);
	}
	if (req->last_modified != NULL && *req->last_modified != '\0' &&
	    !fetch_has_ctl(req->last_modified)) {
		h = dl_printf("If-Modified-Since: %s", req->last_modified);
		x->hdrs = dl_curl_slist_append(x->hdrs, h);
		free(h);
	}
}

/* Everything but the URL and the validators; proxies are left to libcurl,
 * which reads http_proxy, https_proxy and no_proxy itself. */
static void
fetch_xfer_setopts(struct fetch_xfer *x)
{
	const struct fetch_opts	*o = &x->f->opts;
	CURL			*e = x->easy;
	long			 stall_s = (o->stall_ms + 999) / 1000;
	curl_off_t		 maxsize;

	fetch_xfer_protocols(e);
	fetch_xfer_progress(x);
	dl_curl_easy_setopt(e, CURLOPT_PRIVATE, x);
	dl_curl_easy_setopt(e, CURLOPT_ERRORBUFFER, x->errbuf);
	dl_curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
	dl_curl_easy_setopt(e, CURLOPT_FOLLOWLOCATION, 1L);
	dl_curl_easy_setopt(e, CURLOPT_MAXREDIRS, 5L);
	dl_curl_easy_setopt(e, CURLOPT_ACCEPT_ENCODING, "");
	dl_curl_easy_setopt(e, CURLOPT_USERAGENT, o->user_agent);
	dl_curl_easy_setopt(e, CURLOPT_HTTP_VERSION,
	    (long)CURL_HTTP_VERSION_2TLS);
	/* Wait to multiplex only where HTTP/2 can be offered (ALPN, in
	 * TLS): over http://, libcurl 7.88 held every other request to the
	 * host until the first transfer ended, so one slow feed stalled
	 * its whole host. */
	if (strncasecmp(x->url, "https:", 6) == 0)
		dl_curl_easy_setopt(e, CURLOPT_PIPEWAIT, 1L);
	dl_curl_easy_setopt(e, CURLOPT_SUPPRESS_CONNECT_HEADERS, 1L);
	dl_curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS,
	    o->connect_timeout_ms);
	dl_curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, o->timeout_ms);
	dl_curl_easy_setopt(e, CURLOPT_LOW_SPEED_LIMIT, 1L);
	dl_curl_easy_setopt(e, CURLOPT_LOW_SPEED_TIME,
	    stall_s > 0 ? stall_s : 1L);
	/* A declared length far past the cap fails before the download; the
	 * slack lets a gzip body a bit bigger than its contents through. */
	maxsize = (curl_off_t)(o->max_body + o->max_body / 16 + 4096);
	dl_curl_easy_setopt(e, CURLOPT_MAXFILESIZE_LARGE, maxsize);
	dl_curl_easy_setopt(e, CURLOPT_HEADERFUNCTION, fetch_header_cb);
	dl_curl_easy_setopt(e, CURLOPT_HEADERDATA, x);
	dl_curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, fetch_write_cb);
	dl_curl_easy_setopt(e, CURLOPT_WRITEDATA, x);
	dl_curl_easy_setopt(e, CURLOPT_URL, x->url);
	if (x->hdrs != NULL)
		dl_curl_easy_setopt(e, CURLOPT_HTTPHEADER, x->hdrs);
}

int
fetch_add(struct fetch *f, const struct fetch_req *req, struct dl_err *err)
{
	struct fetch_queue	*qu;
	struct fetch_xfer	*x;

	if (req->url == NULL || req->on_done == NULL) {
		dl_err_set(err, "fetch: a request needs a url and on_done");
		return -1;
	}
	x = dl_calloc(1, sizeof *x);
	x->f = f;
	x->url = dl_strdup(req->url);
	x->ctx = req->ctx;
	x->on_header = req->on_header;
	x->on_data = req->on_data;
	x->on_done = req->on_done;
	x->perm_run = 1;
	fetch_xfer_validators(x, req);
	x->conditional = x->hdrs != NULL;
	if ((x->next = f->all) != NULL)
		f->all->prev = x;
	f->all = x;
	qu = x->conditional ? &f->cq : &f->bq;
	if (qu->tail != NULL)
		qu->tail->qnext = x;
	else
		qu->head = x;
	qu->tail = x;
	f->pending++;
	return 0;
}

/* The next request that may start, taken off its queue, or NULL. At
 * most max_total run at once, and of them at most max_bodies may bring a
 * body: a request without validators, or one whose answer was 2xx. A
 * conditional request goes first, as it most likely brings a 304, which
 * costs almost nothing; it is held too once max_bodies bodies are in,
 * for a server that ignores validators. */
static struct fetch_xfer *
fetch_next_queued(struct fetch *f)
{
	struct fetch_queue	*qu;
	struct fetch_xfer	*x;

	if (f->running >= (size_t)f->opts.max_total ||
	    f->bodies >= (size_t)f->opts.max_bodies)
		return NULL;
	qu = f->cq.head != NULL ? &f->cq : &f->bq;
	if ((x = qu->head) == NULL)
		return NULL;
	if ((qu->head = x->qnext) == NULL)
		qu->tail = NULL;
	return x;
}

/* Hand queued requests to libcurl (fetch_next_queued says which). Done
 * outside fetch_add so that callbacks, which run inside libcurl, may add
 * requests. A handle (about 20 KB in libcurl) exists only while its
 * transfer runs: 200 queued feeds do not hold 200 of them. */
static int
fetch_start_queued(struct fetch *f, struct dl_err *err)
{
	struct fetch_xfer	*x;
	CURLMcode		 mc;

	while ((x = fetch_next_queued(f)) != NULL) {
		if ((x->easy = dl_curl_easy_init()) == NULL) {
			dl_err_set(err, "%s: libcurl cannot create a handle",
			    x->url);
			return -1;
		}
		fetch_xfer_setopts(x);
		if ((mc = dl_curl_multi_add_handle(f->multi, x->easy)) !=
		    CURLM_OK) {
			dl_err_set(err, "%s: libcurl: %s", x->url,
			    dl_curl_multi_strerror(mc));
			return -1;
		}
		x->started = 1;
		x->body = !x->conditional;
		f->running++;
		f->bodies += (size_t)x->body;
	}
	return 0;
}

int
fetch_resume(struct fetch *f, const void *ctx)
{
	struct fetch_xfer	*x;

	for (x = f->all; x != NULL; x = x->next) {
		if (x->ctx == ctx && x->paused)
			break;
	}
	if (x == NULL)
		return 0;
	x->paused = 0;
	dl_curl_easy_pause(x->easy, CURLPAUSE_CONT);
	return 1;
}

/* Host and port of url, for messages; "?" if it cannot be read. */
static void
fetch_url_host(const char *url, char *host, size_t size, char *port,
    size_t psize)
{
	CURLU	*u;
	char	*h = NULL, *p = NULL;

	snprintf(host, size, "?");
	snprintf(port, psize, "?");
	if (url == NULL || (u = dl_curl_url()) == NULL)
		return;
	if (dl_curl_url_set(u, CURLUPART_URL, url, 0) == CURLUE_OK) {
		if (dl_curl_url_get(u, CURLUPART_HOST, &h, 0) == CURLUE_OK)
			snprintf(host, size, "%s", h);
		if (dl_curl_url_get(u, CURLUPART_PORT, &p,
		    CURLU_DEFAULT_PORT) == CURLUE_OK)
			snprintf(port, psize, "%s", p);
	}
	dl_curl_free(h);
	dl_curl_free(p);
	dl_curl_url_cleanup(u);
}

/* "60 s" or "1.5 s". */
static void
fetch_seconds(long ms, char *buf, size_t size)
{
	if (ms % 1000 == 0)
		snprintf(buf, size, "%ld s", ms / 1000);
	else
		snprintf(buf, size, "%.1f s", (double)ms / 1000);
}

/* libcurl's low-speed limit (under 1 byte/s for the stall time) ended
 * the transfer: say whether nothing came at all or bytes still trickled
 * in (a quarter second of slack for libcurl's once-a-second check). */
static void
fetch_stall_message(const struct fetch_xfer *x, char *msg, size_t size)
{
	const struct fetch_opts	*o = &x->f->opts;
	long			 stall = ((o->stall_ms + 999) / 1000) * 1000;
	char			 t[32];

	fetch_seconds(stall, t, sizeof t);
	if (fetch_clock_ms() - x->last_rx_ms >= stall - 250)
		snprintf(msg, size, "stalled: no data for %s", t);
	else
		snprintf(msg, size, "too slow: under 1 byte/s for %s", t);
}

/* libcurl says "timed out" for four different things; tell them apart
 * by its message, then by how far the transfer got. */
static enum fetch_kind
fetch_timeout_kind(struct fetch_xfer *x, const char *host, char *msg,
    size_t size)
{
	const struct fetch_opts	*o = &x->f->opts;
	curl_off_t		 connected = 0;
	char			 t[32];

	dl_curl_easy_getinfo(x->easy, CURLINFO_CONNECT_TIME_T, &connected);
	if (strncmp(x->errbuf, "Resolving timed out", 19) == 0) {
		snprintf(msg, size, "DNS failure: timed out resolving host %s",
		    host);
		return FETCH_DNS;
	}
	if (strncmp(x->errbuf, "Operation too slow", 18) == 0) {
		fetch_stall_message(x, msg, size);
	} else if (connected == 0 && x->status == 0) {
		fetch_seconds(o->connect_timeout_ms < o->timeout_ms ?
		    o->connect_timeout_ms : o->timeout_ms, t, sizeof t);
		snprintf(msg, size, "timeout connecting to %s after %s",
		    host, t);
	} else {
		fetch_seconds(o->timeout_ms, t, sizeof t);
		snprintf(msg, size, "timeout after %s", t);
	}
	return FETCH_TIMEOUT;
}

static enum fetch_kind
fetch_net_kind(struct fetch_xfer *x, CURLcode rc, const char *url,
    char *msg, size_t size)
{
	char	 host[256], port[16];
	long	 oserr = 0;

	fetch_url_host(url, host, sizeof host, port, sizeof port);
	switch (rc) {
	case CURLE_COULDNT_RESOLVE_HOST:
		snprintf(msg, size, "DNS failure: could not resolve host %s",
		    host);
		return FETCH_DNS;
	case CURLE_COULDNT_RESOLVE_PROXY:
		snprintf(msg, size, "DNS failure: could not resolve the proxy"
		    " (%s)", x->errbuf);
		return FETCH_DNS;
	case CURLE_COULDNT_CONNECT:
		dl_curl_easy_getinfo(x->easy, CURLINFO_OS_ERRNO, &oserr);
		snprintf(msg, size, "could not connect to %s port %s: %.200s", host,
		    port, oserr != 0 ? strerror((int)oserr) : x->errbuf);
		return FETCH_CONNECT;
	case CURLE_OPERATION_TIMEDOUT:
		return fetch_timeout_kind(x, host, msg, size);
	default:
		return FETCH_OTHER;
	}
}

static int
fetch_rc_is_tls(CURLcode rc)
{
	switch (rc) {
	case CURLE_SSL_CONNECT_ERROR:
	case CURLE_PEER_FAILED_VERIFICATION:
	case CURLE_SSL_CERTPROBLEM:
	case CURLE_SSL_CIPHER:
	case CURLE_SSL_CACERT_BADFILE:
	case CURLE_SSL_ISSUER_ERROR:
	case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
	case CURLE_SSL_INVALIDCERTSTATUS:
	case CURLE_SSL_CRL_BADFILE:
	case CURLE_SSL_ENGINE_NOTFOUND:
	case CURLE_SSL_ENGINE_SETFAILED:
	case CURLE_SSL_ENGINE_INITFAILED:
	case CURLE_USE_SSL_FAILED:
		return 1;
	default:
		return 0;
	}
}

/* "response too large (over 16 MB)". */
static void
fetch_too_large(size_t cap, char *msg, size_t size)
{
	if (cap % (1024 * 1024) == 0)
		snprintf(msg, size, "response too large (over %zu MB)",
		    cap / (1024 * 1024));
	else if (cap % 1024 == 0)
		snprintf(msg, size, "response too large (over %zu KB)",
		    cap / 1024);
	else
		snprintf(msg, size, "response too large (over %zu bytes)", cap);
}

/* A limit of ours ended the transfer: FETCH_TOO_LARGE or FETCH_ABORTED
 * with msg set, else FETCH_OK. */
static enum fetch_kind
fetch_limit_kind(const struct fetch_xfer *x, CURLcode rc, char *msg,
    size_t size)
{
	if (x->too_large || rc == CURLE_FILESIZE_EXCEEDED) {
		fetch_too_large(x->f->opts.max_body, msg, size);
		return FETCH_TOO_LARGE;
	}
	if (x->aborted) {
		snprintf(msg, size, "aborted by the reader");
		return FETCH_ABORTED;
	}
	/* libcurl 7.x says "Out of memory" when a header line passes its
	 * CURL_MAX_HTTP_HEADER (100 KB), before the body. */
	if (rc == CURLE_OUT_OF_MEMORY && !x->in_body) {
		snprintf(msg, size, "response headers too large");
		return FETCH_TOO_LARGE;
	}
	return FETCH_OK;
}

/* A redirect libcurl would not follow, naming its target (controls
 * percent-encoded: the header came from the network). */
static void
fetch_bad_redirect(const struct fetch_xfer *x, CURLcode rc, char *msg,
    size_t size)
{
	char	*loc = url_encode_unsafe(x->location);

	snprintf(msg, size, "redirect to %s URL refused (%.200s)",
	    rc == CURLE_URL_MALFORMAT ? "a malformed" : "a non-http",
	    loc != NULL ? loc : x->location);
	free(loc);
}

/* What a libcurl error means, in words. */
static enum fetch_kind
fetch_curl_kind(struct fetch_xfer *x, CURLcode rc, const char *url,
    char *msg, size_t size)
{
	const char	*why = x->errbuf[0] != '\0' ? x->errbuf :
			    dl_curl_easy_strerror(rc);
	enum fetch_kind	 kind;

	if ((kind = fetch_limit_kind(x, rc, msg, size)) != FETCH_OK)
		return kind;
	if (rc == CURLE_TOO_MANY_REDIRECTS) {
		snprintf(msg, size, "too many redirects (more than 5)");
		return FETCH_BAD_REDIRECT;
	}
	if ((rc == CURLE_UNSUPPORTED_PROTOCOL || rc == CURLE_URL_MALFORMAT) &&
	    x->location != NULL) {
		fetch_bad_redirect(x, rc, msg, size);
		return FETCH_BAD_REDIRECT;
	}
	if (rc == CURLE_UNSUPPORTED_PROTOCOL || rc == CURLE_URL_MALFORMAT) {
		snprintf(msg, size, "not an http or https URL: %.200s", x->url);
		return FETCH_OTHER;
	}
	if (fetch_rc_is_tls(rc)) {
		snprintf(msg, size, "TLS error: %s", why);
		return FETCH_TLS;
	}
	if ((kind = fetch_net_kind(x, rc, url, msg, size)) != FETCH_OTHER)
		return kind;
	snprintf(msg, size, "%s", why);
	return FETCH_OTHER;
}

/* What a complete HTTP response means. */
static enum fetch_kind
fetch_http_kind(struct fetch_xfer *x, long status, int64_t *retry_after,
    char *msg, size_t size)
{
	const char	*reason = x->reason != NULL && *x->reason != '\0' ?
			    x->reason : fetch_reason_default(status);

	*retry_after = 0;
	snprintf(msg, size, "HTTP %ld%s%s", status, *reason != '\0' ? " " : "",
	    reason);
	if (status >= 200 && status <= 299)
		return FETCH_OK;
	if (status == 304)
		return FETCH_NOT_MODIFIED;
	if (status == 410)
		return FETCH_GONE;
	if (status != 429 && status != 503)
		return FETCH_HTTP_ERROR;
	*retry_after = fetch_retry_after(x->retry_after, (int64_t)dl_now());
	if (*retry_after > 0)
		snprintf(msg + strlen(msg), size - strlen(msg),
		    " (retry after %lld s%s)", (long long)*retry_after,
		    *retry_after == FETCH_BACKOFF_MAX ? ", the longest wait" :
		    "");
	return FETCH_RATE_LIMITED;
}

/* The transfer is over: put the outcome into words and tell the caller. */
static void
fetch_xfer_done(struct fetch_xfer *x, CURLcode rc)
{
	struct fetch_result	 r;
	char			 msg[512];
	char			*url = NULL, *ctype = NULL;
	curl_off_t		 body = 0, t = 0;
	long			 status = 0, hsize = 0;

	memset(&r, 0, sizeof r);
	dl_curl_easy_getinfo(x->easy, CURLINFO_RESPONSE_CODE, &status);
	dl_curl_easy_getinfo(x->easy, CURLINFO_EFFECTIVE_URL, &url);
	dl_curl_easy_getinfo(x->easy, CURLINFO_CONTENT_TYPE, &ctype);
	dl_curl_easy_getinfo(x->easy, CURLINFO_SIZE_DOWNLOAD_T, &body);
	dl_curl_easy_getinfo(x->easy, CURLINFO_HEADER_SIZE, &hsize);
	dl_curl_easy_getinfo(x->easy, CURLINFO_TOTAL_TIME_T, &t);
	if (rc == CURLE_OK && !x->aborted && !x->too_large)
		r.kind = fetch_http_kind(x, status, &r.retry_after, msg,
		    sizeof msg);
	else
		r.kind = fetch_curl_kind(x, rc, url, msg, sizeof msg);
	r.status = status;
	r.message = msg;
	r.etag = x->etag;
	r.last_modified = x->last_modified;
	r.effective_url = url != NULL ? url : x->url;
	r.permanent_url = x->permanent_url;
	r.content_type = ctype;
	r.body_bytes = x->body_bytes;
	r.wire_bytes = (uint64_t)body + (uint64_t)hsize;
	r.seconds = (double)t / 1e6;
	x->on_done(x->ctx, &r);
}

/* Finish every transfer libcurl says is done. */
static void
fetch_drain(struct fetch *f)
{
	struct fetch_xfer	*x;
	CURLMsg			*m;
	int			 left;
	CURLcode		 rc;

	while ((m = dl_curl_multi_info_read(f->multi, &left)) != NULL) {
		if (m->msg != CURLMSG_DONE)
			continue;
		rc = m->data.result;
		x = NULL;
		dl_curl_easy_getinfo(m->easy_handle, CURLINFO_PRIVATE,
		    (char **)&x);
		dl_curl_multi_remove_handle(f->multi, m->easy_handle);
		fetch_xfer_unlink(f, x);
		f->pending--;
		fetch_xfer_stopped(f, x);
		fetch_xfer_done(x, rc);
		fetch_xfer_free(x);
	}
}

/* Let libcurl move every transfer along, then collect the finished. */
static int
fetch_perform(struct fetch *f, struct dl_err *err)
{
	CURLMcode	 mc;
	int		 running;

	if (fetch_start_queued(f, err) != 0)
		return -1;
	if ((mc = dl_curl_multi_perform(f->multi, &running)) != CURLM_OK) {
		dl_err_set(err, "libcurl: %s", dl_curl_multi_strerror(mc));
		return -1;
	}
	fetch_drain(f);
	return fetch_start_queued(f, err);
}

void
fetch_wakeup(struct fetch *f)
{
	(void)dl_curl_multi_wakeup(f->multi);
}

int
fetch_poll(struct fetch *f, int timeout_ms, int extra_fd, struct dl_err *err)
{
	struct curl_waitfd	 w;
	CURLMcode		 mc;

	if (fetch_perform(f, err) != 0)
		return -1;
	if (f->pending == 0 && extra_fd < 0)
		return 0;
	memset(&w, 0, sizeof w);
	w.fd = extra_fd;
	w.events = CURL_WAIT_POLLIN;
	mc = dl_curl_multi_poll(f->multi, extra_fd >= 0 ? &w : NULL,
	    extra_fd >= 0 ? 1 : 0, timeout_ms, NULL);
	if (mc != CURLM_OK) {
		dl_err_set(err, "libcurl: %s", dl_curl_multi_strerror(mc));
		return -1;
	}
	if (fetch_perform(f, err) != 0)
		return -1;
	return extra_fd >= 0 && (w.revents & CURL_WAIT_POLLIN) ? 1 : 0;
}

int
fetch_run(struct fetch *f, struct dl_err *err)
{
	while (f->pending > 0) {
		if (fetch_poll(f, 1000, -1, err) < 0)
			return -1;
	}
	return 0;
}

int64_t
fetch_backoff(int fails, int64_t retry_after)
{
	int64_t	 wait = FETCH_BACKOFF_MIN;
	int	 i;

	if (fails <= 0)
		return 0;
	for (i = 1; i < fails && wait < FETCH_BACKOFF_MAX; i++)
		wait *= 2;
	if (wait > FETCH_BACKOFF_MAX)
		wait = FETCH_BACKOFF_MAX;
	if (retry_after > wait)
		wait = retry_after < FETCH_BACKOFF_MAX ? retry_after :
		    FETCH_BACKOFF_MAX;
	return wait;
}

int64_t
fetch_next_time(int64_t now, enum fetch_kind kind, int fails,
    int64_t retry_after, int64_t interval)
{
	if (kind == FETCH_GONE)
		return -1;
	if (!fetch_kind_failed(kind))
		return now + (interval > 0 ? interval : 0);
	return now + fetch_backoff(fails > 0 ? fails : 1, retry_after);
}

int64_t
fetch_retry_after(const char *value, int64_t now)
{
	char	 buf[128];
	size_t	 n;
	long	 secs;
	int64_t	 t;

	if (value == NULL)
		return 0;
	while (*value == ' ' || *value == '\t')
		value++;
	snprintf(buf, sizeof buf, "%s", value);
	n = strlen(buf);
	while (n > 0 && strchr(" \t\r\n", buf[n - 1]) != NULL)
		buf[--n] = '\0';
	if (n > 0 && strspn(buf, "0123456789") == n) {
		/* Too many digits to read still means "a long time". */
		if (dl_strtonum(buf, 0, FETCH_BACKOFF_MAX, &secs) != 0)
			return FETCH_BACKOFF_MAX;
		return secs;
	}
	if ((t = date_parse(buf)) == DATE_NONE || t <= now)
		return 0;
	return t - now < FETCH_BACKOFF_MAX ? t - now : FETCH_BACKOFF_MAX;
}
