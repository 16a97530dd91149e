/* render_table.c: a table's rows (consecutive HTML_ROW blocks) in
 * aligned columns padded to their widest cell in display columns when
 * they fit the width, else row after row as paragraphs; and the split of
 * a row's text into cells, which the Markdown export shares. */
#include "config.h"

#include <string.h>

#include "dl.h"
#include "html.h"
#include "render.h"
#include "render/render_int.h"

/* A table's column widths. */
struct render_table {
	int	 colw[RENDER_TABLE_COLS];
	size_t	 ncols;
};

/* A cell [a, e) into start and end, unless there are too many. */
static void
render_cell_add(size_t *start, size_t *end, size_t *n, size_t a, size_t e)
{
	if (*n < RENDER_TABLE_COLS) {
		start[*n] = a;
		end[*n] = e;
	}
	(*n)++;
}

/* The cells of a table row's text d (len bytes, NUL-terminated), split
 * at HTML_CELL_SEP; a separator at the very end, its space trimmed with
 * the row's, still ends a cell. Their starts and ends, at most
 * RENDER_TABLE_COLS; returns the count (RENDER_TABLE_COLS + 1 when there
 * are more), 0 when every cell is empty. */
size_t
render_row_cells(const char *d, size_t len, size_t *start, size_t *end)
{
	const size_t	 sl = strlen(HTML_CELL_SEP);
	const char	*p;
	size_t		 n = 0, at = 0, k, e;

	while (n <= RENDER_TABLE_COLS) {
		p = strstr(d + at, HTML_CELL_SEP);
		e = p != NULL ? (size_t)(p - d) : len;
		if (p == NULL && len >= at + sl - 1 &&
		    memcmp(d + len - (sl - 1), HTML_CELL_SEP, sl - 1) == 0) {
			render_cell_add(start, end, &n, at, len - (sl - 1));
			render_cell_add(start, end, &n, len, len);
			break;
		}
		render_cell_add(start, end, &n, at, e);
		if (p == NULL)
			break;
		at = e + sl;
	}
	for (k = 0; k < n && k < RENDER_TABLE_COLS; k++)
		if (end[k] > start[k])
			return n;
	return 0;
}

/* The cells of the row in c->ct, as render_row_cells. */
static size_t
render_cells(const struct render_ctx *c, size_t *start, size_t *end)
{
	if (c->ct.len == 0)
		return 0;
	return render_row_cells(c->ct.data, c->ct.len, start, end);
}

/* The widest cell of each column of rows; 0 if the table fits in the
 * width left by the first row's indentation, -1 if it cannot be laid
 * out as a table (too wide, too many columns, a line break in a cell). */
static int
render_table_measure(struct render_ctx *c, const struct html_block *rows,
    size_t n, struct render_table *t)
{
	size_t	 start[RENDER_TABLE_COLS], end[RENDER_TABLE_COLS], i, k, nc;
	int	 w, total = 0;

	memset(t, 0, sizeof *t);
	render_indent(c, &rows[0]);
	for (i = 0; i < n; i++) {
		render_block_text(c, &rows[i]);
		nc = render_cells(c, start, end);
		if (nc > RENDER_TABLE_COLS || (c->ct.len > 0 &&
		    memchr(c->ct.data, '\n', c->ct.len) != NULL))
			return -1;
		for (k = 0; k < nc; k++) {
			w = render_width(c->ct.data + start[k],
			    end[k] - start[k]);
			if (w > t->colw[k])
				t->colw[k] = w;
		}
		if (nc > t->ncols)
			t->ncols = nc;
	}
	for (k = 0; k < t->ncols; k++)
		total += t->colw[k] + (k > 0 ? 3 : 0);
	return total <= c->avail ? 0 : -1;
}

/* One row in the table's columns: each cell padded to its column's
 * width, but the last. */
static void
render_table_row(struct render_ctx *c, const struct html_block *b,
    const struct render_table *t)
{
	size_t	 start[RENDER_TABLE_COLS], end[RENDER_TABLE_COLS], k, nc;
	size_t	 ri = 0;
	int	 w;

	render_block_text(c, b);
	if ((nc = render_cells(c, start, end)) == 0)
		return;
	render_indent(c, b);
	c->base = 0;
	c->srcoff = 0;
	render_prefix(c);
	for (k = 0; k < nc; k++) {
		render_emit_part(c, start[k], end[k], &ri);
		if (k + 1 == nc)
			break;
		w = render_width(c->ct.data + start[k], end[k] - start[k]);
		for (; w < t->colw[k]; w++)
			render_line_add(c, " ", 1, 0, 0);
		render_emit_part(c, end[k], start[k + 1], &ri);
	}
	render_line_end(c);
}

/* The table whose first row is doc block i: the rows that follow with
 * the same quote and list depth, in aligned columns when they fit, else
 * each row on lines of its own. Returns the number of blocks used. */
size_t
render_table(struct render_ctx *c, size_t i)
{
	const struct html_block	*rows = &c->doc->blocks[i];
	struct render_table	 t;
	size_t			 n = 1, k;

	while (i + n < c->doc->nblocks && rows[n].kind == HTML_ROW &&
	    rows[n].quote == rows[0].quote && rows[n].list == rows[0].list)
		n++;
	if (render_table_measure(c, rows, n, &t) == 0) {
		for (k = 0; k < n; k++) {
			c->blockno = i + k;
			render_table_row(c, &rows[k], &t);
		}
		return n;
	}
	for (k = 0; k < n; k++) {
		c->blockno = i + k;
		c->srcoff = 0;
		if (render_block_text(c, &rows[k]) > 0)
			render_block(c, &rows[k]);
	}
	return n;
}
