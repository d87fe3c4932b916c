/*
 * fuzzutil.c: helpers shared by the fuzz targets: a scratch file, UTF-8
 * checks, and strict checkers for the JSON Lines and CSV the export writes.
 * The checkers are the properties the fuzzers hold the export to.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tests/fuzz/fuzz.h"

#define JSON_MAXDEPTH	32

void
fuzz_fail(const char *what, const char *detail, size_t len)
{
	fprintf(stderr, "fuzz: broken promise: %s\n", what);
	if (detail != NULL) {
		fprintf(stderr, "fuzz: in: ");
		fwrite(detail, 1, len > 2000 ? 2000 : len, stderr);
		fprintf(stderr, "\n");
	}
	abort();
}

const char *
fuzz_tempfile(const uint8_t *data, size_t len)
{
	static char	 path[64];
	const char	*p;
	ssize_t		 n;
	int		 fd;

	if (path[0] == '\0') {
		snprintf(path, sizeof(path), "/tmp/bv-fuzz.%ld.XXXXXX",
		    (long)getpid());
		fd = mkstemp(path);
		if (fd == -1) {
			perror("fuzz: mkstemp");
			abort();
		}
		close(fd);
	}
	fd = open(path, O_WRONLY | O_TRUNC);
	if (fd == -1) {
		perror(path);
		abort();
	}
	for (p = (const char *)data; len > 0; p += n, len -= (size_t)n) {
		n = write(fd, p, len);
		if (n <= 0) {
			perror(path);
			abort();
		}
	}
	close(fd);
	return path;
}

size_t
fuzz_utf8_len(const unsigned char *s, size_t left)
{
	unsigned	 c = s[0], cp;
	size_t		 n, i;

	if (c < 0x80)
		return 1;
	if (c >= 0xc2 && c <= 0xdf)
		n = 2, cp = c & 0x1f;
	else if (c >= 0xe0 && c <= 0xef)
		n = 3, cp = c & 0x0f;
	else if (c >= 0xf0 && c <= 0xf4)
		n = 4, cp = c & 0x07;
	else
		return 0;
	if (left < n)
		return 0;
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = (cp << 6) | (s[i] & 0x3f);
	}
	if ((n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000) ||
	    cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	return n;
}

int
fuzz_is_hidden(const unsigned char *s, size_t n)
{
	unsigned	 cp;

	if (n == 2)
		return s[0] == 0xc2 && s[1] >= 0x80 && s[1] <= 0x9f;
	if (n != 3)
		return 0;
	cp = ((s[0] & 0x0fu) << 12) | ((s[1] & 0x3fu) << 6) | (s[2] & 0x3fu);
	return (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069);
}

void
fuzz_add_utf8(struct buf *b, const char *s, size_t len)
{
	size_t	 i, n;

	for (i = 0; i < len; i += n) {
		n = fuzz_utf8_len((const unsigned char *)s + i, len - i);
		if (n == 0) {
			buf_adds(b, "\xef\xbf\xbd");
			n = 1;
		} else
			buf_add(b, s + i, n);
	}
	if (b->s == NULL)
		buf_add(b, "", 0);
}

/* ---- JSON: a strict recursive-descent checker ------------------------------ */

struct jp {
	const char	*s;
	size_t		 i, len;
	const char	*line;
	size_t		 linelen;
};

static void	json_value(struct jp *, int);

static void
json_bad(struct jp *p, const char *what)
{
	fuzz_fail(what, p->line, p->linelen);
}

static void
json_ws(struct jp *p)
{
	while (p->i < p->len && (p->s[p->i] == ' ' || p->s[p->i] == '\t'))
		p->i++;
}

static int
json_peek(struct jp *p)
{
	json_ws(p);
	return p->i < p->len ? (unsigned char)p->s[p->i] : -1;
}

static void
json_expect(struct jp *p, char c)
{
	if (json_peek(p) != (unsigned char)c)
		json_bad(p, "JSON: unexpected character");
	p->i++;
}

