/* store_same.c: one story, not five (issue 17): each item's MinHash
 * signature and LSH band keys (group_), and items.same_as, the id of
 * the first item of its group of copies, kept in the transaction of the
 * write that changed the item's text. */
#include "config.h"

#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

#include "dl.h"
#include "feed.h"
#include "group.h"
#include "store_int.h"

/* Most candidates compared for one item: a wire story in 200 feeds. */
#define STORE_SAME_MAX_CAND	256

/* The text a story is judged by: the longer of its content and its
 * fetched article (both plain text), else its title and summary.
 * Allocated; NULL when there is none. */
static char *
store_same_text(const char *title, const char *summary, const char *content,
    const char *article)
{
	char	*c = NULL, *s, *t;

	if (content != NULL)
		c = feed_html_text(content);
	if (article != NULL && (c == NULL || strlen(article) > strlen(c))) {
		free(c);
		return dl_strdup(article);
	}
	if (c != NULL && c[0] != '\0')
		return c;
	free(c);
	if (summary == NULL)
		return title != NULL ? dl_strdup(title) : NULL;
	s = feed_html_text(summary);
	t = dl_printf("%s\n%s", title != NULL ? title : "",
	    s != NULL ? s : "");
	free(s);
	return t;
}

/* Run s (bound by the caller) to its end; 0 or -1. */
static int
store_same_run(struct store *st, enum store_stmt_id which, int64_t a,
    int64_t b, struct dl_err *err)
{
	sqlite3_stmt	*s;

	if ((s = store_stmt(st, which, err)) == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, a);
	sqlite3_bind_int64(s, 2, b);
	return store_step_done(st, s, "grouping stories", err);
}

/* One integer from a statement bound with a; *v = 0 when no row or
 * NULL. */
static int
store_same_int(struct store *st, enum store_stmt_id which, int64_t a,
    int64_t *v, struct dl_err *err)
{
	sqlite3_stmt	*s;
	int		 rc;

	*v = 0;
	if ((s = store_stmt(st, which, err)) == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, a);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		*v = sqlite3_column_int64(s, 0);
	else if (rc != SQLITE_DONE)
		return store_fail(st, err, "grouping stories");
	sqlite3_reset(s);
	return 0;
}

/* Take id out of its group: the group keeps its first item as root, or
 * a new one when id was it; a group of one is no group. */
static int
store_same_leave(struct store *st, int64_t id, struct dl_err *err)
{
	int64_t	 g, root;

	if (store_same_int(st, STORE_SAME_OF, id, &g, err) == -1)
		return -1;
	if (g == 0)
		return 0;
	if (store_same_run(st, STORE_SAME_CLEAR, id, 0, err) == -1)
		return -1;
	root = g;
	if (g == id) {
		if (store_same_int(st, STORE_SAME_MIN, id, &root, err) == -1)
			return -1;
		if (root == 0)
			return 0;
		if (store_same_run(st, STORE_SAME_MOVE, id, root, err) == -1)
			return -1;
	}
	return store_same_run(st, STORE_SAME_ALONE, root, 0, err);
}

/* id joins the group whose first item is r (r alone: their group). The
 * lower id is the root of the merged group. */
static int
store_same_join(struct store *st, int64_t id, int64_t r, struct dl_err *err)
{
	int64_t	 root = id < r ? id : r;

	if (store_same_run(st, STORE_SAME_MOVE, r, root, err) == -1 ||
	    store_same_run(st, STORE_SAME_SET, r, root, err) == -1 ||
	    store_same_run(st, STORE_SAME_SET, id, root, err) == -1)
		return -1;
	return 0;
}

/* Forget id's band keys (from its stored signature) and signature. */
static int
store_same_forget(struct store *st, int64_t id, struct dl_err *err)
{
	struct group_sig	 sig;
	sqlite3_stmt		*s;
	int64_t			 keys[GROUP_BANDS];
	size_t			 i;
	int			 rc;

	if ((s = store_stmt(st, STORE_SAME_SIG_GET, err)) == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, id);
	if ((rc = sqlite3_step(s)) == SQLITE_DONE)
		return 0;
	if (rc != SQLITE_ROW)
		return store_fail(st, err, "grouping stories");
	rc = group_sig_unpack(&sig, sqlite3_column_blob(s, 0),
	    (size_t)sqlite3_column_bytes(s, 0));
	sqlite3_reset(s);
	if (rc == 0) {
		group_bands(&sig, keys);
		for (i = 0; i < GROUP_BANDS; i++)
			if (store_same_run(st, STORE_SAME_BAND_DEL, keys[i],
			    id, err) == -1)
				return -1;
	}
	return store_same_run(st, STORE_SAME_SIG_DEL, id, 0, err);
}

