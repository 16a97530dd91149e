/* store.h: the local cache (DESIGN.md "The cache"): feeds and their fetch
 * state, items unique per feed with read/saved state, full articles, a
 * full-text index, retention, and the refresh lock. SQLite in WAL
 * mode; every change is one transaction. */
#ifndef STORE_H
#define STORE_H

#include <stddef.h>
#include <stdint.h>

#include "dl.h"
#include "feed.h"

/* The schema version this build writes (PRAGMA user_version). */
#define STORE_SCHEMA_VERSION	13
/* The version that added the sync tables (issue 15). */
#define STORE_SYNC_SCHEMA	10
/* The version that remembers what an untagged page line became. */
#define STORE_PAGE_SCHEMA	11
/* The version that groups copies of one story (issue 17). */
#define STORE_SAME_SCHEMA	12
/* Items kept per feed unless store_set_max_items says otherwise. */
#define STORE_MAX_ITEMS_DEFAULT	1000
/* How long a locked database is waited for before a write fails. */
#define STORE_BUSY_TIMEOUT_MS	5000

struct store;

/* $XDG_DATA_HOME/dateline/dateline.db, else
 * $HOME/.local/share/dateline/dateline.db. Allocated; NULL (err set) when
 * neither variable gives an absolute folder. */
char	*store_default_path(struct dl_err *err);

/* Open (creating the file and its missing parent folders, mode 0700) and
 * migrate the cache at path. Returns NULL with err naming the file and the
 * reason, including a schema newer than this build knows. A cache whose
 * file or folder the user cannot write opens read-only: reading works,
 * writes fail with "PATH: the cache is read-only: why". */
struct store *store_open(const char *path, struct dl_err *err);
/* For migration tests: as store_open, but migrate only up to version. */
struct store *store_open_upto(const char *path, int version,
	     struct dl_err *err);
/* Closes the database and releases the refresh lock. NULL does nothing. */
void	 store_close(struct store *st);
/* The schema version of the open database. */
int	 store_version(struct store *st);
/* PRAGMA integrity_check, the FTS index check, that every item is
 * indexed or pending, and that each feed's unread/total counters equal
 * the counts of its items; 0 or -1 (err says). */
int	 store_check(struct store *st, struct dl_err *err);
/* PRAGMA quick_check: 0, or -1 with "cache damaged: PATH: ...". Any
 * function that meets SQLITE_CORRUPT or SQLITE_NOTADB says "cache
 * damaged: PATH: ..." too, and st writes nothing more. */
int	 store_quick_check(struct store *st, struct dl_err *err);
/* Items per feed kept by retention; 0 keeps everything. */
void	 store_set_max_items(struct store *st, size_t max);
/* Group copies of one story from now on (store_open: on, at
 * GROUP_THRESHOLD_DEFAULT): a new or changed item joins the group of a
 * stored one whose estimated Jaccard similarity of shingles (group.h)
 * is at least threshold; 0 turns grouping off: nothing is grouped and
 * lists give every item same_as 0. Groups made before stay. */
void	 store_set_grouping(struct store *st, double threshold);
/* Group the items added or changed since the last call (at most max of
 * them, the oldest; 0: all), in one transaction, or in the caller's if
 * one is open. Writes only queue items (in their own transaction, so a
 * kill leaves each item grouped or queued, and groups whole): a refresh
 * does not pay for grouping; the reader groups while idle (with
 * store_search_sync_some), `items` before listing (a search lists every
 * match: it does not wait for grouping). *more (may be NULL) is set
 * when items are left. Returns 0, or -1 (err says; nothing changed). */
int	 store_same_sync(struct store *st, size_t max, int *more,
	     struct dl_err *err);
/* SQLite's page cache for this connection, in KiB (default 2 MB). A
 * refresh mostly appends and does as well with 512 KB, in each of its
 * two connections (measured against 1 MB: the same time, 0.6 MB less
 * peak RSS); the rest is RSS. */
