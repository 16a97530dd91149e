/* refresh_article.c: story pages (issue 4) fetched on the refresh's loop
 * a few at a time per host, their article extracted (in threads of their
 * own, so that the reader's keys never wait for one) and stored on the
 * loop; prefetch. */
#include "config.h"

#include <inttypes.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "dl.h"
#include "extract.h"
#include "fetch.h"
#include "html.h"
#include "refresh_int.h"
#include "store.h"
#include "url.h"

/* --- Story pages (issue 4) ----------------------------------------------- */

/* Paragraphs lighter than this (extract_text_weight) do not count. */
#define REFRESH_FULL_PARA_WEIGHT	40
#define REFRESH_FULL_PARAS		3
#define REFRESH_FULL_WEIGHT		1500
/* Extraction threads at a time (the machine may have two cores). */
#define REFRESH_EXTRACT_THREADS		2

int
refresh_item_is_full(const struct store_item *it)
{
	const char		*html = it->content;
	struct html_doc		*doc;
	size_t			 i, w, total = 0, paras = 0;

	if (html == NULL || html[0] == '\0')
		html = it->summary;
	if (html == NULL)
		return 0;
	doc = html_doc_parse(html, strlen(html), NULL);
	for (i = 0; i < doc->nblocks; i++) {
		w = extract_text_weight(doc->blocks[i].text,
		    doc->blocks[i].len);
		total += w;
		if (doc->blocks[i].kind == HTML_PARA &&
		    w >= REFRESH_FULL_PARA_WEIGHT)
			paras++;
	}
	html_doc_free(doc);
	return paras >= REFRESH_FULL_PARAS && total >= REFRESH_FULL_WEIGHT;
}

/* "host:port" of an absolute URL, lower-cased, without user info. */
static char *
refresh_art_host_name(const char *url)
{
	const char	*p, *end, *at;
	char		*h;
	size_t		 i;

	p = strstr(url, "://");
	p = p != NULL ? p + 3 : url;
	end = p + strcspn(p, "/?#");
	for (at = p; at < end; at++)
		if (*at == '@')
			p = at + 1;
	h = dl_strndup(p, (size_t)(end - p));
	for (i = 0; h[i] != '\0'; i++)
		if (h[i] >= 'A' && h[i] <= 'Z')
			h[i] = (char)(h[i] - 'A' + 'a');
	return h;
}

static struct refresh_host *
refresh_host_get(struct refresh *rf, const char *url)
{
	struct refresh_host	*h;
	char			*name = refresh_art_host_name(url);

	for (h = rf->hosts; h != NULL; h = h->next) {
		if (strcmp(h->name, name) == 0) {
			free(name);
			return h;
		}
	}
	h = dl_calloc(1, sizeof *h);
	h->name = name;
	h->next = rf->hosts;
	rf->hosts = h;
	return h;
}

void
refresh_art_free(struct refresh_art *a)
{
	free(a->url);
	free(a->base);
	free(a->charset);
	free(a->not_html);
	free(a->etag);
	free(a->last_modified);
	free(a->resp_etag);
	free(a->resp_lm);
	extract_result_free(a->x);
	dl_buf_clear(&a->body);
	free(a);
}

void
refresh_hosts_free(struct refresh *rf)
{
	struct refresh_host	*h;
	struct refresh_art	*a;

	while ((h = rf->hosts) != NULL) {
		rf->hosts = h->next;
		while ((a = h->wait) != NULL) {
			h->wait = a->next;
			refresh_art_free(a);
		}
		free(h->name);
		free(h);
	}
}

/* Only HTML is worth extracting; a missing type is given the benefit of
 * the doubt. Redirects and the charset are noted for extract_page. */
static int
refresh_art_on_header(void *ctx, long status, const char *url,
    const char *content_type, const char *charset)
{
	struct refresh_art	*a = ctx;

	(void)status;
	free(a->base);
	a->base = dl_strdup(url != NULL ? url : a->url);
	free(a->charset);
	a->charset = charset != NULL ? dl_strdup(charset) : NULL;
	if (content_type != NULL && strstr(content_type, "html") == NULL) {
		a->not_html = dl_strdup(content_type);
		return -1;
	}
	return 0;
}

static int
refresh_art_on_data(void *ctx, const char *p, size_t n)
{
	struct refresh_art	*a = ctx;

	return dl_buf_add(&a->body, p, n);
}

/* A failure worth remembering for a prefetch, so that the next refresh
 * does not fetch the page again; network trouble is tried again. */
static int
refresh_art_lasting(const struct refresh_art *a, const struct fetch_result *r)
{
	if (a->not_html != NULL)
		return 1;
	switch (r->kind) {
	case FETCH_OK:
	case FETCH_HTTP_ERROR:
	case FETCH_GONE:
	case FETCH_TOO_LARGE:
	case FETCH_BAD_REDIRECT:
		return 1;
	default:
		return 0;
	}
}

