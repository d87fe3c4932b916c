/*
 * model.c: all records and the view of them the index shows: an array of
 * record numbers, limited by a pattern and sorted.  The array is rebuilt by
 * limit and sort and merged into as more records arrive while loading.
 * The records themselves are kept compact by records.c; the sort orders
 * read their keys through tui_recs_key().
 */
#include "config.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "tui/tuiint.h"

const char *const tui_sort_names[TUI_SORT_COUNT] = {
	"date", "recipient", "domain", "reason", "status", "remote host",
};

int
tui_sort_byname(const char *name)
{
	int	 i;

	for (i = 0; i < TUI_SORT_COUNT; i++)
		if (strcasecmp(name, tui_sort_names[i]) == 0)
			return i;
	if (strcasecmp(name, "rhost") == 0 || strcasecmp(name, "remote") == 0)
		return TUI_SORT_RHOST;
	return -1;
}

void
tui_model_init(struct tui_model *m)
{
	memset(m, 0, sizeof(*m));
	tui_recs_init(m);
}

void
tui_model_free(struct tui_model *m)
{
	bv_reclist_free(&m->incoming);
	tui_recs_free(m);
	free(m->when);
	free(m->vis);
	free(m->tmp);
	bv_pattern_free(m->limit);
	free(m->limit_text);
	memset(m, 0, sizeof(*m));
}

/* The domain of address RCPT (after the last @), or "".  Borrowed. */
static const char *
domain_of(const char *rcpt)
{
	const char	*at;

	if (rcpt == NULL || (at = strrchr(rcpt, '@')) == NULL)
		return "";
	return at + 1;
}

const char *
tui_rec_domain(const struct bv_record *r)
{
	return domain_of(r->recipient);
}

int
tui_group_index(const char *group)
{
	int	 i;

	for (i = 0; group != NULL && bv_reason_groups[i] != NULL; i++)
		if (strcmp(bv_reason_groups[i], group) == 0)
			return i;
	return -1;
}

int
tui_rec_group(const struct bv_record *r)
{
	const struct bv_reason_info	*ri;

	if (r->reason == NULL || (ri = bv_reason_lookup(r->reason)) == NULL)
		return -1;
	return tui_group_index(ri->group);
}

static int
strcmp0(const char *a, const char *b)
{
	/* records without the field sort after those with it */
	if (a == NULL || *a == '\0')
		return b == NULL || *b == '\0' ? 0 : 1;
	if (b == NULL || *b == '\0')
		return -1;
	return strcasecmp(a, b);
}

/*
 * A status of three plain numbers ("5.1.10", no leading zeros, at most
 * three digits each) as one number that orders as strverscmp would: 0 with
 * *KEY set.  Anything else is 1, a missing status 2: after the codes, in
 * that order.
 */
static int
status_rank(const char *s, uint64_t *key)
{
	uint64_t	 v[3];
	int		 i, n;

	if (s == NULL || *s == '\0')
		return 2;
	for (i = 0; i < 3; i++) {
		if (!isdigit((unsigned char)*s) ||
		    (*s == '0' && isdigit((unsigned char)s[1])))
			return 1;
		for (v[i] = 0, n = 0; isdigit((unsigned char)*s); s++, n++) {
			if (n == 3)
				return 1;
			v[i] = v[i] * 10 + (uint64_t)(*s - '0');
		}
		if (i < 2 && *s++ != '.')
			return 1;
	}
	if (*s != '\0')
		return 1;
	*key = v[0] << 40 | v[1] << 20 | v[2];
	return 0;
}

static int
status_cmp(const char *a, const char *b)
{
	uint64_t	 ka = 0, kb = 0;
	int		 ra = status_rank(a, &ka), rb = status_rank(b, &kb);

	if (ra != rb)
		return ra < rb ? -1 : 1;
	if (ra == 0)
		return ka < kb ? -1 : ka > kb;
	return ra == 1 ? strverscmp(a, b) : 0;
}

