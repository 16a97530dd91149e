/* subs.c: the subscriptions: newsboat's urls file format (every line kept,
 * so edits rewrite the file faithfully), the embedded default
 * subscriptions, and OPML 1.0/2.0 import (expat) and export. */
#include "config.h"

#include <sys/file.h>
#include <sys/stat.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <expat.h>

#include "charset.h"
#include "dl.h"
#include "subs.h"
#include "url.h"

#define SUBS_FILE_MAX	(16u * 1024 * 1024)	/* a urls or OPML file */
#define SUBS_URL_MAX	8192			/* one subscribed URL */
#define SUBS_DEPTH_MAX	64			/* OPML folders kept as tags */

/* One line of the urls file. */
struct subs_line {
	char			*raw;	/* as read or written, no newline */
	int			 dup;	/* repeats an earlier line's URL */
	struct subs_feed	 feed;	/* feed.url is NULL but on feed lines */
};

struct subs {
	char			*path;
	struct subs_line	*lines;
	size_t			 nlines;
	size_t			 alines;
	size_t			*feeds;	/* indexes of the live feed lines */
	size_t			 nfeeds;
	int			 lockfd;	/* the locked folder, or -1 */
};

static const char subs_default[] =
"# dateline subscriptions: one feed per line.\n"
"#\n"
"# A line is a URL, then optional tags separated by spaces; a tag with\n"
"# spaces goes in double quotes. A tag \"~Name\" renames the feed, a\n"
"# tag \"!\" hides it. Lines starting with '#' are comments. For example:\n"
"#   https://example.com/feed.xml news \"long reads\" \"~Example News\"\n"
"#\n"
"# This is newsboat's format: a newsboat urls file can be copied here as\n"
"# is. Its query:, exec: and filter: lines are skipped and left alone\n"
"# (dateline never runs commands).\n"
"#\n"
"# A web page without a feed (a news site's topic page listing stories)\n"
"# is a \"hub\": list it with the tag hub and dateline turns the story\n"
"# links on the page into items. When it picks the wrong links, a tag\n"
"# \"link-pattern:REGEX\" (a POSIX extended regular expression matched\n"
"# against each link's URL) says which links are stories, for example:\n"
"#   https://example.com/asia hub \"link-pattern:/article/[^/]+$\"\n"
"# dateline add, remove and import edit this file and keep your comments.\n"
"\n"
"https://feeds.bbci.co.uk/news/world/asia/rss.xml asia \"~BBC News: Asia\"\n"
"https://thediplomat.com/feed/ asia analysis \"~The Diplomat\"\n"
"https://en.yna.co.kr/RSS/news.xml asia korea \"~Yonhap News Agency\"\n"
"https://www.koreaherald.com/common/rss_xml.php?ct=102 asia korea "
    "\"~The Korea Herald\"\n"
"https://www.japantimes.co.jp/feed/ asia japan \"~The Japan Times\"\n"
"https://mainichi.jp/english/rss/etc/english_latest.rss asia japan "
    "\"~The Mainichi\"\n"
"https://www.channelnewsasia.com/api/v1/rss-outbound-feed?_format=xml"
    "&category=6511 asia \"~CNA: Asia\"\n"
"https://rss.dw.com/rdf/rss-en-asia asia \"~DW: Asia\"\n"
"https://apnews.com/hub/asia-pacific asia hub \"~AP News: Asia-Pacific\"\n";

const char *
subs_default_text(void)
{
	return subs_default;
}

/* --- one subscription ------------------------------------------------ */

void
subs_feed_clear(struct subs_feed *f)
{
	size_t	 i;

	if (f == NULL)
		return;
	free(f->url);
	free(f->title);
	for (i = 0; i < f->ntags; i++)
		free(f->tags[i]);
	free(f->tags);
	memset(f, 0, sizeof *f);
}

/* A copy of s as valid UTF-8, control characters turned into spaces and
 * surrounding spaces trimmed: what a tag or title may hold. */
static char *
subs_clean(const char *s)
{
	struct dl_buf	 b;
	char		*r, *p, *start, *end;

	dl_buf_init(&b, SUBS_FILE_MAX * 2);
	charset_utf8_repair(s, strlen(s), &b);
	r = dl_buf_take(&b);
	for (p = r; *p != '\0'; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			*p = ' ';
	for (start = r; *start == ' '; start++)
		;
	end = start + strlen(start);
	while (end > start && end[-1] == ' ')
		end--;
	*end = '\0';
	memmove(r, start, (size_t)(end - start) + 1);
	return r;
}

/* A copy of s without surrounding blanks. */
static char *
subs_trim(const char *s)
{
	size_t	 n;

	while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
		s++;
	n = strlen(s);
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t' ||
	    s[n - 1] == '\n' || s[n - 1] == '\r'))
		n--;
	return dl_strndup(s, n);
}

