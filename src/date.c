/* date.c: reads the dates feeds carry (RFC 822/1123/2822 and their wild
 * deviations; RFC 3339, ISO 8601 and W3C-DTF) into seconds since the epoch
 * and writes RFC 3339 UTC, with Howard Hinnant's days-from-civil arithmetic
 * instead of mktime/timegm/strptime, so nothing depends on TZ, the locale
 * or other threads, and nothing is allocated.
 *
 * Choices on input the specs leave open (tests/test_date.c has rows for
 * each):
 * - No zone means UTC, in both families.
 * - Two-digit years follow RFC 2822 4.3: 00-49 are 20xx, 50-99 are 19xx,
 *   in ISO 8601's two-digit forms too. One-, three- and five-digit years
 *   are not read; four-digit years from 0001 to 9999 are, in the local
 *   time and in UTC, except 0001-01-01 (.NET's and Go's zero time, which
 *   programs write for "no date").
 * - The weekday is skipped and never checked: feeds get it wrong often.
 * - An RFC 822 date without a time ("22 Sep 2023") is midnight UTC, as an
 *   ISO 8601 date without one is.
 * - "24:00" and "24:00:00" are the end of that day, that is midnight of the
 *   next (ISO 8601 4.2.3); any other hour 24 is refused.
 * - Second 60 (a leap second) is read as 59; fractions of a second are
 *   dropped, not rounded.
 * - "AM"/"PM" after an RFC 822 time make it a 12-hour clock (1-12 only).
 * - "GMT+0900" / "UTC+09:00" mean +0900, as JavaScript's Date.toString
 *   writes them. Text after a zone is ignored ("(PDT)", "+0900 (KST)");
 *   a comment in place of a zone is read if it holds a name we know, and
 *   otherwise skipped (no zone: UTC). An unknown zone name is refused.
 * - ISO 8601 allows extended dates with one-digit month or day
 *   ("2023-9-2"), ordinal dates ("2023-265"), a zone name after a space
 *   ("2023-09-22 05:48:21 UTC", as Ruby and SQL dumps write) and an RFC
 *   9557 suffix ("+09:00[Asia/Seoul]", as Java writes; the offset rules).
 *   Week dates and any other trailing text are refused. ISO 8601:1988's
 *   forms with the century left out are read ("-0312", "-03-12", "031231",
 *   "03-335"); the ones without a year ("--12-31") are not, as they need
 *   today's date. Month names may stand for the month ("2004-július-13").
 * - Month names: English, Hungarian and Greek; weekdays English and Greek.
 * - Zones without S/D (AT ET CT MT PT) are standard time; IANA names are
 *   read only for zones without DST ("Etc/GMT", "Asia/Seoul").
 * - "2006/09/15" (year first, Perforce) is read; "22/09/2023" is not.
 * - Korean, Japanese and Chinese dates: see date_parse_cjk (no zone means
 *   +0900 with Korean or Japanese words, +0800 with Chinese ones alone);
 *   years may count from Japan's eras or Taiwan's 民國.
 * date_parse tries the formats of date_formats in turn. */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "date.h"

#define DATE_DAY	86400
/* 0000-01-01T00:00:00Z and 9999-12-31T23:59:59Z. */
#define DATE_FORMAT_MIN	(-62167219200LL)
#define DATE_FORMAT_MAX	253402300799LL
/* 0001-01-01T00:00:00Z, the first instant a parse may return. */
#define DATE_PARSE_MIN	(-62135596800LL)

/* A date being read; off is in minutes east of UTC. */
struct date_tm {
	int	year, mon, day, hour, min, sec;
	int	off;
};

/* Named zones, in minutes east of UTC. The RFC 822 names keep their RFC
 * 822 meaning (CST is US Central, not China Standard Time). Of the names
 * used for more than one zone we take the one our readers meet most:
 * IST is India (+0530), BST is British Summer Time (+0100). AST is left
 * out: Atlantic (-0400) and Arabia (+0300) are both common.
 *
 *   name               offset  zone
 *   UT UTC GMT Z       +0000   universal time (Z: see date_zone_military)
 *   WET                +0000   Western European
 *   WEST BST           +0100   Western European Summer, British Summer
 *   CET MET            +0100   Central European
 *   CEST MEST          +0200   Central European Summer
 *   EET                +0200   Eastern European
 *   EEST MSK           +0300   Eastern European Summer, Moscow
 *   PKT                +0500   Pakistan
 *   IST                +0530   India
 *   ICT WIB            +0700   Indochina, Western Indonesia
 *   SGT HKT PHT AWST   +0800   Singapore, Hong Kong, Philippines,
 *                              Western Australia
 *   JST KST            +0900   Japan, Korea
 *   ACST               +0930   Australian Central
 *   AEST               +1000   Australian Eastern
 *   ACDT               +1030   Australian Central Daylight
 *   AEDT               +1100   Australian Eastern Daylight
 *   NZST NZDT          +1200 +1300  New Zealand, and Daylight
 *   HST                -1000   Hawaii
 *   AKST AKDT          -0900 -0800  Alaska
 *   PST PDT            -0800 -0700  US Pacific (RFC 822)
 *   MST MDT            -0700 -0600  US Mountain (RFC 822)
 *   CST CDT            -0600 -0500  US Central (RFC 822)
 *   EST EDT            -0500 -0400  US Eastern (RFC 822)
 *   AT ET CT MT PT     -0400 ... -0800  US zones without S/D, read as
 *                              standard time (Atlantic to Pacific)
 */
struct date_zone_name {
	const char	*name;
	int		 off;
};

static const struct date_zone_name date_zones[] = {
	{ "UT", 0 }, { "UTC", 0 }, { "GMT", 0 }, { "WET", 0 },
	{ "WEST", 60 }, { "BST", 60 }, { "CET", 60 }, { "MET", 60 },
	{ "CEST", 120 }, { "MEST", 120 }, { "EET", 120 },
	{ "EEST", 180 }, { "MSK", 180 }, { "PKT", 300 }, { "IST", 330 },
	{ "ICT", 420 }, { "WIB", 420 },
	{ "SGT", 480 }, { "HKT", 480 }, { "PHT", 480 }, { "AWST", 480 },
	{ "JST", 540 }, { "KST", 540 }, { "ACST", 570 }, { "AEST", 600 },
	{ "ACDT", 630 }, { "AEDT", 660 }, { "NZST", 720 }, { "NZDT", 780 },
	{ "HST", -600 }, { "AKST", -540 }, { "AKDT", -480 },
	{ "PST", -480 }, { "PDT", -420 }, { "MST", -420 }, { "MDT", -360 },
	{ "CST", -360 }, { "CDT", -300 }, { "EST", -300 }, { "EDT", -240 },
	{ "AT", -240 }, { "ET", -300 }, { "CT", -360 }, { "MT", -420 },
	{ "PT", -480 },
};