static int
compare(const void *pa, const void *pb, void *arg)
{
	const struct tui_model	*m = arg;
	uint32_t		 ia = *(const uint32_t *)pa;
	uint32_t		 ib = *(const uint32_t *)pb;
	int			 c = 0;

	switch (m->sort) {
	case TUI_SORT_DATE:
		/* undated records after the dated ones */
		if (m->when[ia] == TUI_NODATE || m->when[ib] == TUI_NODATE)
			c = (m->when[ia] == TUI_NODATE) -
			    (m->when[ib] == TUI_NODATE);
		else if (m->when[ia] != m->when[ib])
			c = m->when[ia] < m->when[ib] ? -1 : 1;
		break;
	case TUI_SORT_RECIPIENT:
		c = strcmp0(tui_recs_key(m, ia, TUI_SORT_RECIPIENT),
		    tui_recs_key(m, ib, TUI_SORT_RECIPIENT));
		break;
	case TUI_SORT_DOMAIN:
		c = strcmp0(domain_of(tui_recs_key(m, ia, TUI_SORT_RECIPIENT)),
		    domain_of(tui_recs_key(m, ib, TUI_SORT_RECIPIENT)));
		if (c == 0)
			c = strcmp0(tui_recs_key(m, ia, TUI_SORT_RECIPIENT),
			    tui_recs_key(m, ib, TUI_SORT_RECIPIENT));
		break;
	case TUI_SORT_REASON:
		c = strcmp0(tui_recs_key(m, ia, TUI_SORT_REASON),
		    tui_recs_key(m, ib, TUI_SORT_REASON));
		break;
	case TUI_SORT_STATUS:
		c = status_cmp(tui_recs_key(m, ia, TUI_SORT_STATUS),
		    tui_recs_key(m, ib, TUI_SORT_STATUS));
		break;
	case TUI_SORT_RHOST:
		c = strcmp0(tui_recs_key(m, ia, TUI_SORT_RHOST),
		    tui_recs_key(m, ib, TUI_SORT_RHOST));
		break;
	}
	if (m->reverse)
		c = -c;
	/* equal keys keep reading order: the order is total and stable */
	if (c == 0)
		c = ia < ib ? -1 : ia > ib;
	return c;
}

/*
 * Sorting a hundred thousand records by comparing strings inside them is
 * mostly cache misses.  So the order is decided on a packed key first (the
 * date, the status's numbers, or a text's rank among the distinct texts,
 * see rank_texts) and the records are looked at only when two keys tie and
 * do not say all (statuses that are no codes).
 */
struct sortkey {
	uint64_t	 pfx;
	uint64_t	 pfx2;		/* decides when pfx ties (domain order:
					   the recipient's first bytes) */
	uint32_t	 rec;
	uint32_t	 whole;		/* pfx and pfx2 are the whole key */
};

/* tolower() of every byte, looked up once per sort instead of called per
 * byte (the locale's own folding, so equal keys and strcasecmp() agree). */
static unsigned char	 fold_tab[256];

static void
fold_tab_fill(void)
{
	int	 c;

	for (c = 0; c < 256; c++)
		fold_tab[c] = (unsigned char)tolower(c);
}

/* The next N (<= 8) bytes of *SP, lower-cased, as a number (zeros after
 * the end); *SP moves past them.  *LEFT counts the bytes still unread. */
static uint64_t
fold_bytes(const char **sp, int n, size_t *left)
{
	const char	*s = *sp;
	uint64_t	 v = 0;
	int		 i;

	for (i = 0; i < n; i++) {
		v = v << 8 | fold_tab[(unsigned char)*s];
		if (*s != '\0') {
			s++;
			(*left)--;
		}
	}
	*sp = s;
	return v;
}

/* The first sixteen bytes of S as the key; whole when S is shorter. */
static void
prefix(struct sortkey *k, const char *s)
{
	size_t	 left;

	k->whole = 1;
	if (s == NULL || *s == '\0') {
		k->pfx = UINT64_MAX;	/* missing fields go last */
		k->pfx2 = 0;
		return;
	}
	left = strlen(s);
	k->pfx = fold_bytes(&s, 8, &left);
	k->pfx2 = fold_bytes(&s, 8, &left);
	k->whole = left == 0 && *s == '\0' && !(k->pfx2 & 0xff);
}

