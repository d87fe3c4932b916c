/*
 * test_tui_model.c: the interface's records without a terminal: sorting,
 * merging records that arrive while loading, limits, tags, the summary
 * counts, the detail text and the config file.  Records are built here.
 */
#include "config.h"

#include <locale.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>
#include <cmocka.h>

#include "tui/tuiint.h"

struct spec {
	const char	*date, *rcpt, *status, *reason, *rhost, *bl;
	int		 hard;
};

/* Twelve records in reading order, dates deliberately out of order. */
static const struct spec specs[] = {
	{ "Mon, 02 Nov 2026 10:00:00 +0000", "carol@example.com", "4.2.2",
	  "mailboxfull", "mx.example.com", NULL, 0 },
	{ "Mon, 02 Nov 2026 08:00:00 +0000", "alice@example.org", "5.1.1",
	  "unknownuser", "mx1.example.org", NULL, 1 },
	{ "Mon, 02 Nov 2026 09:00:00 +0000", "bob@example.net", "5.7.1",
	  "blocklisted", "mail.example.net", "Spamhaus", 1 },
	{ NULL, "zed@example.org", "5.1.10", "unknownuser", NULL, NULL, 1 },
	{ "Tue, 03 Nov 2026 08:00:00 +0000", "dave@example.org", "5.1.2",
	  "unknowndomain", "mx1.example.org", NULL, 1 },
	{ "Mon, 02 Nov 2026 09:00:00 +0000", "erin@example.net", "5.7.1",
	  "blocklisted", "mail.example.net", "SpamCop", 1 },
	{ "Wed, 04 Nov 2026 08:00:00 +0000", "frank@example.com", "4.4.7",
	  "timeout", NULL, NULL, 0 },
	{ "Mon, 02 Nov 2026 07:00:00 +0000", "grace@Example.COM", "5.2.2",
	  "mailboxfull", "mx.example.com", NULL, 1 },
	{ "Thu, 05 Nov 2026 08:00:00 +0000", "heidi@example.jp", "5.7.1",
	  "blocklisted", "mx.example.jp", "Spamhaus", 1 },
	{ "Thu, 05 Nov 2026 06:00:00 +0000", "ivan@example.jp", "4.7.0",
	  "ratelimited", "mx.example.jp", NULL, 0 },
	{ "Fri, 06 Nov 2026 08:00:00 +0000", "judy@example.org", "5.1.1",
	  "unknownuser", "mx1.example.org", NULL, 1 },
	{ "Sat, 07 Nov 2026 08:00:00 +0000", "ken@example.net", "2.0.0",
	  "delivered", "mail.example.net", NULL, -1 },
};
#define NSPECS (sizeof(specs) / sizeof(specs[0]))

/* The record shown at POS, in a view good until the next call. */
static const struct bv_record *
at(struct tui_model *m, size_t pos)
{
	static struct bv_record	 view;

	return tui_model_at(m, pos, &view);
}

static void
add(struct tui_model *m, size_t i)
{
	struct bv_record	*r = bv_reclist_add(&m->incoming);

	r->loc.msgno = (uint32_t)i + 1;
	r->rcpt = 1;
	r->format = "rfc3464";
	r->date = xstrdup(specs[i].date);
	r->recipient = xstrdup(specs[i].rcpt);
	r->status = xstrdup(specs[i].status);
	r->reason = specs[i].reason;
	r->remote_mta = xstrdup(specs[i].rhost);
	r->blocklist = specs[i].bl;
	r->hard = specs[i].hard;
	r->diagnostic = xasprintf("550 %s said no to %s", specs[i].status,
	    specs[i].rcpt);
}

static void
fill(struct tui_model *m)
{
	size_t	 i;

	tui_model_init(m);
	for (i = 0; i < NSPECS; i++)
		add(m, i);
	tui_model_sync(m);
}

/* The view is ordered by the sort key, ties in reading order. */
static void
assert_sorted(struct tui_model *m)
{
	struct bv_record	 va, vb;
	const struct bv_record	*a, *b;
	int64_t			 wa, wb;
	size_t			 i;
	int			 c;

	for (i = 1; i < m->nvis; i++) {
		a = tui_model_rec(m, m->vis[i - 1], &va);
		b = tui_model_rec(m, m->vis[i], &vb);
		switch (m->sort) {
		case TUI_SORT_DATE:
			/* undated records count as the latest */
			wa = m->when[m->vis[i - 1]];
			wb = m->when[m->vis[i]];
			if (wa == TUI_NODATE)
				wa = INT64_MAX;
			if (wb == TUI_NODATE)
				wb = INT64_MAX;
			c = wa < wb ? -1 : wa > wb;
			break;
		case TUI_SORT_RECIPIENT:
			c = strcasecmp(a->recipient, b->recipient);
			break;
		case TUI_SORT_REASON:
			c = strcmp(a->reason, b->reason);
			break;
		default:
			continue;
		}
		if (m->reverse)
			c = -c;
		assert_true(c < 0 || (c == 0 && m->vis[i - 1] < m->vis[i]));
	}
}

