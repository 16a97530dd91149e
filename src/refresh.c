/* refresh.c: one refresh of many feeds (issue 3): conditional GETs on the
 * fetch loop, each body streamed into its own feed parser, each feed's
 * items staged in one store batch and committed (or dropped) as a whole,
 * and the outcome recorded with the politeness rules of fetch.h. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "dl.h"
#include "feed.h"
#include "fetch.h"
#include "refresh.h"
#include "store.h"

/* One feed being refreshed. */
struct refresh_job {
	struct refresh		*rf;
	struct refresh_job	*prev, *next;	/* rf->jobs: every job */
	struct refresh_job	*snext;		/* rf->skips: to report */
	char			*url;
	int64_t			 feed_id;
	char			*etag;		/* stored validators */
	char			*last_modified;
	char			*last_error;	/* stored, for skips */
	char			*moved_to;
	int			 fail_count;
	int			 last_status;
	int64_t			 next_fetch;
	enum refresh_outcome	 skip;
	struct feed_parser	*parser;	/* once the 2xx headers are in */
	struct store_batch	*batch;
	int			 gave_up;	/* the parser stopped reading */
	int			 store_failed;	/* err says why */
	struct dl_err		 err;
};

struct refresh {
	struct store		*st;
	struct fetch		*fetch;
	struct refresh_opts	 opts;
	struct refresh_callbacks cb;
	void			*ctx;
	struct refresh_stats	 stats;
	struct refresh_job	*jobs;
	struct refresh_job	*skips, *skips_tail;
};

static const char *refresh_outcome_names[] = {
	"updated", "recovered", "not-modified", "dead", "backoff", "failed"
};

const char *
refresh_outcome_name(enum refresh_outcome o)
{
	if ((size_t)o >= sizeof refresh_outcome_names /
	    sizeof refresh_outcome_names[0])
		return "unknown";
	return refresh_outcome_names[o];
}

/* A positive number from the environment into *out; else *out stays. */
static void
refresh_env(const char *name, long min, long *out)
{
	const char	*v = getenv(name);
	long		 n;

	if (v != NULL && dl_strtonum(v, min, 1L << 40, &n) == 0)
		*out = n;
}

void
refresh_opts_init(struct refresh_opts *o)
{
	long	 body;

	memset(o, 0, sizeof *o);
	fetch_opts_init(&o->fetch);
	o->fetch.max_total = REFRESH_MAX_TOTAL;
	o->fetch.max_per_host = REFRESH_MAX_PER_HOST;
	o->max_items = REFRESH_MAX_ITEMS;
	o->interval = REFRESH_INTERVAL;
	refresh_env("DATELINE_TIMEOUT_MS", 1, &o->fetch.timeout_ms);
	refresh_env("DATELINE_STALL_MS", 1000, &o->fetch.stall_ms);
	refresh_env("DATELINE_CONNECT_TIMEOUT_MS", 1,
	    &o->fetch.connect_timeout_ms);
	body = (long)o->fetch.max_body;
	refresh_env("DATELINE_MAX_BODY", 1, &body);
	o->fetch.max_body = (size_t)body;
}

struct refresh *
refresh_new(struct store *st, const struct refresh_opts *opts,
    const struct refresh_callbacks *cb, void *ctx, struct dl_err *err)
{
	struct refresh	*rf;

	rf = dl_calloc(1, sizeof *rf);
	if (opts != NULL)
		rf->opts = *opts;
	else
		refresh_opts_init(&rf->opts);
	if (cb != NULL)
		rf->cb = *cb;
	rf->ctx = ctx;
	rf->st = st;
	if ((rf->fetch = fetch_new(&rf->opts.fetch, err)) == NULL) {
		free(rf);
		return NULL;
	}
	store_set_max_items(st, rf->opts.max_items);
	return rf;
}

static void
refresh_job_free(struct refresh_job *j)
{
	struct refresh	*rf = j->rf;

	if (j->prev != NULL)
		j->prev->next = j->next;
	else if (rf->jobs == j)
		rf->jobs = j->next;
	if (j->next != NULL)
		j->next->prev = j->prev;
	feed_parser_free(j->parser);
	store_batch_abort(j->batch);
	free(j->url);
	free(j->etag);
	free(j->last_modified);
	free(j->last_error);
	free(j->moved_to);
	free(j);
}

void
refresh_free(struct refresh *rf)
{
	if (rf == NULL)
		return;
	fetch_free(rf->fetch);	/* never calls on_done */
	while (rf->jobs != NULL)
		refresh_job_free(rf->jobs);
	free(rf);
}

size_t
refresh_pending(const struct refresh *rf)
{
	return rf->stats.total - rf->stats.done;
}

const struct refresh_stats *
refresh_stats(const struct refresh *rf)
{
	return &rf->stats;
}

