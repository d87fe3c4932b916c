/*
 * html.c: HTML to plain text, for notices sent only as text/html (Office 365
 * NDRs, Zoho, Google Groups).  Not a browser: tags are dropped, the block
 * tags become line ends and table cells blanks, script, style and comments
 * vanish, entities are decoded and blanks folded, so that the readers see
 * the lines a person sees.  One pass; every search moves forward only, so
 * the work is linear even on hostile input, and the text never grows.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "parser/parser.h"

#define NAME_MAX_LEN	16	/* longest tag name looked at */

struct html {
	const char	*s;		/* borrowed: the HTML */
	size_t		 n, i;		/* its length; the byte read next */
	char		*out;		/* owned until handed over */
	size_t		 k, cap;	/* bytes written; OUT's size */
	int		 space;		/* a blank is due before the next
					   visible byte */
	size_t		 gt;		/* the '>' at or after I, N: none
					   left; only moves forward */
	int		 gt_known;
};

/* What a tag does to the text: its name (lower case) and the line ends it
 * stands for when it opens and when it closes (0 none, 1 a line end, 2 an
 * empty line, 3 a blank, 4 a break: one more line end). */
static const struct {
	const char	*name;
	int		 open, close;
} tags[] = {
	{ "br", 4, 4 }, { "p", 2, 2 }, { "div", 1, 1 }, { "tr", 1, 1 },
	{ "li", 1, 1 }, { "h1", 2, 2 }, { "h2", 2, 2 }, { "h3", 2, 2 },
	{ "h4", 2, 2 }, { "h5", 2, 2 }, { "h6", 2, 2 }, { "table", 1, 1 },
	{ "ul", 1, 1 }, { "ol", 1, 1 }, { "pre", 1, 1 }, { "hr", 1, 1 },
	{ "blockquote", 1, 1 }, { "center", 1, 1 }, { "dt", 1, 1 },
	{ "dd", 1, 1 }, { "td", 3, 3 }, { "th", 3, 3 }, { "body", 1, 1 },
};

/* Tags whose content is not text: skipped up to their closing tag. */
static const char *const hidden[] = { "script", "style", "title", NULL };

/* The named entities notices use, each no longer in UTF-8 than written. */
static const struct {
	const char	*name;
	const char	*utf8;
} entities[] = {
	{ "amp", "&" }, { "lt", "<" }, { "gt", ">" }, { "quot", "\"" },
	{ "apos", "'" }, { "nbsp", " " }, { "copy", "\xc2\xa9" },
	{ "reg", "\xc2\xae" }, { "ndash", "\xe2\x80\x93" },
	{ "mdash", "\xe2\x80\x94" }, { "lsquo", "\xe2\x80\x98" },
	{ "rsquo", "\xe2\x80\x99" }, { "ldquo", "\xe2\x80\x9c" },
	{ "rdquo", "\xe2\x80\x9d" }, { "hellip", "\xe2\x80\xa6" },
	{ "laquo", "\xc2\xab" }, { "raquo", "\xc2\xbb" }, { "bull", "\xe2\x80\xa2" },
	{ "eacute", "\xc3\xa9" }, { "egrave", "\xc3\xa8" },
	{ "agrave", "\xc3\xa0" }, { "auml", "\xc3\xa4" }, { "ouml", "\xc3\xb6" },
	{ "uuml", "\xc3\xbc" }, { "szlig", "\xc3\x9f" }, { "ccedil", "\xc3\xa7" },
};

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))

static int
blank(int c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
	    c == '\v';
}

static int
alnum(int c)
{
	return (unsigned)(c - '0') < 10 || (unsigned)((c | 0x20) - 'a') < 26;
}

static void
put(struct html *h, char c)
{
	if (h->k + 1 < h->cap)
		h->out[h->k++] = c;
}

/* A visible byte: the blank due before it first. */
static void
visible(struct html *h, char c)
{
	if (h->space && h->k > 0 && h->out[h->k - 1] != '\n')
		put(h, ' ');
	h->space = 0;
	put(h, c);
}

