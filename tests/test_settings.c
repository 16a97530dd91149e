/* test_settings.c: the settings table, `set` values of every type, the
 * config syntax (quoting, comments), record shapes, warnings by
 * file:line, and dump -> load round trips. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "dl.h"
#include "refresh.h"
#include "settings.h"

#define NELEM(a) (sizeof (a) / sizeof (a)[0])

/* Warnings collected from a load. */
struct warnings {
	char	*msg[32];
	size_t	 n;
};

static void
test_warn(void *arg, const char *msg)
{
	struct warnings	*w = arg;

	assert_true(w->n < NELEM(w->msg));
	w->msg[w->n++] = dl_strdup(msg);
}

static void
test_warnings_clear(struct warnings *w)
{
	size_t	 i;

	for (i = 0; i < w->n; i++)
		free(w->msg[i]);
	w->n = 0;
}

/* The value of key as dump writes it, into buf. */
static const char *
test_value(const struct settings *s, int key, char *buf, size_t size)
{
	const struct settings_entry	*se = &settings_table()[key];

	if (se->type == SETTINGS_BOOL)
		snprintf(buf, size, "%s", settings_get_bool(s, key) ? "yes" :
		    "no");
	else if (se->type == SETTINGS_INT)
		snprintf(buf, size, "%ld", settings_get_int(s, key));
	else
		snprintf(buf, size, "%s", settings_get_str(s, key));
	return buf;
}

/* Load text (one or more lines) under the name "t". */
static size_t
test_load(struct settings *s, const char *text, struct warnings *w)
{
	return settings_load_text(s, "t", text, strlen(text), test_warn, w);
}

/* ---- the table ---- */

static void
test_defaults_sane(void **state)
{
	const struct settings_entry	*t = settings_table(), *se;
	struct settings			*s = settings_new();
	struct dl_err			 err;
	char				 buf[64];
	size_t				 i, j;
	int				 k;

	(void)state;
	for (k = 0; k < SETTINGS_COUNT; k++) {
		se = &t[k];
		assert_non_null(se->name);
		assert_true(se->doc != NULL && se->doc[0] != '\0');
		assert_int_equal(settings_find(se->name), k);
		for (j = 0; j < (size_t)k; j++)
			assert_string_not_equal(t[j].name, se->name);
		switch (se->type) {
		case SETTINGS_INT:
			assert_true(se->min <= se->default_num);
			assert_true(se->default_num <= se->max);
			assert_int_equal(settings_get_int(s, k), se->default_num);
			break;
		case SETTINGS_BOOL:
			assert_true(se->default_num == 0 || se->default_num == 1);
			break;
		case SETTINGS_ENUM:
			for (i = 0; se->choices[i] != NULL; i++)
				if (strcmp(se->choices[i], se->default_str) == 0)
					break;
			assert_non_null(se->choices[i]);
			break;
		case SETTINGS_STRING:
			assert_string_equal(settings_get_str(s, k),
			    se->default_str);
			break;
		}
		/* The default, written out, is accepted back. */
		assert_int_equal(settings_set(s, se->name,
		    test_value(s, k, buf, sizeof buf), &err), 0);
	}
	assert_int_equal(settings_find("nope"), -1);
	settings_free(s);
	settings_free(NULL);
}

/* The defaults the issues name. */
static void
test_defaults_issues(void **state)
{
	struct settings	*s = settings_new();

	(void)state;
	assert_int_equal(settings_get_int(s, SETTINGS_MAX_TRANSFERS), 256);
	assert_int_equal(settings_get_int(s, SETTINGS_MAX_PER_HOST), 6);
	assert_int_equal(settings_get_int(s, SETTINGS_MAX_ITEMS), 1000);
	assert_int_equal(settings_get_int(s, SETTINGS_CONNECT_TIMEOUT), 15);
	assert_int_equal(settings_get_int(s, SETTINGS_DOWNLOAD_TIMEOUT), 60);
	assert_int_equal(settings_get_int(s, SETTINGS_STALL_TIMEOUT), 20);
	assert_int_equal(settings_get_int(s, SETTINGS_MAX_DOWNLOAD_SIZE),
	    16 * 1024 * 1024);
	assert_false(settings_get_bool(s, SETTINGS_PREFETCH_ARTICLES));
	assert_true(settings_get_bool(s, SETTINGS_REFRESH_ON_START));
	assert_int_equal(settings_get_int(s, SETTINGS_AUTO_RELOAD), 0);
	assert_string_equal(settings_get_str(s, SETTINGS_BROWSER), "");
	assert_string_equal(settings_get_str(s, SETTINGS_THEME), "default");
	assert_string_equal(settings_get_str(s, SETTINGS_START_VIEW), "feeds");
	assert_int_equal(settings_record_count(s), 0);
	settings_free(s);
}

/* ---- set: every type, valid and not ---- */