static void
sortkey(const struct tui_model *m, struct sortkey *k)
{
	k->pfx2 = 0;
	switch (m->sort) {
	case TUI_SORT_DATE:
		k->whole = 1;
		k->pfx = m->when[k->rec] == TUI_NODATE ? UINT64_MAX :
		    (uint64_t)m->when[k->rec] ^ (UINT64_C(1) << 63);
		break;
	case TUI_SORT_STATUS:
		/* codes by their numbers; other texts after them, compared
		 * whole; missing ones last */
		switch (status_rank(tui_recs_key(m, k->rec, TUI_SORT_STATUS),
		    &k->pfx)) {
		case 0:
			k->whole = 1;
			break;
		case 1:
			k->pfx = UINT64_MAX - 1;
			k->whole = 0;
			break;
		default:
			k->pfx = UINT64_MAX;
			k->whole = 1;
		}
		break;
	default:
		k->pfx = 0;		/* the text orders: see text_keys() */
		k->whole = 0;
	}
}

static uint64_t
fold_hash(const char *s)
{
	uint64_t	 h = 1469598103934665603ULL;

	for (; *s != '\0'; s++)
		h = (h ^ fold_tab[(unsigned char)*s]) * 1099511628211ULL;
	return h;
}

/* The 16-bit digit of K at SHIFT: bits of pfx below 64, of the record
 * number from 64, of pfx2 from 128. */
static size_t
digit(const struct sortkey *k, unsigned shift)
{
	if (shift >= 128)
		return (k->pfx2 >> (shift - 128)) & 0xffff;
	if (shift >= 64)
		return (k->rec >> (shift - 64)) & 0xffff;
	return (k->pfx >> shift) & 0xffff;
}

/* One stable counting pass of K[0..N) into OUT on the digit at SHIFT. */
static void
radix_pass(const struct sortkey *k, struct sortkey *out, size_t n,
    unsigned shift, uint32_t *count)
{
	size_t		 i, d, sum = 0, c;

	memset(count, 0, 65536 * sizeof(*count));
	for (i = 0; i < n; i++)
		count[digit(&k[i], shift)]++;
	for (d = 0; d < 65536; d++) {
		c = count[d];
		count[d] = (uint32_t)sum;
		sum += c;
	}
	for (i = 0; i < n; i++)
		out[count[digit(&k[i], shift)]++] = k[i];
}

/* The order radix_sort's passes give: pfx, then pfx2, then the record. */
static int
cmp_radix_order(const void *pa, const void *pb)
{
	const struct sortkey	*a = pa, *b = pb;

	if (a->pfx != b->pfx)
		return a->pfx < b->pfx ? -1 : 1;
	if (a->pfx2 != b->pfx2)
		return a->pfx2 < b->pfx2 ? -1 : 1;
	return a->rec < b->rec ? -1 : a->rec > b->rec;
}

/* K[0..N) in cmp_radix_order, by counting passes.  Passes over digits the
 * same in every key are left out. */
static void
radix_passes(struct sortkey *k, size_t n)
{
	static const unsigned order[] = {
		64, 80, 128, 144, 160, 176, 0, 16, 32, 48
	};
	struct sortkey	*tmp, *a = k, *b, *t;
	struct sortkey	 any = { 0, 0, 0, 0 };
	struct sortkey	 every = { UINT64_MAX, UINT64_MAX, UINT32_MAX, 0 };
	uint32_t	*count;
	size_t		 i, p;
	unsigned char	 varies[sizeof(order) / sizeof(order[0])] = { 0 };

	for (i = 0; i < n; i++) {
		any.pfx |= k[i].pfx;
		every.pfx &= k[i].pfx;
		any.pfx2 |= k[i].pfx2;
		every.pfx2 &= k[i].pfx2;
		any.rec |= k[i].rec;
		every.rec &= k[i].rec;
	}
	for (p = 0; p < sizeof(order) / sizeof(order[0]); p++)
		varies[p] = digit(&any, order[p]) != digit(&every, order[p]);
	tmp = xreallocarray(NULL, n + 1, sizeof(*tmp));
	count = xreallocarray(NULL, 65536, sizeof(*count));
	b = tmp;
	/* The least significant first: the record number, then the keys. */
	for (p = 0; p < sizeof(order) / sizeof(order[0]); p++) {
		if (!varies[p])
			continue;
		radix_pass(a, b, n, order[p], count);
		t = a;
		a = b;
		b = t;
	}
	if (a != k)
		memcpy(k, a, n * sizeof(*k));
	free(count);
	free(tmp);
}

