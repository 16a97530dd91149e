/* store.c: the local cache of DESIGN.md "The cache": opening it, the
 * SQLite schema and its migrations, the statement and transaction helpers
 * the other store_*.c files share, the integrity check and the refresh
 * lock. */
#include "config.h"

#include <sys/file.h>
#include <sys/stat.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "date.h"
#include "dl.h"
#include "group.h"
#include "store_int.h"

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
	("ALTER TABLE articles ADD COLUMN etag TEXT;"
	"ALTER TABLE articles ADD COLUMN last_modified TEXT;"),
	/* 7: a feed's counts grow once per batch (store_count_added), not
	 * in a trigger per inserted item: the trigger was a third of the
	 * writer's time in a cold refresh. Deletes and marks keep theirs. */
	"DROP TRIGGER items_count_insert;",
	/* 8: the index holds the whole text and the fetched article; it
	 * held the first 2 KB. Items that may have lost text (more than
	 * 2000 bytes of HTML, which is never shorter than its text) or
	 * that have an article are indexed again at the next sync. */
	"INSERT OR IGNORE INTO search_pending (item_id, reindex)"
	" SELECT id, 1 FROM items WHERE"
	" length(CAST(coalesce(summary, '') AS BLOB)) +"
	" length(CAST(coalesce(content, '') AS BLOB)) > 2000"
	" OR id IN (SELECT item_id FROM articles WHERE text IS NOT NULL);",
	/* 9: the urls file line a feed was last queued with, so that an
	 * edited line (store_feed_forget_backoff) ends its back-off. */
	"ALTER TABLE feeds ADD COLUMN sub_line TEXT;",
	/* 10, STORE_SYNC_SCHEMA (sync, issue 15): a feed server's feeds and
	 * stories (their ids there, and the read/saved state the server
	 * had at the last sync), the marks made here and not pushed yet
	 * (written in the transaction of the mark), and the sync's own
	 * state (since_id). Self-contained: it may move to another
	 * number. */
	"CREATE TABLE sync_feeds ("
	" feed_id INTEGER PRIMARY KEY REFERENCES feeds (id),"
	" server_id INTEGER NOT NULL, category TEXT);"
	"CREATE TABLE sync_items ("
	" item_id INTEGER PRIMARY KEY,"
	" server_id INTEGER NOT NULL UNIQUE,"
	" srv_read INTEGER NOT NULL, srv_saved INTEGER NOT NULL);"
	"CREATE TABLE sync_marks ("
	" seq INTEGER PRIMARY KEY AUTOINCREMENT,"
	" item_id INTEGER NOT NULL, field INTEGER NOT NULL,"
	" value INTEGER NOT NULL, at INTEGER NOT NULL);"
	"CREATE TABLE sync_state (name TEXT PRIMARY KEY, value INTEGER);"
	"CREATE TRIGGER sync_items_delete AFTER DELETE ON items BEGIN"
	" DELETE FROM sync_items WHERE item_id = old.id;"
	" DELETE FROM sync_marks WHERE item_id = old.id; END;",
	/* 11, STORE_PAGE_SCHEMA: an untagged line
	 * that turned out to be a page, as a refresh decided it, so that
	 * later refreshes go straight to it: the feed the page advertises
	 * (page_feed), or a hub (page_hub). */
	("ALTER TABLE feeds ADD COLUMN page_feed TEXT;"
	"ALTER TABLE feeds ADD COLUMN page_hub INTEGER NOT NULL DEFAULT 0;"),
	/* 12, STORE_SAME_SCHEMA (issue 17): copies of one story. same_as
	 * is the id of the first item of the item's group (its own for
	 * the first), NULL when it stands alone; the index holds grouped
	 * items only. item_sig holds each story's MinHash signature (the
	 * reader never reads it), item_band its LSH band keys (the band's
	 * number is mixed into the key, so one index serves every band).
	 * The store removes an item's band keys before deleting it; the
	 * trigger mends the group (a new first item, or no group when one
	 * is left). group_pending: items added or changed since they were
	 * grouped (store_same_sync); the migration queues every item. */
	"ALTER TABLE items ADD COLUMN same_as INTEGER;"
	"CREATE INDEX items_same ON items (same_as) WHERE same_as IS NOT NULL;"
	"CREATE TABLE item_sig (item_id INTEGER PRIMARY KEY, sig BLOB NOT NULL);"
	"CREATE TABLE item_band (key INTEGER NOT NULL, item_id INTEGER NOT NULL,"
	" PRIMARY KEY (key, item_id)) WITHOUT ROWID;"
	"CREATE TRIGGER items_same_delete AFTER DELETE ON items"
	" WHEN old.same_as IS NOT NULL BEGIN"
	" UPDATE items SET same_as = NULL WHERE same_as = old.id"
	"  AND (SELECT count(*) FROM items j WHERE j.same_as = old.id) = 1;"
	" UPDATE items SET same_as = (SELECT min(j.id) FROM items j"
	"  WHERE j.same_as = old.id) WHERE same_as = old.id;"
	" UPDATE items SET same_as = NULL WHERE id = old.same_as"
	"  AND old.same_as != old.id AND NOT EXISTS (SELECT 1 FROM items j"
	"  WHERE j.same_as = old.same_as AND j.id != old.same_as); END;"
	"CREATE TRIGGER items_sig_delete AFTER DELETE ON items BEGIN"
	" DELETE FROM item_sig WHERE item_id = old.id;"
	" DELETE FROM group_pending WHERE item_id = old.id; END;"
	"CREATE TABLE group_pending (item_id INTEGER PRIMARY KEY);"
	"INSERT INTO group_pending SELECT id FROM items;",
	/* 13: each feed's copies of one story, so that its unread count
	 * counts a group once (store_feeds_list) from this index alone. */
	("CREATE INDEX items_feed_same ON items (feed_id, same_as, read)"
	" WHERE same_as IS NOT NULL;"),
};

