/* store_sync.c: the cache's side of sync with a feed server (issue 15):
 * server ids of feeds and items, the server's state at the last sync,
 * the queue of marks made here and not pushed yet, and the sync's own
 * numbers. The tables are STORE_SYNC_SCHEMA's. */
#include "config.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "dl.h"
#include "store.h"
#include "store_int.h"

/* store_mark's change as (field, value). */
static void
store_sync_how(int how, int *field, int *value)
{
	*field = (how == STORE_MARK_SAVE || how == STORE_MARK_UNSAVE);
	*value = (how == STORE_MARK_READ || how == STORE_MARK_SAVE);
}

int
store_sync_queue(struct store *st, const int64_t *ids, size_t n, int how,
    struct dl_err *err)
{
	sqlite3_stmt	*s;
	int		 field, value, rc = 0;
	size_t		 i;

	if (st->version < STORE_SYNC_SCHEMA)
		return 0;
	store_sync_how(how, &field, &value);
	if (store_prepare(st, "INSERT INTO sync_marks (item_id, field, value,"
	    " at) SELECT item_id, ?2, ?3, ?4 FROM sync_items"
	    " WHERE item_id = ?1", &s, err) == -1)
		return -1;
	for (i = 0; i < n && rc == 0; i++) {
		sqlite3_reset(s);
		sqlite3_bind_int64(s, 1, ids[i]);
		sqlite3_bind_int(s, 2, field);
		sqlite3_bind_int(s, 3, value);
		sqlite3_bind_int64(s, 4, (int64_t)dl_now());
		rc = store_step_done(st, s, "queueing a mark", err);
	}
	sqlite3_finalize(s);
	return rc;
}

int
store_sync_queue_feed(struct store *st, int64_t feed_id, struct dl_err *err)
{
	sqlite3_stmt	*s;
	int		 rc;

	if (st->version < STORE_SYNC_SCHEMA)
		return 0;
	if (store_prepare(st, "INSERT INTO sync_marks (item_id, field, value,"
	    " at) SELECT i.id, 0, 1, ?2 FROM items i JOIN sync_items y"
	    " ON y.item_id = i.id WHERE i.feed_id = ?1 AND i.read = 0",
	    &s, err) == -1)
		return -1;
	sqlite3_bind_int64(s, 1, feed_id);
	sqlite3_bind_int64(s, 2, (int64_t)dl_now());
	rc = store_step_done(st, s, "queueing marks", err);
	sqlite3_finalize(s);
	return rc;
}

int
store_sync_items(struct store *st, struct store_sync_item **v, size_t *n,
    struct dl_err *err)
{
	sqlite3_stmt	*s;
	size_t		 a = 0;
	int		 rc;

	*v = NULL;
	*n = 0;
	if (store_prepare(st, "SELECT y.item_id, y.server_id, i.read, i.saved,"
	    " y.srv_read, y.srv_saved, ifnull(f.server_id, 0) FROM sync_items y"
	    " JOIN items i ON i.id = y.item_id LEFT JOIN sync_feeds f"
	    " ON f.feed_id = i.feed_id ORDER BY y.item_id", &s, err) == -1)
		return -1;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (*n == a) {
			a = a ? 2 * a : 64;
			*v = dl_reallocarray(*v, a, sizeof **v);
		}
		(*v)[*n].item_id = sqlite3_column_int64(s, 0);
		(*v)[*n].server_id = sqlite3_column_int64(s, 1);
		(*v)[*n].read = sqlite3_column_int(s, 2);
		(*v)[*n].saved = sqlite3_column_int(s, 3);
		(*v)[*n].srv_read = sqlite3_column_int(s, 4);
		(*v)[*n].srv_saved = sqlite3_column_int(s, 5);
		(*v)[*n].server_feed = sqlite3_column_int64(s, 6);
		(*n)++;
	}
	if (rc != SQLITE_DONE)
		store_fail(st, err, "reading synced items");
	sqlite3_finalize(s);
	return rc == SQLITE_DONE ? 0 : -1;
}