static const struct {
	const char	*name;
	const char	*value;
	const char	*want;	/* the value after, or the error */
	int		 rc;
	const char	*quirk;
} set_rows[] = {
	{ "max-transfers", "64", "64", 0, "plain integer" },
	{ "max-transfers", "1", "1", 0, "lower bound" },
	{ "max-transfers", "1024", "1024", 0, "upper bound" },
	{ "max-transfers", "007", "7", 0, "leading zeros" },
	{ "max-transfers", "0", "max-transfers: '0' is out of range 1-1024", -1,
	  "below the range" },
	{ "max-transfers", "1025",
	  "max-transfers: '1025' is out of range 1-1024", -1, "above" },
	{ "max-transfers", "-1", "max-transfers: '-1' is out of range 1-1024",
	  -1, "negative" },
	{ "max-transfers", "99999999999999999999999",
	  "max-transfers: '99999999999999999999999' is out of range 1-1024",
	  -1, "overflows a long" },
	{ "max-transfers", "abc",
	  "max-transfers: 'abc' is not a number in 1-1024", -1, "letters" },
	{ "max-transfers", "12abc",
	  "max-transfers: '12abc' is not a number in 1-1024", -1,
	  "trailing junk" },
	{ "max-transfers", "", "max-transfers: '' is not a number in 1-1024",
	  -1, "empty" },
	{ "max-transfers", " 12",
	  "max-transfers: ' 12' is not a number in 1-1024", -1,
	  "strtol would skip the blank" },
	{ "max-transfers", "+5", "max-transfers: '+5' is not a number in "
	  "1-1024", -1, "strtol would take the sign" },
	{ "max-transfers", "10s", "max-transfers: '10s' is not a number in "
	  "1-1024", -1, "no unit on a plain count" },
	{ "max-per-host", "64", "64", 0, "upper bound" },
	{ "max-per-host", "65", "max-per-host: '65' is out of range 1-64", -1,
	  "above" },
	{ "max-items", "0", "0", 0, "0 keeps everything" },
	{ "max-items", "3", "3", 0, "small" },
	{ "connect-timeout", "30", "30", 0, "seconds" },
	{ "connect-timeout", "30s", "30", 0, "s suffix" },
	{ "connect-timeout", "2m", "120", 0, "m suffix is minutes" },
	{ "connect-timeout", "2M", "120", 0, "suffix case-insensitive" },
	{ "connect-timeout", "1h", "connect-timeout: '1h' is out of range "
	  "1-600 (seconds, or with s, m, h)", -1, "out of range after unit" },
	{ "connect-timeout", "0", "connect-timeout: '0' is out of range 1-600 "
	  "(seconds, or with s, m, h)", -1, "zero timeout" },
	{ "connect-timeout", "5x", "connect-timeout: '5x' is not a number in "
	  "1-600 (seconds, or with s, m, h)", -1, "unknown suffix" },
	{ "download-timeout", "1h", "3600", 0, "h suffix" },
	{ "stall-timeout", "20", "20", 0, "default" },
	{ "max-download-size", "16M", "16777216", 0, "M suffix" },
	{ "max-download-size", "16MB", "16777216", 0, "MB suffix" },
	{ "max-download-size", "512k", "524288", 0, "k lower case" },
	{ "max-download-size", "1G", "1073741824", 0, "upper bound" },
	{ "max-download-size", "1K", "1024", 0, "lower bound" },
	{ "max-download-size", "2G", "max-download-size: '2G' is out of range "
	  "1024-1073741824 (bytes, or with K, M, G)", -1, "above" },
	{ "max-download-size", "100", "max-download-size: '100' is out of "
	  "range 1024-1073741824 (bytes, or with K, M, G)", -1, "below" },
	{ "max-download-size", "9999999999999G", "max-download-size: "
	  "'9999999999999G' is out of range 1024-1073741824 (bytes, or with K, "
	  "M, G)", -1, "multiplying would overflow" },
	{ "auto-reload", "30", "30", 0, "minutes" },
	{ "auto-reload", "2h", "120", 0, "h in minutes" },
	{ "auto-reload", "30s", "auto-reload: '30s' is not a number in "
	  "0-10080 (minutes, or with m, h)", -1, "no seconds for minutes" },
	{ "prefetch-articles", "yes", "yes", 0, "yes" },
	{ "prefetch-articles", "true", "yes", 0, "true" },
	{ "prefetch-articles", "on", "yes", 0, "on" },
	{ "prefetch-articles", "1", "yes", 0, "1" },
	{ "prefetch-articles", "YES", "yes", 0, "case-insensitive" },
	{ "refresh-on-start", "no", "no", 0, "no" },
	{ "refresh-on-start", "false", "no", 0, "false" },
	{ "refresh-on-start", "off", "no", 0, "off" },
	{ "refresh-on-start", "0", "no", 0, "0" },
	{ "refresh-on-start", "maybe",
	  "refresh-on-start: 'maybe' is not yes or no", -1, "not a bool" },
	{ "refresh-on-start", "2", "refresh-on-start: '2' is not yes or no",
	  -1, "a number is not a bool" },
	{ "browser", "firefox", "firefox", 0, "a program" },
	{ "browser", "", "", 0, "empty: $BROWSER, then xdg-open" },
	{ "browser", "w3m -o x", "w3m -o x", 0, "spaces kept" },
	{ "browser", "a\tb", "browser: value holds a control character", -1,
	  "control character" },
	{ "browser", "a\033[2Jb", "browser: value holds a control character",
	  -1, "escape sequence" },
	{ "theme", "dark", "dark", 0, "a theme name" },
	{ "theme", "high-contrast_2.x", "high-contrast_2.x", 0,
	  "name characters" },
	{ "theme", "../etc/passwd", "theme: a theme name is letters, digits, "
	  "'.', '_' and '-', not starting with '.'", -1, "a path" },
	{ "theme", "a/b", "theme: a theme name is letters, digits, '.', '_' "
	  "and '-', not starting with '.'", -1, "a slash" },
	{ "theme", ".hidden", "theme: a theme name is letters, digits, '.', "
	  "'_' and '-', not starting with '.'", -1, "a dot file" },
	{ "theme", "", "theme: a theme name is letters, digits, '.', '_' and "
	  "'-', not starting with '.'", -1, "empty" },
	{ "start-view", "all", "all", 0, "enum choice" },
	{ "start-view", "feeds", "feeds", 0, "enum default" },
	{ "start-view", "All", "start-view: 'All' is not one of feeds, all",
	  -1, "enum is case-sensitive" },
	{ "start-view", "saved", "start-view: 'saved' is not one of feeds, "
	  "all", -1, "not a choice" },
	{ "max-itmes", "3",
	  "unknown setting 'max-itmes' (did you mean 'max-items'?)", -1,
	  "typo: transposed letters" },
	{ "max_transfers", "3",
	  "unknown setting 'max_transfers' (did you mean 'max-transfers'?)",
	  -1, "typo: underscore" },
	{ "prefetch-article", "yes", "unknown setting 'prefetch-article' (did "
	  "you mean 'prefetch-articles'?)", -1, "typo: missing letter" },
	{ "frobnicate", "3", "unknown setting 'frobnicate'", -1,
	  "nothing close: no suggestion" },
};