/* IANA zone names whose offset has no daylight saving time, so a name
 * alone gives it ("Etc/GMT", "Asia/Seoul"); names of zones with DST are
 * refused, as their offset needs the tz database. "Etc/GMT+5" is read
 * by date_zone_etc with POSIX's inverted sign. */
static const struct date_zone_name date_iana_zones[] = {
	{ "Etc/GMT", 0 }, { "Etc/UTC", 0 }, { "Etc/UCT", 0 },
	{ "Etc/Universal", 0 }, { "Etc/Zulu", 0 }, { "Etc/Greenwich", 0 },
	{ "Asia/Seoul", 540 }, { "Asia/Tokyo", 540 },
	{ "Asia/Shanghai", 480 }, { "Asia/Hong_Kong", 480 },
	{ "Asia/Taipei", 480 }, { "Asia/Singapore", 480 },
	{ "Asia/Kuala_Lumpur", 480 }, { "Asia/Manila", 480 },
	{ "Australia/Perth", 480 }, { "Asia/Jakarta", 420 },
	{ "Asia/Bangkok", 420 }, { "Asia/Ho_Chi_Minh", 420 },
	{ "Asia/Kolkata", 330 }, { "Asia/Calcutta", 330 },
	{ "Asia/Karachi", 300 }, { "Asia/Dubai", 240 },
	{ "Australia/Brisbane", 600 }, { "Pacific/Honolulu", -600 },
};

/* Month names. English ones also match an abbreviation of three letters
 * or more ("Sep", "Sept"); the others (UTF-8, matched whole; ASCII case
 * aside) are the ones feeds write: Hungarian names and abbreviations, and
 * the Greek abbreviations with and without accents. */
struct date_month_name {
	const char	*name;
	int		 mon;
	int		 abbrev;
};

static const struct date_month_name date_months[] = {
	{ .name = "january", .mon = 1, .abbrev = 1 },
	{ .name = "february", .mon = 2, .abbrev = 1 },
	{ .name = "march", .mon = 3, .abbrev = 1 },
	{ .name = "april", .mon = 4, .abbrev = 1 },
	{ .name = "may", .mon = 5, .abbrev = 1 },
	{ .name = "june", .mon = 6, .abbrev = 1 },
	{ .name = "july", .mon = 7, .abbrev = 1 },
	{ .name = "august", .mon = 8, .abbrev = 1 },
	{ .name = "september", .mon = 9, .abbrev = 1 },
	{ .name = "october", .mon = 10, .abbrev = 1 },
	{ .name = "november", .mon = 11, .abbrev = 1 },
	{ .name = "december", .mon = 12, .abbrev = 1 },
	/* Hungarian. */
	{ .name = "január", .mon = 1 }, { .name = "február", .mon = 2 },
	{ .name = "febr", .mon = 2 }, { .name = "március", .mon = 3 },
	{ .name = "márc", .mon = 3 }, { .name = "április", .mon = 4 },
	{ .name = "ápr", .mon = 4 }, { .name = "május", .mon = 5 },
	{ .name = "máj", .mon = 5 }, { .name = "június", .mon = 6 },
	{ .name = "jún", .mon = 6 }, { .name = "július", .mon = 7 },
	{ .name = "júl", .mon = 7 }, { .name = "augusztus", .mon = 8 },
	{ .name = "szeptember", .mon = 9 }, { .name = "szept", .mon = 9 },
	{ .name = "október", .mon = 10 }, { .name = "okt", .mon = 10 },
	/* Greek. */
	{ .name = "Ιαν", .mon = 1 }, { .name = "Φεβ", .mon = 2 },
	{ .name = "Μάρ", .mon = 3 }, { .name = "Μαρ", .mon = 3 },
	{ .name = "Μάώ", .mon = 3 }, { .name = "Μαώ", .mon = 3 },
	{ .name = "Απρ", .mon = 4 }, { .name = "Μάι", .mon = 5 },
	{ .name = "Μαϊ", .mon = 5 }, { .name = "Μαι", .mon = 5 },
	{ .name = "Ιούν", .mon = 6 }, { .name = "Ιουν", .mon = 6 },
	{ .name = "Ιον", .mon = 6 }, { .name = "Ιούλ", .mon = 7 },
	{ .name = "Ιουλ", .mon = 7 }, { .name = "Ιολ", .mon = 7 },
	{ .name = "Αύγ", .mon = 8 }, { .name = "Αυγ", .mon = 8 },
	{ .name = "Σεπ", .mon = 9 }, { .name = "Οκτ", .mon = 10 },
	{ .name = "Νοέ", .mon = 11 }, { .name = "Νοε", .mon = 11 },
	{ .name = "Δεκ", .mon = 12 },
	/* Greek names in full, genitive (as dates write them), nominative. */
	{ .name = "Ιανουαρίου", .mon = 1 }, { .name = "Ιανουάριος", .mon = 1 },
	{ .name = "Φεβρουαρίου", .mon = 2 },
	{ .name = "Φεβρουάριος", .mon = 2 },
	{ .name = "Μαρτίου", .mon = 3 }, { .name = "Μάρτιος", .mon = 3 },
	{ .name = "Απριλίου", .mon = 4 }, { .name = "Απρίλιος", .mon = 4 },
	{ .name = "Μαΐου", .mon = 5 }, { .name = "Μάιος", .mon = 5 },
	{ .name = "Ιουνίου", .mon = 6 }, { .name = "Ιούνιος", .mon = 6 },
	{ .name = "Ιουλίου", .mon = 7 }, { .name = "Ιούλιος", .mon = 7 },
	{ .name = "Αυγούστου", .mon = 8 }, { .name = "Αύγουστος", .mon = 8 },
	{ .name = "Σεπτεμβρίου", .mon = 9 },
	{ .name = "Σεπτέμβριος", .mon = 9 },
	{ .name = "Οκτωβρίου", .mon = 10 }, { .name = "Οκτώβριος", .mon = 10 },
	{ .name = "Νοεμβρίου", .mon = 11 }, { .name = "Νοέμβριος", .mon = 11 },
	{ .name = "Δεκεμβρίου", .mon = 12 },
	{ .name = "Δεκέμβριος", .mon = 12 },
};

