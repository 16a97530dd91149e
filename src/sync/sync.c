/* sync.c: one sync with a feed server through a backend (sync.h): the
 * password, the merge rule (which change wins), and the run: everything
 * is read from the server first, the winning local marks are pushed, and
 * only then is what arrived written to the cache in one transaction, so
 * a failure or a kill at any point leaves the cache as it was and the
 * marks still queued (pushing a mark twice sets the same value twice). */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "date.h"
#include "dl.h"
#include "feed.h"
#include "settings.h"
#include "store.h"
#include "sync.h"

/* Most bytes of a password file that are read. */
#define SYNC_PASSWORD_MAX	4096

static char *
sync_password_file(const char *path, struct dl_err *err)
{
	struct stat	 sb;
	char		 buf[SYNC_PASSWORD_MAX];
	ssize_t		 got;
	int		 fd;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY)) == -1 ||
	    fstat(fd, &sb) == -1) {
		dl_err_set(err, "%s: %s", path, strerror(errno));
		if (fd != -1)
			close(fd);
		return NULL;
	}
	if ((sb.st_mode & 077) != 0) {
		close(fd);
		dl_err_set(err, "%s: the password file may be read or changed "
		    "by others (mode %03o); refusing it: chmod 600 %s", path,
		    (unsigned)(sb.st_mode & 0777), path);
		return NULL;
	}
	got = read(fd, buf, sizeof buf - 1);
	close(fd);
	if (got < 0) {
		dl_err_set(err, "%s: %s", path, strerror(errno));
		return NULL;
	}
	buf[got] = '\0';
	buf[strcspn(buf, "\r\n")] = '\0';
	return dl_strdup(buf);
}

char *
sync_password(const struct sync_config *cfg, struct dl_err *err)
{
	const char	*env;

	if (cfg->password_file != NULL && *cfg->password_file != '\0')
		return sync_password_file(cfg->password_file, err);
	if ((env = getenv("DATELINE_SYNC_PASSWORD")) != NULL)
		return dl_strdup(env);
	dl_err_set(err, "sync: no password: set sync-password-file or "
	    "DATELINE_SYNC_PASSWORD");
	return NULL;
}

int
sync_backend_from_settings(const struct settings *set,
    struct sync_backend *be, struct dl_err *err)
{
	struct sync_config	 cfg = { 0 };
	char			*pw;
	int			 rc;

	memset(be, 0, sizeof *be);
	cfg.kind = settings_get_str(set, SETTINGS_SYNC);
	cfg.url = settings_get_str(set, SETTINGS_SYNC_URL);
	cfg.user = settings_get_str(set, SETTINGS_SYNC_USER);
	cfg.password_file = settings_get_str(set, SETTINGS_SYNC_PASSWORD_FILE);
	cfg.timeout_ms = 1000 * settings_get_int(set,
	    SETTINGS_DOWNLOAD_TIMEOUT);
	if (strcmp(cfg.kind, "ttrss") != 0)
		return 1;
	if ((pw = sync_password(&cfg, err)) == NULL)
		return -1;
	rc = sync_ttrss_new(&cfg, pw, be, err);
	memset(pw, 0, strlen(pw));
	free(pw);
	if (rc == -1)
		memset(be, 0, sizeof *be);
	return rc;
}

void
sync_backend_free(struct sync_backend *be)
{
	if (be != NULL && be->free != NULL)
		be->free(be->b);
}

void
sync_feeds_free(struct sync_feed *v, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++) {
		free(v[i].url);
		free(v[i].title);
		free(v[i].category);
	}
	free(v);
}

void
sync_headlines_free(struct sync_headline *v, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++) {
		free(v[i].guid);
		free(v[i].link);
		free(v[i].title);
		free(v[i].author);
		free(v[i].content);
	}
	free(v);
}

