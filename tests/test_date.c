/* test_date.c: unit tests for the date module: a table of date shapes
 * seen in feeds with their UTC reading, and round trips through
 * date_from_civil and date_format_rfc3339. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "date.h"

struct date_case {
	const char	*in;
	const char	*want;	/* RFC 3339 UTC, or NULL: must not be read */
	const char	*quirk;
};

#define SEP22	"2023-09-22T05:48:21Z"

static const struct date_case date_cases[] = {
	/* RFC 822 / 1123 / 2822 as written. */
	{ "Fri, 22 Sep 2023 05:48:21 GMT", SEP22, "RFC 1123" },
	{ "Fri, 22 Sep 2023 05:48:21 +0000", SEP22, "numeric +0000" },
	{ "Fri, 22 Sep 2023 05:48:21 -0000", SEP22, "RFC 2822 -0000" },
	{ "Fri, 22 Sep 2023 05:48:21 UT", SEP22, "UT" },
	{ "Fri, 22 Sep 2023 05:48:21 UTC", SEP22, "UTC" },
	{ "Fri, 22 Sep 2023 05:48:21 Z", SEP22, "Z" },
	{ "Fri, 22 Sep 2023 05:48:21 z", SEP22, "lower-case z" },
	/* Weekdays. */
	{ "22 Sep 2023 05:48:21 GMT", SEP22, "no weekday" },
	{ "Mon, 22 Sep 2023 05:48:21 GMT", SEP22, "wrong weekday ignored" },
	{ "Friday, 22 Sep 2023 05:48:21 GMT", SEP22, "full weekday" },
	{ "Thurs, 21 Sep 2023 05:48:21 GMT", "2023-09-21T05:48:21Z",
	  "weekday abbreviated to 5 letters" },
	{ "Fri., 22 Sep 2023 05:48:21 GMT", SEP22, "weekday with a dot" },
	{ "Fri 22 Sep 2023 05:48:21 GMT", SEP22, "weekday without comma" },
	{ "Fri,22 Sep 2023 05:48:21 GMT", SEP22, "no space after comma" },
	/* Time of day. */
	{ "Fri, 22 Sep 2023 05:48 GMT", "2023-09-22T05:48:00Z",
	  "no seconds" },
	{ "Fri, 22 Sep 2023 5:48:21 GMT", SEP22, "single-digit hour" },
	{ "Fri, 22 Sep 2023 05:48:21.123 GMT", SEP22,
	  "fraction of a second dropped" },
	{ "Fri, 22 Sep 2023 24:00:00 GMT", "2023-09-23T00:00:00Z",
	  "24:00:00 rolls to the next day" },
	{ "Sat, 31 Dec 2016 23:59:60 GMT", "2016-12-31T23:59:59Z",
	  "leap second clamped to 59" },
	{ "Sep 22, 2023, 5:48 AM", "2023-09-22T05:48:00Z", "AM" },
	{ "Sep 22, 2023 5:48 PM EST", "2023-09-22T22:48:00Z", "PM with zone" },
	{ "22 Sep 2023 12:00 AM", "2023-09-22T00:00:00Z", "12 AM is midnight" },
	{ "22 Sep 2023 12:30 pm", "2023-09-22T12:30:00Z", "12 pm is noon" },
	{ "22 Sep 2023", "2023-09-22T00:00:00Z", "date only: midnight UTC" },
	{ "September 22, 2023", "2023-09-22T00:00:00Z",
	  "month first, date only" },
	/* Years. */
	{ "Fri, 22 Sep 23 05:48:21 GMT", SEP22, "two-digit year 23" },
	{ "Thu, 01 Jan 70 00:00:00 GMT", "1970-01-01T00:00:00Z",
	  "two-digit year 70 is 1970" },
	{ "Sat, 01 Jan 00 00:00:00 GMT", "2000-01-01T00:00:00Z",
	  "two-digit year 00 is 2000" },
	{ "31 Dec 49 23:59:59 GMT", "2049-12-31T23:59:59Z",
	  "two-digit year 49 is 2049" },
	{ "01 Jan 50 00:00:00 GMT", "1950-01-01T00:00:00Z",
	  "two-digit year 50 is 1950" },
	{ "31 Dec 99 12:00:00 GMT", "1999-12-31T12:00:00Z",
	  "two-digit year 99 is 1999" },
	{ "1 Jan 1000 00:00 GMT", "1000-01-01T00:00:00Z", "year 1000" },
	{ "1 Jan 0999 00:00 GMT", "0999-01-01T00:00:00Z",
	  "four-digit year below 1000" },
	{ "Thu, 01 Jan 0100 00:00:01 +0100", "0099-12-31T23:00:01Z",
	  "ancient date, offset into year 99" },
	{ "31 Dec 9999 23:59:59 GMT", "9999-12-31T23:59:59Z", "highest year" },
	{ "Thu, 29 Feb 2024 12:00:00 GMT", "2024-02-29T12:00:00Z",
	  "leap day" },
	/* RFC 822 zone names. */
	{ "Fri, 22 Sep 2023 01:48:21 EDT", SEP22, "EDT -0400" },
	{ "Fri, 22 Sep 2023 00:48:21 EST", SEP22, "EST -0500" },
	{ "Fri, 22 Sep 2023 00:48:21 CDT", SEP22, "CDT -0500" },
	{ "Thu, 21 Sep 2023 23:48:21 CST", SEP22, "CST -0600 (RFC 822)" },
	{ "Thu, 21 Sep 2023 23:48:21 MDT", SEP22, "MDT -0600" },
	{ "Thu, 21 Sep 2023 22:48:21 MST", SEP22, "MST -0700" },
	{ "Thu, 21 Sep 2023 22:48:21 PDT", SEP22, "PDT -0700" },
	{ "Thu, 21 Sep 2023 21:48:21 PST", SEP22, "PST -0800" },
	{ "Fri, 22 Sep 2023 01:48:21 AT", SEP22, "AT without S/D: -0400" },
	{ "Fri, 22 Sep 2023 00:48:21 ET", SEP22, "ET without S/D: -0500" },
	{ "Thu, 21 Sep 2023 23:48:21 CT", SEP22, "CT without S/D: -0600" },
	{ "Thu, 21 Sep 2023 22:48:21 MT", SEP22, "MT without S/D: -0700" },
	{ "Thu, 21 Sep 2023 21:48:21 PT", SEP22, "PT without S/D: -0800" },
	{ "Mon, 26 January 2004 16:31:00 PT", "2004-01-27T00:31:00Z",
	  "full month name and PT" },
	/* IANA names of zones without daylight saving time. */
	{ "Fri, 22 Sep 2023 05:48:21 Etc/GMT", SEP22, "Etc/GMT" },
	{ "Fri, 22 Sep 2023 14:48:21 Etc/GMT-9", SEP22,
	  "Etc/GMT-9 is +0900 (POSIX sign)" },
	{ "Fri, 22 Sep 2023 00:48:21 Etc/GMT+5", SEP22, "Etc/GMT+5 is -0500" },
	{ "Fri, 22 Sep 2023 14:48:21 Asia/Seoul", SEP22, "Asia/Seoul" },
	{ "Fri, 22 Sep 2023 13:48:21 asia/shanghai", SEP22,
	  "IANA name, case aside" },
	{ "Fri, 22 Sep 2023 05:48:21 Europe/Paris", NULL,
	  "IANA zone with DST needs tzdata: refused" },
	{ "Fri, 22 Sep 2023 05:48:21 Etc/GMT+15", NULL, "Etc/GMT+15" },
	/* Other zone names. */
	{ "Fri, 22 Sep 2023 14:48:21 JST", SEP22, "JST +0900" },
	{ "Fri, 22 Sep 2023 14:48:21 KST", SEP22, "KST +0900" },
	{ "Fri, 22 Sep 2023 13:48:21 HKT", SEP22, "HKT +0800" },
	{ "Fri, 22 Sep 2023 13:48:21 SGT", SEP22, "SGT +0800" },
	{ "Fri, 22 Sep 2023 13:48:21 AWST", SEP22, "AWST +0800" },
	{ "Fri, 22 Sep 2023 12:48:21 WIB", SEP22, "WIB +0700" },
	{ "Fri, 22 Sep 2023 15:48:21 AEST", SEP22, "AEST +1000" },
	{ "Fri, 22 Sep 2023 16:48:21 AEDT", SEP22, "AEDT +1100" },
	{ "Fri, 22 Sep 2023 15:18:21 ACST", SEP22, "ACST +0930" },
	{ "Fri, 22 Sep 2023 17:48:21 NZST", SEP22, "NZST +1200" },
	{ "Fri, 22 Sep 2023 18:48:21 NZDT", SEP22, "NZDT +1300" },
	{ "Fri, 22 Sep 2023 11:18:21 IST", SEP22, "IST is India +0530" },
	{ "Fri, 22 Sep 2023 06:48:21 CET", SEP22, "CET +0100" },
	{ "Fri, 22 Sep 2023 07:48:21 CEST", SEP22, "CEST +0200" },
	{ "Fri, 22 Sep 2023 06:48:21 BST", SEP22, "BST is British +0100" },
	{ "Fri, 22 Sep 2023 08:48:21 MSK", SEP22, "MSK +0300" },
	{ "Thu, 21 Sep 2023 19:48:21 HST", SEP22, "HST -1000" },
	/* Military letters, in the military (RFC 1123) sense. */
	{ "Fri, 22 Sep 2023 06:48:21 A", SEP22, "military A is +1" },
	{ "Fri, 22 Sep 2023 14:48:21 I", SEP22, "military I is +9" },
	{ "Fri, 22 Sep 2023 15:48:21 K", SEP22, "military K is +10 (no J)" },
	{ "Fri, 22 Sep 2023 17:48:21 M", SEP22, "military M is +12" },
	{ "Fri, 22 Sep 2023 04:48:21 N", SEP22, "military N is -1" },
	{ "Thu, 21 Sep 2023 17:48:21 Y", SEP22, "military Y is -12" },
	{ "Fri, 22 Sep 2023 14:48:21 i", SEP22, "lower-case military" },
	/* Numeric offsets. */
	{ "Fri, 22 Sep 2023 14:48:21 +0900", SEP22, "+HHMM" },
	{ "Fri, 22 Sep 2023 14:48:21 +09:00", SEP22, "+HH:MM" },
	{ "Fri, 22 Sep 2023 14:48:21 +09", SEP22, "+HH" },
	{ "Thu, 21 Sep 2023 22:48:21 -0700", SEP22, "-HHMM" },
	{ "Thu, 21 Sep 2023 22:48:21 -07", SEP22, "-HH" },
	{ "Fri, 22 Sep 2023 11:18:21 +0530", SEP22, "half-hour offset" },
	{ "Thu, 21 Sep 2023 20:18:21 -0930", SEP22, "negative half hour" },
	{ "Fri, 22 Sep 2023 14:48:21+0900", SEP22, "offset without space" },
	{ "Sat, 31 Dec 2022 23:00:00 -0100", "2023-01-01T00:00:00Z",
	  "offset crosses into the next year" },
	{ "Sun, 01 Jan 2023 08:00:00 +0900", "2022-12-31T23:00:00Z",
	  "offset crosses into the previous year" },
	/* Case. */
	{ "fri, 22 sep 2023 05:48:21 gmt", SEP22, "lower case" },
	{ "FRI, 22 SEP 2023 05:48:21 GMT", SEP22, "upper case" },
	{ "Fri, 22 sEp 2023 14:48:21 kSt", SEP22, "mixed case" },
	/* Months. */
	{ "Fri, 22 September 2023 05:48:21 GMT", SEP22, "full month name" },
	{ "Fri, 22 Sept 2023 05:48:21 GMT", SEP22, "Sept" },
	{ "Fri, 22 Sep. 2023 05:48:21 GMT", SEP22, "month with a dot" },
	{ "Mon, 01 Jan 2024 00:00:00 GMT", "2024-01-01T00:00:00Z", "Jan" },
	{ "Thu, 01 Feb 2024 00:00:00 GMT", "2024-02-01T00:00:00Z", "Feb" },
	{ "Fri, 01 Mar 2024 00:00:00 GMT", "2024-03-01T00:00:00Z", "Mar" },
	{ "Mon, 01 Apr 2024 00:00:00 GMT", "2024-04-01T00:00:00Z", "Apr" },
	{ "Wed, 01 May 2024 00:00:00 GMT", "2024-05-01T00:00:00Z", "May" },
	{ "Sat, 01 Jun 2024 00:00:00 GMT", "2024-06-01T00:00:00Z", "Jun" },
	{ "Mon, 01 Jul 2024 00:00:00 GMT", "2024-07-01T00:00:00Z", "Jul" },
	{ "Thu, 01 Aug 2024 00:00:00 GMT", "2024-08-01T00:00:00Z", "Aug" },
	{ "Tue, 01 Oct 2024 00:00:00 GMT", "2024-10-01T00:00:00Z", "Oct" },
	{ "Fri, 01 Nov 2024 00:00:00 GMT", "2024-11-01T00:00:00Z", "Nov" },
	{ "Sun, 01 Dec 2024 00:00:00 GMT", "2024-12-01T00:00:00Z", "Dec" },
	/* Spacing and commas. */
	{ "Fri,  22  Sep  2023   05:48:21   GMT", SEP22, "extra spaces" },
	{ "  Fri, 22 Sep 2023 05:48:21 GMT  ", SEP22,
	  "leading and trailing spaces" },
	{ "\tFri, 22 Sep 2023 05:48:21 GMT\r\n", SEP22, "tab and CRLF" },
	{ "Fri, 22 Sep, 2023 05:48:21 GMT", SEP22, "comma after the month" },
	{ "Fri, 22 Sep 2023, 05:48:21 GMT", SEP22, "comma after the year" },
	{ "Fri,, 22 Sep 2023 05:48:21 GMT", SEP22, "two commas" },
	{ "Fri, 2 Sep 2023 05:48:21 GMT", "2023-09-02T05:48:21Z",
	  "single-digit day" },
	{ "Fri, 02 Sep 2023 05:48:21 GMT", "2023-09-02T05:48:21Z",
	  "zero-padded day" },
	{ "Friday, 22-Sep-23 05:48:21 GMT", SEP22, "RFC 850 dashes" },
	{ "Fri,22-Sep-2023 05:48:21 GMT", SEP22, "dashes, four-digit year" },
	/* Trailing text after the zone, and comments. */
	{ "Thu, 21 Sep 2023 22:48:21 PDT (PDT)", SEP22, "comment after name" },
	{ "Thu, 21 Sep 2023 22:48:21 -0700 (PDT)", SEP22,
	  "comment after offset" },
	{ "Thu, 21 Sep 2023 22:48:21 (PDT)", SEP22, "zone only in a comment" },
	{ "Fri, 22 Sep 2023 05:48:21 (Coordinated Universal Time)", SEP22,
	  "unknown comment, no zone: UTC" },
	{ "Fri, 22 Sep 2023 14:48:21 +0900 KST", SEP22, "name after offset" },
	{ "Fri, 22 Sep 2023 05:48:21 GMT garbage here", SEP22,
	  "garbage after the zone" },
	{ "Fri, 22 Sep 2023 05:48:21 +0000 (UTC)", SEP22, "+0000 (UTC)" },
	{ "Fri, 22 Sep 2023 14:48:21 GMT+0900", SEP22, "GMT+0900" },
	{ "Fri, 22 Sep 2023 14:48:21 GMT+09:00", SEP22, "GMT+09:00" },
	{ "Thu, 21 Sep 2023 22:48:21 GMT-0700", SEP22, "GMT-0700" },
	{ "Fri, 22 Sep 2023 14:48:21 UTC+9", SEP22, "UTC+9" },
	{ "Fri, 22 Sep 2023 05:48:21 GMT+0000", SEP22, "GMT+0000" },
	{ "Fri, 22 Sep 2023 05:48:21", SEP22, "no zone is UTC" },
	/* Month-first orders. */
	{ "Fri Sep 22 05:48:21 2023", SEP22, "asctime" },
	{ "Sat Sep  2 05:48:21 2023", "2023-09-02T05:48:21Z",
	  "asctime, space-padded day" },
	{ "Fri Sep 22 14:48:21 KST 2023", SEP22, "date(1): zone before year" },
	{ "Fri Sep 22 05:48:21 2023 GMT", SEP22, "asctime, zone after year" },
	{ "Sep 22 2023 05:48:21 GMT", SEP22, "month first, year then time" },
	{ "September 22, 2023 05:48:21 GMT", SEP22, "month first, comma" },
	{ "Fri Sep 22 2023 14:48:21 GMT+0900 (Korean Standard Time)", SEP22,
	  "JavaScript Date.toString" },
	{ "Fri Sep 22 14:48:21 +0900 2023", SEP22,
	  "asctime with an offset before the year (Twitter)" },

	/* Greek month and weekday abbreviations. */
	{ "Κυρ, 11 Ιούλ 2004 12:00:00 EST", "2004-07-11T17:00:00Z",
	  "Greek, accented month" },
	{ "Παρ, 22 Σεπ 2023 05:48:21 GMT", SEP22, "Greek Friday, September" },
	{ "Παρ, 22 Σεπτ 2023 05:48:21 GMT", NULL,
	  "Greek names are matched whole" },
	{ "Τρί, 02 Μαϊ 2023 00:00:00 GMT", "2023-05-02T00:00:00Z",
	  "Greek May with diaeresis" },
	{ "Παρασκευή, 22 Σεπτεμβρίου 2023 08:48:21 +0300", SEP22,
	  "Greek names in full, genitive month" },
	{ "22 Μαΐου 2023", "2023-05-22T00:00:00Z", "Greek May, genitive" },
	{ "Δεκέμβριος 31, 2023", "2023-12-31T00:00:00Z",
	  "Greek nominative month first" },

	/* Year-first slashes (Perforce). */
	{ "Fri, 2006/09/15 08:19:53 EDT", "2006-09-15T12:19:53Z", "Perforce" },
	{ "2023/09/22 05:48:21", SEP22, "year-first slashes, no zone: UTC" },
	{ "2023/9/22", "2023-09-22T00:00:00Z",
	  "year-first slashes, date only" },
	{ "2023/09/21 8:48:21 PM -0900", SEP22, "year-first slashes, PM" },

	/* RFC 3339 / ISO 8601 / W3C-DTF. */
	{ "2023-09-22T05:48:21Z", SEP22, "RFC 3339" },
	{ "2023-09-22T05:48:21z", SEP22, "lower-case z" },
	{ "2023-09-22t05:48:21Z", SEP22, "lower-case t" },
	{ "2023-09-22T14:48:21+09:00", SEP22, "+HH:MM" },
	{ "2023-09-22T14:48:21+0900", SEP22, "+HHMM" },
	{ "2023-09-22T14:48:21+09", SEP22, "+HH" },
	{ "2023-09-21T22:48:21-07:00", SEP22, "-HH:MM" },
	{ "2023-09-22T05:48:21-00:00", SEP22, "-00:00 unknown local" },
	{ "2023-09-22T05:48:21+00", SEP22, "+00" },
	{ "2023-09-22T11:18:21+05:30", SEP22, "half-hour offset" },
	{ "2023-09-22T05:48:21.123Z", SEP22, "milliseconds dropped" },
	{ "2023-09-22T05:48:21.123456789Z", SEP22, "nanoseconds dropped" },
	{ "2023-09-22T05:48:21.99999999999999999999Z", SEP22,
	  "20 fraction digits, truncated" },
	{ "2023-09-22T05:48:21,5Z", SEP22, "comma fraction" },
	{ "2023-09-22T14:48:21.5+09:00", SEP22, "fraction and offset" },
	{ "2023-09-22T05:48:21.000+00:00", SEP22, "zero fraction" },
	{ "2023-09-22T05:48Z", "2023-09-22T05:48:00Z", "no seconds" },
	{ "2023-09-22T14:48+09:00", "2023-09-22T05:48:00Z",
	  "no seconds, offset" },
	{ "2023-09-22T5:48:21Z", SEP22, "single-digit hour" },
	{ "2023-09-22T05:48:21", SEP22, "no zone is UTC" },
	{ "2023-09-22", "2023-09-22T00:00:00Z", "date only" },
	{ "2023-09", "2023-09-01T00:00:00Z", "year and month" },
	{ "2023", "2023-01-01T00:00:00Z", "year only (W3C-DTF)" },
	{ "2023-9-2", "2023-09-02T00:00:00Z", "single-digit month and day" },
	{ "2023-265", "2023-09-22T00:00:00Z", "ordinal date" },
	{ "2024-060", "2024-02-29T00:00:00Z", "ordinal leap day" },
	{ "2024-366", "2024-12-31T00:00:00Z", "ordinal day 366" },
	{ "20230922T054821Z", SEP22, "basic format" },
	{ "20230922T144821+0900", SEP22, "basic format, offset" },
	{ "20230922T0548Z", "2023-09-22T05:48:00Z", "basic, no seconds" },
	{ "20230922T054821.5Z", SEP22, "basic, fraction" },
	{ "20230922", "2023-09-22T00:00:00Z", "basic date only" },
	/* ISO 8601:1988 truncated forms and two-digit years. */
	{ "-0312", "2003-12-01T00:00:00Z", "truncated -YYMM" },
	{ "-03-12", "2003-12-01T00:00:00Z", "truncated -YY-MM" },
	{ "-03", "2003-01-01T00:00:00Z", "truncated -YY" },
	{ "-9912", "1999-12-01T00:00:00Z", "truncated -YYMM, 19xx" },
	{ "031231", "2003-12-31T00:00:00Z", "YYMMDD" },
	{ "230922T054821Z", SEP22, "YYMMDD with a time" },
	{ "03-12-31", "2003-12-31T00:00:00Z", "YY-MM-DD" },
	{ "03-335", "2003-12-01T00:00:00Z", "YY-DDD ordinal" },
	{ "2003335", "2003-12-01T00:00:00Z", "basic ordinal YYYYDDD" },
	{ "2023265T054821Z", SEP22, "basic ordinal with a time" },
	{ "2003-012-31T10:14:55+00:00", "2003-12-31T10:14:55Z",
	  "Google's three-digit month 012" },
	{ "2004-07-08 23:56:58 -00:20", "2004-07-09T00:16:58Z",
	  "MSSQL, space before an odd offset" },
	/* Month names in ISO 8601 order (Hungarian feeds). */
	{ "2004-július-13T9:15-05:00", "2004-07-13T14:15:00Z",
	  "Hungarian month name" },
	{ "2023-szeptember-22T05:48:21Z", SEP22, "Hungarian September" },
	{ "2023-Sep-22", "2023-09-22T00:00:00Z", "English month abbreviation" },
	{ "2023-09-22 05:48:21", SEP22, "space for T, no zone" },
	{ "2023-09-22 14:48:21+09:00", SEP22, "space for T, offset" },
	{ "2023-09-22 14:48:21 +0900", SEP22, "Ruby Time#to_s" },
	{ "2023-09-22 05:48:21 UTC", SEP22, "zone name after space" },
	{ "2023-09-22 14:48:21 JST", SEP22, "JST after space" },
	{ "2023-09-22  05:48:21", SEP22, "two spaces for T" },
	{ "2023-09-22T14:48:21 +09:00", SEP22, "space before offset" },
	{ "2023-09-22T14:48:21+09:00[Asia/Seoul]", SEP22,
	  "RFC 9557 suffix" },
	{ "2023-09-22T05:48:21Z[UTC]", SEP22, "RFC 9557 suffix after Z" },
	{ "  2023-09-22T05:48:21Z \n", SEP22, "surrounding white space" },
	{ "2016-12-31T23:59:60Z", "2016-12-31T23:59:59Z", "leap second" },
	{ "2023-09-22T24:00:00Z", "2023-09-23T00:00:00Z", "24:00:00" },
	{ "2023-12-31T24:00Z", "2024-01-01T00:00:00Z", "24:00 at year end" },
	{ "2024-02-29T12:00:00Z", "2024-02-29T12:00:00Z", "leap day" },
	{ "2000-02-29", "2000-02-29T00:00:00Z", "2000 is a leap year" },
	{ "1970-01-01T00:00:00Z", "1970-01-01T00:00:00Z", "epoch" },
	{ "1969-12-31T23:59:59Z", "1969-12-31T23:59:59Z", "before epoch" },
	{ "1000-01-01", "1000-01-01T00:00:00Z", "lowest year" },
	{ "9999-12-31T23:59:59Z", "9999-12-31T23:59:59Z", "highest year" },
	{ "2038-01-19T03:14:08Z", "2038-01-19T03:14:08Z", "past 2^31" },
	{ "2023-01-01T00:30:00+01:00", "2022-12-31T23:30:00Z",
	  "offset into the previous year" },
	{ "2022-12-31T23:30:00-01:00", "2023-01-01T00:30:00Z",
	  "offset into the next year" },

	/* What must not be read. */
	{ "", NULL, "empty" },
	{ "   ", NULL, "only spaces" },
	{ "Friday", NULL, "only a weekday" },
	{ "Fri,", NULL, "weekday and comma" },
	{ "not a date", NULL, "words" },
	{ "12345", NULL, "five digits" },
	{ "22/09/2023", NULL, "numeric month, order unknown" },
	{ "Foo, 2023/09/22 05:48:21", NULL, "year-first slashes, no weekday" },
	{ "2023/09/22 05:48:21 foo", NULL, "year-first slashes, bad zone" },
	{ "2023-02-30", NULL, "Feb 30" },
	{ "2023-02-29", NULL, "Feb 29 in a common year" },
	{ "1900-02-29", NULL, "1900 is not a leap year" },
	{ "Mon, 29 Feb 2100 00:00:00 GMT", NULL, "2100 is not a leap year" },
	{ "2023-13-01", NULL, "month 13" },
	{ "2023-00-10", NULL, "month 0" },
	{ "2023-09-00", NULL, "day 0" },
	{ "2023-09-31", NULL, "Sep 31" },
	{ "Fri, 31 Sep 2023 05:48:21 GMT", NULL, "Sep 31, RFC 822" },
	{ "Fri, 32 Sep 2023 05:48:21 GMT", NULL, "day 32" },
	{ "2023-09-22T25:00:00Z", NULL, "hour 25" },
	{ "Fri, 22 Sep 2023 25:48:21 GMT", NULL, "hour 25, RFC 822" },
	{ "2023-09-22T05:60:00Z", NULL, "minute 60" },
	{ "Fri, 22 Sep 2023 05:61:21 GMT", NULL, "minute 61, RFC 822" },
	{ "2023-09-22T05:48:61Z", NULL, "second 61" },
	{ "2023-09-22T24:00:01Z", NULL, "past 24:00" },
	{ "Fri, 22 Sep 2023 24:30:00 GMT", NULL, "past 24:00, RFC 822" },
	{ "0001-01-01T00:00:00Z", NULL, ".NET/Go zero time means no date" },
	{ "0001-01-01T00:00:00+09:00", NULL, "zero time with an offset" },
	{ "Mon, 01 Jan 0001 00:00:00 GMT", NULL, "zero time, RFC 1123" },
	{ "0000-12-31", NULL, "year 0" },
	{ "10000-01-01", NULL, "five-digit year" },
	{ "9999-12-31T23:59:59-00:01", NULL, "offset carries past 9999" },
	{ "9999-12-31T24:00:00Z", NULL, "24:00 carries past 9999" },
	{ "31 Dec 9999 23:59 S", NULL, "military zone carries past 9999" },
	{ "0001-01-02T00:30:00+01:00", "0001-01-01T23:30:00Z",
	  "offset carries into day one, which is read" },
	{ "Mon, 1 Jan 1000 00:00:00 +0000", "1000-01-01T00:00:00Z",
	  "first instant" },
	{ "Fri, 22 Sep 023 05:48:21 GMT", NULL, "three-digit year" },
	{ "22 Foo 2023 05:48:21 GMT", NULL, "unknown month" },
	{ "Fri, 22 Sep 2023 05:48:21 XYZ", NULL, "unknown zone" },
	{ "Fri, 22 Sep 2023 05:48:21 GMTfoo", NULL, "zone run into a word" },
	{ "Fri, 22 Sep 2023 05:48:21 J", NULL, "military J" },
	{ "Fri, 22 Sep 2023 05:48:21 0900", NULL, "offset without sign" },
	{ "Fri, 22 Sep 2023 05:48:21 -", NULL, "sign without offset" },
	{ "Fri, 22 Sep 2023 05:48:21 GMT+123", NULL, "three-digit offset" },
	{ "Fri, 22 Sep 2023 13:48 PM", NULL, "PM after hour 13" },
	{ "Fri, 22 Sep 2023 5:4:21 GMT", NULL, "one-digit minute" },
	{ "Sep 2023", NULL, "no day" },
	{ "22 Sep", NULL, "no year" },
	{ "Sep 22 05:48:21", NULL, "asctime without year" },
	{ "Fri, 22 Sep 2023 garbage", NULL, "garbage for a time" },
	{ "2023-09-22T05:48:21+25:00", NULL, "offset hour 25" },
	{ "2023-09-22T05:48:21+09:60", NULL, "offset minute 60" },
	{ "2023-09-22T05:48:21Zjunk", NULL, "text after ISO zone" },
	{ "2023-09-22T05:48:21+0900 (KST)", NULL, "comment after ISO zone" },
	{ "2023-09-22T05:48:21A", NULL, "military letter in ISO 8601" },
	{ "2023-09-22T05:48:21.Z", NULL, "dot without fraction digits" },
	{ "2023-09-22Tfoo", NULL, "T without a time" },
	{ "2023-09-22T", NULL, "T at the end" },
	{ "2023-09-22 foo", NULL, "text after the date" },
	{ "2023-09T05:48", NULL, "time after year-month" },
	{ "20230922054821", NULL, "basic without T" },
	{ "202309", NULL, "basic year-month is not ISO" },
	{ "2023-W38-5", NULL, "week date" },
	{ "2023-366", NULL, "ordinal 366 in a common year" },
	{ "2023-000", NULL, "ordinal day 0" },
	{ "T05:48:21Z", NULL, "time without date" },
	{ "22013", NULL, "five digits are not YYDDD" },
	{ "013", NULL, "three digits" },
	{ "-3", NULL, "truncated year of one digit" },
	{ "-031", NULL, "truncated, three digits" },
	{ "-0312T05:48Z", NULL, "time after a truncated date" },
	{ "03-12", NULL, "two-digit year needs a day" },
	{ "2003-0123-01", NULL, "four-digit month" },
	{ "2013-01-27-01", NULL, "date with too many parts" },
	{ "2013-01-28T11:30:00-06:00Textra", NULL, "text after the offset" },
	{ "2023-foo-22", NULL, "unknown month name" },
	{ "2023-13-22T05:48Z", NULL, "month 13 with a time" },

	/* Korean, Japanese and Chinese. */
	{ "2004-05-25 오후 11:23:17", "2004-05-25T14:23:17Z",
	  "Korean PM before the time (nate), KST" },
	{ "2004년 05월 28일  01:31:15", "2004-05-27T16:31:15Z",
	  "년 월 일 (onblog), KST" },
	{ "2023년 9월 22일 오후 2:48", "2023-09-22T05:48:00Z",
	  "Korean, one-digit month, PM" },
	{ "2023년 9월 22일 (금) 오전 12:05", "2023-09-21T15:05:00Z",
	  "Korean weekday in parentheses, 12 AM" },
	{ "2023년 9월 22일 금요일 오후 12:05", "2023-09-22T03:05:00Z",
	  "Korean weekday written out, 12 PM" },
	{ "2023. 9. 22. 오후 2:48:21", SEP22, "Korean dotted date" },
	{ "2023년 9월 22일 14시 48분 21초", SEP22, "Korean 시 분 초" },
	{ "2023년 9월 22일", "2023-09-21T15:00:00Z", "Korean date only, KST" },
	{ "2023-09-22 2:48:21 오후", SEP22, "Korean PM after the time" },
	{ "2023年9月22日 13:48", "2023-09-22T05:48:00Z",
	  "年月日 alone: +0800" },
	{ "2023年09月22日 13:48:21", SEP22, "Chinese, zero-padded" },
	{ "2023年9月22日 下午1:48:21", SEP22, "Chinese PM 下午" },
	{ "2023年9月22日 星期五 13:48:21", SEP22, "Chinese weekday 星期五" },
	{ "2023年9月22日（五）13:48:21", SEP22, "full-width parentheses" },
	{ "2023年9月22日 13时48分21秒", SEP22, "Chinese 时 分 秒" },
	{ "2023年9月22日 午後2時48分21秒", SEP22, "Japanese 午後: +0900" },
	{ "2023年9月22日 金曜日 14:48:21", SEP22, "Japanese 曜日: +0900" },
	{ "2023年9月22日 14時48分", "2023-09-22T06:48:00Z",
	  "時 alone is also Chinese: +0800" },
	{ "2023年9月22日 14:48:21 JST", SEP22, "CJK date with a zone name" },
	{ "2023年9月22日 05:48:21 +0000", SEP22, "CJK date with an offset" },
	{ "2023年9月22日", "2023-09-21T16:00:00Z", "年月日 date only" },
	{ "令和5年9月22日 午後2時48分21秒", SEP22,
	  "Japanese era 令和 5 = 2023" },
	{ "令和元年5月1日", "2019-04-30T15:00:00Z",
	  "元年: an era's first year" },
	{ "平成31年4月30日 23:59", "2019-04-30T14:59:00Z", "era 平成" },
	{ "民國112年9月22日 13:48:21", SEP22,
	  "Taiwan's 民國 112 = 2023, +0800" },
	{ "令和5-9-22", NULL, "era year needs 年" },
	{ "令和年9月22日", NULL, "era without its year" },
	{ "２０２３年９月２２日　１４：４８：２１", "2023-09-22T06:48:21Z",
	  "full-width digits, colon and space" },
	{ "2023年9月22日（金）午後2：48", "2023-09-22T05:48:00Z",
	  "full-width parentheses and colon, Japanese" },
	{ "２０２３－０９－２２ 오후 ２:４８", "2023-09-22T05:48:00Z",
	  "full-width hyphens, Korean" },
	{ "２０２３-09-22T05:48:21Z", NULL,
	  "full-width digits are not ISO 8601" },
	{ "2023.09.22 05:48", NULL, "dots without a CJK word" },
	{ "2023年13月1日", NULL, "month 13 in 年月日" },
	{ "2023年9月22日 오후", NULL, "afternoon word without a time" },
	{ "2023-09-22 오후 13:00", NULL, "PM after hour 12" },
	{ "2023年9月22日 14:48 garbage", NULL, "text after a CJK date" },
	{ "2023年9月22日 14時xx分", NULL, "時 without minutes" },
	{ "2023年9月22日 星期\xe4", NULL,
	  "weekday cut off at the end (sanitizer build)" },
	{ "2023年9月22日 金曜", NULL, "曜日 cut off at the end" },
	{ "2023-09-22T05:48:21[UTC", NULL, "unclosed RFC 9557 suffix" },
};

