/* store_search.c: the search index: our tokenizer (words, CJK bigrams),
 * the FTS5 rows, and the deferred indexing of pending items. */
#include "config.h"

#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

#include "dl.h"
#include "feed.h"
#include "store_int.h"

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
		dl_buf_add_utf8(t->out, t->prev);
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
	switch (dl_cp_class(c)) {
	case DL_CP_WORD:
		if (t->run > 0)
			store_tok_break(t);
		dl_buf_add_utf8(t->out, dl_cp_fold(c));
		t->in_word = 1;
		break;
	case DL_CP_CJK:
		if (t->in_word)
			store_tok_break(t);
		if (t->run > 0) {
			dl_buf_add_utf8(t->out, t->prev);
			dl_buf_add_utf8(t->out, c);
			dl_buf_addc(t->out, ' ');
		}
		t->prev = c;
		t->run++;
		break;
	case DL_CP_MARK:
		if (t->in_word)
			break;
		/* FALLTHROUGH */
	case DL_CP_SEP:
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

	while (j < len && u[j] < 0x80 && dl_cp_class(u[j]) == DL_CP_WORD)
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
void
store_tokens(struct dl_buf *out, const char *s, size_t len)
{
	const unsigned char	*u = (const unsigned char *)s;
	struct store_tok	 t = { out, 0, 0, 0 };
	size_t			 i = 0;
	uint32_t		 c;

	while (i < len) {
		if (u[i] < 0x80 && t.run == 0) {
			store_tokens_ascii(out, &t, u, len, &i);
			continue;
		}
		/* A malformed byte is U+FFFD, a separator like any. */
		i += dl_utf8_decode(s + i, len - i, &c);
		store_tok_cp(&t, c);
	}
	store_tok_break(&t);
}

/* Plain text of summary, content and the fetched article, all of it: a
 * phrase near the end of a long story must be found. The article's text
 * is plain already. */
static char *
store_search_text(const char *summary, const char *content,
    const char *article)
{
	char	*s = NULL, *c = NULL, *t;

	if (summary != NULL)
		s = feed_html_text(summary);
	if (content != NULL)
		c = feed_html_text(content);
	if (s == NULL && c == NULL && article == NULL)
		return NULL;
	if (s != NULL && c != NULL && strcmp(s, c) == 0) {
		free(c);
		c = NULL;
	}
	t = dl_printf("%s\n%s\n%s", s != NULL ? s : "", c != NULL ? c : "",
	    article != NULL ? article : "");
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
	const char	*article;	/* plain text of the fetched page */
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
	text = store_search_text(d->summary, d->content, d->article);
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

/* Index the rows of a query giving id, title, author, summary, content,
 * article text and whether an index row is to be replaced. */
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
		d.article = (const char *)sqlite3_column_text(s, 5);
		if (store_fts_write(st, &d, sqlite3_column_int(s, 6),
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
int
store_fts_reindex(struct store *st, struct dl_err *err)
{
	return store_fts_index(st, "SELECT i.id, i.title, i.author,"
	    " i.summary, i.content, a.text, 0 FROM items i"
	    " LEFT JOIN articles a ON a.item_id = i.id", err);
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
	    " i.summary, i.content, a.text, p.reindex FROM search_pending p"
	    " JOIN items i ON i.id = p.item_id"
	    " LEFT JOIN articles a ON a.item_id = i.id", err) == -1 ||
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
	int		 rc, gmore;

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
	    " i.content, a.text, p.reindex FROM search_pending p JOIN items i"
	    " ON i.id = p.item_id LEFT JOIN articles a ON a.item_id = i.id"
	    " WHERE p.item_id <= %lld", last);
	if (store_fts_index(st, sql, err) == -1)
		goto fail;
	free(sql);
	sql = dl_printf("DELETE FROM search_pending WHERE item_id <= %lld",
	    last);
	if (store_exec(st, sql, err) == -1 ||
	    store_search_pending(st, more, err) == -1)
		goto fail;
	free(sql);
	sql = NULL;
	/* The idle reader groups copies of stories in the same steps. */
	if (store_same_sync(st, max, &gmore, err) == -1)
		goto fail;
	*more = *more || gmore;
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
int
store_search_later(struct store *st, int64_t id, const struct store_row *r,
    int replace, struct dl_err *err)
{
	struct store_fts_doc	 d = { id, r->title, r->author, r->summary,
	    r->content, NULL };
	sqlite3_stmt		*s;

	if (st->version < 4)
		return store_fts_write(st, &d, replace, err);
	if ((s = store_stmt(st, STORE_PENDING_INS, err)) == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, id);
	sqlite3_bind_int(s, 2, replace);
	return store_step_done(st, s, "search index", err);
}

/* Index an item again at the next store_search_sync, now with the
 * article just stored; before schema 4, now. */
int
store_search_article(struct store *st, int64_t id, struct dl_err *err)
{
	sqlite3_stmt	*s;
	char		*sql;
	int		 rc;

	if (st->version < 4) {
		sql = dl_printf("SELECT i.id, i.title, i.author, i.summary,"
		    " i.content, a.text, 1 FROM items i LEFT JOIN articles a"
		    " ON a.item_id = i.id WHERE i.id = %lld", (long long)id);
		rc = store_fts_index(st, sql, err);
		free(sql);
		return rc;
	}
	if (store_prepare(st, "INSERT OR IGNORE INTO search_pending"
	    " (item_id, reindex) VALUES (?1, 1)", &s, err) == -1)
		return -1;
	sqlite3_bind_int64(s, 1, id);
	rc = store_step_done(st, s, "search index", err);
	sqlite3_finalize(s);
	return rc;
}
