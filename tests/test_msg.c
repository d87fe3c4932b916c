/*
 * test_msg.c: a message's bytes to struct bv_msg (parser/msg.c) and the
 * decoding under it (parser/decode.c): header unfolding, encoded words,
 * charsets, transfer encodings, line ends, the MIME walk and its guards.
 */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "parser/parser.h"

#ifndef FIXTURES
#define FIXTURES	"tests/fixtures/dsn"
#endif

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))

static char *
slurp(const char *name, size_t *len)
{
	struct buf	 b = { NULL, 0, 0 };
	char		 path[1024], chunk[8192];
	FILE		*f;
	size_t		 n;

	snprintf(path, sizeof(path), "%s/%s", FIXTURES, name);
	if ((f = fopen(path, "rb")) == NULL)
		fail_msg("cannot open %s", path);
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		buf_add(&b, chunk, n);
	fclose(f);
	*len = b.len;
	return buf_steal(&b);
}

/* ---- decode.c ----------------------------------------------------------- */

static const struct {
	const char	*raw;
	const char	*want;
} header_values[] = {
	{ " plain value ", "plain value" },
	{ " folded\r\n  over\n\tthree lines", "folded over three lines" },
	{ "a\tb\t c", "a b  c" },
	{ "=?utf-8?q?tab=09and_cr=0D?= x", "tab and cr  x" },
	{ "=?utf-8?q?caf=C3=A9?= =?utf-8?q?_bar?=", "caf\xc3\xa9 bar" },
	{ "=?ISO-2022-JP?B?GyRCJUYlOSVIGyhC?= mail",
	  "\xe3\x83\x86\xe3\x82\xb9\xe3\x83\x88 mail" },
	{ "=?koi8-r?B?8NLJ18XU?=",
	  "\xd0\x9f\xd1\x80\xd0\xb8\xd0\xb2\xd0\xb5\xd1\x82" },
	{ "=?iso-8859-1?q?Ren=E9e?= <r@example.org>",
	  "Ren\xc3\xa9" "e <r@example.org>" },
	{ "Ren\xe9" "e (raw Latin-1)", "Ren\xc3\xa9" "e (raw Latin-1)" },
	{ "Ren\xc3\xa9" "e (raw UTF-8)", "Ren\xc3\xa9" "e (raw UTF-8)" },
	/* Raw Latin-1 beside an encoded word. */
	{ "caf\xe9 =?utf-8?q?x?=", "caf\xc3\xa9 x" },
	/* ISO-2022-JP written raw, no encoded word. */
	{ "\x1b$B%F%9%H\x1b(B", "\xe3\x83\x86\xe3\x82\xb9\xe3\x83\x88" },
	/* Broken encoded words stay text. */
	{ "=?", "=?" },
	{ "a=?b?c?d", "a=?b?c?d" },
};

static void
test_header_decode(void **state)
{
	char	*v;
	size_t	 i;

	(void)state;
	for (i = 0; i < NELEM(header_values); i++) {
		v = bv_header_decode(header_values[i].raw,
		    strlen(header_values[i].raw));
		assert_non_null(v);
		if (strcmp(v, header_values[i].want) != 0)
			fail_msg("%zu: \"%s\" gave \"%s\"", i,
			    header_values[i].raw, v);
		assert_true(bv_utf8_valid(v, strlen(v)));
		free(v);
	}
	/* NUL and control bytes never cut or break a value. */
	v = bv_header_decode("a\0b\x1b", 4);
	assert_string_equal(v, "a b\x1b");
	free(v);
}

/* bv_header_decode keeps the values it decoded last: asked again, in any
 * order, with values that share a slot, longer than it keeps or giving
 * results longer than it keeps, it answers as its plain version does. */
