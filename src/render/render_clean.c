/* render_clean.c: what reaches a terminal: display widths (per character:
 * dl_cp_width), the cleaning of escape sequences (ECMA-48), controls and
 * bidi overrides out of every string shown, and cutting to a width. */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "dl.h"
#include "render.h"
#include "render/render_int.h"

int
render_width(const char *s, size_t len)
{
	size_t		 i = 0;
	uint32_t	 cp;
	int		 w = 0;

	while (i < len) {
		i += dl_utf8_decode(s + i, len - i, &cp);
		w += dl_cp_width(cp);
	}
	return w;
}

static uint32_t
render_dec_get(struct render_dec *d)
{
	uint32_t	 cp;

	d->i += dl_utf8_decode(d->s + d->i, d->len - d->i, &cp);
	return cp;
}

static uint32_t
render_dec_peek(const struct render_dec *d)
{
	uint32_t	 cp;

	if (d->i >= d->len)
		return 0;
	dl_utf8_decode(d->s + d->i, d->len - d->i, &cp);
	return cp;
}

/* Skip an OSC/DCS/SOS/PM/APC string up to its terminator (BEL, ST, ESC
 * \), or up to a newline so that damage stays on one line. */
static void
render_skip_string(struct render_dec *d)
{
	uint32_t	 cp;

	while (d->i < d->len) {
		cp = render_dec_peek(d);
		if (cp == '\n')
			return;
		render_dec_get(d);
		if (cp == 0x07 || cp == 0x9c)
			return;
		if (cp == 0x1b) {
			if (render_dec_peek(d) == '\\')
				render_dec_get(d);
			return;
		}
	}
}

/* Skip CSI parameters and intermediates and the final byte. */
static void
render_skip_csi(struct render_dec *d)
{
	uint32_t	 cp;

	while ((cp = render_dec_peek(d)) >= 0x20 && cp <= 0x3f)
		render_dec_get(d);
	while ((cp = render_dec_peek(d)) >= 0x20 && cp <= 0x2f)
		render_dec_get(d);
	if (cp >= 0x40 && cp <= 0x7e)
		render_dec_get(d);
}

/* After ESC: the rest of the sequence it introduces (ECMA-48). */
static void
render_skip_esc(struct render_dec *d)
{
	uint32_t	 cp = render_dec_peek(d);

	if (cp == '[') {
		render_dec_get(d);
		render_skip_csi(d);
	} else if (cp == ']' || cp == 'P' || cp == 'X' || cp == '^' ||
	    cp == '_') {
		render_dec_get(d);
		render_skip_string(d);
	} else if (cp >= 0x20 && cp <= 0x2f) {
		while ((cp = render_dec_peek(d)) >= 0x20 && cp <= 0x2f)
			render_dec_get(d);
		if (cp >= 0x30 && cp <= 0x7e)
			render_dec_get(d);
	} else if (cp >= 0x30 && cp <= 0x7e) {
		render_dec_get(d);
	}
}

static int
render_unsafe(uint32_t cp)
{
	return (cp < 0x20 && cp != '\n' && cp != '\t') ||
	    (cp >= 0x7f && cp < 0xa0) || cp == 0xad ||
	    (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069);
}

/* The next code point that may be shown (tab and newline included), or
 * -1 at the end; *at is where its bytes began. */
int64_t
render_dec_next(struct render_dec *d, size_t *at)
{
	uint32_t	 cp;

	while (d->i < d->len) {
		*at = d->i;
		cp = render_dec_get(d);
		if (cp == 0x1b)
			render_skip_esc(d);
		else if (cp == 0x9b)
			render_skip_csi(d);
		else if (cp == 0x9d || cp == 0x90 || cp == 0x98 ||
		    cp == 0x9e || cp == 0x9f)
			render_skip_string(d);
		else if (!render_unsafe(cp))
			return cp;
	}
	return -1;
}

char *
render_clean(const char *s)
{
	struct render_dec	 d;
	struct dl_buf		 b;
	int64_t			 cp;
	size_t			 at;

	if (s == NULL)
		s = "";
	d.s = s;
	d.len = strlen(s);
	d.i = 0;
	dl_buf_init(&b, RENDER_CAP);
	while ((cp = render_dec_next(&d, &at)) != -1) {
		if (cp == '\n' || cp == '\t')
			cp = ' ';
		dl_buf_add_utf8(&b, (uint32_t)cp);
	}
	return dl_buf_take(&b);
}

/* Where a cut must stop: after the last whole character of s that ends
 * at or before col columns; *w is the width kept. */
static size_t
render_cut(const char *s, int col, int *w)
{
	size_t		 i = 0, n, len = strlen(s);
	uint32_t	 cp;
	int		 cw;

	*w = 0;
	while (i < len) {
		n = dl_utf8_decode(s + i, len - i, &cp);
		cw = dl_cp_width(cp);
		if (*w + cw > col)
			break;
		*w += cw;
		i += n;
	}
	return i;
}

char *
render_truncate(const char *s, int width, int flags)
{
	char		*c, *r;
	struct dl_buf	 b;
	size_t		 keep;
	int		 w, cut;

	if (width <= 0)
		return dl_strdup("");
	c = render_clean(s);
	w = render_width(c, strlen(c));
	cut = w > width;
	keep = render_cut(c, cut ? width - 1 : width, &w);
	dl_buf_init(&b, RENDER_CAP);
	dl_buf_add(&b, c, keep);
	if (cut || (flags & RENDER_TRUNC_PAD)) {
		for (; w < (cut ? width - 1 : width); w++)
			dl_buf_addc(&b, ' ');
	}
	if (cut)
		dl_buf_adds(&b, "\xe2\x80\xa6");
	r = dl_buf_take(&b);
	free(c);
	return r;
}