/* Weekdays, skipped and never checked: English ones by abbreviation, the
 * Greek abbreviations whole. */
static const struct date_month_name date_weekdays[] = {
	{ .name = "monday", .abbrev = 1 }, { .name = "tuesday", .abbrev = 1 },
	{ .name = "wednesday", .abbrev = 1 },
	{ .name = "thursday", .abbrev = 1 }, { .name = "friday", .abbrev = 1 },
	{ .name = "saturday", .abbrev = 1 }, { .name = "sunday", .abbrev = 1 },
	{ .name = "Κυρ" }, { .name = "Δευ" }, { .name = "Τρι" },
	{ .name = "Τρί" }, { .name = "Τετ" }, { .name = "Πεμ" },
	{ .name = "Πέμ" }, { .name = "Παρ" }, { .name = "Σαβ" },
	{ .name = "Σάβ" }, { .name = "Κυριακή" }, { .name = "Δευτέρα" },
	{ .name = "Τρίτη" }, { .name = "Τετάρτη" }, { .name = "Πέμπτη" },
	{ .name = "Παρασκευή" }, { .name = "Σάββατο" },
};

static const int date_mdays[] = {
	31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31,
};

static int
date_isdigit(int c)
{
	return c >= '0' && c <= '9';
}

static int
date_isalpha(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int
date_isspace(int c)
{
	return c == ' ' || (c >= '\t' && c <= '\r');
}

static const char *
date_skip_space(const char *p)
{
	while (date_isspace((unsigned char)*p))
		p++;
	return p;
}

/* Skip white space and any of the characters in seps. */
static const char *
date_skip_seps(const char *p, const char *seps)
{
	const char	*c;

	for (; *p != '\0'; p++) {
		if (date_isspace((unsigned char)*p))
			continue;
		for (c = seps; *c != '\0' && *c != *p; c++)
			;
		if (*c == '\0')
			break;
	}
	return p;
}

static size_t
date_ndigits(const char *p)
{
	size_t	 n = 0;

	while (date_isdigit((unsigned char)p[n]))
		n++;
	return n;
}

static size_t
date_nalpha(const char *p)
{
	size_t	 n = 0;

	while (date_isalpha((unsigned char)p[n]))
		n++;
	return n;
}

/* A word for a month or weekday name: ASCII letters and UTF-8 bytes. */
static size_t
date_nword(const char *p)
{
	size_t	 n = 0;

	while (date_isalpha((unsigned char)p[n]) || (unsigned char)p[n] >= 0x80)
		n++;
	return n;
}

/* The value of the n (at most 9) digits at p. */
static int
date_value(const char *p, size_t n)
{
	int	 v = 0;

	while (n-- > 0)
		v = v * 10 + (*p++ - '0');
	return v;
}

/* Read a whole run of digits that is min to max long; 0, or -1. */
static int
date_number(const char **pp, size_t min, size_t max, int *out)
{
	size_t	 n = date_ndigits(*pp);

	if (n < min || n > max)
		return -1;
	*out = date_value(*pp, n);
	*pp += n;
	return 0;
}

/* Skip a fraction of a second (".123", ",5"); it is dropped. */
static const char *
date_skip_fraction(const char *p)
{
	if ((*p == '.' || *p == ',') && date_isdigit((unsigned char)p[1]))
		p += 1 + date_ndigits(p + 1);
	return p;
}

/* ASCII letters in lower case; other bytes (UTF-8 too) as they are. */
static int
date_fold(char c)
{
	return date_isalpha((unsigned char)c) ? (c | 0x20) : (unsigned char)c;
}

/* How the n letters at w compare with name (letters only), case aside:
 * 2 if they are all of it, 1 if they begin it, else 0. Called for every
 * word of every date, so no strlen and no calls out. */
static int
date_word_match(const char *w, size_t n, const char *name)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		if (name[i] == '\0' || date_fold(w[i]) != date_fold(name[i]))
			return 0;
	return name[i] == '\0' ? 2 : 1;
}

/* Whether the n letters at w are name, case aside. */
static int
date_word_is(const char *w, size_t n, const char *name)
{
	return date_word_match(w, n, name) == 2;
}

/* Whether the n letters at w are name or an abbreviation of it at least
 * three letters long ("Sep", "Sept", "September"; "Thu", "Thurs"). */
static int
date_word_abbrev(const char *w, size_t n, const char *name)
{
	return n >= 3 && date_word_match(w, n, name) != 0;
}

/* The entry of a name table the n bytes at w name, or NULL. */
static const struct date_month_name *
date_name_find(const struct date_month_name *t, size_t len, const char *w,
    size_t n)
{
	size_t	 i;

	for (i = 0; i < len; i++)
		if (t[i].abbrev ? date_word_abbrev(w, n, t[i].name) :
		    date_word_is(w, n, t[i].name))
			return &t[i];
	return NULL;
}

/* The month (1-12) the word names, or 0. */
static int
date_month(const char *w, size_t n)
{
	const struct date_month_name	*m;

	m = date_name_find(date_months, sizeof date_months /
	    sizeof date_months[0], w, n);
	return m != NULL ? m->mon : 0;
}

static int
date_weekday(const char *w, size_t n)
{
	return date_name_find(date_weekdays, sizeof date_weekdays /
	    sizeof date_weekdays[0], w, n) != NULL;
}

/* Military letters. RFC 822 5.2 counts A-M as -1..-12 and N-Y as +1..+12,
 * but RFC 1123 5.2.14 says those signs are reversed by mistake, and RFC
 * 2822 4.3 gives up and reads every letter but Z as -0000. We take what
 * RFC 822 meant, the military convention: A-I and K-M are +1..+12, N-Y
 * are -1..-12, Z is UTC; J (the observer's local time) is not a zone. */
static int
date_zone_military(int c, int *off)
{
	c |= 0x20;
	if (c == 'z')
		*off = 0;
	else if (c >= 'a' && c <= 'i')
		*off = (c - 'a' + 1) * 60;
	else if (c >= 'k' && c <= 'm')
		*off = (c - 'k' + 10) * 60;
	else if (c >= 'n' && c <= 'y')
		*off = -(c - 'n' + 1) * 60;
	else
		return -1;
	return 0;
}

