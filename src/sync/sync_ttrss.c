/* sync_ttrss.c: the Tiny Tiny RSS JSON API backend of sync_ (API level
 * 15 and later): one libcurl easy handle, run on a multi handle of its
 * own so that another thread can stop it at once (sync_ttrss_cancel, the
 * reader's C-g), POST of a JSON object with the session id in "sid", the
 * same User-Agent on every call (tt-rss ties sessions to it), errors in
 * words, and one new login when the session expired. */
#include "config.h"

#include <inttypes.h>
#include <jansson.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "dl.h"
#include "dl_curl.h"
#include "sync.h"

/* Most bytes of one answer (a page of 200 headlines with content). */
#define SYNC_TTRSS_MAX_BODY	(64u * 1024 * 1024)

struct sync_ttrss {
	CURL		*curl;
	CURLM		*multi;		/* runs curl, one request at a time */
	atomic_int	 cancelled;	/* set by sync_ttrss_cancel */
	char		*api;		/* .../api/ */
	char		*user;
	char		*pw;
	char		*sid;		/* NULL: not logged in */
	long		 timeout_ms;
	size_t		 requests;
	size_t		 bytes;
	struct dl_buf	 body;
};

static size_t
sync_ttrss_write(char *p, size_t size, size_t nmemb, void *arg)
{
	struct sync_ttrss	*t = arg;

	if (dl_buf_add(&t->body, p, size * nmemb) == -1)
		return 0;
	return size * nmemb;
}

/* Run the request set on t->curl on t's multi handle until it is done
 * or cancelled (curl_multi_wakeup ends the wait at once). */
static CURLcode
sync_ttrss_perform(struct sync_ttrss *t)
{
	CURLMsg		*m;
	CURLcode	 rc = CURLE_FAILED_INIT;
	int		 running = 1, left;

	if (atomic_load(&t->cancelled))
		return CURLE_ABORTED_BY_CALLBACK;
	if (dl_curl_multi_add_handle(t->multi, t->curl) != CURLM_OK)
		return CURLE_FAILED_INIT;
	while (running && !atomic_load(&t->cancelled)) {
		if (dl_curl_multi_perform(t->multi, &running) != CURLM_OK ||
		    (running && dl_curl_multi_poll(t->multi, NULL, 0, 1000,
		    NULL) != CURLM_OK))
			break;
	}
	while ((m = dl_curl_multi_info_read(t->multi, &left)) != NULL)
		if (m->msg == CURLMSG_DONE)
			rc = m->data.result;
	if (atomic_load(&t->cancelled))
		rc = CURLE_ABORTED_BY_CALLBACK;
	dl_curl_multi_remove_handle(t->multi, t->curl);
	return rc;
}

/* A failed request in words: cancelled, timed out, or unreachable. */
static void
sync_ttrss_fail(struct sync_ttrss *t, CURLcode rc, struct dl_err *err)
{
	double	 secs = 0;

	dl_curl_easy_getinfo(t->curl, CURLINFO_TOTAL_TIME, &secs);
	if (rc == CURLE_ABORTED_BY_CALLBACK)
		dl_err_set(err, "sync cancelled");
	else if (rc == CURLE_OPERATION_TIMEDOUT)
		dl_err_set(err, "%s: no answer from the server in %.1f s: the "
		    "sync timed out", t->api, secs);
	else
		dl_err_set(err, "%s: server unreachable: %s", t->api,
		    dl_curl_easy_strerror(rc));
}

/* POST req; *out gets the parsed answer object. */
static int
sync_ttrss_post(struct sync_ttrss *t, json_t *req, json_t **out,
    struct dl_err *err)
{
	char		*text;
	CURLcode	 rc;
	long		 status = 0;
	json_error_t	 je;