void	 store_set_cache_kb(struct store *st, int kb);
/* A second connection to st's cache, with its settings (retention, page
 * cache) and its background checkpointer, if any, for a thread of its
 * own (the refresh's writer). Close it before st. NULL on error. */
struct store *store_open_sibling(struct store *st, struct dl_err *err);

/* Take the refresh lock (flock on "<db>.lock"), the one lock every
 * writer of stories (a refresh, a sync) holds, waiting up to wait_ms;
 * holder (NULL: "dateline") names the taker, e.g. "dateline sync", for
 * a refused one to read. Returns 0, or -1 with "HOLDER (pid N) is
 * running on this cache (...)" (or the reason the lock file could not
 * be opened, or "the cache is read-only: ..."). Held until unlock or
 * close. When the last holder did not unlock (it was killed), PRAGMA
 * quick_check runs first: -1 with "cache damaged: ..." when it fails,
 * and for every later refresh until a check passes. */
int	 store_lock_refresh(struct store *st, int wait_ms, const char *holder,
	     struct dl_err *err);
void	 store_unlock_refresh(struct store *st);

/* --- Feeds -------------------------------------------------------------- */

/* A feed row. Strings are owned (store_feed_clear frees them) and may be
 * NULL; times are seconds since the epoch or DATE_NONE. */
struct store_feed {
	int64_t		 id;
	char		*url;
	char		*kind;		/* "feed" or "hub" */
	char		*title;
	char		*etag;
	char		*last_modified;
	int		 last_status;	/* HTTP status, 0 if none yet */
	char		*last_error;	/* NULL after a success */
	int64_t		 last_fetch;
	int64_t		 next_fetch;
	int		 fail_count;
	int		 dead;		/* 410 Gone: not polled any more */
	char		*moved_to;	/* permanent redirect target */
	int64_t		 unread;	/* filled by store_feeds_list only; */
	int64_t		 total;		/* kept in the row, not counted */
	char		*page_feed;	/* filled by store_feeds_pages only: */
	int		 page_hub;	/* what an untagged page became */
};

void	 store_feed_clear(struct store_feed *f);

/* Add the feed if new (kind "feed" or "hub"; NULL means "feed"); for a
 * known feed a non-NULL kind replaces the stored one, NULL keeps it. *id
 * gets its id. Returns 0, or -1 (a kind other than those two, or a
 * database error). */
int	 store_feed_upsert(struct store *st, const char *url, const char *kind,
	     int64_t *id, struct dl_err *err);
/* The feed's own title (from the document); NULL keeps the old one. */
/* An untagged line found to be a page (schema 10): the feed it
 * advertises (*page_feed, allocated, or NULL) or a hub (*page_hub). */
int	 store_feed_get_page(struct store *st, int64_t feed_id,
	     char **page_feed, int *page_hub, struct dl_err *err);
int	 store_feed_set_page(struct store *st, int64_t feed_id,
	     const char *page_feed, int page_hub, struct dl_err *err);
int	 store_feed_set_title(struct store *st, int64_t feed_id,
	     const char *title, struct dl_err *err);
/* Read one feed by URL into f (caller clears it). Returns 0, 1 when the
 * URL is not in the cache (f zeroed), -1 on error. */
int	 store_feed_get(struct store *st, const char *url, struct store_feed *f,
	     struct dl_err *err);
/* Every feed with unread/total counts, ordered by title then URL. *out is
 * an allocated array (store_feeds_free). Returns 0 or -1. */
int	 store_feeds_list(struct store *st, struct store_feed **out, size_t *n,
	     struct dl_err *err);
void	 store_feeds_free(struct store_feed *v, size_t n);
/* Fill page_feed and page_hub of the n feeds of v (store_feeds_list's)
 * in one query. Returns 0 or -1. */
int	 store_feeds_pages(struct store *st, struct store_feed *v, size_t n,
	     struct dl_err *err);

