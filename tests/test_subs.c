/* test_subs.c: unit tests for the urls file (parsing, editing, atomic
 * writes, defaults) and OPML import and export. */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <sys/file.h>
#include <sys/stat.h>
#include <fcntl.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "dl.h"
#include "subs.h"

/* --- helpers ------------------------------------------------------------ */

static char *
t_tmpdir(void)
{
	char	*d;

	d = dl_printf("%s/test_subs.XXXXXX",
	    getenv("TMPDIR") != NULL ? getenv("TMPDIR") : "/tmp");
	assert_non_null(mkdtemp(d));
	return d;
}

static void
t_rmdir(char *d)
{
	DIR		*dp;
	struct dirent	*de;
	char		*p;

	assert_non_null(dp = opendir(d));
	while ((de = readdir(dp)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 ||
		    strcmp(de->d_name, "..") == 0)
			continue;
		p = dl_printf("%s/%s", d, de->d_name);
		if (unlink(p) == -1)
			t_rmdir(dl_strdup(p));
		free(p);
	}
	closedir(dp);
	rmdir(d);
	free(d);
}

static void
t_write(const char *path, const char *text)
{
	FILE	*f;

	assert_non_null(f = fopen(path, "w"));
	assert_int_equal(fwrite(text, 1, strlen(text), f), strlen(text));
	assert_int_equal(fclose(f), 0);
}

static char *
t_read(const char *path)
{
	struct dl_buf	 b;
	FILE		*f;
	char		 chunk[4096];
	size_t		 n;

	assert_non_null(f = fopen(path, "r"));
	dl_buf_init(&b, DL_BUF_CAP_DEFAULT);
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		dl_buf_add(&b, chunk, n);
	fclose(f);
	return dl_buf_take(&b);
}

/* Files in d, as "name,name,". */
static char *
t_listdir(const char *d)
{
	struct dl_buf	 b;
	DIR		*dp;
	struct dirent	*de;

	dl_buf_init(&b, 4096);
	assert_non_null(dp = opendir(d));
	while ((de = readdir(dp)) != NULL)
		if (de->d_name[0] != '.' || (strcmp(de->d_name, ".") != 0 &&
		    strcmp(de->d_name, "..") != 0))
			dl_buf_addf(&b, "%s,", de->d_name);
	closedir(dp);
	return dl_buf_take(&b);
}

/* Collects warnings, one per line. */
static void
t_warn(void *arg, const char *msg)
{
	dl_buf_addf(arg, "%s\n", msg);
}

/* A model read from text, in a fresh folder *dirp. */
static struct subs *
t_load(const char *text, char **dirp, struct dl_buf *warns)
{
	struct subs	*s;
	struct dl_err	 e;
	char		*path;

	*dirp = t_tmpdir();
	path = dl_printf("%s/urls", *dirp);
	t_write(path, text);
	s = subs_load(path, warns != NULL ? t_warn : NULL, warns, &e);
	if (s == NULL)
		fail_msg("load: %s", e.msg);
	free(path);
	return s;
}

/* All subscriptions, each as its formatted line, one per line. */
static char *
t_lines(const struct subs *s)
{
	struct dl_buf	 b;
	char		*l;
	size_t		 i;

	dl_buf_init(&b, DL_BUF_CAP_DEFAULT);
	for (i = 0; i < subs_count(s); i++) {
		l = subs_feed_format(subs_get(s, i));
		dl_buf_addf(&b, "%s\n", l);
		free(l);
	}
	return dl_buf_take(&b);
}

/* --- one line ----------------------------------------------------------- */

struct line_case {
	const char		*line;
	enum subs_line_kind	 kind;
	const char		*url;
	const char		*title;	/* NULL: none */
	int			 hidden;
	const char		*tags;	/* joined with '|' */
	const char		*why;
};