/* The page is in: extract and store the article. Returns 1 when stored
 * (msg then says so if the page was read in part, else is ""), else 0
 * with msg saying why. */
static int
refresh_art_extract(struct refresh_art *a, struct store_article *sa,
    char *msg, size_t size)
{
	struct extract_opts	 o;
	struct extract_result	*x = a->x;
	struct dl_err		 err = { "" };
	int			 rc = 0;

	a->x = NULL;
	if (x == NULL) {
		o.url = a->base != NULL ? a->base : a->url;
		o.charset = a->charset;
		o.rules = a->rf->opts.rules;
		x = extract_page(a->body.data, a->body.len, &o);
	}
	if (x->status != EXTRACT_OK) {
		snprintf(msg, size, "no article found on the page (%zu "
		    "paragraph%s, %zu characters)", x->nparas,
		    x->nparas == 1 ? "" : "s", x->nchars);
		goto out;
	}
	sa->title = x->title;
	sa->byline = x->byline;
	sa->text = x->text;
	sa->html = x->html;
	if (store_article_put(a->rf->st, a->item_id, sa, &err) == -1)
		snprintf(msg, size, "cache: %.1000s", err.msg);
	else {
		rc = 1;
		msg[0] = '\0';
		if (x->markup > 0)
			snprintf(msg, size, "page too large: %.1f MB of "
			    "markup, article taken from the first 1 MB",
			    (double)x->markup / 1e6);
	}
	sa->title = sa->byline = sa->text = sa->html = NULL;
out:
	extract_result_free(x);
	return rc;
}

/* The outcome of one page into res (msg is its room for words), the
 * article stored when there is one. A 304 keeps the stored article as
 * it is: nothing is written. */
static void
refresh_art_finish(struct refresh_art *a, const struct fetch_result *r,
    struct refresh_article_result *res, char *msg, size_t size)
{
	struct store_article	 sa;

	if (r->kind == FETCH_NOT_MODIFIED) {
		res->stored = 1;
		res->message = "not modified";
		return;
	}
	memset(&sa, 0, sizeof sa);
	sa.url = a->base != NULL ? a->base : a->url;
	sa.fetched_at = DATE_NONE;
	sa.status = (int)r->status;
	sa.etag = (char *)r->etag;
	sa.last_modified = (char *)r->last_modified;
	if (a->not_html != NULL)
		snprintf(msg, size, "not an HTML page (%s)", a->not_html);
	else if (r->kind != FETCH_OK)
		snprintf(msg, size, "%s", r->message != NULL ? r->message :
		    fetch_kind_name(r->kind));
	else if (refresh_art_extract(a, &sa, msg, size)) {
		res->stored = 1;
		res->note = msg[0] != '\0' ? msg : NULL;
		return;
	}
	res->message = msg;
	if (a->prefetch && refresh_art_lasting(a, r)) {
		sa.error = msg;
		(void)store_article_put(a->rf->st, a->item_id, &sa, NULL);
	}
}

static void refresh_host_start(struct refresh *, struct refresh_host *);

static void
refresh_art_unlink(struct refresh_art *a)
{
	struct refresh	*rf = a->rf;

	if (a->prev != NULL)
		a->prev->next = a->next;
	else
		rf->arts = a->next;
	if (a->next != NULL)
		a->next->prev = a->prev;
	a->host->running--;
	rf->narts--;
}

/* A fetched page waits for an extraction thread: the response's
 * validators are kept, the rest of r goes with the callback. */
static void
refresh_art_ready(struct refresh_art *a, const struct fetch_result *r)
{
	a->phase = REFRESH_ART_READY;
	a->status = r->status;
	a->resp_etag = r->etag != NULL ? dl_strdup(r->etag) : NULL;
	a->resp_lm = r->last_modified != NULL ? dl_strdup(r->last_modified) :
	    NULL;
	refresh_art_collect(a->rf, 0);
}

static void
refresh_art_on_done(void *ctx, const struct fetch_result *r)
{
	struct refresh_art		*a = ctx;
	struct refresh			*rf = a->rf;
	struct refresh_host		*h = a->host;
	struct refresh_article_result	 res;
	char				 msg[sizeof ((struct dl_err *)0)->msg];

	if (r->kind == FETCH_OK && a->not_html == NULL && a->phase ==
	    REFRESH_ART_FETCH) {
		refresh_art_ready(a, r);
		return;
	}
	memset(&res, 0, sizeof res);
	res.item_id = a->item_id;
	res.url = a->url;
	res.prefetch = a->prefetch;
	res.kind = r->kind;
	res.status = r->status;
	refresh_art_finish(a, r, &res, msg, sizeof msg);
	refresh_art_unlink(a);
	if (rf->cb.on_article != NULL)
		rf->cb.on_article(rf->ctx, &res);
	refresh_art_free(a);
	refresh_host_start(rf, h);
}

