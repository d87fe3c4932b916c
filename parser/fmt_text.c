/*
 * fmt_text.c: the small tools every reader of a non-DSN bounce needs: lines,
 * case-insensitive search, addresses, where the returned message starts, and
 * appending a recipient's record.  Everything is bounded by the length it is
 * given and runs in linear time (needles are short constants).
 */
#include "config.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "parser/parser.h"

int
bv_fmt_line(const char *text, size_t len, size_t *pos, struct bv_line *l)
{
	size_t	 i = *pos;

	if (i >= len)
		return 0;
	l->s = text + i;
	while (i < len && text[i] != '\n' && text[i] != '\r')
		i++;
	l->len = (size_t)(text + i - l->s);
	if (i < len && text[i] == '\r')
		i++;
	if (i < len && text[i] == '\n')
		i++;
	*pos = i;
	return 1;
}

static int
lc(int c)
{
	return c >= 'A' && c <= 'Z' ? c + 32 : c;
}

int
bv_fmt_prefix(const char *s, size_t n, const char *prefix)
{
	size_t	 i;

	for (i = 0; prefix[i] != '\0'; i++)
		if (i >= n || lc((unsigned char)s[i]) !=
		    lc((unsigned char)prefix[i]))
			return 0;
	return 1;
}

const char *
bv_fmt_find(const char *hay, size_t n, const char *needle)
{
	size_t	 m = strlen(needle), i;
	int	 c0;

	if (m == 0)
		return hay;
	if (hay == NULL || m > n)
		return NULL;
	c0 = lc((unsigned char)needle[0]);
	for (i = 0; i + m <= n; i++) {
		if (lc((unsigned char)hay[i]) != c0)
			continue;
		if (bv_fmt_prefix(hay + i, n - i, needle))
			return hay + i;
	}
	return NULL;
}

const char *
bv_fmt_find_any(const char *hay, size_t n, const char *const *needles,
    size_t *which)
{
	const char	*best = NULL, *p;
	size_t		 i;

	if (needles == NULL)
		return NULL;
	for (i = 0; needles[i] != NULL; i++) {
		p = bv_fmt_find(hay, best != NULL ? (size_t)(best - hay) +
		    strlen(needles[i]) : n, needles[i]);
		if (p != NULL && (best == NULL || p < best)) {
			best = p;
			if (which != NULL)
				*which = i;
		}
	}
	return best;
}

/* ---- addresses --------------------------------------------------------------- */

/* Characters of an unquoted local part (RFC 5322 atext and dots). */
static int
local_char(int c)
{
	return isalnum(c) || (c != '\0' && strchr("!#$%&'*+-/=?^_`{|}~.", c)
	    != NULL) || c >= 0x80;
}

static int
domain_char(int c)
{
	return isalnum(c) || c == '-' || c == '.' || c == '_' || c >= 0x80;
}

size_t
bv_fmt_addr(const char *s, size_t n, char *out, size_t outlen)
{
	size_t	 i = 0, at, end, dots = 0;

	while (i < n && local_char((unsigned char)s[i]))
		i++;
	if (i == 0 || i >= n || s[i] != '@' || s[0] == '.' || s[i - 1] == '.')
		return 0;
	at = i++;
	if (i < n && s[i] == '[') {		/* user@[192.0.2.1] */
		while (i < n && i - at < 64 && s[i] != ']')
			i++;
		if (i >= n || s[i] != ']')
			return 0;
		end = i + 1;
	} else {
		while (i < n && domain_char((unsigned char)s[i])) {
			if (s[i] == '.')
				dots++;
			i++;
		}
		/* A sentence may end right after an address. */
		while (i > at + 1 && (s[i - 1] == '.' || s[i - 1] == '-')) {
			if (s[i - 1] == '.')
				dots--;
			i--;
		}
		end = i;
		if (end == at + 1 || dots == 0 || s[at + 1] == '.' ||
		    s[at + 1] == '-')
			return 0;
	}
	if (end >= outlen)
		return 0;
	memcpy(out, s, end);
	out[end] = '\0';
	return end;
}

const char *
bv_fmt_find_addr(const char *s, size_t n, char *out, size_t outlen,
    size_t *alen)
{
	const char	*at, *p, *end = s + n;
	size_t		 k;

	for (p = s; p < end && (at = memchr(p, '@', (size_t)(end - p)))
	    != NULL; p = at + 1) {
		const char *b = at;

		while (b > s && local_char((unsigned char)b[-1]) &&
		    at - b < BV_FMT_ADDR_MAX)
			b--;
		while (b < at && *b == '.')
			b++;
		if (b == at)
			continue;
		if ((k = bv_fmt_addr(b, (size_t)(end - b), out, outlen)) > 0) {
			if (alen != NULL)
				*alen = k;
			return b;
		}
	}
	return NULL;
}

