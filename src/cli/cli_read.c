/* cli_read.c: the read and export-story subcommands (issue 4, "Reading an
 * item"): an item's story chosen from the cache, the feed's own content or
 * its fetched and extracted page, rendered for the terminal or written
 * as Markdown. */
#include "config.h"

#include <errno.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli_int.h"
#include "date.h"
#include "dl.h"
#include "extract.h"
#include "html.h"
#include "refresh.h"
#include "render.h"
#include "store.h"

/* Widths accepted by --width. */
#define CLI_READ_WIDTH_MIN	8
#define CLI_READ_WIDTH_MAX	1000
/* Most bytes of a slug, before ".md". */
#define CLI_READ_SLUG_MAX	80
/* Tries at "slug-N.md" before giving up. */
#define CLI_READ_SUFFIX_MAX	1000

/* The story of an item: the HTML chosen to show and its base URL, both
 * borrowed from it. */
struct cli_story {
	struct store_item	 it;
	const char		*html;
	const char		*base;
};

/* What a fetch of the story page came to. */
struct cli_read_fetch {
	int	 done;
	int	 stored;
	char	 msg[sizeof ((struct dl_err *)0)->msg];
};

static void
cli_read_rule_warn(void *arg, const char *msg)
{
	(void)arg;
	cli_warn("%s", msg);
}

struct extract_rules *
cli_read_rules(const struct cli_ctx *cx)
{
	struct extract_rules	*r = extract_rules_new();
	struct dl_err		 err = { "" };
	const char		*x = getenv("XDG_CONFIG_HOME");
	const char		*home = getenv("HOME");
	char			*path = NULL;

	if (cx->config_dir != NULL)
		path = dl_printf("%s/extract-rules", cx->config_dir);
	else if (x != NULL && *x == '/')
		path = dl_printf("%s/dateline/extract-rules", x);
	else if (home != NULL && *home != '\0')
		path = dl_printf("%s/.config/dateline/extract-rules", home);
	if (path != NULL && extract_rules_load(r, path, cli_read_rule_warn,
	    NULL, &err) < 0)
		cli_warn("%s", err.msg);
	free(path);
	return r;
}

/* The item id argument: 0, or CLI_USAGE after saying why. */
static int
cli_read_id(struct cli_ctx *cx, int64_t *id)
{
	long	 n;

	if (optind != cx->argc - 1)
		return cli_usage_error(cx, "expected one item ID");
	if (dl_strtonum(cx->argv[optind], 1, INT64_MAX, &n) == -1)
		return cli_usage_error(cx, "not an item ID: '%s'",
		    cx->argv[optind]);
	*id = n;
	return 0;
}

/* The cache for reading and storing articles: 0 with *st open, or
 * CLI_FAIL after printing why (a missing cache holds no item). */
static int
cli_read_open(const struct cli_ctx *cx, int64_t id, struct store **st)
{
	struct dl_err	 err = { "" };
	char		*path;
	int		 rc = CLI_FAIL;

	*st = NULL;
	if (cx->db_path != NULL)
		path = dl_strdup(cx->db_path);
	else if ((path = store_default_path(&err)) == NULL) {
		fprintf(stderr, "dateline %s: %s\n", cx->argv[0], err.msg);
		return CLI_FAIL;
	}
	if (access(path, F_OK) == -1)
		fprintf(stderr, "dateline %s: no item %" PRId64 "\n",
		    cx->argv[0], id);
	else if ((*st = store_open(path, &err)) == NULL)
		fprintf(stderr, "dateline %s: %s\n", cx->argv[0], err.msg);
	else
		rc = 0;
	free(path);
	return rc;
}

/* --- Choosing the story ---------------------------------------------------- */

static void
cli_read_on_article(void *ctx, const struct refresh_article_result *r)
{
	struct cli_read_fetch	*f = ctx;

	f->done = 1;
	f->stored = r->stored;
	if (r->message != NULL)
		snprintf(f->msg, sizeof f->msg, "%s", r->message);
}

/* Fetch, extract and store the item's page through refresh_, with the
 * config file's limits. 0 when an article was stored, else -1 with
 * why in msg. */
