/* settings.c: the configuration file and the one table of settings
 * (issue 3 limits, issue 4 prefetch, issue 6 "Configuration and themes"):
 * `set` lines validated against the table, bind/unbind/theme/color lines
 * checked for shape and kept in order; bad lines warned about by
 * file:line and skipped, as tmux's config loader does. */
#include "config.h"

#include <assert.h>
#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "dl.h"
#include "extract.h"
#include "group.h"
#include "refresh.h"
#include "settings.h"

/* Most bytes of a config file, and of one value. */
#define SETTINGS_FILE_MAX	(1024u * 1024)
#define SETTINGS_VALUE_MAX	1024
/* Most words on one line (color ELEMENT FG BG and a few attributes). */
#define SETTINGS_WORDS_MAX	16

static const char *settings_check_theme(const char *v);

static const char *const settings_start_views[] = { "feeds", "all", NULL };
static const char *const settings_sync_kinds[] = { "none", "ttrss", NULL };
/* The reader's story orders, in the order its sort key cycles. */
static const char *const settings_sorts[] = { "newest", "oldest", "feed",
	"title", NULL };

static const struct settings_entry settings_entries[SETTINGS_COUNT] = {
	[SETTINGS_MAX_TRANSFERS] = { "max-transfers", SETTINGS_INT,
	    SETTINGS_UNIT_NONE, 1, 1024, 256, NULL, NULL, NULL,
	    "transfers at once during a refresh" },
	[SETTINGS_MAX_PER_HOST] = { "max-per-host", SETTINGS_INT,
	    SETTINGS_UNIT_NONE, 1, 64, 6, NULL, NULL, NULL,
	    "connections to one host at once" },
	[SETTINGS_MAX_ITEMS] = { "max-items", SETTINGS_INT,
	    SETTINGS_UNIT_NONE, 0, 10000000, 1000, NULL, NULL, NULL,
	    "stories kept per feed, oldest read first; saved ones always "
	    "stay (0 keeps all)" },
	[SETTINGS_CONNECT_TIMEOUT] = { "connect-timeout", SETTINGS_INT,
	    SETTINGS_UNIT_SECONDS, 1, 600, 15, NULL, NULL, NULL,
	    "seconds to set up a connection" },
	[SETTINGS_DOWNLOAD_TIMEOUT] = { "download-timeout", SETTINGS_INT,
	    SETTINGS_UNIT_SECONDS, 1, 3600, 60, NULL, NULL, NULL,
	    "seconds for a whole transfer" },
	[SETTINGS_STALL_TIMEOUT] = { "stall-timeout", SETTINGS_INT,
	    SETTINGS_UNIT_SECONDS, 1, 600, 20, NULL, NULL, NULL,
	    "seconds without a byte before a transfer is dropped" },
	[SETTINGS_MAX_DOWNLOAD_SIZE] = { "max-download-size", SETTINGS_INT,
	    SETTINGS_UNIT_BYTES, 1024, 1024L * 1024 * 1024, 16L * 1024 * 1024,
	    NULL, NULL, NULL,
	    "bytes of one download after decompression (K, M, G suffixes)" },
	[SETTINGS_PREFETCH_ARTICLES] = { "prefetch-articles", SETTINGS_BOOL,
	    SETTINGS_UNIT_NONE, 0, 1, 0, NULL, NULL, NULL,
	    "fetch the story pages of feed items during refresh (hubs do "
	    "unless tagged prefetch:no)" },
	[SETTINGS_REFRESH_ON_START] = { "refresh-on-start", SETTINGS_BOOL,
	    SETTINGS_UNIT_NONE, 0, 1, 1, NULL, NULL, NULL,
	    "refresh every feed in the background when the reader starts" },
	[SETTINGS_AUTO_RELOAD] = { "auto-reload", SETTINGS_INT,
	    SETTINGS_UNIT_MINUTES, 0, 7 * 24 * 60, 0, NULL, NULL, NULL,
	    "minutes between background refreshes in the reader (0 = off)" },
	[SETTINGS_BROWSER] = { "browser", SETTINGS_STRING,
	    SETTINGS_UNIT_NONE, 0, 0, 0, "", NULL, NULL,
	    "program that opens links (empty: $BROWSER, else xdg-open)" },
	[SETTINGS_THEME] = { "theme", SETTINGS_STRING,
	    SETTINGS_UNIT_NONE, 0, 0, 0, "default", NULL,
	    settings_check_theme, "colour theme (themes/NAME)" },
	[SETTINGS_START_VIEW] = { "start-view", SETTINGS_ENUM,
	    SETTINGS_UNIT_NONE, 0, 0, 0, "feeds", settings_start_views, NULL,
	    "first screen of the reader: feeds or all (stories)" },
	[SETTINGS_SYNC] = { "sync", SETTINGS_ENUM,
	    SETTINGS_UNIT_NONE, 0, 0, 0, "none", settings_sync_kinds, NULL,
	    "feed server to sync with: none or ttrss (Tiny Tiny RSS)" },
	[SETTINGS_SYNC_URL] = { "sync-url", SETTINGS_STRING,
	    SETTINGS_UNIT_NONE, 0, 0, 0, "", NULL, NULL,
	    "the feed server's address (tt-rss: its web root)" },
	[SETTINGS_SYNC_USER] = { "sync-user", SETTINGS_STRING,
	    SETTINGS_UNIT_NONE, 0, 0, 0, "", NULL, NULL,
	    "user name on the feed server" },
	[SETTINGS_SYNC_PASSWORD_FILE] = { "sync-password-file",
	    SETTINGS_STRING, SETTINGS_UNIT_NONE, 0, 0, 0, "", NULL, NULL,
	    "file holding the password, readable only by you (else "
	    "$DATELINE_SYNC_PASSWORD)" },
	[SETTINGS_HIDE_READ] = { "hide-read", SETTINGS_BOOL,
	    SETTINGS_UNIT_NONE, 0, 1, 0, NULL, NULL, NULL,
	    "reader: hide read stories and feeds with none unread" },
	[SETTINGS_SORT] = { "sort", SETTINGS_ENUM,
	    SETTINGS_UNIT_NONE, 0, 0, 0, "newest", settings_sorts, NULL,
	    "reader's story order: newest, oldest, feed or title" },
	[SETTINGS_DATE_FORMAT] = { "date-format", SETTINGS_STRING,
	    SETTINGS_UNIT_NONE, 0, 0, 0, "%Y-%m-%d", NULL, NULL,
	    "reader's date column, strftime(3), in the local time zone" },
	[SETTINGS_KEY_HINTS] = { "key-hints", SETTINGS_BOOL,
	    SETTINGS_UNIT_NONE, 0, 1, 1, NULL, NULL, NULL,
	    "reader: a line of the current screen's main keys" },
	[SETTINGS_GROUP_STORIES] = { "group-stories", SETTINGS_BOOL,
	    SETTINGS_UNIT_NONE, 0, 1, 1, NULL, NULL, NULL,
	    "show copies of one story (wire copy in several feeds) once" },
	[SETTINGS_GROUP_THRESHOLD] = { "group-threshold", SETTINGS_INT,
	    SETTINGS_UNIT_NONE, 1, 100, (long)(GROUP_THRESHOLD_DEFAULT * 100),
	    NULL, NULL, NULL,
	    "how alike copies must be, in percent (estimated Jaccard "
	    "similarity of their word shingles)" },
};