/* End the line (HOW 1), or the paragraph with an empty line (HOW 2); a
 * table cell ends with a blank (HOW 3); a break adds a line end (HOW 4).
 * Never more than one empty line. */
static void
line_end(struct html *h, int how)
{
	size_t	 want = how == 2 ? 2 : 1, have = 0;

	if (how == 3) {
		h->space = 1;
		return;
	}
	h->space = 0;
	while (have < 2 && have < h->k && h->out[h->k - 1 - have] == '\n')
		have++;
	if (h->k == 0)
		return;
	if (how == 4)
		want = have + 1;
	for (; have < want && have < 2; have++)
		put(h, '\n');
}

/* The UTF-8 of code point CP into H ('?' for what must not be text). */
static void
put_cp(struct html *h, uint32_t cp)
{
	if (cp == 0xa0 || (cp < 0x20 && blank((int)cp))) {
		h->space = 1;
		return;
	}
	if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0) || (cp >= 0xd800 &&
	    cp < 0xe000) || cp > 0x10ffff)
		cp = '?';
	if (cp < 0x80) {
		visible(h, (char)cp);
		return;
	}
	if (cp < 0x800)
		visible(h, (char)(0xc0 | cp >> 6));
	else {
		if (cp < 0x10000)
			visible(h, (char)(0xe0 | cp >> 12));
		else {
			visible(h, (char)(0xf0 | cp >> 18));
			put(h, (char)(0x80 | ((cp >> 12) & 0x3f)));
		}
		put(h, (char)(0x80 | ((cp >> 6) & 0x3f)));
	}
	put(h, (char)(0x80 | (cp & 0x3f)));
}

/* "&#NN;" or "&#xNN;" at I: decoded and 1, or 0 when it is none. */
static int
numeric_entity(struct html *h)
{
	const char	*s = h->s;
	size_t		 j = h->i + 2, digits = 0;
	uint32_t	 cp = 0;
	int		 hex = 0, d;

	if (j < h->n && (s[j] == 'x' || s[j] == 'X'))
		hex = 1, j++;
	for (; j < h->n && digits < 8; j++, digits++) {
		if ((unsigned)(s[j] - '0') < 10)
			d = s[j] - '0';
		else if (hex && (unsigned)((s[j] | 0x20) - 'a') < 6)
			d = (s[j] | 0x20) - 'a' + 10;
		else
			break;
		cp = cp * (hex ? 16 : 10) + (uint32_t)d;
	}
	if (digits == 0)
		return 0;
	if (j < h->n && s[j] == ';')
		j++;
	put_cp(h, cp);
	h->i = j;
	return 1;
}

/* The entity at I ('&'): decoded and I moved past it, or '&' kept. */
static void
entity(struct html *h)
{
	const char	*s = h->s + h->i + 1;
	size_t		 len = 0, e, rest = h->n - h->i - 1;

	if (rest > 0 && *s == '#' && numeric_entity(h))
		return;
	while (len < rest && len < 8 && alnum((unsigned char)s[len]))
		len++;
	for (e = 0; len > 0 && e < NELEM(entities); e++)
		if (strlen(entities[e].name) == len &&
		    memcmp(s, entities[e].name, len) == 0)
			break;
	if (len == 0 || e == NELEM(entities)) {
		visible(h, '&');
		h->i++;
		return;
	}
	h->i += 1 + len + (len < rest && s[len] == ';');
	if (strcmp(entities[e].name, "nbsp") == 0) {
		h->space = 1;
		return;
	}
	for (s = entities[e].utf8; *s != '\0'; s++)
		visible(h, *s);
}

/* The offset of the '>' ending the tag at I, or N.  Searches never go back
 * over bytes searched before. */
static size_t
tag_end(struct html *h)
{
	const char	*gt;

	if (h->gt_known && (h->gt >= h->i || h->gt == h->n))
		return h->gt;
	gt = memchr(h->s + h->i, '>', h->n - h->i);
	h->gt = gt != NULL ? (size_t)(gt - h->s) : h->n;
	h->gt_known = 1;
	return h->gt;
}

