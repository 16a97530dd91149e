/* test_sync.c: the merge rule of sync_ (which change wins) as a table,
 * the cache's queue of marks (store_sync.c) that sync pushes, and a sync
 * beside a refresh (refresh_add_sync): its thread writes the cache, and
 * the loop never waits for a server that does not answer. */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <cmocka.h>
#include <sqlite3.h>

#include "date.h"
#include "dl.h"
#include "feed.h"
#include "refresh.h"
#include "store.h"
#include "sync.h"
#include "t_db.h"

struct t_merge {
	const char		*what;
	struct sync_side	 side;
	enum sync_decision	 want;
};

/* local, queued, mark_at, base, server, server_at */
static const struct t_merge t_merges[] = {
	{ "nothing changed", { 1, 0, 0, 1, 1, 0 }, SYNC_KEEP },
	{ "read on the server", { 0, 0, 0, 0, 1, 0 }, SYNC_TAKE_SERVER },
	{ "unread on the server", { 1, 0, 0, 1, 0, 0 }, SYNC_TAKE_SERVER },
	{ "new story, server read", { 0, 0, 0, -1, 1, 0 }, SYNC_TAKE_SERVER },
	{ "marked here only", { 1, 1, 100, 0, 0, 0 }, SYNC_PUSH },
	{ "unmarked here only", { 0, 1, 100, 1, 1, 0 }, SYNC_PUSH },
	{ "both to the same value", { 1, 1, 100, 0, 1, 0 }, SYNC_SETTLE },
	{ "both, server time unknown", { 1, 1, 100, 1, 0, 0 }, SYNC_PUSH },
	{ "both, server later", { 1, 1, 100, 1, 0, 200 }, SYNC_TAKE_SERVER },
	{ "both, ours later", { 1, 1, 300, 1, 0, 200 }, SYNC_PUSH },
	{ "both, same second", { 0, 1, 200, 0, 1, 200 }, SYNC_PUSH },
	{ "pushed, then killed", { 1, 1, 100, 0, 1, 0 }, SYNC_SETTLE },
};

static void
t_merge_table(void **state)
{
	size_t	 i;

	(void)state;
	for (i = 0; i < sizeof t_merges / sizeof t_merges[0]; i++) {
		if (sync_merge(&t_merges[i].side) != t_merges[i].want)
			fail_msg("%s: got %d, want %d", t_merges[i].what,
			    (int)sync_merge(&t_merges[i].side),
			    (int)t_merges[i].want);
	}
}

/* A cache with one server feed holding two linked stories (server ids
 * 501 and 502) and one local story. */
static struct store *
t_cache(char *dir, int64_t ids[3])
{
	static const char *const guids[] = { "g1", "g2", "g3" };
	struct dl_err		 err = { "" };
	struct store		*st;
	struct store_batch	*b;
	struct feed_item	 fi;
	char			*path, *key;
	int64_t			 feed;
	size_t			 i;

	assert_non_null(mkdtemp(dir));
	path = dl_printf("%s/c.db", dir);
	st = store_open(path, &err);
	free(path);
	assert_non_null(st);
	assert_int_equal(store_group_begin(st, &err), 0);
	assert_int_equal(store_sync_feed(st, "http://127.0.0.1/f.xml", "F",
	    7, "News", &feed, &err), 0);
	b = store_batch_begin(st, feed);
	for (i = 0; i < 3; i++) {
		fi = (struct feed_item){ .id = (char *)guids[i],
		    .title = (char *)guids[i], .published = 1000 + (int64_t)i,
		    .updated = DATE_NONE };
		assert_int_equal(store_batch_item(b, &fi, &err), 0);
	}
	assert_int_equal(store_group_feed(st, feed, b, NULL, NULL, NULL,
	    &err), 0);
	store_batch_abort(b);
	for (i = 0; i < 3; i++) {
		fi = (struct feed_item){ .id = (char *)guids[i] };
		key = store_item_key(&fi);
		if (i < 2)
			assert_int_equal(store_sync_link(st, feed, key,
			    501 + (int64_t)i, 0, 0, &ids[i], &err), 0);
		free(key);
	}
	assert_int_equal(store_group_commit(st, &err), 0);
	/* The batch's ids are 1 to 3, in an order of its own. */
	ids[2] = 6 - ids[0] - ids[1];
	return st;
}

static void
t_rm(const char *dir)
{
	static const char *const names[] = { "c.db", "c.db-wal", "c.db-shm",
	    "c.db.lock" };
	char	 p[256];
	size_t	 i;

	for (i = 0; i < 4; i++) {
		snprintf(p, sizeof p, "%s/%s", dir, names[i]);
		unlink(p);
	}
	rmdir(dir);
}

/* store_mark queues marks of the server's stories only, in its own
 * transaction: a failed mark queues nothing; the latest mark per story
 * and field is what sync reads, oldest first. */