int
store_same_delete(struct store *st, int64_t id, struct dl_err *err)
{
	if (st->version < STORE_SAME_SCHEMA)
		return 0;
	return store_same_forget(st, id, err);
}

/* The candidates: items sharing a band key with keys, without id and
 * without repeats. Returns how many (at most STORE_SAME_MAX_CAND). */
static int
store_same_candidates(struct store *st, int64_t id, const int64_t *keys,
    int64_t *cand, struct dl_err *err)
{
	sqlite3_stmt	*s;
	size_t		 b;
	int		 n = 0, k, rc;
	int64_t		 c;

	for (b = 0; b < GROUP_BANDS; b++) {
		if ((s = store_stmt(st, STORE_SAME_BAND_GET, err)) == NULL)
			return -1;
		sqlite3_bind_int64(s, 1, keys[b]);
		while ((rc = sqlite3_step(s)) == SQLITE_ROW &&
		    n < STORE_SAME_MAX_CAND) {
			c = sqlite3_column_int64(s, 0);
			for (k = 0; k < n && cand[k] != c; k++)
				continue;
			if (c != id && k == n)
				cand[n++] = c;
		}
		if (rc != SQLITE_ROW && rc != SQLITE_DONE)
			return store_fail(st, err, "grouping stories");
		sqlite3_reset(s);
	}
	return n;
}

/* The root of the earliest group among the candidates as similar as
 * the threshold asks (0: none). */
static int
store_same_best(struct store *st, const struct group_sig *sig,
    const int64_t *cand, int n, int64_t *root, struct dl_err *err)
{
	struct group_sig	 o;
	sqlite3_stmt		*s;
	int64_t			 r;
	int			 i, rc;

	*root = 0;
	for (i = 0; i < n; i++) {
		if ((s = store_stmt(st, STORE_SAME_SIG_GET, err)) == NULL)
			return -1;
		sqlite3_bind_int64(s, 1, cand[i]);
		rc = sqlite3_step(s);
		if (rc != SQLITE_ROW && rc != SQLITE_DONE)
			return store_fail(st, err, "grouping stories");
		if (rc == SQLITE_ROW && group_sig_unpack(&o,
		    sqlite3_column_blob(s, 0),
		    (size_t)sqlite3_column_bytes(s, 0)) == 0 &&
		    group_similarity(sig, &o) >= st->same_threshold) {
			r = sqlite3_column_int64(s, 1);
			r = r != 0 ? r : cand[i];
			if (*root == 0 || r < *root)
				*root = r;
		}
		sqlite3_reset(s);
	}
	return 0;
}

/* Store sig and its band keys for id. */
static int
store_same_put(struct store *st, int64_t id, const struct group_sig *sig,
    const int64_t *keys, struct dl_err *err)
{
	unsigned char	 p[GROUP_SIG_BYTES];
	sqlite3_stmt	*s;
	size_t		 i;

	if ((s = store_stmt(st, STORE_SAME_SIG_PUT, err)) == NULL)
		return -1;
	group_sig_pack(sig, p);
	sqlite3_bind_int64(s, 1, id);
	sqlite3_bind_blob(s, 2, p, sizeof p, SQLITE_STATIC);
	if (store_step_done(st, s, "grouping stories", err) == -1)
		return -1;
	for (i = 0; i < GROUP_BANDS; i++)
		if (store_same_run(st, STORE_SAME_BAND_PUT, keys[i], id,
		    err) == -1)
			return -1;
	return 0;
}

/* Group id by sig: index it, then join the earliest group of a
 * candidate at least as similar as the threshold. */
static int
store_same_index(struct store *st, int64_t id, const struct group_sig *sig,
    struct dl_err *err)
{
	int64_t	 keys[GROUP_BANDS], cand[STORE_SAME_MAX_CAND], root;
	int	 n;

	group_bands(sig, keys);
	if ((n = store_same_candidates(st, id, keys, cand, err)) == -1 ||
	    store_same_put(st, id, sig, keys, err) == -1 ||
	    store_same_best(st, sig, cand, n, &root, err) == -1)
		return -1;
	if (root == 0)
		return 0;
	return store_same_join(st, id, root, err);
}

