/* feed_json.c: JSON Feed 1.0 and 1.1 (https://jsonfeed.org/version/1.1),
 * read whole with jansson and handed out as feed items. */
#include "config.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "url.h"
#include "feed_int.h"

struct feed_json {
	const char	*base;		/* may be NULL */
	char		*authors;	/* the feed's; items inherit */
	size_t		 skipped;	/* items that are not objects */
	size_t		 first_skipped;
};

/* The string at key, or NULL if absent or not a string. */
static const char *
feed_json_str(const json_t *obj, const char *key)
{
	return json_string_value(json_object_get(obj, key));
}

/* Plain text of the string v (markup, references and controls dealt
 * with), or NULL if v is not a string or nothing is left of it. */
static char *
feed_json_plain(const json_t *v)
{
	size_t	 n;
	char	*p;

	if (!json_is_string(v))
		return NULL;
	if ((n = json_string_length(v)) > FEED_FIELD_MAX)
		n = FEED_FIELD_MAX;
	p = feed_text_plain(json_string_value(v), n);
	if (*p == '\0') {
		free(p);
		return NULL;
	}
	return p;
}

/* A copy of the HTML s, cut at FEED_FIELD_MAX on a character boundary. */
static char *
feed_json_html(const char *s)
{
	size_t	 n;

	if (s == NULL || *s == '\0')
		return NULL;
	n = strnlen(s, FEED_FIELD_MAX + 1);
	return dl_strndup(s, dl_utf8_cut(s, n, FEED_FIELD_MAX));
}

/* Plain text s escaped into HTML, or NULL if empty or past the cap. */
static char *
feed_json_text_html(const char *s)
{
	struct dl_buf	 b;

	if (s == NULL)
		return NULL;
	dl_buf_init(&b, FEED_FIELD_MAX);
	if (feed_text_escape_html(s, strlen(s), &b) != 0 || b.len == 0) {
		dl_buf_clear(&b);
		return NULL;
	}
	return dl_buf_take(&b);
}

/* ref made absolute against the base; as written when it cannot be. */
static char *
feed_json_link(const struct feed_json *fj, const char *ref)
{
	char	*u;

	if (ref == NULL || *ref == '\0')
		return NULL;
	if ((u = url_resolve(fj->base, ref)) != NULL)
		return u;
	return dl_strdup(ref);
}

/* An id as text: strings as written, numbers printed (1.0 feeds often
 * use numbers though the spec asks for strings). */
static char *
feed_json_id(const json_t *v)
{
	if (json_is_string(v))
		return dl_strdup(json_string_value(v));
	if (json_is_integer(v))
		return dl_printf("%lld", (long long)json_integer_value(v));
	if (json_is_real(v))
		return dl_printf("%.15g", json_real_value(v));
	return NULL;
}

static int64_t
feed_json_date(const json_t *obj, const char *key)
{
	const char	*s = feed_json_str(obj, key);

	return s != NULL ? date_parse(s) : DATE_NONE;
}

/* One author object's name (a bare string is taken too). */
static void
feed_json_author_add(const json_t *a, struct dl_buf *b)
{
	char	*name;

	name = feed_json_plain(json_is_string(a) ? a :
	    json_object_get(a, "name"));
	if (name == NULL)
		return;
	if (b->len > 0)
		dl_buf_adds(b, ", ");
	dl_buf_adds(b, name);
	free(name);
}

/* Names from "authors" (1.1) or else "author" (1.0), joined with ", ";
 * NULL when there are none. */
static char *
feed_json_authors(const json_t *obj)
{
	const json_t	*list, *a;
	struct dl_buf	 b;
	size_t		 i;

	dl_buf_init(&b, FEED_FIELD_MAX);
	list = json_object_get(obj, "authors");
	json_array_foreach(list, i, a) {
		if (i >= FEED_LIST_MAX)
			break;
		feed_json_author_add(a, &b);
	}
	if (b.len == 0 && (a = json_object_get(obj, "author")) != NULL)
		feed_json_author_add(a, &b);
	if (b.len == 0) {
		dl_buf_clear(&b);
		return NULL;
	}
	return dl_buf_take(&b);
}

static void
feed_json_tags(const json_t *obj, struct feed_item *it)
{
	const json_t	*list, *t;
	size_t		 i, n;
	char		*s;

	list = json_object_get(obj, "tags");
	if ((n = json_array_size(list)) == 0)
		return;
	if (n > FEED_LIST_MAX)
		n = FEED_LIST_MAX;
	it->categories = dl_reallocarray(NULL, n, sizeof *it->categories);
	json_array_foreach(list, i, t) {
		if (i >= n)
			break;
		if ((s = feed_json_plain(t)) != NULL)
			it->categories[it->ncategories++] = s;
	}
}