static void
test_set_table(void **state)
{
	struct settings	*s;
	struct dl_err	 err;
	char		 before[128], after[sizeof ((struct dl_err *)0)->msg];
	size_t		 i;
	int		 key, rc;

	(void)state;
	for (i = 0; i < NELEM(set_rows); i++) {
		s = settings_new();
		key = settings_find(set_rows[i].name);
		if (key != -1)
			test_value(s, key, before, sizeof before);
		err.msg[0] = '\0';
		rc = settings_set(s, set_rows[i].name, set_rows[i].value, &err);
		if (rc != set_rows[i].rc)
			fail_msg("row %zu (%s): rc %d", i, set_rows[i].quirk,
			    rc);
		if (rc == 0)
			test_value(s, key, after, sizeof after);
		else {
			snprintf(after, sizeof after, "%s", err.msg);
			/* A refused value leaves the setting as it was. */
			if (key != -1) {
				char	 now[128];

				assert_string_equal(test_value(s, key, now,
				    sizeof now), before);
			}
		}
		if (strcmp(after, set_rows[i].want) != 0)
			fail_msg("row %zu (%s): got '%s', want '%s'", i,
			    set_rows[i].quirk, after, set_rows[i].want);
		settings_free(s);
	}
}

/* ---- the syntax of a line ---- */

static const struct {
	const char	*line;
	const char	*want;	/* browser after, or the warning */
	int		 ok;
	const char	*quirk;
} quote_rows[] = {
	{ "set browser firefox", "firefox", 1, "bare word" },
	{ "set browser \"my browser\"", "my browser", 1, "quoted spaces" },
	{ "set browser \"a \\\"b\\\" c\"", "a \"b\" c", 1, "escaped quotes" },
	{ "set browser \"back\\\\slash\"", "back\\slash", 1,
	  "escaped backslash" },
	{ "set browser back\\slash", "back\\slash", 1,
	  "backslash outside quotes is literal" },
	{ "set browser \"\"", "", 1, "empty quoted word" },
	{ "set browser x # a comment", "x", 1, "comment after the value" },
	{ "set browser x #", "x", 1, "empty comment" },
	{ "set browser \"a # b\"", "a # b", 1, "# inside quotes" },
	{ "set browser a#b", "a#b", 1, "# inside a word is not a comment" },
	{ "set browser fire\"fox x\"", "firefox x", 1,
	  "quotes join a word" },
	{ "  \tset \t browser   tabbed\t ", "tabbed", 1, "blanks anywhere" },
	{ "set browser crlf\r", "crlf", 1, "CRLF line ending" },
	{ "set browser \"\xec\x95\x88 \xe6\x97\xa5\"", "\xec\x95\x88 "
	  "\xe6\x97\xa5", 1, "UTF-8 kept" },
	{ "set browser \"open", "t:1: missing closing '\"'", 0,
	  "unterminated quote" },
	{ "set browser \"bad \\n\"",
	  "t:1: unknown escape '\\n' in quotes (only \\\" and \\\\)", 0,
	  "unknown escape" },
	{ "set browser \"x\\", "t:1: missing closing '\"'", 0,
	  "backslash at the end" },
	{ "set browser #abcdef", "#abcdef", 1, "a #rrggbb word is no comment" },
	{ "set browser x #abcdefg", "x", 1, "longer than a colour: comment" },
	{ "set browser x #abcde", "x", 1, "shorter than a colour: comment" },
	{ "set browser a b", "t:1: usage: set NAME VALUE (quote a value with "
	  "spaces)", 0, "too many words" },
	{ "set browser", "t:1: usage: set NAME VALUE (quote a value with "
	  "spaces)", 0, "no value" },
	{ "set", "t:1: usage: set NAME VALUE (quote a value with spaces)", 0,
	  "bare set" },
	{ "SET browser x", "t:1: unknown command 'SET' (set, bind, unbind, "
	  "theme, color)", 0, "commands are lower case" },
	{ "sett browser x", "t:1: unknown command 'sett' (set, bind, unbind, "
	  "theme, color)", 0, "unknown command" },
	{ "set browser \"a\tb\"", "t:1: browser: value holds a control "
	  "character", 0, "tab inside quotes reaches the value check" },
	{ "set browser a\x01", "t:1: control character (0x01) in line", 0,
	  "control character" },
	{ "set browser \"a\033[31m\"", "t:1: control character (0x1b) in "
	  "line", 0, "escape sequence" },
	{ "a b c d e f g h i j k l m n o p q", "t:1: too many words (at most "
	  "16)", 0, "word cap" },
};