struct settings {
	long			 num[SETTINGS_COUNT];
	char			*str[SETTINGS_COUNT];
	struct settings_record	*records;
	size_t			 nrecords;
	size_t			 arecords;
	char			*path;		/* the last file loaded */
	char			**problems;	/* "PATH:LINE: why" */
	size_t			 nproblems;
};

const struct settings_entry *
settings_table(void)
{
	return settings_entries;
}

int
settings_find(const char *name)
{
	int	 i;

	for (i = 0; i < SETTINGS_COUNT; i++)
		if (strcmp(settings_entries[i].name, name) == 0)
			return i;
	return -1;
}

struct settings *
settings_new(void)
{
	struct settings			*s;
	const struct settings_entry	*se;
	int				 i;

	s = dl_calloc(1, sizeof *s);
	for (i = 0; i < SETTINGS_COUNT; i++) {
		se = &settings_entries[i];
		if (se->type == SETTINGS_STRING || se->type == SETTINGS_ENUM)
			s->str[i] = dl_strdup(se->default_str);
		else
			s->num[i] = se->default_num;
	}
	return s;
}

static void
settings_record_clear(struct settings_record *r)
{
	size_t	 i;

	for (i = 0; i < r->argc; i++)
		free(r->argv[i]);
	free(r->argv);
}

void
settings_free(struct settings *s)
{
	size_t	 i;

	if (s == NULL)
		return;
	for (i = 0; i < SETTINGS_COUNT; i++)
		free(s->str[i]);
	for (i = 0; i < s->nrecords; i++)
		settings_record_clear(&s->records[i]);
	free(s->records);
	for (i = 0; i < s->nproblems; i++)
		free(s->problems[i]);
	free(s->problems);
	free(s->path);
	free(s);
}

/* Keep msg (taken) as a problem and pass it to warn (may be NULL). */
static void
settings_problem(struct settings *s, char *msg, settings_warn_fn *warn,
    void *arg)
{
	s->problems = dl_reallocarray(s->problems, s->nproblems + 1,
	    sizeof *s->problems);
	s->problems[s->nproblems++] = msg;
	if (warn != NULL)
		warn(arg, msg);
}

size_t
settings_problem_count(const struct settings *s)
{
	return s->nproblems;
}

const char *
settings_problem_get(const struct settings *s, size_t i)
{
	return i < s->nproblems ? s->problems[i] : NULL;
}

char *
settings_path(const char *config_dir, struct dl_err *err)
{
	return dl_config_path(config_dir, "config", "the config file", err);
}

/* ---- values ---- */

static const char *
settings_check_theme(const char *v)
{
	const char	*p;

	/* Themes are files in a themes folder: a name, never a path. */
	if (v[0] == '\0' || v[0] == '.')
		return "a theme name is letters, digits, '.', '_' and '-', "
		    "not starting with '.'";
	for (p = v; *p != '\0'; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || *p == '.' || *p == '_' ||
		    *p == '-')
			continue;
		return "a theme name is letters, digits, '.', '_' and '-', "
		    "not starting with '.'";
	}
	if (p - v > 64)
		return "a theme name is at most 64 characters";
	return NULL;
}