#define STORE_NMIGRATIONS \
	((int)(sizeof store_migrations / sizeof store_migrations[0]))
_Static_assert(sizeof store_migrations / sizeof store_migrations[0] ==
    STORE_SCHEMA_VERSION, "one migration step per schema version");

/* A feed's back-off ends when forced (?3) or when its subscription
 * line changed. */
#define STORE_FORGET	" WHEN ?3 OR (sub_line IS NOT NULL AND" \
	" ?2 IS NOT NULL AND sub_line IS NOT ?2) THEN"

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
	/* New items are unread. */
	"UPDATE feeds SET total = total + ?2, unread = unread + ?2"
	" WHERE id = ?1",
	/* Grouping (store_same.c): ?1 an item, ?2 a group's first item. */
	"SELECT same_as FROM items WHERE id = ?1",
	"UPDATE items SET same_as = NULL WHERE id = ?1",
	"SELECT min(id) FROM items WHERE same_as = ?1 AND id != ?1",
	"UPDATE items SET same_as = ?2 WHERE same_as = ?1 AND ?1 != ?2",
	"UPDATE items SET same_as = NULL WHERE id = ?1 AND same_as = ?1"
	" AND NOT EXISTS (SELECT 1 FROM items j WHERE j.same_as = ?1"
	" AND j.id != ?1)",
	"UPDATE items SET same_as = ?2 WHERE id = ?1 AND same_as IS NOT ?2",
	"SELECT s.sig, i.same_as FROM item_sig s JOIN items i"
	" ON i.id = s.item_id WHERE s.item_id = ?1",
	"INSERT OR REPLACE INTO item_sig (item_id, sig) VALUES (?1, ?2)",
	"DELETE FROM item_sig WHERE item_id = ?1",
	"SELECT item_id FROM item_band WHERE key = ?1 LIMIT "
	    STORE_SAME_BAND_ROWS,
	"INSERT OR IGNORE INTO item_band (key, item_id) VALUES (?1, ?2)",
	"DELETE FROM item_band WHERE key = ?1 AND item_id = ?2",
	"INSERT OR IGNORE INTO group_pending (item_id) VALUES (?1)",
	"SELECT EXISTS (SELECT 1 FROM group_pending)",
	/* A subscription line, at every refresh (store_feeds.c). */
	"SELECT page_feed, page_hub FROM feeds WHERE id = ?1",
	"UPDATE feeds SET page_feed = NULL, page_hub = 0 WHERE url = ?1"
	" AND sub_line IS NOT NULL AND sub_line IS NOT ?2",
	/* Every SET expression reads the row as it was. */
	"UPDATE feeds SET"
	" fail_count = CASE" STORE_FORGET " 0 ELSE fail_count END,"
	" next_fetch = CASE" STORE_FORGET " NULL ELSE next_fetch END,"
	" dead = CASE" STORE_FORGET " 0 ELSE dead END,"
	" sub_line = coalesce(?2, sub_line) WHERE url = ?1",
};