static int
subs_feed_has_tag(const struct subs_feed *f, const char *tag)
{
	size_t	 i;

	for (i = 0; i < f->ntags; i++)
		if (strcmp(f->tags[i], tag) == 0)
			return 1;
	return 0;
}

int
subs_feed_is_hub(const struct subs_feed *f)
{
	return subs_feed_has_tag(f, SUBS_TAG_HUB);
}

const char *
subs_feed_option(const struct subs_feed *f, const char *name)
{
	size_t	 i, n = strlen(name);

	for (i = 0; i < f->ntags; i++)
		if (strncmp(f->tags[i], name, n) == 0 && f->tags[i][n] == ':')
			return f->tags[i] + n + 1;
	return NULL;
}

void
subs_feed_add_tag(struct subs_feed *f, const char *tag)
{
	char	*t;

	t = subs_clean(tag);
	if (strcmp(t, "!") == 0)
		f->hidden = 1;
	else if (t[0] == '~') {
		free(f->title);
		f->title = subs_clean(t + 1);
		if (f->title[0] == '\0') {
			free(f->title);
			f->title = NULL;
		}
	} else if (t[0] != '\0' && !subs_feed_has_tag(f, t)) {
		f->tags = dl_reallocarray(f->tags, f->ntags + 1,
		    sizeof *f->tags);
		f->tags[f->ntags++] = t;
		return;
	}
	free(t);
}

/* Append s as one token: bare if it can be read back bare, else in
 * double quotes with '"' and '\' escaped. */
static void
subs_quote(struct dl_buf *b, const char *s, int force)
{
	const char	*p;

	if (!force && s[0] != '\0' && s[0] != '"' && s[0] != '#' &&
	    strpbrk(s, " \t") == NULL) {
		dl_buf_adds(b, s);
		return;
	}
	dl_buf_addc(b, '"');
	for (p = s; *p != '\0'; p++) {
		if (*p == '"' || *p == '\\')
			dl_buf_addc(b, '\\');
		dl_buf_addc(b, *p);
	}
	dl_buf_addc(b, '"');
}

char *
subs_feed_format(const struct subs_feed *f)
{
	struct dl_buf	 b;
	char		*t;
	size_t		 i;

	dl_buf_init(&b, SUBS_FILE_MAX * 2);
	dl_buf_adds(&b, f->url);
	for (i = 0; i < f->ntags; i++) {
		dl_buf_addc(&b, ' ');
		subs_quote(&b, f->tags[i], 0);
	}
	if (f->hidden)
		dl_buf_adds(&b, " !");
	if (f->title != NULL) {
		t = dl_printf("~%s", f->title);
		dl_buf_addc(&b, ' ');
		subs_quote(&b, t, 1);
		free(t);
	}
	return dl_buf_take(&b);
}

/* --- one line ---------------------------------------------------------- */

/* newsboat's special "URLs": never fetched, never run. */
static const struct {
	const char	*prefix;
	const char	*why;
} subs_unsupported[] = {
	{ "query:", "query feeds are not supported" },
	{ "exec:",
	  "exec: feeds are not supported (dateline runs no commands)" },
	{ "filter:",
	  "filter: feeds are not supported (dateline runs no commands)" },
};

int
subs_check_url(const char *url, struct dl_err *e)
{
	const char	*p;
	size_t		 i, n;

	for (i = 0; i < sizeof subs_unsupported / sizeof *subs_unsupported;
	    i++) {
		n = strlen(subs_unsupported[i].prefix);
		if (dl_strncaseeq(url, subs_unsupported[i].prefix, n)) {
			dl_err_set(e, "%s: %.200s", subs_unsupported[i].why,
			    url);
			return -1;
		}
	}
	if ((n = strlen(url)) > SUBS_URL_MAX) {
		dl_err_set(e, "URL too long (%zu bytes, at most %u): %.80s...",
		    n, SUBS_URL_MAX, url);
		return -1;
	}
	for (p = url; *p != '\0'; p++)
		if ((unsigned char)*p <= 0x20 || *p == 0x7f)
			break;
	if (*p != '\0' || !url_is_http(url)) {
		dl_err_set(e, "not an http(s) URL: %.200s", url);
		return -1;
	}
	return 0;
}

/* The next token of a line into tok: a run of non-blank bytes, or a
 * double-quoted string in which \" and \\ are escapes (newsboat's
 * tokenize_quoted). Returns 0 at the end of the line or at a '#' that
 * starts a token (a comment), else 1. */
