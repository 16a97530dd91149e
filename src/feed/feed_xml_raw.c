/* feed_xml_raw.c: reading without the repair filter while expat can.
 *
 * The repair filter (feed_xml_filter.c) reads every byte before expat
 * does, and most feeds need no repair: it was a fifth of the time of a
 * parse. So from an item's start tag on, the bytes go to a parser of
 * their own, as they are, while that parser takes them:
 *
 * - The raw parser has no DTD, so every byte the filter would change is
 *   an error to it: a bare '&', an entity XML does not predefine (the
 *   filter makes HTML's numeric), "&#X", a reference to a character XML
 *   forbids, a control character, invalid UTF-8, U+FFFE and U+FFFF. What
 *   it reads without an error reads as it would through the filter.
 * - On an error the reading goes back to the last safe point: the start
 *   tag of the item being read, or the end of the last element between
 *   items (the item before, say). The handlers' state goes back to the
 *   items' parent there, as feed_xml_resume.c does after damage, and the
 *   input from the safe point is read again, through the filter, by a
 *   new parser primed with the ancestors' start tags. Raw reading does
 *   not come back for the rest of the document.
 * - The input since the safe point is kept for that (x->keep). Past
 *   FEED_XML_KEEP_MAX it is let go, until the next safe point: an error
 *   before it skips the item as feed_xml_resume.c does.
 * - It starts only where the handlers' state can be rebuilt by priming:
 *   no DOCTYPE (its defaults and entities would be lost), no earlier
 *   damage, items at depth 2 or 3 with known ancestors; and where the
 *   input offset of the tag is known (after the chunk's last repair).
 *
 * Positions in messages stay those of the document: the raw parser
 * counts from the position of the item it starts at, and each safe point
 * notes its position, which the filter and the new parser count from. */
#include "config.h"

#include <expat.h>
#include <stdlib.h>
#include <string.h>

#include "feed_xml_int.h"

/* The input offset of byte idx of the raw parser's input. */
static long long
feed_xml_raw_at(const struct feed_xml *x, long long idx)
{
	return x->raw_base + idx - x->prime_bytes;
}

/* The filtered parser's DOCTYPE handler: no raw reading in this one. */
void XMLCALL
feed_xml_doctype(void *ud, const XML_Char *name, const XML_Char *sysid,
    const XML_Char *pubid, int has_internal)
{
	struct feed_xml	*x = ud;

	(void)name;
	(void)sysid;
	(void)pubid;
	(void)has_internal;
	x->raw_never = 1;
}

/* The offset in the filter's chunk of byte out of what it gave the
 * parser, or -1 if not known. */
static long long
feed_xml_raw_input(const struct feed_xml *x, long long out)
{
	int	 i;

	if (out < 0)
		return -1;
	for (i = x->f_nanchor - 1; i >= 0; i--)
		if ((long long)x->f_out[i] <= out)
			return (long long)x->f_in[i] + out -
			    (long long)x->f_out[i];
	return x->f_lost ? -1 : out;
}

/* The root's end tag was read: the filter's waiting warning stands if
 * it is about a byte before the tag's end, and goes if after (bytes
 * after the root are ignored). */
void
feed_xml_raw_root_end(struct feed_xml *x)
{
	feed_xml_warn_settle(x, XML_GetCurrentByteIndex(x->xp) +
	    XML_GetCurrentByteCount(x->xp), 1);
	feed_xml_warn_settle(x, -1, 0);
}

/* An item's start tag was read (from its start handler): a safe point
 * when reading raw, else maybe the place to start. */
void
feed_xml_raw_item(struct feed_xml *x)
{
	long long	 idx = XML_GetCurrentByteIndex(x->xp), in;
	unsigned long	 line, col;

	if (x->raw) {
		x->safe = feed_xml_raw_at(x, idx);
		x->safe_depth = x->depth - 1;
		feed_xml_pos(x, &x->safe_line, &x->safe_col);
		x->safe_col--;
		return;
	}
	if (x->raw_off || x->raw_never || x->resumed || x->have_err ||
	    x->switch_at >= 0 || x->f_abs < 0 ||
	    x->depth != x->item_level ||
	    /* priming rebuilds the state at the items' parent */
	    feed_xml_resume_level(x) != x->item_level ||
	    (in = feed_xml_raw_input(x, idx - x->call_fed)) < 0)
		return;
	feed_xml_pos(x, &line, &col);
	x->switch_at = x->f_abs + in;
	x->switch_idx = idx;
	x->switch_line = line;
	x->switch_col = col - 1;
	XML_StopParser(x->xp, XML_FALSE);
	/* expat still ends an empty element ("<item/>") it has started */
	XML_SetEndElementHandler(x->xp, NULL);
	XML_SetCharacterDataHandler(x->xp, NULL);
}

/* The raw parser's end handler: the end of an element between items is
 * a safe point. (Asking expat for the position costs little: it counts
 * lines over every byte it reads anyway, and goes on from here.) */
