/* extract.h: the article in a news web page, found readability-style, with
 * its metadata (JSON-LD, OpenGraph, <meta>, the page itself), as cleaned
 * HTML for render_ and as plain text. */
#ifndef EXTRACT_H
#define EXTRACT_H

#include <stddef.h>

#include <gumbo.h>

#include "dl.h"

enum extract_status {
	EXTRACT_OK = 0,		/* an article: html and text are set */
	EXTRACT_NONE		/* nothing article-like; metadata may be set */
};

/* Every string is UTF-8 with white space collapsed, or NULL when the page
 * did not give it. The result owns them; extract_result_free frees all. */
struct extract_result {
	enum extract_status status;
	char		*title;
	char		*byline;	/* author names joined by ", " */
	char		*published;	/* RFC 3339 UTC, "2024-03-01T09:30:00Z" */
	char		*site_name;
	char		*lang;		/* as the page writes it: "en", "ja-JP" */
	char		*excerpt;	/* description, else the first paragraph */
	char		*html;		/* the cleaned article, links absolute */
	char		*text;		/* paragraphs joined by one blank line */
	char		*charset;	/* canonical encoding the page was read in */
	/* What the page held, for "no article found" messages: paragraphs
	 * of at least 25 characters anywhere in the body, and their
	 * characters (code points). Counted over the whole page only when
	 * status is EXTRACT_NONE (an article may come from a part of it). */
	size_t		 nparas;
	size_t		 nchars;
	/* Non-zero: the page held this many bytes of markup (without
	 * scripts, styles and comments), more than gumbo is given (1 MB):
	 * the article comes from the first 1 MB. */
	size_t		 markup;
};

/* Per-site rules, one per line in a file users extend
 * ($XDG_CONFIG_HOME/dateline/extract-rules):
 *
 *	# comment
 *	example.com  div.story-body          the article body
 *	example.com  -aside.newsletter       a subtree to remove
 *
 * The host matches the page's host and its subdomains (www.example.com).
 * A selector is one or more compound selectors separated by spaces
 * (descendant combinator only); a compound is an optional tag name
 * followed by any of .class, #id and [attr=value] (or [attr]), e.g.
 * "article div.body p", "#main .content", "[itemprop=articleBody]". The
 * first body rule that matches an element of the page replaces the
 * generic scoring; every removal rule applies inside the article. */
struct extract_rules;

struct extract_rules *extract_rules_new(void);
void	 extract_rules_free(struct extract_rules *r);
/* Add one line (comments and blank lines are accepted and ignored).
 * Returns 0, or -1 with the reason in e for a malformed line. */
int	 extract_rules_add(struct extract_rules *r, const char *line,
	     struct dl_err *e);
/* Add the lines of the file at path. A missing file is not an error (0).
 * Malformed lines are skipped and reported one by one through warn (may
 * be NULL) as "path:LINE: reason"; returns -1 with e set only when the
 * file exists but cannot be read. */
int	 extract_rules_load(struct extract_rules *r, const char *path,
	     void (*warn)(void *, const char *), void *arg, struct dl_err *e);

struct extract_opts {
	const char	*url;		/* the page's URL: base for links, host
					 * for rules; NULL allowed */
	const char	*charset;	/* a hint such as the HTTP header's;
					 * NULL allowed */
	const struct extract_rules *rules;	/* NULL: none */
};

/* Find the article in len bytes of HTML in any encoding (BOM, then
 * <meta charset>/http-equiv, then opts->charset, then UTF-8; bytes that do
 * not decode become U+FFFD). opts may be NULL. Never fails: a page with
 * nothing article-like gives status EXTRACT_NONE with whatever metadata
 * was found. The caller frees the result with extract_result_free. */
struct extract_result *extract_page(const char *page, size_t len,
	     const struct extract_opts *opts);
void	 extract_result_free(struct extract_result *r);
/* What gumbo reads of UTF-8 HTML s[0..len), in a new copy (*outlen
 * bytes, the caller frees it): scripts (but JSON-LD), styles and comments
 * left out, at most cap bytes of the rest (cut before a '<'), hostile
 * nesting flattened (html_flatten). *markup gets the size before the
 * cut, 0 if none. extract_page gives it 1 MB; hub_ parses through it. */
char	*extract_markup(const char *s, size_t len, size_t cap,
	     size_t *outlen, size_t *markup);

/* The pieces of the scoring, public for tests. */

/* Weight of an element's class and id together: -25 for each of a
 * boilerplate name (comment, share, social, footer, related, promo, ad,
 * sponsor, newsletter, sidebar, nav, menu, ...), -50 more for comment
 * threads, +25 for a story name (article, body, content, story, entry,
 * main, text, post). Names match as a whole class or a part of one
 * between '-' and '_' ("ad-slot" is an ad, "head" and "shadow" are not);
 * the long ones also inside a word ("sharebar"). NULLs allowed. */
int	 extract_class_weight(const char *class_attr, const char *id);

/* The text length of s[0..n) as scoring counts it: a Latin letter or
 * digit counts 1, a Han, kana or Hangul character 3 (a CJK character
 * carries about as much as a short word), white space and marks 0,
 * punctuation 1. */
size_t	 extract_text_weight(const char *s, size_t n);

/* Commas and sentence punctuation in s[0..n): , ; and the CJK 。、，；！？ */
size_t	 extract_punct_count(const char *s, size_t n);

/* Share of the text weight of an element that sits inside links (0 for an
 * element with no text). Scripts, styles and hidden elements do not
 * count. */
double	 extract_link_density(const GumboNode *node);

/* Read the metadata of one JSON-LD block (an object, an array of objects,
 * or an object with "@graph") into the empty fields of r: from the first
 * object whose @type (a string or an array) is NewsArticle, Article,
 * ReportageNewsArticle, BlogPosting, AnalysisNewsArticle, OpinionNews-
 * Article or WebPage-less variants thereof: headline, author (a string, an
 * object with name, or an array of both), datePublished, publisher.name,
 * inLanguage, description. *body gets a copy of articleBody when present
 * and *body is NULL. Returns 1 if an article object was found, 0 if not
 * (bad JSON included). */
int	 extract_jsonld(const char *json, size_t len,
	     struct extract_result *r, char **body);

#endif