int
store_sync_marks(struct store *st, struct store_sync_mark **v, size_t *n,
    int64_t *last_seq, struct dl_err *err)
{
	sqlite3_stmt	*s;
	size_t		 a = 0;
	int		 rc;

	*v = NULL;
	*n = 0;
	*last_seq = 0;
	/* The latest mark per (item, field); SQLite's bare columns come
	 * from the row holding max(seq). */
	if (store_prepare(st, "SELECT max(m.seq), m.item_id, y.server_id,"
	    " m.field, m.value, m.at FROM sync_marks m JOIN sync_items y"
	    " ON y.item_id = m.item_id GROUP BY m.item_id, m.field"
	    " ORDER BY 1", &s, err) == -1)
		return -1;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (*n == a) {
			a = a ? 2 * a : 64;
			*v = dl_reallocarray(*v, a, sizeof **v);
		}
		(*v)[*n].seq = sqlite3_column_int64(s, 0);
		(*v)[*n].item_id = sqlite3_column_int64(s, 1);
		(*v)[*n].server_id = sqlite3_column_int64(s, 2);
		(*v)[*n].field = sqlite3_column_int(s, 3);
		(*v)[*n].value = sqlite3_column_int(s, 4);
		(*v)[*n].at = sqlite3_column_int64(s, 5);
		if ((*v)[*n].seq > *last_seq)
			*last_seq = (*v)[*n].seq;
		(*n)++;
	}
	if (rc != SQLITE_DONE)
		store_fail(st, err, "reading queued marks");
	sqlite3_finalize(s);
	return rc == SQLITE_DONE ? 0 : -1;
}

/* Run sql with up to two integer binds and no result. */
static int
store_sync_exec2(struct store *st, const char *sql, int64_t a, int64_t b,
    const char *what, struct dl_err *err)
{
	sqlite3_stmt	*s;
	int		 rc;

	if (store_prepare(st, sql, &s, err) == -1)
		return -1;
	sqlite3_bind_int64(s, 1, a);
	if (sqlite3_bind_parameter_count(s) >= 2)
		sqlite3_bind_int64(s, 2, b);
	rc = store_step_done(st, s, what, err);
	sqlite3_finalize(s);
	return rc;
}

int
store_sync_marks_done(struct store *st, int64_t last_seq, struct dl_err *err)
{
	return store_sync_exec2(st, "DELETE FROM sync_marks WHERE seq <= ?1",
	    last_seq, 0, "dropping pushed marks", err);
}

int
store_sync_feeds_reset(struct store *st, struct dl_err *err)
{
	return store_exec(st, "DELETE FROM sync_feeds", err);
}

int
store_sync_feed(struct store *st, const char *url, const char *title,
    int64_t server_id, const char *category, int64_t *feed_id,
    struct dl_err *err)
{
	sqlite3_stmt	*s;
	int		 rc;

	if (store_feed_upsert(st, url, "feed", feed_id, err) == -1 ||
	    store_feed_set_title(st, *feed_id, title, err) == -1)
		return -1;
	if (store_prepare(st, "INSERT OR REPLACE INTO sync_feeds (feed_id,"
	    " server_id, category) VALUES (?1, ?2, ?3)", &s, err) == -1)
		return -1;
	sqlite3_bind_int64(s, 1, *feed_id);
	sqlite3_bind_int64(s, 2, server_id);
	store_bind_text(s, 3, category);
	rc = store_step_done(st, s, url, err);
	sqlite3_finalize(s);
	return rc;
}

int
store_sync_link(struct store *st, int64_t feed_id, const char *key,
    int64_t server_id, int read, int saved, int64_t *item_id,
    struct dl_err *err)
{
	sqlite3_stmt	*s;
	int		 rc;

