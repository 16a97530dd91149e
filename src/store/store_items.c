/* store_items.c: writing a feed's items: the staged batch, merging under
 * stable keys, and retention, in one transaction. */
#include "config.h"

#include <inttypes.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "dl.h"
#include "feed.h"
#include "store_int.h"

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

/* The item's enclosures replace its stored ones; a new item has none
 * to delete. */
static int
store_enc_write(struct store_batch *b, int64_t id, const struct store_row *r,
    int added, struct dl_err *err)
{
	sqlite3_stmt	*s;
	size_t		 i;

	if (b->st->version < 2)
		return 0;
	if (!added) {
		if ((s = store_stmt(b->st, STORE_ENC_DEL, err)) == NULL)
			return -1;
		sqlite3_bind_int64(s, 1, id);
		if (store_step_done(b->st, s, "enclosures", err) == -1)
			return -1;
	}
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
	if (store_search_later(b->st, id, r, !added, err) == -1 ||
	    store_same_item(b->st, id, added, err) == -1)
		return -1;
	return store_enc_write(b, id, r, added, err);
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

/* Since schema 7 a feed's counts grow here, once per batch, instead of
 * in a trigger per inserted item (before, the trigger is still there). */
static int
store_count_added(struct store *st, int64_t feed_id, size_t added,
    struct dl_err *err)
{
	sqlite3_stmt	*s;

	if (st->version < 7 || added == 0)
		return 0;
	if ((s = store_stmt(st, STORE_FEED_ADDED, err)) == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, feed_id);
	sqlite3_bind_int64(s, 2, (int64_t)added);
	return store_step_done(st, s, "counting new items", err);
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
		if (store_same_delete(b->st, ids[i], err) == -1)
			goto out;
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
store_group_begin(struct store *st, struct dl_err *err)
{
	return store_begin(st, err);
}

int
store_group_feed(struct store *st, int64_t feed_id, struct store_batch *b,
    const char *title, const struct store_fetch *rec,
    struct store_counts *counts, struct dl_err *err)
{
	struct store_counts	 c = { 0 };

	if (b != NULL) {
		b->st = st;	/* staged on another connection, maybe */
		if (store_merge(b, &c, err) == -1 ||
		    store_count_added(st, feed_id, c.added, err) == -1 ||
		    store_retain(b, &c, err) == -1)
			return -1;
	}
	if (title != NULL &&
	    store_feed_set_title(st, feed_id, title, err) == -1)
		return -1;
	if (rec != NULL && store_feed_record_fetch(st, feed_id, rec, err) == -1)
		return -1;
	if (counts != NULL)
		*counts = c;
	return 0;
}

int
store_group_commit(struct store *st, struct dl_err *err)
{
	return store_commit(st, err);
}

void
store_group_rollback(struct store *st)
{
	store_rollback(st);
}

int
store_batch_commit(struct store_batch *b, struct store_counts *counts,
    struct dl_err *err)
{
	struct store	*st = b->st;
	int		 rc = -1;

	if (store_group_begin(st, err) == -1)
		goto out;
	if (store_group_feed(st, b->feed_id, b, NULL, NULL, counts,
	    err) == -1) {
		store_group_rollback(st);
		goto out;
	}
	if ((rc = store_group_commit(st, err)) == -1 && counts != NULL)
		memset(counts, 0, sizeof *counts);	/* nothing written */
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