enum sync_decision
sync_merge(const struct sync_side *s)
{
	int	 server_changed = s->base == -1 || s->server != s->base;

	if (!s->queued)
		return s->server == s->local ? SYNC_KEEP : SYNC_TAKE_SERVER;
	if (!server_changed)
		return SYNC_PUSH;
	if (s->server == s->local)
		return SYNC_SETTLE;
	/* Both changed, differently: the later change wins. */
	if (s->server_at != 0 && s->server_at > s->mark_at)
		return SYNC_TAKE_SERVER;
	return SYNC_PUSH;
}

void
sync_summary_line(const struct sync_summary *s, char *buf, size_t size)
{
	snprintf(buf, size, "synced %zu feed%s: from the server %zu new "
	    "stor%s and %zu state%s, to the server %zu mark%s (%zu requests, "
	    "%zu KB)", s->feeds, s->feeds == 1 ? "" : "s", s->new_items,
	    s->new_items == 1 ? "y" : "ies", s->pulled,
	    s->pulled == 1 ? "" : "s", s->pushed, s->pushed == 1 ? "" : "s",
	    s->requests, (s->bytes + 1023) / 1024);
}

/* --- One run ------------------------------------------------------------ */

/* What one run holds between reading the server and writing the cache. */
struct sync_run {
	struct store		*st;
	struct sync_backend	*be;
	struct sync_summary	*sum;
	struct sync_feed	*fv;
	size_t			 nf;
	struct sync_headline	*hv;
	size_t			 nh;
	int64_t			 since_id;
	int64_t			 check;	/* the last feed whose unread ids
					   were checked (sync_unread_feeds) */
	int64_t			*unread, *starred;
	size_t			 nunread, nstarred;
	struct store_sync_item	*iv;
	struct store_sync_item	*was;	/* iv as read, to write changes only */
	size_t			 ni;
	struct store_sync_mark	*mv;
	size_t			 nm;
	int64_t			 last_seq;
	/* The state to write per synced item: iv's read/saved become the
	 * values here, srv_* the server's after the pushes. */
	int64_t			*fid;	/* local feed id per fv entry */
};

static int
sync_cmp_i64(const void *a, const void *b)
{
	int64_t	 x = *(const int64_t *)a, y = *(const int64_t *)b;

	return (x > y) - (x < y);
}

static int
sync_in(const int64_t *v, size_t n, int64_t id)
{
	return n > 0 && bsearch(&id, v, n, sizeof *v, sync_cmp_i64) != NULL;
}

/* The headlines of feed (0: every feed) above since_id, every page. */
static int
sync_fetch_pages(struct sync_run *r, int64_t feed, struct dl_err *err)
{
	struct sync_headline	*page;
	size_t			 got, skip = 0;

	do {
		if (r->be->headlines(r->be->b, feed, r->since_id, skip, &page,
		    &got, err) == -1)
			return -1;
		r->hv = dl_reallocarray(r->hv, r->nh + got + 1, sizeof *r->hv);
		if (got > 0)
			memcpy(r->hv + r->nh, page, got * sizeof *page);
		r->nh += got;
		skip += got;
		free(page);
	} while (got >= SYNC_PAGE);
	return 0;
}

/* New headlines since the last sync. The first sync asks feed by feed:
 * tt-rss sorts every page of all feeds anew (a deep skip cost 0.5 s a
 * page with 10,000 stories), a feed's pages are cheap. */
static int
sync_fetch_headlines(struct sync_run *r, struct dl_err *err)
{
	size_t	 f;

	if (store_sync_state_get(r->st, "since_id", &r->since_id, err) == -1)
		return -1;
	if (r->since_id > 0)
		return sync_fetch_pages(r, 0, err);
	for (f = 0; f < r->nf; f++)
		if (sync_fetch_pages(r, r->fv[f].id, err) == -1)
			return -1;
	return 0;
}

/* The unread ids are listed at every sync, since a story read on the
 * server and another marked unread there keep a feed's count, but
 * tt-rss has no list of ids alone: a list costs it about 0.9 ms a story
 * (its headline rows), and a sync with nothing new must stay under
 * 0.2 s (issue 15's target; 0.13 s on bench/sync's 10,000 unread
 * stories without any list). Up to SYNC_UNREAD_ALL stories unread on
 * the server, one list of them all; above, the feeds whose count
 * changed are listed, and of those whose count did not, the ones with
 * at most SYNC_UNREAD_CHECK unread are checked in turn, that many
 * stories a sync, from where the last left off ("unread_check"). A
 * feed with more unread stories than that is known by its count
 * alone: a read and an unread in it between two syncs go unseen until
 * its count changes. */
