/*
 * test_catalog_tables: the built-in catalog is complete and consistent.
 * Every code the issue lists resolves, every registry code is known, the
 * vocabulary is exactly the agreed one, every reason has what the
 * interface needs, rule ids are unique and name real reasons.
 */
#include "config.h"

#include <sys/mman.h>
#include <sys/resource.h>

#include <malloc.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "catalog/catint.h"

static const char *const reply_codes[] = {
	"101", "111", "211", "214", "220", "221", "250", "251", "252", "253",
	"354", "355", "420", "421", "422", "431", "432", "441", "442", "446",
	"447", "449", "450", "451", "452", "453", "454", "458", "459", "471",
	"500", "501", "502", "503", "504", "510", "511", "512", "513", "515",
	"517", "521", "522", "523", "530", "531", "533", "534", "535", "538",
	"540", "541", "542", "543", "546", "547", "550", "551", "552", "553",
	"554", NULL
};

/* Highest detail of each subject in the IANA registry. */
static const unsigned registry_last[8] = { 0, 10, 4, 6, 7, 6, 10, 30 };

static const char *const vocabulary[] = {
	"authfailure", "badreputation", "blocked", "contenterror",
	"exceedlimit", "expired", "filtered", "hasmoved", "hostunknown",
	"mailboxfull", "mailererror", "mesgtoobig", "networkerror",
	"norelaying", "notaccept", "notcompliantrfc", "onhold",
	"policyviolation", "rejected", "requireptr", "securityerror",
	"spamdetected", "speeding", "suspend", "syntaxerror", "systemerror",
	"systemfull", "toomanyconn", "userunknown", "virusdetected",
	"delivered", "feedback", "vacation", "undefined", NULL
};

/* Blocklists the issue requires, by id. */
static const char *const required_lists[] = {
	"spamhaus-zen", "spamhaus-sbl", "spamhaus-xbl", "spamhaus-pbl",
	"spamhaus-css", "spamhaus-dbl", "spamcop", "barracuda", "sorbs",
	"uceprotect", "spamrats", "psbl", "mailspike", "invaluement", "abusix",
	"proofpoint", "cloudmark", "trendmicro", "microsoft", "att", NULL
};

static void
every_listed_reply_code_resolves(void **state)
{
	struct bv_code_info	 info;
	size_t			 i;

	(void)state;
	for (i = 0; reply_codes[i] != NULL; i++) {
		assert_int_equal(bv_code_lookup(reply_codes[i], &info), 0);
		if (!info.known)
			fail_msg("%s is not described", reply_codes[i]);
		assert_string_equal(info.code, reply_codes[i]);
		assert_non_null(info.meaning);
		assert_non_null(info.advice);
		assert_non_null(info.klass);
	}
}

static void
reply_classes_and_vendors(void **state)
{
	struct bv_code_info	 info;

	(void)state;
	assert_int_equal(bv_code_lookup("250", &info), 0);
	assert_string_equal(info.klass, "success");
	assert_int_equal(bv_code_lookup("354", &info), 0);
	assert_string_equal(info.klass, "intermediate");
	assert_int_equal(bv_code_lookup("421", &info), 0);
	assert_string_equal(info.klass, "transient");
	assert_int_equal(info.vendor, 0);
	assert_int_equal(bv_code_lookup("550", &info), 0);
	assert_string_equal(info.klass, "permanent");
	assert_int_equal(bv_code_lookup("101", &info), 0);
	assert_string_equal(info.klass, "informational");
	/* GroupWise and Exchange codes are marked. */
	assert_int_equal(bv_code_lookup("420", &info), 0);
	assert_int_equal(info.vendor, 1);
	assert_int_equal(bv_code_lookup("432", &info), 0);
	assert_int_equal(info.vendor, 1);
	assert_int_equal(bv_code_lookup("449", &info), 0);
	assert_int_equal(info.vendor, 1);
}

static void
unknown_reply_codes_explained_by_digits(void **state)
{
	struct bv_code_info	 info;
	const struct cat_code	*second = cat_code_exact(CAT_REPLY, "x5x");

	(void)state;
	assert_int_equal(bv_code_lookup(" 559 ", &info), 0);
	assert_int_equal(info.known, 0);
	assert_string_equal(info.code, "559");
	assert_string_equal(info.klass, "permanent");
	assert_non_null(second);
	assert_ptr_equal(info.meaning, second->meaning);
	assert_int_equal(bv_code_lookup("699", &info), -1);
	assert_int_equal(bv_code_lookup("55", &info), -1);
	assert_int_equal(bv_code_lookup("5500", &info), -1);
	assert_int_equal(bv_code_lookup("abc", &info), -1);
	assert_int_equal(bv_code_lookup("", &info), -1);
	assert_int_equal(bv_code_lookup(NULL, &info), -1);
	assert_int_equal(bv_code_lookup("550                                  "
	    "                                                              ",
	    &info), -1);
}