static int
cli_read_fetch(const struct cli_ctx *cx, struct store *st, int64_t id,
    char *msg, size_t size)
{
	struct refresh_callbacks cb = { NULL, cli_read_on_article };
	struct cli_read_fetch	 f;
	struct refresh_opts	 o;
	struct refresh		*rf = NULL;
	struct dl_err		 err = { "" };
	int			 rc = -1;

	memset(&f, 0, sizeof f);
	refresh_opts_init(&o);
	cli_refresh_settings(cx, &o);
	o.max_items = 0;	/* reading never removes items */
	o.rules = cli_read_rules(cx);
	if ((rf = refresh_new(st, &o, &cb, &f, &err)) == NULL ||
	    refresh_add_article(rf, id, &err) == -1 ||
	    refresh_run(rf, &err) == -1)
		snprintf(msg, size, "%s", err.msg);
	else if (!f.stored)
		snprintf(msg, size, "%s", f.done ? f.msg : "not fetched");
	else
		rc = 0;
	refresh_free(rf);
	extract_rules_free((struct extract_rules *)o.rules);
	return rc;
}

static int
cli_read_have_article(const struct store_item *it)
{
	return it->article != NULL && it->article->error == NULL &&
	    it->article->html != NULL;
}

static void
cli_read_use_article(struct cli_story *s)
{
	s->html = s->it.article->html;
	s->base = s->it.article->url != NULL ? s->it.article->url :
	    s->it.link;
}

/* The feed's own text: content, else summary. */
static void
cli_read_use_feed(struct cli_story *s)
{
	s->html = s->it.content != NULL && s->it.content[0] != '\0' ?
	    s->it.content : s->it.summary;
	s->base = s->it.link;
}

/* After a fetch that stored an article: read it back from the cache. */
static int
cli_read_reload(struct store *st, struct cli_story *s, struct dl_err *err)
{
	struct store_article	*a = dl_calloc(1, sizeof *a);

	if (store_article_get(st, s->it.id, a, err) != 0) {
		free(a);
		return -1;
	}
	store_article_clear(s->it.article);
	free(s->it.article);
	s->it.article = a;
	return 0;
}

/* The page, fetched; on failure the stored article, else the feed's own
 * text, with one line on stderr naming the page and the reason. */
static void
cli_read_fetch_story(const struct cli_ctx *cx, struct store *st,
    struct cli_story *s)
{
	struct dl_err	 err = { "" };
	char		 msg[sizeof err.msg];

	if (cli_read_fetch(cx, st, s->it.id, msg, sizeof msg) == 0 &&
	    cli_read_reload(st, s, &err) == 0) {
		cli_read_use_article(s);
		return;
	}
	if (err.msg[0] != '\0')
		snprintf(msg, sizeof msg, "cache: %s", err.msg);
	fprintf(stderr, "dateline %s: %s: %s; showing the %s\n", cx->argv[0],
	    s->it.link != NULL ? s->it.link : "(no link)", msg,
	    cli_read_have_article(&s->it) ? "stored article" :
	    "feed's summary");
	if (cli_read_have_article(&s->it))
		cli_read_use_article(s);
	else
		cli_read_use_feed(s);
}

/* Fill s with item id and the story to show: the stored article, else
 * the feed's content when it is the full story (refresh_item_is_full),
 * else (and always with full) the page fetched now. Returns 0, or
 * CLI_FAIL after printing why ("no item 42"). */
static int
cli_read_story(const struct cli_ctx *cx, struct store *st, int64_t id,
    int full, struct cli_story *s)
{
	struct dl_err	 err = { "" };

	memset(s, 0, sizeof *s);
	if (store_item_get(st, id, &s->it, &err) == -1) {
		fprintf(stderr, "dateline %s: %s\n", cx->argv[0], err.msg);
		return CLI_FAIL;
	}
	if (!full && cli_read_have_article(&s->it))
		cli_read_use_article(s);
	else if (!full && refresh_item_is_full(&s->it))
		cli_read_use_feed(s);
	else
		cli_read_fetch_story(cx, st, s);
	return 0;
}

/* The story's document. A leading heading that repeats the title (pages
 * often put their headline inside the article) is dropped: the header
 * shows the title already. The caller frees it (html_doc_free). */
static struct html_doc *
cli_read_doc(const struct cli_story *s)
{
	struct html_doc		*doc;
	struct html_block	*b;

	doc = html_doc_parse(s->html, s->html != NULL ? strlen(s->html) : 0,
	    s->base);
	if (doc->nblocks == 0 || s->it.title == NULL)
		return doc;
	b = &doc->blocks[0];
	if (b->kind != HTML_HEADING || strcmp(b->text, s->it.title) != 0)
		return doc;
	free(b->text);
	free(b->spans);
	memmove(b, b + 1, (doc->nblocks - 1) * sizeof *b);
	doc->nblocks--;
	return doc;
}