static const struct line_case line_cases[] = {
	{ "https://a.example/feed", SUBS_LINE_FEED, "https://a.example/feed",
	  NULL, 0, "", "URL alone" },
	{ "https://a.example/feed news world", SUBS_LINE_FEED,
	  "https://a.example/feed", NULL, 0, "news|world", "bare tags" },
	{ "https://a.example/feed \"long reads\" x", SUBS_LINE_FEED,
	  "https://a.example/feed", NULL, 0, "long reads|x",
	  "quoted tag with a space" },
	{ "https://a.example/feed \"~My Feed\"", SUBS_LINE_FEED,
	  "https://a.example/feed", "My Feed", 0, "", "quoted ~title" },
	{ "https://a.example/feed ~Bare", SUBS_LINE_FEED,
	  "https://a.example/feed", "Bare", 0, "", "unquoted ~title" },
	{ "https://a.example/feed \"~One\" \"~Two\"", SUBS_LINE_FEED,
	  "https://a.example/feed", "Two", 0, "",
	  "last title wins (newsboat)" },
	{ "https://a.example/feed \"~\"", SUBS_LINE_FEED,
	  "https://a.example/feed", NULL, 0, "", "empty title is none" },
	{ "https://a.example/feed !", SUBS_LINE_FEED, "https://a.example/feed",
	  NULL, 1, "", "! hides" },
	{ "https://a.example/feed t \"!\" \"~T\"", SUBS_LINE_FEED,
	  "https://a.example/feed", "T", 1, "t", "quoted ! hides too" },
	{ "https://a.example/feed dup dup", SUBS_LINE_FEED,
	  "https://a.example/feed", NULL, 0, "dup", "repeated tag kept once" },
	{ "https://a.example/feed \"a \\\"q\\\" b\\\\\"", SUBS_LINE_FEED,
	  "https://a.example/feed", NULL, 0, "a \"q\" b\\",
	  "escaped quote and backslash in quotes" },
	{ "https://a.example/feed \"unterminated tag", SUBS_LINE_FEED,
	  "https://a.example/feed", NULL, 0, "unterminated tag",
	  "open quote runs to the end (newsboat)" },
	{ "https://a.example/feed tag # a comment \"~X\"", SUBS_LINE_FEED,
	  "https://a.example/feed", NULL, 0, "tag", "trailing comment" },
	{ "https://a.example/p#frag tag", SUBS_LINE_FEED,
	  "https://a.example/p#frag", NULL, 0, "tag",
	  "# inside a URL is no comment" },
	{ "\thttps://a.example/feed\tt1  \t t2 ", SUBS_LINE_FEED,
	  "https://a.example/feed", NULL, 0, "t1|t2", "tabs and runs" },
	{ "https://a.example/feed x\r", SUBS_LINE_FEED,
	  "https://a.example/feed", NULL, 0, "x", "CRLF line" },
	{ "\"https://a.example/q\" t", SUBS_LINE_FEED, "https://a.example/q",
	  NULL, 0, "t", "quoted URL" },
	{ "HTTP://A.example/up", SUBS_LINE_FEED, "HTTP://A.example/up", NULL,
	  0, "", "scheme case, URL kept as written" },
	{ "https://a.example/feed \"  spaced  \" \"\"", SUBS_LINE_FEED,
	  "https://a.example/feed", NULL, 0, "spaced",
	  "tag trimmed, empty tag dropped" },
	{ "https://a.example/feed link-pattern:/news/.*", SUBS_LINE_FEED,
	  "https://a.example/feed", NULL, 0, "link-pattern:/news/.*",
	  "unknown option tag kept as a tag" },
	{ "", SUBS_LINE_EMPTY, NULL, NULL, 0, NULL, "empty" },
	{ "  \t ", SUBS_LINE_EMPTY, NULL, NULL, 0, NULL, "blank" },
	{ "# https://a.example/off", SUBS_LINE_EMPTY, NULL, NULL, 0, NULL,
	  "comment" },
	{ "   # indented comment", SUBS_LINE_EMPTY, NULL, NULL, 0, NULL,
	  "indented comment" },
	{ "\"query:Unread:unread = \\\"yes\\\"\" tag", SUBS_LINE_UNSUPPORTED,
	  NULL, NULL, 0, NULL, "query feed" },
	{ "exec:~/bin/feed.sh", SUBS_LINE_UNSUPPORTED, NULL, NULL, 0, NULL,
	  "exec feed is never run" },
	{ "filter:~/f.sh:https://a.example/", SUBS_LINE_UNSUPPORTED, NULL, NULL,
	  0, NULL, "filter feed" },
	{ "EXEC:ls", SUBS_LINE_UNSUPPORTED, NULL, NULL, 0, NULL,
	  "scheme case does not hide exec" },
	{ "ftp://a.example/feed", SUBS_LINE_BAD, NULL, NULL, 0, NULL, "ftp" },
	{ "file:///etc/passwd", SUBS_LINE_BAD, NULL, NULL, 0, NULL, "file" },
	{ "a.example/feed", SUBS_LINE_BAD, NULL, NULL, 0, NULL, "no scheme" },
	{ "https://", SUBS_LINE_BAD, NULL, NULL, 0, NULL, "no host" },
	{ "\"\" tag", SUBS_LINE_BAD, NULL, NULL, 0, NULL, "empty URL" },
};

static char *
t_join_tags(const struct subs_feed *f)
{
	struct dl_buf	 b;
	size_t		 i;

	dl_buf_init(&b, 4096);
	for (i = 0; i < f->ntags; i++)
		dl_buf_addf(&b, "%s%s", i > 0 ? "|" : "", f->tags[i]);
	return dl_buf_take(&b);
}

static void
test_parse_line_table(void **state)
{
	const struct line_case	*c;
	struct subs_feed	 f;
	struct dl_err		 e;
	char			*tags;
	size_t			 i;

	(void)state;
	for (i = 0; i < sizeof line_cases / sizeof *line_cases; i++) {
		c = &line_cases[i];
		e.msg[0] = '\0';
		if (subs_parse_line(c->line, &f, &e) != c->kind)
			fail_msg("%s: wrong kind", c->why);
		if (c->kind == SUBS_LINE_UNSUPPORTED ||
		    c->kind == SUBS_LINE_BAD) {
			if (e.msg[0] == '\0' || f.url != NULL)
				fail_msg("%s: no reason, or a URL", c->why);
		}
		if (c->kind != SUBS_LINE_FEED)
			continue;
		tags = t_join_tags(&f);
		if (strcmp(f.url, c->url) != 0 || strcmp(tags, c->tags) != 0 ||
		    f.hidden != c->hidden ||
		    (c->title == NULL) != (f.title == NULL) ||
		    (c->title != NULL && strcmp(c->title, f.title) != 0))
			fail_msg("%s: got url %s tags %s title %s hidden %d",
			    c->why, f.url, tags, f.title ? f.title : "(none)",
			    f.hidden);
		free(tags);
		subs_feed_clear(&f);
	}
}