/* The offset of the zone the n letters at w name; 0, or -1 if unknown. */
static int
date_zone_word(const char *w, size_t n, int *off)
{
	size_t	 i;

	if (n == 1)
		return date_zone_military((unsigned char)*w, off);
	for (i = 0; i < sizeof date_zones / sizeof date_zones[0]; i++) {
		if (date_word_is(w, n, date_zones[i].name)) {
			*off = date_zones[i].off;
			return 0;
		}
	}
	return -1;
}

/* A numeric offset at *pp, which holds '+' or '-': "+HHMM", "+HH:MM",
 * "+HH" or "+H". Minutes east in *off; 0, or -1. */
static int
date_offset(const char **pp, int *off)
{
	const char	*p = *pp + 1;
	int		 sign = **pp == '-' ? -1 : 1, h, m = 0;
	size_t		 n = date_ndigits(p);

	if (n == 4) {
		h = date_value(p, 2);
		m = date_value(p + 2, 2);
		p += 4;
	} else if (n == 1 || n == 2) {
		h = date_value(p, n);
		p += n;
		if (*p == ':') {
			p++;
			if (date_number(&p, 2, 2, &m) != 0)
				return -1;
		}
	} else
		return -1;
	if (h > 23 || m > 59)
		return -1;
	*off = sign * (h * 60 + m);
	*pp = p;
	return 0;
}

/* A comment where a zone should be: "(PDT)" is read as PDT; any other
 * comment is skipped. Returns 1 if it named a zone, else 0. */
static int
date_zone_comment(const char **pp, int *off)
{
	const char	*p = date_skip_space(*pp + 1), *end;
	size_t		 n = date_nalpha(p);

	end = date_skip_space(p + n);
	if (n > 0 && *end == ')' && date_zone_word(p, n, off) == 0) {
		*pp = end + 1;
		return 1;
	}
	if ((end = strchr(*pp, ')')) == NULL)
		end = *pp + strlen(*pp) - 1;
	*pp = end + 1;
	return 0;
}

/* An IANA name from date_iana_zones at *pp ("Etc/GMT", "Asia/Seoul");
 * "Etc/GMT-9" is +0900, as POSIX signs it. Returns 1, or -1. */
static int
date_zone_iana(const char **pp, int *off)
{
	const char	*p = *pp, *q;
	size_t		 n = 0, i, len;
	int		 h;

	while (date_isalpha((unsigned char)p[n]) || p[n] == '/' ||
	    p[n] == '_')
		n++;
	len = sizeof date_iana_zones / sizeof date_iana_zones[0];
	for (i = 0; i < len; i++)
		if (strlen(date_iana_zones[i].name) == n &&
		    strncasecmp(p, date_iana_zones[i].name, n) == 0)
			break;
	if (i == len)
		return -1;
	*off = date_iana_zones[i].off;
	p += n;
	if (i == 0 && (*p == '+' || *p == '-')) {
		q = p + 1;
		if (date_number(&q, 1, 2, &h) != 0 || h > 14)
			return -1;
		*off = (*p == '+' ? -h : h) * 60;
		p = q;
	}
	*pp = p;
	return 1;
}

/* The zone at *pp: an offset, a name, a name with an offset ("GMT+0900")
 * or a comment naming one. Returns 1 if one was read, 0 if there is none
 * here (the cursor stays, or moves past a comment), -1 if what is here
 * is not a zone we can read. */
static int
date_zone(const char **pp, int *off)
{
	const char	*p = *pp;
	size_t		 n;

	if (*p == '+' || *p == '-')
		return date_offset(pp, off) == 0 ? 1 : -1;
	if (*p == '(')
		return date_zone_comment(pp, off);
	if ((n = date_nalpha(p)) == 0)
		return 0;
	if (p[n] == '/')
		return date_zone_iana(pp, off);
	if (date_zone_word(p, n, off) != 0)
		return -1;
	p += n;
	if ((*p == '+' || *p == '-') && (date_word_is(*pp, n, "GMT") ||
	    date_word_is(*pp, n, "UTC") || date_word_is(*pp, n, "UT"))) {
		if (date_offset(&p, off) != 0)
			return -1;
	}
	*pp = p;
	return 1;
}

/* "H:MM", "HH:MM", "HH:MM:SS", the last with a fraction that is dropped. */
static int
date_time(const char **pp, struct date_tm *tm)
{
	const char	*p = *pp;

	if (date_number(&p, 1, 2, &tm->hour) != 0 || *p != ':')
		return -1;
	p++;
	if (date_number(&p, 2, 2, &tm->min) != 0)
		return -1;
	if (*p == ':') {
		p++;
		if (date_number(&p, 2, 2, &tm->sec) != 0)
			return -1;
		p = date_skip_fraction(p);
	}
	*pp = p;
	return 0;
}

static int
date_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int
date_month_days(int year, int mon)
{
	return date_mdays[mon - 1] + (mon == 2 && date_leap(year));
}

/* Check what was read and turn it into seconds since the epoch. */
static int64_t
date_finish(struct date_tm *tm)
{
	int64_t	 t;

	/* 0001-01-01 is .NET's DateTime.MinValue and Go's zero time,
	 * which programs write for "no date". */
	if (tm->year == 1 && tm->mon == 1 && tm->day == 1)
		return DATE_NONE;
	if (tm->year < 1 || tm->year > 9999 || tm->mon < 1 ||
	    tm->mon > 12 || tm->day < 1 ||
	    tm->day > date_month_days(tm->year, tm->mon))
		return DATE_NONE;
	if (tm->hour > 24 || tm->min > 59 || tm->sec > 60)
		return DATE_NONE;
	if (tm->hour == 24 && (tm->min != 0 || tm->sec != 0))
		return DATE_NONE;
	if (tm->sec == 60)
		tm->sec = 59;
	t = date_from_civil(tm->year, tm->mon, tm->day, tm->hour, tm->min,
	    tm->sec) - (int64_t)tm->off * 60;
	/* The offset or 24:00 may carry the instant out of the years. */
	if (t < DATE_PARSE_MIN || t > DATE_FORMAT_MAX)
		return DATE_NONE;
	return t;
}

/* A two-digit year by RFC 2822 4.3's rule: 00-49 are 20xx, 50-99 19xx. */
static int
date_year2(int v)
{
	return v + (v < 50 ? 2000 : 1900);
}

/* A year of four digits, or two read by the RFC 2822 rule. */
static int
date_rfc822_year(const char **pp, int *year)
{
	size_t	 n = date_ndigits(*pp);
	int	 v;

	if (n != 2 && n != 4)
		return -1;
	v = date_value(*pp, n);
	if (n == 2)
		v = date_year2(v);
	*year = v;
	*pp += n;
	return 0;
}