/* --- read ------------------------------------------------------------------ */

/* s escaped for HTML text (s may be NULL). */
static void
cli_read_html_escape(struct dl_buf *b, const char *s)
{
	for (; s != NULL && *s != '\0'; s++) {
		if (*s == '<')
			dl_buf_adds(b, "&lt;");
		else if (*s == '>')
			dl_buf_adds(b, "&gt;");
		else if (*s == '&')
			dl_buf_adds(b, "&amp;");
		else
			dl_buf_addc(b, *s);
	}
}

/* "2024-03-01 09:30 UTC" for the published (else updated) date, or "". */
static void
cli_read_date(const struct store_item *it, char *out, size_t size)
{
	char	 d[DATE_RFC3339_SIZE];
	int64_t	 t = it->published != DATE_NONE ? it->published : it->updated;

	if (date_format_rfc3339(t, d, sizeof d) == -1) {
		out[0] = '\0';
		return;
	}
	snprintf(out, size, "%.10s %.5s UTC", d, d + 11);
}

static const char *
cli_read_author(const struct store_item *it)
{
	if (it->author != NULL && it->author[0] != '\0')
		return it->author;
	if (it->article != NULL && it->article->error == NULL)
		return it->article->byline;
	return NULL;
}

/* The header as HTML for render_: the title as a heading, then one line
 * of feed, author and date. */
static char *
cli_read_header_html(const struct store_item *it)
{
	struct dl_buf	 b;
	const char	*author = cli_read_author(it);
	char		 date[64];

	dl_buf_init(&b, DL_BUF_CAP_DEFAULT);
	dl_buf_adds(&b, "<h1>");
	cli_read_html_escape(&b, it->title != NULL ? it->title :
	    "(no title)");
	dl_buf_adds(&b, "</h1><p>");
	cli_read_html_escape(&b, it->feed_title != NULL ? it->feed_title :
	    it->feed_url);
	if (author != NULL && author[0] != '\0') {
		dl_buf_adds(&b, " \xc2\xb7 By ");
		cli_read_html_escape(&b, author);
	}
	cli_read_date(it, date, sizeof date);
	if (date[0] != '\0') {
		dl_buf_adds(&b, " \xc2\xb7 ");
		dl_buf_adds(&b, date);
	}
	dl_buf_adds(&b, "</p>");
	return dl_buf_take(&b);
}

/* Print the header and the story at width. Returns CLI_OK, or CLI_FAIL
 * when stdout could not be written. */
static int
cli_read_print(const struct cli_story *s, int width)
{
	struct render_opts	 o = { width };
	struct render_out	*out;
	struct html_doc		*doc;
	char			*html, *head, *body, *link;

	html = cli_read_header_html(&s->it);
	head = render_html_to_text(html, NULL, width);
	free(html);
	fputs(head, stdout);
	if (s->it.link != NULL) {
		link = render_clean(s->it.link);
		printf("%s\n", link);
		free(link);
	}
	putchar('\n');
	doc = cli_read_doc(s);
	out = render_doc(doc, &o);
	html_doc_free(doc);
	body = render_out_text(out);
	render_out_free(out);
	fputs(body[0] != '\0' ? body : "(no text)\n", stdout);
	free(head);
	free(body);
	return fflush(stdout) == 0 && !ferror(stdout) ? CLI_OK : CLI_FAIL;
}

/* The terminal's width when stdout is one, else 80. */
static int
cli_read_default_width(void)
{
	struct winsize	 ws;

	if (isatty(STDOUT_FILENO) && ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0
	    && ws.ws_col >= CLI_READ_WIDTH_MIN)
		return ws.ws_col;
	return 80;
}

/* read's options: 0, or CLI_USAGE after saying why. */
static int
cli_read_opts(struct cli_ctx *cx, int *full, long *width)
{
	static const struct option opts[] = {
		{ "width", required_argument, NULL, 'w' },
		{ "full", no_argument, NULL, 'f' },
		{ NULL, 0, NULL, 0 }
	};
	int	 c;

	while ((c = cli_getopt(cx, "", opts)) != -1) {
		if (c == 'f')
			*full = 1;
		else if (c != 'w')
			return CLI_USAGE;
		else if (dl_strtonum(optarg, CLI_READ_WIDTH_MIN,
		    CLI_READ_WIDTH_MAX, width) == -1)
			return cli_usage_error(cx, "--width: '%s' is not a "
			    "number from %d to %d", optarg, CLI_READ_WIDTH_MIN,
			    CLI_READ_WIDTH_MAX);
	}
	return 0;
}