#define SYNC_UNREAD_ALL		(SYNC_PAGE / 2)
#define SYNC_UNREAD_CHECK	(SYNC_PAGE / 2)

/* Append the n ids of v to r's unread list; frees v. */
static void
sync_add_unread(struct sync_run *r, int64_t *v, size_t n)
{
	r->unread = dl_reallocarray(r->unread, r->nunread + n + 1,
	    sizeof *r->unread);
	if (n > 0)
		memcpy(r->unread + r->nunread, v, n * sizeof *v);
	r->nunread += n;
	free(v);
}

/* The unread ids of feed f as the last sync left them (the base); the
 * server's count is then the base's plus the new headlines' unread. */
static int
sync_unread_base(struct sync_run *r, size_t f, int64_t **out, size_t *n)
{
	int64_t	*v = dl_calloc(r->ni + 1, sizeof *v);
	int64_t	 want;
	size_t	 i;

	*n = 0;
	for (i = 0; i < r->ni; i++)
		if (r->iv[i].server_feed == r->fv[f].id && !r->iv[i].srv_read)
			v[(*n)++] = r->iv[i].server_id;
	want = (int64_t)*n;
	for (i = 0; i < r->nh; i++)
		want += r->hv[i].feed_id == r->fv[f].id && r->hv[i].unread;
	*out = v;
	return r->fv[f].unread == want;
}

static int
sync_cmp_feed(const void *a, const void *b)
{
	const struct sync_feed	*x = a, *y = b;

	return (x->id > y->id) - (x->id < y->id);
}

/* Feed by feed, in the order of their ids from the one after
 * r->check (wrapping): none for a feed with no unread story; listed
 * when its count changed, or when the check's budget left covers its
 * unread stories (the last checked becomes r->check); else its
 * base. */
static int
sync_unread_feeds(struct sync_run *r, struct dl_err *err)
{
	int64_t		*v;
	size_t		 k, f, n, start = 0;
	int64_t		 budget = SYNC_UNREAD_CHECK;

	qsort(r->fv, r->nf, sizeof *r->fv, sync_cmp_feed);
	while (start < r->nf && r->fv[start].id <= r->check)
		start++;
	for (k = 0; k < r->nf; k++) {
		f = (start + k) % r->nf;
		if (r->fv[f].unread == 0)	/* none: nothing to list */
			continue;
		if (sync_unread_base(r, f, &v, &n) &&
		    r->fv[f].unread > budget) {	/* no check: its base */
			/* The first one left for lack of budget is the
			 * next sync's first. */
			if (r->fv[f].unread <= SYNC_UNREAD_CHECK)
				budget = 0;
			sync_add_unread(r, v, n);
			continue;
		}
		free(v);
		if (r->be->ids(r->be->b, SYNC_LIST_UNREAD, r->fv[f].id, &v,
		    &n, err) == -1)
			return -1;
		if (budget > 0) {
			budget -= (int64_t)n;
			r->check = r->fv[f].id;
		}
		sync_add_unread(r, v, n);
	}
	return 0;
}

/* The server's unread ids of the stories held here (see above); none
 * when the server counts no unread story (the set is empty). */
static int
sync_fetch_unread(struct sync_run *r, struct dl_err *err)
{
	int64_t	 total = 0;
	size_t	 f;
	int	 known = 1;

	for (f = 0; f < r->nf; f++) {
		if (r->fv[f].unread < 0)
			known = 0;
		else
			total += r->fv[f].unread;
	}
	if (known && total == 0)
		return 0;
	if (!known || total <= SYNC_UNREAD_ALL)
		return r->be->ids(r->be->b, SYNC_LIST_UNREAD, 0, &r->unread,
		    &r->nunread, err);
	if (store_sync_state_get(r->st, "unread_check", &r->check, err) == -1)
		return -1;
	return sync_unread_feeds(r, err);
}

