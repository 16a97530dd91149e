/* extract.c: the article of a news page, the driver: the page decoded to
 * UTF-8, the region the pre-scan finds (or the whole page, scripts,
 * styles and comments emptied) parsed by gumbo into an arena, the winner
 * scored and cleaned, the metadata resolved. */
#include "config.h"

#include <errno.h>
#include <jansson.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "charset.h"
#include "date.h"
#include "dl.h"
#include "extract.h"
#include "html.h"
#include "url.h"
#include "extract/extract_int.h"

/* ---- gumbo's memory ---- */

/* Gumbo allocates every node, attribute, token buffer and vector one
 * malloc at a time and frees them one at a time; on a 1 MB page that is a
 * fifth of the parse. Its allocations come from chunks instead, freed
 * together; its frees do nothing (growing buffers waste at most half). */
#define EXTRACT_CHUNK		(512u * 1024)

void *
extract_arena_alloc(void *arg, size_t n)
{
	struct extract_chunk	**head = arg, *k = *head;
	size_t			 a = sizeof(max_align_t), size;
	void			*p;

	n = (n + a - 1) / a * a;
	if (k == NULL || k->size - k->used < n) {
		size = n > EXTRACT_CHUNK / 4 ? n : EXTRACT_CHUNK;
		k = dl_malloc(sizeof *k + size);
		k->size = size;
		k->used = 0;
		if (*head != NULL && n > EXTRACT_CHUNK / 4) {
			/* A big block goes behind the current chunk. */
			k->next = (*head)->next;
			(*head)->next = k;
			k->used = n;
			return k->data;
		}
		k->next = *head;
		*head = k;
	}
	p = (char *)k->data + k->used;
	k->used += n;
	return p;
}

static void
extract_arena_free(void *arg, void *p)
{
	(void)arg;
	(void)p;
}

void
extract_arena_clear(struct extract_chunk *k)
{
	struct extract_chunk	*next;

	for (; k != NULL; k = next) {
		next = k->next;
		free(k);
	}
}

/* ---- the whole ---- */

/* The winner: a per-site rule's element, else the best score. Scores
 * are given once, either way (sibling checks read them). */
static size_t
extract_winner(struct extract_ctx *c)
{
	size_t	 w = extract_rule_body(c), s = extract_score(c);

	return w != EXTRACT_NONE_IDX ? w : s;
}

static void
extract_body(struct extract_ctx *c, size_t w)
{
	struct extract_result	*r = c->r;
	size_t			 weight = 0, ldw;

	if (w != EXTRACT_NONE_IDX) {
		r->html = extract_serialise(c, w);
		r->text = extract_doc_text(r->html, &weight);
	}
	ldw = c->ld_body != NULL ? extract_text_weight(c->ld_body,
	    strlen(c->ld_body)) : 0;
	if (ldw >= EXTRACT_ARTICLE_MIN && ldw > 2 * weight) {
		extract_from_ld(c);
		weight = ldw;
	}
	if (weight < EXTRACT_ARTICLE_MIN) {
		free(r->html);
		free(r->text);
		r->html = r->text = NULL;
		r->status = EXTRACT_NONE;
	}
}

static void
extract_excerpt_para(struct extract_result *r)
{
	size_t	 n;

	if (r->excerpt != NULL || r->text == NULL)
		return;
	n = strcspn(r->text, "\n");
	if (n > 0)
		r->excerpt = dl_strndup(r->text, n);
}

static void
extract_page_stats(struct extract_ctx *c)
{
	const struct extract_node	*x;
	char				*s;
	size_t				 i;

	for (i = 0; i < c->nn; i++) {
		x = &c->n[i];
		if ((x->flags & EX_DROP) || !extract_is_para(x) ||
		    x->text < EXTRACT_PARA_MIN)
			continue;
		if ((s = extract_node_text(x->g)) != NULL)
			c->r->nchars += dl_utf8_count(s, strlen(s));
		free(s);
	}
}

static void
extract_ctx_clear(struct extract_ctx *c)
{
	size_t	 i;

	free(c->n);
	free(c->base);
	free(c->ld_body);
	free(c->title);
	free(c->html_lang);
	for (i = 0; i < EX_M_N; i++)
		free(c->meta[i]);
}

static void
extract_tree(struct extract_ctx *c, const GumboNode *root)
{
	const GumboVector	*v = &root->v.document.children;
	size_t			 i;

	for (i = 0; i < v->length; i++)
		if (((const GumboNode *)v->data[i])->type ==
		    GUMBO_NODE_ELEMENT)
			extract_build(c, v->data[i], EXTRACT_NONE_IDX, 0, 0, 0);
	extract_sum(c);
	if (c->base_href != NULL)
		c->base = url_resolve(c->opts->url, c->base_href);
	if (c->base == NULL && c->opts->url != NULL)
		c->base = dl_strdup(c->opts->url);
}

static GumboOutput *
extract_parse(const char *s, size_t n, struct extract_chunk **arena)
{
	GumboOptions	 go = kGumboDefaultOptions;

	go.max_errors = 0;
	go.allocator = extract_arena_alloc;
	go.deallocator = extract_arena_free;
	go.userdata = arena;
	return gumbo_parse_with_options(&go, s, n);
}

