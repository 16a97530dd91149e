/* dl.c: base utilities: allocation, the capped string buffer, errors and
 * the pinned clock used by every other module. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "dl.h"

void
dl_oom(size_t n)
{
	fprintf(stderr, "dateline: out of memory allocating %zu bytes\n", n);
	abort();
}

void *
dl_malloc(size_t n)
{
	void	*p;

	if (n == 0)
		n = 1;
	if ((p = malloc(n)) == NULL)
		dl_oom(n);
	return p;
}

void *
dl_calloc(size_t nmemb, size_t size)
{
	void	*p;

	if (nmemb == 0 || size == 0)
		nmemb = size = 1;
	if ((p = calloc(nmemb, size)) == NULL)
		dl_oom(nmemb * size);
	return p;
}

void *
dl_realloc(void *p, size_t n)
{
	void	*q;

	if (n == 0)
		n = 1;
	if ((q = realloc(p, n)) == NULL)
		dl_oom(n);
	return q;
}

void *
dl_reallocarray(void *p, size_t nmemb, size_t size)
{
	if (size != 0 && nmemb > SIZE_MAX / size)
		dl_oom(SIZE_MAX);
	return dl_realloc(p, nmemb * size);
}

char *
dl_strdup(const char *s)
{
	return dl_strndup(s, strlen(s));
}

char *
dl_strndup(const char *s, size_t n)
{
	char	*p;
	size_t	 len;

	len = strnlen(s, n);
	p = dl_malloc(len + 1);
	memcpy(p, s, len);
	p[len] = '\0';
	return p;
}

char *
dl_printf(const char *fmt, ...)
{
	va_list	 ap;
	char	*p;
	int	 n;

	va_start(ap, fmt);
	n = vasprintf(&p, fmt, ap);
	va_end(ap);
	if (n < 0)
		dl_oom(strlen(fmt));
	return p;
}

void
dl_buf_init(struct dl_buf *b, size_t cap)
{
	b->data = NULL;
	b->len = 0;
	b->size = 0;
	b->cap = cap;
}

void
dl_buf_clear(struct dl_buf *b)
{
	free(b->data);
	dl_buf_init(b, b->cap);
}

void
dl_buf_reset(struct dl_buf *b)
{
	b->len = 0;
	if (b->data != NULL)
		b->data[0] = '\0';
}

static int
dl_buf_grow(struct dl_buf *b, size_t more)
{
	size_t	 need, size;

	if (more > b->cap || b->len > b->cap - more)
		return -1;
	need = b->len + more + 1;
	if (need <= b->size)
		return 0;
	size = b->size < 64 ? 64 : b->size;
	while (size < need)
		size = size > SIZE_MAX / 2 ? need : size * 2;
	b->data = dl_realloc(b->data, size);
	b->size = size;
	return 0;
}

int
dl_buf_add(struct dl_buf *b, const void *p, size_t n)
{
	if (dl_buf_grow(b, n) != 0)
		return -1;
	if (n > 0)
		memcpy(b->data + b->len, p, n);
	b->len += n;
	b->data[b->len] = '\0';
	return 0;
}

int
dl_buf_addc(struct dl_buf *b, char c)
{
	if (b->len + 1 < b->size && b->len < b->cap) {
		b->data[b->len++] = c;
		b->data[b->len] = '\0';
		return 0;
	}
	return dl_buf_add(b, &c, 1);
}

int
dl_buf_adds(struct dl_buf *b, const char *s)
{
	return dl_buf_add(b, s, strlen(s));
}

int
dl_buf_addf(struct dl_buf *b, const char *fmt, ...)
{
	va_list	 ap;
	char	*p;
	int	 n, rc;

	va_start(ap, fmt);
	n = vasprintf(&p, fmt, ap);
	va_end(ap);
	if (n < 0)
		dl_oom(strlen(fmt));
	rc = dl_buf_add(b, p, (size_t)n);
	free(p);
	return rc;
}

void
dl_html_escape(const char *s, size_t n, int quot,
    void (*put)(void *arg, const char *p, size_t len), void *arg)
{
	size_t		 i, run = 0;
	const char	*rep;

	for (i = 0; i < n; i++) {
		switch (s[i]) {
		case '&': rep = "&amp;"; break;
		case '<': rep = "&lt;"; break;
		case '>': rep = "&gt;"; break;
		case '"': rep = quot ? "&quot;" : NULL; break;
		default: rep = NULL; break;
		}
		if (rep == NULL)
			continue;
		put(arg, s + run, i - run);
		put(arg, rep, strlen(rep));
		run = i + 1;
	}
	put(arg, s + run, n - run);
}

struct dl_buf_sink {
	struct dl_buf	*b;
	int		 rc;
};

static void
dl_buf_put(void *arg, const char *p, size_t len)
{
	struct dl_buf_sink	*k = arg;

	k->rc |= dl_buf_add(k->b, p, len);
}

int
dl_buf_add_html(struct dl_buf *b, const char *s, size_t n, int quot)
{
	struct dl_buf_sink	 k = { b, 0 };

	dl_html_escape(s, n, quot, dl_buf_put, &k);
	return k.rc != 0 ? -1 : 0;
}

int
dl_buf_adds_html(struct dl_buf *b, const char *s, int quot)
{
	return s != NULL ? dl_buf_add_html(b, s, strlen(s), quot) : 0;
}

const char *
dl_buf_str(const struct dl_buf *b)
{
	return b->data != NULL ? b->data : "";
}

char *
dl_buf_take(struct dl_buf *b)
{
	char	*p;

	p = b->data != NULL ? b->data : dl_strdup("");
	dl_buf_init(b, b->cap);
	return p;
}

int
dl_mkdir_parents(const char *path, struct dl_err *err)
{
	char	*p, *s;
	int	 rc = -1;

	p = dl_strdup(path);
	for (s = strchr(p + 1, '/'); s != NULL; s = strchr(s + 1, '/')) {
		*s = '\0';
		if (mkdir(p, 0700) == -1 && errno != EEXIST) {
			dl_err_set(err, "%s: cannot create folder: %s", p,
			    strerror(errno));
			goto out;
		}
		*s = '/';
	}
	rc = 0;
out:
	free(p);
	return rc;
}

char *
dl_config_path(const char *config_dir, const char *name, const char *what,
    struct dl_err *err)
{
	const char	*x;

	if (config_dir != NULL && config_dir[0] != '\0')
		return dl_printf("%s/%s", config_dir, name);
	/* The XDG spec says to ignore a relative XDG_CONFIG_HOME. */
	if ((x = getenv("XDG_CONFIG_HOME")) != NULL && x[0] == '/')
		return dl_printf("%s/dateline/%s", x, name);
	if ((x = getenv("HOME")) != NULL && x[0] != '\0')
		return dl_printf("%s/.config/dateline/%s", x, name);
	dl_err_set(err, "cannot find %s: neither XDG_CONFIG_HOME nor HOME is "
	    "set (use --config-dir)", what);
	return NULL;
}

