/* test_store.c: unit tests for the cache: schema and migrations, item
 * keys and merging, read/saved state, retention, search (including CJK),
 * paging, marking, the refresh lock and rollback. Each test gets a fresh
 * database in its own temporary folder. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <sys/stat.h>
#include <sys/wait.h>
#include <inttypes.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "date.h"
#include "dl.h"
#include "feed.h"
#include "store.h"
#include "t_db.h"

struct fixture {
	char		 dir[64];
	char		*path;
	struct store	*st;
	int64_t		 feed;
};

/* Remove the files a database leaves, then the folder. */
static void
test_rmdb(const char *dir)
{
	static const char *const names[] = { "c.db", "c.db-wal", "c.db-shm",
	    "c.db.lock", "a/b/c.db", "a/b/c.db-wal", "a/b/c.db-shm", "a/b",
	    "a" };
	char	 p[256];
	size_t	 i;

	for (i = 0; i < sizeof names / sizeof names[0]; i++) {
		snprintf(p, sizeof p, "%s/%s", dir, names[i]);
		if (unlink(p) == -1)
			rmdir(p);
	}
	rmdir(dir);
}

static int
setup(void **state)
{
	struct fixture	*fx;
	struct dl_err	 err = { "" };

	fx = dl_calloc(1, sizeof *fx);
	snprintf(fx->dir, sizeof fx->dir, "/tmp/test_store.XXXXXX");
	if (mkdtemp(fx->dir) == NULL)
		return -1;
	fx->path = dl_printf("%s/c.db", fx->dir);
	fx->st = store_open(fx->path, &err);
	if (fx->st == NULL) {
		fprintf(stderr, "%s\n", err.msg);
		return -1;
	}
	if (store_feed_upsert(fx->st, "https://example.org/feed", NULL,
	    &fx->feed, &err) == -1)
		return -1;
	*state = fx;
	return 0;
}

/* Every scenario must leave a consistent database. */
static int
teardown(void **state)
{
	struct fixture	*fx = *state;
	struct dl_err	 err = { "" };
	int		 rc = 0;

	if (fx->st != NULL && store_check(fx->st, &err) == -1) {
		fprintf(stderr, "integrity: %s\n", err.msg);
		rc = -1;
	}
	store_close(fx->st);
	test_rmdb(fx->dir);
	free(fx->path);
	free(fx);
	return rc;
}

static struct feed_item
test_item(const char *guid, const char *link, const char *title,
    int64_t published, const char *content)
{
	struct feed_item	 it;

	memset(&it, 0, sizeof it);
	it.id = (char *)guid;
	it.link = (char *)link;
	it.title = (char *)title;
	it.published = published;
	it.updated = DATE_NONE;
	it.content = (char *)content;
	return it;
}

/* Write items in one batch; returns the counts. */
static struct store_counts
test_write(struct fixture *fx, const struct feed_item *items, size_t n)
{
	struct store_batch	*b;
	struct store_counts	 c = { 0 };
	struct dl_err		 err = { "" };
	size_t			 i;

	b = store_batch_begin(fx->st, fx->feed);
	for (i = 0; i < n; i++)
		assert_int_equal(store_batch_item(b, &items[i], &err), 0);
	if (store_batch_commit(b, &c, &err) == -1)
		fail_msg("commit: %s", err.msg);
	return c;
}

static size_t
test_count(struct fixture *fx, const struct store_query *q)
{
	struct store_item	*v;
	struct dl_err		 err = { "" };
	size_t			 n;

	if (store_items_list(fx->st, q, &v, &n, &err) == -1)
		fail_msg("list: %s", err.msg);
	store_items_free(v, n);
	return n;
}

static size_t
test_search(struct fixture *fx, const char *words)
{
	struct store_query	 q = { .search = words };

	return test_count(fx, &q);
}

/* The id of the item with this title, or -1. */
static int64_t
test_id(struct fixture *fx, const char *title)
{
	struct store_query	 q = { 0 };
	struct store_item	*v;
	struct dl_err		 err = { "" };
	size_t			 n, i;
	int64_t			 id = -1;

	assert_int_equal(store_items_list(fx->st, &q, &v, &n, &err), 0);
	for (i = 0; i < n; i++)
		if (v[i].title != NULL && strcmp(v[i].title, title) == 0)
			id = v[i].id;
	store_items_free(v, n);
	return id;
}

/* The feed's counters as store_feeds_list gives them. */
static void
test_counters(struct fixture *fx, int64_t feed, int64_t *unread,
    int64_t *total)
{
	struct store_feed	*f;
	struct dl_err		 err = { "" };
	size_t			 n, i;

	*unread = *total = -1;
	if (store_feeds_list(fx->st, &f, &n, &err) == -1)
		fail_msg("feeds: %s", err.msg);
	for (i = 0; i < n; i++) {
		if (f[i].id == feed) {
			*unread = f[i].unread;
			*total = f[i].total;
		}
	}
	store_feeds_free(f, n);
}

/* The feed's counters equal want_unread/want_total, the counts of its
 * items (read behind the store's back) and store_check agrees. */
static void
test_counters_are(struct fixture *fx, int64_t feed, int64_t want_unread,
    int64_t want_total)
{
	struct dl_err	 err = { "" };
	int64_t		 unread, total;
	char		*q;

	test_counters(fx, feed, &unread, &total);
	assert_int_equal(unread, want_unread);
	assert_int_equal(total, want_total);
	q = dl_printf("SELECT count(*) FROM items WHERE feed_id = %" PRId64
	    " AND read = 0", feed);
	assert_int_equal(t_db_int(fx->path, q), want_unread);
	free(q);
	q = dl_printf("SELECT count(*) FROM items WHERE feed_id = %" PRId64,
	    feed);
	assert_int_equal(t_db_int(fx->path, q), want_total);
	free(q);
	if (store_check(fx->st, &err) == -1)
		fail_msg("check: %s", err.msg);
}

/* --- Schema --------------------------------------------------------------- */

/* A new cache at schema version, with the fixture's feed in it. */
static void
test_start_at(struct fixture *fx, int version)
{
	struct dl_err	 err = { "" };

	store_close(fx->st);
	test_rmdb(fx->dir);
	assert_int_equal(mkdir(fx->dir, 0700), 0);
	fx->st = store_open_upto(fx->path, version, &err);
	if (fx->st == NULL)
		fail_msg("open at %d: %s", version, err.msg);
	assert_int_equal(store_version(fx->st), version);
	assert_int_equal(store_feed_upsert(fx->st, "https://example.org/feed",
	    NULL, &fx->feed, &err), 0);
}