static void
test_unsupported_reason(void **state)
{
	struct subs_feed	 f;
	struct dl_err		 e;

	(void)state;
	assert_int_equal(subs_parse_line("exec:rm -rf ~", &f, &e),
	    SUBS_LINE_UNSUPPORTED);
	assert_non_null(strstr(e.msg, "runs no commands"));
	assert_int_equal(subs_parse_line("gopher://a.example/", &f, &e),
	    SUBS_LINE_BAD);
	assert_string_equal(e.msg, "not an http(s) URL: gopher://a.example/");
}

struct fmt_case {
	const char	*title;
	int		 hidden;
	const char	*tags[3];
	const char	*want;
	const char	*why;
};

static const struct fmt_case fmt_cases[] = {
	{ NULL, 0, { NULL }, "https://a.example/f", "URL alone" },
	{ "A Title", 0, { "x", NULL }, "https://a.example/f x \"~A Title\"",
	  "title always quoted" },
	{ NULL, 1, { "two words", "b", NULL },
	  "https://a.example/f \"two words\" b !", "quotes a spaced tag" },
	{ "say \"hi\"", 0, { "#hash", "\"q", NULL },
	  "https://a.example/f \"#hash\" \"\\\"q\" \"~say \\\"hi\\\"\"",
	  "quotes what would read as a comment or a quote" },
	{ "한국 뉴스", 0, { "korea", NULL },
	  "https://a.example/f korea \"~한국 뉴스\"", "UTF-8 kept" },
	{ "line\nbreak", 0, { "tab\there", NULL },
	  "https://a.example/f \"tab here\" \"~line break\"",
	  "control characters cannot break the line" },
};

static void
test_format_table(void **state)
{
	const struct fmt_case	*c;
	struct subs_feed	 f, back;
	char			*line, *again;
	size_t			 i, j;

	(void)state;
	for (i = 0; i < sizeof fmt_cases / sizeof *fmt_cases; i++) {
		c = &fmt_cases[i];
		memset(&f, 0, sizeof f);
		f.url = dl_strdup("https://a.example/f");
		for (j = 0; c->tags[j] != NULL; j++)
			subs_feed_add_tag(&f, c->tags[j]);
		if (c->hidden)
			subs_feed_add_tag(&f, "!");
		if (c->title != NULL) {
			line = dl_printf("~%s", c->title);
			subs_feed_add_tag(&f, line);
			free(line);
		}
		line = subs_feed_format(&f);
		if (strcmp(line, c->want) != 0)
			fail_msg("%s: got %s", c->why, line);
		/* What is written reads back the same. */
		assert_int_equal(subs_parse_line(line, &back, NULL),
		    SUBS_LINE_FEED);
		again = subs_feed_format(&back);
		if (strcmp(again, line) != 0)
			fail_msg("%s: reads back as %s", c->why, again);
		free(again);
		free(line);
		subs_feed_clear(&back);
		subs_feed_clear(&f);
	}
}

/* --- the file ----------------------------------------------------------- */

static const char t_mixed[] =
    "# my feeds\n"
    "\n"
    "https://a.example/one news \"~One\"\n"
    "exec:~/bin/weather.sh\n"
    "  # indented comment\n"
    "ftp://a.example/old\n"
    "https://a.example/two ! \"long reads\"\n"
    "\"query:Unread:unread = \\\"yes\\\"\"\n"
    "https://a.example/one again\n"
    "https://a.example/three";	/* no final newline */

static void
test_load_warnings(void **state)
{
	struct subs	*s;
	struct dl_buf	 w;
	char		*dir, *want, *lines;

	(void)state;
	dl_buf_init(&w, 65536);
	s = t_load(t_mixed, &dir, &w);
	assert_int_equal(subs_count(s), 3);
	lines = t_lines(s);
	assert_string_equal(lines, "https://a.example/one news \"~One\"\n"
	    "https://a.example/two \"long reads\" !\n"
	    "https://a.example/three\n");
	want = dl_printf(
	    "%s/urls:4: exec: feeds are not supported (dateline runs no "
	    "commands): exec:~/bin/weather.sh\n"
	    "%s/urls:6: not an http(s) URL: ftp://a.example/old\n"
	    "%s/urls:8: query feeds are not supported: query:Unread:unread = "
	    "\"yes\"\n"
	    "%s/urls:9: already subscribed on line 3; skipped\n",
	    dir, dir, dir, dir);
	assert_string_equal(dl_buf_str(&w), want);
	assert_non_null(subs_find(s, "https://a.example/two"));
	assert_true(subs_find(s, "https://a.example/two")->hidden);
	assert_null(subs_find(s, "https://a.example/old"));
	assert_null(subs_get(s, 3));
	free(want);
	free(lines);
	dl_buf_clear(&w);
	subs_free(s);
	t_rmdir(dir);
}

/* A 5 MB URL is "too long", not "not an http(s) URL"; a NUL inside a
 * line is reported with file:line, not silently cut, and the line is
 * not subscribed (nor made one by saving the file). */
