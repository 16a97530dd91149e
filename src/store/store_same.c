/* store_same.c: one story, not five (issue 17): each item's MinHash
 * signature and LSH band keys (group_), and items.same_as, the id of
 * the first item of its group of copies. The write that adds an item or
 * changes its text queues it in group_pending in its own transaction
 * (and takes a changed item out of its group); store_same_sync groups
 * the queue, many items per transaction, their band keys looked up and
 * inserted in key order. */
#include "config.h"

#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

#include "dl.h"
#include "feed.h"
#include "group.h"
#include "store_int.h"

/* Most candidates compared for one item, and the matches after which
 * the rest are not compared (the earliest first: the same group's). */
#define STORE_SAME_MAX_CAND	48
#define STORE_SAME_ENOUGH	4
/* Pending items grouped per flush (memory stays flat). */
#define STORE_SAME_STEP		2048

/* A new item waiting for its transaction's commit to be grouped, with
 * the candidates its band keys find. */
struct store_same_q {
	int64_t		 id;		/* 0: deleted since */
	struct group_sig sig;
	int64_t		 cand[STORE_SAME_MAX_CAND];
	int		 ncand;
};

/* One band key of a queued item. */
struct store_same_key {
	int64_t		 key;
	size_t		 qi;
};

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
	size_t	 i;

	if (st->version < STORE_SAME_SCHEMA)
		return 0;
	for (i = 0; i < st->same_n; i++)
		if (st->same_q[i].id == id)
			st->same_q[i].id = 0;
	return store_same_forget(st, id, err);
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
	int			 i, rc, found = 0;

	*root = 0;
	for (i = 0; i < n && found < STORE_SAME_ENOUGH; i++) {
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
			found++;
		}
		sqlite3_reset(s);
	}
	return 0;
}

/* --- Grouping the pending items ------------------------------------------ */

static void
store_same_queue(struct store *st, int64_t id, const struct group_sig *sig)
{
	struct store_same_q	*q;

	if (st->same_n == st->same_alloc) {
		st->same_alloc = st->same_alloc == 0 ? 64 : st->same_alloc * 2;
		st->same_q = dl_reallocarray(st->same_q, st->same_alloc,
		    sizeof *st->same_q);
	}
	q = &st->same_q[st->same_n++];
	q->id = id;
	q->sig = *sig;
	q->ncand = 0;
}

static void
store_same_cand_add(struct store_same_q *q, int64_t c)
{
	int	 k;

	if (c == q->id || q->ncand == STORE_SAME_MAX_CAND)
		return;
	for (k = 0; k < q->ncand; k++)
		if (q->cand[k] == c)
			return;
	q->cand[q->ncand++] = c;
}

static int
store_same_key_cmp(const void *a, const void *b)
{
	const struct store_same_key	*x = a, *y = b;

	if (x->key != y->key)
		return x->key < y->key ? -1 : 1;
	return x->qi < y->qi ? -1 : x->qi > y->qi;
}

static int
store_same_id_cmp(const void *a, const void *b)
{
	int64_t	 x = *(const int64_t *)a, y = *(const int64_t *)b;

	return x < y ? -1 : x > y;
}

/* Every band key of the queue, sorted (allocated, *n of them). */
static struct store_same_key *
store_same_keys(struct store *st, size_t *n)
{
	struct store_same_key	*v;
	int64_t			 keys[GROUP_BANDS];
	size_t			 i, b;

	v = dl_reallocarray(NULL, st->same_n * GROUP_BANDS, sizeof *v);
	*n = 0;
	for (i = 0; i < st->same_n; i++) {
		if (st->same_q[i].id == 0)
			continue;
		group_bands(&st->same_q[i].sig, keys);
		for (b = 0; b < GROUP_BANDS; b++) {
			v[*n].key = keys[b];
			v[(*n)++].qi = i;
		}
	}
	qsort(v, *n, sizeof *v, store_same_key_cmp);
	return v;
}

/* The run v[a..z) of one key: the stored items with it are candidates
 * of each queued one, and so are the queued ones before it. */
