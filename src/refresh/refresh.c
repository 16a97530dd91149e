/* refresh.c: one refresh of many feeds (issue 3): its jobs, conditional
 * GETs queued on the fetch loop, running and reporting. Each body is
 * streamed into its own feed parser and its items committed as one store
 * batch (refresh_feed.c), hub pages are read whole (refresh_hub.c), and
 * story pages are fetched on the same loop (refresh_article.c). */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "dl.h"
#include "feed.h"
#include "fetch.h"
#include "group.h"
#include "refresh_int.h"
#include "store.h"

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
	o->fetch.max_bodies = REFRESH_MAX_BODIES;
	o->read_budget = REFRESH_READ_BUDGET;
	refresh_env("DATELINE_READ_BUDGET", 1, &o->read_budget);
	o->fetch.max_per_host = REFRESH_MAX_PER_HOST;
	o->max_items = REFRESH_MAX_ITEMS;
	o->group_threshold = GROUP_THRESHOLD_DEFAULT;
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
	store_set_grouping(st, rf->opts.group_threshold);
	/* Best effort: without the thread, commits checkpoint as before. */
	(void)store_checkpoint_in_background(st, NULL);
	return rf;
}

/* j is done (or freed): give back what it took, or leave the queue. */
void
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

void
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
	free(j->fetch_url);
	dl_buf_clear(&j->hub_page);
	dl_buf_clear(&j->pin);
	refresh_pres_clear(j);
	free(j);
}

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
	/* Bytes the parse thread has not parsed are dropped with their
	 * jobs: nothing of those feeds was given to the writer. */
	refresh_parse_free(rf->parse);
	/* What the writer was given is written first: a feed's commit is
	 * whole or absent, whenever the refresh ends. */
	refresh_writer_free(rf->writer);
	refresh_sync_free(rf);		/* it wakes the fetch loop */
	(void)refresh_flush(rf, NULL);	/* best effort: a later poll */
	free(rf->rec_ids);
	free(rf->recs);
	refresh_art_join_all(rf);	/* they wake the fetch loop */
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
	return rf->stats.total - rf->stats.done + rf->narts +
	    (rf->sync != NULL);
}

const struct refresh_stats *
refresh_stats(const struct refresh *rf)
{
	return &rf->stats;
}

/* Count the outcome and tell the caller. */
void
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
	dl_buf_init(&j->pin, FETCH_MAX_BODY);
	refresh_page_init(j);	/* refresh_hub.c: a page's feed or hub */
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
	req.url = j->fetch_url != NULL ? j->fetch_url : j->url;
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

/* The feeds the writer has written are finished. */
static void
refresh_collect(struct refresh *rf)
{
	struct refresh_commit	*c, *next;

	if (rf->writer == NULL)
		return;
	for (c = refresh_writer_take(rf->writer); c != NULL; c = next) {
		next = c->next;
		refresh_committed(c);
	}
}

int
refresh_step(struct refresh *rf, int timeout_ms, int extra_fd,
    struct dl_err *err)
{
	int	 rc;

	refresh_report_skips(rf);
	refresh_collect(rf);
	refresh_sync_collect(rf);
	refresh_art_collect(rf, fetch_pending(rf->fetch) == 0 && extra_fd < 0 &&
	    rf->sync == NULL);
	refresh_parse_collect(rf, 0);
	if (fetch_pending(rf->fetch) == 0 && extra_fd < 0 &&
	    rf->parse_waiting > 0) {
		/* the transfers are done, their last bytes being parsed */
		refresh_parse_collect(rf, timeout_ms);
		return 0;
	}
	if (fetch_pending(rf->fetch) == 0 && extra_fd < 0) {
		if (rf->writer != NULL && refresh_writer_busy(rf->writer) > 0) {
			refresh_writer_wait(rf->writer, timeout_ms);
			refresh_collect(rf);
		} else if (rf->sync != NULL) {
			refresh_sync_wait(rf, timeout_ms);
			refresh_sync_collect(rf);
		}
		return refresh_flush(rf, err);
	}
	/* The writer is behind by a budget: read nothing until it has
	 * caught up, or the parsed feeds pile up in memory. */
	if (rf->writer != NULL && rf->commit_bytes >= 2 * rf->read_budget) {
		refresh_writer_wait(rf->writer, timeout_ms);
		refresh_collect(rf);
	}
	if (rf->waiting != NULL && timeout_ms > REFRESH_WAIT_MAX_MS)
		timeout_ms = REFRESH_WAIT_MAX_MS;
	rc = fetch_poll(rf->fetch, timeout_ms, extra_fd, err);
	refresh_parse_collect(rf, 0);
	refresh_collect(rf);
	refresh_sync_collect(rf);
	refresh_art_collect(rf, 0);
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
