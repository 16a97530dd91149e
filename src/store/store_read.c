/* store_read.c: reading items back (lists, searches, one item), marking
 * them read or saved, and the cached article pages. */
#include "config.h"

#include <inttypes.h>
#include <jansson.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "dl.h"
#include "store_int.h"

/* --- Reading items ------------------------------------------------------- */

#define STORE_ITEM_COLS \
	"i.id, i.feed_id, f.url, f.title, i.guid, i.link, i.title, " \
	"i.author, i.published, i.updated, i.first_seen, i.sort_date, " \
	"i.read, i.saved"
#define STORE_ITEM_FULL_COLS ", i.summary, i.content, i.categories"
/* Then the group (issue 17), or nothing before its schema or with
 * grouping off. Its size is counted for grouped rows only, in the
 * partial index. */
#define STORE_SAME_COLS ", i.same_as, CASE WHEN i.same_as IS NULL THEN 0" \
	" ELSE (SELECT count(*) FROM items j WHERE j.same_as = i.same_as) END"
#define STORE_SAME_NONE ", NULL, 0"
#define STORE_SAME_ONLY ", i.same_as, 0"

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
	it->same_as = sqlite3_column_int64(s, 14);
	it->same_n = sqlite3_column_int64(s, 15);
	if (!full)
		return;
	it->summary = store_col_text(s, 16);
	it->content = store_col_text(s, 17);
	it->categories = store_col_text(s, 18);
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
	uint32_t	 c = 0;

	if (len > 0)
		dl_utf8_decode(t, len, &c);
	return c;
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
	    dl_utf8_count(tok, n) == 1 &&
	    dl_cp_cjk(store_token_first(tok, n)) != DL_CJK_NONE) {
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
		if (last && dl_cp_cjk(store_token_first(sp,
		    (size_t)(tok + n - sp))) == DL_CJK_NONE)
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

/* f->feeds as one parameter, a JSON array read back by json_each: any
 * number of feeds without a parameter each. */
static void
store_sql_feeds(struct store_sql *q, const struct store_query *f)
{
	json_t	*a = json_array();
	char	*v;
	size_t	 i;

	for (i = 0; i < f->nfeeds; i++)
		json_array_append_new(a, json_string(f->feeds[i]));
	if ((v = json_dumps(a, JSON_COMPACT)) == NULL)
		dl_oom(f->nfeeds * 64);
	json_decref(a);
	store_sql_str(q, " AND f.url IN (SELECT value FROM json_each(?))",
	    dl_strdup(v));
	free(v);
}

/* An earlier copy of the story of i that the filters let through
 * hides i. */
static void
store_sql_once(struct store_sql *q, const struct store_query *f)
{
	dl_buf_adds(&q->text, " AND (i.same_as IS NULL OR i.same_as = i.id"
	    " OR NOT EXISTS (SELECT 1 FROM items r JOIN feeds rf"
	    " ON rf.id = r.feed_id WHERE r.same_as = i.same_as"
	    " AND r.id < i.id");
	if (f->feed_url != NULL)
		store_sql_str(q, " AND rf.url = ?", dl_strdup(f->feed_url));
	if (f->in_feeds) {
		dl_buf_adds(&q->text, " AND rf.url IN (SELECT f.url FROM feeds f"
		    " WHERE 1");
		store_sql_feeds(q, f);
		dl_buf_adds(&q->text, ")");
	}
	if (f->unread_only)
		dl_buf_adds(&q->text, " AND r.read = 0");
	if (f->saved_only)
		dl_buf_adds(&q->text, " AND r.saved = 1");
	dl_buf_adds(&q->text, "))");
}

/* The filters, order and window of a query, after its FROM. */
static void
store_sql_where(struct store *st, struct store_sql *q,
    const struct store_query *f)
{
	dl_buf_adds(&q->text, " WHERE 1");
	if (f->feed_url != NULL)
		store_sql_str(q, " AND f.url = ?", dl_strdup(f->feed_url));
	if (f->in_feeds)
		store_sql_feeds(q, f);
	if (f->unread_only)
		dl_buf_adds(&q->text, " AND i.read = 0");
	if (f->saved_only)
		dl_buf_adds(&q->text, " AND i.saved = 1");
	if (f->same_as > 0 && st->version >= STORE_SAME_SCHEMA)
		store_sql_int(q, " AND i.same_as = ?", f->same_as);
	if (f->before_id > 0) {
		store_sql_int(q, " AND (i.sort_date < ?", f->before_date);
		store_sql_int(q, " OR (i.sort_date = ?", f->before_date);
		store_sql_int(q, " AND i.id < ?))", f->before_id);
	}
	if (f->search != NULL)
		store_sql_search(q, f->search);
	else if (f->groups_once && st->version >= STORE_SAME_SCHEMA &&
	    st->same_threshold > 0)
		store_sql_once(q, f);
	store_sql_int(q, f->order == STORE_ORDER_OLDEST ?
	    " ORDER BY i.sort_date, i.id LIMIT ?" : f->order ==
	    STORE_ORDER_FEED ? " ORDER BY f.title COLLATE NOCASE, f.id,"
	    " i.sort_date DESC, i.id DESC LIMIT ?" : f->order ==
	    STORE_ORDER_TITLE ? " ORDER BY i.title COLLATE NOCASE, i.id LIMIT ?"
	    : " ORDER BY i.sort_date DESC, i.id DESC LIMIT ?",
	    f->limit > 0 ? (int64_t)f->limit : -1);
	store_sql_int(q, " OFFSET ?", (int64_t)f->offset);
}

/* A search sorts every match: the inner query sorts only their (sort
 * date, id), which sit early in the row, and the outer one reads the
 * whole rows (first_seen, read and saved come after the text, past its
 * overflow pages) for the window alone: a 256-row window of 3,000
 * matches in 300,000 items took 15-19 ms, now 6-10. Other lists walk
 * items_by_date as they are. */
/* The group columns for st; the group's size only when counted (a
 * group of thousands, a feed of boilerplate, costs a count per row). */
static const char *
store_same_cols(const struct store *st, int count)
{
	if (st->version < STORE_SAME_SCHEMA || st->same_threshold <= 0)
		return STORE_SAME_NONE;
	return count ? STORE_SAME_COLS : STORE_SAME_ONLY;
}

static void
store_sql_build(struct store *st, struct store_sql *q,
    const struct store_query *f)
{
	dl_buf_init(&q->text, DL_BUF_CAP_DEFAULT);
	q->n = 0;
	dl_buf_adds(&q->text, "SELECT " STORE_ITEM_COLS);
	dl_buf_adds(&q->text, store_same_cols(st, f->groups_once));
	if (f->search == NULL || f->order != STORE_ORDER_NEWEST) {
		dl_buf_adds(&q->text, " FROM items i"
		    " JOIN feeds f ON f.id = i.feed_id");
		store_sql_where(st, q, f);
		return;
	}
	dl_buf_adds(&q->text, " FROM (SELECT"
	    " i.id AS id, i.sort_date AS d FROM items i");
	if (f->feed_url != NULL || f->in_feeds)
		dl_buf_adds(&q->text, " JOIN feeds f ON f.id = i.feed_id");
	store_sql_where(st, q, f);
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
	store_sql_build(st, &q, f);
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
	char			*sql;
	int			 rc;

	memset(it, 0, sizeof *it);
	sql = dl_printf("SELECT " STORE_ITEM_COLS "%s" STORE_ITEM_FULL_COLS
	    " FROM items i JOIN feeds f ON f.id = i.feed_id WHERE i.id = ?1",
	    store_same_cols(st, 1));
	rc = store_prepare(st, sql, &s, err);
	free(sql);
	if (rc == -1)
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
	if (store_mark_each(st, s, ids, n, err) == -1 ||
	    store_sync_queue(st, ids, n, (int)how, err) == -1)
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

/* The ids of id's group (id first), in *ids (allocated). */
static int
store_group_ids(struct store *st, int64_t id, int64_t **ids, size_t *n,
    struct dl_err *err)
{
	sqlite3_stmt	*s;
	int		 rc;

	*ids = dl_reallocarray(NULL, 1, sizeof **ids);
	(*ids)[0] = id;
	*n = 1;
	if (st->version < STORE_SAME_SCHEMA || st->same_threshold <= 0)
		return 0;
	if (store_prepare(st, "SELECT j.id FROM items i JOIN items j"
	    " ON j.same_as = i.same_as WHERE i.id = ?1 AND j.id != ?1", &s,
	    err) == -1)
		return -1;
	sqlite3_bind_int64(s, 1, id);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		*ids = dl_reallocarray(*ids, *n + 1, sizeof **ids);
		(*ids)[(*n)++] = sqlite3_column_int64(s, 0);
	}
	sqlite3_finalize(s);
	return rc == SQLITE_DONE ? 0 : store_fail(st, err, "marking");
}

int
store_mark_group(struct store *st, int64_t id, enum store_mark how,
    size_t *n, struct dl_err *err)
{
	int64_t	*ids;
	size_t	 k;
	int	 rc;

	if ((rc = store_group_ids(st, id, &ids, &k, err)) == 0)
		rc = store_mark(st, ids, k, how, err);
	free(ids);
	if (n != NULL)
		*n = rc == 0 ? k : 0;
	return rc;
}

int
store_same_copies(struct store *st, int64_t id, struct store_item **out,
    size_t *n, struct dl_err *err)
{
	sqlite3_stmt	*s;
	size_t		 alloc = 0;
	int		 rc;

	*out = NULL;
	*n = 0;
	if (st->version < STORE_SAME_SCHEMA || st->same_threshold <= 0)
		return 0;
	if (store_prepare(st, "SELECT " STORE_ITEM_COLS STORE_SAME_ONLY
	    " FROM items i JOIN feeds f ON f.id = i.feed_id WHERE i.same_as ="
	    " (SELECT same_as FROM items WHERE id = ?1) AND i.id != ?1"
	    " ORDER BY i.id", &s, err) == -1)
		return -1;
	sqlite3_bind_int64(s, 1, id);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (*n == alloc) {
			alloc = alloc == 0 ? 8 : alloc * 2;
			*out = dl_reallocarray(*out, alloc, sizeof **out);
		}
		store_item_read(s, &(*out)[(*n)++], 0);
	}
	sqlite3_finalize(s);
	if (rc == SQLITE_DONE)
		return 0;
	store_items_free(*out, *n);
	*out = NULL;
	*n = 0;
	return store_fail(st, err, "reading copies");
}