/* Count the outcome and tell the caller. */
static void
refresh_report(struct refresh *rf, const struct refresh_feed_result *r)
{
	struct refresh_stats	*s = &rf->stats;

	s->done++;
	switch (r->outcome) {
	case REFRESH_NOT_MODIFIED:
		s->not_modified++;
		/* FALLTHROUGH */
	case REFRESH_UPDATED:
	case REFRESH_RECOVERED:
		s->ok++;
		break;
	case REFRESH_SKIP_DEAD:
	case REFRESH_SKIP_BACKOFF:
		s->skipped++;
		break;
	case REFRESH_FAILED:
		s->failed++;
		break;
	}
	s->added += r->added;
	s->updated += r->updated;
	if (rf->cb.on_feed != NULL)
		rf->cb.on_feed(rf->ctx, r, s);
}

/* --- Parsing as the bytes arrive ----------------------------------------- */

static void
refresh_on_item(void *ctx, const struct feed_item *item)
{
	struct refresh_job	*j = ctx;

	if (j->store_failed)
		return;
	if (store_batch_item(j->batch, item, &j->err) == -1) {
		dl_err_prefix(&j->err, "cache: ");
		j->store_failed = 1;
	}
}

static const struct feed_callbacks refresh_feed_cb = {
	NULL, refresh_on_item
};

/* The final 2xx response: a parser with the header's charset, and the
 * batch its items go into. Relative links resolve against the URL the
 * feed came from, after redirects. */
static int
refresh_on_header(void *ctx, long status, const char *url,
    const char *content_type, const char *charset)
{
	struct refresh_job	*j = ctx;

	(void)status;
	(void)content_type;
	if (j->parser != NULL)
		return 0;
	j->parser = feed_parser_new(&refresh_feed_cb, j,
	    url != NULL ? url : j->url, charset);
	j->batch = store_batch_begin(j->rf->st, j->feed_id);
	return 0;
}

/* Bytes go straight to the parser; no copy of the body is kept. Once the
 * parser has given up, or the cache failed, the rest is not wanted. */
static int
refresh_on_data(void *ctx, const char *p, size_t n)
{
	struct refresh_job	*j = ctx;

	if (j->parser == NULL)
		refresh_on_header(ctx, 200, NULL, NULL, NULL);
	if (feed_parser_feed(j->parser, p, n) == -1) {
		j->gave_up = 1;
		return -1;
	}
	return j->store_failed ? -1 : 0;
}

/* --- Recording the outcome ----------------------------------------------- */

/* Record f, failing the result with the cache's error if it cannot. */
static void
refresh_record(struct refresh_job *j, const struct store_fetch *f,
    struct refresh_feed_result *res)
{
	if (store_feed_record_fetch(j->rf->st, j->feed_id, f, &j->err) == 0)
		return;
	dl_err_prefix(&j->err, "cache: ");
	res->outcome = REFRESH_FAILED;
	res->message = j->err.msg;
}

/* 304: the validators still hold; nothing parsed, nothing written. A
 * 304 may carry fresh validators; the stored ones fill the gaps. */
static void
refresh_not_modified(struct refresh_job *j, const struct fetch_result *r,
    struct refresh_feed_result *res)
{
	struct store_fetch	 f = { 0 };
	int64_t			 now = (int64_t)dl_now();

	f.status = (int)r->status;
	f.set_validators = 1;
	f.etag = r->etag != NULL ? r->etag : j->etag;
	f.last_modified = r->last_modified != NULL ? r->last_modified :
	    j->last_modified;
	f.fetched_at = now;
	f.next_fetch = now + j->rf->opts.interval;
	f.moved_to = r->permanent_url;
	res->outcome = REFRESH_NOT_MODIFIED;
	res->next_fetch = f.next_fetch;
	refresh_record(j, &f, res);
}

/* A failure of any kind: nothing of the feed is written; the error is
 * recorded with the failure count, the backoff (Retry-After honoured) and
 * 410's dead flag. */
static void
refresh_failed(struct refresh_job *j, const struct fetch_result *r,
    const char *msg, struct refresh_feed_result *res)
{
	struct store_fetch	 f = { 0 };
	int64_t			 now = (int64_t)dl_now();

	store_batch_abort(j->batch);
	j->batch = NULL;
	f.status = (int)r->status;
	f.error = msg;
	f.fetched_at = now;
	f.dead = r->kind == FETCH_GONE;
	f.next_fetch = f.dead ? DATE_NONE :
	    now + fetch_backoff(j->fail_count + 1, r->retry_after);
	f.moved_to = r->permanent_url;
	res->outcome = REFRESH_FAILED;
	res->message = msg;
	res->next_fetch = f.next_fetch;
	refresh_record(j, &f, res);
}

