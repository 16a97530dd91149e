/* feed_xml_int.h: shared between the files of the XML reader (feed_xml*.c). */
#ifndef FEED_XML_INT_H
#define FEED_XML_INT_H

#include <stddef.h>
#include <stdint.h>

#include <expat.h>

#include "dl.h"
#include "feed_int.h"

enum feed_xml_ns {
	FEED_XML_NS_NONE = 0,
	FEED_XML_NS_OTHER,
	FEED_XML_NS_RSS,
	FEED_XML_NS_RSS090,
	FEED_XML_NS_RSS10,
	FEED_XML_NS_ATOM,
	FEED_XML_NS_ATOM03,
	FEED_XML_NS_RDF,
	FEED_XML_NS_DC,
	FEED_XML_NS_DCTERMS,
	FEED_XML_NS_CONTENT,
	FEED_XML_NS_MEDIA,
	FEED_XML_NS_XHTML,
	FEED_XML_NS_ITUNES,
	FEED_XML_NS_CDF		/* CDF's elements: no namespace, upper case */
};

enum feed_xml_tag {
	FEED_XML_T_NONE = 0,
	FEED_XML_T_CHANNEL,
	FEED_XML_T_ITEM,
	FEED_XML_T_SKIP,
	FEED_XML_T_TITLE,
	FEED_XML_T_LINK,
	FEED_XML_T_ATOMLINK,
	FEED_XML_T_SUMMARY,
	FEED_XML_T_CONTENT,
	FEED_XML_T_ID,
	FEED_XML_T_GUID,
	FEED_XML_T_AUTHOR,
	FEED_XML_T_ATOMAUTHOR,
	FEED_XML_T_NAME,
	FEED_XML_T_EMAIL,
	FEED_XML_T_PUBLISHED,
	FEED_XML_T_UPDATED,
	FEED_XML_T_LASTBUILD,
	FEED_XML_T_CATEGORY,
	FEED_XML_T_ATOMCATEGORY,
	FEED_XML_T_ENCLOSURE,
	FEED_XML_T_MEDIACONTENT,
	FEED_XML_T_MEDIAGROUP,
	FEED_XML_T_LANGUAGE,
	FEED_XML_T_SUBTITLE,
	FEED_XML_T_WTITLE,	/* fallbacks: used when the core one is */
	FEED_XML_T_WSUMMARY,	/* missing (dc:, media:, itunes:) */
	FEED_XML_T_WAUTHOR,
	FEED_XML_T_KEYWORDS,	/* categories separated by commas */
	FEED_XML_T_CATTEXT	/* a category in a text="" attribute */
};

/* Repair filter states: what the byte being read is inside of. The
 * repairs apply to markup and text (FEED_XML_F_BODY) only. */
enum feed_xml_fstate {
	FEED_XML_F_PRE = 0,	/* before the root: skip to '<' */
	FEED_XML_F_PREPI,	/* inside <?...?> before the root: skip */
	FEED_XML_F_BODY,
	FEED_XML_F_CDATA,	/* <![CDATA[ ... ]]> */
	FEED_XML_F_COMMENT,	/* <!-- ... --> */
	FEED_XML_F_PI		/* <? ... ?> */
};

#define FEED_XML_CARRY_MAX	64
/* Repairs in a chunk whose places are kept (feed_xml_raw.c) */
#define FEED_XML_ANCHORS	8
#define FEED_XML_ENTITY_MAX	40
/* Element names kept for recovery (longer ones: no recovery). */
#define FEED_XML_NAME_MAX	64
/* The parser reads at most so many bytes per call, so that resuming
 * after an error copies a bounded rest (expat copies what it is given),
 * and expat's buffer stays at 16 KB: a refresh has a parser, and its
 * buffer, for each feed being read (32 KB pieces grew them to 64 KB, no
 * faster). */
#define FEED_XML_PIECE		(8u * 1024)

struct feed_xml_nsdecl {
	char		*prefix;	/* "" for the default namespace */
	int		 ns;
	int		 depth;
};

struct feed_xml_base {
	char		*url;
	int		 depth;
};

/* Element names already looked up, while the namespaces in scope stay the
 * same: a feed repeats a dozen names, and resolving the prefix and
 * searching the table was most of the start handler. */
#define FEED_XML_MEMO		64
#define FEED_XML_MEMO_NAME	24

struct feed_xml_memo {
	char		 name[FEED_XML_MEMO_NAME];	/* "" if unused */
	unsigned char	 tag;
	unsigned char	 family;
};

struct feed_xml {
	XML_Parser	 xp;		/* NULL while looking for an item */
	const struct feed_callbacks *cb;
	void		*ctx;
	const char	*base_url;
	struct feed_info *info;
	size_t		*count;
	int		 info_sent;