static int
subs_token(const char **pp, struct dl_buf *tok)
{
	const char	*p = *pp;

	dl_buf_reset(tok);
	while (*p == ' ' || *p == '\t')
		p++;
	if (*p == '\0' || *p == '#')
		return 0;
	if (*p == '"') {
		for (p++; *p != '\0' && *p != '"'; p++) {
			if (*p == '\\' && (p[1] == '"' || p[1] == '\\'))
				p++;
			dl_buf_addc(tok, *p);
		}
		if (*p == '"')
			p++;
	} else {
		for (; *p != '\0' && *p != ' ' && *p != '\t'; p++)
			dl_buf_addc(tok, *p);
	}
	*pp = p;
	return 1;
}

enum subs_line_kind
subs_parse_line(const char *line, struct subs_feed *f, struct dl_err *e)
{
	struct dl_buf		 tok;
	enum subs_line_kind	 kind = SUBS_LINE_EMPTY;
	const char		*p;
	char			*copy;
	size_t			 n, i;

	memset(f, 0, sizeof *f);
	n = strlen(line);
	if (n > 0 && line[n - 1] == '\r')
		n--;
	p = copy = dl_strndup(line, n);
	dl_buf_init(&tok, SUBS_FILE_MAX);
	if (!subs_token(&p, &tok))
		goto out;
	kind = SUBS_LINE_BAD;
	for (i = 0; i < sizeof subs_unsupported / sizeof *subs_unsupported;
	    i++)
		if (dl_strncaseeq(dl_buf_str(&tok), subs_unsupported[i].prefix,
		    strlen(subs_unsupported[i].prefix)))
			kind = SUBS_LINE_UNSUPPORTED;
	if (subs_check_url(dl_buf_str(&tok), e) == -1)
		goto out;
	kind = SUBS_LINE_FEED;
	f->url = dl_buf_take(&tok);
	while (subs_token(&p, &tok))
		subs_feed_add_tag(f, dl_buf_str(&tok));
out:
	dl_buf_clear(&tok);
	free(copy);
	return kind;
}

/* --- the file in memory ------------------------------------------------- */

/* Append a line (taking raw) and return it. */
static struct subs_line *
subs_line_append(struct subs *s, char *raw)
{
	struct subs_line	*l;

	if (s->nlines == s->alines) {
		s->alines = s->alines == 0 ? 64 : s->alines * 2;
		s->lines = dl_reallocarray(s->lines, s->alines,
		    sizeof *s->lines);
	}
	l = &s->lines[s->nlines++];
	memset(l, 0, sizeof *l);
	l->raw = raw;
	return l;
}

/* The index of the line subscribing to url, or -1. */
static long
subs_find_line(const struct subs *s, const char *url)
{
	size_t	 i;

	for (i = 0; i < s->nlines; i++)
		if (s->lines[i].feed.url != NULL && !s->lines[i].dup &&
		    strcmp(s->lines[i].feed.url, url) == 0)
			return (long)i;
	return -1;
}

static void
subs_reindex(struct subs *s)
{
	size_t	 i;

	s->feeds = dl_reallocarray(s->feeds, s->nlines + 1, sizeof *s->feeds);
	s->nfeeds = 0;
	for (i = 0; i < s->nlines; i++)
		if (s->lines[i].feed.url != NULL && !s->lines[i].dup)
			s->feeds[s->nfeeds++] = i;
}

/* A line holding a NUL byte (n bytes at p): kept commented out, the NULs
 * dropped, so that saving the file neither cuts it at the NUL nor turns
 * it into a subscription; e says where. */
static char *
subs_nul_line(const char *p, size_t n, struct dl_err *e)
{
	struct dl_buf	 b;
	size_t		 i;

	dl_err_set(e, "NUL byte at column %zu; line skipped (commented out "
	    "if the file is saved)", (size_t)((const char *)memchr(p, '\0',
	    n) - p) + 1);
	dl_buf_init(&b, SUBS_FILE_MAX);
	dl_buf_adds(&b, "# ");
	for (i = 0; i < n; i++)
		if (p[i] != '\0')
			dl_buf_addc(&b, p[i]);
	return dl_buf_take(&b);
}