static void
t_mark_queue(void **state)
{
	char			 dir[] = "/tmp/test_sync.XXXXXX";
	struct dl_err		 err = { "" };
	struct store		*st;
	struct store_sync_mark	*v;
	int64_t			 ids[3], bad[2], last;
	size_t			 n;

	(void)state;
	st = t_cache(dir, ids);
	assert_int_equal(store_mark(st, &ids[0], 1, STORE_MARK_READ, &err), 0);
	assert_int_equal(store_mark(st, &ids[1], 1, STORE_MARK_SAVE, &err), 0);
	assert_int_equal(store_mark(st, &ids[0], 1, STORE_MARK_UNREAD, &err),
	    0);
	/* A local story: marked, never queued. */
	assert_int_equal(store_mark(st, &ids[2], 1, STORE_MARK_READ, &err), 0);
	/* An unknown id fails the whole mark: nothing queued for ids[1]. */
	bad[0] = ids[1];
	bad[1] = 99999;
	assert_int_equal(store_mark(st, bad, 2, STORE_MARK_UNSAVE, &err), -1);
	assert_int_equal(store_sync_marks(st, &v, &n, &last, &err), 0);
	assert_int_equal(n, 2);
	assert_int_equal(v[0].server_id, 502);	/* the save, oldest */
	assert_int_equal(v[0].field, SYNC_SAVED);
	assert_int_equal(v[0].value, 1);
	assert_int_equal(v[1].server_id, 501);	/* the latest of two */
	assert_int_equal(v[1].field, SYNC_READ);
	assert_int_equal(v[1].value, 0);
	free(v);
	assert_int_equal(store_sync_marks_done(st, last, &err), 0);
	assert_int_equal(store_sync_marks(st, &v, &n, &last, &err), 0);
	assert_int_equal(n, 0);
	free(v);
	/* Marking a feed read queues its unread server stories. */
	assert_int_equal(store_mark_feed_read(st, 1, NULL, &err), 0);
	assert_int_equal(store_sync_marks(st, &v, &n, &last, &err), 0);
	assert_int_equal(n, 2);
	free(v);
	assert_int_equal(store_check(st, &err), 0);
	store_close(st);
	t_rm(dir);
}

/* --- A sync beside a refresh ------------------------------------------- */

/* A fake server: one feed (7) with one new headline (900, unread and
 * starred); with block, login waits until cancelled. */
struct t_fake {
	pthread_mutex_t	 mu;
	pthread_cond_t	 cv;
	int		 block;
	int		 cancelled;
};

static int
t_fake_login(void *b, struct dl_err *err)
{
	struct t_fake	*f = b;
	int		 rc;

	pthread_mutex_lock(&f->mu);
	while (f->block && !f->cancelled)
		pthread_cond_wait(&f->cv, &f->mu);
	rc = f->cancelled ? -1 : 0;
	pthread_mutex_unlock(&f->mu);
	if (rc == -1)
		dl_err_set(err, "sync cancelled");
	return rc;
}

static int
t_fake_feeds(void *b, struct sync_feed **v, size_t *n, struct dl_err *err)
{
	(void)b;
	(void)err;
	*v = dl_calloc(1, sizeof **v);
	(*v)[0] = (struct sync_feed){ .id = 7,
	    .url = dl_strdup("http://127.0.0.1/f.xml"), .title = dl_strdup("F"),
	    .category = dl_strdup("News"), .unread = 1 };
	*n = 1;
	return 0;
}

static int
t_fake_headlines(void *b, int64_t feed_id, int64_t since_id, size_t skip,
    struct sync_headline **v, size_t *n, struct dl_err *err)
{
	(void)b;
	(void)err;
	*v = dl_calloc(1, sizeof **v);
	*n = 0;
	if (feed_id != 7 || since_id != 0 || skip != 0)
		return 0;
	(*v)[0] = (struct sync_headline){ .id = 900, .feed_id = 7,
	    .guid = dl_strdup("gnew"), .title = dl_strdup("New"),
	    .content = dl_strdup("<p>x</p>"), .updated = 1000, .unread = 1,
	    .starred = 1 };
	*n = 1;
	return 0;
}

static int
t_fake_ids(void *b, enum sync_list which, int64_t feed_id, int64_t **v,
    size_t *n, struct dl_err *err)
{
	(void)b;
	(void)which;
	(void)feed_id;
	(void)err;
	*v = dl_calloc(1, sizeof **v);
	*n = 0;
	return 0;
}

static void
t_fake_cancel(void *b)
{
	struct t_fake	*f = b;

	pthread_mutex_lock(&f->mu);
	f->cancelled = 1;
	pthread_cond_broadcast(&f->cv);
	pthread_mutex_unlock(&f->mu);
}

