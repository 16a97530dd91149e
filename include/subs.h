/* subs.h: the subscriptions: the newsboat-compatible urls file (read,
 * edited and written back keeping every line), the embedded default
 * subscriptions, and OPML 1.0/2.0 import and export. */
#ifndef SUBS_H
#define SUBS_H

#include <stddef.h>

#include "dl.h"

/* One subscription. Every string is UTF-8 and owned by the struct. */
struct subs_feed {
	char		*url;		/* http:// or https:// */
	char		*title;		/* from a "~Title" tag, or NULL */
	int		 hidden;	/* a "!" tag */
	char		**tags;		/* the other tags, in file order */
	size_t		 ntags;
};

/* Tags with a meaning beyond grouping, all kept as ordinary tags (so the
 * line stays newsboat's: newsboat shows them as tags and otherwise
 * ignores them):
 *   hub                  the URL is a web page without a feed whose story
 *                        links become items (hub_parse), not a feed
 *   "link-pattern:REGEX" for a hub, a POSIX extended regex: only links
 *                        whose canonical URL matches are stories
 *   prefetch:yes|no      fetch new stories' pages during refresh, or not,
 *                        whatever the prefetch-articles setting says
 *                        (hubs prefetch unless prefetch:no)
 * A tag "NAME:VALUE" is an option NAME; quote it when VALUE has spaces. */
#define SUBS_TAG_HUB		"hub"
#define SUBS_OPT_LINK_PATTERN	"link-pattern"
#define SUBS_OPT_PREFETCH	"prefetch"

/* 1 if f carries the tag hub, else 0. */
int	 subs_feed_is_hub(const struct subs_feed *f);
/* The value of f's first "name:VALUE" tag (VALUE may be ""), or NULL if
 * none; borrowed for f's lifetime. */
const char *subs_feed_option(const struct subs_feed *f, const char *name);

/* Frees what f holds and zeroes it; f itself is the caller's. */
void	 subs_feed_clear(struct subs_feed *f);
/* Add one tag with the urls file's meaning: "!" hides, "~Name" sets the
 * title (the last one wins), anything else is a tag (kept once). Control
 * characters become spaces; an empty tag is ignored. */
void	 subs_feed_add_tag(struct subs_feed *f, const char *tag);
/* The urls file line for f (no newline): the URL, the tags, "!" and
 * "~Title", double-quoted where they hold spaces, quotes or backslashes.
 * Allocated; the caller frees it. */
char	*subs_feed_format(const struct subs_feed *f);

/* Whether url may be subscribed to: an absolute http:// or https:// URL
 * with a host and no blanks or control characters. Returns 0, or -1 with
 * e saying why (newsboat's query:, exec: and filter: get their own
 * message). */
int	 subs_check_url(const char *url, struct dl_err *e);

/* What one line of a urls file holds. */
enum subs_line_kind {
	SUBS_LINE_EMPTY,	/* blank or a comment */
	SUBS_LINE_FEED,		/* a subscription */
	SUBS_LINE_UNSUPPORTED,	/* newsboat's query:, exec:, filter: */
	SUBS_LINE_BAD		/* not understood */
};

/* Parse one line (without its newline; a trailing CR is ignored). For
 * SUBS_LINE_FEED fills f (which the caller clears); for UNSUPPORTED and
 * BAD sets e to the reason (no file or line in it); f is then left
 * zeroed. Never runs or opens anything. */
enum subs_line_kind subs_parse_line(const char *line, struct subs_feed *f,
	     struct dl_err *e);

/* Called for each line that is skipped: msg is "PATH:LINE: reason". */
typedef void subs_warn_fn(void *arg, const char *msg);

/* A urls file in memory: every line kept as read, so that a rewrite keeps
 * comments, blank lines, unknown lines and order. */
struct subs;

/* The urls file path: config_dir/urls if config_dir is not NULL, else
 * $XDG_CONFIG_HOME/dateline/urls, else $HOME/.config/dateline/urls.
 * Allocated; NULL (e set) if neither variable is set. */
char	*subs_path(const char *config_dir, struct dl_err *e);

/* The embedded default urls file (Asia-Pacific news), with a comment
 * header explaining the format. Static. */
const char *subs_default_text(void);