static void
json_string(struct jp *p)
{
	const unsigned char	*u;
	size_t			 n, k;

	json_expect(p, '"');
	for (;;) {
		if (p->i >= p->len)
			json_bad(p, "JSON: unterminated string");
		u = (const unsigned char *)p->s + p->i;
		if (*u == '"') {
			p->i++;
			return;
		}
		if (*u < 0x20 || *u == 0x7f)
			json_bad(p, "JSON: raw control character in a string");
		if (*u == '\\') {
			if (p->i + 1 >= p->len)
				json_bad(p, "JSON: bad escape");
			if (strchr("\"\\/bfnrt", u[1]) != NULL && u[1] != '\0') {
				p->i += 2;
				continue;
			}
			if (u[1] != 'u' || p->i + 6 > p->len)
				json_bad(p, "JSON: bad escape");
			for (k = 2; k < 6; k++)
				if (strchr("0123456789abcdefABCDEF",
				    u[k]) == NULL || u[k] == '\0')
					json_bad(p, "JSON: bad \\u escape");
			p->i += 6;
			continue;
		}
		n = fuzz_utf8_len(u, p->len - p->i);
		if (n == 0)
			json_bad(p, "JSON: invalid UTF-8");
		if (fuzz_is_hidden(u, n))
			json_bad(p, "JSON: raw C1 control or bidi control");
		p->i += n;
	}
}

static void
json_number(struct jp *p)
{
	size_t	 start = p->i, digits = 0;

	if (p->i < p->len && p->s[p->i] == '-')
		p->i++;
	while (p->i < p->len && p->s[p->i] >= '0' && p->s[p->i] <= '9')
		p->i++, digits++;
	if (digits == 0)
		json_bad(p, "JSON: bad number");
	if (digits > 1 && p->s[start + (p->s[start] == '-')] == '0')
		json_bad(p, "JSON: number with a leading zero");
	if (p->i < p->len && (p->s[p->i] == '.' || p->s[p->i] == 'e' ||
	    p->s[p->i] == 'E'))
		json_bad(p, "JSON: the export has only integers");
}

static void
json_word(struct jp *p, const char *w)
{
	size_t	 n = strlen(w);

	if (p->len - p->i < n || memcmp(p->s + p->i, w, n) != 0)
		json_bad(p, "JSON: bad literal");
	p->i += n;
}

static void
json_container(struct jp *p, int depth, char open, char close)
{
	json_expect(p, open);
	if (json_peek(p) == (unsigned char)close) {
		p->i++;
		return;
	}
	for (;;) {
		if (open == '{') {
			if (json_peek(p) != '"')
				json_bad(p, "JSON: object key is not a string");
			json_string(p);
			json_expect(p, ':');
		}
		json_value(p, depth + 1);
		if (json_peek(p) == ',') {
			p->i++;
			continue;
		}
		json_expect(p, close);
		return;
	}
}

static void
json_value(struct jp *p, int depth)
{
	int	 c = json_peek(p);

	if (depth > JSON_MAXDEPTH)
		json_bad(p, "JSON: nested too deep");
	if (c == '{')
		json_container(p, depth, '{', '}');
	else if (c == '[')
		json_container(p, depth, '[', ']');
	else if (c == '"')
		json_string(p);
	else if (c == '-' || (c >= '0' && c <= '9'))
		json_number(p);
	else if (c == 't')
		json_word(p, "true");
	else if (c == 'f')
		json_word(p, "false");
	else if (c == 'n')
		json_word(p, "null");
	else
		json_bad(p, "JSON: not a value");
}