/* The parser's "LINE:COL: reason" in words: "not a feed (...)" and
 * "empty document" as they are, else "parse error at LINE:COL: reason".
 * With recovered, the count of items kept is added. */
static void
refresh_parse_message(const char *perr, int recovered, size_t kept,
    char *out, size_t size)
{
	const char	*reason = perr;
	size_t		 loc;
	int		 ll = 0;

	loc = strspn(perr, "0123456789:");
	if (loc >= 4 && perr[loc] == ' ' && perr[loc - 1] == ':') {
		reason = perr + loc + 1;
		ll = (int)loc - 1;	/* "LINE:COL" without its colon */
	}
	if (strncmp(reason, "warning: ", 9) == 0)
		reason += 9;
	if (recovered && ll > 0)
		snprintf(out, size, "damaged feed, kept %zu items: parse error "
		    "at %.*s: %s", kept, ll, perr, reason);
	else if (recovered)
		snprintf(out, size, "damaged feed, kept %zu items: %s", kept,
		    reason);
	else if (ll == 0 || strncmp(reason, "not a feed", 10) == 0 ||
	    strcmp(reason, "empty document") == 0)
		snprintf(out, size, "%s", reason);
	else
		snprintf(out, size, "parse error at %.*s: %s", ll, perr,
		    reason);
}

/* The items are in: the feed's title, then the fetch with the new
 * validators (the same document will give the same items, damaged or
 * not, so a 304 next time is right either way). */
static void
refresh_succeeded(struct refresh_job *j, const struct fetch_result *r,
    struct refresh_feed_result *res)
{
	const struct feed_info	*info = feed_parser_info(j->parser);
	struct store_fetch	 f = { 0 };
	int64_t			 now = (int64_t)dl_now();

	if (info != NULL && info->title != NULL && store_feed_set_title(
	    j->rf->st, j->feed_id, info->title, &j->err) == -1) {
		dl_err_prefix(&j->err, "cache: ");
		res->outcome = REFRESH_FAILED;
		res->message = j->err.msg;
		return;
	}
	f.status = r->status != 0 ? (int)r->status : 200;
	f.set_validators = 1;
	f.etag = r->etag;
	f.last_modified = r->last_modified;
	f.fetched_at = now;
	f.next_fetch = res->next_fetch = now + j->rf->opts.interval;
	f.moved_to = r->permanent_url;
	refresh_record(j, &f, res);
}

/* A 2xx body, read to the end or up to where the parser gave up: commit
 * the batch in one transaction and record the success. A document that
 * cannot be read writes nothing. */
static void
refresh_parsed(struct refresh_job *j, const struct fetch_result *r,
    char *msg, size_t size, struct refresh_feed_result *res)
{
	struct store_counts	 c = { 0 };
	struct dl_err		 perr = { "" };
	enum feed_result	 fr;

	if (j->parser == NULL)	/* an empty body */
		refresh_on_header(j, r->status, NULL, NULL, NULL);
	if ((fr = feed_parser_finish(j->parser, &perr)) == FEED_FAILED) {
		refresh_parse_message(perr.msg, 0, 0, msg, size);
		refresh_failed(j, r, msg, res);
		return;
	}
	if (store_batch_commit(j->batch, &c, &j->err) == -1) {
		j->batch = NULL;
		snprintf(msg, size, "cache: %s", j->err.msg);
		refresh_failed(j, r, msg, res);
		return;
	}
	j->batch = NULL;
	res->outcome = fr == FEED_OK ? REFRESH_UPDATED : REFRESH_RECOVERED;
	if (fr == FEED_RECOVERED) {
		refresh_parse_message(perr.msg, 1, feed_parser_count(j->parser),
		    msg, size);
		res->message = msg;
	}
	res->added = c.added;
	res->updated = c.updated;
	refresh_succeeded(j, r, res);
}

static void
refresh_on_done(void *ctx, const struct fetch_result *r)
{
	struct refresh_job		*j = ctx;
	struct refresh_feed_result	 res;
	char				 msg[sizeof j->err.msg + 64];

	memset(&res, 0, sizeof res);
	res.url = j->url;
	res.kind = r->kind;
	res.status = r->status;
	res.moved_to = r->permanent_url;
	res.next_fetch = DATE_NONE;
	if (r->kind == FETCH_NOT_MODIFIED)
		refresh_not_modified(j, r, &res);
	else if (j->store_failed) {
		snprintf(msg, sizeof msg, "%s", j->err.msg);
		refresh_failed(j, r, msg, &res);
	} else if (r->kind == FETCH_OK ||
	    (r->kind == FETCH_ABORTED && j->gave_up))
		refresh_parsed(j, r, msg, sizeof msg, &res);
	else
		refresh_failed(j, r, r->message, &res);
	refresh_report(j->rf, &res);
	refresh_job_free(j);
}

