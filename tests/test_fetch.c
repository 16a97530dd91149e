/* test_fetch.c: the fetch module against tests/httpd.py on 127.0.0.1:
 * streaming, validators, gzip, redirects, errors in words, limits, many
 * requests at once, and the backoff rules. */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "dl.h"
#include "fetch.h"

extern char **environ;

/* The server every test talks to. */
static pid_t	 t_pid = -1;
static int	 t_stdin = -1;	/* closing it stops the server */
static char	 t_base[64];	/* "http://127.0.0.1:PORT" */
static int	 t_port;
static char	 t_srcdir[1024];

/* What one request produced. */
struct got {
	struct dl_buf	 body;
	int		 pieces;
	int		 header_calls;
	int		 data_before_header;
	long		 header_status;
	char		 header_url[512];
	char		 ctype[256];
	char		 charset[64];
	int		 has_charset;
	int		 done;
	enum fetch_kind	 kind;
	long		 status;
	char		 msg[512];
	char		 etag[256];
	char		 lm[128];
	char		 eff[512];
	char		 perm[512];
	int		 has_perm;
	int64_t		 retry_after;
	uint64_t	 body_bytes;
	uint64_t	 wire_bytes;
	int		 abort_header;	/* on_header returns -1 */
	int		 abort_data;	/* on_data returns -1 */
	int		 pause_left;	/* on_data pauses this many times */
	int		 pauses;	/* and has paused */
	int		 paused;	/* now, until fetch_resume */
	int		 done_seq;	/* t_done_seq when it was done */
};

static int	 t_done_seq;	/* on_done calls so far */

static void
t_find_srcdir(void)
{
	const char	*env = getenv("top_srcdir");
	char		 file[] = __FILE__;
	char		*slash;

	if (env != NULL && *env != '\0') {
		snprintf(t_srcdir, sizeof t_srcdir, "%s", env);
		return;
	}
	/* __FILE__ is .../tests/test_fetch.c in an out-of-tree build. */
	if ((slash = strrchr(file, '/')) != NULL) {
		*slash = '\0';
		if ((slash = strrchr(file, '/')) != NULL) {
			*slash = '\0';
			snprintf(t_srcdir, sizeof t_srcdir, "%s", file);
			return;
		}
		snprintf(t_srcdir, sizeof t_srcdir, "..");
		return;
	}
	snprintf(t_srcdir, sizeof t_srcdir, ".");
}

/* Read "PORT <n>\n" from the server within 15 s. */
static int
t_read_port(int fd)
{
	char		 line[64];
	size_t		 n = 0;
	struct pollfd	 p;
	ssize_t		 r;
	long		 port;

	while (n < sizeof line - 1) {
		p.fd = fd;
		p.events = POLLIN;
		if (poll(&p, 1, 15000) <= 0)
			return -1;
		if ((r = read(fd, line + n, 1)) <= 0)
			return -1;
		if (line[n++] == '\n')
			break;
	}
	line[n] = '\0';
	line[strcspn(line, "\n")] = '\0';
	if (strncmp(line, "PORT ", 5) != 0 ||
	    dl_strtonum(line + 5, 1, 65535, &port) != 0)
		return -1;
	return (int)port;
}

static int
t_server_start(void **state)
{
	posix_spawn_file_actions_t	 fa;
	char				 script[1200];
	char				*argv[] = { "python3", script,
					    "--exit-on-eof", "--max-seconds",
					    "300", NULL };
	int				 in[2], out[2];

	(void)state;
	t_find_srcdir();
	snprintf(script, sizeof script, "%s/tests/httpd.py", t_srcdir);
	if (access(script, R_OK) != 0 || pipe(in) != 0 || pipe(out) != 0) {
		fprintf(stderr, "cannot start %s\n", script);
		return -1;
	}
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, in[0], 0);
	posix_spawn_file_actions_adddup2(&fa, out[1], 1);
	posix_spawn_file_actions_addclose(&fa, in[1]);
	posix_spawn_file_actions_addclose(&fa, out[0]);
	if (posix_spawnp(&t_pid, "python3", &fa, NULL, argv, environ) != 0)
		t_pid = -1;
	posix_spawn_file_actions_destroy(&fa);
	close(in[0]);
	close(out[1]);
	t_stdin = in[1];
	fcntl(t_stdin, F_SETFD, FD_CLOEXEC);
	t_port = t_pid > 0 ? t_read_port(out[0]) : -1;
	close(out[0]);
	if (t_port < 0) {
		fprintf(stderr, "%s did not report its port\n", script);
		return -1;
	}
	snprintf(t_base, sizeof t_base, "http://127.0.0.1:%d", t_port);
	return 0;
}

static int
t_server_stop(void **state)
{
	(void)state;
	if (t_stdin >= 0)
		close(t_stdin);
	if (t_pid > 0) {
		kill(t_pid, SIGTERM);
		waitpid(t_pid, NULL, 0);
	}
	return 0;
}

/* No test may hang CI: the alarm kills the program. */
static int
t_setup(void **state)
{
	(void)state;
	alarm(60);
	return 0;
}

static int
t_teardown(void **state)
{
	(void)state;
	alarm(0);
	return 0;
}

static int
t_on_header(void *ctx, long status, const char *url, const char *ctype,
    const char *charset)
{
	struct got	*g = ctx;

	g->header_calls++;
	snprintf(g->header_url, sizeof g->header_url, "%s", url);
	g->header_status = status;
	snprintf(g->ctype, sizeof g->ctype, "%s", ctype != NULL ? ctype : "");
	g->has_charset = charset != NULL;
	snprintf(g->charset, sizeof g->charset, "%s",
	    charset != NULL ? charset : "");
	return g->abort_header ? -1 : 0;
}

