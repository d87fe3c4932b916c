/*
 * match.c: find every catalog text in a diagnostic in one pass.
 *
 * All texts of the active rules and blocklists are folded (lower case,
 * blanks collapsed) and compiled into one Aho-Corasick automaton, stored as
 * a full transition table over the bytes that occur in the texts.  Scanning
 * a diagnostic is then one table step per byte, whatever the number of
 * rules, with no backtracking; and only the first CAT_TEXT_CAP bytes are
 * looked at.  A scan yields the set of texts found, from which the rules
 * that can still match (candidates) are derived.
 *
 * For the cache, states are numbered breadth first (the shallow states
 * that most bytes visit sit together), entries are 16 bits when the
 * automaton is small enough, and the top bit of an entry marks states
 * where a text ends, so the scan loop needs one load per byte.
 */
#include "config.h"

#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "catalog/catint.h"

typedef uint32_t	state_t;

struct matcher {
	unsigned	 gen;		/* catalog generation built for */
	/* Texts, folded and numbered. */
	char		**pat;
	size_t		 npat;
	/* The automaton: state 0 is the root.  Entries of the table are
	 * the next state, with the top bit set where a text ends. */
	uint8_t		 cls[256];	/* byte to column */
	size_t		 ncls;
	uint16_t	*d16;		/* nstates * ncls, or NULL */
	uint32_t	*d32;		/* used when there are too many states */
	int32_t		*out;		/* text ending in a state, or -1 */
	state_t		*dict;		/* next state with output on the
					   failure chain, 0 if none */
	size_t		 nstates;
	/* Per text: the rules it can start (their first clause has it),
	 * as offsets into trig[], and the blocklist it names. */
	uint32_t	*trig_off;
	uint32_t	*trig;
	int32_t		*pat_bl;
	/* Per rule: clauses as offsets into clause_off[], clause members
	 * in cl_pat[]; vetoes in un_pat[]. */
	size_t		 nrules;
	uint32_t	*rule_cl;	/* nrules + 1 */
	uint32_t	*clause_off;
	uint32_t	*cl_pat;
	uint32_t	*rule_un;	/* nrules + 1 */
	uint32_t	*un_pat;
	/* Per rule: its status patterns, three parts each (ST_ANY for
	 * "x"), as offsets in parts into st_part[]. */
	uint32_t	*rule_st;	/* nrules + 1 */
	uint32_t	*st_part;
	uint64_t	*st_subj;	/* per rule: bit S for a pattern
					   of subject S, bit 63 for "x" or
					   a subject past 62 */
	uint64_t	*always;	/* rules without text: always candidates */
	/* Per blocklist: texts of a refused query. */
	size_t		 nbl;
	uint32_t	*bl_ref;	/* nbl + 1 */
	uint32_t	*ref_pat;
	/* Texts that tell which SMTP command a reply answered. */
	uint32_t	*cmd_pat;	/* one per cmd_texts[] row */
};

/* How MTAs say which command a reply answered (Postfix "in reply to end
 * of DATA command", Exim "after RCPT TO", qmail "does not like
 * recipient", ...); the first found in this order counts. */
static const struct {
	const char	*text;
	const char	*cmd;
} cmd_texts[] = {
	{ "in reply to end of data command", "DATA" },
	{ "in reply to data command", "DATA" },
	{ "after end of data", "DATA" },
	{ "did not like our final data", "DATA" },
	{ "did not like our data", "DATA" },
	{ "in reply to rcpt to command", "RCPT" },
	{ "after rcpt to", "RCPT" },
	{ "does not like recipient", "RCPT" },
	{ "did not like our rcpt to", "RCPT" },
	{ "in reply to mail from command", "MAIL" },
	{ "after mail from", "MAIL" },
	{ "sender was rejected", "MAIL" },
	{ "did not like our mail from", "MAIL" },
	{ "in reply to ehlo command", "HELO" },
	{ "in reply to helo command", "HELO" },
	{ "after ehlo", "HELO" },
	{ "after helo", "HELO" },
	{ "after initial connection", "CONN" },
	{ "but greeting failed", "CONN" },
	{ "refused to talk to me", "CONN" },
	{ NULL, NULL }
};

