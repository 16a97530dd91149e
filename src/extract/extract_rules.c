/* extract_rules.c: per-site rules: a host and a small CSS-like selector
 * naming the article body or a subtree to remove, from a file users
 * extend. */
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

/* ---- per-site rules ---- */

static int
extract_has_class(const char *cls, const char *want)
{
	size_t	 n = strlen(want), k;

	while (cls != NULL && *cls != '\0') {
		cls += strspn(cls, " \t\r\n\f");
		k = strcspn(cls, " \t\r\n\f");
		if (k == n && memcmp(cls, want, n) == 0)
			return 1;
		cls += k;
	}
	return 0;
}

static int
extract_part_match(const struct extract_sel_part *p, const GumboNode *g)
{
	const char	*v, *name;
	size_t		 i;

	if (p->tag != NULL) {
		name = gumbo_normalized_tagname(g->v.element.tag);
		if (!dl_strcaseeq(name, p->tag))
			return 0;
	}
	if (p->id != NULL && ((v = extract_attr(g, "id")) == NULL ||
	    strcmp(v, p->id) != 0))
		return 0;
	for (i = 0; i < p->nclasses; i++)
		if (!extract_has_class(extract_attr(g, "class"),
		    p->classes[i]))
			return 0;
	if (p->attr != NULL && ((v = extract_attr(g, p->attr)) == NULL ||
	    (p->val != NULL && strcmp(v, p->val) != 0)))
		return 0;
	return 1;
}

/* Descendant combinators only: the nearest matching ancestor is enough. */
static int
extract_sel_match(const struct extract_ctx *c, const struct extract_rule *r,
    size_t i)
{
	size_t	 k = r->nparts;

	if (!extract_part_match(&r->parts[--k], c->n[i].g))
		return 0;
	while (k > 0) {
		i = c->n[i].parent;
		if (i == EXTRACT_NONE_IDX)
			return 0;
		if (extract_part_match(&r->parts[k - 1], c->n[i].g))
			k--;
	}
	return 1;
}

static int
extract_host_match(const char *rule, const char *url)
{
	const char	*h, *e, *at;
	size_t		 n, k = strlen(rule);

	if (url == NULL || (h = strstr(url, "://")) == NULL)
		return 0;
	h += 3;
	e = h + strcspn(h, "/?#");
	if ((at = memchr(h, '@', (size_t)(e - h))) != NULL)
		h = at + 1;
	n = strcspn(h, ":/?#");
	if (n == k)
		return dl_strncaseeq(h, rule, k);
	return n > k && h[n - k - 1] == '.' && dl_strncaseeq(h + n - k,
	    rule, k);
}

static void
extract_part_free(struct extract_sel_part *p)
{
	size_t	 i;

	free(p->tag);
	for (i = 0; i < p->nclasses; i++)
		free(p->classes[i]);
	free(p->classes);
	free(p->id);
	free(p->attr);
	free(p->val);
}

static size_t
extract_ident(const char *s)
{
	size_t	 n = 0;

	while (s[n] != '\0' && (s[n] == '-' || s[n] == '_' ||
	    (s[n] >= '0' && s[n] <= '9') || ((s[n] | 32) >= 'a' &&
	    (s[n] | 32) <= 'z') || (unsigned char)s[n] >= 0x80))
		n++;
	return n;
}

/* "[attr=value]" or "[attr]" at s; returns bytes read, 0 if malformed. */
static size_t
extract_parse_attr(const char *s, struct extract_sel_part *p)
{
	size_t	 n = extract_ident(s + 1), v;
	const char *q;

	if (n == 0 || p->attr != NULL)
		return 0;
	p->attr = dl_strndup(s + 1, n);
	if (s[1 + n] == ']')
		return n + 2;
	if (s[1 + n] != '=')
		return 0;
	q = s + n + 2;
	if (*q == '"' || *q == '\'') {
		const char *e = strchr(q + 1, *q);

		if (e == NULL || e[1] != ']')
			return 0;
		p->val = dl_strndup(q + 1, (size_t)(e - q - 1));
		return (size_t)(e - s) + 2;
	}
	v = strcspn(q, "]");
	if (q[v] != ']')
		return 0;
	p->val = dl_strndup(q, v);
	return (size_t)(q - s) + v + 1;
}

/* One compound selector; returns 0, or -1 if malformed. */
static int
extract_parse_part(const char *s, size_t len, struct extract_sel_part *p)
{
	char	*t = dl_strndup(s, len), *q = t;
	size_t	 n;
	int	 rc = -1;

	if ((n = extract_ident(q)) > 0) {
		p->tag = dl_strndup(q, n);
		q += n;
	}
	while (*q != '\0') {
		if (*q == '.' && (n = extract_ident(q + 1)) > 0) {
			p->classes = dl_reallocarray(p->classes,
			    p->nclasses + 1, sizeof *p->classes);
			p->classes[p->nclasses++] = dl_strndup(q + 1, n);
			q += n + 1;
		} else if (*q == '#' && (n = extract_ident(q + 1)) > 0 &&
		    p->id == NULL) {
			p->id = dl_strndup(q + 1, n);
			q += n + 1;
		} else if (*q == '[' && (n = extract_parse_attr(q, p)) > 0)
			q += n;
		else
			goto out;
	}
	rc = q == t ? -1 : 0;
out:
	free(t);
	return rc;
}