/* Free what r holds but its charset (the fields stay dangling). */
static void
extract_result_strings_free(struct extract_result *r)
{
	free(r->title);
	free(r->byline);
	free(r->published);
	free(r->site_name);
	free(r->lang);
	free(r->excerpt);
	free(r->html);
	free(r->text);
}

/* Back to nothing read, after a cut was given up (the charset stays). */
static void
extract_ctx_reset(struct extract_ctx *c)
{
	const struct extract_opts	*opts = c->opts;
	struct extract_result		*r = c->r;
	char				*charset = r->charset;
	size_t				 markup = r->markup;

	extract_ctx_clear(c);
	memset(c, 0, sizeof *c);
	c->opts = opts;
	c->r = r;
	extract_result_strings_free(r);
	memset(r, 0, sizeof *r);
	r->charset = charset;
	r->markup = markup;
}

/* Parse only the region the pre-scan found in the page (extract_prescan.c),
 * and keep the result when gumbo's winner there is the scan's winner (same
 * tag, text weight within a tenth). Returns 1 with *w and *buf (gumbo's
 * input, freed by the caller) set, or 0 with c as it was: parse the whole
 * page. */
static int
extract_try_cut(struct extract_ctx *c, const char *s, size_t n,
    struct extract_chunk **arena, size_t *w, char **buf)
{
	struct extract_cut	 cut;
	GumboOutput		*out;
	size_t			 len;
	double			 d;

	if (getenv("DATELINE_EXTRACT_NO_PRESCAN") != NULL ||
	    extract_rules_apply(c) || !extract_prescan(s, n, arena, &cut))
		return 0;
	*buf = extract_strip(cut.buf, cut.len, &len);
	free(cut.buf);
	out = extract_parse(*buf, len, arena);
	extract_tree(c, out->document);
	*w = extract_winner(c);
	d = *w == EXTRACT_NONE_IDX ? cut.text : c->n[*w].text - cut.text;
	if (*w != EXTRACT_NONE_IDX && c->n[*w].tag == cut.tag &&
	    (d < 0 ? -d : d) <= cut.text / 10 + 10)
		return 1;
	extract_ctx_reset(c);
	return 0;
}

/* At most cap bytes of s[0..*len), cut before a '<' (gumbo's time and
 * memory grow with the elements, reopened formatting ones too: 5 MB of
 * <p><b> took 3 s). Returns the size before the cut, 0 if none. */
static size_t
extract_cap(const char *s, size_t *len, size_t cap)
{
	size_t	 n = cap, k = n, was = *len;

	if (*len <= n)
		return 0;
	while (k > 0 && k > n - 4096 && s[k] != '<')
		k--;
	if (s[k] == '<')
		n = k;
	else	/* a long text: cut at a character */
		n = dl_utf8_cut(s, *len, n);
	*len = n;
	return was;
}

char *
extract_markup(const char *s, size_t len, size_t cap, size_t *outlen,
    size_t *markup)
{
	char	*t, *flat;
	size_t	 n;

	t = extract_strip(s, len, &n);
	*markup = extract_cap(t, &n, cap);
	if ((flat = html_flatten(t, n, &n)) != NULL) {
		free(t);
		t = flat;
	}
	*outlen = n;
	return t;
}

struct extract_result *
extract_page(const char *page, size_t len, const struct extract_opts *opts)
{
	static const struct extract_opts none = { NULL, NULL, NULL };
	struct extract_ctx	 c;
	struct extract_result	*r = dl_calloc(1, sizeof *r);
	struct extract_chunk	*arena = NULL;
	GumboOutput		*out;
	char			*u8, *s = NULL;
	size_t			 u8len, w;
	int			 read = 0;	/* the cut held the article */

	memset(&c, 0, sizeof c);
	if (page == NULL)
		page = "";
	c.opts = opts != NULL ? opts : &none;
	c.r = r;
	u8 = charset_decode_page(page, len, c.opts->charset, EXTRACT_CAP,
	    &u8len, &r->charset);
	s = extract_markup(u8, u8len, EXTRACT_MARKUP_CAP, &u8len, &r->markup);
	free(u8);
	u8 = s;
	s = NULL;
	if (extract_try_cut(&c, u8, u8len, &arena, &w, &s)) {
		extract_resolve_meta(&c);
		extract_body(&c, w);
		/* No article in the cut: markup that misled the scan may
		 * still hold one for gumbo, so the whole page is read. */
		if (r->status != EXTRACT_NONE)
			read = 1;
		else
			extract_ctx_reset(&c);
	}
	if (!read) {
		out = extract_parse(u8, u8len, &arena);
		extract_tree(&c, out->document);
		w = extract_winner(&c);
		extract_resolve_meta(&c);
		extract_body(&c, w);
		if (r->status == EXTRACT_NONE)
			extract_relaxed(&c);
	}
	if (r->status == EXTRACT_NONE)
		extract_page_stats(&c);
	extract_excerpt_para(r);
	/* gumbo_destroy_output would only walk the tree: the arena goes. */
	extract_arena_clear(arena);
	free(u8);
	free(s);
	extract_ctx_clear(&c);
	return r;
}

void
extract_result_free(struct extract_result *r)
{
	if (r == NULL)
		return;
	extract_result_strings_free(r);
	free(r->charset);
	free(r);
}