static int
t_on_data(void *ctx, const char *p, size_t n)
{
	struct got	*g = ctx;

	if (g->header_calls == 0)
		g->data_before_header = 1;
	assert_false(g->paused);
	if (g->pause_left > 0) {
		g->pause_left--;
		g->pauses++;
		g->paused = 1;
		return FETCH_DATA_PAUSE;
	}
	g->pieces++;
	assert_int_equal(dl_buf_add(&g->body, p, n), 0);
	return g->abort_data ? -1 : 0;
}

static void
t_on_done(void *ctx, const struct fetch_result *r)
{
	struct got	*g = ctx;

	g->done++;
	g->done_seq = ++t_done_seq;
	g->kind = r->kind;
	g->status = r->status;
	snprintf(g->msg, sizeof g->msg, "%s", r->message);
	snprintf(g->etag, sizeof g->etag, "%s", r->etag ? r->etag : "");
	snprintf(g->lm, sizeof g->lm, "%s",
	    r->last_modified ? r->last_modified : "");
	snprintf(g->eff, sizeof g->eff, "%s", r->effective_url);
	g->has_perm = r->permanent_url != NULL;
	snprintf(g->perm, sizeof g->perm, "%s",
	    r->permanent_url ? r->permanent_url : "");
	g->retry_after = r->retry_after;
	g->body_bytes = r->body_bytes;
	g->wire_bytes = r->wire_bytes;
}

static void
t_got_init(struct got *g)
{
	memset(g, 0, sizeof *g);
	dl_buf_init(&g->body, DL_BUF_CAP_DEFAULT);
}

static void
t_req(struct fetch_req *req, const char *url, struct got *g)
{
	memset(req, 0, sizeof *req);
	req->url = url;
	req->ctx = g;
	req->on_header = t_on_header;
	req->on_data = t_on_data;
	req->on_done = t_on_done;
}

/* GET url (a path on the test server if it starts with '/') with
 * optional validators and options; g must be t_got_init'ed. */
static void
t_get_full(const struct fetch_opts *o, const char *path, const char *etag,
    const char *lm, struct got *g)
{
	struct fetch	*f;
	struct fetch_req req;
	struct dl_err	 err;
	char		 url[1024];

	if (path[0] == '/')
		snprintf(url, sizeof url, "%s%s", t_base, path);
	else
		snprintf(url, sizeof url, "%s", path);
	f = fetch_new(o, &err);
	assert_non_null(f);
	t_req(&req, url, g);
	req.etag = etag;
	req.last_modified = lm;
	assert_int_equal(fetch_add(f, &req, &err), 0);
	assert_int_equal(fetch_pending(f), 1);
	assert_int_equal(fetch_run(f, &err), 0);
	assert_int_equal(fetch_pending(f), 0);
	assert_int_equal(g->done, 1);
	fetch_free(f);
}

static void
t_get(const char *path, struct got *g)
{
	t_get_full(NULL, path, NULL, NULL, g);
}

/* The bytes of a fixture under tests/data. */
static void
t_slurp(const char *rel, struct dl_buf *out)
{
	char	 path[1500], buf[4096];
	FILE	*fp;
	size_t	 n;

	snprintf(path, sizeof path, "%s/tests/data/%s", t_srcdir, rel);
	assert_non_null(fp = fopen(path, "rb"));
	dl_buf_init(out, DL_BUF_CAP_DEFAULT);
	while ((n = fread(buf, 1, sizeof buf, fp)) > 0)
		assert_int_equal(dl_buf_add(out, buf, n), 0);
	fclose(fp);
}

static void
t_assert_body_is(struct got *g, const char *rel)
{
	struct dl_buf	 want;

	t_slurp(rel, &want);
	assert_int_equal(g->body.len, want.len);
	assert_memory_equal(dl_buf_str(&g->body), dl_buf_str(&want),
	    want.len);
	dl_buf_clear(&want);
}

static void
t_got_clear(struct got *g)
{
	dl_buf_clear(&g->body);
}

static void
test_ok_streamed(void **state)
{
	struct got	 g;

	(void)state;
	t_got_init(&g);
	t_get("/big?bytes=300000&length=1", &g);
	assert_int_equal(g.kind, FETCH_OK);
	assert_int_equal(g.status, 200);
	assert_string_equal(g.msg, "HTTP 200 OK");
	assert_int_equal(g.body.len, 300000);
	assert_true(g.pieces > 1);
	assert_int_equal(g.header_calls, 1);
	assert_int_equal(g.header_status, 200);
	assert_false(g.data_before_header);
	assert_int_equal(g.body_bytes, 300000);
	t_got_clear(&g);

	t_got_init(&g);
	t_get("/http/feed.xml", &g);
	assert_int_equal(g.kind, FETCH_OK);
	t_assert_body_is(&g, "http/feed.xml");
	assert_true(g.etag[0] == '"');
	assert_true(strstr(g.lm, " GMT") != NULL);
	assert_false(g.has_perm);
	assert_string_equal(g.ctype, "application/xml");
	assert_false(g.has_charset);
	t_got_clear(&g);
}

