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

/* feed_text.c: text cleanup shared by the XML and JSON readers. */

/* Plain text from s[0..n): markup removed, HTML entities decoded (named
 * ones from the XHTML set, numeric ones), whitespace collapsed, trimmed,
 * control characters dropped. Allocated; never NULL. */
char	*feed_text_plain(const char *s, size_t n);
/* 1 if s[0..n) looks like HTML (a tag such as <p>, <br/>, </a>, or an
 * entity reference), 0 if it reads as plain text. */
int	 feed_text_looks_html(const char *s, size_t n);
/* Append s[0..n) to out escaped as HTML text (& < > "); blank lines
 * become paragraph breaks, single newlines <br>. Returns 0 or -1 (cap). */
int	 feed_text_escape_html(const char *s, size_t n, struct dl_buf *out);
/* Collapse runs of white space to one space and trim, in place. Returns
 * the new length. */
size_t	 feed_text_collapse(char *s);

/* feed_entities.c: the HTML named entities. */

/* The UTF-8 text of the named entity name[0..len) (without '&' and ';'),
 * or NULL. Covers the XHTML 1.0 sets (lat1, symbol, special) plus the
 * common HTML5 extras seen in feeds. */
const char *feed_entity_lookup(const char *name, size_t len);
/* DTD text declaring those entities, handed to expat as the external
 * subset of every document (XML_UseForeignDTD), so &nbsp; and friends
 * parse without a DOCTYPE. Static storage. */
const char *feed_entity_dtd(void);

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
