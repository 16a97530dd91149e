/* render.h: a document laid out into lines for a terminal width in
 * display columns (East Asian wide characters two, combining marks zero),
 * with line breaking for Latin, Korean, Chinese and Japanese text, and
 * cleaning of every string that goes to a terminal. */
#ifndef RENDER_H
#define RENDER_H

#include <stddef.h>
#include <stdint.h>

#include "html.h"

/* Style flags of a run in a rendered line (the UI colours by them). */
#define RENDER_BOLD	0x001u
#define RENDER_ITALIC	0x002u
#define RENDER_CODE	0x004u
#define RENDER_LINK	0x008u	/* link text; run.link is its number */
#define RENDER_LINKREF	0x010u	/* the "[n]" after a link */
#define RENDER_HEADING	0x020u	/* heading text and its underline */
#define RENDER_QUOTE	0x040u	/* the quote bars in front of a line */
#define RENDER_BULLET	0x080u	/* a list item's bullet or number */
#define RENDER_PRE	0x100u	/* preformatted text */
#define RENDER_IMAGE	0x200u	/* "[image: ...]" */
#define RENDER_RULE	0x400u	/* a horizontal rule */

struct render_run {
	size_t		 off;	/* byte offset in the line's text */
	size_t		 len;
	unsigned int	 flags;	/* RENDER_BOLD | ...; 0 for plain */
	int		 link;	/* link number (1...), 0 for none */
};

/* One line: clean UTF-8 (no control characters, no newline), NUL-
 * terminated, at most the width wide unless the width is too small to
 * hold one character after the indentation. Runs cover the text. */
struct render_line {
	const char		*text;
	size_t			 len;
	int			 width;		/* display columns */
	const struct render_run	*runs;
	size_t			 nruns;
	/* Where the line comes from: the index of its block in the
	 * document and the byte offset of its first character in the
	 * block's laid-out text (the same at every width). A blank line
	 * before a block counts as that block's start, an underline as its
	 * end. */
	size_t			 block;
	size_t			 off;
};

struct render_opts {
	int	 width;		/* columns; values below 8 are taken as 8 */
};

struct render_out;

/* Lay doc out. Blocks are separated by one blank line (list items and
 * table rows by none); headings are followed by a line of "═" (h1), "─"
 * (h2) or "┄" (h3-h6) as wide as the heading; list items get "• ", "◦ ",
 * "▪ " (by depth) or "N. " and a hanging indent; quotes get "│ " per
 * level; a table's rows (consecutive rows of one quote and list depth)
 * have their cells joined by " │ " and padded to the widest cell of
 * their column when the table fits the width, else each row is wrapped
 * as a paragraph; images read "[image: alt]";
 * rules are a line of "─". Preformatted text keeps its spacing (tabs to
 * stops of 8) and is cut hard at the width, never reflowed. Links get
 * "[n]" after their text, numbered in order of first appearance, one
 * number per distinct URL. Never fails; the caller frees the result with
 * render_out_free. doc is not needed after the call. */
struct render_out *render_doc(const struct html_doc *doc,
	     const struct render_opts *opts);
void	 render_out_free(struct render_out *out);

size_t	 render_out_nlines(const struct render_out *out);
/* Line i (< nlines), borrowed until render_out_free. */
const struct render_line *render_out_line(const struct render_out *out,
	     size_t i);
/* The line showing the text at off of block (as render_line.block and
 * .off) in out: the last line that starts at or before it; 0 for an
 * empty out. Lets a reader keep its place when the width changes. */
size_t	 render_out_find(const struct render_out *out, size_t block,
	     size_t off);
size_t	 render_out_nlinks(const struct render_out *out);
/* The clean URL of link n (1 ... nlinks), borrowed until render_out_free;
 * NULL when n is out of range. */
const char *render_out_link(const struct render_out *out, size_t n);
/* The plain text: every line followed by "\n", then, if there are links,
 * an empty line and "[n] URL" per link. The caller frees it. */
char	*render_out_text(const struct render_out *out);

/* Parse HTML (UTF-8, NUL-terminated; NULL is empty) with links resolved
 * against base (NULL allowed) and render it at width as by
 * render_out_text. The caller frees the result. */
char	*render_html_to_text(const char *html, const char *base, int width);

/* Display width of len bytes of UTF-8; each invalid sequence counts as
 * U+FFFD (1). */
int	 render_width(const char *s, size_t len);

/* s (NULL is "") made safe for one terminal line: escape sequences (ESC
 * or C1 introduced: CSI, OSC, DCS, ...) removed whole, other C0 and C1
 * controls (CR too) and DEL removed, tab and newline turned into a
 * space, bidi
 * embedding/override/isolate characters and soft hyphens removed, invalid
 * UTF-8 replaced by U+FFFD. The caller frees the result. */
char	*render_clean(const char *s);

/* Pad the result with spaces to exactly width columns. */
#define RENDER_TRUNC_PAD	0x01

/* s cleaned as by render_clean and cut to at most width columns, ending
 * in "…" when cut; a wide character that would straddle the edge is
 * replaced by a space, so that a cut string is exactly width columns
 * wide. With RENDER_TRUNC_PAD, shorter strings are padded to width too.
 * width <= 0 gives "". The caller frees the result. */
char	*render_truncate(const char *s, int width, int flags);

/* The header of a story written as Markdown; every field may be NULL
 * (title shows as "(no title)"), all borrowed. */
struct render_md_head {
	const char	*title;
	const char	*author;	/* "By AUTHOR · " when set */
	const char	*feed;		/* feed title or URL */
	const char	*date;		/* " · DATE" when set */
	const char	*link;		/* "Source: <LINK>" when set */
};

/* A story as CommonMark: "# title", the byline line, the source line,
 * then html (parsed with links resolved against base; a leading heading
 * equal to the title dropped) with tables as GFM tables (the first row
 * the header), links as [text][n] and the list of
 * "[n]: <url>" at the end. Text is cleaned as by render_clean and
 * escaped. Never NULL; the caller frees it. */
char	*render_markdown(const struct render_md_head *h, const char *html,
	    const char *base);

/* A file name stem from a title: ASCII letters (lower-cased) and digits
 * and CJK letters kept, every other run of characters one '-', none at
 * either end, at most 80 bytes (cut between characters); "story-ID"
 * when nothing is left. It holds no '/' and no '.', so it is never a
 * path. The caller frees it. */
char	*render_slug(const char *title, int64_t id);

#endif
