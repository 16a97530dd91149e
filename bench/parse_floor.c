/* parse_floor.c: the least an expat-based streaming feed reader does, as
 * a floor for bench/parse: expat fed 64 KB reads (XML_GetBuffer, no copy
 * of ours), start and end handlers that find items and their fields by
 * name, text collected only inside a field, and each item written as a
 * JSON object with its strings escaped. No repairs, no namespaces, no
 * xml:base or URL resolution, no dates, no HTML: whatever dateline parse
 * does on top of this costs time this program does not spend.
 *
 * usage: parse_floor FILE > out.json (bench/parse builds and times it)
 *
 * Not part of dateline: it links expat alone, so its start-up is that of
 * a small program (dateline links a few more, and loads libcurl only
 * when a command needs it). */
#include <expat.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FLOOR_READ	(64 * 1024)
#define FLOOR_OUT	(64 * 1024)
#define FLOOR_FIELDS	6

static const char *const floor_keys[FLOOR_FIELDS] = {
	"title", "link", "id", "published", "summary", "content"
};

struct floor_buf {
	char	*p;
	size_t	 len, size;
};

struct floor {
	XML_Parser	 xp;
	int		 depth, item_depth, field;	/* field: -1 none */
	struct floor_buf text;
	struct floor_buf val[FLOOR_FIELDS];
	struct floor_buf out;
	int		 nitems;
};

static void
floor_add(struct floor_buf *b, const char *s, size_t n)
{
	if (b->len + n + 1 > b->size) {
		b->size = (b->len + n + 1) * 2;
		if ((b->p = realloc(b->p, b->size)) == NULL)
			abort();
	}
	memcpy(b->p + b->len, s, n);
	b->len += n;
}

/* The field an element of an item is, by its name as written. */
static int
floor_field(const char *name)
{
	static const struct {
		const char	*name;
		int		 field;
	} tab[] = {
		{ "title", 0 }, { "link", 1 }, { "guid", 2 }, { "id", 2 },
		{ "pubDate", 3 }, { "published", 3 }, { "description", 4 },
		{ "summary", 4 }, { "content:encoded", 5 }, { "content", 5 },
	};
	size_t	 i;

	for (i = 0; i < sizeof tab / sizeof tab[0]; i++)
		if (strcmp(tab[i].name, name) == 0)
			return tab[i].field;
	return -1;
}

static void XMLCALL
floor_text(void *ud, const XML_Char *s, int len)
{
	struct floor	*f = ud;

	floor_add(&f->text, s, (size_t)len);
}

static void XMLCALL
floor_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
	struct floor	*f = ud;
	int		 k;

	f->depth++;
	if (f->item_depth == 0) {
		if (strcmp(name, "item") == 0 || strcmp(name, "entry") == 0)
			f->item_depth = f->depth;
		return;
	}
	if (f->depth != f->item_depth + 1 || (k = floor_field(name)) < 0)
		return;
	for (; k == 1 && atts[0] != NULL; atts += 2)	/* Atom's href */
		if (strcmp(atts[0], "href") == 0 && f->val[1].len == 0)
			floor_add(&f->val[1], atts[1], strlen(atts[1]));
	f->field = k;
	f->text.len = 0;
	XML_SetCharacterDataHandler(f->xp, floor_text);
}

/* The first byte at or after i of s[0..n) that JSON escapes. */
static size_t
floor_scan(const char *s, size_t n, size_t i)
{
#if defined(__SSE2__)
	const __m128i	 lim = _mm_set1_epi8(0x1F), q = _mm_set1_epi8('"');
	const __m128i	 bs = _mm_set1_epi8('\\');
	__m128i		 v, m;
	unsigned	 bits;

	for (; i + 16 <= n; i += 16) {
		v = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
		m = _mm_or_si128(_mm_cmpeq_epi8(_mm_max_epu8(v, lim), lim),
		    _mm_or_si128(_mm_cmpeq_epi8(v, q), _mm_cmpeq_epi8(v, bs)));
		if ((bits = (unsigned)_mm_movemask_epi8(m)) != 0)
			return i + (size_t)__builtin_ctz(bits);
	}
#endif
	while (i < n && (unsigned char)s[i] >= 0x20 && s[i] != '"' &&
	    s[i] != '\\')
		i++;
	return i;
}

