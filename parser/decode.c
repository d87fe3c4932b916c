/*
 * decode.c: bytes of a message to UTF-8 text.  Transfer encodings go through
 * libetpan (mailmime_part_parse), encoded words too
 * (mailmime_encoded_phrase_parse), charsets through iconv.  Whatever a
 * message declares, the result is valid UTF-8: bytes that are no valid
 * UTF-8 are read as Latin-1, so a wrong or unknown charset costs accents,
 * never the text.
 */
#include "config.h"

#include <errno.h>
#include <iconv.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libetpan/libetpan.h>

#include "parser/parser.h"

#define HDR_CAP		(64 * 1024)	/* bytes of one header value */
#define ICONV_ERRMAX	16		/* bad sequences before we give up
					   on a declared charset */

/*
 * Length of the valid UTF-8 sequence at S[0..N) (2 to 4), or 0.  Rejects
 * overlong forms, surrogates and code points past U+10FFFF.
 */
static size_t
utf8_seq(const unsigned char *s, size_t n)
{
	unsigned char	 c = s[0];
	size_t		 len, i;
	unsigned char	 lo = 0x80, hi = 0xbf;

	if (c >= 0xc2 && c <= 0xdf)
		len = 2;
	else if (c >= 0xe0 && c <= 0xef) {
		len = 3;
		if (c == 0xe0)
			lo = 0xa0;
		else if (c == 0xed)
			hi = 0x9f;
	} else if (c >= 0xf0 && c <= 0xf4) {
		len = 4;
		if (c == 0xf0)
			lo = 0x90;
		else if (c == 0xf4)
			hi = 0x8f;
	} else
		return 0;
	if (n < len || s[1] < lo || s[1] > hi)
		return 0;
	for (i = 2; i < len; i++)
		if (s[i] < 0x80 || s[i] > 0xbf)
			return 0;
	return len;
}

int
bv_utf8_valid(const char *s, size_t n)
{
	const unsigned char	*u = (const unsigned char *)s;
	size_t			 i = 0, k;

	while (i < n) {
		if (u[i] < 0x80) {
			i++;
			continue;
		}
		if ((k = utf8_seq(u + i, n - i)) == 0)
			return 0;
		i += k;
	}
	return 1;
}

#define ONES	0x0101010101010101ULL
#define HIGHS	0x8080808080808080ULL

/* Does the 8-byte word X hold a byte >= 0x80, a NUL or a CR? */
static int
word_special(uint64_t x)
{
	uint64_t	 cr = x ^ (ONES * '\r');

	return ((x | ((x - ONES) & ~x) | ((cr - ONES) & ~cr)) & HIGHS) != 0;
}

/* End of the run of plain ASCII (no CR, no NUL) from S[I..N). */
static size_t
ascii_run(const unsigned char *u, size_t i, size_t n)
{
	uint64_t	 x;

	/* Eight bytes at a time while none of them is special. */
	while (i + 8 <= n) {
		memcpy(&x, u + i, 8);
		if (word_special(x))
			break;
		i += 8;
	}
	while (i < n && u[i] < 0x80 && u[i] != '\r' && u[i] != '\0')
		i++;
	return i;
}

void
bv_utf8_add(struct buf *b, const char *s, size_t n)
{
	const unsigned char	*u = (const unsigned char *)s;
	size_t			 i = 0, run, k;
	char			 l1[2];

	while (i < n) {
		/* Plain ASCII goes over in runs. */
		run = ascii_run(u, i, n);
		if (run > i)
			buf_add(b, s + i, run - i);
		if ((i = run) >= n)
			break;
		if (u[i] == '\0') {
			buf_addc(b, ' ');
			i++;
		} else if (u[i] == '\r') {
			/* CR LF and a lone CR both end a line. */
			buf_addc(b, '\n');
			i += (i + 1 < n && u[i + 1] == '\n') ? 2 : 1;
		} else if ((k = utf8_seq(u + i, n - i)) != 0) {
			buf_add(b, s + i, k);
			i += k;
		} else {
			l1[0] = (char)(0xc0 | (u[i] >> 6));
			l1[1] = (char)(0x80 | (u[i] & 0x3f));
			buf_add(b, l1, 2);
			i++;
		}
	}
	if (b->s == NULL)
		buf_add(b, "", 0);
}

