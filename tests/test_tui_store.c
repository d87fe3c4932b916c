/*
 * test_tui_store.c: how the interface keeps its records compact: the
 * string store (ids that round-trip, interning, growth over many chunks
 * and texts larger than a chunk) and the model's records seen through
 * views (every field comes back as it went in, a diagnostic that names
 * its recipient, records of one message, shared classifications).
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "tui/tuiint.h"

static void
test_store_ids(void **state)
{
	struct tui_store	*st = tui_store_new();
	uint32_t		 a, b, e;

	(void)state;
	assert_null(tui_store_get(st, TUI_NOSTR));
	a = tui_store_add(st, "mx1.example.org", 15);
	b = tui_store_add(st, "mx1.example.org", 15);
	assert_int_not_equal(a, TUI_NOSTR);
	assert_int_not_equal(a, b);		/* added: never shared */
	assert_string_equal(tui_store_get(st, a), "mx1.example.org");
	assert_string_equal(tui_store_get(st, b), "mx1.example.org");
	/* only LEN bytes are taken */
	a = tui_store_add(st, "5.1.1 and more", 5);
	assert_string_equal(tui_store_get(st, a), "5.1.1");
	/* the empty text is a string, not none */
	e = tui_store_add(st, "", 0);
	assert_int_not_equal(e, TUI_NOSTR);
	assert_string_equal(tui_store_get(st, e), "");
	tui_store_free(st);
	tui_store_free(NULL);
}

static void
test_store_intern(void **state)
{
	struct tui_store	*st = tui_store_new();
	uint32_t		 a, b, c, d;
	size_t			 bytes;

	(void)state;
	a = tui_store_intern(st, "550 5.1.1 User unknown", 22);
	bytes = tui_store_bytes(st);
	b = tui_store_intern(st, "550 5.1.1 User unknown", 22);
	assert_int_equal(a, b);
	assert_int_equal(tui_store_bytes(st), bytes);	/* kept once */
	c = tui_store_intern(st, "550 5.1.1 User Unknown", 22);
	assert_int_not_equal(a, c);			/* case counts */
	/* a prefix of an interned text is another text */
	d = tui_store_intern(st, "550 5.1.1", 9);
	assert_int_not_equal(a, d);
	assert_string_equal(tui_store_get(st, d), "550 5.1.1");
	assert_int_equal(tui_store_intern(st, "550 5.1.1 User unknownX", 22),
	    a);
	tui_store_free(st);
}

struct hashed {
	uint32_t	 hash;
	uint32_t	 n;
};

static int
hashed_cmp(const void *a, const void *b)
{
	const struct hashed	*x = a, *y = b;

	return x->hash != y->hash ? (x->hash < y->hash ? -1 : 1) :
	    (x->n < y->n ? -1 : x->n > y->n);
}

/* Texts whose hashes the table sees as equal (its 32 bits, found among
 * 2^18 names) stay apart, whether their lengths differ or not, and each
 * is found again. */
static void
test_store_collisions(void **state)
{
	enum { N = 1 << 18 };
	struct tui_store	*st = tui_store_new();
	struct hashed		*v = calloc(N, sizeof(*v));
	char			 a[32], b[32];
	uint32_t		 ida, idb;
	size_t			 i, pairs = 0, unequal = 0;

	(void)state;
	assert_non_null(v);
	for (i = 0; i < N; i++) {
		snprintf(a, sizeof(a), "mx%zu.example", i);
		v[i].hash = (uint32_t)bv_hash(a, strlen(a));
		v[i].n = (uint32_t)i;
	}
	qsort(v, N, sizeof(*v), hashed_cmp);
	for (i = 1; i < N; i++) {
		if (v[i].hash != v[i - 1].hash)
			continue;
		snprintf(a, sizeof(a), "mx%u.example", v[i - 1].n);
		snprintf(b, sizeof(b), "mx%u.example", v[i].n);
		pairs++;
		unequal += strlen(a) != strlen(b);
		ida = tui_store_intern(st, a, strlen(a));
		idb = tui_store_intern(st, b, strlen(b));
		assert_int_not_equal(ida, idb);
		assert_string_equal(tui_store_get(st, ida), a);
		assert_string_equal(tui_store_get(st, idb), b);
		assert_int_equal(tui_store_intern(st, b, strlen(b)), idb);
		assert_int_equal(tui_store_intern(st, a, strlen(a)), ida);
	}
	if (pairs == 0 || unequal == 0)
		fail_msg("%zu colliding pairs, %zu of unequal lengths", pairs,
		    unequal);
	free(v);
	tui_store_free(st);
}