static void
feed_json_attachments(const struct feed_json *fj, const json_t *obj,
    struct feed_item *it)
{
	const json_t		*list, *a, *size;
	struct feed_enclosure	*e;
	size_t			 i, n;

	list = json_object_get(obj, "attachments");
	if ((n = json_array_size(list)) == 0)
		return;
	if (n > FEED_LIST_MAX)
		n = FEED_LIST_MAX;
	it->enclosures = dl_reallocarray(NULL, n, sizeof *it->enclosures);
	json_array_foreach(list, i, a) {
		if (i >= n)
			break;
		e = &it->enclosures[it->nenclosures];
		if ((e->url = feed_json_link(fj, feed_json_str(a, "url"))) ==
		    NULL)
			continue;
		e->type = feed_json_plain(json_object_get(a, "mime_type"));
		size = json_object_get(a, "size_in_bytes");
		e->length = -1;
		if (json_is_integer(size) && json_integer_value(size) >= 0)
			e->length = (int64_t)json_integer_value(size);
		else if (json_is_real(size) && json_real_value(size) >= 0 &&
		    json_real_value(size) < 9e18)
			e->length = (int64_t)json_real_value(size);
		it->nenclosures++;
	}
}

static void
feed_json_item(const struct feed_json *fj, const json_t *obj,
    struct feed_item *it)
{
	const char	*link;

	it->id = feed_json_id(json_object_get(obj, "id"));
	it->title = feed_json_plain(json_object_get(obj, "title"));
	if ((link = feed_json_str(obj, "url")) == NULL || *link == '\0')
		link = feed_json_str(obj, "external_url");
	it->link = feed_json_link(fj, link);
	if ((it->author = feed_json_authors(obj)) == NULL &&
	    fj->authors != NULL)
		it->author = dl_strdup(fj->authors);
	it->published = feed_json_date(obj, "date_published");
	it->updated = feed_json_date(obj, "date_modified");
	it->summary = feed_json_text_html(feed_json_str(obj, "summary"));
	it->content = feed_json_html(feed_json_str(obj, "content_html"));
	if (it->content == NULL)
		it->content = feed_json_text_html(feed_json_str(obj,
		    "content_text"));
	feed_json_tags(obj, it);
	feed_json_attachments(fj, obj, it);
}

/* json1.0 or json1.1 from the version URL; FEED_FORMAT_UNKNOWN if the
 * document does not say it is a JSON Feed. Versions after 1.1 are read
 * as 1.1, which they are meant to extend. */
static enum feed_format
feed_json_version(const json_t *root)
{
	const char	*v, *p;

	if ((v = feed_json_str(root, "version")) == NULL ||
	    (p = strstr(v, "jsonfeed.org/version/")) == NULL)
		return FEED_FORMAT_UNKNOWN;
	p += strlen("jsonfeed.org/version/");
	if (strcmp(p, "1") == 0 || strcmp(p, "1/") == 0 ||
	    strcmp(p, "1.0") == 0)
		return FEED_JSON10;
	return FEED_JSON11;
}

/* Relative links resolve against base_url; without one, against the
 * feed's own feed_url, else its home_page_url (when absolute). */
static void
feed_json_info(struct feed_json *fj, const json_t *root,
    const char *base_url, struct feed_info *info)
{
	const char	*home = feed_json_str(root, "home_page_url");
	const char	*self = feed_json_str(root, "feed_url");

	if (base_url != NULL && *base_url != '\0')
		fj->base = base_url;
	else if (self != NULL && url_is_absolute(self))
		fj->base = self;
	else if (home != NULL && url_is_absolute(home))
		fj->base = home;
	info->title = feed_json_plain(json_object_get(root, "title"));
	info->link = feed_json_link(fj, home);
	info->description = feed_json_plain(json_object_get(root,
	    "description"));
	info->language = feed_json_plain(json_object_get(root, "language"));
	fj->authors = feed_json_authors(root);
}

/* Hand out every item that is an object; count the others. */
static void
feed_json_items(struct feed_json *fj, const json_t *items,
    const struct feed_callbacks *cb, void *ctx, size_t *count)
{
	struct feed_item	 it;
	const json_t		*v;
	size_t			 i;

	memset(&it, 0, sizeof it);
	feed_item_clear(&it);
	json_array_foreach(items, i, v) {
		if (!json_is_object(v)) {
			if (fj->skipped++ == 0)
				fj->first_skipped = i;
			continue;
		}
		feed_json_item(fj, v, &it);
		if (cb != NULL && cb->on_item != NULL)
			cb->on_item(ctx, &it);
		feed_item_clear(&it);
		(*count)++;
	}
}

