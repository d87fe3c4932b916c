/*
 * summary.c: how the shown records spread over reasons, recipient domains,
 * blocklists and remote hosts.  Counting uses a small open-addressing hash
 * per section, so a hundred thousand records take one pass.
 */
#include "config.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "tui/tuiint.h"

static const char *const headings[TUI_SUM_COUNT] = {
	"By reason", "By recipient domain", "By blocklist", "By remote host",
};
static const char *const atoms[TUI_SUM_COUNT] = {
	"@reason", "@domain", "@bl", "@rhost",
};

struct counter {
	const char	**keys;		/* borrowed from the records */
	size_t		 *counts;
	size_t		  n, cap;	/* cap: a power of two */
};

static uint32_t
hash(const char *s)
{
	uint32_t	 h = 2166136261u;

	for (; *s; s++)
		h = (h ^ (uint32_t)tolower((unsigned char)*s)) * 16777619u;
	return h;
}

static void count(struct counter *, const char *);

static void
grow(struct counter *c)
{
	struct counter	 old = *c;
	size_t		 i, j;

	c->cap = old.cap ? old.cap * 2 : 64;
	c->keys = xcalloc(c->cap, sizeof(*c->keys));
	c->counts = xcalloc(c->cap, sizeof(*c->counts));
	c->n = 0;
	for (i = 0; i < old.cap; i++)
		if (old.keys[i] != NULL)
			for (j = 0; j < old.counts[i]; j++)
				count(c, old.keys[i]);
	free(old.keys);
	free(old.counts);
}

static void
count(struct counter *c, const char *key)
{
	size_t	 i;

	if (key == NULL || *key == '\0')
		return;
	if ((c->n + 1) * 2 > c->cap)
		grow(c);
	for (i = hash(key) & (c->cap - 1); c->keys[i] != NULL;
	    i = (i + 1) & (c->cap - 1))
		if (strcasecmp(c->keys[i], key) == 0) {
			c->counts[i]++;
			return;
		}
	c->keys[i] = key;
	c->counts[i] = 1;
	c->n++;
}

static void
addrow(struct tui_summary *s, int kind, const char *key, size_t n)
{
	if (s->n == s->cap) {
		s->cap = s->cap ? s->cap * 2 : 64;
		s->v = xreallocarray(s->v, s->cap, sizeof(*s->v));
	}
	s->v[s->n].kind = kind;
	s->v[s->n].key = xstrdup(key);
	s->v[s->n].count = n;
	s->v[s->n].max = 0;
	s->n++;
}

static int
bycount(const void *pa, const void *pb)
{
	const struct tui_sumrow	*a = pa, *b = pb;

	if (a->count != b->count)
		return a->count > b->count ? -1 : 1;
	return strcasecmp(a->key, b->key);
}

static void
section(struct tui_summary *s, int kind, struct counter *c)
{
	size_t	 i, first;

	addrow(s, -1, headings[kind], c->n);
	first = s->n;
	for (i = 0; i < c->cap; i++)
		if (c->keys[i] != NULL)
			addrow(s, kind, c->keys[i], c->counts[i]);
	qsort(s->v + first, s->n - first, sizeof(*s->v), bycount);
	for (i = first; i < s->n; i++)
		s->v[i].max = s->v[first].count;
	if (s->n == first)
		addrow(s, -1, "(none)", 0);
	free(c->keys);
	free(c->counts);
}

void
tui_summary_build(struct tui_summary *s, struct tui_model *m)
{
	struct counter		 c[TUI_SUM_COUNT];
	struct bv_record	 view;
	const struct bv_record	*r;
	size_t			 i;
	int			 k;

	tui_summary_free(s);
	memset(c, 0, sizeof(c));
	for (i = 0; i < m->nvis; i++) {
		r = tui_model_at(m, i, &view);
		count(&c[TUI_SUM_REASON], r->reason);
		count(&c[TUI_SUM_DOMAIN], tui_rec_domain(r));
		count(&c[TUI_SUM_BLOCKLIST], r->blocklist);
		count(&c[TUI_SUM_RHOST], r->remote_mta);
	}
	s->total = m->nvis;
	for (k = 0; k < TUI_SUM_COUNT; k++)
		section(s, k, &c[k]);
}

void
tui_summary_free(struct tui_summary *s)
{
	size_t	 i;

	for (i = 0; i < s->n; i++)
		free(s->v[i].key);
	free(s->v);
	memset(s, 0, sizeof(*s));
}

char *
tui_pattern_quote(const char *v)
{
	struct buf	 b = { 0 };
	const char	*p;

	if (v[strcspn(v, " \t\"\\()|!~@")] == '\0' && *v != '\0')
		return xstrdup(v);
	buf_addc(&b, '"');
	for (p = v; *p; p++) {
		if (*p == '"' || *p == '\\')
			buf_addc(&b, '\\');
		buf_addc(&b, *p);
	}
	buf_addc(&b, '"');
	return buf_steal(&b);
}

char *
tui_summary_pattern(const struct tui_sumrow *row)
{
	char	*q, *p;

	if (row->kind < 0 || row->kind >= TUI_SUM_COUNT)
		return NULL;
	q = tui_pattern_quote(row->key);
	p = xasprintf("%s=%s", atoms[row->kind], q);
	free(q);
	return p;
}