/* The outcome of one fetch. Only feed state changes: items never do. */
struct store_fetch {
	int		 status;	/* HTTP status, 0 when no response */
	const char	*error;		/* NULL: success, fail_count reset;
					   else the reason, fail_count + 1 */
	int		 set_validators; /* nonzero: etag and last_modified
					   replace the stored ones (NULL
					   clears); zero keeps them */
	const char	*etag;
	const char	*last_modified;
	int64_t		 fetched_at;	/* DATE_NONE: dl_now() */
	int64_t		 next_fetch;	/* DATE_NONE: none */
	int		 dead;		/* 410 Gone */
	const char	*moved_to;	/* NULL keeps what is stored */
};

int	 store_feed_record_fetch(struct store *st, int64_t feed_id,
	     const struct store_fetch *r, struct dl_err *err);
/* Before a refresh queues the feed url: remember line, its urls file
 * line (NULL keeps the stored one), and forget the feed's back-off
 * (failure count, next fetch time, dead) when force is nonzero or line
 * differs from the line stored before (none stored: no change). A feed
 * not in the cache is left alone. Returns 0, or -1 with err filled. */
int	 store_feed_forget_backoff(struct store *st, const char *url,
	     const char *line, int force, struct dl_err *err);
/* From now until store_close, the WAL is checkpointed by a thread with
 * a connection of its own (passive checkpoints each time the WAL passes
 * 1000 pages), not inside the commit that passed it: a refresh writing
 * 30 MB no longer waits for the copy and fsyncs of each checkpoint.
 * Returns 0, or -1 (err filled) and SQLite's autocheckpoint stays. */
int	 store_checkpoint_in_background(struct store *st, struct dl_err *err);
/* store_feed_record_fetch for n feeds in one transaction (one commit
 * instead of n): all are recorded or, on error (-1), none. */
int	 store_feed_record_fetches(struct store *st, const int64_t *feed_ids,
	     const struct store_fetch *r, size_t n, struct dl_err *err);

/* --- Writing items -------------------------------------------------------
 *
 * A batch collects one feed's items as the streaming parser delivers them
 * (several batches may be open at once, for transfers that interleave) and
 * writes them all in one transaction at commit; abort drops them and
 * touches nothing. Items are matched per feed by key: "g:" guid, else
 * "l:" link, else "h:" and the FNV-1a 64 hash (hex) of title, "\n" and the
 * decimal published (else updated) date. A known item keeps its id, first
 * seen time and read/saved state; changed fields are updated in place
 * (and indexed again at the next store_search_sync). After the merge,
 * in the same transaction,
 * retention removes the feed's items beyond the maximum: read items
 * before unread ones, oldest first; never saved items and never items
 * the batch carried (the feed would bring them back as new). */

struct store_batch;

struct store_counts {
	size_t		 added;		/* items new to the cache */
	size_t		 updated;	/* known items whose content changed */
	size_t		 unchanged;
	size_t		 removed;	/* by retention */
};

/* Start a batch for a feed (from store_feed_upsert). Never fails. */
struct store_batch *store_batch_begin(struct store *st, int64_t feed_id);
/* Stage a copy of one item (borrowed for the call). Returns 0 or -1. */
int	 store_batch_item(struct store_batch *b, const struct feed_item *it,
	     struct dl_err *err);
/* Write the staged items in one transaction, then retention. Frees b.
 * Returns 0 with counts filled (counts may be NULL), or -1 after a
 * rollback: nothing of the batch is written. */
int	 store_batch_commit(struct store_batch *b, struct store_counts *counts,
	     struct dl_err *err);
/* Drop the staged items; nothing is written. Frees b; NULL does nothing. */
void	 store_batch_abort(struct store_batch *b);

/* Several feeds in one transaction: what a refresh finished together
 * costs one commit instead of one each. store_group_begin (BEGIN
 * IMMEDIATE), then store_group_feed for each feed, then
 * store_group_commit or store_group_rollback. */