/*
 * K[0..N) by pfx (descending when REVERSE), then pfx2, ties in record
 * order: what compare_keys() gives when every key is whole (the date and
 * text orders), by least-significant-digit radix passes instead of n log n
 * comparisons.  Each pass clears and sums 65,536 counters: below RADIX_MIN
 * keys (a loading slice's records, sorted before they are merged)
 * comparing costs less.
 */
#define RADIX_MIN	8192

static void
radix_sort(struct sortkey *k, size_t n, int reverse)
{
	size_t	 i;

	if (reverse)
		for (i = 0; i < n; i++)
			k[i].pfx = ~k[i].pfx;
	if (n < RADIX_MIN)
		qsort(k, n, sizeof(*k), cmp_radix_order);
	else
		radix_passes(k, n);
	if (reverse)
		for (i = 0; i < n; i++)
			k[i].pfx = ~k[i].pfx;
}

/* Two distinct texts by their keys, for qsort_r: ARG is the texts. */
static int
cmp_distinct(const void *pa, const void *pb, void *arg)
{
	const struct sortkey	*a = pa, *b = pb;
	const char *const	*texts = arg;

	if (a->pfx != b->pfx)
		return a->pfx < b->pfx ? -1 : 1;
	if (a->pfx2 != b->pfx2)
		return a->pfx2 < b->pfx2 ? -1 : 1;
	return strcasecmp(texts[a->rec], texts[b->rec]);
}

/*
 * RANK[i] := the place of TEXT[i] among the distinct texts, ignoring case
 * (UINT32_MAX for a missing or empty one, which sorts last).  A bounce
 * folder repeats its recipients, domains, hosts and reasons: the distinct
 * ones are found with a hash table and only they are sorted (on their first
 * sixteen bytes, compared whole when those tie), so sorting the records
 * compares integers and never reaches a record.
 */
static void
rank_texts(const char *const *text, size_t n, uint32_t *rank)
{
	const char	**names;
	struct sortkey	*k;
	uint64_t	*hash, hv;
	uint32_t	*slot, *place;
	size_t		 cap = 16, i, j, h, nn = 0;

	while (cap < 2 * n)
		cap *= 2;
	slot = xreallocarray(NULL, cap, sizeof(*slot));
	memset(slot, 0xff, cap * sizeof(*slot));	/* UINT32_MAX: free */
	names = xreallocarray(NULL, n + 1, sizeof(*names));
	hash = xreallocarray(NULL, n + 1, sizeof(*hash));
	k = xreallocarray(NULL, n + 1, sizeof(*k));
	for (i = 0; i < n; i++) {
		if (text[i] == NULL || *text[i] == '\0') {
			rank[i] = UINT32_MAX;
			continue;
		}
		/* The names' hashes first: a text is only read again when
		 * it may be the same. */
		hv = fold_hash(text[i]);
		for (h = hv & (cap - 1); slot[h] != UINT32_MAX &&
		    (hash[slot[h]] != hv || strcasecmp(names[slot[h]],
		    text[i]) != 0); h = (h + 1) & (cap - 1))
			;
		if (slot[h] == UINT32_MAX) {
			/* its key now, while the text is in the cache */
			names[nn] = text[i];
			hash[nn] = hv;
			k[nn].rec = (uint32_t)nn;
			prefix(&k[nn], text[i]);
			slot[h] = (uint32_t)nn++;
		}
		rank[i] = slot[h];		/* for now: which name */
	}
	/* By the first sixteen bytes; where those tie and are not the
	 * whole texts, the texts decide. */
	radix_sort(k, nn, 0);
	for (i = 0; i < nn; i = j) {
		for (j = i + 1; j < nn && k[j].pfx == k[i].pfx && k[j].pfx2 ==
		    k[i].pfx2; j++)
			;
		if (j - i > 1)
			qsort_r(k + i, j - i, sizeof(*k), cmp_distinct, names);
	}
	place = xreallocarray(NULL, nn + 1, sizeof(*place));
	for (i = 0; i < nn; i++)
		place[k[i].rec] = (uint32_t)i;
	for (i = 0; i < n; i++)
		if (rank[i] != UINT32_MAX)
			rank[i] = place[rank[i]];
	free(place);
	free(k);
	free(hash);
	free(names);
	free(slot);
}

/* Keys of the text orders: ranks.  The domain order is the domain's rank,
 * then the recipient's. */
