/*
 * test_pattern: the pattern language of --filter and the interface's limit.
 * Every field and operator on a small set of records, the precedence of !,
 * juxtaposition and |, every error with the byte offset it points at, and
 * a limit over 117,000 records.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <cmocka.h>

#include "parser/parser.h"

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))

/* Records a..f (index 0..5); each test pattern lists which it matches. */
static struct bv_record	 recs[6];

static void
fill(void)
{
	struct bv_record	*r;

	memset(recs, 0, sizeof(recs));
	/* a: unknown user, hard, Postfix DSN */
	r = &recs[0];
	r->format = "rfc3464";
	r->recipient = xstrdup("alice@example.org");
	r->status = xstrdup("5.1.1");
	r->reply_code = xstrdup("550");
	r->diagnostic = xstrdup("smtp; 550 5.1.1 <alice@example.org>: "
	    "Recipient address rejected: User unknown");
	r->remote_mta = xstrdup("mx1.example.org");
	r->reporting_mta = xstrdup("mail.example.net");
	r->reason = "userunknown";
	r->hard = 1;
	r->rule = "status-511";
	r->original.from = xstrdup("Newsletter <news@example.net>");
	r->original.to = xstrdup("alice@example.org");
	r->original.subject = xstrdup("Weekly Offers");
	/* b: Spamhaus listing, soft, in a subdomain */
	r = &recs[1];
	r->format = "rfc3464";
	r->recipient = xstrdup("bob@mail.example.org");
	r->status = xstrdup("5.7.1");
	r->reply_code = xstrdup("554");
	r->diagnostic = xstrdup("554 5.7.1 Service unavailable; client host "
	    "[192.0.2.7] blocked using zen.spamhaus.org");
	r->remote_mta = xstrdup("MX2.EXAMPLE.ORG");
	r->reason = "blocked";
	r->hard = 0;
	r->blocklist = "Spamhaus ZEN";
	r->listed_ip = xstrdup("192.0.2.7");
	r->tagged = 1;
	r->original.from = xstrdup("billing@example.net");
	r->original.subject = xstrdup("Invoice 42");
	/* c: mailbox full, delayed 4.2.2, Exim text */
	r = &recs[2];
	r->format = "exim";
	r->recipient = xstrdup("carol@notexample.org");
	r->status = xstrdup("4.2.2");
	r->reply_code = xstrdup("452");
	r->diagnostic = xstrdup("452 4.2.2 Mailbox full");
	r->reason = "mailboxfull";
	r->hard = 0;
	r->original.subject = xstrdup("Re: lunch");
	/* d: unreadable */
	r = &recs[3];
	r->error = xstrdup("unreadable: the delivery-status part names no "
	    "recipient");
	r->hard = -1;
	/* e: no bounce (--all) */
	r = &recs[4];
	r->hard = -1;
	r->original.subject = xstrdup("Hello");
	/* f: unclassified, no codes */
	r = &recs[5];
	r->format = "generic";
	r->recipient = xstrdup("frank@example.com");
	r->diagnostic = xstrdup("Sorry, it did not work");
	r->reason = "undefined";
	r->hard = -1;
}

static void
clear(void)
{
	size_t	 i;

	for (i = 0; i < NELEM(recs); i++) {
		/* static strings must not reach bv_record_clear's free() */
		recs[i].format = NULL;
		recs[i].reason = NULL;
		recs[i].rule = NULL;
		recs[i].blocklist = NULL;
		bv_record_clear(&recs[i]);
	}
}

static int
setup(void **state)
{
	(void)state;
	fill();
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	clear();
	return 0;
}

/* The records PATTERN matches, as letters ("ab"). */
static void
matches(const char *pattern, char *out)
{
	struct bv_pattern	*p;
	char			 err[200];
	size_t			 i, pos = 99;

	err[0] = '\0';
	p = bv_pattern_compile(pattern, err, sizeof(err), &pos);
	if (p == NULL)
		fail_msg("'%s' does not compile: %s at %zu", pattern, err, pos);
	for (i = 0; i < NELEM(recs); i++)
		if (bv_pattern_match(p, &recs[i]))
			*out++ = (char)('a' + i);
	*out = '\0';
	bv_pattern_free(p);
}