int
cli_cmd_read(struct cli_ctx *cx)
{
	struct cli_story	 s;
	struct store		*st;
	int64_t			 id = 0;
	long			 width = 0;
	int			 full = 0, rc;

	if ((rc = cli_read_opts(cx, &full, &width)) != 0 ||
	    (rc = cli_read_id(cx, &id)) != 0)
		return rc;
	if (width == 0)
		width = cli_read_default_width();
	if ((rc = cli_read_open(cx, id, &st)) != 0)
		return rc;
	if ((rc = cli_read_story(cx, st, id, full, &s)) == 0) {
		rc = cli_read_print(&s, (int)width);
		store_item_clear(&s.it);
	}
	store_close(st);
	return rc;
}

/* --- export-story: the document as Markdown -------------------------------- */

/* Markdown being written from one document. */
struct cli_md {
	struct dl_buf		 out;
	const struct html_doc	*doc;
	int			*num;	/* per doc URL: its [n], 0 if unused */
	size_t			*order;	/* doc URL of [1], [2], ... */
	int			 nrefs;
	char			 prefix[128];	/* quote marks and indent */
	int			 bol;	/* at the start of a line */
	int			 oneline; /* a heading: no line breaks */
};

/* Text that would start a block at the start of a line: "#", "- ",
 * "1." and the like; 0 or the offset of the character to escape. */
static int
cli_md_line_start(const char *s, size_t n, size_t *at)
{
	size_t	 i = 0;

	if (n > 0 && strchr("#+-=>", s[0]) != NULL) {
		*at = 0;
		return 1;
	}
	while (i < n && s[i] >= '0' && s[i] <= '9')
		i++;
	if (i > 0 && i < n && (s[i] == '.' || s[i] == ')')) {
		*at = i;
		return 1;
	}
	return 0;
}

/* Clean text (NUL-terminated) escaped for Markdown. */
static void
cli_md_escape(struct cli_md *m, const char *s)
{
	size_t	 i, at = 0, n = strlen(s);
	int	 lead = 0;

	if (m->bol) {
		while (*s == ' ')
			s++, n--;
		lead = cli_md_line_start(s, n, &at);
	}
	for (i = 0; i < n; i++) {
		if ((lead && i == at) || strchr("\\`*_[]<>", s[i]) != NULL)
			dl_buf_addc(&m->out, '\\');
		dl_buf_addc(&m->out, s[i]);
	}
	if (n > 0)
		m->bol = 0;
}

/* n bytes of a block's text: cleaned of control characters, escaped, a
 * "\n" (a <br>) turned into a hard line break, or a space in a heading. */
static void
cli_md_text(struct cli_md *m, const char *p, size_t n, int code)
{
	const char	*nl;
	char		*piece, *clean;
	size_t		 len;

	while (n > 0) {
		nl = memchr(p, '\n', n);
		len = nl != NULL ? (size_t)(nl - p) : n;
		piece = dl_strndup(p, len);
		clean = render_clean(piece);
		if (code)
			dl_buf_adds(&m->out, clean);
		else
			cli_md_escape(m, clean);
		free(piece);
		free(clean);
		if (nl == NULL)
			break;
		if (m->oneline || code)
			dl_buf_addc(&m->out, ' ');
		else {
			dl_buf_addf(&m->out, "\\\n%s", m->prefix);
			m->bol = 1;
		}
		p += len + 1;
		n -= len + 1;
	}
}

/* A code span: a fence of backticks longer than any run inside. */
static void
cli_md_code(struct cli_md *m, const char *p, size_t n)
{
	size_t	 i, run = 0, most = 0;
	int	 pad = n > 0 && (p[0] == '`' || p[n - 1] == '`');

	for (i = 0; i < n; i++) {
		run = p[i] == '`' ? run + 1 : 0;
		if (run > most)
			most = run;
	}
	for (i = 0; i <= most; i++)
		dl_buf_addc(&m->out, '`');
	if (pad)
		dl_buf_addc(&m->out, ' ');
	cli_md_text(m, p, n, 1);
	if (pad)
		dl_buf_addc(&m->out, ' ');
	for (i = 0; i <= most; i++)
		dl_buf_addc(&m->out, '`');
	m->bol = 0;
}

