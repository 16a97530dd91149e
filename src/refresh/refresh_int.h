/* refresh_int.h: shared between the files of the refresh_ module. */
#ifndef REFRESH_INT_H
#define REFRESH_INT_H

#include <pthread.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>

#include "dl.h"
#include "feed.h"
#include "fetch.h"
#include "refresh.h"
#include "store.h"
#include "subs.h"

/* Whether a feed's body may be read now. Each feed being read holds a
 * parser and its staged items (about its size) until the writer has
 * committed them; with bodies arriving together, 64 of them were 9 MB.
 * So once the feeds being read have taken REFRESH_READ_BUDGET bytes, or
 * those parsed and waiting for the writer twice that, a new body waits,
 * paused, in its socket until one of them is done, or for at most
 * REFRESH_WAIT_MAX_MS, so that a slow feed cannot hold the others
 * back until they time out. */
enum refresh_admit {
	REFRESH_ADMIT_NONE,	/* no body byte offered yet */
	REFRESH_ADMIT_WAIT,	/* paused, in rf->waiting */
	REFRESH_ADMIT_READ,	/* being read */
};

/* One feed being refreshed. */
struct refresh_job {
	struct refresh		*rf;
	struct refresh_job	*prev, *next;	/* rf->jobs: every job */
	struct refresh_job	*snext;		/* rf->skips: to report */
	char			*url;
	int64_t			 feed_id;
	char			*etag;		/* stored validators */
	char			*last_modified;
	char			*last_error;	/* stored, for skips */
	char			*moved_to;
	int			 fail_count;
	int			 last_status;
	int64_t			 next_fetch;
	enum refresh_outcome	 skip;
	struct feed_parser	*parser;	/* once the first bytes are in */
	struct store_batch	*batch;
	char			*base;		/* the 2xx response's URL */
	char			*charset;	/* and its header charset */
	enum refresh_admit	 admit;		/* may the body be read? */
	int64_t			 wait_since;	/* ms, when it began to wait */
	struct refresh_job	*wnext;		/* rf->waiting */
	uint64_t		 fed;		/* body bytes read so far */
	int			 prefetch;	/* fetch new items' pages */
	int			 gave_up;	/* the parser stopped reading */
	int			 store_failed;	/* err says why */
	struct dl_err		 err;
	int			 hub;		/* kind "hub": hub_parse */
	char			*link_pattern;	/* hub: the urls option */
	char			*hub_base;	/* hub: URL after redirects */
	char			*hub_charset;	/* hub: from the HTTP header */
	struct dl_buf		 hub_page;	/* hub: the page's bytes */
	/* An untagged line may be a page (refresh_hub.c): an HTML answer
	 * is read whole (hub_page) and decided as `dateline add` does. */
	int			 page;		/* untagged, not yet decided */
	int			 page_body;	/* this body is HTML: decide */
	char			*fetch_url;	/* the page's feed, or NULL */
	/* With the parse thread (refresh_parse.c), under its lock: */
	struct dl_buf		 pin;		/* bytes not yet taken */
	struct refresh_job	*pnext;		/* in its todo or done list */
	int			 pqueued;	/* in todo */
	int			 pbusy;		/* being parsed */
	int			 pdone;		/* the transfer is done */
	int			 pstop;		/* gave up, or the batch failed */
	struct fetch_result	 pres;		/* on_done's, strings owned */
};

/* A parsed feed's items, title and fetch record, written as its part of
 * a group commit (refresh_writer.c), and what came of it. The job stays
 * in the loop until then; its bytes count in rf->commit_bytes. */
struct refresh_commit {
	struct refresh_commit	*next;
	struct refresh_job	*job;
	int64_t			 feed_id;
	struct store_batch	*batch;
	char			*title;		/* the feed's, or NULL */
	struct store_fetch	 rec;		/* its strings owned */
	enum refresh_outcome	 outcome;	/* UPDATED or RECOVERED */
	char			*message;	/* RECOVERED: the damage */
	uint64_t		 bytes;		/* the body's, for the budget */
	struct fetch_result	 r;		/* kind, status, retry_after
						   and permanent_url (owned),
						   for refresh_failed */
	/* Filled by the writer. */
	int			 failed;	/* nothing written; err says */
	struct store_counts	 counts;
	struct dl_err		 err;
};

struct refresh_writer;
struct refresh_sync;
struct refresh_parse;