struct mcase {
	const char	*pattern;
	const char	*want;
};

static void
check_cases(const struct mcase *c, size_t n)
{
	char	 got[16];
	size_t	 i;

	for (i = 0; i < n; i++) {
		matches(c[i].pattern, got);
		if (strcmp(got, c[i].want) != 0)
			fail_msg("'%s' matched \"%s\", wanted \"%s\"",
			    c[i].pattern, got, c[i].want);
	}
}

static void
fields(void **state)
{
	static const struct mcase	 c[] = {
		{ "@reason=userunknown", "a" },
		{ "@reason=MailboxFull", "c" },
		{ "@reason=undefined", "f" },
		{ "@group=recipient", "a" },
		{ "@group=reputation", "b" },
		{ "@group=mailbox", "c" },
		{ "@status=5.1.1", "a" },
		{ "@status=5.7.*", "b" },
		{ "@status=5.7", "b" },
		{ "@status=5", "ab" },
		{ "@status=4.*", "c" },
		{ "@status=?.?.1", "ab" },
		{ "@status=5.1", "a" },
		{ "@status=5.1.", "" },
		{ "@reply=550", "a" },
		{ "@reply=5*", "ab" },
		{ "@reply=55", "ab" },
		{ "@reply=4", "c" },
		{ "@reply=5?4", "b" },
		{ "@dnsbl", "b" },
		{ "@bl=spamhaus", "b" },
		{ "@bl=ZEN", "b" },
		{ "@bl=spamcop", "" },
		{ "@hard", "a" },
		{ "@soft", "bc" },
		{ "@format=rfc3464", "ab" },
		{ "@format=EXIM", "c" },
		{ "@format=rfc*", "ab" },
		{ "@format=rfc", "" },
		{ "@domain=example.org", "ab" },
		{ "@domain=@example.org", "ab" },
		{ "@domain=mail.example.org", "b" },
		{ "@domain=notexample.org", "c" },
		{ "@domain=org", "abc" },
		{ "@domain=ample.org", "" },
		{ "@rhost=mx2", "b" },
		{ "@rhost=example.org", "ab" },
		{ "@tagged", "b" },
		{ "@unparsed", "de" },
		{ "~f news", "a" },
		{ "~f EXAMPLE.NET", "ab" },
		{ "~t alice", "a" },
		{ "~s offers", "a" },
		{ "~s \"re: lunch\"", "c" },
		{ "~s invoice", "b" },
	};

	(void)state;
	check_cases(c, NELEM(c));
}

static void
words(void **state)
{
	static const struct mcase	 c[] = {
		/* any field: recipient, diagnostic, codes, reason, MTAs,
		 * blocklist, listed IP, original headers, error */
		{ "alice", "a" },
		{ "ALICE", "a" },
		{ "user", "a" },
		{ "452", "c" },
		{ "4.2.2", "c" },
		{ "blocked", "b" },
		{ "mail.example.net", "a" },
		{ "spamhaus", "b" },
		{ "192.0.2.7", "b" },
		{ "weekly", "a" },
		{ "unreadable", "d" },
		{ "\"mailbox full\"", "c" },
		{ "\"service unavailable;\"", "b" },
		{ "\"say \\\"hi\\\"\"", "" },
		{ "example", "abcf" },
		{ "nothing-like-this", "" },
		{ "all", "abcdef" },
		{ "  ALL ", "abcdef" },
		{ "x@example.com", "" },
		{ "frank@example.com", "f" },
	};

	(void)state;
	check_cases(c, NELEM(c));
}