/* Many texts over many chunks, interned twice (the table grows in
 * between), every id read back. */
static void
test_store_growth(void **state)
{
	struct tui_store	*st = tui_store_new();
	enum { N = 40000 };
	uint32_t		*id, *id2, big, after;
	char			 text[64], *huge;
	size_t			 i, hugelen = 600 * 1024;

	(void)state;
	id = calloc(N, sizeof(*id));
	id2 = calloc(N, sizeof(*id2));
	for (i = 0; i < N; i++) {
		snprintf(text, sizeof(text), "rcpt%zu@host%zu.example.net", i,
		    i % 97);
		id[i] = i % 2 ? tui_store_intern(st, text, strlen(text)) :
		    tui_store_add(st, text, strlen(text));
	}
	huge = malloc(hugelen + 1);
	memset(huge, 'x', hugelen);
	huge[hugelen] = '\0';
	big = tui_store_add(st, huge, hugelen);	/* larger than a chunk */
	after = tui_store_add(st, "after", 5);
	for (i = 0; i < N; i++) {
		snprintf(text, sizeof(text), "rcpt%zu@host%zu.example.net", i,
		    i % 97);
		assert_string_equal(tui_store_get(st, id[i]), text);
		id2[i] = tui_store_intern(st, text, strlen(text));
		if (i % 2)
			assert_int_equal(id2[i], id[i]);
	}
	assert_true(tui_store_bytes(st) > 2 * 256 * 1024 + hugelen);
	assert_int_equal(strlen(tui_store_get(st, big)), hugelen);
	assert_memory_equal(tui_store_get(st, big), huge, hugelen);
	assert_string_equal(tui_store_get(st, after), "after");
	free(huge);
	free(id);
	free(id2);
	tui_store_free(st);
}

/* Every field of R set, to texts that name field and number N. */
static void
full_record(struct bv_record *r, int n, uint32_t msgno, const char *rcpt,
    const char *diag)
{
	r->loc.path = "/var/mail/bounces";
	r->loc.offset = 1000u * msgno;
	r->loc.length = 999;
	r->loc.msgno = msgno;
	r->loc.mailbox = 1;
	r->rcpt = (uint32_t)n;
	r->format = "rfc3464";
	r->date = xasprintf("Mon, 02 Nov 2026 10:%02u:00 +0000", msgno);
	r->reporting_mta = xstrdup("mail.example.net");
	r->remote_mta = xasprintf("mx%d.example.org", n % 3);
	r->recipient = xstrdup(rcpt);
	r->original_recipient = xasprintf("rfc822;%s", rcpt);
	r->action = xstrdup("failed");
	r->status = xstrdup("5.1.1");
	r->reply_code = xstrdup("550");
	r->diagnostic = xstrdup(diag);
	r->arrival_date = xasprintf("Mon, 02 Nov 2026 09:%02u:00 +0000",
	    msgno);
	r->last_attempt_date = xstrdup("Mon, 02 Nov 2026 10:00:01 +0000");
	r->feedback_type = xstrdup("abuse");
	r->error = n == 3 ? xstrdup("unreadable: test") : NULL;
	r->original.from = xstrdup("news@example.com");
	r->original.to = xstrdup(rcpt);
	r->original.subject = xasprintf("Newsletter %u", msgno);
	r->original.date = xstrdup("Sun, 01 Nov 2026 23:00:00 +0000");
	r->original.message_id = xasprintf("<%u@example.com>", msgno);
	r->reason = "mailbox_unknown";
	r->hard = n % 2;
	r->rule = "rule-one";
	r->blocklist = n == 2 ? "Spamhaus" : NULL;
	r->blocklist_url = n == 2 ? "https://example.org/lookup" : NULL;
	r->listed_ip = n == 2 ? xstrdup("192.0.2.7") : NULL;
	r->remediation = "Remove the address.";
	r->hint_reason = NULL;
	r->command = "RCPT";
	r->diag_type = n == 4 ? "x-unix" : NULL;
}