#define FEED_JSON_DEPTH		64

/* Where a JSON Feed cut short (or broken) at buf[len] can be closed: one
 * past the last '}' that ends an object inside an array inside the
 * top-level object (an item, in practice), so that appending "]}" makes
 * a document of the items completed before the damage; 0 if there is
 * no such place. */
static size_t
feed_json_cut(const char *buf, size_t len)
{
	char	 stack[FEED_JSON_DEPTH];
	size_t	 depth = 0, i, cut = 0;
	int	 instr = 0;

	for (i = 0; i < len; i++) {
		if (instr) {
			if (buf[i] == '\\')
				i++;
			else if (buf[i] == '"')
				instr = 0;
			continue;
		}
		if (buf[i] == '"')
			instr = 1;
		else if (buf[i] == '{' || buf[i] == '[') {
			if (depth == sizeof stack)
				break;
			stack[depth++] = buf[i];
		} else if (buf[i] == '}' || buf[i] == ']') {
			if (depth-- == 0)
				break;
			if (buf[i] == '}' && depth == 2 && stack[0] == '{' &&
			    stack[1] == '[')
				cut = i + 1;
		}
	}
	return cut;
}

/* The items completed before the damage at buf[len], as a JSON Feed, or
 * NULL. jansson's error position may lie a token past the damage, so a
 * cut that does not parse is tried again further back. */
static json_t *
feed_json_repair(const char *buf, size_t len)
{
	json_t	*root = NULL;
	char	*fixed;
	size_t	 cut, tries;

	for (tries = 0; root == NULL && tries < 3; tries++) {
		if ((cut = feed_json_cut(buf, len)) == 0)
			break;
		fixed = dl_malloc(cut + 3);
		memcpy(fixed, buf, cut);
		memcpy(fixed + cut, "]}", 3);
		root = json_loadb(fixed, cut + 2, JSON_ALLOW_NUL, NULL);
		free(fixed);
		if (root != NULL && feed_json_version(root) ==
		    FEED_FORMAT_UNKNOWN) {
			json_decref(root);
			return NULL;
		}
		len = cut - 1;
	}
	return root;
}

/* Numbers jansson refuses a whole document for, in one pass each. */
#define FEED_JSON_BLANK_MAX	16

/* 1 if jansson's error je is about one number it cannot hold (a real
 * past DBL_MAX, an integer past 64 bits), not about the syntax. */
static int
feed_json_number_error(const json_error_t *je)
{
	return strncmp(je->text, "real number overflow", 20) == 0 ||
	    strncmp(je->text, "too big", 7) == 0;
}

static int
feed_json_number_char(char c)
{
	return (c >= '0' && c <= '9') || c == '-' || c == '+' || c == '.' ||
	    c == 'e' || c == 'E';
}

/* Overwrite the number that ends at or just before buf[pos] with "null"
 * and spaces (the length kept, so positions hold). Returns 1, or 0 when
 * there is no number there. */
static int
feed_json_blank_number(char *buf, size_t len, size_t pos)
{
	size_t	 end = pos < len ? pos : len, start;

	while (end > 0 && !feed_json_number_char(buf[end - 1]) &&
	    pos - end < 2)
		end--;
	for (start = end; start > 0 && feed_json_number_char(buf[start - 1]);
	    start--)
		;
	if (end - start < 4)
		return 0;
	memset(buf + start, ' ', end - start);
	memcpy(buf + start, "null", 4);
	return 1;
}

/* Parse buf; a number jansson cannot hold becomes null (*blanked says
 * where the first was, "LINE:COL: ..."), so that one field, which we
 * likely do not even use, does not lose the feed. NULL with je set on
 * any other error. */
static json_t *
feed_json_loadb(const char *buf, size_t len, json_error_t *je,
    struct dl_err *blanked)
{
	json_t	*root;
	char	*copy = NULL;
	int	 n;

	root = json_loadb(buf, len, JSON_ALLOW_NUL, je);
	for (n = 0; root == NULL && n < FEED_JSON_BLANK_MAX &&
	    feed_json_number_error(je) && je->position >= 0; n++) {
		if (copy == NULL) {
			copy = dl_malloc(len + 1);
			memcpy(copy, buf, len);
		}
		if (n == 0)
			dl_err_set(blanked, "%d:%d: %s", je->line, je->column,
			    je->text);
		if (!feed_json_blank_number(copy, len, (size_t)je->position))
			break;
		root = json_loadb(copy, len, JSON_ALLOW_NUL, je);
	}
	free(copy);
	return root;
}

