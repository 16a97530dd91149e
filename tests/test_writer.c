/* test_writer.c: the refresh's writer (src/refresh/refresh_writer.c):
 * feeds committed as one group, a failing feed costing only itself, and
 * the thread writing what it is given, in order, then waking the loop. */
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
#include <sqlite3.h>

#include "date.h"
#include "dl.h"
#include "feed.h"
#include "refresh_int.h"
#include "store.h"
#include "t_db.h"

#define T_FEEDS	3

struct fixture {
	char		 dir[64];
	char		*path;
	struct store	*st;
	int64_t		 feed[T_FEEDS];
	pthread_mutex_t	 mu;
	int		 wakes;
};

static int
setup(void **state)
{
	struct fixture	*fx;
	struct dl_err	 err = { "" };
	char		*url;
	int		 i;

	fx = dl_calloc(1, sizeof *fx);
	snprintf(fx->dir, sizeof fx->dir, "/tmp/test_writer.XXXXXX");
	if (mkdtemp(fx->dir) == NULL)
		return -1;
	fx->path = dl_printf("%s/c.db", fx->dir);
	if ((fx->st = store_open(fx->path, &err)) == NULL) {
		fprintf(stderr, "%s\n", err.msg);
		return -1;
	}
	for (i = 0; i < T_FEEDS; i++) {
		url = dl_printf("https://example.org/%d", i);
		if (store_feed_upsert(fx->st, url, NULL, &fx->feed[i],
		    &err) == -1)
			return -1;
		free(url);
	}
	pthread_mutex_init(&fx->mu, NULL);
	*state = fx;
	return 0;
}

static int
teardown(void **state)
{
	static const char *const names[] = { "c.db", "c.db-wal", "c.db-shm" };
	struct fixture	*fx = *state;
	struct dl_err	 err = { "" };
	char		 p[256];
	size_t		 i;
	int		 rc = 0;

	if (store_check(fx->st, &err) == -1) {
		fprintf(stderr, "integrity: %s\n", err.msg);
		rc = -1;
	}
	store_close(fx->st);
	for (i = 0; i < sizeof names / sizeof names[0]; i++) {
		snprintf(p, sizeof p, "%s/%s", fx->dir, names[i]);
		unlink(p);
	}
	rmdir(fx->dir);
	pthread_mutex_destroy(&fx->mu);
	free(fx->path);
	free(fx);
	return rc;
}

/* Feed i's commit: n items titled "<title> k", with a title and a fetch
 * record of status 200 + i. */
static struct refresh_commit *
t_commit(struct fixture *fx, int i, const char *title, int n)
{
	struct refresh_commit	*c;
	struct feed_item	 it;
	struct dl_err		 err = { "" };
	char			 guid[96], t[64];
	int			 k;

	c = dl_calloc(1, sizeof *c);
	c->feed_id = fx->feed[i];
	c->batch = store_batch_begin(fx->st, fx->feed[i]);
	for (k = 0; k < n; k++) {
		memset(&it, 0, sizeof it);
		snprintf(guid, sizeof guid, "%s-%d-%d", title, i, k);
		snprintf(t, sizeof t, "%s %d", title, k);
		it.id = guid;
		it.title = t;
		it.published = 1000 + k;
		it.updated = DATE_NONE;
		assert_int_equal(store_batch_item(c->batch, &it, &err), 0);
	}
	c->title = dl_printf("Feed %d", i);
	c->rec.status = 200 + i;
	c->rec.set_validators = 1;
	c->rec.fetched_at = 5000;
	c->rec.next_fetch = DATE_NONE;
	return c;
}

static int64_t
t_items_of(struct fixture *fx, int i)
{
	char	*q;
	int64_t	 n;

	q = dl_printf("SELECT count(*) FROM items WHERE feed_id = %lld",
	    (long long)fx->feed[i]);
	n = t_db_int(fx->path, q);
	free(q);
	return n;
}

static void
t_free_list(struct refresh_commit *list)
{
	struct refresh_commit	*next;

	for (; list != NULL; list = next) {
		next = list->next;
		refresh_commit_free(list);
	}
}

/* Three feeds in one group; the second's items cannot be written. The
 * group is rolled back and each feed tried alone: the first and third
 * are written whole (items, title, record), the second not at all. */
