/* html.h: HTML (a fragment or a whole page, UTF-8) parsed with gumbo into a
 * small document model of blocks holding styled text, for render_ to lay
 * out and extract_ to build from a chosen subtree. */
#ifndef HTML_H
#define HTML_H

#include <stddef.h>

#include <gumbo.h>

enum html_block_kind {
	HTML_PARA = 0,	/* paragraph, or any loose text */
	HTML_HEADING,	/* level in html_block.level */
	HTML_PRE,	/* spacing and newlines kept as written */
	HTML_ROW,	/* a table row: cells joined by HTML_CELL_SEP */
	HTML_IMAGE,	/* placeholder: text is the alt text (may be "") */
	HTML_RULE	/* horizontal rule: no text */
};

/* What joins the cells of an HTML_ROW in its text. */
#define HTML_CELL_SEP	" \xe2\x94\x82 "

/* Style flags of a span. */
#define HTML_BOLD	0x01u
#define HTML_ITALIC	0x02u
#define HTML_CODE	0x04u
#define HTML_LINK	0x08u	/* url names the target */

/* A run of text with one style. The spans of a block are sorted, do not
 * overlap, and cover its text exactly; neighbours differ in style. */
struct html_span {
	size_t		 off;	/* byte offset in the block's text */
	size_t		 len;	/* bytes */
	unsigned int	 flags;	/* HTML_BOLD | ... */
	int		 url;	/* index into html_doc.urls, or -1 */
};

/* A block. Text is UTF-8 with white space collapsed as a browser does
 * (outside HTML_PRE); "\n" is a line break (<br>, or a line of a pre).
 * Entities are decoded; control characters are NOT removed here (render_
 * cleans everything on the way to a terminal). */
struct html_block {
	enum html_block_kind kind;
	int		 level;		/* heading level 1-6, else 0 */
	int		 quote;		/* block quote nesting depth, 0 outside */
	int		 list;		/* list nesting depth, 0 outside lists */
	int		 number;	/* list item number, 0 for a bullet */
	int		 marker;	/* 1 on the first block of a list item */
	char		*text;		/* NUL-terminated */
	size_t		 len;
	struct html_span *spans;
	size_t		 nspans;
};

struct html_doc {
	struct html_block *blocks;
	size_t		 nblocks;
	char		**urls;		/* link targets, each once, resolved */
	size_t		 nurls;
};

/* Parse len bytes of UTF-8 HTML (a fragment or a page; NULL with len 0 is
 * an empty document). Links are resolved against base_url (NULL allowed;
 * unresolvable relative links are kept as written). Never fails: damaged
 * HTML gives what gumbo recovers. The caller frees with html_doc_free. */
struct html_doc *html_doc_parse(const char *html, size_t len,
	     const char *base_url);

/* Build a document from a gumbo subtree (an element, or a document node),
 * as html_doc_parse does for a whole page. The node is only read; it must
 * outlive the call, not the result. */
struct html_doc *html_doc_from_node(const GumboNode *node,
	     const char *base_url);

void	 html_doc_free(struct html_doc *doc);

/* Hostile nesting bounded before gumbo reads HTML s[0..len) (gumbo's
 * time grows with the square of the depth): NULL when nothing needs it,
 * else a copy (*outlen bytes, the caller frees it) with the start tags
 * nested past 232 open elements left out, with as many end tags after
 * them. The text stays. html_doc_parse applies it. */
char	*html_flatten(const char *s, size_t len, size_t *outlen);
/* 1 if t is one of HTML's formatting elements (a, b, em, font, ...),
 * which gumbo opens again in every block that follows until their end
 * tags come; else 0. */
int	 html_tag_formatting(GumboTag t);

/* html_math.c: the MathML element math as a line of text appended to b
 * (x^2, a_i, (n+1)/2, √(x); an annotation's TeX left out). */
struct dl_buf;
void	 html_math_text(const GumboNode *math, struct dl_buf *b);

/* html_scan.c: markup cut as the HTML tokenizer cuts it, for the byte
 * scans before gumbo. Positions are offsets in s[0..len). */
enum html_tok {
	HTML_TOK_TEXT = 0,	/* a lone '<' */
	HTML_TOK_COMMENT,	/* <!-- ... --> */
	HTML_TOK_BOGUS,		/* <!x>, <?x>, </3> */
	HTML_TOK_START,
	HTML_TOK_END
};

/* One token (html_scan_token). name points into the scanned text. */
struct html_scan_tok {
	enum html_tok	 kind;
	GumboTag	 tag;		/* a tag's element, else GUMBO_TAG_LAST */
	const char	*name;		/* a tag's name as written */
	size_t		 namelen;
	int		 selfclose;	/* a start tag ending in "/>" */
};

/* An attribute of a start tag: its name and its value (v[0..vl), empty
 * when it has none), both pointing into the scanned text. */
typedef void	 html_scan_attr_fn(void *arg, const char *name, size_t nl,
		     const char *v, size_t vl);

/* The token at s[at] (a '<'): fills *t and returns the position past it
 * (len if unclosed). A start tag's attributes go to fn (NULL allowed)
 * in order. Raw text after a start tag is the caller's to skip
 * (html_scan_raw_close). */
size_t	 html_scan_token(const char *s, size_t len, size_t at,
	     struct html_scan_tok *t, html_scan_attr_fn *fn, void *arg);
/* Past the attributes and the '>' of a tag from p (past its name), or
 * len; *selfclose (NULL allowed) gets whether it ends in "/>". */
size_t	 html_scan_attrs(const char *s, size_t len, size_t p, int *selfclose,
	     html_scan_attr_fn *fn, void *arg);
/* Where the raw text (from p) of the element tag, written name[0..n),
 * ends: the '<' of its end tag, or len (always for plaintext). */
size_t	 html_scan_raw_close(const char *s, size_t len, size_t p,
	     GumboTag tag, const char *name, size_t n);
/* 1 if ch is HTML's white space; html_scan_name_end: or '/' or '>'. */
int	 html_scan_space(char ch);
int	 html_scan_name_end(char ch);

/* Drop the document's first block when it is a heading whose text is
 * title (a story page repeating its headline, which the caller shows
 * already). title NULL does nothing. */
void	 html_doc_drop_title(struct html_doc *doc, const char *title);

#endif
