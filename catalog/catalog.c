/*
 * catalog.c: the active catalog, the built-in tables with the user's
 * entries laid over them, and the lookups everybody uses.
 *
 * User files are kept as read (one struct cat_set each); the merged view
 * (reasons, codes, blocklists, the ordered rule list) is rebuilt from them
 * and the built-in tables whenever a file is loaded.  Later files win over
 * earlier ones, and every user file wins over the built-in entries:
 * reasons, codes and blocklists take the fields the user gave, a rule with
 * a built-in's id replaces it, and user rules are tried before all others.
 */
#include "config.h"

#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "catalog/catint.h"

const char *const bv_reason_groups[] = {
	"recipient", "mailbox", "reputation", "policy", "auth", "network",
	"none", NULL
};

struct view {
	struct cat_reason	 *reasons;	/* vocabulary order */
	struct bv_reason_info	 *info;		/* same order */
	struct cat_reason	**byname;	/* sorted by name */
	size_t			  nreasons;
	struct cat_code		 *codes[2];	/* reply, enhanced; sorted */
	size_t			  ncodes[2];
	struct cat_blocklist	 *bl;
	size_t			  nbl;
	const struct cat_rule	**rules;
	size_t			  nrules;
};

static struct {
	struct cat_set	*user;		/* one set per file, load order */
	size_t		 nuser;
	unsigned	 gen;		/* bumped by every load */
	unsigned	 built;		/* generation the view is of */
	struct view	 v;
} C = { NULL, 0, 1, 0, { 0 } };

static pthread_mutex_t	 C_lock = PTHREAD_MUTEX_INITIALIZER;

/* ---- building the view -------------------------------------------------------- */

#define OVERRIDE(dst, src, f)	do {			\
	if ((src)->f != NULL)				\
		(dst)->f = (src)->f;			\
} while (0)

static void
merge_reasons(struct view *v)
{
	const struct cat_reason	*u;
	size_t			 i, f, j;

	v->nreasons = cat_builtin.nreasons;
	v->reasons = xreallocarray(NULL, v->nreasons + 1, sizeof(*v->reasons));
	memcpy(v->reasons, cat_builtin.reasons,
	    v->nreasons * sizeof(*v->reasons));
	for (f = 0; f < C.nuser; f++) {
		for (j = 0; j < C.user[f].nreasons; j++) {
			u = &C.user[f].reasons[j];
			for (i = 0; i < v->nreasons; i++) {
				if (strcmp(v->reasons[i].name, u->name) != 0)
					continue;
				OVERRIDE(&v->reasons[i], u, group);
				OVERRIDE(&v->reasons[i], u, desc);
				OVERRIDE(&v->reasons[i], u, advice);
				OVERRIDE(&v->reasons[i], u, status);
				if (u->hard != CAT_HARD_UNSET)
					v->reasons[i].hard = u->hard;
				v->reasons[i].at = u->at;
			}
		}
	}
	for (i = 0; i < v->nreasons; i++)
		if (v->reasons[i].status != NULL)
			v->reasons[i].status_temp = xasprintf("4%s",
			    v->reasons[i].status + 1);
}

static int
reason_cmp(const void *a, const void *b)
{
	const struct cat_reason	*const *x = a, *const *y = b;

	return strcmp((*x)->name, (*y)->name);
}

static void
index_reasons(struct view *v)
{
	size_t	 i;

	v->info = xcalloc(v->nreasons + 1, sizeof(*v->info));
	v->byname = xcalloc(v->nreasons + 1, sizeof(*v->byname));
	for (i = 0; i < v->nreasons; i++) {
		v->info[i].name = v->reasons[i].name;
		v->info[i].group = v->reasons[i].group;
		v->info[i].desc = v->reasons[i].desc;
		v->info[i].advice = v->reasons[i].advice;
		v->info[i].hard = v->reasons[i].hard != CAT_HARD_NO;
		v->info[i].hard_if_permanent =
		    v->reasons[i].hard == CAT_HARD_PERMANENT;
		v->byname[i] = &v->reasons[i];
	}
	qsort(v->byname, v->nreasons, sizeof(*v->byname), reason_cmp);
}

static int
code_cmp(const void *a, const void *b)
{
	const struct cat_code	*x = a, *y = b;

	return strcmp(x->code, y->code);
}

