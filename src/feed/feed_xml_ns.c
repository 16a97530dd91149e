/* feed_xml_ns.c: what an element is: namespace prefixes, xml:base and
 * xml:lang scopes, and the element table of the XML reader. */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "feed_xml_int.h"
#include "url.h"

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
	{ "http://www.itunes.com/dtds/podcast-1.0.dtd", FEED_XML_NS_ITUNES },
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
	{ "itunes", FEED_XML_NS_ITUNES },
};

struct feed_xml_tagdef {
	unsigned char	 ns;	/* RSS, ATOM (families) or a module */
	const char	*name;
	unsigned char	 tag;
};

/* Sorted by namespace, then name without case (strcasecmp order), for
 * bsearch: feeds write <pubdate>, <PubDate>, <Title>, and CDF is upper
 * case. */
static const struct feed_xml_tagdef feed_xml_tags[] = {
	{ FEED_XML_NS_RSS, "author", FEED_XML_T_AUTHOR },
	{ FEED_XML_NS_RSS, "body", FEED_XML_T_CONTENT },
	{ FEED_XML_NS_RSS, "category", FEED_XML_T_CATEGORY },
	{ FEED_XML_NS_RSS, "channel", FEED_XML_T_CHANNEL },
	{ FEED_XML_NS_RSS, "description", FEED_XML_T_SUMMARY },
	{ FEED_XML_NS_RSS, "enclosure", FEED_XML_T_ENCLOSURE },
	{ FEED_XML_NS_RSS, "fullitem", FEED_XML_T_CONTENT },
	{ FEED_XML_NS_RSS, "guid", FEED_XML_T_GUID },
	{ FEED_XML_NS_RSS, "image", FEED_XML_T_SKIP },
	{ FEED_XML_NS_RSS, "item", FEED_XML_T_ITEM },
	{ FEED_XML_NS_RSS, "language", FEED_XML_T_LANGUAGE },
	{ FEED_XML_NS_RSS, "lastBuildDate", FEED_XML_T_LASTBUILD },
	{ FEED_XML_NS_RSS, "link", FEED_XML_T_LINK },
	{ FEED_XML_NS_RSS, "pubDate", FEED_XML_T_PUBLISHED },
	{ FEED_XML_NS_RSS, "summary", FEED_XML_T_SUMMARY },
	{ FEED_XML_NS_RSS, "tags", FEED_XML_T_KEYWORDS },
	{ FEED_XML_NS_RSS, "textInput", FEED_XML_T_SKIP },
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
	{ FEED_XML_NS_DC, "author", FEED_XML_T_AUTHOR },
	{ FEED_XML_NS_DC, "contributor", FEED_XML_T_WAUTHOR },
	{ FEED_XML_NS_DC, "creator", FEED_XML_T_AUTHOR },
	{ FEED_XML_NS_DC, "date", FEED_XML_T_PUBLISHED },
	{ FEED_XML_NS_DC, "description", FEED_XML_T_WSUMMARY },
	{ FEED_XML_NS_DC, "language", FEED_XML_T_LANGUAGE },
	{ FEED_XML_NS_DC, "subject", FEED_XML_T_CATEGORY },
	{ FEED_XML_NS_DC, "title", FEED_XML_T_WTITLE },
	{ FEED_XML_NS_DCTERMS, "created", FEED_XML_T_PUBLISHED },
	{ FEED_XML_NS_DCTERMS, "issued", FEED_XML_T_PUBLISHED },
	{ FEED_XML_NS_DCTERMS, "modified", FEED_XML_T_UPDATED },
	{ FEED_XML_NS_CONTENT, "encoded", FEED_XML_T_CONTENT },
	{ FEED_XML_NS_MEDIA, "category", FEED_XML_T_CATEGORY },
	{ FEED_XML_NS_MEDIA, "content", FEED_XML_T_MEDIACONTENT },
	{ FEED_XML_NS_MEDIA, "description", FEED_XML_T_WSUMMARY },
	{ FEED_XML_NS_MEDIA, "group", FEED_XML_T_MEDIAGROUP },
	{ FEED_XML_NS_MEDIA, "keywords", FEED_XML_T_KEYWORDS },
	{ FEED_XML_NS_MEDIA, "title", FEED_XML_T_WTITLE },
	{ FEED_XML_NS_XHTML, "body", FEED_XML_T_CONTENT },
	{ FEED_XML_NS_ITUNES, "author", FEED_XML_T_WAUTHOR },
	{ FEED_XML_NS_ITUNES, "category", FEED_XML_T_CATTEXT },
	{ FEED_XML_NS_ITUNES, "keywords", FEED_XML_T_KEYWORDS },
	{ FEED_XML_NS_ITUNES, "subtitle", FEED_XML_T_WSUMMARY },
	{ FEED_XML_NS_ITUNES, "summary", FEED_XML_T_WSUMMARY },
	{ FEED_XML_NS_CDF, "ABSTRACT", FEED_XML_T_SUMMARY },
	{ FEED_XML_NS_CDF, "CHANNEL", FEED_XML_T_CHANNEL },
	{ FEED_XML_NS_CDF, "ITEM", FEED_XML_T_ITEM },
	{ FEED_XML_NS_CDF, "TITLE", FEED_XML_T_TITLE },
};

/* ------------------------------------------------------------------ */
/* Namespaces and xml:base. */

static int
feed_xml_ns_of_uri(const char *uri)
{
	size_t	 i;

	for (i = 0; i < sizeof feed_xml_ns_uris / sizeof feed_xml_ns_uris[0];
	     i++)
		if (strcmp(feed_xml_ns_uris[i].uri, uri) == 0 ||
		    /* Apple's own documents spell it "DTDs/Podcast" */
		    (feed_xml_ns_uris[i].ns == FEED_XML_NS_ITUNES &&
		    dl_strcaseeq(feed_xml_ns_uris[i].uri, uri)))
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
int
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
int
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
const char *
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
void
feed_xml_scope_pop(struct feed_xml *x)
{
	while (x->nns > 0 && x->ns[x->nns - 1].depth >= x->depth) {
		free(x->ns[--x->nns].prefix);
		memset(x->memo, 0, sizeof x->memo);
	}
	while (x->nbases > 0 && x->bases[x->nbases - 1].depth >= x->depth)
		free(x->bases[--x->nbases].url);
}

void
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
void
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
char *
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
	if ((abs = url_encode_unsafe(ref)) != NULL) {
		free(ref);	/* a link is printed: no raw controls */
		ref = abs;
	}
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
	return strcasecmp(k->name, e->name);
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
int
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
