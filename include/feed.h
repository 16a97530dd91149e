/* feed.h: streaming parser for RSS 0.9x/1.0/2.0, Atom 0.3/1.0 and JSON
 * Feed 1.0/1.1 documents, in any encoding, with recovery from the damage
 * seen in real feeds. Bytes go in as they arrive; items come out through a
 * callback as each one closes. */
#ifndef FEED_H
#define FEED_H

#include <stddef.h>
#include <stdint.h>

#include "dl.h"

enum feed_format {
	FEED_FORMAT_UNKNOWN = 0,
	FEED_RSS090,
	FEED_RSS091,
	FEED_RSS092,
	FEED_RSS20,
	FEED_RSS10,
	FEED_ATOM03,
	FEED_ATOM10,
	FEED_JSON10,
	FEED_JSON11,
	FEED_RSS093,
	FEED_RSS094,
	FEED_CDF		/* Microsoft's Channel Definition Format */
};

/* "rss2.0", "atom1.0", ... as in the JSON contract; "unknown" for 0. */
const char *feed_format_name(enum feed_format f);

struct feed_enclosure {
	char		*url;		/* absolute where it could be resolved */
	char		*type;		/* MIME type or NULL */
	int64_t		 length;	/* bytes, or -1 when not given */
};

/* Every string is UTF-8 and may be NULL when the feed does not give it.
 * Dates are seconds since the epoch (UTC) or DATE_NONE (date.h). */
struct feed_item {
	char		*id;		/* guid / id, as written */
	char		*title;		/* plain text */
	char		*link;		/* absolute where it could be resolved */
	char		*author;	/* plain text */
	int64_t		 published;
	int64_t		 updated;
	char		*summary;	/* HTML */
	char		*content;	/* HTML */
	char		**categories;	/* plain text */
	size_t		 ncategories;
	struct feed_enclosure *enclosures;
	size_t		 nenclosures;
};

struct feed_info {
	enum feed_format format;
	char		*title;		/* plain text */
	char		*link;
	char		*description;	/* plain text (subtitle / tagline) */
	char		*language;
	int64_t		 updated;
};

struct feed_callbacks {
	/* Called once, before the first item (with what is known of the
	 * feed by then) or at the end when there are no items. May be NULL. */
	void	(*on_info)(void *ctx, const struct feed_info *info);
	/* Called as each item closes. The item is borrowed for the call. */
	void	(*on_item)(void *ctx, const struct feed_item *item);
};

struct feed_parser;

/* base_url (may be NULL) resolves relative links after xml:base.
 * charset (may be NULL) is the encoding from outside the document (HTTP
 * header, --charset): used when there is no BOM and no XML declaration
 * naming one. */
struct feed_parser *feed_parser_new(const struct feed_callbacks *cb,
	     void *ctx, const char *base_url, const char *charset);
void	 feed_parser_free(struct feed_parser *p);

/* Feed the next len bytes of the document. Returns 0; -1 once the parser
 * has given up on the document (further calls do nothing; finish says
 * why). */
int	 feed_parser_feed(struct feed_parser *p, const void *buf, size_t len);

enum feed_result {
	FEED_OK = 0,		/* read cleanly */
	FEED_RECOVERED = 1,	/* damaged, but items or metadata were kept;
				   err says what was wrong */
	FEED_FAILED = -1	/* nothing readable; err says why */
};

/* End of document. err gets "LINE:COL: reason" (the caller adds the file
 * name) for FEED_RECOVERED and FEED_FAILED. */
enum feed_result feed_parser_finish(struct feed_parser *p,
	     struct dl_err *err);

/* The feed's metadata as known so far, borrowed until feed_parser_free. */
const struct feed_info *feed_parser_info(const struct feed_parser *p);
/* Items delivered so far. */
size_t	 feed_parser_count(const struct feed_parser *p);

/* Plain text of an HTML fragment (tags removed, entities decoded,
 * whitespace collapsed), for search indexes and previews. Allocated;
 * never NULL. */
char	*feed_html_text(const char *html);

#endif