static int
settings_parse_bool(const char *v, long *out)
{
	static const char *const yes[] = { "yes", "true", "on", "1" };
	static const char *const no[] = { "no", "false", "off", "0" };
	size_t			 i;

	for (i = 0; i < sizeof yes / sizeof yes[0]; i++) {
		if (dl_strcaseeq(v, yes[i])) {
			*out = 1;
			return 0;
		}
		if (dl_strcaseeq(v, no[i])) {
			*out = 0;
			return 0;
		}
	}
	return -1;
}

/* The multiplier of a unit suffix (case-insensitive), 0 if unknown. */
static long
settings_unit_factor(enum settings_unit unit, const char *suffix)
{
	static const struct {
		enum settings_unit	 unit;
		const char		*suffix;
		long			 factor;
	} t[] = {
		{ SETTINGS_UNIT_SECONDS, "s", 1 },
		{ SETTINGS_UNIT_SECONDS, "m", 60 },
		{ SETTINGS_UNIT_SECONDS, "h", 3600 },
		{ SETTINGS_UNIT_MINUTES, "m", 1 },
		{ SETTINGS_UNIT_MINUTES, "h", 60 },
		{ SETTINGS_UNIT_BYTES, "b", 1 },
		{ SETTINGS_UNIT_BYTES, "k", 1024 },
		{ SETTINGS_UNIT_BYTES, "kb", 1024 },
		{ SETTINGS_UNIT_BYTES, "m", 1024L * 1024 },
		{ SETTINGS_UNIT_BYTES, "mb", 1024L * 1024 },
		{ SETTINGS_UNIT_BYTES, "g", 1024L * 1024 * 1024 },
		{ SETTINGS_UNIT_BYTES, "gb", 1024L * 1024 * 1024 },
	};
	size_t	 i;

	if (*suffix == '\0')
		return 1;
	for (i = 0; i < sizeof t / sizeof t[0]; i++)
		if (t[i].unit == unit && dl_strcaseeq(t[i].suffix, suffix))
			return t[i].factor;
	return 0;
}

/* An integer with an optional unit suffix. Returns 0, -1 if it is not a
 * number (with a known suffix), 1 if it is one but out of range. */
static int
settings_parse_int(const struct settings_entry *se, const char *v,
    long *out)
{
	char	 digits[32];
	size_t	 n;
	long	 x, factor;

	n = strspn(v, "0123456789");
	if (v[0] == '-' && v[1] >= '0' && v[1] <= '9')
		n = 1 + strspn(v + 1, "0123456789");
	if (n == 0 || n >= sizeof digits)
		return n == 0 ? -1 : 1;
	if ((factor = settings_unit_factor(se->unit, v + n)) == 0)
		return -1;
	memcpy(digits, v, n);
	digits[n] = '\0';
	if (dl_strtonum(digits, LONG_MIN, LONG_MAX, &x) == -1)
		return 1;
	if ((x > 0 && x > se->max / factor) || (x < 0 && x < se->min))
		return 1;
	x *= factor;
	if (x < se->min || x > se->max)
		return 1;
	*out = x;
	return 0;
}

static const char *
settings_unit_hint(enum settings_unit unit)
{
	switch (unit) {
	case SETTINGS_UNIT_SECONDS:
		return " (seconds, or with s, m, h)";
	case SETTINGS_UNIT_MINUTES:
		return " (minutes, or with m, h)";
	case SETTINGS_UNIT_BYTES:
		return " (bytes, or with K, M, G)";
	default:
		return "";
	}
}

/* A string value: no control characters, bounded. */
static const char *
settings_check_text(const struct settings_entry *se, const char *v)
{
	const unsigned char	*p;

	if (strlen(v) > SETTINGS_VALUE_MAX)
		return "value is too long";
	for (p = (const unsigned char *)v; *p != '\0'; p++)
		if (*p < 0x20 || *p == 0x7f)
			return "value holds a control character";
	if (se->check != NULL)
		return se->check(v);
	return NULL;
}

static int
settings_set_enum(struct settings *s, int key, const char *v,
    struct dl_err *err)
{
	const struct settings_entry	*se = &settings_entries[key];
	struct dl_buf			 b;
	size_t				 i;

	for (i = 0; se->choices[i] != NULL; i++) {
		if (strcmp(se->choices[i], v) == 0) {
			free(s->str[key]);
			s->str[key] = dl_strdup(v);
			return 0;
		}
	}
	dl_buf_init(&b, 1024);
	for (i = 0; se->choices[i] != NULL; i++)
		dl_buf_addf(&b, "%s%s", i > 0 ? ", " : "", se->choices[i]);
	dl_err_set(err, "%s: '%s' is not one of %s", se->name, v,
	    dl_buf_str(&b));
	dl_buf_clear(&b);
	return -1;
}

static int
settings_set_key(struct settings *s, int key, const char *v,
    struct dl_err *err)
{
	const struct settings_entry	*se = &settings_entries[key];
	const char			*why;
	long				 x;
	int				 rc;

