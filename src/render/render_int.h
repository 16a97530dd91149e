/* render_int.h: what the files of the render module share: the state of
 * one layout (render.c), the terminal-safe UTF-8 reader (render_clean.c)
 * and the table row's cells (render_table.c). Not for other modules. */
#ifndef RENDER_INT_H
#define RENDER_INT_H

#include <stddef.h>
#include <stdint.h>

#include "dl.h"
#include "html.h"
#include "render.h"

#define RENDER_MAX_DEPTH	16
#define RENDER_CAP		(512u * 1024 * 1024)

/* Most columns laid out as a table; wider tables go row by row. */
#define RENDER_TABLE_COLS	32

/* A growing array of runs. */
struct render_runs {
	struct render_run	*v;
	size_t			 n;
	size_t			 cap;
};

/* The layout of one document. */
struct render_ctx {
	const struct html_doc	*doc;
	struct render_out	*out;
	int			 width;
	int			*linkno;	/* per doc url; 0 unnumbered */
	struct dl_buf		 ct;		/* the block's clean text */
	struct render_runs	 cruns;		/* its styles (off, flags) */
	int			 cols[RENDER_MAX_DEPTH + 1];
	size_t			 blockno;	/* the block laid out */
	size_t			 srcoff;	/* where its next line starts */

	/* The block's indentation. */
	int			 quote;
	int			 indent;
	char			 marker[16];
	int			 markerw;
	int			 first;		/* next line shows the marker */
	unsigned int		 base;		/* flags of the whole block */
	int			 avail;		/* columns for text */
	int			 maxw;		/* widest text line */
};

/* A UTF-8 reader that yields only what may reach a terminal. */
struct render_dec {
	const char		*s;
	size_t			 len;
	size_t			 i;
};

/* render_clean.c */
/* The next code point of d that may be shown (tab and newline included),
 * or -1 at the end; *at is where its bytes began. */
int64_t	 render_dec_next(struct render_dec *d, size_t *at);

/* render.c: the pieces of a layout the table uses. */
size_t	 render_block_text(struct render_ctx *c, const struct html_block *b);
void	 render_indent(struct render_ctx *c, const struct html_block *b);
void	 render_prefix(struct render_ctx *c);
void	 render_line_add(struct render_ctx *c, const char *p, size_t n,
	     unsigned int flags, int link);
void	 render_line_end(struct render_ctx *c);
void	 render_emit_part(struct render_ctx *c, size_t a, size_t b,
	     size_t *ri);
void	 render_block(struct render_ctx *c, const struct html_block *b);

/* render_table.c */
/* The cells of a table row's text d (len bytes, NUL-terminated), split
 * at HTML_CELL_SEP: their starts and ends, at most RENDER_TABLE_COLS;
 * returns the count (RENDER_TABLE_COLS + 1 when there are more), 0 when
 * every cell is empty. */
size_t	 render_row_cells(const char *d, size_t len, size_t *start,
	     size_t *end);
/* The table whose first row is doc block i, laid out; returns the number
 * of blocks used. */
size_t	 render_table(struct render_ctx *c, size_t i);

#endif