static int
extract_parse_sel(const char *s, struct extract_rule *r)
{
	size_t	 n;

	while (*(s += strspn(s, " \t")) != '\0') {
		n = strcspn(s, " \t");
		r->parts = dl_reallocarray(r->parts, r->nparts + 1,
		    sizeof *r->parts);
		memset(&r->parts[r->nparts], 0, sizeof *r->parts);
		if (extract_parse_part(s, n, &r->parts[r->nparts++]) < 0)
			return -1;
		s += n;
	}
	return r->nparts > 0 ? 0 : -1;
}

struct extract_rules *
extract_rules_new(void)
{
	return dl_calloc(1, sizeof(struct extract_rules));
}

static void
extract_rule_clear(struct extract_rule *r)
{
	size_t	 i;

	for (i = 0; i < r->nparts; i++)
		extract_part_free(&r->parts[i]);
	free(r->parts);
	free(r->host);
}

void
extract_rules_free(struct extract_rules *r)
{
	size_t	 i;

	if (r == NULL)
		return;
	for (i = 0; i < r->n; i++)
		extract_rule_clear(&r->v[i]);
	free(r->v);
	free(r);
}

int
extract_rules_add(struct extract_rules *rs, const char *line,
    struct dl_err *e)
{
	struct extract_rule	 r;
	const char		*s = line + strspn(line, " \t");
	char			*sel;
	size_t			 n;
	int			 bad;

	if (*s == '\0' || *s == '#' || *s == '\n' || *s == '\r')
		return 0;
	memset(&r, 0, sizeof r);
	n = strcspn(s, " \t\r\n");
	r.host = dl_strndup(s, n);
	s += n;
	s += strspn(s, " \t");
	if (*s == '-') {
		r.remove = 1;
		s++;
	}
	n = strcspn(s, "\r\n");
	sel = dl_strndup(s, n);
	bad = extract_parse_sel(sel, &r);
	free(sel);
	if (bad) {
		dl_err_set(e, "bad selector for %s (want tag, .class, #id, "
		    "[attr=value] separated by spaces)", r.host);
		extract_rule_clear(&r);
		return -1;
	}
	rs->v = dl_reallocarray(rs->v, rs->n + 1, sizeof *rs->v);
	rs->v[rs->n++] = r;
	return 0;
}

int
extract_rules_load(struct extract_rules *r, const char *path,
    void (*warn)(void *, const char *), void *arg, struct dl_err *e)
{
	struct dl_err	 le;
	FILE		*f;
	char		*line = NULL, *msg;
	size_t		 cap = 0, lineno = 0;
	int		 rc = 0;

	if ((f = fopen(path, "r")) == NULL) {
		if (errno == ENOENT)
			return 0;
		dl_err_set(e, "%s: %s", path, strerror(errno));
		return -1;
	}
	while (getline(&line, &cap, f) != -1) {
		lineno++;
		if (extract_rules_add(r, line, &le) < 0 && warn != NULL) {
			msg = dl_printf("%s:%zu: %s", path, lineno, le.msg);
			warn(arg, msg);
			free(msg);
		}
	}
	if (ferror(f)) {
		dl_err_set(e, "%s: %s", path, strerror(errno));
		rc = -1;
	}
	free(line);
	fclose(f);
	return rc;
}

size_t
extract_rule_body(const struct extract_ctx *c)
{
	const struct extract_rules	*rs = c->opts->rules;
	size_t				 k, i;

	if (rs == NULL)
		return EXTRACT_NONE_IDX;
	for (k = 0; k < rs->n; k++) {
		if (rs->v[k].remove || !extract_host_match(rs->v[k].host,
		    c->opts->url))
			continue;
		for (i = 0; i < c->nn; i++)
			if (!(c->n[i].flags & EX_DROP) &&
			    extract_sel_match(c, &rs->v[k], i))
				return i;
	}
	return EXTRACT_NONE_IDX;
}

int
extract_rule_remove(const struct extract_ctx *c, size_t i)
{
	const struct extract_rules	*rs = c->opts->rules;
	size_t				 k;

	if (rs == NULL)
		return 0;
	for (k = 0; k < rs->n; k++)
		if (rs->v[k].remove && extract_host_match(rs->v[k].host,
		    c->opts->url) && extract_sel_match(c, &rs->v[k], i))
			return 1;
	return 0;
}

int
extract_rules_apply(const struct extract_ctx *c)
{
	const struct extract_rules	*rs = c->opts->rules;
	size_t				 k;

	for (k = 0; rs != NULL && k < rs->n; k++)
		if (extract_host_match(rs->v[k].host, c->opts->url))
			return 1;
	return 0;
}