/* Everything the server has to say, and the cache's side. The lists of
 * unread and starred ids are not needed on a first sync (the headlines
 * carry their state). */
static int
sync_read(struct sync_run *r, struct dl_err *err)
{
	if (store_sync_items(r->st, &r->iv, &r->ni, err) == -1 ||
	    store_sync_marks(r->st, &r->mv, &r->nm, &r->last_seq, err) == -1)
		return -1;
	r->was = dl_reallocarray(NULL, r->ni + 1, sizeof *r->was);
	if (r->ni > 0)
		memcpy(r->was, r->iv, r->ni * sizeof *r->iv);
	if (r->be->login(r->be->b, err) == -1 ||
	    r->be->feeds(r->be->b, &r->fv, &r->nf, err) == -1 ||
	    sync_fetch_headlines(r, err) == -1)
		return -1;
	if (r->ni > 0 && (sync_fetch_unread(r, err) == -1 ||
	    r->be->ids(r->be->b, SYNC_LIST_STARRED, 0, &r->starred,
	    &r->nstarred, err) == -1))
		return -1;
	if (r->nunread > 0)
		qsort(r->unread, r->nunread, sizeof *r->unread, sync_cmp_i64);
	if (r->nstarred > 0)
		qsort(r->starred, r->nstarred, sizeof *r->starred,
		    sync_cmp_i64);
	return 0;
}

static int
sync_cmp_item(const void *a, const void *b)
{
	const struct store_sync_item	*x = a, *y = b;

	return (x->item_id > y->item_id) - (x->item_id < y->item_id);
}

static struct store_sync_item *
sync_item(struct sync_run *r, int64_t item_id)
{
	struct store_sync_item	 key = { .item_id = item_id };

	if (r->ni == 0)
		return NULL;
	return bsearch(&key, r->iv, r->ni, sizeof *r->iv, sync_cmp_item);
}

/* The merge of one field of item it; mk is its queued mark or NULL. */
static enum sync_decision
sync_decide(struct sync_run *r, struct store_sync_item *it, int field,
    const struct store_sync_mark *mk)
{
	struct sync_side	 s = { 0 };

	s.local = field == SYNC_READ ? it->read : it->saved;
	s.base = field == SYNC_READ ? it->srv_read : it->srv_saved;
	s.server = field == SYNC_READ ?
	    !sync_in(r->unread, r->nunread, it->server_id) :
	    sync_in(r->starred, r->nstarred, it->server_id);
	if (mk != NULL) {
		s.queued = 1;
		s.mark_at = mk->at;
		/* The mark's value, which the item holds unless a later
		 * mark on the other path (none) changed it. */
		s.local = mk->value;
	}
	return sync_merge(&s);
}

/* Set the new values of one field: here and as the server holds it. */
static void
sync_apply(struct store_sync_item *it, int field, int here, int server)
{
	if (field == SYNC_READ) {
		it->read = here;
		it->srv_read = server;
	} else {
		it->saved = here;
		it->srv_saved = server;
	}
}

/* Push the run of n ids that share field and value. */
static int
sync_flush(struct sync_run *r, int64_t *ids, size_t *n, int field, int value,
    struct dl_err *err)
{
	int	 rc = 0;

	if (*n > 0)
		rc = r->be->push(r->be->b, ids, *n, (enum sync_field)field,
		    value, err);
	if (rc == 0)
		r->sum->pushed += *n;
	*n = 0;
	return rc;
}

/* The queued marks, oldest first, each merged with the server's state;
 * the winners are pushed in runs of the same change. flags gets, per
 * synced item, bit 1 << field for each field a mark decided. */