/* "22 Sep 2023", "22-Sep-23" (RFC 850), "22 September, 2023". */
static int
date_rfc822_dmy(const char **pp, struct date_tm *tm)
{
	const char	*p = *pp;
	size_t		 n;

	if (date_number(&p, 1, 2, &tm->day) != 0)
		return -1;
	p = date_skip_seps(p, ",-");
	n = date_nword(p);
	if ((tm->mon = date_month(p, n)) == 0)
		return -1;
	p = date_skip_seps(p + n, ".,-");
	if (date_rfc822_year(&p, &tm->year) != 0)
		return -1;
	*pp = p;
	return 0;
}

/* "Sep 22 2023", "September 22, 2023", or asctime's "Sep 22 05:48:21"
 * whose year comes after the time (*pending is then set). */
static int
date_rfc822_mdy(const char **pp, struct date_tm *tm, int *pending)
{
	const char	*p = *pp;
	size_t		 n = date_nword(p);

	if ((tm->mon = date_month(p, n)) == 0)
		return -1;
	p = date_skip_seps(p + n, ".,-");
	if (date_number(&p, 1, 2, &tm->day) != 0)
		return -1;
	p = date_skip_seps(p, ",");
	n = date_ndigits(p);
	if (n >= 1 && n <= 2 && p[n] == ':')
		*pending = 1;
	else if (date_rfc822_year(&p, &tm->year) != 0)
		return -1;
	*pp = p;
	return 0;
}

/* The date part, after an optional weekday that is not checked. */
static int
date_rfc822_date(const char **pp, struct date_tm *tm, int *pending)
{
	const char	*p = *pp;
	size_t		 n = date_nword(p);

	*pending = 0;
	if (n > 0 && date_weekday(p, n)) {
		p = date_skip_seps(p + n, ".,");
		n = date_nword(p);
	}
	*pp = p;
	if (n > 0)
		return date_rfc822_mdy(pp, tm, pending);
	return date_rfc822_dmy(pp, tm);
}

/* "AM"/"PM" after a time turn a 12-hour clock into a 24-hour one. */
static int
date_ampm(const char **pp, struct date_tm *tm)
{
	const char	*p = date_skip_space(*pp);
	size_t		 n = date_nalpha(p);
	int		 pm;

	if (date_word_is(p, n, "am"))
		pm = 0;
	else if (date_word_is(p, n, "pm"))
		pm = 1;
	else
		return 0;
	if (tm->hour < 1 || tm->hour > 12)
		return -1;
	tm->hour = tm->hour % 12 + (pm ? 12 : 0);
	*pp = p + n;
	return 0;
}

/* After the date: the time (none means midnight, once the year is read),
 * the zone, asctime's year, then anything if a zone was read. */
static int
date_rfc822_rest(const char *p, struct date_tm *tm, int pending)
{
	int	 z;

	p = date_skip_seps(p, ",");
	if (*p == '\0' && !pending)
		return 0;
	if (date_time(&p, tm) != 0 || date_ampm(&p, tm) != 0)
		return -1;
	p = date_skip_seps(p, ",");
	if ((z = date_zone(&p, &tm->off)) < 0)
		return -1;
	if (pending) {
		p = date_skip_space(p);
		if (date_rfc822_year(&p, &tm->year) != 0)
			return -1;
		p = date_skip_space(p);
		if (z == 0 && (z = date_zone(&p, &tm->off)) < 0)
			return -1;
	}
	if (z == 0 && *date_skip_space(p) != '\0')
		return -1;
	return 0;
}

int64_t
date_parse_rfc822(const char *s)
{
	struct date_tm	 tm;
	const char	*p;
	int		 pending;

	if (s == NULL)
		return DATE_NONE;
	memset(&tm, 0, sizeof tm);
	p = date_skip_space(s);
	if (date_rfc822_date(&p, &tm, &pending) != 0 ||
	    date_rfc822_rest(p, &tm, pending) != 0)
		return DATE_NONE;
	return date_finish(&tm);
}

/* Day n (1-366) of the year as month and day. */
static int
date_iso_ordinal(struct date_tm *tm, int n)
{
	tm->mon = 1;
	while (tm->mon <= 12 && n > date_month_days(tm->year, tm->mon))
		n -= date_month_days(tm->year, tm->mon++);
	if (n < 1 || tm->mon > 12)
		return -1;
	tm->day = n;
	return 0;
}

/* The month after "YYYY-": "09", "9", Google's "012", or a name
 * ("Sep", Hungarian "július"). */
static int
date_iso_month(const char **pp, struct date_tm *tm)
{
	const char	*p = *pp;
	size_t		 n = date_nword(p);

	if (n > 0) {
		if ((tm->mon = date_month(p, n)) == 0)
			return -1;
		p += n;
	} else if (date_ndigits(p) == 3 && *p == '0' && p[3] == '-') {
		tm->mon = date_value(p + 1, 2);
		p += 3;
	} else if (date_number(&p, 1, 2, &tm->mon) != 0)
		return -1;
	*pp = p;
	return 0;
}

/* After the year (tm->year set): "-09-22" or "-265" (1, a full date),
 * "-09" or nothing (0: the first of the month or year); else -1. */
static int
date_iso_after_year(const char **pp, struct date_tm *tm)
{
	const char	*p = *pp;

	if (*p != '-')
		return 0;
	p++;
	if (date_ndigits(p) == 3 && p[3] != '-') {
		if (date_iso_ordinal(tm, date_value(p, 3)) != 0)
			return -1;
		*pp = p + 3;
		return 1;
	}
	if (date_iso_month(&p, tm) != 0)
		return -1;
	*pp = p;
	if (*p != '-')
		return 0;
	p++;
	if (date_number(&p, 1, 2, &tm->day) != 0)
		return -1;
	*pp = p;
	return 1;
}

/* ISO 8601:1988's truncated forms with the century left out: "-0312"
 * and "-03-12" (December 2003), "-03" (2003). Always 0 (no time). */
static int
date_iso_truncated(const char **pp, struct date_tm *tm)
{
	const char	*p = *pp + 1;
	size_t		 n = date_ndigits(p);

	if (n != 2 && n != 4)
		return -1;
	tm->year = date_year2(date_value(p, 2));
	if (n == 4)
		tm->mon = date_value(p + 2, 2);
	p += n;
	if (n == 2 && *p == '-') {
		p++;
		if (date_number(&p, 2, 2, &tm->mon) != 0)
			return -1;
	}
	*pp = p;
	return 0;
}