static void
test_load_long_and_nul(void **state)
{
	static const char	 nul[] = "https://a.example/x\0https://b.example/\n"
	    "https://c.example/\n";
	struct subs		*s;
	struct dl_buf		 w, text;
	struct dl_err		 e;
	FILE			*f;
	char			*dir, *path, *want, *saved;
	size_t			 i;

	(void)state;
	dl_buf_init(&text, 8u * 1024 * 1024);
	dl_buf_adds(&text, "https://a.example/");
	for (i = 0; i < 5u * 1024 * 1024; i++)
		dl_buf_addc(&text, 'a');
	dl_buf_adds(&text, "\nhttps://b.example/\n");
	dl_buf_init(&w, 65536);
	s = t_load(dl_buf_str(&text), &dir, &w);
	want = dl_printf("%s/urls:1: URL too long (5242898 bytes, at most "
	    "8192): https://a.example/aaa", dir);
	assert_memory_equal(dl_buf_str(&w), want, strlen(want));
	assert_int_equal(subs_count(s), 1);
	free(want);
	subs_free(s);

	dl_buf_reset(&w);
	path = dl_printf("%s/urls", dir);
	assert_non_null(f = fopen(path, "w"));
	assert_int_equal(fwrite(nul, 1, sizeof nul - 1, f), sizeof nul - 1);
	assert_int_equal(fclose(f), 0);
	assert_non_null(s = subs_load(path, t_warn, &w, &e));
	want = dl_printf("%s/urls:1: NUL byte at column 20; line skipped "
	    "(commented out if the file is saved)\n", dir);
	assert_string_equal(dl_buf_str(&w), want);
	assert_int_equal(subs_count(s), 1);
	assert_null(subs_find(s, "https://a.example/x"));
	assert_int_equal(subs_save(s, &e), 0);
	saved = t_read(path);
	assert_string_equal(saved, "# https://a.example/xhttps://b.example/\n"
	    "https://c.example/\n");
	free(saved);
	free(want);
	free(path);
	subs_free(s);
	dl_buf_clear(&w);
	dl_buf_clear(&text);
	t_rmdir(dir);
}

static void
test_load_missing(void **state)
{
	struct dl_err	 e;
	char		*dir, *path;

	(void)state;
	dir = t_tmpdir();
	path = dl_printf("%s/urls", dir);
	assert_null(subs_load(path, NULL, NULL, &e));
	assert_non_null(strstr(e.msg, "No such file or directory"));
	assert_true(strncmp(e.msg, path, strlen(path)) == 0);
	free(path);
	t_rmdir(dir);
}

/* add and remove rewrite the file with every other line as it was. */
static void
test_add_remove_keep_lines(void **state)
{
	struct subs	*s;
	struct dl_err	 e;
	char		*dir, *path, *text, *want;
	char		*tags[] = { "x y", "k", "!" };

	(void)state;
	s = t_load(t_mixed, &dir, NULL);
	path = dl_printf("%s/urls", dir);
	assert_int_equal(subs_add(s, " https://a.example/new \n", "New One",
	    tags, 3, &e), 0);
	assert_int_equal(subs_add(s, "https://a.example/two", "Other", NULL, 0,
	    &e), 1);
	assert_int_equal(subs_save(s, &e), 0);
	text = t_read(path);
	want = dl_printf("%s\nhttps://a.example/new \"x y\" k ! "
	    "\"~New One\"\n", t_mixed);
	assert_string_equal(text, want);
	free(text);
	free(want);
	/* Removing "one" removes its duplicate line 9 too. */
	assert_int_equal(subs_remove(s, "https://a.example/one"), 0);
	assert_int_equal(subs_remove(s, "https://a.example/one"), 1);
	assert_int_equal(subs_remove(s, "https://a.example/absent"), 1);
	assert_int_equal(subs_save(s, &e), 0);
	text = t_read(path);
	assert_string_equal(text, "# my feeds\n\nexec:~/bin/weather.sh\n"
	    "  # indented comment\nftp://a.example/old\n"
	    "https://a.example/two ! \"long reads\"\n"
	    "\"query:Unread:unread = \\\"yes\\\"\"\n"
	    "https://a.example/three\n"
	    "https://a.example/new \"x y\" k ! \"~New One\"\n");
	assert_int_equal(subs_count(s), 3);
	free(text);
	free(path);
	subs_free(s);
	t_rmdir(dir);
}

static void
test_add_checks_url(void **state)
{
	struct subs	*s;
	struct dl_err	 e;
	char		*dir;

	(void)state;
	s = t_load("", &dir, NULL);
	assert_int_equal(subs_add(s, "ftp://a.example/", NULL, NULL, 0, &e),
	    -1);
	assert_non_null(strstr(e.msg, "ftp://a.example/"));
	assert_int_equal(subs_add(s, "exec:ls", NULL, NULL, 0, &e), -1);
	assert_int_equal(subs_add(s, "https://a.example/a b", NULL, NULL, 0,
	    &e), -1);
	assert_int_equal(subs_count(s), 0);
	assert_int_equal(subs_add(s, "https://a.example/a?b=1&c", NULL, NULL,
	    0, &e), 0);
	assert_non_null(subs_find(s, "https://a.example/a?b=1&c"));
	subs_free(s);
	t_rmdir(dir);
}

/* A save leaves only the urls file (no temporary), keeps its mode, and
 * writes through a symbolic link. */