/* Charset names iconv does not know under the name mail uses. */
static const struct {
	const char	*mail;
	const char	*iconv;
} charset_alias[] = {
	{ "x-sjis",		"SHIFT_JIS" },
	{ "sjis",		"SHIFT_JIS" },
	{ "shift-jis",		"SHIFT_JIS" },
	{ "x-euc-jp",		"EUC-JP" },
	{ "ks_c_5601-1987",	"CP949" },
	{ "ks_c_5601",		"CP949" },
	{ "iso-8859-8-i",	"ISO-8859-8" },
	{ "gb2312",		"GBK" },	/* GBK is a superset */
	{ "x-gbk",		"GBK" },
	{ "unicode-1-1-utf-7",	"UTF-7" },
	{ "iso-2022-jp",	"ISO-2022-JP-2" },	/* superset */
};

/* Declared charsets that mean "no idea" or plain ASCII/UTF-8: the default
 * reading (UTF-8 where valid, Latin-1 otherwise) is the right one. */
static const char *const charset_default[] = {
	"us-ascii", "ascii", "ansi_x3.4-1968", "utf-8", "utf8", "x-unknown",
	"unknown", "unknown-8bit", "x-user-defined", "default", "7bit",
	"8bit", "us", "iso646-us", "",
};

/* Charsets whose ASCII-only bytes are not plain ASCII text. */
static const char *const charset_stateful[] = {
	"iso-2022", "utf-7", "unicode-1-1-utf-7", "hz", "utf-16", "utf-32",
	"ucs-2", "ucs-4", "csiso2022",
};

/* CHARSET lower-cased and trimmed of blanks and quotes into OUT. */
static void
charset_norm(const char *charset, char *out, size_t outlen)
{
	size_t	 i = 0;

	while (*charset == ' ' || *charset == '\t' || *charset == '"' ||
	    *charset == '\'')
		charset++;
	for (; (unsigned char)*charset > ' ' && *charset != '"' &&
	    *charset != '\'' && *charset != ';' && i + 1 < outlen; charset++)
		out[i++] = (char)((*charset >= 'A' && *charset <= 'Z') ?
		    *charset + 32 : *charset);
	out[i] = '\0';
}

static int
in_list(const char *s, const char *const *list, size_t n, int prefix)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		if (prefix ? strncmp(s, list[i], strlen(list[i])) == 0 :
		    strcmp(s, list[i]) == 0)
			return 1;
	return 0;
}

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))

static int
ascii_only(const char *s, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		if ((unsigned char)s[i] >= 0x80 || s[i] == '\033')
			return 0;
	return 1;
}

/* ISO-2022-JP written without a declaration (its escape sequences). */
static int
looks_iso2022jp(const char *s, size_t n)
{
	const char	*e;

	e = memchr(s, '\033', n);
	return e != NULL && (size_t)(s + n - e) >= 3 && e[1] == '$' &&
	    (e[2] == 'B' || e[2] == '@');
}

/*
 * Conversion descriptors by charset, kept for the life of the thread:
 * iconv_open loads and searches the gconv modules each time, which cost
 * more than converting a bounce's text.  Charsets iconv does not know are
 * remembered too.  A bounce names few charsets; the oldest entry goes.
 */
#define CD_CACHE	8

static __thread struct cd_entry {
	char	 name[48];
	iconv_t	 cd;
} cd_cache[CD_CACHE];
static __thread unsigned cd_used, cd_next;