struct cat_scan {
	unsigned	 gen;
	char		 text[CAT_TEXT_CAP + 3];	/* " folded " */
	size_t		 len;
	uint64_t	*hit;		/* bit per text */
	uint32_t	*hits;		/* texts found, to clear HIT */
	size_t		 nhits;
	uint64_t	*cand;		/* bit per rule */
	size_t		 patcap, rulecap;
};

static struct matcher	 M;
static pthread_mutex_t	 M_lock = PTHREAD_MUTEX_INITIALIZER;
static unsigned		 M_ready;	/* generation M is good for */
static __thread struct cat_scan *S;	/* per thread scratch */

#define WORDS(n)	(((n) + 63) / 64)
#define BIT_SET(v, i)	((v)[(i) / 64] |= UINT64_C(1) << ((i) % 64))
#define BIT_GET(v, i)	(((v)[(i) / 64] >> ((i) % 64)) & 1)

/* ---- folding ---------------------------------------------------------------- */

/* Is there a reply code "ddd" followed by C at S (at a word start)? */
static int
reply_at(const char *s, const char *end, char c)
{
	return end - s >= 4 && s[0] >= '2' && s[0] <= '5' &&
	    s[1] >= '0' && s[1] <= '9' && s[2] >= '0' && s[2] <= '9' &&
	    (s[3] == c || (c == ' ' && s[3] == '-'));
}

/* Length of an enhanced code "d.d+.d+" followed by a space at S, or 0. */
static size_t
enhanced_at(const char *s, const char *end)
{
	const char	*p = s;
	int		 part, digits;

	if (p < end && *p == '#')
		p++;
	for (part = 0; part < 3; part++) {
		for (digits = 0; p < end && *p >= '0' && *p <= '9'; digits++)
			p++;
		if (digits == 0 || digits > 3)
			return 0;
		if (part < 2 && (p >= end || *p++ != '.'))
			return 0;
	}
	return (p < end && *p == ' ') ? (size_t)(p - s) + 1 : 0;
}

/* Where the first "ddd-" at a word start is, or LEN.  Only the dashes
 * are looked at (memchr), not every byte. */
static size_t
first_continued(const char *s, size_t len)
{
	const char	*end = s + len, *d;
	size_t		 i;

	if (len < 4)
		return len;
	for (d = s + 3; d < end && (d = memchr(d, '-', (size_t)(end - d))) !=
	    NULL; d++) {
		i = (size_t)(d - s) - 3;
		if ((i == 0 || s[i - 1] == ' ') && reply_at(s + i, end, '-'))
			return i;
	}
	return len;
}

/*
 * Drop the reply-code prefixes of continuation lines ("550-5.1.1 ") that a
 * multi-line SMTP reply leaves in the middle of its text once unfolded, so
 * a sentence broken across lines matches as one.  The first "ddd-" at a
 * word start names the code; its later "ddd-" and "ddd " go.
 */
static size_t
drop_continuations(char *s, size_t len)
{
	const char	*end = s + len;
	char		 code[3];
	size_t		 i, o, e;

	if ((i = first_continued(s, len)) == len)
		return len;
	memcpy(code, s + i, 3);
	i += 4;
	if ((e = enhanced_at(s + i, end)) > 0)
		i += e;
	for (o = i; i < len;) {
		if (s[i - 1] == ' ' && reply_at(s + i, end, ' ') &&
		    memcmp(s + i, code, 3) == 0) {
			i += 4;
			if ((e = enhanced_at(s + i, end)) > 0)
				i += e;
			continue;
		}
		s[o++] = s[i++];
	}
	s[o] = '\0';
	return o;
}