static void
test_conditional(void **state)
{
	struct got	 first, g;

	(void)state;
	t_got_init(&first);
	t_get("/http/feed.xml", &first);
	assert_int_equal(first.kind, FETCH_OK);

	/* ETag alone, Last-Modified alone, both: 304 and no body. */
	t_got_init(&g);
	t_get_full(NULL, "/http/feed.xml", first.etag, NULL, &g);
	assert_int_equal(g.kind, FETCH_NOT_MODIFIED);
	assert_int_equal(g.status, 304);
	assert_int_equal(g.pieces, 0);
	assert_int_equal(g.header_calls, 0);
	assert_int_equal(g.body_bytes, 0);
	assert_string_equal(g.etag, first.etag);
	t_got_clear(&g);

	t_got_init(&g);
	t_get_full(NULL, "/http/feed.xml", NULL, first.lm, &g);
	assert_int_equal(g.kind, FETCH_NOT_MODIFIED);
	assert_int_equal(g.pieces, 0);
	t_got_clear(&g);

	t_got_init(&g);
	t_get_full(NULL, "/http/feed.xml", first.etag, first.lm, &g);
	assert_int_equal(g.kind, FETCH_NOT_MODIFIED);
	t_got_clear(&g);

	/* A stale ETag wins over a matching date (RFC 9110 13.2.2). */
	t_got_init(&g);
	t_get_full(NULL, "/http/feed.xml", "\"stale\"", first.lm, &g);
	assert_int_equal(g.kind, FETCH_OK);
	t_assert_body_is(&g, "http/feed.xml");
	t_got_clear(&g);
	t_got_clear(&first);
}

static void
test_request_headers(void **state)
{
	struct got	 g;
	char		 ua[64];

	(void)state;
	t_got_init(&g);
	t_get_full(NULL, "/_headers", "\"v1\"", "Fri, 22 Sep 2023 05:00:00 GMT",
	    &g);
	assert_int_equal(g.kind, FETCH_OK);
	snprintf(ua, sizeof ua, "User-Agent: dateline/%s", PACKAGE_VERSION);
	assert_non_null(strstr(dl_buf_str(&g.body), ua));
	assert_non_null(strstr(dl_buf_str(&g.body), "gzip"));
	assert_non_null(strstr(dl_buf_str(&g.body), "If-None-Match: \"v1\""));
	assert_non_null(strstr(dl_buf_str(&g.body),
	    "If-Modified-Since: Fri, 22 Sep 2023 05:00:00 GMT"));
	t_got_clear(&g);

	/* A stored validator holding CR LF must not add a header. */
	t_got_init(&g);
	t_get_full(NULL, "/_headers", "\"v1\"\r\nX-Evil: 1", NULL, &g);
	assert_int_equal(g.kind, FETCH_OK);
	assert_null(strstr(dl_buf_str(&g.body), "X-Evil"));
	assert_null(strstr(dl_buf_str(&g.body), "If-None-Match"));
	t_got_clear(&g);
}

static void
test_gzip(void **state)
{
	struct got	 g;

	(void)state;
	/* Forced by the server, and asked for by our Accept-Encoding. */
	t_got_init(&g);
	t_get("/http/feed.xml?gzip=1", &g);
	assert_int_equal(g.kind, FETCH_OK);
	t_assert_body_is(&g, "http/feed.xml");
	assert_true(g.wire_bytes < g.body_bytes);
	t_got_clear(&g);

	t_got_init(&g);
	t_get("/http/feed.xml", &g);
	t_assert_body_is(&g, "http/feed.xml");
	assert_true(g.wire_bytes < g.body_bytes);
	t_got_clear(&g);
}

static void
test_redirects(void **state)
{
	static const struct {
		const char	*path;
		const char	*perm;	/* path of permanent_url, or NULL */
		const char	*why;
	} rows[] = {
		{ "/http/moved-301", "/http/feed.xml", "301 is permanent" },
		{ "/http/moved-308", "/http/feed.xml", "308 is permanent" },
		{ "/http/moved-302", NULL, "302 is temporary" },
		{ "/http/moved-307", NULL, "307 is temporary" },
		{ "/http/chain-301-302", "/http/moved-302",
		    "the permanent hop only, not the temporary one after it" },
		{ "/http/chain-302-301", NULL,
		    "a temporary first hop: the subscription stays" },
	};
	struct got	 g;
	char		 want[512];
	size_t		 i;

	(void)state;
	for (i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		t_got_init(&g);
		t_get(rows[i].path, &g);
		print_message("%s: %s\n", rows[i].path, rows[i].why);
		assert_int_equal(g.kind, FETCH_OK);
		t_assert_body_is(&g, "http/feed.xml");
		snprintf(want, sizeof want, "%s/http/feed.xml", t_base);
		assert_string_equal(g.eff, want);
		/* The parser's base for relative links is the final URL. */
		assert_string_equal(g.header_url, want);
		assert_int_equal(g.has_perm, rows[i].perm != NULL);
		if (rows[i].perm != NULL) {
			snprintf(want, sizeof want, "%s%s", t_base,
			    rows[i].perm);
			assert_string_equal(g.perm, want);
		}
		assert_int_equal(g.header_calls, 1);
		t_got_clear(&g);
	}
}

static void
test_bad_redirects(void **state)
{
	static const struct {
		const char	*path;
		const char	*msg;
	} rows[] = {
		{ "/http/to-file", "redirect to a non-http URL refused "
		    "(file:///etc/passwd)" },
		{ "/redirect?code=301&to=ftp://127.0.0.1/feed", "redirect to "
		    "a non-http URL refused (ftp://127.0.0.1/feed)" },
		{ "/redirect?code=302&to=gopher://127.0.0.1/", "redirect to "
		    "a non-http URL refused (gopher://127.0.0.1/)" },
		{ "/http/loop", "too many redirects (more than 5)" },
	};
	struct got	 g;
	size_t		 i;

	(void)state;
	for (i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		t_got_init(&g);
		t_get(rows[i].path, &g);
		assert_int_equal(g.kind, FETCH_BAD_REDIRECT);
		assert_string_equal(g.msg, rows[i].msg);
		assert_int_equal(g.pieces, 0);
		assert_int_equal(g.header_calls, 0);
		t_got_clear(&g);
	}
}