static iconv_t
cd_get(const char *charset)
{
	struct cd_entry	*e;
	unsigned	 i;

	if (strlen(charset) >= sizeof(e->name))
		return iconv_open("UTF-8", charset);	/* not kept */
	for (i = 0; i < cd_used; i++)
		if (strcmp(cd_cache[i].name, charset) == 0) {
			if (cd_cache[i].cd != (iconv_t)-1)	/* fresh state */
				iconv(cd_cache[i].cd, NULL, NULL, NULL, NULL);
			return cd_cache[i].cd;
		}
	if (cd_used < CD_CACHE)
		e = &cd_cache[cd_used++];
	else {
		e = &cd_cache[cd_next++ % CD_CACHE];
		if (e->cd != (iconv_t)-1)
			iconv_close(e->cd);
	}
	snprintf(e->name, sizeof(e->name), "%s", charset);
	e->cd = iconv_open("UTF-8", charset);
	return e->cd;
}

/* Done with CD from cd_get: closed only when it was not kept. */
static void
cd_put(iconv_t cd, const char *charset)
{
	if (strlen(charset) >= sizeof(cd_cache[0].name))
		iconv_close(cd);
}

/*
 * Convert S[0..N) from CHARSET (an iconv name) to UTF-8 into B, at most CAP
 * bytes.  Sequences iconv refuses become U+FFFD; 0 on success, -1 when the
 * charset is unknown or the text is clearly not in it (B unchanged).
 */
static int
iconv_add(struct buf *b, const char *s, size_t n, const char *charset,
    size_t cap)
{
	static const char	 repl[] = "\xef\xbf\xbd";
	struct buf		 out = { NULL, 0, 0 };
	char			 chunk[4096], *in = (char *)s, *op;
	size_t			 inleft = n, outleft, nerr = 0, r;
	iconv_t			 cd;
	int			 err;

	if ((cd = cd_get(charset)) == (iconv_t)-1)
		return -1;
	while (out.len < cap) {
		op = chunk;
		outleft = sizeof(chunk);
		if (inleft == 0) {
			/* Flush the shift state of stateful charsets. */
			iconv(cd, NULL, NULL, &op, &outleft);
			buf_add(&out, chunk, sizeof(chunk) - outleft);
			break;
		}
		r = iconv(cd, &in, &inleft, &op, &outleft);
		err = r == (size_t)-1 ? errno : 0;
		buf_add(&out, chunk, sizeof(chunk) - outleft);
		if (err == EILSEQ) {
			if (++nerr > ICONV_ERRMAX)
				break;
			buf_add(&out, repl, 3);
			in++;
			inleft--;
		} else if (err == EINVAL)
			inleft = 0;	/* a sequence cut at the end */
		else if (err != 0 && err != E2BIG)
			break;
	}
	cd_put(cd, charset);
	if (nerr > ICONV_ERRMAX) {
		buf_free(&out);
		return -1;
	}
	if (out.len > cap)
		out.len = cap;
	/* iconv output is UTF-8 already; this pass fixes line ends and a
	 * sequence cut by the cap. */
	bv_utf8_add(b, out.s ? out.s : "", out.len);
	buf_free(&out);
	return 0;
}

int
bv_text_utf8(struct buf *b, const char *s, size_t n, const char *charset,
    size_t cap)
{
	char	 cs[48];
	size_t	 i;

	if (n > cap)
		n = cap;
	charset_norm(charset != NULL ? charset : "", cs, sizeof(cs));
	if (in_list(cs, charset_default, NELEM(charset_default), 0)) {
		if (!looks_iso2022jp(s, n) ||
		    iconv_add(b, s, n, "ISO-2022-JP-2", cap) != 0)
			bv_utf8_add(b, s, n);
		return 0;
	}
	if (ascii_only(s, n) && !in_list(cs, charset_stateful,
	    NELEM(charset_stateful), 1)) {
		bv_utf8_add(b, s, n);
		return 0;
	}
	for (i = 0; i < NELEM(charset_alias); i++)
		if (strcmp(cs, charset_alias[i].mail) == 0)
			break;
	if (iconv_add(b, s, n, i < NELEM(charset_alias) ?
	    charset_alias[i].iconv : cs, cap) == 0)
		return 0;
	bv_utf8_add(b, s, n);
	return -1;
}

/* Transfer encodings by name; anything else is taken as it is. */
static const struct {
	const char	*name;
	enum bv_cte	 cte;
} cte_names[] = {
	{ "base64",		BV_CTE_BASE64 },
	{ "quoted-printable",	BV_CTE_QP },
};