/* ---- building ----------------------------------------------------------------- */

/* Texts are numbered through a small open-addressing table. */
struct pattab {
	char		**v;		/* by number */
	size_t		 n, cap;
	uint32_t	*slot;		/* number + 1, 0 = empty */
	size_t		 nslot;
};

static uint32_t
hash(const char *s)
{
	uint32_t	 h = 2166136261u;

	while (*s)
		h = (h ^ (unsigned char)*s++) * 16777619u;
	return h;
}

static void
pattab_grow(struct pattab *t)
{
	size_t	 i, j;

	free(t->slot);
	t->nslot = t->nslot ? t->nslot * 2 : 1024;
	t->slot = xcalloc(t->nslot, sizeof(*t->slot));
	for (i = 0; i < t->n; i++) {
		j = hash(t->v[i]) & (t->nslot - 1);
		while (t->slot[j] != 0)
			j = (j + 1) & (t->nslot - 1);
		t->slot[j] = (uint32_t)i + 1;
	}
}

static uint32_t
pattab_add(struct pattab *t, const char *text)
{
	char	 fold[CAT_TEXT_CAP + 3];
	size_t	 j;

	cat_fold(text, strlen(text), fold, sizeof(fold));
	if ((t->n + 1) * 2 > t->nslot)
		pattab_grow(t);
	j = hash(fold) & (t->nslot - 1);
	while (t->slot[j] != 0) {
		if (strcmp(t->v[t->slot[j] - 1], fold) == 0)
			return t->slot[j] - 1;
		j = (j + 1) & (t->nslot - 1);
	}
	if (t->n == t->cap) {
		t->cap = t->cap ? t->cap * 2 : 256;
		t->v = xreallocarray(t->v, t->cap, sizeof(*t->v));
	}
	t->v[t->n] = xstrdup(fold);
	t->slot[j] = (uint32_t)++t->n;
	return (uint32_t)(t->n - 1);
}

/* A growable array of uint32_t. */
struct u32v {
	uint32_t	*v;
	size_t		 n, cap;
};

static void
u32_add(struct u32v *a, uint32_t x)
{
	if (a->n == a->cap) {
		a->cap = a->cap ? a->cap * 2 : 256;
		a->v = xreallocarray(a->v, a->cap, sizeof(*a->v));
	}
	a->v[a->n++] = x;
}

/* Number the texts of every rule and blocklist, and lay out their lists. */
static void
collect(struct matcher *m, struct pattab *t)
{
	struct u32v	 rule_cl = { 0 }, clause_off = { 0 }, cl_pat = { 0 };
	struct u32v	 rule_un = { 0 }, un_pat = { 0 };
	struct u32v	 bl_ref = { 0 }, ref_pat = { 0 };
	const struct cat_rule		*r;
	const struct cat_blocklist	*b;
	size_t		 i, j, k;

	m->nrules = cat_nrules();
	for (i = 0; i < m->nrules; i++) {
		r = cat_rule_at(i);
		u32_add(&rule_cl, (uint32_t)clause_off.n);
		for (j = 0; r->text != NULL && r->text[j] != NULL; j++) {
			u32_add(&clause_off, (uint32_t)cl_pat.n);
			for (k = 0; r->text[j][k] != NULL; k++)
				u32_add(&cl_pat, pattab_add(t, r->text[j][k]));
		}
		u32_add(&rule_un, (uint32_t)un_pat.n);
		for (j = 0; r->unless != NULL && r->unless[j] != NULL; j++)
			u32_add(&un_pat, pattab_add(t, r->unless[j]));
	}
	u32_add(&rule_cl, (uint32_t)clause_off.n);
	u32_add(&clause_off, (uint32_t)cl_pat.n);
	u32_add(&rule_un, (uint32_t)un_pat.n);
	m->nbl = cat_nblocklists();
	for (i = 0; i < m->nbl; i++) {
		b = cat_blocklist_at(i);
		u32_add(&bl_ref, (uint32_t)ref_pat.n);
		for (j = 0; b->refused != NULL && b->refused[j] != NULL; j++)
			u32_add(&ref_pat, pattab_add(t, b->refused[j]));
		for (j = 0; b->zones != NULL && b->zones[j] != NULL; j++)
			pattab_add(t, b->zones[j]);
		for (j = 0; b->phrases != NULL && b->phrases[j] != NULL; j++)
			pattab_add(t, b->phrases[j]);
	}
	u32_add(&bl_ref, (uint32_t)ref_pat.n);
	m->cmd_pat = xcalloc(sizeof(cmd_texts) / sizeof(cmd_texts[0]),
	    sizeof(*m->cmd_pat));
	for (i = 0; cmd_texts[i].text != NULL; i++)
		m->cmd_pat[i] = pattab_add(t, cmd_texts[i].text);
	m->rule_cl = rule_cl.v;
	m->clause_off = clause_off.v;
	m->cl_pat = cl_pat.v ? cl_pat.v : xcalloc(1, sizeof(uint32_t));
	m->rule_un = rule_un.v;
	m->un_pat = un_pat.v ? un_pat.v : xcalloc(1, sizeof(uint32_t));
	m->bl_ref = bl_ref.v;
	m->ref_pat = ref_pat.v ? ref_pat.v : xcalloc(1, sizeof(uint32_t));
	m->pat = t->v;
	m->npat = t->n;
}