	*item_id = 0;
	if (store_prepare(st, "SELECT id FROM items WHERE feed_id = ?1"
	    " AND key = ?2", &s, err) == -1)
		return -1;
	sqlite3_bind_int64(s, 1, feed_id);
	store_bind_text(s, 2, key);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		*item_id = sqlite3_column_int64(s, 0);
	else if (rc != SQLITE_DONE)
		store_fail(st, err, "finding a synced item");
	sqlite3_finalize(s);
	if (rc != SQLITE_ROW)
		return rc == SQLITE_DONE ? 0 : -1;
	if (store_sync_exec2(st, "INSERT OR REPLACE INTO sync_items (item_id,"
	    " server_id, srv_read, srv_saved) VALUES (?1, ?2, 0, 0)",
	    *item_id, server_id, "linking a synced item", err) == -1)
		return -1;
	return store_sync_set(st, *item_id, read, saved, read, saved, err);
}

int
store_sync_set(struct store *st, int64_t item_id, int read, int saved,
    int srv_read, int srv_saved, struct dl_err *err)
{
	/* A mark still queued (made during the sync) keeps its value. */
	if (store_sync_exec2(st, "UPDATE items SET read = ?2 WHERE id = ?1"
	    " AND read IS NOT ?2 AND NOT EXISTS (SELECT 1 FROM sync_marks"
	    " WHERE item_id = ?1 AND field = 0)", item_id, read,
	    "sync state", err) == -1 ||
	    store_sync_exec2(st, "UPDATE items SET saved = ?2 WHERE id = ?1"
	    " AND saved IS NOT ?2 AND NOT EXISTS (SELECT 1 FROM sync_marks"
	    " WHERE item_id = ?1 AND field = 1)", item_id, saved,
	    "sync state", err) == -1)
		return -1;
	return store_sync_exec2(st, "UPDATE sync_items SET srv_read = ?2 & 1,"
	    " srv_saved = ?2 >> 1 WHERE item_id = ?1", item_id,
	    (int64_t)((srv_read ? 1 : 0) | (srv_saved ? 2 : 0)),
	    "sync state", err);
}

int
store_sync_state_get(struct store *st, const char *name, int64_t *v,
    struct dl_err *err)
{
	sqlite3_stmt	*s;
	int		 rc;

	*v = 0;
	if (store_prepare(st, "SELECT value FROM sync_state WHERE name = ?1",
	    &s, err) == -1)
		return -1;
	store_bind_text(s, 1, name);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		*v = sqlite3_column_int64(s, 0);
	else if (rc != SQLITE_DONE)
		store_fail(st, err, "reading the sync state");
	sqlite3_finalize(s);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : -1;
}

int
store_sync_state_set(struct store *st, const char *name, int64_t v,
    struct dl_err *err)
{
	sqlite3_stmt	*s;
	int		 rc;

	if (store_prepare(st, "INSERT OR REPLACE INTO sync_state (name, value)"
	    " VALUES (?1, ?2)", &s, err) == -1)
		return -1;
	store_bind_text(s, 1, name);
	sqlite3_bind_int64(s, 2, v);
	rc = store_step_done(st, s, "writing the sync state", err);
	sqlite3_finalize(s);
	return rc;
}

int
store_sync_feed_list(struct store *st, struct store_sync_feedinfo **v,
    size_t *n, struct dl_err *err)
{
	sqlite3_stmt	*s;
	size_t		 a = 0;
	int		 rc;

	*v = NULL;
	*n = 0;
	if (st->version < STORE_SYNC_SCHEMA)
		return 0;
	if (store_prepare(st, "SELECT f.url, y.category, y.server_id FROM"
	    " sync_feeds y JOIN feeds f ON f.id = y.feed_id ORDER BY f.url",
	    &s, err) == -1)
		return -1;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (*n == a) {
			a = a ? 2 * a : 16;
			*v = dl_reallocarray(*v, a, sizeof **v);
		}
		(*v)[*n].url = store_col_text(s, 0);
		(*v)[*n].category = store_col_text(s, 1);
		(*v)[*n].server_id = sqlite3_column_int64(s, 2);
		(*n)++;
	}
	if (rc != SQLITE_DONE)
		store_fail(st, err, "reading synced feeds");
	sqlite3_finalize(s);
	return rc == SQLITE_DONE ? 0 : -1;
}

void
store_sync_feed_list_free(struct store_sync_feedinfo *v, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++) {
		free(v[i].url);
		free(v[i].category);
	}
	free(v);
}