static void
merge_codes(struct view *v, int which)
{
	const struct cat_code	*base, *u;
	struct cat_code		*out;
	size_t			 nbase, n, i, f, j;

	base = which == 0 ? cat_builtin.reply : cat_builtin.enhanced;
	nbase = which == 0 ? cat_builtin.nreply : cat_builtin.nenhanced;
	n = nbase;
	for (f = 0; f < C.nuser; f++)
		n += which == 0 ? C.user[f].nreply : C.user[f].nenhanced;
	out = xreallocarray(NULL, n + 1, sizeof(*out));
	memcpy(out, base, nbase * sizeof(*out));
	n = nbase;
	for (f = 0; f < C.nuser; f++) {
		size_t	 nu = which == 0 ? C.user[f].nreply :
		    C.user[f].nenhanced;

		for (j = 0; j < nu; j++) {
			u = which == 0 ? &C.user[f].reply[j] :
			    &C.user[f].enhanced[j];
			for (i = 0; i < n; i++)
				if (strcmp(out[i].code, u->code) == 0)
					break;
			if (i == n) {
				out[n++] = *u;
				continue;
			}
			OVERRIDE(&out[i], u, klass);
			OVERRIDE(&out[i], u, meaning);
			OVERRIDE(&out[i], u, causes);
			OVERRIDE(&out[i], u, advice);
			OVERRIDE(&out[i], u, vendor);
			out[i].at = u->at;
		}
	}
	qsort(out, n, sizeof(*out), code_cmp);
	v->codes[which] = out;
	v->ncodes[which] = n;
}

/* User blocklists that are new come first, so they are found first. */
static void
merge_blocklists(struct view *v)
{
	const struct cat_blocklist	*u;
	struct cat_blocklist		*out;
	size_t				 n = cat_builtin.nblocklists, i, f, j;
	size_t				 nnew = 0;

	for (f = 0; f < C.nuser; f++)
		n += C.user[f].nblocklists;
	out = xreallocarray(NULL, n + 1, sizeof(*out));
	for (f = C.nuser; f-- > 0;)
		for (j = 0; j < C.user[f].nblocklists; j++) {
			u = &C.user[f].blocklists[j];
			for (i = 0; i < cat_builtin.nblocklists; i++)
				if (strcmp(cat_builtin.blocklists[i].id,
				    u->id) == 0)
					break;
			if (i == cat_builtin.nblocklists)
				out[nnew++] = *u;
		}
	memcpy(out + nnew, cat_builtin.blocklists,
	    cat_builtin.nblocklists * sizeof(*out));
	n = nnew + cat_builtin.nblocklists;
	for (f = 0; f < C.nuser; f++)
		for (j = 0; j < C.user[f].nblocklists; j++) {
			u = &C.user[f].blocklists[j];
			for (i = nnew; i < n; i++) {
				if (strcmp(out[i].id, u->id) != 0)
					continue;
				OVERRIDE(&out[i], u, name);
				OVERRIDE(&out[i], u, zones);
				OVERRIDE(&out[i], u, phrases);
				OVERRIDE(&out[i], u, refused);
				OVERRIDE(&out[i], u, url);
				OVERRIDE(&out[i], u, advice);
				out[i].at = u->at;
			}
		}
	v->bl = out;
	v->nbl = n;
}

/* Is rule ID given in a user file loaded at or after FROM? */
static int
user_has_rule(size_t from, const char *id)
{
	size_t	 f, j;

	for (f = from; f < C.nuser; f++)
		for (j = 0; j < C.user[f].nrules; j++)
			if (strcmp(C.user[f].rules[j].id, id) == 0)
				return 1;
	return 0;
}

static void
merge_rules(struct view *v)
{
	const struct cat_rule	*r;
	size_t			 n = cat_builtin.nrules, f, j;

	for (f = 0; f < C.nuser; f++)
		n += C.user[f].nrules;
	v->rules = xreallocarray(NULL, n + 1, sizeof(*v->rules));
	v->nrules = 0;
	for (f = C.nuser; f-- > 0;)
		for (j = 0; j < C.user[f].nrules; j++) {
			r = &C.user[f].rules[j];
			if (!r->disable && !user_has_rule(f + 1, r->id))
				v->rules[v->nrules++] = r;
		}
	for (j = 0; j < cat_builtin.nrules; j++) {
		r = &cat_builtin.rules[j];
		if (!user_has_rule(0, r->id))
			v->rules[v->nrules++] = r;
	}
}

static void
view_free(struct view *v)
{
	size_t	 i;

	for (i = 0; i < v->nreasons; i++)
		free((char *)v->reasons[i].status_temp);
	free(v->reasons);
	free(v->info);
	free(v->byname);
	free(v->codes[0]);
	free(v->codes[1]);
	free(v->bl);
	free(v->rules);
	memset(v, 0, sizeof(*v));
}

static void
ensure(void)
{
	unsigned	 gen;

	gen = __atomic_load_n(&C.gen, __ATOMIC_ACQUIRE);
	if (__atomic_load_n(&C.built, __ATOMIC_ACQUIRE) == gen)
		return;
	pthread_mutex_lock(&C_lock);
	if (C.built != C.gen) {
		view_free(&C.v);
		merge_reasons(&C.v);
		index_reasons(&C.v);
		merge_codes(&C.v, 0);
		merge_codes(&C.v, 1);
		merge_blocklists(&C.v);
		merge_rules(&C.v);
		__atomic_store_n(&C.built, C.gen, __ATOMIC_RELEASE);
	}
	pthread_mutex_unlock(&C_lock);
}