	switch (se->type) {
	case SETTINGS_BOOL:
		if (settings_parse_bool(v, &x) == -1) {
			dl_err_set(err, "%s: '%s' is not yes or no", se->name,
			    v);
			return -1;
		}
		s->num[key] = x;
		return 0;
	case SETTINGS_INT:
		if ((rc = settings_parse_int(se, v, &x)) != 0) {
			dl_err_set(err, "%s: '%s' is %s %ld-%ld%s", se->name, v,
			    rc == -1 ? "not a number in" : "out of range",
			    se->min, se->max, settings_unit_hint(se->unit));
			return -1;
		}
		s->num[key] = x;
		return 0;
	case SETTINGS_ENUM:
		return settings_set_enum(s, key, v, err);
	case SETTINGS_STRING:
		if ((why = settings_check_text(se, v)) != NULL) {
			dl_err_set(err, "%s: %s", se->name, why);
			return -1;
		}
		free(s->str[key]);
		s->str[key] = dl_strdup(v);
		return 0;
	}
	return -1;
}

/* Edit distance between two short names (bounded: names are short). */
static size_t
settings_distance(const char *a, const char *b)
{
	size_t	 row[64], la, lb, i, j, prev, tmp, best;

	la = strlen(a);
	lb = strlen(b);
	if (la >= 64 || lb >= 64)
		return SIZE_MAX;
	for (j = 0; j <= lb; j++)
		row[j] = j;
	for (i = 1; i <= la; i++) {
		prev = row[0];
		row[0] = i;
		for (j = 1; j <= lb; j++) {
			tmp = row[j];
			best = prev + (a[i - 1] != b[j - 1]);
			if (row[j] + 1 < best)
				best = row[j] + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			row[j] = best;
			prev = tmp;
		}
	}
	return row[lb];
}

/* The setting closest to name, if close enough to be a typo. */
static const char *
settings_suggest(const char *name)
{
	const char	*best = NULL;
	size_t		 d, bestd = 3;	/* at most two edits */
	int		 i;

	for (i = 0; i < SETTINGS_COUNT; i++) {
		d = settings_distance(name, settings_entries[i].name);
		if (d < bestd) {
			bestd = d;
			best = settings_entries[i].name;
		}
	}
	return best;
}

int
settings_set(struct settings *s, const char *name, const char *value,
    struct dl_err *err)
{
	const char	*hint;
	int		 key;

	if ((key = settings_find(name)) == -1) {
		if ((hint = settings_suggest(name)) != NULL)
			dl_err_set(err, "unknown setting '%s' (did you mean "
			    "'%s'?)", name, hint);
		else
			dl_err_set(err, "unknown setting '%s'", name);
		return -1;
	}
	return settings_set_key(s, key, value, err);
}

long
settings_get_int(const struct settings *s, enum settings_key key)
{
	assert(key < SETTINGS_COUNT);
	assert(settings_entries[key].type == SETTINGS_INT ||
	    settings_entries[key].type == SETTINGS_BOOL);
	return s->num[key];
}

int
settings_get_bool(const struct settings *s, enum settings_key key)
{
	assert(key < SETTINGS_COUNT);
	assert(settings_entries[key].type == SETTINGS_BOOL);
	return s->num[key] != 0;
}

const char *
settings_get_str(const struct settings *s, enum settings_key key)
{
	assert(key < SETTINGS_COUNT);
	assert(settings_entries[key].type == SETTINGS_STRING ||
	    settings_entries[key].type == SETTINGS_ENUM);
	return s->str[key];
}

size_t
settings_record_count(const struct settings *s)
{
	return s->nrecords;
}

const struct settings_record *
settings_record_get(const struct settings *s, size_t i)
{
	assert(i < s->nrecords);
	return &s->records[i];
}

/* ---- the words of a line ---- */

struct settings_words {
	char	*argv[SETTINGS_WORDS_MAX];
	size_t	 argc;
};

static void
settings_words_clear(struct settings_words *w)
{
	size_t	 i;

	for (i = 0; i < w->argc; i++)
		free(w->argv[i]);
	w->argc = 0;
}

/* One double-quoted part at *pp (just after the quote) into b; only \"
 * and \\ are escapes. Returns 0, or -1 (err set). */
static int
settings_split_quoted(const char **pp, struct dl_buf *b, struct dl_err *err)
{
	const char	*p = *pp;

	for (; *p != '"'; p++) {
		if (*p == '\0') {
			dl_err_set(err, "missing closing '\"'");
			return -1;
		}
		if (*p == '\\' && p[1] == '\0') {
			dl_err_set(err, "missing closing '\"'");
			return -1;
		}
		if (*p == '\\') {
			if (p[1] != '"' && p[1] != '\\') {
				dl_err_set(err, "unknown escape '\\%c' in quotes "
				    "(only \\\" and \\\\)", p[1]);
				return -1;
			}
			p++;
		}
		if (dl_buf_addc(b, *p) == -1) {
			dl_err_set(err, "word is too long");
			return -1;
		}
	}
	*pp = p + 1;
	return 0;
}

/* 1 if p, at the start of a word, begins a comment: '#', except for a
 * #rrggbb colour, which is a word. */