/* A page that could not even be queued on the fetch loop. */
static void
refresh_art_refused(struct refresh_art *a, const char *why)
{
	struct refresh_article_result	 res;

	memset(&res, 0, sizeof res);
	res.item_id = a->item_id;
	res.url = a->url;
	res.prefetch = a->prefetch;
	res.kind = FETCH_OTHER;
	res.message = why;
	a->rf->narts--;
	if (a->rf->cb.on_article != NULL)
		a->rf->cb.on_article(a->rf->ctx, &res);
	refresh_art_free(a);
}

/* Start the host's waiting pages while it has fewer than
 * REFRESH_ARTICLE_PER_HOST on the way. */
static void
refresh_host_start(struct refresh *rf, struct refresh_host *h)
{
	struct refresh_art	*a;
	struct fetch_req	 req;
	struct dl_err		 err = { "" };

	while (h->running < REFRESH_ARTICLE_PER_HOST && (a = h->wait) != NULL) {
		if ((h->wait = a->next) == NULL)
			h->wait_tail = NULL;
		memset(&req, 0, sizeof req);
		req.url = a->url;
		req.etag = a->etag;
		req.last_modified = a->last_modified;
		req.ctx = a;
		req.on_header = refresh_art_on_header;
		req.on_data = refresh_art_on_data;
		req.on_done = refresh_art_on_done;
		if (fetch_add(rf->fetch, &req, &err) == -1) {
			refresh_art_refused(a, err.msg);
			continue;
		}
		a->prev = NULL;
		a->next = rf->arts;
		if (rf->arts != NULL)
			rf->arts->prev = a;
		rf->arts = a;
		h->running++;
	}
}

/* Queue the page at url; old (NULL if none) is the stored article, whose
 * validators make the GET conditional when it is a good one. */
static void
refresh_art_queue(struct refresh *rf, int64_t item_id, const char *url,
    const struct store_article *old, int prefetch)
{
	struct refresh_art	*a;
	struct refresh_host	*h = refresh_host_get(rf, url);

	a = dl_calloc(1, sizeof *a);
	a->rf = rf;
	a->host = h;
	a->item_id = item_id;
	a->url = dl_strdup(url);
	a->prefetch = prefetch;
	if (old != NULL && old->error == NULL && old->html != NULL) {
		if (old->etag != NULL)
			a->etag = dl_strdup(old->etag);
		if (old->last_modified != NULL)
			a->last_modified = dl_strdup(old->last_modified);
	}
	dl_buf_init(&a->body, rf->opts.fetch.max_body > 0 ?
	    rf->opts.fetch.max_body : FETCH_MAX_BODY);
	if (h->wait_tail != NULL)
		h->wait_tail->next = a;
	else
		h->wait = a;
	h->wait_tail = a;
	rf->narts++;
	refresh_host_start(rf, h);
}

int
refresh_add_article(struct refresh *rf, int64_t item_id, struct dl_err *err)
{
	struct store_item	 it;
	int			 rc = -1;

	memset(&it, 0, sizeof it);
	if (store_item_get(rf->st, item_id, &it, err) == -1)
		goto out;
	if (it.link == NULL || !url_is_http(it.link)) {
		dl_err_set(err, "item %" PRId64 " has no http(s) link",
		    item_id);
		goto out;
	}
	refresh_art_queue(rf, item_id, it.link, it.article, 0);
	rc = 0;
out:
	store_item_clear(&it);
	return rc;
}

/* One of a feed's newest items: its page is wanted when it has none
 * stored (nor a lasting failure) and its own text is short. */
static void
refresh_prefetch_item(struct refresh *rf, const struct store_item *li)
{
	struct store_item	 it;

	if (li->link == NULL || !url_is_http(li->link))
		return;
	memset(&it, 0, sizeof it);
	if (store_item_get(rf->st, li->id, &it, NULL) == 0 &&
	    it.article == NULL && !refresh_item_is_full(&it))
		refresh_art_queue(rf, it.id, it.link, NULL, 1);
	store_item_clear(&it);
}

/* After a feed brought new items: queue the pages of its newest ones.
 * Best effort: a cache error here only means fewer pages prefetched. */
