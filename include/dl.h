/* dl.h: base utilities shared by every module: allocation that never
 * returns NULL, a capped string buffer, error messages, and the clock. */
#ifndef DL_H
#define DL_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include <time.h>

#define DL_ATTR_PRINTF(f, a) __attribute__((format(printf, f, a)))

/* Allocation wrappers: they abort with the size on failure, never NULL. */
void	*dl_malloc(size_t n);
/* Say that n bytes could not be had, and abort: for what a library
 * allocated and could not (jansson's NULL). */
void	 dl_oom(size_t n) __attribute__((noreturn));
void	*dl_calloc(size_t nmemb, size_t size);
void	*dl_realloc(void *p, size_t n);
void	*dl_reallocarray(void *p, size_t nmemb, size_t size);
char	*dl_strdup(const char *s);
char	*dl_strndup(const char *s, size_t n);
/* Allocated formatted string; the caller frees it. */
char	*dl_printf(const char *fmt, ...) DL_ATTR_PRINTF(1, 2);

/* A growable byte buffer that always NUL-terminates and refuses to grow
 * past a cap the caller names (curl's dynbuf). Embed it and init it. */
struct dl_buf {
	char	*data;	/* NULL until something is added */
	size_t	 len;	/* bytes used, not counting the NUL */
	size_t	 size;	/* bytes allocated */
	size_t	 cap;	/* most bytes it may hold */
};

#define DL_BUF_CAP_DEFAULT	(64u * 1024 * 1024)

void	 dl_buf_init(struct dl_buf *b, size_t cap);
/* Frees the memory; the buffer may be reused after dl_buf_init. */
void	 dl_buf_clear(struct dl_buf *b);
/* Empties the buffer, keeping its memory. */
void	 dl_buf_reset(struct dl_buf *b);
/* Append; return 0, or -1 (buffer unchanged) if the cap would be passed. */
int	 dl_buf_add(struct dl_buf *b, const void *p, size_t n);
int	 dl_buf_addc(struct dl_buf *b, char c);
int	 dl_buf_adds(struct dl_buf *b, const char *s);
int	 dl_buf_addf(struct dl_buf *b, const char *fmt, ...)
	     DL_ATTR_PRINTF(2, 3);
/* n bytes of s as HTML text: & < > escaped, and " too with quot (for
 * attributes), handed to put(arg, piece, len) piece by piece, in order;
 * for a sink that is not a plain dl_buf. */
void	 dl_html_escape(const char *s, size_t n, int quot,
	     void (*put)(void *arg, const char *p, size_t len), void *arg);
/* Append n bytes of s as HTML text, as dl_html_escape. Return 0, or -1 if
 * the cap was reached (what fitted stays). */
int	 dl_buf_add_html(struct dl_buf *b, const char *s, size_t n, int quot);
/* The same for a string; NULL adds nothing. */
int	 dl_buf_adds_html(struct dl_buf *b, const char *s, int quot);
/* The contents as a string, borrowed until the next change; "" if empty. */
const char *dl_buf_str(const struct dl_buf *b);
/* Hand the contents to the caller (never NULL) and reset the buffer. */
char	*dl_buf_take(struct dl_buf *b);

/* The bytes (1 to 3) of the character at p (n bytes left, UTF-8) if it
 * is one that must never reach a terminal raw: a C0 control, DEL, a C1
 * control (U+0080-009F), or a bidi embedding, override or isolate
 * (U+202A-202E, U+2066-2069); *cp gets it. 0 for any other. The one
 * definition for every writer that escapes them (JSON, URLs, OPML). */
size_t	 dl_utf8_ctl(const char *p, size_t n, uint32_t *cp);
/* The one UTF-8 encoder: the bytes of code point cp into u (1 to 4 of
 * them, no NUL added); a surrogate or a value past U+10FFFF is written
 * as U+FFFD. Returns the length. */
