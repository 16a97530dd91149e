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
 * Expat gets UTF-8 (feed.c converts other encodings) after a filter that
 * replaces invalid UTF-8 with U+FFFD, drops junk before the root and the
 * XML declaration, characters illegal in XML 1.0 and references to them,
 * and escapes a bare '&', in one scan (16 bytes at a time with SSE2). HTML named entities come
 * from feed_entity_dtd() loaded as a foreign DTD; undefined ones are kept
 * as literal text. Namespace processing is off: prefixes are resolved
 * here, falling back to the usual prefixes when a feed does not declare
 * them. Items in plain XML skip expat: a strict tokenizer of ours gives the
 * handlers the same calls (struct feed_xml_fast). */
#include "config.h"

#include <expat.h>
#if defined(__SSE2__) && !defined(FEED_XML_NO_SIMD)
#include <emmintrin.h>
#endif
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#ifdef __linux__
#include <sys/random.h>
#endif

#include "charset.h"
#include "date.h"
#include "feed_int.h"
#include "url.h"

enum feed_xml_ns {
	FEED_XML_NS_NONE = 0,
	FEED_XML_NS_OTHER,
	FEED_XML_NS_RSS,
	FEED_XML_NS_RSS090,
	FEED_XML_NS_RSS10,
	FEED_XML_NS_ATOM,
	FEED_XML_NS_ATOM03,
	FEED_XML_NS_RDF,
	FEED_XML_NS_DC,
	FEED_XML_NS_DCTERMS,
	FEED_XML_NS_CONTENT,
	FEED_XML_NS_MEDIA,
	FEED_XML_NS_XHTML
};

static const struct {
	const char	*uri;
	enum feed_xml_ns	 ns;
} feed_xml_ns_uris[] = {
	{ "http://www.w3.org/2005/Atom", FEED_XML_NS_ATOM },
	{ "http://purl.org/atom/ns#", FEED_XML_NS_ATOM03 },
	{ "http://purl.org/rss/1.0/", FEED_XML_NS_RSS10 },
	{ "http://my.netscape.com/rdf/simple/0.9/", FEED_XML_NS_RSS090 },
	{ "http://www.w3.org/1999/02/22-rdf-syntax-ns#", FEED_XML_NS_RDF },
	{ "http://purl.org/dc/elements/1.1/", FEED_XML_NS_DC },
	{ "http://purl.org/dc/terms/", FEED_XML_NS_DCTERMS },
	{ "http://purl.org/rss/1.0/modules/content/", FEED_XML_NS_CONTENT },
	{ "http://search.yahoo.com/mrss/", FEED_XML_NS_MEDIA },
	{ "http://search.yahoo.com/mrss", FEED_XML_NS_MEDIA },
	{ "http://www.w3.org/1999/xhtml", FEED_XML_NS_XHTML },
	{ "http://backend.userland.com/rss2", FEED_XML_NS_RSS },
	{ "http://backend.userland.com/rss", FEED_XML_NS_RSS },
};

/* Prefixes feeds use without declaring them. */
static const struct {
	const char	*prefix;
	enum feed_xml_ns	 ns;
} feed_xml_ns_prefixes[] = {
	{ "dc", FEED_XML_NS_DC },
	{ "content", FEED_XML_NS_CONTENT },
	{ "media", FEED_XML_NS_MEDIA },
	{ "atom", FEED_XML_NS_ATOM },
	{ "rdf", FEED_XML_NS_RDF },
	{ "dcterms", FEED_XML_NS_DCTERMS },
	{ "xhtml", FEED_XML_NS_XHTML },
};

enum feed_xml_tag {
	FEED_XML_T_NONE = 0,
	FEED_XML_T_CHANNEL,
	FEED_XML_T_ITEM,
	FEED_XML_T_SKIP,
	FEED_XML_T_TITLE,
	FEED_XML_T_LINK,
	FEED_XML_T_ATOMLINK,
	FEED_XML_T_SUMMARY,
	FEED_XML_T_CONTENT,
	FEED_XML_T_ID,
	FEED_XML_T_GUID,
	FEED_XML_T_AUTHOR,
	FEED_XML_T_ATOMAUTHOR,
	FEED_XML_T_NAME,
	FEED_XML_T_EMAIL,
	FEED_XML_T_PUBLISHED,
	FEED_XML_T_UPDATED,
	FEED_XML_T_LASTBUILD,
	FEED_XML_T_CATEGORY,
	FEED_XML_T_ATOMCATEGORY,
	FEED_XML_T_ENCLOSURE,
	FEED_XML_T_MEDIACONTENT,
	FEED_XML_T_MEDIAGROUP,
	FEED_XML_T_LANGUAGE,
	FEED_XML_T_SUBTITLE
};

struct feed_xml_tagdef {
	unsigned char	 ns;	/* RSS, ATOM (families) or a module */
	const char	*name;
	unsigned char	 tag;
};

/* Sorted by namespace, then name (strcmp order), for bsearch. */
static const struct feed_xml_tagdef feed_xml_tags[] = {
	{ FEED_XML_NS_RSS, "author", FEED_XML_T_AUTHOR },
	{ FEED_XML_NS_RSS, "category", FEED_XML_T_CATEGORY },
	{ FEED_XML_NS_RSS, "channel", FEED_XML_T_CHANNEL },
	{ FEED_XML_NS_RSS, "description", FEED_XML_T_SUMMARY },
	{ FEED_XML_NS_RSS, "enclosure", FEED_XML_T_ENCLOSURE },
	{ FEED_XML_NS_RSS, "guid", FEED_XML_T_GUID },
	{ FEED_XML_NS_RSS, "image", FEED_XML_T_SKIP },
	{ FEED_XML_NS_RSS, "item", FEED_XML_T_ITEM },
	{ FEED_XML_NS_RSS, "language", FEED_XML_T_LANGUAGE },
	{ FEED_XML_NS_RSS, "lastBuildDate", FEED_XML_T_LASTBUILD },
	{ FEED_XML_NS_RSS, "link", FEED_XML_T_LINK },
	{ FEED_XML_NS_RSS, "pubDate", FEED_XML_T_PUBLISHED },
	{ FEED_XML_NS_RSS, "textInput", FEED_XML_T_SKIP },
	{ FEED_XML_NS_RSS, "textinput", FEED_XML_T_SKIP },
	{ FEED_XML_NS_RSS, "title", FEED_XML_T_TITLE },
	{ FEED_XML_NS_ATOM, "author", FEED_XML_T_ATOMAUTHOR },
	{ FEED_XML_NS_ATOM, "category", FEED_XML_T_ATOMCATEGORY },
	{ FEED_XML_NS_ATOM, "content", FEED_XML_T_CONTENT },
	{ FEED_XML_NS_ATOM, "created", FEED_XML_T_PUBLISHED },
	{ FEED_XML_NS_ATOM, "email", FEED_XML_T_EMAIL },
	{ FEED_XML_NS_ATOM, "entry", FEED_XML_T_ITEM },
	{ FEED_XML_NS_ATOM, "id", FEED_XML_T_ID },
	{ FEED_XML_NS_ATOM, "issued", FEED_XML_T_PUBLISHED },
	{ FEED_XML_NS_ATOM, "link", FEED_XML_T_ATOMLINK },
	{ FEED_XML_NS_ATOM, "modified", FEED_XML_T_UPDATED },
	{ FEED_XML_NS_ATOM, "name", FEED_XML_T_NAME },
	{ FEED_XML_NS_ATOM, "published", FEED_XML_T_PUBLISHED },
	{ FEED_XML_NS_ATOM, "source", FEED_XML_T_SKIP },
	{ FEED_XML_NS_ATOM, "subtitle", FEED_XML_T_SUBTITLE },
	{ FEED_XML_NS_ATOM, "summary", FEED_XML_T_SUMMARY },
	{ FEED_XML_NS_ATOM, "tagline", FEED_XML_T_SUBTITLE },
	{ FEED_XML_NS_ATOM, "title", FEED_XML_T_TITLE },
	{ FEED_XML_NS_ATOM, "updated", FEED_XML_T_UPDATED },
	{ FEED_XML_NS_DC, "creator", FEED_XML_T_AUTHOR },
	{ FEED_XML_NS_DC, "date", FEED_XML_T_PUBLISHED },
	{ FEED_XML_NS_DC, "language", FEED_XML_T_LANGUAGE },
	{ FEED_XML_NS_DC, "subject", FEED_XML_T_CATEGORY },
	{ FEED_XML_NS_DCTERMS, "created", FEED_XML_T_PUBLISHED },
	{ FEED_XML_NS_DCTERMS, "issued", FEED_XML_T_PUBLISHED },
	{ FEED_XML_NS_DCTERMS, "modified", FEED_XML_T_UPDATED },
	{ FEED_XML_NS_CONTENT, "encoded", FEED_XML_T_CONTENT },
	{ FEED_XML_NS_MEDIA, "content", FEED_XML_T_MEDIACONTENT },
	{ FEED_XML_NS_MEDIA, "group", FEED_XML_T_MEDIAGROUP },
};

/* How the text of a summary, content or title is to be read. */
enum feed_xml_type {
	FEED_XML_TY_AUTO = 0,	/* RSS: HTML if it looks like HTML */
	FEED_XML_TY_TEXT,
	FEED_XML_TY_HTML,
	FEED_XML_TY_XHTML
};

/* Repair filter states. */
enum feed_xml_fstate {
	FEED_XML_F_PRE = 0,	/* before the root: skip to '<' */
	FEED_XML_F_PI,	/* inside <?...?> before the root: skip */
	FEED_XML_F_BODY,
	FEED_XML_F_CDATA
};

/* Byte classes for the filter, as bits: a scan stops at the classes its
 * state cares about. */
enum feed_xml_class {
	FEED_XML_C_PLAIN = 0,
	FEED_XML_C_CTRL = 1,	/* C0 but TAB LF CR: not XML 1.0 */
	FEED_XML_C_AMP = 2,
	FEED_XML_C_BANG = 4,	/* "<!" may open a CDATA section */
	FEED_XML_C_RSQB = 8,	/* "]]>" closes one */
	FEED_XML_C_HIGH = 16	/* UTF-8 to check */
};

#define FEED_XML_STOP_BODY						\
	(FEED_XML_C_CTRL | FEED_XML_C_AMP | FEED_XML_C_BANG | FEED_XML_C_HIGH)
#define FEED_XML_STOP_CDATA						\
	(FEED_XML_C_CTRL | FEED_XML_C_RSQB | FEED_XML_C_HIGH)

#define FEED_XML_CARRY_MAX	64
/* How close to the end of a chunk a '<' is carried to the next one:
 * "<![CDATA[" and "<entry" with the byte after it must be seen whole. */
#define FEED_XML_LT_TAIL	9
#define FEED_XML_ENTITY_MAX	40

struct feed_xml_nsdecl {
	char		*prefix;	/* "" for the default namespace */
	int		 ns;
	int		 depth;
};

struct feed_xml_base {
	char		*url;
	int		 depth;
};

/* Element names already looked up, while the namespaces in scope stay the
 * same: a feed repeats a dozen names, and resolving the prefix and
 * searching the table was most of the start handler. */
#define FEED_XML_MEMO		64
#define FEED_XML_MEMO_NAME	24

struct feed_xml_memo {
	char		 name[FEED_XML_MEMO_NAME];	/* "" if unused */
	unsigned char	 tag;
	unsigned char	 family;
};

/* The fast path: an item that uses only plain XML (elements, attributes,
 * text, CDATA, the five predefined and numeric references) is read by a
 * strict tokenizer of ours, which gives the handlers exactly the calls
 * expat would; anything else goes to expat. The item is tokenized whole
 * into events before any is replayed, so giving up costs no state. */
#define FEED_XML_FAST_DEPTH	32
#define FEED_XML_FAST_ATTS	32

enum feed_xml_fe {
	FEED_XML_FE_START = 0,	/* off: name, then atts' name/value, NULs */
	FEED_XML_FE_END,	/* off: the name, in out */
	FEED_XML_FE_SRC,	/* text s[off..off+len) of the item itself */
	FEED_XML_FE_OUT		/* text out[off..off+len), decoded */
};

struct feed_xml_fev {
	unsigned	 kind;
	unsigned	 natts;
	size_t		 off;
	size_t		 len;
};

struct feed_xml_fast {
	const char	*s;		/* the item being tokenized */
	size_t		 n, i;
	struct feed_xml_fev *ev;
	size_t		 nev, aev;
	char		*out;		/* names, values, decoded text */
	size_t		 nout, aout;
	size_t		 open[FEED_XML_FAST_DEPTH];	/* names in out */
	size_t		 openlen[FEED_XML_FAST_DEPTH];
	int		 depth;
};

struct feed_xml {
	XML_Parser	 xp;		/* the one parsing: main or an item's */
	XML_Parser	 main;
	XML_Parser	 item_xp;	/* reused for each item */
	unsigned long	 item_salt;	/* its hash salt, drawn once */
	int		 named_left;	/* the filter let an &unknown; by */
	int		 wrap_depth;	/* depth of a batch's wrapper, or 0 */
	int		 batch_off;	/* the next item goes alone */
	long long	 fed;		/* bytes given to main */
	const struct feed_callbacks *cb;
	void		*ctx;
	const char	*base_url;
	struct feed_info *info;
	size_t		*count;
	int		 info_sent;

	/* The repair filter. */
	enum feed_xml_fstate	 fstate;
	int		 need;		/* the chunk ended mid-lookahead */
	int		 pi_q;		/* last byte was '?' in <?...?> */
	int		 seen_lt;
	int		 pre_ws;
	char		 carry[FEED_XML_CARRY_MAX];
	size_t		 ncarry;
	size_t		 flushed;	/* input accounted for in this chunk */
	struct dl_buf	 fout;		/* repaired copy, when one is needed */
	struct dl_buf	 scratch;	/* carry + chunk */
	unsigned long	 skip_lines;	/* newlines dropped before the root */
	unsigned long	 in_line;	/* position of the chunk's start, */
	unsigned long	 in_col;	/* kept until the first warning */

	/* An item gathered to be parsed on its own. */
	int		 seg_on;
	const char	*seg_tag;	/* "item" or "entry" */
	size_t		 seg_taglen;
	struct dl_buf	 seg;
	size_t		 seg_i;		/* scanned up to here */
	const char	*seg_skip;	/* "]]>" or "-->" while inside */
	unsigned long	 seg_line;	/* where it starts */
	unsigned long	 seg_col;
	unsigned long	 seg_pline;	/* the same, as main counts */
	unsigned long	 seg_pcol;
	unsigned long	 adj_line;	/* main's line after the last one, */
	unsigned long	 adj_col;	/* and what its columns lack */

	/* The fast path (on unless feed_xml_set_fast turned it off). */
	int		 fast_on;
	size_t		 fast_items;	/* items it took */
	struct feed_xml_fast	 fast;

	/* Where we are in the tree. */
	int		 depth;
	int		 family;	/* FEED_XML_NS_RSS or _ATOM */
	int		 root_done;
	int		 chan_depth;
	int		 item_depth;
	int		 skip_depth;
	int		 author_depth;
	int		 group_depth;
	struct feed_xml_nsdecl *ns;
	size_t		 nns, ans;
	struct feed_xml_base	*bases;
	size_t		 nbases, abases;
	int		 lang_from_attr;
	int		 info_link_prio;
	struct feed_xml_memo	 memo[FEED_XML_MEMO];