/* One styled run; emphasis markers hug the text (CommonMark wants no
 * space inside them), the spaces go outside. */
static void
cli_md_styled(struct cli_md *m, const char *p, size_t n, unsigned int flags)
{
	const char	*mark = (flags & HTML_BOLD) && (flags & HTML_ITALIC) ?
	    "***" : (flags & HTML_BOLD) ? "**" : (flags & HTML_ITALIC) ?
	    "*" : "";
	size_t		 lead = 0, trail = 0;

	while (lead < n && p[lead] == ' ')
		lead++;
	while (trail < n - lead && p[n - 1 - trail] == ' ')
		trail++;
	if (lead == n)
		mark = "";
	cli_md_text(m, p, lead, 0);
	if (flags & HTML_CODE)
		cli_md_code(m, p + lead, n - lead - trail);
	else {
		dl_buf_adds(&m->out, mark);
		cli_md_text(m, p + lead, n - lead - trail, 0);
		dl_buf_adds(&m->out, mark);
	}
	cli_md_text(m, p + n - trail, trail, 0);
}

/* The reference number of doc URL u, given in order of first use. */
static int
cli_md_ref(struct cli_md *m, int u)
{
	if (m->num[u] == 0) {
		m->order[m->nrefs] = (size_t)u;
		m->num[u] = ++m->nrefs;
	}
	return m->num[u];
}

/* The spans of a block; a link over several spans is one [text][n]. */
static void
cli_md_spans(struct cli_md *m, const struct html_block *b)
{
	const struct html_span	*sp;
	size_t			 i;
	int			 prev = -1, next;

	for (i = 0; i < b->nspans; i++) {
		sp = &b->spans[i];
		if (sp->url >= 0 && sp->url != prev) {
			/* "![" would open an image. */
			if (m->out.len > 0 && m->out.data[m->out.len - 1] ==
			    '!') {
				m->out.len--;
				dl_buf_adds(&m->out, "\\!");
			}
			dl_buf_addc(&m->out, '[');
			m->bol = 0;
		}
		cli_md_styled(m, b->text + sp->off, sp->len,
		    sp->flags & ~HTML_LINK);
		next = i + 1 < b->nspans ? b->spans[i + 1].url : -1;
		if (sp->url >= 0 && sp->url != next)
			dl_buf_addf(&m->out, "][%d]", cli_md_ref(m, sp->url));
		prev = sp->url;
	}
}

/* A preformatted block as an indented code block, line by line. */
static void
cli_md_pre(struct cli_md *m, const struct html_block *b)
{
	const char	*p = b->text, *nl;
	size_t		 n = b->len, len;

	while (n > 0) {
		nl = memchr(p, '\n', n);
		len = nl != NULL ? (size_t)(nl - p) : n;
		dl_buf_adds(&m->out, "    ");
		cli_md_text(m, p, len, 1);
		if (nl == NULL)
			break;
		dl_buf_addf(&m->out, "\n%s", m->prefix);
		p += len + 1;
		n -= len + 1;
	}
}

/* The quote marks and list indent of a block's lines into m->prefix;
 * the list marker (written on the first line only) into marker. */
static void
cli_md_prefix(struct cli_md *m, const struct html_block *b, char *marker,
    size_t size)
{
	int	 i, indent = b->list;
	size_t	 o = 0;

	m->prefix[0] = marker[0] = '\0';
	for (i = 0; i < b->quote && o + 3 < sizeof m->prefix; i++)
		o += (size_t)snprintf(m->prefix + o, sizeof m->prefix - o,
		    "> ");
	if (b->list > 0 && b->marker) {
		indent = b->list - 1;
		if (b->number > 0)
			snprintf(marker, size, "%d. ", b->number);
		else
			snprintf(marker, size, "- ");
	}
	for (i = 0; i < indent && o + 5 < sizeof m->prefix; i++)
		o += (size_t)snprintf(m->prefix + o, sizeof m->prefix - o,
		    "    ");
}