static void
every_registry_code_resolves(void **state)
{
	struct bv_code_info	 info;
	char			 code[16];
	const char		 classes[] = "245";
	unsigned		 s, d;
	size_t			 c;

	(void)state;
	for (c = 0; c < 3; c++)
		for (s = 0; s < 8; s++)
			for (d = 0; d <= registry_last[s]; d++) {
				snprintf(code, sizeof(code), "%c.%u.%u",
				    classes[c], s, d);
				assert_int_equal(bv_code_lookup(code, &info),
				    0);
				if (!info.known)
					fail_msg("%s is not described", code);
				assert_non_null(info.meaning);
				assert_non_null(info.advice);
			}
}

static void
unknown_detail_falls_back_to_subject(void **state)
{
	struct bv_code_info	 info;
	const struct cat_code	*sub = cat_code_exact(CAT_ENHANCED, "x.7.x");

	(void)state;
	assert_non_null(sub);
	assert_int_equal(bv_code_lookup("5.7.99", &info), 0);
	assert_int_equal(info.known, 0);
	assert_ptr_equal(info.meaning, sub->meaning);
	assert_string_equal(info.klass, "permanent");
	assert_int_equal(bv_code_lookup("4.2.77", &info), 0);
	assert_string_equal(info.klass, "transient");
	assert_int_equal(info.known, 0);
	/* An unknown subject still has its class. */
	assert_int_equal(bv_code_lookup("5.9.1", &info), 0);
	assert_int_equal(info.known, 0);
	assert_non_null(info.meaning);
	assert_int_equal(bv_code_lookup("3.1.1", &info), -1);
	assert_int_equal(bv_code_lookup("5.1", &info), -1);
	assert_int_equal(bv_code_lookup("5.1.1.1", &info), -1);
	assert_int_equal(bv_code_lookup("5.1234.1", &info), -1);
	/* Vendor codes of one class only. */
	assert_int_equal(bv_code_lookup("5.7.606", &info), 0);
	assert_int_equal(info.known, 1);
	assert_int_equal(info.vendor, 1);
}

static void
vocabulary_is_exact(void **state)
{
	const struct bv_reason_info	*r;
	size_t				 i, n = 0;

	(void)state;
	for (i = 0; vocabulary[i] != NULL; i++) {
		r = bv_reason_lookup(vocabulary[i]);
		if (r == NULL)
			fail_msg("reason %s missing", vocabulary[i]);
		assert_string_equal(r->name, vocabulary[i]);
		n++;
	}
	assert_int_equal(bv_reason_count(), n);
	assert_null(bv_reason_lookup("nosuchreason"));
	assert_null(bv_reason_lookup(NULL));
	assert_null(bv_reason_at(n));
}

static int
group_known(const char *g)
{
	size_t	 i;

	for (i = 0; bv_reason_groups[i] != NULL; i++)
		if (strcmp(bv_reason_groups[i], g) == 0)
			return 1;
	return 0;
}

static void
every_reason_is_complete(void **state)
{
	const struct bv_reason_info	*r;
	size_t				 i;

	(void)state;
	for (i = 0; (r = bv_reason_at(i)) != NULL; i++) {
		assert_non_null(r->desc);
		assert_non_null(r->advice);
		assert_true(strlen(r->advice) > 20);
		if (!group_known(r->group))
			fail_msg("%s: bad group %s", r->name, r->group);
	}
	/* The reference's notion of hard bounces. */
	assert_int_equal(bv_reason_lookup("userunknown")->hard, 1);
	assert_int_equal(bv_reason_lookup("hostunknown")->hard, 1);
	assert_int_equal(bv_reason_lookup("hasmoved")->hard, 1);
	assert_int_equal(bv_reason_lookup("notaccept")->hard_if_permanent, 1);
	assert_int_equal(bv_reason_lookup("mailboxfull")->hard, 0);
	assert_int_equal(bv_reason_lookup("blocked")->hard, 0);
	assert_int_equal(bv_reason_lookup("blocked")->hard_if_permanent, 0);
	assert_string_equal(bv_reason_lookup("blocked")->group, "reputation");
	assert_string_equal(bv_reason_lookup("vacation")->group, "none");
	assert_string_equal(bv_reason_groups[0], "recipient");
	assert_null(bv_reason_groups[7]);
}