static void
test_sort_keys(void **state)
{
	struct tui_model	 m;
	int			 s;

	(void)state;
	fill(&m);
	assert_int_equal(m.nvis, NSPECS);
	/* by date: grace 07:00 first; the undated record last */
	assert_string_equal(at(&m, 0)->recipient, "grace@Example.COM");
	assert_string_equal(at(&m, NSPECS - 1)->recipient,
	    "zed@example.org");
	/* equal dates keep reading order: bob (3rd) before erin (6th) */
	assert_true(tui_model_pos(&m, 2) < tui_model_pos(&m, 5));
	for (s = 0; s < TUI_SORT_COUNT; s++) {
		tui_model_sort(&m, s, 0);
		assert_sorted(&m);
		tui_model_sort(&m, s, 1);
		assert_sorted(&m);
	}
	tui_model_sort(&m, TUI_SORT_RECIPIENT, 0);
	assert_string_equal(at(&m, 0)->recipient, "alice@example.org");
	tui_model_sort(&m, TUI_SORT_STATUS, 0);
	/* version order: 5.1.2 before 5.1.10 */
	assert_true(tui_model_pos(&m, 4) < tui_model_pos(&m, 3));
	tui_model_sort(&m, TUI_SORT_DOMAIN, 0);
	assert_string_equal(tui_rec_domain(at(&m, 0)), "example.com");
	tui_model_sort(&m, TUI_SORT_RHOST, 0);
	/* records without a remote host go last */
	assert_null(at(&m, NSPECS - 1)->remote_mta);
	assert_int_equal(tui_sort_byname("remote host"), TUI_SORT_RHOST);
	assert_int_equal(tui_sort_byname("rhost"), TUI_SORT_RHOST);
	assert_int_equal(tui_sort_byname("colour"), -1);
	tui_model_free(&m);
}

/*
 * The status, domain and recipient orders, checked on many records against
 * their plain definitions: statuses of three numbers by those numbers,
 * other texts after them in version order, missing ones last; domains
 * ignoring case, missing last, then the recipient ignoring case, missing
 * last; ties in reading order.  Recipients share domains (in several spellings) and
 * their first letters, as in real bounce folders; the records also come in
 * slices, as while loading.
 */
static const char *const odd_status[] = {
	"5.1.1", "5.1.10", "5.1.2", "4.4.7", "5.7.1", "5.7.26", "2.0.0",
	"5.10.0", "5.2.0", "5.1", "abc", "05.1.1", "5.1.1 extra", "",
	"1000.1.1", NULL,
};
static const char *const odd_domain[] = {
	"gmail.example", "GMail.Example", "outlook.example", "a.example",
	"z.example", "mail.example.org", "Beta.example", NULL,
};
static const char *const odd_reason[] = {
	"userunknown", "blocked", "Blocked", "mailboxfull", "expired",
	"undefined", NULL,
};
static const char *const odd_date[] = {
	"Mon, 3 Mar 2025 10:00:00 +0000", "3 Mar 2025 10:00:00 +0100",
	"Tue, 4 Mar 2025 09:59:59 -0500", "Sun, 1 Jan 1995 00:00:00 +0000",
	"not a date", "", NULL,
};
static const char *const odd_local[] = {
	"info", "info2", "infobox", "Info", "admin", "admin.x", "a", "",
	"zz", "ab", "customer.service", "customer.servicE2",
	"customer.service.team", "CUSTOMER.SERVICE",
};

/* 0 with N filled when S is three plain numbers, 1 other text, 2 none. */
static int
ref_class(const char *s, int n[3])
{
	char	 back[64];

	if (s == NULL || *s == '\0')
		return 2;
	if (sscanf(s, "%3d.%3d.%3d", &n[0], &n[1], &n[2]) != 3)
		return 1;
	snprintf(back, sizeof(back), "%d.%d.%d", n[0], n[1], n[2]);
	return strcmp(back, s) == 0 ? 0 : 1;
}

