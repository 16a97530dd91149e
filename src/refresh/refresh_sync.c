/* refresh_sync.c: a sync with a feed server beside a refresh (issue 15):
 * sync_run in a thread of its own on a sibling connection of the cache,
 * so that the loop (the reader's keys, drawing and C-g) never waits for
 * the server. The thread wakes the loop when it is done; the loop joins
 * it and reports through on_sync. A cancel goes to the backend, which
 * drops its request at once; the sync then fails and writes nothing. */
#include "config.h"

#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "dl.h"
#include "fetch.h"
#include "refresh_int.h"
#include "store.h"
#include "sync.h"

struct refresh_sync {
	struct refresh		*rf;
	struct store		*st;		/* the thread's connection */
	struct sync_backend	 be;
	refresh_sync_fn		*on_sync;
	pthread_t		 thread;
	pthread_mutex_t		 mu;
	pthread_cond_t		 cv;		/* done */
	int			 done;		/* under mu */
	int			 cancelled;	/* the loop's thread only */
	int			 rc;		/* sync_run's */
	struct sync_summary	 sum;
	struct dl_err		 err;
};

static void *
refresh_sync_main(void *arg)
{
	struct refresh_sync	*s = arg;

	s->rc = sync_run(s->st, &s->be, &s->sum, &s->err);
	pthread_mutex_lock(&s->mu);
	s->done = 1;
	pthread_cond_signal(&s->cv);
	pthread_mutex_unlock(&s->mu);
	fetch_wakeup(s->rf->fetch);
	return NULL;
}

/* Everything of s but its thread. */
static void
refresh_sync_clear(struct refresh_sync *s)
{
	sync_backend_free(&s->be);
	store_close(s->st);
	pthread_cond_destroy(&s->cv);
	pthread_mutex_destroy(&s->mu);
	free(s);
}

int
refresh_add_sync(struct refresh *rf, struct sync_backend *be,
    refresh_sync_fn *on_sync, struct dl_err *err)
{
	struct refresh_sync	*s;
	pthread_condattr_t	 ca;

	if (rf->sync != NULL) {
		sync_backend_free(be);
		dl_err_set(err, "a sync is running");
		return -1;
	}
	s = dl_calloc(1, sizeof *s);
	s->rf = rf;
	s->on_sync = on_sync;
	s->be = *be;
	memset(be, 0, sizeof *be);
	pthread_mutex_init(&s->mu, NULL);
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&s->cv, &ca);
	pthread_condattr_destroy(&ca);
	if ((s->st = store_open_sibling(rf->st, err)) == NULL) {
		refresh_sync_clear(s);
		return -1;
	}
	if (pthread_create(&s->thread, NULL, refresh_sync_main, s) != 0) {
		dl_err_set(err, "sync: cannot start its thread");
		refresh_sync_clear(s);
		return -1;
	}
	rf->sync = s;
	return 0;
}

int
refresh_syncing(const struct refresh *rf)
{
	return rf->sync != NULL;
}

int
refresh_cancel_sync(struct refresh *rf)
{
	struct refresh_sync	*s = rf->sync;

	if (s == NULL)
		return 0;
	s->cancelled = 1;
	if (s->be.cancel != NULL)
		s->be.cancel(s->be.b);
	return 1;
}

static int
refresh_sync_done(struct refresh_sync *s)
{
	int	 done;

	pthread_mutex_lock(&s->mu);
	done = s->done;
	pthread_mutex_unlock(&s->mu);
	return done;
}

void
refresh_sync_collect(struct refresh *rf)
{
	struct refresh_sync		*s = rf->sync;
	struct refresh_sync_result	 r;

	if (s == NULL || !refresh_sync_done(s))
		return;
	pthread_join(s->thread, NULL);
	rf->sync = NULL;
	memset(&r, 0, sizeof r);
	r.ok = s->rc == 0;
	r.cancelled = s->cancelled && s->rc != 0;
	r.sum = &s->sum;
	r.message = s->rc == 0 ? NULL : s->err.msg[0] != '\0' ? s->err.msg :
	    "sync failed";
	if (s->on_sync != NULL)
		s->on_sync(rf->ctx, &r);
	refresh_sync_clear(s);
}

void
refresh_sync_wait(struct refresh *rf, int timeout_ms)
{
	struct refresh_sync	*s = rf->sync;
	struct timespec		 ts;

	if (s == NULL)
		return;
	refresh_deadline(&ts, timeout_ms);
	pthread_mutex_lock(&s->mu);
	while (!s->done && pthread_cond_timedwait(&s->cv, &s->mu, &ts) !=
	    ETIMEDOUT)
		;
	pthread_mutex_unlock(&s->mu);
}

void
refresh_sync_free(struct refresh *rf)
{
	struct refresh_sync	*s = rf->sync;

	if (s == NULL)
		return;
	refresh_cancel_sync(rf);
	pthread_join(s->thread, NULL);
	rf->sync = NULL;
	refresh_sync_clear(s);
}