char *
dl_data_path(const char *name, const char *what, struct dl_err *err)
{
	const char	*x;

	if ((x = getenv("XDG_DATA_HOME")) != NULL && x[0] == '/')
		return dl_printf("%s/dateline/%s", x, name);
	if ((x = getenv("HOME")) != NULL && x[0] == '/')
		return dl_printf("%s/.local/share/dateline/%s", x, name);
	dl_err_set(err, "cannot find %s: neither XDG_DATA_HOME nor HOME is an "
	    "absolute folder", what);
	return NULL;
}

size_t
dl_utf8_encode(uint32_t cp, char u[4])
{
	if (cp < 0x80) {
		u[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		u[0] = (char)(0xc0 | (cp >> 6));
		u[1] = (char)(0x80 | (cp & 0x3f));
		return 2;
	}
	if ((cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff)
		cp = 0xfffd;
	if (cp < 0x10000) {
		u[0] = (char)(0xe0 | (cp >> 12));
		u[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		u[2] = (char)(0x80 | (cp & 0x3f));
		return 3;
	}
	u[0] = (char)(0xf0 | (cp >> 18));
	u[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
	u[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
	u[3] = (char)(0x80 | (cp & 0x3f));
	return 4;
}

int
dl_buf_add_utf8(struct dl_buf *b, uint32_t cp)
{
	char	 u[4];

	return dl_buf_add(b, u, dl_utf8_encode(cp, u));
}

size_t
dl_utf8_decode(const char *s, size_t n, uint32_t *cp)
{
	const unsigned char	*p = (const unsigned char *)s;
	uint32_t		 c = p[0], min;
	size_t			 len, i;

	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	if (c >= 0xc2 && c <= 0xdf)
		len = 2, c &= 0x1f, min = 0x80;
	else if (c >= 0xe0 && c <= 0xef)
		len = 3, c &= 0x0f, min = 0x800;
	else if (c >= 0xf0 && c <= 0xf4)
		len = 4, c &= 0x07, min = 0x10000;
	else
		goto bad;
	if (n < len)
		goto bad;
	for (i = 1; i < len; i++) {
		if ((p[i] & 0xc0) != 0x80)
			goto bad;
		c = c << 6 | (p[i] & 0x3f);
	}
	if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
		goto bad;
	*cp = c;
	return len;
bad:
	*cp = DL_UTF8_BAD;
	return 1;
}

size_t
dl_utf8_cut(const char *s, size_t len, size_t max)
{
	size_t	 m;

	if (len <= max)
		return len;
	for (m = max; m > 0 && max - m < 3 &&
	    ((unsigned char)s[m] & 0xc0) == 0x80; m--)
		;
	return ((unsigned char)s[m] & 0xc0) == 0x80 ? max : m;
}

size_t
dl_utf8_prev(const char *s, size_t len)
{
	return len == 0 ? 0 : dl_utf8_cut(s, len, len - 1);
}

size_t
dl_utf8_count(const char *s, size_t len)
{
	size_t		 i = 0, n = 0;
	uint32_t	 cp;

	while (i < len) {
		if ((unsigned char)s[i] < 0x80)
			i++;
		else
			i += dl_utf8_decode(s + i, len - i, &cp);
		n++;
	}
	return n;
}

size_t
dl_utf8_ctl(const char *s, size_t n, uint32_t *cp)
{
	const unsigned char	*p = (const unsigned char *)s;

	if (n >= 1 && (p[0] < 0x20 || p[0] == 0x7f)) {
		*cp = p[0];
		return 1;
	}
	if (n >= 2 && p[0] == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f) {
		*cp = p[1];
		return 2;
	}
	if (n < 3 || p[0] != 0xe2)
		return 0;
	*cp = 0x2000 | (uint32_t)(p[1] & 0x3f) << 6 | (p[2] & 0x3f);
	if ((p[1] == 0x80 && p[2] >= 0xaa && p[2] <= 0xae) ||
	    (p[1] == 0x81 && p[2] >= 0xa6 && p[2] <= 0xa9))
		return 3;
	return 0;
}

void
dl_err_set(struct dl_err *e, const char *fmt, ...)
{
	va_list	 ap;

	if (e == NULL)
		return;
	va_start(ap, fmt);
	vsnprintf(e->msg, sizeof e->msg, fmt, ap);
	va_end(ap);
}

void
dl_err_prefix(struct dl_err *e, const char *fmt, ...)
{
	va_list	 ap;
	char	 old[sizeof e->msg];
	size_t	 n, room, len;
	int	 r;

	if (e == NULL)
		return;
	memcpy(old, e->msg, sizeof old);
	va_start(ap, fmt);
	r = vsnprintf(e->msg, sizeof e->msg, fmt, ap);
	va_end(ap);
	n = r < 0 ? 0 : (size_t)r;
	if (n >= sizeof e->msg - 1)
		return;
	room = sizeof e->msg - 1 - n;
	len = strnlen(old, sizeof old - 1);
	if (len > room)
		len = room;
	memcpy(e->msg + n, old, len);
	e->msg[n + len] = '\0';
}

time_t
dl_now(void)
{
	const char	*s;
	long		 v;

	s = getenv("DATELINE_NOW");
	if (s != NULL && dl_strtonum(s, 0, LONG_MAX, &v) == 0)
		return (time_t)v;
	return time(NULL);
}

int
dl_strtonum(const char *s, long min, long max, long *out)
{
	char	*end;
	long	 v;

	if (s == NULL || *s == '\0')
		return -1;
	errno = 0;
	v = strtol(s, &end, 10);
	if (errno != 0 || *end != '\0' || v < min || v > max)
		return -1;
	*out = v;
	return 0;
}

static int
dl_lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;
}

int
dl_strcaseeq(const char *a, const char *b)
{
	for (; *a != '\0' && *b != '\0'; a++, b++)
		if (dl_lower((unsigned char)*a) != dl_lower((unsigned char)*b))
			return 0;
	return *a == *b;
}

int
dl_strncaseeq(const char *a, const char *b, size_t n)
{
	for (; n > 0; a++, b++, n--) {
		if (dl_lower((unsigned char)*a) != dl_lower((unsigned char)*b))
			return 0;
		if (*a == '\0')
			return 1;
	}
	return 1;
}

/* Tries at "stem-N.md" before giving up. */
#define DL_FILE_SUFFIX_MAX	1000

/* A temporary file next to path, holding len bytes of text, with mode
 * (0: the default, 0666 less the umask), synced; its name in *tmp. 0, or
 * -1 with err set (nothing left behind). */
static int
dl_file_write_tmp(const char *path, const char *text, size_t len,
    mode_t mode, char **tmp, struct dl_err *err)
{
	const char	*slash = strrchr(path, '/');
	size_t		 off = 0;
	ssize_t		 w = 0;
	mode_t		 um;
	int		 fd;

	*tmp = slash == NULL ? dl_strdup(".dateline-tmp-XXXXXX") :
	    dl_printf("%.*s/.dateline-tmp-XXXXXX", (int)(slash - path),
	    path);
	if ((fd = mkstemp(*tmp)) == -1) {
		dl_err_set(err, "%s: %s", *tmp, strerror(errno));
		goto fail;
	}
	um = umask(022);
	umask(um);
	while (off < len && ((w = write(fd, text + off, len - off)) > 0 ||
	    (w == -1 && errno == EINTR)))
		off += w > 0 ? (size_t)w : 0;
	if (mode == 0)
		mode = 0666 & ~um;
	if (off < len || fchmod(fd, mode) == -1 || fsync(fd) == -1) {
		dl_err_set(err, "%s: %s", *tmp, strerror(errno));
		close(fd);
		unlink(*tmp);
		goto fail;
	}
	if (close(fd) == -1) {
		dl_err_set(err, "%s: %s", *tmp, strerror(errno));
		unlink(*tmp);
		goto fail;
	}
	return 0;
fail:
	free(*tmp);
	*tmp = NULL;
	return -1;
}

/* Put the written temporary file tmp in place as path: with noreplace,
 * link() so that a file there (or one that appeared meanwhile) is never
 * replaced (a check then rename where the file system has no hard
 * links). Returns 1 if placed, 0 if a file was there, -1 (errno). */
static int
dl_file_place(const char *tmp, const char *path, int noreplace)
{
	struct stat	 st;

	if (!noreplace)
		return rename(tmp, path) == 0 ? 1 : -1;
	if (link(tmp, path) == 0)
		return 1;
	if (errno == EEXIST)
		return 0;
	if (errno != EPERM && errno != EOPNOTSUPP && errno != ENOTSUP &&
	    errno != ENOSYS)
		return -1;
	if (lstat(path, &st) == 0)
		return 0;
	return rename(tmp, path) == 0 ? 1 : -1;
}

/* Make a rename in the folder of path durable; a failure only loses
 * that guarantee. */
static void
dl_file_sync_dir(const char *path)
{
	const char	*slash = strrchr(path, '/');
	char		*dir;
	int		 fd;

	dir = slash == NULL ? dl_strdup(".") :
	    dl_strndup(path, slash == path ? 1 : (size_t)(slash - path));
	if ((fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) != -1) {
		fsync(fd);
		close(fd);
	}
	free(dir);
}

int
dl_file_write_atomic(const char *path, const char *data, size_t len,
    mode_t mode, int flags, struct dl_err *err)
{
	struct stat	 st;
	char		*tmp;
	int		 rc;

	if (stat(path, &st) == 0)
		mode = st.st_mode & 07777;
	if (dl_file_write_tmp(path, data, len, mode, &tmp, err) == -1)
		return -1;
	if ((rc = dl_file_place(tmp, path, flags & DL_FILE_NOREPLACE)) == -1)
		dl_err_set(err, "%s: %s", path, strerror(errno));
	else if (rc == 1)
		dl_file_sync_dir(path);
	/* link() leaves tmp behind; so does a failure. */
	if (rc != 1 || (flags & DL_FILE_NOREPLACE))
		unlink(tmp);
	free(tmp);
	return rc;
}

/* Give tmp the name "stem.md", else "stem-2.md", "stem-3.md" ...: never
 * over an existing file. The name in *name. */
static int
dl_file_place_new(const char *tmp, const char *stem, char **name,
    struct dl_err *err)
{
	int	 k, rc;

	for (k = 1; k <= DL_FILE_SUFFIX_MAX; k++) {
		*name = k == 1 ? dl_printf("%s.md", stem) :
		    dl_printf("%s-%d.md", stem, k);
		if ((rc = dl_file_place(tmp, *name, 1)) == 1)
			return 0;
		if (rc == -1) {
			dl_err_set(err, "%s: %s", *name, strerror(errno));
			break;
		}
		free(*name);
		*name = NULL;
	}
	if (k > DL_FILE_SUFFIX_MAX)
		dl_err_set(err, "%s.md: %d files of that name exist already",
		    stem, DL_FILE_SUFFIX_MAX);
	free(*name);
	*name = NULL;
	return -1;
}

/* Write text through path, which is not a regular file (a device, a
 * FIFO, a symbolic link such as /dev/stdout): opened and written as it
 * is, never replaced. 0, or -1 with err set. */
static int
dl_file_write_through(const char *path, const char *text,
    struct dl_err *err)
{
	size_t	 len = strlen(text), off = 0;
	ssize_t	 w = 0;
	int	 fd;

	if ((fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC,
	    0666)) == -1) {
		dl_err_set(err, "%s: %s", path, strerror(errno));
		return -1;
	}
	while (off < len && ((w = write(fd, text + off, len - off)) > 0 ||
	    (w == -1 && errno == EINTR)))
		off += w > 0 ? (size_t)w : 0;
	if (off < len || close(fd) == -1) {
		dl_err_set(err, "%s: %s", path, strerror(errno));
		if (off < len)
			close(fd);
		return -1;
	}
	return 0;
}

int
dl_file_save(const char *path, const char *stem, const char *text,
    char **written, struct dl_err *err)
{
	struct stat	 st;
	char		*tmp = NULL;
	int		 rc;

	*written = NULL;
	if (path != NULL && lstat(path, &st) == 0 && !S_ISREG(st.st_mode))
		return dl_file_write_through(path, text, err);
	if (path != NULL) {
		if ((rc = dl_file_write_atomic(path, text, strlen(text), 0, 0,
		    err)) == 1)
			*written = dl_strdup(path);
		return rc == 1 ? 0 : -1;
	}
	if (dl_file_write_tmp("x", text, strlen(text), 0, &tmp, err) == -1)
		return -1;
	rc = dl_file_place_new(tmp, stem, written, err);
	unlink(tmp);	/* still there after link(), or a failure */
	free(tmp);
	return rc;
}
