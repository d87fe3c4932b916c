/*
 * model.c: all records and the view of them the index shows: an array of
 * record numbers, limited by a pattern and sorted.  The array is rebuilt by
 * limit and sort and merged into as more records arrive while loading.
 *
 * The records are kept compact (struct tui_rec): a mailbox of 150,000
 * bounces held as struct bv_record (288 bytes of pointers each, plus an
 * allocation for its strings) made the interface's biggest cost.  Whoever
 * wants to look at one gets a struct bv_record filled on demand.
 */
#include "config.h"

#include <ctype.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "tui/tuiint.h"

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))
#define FIELD(f)	offsetof(struct bv_record, f)

/*
 * The owned strings a record keeps itself, as ids in the model's store.
 * The ones that repeat across a folder (hosts, senders, subjects,
 * diagnostics) are interned; the others are appended, but shared with the
 * previous record when it came from the same message and says the same
 * (a message's recipients share its dates and headers).  The first ones
 * are those the sort orders read, by name.
 */
enum { S_RECIPIENT, S_REMOTE_MTA, S_DIAGNOSTIC };
static const struct strfield {
	size_t	 off;
	int	 intern;
} strfields[] = {
	{ FIELD(recipient), 0 },
	{ FIELD(remote_mta), 1 },
	{ FIELD(diagnostic), 1 },	/* see diag_template() */
	{ FIELD(date), 0 },
	{ FIELD(reporting_mta), 1 },
	{ FIELD(original_recipient), 1 },
	{ FIELD(arrival_date), 0 },
	{ FIELD(last_attempt_date), 0 },
	{ FIELD(error), 1 },
	{ FIELD(listed_ip), 1 },
	{ FIELD(original.from), 1 },
	{ FIELD(original.to), 0 },
	{ FIELD(original.subject), 1 },
	{ FIELD(original.date), 0 },
	{ FIELD(original.message_id), 0 },
};
#define NSTR	NELEM(strfields)

/*
 * What a record says about the failure: its codes and its classification.
 * A folder has a few hundred different ones for a hundred thousand
 * records, so each distinct combination (a class) is kept once and a
 * record keeps its number.  Strings as interned ids; the static ones
 * (reader, reason, rule, ...) as indexes into m->cst, 0 for NULL.
 */
enum { K_STATUS };
static const size_t clsfields[] = {
	FIELD(status), FIELD(action), FIELD(reply_code), FIELD(feedback_type),
};
#define NCLS	NELEM(clsfields)
enum { C_REASON };
static const size_t cstfields[] = {
	FIELD(reason), FIELD(format), FIELD(rule), FIELD(blocklist),
	FIELD(blocklist_url), FIELD(remediation), FIELD(hint_reason),
	FIELD(command), FIELD(diag_type),
};
#define NCST	NELEM(cstfields)

struct tui_class {
	uint32_t		 str[NCLS];	/* store ids of clsfields[] */
	uint16_t		 cst[NCST];	/* m->cst of cstfields[] */
	int16_t			 hard;
};

#define R_TAGGED	0x1
#define R_DIAG_RCPT	0x2		/* the diagnostic is a template */

struct tui_rec {
	struct bv_msgloc	 loc;		/* path borrowed from the
						   mailbox */
	uint32_t		 rcpt;
	uint32_t		 cls;		/* m->cls */
	uint32_t		 str[NSTR];	/* store ids of strfields[] */
	uint8_t			 flags;
};

/* Records live in blocks of BLK_RECS that never move, so taking in more
 * never copies the ones already there. */
#define BLK_SHIFT	12
#define BLK_RECS	((size_t)1 << BLK_SHIFT)

static inline struct tui_rec *
rec_of(const struct tui_model *m, size_t i)
{
	return &m->blk[i >> BLK_SHIFT][i & (BLK_RECS - 1)];
}

/* Borrowed from the store. */
static inline const char *
rec_str(const struct tui_model *m, size_t i, int k)
{
	return tui_store_get(m->store, rec_of(m, i)->str[k]);
}

static inline const struct tui_class *
rec_class(const struct tui_model *m, size_t i)
{
	return &m->cls[rec_of(m, i)->cls];
}

