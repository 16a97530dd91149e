/* test_sync.c: the merge rule of sync_ (which change wins) as a table,
 * and the cache's queue of marks (store_sync.c) that sync pushes. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "date.h"
#include "dl.h"
#include "feed.h"
#include "store.h"
#include "sync.h"

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

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(t_merge_table),
		cmocka_unit_test(t_mark_queue),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
