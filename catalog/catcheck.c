/*
 * catcheck.c: checks across entries, after the files are read: names given
 * twice, rules naming reasons or blocklists that do not exist, entries
 * missing what they need.  The generator runs them on the built-in files
 * (any problem fails the build); the program runs them on user files and
 * drops the entries that fail.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "catalog/catint.h"

struct checker {
	struct cat_set		*set;
	const struct cat_set	*ref;
	int			 user;
	FILE			*errs;
	int			 nerrs;
	int			 bad;	/* current entry failed */
};

static void __attribute__((format(printf, 3, 4)))
problem(struct checker *c, const struct cat_origin *at, const char *fmt, ...)
{
	va_list	 ap;

	c->nerrs++;
	c->bad = 1;
	if (c->errs == NULL)
		return;
	fprintf(c->errs, "%s:%d: ", at->file, at->line);
	va_start(ap, fmt);
	vfprintf(c->errs, fmt, ap);
	va_end(ap);
	fputc('\n', c->errs);
}

/* ---- lookups in a set ----------------------------------------------------- */

static const struct cat_reason *
find_reason(const struct cat_set *s, const char *name)
{
	size_t	 i;

	for (i = 0; s != NULL && i < s->nreasons; i++)
		if (strcmp(s->reasons[i].name, name) == 0)
			return &s->reasons[i];
	return NULL;
}

static const struct cat_blocklist *
find_blocklist(const struct cat_set *s, const char *id)
{
	size_t	 i;

	for (i = 0; s != NULL && i < s->nblocklists; i++)
		if (strcmp(s->blocklists[i].id, id) == 0)
			return &s->blocklists[i];
	return NULL;
}

static const struct cat_rule *
find_rule(const struct cat_set *s, const char *id)
{
	size_t	 i;

	for (i = 0; s != NULL && i < s->nrules; i++)
		if (strcmp(s->rules[i].id, id) == 0)
			return &s->rules[i];
	return NULL;
}

static const struct cat_code *
find_code(const struct cat_code *v, size_t n, const char *code)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		if (strcmp(v[i].code, code) == 0)
			return &v[i];
	return NULL;
}

/* Is NAME a reason of the vocabulary (the reference or this set)? */
static int
known_reason(const struct checker *c, const char *name)
{
	return find_reason(c->ref, name) != NULL ||
	    find_reason(c->set, name) != NULL;
}

/* ---- per kind ------------------------------------------------------------ */

static void
check_codes(struct checker *c, const struct cat_code *v, size_t n,
    const struct cat_code *refv, size_t refn, char *drop)
{
	const struct cat_code	*e, *prev;
	size_t			 i;
	int			 override, isclass;

	for (i = 0; i < n; i++) {
		e = &v[i];
		c->bad = 0;
		prev = find_code(v, i, e->code);
		if (prev != NULL)
			problem(c, &e->at, "%s already described at %s:%d",
			    e->code, prev->at.file, prev->at.line);
		override = c->user && refv != v &&
		    find_code(refv, refn, e->code) != NULL;
		isclass = strstr(e->code, "xx") != NULL ||
		    strstr(e->code, ".x.x") != NULL;
		if (!override && e->meaning == NULL)
			problem(c, &e->at, "%s has no meaning", e->code);
		if (!override && isclass && e->klass == NULL)
			problem(c, &e->at, "%s describes a class: it needs "
			    "\"class\"", e->code);
		if (!isclass && e->klass != NULL)
			problem(c, &e->at, "\"class\" belongs on class entries "
			    "(like 5xx or 5.x.x), not on %s", e->code);
		drop[i] = (char)c->bad;
	}
}

static void
check_reasons(struct checker *c, char *drop)
{
	const struct cat_reason	*e, *prev;
	size_t			 i;
	int			 override;

	for (i = 0; i < c->set->nreasons; i++) {
		e = &c->set->reasons[i];
		c->bad = 0;
		prev = find_reason(&(struct cat_set){ .reasons =
		    c->set->reasons, .nreasons = i }, e->name);
		if (prev != NULL)
			problem(c, &e->at, "reason %s already defined at "
			    "%s:%d", e->name, prev->at.file, prev->at.line);
		override = c->user && find_reason(c->ref, e->name) != NULL &&
		    c->ref != c->set;
		if (c->user && !override)
			problem(c, &e->at, "\"%s\" is not in the reason "
			    "vocabulary (see --list-reasons); user files may "
			    "change reasons, not add them", e->name);
		else if (!override) {
			if (e->group == NULL)
				problem(c, &e->at, "reason %s has no group",
				    e->name);
			if (e->desc == NULL || e->advice == NULL)
				problem(c, &e->at, "reason %s needs desc and "
				    "advice", e->name);
			if (e->hard == CAT_HARD_UNSET)
				problem(c, &e->at, "reason %s needs hard (yes, "
				    "no or permanent)", e->name);
		}
		drop[i] = (char)c->bad;
	}
}