static void
test_http_errors(void **state)
{
	static const struct {
		const char	*path;
		enum fetch_kind	 kind;
		long		 status;
		const char	*msg;
	} rows[] = {
		{ "/nothere.xml", FETCH_HTTP_ERROR, 404, "HTTP 404 Not Found" },
		{ "/http/gone", FETCH_GONE, 410, "HTTP 410 Gone" },
		{ "/http/server-error", FETCH_HTTP_ERROR, 500,
		    "HTTP 500 Internal Server Error" },
	};
	struct got	 g;
	size_t		 i;

	(void)state;
	for (i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		t_got_init(&g);
		t_get(rows[i].path, &g);
		assert_int_equal(g.kind, rows[i].kind);
		assert_int_equal(g.status, rows[i].status);
		assert_string_equal(g.msg, rows[i].msg);
		/* An error page is not a feed: the parser never sees it. */
		assert_int_equal(g.pieces, 0);
		assert_int_equal(g.header_calls, 0);
		assert_true(g.body_bytes > 0);
		t_got_clear(&g);
	}
}

static void
test_rate_limited(void **state)
{
	struct got	 g;

	(void)state;
	t_got_init(&g);
	t_get("/http/ratelimit", &g);
	assert_int_equal(g.kind, FETCH_RATE_LIMITED);
	assert_int_equal(g.status, 429);
	assert_int_equal(g.retry_after, 120);
	assert_string_equal(g.msg,
	    "HTTP 429 Too Many Requests (retry after 120 s)");
	t_got_clear(&g);

	/* An HTTP-date two minutes after the pinned now. */
	setenv("DATELINE_NOW", "1695358800", 1);
	t_got_init(&g);
	t_get("/http/unavailable", &g);
	unsetenv("DATELINE_NOW");
	assert_int_equal(g.kind, FETCH_RATE_LIMITED);
	assert_int_equal(g.status, 503);
	assert_int_equal(g.retry_after, 120);
	t_got_clear(&g);

	/* A date thousands of years off: the message says the capped wait,
	 * not 251605687648 s. */
	t_got_init(&g);
	t_get("/http/ratelimit-far", &g);
	assert_int_equal(g.kind, FETCH_RATE_LIMITED);
	assert_int_equal(g.retry_after, FETCH_BACKOFF_MAX);
	assert_string_equal(g.msg, "HTTP 429 Too Many Requests "
	    "(retry after 86400 s, the longest wait)");
	t_got_clear(&g);
}

/* One 2 MB header line: libcurl gives up on it; say so, not "Out of
 * memory". */
static void
test_huge_header(void **state)
{
	struct got	 g;

	(void)state;
	t_got_init(&g);
	t_get("/hugeheader?bytes=2097152", &g);
	assert_int_equal(g.kind, FETCH_TOO_LARGE);
	assert_string_equal(g.msg, "response headers too large");
	t_got_clear(&g);

	/* A long header under the limit is fine. */
	t_got_init(&g);
	t_get("/hugeheader?bytes=20000", &g);
	assert_int_equal(g.kind, FETCH_OK);
	t_got_clear(&g);
}

static void
test_timeouts(void **state)
{
	struct fetch_opts	 o;
	struct got		 g;
	time_t			 t0;

	(void)state;
	fetch_opts_init(&o);
	o.timeout_ms = 1500;
	t0 = time(NULL);
	t_got_init(&g);
	t_get_full(&o, "/http/trickle", NULL, NULL, &g);
	assert_int_equal(g.kind, FETCH_TIMEOUT);
	assert_string_equal(g.msg, "timeout after 1.5 s");
	assert_true(time(NULL) - t0 <= 4);
	t_got_clear(&g);

	/* A byte every 3 s is a stall under a 1 s stall limit. */
	fetch_opts_init(&o);
	o.stall_ms = 1000;
	o.timeout_ms = 20000;
	t0 = time(NULL);
	t_got_init(&g);
	t_get_full(&o, "/http/trickle?trickle=3000", NULL, NULL, &g);
	assert_int_equal(g.kind, FETCH_TIMEOUT);
	assert_string_equal(g.msg, "stalled: no data for 1 s");
	/* Well before the 20 s timeout, with room for a loaded machine. */
	assert_true(time(NULL) - t0 < 15);
	t_got_clear(&g);

	/* A byte a second does arrive: too slow, not "no data". */
	fetch_opts_init(&o);
	o.stall_ms = 2000;
	o.timeout_ms = 20000;
	t0 = time(NULL);
	t_got_init(&g);
	t_get_full(&o, "/http/trickle?trickle=1000", NULL, NULL, &g);
	assert_int_equal(g.kind, FETCH_TIMEOUT);
	assert_string_equal(g.msg, "too slow: under 1 byte/s for 2 s");
	assert_true(time(NULL) - t0 < 15);	/* as above */
	t_got_clear(&g);
}

