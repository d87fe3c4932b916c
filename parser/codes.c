/*
 * codes.c: SMTP reply codes (RFC 5321) and enhanced status codes (RFC 3463)
 * found in the text of a diagnostic.  A candidate counts only where it
 * stands as a word of its own: digits glued to letters, dots, slashes or
 * colons belong to addresses, IP addresses, dates, times, ports or queue
 * ids.  One left-to-right pass over at most BV_CODE_SCAN bytes.
 */
#include "config.h"

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

/* The bytes a code may begin with ('2' to '5'), and the end of the text. */
static const unsigned char	 code_start[256] = {
	['\0'] = 1, ['2'] = 1, ['3'] = 1, ['4'] = 1, ['5'] = 1,
};

/*
 * The first offset from I, below LIM, where TEXT has a byte a code may
 * begin with or ends; or LIM.  The scans below look only there: every
 * other place fails their first test.  A table look-up a byte, never past
 * the terminating NUL.
 */
static size_t
next_start(const char *text, size_t i, size_t lim)
{
	while (i < lim && !code_start[(unsigned char)text[i]])
		i++;
	return i;
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
	const char	*p, *first_ok = NULL;
	size_t		 i;

	if (text == NULL)
		return 0;
	/* A failure code wins over a "250 ok" quoted before it.  (A place
	 * skipped within two bytes of the end would have ended the loop:
	 * so does the next place looked at, which is as close.) */
	for (i = 0; (i = next_start(text, i, BV_CODE_SCAN)) < BV_CODE_SCAN &&
	    text[i] != '\0'; i++) {
		p = text + i;
		if (p[1] == '\0' || p[2] == '\0')
			break;
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
	const char	*p, *first = NULL;
	size_t		 i, k, firstk = 0;

	if (text == NULL)
		return 0;
	for (i = 0; (i = next_start(text, i, BV_CODE_SCAN)) < BV_CODE_SCAN &&
	    text[i] != '\0'; i++) {
		p = text + i;
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
		i += k - 1;
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
	const char	*p, *q;
	size_t		 i, k;

	for (i = 0; (i = next_start(text, i, BV_CODE_SCAN)) < BV_CODE_SCAN &&
	    text[i] != '\0'; i++) {
		p = text + i;
		if (p[1] == '\0' || p[2] == '\0')
			break;
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