static int
settings_is_comment(const char *p)
{
	if (*p != '#')
		return 0;
	return strspn(p + 1, "0123456789abcdefABCDEF") != 6 ||
	    (p[7] != '\0' && p[7] != ' ' && p[7] != '\t');
}

/* Split line into words: blanks separate them, double quotes group (and
 * may be empty), '#' at the start of a word begins a comment (but see
 * settings_is_comment). Returns 0,
 * or -1 (err set, w empty). */
static int
settings_split(const char *line, struct settings_words *w,
    struct dl_err *err)
{
	struct dl_buf	 b;
	const char	*p = line;
	int		 rc = -1;

	dl_buf_init(&b, SETTINGS_VALUE_MAX);
	w->argc = 0;
	for (;;) {
		p += strspn(p, " \t");
		if (*p == '\0' || settings_is_comment(p))
			break;
		if (w->argc == SETTINGS_WORDS_MAX) {
			dl_err_set(err, "too many words (at most %d)",
			    SETTINGS_WORDS_MAX);
			goto out;
		}
		while (*p != '\0' && *p != ' ' && *p != '\t') {
			if (*p == '"') {
				p++;
				if (settings_split_quoted(&p, &b, err) == -1)
					goto out;
			} else if (dl_buf_addc(&b, *p++) == -1) {
				dl_err_set(err, "word is too long");
				goto out;
			}
		}
		w->argv[w->argc++] = dl_buf_take(&b);
	}
	rc = 0;
out:
	if (rc == -1)
		settings_words_clear(w);
	dl_buf_clear(&b);
	return rc;
}

/* ---- shapes of bind, unbind, theme and color ---- */

/* 1 if v is one or more ASCII digits and nothing else (strtol alone
 * would take blanks and signs). */
static int
settings_is_digits(const char *v)
{
	return v[0] != '\0' && v[strspn(v, "0123456789")] == '\0';
}

/* A lowercase name with hyphens: actions and colour elements. */
static int
settings_is_name(const char *v)
{
	const char	*p;

	if (*v < 'a' || *v > 'z' || strlen(v) > 64)
		return 0;
	for (p = v; *p != '\0'; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
		    *p == '-'))
			return 0;
	return 1;
}

/* Bytes of the one UTF-8 character at s, or 0 if s is not exactly one
 * printable character. */
static int
settings_is_one_char(const char *s)
{
	size_t		 n = strlen(s), k;
	uint32_t	 cp;

	if (n == 0 || (k = dl_utf8_decode(s, n, &cp)) != n)
		return 0;
	if (cp <= 0x20 || (cp >= 0x7f && cp < 0xa0) ||
	    (k == 1 && cp == DL_UTF8_BAD))
		return 0;	/* a space, a control or a malformed byte */
	return (int)k;
}

static int
settings_is_key(const char *k)
{
	static const char *const named[] = { "Enter", "Space", "Tab", "BTab",
	    "Escape", "Backspace", "Up", "Down", "Left", "Right", "Home",
	    "End", "PageUp", "PageDown", "PgUp", "PgDn", "Insert", "Delete",
	    NULL };
	long	 fn;
	size_t	 i;

	/* Modifiers first, as tmux writes them: C-x, M-x, S-Up, C-M-x. */
	while ((k[0] == 'C' || k[0] == 'M' || k[0] == 'S') && k[1] == '-' &&
	    k[2] != '\0')
		k += 2;
	if (settings_is_one_char(k))
		return 1;
	for (i = 0; named[i] != NULL; i++)
		if (dl_strcaseeq(k, named[i]))
			return 1;
	return (k[0] == 'F' || k[0] == 'f') && settings_is_digits(k + 1) &&
	    k[1] != '0' && dl_strtonum(k + 1, 1, 24, &fn) == 0;
}

static int
settings_is_colour(const char *c)
{
	static const char *const names[] = { "default", "black", "red",
	    "green", "yellow", "blue", "magenta", "cyan", "white", NULL };
	const char	*base = c;
	long		 n;
	size_t		 i;

	if (strncmp(c, "bright", 6) == 0)
		base = c + 6;
	for (i = 0; names[i] != NULL; i++)
		if (strcmp(base, names[i]) == 0)
			return base == c || i > 0;
	if (strncmp(c, "colour", 6) == 0 || strncmp(c, "color", 5) == 0) {
		c += c[5] == 'r' ? 6 : 5;
		return settings_is_digits(c) && dl_strtonum(c, 0, 255, &n) == 0;
	}
	if (c[0] == '#' && strlen(c) == 7)
		return strspn(c + 1, "0123456789abcdefABCDEF") == 6;
	return 0;
}

static int
settings_is_attr(const char *a)
{
	static const char *const attrs[] = { "none", "bold", "dim", "italic",
	    "underline", "blink", "reverse", "standout", NULL };
	size_t	 i;

	for (i = 0; attrs[i] != NULL; i++)
		if (strcmp(a, attrs[i]) == 0)
			return 1;
	return 0;
}

/* The shape of a color line's words (after the command). Returns 0, or
 * -1 (err set). */