static inline const char *
rec_cls(const struct tui_model *m, size_t i, int k)
{
	return tui_store_get(m->store, rec_class(m, i)->str[k]);
}

static inline const char *
rec_cst(const struct tui_model *m, size_t i, int k)
{
	return m->cst[rec_class(m, i)->cst[k]];
}

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
	m->store = tui_store_new();
	m->cst = xreallocarray(NULL, 16, sizeof(*m->cst));
	m->capcst = 16;
	m->cst[0] = NULL;		/* index 0: no string */
	m->ncst = 1;
	m->expand = xcalloc(TUI_NEXPAND, sizeof(*m->expand));
}

void
tui_model_free(struct tui_model *m)
{
	size_t	 i;

	bv_reclist_free(&m->incoming);
	for (i = 0; i < m->nblk; i++)
		free(m->blk[i]);
	free(m->blk);
	tui_store_free(m->store);
	free(m->cst);
	free(m->cstslot);
	free(m->cls);
	free(m->clsslot);
	buf_free(&m->tmpl);
	for (i = 0; m->expand != NULL && i < TUI_NEXPAND; i++)
		buf_free(&m->expand[i].text);
	free(m->expand);
	free(m->when);
	free(m->vis);
	free(m->tmp);
	bv_pattern_free(m->limit);
	free(m->limit_text);
	memset(m, 0, sizeof(*m));
}

/* ---- taking records in ------------------------------------------------------------ */

static size_t
ptr_hash(const char *p)
{
	return (size_t)(((uint64_t)(uintptr_t)p * 0x9e3779b97f4a7c15ULL) >>
	    32);
}

static void
cst_grow(struct tui_model *m)
{
	size_t	 i, h;

	free(m->cstslot);
	m->capcstslot = m->capcstslot ? m->capcstslot * 2 : 256;
	m->cstslot = xcalloc(m->capcstslot, sizeof(*m->cstslot));
	for (i = 1; i < m->ncst; i++) {
		for (h = ptr_hash(m->cst[i]) & (m->capcstslot - 1);
		    m->cstslot[h] != 0; h = (h + 1) & (m->capcstslot - 1))
			;
		m->cstslot[h] = (uint16_t)i;
	}
}

/* The index of static string S (by address: each is one object). */
static uint16_t
cst_index(struct tui_model *m, const char *s)
{
	size_t	 h;

	if (s == NULL)
		return 0;
	if (m->ncst * 2 >= m->capcstslot)
		cst_grow(m);
	for (h = ptr_hash(s) & (m->capcstslot - 1); m->cstslot[h] != 0;
	    h = (h + 1) & (m->capcstslot - 1))
		if (m->cst[m->cstslot[h]] == s)
			return m->cstslot[h];
	if (m->ncst > UINT16_MAX) {
		/* they come from the program's own tables */
		fprintf(stderr, "bounceview: too many static strings\n");
		abort();
	}
	if (m->ncst == m->capcst) {
		m->capcst *= 2;
		m->cst = xreallocarray(m->cst, m->capcst, sizeof(*m->cst));
	}
	m->cst[m->ncst] = s;
	m->cstslot[h] = (uint16_t)m->ncst;
	return (uint16_t)m->ncst++;
}

/* S kept in the store.  PREV: the same field of the previous record of the
 * same message (or TUI_NOSTR), which a text that is not interned reuses
 * when it is the same. */
static uint32_t
keep_str(struct tui_model *m, const char *s, int intern, uint32_t prev)
{
	if (s == NULL)
		return TUI_NOSTR;
	if (intern)
		return tui_store_intern(m->store, s, strlen(s));
	if (prev != TUI_NOSTR && strcmp(tui_store_get(m->store, prev), s) == 0)
		return prev;
	return tui_store_add(m->store, s, strlen(s));
}

static int
same_message(const struct bv_msgloc *a, const struct bv_msgloc *b)
{
	return a->msgno == b->msgno && a->mailbox == b->mailbox &&
	    a->offset == b->offset && a->path == b->path;
}