	if ((text = json_dumps(req, JSON_COMPACT)) == NULL)
		dl_oom(0);
	dl_buf_reset(&t->body);
	dl_curl_easy_setopt(t->curl, CURLOPT_POSTFIELDS, text);
	rc = sync_ttrss_perform(t);
	free(text);
	t->requests++;
	t->bytes += t->body.len;
	if (rc != CURLE_OK) {
		sync_ttrss_fail(t, rc, err);
		return -1;
	}
	dl_curl_easy_getinfo(t->curl, CURLINFO_RESPONSE_CODE, &status);
	*out = json_loadb(t->body.data ? t->body.data : "", t->body.len, 0,
	    &je);
	if (*out == NULL || !json_is_object(*out) ||
	    (!json_is_object(json_object_get(*out, "content")) &&
	    !json_is_array(json_object_get(*out, "content")))) {
		json_decref(*out);
		dl_err_set(err, "%s: the answer (HTTP %ld) is not tt-rss API "
		    "JSON: is sync-url the tt-rss address?", t->api, status);
		return -1;
	}
	return 0;
}

/* The error of a status-1 answer, in words; returns -1, or 1 for an
 * expired session (the caller logs in again). */
static int
sync_ttrss_error(struct sync_ttrss *t, json_t *ans, struct dl_err *err)
{
	const char	*e;

	e = json_string_value(json_object_get(json_object_get(ans,
	    "content"), "error"));
	if (e == NULL)
		e = "no reason given";
	if (strcmp(e, "NOT_LOGGED_IN") == 0) {
		dl_err_set(err, "%s: the session expired", t->api);
		return 1;
	}
	if (strcmp(e, "LOGIN_ERROR") == 0)
		dl_err_set(err, "%s: login refused for user %s: wrong user "
		    "name or password", t->api, t->user);
	else if (strcmp(e, "API_DISABLED") == 0)
		dl_err_set(err, "%s: API access is disabled for user %s: turn "
		    "on \"Enable API access\" in tt-rss's Preferences", t->api,
		    t->user);
	else
		dl_err_set(err, "%s: tt-rss refused: %s", t->api, e);
	return -1;
}

static int
sync_ttrss_login(void *arg, struct dl_err *err)
{
	struct sync_ttrss	*t = arg;
	json_t			*req, *ans;
	const char		*sid;
	int			 rc = -1;

	req = json_pack("{s:s, s:s, s:s}", "op", "login", "user", t->user,
	    "password", t->pw);
	if (sync_ttrss_post(t, req, &ans, err) == -1)
		goto out;
	sid = json_string_value(json_object_get(json_object_get(ans,
	    "content"), "session_id"));
	if (json_integer_value(json_object_get(ans, "status")) != 0 ||
	    sid == NULL) {
		sync_ttrss_error(t, ans, err);
		if (strstr(err->msg, "session expired") != NULL)
			dl_err_set(err, "%s: login refused", t->api);
	} else {
		free(t->sid);
		t->sid = dl_strdup(sid);
		rc = 0;
	}
	json_decref(ans);
out:
	json_decref(req);
	return rc;
}

/* Call op with the fields of req (taken); *content gets the answer's
 * content (a new reference). An expired session logs in once again. */
static int
sync_ttrss_call(struct sync_ttrss *t, json_t *req, json_t **content,
    struct dl_err *err)
{
	json_t	*ans;
	int	 tries, rc = -1;

	for (tries = 0; tries < 2; tries++) {
		if (t->sid == NULL && sync_ttrss_login(t, err) == -1)
			break;
		json_object_set_new(req, "sid", json_string(t->sid));
		if (sync_ttrss_post(t, req, &ans, err) == -1)
			break;
		if (json_integer_value(json_object_get(ans, "status")) == 0) {
			*content = json_incref(json_object_get(ans,
			    "content"));
			json_decref(ans);
			rc = 0;
			break;
		}
		rc = sync_ttrss_error(t, ans, err);
		json_decref(ans);
		if (rc != 1)
			break;
		free(t->sid);
		t->sid = NULL;
		rc = -1;
	}
	json_decref(req);
	return rc;
}

static char *
sync_ttrss_str(json_t *o, const char *key)
{
	const char	*s = json_string_value(json_object_get(o, key));

	return s != NULL && *s != '\0' ? dl_strdup(s) : NULL;
}