static void
test_quoting_table(void **state)
{
	struct settings	*s;
	struct warnings	 w = { .n = 0 };
	size_t		 i, bad;

	(void)state;
	for (i = 0; i < NELEM(quote_rows); i++) {
		s = settings_new();
		bad = test_load(s, quote_rows[i].line, &w);
		assert_int_equal(bad, w.n);
		if (quote_rows[i].ok) {
			if (w.n != 0)
				fail_msg("row %zu (%s): warned '%s'", i,
				    quote_rows[i].quirk, w.msg[0]);
			if (strcmp(settings_get_str(s, SETTINGS_BROWSER),
			    quote_rows[i].want) != 0)
				fail_msg("row %zu (%s): got '%s'", i,
				    quote_rows[i].quirk,
				    settings_get_str(s, SETTINGS_BROWSER));
		} else {
			if (w.n != 1 || strcmp(w.msg[0],
			    quote_rows[i].want) != 0)
				fail_msg("row %zu (%s): got '%s'", i,
				    quote_rows[i].quirk, w.n ? w.msg[0] :
				    "(no warning)");
			assert_string_equal(settings_get_str(s,
			    SETTINGS_BROWSER), "");
		}
		test_warnings_clear(&w);
		settings_free(s);
	}
}

static void
test_comments_blank(void **state)
{
	static const char text[] =
	    "# dateline config\n"
	    "\n"
	    "   \n"
	    "\t# indented comment\n"
	    "#set max-items 5\n"
	    "# set max-items 6\n"
	    "set max-items 7 # seven\n"
	    "\n";
	struct settings	*s = settings_new();
	struct warnings	 w = { .n = 0 };

	(void)state;
	assert_int_equal(test_load(s, text, &w), 0);
	assert_int_equal(w.n, 0);
	assert_int_equal(settings_get_int(s, SETTINGS_MAX_ITEMS), 7);
	assert_int_equal(settings_record_count(s), 0);
	settings_free(s);
}

/* ---- records ---- */