static void
test_header_decode_kept(void **state)
{
	struct buf	 big = { NULL, 0, 0 };
	const char	*vals[NELEM(header_values) + 101];
	char		 same[100][16], *got, *want;
	size_t		 i, r, n = 0;

	(void)state;
	for (i = 0; i < NELEM(header_values); i++)
		vals[n++] = header_values[i].raw;
	/* A value longer than those kept (348 bytes). */
	for (i = 0; i < 12; i++)
		buf_add(&big, "=?utf-8?b?4pyT4pyT4pyT4pyT?= ", 29);
	buf_add(&big, "", 0);
	vals[n++] = big.s;
	/* Values of one length, more than the slots (64): some share one. */
	for (i = 0; i < 100; i++) {
		snprintf(same[i], sizeof(same[i]), "=?utf-8?q?%c%c?=",
		    (int)('a' + i / 10), (int)('a' + i % 10));
		vals[n++] = same[i];
	}
	for (r = 0; r < 4 * n; r++) {
		i = (r * 7 + r / 3) % n;
		got = bv_header_decode(vals[i], strlen(vals[i]));
		want = bv_header_decode_plain(vals[i], strlen(vals[i]));
		if (strcmp(got, want) != 0)
			fail_msg("%zu: \"%s\" gave \"%s\", not \"%s\"", i,
			    vals[i], got, want);
		free(got);
		free(want);
	}
	buf_free(&big);
}

static void
test_utf8(void **state)
{
	struct buf	 b = { NULL, 0, 0 };

	(void)state;
	assert_true(bv_utf8_valid("caf\xc3\xa9", 5));
	assert_false(bv_utf8_valid("\xc0\xaf", 2));		/* overlong */
	assert_false(bv_utf8_valid("\xed\xa0\x80", 3));		/* surrogate */
	assert_false(bv_utf8_valid("\xf4\x90\x80\x80", 4));	/* > U+10FFFF */
	assert_false(bv_utf8_valid("\xe2\x82", 2));		/* cut */
	bv_utf8_add(&b, "a\r\nb\rc\n\xff\0d", 10);
	assert_string_equal(b.s, "a\nb\nc\n\xc3\xbf d");
	buf_reset(&b);
	/* A long ASCII run with one special byte at the end of a word. */
	bv_utf8_add(&b, "0123456789abcde\xe9", 16);
	assert_string_equal(b.s, "0123456789abcde\xc3\xa9");
	buf_free(&b);
}

static const struct {
	const char	*charset;
	const char	*bytes;
	const char	*want;
	int		 rc;
} charsets[] = {
	{ "iso-2022-jp", "\x1b$B%F%9%H\x1b(B",
	  "\xe3\x83\x86\xe3\x82\xb9\xe3\x83\x88", 0 },
	{ "Shift_JIS", "\x83\x65\x83\x58\x83\x67",
	  "\xe3\x83\x86\xe3\x82\xb9\xe3\x83\x88", 0 },
	{ "x-sjis", "\x83\x65", "\xe3\x83\x86", 0 },
	{ "KOI8-R", "\xf0\xd2\xc9", "\xd0\x9f\xd1\x80\xd0\xb8", 0 },
	{ "iso-8859-2", "\xe8", "\xc4\x8d", 0 },
	{ "\"ISO-8859-1\"", "\xe9", "\xc3\xa9", 0 },
	{ "windows-1252", "\x92", "\xe2\x80\x99", 0 },
	{ "utf-8", "\xc3\xa9", "\xc3\xa9", 0 },
	/* Declared ASCII, sent UTF-8: the UTF-8 stays. */
	{ "us-ascii", "\xc3\xa9", "\xc3\xa9", 0 },
	{ NULL, "\xe9t\xe9", "\xc3\xa9t\xc3\xa9", 0 },
	/* Unknown charsets: UTF-8 where valid, Latin-1 otherwise. */
	{ "x-no-such-charset", "na\xefve", "na\xc3\xafve", -1 },
	{ "utf-8", "\xff\xfe", "\xc3\xbf\xc3\xbe", 0 },
};