static int
ref_status(const char *a, const char *b)
{
	int	 na[3], nb[3], ca = ref_class(a, na), cb = ref_class(b, nb), i;

	if (ca != cb)
		return ca < cb ? -1 : 1;
	if (ca == 2)
		return 0;
	if (ca == 1)
		return strverscmp(a, b);
	for (i = 0; i < 3; i++)
		if (na[i] != nb[i])
			return na[i] < nb[i] ? -1 : 1;
	return 0;
}

static int
ref_text(const char *a, const char *b)
{
	if (a == NULL || *a == '\0')
		return b == NULL || *b == '\0' ? 0 : 1;
	if (b == NULL || *b == '\0')
		return -1;
	return strcasecmp(a, b);
}

/* Dates by their time, none after all. */
static int
ref_when(int64_t a, int64_t b)
{
	if (a == TUI_NODATE || b == TUI_NODATE)
		return (a == TUI_NODATE) - (b == TUI_NODATE);
	return a < b ? -1 : a > b;
}

static void
assert_order(struct tui_model *m)
{
	struct bv_record	 va, vb;
	const struct bv_record	*a, *b;
	size_t			 i;
	int			 c;

	for (i = 1; i < m->nvis; i++) {
		a = tui_model_rec(m, m->vis[i - 1], &va);
		b = tui_model_rec(m, m->vis[i], &vb);
		if (m->sort == TUI_SORT_STATUS)
			c = ref_status(a->status, b->status);
		else if (m->sort == TUI_SORT_RECIPIENT)
			c = ref_text(a->recipient, b->recipient);
		else if (m->sort == TUI_SORT_REASON)
			c = ref_text(a->reason, b->reason);
		else if (m->sort == TUI_SORT_RHOST)
			c = ref_text(a->remote_mta, b->remote_mta);
		else if (m->sort == TUI_SORT_DATE)
			c = ref_when(m->when[m->vis[i - 1]],
			    m->when[m->vis[i]]);
		else if ((c = ref_text(tui_rec_domain(a),
		    tui_rec_domain(b))) == 0)
			c = ref_text(a->recipient, b->recipient);
		if (m->reverse)
			c = -c;
		if (!(c < 0 || (c == 0 && m->vis[i - 1] < m->vis[i])))
			fail_msg("order %d: \"%s\" %s before \"%s\" %s",
			    m->sort,
			    a->status ? a->status : "(null)",
			    a->recipient ? a->recipient : "(null)",
			    b->status ? b->status : "(null)",
			    b->recipient ? b->recipient : "(null)");
	}
}

/* N records of odd values, sorted every way, and by domain while loading
 * in slices of 97. */
static void
sort_many(size_t n)
{
	struct tui_model	 m, s;
	struct bv_record	*r;
	unsigned		 seed = 7;
	size_t			 i;
	int			 sort, rev;

	tui_model_init(&m);
	tui_model_init(&s);
	s.sort = TUI_SORT_DOMAIN;
	for (i = 0; i < n; i++) {
		const char	*d, *l;

		seed = seed * 1103515245u + 12345u;
		d = odd_domain[(seed >> 8) % (sizeof(odd_domain) /
		    sizeof(odd_domain[0]))];
		l = odd_local[(seed >> 16) % (sizeof(odd_local) /
		    sizeof(odd_local[0]))];
		r = bv_reclist_add(&m.incoming);
		r->loc.msgno = (uint32_t)i + 1;
		r->status = xstrdup(odd_status[(seed >> 4) %
		    (sizeof(odd_status) / sizeof(odd_status[0]))]);
		r->recipient = (seed >> 24) % 13 == 0 ? NULL : d == NULL ?
		    xstrdup(l) : xasprintf("%s@%s", l, d);
		/* reasons are static names; hosts and dates texts */
		r->reason = odd_reason[(seed >> 12) % (sizeof(odd_reason) /
		    sizeof(odd_reason[0]))];
		r->remote_mta = odd_domain[(seed >> 20) % (sizeof(odd_domain) /
		    sizeof(odd_domain[0]))] == NULL ? NULL : xstrdup(
		    odd_domain[(seed >> 20) % (sizeof(odd_domain) /
		    sizeof(odd_domain[0]))]);
		r->date = odd_date[(seed >> 6) % (sizeof(odd_date) /
		    sizeof(odd_date[0]))] == NULL ? NULL : xstrdup(
		    odd_date[(seed >> 6) % (sizeof(odd_date) /
		    sizeof(odd_date[0]))]);
		r = bv_reclist_add(&s.incoming);
		r->loc.msgno = (uint32_t)i + 1;
		r->status = xstrdup(m.incoming.v[i].status);
		r->recipient = xstrdup(m.incoming.v[i].recipient);
		if (i % 97 == 96)
			tui_model_sync(&s);
	}
	tui_model_sync(&m);
	tui_model_sync(&s);
	for (sort = 0; sort < TUI_SORT_COUNT; sort++) {
		for (rev = 0; rev < 2; rev++) {
			tui_model_sort(&m, sort, rev);
			assert_order(&m);
		}
	}
	/* sorted by domain while loading in slices: the same view */
	assert_int_equal(s.nvis, n);
	tui_model_sort(&m, TUI_SORT_DOMAIN, 0);
	assert_memory_equal(m.vis, s.vis, n * sizeof(*m.vis));
	tui_model_free(&m);
	tui_model_free(&s);
}