static void
cli_md_block(struct cli_md *m, const struct html_block *b,
    const struct html_block *prev)
{
	char	 marker[32];
	int	 level;

	cli_md_prefix(m, b, marker, sizeof marker);
	if (prev != NULL)
		dl_buf_adds(&m->out, prev->list > 0 && b->list > 0 &&
		    b->marker ? "\n" : "\n\n");
	dl_buf_adds(&m->out, m->prefix);
	dl_buf_adds(&m->out, marker);
	m->bol = 1;
	m->oneline = 0;
	switch (b->kind) {
	case HTML_HEADING:
		level = b->level < 2 ? 2 : b->level > 6 ? 6 : b->level;
		dl_buf_addf(&m->out, "%.*s ", level, "######");
		m->oneline = 1;
		m->bol = 0;
		cli_md_spans(m, b);
		break;
	case HTML_PRE:
		cli_md_pre(m, b);
		break;
	case HTML_IMAGE:
		dl_buf_adds(&m->out, "\\[image: ");
		m->bol = 0;
		cli_md_text(m, b->text, b->len, 0);
		dl_buf_adds(&m->out, "\\]");
		break;
	case HTML_RULE:
		dl_buf_adds(&m->out, "* * *");
		break;
	default:
		cli_md_spans(m, b);
	}
}

/* A URL for "<...>": cleaned, with the characters that would end it
 * (space, < and >) percent-encoded. */
static void
cli_md_url(struct dl_buf *b, const char *url)
{
	char	*c = render_clean(url), *p;

	for (p = c; *p != '\0'; p++) {
		if (*p == ' ' || *p == '<' || *p == '>')
			dl_buf_addf(b, "%%%02X", (unsigned char)*p);
		else
			dl_buf_addc(b, *p);
	}
	free(c);
}

/* The body of the story as Markdown, then its link list. */
static void
cli_md_body(struct dl_buf *out, const struct cli_story *s)
{
	struct cli_md	 m;
	size_t		 i;

	memset(&m, 0, sizeof m);
	m.out = *out;
	m.doc = cli_read_doc(s);
	m.num = dl_calloc(m.doc->nurls + 1, sizeof *m.num);
	m.order = dl_calloc(m.doc->nurls + 1, sizeof *m.order);
	for (i = 0; i < m.doc->nblocks; i++)
		cli_md_block(&m, &m.doc->blocks[i], i > 0 ?
		    &m.doc->blocks[i - 1] : NULL);
	dl_buf_adds(&m.out, "\n");
	if (m.nrefs > 0)
		dl_buf_adds(&m.out, "\n");
	for (i = 0; i < (size_t)m.nrefs; i++) {
		dl_buf_addf(&m.out, "[%zu]: <", i + 1);
		cli_md_url(&m.out, m.doc->urls[m.order[i]]);
		dl_buf_adds(&m.out, ">\n");
	}
	*out = m.out;
	free(m.num);
	free(m.order);
	html_doc_free((struct html_doc *)m.doc);
}

/* Plain text (may be NULL) cleaned and escaped, as one line. */
static void
cli_md_plain(struct dl_buf *out, const char *s)
{
	struct cli_md	 m;

	memset(&m, 0, sizeof m);
	m.out = *out;
	m.oneline = 1;
	if (s != NULL)
		cli_md_text(&m, s, strlen(s), 0);
	*out = m.out;
}

/* The whole story: title, byline and date, source, body, links. */
static char *
cli_md_story(const struct cli_story *s)
{
	struct dl_buf	 b;
	const char	*author = cli_read_author(&s->it);
	char		 date[64];

	dl_buf_init(&b, DL_BUF_CAP_DEFAULT);
	dl_buf_adds(&b, "# ");
	cli_md_plain(&b, s->it.title != NULL ? s->it.title : "(no title)");
	dl_buf_adds(&b, "\n\n");
	if (author != NULL && author[0] != '\0') {
		dl_buf_adds(&b, "By ");
		cli_md_plain(&b, author);
		dl_buf_adds(&b, " \xc2\xb7 ");
	}
	cli_md_plain(&b, s->it.feed_title != NULL ? s->it.feed_title :
	    s->it.feed_url);
	cli_read_date(&s->it, date, sizeof date);
	if (date[0] != '\0')
		dl_buf_addf(&b, " \xc2\xb7 %s", date);
	dl_buf_adds(&b, "\n\n");
	if (s->it.link != NULL) {
		dl_buf_adds(&b, "Source: <");
		cli_md_url(&b, s->it.link);
		dl_buf_adds(&b, ">\n\n");
	}
	cli_md_body(&b, s);
	return dl_buf_take(&b);
}