static int
store_same_run_key(struct store *st, const struct store_same_key *v,
    size_t a, size_t z, struct dl_err *err)
{
	sqlite3_stmt	*s;
	size_t		 i, j;
	int		 rc;

	if ((s = store_stmt(st, STORE_SAME_BAND_GET, err)) == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, v[a].key);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW)
		for (i = a; i < z; i++)
			store_same_cand_add(&st->same_q[v[i].qi],
			    sqlite3_column_int64(s, 0));
	if (rc != SQLITE_DONE)
		return store_fail(st, err, "grouping stories");
	sqlite3_reset(s);
	for (j = a + 1; j < z; j++)
		for (i = a; i < j && i < a + STORE_SAME_ENOUGH; i++)
			store_same_cand_add(&st->same_q[v[j].qi],
			    st->same_q[v[i].qi].id);
	return 0;
}

/* Look every key up and insert it, in key order. */
static int
store_same_flush_keys(struct store *st, struct dl_err *err)
{
	struct store_same_key	*v;
	size_t			 n, a, z;
	int			 rc = 0;

	v = store_same_keys(st, &n);
	for (a = 0; a < n && rc == 0; a = z) {
		for (z = a + 1; z < n && v[z].key == v[a].key; z++)
			continue;
		rc = store_same_run_key(st, v, a, z, err);
	}
	for (a = 0; a < n && rc == 0; a++)
		rc = store_same_run(st, STORE_SAME_BAND_PUT, v[a].key,
		    st->same_q[v[a].qi].id, err);
	free(v);
	return rc;
}

/* The signatures, then each item, oldest first, joins the earliest
 * group of its candidates that is similar enough. */
static int
store_same_flush_join(struct store *st, struct dl_err *err)
{
	unsigned char		 p[GROUP_SIG_BYTES];
	struct store_same_q	*q;
	sqlite3_stmt		*s;
	int64_t			 root;
	size_t			 i;

	for (i = 0; i < st->same_n; i++) {
		if ((q = &st->same_q[i])->id == 0)
			continue;
		if ((s = store_stmt(st, STORE_SAME_SIG_PUT, err)) == NULL)
			return -1;
		group_sig_pack(&q->sig, p);
		sqlite3_bind_int64(s, 1, q->id);
		sqlite3_bind_blob(s, 2, p, sizeof p, SQLITE_STATIC);
		if (store_step_done(st, s, "grouping stories", err) == -1)
			return -1;
	}
	for (i = 0; i < st->same_n; i++) {
		if ((q = &st->same_q[i])->id == 0 || q->ncand == 0)
			continue;
		qsort(q->cand, (size_t)q->ncand, sizeof q->cand[0],
		    store_same_id_cmp);
		if (store_same_best(st, &q->sig, q->cand, q->ncand, &root,
		    err) == -1)
			return -1;
		if (root != 0 && store_same_join(st, q->id, root, err) == -1)
			return -1;
	}
	return 0;
}

/* *any: is an item waiting to be grouped? */
static int
store_same_pending(struct store *st, int *any, struct dl_err *err)
{
	sqlite3_stmt	*s;
	int		 rc;

	if ((s = store_stmt(st, STORE_SAME_ANY, err)) == NULL)
		return -1;
	rc = sqlite3_step(s);
	*any = rc == SQLITE_ROW && sqlite3_column_int(s, 0);
	sqlite3_reset(s);
	return rc == SQLITE_ROW ? 0 : store_fail(st, err, "grouping stories");
}

int
store_same_flush(struct store *st, struct dl_err *err)
{
	int	 rc;

	if (st->same_n == 0)
		return 0;
	rc = store_same_flush_keys(st, err);
	if (rc == 0)
		rc = store_same_flush_join(st, err);
	st->same_n = 0;
	return rc;
}

void
store_same_discard(struct store *st)
{
	st->same_n = 0;
}