enum bv_cte
bv_cte_lookup(const char *value)
{
	char	 name[24];
	size_t	 i;

	if (value == NULL)
		return BV_CTE_IDENTITY;
	charset_norm(value, name, sizeof(name));
	for (i = 0; i < NELEM(cte_names); i++)
		if (strcmp(name, cte_names[i].name) == 0)
			return cte_names[i].cte;
	return BV_CTE_IDENTITY;
}

int
bv_transfer_decode(struct buf *b, const char *s, size_t n, enum bv_cte cte)
{
	char	*res = NULL;
	size_t	 idx = 0, rlen = 0;
	int	 mechanism;

	if (cte == BV_CTE_IDENTITY) {
		buf_add(b, s, n);
		return 0;
	}
	mechanism = cte == BV_CTE_BASE64 ? MAILMIME_MECHANISM_BASE64 :
	    MAILMIME_MECHANISM_QUOTED_PRINTABLE;
	if (mailmime_part_parse(s, n, &idx, mechanism, &res, &rlen) !=
	    MAILIMF_NO_ERROR || res == NULL) {
		buf_add(b, s, n);
		return -1;
	}
	buf_add(b, res, rlen);
	mailmime_decoded_part_free(res);
	return 0;
}

/*
 * Unfold S[0..N) into B: every line break with the blanks after it becomes
 * one space; leading and trailing blanks go.  Returns 1 when the value
 * needs decoding (encoded words, 8-bit bytes or escape sequences).
 */
static int
unfold(struct buf *b, const char *s, size_t n)
{
	size_t	 i = 0, start;
	int	 special = 0;

	while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '\r' ||
	    s[i] == '\n'))
		i++;
	while (n > i && (s[n - 1] == ' ' || s[n - 1] == '\t' ||
	    s[n - 1] == '\r' || s[n - 1] == '\n'))
		n--;
	while (i < n) {
		for (start = i; i < n && s[i] != '\r' && s[i] != '\n'; i++)
			if ((unsigned char)s[i] >= 0x80 || s[i] == '\033' ||
			    s[i] == '\0' ||
			    (s[i] == '=' && i + 1 < n && s[i + 1] == '?'))
				special = 1;
		buf_add(b, s + start, i - start);
		if (i == n)
			break;
		while (i < n && (s[i] == '\r' || s[i] == '\n' || s[i] == ' ' ||
		    s[i] == '\t'))
			i++;
		buf_addc(b, ' ');
	}
	if (b->s == NULL)
		buf_add(b, "", 0);
	return special;
}

/*
 * Is S[0..N) a value that needs neither unfolding nor decoding (one line,
 * plain ASCII without tabs, no encoded word)?  Then *START is where it begins after
 * blanks and N is cut to its end.
 */
static int
plain_value(const char *s, size_t *np, size_t *start)
{
	const unsigned char	*u = (const unsigned char *)s;
	size_t			 n = *np, i = 0;
	uint64_t		 x, eq;

	/* Eight bytes at a time while none is 8-bit, a control (a tab too:
	 * values have spaces only) or '='. */
	while (i + 8 <= n) {
		memcpy(&x, u + i, 8);
		eq = x ^ (ONES * '=');
		if (((x | (x - ONES * ' ') | ((eq - ONES) & ~eq)) & HIGHS) != 0)
			break;
		i += 8;
	}
	for (; i < n; i++)
		if (u[i] >= 0x80 || u[i] < ' ' ||
		    (u[i] == '=' && i + 1 < n && u[i + 1] == '?'))
			return 0;
	for (i = 0; i < n && s[i] == ' '; i++)
		;
	while (n > i && s[n - 1] == ' ')
		n--;
	*start = i;
	*np = n;
	return 1;
}

