/* store.c: the local cache of DESIGN.md "The cache": the SQLite schema and
 * its migrations, merging feed items under stable ids, search, retention,
 * feed fetch state and the refresh lock. */
#include "config.h"

#include <sys/file.h>
#include <sys/stat.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <pthread.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "date.h"
#include "dl.h"
#include "feed.h"
#include "store.h"

/* The schema, in one place: step i brings user_version from i to i + 1.
 * Steps are only ever appended. */
static const char *const store_migrations[] = {
	/* 1: feeds, items, articles and the search index. */
	"CREATE TABLE feeds ("
	" id INTEGER PRIMARY KEY,"
	" url TEXT NOT NULL UNIQUE,"
	" kind TEXT NOT NULL DEFAULT 'feed' CHECK (kind IN ('feed', 'hub')),"
	" title TEXT, etag TEXT, last_modified TEXT,"
	" last_status INTEGER NOT NULL DEFAULT 0, last_error TEXT,"
	" last_fetch INTEGER, next_fetch INTEGER,"
	" fail_count INTEGER NOT NULL DEFAULT 0,"
	" dead INTEGER NOT NULL DEFAULT 0, moved_to TEXT);"
	/* AUTOINCREMENT: an id is never reused, even after retention. */
	"CREATE TABLE items ("
	" id INTEGER PRIMARY KEY AUTOINCREMENT,"
	" feed_id INTEGER NOT NULL REFERENCES feeds (id),"
	" key TEXT NOT NULL, guid TEXT, link TEXT, title TEXT, author TEXT,"
	" published INTEGER, updated INTEGER, sort_date INTEGER NOT NULL,"
	" summary TEXT, content TEXT, categories TEXT,"
	" first_seen INTEGER NOT NULL,"
	" read INTEGER NOT NULL DEFAULT 0, saved INTEGER NOT NULL DEFAULT 0,"
	" UNIQUE (feed_id, key));"
	"CREATE INDEX items_by_date ON items (sort_date, id);"
	"CREATE INDEX items_by_feed ON items (feed_id, sort_date, id);"
	"CREATE INDEX items_unread ON items (feed_id, read);"
	"CREATE TABLE articles ("
	" item_id INTEGER PRIMARY KEY REFERENCES items (id) ON DELETE CASCADE,"
	" url TEXT, title TEXT, byline TEXT, text TEXT, html TEXT,"
	" fetched_at INTEGER, status INTEGER NOT NULL DEFAULT 0, error TEXT);"
	/* Trigram finds words inside unsegmented CJK text. */
	"CREATE VIRTUAL TABLE items_fts USING fts5"
	" (title, author, body, tokenize = 'trigram');"
	"CREATE TRIGGER items_fts_delete AFTER DELETE ON items BEGIN"
	" DELETE FROM items_fts WHERE rowid = old.id; END;",

	/* 2: enclosures (podcast audio, images). */
	"CREATE TABLE enclosures ("
	" item_id INTEGER NOT NULL REFERENCES items (id) ON DELETE CASCADE,"
	" url TEXT NOT NULL, type TEXT, length INTEGER);"
	"CREATE INDEX enclosures_by_item ON enclosures (item_id);",

	/* 3: the search index holds our tokens (see "Search tokens"):
	 * words, and CJK bigrams that find 2-character words, which
	 * trigrams could not. store_migrate reindexes every item. */
	"DROP TRIGGER items_fts_delete;"
	"DROP TABLE items_fts;"
	"CREATE VIRTUAL TABLE items_fts USING fts5"
	" (title, author, body, tokenize = 'ascii', columnsize = 0);"
	"CREATE TRIGGER items_fts_delete AFTER DELETE ON items BEGIN"
	" DELETE FROM items_fts WHERE rowid = old.id; END;",

	/* 4: items written but not indexed yet (store_search_sync);
	 * reindex: 1 when the item has an index row to replace. Ids of
	 * items removed since are skipped (ids are never reused). */
	"CREATE TABLE search_pending ("
	" item_id INTEGER PRIMARY KEY,"
	" reindex INTEGER NOT NULL DEFAULT 0);",

	/* 5: each feed's unread and total item counts, kept exact by
	 * triggers in the transaction of every write to items, so that
	 * listing feeds reads 200 rows instead of counting the cache. */
	"ALTER TABLE feeds ADD COLUMN unread INTEGER NOT NULL DEFAULT 0;"
	"ALTER TABLE feeds ADD COLUMN total INTEGER NOT NULL DEFAULT 0;"
	"UPDATE feeds SET"
	" unread = (SELECT count(*) FROM items i WHERE i.feed_id = feeds.id"
	"  AND i.read = 0),"
	" total = (SELECT count(*) FROM items i WHERE i.feed_id = feeds.id);"
	"CREATE TRIGGER items_count_insert AFTER INSERT ON items BEGIN"
	" UPDATE feeds SET total = total + 1, unread = unread + (new.read = 0)"
	" WHERE id = new.feed_id; END;"
	"CREATE TRIGGER items_count_delete AFTER DELETE ON items BEGIN"
	" UPDATE feeds SET total = total - 1, unread = unread - (old.read = 0)"
	" WHERE id = old.feed_id; END;"
	/* Only a change of read (or of feed) costs anything. */
	"CREATE TRIGGER items_count_update AFTER UPDATE OF read, feed_id"
	" ON items WHEN old.read IS NOT new.read"
	" OR old.feed_id IS NOT new.feed_id BEGIN"
	" UPDATE feeds SET total = total - 1, unread = unread - (old.read = 0)"
	" WHERE id = old.feed_id;"
	" UPDATE feeds SET total = total + 1, unread = unread + (new.read = 0)"
	" WHERE id = new.feed_id; END;",

	/* 6: the validators of a story page, so that fetching it again
	 * is a conditional GET (If-None-Match, If-Modified-Since). */
	"ALTER TABLE articles ADD COLUMN etag TEXT;"
	"ALTER TABLE articles ADD COLUMN last_modified TEXT;",
};

#define STORE_NMIGRATIONS \
	((int)(sizeof store_migrations / sizeof store_migrations[0]))
_Static_assert(sizeof store_migrations / sizeof store_migrations[0] ==
    STORE_SCHEMA_VERSION, "one migration step per schema version");

/* Statements of the write path, prepared once per connection. Items
 * binds: 1 feed, 2 key, 3 guid, 4 link, 5 title, 6 author, 7 published,
 * 8 updated, 9 sort date, 10 summary, 11 content, 12 categories, 13 now. */
enum store_stmt_id {
	STORE_INSERT,
	STORE_UPDATE,
	STORE_FTS_DEL,
	STORE_FTS_INS,
	STORE_ENC_DEL,
	STORE_ENC_INS,
	STORE_FEED_COUNT,
	STORE_FEED_TOTAL,	/* the same, kept in feeds since schema 5 */
	STORE_RETAIN_LIST,
	STORE_ITEM_DEL,
	STORE_PENDING_INS,
	STORE_FEED_UPSERT,
	STORE_FEED_GET,
	STORE_FEED_FETCH,
	STORE_NSTMTS
};

/* A feed row, as store_feed_read reads it. */
#define STORE_FEED_COLS \
	"f.id, f.url, f.kind, f.title, f.etag, f.last_modified, " \
	"f.last_status, f.last_error, f.last_fetch, f.next_fetch, " \
	"f.fail_count, f.dead, f.moved_to"

static const char *const store_stmt_sql[STORE_NSTMTS] = {
	"INSERT INTO items (feed_id, key, guid, link, title, author,"
	" published, updated, sort_date, summary, content, categories,"
	" first_seen) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11,"
	" ?12, ?13) ON CONFLICT (feed_id, key) DO NOTHING",
	"UPDATE items SET guid = ?3, link = ?4, title = ?5, author = ?6,"
	" published = ?7, updated = ?8, sort_date = coalesce(?7, ?8,"
	" first_seen), summary = ?10, content = ?11, categories = ?12"
	" WHERE feed_id = ?1 AND key = ?2 AND (guid IS NOT ?3 OR"
	" link IS NOT ?4 OR title IS NOT ?5 OR author IS NOT ?6 OR"
	" published IS NOT ?7 OR updated IS NOT ?8 OR summary IS NOT ?10 OR"
	" content IS NOT ?11 OR categories IS NOT ?12)"
	" RETURNING id",
	"DELETE FROM items_fts WHERE rowid = ?1",
	"INSERT INTO items_fts (rowid, title, author, body)"
	" VALUES (?1, ?2, ?3, ?4)",
	"DELETE FROM enclosures WHERE item_id = ?1",
	"INSERT INTO enclosures (item_id, url, type, length)"
	" VALUES (?1, ?2, ?3, ?4)",
	"SELECT count(*) FROM items WHERE feed_id = ?1",
	"SELECT total FROM feeds WHERE id = ?1",
	/* Retention candidates, the first to go first (see store.h). */
	"SELECT id, key FROM items WHERE feed_id = ?1 AND saved = 0"
	" ORDER BY read DESC, sort_date, id",
	"DELETE FROM items WHERE id = ?1",
	"INSERT INTO search_pending (item_id, reindex) VALUES (?1, ?2)"
	" ON CONFLICT (item_id) DO NOTHING",
	"INSERT INTO feeds (url, kind) VALUES (?1, coalesce(?2, 'feed'))"
	" ON CONFLICT (url) DO UPDATE SET kind = coalesce(?2, kind)"
	" RETURNING id",
	"SELECT " STORE_FEED_COLS " FROM feeds f WHERE f.url = ?1",
	"UPDATE feeds SET last_status = ?2, last_error = ?3,"
	" last_fetch = ?4, next_fetch = ?5,"
	" fail_count = CASE WHEN ?3 IS NULL THEN 0 ELSE fail_count + 1 END,"
	" dead = ?6, moved_to = coalesce(?7, moved_to),"
	" etag = CASE WHEN ?8 THEN ?9 ELSE etag END,"
	" last_modified = CASE WHEN ?8 THEN ?10 ELSE last_modified END"
	" WHERE id = ?1",
};

/* WAL frames after which the checkpointer is woken: SQLite's own
 * autocheckpoint threshold (1000 pages, 4 MB). */
#define STORE_CKPT_FRAMES	1000

/* A thread with a connection of its own that checkpoints the WAL, so
 * that the copy to the database file and its fsyncs overlap the writer's
 * work instead of stalling a commit (store_checkpoint_in_background). */
struct store_ckpt {
	sqlite3		*db;
	pthread_t	 thread;
	pthread_mutex_t	 mu;
	pthread_cond_t	 cv;
	int		 want;		/* the WAL passed the threshold */
	int		 stop;
};