#define ST_ANY	UINT32_MAX

/* Status pattern P ("5.1.1", "x.7.x") as three parts, read as
 * classify.c's codes are: a part is "x" or a number. */
static void
status_parts(const char *p, struct u32v *out)
{
	uint32_t	 v;
	int		 part;

	for (part = 0; part < 3; part++) {
		if (*p == 'x') {
			v = ST_ANY;
			p++;
		} else
			for (v = 0; *p >= '0' && *p <= '9'; p++)
				v = v * 10 + (uint32_t)(*p - '0');
		u32_add(out, v);
		if (part < 2 && *p != '\0')
			p++;		/* the dot */
	}
}

/* A subject's bit in a rule's mask (see st_subj). */
static uint64_t
subject_bit(uint32_t subject)
{
	return UINT64_C(1) << (subject < 63 ? subject : 63);
}

/* The rules' status patterns, read once rather than at every bounce, and
 * the subjects each takes, so most codes are turned away at once. */
static void
compile_status(struct matcher *m)
{
	struct u32v			 rule_st = { 0 }, st_part = { 0 };
	const struct cat_rule		*r;
	size_t				 i, j;

	m->st_subj = xcalloc(m->nrules + 1, sizeof(*m->st_subj));
	for (i = 0; i < m->nrules; i++) {
		r = cat_rule_at(i);
		u32_add(&rule_st, (uint32_t)st_part.n);
		for (j = 0; r->status != NULL && r->status[j] != NULL; j++) {
			status_parts(r->status[j], &st_part);
			m->st_subj[i] |= subject_bit(st_part.v[st_part.n - 2]);
		}
	}
	u32_add(&rule_st, (uint32_t)st_part.n);
	m->rule_st = rule_st.v;
	m->st_part = st_part.v ? st_part.v : xcalloc(1, sizeof(uint32_t));
}

/* Which blocklist each text names (the first in table order). */
static void
map_blocklists(struct matcher *m, struct pattab *t)
{
	const struct cat_blocklist	*b;
	size_t				 i, j;
	uint32_t			 p;

	m->pat_bl = xreallocarray(NULL, m->npat + 1, sizeof(*m->pat_bl));
	for (i = 0; i < m->npat; i++)
		m->pat_bl[i] = -1;
	for (i = m->nbl; i-- > 0;) {
		b = cat_blocklist_at(i);
		for (j = 0; b->zones != NULL && b->zones[j] != NULL; j++) {
			p = pattab_add(t, b->zones[j]);
			m->pat_bl[p] = (int32_t)i;
		}
		for (j = 0; b->phrases != NULL && b->phrases[j] != NULL; j++) {
			p = pattab_add(t, b->phrases[j]);
			m->pat_bl[p] = (int32_t)i;
		}
	}
}