#define SAME(f) do {							\
	if (a->f == NULL || b->f == NULL)				\
		assert_ptr_equal(a->f, b->f);				\
	else								\
		assert_string_equal(a->f, b->f);			\
} while (0)

static void
assert_same_record(const struct bv_record *a, const struct bv_record *b)
{
	assert_ptr_equal(a->loc.path, b->loc.path);
	assert_int_equal(a->loc.offset, b->loc.offset);
	assert_int_equal(a->loc.length, b->loc.length);
	assert_int_equal(a->loc.msgno, b->loc.msgno);
	assert_int_equal(a->loc.mailbox, b->loc.mailbox);
	assert_int_equal(a->rcpt, b->rcpt);
	assert_int_equal(a->hard, b->hard);
	SAME(format); SAME(date); SAME(reporting_mta); SAME(remote_mta);
	SAME(recipient); SAME(original_recipient); SAME(action); SAME(status);
	SAME(reply_code); SAME(diagnostic); SAME(arrival_date);
	SAME(last_attempt_date); SAME(feedback_type); SAME(error);
	SAME(original.from); SAME(original.to); SAME(original.subject);
	SAME(original.date); SAME(original.message_id); SAME(reason);
	SAME(rule); SAME(blocklist); SAME(blocklist_url); SAME(listed_ip);
	SAME(remediation); SAME(hint_reason); SAME(command); SAME(diag_type);
	/* the static strings come back as the same objects */
	assert_ptr_equal(a->reason, b->reason);
	assert_ptr_equal(a->format, b->format);
}

static const struct {
	uint32_t	 msgno;
	const char	*rcpt, *diag;
} recs[] = {
	{ 1, "ann@example.org", "550 5.1.1 <ann@example.org>: User unknown" },
	{ 1, "bob@example.org", "550 5.1.1 <bob@example.org>: User unknown" },
	{ 2, "cy@example.org", "cy@example.org cy@example.org twice" },
	/* the template byte itself: kept as it is */
	{ 3, "di@example.org", "odd \001 byte for di@example.org" },
	{ 4, "ed@example.org", "no address in here" },
	{ 5, "ab", "ab is too short to stand for an address: ab" },
};
#define NRECS (sizeof(recs) / sizeof(recs[0]))