/* --- export-story: the file ------------------------------------------------ */

/* The code point at p (NUL-terminated) into *cp; its length, or 0 for an
 * invalid sequence. */
static size_t
cli_read_utf8(const unsigned char *p, uint32_t *cp)
{
	size_t	 n, i;

	if (*p < 0x80) {
		*cp = *p;
		return 1;
	}
	n = (*p & 0xe0) == 0xc0 ? 2 : (*p & 0xf0) == 0xe0 ? 3 :
	    (*p & 0xf8) == 0xf0 ? 4 : 0;
	if (n == 0)
		return 0;
	*cp = *p & (0x7f >> n);
	for (i = 1; i < n; i++) {
		if ((p[i] & 0xc0) != 0x80)
			return 0;
		*cp = (*cp << 6) | (p[i] & 0x3f);
	}
	if ((n == 2 && *cp < 0x80) || (n == 3 && *cp < 0x800) ||
	    (n == 4 && (*cp < 0x10000 || *cp > 0x10ffff)))
		return 0;
	return n;
}

/* Han, kana and Hangul letters: kept in a slug as they are. */
static int
cli_read_cjk(uint32_t cp)
{
	return (cp >= 0x1100 && cp <= 0x11ff) ||	/* Hangul Jamo */
	    (cp >= 0x3041 && cp <= 0x3096) ||		/* hiragana */
	    (cp >= 0x30a1 && cp <= 0x30fa) ||		/* katakana */
	    cp == 0x30fc ||				/* long vowel mark */
	    (cp >= 0x3131 && cp <= 0x318e) ||		/* compatibility Jamo */
	    (cp >= 0x3400 && cp <= 0x4dbf) ||		/* Han extension A */
	    (cp >= 0x4e00 && cp <= 0x9fff) ||		/* Han */
	    (cp >= 0xac00 && cp <= 0xd7a3) ||		/* Hangul syllables */
	    (cp >= 0xf900 && cp <= 0xfaff) ||		/* Han compatibility */
	    (cp >= 0xff66 && cp <= 0xff9d) ||		/* half-width kana */
	    (cp >= 0x20000 && cp <= 0x3134f);		/* Han extensions */
}

/* A file name stem from a title: ASCII letters (lower-cased) and digits
 * and CJK letters kept, every other run of characters one '-', none at
 * either end, at most CLI_READ_SLUG_MAX bytes (cut between characters);
 * "story-ID" when nothing is left. It can hold no '/' and no '.', so it
 * is never a path. Allocated. */
static char *
cli_read_slug(const char *title, int64_t id)
{
	const unsigned char	*p = (const unsigned char *)title;
	struct dl_buf		 b;
	uint32_t		 cp;
	size_t			 n, need;
	int			 dash = 0;

	dl_buf_init(&b, CLI_READ_SLUG_MAX + 1);
	for (; p != NULL && *p != '\0'; p += n) {
		if ((n = cli_read_utf8(p, &cp)) == 0) {
			n = 1;
			cp = ' ';
		}
		if (cp < 0x80 && ((cp | 0x20) - 'a' < 26 || cp - '0' < 10))
			need = 1;
		else if (cli_read_cjk(cp))
			need = n;
		else {
			dash = b.len > 0;
			continue;
		}
		if (b.len + (size_t)dash + need > CLI_READ_SLUG_MAX)
			break;
		if (dash)
			dl_buf_addc(&b, '-');
		dash = 0;
		if (need == 1)
			dl_buf_addc(&b, (char)(cp >= 'A' && cp <= 'Z' ?
			    cp + 32 : cp));
		else
			dl_buf_add(&b, p, n);
	}
	if (b.len == 0)
		dl_buf_addf(&b, "story-%" PRId64, id);
	return dl_buf_take(&b);
}

/* A temporary file next to path, holding text; its name in *tmp. 0, or
 * -1 with err set (nothing left behind). */
static int
cli_read_write_tmp(const char *path, const char *text, char **tmp,
    struct dl_err *err)
{
	const char	*slash = strrchr(path, '/');
	size_t		 len = strlen(text), off = 0;
	ssize_t		 w;
	mode_t		 um;
	int		 fd;