static void
test_group_failure_costs_one_feed(void **state)
{
	struct fixture		*fx = *state;
	struct refresh_commit	*a, *b, *c;

	t_db_exec(fx->path, "CREATE TRIGGER poison BEFORE INSERT ON items"
	    " WHEN new.title LIKE 'poison%' BEGIN"
	    " SELECT RAISE(ABORT, 'poisoned'); END");
	a = t_commit(fx, 0, "alpha", 3);
	b = t_commit(fx, 1, "poison", 2);
	c = t_commit(fx, 2, "gamma", 4);
	a->next = b;
	b->next = c;
	refresh_commit_group(fx->st, a);
	assert_false(a->failed);
	assert_true(b->failed);
	assert_non_null(strstr(b->err.msg, "poisoned"));
	assert_false(c->failed);
	assert_int_equal(a->counts.added, 3);
	assert_int_equal(b->counts.added, 0);
	assert_int_equal(c->counts.added, 4);
	assert_int_equal(t_items_of(fx, 0), 3);
	assert_int_equal(t_items_of(fx, 1), 0);
	assert_int_equal(t_items_of(fx, 2), 4);
	assert_int_equal(t_db_int(fx->path, "SELECT count(*) FROM feeds WHERE"
	    " title LIKE 'Feed %'"), 2);
	assert_int_equal(t_db_int(fx->path, "SELECT last_status FROM feeds WHERE"
	    " title = 'Feed 2'"), 202);
	/* The second's record was not written either. */
	assert_int_equal(t_db_int(fx->path, "SELECT count(*) FROM feeds WHERE"
	    " last_status = 201"), 0);
	t_free_list(a);
}

/* Without a failure the group is one transaction: all or nothing. */
static void
test_group_written_whole(void **state)
{
	struct fixture		*fx = *state;
	struct refresh_commit	*a, *b;

	a = t_commit(fx, 0, "alpha", 2);
	b = t_commit(fx, 1, "beta", 5);
	a->next = b;
	refresh_commit_group(fx->st, a);
	assert_false(a->failed);
	assert_false(b->failed);
	assert_int_equal(b->counts.added, 5);
	assert_int_equal(t_items_of(fx, 0), 2);
	assert_int_equal(t_items_of(fx, 1), 5);
	/* The batches were written, so they are gone. */
	assert_null(a->batch);
	assert_null(b->batch);
	t_free_list(a);
}

static void
t_wake(void *arg)
{
	struct fixture	*fx = arg;

	pthread_mutex_lock(&fx->mu);
	fx->wakes++;
	pthread_mutex_unlock(&fx->mu);
}

/* The thread, on a connection of its own, writes what it is given and
 * hands it back in order, waking the loop; freeing it waits for what
 * was submitted. */
static void
test_thread_writes_in_order(void **state)
{
	struct fixture		*fx = *state;
	struct refresh_writer	*w;
	struct refresh_commit	*c, *got = NULL, **tail = &got;
	struct dl_err		 err = { "" };
	int			 i, n = 0, tries;

	w = refresh_writer_new(fx->st, t_wake, fx, &err);
	assert_non_null(w);
	for (i = 0; i < T_FEEDS; i++)
		refresh_writer_submit(w, t_commit(fx, i, "item", 10 + i));
	assert_int_equal(refresh_writer_busy(w), T_FEEDS);
	for (tries = 0; n < T_FEEDS && tries < 500; tries++) {
		refresh_writer_wait(w, 20);
		for (*tail = refresh_writer_take(w); *tail != NULL;
		    tail = &(*tail)->next)
			n++;
	}
	assert_int_equal(n, T_FEEDS);
	assert_int_equal(refresh_writer_busy(w), 0);
	for (c = got, i = 0; c != NULL; c = c->next, i++) {
		assert_int_equal(c->feed_id, fx->feed[i]);
		assert_false(c->failed);
		assert_int_equal(c->counts.added, 10 + i);
		assert_int_equal(t_items_of(fx, i), 10 + i);
	}
	t_free_list(got);

	/* Submitted and never taken: written before the thread ends. */
	refresh_writer_submit(w, t_commit(fx, 0, "late", 7));
	refresh_writer_free(w);
	assert_int_equal(t_items_of(fx, 0), 10 + 7);
	/* The thread woke the loop after each group; it has ended, so every
	 * wake is in (a group is handed back before its wake). */
	pthread_mutex_lock(&fx->mu);
	assert_true(fx->wakes >= 2);
	pthread_mutex_unlock(&fx->mu);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
		T(test_group_failure_costs_one_feed),
		T(test_group_written_whole),
		T(test_thread_writes_in_order),
#undef T
	};

	unsetenv("DATELINE_NOW");
	return cmocka_run_group_tests(tests, NULL, NULL);
}