/* --- Adding feeds and running -------------------------------------------- */

static struct refresh_job *
refresh_job_new(struct refresh *rf, const char *url,
    const struct store_feed *f)
{
	struct refresh_job	*j;

	j = dl_calloc(1, sizeof *j);
	j->rf = rf;
	j->url = dl_strdup(url);
	j->feed_id = f->id;
	j->etag = f->etag != NULL ? dl_strdup(f->etag) : NULL;
	j->last_modified = f->last_modified != NULL ?
	    dl_strdup(f->last_modified) : NULL;
	j->last_error = f->last_error != NULL ? dl_strdup(f->last_error) :
	    NULL;
	j->moved_to = f->moved_to != NULL ? dl_strdup(f->moved_to) : NULL;
	j->fail_count = f->fail_count;
	j->last_status = f->last_status;
	j->next_fetch = f->next_fetch;
	j->next = rf->jobs;
	if (rf->jobs != NULL)
		rf->jobs->prev = j;
	rf->jobs = j;
	return j;
}

/* Whether the feed is to be fetched now; if not, j->skip says why. A
 * feed is skipped when dead, or when backing off after errors (or a
 * Retry-After) and its next fetch time has not come. */
static int
refresh_due(struct refresh_job *j, const struct store_feed *f, int flags)
{
	if (flags & REFRESH_FORCE)
		return 1;
	if (f->dead) {
		j->skip = REFRESH_SKIP_DEAD;
		j->next_fetch = DATE_NONE;
		return 0;
	}
	if (f->fail_count > 0 && f->next_fetch != DATE_NONE &&
	    f->next_fetch > (int64_t)dl_now()) {
		j->skip = REFRESH_SKIP_BACKOFF;
		return 0;
	}
	return 1;
}

static void
refresh_queue_skip(struct refresh *rf, struct refresh_job *j)
{
	if (rf->skips_tail != NULL)
		rf->skips_tail->snext = j;
	else
		rf->skips = j;
	rf->skips_tail = j;
}

static int
refresh_start(struct refresh *rf, struct refresh_job *j, struct dl_err *err)
{
	struct fetch_req	 req;

	memset(&req, 0, sizeof req);
	req.url = j->url;
	req.etag = j->etag;
	req.last_modified = j->last_modified;
	req.ctx = j;
	req.on_header = refresh_on_header;
	req.on_data = refresh_on_data;
	req.on_done = refresh_on_done;
	return fetch_add(rf->fetch, &req, err);
}

int
refresh_add(struct refresh *rf, const char *url, const char *kind,
    int flags, struct dl_err *err)
{
	struct store_feed	 f;
	struct refresh_job	*j;
	int64_t			 id;
	int			 rc = -1;

	memset(&f, 0, sizeof f);
	if (store_feed_upsert(rf->st, url, kind, &id, err) == -1)
		goto out;
	if ((rc = store_feed_get(rf->st, url, &f, err)) != 0) {
		if (rc == 1)
			dl_err_set(err, "%s: not in the cache after adding it",
			    url);
		rc = -1;
		goto out;
	}
	j = refresh_job_new(rf, url, &f);
	if (!refresh_due(j, &f, flags))
		refresh_queue_skip(rf, j);
	else if (refresh_start(rf, j, err) == -1) {
		refresh_job_free(j);
		rc = -1;
		goto out;
	}
	rf->stats.total++;
out:
	store_feed_clear(&f);
	return rc;
}

/* Skipped feeds are reported from the loop, like every other outcome. */
static void
refresh_report_skips(struct refresh *rf)
{
	struct refresh_feed_result	 res;
	struct refresh_job		*j;

	while ((j = rf->skips) != NULL) {
		if ((rf->skips = j->snext) == NULL)
			rf->skips_tail = NULL;
		memset(&res, 0, sizeof res);
		res.url = j->url;
		res.outcome = j->skip;
		res.kind = FETCH_OK;
		res.status = j->last_status;
		res.message = j->last_error;
		res.moved_to = j->moved_to;
		res.next_fetch = j->next_fetch;
		refresh_report(rf, &res);
		refresh_job_free(j);
	}
}

int
refresh_step(struct refresh *rf, int timeout_ms, int extra_fd,
    struct dl_err *err)
{
	refresh_report_skips(rf);
	if (fetch_pending(rf->fetch) == 0 && extra_fd < 0)
		return 0;
	return fetch_poll(rf->fetch, timeout_ms, extra_fd, err);
}

int
refresh_run(struct refresh *rf, struct dl_err *err)
{
	while (refresh_pending(rf) > 0) {
		if (refresh_step(rf, 1000, -1, err) == -1)
			return -1;
	}
	return 0;
}