void XMLCALL
feed_xml_raw_end(void *ud, const XML_Char *name)
{
	struct feed_xml	*x = ud;
	const char	*b;
	int		 off, size, len, cr = 0;

	feed_xml_end(ud, name);
	if (x->root_done || x->depth >= x->item_level ||
	    x->item_depth != 0 || x->cap_depth != 0 || x->skip_depth != 0)
		return;
	len = XML_GetCurrentByteCount(x->xp);
	b = XML_GetInputContext(x->xp, &off, &size);
	if (b == NULL || len < 0 || off + len > size)
		return;	/* not a safe point we can place */
	x->safe = feed_xml_raw_at(x, XML_GetCurrentByteIndex(x->xp) + len);
	x->safe_depth = x->depth;
	/* the position after the end tag */
	feed_xml_pos(x, &x->safe_line, &x->safe_col);
	x->safe_col--;
	feed_xml_advance(b + off, (size_t)len, &x->safe_line, &x->safe_col,
	    &cr);
}

/* The input from the safe point to the end of the call, or NULL if it
 * is gone; *n gets its length. */
static const char *
feed_xml_raw_since(struct feed_xml *x, size_t *n)
{
	size_t	 k = (size_t)(x->call_end - x->call_s);

	if (x->safe >= x->call_abs) {
		*n = k - (size_t)(x->safe - x->call_abs);
		return x->call_s + (x->safe - x->call_abs);
	}
	if (x->keep_lost || x->safe < x->keep_abs ||
	    x->keep_abs + (long long)x->keep.len != x->call_abs)
		return NULL;
	if (dl_buf_add(&x->keep, x->call_s, k) != 0)
		return NULL;
	*n = x->keep.len - (size_t)(x->safe - x->keep_abs);
	return x->keep.data + (x->safe - x->keep_abs);
}

/* The raw parser failed: 1 if the input from the safe point is here
 * (x->back, x->nback), else 0 and raw reading ends. */
int
feed_xml_raw_can_back(struct feed_xml *x)
{
	if ((x->back = feed_xml_raw_since(x, &x->nback)) != NULL)
		return 1;
	x->raw = 0;	/* the item is skipped as after damage */
	x->raw_never = 1;
	return 0;
}

/* After a raw call read without an error: keep the input from the safe
 * point on. */
void
feed_xml_raw_keep(struct feed_xml *x)
{
	size_t	 n = (size_t)(x->call_end - x->call_s), drop;

	if (x->safe >= x->call_abs) {
		drop = (size_t)(x->safe - x->call_abs);
		dl_buf_reset(&x->keep);
		x->keep_lost = dl_buf_add(&x->keep, x->call_s + drop,
		    n - drop) != 0;
		x->keep_abs = x->safe;
		return;
	}
	if (x->keep_lost)
		return;
	drop = (size_t)(x->safe - x->keep_abs);
	if (drop > 0) {
		memmove(x->keep.data, x->keep.data + drop, x->keep.len - drop);
		x->keep.len -= drop;
		x->keep_abs = x->safe;
	}
	if (x->keep.len + n > FEED_XML_KEEP_MAX) {
		x->keep_lost = 1;
		dl_buf_clear(&x->keep);
		return;
	}
	dl_buf_add(&x->keep, x->call_s, n);
}

/* The filtered parser stopped at an item's start tag: go on raw from
 * there with the rest of the filter's chunk (what it held back too). */
static int
feed_xml_raw_enter(struct feed_xml *x, int final)
{
	long long	 at = x->switch_at;
	const char	*p = x->f_s + (at - x->f_abs);
	const char	*end = x->f_s + x->f_n;

	x->switch_at = -1;
	/* the filter's warning about a byte before the item stands; after
	 * it, the raw reading will find the byte again */
	feed_xml_warn_settle(x, x->switch_idx, 0);
	feed_xml_warn_settle(x, -1, 0);
	feed_xml_resume_reset(x, x->item_level - 1);
	XML_ParserFree(x->xp);
	x->res_line = x->switch_line;
	x->res_col = x->switch_col;
	x->res_cr = 0;
	feed_xml_prime(x, x->item_level - 1, 1);
	x->raw = x->raw_used = 1;
	x->raw_base = x->safe = x->keep_abs = at;
	x->safe_depth = x->item_level - 1;
	x->safe_line = x->switch_line;
	x->safe_col = x->switch_col;
	dl_buf_reset(&x->keep);
	x->keep_lost = 0;
	x->ncarry = 0;
	x->need = 0;
	x->call_abs = at;
	return feed_xml_parse(x, p, (size_t)(end - p), final);
}

/* The raw parser failed: read again through the filter from the safe
 * point (feed_xml_raw_can_back found its bytes). */
static int
feed_xml_raw_back(struct feed_xml *x, int final)
{
	const char	*p = x->back;
	size_t		 n = x->nback;
	int		 r;

	x->res_line = x->safe_line;
	x->res_col = x->safe_col;
	x->res_cr = 0;
	feed_xml_resume_reset(x, x->safe_depth);
	XML_ParserFree(x->xp);
	feed_xml_prime(x, x->safe_depth, 0);
	x->raw = 0;
	x->raw_never = 1;
	x->fstate = FEED_XML_F_BODY;
	x->ncarry = 0;
	x->need = 0;
	x->in_line = x->res_line;
	x->in_col = x->res_col;
	x->in_cr = 0;
	x->f_abs = -1;
	r = feed_xml_filter(x, p, n, final);
	dl_buf_clear(&x->keep);
	return r;
}

/* feed_xml_parse's parser stopped with an error: raw reading starts or
 * ends. */
int
feed_xml_raw_error(struct feed_xml *x, int final)
{
	if (x->switch_at >= 0)
		return feed_xml_raw_enter(x, final);
	return feed_xml_raw_back(x, final);
}
