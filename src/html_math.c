/* html_math.c: MathML as a line of text, for the reader's view of a
 * feed's HTML and for the article extractor: msup x^2, msub a_i,
 * msubsup, mfrac (n+1)/2, msqrt √(x), tokens as they are; the TeX of an
 * <annotation> left out (Wikipedia's MathML carries it beside the
 * formula). A terminal cannot lay out a formula; a line reads. */
#include "config.h"

#include <string.h>
#include <strings.h>

#include "dl.h"
#include "html.h"

/* Layouts nested deeper than this read plain: each copies its parts
 * once more. */
#define HTML_MATH_LAYOUTS	6
#define HTML_MATH_DEPTH		64	/* elements walked at most */
#define HTML_MATH_CAP		(1024u * 1024)

/* What goes before each element child of a layout (NULL: as it is); a
 * part longer than one character goes in parentheses. A layout with a
 * mark for its first part only puts all its children after it. */
static const struct {
	const char	*name;
	const char	*marks[3];
} html_math_layouts[] = {
	{ "msup", { NULL, "^", NULL } },
	{ "msub", { NULL, "_", NULL } },
	{ "msubsup", { NULL, "_", "^" } },
	{ "mfrac", { "", "/", NULL } },
	{ "msqrt", { "\xe2\x88\x9a", NULL, NULL } },	/* √ */
};

static void html_math_walk(const GumboNode *g, struct dl_buf *b, int depth,
    int layouts);

/* Is g the MathML element name (one gumbo has no tag for)? */
static int
html_math_is(const GumboNode *g, const char *name)
{
	GumboStringPiece	 t = g->v.element.original_tag;

	if (g->v.element.tag_namespace != GUMBO_NAMESPACE_MATHML ||
	    g->v.element.tag != GUMBO_TAG_UNKNOWN || t.data == NULL)
		return 0;
	gumbo_tag_from_original_text(&t);
	return t.length == strlen(name) &&
	    strncasecmp(t.data, name, t.length) == 0;
}

/* mark, then the text of g (of its children if all), trimmed, in
 * parentheses if longer than one character. */
static void
html_math_part(const GumboNode *g, const char *mark, int all,
    struct dl_buf *b, int depth, int layouts)
{
	const GumboVector	*v = &g->v.element.children;
	struct dl_buf		 t;
	const char		*s;
	size_t			 i, n;

	dl_buf_init(&t, HTML_MATH_CAP);
	if (all)
		for (i = 0; i < v->length; i++)
			html_math_walk(v->data[i], &t, depth + 1, layouts);
	else
		html_math_walk(g, &t, depth, layouts);
	s = dl_buf_str(&t);
	n = t.len;
	while (n > 0 && html_scan_space(*s)) {
		s++;
		n--;
	}
	while (n > 0 && html_scan_space(s[n - 1]))
		n--;
	if (n > 0) {
		dl_buf_adds(b, mark);
		if (dl_utf8_count(s, n) > 1) {
			dl_buf_addc(b, '(');
			dl_buf_add(b, s, n);
			dl_buf_addc(b, ')');
		} else
			dl_buf_add(b, s, n);
	}
	dl_buf_clear(&t);
}

static void
html_math_walk(const GumboNode *g, struct dl_buf *b, int depth, int layouts)
{
	const GumboVector	*v;
	const GumboNode		*k;
	const char *const	*marks = NULL;
	size_t			 i, j, nel = 0;

	if (g->type == GUMBO_NODE_TEXT || g->type == GUMBO_NODE_WHITESPACE ||
	    g->type == GUMBO_NODE_CDATA) {
		dl_buf_adds(b, g->v.text.text);
		return;
	}
	if (g->type != GUMBO_NODE_ELEMENT || depth > HTML_MATH_DEPTH ||
	    g->v.element.tag == GUMBO_TAG_ANNOTATION_XML ||
	    html_math_is(g, "annotation"))
		return;
	for (j = 0; layouts < HTML_MATH_LAYOUTS && j <
	    sizeof html_math_layouts / sizeof html_math_layouts[0]; j++)
		if (html_math_is(g, html_math_layouts[j].name))
			marks = html_math_layouts[j].marks;
	if (marks != NULL && marks[1] == NULL) {
		html_math_part(g, marks[0], 1, b, depth, layouts + 1);
		return;
	}
	v = &g->v.element.children;
	for (i = 0; i < v->length; i++) {
		k = v->data[i];
		if (marks != NULL && k->type == GUMBO_NODE_ELEMENT &&
		    nel < 3 && marks[nel] != NULL)
			html_math_part(k, marks[nel++], 0, b, depth + 1,
			    layouts + 1);
		else {
			nel += marks != NULL && k->type == GUMBO_NODE_ELEMENT;
			html_math_walk(k, b, depth + 1, layouts);
		}
	}
}

void
html_math_text(const GumboNode *math, struct dl_buf *b)
{
	html_math_walk(math, b, 0, 0);
}
