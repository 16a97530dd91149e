/* store_feeds.c: feed rows: subscription state, titles, counters and
 * what each fetch recorded. */
#include "config.h"

#include <inttypes.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "dl.h"
#include "store_int.h"

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
	free(f->page_feed);
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
 * items before (only tests open an older cache). With grouping, a
 * feed's unread copies of one story count once: the row's count less
 * its extra unread copies, read from items_feed_same alone (3 ms for
 * 27,000 grouped items in 100,000). */
static const char store_feeds_sql[] = "SELECT " STORE_FEED_COLS
    ", f.unread, f.total FROM feeds f"
    " ORDER BY coalesce(f.title, f.url) COLLATE NOCASE, f.url";
static const char store_feeds_sql_same[] = "SELECT " STORE_FEED_COLS
    ", f.unread - (SELECT count(*) - count(DISTINCT i.same_as)"
    " FROM items i WHERE i.feed_id = f.id AND i.same_as IS NOT NULL"
    " AND i.read = 0), f.total FROM feeds f"
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
	if (store_prepare(st, st->version >= STORE_SAME_SCHEMA &&
	    st->same_threshold > 0 ? store_feeds_sql_same : st->version >= 5 ?
	    store_feeds_sql : store_feeds_sql_v4, &s, err) == -1)
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
store_feeds_pages(struct store *st, struct store_feed *v, size_t n,
    struct dl_err *err)
{
	sqlite3_stmt	*s;
	int64_t		 id;
	size_t		 i;
	int		 rc;

	if (st->version < STORE_PAGE_SCHEMA)
		return 0;
	if (store_prepare(st, "SELECT id, page_feed, page_hub FROM feeds"
	    " WHERE page_feed IS NOT NULL OR page_hub", &s, err) == -1)
		return -1;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		id = sqlite3_column_int64(s, 0);
		for (i = 0; i < n && v[i].id != id; i++)
			continue;
		if (i == n)
			continue;
		free(v[i].page_feed);
		v[i].page_feed = store_col_text(s, 1);
		v[i].page_hub = sqlite3_column_int(s, 2);
	}
	sqlite3_finalize(s);
	return rc == SQLITE_DONE ? 0 : store_fail(st, err, "feed pages");
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
store_feed_get_page(struct store *st, int64_t feed_id, char **page_feed,
    int *page_hub, struct dl_err *err)
{
	sqlite3_stmt	*s;
	int		 rc;

	*page_feed = NULL;
	*page_hub = 0;
	if (st->version < STORE_PAGE_SCHEMA)
		return 0;
	if ((s = store_stmt(st, STORE_FEED_PAGE_GET, err)) == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, feed_id);
	if ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		*page_feed = store_col_text(s, 0);
		*page_hub = sqlite3_column_int(s, 1);
		rc = 0;
	} else
		rc = rc == SQLITE_DONE ? 0 : store_fail(st, err, "feed page");
	sqlite3_reset(s);
	return rc;
}

int
store_feed_set_page(struct store *st, int64_t feed_id, const char *page_feed,
    int page_hub, struct dl_err *err)
{
	sqlite3_stmt	*s;
	int		 rc;

	if (st->version < STORE_PAGE_SCHEMA)
		return 0;
	if (store_prepare(st, "UPDATE feeds SET page_feed = ?2,"
	    " page_hub = ?3 WHERE id = ?1", &s, err) == -1)
		return -1;
	sqlite3_bind_int64(s, 1, feed_id);
	store_bind_text(s, 2, page_feed);
	sqlite3_bind_int(s, 3, page_hub != 0);
	rc = store_step_done(st, s, "feed page", err);
	sqlite3_finalize(s);
	return rc;
}

/* An edited line is decided again: what its page was is forgotten. */
static int
store_feed_forget_page(struct store *st, const char *url, const char *line,
    struct dl_err *err)
{
	sqlite3_stmt	*s;
	int		 rc;

	if (st->version < STORE_PAGE_SCHEMA || line == NULL)
		return 0;
	if ((s = store_stmt(st, STORE_FEED_FORGET_PAGE, err)) == NULL)
		return -1;
	sqlite3_bind_text(s, 1, url, -1, SQLITE_STATIC);
	store_bind_text(s, 2, line);
	rc = store_step_done(st, s, "forgetting a page", err);
	sqlite3_reset(s);
	return rc;
}

int
store_feed_forget_backoff(struct store *st, const char *url,
    const char *line, int force, struct dl_err *err)
{
	sqlite3_stmt	*s;
	int		 rc;

	if (st->version < 9)
		return 0;
	if (store_feed_forget_page(st, url, line, err) == -1)
		return -1;
	if ((s = store_stmt(st, STORE_FEED_FORGET, err)) == NULL)
		return -1;
	sqlite3_bind_text(s, 1, url, -1, SQLITE_STATIC);
	store_bind_text(s, 2, line);
	sqlite3_bind_int(s, 3, force != 0);
	rc = store_step_done(st, s, "forgetting a back-off", err);
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