static void
test_save_atomic(void **state)
{
	struct subs	*s;
	struct dl_err	 e;
	struct stat	 st;
	char		*dir, *path, *real, *list;

	(void)state;
	s = t_load("# c\n", &dir, NULL);
	path = dl_printf("%s/urls", dir);
	assert_int_equal(chmod(path, 0640), 0);
	assert_int_equal(subs_add(s, "https://a.example/", NULL, NULL, 0, &e),
	    0);
	assert_int_equal(subs_save(s, &e), 0);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0640);
	list = t_listdir(dir);
	assert_string_equal(list, "urls,");
	free(list);
	/* Through a link: the target changes, the link stays. */
	real = dl_printf("%s/real", dir);
	assert_int_equal(rename(path, real), 0);
	assert_int_equal(symlink("real", path), 0);
	assert_int_equal(subs_remove(s, "https://a.example/"), 0);
	assert_int_equal(subs_save(s, &e), 0);
	assert_int_equal(lstat(path, &st), 0);
	assert_true(S_ISLNK(st.st_mode));
	list = t_read(real);
	assert_string_equal(list, "# c\n");
	free(list);
	free(real);
	free(path);
	subs_free(s);
	t_rmdir(dir);
}

/* A failed rename leaves no temporary file behind. */
static void
test_save_fails_cleanly(void **state)
{
	struct subs	*s;
	struct dl_err	 e;
	char		*dir, *path, *inner, *list;

	(void)state;
	s = t_load("# c\n", &dir, NULL);
	path = dl_printf("%s/urls", dir);
	inner = dl_printf("%s/urls/x", dir);
	/* The urls file became a folder: rename() cannot replace it. */
	assert_int_equal(unlink(path), 0);
	assert_int_equal(mkdir(path, 0700), 0);
	t_write(inner, "x");
	assert_int_equal(subs_add(s, "https://a.example/", NULL, NULL, 0, &e),
	    0);
	assert_int_equal(subs_save(s, &e), -1);
	assert_true(strncmp(e.msg, path, strlen(path)) == 0);
	list = t_listdir(dir);
	assert_string_equal(list, "urls,");
	free(list);
	unlink(inner);
	free(inner);
	free(path);
	subs_free(s);
	t_rmdir(dir);
}

static void
test_default_file(void **state)
{
	struct subs		*s;
	struct dl_buf		 w;
	struct dl_err		 e;
	struct stat		 st;
	const struct subs_feed	*f;
	char			*dir, *path, *text;
	size_t			 i;

	(void)state;
	dir = t_tmpdir();
	path = dl_printf("%s/a/b/urls", dir);
	assert_int_equal(subs_create_default(path, &e), 1);
	assert_int_equal(subs_create_default(path, &e), 0);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0600);
	text = t_read(path);
	assert_string_equal(text, subs_default_text());
	free(text);
	dl_buf_init(&w, 4096);
	assert_non_null(s = subs_load(path, t_warn, &w, &e));
	assert_string_equal(dl_buf_str(&w), "");
	assert_true(subs_count(s) >= 8);
	for (i = 0; i < subs_count(s); i++) {
		f = subs_get(s, i);
		assert_non_null(f->title);
		assert_true(f->ntags > 0);
		assert_string_equal(f->tags[0], "asia");
	}
	f = subs_find(s, "https://apnews.com/hub/asia-pacific");
	assert_non_null(f);
	assert_string_equal(f->tags[f->ntags - 1], "hub");
	assert_non_null(subs_find(s,
	    "https://feeds.bbci.co.uk/news/world/asia/rss.xml"));
	dl_buf_clear(&w);
	subs_free(s);
	/* Never replaces the user's file. */
	t_write(path, "# mine\n");
	assert_int_equal(subs_create_default(path, &e), 0);
	text = t_read(path);
	assert_string_equal(text, "# mine\n");
	free(text);
	free(path);
	t_rmdir(dir);
}

/* An editor holds the folder's lock until subs_free; readers do not
 * wait for it. */
static void
test_open_edit_locks(void **state)
{
	struct subs	*s, *r;
	struct dl_err	 e;
	char		*dir;
	int		 fd, created;

	(void)state;
	dir = t_tmpdir();
	s = subs_open(dir, SUBS_EDIT, NULL, NULL, &created, &e);
	assert_non_null(s);
	assert_int_equal(created, 1);
	assert_true((fd = open(dir, O_RDONLY | O_DIRECTORY)) != -1);
	assert_int_equal(flock(fd, LOCK_EX | LOCK_NB), -1);
	r = subs_open(dir, 0, NULL, NULL, &created, &e);
	assert_non_null(r);
	assert_int_equal(created, 0);
	assert_int_equal(subs_count(r), subs_count(s));
	subs_free(r);
	subs_free(s);
	assert_int_equal(flock(fd, LOCK_EX | LOCK_NB), 0);
	close(fd);
	t_rmdir(dir);
}

static void
test_path(void **state)
{
	char	*p;

	(void)state;
	p = subs_path("/etc/x", NULL);
	assert_string_equal(p, "/etc/x/urls");
	free(p);
	setenv("XDG_CONFIG_HOME", "/xdg", 1);
	setenv("HOME", "/home/u", 1);
	p = subs_path(NULL, NULL);
	assert_string_equal(p, "/xdg/dateline/urls");
	free(p);
	setenv("XDG_CONFIG_HOME", "relative", 1);
	p = subs_path(NULL, NULL);
	assert_string_equal(p, "/home/u/.config/dateline/urls");
	free(p);
	unsetenv("XDG_CONFIG_HOME");
	unsetenv("HOME");
	assert_null(subs_path(NULL, NULL));
}

/* --- OPML --------------------------------------------------------------- */

struct opml_case {
	const char	*doc;
	int		 rc;
	size_t		 added, dups, rejected;
	const char	*want;	/* the lines after import, or the error */
	const char	*why;
};

#define T_HEAD	"<?xml version=\"1.0\"?>\n"
#define T_PRE	"https://pre.example/feed\n"	/* already subscribed */

