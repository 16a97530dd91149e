/* refresh_parse.c: the refresh's parse thread: the feeds' bodies are
 * parsed beside the loop that reads them, so that libcurl's reading and
 * inflating (a third of the loop's work in a cold refresh) and expat's
 * parsing (another third) use two cores instead of taking turns on one.
 *
 * The loop appends a body's bytes to its job (refresh_parse_push) and
 * goes on reading; the thread takes a job's bytes and feeds them to the
 * job's parser, whose items go into the job's batch. One thread, and a
 * job is in its queue at most once, so a parser sees its bytes in order
 * and from one thread at a time. When the transfer is done, the loop
 * asks for the job back (refresh_parse_end); once its last bytes are
 * parsed the thread hands it back (refresh_parse_take) and the loop
 * finishes it as before: the parser's end, the batch to the writer, the
 * outcome. Until then the loop does not touch the job's parser, batch,
 * gave_up, store_failed or err, and the thread touches nothing else. */
#include "config.h"

#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <time.h>

#include "dl.h"
#include "feed.h"
#include "refresh_int.h"

/* The bytes the loop may read ahead of the thread, over all jobs; past
 * that it waits for the thread (the read budget bounds it too). */
#define REFRESH_PARSE_AHEAD	(1024u * 1024)

struct refresh_parse {
	pthread_t		 thread;
	pthread_mutex_t		 mu;
	pthread_cond_t		 cv_todo;	/* todo or stop */
	pthread_cond_t		 cv_room;	/* pending went down */
	pthread_cond_t		 cv_done;	/* done */
	struct refresh_job	*todo, *todo_tail;	/* bytes to parse */
	struct refresh_job	*done, *done_tail;	/* for the loop */
	size_t			 pending;	/* bytes queued or parsing */
	int			 stop;
	void			(*wake)(void *);
	void			*wake_arg;
};

/* Under p->mu: append j to a list (todo or done). */
static void
refresh_parse_append(struct refresh_job **head, struct refresh_job **tail,
    struct refresh_job *j)
{
	j->pnext = NULL;
	if (*tail != NULL)
		(*tail)->pnext = j;
	else
		*head = j;
	*tail = j;
}

static void *
refresh_parse_main(void *arg)
{
	struct refresh_parse	*p = arg;
	struct refresh_job	*j;
	struct dl_buf		 in;

	pthread_mutex_lock(&p->mu);
	for (;;) {
		while (p->todo == NULL && !p->stop)
			pthread_cond_wait(&p->cv_todo, &p->mu);
		if (p->stop)
			break;
		j = p->todo;
		if ((p->todo = j->pnext) == NULL)
			p->todo_tail = NULL;
		j->pqueued = 0;
		j->pbusy = 1;
		in = j->pin;	/* the bytes so far; the loop adds to a new */
		dl_buf_init(&j->pin, FETCH_MAX_BODY);
		pthread_mutex_unlock(&p->mu);

		if (!j->gave_up && !j->store_failed &&
		    feed_parser_feed(j->parser, in.data, in.len) == -1)
			j->gave_up = 1;

		pthread_mutex_lock(&p->mu);
		p->pending -= in.len;
		pthread_cond_signal(&p->cv_room);
		j->pbusy = 0;
		j->pstop = j->gave_up || j->store_failed;
		if (j->pdone && !j->pqueued) {
			refresh_parse_append(&p->done, &p->done_tail, j);
			pthread_cond_signal(&p->cv_done);
			p->wake(p->wake_arg);
		}
		dl_buf_clear(&in);
	}
	pthread_mutex_unlock(&p->mu);
	return NULL;
}

struct refresh_parse *
refresh_parse_new(void (*wake)(void *), void *wake_arg)
{
	struct refresh_parse	*p = dl_calloc(1, sizeof *p);
	pthread_condattr_t	 ca;

	p->wake = wake;
	p->wake_arg = wake_arg;
	pthread_mutex_init(&p->mu, NULL);
	pthread_cond_init(&p->cv_todo, NULL);
	pthread_cond_init(&p->cv_room, NULL);
	/* timed waits on the monotonic clock, as refresh_deadline gives */
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&p->cv_done, &ca);
	pthread_condattr_destroy(&ca);
	if (pthread_create(&p->thread, NULL, refresh_parse_main, p) != 0) {
		pthread_mutex_destroy(&p->mu);
		pthread_cond_destroy(&p->cv_todo);
		pthread_cond_destroy(&p->cv_room);
		pthread_cond_destroy(&p->cv_done);
		free(p);
		return NULL;
	}
	return p;
}

/* Stops the thread after the bytes it is parsing; the jobs still queued
 * stay with the loop, which frees them. */
void
refresh_parse_free(struct refresh_parse *p)
{
	if (p == NULL)
		return;
	pthread_mutex_lock(&p->mu);
	p->stop = 1;
	pthread_cond_signal(&p->cv_todo);
	pthread_mutex_unlock(&p->mu);
	pthread_join(p->thread, NULL);
	pthread_mutex_destroy(&p->mu);
	pthread_cond_destroy(&p->cv_todo);
	pthread_cond_destroy(&p->cv_room);
	pthread_cond_destroy(&p->cv_done);
	free(p);
}

/* Queue s[0..n) of j's body for the thread; -1 once the parser has given
 * up or the batch has failed (the rest of the body is not wanted). */
int
refresh_parse_push(struct refresh_parse *p, struct refresh_job *j,
    const char *s, size_t n)
{
	int	 rc = 0;

	pthread_mutex_lock(&p->mu);
	while (p->pending >= REFRESH_PARSE_AHEAD && !j->pstop)
		pthread_cond_wait(&p->cv_room, &p->mu);
	if (j->pstop || dl_buf_add(&j->pin, s, n) == -1)
		rc = -1;	/* the cap is fetch's own: not reached */
	else {
		p->pending += n;
		if (!j->pqueued)
			refresh_parse_append(&p->todo, &p->todo_tail, j);
		j->pqueued = 1;
		pthread_cond_signal(&p->cv_todo);
	}
	pthread_mutex_unlock(&p->mu);
	return rc;
}

/* j's transfer is done: 1 if its bytes are all parsed (the loop may
 * finish it now), else 0 (refresh_parse_take gives it back later). */
int
refresh_parse_end(struct refresh_parse *p, struct refresh_job *j)
{
	int	 now;

	pthread_mutex_lock(&p->mu);
	j->pdone = 1;
	now = !j->pqueued && !j->pbusy;
	pthread_mutex_unlock(&p->mu);
	return now;
}

/* The jobs handed back, as a list (pnext); with wait_ms > 0, waits that
 * long for one if there is none. */
struct refresh_job *
refresh_parse_take(struct refresh_parse *p, int wait_ms)
{
	struct refresh_job	*j;
	struct timespec		 ts;

	refresh_deadline(&ts, wait_ms);
	pthread_mutex_lock(&p->mu);
	while (p->done == NULL && wait_ms > 0 &&
	    pthread_cond_timedwait(&p->cv_done, &p->mu, &ts) != ETIMEDOUT)
		;
	j = p->done;
	p->done = p->done_tail = NULL;
	pthread_mutex_unlock(&p->mu);
	return j;
}