int	 store_group_begin(struct store *st, struct dl_err *err);
/* One feed's part: b's items (merge and retention, as
 * store_batch_commit; b may be NULL and stays the caller's), then its
 * title if not NULL, then the fetch record rec if not NULL. Returns 0
 * with counts filled (may be NULL), or -1: then only a rollback of the
 * whole group is safe. (Savepoints would let the others commit, but
 * their statement journal rewrote every shared index page once per
 * feed: 180,000 writes to a temporary file in a cold refresh.) */
int	 store_group_feed(struct store *st, int64_t feed_id,
	     struct store_batch *b, const char *title,
	     const struct store_fetch *rec, struct store_counts *counts,
	     struct dl_err *err);
/* Returns 0, or -1 after a rollback: nothing of the group is written. */
int	 store_group_commit(struct store *st, struct dl_err *err);
void	 store_group_rollback(struct store *st);

/* The key an item is matched by (see above). Allocated. */
char	*store_item_key(const struct feed_item *it);
/* FNV-1a 64 of n bytes, continuing from h (start with STORE_FNV_OFFSET). */
#define STORE_FNV_OFFSET	0xcbf29ce484222325ULL
uint64_t store_fnv1a(uint64_t h, const void *p, size_t n);

/* --- Reading items ------------------------------------------------------ */

struct store_article {
	char		*url;
	char		*title;
	char		*byline;
	char		*text;		/* plain text, or NULL */
	char		*html;		/* or NULL */
	int64_t		 fetched_at;
	int		 status;	/* HTTP status */
	char		*error;		/* NULL when extraction worked */
	char		*etag;		/* the page's validators, sent when */
	char		*last_modified;	/* it is fetched again; or NULL */
};

void	 store_article_clear(struct store_article *a);

/* An item. Strings owned (store_item_clear), any may be NULL; dates are
 * seconds or DATE_NONE. summary, content, categories and article are
 * filled by store_item_get only. */
struct store_item {
	int64_t		 id;
	int64_t		 feed_id;
	char		*feed_url;
	char		*feed_title;
	char		*guid;
	char		*link;
	char		*title;
	char		*author;
	int64_t		 published;
	int64_t		 updated;
	int64_t		 first_seen;
	int64_t		 sort_date;	/* published, else updated, else
					   first_seen */
	int		 read;
	int		 saved;
	int64_t		 same_as;	/* the first item of its group of
					   copies of one story (its own id
					   for the first), 0 when alone */
	int64_t		 same_n;	/* items in that group, 0 alone;
					   counted by store_item_get and
					   lists with groups_once only */
	char		*summary;	/* HTML */
	char		*content;	/* HTML */
	char		*categories;	/* one per line */
	struct store_article *article;	/* NULL when none */
};

void	 store_item_clear(struct store_item *it);

/* A window of the items list, newest first (sort_date, then id). */
struct store_query {
	const char	*feed_url;	/* NULL: every feed */
	/* With in_feeds, only the items of these nfeeds feeds (URLs as
	 * subscribed; none: no item), as the reader's tag filter asks. */
	int		 in_feeds;
	const char *const *feeds;
	size_t		 nfeeds;
	int		 unread_only;
	int		 saved_only;
	/* Copies of one story once (with grouping on): a grouped item is
	 * listed only when no earlier item of its group (lower id) passes
	 * the feed, unread and saved filters; with a search, every match
	 * is listed. */
	int		 groups_once;
	/* > 0: only the copies of one story, the items whose same_as is
	 * this (the first item of their group); groups_once is then
	 * moot. */
	int64_t		 same_as;
	const char	*search;	/* NULL or words that must all occur
					   in title, author or text; see
					   "Search" below */
	size_t		 limit;		/* 0: no limit */
	size_t		 offset;
	/* Keyset paging: when before_id > 0, only items older than
	 * (before_date, before_id), i.e. after the last row of the
	 * previous window. */
	int64_t		 before_date;
	int64_t		 before_id;
	/* The order (0, STORE_ORDER_NEWEST: sort_date then id, newest
	 * first); keyset paging works in that order only. */
	enum store_order {
		STORE_ORDER_NEWEST,
		STORE_ORDER_OLDEST,
		STORE_ORDER_FEED,	/* feed title, then newest first */
		STORE_ORDER_TITLE
	}		 order;
};