/* s[0..n) as a JSON string: runs of plain bytes copied whole. */
static void
floor_put_str(struct floor_buf *o, const char *s, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	size_t		 i, run = 0;
	unsigned char	 c;
	char		 esc[6] = { '\\', 'u', '0', '0', 0, 0 };

	floor_add(o, "\"", 1);
	for (i = 0; (i = floor_scan(s, n, i)) < n; i++) {
		c = (unsigned char)s[i];
		floor_add(o, s + run, i - run);
		run = i + 1;
		if (c == '"' || c == '\\' || c == '\n') {
			esc[1] = c == '\n' ? 'n' : (char)c;
			floor_add(o, esc, 2);
			esc[1] = 'u';
			continue;
		}
		esc[4] = hex[c >> 4];
		esc[5] = hex[c & 15];
		floor_add(o, esc, 6);
	}
	floor_add(o, s + run, n - run);
	floor_add(o, "\"", 1);
}

static void
floor_item(struct floor *f)
{
	int	 k;

	if (f->nitems++ > 0)
		floor_add(&f->out, ",\n", 2);
	floor_add(&f->out, "{", 1);
	for (k = 0; k < FLOOR_FIELDS; k++) {
		if (k > 0)
			floor_add(&f->out, ", ", 2);
		floor_add(&f->out, "\"", 1);
		floor_add(&f->out, floor_keys[k], strlen(floor_keys[k]));
		floor_add(&f->out, "\": ", 3);
		floor_put_str(&f->out, f->val[k].p != NULL ? f->val[k].p : "",
		    f->val[k].len);
		f->val[k].len = 0;
	}
	floor_add(&f->out, "}", 1);
	if (f->out.len >= FLOOR_OUT) {
		fwrite(f->out.p, 1, f->out.len, stdout);
		f->out.len = 0;
	}
}

static void XMLCALL
floor_end(void *ud, const XML_Char *name)
{
	struct floor	*f = ud;

	(void)name;
	if (f->field >= 0 && f->depth == f->item_depth + 1) {
		XML_SetCharacterDataHandler(f->xp, NULL);
		if (f->val[f->field].len == 0)
			floor_add(&f->val[f->field], f->text.p != NULL ?
			    f->text.p : "", f->text.len);
		f->field = -1;
	} else if (f->depth == f->item_depth) {
		floor_item(f);
		f->item_depth = 0;
	}
	f->depth--;
}

int
main(int argc, char **argv)
{
	struct floor	 f;
	FILE		*in;
	void		*buf;
	size_t		 n;
	int		 done = 0, k;

	if (argc != 2 || (in = fopen(argv[1], "rb")) == NULL) {
		fprintf(stderr, "usage: parse_floor FILE\n");
		return 2;
	}
	memset(&f, 0, sizeof f);
	f.field = -1;
	f.xp = XML_ParserCreate(NULL);
	XML_SetUserData(f.xp, &f);
	XML_SetElementHandler(f.xp, floor_start, floor_end);
	fputs("{\"items\": [\n", stdout);
	while (!done) {
		if ((buf = XML_GetBuffer(f.xp, FLOOR_READ)) == NULL)
			abort();
		n = fread(buf, 1, FLOOR_READ, in);
		done = n < FLOOR_READ;
		if (XML_ParseBuffer(f.xp, (int)n, done) == XML_STATUS_ERROR) {
			fprintf(stderr, "parse_floor: %lu: %s\n",
			    XML_GetCurrentLineNumber(f.xp),
			    XML_ErrorString(XML_GetErrorCode(f.xp)));
			return 1;
		}
	}
	fwrite(f.out.p, 1, f.out.len, stdout);
	fputs("\n]}\n", stdout);
	XML_ParserFree(f.xp);
	fclose(in);
	free(f.text.p);
	free(f.out.p);
	for (k = 0; k < FLOOR_FIELDS; k++)
		free(f.val[k].p);
	return 0;
}