void
store_same_free(struct store *st)
{
	free(st->same_q);
	st->same_q = NULL;
	st->same_n = st->same_alloc = 0;
}

/* Queue id for grouping; a known item leaves its group and forgets its
 * signature first (its text changed). */
int
store_same_item(struct store *st, int64_t id, int fresh, struct dl_err *err)
{
	sqlite3_stmt	*s;

	if (st->version < STORE_SAME_SCHEMA || st->same_threshold <= 0)
		return 0;
	if (!fresh && (store_same_leave(st, id, err) == -1 ||
	    store_same_forget(st, id, err) == -1))
		return -1;
	if ((s = store_stmt(st, STORE_SAME_PENDING, err)) == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, id);
	return store_step_done(st, s, "grouping stories", err);
}

/* Queue the signatures of up to max pending items (from *after on) for
 * the flush; *after gets the last id read, *n how many were read. */
static int
store_same_load(struct store *st, int64_t *after, size_t max, size_t *n,
    struct dl_err *err)
{
	struct group_sig	 sig;
	sqlite3_stmt		*s;
	char			*text;
	int			 rc;

	*n = 0;
	if (store_prepare(st, "SELECT p.item_id, i.title, i.summary,"
	    " i.content, a.text FROM group_pending p JOIN items i"
	    " ON i.id = p.item_id LEFT JOIN articles a ON a.item_id = i.id"
	    " WHERE p.item_id > ?1 ORDER BY p.item_id LIMIT ?2", &s,
	    err) == -1)
		return -1;
	sqlite3_bind_int64(s, 1, *after);
	sqlite3_bind_int64(s, 2, (int64_t)max);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		*after = sqlite3_column_int64(s, 0);
		(*n)++;
		text = store_same_text((const char *)sqlite3_column_text(s, 1),
		    (const char *)sqlite3_column_text(s, 2),
		    (const char *)sqlite3_column_text(s, 3),
		    (const char *)sqlite3_column_text(s, 4));
		group_sig_text(&sig, text != NULL ? text : "",
		    text != NULL ? strlen(text) : 0);
		free(text);
		if (group_sig_usable(&sig))
			store_same_queue(st, *after, &sig);
	}
	sqlite3_finalize(s);
	return rc == SQLITE_DONE ? 0 : store_fail(st, err, "grouping stories");
}

/* Group up to max pending items (0: all) in the caller's transaction,
 * STORE_SAME_STEP at a time; *more: are some left? */
static int
store_same_sync_in(struct store *st, size_t max, int *more,
    struct dl_err *err)
{
	int64_t	 after = 0;
	size_t	 done = 0, n, step;
	char	*sql;
	int	 rc;

	do {
		step = max == 0 || max - done > STORE_SAME_STEP ?
		    STORE_SAME_STEP : max - done;
		if (store_same_load(st, &after, step, &n, err) == -1 ||
		    store_same_flush(st, err) == -1)
			return -1;
		done += n;
	} while (n == step && (max == 0 || done < max));
	sql = dl_printf("DELETE FROM group_pending WHERE item_id <= %lld",
	    (long long)after);
	rc = store_exec(st, sql, err);
	free(sql);
	if (rc == 0 && more != NULL)
		rc = store_same_pending(st, more, err);
	return rc;
}

int
store_same_sync(struct store *st, size_t max, int *more, struct dl_err *err)
{
	int	 any, own;

	if (more != NULL)
		*more = 0;
	if (st->version < STORE_SAME_SCHEMA || st->same_threshold <= 0)
		return 0;
	if (store_same_pending(st, &any, err) == -1)
		return -1;
	if (!any)
		return 0;
	if ((own = sqlite3_get_autocommit(st->db)) &&
	    store_begin(st, err) == -1)
		return -1;
	if (store_same_sync_in(st, max, more, err) == -1) {
		store_same_discard(st);
		if (own)
			store_rollback(st);
		return -1;
	}
	return own ? store_commit(st, err) : 0;
}

void
store_set_grouping(struct store *st, double threshold)
{
	st->same_threshold = threshold;
}
