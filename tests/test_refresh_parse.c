/* test_refresh_parse.c: the refresh's parse thread
 * (src/refresh/refresh_parse.c): bodies handed over in pieces of any
 * size, several feeds interleaved, are parsed in order, each into its
 * own parser; a job comes back to the loop exactly once, after its last
 * byte, and the loop is woken; a parser that gives up stops the body. */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "dl.h"
#include "feed.h"
#include "refresh_int.h"

#define T_ITEMS	300
#define T_JOBS	3

/* What a job's parser delivered, in order. */
struct t_seen {
	int	 n;
	int	 in_order;	/* every title was the next one */
	char	 prefix[8];
};

static void
t_on_item(void *ctx, const struct feed_item *it)
{
	struct t_seen	*s = ctx;
	char		 want[64];

	snprintf(want, sizeof want, "%s-%d", s->prefix, s->n);
	if (it->title == NULL || strcmp(it->title, want) != 0)
		s->in_order = 0;
	s->n++;
}

static const struct feed_callbacks t_cb = { NULL, t_on_item };

static pthread_mutex_t	 t_wake_mu = PTHREAD_MUTEX_INITIALIZER;
static int		 t_wakes;

static void
t_wake(void *arg)
{
	(void)arg;
	pthread_mutex_lock(&t_wake_mu);
	t_wakes++;
	pthread_mutex_unlock(&t_wake_mu);
}

static char *
t_feed(const char *prefix, int n)
{
	struct dl_buf	 b;
	int		 i;

	dl_buf_init(&b, DL_BUF_CAP_DEFAULT);
	dl_buf_addf(&b, "<?xml version=\"1.0\"?>\n<rss version=\"2.0\">"
	    "<channel><title>%s</title>\n", prefix);
	for (i = 0; i < n; i++)
		dl_buf_addf(&b, "<item><title>%s-%d</title><link>"
		    "http://news.example/%s/%d</link><description>&lt;p&gt;"
		    "Story %d of the wire, with text to parse.&lt;/p&gt;"
		    "</description></item>\n", prefix, i, prefix, i, i);
	dl_buf_adds(&b, "</channel></rss>\n");
	return dl_buf_take(&b);
}

static struct refresh_job *
t_job(struct t_seen *seen, const char *prefix)
{
	struct refresh_job	*j = dl_calloc(1, sizeof *j);

	memset(seen, 0, sizeof *seen);
	seen->in_order = 1;
	snprintf(seen->prefix, sizeof seen->prefix, "%s", prefix);
	dl_buf_init(&j->pin, FETCH_MAX_BODY);
	j->parser = feed_parser_new(&t_cb, seen, "http://news.example/",
	    NULL);
	return j;
}

static void
t_job_free(struct refresh_job *j)
{
	feed_parser_free(j->parser);
	dl_buf_clear(&j->pin);
	free(j);
}

/* Take jobs back until want of them came, or 10 s; returns how many. */
static int
t_take_all(struct refresh_parse *p, struct refresh_job **back, int want)
{
	struct refresh_job	*j;
	int			 n = 0, tries;

	for (tries = 0; n < want && tries < 100; tries++)
		for (j = refresh_parse_take(p, 100); j != NULL; j = j->pnext)
			if (n < T_JOBS)
				back[n++] = j;
	return n;
}

/* Three feeds handed over in turns, in pieces of 1 to 97 bytes: each
 * parser gets its own bytes, in order, and every job comes back once. */
static void
test_interleaved(void **state)
{
	static const char *const prefix[T_JOBS] = { "a", "b", "c" };
	struct refresh_parse	*p;
	struct refresh_job	*j[T_JOBS], *back[T_JOBS];
	struct t_seen		 seen[T_JOBS];
	struct dl_err		 err;
	char			*doc[T_JOBS];
	size_t			 len[T_JOBS], off[T_JOBS] = { 0 };
	size_t			 k, step = 1;
	int			 i, left = T_JOBS, ended = 0, nback;

	(void)state;
	t_wakes = 0;
	assert_non_null(p = refresh_parse_new(t_wake, NULL));
	for (i = 0; i < T_JOBS; i++) {
		j[i] = t_job(&seen[i], prefix[i]);
		doc[i] = t_feed(prefix[i], T_ITEMS);
		len[i] = strlen(doc[i]);
	}
	while (left > 0) {
		for (i = 0; i < T_JOBS; i++) {
			if (off[i] == len[i])
				continue;
			k = step % 97 + 1;
			step = step * 7 + 3;
			if (k > len[i] - off[i])
				k = len[i] - off[i];
			assert_int_equal(refresh_parse_push(p, j[i],
			    doc[i] + off[i], k), 0);
			if ((off[i] += k) == len[i]) {
				left--;
				ended += refresh_parse_end(p, j[i]);
			}
		}
	}
	/* those not parsed by their end come back through take, once */
	nback = t_take_all(p, back, T_JOBS - ended);
	assert_int_equal(nback, T_JOBS - ended);
	assert_null(refresh_parse_take(p, 0));
	pthread_mutex_lock(&t_wake_mu);
	assert_int_equal(t_wakes, nback);
	pthread_mutex_unlock(&t_wake_mu);
	for (i = 0; i < T_JOBS; i++) {
		assert_int_equal(seen[i].n, T_ITEMS);
		assert_true(seen[i].in_order);
		assert_false(j[i]->gave_up);
		assert_int_equal(j[i]->pin.len, 0);
		assert_int_equal(feed_parser_finish(j[i]->parser, &err),
		    FEED_OK);
		t_job_free(j[i]);
		free(doc[i]);
	}
	refresh_parse_free(p);
}

/* A body that is no feed: once its parser gives up, the loop is told to
 * stop reading it, and the job still comes back when it ends. */
static void
test_gives_up(void **state)
{
	struct refresh_parse	*p;
	struct refresh_job	*j, *back[T_JOBS];
	struct t_seen		 seen;
	const char		*page = "<!DOCTYPE html><html><head><title>A "
	    "page</title></head><body><p>No feed here.</p>";
	int			 i, rc = 0;

	(void)state;
	assert_non_null(p = refresh_parse_new(t_wake, NULL));
	j = t_job(&seen, "x");
	for (i = 0; i < 2000 && rc == 0; i++) {
		rc = refresh_parse_push(p, j, page, strlen(page));
		if (i > 0)
			usleep(1000);
	}
	assert_int_equal(rc, -1);
	if (!refresh_parse_end(p, j))
		assert_int_equal(t_take_all(p, back, 1), 1);
	assert_true(j->gave_up);
	assert_int_equal(seen.n, 0);
	t_job_free(j);
	refresh_parse_free(p);
}

/* Freed with bytes still queued: the thread stops, the jobs stay the
 * caller's (ASan and LSan see the rest). */
static void
test_free_with_queue(void **state)
{
	struct refresh_parse	*p;
	struct refresh_job	*j;
	struct t_seen		 seen;
	char			*doc = t_feed("q", 2000);

	(void)state;
	assert_non_null(p = refresh_parse_new(t_wake, NULL));
	j = t_job(&seen, "q");
	assert_int_equal(refresh_parse_push(p, j, doc, strlen(doc)), 0);
	refresh_parse_free(p);
	assert_true(seen.n <= 2000);
	assert_true(seen.in_order);
	t_job_free(j);
	free(doc);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_interleaved),
		cmocka_unit_test(test_gives_up),
		cmocka_unit_test(test_free_with_queue),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