/* Decode the encoded words of the unfolded value V[0..N) into B. */
static void
words_add(struct buf *b, const char *v, size_t n)
{
	const char	*deflt;
	char		*res = NULL;
	size_t		 idx = 0;

	if (memmem(v, n, "=?", 2) == NULL) {
		if (looks_iso2022jp(v, n))
			bv_text_utf8(b, v, n, "iso-2022-jp", HDR_CAP * 2);
		else
			bv_utf8_add(b, v, n);
		return;
	}
	/* Raw 8-bit bytes beside encoded words: say what they are. */
	deflt = bv_utf8_valid(v, n) ? "utf-8" : "iso-8859-1";
	if (mailmime_encoded_phrase_parse(deflt, v, n, &idx, "utf-8", &res) !=
	    MAILIMF_NO_ERROR || res == NULL) {
		bv_utf8_add(b, v, n);
		return;
	}
	/* The result is meant to be UTF-8; make sure of it. */
	bv_utf8_add(b, res, strlen(res));
	free(res);
	if (idx < n)
		bv_utf8_add(b, v + idx, n - idx);
}

/*
 * The values decoded last, with their results: a mailbox of bounces returns
 * the same campaign subjects and senders' names many times over, each
 * costing a charset converter's set-up in libetpan.  Direct-mapped by a
 * hash of the value;
 * per thread; values and results of bounded size only (no allocation, so
 * nothing outlives a thread).
 */
#define WORDS_KEPT	64
#define KEPT_IN		192
#define KEPT_OUT	384
static __thread struct words_kept {
	size_t	 inlen, outlen;			/* inlen 0: empty slot */
	char	 in[KEPT_IN];
	char	 out[KEPT_OUT];
} words_kept[WORDS_KEPT];

static size_t
kept_slot(const char *v, size_t n)
{
	uint32_t	 h = 2166136261u;
	size_t		 i;

	for (i = 0; i < n; i++)
		h = (h ^ (unsigned char)v[i]) * 16777619u;
	return h % WORDS_KEPT;
}

/* words_add(), answered from the values kept when V[0..N) is one of them. */
static void
words_add_kept(struct buf *b, const char *v, size_t n)
{
	struct words_kept	*k;
	size_t			 at = b->len;

	if (n == 0 || n > KEPT_IN) {
		words_add(b, v, n);
		return;
	}
	k = &words_kept[kept_slot(v, n)];
	if (k->inlen == n && memcmp(k->in, v, n) == 0) {
		buf_add(b, k->out, k->outlen);
		return;
	}
	words_add(b, v, n);
	if (b->len - at <= KEPT_OUT) {
		k->inlen = n;
		memcpy(k->in, v, n);
		k->outlen = b->len - at;
		memcpy(k->out, b->s + at, k->outlen);
	}
}

/* B's bytes from AT on are one line: tabs, and line ends that decoding
 * brought back, become spaces. */
static void
blanks_to_space(struct buf *b, size_t at)
{
	size_t	 i;

	for (i = at; i < b->len; i++)
		if (b->s[i] == '\t' || b->s[i] == '\r' || b->s[i] == '\n')
			b->s[i] = ' ';
}

static void
header_add(struct buf *b, const char *s, size_t n, int keep)
{
	struct buf	 raw = { NULL, 0, 0 };
	size_t		 i, at = b->len;

	if (n > HDR_CAP)
		n = HDR_CAP;
	if (plain_value(s, &n, &i)) {
		buf_add(b, s + i, n - i);
		return;
	}
	if (!unfold(&raw, s, n))
		buf_add(b, raw.s, raw.len);
	else if (keep)
		words_add_kept(b, raw.s, raw.len);
	else
		words_add(b, raw.s, raw.len);
	buf_free(&raw);
	blanks_to_space(b, at);
}

void
bv_header_add(struct buf *b, const char *s, size_t n)
{
	header_add(b, s, n, 1);
}

char *
bv_header_decode_plain(const char *s, size_t n)
{
	struct buf	 b = { NULL, 0, 0 };

	header_add(&b, s, n, 0);
	if (b.s == NULL)
		buf_add(&b, "", 0);
	return buf_steal(&b);
}

char *
bv_header_decode(const char *s, size_t n)
{
	struct buf	 b = { NULL, 0, 0 };

	bv_header_add(&b, s, n);
	if (b.s == NULL)
		buf_add(&b, "", 0);
	return buf_steal(&b);
}