static int
sync_marks(struct sync_run *r, unsigned char *flags, struct dl_err *err)
{
	struct store_sync_item	*it;
	const struct store_sync_mark *mk;
	int64_t			*run = dl_calloc(r->nm + 1, sizeof *run);
	size_t			 i, nrun = 0;
	int			 field = -1, value = -1, rc = 0;

	for (i = 0; i < r->nm && rc == 0; i++) {
		mk = &r->mv[i];
		if ((it = sync_item(r, mk->item_id)) == NULL)
			continue;
		flags[it - r->iv] |= 1u << mk->field;
		switch (sync_decide(r, it, mk->field, mk)) {
		case SYNC_TAKE_SERVER:
			sync_apply(it, mk->field, !mk->value, !mk->value);
			r->sum->pulled++;
			continue;
		case SYNC_PUSH:
			break;
		default:
			sync_apply(it, mk->field, mk->value, mk->value);
			continue;
		}
		if (mk->field != field || mk->value != value)
			rc = sync_flush(r, run, &nrun, field, value, err);
		field = mk->field;
		value = mk->value;
		run[nrun++] = mk->server_id;
		sync_apply(it, mk->field, mk->value, mk->value);
	}
	if (rc == 0)
		rc = sync_flush(r, run, &nrun, field, value, err);
	free(run);
	return rc;
}

static int
sync_server_feed(struct sync_run *r, int64_t server_feed)
{
	size_t	 i;

	for (i = 0; i < r->nf; i++)
		if (r->fv[i].id == server_feed)
			return 1;
	return 0;
}

static int64_t
sync_local_feed(struct sync_run *r, int64_t server_feed)
{
	size_t	 i;

	for (i = 0; i < r->nf; i++)
		if (r->fv[i].id == server_feed)
			return r->fid[i];
	return 0;
}

/* The fields no mark decided: the server's value wins. */
static void
sync_pull(struct sync_run *r, const unsigned char *flags)
{
	struct store_sync_item	*it;
	int			 field, server;
	size_t			 i;

	for (i = 0; i < r->ni; i++) {
		it = &r->iv[i];
		/* A feed the server no longer lists: its states stay. */
		if (!sync_server_feed(r, it->server_feed))
			continue;
		for (field = SYNC_READ; field <= SYNC_SAVED; field++) {
			if (flags[i] & (1u << field))
				continue;
			server = field == SYNC_READ ?
			    !sync_in(r->unread, r->nunread, it->server_id) :
			    sync_in(r->starred, r->nstarred, it->server_id);
			if (sync_decide(r, it, field, NULL) ==
			    SYNC_TAKE_SERVER)
				r->sum->pulled++;
			sync_apply(it, field, server, server);
		}
	}
}

/* One feed's new headlines: merged as a batch, then linked. */
static int
sync_write_feed(struct sync_run *r, size_t f, struct dl_err *err)
{
	struct store_batch	*b = store_batch_begin(r->st, r->fid[f]);
	struct store_counts	 c;
	struct store_fetch	 rec;
	struct feed_item	 fi;
	struct sync_headline	*h;
	char			*key;
	int64_t			 item;
	size_t			 i;
	int			 rc = 0;

	for (i = 0; i < r->nh && rc == 0; i++) {
		h = &r->hv[i];
		if (h->feed_id != r->fv[f].id)
			continue;
		fi = (struct feed_item){ .id = h->guid, .title = h->title,
		    .link = h->link, .author = h->author,
		    .published = h->updated ? h->updated : DATE_NONE,
		    .updated = DATE_NONE, .content = h->content };
		rc = store_batch_item(b, &fi, err);
	}
	/* Read through the server, now: the feed's last refresh. */
	rec = (struct store_fetch){ .status = 200, .fetched_at = DATE_NONE,
	    .next_fetch = DATE_NONE };
	if (rc == 0)
		rc = store_group_feed(r->st, r->fid[f], b, NULL, &rec, &c, err);
	store_batch_abort(b);
	if (rc == 0)
		r->sum->new_items += c.added;
	for (i = 0; i < r->nh && rc == 0; i++) {
		h = &r->hv[i];
		if (h->feed_id != r->fv[f].id)
			continue;
		fi = (struct feed_item){ .id = h->guid, .link = h->link,
		    .title = h->title };
		key = store_item_key(&fi);
		rc = store_sync_link(r->st, r->fid[f], key, h->id, !h->unread,
		    h->starred, &item, err);
		free(key);
	}
	return rc;
}