struct store {
	sqlite3		*db;
	struct store_ckpt *ckpt;	/* NULL: SQLite's autocheckpoint */
	char		*path;
	int		 version;
	int		 lock_fd;
	size_t		 max_items;
	sqlite3_stmt	*stmts[STORE_NSTMTS];
};

/* An enclosure of a staged item. */
struct store_enc {
	char		*url;
	char		*type;
	int64_t		 length;	/* -1: unknown */
};

/* One staged item, owned by its batch until the commit writes it. */
struct store_row {
	char		*key;
	char		*guid;
	char		*link;
	char		*title;
	char		*author;
	int64_t		 published;
	int64_t		 updated;
	char		*summary;
	char		*content;
	char		*categories;
	struct store_enc *enc;
	size_t		 nenc;
	int		 dropped;	/* replaced by a later item with the
					   same key */
};

/* Most bytes of item text one batch holds in memory; the fetch caps a
 * document at 16 MB, so this only stops a runaway caller. */
#define STORE_BATCH_MAX_BYTES	(64u * 1024 * 1024)

/* The staged items of one feed in document order, with an open-addressing
 * table of their keys (slot: row index + 1, 0 empty) for duplicates. */
struct store_batch {
	struct store	*st;
	int64_t		 feed_id;
	struct store_row *rows;
	size_t		 nrows;
	size_t		 alloc;
	size_t		*slots;
	size_t		 nslots;	/* a power of two, or 0 */
	size_t		 bytes;
};

/* --- SQLite helpers ------------------------------------------------------ */

static int
store_fail(struct store *st, struct dl_err *err, const char *what)
{
	dl_err_set(err, "%s: %s: %s", st->path, what, sqlite3_errmsg(st->db));
	return -1;
}

static int
store_exec(struct store *st, const char *sql, struct dl_err *err)
{
	char	*msg = NULL;

	if (sqlite3_exec(st->db, sql, NULL, NULL, &msg) == SQLITE_OK)
		return 0;
	dl_err_set(err, "%s: %s", st->path,
	    msg != NULL ? msg : sqlite3_errmsg(st->db));
	sqlite3_free(msg);
	return -1;
}

static int
store_prepare(struct store *st, const char *sql, sqlite3_stmt **stmt,
    struct dl_err *err)
{
	if (sqlite3_prepare_v2(st->db, sql, -1, stmt, NULL) == SQLITE_OK)
		return 0;
	*stmt = NULL;
	return store_fail(st, err, "prepare");
}

/* A cached statement, reset and with its bindings cleared. */
static sqlite3_stmt *
store_stmt(struct store *st, enum store_stmt_id which, struct dl_err *err)
{
	sqlite3_stmt	*s = st->stmts[which];

	if (s != NULL) {
		sqlite3_reset(s);
		sqlite3_clear_bindings(s);
		return s;
	}
	if (sqlite3_prepare_v3(st->db, store_stmt_sql[which], -1,
	    SQLITE_PREPARE_PERSISTENT, &s, NULL) != SQLITE_OK) {
		store_fail(st, err, "prepare");
		return NULL;
	}
	st->stmts[which] = s;
	return s;
}

/* Run a statement that returns no row we want; 0 or -1. */
static int
store_step_done(struct store *st, sqlite3_stmt *s, const char *what,
    struct dl_err *err)
{
	int	 rc;

	rc = sqlite3_step(s);
	if (rc == SQLITE_DONE || rc == SQLITE_ROW)
		return 0;
	return store_fail(st, err, what);
}

static void
store_bind_text(sqlite3_stmt *s, int i, const char *v)
{
	if (v == NULL)
		sqlite3_bind_null(s, i);
	else
		sqlite3_bind_text(s, i, v, -1, SQLITE_STATIC);
}

static void
store_bind_date(sqlite3_stmt *s, int i, int64_t t)
{
	if (t == DATE_NONE)
		sqlite3_bind_null(s, i);
	else
		sqlite3_bind_int64(s, i, t);
}

static char *
store_col_text(sqlite3_stmt *s, int i)
{
	const unsigned char	*v;

	if ((v = sqlite3_column_text(s, i)) == NULL)
		return NULL;
	return dl_strdup((const char *)v);
}

static int64_t
store_col_date(sqlite3_stmt *s, int i)
{
	if (sqlite3_column_type(s, i) == SQLITE_NULL)
		return DATE_NONE;
	return sqlite3_column_int64(s, i);
}

static int
store_begin(struct store *st, struct dl_err *err)
{
	/* IMMEDIATE: take the write lock now, so a busy database waits
	 * here (busy_timeout) instead of failing halfway through. */
	return store_exec(st, "BEGIN IMMEDIATE", err);
}

static void
store_rollback(struct store *st)
{
	if (!sqlite3_get_autocommit(st->db))
		sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
}

static int
store_commit(struct store *st, struct dl_err *err)
{
	if (store_exec(st, "COMMIT", err) == 0)
		return 0;
	store_rollback(st);
	return -1;
}

/* --- Opening and the schema ---------------------------------------------- */

char *
store_default_path(struct dl_err *err)
{
	const char	*d;

	d = getenv("XDG_DATA_HOME");
	if (d != NULL && d[0] == '/')
		return dl_printf("%s/dateline/dateline.db", d);
	d = getenv("HOME");
	if (d != NULL && d[0] == '/')
		return dl_printf("%s/.local/share/dateline/dateline.db", d);
	dl_err_set(err, "cannot find the cache: neither XDG_DATA_HOME nor "
	    "HOME is an absolute folder");
	return NULL;
}

/* Create the missing folders above path, private to the user. */
static int
store_mkparents(const char *path, struct dl_err *err)
{
	char	*p, *s;
	int	 rc = -1;

	p = dl_strdup(path);
	for (s = strchr(p + 1, '/'); s != NULL; s = strchr(s + 1, '/')) {
		*s = '\0';
		if (mkdir(p, 0700) == -1 && errno != EEXIST) {
			dl_err_set(err, "%s: cannot create folder: %s", p,
			    strerror(errno));
			goto out;
		}
		*s = '/';
	}
	rc = 0;
out:
	free(p);
	return rc;
}

static int
store_user_version(struct store *st, int *v, struct dl_err *err)
{
	sqlite3_stmt	*s;
	int		 rc = -1;

	if (store_prepare(st, "PRAGMA user_version", &s, err) == -1)
		return -1;
	if (sqlite3_step(s) != SQLITE_ROW) {
		store_fail(st, err, "reading the schema version");
		goto out;
	}
	*v = sqlite3_column_int(s, 0);
	rc = 0;
out:
	sqlite3_finalize(s);
	return rc;
}

static int
store_newer(struct store *st, int v, struct dl_err *err)
{
	if (v <= STORE_SCHEMA_VERSION)
		return 0;
	dl_err_set(err, "%s: the cache has schema version %d but this "
	    "dateline knows only up to %d; use a newer dateline", st->path,
	    v, STORE_SCHEMA_VERSION);
	return -1;
}

static int	store_fts_reindex(struct store *, struct dl_err *);

/* Apply the missing steps up to upto in one transaction. */
static int
store_migrate(struct store *st, int upto, struct dl_err *err)
{
	char	*sql;
	int	 v, rc;

	if (store_user_version(st, &v, err) == -1 || store_newer(st, v, err))
		return -1;
	if (v >= upto) {
		st->version = v;
		return 0;
	}
	if (store_begin(st, err) == -1)
		return -1;
	/* Another process may have migrated while we waited for the lock. */
	if (store_user_version(st, &v, err) == -1 || store_newer(st, v, err))
		goto fail;
	for (; v < upto; v++) {
		if (store_exec(st, store_migrations[v], err) == -1) {
			dl_err_prefix(err, "migrating to schema %d: ", v + 1);
			goto fail;
		}
		if (v + 1 == 3 && store_fts_reindex(st, err) == -1)
			goto fail;
	}
	sql = dl_printf("PRAGMA user_version = %d", v);
	rc = store_exec(st, sql, err);
	free(sql);
	if (rc == -1 || store_commit(st, err) == -1)
		goto fail;
	st->version = v;
	return 0;
fail:
	store_rollback(st);
	return -1;
}