/* Is id's stored signature sig already? */
static int
store_same_unchanged(struct store *st, int64_t id,
    const struct group_sig *sig, int *same, struct dl_err *err)
{
	struct group_sig	 o;
	sqlite3_stmt		*s;
	int			 rc;

	*same = 0;
	if ((s = store_stmt(st, STORE_SAME_SIG_GET, err)) == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, id);
	rc = sqlite3_step(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return store_fail(st, err, "grouping stories");
	if (rc == SQLITE_ROW && group_sig_unpack(&o, sqlite3_column_blob(s,
	    0), (size_t)sqlite3_column_bytes(s, 0)) == 0)
		*same = memcmp(o.h, sig->h, sizeof o.h) == 0;
	sqlite3_reset(s);
	return 0;
}

int
store_same_item(struct store *st, int64_t id, const struct store_same_doc *d,
    int fresh, struct dl_err *err)
{
	struct group_sig	 sig;
	char			*text;
	int			 same = 0;

	if (st->version < STORE_SAME_SCHEMA || st->same_threshold <= 0)
		return 0;
	if (!d->article_known)	/* a known item may have one */
		return store_same_text_of(st, id, NULL, fresh, err);
	text = store_same_text(d->title, d->summary, d->content, d->article);
	group_sig_text(&sig, text != NULL ? text : "",
	    text != NULL ? strlen(text) : 0);
	free(text);
	if (!fresh) {
		if (store_same_unchanged(st, id, &sig, &same, err) == -1)
			return -1;
		if (same)
			return 0;
		if (store_same_leave(st, id, err) == -1 ||
		    store_same_forget(st, id, err) == -1)
			return -1;
	}
	if (!group_sig_usable(&sig))
		return 0;
	return store_same_index(st, id, &sig, err);
}

int
store_same_text_of(struct store *st, int64_t id, const char *article,
    int fresh, struct dl_err *err)
{
	struct store_same_doc	 d;
	sqlite3_stmt		*s;
	int			 rc;

	if (st->version < STORE_SAME_SCHEMA || st->same_threshold <= 0)
		return 0;
	if (store_prepare(st, "SELECT i.title, i.summary, i.content, a.text"
	    " FROM items i LEFT JOIN articles a ON a.item_id = i.id"
	    " WHERE i.id = ?1", &s, err) == -1)
		return -1;
	sqlite3_bind_int64(s, 1, id);
	if ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		d.title = (const char *)sqlite3_column_text(s, 0);
		d.summary = (const char *)sqlite3_column_text(s, 1);
		d.content = (const char *)sqlite3_column_text(s, 2);
		d.article = article != NULL ? article :
		    (const char *)sqlite3_column_text(s, 3);
		d.article_known = 1;
		rc = store_same_item(st, id, &d, fresh, err);
	} else
		rc = rc == SQLITE_DONE ? 0 : store_fail(st, err,
		    "grouping stories");
	sqlite3_finalize(s);
	return rc;
}

/* The ids of every item, oldest first. Allocated. */
static int
store_same_ids(struct store *st, int64_t **ids, size_t *n,
    struct dl_err *err)
{
	sqlite3_stmt	*s;
	size_t		 alloc = 0;
	int		 rc;

	*ids = NULL;
	*n = 0;
	if (store_prepare(st, "SELECT id FROM items ORDER BY id", &s,
	    err) == -1)
		return -1;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (*n == alloc) {
			alloc = alloc == 0 ? 1024 : alloc * 2;
			*ids = dl_reallocarray(*ids, alloc, sizeof **ids);
		}
		(*ids)[(*n)++] = sqlite3_column_int64(s, 0);
	}
	sqlite3_finalize(s);
	if (rc == SQLITE_DONE)
		return 0;
	free(*ids);
	*ids = NULL;
	return store_fail(st, err, "grouping stories");
}

/* Group every item, oldest first (the migration to STORE_SAME_SCHEMA):
 * the ids first, as grouping changes the rows a scan would walk. */
int
store_same_all(struct store *st, struct dl_err *err)
{
	int64_t	*ids;
	size_t	 i, n;
	int	 rc = 0;

	if (store_same_ids(st, &ids, &n, err) == -1)
		return -1;
	for (i = 0; i < n && rc == 0; i++)
		rc = store_same_text_of(st, ids[i], NULL, 1, err);
	free(ids);
	return rc;
}

void
store_set_grouping(struct store *st, double threshold)
{
	st->same_threshold = threshold;
}