static void
operators(void **state)
{
	static const struct mcase	 c[] = {
		{ "!@hard", "bcdef" },
		{ "!!@hard", "a" },
		{ "@hard | @dnsbl", "ab" },
		{ "@soft @dnsbl", "b" },
		{ "@soft !@dnsbl", "c" },
		{ "(@reply=550 | @reply=554) !@tagged", "a" },
		{ "!(@hard | @soft)", "def" },
		{ "(((@soft)))", "bc" },
		/* ! binds tighter than juxtaposition, which binds tighter
		 * than | */
		{ "!@hard @soft", "bc" },
		{ "@hard | @soft @dnsbl", "ab" },
		{ "@soft @dnsbl | @hard", "ab" },
		{ "(@hard | @soft) @dnsbl", "b" },
		{ "@unparsed | alice | carol", "acde" },
		{ "example !org", "f" },
		/* no blank needed before or after ( ) and | */
		{ "(@hard)|(@tagged)", "ab" },
		{ "@hard|@tagged", "ab" },
		{ "!(alice)", "bcdef" },
		{ "~s\"re: lunch\"", "c" },
		{ "@status=5.7.*@dnsbl", "" },
	};

	(void)state;
	check_cases(c, NELEM(c));
}

struct ecase {
	const char	*pattern;
	size_t		 pos;
	const char	*msg;		/* contained in the message */
};

static void
errors(void **state)
{
	static const struct ecase	 c[] = {
		{ "", 0, "empty pattern" },
		{ "   ", 3, "empty pattern" },
		{ "@foo", 0, "unknown field @foo" },
		{ "@hard @nosuch=1", 6, "unknown field @nosuch" },
		{ "@", 0, "@ needs a field name" },
		{ "@reply=", 7, "needs a value" },
		{ "@reply", 0, "@reply needs a value" },
		{ "@reply =550", 0, "@reply needs a value" },
		{ "@hard=1", 5, "takes no value" },
		{ "@hardly", 0, "unknown field @hardly" },
		{ "@reason=nosuch", 8, "unknown reason nosuch" },
		{ "@group=friends", 7, "unknown group friends" },
		{ "(@hard", 6, "missing )" },
		{ "((@hard)", 8, "missing )" },
		{ "(", 1, "missing )" },
		{ "( )", 0, "empty ( )" },
		{ "@hard )", 6, "unexpected )" },
		{ ")", 0, "unexpected )" },
		{ "@hard |", 7, "empty pattern after |" },
		{ "@hard | ", 8, "empty pattern after |" },
		{ "(@hard |)", 8, "empty pattern after |" },
		{ "@hard || @soft", 7, "empty pattern after |" },
		{ "| @hard", 0, "empty pattern before |" },
		{ "!", 0, "! needs a pattern" },
		{ "@hard !", 6, "! needs a pattern" },
		{ "!|@hard", 0, "! needs a pattern" },
		{ "\"open", 0, "missing closing \"" },
		{ "alice \"open", 6, "missing closing \"" },
		{ "\"\"", 0, "empty \"\"" },
		{ "~f", 0, "~f needs a text" },
		{ "~s |", 0, "~s needs a text" },
		{ "~x abc", 0, "unknown operator ~x" },
		{ "~from a", 0, "unknown operator ~from" },
	};
	struct bv_pattern	*p;
	char			 err[200];
	size_t			 i, pos;

	(void)state;
	for (i = 0; i < NELEM(c); i++) {
		strcpy(err, "untouched");
		pos = 9999;
		p = bv_pattern_compile(c[i].pattern, err, sizeof(err), &pos);
		if (p != NULL)
			fail_msg("'%s' compiled", c[i].pattern);
		if (strstr(err, c[i].msg) == NULL)
			fail_msg("'%s': message \"%s\" lacks \"%s\"",
			    c[i].pattern, err, c[i].msg);
		if (pos != c[i].pos)
			fail_msg("'%s' (%s): offset %zu, wanted %zu",
			    c[i].pattern, err, pos, c[i].pos);
	}
}

