/*
 * gendsn.c: pieces shared by the bounce shapes: the bounce's common
 * headers, folded fields, the message/delivery-status part in the manners
 * of different MTAs, the returned original as a MIME part.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "bench/gendsn.h"

void
date_hdr(struct buf *b, const char *name, time_t t, int tz)
{
	buf_printf(b, "%s: ", name);
	gen_date(b, t, tz);
	buf_addc(b, '\n');
}

/* NAME: VALUE folded on spaces near column 76, continuations indented. */
void
field(struct buf *b, const char *name, const char *value)
{
	size_t		 col = strlen(name) + 2, wl;
	const char	*p = value;
	int		 first = 1;

	buf_printf(b, "%s: ", name);
	while (*p) {
		wl = strcspn(p, " ");
		if (!first) {
			if (col + 1 + wl > 76) {
				buf_adds(b, "\n    ");
				col = 4;
			} else {
				buf_addc(b, ' ');
				col++;
			}
		}
		buf_add(b, p, wl);
		first = 0;
		col += wl;
		p += wl;
		while (*p == ' ')
			p++;
	}
	buf_addc(b, '\n');
}

/* The reply as one line: a multi-line reply's lines joined by spaces. */
void
reply_joined(const struct rcpt *rc, struct buf *b)
{
	const char	*p;

	for (p = rc->text; *p; p++)
		buf_addc(b, *p == '\n' ? ' ' : *p);
}

/* The reply line by line, each prefixed with INDENT. */
void
reply_lines(const struct rcpt *rc, struct buf *b, const char *indent)
{
	const char	*p = rc->text, *nl;

	for (; p; p = nl ? nl + 1 : NULL) {
		nl = strchr(p, '\n');
		buf_adds(b, indent);
		buf_add(b, p, nl ? (size_t)(nl - p) : strlen(p));
		buf_addc(b, '\n');
	}
}

int
any_action(const struct bounce *bn, enum action a)
{
	int	 i;

	for (i = 0; i < bn->nrcpt; i++)
		if (bn->r[i].why->action == a)
			return 1;
	return 0;
}

/* Return-Path, Received, Date, From, To, Subject, Message-ID of the
 * bounce itself; the caller adds the rest and the blank line. */
void
bounce_headers(struct rng *r, const struct bounce *bn, struct buf *b,
    const char *from, const char *subject)
{
	char	 id[24];

	buf_adds(b, "Return-Path: <>\n");
	if (rng_chance(r, 400))
		buf_printf(b, "Delivered-To: %s\n", bn->sender);
	buf_printf(b, "Received: from %s (%s [%s])\n\tby mx.%s (Postfix) "
	    "with ESMTPS id %s\n\tfor <%s>; ", bn->mta, bn->mta, bn->mtaip,
	    bn->sdomain, bn->qid, bn->sender);
	gen_date(b, bn->when + 2, bn->tz);
	buf_addc(b, '\n');
	date_hdr(b, "Date", bn->when, bn->tz);
	buf_printf(b, "From: %s\nTo: %s\nSubject: %s\n", from, bn->sender,
	    subject);
	gen_hex(r, id, 16);
	buf_printf(b, "Message-ID: <%s.%s@%s>\n", id, bn->qid, bn->mta);
}

static const char *const actnames[] = { "failed", "delayed", "delivered" };

void
dsn_part(struct rng *r, const struct bounce *bn, struct buf *b,
    const struct dsnstyle *st)
{
	struct buf		 v = { 0 };
	const struct rcpt	*rc;
	int			 i;

	buf_printf(b, "Reporting-MTA: dns;%s%s\n", st->tight ? "" : " ",
	    bn->mta);
	if (st->postfix)
		buf_printf(b, "X-Postfix-Queue-ID: %s\nX-Postfix-Sender: "
		    "rfc822; %s\n", bn->qid, bn->sender);
	if (st->received_from)
		buf_printf(b, "Received-From-MTA: dns;%sapp1.%s\n",
		    st->tight ? "" : " ", bn->sdomain);
	if (st->envid)
		buf_printf(b, "Original-Envelope-Id: %s\n", bn->qid);
	date_hdr(b, "Arrival-Date", bn->sent, bn->tz);
	for (i = 0; i < bn->nrcpt; i++) {
		rc = &bn->r[i];
		if (!st->sloppy || rng_chance(r, 500))
			buf_addc(b, '\n');
		if (st->action_first)
			buf_printf(b, "Action: %s\n",
			    actnames[rc->why->action]);
		buf_printf(b, "Final-Recipient: rfc822;%s%s\n",
		    st->tight ? "" : " ", rc->addr);
		if (st->original_rcpt)
			buf_printf(b, "Original-Recipient: rfc822;%s\n",
			    rc->addr);
		if (!st->action_first)
			buf_printf(b, "Action: %s\n",
			    actnames[rc->why->action]);
		buf_printf(b, "Status: %s\n", st->status_x00 &&
		    rc->why->status[0] != '2' ? (rc->why->status[0] == '4' ?
		    "4.0.0" : "5.0.0") : rc->why->status);
		if (!rc->why->local) {
			if (st->remote_ip)
				buf_printf(b, "Remote-MTA: dns; %s. (%s, the "
				    "server for the domain %s.)\n", rc->rhost,
				    rc->rip, rc->domain);
			else
				buf_printf(b, "Remote-MTA: dns;%s%s\n",
				    st->tight ? "" : " ", rc->rhost);
		}
		buf_reset(&v);
		buf_adds(&v, rc->why->local ? st->localtype : st->smtptype);
		reply_joined(rc, &v);
		field(b, "Diagnostic-Code", v.s);
		if (st->last_attempt)
			date_hdr(b, "Last-Attempt-Date", bn->when, bn->tz);
		if (rc->why->action == ACT_DELAYED)
			date_hdr(b, "Will-Retry-Until", bn->when + 4 * 86400,
			    bn->tz);
		if (st->xfield)
			buf_printf(b, "%s: %s\n", st->xfield, rc->addr);
	}
	buf_free(&v);
}