/* ---- the text to read ------------------------------------------------------- */

static int
is_type(const struct bv_part *p, const char *type)
{
	return p->type != NULL && strcmp(p->type, type) == 0;
}

const struct bv_part *
bv_fmt_text(const struct bv_msg *m, size_t n, size_t *len)
{
	static const char *const order[] = { "text/plain", "text/", NULL };
	size_t	 i, k, seen = 0;

	for (k = 0; order[k] != NULL; k++) {
		for (i = 0; i < m->nparts; i++) {
			const struct bv_part *p = &m->parts[i];

			if (p->in_original || p->text == NULL ||
			    p->type == NULL)
				continue;
			if (k == 0 ? !is_type(p, order[0]) :
			    (strncmp(p->type, "text/", 5) != 0 ||
			    is_type(p, order[0]) ||
			    is_type(p, "text/rfc822-headers")))
				continue;
			if (seen++ == n) {
				*len = p->len < BV_FMT_CAP ? p->len :
				    BV_FMT_CAP;
				return p;
			}
		}
	}
	return NULL;
}

/*
 * Lines that introduce the returned message in single-part bounces.  Each is
 * a whole line's start (after blanks and dashes).
 */
static const char *const original_marks[] = {
	"below this line is a copy of the message",	/* qmail, Yahoo */
	"enclosed is a copy of the message",		/* qmail (bounce) */
	"enclosed are the original headers",		/* qmail */
	"this is a copy of the message",		/* Exim */
	"this is a copy of the body of the message",	/* Exim */
	"the body of the message is",			/* Exim */
	"the header of the original message is following", /* GMX, 1&1 */
	"original message follows",			/* IMail, others */
	"original message -----",			/* Gmail */
	"original message ------",
	"message headers follow",			/* DragonFly dma */
	"below is a copy of the original message",	/* OpenSMTPD */
	"unsent message follows",			/* Sendmail */
	"original message follows -----",		/* Sendmail */
	"message header follows",
	"returned message --------",			/* Lotus Notes */
	"included is a copy of the message header",	/* MXLogic */
	"original message headers:",			/* Exchange 2007+ */
	"message text follows",				/* Smail */
	"original message",				/* m-FILTER */
	"original mail info",				/* m-FILTER */
	"original message:",				/* Verizon MMS */
	"copy of the original message",
	"a copy of the original message",
	"headers of the original message",
	"ursprüngliche nachricht",			/* German */
	"message d'origine",				/* French */
	"mensaje original",				/* Spanish */
	"mensagem original",				/* Portuguese */
	"messaggio originale",				/* Italian */
	"oorspronkelijk bericht",			/* Dutch */
	"\xe5\x85\x83\xe3\x81\xae\xe3\x83\xa1\xe3\x83\x83\xe3\x82\xbb"
	"\xe3\x83\xbc\xe3\x82\xb8",		/* Japanese */
	"\xe5\x85\x83\xe3\x81\xae\xe3\x83\xa1\xe3\x83\xbc\xe3\x83\xab",
	"\xd0\x98\xd1\x81\xd1\x85\xd0\xbe\xd0\xb4\xd0\xbd\xd0\xbe\xd0\xb5 "
	"\xd1\x81\xd0\xbe\xd0\xbe\xd0\xb1\xd1\x89\xd0\xb5\xd0\xbd\xd0\xb8"
	"\xd0\xb5",					/* Russian */
	NULL
};

/* A header line as the returned message's header block starts with. */
static int
header_start(const struct bv_line *l)
{
	static const char *const names[] = {
		"Received: ", "Return-Path: ", "Return-path: ",
		"Received:from", "Delivered-To: ", "DKIM-Signature: ",
		"X-Original-To: ", NULL
	};
	size_t	 i;

	for (i = 0; names[i] != NULL; i++)
		if (l->len >= strlen(names[i]) &&
		    memcmp(l->s, names[i], strlen(names[i])) == 0)
			return 1;
	return 0;
}

static int
original_mark(const struct bv_line *l)
{
	const char	*s = l->s;
	size_t		 n = l->len, i, dashes = 0;

	while (n > 0 && (*s == ' ' || *s == '\t' || *s == '-' || *s == '|' ||
	    *s == '=' || *s == '*')) {
		if (*s == '-' || *s == '=')
			dashes++;
		s++, n--;
	}
	for (i = 0; original_marks[i] != NULL; i++) {
		if (!bv_fmt_prefix(s, n, original_marks[i]))
			continue;
		/* The bare words need dashes around them to be a marker. */
		if (strcmp(original_marks[i], "original message") == 0 &&
		    dashes == 0 && n != strlen("original message"))
			continue;
		return 1;
	}
	return 0;
}

