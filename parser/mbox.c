/*
 * mbox.c: splitting an mbox.  The file is read front to back with pread()
 * (read() for a pipe) through one window; there is no memory map, because a
 * file truncated under a map kills the reader with SIGBUS.  Offsets are
 * 64-bit throughout.
 *
 * Where a message begins.  A line beginning "From " starts a new message
 * when it is the first line of the file, or when
 *  - the line before it is empty: mboxo and mboxrd writers put a blank line
 *    between messages, so a "From " line that a writer forgot to quote
 *    inside a body does not split the message unless it also follows a
 *    blank line; and
 *  - it reads like an envelope line: among its words (split at blanks and
 *    commas, judged on its first MB_AHEAD bytes) are a time (hh:mm or
 *    hh:mm:ss, a digit or two each) and either a weekday, a month name
 *    (English, any case) and a four-digit year, as ctime() and the other
 *    writers put there ("From MAILER-DAEMON Mon Nov  2 08:05:00 2026",
 *    "From - Sat Jan 01 00:00:00 2000", "From a@b Mon, 2 Nov 2026 08:05:00
 *    +0000"), or an ISO date ("From x 2026-11-02 08:05:00 +0000").  Prose
 *    after a blank line ("From the team ...") lacks them.
 * mutt asks for the date but not the blank line.  We ask for both: a wrong
 * split cuts a bounce in two, while a missed one needs a writer that broke
 * both conventions at once.  A ">From " line is returned as it is stored:
 * mboxo and mboxrd cannot be told apart, and the diagnosis does not care.
 *
 * A message's bytes leave out its From_ line and the empty line that
 * separates it from the next one (mb_frame), so a message reads the same
 * wherever it is stored.
 */
#include "config.h"

#include <sys/types.h>

#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "parser/mbint.h"

#define NOHIT		((size_t)-1)
#define WHOLE_STEP	(64 * 1024)	/* read at least this much at once */

/* The first line end (LF or CR) in S[0..N), or NULL. */
static const char *
find_eol(const char *s, size_t n)
{
	const char	*lf, *cr;

	lf = memchr(s, '\n', n);
	cr = memchr(s, '\r', lf != NULL ? (size_t)(lf - s) : n);
	return cr != NULL ? cr : lf;
}

static int
is_eol(char c)
{
	return c == '\n' || c == '\r';
}

/* ---- recognising a From_ line ---------------------------------------------- */

