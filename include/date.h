/* date.h: reading the date formats feeds use (RFC 822/2822 and their
 * wild deviations, RFC 3339/ISO 8601/W3C-DTF, Korean, Japanese, Chinese,
 * Greek and Hungarian dates) and writing RFC 3339 UTC. */
#ifndef DATE_H
#define DATE_H

#include <stddef.h>
#include <stdint.h>

/* A timestamp that is not there or could not be read. */
#define DATE_NONE	INT64_MIN
/* Room for "YYYY-MM-DDTHH:MM:SSZ" and a NUL, with slack. */
#define DATE_RFC3339_SIZE 32

/* Seconds since the epoch (UTC) for the date in s, in any format date.c
 * knows, or DATE_NONE when s is NULL, empty or cannot be read without
 * guessing. s is UTF-8. */
int64_t	 date_parse(const char *s);
/* Only RFC 822 family, or only ISO 8601 family; DATE_NONE on failure. */
int64_t	 date_parse_rfc822(const char *s);
int64_t	 date_parse_iso8601(const char *s);
/* Write t as "2023-09-22T05:48:21Z" into buf; returns 0, or -1 (buf set
 * to "") if t is DATE_NONE or outside years 0000-9999. */
int	 date_format_rfc3339(int64_t t, char *buf, size_t size);
/* Days-from-civil: seconds since the epoch for a UTC broken-down time
 * (month 1-12), without touching the process time zone. */
int64_t	 date_from_civil(int year, int month, int day, int hour, int min,
	     int sec);

#endif