/*
 * A diagnostic that names its recipient ("550 5.1.1 <bob@example.org>:
 * User unknown") is the same text for every recipient of the same failure
 * but for the address: it is interned with each occurrence of the address
 * as the byte TMPL_RCPT, expanded again when the record is looked at.  1
 * and the template in T, or 0 when that does not apply (a diagnostic that
 * holds the byte itself is kept as it is).
 */
#define TMPL_RCPT	'\001'

static int
diag_template(const char *diag, const char *rcpt, struct buf *t)
{
	const char	*p, *at;
	size_t		 n;

	if (diag == NULL || rcpt == NULL || (n = strlen(rcpt)) < 3 ||
	    strchr(diag, TMPL_RCPT) != NULL || strstr(diag, rcpt) == NULL)
		return 0;
	buf_reset(t);
	for (p = diag; (at = strstr(p, rcpt)) != NULL; p = at + n) {
		buf_add(t, p, (size_t)(at - p));
		buf_addc(t, TMPL_RCPT);
	}
	buf_adds(t, p);
	return 1;
}

/* Template T with RCPT put back, into B. */
static void
diag_expand(const char *t, const char *rcpt, struct buf *b)
{
	const char	*p;
	size_t		 n = strlen(rcpt);

	buf_reset(b);
	for (; (p = strchr(t, TMPL_RCPT)) != NULL; t = p + 1) {
		buf_add(b, t, (size_t)(p - t));
		buf_add(b, rcpt, n);
	}
	buf_adds(b, t);
}

static size_t
class_hash(const struct tui_class *c)
{
	const unsigned char	*p = (const unsigned char *)c;
	uint64_t		 h = 1469598103934665603ULL;
	size_t			 i;

	for (i = 0; i < sizeof(*c); i++)
		h = (h ^ p[i]) * 1099511628211ULL;
	return (size_t)h;
}

static void
class_grow(struct tui_model *m)
{
	size_t	 i, h;

	free(m->clsslot);
	m->capclsslot = m->capclsslot ? m->capclsslot * 2 : 256;
	m->clsslot = xcalloc(m->capclsslot, sizeof(*m->clsslot));
	for (i = 0; i < m->ncls; i++) {
		for (h = class_hash(&m->cls[i]) & (m->capclsslot - 1);
		    m->clsslot[h] != 0; h = (h + 1) & (m->capclsslot - 1))
			;
		m->clsslot[h] = (uint32_t)i + 1;
	}
}

/* The number of class C (zero padding included: compared as bytes), a new
 * one if it is the first of its kind. */
static uint32_t
class_index(struct tui_model *m, const struct tui_class *c)
{
	size_t	 h;

	if ((m->ncls + 1) * 2 > m->capclsslot)
		class_grow(m);
	for (h = class_hash(c) & (m->capclsslot - 1); m->clsslot[h] != 0;
	    h = (h + 1) & (m->capclsslot - 1))
		if (memcmp(&m->cls[m->clsslot[h] - 1], c, sizeof(*c)) == 0)
			return m->clsslot[h] - 1;
	if (m->ncls == m->capcls) {
		m->capcls = m->capcls ? m->capcls * 2 : 64;
		m->cls = xreallocarray(m->cls, m->capcls, sizeof(*m->cls));
	}
	memcpy(&m->cls[m->ncls], c, sizeof(*c));	/* padding too */
	m->clsslot[h] = (uint32_t)++m->ncls;
	return (uint32_t)m->ncls - 1;
}

static uint32_t
take_class(struct tui_model *m, const struct bv_record *r)
{
	struct tui_class	 c;
	size_t			 k;

	memset(&c, 0, sizeof(c));
	for (k = 0; k < NCLS; k++)
		c.str[k] = keep_str(m, *(char *const *)((const char *)r +
		    clsfields[k]), 1, TUI_NOSTR);
	for (k = 0; k < NCST; k++)
		c.cst[k] = cst_index(m, *(const char *const *)
		    ((const char *)r + cstfields[k]));
	c.hard = (int16_t)r->hard;
	return class_index(m, &c);
}