static void
text_keys(const struct tui_model *m, struct sortkey *k, size_t n)
{
	const char		**t;
	uint32_t		*rank, *rank2 = NULL;
	size_t			 i;

	t = xreallocarray(NULL, n, sizeof(*t));
	rank = xreallocarray(NULL, n, sizeof(*rank));
	for (i = 0; i < n; i++) {
		switch (m->sort) {
		case TUI_SORT_DOMAIN:
			t[i] = domain_of(tui_recs_key(m, k[i].rec,
			    TUI_SORT_RECIPIENT));
			break;
		case TUI_SORT_REASON:
			t[i] = tui_recs_key(m, k[i].rec, TUI_SORT_REASON);
			break;
		case TUI_SORT_RHOST:
			t[i] = tui_recs_key(m, k[i].rec, TUI_SORT_RHOST);
			break;
		default:
			t[i] = tui_recs_key(m, k[i].rec, TUI_SORT_RECIPIENT);
		}
	}
	rank_texts(t, n, rank);
	if (m->sort == TUI_SORT_DOMAIN) {
		rank2 = xreallocarray(NULL, n, sizeof(*rank2));
		for (i = 0; i < n; i++)
			t[i] = tui_recs_key(m, k[i].rec, TUI_SORT_RECIPIENT);
		rank_texts(t, n, rank2);
	}
	for (i = 0; i < n; i++) {
		k[i].pfx = rank2 != NULL ? (uint64_t)rank[i] << 32 | rank2[i] :
		    rank[i];
		k[i].pfx2 = 0;
		k[i].whole = 1;
	}
	free(rank2);
	free(rank);
	free(t);
}

static int
compare_keys(const void *pa, const void *pb, void *arg)
{
	const struct tui_model	*m = arg;
	const struct sortkey	*a = pa, *b = pb;

	if (a->pfx != b->pfx)
		return (a->pfx < b->pfx) == !m->reverse ? -1 : 1;
	if (a->pfx2 != b->pfx2)
		return (a->pfx2 < b->pfx2) == !m->reverse ? -1 : 1;
	if (a->whole && b->whole)	/* equal keys: reading order */
		return a->rec < b->rec ? -1 : a->rec > b->rec;
	return compare(&a->rec, &b->rec, arg);
}

static void
sort_vis(struct tui_model *m, uint32_t *v, size_t n)
{
	struct sortkey	*k;
	size_t		 i;

	if (n < 2)
		return;
	fold_tab_fill();
	k = xreallocarray(NULL, n, sizeof(*k));
	for (i = 0; i < n; i++) {
		k[i].rec = v[i];
		sortkey(m, &k[i]);
	}
	if (m->sort == TUI_SORT_DOMAIN || m->sort == TUI_SORT_RECIPIENT ||
	    m->sort == TUI_SORT_REASON || m->sort == TUI_SORT_RHOST)
		text_keys(m, k, n);
	if (m->sort == TUI_SORT_STATUS)	/* some keys are not whole */
		qsort_r(k, n, sizeof(*k), compare_keys, m);
	else
		radix_sort(k, n, m->reverse);
	for (i = 0; i < n; i++)
		v[i] = k[i].rec;
	free(k);
}

static void
vis_reserve(struct tui_model *m, size_t n)
{
	if (n <= m->capvis)
		return;
	m->capvis = m->capvis ? m->capvis : 256;
	while (m->capvis < n)
		m->capvis *= 2;
	m->vis = xreallocarray(m->vis, m->capvis, sizeof(*m->vis));
}

static int
shown(const struct tui_model *m, uint32_t i)
{
	struct bv_record	 view;

	if (m->limit == NULL)
		return 1;
	return bv_pattern_match(m->limit, tui_model_rec(m, i, &view));
}

/* Merge the sorted run vis[0..old) with the sorted run vis[old..nvis). */
static void
merge_tail(struct tui_model *m, size_t old)
{
	size_t	 i = 0, j = old, k = 0, n = m->nvis;

	if (old == 0 || old == n ||
	    compare(&m->vis[old - 1], &m->vis[old], m) < 0)
		return;
	if (m->captmp < n) {
		m->captmp = n;
		m->tmp = xreallocarray(m->tmp, n, sizeof(*m->tmp));
	}
	while (i < old && j < n)
		m->tmp[k++] = compare(&m->vis[i], &m->vis[j], m) <= 0 ?
		    m->vis[i++] : m->vis[j++];
	while (i < old)
		m->tmp[k++] = m->vis[i++];
	while (j < n)
		m->tmp[k++] = m->vis[j++];
	memcpy(m->vis, m->tmp, n * sizeof(*m->vis));
}

