/*
 * genorig.c: the original message a bounce returns.  Most bounces return
 * the headers or a short body; about one in a hundred carries the whole
 * message with a large attachment, which is what makes bounce folders big.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "bench/gen.h"

/* Weights of enum origmode, in order. */
static const unsigned origweights[] = { 60, 385, 480, 70, 5 };

int
orig_pick(struct rng *r)
{
	return (int)rng_weighted(r, origweights,
	    sizeof(origweights) / sizeof(origweights[0]));
}

/* BYTES random bytes in base64, lines of 76 each starting with INDENT. */
static void
base64_random(struct rng *r, struct buf *b, size_t bytes, const char *indent)
{
	static const char	 alpha[] =
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	uint64_t		 x = 0;
	size_t			 i, col = 0;

	/* every 3 random bytes give 4 characters, a draw serves two groups;
	 * lines of 76 */
	for (i = 0; i < bytes; i += 3) {
		if (i % 6 == 0)
			x = rng_next(r);
		buf_addc(b, alpha[x & 63]);
		buf_addc(b, alpha[(x >> 6) & 63]);
		buf_addc(b, alpha[(x >> 12) & 63]);
		buf_addc(b, alpha[(x >> 18) & 63]);
		x >>= 24;
		if ((col += 4) == 76 && i + 3 < bytes) {
			buf_addc(b, '\n');
			buf_adds(b, indent);
			col = 0;
		}
	}
	buf_addc(b, '\n');
}

static void
dkim(struct rng *r, const struct bounce *bn, struct buf *b)
{
	buf_printf(b, "DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed;"
	    " d=%s; s=s%u;\n\th=from:to:subject:date:message-id:"
	    "mime-version:content-type;\n\tbh=", bn->sdomain,
	    2020 + rng_below(r, 6));
	base64_random(r, b, 30, "");
	b->len--;	/* no line end after the hash */
	buf_adds(b, "=;\n\tb=");
	base64_random(r, b, 180, "\t");
}

void
orig_headers(struct rng *r, const struct bounce *bn, struct buf *b)
{
	unsigned	 app = 1 + rng_below(r, 9);
	int		 i;

	if (rng_chance(r, 500))
		buf_printf(b, "Return-Path: <%s>\n", bn->sender);
	buf_printf(b, "Received: from app%u.%s (app%u.%s [%s])\n"
	    "\tby smtp-out.%s with ESMTPSA id %s\n\tfor <%s>; ",
	    app, bn->sdomain, app, bn->sdomain, bn->ourip, bn->sdomain,
	    bn->qid, bn->r[0].addr);
	gen_date(b, bn->sent, bn->tz);
	buf_addc(b, '\n');
	if (rng_chance(r, 450))
		dkim(r, bn, b);
	buf_printf(b, "From: %s <%s>\nTo: ", gen_person(r), bn->sender);
	for (i = 0; i < bn->nrcpt; i++)
		buf_printf(b, "%s%s", i ? ",\n " : "", bn->r[i].addr);
	buf_printf(b, "\nSubject: %s\nDate: ", bn->subject);
	gen_date(b, bn->sent, bn->tz);
	buf_printf(b, "\nMessage-ID: <%s>\nMIME-Version: 1.0\n", bn->msgid);
	if (rng_chance(r, 300))
		buf_printf(b, "List-Unsubscribe: <mailto:leave-%s@lists.%s>\n",
		    bn->qid, bn->sdomain);
	if (rng_chance(r, 250))
		buf_adds(b, "X-Mailer: Invented Mailer 4.2\n");
	switch (bn->orig) {
	case ORIG_ALT:
		buf_printf(b, "Content-Type: multipart/alternative; "
		    "boundary=\"alt-%s\"\n", bn->qid);
		break;
	case ORIG_ATTACH:
		buf_printf(b, "Content-Type: multipart/mixed; "
		    "boundary=\"mix-%s\"\n", bn->qid);
		break;
	default:
		buf_adds(b, "Content-Type: text/plain; charset=utf-8\n"
		    "Content-Transfer-Encoding: 8bit\n");
		break;
	}
}

static void
html(struct rng *r, struct buf *b, size_t bytes)
{
	buf_adds(b, "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\">"
	    "</head>\n<body style=\"font-family:sans-serif\">\n<p>");
	gen_words(r, b, bytes, 76);
	buf_adds(b, "</p>\n<p><a href=\"https://www.example.com/unsub\">"
	    "Unsubscribe</a></p>\n</body></html>\n");
}

void
orig_body(struct rng *r, const struct bounce *bn, struct buf *b)
{
	switch (bn->orig) {
	case ORIG_SMALL:
		gen_words(r, b, 200 + rng_below(r, 1300), 72);
		break;
	case ORIG_ALT:
		buf_printf(b, "--alt-%s\nContent-Type: text/plain; "
		    "charset=utf-8\n\n", bn->qid);
		gen_words(r, b, 300 + rng_below(r, 700), 72);
		buf_printf(b, "\n--alt-%s\nContent-Type: text/html; "
		    "charset=utf-8\n\n", bn->qid);
		html(r, b, 500 + rng_below(r, 1500));
		buf_printf(b, "\n--alt-%s--\n", bn->qid);
		break;
	case ORIG_ATTACH:
		buf_printf(b, "--mix-%s\nContent-Type: text/plain; "
		    "charset=utf-8\n\n", bn->qid);
		gen_words(r, b, 200 + rng_below(r, 400), 72);
		buf_printf(b, "\n--mix-%s\nContent-Type: application/pdf; "
		    "name=\"report-%u.pdf\"\nContent-Disposition: attachment; "
		    "filename=\"report-%u.pdf\"\n"
		    "Content-Transfer-Encoding: base64\n\n", bn->qid,
		    rng_below(r, 10000), rng_below(r, 10000));
		base64_random(r, b, 50 * 1024 + rng_below(r, 150 * 1024), "");
		buf_printf(b, "\n--mix-%s--\n", bn->qid);
		break;
	default:
		break;
	}
}

void
orig_whole(struct rng *r, const struct bounce *bn, struct buf *b)
{
	orig_headers(r, bn, b);
	buf_addc(b, '\n');
	orig_body(r, bn, b);
}