struct refresh_host;

/* One story page being fetched, or waiting for its host. */
struct refresh_art {
	struct refresh		*rf;
	struct refresh_host	*host;
	struct refresh_art	*prev, *next;	/* host->wait, or rf->arts */
	int64_t			 item_id;
	char			*url;
	char			*base;		/* after redirects */
	char			*charset;	/* from the HTTP header */
	char			*not_html;	/* the content type refused */
	char			*etag;		/* the stored article's */
	char			*last_modified;	/* validators, or NULL */
	int			 prefetch;
	struct dl_buf		 body;
	/* Fetched: extracted by a thread of its own (refresh_article.c),
	 * the result taken on the loop. */
	enum { REFRESH_ART_FETCH, REFRESH_ART_READY, REFRESH_ART_EXTRACT }
				 phase;
	int			 cancelled;	/* while extracted: discard */
	int			 threaded;	/* thread is to be joined */
	pthread_t		 thread;
	atomic_int		 done;		/* set by the thread */
	struct extract_result	*x;
	long			 status;	/* of the response, and */
	char			*resp_etag;	/* its validators */
	char			*resp_lm;
};

/* A host (host:port) of story pages: how many are being fetched, and
 * the ones waiting for a turn, in order. */
struct refresh_host {
	struct refresh_host	*next;
	char			*name;
	int			 running;
	struct refresh_art	*wait, *wait_tail;
};

struct refresh {
	struct store		*st;
	struct fetch		*fetch;
	struct refresh_opts	 opts;
	struct refresh_callbacks cb;
	void			*ctx;
	struct refresh_stats	 stats;
	struct refresh_job	*jobs;
	struct refresh_job	*skips, *skips_tail;
	struct refresh_art	*arts;		/* story pages being fetched */
	struct refresh_host	*hosts;
	size_t			 narts;		/* running and waiting */
	int			 nextract;	/* extraction threads */
	int64_t			*rec_ids;	/* fetches to record: */
	struct store_fetch	*recs;		/* refresh_flush writes */
	size_t			 nrecs, arecs;	/* them in one commit */
	struct refresh_job	*waiting, *waiting_tail; /* to resume */
	size_t			 reading;	/* jobs in REFRESH_ADMIT_READ */
	uint64_t		 read_bytes;	/* the bytes they took */
	uint64_t		 read_budget;
	struct refresh_writer	*writer;	/* from the first commit */
	int			 no_writer;	/* it could not start: the
						   loop commits */
	uint64_t		 commit_bytes;	/* what the writer was given
						   and has not written */
	struct refresh_sync	*sync;		/* a sync with a feed server,
						   NULL when none runs */
	struct refresh_parse	*parse;		/* from the first body */
	int			 no_parse;	/* it could not start: the
						   loop parses */
	size_t			 parse_waiting;	/* done, bytes not all parsed */
};

/* refresh.c */
void	 refresh_admit_leave(struct refresh_job *j);
void	 refresh_job_free(struct refresh_job *j);
void	 refresh_report(struct refresh *rf,
	     const struct refresh_feed_result *r);

/* refresh_feed.c */
void	 refresh_on_item(void *ctx, const struct feed_item *item);
int	 refresh_on_header(void *ctx, long status, const char *url,
	     const char *content_type, const char *charset);
int	 refresh_admit(struct refresh_job *j);
void	 refresh_admit_next(struct refresh *rf);
int	 refresh_on_data(void *ctx, const char *p, size_t n);
void	 refresh_failed(struct refresh_job *j, const struct fetch_result *r,
	     const char *msg, struct refresh_feed_result *res);
void	 refresh_submit(struct refresh_job *j, const struct fetch_result *r,
	     enum refresh_outcome outcome, const char *message,
	     const char *title);
void	 refresh_committed(struct refresh_commit *c);
void	 refresh_on_done(void *ctx, const struct fetch_result *r);
void	 refresh_pres_clear(struct refresh_job *j);
/* The jobs the parse thread has finished, finished on the loop; with
 * wait_ms > 0, waits that long for one if there is none. */
void	 refresh_parse_collect(struct refresh *rf, int wait_ms);
int	 refresh_parsed(struct refresh_job *j, const struct fetch_result *r,
	     char *msg, size_t size, struct refresh_feed_result *res);