	/* The element whose text is being collected. */
	int		 cap_depth;
	int		 cap_tag;
	int		 cap_type;
	int		 cap_b64;
	int		 cap_div_depth;
	int		 cap_permalink;
	struct dl_buf	 text;

	/* The item being read. */
	struct feed_item item;
	int		 item_link_prio;
	int		 item_id_about;
	int		 item_permalink;
	char		*author_name;
	char		*author_email;

	/* Outcome. */
	int		 dead;		/* expat gave up */
	int		 fatal;		/* not a feed: no recovery */
	int		 have_err;
	struct dl_err	 err;
	int		 have_warn;
	struct dl_err	 warn;
};

static const char *
feed_xml_attr(const XML_Char **atts, const char *name)
{
	for (; atts[0] != NULL; atts += 2)
		if (strcmp(atts[0], name) == 0)
			return atts[1];
	return NULL;
}

static int
feed_xml_streq(const char *a, const char *b)
{
	return a != NULL && strcmp(a, b) == 0;
}

/* The position expat is at, in the original document. */
static void
feed_xml_pos(struct feed_xml *x, unsigned long *line, unsigned long *col)
{
	unsigned long	 l = XML_GetCurrentLineNumber(x->xp);
	unsigned long	 c = XML_GetCurrentColumnNumber(x->xp);

	if (x->xp != x->main) {	/* in an item parsed on its own */
		*line = x->seg_line + l - 1;
		*col = (l == 1 ? x->seg_col + c : c) + 1;
		return;
	}
	*line = l + x->skip_lines;
	*col = c + (l == x->adj_line ? x->adj_col : 0) + 1;
}

static void
feed_xml_warn_at(struct feed_xml *x, unsigned long line, unsigned long col,
    const char *reason)
{
	if (x->have_warn)
		return;
	x->have_warn = 1;
	dl_err_set(&x->warn, "%lu:%lu: %s", line, col, reason);
}

/* A warning at expat's current position (inside a handler). */
static void
feed_xml_warn(struct feed_xml *x, const char *reason)
{
	unsigned long	 line, col;

	if (x->have_warn)
		return;
	feed_xml_pos(x, &line, &col);
	feed_xml_warn_at(x, line, col, reason);
}

/* ------------------------------------------------------------------ */
/* Text helpers. */

/* Length of s[0..n) cut to at most max bytes on a UTF-8 boundary. */
static size_t
feed_xml_utf8_cut(const char *s, size_t n, size_t max)
{
	if (n <= max)
		return n;
	n = max;
	while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
		n--;
	return n;
}

static void
feed_xml_text_add(struct feed_xml *x, const char *s, size_t n)
{
	struct dl_buf	*b = &x->text;
	size_t		 room = FEED_FIELD_MAX - b->len;

	/* inline while it fits: expat hands text over in small pieces
	 * (one per reference), and the call was a tenth of Atom's time */
	if (n < b->size - b->len && n <= room) {
		memcpy(b->data + b->len, s, n);
		b->len += n;
		b->data[b->len] = '\0';
		return;
	}

	if (n > room)
		n = feed_xml_utf8_cut(s, n, room);
	if (n > 0)
		dl_buf_add(&x->text, s, n);
}

/* Append s[0..n) with & < > (and " in attributes) escaped. */
static void
feed_xml_text_escape(struct feed_xml *x, const char *s, size_t n, int quot)
{
	size_t	 i, run = 0;
	const char *rep;

	for (i = 0; i < n; i++) {
		switch (s[i]) {
		case '&': rep = "&amp;"; break;
		case '<': rep = "&lt;"; break;
		case '>': rep = "&gt;"; break;
		case '"': rep = quot ? "&quot;" : NULL; break;
		default: rep = NULL; break;
		}
		if (rep == NULL)
			continue;
		feed_xml_text_add(x, s + run, i - run);
		feed_xml_text_add(x, rep, strlen(rep));
		run = i + 1;
	}
	feed_xml_text_add(x, s + run, n - run);
}

static int
feed_xml_isspace(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* The collected text without surrounding white space. */
static const char *
feed_xml_trimmed(struct feed_xml *x, size_t *n)
{
	const char	*s = dl_buf_str(&x->text);
	size_t		 len = x->text.len;

	while (len > 0 && feed_xml_isspace(*s)) {
		s++;
		len--;
	}
	while (len > 0 && feed_xml_isspace(s[len - 1]))
		len--;
	*n = len;
	return s;
}

static char *
feed_xml_dup(const char *s, size_t n)
{
	return dl_strndup(s, feed_xml_utf8_cut(s, n, FEED_FIELD_MAX));
}

/* Replace *dst with s (taking it) if *dst is empty; else free s. */
static void
feed_xml_set(char **dst, char *s)
{
	if (s == NULL)
		return;
	if (*dst == NULL && *s != '\0')
		*dst = s;
	else
		free(s);
}

static int
feed_xml_b64val(unsigned char c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	if (c == '+' || c == '-')
		return 62;
	if (c == '/' || c == '_')
		return 63;
	return -1;
}

/* Decode base64 in place (white space and junk skipped); new length. */
static size_t
feed_xml_b64_decode(char *s, size_t n)
{
	size_t		 i, out = 0;
	unsigned	 acc = 0, bits = 0;
	int		 v;

	for (i = 0; i < n && s[i] != '='; i++) {
		if ((v = feed_xml_b64val((unsigned char)s[i])) < 0)
			continue;
		acc = (acc << 6) | (unsigned)v;
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			s[out++] = (char)((acc >> bits) & 0xFF);
		}
	}
	return out;
}

/* ------------------------------------------------------------------ */
/* Namespaces and xml:base. */

static int
feed_xml_ns_of_uri(const char *uri)
{
	size_t	 i;

	for (i = 0; i < sizeof feed_xml_ns_uris / sizeof feed_xml_ns_uris[0];
	     i++)
		if (strcmp(feed_xml_ns_uris[i].uri, uri) == 0)
			return feed_xml_ns_uris[i].ns;
	return FEED_XML_NS_OTHER;
}

static void
feed_xml_ns_push(struct feed_xml *x, const char *prefix, const char *uri)
{
	struct feed_xml_nsdecl *d;

	if (x->nns == x->ans) {
		x->ans = x->ans ? x->ans * 2 : 8;
		x->ns = dl_reallocarray(x->ns, x->ans, sizeof *x->ns);
	}
	memset(x->memo, 0, sizeof x->memo);
	d = &x->ns[x->nns++];
	d->prefix = dl_strdup(prefix);
	d->ns = feed_xml_ns_of_uri(uri);
	d->depth = x->depth;
}

/* The namespace bound to prefix[0..len), innermost first; -1 if none. */
static int
feed_xml_ns_lookup(struct feed_xml *x, const char *prefix, size_t len)
{
	size_t	 i;

	for (i = x->nns; i > 0; i--) {
		const char *p = x->ns[i - 1].prefix;
		if (strncmp(p, prefix, len) == 0 && p[len] == '\0')
			return x->ns[i - 1].ns;
	}
	if (len == 0)
		return -1;
	for (i = 0;
	     i < sizeof feed_xml_ns_prefixes / sizeof feed_xml_ns_prefixes[0];
	     i++) {
		const char *p = feed_xml_ns_prefixes[i].prefix;
		if (strncmp(p, prefix, len) == 0 && p[len] == '\0')
			return feed_xml_ns_prefixes[i].ns;
	}
	return -1;
}

/* The namespace of element name and its local part. */
static int
feed_xml_ns_resolve(struct feed_xml *x, const char *name, const char **local)
{
	const char	*colon = strchr(name, ':');
	int		 ns;

	if (colon == NULL) {
		*local = name;
		ns = feed_xml_ns_lookup(x, "", 0);
		return ns < 0 ? FEED_XML_NS_NONE : ns;
	}
	*local = colon + 1;
	ns = feed_xml_ns_lookup(x, name, (size_t)(colon - name));
	return ns < 0 ? FEED_XML_NS_OTHER : ns;
}

/* The base in scope: the innermost xml:base, else base_url. */
static const char *
feed_xml_base(struct feed_xml *x)
{
	return x->nbases > 0 ? x->bases[x->nbases - 1].url : x->base_url;
}

static void
feed_xml_base_push(struct feed_xml *x, const char *value)
{
	const char	*parent = feed_xml_base(x);
	char		*url = NULL;

	if (parent != NULL)
		url = url_resolve(parent, value);
	if (url == NULL)
		url = dl_strdup(value); /* relative, with nothing above */
	if (x->nbases == x->abases) {
		x->abases = x->abases ? x->abases * 2 : 4;
		x->bases = dl_reallocarray(x->bases, x->abases,
		    sizeof *x->bases);
	}
	x->bases[x->nbases].url = url;
	x->bases[x->nbases].depth = x->depth;
	x->nbases++;
}

/* Drop declarations and bases made by elements at depth or deeper. */
static void
feed_xml_scope_pop(struct feed_xml *x)
{
	while (x->nns > 0 && x->ns[x->nns - 1].depth >= x->depth) {
		free(x->ns[--x->nns].prefix);
		memset(x->memo, 0, sizeof x->memo);
	}
	while (x->nbases > 0 && x->bases[x->nbases - 1].depth >= x->depth)
		free(x->bases[--x->nbases].url);
}

static void
feed_xml_set_lang(struct feed_xml *x, const char *lang, int from_attr)
{
	size_t	 n = strlen(lang);

	while (n > 0 && feed_xml_isspace(lang[n - 1]))
		n--;
	while (n > 0 && feed_xml_isspace(*lang)) {
		lang++;
		n--;
	}
	if (n == 0 || (from_attr && x->info->language != NULL))
		return;
	if (x->info->language != NULL && !x->lang_from_attr)
		return;
	free(x->info->language);
	x->info->language = feed_xml_dup(lang, n);
	x->lang_from_attr = from_attr;
}

/* xmlns, xmlns:p, xml:base and xml:lang of an element. */
static void
feed_xml_scope_push(struct feed_xml *x, const XML_Char **atts)
{
	const char	*a;

	for (; atts[0] != NULL; atts += 2) {
		a = atts[0];
		if (a[0] != 'x' || a[1] != 'm' || a[2] != 'l')
			continue;
		if (strncmp(a, "xmlns", 5) == 0 && a[5] == '\0')
			feed_xml_ns_push(x, "", atts[1]);
		else if (strncmp(a, "xmlns:", 6) == 0)
			feed_xml_ns_push(x, a + 6, atts[1]);
		else if (strcmp(a, "xml:base") == 0)
			feed_xml_base_push(x, atts[1]);
		else if (strcmp(a, "xml:lang") == 0 && x->item_depth == 0 &&
		    x->depth <= 2)
			feed_xml_set_lang(x, atts[1], 1);
	}
}

/* An absolute link for s[0..n); NULL if empty. */
static char *
feed_xml_url(struct feed_xml *x, const char *s, size_t n)
{
	const char	*base;
	char		*ref, *abs;

	while (n > 0 && feed_xml_isspace(*s)) {
		s++;
		n--;
	}
	while (n > 0 && feed_xml_isspace(s[n - 1]))
		n--;
	if (n == 0)
		return NULL;
	ref = feed_xml_dup(s, n);
	if (url_is_absolute(ref) || (base = feed_xml_base(x)) == NULL)
		return ref;
	if ((abs = url_resolve(base, ref)) == NULL)
		return ref;
	free(ref);
	return abs;
}

/* ------------------------------------------------------------------ */
/* The element table. */

static int
feed_xml_tag_cmp(const void *key, const void *elem)
{
	const struct feed_xml_tagdef *k = key, *e = elem;

	if (k->ns != e->ns)
		return k->ns < e->ns ? -1 : 1;
	return strcmp(k->name, e->name);
}

static int
feed_xml_family(struct feed_xml *x, int ns, int prefixed)
{
	switch (ns) {
	case FEED_XML_NS_RSS:
	case FEED_XML_NS_RSS090:
	case FEED_XML_NS_RSS10:
		return FEED_XML_NS_RSS;
	case FEED_XML_NS_ATOM:
	case FEED_XML_NS_ATOM03:
		return FEED_XML_NS_ATOM;
	case FEED_XML_NS_NONE:
		return x->family;
	case FEED_XML_NS_OTHER:
		/* An unknown default namespace on a feed's own elements. */
		return prefixed ? FEED_XML_NS_OTHER : x->family;
	default:
		return ns;
	}
}

static int
feed_xml_tag_find(struct feed_xml *x, const char *name, int *family)
{
	struct feed_xml_tagdef	 key;
	const struct feed_xml_tagdef	*d;
	const char		*local;
	int			 ns;

	ns = feed_xml_ns_resolve(x, name, &local);
	key.ns = (unsigned char)feed_xml_family(x, ns, local != name);
	key.name = local;
	*family = key.ns;
	d = bsearch(&key, feed_xml_tags,
	            sizeof feed_xml_tags / sizeof feed_xml_tags[0],
	            sizeof feed_xml_tags[0], feed_xml_tag_cmp);
	return d != NULL ? d->tag : FEED_XML_T_NONE;
}

/* The tag of element name and its family, through the memo. */
static int
feed_xml_tag_lookup(struct feed_xml *x, const char *name, int *family)
{
	struct feed_xml_memo	*m;
	size_t			 len;
	unsigned		 h = 0;
	int			 tag;

	for (len = 0; name[len] != '\0'; len++)
		h = h * 33 + (unsigned char)name[len];
	m = &x->memo[h % FEED_XML_MEMO];
	if (len > 0 && len < FEED_XML_MEMO_NAME &&
	    memcmp(m->name, name, len + 1) == 0) {
		*family = m->family;
		return m->tag;
	}
	tag = feed_xml_tag_find(x, name, family);
	if (len > 0 && len < FEED_XML_MEMO_NAME) {
		memcpy(m->name, name, len + 1);
		m->tag = (unsigned char)tag;
		m->family = (unsigned char)*family;
	}
	return tag;
}

/* ------------------------------------------------------------------ */
/* Delivering items. */

static void
feed_xml_info_send(struct feed_xml *x)
{
	if (x->info_sent)
		return;
	x->info_sent = 1;
	if (x->cb->on_info != NULL)
		x->cb->on_info(x->ctx, x->info);
}

static void
feed_xml_item_start(struct feed_xml *x, const XML_Char **atts)
{
	const char	*about;

	x->item_depth = x->depth;
	x->item_link_prio = 0;
	x->item_permalink = 0;
	x->item_id_about = 0;
	about = feed_xml_attr(atts, "rdf:about");
	if (about != NULL && *about != '\0') {
		x->item.id = feed_xml_dup(about, strlen(about));
		x->item_id_about = 1;
	}
}