/* Everything that arrived, in one transaction. */
static int
sync_write(struct sync_run *r, struct dl_err *err)
{
	struct store_sync_item	*it;
	int64_t			 max_id = r->since_id;
	size_t			 i;

	if (store_group_begin(r->st, err) == -1)
		return -1;
	r->fid = dl_calloc(r->nf + 1, sizeof *r->fid);
	if (store_sync_feeds_reset(r->st, err) == -1)
		goto fail;
	for (i = 0; i < r->nf; i++)
		if (store_sync_feed(r->st, r->fv[i].url, r->fv[i].title,
		    r->fv[i].id, r->fv[i].category, &r->fid[i], err) == -1)
			goto fail;
	for (i = 0; i < r->nf; i++)
		if (sync_write_feed(r, i, err) == -1)
			goto fail;
	if (store_sync_marks_done(r->st, r->last_seq, err) == -1)
		goto fail;
	for (i = 0; i < r->ni; i++) {
		it = &r->iv[i];
		if (it->read == r->was[i].read && it->saved == r->was[i].saved &&
		    it->srv_read == r->was[i].srv_read &&
		    it->srv_saved == r->was[i].srv_saved)
			continue;
		if (store_sync_set(r->st, it->item_id, it->read, it->saved,
		    it->srv_read, it->srv_saved, err) == -1)
			goto fail;
	}
	for (i = 0; i < r->nh; i++)
		if (r->hv[i].id > max_id && sync_local_feed(r,
		    r->hv[i].feed_id) != 0)
			max_id = r->hv[i].id;
	if (store_sync_state_set(r->st, "since_id", max_id, err) == -1 ||
	    (r->check != 0 && store_sync_state_set(r->st, "unread_check",
	    r->check, err) == -1))
		goto fail;
	return store_group_commit(r->st, err);
fail:
	store_group_rollback(r->st);
	return -1;
}

static void
sync_run_clear(struct sync_run *r)
{
	sync_feeds_free(r->fv, r->nf);
	sync_headlines_free(r->hv, r->nh);
	free(r->unread);
	free(r->starred);
	free(r->iv);
	free(r->was);
	free(r->mv);
	free(r->fid);
}

int
sync_run(struct store *st, struct sync_backend *be, struct sync_summary *sum,
    struct dl_err *err)
{
	struct sync_run	 r = { .st = st, .be = be, .sum = sum };
	unsigned char	*flags = NULL;
	int		 rc = -1;

	memset(sum, 0, sizeof *sum);
	if (sync_read(&r, err) == -1)
		goto out;
	sum->feeds = r.nf;
	flags = dl_calloc(r.ni + 1, 1);
	if (sync_marks(&r, flags, err) == -1)
		goto out;
	sync_pull(&r, flags);
	rc = sync_write(&r, err);
out:
	if (be->stats != NULL)
		be->stats(be->b, &sum->requests, &sum->bytes);
	free(flags);
	sync_run_clear(&r);
	return rc;
}

int
sync_subscribe(struct store *st, struct sync_backend *be, const char *url,
    struct sync_summary *sum, struct dl_err *err)
{
	memset(sum, 0, sizeof *sum);
	if (be->login(be->b, err) == -1 || be->subscribe(be->b, url, err) == -1)
		return -1;
	return sync_run(st, be, sum, err);
}

int
sync_unsubscribe(struct store *st, struct sync_backend *be, const char *url,
    struct sync_summary *sum, struct dl_err *err)
{
	struct store_sync_feedinfo	*v;
	size_t				 n, i;
	int64_t				 id = 0;

	memset(sum, 0, sizeof *sum);
	if (store_sync_feed_list(st, &v, &n, err) == -1)
		return -1;
	for (i = 0; i < n; i++)
		if (strcmp(v[i].url, url) == 0)
			id = v[i].server_id;
	store_sync_feed_list_free(v, n);
	if (id == 0)
		return 1;
	if (be->login(be->b, err) == -1 || be->unsubscribe(be->b, id, err) == -1)
		return -1;
	return sync_run(st, be, sum, err);
}