static void
test_too_large(void **state)
{
	static const char *paths[] = {
		"/big?bytes=1000000",		/* chunked, no length */
		"/big?bytes=1000000&gzip=1",	/* small on the wire */
		"/big?bytes=1000000&length=1",	/* declared up front */
	};
	struct fetch_opts	 o;
	struct got		 g;
	size_t			 i;

	(void)state;
	fetch_opts_init(&o);
	o.max_body = 64 * 1024;
	for (i = 0; i < sizeof paths / sizeof paths[0]; i++) {
		t_got_init(&g);
		t_get_full(&o, paths[i], NULL, NULL, &g);
		assert_int_equal(g.kind, FETCH_TOO_LARGE);
		assert_string_equal(g.msg, "response too large (over 64 KB)");
		assert_true(g.body.len <= 64 * 1024);
		t_got_clear(&g);
	}

	/* Exactly at the cap is fine. */
	t_got_init(&g);
	t_get_full(&o, "/big?bytes=65536&gzip=1", NULL, NULL, &g);
	assert_int_equal(g.kind, FETCH_OK);
	assert_int_equal(g.body.len, 65536);
	t_got_clear(&g);
}

static void
test_charset(void **state)
{
	static const struct {
		const char	*path;
		const char	*ctype;
		const char	*charset;	/* NULL: none */
	} rows[] = {
		{ "/http/wrong-charset",
		    "application/rss+xml; charset=ISO-8859-1", "ISO-8859-1" },
		{ "/http/euc-kr", "application/rss+xml; charset=\"EUC-KR\"",
		    "EUC-KR" },
		{ "/http/feed.xml?charset=utf-8", "application/xml; "
		    "charset=utf-8", "utf-8" },
		{ "/http/feed.xml", "application/xml", NULL },
	};
	struct got	 g;
	size_t		 i;

	(void)state;
	for (i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		t_got_init(&g);
		t_get(rows[i].path, &g);
		assert_int_equal(g.kind, FETCH_OK);
		assert_int_equal(g.header_calls, 1);
		assert_string_equal(g.ctype, rows[i].ctype);
		assert_int_equal(g.has_charset, rows[i].charset != NULL);
		if (rows[i].charset != NULL)
			assert_string_equal(g.charset, rows[i].charset);
		t_got_clear(&g);
	}
}

/* A port on 127.0.0.1 nobody listens on. */
static int
t_closed_port(void)
{
	struct sockaddr_in	 sin;
	socklen_t		 len = sizeof sin;
	int			 s, port;

	assert_true((s = socket(AF_INET, SOCK_STREAM, 0)) >= 0);
	memset(&sin, 0, sizeof sin);
	sin.sin_family = AF_INET;
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	assert_int_equal(bind(s, (struct sockaddr *)&sin, sizeof sin), 0);
	assert_int_equal(getsockname(s, (struct sockaddr *)&sin, &len), 0);
	port = ntohs(sin.sin_port);
	close(s);
	return port;
}

static void
test_network_errors(void **state)
{
	struct fetch_opts	 o;
	struct got		 g;
	char			 url[128], want[256];
	int			 port = t_closed_port();

	(void)state;
	fetch_opts_init(&o);
	o.connect_timeout_ms = 3000;
	o.timeout_ms = 5000;
	snprintf(url, sizeof url, "http://127.0.0.1:%d/feed.xml", port);
	t_got_init(&g);
	t_get_full(&o, url, NULL, NULL, &g);
	assert_int_equal(g.kind, FETCH_CONNECT);
	snprintf(want, sizeof want, "could not connect to 127.0.0.1 port %d: "
	    "Connection refused", port);
	assert_string_equal(g.msg, want);
	t_got_clear(&g);

	/* RFC 6761: .invalid never resolves. */
	t_got_init(&g);
	t_get_full(&o, "http://no-such-feed.invalid/rss", NULL, NULL, &g);
	assert_int_equal(g.kind, FETCH_DNS);
	assert_non_null(strstr(g.msg, "DNS failure: "));
	assert_non_null(strstr(g.msg, "no-such-feed.invalid"));
	t_got_clear(&g);

	/* TLS to a plain-HTTP port: the handshake fails, verified or not. */
	snprintf(url, sizeof url, "https://127.0.0.1:%d/http/feed.xml",
	    t_port);
	t_got_init(&g);
	t_get_full(&o, url, NULL, NULL, &g);
	assert_int_equal(g.kind, FETCH_TLS);
	assert_non_null(strstr(g.msg, "TLS error: "));
	t_got_clear(&g);
}

/* Proxies come from the environment, as users expect; the test server
 * answers a proxy request for an absolute URL with the file at its path,
 * and a .invalid host shows no DNS lookup happened here. */
static void
test_env_proxy(void **state)
{
	static const char *unset[] = { "no_proxy", "NO_PROXY", "all_proxy",
	    "ALL_PROXY" };
	char		*saved[4];
	struct got	 g;
	size_t		 i;

	(void)state;
	for (i = 0; i < 4; i++) {
		saved[i] = getenv(unset[i]) ? dl_strdup(getenv(unset[i])) : NULL;
		unsetenv(unset[i]);
	}
	setenv("http_proxy", t_base, 1);
	t_got_init(&g);
	t_get("http://proxied.invalid/http/feed.xml", &g);
	unsetenv("http_proxy");
	for (i = 0; i < 4; i++) {
		if (saved[i] != NULL)
			setenv(unset[i], saved[i], 1);
		free(saved[i]);
	}
	assert_int_equal(g.kind, FETCH_OK);
	t_assert_body_is(&g, "http/feed.xml");
	t_got_clear(&g);
}