static int
settings_check_color(char **argv, size_t argc, struct dl_err *err)
{
	size_t	 i;

	if (argc < 3) {
		dl_err_set(err, "usage: color ELEMENT FG BG [ATTR...]");
		return -1;
	}
	if (!settings_is_name(argv[0])) {
		dl_err_set(err, "color: '%s' is not an element name", argv[0]);
		return -1;
	}
	for (i = 1; i < 3; i++) {
		if (!settings_is_colour(argv[i])) {
			dl_err_set(err, "color: unknown colour '%s' (a name "
			    "such as red or brightred, colour0-colour255, or "
			    "#rrggbb)", argv[i]);
			return -1;
		}
	}
	for (i = 3; i < argc; i++) {
		if (!settings_is_attr(argv[i])) {
			dl_err_set(err, "color: unknown attribute '%s' (none, "
			    "bold, dim, italic, underline, blink, reverse, "
			    "standout)", argv[i]);
			return -1;
		}
	}
	return 0;
}

/* The shape of a record's words. Returns 0, or -1 (err set). */
static int
settings_check_record(enum settings_record_kind kind, char **argv,
    size_t argc, struct dl_err *err)
{
	const char	*why;

	switch (kind) {
	case SETTINGS_RECORD_BIND:
	case SETTINGS_RECORD_UNBIND:
		if (argc != (kind == SETTINGS_RECORD_BIND ? 2u : 1u)) {
			dl_err_set(err, kind == SETTINGS_RECORD_BIND ?
			    "usage: bind KEY ACTION" : "usage: unbind KEY");
			return -1;
		}
		if (!settings_is_key(argv[0])) {
			dl_err_set(err, "'%s' is not a key (a character, a "
			    "name such as Enter or PageDown, F1-F24, with C-, "
			    "M- or S- in front)", argv[0]);
			return -1;
		}
		if (argc == 2 && !settings_is_name(argv[1])) {
			dl_err_set(err, "bind: '%s' is not an action name",
			    argv[1]);
			return -1;
		}
		return 0;
	case SETTINGS_RECORD_THEME:
		if (argc != 1) {
			dl_err_set(err, "usage: theme NAME");
			return -1;
		}
		if ((why = settings_check_theme(argv[0])) != NULL) {
			dl_err_set(err, "theme: %s", why);
			return -1;
		}
		return 0;
	case SETTINGS_RECORD_COLOR:
		return settings_check_color(argv, argc, err);
	}
	return -1;
}

/* Take words[1..] of w as a new record (w keeps only the command). */
static void
settings_add_record(struct settings *s, enum settings_record_kind kind,
    size_t line, struct settings_words *w)
{
	struct settings_record	*r;
	size_t			 i;

	if (s->nrecords == s->arecords) {
		s->arecords = s->arecords == 0 ? 16 : s->arecords * 2;
		s->records = dl_reallocarray(s->records, s->arecords,
		    sizeof *s->records);
	}
	r = &s->records[s->nrecords++];
	r->kind = kind;
	r->line = line;
	r->argc = w->argc - 1;
	r->argv = dl_calloc(r->argc + 1, sizeof *r->argv);
	for (i = 1; i < w->argc; i++)
		r->argv[i - 1] = w->argv[i];
	w->argc = 1;
}

/* ---- lines and files ---- */

static int
settings_record_kind(const char *cmd, enum settings_record_kind *kind)
{
	static const struct {
		const char			*cmd;
		enum settings_record_kind	 kind;
	} t[] = {
		{ "bind", SETTINGS_RECORD_BIND },
		{ "unbind", SETTINGS_RECORD_UNBIND },
		{ "theme", SETTINGS_RECORD_THEME },
		{ "color", SETTINGS_RECORD_COLOR },
		{ "colour", SETTINGS_RECORD_COLOR },
	};
	size_t	 i;

	for (i = 0; i < sizeof t / sizeof t[0]; i++) {
		if (strcmp(cmd, t[i].cmd) == 0) {
			*kind = t[i].kind;
			return 0;
		}
	}
	return -1;
}

/* Apply one line (without its newline). Returns 0, or -1 (err set). */
static int
settings_line(struct settings *s, const char *line, size_t lineno,
    struct dl_err *err)
{
	struct settings_words		 w;
	enum settings_record_kind	 kind;
	int				 rc = -1;

	if (settings_split(line, &w, err) == -1)
		return -1;
	if (w.argc == 0)
		rc = 0;
	else if (strcmp(w.argv[0], "set") == 0) {
		if (w.argc != 3)
			dl_err_set(err, "usage: set NAME VALUE (quote a value "
			    "with spaces)");
		else
			rc = settings_set(s, w.argv[1], w.argv[2], err);
	} else if (settings_record_kind(w.argv[0], &kind) == -1)
		dl_err_set(err, "unknown command '%s' (set, bind, unbind, "
		    "theme, color)", w.argv[0]);
	else if (settings_check_record(kind, w.argv + 1, w.argc - 1,
	    err) == 0) {
		/* theme NAME is also the theme setting; the record says
		 * where it falls among the color lines. */
		if (kind == SETTINGS_RECORD_THEME)
			settings_set_key(s, SETTINGS_THEME, w.argv[1], NULL);
		settings_add_record(s, kind, lineno, &w);
		rc = 0;
	}
	settings_words_clear(&w);
	return rc;
}