static void
when_reserve(struct tui_model *m, size_t n)
{
	if (n <= m->capwhen)
		return;
	m->capwhen = m->capwhen ? m->capwhen : 256;
	while (m->capwhen < n)
		m->capwhen *= 2;
	m->when = xreallocarray(m->when, m->capwhen, sizeof(*m->when));
}

size_t
tui_model_absorb(struct tui_model *m)
{
	struct bv_record	*r;
	size_t			 n = m->incoming.n, i;

	if (n == 0)
		return 0;
	when_reserve(m, m->nwhen + n);
	vis_reserve(m, m->nvis + m->npend + n);
	for (i = 0; i < n; i++) {
		r = &m->incoming.v[i];
		m->when[m->nwhen] = tui_recs_take(m, r) ?
		    m->when[m->nwhen - 1] : tui_parse_date(r->date);
		if (r->tagged)
			m->ntagged++;
		if (m->limit == NULL || bv_pattern_match(m->limit, r))
			m->vis[m->nvis + m->npend++] = (uint32_t)m->nwhen;
		m->nwhen++;
		bv_record_clear(r);
	}
	m->incoming.n = 0;
	m->nabsorbed += n;
	return n;
}

size_t
tui_model_sync(struct tui_model *m)
{
	size_t	 old = m->nvis, n;

	tui_model_absorb(m);
	n = m->nabsorbed;
	m->nabsorbed = 0;
	m->nvis += m->npend;
	m->npend = 0;
	if (n == 0)
		return 0;
	sort_vis(m, m->vis + old, m->nvis - old);
	merge_tail(m, old);
	return n;
}

static void
rebuild(struct tui_model *m)
{
	size_t	 i;

	tui_model_sync(m);	/* nothing half taken in */
	m->nvis = 0;
	vis_reserve(m, m->nwhen);
	for (i = 0; i < m->nwhen; i++)
		if (shown(m, (uint32_t)i))
			m->vis[m->nvis++] = (uint32_t)i;
	sort_vis(m, m->vis, m->nvis);
}

int
tui_model_limit(struct tui_model *m, const char *text, char *err,
    size_t errlen, size_t *errpos)
{
	struct bv_pattern	*p = NULL;
	const char		*s = text;

	if (s != NULL)
		s += strspn(s, " \t");
	if (s != NULL && *s != '\0' && strcasecmp(s, "all") != 0) {
		*errpos = 0;
		p = bv_pattern_compile(text, err, errlen, errpos);
		if (p == NULL)
			return -1;
	}
	bv_pattern_free(m->limit);
	free(m->limit_text);
	m->limit = p;
	m->limit_text = p != NULL ? xstrdup(text) : NULL;
	rebuild(m);
	return 0;
}

void
tui_model_sort(struct tui_model *m, int sort, int reverse)
{
	m->sort = sort;
	m->reverse = reverse;
	sort_vis(m, m->vis, m->nvis);
}

long
tui_model_pos(const struct tui_model *m, uint32_t rec)
{
	size_t	 i;

	for (i = 0; i < m->nvis; i++)
		if (m->vis[i] == rec)
			return (long)i;
	return -1;
}

const struct bv_record *
tui_model_at(const struct tui_model *m, size_t pos, struct bv_record *view)
{
	return pos < m->nvis ? tui_model_rec(m, m->vis[pos], view) : NULL;
}

void
tui_model_tag(struct tui_model *m, size_t pos, int on)
{
	if (pos >= m->nvis || !tui_recs_set_tag(m, m->vis[pos], on))
		return;
	if (on)
		m->ntagged++;
	else
		m->ntagged--;
}

size_t
tui_model_untag_all(struct tui_model *m)
{
	size_t	 i, n = 0;

	for (i = 0; i < m->nwhen; i++)
		n += tui_recs_set_tag(m, (uint32_t)i, 0);
	m->ntagged = 0;
	return n;
}