static void
rule_ids_unique_and_reasons_known(void **state)
{
	const struct cat_rule	*r, *q;
	size_t			 i, j, n = cat_nrules();

	(void)state;
	assert_true(n > 100);
	for (i = 0; i < n; i++) {
		r = cat_rule_at(i);
		assert_non_null(r->id);
		if (strcmp(r->reason, "hint") != 0 &&
		    bv_reason_lookup(r->reason) == NULL)
			fail_msg("rule %s: unknown reason %s", r->id,
			    r->reason);
		for (j = 0; j < i; j++) {
			q = cat_rule_at(j);
			if (strcmp(q->id, r->id) == 0)
				fail_msg("rule id %s twice", r->id);
		}
		assert_non_null(r->at.file);
		assert_true(r->at.line > 0);
	}
	assert_null(cat_rule_at(n));
}

static void
blocklists_present(void **state)
{
	const struct cat_blocklist	*b;
	size_t				 i;

	(void)state;
	for (i = 0; required_lists[i] != NULL; i++) {
		b = cat_blocklist(required_lists[i]);
		if (b == NULL)
			fail_msg("blocklist %s missing", required_lists[i]);
		assert_non_null(b->name);
		assert_non_null(b->url);
		assert_true(strncmp(b->url, "http", 4) == 0);
		assert_true(b->zones != NULL || b->phrases != NULL);
	}
	for (i = 0; (b = cat_blocklist_at(i)) != NULL; i++)
		assert_non_null(b->advice);
}

static void
generated_tables_match_sources(void **state)
{
	const struct cat_rule	*r = cat_rule_by_id("dnsbl-listed");

	(void)state;
	/* Built-in entries remember their catalog file and line. */
	assert_non_null(r);
	assert_string_equal(r->at.file, "catalog/signals.txt");
	assert_string_equal(r->blocklist, "any");
	assert_string_equal(r->reason, "blocked");
}

/* bv_hash: the same bytes the same value; one byte changed anywhere in a
 * long text changes it; and the low bits, which pick a table slot, spread
 * texts that differ only in a few digits. */
static void
hash_spreads_low_bits(void **state)
{
	char		 text[200], other[200];
	unsigned char	 used[4096] = { 0 };
	size_t		 i, n, distinct = 0;

	(void)state;
	memset(text, 'a', sizeof(text));
	memcpy(other, text, sizeof(other));
	assert_true(bv_hash(text, sizeof(text)) == bv_hash(other,
	    sizeof(other)));
	for (i = 0; i < sizeof(text); i++) {
		other[i] = 'b';
		assert_true(bv_hash(text, sizeof(text)) != bv_hash(other,
		    sizeof(other)));
		assert_true(bv_hash(text, i) != bv_hash(other, i + 1));
		other[i] = 'a';
	}
	for (i = 0; i < 4096; i++) {
		n = (size_t)snprintf(text, sizeof(text),
		    "550 5.1.1 <rcpt%zu@example.org>: user unknown", i);
		used[bv_hash(text, n) & 4095] = 1;
	}
	for (i = 0; i < 4096; i++)
		distinct += used[i];
	/* random slots would fill about 63 % of them */
	assert_true(distinct > 2400);
}

/* xbigalloc: zeroed and writable to its last byte, whatever the size;
 * the large ones on a 2 MB boundary (what lets the kernel use huge pages);
 * xbigfree takes NULL. */
static void
big_allocations_zeroed(void **state)
{
	static const size_t	 sizes[] = {
		100, (1u << 20) - 1, 1u << 20, (3u << 20) + 5
	};
	unsigned char		*p;
	size_t			 i, k, nonzero;

	(void)state;
	for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		p = xbigalloc(sizes[i], 1);
		assert_non_null(p);
		for (k = nonzero = 0; k < sizes[i]; k++)
			nonzero += p[k] != 0;
		assert_int_equal(nonzero, 0);
		if (sizes[i] >= 1u << 20)
			assert_int_equal((uintptr_t)p % (2u << 20), 0);
		p[0] = 1;
		p[sizes[i] - 1] = 2;
		xbigfree(p, sizes[i], 1);
	}
	xbigfree(NULL, 1u << 20, 1);
}

