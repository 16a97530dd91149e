/* refresh.c: one refresh of many feeds (issue 3): conditional GETs on the
 * fetch loop, each body streamed into its own feed parser, each feed's
 * items staged in one store batch and committed (or dropped) as a whole,
 * and the outcome recorded with the politeness rules of fetch.h; and the
 * story pages of items (issue 4), fetched on the same loop a few at a
 * time per host, their article extracted and stored. */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "date.h"
#include "dl.h"
#include "extract.h"
#include "feed.h"
#include "fetch.h"
#include "html.h"
#include "hub.h"
#include "refresh.h"
#include "store.h"
#include "subs.h"
#include "url.h"

/* One feed being refreshed. */
/* Whether a feed's body may be read now. Each feed being read holds a
 * parser and its staged items (about its size) until its commit; with
 * bodies arriving together, 64 of them were 9 MB. So once the feeds
 * being read have taken REFRESH_READ_BUDGET bytes, a new body waits,
 * paused, in its socket until one of them is done, or for at most
 * REFRESH_WAIT_MAX_MS, so that a slow feed cannot hold the others
 * back until they time out. */
enum refresh_admit {
	REFRESH_ADMIT_NONE,	/* no body byte offered yet */
	REFRESH_ADMIT_WAIT,	/* paused, in rf->waiting */
	REFRESH_ADMIT_READ,	/* being read */
};

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
	struct feed_parser	*parser;	/* once the first bytes are in */
	struct store_batch	*batch;
	char			*base;		/* the 2xx response's URL */
	char			*charset;	/* and its header charset */
	enum refresh_admit	 admit;		/* may the body be read? */
	int64_t			 wait_since;	/* ms, when it began to wait */
	struct refresh_job	*wnext;		/* rf->waiting */
	uint64_t		 fed;		/* body bytes read so far */
	int			 prefetch;	/* fetch new items' pages */
	int			 gave_up;	/* the parser stopped reading */
	int			 store_failed;	/* err says why */
	struct dl_err		 err;
	int			 hub;		/* kind "hub": hub_parse */
	char			*link_pattern;	/* hub: the urls option */
	char			*hub_base;	/* hub: URL after redirects */
	char			*hub_charset;	/* hub: from the HTTP header */
	struct dl_buf		 hub_page;	/* hub: the page's bytes */
};

struct refresh_host;

/* One story page being fetched, or waiting for its host. */
struct refresh_art {
	struct refresh		*rf;
	struct refresh_host	*host;
	struct refresh_art	*prev, *next;	/* host->wait, or rf->arts */
	int64_t			 item_id;
	char			*url;
	char			*base;		/* after redirects */
	char			*charset;	/* from the HTTP header */
	char			*not_html;	/* the content type refused */
	char			*etag;		/* the stored article's */
	char			*last_modified;	/* validators, or NULL */
	int			 prefetch;
	struct dl_buf		 body;
};

/* A host (host:port) of story pages: how many are being fetched, and
 * the ones waiting for a turn, in order. */
struct refresh_host {
	struct refresh_host	*next;
	char			*name;
	int			 running;
	struct refresh_art	*wait, *wait_tail;
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
	struct refresh_art	*arts;		/* story pages being fetched */
	struct refresh_host	*hosts;
	size_t			 narts;		/* running and waiting */
	int64_t			*rec_ids;	/* fetches to record: */
	struct store_fetch	*recs;		/* refresh_flush writes */
	size_t			 nrecs, arecs;	/* them in one commit */
	struct refresh_job	*waiting, *waiting_tail; /* to resume */
	size_t			 reading;	/* jobs in REFRESH_ADMIT_READ */
	uint64_t		 read_bytes;	/* the bytes they took */
	uint64_t		 read_budget;
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
	o->read_budget = REFRESH_READ_BUDGET;
	refresh_env("DATELINE_READ_BUDGET", 1, &o->read_budget);
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
	rf->read_budget = (uint64_t)rf->opts.read_budget;
	if ((rf->fetch = fetch_new(&rf->opts.fetch, err)) == NULL) {
		free(rf);
		return NULL;
	}
	store_set_max_items(st, rf->opts.max_items);
	/* Best effort: without the thread, commits checkpoint as before. */
	(void)store_checkpoint_in_background(st, NULL);
	return rf;
}