static int
store_connect(struct store *st, struct dl_err *err)
{
	int	 fd;

	/* Create the file ourselves so that it is private (0600). */
	fd = open(st->path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
	if (fd == -1) {
		dl_err_set(err, "%s: %s", st->path, strerror(errno));
		return -1;
	}
	close(fd);
	if (sqlite3_open_v2(st->path, &st->db, SQLITE_OPEN_READWRITE |
	    SQLITE_OPEN_CREATE, NULL) != SQLITE_OK) {
		if (st->db == NULL)
			dl_err_set(err, "%s: cannot open", st->path);
		else
			store_fail(st, err, "cannot open");
		return -1;
	}
	sqlite3_busy_timeout(st->db, STORE_BUSY_TIMEOUT_MS);
	/* The default page cache (2 MB), autocheckpoint (1000 pages) and no
	 * mmap are deliberate: with indexing deferred, an 8 MB cache or a
	 * 256 MB mmap saved no CPU in a cold refresh or a sync of 9,000
	 * items and cost 6 to 35 MB of peak RSS. */
	return store_exec(st, "PRAGMA journal_mode = WAL;"
	    "PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON;", err);
}

struct store *
store_open_upto(const char *path, int version, struct dl_err *err)
{
	struct store	*st;

	st = dl_calloc(1, sizeof *st);
	st->path = dl_strdup(path);
	st->lock_fd = -1;
	st->max_items = STORE_MAX_ITEMS_DEFAULT;
	if (version < 1 || version > STORE_SCHEMA_VERSION) {
		dl_err_set(err, "%s: no schema version %d", path, version);
		goto fail;
	}
	if (store_mkparents(path, err) == -1 || store_connect(st, err) == -1)
		goto fail;
	if (store_migrate(st, version, err) == -1)
		goto fail;
	return st;
fail:
	store_close(st);
	return NULL;
}

struct store *
store_open(const char *path, struct dl_err *err)
{
	return store_open_upto(path, STORE_SCHEMA_VERSION, err);
}

static void *
store_ckpt_main(void *arg)
{
	struct store_ckpt	*c = arg;

	pthread_mutex_lock(&c->mu);
	for (;;) {
		while (!c->want && !c->stop)
			pthread_cond_wait(&c->cv, &c->mu);
		if (c->stop)
			break;
		c->want = 0;
		pthread_mutex_unlock(&c->mu);
		/* PASSIVE: copies what no reader needs, never waits for
		 * the writer; what is left waits for the next wake-up or
		 * the checkpoint of the last close. */
		(void)sqlite3_wal_checkpoint_v2(c->db, NULL,
		    SQLITE_CHECKPOINT_PASSIVE, NULL, NULL);
		pthread_mutex_lock(&c->mu);
	}
	pthread_mutex_unlock(&c->mu);
	return NULL;
}

/* After each commit of the main connection (SQLite's wal hook). */
static int
store_ckpt_hook(void *arg, sqlite3 *db, const char *name, int frames)
{
	struct store_ckpt	*c = arg;

	(void)db;
	(void)name;
	if (frames < STORE_CKPT_FRAMES)
		return SQLITE_OK;
	pthread_mutex_lock(&c->mu);
	c->want = 1;
	pthread_cond_signal(&c->cv);
	pthread_mutex_unlock(&c->mu);
	return SQLITE_OK;
}

static void
store_ckpt_free(struct store_ckpt *c)
{
	sqlite3_close(c->db);
	pthread_cond_destroy(&c->cv);
	pthread_mutex_destroy(&c->mu);
	free(c);
}

int
store_checkpoint_in_background(struct store *st, struct dl_err *err)
{
	struct store_ckpt	*c;

	if (st->ckpt != NULL)
		return 0;
	if (!sqlite3_threadsafe()) {
		dl_err_set(err, "%s: checkpointer: SQLite without threads",
		    st->path);
		return -1;
	}
	c = dl_calloc(1, sizeof *c);
	pthread_mutex_init(&c->mu, NULL);
	pthread_cond_init(&c->cv, NULL);
	if (sqlite3_open_v2(st->path, &c->db, SQLITE_OPEN_READWRITE |
	    SQLITE_OPEN_FULLMUTEX, NULL) != SQLITE_OK ||
	    sqlite3_exec(c->db, "PRAGMA synchronous = NORMAL", NULL, NULL,
	    NULL) != SQLITE_OK) {
		dl_err_set(err, "%s: checkpointer: %s", st->path,
		    c->db != NULL ? sqlite3_errmsg(c->db) : "cannot open");
		store_ckpt_free(c);
		return -1;
	}
	if (pthread_create(&c->thread, NULL, store_ckpt_main, c) != 0) {
		dl_err_set(err, "%s: checkpointer: cannot start a thread",
		    st->path);
		store_ckpt_free(c);
		return -1;
	}
	st->ckpt = c;
	sqlite3_wal_hook(st->db, store_ckpt_hook, c);	/* replaces the
							   autocheckpoint */
	return 0;
}

/* Back to SQLite's autocheckpoint; the thread and its connection go. */
static void
store_ckpt_stop(struct store *st)
{
	struct store_ckpt	*c = st->ckpt;

	if (c == NULL)
		return;
	pthread_mutex_lock(&c->mu);
	c->stop = 1;
	pthread_cond_signal(&c->cv);
	pthread_mutex_unlock(&c->mu);
	pthread_join(c->thread, NULL);
	sqlite3_wal_autocheckpoint(st->db, STORE_CKPT_FRAMES);
	store_ckpt_free(c);
	st->ckpt = NULL;
}

void
store_close(struct store *st)
{
	int	 i;

	if (st == NULL)
		return;
	store_ckpt_stop(st);	/* before our close, which checkpoints */
	for (i = 0; i < STORE_NSTMTS; i++)
		sqlite3_finalize(st->stmts[i]);
	if (st->db != NULL)
		sqlite3_close(st->db);
	store_unlock_refresh(st);
	free(st->path);
	free(st);
}

int
store_version(struct store *st)
{
	return st->version;
}

void
store_set_max_items(struct store *st, size_t max)
{
	st->max_items = max;
}

void
store_set_cache_kb(struct store *st, int kb)
{
	char	*sql;

	sql = dl_printf("PRAGMA cache_size = -%d", kb > 0 ? kb : 1);
	(void)sqlite3_exec(st->db, sql, NULL, NULL, NULL);
	free(sql);
}

/* Every item is in the index or waiting for it. */
static int
store_check_indexed(struct store *st, struct dl_err *err)
{
	sqlite3_stmt	*s;
	int64_t		 n = -1;

	if (store_prepare(st, "SELECT count(*) FROM items WHERE id NOT IN"
	    " (SELECT rowid FROM items_fts) AND id NOT IN"
	    " (SELECT item_id FROM search_pending)", &s, err) == -1)
		return -1;
	if (sqlite3_step(s) == SQLITE_ROW)
		n = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	if (n == 0)
		return 0;
	if (n < 0)
		return store_fail(st, err, "index check");
	dl_err_set(err, "%s: %" PRId64 " items neither indexed nor waiting"
	    " to be", st->path, n);
	return -1;
}

/* Each feed's unread and total counters equal the counts of its items;
 * the first feed that differs is named. */
static int
store_check_counts(struct store *st, struct dl_err *err)
{
	sqlite3_stmt	*s;
	int		 rc;

	if (store_prepare(st, "SELECT f.url, f.unread, f.total, c.u, c.t"
	    " FROM feeds f, (SELECT f2.id AS id, (SELECT count(*) FROM items i"
	    "  WHERE i.feed_id = f2.id AND i.read = 0) AS u,"
	    "  (SELECT count(*) FROM items i WHERE i.feed_id = f2.id) AS t"
	    "  FROM feeds f2) c WHERE c.id = f.id"
	    " AND (f.unread IS NOT c.u OR f.total IS NOT c.t) LIMIT 1", &s,
	    err) == -1)
		return -1;
	rc = sqlite3_step(s);
	if (rc == SQLITE_DONE)
		rc = 0;
	else if (rc == SQLITE_ROW) {
		dl_err_set(err, "%s: feed %s: counters say %" PRId64 " unread"
		    " of %" PRId64 ", its items %" PRId64 " of %" PRId64,
		    st->path, (const char *)sqlite3_column_text(s, 0),
		    (int64_t)sqlite3_column_int64(s, 1),
		    (int64_t)sqlite3_column_int64(s, 2),
		    (int64_t)sqlite3_column_int64(s, 3),
		    (int64_t)sqlite3_column_int64(s, 4));
		rc = -1;
	} else
		rc = store_fail(st, err, "counter check");
	sqlite3_finalize(s);
	return rc;
}

int
store_check(struct store *st, struct dl_err *err)
{
	sqlite3_stmt	*s;
	const char	*v;
	int		 rc = -1;

	if (store_prepare(st, "PRAGMA integrity_check", &s, err) == -1)
		return -1;
	if (sqlite3_step(s) != SQLITE_ROW) {
		store_fail(st, err, "integrity check");
		goto out;
	}
	v = (const char *)sqlite3_column_text(s, 0);
	if (v == NULL || strcmp(v, "ok") != 0) {
		dl_err_set(err, "%s: integrity check: %s", st->path,
		    v != NULL ? v : "no answer");
		goto out;
	}
	rc = store_exec(st, "INSERT INTO items_fts (items_fts)"
	    " VALUES ('integrity-check')", err);
	if (rc == 0 && st->version >= 4)
		rc = store_check_indexed(st, err);
	if (rc == 0 && st->version >= 5)
		rc = store_check_counts(st, err);
out:
	sqlite3_finalize(s);
	return rc;
}

/* --- The refresh lock ---------------------------------------------------- */

int
store_lock_refresh(struct store *st, int wait_ms, struct dl_err *err)
{
	struct timespec	 ts = { 0, 50 * 1000 * 1000 };
	char		*lp;
	int		 fd, waited, rc = -1;

	if (st->lock_fd != -1)
		return 0;
	lp = dl_printf("%s.lock", st->path);
	if ((fd = open(lp, O_RDWR | O_CREAT | O_CLOEXEC, 0600)) == -1) {
		dl_err_set(err, "%s: %s", lp, strerror(errno));
		goto out;
	}
	for (waited = 0;; waited += 50) {
		if (flock(fd, LOCK_EX | LOCK_NB) == 0) {
			st->lock_fd = fd;
			fd = -1;
			rc = 0;
			goto out;
		}
		if (errno != EWOULDBLOCK && errno != EINTR) {
			dl_err_set(err, "%s: %s", lp, strerror(errno));
			goto out;
		}
		if (waited >= wait_ms)
			break;
		nanosleep(&ts, NULL);
	}
	dl_err_set(err, "another refresh is running (%s is locked)", lp);
out:
	if (fd != -1)
		close(fd);
	free(lp);
	return rc;
}

void
store_unlock_refresh(struct store *st)
{
	if (st->lock_fd == -1)
		return;
	close(st->lock_fd);	/* releases the flock */
	st->lock_fd = -1;
}

/* --- Feeds --------------------------------------------------------------- */

void
store_feed_clear(struct store_feed *f)
{
	if (f == NULL)
		return;
	free(f->url);
	free(f->kind);
	free(f->title);
	free(f->etag);
	free(f->last_modified);
	free(f->last_error);
	free(f->moved_to);
	memset(f, 0, sizeof *f);
}

static void
store_feed_read(sqlite3_stmt *s, struct store_feed *f)
{
	memset(f, 0, sizeof *f);
	f->id = sqlite3_column_int64(s, 0);
	f->url = store_col_text(s, 1);
	f->kind = store_col_text(s, 2);
	f->title = store_col_text(s, 3);
	f->etag = store_col_text(s, 4);
	f->last_modified = store_col_text(s, 5);
	f->last_status = sqlite3_column_int(s, 6);
	f->last_error = store_col_text(s, 7);
	f->last_fetch = store_col_date(s, 8);
	f->next_fetch = store_col_date(s, 9);
	f->fail_count = sqlite3_column_int(s, 10);
	f->dead = sqlite3_column_int(s, 11);
	f->moved_to = store_col_text(s, 12);
}

int
store_feed_upsert(struct store *st, const char *url, const char *kind,
    int64_t *id, struct dl_err *err)
{
	sqlite3_stmt	*s;
	int		 rc = -1;

	if ((s = store_stmt(st, STORE_FEED_UPSERT, err)) == NULL)
		return -1;
	store_bind_text(s, 1, url);
	store_bind_text(s, 2, kind);
	if (sqlite3_step(s) != SQLITE_ROW) {
		store_fail(st, err, url);
		goto out;
	}
	*id = sqlite3_column_int64(s, 0);
	rc = store_step_done(st, s, url, err);
out:
	sqlite3_reset(s);
	return rc;
}

int
store_feed_set_title(struct store *st, int64_t feed_id, const char *title,
    struct dl_err *err)
{
	sqlite3_stmt	*s;
	int		 rc;

	if (title == NULL)
		return 0;
	if (store_prepare(st, "UPDATE feeds SET title = ?2 WHERE id = ?1",
	    &s, err) == -1)
		return -1;
	sqlite3_bind_int64(s, 1, feed_id);
	store_bind_text(s, 2, title);
	rc = store_step_done(st, s, "feed title", err);
	sqlite3_finalize(s);
	return rc;
}

int
store_feed_get(struct store *st, const char *url, struct store_feed *f,
    struct dl_err *err)
{
	sqlite3_stmt	*s;
	int		 rc;

	memset(f, 0, sizeof *f);
	if ((s = store_stmt(st, STORE_FEED_GET, err)) == NULL)
		return -1;
	store_bind_text(s, 1, url);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		store_feed_read(s, f);
		rc = 0;
	} else if (rc == SQLITE_DONE)
		rc = 1;
	else
		rc = store_fail(st, err, url);
	/* A cached statement left on a row would hold a read snapshot. */
	sqlite3_reset(s);
	return rc;
}