static void
test_parse_table(void **state)
{
	size_t	 i, n = sizeof date_cases / sizeof date_cases[0], bad = 0;
	char	 got[DATE_RFC3339_SIZE];
	int64_t	 t;

	(void)state;
	for (i = 0; i < n; i++) {
		const struct date_case *c = &date_cases[i];

		t = date_parse(c->in);
		if (t == DATE_NONE)
			snprintf(got, sizeof got, "NULL");
		else if (date_format_rfc3339(t, got, sizeof got) != 0)
			snprintf(got, sizeof got, "unformattable");
		if (strcmp(got, c->want != NULL ? c->want : "NULL") != 0) {
			print_error("row %zu (%s): \"%s\": want %s, got %s\n",
			    i + 1, c->quirk, c->in,
			    c->want != NULL ? c->want : "NULL", got);
			bad++;
		}
	}
	print_message("%zu rows, %zu failed\n", n, bad);
	assert_int_equal(bad, 0);
}

/* Each family refuses the other, and NULL is refused everywhere. */
static void
test_parse_families(void **state)
{
	(void)state;
	assert_true(date_parse_iso8601("2023-09-22T05:48:21Z") ==
	    date_parse_rfc822("Fri, 22 Sep 2023 05:48:21 GMT"));
	assert_true(date_parse_rfc822("2023-09-22T05:48:21Z") == DATE_NONE);
	assert_true(date_parse_iso8601("Fri, 22 Sep 2023 05:48:21 GMT") ==
	    DATE_NONE);
	assert_true(date_parse_iso8601("  2023-09-22") ==
	    date_from_civil(2023, 9, 22, 0, 0, 0));
	assert_true(date_parse(NULL) == DATE_NONE);
	assert_true(date_parse_rfc822(NULL) == DATE_NONE);
	assert_true(date_parse_iso8601(NULL) == DATE_NONE);
}

