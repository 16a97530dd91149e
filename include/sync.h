/* sync.h: dateline as a client of a feed server (issue 15): a small
 * backend interface (log in, list feeds, fetch headlines since a point in
 * pages, list unread and starred ids, push marks, subscribe and
 * unsubscribe), Tiny Tiny RSS's JSON API as its first backend, and one
 * sync run that merges the server's state with the marks queued in the
 * cache and writes what arrives in one transaction. */
#ifndef SYNC_H
#define SYNC_H

#include <stddef.h>
#include <stdint.h>

#include "dl.h"

struct store;

/* The tag the feed server's feeds carry beside their category, in
 * `dateline feeds` and the reader's feed list. */
#define SYNC_FEED_TAG	"feed-server"

/* The fields a mark changes. */
enum sync_field {
	SYNC_READ,
	SYNC_SAVED
};

/* One feed the server holds. Strings owned (sync_feeds_free). */
struct sync_feed {
	int64_t		 id;		/* the server's */
	char		*url;
	char		*title;
	char		*category;	/* NULL: uncategorized */
	int64_t		 unread;	/* the server's unread count, or -1 */
};

/* One headline. Strings owned (sync_headlines_free). */
struct sync_headline {
	int64_t		 id;		/* the server's, increasing */
	int64_t		 feed_id;	/* the server's */
	char		*guid;
	char		*link;
	char		*title;
	char		*author;
	char		*content;	/* HTML */
	int64_t		 updated;
	int		 unread;
	int		 starred;
};

enum sync_list {
	SYNC_LIST_UNREAD,
	SYNC_LIST_STARRED
};

/* Most headlines one page may hold (tt-rss's own cap is 200). */
#define SYNC_PAGE	200

/* A backend: a struct of callbacks on its own state b. Every call
 * returns 0, or -1 with err saying in words what went wrong. Arrays are
 * allocated; the caller frees them (sync_feeds_free, ...). */
struct sync_backend {
	const char	*name;
	void		*b;
	int	(*login)(void *b, struct dl_err *err);
	int	(*feeds)(void *b, struct sync_feed **v, size_t *n,
		    struct dl_err *err);
	/* Headlines with id > since_id, in feed_id (the server's; 0:
	 * every feed), skipping skip of them, at most SYNC_PAGE; fewer
	 * than SYNC_PAGE means the last page. */
	int	(*headlines)(void *b, int64_t feed_id, int64_t since_id,
		    size_t skip, struct sync_headline **v, size_t *n,
		    struct dl_err *err);
	/* Every unread (or starred) headline id the server holds, in
	 * feed_id (the server's), or in every feed when feed_id is 0. */
	int	(*ids)(void *b, enum sync_list which, int64_t feed_id,
		    int64_t **v, size_t *n, struct dl_err *err);
	/* Set field to value on the n headlines. */
	int	(*push)(void *b, const int64_t *ids, size_t n,
		    enum sync_field field, int value, struct dl_err *err);
	int	(*subscribe)(void *b, const char *url, struct dl_err *err);
	int	(*unsubscribe)(void *b, int64_t feed_id, struct dl_err *err);
	/* Requests made and bytes received so far. */
	void	(*stats)(void *b, size_t *requests, size_t *bytes);
	/* The one call that may come from another thread: the request
	 * running stops at once and it and every later call fail with
	 * "sync cancelled". NULL: the backend cannot be stopped. */
	void	(*cancel)(void *b);
	void	(*free)(void *b);
};

/* What sync needs from the settings. Strings borrowed. */
struct sync_config {
	const char	*kind;		/* "ttrss" */
	const char	*url;		/* the server's web root */
	const char	*user;
	const char	*password_file;	/* "" or NULL: the environment */
	long		 timeout_ms;	/* 0: 60 s */
};

/* The password: the first line of cfg->password_file, refused when the
 * file is readable or writable by group or others; else
 * $DATELINE_SYNC_PASSWORD. Never runs a command. Allocated; NULL with
 * err set. */
char	*sync_password(const struct sync_config *cfg, struct dl_err *err);

struct settings;

/* The backend the settings name: sync (none or ttrss), sync-url,
 * sync-user, the password (sync_password: sync-password-file, else
 * $DATELINE_SYNC_PASSWORD) and download-timeout for each request.
 * Returns 0 (be filled; sync_backend_free), 1 when sync is none (be
 * zeroed), or -1 (be zeroed, err says why in words). */
int	 sync_backend_from_settings(const struct settings *set,
	     struct sync_backend *be, struct dl_err *err);

/* A tt-rss JSON API backend for cfg (api/ under cfg->url) with the
 * password pw (copied). Fills be; returns 0, or -1 (err set). */
int	 sync_ttrss_new(const struct sync_config *cfg, const char *pw,
	     struct sync_backend *be, struct dl_err *err);
void	 sync_backend_free(struct sync_backend *be);

void	 sync_feeds_free(struct sync_feed *v, size_t n);
void	 sync_headlines_free(struct sync_headline *v, size_t n);

/* The merge of one field of one story (which change wins). */
struct sync_side {
	int		 local;		/* dateline's value now */
	int		 queued;	/* a local mark is queued for it */
	int64_t		 mark_at;	/* when (queued only) */
	int		 base;		/* the server's value at the last
					   sync; -1: the story is new */
	int		 server;	/* the server's value now */
	int64_t		 server_at;	/* when the server's changed; 0:
					   not known (tt-rss does not say) */
};

enum sync_decision {
	SYNC_KEEP,		/* both agree, nothing queued */
	SYNC_TAKE_SERVER,	/* the server's value replaces ours */
	SYNC_PUSH,		/* our queued mark goes to the server */
	SYNC_SETTLE		/* both changed to the same value: drop the
				   queued mark */
};

/* The later change wins: a queued mark is pushed unless the server
 * changed too, to another value, at a known time later than the mark's
 * (tt-rss gives no time, so a queued mark is never silently dropped);
 * without a queued mark the server's value is taken. */
enum sync_decision sync_merge(const struct sync_side *s);

/* What one sync moved. */
struct sync_summary {
	size_t		 feeds;		/* the server's */
	size_t		 new_items;	/* stories new to the cache */
	size_t		 pulled;	/* read/saved states taken */
	size_t		 pushed;	/* marks sent */
	size_t		 requests;
	size_t		 bytes;
};

/* What moved each way, in one line (as `dateline sync` prints it):
 * "synced 3 feeds: from the server 6 new stories and 0 states, to the
 * server 2 marks (5 requests, 12 KB)". */
void	 sync_summary_line(const struct sync_summary *s, char *buf,
	     size_t size);

/* One sync: log in, read the server's feeds, new headlines (pages) and
 * unread/starred lists, merge with the cache and the queued marks, push
 * the winning marks, then write everything that arrived in one
 * transaction (a failure writes nothing; queued marks stay queued).
 * Returns 0 or -1. */
int	 sync_run(struct store *st, struct sync_backend *be,
	     struct sync_summary *sum, struct dl_err *err);

/* Subscribe to the feed at url on the server, then sync (which brings
 * it into the cache). Returns 0 or -1. */
int	 sync_subscribe(struct store *st, struct sync_backend *be,
	     const char *url, struct sync_summary *sum, struct dl_err *err);
/* Unsubscribe on the server from url, a feed the server holds (as the
 * cache knows from the last sync), then sync. Returns 0, 1 when url is
 * not one of the server's feeds (nothing done), or -1. */
int	 sync_unsubscribe(struct store *st, struct sync_backend *be,
	     const char *url, struct sync_summary *sum, struct dl_err *err);

#endif