/* --- SQLite helpers ------------------------------------------------------ */

int
store_readonly_fail(struct store *st, struct dl_err *err)
{
	dl_err_set(err, "%s: the cache is read-only: %s", st->path,
	    st->ro_why != NULL ? st->ro_why : "SQLite refused to write");
	return -1;
}

/* The error of the last call on st->db, after what ("prepare"; NULL:
 * none) and with msg, else SQLite's message. A damaged file is said so,
 * and st writes nothing more (store_begin). */
static int
store_fail_msg(struct store *st, struct dl_err *err, const char *what,
    const char *msg)
{
	int	 code = sqlite3_errcode(st->db) & 0xff;

	if (code == SQLITE_READONLY)
		return store_readonly_fail(st, err);
	if (msg == NULL)
		msg = sqlite3_errmsg(st->db);
	if (code == SQLITE_CORRUPT || code == SQLITE_NOTADB)
		st->damaged = 1;
	dl_err_set(err, "%s%s: %s%s%s", st->damaged ? "cache damaged: " : "",
	    st->path, what != NULL ? what : "", what != NULL ? ": " : "", msg);
	return -1;
}

int
store_fail(struct store *st, struct dl_err *err, const char *what)
{
	return store_fail_msg(st, err, what, NULL);
}

int
store_exec(struct store *st, const char *sql, struct dl_err *err)
{
	char	*msg = NULL;

	if (sqlite3_exec(st->db, sql, NULL, NULL, &msg) == SQLITE_OK)
		return 0;
	store_fail_msg(st, err, NULL, msg);
	sqlite3_free(msg);
	return -1;
}

int
store_prepare(struct store *st, const char *sql, sqlite3_stmt **stmt,
    struct dl_err *err)
{
	if (sqlite3_prepare_v2(st->db, sql, -1, stmt, NULL) == SQLITE_OK)
		return 0;
	*stmt = NULL;
	return store_fail(st, err, "prepare");
}

/* A cached statement, reset and with its bindings cleared. */
sqlite3_stmt *
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
int
store_step_done(struct store *st, sqlite3_stmt *s, const char *what,
    struct dl_err *err)
{
	int	 rc;

	rc = sqlite3_step(s);
	if (rc == SQLITE_DONE || rc == SQLITE_ROW)
		return 0;
	return store_fail(st, err, what);
}

void
store_bind_text(sqlite3_stmt *s, int i, const char *v)
{
	if (v == NULL)
		sqlite3_bind_null(s, i);
	else
		sqlite3_bind_text(s, i, v, -1, SQLITE_STATIC);
}

void
store_bind_date(sqlite3_stmt *s, int i, int64_t t)
{
	if (t == DATE_NONE)
		sqlite3_bind_null(s, i);
	else
		sqlite3_bind_int64(s, i, t);
}

char *
store_col_text(sqlite3_stmt *s, int i)
{
	const unsigned char	*v;

	if ((v = sqlite3_column_text(s, i)) == NULL)
		return NULL;
	return dl_strdup((const char *)v);
}

int64_t
store_col_date(sqlite3_stmt *s, int i)
{
	if (sqlite3_column_type(s, i) == SQLITE_NULL)
		return DATE_NONE;
	return sqlite3_column_int64(s, i);
}