static void
t_fake_backend(struct t_fake *f, int block, struct sync_backend *be)
{
	memset(f, 0, sizeof *f);
	pthread_mutex_init(&f->mu, NULL);
	pthread_cond_init(&f->cv, NULL);
	f->block = block;
	*be = (struct sync_backend){ .name = "fake", .b = f,
	    .login = t_fake_login, .feeds = t_fake_feeds,
	    .headlines = t_fake_headlines, .ids = t_fake_ids,
	    .cancel = t_fake_cancel };
}

/* What on_sync was told. */
struct t_told {
	int	 calls;
	int	 ok;
	int	 cancelled;
	size_t	 new_items;
	char	 message[256];
};

static void
t_on_sync(void *ctx, const struct refresh_sync_result *r)
{
	struct t_told	*t = ctx;

	t->calls++;
	t->ok = r->ok;
	t->cancelled = r->cancelled;
	t->new_items = r->sum->new_items;
	snprintf(t->message, sizeof t->message, "%s",
	    r->message != NULL ? r->message : "");
}

static int64_t
t_ms(void)
{
	struct timespec	 ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* The sync's thread writes what the server sent into the cache (its own
 * connection), and on_sync reports once, from the loop. */
static void
t_refresh_sync_writes(void **state)
{
	char			 dir[] = "/tmp/test_sync.XXXXXX";
	struct dl_err		 err = { "" };
	struct t_told		 told = { 0 };
	struct t_fake		 f;
	struct sync_backend	 be;
	struct refresh		*rf;
	struct store		*st;
	char			*path;

	(void)state;
	assert_non_null(mkdtemp(dir));
	path = dl_printf("%s/c.db", dir);
	assert_non_null(st = store_open(path, &err));
	assert_non_null(rf = refresh_new(st, NULL, NULL, &told, &err));
	t_fake_backend(&f, 0, &be);
	assert_int_equal(refresh_add_sync(rf, &be, t_on_sync, &err), 0);
	assert_int_equal(refresh_add_sync(rf, &be, t_on_sync, &err), -1);
	assert_string_equal(err.msg, "a sync is running");
	assert_int_equal(refresh_run(rf, &err), 0);
	assert_int_equal(told.calls, 1);
	assert_int_equal(told.ok, 1);
	assert_int_equal(told.new_items, 1);
	assert_int_equal(refresh_syncing(rf), 0);
	refresh_free(rf);
	assert_int_equal(t_db_int(path, "SELECT saved * 10 + read FROM items"
	    " WHERE title = 'New'"), 10);
	assert_int_equal(store_check(st, &err), 0);
	store_close(st);
	free(path);
	t_rm(dir);
}

/* A server that never answers: the loop still returns at once for the
 * terminal (extra_fd), the sync stays pending; a cancel stops it, it is
 * reported cancelled and nothing is written. */
static void
t_refresh_sync_cancel(void **state)
{
	char			 dir[] = "/tmp/test_sync.XXXXXX";
	struct dl_err		 err = { "" };
	struct t_told		 told = { 0 };
	struct t_fake		 f;
	struct sync_backend	 be;
	struct refresh		*rf;
	struct store		*st;
	char			*path;
	int64_t			 t0;
	int			 p[2], i;

	(void)state;
	assert_non_null(mkdtemp(dir));
	path = dl_printf("%s/c.db", dir);
	assert_non_null(st = store_open(path, &err));
	assert_non_null(rf = refresh_new(st, NULL, NULL, &told, &err));
	t_fake_backend(&f, 1, &be);
	assert_int_equal(refresh_add_sync(rf, &be, t_on_sync, &err), 0);
	assert_int_equal(pipe(p), 0);
	assert_int_equal(write(p[1], "k", 1), 1);
	t0 = t_ms();
	assert_int_equal(refresh_step(rf, 5000, p[0], &err), 1);
	assert_true(t_ms() - t0 < 2000);
	assert_int_equal(refresh_pending(rf), 1);
	assert_int_equal(refresh_syncing(rf), 1);
	assert_int_equal(told.calls, 0);
	assert_int_equal(refresh_cancel_sync(rf), 1);
	for (i = 0; i < 100 && refresh_pending(rf) > 0; i++)
		assert_int_not_equal(refresh_step(rf, 100, -1, &err), -1);
	assert_int_equal(told.calls, 1);
	assert_int_equal(told.ok, 0);
	assert_int_equal(told.cancelled, 1);
	assert_string_equal(told.message, "sync cancelled");
	assert_int_equal(refresh_cancel_sync(rf), 0);
	refresh_free(rf);
	assert_int_equal(t_db_int(path, "SELECT count(*) FROM items"), 0);
	close(p[0]);
	close(p[1]);
	store_close(st);
	free(path);
	t_rm(dir);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(t_merge_table),
		cmocka_unit_test(t_mark_queue),
		cmocka_unit_test(t_refresh_sync_writes),
		cmocka_unit_test(t_refresh_sync_cancel),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