static const struct opml_case opml_cases[] = {
	{ T_HEAD "<opml version=\"1.0\"><head><title>x</title></head><body>\n"
	  "<outline text=\"Alpha\" type=\"rss\" xmlUrl=\"https://a.example/"
	  "rss\"/>\n<outline title=\"Beta\" xmlUrl=\"http://b.example/\"/>\n"
	  "</body></opml>", 0, 2, 0, 0,
	  T_PRE "https://a.example/rss \"~Alpha\"\n"
	  "http://b.example/ \"~Beta\"\n", "OPML 1.0, text or title" },
	{ T_HEAD "<opml version=\"2.0\"><body>\n"
	  "<outline text=\"News\"><outline text=\"Korea\">"
	  "<outline text=\"Yonhap\" xmlUrl=\"https://y.example/rss\"/>"
	  "</outline><outline text=\"Japan Papers\">"
	  "<outline text=\"Mainichi\" xmlUrl=\"https://m.example/rss\"/>"
	  "</outline></outline>"
	  "<outline text=\"Top\" xmlUrl=\"https://t.example/\"/>"
	  "</body></opml>", 0, 3, 0, 0,
	  T_PRE "https://y.example/rss News Korea \"~Yonhap\"\n"
	  "https://m.example/rss News \"Japan Papers\" \"~Mainichi\"\n"
	  "https://t.example/ \"~Top\"\n", "nested folders become tags" },
	{ "<opml version=\"2.0\"><body>"
	  "<outline title=\"Folder\"><outline xmlUrl=\"https://f.example/\""
	  " text=\"https://f.example/\" category=\"a, b ,!,~c,,a\"/>"
	  "</outline></body></opml>", 0, 1, 0, 0,
	  T_PRE "https://f.example/ Folder a b c !\n",
	  "folder title, categories, ! hides, ~ is no title, URL as text "
	  "is no title" },
	{ "<opml><body>"
	  "<outline text=\"P\" xmlUrl=\"https://pre.example/feed\"/>"
	  "<outline text=\"D\" xmlUrl=\"https://d.example/\"/>"
	  "<outline text=\"D2\" xmlUrl=\" https://d.example/ \"/>"
	  "</body></opml>", 0, 1, 2, 0, T_PRE "https://d.example/ \"~D\"\n",
	  "duplicates: already there, and twice in the file" },
	{ "<opml><body>"
	  "<outline text=\"x\" xmlUrl=\"exec:rm -rf ~\"/>"
	  "<outline text=\"x\" xmlUrl=\"query:all:unread = &quot;yes&quot;\"/>"
	  "<outline text=\"x\" xmlUrl=\"file:///etc/passwd\"/>"
	  "<outline text=\"x\" xmlUrl=\"javascript:alert(1)\"/>"
	  "<outline text=\"x\" xmlUrl=\"\"/>"
	  "<outline text=\"x\" xmlUrl=\"https://ok.example/&#10;exec:ls\"/>"
	  "<outline text=\"ok\" xmlurl=\"https://ok.example/?a=1&amp;b=2\"/>"
	  "</body></opml>", 0, 1, 0, 6,
	  T_PRE "https://ok.example/?a=1&b=2 \"~ok\"\n",
	  "only http(s) accepted; lower-case xmlurl" },
	{ "<opml><body><outline text=\"T &amp; &lt;b&gt; &#xD55C;\n  x\" "
	  "xmlUrl=\"https://e.example/\"/></body></opml>", 0, 1, 0, 0,
	  T_PRE "https://e.example/ \"~T & <b> \xed\x95\x9c   x\"\n",
	  "entities decoded, newline made a space" },
	{ "<?xml version=\"1.0\" encoding=\"EUC-KR\"?>"
	  "<opml><body><outline text=\"\xc7\xd1\xb1\xb9\" "
	  "xmlUrl=\"https://k.example/\"/></body></opml>", 0, 1, 0, 0,
	  T_PRE "https://k.example/ \"~\xed\x95\x9c\xea\xb5\xad\"\n",
	  "EUC-KR through charset_" },
	{ "<opml><body></body></opml>", 0, 0, 0, 0, T_PRE, "no outlines" },
	{ "<opml><body>\n<outline text=\"a\" xmlUrl=\"https://x.example/\">"
	  "\n</body></opml>", -1, 0, 0, 0, "t.opml:3:3: mismatched tag",
	  "malformed: nothing added" },
	{ "<rss><channel/></rss>", -1, 0, 0, 0,
	  "t.opml:1:1: not an OPML document (the root element is <rss>)",
	  "not OPML" },
	{ "", -1, 0, 0, 0, "t.opml:1:1: no element found", "empty" },
	{ "<?xml version=\"1.0\"?><!DOCTYPE opml [<!ENTITY x SYSTEM "
	  "\"file:///etc/passwd\">]><opml><body><outline text=\"&x;\" "
	  "xmlUrl=\"https://x.example/\"/></body></opml>", -1, 0, 0, 0,
	  "t.opml:1:106: reference to external entity in attribute",
	  "external entity refused" },
};