static void
test_charsets(void **state)
{
	static const char jis[] = "\x1b$B%F%F%F%F%F%F%F%F%F%F%F%F%F%F%F%F"
	    "%F%F%F%F%F%F%F%F%F%F%F%F%F%F%F%F%F%F%F%F%F%F%F%F";
	struct buf	 b = { NULL, 0, 0 };
	size_t		 i;
	int		 rc;

	(void)state;
	for (i = 0; i < NELEM(charsets); i++) {
		buf_reset(&b);
		rc = bv_text_utf8(&b, charsets[i].bytes,
		    strlen(charsets[i].bytes), charsets[i].charset, 1024);
		assert_non_null(b.s);
		if (strcmp(b.s, charsets[i].want) != 0)
			fail_msg("%zu (%s): got \"%s\"", i, charsets[i].charset,
			    b.s);
		assert_int_equal(rc, charsets[i].rc);
	}
	/* The cap bounds what is read. */
	buf_reset(&b);
	bv_text_utf8(&b, "0123456789", 10, "us-ascii", 4);
	assert_string_equal(b.s, "0123");
	/* Converters are kept between calls: a stateful charset left in its
	 * two-byte mode (the output cap reached before the end) must not
	 * carry that into the next text, and an unknown charset stays
	 * unknown when asked again.  More charsets than are kept, twice
	 * over, still convert. */
	buf_reset(&b);
	bv_text_utf8(&b, jis, sizeof(jis) - 1, "iso-2022-jp", 64);
	buf_reset(&b);
	bv_text_utf8(&b, "%F", 2, "iso-2022-jp", 1024);
	assert_string_equal(b.s, "%F");
	for (rc = 0; rc < 2; rc++) {
		buf_reset(&b);
		assert_int_equal(bv_text_utf8(&b, "na\xefve", 5,
		    "x-no-such-charset", 1024), -1);
		for (i = 0; i < NELEM(charsets); i++) {
			buf_reset(&b);
			bv_text_utf8(&b, charsets[i].bytes,
			    strlen(charsets[i].bytes), charsets[i].charset,
			    1024);
			assert_string_equal(b.s, charsets[i].want);
		}
	}
	buf_free(&b);
}

static void
test_transfer(void **state)
{
	struct buf	 b = { NULL, 0, 0 };
	const char	*qp = "caf=C3=A9 soft=\nbreak=3D";

	(void)state;
	assert_int_equal(bv_cte_lookup(" Base64\r\n"), BV_CTE_BASE64);
	assert_int_equal(bv_cte_lookup("QUOTED-PRINTABLE"), BV_CTE_QP);
	assert_int_equal(bv_cte_lookup("7bit"), BV_CTE_IDENTITY);
	assert_int_equal(bv_cte_lookup("x-uuencode"), BV_CTE_IDENTITY);
	assert_int_equal(bv_cte_lookup(NULL), BV_CTE_IDENTITY);
	assert_int_equal(bv_transfer_decode(&b, "aGVsbG8gd29ybGQ=\n", 17,
	    BV_CTE_BASE64), 0);
	assert_string_equal(b.s, "hello world");
	buf_reset(&b);
	/* Truncated base64 gives what it has. */
	bv_transfer_decode(&b, "aGVsbG8gd29y", 12, BV_CTE_BASE64);
	assert_non_null(b.s);
	assert_memory_equal(b.s, "hello wor", 9);
	buf_reset(&b);
	bv_transfer_decode(&b, qp, strlen(qp), BV_CTE_QP);
	assert_string_equal(b.s, "caf\xc3\xa9 softbreak=");
	buf_free(&b);
}

/* ---- msg.c -------------------------------------------------------------- */

