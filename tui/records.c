/*
 * records.c: the records as the model keeps them, compact.  A mailbox of
 * 150,000 bounces held as struct bv_record (288 bytes of pointers each,
 * plus an allocation for its strings) was most of the interface's memory
 * (112 MB).  Here a record is 104 bytes of ids: its own strings in the
 * model's store (struct tui_store), its codes and classification as the
 * number of a class that many records share, and a struct bv_record is
 * filled from it whenever someone looks at the record (a view).
 */
#include "config.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tui/tuiint.h"

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))
#define FIELD(f)	offsetof(struct bv_record, f)

/*
 * The owned strings a record keeps itself, as ids in the model's store.
 * The ones that repeat across a folder (hosts, senders, subjects,
 * diagnostics) are interned; the others are appended, but shared with the
 * previous record when it came from the same message and says the same
 * (a message's recipients share its dates and headers).  The first ones
 * are named: the sort keys read them, and the diagnostic is a template.
 */
enum { S_RECIPIENT, S_REMOTE_MTA, S_DIAGNOSTIC, S_DATE };
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

void
tui_recs_init(struct tui_model *m)
{
	m->store = tui_store_new();
	m->cst = xreallocarray(NULL, 16, sizeof(*m->cst));
	m->capcst = 16;
	m->cst[0] = NULL;		/* index 0: no string */
	m->ncst = 1;
	m->expand = xcalloc(TUI_NEXPAND, sizeof(*m->expand));
}

void
tui_recs_free(struct tui_model *m)
{
	size_t	 i;

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
}

/* ---- taking records in -------------------------------------------------- */

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

/* Is store string ID (TUI_NOSTR: none) the text S (NULL: none)? */
static int
same_text(const struct tui_model *m, uint32_t id, const char *s)
{
	if (id == TUI_NOSTR || s == NULL)
		return id == TUI_NOSTR && s == NULL;
	return strcmp(tui_store_get(m->store, id), s) == 0;
}

/* S kept in the store.  PREV: the same field of the previous record of the
 * same message (or TUI_NOSTR), which S reuses when it is the same text:
 * one comparison instead of a copy, or of a hash and a lookup when S is
 * interned. */
static uint32_t
keep_str(struct tui_model *m, const char *s, int intern, uint32_t prev)
{
	if (s == NULL)
		return TUI_NOSTR;
	if (prev != TUI_NOSTR && same_text(m, prev, s))
		return prev;
	if (intern)
		return tui_store_intern(m->store, s, strlen(s));
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

/* Is R of class C?  Compared as texts and static pointers, without
 * interning anything. */
static int
in_class(const struct tui_model *m, const struct tui_class *c,
    const struct bv_record *r)
{
	size_t		 k;

	if (c->hard != (int16_t)r->hard)
		return 0;
	for (k = 0; k < NCST; k++)
		if (m->cst[c->cst[k]] != *(const char *const *)
		    ((const char *)r + cstfields[k]))
			return 0;
	for (k = 0; k < NCLS; k++)
		if (!same_text(m, c->str[k], *(char *const *)
		    ((const char *)r + clsfields[k])))
			return 0;
	return 1;
}

/* The class of R: most records share their predecessor's (the same
 * message, or the same failure the next message over), which is checked
 * first. */
static uint32_t
take_class(struct tui_model *m, const struct bv_record *r)
{
	struct tui_class	 c;
	uint32_t		 prev;
	size_t			 k;

	if (m->nwhen > 0) {
		prev = rec_of(m, m->nwhen - 1)->cls;
		if (in_class(m, &m->cls[prev], r))
			return prev;
	}
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

int
tui_recs_take(struct tui_model *m, const struct bv_record *r)
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
	/* keep_str() hands out the previous id only for the same text */
	return prev != NULL && x->str[S_DATE] == prev->str[S_DATE];
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

/* ---- looking at records ------------------------------------------------- */

const struct bv_record *
tui_model_rec(const struct tui_model *m, uint32_t rec,
    struct bv_record *view)
{
	if (rec >= m->nwhen)
		return NULL;
	fill_view(m, rec, view);
	return view;
}

int
tui_model_tagged(const struct tui_model *m, uint32_t rec)
{
	return rec < m->nwhen && (rec_of(m, rec)->flags & R_TAGGED);
}

int
tui_recs_set_tag(struct tui_model *m, uint32_t rec, int on)
{
	struct tui_rec	*x = rec_of(m, rec);

	if (!(x->flags & R_TAGGED) == !on)
		return 0;
	x->flags ^= R_TAGGED;
	return 1;
}

const char *
tui_recs_key(const struct tui_model *m, uint32_t rec, int sort)
{
	switch (sort) {
	case TUI_SORT_REASON:
		return m->cst[rec_class(m, rec)->cst[C_REASON]];
	case TUI_SORT_STATUS:
		return tui_store_get(m->store,
		    rec_class(m, rec)->str[K_STATUS]);
	case TUI_SORT_RHOST:
		return rec_str(m, rec, S_REMOTE_MTA);
	default:
		return rec_str(m, rec, S_RECIPIENT);
	}
}