/* Recipients of one message share its date text, and its time is worked
 * out once; a recipient whose date differs, or another message, gets its
 * own.  Every record's time is the one its own date gives. */
static void
test_dates_shared(void **state)
{
	static const struct {
		uint32_t	 msgno;
		const char	*date;
	} recs[] = {
		{ 1, "Mon, 02 Nov 2026 10:00:00 +0000" },
		{ 1, "Mon, 02 Nov 2026 10:00:00 +0000" },
		{ 1, "Tue, 03 Nov 2026 11:00:00 +0000" },
		{ 1, NULL },
		{ 1, NULL },
		{ 1, "Tue, 03 Nov 2026 11:00:00 +0000" },
		{ 2, "Tue, 03 Nov 2026 11:00:00 +0000" },
		{ 3, "Wed, 04 Nov 2026 12:00:00 +0100" },
		{ 3, "Wed, 04 Nov 2026 12:00:00 +0100" },
		{ 4, "Wed, 04 Nov 2026 12:00:00 +0100" },
	};
	struct tui_model	 m;
	struct bv_record	*r;
	size_t			 i;

	(void)state;
	tui_model_init(&m);
	for (i = 0; i < sizeof(recs) / sizeof(recs[0]); i++) {
		r = bv_reclist_add(&m.incoming);
		r->loc.msgno = recs[i].msgno;
		r->rcpt = (uint32_t)i + 1;
		r->recipient = xasprintf("r%zu@example.org", i);
		r->date = recs[i].date ? xstrdup(recs[i].date) : NULL;
	}
	tui_model_sync(&m);
	assert_int_equal(m.nwhen, sizeof(recs) / sizeof(recs[0]));
	for (i = 0; i < sizeof(recs) / sizeof(recs[0]); i++)
		if (m.when[i] != tui_parse_date(recs[i].date))
			fail_msg("record %zu: %lld", i, (long long)m.when[i]);
	assert_true(m.when[2] != m.when[1] && m.when[3] == TUI_NODATE);
	tui_model_free(&m);
}

/* What records share (status, action, reply code, feedback type, the
 * catalog's strings, hard or soft) is taken from the record before when
 * all of it is the same: each record below differs from the one before in
 * one of those only, or in none, and reads back as it was given. */