static void
test_model_views(void **state)
{
	struct tui_model	 m;
	struct bv_reclist	 want = { NULL, 0, 0 };
	struct bv_record	 view, other;
	const struct bv_record	*v;
	char			 err[100];
	size_t			 i;

	(void)state;
	tui_model_init(&m);
	for (i = 0; i < NRECS; i++) {
		full_record(bv_reclist_add(&m.incoming), (int)i, recs[i].msgno,
		    recs[i].rcpt, recs[i].diag);
		full_record(bv_reclist_add(&want), (int)i, recs[i].msgno,
		    recs[i].rcpt, recs[i].diag);
	}
	assert_int_equal(tui_model_sync(&m), NRECS);
	assert_int_equal(m.incoming.n, 0);		/* taken and cleared */
	assert_int_equal(m.nwhen, NRECS);
	for (i = 0; i < NRECS; i++) {
		v = tui_model_rec(&m, (uint32_t)i, &view);
		assert_ptr_equal(v, &view);
		assert_same_record(v, &want.v[i]);
	}
	/* two views at once: each keeps its own diagnostic */
	tui_model_rec(&m, 0, &view);
	tui_model_rec(&m, 1, &other);
	assert_string_equal(view.diagnostic, recs[0].diag);
	assert_string_equal(other.diagnostic, recs[1].diag);
	assert_null(tui_model_rec(&m, NRECS, &view));
	assert_null(tui_model_at(&m, NRECS, &view));
	/* a search finds the address inside a templated diagnostic */
	assert_int_equal(tui_model_limit(&m, "\"<bob@example.org>:\"", err,
	    sizeof(err), &i), 0);
	assert_int_equal(m.nvis, 1);
	assert_string_equal(tui_model_at(&m, 0, &view)->recipient,
	    "bob@example.org");
	/* more records than expansion slots: reused, never wrong */
	for (i = 0; i < 200; i++) {
		char	 rcpt[64], diag[128];

		snprintf(rcpt, sizeof(rcpt), "user%zu@example.net", i);
		snprintf(diag, sizeof(diag), "550 <%s> unknown", rcpt);
		full_record(bv_reclist_add(&m.incoming), (int)i,
		    10 + (uint32_t)i, rcpt, diag);
	}
	tui_model_sync(&m);
	for (i = 0; i < 200; i++) {
		char	 diag[128];

		snprintf(diag, sizeof(diag),
		    "550 <user%zu@example.net> unknown", i);
		assert_string_equal(tui_model_rec(&m, (uint32_t)(NRECS + i),
		    &view)->diagnostic, diag);
	}
	bv_reclist_free(&want);
	tui_model_free(&m);
}

/* LEN + 1 of each text, for the bytes a store takes for them. */
static size_t
cost(const char *const *texts, size_t n)
{
	size_t	 i, c = 0;

	for (i = 0; i < n; i++)
		c += strlen(texts[i]) + 1;
	return c;
}

/* The texts records share are kept once: a record costs the store only
 * what is its own. */
static void
test_model_shares(void **state)
{
	struct tui_model	 m;
	struct bv_record	*r;
	size_t			 i, one, two;

	(void)state;
	tui_model_init(&m);
	for (i = 0; i < 2; i++)
		full_record(bv_reclist_add(&m.incoming), 1, 7,
		    "ann@example.org",
		    "550 5.1.1 <ann@example.org>: User unknown");
	tui_model_sync(&m);
	one = tui_store_bytes(m.store);
	/* the second record of message 7 shares everything with the
	 * first: taking both cost what taking one costs */
	full_record(bv_reclist_add(&m.incoming), 1, 7, "ann@example.org",
	    "550 5.1.1 <ann@example.org>: User unknown");
	tui_model_sync(&m);
	assert_int_equal(tui_store_bytes(m.store), one);
	/* another message, another recipient, the same failure: its own
	 * texts only (no diagnostic, host, codes or sender again) */
	r = bv_reclist_add(&m.incoming);
	full_record(r, 1, 8, "bob@example.org",
	    "550 5.1.1 <bob@example.org>: User unknown");
	{
		const char *const	 own[] = {
			r->date, r->recipient, r->original_recipient,
			r->arrival_date, r->last_attempt_date,
			r->original.to, r->original.subject,
			r->original.date, r->original.message_id,
		};

		two = one + cost(own, sizeof(own) / sizeof(own[0]));
	}
	tui_model_sync(&m);
	assert_int_equal(tui_store_bytes(m.store), two);
	assert_int_equal(m.ncls, 1);
	tui_model_free(&m);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_store_ids),
		cmocka_unit_test(test_store_intern),
		cmocka_unit_test(test_store_collisions),
		cmocka_unit_test(test_store_growth),
		cmocka_unit_test(test_model_views),
		cmocka_unit_test(test_model_shares),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