/* Nesting is bounded (the stack), width is not (a wide tree). */
static void
limits(void **state)
{
	struct buf		 b = { NULL, 0, 0 };
	struct bv_pattern	*p;
	char			 err[200];
	size_t			 i, pos;
	char			 got[16];

	(void)state;
	for (i = 0; i < 200; i++)
		buf_adds(&b, "(");
	buf_adds(&b, "@hard");
	for (i = 0; i < 200; i++)
		buf_adds(&b, ")");
	p = bv_pattern_compile(b.s, err, sizeof(err), &pos);
	assert_null(p);
	assert_non_null(strstr(err, "nested too deeply"));
	assert_true(pos < 200);

	buf_reset(&b);
	for (i = 0; i < 1000; i++)
		buf_adds(&b, "!");
	buf_adds(&b, "@hard");
	assert_null(bv_pattern_compile(b.s, err, sizeof(err), &pos));

	/* 600 words: one wide "and" */
	buf_reset(&b);
	for (i = 0; i < 600; i++)
		buf_adds(&b, "a ");
	p = bv_pattern_compile(b.s, err, sizeof(err), &pos);
	assert_non_null(p);
	assert_true(bv_pattern_match(p, &recs[0]));	/* alice */
	assert_false(bv_pattern_match(p, &recs[4]));
	bv_pattern_free(p);

	/* too long */
	buf_reset(&b);
	for (i = 0; i < 5000; i++)
		buf_addc(&b, 'x');
	assert_null(bv_pattern_compile(b.s, err, sizeof(err), &pos));
	assert_int_equal(pos, 4096);
	buf_free(&b);

	/* NULL is the empty pattern; a NULL pattern matches everything */
	assert_null(bv_pattern_compile(NULL, err, sizeof(err), &pos));
	assert_true(bv_pattern_match(NULL, &recs[3]));
	bv_pattern_free(NULL);
	/* a tiny error buffer is still terminated */
	assert_null(bv_pattern_compile("@nosuch", err, 4, &pos));
	assert_int_equal(strlen(err), 3);
	matches("@hard", got);
	assert_string_equal(got, "a");
}

/* A field longer than the searched cap does not slow a match down and
 * needs no allocation. */
static void
hostile_text(void **state)
{
	struct bv_record	 r;
	struct bv_pattern	*p;
	char			 err[200];
	size_t			 pos, n = 10 * 1024 * 1024;
	char			*big = xmalloc(n + 1);

	(void)state;
	memset(big, 'a', n);
	big[n] = '\0';
	memset(&r, 0, sizeof(r));
	r.diagnostic = big;
	p = bv_pattern_compile("aaaaaaaab", err, sizeof(err), &pos);
	assert_non_null(p);
	assert_false(bv_pattern_match(p, &r));
	bv_pattern_free(p);
	p = bv_pattern_compile("aaaa", err, sizeof(err), &pos);
	assert_true(bv_pattern_match(p, &r));
	bv_pattern_free(p);
	free(big);
}

static double
now(void)
{
	struct timespec	 ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/*
 * A limit over 117,000 records counts right.  The time it takes is printed
 * for information only: speed is the benchmark's business (make bench), a
 * test never fails on a time.
 */
static void
many_records(void **state)
{
	static const struct {
		const char	*pattern;
		size_t		 thirds;	/* of the records matched */
	} pats[] = {
		{ "unavailable", 1 },
		{ "@dnsbl | @status=4.*", 2 },
		{ "~s offers @hard", 1 },
	};
	struct bv_record	*v;
	struct bv_pattern	*p;
	char			 err[200];
	size_t			 i, j, k, pos, n = 117000, hits;
	double			 t0, best;

	(void)state;
	v = xcalloc(n, sizeof(*v));
	for (i = 0; i < n; i++)
		v[i] = recs[i % 3];	/* shallow copies: not freed */
	for (k = 0; k < NELEM(pats); k++) {
		p = bv_pattern_compile(pats[k].pattern, err, sizeof(err),
		    &pos);
		assert_non_null(p);
		best = 1e9;
		for (j = 0; j < 3; j++) {
			hits = 0;
			t0 = now();
			for (i = 0; i < n; i++)
				hits += (size_t)bv_pattern_match(p, &v[i]);
			if (now() - t0 < best)
				best = now() - t0;
			assert_int_equal(hits, n / 3 * pats[k].thirds);
		}
		printf("# %zu records, '%s': %.1f ms\n", n, pats[k].pattern,
		    best * 1000);
		bv_pattern_free(p);
	}
	free(v);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(fields, setup, teardown),
		cmocka_unit_test_setup_teardown(words, setup, teardown),
		cmocka_unit_test_setup_teardown(operators, setup, teardown),
		cmocka_unit_test(errors),
		cmocka_unit_test_setup_teardown(limits, setup, teardown),
		cmocka_unit_test(hostile_text),
		cmocka_unit_test_setup_teardown(many_records, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