static void
test_classes_shared(void **state)
{
	static const struct {
		const char	*status, *action, *reply, *feedback;
		const char	*reason, *rule;
		int		 hard;
	} recs[] = {
		{ "5.1.1", "failed", "550", NULL, "unknownuser", "r1", 1 },
		{ "5.1.1", "failed", "550", NULL, "unknownuser", "r1", 1 },
		{ "5.1.2", "failed", "550", NULL, "unknownuser", "r1", 1 },
		{ "5.1.2", "delayed", "550", NULL, "unknownuser", "r1", 1 },
		{ "5.1.2", "delayed", "551", NULL, "unknownuser", "r1", 1 },
		{ "5.1.2", "delayed", "551", "abuse", "unknownuser", "r1", 1 },
		{ "5.1.2", "delayed", "551", NULL, "unknownuser", "r1", 1 },
		{ "5.1.2", "delayed", "551", NULL, "mailboxfull", "r1", 1 },
		{ "5.1.2", "delayed", "551", NULL, "mailboxfull", "r2", 1 },
		{ "5.1.2", "delayed", "551", NULL, "mailboxfull", "r2", 0 },
		{ "5.1.2", "delayed", "551", NULL, "mailboxfull", "r2", 0 },
		{ NULL, "delayed", "551", NULL, "mailboxfull", "r2", 0 },
		{ "5.1.1", "failed", "550", NULL, "unknownuser", "r1", 1 },
	};
	/* static strings are told apart by their address */
	static const char	 unknownuser[] = "unknownuser",
				 mailboxfull[] = "mailboxfull",
				 r1[] = "r1", r2[] = "r2";
	const size_t		 n = sizeof(recs) / sizeof(recs[0]);
	struct tui_model	 m;
	struct bv_record	*r, view;
	const struct bv_record	*v;
	size_t			 i;

	(void)state;
	tui_model_init(&m);
	for (i = 0; i < n; i++) {
		r = bv_reclist_add(&m.incoming);
		r->loc.msgno = (uint32_t)i + 1;
		r->rcpt = 1;
		r->recipient = xasprintf("r%zu@example.org", i);
		r->status = recs[i].status ? xstrdup(recs[i].status) : NULL;
		r->action = xstrdup(recs[i].action);
		r->reply_code = xstrdup(recs[i].reply);
		r->feedback_type = recs[i].feedback ?
		    xstrdup(recs[i].feedback) : NULL;
		r->reason = strcmp(recs[i].reason, unknownuser) == 0 ?
		    unknownuser : mailboxfull;
		r->rule = strcmp(recs[i].rule, r1) == 0 ? r1 : r2;
		r->hard = recs[i].hard;
	}
	tui_model_sync(&m);
	assert_int_equal(m.nwhen, n);
	for (i = 0; i < n; i++) {
		v = tui_model_rec(&m, (uint32_t)i, &view);
		if (recs[i].status == NULL)
			assert_null(v->status);
		else
			assert_string_equal(v->status, recs[i].status);
		assert_string_equal(v->action, recs[i].action);
		assert_string_equal(v->reply_code, recs[i].reply);
		if (recs[i].feedback == NULL)
			assert_null(v->feedback_type);
		else
			assert_string_equal(v->feedback_type,
			    recs[i].feedback);
		assert_string_equal(v->reason, recs[i].reason);
		assert_ptr_equal(v->rule, strcmp(recs[i].rule, r1) == 0 ?
		    r1 : r2);
		assert_int_equal(v->hard, recs[i].hard);
	}
	/* the same ones shared: 13 records of 9 kinds (the 7th is the 5th's,
	 * the last the first's) */
	assert_int_equal(m.ncls, 9);
	tui_model_free(&m);
}

/* Few records are sorted by comparisons, many by radix passes (the
 * slices of the second are sorted by comparisons before being merged). */
static void
test_sort_many(void **state)
{
	(void)state;
	sort_many(600);
}

static void
test_sort_very_many(void **state)
{
	(void)state;
	sort_many(20000);
}

/* Records arriving in slices while loading end up exactly where a sort of
 * all of them would put them. */
static void
test_sync_merges(void **state)
{
	struct tui_model	 a, b;
	size_t			 i;

	(void)state;
	fill(&a);
	tui_model_init(&b);
	b.sort = TUI_SORT_RECIPIENT;
	tui_model_sort(&a, TUI_SORT_RECIPIENT, 0);
	for (i = 0; i < NSPECS; i++) {
		add(&b, i);
		if (i % 3 == 2)
			assert_int_equal(tui_model_sync(&b), 3);
	}
	assert_int_equal(tui_model_sync(&b), 0);
	assert_int_equal(b.nvis, a.nvis);
	assert_memory_equal(a.vis, b.vis, a.nvis * sizeof(*a.vis));
	tui_model_free(&a);
	tui_model_free(&b);
}

/* Records absorbed a few at a time (as while loading) leave the view as it
 * was until the next sync, which counts them all and orders them as plain
 * syncs would, under a sort and a limit; a limit set while some are
 * absorbed but not shown takes them in first, once. */
static void
test_absorb(void **state)
{
	struct tui_model	 a, b;
	char			 err[200];
	size_t			 i, pos = 0, shown;

	(void)state;
	fill(&a);
	tui_model_sort(&a, TUI_SORT_RECIPIENT, 0);
	assert_int_equal(tui_model_limit(&a, "@hard", err, sizeof(err),
	    &pos), 0);
	tui_model_init(&b);
	tui_model_sort(&b, TUI_SORT_RECIPIENT, 0);
	assert_int_equal(tui_model_limit(&b, "@hard", err, sizeof(err),
	    &pos), 0);
	for (i = 0; i < NSPECS; i++) {
		shown = b.nvis;
		add(&b, i);
		assert_int_equal(tui_model_absorb(&b), 1);
		assert_int_equal(b.nvis, shown);
		assert_int_equal(b.nwhen, i + 1);
		if (i % 4 == 3)
			assert_int_equal(tui_model_sync(&b), 4);
	}
	assert_int_equal(tui_model_sync(&b), NSPECS % 4);
	assert_int_equal(tui_model_sync(&b), 0);
	assert_true(a.nvis > 0 && a.nvis < NSPECS);
	assert_int_equal(b.nvis, a.nvis);
	assert_memory_equal(a.vis, b.vis, a.nvis * sizeof(*a.vis));

	add(&b, 0);
	add(&b, 1);
	assert_int_equal(tui_model_absorb(&b), 2);
	assert_int_equal(tui_model_limit(&b, "", err, sizeof(err), &pos), 0);
	assert_int_equal(b.nvis, NSPECS + 2);
	assert_int_equal(tui_model_sync(&b), 0);
	assert_int_equal(b.nvis, NSPECS + 2);
	assert_sorted(&b);
	tui_model_free(&a);
	tui_model_free(&b);
}