void
refresh_prefetch(struct refresh *rf, const char *feed_url)
{
	struct store_query	 q;
	struct store_item	*v = NULL;
	size_t			 i, n = 0;

	memset(&q, 0, sizeof q);
	q.feed_url = feed_url;
	q.limit = REFRESH_PREFETCH_WINDOW;
	if (store_items_list(rf->st, &q, &v, &n, NULL) == -1)
		return;
	for (i = 0; i < n; i++)
		refresh_prefetch_item(rf, &v[i]);
	store_items_free(v, n);
}

/* The waiting page of item_id taken off its host's queue, or NULL. */
static struct refresh_art *
refresh_art_unwait(struct refresh *rf, int64_t item_id)
{
	struct refresh_host	*h;
	struct refresh_art	*a, *prev;

	for (h = rf->hosts; h != NULL; h = h->next) {
		prev = NULL;
		for (a = h->wait; a != NULL && a->item_id != item_id;
		    a = a->next)
			prev = a;
		if (a == NULL)
			continue;
		if (prev != NULL)
			prev->next = a->next;
		else
			h->wait = a->next;
		if (h->wait_tail == a)
			h->wait_tail = prev;
		return a;
	}
	return NULL;
}

size_t
refresh_cancel_article(struct refresh *rf, int64_t item_id)
{
	struct refresh_art	*a;
	size_t			 n = 0;

	/* Being extracted: the thread runs on, its result is dropped. */
	for (a = rf->arts; a != NULL; a = a->next)
		if (a->item_id == item_id && a->phase != REFRESH_ART_FETCH &&
		    !a->cancelled) {
			a->cancelled = 1;
			n++;
		}
	for (;;) {
		for (a = rf->arts; a != NULL && (a->item_id != item_id ||
		    a->phase != REFRESH_ART_FETCH); a = a->next)
			;
		if (a == NULL || !fetch_cancel(rf->fetch, a))
			break;
		n++;
	}
	while ((a = refresh_art_unwait(rf, item_id)) != NULL) {
		refresh_art_refused(a, "cancelled");
		n++;
	}
	return n;
}

/* --- Extraction threads -------------------------------------------------- */

static void *
refresh_art_thread(void *arg)
{
	struct refresh_art	*a = arg;
	struct extract_opts	 o;

	o.url = a->base != NULL ? a->base : a->url;
	o.charset = a->charset;
	o.rules = a->rf->opts.rules;
	a->x = extract_page(a->body.data, a->body.len, &o);
	atomic_store(&a->done, 1);
	fetch_wakeup(a->rf->fetch);
	return NULL;
}

/* Start the waiting extractions while fewer than REFRESH_EXTRACT_THREADS
 * run; a cancelled page needs none, and one whose thread cannot start is
 * extracted later on the loop (refresh_art_extract). */
static void
refresh_art_start(struct refresh *rf)
{
	struct refresh_art	*a;

	for (a = rf->arts; a != NULL; a = a->next) {
		if (a->phase != REFRESH_ART_READY)
			continue;
		if (!a->cancelled && rf->nextract >= REFRESH_EXTRACT_THREADS)
			break;
		a->phase = REFRESH_ART_EXTRACT;
		if (!a->cancelled && pthread_create(&a->thread, NULL,
		    refresh_art_thread, a) == 0) {
			a->threaded = 1;
			rf->nextract++;
		} else
			atomic_store(&a->done, 1);
	}
}

/* The extracted page a, on the loop: stored (unless cancelled), then
 * reported as any page is. */
static void
refresh_art_deliver(struct refresh_art *a)
{
	struct fetch_result	 r;

	if (a->threaded) {
		pthread_join(a->thread, NULL);
		a->threaded = 0;
		a->rf->nextract--;
	}
	memset(&r, 0, sizeof r);
	r.kind = a->cancelled ? FETCH_ABORTED : FETCH_OK;
	r.status = a->status;
	r.message = a->cancelled ? "cancelled" : NULL;
	r.etag = a->resp_etag;
	r.last_modified = a->resp_lm;
	refresh_art_on_done(a, &r);
}

void
refresh_art_collect(struct refresh *rf, int wait)
{
	struct refresh_art	*a;

	refresh_art_start(rf);
	for (;;) {
		/* Delivering calls back, and the list may change. */
		for (a = rf->arts; a != NULL; a = a->next)
			if (a->phase == REFRESH_ART_EXTRACT &&
			    (wait || atomic_load(&a->done)))
				break;
		if (a == NULL)
			return;
		wait = 0;
		refresh_art_deliver(a);
		refresh_art_start(rf);
	}
}

void
refresh_art_join_all(struct refresh *rf)
{
	struct refresh_art	*a;

	for (a = rf->arts; a != NULL; a = a->next)
		if (a->threaded) {
			pthread_join(a->thread, NULL);
			a->threaded = 0;
			rf->nextract--;
		}
}
