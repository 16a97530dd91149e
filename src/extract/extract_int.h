/* extract_int.h: shared between the files of the extract_ module. */
#ifndef EXTRACT_INT_H
#define EXTRACT_INT_H

#include <stddef.h>

#include <gumbo.h>

#include "dl.h"
#include "extract.h"

#define EXTRACT_MAX_DEPTH	400
#define EXTRACT_NONE_IDX	((size_t)-1)
#define EXTRACT_PARA_MIN	25	/* text weight of a scored paragraph */
#define EXTRACT_ARTICLE_MIN	400	/* text weight of an article */
#define EXTRACT_CAP		(256u * 1024 * 1024)
#define EXTRACT_MARKUP_CAP	(1024u * 1024)	/* for gumbo, stripped */
#define EXTRACT_NCACHE		61	/* class names remembered */

/* Node flags. */
#define EX_DROP		0x001u	/* never shown: script, hidden, ... */
#define EX_UNL		0x002u	/* own class/id or tag says boilerplate */
#define EX_INUNL	0x004u	/* inside such an element */
#define EX_CAND		0x008u	/* holds a score */
#define EX_BLOCKKIDS	0x010u	/* has a block-level child element */
#define EX_META		0x020u	/* byline, credit, timestamp */
#define EX_COMMENT	0x040u	/* comment thread */
#define EX_NEG		0x080u	/* a boilerplate name */
#define EX_POS		0x100u	/* a story name */
#define EX_BONUS	0x200u	/* <article>, [itemprop=articleBody] */
#define EX_PULL		0x400u	/* a pull quote: repeats the story */
#define EX_INCOMMENT	0x800u	/* inside a comment thread (gumbo tree) */
#define EX_ENDTAG	0x1000u	/* pre-scan: closed by its own end tag */

/* Class-name flags (extract_class_flags). */
#define EX_C_NEG	0x01u
#define EX_C_POS	0x02u
#define EX_C_COMMENT	0x04u
#define EX_C_META	0x08u
#define EX_C_PULL	0x10u

struct extract_node {
	const GumboNode	*g;		/* NULL in the pre-scan */
	GumboTag	 tag;
	size_t		 start, stop;	/* pre-scan: bytes of the element */
	size_t		 parent;
	size_t		 end;		/* one past the subtree */
	unsigned int	 flags;
	int		 cw;		/* class weight */
	double		 text;		/* text weight of the subtree */
	double		 link;		/* of which inside links */
	size_t		 punct;
	size_t		 nimg;
	double		 score;
};

/* Metadata keys from <meta>. */
enum {
	EX_M_OGTITLE = 0,
	EX_M_TWTITLE,
	EX_M_SITE,
	EX_M_OGDESC,
	EX_M_DESC,
	EX_M_PUB,
	EX_M_DATE,
	EX_M_ARTAUTHOR,
	EX_M_AUTHOR,
	EX_M_LANG,
	EX_M_DCTITLE,		/* dc:title, dcterm:title */
	EX_M_NAMETITLE,		/* <meta name=title> */
	EX_M_PTITLE,		/* parsely-title */
	EX_M_DCCREATOR,		/* dc:creator, dcterm:creator */
	EX_M_PAUTHOR,		/* parsely-author */
	EX_M_DCDESC,		/* dc:description, dcterm:description */
	EX_M_TWDESC,		/* twitter:description */
	EX_M_N
};

struct extract_ctx {
	struct extract_node	*n;
	size_t			 nn, size;
	const struct extract_opts *opts;
	struct extract_result	*r;
	char			*base;		/* effective base URL */
	char			*ld_body;	/* JSON-LD articleBody */
	char			*meta[EX_M_N];
	char			*title;		/* <title> */
	char			*html_lang;
	const GumboNode		*h1, *byline, *time;
	const char		*base_href;
	int			 relax;		/* extract_relaxed's pass */
	const char		*ckey[EXTRACT_NCACHE];	/* class names seen */
	unsigned int		 cval[EXTRACT_NCACHE];	/* and their flags */
};

struct extract_sel_part {
	char	*tag;
	char	**classes;
	size_t	 nclasses;
	char	*id;
	char	*attr;
	char	*val;
};