/* Parse line number lineno (n bytes at p) into s, reporting skips. */
static void
subs_load_line(struct subs *s, const char *p, size_t n, size_t lineno,
    subs_warn_fn *warn, void *arg)
{
	struct subs_line	*l;
	struct dl_err		 e;
	enum subs_line_kind	 kind;
	char			*msg;
	long			 first;

	if (memchr(p, '\0', n) != NULL) {
		l = subs_line_append(s, subs_nul_line(p, n, &e));
		kind = SUBS_LINE_BAD;
	} else {
		l = subs_line_append(s, dl_strndup(p, n));
		kind = subs_parse_line(l->raw, &l->feed, &e);
	}
	if (kind == SUBS_LINE_EMPTY)
		return;
	if (kind == SUBS_LINE_FEED) {
		if ((first = subs_find_line(s, l->feed.url)) ==
		    (long)s->nlines - 1)
			return;
		l->dup = 1;
		dl_err_set(&e, "already subscribed on line %ld; skipped",
		    first + 1);
	}
	if (warn != NULL) {
		msg = dl_printf("%s:%zu: %s", s->path, lineno, e.msg);
		warn(arg, msg);
		free(msg);
	}
}

static int
subs_read_file(const char *path, struct dl_buf *b, struct dl_err *e)
{
	char	 chunk[65536];
	ssize_t	 n;
	int	 fd, rc = -1;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1) {
		dl_err_set(e, "%s: %s", path, strerror(errno));
		return -1;
	}
	for (;;) {
		if ((n = read(fd, chunk, sizeof chunk)) == -1) {
			if (errno == EINTR)
				continue;
			dl_err_set(e, "%s: %s", path, strerror(errno));
			goto out;
		}
		if (n == 0)
			break;
		if (dl_buf_add(b, chunk, (size_t)n) == -1) {
			dl_err_set(e, "%s: file too large (over %u bytes)",
			    path, SUBS_FILE_MAX);
			goto out;
		}
	}
	rc = 0;
out:
	close(fd);
	return rc;
}

struct subs *
subs_load(const char *path, subs_warn_fn *warn, void *arg, struct dl_err *e)
{
	struct dl_buf	 b;
	struct subs	*s = NULL;
	const char	*p, *end, *nl;
	size_t		 lineno = 0;

	dl_buf_init(&b, SUBS_FILE_MAX);
	if (subs_read_file(path, &b, e) == -1)
		goto out;
	s = dl_calloc(1, sizeof *s);
	s->path = dl_strdup(path);
	s->lockfd = -1;
	p = dl_buf_str(&b);
	end = p + b.len;
	while (p < end) {
		if ((nl = memchr(p, '\n', (size_t)(end - p))) == NULL)
			nl = end;
		subs_load_line(s, p, (size_t)(nl - p), ++lineno, warn, arg);
		p = nl + 1;
	}
	subs_reindex(s);
out:
	dl_buf_clear(&b);
	return s;
}

void
subs_free(struct subs *s)
{
	size_t	 i;

	if (s == NULL)
		return;
	for (i = 0; i < s->nlines; i++) {
		free(s->lines[i].raw);
		subs_feed_clear(&s->lines[i].feed);
	}
	free(s->lines);
	free(s->feeds);
	free(s->path);
	if (s->lockfd != -1)
		close(s->lockfd);
	free(s);
}

void
subs_unlock(struct subs *s)
{
	if (s->lockfd != -1)
		close(s->lockfd);
	s->lockfd = -1;
}

const char *
subs_file(const struct subs *s)
{
	return s->path;
}

size_t
subs_count(const struct subs *s)
{
	return s->nfeeds;
}

const struct subs_feed *
subs_get(const struct subs *s, size_t i)
{
	if (i >= s->nfeeds)
		return NULL;
	return &s->lines[s->feeds[i]].feed;
}

const struct subs_feed *
subs_find(const struct subs *s, const char *url)
{
	long	 i;

	if ((i = subs_find_line(s, url)) == -1)
		return NULL;
	return &s->lines[i].feed;
}

/* Take f (its strings now belong to s) as a new line at the end. */
static void
subs_append_feed(struct subs *s, struct subs_feed *f)
{
	struct subs_line	*l;

	l = subs_line_append(s, subs_feed_format(f));
	l->feed = *f;
	memset(f, 0, sizeof *f);
}

int
subs_add(struct subs *s, const char *url, const char *title,
    char *const *tags, size_t ntags, struct dl_err *e)
{
	struct subs_feed	 f = { 0 };
	char			*t;
	size_t			 i;
	int			 rc = -1;

	f.url = subs_trim(url);
	if (subs_check_url(f.url, e) == -1)
		goto out;
	rc = 1;
	if (subs_find_line(s, f.url) != -1)
		goto out;
	for (i = 0; i < ntags; i++)
		subs_feed_add_tag(&f, tags[i]);
	if (title != NULL) {
		t = dl_printf("~%s", title);
		subs_feed_add_tag(&f, t);
		free(t);
	}
	subs_append_feed(s, &f);
	subs_reindex(s);
	rc = 0;
out:
	subs_feed_clear(&f);
	return rc;
}