static void
feed_xml_item_end(struct feed_xml *x)
{
	struct feed_item *it = &x->item;

	if (it->link == NULL && x->item_permalink && it->id != NULL &&
	    url_is_http(it->id))
		it->link = dl_strdup(it->id);
	feed_xml_info_send(x);
	if (x->cb->on_item != NULL)
		x->cb->on_item(x->ctx, it);
	(*x->count)++;
	feed_item_clear(it);
	x->item_depth = 0;
	/* A huge field should not pin its memory for the rest of the feed. */
	if (x->text.size > 256 * 1024) {
		dl_buf_clear(&x->text);
		dl_buf_init(&x->text, FEED_FIELD_MAX);
	}
}

static void
feed_xml_category_add(struct feed_xml *x, char *s)
{
	struct feed_item *it = &x->item;
	size_t		 i;

	if (s == NULL || *s == '\0' || it->ncategories >= FEED_LIST_MAX) {
		free(s);
		return;
	}
	for (i = 0; i < it->ncategories; i++) {
		if (strcmp(it->categories[i], s) == 0) {
			free(s);
			return;
		}
	}
	it->categories = dl_reallocarray(it->categories, it->ncategories + 1,
	    sizeof *it->categories);
	it->categories[it->ncategories++] = s;
}

static void
feed_xml_enclosure_add(struct feed_xml *x, const char *href, const char *type,
    const char *length)
{
	struct feed_item	*it = &x->item;
	struct feed_enclosure	*e;
	char			*url;
	long			 len;
	size_t			 i;

	if (href == NULL || it->nenclosures >= FEED_LIST_MAX ||
	    (url = feed_xml_url(x, href, strlen(href))) == NULL)
		return;
	for (i = 0; i < it->nenclosures; i++) {
		if (strcmp(it->enclosures[i].url, url) == 0) {
			free(url);
			return;
		}
	}
	it->enclosures = dl_reallocarray(it->enclosures, it->nenclosures + 1,
	    sizeof *it->enclosures);
	e = &it->enclosures[it->nenclosures++];
	e->url = url;
	e->type = (type != NULL && *type != '\0') ?
	    feed_xml_dup(type, strlen(type)) : NULL;
	e->length = -1;
	if (length != NULL && dl_strtonum(length, 0, INT64_MAX, &len) == 0)
		e->length = len;
}

/* A link candidate: keep the one with the highest priority, first wins. */
static void
feed_xml_link_offer(struct feed_xml *x, char *url, int prio)
{
	char	**dst = x->item_depth ? &x->item.link : &x->info->link;
	int *cur = x->item_depth ? &x->item_link_prio : &x->info_link_prio;

	if (url == NULL)
		return;
	if (*dst != NULL && *cur >= prio) {
		free(url);
		return;
	}
	free(*dst);
	*dst = url;
	*cur = prio;
}

static void
feed_xml_atom_link(struct feed_xml *x, const XML_Char **atts)
{
	const char	*rel = feed_xml_attr(atts, "rel");
	const char	*href = feed_xml_attr(atts, "href");
	const char	*type = feed_xml_attr(atts, "type");

	if (href == NULL)
		return;
	if (rel == NULL || *rel == '\0' || strcmp(rel, "alternate") == 0 ||
	    strcmp(rel, "http://www.iana.org/assignments/relation/alternate")
	    == 0) {
		feed_xml_link_offer(x, feed_xml_url(x, href, strlen(href)),
		    feed_xml_streq(type, "text/html") ? 2 : 1);
	} else if (strcmp(rel, "enclosure") == 0 && x->item_depth)
		feed_xml_enclosure_add(x, href, type,
		                       feed_xml_attr(atts, "length"));
}

static void
feed_xml_atom_category(struct feed_xml *x, const XML_Char **atts)
{
	const char	*s = feed_xml_attr(atts, "label");
	char		*c;

	if (s == NULL || *s == '\0')
		s = feed_xml_attr(atts, "term");
	if (s == NULL)
		return;
	c = feed_text_plain(s, strlen(s));
	feed_xml_category_add(x, c);
}

static void
feed_xml_date(int64_t *dst, const char *s, int latest)
{
	int64_t	 t = date_parse(s);

	if (t == DATE_NONE)
		return;
	if (*dst == DATE_NONE || (latest && t > *dst))
		*dst = t;
}

/* ------------------------------------------------------------------ */
/* Collecting the text of a field. */

static const char *const feed_xml_void_elements[] = {
	"area", "base", "br", "col", "embed", "hr", "img", "input", "link",
	"meta", "param", "source", "track", "wbr",
};

static int
feed_xml_is_void(const char *name)
{
	size_t	 i;

	for (i = 0; i < sizeof feed_xml_void_elements /
	                    sizeof feed_xml_void_elements[0];
	     i++)
		if (strcmp(feed_xml_void_elements[i], name) == 0)
			return 1;
	return 0;
}

static const char *
feed_xml_local(const char *name)
{
	const char	*colon = strchr(name, ':');

	return colon != NULL ? colon + 1 : name;
}

static void XMLCALL
feed_xml_chardata(void *ud, const XML_Char *s, int len)
{
	struct feed_xml	*x = ud;
	struct dl_buf	*b = &x->text;
	size_t		 n = (size_t)len;

	/* Text beside serialised markup must stay text. */
	if (x->cap_type == FEED_XML_TY_XHTML || x->depth > x->cap_depth)
		feed_xml_text_escape(x, s, n, 0);
	else if (n < b->size - b->len && b->len + n <= FEED_FIELD_MAX) {
		/* feed_xml_text_add's fast path, without the call: in escaped
		 * HTML expat calls here once per reference */
		memcpy(b->data + b->len, s, n);
		b->len += n;
		b->data[b->len] = '\0';
	} else
		feed_xml_text_add(x, s, n);
}

/* Atom's type="" (and Atom 0.3's mode="") of a text construct. */
static void
feed_xml_capture_type(struct feed_xml *x, const XML_Char **atts)
{
	const char	*type = feed_xml_attr(atts, "type");
	const char	*mode = feed_xml_attr(atts, "mode");
	size_t		 n;

	x->cap_type = FEED_XML_TY_TEXT;
	if (type != NULL) {
		n = strlen(type);
		if (dl_strcaseeq(type, "html") ||
		    dl_strcaseeq(type, "text/html"))
			x->cap_type = FEED_XML_TY_HTML;
		else if (dl_strcaseeq(type, "xhtml") ||
		    (n > 4 && dl_strcaseeq(type + n - 4, "+xml")) ||
		    (n > 4 && dl_strcaseeq(type + n - 4, "/xml")))
			x->cap_type = FEED_XML_TY_XHTML;
		else if (!dl_strcaseeq(type, "text") &&
		    !dl_strncaseeq(type, "text/", 5))
			x->cap_type = -1;	/* binary: not text we show */
	}
	if (feed_xml_streq(mode, "escaped") && x->cap_type == FEED_XML_TY_XHTML)
		x->cap_type = FEED_XML_TY_HTML;
	x->cap_b64 = feed_xml_streq(mode, "base64");
}

static void
feed_xml_capture_start(struct feed_xml *x, int tag, int family,
    const XML_Char **atts)
{
	x->cap_depth = x->depth;
	x->cap_tag = tag;
	x->cap_type = FEED_XML_TY_AUTO;
	x->cap_b64 = 0;
	x->cap_div_depth = 0;
	dl_buf_reset(&x->text);
	if (family == FEED_XML_NS_ATOM)
		feed_xml_capture_type(x, atts);
	if (tag == FEED_XML_T_GUID)
		x->cap_permalink = !feed_xml_streq(
		    feed_xml_attr(atts, "isPermaLink"), "false");
	XML_SetCharacterDataHandler(x->xp, feed_xml_chardata);
}

static void
feed_xml_capture_child_start(struct feed_xml *x, const char *name,
    const XML_Char **atts)
{
	const char	*local = feed_xml_local(name);
	size_t		 n;

	/* Atom xhtml content is wrapped in a div that is not content. */
	if (x->cap_type == FEED_XML_TY_XHTML && x->cap_div_depth == 0 &&
	    x->depth == x->cap_depth + 1 && strcmp(local, "div") == 0) {
		feed_xml_trimmed(x, &n);
		if (n == 0) {
			x->cap_div_depth = x->depth;
			return;
		}
	}
	feed_xml_text_add(x, "<", 1);
	feed_xml_text_add(x, local, strlen(local));
	for (; atts[0] != NULL; atts += 2) {
		if (strncmp(atts[0], "xmlns", 5) == 0 ||
		    strncmp(atts[0], "xml:", 4) == 0)
			continue;
		feed_xml_text_add(x, " ", 1);
		feed_xml_text_add(x, feed_xml_local(atts[0]),
		                  strlen(feed_xml_local(atts[0])));
		feed_xml_text_add(x, "=\"", 2);
		feed_xml_text_escape(x, atts[1], strlen(atts[1]), 1);
		feed_xml_text_add(x, "\"", 1);
	}
	feed_xml_text_add(x, ">", 1);
}

static void
feed_xml_capture_child_end(struct feed_xml *x, const char *name)
{
	const char	*local = feed_xml_local(name);

	if (x->depth == x->cap_div_depth) {
		x->cap_div_depth = -1;	/* only the first one */
		return;
	}
	if (feed_xml_is_void(local))
		return;
	feed_xml_text_add(x, "</", 2);
	feed_xml_text_add(x, local, strlen(local));
	feed_xml_text_add(x, ">", 1);
}

static void XMLCALL
feed_xml_skipped(void *ud, const XML_Char *name, int is_parameter_entity)
{
	struct feed_xml	*x = ud;
	char		 msg[128];

	if (is_parameter_entity)
		return;
	snprintf(msg, sizeof msg, "undefined entity '&%.64s;' kept as text",
	    name);
	feed_xml_warn(x, msg);
	if (x->cap_depth == 0)
		return;
	feed_xml_text_add(x, "&", 1);
	feed_xml_text_add(x, name, strlen(name));
	feed_xml_text_add(x, ";", 1);
}

/* The collected text, trimmed and NUL-terminated in place. */
static char *
feed_xml_value(struct feed_xml *x, size_t *n)
{
	const char	*s = feed_xml_trimmed(x, n);

	if (x->text.data == NULL)
		return (char *)s;
	x->text.len = (size_t)(s - x->text.data) + *n;
	x->text.data[x->text.len] = '\0';
	return (char *)s;
}

/* Plain text of the collected value (titles, names, categories). */
static char *
feed_xml_plain(struct feed_xml *x)
{
	size_t	 n;
	char	*s = feed_xml_value(x, &n), *r;

	if (x->cap_type != FEED_XML_TY_TEXT)
		return feed_text_plain(s, n);
	r = feed_xml_dup(s, n);
	feed_text_collapse(r);
	return r;
}

/* The collected value as HTML, or NULL. */
static char *
feed_xml_html(struct feed_xml *x)
{
	struct dl_buf	 b;
	size_t		 n;
	char		*s = feed_xml_value(x, &n);

	if (x->cap_type < 0 || n == 0)
		return NULL;
	if (x->cap_b64) {
		n = feed_xml_b64_decode(s, n);
		dl_buf_init(&b, FEED_FIELD_MAX);
		charset_utf8_repair(s, n, &b);
		x->cap_b64 = 0;
		dl_buf_reset(&x->text);
		feed_xml_text_add(x, dl_buf_str(&b), b.len);
		dl_buf_clear(&b);
		s = feed_xml_value(x, &n);
	}
	if (x->cap_type == FEED_XML_TY_HTML ||
	    x->cap_type == FEED_XML_TY_XHTML || feed_text_looks_html(s, n))
		return feed_xml_dup(s, n);
	dl_buf_init(&b, FEED_FIELD_MAX);
	feed_text_escape_html(s, n, &b);
	return dl_buf_take(&b);
}

/* ------------------------------------------------------------------ */
/* The end of a field. */

static void
feed_xml_end_html(struct feed_xml *x)
{
	char	*v;

	if (x->item_depth == 0) {
		if (x->cap_tag == FEED_XML_T_SUMMARY ||
		    x->cap_tag == FEED_XML_T_SUBTITLE)
			feed_xml_set(&x->info->description, feed_xml_plain(x));
		return;
	}
	v = feed_xml_html(x);
	if (x->cap_tag == FEED_XML_T_SUMMARY)
		feed_xml_set(&x->item.summary, v);
	else if (x->cap_tag == FEED_XML_T_CONTENT)
		feed_xml_set(&x->item.content, v);
	else
		free(v);
}

static void
feed_xml_end_id(struct feed_xml *x)
{
	size_t	 n;
	char	*s = feed_xml_value(x, &n);

	if (x->item_depth == 0 || n == 0)
		return;
	if (x->item_id_about) {
		free(x->item.id);
		x->item.id = NULL;
		x->item_id_about = 0;
	}
	if (x->item.id != NULL)
		return;
	x->item.id = feed_xml_dup(s, n);
	if (x->cap_tag == FEED_XML_T_GUID)
		x->item_permalink = x->cap_permalink;
}

/* RSS <author> is "mail@example.com (Name)" by the book: keep Name. */
static void
feed_xml_end_author(struct feed_xml *x)
{
	char	*s = feed_xml_plain(x), *open;
	size_t	 n = strlen(s);

	open = strchr(s, '(');
	if (open != NULL && open > s && n > 0 && s[n - 1] == ')' &&
	    memchr(s, '@', (size_t)(open - s)) != NULL &&
	    open + 1 < s + n - 1) {
		s[n - 1] = '\0';
		memmove(s, open + 1, strlen(open + 1) + 1);
		feed_text_collapse(s);
	}
	feed_xml_set(&x->item.author, s);
}

static void
feed_xml_end_date(struct feed_xml *x)
{
	size_t	 n;
	char	*s = feed_xml_value(x, &n);

	if (x->item_depth == 0)
		feed_xml_date(&x->info->updated, s, 1);
	else if (x->cap_tag == FEED_XML_T_PUBLISHED)
		feed_xml_date(&x->item.published, s, 0);
	else if (x->cap_tag == FEED_XML_T_UPDATED)
		feed_xml_date(&x->item.updated, s, 0);
}

static void
feed_xml_end_text(struct feed_xml *x)
{
	size_t	 n;
	char	*v;

	switch (x->cap_tag) {
	case FEED_XML_T_TITLE:
		feed_xml_set(x->item_depth ? &x->item.title : &x->info->title,
		    feed_xml_plain(x));
		break;
	case FEED_XML_T_LINK:
		v = feed_xml_value(x, &n);
		feed_xml_link_offer(x, feed_xml_url(x, v, n), 3);
		break;
	case FEED_XML_T_NAME:
		feed_xml_set(&x->author_name, feed_xml_plain(x));
		break;
	case FEED_XML_T_EMAIL:
		feed_xml_set(&x->author_email, feed_xml_plain(x));
		break;
	case FEED_XML_T_CATEGORY:
		feed_xml_category_add(x, feed_xml_plain(x));
		break;
	case FEED_XML_T_LANGUAGE:
		if (x->item_depth == 0)
			feed_xml_set_lang(x, feed_xml_value(x, &n), 0);
		break;
	}
}

