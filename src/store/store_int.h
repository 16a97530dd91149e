/* store_int.h: shared between the files of the store_ module. */
#ifndef STORE_INT_H
#define STORE_INT_H

#include <pthread.h>
#include <sqlite3.h>
#include <stddef.h>
#include <stdint.h>

#include "dl.h"
#include "feed.h"
#include "store.h"

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
	STORE_FEED_ADDED,
	STORE_SAME_OF,		/* grouping (store_same.c) */
	STORE_SAME_CLEAR,
	STORE_SAME_MIN,
	STORE_SAME_MOVE,
	STORE_SAME_ALONE,
	STORE_SAME_SET,
	STORE_SAME_SIG_GET,
	STORE_SAME_SIG_PUT,
	STORE_SAME_SIG_DEL,
	STORE_SAME_BAND_GET,
	STORE_SAME_BAND_PUT,
	STORE_SAME_BAND_DEL,
	STORE_SAME_PENDING,
	STORE_SAME_ANY,
	STORE_FEED_PAGE_GET,	/* schema STORE_PAGE_SCHEMA and later */
	STORE_FEED_FORGET_PAGE,
	STORE_FEED_FORGET,	/* schema 9 and later */
	STORE_NSTMTS
};

/* A feed row, as store_feed_read reads it. */
#define STORE_FEED_COLS \
	"f.id, f.url, f.kind, f.title, f.etag, f.last_modified, " \
	"f.last_status, f.last_error, f.last_fetch, f.next_fetch, " \
	"f.fail_count, f.dead, f.moved_to"

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
	char		*ro_why;	/* non-NULL: opened read-only, as
					   the user cannot write it; why */
	int		 lock_fd;
	int		 damaged;	/* SQLite found the file damaged */
	size_t		 max_items;
	int		 cache_kb;	/* 0: SQLite's default */
	double		 same_threshold;	/* grouping; 0: off */
	struct store_same_q *same_q;	/* signatures to group */
	size_t		 same_n, same_alloc;
	struct store	*parent;	/* a sibling's: whose checkpointer
					   it shares */
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

/* store.c */
int	 store_readonly_fail(struct store *st, struct dl_err *err);
int	 store_fail(struct store *st, struct dl_err *err, const char *what);
int	 store_exec(struct store *st, const char *sql, struct dl_err *err);
int	 store_prepare(struct store *st, const char *sql, sqlite3_stmt **stmt,
	     struct dl_err *err);
sqlite3_stmt *store_stmt(struct store *st, enum store_stmt_id which,
	     struct dl_err *err);
int	 store_step_done(struct store *st, sqlite3_stmt *s, const char *what,
	     struct dl_err *err);
void	 store_bind_text(sqlite3_stmt *s, int i, const char *v);
void	 store_bind_date(sqlite3_stmt *s, int i, int64_t t);
char	*store_col_text(sqlite3_stmt *s, int i);
int64_t	 store_col_date(sqlite3_stmt *s, int i);
int	 store_begin(struct store *st, struct dl_err *err);
void	 store_rollback(struct store *st);
int	 store_commit(struct store *st, struct dl_err *err);

/* store_ckpt.c */
void	 store_ckpt_share(struct store *st, struct store *with);
void	 store_ckpt_stop(struct store *st);

/* store_sync.c: queue marks of synced items (in the caller's
 * transaction); no-ops before STORE_SYNC_SCHEMA. */
int	 store_sync_queue(struct store *st, const int64_t *ids, size_t n,
	     int how, struct dl_err *err);
int	 store_sync_queue_feed(struct store *st, int64_t feed_id,
	     struct dl_err *err);

/* Items read per band key, the earliest first: a story in a big group
 * meets its first copies; the cost of a key shared by thousands (a
 * feed of boilerplate) stays bounded. */
#define STORE_SAME_BAND_ROWS	"16"
/* store_same.c: grouping copies of one story (issue 17); no-ops before
 * STORE_SAME_SCHEMA or with grouping off. */
/* Queue the item for grouping, in the caller's transaction (fresh: a
 * new item; else its text changed: it leaves its group first). */
int	 store_same_item(struct store *st, int64_t id, int fresh,
	     struct dl_err *err);
/* Forget an item's signature and band keys, before it is deleted (the
 * delete trigger mends its group). */
int	 store_same_delete(struct store *st, int64_t id, struct dl_err *err);
/* Group the queued signatures (store_same_sync's steps): their band
 * keys looked up and inserted in key order, so each index page is read
 * once per step, not once per key. discard forgets them; free at
 * close. */
int	 store_same_flush(struct store *st, struct dl_err *err);
void	 store_same_discard(struct store *st);
void	 store_same_free(struct store *st);

/* store_search.c */
void	 store_tokens(struct dl_buf *out, const char *s, size_t len);
int	 store_fts_reindex(struct store *st, struct dl_err *err);
int	 store_search_later(struct store *st, int64_t id,
	     const struct store_row *r, int replace, struct dl_err *err);
int	 store_search_article(struct store *st, int64_t id,
	     struct dl_err *err);

#endif