int
subs_remove(struct subs *s, const char *url)
{
	struct subs_line	*l;
	char			*u;
	size_t			 i, j = 0;
	int			 found = 0;

	u = subs_trim(url);
	for (i = 0; i < s->nlines; i++) {
		l = &s->lines[i];
		if (l->feed.url != NULL && strcmp(l->feed.url, u) == 0) {
			/* Duplicates too, or the next load revives them. */
			found = 1;
			free(l->raw);
			subs_feed_clear(&l->feed);
			continue;
		}
		s->lines[j++] = *l;
	}
	s->nlines = j;
	free(u);
	subs_reindex(s);
	return found ? 0 : 1;
}

/* --- writing files ------------------------------------------------------ */

/* The folder part of path ("." if none). Allocated. */
static char *
subs_dirname(const char *path)
{
	const char	*slash;

	if ((slash = strrchr(path, '/')) == NULL)
		return dl_strdup(".");
	return dl_strndup(path, slash == path ? 1 : (size_t)(slash - path));
}

int
subs_save(struct subs *s, struct dl_err *e)
{
	struct dl_buf	 b;
	char		*real;
	size_t		 i;
	int		 rc = -1;

	dl_buf_init(&b, SUBS_FILE_MAX * 2);
	for (i = 0; i < s->nlines; i++) {
		if (dl_buf_adds(&b, s->lines[i].raw) == -1 ||
		    dl_buf_addc(&b, '\n') == -1) {
			dl_err_set(e, "%s: too large to write", s->path);
			goto out;
		}
	}
	/* Write through a symbolic link (dotfile managers use them). */
	if ((real = realpath(s->path, NULL)) == NULL)
		real = dl_strdup(s->path);
	if (dl_file_write_atomic(real, dl_buf_str(&b), b.len, 0600, 0,
	    e) == 1)
		rc = 0;
	free(real);
out:
	dl_buf_clear(&b);
	return rc;
}

char *
subs_path(const char *config_dir, struct dl_err *e)
{
	return dl_config_path(config_dir, "urls", "the urls file", e);
}

int
subs_create_default(const char *path, struct dl_err *e)
{
	struct stat	 st;

	if (lstat(path, &st) == 0)
		return 0;
	if (errno != ENOENT) {
		dl_err_set(e, "%s: %s", path, strerror(errno));
		return -1;
	}
	if (dl_mkdir_parents(path, e) == -1)
		return -1;
	return dl_file_write_atomic(path, subs_default, strlen(subs_default),
	    0600, DL_FILE_NOREPLACE, e);
}

/* Lock the folder holding path; returns its descriptor or -1. */
static int
subs_lock(const char *path, struct dl_err *e)
{
	char	*dir;
	int	 fd;

	dir = subs_dirname(path);
	if ((fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) == -1)
		dl_err_set(e, "%s: %s", dir, strerror(errno));
	else {
		while (flock(fd, LOCK_EX) == -1 && errno == EINTR)
			;
	}
	free(dir);
	return fd;
}

struct subs *
subs_open(const char *config_dir, int flags, subs_warn_fn *warn, void *arg,
    int *created, struct dl_err *e)
{
	struct subs	*s = NULL;
	char		*path;
	int		 r, fd = -1;

	if (created != NULL)
		*created = 0;
	if ((path = subs_path(config_dir, e)) == NULL)
		return NULL;
	if ((r = subs_create_default(path, e)) == -1)
		goto out;
	if (created != NULL)
		*created = r;
	if ((flags & SUBS_EDIT) && (fd = subs_lock(path, e)) == -1)
		goto out;
	if ((s = subs_load(path, warn, arg, e)) != NULL) {
		s->lockfd = fd;
		fd = -1;
	}
out:
	if (fd != -1)
		close(fd);
	free(path);
	return s;
}

/* --- OPML import -------------------------------------------------------- */

struct subs_opml {
	XML_Parser		 p;
	const struct subs	*s;	/* to find duplicates in */
	const char		*name;
	struct dl_err		*e;
	int			 failed;	/* e is set */
	int			 seen_root;
	char			**folders;	/* per open outline, or NULL */
	size_t			 depth;
	size_t			 afolders;
	struct subs_feed	*found;
	size_t			 nfound;
	size_t			 afound;
	struct subs_import_stats st;
	struct charset_conv	*conv;	/* NULL: expat decodes the bytes */
	struct dl_buf		 utf8;
};

static void subs_opml_fail(struct subs_opml *, const char *, ...)
    DL_ATTR_PRINTF(2, 3);