static void
feed_xml_capture_end(struct feed_xml *x)
{
	XML_SetCharacterDataHandler(x->xp, NULL);
	x->cap_depth = 0;
	switch (x->cap_tag) {
	case FEED_XML_T_SUMMARY:
	case FEED_XML_T_CONTENT:
	case FEED_XML_T_SUBTITLE:
		feed_xml_end_html(x);
		break;
	case FEED_XML_T_ID:
	case FEED_XML_T_GUID:
		feed_xml_end_id(x);
		break;
	case FEED_XML_T_AUTHOR:
		if (x->item_depth)
			feed_xml_end_author(x);
		break;
	case FEED_XML_T_PUBLISHED:
	case FEED_XML_T_UPDATED:
	case FEED_XML_T_LASTBUILD:
		feed_xml_end_date(x);
		break;
	default:
		feed_xml_end_text(x);
		break;
	}
}

static void
feed_xml_author_end(struct feed_xml *x)
{
	if (x->author_name != NULL) {
		feed_xml_set(&x->item.author, x->author_name);
		free(x->author_email);
	} else
		feed_xml_set(&x->item.author, x->author_email);
	x->author_name = x->author_email = NULL;
	x->author_depth = 0;
}

/* ------------------------------------------------------------------ */
/* Elements. */

static void
feed_xml_media_content(struct feed_xml *x, const XML_Char **atts)
{
	feed_xml_enclosure_add(x, feed_xml_attr(atts, "url"),
	                       feed_xml_attr(atts, "type"),
	                       feed_xml_attr(atts, "fileSize"));
}

static void
feed_xml_item_child(struct feed_xml *x, int tag, int family,
                    const XML_Char **atts)
{
	if (x->depth != x->item_depth + 1) {
		if (x->author_depth && x->depth == x->author_depth + 1 &&
		    (tag == FEED_XML_T_NAME || tag == FEED_XML_T_EMAIL))
			feed_xml_capture_start(x, tag, family, atts);
		else if (x->group_depth && x->depth == x->group_depth + 1 &&
		    tag == FEED_XML_T_MEDIACONTENT)
			feed_xml_media_content(x, atts);
		return;
	}
	switch (tag) {
	case FEED_XML_T_SKIP:
		x->skip_depth = x->depth;
		break;
	case FEED_XML_T_ATOMLINK:
		feed_xml_atom_link(x, atts);
		break;
	case FEED_XML_T_ATOMCATEGORY:
		feed_xml_atom_category(x, atts);
		break;
	case FEED_XML_T_ENCLOSURE:
		feed_xml_enclosure_add(x, feed_xml_attr(atts, "url"),
		                       feed_xml_attr(atts, "type"),
		                       feed_xml_attr(atts, "length"));
		break;
	case FEED_XML_T_MEDIACONTENT:
		feed_xml_media_content(x, atts);
		break;
	case FEED_XML_T_MEDIAGROUP:
		x->group_depth = x->depth;
		break;
	case FEED_XML_T_ATOMAUTHOR:
		x->author_depth = x->depth;
		break;
	case FEED_XML_T_TITLE:
	case FEED_XML_T_LINK:
	case FEED_XML_T_SUMMARY:
	case FEED_XML_T_CONTENT:
	case FEED_XML_T_ID:
	case FEED_XML_T_GUID:
	case FEED_XML_T_AUTHOR:
	case FEED_XML_T_PUBLISHED:
	case FEED_XML_T_UPDATED: case FEED_XML_T_CATEGORY:
		feed_xml_capture_start(x, tag, family, atts);
		break;
	}
}

static void
feed_xml_feed_child(struct feed_xml *x, int tag, int family,
                    const XML_Char **atts)
{
	if (tag == FEED_XML_T_ITEM && (x->depth == 2 ||
	    (x->chan_depth && x->depth == x->chan_depth + 1))) {
		feed_xml_item_start(x, atts);
		return;
	}
	if (tag == FEED_XML_T_CHANNEL && x->depth == 2 &&
	    x->family == FEED_XML_NS_RSS) {
		x->chan_depth = 2;
		return;
	}
	if (x->chan_depth == 0 || x->depth != x->chan_depth + 1)
		return;
	switch (tag) {
	case FEED_XML_T_SKIP:
	case FEED_XML_T_ATOMAUTHOR:
		x->skip_depth = x->depth;
		break;
	case FEED_XML_T_ATOMLINK:
		feed_xml_atom_link(x, atts);
		break;
	case FEED_XML_T_TITLE: case FEED_XML_T_LINK: case FEED_XML_T_SUMMARY:
	case FEED_XML_T_SUBTITLE:
	case FEED_XML_T_LANGUAGE:
	case FEED_XML_T_PUBLISHED:
	case FEED_XML_T_UPDATED: case FEED_XML_T_LASTBUILD:
		feed_xml_capture_start(x, tag, family, atts);
		break;
	}
}

static enum feed_format
feed_xml_rss_version(const char *v)
{
	if (v == NULL)
		return FEED_RSS20;
	if (strcmp(v, "0.91") == 0)
		return FEED_RSS091;
	if (strcmp(v, "0.92") == 0)
		return FEED_RSS092;
	if (strcmp(v, "0.90") == 0 || strcmp(v, "0.9") == 0)
		return FEED_RSS090;
	return FEED_RSS20;	/* 2.0, and 0.93/0.94 which became it */
}

static void
feed_xml_not_a_feed(struct feed_xml *x, const char *name)
{
	unsigned long	 line, col;

	feed_xml_pos(x, &line, &col);
	dl_err_set(&x->err, "%lu:%lu: not a feed (root element <%.64s>)",
	    line, col, name);
	x->have_err = x->fatal = 1;
	XML_StopParser(x->xp, XML_FALSE);
}

static void
feed_xml_root(struct feed_xml *x, const char *name, const XML_Char **atts)
{
	const char	*local, *version = feed_xml_attr(atts, "version");
	int		 ns = feed_xml_ns_resolve(x, name, &local);

	if (ns == FEED_XML_NS_RDF && strcmp(local, "RDF") == 0) {
		x->family = FEED_XML_NS_RSS;
		x->info->format =
		    feed_xml_ns_lookup(x, "", 0) == FEED_XML_NS_RSS090
		        ? FEED_RSS090
		        : FEED_RSS10;
	} else if (local == name && strcmp(name, "rss") == 0) {
		x->family = FEED_XML_NS_RSS;
		x->info->format = feed_xml_rss_version(version);
	} else if (strcmp(local, "feed") == 0 &&
	           (ns == FEED_XML_NS_NONE || ns == FEED_XML_NS_ATOM ||
	            ns == FEED_XML_NS_ATOM03 || local == name)) {
		x->family = FEED_XML_NS_ATOM;
		x->chan_depth = 1;
		x->info->format = (ns == FEED_XML_NS_ATOM03 ||
		    feed_xml_streq(version, "0.3")) ? FEED_ATOM03 : FEED_ATOM10;
	} else
		feed_xml_not_a_feed(x, name);
}

static void XMLCALL
feed_xml_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
	struct feed_xml	*x = ud;
	int		 tag, family;

	x->depth++;
	if (x->skip_depth)
		return;
	if (x->cap_depth) {
		feed_xml_capture_child_start(x, name, atts);
		return;
	}
	feed_xml_scope_push(x, atts);
	if (x->depth == 1) {
		feed_xml_root(x, name, atts);
		return;
	}
	tag = feed_xml_tag_lookup(x, name, &family);
	if (x->item_depth)
		feed_xml_item_child(x, tag, family, atts);
	else
		feed_xml_feed_child(x, tag, family, atts);
}

static void XMLCALL
feed_xml_end(void *ud, const XML_Char *name)
{
	struct feed_xml	*x = ud;

	if (x->depth == x->wrap_depth)
		return;		/* a batch's wrapper: never counted */
	if (x->skip_depth) {
		if (x->depth == x->skip_depth)
			x->skip_depth = 0;
	} else if (x->cap_depth) {
		if (x->depth > x->cap_depth)
			feed_xml_capture_child_end(x, name);
		else
			feed_xml_capture_end(x);
	} else if (x->depth == x->item_depth)
		feed_xml_item_end(x);
	else if (x->depth == x->author_depth)
		feed_xml_author_end(x);
	else if (x->depth == x->group_depth)
		x->group_depth = 0;
	else if (x->depth == x->chan_depth && x->family == FEED_XML_NS_RSS)
		x->chan_depth = 0;
	if (x->depth == 1)
		x->root_done = 1;
	feed_xml_scope_pop(x);
	x->depth--;
}

/* The document's external subset, or the foreign DTD we ask for: either
 * way, the XHTML entity sets, never anything from the network. */
static int XMLCALL
feed_xml_extref(XML_Parser xp, const XML_Char *context, const XML_Char *base,
    const XML_Char *sysid, const XML_Char *pubid)
{
	XML_Parser	 ep;
	const char	*dtd;
	enum XML_Status	 st;

	(void)base;
	(void)sysid;
	(void)pubid;
	if (context != NULL)
		return XML_STATUS_OK; /* external general entity: empty */
	if ((ep = XML_ExternalEntityParserCreate(xp, NULL, NULL)) == NULL)
		return XML_STATUS_ERROR;
	dtd = feed_entity_dtd();
	st = XML_Parse(ep, dtd, (int)strlen(dtd), 1);
	XML_ParserFree(ep);
	return st == XML_STATUS_ERROR ? XML_STATUS_ERROR : XML_STATUS_OK;
}

/* ------------------------------------------------------------------ */
/* The repair filter between the UTF-8 text and expat. */

#define C	FEED_XML_C_CTRL
#define H16	FEED_XML_C_HIGH, FEED_XML_C_HIGH, FEED_XML_C_HIGH,	\
	FEED_XML_C_HIGH, FEED_XML_C_HIGH, FEED_XML_C_HIGH, FEED_XML_C_HIGH, \
	FEED_XML_C_HIGH, FEED_XML_C_HIGH, FEED_XML_C_HIGH, FEED_XML_C_HIGH, \
	FEED_XML_C_HIGH, FEED_XML_C_HIGH, FEED_XML_C_HIGH, FEED_XML_C_HIGH, \
	FEED_XML_C_HIGH
static const unsigned char feed_xml_cls[256] = {
	C, C, C, C, C, C, C, C, C, 0, 0, C, C, 0, C, C,	/* 0x00 */
	C, C, C, C, C, C, C, C, C, C, C, C, C, C, C, C,	/* 0x10 */
	['&'] = FEED_XML_C_AMP,
	['!'] = FEED_XML_C_BANG,
	[']'] = FEED_XML_C_RSQB,
	[0x80] = H16, H16, H16, H16, H16, H16, H16, H16,
};
#undef H16
#undef C

enum feed_xml_ref {
	FEED_XML_REF_OK,
	FEED_XML_REF_BARE,
	FEED_XML_REF_ILLEGAL,
	FEED_XML_REF_MORE
};

/* A warning at s[i] of the current chunk, counting lines by hand. */
static void
feed_xml_warn_in(struct feed_xml *x, const char *s, size_t i,
                 const char *reason)
{
	unsigned long	 line = x->in_line, col = x->in_col;
	const char	*p = s, *nl;

	if (x->have_warn)
		return;
	while ((nl = memchr(p, '\n', (size_t)(s + i - p))) != NULL) {
		line++;
		col = 0;
		p = nl + 1;
	}
	col += (unsigned long)(s + i - p);
	feed_xml_warn_at(x, line, col + 1, reason);
}

/* Keep s[flushed..from) and put rep in place of s[from..to). */
static void
feed_xml_cut(struct feed_xml *x, const char *s, size_t from, size_t to,
    const char *rep)
{
	dl_buf_add(&x->fout, s + x->flushed, from - x->flushed);
	if (rep != NULL)
		dl_buf_adds(&x->fout, rep);
	x->flushed = to;
}

static int
feed_xml_xml_char(uint32_t c)
{
	return c == 0x9 || c == 0xA || c == 0xD ||
	    (c >= 0x20 && c <= 0xD7FF) || (c >= 0xE000 && c <= 0xFFFD) ||
	    (c >= 0x10000 && c <= 0x10FFFF);
}

