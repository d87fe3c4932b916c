/*
 * test_codes.c: SMTP reply codes and enhanced status codes found in
 * diagnostic text (parser/codes.c), and the status a record shows.
 */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "parser/parser.h"

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))

/* Text and the reply code it carries (NULL: none). */
static const struct {
	const char	*text;
	const char	*code;
} replies[] = {
	{ "550 5.1.1 <x@example.org>: Recipient address rejected", "550" },
	{ "550-5.1.1 The email account that you tried to reach does not "
	  "exist. 550-5.1.1 Please try 550 5.1.1 https://example.org", "550" },
	{ "host mx.example.org[192.0.2.25] said: 550 5.1.1 <a@example.org>: "
	  "rejected (in reply to RCPT TO command)", "550" },
	{ "#550 5.1.1 RESOLVER.ADR.RecipNotFound; not found ##", "550" },
	{ "SMTP error from remote mail server after RCPT TO:<a@example.org>: "
	  "host mx.example.org [203.0.113.10]: 451 4.3.0 try later", "451" },
	{ "<a@example.org>... Deferred: 421", "421" },
	{ "Error 554.", "554" },
	{ "(552) mailbox full", "552" },
	/* A failure wins over a "250 ok" quoted before it. */
	{ "250 2.1.5 Ok, then 452 4.2.2 over quota", "452" },
	{ "250 2.0.0 Ok: queued as 9F8E7D6C5B", "250" },
	/* Not codes: addresses, IP addresses, ports, dates, sizes, times. */
	{ "connect to mx.example.org[192.0.2.78]:25: Connection timed out",
	  NULL },
	{ "lost connection with mx.example.org[203.0.113.250] while sending "
	  "RCPT TO", NULL },
	{ "user550@example.org is over quota", NULL },
	{ "could not connect to port 587 or 465", NULL },
	{ "message size 552000 exceeds the limit", NULL },
	{ "Mon, 12 Jan 2026 14:22:02 +0900 (JST)", NULL },
	{ "retry at 12:450:3", NULL },
	{ "code 550.1 seen", NULL },
	{ "5.1.1 alone", NULL },
	{ "", NULL },
};

static void
test_reply(void **state)
{
	char	 out[4];
	size_t	 i;
	int	 got;

	(void)state;
	for (i = 0; i < NELEM(replies); i++) {
		memset(out, 0, sizeof(out));
		got = bv_code_reply(replies[i].text, out);
		if (replies[i].code == NULL) {
			if (got)
				fail_msg("\"%s\": code %s taken", replies[i].text,
				    out);
		} else {
			if (!got)
				fail_msg("\"%s\": no code", replies[i].text);
			assert_string_equal(out, replies[i].code);
		}
	}
	assert_int_equal(bv_code_reply(NULL, out), 0);
}

/* Text, class asked for, and the enhanced code found (NULL: none). */
static const struct {
	const char	*text;
	int		 cls;
	const char	*code;
} enhanced[] = {
	{ "550 5.1.1 <a@example.org>", 0, "5.1.1" },
	{ "#5.1.1 smtp;550", 0, "5.1.1" },
	{ "Access denied 5.7.606.", 0, "5.7.606" },
	{ "status 4.4.7, will retry", 0, "4.4.7" },
	{ "250 2.0.0 Ok then 550 5.1.1 unknown", 0, "5.1.1" },
	{ "250 2.0.0 Ok then 550 5.1.1 unknown", '2', "2.0.0" },
	{ "550 5.1.1 unknown", '4', NULL },
	{ "Exim 4.92.3 here", 0, NULL },
	{ "Postfix 2.10.1", 0, NULL },
	{ "from 192.0.2.1 and 5.1.1.1", 0, NULL },
	{ "code 5.1.1234", 0, NULL },
	{ "v5.1.1", 0, NULL },
};

