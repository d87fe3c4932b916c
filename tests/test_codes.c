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

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_reply),
		cmocka_unit_test(test_enhanced),
		cmocka_unit_test(test_status),
		cmocka_unit_test(test_long),
		cmocka_unit_test(test_alignment),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