/* j is done (or freed): give back what it took, or leave the queue. */
static void
refresh_admit_leave(struct refresh_job *j)
{
	struct refresh		*rf = j->rf;
	struct refresh_job	**pp, *prev = NULL;

	if (j->admit == REFRESH_ADMIT_READ) {
		rf->reading--;
		rf->read_bytes -= j->fed;
	} else if (j->admit == REFRESH_ADMIT_WAIT) {
		for (pp = &rf->waiting; *pp != j; pp = &(*pp)->wnext)
			prev = *pp;
		*pp = j->wnext;
		if (rf->waiting_tail == j)
			rf->waiting_tail = prev;
	}
	j->admit = REFRESH_ADMIT_NONE;
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
	refresh_admit_leave(j);
	feed_parser_free(j->parser);
	store_batch_abort(j->batch);
	free(j->base);
	free(j->charset);
	free(j->url);
	free(j->etag);
	free(j->last_modified);
	free(j->last_error);
	free(j->moved_to);
	free(j->link_pattern);
	free(j->hub_base);
	free(j->hub_charset);
	dl_buf_clear(&j->hub_page);
	free(j);
}

static void refresh_art_free(struct refresh_art *);
static void refresh_hosts_free(struct refresh *);

static void
refresh_rec_clear(struct store_fetch *f)
{
	free((char *)f->error);
	free((char *)f->etag);
	free((char *)f->last_modified);
	free((char *)f->moved_to);
}

/* Write the queued fetch records in one transaction: 200 feeds that
 * answer 304 together cost one commit, not 200. Returns 0 or -1. */
static int
refresh_flush(struct refresh *rf, struct dl_err *err)
{
	size_t	 i;
	int	 rc;

	if (rf->nrecs == 0)
		return 0;
	rc = store_feed_record_fetches(rf->st, rf->rec_ids, rf->recs,
	    rf->nrecs, err);
	if (rc == -1)
		dl_err_prefix(err, "cache: ");
	for (i = 0; i < rf->nrecs; i++)
		refresh_rec_clear(&rf->recs[i]);
	rf->nrecs = 0;
	return rc;
}

void
refresh_free(struct refresh *rf)
{
	struct refresh_art	*a;

	if (rf == NULL)
		return;
	(void)refresh_flush(rf, NULL);	/* best effort: a later poll */
	free(rf->rec_ids);
	free(rf->recs);
	fetch_free(rf->fetch);	/* never calls on_done */
	while (rf->jobs != NULL)
		refresh_job_free(rf->jobs);
	while ((a = rf->arts) != NULL) {
		rf->arts = a->next;
		refresh_art_free(a);
	}
	refresh_hosts_free(rf);
	free(rf);
}

size_t
refresh_pending(const struct refresh *rf)
{
	return rf->stats.total - rf->stats.done + rf->narts;
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

static int refresh_hub_on_header(struct refresh_job *, const char *,
    const char *);
static int refresh_hub_on_data(struct refresh_job *, const char *, size_t);

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
	if (j->hub)
		return refresh_hub_on_header(j, url, charset);
	free(j->base);
	free(j->charset);
	j->base = dl_strdup(url != NULL ? url : j->url);
	j->charset = charset != NULL ? dl_strdup(charset) : NULL;
	return 0;
}

