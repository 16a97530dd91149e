/* date.c: reads the dates feeds carry (RFC 822/1123/2822 and their wild
 * deviations; RFC 3339, ISO 8601 and W3C-DTF) into seconds since the epoch
 * and writes RFC 3339 UTC, with Howard Hinnant's days-from-civil arithmetic
 * instead of mktime/timegm/strptime, so nothing depends on TZ, the locale
 * or other threads, and nothing is allocated.
 *
 * Choices on input the specs leave open (tests/test_date.c has rows for
 * each):
 * - No zone means UTC, in both families.
 * - Two-digit years follow RFC 2822 4.3: 00-49 are 20xx, 50-99 are 19xx.
 *   One-, three- and five-digit years are not read; years outside
 *   1000-9999 are refused, in the local time and in UTC.
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
 *   Week dates and any other trailing text are refused. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "date.h"

#define DATE_DAY	86400
/* 0000-01-01T00:00:00Z and 9999-12-31T23:59:59Z. */
#define DATE_FORMAT_MIN	(-62167219200LL)
#define DATE_FORMAT_MAX	253402300799LL
/* 1000-01-01T00:00:00Z, the first instant a parse may return. */
#define DATE_PARSE_MIN	(-30610224000LL)

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
};

static const char *const date_months[] = {
	"january", "february", "march", "april", "may", "june", "july",
	"august", "september", "october", "november", "december",
};

static const char *const date_weekdays[] = {
	"monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
	"sunday",
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

/* How the n letters at w compare with name (letters only), case aside:
 * 2 if they are all of it, 1 if they begin it, else 0. Called for every
 * word of every date, so no strlen and no calls out. */
static int
date_word_match(const char *w, size_t n, const char *name)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		if (name[i] == '\0' || (w[i] | 0x20) != (name[i] | 0x20))
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

/* The month (1-12) the word names, or 0. */
static int
date_month(const char *w, size_t n)
{
	size_t	 i;

	for (i = 0; i < sizeof date_months / sizeof date_months[0]; i++)
		if (date_word_abbrev(w, n, date_months[i]))
			return (int)i + 1;
	return 0;
}

static int
date_weekday(const char *w, size_t n)
{
	size_t	 i;

	for (i = 0; i < sizeof date_weekdays / sizeof date_weekdays[0]; i++)
		if (date_word_abbrev(w, n, date_weekdays[i]))
			return 1;
	return 0;
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

	if (tm->year < 1000 || tm->year > 9999 || tm->mon < 1 ||
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
		v += v < 50 ? 2000 : 1900;
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
	n = date_nalpha(p);
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
	size_t		 n = date_nalpha(p);

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
	size_t		 n = date_nalpha(p);

	*pending = 0;
	if (n > 0 && date_weekday(p, n)) {
		p = date_skip_seps(p + n, ".,");
		n = date_nalpha(p);
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

/* "2023-09-22", "20230922", "2023-265": 1 (a full date). "2023-09" and
 * "2023": 0 (the first of the month or year). Else -1. */
static int
date_iso_date(const char **pp, struct date_tm *tm)
{
	const char	*p = *pp;
	size_t		 n = date_ndigits(p);
	int		 full = 0;

	if (n == 8) {
		tm->year = date_value(p, 4);
		tm->mon = date_value(p + 4, 2);
		tm->day = date_value(p + 6, 2);
		*pp = p + 8;
		return 1;
	}
	if (n != 4)
		return -1;
	tm->year = date_value(p, 4);
	p += 4;
	if (*p == '-' && date_ndigits(p + 1) == 3) {
		if (date_iso_ordinal(tm, date_value(p + 1, 3)) != 0)
			return -1;
		p += 4;
		full = 1;
	} else if (*p == '-') {
		p++;
		if (date_number(&p, 1, 2, &tm->mon) != 0)
			return -1;
		if (*p == '-') {
			p++;
			if (date_number(&p, 1, 2, &tm->day) != 0)
				return -1;
			full = 1;
		}
	}
	*pp = p;
	return full;
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

int64_t
date_parse(const char *s)
{
	const char	*p;

	if (s == NULL)
		return DATE_NONE;
	p = date_skip_space(s);
	if (date_ndigits(p) >= 4)
		return date_parse_iso8601(p);
	return date_parse_rfc822(p);
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