static const struct {
	const char	*line;
	const char	*want;	/* kind and words joined by '|', or warning */
	int		 ok;
	const char	*quirk;
} record_rows[] = {
	{ "bind j down", "bind|j|down", 1, "letter" },
	{ "bind J toggle-read", "bind|J|toggle-read", 1, "capital" },
	{ "bind C-d half-page-down", "bind|C-d|half-page-down", 1, "control" },
	{ "bind M-C-x quit", "bind|M-C-x|quit", 1, "two modifiers" },
	{ "bind S-Up select-up", "bind|S-Up|select-up", 1, "shifted name" },
	{ "bind C-- zoom-out", "bind|C--|zoom-out", 1, "control minus" },
	{ "bind - collapse", "bind|-|collapse", 1, "a minus alone" },
	{ "bind Enter open", "bind|Enter|open", 1, "named key" },
	{ "bind pagedown page-down", "bind|pagedown|page-down", 1,
	  "names case-insensitive" },
	{ "bind F12 help", "bind|F12|help", 1, "function key" },
	{ "bind \"#\" toggle-read", "bind|#|toggle-read", 1,
	  "quoted # is a key" },
	{ "bind \"\\\"\" quote", "bind|\"|quote", 1, "quote key" },
	{ "bind \xea\xb0\x80 open", "bind|\xea\xb0\x80|open", 1,
	  "one Hangul character" },
	{ "bind \xe0\x81\x81 x", "t:1: '\xe0\x81\x81' is not a key (a "
	  "character, a name such as Enter or PageDown, F1-F24, with C-, M- "
	  "or S- in front)", 0, "an overlong 'A' is no key" },
	{ "bind F25 x", "t:1: 'F25' is not a key (a character, a name such as "
	  "Enter or PageDown, F1-F24, with C-, M- or S- in front)", 0,
	  "no F25" },
	{ "bind F01 x", "t:1: 'F01' is not a key (a character, a name such as "
	  "Enter or PageDown, F1-F24, with C-, M- or S- in front)", 0,
	  "leading zero" },
	{ "bind jj x", "t:1: 'jj' is not a key (a character, a name such as "
	  "Enter or PageDown, F1-F24, with C-, M- or S- in front)", 0,
	  "two characters" },
	{ "bind C- x", "t:1: 'C-' is not a key (a character, a name such as "
	  "Enter or PageDown, F1-F24, with C-, M- or S- in front)", 0,
	  "modifier alone" },
	{ "bind \"\" x", "t:1: '' is not a key (a character, a name such as "
	  "Enter or PageDown, F1-F24, with C-, M- or S- in front)", 0,
	  "empty key" },
	{ "bind j Down", "t:1: bind: 'Down' is not an action name", 0,
	  "actions are lower case" },
	{ "bind j", "t:1: usage: bind KEY ACTION", 0, "no action" },
	{ "bind j down up", "t:1: usage: bind KEY ACTION", 0, "extra word" },
	{ "unbind q", "unbind|q", 1, "unbind" },
	{ "unbind", "t:1: usage: unbind KEY", 0, "no key" },
	{ "unbind q x", "t:1: usage: unbind KEY", 0, "extra word" },
	{ "unbind Fx", "t:1: 'Fx' is not a key (a character, a name such as "
	  "Enter or PageDown, F1-F24, with C-, M- or S- in front)", 0,
	  "bad key" },
	{ "theme dark", "theme|dark", 1, "theme" },
	{ "theme ../x", "t:1: theme: a theme name is letters, digits, '.', "
	  "'_' and '-', not starting with '.'", 0, "a path" },
	{ "theme a b", "t:1: usage: theme NAME", 0, "two names" },
	{ "color title red default bold", "color|title|red|default|bold", 1,
	  "names and one attribute" },
	{ "color title brightred colour236 bold underline",
	  "color|title|brightred|colour236|bold|underline", 1,
	  "bright, 256 colours, two attributes" },
	{ "color status-bar color0 color255", "color|status-bar|color0|"
	  "color255", 1, "color spelling, bounds" },
	{ "color title #ff8800 #00AAff", "color|title|#ff8800|#00AAff", 1,
	  "truecolour" },
	{ "colour title red blue", "color|title|red|blue", 1,
	  "colour spelling of the command" },
	{ "color title \"#ff88\" default", "t:1: color: unknown colour '#ff88' "
	  "(a name such as red or brightred, colour0-colour255, or #rrggbb)",
	  0, "short hex" },
	{ "color title colour256 red", "t:1: color: unknown colour "
	  "'colour256' (a name such as red or brightred, colour0-colour255, "
	  "or #rrggbb)", 0, "256 out of range" },
	{ "color title colour-1 red", "t:1: color: unknown colour "
	  "'colour-1' (a name such as red or brightred, colour0-colour255, "
	  "or #rrggbb)", 0, "negative colour" },
	{ "color title brightdefault red", "t:1: color: unknown colour "
	  "'brightdefault' (a name such as red or brightred, "
	  "colour0-colour255, or #rrggbb)", 0, "no bright default" },
	{ "color title red", "t:1: usage: color ELEMENT FG BG [ATTR...]", 0,
	  "no background" },
	{ "color Title red blue", "t:1: color: 'Title' is not an element name",
	  0, "element lower case" },
	{ "color title red blue blinky", "t:1: color: unknown attribute "
	  "'blinky' (none, bold, dim, italic, underline, blink, reverse, "
	  "standout)", 0, "unknown attribute" },
};

static const char *const test_kinds[] = { "bind", "unbind", "theme",
    "color" };

static void
test_records_table(void **state)
{
	const struct settings_record	*r;
	struct settings			*s;
	struct warnings			 w = { .n = 0 };
	struct dl_buf			 b;
	size_t				 i, j;

	(void)state;
	for (i = 0; i < NELEM(record_rows); i++) {
		s = settings_new();
		test_load(s, record_rows[i].line, &w);
		dl_buf_init(&b, 4096);
		if (w.n > 0)
			dl_buf_adds(&b, w.msg[0]);
		else if (settings_record_count(s) == 1) {
			r = settings_record_get(s, 0);
			assert_int_equal(r->line, 1);
			dl_buf_adds(&b, test_kinds[r->kind]);
			for (j = 0; j < r->argc; j++)
				dl_buf_addf(&b, "|%s", r->argv[j]);
			assert_null(r->argv[r->argc]);
		}
		if (strcmp(dl_buf_str(&b), record_rows[i].want) != 0 ||
		    (w.n == 0) != record_rows[i].ok)
			fail_msg("row %zu (%s): got '%s'", i,
			    record_rows[i].quirk, dl_buf_str(&b));
		if (!record_rows[i].ok)
			assert_int_equal(settings_record_count(s), 0);
		dl_buf_clear(&b);
		test_warnings_clear(&w);
		settings_free(s);
	}
}