static void
test_open_creates_folders_and_schema(void **state)
{
	struct fixture	*fx = *state;
	struct dl_err	 err = { "" };
	struct store	*st;
	struct stat	 sb;
	char		*p;

	p = dl_printf("%s/a/b/c.db", fx->dir);
	st = store_open(p, &err);
	assert_non_null(st);
	assert_int_equal(store_version(st), STORE_SCHEMA_VERSION);
	assert_int_equal(store_check(st, &err), 0);
	store_close(st);
	free(p);
	p = dl_printf("%s/a/b", fx->dir);
	assert_int_equal(stat(p, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0700);
	free(p);
	assert_int_equal(t_db_int(fx->path, "SELECT journal_mode = 'wal'"
	    " FROM pragma_journal_mode()"), 1);
	p = dl_printf("%s/a/b/c.db", fx->dir);
	assert_int_equal(t_db_int(p, "PRAGMA user_version"),
	    STORE_SCHEMA_VERSION);
	free(p);
}

static void
test_reopen_keeps_data(void **state)
{
	struct fixture		*fx = *state;
	struct feed_item	 it = test_item("g1", NULL, "Kept", 100, NULL);
	struct dl_err		 err = { "" };
	int64_t			 id;

	test_write(fx, &it, 1);
	id = test_id(fx, "Kept");
	assert_int_equal(store_mark(fx->st, &id, 1, STORE_MARK_SAVE, &err), 0);
	store_close(fx->st);
	fx->st = store_open(fx->path, &err);
	assert_non_null(fx->st);
	assert_int_equal(test_id(fx, "Kept"), id);
	assert_int_equal(test_write(fx, &it, 1).unchanged, 1);
}

static void
test_migrate_from_v1(void **state)
{
	struct fixture		*fx = *state;
	struct feed_enclosure	 enc = { "https://example.org/a.mp3",
	    "audio/mpeg", 1234 };
	struct feed_item	 it = test_item("g1", NULL, "Old", 100, NULL);
	struct dl_err		 err = { "" };

	test_start_at(fx, 1);
	test_write(fx, &it, 1);
	store_close(fx->st);
	assert_int_equal(t_db_int(fx->path, "SELECT count(*) FROM "
	    "sqlite_master WHERE name = 'enclosures'"), 0);

	fx->st = store_open(fx->path, &err);
	assert_non_null(fx->st);
	assert_int_equal(store_version(fx->st), STORE_SCHEMA_VERSION);
	assert_true(test_id(fx, "Old") > 0);
	it = test_item("g2", NULL, "New", 200, NULL);
	it.enclosures = &enc;
	it.nenclosures = 1;
	test_write(fx, &it, 1);
	assert_int_equal(t_db_int(fx->path, "SELECT length FROM "
	    "enclosures"), 1234);
}

/* Schema 3 replaces the trigram index with our tokens and reindexes
 * what a v2 cache holds. */
static void
test_migrate_from_v2(void **state)
{
	struct fixture		*fx = *state;
	struct feed_item	 v[2] = {
		test_item("k", NULL, "선거 결과", 100, "<p>유권자 투표</p>"),
		test_item("e", NULL, "Olympics open", 200, "<p>torch</p>"),
	};
	struct dl_err		 err = { "" };

	test_start_at(fx, 2);
	assert_int_equal(test_write(fx, v, 2).added, 2);
	store_close(fx->st);
	assert_int_equal(t_db_int(fx->path, "SELECT count(*) FROM "
	    "sqlite_master WHERE name = 'items_fts' AND sql LIKE "
	    "'%trigram%'"), 1);

	fx->st = store_open(fx->path, &err);
	assert_non_null(fx->st);
	assert_int_equal(store_version(fx->st), STORE_SCHEMA_VERSION);
	assert_int_equal(t_db_int(fx->path, "SELECT count(*) FROM "
	    "sqlite_master WHERE name = 'items_fts' AND sql LIKE "
	    "'%ascii%'"), 1);
	assert_int_equal(t_db_int(fx->path, "SELECT count(*) FROM "
	    "items_fts WHERE items_fts MATCH '\"선거\"'"), 1);
	assert_int_equal(test_search(fx, "선거"), 1);
	assert_int_equal(test_search(fx, "유권자"), 1);
	assert_int_equal(test_search(fx, "olymp"), 1);
	assert_int_equal(test_search(fx, "torch"), 1);
	assert_int_equal(store_check(fx->st, &err), 0);
}

/* Schema 5 adds each feed's unread/total counters, filled from the
 * items a v4 cache holds, then kept by every write. */
static void
test_migrate_from_v4(void **state)
{
	struct fixture		*fx = *state;
	struct feed_item	 v[3] = {
		test_item("a", NULL, "A", 100, NULL),
		test_item("b", NULL, "B", 200, NULL),
		test_item("c", NULL, "C", 300, NULL),
	};
	struct feed_item	 d = test_item("d", NULL, "D", 400, NULL);
	struct dl_err		 err = { "" };
	int64_t			 id, other, unread, total;

	test_start_at(fx, 4);
	assert_int_equal(store_feed_upsert(fx->st, "https://example.org/none",
	    NULL, &other, &err), 0);
	assert_int_equal(test_write(fx, v, 3).added, 3);
	id = test_id(fx, "B");
	assert_int_equal(store_mark(fx->st, &id, 1, STORE_MARK_READ, &err), 0);
	/* Before schema 5 the list counts the items. */
	test_counters(fx, fx->feed, &unread, &total);
	assert_int_equal(unread, 2);
	assert_int_equal(total, 3);
	assert_int_equal(store_check(fx->st, &err), 0);
	store_close(fx->st);
	assert_int_equal(t_db_int(fx->path, "SELECT count(*) FROM "
	    "pragma_table_info('feeds') WHERE name = 'unread'"), 0);

	fx->st = store_open(fx->path, &err);
	assert_non_null(fx->st);
	assert_int_equal(store_version(fx->st), STORE_SCHEMA_VERSION);
	assert_int_equal(t_db_int(fx->path, "SELECT unread * 10 + total"
	    " FROM feeds WHERE url = 'https://example.org/feed'"), 23);
	test_counters_are(fx, fx->feed, 2, 3);
	test_counters_are(fx, other, 0, 0);
	assert_int_equal(test_write(fx, &d, 1).added, 1);
	test_counters_are(fx, fx->feed, 3, 4);
}

/* Schema 6 adds the story page's validators to articles: an article
 * stored by a v5 cache survives with none, and new ones keep theirs. */
static void
test_migrate_from_v5(void **state)
{
	struct fixture		*fx = *state;
	struct feed_item	 it = test_item("a", "https://x/a", "A", 100,
	    NULL);
	struct store_article	 a = { .url = "https://x/a", .title = "A",
	    .html = "<p>Old body.</p>", .fetched_at = 77, .status = 200 };
	struct store_article	 got;
	struct dl_err		 err = { "" };
	char			*sql;
	int64_t			 id;

	test_start_at(fx, 5);
	test_write(fx, &it, 1);
	id = test_id(fx, "A");
	store_close(fx->st);
	/* A v5 build's article row: no validators to write. */
	sql = dl_printf("INSERT INTO articles (item_id, url, html,"
	    " fetched_at, status) VALUES (%" PRId64 ", 'https://x/a',"
	    " '<p>Old body.</p>', 77, 200)", id);
	t_db_exec(fx->path, sql);
	free(sql);
	assert_int_equal(t_db_int(fx->path, "SELECT count(*) FROM "
	    "pragma_table_info('articles') WHERE name = 'etag'"), 0);

	fx->st = store_open(fx->path, &err);
	assert_non_null(fx->st);
	assert_int_equal(store_version(fx->st), STORE_SCHEMA_VERSION);
	assert_int_equal(store_article_get(fx->st, id, &got, &err), 0);
	assert_string_equal(got.html, "<p>Old body.</p>");
	assert_int_equal(got.fetched_at, 77);
	assert_null(got.etag);
	assert_null(got.last_modified);
	store_article_clear(&got);
	a.etag = "\"v2\"";
	a.last_modified = "Tue, 24 Nov 2026 10:00:00 GMT";
	assert_int_equal(store_article_put(fx->st, id, &a, &err), 0);
	assert_int_equal(store_article_get(fx->st, id, &got, &err), 0);
	assert_string_equal(got.etag, "\"v2\"");
	assert_string_equal(got.last_modified,
	    "Tue, 24 Nov 2026 10:00:00 GMT");
	store_article_clear(&got);
	assert_int_equal(store_check(fx->st, &err), 0);
}

/* Schema 7 counts a batch's new items once per batch instead of in a
 * trigger per insert: the trigger is gone, counts kept by it survive,
 * and each new item is counted exactly once, before and after. */
static void
test_migrate_from_v6(void **state)
{
	struct fixture		*fx = *state;
	struct feed_item	 v[3] = {
		test_item("a", NULL, "A", 100, NULL),
		test_item("b", NULL, "B", 200, NULL),
		test_item("c", NULL, "C", 300, NULL),
	};
	struct dl_err		 err = { "" };
	int64_t			 id;

	test_start_at(fx, 6);
	/* A v6 cache still counts in its trigger, and only there. */
	assert_int_equal(test_write(fx, v, 2).added, 2);
	test_counters_are(fx, fx->feed, 2, 2);
	id = test_id(fx, "A");
	assert_int_equal(store_mark(fx->st, &id, 1, STORE_MARK_READ, &err), 0);
	test_counters_are(fx, fx->feed, 1, 2);
	store_close(fx->st);
	assert_int_equal(t_db_int(fx->path, "SELECT count(*) FROM "
	    "sqlite_master WHERE name = 'items_count_insert'"), 1);

	fx->st = store_open(fx->path, &err);
	assert_non_null(fx->st);
	assert_int_equal(store_version(fx->st), STORE_SCHEMA_VERSION);
	assert_int_equal(t_db_int(fx->path, "SELECT count(*) FROM "
	    "sqlite_master WHERE name = 'items_count_insert'"), 0);
	test_counters_are(fx, fx->feed, 1, 2);
	/* One known item, one new: counted once. */
	assert_int_equal(test_write(fx, &v[1], 2).added, 1);
	test_counters_are(fx, fx->feed, 2, 3);
}

/* Schema 9 remembers a feed's urls file line: the same line keeps the
 * back-off, an edited one or force forgets it. */
static void
test_forget_backoff(void **state)
{
	struct fixture		*fx = *state;
	struct store_fetch	 r = { .status = 500, .error = "HTTP 500",
	    .next_fetch = 5000, .dead = 1 };
	struct dl_err		 err = { "" };
	const char		*url = "https://example.org/feed";
	const char		*q = "SELECT fail_count * 100 +"
	    " (next_fetch IS NOT NULL) * 10 + dead FROM feeds";

	test_start_at(fx, 8);
	store_close(fx->st);
	fx->st = store_open(fx->path, &err);
	assert_non_null(fx->st);
	assert_int_equal(store_feed_record_fetch(fx->st, fx->feed, &r, &err),
	    0);
	assert_int_equal(store_feed_forget_backoff(fx->st, url, "u a", 0,
	    &err), 0);
	assert_int_equal(t_db_int(fx->path, q), 111);
	assert_int_equal(store_feed_forget_backoff(fx->st, url, "u a", 0,
	    &err), 0);
	assert_int_equal(t_db_int(fx->path, q), 111);
	assert_int_equal(store_feed_forget_backoff(fx->st, url, "u a b", 0,
	    &err), 0);
	assert_int_equal(t_db_int(fx->path, q), 0);
	assert_int_equal(store_feed_record_fetch(fx->st, fx->feed, &r, &err),
	    0);
	assert_int_equal(store_feed_forget_backoff(fx->st, url, NULL, 1,
	    &err), 0);
	assert_int_equal(t_db_int(fx->path, q), 0);
	assert_int_equal(t_db_int(fx->path, "SELECT sub_line = 'u a b'"
	    " FROM feeds"), 1);
	assert_int_equal(store_feed_forget_backoff(fx->st, "https://none/",
	    "x", 1, &err), 0);
}

static void
test_future_version_refused(void **state)
{
	struct fixture	*fx = *state;
	struct dl_err	 err = { "" };
	char		*p;

	store_close(fx->st);
	t_db_exec(fx->path, "PRAGMA user_version = 99");
	fx->st = store_open(fx->path, &err);
	assert_null(fx->st);
	assert_non_null(strstr(err.msg, "schema version 99"));
	p = dl_printf("up to %d", STORE_SCHEMA_VERSION);
	assert_non_null(strstr(err.msg, p));
	free(p);
	p = dl_printf("PRAGMA user_version = %d", STORE_SCHEMA_VERSION);
	t_db_exec(fx->path, p);
	free(p);
	fx->st = store_open(fx->path, &err);
	assert_non_null(fx->st);
}

/* --- Keys and merging ----------------------------------------------------- */

static void
test_fnv1a_vectors(void **state)
{
	(void)state;
	/* Published FNV-1a 64 test vectors. */
	assert_true(store_fnv1a(STORE_FNV_OFFSET, "", 0) ==
	    0xcbf29ce484222325ULL);
	assert_true(store_fnv1a(STORE_FNV_OFFSET, "a", 1) ==
	    0xaf63dc4c8601ec8cULL);
	assert_true(store_fnv1a(STORE_FNV_OFFSET, "foobar", 6) ==
	    0x85944171f73967e8ULL);
}

static void
test_item_keys(void **state)
{
	static const struct {
		const char	*guid, *link, *title;
		int64_t		 published, updated;
		const char	*want;
		const char	*quirk;
	} rows[] = {
		{ "tag:x,1", "https://x/1", "T", 5, DATE_NONE, "g:tag:x,1",
		  "guid wins over link" },
		{ "", "https://x/1", "T", 5, DATE_NONE, "l:https://x/1",
		  "empty guid counts as none" },
		{ NULL, NULL, "", DATE_NONE, DATE_NONE,
		  "h:af63c74c8601c8dd", "nothing at all: hash of \"\\n\"" },
		{ NULL, NULL, "a", DATE_NONE, DATE_NONE,
		  "h:089bdc07b544e7b2", "title only: hash of \"a\\n\"" },
		{ NULL, NULL, "a", 1, DATE_NONE, "h:e5be641904156399",
		  "title and published: \"a\\n1\"" },
		{ NULL, NULL, "a", DATE_NONE, 1, "h:e5be641904156399",
		  "updated stands in for published" },
	};
	struct feed_item	 it;
	uint64_t		 h;
	char			*k, want[32];
	size_t			 i;

	(void)state;
	for (i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		it = test_item(rows[i].guid, rows[i].link, rows[i].title,
		    rows[i].published, NULL);
		it.updated = rows[i].updated;
		k = store_item_key(&it);
		if (strcmp(k, rows[i].want) != 0)
			fail_msg("row %zu (%s): %s", i, rows[i].quirk, k);
		free(k);
	}
	/* The hash rows above, computed independently. */
	h = store_fnv1a(STORE_FNV_OFFSET, "a\n1", 3);
	snprintf(want, sizeof want, "h:%016" PRIx64, h);
	assert_string_equal(want, rows[4].want);
}

static void
test_upsert_by_guid_link_hash(void **state)
{
	struct fixture		*fx = *state;
	struct feed_item	 v[3] = {
		test_item("g1", "https://x/1", "By guid", 100, "<p>a</p>"),
		test_item(NULL, "https://x/2", "By link", 200, "<p>b</p>"),
		test_item(NULL, NULL, "By hash", 300, "<p>c</p>"),
	};
	struct store_counts	 c;

	c = test_write(fx, v, 3);
	assert_int_equal(c.added, 3);
	c = test_write(fx, v, 3);
	assert_int_equal(c.added, 0);
	assert_int_equal(c.unchanged, 3);
	/* Same guid with a new link and title: the same story, updated. */
	v[0].link = "https://x/1b";
	v[0].title = "By guid, retitled";
	/* Same link, different content: updated. */
	v[1].content = "<p>b2</p>";
	/* Different date: a different hash, so a new story. */
	v[2].published = 301;
	c = test_write(fx, v, 3);
	assert_int_equal(c.added, 1);
	assert_int_equal(c.updated, 2);
	assert_int_equal(c.unchanged, 0);
	assert_int_equal(test_count(fx, &(struct store_query){ 0 }), 4);
	assert_true(test_id(fx, "By guid") == -1);
	assert_true(test_id(fx, "By guid, retitled") > 0);
}

static void
test_duplicate_key_in_batch(void **state)
{
	struct fixture		*fx = *state;
	struct feed_item	 v[101];
	struct feed_enclosure	 enc[2] = {
		{ "https://example.org/old.mp3", "audio/mpeg", 1 },
		{ "https://example.org/new.mp3", "audio/mpeg", 2 },
	};
	static char		 names[100][16];
	struct store_counts	 c;
	int			 i;

	/* Enough items to grow the batch's key table several times. */
	for (i = 0; i < 100; i++) {
		snprintf(names[i], sizeof names[i], "k%d", i);
		v[i] = test_item(names[i], NULL, names[i], 1000 + i, NULL);
	}
	v[5].enclosures = &enc[0];
	v[5].nenclosures = 1;
	/* A later item with the same guid replaces the earlier one, with
	 * its enclosure. */
	v[100] = test_item("k5", NULL, "k5 later", 1005, NULL);
	v[100].enclosures = &enc[1];
	v[100].nenclosures = 1;
	c = test_write(fx, v, 101);
	assert_int_equal(c.added, 100);
	assert_int_equal(test_count(fx, &(struct store_query){ 0 }), 100);
	assert_true(test_id(fx, "k5") == -1);
	assert_true(test_id(fx, "k5 later") > 0);
	assert_true(test_id(fx, "k99") > 0);
	assert_int_equal(t_db_int(fx->path, "SELECT length FROM "
	    "enclosures"), 2);
	assert_int_equal(t_db_int(fx->path, "SELECT count(*) FROM "
	    "enclosures"), 1);
}

static void
test_state_survives_update_in_place(void **state)
{
	struct fixture		*fx = *state;
	struct feed_item	 it = test_item("g1", NULL, "Story", 100,
	    "<p>first</p>");
	struct store_item	 got;
	struct dl_err		 err = { "" };
	int64_t			 id;

	test_write(fx, &it, 1);
	id = test_id(fx, "Story");
	assert_int_equal(store_mark(fx->st, &id, 1, STORE_MARK_READ, &err), 0);
	assert_int_equal(store_mark(fx->st, &id, 1, STORE_MARK_SAVE, &err), 0);
	it.content = "<p>second</p>";
	it.published = 150;
	assert_int_equal(test_write(fx, &it, 1).updated, 1);
	assert_int_equal(store_item_get(fx->st, id, &got, &err), 0);
	assert_int_equal(got.id, id);
	assert_int_equal(got.read, 1);
	assert_int_equal(got.saved, 1);
	assert_string_equal(got.content, "<p>second</p>");
	assert_int_equal(got.published, 150);
	assert_int_equal(got.sort_date, 150);
	assert_true(got.updated == DATE_NONE);
	store_item_clear(&got);
}

static void
test_failed_fetch_leaves_items(void **state)
{
	struct fixture		*fx = *state;
	struct feed_item	 it = test_item("g1", NULL, "Intact", 100,
	    "<p>original</p>");
	struct store_fetch	 ok = { .status = 200, .set_validators = 1,
	    .etag = "\"v1\"", .last_modified = "Mon, 01 Jan 2024 00:00:00 GMT",
	    .fetched_at = 1000, .next_fetch = 2000 };
	struct store_fetch	 bad = { .status = 500, .error = "HTTP 500",
	    .fetched_at = 3000, .next_fetch = DATE_NONE };
	struct store_batch	*b;
	struct store_item	 got;
	struct store_feed	 f;
	struct dl_err		 err = { "" };

	test_write(fx, &it, 1);
	assert_int_equal(store_feed_record_fetch(fx->st, fx->feed, &ok, &err),
	    0);
	/* A broken fetch: some items were staged, then the transfer died. */
	b = store_batch_begin(fx->st, fx->feed);
	it.content = "<p>half</p>";
	assert_int_equal(store_batch_item(b, &it, &err), 0);
	store_batch_abort(b);
	assert_int_equal(store_feed_record_fetch(fx->st, fx->feed, &bad, &err),
	    0);
	assert_int_equal(store_feed_record_fetch(fx->st, fx->feed, &bad, &err),
	    0);

	assert_int_equal(store_item_get(fx->st, test_id(fx, "Intact"), &got,
	    &err), 0);
	assert_string_equal(got.content, "<p>original</p>");
	store_item_clear(&got);
	assert_int_equal(store_feed_get(fx->st, "https://example.org/feed", &f,
	    &err), 0);
	assert_int_equal(f.fail_count, 2);
	assert_int_equal(f.last_status, 500);
	assert_string_equal(f.last_error, "HTTP 500");
	assert_string_equal(f.etag, "\"v1\"");	/* validators kept */
	assert_int_equal(f.last_fetch, 3000);
	assert_true(f.next_fetch == DATE_NONE);
	store_feed_clear(&f);
	assert_int_equal(store_feed_record_fetch(fx->st, fx->feed, &ok, &err),
	    0);
	assert_int_equal(store_feed_get(fx->st, "https://example.org/feed", &f,
	    &err), 0);
	assert_int_equal(f.fail_count, 0);
	assert_null(f.last_error);
	store_feed_clear(&f);
}

/* --- Retention ------------------------------------------------------------ */

static void
test_retention(void **state)
{
	struct fixture		*fx = *state;
	struct feed_item	 v[8], n1 = test_item("n1", NULL, "n1", 9000,
	    NULL);
	struct store_counts	 c;
	struct dl_err		 err = { "" };
	static char		 names[8][16];
	int64_t			 ids[2];
	int			 i;

	for (i = 0; i < 8; i++) {
		snprintf(names[i], sizeof names[i], "d%d", i + 1);
		v[i] = test_item(names[i], NULL, names[i], 1000 * (i + 1),
		    NULL);
	}
	test_write(fx, v, 8);
	ids[0] = test_id(fx, "d1");
	ids[1] = test_id(fx, "d2");
	assert_int_equal(store_mark(fx->st, ids, 2, STORE_MARK_SAVE, &err), 0);
	ids[0] = test_id(fx, "d7");
	ids[1] = test_id(fx, "d8");
	assert_int_equal(store_mark(fx->st, ids, 2, STORE_MARK_READ, &err), 0);

	/* 9 items, keep 5: the two read ones go first although they are
	 * the newest, then the oldest unread; saved d1 and d2 stay
	 * although they are the oldest. */
	store_set_max_items(fx->st, 5);
	c = test_write(fx, &n1, 1);
	assert_int_equal(c.added, 1);
	assert_int_equal(c.removed, 4);
	assert_int_equal(test_count(fx, &(struct store_query){ 0 }), 5);
	assert_true(test_id(fx, "d1") > 0 && test_id(fx, "d2") > 0);
	assert_true(test_id(fx, "d7") == -1 && test_id(fx, "d8") == -1);
	assert_true(test_id(fx, "d3") == -1 && test_id(fx, "d4") == -1);
	assert_true(test_id(fx, "d5") > 0 && test_id(fx, "d6") > 0);

	/* Saved items and what the feed still carries are never removed,
	 * even past the limit. */
	store_set_max_items(fx->st, 1);
	c = test_write(fx, &n1, 1);
	assert_int_equal(c.removed, 2);
	assert_int_equal(test_count(fx, &(struct store_query){ 0 }), 3);
	assert_true(test_id(fx, "n1") > 0);
	assert_int_equal(test_count(fx, &(struct store_query){
	    .saved_only = 1 }), 2);
}

/* --- Search --------------------------------------------------------------- */

static void
test_search_words(void **state)
{
	struct fixture		*fx = *state;
	struct feed_item	 v[5] = {
		test_item("en", NULL, "Typhoon nears Okinawa", 100,
		    "<p>Flights <b>cancelled</b> across the islands.</p>"),
		test_item("ko", NULL, "서울 시장 선거 결과", 200,
		    "<p>서울특별시 유권자들이 투표했다.</p>"),
		test_item("ja", NULL, "東京で地震", 300,
		    "<p>気象庁によると震度4の揺れ。</p>"),
		test_item("zh", NULL, "北京天气预报", 400,
		    "<p>明天有雨。</p>"),
		test_item("eu", NULL, "Événements: Olympics in Zürich", 500,
		    "<p>Москва, ΑΘΗΝΑ, naïve cafe\xcc\x81 &amp; "
		    "ＦＵＬＬ width</p>"),
	};
	static const struct {
		const char	*q;
		size_t		 want;
		const char	*quirk;
	} rows[] = {
		{ "typhoon", 1, "English word, other case" },
		{ "cancelled", 1, "word inside HTML content, tags removed" },
		{ "flights islands", 1, "all words must occur" },
		{ "flights tokyo", 0, "one word missing" },
		{ "olymp", 1, "the last word is a prefix" },
		{ "olymp zurich", 0, "only the last word is a prefix" },
		{ "zurich olymp", 1, "ü folds to u; last word prefix" },
		{ "lympics", 0, "inside a Latin word: words, not substrings" },
		{ "EVENEMENTS", 1, "É folded and its accent removed" },
		{ "москва", 1, "Cyrillic case folding" },
		{ "αθηνα", 1, "Greek case folding" },
		{ "naive café", 1, "ï and a combining accent removed" },
		{ "full", 1, "fullwidth Latin folds to ASCII" },
		{ "서울특별시", 1, "Korean 5 characters: phrase of bigrams" },
		{ "유권자", 1, "Korean 3 characters inside a word" },
		{ "특별", 1, "Korean 2 characters inside a word: a bigram" },
		{ "선거", 1, "Korean 2-character word: one bigram" },
		{ "서울", 1, "Korean 2 characters in title and text" },
		{ "東京", 1, "Japanese 2 characters" },
		{ "気象庁", 1, "Japanese 3 characters in content" },
		{ "震度4", 1, "Han run then a digit: two tokens, one phrase" },
		{ "北京", 1, "Chinese 2 characters" },
		{ "天气预报", 1, "Chinese 4 characters: phrase of bigrams" },
		{ "预报北京", 0, "bigrams of a phrase must be adjacent" },
		{ "雨", 1, "Chinese 1 character: LIKE fallback" },
		{ "天", 1, "1 character inside a run: LIKE fallback" },
		{ "b", 0, "markup is not indexed (<b>)" },
		{ "\"", 0, "a lone quote: no token, matches nothing" },
		{ "x\"y", 0, "a quote between two words: a phrase" },
		{ "4", 1, "one digit (震度4)" },
		{ "4%", 1, "punctuation separates words: the word 4" },
		{ "%", 0, "a wildcard alone matches nothing" },
		{ "_", 0, "a wildcard alone matches nothing" },
		{ "  ", 5, "blank search is no filter" },
	};
	size_t	 i, got;

	test_write(fx, v, 5);
	for (i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		got = test_search(fx, rows[i].q);
		if (got != rows[i].want)
			fail_msg("\"%s\" (%s): %zu, wanted %zu", rows[i].q,
			    rows[i].quirk, got, rows[i].want);
	}
}

/* Malformed bytes in a title separate words, as U+FFFD does: an
 * overlong 'A' is no letter, a stray continuation byte or a character
 * cut short breaks the word it sits in. */
static void
test_search_malformed(void **state)
{
	struct fixture		*fx = *state;
	struct feed_item	 v[2] = {
		test_item("a", NULL, "x\xe0\x81\x81y caf\x80" "e", 100, NULL),
		test_item("b", NULL, "\xe6\x97" "abc \xed\xa0\x80" "def",
		    200, NULL),
	};
	static const struct {
		const char	*q;
		size_t		 want;
		const char	*quirk;
	} rows[] = {
		{ "xay", 0, "overlong 'A' is not the letter a" },
		{ "y", 1, "the word after an overlong form" },
		{ "cafe", 0, "a stray 0x80 splits the word" },
		{ "caf", 1, "the word before a stray 0x80" },
		{ "abc", 1, "a Han character cut short is a separator" },
		{ "def", 1, "an encoded surrogate is a separator" },
		{ "\xef\xbf\xbd", 0, "U+FFFD itself is no word" },
	};
	size_t	 i, got;

	test_write(fx, v, 2);
	for (i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		got = test_search(fx, rows[i].q);
		if (got != rows[i].want)
			fail_msg("\"%s\" (%s): %zu, wanted %zu", rows[i].q,
			    rows[i].quirk, got, rows[i].want);
	}
}

/* A long story: first, 3000 bytes of 3-byte characters, then last. */
static char *
test_long_html(const char *first, const char *last)
{
	struct dl_buf	 b;
	int		 i;

	dl_buf_init(&b, DL_BUF_CAP_DEFAULT);
	dl_buf_adds(&b, "<p>");
	dl_buf_adds(&b, first);
	dl_buf_adds(&b, " ");
	for (i = 0; i < 1000; i++)
		dl_buf_adds(&b, "\xea\xb0\x80");
	dl_buf_adds(&b, " ");
	dl_buf_adds(&b, last);
	dl_buf_adds(&b, "</p>");
	return dl_buf_take(&b);
}

/* The whole text is indexed: a word after 3000 bytes is found. */
static void
test_search_full_text(void **state)
{
	struct fixture		*fx = *state;
	struct feed_item	 it;
	struct dl_err		 err = { "" };
	char			*html = test_long_html("startword", "tailword");

	it = test_item("long", NULL, "Long story", 100, html);
	test_write(fx, &it, 1);
	free(html);
	assert_int_equal(test_search(fx, "startword"), 1);
	assert_int_equal(test_search(fx, "tailword"), 1);
	/* The index holds tokens: "startword ", one bigram "가가 " per
	 * pair of the 1000 characters, then "tailword ". */
	assert_int_equal(t_db_int(fx->path, "SELECT substr(body, 1, 10) ="
	    " 'startword ' FROM items_fts"), 1);
	assert_int_equal(t_db_int(fx->path, "SELECT length(body) FROM"
	    " items_fts"), 10 + 999 * 3 + 9);
	assert_int_equal(store_check(fx->st, &err), 0);
}

/* A fetched article is searched too, once it is stored. */
static void
test_search_article(void **state)
{
	struct fixture		*fx = *state;
	struct feed_item	 it = test_item("a", "https://x/a", "Short", 100,
	    "<p>teaser only</p>");
	struct store_article	 a = { .url = "https://x/a", .title = "Short",
	    .text = "The whole page mentions zeppelins.", .status = 200 };
	struct dl_err		 err = { "" };

	test_write(fx, &it, 1);
	assert_int_equal(test_search(fx, "teaser"), 1);
	assert_int_equal(test_search(fx, "zeppelins"), 0);
	assert_int_equal(store_article_put(fx->st, test_id(fx, "Short"), &a,
	    &err), 0);
	assert_int_equal(test_search(fx, "zeppelins"), 1);
	assert_int_equal(test_search(fx, "teaser"), 1);
	assert_int_equal(t_db_int(fx->path, "SELECT count(*) FROM items_fts"),
	    1);
}

/* Schema 8 indexes again what a v7 cache cut short (its index row is
 * made as v7 wrote it) and the articles it holds. */
static void
test_migrate_from_v7(void **state)
{
	struct fixture		*fx = *state;
	struct feed_item	 v[2];
	struct store_article	 a = { .url = "https://x/b", .title = "B",
	    .text = "Later the airship landed.", .status = 200 };
	struct dl_err		 err = { "" };
	char			*html = test_long_html("startword", "tailword");

	v[0] = test_item("a", NULL, "A", 100, html);
	v[1] = test_item("b", "https://x/b", "B", 200, "<p>short</p>");
	test_start_at(fx, 7);
	test_write(fx, v, 2);
	free(html);
	assert_int_equal(store_article_put(fx->st, test_id(fx, "B"), &a,
	    &err), 0);
	assert_int_equal(store_search_sync(fx->st, &err), 0);
	store_close(fx->st);
	fx->st = NULL;
	t_db_exec(fx->path, "UPDATE items_fts SET body = 'startword '"
	    " WHERE title = 'a '; UPDATE items_fts SET body = 'short '"
	    " WHERE title = 'b '");

	fx->st = store_open(fx->path, &err);
	assert_non_null(fx->st);
	assert_int_equal(store_version(fx->st), STORE_SCHEMA_VERSION);
	assert_int_equal(test_search(fx, "tailword"), 1);
	assert_int_equal(test_search(fx, "airship"), 1);
	assert_int_equal(test_search(fx, "short"), 1);
	assert_int_equal(t_db_int(fx->path, "SELECT count(*) FROM items_fts"),
	    2);
}

static void
test_search_after_update(void **state)
{
	struct fixture		*fx = *state;
	struct feed_item	 it = test_item("g", NULL, "Quake report", 100,
	    "<p>aftershocks expected</p>");

	test_write(fx, &it, 1);
	assert_int_equal(test_search(fx, "aftershocks"), 1);
	it.content = "<p>tsunami warning lifted</p>";
	assert_int_equal(test_write(fx, &it, 1).updated, 1);
	assert_int_equal(test_search(fx, "aftershocks"), 0);
	assert_int_equal(test_search(fx, "tsunami"), 1);
	assert_int_equal(test_search(fx, "quake"), 1);
}

/* A commit lists its items as pending instead of indexing them; a
 * search indexes them first, so it never misses one. */
static void
test_search_deferred(void **state)
{
	struct fixture		*fx = *state;
	struct feed_item	 it = test_item("g", NULL, "Harbour", 100,
	    "<p>ferries resume</p>");
	struct dl_err		 err = { "" };

	test_write(fx, &it, 1);
	assert_int_equal(t_db_int(fx->path, "SELECT count(*) FROM "
	    "items_fts"), 0);
	assert_int_equal(t_db_int(fx->path, "SELECT reindex FROM "
	    "search_pending"), 0);
	assert_int_equal(store_check(fx->st, &err), 0);
	assert_int_equal(test_search(fx, "ferries"), 1);
	assert_int_equal(t_db_int(fx->path, "SELECT count(*) FROM "
	    "items_fts"), 1);
	assert_int_equal(t_db_int(fx->path, "SELECT count(*) FROM "
	    "search_pending"), 0);

	/* An update of an indexed item replaces its index row. */
	it.content = "<p>ferries halted again</p>";
	assert_int_equal(test_write(fx, &it, 1).updated, 1);
	assert_int_equal(t_db_int(fx->path, "SELECT reindex FROM "
	    "search_pending"), 1);
	assert_int_equal(test_search(fx, "halted"), 1);
	assert_int_equal(test_search(fx, "resume"), 0);
	assert_int_equal(t_db_int(fx->path, "SELECT count(*) FROM "
	    "items_fts"), 1);

	/* Explicit sync: nothing left to do is no error. */
	it.title = "Harbour closed";
	test_write(fx, &it, 1);
	assert_int_equal(store_search_sync(fx->st, &err), 0);
	assert_int_equal(t_db_int(fx->path, "SELECT count(*) FROM "
	    "items_fts WHERE items_fts MATCH 'closed'"), 1);
	assert_int_equal(store_search_sync(fx->st, &err), 0);

	/* An item neither indexed nor pending fails the check. */
	t_db_exec(fx->path, "DELETE FROM items_fts");
	assert_int_equal(store_check(fx->st, &err), -1);
	assert_non_null(strstr(err.msg, "1 items neither indexed"));
	t_db_exec(fx->path, "INSERT INTO search_pending VALUES (1, 0)");
}

/* --- Paging and marking --------------------------------------------------- */

static void
test_keyset_paging(void **state)
{
	struct fixture		*fx = *state;
	struct feed_item	 v[25];
	struct store_query	 q = { .limit = 10 };
	struct store_item	*w;
	struct dl_err		 err = { "" };
	static char		 g[25][8];
	int64_t			 last = INT64_MAX, seen = 0;
	size_t			 n, i, pages = 0;

	for (i = 0; i < 25; i++) {
		snprintf(g[i], sizeof g[i], "p%zu", i);
		/* Pairs of equal dates exercise the id tie-break. */
		v[i] = test_item(g[i], NULL, g[i], 1000 + (int64_t)i / 2,
		    NULL);
	}
	test_write(fx, v, 25);
	do {
		assert_int_equal(store_items_list(fx->st, &q, &w, &n, &err), 0);
		for (i = 0; i < n; i++) {
			assert_true(w[i].sort_date * 1000 + w[i].id < last);
			last = w[i].sort_date * 1000 + w[i].id;
			seen++;
		}
		if (n > 0) {
			q.before_date = w[n - 1].sort_date;
			q.before_id = w[n - 1].id;
		}
		store_items_free(w, n);
		pages++;
	} while (n == q.limit);
	assert_int_equal(seen, 25);
	assert_int_equal(pages, 3);
	/* Offset paging agrees. Newest first: p24, then p22 before p23
	 * (same date: the earlier document item lists first), ... so the
	 * 11th is p15. */
	q = (struct store_query){ .limit = 1, .offset = 10 };
	assert_int_equal(store_items_list(fx->st, &q, &w, &n, &err), 0);
	assert_int_equal(n, 1);
	assert_string_equal(w[0].title, "p15");
	store_items_free(w, n);
}

/* Items whose title starts with word, as the plain (unsearched) list
 * with the same filters has them: the order a search must keep. */
static size_t
test_oracle(struct fixture *fx, struct store_query q, const char *word,
    int64_t *ids, size_t max)
{
	struct store_item	*v;
	struct dl_err		 err = { "" };
	size_t			 n, i, k = 0;

	q.search = NULL;
	assert_int_equal(store_items_list(fx->st, &q, &v, &n, &err), 0);
	for (i = 0; i < n; i++)
		if (strncmp(v[i].title, word, strlen(word)) == 0 && k < max)
			ids[k++] = v[i].id;
	store_items_free(v, n);
	return k;
}

/* A search read in windows of 4, by keyset and by offset, lists exactly
 * the oracle's ids in its order. */
static void
test_search_pages(struct fixture *fx, struct store_query q,
    const int64_t *want, size_t nwant)
{
	struct store_item	*w;
	struct dl_err		 err = { "" };
	size_t			 n, i, seen = 0, off = 0;

	q.limit = 4;
	do {
		assert_int_equal(store_items_list(fx->st, &q, &w, &n, &err), 0);
		for (i = 0; i < n; i++, seen++) {
			assert_true(seen < nwant);
			assert_int_equal(w[i].id, want[seen]);
		}
		if (n > 0) {
			q.before_date = w[n - 1].sort_date;
			q.before_id = w[n - 1].id;
		}
		store_items_free(w, n);
	} while (n == q.limit);
	assert_int_equal(seen, nwant);
	q.before_id = q.before_date = 0;
	for (off = 0; off < nwant; off += 3) {
		q.limit = 3;
		q.offset = off;
		assert_int_equal(store_items_list(fx->st, &q, &w, &n, &err), 0);
		for (i = 0; i < n; i++)
			assert_int_equal(w[i].id, want[off + i]);
		assert_int_equal(n, nwant - off < 3 ? nwant - off : 3);
		store_items_free(w, n);
	}
}

/* Search results keep the list's order (sort date, then id, which here
 * disagree with insertion order) and its filters, page by page. */
static void
test_search_order_paging(void **state)
{
	struct fixture		*fx = *state;
	struct feed_item	 v[30];
	static char		 g[30][16];
	struct dl_err		 err = { "" };
	int64_t			 want[40], marks[10];
	size_t			 i, n, k;
	struct store_query	 qs[] = {
		{ .search = "typh" },
		{ .search = "typhoon", .feed_url = "https://example.org/feed" },
		{ .search = "typhoon", .unread_only = 1 },
		{ .search = "typh", .saved_only = 1 },
	};

	for (i = 0; i < 30; i++) {
		snprintf(g[i], sizeof g[i], "%s %zu", i % 3 == 2 ? "calm" :
		    "typhoon", i);
		/* A permutation with ties: dates out of id order. */
		v[i] = test_item(g[i], NULL, g[i], 1000 + (int64_t)(i * 7 %
		    30) / 2, NULL);
	}
	test_write(fx, v, 20);
	assert_int_equal(store_feed_upsert(fx->st, "https://example.org/b",
	    NULL, &fx->feed, &err), 0);
	test_write(fx, v + 20, 10);
	for (i = k = 0; i < 30 && k < 10; i += 3)
		if ((marks[k] = test_id(fx, g[i])) > 0)
			k++;
	assert_int_equal(store_mark(fx->st, marks, 5, STORE_MARK_READ,
	    &err), 0);
	assert_int_equal(store_mark(fx->st, marks + 3, 7, STORE_MARK_SAVE,
	    &err), 0);
	for (i = 0; i < sizeof qs / sizeof qs[0]; i++) {
		n = test_oracle(fx, qs[i], "typhoon", want, 40);
		assert_true(n >= 4);
		/* Not in id order, or the test would prove little. */
		for (k = 1; k < n && want[k] < want[k - 1]; k++)
			continue;
		assert_true(k < n);
		test_search_pages(fx, qs[i], want, n);
	}
}

static void
test_undated_keep_document_order(void **state)
{
	struct fixture		*fx = *state;
	struct feed_item	 v[3] = {
		test_item("a", NULL, "first in feed", DATE_NONE, NULL),
		test_item("b", NULL, "second", DATE_NONE, NULL),
		test_item("c", NULL, "third", DATE_NONE, NULL),
	};
	struct store_query	 q = { 0 };
	struct store_item	*w;
	struct dl_err		 err = { "" };
	size_t			 n;

	setenv("DATELINE_NOW", "5000", 1);
	test_write(fx, v, 3);
	unsetenv("DATELINE_NOW");
	assert_int_equal(store_items_list(fx->st, &q, &w, &n, &err), 0);
	assert_int_equal(n, 3);
	assert_string_equal(w[0].title, "first in feed");
	assert_string_equal(w[2].title, "third");
	assert_int_equal(w[0].sort_date, 5000);
	assert_int_equal(w[0].first_seen, 5000);
	assert_true(w[0].published == DATE_NONE);
	store_items_free(w, n);
}

static void
test_mark_unknown_changes_nothing(void **state)
{
	struct fixture		*fx = *state;
	struct feed_item	 v[2] = {
		test_item("a", NULL, "A", 100, NULL),
		test_item("b", NULL, "B", 200, NULL),
	};
	struct dl_err		 err = { "" };
	int64_t			 ids[3];

	test_write(fx, v, 2);
	ids[0] = test_id(fx, "A");
	ids[1] = 999999;
	ids[2] = test_id(fx, "B");
	assert_int_equal(store_mark(fx->st, ids, 3, STORE_MARK_READ, &err), -1);
	assert_string_equal(err.msg, "no item 999999");
	assert_int_equal(test_count(fx, &(struct store_query){
	    .unread_only = 1 }), 2);
	ids[1] = ids[2];
	assert_int_equal(store_mark(fx->st, ids, 2, STORE_MARK_READ, &err), 0);
	assert_int_equal(test_count(fx, &(struct store_query){
	    .unread_only = 1 }), 0);
	assert_int_equal(store_mark(fx->st, ids, 1, STORE_MARK_UNREAD, &err),
	    0);
	assert_int_equal(test_count(fx, &(struct store_query){
	    .unread_only = 1 }), 1);
	assert_int_equal(store_mark_feed_read(fx->st, fx->feed, NULL, &err), 0);
	assert_int_equal(test_count(fx, &(struct store_query){
	    .unread_only = 1 }), 0);
}

/* The counters follow every write: new items, updates in place (no
 * change), marks that change read and marks that do not, saving, mark
 * feed read, retention, a delete behind the store's back, and a rolled
 * back batch; a counter off by one fails store_check, naming the feed. */
static void
test_counters_follow_writes(void **state)
{
	struct fixture		*fx = *state;
	struct feed_item	 v[4] = {
		test_item("a", NULL, "A", 100, NULL),
		test_item("b", NULL, "B", 200, NULL),
		test_item("c", NULL, "C", 300, NULL),
		test_item("d", NULL, "D", 400, NULL),
	};
	struct feed_item	 e = test_item("e", NULL, "E", 500, NULL);
	struct store_batch	*b;
	struct dl_err		 err = { "" };
	int64_t			 ids[2], other;

	assert_int_equal(store_feed_upsert(fx->st, "https://example.org/2",
	    NULL, &other, &err), 0);
	test_counters_are(fx, fx->feed, 0, 0);
	assert_int_equal(test_write(fx, v, 4).added, 4);
	test_counters_are(fx, fx->feed, 4, 4);
	test_counters_are(fx, other, 0, 0);
	v[0].title = "A again";
	assert_int_equal(test_write(fx, v, 4).updated, 1);
	test_counters_are(fx, fx->feed, 4, 4);

	ids[0] = test_id(fx, "A again");
	ids[1] = test_id(fx, "B");
	assert_int_equal(store_mark(fx->st, ids, 2, STORE_MARK_READ, &err), 0);
	test_counters_are(fx, fx->feed, 2, 4);
	/* Already read: matched, but nothing to count. */
	assert_int_equal(store_mark(fx->st, ids, 2, STORE_MARK_READ, &err), 0);
	test_counters_are(fx, fx->feed, 2, 4);
	assert_int_equal(store_mark(fx->st, ids, 1, STORE_MARK_SAVE, &err), 0);
	test_counters_are(fx, fx->feed, 2, 4);
	assert_int_equal(store_mark(fx->st, ids, 1, STORE_MARK_UNREAD, &err),
	    0);
	test_counters_are(fx, fx->feed, 3, 4);
	/* A mark that fails on an unknown id changes no counter. */
	ids[1] = 999999;
	assert_int_equal(store_mark(fx->st, ids, 2, STORE_MARK_READ, &err), -1);
	test_counters_are(fx, fx->feed, 3, 4);
	assert_int_equal(store_mark_feed_read(fx->st, fx->feed, NULL, &err), 0);
	test_counters_are(fx, fx->feed, 0, 4);
	ids[0] = test_id(fx, "D");
	assert_int_equal(store_mark(fx->st, ids, 1, STORE_MARK_UNREAD, &err),
	    0);
	test_counters_are(fx, fx->feed, 1, 4);

	/* Retention to 2: read B and C go, then unread D (A is saved, E
	 * is in the batch). */
	store_set_max_items(fx->st, 2);
	assert_int_equal(test_write(fx, &e, 1).removed, 3);
	test_counters_are(fx, fx->feed, 1, 2);
	t_db_exec(fx->path, "DELETE FROM items WHERE title = 'E'");
	test_counters_are(fx, fx->feed, 0, 1);

	/* A batch rolled back leaves the counters as they were. */
	t_db_exec(fx->path, "CREATE TRIGGER poison BEFORE INSERT ON items"
	    " WHEN new.title = 'poison' BEGIN"
	    " SELECT RAISE(ABORT, 'poisoned'); END");
	v[0] = test_item("p", NULL, "poison", 50, NULL);
	v[1] = test_item("f", NULL, "F", 600, NULL);
	b = store_batch_begin(fx->st, fx->feed);
	assert_int_equal(store_batch_item(b, &v[0], &err), 0);
	assert_int_equal(store_batch_item(b, &v[1], &err), 0);
	assert_int_equal(store_batch_commit(b, NULL, &err), -1);
	test_counters_are(fx, fx->feed, 0, 1);

	t_db_exec(fx->path, "UPDATE feeds SET unread = unread + 1"
	    " WHERE id = 1");
	assert_int_equal(store_check(fx->st, &err), -1);
	assert_non_null(strstr(err.msg, "feed https://example.org/feed: "
	    "counters say 1 unread of 1, its items 0 of 1"));
	t_db_exec(fx->path, "UPDATE feeds SET unread = unread - 1"
	    " WHERE id = 1");
}

/* --- Feeds and articles --------------------------------------------------- */

static void
test_feeds_list_and_state(void **state)
{
	struct fixture		*fx = *state;
	struct feed_item	 v[2] = {
		test_item("a", NULL, "A", 100, NULL),
		test_item("b", NULL, "B", 200, NULL),
	};
	struct store_fetch	 gone = { .status = 410, .error = "HTTP 410",
	    .fetched_at = DATE_NONE, .next_fetch = DATE_NONE, .dead = 1,
	    .moved_to = "https://example.org/new" };
	struct store_feed	*f;
	struct dl_err		 err = { "" };
	int64_t			 id, other;
	size_t			 n;

	test_write(fx, v, 2);
	id = test_id(fx, "A");
	assert_int_equal(store_mark(fx->st, &id, 1, STORE_MARK_READ, &err), 0);
	assert_int_equal(store_feed_upsert(fx->st, "https://example.org/feed",
	    "feed", &id, &err), 0);
	assert_int_equal(id, fx->feed);
	assert_int_equal(store_feed_upsert(fx->st, "https://a.example/hub",
	    "hub", &other, &err), 0);
	assert_int_not_equal(other, fx->feed);
	/* NULL kind keeps "hub"; a bad kind is refused by the schema. */
	assert_int_equal(store_feed_upsert(fx->st, "https://a.example/hub",
	    NULL, &id, &err), 0);
	assert_int_equal(id, other);
	assert_int_equal(store_feed_upsert(fx->st, "https://a.example/hub",
	    "podcast", &id, &err), -1);
	assert_int_equal(store_feed_set_title(fx->st, fx->feed, "Zeta News",
	    &err), 0);
	assert_int_equal(store_feed_record_fetch(fx->st, other, &gone, &err),
	    0);
	assert_int_equal(store_feeds_list(fx->st, &f, &n, &err), 0);
	assert_int_equal(n, 2);
	/* Ordered by title, else URL. */
	assert_string_equal(f[0].url, "https://a.example/hub");
	assert_string_equal(f[0].kind, "hub");
	assert_int_equal(f[0].dead, 1);
	assert_string_equal(f[0].moved_to, "https://example.org/new");
	assert_int_equal(f[0].total, 0);
	assert_string_equal(f[1].title, "Zeta News");
	assert_int_equal(f[1].unread, 1);
	assert_int_equal(f[1].total, 2);
	store_feeds_free(f, n);
	assert_int_equal(store_feed_record_fetch(fx->st, 424242, &gone, &err),
	    -1);
	assert_int_equal(store_feed_get(fx->st, "https://nowhere/", &(struct
	    store_feed){ 0 }, &err), 1);
}

/* in_feeds: only the items of the feeds listed (the reader's tag filter),
 * none when the list is empty; with a search too; URLs with quotes. */
static void
test_in_feeds(void **state)
{
	struct fixture		*fx = *state;
	struct feed_item	 v[2] = {
		test_item("a", NULL, "Typhoon nears the coast", 100, NULL),
		test_item("b", NULL, "Market opens", 200, NULL),
	};
	struct feed_item	 w = test_item("c", NULL, "Typhoon passes", 300,
	    NULL);
	const char		*both[] = { "https://example.org/feed",
	    "https://b.example/\"q\".xml" }, *one[] = { both[1] },
	    *unknown[] = { "https://nowhere.example/" };
	struct store_query	 q = { .in_feeds = 1 };
	struct store_batch	*b;
	struct store_counts	 c;
	struct dl_err		 err = { "" };
	int64_t			 other;

	test_write(fx, v, 2);
	assert_int_equal(store_feed_upsert(fx->st, both[1], NULL, &other,
	    &err), 0);
	b = store_batch_begin(fx->st, other);
	assert_int_equal(store_batch_item(b, &w, &err), 0);
	assert_int_equal(store_batch_commit(b, &c, &err), 0);
	q.feeds = both;
	q.nfeeds = 2;
	assert_int_equal(test_count(fx, &q), 3);
	q.feeds = one;
	q.nfeeds = 1;
	assert_int_equal(test_count(fx, &q), 1);
	q.feeds = unknown;
	assert_int_equal(test_count(fx, &q), 0);
	q.nfeeds = 0;
	assert_int_equal(test_count(fx, &q), 0);
	q.feeds = both;
	q.nfeeds = 2;
	q.search = "typhoon";
	assert_int_equal(test_count(fx, &q), 2);
	q.feeds = one;
	q.nfeeds = 1;
	assert_int_equal(test_count(fx, &q), 1);
	q.in_feeds = 0;
	assert_int_equal(test_count(fx, &q), 2);
}

static void
test_article_put_get(void **state)
{
	struct fixture		*fx = *state;
	struct feed_item	 it = test_item("a", "https://x/a", "A", 100,
	    NULL);
	struct store_article	 a = { .url = "https://x/a", .title = "A",
	    .text = "Body text.", .fetched_at = 77, .status = 200 };
	struct store_item	 got;
	struct dl_err		 err = { "" };
	int64_t			 id;

	test_write(fx, &it, 1);
	id = test_id(fx, "A");
	assert_int_equal(store_item_get(fx->st, id, &got, &err), 0);
	assert_null(got.article);
	store_item_clear(&got);
	assert_int_equal(store_article_put(fx->st, id, &a, &err), 0);
	assert_int_equal(store_item_get(fx->st, id, &got, &err), 0);
	assert_non_null(got.article);
	assert_string_equal(got.article->text, "Body text.");
	assert_int_equal(got.article->fetched_at, 77);
	assert_null(got.article->error);
	assert_null(got.article->etag);
	assert_null(got.article->last_modified);
	store_item_clear(&got);
	assert_int_equal(store_article_put(fx->st, id + 100, &a, &err), -1);
	assert_non_null(strstr(err.msg, "no item"));
	assert_int_equal(store_item_get(fx->st, id + 100, &got, &err), -1);
	assert_non_null(strstr(err.msg, "no item"));
}

/* The story page's validators come back as stored, each on its own, and
 * a replacing put without them clears them. */
static void
test_article_validators(void **state)
{
	struct fixture		*fx = *state;
	struct feed_item	 it = test_item("a", "https://x/a", "A", 100,
	    NULL);
	struct {
		const char	*etag;
		const char	*last_modified;
	} rows[] = {
		{ "\"abc\"", "Mon, 23 Nov 2026 08:00:00 GMT" },	/* both */
		{ "W/\"weak\"", NULL },		/* weak ETag alone */
		{ NULL, "Sun, 22 Nov 2026 07:00:00 GMT" },	/* date alone */
		{ NULL, NULL },				/* none: cleared */
	};
	struct store_article	 a = { .url = "https://x/a", .title = "A",
	    .html = "<p>Body.</p>", .fetched_at = 77, .status = 200 };
	struct store_article	 got;
	struct dl_err		 err = { "" };
	int64_t			 id;
	size_t			 i;

	test_write(fx, &it, 1);
	id = test_id(fx, "A");
	for (i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		a.etag = (char *)rows[i].etag;
		a.last_modified = (char *)rows[i].last_modified;
		assert_int_equal(store_article_put(fx->st, id, &a, &err), 0);
		assert_int_equal(store_article_get(fx->st, id, &got, &err), 0);
		if (rows[i].etag == NULL)
			assert_null(got.etag);
		else
			assert_string_equal(got.etag, rows[i].etag);
		if (rows[i].last_modified == NULL)
			assert_null(got.last_modified);
		else
			assert_string_equal(got.last_modified,
			    rows[i].last_modified);
		assert_string_equal(got.html, "<p>Body.</p>");
		store_article_clear(&got);
	}
}

/* --- Concurrency and failure ---------------------------------------------- */

static void
test_refresh_lock_held_elsewhere(void **state)
{
	struct fixture	*fx = *state;
	struct dl_err	 err = { "" };
	struct store	*st;
	int		 ready[2], done[2], status;
	char		 c = 0, *want, mark[128];
	FILE		*f;
	pid_t		 pid;

	assert_int_equal(pipe(ready), 0);
	assert_int_equal(pipe(done), 0);
	pid = fork();
	assert_true(pid != -1);
	if (pid == 0) {
		st = store_open(fx->path, NULL);
		if (st == NULL ||
		    store_lock_refresh(st, 0, "dateline sync", NULL) == -1)
			_exit(1);
		c = 'L';
		if (write(ready[1], &c, 1) != 1 || read(done[0], &c, 1) != 1)
			_exit(1);
		_exit(0);	/* exit, not close: as a killed refresh */
	}
	assert_int_equal(read(ready[0], &c, 1), 1);
	assert_int_equal(c, 'L');
	assert_int_equal(store_lock_refresh(fx->st, 120, NULL, &err), -1);
	/* The refusal names the holder, from its mark. */
	want = dl_printf("dateline sync (pid %ld) is running on this cache "
	    "(%s.lock is locked)", (long)pid, fx->path);
	assert_non_null(strstr(err.msg, want));
	free(want);
	assert_int_equal(write(done[1], &c, 1), 1);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	assert_int_equal(store_lock_refresh(fx->st, 1000, NULL, &err), 0);
	/* The mark is ours now, the longer one gone. */
	want = dl_printf("%s.lock", fx->path);
	assert_non_null(f = fopen(want, "r"));
	free(want);
	assert_non_null(fgets(mark, sizeof mark, f));
	assert_null(fgets(mark + strlen(mark), 2, f));
	fclose(f);
	want = dl_printf("dateline (pid %ld)\n", (long)getpid());
	assert_string_equal(mark, want);
	free(want);
	store_unlock_refresh(fx->st);
	close(ready[0]);
	close(ready[1]);
	close(done[0]);
	close(done[1]);
}

static void
test_rollback_leaves_nothing(void **state)
{
	struct fixture		*fx = *state;
	struct feed_item	 v[3] = {
		test_item("p", NULL, "poison", 300, "<p>venom</p>"),
		test_item("a", NULL, "alpha", 200, "<p>alphabet</p>"),
		test_item("b", NULL, "beta", 100, "<p>betamax</p>"),
	};
	struct store_batch	*b;
	struct store_counts	 c;
	struct dl_err		 err = { "" };
	size_t			 i;

	/* Fails the write of the first document item, which is merged
	 * last, after the others are already in the transaction. */
	t_db_exec(fx->path, "CREATE TRIGGER poison BEFORE INSERT ON items"
	    " WHEN new.title = 'poison' BEGIN"
	    " SELECT RAISE(ABORT, 'poisoned'); END");
	b = store_batch_begin(fx->st, fx->feed);
	for (i = 0; i < 3; i++)
		assert_int_equal(store_batch_item(b, &v[i], &err), 0);
	assert_int_equal(store_batch_commit(b, &c, &err), -1);
	assert_non_null(strstr(err.msg, "poisoned"));
	assert_int_equal(test_count(fx, &(struct store_query){ 0 }), 0);
	assert_int_equal(test_search(fx, "alphabet"), 0);
	assert_int_equal(t_db_int(fx->path, "SELECT count(*) FROM "
	    "items_fts"), 0);
	assert_int_equal(t_db_int(fx->path, "SELECT count(*) FROM "
	    "search_pending"), 0);
	/* The stage was emptied: a later batch writes only its own items. */
	c = test_write(fx, &v[1], 2);
	assert_int_equal(c.added, 2);
	assert_int_equal(test_search(fx, "alphabet"), 1);
}

/* Feeds written as one group: each its items, title and fetch record,
 * counted as their own; a rolled back group writes nothing. */
static void
test_group_of_feeds(void **state)
{
	struct fixture		*fx = *state;
	struct feed_item	 a[2] = {
		test_item("a1", NULL, "first of A", 100, "<p>alpha</p>"),
		test_item("a2", NULL, "second of A", 200, NULL),
	};
	struct feed_item	 b = test_item("b1", NULL, "only of B", 300,
	    NULL);
	struct store_fetch	 rec = { .status = 200, .set_validators = 1,
	    .etag = "\"e1\"", .fetched_at = 1000, .next_fetch = 2000 };
	struct store_counts	 ca, cb;
	struct store_batch	*ba, *bb;
	struct store_feed	 f;
	struct dl_err		 err = { "" };
	int64_t			 other;
	size_t			 i;

	assert_int_equal(store_feed_upsert(fx->st, "https://example.org/b",
	    NULL, &other, &err), 0);
	ba = store_batch_begin(fx->st, fx->feed);
	for (i = 0; i < 2; i++)
		assert_int_equal(store_batch_item(ba, &a[i], &err), 0);
	bb = store_batch_begin(fx->st, other);
	assert_int_equal(store_batch_item(bb, &b, &err), 0);

	/* Rolled back: nothing, and the batches are still the caller's. */
	assert_int_equal(store_group_begin(fx->st, &err), 0);
	assert_int_equal(store_group_feed(fx->st, fx->feed, ba, NULL, NULL,
	    &ca, &err), 0);
	store_group_rollback(fx->st);
	assert_int_equal(test_count(fx, &(struct store_query){ 0 }), 0);
	test_counters_are(fx, fx->feed, 0, 0);

	assert_int_equal(store_group_begin(fx->st, &err), 0);
	assert_int_equal(store_group_feed(fx->st, fx->feed, ba, NULL, NULL,
	    &ca, &err), 0);
	assert_int_equal(store_group_feed(fx->st, other, bb, "Feed B", &rec,
	    &cb, &err), 0);
	assert_int_equal(store_group_commit(fx->st, &err), 0);
	store_batch_abort(ba);
	store_batch_abort(bb);
	assert_int_equal(ca.added, 2);
	assert_int_equal(cb.added, 1);
	test_counters_are(fx, fx->feed, 2, 2);
	test_counters_are(fx, other, 1, 1);
	assert_int_equal(store_feed_get(fx->st, "https://example.org/b", &f,
	    &err), 0);
	assert_string_equal(f.title, "Feed B");
	assert_string_equal(f.etag, "\"e1\"");
	assert_int_equal(f.last_status, 200);
	assert_int_equal(f.next_fetch, 2000);
	store_feed_clear(&f);
	assert_int_equal(test_search(fx, "alpha"), 1);

	/* A part that fails leaves the group to be rolled back. */
	assert_int_equal(store_group_begin(fx->st, &err), 0);
	assert_int_equal(store_group_feed(fx->st, 9999, NULL, NULL, &rec,
	    NULL, &err), -1);
	assert_non_null(strstr(err.msg, "no feed 9999"));
	store_group_rollback(fx->st);
}

/* A new cache and the -wal and -shm SQLite makes for it are private. */
static void
test_new_cache_private(void **state)
{
	struct fixture	*fx = *state;
	static const char *const suffix[] = { "", "-wal", "-shm" };
	struct dl_err	 err = { "" };
	struct store	*st;
	struct stat	 sb;
	char		*p;
	size_t		 i;

	p = dl_printf("%s/a/b/c.db", fx->dir);
	st = store_open(p, &err);
	assert_non_null(st);
	free(p);
	for (i = 0; i < sizeof suffix / sizeof suffix[0]; i++) {
		p = dl_printf("%s/a/b/c.db%s", fx->dir, suffix[i]);
		assert_int_equal(stat(p, &sb), 0);
		assert_int_equal(sb.st_mode & 0777, 0600);
		free(p);
	}
	store_close(st);
}

/* Close the fixture's cache and overwrite the b-tree header of table's
 * root page, as a damaged disk would. */
static void
test_damage(struct fixture *fx, const char *table)
{
	FILE	*f;
	char	*sql;
	int64_t	 root, size;

	store_close(fx->st);
	fx->st = NULL;		/* teardown skips the integrity check */
	sql = dl_printf("SELECT rootpage FROM sqlite_master WHERE name = '%s'",
	    table);
	root = t_db_int(fx->path, sql);
	free(sql);
	size = t_db_int(fx->path, "PRAGMA page_size");
	assert_true(root > 1 && size > 0);
	assert_non_null(f = fopen(fx->path, "r+b"));
	assert_int_equal(fseek(f, (long)((root - 1) * size), SEEK_SET), 0);
	assert_int_equal(fwrite("DAMAGED!", 1, 8, f), 8);
	assert_int_equal(fclose(f), 0);
}

/* A page every read meets: "cache damaged: PATH", and no more writes. */
static void
test_damaged_page_named(void **state)
{
	struct fixture	*fx = *state;
	struct dl_err	 err = { "" };
	struct store_feed *v = NULL;
	struct store	*st;
	int64_t		 id = 1;
	size_t		 n = 0;
	char		*want;

	test_damage(fx, "feeds");
	assert_non_null(st = store_open(fx->path, &err));
	assert_int_equal(store_feeds_list(st, &v, &n, &err), -1);
	want = dl_printf("cache damaged: %s: ", fx->path);
	assert_non_null(strstr(err.msg, want));
	err.msg[0] = '\0';
	assert_int_equal(store_mark(st, &id, 1, STORE_MARK_READ, &err), -1);
	assert_non_null(strstr(err.msg, want));
	free(want);
	store_close(st);
}

/* A page no refresh reads, after a refresh that did not finish: the
 * next refresh lock runs quick_check and refuses; the mark stays. */
static void
test_damaged_after_killed_refresh(void **state)
{
	struct fixture	*fx = *state;
	struct dl_err	 err = { "" };
	struct store	*st;
	struct stat	 sb;
	FILE		*f;
	char		*lock;

	assert_int_equal(store_lock_refresh(fx->st, 0, NULL, &err), 0);
	store_unlock_refresh(fx->st);
	lock = dl_printf("%s.lock", fx->path);
	assert_int_equal(stat(lock, &sb), 0);
	assert_int_equal(sb.st_size, 0);	/* a finished refresh */
	test_damage(fx, "articles");
	assert_non_null(st = store_open(fx->path, &err));
	/* No mark: no check. */
	assert_int_equal(store_lock_refresh(st, 0, NULL, &err), 0);
	store_unlock_refresh(st);
	assert_non_null(f = fopen(lock, "w"));	/* as a killed refresh */
	assert_int_equal(fputs("refreshing\n", f) >= 0, 1);
	assert_int_equal(fclose(f), 0);
	assert_int_equal(store_lock_refresh(st, 0, NULL, &err), -1);
	assert_non_null(strstr(err.msg, "the last refresh did not finish; "
	    "cache damaged: "));
	assert_non_null(strstr(err.msg, "quick_check: Page "));
	store_close(st);
	assert_int_equal(stat(lock, &sb), 0);
	assert_true(sb.st_size > 0);
	free(lock);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
		T(test_open_creates_folders_and_schema),
		T(test_reopen_keeps_data),
		T(test_migrate_from_v1),
		T(test_migrate_from_v2),
		T(test_migrate_from_v4),
		T(test_migrate_from_v5),
		T(test_migrate_from_v6),
		T(test_future_version_refused),
		cmocka_unit_test(test_fnv1a_vectors),
		cmocka_unit_test(test_item_keys),
		T(test_upsert_by_guid_link_hash),
		T(test_duplicate_key_in_batch),
		T(test_state_survives_update_in_place),
		T(test_failed_fetch_leaves_items),
		T(test_retention),
		T(test_search_words),
		T(test_search_malformed),
		T(test_search_full_text),
		T(test_search_article),
		T(test_migrate_from_v7),
		T(test_forget_backoff),
		T(test_search_after_update),
		T(test_search_deferred),
		T(test_search_order_paging),
		T(test_keyset_paging),
		T(test_undated_keep_document_order),
		T(test_mark_unknown_changes_nothing),
		T(test_counters_follow_writes),
		T(test_feeds_list_and_state),
		T(test_in_feeds),
		T(test_article_put_get),
		T(test_article_validators),
		T(test_refresh_lock_held_elsewhere),
		T(test_rollback_leaves_nothing),
		T(test_group_of_feeds),
		T(test_new_cache_private),
		T(test_damaged_page_named),
		T(test_damaged_after_killed_refresh),
#undef T
	};

	unsetenv("DATELINE_NOW");
	return cmocka_run_group_tests(tests, NULL, NULL);
}