/* Category titles by id, from getCategories. */
static json_t *
sync_ttrss_categories(struct sync_ttrss *t, struct dl_err *err)
{
	json_t	*c, *v, *map;
	size_t	 i;
	char	 key[32];

	if (sync_ttrss_call(t, json_pack("{s:s}", "op", "getCategories"), &c,
	    err) == -1)
		return NULL;
	map = json_object();
	json_array_foreach(c, i, v) {
		snprintf(key, sizeof key, "%" JSON_INTEGER_FORMAT,
		    json_integer_value(json_object_get(v, "id")));
		if (json_integer_value(json_object_get(v, "id")) > 0)
			json_object_set(map, key, json_object_get(v, "title"));
	}
	json_decref(c);
	return map;
}

static int
sync_ttrss_feeds(void *arg, struct sync_feed **out, size_t *n,
    struct dl_err *err)
{
	struct sync_ttrss	*t = arg;
	json_t			*cats, *c, *v;
	size_t			 i;
	char			 key[32];

	*out = NULL;
	*n = 0;
	if ((cats = sync_ttrss_categories(t, err)) == NULL)
		return -1;
	if (sync_ttrss_call(t, json_pack("{s:s, s:i}", "op", "getFeeds",
	    "cat_id", -3), &c, err) == -1) {
		json_decref(cats);
		return -1;
	}
	*out = dl_calloc(json_array_size(c) + 1, sizeof **out);
	json_array_foreach(c, i, v) {
		if (json_integer_value(json_object_get(v, "id")) <= 0 ||
		    json_string_value(json_object_get(v, "feed_url")) == NULL)
			continue;
		(*out)[*n].id = json_integer_value(json_object_get(v, "id"));
		(*out)[*n].url = sync_ttrss_str(v, "feed_url");
		(*out)[*n].title = sync_ttrss_str(v, "title");
		snprintf(key, sizeof key, "%" JSON_INTEGER_FORMAT,
		    json_integer_value(json_object_get(v, "cat_id")));
		(*out)[*n].category = sync_ttrss_str(cats, key);
		(*out)[*n].unread = json_is_integer(json_object_get(v,
		    "unread")) ? json_integer_value(json_object_get(v,
		    "unread")) : -1;
		(*n)++;
	}
	json_decref(c);
	json_decref(cats);
	return 0;
}

static void
sync_ttrss_headline(json_t *v, struct sync_headline *h)
{
	json_t	*fid = json_object_get(v, "feed_id");

	h->id = json_integer_value(json_object_get(v, "id"));
	/* feed_id is a number or, in some versions, a string. */
	h->feed_id = json_is_string(fid) ?
	    strtoll(json_string_value(fid), NULL, 10) :
	    json_integer_value(fid);
	h->guid = sync_ttrss_str(v, "guid");
	h->link = sync_ttrss_str(v, "link");
	h->title = sync_ttrss_str(v, "title");
	h->author = sync_ttrss_str(v, "author");
	h->content = sync_ttrss_str(v, "content");
	h->updated = json_integer_value(json_object_get(v, "updated"));
	h->unread = json_is_true(json_object_get(v, "unread"));
	h->starred = json_is_true(json_object_get(v, "marked"));
}

static int
sync_ttrss_headlines(void *arg, int64_t feed_id, int64_t since_id,
    size_t skip, struct sync_headline **out, size_t *n, struct dl_err *err)
{
	struct sync_ttrss	*t = arg;
	json_t			*c, *v;
	size_t			 i;

	*out = NULL;
	*n = 0;
	/* sanitize false: tt-rss's sanitizer costs it most of a page's
	 * time, and dateline treats feed HTML as untrusted anyway. */
	if (sync_ttrss_call(t, json_pack("{s:s, s:I, s:i, s:I, s:I, s:b,"
	    " s:s, s:s, s:b}", "op", "getHeadlines", "feed_id",
	    feed_id != 0 ? (json_int_t)feed_id : -4, "limit",
	    SYNC_PAGE, "skip", (json_int_t)skip, "since_id",
	    (json_int_t)since_id, "show_content", 1, "view_mode",
	    "all_articles", "order_by", "date_reverse", "sanitize", 0), &c,
	    err) == -1)
		return -1;
	*out = dl_calloc(json_array_size(c) + 1, sizeof **out);
	json_array_foreach(c, i, v)
		sync_ttrss_headline(v, &(*out)[(*n)++]);
	json_decref(c);
	return 0;
}