static void
test_postfix(void **state)
{
	struct bv_msg		*m;
	const struct bv_part	*p;
	char			*raw;
	size_t			 len;

	(void)state;
	raw = slurp("postfix.eml", &len);
	m = bv_msg_new(raw, len);
	assert_ptr_equal(m->raw, raw);
	assert_int_equal(m->rawlen, len);
	assert_true(m->has_dsn);
	assert_true(m->has_report);
	assert_false(m->has_feedback);
	assert_null(m->error);
	/* Headers: unfolded, case-insensitive lookup, in order. */
	assert_string_equal(m->hdrs[0].name, "Return-Path");
	assert_string_equal(bv_msg_header(m, "content-TYPE"),
	    "multipart/report; report-type=delivery-status; "
	    "boundary=\"4F2A31C0042.1772529164/mx1.example.net\"");
	assert_string_equal(bv_msg_header(m, "Received"), "by mx1.example.net "
	    "(Postfix) id 4F2A31C0042; Tue,  3 Mar 2026 09:12:44 +0000 (UTC)");
	assert_null(bv_msg_header(m, "X-Nothing"));
	/* Leaves in order: notification, report, returned message. */
	assert_int_equal(m->nparts, 3);
	assert_string_equal(m->parts[0].type, "text/plain");
	assert_string_equal(m->parts[0].charset, "utf-8");
	assert_int_equal(m->parts[0].depth, 1);
	assert_false(m->parts[0].in_original);
	assert_non_null(strstr(m->parts[0].text, "said: 550 5.1.1\n"));
	assert_int_equal(strlen(m->parts[0].text), m->parts[0].len);
	assert_string_equal(m->parts[1].type, "message/delivery-status");
	assert_null(m->parts[1].charset);
	assert_true(strncmp(m->parts[1].text, "Reporting-MTA: dns; "
	    "mx1.example.net\nX-Postfix-Queue-ID", 54) == 0);
	assert_string_equal(m->parts[2].type, "message/rfc822");
	assert_true(m->parts[2].in_original);
	/* The returned message: its header block, not its body. */
	assert_non_null(strstr(m->parts[2].text, "Message-ID: <c0ffee01"));
	assert_null(strstr(m->parts[2].text, "Hallo Bob"));
	assert_string_equal(m->original.from,
	    "Alice M\xc3\xbcller <alice@example.net>");
	assert_string_equal(m->original.to, "Bob <bob@example.org>");
	assert_string_equal(m->original.subject,
	    "Quartalsbericht \xc3\x9c" "bersicht");
	assert_string_equal(m->original.date, "Tue, 3 Mar 2026 10:12:31 +0100");
	assert_string_equal(m->original.message_id, "<c0ffee01@example.net>");
	p = bv_msg_part(m, "message/delivery-status", 0);
	assert_ptr_equal(p, &m->parts[1]);
	assert_null(bv_msg_part(m, "message/delivery-status", 1));
	/* The returned message is not offered as an outside part. */
	assert_null(bv_msg_part(m, "message/rfc822", 0));
	bv_msg_free(m);
	free(raw);
	bv_msg_free(NULL);
}

/* LF, CR LF and CR-only line ends give the same message. */
static void
test_line_ends(void **state)
{
	static const char *const names[] = {
		"postfix-crlf.eml", "postfix-cr.eml",
	};
	struct bv_msg	*ref, *m;
	char		*raw, *rraw;
	size_t		 len, rlen, i, k;

	(void)state;
	rraw = slurp("postfix.eml", &rlen);
	ref = bv_msg_new(rraw, rlen);
	for (i = 0; i < NELEM(names); i++) {
		raw = slurp(names[i], &len);
		assert_int_not_equal(len, 0);
		m = bv_msg_new(raw, len);
		assert_int_equal(m->nhdrs, ref->nhdrs);
		for (k = 0; k < m->nhdrs; k++) {
			assert_string_equal(m->hdrs[k].name, ref->hdrs[k].name);
			assert_string_equal(bv_msg_header_value(m, k),
			    bv_msg_header_value(ref, k));
		}
		assert_int_equal(m->nparts, ref->nparts);
		for (k = 0; k < m->nparts; k++) {
			assert_string_equal(m->parts[k].type,
			    ref->parts[k].type);
			assert_string_equal(m->parts[k].text,
			    ref->parts[k].text);
		}
		assert_string_equal(m->original.subject,
		    ref->original.subject);
		bv_msg_free(m);
		free(raw);
	}
	bv_msg_free(ref);
	free(rraw);
}

