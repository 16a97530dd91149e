/* refresh_feed.c: a feed's body parsed as its bytes arrive, within the
 * read budget, and the outcome of its fetch recorded. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "date.h"
#include "dl.h"
#include "feed.h"
#include "fetch.h"
#include "refresh_int.h"
#include "store.h"

/* --- Parsing as the bytes arrive ----------------------------------------- */

void
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
int
refresh_on_header(void *ctx, long status, const char *url,
    const char *content_type, const char *charset)
{
	struct refresh_job	*j = ctx;

	(void)status;
	if (j->hub)
		return refresh_hub_on_header(j, url, charset);
	if (refresh_page_on_header(j, url, content_type, charset))
		return 0;	/* refresh_hub.c: an HTML page, read whole */
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

/* Whether a new body may be read: the feeds being read took less than
 * the budget, and so did the parsed ones waiting for the writer. Two
 * budgets, not one, so that the loop parses the next feeds while the
 * writer commits the last: with one they took turns. */
static int
refresh_budget_left(const struct refresh *rf)
{
	return rf->read_bytes < rf->read_budget &&
	    rf->commit_bytes < 2 * rf->read_budget;
}

/* 1 if j's body may be read now, 0 if it is to wait (queued). */
int
refresh_admit(struct refresh_job *j)
{
	struct refresh	*rf = j->rf;

	if (j->admit == REFRESH_ADMIT_READ)
		return 1;
	if (j->admit == REFRESH_ADMIT_NONE && rf->reading > 0 &&
	    !refresh_budget_left(rf)) {
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
void
refresh_admit_next(struct refresh *rf)
{
	struct refresh_job	*j;
	int64_t			 now = refresh_ms();

	while ((j = rf->waiting) != NULL && (rf->reading == 0 ||
	    refresh_budget_left(rf) ||
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

/* From the parse thread: a job is parsed. */
static void
refresh_wake_loop(void *arg)
{
	fetch_wakeup(arg);
}

/* Bytes go to the parse thread, or straight to the parser without it;
 * no copy of the body is kept past its parsing. Once the parser has
 * given up, or the cache failed, the rest is not wanted. */
int
refresh_on_data(void *ctx, const char *p, size_t n)
{
	struct refresh_job	*j = ctx;
	struct refresh		*rf = j->rf;

	if (!refresh_admit(j))
		return FETCH_DATA_PAUSE;
	if (!j->hub && !j->page_body)
		(void)refresh_page_sniff(j, p, n);	/* refresh_hub.c */
	j->fed += n;
	j->rf->read_bytes += n;
	if (j->hub || j->page_body)
		return refresh_hub_on_data(j, p, n);
	if (j->parser == NULL)
		refresh_parser_start(j);
	if (rf->parse == NULL && !rf->no_parse &&
	    (rf->parse = refresh_parse_new(refresh_wake_loop,
	    rf->fetch)) == NULL)
		rf->no_parse = 1;
	if (rf->parse != NULL)
		return refresh_parse_push(rf->parse, j, p, n);
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
void
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

/* From the writer's thread: a group is written. */
static void
refresh_wake(void *arg)
{
	fetch_wakeup(arg);
}

/* A parsed feed goes to the writer: its batch, its title and the fetch
 * with the new validators (the same document will give the same items,
 * damaged or not, so a 304 next time is right either way), written
 * together. The parser goes now, and the body's bytes move from the read
 * budget to the writer's; the job stays until refresh_committed. Without
 * a writer thread the commit is made here. */
void
refresh_submit(struct refresh_job *j, const struct fetch_result *r,
    enum refresh_outcome outcome, const char *message, const char *title)
{
	struct refresh		*rf = j->rf;
	struct refresh_commit	*c;
	int64_t			 now = (int64_t)dl_now();

	c = dl_calloc(1, sizeof *c);
	c->job = j;
	c->feed_id = j->feed_id;
	c->batch = j->batch;
	j->batch = NULL;
	c->title = refresh_dup(title);
	c->outcome = outcome;
	c->message = refresh_dup(message);
	c->rec.status = r->status != 0 ? (int)r->status : 200;
	c->rec.set_validators = 1;
	c->rec.etag = refresh_dup(r->etag);
	c->rec.last_modified = refresh_dup(r->last_modified);
	c->rec.fetched_at = now;
	c->rec.next_fetch = now + rf->opts.interval;
	c->rec.moved_to = refresh_dup(r->permanent_url);
	c->r.kind = r->kind;
	c->r.status = r->status;
	c->r.retry_after = r->retry_after;
	c->r.permanent_url = refresh_dup(r->permanent_url);
	feed_parser_free(j->parser);
	j->parser = NULL;
	c->bytes = j->fed;
	rf->commit_bytes += c->bytes;
	refresh_admit_leave(j);
	/* The thread starts with the first commit (a refresh that only
	 * fetches story pages has none); without it, the loop commits. */
	if (rf->writer == NULL && !rf->no_writer &&
	    (rf->writer = refresh_writer_new(rf->st, refresh_wake, rf->fetch,
	    NULL)) == NULL)
		rf->no_writer = 1;
	if (rf->writer != NULL) {
		refresh_writer_submit(rf->writer, c);
		return;
	}
	c->next = NULL;
	refresh_commit_group(rf->st, c);
	refresh_committed(c);
}

/* A 2xx body, read to the end or up to where the parser gave up: its
 * batch goes to the writer (1), or, when the document cannot be read,
 * the failure is recorded and nothing written (0). */
int
refresh_parsed(struct refresh_job *j, const struct fetch_result *r,
    char *msg, size_t size, struct refresh_feed_result *res)
{
	const struct feed_info	*info;
	struct dl_err		 perr = { "" };
	enum feed_result	 fr;

	if (j->parser == NULL)	/* an empty body */
		refresh_parser_start(j);
	if ((fr = feed_parser_finish(j->parser, &perr)) == FEED_FAILED) {
		refresh_parse_message(perr.msg, 0, 0, msg, size);
		refresh_failed(j, r, msg, res);
		return 0;
	}
	if (fr == FEED_RECOVERED)
		refresh_parse_message(perr.msg, 1, feed_parser_count(j->parser),
		    msg, size);
	info = feed_parser_info(j->parser);
	refresh_submit(j, r, fr == FEED_OK ? REFRESH_UPDATED :
	    REFRESH_RECOVERED, fr == FEED_RECOVERED ? msg : NULL,
	    info != NULL ? info->title : NULL);
	return 1;
}

/* The end of a job: counted, told, its new stories' pages queued. */
static void
refresh_finish(struct refresh_job *j, struct refresh_feed_result *res)
{
	struct refresh	*rf = j->rf;

	refresh_report(rf, res);
	if (j->prefetch && res->added > 0 && (res->outcome == REFRESH_UPDATED ||
	    res->outcome == REFRESH_RECOVERED))
		refresh_prefetch(rf, j->url);
	refresh_job_free(j);
	/* Now, not after the loop's next wait: resumed bodies are read in
	 * the same round. */
	refresh_admit_next(rf);
}

/* The writer is done with c: a cache error is the feed's failure,
 * recorded as any other. */
void
refresh_committed(struct refresh_commit *c)
{
	struct refresh_job		*j = c->job;
	struct refresh_feed_result	 res;
	char				 msg[sizeof c->err.msg + 64];

	j->rf->commit_bytes -= c->bytes;
	memset(&res, 0, sizeof res);
	res.url = j->url;
	res.kind = c->r.kind;
	res.status = c->r.status;
	res.moved_to = c->r.permanent_url;
	res.next_fetch = DATE_NONE;
	if (c->failed) {
		snprintf(msg, sizeof msg, "cache: %s", c->err.msg);
		refresh_failed(j, &c->r, msg, &res);
	} else {
		res.outcome = c->outcome;
		res.message = c->message;
		res.added = c->counts.added;
		res.updated = c->counts.updated;
		res.next_fetch = c->rec.next_fetch;
	}
	refresh_finish(j, &res);
	refresh_commit_free(c);
}

/* The transfer of j is done and its bytes are all parsed. */
static void
refresh_done(struct refresh_job *j, const struct fetch_result *r)
{
	struct refresh_feed_result	 res;
	char				 msg[sizeof j->err.msg + 64];
	struct fetch_result		 moved;

	r = refresh_page_result(j, r, &moved);	/* a page's feed moved */
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
	} else if (j->hub && r->kind == FETCH_OK) {
		if (refresh_hub_parsed(j, r, msg, sizeof msg, &res))
			return;		/* j is the writer's */
	} else if (j->page_body && r->kind == FETCH_OK) {
		if (refresh_page_parsed(j, r, msg, sizeof msg, &res))
			return;		/* the writer's, or the page's feed */
	} else if (r->kind == FETCH_OK ||
	    (r->kind == FETCH_ABORTED && j->gave_up)) {
		if (refresh_parsed(j, r, msg, sizeof msg, &res))
			return;
	} else if (!refresh_page_lost(j, r, msg, sizeof msg, &res))
		refresh_failed(j, r, r->message, &res);	/* not a page's feed */
	refresh_finish(j, &res);
}

/* The strings of the copy of on_done's result a job keeps. */
void
refresh_pres_clear(struct refresh_job *j)
{
	free((char *)j->pres.message);
	free((char *)j->pres.etag);
	free((char *)j->pres.last_modified);
	free((char *)j->pres.effective_url);
	free((char *)j->pres.permanent_url);
	free((char *)j->pres.content_type);
	memset(&j->pres, 0, sizeof j->pres);
}

/* A job whose bytes went to the parse thread waits for them to be
 * parsed, with a copy of r. */
void
refresh_on_done(void *ctx, const struct fetch_result *r)
{
	struct refresh_job	*j = ctx;
	struct fetch_result	*c = &j->pres;

	if (j->rf->parse == NULL || j->parser == NULL || j->hub ||
	    j->page_body) {
		refresh_done(j, r);
		return;
	}
	refresh_pres_clear(j);
	*c = *r;
	c->message = refresh_dup(r->message);
	c->etag = refresh_dup(r->etag);
	c->last_modified = refresh_dup(r->last_modified);
	c->effective_url = refresh_dup(r->effective_url);
	c->permanent_url = refresh_dup(r->permanent_url);
	c->content_type = refresh_dup(r->content_type);
	if (refresh_parse_end(j->rf->parse, j))
		refresh_done(j, c);
	else
		j->rf->parse_waiting++;
}

void
refresh_parse_collect(struct refresh *rf, int wait_ms)
{
	struct refresh_job	*j, *next;

	if (rf->parse == NULL || (rf->parse_waiting == 0 && wait_ms > 0))
		return;
	for (j = refresh_parse_take(rf->parse, wait_ms); j != NULL;
	    j = next) {
		next = j->pnext;
		rf->parse_waiting--;
		refresh_done(j, &j->pres);
	}
}