/* The document as JSON, or NULL with err set ("LINE:COL: reason"). A
 * damaged document gives what could be repaired, with *repaired set and
 * err saying where the damage is. A "\u0000" in a string does not fail
 * the whole feed: plain-text fields drop it as a control, HTML ones end
 * there. A number out of range becomes null, blanked saying where. */
static json_t *
feed_json_load(const char *buf, size_t len, struct dl_err *err,
    int *repaired, struct dl_err *blanked)
{
	json_error_t	 je;
	json_t		*root;

	*repaired = 0;
	if (len > FEED_JSON_MAX) {
		dl_err_set(err, "1:1: JSON Feed larger than %u bytes",
		    FEED_JSON_MAX);
		return NULL;
	}
	if ((root = feed_json_loadb(buf, len, &je, blanked)) != NULL)
		return root;
	dl_err_set(err, "%d:%d: %s", je.line < 1 ? 1 : je.line,
	    je.column < 1 ? 1 : je.column, je.text);
	if (je.position > 0 && (size_t)je.position <= len &&
	    (root = feed_json_repair(buf, (size_t)je.position)) != NULL)
		*repaired = 1;
	return root;
}

/* After numbers were blanked: 1 (e saying which) if a field we read as
 * a number is null in some item, as one of ours may have been among
 * them; else 0. */
static int
feed_json_used_null(const json_t *items, struct dl_err *e)
{
	const json_t	*it, *a, *v;
	size_t		 i, j;

	json_array_foreach(items, i, it) {
		if ((v = json_object_get(it, "id")) != NULL &&
		    json_is_null(v)) {
			dl_err_set(e, "1:1: item %zu: id out of range, dropped",
			    i + 1);
			return 1;
		}
		json_array_foreach(json_object_get(it, "attachments"), j, a) {
			v = json_object_get(a, "size_in_bytes");
			if (v != NULL && json_is_null(v)) {
				dl_err_set(e, "1:1: item %zu: size_in_bytes "
				    "out of range, dropped", i + 1);
				return 1;
			}
		}
	}
	return 0;
}

/* Hand out the feed and its items; FEED_OK or FEED_RECOVERED. */
static enum feed_result
feed_json_deliver(struct feed_json *fj, const json_t *root,
    const char *base_url, const struct feed_callbacks *cb, void *ctx,
    struct feed_info *info, size_t *count, struct dl_err *err)
{
	const json_t	*items;

	feed_json_info(fj, root, base_url, info);
	if (cb != NULL && cb->on_info != NULL)
		cb->on_info(ctx, info);
	items = json_object_get(root, "items");
	feed_json_items(fj, items, cb, ctx, count);
	if (items != NULL && !json_is_array(items)) {
		dl_err_set(err, "1:1: \"items\" is not an array");
		return FEED_RECOVERED;
	}
	if (fj->skipped > 0) {
		dl_err_set(err, "1:1: item %zu is not an object (%zu skipped)",
		    fj->first_skipped + 1, fj->skipped);
		return FEED_RECOVERED;
	}
	return FEED_OK;
}

enum feed_result
feed_json_parse(const char *buf, size_t len, const char *base_url,
    const struct feed_callbacks *cb, void *ctx, struct feed_info *info,
    size_t *count, struct dl_err *err)
{
	struct feed_json	 fj;
	struct dl_err		 damage, blanked = { "" };
	json_t			*root;
	enum feed_result	 r = FEED_FAILED;
	int			 repaired;

	memset(&fj, 0, sizeof fj);
	feed_info_clear(info);
	*count = 0;
	if ((root = feed_json_load(buf, len, err, &repaired, &blanked)) ==
	    NULL)
		goto out;
	if ((info->format = feed_json_version(root)) == FEED_FORMAT_UNKNOWN) {
		dl_err_set(err, "1:1: not a JSON Feed (no version)");
		goto out;
	}
	if (repaired && err != NULL)
		damage = *err;
	r = feed_json_deliver(&fj, root, base_url, cb, ctx, info, count, err);
	if (r == FEED_OK && blanked.msg[0] != '\0' &&
	    feed_json_used_null(json_object_get(root, "items"), err))
		r = FEED_RECOVERED;
	if (repaired) {
		/* The damage matters more than a skipped item. */
		if (err != NULL)
			*err = damage;
		r = FEED_RECOVERED;
	}
out:
	free(fj.authors);
	json_decref(root);
	return r;
}
