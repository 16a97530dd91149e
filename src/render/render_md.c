/* render_md.c: a story as CommonMark (GFM tables, links as numbered
 * references, every piece of text cleaned as by render_clean and escaped)
 * and a safe file name stem for it. */
#include "config.h"

#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dl.h"
#include "html.h"
#include "render.h"
#include "render/render_int.h"

/* Markdown being written from one document. */
struct render_md {
	struct dl_buf		 out;
	const struct html_doc	*doc;
	int			*num;	/* per doc URL: its [n], 0 if unused */
	size_t			*order;	/* doc URL of [1], [2], ... */
	int			 nrefs;
	char			 prefix[128];	/* quote marks and indent */
	int			 bol;	/* at the start of a line */
	int			 oneline; /* a heading: no line breaks */
	int			 cell;	/* in a table cell: escape '|' */
};

/* Text that would start a block at the start of a line: "#", "- ",
 * "1." and the like; 0 or the offset of the character to escape. */
static int
render_md_line_start(const char *s, size_t n, size_t *at)
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
render_md_escape(struct render_md *m, const char *s)
{
	size_t	 i, at = 0, n = strlen(s);
	int	 lead = 0;

	if (m->bol) {
		while (*s == ' ')
			s++, n--;
		lead = render_md_line_start(s, n, &at);
	}
	for (i = 0; i < n; i++) {
		if ((lead && i == at) || strchr("\\`*_[]<>", s[i]) != NULL ||
		    (m->cell && s[i] == '|'))
			dl_buf_addc(&m->out, '\\');
		dl_buf_addc(&m->out, s[i]);
	}
	if (n > 0)
		m->bol = 0;
}

/* n bytes of a block's text: cleaned of control characters, escaped, a
 * "\n" (a <br>) turned into a hard line break, or a space in a heading. */
static void
render_md_text(struct render_md *m, const char *p, size_t n, int code)
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
			render_md_escape(m, clean);
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
render_md_code(struct render_md *m, const char *p, size_t n)
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
	render_md_text(m, p, n, 1);
	if (pad)
		dl_buf_addc(&m->out, ' ');
	for (i = 0; i <= most; i++)
		dl_buf_addc(&m->out, '`');
	m->bol = 0;
}

/* One styled run; emphasis markers hug the text (CommonMark wants no
 * space inside them), the spaces go outside. */
static void
render_md_styled(struct render_md *m, const char *p, size_t n, unsigned int flags)
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
	render_md_text(m, p, lead, 0);
	if (flags & HTML_CODE)
		render_md_code(m, p + lead, n - lead - trail);
	else {
		dl_buf_adds(&m->out, mark);
		render_md_text(m, p + lead, n - lead - trail, 0);
		dl_buf_adds(&m->out, mark);
	}
	render_md_text(m, p + n - trail, trail, 0);
}

/* The reference number of doc URL u, given in order of first use. */
static int
render_md_ref(struct render_md *m, int u)
{
	if (m->num[u] == 0) {
		m->order[m->nrefs] = (size_t)u;
		m->num[u] = ++m->nrefs;
	}
	return m->num[u];
}

/* The spans of a block; a link over several spans is one [text][n]. */
static void
render_md_spans(struct render_md *m, const struct html_block *b)
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
		render_md_styled(m, b->text + sp->off, sp->len,
		    sp->flags & ~HTML_LINK);
		next = i + 1 < b->nspans ? b->spans[i + 1].url : -1;
		if (sp->url >= 0 && sp->url != next)
			dl_buf_addf(&m->out, "][%d]", render_md_ref(m, sp->url));
		prev = sp->url;
	}
}