static void
test_not_http(void **state)
{
	static const char *urls[] = {
		"file:///etc/passwd", "ftp://127.0.0.1/feed.xml",
		"gopher://127.0.0.1/", "not a url at all",
	};
	struct got	 g;
	size_t		 i;

	(void)state;
	for (i = 0; i < sizeof urls / sizeof urls[0]; i++) {
		t_got_init(&g);
		t_get(urls[i], &g);
		assert_int_equal(g.kind, FETCH_OTHER);
		assert_non_null(strstr(g.msg, "not an http or https URL"));
		assert_int_equal(g.pieces, 0);
		t_got_clear(&g);
	}
}

static void
test_abort(void **state)
{
	struct got	 g;

	(void)state;
	t_got_init(&g);
	g.abort_data = 1;
	t_get("/big?bytes=300000", &g);
	assert_int_equal(g.kind, FETCH_ABORTED);
	assert_string_equal(g.msg, "aborted by the reader");
	assert_int_equal(g.pieces, 1);
	t_got_clear(&g);

	t_got_init(&g);
	g.abort_header = 1;
	t_get("/http/feed.xml", &g);
	assert_int_equal(g.kind, FETCH_ABORTED);
	assert_int_equal(g.header_calls, 1);
	assert_int_equal(g.pieces, 0);
	t_got_clear(&g);
}

/* The second request is added from the first one's on_done. */
struct chain {
	struct fetch	*f;
	struct got	 a, b;
	char		 url[256];
};

static void
t_chain_done(void *ctx, const struct fetch_result *r)
{
	struct chain	*c = ctx;
	struct fetch_req req;

	t_on_done(&c->a, r);
	t_req(&req, c->url, &c->b);
	assert_int_equal(fetch_add(c->f, &req, NULL), 0);
}

static void
test_add_from_done(void **state)
{
	struct chain	 c;
	struct fetch_req req;

	(void)state;
	t_got_init(&c.a);
	t_got_init(&c.b);
	snprintf(c.url, sizeof c.url, "%s/http/feed.xml", t_base);
	assert_non_null(c.f = fetch_new(NULL, NULL));
	t_req(&req, c.url, &c.a);
	req.ctx = &c;
	req.on_header = NULL;
	req.on_data = NULL;
	req.on_done = t_chain_done;
	assert_int_equal(fetch_add(c.f, &req, NULL), 0);
	assert_int_equal(fetch_run(c.f, NULL), 0);
	assert_int_equal(c.a.done, 1);
	assert_int_equal(c.b.done, 1);
	assert_int_equal(c.b.kind, FETCH_OK);
	t_assert_body_is(&c.b, "http/feed.xml");
	fetch_free(c.f);
	t_got_clear(&c.a);
	t_got_clear(&c.b);
}

static void
test_poll_extra_fd(void **state)
{
	struct fetch	*f;
	int		 p[2];
	struct timespec	 t0, t1;
	long		 ms;

	(void)state;
	assert_non_null(f = fetch_new(NULL, NULL));
	assert_int_equal(pipe(p), 0);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	assert_int_equal(fetch_poll(f, 200, p[0], NULL), 0);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	ms = (t1.tv_sec - t0.tv_sec) * 1000 + (t1.tv_nsec - t0.tv_nsec) /
	    1000000;
	assert_true(ms >= 150);
	assert_int_equal(write(p[1], "k", 1), 1);
	assert_int_equal(fetch_poll(f, 5000, p[0], NULL), 1);
	/* Nothing to wait for and no fd: back at once. */
	assert_int_equal(fetch_poll(f, 5000, -1, NULL), 0);
	close(p[0]);
	close(p[1]);
	fetch_free(f);
}

static void
test_changing(void **state)
{
	struct got	 a, b;

	(void)state;
	t_got_init(&a);
	t_get("/changing.xml", &a);
	t_got_init(&b);
	t_get_full(NULL, "/changing.xml", a.etag, NULL, &b);
	assert_int_equal(a.kind, FETCH_OK);
	assert_int_equal(b.kind, FETCH_OK);
	assert_string_not_equal(a.etag, b.etag);
	assert_true(b.body.len > a.body.len);
	t_got_clear(&a);
	t_got_clear(&b);
}

/* A number from the server's /_stats JSON. */
static long
t_stat(const char *json, const char *name)
{
	char		 key[64];
	const char	*p;

	snprintf(key, sizeof key, "\"%s\": ", name);
	assert_non_null(p = strstr(json, key));
	return strtol(p + strlen(key), NULL, 10);
}

/* The server's counters start again from zero. */
static void
t_stats_reset(void)
{
	struct got	 g;

	t_got_init(&g);
	t_get("/_reset", &g);
	t_got_clear(&g);
}

/* Since t_stats_reset the server saw want requests, at most lo to hi of
 * them at once. */
static void
t_stats_check(long want, long lo, long hi)
{
	struct got	 g;

	t_got_init(&g);
	t_get("/_stats", &g);
	assert_int_equal(t_stat(dl_buf_str(&g.body), "requests"), want);
	assert_in_range(t_stat(dl_buf_str(&g.body), "inflight_max"), lo, hi);
	t_got_clear(&g);
}