/* If path does not exist, create its folder (0700) and write the default
 * urls file there (0600), atomically, never replacing a file that appears
 * meanwhile. Returns 1 if it wrote the file, 0 if one was there, -1 on
 * error (e says which path and why). */
int	 subs_create_default(const char *path, struct dl_err *e);

/* Read a urls file. Lines that are skipped are reported through warn (may
 * be NULL) and still kept for subs_save. Returns NULL on error (e.g.
 * "PATH: No such file or directory"). */
struct subs *subs_load(const char *path, subs_warn_fn *warn, void *arg,
	     struct dl_err *e);
/* Flags of subs_open. */
#define SUBS_EDIT	0x1	/* lock the folder until subs_free */

/* subs_path, subs_create_default, then subs_load: what commands that read
 * the subscriptions use. With SUBS_EDIT, first waits for an exclusive
 * lock (flock) on the folder holding the file, so that two editors never
 * lose each other's changes; subs_free releases it. *created (may be NULL)
 * is set to 1 if the default file was written. Returns NULL on error. */
struct subs *subs_open(const char *config_dir, int flags,
	     subs_warn_fn *warn, void *arg, int *created, struct dl_err *e);
/* Frees s and releases its lock; NULL does nothing. */
void	 subs_free(struct subs *s);
/* Release the lock subs_open(SUBS_EDIT) took, keeping the model (to go
 * on reading it); does nothing if s holds no lock. */
void	 subs_unlock(struct subs *s);
/* The file this model was read from; borrowed for s's lifetime. */
const char *subs_file(const struct subs *s);

/* Write the model back to its file: a temporary file in the same folder,
 * fsync, rename; the original's mode is kept (0600 for a new file).
 * Returns 0, or -1 with e set; on error the file is unchanged. */
int	 subs_save(struct subs *s, struct dl_err *e);

/* The subscriptions, in file order (hidden ones included; duplicates and
 * skipped lines not). Borrowed until s changes. */
size_t	 subs_count(const struct subs *s);
const struct subs_feed *subs_get(const struct subs *s, size_t i);
/* The subscription with this URL (compared exactly), or NULL. */
const struct subs_feed *subs_find(const struct subs *s, const char *url);

/* Append a subscription line. url is trimmed of surrounding white space,
 * otherwise kept as given; title may be NULL; tags (ntags of them, may be
 * NULL when 0) are read as by subs_feed_add_tag. Returns 0 if added, 1 if
 * the URL is already subscribed (nothing changes), -1 (e set) if the URL
 * is not http(s). Changes memory only: call subs_save. */
int	 subs_add(struct subs *s, const char *url, const char *title,
	     char *const *tags, size_t ntags, struct dl_err *e);
/* Remove every line subscribing to url (trimmed); comments and other lines
 * stay. Returns 0 if removed, 1 if url was not subscribed. */
int	 subs_remove(struct subs *s, const char *url);

/* What an OPML import did. */
struct subs_import_stats {
	size_t		 added;		/* new subscriptions */
	size_t		 duplicates;	/* already subscribed, or repeated */
	size_t		 rejected;	/* xmlUrl not http(s) */
};

/* Import an OPML 1.0/2.0 document (path, read with expat as a stream)
 * into s: outlines with an xmlUrl become subscriptions, the folders
 * around them and their category attribute become tags, title (else
 * text) the title. All or nothing: on a malformed document returns -1
 * with e "PATH:LINE:COL: reason" and s unchanged; an unreadable file
 * gives "PATH: reason". Returns 0 otherwise. Changes memory only. */
int	 subs_import_opml(struct subs *s, const char *path,
	     struct subs_import_stats *st, struct dl_err *e);
/* The same for a document in memory; name is used in messages. */
int	 subs_import_opml_mem(struct subs *s, const char *name,
	     const char *data, size_t len, struct subs_import_stats *st,
	     struct dl_err *e);

/* Append an OPML 2.0 document of s's subscriptions to out: one outline
 * per feed (type="rss", text and title, xmlUrl), its tags and "!" for a
 * hidden feed in category="a,b", so that subs_import_opml reads back the
 * same subscriptions. Returns 0, or -1 if out's cap was reached. */
int	 subs_export_opml(const struct subs *s, struct dl_buf *out);

#endif