size_t	 dl_utf8_encode(uint32_t cp, char u[4]);
/* Append cp, as dl_utf8_encode; 0, or -1 if the cap would be passed. */
int	 dl_buf_add_utf8(struct dl_buf *b, uint32_t cp);
/* The one UTF-8 decoder: the character at s (n > 0 bytes left) into
 * *cp; returns its length, 1 to 4. A byte that does not start a
 * well-formed character (a stray continuation byte, an overlong form, a
 * surrogate, a value past U+10FFFF, or one cut short by n) gives
 * *cp = DL_UTF8_BAD and length 1: the caller goes on at the next byte. */
#define DL_UTF8_BAD	0xfffdu
size_t	 dl_utf8_decode(const char *s, size_t n, uint32_t *cp);
/* The one UTF-8 validator: the length of the longest prefix of s (n
 * bytes) made of well-formed characters (those dl_utf8_decode reads),
 * so n if all of s is valid; a character cut short by n is left out.
 * With DL_UTF8_NONCHAR it also ends before U+FFFE and U+FFFF (no XML
 * character). 32 bytes at a time where the CPU has AVX2. */
#define DL_UTF8_NONCHAR	0x1
size_t	 dl_utf8_span(const char *s, size_t n, int flags);
/* At s (n > 0 bytes): 0 if a well-formed character starts there, else
 * the length (1 to 3) of its maximal subpart, the longest start of a
 * well-formed character, or 1: what one U+FFFD replaces (Unicode's
 * practice, which browsers follow). *trunc gets 1 if that subpart is
 * cut short only by n (more bytes may finish it), else 0. */
size_t	 dl_utf8_bad(const char *s, size_t n, int *trunc);
/* Where to cut s (len bytes) to at most max bytes without splitting a
 * character: len if it fits, else the start of the character that max
 * falls in (or max itself, past 3 continuation bytes of a bad one). */
size_t	 dl_utf8_cut(const char *s, size_t len, size_t max);
/* Where the last character of s (len bytes) starts, as dl_utf8_cut
 * finds it: dropping it leaves s cut at a character boundary. 0 if len
 * is 0. */
size_t	 dl_utf8_prev(const char *s, size_t len);
/* The number of characters in s (len bytes), as dl_utf8_decode reads
 * them: each malformed byte counts as one. */
size_t	 dl_utf8_count(const char *s, size_t len);

/* The one display width of a code point: 2 for East Asian Wide and
 * Fullwidth (Unicode 15) and emoji presentation, 0 for combining marks,
 * format and zero-width characters and controls, else 1 (ambiguous
 * width is 1, and a regional indicator 1 so that a flag pair takes 2).
 * Locale-free. */
int	 dl_cp_width(uint32_t cp);

/* The CJK script a letter belongs to: DL_CJK_HAN for Han ideographs and
 * kana (Chinese and Japanese), DL_CJK_HANGUL for Korean (syllables and
 * jamo), else DL_CJK_NONE (CJK punctuation and symbols included). The
 * one list for search bigrams, file names, headline and text measures. */
enum dl_cjk {
	DL_CJK_NONE,
	DL_CJK_HAN,
	DL_CJK_HANGUL
};
enum dl_cjk dl_cp_cjk(uint32_t cp);
/* 1 if cp belongs to text written without spaces between words: East
 * Asian Wide or Fullwidth (dl_cp_width 2) or halfwidth katakana, and
 * not Hangul (Korean puts spaces between words). A line may break
 * between two such characters, and a newline between two of them is no
 * space (CSS Text 3 segment breaks). */
int	 dl_cp_unspaced(uint32_t cp);
/* What a letter is to our tokenizers (the search index, story
 * grouping): part of a word, a CJK character (Han, kana, Hangul), a
 * combining mark (dropped inside a word), or a separator (punctuation of
 * every script, symbols, spaces, private use, emoji). */
enum dl_cp_class {
	DL_CP_SEP,
	DL_CP_WORD,
	DL_CP_CJK,
	DL_CP_MARK
};
enum dl_cp_class dl_cp_class(uint32_t c);
/* Simple case folding of ASCII, Latin-1, Latin Extended-A and
 * Additional, Greek and Cyrillic, with Latin-1 and Extended-A
 * diacritics removed (for matching words, not for showing them). */
