/* feed_xml.c: the streaming RSS 0.90/0.91/0.92/1.0/2.0 and Atom 0.3/1.0
 * reader on expat: a repair filter in front of expat, prefix and xml:base
 * tracking, and the element table that maps elements to fields.
 *
 * "item" is an RSS <item>, an RDF <item> (beside the channel) or an Atom
 * <entry>; "feed" is the RSS <channel> or the Atom <feed>.
 *   item.title       title, atom:title (type text|html|xhtml), plain text
 *   item.link        link (text); else atom:link rel=alternate (no rel means
 *                    alternate; the first type=text/html one wins); else a
 *                    guid that is a permalink
 *   item.id          guid, atom:id; else rdf:about on the item
 *   item.author      author (RSS "mail (Name)" gives Name), dc:creator,
 *                    atom:author/name (atom:author/email when no name)
 *   item.published   pubDate, dc:date, published, issued, created,
 *                    dcterms:created, dcterms:issued (first readable)
 *   item.updated     updated, modified, dcterms:modified
 *   item.summary     description, atom:summary
 *   item.content     content:encoded, atom:content (type text|html|xhtml
 *                    and MIME types; Atom 0.3 mode=xml|escaped|base64)
 *   item.categories  category, dc:subject, atom:category @label else @term
 *   item.enclosures  enclosure, atom:link rel=enclosure, media:content
 *                    (also inside media:group), deduplicated by URL
 *   info.title       feed title; info.link: feed link / atom:link alternate
 *   info.description description, subtitle, tagline (plain text)
 *   info.language    language, dc:language; else xml:lang on the root/feed
 *   info.updated     lastBuildDate, pubDate, updated, modified, dc:date
 *                    (the latest of them)
 * image, textinput and atom:source subtrees are skipped. Summary and
 * content are HTML: kept as is when typed html/xhtml or when they look like
 * HTML, else escaped. Links are resolved against xml:base, then base_url.
 *
 * Expat reads every byte of the document: it gets UTF-8 (feed.c converts
 * other encodings) after a filter (feed_xml_filter.c) that makes only the
 * repairs expat cannot: it replaces invalid UTF-8 with U+FFFD, drops junk
 * before the root and the XML declaration (whose encoding feed.c has
 * already applied), characters illegal in XML 1.0 and references to
 * them, and escapes a bare '&', in one scan that knows comments, CDATA
 * sections and processing instructions (it repairs neither). HTML named
 * entities of feed_entities.c become numeric references there, so expat
 * needs no DTD; undefined ones are kept as literal text. Namespace
 * processing is off: prefixes are resolved here, falling back to the
 * usual prefixes when a feed does not declare them.
 *
 * From an item on, while expat can read the bytes as they are, they go to
 * it without the filter (feed_xml_raw.c), and are read again through the
 * filter from the last safe point where it cannot.
 *
 * A fatal error does not end the reading: feed_xml_resume.c skips to the
 * next item's start tag and goes on with a new parser there.
 *
 * This file holds the reader's state, the parser and the interface to
 * feed.c; the parts are in feed_xml_ns.c (namespaces, xml:base, the
 * element table), feed_xml_handlers.c, feed_xml_filter.c and
 * feed_xml_raw.c and feed_xml_resume.c. */
#include "config.h"

#include <expat.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "feed_xml_int.h"

const char *
feed_xml_attr(const XML_Char **atts, const char *name)
{
	for (; atts[0] != NULL; atts += 2)
		if (strcmp(atts[0], name) == 0)
			return atts[1];
	return NULL;
}

int
feed_xml_streq(const char *a, const char *b)
{
	return a != NULL && strcmp(a, b) == 0;
}

/* The position expat is at, in the original document. */
void
feed_xml_pos(struct feed_xml *x, unsigned long *line, unsigned long *col)
{
	unsigned long	 l = XML_GetCurrentLineNumber(x->xp);
	unsigned long	 c = XML_GetCurrentColumnNumber(x->xp);

	if (x->resumed) {	/* a parser started after an error */
		*line = x->res_line + l - 1;
		*col = (l == 1 ? x->res_col + c - x->prime_cols : c) + 1;
		return;
	}
	*line = l + x->skip_lines;
	*col = c + 1;
}

void
feed_xml_warn_at(struct feed_xml *x, unsigned long line, unsigned long col,
    const char *reason)
{
	if (x->have_warn)
		return;
	x->have_warn = 1;
	dl_err_set(&x->warn, "%lu:%lu: %s", line, col, reason);
}

