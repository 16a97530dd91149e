/* feed_xml_resume.c: reading on after a fatal XML error.
 *
 * Expat stops at the first fatal error. Damage is most often inside one
 * item, so the reading skips it: from the byte after the error, the
 * bytes are searched for the next start tag of an item (the name the
 * first item was written with, else "item" or "entry"), and a new parser
 * goes on from there, primed with the start tags of the item's ancestors
 * (the root, and the RSS channel) so that the rest of the document,
 * their end tags included, reads as it would have. The handlers' state
 * goes back to the item's parent: the damaged item is dropped, the feed
 * info and the items before it stay. The search goes on over the chunks
 * that follow; a document that ends before an item was found keeps what
 * it had. The first error is reported, with its line and column. */
#include "config.h"

#include <expat.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "feed_xml_int.h"

/* Keep name in dst, or "" (no recovery) if it is too long. */
static void
feed_xml_resume_name(char *dst, const char *name)
{
	size_t	 n = strlen(name);

	if (n >= FEED_XML_NAME_MAX) {
		dst[0] = '\0';
		return;
	}
	memcpy(dst, name, n + 1);
}

/* The start handler: the ancestors' names and the items' name and depth
 * are noted on the way (cheaply: a copy of a short name). */
void XMLCALL
feed_xml_resume_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
	struct feed_xml	*x = ud;
	int		 was = x->item_depth;

	if (x->priming)
		return;		/* the tags are ours, the state is set */
	if (x->depth == 0 || (x->depth == 1 && x->item_level != 2))
		feed_xml_resume_name(x->anc[x->depth], name);
	feed_xml_start(ud, name, atts);
	if (x->item_level == 0 && x->item_depth != 0 &&
	    x->item_depth == x->depth) {
		x->item_level = x->depth;
		feed_xml_resume_name(x->item_name, name);
	}
	if (was == 0 && x->item_depth != 0)
		feed_xml_raw_item(x);
}

/* The name of the items to look for. */
static const char *
feed_xml_resume_item(const struct feed_xml *x)
{
	if (x->item_name[0] != '\0')
		return x->item_name;
	return x->family == FEED_XML_NS_ATOM ? "entry" : "item";
}

/* The depth items are at, if the reading can resume at one: the root is
 * open, the error is inside the items' parent, the names are known. */
int
feed_xml_resume_level(const struct feed_xml *x)
{
	int	 level = x->item_level, i;

	if (level == 0)
		level = x->chan_depth != 0 ? x->chan_depth + 1 : 2;
	if (x->fatal || x->root_done || x->depth < 1 || level > 3 ||
	    x->depth < level - 1 ||
	    (x->item_name[0] == '\0' && x->item_level != 0))
		return 0;
	for (i = 0; i < level - 1; i++)
		if (x->anc[i][0] == '\0')
			return 0;
	return level;
}

/* The skipped bytes s[0..n) move the position the next parser starts
 * at. */
static void
feed_xml_resume_count(struct feed_xml *x, const char *s, size_t n)
{
	feed_xml_advance(s, n, &x->res_line, &x->res_col, &x->res_cr);
}

/* Back to the items' parent at depth: the item read so far goes. */
void
feed_xml_resume_reset(struct feed_xml *x, int depth)
{
	feed_item_clear(&x->item);
	free(x->author_name);
	free(x->author_email);
	x->author_name = x->author_email = NULL;
	x->item_depth = x->cap_depth = x->skip_depth = 0;
	x->author_depth = x->group_depth = 0;
	dl_buf_reset(&x->text);
	x->depth = depth + 1;
	feed_xml_scope_pop(x);
	x->depth = depth;
}

/* A new parser, raw (feed_xml_raw.c) or behind the filter, given the
 * start tags of the ancestors at depths 1 to depth (their events are
 * not the feed's); positions count from x->res_line and x->res_col. */