static void
test_enhanced(void **state)
{
	char	 out[16];
	size_t	 i;
	int	 got;

	(void)state;
	for (i = 0; i < NELEM(enhanced); i++) {
		memset(out, 0, sizeof(out));
		got = bv_code_enhanced(enhanced[i].text, enhanced[i].cls, out);
		if (enhanced[i].code == NULL) {
			if (got)
				fail_msg("\"%s\": code %s taken",
				    enhanced[i].text, out);
		} else {
			if (!got)
				fail_msg("\"%s\": no code", enhanced[i].text);
			assert_string_equal(out, enhanced[i].code);
		}
	}
	assert_true(bv_code_is_enhanced("  5.1.10", out));
	assert_string_equal(out, "5.1.10");
	assert_false(bv_code_is_enhanced("failed", NULL));
	assert_false(bv_code_is_enhanced(NULL, NULL));
}

/* Status field, diagnostic, the status the record shows (NULL: none). */
static const struct {
	const char	*status;
	const char	*diag;
	const char	*want;
} statuses[] = {
	{ "5.1.1", "550 5.1.1 <a@example.org>: unknown", "5.1.1" },
	/* Only X.0.0: the diagnostic is more specific. */
	{ "5.0.0", "550 5.1.1 <a@example.org>: unknown", "5.1.1" },
	{ "5.0.0 (permanent failure)", "5.1.0 - Unknown address error "
	  "550-'5.7.1 <x@example.net>... Access denied'", "5.7.1" },
	{ "4.0.0", "deferred: 4.4.1 connection timed out", "4.4.1" },
	/* Of another class: not a refinement. */
	{ "4.0.0", "timed out; earlier 5.1.1 seen", "4.0.0" },
	/* The code the server gave with its reply is the most exact. */
	{ "5.1.1", "550 5.7.1 IP address blocklisted", "5.7.1" },
	{ "4.5.0", "550 5.5.0 Service refused", "5.5.0" },
	/* An X.0.0 beside the reply code refines nothing. */
	{ "5.3.0", "550 5.0.0 <a@example.org>... Insufficient permission",
	  "5.3.0" },
	{ "5.3.0", "X-Unix; 77", "5.3.0" },
	{ "5.0.0", "554 Service unavailable", "5.0.0" },
	{ "  5.2.2 (mailbox full)", NULL, "5.2.2" },
	{ NULL, "552 5.2.2 Mailbox full", "5.2.2" },
	{ NULL, "550 Mailbox unavailable", NULL },
	{ "failed", NULL, NULL },
	{ NULL, NULL, NULL },
};

static void
test_status(void **state)
{
	char	 out[16];
	size_t	 i;
	int	 got;

	(void)state;
	for (i = 0; i < NELEM(statuses); i++) {
		memset(out, 0, sizeof(out));
		got = bv_code_status(statuses[i].status, statuses[i].diag,
		    out);
		if (statuses[i].want == NULL) {
			if (got)
				fail_msg("%zu: status %s", i, out);
		} else {
			if (!got)
				fail_msg("%zu: no status", i);
			assert_string_equal(out, statuses[i].want);
		}
	}
}

/* Hostile text: long runs of digits and dots stay linear and bounded. */
static void
test_long(void **state)
{
	static char	 text[BV_CODE_SCAN * 4];
	char		 out[16];
	size_t		 i;

	(void)state;
	for (i = 0; i + 1 < sizeof(text); i++)
		text[i] = "5.1."[i % 4];
	text[i] = '\0';
	assert_false(bv_code_enhanced(text, 0, out));
	assert_false(bv_code_reply(text, out));
	/* A code past the scan limit is not read. */
	memset(text, ' ', sizeof(text) - 1);
	memcpy(text + sizeof(text) - 20, "550 5.1.1 x", 11);
	assert_false(bv_code_reply(text, out));
	memcpy(text + 10, "550 5.1.1 x", 11);
	assert_true(bv_code_reply(text, out));
	assert_string_equal(out, "550");
}