/* theme NAME sets the theme setting too; records keep file order. */
static void
test_records_order(void **state)
{
	static const char text[] =
	    "bind j down\n"
	    "color title red default\n"
	    "\n"
	    "theme dark\n"
	    "set theme light\n"
	    "unbind j\n";
	struct settings	*s = settings_new();
	struct warnings	 w = { .n = 0 };

	(void)state;
	assert_int_equal(test_load(s, text, &w), 0);
	assert_int_equal(settings_record_count(s), 4);
	assert_int_equal(settings_record_get(s, 0)->kind, SETTINGS_RECORD_BIND);
	assert_int_equal(settings_record_get(s, 0)->line, 1);
	assert_int_equal(settings_record_get(s, 1)->kind,
	    SETTINGS_RECORD_COLOR);
	assert_int_equal(settings_record_get(s, 2)->kind,
	    SETTINGS_RECORD_THEME);
	assert_int_equal(settings_record_get(s, 2)->line, 4);
	assert_int_equal(settings_record_get(s, 3)->kind,
	    SETTINGS_RECORD_UNBIND);
	assert_int_equal(settings_record_get(s, 3)->line, 6);
	/* The last word on the theme wins. */
	assert_string_equal(settings_get_str(s, SETTINGS_THEME), "light");
	settings_free(s);
	s = settings_new();
	test_load(s, "theme dark\n", &w);
	assert_string_equal(settings_get_str(s, SETTINGS_THEME), "dark");
	settings_free(s);
}

/* ---- warnings and carrying on ---- */

static void
test_broken_lines_carry_on(void **state)
{
	static const char text[] =
	    "set max-items 3\n"
	    "set max-itmes 4\n"
	    "bind j down\n"
	    "set max-transfers 0\n"
	    "set max-per-host \"unterminated\n"
	    "bind jj x\n"
	    "set max-per-host 2\n"
	    "set stall-timeout 30\n"
	    "nonsense\n"
	    "set prefetch-articles on";	/* no final newline */
	struct settings	*s = settings_new();
	struct warnings	 w = { .n = 0 };

	(void)state;
	assert_int_equal(test_load(s, text, &w), 5);
	assert_int_equal(w.n, 5);
	assert_string_equal(w.msg[0], "t:2: unknown setting 'max-itmes' "
	    "(did you mean 'max-items'?)");
	assert_string_equal(w.msg[1], "t:4: max-transfers: '0' is out of "
	    "range 1-1024");
	assert_string_equal(w.msg[2], "t:5: missing closing '\"'");
	assert_true(strncmp(w.msg[3], "t:6: 'jj' is not a key", 22) == 0);
	assert_string_equal(w.msg[4], "t:9: unknown command 'nonsense' (set, "
	    "bind, unbind, theme, color)");
	assert_int_equal(settings_get_int(s, SETTINGS_MAX_ITEMS), 3);
	assert_int_equal(settings_get_int(s, SETTINGS_MAX_TRANSFERS), 256);
	assert_int_equal(settings_get_int(s, SETTINGS_MAX_PER_HOST), 2);
	assert_int_equal(settings_get_int(s, SETTINGS_STALL_TIMEOUT), 30);
	assert_true(settings_get_bool(s, SETTINGS_PREFETCH_ARTICLES));
	assert_int_equal(settings_record_count(s), 1);
	test_warnings_clear(&w);
	settings_free(s);
}

static void
test_nul_byte(void **state)
{
	static const char text[] = "set max-items 5\nset max-items 6\0x\n"
	    "set max-per-host 9\n";
	struct settings	*s = settings_new();
	struct warnings	 w = { .n = 0 };

	(void)state;
	assert_int_equal(settings_load_text(s, "t", text, sizeof text - 1,
	    test_warn, &w), 1);
	assert_string_equal(w.msg[0], "t:2: NUL byte in line");
	assert_int_equal(settings_get_int(s, SETTINGS_MAX_ITEMS), 5);
	assert_int_equal(settings_get_int(s, SETTINGS_MAX_PER_HOST), 9);
	test_warnings_clear(&w);
	settings_free(s);
}

/* ---- files ---- */

static void
test_load_file(void **state)
{
	char		 dir[] = "/tmp/test_settings.XXXXXX", *path, *want;
	struct settings	*s = settings_new();
	struct warnings	 w = { .n = 0 };
	struct dl_err	 err = { "" };
	FILE		*f;

	(void)state;
	assert_non_null(mkdtemp(dir));
	path = dl_printf("%s/config", dir);
	/* Missing: defaults, silently. */
	assert_int_equal(settings_load(s, path, test_warn, &w, &err), 0);
	assert_int_equal(w.n, 0);
	assert_int_equal(settings_get_int(s, SETTINGS_MAX_ITEMS), 1000);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs("set max-items 12\n\nset max-per-host 99\n", f);
	fclose(f);
	assert_int_equal(settings_load(s, path, test_warn, &w, &err), 0);
	assert_int_equal(settings_get_int(s, SETTINGS_MAX_ITEMS), 12);
	assert_int_equal(w.n, 1);
	want = dl_printf("%s:3: max-per-host: '99' is out of range 1-64",
	    path);
	assert_string_equal(w.msg[0], want);
	free(want);
	unlink(path);
	/* There but unreadable (a folder): -1 with the reason. */
	assert_int_equal(mkdir(path, 0700), 0);
	assert_int_equal(settings_load(s, path, test_warn, &w, &err), -1);
	want = dl_printf("%s: Is a directory", path);
	assert_string_equal(err.msg, want);
	free(want);
	rmdir(path);
	rmdir(dir);
	free(path);
	test_warnings_clear(&w);
	settings_free(s);
}

