/* refresh_writer.c: the refresh's writer: a thread with a connection of
 * its own that commits the feeds the loop has parsed, so that SQLite's
 * work (about 40% of a cold refresh) runs beside the network, parsing and
 * inflating instead of between them. Whatever is queued when it starts a
 * transaction is written as one group, so a cold refresh of 200 feeds
 * costs about 30 commits, not 200. If one feed's part fails, the group
 * is rolled back and written again feed by feed: only that feed fails. */
#include "config.h"

#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "dl.h"
#include "refresh_int.h"
#include "store.h"

struct refresh_writer {
	struct store		*st;		/* the thread's connection */
	pthread_t		 thread;
	pthread_mutex_t		 mu;
	pthread_cond_t		 cv_todo;	/* todo or stop */
	pthread_cond_t		 cv_done;	/* done */
	struct refresh_commit	*todo, *todo_tail;
	struct refresh_commit	*done, *done_tail;
	int			 stop;
	size_t			 busy;		/* submitted, not yet taken:
						   the loop's thread only */
	void			(*wake)(void *);
	void			*wake_arg;
};

void
refresh_commit_free(struct refresh_commit *c)
{
	if (c == NULL)
		return;
	store_batch_abort(c->batch);
	free(c->title);
	free(c->message);
	free((char *)c->rec.etag);
	free((char *)c->rec.last_modified);
	free((char *)c->rec.moved_to);
	free((char *)c->r.permanent_url);
	free(c);
}

/* Every commit of list failed with err: nothing of it is written. */
static void
refresh_commit_fail_all(struct refresh_commit *list, const struct dl_err *err)
{
	struct refresh_commit	*c;

	for (c = list; c != NULL; c = c->next) {
		store_batch_abort(c->batch);
		c->batch = NULL;
		c->failed = 1;
		c->err = *err;
		memset(&c->counts, 0, sizeof c->counts);
	}
}

/* Write list in one transaction. Returns 0; -1 (err filled, rolled
 * back) when a feed's part failed; -2 when the transaction itself did
 * (the cache busy past the timeout, a full disk at the commit). */
static int
refresh_commit_try(struct store *st, struct refresh_commit *list,
    struct dl_err *err)
{
	struct refresh_commit	*c;

	if (store_group_begin(st, err) == -1)
		return -2;
	for (c = list; c != NULL; c = c->next) {
		if (store_group_feed(st, c->feed_id, c->batch, c->title,
		    &c->rec, &c->counts, err) == -1) {
			store_group_rollback(st);
			return -1;
		}
	}
	return store_group_commit(st, err) == 0 ? 0 : -2;
}

void
refresh_commit_group(struct store *st, struct refresh_commit *list)
{
	struct refresh_commit	*c, *next;
	struct dl_err		 err = { "" };
	int			 rc;

	if ((rc = refresh_commit_try(st, list, &err)) == 0) {
		for (c = list; c != NULL; c = c->next) {
			store_batch_abort(c->batch);	/* written */
			c->batch = NULL;
		}
		return;
	}
	if (rc == -2 || list->next == NULL) {
		refresh_commit_fail_all(list, &err);
		return;
	}
	/* One feed's failure must not cost the others theirs: each again,
	 * alone. */
	for (c = list; c != NULL; c = next) {
		next = c->next;
		c->next = NULL;
		memset(&c->counts, 0, sizeof c->counts);
		refresh_commit_group(st, c);
		c->next = next;
	}
}

static void *
refresh_writer_main(void *arg)
{
	struct refresh_writer	*w = arg;
	struct refresh_commit	*list;

	pthread_mutex_lock(&w->mu);
	for (;;) {
		while (w->todo == NULL && !w->stop)
			pthread_cond_wait(&w->cv_todo, &w->mu);
		if (w->todo == NULL)
			break;		/* stopping, and nothing is left */
		list = w->todo;
		w->todo = w->todo_tail = NULL;
		pthread_mutex_unlock(&w->mu);
		refresh_commit_group(w->st, list);
		pthread_mutex_lock(&w->mu);
		if (w->done_tail != NULL)
			w->done_tail->next = list;
		else
			w->done = list;
		while (list->next != NULL)
			list = list->next;
		w->done_tail = list;
		pthread_cond_broadcast(&w->cv_done);
		pthread_mutex_unlock(&w->mu);
		w->wake(w->wake_arg);
		pthread_mutex_lock(&w->mu);
	}
	pthread_mutex_unlock(&w->mu);
	return NULL;
}