void
feed_xml_prime(struct feed_xml *x, int depth, int raw)
{
	char	 prime[2 * FEED_XML_NAME_MAX + 8];
	size_t	 at = 0;
	int	 i;

	for (i = 0; i < depth && i < 2; i++)
		at += (size_t)snprintf(prime + at, sizeof prime - at, "<%s>",
		    x->anc[i]);
	x->prime_cols = feed_xml_chars(prime, at);
	x->prime_bytes = (long long)at;
	x->xp = feed_xml_expat_new(x, raw);
	x->resumed = 1;
	x->syncing = 0;
	x->sync_match = 0;
	x->priming = 1;
	XML_Parse(x->xp, prime, (int)at, 0);
	x->priming = 0;
	x->fed = (long long)at;
}

/* The item's start tag began: a new parser, given the ancestors' start
 * tags and the tag's start. */
static void
feed_xml_resume_open(struct feed_xml *x)
{
	const char	*name = feed_xml_resume_item(x);

	x->res_col -= 1 + feed_xml_chars(name, strlen(name));
	feed_xml_prime(x, x->depth, 0);
	XML_Parse(x->xp, "<", 1, 0);
	XML_Parse(x->xp, name, (int)strlen(name), 0);
	x->fed += 1 + (long long)strlen(name);
}

/* While looking for the next item: skip s[0..n) up to the byte after
 * the item's name in its start tag. Returns the bytes skipped; if the
 * tag was found, a new parser waits for the rest (x->syncing is 0). The
 * search is a match of "<name" that may span chunks. */
size_t
feed_xml_resume_skip(struct feed_xml *x, const char *s, size_t n)
{
	const char	*name = feed_xml_resume_item(x), *lt;
	size_t		 len = strlen(name) + 1, i = 0;
	char		 c;

	while (i < n) {
		if (x->sync_match == 0) {
			if ((lt = memchr(s + i, '<', n - i)) == NULL)
				break;
			i = (size_t)(lt - s) + 1;
			x->sync_match = 1;
			continue;
		}
		c = s[i];
		if (x->sync_match == len) {
			if (feed_xml_isspace(c) || c == '>' || c == '/') {
				feed_xml_resume_count(x, s, i);
				feed_xml_resume_open(x);
				return i;
			}
			x->sync_match = 0;	/* c is looked at again */
		} else if (c == name[x->sync_match - 1]) {
			x->sync_match++;
			i++;
		} else
			x->sync_match = 0;
	}
	feed_xml_resume_count(x, s, n);
	return n;
}

/* The parser x->xp failed on bytes it was given (not at the end): note
 * the error and look for the next item in what the parser had not read,
 * then in what comes. Returns 0 if the reading goes on, else -1. */
int
feed_xml_resume(struct feed_xml *x)
{
	XML_Parser	 old;
	const char	*b;
	int		 level, off = 0, size = 0, ok;
	size_t		 k, n;

	feed_xml_warn_settle(x, -1, 0);	/* the error is what is said */
	for (;;) {
		/* (an error in the priming tags would find the same item) */
		b = NULL;
		if ((level = feed_xml_resume_level(x)) > 0 &&
		    XML_GetCurrentByteIndex(x->xp) >= x->prime_bytes)
			b = XML_GetInputContext(x->xp, &off, &size);
		if (level == 0 || b == NULL || off >= size) {
			feed_xml_expat_error(x, 0, "");
			return -1;
		}
		feed_xml_expat_error(x, 0, x->item_depth != 0 ?
		    " (item skipped)" : " (skipped to the next item)");
		feed_xml_pos(x, &x->res_line, &x->res_col);
		x->res_col--;
		x->res_cr = 0;
		feed_xml_resume_reset(x, level - 1);
		old = x->xp;
		x->xp = NULL;
		x->syncing = 1;
		x->sync_match = 0;
		/* the search starts after the byte the error is at */
		b += off;
		n = (size_t)(size - off);
		feed_xml_resume_count(x, b, 1);
		k = 1 + feed_xml_resume_skip(x, b + 1, n - 1);
		ok = x->syncing || k == n || XML_Parse(x->xp, b + k,
		    (int)(n - k), 0) != XML_STATUS_ERROR || x->root_done;
		XML_ParserFree(old);
		if (ok)
			return 0;
	}
}
