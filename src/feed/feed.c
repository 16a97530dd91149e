/* feed.c: the feed_ module's front: format names, the lifecycle of items
 * and feed metadata, and (being written) the streaming parser driver that
 * sniffs the format and encoding and feeds expat or the JSON reader. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "feed_int.h"

static const char *const feed_format_names[] = {
	[FEED_FORMAT_UNKNOWN] = "unknown",
	[FEED_RSS090] = "rss0.90",
	[FEED_RSS091] = "rss0.91",
	[FEED_RSS092] = "rss0.92",
	[FEED_RSS20] = "rss2.0",
	[FEED_RSS10] = "rss1.0",
	[FEED_ATOM03] = "atom0.3",
	[FEED_ATOM10] = "atom1.0",
	[FEED_JSON10] = "json1.0",
	[FEED_JSON11] = "json1.1",
};

const char *
feed_format_name(enum feed_format f)
{
	if ((size_t)f >= sizeof feed_format_names / sizeof feed_format_names[0])
		return "unknown";
	return feed_format_names[f];
}

void
feed_item_clear(struct feed_item *it)
{
	size_t	 i;

	free(it->id);
	free(it->title);
	free(it->link);
	free(it->author);
	free(it->summary);
	free(it->content);
	for (i = 0; i < it->ncategories; i++)
		free(it->categories[i]);
	free(it->categories);
	for (i = 0; i < it->nenclosures; i++) {
		free(it->enclosures[i].url);
		free(it->enclosures[i].type);
	}
	free(it->enclosures);
	memset(it, 0, sizeof *it);
	it->published = DATE_NONE;
	it->updated = DATE_NONE;
}

void
feed_info_clear(struct feed_info *fi)
{
	free(fi->title);
	free(fi->link);
	free(fi->description);
	free(fi->language);
	memset(fi, 0, sizeof *fi);
	fi->updated = DATE_NONE;
}

char *
feed_html_text(const char *html)
{
	return feed_text_plain(html, strlen(html));
}