void
fuzz_check_json(const char *text, size_t len)
{
	const char	*nl;
	struct jp	 p;
	size_t		 off = 0;

	if (len > 0 && text[len - 1] != '\n')
		fuzz_fail("JSON: output does not end with a newline", text, len);
	while (off < len) {
		nl = memchr(text + off, '\n', len - off);
		memset(&p, 0, sizeof(p));
		p.s = p.line = text + off;
		p.len = p.linelen = (size_t)(nl - (text + off));
		if (json_peek(&p) != '{')
			json_bad(&p, "JSON: a line is not an object");
		json_value(&p, 0);
		if (json_peek(&p) != -1)
			json_bad(&p, "JSON: text after the object");
		off = (size_t)(nl - text) + 1;
	}
}

/* ---- CSV: RFC 4180 with formula neutralising -------------------------------- */

/* Parse one record starting at *OFF; returns its field count, and fails on
 * a malformed field or a cell a spreadsheet would evaluate. */
static size_t
csv_record(const char *s, size_t len, size_t *off)
{
	size_t	 i = *off, start = *off, nf = 0, n;
	int	 first;

	for (;;) {
		nf++;
		first = -1;
		if (i < len && s[i] == '"') {
			for (i++;; i++) {
				if (i >= len)
					fuzz_fail("CSV: unterminated quoted field",
					    s + start, len - start);
				if (s[i] == '"') {
					if (i + 1 < len && s[i + 1] == '"') {
						i++;
						if (first == -1)
							first = '"';
						continue;
					}
					i++;
					break;
				}
				if (first == -1)
					first = (unsigned char)s[i];
				if ((unsigned char)s[i] < 0x20 && s[i] != '\n' &&
				    s[i] != '\r' && s[i] != '\t')
					fuzz_fail("CSV: raw control character",
					    s + start, i - start + 1);
				n = fuzz_utf8_len((const unsigned char *)s + i,
				    len - i);
				if (n == 0)
					fuzz_fail("CSV: invalid UTF-8", s + start,
					    i - start + 1);
				if (fuzz_is_hidden((const unsigned char *)s + i,
				    n))
					fuzz_fail("CSV: raw C1 or bidi control",
					    s + start, i - start + n);
				i += n - 1;
			}
		} else {
			for (; i < len && s[i] != ',' && s[i] != '\r' &&
			    s[i] != '\n'; i++) {
				if (first == -1)
					first = (unsigned char)s[i];
				if (s[i] == '"')
					fuzz_fail("CSV: quote in an unquoted field",
					    s + start, i - start + 1);
				/* TAB is text inside a cell (only a leading
				 * one is a formula, checked below). */
				if ((unsigned char)s[i] < 0x20 && s[i] != '\t')
					fuzz_fail("CSV: raw control character",
					    s + start, i - start + 1);
				n = fuzz_utf8_len((const unsigned char *)s + i,
				    len - i);
				if (n == 0)
					fuzz_fail("CSV: invalid UTF-8", s + start,
					    i - start + 1);
				if (fuzz_is_hidden((const unsigned char *)s + i,
				    n))
					fuzz_fail("CSV: raw C1 or bidi control",
					    s + start, i - start + n);
				i += n - 1;
			}
		}
		if (first != -1 && strchr("=+-@\t\r", first) != NULL)
			fuzz_fail("CSV: a cell starts like a formula",
			    s + start, i - start);
		if (i < len && s[i] == ',') {
			i++;
			continue;
		}
		if (i + 1 < len && s[i] == '\r' && s[i + 1] == '\n')
			i += 2;
		else if (i < len && s[i] == '\n')
			i++;
		else
			fuzz_fail("CSV: a record does not end with a line end",
			    s + start, i - start);
		*off = i;
		return nf;
	}
}

size_t
fuzz_csv_fields(const char *text, size_t len)
{
	size_t	 off = 0;

	return csv_record(text, len, &off);
}

void
fuzz_check_csv(const char *text, size_t len, size_t nfields)
{
	size_t	 off = 0, start;

	while (off < len) {
		start = off;
		if (csv_record(text, len, &off) != nfields)
			fuzz_fail("CSV: a record has the wrong number of fields",
			    text + start, off - start);
	}
}