/* Rules each text can start, and rules that need no text at all. */
static void
map_triggers(struct matcher *m)
{
	uint32_t	*count;
	size_t		 r, c, k;

	count = xcalloc(m->npat + 1, sizeof(*count));
	m->always = xcalloc(WORDS(m->nrules) + 1, sizeof(*m->always));
	for (r = 0; r < m->nrules; r++) {
		if (m->rule_cl[r] == m->rule_cl[r + 1]) {
			BIT_SET(m->always, r);
			continue;
		}
		c = m->rule_cl[r];
		for (k = m->clause_off[c]; k < m->clause_off[c + 1]; k++)
			count[m->cl_pat[k] + 1]++;
	}
	for (k = 1; k <= m->npat; k++)
		count[k] += count[k - 1];
	m->trig_off = count;
	m->trig = xcalloc(count[m->npat] + 1, sizeof(*m->trig));
	count = xcalloc(m->npat + 1, sizeof(*count));
	for (r = 0; r < m->nrules; r++) {
		if (m->rule_cl[r] == m->rule_cl[r + 1])
			continue;
		c = m->rule_cl[r];
		for (k = m->clause_off[c]; k < m->clause_off[c + 1]; k++) {
			uint32_t p = m->cl_pat[k];

			m->trig[m->trig_off[p] + count[p]++] = (uint32_t)r;
		}
	}
	free(count);
}

/*
 * The automaton is built in two steps.  The trie of all texts grows as
 * child lists kept in column order; then it is written breadth first
 * straight into the final table.  States are numbered as the walk meets
 * them, so the shallow ones sit together; a state's row starts as a copy
 * of its failure's row (already written: the failure is shallower) and
 * its own moves replace entries.  A failure is the longest proper suffix
 * that is also a prefix; a missing move is the failure's move.
 */
struct trie {
	uint32_t	*first;		/* first child, 0: none (the root
					   is nobody's child) */
	uint32_t	*next;		/* next sibling, in column order */
	uint8_t		*col;		/* column of the move into it */
	int32_t		*out;		/* text ending there, or -1 */
	size_t		 n;
};

/* The child of S by column C, added if missing. */
static uint32_t
trie_child(struct trie *t, uint32_t s, uint8_t c)
{
	uint32_t	*link = &t->first[s], k;

	while (*link != 0 && t->col[*link] < c)
		link = &t->next[*link];
	if (*link != 0 && t->col[*link] == c)
		return *link;
	k = (uint32_t)t->n++;
	t->first[k] = 0;
	t->next[k] = *link;
	t->col[k] = c;
	t->out[k] = -1;
	*link = k;
	return k;
}

/* TOTAL: the bytes of all texts and one, more than the trie can need. */
static void
build_trie(const struct matcher *m, struct trie *t, size_t total)
{
	const unsigned char	*p;
	size_t			 i;
	uint32_t		 s;

	t->first = xreallocarray(NULL, total, sizeof(*t->first));
	t->next = xreallocarray(NULL, total, sizeof(*t->next));
	t->col = xreallocarray(NULL, total, sizeof(*t->col));
	t->out = xreallocarray(NULL, total, sizeof(*t->out));
	t->first[0] = t->next[0] = 0;
	t->col[0] = 0;
	t->out[0] = -1;
	t->n = 1;
	for (i = 0; i < m->npat; i++) {
		s = 0;
		for (p = (const unsigned char *)m->pat[i]; *p; p++)
			s = trie_child(t, s, m->cls[*p]);
		t->out[s] = (int32_t)i;
	}
}