	/* The repair filter. */
	enum feed_xml_fstate	 fstate;
	int		 need;		/* the chunk ended mid-lookahead */
	int		 pi_q;		/* last byte was '?' in <?...?> */
	int		 seen_lt;
	int		 pre_ws;
	char		 carry[FEED_XML_CARRY_MAX];
	size_t		 ncarry;
	size_t		 flushed;	/* input accounted for in this chunk */
	size_t		 u8_ok;		/* bytes of the chunk of good UTF-8 */
	struct dl_buf	 fout;		/* repaired copy, when one is needed */
	struct dl_buf	 scratch;	/* carry + chunk */
	unsigned long	 skip_lines;	/* newlines dropped before the root */
	unsigned long	 in_line;	/* position of the chunk's start, */
	unsigned long	 in_col;	/* kept until the first warning */
	int		 in_cr;		/* (see feed_xml_advance) */
	int		 skip_cr;

	/* Recovery (feed_xml_resume.c): after a fatal error the reading
	 * goes on at the next item's start tag, with a new parser primed
	 * with the start tags of the item's ancestors. */
	char		 anc[2][FEED_XML_NAME_MAX];	/* depths 1 and 2 */
	char		 item_name[FEED_XML_NAME_MAX];	/* as written */
	int		 item_level;	/* depth of the items, once seen */
	int		 priming;	/* events are the ancestors' tags */
	int		 syncing;	/* looking for the next item */
	size_t		 sync_match;	/* bytes of "<item" matched */
	int		 resumed;	/* positions count from res_* */
	unsigned long	 res_line;	/* where the parser's text starts */
	unsigned long	 res_col;	/* (0-based) in the document */
	int		 res_cr;
	unsigned long	 prime_cols;	/* columns of the priming tags */
	long long	 prime_bytes;	/* and their bytes */

	/* Raw reading (feed_xml_raw.c): from an item on, the bytes go to a
	 * parser of their own without the filter while expat takes them as
	 * they are; where it does not, they are read again through the
	 * filter from the last safe point (an item's start tag, or the end
	 * of an element between items). Offsets count input bytes. */
	int		 raw;		/* x->xp reads unfiltered bytes */
	int		 raw_off;	/* the caller said no (tests) */
	int		 raw_never;	/* a DOCTYPE, or raw reading ended */
	int		 raw_used;	/* raw reading started once */
	long long	 in_total;	/* input bytes before this feed call */
	const char	*f_s;		/* the filter's chunk */
	size_t		 f_n;
	long long	 f_abs;		/* its input offset, -1 if it is no
					 * slice of the input */
	size_t		 f_out[FEED_XML_ANCHORS];	/* after a repair, */
	size_t		 f_in[FEED_XML_ANCHORS];	/* out maps to in */
	int		 f_nanchor;
	int		 f_lost;	/* anchors before f_out[0] let go */
	const char	*call_s;	/* feed_xml_parse's bytes */
	const char	*call_end;
	long long	 call_abs;	/* input offset of call_s[0] (raw) */
	long long	 call_fed;	/* the parser's offset of call_s[0] */
	long long	 fed;		/* bytes this parser has been given */
	long long	 switch_at;	/* raw reading starts here, or -1 */
	long long	 switch_idx;	/* (the filtered parser's offset) */
	unsigned long	 switch_line;	/* at this position (col 0-based) */
	unsigned long	 switch_col;
	long long	 raw_base;	/* input offset of the raw parser's
					 * first byte after its priming */
	long long	 safe;		/* the last safe point */
	int		 safe_depth;	/* the depth there */
	unsigned long	 safe_line;	/* its position (column 0-based) */
	unsigned long	 safe_col;
	struct dl_buf	 keep;		/* input from keep_abs, while raw */
	long long	 keep_abs;
	int		 keep_lost;	/* the safe point's bytes are gone */
	const char	*back;		/* after an error: the input from the */
	size_t		 nback;		/* safe point, to read again */

	/* Where we are in the tree. */
	int		 depth;
	int		 family;	/* FEED_XML_NS_RSS or _ATOM */
	int		 root_done;
	int		 chan_depth;
	int		 item_depth;
	int		 skip_depth;
	int		 author_depth;
	int		 group_depth;
	struct feed_xml_nsdecl *ns;
	size_t		 nns, ans;
	struct feed_xml_base	*bases;
	size_t		 nbases, abases;
	int		 lang_from_attr;
	int		 info_link_prio;
	struct feed_xml_memo	 memo[FEED_XML_MEMO];

	/* The element whose text is being collected. */
	int		 cap_depth;
	int		 cap_tag;
	int		 cap_type;
	int		 cap_b64;
	int		 cap_div_depth;
	int		 cap_permalink;
	struct dl_buf	 text;

	/* The item being read. */
	struct feed_item item;
	int		 item_link_prio;
	int		 item_id_about;
	int		 item_permalink;
	char		*author_name;
	char		*author_email;
	/* Fallbacks (dc:title, media:description, itunes:author ...) for
	 * the item (w_title, w_summary, w_author) and the feed. */
	char		*w_title;
	char		*w_summary;
	char		*w_author;
	char		*w_content;	/* a second summary, when no content */
	char		*w_ftitle;
	char		*w_fdesc;
	int		 cap_link_prio;	/* an Atom link's text: its priority */