static void
test_limit(void **state)
{
	struct tui_model	 m;
	char			 err[200];
	size_t			 pos = 0, i;

	(void)state;
	fill(&m);
	assert_int_equal(tui_model_limit(&m, "@dnsbl", err, sizeof(err),
	    &pos), 0);
	assert_int_equal(m.nvis, 3);
	for (i = 0; i < m.nvis; i++)
		assert_non_null(at(&m, i)->blocklist);
	assert_string_equal(m.limit_text, "@dnsbl");
	/* a broken pattern keeps the old limit */
	err[0] = '\0';
	assert_int_equal(tui_model_limit(&m, "(@hard", err, sizeof(err),
	    &pos), -1);
	assert_true(err[0] != '\0');
	assert_int_equal(m.nvis, 3);
	assert_string_equal(m.limit_text, "@dnsbl");
	/* records read later respect the limit too */
	add(&m, 2);
	tui_model_sync(&m);
	assert_int_equal(m.nvis, 4);
	add(&m, 0);
	tui_model_sync(&m);
	assert_int_equal(m.nvis, 4);
	/* empty and "all" clear it */
	assert_int_equal(tui_model_limit(&m, "", err, sizeof(err), &pos), 0);
	assert_int_equal(m.nvis, NSPECS + 2);
	assert_null(m.limit_text);
	tui_model_limit(&m, "@soft", err, sizeof(err), &pos);
	assert_int_equal(m.nvis, 4);
	assert_int_equal(tui_model_limit(&m, " all", err, sizeof(err), &pos),
	    0);
	assert_int_equal(m.nvis, NSPECS + 2);
	tui_model_free(&m);
}

static void
test_tags(void **state)
{
	struct tui_model	 m;

	(void)state;
	fill(&m);
	/* by position in the view; the tag stays with the record */
	tui_model_tag(&m, (size_t)tui_model_pos(&m, 1), 1);
	tui_model_tag(&m, (size_t)tui_model_pos(&m, 1), 1);
	tui_model_tag(&m, (size_t)tui_model_pos(&m, 4), 1);
	assert_int_equal(m.ntagged, 2);
	assert_true(at(&m, (size_t)tui_model_pos(&m, 4))->tagged);
	tui_model_sort(&m, TUI_SORT_RECIPIENT, 1);
	assert_true(tui_model_tagged(&m, 4));
	assert_true(at(&m, (size_t)tui_model_pos(&m, 4))->tagged);
	tui_model_tag(&m, (size_t)tui_model_pos(&m, 1), 0);
	assert_int_equal(m.ntagged, 1);
	tui_model_tag(&m, (size_t)tui_model_pos(&m, 7), 1);
	assert_int_equal(tui_model_untag_all(&m), 2);
	assert_int_equal(m.ntagged, 0);
	assert_false(tui_model_tagged(&m, 4));
	tui_model_free(&m);
}

static const struct tui_sumrow *
sumrow(const struct tui_summary *s, int kind, const char *key)
{
	size_t	 i;

	for (i = 0; i < s->n; i++)
		if (s->v[i].kind == kind && strcasecmp(s->v[i].key, key) == 0)
			return &s->v[i];
	return NULL;
}