/* What the three scans find in TEXT, as one string. */
static void
codes_of(const char *text, char *out, size_t outlen)
{
	char	 r[4] = "", e0[16] = "", e4[16] = "", e5[16] = "", st[16] = "";
	char	 sz[16] = "";

	(void)bv_code_reply(text, r);
	(void)bv_code_enhanced(text, 0, e0);
	(void)bv_code_enhanced(text, '4', e4);
	(void)bv_code_enhanced(text, '5', e5);
	(void)bv_code_status(NULL, text, st);
	(void)bv_code_status("5.0.0", text, sz);
	snprintf(out, outlen, "%s|%s|%s|%s|%s|%s", r, e0, e4, e5, st, sz);
}

/* The scans skip to the bytes '2' to '5' eight at a time: what they find
 * does not depend on where the text lies against those eight-byte words
 * (spaces put in front move it), for texts mixing codes, near-codes,
 * digits of other kinds, letters and punctuation. */
static void
test_alignment(void **state)
{
	static const char *const piece[] = {
		"550", "5.1.1", "451", "4.2.2", "250", "2.0.0", "354", " ", " ",
		"a", "mailbox", "1", "6", "9", "0", ".", ":", "-", "#", "[", "]",
		"192.0.2.1", "5.7.606", "12:55", "\xc3\xa9", "'",
	};
	uint32_t	 seed = 4242;
	char		 text[96], shifted[112], want[128], got[128];
	size_t		 round, n, k, pl, sh;

	(void)state;
	for (round = 0; round < 1500; round++) {
		for (n = 0, k = round % 60; n < k; n += pl) {
			seed = seed * 1103515245u + 12345u;
			pl = strlen(piece[(seed >> 16) % NELEM(piece)]);
			if (n + pl >= sizeof(text))
				break;
			memcpy(text + n, piece[(seed >> 16) % NELEM(piece)], pl);
		}
		text[n] = '\0';
		codes_of(text, want, sizeof(want));
		for (sh = 1; sh <= 9; sh++) {
			snprintf(shifted, sizeof(shifted), "%*s%s", (int)sh, "",
			    text);
			codes_of(shifted, got, sizeof(got));
			assert_string_equal(got, want);
		}
	}
}

/*
 * The scans as plain loops, one place after the other (codes.c skips the
 * places that cannot begin a code): the reference the fast ones must
 * agree with on random texts of codes, near misses and separators.
 */
static int
ref_dig(int c)
{
	return c >= '0' && c <= '9';
}

