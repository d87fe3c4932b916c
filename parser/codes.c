/*
 * codes.c: SMTP reply codes (RFC 5321) and enhanced status codes (RFC 3463)
 * found in the text of a diagnostic.  A candidate counts only where it
 * stands as a word of its own: digits glued to letters, dots, slashes or
 * colons belong to addresses, IP addresses, dates, times, ports or queue
 * ids.  One left-to-right pass over at most BV_CODE_SCAN bytes, stopping
 * only where a code could start.
 */
#include "config.h"

#include <stdint.h>
#include <string.h>

#include "parser/parser.h"

static int
isdig(int c)
{
	return c >= '0' && c <= '9';
}

static int
isalnum_ascii(int c)
{
	return isdig(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* May a code start at P (TEXT is the start of the text)? */
static int
left_ok(const char *text, const char *p)
{
	int	 c;

	if (p == text)
		return 1;
	c = (unsigned char)p[-1];
	if (isalnum_ascii(c) || c >= 0x80)
		return 0;
	switch (c) {
	case '.': case '/': case '_': case '@': case '+': case '%': case '=':
	case '$': case '&':
		return 0;
	case ':': case '-': case ',':
		/* "12:550", "2020-550", "1,550": parts of numbers. */
		return p - 1 == text || !isdig((unsigned char)p[-2]);
	default:
		return 1;
	}
}

/* May a code end just before P? */
static int
right_ok(const char *p)
{
	int	 c = (unsigned char)p[0];

	if (c == '\0')
		return 1;
	if (isalnum_ascii(c) || c >= 0x80)
		return 0;
	switch (c) {
	case '@': case '/': case '_': case '%': case '=': case '+': case '$':
	case '&':
		return 0;
	case '.': case ':': case ',':
		/* "550." ends a sentence; "550.1" and "450:20" do not. */
		return !isdig((unsigned char)p[1]);
	default:
		return 1;
	}
}

/*
 * The first byte from '2' to '5' in [P, END), or END: every code starts
 * with one, and most bytes of a diagnostic are letters and spaces, so the
 * scans skip to those eight bytes at a time.  A byte B of word X has its
 * top bit set below when 0x31 < B < 0x36 (no carry or borrow crosses a
 * byte, as the top bits are masked off first).
 */
static const char *
next_class_digit(const char *p, const char *end)
{
	const uint64_t	 ones = UINT64_C(0x0101010101010101);
	const uint64_t	 low7 = ones * 0x7f, high = ones * 0x80;
	uint64_t	 x, a;

	for (; end - p >= 8; p += 8) {
		memcpy(&x, p, 8);
		a = x & low7;
		if (((ones * (0x7f + '6') - a) & ~x & (a + ones * (0x7f - '1')) &
		    high) != 0)
			break;
	}
	while (p < end && (*p < '2' || *p > '5'))
		p++;
	return p;
}

/* Where the scans of TEXT end: its NUL or BV_CODE_SCAN bytes in. */
static const char *
scan_end(const char *text)
{
	return text + strnlen(text, BV_CODE_SCAN);
}

/* A reply code at P: three digits, class 2-5, second digit 0-5. */
static int
reply_at(const char *text, const char *p)
{
	return p[0] >= '2' && p[0] <= '5' && p[1] >= '0' && p[1] <= '5' &&
	    isdig((unsigned char)p[2]) && left_ok(text, p) && right_ok(p + 3);
}

int
bv_code_reply(const char *text, char out[4])
{
	const char	*p, *end, *first_ok = NULL;

	if (text == NULL)
		return 0;
	end = scan_end(text);
	/* A failure code wins over a "250 ok" quoted before it. */
	for (p = next_class_digit(text, end); p < end;
	    p = next_class_digit(p + 1, end)) {
		if (!reply_at(text, p))
			continue;
		if (p[0] == '4' || p[0] == '5') {
			first_ok = p;
			break;
		}
		if (first_ok == NULL)
			first_ok = p;
	}
	if (first_ok == NULL)
		return 0;
	memcpy(out, first_ok, 3);
	out[3] = '\0';
	return 1;
}

/*
 * Length of the enhanced status code at P, or 0: class 2, 4 or 5, one
 * digit of subject, one to three of detail ("4.92.3" is a version).
 */
static size_t
enhanced_at(const char *text, const char *p)
{
	size_t	 k;

	if ((p[0] != '2' && p[0] != '4' && p[0] != '5') || p[1] != '.' ||
	    !isdig((unsigned char)p[2]) || p[3] != '.')
		return 0;
	for (k = 4; k < 7 && isdig((unsigned char)p[k]); k++)
		;
	if (k == 4 || isdig((unsigned char)p[k]))
		return 0;
	if (!left_ok(text, p) || !right_ok(p + k))
		return 0;
	return k;
}

int
bv_code_enhanced(const char *text, int cls, char out[16])
{
	const char	*p, *end, *first = NULL;
	size_t		 k, firstk = 0;

	if (text == NULL)
		return 0;
	end = scan_end(text);
	for (p = next_class_digit(text, end); p < end;
	    p = next_class_digit(p + 1, end)) {
		if ((k = enhanced_at(text, p)) == 0)
			continue;
		if (cls != 0 ? p[0] == cls : p[0] != '2') {
			first = p;
			firstk = k;
			break;
		}
		if (cls == 0 && first == NULL) {
			first = p;
			firstk = k;
		}
		p += k - 1;
	}
	if (first == NULL)
		return 0;
	memcpy(out, first, firstk);
	out[firstk] = '\0';
	return 1;
}

int
bv_code_is_enhanced(const char *s, char out[16])
{
	size_t	 k;

	if (s == NULL)
		return 0;
	while (*s == ' ' || *s == '\t')
		s++;
	if ((k = enhanced_at(s, s)) == 0)
		return 0;
	if (out != NULL) {
		memcpy(out, s, k);
		out[k] = '\0';
	}
	return 1;
}

/*
 * The enhanced code a server sent with its reply code: "550 5.7.1",
 * "550-5.7.1", "550 #5.7.1", "550-'5.7.1" (a few separators between), of
 * the reply's class.  1 and OUT filled, or 0.
 */
static int
code_pair(const char *text, char out[16])
{
	const char	*p, *q, *end = scan_end(text);
	size_t		 k;

	for (p = next_class_digit(text, end); p < end;
	    p = next_class_digit(p + 1, end)) {
		if (!reply_at(text, p) || p[0] == '3')
			continue;
		for (q = p + 3; q < p + 6 && (*q == ' ' || *q == '-' ||
		    *q == '#' || *q == '\'' || *q == '"' || *q == '('); q++)
			;
		if (q == p + 3 || q[0] != p[0] || (k = enhanced_at(text, q)) ==
		    0)
			continue;
		memcpy(out, q, k);
		out[k] = '\0';
		return 1;
	}
	return 0;
}

static int
is_zero(const char *code)
{
	return strcmp(code + 1, ".0.0") == 0;
}

int
bv_code_status(const char *status, const char *diag, char out[16])
{
	char	 st[16], dc[16];
	int	 have;

	have = status != NULL && bv_code_enhanced(status, 0, st);
	/* What the remote server said wins: the enhanced code beside its
	 * reply code is more exact than a summary in the Status field. */
	if (diag != NULL && code_pair(diag, dc) && !is_zero(dc)) {
		strcpy(out, dc);
		return 1;
	}
	if (have && !is_zero(st)) {
		strcpy(out, st);
		return 1;
	}
	/* Status "X.0.0" or none: a more specific code of the same class
	 * from the diagnostic. */
	if (diag != NULL && bv_code_enhanced(diag, have ? st[0] : 0, dc) &&
	    (!have || !is_zero(dc))) {
		strcpy(out, dc);
		return 1;
	}
	if (!have)
		return 0;
	strcpy(out, st);
	return 1;
}