int
store_begin(struct store *st, struct dl_err *err)
{
	if (st->ro_why != NULL)
		return store_readonly_fail(st, err);
	if (st->damaged) {
		dl_err_set(err, "cache damaged: %s: SQLite found it damaged; "
		    "nothing more is written to it", st->path);
		return -1;
	}
	/* IMMEDIATE: take the write lock now, so a busy database waits
	 * here (busy_timeout) instead of failing halfway through. */
	return store_exec(st, "BEGIN IMMEDIATE", err);
}

void
store_rollback(struct store *st)
{
	if (!sqlite3_get_autocommit(st->db))
		sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
}

int
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
	return dl_data_path("dateline.db", "the cache", err);
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
	if (st->ro_why != NULL) {
		dl_err_set(err, "%s: the cache has schema version %d and "
		    "must be upgraded to %d, but it is read-only: %s",
		    st->path, v, upto, st->ro_why);
		return -1;
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

/* SQLite creates a new cache with the umask's mode, and its -wal and -shm
 * with the mode of the database file: make a file we created private
 * before the first statement creates them. By path: a close() of any
 * descriptor of the file would drop every lock this process holds on it,
 * those of the connections already open too (the refresh's writer opens
 * its sibling beside the reader's), and umask is process-wide. */
static int
store_connect_private(struct store *st, int created, struct dl_err *err)
{
	if (!created || chmod(st->path, 0600) == 0)
		return 0;
	dl_err_set(err, "%s: cannot make it private: %s", st->path,
	    strerror(errno));
	return -1;
}

/* Why the user cannot write the cache at path: its file (if it exists),
 * or the folder where SQLite creates it, -wal and -shm. Allocated; NULL when
 * both are writable. By access(2): opening the file ourselves would drop
 * this process's SQLite locks on it. */
static char *
store_why_readonly(const char *path, int exists)
{
	const char	*slash;
	char		*dir, *why = NULL;

	if (exists && access(path, W_OK) == -1)
		return dl_printf("no write permission on the file (%s)",
		    strerror(errno));
	slash = strrchr(path, '/');
	if (slash == NULL)
		dir = dl_strdup(".");
	else
		dir = dl_strndup(path, slash == path ? 1 : (size_t)(slash - path));
	if (access(dir, W_OK) == -1)
		why = dl_printf("no write permission on its folder %s, where "
		    "SQLite keeps its -wal and -shm files (%s)", dir,
		    strerror(errno));
	free(dir);
	return why;
}

static int
store_connect_db(struct store *st, const char *name, int flags,
    struct dl_err *err)
{
	if (sqlite3_open_v2(name, &st->db, flags, NULL) == SQLITE_OK) {
		sqlite3_busy_timeout(st->db, STORE_BUSY_TIMEOUT_MS);
		return 0;
	}
	if (st->db == NULL)
		dl_err_set(err, "%s: cannot open", st->path);
	else
		store_fail(st, err, "cannot open");
	sqlite3_close(st->db);
	st->db = NULL;
	return -1;
}

/* The cache as an immutable URI: file:PATH?immutable=1, with the
 * characters a URI gives a meaning to escaped. */
static char *
store_immutable_uri(const char *path)
{
	struct dl_buf	 b;
	const char	*p;

	dl_buf_init(&b, DL_BUF_CAP_DEFAULT);
	dl_buf_adds(&b, path[0] == '/' ? "file://" : "file:");
	for (p = path; *p != '\0'; p++) {
		if (*p == '%' || *p == '?' || *p == '#')
			dl_buf_addf(&b, "%%%02X", (unsigned char)*p);
		else
			dl_buf_addc(&b, *p);
	}
	dl_buf_adds(&b, "?immutable=1");
	return dl_buf_take(&b);
}

/* Read-only. SQLite reads a WAL database read-only when it can create or
 * open its -shm; in a folder the user cannot write, with none left
 * there, only an immutable open reads it (no other process can write it
 * either: it could not create the -wal). */
static int
store_connect_ro(struct store *st, struct dl_err *err)
{
	char	*uri;
	int	 rc;

	if (store_connect_db(st, st->path, SQLITE_OPEN_READONLY, err) == -1)
		return -1;
	if (sqlite3_exec(st->db, "SELECT count(*) FROM sqlite_master", NULL,
	    NULL, NULL) == SQLITE_OK)
		return 0;
	sqlite3_close(st->db);
	st->db = NULL;
	uri = store_immutable_uri(st->path);
	rc = store_connect_db(st, uri, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI,
	    err);
	free(uri);
	return rc;
}

static int
store_connect(struct store *st, struct dl_err *err)
{
	struct stat	 sb;
	int		 created;

	created = stat(st->path, &sb) == -1 && errno == ENOENT;
	if ((st->ro_why = store_why_readonly(st->path, !created)) != NULL) {
		if (!created)
			return store_connect_ro(st, err);
		dl_err_set(err, "%s: cannot create the cache: %s", st->path,
		    st->ro_why);
		return -1;
	}
	if (store_connect_db(st, st->path, SQLITE_OPEN_READWRITE |
	    SQLITE_OPEN_CREATE, err) == -1 ||
	    store_connect_private(st, created, err) == -1)
		return -1;
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
	st->same_threshold = GROUP_THRESHOLD_DEFAULT;
	if (version < 1 || version > STORE_SCHEMA_VERSION) {
		dl_err_set(err, "%s: no schema version %d", path, version);
		goto fail;
	}
	if (dl_mkdir_parents(path, err) == -1 || store_connect(st, err) == -1)
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

void
store_close(struct store *st)
{
	int	 i;

	if (st == NULL)
		return;
	store_ckpt_stop(st);	/* before our close, which checkpoints */
	if (st->damaged && st->parent != NULL)
		st->parent->damaged = 1;	/* its refresh lock says so */
	for (i = 0; i < STORE_NSTMTS; i++)
		sqlite3_finalize(st->stmts[i]);
	store_same_free(st);
	if (st->db != NULL)
		sqlite3_close(st->db);
	store_unlock_refresh(st);
	free(st->ro_why);
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

	st->cache_kb = kb > 0 ? kb : 1;
	sql = dl_printf("PRAGMA cache_size = -%d", st->cache_kb);
	(void)sqlite3_exec(st->db, sql, NULL, NULL, NULL);
	free(sql);
}

struct store *
store_open_sibling(struct store *st, struct dl_err *err)
{
	struct store	*sib;

	if ((sib = store_open_upto(st->path, st->version, err)) == NULL)
		return NULL;
	sib->parent = st;
	sib->max_items = st->max_items;
	sib->same_threshold = st->same_threshold;
	if (st->cache_kb > 0)
		store_set_cache_kb(sib, st->cache_kb);
	store_ckpt_share(sib, st);
	return sib;
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

/* PRAGMA quick_check: 0, or -1 with "cache damaged: ..." (or the error
 * that stopped it). About 50 ms for 10,000 items. */
int
store_quick_check(struct store *st, struct dl_err *err)
{
	sqlite3_stmt	*s;
	const char	*v;
	int		 rc = -1;

	if (store_prepare(st, "PRAGMA quick_check(1)", &s, err) == -1)
		return -1;
	if (sqlite3_step(s) != SQLITE_ROW)
		store_fail(st, err, "quick_check");
	else if ((v = (const char *)sqlite3_column_text(s, 0)) == NULL ||
	    strcmp(v, "ok") != 0) {
		st->damaged = 1;
		if (v == NULL)
			v = "no answer";
		/* The first problem, without "*** in database main ***". */
		if (strncmp(v, "*** ", 4) == 0 && strchr(v, '\n') != NULL)
			v = strchr(v, '\n') + 1;
		dl_err_set(err, "cache damaged: %s: quick_check: %.*s",
		    st->path, (int)strcspn(v, "\n"), v);
	} else
		rc = 0;
	sqlite3_finalize(s);
	return rc;
}

/* The lock file is empty between refreshes; the holder writes what it
 * is in it ("dateline sync (pid 4242)"), so that one that died (kill -9,
 * a crash, power loss) left its mark and the cache is checked before the
 * next refresh writes to it. The mark stays until a check passes, so a
 * damaged cache is refused by every refresh. */
static int
store_lock_check(struct store *st, int fd, const char *holder,
    struct dl_err *err)
{
	struct stat	 sb;
	char		*mark;

	if (fstat(fd, &sb) == -1) {
		dl_err_set(err, "%s.lock: %s", st->path, strerror(errno));
		return -1;
	}
	if (sb.st_size > 0 && store_quick_check(st, err) == -1) {
		dl_err_prefix(err, "the last refresh did not finish; ");
		return -1;
	}
	mark = dl_printf("%s (pid %ld)\n", holder != NULL ? holder :
	    "dateline", (long)getpid());
	if ((sb.st_size > 0 && ftruncate(fd, 0) == -1) ||
	    pwrite(fd, mark, strlen(mark), 0) == -1) {
		dl_err_set(err, "%s.lock: %s", st->path, strerror(errno));
		free(mark);
		return -1;
	}
	free(mark);
	return 0;
}

/* Why the lock at lp (open as fd) is refused: who holds it, as its mark
 * says (store_lock_check), when the mark is whole and plain. */
static void
store_lock_busy(int fd, const char *lp, struct dl_err *err)
{
	char	 mark[128];
	ssize_t	 n, i;

	n = pread(fd, mark, sizeof mark - 1, 0);
	for (i = 0; i < n && mark[i] != '\n'; i++)
		if (mark[i] < 0x20 || mark[i] > 0x7e)
			break;
	if (i > 0 && i < n && mark[i] == '\n' &&
	    memmem(mark, i, " (pid ", 6) != NULL)
		dl_err_set(err, "%.*s is running on this cache (%s is "
		    "locked): one refresh or sync at a time", (int)i, mark,
		    lp);
	else
		dl_err_set(err, "another refresh or sync is running (%s is "
		    "locked)", lp);
}

/* Open "<db>.lock" and flock it, waiting up to wait_ms; the descriptor,
 * or -1 (err set: who holds it, store_lock_busy). */
static int
store_lock_take(const char *lp, int wait_ms, struct dl_err *err)
{
	struct timespec	 ts = { 0, 50 * 1000 * 1000 };
	int		 fd, waited;

	if ((fd = open(lp, O_RDWR | O_CREAT | O_CLOEXEC, 0600)) == -1) {
		dl_err_set(err, "%s: %s", lp, strerror(errno));
		return -1;
	}
	for (waited = 0;; waited += 50) {
		if (flock(fd, LOCK_EX | LOCK_NB) == 0)
			return fd;
		if (errno != EWOULDBLOCK && errno != EINTR) {
			dl_err_set(err, "%s: %s", lp, strerror(errno));
			break;
		}
		if (waited >= wait_ms) {
			store_lock_busy(fd, lp, err);
			break;
		}
		nanosleep(&ts, NULL);
	}
	close(fd);
	return -1;
}

int
store_lock_refresh(struct store *st, int wait_ms, const char *holder,
    struct dl_err *err)
{
	char	*lp;
	int	 fd;

	if (st->lock_fd != -1)
		return 0;
	if (st->ro_why != NULL)
		return store_readonly_fail(st, err);
	if (st->damaged)	/* found before: no second check */
		return store_begin(st, err);
	lp = dl_printf("%s.lock", st->path);
	fd = store_lock_take(lp, wait_ms, err);
	free(lp);
	if (fd == -1)
		return -1;
	if (store_lock_check(st, fd, holder, err) == -1) {
		close(fd);
		return -1;
	}
	st->lock_fd = fd;
	return 0;
}

void
store_unlock_refresh(struct store *st)
{
	if (st->lock_fd == -1)
		return;
	/* Finished: clear the mark (see store_lock_check), unless SQLite
	 * found the cache damaged meanwhile. */
	if (!st->damaged)
		(void)ftruncate(st->lock_fd, 0);
	close(st->lock_fd);	/* releases the flock */
	st->lock_fd = -1;
}