/* Feeds with their counts: kept in the row since schema 5, counted in
 * items before (only tests open an older cache). */
static const char store_feeds_sql[] = "SELECT " STORE_FEED_COLS
    ", f.unread, f.total FROM feeds f"
    " ORDER BY coalesce(f.title, f.url) COLLATE NOCASE, f.url";
static const char store_feeds_sql_v4[] = "SELECT " STORE_FEED_COLS ","
    " (SELECT count(*) FROM items i WHERE i.feed_id = f.id AND i.read = 0),"
    " (SELECT count(*) FROM items i WHERE i.feed_id = f.id)"
    " FROM feeds f ORDER BY coalesce(f.title, f.url) COLLATE NOCASE, f.url";

int
store_feeds_list(struct store *st, struct store_feed **out, size_t *n,
    struct dl_err *err)
{
	sqlite3_stmt	*s;
	size_t		 alloc = 0;
	int		 rc;

	*out = NULL;
	*n = 0;
	if (store_prepare(st, st->version >= 5 ? store_feeds_sql :
	    store_feeds_sql_v4, &s, err) == -1)
		return -1;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (*n == alloc) {
			alloc = alloc == 0 ? 16 : alloc * 2;
			*out = dl_reallocarray(*out, alloc, sizeof **out);
		}
		store_feed_read(s, &(*out)[*n]);
		(*out)[*n].unread = sqlite3_column_int64(s, 13);
		(*out)[*n].total = sqlite3_column_int64(s, 14);
		(*n)++;
	}
	sqlite3_finalize(s);
	if (rc == SQLITE_DONE)
		return 0;
	store_feeds_free(*out, *n);
	*out = NULL;
	*n = 0;
	return store_fail(st, err, "listing feeds");
}

void
store_feeds_free(struct store_feed *v, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		store_feed_clear(&v[i]);
	free(v);
}

int
store_feed_record_fetch(struct store *st, int64_t feed_id,
    const struct store_fetch *r, struct dl_err *err)
{
	sqlite3_stmt	*s;
	int		 rc;

	if ((s = store_stmt(st, STORE_FEED_FETCH, err)) == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, feed_id);
	sqlite3_bind_int(s, 2, r->status);
	store_bind_text(s, 3, r->error);
	sqlite3_bind_int64(s, 4, r->fetched_at != DATE_NONE ? r->fetched_at :
	    (int64_t)dl_now());
	store_bind_date(s, 5, r->next_fetch);
	sqlite3_bind_int(s, 6, r->dead != 0);
	store_bind_text(s, 7, r->moved_to);
	sqlite3_bind_int(s, 8, r->set_validators != 0);
	store_bind_text(s, 9, r->etag);
	store_bind_text(s, 10, r->last_modified);
	rc = store_step_done(st, s, "recording a fetch", err);
	if (rc == 0 && sqlite3_changes(st->db) == 0) {
		dl_err_set(err, "%s: no feed %" PRId64, st->path, feed_id);
		rc = -1;
	}
	sqlite3_reset(s);
	return rc;
}

int
store_feed_record_fetches(struct store *st, const int64_t *feed_ids,
    const struct store_fetch *r, size_t n, struct dl_err *err)
{
	size_t	 i;

	if (n == 0)
		return 0;
	if (store_begin(st, err) == -1)
		return -1;
	for (i = 0; i < n; i++) {
		if (store_feed_record_fetch(st, feed_ids[i], &r[i], err) == -1) {
			store_rollback(st);
			return -1;
		}
	}
	return store_commit(st, err);
}

/* --- Writing items ------------------------------------------------------- */

uint64_t
store_fnv1a(uint64_t h, const void *p, size_t n)
{
	const unsigned char	*s = p;

	while (n-- > 0) {
		h ^= *s++;
		h *= 0x100000001b3ULL;
	}
	return h;
}

char *
store_item_key(const struct feed_item *it)
{
	const char	*t;
	char		 num[32];
	uint64_t	 h;
	int64_t		 d;

	if (it->id != NULL && it->id[0] != '\0')
		return dl_printf("g:%s", it->id);
	if (it->link != NULL && it->link[0] != '\0')
		return dl_printf("l:%s", it->link);
	t = it->title != NULL ? it->title : "";
	h = store_fnv1a(STORE_FNV_OFFSET, t, strlen(t));
	h = store_fnv1a(h, "\n", 1);
	d = it->published != DATE_NONE ? it->published : it->updated;
	if (d != DATE_NONE) {
		snprintf(num, sizeof num, "%" PRId64, d);
		h = store_fnv1a(h, num, strlen(num));
	}
	return dl_printf("h:%016" PRIx64, h);
}

/* Categories as one text, one per line (newlines inside become spaces);
 * NULL when there are none. */
static char *
store_join_categories(const struct feed_item *it)
{
	struct dl_buf	 b;
	size_t		 i;
	char		*p;

	if (it->ncategories == 0)
		return NULL;
	dl_buf_init(&b, DL_BUF_CAP_DEFAULT);
	for (i = 0; i < it->ncategories; i++) {
		if (it->categories[i] == NULL)
			continue;
		if (b.len > 0)
			dl_buf_addc(&b, '\n');
		dl_buf_adds(&b, it->categories[i]);
	}
	if (b.len == 0) {
		dl_buf_clear(&b);
		return NULL;
	}
	for (p = b.data; *p != '\0'; p++)
		if (*p == '\r')
			*p = ' ';
	return dl_buf_take(&b);
}

struct store_batch *
store_batch_begin(struct store *st, int64_t feed_id)
{
	struct store_batch	*b;

	b = dl_calloc(1, sizeof *b);
	b->st = st;
	b->feed_id = feed_id;
	return b;
}

static void
store_row_clear(struct store_row *r)
{
	size_t	 i;

	free(r->key);
	free(r->guid);
	free(r->link);
	free(r->title);
	free(r->author);
	free(r->summary);
	free(r->content);
	free(r->categories);
	for (i = 0; i < r->nenc; i++) {
		free(r->enc[i].url);
		free(r->enc[i].type);
	}
	free(r->enc);
	memset(r, 0, sizeof *r);
	r->dropped = 1;
}

static void
store_batch_free(struct store_batch *b)
{
	size_t	 i;

	for (i = 0; i < b->nrows; i++)
		store_row_clear(&b->rows[i]);
	free(b->rows);
	free(b->slots);
	free(b);
}

static char *
store_dup(struct store_batch *b, const char *s)
{
	if (s == NULL)
		return NULL;
	b->bytes += strlen(s);
	return dl_strdup(s);
}

/* The slot of key: where it is, or the empty slot where it would go. */
static size_t *
store_slot(struct store_batch *b, const char *key)
{
	size_t	 i, mask = b->nslots - 1;

	i = (size_t)store_fnv1a(STORE_FNV_OFFSET, key, strlen(key)) & mask;
	while (b->slots[i] != 0 &&
	    strcmp(b->rows[b->slots[i] - 1].key, key) != 0)
		i = (i + 1) & mask;
	return &b->slots[i];
}

/* Keep the table at most half full; rows dropped as duplicates are not
 * in it. */
static void
store_slots_grow(struct store_batch *b)
{
	size_t	 i;

	if (b->nslots != 0 && (b->nrows + 1) * 2 <= b->nslots)
		return;
	free(b->slots);
	b->nslots = b->nslots == 0 ? 64 : b->nslots * 2;
	b->slots = dl_calloc(b->nslots, sizeof *b->slots);
	for (i = 0; i < b->nrows; i++)
		if (!b->rows[i].dropped)
			*store_slot(b, b->rows[i].key) = i + 1;
}

/* Is key one of the batch's items? */
static int
store_batch_has(struct store_batch *b, const char *key)
{
	return b->nslots != 0 && *store_slot(b, key) != 0;
}

static void
store_row_fill(struct store_batch *b, struct store_row *r,
    const struct feed_item *it)
{
	size_t	 i;

	r->guid = store_dup(b, it->id);
	r->link = store_dup(b, it->link);
	r->title = store_dup(b, it->title);
	r->author = store_dup(b, it->author);
	r->published = it->published;
	r->updated = it->updated;
	r->summary = store_dup(b, it->summary);
	r->content = store_dup(b, it->content);
	r->categories = store_join_categories(it);
	if (it->nenclosures > 0)
		r->enc = dl_reallocarray(NULL, it->nenclosures,
		    sizeof *r->enc);
	for (i = 0; i < it->nenclosures; i++) {
		if (it->enclosures[i].url == NULL)
			continue;
		r->enc[r->nenc].url = store_dup(b, it->enclosures[i].url);
		r->enc[r->nenc].type = store_dup(b, it->enclosures[i].type);
		r->enc[r->nenc++].length = it->enclosures[i].length >= 0 ?
		    it->enclosures[i].length : -1;
	}
}

/* A later item with the key of an earlier one replaces it, and takes the
 * later place in document order. */
int
store_batch_item(struct store_batch *b, const struct feed_item *it,
    struct dl_err *err)
{
	struct store_row	*r;
	size_t			*slot;
	char			*key;

	if (b->bytes > STORE_BATCH_MAX_BYTES) {
		dl_err_set(err, "%s: more than %u MB of items in one feed",
		    b->st->path, STORE_BATCH_MAX_BYTES / (1024 * 1024));
		return -1;
	}
	key = store_item_key(it);
	store_slots_grow(b);
	slot = store_slot(b, key);
	if (*slot != 0)
		store_row_clear(&b->rows[*slot - 1]);
	if (b->nrows == b->alloc) {
		b->alloc = b->alloc == 0 ? 64 : b->alloc * 2;
		b->rows = dl_reallocarray(b->rows, b->alloc, sizeof *b->rows);
	}
	r = &b->rows[b->nrows];
	memset(r, 0, sizeof *r);
	r->key = key;
	store_row_fill(b, r, it);
	*slot = ++b->nrows;
	return 0;
}