/* The parser has read up to offset read (-1: it is being given up):
 * the filter's waiting warning is kept if its byte comes before (a byte
 * the filter dropped sits just before the byte now at x->fw_at, so it
 * comes before read == x->fw_at too, unless strict: read is the end of
 * the root), or dropped when the parser goes. */
void
feed_xml_warn_settle(struct feed_xml *x, long long read, int strict)
{
	if (!x->fw_pending || (read >= 0 && (read < x->fw_at ||
	    (strict && read == x->fw_at))))
		return;
	x->fw_pending = 0;
	if (read >= 0 && !x->have_warn) {
		x->have_warn = 1;
		x->warn = x->fw_msg;
	}
}

/* A warning at expat's current position (inside a handler). */
void
feed_xml_warn(struct feed_xml *x, const char *reason)
{
	unsigned long	 line, col;

	feed_xml_warn_settle(x, XML_GetCurrentByteIndex(x->xp), 0);
	if (x->have_warn)
		return;
	feed_xml_pos(x, &line, &col);
	feed_xml_warn_at(x, line, col, reason);
}

/* Characters (not continuation bytes) in s[0..n): expat's columns. */
unsigned long
feed_xml_chars(const char *s, size_t n)
{
	unsigned long	 c = 0;
	size_t		 i;

	for (i = 0; i < n; i++)
		c += ((unsigned char)s[i] & 0xC0) != 0x80;
	return c;
}

/* Move a position (line, 0-based column in characters) over s[0..n) as
 * expat counts them: CR, LF and CRLF each end a line, so that our
 * positions and expat's agree. *cr says the byte before s was a CR (an
 * LF first then ends no line) and is set for the next call. */
void
feed_xml_advance(const char *s, size_t n, unsigned long *line,
    unsigned long *col, int *cr)
{
	const char	*p = s, *end = s + n, *nl;

	if (*cr && p < end && *p == '\n')
		p++;
	*cr = 0;
	if (memchr(p, '\r', (size_t)(end - p)) == NULL) {
		if ((nl = memrchr(p, '\n', (size_t)(end - p))) != NULL) {
			*line += feed_xml_count_lines(p, (size_t)(nl - p) + 1);
			*col = 0;
			p = nl + 1;
		}
		*col += feed_xml_chars(p, (size_t)(end - p));
		return;
	}
	for (; p < end; p++) {
		if (*p == '\r' || *p == '\n') {
			(*line)++;
			*col = 0;
			if (*p == '\r' && p + 1 == end)
				*cr = 1;
			else if (*p == '\r' && p[1] == '\n')
				p++;
		} else if (((unsigned char)*p & 0xC0) != 0x80)
			(*col)++;
	}
}

/* Lines and column of the next chunk's start, for warnings. */
void
feed_xml_lines_advance(struct feed_xml *x, const char *s, size_t n)
{
	feed_xml_advance(s, n, &x->in_line, &x->in_col, &x->in_cr);
}

/* 1 if code is what expat says of a document that ends too soon. */
static int
feed_xml_cut_off(enum XML_Error code)
{
	return code == XML_ERROR_NO_ELEMENTS ||
	    code == XML_ERROR_UNCLOSED_TOKEN ||
	    code == XML_ERROR_PARTIAL_CHAR ||
	    code == XML_ERROR_UNCLOSED_CDATA_SECTION;
}

/* Record the parser's error (the first one only); suffix says what the
 * reading does about it. */
void
feed_xml_expat_error(struct feed_xml *x, int final, const char *suffix)
{
	enum XML_Error	 code = XML_GetErrorCode(x->xp);
	const char	*reason = XML_ErrorString(code);
	unsigned long	 line, col;

	if (x->fatal || x->have_err)
		return;	/* "not a feed", or an item skipped before */
	if (final && x->depth > 0 && feed_xml_cut_off(code))
		reason = "document cut off";
	else if (final && x->depth == 0 && code == XML_ERROR_NO_ELEMENTS)
		reason = "no root element";
	feed_xml_pos(x, &line, &col);
	dl_err_set(&x->err, "%lu:%lu: %s%s", line, col, reason, suffix);
	x->have_err = 1;
}

/* Give s[0..n) to expat, a piece at a time, or to the search for the
 * next item after an error; final: the document ends (after s). Returns
 * 0, or -1 once the reading has stopped. When x->raw, the caller has
 * set x->call_abs: where s is in the input. */