static uint32_t
table_get(const struct matcher *m, size_t s, size_t c)
{
	return m->d16 != NULL ? m->d16[s * m->ncls + c] :
	    m->d32[s * m->ncls + c];
}

static void
table_put(struct matcher *m, size_t s, size_t c, uint32_t v)
{
	if (m->d16 != NULL)
		m->d16[s * m->ncls + c] = (uint16_t)v;
	else
		m->d32[s * m->ncls + c] = v;
}

static void
table_copy_row(struct matcher *m, size_t to, size_t from)
{
	if (m->d16 != NULL)
		memcpy(m->d16 + to * m->ncls, m->d16 + from * m->ncls,
		    m->ncls * sizeof(*m->d16));
	else
		memcpy(m->d32 + to * m->ncls, m->d32 + from * m->ncls,
		    m->ncls * sizeof(*m->d32));
}

/* Writes the rows of the trie's states breadth first.  FLAG marks entries
 * leading where a text ends (there or down the state's dictionary chain). */
static void
write_table(struct matcher *m, const struct trie *t, uint32_t flag)
{
	state_t		*fail, *queue, f;	/* queue[i]: trie state
						   numbered i */
	size_t		 head, tail = 1;
	uint32_t	 k, id;

	fail = xcalloc(m->nstates, sizeof(*fail));
	queue = xreallocarray(NULL, m->nstates, sizeof(*queue));
	queue[0] = 0;
	m->out[0] = t->out[0];
	for (head = 0; head < tail; head++) {
		if (head > 0)
			table_copy_row(m, head, fail[head]);
		for (k = t->first[queue[head]]; k != 0; k = t->next[k]) {
			id = (uint32_t)tail++;
			queue[id] = k;
			f = head > 0 ? table_get(m, fail[head], t->col[k]) &
			    ~flag : 0;
			fail[id] = f;
			m->out[id] = t->out[k];
			m->dict[id] = m->out[f] >= 0 ? f : m->dict[f];
			table_put(m, head, t->col[k], id |
			    (m->out[id] >= 0 || m->dict[id] != 0 ? flag : 0));
		}
	}
	free(queue);
	free(fail);
}

static void
build_automaton(struct matcher *m)
{
	struct trie		 t = { 0 };
	const unsigned char	*p;
	size_t			 i, total = 1;
	int			 seen[256] = { 0 };

	for (i = 0; i < m->npat; i++)
		for (p = (const unsigned char *)m->pat[i]; *p; p++, total++)
			seen[*p] = 1;
	m->ncls = 1;
	for (i = 0; i < 256; i++)
		m->cls[i] = seen[i] ? (uint8_t)m->ncls++ : 0;
	build_trie(m, &t, total);
	m->nstates = t.n;
	m->out = xreallocarray(NULL, m->nstates, sizeof(*m->out));
	m->dict = xcalloc(m->nstates, sizeof(*m->dict));
	if (m->nstates < 0x8000) {
		m->d16 = xbigalloc(m->nstates * m->ncls, sizeof(*m->d16));
		write_table(m, &t, 0x8000);
	} else {
		m->d32 = xbigalloc(m->nstates * m->ncls, sizeof(*m->d32));
		write_table(m, &t, 0x80000000u);
	}
	free(t.first);
	free(t.next);
	free(t.col);
	free(t.out);
}

static void
matcher_free(struct matcher *m)
{
	size_t	 i;

	for (i = 0; i < m->npat; i++)
		free(m->pat[i]);
	free(m->pat);
	xbigfree(m->d16, m->nstates * m->ncls, sizeof(*m->d16));
	xbigfree(m->d32, m->nstates * m->ncls, sizeof(*m->d32));
	free(m->out);
	free(m->dict);
	free(m->trig_off);
	free(m->trig);
	free(m->pat_bl);
	free(m->rule_cl);
	free(m->clause_off);
	free(m->cl_pat);
	free(m->rule_un);
	free(m->rule_st);
	free(m->st_part);
	free(m->st_subj);
	free(m->un_pat);
	free(m->always);
	free(m->bl_ref);
	free(m->ref_pat);
	free(m->cmd_pat);
	memset(m, 0, sizeof(*m));
}

