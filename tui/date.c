/*
 * date.c: RFC 5322 dates (and the common sloppy variants) to seconds since
 * 1970, for sorting and for the index column.  A small hand parser: no
 * strptime, whose behaviour depends on the locale.
 */
#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "tui/tuiint.h"

static const char months[12][4] = {
	"Jan", "Feb", "Mar", "Apr", "May", "Jun",
	"Jul", "Aug", "Sep", "Oct", "Nov", "Dec"
};

/* Zone names RFC 5322 still allows, in minutes east of UTC. */
static const struct { const char *name; int minutes; } zones[] = {
	{ "UT", 0 }, { "UTC", 0 }, { "GMT", 0 }, { "Z", 0 },
	{ "EST", -300 }, { "EDT", -240 }, { "CST", -360 }, { "CDT", -300 },
	{ "MST", -420 }, { "MDT", -360 }, { "PST", -480 }, { "PDT", -420 },
};

static const char *
skip(const char *s)
{
	while (*s == ' ' || *s == '\t' || *s == ',' || *s == '\r' ||
	    *s == '\n')
		s++;
	return s;
}

static int
number(const char **sp, int maxdigits, long *out)
{
	const char	*s = *sp;
	long		 v = 0;
	int		 n = 0;

	while (isdigit((unsigned char)*s) && n < maxdigits) {
		v = v * 10 + (*s++ - '0');
		n++;
	}
	if (n == 0)
		return -1;
	*sp = s;
	*out = v;
	return n;
}

/* Days from 1970-01-01 to Y-M-D (proleptic Gregorian). */
static int64_t
days_from_civil(long y, long m, long d)
{
	long	 era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return (int64_t)era * 146097 + doe - 719468;
}

static int
zone(const char *s)
{
	size_t	 i, len;
	long	 v;
	int	 sign;

	if (*s == '+' || *s == '-') {
		sign = *s == '-' ? -1 : 1;
		s++;
		if (number(&s, 4, &v) != 4)
			return 0;
		return sign * (int)(v / 100 * 60 + v % 100);
	}
	for (len = 0; isalpha((unsigned char)s[len]); len++)
		;
	for (i = 0; i < sizeof(zones) / sizeof(zones[0]); i++)
		if (strlen(zones[i].name) == len &&
		    strncasecmp(zones[i].name, s, len) == 0)
			return zones[i].minutes;
	return 0;
}

/* The month S begins with (its three letters, any case), 1 to 12; or -1.
 * Every record's date passes here while a mailbox loads: the letters are
 * folded once rather than compared with each name in turn. */
static long
month(const char *s)
{
	char	 low[3];
	int	 i;

	for (i = 0; i < 3; i++) {
		if (!isalpha((unsigned char)s[i]))
			return -1;
		low[i] = (char)(s[i] | 0x20);
	}
	/* the names' last two letters are lower case already */
	for (i = 0; i < 12; i++)
		if (low[0] == (months[i][0] | 0x20) &&
		    memcmp(low + 1, months[i] + 1, 2) == 0)
			return i + 1;
	return -1;
}

int64_t
tui_parse_date(const char *s)
{
	long	 day, mon, year, hh, mm, ss = 0;
	int	 nd;

	if (s == NULL)
		return TUI_NODATE;
	s = skip(s);
	if (isalpha((unsigned char)*s)) {	/* day of week */
		while (isalpha((unsigned char)*s))
			s++;
		s = skip(s);
	}
	if (number(&s, 2, &day) < 0)
		return TUI_NODATE;
	s = skip(s);
	if (*s == '-')
		s++;
	if ((mon = month(s)) < 0)
		return TUI_NODATE;
	while (isalpha((unsigned char)*s))
		s++;
	if (*s == '-')
		s++;
	s = skip(s);
	if ((nd = number(&s, 4, &year)) < 0)
		return TUI_NODATE;
	if (nd <= 2)				/* obsolete two-digit year */
		year += year < 50 ? 2000 : 1900;
	else if (nd == 3)
		year += 1900;
	s = skip(s);
	if (number(&s, 2, &hh) < 0 || *s++ != ':' || number(&s, 2, &mm) < 0)
		return TUI_NODATE;
	if (*s == ':') {
		s++;
		if (number(&s, 2, &ss) < 0)
			return TUI_NODATE;
	}
	if (day < 1 || day > 31 || hh > 23 || mm > 59 || ss > 60)
		return TUI_NODATE;
	return days_from_civil(year, mon, day) * 86400 + hh * 3600 +
	    mm * 60 + ss - (int64_t)zone(skip(s)) * 60;
}

void
tui_format_date(int64_t t, char *buf, size_t len)
{
	struct tm	 tm;
	time_t		 tt = (time_t)t;

	if (t == TUI_NODATE || localtime_r(&tt, &tm) == NULL) {
		snprintf(buf, len, "-");
		return;
	}
	snprintf(buf, len, "%s %02d %02d:%02d", months[tm.tm_mon],
	    tm.tm_mday, tm.tm_hour, tm.tm_min);
}