/* Search. The index holds the title, the author and all of an item's
 * plain text (summary and content, markup removed, and the text of its
 * fetched article, indexed again when one is stored) as tokens:
 * words of letters and digits, case-folded, with Latin-1 and Latin
 * Extended-A accents removed (Zürich = zurich); runs of Han, kana and
 * Hangul as overlapping bigrams (서울특별시: 서울 울특 특별 별시), a lone
 * character as itself. A search is split at white space and every word
 * must match, through the same tokenizer: a word is the phrase of its
 * tokens (so a 2-character Korean, Japanese or Chinese word is one
 * bigram and a longer one adjacent bigrams, found inside longer runs
 * too); the last word, when it ends in a Latin word, matches as a prefix
 * (olymp finds Olympics). A single CJK character scans with LIKE. Since
 * schema 3, text inside a Latin word no longer matches (lympics does not
 * find Olympics; trigrams did), punctuation separates words (4% is the
 * word 4), and a word with no letter or digit matches nothing. */

/* Indexing is deferred: a batch commit writes its items without indexing
 * them and, in the same transaction, lists them as pending (so a kill at
 * any moment leaves each item either indexed or pending, never lost to
 * the index). store_search_sync indexes every pending item in one
 * transaction; store_items_list calls it before any search, so a search
 * never misses an item, and a UI may call it when idle so that the first
 * search does not pay for it (about 0.25 ms per item). Returns 0, or -1
 * (err says; nothing changed). */
int	 store_search_sync(struct store *st, struct dl_err *err);
/* The same for at most max pending items (the oldest), in one
 * transaction, so that an idle UI can index a big refresh in bounded
 * steps; *more is set to 1 if items are still pending after it, else
 * 0. Returns 0, or -1 (err says; nothing changed). */
int	 store_search_sync_some(struct store *st, size_t max, int *more,
	     struct dl_err *err);

/* *out is an allocated array (store_items_free), possibly empty. With a
 * search, pending items are indexed first (store_search_sync). Returns
 * 0 or -1. */
int	 store_items_list(struct store *st, const struct store_query *q,
	     struct store_item **out, size_t *n, struct dl_err *err);
void	 store_items_free(struct store_item *v, size_t n);
/* One item with its article if any (caller clears it). Returns 0, or -1
 * with "no item ID" or the database error. */
int	 store_item_get(struct store *st, int64_t id, struct store_item *it,
	     struct dl_err *err);

enum store_mark {
	STORE_MARK_READ,
	STORE_MARK_UNREAD,
	STORE_MARK_SAVE,
	STORE_MARK_UNSAVE
};

/* Mark n items in one transaction. An unknown id fails the whole mark
 * ("no item ID"), changing nothing. Returns 0 or -1. */
int	 store_mark(struct store *st, const int64_t *ids, size_t n,
	     enum store_mark how, struct dl_err *err);
/* store_mark for id and every other copy of its story (its group,
 * with grouping on); *n (may be NULL) gets how many were marked. */
int	 store_mark_group(struct store *st, int64_t id, enum store_mark how,
	     size_t *n, struct dl_err *err);
/* The other copies of id's story, oldest first, as store_items_list
 * rows (same_as filled); none when it stands alone. Returns 0 or -1. */
int	 store_same_copies(struct store *st, int64_t id,
	     struct store_item **out, size_t *n, struct dl_err *err);