/* Stop the parse with "NAME:LINE:COL: why". */
static void
subs_opml_fail(struct subs_opml *o, const char *fmt, ...)
{
	va_list	 ap;
	char	 why[512];

	va_start(ap, fmt);
	vsnprintf(why, sizeof why, fmt, ap);
	va_end(ap);
	dl_err_set(o->e, "%s:%lu:%lu: %s", o->name,
	    (unsigned long)XML_GetCurrentLineNumber(o->p),
	    (unsigned long)XML_GetCurrentColumnNumber(o->p) + 1, why);
	o->failed = 1;
	XML_StopParser(o->p, XML_FALSE);
}

/* OPML writers disagree on case (xmlUrl, xmlurl, XMLURL). */
static const char *
subs_opml_attr(const XML_Char **attr, const char *name)
{
	for (; attr[0] != NULL; attr += 2)
		if (dl_strcaseeq(attr[0], name))
			return attr[1];
	return NULL;
}

/* A folder name or category as a plain tag: "~" would make it a title. */
static void
subs_opml_tag(struct subs_feed *f, const char *tag)
{
	char		*c;
	const char	*p;

	c = subs_clean(tag);
	for (p = c; *p == '~'; p++)
		;
	subs_feed_add_tag(f, p);
	free(c);
}

/* OPML 2.0's category attribute: comma-separated. */
static void
subs_opml_categories(struct subs_feed *f, const char *cat)
{
	const char	*comma;
	char		*one;

	for (;;) {
		comma = strchr(cat, ',');
		one = dl_strndup(cat, comma != NULL ? (size_t)(comma - cat) :
		    strlen(cat));
		subs_opml_tag(f, one);
		free(one);
		if (comma == NULL)
			break;
		cat = comma + 1;
	}
}

static int
subs_opml_seen(const struct subs_opml *o, const char *url)
{
	size_t	 i;

	for (i = 0; i < o->nfound; i++)
		if (strcmp(o->found[i].url, url) == 0)
			return 1;
	return 0;
}

/* An outline with an xmlUrl: a subscription, unless refused. */
static void
subs_opml_feed(struct subs_opml *o, const char *url, const XML_Char **attr)
{
	struct subs_feed	 f = { 0 };
	const char		*title, *cat;
	char			*t;
	size_t			 i;

	f.url = subs_trim(url);
	if (subs_check_url(f.url, NULL) == -1) {
		o->st.rejected++;
		goto out;
	}
	if (subs_find_line(o->s, f.url) != -1 || subs_opml_seen(o, f.url)) {
		o->st.duplicates++;
		goto out;
	}
	for (i = 0; i < o->depth && i < SUBS_DEPTH_MAX; i++)
		if (o->folders[i] != NULL)
			subs_opml_tag(&f, o->folders[i]);
	if ((cat = subs_opml_attr(attr, "category")) != NULL)
		subs_opml_categories(&f, cat);
	if ((title = subs_opml_attr(attr, "title")) == NULL || *title == '\0')
		title = subs_opml_attr(attr, "text");
	if (title != NULL && strcmp(title, f.url) != 0) {
		t = dl_printf("~%s", title);
		subs_feed_add_tag(&f, t);
		free(t);
	}
	if (o->nfound == o->afound) {
		o->afound = o->afound == 0 ? 32 : o->afound * 2;
		o->found = dl_reallocarray(o->found, o->afound,
		    sizeof *o->found);
	}
	o->found[o->nfound++] = f;
	memset(&f, 0, sizeof f);
out:
	subs_feed_clear(&f);
}

static void XMLCALL
subs_opml_start(void *ud, const XML_Char *el, const XML_Char **attr)
{
	struct subs_opml	*o = ud;
	const char		*url, *name;

	if (!o->seen_root) {
		o->seen_root = 1;
		if (!dl_strcaseeq(el, "opml"))
			subs_opml_fail(o, "not an OPML document (the root "
			    "element is <%.100s>)", el);
		return;
	}
	if (!dl_strcaseeq(el, "outline"))
		return;
	if (o->depth == o->afolders) {
		o->afolders = o->afolders == 0 ? 8 : o->afolders * 2;
		o->folders = dl_reallocarray(o->folders, o->afolders,
		    sizeof *o->folders);
	}
	o->folders[o->depth++] = NULL;
	if ((url = subs_opml_attr(attr, "xmlUrl")) != NULL) {
		subs_opml_feed(o, url, attr);
		return;
	}
	if ((name = subs_opml_attr(attr, "text")) == NULL || *name == '\0')
		name = subs_opml_attr(attr, "title");
	if (name != NULL)
		o->folders[o->depth - 1] = subs_clean(name);
}