static void
test_charset_parts(void **state)
{
	static const char *const want[] = {
		"\xe9\x85\x8d\xe9\x81\x94\xe3\x81\xa7\xe3\x81\x8d\xe3\x81\xbe"
		"\xe3\x81\x9b\xe3\x82\x93\xe3\x81\xa7\xe3\x81\x97\xe3\x81\x9f"
		"\xe3\x80\x82\n",				/* ISO-2022-JP */
		"\xe5\xae\x9b\xe5\x85\x88\xe4\xb8\x8d\xe6\x98\x8e\n", /* SJIS */
		"\xd0\x9f\xd0\xb8\xd1\x81\xd1\x8c\xd0\xbc\xd0\xbe \xd0\xbd\xd0"
		"\xb5 \xd0\xb4\xd0\xbe\xd1\x81\xd1\x82\xd0\xb0\xd0\xb2\xd0\xbb"
		"\xd0\xb5\xd0\xbd\xd0\xbe\n",			/* KOI8-R */
		"Zpr\xc3\xa1va nebyla doru\xc4\x8d" "ena\n",	/* 8859-2 */
		"Declared ASCII but caf\xc3\xa9 in UTF-8\n",
		"Unknown charset, Latin-1 bytes: na\xc3\xafve\n",
		"Broken UTF-8: \xc3\xbf\xc3\xbe end\n",
		"Undeclared ISO-2022-JP: \xe3\x83\x86\xe3\x82\xb9\xe3\x83\x88\n",
	};
	struct bv_msg	*m;
	char		*raw;
	size_t		 len, i;

	(void)state;
	raw = slurp("charsets.eml", &len);
	m = bv_msg_new(raw, len);
	assert_int_equal(m->nparts, NELEM(want) + 2);
	for (i = 0; i < NELEM(want); i++) {
		assert_string_equal(m->parts[i].type, "text/plain");
		if (strcmp(m->parts[i].text, want[i]) != 0)
			fail_msg("part %zu (%s): \"%s\"", i,
			    m->parts[i].charset ? m->parts[i].charset : "-",
			    m->parts[i].text);
	}
	assert_string_equal(bv_msg_header(m, "Subject"),
	    "\xe9\x85\x8d\xe9\x81\x94\xe3\x82\xa8\xe3\x83\xa9\xe3\x83\xbc "
	    "(Returned mail)");
	assert_string_equal(bv_msg_header(m, "X-Latin1-Raw"), "Ren\xc3\xa9" "e");
	assert_string_equal(bv_msg_header(m, "X-UTF8-Raw"), "Ren\xc3\xa9" "e");
	/* Encoded words of the returned message, in three charsets; two
	 * adjacent words join without the space between them. */
	assert_string_equal(m->original.from,
	    "\xd0\x98\xd0\xb2\xd0\xb0\xd0\xbd <ivan@example.net>");
	assert_string_equal(m->original.to, "Yuki Tanaka <yuki@example.jp>");
	assert_string_equal(m->original.subject,
	    "\xe4\xbc\x9a\xe8\xad\xb0\xe3\x81\xae\xe4\xbb\xb6\xe3\x81\xab"
	    "\xe3\x81\xa4\xe3\x81\x84\xe3\x81\xa6");
	for (i = 0; i < m->nparts; i++)
		assert_true(bv_utf8_valid(m->parts[i].text, m->parts[i].len));
	bv_msg_free(m);
	free(raw);
}