static void
test_opml_table(void **state)
{
	const struct opml_case		*c;
	struct subs			*s;
	struct subs_import_stats	 st;
	struct dl_err			 e;
	char				*dir, *lines;
	size_t				 i;
	int				 rc;

	(void)state;
	for (i = 0; i < sizeof opml_cases / sizeof *opml_cases; i++) {
		c = &opml_cases[i];
		s = t_load(T_PRE, &dir, NULL);
		memset(&st, 0xff, sizeof st);
		rc = subs_import_opml_mem(s, "t.opml", c->doc, strlen(c->doc),
		    &st, &e);
		lines = t_lines(s);
		if (rc != c->rc)
			fail_msg("%s: rc %d (%s)", c->why, rc, e.msg);
		if (rc == 0 && (st.added != c->added || st.duplicates !=
		    c->dups || st.rejected != c->rejected))
			fail_msg("%s: %zu/%zu/%zu", c->why, st.added,
			    st.duplicates, st.rejected);
		if (rc == 0 && strcmp(lines, c->want) != 0)
			fail_msg("%s: got\n%s", c->why, lines);
		if (rc == -1 && (strcmp(e.msg, c->want) != 0 ||
		    strcmp(lines, T_PRE) != 0))
			fail_msg("%s: error %s, lines\n%s", c->why, e.msg,
			    lines);
		free(lines);
		subs_free(s);
		t_rmdir(dir);
	}
}

static void
test_opml_entity_bomb(void **state)
{
	struct subs	*s;
	struct dl_buf	 d;
	struct dl_err	 e;
	char		*dir;
	int		 i;

	(void)state;
	dl_buf_init(&d, DL_BUF_CAP_DEFAULT);
	dl_buf_adds(&d, "<?xml version=\"1.0\"?><!DOCTYPE opml [<!ENTITY a0 "
	    "\"lollollollollollollollollollol\">");
	for (i = 1; i < 10; i++)
		dl_buf_addf(&d, "<!ENTITY a%d \"&a%d;&a%d;&a%d;&a%d;&a%d;&a%d;"
		    "&a%d;&a%d;&a%d;&a%d;\">", i, i - 1, i - 1, i - 1, i - 1,
		    i - 1, i - 1, i - 1, i - 1, i - 1, i - 1);
	dl_buf_adds(&d, "]><opml><body><outline text=\"&a9;\" xmlUrl="
	    "\"https://x.example/\"/></body></opml>");
	s = t_load("", &dir, NULL);
	assert_int_equal(subs_import_opml_mem(s, "bomb.opml", d.data, d.len,
	    NULL, &e), -1);
	assert_non_null(strstr(e.msg, "bomb.opml:"));
	assert_int_equal(subs_count(s), 0);
	dl_buf_clear(&d);
	subs_free(s);
	t_rmdir(dir);
}

/* A file read in chunks: outlines cross every chunk boundary. */
static void
test_opml_file_stream(void **state)
{
	struct subs			*s;
	struct subs_import_stats	 st;
	struct dl_buf			 d;
	struct dl_err			 e;
	FILE				*f;
	char				*dir, *path;
	int				 i;

	(void)state;
	s = t_load("", &dir, NULL);
	path = dl_printf("%s/big.opml", dir);
	assert_int_equal(subs_import_opml(s, path, &st, &e), -1);
	assert_true(strncmp(e.msg, path, strlen(path)) == 0);
	assert_non_null(strstr(e.msg, ": No such file or directory"));
	dl_buf_init(&d, DL_BUF_CAP_DEFAULT);
	dl_buf_adds(&d, "<opml version=\"2.0\"><body><outline text=\"Many\">");
	for (i = 0; i < 3000; i++)
		dl_buf_addf(&d, "<outline text=\"Feed number %d\" xmlUrl=\""
		    "https://n.example/feed/%d\"/>\n", i, i);
	dl_buf_adds(&d, "</outline></body></opml>\n");
	assert_true(d.len > 3 * 65536);
	assert_non_null(f = fopen(path, "w"));
	assert_int_equal(fwrite(d.data, 1, d.len, f), d.len);
	fclose(f);
	assert_int_equal(subs_import_opml(s, path, &st, &e), 0);
	assert_int_equal(st.added, 3000);
	assert_int_equal(subs_count(s), 3000);
	assert_string_equal(subs_get(s, 2999)->url,
	    "https://n.example/feed/2999");
	assert_string_equal(subs_get(s, 2999)->title, "Feed number 2999");
	assert_string_equal(subs_get(s, 2999)->tags[0], "Many");
	dl_buf_clear(&d);
	free(path);
	subs_free(s);
	t_rmdir(dir);
}

static const char t_rich[] =
    "# a comment\n"
    "https://a.example/rss asia korea \"~Yonhap & <Co> \\\"news\\\"\"\n"
    "https://b.example/?x=1&y=2 \"two words\" !\n"
    "https://c.example/feed\n"
    "https://d.example/ \"~\xed\x95\x9c\xea\xb5\xad \xe6\x97\xa5\xe6\x9c\xac\""
    " japan ! hub\n"
    "https://e.example/ link-pattern:/news/.* \"~'apos'\"\n";

/* export then import gives the same subscriptions: URL, title, hidden and
 * tags in order. */