/* refresh_parse.c */
struct refresh_parse *refresh_parse_new(void (*wake)(void *), void *wake_arg);
void	 refresh_parse_free(struct refresh_parse *p);
int	 refresh_parse_push(struct refresh_parse *p, struct refresh_job *j,
	     const char *s, size_t n);
int	 refresh_parse_end(struct refresh_parse *p, struct refresh_job *j);
struct refresh_job *refresh_parse_take(struct refresh_parse *p, int wait_ms);

/* refresh_article.c */
void	 refresh_art_free(struct refresh_art *a);
void	 refresh_hosts_free(struct refresh *rf);
void	 refresh_prefetch(struct refresh *rf, const char *feed_url);
/* Pages extracted by now delivered (stored, on_article called); with
 * wait, the first still being extracted is waited for, when there is
 * one. */
void	 refresh_art_collect(struct refresh *rf, int wait);
/* Every extraction thread ended, before the refresh is freed. */
void	 refresh_art_join_all(struct refresh *rf);

/* refresh_hub.c */
int	 refresh_hub_on_header(struct refresh_job *j, const char *url,
	     const char *charset);
int	 refresh_hub_on_data(struct refresh_job *j, const char *p, size_t n);
int	 refresh_hub_parsed(struct refresh_job *j,
	     const struct fetch_result *r, char *msg, size_t size,
	     struct refresh_feed_result *res);
/* What the cache remembers of an untagged line's page, into j. */
void	 refresh_page_init(struct refresh_job *j);
/* 1 if this body is to be read whole and decided as a page. */
int	 refresh_page_on_header(struct refresh_job *j, const char *url,
	     const char *content_type, const char *charset);
/* 1 if a body not labelled HTML starts as HTML: read as a page. */
int	 refresh_page_sniff(struct refresh_job *j, const char *p, size_t n);
/* 1 if the feed a page advertised is gone (404, 410): forgotten, so
 * that the next refresh reads the page again, and the failure recorded
 * for the line without marking it dead. */
int	 refresh_page_lost(struct refresh_job *j,
	     const struct fetch_result *r, char *msg, size_t size,
	     struct refresh_feed_result *res);
/* r, or *copy without its permanent_url when that is where the feed a
 * page advertised moved: the new feed URL is remembered for the page,
 * the line itself has not moved. */
const struct fetch_result *refresh_page_result(struct refresh_job *j,
	     const struct fetch_result *r, struct fetch_result *copy);
/* The page decided: 1 if j goes on (the writer's, or fetching the feed
 * the page advertises), 0 if finished (a failure recorded). */
int	 refresh_page_parsed(struct refresh_job *j,
	     const struct fetch_result *r, char *msg, size_t size,
	     struct refresh_feed_result *res);

/* refresh_sync.c */
/* A finished sync reported (on_sync) and freed. */
void	 refresh_sync_collect(struct refresh *rf);
/* Until the sync is done or timeout_ms pass. */
void	 refresh_sync_wait(struct refresh *rf, int timeout_ms);
/* Stop the sync, wait for its thread, free it; nothing is reported. */
void	 refresh_sync_free(struct refresh *rf);

/* refresh_writer.c */
/* ts: timeout_ms from now on CLOCK_MONOTONIC, for a timed condition
 * wait (the writer's and the sync's condition variables use that clock). */
struct timespec;
void	 refresh_deadline(struct timespec *ts, int timeout_ms);
void	 refresh_commit_free(struct refresh_commit *c);
/* Write list as one group on st (any thread, st its own). */
void	 refresh_commit_group(struct store *st, struct refresh_commit *list);
/* A writer thread on a sibling connection of st; wake(wake_arg) runs on
 * it after each group. NULL (err filled) if it cannot start. */
struct refresh_writer *refresh_writer_new(struct store *st,
	     void (*wake)(void *), void *wake_arg, struct dl_err *err);
/* Waits for what was submitted to be written; what was not taken is
 * freed (not its jobs). NULL is fine. */
void	 refresh_writer_free(struct refresh_writer *w);
void	 refresh_writer_submit(struct refresh_writer *w,
	     struct refresh_commit *c);
/* The written commits, in order (a list), or NULL. */
struct refresh_commit *refresh_writer_take(struct refresh_writer *w);
size_t	 refresh_writer_busy(const struct refresh_writer *w);
/* Until a group is written or timeout_ms pass. */
void	 refresh_writer_wait(struct refresh_writer *w, int timeout_ms);

#endif