static long
minor_faults(void)
{
	struct rusage	 ru;

	assert_int_equal(getrusage(RUSAGE_SELF, &ru), 0);
	return ru.ru_minflt;
}

#if defined(MADV_POPULATE_WRITE) && defined(HAVE_MALLOPT) && \
    defined(M_MMAP_THRESHOLD) && !defined(BV_OWN_MALLOC)
/* Whether the kernel makes memory present on request (those before 5.14
 * refuse the advice: nothing to warm with); if so, freed memory is kept
 * from here on, as tui/main.c has it. */
static int
warming_works(void)
{
	char	*probe;
	int	 ok;

	probe = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE |
	    MAP_ANONYMOUS, -1, 0);
	assert_true(probe != MAP_FAILED);
	ok = madvise(probe, 4096, MADV_POPULATE_WRITE) == 0;
	munmap(probe, 4096);
	if (ok) {
		mallopt(M_MMAP_THRESHOLD, 32 << 20);
		mallopt(M_TRIM_THRESHOLD, 128 << 20);
	}
	return ok;
}
#endif

/* xheapwarm: with freed memory kept, as the program keeps it, the heap it
 * warmed takes no page fault when it is used.  Touching 2 MB of fresh heap
 * would take one a page (512). */
static void
heap_warm_takes_the_faults(void **state)
{
#if defined(MADV_POPULATE_WRITE) && defined(HAVE_MALLOPT) && \
    defined(M_MMAP_THRESHOLD) && !defined(BV_OWN_MALLOC)
	const size_t	 len = 2u << 20;
	char		*p;
	long		 before, faults;

	(void)state;
	if (!warming_works())
		skip();

	xheapwarm(2 * len);
	before = minor_faults();
	p = xmalloc(len);
	memset(p, 1, len);
	faults = minor_faults() - before;
	free(p);
	assert_true(faults < 16);
#else
	(void)state;
	skip();
#endif
}

/* xheapwarm_grown: nothing while the heap stays below the top it was
 * given; once the heap has grown past it, the next step of heap is warmed
 * and takes no page fault when it is used. */
static void
heap_warm_follows_growth(void **state)
{
#if defined(MADV_POPULATE_WRITE) && defined(HAVE_MALLOPT) && \
    defined(M_MMAP_THRESHOLD) && !defined(BV_OWN_MALLOC)
	const size_t	 step = 1u << 20, grow = 64u << 10, small = 4096;
	char		*g[1024], *p[128];
	void		*top, *none = NULL;
	long		 before, faults;
	size_t		 i, n;

	(void)state;
	if (!warming_works())
		skip();

	assert_int_equal(xheapwarm_grown(&none, step), 0);	/* no top */
	top = xheaptop();
	assert_non_null(top);
	assert_int_equal(xheapwarm_grown(&top, step), 0);	/* no growth */
	/* grow the heap past the top, in blocks kept till the end */
	for (n = 0; n < 1024 && xheaptop() <= top; n++)
		g[n] = xmalloc(grow);
	assert_true(n < 1024);
	assert_int_equal(xheapwarm_grown(&top, step), 1);
	assert_true(xheaptop() == top);
	before = minor_faults();
	for (i = 0; i < 128; i++) {		/* half the step */
		p[i] = xmalloc(small);
		memset(p[i], 1, small);
	}
	faults = minor_faults() - before;
	while (i > 0)
		free(p[--i]);
	while (n > 0)
		free(g[--n]);
	assert_true(faults < 16);	/* 128 pages touched */
#else
	(void)state;
	skip();
#endif
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(every_listed_reply_code_resolves),
		cmocka_unit_test(reply_classes_and_vendors),
		cmocka_unit_test(unknown_reply_codes_explained_by_digits),
		cmocka_unit_test(every_registry_code_resolves),
		cmocka_unit_test(unknown_detail_falls_back_to_subject),
		cmocka_unit_test(vocabulary_is_exact),
		cmocka_unit_test(every_reason_is_complete),
		cmocka_unit_test(rule_ids_unique_and_reasons_known),
		cmocka_unit_test(blocklists_present),
		cmocka_unit_test(generated_tables_match_sources),
		cmocka_unit_test(big_allocations_zeroed),
		cmocka_unit_test(heap_warm_takes_the_faults),
		cmocka_unit_test(heap_warm_follows_growth),
		cmocka_unit_test(hash_spreads_low_bits),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