/* The basic forms "20230922", "2023265" and "230922", and "23-09-22" or
 * "23-265" with a two-digit year: 1 (a full date), or -1. */
static int
date_iso_basic(const char **pp, struct date_tm *tm, size_t n)
{
	const char	*p = *pp;

	if (n == 2) {
		if (p[2] != '-')
			return -1;
		tm->year = date_year2(date_value(p, 2));
		*pp = p + 2;
		return date_iso_after_year(pp, tm) == 1 ? 1 : -1;
	}
	if (n == 6)
		tm->year = date_year2(date_value(p, 2));
	else
		tm->year = date_value(p, 4);
	if (n == 7 && date_iso_ordinal(tm, date_value(p + 4, 3)) != 0)
		return -1;
	if (n != 7) {
		tm->mon = date_value(p + n - 4, 2);
		tm->day = date_value(p + n - 2, 2);
	}
	*pp = p + n;
	return 1;
}

/* "2023-09-22", "20230922", "2023-265" and the two-digit-year forms: 1
 * (a full date). "2023-09", "2023" and the truncated forms: 0 (the
 * first of the month or year). Else -1. */
static int
date_iso_date(const char **pp, struct date_tm *tm)
{
	const char	*p = *pp;
	size_t		 n = date_ndigits(p);

	if (*p == '-')
		return date_iso_truncated(pp, tm);
	if (n == 8 || n == 7 || n == 6 || n == 2)
		return date_iso_basic(pp, tm, n);
	if (n != 4)
		return -1;
	tm->year = date_value(p, 4);
	*pp = p + 4;
	return date_iso_after_year(pp, tm);
}

/* "05:48:21", "5:48", "054821", "0548", with a fraction that is dropped. */
static int
date_iso_time(const char **pp, struct date_tm *tm)
{
	const char	*p = *pp;
	size_t		 n = date_ndigits(p);

	if (n != 4 && n != 6)
		return date_time(pp, tm);
	tm->hour = date_value(p, 2);
	tm->min = date_value(p + 2, 2);
	if (n == 6)
		tm->sec = date_value(p + 4, 2);
	p += n;
	if (n == 6)
		p = date_skip_fraction(p);
	*pp = p;
	return 0;
}

/* "Z", "+09:00", "+0900", "+09", a zone name after a space, or none
 * (UTC); then only white space or an RFC 9557 "[Asia/Seoul]" suffix. */
static int
date_iso_zone(const char *p, int *off)
{
	size_t	 n;

	p = date_skip_space(p);
	if (*p == '+' || *p == '-') {
		if (date_offset(&p, off) != 0)
			return -1;
	} else if ((n = date_nalpha(p)) > 0) {
		if (n == 1 && (*p | 0x20) != 'z')
			return -1;
		if (date_zone_word(p, n, off) != 0)
			return -1;
		p += n;
	}
	p = date_skip_space(p);
	if (*p == '[') {
		if ((p = strchr(p, ']')) == NULL)
			return -1;
		p = date_skip_space(p + 1);
	}
	return *p == '\0' ? 0 : -1;
}

/* After the date: nothing, or "T", "t" or spaces, a time and a zone. */
static int
date_iso_rest(const char *p, struct date_tm *tm, int full)
{
	const char	*q = date_skip_space(p);

	if (*q == '\0')
		return 0;
	if (!full)
		return -1;
	if (*p == 'T' || *p == 't')
		p++;
	else if (q != p && date_isdigit((unsigned char)*q))
		p = q;
	else
		return -1;
	if (date_iso_time(&p, tm) != 0)
		return -1;
	return date_iso_zone(p, &tm->off);
}

int64_t
date_parse_iso8601(const char *s)
{
	struct date_tm	 tm;
	const char	*p;
	int		 full;

	if (s == NULL)
		return DATE_NONE;
	memset(&tm, 0, sizeof tm);
	tm.mon = tm.day = 1;
	p = date_skip_space(s);
	if ((full = date_iso_date(&p, &tm)) < 0 ||
	    date_iso_rest(p, &tm, full) != 0)
		return DATE_NONE;
	return date_finish(&tm);
}

/* "Fri, 2006/09/15 08:19:53 EDT" (Perforce) or "2006/09/15": a year
 * first makes slashes unambiguous; the rest is read as RFC 822's. */
static int64_t
date_parse_ymd_slash(const char *s)
{
	struct date_tm	 tm;
	const char	*p = date_skip_space(s);
	size_t		 n = date_nword(p);

	memset(&tm, 0, sizeof tm);
	if (n > 0) {
		if (!date_weekday(p, n))
			return DATE_NONE;
		p = date_skip_seps(p + n, ".,");
	}
	if (date_number(&p, 4, 4, &tm.year) != 0 || *p++ != '/' ||
	    date_number(&p, 1, 2, &tm.mon) != 0 || *p++ != '/' ||
	    date_number(&p, 1, 2, &tm.day) != 0 ||
	    date_rfc822_rest(p, &tm, 0) != 0)
		return DATE_NONE;
	return date_finish(&tm);
}

/* Dates as Korean, Japanese and Chinese sites write them:
 * "2004년 05월 28일 01:31:15", "2004-05-25 오후 11:23:17",
 * "2024年5月25日(土) 23時17分".
 * At least one of these words must be there; the date is year, month,
 * day (numbers with these words or "-", ".", "/" between them), then a
 * weekday that is skipped, a morning/afternoon word before or after the
 * time (12-hour clock), the time (with ":" or the words), and a zone.
 * With no zone, Korean words, 午前/午後 and 曜日 mean +0900 (Korea and
 * Japan); Chinese characters alone mean +0800 (China, Taiwan, Hong Kong,
 * Singapore), as 年月日 is written the same in Chinese and Japanese. */
enum date_cjk_kind {
	DATE_CJK_YEAR, DATE_CJK_MON, DATE_CJK_DAY, DATE_CJK_HOUR,
	DATE_CJK_MIN, DATE_CJK_SEC, DATE_CJK_AM, DATE_CJK_PM,
};

struct date_cjk_word {
	const char		*word;
	enum date_cjk_kind	 kind;
	int			 nine;	/* Korean or Japanese only: +0900 */
};