/* Known instants, computed by hand. */
static void
test_from_civil(void **state)
{
	(void)state;
	assert_true(date_from_civil(1970, 1, 1, 0, 0, 0) == 0);
	assert_true(date_from_civil(1969, 12, 31, 23, 59, 59) == -1);
	assert_true(date_from_civil(2000, 2, 29, 0, 0, 0) == 951782400);
	assert_true(date_from_civil(2000, 3, 1, 0, 0, 0) == 951868800);
	assert_true(date_from_civil(1900, 3, 1, 0, 0, 0) -
	    date_from_civil(1900, 2, 28, 0, 0, 0) == 86400);
	assert_true(date_from_civil(1900, 1, 1, 0, 0, 0) == -2208988800LL);
	assert_true(date_from_civil(2023, 9, 22, 5, 48, 21) == 1695361701);
	assert_true(date_from_civil(2038, 1, 19, 3, 14, 8) == 2147483648LL);
	assert_true(date_from_civil(0, 1, 1, 0, 0, 0) == -62167219200LL);
	assert_true(date_from_civil(1000, 1, 1, 0, 0, 0) == -30610224000LL);
	assert_true(date_from_civil(9999, 12, 31, 23, 59, 59) ==
	    253402300799LL);
	assert_true(date_from_civil(-1, 12, 31, 0, 0, 0) ==
	    -62167219200LL - 86400);
	/* Fields other than the month may run over. */
	assert_true(date_from_civil(2023, 3, 0, 0, 0, 0) ==
	    date_from_civil(2023, 2, 28, 0, 0, 0));
	assert_true(date_from_civil(2023, 9, 22, 24, 0, 0) ==
	    date_from_civil(2023, 9, 23, 0, 0, 0));
	assert_true(date_from_civil(2023, 0, 1, 0, 0, 0) == DATE_NONE);
	assert_true(date_from_civil(2023, 13, 1, 0, 0, 0) == DATE_NONE);
}