	*tmp = slash == NULL ? dl_strdup(".dateline-story-XXXXXX") :
	    dl_printf("%.*s/.dateline-story-XXXXXX", (int)(slash - path),
	    path);
	if ((fd = mkstemp(*tmp)) == -1) {
		dl_err_set(err, "%s: %s", *tmp, strerror(errno));
		return -1;
	}
	um = umask(022);
	umask(um);
	while (off < len && (w = write(fd, text + off, len - off)) > 0)
		off += (size_t)w;
	if (off < len || fchmod(fd, 0666 & ~um) == -1 || fsync(fd) == -1) {
		dl_err_set(err, "%s: %s", *tmp, strerror(errno));
		close(fd);
		unlink(*tmp);
		return -1;
	}
	if (close(fd) == -1) {
		dl_err_set(err, "%s: %s", *tmp, strerror(errno));
		unlink(*tmp);
		return -1;
	}
	return 0;
}

/* Give tmp the name "stem.md", else "stem-2.md", "stem-3.md" ...: never
 * over an existing file (link fails with EEXIST; where the file system
 * has no hard links, a check then rename). The name in *name. */
static int
cli_read_place_new(const char *tmp, const char *stem, char **name,
    struct dl_err *err)
{
	int	 k;

	for (k = 1; k <= CLI_READ_SUFFIX_MAX; k++) {
		*name = k == 1 ? dl_printf("%s.md", stem) :
		    dl_printf("%s-%d.md", stem, k);
		if (link(tmp, *name) == 0)
			return 0;
		if (errno != EEXIST && errno != EPERM && errno != ENOTSUP &&
		    errno != EOPNOTSUPP) {
			dl_err_set(err, "%s: %s", *name, strerror(errno));
			break;
		}
		if (errno != EEXIST && access(*name, F_OK) == -1) {
			if (rename(tmp, *name) == 0)
				return 0;
			dl_err_set(err, "%s: %s", *name, strerror(errno));
			break;
		}
		free(*name);
		*name = NULL;
	}
	if (k > CLI_READ_SUFFIX_MAX)
		dl_err_set(err, "%s.md: %d files of that name exist already",
		    stem, CLI_READ_SUFFIX_MAX);
	free(*name);
	*name = NULL;
	return -1;
}

/* Write text to path (replaced atomically), or with path NULL to a new
 * "stem.md" in the current folder. *written gets the name. 0 or -1. */
static int
cli_read_save(const char *path, const char *stem, const char *text,
    char **written, struct dl_err *err)
{
	char	*tmp = NULL;
	int	 rc = -1;

	*written = NULL;
	if (cli_read_write_tmp(path != NULL ? path : "x", text, &tmp,
	    err) == -1)
		goto out;
	if (path == NULL)
		rc = cli_read_place_new(tmp, stem, written, err);
	else if (rename(tmp, path) == -1)
		dl_err_set(err, "%s: %s", path, strerror(errno));
	else {
		*written = dl_strdup(path);
		rc = 0;
	}
	unlink(tmp);	/* still there after link(), or a failure */
out:
	free(tmp);
	return rc;
}

int
cli_cmd_export_story(struct cli_ctx *cx)
{
	static const struct option opts[] = {
		{ "output", required_argument, NULL, 'o' },
		{ NULL, 0, NULL, 0 }
	};
	struct cli_story	 s;
	struct store		*st;
	struct dl_err		 err = { "" };
	const char		*out = NULL;
	char			*md, *stem, *written;
	int64_t			 id = 0;
	int			 c, rc;

	while ((c = cli_getopt(cx, "o:", opts)) != -1) {
		if (c != 'o')
			return CLI_USAGE;
		out = optarg;
	}
	if ((rc = cli_read_id(cx, &id)) != 0)
		return rc;
	if (out != NULL && out[0] == '\0')
		return cli_usage_error(cx, "-o: an empty file name");
	if ((rc = cli_read_open(cx, id, &st)) != 0)
		return rc;
	if ((rc = cli_read_story(cx, st, id, 0, &s)) == 0) {
		md = cli_md_story(&s);
		stem = cli_read_slug(s.it.title, id);
		if (cli_read_save(out, stem, md, &written, &err) == -1) {
			fprintf(stderr, "dateline %s: %s\n", cx->argv[0],
			    err.msg);
			rc = CLI_FAIL;
		} else
			printf("%s\n", written);
		free(md);
		free(stem);
		free(written);
		store_item_clear(&s.it);
	}
	store_close(st);
	return rc;
}