/* Quoted-printable Windows-1252 in a multipart/alternative. */
static void
test_exchange(void **state)
{
	struct bv_msg	*m;
	char		*raw;
	size_t		 len;

	(void)state;
	raw = slurp("exchange.eml", &len);
	m = bv_msg_new(raw, len);
	assert_int_equal(m->nparts, 4);
	assert_string_equal(m->parts[0].type, "text/plain");
	assert_int_equal(m->parts[0].depth, 2);
	assert_true(strncmp(m->parts[0].text, "Your message to "
	    "ivan@example.org couldn\xe2\x80\x99t be delivered.", 50) == 0);
	assert_non_null(strstr(m->parts[0].text, "Recipient not found"));
	assert_string_equal(m->parts[1].type, "text/html");
	assert_string_equal(m->parts[2].type, "message/delivery-status");
	assert_int_equal(m->parts[2].depth, 1);
	assert_string_equal(m->parts[3].type, "text/rfc822-headers");
	assert_true(m->parts[3].in_original);
	assert_string_equal(m->original.subject, "Q1 report");
	bv_msg_free(m);
	free(raw);
}

/* Deep alternatives, a picture, and the nesting depth of each leaf. */
static void
test_gmail(void **state)
{
	struct bv_msg	*m;
	char		*raw;
	size_t		 len;

	(void)state;
	raw = slurp("gmail.eml", &len);
	m = bv_msg_new(raw, len);
	assert_int_equal(m->nparts, 5);
	assert_string_equal(m->parts[0].type, "text/plain");
	assert_int_equal(m->parts[0].depth, 3);
	assert_string_equal(m->parts[1].type, "text/html");
	assert_string_equal(m->parts[2].type, "image/png");
	assert_int_equal(m->parts[2].depth, 2);
	assert_int_equal(m->parts[2].len, 0);
	assert_string_equal(m->parts[2].text, "");
	assert_string_equal(m->parts[3].type, "message/delivery-status");
	assert_string_equal(m->parts[4].type, "message/rfc822");
	assert_string_equal(m->original.to, "mallory@example.org");
	bv_msg_free(m);
	free(raw);
}

/* A message without MIME: the body is one text/plain part of depth 0. */
static void
test_plain_body(void **state)
{
	struct bv_msg	*m;
	char		*raw;
	size_t		 len;

	(void)state;
	raw = slurp("autoreply.eml", &len);
	m = bv_msg_new(raw, len);
	assert_int_equal(m->nparts, 1);
	assert_string_equal(m->parts[0].type, "text/plain");
	assert_int_equal(m->parts[0].depth, 0);
	assert_false(m->parts[0].in_original);
	assert_true(strncmp(m->parts[0].text, "I am out of the office until 20 "
	    "March", 37) == 0);
	assert_false(m->has_dsn);
	assert_false(m->has_report);
	bv_msg_free(m);
	free(raw);

	m = bv_msg_new("Subject: x\n\nline one\nline two\n", 30);
	assert_int_equal(m->nparts, 1);
	assert_string_equal(m->parts[0].text, "line one\nline two\n");
	bv_msg_free(m);
	/* Nothing at all. */
	m = bv_msg_new("", 0);
	assert_int_equal(m->nhdrs, 0);
	assert_int_equal(m->nparts, 1);
	assert_string_equal(m->parts[0].text, "");
	bv_msg_free(m);
}

/*
 * A "From " line, a header line without a colon (libetpan stops there),
 * and no MIME header although the body is a multipart with a report.
 */
static void
test_sloppy_headers(void **state)
{
	struct bv_msg	*m;
	char		*raw;
	size_t		 len, i;

	(void)state;
	raw = slurp("nomime.eml", &len);
	m = bv_msg_new(raw, len);
	for (i = 0; i < m->nhdrs; i++) {
		assert_null(strstr(m->hdrs[i].name, " "));
		assert_null(strstr(bv_msg_header_value(m, i), "no colon"));
	}
	assert_int_equal(m->nhdrs, 4);
	assert_string_equal(bv_msg_header(m, "Subject"),
	    "Returned mail: see transcript for details");
	assert_true(m->has_dsn);
	assert_non_null(bv_msg_part(m, "message/delivery-status", 0));
	assert_non_null(strstr(bv_msg_part(m, "message/delivery-status",
	    0)->text, "Final-Recipient: RFC822; chloe@example.org"));
	bv_msg_free(m);
	free(raw);
}