static const struct date_cjk_word date_cjk_words[] = {
	{ .word = "년", .kind = DATE_CJK_YEAR, .nine = 1 },
	{ .word = "年", .kind = DATE_CJK_YEAR },
	{ .word = "월", .kind = DATE_CJK_MON, .nine = 1 },
	{ .word = "月", .kind = DATE_CJK_MON },
	{ .word = "일", .kind = DATE_CJK_DAY, .nine = 1 },
	{ .word = "日", .kind = DATE_CJK_DAY },
	{ .word = "시", .kind = DATE_CJK_HOUR, .nine = 1 },
	{ .word = "時", .kind = DATE_CJK_HOUR },
	{ .word = "时", .kind = DATE_CJK_HOUR },
	{ .word = "点", .kind = DATE_CJK_HOUR },
	{ .word = "點", .kind = DATE_CJK_HOUR },
	{ .word = "분", .kind = DATE_CJK_MIN, .nine = 1 },
	{ .word = "分", .kind = DATE_CJK_MIN },
	{ .word = "초", .kind = DATE_CJK_SEC, .nine = 1 },
	{ .word = "秒", .kind = DATE_CJK_SEC },
	{ .word = "오전", .kind = DATE_CJK_AM, .nine = 1 },
	{ .word = "오후", .kind = DATE_CJK_PM, .nine = 1 },
	{ .word = "午前", .kind = DATE_CJK_AM, .nine = 1 },
	{ .word = "午後", .kind = DATE_CJK_PM, .nine = 1 },
	{ .word = "上午", .kind = DATE_CJK_AM },
	{ .word = "下午", .kind = DATE_CJK_PM },
};

/* Weekdays: "(토)", "（土）", "토요일", "土曜日", "星期六". */
static const char *const date_cjk_weekday_tails[] = { "요일", "曜日" };

/* A CJK date being read. */
struct date_cjk {
	struct date_tm	 tm;
	int		 marked;	/* a word of date_cjk_words was read */
	int		 nine;		/* one of them means +0900 */
	int		 ampm;		/* 0, or the DATE_CJK_AM/PM word read */
};

/* Consume a word of that kind (AM takes PM too) at *pp; 1 if one was. */
static int
date_cjk_word(const char **pp, enum date_cjk_kind kind, struct date_cjk *c)
{
	const struct date_cjk_word	*w;
	size_t				 i, n;

	for (i = 0; i < sizeof date_cjk_words / sizeof date_cjk_words[0];
	    i++) {
		w = &date_cjk_words[i];
		if (w->kind != kind && !(kind == DATE_CJK_AM &&
		    w->kind == DATE_CJK_PM))
			continue;
		n = strlen(w->word);
		if (strncmp(*pp, w->word, n) != 0)
			continue;
		*pp += n;
		c->marked = 1;
		c->nine |= w->nine;
		if (kind == DATE_CJK_AM)
			c->ampm = w->kind;
		return 1;
	}
	return 0;
}

/* After a number of the date: its word, or "-", "." or "/"; 0, or -1. */
static int
date_cjk_unit(const char **pp, enum date_cjk_kind kind, struct date_cjk *c)
{
	const char	*p = date_skip_space(*pp);

	if (!date_cjk_word(&p, kind, c)) {
		if (*p != '-' && *p != '.' && *p != '/')
			return -1;
		p++;
	}
	*pp = date_skip_space(p);
	return 0;
}

/* The longest CJK date read, in bytes. */
#define DATE_CJK_MAX	256

/* Years counted from an era: Japan's 令和 5年 is 2023 (元年 is its first
 * year), Taiwan's 民國 112年 is 2023 too. */
struct date_cjk_era {
	const char	*name;
	int		 base;	/* the Gregorian year before its first */
	int		 nine;
};

static const struct date_cjk_era date_cjk_eras[] = {
	{ .name = "令和", .base = 2018, .nine = 1 },
	{ .name = "平成", .base = 1988, .nine = 1 },
	{ .name = "昭和", .base = 1925, .nine = 1 },
	{ .name = "民國", .base = 1911 },
	{ .name = "民国", .base = 1911 },
};

/* The year: four digits, or an era's name and its year ("令和5年"),
 * which must be followed by 年. */
static int
date_cjk_year(const char **pp, struct date_cjk *c)
{
	const struct date_cjk_era	*e;
	size_t				 i, n;

	for (i = 0; i < sizeof date_cjk_eras / sizeof date_cjk_eras[0];
	    i++) {
		e = &date_cjk_eras[i];
		n = strlen(e->name);
		if (strncmp(*pp, e->name, n) != 0)
			continue;
		*pp = date_skip_space(*pp + n);
		if (strncmp(*pp, "元", 3) == 0) {
			c->tm.year = 1;
			*pp += 3;
		} else if (date_number(pp, 1, 3, &c->tm.year) != 0)
			return -1;
		c->tm.year += e->base;
		c->nine |= e->nine;
		c->marked = 1;
		*pp = date_skip_space(*pp);
		return date_cjk_word(pp, DATE_CJK_YEAR, c) ? 0 : -1;
	}
	if (date_number(pp, 4, 4, &c->tm.year) != 0)
		return -1;
	return date_cjk_unit(pp, DATE_CJK_YEAR, c);
}

static int
date_cjk_date(const char **pp, struct date_cjk *c)
{
	const char	*p = *pp;

	if (date_cjk_year(&p, c) != 0 ||
	    date_number(&p, 1, 2, &c->tm.mon) != 0 ||
	    date_cjk_unit(&p, DATE_CJK_MON, c) != 0 ||
	    date_number(&p, 1, 2, &c->tm.day) != 0)
		return -1;
	p = date_skip_space(p);
	if (!date_cjk_word(&p, DATE_CJK_DAY, c) && *p == '.')
		p++;
	*pp = date_skip_space(p);
	return 0;
}

/* Skip a weekday in parentheses (full-width ones are ASCII by now) or
 * written out. */
static const char *
date_cjk_weekday(const char *p, struct date_cjk *c)
{
	const char	*end = NULL;
	size_t		 i, n = strnlen(p, 9);

	if (*p == '(')
		end = strchr(p, ')');
	else if (n == 9 && strncmp(p, "星期", 6) == 0 &&
	    (unsigned char)p[6] >= 0x80)
		return date_skip_space(p + 9);
	else if ((unsigned char)*p >= 0x80 && n == 9) {
		for (i = 0; i < 2; i++)
			if (strncmp(p + 3, date_cjk_weekday_tails[i], 6) == 0) {
				c->nine = 1;
				return date_skip_space(p + 9);
			}
	}
	return end != NULL ? date_skip_space(end + 1) : p;
}