/* "<user@example.net>" left unescaped in the HTML: an address, not a tag.
 * The scan stops at the first byte that cannot be part of one. */
static int
bracketed_address(const struct html *h)
{
	size_t	 j = h->i + 1, at = 0;

	for (; j < h->n && j - h->i < BV_FMT_ADDR_MAX; j++) {
		unsigned char c = (unsigned char)h->s[j];

		if (c == '>')
			return at != 0 && j > at + 1;
		if (c == '@' && at == 0 && j > h->i + 1)
			at = j;
		else if (!(alnum(c) || c >= 0x80 || strchr(".-_+=", c) !=
		    NULL) || c == '\0')
			return 0;
	}
	return 0;
}

/* Past the closing tag of hidden element NAME, or to the end. */
static void
skip_hidden(struct html *h, const char *name)
{
	char		 close[NAME_MAX_LEN + 3];
	const char	*p;

	close[0] = '<';
	close[1] = '/';
	strcpy(close + 2, name);
	p = bv_fmt_find(h->s + h->i, h->n - h->i, close);
	if (p == NULL) {
		h->i = h->n;
		return;
	}
	h->i = (size_t)(p - h->s);
	h->i = tag_end(h);
	if (h->i < h->n)
		h->i++;
}

/* The tag's name at S[0..N) (after '<' and '/') lower-cased into NAME. */
static void
tag_name(const char *s, size_t n, char *name)
{
	size_t	 j;

	for (j = 0; j < n && j < NAME_MAX_LEN && alnum((unsigned char)s[j]);
	    j++)
		name[j] = (char)((unsigned)((s[j] | 0x20) - 'a') < 26 ?
		    s[j] | 0x20 : s[j]);
	name[j] = '\0';
}

/* The markup at I ('<'): a tag, a comment or a declaration. */
static void
markup(struct html *h)
{
	const char	*s = h->s + h->i, *p;
	char		 name[NAME_MAX_LEN + 1];
	size_t		 rest = h->n - h->i, end = 0, t;
	int		 closing = rest > 1 && s[1] == '/';

	if (rest > 3 && memcmp(s, "<!--", 4) == 0) {
		p = memmem(s + 4, rest - 4, "-->", 3);
		h->i = p != NULL ? (size_t)(p - h->s) + 3 : h->n;
		return;
	}
	if (rest < 2 || !(alnum((unsigned char)s[1]) || s[1] == '/' ||
	    s[1] == '!' || s[1] == '?') || bracketed_address(h) ||
	    (end = tag_end(h)) == h->n) {
		visible(h, '<');	/* "a < b", or no tag after all */
		h->i++;
		return;
	}
	tag_name(s + 1 + closing, rest - 1 - (size_t)closing, name);
	h->i = end + 1;
	for (t = 0; !closing && hidden[t] != NULL; t++)
		if (strcmp(name, hidden[t]) == 0) {
			skip_hidden(h, name);
			return;
		}
	for (t = 0; t < NELEM(tags); t++)
		if (strcmp(name, tags[t].name) == 0) {
			line_end(h, closing ? tags[t].close : tags[t].open);
			return;
		}
}

char *
bv_html_text(const char *html, size_t n, size_t *outlen)
{
	struct html	 h;
	unsigned char	 c;

	memset(&h, 0, sizeof(h));
	h.s = html;
	h.n = n;
	h.cap = n + 1;
	h.out = xmalloc(h.cap);
	while (h.i < h.n) {
		c = (unsigned char)h.s[h.i];
		if (c == '<')
			markup(&h);
		else if (c == '&')
			entity(&h);
		else if (blank(c) || c == '\0') {
			h.space = 1;
			h.i++;
		} else {
			visible(&h, (char)c);
			h.i++;
		}
	}
	while (h.k > 0 && h.out[h.k - 1] == '\n')
		h.k--;
	h.out[h.k] = '\0';
	if (outlen != NULL)
		*outlen = h.k;
	return h.out;
}