size_t
bv_fmt_original_at(const char *text, size_t len)
{
	struct bv_line	 l;
	size_t		 pos = 0, at;

	while (at = pos, bv_fmt_line(text, len, &pos, &l)) {
		if (original_mark(&l) || header_start(&l))
			return at;
	}
	return len;
}

int
bv_fmt_original_to(const struct bv_msg *m, const char *t, size_t len,
    size_t orig, char *addr)
{
	struct bv_line	 l;
	size_t		 pos = orig, nl;

	for (nl = 0; nl < 80 && bv_fmt_line(t, len, &pos, &l); nl++) {
		if (l.len == 0 && nl > 1)
			break;
		if (l.len > 3 && bv_fmt_prefix(l.s, l.len, "to:") &&
		    bv_fmt_find_addr(l.s + 3, l.len - 3, addr, BV_FMT_ADDR_MAX,
		    NULL) != NULL)
			return 1;
	}
	return m->original.to != NULL && bv_fmt_find_addr(m->original.to,
	    strnlen(m->original.to, 1024), addr, BV_FMT_ADDR_MAX, NULL) !=
	    NULL;
}

/* ---- is it a bounce at all -------------------------------------------------- */

int
bv_fmt_header_has(const struct bv_msg *m, const char *name,
    const char *needle)
{
	size_t	 i;

	for (i = 0; i < m->nhdrs; i++) {
		const char *v = m->hdrs[i].value;

		if (m->hdrs[i].name == NULL || v == NULL ||
		    strcasecmp(m->hdrs[i].name, name) != 0)
			continue;
		if (bv_fmt_find(v, strnlen(v, 4096), needle) != NULL)
			return 1;
	}
	return 0;
}

int
bv_fmt_bouncy(const struct bv_msg *m)
{
	static const char *const senders[] = {
		"mailer-daemon", "mailer_daemon", "postmaster", "mail delivery",
		"maildelivery", "mail.delivery", "mmsc ndr", "no-reply@",
		"post_master", "mdaemon", "mail administrator", NULL
	};
	static const char *const subjects[] = {
		"undeliver", "undelivered", "delivery fail", "failure notice",
		"returned mail", "delivery status notification", "mail delivery",
		"failed delivery", "delivery problem", "non remis",
		"unzustellbar", "no se puede entregar", "non recapitabile",
		"onbestelbaar", "returned to sender", "not delivered",
		"delivery failure", "could not be delivered", "nondelivery",
		"error sending", "mail system error", NULL
	};
	const char	*v;
	size_t		 i;

	if (bv_msg_header(m, "X-Failed-Recipients") != NULL)
		return 1;
	if ((v = bv_msg_header(m, "Return-Path")) != NULL &&
	    (strstr(v, "<>") != NULL || bv_fmt_find(v, strlen(v),
	    "mailer-daemon") != NULL))
		return 1;
	for (i = 0; senders[i] != NULL; i++)
		if (bv_fmt_header_has(m, "From", senders[i]))
			return 1;
	/* A failure subject alone is what newsletters about bounces have;
	 * machine-sent or without a sender address, it is a notice. */
	if (bv_msg_header(m, "Auto-Submitted") == NULL &&
	    ((v = bv_msg_header(m, "From")) == NULL || strchr(v, '@') != NULL))
		return 0;
	for (i = 0; subjects[i] != NULL; i++)
		if (bv_fmt_header_has(m, "Subject", subjects[i]))
			return 1;
	return 0;
}

/* ---- records ------------------------------------------------------------------ */

/* DIAG with blanks and line ends folded, trimmed and capped (UTF-8 kept
 * whole: the cut goes back to a character boundary). */
static char *
fold(const char *d, size_t n)
{
	struct buf	 b = { 0 };
	size_t		 i;
	int		 space = 0;

	for (i = 0; i < n && b.len < BV_FMT_DIAG_MAX; i++) {
		unsigned char c = (unsigned char)d[i];

		if (c == ' ' || c == '\t' || c == '\r' || c == '\n' ||
		    c == '\f' || c == '\v') {
			space = b.len > 0;
			continue;
		}
		if (c < 0x20 || c == 0x7f)
			continue;
		if (space)
			buf_addc(&b, ' ');
		space = 0;
		buf_addc(&b, (char)c);
	}
	if (b.len >= BV_FMT_DIAG_MAX)
		while (b.len > 0 && ((unsigned char)b.s[b.len - 1] & 0xc0) ==
		    0x80)
			b.s[--b.len] = '\0';
	if (b.len > 0 && ((unsigned char)b.s[b.len - 1] & 0x80) &&
	    i < n)
		b.s[--b.len] = '\0';	/* cut lead byte of a split char */
	if (b.len == 0) {
		buf_free(&b);
		return NULL;
	}
	return buf_steal(&b);
}