/* Monotonic milliseconds, for how long a body has waited. */
static int64_t
refresh_ms(void)
{
	struct timespec	 ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* 1 if j's body may be read now, 0 if it is to wait (queued). */
static int
refresh_admit(struct refresh_job *j)
{
	struct refresh	*rf = j->rf;

	if (j->admit == REFRESH_ADMIT_READ)
		return 1;
	if (j->admit == REFRESH_ADMIT_NONE && rf->reading > 0 &&
	    rf->read_bytes >= rf->read_budget) {
		j->admit = REFRESH_ADMIT_WAIT;
		j->wait_since = refresh_ms();
		j->wnext = NULL;
		if (rf->waiting_tail != NULL)
			rf->waiting_tail->wnext = j;
		else
			rf->waiting = j;
		rf->waiting_tail = j;
		return 0;
	}
	if (j->admit == REFRESH_ADMIT_WAIT)
		return 0;	/* resumed only by refresh_admit_next */
	j->admit = REFRESH_ADMIT_READ;
	rf->reading++;
	return 1;
}

/* Resume waiting bodies while the budget allows, and any that has
 * waited REFRESH_WAIT_MAX_MS. Called between rounds of the loop, never
 * from a callback: fetch_resume may run on_data at once. */
static void
refresh_admit_next(struct refresh *rf)
{
	struct refresh_job	*j;
	int64_t			 now = refresh_ms();

	while ((j = rf->waiting) != NULL && (rf->reading == 0 ||
	    rf->read_bytes < rf->read_budget ||
	    now - j->wait_since >= REFRESH_WAIT_MAX_MS)) {
		if ((rf->waiting = j->wnext) == NULL)
			rf->waiting_tail = NULL;
		j->admit = REFRESH_ADMIT_READ;
		rf->reading++;
		(void)fetch_resume(rf->fetch, j);
	}
}

/* The parser and the batch its items go into, at the first body byte.
 * Relative links resolve against the URL the feed came from. */
static void
refresh_parser_start(struct refresh_job *j)
{
	j->parser = feed_parser_new(&refresh_feed_cb, j,
	    j->base != NULL ? j->base : j->url, j->charset);
	j->batch = store_batch_begin(j->rf->st, j->feed_id);
}

/* Bytes go straight to the parser; no copy of the body is kept. Once the
 * parser has given up, or the cache failed, the rest is not wanted. */
static int
refresh_on_data(void *ctx, const char *p, size_t n)
{
	struct refresh_job	*j = ctx;

	if (!refresh_admit(j))
		return FETCH_DATA_PAUSE;
	j->fed += n;
	j->rf->read_bytes += n;
	if (j->hub)
		return refresh_hub_on_data(j, p, n);
	if (j->parser == NULL)
		refresh_parser_start(j);
	if (feed_parser_feed(j->parser, p, n) == -1) {
		j->gave_up = 1;
		return -1;
	}
	return j->store_failed ? -1 : 0;
}

/* --- Recording the outcome ----------------------------------------------- */

static char *
refresh_dup(const char *s)
{
	return s != NULL ? dl_strdup(s) : NULL;
}

/* Queue f for refresh_flush, at the end of this refresh_step (a copy:
 * the strings are the caller's). Only the feed's state waits: its items,
 * if any, are committed already, and a record lost to a kill only means
 * the next refresh sends older validators. */
static void
refresh_record(struct refresh_job *j, const struct store_fetch *f,
    struct refresh_feed_result *res)
{
	struct refresh		*rf = j->rf;
	struct store_fetch	*q;

	(void)res;
	if (rf->nrecs == rf->arecs) {
		rf->arecs = rf->arecs == 0 ? 64 : rf->arecs * 2;
		rf->rec_ids = dl_reallocarray(rf->rec_ids, rf->arecs,
		    sizeof *rf->rec_ids);
		rf->recs = dl_reallocarray(rf->recs, rf->arecs,
		    sizeof *rf->recs);
	}
	rf->rec_ids[rf->nrecs] = j->feed_id;
	q = &rf->recs[rf->nrecs++];
	*q = *f;
	q->error = refresh_dup(f->error);
	q->etag = refresh_dup(f->etag);
	q->last_modified = refresh_dup(f->last_modified);
	q->moved_to = refresh_dup(f->moved_to);
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
	const struct feed_info	*info = j->parser != NULL ?
	    feed_parser_info(j->parser) : NULL;	/* NULL for a hub */
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
		refresh_parser_start(j);
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

static void refresh_prefetch(struct refresh *, const char *);
static void refresh_hub_parsed(struct refresh_job *,
    const struct fetch_result *, char *, size_t,
    struct refresh_feed_result *);

static void
refresh_on_done(void *ctx, const struct fetch_result *r)
{
	struct refresh_job		*j = ctx;
	struct refresh_feed_result	 res;
	struct refresh			*rf;
	char				 msg[sizeof j->err.msg + 64];

	refresh_admit_leave(j);
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
	} else if (j->hub && r->kind == FETCH_OK)
		refresh_hub_parsed(j, r, msg, sizeof msg, &res);
	else if (r->kind == FETCH_OK ||
	    (r->kind == FETCH_ABORTED && j->gave_up))
		refresh_parsed(j, r, msg, sizeof msg, &res);
	else
		refresh_failed(j, r, r->message, &res);
	refresh_report(j->rf, &res);
	if (j->prefetch && res.added > 0 && (res.outcome == REFRESH_UPDATED ||
	    res.outcome == REFRESH_RECOVERED))
		refresh_prefetch(j->rf, j->url);
	rf = j->rf;
	refresh_job_free(j);
	/* Now, not after the loop's next wait: resumed bodies are read in
	 * the same round. */
	refresh_admit_next(rf);
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
	j->hub = f->kind != NULL && strcmp(f->kind, "hub") == 0;
	j->prefetch = rf->opts.prefetch_articles || j->hub;
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
	int	 rc;

	refresh_report_skips(rf);
	if (fetch_pending(rf->fetch) == 0 && extra_fd < 0)
		return refresh_flush(rf, err);
	if (rf->waiting != NULL && timeout_ms > REFRESH_WAIT_MAX_MS)
		timeout_ms = REFRESH_WAIT_MAX_MS;
	rc = fetch_poll(rf->fetch, timeout_ms, extra_fd, err);
	if (rc != -1 && refresh_flush(rf, err) == -1)
		return -1;
	refresh_admit_next(rf);
	return rc;
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

/* --- Story pages (issue 4) ----------------------------------------------- */

/* Paragraphs lighter than this (extract_text_weight) do not count. */
#define REFRESH_FULL_PARA_WEIGHT	40
#define REFRESH_FULL_PARAS		3
#define REFRESH_FULL_WEIGHT		1500

int
refresh_item_is_full(const struct store_item *it)
{
	const char		*html = it->content;
	struct html_doc		*doc;
	size_t			 i, w, total = 0, paras = 0;

	if (html == NULL || html[0] == '\0')
		html = it->summary;
	if (html == NULL)
		return 0;
	doc = html_doc_parse(html, strlen(html), NULL);
	for (i = 0; i < doc->nblocks; i++) {
		w = extract_text_weight(doc->blocks[i].text,
		    doc->blocks[i].len);
		total += w;
		if (doc->blocks[i].kind == HTML_PARA &&
		    w >= REFRESH_FULL_PARA_WEIGHT)
			paras++;
	}
	html_doc_free(doc);
	return paras >= REFRESH_FULL_PARAS && total >= REFRESH_FULL_WEIGHT;
}

/* "host:port" of an absolute URL, lower-cased, without user info. */
static char *
refresh_art_host_name(const char *url)
{
	const char	*p, *end, *at;
	char		*h;
	size_t		 i;

	p = strstr(url, "://");
	p = p != NULL ? p + 3 : url;
	end = p + strcspn(p, "/?#");
	for (at = p; at < end; at++)
		if (*at == '@')
			p = at + 1;
	h = dl_strndup(p, (size_t)(end - p));
	for (i = 0; h[i] != '\0'; i++)
		if (h[i] >= 'A' && h[i] <= 'Z')
			h[i] = (char)(h[i] - 'A' + 'a');
	return h;
}

static struct refresh_host *
refresh_host_get(struct refresh *rf, const char *url)
{
	struct refresh_host	*h;
	char			*name = refresh_art_host_name(url);

	for (h = rf->hosts; h != NULL; h = h->next) {
		if (strcmp(h->name, name) == 0) {
			free(name);
			return h;
		}
	}
	h = dl_calloc(1, sizeof *h);
	h->name = name;
	h->next = rf->hosts;
	rf->hosts = h;
	return h;
}

static void
refresh_art_free(struct refresh_art *a)
{
	free(a->url);
	free(a->base);
	free(a->charset);
	free(a->not_html);
	free(a->etag);
	free(a->last_modified);
	dl_buf_clear(&a->body);
	free(a);
}

static void
refresh_hosts_free(struct refresh *rf)
{
	struct refresh_host	*h;
	struct refresh_art	*a;

	while ((h = rf->hosts) != NULL) {
		rf->hosts = h->next;
		while ((a = h->wait) != NULL) {
			h->wait = a->next;
			refresh_art_free(a);
		}
		free(h->name);
		free(h);
	}
}

/* Only HTML is worth extracting; a missing type is given the benefit of
 * the doubt. Redirects and the charset are noted for extract_page. */
static int
refresh_art_on_header(void *ctx, long status, const char *url,
    const char *content_type, const char *charset)
{
	struct refresh_art	*a = ctx;

	(void)status;
	free(a->base);
	a->base = dl_strdup(url != NULL ? url : a->url);
	free(a->charset);
	a->charset = charset != NULL ? dl_strdup(charset) : NULL;
	if (content_type != NULL && strstr(content_type, "html") == NULL) {
		a->not_html = dl_strdup(content_type);
		return -1;
	}
	return 0;
}

static int
refresh_art_on_data(void *ctx, const char *p, size_t n)
{
	struct refresh_art	*a = ctx;

	return dl_buf_add(&a->body, p, n);
}

/* A failure worth remembering for a prefetch, so that the next refresh
 * does not fetch the page again; network trouble is tried again. */
static int
refresh_art_lasting(const struct refresh_art *a, const struct fetch_result *r)
{
	if (a->not_html != NULL)
		return 1;
	switch (r->kind) {
	case FETCH_OK:
	case FETCH_HTTP_ERROR:
	case FETCH_GONE:
	case FETCH_TOO_LARGE:
	case FETCH_BAD_REDIRECT:
		return 1;
	default:
		return 0;
	}
}

/* The page is in: extract and store the article. Returns 1 when stored,
 * else 0 with msg saying why. */
static int
refresh_art_extract(struct refresh_art *a, struct store_article *sa,
    char *msg, size_t size)
{
	struct extract_opts	 o;
	struct extract_result	*x;
	struct dl_err		 err = { "" };
	int			 rc = 0;

	o.url = a->base != NULL ? a->base : a->url;
	o.charset = a->charset;
	o.rules = a->rf->opts.rules;
	x = extract_page(a->body.data, a->body.len, &o);
	if (x->status != EXTRACT_OK) {
		snprintf(msg, size, "no article found on the page (%zu "
		    "paragraph%s, %zu characters)", x->nparas,
		    x->nparas == 1 ? "" : "s", x->nchars);
		goto out;
	}
	sa->title = x->title;
	sa->byline = x->byline;
	sa->text = x->text;
	sa->html = x->html;
	if (store_article_put(a->rf->st, a->item_id, sa, &err) == -1)
		snprintf(msg, size, "cache: %s", err.msg);
	else
		rc = 1;
	sa->title = sa->byline = sa->text = sa->html = NULL;
out:
	extract_result_free(x);
	return rc;
}

/* The outcome of one page into res (msg is its room for words), the
 * article stored when there is one. A 304 keeps the stored article as
 * it is: nothing is written. */
static void
refresh_art_finish(struct refresh_art *a, const struct fetch_result *r,
    struct refresh_article_result *res, char *msg, size_t size)
{
	struct store_article	 sa;

	if (r->kind == FETCH_NOT_MODIFIED) {
		res->stored = 1;
		res->message = "not modified";
		return;
	}
	memset(&sa, 0, sizeof sa);
	sa.url = a->base != NULL ? a->base : a->url;
	sa.fetched_at = DATE_NONE;
	sa.status = (int)r->status;
	sa.etag = (char *)r->etag;
	sa.last_modified = (char *)r->last_modified;
	if (a->not_html != NULL)
		snprintf(msg, size, "not an HTML page (%s)", a->not_html);
	else if (r->kind != FETCH_OK)
		snprintf(msg, size, "%s", r->message != NULL ? r->message :
		    fetch_kind_name(r->kind));
	else if (refresh_art_extract(a, &sa, msg, size)) {
		res->stored = 1;
		return;
	}
	res->message = msg;
	if (a->prefetch && refresh_art_lasting(a, r)) {
		sa.error = msg;
		(void)store_article_put(a->rf->st, a->item_id, &sa, NULL);
	}
}

static void refresh_host_start(struct refresh *, struct refresh_host *);

static void
refresh_art_unlink(struct refresh_art *a)
{
	struct refresh	*rf = a->rf;

	if (a->prev != NULL)
		a->prev->next = a->next;
	else
		rf->arts = a->next;
	if (a->next != NULL)
		a->next->prev = a->prev;
	a->host->running--;
	rf->narts--;
}

static void
refresh_art_on_done(void *ctx, const struct fetch_result *r)
{
	struct refresh_art		*a = ctx;
	struct refresh			*rf = a->rf;
	struct refresh_host		*h = a->host;
	struct refresh_article_result	 res;
	char				 msg[sizeof ((struct dl_err *)0)->msg];

	memset(&res, 0, sizeof res);
	res.item_id = a->item_id;
	res.url = a->url;
	res.prefetch = a->prefetch;
	res.kind = r->kind;
	res.status = r->status;
	refresh_art_finish(a, r, &res, msg, sizeof msg);
	refresh_art_unlink(a);
	if (rf->cb.on_article != NULL)
		rf->cb.on_article(rf->ctx, &res);
	refresh_art_free(a);
	refresh_host_start(rf, h);
}

/* A page that could not even be queued on the fetch loop. */
static void
refresh_art_refused(struct refresh_art *a, const char *why)
{
	struct refresh_article_result	 res;

	memset(&res, 0, sizeof res);
	res.item_id = a->item_id;
	res.url = a->url;
	res.prefetch = a->prefetch;
	res.kind = FETCH_OTHER;
	res.message = why;
	a->rf->narts--;
	if (a->rf->cb.on_article != NULL)
		a->rf->cb.on_article(a->rf->ctx, &res);
	refresh_art_free(a);
}

/* Start the host's waiting pages while it has fewer than
 * REFRESH_ARTICLE_PER_HOST on the way. */
static void
refresh_host_start(struct refresh *rf, struct refresh_host *h)
{
	struct refresh_art	*a;
	struct fetch_req	 req;
	struct dl_err		 err = { "" };

	while (h->running < REFRESH_ARTICLE_PER_HOST && (a = h->wait) != NULL) {
		if ((h->wait = a->next) == NULL)
			h->wait_tail = NULL;
		memset(&req, 0, sizeof req);
		req.url = a->url;
		req.etag = a->etag;
		req.last_modified = a->last_modified;
		req.ctx = a;
		req.on_header = refresh_art_on_header;
		req.on_data = refresh_art_on_data;
		req.on_done = refresh_art_on_done;
		if (fetch_add(rf->fetch, &req, &err) == -1) {
			refresh_art_refused(a, err.msg);
			continue;
		}
		a->prev = NULL;
		a->next = rf->arts;
		if (rf->arts != NULL)
			rf->arts->prev = a;
		rf->arts = a;
		h->running++;
	}
}

/* Queue the page at url; old (NULL if none) is the stored article, whose
 * validators make the GET conditional when it is a good one. */
static void
refresh_art_queue(struct refresh *rf, int64_t item_id, const char *url,
    const struct store_article *old, int prefetch)
{
	struct refresh_art	*a;
	struct refresh_host	*h = refresh_host_get(rf, url);

	a = dl_calloc(1, sizeof *a);
	a->rf = rf;
	a->host = h;
	a->item_id = item_id;
	a->url = dl_strdup(url);
	a->prefetch = prefetch;
	if (old != NULL && old->error == NULL && old->html != NULL) {
		if (old->etag != NULL)
			a->etag = dl_strdup(old->etag);
		if (old->last_modified != NULL)
			a->last_modified = dl_strdup(old->last_modified);
	}
	dl_buf_init(&a->body, rf->opts.fetch.max_body > 0 ?
	    rf->opts.fetch.max_body : FETCH_MAX_BODY);
	if (h->wait_tail != NULL)
		h->wait_tail->next = a;
	else
		h->wait = a;
	h->wait_tail = a;
	rf->narts++;
	refresh_host_start(rf, h);
}

int
refresh_add_article(struct refresh *rf, int64_t item_id, struct dl_err *err)
{
	struct store_item	 it;
	int			 rc = -1;

	memset(&it, 0, sizeof it);
	if (store_item_get(rf->st, item_id, &it, err) == -1)
		goto out;
	if (it.link == NULL || !url_is_http(it.link)) {
		dl_err_set(err, "item %" PRId64 " has no http(s) link",
		    item_id);
		goto out;
	}
	refresh_art_queue(rf, item_id, it.link, it.article, 0);
	rc = 0;
out:
	store_item_clear(&it);
	return rc;
}

/* One of a feed's newest items: its page is wanted when it has none
 * stored (nor a lasting failure) and its own text is short. */
static void
refresh_prefetch_item(struct refresh *rf, const struct store_item *li)
{
	struct store_item	 it;

	if (li->link == NULL || !url_is_http(li->link))
		return;
	memset(&it, 0, sizeof it);
	if (store_item_get(rf->st, li->id, &it, NULL) == 0 &&
	    it.article == NULL && !refresh_item_is_full(&it))
		refresh_art_queue(rf, it.id, it.link, NULL, 1);
	store_item_clear(&it);
}

/* After a feed brought new items: queue the pages of its newest ones.
 * Best effort: a cache error here only means fewer pages prefetched. */
static void
refresh_prefetch(struct refresh *rf, const char *feed_url)
{
	struct store_query	 q;
	struct store_item	*v = NULL;
	size_t			 i, n = 0;

	memset(&q, 0, sizeof q);
	q.feed_url = feed_url;
	q.limit = REFRESH_PREFETCH_WINDOW;
	if (store_items_list(rf->st, &q, &v, &n, NULL) == -1)
		return;
	for (i = 0; i < n; i++)
		refresh_prefetch_item(rf, &v[i]);
	store_items_free(v, n);
}

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
	int		 rc;

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

/* A hub page is parsed whole (gumbo needs the document): keep the bytes,
 * the URL they came from and the header's charset. */
static int
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

static int
refresh_hub_on_data(struct refresh_job *j, const char *p, size_t n)
{
	if (j->hub_base == NULL)
		refresh_hub_on_header(j, NULL, NULL);
	return dl_buf_add(&j->hub_page, p, n);
}

/* The page's title (as extract_ reads it: <title>, og:title, without the
 * site's suffix) becomes the feed's, as a feed's own title does. */
static int
refresh_hub_title(struct refresh_job *j)
{
	struct extract_opts	 o;
	struct extract_result	*x;
	int			 rc = 0;

	memset(&o, 0, sizeof o);
	o.url = j->hub_base;
	o.charset = j->hub_charset;
	x = extract_page(j->hub_page.data, j->hub_page.len, &o);
	if (x->title != NULL && x->title[0] != '\0')
		rc = store_feed_set_title(j->rf->st, j->feed_id, x->title,
		    &j->err);
	extract_result_free(x);
	return rc;
}

/* The stories of a hub page into the batch, in page order. A page that
 * yields none is a failed refresh (a changed layout must not look like
 * an empty feed); like every failure it writes and deletes nothing. */
static void
refresh_hub_parsed(struct refresh_job *j, const struct fetch_result *r,
    char *msg, size_t size, struct refresh_feed_result *res)
{
	struct hub_opts		 o = { j->link_pattern, j->hub_charset };
	struct hub_stats	 hs;
	struct store_counts	 c = { 0 };
	struct dl_err		 herr = { "" };

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
	else if (store_batch_commit(j->batch, &c, &j->err) == -1) {
		j->batch = NULL;
		snprintf(msg, size, "cache: %s", j->err.msg);
	} else {
		j->batch = NULL;
		if (refresh_hub_title(j) == -1) {
			dl_err_prefix(&j->err, "cache: ");
			res->outcome = REFRESH_FAILED;
			res->message = j->err.msg;
			return;
		}
		res->outcome = REFRESH_UPDATED;
		res->added = c.added;
		res->updated = c.updated;
		refresh_succeeded(j, r, res);
		return;
	}
	refresh_failed(j, r, msg, res);
}

/* The waiting page of item_id taken off its host's queue, or NULL. */
static struct refresh_art *
refresh_art_unwait(struct refresh *rf, int64_t item_id)
{
	struct refresh_host	*h;
	struct refresh_art	*a, *prev;

	for (h = rf->hosts; h != NULL; h = h->next) {
		prev = NULL;
		for (a = h->wait; a != NULL && a->item_id != item_id;
		    a = a->next)
			prev = a;
		if (a == NULL)
			continue;
		if (prev != NULL)
			prev->next = a->next;
		else
			h->wait = a->next;
		if (h->wait_tail == a)
			h->wait_tail = prev;
		return a;
	}
	return NULL;
}

size_t
refresh_cancel_article(struct refresh *rf, int64_t item_id)
{
	struct refresh_art	*a;
	size_t			 n = 0;

	for (;;) {
		for (a = rf->arts; a != NULL && a->item_id != item_id;
		    a = a->next)
			;
		if (a == NULL || !fetch_cancel(rf->fetch, a))
			break;
		n++;
	}
	while ((a = refresh_art_unwait(rf, item_id)) != NULL) {
		refresh_art_refused(a, "cancelled");
		n++;
	}
	return n;
}