	/* Outcome. */
	int		 dead;		/* expat gave up */
	int		 fatal;		/* not a feed: no recovery */
	int		 have_err;
	struct dl_err	 err;
	int		 have_warn;
	struct dl_err	 warn;
	/* The filter reads a chunk before expat does: its warning waits
	 * until the parser has read past the byte it is about (so that
	 * warnings come in the document's order, and bytes after the root,
	 * which are ignored, give none, however the input was cut). */
	int		 fw_pending;
	long long	 fw_at;		/* the parser's offset of the byte */
	struct dl_err	 fw_msg;
};

/* feed_xml.c */
const char *feed_xml_attr(const XML_Char **atts, const char *name);
int	 feed_xml_streq(const char *a, const char *b);
void	 feed_xml_pos(struct feed_xml *x, unsigned long *line,
	     unsigned long *col);
void	 feed_xml_warn_at(struct feed_xml *x, unsigned long line,
	     unsigned long col, const char *reason);
void	 feed_xml_warn(struct feed_xml *x, const char *reason);
void	 feed_xml_warn_settle(struct feed_xml *x, long long read,
	     int strict);
unsigned long feed_xml_chars(const char *s, size_t n);
void	 feed_xml_advance(const char *s, size_t n, unsigned long *line,
	     unsigned long *col, int *cr);
void	 feed_xml_lines_advance(struct feed_xml *x, const char *s, size_t n);
int	 feed_xml_parse(struct feed_xml *x, const char *s, size_t n, int final);
void	 feed_xml_expat_error(struct feed_xml *x, int final,
	     const char *suffix);
XML_Parser feed_xml_expat_new(struct feed_xml *x, int raw);

/* feed_xml_ns.c */
int	 feed_xml_ns_lookup(struct feed_xml *x, const char *prefix, size_t len);
int	 feed_xml_ns_resolve(struct feed_xml *x, const char *name,
	     const char **local);
const char *feed_xml_base(struct feed_xml *x);
void	 feed_xml_scope_pop(struct feed_xml *x);
void	 feed_xml_set_lang(struct feed_xml *x, const char *lang, int from_attr);
void	 feed_xml_scope_push(struct feed_xml *x, const XML_Char **atts);
char	*feed_xml_url(struct feed_xml *x, const char *s, size_t n);
int	 feed_xml_tag_lookup(struct feed_xml *x, const char *name, int *family);

/* feed_xml_handlers.c */
int	 feed_xml_isspace(char c);
char	*feed_xml_dup(const char *s, size_t n);
void	 feed_xml_info_send(struct feed_xml *x);
void	 feed_xml_weak_clear(struct feed_xml *x, int feed);
void XMLCALL feed_xml_chardata(void *ud, const XML_Char *s, int len);
void XMLCALL feed_xml_skipped(void *ud, const XML_Char *name,
	     int is_parameter_entity);
void XMLCALL feed_xml_start(void *ud, const XML_Char *name,
	     const XML_Char **atts);
void XMLCALL feed_xml_end(void *ud, const XML_Char *name);
int XMLCALL feed_xml_extref(XML_Parser xp, const XML_Char *context,
	     const XML_Char *base, const XML_Char *sysid,
	     const XML_Char *pubid);

/* feed_xml_filter.c */
int	 feed_xml_filter(struct feed_xml *x, const char *s, size_t n,
	     int final);
unsigned long feed_xml_count_lines(const char *s, size_t n);

/* feed_xml_raw.c */
/* Input kept while raw, from the last safe point: past this, it is let
 * go (an error before the next safe point then skips the item, as
 * feed_xml_resume does, instead of reading it again through the filter). */
#define FEED_XML_KEEP_MAX	(1024u * 1024)
void	 feed_xml_raw_item(struct feed_xml *x);
void XMLCALL feed_xml_raw_end(void *ud, const XML_Char *name);
int	 feed_xml_raw_error(struct feed_xml *x, int final);
int	 feed_xml_raw_can_back(struct feed_xml *x);
void	 feed_xml_raw_keep(struct feed_xml *x);
void	 feed_xml_raw_root_end(struct feed_xml *x);
void XMLCALL feed_xml_doctype(void *ud, const XML_Char *name,
	     const XML_Char *sysid, const XML_Char *pubid, int has_internal);

/* feed_xml_resume.c */
int	 feed_xml_resume_level(const struct feed_xml *x);
void	 feed_xml_resume_reset(struct feed_xml *x, int depth);
void	 feed_xml_prime(struct feed_xml *x, int depth, int raw);
void XMLCALL feed_xml_resume_start(void *ud, const XML_Char *name,
	     const XML_Char **atts);
int	 feed_xml_resume(struct feed_xml *x);
size_t	 feed_xml_resume_skip(struct feed_xml *x, const char *s, size_t n);

#endif