static int
is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static int
is_letter(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* Is the word W[0..N) one of the names in TABLE (three letters each), or a
 * longer word beginning with one ("Monday", "November")? */
static int
is_name(const char *w, size_t n, const char *table)
{
	char	 low[3];
	size_t	 i;

	if (n < 3)
		return 0;
	for (i = 0; i < n; i++)
		if (!is_letter(w[i]))
			return 0;
	for (i = 0; i < 3; i++)
		low[i] = (char)(w[i] | 0x20);
	for (; *table != '\0'; table += 3)
		if (memcmp(low, table, 3) == 0)
			return 1;
	return 0;
}

static int
is_year(const char *w, size_t n)
{
	return n == 4 && is_digit(w[0]) && is_digit(w[1]) &&
	    is_digit(w[2]) && is_digit(w[3]);
}

/* Groups of one or two digits, at least MIN and at most MAX of them,
 * separated by SEP: "08:05:00" for a time, "2026-11-02" after its year. */
static int
is_groups(const char *w, size_t n, char sep, int min, int max)
{
	size_t	 i = 0, d;
	int	 groups = 0;

	for (;;) {
		for (d = 0; i < n && is_digit(w[i]); i++)
			d++;
		if (d < 1 || d > 2 || ++groups > max)
			return 0;
		if (i == n)
			return groups >= min;
		if (w[i++] != sep)
			return 0;
	}
}

static int
is_time(const char *w, size_t n)
{
	return is_groups(w, n, ':', 2, 3);
}

/* yyyy-mm-dd */
static int
is_isodate(const char *w, size_t n)
{
	return n > 5 && is_year(w, 4) && w[4] == '-' &&
	    is_groups(w + 5, n - 5, '-', 2, 2);
}

static int
is_sep(char c)
{
	return c == ' ' || c == '\t' || c == ',';
}

enum { DAY = 1, MONTH = 2, TIME = 4, YEAR = 8, ISODATE = 16 };

int
mb_fromline(const char *s, size_t n)
{
	static const char	 days[] = "montuewedthufrisatsun";
	static const char	 months[] =
	    "janfebmaraprmayjunjulaugsepoctnovdec";
	const char		*eol, *p, *end, *w;
	unsigned		 seen = 0;

	if (n > MB_AHEAD)
		n = MB_AHEAD;
	if (n < 5 || memcmp(s, "From ", 5) != 0)
		return 0;
	if ((eol = find_eol(s, n)) == NULL && n == MB_AHEAD)
		return 0;			/* too long for a From_ line */
	end = eol != NULL ? eol : s + n;
	for (p = s + 5; p < end;) {
		while (p < end && is_sep(*p))
			p++;
		for (w = p; p < end && !is_sep(*p); p++)
			continue;
		if (is_name(w, (size_t)(p - w), days))
			seen |= DAY;
		else if (is_name(w, (size_t)(p - w), months))
			seen |= MONTH;
		else if (is_time(w, (size_t)(p - w)))
			seen |= TIME;
		else if (is_year(w, (size_t)(p - w)))
			seen |= YEAR;
		else if (is_isodate(w, (size_t)(p - w)))
			seen |= ISODATE;
	}
	return (seen & (DAY | MONTH | TIME | YEAR)) == (DAY | MONTH | TIME | YEAR)
	    || (seen & (ISODATE | TIME)) == (ISODATE | TIME);
}

/* S[0..N) without its last line when that is empty: the line an mbox
 * writer puts between two messages. */
static size_t
trim_sep(const char *s, size_t n)
{
	size_t	 t;

	if (n == 0 || !is_eol(s[n - 1]))
		return n;
	t = s[n - 1] == '\n' && n >= 2 && s[n - 2] == '\r' ? 2 : 1;
	if (n == t || is_eol(s[n - t - 1]))
		return n - t;
	return n;
}

size_t
mb_frame(const char *s, size_t n, int trim, size_t *skip)
{
	const char	*eol;
	size_t		 k = 0;

	if (n >= 5 && memcmp(s, "From ", 5) == 0) {
		if ((eol = find_eol(s, n)) == NULL) {
			*skip = n;
			return 0;
		}
		k = (size_t)(eol - s) + 1;
		if (*eol == '\r' && k < n && s[k] == '\n')
			k++;
	}
	*skip = k;
	return trim ? trim_sep(s + k, n - k) : n - k;
}

/* ---- the window -------------------------------------------------------------- */

void
mbscan_start(struct mbscan *sc, int fd, int stream, uint64_t offset)
{
	sc->fd = fd;
	sc->stream = stream;
	sc->rpos = sc->woff = offset;
	sc->len = sc->at = 0;
	sc->eof = 0;
	sc->error = 0;
}

void
mbscan_release(struct mbscan *sc)
{
	free(sc->w);
	sc->w = NULL;
	sc->len = sc->at = 0;
}

uint64_t
mbscan_pos(const struct mbscan *sc)
{
	return sc->woff + sc->at;
}

/* Read up to N bytes at the reading position: the count, 0 at the end, -1
 * with errno.  A pipe left non-blocking by whoever gave it to us is waited
 * for rather than taken for an error. */
static ssize_t
src_read(struct mbscan *sc, char *p, size_t n)
{
	struct pollfd	 pfd;
	ssize_t		 r;

	for (;;) {
		if (sc->stream)
			r = read(sc->fd, p, n);
		else
			r = pread(sc->fd, p, n, (off_t)sc->rpos);
		if (r >= 0)
			break;
		if (errno == EAGAIN && sc->stream) {
			pfd.fd = sc->fd;
			pfd.events = POLLIN;
			(void)poll(&pfd, 1, -1);
		} else if (errno != EINTR)
			return -1;
	}
	sc->rpos += (uint64_t)r;
	return r;
}

/* Read more into the window, first dropping what was handed out (but for
 * MB_BACK bytes).  The number of bytes added; 0 at the end. */
static size_t
fill(struct mbscan *sc)
{
	size_t	 drop;
	ssize_t	 r;

	if (sc->eof)
		return 0;
	if (sc->w == NULL)
		sc->w = xmalloc(MB_WIN);
	drop = sc->at > MB_BACK ? sc->at - MB_BACK : 0;
	if (drop > 0) {
		memmove(sc->w, sc->w + drop, sc->len - drop);
		sc->woff += drop;
		sc->len -= drop;
		sc->at -= drop;
	}
	if (sc->len == MB_WIN)
		return 0;			/* callers never let this happen */
	if ((r = src_read(sc, sc->w + sc->len, MB_WIN - sc->len)) <= 0) {
		if (r < 0)
			sc->error = errno;
		sc->eof = 1;
		return 0;
	}
	sc->len += (size_t)r;
	return (size_t)r;
}

size_t
mbscan_peek(struct mbscan *sc, size_t n)
{
	while (sc->len - sc->at < n && fill(sc) > 0)
		continue;
	return sc->len - sc->at;
}

/* ---- splitting ------------------------------------------------------------------ */

/* Does a message begin at W[I]? */
static int
starts_message(const struct mbscan *sc, size_t i)
{
	const char	*w = sc->w;
	size_t		 n = sc->len - i, t;

	if (n < 5 || memcmp(w + i, "From ", 5) != 0)
		return 0;
	/* at a line start, after an empty line (LF, CRLF or CR ends) */
	if (i < 2 || !is_eol(w[i - 1]))
		return 0;
	t = i - 1;
	if (w[t] == '\n' && w[t - 1] == '\r')
		t--;
	if (t == 0 || !is_eol(w[t - 1]))
		return 0;
	return mb_fromline(w + i, n);
}

/* The first message start in W[FROM..LIMIT), or NOHIT.  'F' is rare in
 * text, so memchr() for it is quicker than for line ends or memmem(). */
static size_t
find_start(const struct mbscan *sc, size_t from, size_t limit)
{
	const char	*p = sc->w + from, *end = sc->w + limit;

	while (p < end && (p = memchr(p, 'F', (size_t)(end - p))) != NULL) {
		if (starts_message(sc, (size_t)(p - sc->w)))
			return (size_t)(p - sc->w);
		p++;
	}
	return NOHIT;
}

/* Hand out W[AT..TO): kept in OUT unless the message, which began at
 * START, has grown past CAP. */
static void
take(struct mbscan *sc, size_t to, uint64_t start, uint64_t cap,
    struct buf *out, int *toobig)
{
	if (!*toobig && sc->woff + to - start > cap) {
		*toobig = 1;
		if (out != NULL)
			buf_reset(out);
	}
	if (!*toobig && to > sc->at && out != NULL)
		buf_add(out, sc->w + sc->at, to - sc->at);
	sc->at = to;
}

/* Step over the From_ line at the scan position. */
static void
skip_fromline(struct mbscan *sc)
{
	const char	*eol;

	for (;;) {
		eol = find_eol(sc->w + sc->at, sc->len - sc->at);
		if (eol != NULL) {
			sc->at = (size_t)(eol - sc->w) + 1;
			if (*eol == '\r' && mbscan_peek(sc, 1) > 0 &&
			    sc->w[sc->at] == '\n')
				sc->at++;
			return;
		}
		sc->at = sc->len;
		if (fill(sc) == 0)
			return;
	}
}

int
mbscan_next(struct mbscan *sc, uint64_t cap, uint64_t *off, uint64_t *len,
    struct buf *out, int *toobig)
{
	uint64_t	 start;
	size_t		 limit, hit;

	if (out != NULL)
		buf_reset(out);
	*toobig = 0;
	if (mbscan_peek(sc, 1) == 0)
		return 0;
	start = mbscan_pos(sc);
	skip_fromline(sc);
	for (;;) {
		if (!sc->eof && sc->len - sc->at < MB_AHEAD + 8) {
			fill(sc);
			continue;
		}
		limit = sc->eof ? sc->len : sc->len - MB_AHEAD;
		if ((hit = find_start(sc, sc->at, limit)) != NOHIT) {
			take(sc, hit, start, cap, out, toobig);
			break;
		}
		take(sc, limit, start, cap, out, toobig);
		if (sc->eof)
			break;
	}
	*off = start;
	*len = mbscan_pos(sc) - start;
	if (*len > cap && !*toobig) {		/* a huge From_ line */
		*toobig = 1;
		if (out != NULL)
			buf_reset(out);
	}
	if (out == NULL)			/* only where it is */
		return 1;
	if (!*toobig && out->len > 0)
		out->len = trim_sep(out->s, out->len);
	buf_add(out, "", 0);			/* NUL-terminated, never NULL */
	return 1;
}

/* Room for N more bytes (and a NUL) in B. */
static void
reserve(struct buf *b, size_t n)
{
	size_t	 want = b->len + n + 1;

	if (want <= b->cap)
		return;
	if (want < b->cap * 2)
		want = b->cap * 2;
	b->s = xrealloc(b->s, want);
	b->cap = want;
}

int
mbscan_whole(struct mbscan *sc, uint64_t cap, uint64_t hint, uint64_t *len,
    struct buf *out, int *toobig)
{
	uint64_t	 total;
	size_t		 room;
	ssize_t		 r;

	buf_reset(out);
	*toobig = 0;
	total = sc->len - sc->at;		/* what a peek left there */
	if (total > 0) {
		take(sc, sc->len, mbscan_pos(sc), cap, out, toobig);
		sc->at = sc->len = 0;
		sc->woff = sc->rpos;
	}
	if (!sc->stream && hint > cap) {	/* known too big: not read */
		*toobig = 1;
		buf_reset(out);
		total = hint;
	}
	/* Past the cap nothing more is read: a pipe may never end. */
	while (!sc->eof && !*toobig) {
		room = hint > total ? (size_t)(hint - total) + 1 : 0;
		if (room < WHOLE_STEP)
			room = WHOLE_STEP;
		if (room > cap + 1 - out->len)
			room = (size_t)(cap + 1 - out->len);
		reserve(out, room);
		if ((r = src_read(sc, out->s + out->len, room)) <= 0) {
			if (r < 0)
				sc->error = errno;
			sc->eof = 1;
			break;
		}
		total += (uint64_t)r;
		sc->woff = sc->rpos;
		out->len += (size_t)r;
		if (out->len > cap) {
			*toobig = 1;
			buf_reset(out);
			if (hint > total)
				total = hint;
		}
		/* A regular file reads short only at its end: no read() more
		 * to hear it say so (a Maildir has a file per message). */
		if (!sc->stream && (size_t)r < room)
			sc->eof = 1;
	}
	buf_add(out, "", 0);
	*len = total;
	return total > 0;
}