int
feed_xml_parse(struct feed_xml *x, const char *s, size_t n, int final)
{
	size_t	 k;

	x->call_s = s;
	x->call_end = s + n;
	x->call_fed = x->fed;
	while (n > 0 && !x->root_done) {
		if (x->syncing)
			k = feed_xml_resume_skip(x, s, n);
		else {
			k = n < FEED_XML_PIECE ? n : FEED_XML_PIECE;
			if (XML_Parse(x->xp, s, (int)k, 0) == XML_STATUS_ERROR
			    && !x->root_done) {
				if (x->switch_at >= 0 ||
				    (x->raw && feed_xml_raw_can_back(x)))
					return feed_xml_raw_error(x, final);
				if (feed_xml_resume(x) < 0) {
					x->dead = 1;
					return -1;
				}
			} else {
				x->fed += (long long)k;
				if (x->fw_pending && !x->root_done)
					feed_xml_warn_settle(x,
					    XML_GetCurrentByteIndex(x->xp), 0);
			}
		}
		s += k;
		n -= k;
	}
	if (x->raw && !x->root_done)
		feed_xml_raw_keep(x);
	if (!final || x->root_done)
		return 0;
	if (x->syncing) {
		x->dead = 1;	/* whatever happens now, the reading is over */
		return -1;	/* no item after the damage */
	}
	for (;;) {
		if (XML_Parse(x->xp, "", 0, 1) != XML_STATUS_ERROR ||
		    x->root_done) {
			x->dead = 1;
			return 0;
		}
		if (x->raw && feed_xml_raw_can_back(x))
			return feed_xml_raw_error(x, final);
		/* An error more bytes would not have cured was found only
		 * now because expat put off reading a token cut by the end
		 * of a piece (its reparse deferral): read on as after any
		 * error, so that how the bytes came changes nothing. */
		if (feed_xml_cut_off(XML_GetErrorCode(x->xp)) ||
		    feed_xml_resume(x) < 0) {
			x->dead = 1;
			feed_xml_expat_error(x, 1, "");
			return -1;
		}
		if (x->syncing) {
			x->dead = 1;
			return -1;	/* no item after the damage */
		}
	}
}

/* ------------------------------------------------------------------ */
/* The interface to feed.c. */

/* A parser with the empty foreign DTD that keeps undeclared entities as
 * text (see feed_xml_extref); raw: one with no DTD at all, for which an
 * undeclared entity is an error (feed_xml_raw.c). */
XML_Parser
feed_xml_expat_new(struct feed_xml *x, int raw)
{
	/* "UTF-8" overrides the declaration: feed.c has converted. */
	XML_Parser	 xp = XML_ParserCreate("UTF-8");

	if (xp == NULL) {
		fprintf(stderr, "dateline: out of memory (expat)\n");
		abort();
	}
	XML_SetUserData(xp, x);
	if (raw) {
		XML_SetElementHandler(xp, feed_xml_resume_start,
		    feed_xml_raw_end);
		return xp;
	}
	XML_SetElementHandler(xp, feed_xml_resume_start, feed_xml_end);
	XML_SetStartDoctypeDeclHandler(xp, feed_xml_doctype);
	XML_SetSkippedEntityHandler(xp, feed_xml_skipped);
	XML_SetExternalEntityRefHandler(xp, feed_xml_extref);
	XML_UseForeignDTD(xp, XML_TRUE);
	XML_SetParamEntityParsing(xp, XML_PARAM_ENTITY_PARSING_ALWAYS);
	return xp;
}

struct feed_xml *
feed_xml_new(const struct feed_callbacks *cb, void *ctx,
    const char *base_url, struct feed_info *info, size_t *count)
{
	struct feed_xml	*x = dl_calloc(1, sizeof *x);

	x->cb = cb;
	x->ctx = ctx;
	x->base_url = base_url;
	x->info = info;
	x->count = count;
	x->family = FEED_XML_NS_RSS;
	x->in_line = 1;
	dl_buf_init(&x->text, FEED_FIELD_MAX);
	dl_buf_init(&x->fout, DL_BUF_CAP_DEFAULT);
	dl_buf_init(&x->scratch, DL_BUF_CAP_DEFAULT);
	dl_buf_init(&x->keep, DL_BUF_CAP_DEFAULT);
	x->f_abs = x->switch_at = -1;
	feed_item_clear(&x->item);
	x->xp = feed_xml_expat_new(x, 0);
	return x;
}