static void
test_summary(void **state)
{
	struct tui_model	 m;
	struct tui_summary	 s = { 0 };
	const struct tui_sumrow	*r;
	char			*p;
	size_t			 i;

	(void)state;
	fill(&m);
	tui_summary_build(&s, &m);
	assert_int_equal(s.total, NSPECS);
	assert_int_equal(s.v[0].kind, -1);		/* a heading first */
	r = sumrow(&s, TUI_SUM_REASON, "unknownuser");
	assert_non_null(r);
	assert_int_equal(r->count, 3);
	assert_int_equal(r->max, 3);
	r = sumrow(&s, TUI_SUM_DOMAIN, "example.com");
	assert_int_equal(r->count, 3);		/* Example.COM counts too */
	r = sumrow(&s, TUI_SUM_BLOCKLIST, "Spamhaus");
	assert_int_equal(r->count, 2);
	r = sumrow(&s, TUI_SUM_RHOST, "mx1.example.org");
	assert_int_equal(r->count, 3);
	/* within a section the biggest come first */
	for (i = 1; i < s.n; i++)
		if (s.v[i].kind >= 0 && s.v[i - 1].kind == s.v[i].kind)
			assert_true(s.v[i - 1].count >= s.v[i].count);
	p = tui_summary_pattern(sumrow(&s, TUI_SUM_BLOCKLIST, "SpamCop"));
	assert_string_equal(p, "@bl=SpamCop");
	free(p);
	p = tui_pattern_quote("Spamhaus ZEN");
	assert_string_equal(p, "\"Spamhaus ZEN\"");
	free(p);
	p = tui_pattern_quote("a\"b");
	assert_string_equal(p, "\"a\\\"b\"");
	free(p);
	/* the summary counts what the limit shows */
	tui_model_limit(&m, "@dnsbl", (char[64]){ 0 }, 64, &i);
	tui_summary_build(&s, &m);
	assert_int_equal(s.total, 3);
	assert_null(sumrow(&s, TUI_SUM_REASON, "unknownuser"));
	tui_summary_free(&s);
	tui_model_free(&m);
}

static int
has_line(const struct tui_doc *d, const char *label, const char *text)
{
	size_t	 i;

	for (i = 0; i < d->n; i++)
		if ((label == NULL || (d->v[i].label != NULL &&
		    strcmp(d->v[i].label, label) == 0)) &&
		    strstr(d->v[i].text, text) != NULL)
			return 1;
	return 0;
}

static void
test_detail(void **state)
{
	struct bv_record	 r;
	struct tui_doc		 d = { 0 };
	char			 rcpt[] = "bob@example.net", status[] = "5.7.1";
	char			 reply[] = "554", ip[] = "192.0.2.45";
	char			 diag[] = "554 5.7.1 blocked using zen.example \x1b[2J";
	char			 rmta[] = "dns; mx.example.com";
	char			 remote[] = "mail.example.net";
	char			 subj[] = "November offers", mid[] = "<a1@example.com>";

	(void)state;
	memset(&r, 0, sizeof(r));
	r.recipient = rcpt;
	r.status = status;
	r.reply_code = reply;
	r.diagnostic = diag;
	r.reason = "blocklisted";
	r.hard = 1;
	r.rule = "dnsbl-generic";
	r.blocklist = "Spamhaus";
	r.blocklist_url = "https://check.example.org/";
	r.listed_ip = ip;
	r.remediation = "Ask for delisting";
	r.reporting_mta = rmta;
	r.remote_mta = remote;
	r.original.subject = subj;
	r.original.message_id = mid;
	tui_detail_build(&d, &r);
	assert_true(has_line(&d, "Recipient", "bob@example.net"));
	assert_true(has_line(&d, "Reason", "blocklisted"));
	assert_true(has_line(&d, "Failure", "hard"));
	assert_true(has_line(&d, "Rule", "dnsbl-generic"));
	assert_true(has_line(&d, "Status", "5.7.1"));
	assert_true(has_line(&d, "Reply code", "554"));
	assert_true(has_line(&d, "Diagnostic", "zen.example"));
	assert_true(has_line(&d, "Blocklist", "Spamhaus"));
	assert_true(has_line(&d, "Listed IP", "192.0.2.45"));
	assert_true(has_line(&d, "Lookup", "https://check.example.org/"));
	assert_true(has_line(&d, "Advice", "Ask for delisting"));
	assert_true(has_line(&d, "Subject", "November offers"));
	assert_true(has_line(&d, "Message-ID", "<a1@example.com>"));
	assert_true(has_line(&d, "Reporting-MTA", "mx.example.com"));
	assert_true(has_line(&d, "Remote-MTA", "mail.example.net"));
	/* the catalog's meaning follows the code */
	assert_true(has_line(&d, "Status", "5.7.1  "));
	tui_doc_clear(&d);
}