static int
ref_alnum(int c)
{
	return ref_dig(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int
ref_left_ok(const char *text, const char *p)
{
	int	 c;

	if (p == text)
		return 1;
	c = (unsigned char)p[-1];
	if (ref_alnum(c) || c >= 0x80 || strchr("./_@+%=$&", c) != NULL)
		return 0;
	if (c == ':' || c == '-' || c == ',')
		return p - 1 == text || !ref_dig((unsigned char)p[-2]);
	return 1;
}

static int
ref_right_ok(const char *p)
{
	int	 c = (unsigned char)p[0];

	if (c == '\0')
		return 1;
	if (ref_alnum(c) || c >= 0x80 || strchr("@/_%=+$&", c) != NULL)
		return 0;
	if (c == '.' || c == ':' || c == ',')
		return !ref_dig((unsigned char)p[1]);
	return 1;
}

static int
ref_reply_at(const char *text, const char *p)
{
	return p[0] >= '2' && p[0] <= '5' && p[1] >= '0' && p[1] <= '5' &&
	    ref_dig((unsigned char)p[2]) && ref_left_ok(text, p) &&
	    ref_right_ok(p + 3);
}

static int
ref_reply(const char *text, char out[4])
{
	const char	*p, *first = NULL;

	for (p = text; p - text < BV_CODE_SCAN && p[0] != '\0'; p++) {
		if (p[1] == '\0' || p[2] == '\0')
			break;
		if (!ref_reply_at(text, p))
			continue;
		if (p[0] == '4' || p[0] == '5') {
			first = p;
			break;
		}
		if (first == NULL)
			first = p;
	}
	if (first == NULL)
		return 0;
	memcpy(out, first, 3);
	out[3] = '\0';
	return 1;
}

static size_t
ref_enhanced_at(const char *text, const char *p)
{
	size_t	 k;

	if ((p[0] != '2' && p[0] != '4' && p[0] != '5') || p[1] != '.' ||
	    !ref_dig((unsigned char)p[2]) || p[3] != '.')
		return 0;
	for (k = 4; k < 7 && ref_dig((unsigned char)p[k]); k++)
		;
	if (k == 4 || ref_dig((unsigned char)p[k]) || !ref_left_ok(text, p) ||
	    !ref_right_ok(p + k))
		return 0;
	return k;
}

static int
ref_enhanced(const char *text, int cls, char out[16])
{
	const char	*p, *first = NULL;
	size_t		 k, firstk = 0;

	for (p = text; p - text < BV_CODE_SCAN && p[0] != '\0'; p++) {
		if ((k = ref_enhanced_at(text, p)) == 0)
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

/* The enhanced code beside a reply code ("550-5.7.1"), as codes.c pairs. */
static int
ref_pair(const char *text, char out[16])
{
	const char	*p, *q;
	size_t		 k;

	for (p = text; p - text < BV_CODE_SCAN && p[0] != '\0'; p++) {
		if (p[1] == '\0' || p[2] == '\0')
			break;
		if (!ref_reply_at(text, p) || p[0] == '3')
			continue;
		for (q = p + 3; q < p + 6 && strchr(" -#'\"(", *q) != NULL &&
		    *q != '\0'; q++)
			;
		if (q == p + 3 || q[0] != p[0] ||
		    (k = ref_enhanced_at(text, q)) == 0)
			continue;
		memcpy(out, q, k);
		out[k] = '\0';
		return 1;
	}
	return 0;
}

/* bv_code_status without a Status field, from the reference scans. */
static int
ref_status(const char *diag, char out[16])
{
	char	 dc[16];

	if (ref_pair(diag, dc) && strcmp(dc + 1, ".0.0") != 0) {
		strcpy(out, dc);
		return 1;
	}
	if (ref_enhanced(diag, 0, dc)) {
		strcpy(out, dc);
		return 1;
	}
	return 0;
}

static void
test_scans_plain(void **state)
{
	static const char *const bits[] = {
		"550", "5.1.1", "4.2.2", "2.0.0", "5.0.0", "250", "451", "3",
		"45", "5.", "1", "9", "12", "4.92.3", " ", "  ", "-", "#", "'",
		"\"", "(", ":", ".", ",", "/", "@", "a", "x@example.org", "\n",
		"\xc3\xa9", "_", "=", NULL
	};
	char		 t[80], a[16], b[16];
	size_t		 r, k, j, nb;
	uint32_t	 seed = 4321;
	const char	*w;
	int		 cls, ra, rb;

	(void)state;
	for (nb = 0; bits[nb] != NULL; nb++)
		;
	for (r = 0; r < 20000; r++) {
		for (k = 0; ; ) {
			seed = seed * 1103515245u + 12345u;
			if ((seed >> 16) % 12 == 0)
				break;
			w = bits[(seed >> 8) % nb];
			if (k + strlen(w) >= sizeof(t))
				break;
			for (j = 0; w[j] != '\0'; j++)
				t[k++] = w[j];
		}
		t[k] = '\0';
		ra = bv_code_reply(t, a);
		rb = ref_reply(t, b);
		assert_int_equal(ra, rb);
		if (ra)
			assert_string_equal(a, b);
		cls = "\0\x32\x34\x35"[r % 4];
		ra = bv_code_enhanced(t, cls, a);
		rb = ref_enhanced(t, cls, b);
		assert_int_equal(ra, rb);
		if (ra)
			assert_string_equal(a, b);
		ra = bv_code_status(NULL, t, a);
		rb = ref_status(t, b);
		assert_int_equal(ra, rb);
		if (ra)
			assert_string_equal(a, b);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_reply),
		cmocka_unit_test(test_enhanced),
		cmocka_unit_test(test_status),
		cmocka_unit_test(test_long),
		cmocka_unit_test(test_alignment),
		cmocka_unit_test(test_scans_plain),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