uint32_t dl_cp_fold(uint32_t c);

/* An error message that names what, where and why. Functions take an
 * optional struct dl_err *; NULL means the caller does not want it. */
struct dl_err {
	char	msg[1024];
};

void	 dl_err_set(struct dl_err *e, const char *fmt, ...)
	     DL_ATTR_PRINTF(2, 3);
/* Put context in front of an existing message: "file: " + msg. */
void	 dl_err_prefix(struct dl_err *e, const char *fmt, ...)
	     DL_ATTR_PRINTF(2, 3);

/* The one `mkdir -p`: create the missing folders above path (the last
 * component is not made), 0700. Returns 0, or -1 with err "FOLDER:
 * cannot create folder: why". */
int	 dl_mkdir_parents(const char *path, struct dl_err *err);
/* The one XDG lookup (XDG Base Directory spec): config_dir/name when
 * config_dir is neither NULL nor "" (--config-dir), else
 * $XDG_CONFIG_HOME/dateline/name when that is absolute (a relative one
 * is ignored, as the spec says), else $HOME/.config/dateline/name.
 * Allocated; NULL with err "cannot find WHAT: neither XDG_CONFIG_HOME
 * nor HOME is set (use --config-dir)" when there is none. */
char	*dl_config_path(const char *config_dir, const char *name,
	     const char *what, struct dl_err *err);
/* The same for data: $XDG_DATA_HOME/dateline/name (absolute), else
 * $HOME/.local/share/dateline/name (HOME absolute). NULL with err
 * "cannot find WHAT: neither XDG_DATA_HOME nor HOME is an absolute
 * folder". */
char	*dl_data_path(const char *name, const char *what, struct dl_err *err);

/* "Now", in seconds since the epoch. Tests pin it with the environment
 * variable DATELINE_NOW (seconds since the epoch). */
time_t	 dl_now(void);

/* Grow the process's descriptor table to n descriptors (at most the
 * soft limit) before any thread starts; see dl.c. DL_FD_RESERVE: the
 * most transfers a refresh runs at once (max-transfers 1024) and the
 * files beside them. */
#define DL_FD_RESERVE	1088
void	 dl_fd_reserve(int n);

/* Checked conversion of a whole string to a long in [min, max]; returns
 * 0, or -1 if s is not entirely a number in range. */
int	 dl_strtonum(const char *s, long min, long max, long *out);

/* ASCII-only case-insensitive helpers (locale-independent). */
int	 dl_strcaseeq(const char *a, const char *b);
int	 dl_strncaseeq(const char *a, const char *b, size_t n);

/* Write text to a file. With path NULL, create "stem.md" in the current
 * folder, else "stem-2.md", "stem-3.md" ... (never over an existing
 * file), through a temporary file next to it (written, synced, then
 * linked into place). With path a regular file or nothing, replace path
 * atomically the same way (an existing file keeps its mode). With path
 * anything else (a device, a FIFO, a symbolic link such as /dev/stdout),
 * write through it: it is opened and written, never replaced. *written
 * gets the name of the file made or replaced (the caller frees it), NULL
 * when written through or on error. Returns 0, or -1 with err set naming
 * the file and the reason (nothing left behind). */
int	 dl_file_save(const char *path, const char *stem, const char *text,
	    char **written, struct dl_err *err);
/* The one atomic writer: len bytes of data into path through a
 * temporary file in the same folder (written, fsynced, renamed into
 * place, the folder fsynced). An existing file keeps its mode; a new one
 * gets mode (0: 0666 less the umask). With DL_FILE_NOREPLACE a file at
 * path (even one that appears meanwhile) is never replaced. Returns 1 if
 * written, 0 if DL_FILE_NOREPLACE found a file there, -1 with err set
 * (nothing left behind). */
#define DL_FILE_NOREPLACE	0x1
int	 dl_file_write_atomic(const char *path, const char *data, size_t len,
	    mode_t mode, int flags, struct dl_err *err);

#endif