void
cat_match_prepare(void)
{
	struct pattab	 t = { 0 };
	unsigned	 gen = cat_generation();

	if (__atomic_load_n(&M_ready, __ATOMIC_ACQUIRE) == gen)
		return;
	pthread_mutex_lock(&M_lock);
	if (M_ready != gen) {
		matcher_free(&M);
		collect(&M, &t);
		map_blocklists(&M, &t);
		M.pat = t.v;
		M.npat = t.n;
		map_triggers(&M);
		compile_status(&M);
		build_automaton(&M);
		M.gen = gen;
		free(t.slot);
		__atomic_store_n(&M_ready, gen, __ATOMIC_RELEASE);
	}
	pthread_mutex_unlock(&M_lock);
}

void
cat_match_free(void)
{
	pthread_mutex_lock(&M_lock);
	matcher_free(&M);
	M_ready = 0;
	pthread_mutex_unlock(&M_lock);
	if (S != NULL) {
		free(S->hit);
		free(S->hits);
		free(S->cand);
		free(S);
		S = NULL;
	}
}

/* ---- scanning ------------------------------------------------------------------ */

static struct cat_scan *
scratch(void)
{
	if (S == NULL)
		S = xcalloc(1, sizeof(*S));
	if (S->gen != M.gen || S->patcap < M.npat ||
	    S->rulecap < M.nrules) {
		free(S->hit);
		free(S->hits);
		free(S->cand);
		S->patcap = M.npat;
		S->rulecap = M.nrules;
		S->hit = xcalloc(WORDS(M.npat) + 1, sizeof(*S->hit));
		S->hits = xcalloc(M.npat + 1, sizeof(*S->hits));
		S->cand = xcalloc(WORDS(M.nrules) + 1, sizeof(*S->cand));
		S->nhits = 0;
		S->gen = M.gen;
	}
	return S;
}

static void
found(struct cat_scan *sc, state_t s)
{
	int32_t	 p;

	for (; s != 0; s = M.dict[s]) {
		p = M.out[s];
		if (p >= 0 && !BIT_GET(sc->hit, (size_t)p)) {
			BIT_SET(sc->hit, (size_t)p);
			sc->hits[sc->nhits++] = (uint32_t)p;
		}
	}
}

const struct cat_scan *
cat_scan_text(const char *text)
{
	struct cat_scan		*sc;
	const unsigned char	*p, *end;
	state_t			 s = 0;
	size_t			 i, n, k;

	cat_match_prepare();
	sc = scratch();
	for (i = 0; i < sc->nhits; i++)
		sc->hit[sc->hits[i] / 64] = 0;
	sc->nhits = 0;
	n = 0;
	if (text != NULL) {
		while (*text == ' ' || *text == '\t' || *text == '\r' ||
		    *text == '\n')
			text++;
		n = cat_fold(text, strnlen(text, CAT_TEXT_CAP), sc->text + 1,
		    CAT_TEXT_CAP + 1);
	}
	n = drop_continuations(sc->text + 1, n);
	if (n > 0 && sc->text[n] == ' ')
		n--;
	/* Spaces around the text let " word " texts match at its ends. */
	sc->text[0] = ' ';
	sc->text[n + 1] = ' ';
	sc->text[n + 2] = '\0';
	sc->len = n + 2;
	p = (const unsigned char *)sc->text;
	end = p + sc->len;
	if (M.d16 != NULL) {
		for (; p < end; p++) {
			s = M.d16[s * M.ncls + M.cls[*p]];
			if (s & 0x8000)
				found(sc, s &= 0x7fff);
		}
	} else {
		for (; p < end; p++) {
			s = M.d32[s * M.ncls + M.cls[*p]];
			if (s & 0x80000000u)
				found(sc, s &= 0x7fffffffu);
		}
	}
	memcpy(sc->cand, M.always, (WORDS(M.nrules) + 1) * sizeof(*sc->cand));
	for (i = 0; i < sc->nhits; i++) {
		uint32_t pat = sc->hits[i];

		for (k = M.trig_off[pat]; k < M.trig_off[pat + 1]; k++)
			BIT_SET(sc->cand, M.trig[k]);
	}
	return sc;
}