static int
test_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

/* Walk every day from 1600 to 2400: each is 86400 s after the one before,
 * formats as itself and parses back to the same instant. */
static void
test_civil_walk(void **state)
{
	static const int mdays[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31,
		30, 31 };
	char	 want[DATE_RFC3339_SIZE], got[DATE_RFC3339_SIZE];
	int64_t	 t, prev = date_from_civil(1599, 12, 31, 12, 34, 56);
	int	 y, m, d, last;

	(void)state;
	for (y = 1600; y <= 2400; y++) {
		for (m = 1; m <= 12; m++) {
			last = mdays[m - 1] + (m == 2 && test_leap(y));
			for (d = 1; d <= last; d++) {
				t = date_from_civil(y, m, d, 12, 34, 56);
				if (t - prev != 86400)
					fail_msg("%04d-%02d-%02d: step %lld",
					    y, m, d, (long long)(t - prev));
				snprintf(want, sizeof want,
				    "%04d-%02d-%02dT12:34:56Z", y, m, d);
				assert_int_equal(date_format_rfc3339(t, got,
				    sizeof got), 0);
				assert_string_equal(got, want);
				if (y >= 1000 && date_parse(got) != t)
					fail_msg("%s does not parse back", got);
				prev = t;
			}
		}
	}
}