static void
test_many_at_once(void **state)
{
	enum { N = 100 };
	struct fetch_opts	 o;
	struct fetch		*f;
	struct fetch_req	 req;
	struct got		*g;
	char			 url[N][128];
	int			 i;

	(void)state;
	t_stats_reset();
	fetch_opts_init(&o);
	o.max_per_host = 4;
	assert_non_null(f = fetch_new(&o, NULL));
	g = dl_calloc(N, sizeof *g);
	for (i = 0; i < N; i++) {
		t_got_init(&g[i]);
		snprintf(url[i], sizeof url[i], "%s/http/feed.xml?delay=20&n=%d",
		    t_base, i);
		t_req(&req, url[i], &g[i]);
		assert_int_equal(fetch_add(f, &req, NULL), 0);
	}
	assert_int_equal(fetch_pending(f), N);
	assert_int_equal(fetch_run(f, NULL), 0);
	fetch_free(f);
	for (i = 0; i < N; i++) {
		assert_int_equal(g[i].done, 1);
		assert_int_equal(g[i].kind, FETCH_OK);
		t_assert_body_is(&g[i], "http/feed.xml");
		t_got_clear(&g[i]);
	}
	free(g);
	t_stats_check(N, 2, 4);
}

/* Never more than max_total transfers at once, whatever the per-host
 * limit allows. */
static void
test_max_total(void **state)
{
	enum { N = 12 };
	struct fetch_opts	 o;
	struct fetch		*f;
	struct fetch_req	 req;
	struct got		 g[N];
	char			 url[N][128];
	int			 i;

	(void)state;
	t_stats_reset();
	fetch_opts_init(&o);
	o.max_total = 3;
	o.max_per_host = 10;
	assert_non_null(f = fetch_new(&o, NULL));
	for (i = 0; i < N; i++) {
		t_got_init(&g[i]);
		snprintf(url[i], sizeof url[i], "%s/http/feed.xml?delay=300&n=%d",
		    t_base, i);
		t_req(&req, url[i], &g[i]);
		assert_int_equal(fetch_add(f, &req, NULL), 0);
	}
	assert_int_equal(fetch_run(f, NULL), 0);
	fetch_free(f);
	for (i = 0; i < N; i++) {
		assert_int_equal(g[i].kind, FETCH_OK);
		t_got_clear(&g[i]);
	}
	t_stats_check(N, 2, 3);
}

/* Add n GETs of feed.xml (a delay of 1 s each: long enough that the
 * server sees every request the client runs at once overlap, even on a
 * loaded machine; 300 ms once saw 7 of 8) to f, conditional on etag
 * unless it is NULL. */
static void
t_add_feeds(struct fetch *f, struct got *g, char (*url)[128], int n,
    const char *etag)
{
	struct fetch_req	 req;
	int			 i;

	for (i = 0; i < n; i++) {
		t_got_init(&g[i]);
		snprintf(url[i], sizeof url[i], "%s/http/feed.xml?delay=1000&n=%d",
		    t_base, i);
		t_req(&req, url[i], &g[i]);
		req.etag = etag;
		assert_int_equal(fetch_add(f, &req, NULL), 0);
	}
}

/* Runs f to the end and frees it. */
static void
t_run_free(struct fetch *f)
{
	assert_int_equal(fetch_run(f, NULL), 0);
	fetch_free(f);
}

/* Every one of g[n] was done once, as kind. */
static void
t_check_feeds(struct got *g, int n, enum fetch_kind kind)
{
	int	 i;

	for (i = 0; i < n; i++) {
		assert_int_equal(g[i].done, 1);
		assert_int_equal(g[i].kind, kind);
		t_got_clear(&g[i]);
	}
}

/* At most max_bodies requests that may bring a body (no validators) run
 * at once, while conditional ones, most likely 304s, fill max_total and
 * go first (issue 16). */
static void
test_max_bodies(void **state)
{
	enum { N = 6 };
	struct fetch_opts	 o;
	struct fetch		*f;
	struct got		 first, g[N], c[N];
	char			 url[N][128], curl[N][128];
	int			 i;

	(void)state;
	t_got_init(&first);
	t_get("/http/feed.xml", &first);
	fetch_opts_init(&o);
	o.max_total = 8;
	o.max_bodies = 2;
	o.max_per_host = 10;

	/* Unconditional only: two at a time. */
	t_stats_reset();
	assert_non_null(f = fetch_new(&o, NULL));
	t_add_feeds(f, g, url, N, NULL);
	t_run_free(f);
	t_check_feeds(g, N, FETCH_OK);
	t_stats_check(N, 2, 2);

	/* Two unconditional, then six conditional: all eight at once. */
	t_stats_reset();
	assert_non_null(f = fetch_new(&o, NULL));
	t_add_feeds(f, g, url, 2, NULL);
	t_add_feeds(f, c, curl, N, first.etag);
	t_run_free(f);
	t_check_feeds(g, 2, FETCH_OK);
	t_check_feeds(c, N, FETCH_NOT_MODIFIED);
	t_stats_check(N + 2, 8, 8);

	/* Added after, a conditional request still starts first. */
	o.max_total = 2;
	assert_non_null(f = fetch_new(&o, NULL));
	t_add_feeds(f, g, url, 2, NULL);
	t_add_feeds(f, c, curl, 2, first.etag);
	t_run_free(f);
	for (i = 0; i < 2; i++) {
		assert_true(c[i].done_seq < g[0].done_seq);
		assert_true(c[i].done_seq < g[1].done_seq);
	}
	t_check_feeds(g, 2, FETCH_OK);
	t_check_feeds(c, 2, FETCH_NOT_MODIFIED);
	t_got_clear(&first);
}

/* on_data may refuse bytes for now: the transfer pauses, and after
 * fetch_resume the same bytes come again, none lost or doubled, gzip
 * or not. A request that is not paused cannot be resumed. */
