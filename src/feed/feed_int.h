/* feed_int.h: shared between the files of the feed_ module. */
#ifndef FEED_INT_H
#define FEED_INT_H

#include <stddef.h>

#include "dl.h"
#include "feed.h"

/* Caps on what one feed may make us hold: a field, an item's lists. */
#define FEED_FIELD_MAX		(4u * 1024 * 1024)
#define FEED_LIST_MAX		256
/* A JSON Feed is read whole (jansson does not stream): at most this. */
#define FEED_JSON_MAX		(64u * 1024 * 1024)

/* feed.c: lifecycle of the public structs. */
void	 feed_item_clear(struct feed_item *it);	/* frees, zeroes, dates NONE */
void	 feed_info_clear(struct feed_info *fi);

/* feed_xml.c: the streaming RSS/RDF/Atom reader, driven by feed.c. */
struct feed_xml;

/* A reader that calls cb (with ctx) for the feed info and each item, fills
 * *info and counts items in *count; base_url (may be NULL) and info must
 * outlive it. Never NULL. */
struct feed_xml *feed_xml_new(const struct feed_callbacks *cb, void *ctx,
	     const char *base_url, struct feed_info *info, size_t *count);
void	 feed_xml_free(struct feed_xml *x);
/* Feed n bytes of UTF-8 (invalid sequences become U+FFFD); 0, or -1
 * once the document is given up on. */
int	 feed_xml_feed(struct feed_xml *x, const char *s, size_t n);
/* End of the document: FEED_OK, FEED_RECOVERED or FEED_FAILED with err
 * ("LINE:COL: reason"). warning (NULL if none, from feed.c: about the
 * encoding) is reported if nothing worse happened. */
enum feed_result feed_xml_finish(struct feed_xml *x, const char *warning,
	     struct dl_err *err);
/* Raw reading (feed_xml_raw.c) on (the default) or off, and whether it
 * was used: for tests, which compare the two. */
void	 feed_xml_set_raw(struct feed_xml *x, int on);
int	 feed_xml_raw_used(const struct feed_xml *x);
void	 feed_parser_set_raw(struct feed_parser *p, int on);
int	 feed_parser_raw_used(const struct feed_parser *p);

/* feed_text.c: text cleanup shared by the XML and JSON readers. */

/* Plain text from s[0..n): tags removed (<script>/<style> with their
 * content; block elements such as p, div, li, h1-h6, br read as white
 * space), comments dropped, CDATA markers removed (the content kept as
 * written), processing instructions and <!...> declarations dropped.
 * A '<' that starts no markup ("a < b", or a tag never closed by '>')
 * is text. References decoded as HTML5 does: named ones from
 * feed_entity_lookup (';' required), numeric ones "&#233;" "&#xE9;"
 * (';' optional; NUL, surrogates and values past U+10FFFF become U+FFFD,
 * 0x80-0x9F are read as windows-1252); an unknown "&foo;" or a bare '&'
 * stays as written. ASCII white space runs collapse to one space; C0/C1
 * controls and DEL are dropped; U+00A0 (no-break space) is kept inside
 * the text but trimmed at both ends with the other white space.
 * Allocated; never NULL. */
char	*feed_text_plain(const char *s, size_t n);
/* 1 if s[0..n) looks like HTML, 0 if it reads as plain text. HTML means
 * a known element name in a tag ("<p>", "<br/>", "</a>", "<img src=..>"),
 * a comment "<!--", or a reference with its ';' ("&amp;", "&#39;",
 * "&#x27;"). "a < b and c > d", "<3", "AT&T", "&foo;" are plain. */
int	 feed_text_looks_html(const char *s, size_t n);
/* Append plain text s[0..n) to out as HTML: & < > " become references;
 * leading and trailing white space goes; runs of spaces and tabs become
 * one space; a newline (LF, CRLF or CR) becomes <br>; a blank line (two
 * or more newlines, blanks between) separates paragraphs, and when there
 * are two or more paragraphs each is wrapped in <p>...</p>. One paragraph
 * is not wrapped: "a\nb" -> "a<br>b", "a\n\nb" -> "<p>a</p><p>b</p>".
 * Controls are dropped. Returns 0, or -1 with out unchanged (cap). */
int	 feed_text_escape_html(const char *s, size_t n, struct dl_buf *out);
/* Collapse runs of ASCII white space to one space and trim, in place
 * (U+00A0 is not touched). Returns the new length. */
size_t	 feed_text_collapse(char *s);
/* html[0..n) with the URLs of its attributes (href, src ...) resolved
 * against base (may be NULL), and a '<' that would hide text as a bogus
 * comment escaped; NULL when nothing changes. */
char	*feed_text_resolve_html(const char *html, size_t n, const char *base);
/* 1 if the HTML attribute name[0..len) holds a URL (href, src ...). */
int	 feed_text_url_attr(const char *name, size_t len);

/* feed_entities.c: the HTML named entities. */

/* The UTF-8 text of the named entity name[0..len) (without '&' and ';'),
 * or NULL. Covers the XHTML 1.0 sets (lat1, symbol, special) plus the
 * common HTML5 extras seen in feeds. */
const char *feed_entity_lookup(const char *name, size_t len);

/* feed_json.c: JSON Feed 1.0/1.1 (jansson). */

/* Parse a whole JSON Feed document in buf[0..len) (UTF-8). Calls
 * cb->on_info once (before the first item), then cb->on_item for each
 * item; fills *info (caller clears it) and *count. base_url may be NULL.
 * Returns FEED_OK, FEED_RECOVERED (some items skipped; err says why) or
 * FEED_FAILED (err: "LINE:COL: reason"). */
enum feed_result feed_json_parse(const char *buf, size_t len,
	     const char *base_url, const struct feed_callbacks *cb, void *ctx,
	     struct feed_info *info, size_t *count, struct dl_err *err);

#endif