static int
test_known(const char *name)
{
	return strcmp(name, "down") == 0 || strcmp(name, "quit") == 0;
}

/* Every mistake is kept, in order: skipped lines, unknown bind actions
 * and a theme that is not installed (one in ./themes next to the
 * config is). */
static void
test_problems_kept(void **state)
{
	char		 dir[] = "/tmp/test_settings.XXXXXX", *path, *p;
	struct settings	*s = settings_new();
	struct warnings	 w = { .n = 0 };
	struct dl_err	 err = { "" };
	FILE		*f;

	(void)state;
	assert_non_null(mkdtemp(dir));
	path = dl_printf("%s/config", dir);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs("set max-itmes 5\nset max-items lots\nbind j down\n"
	    "bind x explode\ntheme nosuch\n", f);
	fclose(f);
	assert_int_equal(settings_load(s, path, test_warn, &w, &err), 0);
	assert_int_equal(w.n, 2);
	assert_int_equal(settings_check(s, test_known, test_warn, &w), 2);
	assert_int_equal(settings_problem_count(s), 4);
	assert_int_equal(w.n, 4);
	assert_non_null(strstr(settings_problem_get(s, 0), ":1: unknown "
	    "setting 'max-itmes'"));
	assert_non_null(strstr(settings_problem_get(s, 1), ":2: max-items"));
	p = dl_printf("%s:4: bind x: unknown action 'explode'", path);
	assert_string_equal(settings_problem_get(s, 2), p);
	assert_string_equal(w.msg[2], p);
	free(p);
	p = dl_printf("%s:5: theme 'nosuch' is not installed", path);
	assert_string_equal(settings_problem_get(s, 3), p);
	free(p);
	assert_null(settings_problem_get(s, 4));
	/* Installed next to the config: no problem. */
	p = dl_printf("%s/themes", dir);
	assert_int_equal(mkdir(p, 0700), 0);
	free(p);
	p = dl_printf("%s/themes/nosuch", dir);
	f = fopen(p, "w");
	assert_non_null(f);
	fclose(f);
	assert_int_equal(settings_check(s, test_known, NULL, NULL), 1);
	assert_int_equal(settings_problem_count(s), 5);
	unlink(p);
	free(p);
	p = dl_printf("%s/themes", dir);
	rmdir(p);
	free(p);
	unlink(path);
	rmdir(dir);
	free(path);
	test_warnings_clear(&w);
	settings_free(s);
}

/* The one builder of refresh options: every fetch setting reaches the
 * options (the reader once left out the stall timeout and the size
 * cap); a test override in the environment wins. */
static void
test_refresh_opts(void **state)
{
	struct settings		*s = settings_new();
	struct refresh_opts	 o;
	struct warnings		 w = { .n = 0 };

	(void)state;
	unsetenv("DATELINE_STALL_MS");
	unsetenv("DATELINE_MAX_BODY");
	unsetenv("DATELINE_TIMEOUT_MS");
	unsetenv("DATELINE_CONNECT_TIMEOUT_MS");
	assert_int_equal(test_load(s, "set max-transfers 7\n"
	    "set max-per-host 3\nset max-items 99\nset connect-timeout 11s\n"
	    "set download-timeout 2m\nset stall-timeout 45s\n"
	    "set max-download-size 2M\nset prefetch-articles yes\n", &w), 0);
	refresh_opts_init(&o);
	settings_refresh_opts(s, &o);
	assert_int_equal(o.fetch.max_total, 7);
	assert_int_equal(o.fetch.max_per_host, 3);
	assert_int_equal(o.max_items, 99);
	assert_int_equal(o.fetch.connect_timeout_ms, 11000);
	assert_int_equal(o.fetch.timeout_ms, 120000);
	assert_int_equal(o.fetch.stall_ms, 45000);
	assert_int_equal(o.fetch.max_body, 2 * 1024 * 1024);
	assert_true(o.prefetch_articles);
	setenv("DATELINE_STALL_MS", "1500", 1);
	setenv("DATELINE_MAX_BODY", "4096", 1);
	refresh_opts_init(&o);
	settings_refresh_opts(s, &o);
	assert_int_equal(o.fetch.stall_ms, 1500);
	assert_int_equal(o.fetch.max_body, 4096);
	unsetenv("DATELINE_STALL_MS");
	unsetenv("DATELINE_MAX_BODY");
	settings_free(s);
}