static int
feed_xml_digit(unsigned char c, int hex)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (hex && c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (hex && c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

static enum feed_xml_ref
feed_xml_ref_number(const unsigned char *p, size_t avail, size_t *len)
{
	size_t		 i = 2, start;
	uint32_t	 v = 0;
	int		 hex = 0, d;

	if (avail < 3)
		return FEED_XML_REF_MORE;
	if (p[2] == 'x' || p[2] == 'X')
		hex = i = 3;
	for (start = i; i < avail && i < 16; i++) {
		if ((d = feed_xml_digit(p[i], hex)) < 0)
			break;
		v = v > 0x10FFFF ? v : v * (hex ? 16 : 10) + (uint32_t)d;
	}
	if (i >= 16 || (i < avail && (i == start || p[i] != ';')))
		return FEED_XML_REF_BARE;
	if (i >= avail)
		return FEED_XML_REF_MORE;
	*len = i + 1;
	return feed_xml_xml_char(v) ? FEED_XML_REF_OK : FEED_XML_REF_ILLEGAL;
}

static int
feed_xml_name_char(unsigned char c, int first)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' ||
	    c == ':' || c >= 0x80 ||
	    (!first && ((c >= '0' && c <= '9') || c == '.' || c == '-'));
}

/* What the '&' at p[0] starts. */
static enum feed_xml_ref
feed_xml_ref_scan(const unsigned char *p, size_t avail, size_t *len)
{
	size_t	 i;

	if (avail < 2)
		return FEED_XML_REF_MORE;
	if (p[1] == '#')
		return feed_xml_ref_number(p, avail, len);
	for (i = 1; i < avail && i < FEED_XML_ENTITY_MAX && p[i] != ';'; i++)
		if (!feed_xml_name_char(p[i], i == 1))
			return FEED_XML_REF_BARE;
	if (i >= FEED_XML_ENTITY_MAX)
		return FEED_XML_REF_BARE;
	if (i >= avail)
		return FEED_XML_REF_MORE;
	if (i == 1)
		return FEED_XML_REF_BARE;
	*len = i + 1;
	return FEED_XML_REF_OK;
}

/* The chunk ends too soon to tell: carry s[i..) over to the next one. */
static size_t
feed_xml_more(struct feed_xml *x, size_t i)
{
	x->need = 1;
	return i;
}

/* 1 if name[0..len) is one of the five references XML predefines. */
static int
feed_xml_xml5(const char *name, size_t len)
{
	switch (len) {
	case 2:
		return (name[0] == 'l' || name[0] == 'g') && name[1] == 't';
	case 3:
		return memcmp(name, "amp", 3) == 0;
	case 4:
		return memcmp(name, "quot", 4) == 0 ||
		    memcmp(name, "apos", 4) == 0;
	default:
		return 0;
	}
}

/* A named reference s[i..i+len) that is not one of XML's five becomes
 * numeric ("&nbsp;" -> "&#xA0;") when it is an HTML one: expat then
 * needs no DTD for it, and an item can go to the item parser. */
static void
feed_xml_named(struct feed_xml *x, const char *s, size_t i, size_t len)
{
	const unsigned char *v;
	char		 rep[64];
	size_t		 k, j, at = 0;
	uint32_t	 cp;

	if (feed_xml_xml5(s + i + 1, len - 2))
		return;
	v = (const unsigned char *)feed_entity_lookup(s + i + 1, len - 2);
	if (v == NULL) {
		x->named_left = 1;	/* items must look for it */
		return;	/* the main parser's skipped-entity handler */
	}
	for (; *v != '\0' && at + 12 < sizeof rep; v += k) {
		k = *v < 0x80 ? 1 : *v < 0xE0 ? 2 : *v < 0xF0 ? 3 : 4;
		cp = k == 1 ? *v : (uint32_t)(*v & (0x7F >> k));
		for (j = 1; j < k; j++)
			cp = cp << 6 | (v[j] & 0x3F);
		at += (size_t)snprintf(rep + at, sizeof rep - at, "&#x%X;",
		    (unsigned)cp);
	}
	feed_xml_cut(x, s, i, i + len, rep);
}

/* At '&': returns the next position (or where to wait for more). */
static size_t
feed_xml_amp(struct feed_xml *x, const char *s, size_t n, size_t i, int final)
{
	size_t		 len = 1;
	enum feed_xml_ref	 r;

	/* escaped HTML is mostly &lt; and &gt;: nothing to check or do */
	if (n - i >= 4 && (s[i + 1] == 'l' || s[i + 1] == 'g') &&
	    s[i + 2] == 't' && s[i + 3] == ';')
		return i + 4;
	r = feed_xml_ref_scan((const unsigned char *)s + i, n - i, &len);
	if (r == FEED_XML_REF_MORE && !final)
		return feed_xml_more(x, i);
	switch (r) {
	case FEED_XML_REF_OK:
		if (s[i + 1] != '#')
			feed_xml_named(x, s, i, len);
		return i + len;
	case FEED_XML_REF_ILLEGAL:
		feed_xml_warn_in(x, s, i,
		                 "reference to a character not allowed "
		                 "in XML dropped");
		feed_xml_cut(x, s, i, i + len, NULL);
		return i + len;
	default:
		feed_xml_warn_in(x, s, i, "bare '&' escaped");
		feed_xml_cut(x, s, i, i + 1, "&amp;");
		return i + 1;
	}
}

/* Length of the valid UTF-8 sequence at p[0] (>= 0x80), else 0 with *bad
 * the length of its maximal invalid subpart (what one U+FFFD replaces, as
 * charset_ does) and *trunc 1 if that subpart is cut off by the end. */
static size_t
feed_xml_utf8_seq(const unsigned char *p, size_t avail, size_t *bad,
    int *trunc)
{
	unsigned char	 c = p[0], lo = 0x80, hi = 0xBF;
	size_t		 len, i;

	*trunc = 0;
	if (c < 0xC2 || c > 0xF4) {
		*bad = 1;
		return 0;
	}
	len = c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
	if (c == 0xE0)
		lo = 0xA0;	/* overlong */
	else if (c == 0xED)
		hi = 0x9F;	/* surrogates */
	else if (c == 0xF0)
		lo = 0x90;	/* overlong */
	else if (c == 0xF4)
		hi = 0x8F;	/* above U+10FFFF */
	for (i = 1; i < len; i++) {
		if (i >= avail || p[i] < lo || p[i] > hi) {
			*bad = i;
			*trunc = i >= avail;
			return 0;
		}
		lo = 0x80;
		hi = 0xBF;
	}
	return len;
}

/* At a byte >= 0x80: invalid UTF-8 becomes U+FFFD (as charset_ would
 * have made it), U+FFFE and U+FFFF (not XML characters) go. */
static size_t
feed_xml_high(struct feed_xml *x, const char *s, size_t n, size_t i,
    int final)
{
	const unsigned char *u = (const unsigned char *)s + i;
	size_t		 k, bad;
	int		 trunc;

	if ((k = feed_xml_utf8_seq(u, n - i, &bad, &trunc)) == 0) {
		if (trunc && !final)
			return feed_xml_more(x, i);
		feed_xml_cut(x, s, i, i + bad, "\xEF\xBF\xBD");
		return i + bad;
	}
	if (k == 3 && u[0] == 0xEF && u[1] == 0xBF && u[2] >= 0xBE) {
		feed_xml_warn_in(x, s, i,
		                 "non-character U+FFFE/U+FFFF dropped");
		feed_xml_cut(x, s, i, i + 3, NULL);
	}
	return i + k;
}

/* 1 if s[i..) starts with lit, 0 if not, -1 if the chunk ends first. */
static int
feed_xml_lookahead(const char *s, size_t n, size_t i, const char *lit,
    size_t len)
{
	size_t	 k = n - i < len ? n - i : len;

	if (memcmp(s + i, lit, k) != 0)
		return 0;
	return k == len ? 1 : -1;
}

/* At a special byte in the body or a CDATA section. */
static size_t
feed_xml_special(struct feed_xml *x, const char *s, size_t n, size_t i,
                 int final)
{
	const unsigned char *u = (const unsigned char *)s;
	int		 r;

	switch (feed_xml_cls[u[i]]) {
	case FEED_XML_C_CTRL:
		feed_xml_warn_in(x, s, i, "control character dropped");
		feed_xml_cut(x, s, i, i + 1, NULL);
		return i + 1;
	case FEED_XML_C_AMP:
		return feed_xml_amp(x, s, n, i, final);
	case FEED_XML_C_BANG:	/* the '<' before it is never cut */
		if (i == 0 || s[i - 1] != '<' ||
		    (r = feed_xml_lookahead(s, n, i, "![CDATA[", 8)) == 0)
			return i + 1;
		if (r < 0)
			return final ? i + 1 : feed_xml_more(x, i - 1);
		x->fstate = FEED_XML_F_CDATA;
		return i + 8;
	case FEED_XML_C_RSQB:
		if ((r = feed_xml_lookahead(s, n, i, "]]>", 3)) == 0)
			return i + 1;
		if (r < 0)
			return final ? i + 1 : feed_xml_more(x, i);
		x->fstate = FEED_XML_F_BODY;
		return i + 3;
	default:
		return feed_xml_high(x, s, n, i, final);
	}
}

#if defined(__SSE2__) && !defined(FEED_XML_NO_SIMD)
/* The first byte at or after i whose class is in stop (16 at a time). */
static size_t
feed_xml_scan(const unsigned char *u, size_t n, size_t i, unsigned stop)
{
	const __m128i	 sp = _mm_set1_epi8(0x20), tab = _mm_set1_epi8('\t');
	const __m128i	 lf = _mm_set1_epi8('\n'), cr = _mm_set1_epi8('\r');
	const __m128i	 c1 = _mm_set1_epi8(stop & FEED_XML_C_AMP ? '&' : ']');
	const __m128i	 c2 = _mm_set1_epi8(stop & FEED_XML_C_AMP ? '!' : ']');
	__m128i		 v, m, ws;
	unsigned	 bits;

	for (; i + 16 <= n; i += 16) {
		v = _mm_loadu_si128((const __m128i *)(const void *)(u + i));
		/* signed: the bytes >= 0x80 are below 0x20 too */
		m = _mm_cmplt_epi8(v, sp);
		ws = _mm_or_si128(_mm_cmpeq_epi8(v, lf),
		    _mm_or_si128(_mm_cmpeq_epi8(v, tab), _mm_cmpeq_epi8(v, cr)));
		m = _mm_or_si128(_mm_andnot_si128(ws, m),
		    _mm_or_si128(_mm_cmpeq_epi8(v, c1), _mm_cmpeq_epi8(v, c2)));
		if ((bits = (unsigned)_mm_movemask_epi8(m)) != 0)
			return i + (size_t)__builtin_ctz(bits);
	}
	while (i < n && (feed_xml_cls[u[i]] & stop) == 0)
		i++;
	return i;
}
#else
static size_t
feed_xml_scan(const unsigned char *u, size_t n, size_t i, unsigned stop)
{
	while (i < n && (feed_xml_cls[u[i]] & stop) == 0)
		i++;
	return i;
}
#endif

/* Past a run of the common valid UTF-8 forms at u[i] (2 bytes, and 3
 * bytes but for E0 and EF, which feed_xml_high checks); i if none. */
static size_t
feed_xml_utf8_run(const unsigned char *u, size_t n, size_t i)
{
	unsigned char	 c;

	while (i + 2 < n) {
		c = u[i];
		if (c >= 0xC2 && c <= 0xDF && (u[i + 1] & 0xC0) == 0x80)
			i += 2;
		else if (c >= 0xE1 && c <= 0xEE && (u[i + 1] & 0xC0) == 0x80 &&
		    (u[i + 2] & 0xC0) == 0x80 && (c != 0xED || u[i + 1] < 0xA0))
			i += 3;
		else
			break;
	}
	return i;
}

static size_t
feed_xml_body(struct feed_xml *x, const char *s, size_t n, size_t i,
    int final)
{
	const unsigned char *u = (const unsigned char *)s;
	enum feed_xml_fstate st = x->fstate;
	unsigned	 stop = st == FEED_XML_F_CDATA ? FEED_XML_STOP_CDATA
	                                               : FEED_XML_STOP_BODY;
	size_t		 k;

	while ((i = feed_xml_scan(u, n, i, stop)) < n) {
		if (u[i] >= 0x80 && (k = feed_xml_utf8_run(u, n, i)) > i) {
			i = k;
			continue;
		}
		i = feed_xml_special(x, s, n, i, final);
		if (x->need || x->fstate != st)
			return i;
	}
	/* a '<' near the end may open "<![CDATA[" or an item (which the
	 * router wants to see whole): wait for the next chunk */
	for (k = n; st == FEED_XML_F_BODY && !final && k > x->flushed &&
	     n - k < FEED_XML_LT_TAIL; k--)
		if (u[k - 1] == '<')
			return feed_xml_more(x, k - 1);
	return n;
}

static unsigned long
feed_xml_count_lines(const char *s, size_t n)
{
	unsigned long	 lines = 0;
	const char	*p = s, *end = s + n;

	while ((p = memchr(p, '\n', (size_t)(end - p))) != NULL) {
		lines++;
		p++;
	}
	return lines;
}

/* Before the root: skip white space, junk and <?...?>. */
static size_t
feed_xml_pre(struct feed_xml *x, const char *s, size_t n, size_t i, int final)
{
	const char	*lt = memchr(s + i, '<', n - i);
	size_t		 end = lt != NULL ? (size_t)(lt - s) : n, j;

	for (j = i; j < end; j++) {
		if (!feed_xml_isspace(s[j])) {
			feed_xml_warn_in(x, s, j,
			                 "junk before the root element "
			                 "skipped");
			break;
		}
	}
	if (end > i && !x->seen_lt)
		x->pre_ws = 1;
	x->skip_lines += feed_xml_count_lines(s + i, end - i);
	feed_xml_cut(x, s, i, end, NULL);
	if (lt == NULL)
		return n;
	if (end + 6 > n && !final)
		return feed_xml_more(x, end);
	if (end + 1 >= n || s[end + 1] != '?') {
		x->fstate = FEED_XML_F_BODY;
		return end;
	}
	/* expat would refuse a declaration that is not at the very start */
	if (x->pre_ws && !x->seen_lt && end + 6 <= n &&
	    memcmp(s + end, "<?xml", 5) == 0 && feed_xml_isspace(s[end + 5]))
		feed_xml_warn_at(x, 1, 1,
		                 "white space before the XML declaration "
		                 "skipped");
	x->seen_lt = 1;
	x->fstate = FEED_XML_F_PI;
	feed_xml_cut(x, s, end, end + 2, NULL);
	return end + 2;
}

/* Inside <?...?> before the root: skip to "?>". */
static size_t
feed_xml_pi(struct feed_xml *x, const char *s, size_t n, size_t i)
{
	const char	*gt;
	size_t		 start = i, end;

	for (;;) {
		gt = memchr(s + i, '>', n - i);
		end = gt != NULL ? (size_t)(gt - s) : n;
		x->skip_lines += feed_xml_count_lines(s + i, end - i);
		if (gt == NULL) {
			x->pi_q = n > start && s[n - 1] == '?';
			feed_xml_cut(x, s, start, n, NULL);
			return n;
		}
		if ((end > start && s[end - 1] == '?') ||
		    (end == start && x->pi_q))
			break;
		i = end + 1;
	}
	x->pi_q = 0;
	feed_xml_cut(x, s, start, end + 1, NULL);
	x->fstate = FEED_XML_F_PRE;
	return end + 1;
}

/* Lines and column of the next chunk's start, for warnings. */
static void
feed_xml_lines_advance(struct feed_xml *x, const char *s, size_t n)
{
	const char	*p = s, *nl, *end = s + n;

	while ((nl = memchr(p, '\n', (size_t)(end - p))) != NULL) {
		x->in_line++;
		x->in_col = 0;
		p = nl + 1;
	}
	x->in_col += (unsigned long)(end - p);
}

static void
feed_xml_expat_error(struct feed_xml *x, int final)
{
	enum XML_Error	 code = XML_GetErrorCode(x->xp);
	const char	*reason = XML_ErrorString(code);
	unsigned long	 line, col;

	x->dead = 1;
	if (x->fatal)
		return;
	if (final && x->depth > 0 && (code == XML_ERROR_NO_ELEMENTS ||
	    code == XML_ERROR_UNCLOSED_TOKEN ||
	    code == XML_ERROR_PARTIAL_CHAR ||
	    code == XML_ERROR_UNCLOSED_CDATA_SECTION))
		reason = "document cut off";
	else if (final && x->depth == 0 && code == XML_ERROR_NO_ELEMENTS)
		reason = "no root element";
	if (x->have_err)
		return;	/* an item skipped before says more */
	feed_xml_pos(x, &line, &col);
	dl_err_set(&x->err, "%lu:%lu: %s", line, col, reason);
	x->have_err = 1;
}

static int
feed_xml_parse(struct feed_xml *x, const char *s, size_t n, int final)
{
	if (x->root_done)
		return 0;
	x->fed += (long long)n;
	if (XML_Parse(x->main, s, (int)n, final) != XML_STATUS_ERROR)
		return 0;
	if (x->root_done)	/* junk after the document: ignore it */
		return 0;
	feed_xml_expat_error(x, final);
	return -1;
}

static void	 feed_xml_expat_setup(XML_Parser, struct feed_xml *, int);
static XML_Parser feed_xml_expat_new(struct feed_xml *, int);

/* ------------------------------------------------------------------ */
/* Items parsed on their own.
 *
 * Expat recounts lines and columns over every byte of a buffer that is
 * not the last one, a third of its time on a feed read in pieces. So the
 * main parser sees the feed between its items, and each item, once its
 * end tag is in, goes whole and final to a parser of its own (an
 * external entity parser: it shares the entity declarations). An item
 * that cannot be cut out cleanly (nested, larger than FEED_XML_SEG_MAX,
 * cut off, or split where its start tag began) goes through the main
 * parser as before. A fatal error inside an item skips that item and
 * the reading goes on after it. */

#define FEED_XML_SEG_MAX	(256u * 1024)
/* Items parsed together (in place, in one chunk): at most so many. */
#define FEED_XML_BATCH_MAX	64
#define FEED_XML_BATCH_BYTES	(32u * 1024)

enum feed_xml_seg {
	FEED_XML_SEG_MORE = 0,	/* end not found yet */
	FEED_XML_SEG_END,
	FEED_XML_SEG_GIVEUP
};

/* Characters (not continuation bytes) in s[0..n): expat's columns. */
static unsigned long
feed_xml_chars(const char *s, size_t n)
{
	unsigned long	 c = 0;
	size_t		 i;

	for (i = 0; i < n; i++)
		c += ((unsigned char)s[i] & 0xC0) != 0x80;
	return c;
}

/* 1 if s[0..n) starts with name followed by white space, '>' or '/'. */
static int
feed_xml_seg_name(const char *s, size_t n, const char *name, size_t len)
{
	return n > len && memcmp(s, name, len) == 0 &&
	    (feed_xml_isspace(s[len]) || s[len] == '>' || s[len] == '/');
}

/* Past the item's start tag: GIVEUP if it closes itself. */
static enum feed_xml_seg
feed_xml_seg_start_tag(struct feed_xml *x, const char *b, size_t n)
{
	const char	*q = memchr(b, '>', n);

	if (q == NULL)
		return FEED_XML_SEG_MORE;
	if (q[-1] == '/')
		return FEED_XML_SEG_GIVEUP;
	x->seg_i = (size_t)(q - b) + 1;
	return FEED_XML_SEG_END;
}

/* The "]]>" or "-->" that closes what b[from..n) is inside, or NULL. */
static const char *
feed_xml_seg_close(const char *b, size_t from, size_t n, const char *close)
{
	const char	*p = b + from, *end = b + n;
#if defined(__SSE2__) && !defined(FEED_XML_NO_SIMD)
	const __m128i	 c0 = _mm_set1_epi8(close[0]);
	const __m128i	 c1 = _mm_set1_epi8(close[1]), gt = _mm_set1_epi8('>');
	__m128i		 m;
	unsigned	 bits;

	/* HTML in CDATA has a '>' every few bytes: match all three */
	for (; end - p >= 18; p += 16) {
		m = _mm_and_si128(_mm_cmpeq_epi8(c0,
		    _mm_loadu_si128((const __m128i *)(const void *)p)),
		    _mm_cmpeq_epi8(c1,
		    _mm_loadu_si128((const __m128i *)(const void *)(p + 1))));
		m = _mm_and_si128(m, _mm_cmpeq_epi8(gt,
		    _mm_loadu_si128((const __m128i *)(const void *)(p + 2))));
		if ((bits = (unsigned)_mm_movemask_epi8(m)) != 0)
			return p + __builtin_ctz(bits);
	}
#endif
	for (p += 2; p < end &&
	    (p = memchr(p, '>', (size_t)(end - p))) != NULL; p++)
		if (p - 2 >= b + from && p[-1] == close[1] &&
		    p[-2] == close[0])
			return p - 2;
	return NULL;
}

/* The next '<' in b[from..n) the item scan must look at: "<!", the
 * item's start or end tag (by their first two letters), or any '<' in
 * the last bytes; NULL if none. */
static const char *
feed_xml_seg_next(struct feed_xml *x, const char *b, size_t from, size_t n)
{
	const char	*p = b + from, *end = b + n;
#if defined(__SSE2__) && !defined(FEED_XML_NO_SIMD)
	const __m128i	 lt = _mm_set1_epi8('<'), bang = _mm_set1_epi8('!');
	const __m128i	 sl = _mm_set1_epi8('/');
	const __m128i	 t0 = _mm_set1_epi8(x->seg_tag[0]);
	const __m128i	 t1 = _mm_set1_epi8(x->seg_tag[1]);
	__m128i		 v1, v2, v3, m;
	unsigned	 bits;

	for (; end - p >= 19; p += 16) {
		m = _mm_cmpeq_epi8(lt,
		    _mm_loadu_si128((const __m128i *)(const void *)p));
		if (_mm_movemask_epi8(m) == 0)
			continue;
		v1 = _mm_loadu_si128((const __m128i *)(const void *)(p + 1));
		v2 = _mm_loadu_si128((const __m128i *)(const void *)(p + 2));
		v3 = _mm_loadu_si128((const __m128i *)(const void *)(p + 3));
		m = _mm_and_si128(m, _mm_or_si128(_mm_or_si128(
		    _mm_cmpeq_epi8(v1, bang),
		    _mm_and_si128(_mm_cmpeq_epi8(v1, t0),
		    _mm_cmpeq_epi8(v2, t1))),
		    _mm_and_si128(_mm_cmpeq_epi8(v1, sl), _mm_and_si128(
		    _mm_cmpeq_epi8(v2, t0), _mm_cmpeq_epi8(v3, t1)))));
		if ((bits = (unsigned)_mm_movemask_epi8(m)) != 0)
			return p + __builtin_ctz(bits);
	}
#else
	(void)x;
#endif
	return memchr(p, '<', (size_t)(end - p));
}

/* At the '<' at b[i]: END (x->seg_i past the end tag), GIVEUP, MORE
 * (x->seg_i = i), or 3: go on from x->seg_i. */
static int
feed_xml_seg_tag(struct feed_xml *x, const char *b, size_t n, size_t i)
{
	const char	*p = b + i, *q;
	size_t		 tl = x->seg_taglen;

	x->seg_i = i;
	if (n - i < tl + 10)
		return FEED_XML_SEG_MORE;
	x->seg_i = i + 1;
	if (p[1] == '!') {
		if (memcmp(p, "<![CDATA[", 9) == 0) {
			x->seg_skip = "]]>";
			x->seg_i = i + 9;
		} else if (p[2] == '-' && p[3] == '-') {
			x->seg_skip = "-->";
			x->seg_i = i + 4;
		}
	} else if (p[1] == '/') {
		if (p[2] != x->seg_tag[0] ||
		    !feed_xml_seg_name(p + 2, n - i - 2, x->seg_tag, tl))
			return 3;
		if ((q = memchr(p, '>', n - i)) == NULL) {
			x->seg_i = i;
			return FEED_XML_SEG_MORE;
		}
		x->seg_i = (size_t)(q - b) + 1;
		return FEED_XML_SEG_END;
	} else if (p[1] == x->seg_tag[0] &&
	    feed_xml_seg_name(p + 1, n - i - 1, x->seg_tag, tl))
		return FEED_XML_SEG_GIVEUP;	/* nested */
	return 3;
}

/* Look for the item's end tag in b[x->seg_i..n) (b: the item so far). */
static enum feed_xml_seg
feed_xml_seg_scan(struct feed_xml *x, const char *b, size_t n)
{
	const char	*p;
	int		 r;

	if (x->seg_i == 0 &&
	    (r = feed_xml_seg_start_tag(x, b, n)) != FEED_XML_SEG_END)
		return (enum feed_xml_seg)r;
	while (x->seg_i < n) {
		if (x->seg_skip != NULL) {	/* in CDATA or a comment */
			p = feed_xml_seg_close(b, x->seg_i, n, x->seg_skip);
			if (p == NULL) {
				if (n - 2 > x->seg_i)
					x->seg_i = n - 2;
				return FEED_XML_SEG_MORE;
			}
			x->seg_i = (size_t)(p - b) + 3;
			x->seg_skip = NULL;
			continue;
		}
		if ((p = feed_xml_seg_next(x, b, x->seg_i, n)) == NULL)
			break;
		if ((r = feed_xml_seg_tag(x, b, n, (size_t)(p - b))) != 3)
			return (enum feed_xml_seg)r;
	}
	x->seg_i = n;
	return FEED_XML_SEG_MORE;
}

/* The next "<i" or "<e" in s[0..n): where an item or entry may start
 * (the family is known only once the root is read). */
static const char *
feed_xml_seg_find(const char *s, size_t n)
{
	const char	*p = s, *end = s + n;
#if defined(__SSE2__) && !defined(FEED_XML_NO_SIMD)
	const __m128i	 lt = _mm_set1_epi8('<'), vi = _mm_set1_epi8('i');
	const __m128i	 ve = _mm_set1_epi8('e');
	__m128i		 a, b;
	unsigned	 bits;

	for (; end - p >= 17; p += 16) {
		a = _mm_loadu_si128((const __m128i *)(const void *)p);
		b = _mm_loadu_si128((const __m128i *)(const void *)(p + 1));
		b = _mm_or_si128(_mm_cmpeq_epi8(b, vi), _mm_cmpeq_epi8(b, ve));
		bits = (unsigned)_mm_movemask_epi8(_mm_and_si128(
		    _mm_cmpeq_epi8(a, lt), b));
		if (bits != 0)
			return p + __builtin_ctz(bits);
	}
#endif
	while ((p = memchr(p, '<', (size_t)(end - p))) != NULL) {
		if (p + 1 == end || p[1] == 'i' || p[1] == 'e')
			return p;
		p++;
	}
	return NULL;
}

/* 1 if the main parser stands where an item may start and s[0..n) (at
 * a '<') starts one: then gathering begins. */
static int
feed_xml_seg_begin(struct feed_xml *x, const char *s, size_t n)
{
	const char	*tag = x->family == FEED_XML_NS_ATOM ? "entry" : "item";
	int		 family;

	if (XML_GetCurrentByteIndex(x->main) != x->fed ||
	    x->root_done || x->dead || x->item_depth || x->skip_depth ||
	    x->cap_depth || x->depth < 1 || (x->depth != 1 &&
	    (x->chan_depth == 0 || x->depth != x->chan_depth)) ||
	    !feed_xml_seg_name(s + 1, n - 1, tag, strlen(tag)) ||
	    feed_xml_tag_lookup(x, tag, &family) != FEED_XML_T_ITEM)
		return 0;
	x->seg_tag = tag;
	x->seg_taglen = strlen(tag);
	x->seg_on = 1;
	x->seg_i = 0;
	x->seg_skip = NULL;
	dl_buf_reset(&x->seg);
	feed_xml_pos(x, &x->seg_line, &x->seg_col);
	x->seg_col--;
	x->seg_pline = XML_GetCurrentLineNumber(x->main);
	x->seg_pcol = XML_GetCurrentColumnNumber(x->main);
	return 1;
}

/* The main parser skips the gathered bytes: count them in. */
static void
feed_xml_seg_skipped(struct feed_xml *x, const char *s, size_t n)
{
	const char	*nl;
	unsigned long	 lines = 0, col = x->seg_col;

	while ((nl = memchr(s, '\n', n)) != NULL) {
		lines++;
		col = 0;
		n -= (size_t)(nl + 1 - s);
		s = nl + 1;
	}
	col += feed_xml_chars(s, n);
	x->skip_lines += lines;
	x->adj_line = x->seg_pline;
	x->adj_col = col - x->seg_pcol;
}

/* After a fatal error inside an item: back to where the item began. */
static void
feed_xml_seg_reset(struct feed_xml *x, int depth)
{
	feed_item_clear(&x->item);
	free(x->author_name);
	free(x->author_email);
	x->author_name = x->author_email = NULL;
	x->item_depth = x->cap_depth = x->skip_depth = 0;
	x->author_depth = x->group_depth = 0;
	x->depth = depth + 1;
	feed_xml_scope_pop(x);
	x->depth = depth;
}

static void
feed_xml_seg_error(struct feed_xml *x, XML_Parser ep)
{
	unsigned long	 l = XML_GetCurrentLineNumber(ep);
	unsigned long	 c = XML_GetCurrentColumnNumber(ep);

	if (x->have_err)
		return;
	dl_err_set(&x->err, "%lu:%lu: %s (item skipped)", x->seg_line + l - 1,
	    (l == 1 ? x->seg_col + c : c) + 1,
	    XML_ErrorString(XML_GetErrorCode(ep)));
	x->have_err = 1;
}

/* The first "<![CDATA[" that starts in [p, end), or NULL. */
static const char *
feed_xml_seg_cdata(const char *p, const char *end, const char *limit)
{
	while ((p = memchr(p, '<', (size_t)(end - p))) != NULL) {
		if (limit - p >= 9 && p[1] == '!' &&
		    memcmp(p, "<![CDATA[", 9) == 0)
			return p;
		p++;
	}
	return NULL;
}

/* 1 if the references in s[0..n) are all ones XML knows without a DTD:
 * the five predefined and numeric ones. The filter has made the HTML
 * ones numeric; what is left is undefined (the main parser's DTD reports
 * it) or in a CDATA section (harmless: the item just goes the slow way).
 * A '&' that starts no reference is in CDATA: the filter escapes others. */
static int
feed_xml_seg_plain_refs(const char *s, size_t n)
{
	const char	*p = s, *end = s + n, *name, *amp, *cd;

	while ((amp = memchr(p, '&', (size_t)(end - p))) != NULL) {
		if ((cd = feed_xml_seg_cdata(p, amp, end)) != NULL) {
			cd = feed_xml_seg_close(s, (size_t)(cd - s) + 9, n,
			    "]]>");
			if (cd == NULL)
				return 1;
			p = cd + 3;
			continue;
		}
		name = p = amp + 1;
		while (p < end && feed_xml_name_char((unsigned char)*p,
		    p == name))
			p++;
		if (p > name && p < end && *p == ';' &&
		    !feed_xml_xml5(name, (size_t)(p - name)))
			return 0;
	}
	return 1;
}

static XML_Parser feed_xml_expat_new(struct feed_xml *, int);

/* The item parser, ready for a new document. */
static XML_Parser
feed_xml_seg_parser(struct feed_xml *x)
{
	XML_Parser	 ep = x->item_xp;

	if (ep == NULL)
		ep = x->item_xp = feed_xml_expat_new(x, 0);
	else {
		XML_ParserReset(ep, "UTF-8");
		feed_xml_expat_setup(ep, x, 0);
	}
	/* else expat draws a salt (a getrandom call) for every item */
	XML_SetHashSalt(ep, x->item_salt);
	return ep;
}

/* Parse the gathered item, final, with the item parser. */
static void
feed_xml_seg_parse(struct feed_xml *x, const char *b, size_t n)
{
	XML_Parser	 ep = feed_xml_seg_parser(x);
	int		 depth = x->depth;

	x->xp = ep;
	if (XML_Parse(ep, b, (int)n, 1) == XML_STATUS_ERROR) {
		feed_xml_seg_error(x, ep);
		feed_xml_seg_reset(x, depth);
	}
	x->xp = x->main;
	feed_xml_seg_skipped(x, b, n);
}

/* ------------------------------------------------------------------ */
/* The fast path (see struct feed_xml_fast). */

/* Room for n more bytes in f->out. */
static void
feed_xml_fast_room(struct feed_xml_fast *f, size_t n)
{
	if (f->aout - f->nout >= n)
		return;
	while (f->aout - f->nout < n)
		f->aout = f->aout ? f->aout * 2 : 4096;
	f->out = dl_realloc(f->out, f->aout);
}

static void
feed_xml_fast_put(struct feed_xml_fast *f, const char *s, size_t n)
{
	feed_xml_fast_room(f, n);
	memcpy(f->out + f->nout, s, n);
	f->nout += n;
}

static void
feed_xml_fast_ev(struct feed_xml_fast *f, unsigned kind, size_t off,
    size_t len, unsigned natts)
{
	struct feed_xml_fev	*e;

	if (f->nev == f->aev) {
		f->aev = f->aev ? f->aev * 2 : 256;
		f->ev = dl_reallocarray(f->ev, f->aev, sizeof *f->ev);
	}
	e = &f->ev[f->nev++];
	e->kind = kind;
	e->natts = natts;
	e->off = off;
	e->len = len;
}

/* A byte text cannot hold as it is: markup, a reference, a CR to
 * normalise, "]]>" maybe, or a control character. */
static int
feed_xml_fast_special(unsigned char c)
{
	return c == '<' || c == '&' || c == ']' ||
	    (c < 0x20 && c != '\t' && c != '\n');
}

/* The first special byte in s[i..n), or n. */
static size_t
feed_xml_fast_span(const char *s, size_t i, size_t n)
{
#if defined(__SSE2__) && !defined(FEED_XML_NO_SIMD)
	const __m128i	 lt = _mm_set1_epi8('<'), amp = _mm_set1_epi8('&');
	const __m128i	 rs = _mm_set1_epi8(']'), c1f = _mm_set1_epi8(0x1F);
	const __m128i	 tab = _mm_set1_epi8('\t'), nl = _mm_set1_epi8('\n');
	__m128i		 v, ctl, m;
	int		 bits;

	for (; i + 16 <= n; i += 16) {
		v = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
		ctl = _mm_cmpeq_epi8(_mm_min_epu8(v, c1f), v);
		ctl = _mm_andnot_si128(_mm_or_si128(_mm_cmpeq_epi8(v, tab),
		    _mm_cmpeq_epi8(v, nl)), ctl);
		m = _mm_or_si128(_mm_or_si128(ctl, _mm_cmpeq_epi8(v, lt)),
		    _mm_or_si128(_mm_cmpeq_epi8(v, amp), _mm_cmpeq_epi8(v, rs)));
		if ((bits = _mm_movemask_epi8(m)) != 0)
			return i + (size_t)__builtin_ctz((unsigned)bits);
	}
#endif
	while (i < n && !feed_xml_fast_special((unsigned char)s[i]))
		i++;
	return i;
}

/* UTF-8 of c (a valid XML character) into u; its length. */
static size_t
feed_xml_fast_utf8(uint32_t c, char *u)
{
	if (c < 0x80) {
		u[0] = (char)c;
		return 1;
	}
	if (c < 0x800) {
		u[0] = (char)(0xC0 | (c >> 6));
		u[1] = (char)(0x80 | (c & 0x3F));
		return 2;
	}
	if (c < 0x10000) {
		u[0] = (char)(0xE0 | (c >> 12));
		u[1] = (char)(0x80 | ((c >> 6) & 0x3F));
		u[2] = (char)(0x80 | (c & 0x3F));
		return 3;
	}
	u[0] = (char)(0xF0 | (c >> 18));
	u[1] = (char)(0x80 | ((c >> 12) & 0x3F));
	u[2] = (char)(0x80 | ((c >> 6) & 0x3F));
	u[3] = (char)(0x80 | (c & 0x3F));
	return 4;
}

/* "&#N;" or "&#xH;" at s[i] (XML: lowercase x only); the character or
 * 0 if it is no valid reference to a legal character. */
static uint32_t
feed_xml_fast_charref(const char *s, size_t n, size_t *i)
{
	size_t		 j = *i + 2, start;
	uint32_t	 v = 0;
	int		 hex = 0, d;

	if (j < n && s[j] == 'x') {
		hex = 1;
		j++;
	}
	for (start = j; j < n; j++) {
		if ((d = feed_xml_digit((unsigned char)s[j], hex)) < 0)
			break;
		v = v > 0x10FFFF ? v : v * (hex ? 16u : 10u) + (uint32_t)d;
	}
	if (j == start || j >= n || s[j] != ';' || !feed_xml_xml_char(v))
		return 0;
	*i = j + 1;
	return v;
}

/* The reference at s[*i] ('&') decoded into u; its length, or 0 if it is
 * not one we read (an entity other than the five predefined ones). */
static size_t
feed_xml_fast_ref(const char *s, size_t n, size_t *i, char *u)
{
	static const struct {
		const char	*name;
		size_t		 len;
		char		 c;
	} pre[] = {
		{ "lt;", 3, '<' }, { "gt;", 3, '>' }, { "amp;", 4, '&' },
		{ "quot;", 5, '"' }, { "apos;", 5, '\'' },
	};
	size_t		 k, avail = n - *i - 1;
	uint32_t	 c;

	if (avail > 0 && s[*i + 1] == '#') {
		if ((c = feed_xml_fast_charref(s, n, i)) == 0)
			return 0;
		return feed_xml_fast_utf8(c, u);
	}
	for (k = 0; k < sizeof pre / sizeof pre[0]; k++) {
		if (avail >= pre[k].len &&
		    memcmp(s + *i + 1, pre[k].name, pre[k].len) == 0) {
			*i += pre[k].len + 1;
			u[0] = pre[k].c;
			return 1;
		}
	}
	return 0;
}

/* Length of the name at s[i]: ASCII only, a letter or '_' first. */
static size_t
feed_xml_fast_name(const char *s, size_t n, size_t i)
{
	size_t		 j = i;
	unsigned char	 c;

	if (j >= n || !((s[j] >= 'a' && s[j] <= 'z') ||
	    (s[j] >= 'A' && s[j] <= 'Z') || s[j] == '_'))
		return 0;
	for (j++; j < n; j++) {
		c = (unsigned char)s[j];
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || c == '_' || c == '-' ||
		    c == '.' || c == ':'))
			break;
	}
	return j - i;
}