static void
test_export_import_round_trip(void **state)
{
	struct subs			*s, *back;
	struct subs_import_stats	 st;
	struct dl_buf			 out;
	struct dl_err			 e;
	char				*dir, *dir2, *a, *b;

	(void)state;
	s = t_load(t_rich, &dir, NULL);
	assert_int_equal(subs_count(s), 5);
	dl_buf_init(&out, DL_BUF_CAP_DEFAULT);
	assert_int_equal(subs_export_opml(s, &out), 0);
	assert_non_null(strstr(dl_buf_str(&out), "<opml version=\"2.0\">"));
	assert_non_null(strstr(dl_buf_str(&out), "xmlUrl=\"https://b.example/"
	    "?x=1&amp;y=2\" category=\"two words,!\"/>"));
	assert_non_null(strstr(dl_buf_str(&out), "title=\"Yonhap &amp; "
	    "&lt;Co&gt; &quot;news&quot;\""));
	assert_non_null(strstr(dl_buf_str(&out), "<outline type=\"rss\" "
	    "text=\"https://c.example/feed\" xmlUrl=\"https://c.example/"
	    "feed\"/>"));
	back = t_load("", &dir2, NULL);
	assert_int_equal(subs_import_opml_mem(back, "export", out.data,
	    out.len, &st, &e), 0);
	assert_int_equal(st.added, 5);
	a = t_lines(s);
	b = t_lines(back);
	assert_string_equal(a, b);
	free(a);
	free(b);
	dl_buf_clear(&out);
	subs_free(s);
	subs_free(back);
	t_rmdir(dir);
	t_rmdir(dir2);
}

static void
test_export_cleans_bad_bytes(void **state)
{
	struct subs	*s;
	struct dl_buf	 out;
	char		*dir;

	(void)state;
	/* Latin-1 bytes in a urls file must not make the OPML invalid. */
	s = t_load("https://a.example/ \"~caf\xe9\"\n", &dir, NULL);
	dl_buf_init(&out, DL_BUF_CAP_DEFAULT);
	assert_int_equal(subs_export_opml(s, &out), 0);
	assert_non_null(strstr(dl_buf_str(&out), "text=\"caf\xef\xbf\xbd\""));
	dl_buf_clear(&out);
	subs_free(s);
	t_rmdir(dir);

	/* C1 and bidi controls as character references (DEL is a blank
	 * already): export prints the OPML, which must not act on the
	 * terminal. */
	s = t_load("https://a.example/ \"~a\xc2\x9b" "2Jb\xe2\x80\xae"
	    "c\x7f" "d\xe2\x81\xa6\"\n", &dir, NULL);
	dl_buf_init(&out, DL_BUF_CAP_DEFAULT);
	assert_int_equal(subs_export_opml(s, &out), 0);
	assert_non_null(strstr(dl_buf_str(&out),
	    "text=\"a&#x9B;2Jb&#x202E;c d&#x2066;\""));
	dl_buf_clear(&out);
	subs_free(s);
	t_rmdir(dir);
}

/* The hub tag and NAME:VALUE options, as refresh reads them. */
static void
test_hub_and_options(void **state)
{
	static const struct {
		const char	*line;
		int		 hub;
		const char	*pattern;	/* link-pattern value or NULL */
		const char	*why;
	} rows[] = {
		{ "https://a.example/hub hub", 1, NULL, "plain hub tag" },
		{ "https://a.example/hub HUB", 0, NULL, "tags are case-sensitive" },
		{ "https://a.example/x hubs", 0, NULL, "a longer tag is not hub" },
		{ "https://a.example/h hub \"link-pattern:/story/[0-9]+\"", 1,
		    "/story/[0-9]+", "quoted option with a regex" },
		{ "https://a.example/h link-pattern:", 0, "",
		    "an empty value is still the option" },
		{ "https://a.example/h \"link-pattern:a b\" \"link-pattern:c\"",
		    0, "a b", "the first of two wins" },
		{ "https://a.example/h asia \"~Hub: Asia\"", 0, NULL,
		    "a title with a colon is not an option" },
		{ "https://a.example/feed.xml", 0, NULL, "no tags" },
	};
	struct subs_feed	 f;
	struct dl_err		 e;
	const char		*got;
	size_t			 i;

	(void)state;
	for (i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		memset(&f, 0, sizeof f);
		if (subs_parse_line(rows[i].line, &f, &e) != SUBS_LINE_FEED)
			fail_msg("%s: not a feed line: %s", rows[i].why, e.msg);
		if (subs_feed_is_hub(&f) != rows[i].hub)
			fail_msg("%s: hub %d", rows[i].why, subs_feed_is_hub(&f));
		got = subs_feed_option(&f, SUBS_OPT_LINK_PATTERN);
		if ((got == NULL) != (rows[i].pattern == NULL) ||
		    (got != NULL && strcmp(got, rows[i].pattern) != 0))
			fail_msg("%s: link-pattern '%s'", rows[i].why,
			    got != NULL ? got : "(none)");
		subs_feed_clear(&f);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_line_table),
		cmocka_unit_test(test_unsupported_reason),
		cmocka_unit_test(test_format_table),
		cmocka_unit_test(test_load_warnings),
		cmocka_unit_test(test_load_long_and_nul),
		cmocka_unit_test(test_load_missing),
		cmocka_unit_test(test_add_remove_keep_lines),
		cmocka_unit_test(test_add_checks_url),
		cmocka_unit_test(test_save_atomic),
		cmocka_unit_test(test_save_fails_cleanly),
		cmocka_unit_test(test_default_file),
		cmocka_unit_test(test_open_edit_locks),
		cmocka_unit_test(test_opml_table),
		cmocka_unit_test(test_opml_entity_bomb),
		cmocka_unit_test(test_opml_file_stream),
		cmocka_unit_test(test_export_import_round_trip),
		cmocka_unit_test(test_export_cleans_bad_bytes),
		cmocka_unit_test(test_path),
		cmocka_unit_test(test_hub_and_options),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