static void XMLCALL
subs_opml_end(void *ud, const XML_Char *el)
{
	struct subs_opml	*o = ud;

	if (!dl_strcaseeq(el, "outline") || o->depth == 0)
		return;
	o->depth--;
	free(o->folders[o->depth]);
	o->folders[o->depth] = NULL;
}

/* Set up the parser after a look at the first bytes: encodings expat
 * does not know (EUC-KR, Shift_JIS, ...) go through charset_ first. */
static void
subs_opml_begin(struct subs_opml *o, const struct subs *s, const char *name,
    const char *head, size_t n, struct dl_err *e)
{
	const char	*cs = NULL;
	char		 label[64];
	size_t		 bom;

	memset(o, 0, sizeof *o);
	o->s = s;
	o->name = name;
	o->e = e;
	dl_buf_init(&o->utf8, SUBS_FILE_MAX * 4);
	if (charset_sniff_bom((const unsigned char *)head, n, &bom) == NULL &&
	    charset_sniff_xml((const unsigned char *)head, n, label,
	    sizeof label) == 0)
		cs = charset_canonical(label);
	if (cs != NULL && strcmp(cs, "UTF-8") != 0 &&
	    strncmp(cs, "UTF-16", 6) != 0)
		o->conv = charset_conv_new(cs);
	/* Expat's defaults: no external entities, entity expansion capped. */
	o->p = XML_ParserCreate(o->conv != NULL ? "UTF-8" : NULL);
	if (o->p == NULL)
		abort();
	XML_SetUserData(o->p, o);
	XML_SetElementHandler(o->p, subs_opml_start, subs_opml_end);
}

static int
subs_opml_parse(struct subs_opml *o, const char *data, size_t len, int final)
{
	if (o->conv != NULL) {
		dl_buf_reset(&o->utf8);
		if (charset_conv_feed(o->conv, data, len, &o->utf8) == -1 ||
		    (final && charset_conv_finish(o->conv, &o->utf8) == -1)) {
			dl_err_set(o->e, "%s: too large", o->name);
			return -1;
		}
		data = dl_buf_str(&o->utf8);
		len = o->utf8.len;
	}
	if (XML_Parse(o->p, data, (int)len, final) == XML_STATUS_ERROR) {
		if (!o->failed)
			subs_opml_fail(o, "%s",
			    XML_ErrorString(XML_GetErrorCode(o->p)));
		return -1;
	}
	if (final && !o->seen_root) {
		subs_opml_fail(o, "not an OPML document");
		return -1;
	}
	return 0;
}

/* The document was read: add what was found to s. */
static void
subs_opml_commit(struct subs *s, struct subs_opml *o,
    struct subs_import_stats *st)
{
	size_t	 i;

	for (i = 0; i < o->nfound; i++) {
		subs_append_feed(s, &o->found[i]);
		o->st.added++;
	}
	subs_reindex(s);
	if (st != NULL)
		*st = o->st;
}

static void
subs_opml_clear(struct subs_opml *o)
{
	size_t	 i;

	if (o->p != NULL)
		XML_ParserFree(o->p);
	for (i = 0; i < o->depth; i++)
		free(o->folders[i]);
	free(o->folders);
	for (i = 0; i < o->nfound; i++)
		subs_feed_clear(&o->found[i]);
	free(o->found);
	charset_conv_free(o->conv);
	dl_buf_clear(&o->utf8);
}

int
subs_import_opml_mem(struct subs *s, const char *name, const char *data,
    size_t len, struct subs_import_stats *st, struct dl_err *e)
{
	struct subs_opml	 o;
	size_t			 off = 0, n;
	int			 rc = -1;

	subs_opml_begin(&o, s, name, data, len, e);
	do {
		n = len - off > 65536 ? 65536 : len - off;
		if (subs_opml_parse(&o, data + off, n, off + n == len) == -1)
			goto out;
		off += n;
	} while (off < len);
	subs_opml_commit(s, &o, st);
	rc = 0;
out:
	subs_opml_clear(&o);
	return rc;
}

/* Read up to size bytes (fewer only at the end of the file). */
static ssize_t
subs_read_chunk(int fd, char *buf, size_t size)
{
	size_t	 got = 0;
	ssize_t	 n;

	while (got < size) {
		if ((n = read(fd, buf + got, size - got)) == -1) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		if (n == 0)
			break;
		got += (size_t)n;
	}
	return (ssize_t)got;
}