struct refresh_writer *
refresh_writer_new(struct store *st, void (*wake)(void *), void *wake_arg,
    struct dl_err *err)
{
	struct refresh_writer	*w;
	pthread_condattr_t	 ca;

	w = dl_calloc(1, sizeof *w);
	w->wake = wake;
	w->wake_arg = wake_arg;
	if ((w->st = store_open_sibling(st, err)) == NULL) {
		free(w);
		return NULL;
	}
	pthread_mutex_init(&w->mu, NULL);
	pthread_cond_init(&w->cv_todo, NULL);
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&w->cv_done, &ca);
	pthread_condattr_destroy(&ca);
	if (pthread_create(&w->thread, NULL, refresh_writer_main, w) != 0) {
		dl_err_set(err, "refresh: cannot start the writer thread");
		pthread_cond_destroy(&w->cv_done);
		pthread_cond_destroy(&w->cv_todo);
		pthread_mutex_destroy(&w->mu);
		store_close(w->st);
		free(w);
		return NULL;
	}
	return w;
}

void
refresh_writer_free(struct refresh_writer *w)
{
	struct refresh_commit	*c;

	if (w == NULL)
		return;
	pthread_mutex_lock(&w->mu);
	w->stop = 1;
	pthread_cond_signal(&w->cv_todo);
	pthread_mutex_unlock(&w->mu);
	pthread_join(w->thread, NULL);	/* after writing what it was given */
	while ((c = w->done) != NULL) {
		w->done = c->next;
		refresh_commit_free(c);
	}
	store_close(w->st);
	pthread_cond_destroy(&w->cv_done);
	pthread_cond_destroy(&w->cv_todo);
	pthread_mutex_destroy(&w->mu);
	free(w);
}

void
refresh_writer_submit(struct refresh_writer *w, struct refresh_commit *c)
{
	c->next = NULL;
	w->busy++;
	pthread_mutex_lock(&w->mu);
	if (w->todo_tail != NULL)
		w->todo_tail->next = c;
	else
		w->todo = c;
	w->todo_tail = c;
	pthread_cond_signal(&w->cv_todo);
	pthread_mutex_unlock(&w->mu);
}

struct refresh_commit *
refresh_writer_take(struct refresh_writer *w)
{
	struct refresh_commit	*list, *c;

	pthread_mutex_lock(&w->mu);
	list = w->done;
	w->done = w->done_tail = NULL;
	pthread_mutex_unlock(&w->mu);
	for (c = list; c != NULL; c = c->next)
		w->busy--;
	return list;
}

size_t
refresh_writer_busy(const struct refresh_writer *w)
{
	return w->busy;
}

void
refresh_deadline(struct timespec *ts, int timeout_ms)
{
	clock_gettime(CLOCK_MONOTONIC, ts);
	ts->tv_sec += timeout_ms / 1000;
	ts->tv_nsec += (long)(timeout_ms % 1000) * 1000000L;
	if (ts->tv_nsec >= 1000000000L) {
		ts->tv_sec++;
		ts->tv_nsec -= 1000000000L;
	}
}

void
refresh_writer_wait(struct refresh_writer *w, int timeout_ms)
{
	struct timespec	 ts;

	refresh_deadline(&ts, timeout_ms);
	pthread_mutex_lock(&w->mu);
	while (w->done == NULL && pthread_cond_timedwait(&w->cv_done, &w->mu,
	    &ts) != ETIMEDOUT)
		;
	pthread_mutex_unlock(&w->mu);
}