/* One page of the ids of a list. */
static int
sync_ttrss_ids_page(struct sync_ttrss *t, enum sync_list which,
    int64_t feed_id, size_t skip, json_t **c, struct dl_err *err)
{
	json_int_t	 feed = feed_id != 0 ? (json_int_t)feed_id :
	    which == SYNC_LIST_UNREAD ? -4 : -1;

	return sync_ttrss_call(t, json_pack("{s:s, s:I, s:i, s:I, s:s,"
	    " s:b}", "op", "getHeadlines", "feed_id", feed, "limit",
	    SYNC_PAGE, "skip", (json_int_t)skip, "view_mode",
	    which == SYNC_LIST_UNREAD ? "unread" : "marked",
	    "show_content", 0), c, err);
}

static int
sync_ttrss_ids(void *arg, enum sync_list which, int64_t feed_id,
    int64_t **out, size_t *n, struct dl_err *err)
{
	struct sync_ttrss	*t = arg;
	json_t			*c, *v;
	size_t			 i, got;

	*out = NULL;
	*n = 0;
	do {
		if (sync_ttrss_ids_page(t, which, feed_id, *n, &c, err) == -1) {
			free(*out);
			*out = NULL;
			return -1;
		}
		got = json_array_size(c);
		*out = dl_reallocarray(*out, *n + got + 1, sizeof **out);
		json_array_foreach(c, i, v)
			(*out)[(*n)++] = json_integer_value(json_object_get(v,
			    "id"));
		json_decref(c);
	} while (got >= SYNC_PAGE);
	return 0;
}

static int
sync_ttrss_push(void *arg, const int64_t *ids, size_t n,
    enum sync_field field, int value, struct dl_err *err)
{
	struct sync_ttrss	*t = arg;
	struct dl_buf		 list;
	json_t			*c;
	size_t			 i;
	int			 rc;

	if (n == 0)
		return 0;
	dl_buf_init(&list, DL_BUF_CAP_DEFAULT);
	for (i = 0; i < n; i++)
		dl_buf_addf(&list, "%s%" PRId64, i ? "," : "", ids[i]);
	/* field 2 is unread: read is its opposite; field 0 is starred. */
	rc = sync_ttrss_call(t, json_pack("{s:s, s:s, s:i, s:i}", "op",
	    "updateArticle", "article_ids", dl_buf_str(&list), "mode",
	    field == SYNC_READ ? !value : value, "field",
	    field == SYNC_READ ? 2 : 0), &c, err);
	dl_buf_clear(&list);
	if (rc == 0)
		json_decref(c);
	return rc;
}

static int
sync_ttrss_subscribe(void *arg, const char *url, struct dl_err *err)
{
	struct sync_ttrss	*t = arg;
	json_t			*c;
	json_int_t		 code;

	if (sync_ttrss_call(t, json_pack("{s:s, s:s}", "op", "subscribeToFeed",
	    "feed_url", url), &c, err) == -1)
		return -1;
	code = json_integer_value(json_object_get(json_object_get(c,
	    "status"), "code"));
	json_decref(c);
	/* 0: already subscribed, 1: added; the others are failures. */
	if (code == 0 || code == 1)
		return 0;
	dl_err_set(err, "%s: tt-rss could not subscribe to %s (code %"
	    JSON_INTEGER_FORMAT ")", t->api, url, code);
	return -1;
}

static int
sync_ttrss_unsubscribe(void *arg, int64_t feed_id, struct dl_err *err)
{
	struct sync_ttrss	*t = arg;
	json_t			*c;

	if (sync_ttrss_call(t, json_pack("{s:s, s:I}", "op", "unsubscribeFeed",
	    "feed_id", (json_int_t)feed_id), &c, err) == -1)
		return -1;
	json_decref(c);
	return 0;
}