/* Minutes and seconds after "시"/"時": "23時17分", "23時17分05秒". */
static int
date_cjk_hms(const char **pp, struct date_cjk *c)
{
	const char	*p = date_skip_space(*pp);

	if (date_isdigit((unsigned char)*p)) {
		if (date_number(&p, 1, 2, &c->tm.min) != 0 ||
		    !date_cjk_word(&p, DATE_CJK_MIN, c))
			return -1;
		p = date_skip_space(p);
		if (date_isdigit((unsigned char)*p) &&
		    (date_number(&p, 1, 2, &c->tm.sec) != 0 ||
		    !date_cjk_word(&p, DATE_CJK_SEC, c)))
			return -1;
	}
	*pp = p;
	return 0;
}

/* The time, with a morning/afternoon word before or after it. */
static int
date_cjk_time(const char **pp, struct date_cjk *c)
{
	const char	*p = *pp;
	int		 h;

	date_cjk_word(&p, DATE_CJK_AM, c);
	p = date_skip_space(p);
	if (!date_isdigit((unsigned char)*p))
		return c->ampm != 0 ? -1 : 0;
	if (date_time(&p, &c->tm) != 0) {
		if (date_number(&p, 1, 2, &c->tm.hour) != 0 ||
		    !date_cjk_word(&p, DATE_CJK_HOUR, c) ||
		    date_cjk_hms(&p, c) != 0)
			return -1;
	}
	p = date_skip_space(p);
	if (c->ampm == 0)
		date_cjk_word(&p, DATE_CJK_AM, c);
	if (c->ampm != 0) {
		if ((h = c->tm.hour) > 12)
			return -1;
		c->tm.hour = h % 12 + (c->ampm == DATE_CJK_PM ? 12 : 0);
	}
	*pp = date_skip_space(p);
	return 0;
}

/* Copy s into buf with full-width digits, colon, slash, dot, hyphen,
 * plus sign, parentheses and the ideographic space made ASCII
 * ("２０２３年９月２２日"); 0, or -1 if s is too long to be a date. */
static int
date_cjk_narrow(const char *s, char *buf, size_t size)
{
	const unsigned char	*u = (const unsigned char *)s;
	size_t			 o = 0;

	while (*u != '\0') {
		if (o + 1 >= size)
			return -1;
		if (u[0] == 0xef && u[1] == 0xbc && u[2] >= 0x88 &&
		    u[2] <= 0x9a) {
			buf[o++] = (char)(u[2] - 0x88 + '(');
			u += 3;
		} else if (u[0] == 0xe3 && u[1] == 0x80 && u[2] == 0x80) {
			buf[o++] = ' ';
			u += 3;
		} else
			buf[o++] = (char)*u++;
	}
	buf[o] = '\0';
	return 0;
}

static int64_t
date_parse_cjk(const char *s)
{
	struct date_cjk	 c;
	char		 buf[DATE_CJK_MAX];
	const char	*p;
	int		 z;

	if (date_cjk_narrow(s, buf, sizeof buf) != 0)
		return DATE_NONE;
	p = date_skip_space(buf);
	memset(&c, 0, sizeof c);
	if (date_cjk_date(&p, &c) != 0)
		return DATE_NONE;
	p = date_cjk_weekday(p, &c);
	if (date_cjk_time(&p, &c) != 0 || !c.marked)
		return DATE_NONE;
	if ((z = date_zone(&p, &c.tm.off)) < 0)
		return DATE_NONE;
	if (z == 0)
		c.tm.off = c.nine ? 540 : 480;
	if (*date_skip_space(p) != '\0')
		return DATE_NONE;
	return date_finish(&c.tm);
}

/* The formats date_parse tries, in order; each reads a whole string or
 * nothing, so the first that reads it wins. */
struct date_format {
	const char	*name;
	int64_t		(*parse)(const char *);
};

static const struct date_format date_formats[] = {
	{ .name = "ISO 8601, W3C-DTF", .parse = date_parse_iso8601 },
	{ .name = "RFC 822, asctime", .parse = date_parse_rfc822 },
	{ .name = "year-first slashes", .parse = date_parse_ymd_slash },
	{ .name = "Korean, Japanese, Chinese", .parse = date_parse_cjk },
};

int64_t
date_parse(const char *s)
{
	size_t	 i;
	int64_t	 t;

	if (s == NULL)
		return DATE_NONE;
	for (i = 0; i < sizeof date_formats / sizeof date_formats[0]; i++)
		if ((t = date_formats[i].parse(s)) != DATE_NONE)
			return t;
	return DATE_NONE;
}

/* Month 1-12 or DATE_NONE; other fields may run over (day 0 is the last
 * of the month before, hour 24 is the next day's midnight). */
int64_t
date_from_civil(int year, int month, int day, int hour, int min, int sec)
{
	int64_t	 y = year, era, yoe, doy, doe, days;

	if (month < 1 || month > 12)
		return DATE_NONE;
	y -= month <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	days = era * 146097 + doe - 719468;
	return days * DATE_DAY + (int64_t)hour * 3600 + (int64_t)min * 60 +
	    sec;
}

/* Civil-from-days, the inverse of the above. */
static void
date_civil(int64_t days, int *year, int *month, int *day)
{
	int64_t	 z = days + 719468, era, doe, yoe, doy, mp;

	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*day = (int)(doy - (153 * mp + 2) / 5 + 1);
	*month = (int)(mp < 10 ? mp + 3 : mp - 9);
	*year = (int)(yoe + era * 400 + (*month <= 2));
}

int
date_format_rfc3339(int64_t t, char *buf, size_t size)
{
	int64_t	 days, secs;
	int	 y, mo, d, n;

	if (buf == NULL || size == 0)
		return -1;
	buf[0] = '\0';
	if (t == DATE_NONE || t < DATE_FORMAT_MIN || t > DATE_FORMAT_MAX)
		return -1;
	days = t / DATE_DAY;
	secs = t % DATE_DAY;
	if (secs < 0) {
		secs += DATE_DAY;
		days--;
	}
	date_civil(days, &y, &mo, &d);
	n = snprintf(buf, size, "%04d-%02d-%02dT%02d:%02d:%02dZ", y, mo, d,
	    (int)(secs / 3600), (int)(secs / 60 % 60), (int)(secs % 60));
	if (n < 0 || (size_t)n >= size) {
		buf[0] = '\0';
		return -1;
	}
	return 0;
}