static void
check_blocklists(struct checker *c, char *drop)
{
	const struct cat_blocklist	*e, *prev;
	size_t				 i;
	int				 override;

	for (i = 0; i < c->set->nblocklists; i++) {
		e = &c->set->blocklists[i];
		c->bad = 0;
		prev = find_blocklist(&(struct cat_set){ .blocklists =
		    c->set->blocklists, .nblocklists = i }, e->id);
		if (prev != NULL)
			problem(c, &e->at, "blocklist %s already defined at "
			    "%s:%d", e->id, prev->at.file, prev->at.line);
		override = c->user && c->ref != c->set &&
		    find_blocklist(c->ref, e->id) != NULL;
		if (!override && (e->name == NULL || e->url == NULL))
			problem(c, &e->at, "blocklist %s needs name and url",
			    e->id);
		if (!override && e->zones == NULL && e->phrases == NULL)
			problem(c, &e->at, "blocklist %s needs a zone or a "
			    "phrase to be recognised by", e->id);
		drop[i] = (char)c->bad;
	}
}

static int
rule_has_condition(const struct cat_rule *r)
{
	return r->status || r->reply || r->text || r->host || r->format ||
	    r->action || r->hint || r->blocklist || r->command;
}

static void
check_rule_refs(struct checker *c, const struct cat_rule *e)
{
	size_t	 i;

	if (e->reason != NULL && strcmp(e->reason, "hint") == 0) {
		if (e->hint == NULL)
			problem(c, &e->at, "\"reason hint\" needs a hint "
			    "condition");
	} else if (e->reason != NULL && !known_reason(c, e->reason))
		problem(c, &e->at, "unknown reason \"%s\" (see "
		    "--list-reasons)", e->reason);
	for (i = 0; e->hint != NULL && e->hint[i] != NULL; i++)
		if (strcmp(e->hint[i], "any") != 0 &&
		    !known_reason(c, e->hint[i]))
			problem(c, &e->at, "unknown reason \"%s\" in hint",
			    e->hint[i]);
	if (e->blocklist != NULL && strcmp(e->blocklist, "any") != 0 &&
	    strcmp(e->blocklist, "none") != 0 &&
	    strcmp(e->blocklist, "refused") != 0 &&
	    find_blocklist(c->set, e->blocklist) == NULL &&
	    find_blocklist(c->ref, e->blocklist) == NULL)
		problem(c, &e->at, "unknown blocklist \"%s\" (any, none, "
		    "refused or a blocklist name)", e->blocklist);
}

static void
check_rules(struct checker *c, char *drop)
{
	const struct cat_rule	*e, *prev;
	size_t			 i;
	int			 override;

	for (i = 0; i < c->set->nrules; i++) {
		e = &c->set->rules[i];
		c->bad = 0;
		prev = find_rule(&(struct cat_set){ .rules = c->set->rules,
		    .nrules = i }, e->id);
		if (prev != NULL)
			problem(c, &e->at, "rule %s already defined at %s:%d",
			    e->id, prev->at.file, prev->at.line);
		override = c->user && c->ref != c->set &&
		    find_rule(c->ref, e->id) != NULL;
		if (e->disable) {
			if (!override)
				problem(c, &e->at, "rule %s disables a rule "
				    "that does not exist", e->id);
		} else {
			if (e->reason == NULL)
				problem(c, &e->at, "rule %s has no reason",
				    e->id);
			if (!rule_has_condition(e))
				problem(c, &e->at, "rule %s has no condition "
				    "(status, reply, text, host, format, "
				    "action, command, hint or blocklist)", e->id);
			check_rule_refs(c, e);
		}
		drop[i] = (char)c->bad;
	}
}

/* ---- dropping failed entries --------------------------------------------- */

static void
compact(void *array, size_t *n, size_t size, const char *drop,
    enum cat_kind kind)
{
	char	*a = array;
	size_t	 i, j;

	for (i = j = 0; i < *n; i++) {
		if (drop[i]) {
			cat_entry_free(kind, a + i * size);
			continue;
		}
		if (i != j)
			memcpy(a + j * size, a + i * size, size);
		j++;
	}
	*n = j;
}

int
cat_check(struct cat_set *set, const struct cat_set *ref, int user,
    FILE *errs)
{
	struct checker	 c = { set, ref, user, errs, 0, 0 };
	size_t		 most;
	char		*drop;

	most = set->nreply + set->nenhanced + set->nreasons +
	    set->nblocklists + set->nrules + 1;
	drop = xcalloc(most, 1);
	check_codes(&c, set->reply, set->nreply, ref ? ref->reply : NULL,
	    ref ? ref->nreply : 0, drop);
	compact(set->reply, &set->nreply, sizeof(*set->reply), drop,
	    CAT_REPLY);
	check_codes(&c, set->enhanced, set->nenhanced,
	    ref ? ref->enhanced : NULL, ref ? ref->nenhanced : 0, drop);
	compact(set->enhanced, &set->nenhanced, sizeof(*set->enhanced), drop,
	    CAT_ENHANCED);
	check_reasons(&c, drop);
	compact(set->reasons, &set->nreasons, sizeof(*set->reasons), drop,
	    CAT_REASON);
	check_blocklists(&c, drop);
	compact(set->blocklists, &set->nblocklists, sizeof(*set->blocklists),
	    drop, CAT_BLOCKLIST);
	check_rules(&c, drop);
	compact(set->rules, &set->nrules, sizeof(*set->rules), drop,
	    CAT_RULE);
	free(drop);
	return c.nerrs;
}