void
feed_xml_free(struct feed_xml *x)
{
	if (x == NULL)
		return;
	if (x->xp != NULL)
		XML_ParserFree(x->xp);
	x->depth = 0;
	feed_xml_scope_pop(x);
	free(x->ns);
	free(x->bases);
	feed_item_clear(&x->item);
	free(x->author_name);
	free(x->author_email);
	feed_xml_weak_clear(x, 1);
	dl_buf_clear(&x->text);
	dl_buf_clear(&x->fout);
	dl_buf_clear(&x->scratch);
	dl_buf_clear(&x->keep);
	free(x);
}

void
feed_xml_set_raw(struct feed_xml *x, int on)
{
	x->raw_off = !on;
}

int
feed_xml_raw_used(const struct feed_xml *x)
{
	return x->raw_used;
}

/* The filter on s[0..n), at input offset abs (-1: not the input). */
static int
feed_xml_filter_at(struct feed_xml *x, const char *s, size_t n,
    long long abs)
{
	x->f_abs = abs;
	return feed_xml_filter(x, s, n, 0);
}

static int
feed_xml_feed_in(struct feed_xml *x, const char *s, size_t n)
{
	char	 head[2 * FEED_XML_CARRY_MAX];
	size_t	 k, old = x->ncarry;

	if (x->raw) {
		x->call_abs = x->in_total;
		return feed_xml_parse(x, s, n, 0);
	}
	if (old == 0)
		return feed_xml_filter_at(x, s, n, x->in_total);
	/* what the last chunk left (a reference, a UTF-8 sequence cut at
	 * its end) is read with the start of this one, not with all of
	 * it: the filter's lookahead is shorter than FEED_XML_CARRY_MAX */
	k = n < FEED_XML_CARRY_MAX ? n : FEED_XML_CARRY_MAX;
	memcpy(head, x->carry, old);
	memcpy(head + old, s, k);
	x->ncarry = 0;
	if (feed_xml_filter_at(x, head, old + k, -1) < 0)
		return -1;
	if (k == n)
		return 0;
	if (x->raw)
		abort();	/* our bug: no raw reading from a copy */
	if (x->ncarry > k)
		abort();	/* our bug: the lookahead is bounded */
	k -= x->ncarry;	/* the bytes of s the filter took */
	x->ncarry = 0;
	return feed_xml_filter_at(x, s + k, n - k, x->in_total + (long long)k);
}

/* Feed n bytes of UTF-8. Returns 0, or -1 once expat has given up. */
int
feed_xml_feed(struct feed_xml *x, const char *s, size_t n)
{
	int	 r;

	if (x->dead)
		return -1;
	if (x->root_done || n == 0)
		return 0;
	r = feed_xml_feed_in(x, s, n);
	x->in_total += (long long)n;
	return r;
}

static int
feed_xml_info_any(const struct feed_info *fi)
{
	return fi->title != NULL || fi->link != NULL ||
	    fi->description != NULL || fi->language != NULL ||
	    fi->updated != DATE_NONE;
}

/* End of the document. warning (may be NULL) comes from feed.c (the
 * encoding) and wins over our own repairs. */
enum feed_result
feed_xml_finish(struct feed_xml *x, const char *warning, struct dl_err *err)
{
	enum feed_result r = FEED_OK;

	if (!x->dead && !x->root_done && x->raw) {
		x->call_abs = x->in_total;
		feed_xml_parse(x, "", 0, 1);
	} else if (!x->dead && !x->root_done) {
		dl_buf_reset(&x->scratch);
		dl_buf_add(&x->scratch, x->carry, x->ncarry);
		x->ncarry = 0;
		x->f_abs = -1;
		feed_xml_filter(x, dl_buf_str(&x->scratch), x->scratch.len, 1);
	}
	/* a warning the parser never read to is about the end: kept */
	feed_xml_warn_settle(x, x->root_done ? -1 : LLONG_MAX, 0);
	if (x->have_err) {
		r = (x->fatal ||
		     (*x->count == 0 && !feed_xml_info_any(x->info)))
		        ? FEED_FAILED
		        : FEED_RECOVERED;
		if (err != NULL)
			*err = x->err;
	} else if (warning != NULL || x->have_warn) {
		r = FEED_RECOVERED;
		if (err != NULL && warning != NULL)
			dl_err_set(err, "%s", warning);
		else if (err != NULL)
			*err = x->warn;
	}
	if (r != FEED_FAILED)
		feed_xml_info_send(x);
	return r;
}