/* --- Search tokens ----------------------------------------------------------
 *
 * The index holds our own token stream, not the plain text: words of
 * letters and digits, case-folded and without Latin diacritics; runs of
 * Han, kana and Hangul as overlapping bigrams (a lone character is its
 * own token), as Lucene's CJKAnalyzer does. Tokens are separated by
 * spaces, so FTS5's built-in "ascii" tokenizer (which keeps every byte
 * above 127 inside a token) reads back exactly our tokens, and any
 * SQLite, the sqlite3 shell or Python included, can open and check the
 * index without a tokenizer of ours being registered. */

enum store_cp_class {
	STORE_CP_SEP,
	STORE_CP_WORD,
	STORE_CP_CJK,
	STORE_CP_MARK		/* combining mark: dropped inside a word */
};

/* Base letters of U+00C0..U+00FF and U+0100..U+017F; '.' keeps the
 * (lower-cased) letter itself. */
static const char store_fold_latin1[] =
    "aaaaaa.ceeeeiiiidnooooo.ouuuuy..aaaaaa.ceeeeiiiidnooooo.ouuuuy.y";
static const char store_fold_exta[] =
    "aaaaaaccccccccdd" "ddeeeeeeeeeegggg" "gggghhhhiiiiiiii" "ii..jjkkklllllll"
    "lllnnnnnnnnnoooo" "oo..rrrrrrssssss" "ssttttttuuuuuuuu" "uuuuwwyyyzzzzzzs";
_Static_assert(sizeof store_fold_latin1 == 65 &&
    sizeof store_fold_exta == 129, "one letter per code point");

/* The code point at s[*i] (advancing *i), or -1 for a malformed byte. */
static int32_t
store_utf8_next(const unsigned char *s, size_t len, size_t *i)
{
	uint32_t	 c = s[*i];
	size_t		 n, k;

	if (c < 0x80) {
		(*i)++;
		return (int32_t)c;
	}
	n = c >= 0xf0 && c < 0xf5 ? 3 : c >= 0xe0 ? 2 : c >= 0xc2 ? 1 : 0;
	if (c >= 0xf5 || n == 0 || *i + n >= len) {
		(*i)++;
		return -1;
	}
	c &= 0x3f >> n;
	for (k = 1; k <= n; k++) {
		if ((s[*i + k] & 0xc0) != 0x80) {
			(*i)++;
			return -1;
		}
		c = (c << 6) | (s[*i + k] & 0x3f);
	}
	*i += n + 1;
	return (int32_t)c;
}

static int
store_cp_cjk(uint32_t c)
{
	return (c >= 0x1100 && c <= 0x11ff) ||
	    (c >= 0x3040 && c <= 0x30ff && c != 0x30fb) ||
	    (c >= 0x3130 && c <= 0x318f) || (c >= 0x31f0 && c <= 0x31ff) ||
	    (c >= 0x3400 && c <= 0x4dbf) || (c >= 0x4e00 && c <= 0x9fff) ||
	    (c >= 0xa960 && c <= 0xa97f) || (c >= 0xac00 && c <= 0xd7af) ||
	    (c >= 0xf900 && c <= 0xfaff) || (c >= 0xff66 && c <= 0xff9f) ||
	    (c >= 0x20000 && c <= 0x3ffff);
}

static enum store_cp_class
store_cp_class(uint32_t c)
{
	if (c < 0x80)
		return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
		    (c >= 'A' && c <= 'Z') ? STORE_CP_WORD : STORE_CP_SEP;
	if ((c >= 0x300 && c <= 0x36f) || (c >= 0x1ab0 && c <= 0x1aff) ||
	    (c >= 0x1dc0 && c <= 0x1dff) || (c >= 0x20d0 && c <= 0x20ff) ||
	    (c >= 0xfe20 && c <= 0xfe2f))
		return STORE_CP_MARK;
	if (store_cp_cjk(c))
		return STORE_CP_CJK;
	/* Punctuation, symbols, spaces, private use and emoji. */
	if (c <= 0xbf || c == 0xd7 || c == 0xf7 ||
	    (c >= 0x2000 && c <= 0x2bff) || (c >= 0x2e00 && c <= 0x303f) ||
	    (c >= 0x3200 && c <= 0x33ff) || (c >= 0xd800 && c <= 0xf8ff) ||
	    (c >= 0xfe10 && c <= 0xfe1f) || (c >= 0xfe30 && c <= 0xfe6f) ||
	    (c >= 0xfeff && c <= 0xff65) || c >= 0xfff0 ||
	    (c >= 0x1f000 && c <= 0x1faff))
		return STORE_CP_SEP;
	return STORE_CP_WORD;
}

/* Simple case folding of Latin-1, Latin Extended-A and Additional, Greek
 * and Cyrillic, with Latin-1 and Extended-A diacritics removed. */
static uint32_t
store_cp_fold(uint32_t c)
{
	char	 b;

	if (c >= 0xc0 && c <= 0xff) {
		if ((b = store_fold_latin1[c - 0xc0]) != '.')
			return (uint32_t)b;
		return c <= 0xde ? c + 0x20 : c;
	}
	if (c >= 0x100 && c <= 0x17f) {
		if ((b = store_fold_exta[c - 0x100]) != '.')
			return (uint32_t)b;
		return c | 1;	/* IJ ij, OE oe */
	}
	if ((c >= 0x391 && c <= 0x3a9) || (c >= 0x410 && c <= 0x42f))
		return c + 0x20;
	if (c == 0x3c2)
		return 0x3c3;	/* final sigma */
	if (c == 0x386 || c == 0x38c)
		return c == 0x386 ? 0x3ac : 0x3cc;
	if (c >= 0x388 && c <= 0x38a)
		return c + 0x25;
	if (c == 0x38e || c == 0x38f)
		return c + 0x3f;
	if (c >= 0x400 && c <= 0x40f)
		return c + 0x50;
	if (((c >= 0x460 && c <= 0x481) || (c >= 0x48a && c <= 0x4bf) ||
	    (c >= 0x4d0 && c <= 0x4ff) || (c >= 0x1e00 && c <= 0x1eff)) &&
	    (c & 1) == 0)
		return c + 1;
	if (c >= 0x4c1 && c <= 0x4ce && (c & 1) == 1)
		return c + 1;
	return c;
}

static void
store_utf8_put(struct dl_buf *b, uint32_t c)
{
	char	 u[4];
	size_t	 n;

	if (c < 0x80) {
		dl_buf_addc(b, (char)c);
		return;
	}
	if (c < 0x800) {
		u[0] = (char)(0xc0 | (c >> 6));
		n = 2;
	} else if (c < 0x10000) {
		u[0] = (char)(0xe0 | (c >> 12));
		u[1] = (char)(0x80 | ((c >> 6) & 0x3f));
		n = 3;
	} else {
		u[0] = (char)(0xf0 | (c >> 18));
		u[1] = (char)(0x80 | ((c >> 12) & 0x3f));
		u[2] = (char)(0x80 | ((c >> 6) & 0x3f));
		n = 4;
	}
	u[n - 1] = (char)(0x80 | (c & 0x3f));
	dl_buf_add(b, u, n);
}

/* Tokenizer state across one text. */
struct store_tok {
	struct dl_buf	*out;
	int		 in_word;
	uint32_t	 prev;		/* last CJK character, or 0 */
	size_t		 run;		/* CJK characters in this run */
};

static void
store_tok_break(struct store_tok *t)
{
	if (t->in_word)
		dl_buf_addc(t->out, ' ');
	if (t->run == 1) {
		store_utf8_put(t->out, t->prev);
		dl_buf_addc(t->out, ' ');
	}
	t->in_word = 0;
	t->prev = 0;
	t->run = 0;
}

static void
store_tok_cp(struct store_tok *t, uint32_t c)
{
	if (c >= 0xff01 && c <= 0xff5e)
		c -= 0xfee0;	/* fullwidth ASCII */
	switch (store_cp_class(c)) {
	case STORE_CP_WORD:
		if (t->run > 0)
			store_tok_break(t);
		if (c >= 'A' && c <= 'Z')
			c += 'a' - 'A';
		store_utf8_put(t->out, c < 0x80 ? c : store_cp_fold(c));
		t->in_word = 1;
		break;
	case STORE_CP_CJK:
		if (t->in_word)
			store_tok_break(t);
		if (t->run > 0) {
			store_utf8_put(t->out, t->prev);
			store_utf8_put(t->out, c);
			dl_buf_addc(t->out, ' ');
		}
		t->prev = c;
		t->run++;
		break;
	case STORE_CP_MARK:
		if (t->in_word)
			break;
		/* FALLTHROUGH */
	case STORE_CP_SEP:
		store_tok_break(t);
		break;
	}
}

/* ASCII fast path: a run of letters and digits is copied at once, then
 * lower-cased in place; a separator ends the word. */
static void
store_tokens_ascii(struct dl_buf *out, struct store_tok *t,
    const unsigned char *u, size_t len, size_t *i)
{
	size_t	 j = *i, at;

	while (j < len && u[j] < 0x80 && store_cp_class(u[j]) == STORE_CP_WORD)
		j++;
	if (j == *i) {
		if (t->in_word)
			dl_buf_addc(out, ' ');
		t->in_word = 0;
		(*i)++;
		return;
	}
	at = out->len;
	dl_buf_add(out, u + *i, j - *i);
	for (; at < out->len; at++)
		if (out->data[at] >= 'A' && out->data[at] <= 'Z')
			out->data[at] += 'a' - 'A';
	t->in_word = 1;
	*i = j;
}

/* Append the tokens of len bytes of s to out, each followed by a space. */
static void
store_tokens(struct dl_buf *out, const char *s, size_t len)
{
	const unsigned char	*u = (const unsigned char *)s;
	struct store_tok	 t = { out, 0, 0, 0 };
	size_t			 i = 0;
	int32_t			 c;

	while (i < len) {
		if (u[i] < 0x80 && t.run == 0) {
			store_tokens_ascii(out, &t, u, len, &i);
			continue;
		}
		if ((c = store_utf8_next(u, len, &i)) == -1)
			store_tok_break(&t);
		else
			store_tok_cp(&t, (uint32_t)c);
	}
	store_tok_break(&t);
}

/* Plain text of summary and content for the search index, cut to at
 * most STORE_SEARCH_TEXT_MAX bytes on a character boundary before it is
 * tokenized: the index costs per token. */
#define STORE_SEARCH_TEXT_MAX	2048