/* A boundary with a quote never reaches libetpan; the parts are found. */
static void
test_hostile_boundary(void **state)
{
	struct bv_msg	*m;
	char		*raw;
	size_t		 len;

	(void)state;
	raw = slurp("quoted-boundary.eml", &len);
	m = bv_msg_new(raw, len);
	assert_true(m->has_dsn);
	assert_non_null(strstr(bv_msg_part(m, "message/delivery-status",
	    0)->text, "xavier@example.org"));
	bv_msg_free(m);
	free(raw);
}

/* Nesting deeper than BV_MIME_DEPTH: a report before the tower is read,
 * the tower is not, and the message says why. */
static void
test_nesting(void **state)
{
	struct buf	 b = { NULL, 0, 0 };
	struct bv_msg	*m;
	int		 i;

	(void)state;
	buf_adds(&b, "From: MAILER-DAEMON@example.net\nContent-Type: "
	    "multipart/report; boundary=\"L0\"\n\n--L0\nContent-Type: "
	    "message/delivery-status\n\nFinal-Recipient: rfc822; "
	    "deep@example.org\nAction: failed\n\n");
	for (i = 0; i < 200; i++)
		buf_printf(&b, "--L%d\nContent-Type: multipart/mixed; "
		    "boundary=\"L%d\"\n\n", i, i + 1);
	buf_adds(&b, "--L200\nContent-Type: text/plain\n\nbottom\n");
	m = bv_msg_new(b.s, b.len);
	assert_true(m->has_dsn);
	assert_non_null(m->error);
	assert_string_equal(m->error, "MIME nesting deeper than 32");
	for (i = 0; i < (int)m->nparts; i++) {
		assert_true(m->parts[i].depth <= BV_MIME_DEPTH);
		assert_null(strstr(m->parts[i].text, "bottom"));
	}
	bv_msg_free(m);
	buf_free(&b);
}

/* A bounce forwarded as an attachment is read inside the attachment. */
static void
test_forwarded(void **state)
{
	struct bv_msg	*m;
	char		*raw;
	size_t		 len;

	(void)state;
	raw = slurp("forwarded.eml", &len);
	m = bv_msg_new(raw, len);
	assert_true(m->has_dsn);
	assert_true(m->has_report);
	assert_int_equal(m->nparts, 5);
	assert_string_equal(m->parts[0].type, "text/plain");
	assert_false(m->parts[0].in_original);
	assert_string_equal(m->parts[1].type, "message/rfc822");
	assert_string_equal(m->parts[3].type, "message/delivery-status");
	assert_true(m->parts[3].in_original);
	assert_int_equal(m->parts[3].depth, 3);
	/* The original is the one beside the report, not the forward. */
	assert_string_equal(m->original.subject, "Ticket 4711");
	bv_msg_free(m);
	free(raw);
}

/* RFC 6533: UTF-8 reports and headers. */
static void
test_global(void **state)
{
	struct bv_msg	*m;
	char		*raw;
	size_t		 len;

	(void)state;
	raw = slurp("global.eml", &len);
	m = bv_msg_new(raw, len);
	assert_true(m->has_dsn);
	assert_non_null(bv_msg_part(m, "message/global-delivery-status", 0));
	assert_string_equal(m->original.from, "Zo\xc3\xab <zoe@example.net>");
	assert_string_equal(m->original.subject,
	    "Gr\xc3\xb6\xc3\x9f" "e der Dateien");
	bv_msg_free(m);
	free(raw);
}