size_t
cat_match_ntexts(void)
{
	cat_match_prepare();
	return M.npat;
}

size_t
cat_match_nstates(void)
{
	cat_match_prepare();
	return M.nstates;
}

const char *
cat_match_text(size_t i)
{
	return i < M.npat ? M.pat[i] : NULL;
}

int
cat_scan_has_text(const struct cat_scan *sc, size_t i)
{
	return i < M.npat && BIT_GET(sc->hit, i);
}

const char *
cat_scan_folded(const struct cat_scan *sc, size_t *len)
{
	*len = sc->len;
	return sc->text;
}

size_t
cat_scan_next_rule(const struct cat_scan *sc, size_t from)
{
	size_t		 w;
	uint64_t	 bits;

	if (from >= M.nrules)
		return M.nrules;
	w = from / 64;
	bits = sc->cand[w] & (~UINT64_C(0) << (from % 64));
	for (;;) {
		if (bits != 0) {
			from = w * 64 + (size_t)__builtin_ctzll(bits);
			return from < M.nrules ? from : M.nrules;
		}
		if (++w > WORDS(M.nrules))
			return M.nrules;
		bits = sc->cand[w];
	}
}

static int
any_hit(const struct cat_scan *sc, const uint32_t *v, size_t from, size_t to)
{
	for (; from < to; from++)
		if (BIT_GET(sc->hit, v[from]))
			return 1;
	return 0;
}

int
cat_scan_rule_text(const struct cat_scan *sc, size_t rule)
{
	size_t	 c;

	for (c = M.rule_cl[rule]; c < M.rule_cl[rule + 1]; c++)
		if (!any_hit(sc, M.cl_pat, M.clause_off[c],
		    M.clause_off[c + 1]))
			return 0;
	return 1;
}

int
cat_scan_rule_unless(const struct cat_scan *sc, size_t rule)
{
	return any_hit(sc, M.un_pat, M.rule_un[rule], M.rule_un[rule + 1]);
}

int
cat_scan_blocklist(const struct cat_scan *sc, int *refused)
{
	size_t	 i;
	int32_t	 best = -1, b;

	*refused = 0;
	for (i = 0; i < sc->nhits; i++) {
		b = M.pat_bl[sc->hits[i]];
		if (b >= 0 && (best < 0 || b < best))
			best = b;
	}
	if (best >= 0)
		*refused = any_hit(sc, M.ref_pat, M.bl_ref[best],
		    M.bl_ref[best + 1]);
	return best;
}

int
cat_rule_status(size_t rule, const unsigned st[3])
{
	const uint32_t	*p = M.st_part + M.rule_st[rule];
	const uint32_t	*end = M.st_part + M.rule_st[rule + 1];

	if ((M.st_subj[rule] & (subject_bit(st[1]) | subject_bit(ST_ANY))) == 0)
		return 0;
	for (; p < end; p += 3)
		if ((p[0] == ST_ANY || p[0] == st[0]) &&
		    (p[1] == ST_ANY || p[1] == st[1]) &&
		    (p[2] == ST_ANY || p[2] == st[2]))
			return 1;
	return 0;
}

const char *
cat_scan_command(const struct cat_scan *sc)
{
	size_t	 i;

	for (i = 0; cmd_texts[i].text != NULL; i++)
		if (BIT_GET(sc->hit, M.cmd_pat[i]))
			return cmd_texts[i].cmd;
	return NULL;
}