static void
store_search_cut(char *t)
{
	size_t	 n;

	if (t == NULL || (n = strlen(t)) <= STORE_SEARCH_TEXT_MAX)
		return;
	n = STORE_SEARCH_TEXT_MAX;
	while (n > 0 && ((unsigned char)t[n] & 0xc0) == 0x80)
		n--;
	t[n] = '\0';
}

static char *
store_search_text(const char *summary, const char *content)
{
	char	*s = NULL, *c = NULL, *t;

	if (summary != NULL)
		s = feed_html_text(summary);
	if (content != NULL)
		c = feed_html_text(content);
	if (s == NULL)
		return c;
	if (c == NULL || strcmp(s, c) == 0) {
		free(c);
		return s;
	}
	t = dl_printf("%s\n%s", s, c);
	free(s);
	free(c);
	return t;
}

/* The tokens of s for the index (allocated), or NULL when s is. */
static char *
store_search_tokens(const char *s)
{
	struct dl_buf	 b;

	if (s == NULL)
		return NULL;
	dl_buf_init(&b, DL_BUF_CAP_DEFAULT);
	store_tokens(&b, s, strlen(s));
	return dl_buf_take(&b);
}

/* The indexed fields of one item. */
struct store_fts_doc {
	int64_t		 id;
	const char	*title;
	const char	*author;
	const char	*summary;	/* HTML */
	const char	*content;	/* HTML */
};

static int
store_fts_write(struct store *st, const struct store_fts_doc *d,
    int replace, struct dl_err *err)
{
	sqlite3_stmt	*s;
	char		*text, *title, *author, *body;
	int		 rc;

	if (replace) {
		if ((s = store_stmt(st, STORE_FTS_DEL, err)) == NULL)
			return -1;
		sqlite3_bind_int64(s, 1, d->id);
		if (store_step_done(st, s, "search index", err) == -1)
			return -1;
	}
	if ((s = store_stmt(st, STORE_FTS_INS, err)) == NULL)
		return -1;
	text = store_search_text(d->summary, d->content);
	store_search_cut(text);
	title = store_search_tokens(d->title);
	author = store_search_tokens(d->author);
	body = store_search_tokens(text);
	sqlite3_bind_int64(s, 1, d->id);
	store_bind_text(s, 2, title);
	store_bind_text(s, 3, author);
	store_bind_text(s, 4, body);
	rc = store_step_done(st, s, "search index", err);
	sqlite3_reset(s);
	free(text);
	free(title);
	free(author);
	free(body);
	return rc;
}

/* Index the rows of a query giving id, title, author, summary, content
 * and whether an index row is to be replaced. */
static int
store_fts_index(struct store *st, const char *sql, struct dl_err *err)
{
	struct store_fts_doc	 d;
	sqlite3_stmt		*s;
	int			 rc;

	if (store_prepare(st, sql, &s, err) == -1)
		return -1;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		d.id = sqlite3_column_int64(s, 0);
		d.title = (const char *)sqlite3_column_text(s, 1);
		d.author = (const char *)sqlite3_column_text(s, 2);
		d.summary = (const char *)sqlite3_column_text(s, 3);
		d.content = (const char *)sqlite3_column_text(s, 4);
		if (store_fts_write(st, &d, sqlite3_column_int(s, 5),
		    err) == -1)
			break;
	}
	if (rc == SQLITE_DONE)
		rc = 0;
	else if (rc == SQLITE_ROW)
		rc = -1;
	else
		rc = store_fail(st, err, "indexing");
	sqlite3_finalize(s);
	return rc;
}

/* Index every item (schema 3 starts from an empty index). */
static int
store_fts_reindex(struct store *st, struct dl_err *err)
{
	return store_fts_index(st, "SELECT id, title, author, summary,"
	    " content, 0 FROM items", err);
}

/* *any: is some item waiting to be indexed? */
static int
store_search_pending(struct store *st, int *any, struct dl_err *err)
{
	sqlite3_stmt	*s;
	int		 rc = -1;

	if (store_prepare(st, "SELECT EXISTS (SELECT 1 FROM search_pending)",
	    &s, err) == -1)
		return -1;
	if (sqlite3_step(s) == SQLITE_ROW) {
		*any = sqlite3_column_int(s, 0);
		rc = 0;
	} else
		store_fail(st, err, "search index");
	sqlite3_finalize(s);
	return rc;
}

int
store_search_sync(struct store *st, struct dl_err *err)
{
	int	 any;

	if (st->version < 4)
		return 0;
	if (store_search_pending(st, &any, err) == -1)
		return -1;
	if (!any)
		return 0;
	if (store_begin(st, err) == -1)
		return -1;
	/* Another connection may have synced while we waited: then the
	 * join finds nothing. */
	if (store_fts_index(st, "SELECT p.item_id, i.title, i.author,"
	    " i.summary, i.content, p.reindex FROM search_pending p"
	    " JOIN items i ON i.id = p.item_id", err) == -1 ||
	    store_exec(st, "DELETE FROM search_pending", err) == -1) {
		dl_err_prefix(err, "updating the search index: ");
		store_rollback(st);
		return -1;
	}
	return store_commit(st, err);
}

int
store_search_sync_some(struct store *st, size_t max, int *more,
    struct dl_err *err)
{
	sqlite3_stmt	*s;
	char		*sql = NULL;
	long long	 last = INT64_MAX;
	int		 rc;

	*more = 0;
	if (st->version < 4 || max == 0)
		return 0;
	if (store_begin(st, err) == -1)
		return -1;
	/* The batch: pending ids up to the max-th lowest (all if fewer). */
	if (store_prepare(st, "SELECT item_id FROM search_pending"
	    " ORDER BY item_id LIMIT 1 OFFSET ?1", &s, err) == -1)
		goto fail;
	sqlite3_bind_int64(s, 1, (sqlite3_int64)max - 1);
	if ((rc = sqlite3_step(s)) == SQLITE_ROW)
		last = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		store_fail(st, err, "search index");
		goto fail;
	}
	sql = dl_printf("SELECT p.item_id, i.title, i.author, i.summary,"
	    " i.content, p.reindex FROM search_pending p JOIN items i"
	    " ON i.id = p.item_id WHERE p.item_id <= %lld", last);
	if (store_fts_index(st, sql, err) == -1)
		goto fail;
	free(sql);
	sql = dl_printf("DELETE FROM search_pending WHERE item_id <= %lld",
	    last);
	if (store_exec(st, sql, err) == -1 ||
	    store_search_pending(st, more, err) == -1)
		goto fail;
	free(sql);
	return store_commit(st, err);
fail:
	dl_err_prefix(err, "updating the search index: ");
	store_rollback(st);
	free(sql);
	*more = 0;
	return -1;
}

/* Index the item at the next store_search_sync; before schema 4 (only
 * tests open a cache at an older version), now. */
static int
store_search_later(struct store *st, int64_t id, const struct store_row *r,
    int replace, struct dl_err *err)
{
	struct store_fts_doc	 d = { id, r->title, r->author, r->summary,
	    r->content };
	sqlite3_stmt		*s;

	if (st->version < 4)
		return store_fts_write(st, &d, replace, err);
	if ((s = store_stmt(st, STORE_PENDING_INS, err)) == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, id);
	sqlite3_bind_int(s, 2, replace);
	return store_step_done(st, s, "search index", err);
}

static int
store_enc_write(struct store_batch *b, int64_t id, const struct store_row *r,
    struct dl_err *err)
{
	sqlite3_stmt	*s;
	size_t		 i;

	if (b->st->version < 2)
		return 0;
	if ((s = store_stmt(b->st, STORE_ENC_DEL, err)) == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, id);
	if (store_step_done(b->st, s, "enclosures", err) == -1)
		return -1;
	for (i = 0; i < r->nenc; i++) {
		if ((s = store_stmt(b->st, STORE_ENC_INS, err)) == NULL)
			return -1;
		sqlite3_bind_int64(s, 1, id);
		store_bind_text(s, 2, r->enc[i].url);
		store_bind_text(s, 3, r->enc[i].type);
		if (r->enc[i].length >= 0)
			sqlite3_bind_int64(s, 4, r->enc[i].length);
		if (store_step_done(b->st, s, "enclosures", err) == -1)
			return -1;
	}
	return 0;
}

static void
store_bind_row(sqlite3_stmt *s, int64_t feed_id, const struct store_row *r,
    int64_t now)
{
	int64_t	 sort;

	sort = r->published != DATE_NONE ? r->published :
	    r->updated != DATE_NONE ? r->updated : now;
	sqlite3_bind_int64(s, 1, feed_id);
	store_bind_text(s, 2, r->key);
	store_bind_text(s, 3, r->guid);
	store_bind_text(s, 4, r->link);
	store_bind_text(s, 5, r->title);
	store_bind_text(s, 6, r->author);
	store_bind_date(s, 7, r->published);
	store_bind_date(s, 8, r->updated);
	sqlite3_bind_int64(s, 9, sort);
	store_bind_text(s, 10, r->summary);
	store_bind_text(s, 11, r->content);
	store_bind_text(s, 12, r->categories);
	if (sqlite3_bind_parameter_count(s) >= 13)
		sqlite3_bind_int64(s, 13, now);
}

/* Insert a new item or update a known one in place; *id gets its id, or
 * 0 when nothing changed. Returns 1 when added, 0 otherwise, -1. */
static int
store_upsert_row(struct store_batch *b, const struct store_row *r,
    int64_t now, int64_t *id, struct dl_err *err)
{
	struct store	*st = b->st;
	sqlite3_stmt	*s;
	int		 rc;

	*id = 0;
	if ((s = store_stmt(st, STORE_INSERT, err)) == NULL)
		return -1;
	store_bind_row(s, b->feed_id, r, now);
	if (store_step_done(st, s, "adding an item", err) == -1)
		return -1;
	if (sqlite3_changes(st->db) == 1) {
		*id = sqlite3_last_insert_rowid(st->db);
		return 1;
	}
	if ((s = store_stmt(st, STORE_UPDATE, err)) == NULL)
		return -1;
	store_bind_row(s, b->feed_id, r, now);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		*id = sqlite3_column_int64(s, 0);
	else if (rc != SQLITE_DONE)
		return store_fail(st, err, "updating an item");
	sqlite3_reset(s);
	return 0;
}

static int
store_merge_row(struct store_batch *b, const struct store_row *r,
    int64_t now, struct store_counts *c, struct dl_err *err)
{
	int64_t	 id;
	int	 added;

	if ((added = store_upsert_row(b, r, now, &id, err)) == -1)
		return -1;
	if (id == 0) {
		c->unchanged++;
		return 0;
	}
	if (added)
		c->added++;
	else
		c->updated++;
	if (store_search_later(b->st, id, r, !added, err) == -1)
		return -1;
	return store_enc_write(b, id, r, err);
}