/* A new record at the end: the next block when the last is full. */
static struct tui_rec *
rec_append(struct tui_model *m)
{
	if ((m->nwhen & (BLK_RECS - 1)) == 0) {
		m->blk = xreallocarray(m->blk, m->nblk + 1, sizeof(*m->blk));
		m->blk[m->nblk++] = xreallocarray(NULL, BLK_RECS,
		    sizeof(struct tui_rec));
	}
	return rec_of(m, m->nwhen);
}

/* R (whose strings stay R's) kept compact as record number m->nwhen. */
static void
take(struct tui_model *m, const struct bv_record *r)
{
	struct tui_rec		*x = rec_append(m);
	const struct tui_rec	*prev = NULL;
	const char		*s;
	size_t			 k;

	if (m->nwhen > 0 && same_message(&rec_of(m, m->nwhen - 1)->loc,
	    &r->loc))
		prev = rec_of(m, m->nwhen - 1);
	memset(x, 0, sizeof(*x));
	x->loc = r->loc;
	x->rcpt = r->rcpt;
	x->flags = r->tagged ? R_TAGGED : 0;
	x->cls = take_class(m, r);
	for (k = 0; k < NSTR; k++) {
		s = *(char *const *)((const char *)r + strfields[k].off);
		if (k == S_DIAGNOSTIC && diag_template(s, r->recipient,
		    &m->tmpl)) {
			x->flags |= R_DIAG_RCPT;
			s = m->tmpl.s;
		}
		x->str[k] = keep_str(m, s, strfields[k].intern,
		    prev ? prev->str[k] : TUI_NOSTR);
	}
}

/*
 * The diagnostic of record I (template TMPL, recipient RCPT) written out,
 * in the slot of the expansion cache for I: it stays valid until a record
 * with the same slot is looked at (TUI_NEXPAND records apart in number).
 * Borrowed.
 */
static const char *
expanded_diag(const struct tui_model *m, size_t i, const char *tmpl,
    const char *rcpt)
{
	struct tui_expand	*e = &m->expand[i % TUI_NEXPAND];

	if (e->rec != i + 1) {
		diag_expand(tmpl, rcpt, &e->text);
		e->rec = i + 1;
	}
	return e->text.s;
}

/* VIEW := record I, its strings borrowed from the model.  Search and limit
 * fill one for every record: kept to plain stores. */