unsigned
cat_generation(void)
{
	ensure();
	return C.built;
}

/* ---- lookups ---------------------------------------------------------------- */

const struct cat_reason *
cat_reason(const char *name)
{
	size_t	 lo = 0, hi, mid;
	int	 c;

	if (name == NULL)
		return NULL;
	ensure();
	hi = C.v.nreasons;
	while (lo < hi) {
		mid = (lo + hi) / 2;
		c = strcmp(name, C.v.byname[mid]->name);
		if (c == 0)
			return C.v.byname[mid];
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return NULL;
}

const struct cat_code *
cat_code_exact(enum cat_kind kind, const char *code)
{
	struct cat_code	 key;
	int		 which = kind == CAT_REPLY ? 0 : 1;

	if (code == NULL)
		return NULL;
	ensure();
	memset(&key, 0, sizeof(key));
	key.code = code;
	return bsearch(&key, C.v.codes[which], C.v.ncodes[which],
	    sizeof(key), code_cmp);
}

const struct cat_blocklist *
cat_blocklist(const char *id)
{
	size_t	 i;

	ensure();
	for (i = 0; id != NULL && i < C.v.nbl; i++)
		if (strcmp(C.v.bl[i].id, id) == 0)
			return &C.v.bl[i];
	return NULL;
}

size_t
cat_nblocklists(void)
{
	ensure();
	return C.v.nbl;
}

const struct cat_blocklist *
cat_blocklist_at(size_t i)
{
	ensure();
	return i < C.v.nbl ? &C.v.bl[i] : NULL;
}

size_t
cat_nrules(void)
{
	ensure();
	return C.v.nrules;
}

const struct cat_rule *
cat_rule_at(size_t i)
{
	ensure();
	return i < C.v.nrules ? C.v.rules[i] : NULL;
}

const struct cat_rule *
cat_rule_by_id(const char *id)
{
	size_t	 i;

	ensure();
	for (i = 0; id != NULL && i < C.v.nrules; i++)
		if (strcmp(C.v.rules[i]->id, id) == 0)
			return C.v.rules[i];
	return NULL;
}

const struct bv_reason_info *
bv_reason_lookup(const char *name)
{
	const struct cat_reason	*r = cat_reason(name);

	return r == NULL ? NULL : &C.v.info[r - C.v.reasons];
}

size_t
bv_reason_count(void)
{
	ensure();
	return C.v.nreasons;
}

const struct bv_reason_info *
bv_reason_at(size_t i)
{
	ensure();
	return i < C.v.nreasons ? &C.v.info[i] : NULL;
}

/* ---- user files ---------------------------------------------------------------- */

int
bv_catalog_load_user(const char *path, FILE *errs)
{
	struct cat_set	 set;
	int		 n;

	memset(&set, 0, sizeof(set));
	n = cat_parse_file(&set, &cat_builtin, path, errs);
	n += cat_check(&set, &cat_builtin, 1, errs);
	pthread_mutex_lock(&C_lock);
	C.user = xreallocarray(C.user, C.nuser + 1, sizeof(*C.user));
	C.user[C.nuser++] = set;
	__atomic_add_fetch(&C.gen, 1, __ATOMIC_RELEASE);
	pthread_mutex_unlock(&C_lock);
	return n;
}

/* $XDG_CONFIG_HOME/bounceview/rules, or ~/.config/bounceview/rules. */
char *
bv_catalog_default_path(void)
{
	const char	*xdg = getenv("XDG_CONFIG_HOME");
	const char	*home = getenv("HOME");

	if (xdg != NULL && xdg[0] == '/')
		return xasprintf("%s/bounceview/rules", xdg);
	if (home != NULL && home[0] != '\0')
		return xasprintf("%s/.config/bounceview/rules", home);
	return NULL;
}

int
bv_catalog_load_default_user(FILE *errs)
{
	struct stat	 st;
	char		*path = bv_catalog_default_path();
	int		 n = 0;

	if (path == NULL)
		return 0;
	if (stat(path, &st) == 0)
		n = bv_catalog_load_user(path, errs);
	else if (errno != ENOENT && errno != ENOTDIR && errs != NULL) {
		fprintf(errs, "%s: %s\n", path, strerror(errno));
		n = 1;
	}
	free(path);
	return n;
}

void
bv_catalog_reset(void)
{
	size_t	 f;

	pthread_mutex_lock(&C_lock);
	for (f = 0; f < C.nuser; f++)
		cat_set_free(&C.user[f]);
	free(C.user);
	C.user = NULL;
	C.nuser = 0;
	view_free(&C.v);
	C.built = 0;
	__atomic_add_fetch(&C.gen, 1, __ATOMIC_RELEASE);
	pthread_mutex_unlock(&C_lock);
	cat_match_free();
}