/* Write the staged items into items. The last item of a document is
 * merged first, so that undated items list in document order. */
static int
store_merge(struct store_batch *b, struct store_counts *c,
    struct dl_err *err)
{
	int64_t	 now = dl_now();
	size_t	 i;

	for (i = b->nrows; i-- > 0;) {
		if (b->rows[i].dropped)
			continue;
		if (store_merge_row(b, &b->rows[i], now, c, err) == -1)
			return -1;
	}
	return 0;
}

/* The ids retention removes, in *ids (allocated); returns how many, or
 * -1. Only runs the ordered scan when the feed is over its maximum. */
static int
store_retain_ids(struct store_batch *b, int64_t **ids, size_t *n,
    struct dl_err *err)
{
	sqlite3_stmt	*s;
	int64_t		 total, excess;
	int		 rc = SQLITE_DONE;

	*ids = NULL;
	*n = 0;
	if ((s = store_stmt(b->st, b->st->version >= 5 ? STORE_FEED_TOTAL :
	    STORE_FEED_COUNT, err)) == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, b->feed_id);
	if (sqlite3_step(s) != SQLITE_ROW)
		return store_fail(b->st, err, "retention");
	total = sqlite3_column_int64(s, 0);
	sqlite3_reset(s);
	excess = total - (int64_t)b->st->max_items;
	if (excess <= 0)
		return 0;
	if ((s = store_stmt(b->st, STORE_RETAIN_LIST, err)) == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, b->feed_id);
	*ids = dl_reallocarray(NULL, (size_t)excess, sizeof **ids);
	while ((int64_t)*n < excess && (rc = sqlite3_step(s)) == SQLITE_ROW) {
		/* What the feed still carries would only come back. */
		if (!store_batch_has(b, (const char *)sqlite3_column_text(s,
		    1)))
			(*ids)[(*n)++] = sqlite3_column_int64(s, 0);
	}
	if ((int64_t)*n < excess && rc != SQLITE_DONE)
		return store_fail(b->st, err, "retention");
	sqlite3_reset(s);
	return 0;
}

/* Retention, inside the batch's transaction (see store.h). */
static int
store_retain(struct store_batch *b, struct store_counts *c,
    struct dl_err *err)
{
	sqlite3_stmt	*s;
	int64_t		*ids;
	size_t		 i, n;
	int		 rc = -1;

	if (b->st->max_items == 0)
		return 0;
	if (store_retain_ids(b, &ids, &n, err) == -1)
		goto out;
	for (i = 0; i < n; i++) {
		if ((s = store_stmt(b->st, STORE_ITEM_DEL, err)) == NULL)
			goto out;
		sqlite3_bind_int64(s, 1, ids[i]);
		if (store_step_done(b->st, s, "retention", err) == -1)
			goto out;
	}
	c->removed = n;
	rc = 0;
out:
	free(ids);
	return rc;
}

int
store_batch_commit(struct store_batch *b, struct store_counts *counts,
    struct dl_err *err)
{
	struct store_counts	 c = { 0 };
	int			 rc = -1;

	if (store_begin(b->st, err) == -1)
		goto out;
	if (store_merge(b, &c, err) == -1 || store_retain(b, &c, err) == -1) {
		store_rollback(b->st);
		goto out;
	}
	if (store_commit(b->st, err) == -1)
		goto out;
	if (counts != NULL)
		*counts = c;
	rc = 0;
out:
	store_batch_free(b);
	return rc;
}

void
store_batch_abort(struct store_batch *b)
{
	if (b == NULL)
		return;
	store_batch_free(b);
}

/* --- Reading items ------------------------------------------------------- */

#define STORE_ITEM_COLS \
	"i.id, i.feed_id, f.url, f.title, i.guid, i.link, i.title, " \
	"i.author, i.published, i.updated, i.first_seen, i.sort_date, " \
	"i.read, i.saved"
#define STORE_ITEM_FULL_COLS STORE_ITEM_COLS ", i.summary, i.content, " \
	"i.categories"

/* Most words of a search; each costs a subquery. */
#define STORE_SEARCH_WORDS	8
#define STORE_MAX_PARAMS	(6 + 3 * STORE_SEARCH_WORDS)

void
store_article_clear(struct store_article *a)
{
	if (a == NULL)
		return;
	free(a->url);
	free(a->title);
	free(a->byline);
	free(a->text);
	free(a->html);
	free(a->error);
	free(a->etag);
	free(a->last_modified);
	memset(a, 0, sizeof *a);
}

void
store_item_clear(struct store_item *it)
{
	if (it == NULL)
		return;
	free(it->feed_url);
	free(it->feed_title);
	free(it->guid);
	free(it->link);
	free(it->title);
	free(it->author);
	free(it->summary);
	free(it->content);
	free(it->categories);
	store_article_clear(it->article);
	free(it->article);
	memset(it, 0, sizeof *it);
}

static void
store_item_read(sqlite3_stmt *s, struct store_item *it, int full)
{
	memset(it, 0, sizeof *it);
	it->id = sqlite3_column_int64(s, 0);
	it->feed_id = sqlite3_column_int64(s, 1);
	it->feed_url = store_col_text(s, 2);
	it->feed_title = store_col_text(s, 3);
	it->guid = store_col_text(s, 4);
	it->link = store_col_text(s, 5);
	it->title = store_col_text(s, 6);
	it->author = store_col_text(s, 7);
	it->published = store_col_date(s, 8);
	it->updated = store_col_date(s, 9);
	it->first_seen = sqlite3_column_int64(s, 10);
	it->sort_date = sqlite3_column_int64(s, 11);
	it->read = sqlite3_column_int(s, 12);
	it->saved = sqlite3_column_int(s, 13);
	if (!full)
		return;
	it->summary = store_col_text(s, 14);
	it->content = store_col_text(s, 15);
	it->categories = store_col_text(s, 16);
}

/* A query under construction: its text and its parameters in order. */
struct store_sql {
	struct dl_buf	 text;
	int		 n;
	struct {
		char	*s;	/* NULL: an integer */
		int64_t	 i;
	} p[STORE_MAX_PARAMS];
};

static void
store_sql_int(struct store_sql *q, const char *text, int64_t v)
{
	dl_buf_adds(&q->text, text);
	q->p[q->n].s = NULL;
	q->p[q->n++].i = v;
}

/* Takes ownership of v. */
static void
store_sql_str(struct store_sql *q, const char *text, char *v)
{
	dl_buf_adds(&q->text, text);
	q->p[q->n].s = v;
	q->p[q->n++].i = 0;
}

static size_t
store_utf8_chars(const char *s, size_t len)
{
	size_t	 i, n = 0;

	for (i = 0; i < len; i++)
		if (((unsigned char)s[i] & 0xc0) != 0x80)
			n++;
	return n;
}

/* LIKE pattern matching w anywhere, with \ escaping % and _. */
static char *
store_like_pattern(const char *w, size_t len)
{
	struct dl_buf	 b;
	size_t		 i;

	dl_buf_init(&b, DL_BUF_CAP_DEFAULT);
	dl_buf_addc(&b, '%');
	for (i = 0; i < len; i++) {
		if (w[i] == '%' || w[i] == '_' || w[i] == '\\')
			dl_buf_addc(&b, '\\');
		dl_buf_addc(&b, w[i]);
	}
	dl_buf_addc(&b, '%');
	return dl_buf_take(&b);
}

/* The code point a token starts with. */
static uint32_t
store_token_first(const char *t, size_t len)
{
	size_t	 i = 0;
	int32_t	 c;

	c = store_utf8_next((const unsigned char *)t, len, &i);
	return c < 0 ? 0 : (uint32_t)c;
}

/* A lone CJK character anywhere in title, author or text. */
static void
store_sql_like(struct store_sql *q, const char *c, size_t len)
{
	store_sql_str(q, " AND i.id IN (SELECT rowid FROM items_fts"
	    " WHERE title LIKE ? ESCAPE '\\'", store_like_pattern(c, len));
	store_sql_str(q, " OR author LIKE ? ESCAPE '\\'",
	    store_like_pattern(c, len));
	store_sql_str(q, " OR body LIKE ? ESCAPE '\\')",
	    store_like_pattern(c, len));
}

/* One search word, through the tokenizer of the index. A lone CJK
 * character is no token of a longer run, so it scans with LIKE; any
 * other word is a phrase of its tokens in the MATCH expression m, the
 * last word with prefix matching when it ends in a Latin word. A word
 * with no letter or digit ("%", a lone quote) matches nothing. */
static void
store_sql_word(struct store_sql *q, struct dl_buf *m, const char *w,
    size_t len, int last)
{
	struct dl_buf	 t;
	const char	*tok, *sp;
	size_t		 n;

	dl_buf_init(&t, DL_BUF_CAP_DEFAULT);
	store_tokens(&t, w, len);
	tok = dl_buf_str(&t);
	if ((n = t.len) > 0)
		n--;		/* the space after the last token */
	if (n == 0)
		dl_buf_adds(&q->text, " AND 0");
	else if (memchr(tok, ' ', n) == NULL &&
	    store_utf8_chars(tok, n) == 1 &&
	    store_cp_cjk(store_token_first(tok, n))) {
		store_sql_like(q, tok, n);
	} else {
		if (m->len > 0)
			dl_buf_adds(m, " AND ");
		/* Tokens hold no quote: they are letters and digits. */
		dl_buf_addc(m, '"');
		dl_buf_add(m, tok, n);
		dl_buf_addc(m, '"');
		for (sp = tok + n; sp > tok && sp[-1] != ' '; sp--)
			continue;
		if (last && !store_cp_cjk(store_token_first(sp,
		    (size_t)(tok + n - sp))))
			dl_buf_adds(m, " *");
	}
	dl_buf_clear(&t);
}

static void
store_sql_search(struct store_sql *q, const char *search)
{
	const char	*p = search, *w[STORE_SEARCH_WORDS];
	size_t		 len[STORE_SEARCH_WORDS], n = 0, i;
	struct dl_buf	 m;

	while (*p != '\0' && n < STORE_SEARCH_WORDS) {
		while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
			p++;
		w[n] = p;
		while (*p != '\0' && *p != ' ' && *p != '\t' && *p != '\n' &&
		    *p != '\r')
			p++;
		if ((len[n] = (size_t)(p - w[n])) > 0)
			n++;
	}
	dl_buf_init(&m, DL_BUF_CAP_DEFAULT);
	for (i = 0; i < n; i++)
		store_sql_word(q, &m, w[i], len[i], i + 1 == n);
	if (m.len > 0)
		store_sql_str(q, " AND i.id IN (SELECT rowid FROM items_fts"
		    " WHERE items_fts MATCH ?)", dl_buf_take(&m));
	else
		dl_buf_clear(&m);
}