static int
settings_line_checked(struct settings *s, char *line, size_t len,
    size_t lineno, struct dl_err *err)
{
	size_t	 i;

	if (len > 0 && line[len - 1] == '\r')
		line[--len] = '\0';
	for (i = 0; i < len; i++) {
		if ((unsigned char)line[i] < 0x20 && line[i] != '\t') {
			dl_err_set(err, "control character (0x%02x) in line",
			    (unsigned char)line[i]);
			return -1;
		}
	}
	return settings_line(s, line, lineno, err);
}

size_t
settings_load_text(struct settings *s, const char *name, const char *text,
    size_t len, settings_warn_fn *warn, void *arg)
{
	struct dl_err	 err;
	const char	*p = text, *end = text + len, *nl;
	char		*line, *msg;
	size_t		 lineno = 0, bad = 0;

	while (p < end) {
		lineno++;
		if ((nl = memchr(p, '\n', (size_t)(end - p))) == NULL)
			nl = end;
		line = dl_strndup(p, (size_t)(nl - p));
		err.msg[0] = '\0';
		/* A NUL inside the line shortens the copy: report it. */
		if (strlen(line) != (size_t)(nl - p))
			dl_err_set(&err, "NUL byte in line");
		if (err.msg[0] != '\0' || settings_line_checked(s, line,
		    strlen(line), lineno, &err) == -1) {
			bad++;
			msg = dl_printf("%s:%zu: %s", name, lineno, err.msg);
			settings_problem(s, msg, warn, arg);
		}
		free(line);
		p = nl + 1;
	}
	return bad;
}

int
settings_load(struct settings *s, const char *path, settings_warn_fn *warn,
    void *arg, struct dl_err *err)
{
	struct dl_buf	 b;
	FILE		*f;
	char		 chunk[8192];
	size_t		 n;
	int		 rc = -1;

	free(s->path);
	s->path = dl_strdup(path);
	dl_buf_init(&b, SETTINGS_FILE_MAX);
	if ((f = fopen(path, "r")) == NULL) {
		if (errno == ENOENT)
			return 0;
		dl_err_set(err, "%s: %s", path, strerror(errno));
		return -1;
	}
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
		if (dl_buf_add(&b, chunk, n) == -1) {
			dl_err_set(err, "%s: larger than %u bytes", path,
			    SETTINGS_FILE_MAX);
			goto out;
		}
	}
	if (ferror(f)) {
		dl_err_set(err, "%s: %s", path, strerror(errno));
		goto out;
	}
	settings_load_text(s, path, dl_buf_str(&b), b.len, warn, arg);
	rc = 0;
out:
	fclose(f);
	dl_buf_clear(&b);
	return rc;
}

/* ---- what only an installed program can check ---- */

char *
settings_theme_path(const char *config_path, const char *name)
{
	const char	*env = getenv("DATELINE_THEMES_DIR");
	const char	*slash = config_path != NULL ?
	    strrchr(config_path, '/') : NULL;
	char		*p[3];
	int		 i, found = -1;

	p[0] = slash == NULL ? dl_printf("themes/%s", name) :
	    dl_printf("%.*s/themes/%s", (int)(slash - config_path),
	    config_path, name);
	p[1] = env != NULL && env[0] != '\0' ? dl_printf("%s/%s", env, name) :
	    NULL;
	p[2] = dl_printf("%s/themes/%s", DL_PKGDATADIR, name);
	for (i = 0; i < 3; i++) {
		if (found == -1 && p[i] != NULL && access(p[i], R_OK) == 0)
			found = i;
		else
			free(p[i]);
	}
	return found == -1 ? NULL : p[found];
}

/* The line of the last theme record, 0 when the theme came from `set`
 * or is the default. */
static size_t
settings_theme_line(const struct settings *s)
{
	size_t	 i, line = 0;

	for (i = 0; i < s->nrecords; i++)
		if (s->records[i].kind == SETTINGS_RECORD_THEME)
			line = s->records[i].line;
	return line;
}

static size_t
settings_check_theme_installed(struct settings *s, settings_warn_fn *warn,
    void *arg)
{
	const char	*name = s->str[SETTINGS_THEME];
	const char	*at = s->path != NULL ? s->path : "config";
	char		*path, *msg;
	size_t		 line;

	if (strcmp(name, "default") == 0)
		return 0;
	if ((path = settings_theme_path(s->path, name)) != NULL) {
		free(path);
		return 0;
	}
	if ((line = settings_theme_line(s)) > 0)
		msg = dl_printf("%s:%zu: theme '%s' is not installed", at,
		    line, name);
	else
		msg = dl_printf("%s: theme '%s' is not installed", at, name);
	settings_problem(s, msg, warn, arg);
	return 1;
}

