/* settings.h: the configuration file ($XDG_CONFIG_HOME/dateline/config)
 * and the one table of settings with their types, defaults, ranges and
 * docs (tmux's options-table.c). `set` lines change the table; `bind`,
 * `unbind`, `theme` and `color` lines are checked for shape and kept, in
 * order, as records for the UI to apply. */
#ifndef SETTINGS_H
#define SETTINGS_H

#include <stddef.h>
#include <stdio.h>

#include "dl.h"

/* Every setting, in table order (settings_table()[key]). */
enum settings_key {
	SETTINGS_MAX_TRANSFERS,
	SETTINGS_MAX_PER_HOST,
	SETTINGS_MAX_ITEMS,
	SETTINGS_CONNECT_TIMEOUT,
	SETTINGS_DOWNLOAD_TIMEOUT,
	SETTINGS_STALL_TIMEOUT,
	SETTINGS_MAX_DOWNLOAD_SIZE,
	SETTINGS_PREFETCH_ARTICLES,
	SETTINGS_REFRESH_ON_START,
	SETTINGS_AUTO_RELOAD,
	SETTINGS_BROWSER,
	SETTINGS_THEME,
	SETTINGS_START_VIEW,
	SETTINGS_SYNC,
	SETTINGS_SYNC_URL,
	SETTINGS_SYNC_USER,
	SETTINGS_SYNC_PASSWORD_FILE,
	SETTINGS_HIDE_READ,
	SETTINGS_SORT,
	SETTINGS_DATE_FORMAT,
	SETTINGS_KEY_HINTS,
	SETTINGS_GROUP_STORIES,
	SETTINGS_GROUP_THRESHOLD,
	SETTINGS_COUNT
};

enum settings_type {
	SETTINGS_BOOL,		/* yes/no/true/false/on/off/1/0 */
	SETTINGS_INT,		/* integer in [min, max], maybe with a unit */
	SETTINGS_STRING,	/* any text without control characters */
	SETTINGS_ENUM		/* one of choices */
};

/* The unit of an integer: the value is stored in it; a value in the
 * file may carry a suffix ("30s", "2m", "16MB", "512K"). */
enum settings_unit {
	SETTINGS_UNIT_NONE,
	SETTINGS_UNIT_SECONDS,	/* suffixes s, m, h */
	SETTINGS_UNIT_MINUTES,	/* suffixes m, h */
	SETTINGS_UNIT_BYTES	/* suffixes K, M, G (KB, MB, GB: 1024s) */
};

struct settings_entry {
	const char		*name;
	enum settings_type	 type;
	enum settings_unit	 unit;
	long			 min;		/* INT only */
	long			 max;
	long			 default_num;	/* BOOL (0/1) and INT */
	const char		*default_str;	/* STRING and ENUM */
	const char *const	*choices;	/* ENUM: NULL-terminated */
	/* STRING: NULL, or a check returning why v is refused (static
	 * text) or NULL if it is fine. */
	const char		*(*check)(const char *v);
	const char		*doc;		/* one line */
};

/* The table, SETTINGS_COUNT entries indexed by enum settings_key.
 * Static. */
const struct settings_entry *settings_table(void);
/* The key of a setting name; -1 if there is none. */
int	 settings_find(const char *name);

/* The non-`set` lines of a config file, in file order. */
enum settings_record_kind {
	SETTINGS_RECORD_BIND,	/* argv: KEY ACTION */
	SETTINGS_RECORD_UNBIND,	/* argv: KEY */
	SETTINGS_RECORD_THEME,	/* argv: NAME (also sets `theme`) */
	SETTINGS_RECORD_COLOR	/* argv: ELEMENT FG BG [ATTR...] */
};

struct settings_record {
	enum settings_record_kind kind;
	size_t			 line;	/* in the file it came from */
	size_t			 argc;
	char			**argv;	/* the words after the command */
};

/* Called for each line that is skipped: msg is "PATH:LINE: reason". */
typedef void settings_warn_fn(void *arg, const char *msg);

struct settings;

/* Every setting at its default, no records. Never NULL. */
struct settings *settings_new(void);
/* NULL does nothing. */
void	 settings_free(struct settings *s);

/* The config file: config_dir/config if config_dir is not NULL or "",
 * else $XDG_CONFIG_HOME/dateline/config (an absolute XDG_CONFIG_HOME),
 * else $HOME/.config/dateline/config. Allocated; NULL (err set) if
 * neither variable is set. */