static void
sync_ttrss_stats(void *arg, size_t *requests, size_t *bytes)
{
	struct sync_ttrss	*t = arg;

	*requests = t->requests;
	*bytes = t->bytes;
}

/* From any thread: the request running and every later one fail with
 * "sync cancelled". */
static void
sync_ttrss_cancel(void *arg)
{
	struct sync_ttrss	*t = arg;

	atomic_store(&t->cancelled, 1);
	dl_curl_multi_wakeup(t->multi);
}

static void
sync_ttrss_free(void *arg)
{
	struct sync_ttrss	*t = arg;

	if (t == NULL)
		return;
	dl_curl_easy_cleanup(t->curl);
	dl_curl_multi_cleanup(t->multi);
	free(t->api);
	free(t->user);
	if (t->pw != NULL)
		memset(t->pw, 0, strlen(t->pw));
	free(t->pw);
	free(t->sid);
	dl_buf_clear(&t->body);
	free(t);
}

static void
sync_ttrss_setup(struct sync_ttrss *t)
{
	char	*ua = dl_printf("dateline/%s (sync)", PACKAGE_VERSION);

	dl_curl_easy_setopt(t->curl, CURLOPT_URL, t->api);
	dl_curl_easy_setopt(t->curl, CURLOPT_USERAGENT, ua);
	free(ua);
	dl_curl_easy_setopt(t->curl, CURLOPT_WRITEFUNCTION, sync_ttrss_write);
	dl_curl_easy_setopt(t->curl, CURLOPT_WRITEDATA, t);
	dl_curl_easy_setopt(t->curl, CURLOPT_TIMEOUT_MS, t->timeout_ms);
	dl_curl_easy_setopt(t->curl, CURLOPT_CONNECTTIMEOUT_MS, 15000L);
	dl_curl_easy_setopt(t->curl, CURLOPT_NOSIGNAL, 1L);
	dl_curl_easy_setopt(t->curl, CURLOPT_ACCEPT_ENCODING, "");
	dl_curl_easy_setopt(t->curl, CURLOPT_PROTOCOLS_STR, "http,https");
}

int
sync_ttrss_new(const struct sync_config *cfg, const char *pw,
    struct sync_backend *be, struct dl_err *err)
{
	struct sync_ttrss	*t;
	size_t			 len;

	if (cfg->url == NULL || *cfg->url == '\0' || cfg->user == NULL ||
	    *cfg->user == '\0') {
		dl_err_set(err, "sync: set sync-url and sync-user");
		return -1;
	}
	t = dl_calloc(1, sizeof *t);
	if ((t->curl = dl_curl_easy_init()) == NULL ||
	    (t->multi = dl_curl_multi_init()) == NULL) {
		dl_curl_easy_cleanup(t->curl);
		free(t);
		dl_err_set(err, "sync: libcurl could not start");
		return -1;
	}
	len = strlen(cfg->url);
	t->api = len >= 4 && strcmp(cfg->url + len - 4, "api/") == 0 ?
	    dl_strdup(cfg->url) : dl_printf("%s%sapi/", cfg->url,
	    cfg->url[len - 1] == '/' ? "" : "/");
	t->user = dl_strdup(cfg->user);
	t->pw = dl_strdup(pw);
	t->timeout_ms = cfg->timeout_ms > 0 ? cfg->timeout_ms : 60000;
	dl_buf_init(&t->body, SYNC_TTRSS_MAX_BODY);
	sync_ttrss_setup(t);
	*be = (struct sync_backend){ .name = "ttrss", .b = t,
	    .login = sync_ttrss_login, .feeds = sync_ttrss_feeds,
	    .headlines = sync_ttrss_headlines, .ids = sync_ttrss_ids,
	    .push = sync_ttrss_push, .subscribe = sync_ttrss_subscribe,
	    .unsubscribe = sync_ttrss_unsubscribe, .stats = sync_ttrss_stats,
	    .cancel = sync_ttrss_cancel, .free = sync_ttrss_free };
	return 0;
}