static void
test_path(void **state)
{
	struct dl_err	 err = { "" };
	char		*p;

	(void)state;
	p = settings_path("/etc/dl", &err);
	assert_string_equal(p, "/etc/dl/config");
	free(p);
	setenv("XDG_CONFIG_HOME", "/x/cfg", 1);
	setenv("HOME", "/home/u", 1);
	p = settings_path(NULL, &err);
	assert_string_equal(p, "/x/cfg/dateline/config");
	free(p);
	p = settings_path("", &err);
	assert_string_equal(p, "/x/cfg/dateline/config");
	free(p);
	setenv("XDG_CONFIG_HOME", "relative", 1);
	p = settings_path(NULL, &err);
	assert_string_equal(p, "/home/u/.config/dateline/config");
	free(p);
	unsetenv("XDG_CONFIG_HOME");
	unsetenv("HOME");
	assert_null(settings_path(NULL, &err));
	assert_non_null(strstr(err.msg, "--config-dir"));
}

/* ---- dump ---- */

static char *
test_dump(const struct settings *s)
{
	char	*text = NULL;
	size_t	 len = 0;
	FILE	*f;

	f = open_memstream(&text, &len);
	assert_non_null(f);
	assert_int_equal(settings_dump(s, f), 0);
	fclose(f);
	return text;
}

static void
test_assert_same(const struct settings *a, const struct settings *b)
{
	const struct settings_record	*ra, *rb;
	char				 va[1100], vb[1100];
	size_t				 i, j;
	int				 k;

	for (k = 0; k < SETTINGS_COUNT; k++)
		assert_string_equal(test_value(a, k, va, sizeof va),
		    test_value(b, k, vb, sizeof vb));
	assert_int_equal(settings_record_count(a), settings_record_count(b));
	for (i = 0; i < settings_record_count(a); i++) {
		ra = settings_record_get(a, i);
		rb = settings_record_get(b, i);
		assert_int_equal(ra->kind, rb->kind);
		assert_int_equal(ra->argc, rb->argc);
		for (j = 0; j < ra->argc; j++)
			assert_string_equal(ra->argv[j], rb->argv[j]);
	}
}

static void
test_dump_round_trip(void **state)
{
	static const char *const texts[] = {
	    "",		/* the defaults: browser "" must come back */
	    "set max-transfers 8\n"
	    "set max-per-host 2\n"
	    "set max-items 0\n"
	    "set connect-timeout 1m\n"
	    "set max-download-size 2M\n"
	    "set prefetch-articles yes\n"
	    "set refresh-on-start off\n"
	    "set auto-reload 1h\n"
	    "set browser \"my \\\"best\\\" browser \\\\ #1\"\n"
	    "set start-view all\n"
	    "bind \"#\" toggle-read\n"
	    "bind \"\\\"\" quote\n"
	    "bind C-d half-page-down\n"
	    "theme dark\n"
	    "color title brightred #102030 bold underline\n"
	    "unbind q\n"
	    "set theme mono\n",
	    "set browser \"#hash\"\n",
	    "set theme mono\ntheme dark\n",
	};
	struct settings	*a, *b;
	struct warnings	 w = { .n = 0 };
	char		*d1, *d2;
	size_t		 i;

	(void)state;
	for (i = 0; i < NELEM(texts); i++) {
		a = settings_new();
		assert_int_equal(test_load(a, texts[i], &w), 0);
		d1 = test_dump(a);
		b = settings_new();
		if (test_load(b, d1, &w) != 0)
			fail_msg("text %zu: the dump warns: %s\n%s", i,
			    w.msg[0], d1);
		test_assert_same(a, b);
		d2 = test_dump(b);
		assert_string_equal(d1, d2);
		free(d1);
		free(d2);
		settings_free(a);
		settings_free(b);
	}
}

/* The dump holds one set line per setting, with values as set. */
static void
test_dump_lines(void **state)
{
	struct settings	*s = settings_new();
	struct warnings	 w = { .n = 0 };
	char		*d;
	int		 k;

	(void)state;
	test_load(s, "set max-items 3\nset browser \"\"\nbind j down\n", &w);
	d = test_dump(s);
	assert_non_null(strstr(d, "\nset max-items 3\n"));
	assert_non_null(strstr(d, "\nset max-transfers 256\n"));
	assert_non_null(strstr(d, "\nset max-download-size 16777216\n"));
	assert_non_null(strstr(d, "\nset prefetch-articles no\n"));
	assert_non_null(strstr(d, "\nset browser \"\"\n"));
	assert_non_null(strstr(d, "\nbind j down\n"));
	for (k = 0; k < SETTINGS_COUNT; k++) {
		char	 *line = dl_printf("\nset %s ",
		    settings_table()[k].name);

		assert_non_null(strstr(d, line));
		free(line);
	}
	free(d);
	settings_free(s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_defaults_sane),
		cmocka_unit_test(test_defaults_issues),
		cmocka_unit_test(test_set_table),
		cmocka_unit_test(test_quoting_table),
		cmocka_unit_test(test_comments_blank),
		cmocka_unit_test(test_records_table),
		cmocka_unit_test(test_records_order),
		cmocka_unit_test(test_broken_lines_carry_on),
		cmocka_unit_test(test_nul_byte),
		cmocka_unit_test(test_load_file),
		cmocka_unit_test(test_path),
		cmocka_unit_test(test_problems_kept),
		cmocka_unit_test(test_refresh_opts),
		cmocka_unit_test(test_dump_round_trip),
		cmocka_unit_test(test_dump_lines),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