char	*settings_path(const char *config_dir, struct dl_err *err);

/* Apply the config file at path. A missing file leaves s as it was and
 * returns 0, silently. Each bad line is reported through warn (may be
 * NULL) as "PATH:LINE: what is wrong" and skipped; the rest applies.
 * Returns 0, or -1 (err: "PATH: strerror") if the file exists but cannot
 * be read. */
int	 settings_load(struct settings *s, const char *path,
	     settings_warn_fn *warn, void *arg, struct dl_err *err);
/* The same, from text in memory; name is used in the messages. Returns
 * the number of lines warned about. */
size_t	 settings_load_text(struct settings *s, const char *name,
	     const char *text, size_t len, settings_warn_fn *warn, void *arg);

/* Set a setting from its text form, as a `set` line does. Returns 0, or
 * -1 (err: "max-transfers: '0' is out of range 1-1024", "unknown setting
 * 'max-itmes' (did you mean 'max-items'?)"), s unchanged. */
int	 settings_set(struct settings *s, const char *name, const char *value,
	     struct dl_err *err);

/* Values. get_int serves INT and BOOL (0/1); get_str serves STRING and
 * ENUM, borrowed until s changes. Asking a key for the wrong type is a
 * bug (assertion). */
long	 settings_get_int(const struct settings *s, enum settings_key key);
int	 settings_get_bool(const struct settings *s, enum settings_key key);
const char *settings_get_str(const struct settings *s, enum settings_key key);

/* Records, in file order; borrowed until s is freed. */
size_t	 settings_record_count(const struct settings *s);
const struct settings_record *settings_record_get(const struct settings *s,
	     size_t i);

/* The configuration's mistakes, in the order found: each line
 * settings_load skipped and what settings_check found, as "PATH:LINE:
 * what is wrong" (messages passed to a warn function are these). None is
 * ignored silently: the commands print them on stderr, --dump-config
 * lists them, the reader shows them. Borrowed until s is freed; get
 * returns NULL past the end. */
size_t	 settings_problem_count(const struct settings *s);
const char *settings_problem_get(const struct settings *s, size_t i);

/* Whether name is an action a `bind` line may name (the reader's). */
typedef int settings_action_fn(const char *name);

/* After settings_load: check what the file's syntax cannot say, adding
 * each problem to the list and passing it to warn (may be NULL): every
 * bind record's action (with known; NULL skips this check) and that the
 * theme, unless "default", is installed (settings_theme_path). Returns
 * the number of problems found. */
size_t	 settings_check(struct settings *s, settings_action_fn *known,
	     settings_warn_fn *warn, void *arg);

/* The file of theme name: themes/NAME in the folder of config_path (may
 * be NULL: ./themes), then $DATELINE_THEMES_DIR/NAME, then the installed
 * themes. Allocated; NULL if none is readable. */
char	*settings_theme_path(const char *config_path, const char *name);

struct extract_rules;

/* The one loader of the user's per-site extraction rules: the file
 * extract-rules beside the config file (dl_config_path: config_dir, else
 * an absolute XDG_CONFIG_HOME, else ~/.config/dateline). No file: no
 * rules. Bad lines and an unreadable file are passed to warn (may be
 * NULL). Never NULL; free with extract_rules_free. */
struct extract_rules *settings_extract_rules(const char *config_dir,
	     settings_warn_fn *warn, void *arg);

struct refresh_opts;

/* The one builder of refresh options, for the reader and the commands:
 * into o (after refresh_opts_init) the limits, timeouts (the stall
 * timeout too), max-download-size and prefetch-articles of s. A test
 * override of refresh.h (DATELINE_CONNECT_TIMEOUT_MS, DATELINE_TIMEOUT_MS,
 * DATELINE_STALL_MS, DATELINE_MAX_BODY) that is set wins. o->rules is
 * left alone (settings_extract_rules). */
/* group-stories and group-threshold as store_set_grouping takes them:
 * the least estimated Jaccard similarity of copies (0 to 1), or 0 when
 * grouping is off. s may be NULL: the defaults. */
double	 settings_group_threshold(const struct settings *s);
void	 settings_refresh_opts(const struct settings *s,
	     struct refresh_opts *o);

/* Print the effective configuration: one "# problem: ..." comment per
 * problem, then one `set NAME VALUE` line per
 * setting, then the records in order, quoted where needed, so that the
 * output loads back to the same settings and records. Returns 0, or -1
 * if writing failed. */
int	 settings_dump(const struct settings *s, FILE *f);

#endif