static void
fill_view(const struct tui_model *m, size_t i, struct bv_record *view)
{
	const struct tui_rec	*x = rec_of(m, i);
	const struct tui_class	*c = &m->cls[x->cls];
	const char		*str[NSTR], *cls[NCLS];
	size_t			 k;

	tui_store_getn(m->store, x->str, NSTR, str);
	tui_store_getn(m->store, c->str, NCLS, cls);
	memset(view, 0, sizeof(*view));
	view->loc = x->loc;
	view->rcpt = x->rcpt;
	view->hard = c->hard;
	view->tagged = (x->flags & R_TAGGED) != 0;
	for (k = 0; k < NSTR; k++)
		*(const char **)((char *)view + strfields[k].off) = str[k];
	if (x->flags & R_DIAG_RCPT)
		view->diagnostic = (char *)expanded_diag(m, i,
		    str[S_DIAGNOSTIC], str[S_RECIPIENT]);
	for (k = 0; k < NCLS; k++)
		*(const char **)((char *)view + clsfields[k]) = cls[k];
	for (k = 0; k < NCST; k++)
		*(const char **)((char *)view + cstfields[k]) =
		    m->cst[c->cst[k]];
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
		c = strcmp0(rec_str(m, ia, S_RECIPIENT),
		    rec_str(m, ib, S_RECIPIENT));
		break;
	case TUI_SORT_DOMAIN:
		c = strcmp0(domain_of(rec_str(m, ia, S_RECIPIENT)),
		    domain_of(rec_str(m, ib, S_RECIPIENT)));
		if (c == 0)
			c = strcmp0(rec_str(m, ia, S_RECIPIENT),
			    rec_str(m, ib, S_RECIPIENT));
		break;
	case TUI_SORT_REASON:
		c = strcmp0(rec_cst(m, ia, C_REASON), rec_cst(m, ib, C_REASON));
		break;
	case TUI_SORT_STATUS:
		c = status_cmp(rec_cls(m, ia, K_STATUS),
		    rec_cls(m, ib, K_STATUS));
		break;
	case TUI_SORT_RHOST:
		c = strcmp0(rec_str(m, ia, S_REMOTE_MTA),
		    rec_str(m, ib, S_REMOTE_MTA));
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
		switch (status_rank(rec_cls(m, k->rec, K_STATUS), &k->pfx)) {
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

/*
 * K[0..N) by pfx (descending when REVERSE), then pfx2, ties in record
 * order: what compare_keys() gives when every key is whole (the date and
 * text orders), by least-significant-digit radix passes instead of n log n
 * comparisons.  Passes over digits the same in every key are left out.
 */
static void
radix_sort(struct sortkey *k, size_t n, int reverse)
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

	if (reverse)
		for (i = 0; i < n; i++)
			k[i].pfx = ~k[i].pfx;
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
	if (reverse)
		for (i = 0; i < n; i++)
			k[i].pfx = ~k[i].pfx;
	free(count);
	free(tmp);
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
			t[i] = domain_of(rec_str(m, k[i].rec, S_RECIPIENT));
			break;
		case TUI_SORT_REASON:
			t[i] = rec_cst(m, k[i].rec, C_REASON);
			break;
		case TUI_SORT_RHOST:
			t[i] = rec_str(m, k[i].rec, S_REMOTE_MTA);
			break;
		default:
			t[i] = rec_str(m, k[i].rec, S_RECIPIENT);
		}
	}
	rank_texts(t, n, rank);
	if (m->sort == TUI_SORT_DOMAIN) {
		rank2 = xreallocarray(NULL, n, sizeof(*rank2));
		for (i = 0; i < n; i++)
			t[i] = rec_str(m, k[i].rec, S_RECIPIENT);
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
	fill_view(m, i, &view);
	return bv_pattern_match(m->limit, &view);
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
tui_model_sync(struct tui_model *m)
{
	struct bv_record	*r;
	size_t			 old = m->nvis, n = m->incoming.n, i;

	if (n == 0)
		return 0;
	when_reserve(m, m->nwhen + n);
	vis_reserve(m, m->nvis + n);
	for (i = 0; i < n; i++) {
		r = &m->incoming.v[i];
		take(m, r);
		m->when[m->nwhen] = tui_parse_date(r->date);
		if (r->tagged)
			m->ntagged++;
		if (m->limit == NULL || bv_pattern_match(m->limit, r))
			m->vis[m->nvis++] = (uint32_t)m->nwhen;
		m->nwhen++;
		bv_record_clear(r);
	}
	m->incoming.n = 0;
	sort_vis(m, m->vis + old, m->nvis - old);
	merge_tail(m, old);
	return n;
}

static void
rebuild(struct tui_model *m)
{
	size_t	 i;

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
tui_model_rec(const struct tui_model *m, uint32_t rec,
    struct bv_record *view)
{
	if (rec >= m->nwhen)
		return NULL;
	fill_view(m, rec, view);
	return view;
}

const struct bv_record *
tui_model_at(const struct tui_model *m, size_t pos, struct bv_record *view)
{
	return pos < m->nvis ? tui_model_rec(m, m->vis[pos], view) : NULL;
}

int
tui_model_tagged(const struct tui_model *m, uint32_t rec)
{
	return rec < m->nwhen && (rec_of(m, rec)->flags & R_TAGGED);
}

void
tui_model_tag(struct tui_model *m, size_t pos, int on)
{
	struct tui_rec	*x;

	if (pos >= m->nvis)
		return;
	x = rec_of(m, m->vis[pos]);
	if (!(x->flags & R_TAGGED) == !on)
		return;
	x->flags ^= R_TAGGED;
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
		if (rec_of(m, i)->flags & R_TAGGED) {
			rec_of(m, i)->flags &= ~R_TAGGED;
			n++;
		}
	m->ntagged = 0;
	return n;
}