void
bv_fmt_set_diag(struct bv_record *r, const char *diag, size_t dlen)
{
	char	 reply[4], status[16];

	free(r->diagnostic);
	r->diagnostic = fold(diag, dlen);
	if (r->diagnostic == NULL)
		return;
	if (r->reply_code == NULL && bv_code_reply(r->diagnostic, reply))
		r->reply_code = xstrdup(reply);
	if (r->status == NULL && bv_code_status(NULL, r->diagnostic, status))
		r->status = xstrdup(status);
}

struct bv_record *
bv_fmt_add(struct bv_reclist *out, size_t first, const char *format,
    const char *rcpt, const char *diag, size_t dlen, int *isnew)
{
	struct bv_record	*r;
	size_t			 i;

	for (i = first; i < out->n; i++) {
		r = &out->v[i];
		if (r->recipient != NULL && strcasecmp(r->recipient, rcpt) ==
		    0) {
			if (r->diagnostic == NULL && diag != NULL)
				bv_fmt_set_diag(r, diag, dlen);
			if (isnew != NULL)
				*isnew = 0;
			return r;
		}
	}
	r = bv_reclist_add(out);
	r->format = format;
	r->recipient = xstrdup(rcpt);
	r->action = xstrdup("failed");
	r->hard = -1;
	if (diag != NULL)
		bv_fmt_set_diag(r, diag, dlen);
	if (isnew != NULL)
		*isnew = 1;
	return r;
}

size_t
bv_fmt_add_header_rcpts(const struct bv_msg *m, const char *name,
    struct bv_reclist *out, size_t first, const char *format,
    const char *diag, size_t dlen)
{
	char		 a[BV_FMT_ADDR_MAX];
	const char	*v, *p, *end;
	size_t		 alen, n = 0;

	if ((v = bv_msg_header(m, name)) == NULL)
		return 0;
	end = v + strnlen(v, 8192);
	for (p = v; p < end && n < 64 && (p = bv_fmt_find_addr(p,
	    (size_t)(end - p), a, sizeof(a), &alen)) != NULL; p += alen) {
		bv_fmt_add(out, first, format, a, diag, dlen, NULL);
		n++;
	}
	return n;
}

/* ---- recognising a format --------------------------------------------------- */

/* The first text parts' beginning, where notices say who wrote them. */
static int
body_has(const struct bv_msg *m, const char *needle)
{
	const struct bv_part	*p;
	size_t			 i, len;

	for (i = 0; i < 2 && (p = bv_fmt_text(m, i, &len)) != NULL; i++)
		if (bv_fmt_find(p->text, len < 16384 ? len : 16384, needle)
		    != NULL)
			return 1;
	return 0;
}

/* One test "kind:text" of S[0..N). */
static int
ident_test(const struct bv_msg *m, const char *s, size_t n)
{
	char		 arg[256], name[64];
	const char	*colon = memchr(s, ':', n), *eq;
	size_t		 k;

	if (n == 6 && memcmp(s, "bouncy", 6) == 0)
		return bv_fmt_bouncy(m);
	if (colon == NULL || (k = n - (size_t)(colon + 1 - s)) >= sizeof(arg))
		return 0;
	memcpy(arg, colon + 1, k);
	arg[k] = '\0';
	if (bv_fmt_prefix(s, n, "from:"))
		return bv_fmt_header_has(m, "From", arg);
	if (bv_fmt_prefix(s, n, "subject:"))
		return bv_fmt_header_has(m, "Subject", arg);
	if (bv_fmt_prefix(s, n, "mailer:"))
		return bv_fmt_header_has(m, "X-Mailer", arg);
	if (bv_fmt_prefix(s, n, "body:"))
		return body_has(m, arg);
	if (!bv_fmt_prefix(s, n, "hdr:"))
		return 0;
	if ((eq = strchr(arg, '=')) == NULL)
		return bv_msg_header(m, arg) != NULL;
	if ((size_t)(eq - arg) >= sizeof(name))
		return 0;
	memcpy(name, arg, (size_t)(eq - arg));
	name[eq - arg] = '\0';
	return bv_fmt_header_has(m, name, eq + 1);
}

int
bv_fmt_ident(const struct bv_msg *m, const char *const *conds)
{
	const char	*s, *and;
	size_t		 i;
	int		 ok;

	for (i = 0; conds != NULL && conds[i] != NULL; i++) {
		ok = 1;
		for (s = conds[i]; ok && *s != '\0'; s = and != NULL ? and + 4 :
		    s + strlen(s)) {
			and = strstr(s, " && ");
			ok = ident_test(m, s, and != NULL ? (size_t)(and - s) :
			    strlen(s));
		}
		if (ok)
			return 1;
	}
	return 0;
}
