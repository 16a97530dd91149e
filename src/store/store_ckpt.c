/* store_ckpt.c: the background WAL checkpoint: a thread with a connection
 * of its own, woken after commits once the WAL is long. */
#include "config.h"

#include <pthread.h>
#include <sqlite3.h>
#include <stdlib.h>

#include "dl.h"
#include "store_int.h"

/* WAL frames after which the checkpointer is woken: SQLite's own
 * autocheckpoint threshold (1000 pages, 4 MB). */
#define STORE_CKPT_FRAMES	1000

static void *
store_ckpt_main(void *arg)
{
	struct store_ckpt	*c = arg;

	pthread_mutex_lock(&c->mu);
	for (;;) {
		while (!c->want && !c->stop)
			pthread_cond_wait(&c->cv, &c->mu);
		if (c->stop)
			break;
		c->want = 0;
		pthread_mutex_unlock(&c->mu);
		/* PASSIVE: copies what no reader needs, never waits for
		 * the writer; what is left waits for the next wake-up or
		 * the checkpoint of the last close. */
		(void)sqlite3_wal_checkpoint_v2(c->db, NULL,
		    SQLITE_CHECKPOINT_PASSIVE, NULL, NULL);
		pthread_mutex_lock(&c->mu);
	}
	pthread_mutex_unlock(&c->mu);
	return NULL;
}

/* After each commit of the main connection (SQLite's wal hook). */
static int
store_ckpt_hook(void *arg, sqlite3 *db, const char *name, int frames)
{
	struct store_ckpt	*c = arg;

	(void)db;
	(void)name;
	if (frames < STORE_CKPT_FRAMES)
		return SQLITE_OK;
	pthread_mutex_lock(&c->mu);
	c->want = 1;
	pthread_cond_signal(&c->cv);
	pthread_mutex_unlock(&c->mu);
	return SQLITE_OK;
}

static void
store_ckpt_free(struct store_ckpt *c)
{
	sqlite3_close(c->db);
	pthread_cond_destroy(&c->cv);
	pthread_mutex_destroy(&c->mu);
	free(c);
}

int
store_checkpoint_in_background(struct store *st, struct dl_err *err)
{
	struct store_ckpt	*c;

	if (st->ckpt != NULL)
		return 0;
	if (!sqlite3_threadsafe()) {
		dl_err_set(err, "%s: checkpointer: SQLite without threads",
		    st->path);
		return -1;
	}
	c = dl_calloc(1, sizeof *c);
	pthread_mutex_init(&c->mu, NULL);
	pthread_cond_init(&c->cv, NULL);
	if (sqlite3_open_v2(st->path, &c->db, SQLITE_OPEN_READWRITE |
	    SQLITE_OPEN_FULLMUTEX, NULL) != SQLITE_OK ||
	    sqlite3_exec(c->db, "PRAGMA synchronous = NORMAL", NULL, NULL,
	    NULL) != SQLITE_OK) {
		dl_err_set(err, "%s: checkpointer: %s", st->path,
		    c->db != NULL ? sqlite3_errmsg(c->db) : "cannot open");
		store_ckpt_free(c);
		return -1;
	}
	if (pthread_create(&c->thread, NULL, store_ckpt_main, c) != 0) {
		dl_err_set(err, "%s: checkpointer: cannot start a thread",
		    st->path);
		store_ckpt_free(c);
		return -1;
	}
	st->ckpt = c;
	sqlite3_wal_hook(st->db, store_ckpt_hook, c);	/* replaces the
							   autocheckpoint */
	return 0;
}

/* st's commits also wake the checkpointer of the connection `with`, if
 * it has one: a sibling connection writing most of a refresh must not
 * checkpoint inside its own commits. */
void
store_ckpt_share(struct store *st, struct store *with)
{
	if (with->ckpt != NULL)
		sqlite3_wal_hook(st->db, store_ckpt_hook, with->ckpt);
}

/* Back to SQLite's autocheckpoint; the thread and its connection go. A
 * sibling's hook only points to its parent's, which outlives it. */
void
store_ckpt_stop(struct store *st)
{
	struct store_ckpt	*c = st->ckpt;

	if (st->parent != NULL && st->parent->ckpt != NULL) {
		sqlite3_wal_autocheckpoint(st->db, STORE_CKPT_FRAMES);
		return;
	}
	if (c == NULL)
		return;
	pthread_mutex_lock(&c->mu);
	c->stop = 1;
	pthread_cond_signal(&c->cv);
	pthread_mutex_unlock(&c->mu);
	pthread_join(c->thread, NULL);
	sqlite3_wal_autocheckpoint(st->db, STORE_CKPT_FRAMES);
	store_ckpt_free(c);
	st->ckpt = NULL;
}