static void
test_config_lines(void **state)
{
	struct tui_config	 c;
	char			 line[200], err[200];

	(void)state;
	tui_config_init(&c);
#define LINE(s) (snprintf(line, sizeof(line), "%s", s), \
	tui_config_line(&c, line, err, sizeof(err)))
	assert_int_equal(LINE("# a comment"), 0);
	assert_int_equal(LINE(""), 0);
	assert_int_equal(LINE("bind x quit"), 0);
	assert_int_equal(tui_keymap_get(&c.keys, 'x'), A_QUIT);
	assert_int_equal(LINE("bind <C-d> page-down"), 0);
	assert_int_equal(tui_keymap_get(&c.keys, 4), A_PGDOWN);
	assert_int_equal(LINE("bind b none"), 0);
	assert_int_equal(tui_keymap_get(&c.keys, 'b'), A_NONE);
	assert_int_equal(LINE("bind x fly"), -1);
	assert_non_null(strstr(err, "unknown action"));
	assert_int_equal(LINE("bind <Nope> quit"), -1);
	assert_non_null(strstr(err, "unknown key"));
	assert_int_equal(LINE("bind x"), -1);
	assert_int_equal(LINE("color reputation red default bold"), 0);
	assert_int_equal(c.color[TUI_C_GROUP + tui_group_index("reputation")].fg,
	    1);
	assert_int_equal(c.color[TUI_C_GROUP + tui_group_index("reputation")].bold,
	    1);
	assert_int_equal(LINE("color cursor black color214"), 0);
	assert_int_equal(c.color[TUI_C_CURSOR].bg, 214);
	assert_int_equal(LINE("color nowhere red"), -1);
	assert_int_equal(LINE("color bar purple"), -1);
	assert_int_equal(LINE("set split below"), 0);
	assert_int_equal(c.split, TUI_SPLIT_BELOW);
	assert_int_equal(LINE("set split sideways"), -1);
	assert_int_equal(LINE("set sort reason"), 0);
	assert_int_equal(c.sort, TUI_SORT_REASON);
	assert_int_equal(LINE("set sort size"), -1);
	assert_int_equal(LINE("set reverse yes"), 0);
	assert_int_equal(c.reverse, 1);
	assert_int_equal(LINE("set mouse maybe"), -1);
	assert_int_equal(LINE("set pager less -R +G"), 0);
	assert_string_equal(c.pager, "less -R +G");
	assert_int_equal(LINE("set colour blue"), -1);
	assert_int_equal(LINE("frobnicate"), -1);
	assert_non_null(strstr(err, "unknown command"));
#undef LINE
	tui_config_free(&c);
}

/* A file: the good lines apply, each bad one is reported with its line. */
static void
test_config_file(void **state)
{
	struct tui_config	 c;
	char			 path[] = "/tmp/bv-tui-config-XXXXXX";
	char			*out = NULL;
	size_t			 len = 0;
	FILE			*f, *errs;
	int			 fd;

	(void)state;
	fd = mkstemp(path);
	assert_true(fd >= 0);
	f = fdopen(fd, "w");
	fputs("# bounceview\nbind x quit\nbogus line\nset split beside\n"
	    "bind y nothing\n", f);
	fclose(f);
	tui_config_init(&c);
	errs = open_memstream(&out, &len);
	assert_int_equal(tui_config_load(&c, path, errs), 2);
	fclose(errs);
	assert_int_equal(tui_keymap_get(&c.keys, 'x'), A_QUIT);
	assert_int_equal(c.split, TUI_SPLIT_BESIDE);
	assert_non_null(strstr(out, ":3: unknown command"));
	assert_non_null(strstr(out, ":5: bind: unknown action"));
	assert_non_null(strstr(out, path));
	free(out);
	unlink(path);
	tui_config_free(&c);
	tui_config_init(&c);
	assert_int_equal(tui_config_load(&c, "/nonexistent/bv/config", NULL),
	    -1);
	tui_config_free(&c);
}

static void
test_config_default_path(void **state)
{
	char	*p;

	(void)state;
	setenv("XDG_CONFIG_HOME", "/x/conf", 1);
	p = tui_config_default_path();
	assert_string_equal(p, "/x/conf/bounceview/config");
	free(p);
	unsetenv("XDG_CONFIG_HOME");
	setenv("HOME", "/home/u", 1);
	p = tui_config_default_path();
	assert_string_equal(p, "/home/u/.config/bounceview/config");
	free(p);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sort_keys),
		cmocka_unit_test(test_dates_shared),
		cmocka_unit_test(test_classes_shared),
		cmocka_unit_test(test_sort_many),
		cmocka_unit_test(test_sort_very_many),
		cmocka_unit_test(test_sync_merges),
		cmocka_unit_test(test_absorb),
		cmocka_unit_test(test_limit),
		cmocka_unit_test(test_tags),
		cmocka_unit_test(test_summary),
		cmocka_unit_test(test_detail),
		cmocka_unit_test(test_config_lines),
		cmocka_unit_test(test_config_file),
		cmocka_unit_test(test_config_default_path),
	};

	setlocale(LC_CTYPE, "C.UTF-8");
	return cmocka_run_group_tests(tests, NULL, NULL);
}