/* Mark every item of a feed read; *changed (may be NULL) gets the count. */
int	 store_mark_feed_read(struct store *st, int64_t feed_id,
	     size_t *changed, struct dl_err *err);

/* Store (replace) the article of an item; fetched_at DATE_NONE means now.
 * Returns 0, or -1 ("no item ID" when it is not there). */
int	 store_article_put(struct store *st, int64_t item_id,
	     const struct store_article *a, struct dl_err *err);
/* Returns 0 with a filled (caller clears it), 1 when the item has no
 * article, -1 on error. */
int	 store_article_get(struct store *st, int64_t item_id,
	     struct store_article *a, struct dl_err *err);

/* --- Sync with a feed server (sync_, issue 15) ---------------------------
 *
 * Items of a server's feeds carry the server's id and the read/saved state
 * the server had at the last sync. store_mark and store_mark_feed_read
 * queue a mark for such items in the transaction of the mark (surviving a
 * crash); sync pushes them and clears the queue. The writers below run
 * inside store_group_begin .. store_group_commit, so that one sync is one
 * transaction. */

struct store_sync_item {
	int64_t		 item_id;
	int64_t		 server_id;
	int64_t		 server_feed;		/* its feed's server id, or 0 */
	int		 read, saved;		/* here, now */
	int		 srv_read, srv_saved;	/* the server's at the last sync */
};

/* The latest queued mark of one item and field (0 read, 1 saved). */
struct store_sync_mark {
	int64_t		 seq;
	int64_t		 item_id;
	int64_t		 server_id;
	int		 field;
	int		 value;
	int64_t		 at;
};

/* Every synced item, by item id. Allocated array (free()). */
int	 store_sync_items(struct store *st, struct store_sync_item **v,
	     size_t *n, struct dl_err *err);
/* The latest queued mark per item and field, oldest first; *last_seq
 * gets the newest seq read (0 if none), for store_sync_marks_done. */
int	 store_sync_marks(struct store *st, struct store_sync_mark **v,
	     size_t *n, int64_t *last_seq, struct dl_err *err);
/* Drop the queued marks up to seq. */
int	 store_sync_marks_done(struct store *st, int64_t last_seq,
	     struct dl_err *err);
/* Forget which feeds are the server's (a sync lists them all again):
 * their stories stay, as local feeds' do. */
int	 store_sync_feeds_reset(struct store *st, struct dl_err *err);
/* Add or update a server's feed (kind feed) with its title, server id
 * and category; *feed_id gets the local id. */
int	 store_sync_feed(struct store *st, const char *url, const char *title,
	     int64_t server_id, const char *category, int64_t *feed_id,
	     struct dl_err *err);
/* Link the item of feed_id with key (store_item_key) to server_id and
 * set its read/saved state, here and as the server's. *item_id gets it
 * (0 when retention already dropped it). */
int	 store_sync_link(struct store *st, int64_t feed_id, const char *key,
	     int64_t server_id, int read, int saved, int64_t *item_id,
	     struct dl_err *err);
/* Set an item's state here and the server's known state. */
int	 store_sync_set(struct store *st, int64_t item_id, int read,
	     int saved, int srv_read, int srv_saved, struct dl_err *err);
/* A number the sync keeps (since_id); *v is 0 when never set. */
int	 store_sync_state_get(struct store *st, const char *name, int64_t *v,
	     struct dl_err *err);
int	 store_sync_state_set(struct store *st, const char *name, int64_t v,
	     struct dl_err *err);
/* Each server feed's category (NULL when none), by feed URL: for the
 * tags of `dateline feeds`. n = 0 without sync. Allocated. */
struct store_sync_feedinfo {
	char		*url;
	char		*category;
	int64_t		 server_id;
};
int	 store_sync_feed_list(struct store *st, struct store_sync_feedinfo **v,
	     size_t *n, struct dl_err *err);
void	 store_sync_feed_list_free(struct store_sync_feedinfo *v, size_t n);

#endif