size_t
settings_check(struct settings *s, settings_action_fn *known,
    settings_warn_fn *warn, void *arg)
{
	const struct settings_record	*r;
	size_t				 i, n = 0;

	for (i = 0; known != NULL && i < s->nrecords; i++) {
		r = &s->records[i];
		if (r->kind != SETTINGS_RECORD_BIND || r->argc < 2 ||
		    known(r->argv[1]))
			continue;
		settings_problem(s, dl_printf("%s:%zu: bind %s: unknown "
		    "action '%s'", s->path != NULL ? s->path : "config",
		    r->line, r->argv[0], r->argv[1]), warn, arg);
		n++;
	}
	return n + settings_check_theme_installed(s, warn, arg);
}

struct extract_rules *
settings_extract_rules(const char *config_dir, settings_warn_fn *warn,
    void *arg)
{
	struct extract_rules	*r = extract_rules_new();
	struct dl_err		 err = { "" };
	char			*path;

	if ((path = dl_config_path(config_dir, "extract-rules",
	    "the extract rules", &err)) == NULL ||
	    extract_rules_load(r, path, warn, arg, &err) < 0) {
		if (warn != NULL)
			warn(arg, err.msg);
	}
	free(path);
	return r;
}

/* 1 if the test override name is set to a number refresh_opts_init
 * takes (refresh.h): it wins over the config file. */
static int
settings_env_set(const char *name, long min)
{
	const char	*v = getenv(name);
	long		 n;

	return v != NULL && dl_strtonum(v, min, 1L << 40, &n) == 0;
}

double
settings_group_threshold(const struct settings *s)
{
	if (s == NULL)
		return GROUP_THRESHOLD_DEFAULT;
	if (s->num[SETTINGS_GROUP_STORIES] == 0)
		return 0;
	return (double)s->num[SETTINGS_GROUP_THRESHOLD] / 100;
}

void
settings_refresh_opts(const struct settings *s, struct refresh_opts *o)
{
	o->group_threshold = settings_group_threshold(s);
	o->fetch.max_total = (int)s->num[SETTINGS_MAX_TRANSFERS];
	o->fetch.max_per_host = (int)s->num[SETTINGS_MAX_PER_HOST];
	o->max_items = (size_t)s->num[SETTINGS_MAX_ITEMS];
	o->prefetch_articles = s->num[SETTINGS_PREFETCH_ARTICLES] != 0;
	if (!settings_env_set("DATELINE_CONNECT_TIMEOUT_MS", 1))
		o->fetch.connect_timeout_ms = 1000 *
		    s->num[SETTINGS_CONNECT_TIMEOUT];
	if (!settings_env_set("DATELINE_TIMEOUT_MS", 1))
		o->fetch.timeout_ms = 1000 * s->num[SETTINGS_DOWNLOAD_TIMEOUT];
	if (!settings_env_set("DATELINE_STALL_MS", 1000))
		o->fetch.stall_ms = 1000 * s->num[SETTINGS_STALL_TIMEOUT];
	if (!settings_env_set("DATELINE_MAX_BODY", 1))
		o->fetch.max_body = (size_t)s->num[SETTINGS_MAX_DOWNLOAD_SIZE];
}

/* ---- dump ---- */

/* v as one word of the config syntax. */
static void
settings_quote(FILE *f, const char *v)
{
	const char	*p;

	if (v[0] != '\0' && v[0] != '#' && strpbrk(v, " \t\"\\") == NULL) {
		fputs(v, f);
		return;
	}
	fputc('"', f);
	for (p = v; *p != '\0'; p++) {
		if (*p == '"' || *p == '\\')
			fputc('\\', f);
		fputc(*p, f);
	}
	fputc('"', f);
}

static void
settings_dump_setting(const struct settings *s, int key, FILE *f)
{
	const struct settings_entry	*se = &settings_entries[key];

	fprintf(f, "# %s\nset %s ", se->doc, se->name);
	switch (se->type) {
	case SETTINGS_BOOL:
		fputs(s->num[key] ? "yes" : "no", f);
		break;
	case SETTINGS_INT:
		fprintf(f, "%ld", s->num[key]);
		break;
	default:
		settings_quote(f, s->str[key]);
		break;
	}
	fputc('\n', f);
}

int
settings_dump(const struct settings *s, FILE *f)
{
	static const char *const cmds[] = { "bind", "unbind", "theme",
	    "color" };
	const struct settings_record	*r;
	size_t				 i, j;
	int				 key;

	int				 themes = 0;

	for (i = 0; i < s->nrecords; i++)
		themes |= s->records[i].kind == SETTINGS_RECORD_THEME;
	fputs("# dateline configuration (dateline --dump-config)\n", f);
	for (i = 0; i < s->nproblems; i++)
		fprintf(f, "# problem: %s\n", s->problems[i]);
	for (key = 0; key < SETTINGS_COUNT; key++)
		if (key != SETTINGS_THEME || !themes)
			settings_dump_setting(s, key, f);
	if (s->nrecords > 0)
		fputc('\n', f);
	for (i = 0; i < s->nrecords; i++) {
		r = &s->records[i];
		fputs(cmds[r->kind], f);
		for (j = 0; j < r->argc; j++) {
			fputc(' ', f);
			settings_quote(f, r->argv[j]);
		}
		fputc('\n', f);
	}
	/* theme lines set the theme too: the effective one goes last. */
	if (themes)
		settings_dump_setting(s, SETTINGS_THEME, f);
	return ferror(f) ? -1 : 0;
}