static void
test_pause(void **state)
{
	static const char *paths[] = { "/http/feed.xml?gzip=1",
	    "/big?bytes=300000&length=1" };
	struct fetch		*f;
	struct fetch_req	 req;
	struct got		 g, other;
	char			 url[256];
	size_t			 i;
	int			 polls;

	(void)state;
	for (i = 0; i < sizeof paths / sizeof paths[0]; i++) {
		assert_non_null(f = fetch_new(NULL, NULL));
		t_got_init(&g);
		t_got_init(&other);
		g.pause_left = 3;
		snprintf(url, sizeof url, "%s%s", t_base, paths[i]);
		t_req(&req, url, &g);
		assert_int_equal(fetch_add(f, &req, NULL), 0);
		t_req(&req, url, &other);
		assert_int_equal(fetch_add(f, &req, NULL), 0);
		assert_int_equal(fetch_resume(f, &other), 0);
		for (polls = 0; fetch_pending(f) > 0 && polls < 200;
		    polls++) {
			assert_true(fetch_poll(f, 100, -1, NULL) >= 0);
			if (g.paused) {
				g.paused = 0;
				assert_int_equal(fetch_resume(f, &g), 1);
			}
		}
		fetch_free(f);
		assert_int_equal(g.done, 1);
		assert_int_equal(g.pauses, 3);
		assert_int_equal(g.kind, FETCH_OK);
		assert_int_equal(other.kind, FETCH_OK);
		assert_int_equal(g.body.len, other.body.len);
		assert_memory_equal(dl_buf_str(&g.body), dl_buf_str(&other.body),
		    g.body.len);
		assert_int_equal(g.body_bytes, g.body.len);
		if (i == 0)
			t_assert_body_is(&g, "http/feed.xml");
		t_got_clear(&g);
		t_got_clear(&other);
	}
}

static void
test_backoff(void **state)
{
	static const struct {
		int		 fails;
		int64_t		 retry_after;
		int64_t		 want;
		const char	*why;
	} rows[] = {
		{ 0, 0, 0, "no failure, no wait" },
		{ 1, 0, 300, "first failure: 5 min" },
		{ 2, 0, 600, "doubles" },
		{ 3, 0, 1200, "doubles again" },
		{ 9, 0, 76800, "last step under the cap" },
		{ 10, 0, 86400, "capped at 24 h" },
		{ 1000, 0, 86400, "no overflow for long outages" },
		{ 1, 3600, 3600, "Retry-After longer than the backoff wins" },
		{ 3, 60, 1200, "a shorter Retry-After does not" },
		{ 1, 10000000, 86400, "Retry-After is capped too" },
	};
	size_t	 i;

	(void)state;
	for (i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		print_message("%s\n", rows[i].why);
		assert_int_equal(fetch_backoff(rows[i].fails,
		    rows[i].retry_after), rows[i].want);
	}
	assert_int_equal(fetch_next_time(1000, FETCH_OK, 0, 0, 1800), 2800);
	assert_int_equal(fetch_next_time(1000, FETCH_NOT_MODIFIED, 0, 0, 1800),
	    2800);
	assert_int_equal(fetch_next_time(1000, FETCH_TIMEOUT, 3, 0, 1800),
	    2200);
	assert_int_equal(fetch_next_time(1000, FETCH_RATE_LIMITED, 1, 7200,
	    1800), 8200);
	assert_int_equal(fetch_next_time(1000, FETCH_GONE, 1, 0, 1800), -1);
	assert_true(fetch_kind_failed(FETCH_DNS));
	assert_false(fetch_kind_failed(FETCH_NOT_MODIFIED));
	assert_string_equal(fetch_kind_name(FETCH_DNS), "dns");
	assert_string_equal(fetch_kind_name(FETCH_OTHER), "other");
}

static void
test_retry_after(void **state)
{
	static const struct {
		const char	*value;
		int64_t		 want;
		const char	*why;
	} rows[] = {
		{ NULL, 0, "absent" },
		{ "120", 120, "delta-seconds" },
		{ " 120\r\n", 120, "blanks around it" },
		{ "0", 0, "retry at once" },
		{ "-5", 0, "negative is not delta-seconds" },
		{ "soon", 0, "neither a number nor a date" },
		{ "99999999999999999999", 86400, "huge: a long time, capped" },
		{ "Fri, 22 Sep 2023 05:02:00 GMT", 120, "IMF-fixdate" },
		{ "Friday, 22-Sep-23 05:02:00 GMT", 120, "obsolete RFC 850" },
		{ "Fri, 22 Sep 2023 04:00:00 GMT", 0, "a date in the past" },
		{ "Fri, 31 Dec 9999 23:59:59 GMT", 86400,
		  "a date far off: capped too" },
	};
	size_t	 i;

	(void)state;
	for (i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		print_message("%s\n", rows[i].why);
		assert_int_equal(fetch_retry_after(rows[i].value, 1695358800),
		    rows[i].want);
	}
}

#define T(f) cmocka_unit_test_setup_teardown(f, t_setup, t_teardown)

int
main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_ok_streamed),
		T(test_conditional),
		T(test_request_headers),
		T(test_gzip),
		T(test_redirects),
		T(test_bad_redirects),
		T(test_http_errors),
		T(test_rate_limited),
		T(test_huge_header),
		T(test_timeouts),
		T(test_too_large),
		T(test_charset),
		T(test_network_errors),
		T(test_env_proxy),
		T(test_not_http),
		T(test_abort),
		T(test_add_from_done),
		T(test_poll_extra_fd),
		T(test_changing),
		T(test_many_at_once),
		T(test_max_total),
		T(test_max_bodies),
		T(test_pause),
		T(test_backoff),
		T(test_retry_after),
	};

	signal(SIGPIPE, SIG_IGN);
	return cmocka_run_group_tests(tests, t_server_start, t_server_stop);
}