/* The returned original as a part: its Content-Type line, a blank line
 * and the content.  Headers only become text/rfc822-headers unless
 * HDRS_AS_RFC822; ORIG_NONE writes nothing and returns 0. */
int
orig_part(struct rng *r, const struct bounce *bn, struct buf *b,
    const char *boundary, int hdrs_as_rfc822)
{
	if (bn->orig == ORIG_NONE)
		return 0;
	buf_printf(b, "--%s\n", boundary);
	if (bn->orig == ORIG_HEADERS) {
		buf_printf(b, "Content-Description: Undelivered Message "
		    "Headers\nContent-Type: %s\n\n", hdrs_as_rfc822 ?
		    "message/rfc822" : "text/rfc822-headers");
		orig_headers(r, bn, b);
	} else {
		buf_adds(b, "Content-Description: Undelivered Message\n"
		    "Content-Type: message/rfc822\n\n");
		orig_whole(r, bn, b);
	}
	buf_addc(b, '\n');
	return 1;
}

/* The original after a text marker, as non-DSN MTAs return it. */
void
orig_inline(struct rng *r, const struct bounce *bn, struct buf *b)
{
	if (bn->orig == ORIG_HEADERS || bn->orig == ORIG_NONE)
		orig_headers(r, bn, b);
	else
		orig_whole(r, bn, b);
}

void
html_filler(struct rng *r, struct buf *b, size_t bytes)
{
	buf_adds(b, "<html>\n<head>\n<meta http-equiv=\"Content-Type\" "
	    "content=\"text/html; charset=us-ascii\">\n<style>\n"
	    "body{font-family:Segoe UI,Arial,sans-serif;font-size:14px}\n"
	    ".box{border:1px solid #d0d0d0;padding:16px;margin:8px}\n"
	    ".hint{color:#606060;font-size:12px}\n</style>\n</head>\n"
	    "<body>\n<div class=\"box\">\n<p class=\"hint\">");
	gen_words(r, b, bytes, 76);
	buf_adds(b, "</p>\n</div>\n</body>\n</html>\n");
}

/* SRC as base64 in lines of 76. */
void
base64_of(struct buf *b, const char *src, size_t len)
{
	static const char	 alpha[] =
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	const unsigned char	*s = (const unsigned char *)src;
	size_t			 i, col = 0;
	unsigned		 x;

	for (i = 0; i < len; i += 3) {
		x = (unsigned)s[i] << 16;
		if (i + 1 < len)
			x |= (unsigned)s[i + 1] << 8;
		if (i + 2 < len)
			x |= s[i + 2];
		buf_addc(b, alpha[x >> 18 & 63]);
		buf_addc(b, alpha[x >> 12 & 63]);
		buf_addc(b, i + 1 < len ? alpha[x >> 6 & 63] : '=');
		buf_addc(b, i + 2 < len ? alpha[x & 63] : '=');
		if ((col += 4) == 76) {
			buf_addc(b, '\n');
			col = 0;
		}
	}
	if (col)
		buf_addc(b, '\n');
}

/* SRC as quoted-printable: '=' and 8-bit bytes escaped, soft breaks. */
void
qp_of(struct buf *b, const char *src, size_t len)
{
	const unsigned char	*s = (const unsigned char *)src;
	size_t			 i, col = 0;

	for (i = 0; i < len; i++) {
		if (s[i] == '\n') {
			buf_addc(b, '\n');
			col = 0;
			continue;
		}
		if (col >= 73) {
			buf_adds(b, "=\n");
			col = 0;
		}
		if (s[i] == '=' || s[i] >= 127) {
			buf_printf(b, "=%02X", s[i]);
			col += 3;
		} else {
			buf_addc(b, (char)s[i]);
			col++;
		}
	}
}