/* Skip XML white space from s[*i]; 1 if there was some. */
static int
feed_xml_fast_ws(const char *s, size_t n, size_t *i)
{
	size_t	 j = *i;

	while (j < n && feed_xml_isspace(s[j]))
		j++;
	if (j == *i)
		return 0;
	*i = j;
	return 1;
}

/* The quoted value at f->s[f->i], normalised as expat does for CDATA
 * attributes, into out with its NUL. 0, or -1 to give up. */
static int
feed_xml_fast_value(struct feed_xml_fast *f)
{
	const char	*s = f->s;
	size_t		 n = f->n, i = f->i + 1, k;
	char		 q = s[f->i], u[4];
	unsigned char	 c;

	for (;;) {
		for (k = i; k < n && s[k] != q && !feed_xml_fast_special(
		    (unsigned char)s[k]) && s[k] != '\t' && s[k] != '\n'; k++)
			;
		feed_xml_fast_put(f, s + i, k - i);
		if ((i = k) >= n)
			return -1;
		c = (unsigned char)s[i];
		if (c == (unsigned char)q)
			break;
		if (c == '&') {
			if ((k = feed_xml_fast_ref(s, n, &i, u)) == 0)
				return -1;
			feed_xml_fast_put(f, u, k);
		} else if (c == '\t' || c == '\n' || c == '\r') {
			feed_xml_fast_put(f, " ", 1);
			i += (c == '\r' && i + 1 < n && s[i + 1] == '\n') ? 2 : 1;
		} else if (c == ']') {
			feed_xml_fast_put(f, "]", 1);
			i++;
		} else
			return -1;	/* '<' or a control */
	}
	feed_xml_fast_put(f, "", 1);
	f->i = i + 1;
	return 0;
}