struct extract_rule {
	char			*host;
	int			 remove;
	struct extract_sel_part	*parts;
	size_t			 nparts;
};

struct extract_rules {
	struct extract_rule	*v;
	size_t			 n;
};

/* The attributes an element's flags depend on (NULL when absent). */
struct extract_attrs {
	const char	*cls, *id, *itemprop, *style, *rel, *aria_hidden;
	int		 hidden;
};

/* Block-level children make a <div> a container, not a paragraph. */
extern const unsigned char extract_block_tags[GUMBO_TAG_LAST];

/* extract_score.c */
/* Add the text weight and the punctuation of s[0..n) to the counters
 * (extract_text_weight and extract_punct_count in one pass). */
void	 extract_text_measure(const char *s, size_t n, size_t *weight,
	     size_t *punct);
void	 extract_attrs_of(const GumboNode *g, struct extract_attrs *a);
/* EX_DROP, or the flags of an element from its tag and attributes; *cw
 * gets its class weight, *byline 1 if it names the author. */
unsigned int extract_elem_flags(struct extract_ctx *c, GumboTag tag,
	     const struct extract_attrs *a, int *cw, int *byline);
const char	*extract_attr(const GumboNode *g, const char *name);
char	*extract_collapse(const char *s);
char	*extract_node_text(const GumboNode *g);
void	extract_set(char **dst, char *s);
void	extract_set_date(char **dst, const char *s);
void	 extract_build(struct extract_ctx *c, const GumboNode *g,
	    size_t parent, unsigned int inh, int inlink, int depth);
void	extract_sum(struct extract_ctx *c);
double	extract_ld(const struct extract_node *x);
int	extract_is_para(const struct extract_node *x);
size_t	extract_score(struct extract_ctx *c);

/* extract_meta.c */
void	extract_collect(struct extract_ctx *c, const GumboNode *g);
void	 extract_meta_walk(struct extract_ctx *c, const GumboNode *g,
	    int depth);
void	extract_resolve_meta(struct extract_ctx *c);

/* extract_rules.c */
/* Does any rule name the page's host? */
int	 extract_rules_apply(const struct extract_ctx *c);
size_t	extract_rule_body(const struct extract_ctx *c);
int	extract_rule_remove(const struct extract_ctx *c, size_t i);

/* extract_clean.c */
char	*extract_serialise(const struct extract_ctx *c, size_t w);
char	*extract_doc_text(const char *html, size_t *weight);
void	extract_from_ld(struct extract_ctx *c);
/* When the first pass found no article: passes with the rules relaxed
 * (EX_R_*), the one with the most text kept. */
void	extract_relaxed(struct extract_ctx *c);
#define EX_R_UNL	1	/* unlikely candidates score */
#define EX_R_CW		2	/* and class names weigh nothing */
#define EX_R_CLEAN	3	/* and no conditional cleaning */
#define EXTRACT_RELAXED_MIN	60	/* text weight of a relaxed article */

/* extract.c: gumbo's memory, from chunks freed together. */
struct extract_chunk {
	struct extract_chunk	*next;
	size_t			 used, size;
	max_align_t		 data[];
};

/* n bytes from the chunks at *(struct extract_chunk **)arg; never NULL. */
void	*extract_arena_alloc(void *arg, size_t n);
void	 extract_arena_clear(struct extract_chunk *k);

/* extract_prescan.c */
struct extract_cut {
	char		*buf;	/* the head, the body's metadata, the region */
	size_t		 len;
	GumboTag	 tag;	/* the scan's winner: its tag */
	double		 text;	/* and its text weight */
};

/* Scan len bytes of UTF-8 HTML for the article's region. Returns 1 with
 * *cut set (the caller frees cut->buf; its scripts and comments are still
 * in it) when one container clearly wins, or 0: parse the whole page.
 * Class names are kept in *arena. */
int	 extract_prescan(const char *s, size_t len,
	     struct extract_chunk **arena, struct extract_cut *cut);
/* A copy of s[0..len) with the contents of scripts (but JSON-LD), styles
 * and comments left out: gumbo reads a character at a time, and on real
 * news pages they are most of the bytes. Tags and their quoted attribute
 * values are read as the tokenizer reads them. */
char	*extract_strip(const char *s, size_t len, size_t *outlen);

#endif