static void
test_format(void **state)
{
	char	 buf[DATE_RFC3339_SIZE];
	char	 small[20];

	(void)state;
	assert_int_equal(date_format_rfc3339(0, buf, sizeof buf), 0);
	assert_string_equal(buf, "1970-01-01T00:00:00Z");
	assert_int_equal(date_format_rfc3339(-1, buf, sizeof buf), 0);
	assert_string_equal(buf, "1969-12-31T23:59:59Z");
	assert_int_equal(date_format_rfc3339(951782400, buf, sizeof buf), 0);
	assert_string_equal(buf, "2000-02-29T00:00:00Z");
	assert_int_equal(date_format_rfc3339(-2203891200LL, buf, sizeof buf),
	    0);
	assert_string_equal(buf, "1900-03-01T00:00:00Z");
	assert_int_equal(date_format_rfc3339(-62167219200LL, buf, sizeof buf),
	    0);
	assert_string_equal(buf, "0000-01-01T00:00:00Z");
	assert_int_equal(date_format_rfc3339(253402300799LL, buf, sizeof buf),
	    0);
	assert_string_equal(buf, "9999-12-31T23:59:59Z");
	/* Out of range, DATE_NONE and a short buffer: -1 and "". */
	assert_int_equal(date_format_rfc3339(253402300800LL, buf, sizeof buf),
	    -1);
	assert_string_equal(buf, "");
	assert_int_equal(date_format_rfc3339(-62167219201LL, buf, sizeof buf),
	    -1);
	assert_string_equal(buf, "");
	assert_int_equal(date_format_rfc3339(DATE_NONE, buf, sizeof buf), -1);
	assert_string_equal(buf, "");
	assert_int_equal(date_format_rfc3339(0, small, sizeof small), -1);
	assert_string_equal(small, "");
	assert_int_equal(date_format_rfc3339(0, NULL, 0), -1);
}

/* Instants spread over the readable years survive format then parse. */
static void
test_round_trip(void **state)
{
	char		 buf[DATE_RFC3339_SIZE];
	uint64_t	 x = 88172645463325252ULL;
	int64_t		 lo = date_from_civil(1000, 1, 1, 0, 0, 0);
	int64_t		 span = date_from_civil(9999, 12, 31, 23, 59, 59) - lo;
	int64_t		 t;
	int		 i;

	(void)state;
	for (i = 0; i < 100000; i++) {
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		t = lo + (int64_t)(x % (uint64_t)(span + 1));
		assert_int_equal(date_format_rfc3339(t, buf, sizeof buf), 0);
		if (date_parse(buf) != t)
			fail_msg("%lld -> %s does not parse back", (long long)t,
			    buf);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_table),
		cmocka_unit_test(test_parse_families),
		cmocka_unit_test(test_from_civil),
		cmocka_unit_test(test_civil_walk),
		cmocka_unit_test(test_format),
		cmocka_unit_test(test_round_trip),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