/* 1 if the attribute name out[off..off+len) is already among the natts
 * stored from out[first]. */
static int
feed_xml_fast_dup(const struct feed_xml_fast *f, size_t first,
    unsigned natts, size_t off, size_t len)
{
	const char	*p = f->out + first;
	unsigned	 k;
	size_t		 l;

	for (k = 0; k < natts; k++) {
		l = strlen(p);
		if (l == len && memcmp(p, f->out + off, len) == 0)
			return 1;
		p += l + 1;
		p += strlen(p) + 1;
	}
	return 0;
}

/* The attributes of a start tag, from f->i to its '>' or "/>". */
static int
feed_xml_fast_atts(struct feed_xml_fast *f, size_t first, unsigned *natts)
{
	const char	*s = f->s;
	size_t		 n = f->n, len, off;
	int		 ws;

	for (*natts = 0;;) {
		ws = feed_xml_fast_ws(s, n, &f->i);
		if (f->i < n && (s[f->i] == '>' || s[f->i] == '/'))
			return 0;
		if (!ws || *natts >= FEED_XML_FAST_ATTS ||
		    (len = feed_xml_fast_name(s, n, f->i)) == 0)
			return -1;
		off = f->nout;
		feed_xml_fast_put(f, s + f->i, len);
		if (feed_xml_fast_dup(f, first, *natts, off, len))
			return -1;
		feed_xml_fast_put(f, "", 1);
		f->i += len;
		feed_xml_fast_ws(s, n, &f->i);
		if (f->i >= n || s[f->i] != '=')
			return -1;
		f->i++;
		feed_xml_fast_ws(s, n, &f->i);
		if (f->i >= n || (s[f->i] != '"' && s[f->i] != '\'') ||
		    feed_xml_fast_value(f) < 0)
			return -1;
		(*natts)++;
	}
}

/* A start tag at f->s[f->i] ('<'), or an empty-element tag. */
static int
feed_xml_fast_stag(struct feed_xml_fast *f)
{
	const char	*s = f->s;
	size_t		 n = f->n, len, off = f->nout;
	unsigned	 natts;

	if ((len = feed_xml_fast_name(s, n, f->i + 1)) == 0 ||
	    f->depth >= FEED_XML_FAST_DEPTH)
		return -1;
	feed_xml_fast_put(f, s + f->i + 1, len);
	feed_xml_fast_put(f, "", 1);
	f->i += 1 + len;
	if (feed_xml_fast_atts(f, off + len + 1, &natts) < 0)
		return -1;
	feed_xml_fast_ev(f, FEED_XML_FE_START, off, len, natts);
	if (s[f->i] == '/') {
		if (f->i + 1 >= n || s[f->i + 1] != '>')
			return -1;
		feed_xml_fast_ev(f, FEED_XML_FE_END, off, len, 0);
		f->i += 2;
		return 0;
	}
	f->open[f->depth] = off;
	f->openlen[f->depth++] = len;
	f->i++;
	return 0;
}

/* An end tag at f->s[f->i] ("</"): it must close the open element. */
static int
feed_xml_fast_etag(struct feed_xml_fast *f)
{
	const char	*s = f->s;
	size_t		 n = f->n, len;

	if (f->depth == 0)
		return -1;
	len = f->openlen[f->depth - 1];
	if (feed_xml_fast_name(s, n, f->i + 2) != len ||
	    memcmp(s + f->i + 2, f->out + f->open[f->depth - 1], len) != 0)
		return -1;
	f->i += 2 + len;
	feed_xml_fast_ws(s, n, &f->i);
	if (f->i >= n || s[f->i] != '>')
		return -1;
	f->i++;
	f->depth--;
	feed_xml_fast_ev(f, FEED_XML_FE_END, f->open[f->depth], len, 0);
	return 0;
}

/* A CDATA section at f->s[f->i] ("<![CDATA["): its text, CRs made LFs. */
static int
feed_xml_fast_cdata(struct feed_xml_fast *f)
{
	const char	*s = f->s, *p, *end = s + f->n, *cr;
	size_t		 from, off;

	if (f->n - f->i < 12 || memcmp(s + f->i, "<![CDATA[", 9) != 0)
		return -1;
	for (p = s + f->i + 9;; p++) {
		if ((p = memchr(p, ']', (size_t)(end - p))) == NULL ||
		    end - p < 3)
			return -1;
		if (p[1] == ']' && p[2] == '>')
			break;
	}
	from = f->i + 9;
	f->i = (size_t)(p - s) + 3;
	if (p == s + from)
		return 0;
	if ((cr = memchr(s + from, '\r', (size_t)(p - s) - from)) == NULL) {
		feed_xml_fast_ev(f, FEED_XML_FE_SRC, from, (size_t)(p - s) - from,
		    0);
		return 0;
	}
	for (off = f->nout; from < (size_t)(p - s); from++) {
		if (s[from] != '\r')
			feed_xml_fast_put(f, s + from, 1);
		else if (s[from + 1] != '\n')
			feed_xml_fast_put(f, "\n", 1);
	}
	feed_xml_fast_ev(f, FEED_XML_FE_OUT, off, f->nout - off, 0);
	return 0;
}

/* Text up to the next '<' (or the end): references decoded, CR LF and
 * lone CR made LF, as expat does. */
static int
feed_xml_fast_text(struct feed_xml_fast *f)
{
	const char	*s = f->s;
	size_t		 n = f->n, i = f->i, j, k, off;
	char		 u[4];

	j = feed_xml_fast_span(s, i, n);
	if (j >= n || s[j] == '<') {
		feed_xml_fast_ev(f, FEED_XML_FE_SRC, i, j - i, 0);
		f->i = j;
		return 0;
	}
	off = f->nout;
	feed_xml_fast_put(f, s + i, j - i);
	while (j < n && s[j] != '<') {
		if (s[j] == '&') {
			if ((k = feed_xml_fast_ref(s, n, &j, u)) == 0)
				return -1;
			feed_xml_fast_put(f, u, k);
		} else if (s[j] == '\r') {
			feed_xml_fast_put(f, "\n", 1);
			j += (j + 1 < n && s[j + 1] == '\n') ? 2 : 1;
		} else if (s[j] == ']') {
			if (n - j >= 3 && s[j + 1] == ']' && s[j + 2] == '>')
				return -1;	/* an error for expat */
			feed_xml_fast_put(f, "]", 1);
			j++;
		} else
			return -1;	/* a control character */
		k = feed_xml_fast_span(s, j, n);
		feed_xml_fast_put(f, s + j, k - j);
		j = k;
	}
	feed_xml_fast_ev(f, FEED_XML_FE_OUT, off, f->nout - off, 0);
	f->i = j;
	return 0;
}

/* Tokenize the item s[0..n) into f's events: 0, or -1 if it is not one
 * the fast path reads (exactly one element, nothing around it). */
static int
feed_xml_fast_tokenize(struct feed_xml_fast *f, const char *s, size_t n)
{
	int	 r;

	f->s = s;
	f->n = n;
	f->i = 0;
	f->nev = f->nout = 0;
	f->depth = 0;
	if (n < 2 || s[0] != '<')
		return -1;
	do {
		if (s[f->i] != '<')
			r = feed_xml_fast_text(f);
		else if (f->i + 1 >= n)
			r = -1;
		else if (s[f->i + 1] == '/')
			r = feed_xml_fast_etag(f);
		else if (s[f->i + 1] == '!')
			r = f->depth > 0 ? feed_xml_fast_cdata(f) : -1;
		else
			r = feed_xml_fast_stag(f);
		if (r < 0)
			return -1;
	} while (f->depth > 0 && f->i < n);
	return f->depth == 0 && f->i == n ? 0 : -1;
}