int
store_mark_feed_read(struct store *st, int64_t feed_id, size_t *changed,
    struct dl_err *err)
{
	sqlite3_stmt	*s;
	int		 rc;

	/* The queue for a server's items first, in the same transaction. */
	if (store_begin(st, err) == -1)
		return -1;
	if (store_sync_queue_feed(st, feed_id, err) == -1) {
		store_rollback(st);
		return -1;
	}
	if (store_prepare(st, "UPDATE items SET read = 1"
	    " WHERE feed_id = ?1 AND read = 0", &s, err) == -1) {
		store_rollback(st);
		return -1;
	}
	sqlite3_bind_int64(s, 1, feed_id);
	rc = store_step_done(st, s, "marking a feed read", err);
	if (rc == 0 && changed != NULL)
		*changed = (size_t)sqlite3_changes(st->db);
	sqlite3_finalize(s);
	if (rc == 0)
		rc = store_commit(st, err);
	if (rc == -1)
		store_rollback(st);
	return rc;
}

/* --- Articles ------------------------------------------------------------ */

static int
store_article_write(struct store *st, int64_t item_id,
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
		rc = a->text == NULL ? 0 :
		    store_search_article(st, item_id, err) == -1 ? -1 :
		    store_same_item(st, item_id, 0, err);
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
store_article_put(struct store *st, int64_t item_id,
    const struct store_article *a, struct dl_err *err)
{
	int	 own, rc;

	/* With the search index's note and the regrouping, one
	 * transaction (the caller's, if it has one). */
	if ((own = sqlite3_get_autocommit(st->db)) &&
	    store_begin(st, err) == -1)
		return -1;
	rc = store_article_write(st, item_id, a, err);
	if (own && rc == 0)
		return store_commit(st, err);
	if (own)
		store_rollback(st);
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
