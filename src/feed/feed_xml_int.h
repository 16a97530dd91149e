/* feed_xml_int.h: shared between the files of the XML reader (feed_xml*.c). */
#ifndef FEED_XML_INT_H
#define FEED_XML_INT_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

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

/* Repair filter states. */
enum feed_xml_fstate {
	FEED_XML_F_PRE = 0,	/* before the root: skip to '<' */
	FEED_XML_F_PI,	/* inside <?...?> before the root: skip */
	FEED_XML_F_BODY,
	FEED_XML_F_CDATA
};

#define FEED_XML_CARRY_MAX	64
/* How close to the end of a chunk a '<' is carried to the next one:
 * "<![CDATA[" and "<entry" with the byte after it must be seen whole. */
#define FEED_XML_LT_TAIL	9
#define FEED_XML_ENTITY_MAX	40

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

/* The fast path: an item that uses only plain XML (elements, attributes,
 * text, CDATA, the five predefined and numeric references) is read by a
 * strict tokenizer of ours, which gives the handlers exactly the calls
 * expat would; anything else goes to expat. The item is tokenized whole
 * into events before any is replayed, so giving up costs no state. */
#define FEED_XML_FAST_DEPTH	32
#define FEED_XML_FAST_ATTS	32

struct feed_xml_fev {
	unsigned	 kind;
	unsigned	 natts;
	size_t		 off;
	size_t		 len;
};

struct feed_xml_fast {
	const char	*s;		/* the item being tokenized */
	size_t		 n, i;
	struct feed_xml_fev *ev;
	size_t		 nev, aev;
	char		*out;		/* names, values, decoded text */
	size_t		 nout, aout;
	size_t		 open[FEED_XML_FAST_DEPTH];	/* names in out */
	size_t		 openlen[FEED_XML_FAST_DEPTH];
	int		 depth;
};

struct feed_xml {
	XML_Parser	 xp;		/* the one parsing: main or an item's */
	XML_Parser	 main;
	XML_Parser	 item_xp;	/* reused for each item */
	unsigned long	 item_salt;	/* its hash salt, drawn once */
	int		 named_left;	/* the filter let an &unknown; by */
	int		 wrap_depth;	/* depth of a batch's wrapper, or 0 */
	int		 batch_off;	/* the next item goes alone */
	long long	 fed;		/* bytes given to main */
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
	struct dl_buf	 fout;		/* repaired copy, when one is needed */
	struct dl_buf	 scratch;	/* carry + chunk */
	unsigned long	 skip_lines;	/* newlines dropped before the root */
	unsigned long	 in_line;	/* position of the chunk's start, */
	unsigned long	 in_col;	/* kept until the first warning */

	/* An item gathered to be parsed on its own. */
	int		 seg_on;
	const char	*seg_tag;	/* "item" or "entry" */
	size_t		 seg_taglen;
	struct dl_buf	 seg;
	size_t		 seg_i;		/* scanned up to here */
	const char	*seg_skip;	/* "]]>" or "-->" while inside */
	unsigned long	 seg_line;	/* where it starts */
	unsigned long	 seg_col;
	unsigned long	 seg_pline;	/* the same, as main counts */
	unsigned long	 seg_pcol;
	unsigned long	 adj_line;	/* main's line after the last one, */
	unsigned long	 adj_col;	/* and what its columns lack */

	/* The fast path (on unless feed_xml_set_fast turned it off). */
	int		 fast_on;
	size_t		 fast_items;	/* items it took */
	struct feed_xml_fast	 fast;

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
};

/* feed_xml.c */
const char *feed_xml_attr(const XML_Char **atts, const char *name);
int	 feed_xml_streq(const char *a, const char *b);
void	 feed_xml_pos(struct feed_xml *x, unsigned long *line,
	     unsigned long *col);
void	 feed_xml_warn_at(struct feed_xml *x, unsigned long line,
	     unsigned long col, const char *reason);
void	 feed_xml_warn(struct feed_xml *x, const char *reason);
void	 feed_xml_lines_advance(struct feed_xml *x, const char *s, size_t n);
int	 feed_xml_parse(struct feed_xml *x, const char *s, size_t n, int final);
void	 feed_xml_expat_setup(XML_Parser xp, struct feed_xml *x, int dtd);
XML_Parser feed_xml_expat_new(struct feed_xml *x, int dtd);

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
int	 feed_xml_xml_char(uint32_t c);
int	 feed_xml_digit(unsigned char c, int hex);
int	 feed_xml_name_char(unsigned char c, int first);
int	 feed_xml_xml5(const char *name, size_t len);
int	 feed_xml_filter(struct feed_xml *x, const char *s, size_t n,
	     int final);

/* feed_xml_seg.c */
void	 feed_xml_seg_skipped(struct feed_xml *x, const char *s, size_t n);
int	 feed_xml_seg_expat(struct feed_xml *x, const char *b, size_t n);
int	 feed_xml_route(struct feed_xml *x, const char *s, size_t n, int final);

/* feed_xml_fast.c */
int	 feed_xml_fast_item(struct feed_xml *x, const char *b, size_t n);
ssize_t	 feed_xml_fast_batch(struct feed_xml *x, const char *s,
	     const size_t *starts, const size_t *ends, size_t cnt);

#endif