/* Give the handlers the events of the item tokenized in x->fast. */
static void
feed_xml_fast_replay(struct feed_xml *x)
{
	const struct feed_xml_fast *f = &x->fast;
	const struct feed_xml_fev *e, *end = f->ev + f->nev;
	const XML_Char	*atts[2 * FEED_XML_FAST_ATTS + 1];
	const char	*p;
	unsigned	 k;

	for (e = f->ev; e < end; e++) {
		switch (e->kind) {
		case FEED_XML_FE_START:
			p = f->out + e->off + e->len + 1;
			for (k = 0; k < 2 * e->natts; k++) {
				atts[k] = p;
				p += strlen(p) + 1;
			}
			atts[k] = NULL;
			feed_xml_start(x, f->out + e->off, atts);
			break;
		case FEED_XML_FE_END:
			feed_xml_end(x, f->out + e->off);
			break;
		case FEED_XML_FE_SRC:	/* expat calls only while capturing */
			if (x->cap_depth && e->len > 0)
				feed_xml_chardata(x, f->s + e->off, (int)e->len);
			break;
		default:
			if (x->cap_depth && e->len > 0)
				feed_xml_chardata(x, f->out + e->off,
				    (int)e->len);
			break;
		}
	}
}

/* Read the item b[0..n) on the fast path if it can: 1 if done (the
 * handlers have had it all), 0 if it must go to expat (nothing done). */
static int
feed_xml_fast_item(struct feed_xml *x, const char *b, size_t n)
{
	if (!x->fast_on || feed_xml_fast_tokenize(&x->fast, b, n) < 0)
		return 0;
	/* the handlers switch the character data handler of x->xp */
	if (x->item_xp == NULL)
		x->item_xp = feed_xml_expat_new(x, 0);
	x->xp = x->item_xp;
	feed_xml_fast_replay(x);
	x->xp = x->main;
	x->fast_items++;
	return 1;
}

/* The item b[0..n) to expat: the item parser if it can read it. */
static int
feed_xml_seg_expat(struct feed_xml *x, const char *b, size_t n)
{
	/* the filter has seen every byte of b: without an unknown named
	 * reference let by, all are numeric or predefined */
	if (x->named_left && !feed_xml_seg_plain_refs(b, n))
		return feed_xml_parse(x, b, n, 0);	/* needs the DTD */
	feed_xml_seg_parse(x, b, n);
	return 0;
}

/* The item b[0..n) is complete: to the item parser if it can read it. */
static int
feed_xml_seg_done(struct feed_xml *x, const char *b, size_t n)
{
	x->seg_on = 0;
	if (feed_xml_fast_item(x, b, n)) {
		feed_xml_seg_skipped(x, b, n);
		return 0;
	}
	return feed_xml_seg_expat(x, b, n);
}

static int	 feed_xml_route(struct feed_xml *, const char *, size_t, int);

/* The end tag was in what was gathered before (the scan had waited to
 * see past it): the few bytes after it go back to the router. */
static int
feed_xml_seg_tail(struct feed_xml *x, size_t old)
{
	char	 tail[64];
	size_t	 n = old - x->seg_i;

	if (n > sizeof tail)
		abort();	/* our bug: the lookahead is bounded */
	memcpy(tail, x->seg.data + x->seg_i, n);
	if (feed_xml_seg_done(x, x->seg.data, x->seg_i) < 0)
		return -1;
	return feed_xml_route(x, tail, n, 0);
}

/* The start of a batch's wrapper: not an element of the feed. */
static void XMLCALL
feed_xml_wrap_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
	struct feed_xml	*x = ud;

	(void)name;
	(void)atts;
	XML_SetStartElementHandler(x->xp, feed_xml_start);
}

/* The batch of feed_xml_seg_batch on the fast path: its items in order
 * while they are plain; the first that is not goes to expat alone (the
 * router comes back for those after it). Returns the bytes taken. */
static ssize_t
feed_xml_fast_batch(struct feed_xml *x, const char *s, const size_t *starts,
    const size_t *ends, size_t cnt)
{
	size_t	 k;

	for (k = 0; k < cnt; k++)
		if (!feed_xml_fast_item(x, s + starts[k], ends[k] - starts[k]))
			break;
	if (k > 0) {
		feed_xml_seg_skipped(x, s, k < cnt ? starts[k] : ends[cnt - 1]);
		return (ssize_t)(k < cnt ? starts[k] : ends[cnt - 1]);
	}
	return feed_xml_seg_expat(x, s, ends[0]) < 0 ? -1 : (ssize_t)ends[0];
}

/* Items s[0..end) (starting at starts[0..cnt), white space between them)
 * in one final parse inside a wrapper: one reset of the item parser, not
 * one per item. On an error, the items completed stay done and the rest
 * is given back to the router, the failing item to be parsed alone (so
 * it is skipped and reported exactly as before). Returns bytes taken. */
static ssize_t
feed_xml_seg_many(struct feed_xml *x, const char *s, size_t end,
    const size_t *starts, size_t cnt)
{
	XML_Parser	 ep = feed_xml_seg_parser(x);
	size_t		 before = *x->count, done;
	int		 depth = x->depth, ok;
	unsigned long	 col = x->seg_col;
	char		*w;

	/* written straight into expat's buffer: XML_Parse would copy */
	if ((w = XML_GetBuffer(ep, (int)end + 7)) == NULL) {
		fprintf(stderr, "dateline: out of memory (expat)\n");
		abort();
	}
	memcpy(w, "<w>", 3);
	memcpy(w + 3, s, end);
	memcpy(w + 3 + end, "</w>", 4);
	XML_SetStartElementHandler(ep, feed_xml_wrap_start);
	x->xp = ep;
	x->wrap_depth = depth;
	x->seg_col = col - 3;	/* for feed_xml_pos: "<w>" is not ours */
	ok = XML_ParseBuffer(ep, (int)end + 7, 1) != XML_STATUS_ERROR;
	x->seg_col = col;
	x->wrap_depth = 0;
	x->xp = x->main;
	done = *x->count - before;
	if (ok || done >= cnt) {
		feed_xml_seg_skipped(x, s, end);
		return (ssize_t)end;
	}
	feed_xml_seg_reset(x, depth);
	if (done > 0)
		feed_xml_seg_skipped(x, s, starts[done]);
	x->batch_off = 1;
	return (ssize_t)starts[done];
}

/* The item ending at x->seg_i in s[0..n), in place: with the items that
 * follow it in s, complete and with only white space between them, to
 * feed_xml_seg_many. Returns the bytes taken, or -1. */
static ssize_t
feed_xml_seg_batch(struct feed_xml *x, const char *s, size_t n)
{
	size_t		 starts[FEED_XML_BATCH_MAX], ends[FEED_XML_BATCH_MAX];
	size_t		 end = x->seg_i, j, cnt = 1;
	unsigned long	 pos[4] = { x->seg_line, x->seg_col, x->seg_pline,
	    x->seg_pcol };

	starts[0] = 0;
	ends[0] = end;
	while (!x->batch_off && !x->named_left && cnt < FEED_XML_BATCH_MAX &&
	    end < FEED_XML_BATCH_BYTES) {
		for (j = end; j < n && feed_xml_isspace(s[j]); j++)
			;
		if (j >= n || s[j] != '<' || !feed_xml_seg_begin(x, s + j,
		    n - j))
			break;
		x->seg_on = 0;
		if (feed_xml_seg_scan(x, s + j, n - j) != FEED_XML_SEG_END)
			break;
		starts[cnt] = j;
		end = ends[cnt++] = j + x->seg_i;
	}
	x->seg_on = 0;
	x->batch_off = 0;
	x->seg_line = pos[0];
	x->seg_col = pos[1];
	x->seg_pline = pos[2];
	x->seg_pcol = pos[3];
	if (x->fast_on)
		return feed_xml_fast_batch(x, s, starts, ends, cnt);
	if (cnt > 1)
		return feed_xml_seg_many(x, s, end, starts, cnt);
	return feed_xml_seg_done(x, s, end) < 0 ? -1 : (ssize_t)end;
}

/* Gather the item from s[0..n), in place while it lies in one chunk;
 * returns the bytes taken, or -1 if the main parser gave up. */
static ssize_t
feed_xml_seg_add(struct feed_xml *x, const char *s, size_t n)
{
	size_t		 old = x->seg.len, k = n;
	const char	*b = s;
	enum feed_xml_seg r;

	if (old > 0) {	/* a bit at a time: the rest may not be ours */
		k = n < 4096 ? n : 4096;
		dl_buf_add(&x->seg, s, k);
		b = x->seg.data;
	}
	r = feed_xml_seg_scan(x, b, old + k);
	if (r == FEED_XML_SEG_END && x->seg_i < old)
		return feed_xml_seg_tail(x, old) < 0 ? -1 : 0;
	if (r == FEED_XML_SEG_END && old == 0)
		return feed_xml_seg_batch(x, s, n);
	if (r == FEED_XML_SEG_END)
		return feed_xml_seg_done(x, b, x->seg_i) < 0 ? -1 :
		    (ssize_t)(x->seg_i - old);
	if (r == FEED_XML_SEG_MORE && old + k <= FEED_XML_SEG_MAX) {
		if (old == 0)
			dl_buf_add(&x->seg, s, n);
		return (ssize_t)k;
	}
	x->seg_on = 0;	/* the main parser reads it after all */
	if (feed_xml_parse(x, b, old + k, 0) < 0)
		return -1;
	return (ssize_t)k;
}

/* Hand s[0..n) to expat: items to parsers of their own, the rest to the
 * main parser. */
static int
feed_xml_route(struct feed_xml *x, const char *s, size_t n, int final)
{
	const char	*lt;
	ssize_t		 k;
	size_t		 m;

	while (n > 0) {
		if (x->seg_on) {
			if ((k = feed_xml_seg_add(x, s, n)) < 0)
				return -1;
			s += k;
			n -= (size_t)k;
			continue;
		}
		lt = feed_xml_seg_find(s, n);
		m = lt != NULL ? (size_t)(lt - s) : n;
		if (m > 0 && feed_xml_parse(x, s, m, 0) < 0)
			return -1;
		s += m;
		n -= m;
		if (n > 0 && !feed_xml_seg_begin(x, s, n)) {
			if (feed_xml_parse(x, s, 1, 0) < 0)
				return -1;
			s++;
			n--;
		}
	}
	if (x->seg_on && final) {
		x->seg_on = 0;
		if (feed_xml_parse(x, x->seg.data, x->seg.len, 0) < 0)
			return -1;
	}
	return final ? feed_xml_parse(x, "", 0, 1) : 0;
}

/* Repair s[0..n) and hand it to expat, without a copy unless a repair
 * was made. */
static int
feed_xml_filter(struct feed_xml *x, const char *s, size_t n, int final)
{
	size_t	 i = 0, end;

	dl_buf_reset(&x->fout);
	x->flushed = 0;
	x->need = 0;
	while (i < n && !x->need) {
		if (x->fstate == FEED_XML_F_PRE)
			i = feed_xml_pre(x, s, n, i, final);
		else if (x->fstate == FEED_XML_F_PI)
			i = feed_xml_pi(x, s, n, i);
		else
			i = feed_xml_body(x, s, n, i, final);
	}
	end = x->need ? i : n;
	if (!x->have_warn)
		feed_xml_lines_advance(x, s, end);
	x->ncarry = n - end;
	if (x->ncarry > FEED_XML_CARRY_MAX)
		abort();	/* our bug: lookahead is bounded */
	memcpy(x->carry, s + end, x->ncarry);
	if (x->fout.len == 0)
		return feed_xml_route(x, s + x->flushed, end - x->flushed,
		                      final);
	dl_buf_add(&x->fout, s + x->flushed, end - x->flushed);
	return feed_xml_route(x, x->fout.data, x->fout.len, final);
}

/* ------------------------------------------------------------------ */
/* The interface to feed.c. */

static void
feed_xml_expat_setup(XML_Parser xp, struct feed_xml *x, int dtd)
{
	XML_SetUserData(xp, x);
	XML_SetElementHandler(xp, feed_xml_start, feed_xml_end);
	XML_SetSkippedEntityHandler(xp, feed_xml_skipped);
	if (!dtd)
		return;
	XML_SetExternalEntityRefHandler(xp, feed_xml_extref);
	XML_UseForeignDTD(xp, XML_TRUE);
	XML_SetParamEntityParsing(xp, XML_PARAM_ENTITY_PARSING_ALWAYS);
}

/* The main parser (dtd: with the HTML entities), or the item parser. */
static XML_Parser
feed_xml_expat_new(struct feed_xml *x, int dtd)
{
	/* "UTF-8" overrides the declaration: feed.c has converted. */
	XML_Parser	 xp = XML_ParserCreate("UTF-8");

	if (xp == NULL) {
		fprintf(stderr, "dateline: out of memory (expat)\n");
		abort();
	}
	feed_xml_expat_setup(xp, x, dtd);
	return xp;
}

/* A hash salt for the item parser, drawn once per document. */
static unsigned long
feed_xml_salt(const struct feed_xml *x)
{
	unsigned long	 salt = 0;

#ifdef __linux__
	if (getrandom(&salt, sizeof salt, GRND_NONBLOCK) == (ssize_t)sizeof salt
	    && salt != 0)
		return salt;
#endif
	salt = (unsigned long)time(NULL) ^ (unsigned long)(uintptr_t)x;
	return salt != 0 ? salt : 1;
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
	feed_item_clear(&x->item);
	dl_buf_init(&x->seg, DL_BUF_CAP_DEFAULT);
	x->xp = x->main = feed_xml_expat_new(x, 1);
	x->item_salt = feed_xml_salt(x);
	x->fast_on = 1;
	return x;
}

void
feed_xml_set_fast(struct feed_xml *x, int on)
{
	x->fast_on = on;
}

size_t
feed_xml_fast_count(const struct feed_xml *x)
{
	return x->fast_items;
}

void
feed_xml_free(struct feed_xml *x)
{
	if (x == NULL)
		return;
	XML_ParserFree(x->main);
	if (x->item_xp != NULL)
		XML_ParserFree(x->item_xp);
	dl_buf_clear(&x->seg);
	free(x->fast.ev);
	free(x->fast.out);
	x->depth = 0;
	feed_xml_scope_pop(x);
	free(x->ns);
	free(x->bases);
	feed_item_clear(&x->item);
	free(x->author_name);
	free(x->author_email);
	dl_buf_clear(&x->text);
	dl_buf_clear(&x->fout);
	dl_buf_clear(&x->scratch);
	free(x);
}

/* Feed n bytes of UTF-8. Returns 0, or -1 once expat has given up. */
int
feed_xml_feed(struct feed_xml *x, const char *s, size_t n)
{
	if (x->dead)
		return -1;
	if (x->root_done || n == 0)
		return 0;
	if (x->ncarry == 0)
		return feed_xml_filter(x, s, n, 0);
	dl_buf_reset(&x->scratch);
	dl_buf_add(&x->scratch, x->carry, x->ncarry);
	dl_buf_add(&x->scratch, s, n);
	x->ncarry = 0;
	return feed_xml_filter(x, x->scratch.data, x->scratch.len, 0);
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

	if (!x->dead && !x->root_done) {
		dl_buf_reset(&x->scratch);
		dl_buf_add(&x->scratch, x->carry, x->ncarry);
		x->ncarry = 0;
		feed_xml_filter(x, dl_buf_str(&x->scratch), x->scratch.len, 1);
	}
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