/* The filters, order and window of a query, after its FROM. */
static void
store_sql_where(struct store_sql *q, const struct store_query *f)
{
	dl_buf_adds(&q->text, " WHERE 1");
	if (f->feed_url != NULL)
		store_sql_str(q, " AND f.url = ?", dl_strdup(f->feed_url));
	if (f->unread_only)
		dl_buf_adds(&q->text, " AND i.read = 0");
	if (f->saved_only)
		dl_buf_adds(&q->text, " AND i.saved = 1");
	if (f->before_id > 0) {
		store_sql_int(q, " AND (i.sort_date < ?", f->before_date);
		store_sql_int(q, " OR (i.sort_date = ?", f->before_date);
		store_sql_int(q, " AND i.id < ?))", f->before_id);
	}
	if (f->search != NULL)
		store_sql_search(q, f->search);
	store_sql_int(q, " ORDER BY i.sort_date DESC, i.id DESC LIMIT ?",
	    f->limit > 0 ? (int64_t)f->limit : -1);
	store_sql_int(q, " OFFSET ?", (int64_t)f->offset);
}

/* A search sorts every match: the inner query sorts only their (sort
 * date, id), which sit early in the row, and the outer one reads the
 * whole rows (first_seen, read and saved come after the text, past its
 * overflow pages) for the window alone: a 256-row window of 3,000
 * matches in 300,000 items took 15-19 ms, now 6-10. Other lists walk
 * items_by_date as they are. */
static void
store_sql_build(struct store_sql *q, const struct store_query *f)
{
	dl_buf_init(&q->text, DL_BUF_CAP_DEFAULT);
	q->n = 0;
	if (f->search == NULL) {
		dl_buf_adds(&q->text, "SELECT " STORE_ITEM_COLS " FROM items i"
		    " JOIN feeds f ON f.id = i.feed_id");
		store_sql_where(q, f);
		return;
	}
	dl_buf_adds(&q->text, "SELECT " STORE_ITEM_COLS " FROM (SELECT"
	    " i.id AS id, i.sort_date AS d FROM items i");
	if (f->feed_url != NULL)
		dl_buf_adds(&q->text, " JOIN feeds f ON f.id = i.feed_id");
	store_sql_where(q, f);
	dl_buf_adds(&q->text, ") k JOIN items i ON i.id = k.id"
	    " JOIN feeds f ON f.id = i.feed_id ORDER BY k.d DESC, k.id DESC");
}

static int
store_sql_prepare(struct store *st, struct store_sql *q, sqlite3_stmt **s,
    struct dl_err *err)
{
	int	 i;

	if (store_prepare(st, dl_buf_str(&q->text), s, err) == -1)
		return -1;
	for (i = 0; i < q->n; i++) {
		if (q->p[i].s != NULL)
			sqlite3_bind_text(*s, i + 1, q->p[i].s, -1,
			    SQLITE_STATIC);
		else
			sqlite3_bind_int64(*s, i + 1, q->p[i].i);
	}
	return 0;
}

static void
store_sql_clear(struct store_sql *q)
{
	int	 i;

	for (i = 0; i < q->n; i++)
		free(q->p[i].s);
	dl_buf_clear(&q->text);
}

int
store_items_list(struct store *st, const struct store_query *f,
    struct store_item **out, size_t *n, struct dl_err *err)
{
	struct store_sql	 q;
	sqlite3_stmt		*s = NULL;
	size_t			 alloc = 0;
	int			 rc = -1;

	*out = NULL;
	*n = 0;
	if (f->search != NULL && store_search_sync(st, err) == -1)
		return -1;
	store_sql_build(&q, f);
	if (store_sql_prepare(st, &q, &s, err) == -1)
		goto out;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (*n == alloc) {
			alloc = alloc == 0 ? 32 : alloc * 2;
			*out = dl_reallocarray(*out, alloc, sizeof **out);
		}
		store_item_read(s, &(*out)[(*n)++], 0);
	}
	if (rc == SQLITE_DONE)
		rc = 0;
	else {
		rc = store_fail(st, err, "listing items");
		store_items_free(*out, *n);
		*out = NULL;
		*n = 0;
	}
out:
	sqlite3_finalize(s);
	store_sql_clear(&q);
	return rc;
}

void
store_items_free(struct store_item *v, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		store_item_clear(&v[i]);
	free(v);
}

int
store_item_get(struct store *st, int64_t id, struct store_item *it,
    struct dl_err *err)
{
	struct store_article	 a;
	sqlite3_stmt		*s;
	int			 rc;

	memset(it, 0, sizeof *it);
	if (store_prepare(st, "SELECT " STORE_ITEM_FULL_COLS " FROM items i"
	    " JOIN feeds f ON f.id = i.feed_id WHERE i.id = ?1", &s,
	    err) == -1)
		return -1;
	sqlite3_bind_int64(s, 1, id);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		store_item_read(s, it, 1);
	else if (rc == SQLITE_DONE)
		dl_err_set(err, "no item %" PRId64, id);
	else
		store_fail(st, err, "reading an item");
	sqlite3_finalize(s);
	if (rc != SQLITE_ROW)
		return -1;
	if ((rc = store_article_get(st, id, &a, err)) == -1) {
		store_item_clear(it);
		return -1;
	}
	if (rc == 0) {
		it->article = dl_malloc(sizeof *it->article);
		*it->article = a;
	}
	return 0;
}

/* --- Marking ------------------------------------------------------------- */

static const char *const store_mark_sql[] = {
	[STORE_MARK_READ] = "UPDATE items SET read = 1 WHERE id = ?1",
	[STORE_MARK_UNREAD] = "UPDATE items SET read = 0 WHERE id = ?1",
	[STORE_MARK_SAVE] = "UPDATE items SET saved = 1 WHERE id = ?1",
	[STORE_MARK_UNSAVE] = "UPDATE items SET saved = 0 WHERE id = ?1",
};

static int
store_mark_each(struct store *st, sqlite3_stmt *s, const int64_t *ids,
    size_t n, struct dl_err *err)
{
	size_t	 i;

	for (i = 0; i < n; i++) {
		sqlite3_reset(s);
		sqlite3_bind_int64(s, 1, ids[i]);
		if (store_step_done(st, s, "marking", err) == -1)
			return -1;
		/* Counts matched rows, even when the value was already set. */
		if (sqlite3_changes(st->db) == 0) {
			dl_err_set(err, "no item %" PRId64, ids[i]);
			return -1;
		}
	}
	return 0;
}

int
store_mark(struct store *st, const int64_t *ids, size_t n,
    enum store_mark how, struct dl_err *err)
{
	sqlite3_stmt	*s = NULL;
	int		 rc = -1;

	if ((unsigned)how > STORE_MARK_UNSAVE) {
		dl_err_set(err, "mark: unknown change %d", (int)how);
		return -1;
	}
	if (store_begin(st, err) == -1)
		return -1;
	if (store_prepare(st, store_mark_sql[how], &s, err) == -1)
		goto out;
	if (store_mark_each(st, s, ids, n, err) == -1)
		goto out;
	sqlite3_finalize(s);
	s = NULL;
	rc = store_commit(st, err);
out:
	sqlite3_finalize(s);
	if (rc == -1)
		store_rollback(st);
	return rc;
}

int
store_mark_feed_read(struct store *st, int64_t feed_id, size_t *changed,
    struct dl_err *err)
{
	sqlite3_stmt	*s;
	int		 rc;

	if (store_prepare(st, "UPDATE items SET read = 1"
	    " WHERE feed_id = ?1 AND read = 0", &s, err) == -1)
		return -1;
	sqlite3_bind_int64(s, 1, feed_id);
	rc = store_step_done(st, s, "marking a feed read", err);
	if (rc == 0 && changed != NULL)
		*changed = (size_t)sqlite3_changes(st->db);
	sqlite3_finalize(s);
	return rc;
}

/* --- Articles ------------------------------------------------------------ */

int
store_article_put(struct store *st, int64_t item_id,
    const struct store_article *a, struct dl_err *err)
{
	sqlite3_stmt	*s;
	int		 rc;

	if (store_prepare(st, "INSERT OR REPLACE INTO articles (item_id, url,"
	    " title, byline, text, html, fetched_at, status, error, etag,"
	    " last_modified) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10,"
	    " ?11)", &s, err) == -1)
		return -1;
	sqlite3_bind_int64(s, 1, item_id);
	store_bind_text(s, 2, a->url);
	store_bind_text(s, 3, a->title);
	store_bind_text(s, 4, a->byline);
	store_bind_text(s, 5, a->text);
	store_bind_text(s, 6, a->html);
	sqlite3_bind_int64(s, 7, a->fetched_at != DATE_NONE ? a->fetched_at :
	    (int64_t)dl_now());
	sqlite3_bind_int(s, 8, a->status);
	store_bind_text(s, 9, a->error);
	store_bind_text(s, 10, a->etag);
	store_bind_text(s, 11, a->last_modified);
	rc = sqlite3_step(s);
	if (rc == SQLITE_DONE)
		rc = 0;
	else if ((sqlite3_extended_errcode(st->db) & 0xff) ==
	    SQLITE_CONSTRAINT) {
		dl_err_set(err, "no item %" PRId64, item_id);
		rc = -1;
	} else
		rc = store_fail(st, err, "storing an article");
	sqlite3_finalize(s);
	return rc;
}

int
store_article_get(struct store *st, int64_t item_id, struct store_article *a,
    struct dl_err *err)
{
	sqlite3_stmt	*s;
	int		 rc;

	memset(a, 0, sizeof *a);
	if (store_prepare(st, "SELECT url, title, byline, text, html,"
	    " fetched_at, status, error, etag, last_modified FROM articles"
	    " WHERE item_id = ?1",
	    &s, err) == -1)
		return -1;
	sqlite3_bind_int64(s, 1, item_id);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		a->url = store_col_text(s, 0);
		a->title = store_col_text(s, 1);
		a->byline = store_col_text(s, 2);
		a->text = store_col_text(s, 3);
		a->html = store_col_text(s, 4);
		a->fetched_at = store_col_date(s, 5);
		a->status = sqlite3_column_int(s, 6);
		a->error = store_col_text(s, 7);
		a->etag = store_col_text(s, 8);
		a->last_modified = store_col_text(s, 9);
		rc = 0;
	} else if (rc == SQLITE_DONE)
		rc = 1;
	else
		rc = store_fail(st, err, "reading an article");
	sqlite3_finalize(s);
	return rc;
}