/* A base64 delivery-status part is decoded like any text. */
static void
test_base64_report(void **state)
{
	struct bv_msg		*m;
	const struct bv_part	*p;
	char			*raw;
	size_t			 len;

	(void)state;
	raw = slurp("base64-dsn.eml", &len);
	m = bv_msg_new(raw, len);
	p = bv_msg_part(m, "message/delivery-status", 0);
	assert_non_null(p);
	assert_non_null(strstr(p->text, "Final-Recipient: rfc822; "
	    "sam@example.org\n"));
	assert_string_equal(m->parts[0].text,
	    "Die Nachricht konnte nicht zugestellt werden.\n"
	    "\xc3\x9c" "berpr\xc3\xbc" "fen Sie die Adresse.\n");
	bv_msg_free(m);
	free(raw);
}

/* Text parts are capped; report parts have a larger cap. */
static void
test_caps(void **state)
{
	struct buf	 b = { NULL, 0, 0 };
	struct bv_msg	*m;
	size_t		 i;

	(void)state;
	buf_adds(&b, "Content-Type: multipart/mixed; boundary=B\n\n--B\n"
	    "Content-Type: text/plain\n\n");
	for (i = 0; i < BV_PART_CAP / 8 + 100; i++)
		buf_adds(&b, "abcdefg\n");
	buf_adds(&b, "\n--B\nContent-Type: message/delivery-status\n\n");
	for (i = 0; i < BV_PART_CAP / 8 + 100; i++)
		buf_adds(&b, "X-Pad: 1\n");
	buf_adds(&b, "\n--B--\n");
	m = bv_msg_new(b.s, b.len);
	assert_int_equal(m->nparts, 2);
	assert_int_equal(m->parts[0].len, BV_PART_CAP);
	assert_true(m->parts[1].len > BV_PART_CAP);
	bv_msg_free(m);
	buf_free(&b);
}

/* Header values are decoded when asked for, and up to a budget: a flood
 * of huge fields cannot take the memory. */
static void
test_header_budget(void **state)
{
	struct buf	 b = { NULL, 0, 0 };
	struct bv_msg	*m;
	size_t		 i, total = 0, empty = 0;

	(void)state;
	for (i = 0; i < 300; i++) {
		buf_printf(&b, "X-Big-%zu: ", i);
		buf_add(&b, "", 0);
		while (b.len % 10000 != 0)
			buf_addc(&b, 'v');
		buf_addc(&b, '\n');
	}
	buf_adds(&b, "\nbody\n");
	m = bv_msg_new(b.s, b.len);
	assert_int_equal(m->nhdrs, 300);
	for (i = 0; i < m->nhdrs; i++)
		assert_null(m->hdrs[i].value);
	assert_non_null(bv_msg_header(m, "x-big-7"));
	assert_non_null(m->hdrs[7].value);
	assert_null(m->hdrs[8].value);
	for (i = 0; i < m->nhdrs; i++) {
		total += strlen(bv_msg_header_value(m, i));
		empty += *bv_msg_header_value(m, i) == '\0';
	}
	assert_true(total <= 1024 * 1024 + 64 * 1024);
	assert_true(empty > 100);
	assert_true(strlen(bv_msg_header_value(m, 0)) > 9000);
	assert_string_equal(m->parts[0].text, "body\n");
	bv_msg_free(m);
	buf_free(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_header_decode),
		cmocka_unit_test(test_header_decode_kept),
		cmocka_unit_test(test_utf8),
		cmocka_unit_test(test_charsets),
		cmocka_unit_test(test_transfer),
		cmocka_unit_test(test_postfix),
		cmocka_unit_test(test_line_ends),
		cmocka_unit_test(test_charset_parts),
		cmocka_unit_test(test_exchange),
		cmocka_unit_test(test_gmail),
		cmocka_unit_test(test_plain_body),
		cmocka_unit_test(test_sloppy_headers),
		cmocka_unit_test(test_hostile_boundary),
		cmocka_unit_test(test_nesting),
		cmocka_unit_test(test_forwarded),
		cmocka_unit_test(test_global),
		cmocka_unit_test(test_base64_report),
		cmocka_unit_test(test_caps),
		cmocka_unit_test(test_header_budget),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