/* A preformatted block as an indented code block, line by line. */
static void
render_md_pre(struct render_md *m, const struct html_block *b)
{
	const char	*p = b->text, *nl;
	size_t		 n = b->len, len;

	while (n > 0) {
		nl = memchr(p, '\n', n);
		len = nl != NULL ? (size_t)(nl - p) : n;
		dl_buf_adds(&m->out, "    ");
		render_md_text(m, p, len, 1);
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
render_md_prefix(struct render_md *m, const struct html_block *b, char *marker,
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
render_md_block(struct render_md *m, const struct html_block *b,
    const struct html_block *prev)
{
	char	 marker[32];
	int	 level;

	render_md_prefix(m, b, marker, sizeof marker);
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
		render_md_spans(m, b);
		break;
	case HTML_PRE:
		render_md_pre(m, b);
		break;
	case HTML_IMAGE:
		dl_buf_adds(&m->out, "\\[image: ");
		m->bol = 0;
		render_md_text(m, b->text, b->len, 0);
		dl_buf_adds(&m->out, "\\]");
		break;
	case HTML_RULE:
		dl_buf_adds(&m->out, "* * *");
		break;
	default:
		render_md_spans(m, b);
	}
}

/* Cell [a, e) of row b as a block of its own, its spans clipped to it
 * (the caller frees cell->spans). */
static void
render_md_cell_block(const struct html_block *b, size_t a, size_t e,
    struct html_block *cell)
{
	size_t	 i, s, t;

	*cell = *b;
	cell->text = b->text + a;
	cell->len = e - a;
	cell->spans = dl_reallocarray(NULL, b->nspans + 1,
	    sizeof *cell->spans);
	cell->nspans = 0;
	for (i = 0; i < b->nspans; i++) {
		s = b->spans[i].off > a ? b->spans[i].off : a;
		t = b->spans[i].off + b->spans[i].len;
		if (t > e)
			t = e;
		if (s >= t)
			continue;
		cell->spans[cell->nspans] = b->spans[i];
		cell->spans[cell->nspans].off = s - a;
		cell->spans[cell->nspans++].len = t - s;
	}
}

/* One table row as "| a | b |", padded with empty cells to ncols. */
static void
render_md_row(struct render_md *m, const struct html_block *b, size_t ncols)
{
	struct html_block	 cell;
	size_t			 start[RENDER_TABLE_COLS], end[RENDER_TABLE_COLS];
	size_t			 k, nc;

	nc = render_row_cells(b->text, b->len, start, end);
	m->oneline = m->cell = 1;
	m->bol = 0;
	dl_buf_adds(&m->out, "|");
	for (k = 0; k < ncols; k++) {
		dl_buf_adds(&m->out, " ");
		if (k < nc) {
			render_md_cell_block(b, start[k], end[k], &cell);
			render_md_spans(m, &cell);
			free(cell.spans);
		}
		dl_buf_adds(&m->out, " |");
	}
	m->oneline = m->cell = 0;
}

/* The cells of a row; 0 if all are empty, RENDER_TABLE_COLS + 1 if too
 * many. */
static size_t
render_md_ncells(const struct html_block *b)
{
	size_t	 start[RENDER_TABLE_COLS], end[RENDER_TABLE_COLS];

	return render_row_cells(b->text, b->len, start, end);
}

/* The table whose first row is block i of the document, as a GFM table:
 * the first row is the header, then "| --- |" per column. Returns the
 * number of rows. */
static size_t
render_md_table(struct render_md *m, size_t i, const struct html_block *prev)
{
	const struct html_block	*rows = &m->doc->blocks[i];
	size_t			 n = 1, k, c, ncols = render_md_ncells(rows);
	char			 marker[32];

	while (i + n < m->doc->nblocks && rows[n].kind == HTML_ROW &&
	    rows[n].quote == rows[0].quote && rows[n].list == rows[0].list) {
		if (render_md_ncells(&rows[n]) > ncols)
			ncols = render_md_ncells(&rows[n]);
		n++;
	}
	if (ncols > RENDER_TABLE_COLS || ncols == 0) {
		/* Too wide for a table (or empty): row after row. */
		for (k = 0; k < n; k++)
			render_md_block(m, &rows[k], k > 0 ? &rows[k - 1] :
			    prev);
		return n;
	}
	render_md_prefix(m, rows, marker, sizeof marker);
	if (prev != NULL)
		dl_buf_adds(&m->out, "\n\n");
	for (k = 0; k < n; k++) {
		if (k > 0 && render_md_ncells(&rows[k]) == 0)
			continue;	/* a row of empty cells */
		dl_buf_addf(&m->out, "%s%s%s", k > 0 ? "\n" : "", m->prefix,
		    k == 0 ? marker : "");
		render_md_row(m, &rows[k], ncols);
		if (k > 0)
			continue;
		dl_buf_addf(&m->out, "\n%s|", m->prefix);
		for (c = 0; c < ncols; c++)
			dl_buf_adds(&m->out, " --- |");
	}
	return n;
}

/* A URL for "<...>": cleaned, with the characters that would end it
 * (space, < and >) percent-encoded. */
static void
render_md_url(struct dl_buf *b, const char *url)
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

/* The story's document. A leading heading that repeats the title (pages
 * often put their headline inside the article) is dropped: the header
 * shows the title already. The caller frees it (html_doc_free). */
static struct html_doc *
render_md_doc(const char *title, const char *html, const char *base)
{
	struct html_doc		*doc;

	doc = html_doc_parse(html, html != NULL ? strlen(html) : 0, base);
	html_doc_drop_title(doc, title);
	return doc;
}

/* The body of the story as Markdown, then its link list. */
static void
render_md_body(struct dl_buf *out, const struct render_md_head *h,
    const char *html, const char *base)
{
	struct render_md	 m;
	size_t		 i;

	memset(&m, 0, sizeof m);
	m.out = *out;
	m.doc = render_md_doc(h->title, html, base);
	m.num = dl_calloc(m.doc->nurls + 1, sizeof *m.num);
	m.order = dl_calloc(m.doc->nurls + 1, sizeof *m.order);
	for (i = 0; i < m.doc->nblocks; i++) {
		if (m.doc->blocks[i].kind == HTML_ROW)
			i += render_md_table(&m, i, i > 0 ?
			    &m.doc->blocks[i - 1] : NULL) - 1;
		else
			render_md_block(&m, &m.doc->blocks[i], i > 0 ?
			    &m.doc->blocks[i - 1] : NULL);
	}
	dl_buf_adds(&m.out, "\n");
	if (m.nrefs > 0)
		dl_buf_adds(&m.out, "\n");
	for (i = 0; i < (size_t)m.nrefs; i++) {
		dl_buf_addf(&m.out, "[%zu]: <", i + 1);
		render_md_url(&m.out, m.doc->urls[m.order[i]]);
		dl_buf_adds(&m.out, ">\n");
	}
	*out = m.out;
	free(m.num);
	free(m.order);
	html_doc_free((struct html_doc *)m.doc);
}

/* Plain text (may be NULL) cleaned and escaped, as one line. */
static void
render_md_plain(struct dl_buf *out, const char *s)
{
	struct render_md	 m;

	memset(&m, 0, sizeof m);
	m.out = *out;
	m.oneline = 1;
	if (s != NULL)
		render_md_text(&m, s, strlen(s), 0);
	*out = m.out;
}

/* The header: title, byline and date, source. */
static void
render_md_header(struct dl_buf *b, const struct render_md_head *h)
{
	dl_buf_adds(b, "# ");
	render_md_plain(b, h->title != NULL ? h->title : "(no title)");
	dl_buf_adds(b, "\n\n");
	if (h->author != NULL && h->author[0] != '\0') {
		dl_buf_adds(b, "By ");
		render_md_plain(b, h->author);
		dl_buf_adds(b, " \xc2\xb7 ");
	}
	render_md_plain(b, h->feed);
	if (h->date != NULL && h->date[0] != '\0')
		dl_buf_addf(b, " \xc2\xb7 %s", h->date);
	dl_buf_adds(b, "\n\n");
	if (h->link != NULL) {
		dl_buf_adds(b, "Source: <");
		render_md_url(b, h->link);
		dl_buf_adds(b, ">\n\n");
	}
}

char *
render_markdown(const struct render_md_head *h, const char *html,
    const char *base)
{
	struct dl_buf	 b;

	dl_buf_init(&b, DL_BUF_CAP_DEFAULT);
	render_md_header(&b, h);
	render_md_body(&b, h, html, base);
	return dl_buf_take(&b);
}

/* --- File names ------------------------------------------------------------ */

/* Most bytes of a slug, before ".md". */
#define RENDER_SLUG_MAX	80

/* A file name stem from a title: ASCII letters (lower-cased) and digits
 * and CJK letters kept, every other run of characters one '-', none at
 * either end, at most RENDER_SLUG_MAX bytes (cut between characters);
 * "story-ID" when nothing is left. It can hold no '/' and no '.', so it
 * is never a path. Allocated. */
char *
render_slug(const char *title, int64_t id)
{
	struct dl_buf	 b;
	uint32_t	 cp;
	size_t		 i, n, need, len;
	int		 dash = 0;

	dl_buf_init(&b, RENDER_SLUG_MAX + 1);
	len = title != NULL ? strlen(title) : 0;
	for (i = 0; i < len; i += n) {
		/* A malformed byte is U+FFFD: a separator. */
		n = dl_utf8_decode(title + i, len - i, &cp);
		if (cp < 0x80 && ((cp | 0x20) - 'a' < 26 || cp - '0' < 10))
			need = 1;
		else if (dl_cp_cjk(cp) != DL_CJK_NONE)
			need = n;
		else {
			dash = b.len > 0;
			continue;
		}
		if (b.len + (size_t)dash + need > RENDER_SLUG_MAX)
			break;
		if (dash)
			dl_buf_addc(&b, '-');
		dash = 0;
		if (need == 1)
			dl_buf_addc(&b, (char)(cp >= 'A' && cp <= 'Z' ?
			    cp + 32 : cp));
		else
			dl_buf_add(&b, title + i, n);
	}
	if (b.len == 0)
		dl_buf_addf(&b, "story-%" PRId64, id);
	return dl_buf_take(&b);
}