int
subs_import_opml(struct subs *s, const char *path,
    struct subs_import_stats *st, struct dl_err *e)
{
	struct subs_opml	 o;
	char			 buf[65536];
	ssize_t			 n;
	size_t			 total = 0;
	int			 fd, rc = -1;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1) {
		dl_err_set(e, "%s: %s", path, strerror(errno));
		return -1;
	}
	if ((n = subs_read_chunk(fd, buf, sizeof buf)) == -1) {
		dl_err_set(e, "%s: %s", path, strerror(errno));
		close(fd);
		return -1;
	}
	subs_opml_begin(&o, s, path, buf, (size_t)n, e);
	for (;;) {
		total += (size_t)n;
		if (total > SUBS_FILE_MAX) {
			dl_err_set(e, "%s: file too large (over %u bytes)",
			    path, SUBS_FILE_MAX);
			goto out;
		}
		if (subs_opml_parse(&o, buf, (size_t)n, n == 0) == -1)
			goto out;
		if (n == 0)
			break;
		if ((n = subs_read_chunk(fd, buf, sizeof buf)) == -1) {
			dl_err_set(e, "%s: %s", path, strerror(errno));
			goto out;
		}
	}
	subs_opml_commit(s, &o, st);
	rc = 0;
out:
	subs_opml_clear(&o);
	close(fd);
	return rc;
}

/* --- OPML export -------------------------------------------------------- */

/* Append s as the text of an XML attribute: valid UTF-8, markup escaped,
 * blanks as references (attribute normalisation would turn them into
 * spaces), other characters XML 1.0 forbids left out. */
static int
subs_xml_attr(struct dl_buf *out, const char *s)
{
	struct dl_buf	 u;
	const char	*p, *end;
	uint32_t	 cp;
	size_t		 k;
	int		 rc = 0;

	dl_buf_init(&u, SUBS_FILE_MAX * 2);
	charset_utf8_repair(s, strlen(s), &u);
	end = dl_buf_str(&u) + u.len;
	for (p = dl_buf_str(&u); *p != '\0'; p++) {
		/* DEL, C1 and bidi controls as references: the OPML is
		 * often printed (dateline export) and must not act there. */
		if ((unsigned char)*p >= 0x7f && (k = dl_utf8_ctl(p,
		    (size_t)(end - p), &cp)) > 0) {
			rc |= dl_buf_addf(out, "&#x%X;", (unsigned int)cp);
			p += k - 1;
			continue;
		}
		switch (*p) {
		case '&': rc |= dl_buf_adds(out, "&amp;"); break;
		case '<': rc |= dl_buf_adds(out, "&lt;"); break;
		case '>': rc |= dl_buf_adds(out, "&gt;"); break;
		case '"': rc |= dl_buf_adds(out, "&quot;"); break;
		case '\t': rc |= dl_buf_adds(out, "&#9;"); break;
		case '\n': rc |= dl_buf_adds(out, "&#10;"); break;
		case '\r': rc |= dl_buf_adds(out, "&#13;"); break;
		default:
			if ((unsigned char)*p >= 0x20)
				rc |= dl_buf_addc(out, *p);
		}
	}
	dl_buf_clear(&u);
	return rc;
}

static int
subs_export_feed(struct dl_buf *out, const struct subs_feed *f)
{
	struct dl_buf	 cat;
	size_t		 i;
	int		 rc = 0;

	dl_buf_init(&cat, SUBS_FILE_MAX);
	for (i = 0; i < f->ntags; i++) {
		if (i > 0)
			dl_buf_addc(&cat, ',');
		dl_buf_adds(&cat, f->tags[i]);
	}
	if (f->hidden)
		dl_buf_adds(&cat, cat.len > 0 ? ",!" : "!");
	rc |= dl_buf_adds(out, "    <outline type=\"rss\" text=\"");
	rc |= subs_xml_attr(out, f->title != NULL ? f->title : f->url);
	if (f->title != NULL) {
		rc |= dl_buf_adds(out, "\" title=\"");
		rc |= subs_xml_attr(out, f->title);
	}
	rc |= dl_buf_adds(out, "\" xmlUrl=\"");
	rc |= subs_xml_attr(out, f->url);
	if (cat.len > 0) {
		rc |= dl_buf_adds(out, "\" category=\"");
		rc |= subs_xml_attr(out, dl_buf_str(&cat));
	}
	rc |= dl_buf_adds(out, "\"/>\n");
	dl_buf_clear(&cat);
	return rc;
}

int
subs_export_opml(const struct subs *s, struct dl_buf *out)
{
	size_t	 i;
	int	 rc = 0;

	rc |= dl_buf_adds(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	    "<opml version=\"2.0\">\n"
	    "  <head>\n"
	    "    <title>dateline subscriptions</title>\n"
	    "  </head>\n"
	    "  <body>\n");
	for (i = 0; i < s->nfeeds && rc == 0; i++)
		rc |= subs_export_feed(out, subs_get(s, i));
	rc |= dl_buf_adds(out, "  </body>\n</opml>\n");
	return rc;
}
