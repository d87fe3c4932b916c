/*
 * pattern.c: the pattern language of --filter and of the interface's limit,
 * search and tag commands.
 *
 *	pattern	:= or
 *	or	:= and ( "|" and )*
 *	and	:= unary unary*			juxtaposition is "and"
 *	unary	:= "!" unary | "(" or ")" | term
 *	term	:= "@" FIELD [ "=" VALUE ] | "~f" TEXT | "~t" TEXT | "~s" TEXT
 *		 | WORD | "QUOTED"
 *
 * A pattern is compiled once into a tree whose "and" and "or" nodes hold
 * lists (so a long pattern is a wide tree, not a deep one); text tests are
 * case-insensitive (ASCII) substring searches with a Horspool table, built
 * at compile time so matching allocates nothing.  The whole pattern "all"
 * matches every record.
 */
#include "config.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "parser/parser.h"

#define PAT_MAX		4096		/* bytes of pattern text */
#define PAT_DEPTH	64		/* nested ( and ! */
#define HAY_MAX		(64 * 1024)	/* bytes of a field searched */
#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))

enum pkind {
	P_ALL, P_OR, P_AND, P_NOT,
	P_REASON, P_GROUP, P_STATUS, P_REPLY, P_DNSBL, P_BL, P_HARD, P_SOFT,
	P_FORMAT, P_DOMAIN, P_RHOST, P_TAGGED, P_UNPARSED,
	P_FROM, P_TO, P_SUBJECT, P_ANY,
};

/* A text searched for: folded to lower case, with its Horspool shifts. */
struct needle {
	unsigned char	*s;
	size_t		 n;
	uint16_t	 shift[256];
};

struct pnode {
	enum pkind	 kind;
	struct pnode	**kid;		/* or, and: the operands; not: kid[0] */
	size_t		 nkid;
	char		*value;		/* exact or glob value, folded */
	int		 glob;		/* VALUE has * or ? */
	struct needle	 nd;		/* contains-tests */
	const char	**names;	/* @group: the reasons in the group */
	size_t		 nnames;
};

struct bv_pattern {
	struct pnode	*root;
};

/* "@name" fields: which take a value. */
static const struct pfield {
	const char	*name;
	enum pkind	 kind;
	int		 value;
} pfields[] = {
	{ "reason",	P_REASON,	1 },
	{ "group",	P_GROUP,	1 },
	{ "status",	P_STATUS,	1 },
	{ "reply",	P_REPLY,	1 },
	{ "dnsbl",	P_DNSBL,	0 },
	{ "bl",		P_BL,		1 },
	{ "hard",	P_HARD,		0 },
	{ "soft",	P_SOFT,		0 },
	{ "format",	P_FORMAT,	1 },
	{ "domain",	P_DOMAIN,	1 },
	{ "rhost",	P_RHOST,	1 },
	{ "tagged",	P_TAGGED,	0 },
	{ "unparsed",	P_UNPARSED,	0 },
};

static unsigned char	fold[256];

static void
fold_init(void)
{
	int	 c;

	if (fold['A'] == 'a')
		return;
	for (c = 0; c < 256; c++)
		fold[c] = (unsigned char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
}

/* ---- matching ----------------------------------------------------------------- */

static void
needle_init(struct needle *nd, const char *s, size_t n)
{
	size_t	 i;

	nd->s = xmalloc(n + 1);
	for (i = 0; i < n; i++)
		nd->s[i] = fold[(unsigned char)s[i]];
	nd->s[n] = '\0';
	nd->n = n;
	for (i = 0; i < 256; i++)
		nd->shift[i] = (uint16_t)n;
	for (i = 0; i + 1 < n; i++)
		nd->shift[nd->s[i]] = (uint16_t)(n - 1 - i);
}

/* Does H (NUL-terminated; the first HAY_MAX bytes) contain the needle? */
static int
needle_in(const struct needle *nd, const char *h)
{
	const unsigned char	*u = (const unsigned char *)h;
	size_t			 m = nd->n, len, i, j;
	unsigned char		 last;

	if (h == NULL)
		return 0;
	len = strnlen(h, HAY_MAX);
	if (len < m)
		return 0;
	for (i = 0; i <= len - m; i += nd->shift[last]) {
		last = fold[u[i + m - 1]];
		if (last != nd->s[m - 1])
			continue;
		for (j = 0; j + 1 < m && fold[u[i + j]] == nd->s[j]; j++)
			;
		if (j + 1 >= m)
			return 1;
	}
	return 0;
}

/* Glob with * and ?, ignoring ASCII case; P is folded already.  One star
 * is remembered at a time, so the work is bounded by len(P) * len(S). */
static int
glob_match(const char *p, const char *s)
{
	const char	*star = NULL, *resume = NULL;

	while (*s != '\0') {
		if (*p == '*') {
			star = ++p;
			resume = s;
		} else if (*p == '?' || (*p != '\0' &&
		    (unsigned char)*p == fold[(unsigned char)*s])) {
			p++;
			s++;
		} else if (star != NULL) {
			p = star;
			s = ++resume;
		} else
			return 0;
	}
	while (*p == '*')
		p++;
	return *p == '\0';
}

/* Does S begin with the folded PREFIX? */
static const char *
fold_prefix(const char *s, const char *prefix)
{
	for (; *prefix != '\0'; s++, prefix++)
		if (fold[(unsigned char)*s] != (unsigned char)*prefix)
			return NULL;
	return s;
}

static int
fold_equal(const char *s, const char *v)
{
	return s != NULL && (s = fold_prefix(s, v)) != NULL && *s == '\0';
}

/* @status: a glob, or the code itself, or its class or class.subject
 * ("5" and "5.7" match 5.7.1). */
static int
match_status(const struct pnode *n, const char *status)
{
	const char	*rest;

	if (status == NULL)
		return 0;
	if (n->glob)
		return glob_match(n->value, status);
	rest = fold_prefix(status, n->value);
	return rest != NULL && (*rest == '\0' || *rest == '.');
}

/* @reply: a glob, or the code or its first digits ("5", "55"). */
static int
match_reply(const struct pnode *n, const char *reply)
{
	if (reply == NULL)
		return 0;
	if (n->glob)
		return glob_match(n->value, reply);
	return fold_prefix(reply, n->value) != NULL;
}

/* @domain: the recipient's domain is VALUE or one of its subdomains. */
static int
match_domain(const struct pnode *n, const char *rcpt)
{
	const char	*at;
	size_t		 dl, vl = strlen(n->value);

	if (rcpt == NULL || (at = strrchr(rcpt, '@')) == NULL)
		return 0;
	at++;
	dl = strlen(at);
	if (dl < vl || !fold_equal(at + dl - vl, n->value))
		return 0;
	return dl == vl || at[dl - vl - 1] == '.';
}

static int
match_group(const struct pnode *n, const char *reason)
{
	size_t	 i;

	if (reason == NULL)
		return 0;
	for (i = 0; i < n->nnames; i++)
		if (reason == n->names[i] || strcmp(reason, n->names[i]) == 0)
			return 1;
	return 0;
}

/* A bare word: anywhere a record shows text. */
static int
match_any(const struct pnode *n, const struct bv_record *r)
{
	const char *const	 f[] = {
		r->recipient, r->diagnostic, r->status, r->reply_code,
		r->reason, r->remote_mta, r->reporting_mta, r->blocklist,
		r->listed_ip, r->original.from, r->original.to,
		r->original.subject, r->original.message_id,
		r->original_recipient, r->action, r->rule, r->format,
		r->feedback_type, r->error,
	};
	size_t			 i;

	for (i = 0; i < NELEM(f); i++)
		if (needle_in(&n->nd, f[i]))
			return 1;
	return 0;
}

static int
match(const struct pnode *n, const struct bv_record *r)
{
	size_t	 i;

	switch (n->kind) {
	case P_ALL:
		return 1;
	case P_OR:
		for (i = 0; i < n->nkid; i++)
			if (match(n->kid[i], r))
				return 1;
		return 0;
	case P_AND:
		for (i = 0; i < n->nkid; i++)
			if (!match(n->kid[i], r))
				return 0;
		return 1;
	case P_NOT:
		return !match(n->kid[0], r);
	case P_REASON:
		return fold_equal(r->reason, n->value);
	case P_GROUP:
		return match_group(n, r->reason);
	case P_STATUS:
		return match_status(n, r->status);
	case P_REPLY:
		return match_reply(n, r->reply_code);
	case P_DNSBL:
		return r->blocklist != NULL;
	case P_BL:
		return needle_in(&n->nd, r->blocklist);
	case P_HARD:
		return r->hard == 1;
	case P_SOFT:
		return r->hard == 0;
	case P_FORMAT:
		return r->format != NULL && (n->glob ?
		    glob_match(n->value, r->format) :
		    fold_equal(r->format, n->value));
	case P_DOMAIN:
		return match_domain(n, r->recipient);
	case P_RHOST:
		return needle_in(&n->nd, r->remote_mta);
	case P_TAGGED:
		return r->tagged;
	case P_UNPARSED:
		return r->error != NULL || r->format == NULL;
	case P_FROM:
		return needle_in(&n->nd, r->original.from);
	case P_TO:
		return needle_in(&n->nd, r->original.to);
	case P_SUBJECT:
		return needle_in(&n->nd, r->original.subject);
	case P_ANY:
		return match_any(n, r);
	}
	return 0;
}

int
bv_pattern_match(const struct bv_pattern *p, const struct bv_record *r)
{
	if (p == NULL)
		return 1;
	return match(p->root, r);
}

/* ---- nodes ----------------------------------------------------------------------- */

static struct pnode *
node_new(enum pkind kind)
{
	struct pnode	*n = xcalloc(1, sizeof(*n));

	n->kind = kind;
	return n;
}

static void
node_free(struct pnode *n)
{
	size_t	 i;

	if (n == NULL)
		return;
	for (i = 0; i < n->nkid; i++)
		node_free(n->kid[i]);
	free(n->kid);
	free(n->value);
	free(n->nd.s);
	free(n->names);
	free(n);
}

static void
node_add(struct pnode *n, struct pnode *kid)
{
	n->kid = xreallocarray(n->kid, n->nkid + 1, sizeof(*n->kid));
	n->kid[n->nkid++] = kid;
}

void
bv_pattern_free(struct bv_pattern *p)
{
	if (p == NULL)
		return;
	node_free(p->root);
	free(p);
}

/* ---- parsing --------------------------------------------------------------------- */

struct pp {
	const char	*s;
	size_t		 len;
	size_t		 i;
	int		 depth;
	/* the first error */
	char		*err;
	size_t		 errlen;
	size_t		 errpos;
	int		 failed;
};

static void	*fail(struct pp *, size_t, const char *, ...)
		    __attribute__((format(printf, 3, 4)));

static void *
fail(struct pp *p, size_t pos, const char *fmt, ...)
{
	va_list	 ap;

	if (!p->failed) {
		p->failed = 1;
		p->errpos = pos;
		if (p->err != NULL && p->errlen > 0) {
			va_start(ap, fmt);
			vsnprintf(p->err, p->errlen, fmt, ap);
			va_end(ap);
		}
	}
	return NULL;
}

static int
is_blank(int c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static void
skip_blanks(struct pp *p)
{
	while (p->i < p->len && is_blank((unsigned char)p->s[p->i]))
		p->i++;
}

static int
peek(struct pp *p)
{
	return p->i < p->len ? (unsigned char)p->s[p->i] : -1;
}

/* Ends a word: blanks, operators that may follow without a blank. */
static int
word_end(int c)
{
	return c == -1 || is_blank(c) || c == '|' || c == '(' || c == ')' ||
	    c == '"';
}

/*
 * A text operand at the current position: a "quoted string" (\" and \\
 * inside) or a word.  Returns it (caller frees), or NULL with the error
 * set; WHAT names the operand for messages.
 */
static char *
text_operand(struct pp *p, const char *what, size_t at)
{
	struct buf	 b = { NULL, 0, 0 };
	size_t		 open;

	if (peek(p) == '"') {
		open = p->i++;
		for (;;) {
			if (p->i >= p->len) {
				buf_free(&b);
				return fail(p, open, "missing closing \"");
			}
			if (p->s[p->i] == '"')
				break;
			if (p->s[p->i] == '\\' && p->i + 1 < p->len)
				p->i++;
			buf_addc(&b, p->s[p->i++]);
		}
		p->i++;
		if (b.len == 0) {
			buf_free(&b);
			return fail(p, open, "empty \"\" matches nothing: "
			    "write some text between the quotes");
		}
		return buf_steal(&b);
	}
	open = p->i;
	while (!word_end(peek(p)))
		p->i++;
	if (p->i == open)
		return fail(p, at, "%s needs a text after it", what);
	return xstrndup(p->s + open, p->i - open);
}

static struct pnode *
text_node(enum pkind kind, char *text)
{
	struct pnode	*n = node_new(kind);

	needle_init(&n->nd, text, strlen(text));
	free(text);
	return n;
}

/* ~f TEXT, ~t TEXT, ~s TEXT */
static struct pnode *
tilde(struct pp *p)
{
	static const struct {
		char		 c;
		enum pkind	 kind;
	} ops[] = { { 'f', P_FROM }, { 't', P_TO }, { 's', P_SUBJECT } };
	size_t		 at = p->i, end, i;
	char		*text, op[3] = { '~', 0, 0 };

	for (end = at + 1; !word_end(end < p->len ?
	    (unsigned char)p->s[end] : -1); end++)
		;
	for (i = 0; i < NELEM(ops); i++)
		if (end == at + 2 && p->s[at + 1] == ops[i].c)
			break;
	if (i == NELEM(ops)) {
		if (end - at > 32)
			end = at + 32;
		return fail(p, at, "unknown operator %.*s (~f, ~t and ~s "
		    "take a text after a blank)", (int)(end - at), p->s + at);
	}
	op[1] = ops[i].c;
	p->i = end;
	skip_blanks(p);
	if ((text = text_operand(p, op, at)) == NULL)
		return NULL;
	return text_node(ops[i].kind, text);
}

/* The value of @reason, @group: checked against the catalog. */
static struct pnode *
vocab_node(struct pp *p, enum pkind kind, char *value, size_t at)
{
	const struct bv_reason_info	*ri;
	const char *const		*g;
	struct pnode			*n;
	size_t				 i;

	if (kind == P_REASON) {
		if ((ri = bv_reason_lookup(value)) == NULL) {
			for (i = 0; i < bv_reason_count(); i++)
				if (strcasecmp(bv_reason_at(i)->name,
				    value) == 0)
					break;
			if (i == bv_reason_count()) {
				fail(p, at, "unknown reason %.64s "
				    "(bounceview --list-reasons lists them)",
				    value);
				free(value);
				return NULL;
			}
		}
		n = node_new(kind);
		n->value = value;
		for (i = 0; value[i] != '\0'; i++)
			value[i] = (char)fold[(unsigned char)value[i]];
		return n;
	}
	for (g = bv_reason_groups; *g != NULL; g++)
		if (strcasecmp(*g, value) == 0)
			break;
	if (*g == NULL) {
		fail(p, at, "unknown group %.64s (recipient, mailbox, "
		    "reputation, policy, auth, network or none)", value);
		free(value);
		return NULL;
	}
	n = node_new(kind);
	n->value = value;
	for (i = 0; i < bv_reason_count(); i++) {
		ri = bv_reason_at(i);
		if (ri->group != NULL && strcmp(ri->group, *g) == 0) {
			n->names = xreallocarray(n->names, n->nnames + 1,
			    sizeof(*n->names));
			n->names[n->nnames++] = ri->name;
		}
	}
	return n;
}

/* @field or @field=value */
static struct pnode *
field(struct pp *p)
{
	const struct pfield	*f = NULL;
	struct pnode		*n;
	size_t			 at = p->i, end, i, vat;
	char			*value;
	int			 c;

	for (end = at + 1; end < p->len; end++) {
		c = (unsigned char)p->s[end];
		if (!isalnum(c) && c != '_' && c != '-')
			break;
	}
	for (i = 0; i < NELEM(pfields); i++)
		if (end - at - 1 == strlen(pfields[i].name) &&
		    strncasecmp(p->s + at + 1, pfields[i].name,
		    end - at - 1) == 0)
			f = &pfields[i];
	if (f == NULL) {
		if (end == at + 1)
			return fail(p, at, "@ needs a field name (@reason=, "
			    "@status=, @dnsbl, ...; quote \"@...\" to search "
			    "for it)");
		return fail(p, at, "unknown field %.*s", (int)(end - at > 32 ?
		    32 : end - at), p->s + at);
	}
	p->i = end;
	if (!f->value) {
		if (peek(p) == '=')
			return fail(p, p->i, "@%s takes no value", f->name);
		if (!word_end(peek(p)))
			return fail(p, p->i, "unexpected text after @%s",
			    f->name);
		return node_new(f->kind);
	}
	if (peek(p) != '=')
		return fail(p, at, "@%s needs a value: @%s=...", f->name,
		    f->name);
	vat = ++p->i;
	if (word_end(peek(p)) && peek(p) != '"')
		return fail(p, vat, "@%s= needs a value after the =",
		    f->name);
	if ((value = text_operand(p, f->name, vat)) == NULL)
		return NULL;
	switch (f->kind) {
	case P_REASON:
	case P_GROUP:
		return vocab_node(p, f->kind, value, vat);
	case P_BL:
	case P_RHOST:
		return text_node(f->kind, value);
	default:
		break;
	}
	n = node_new(f->kind);
	if (f->kind == P_DOMAIN && value[0] == '@' && value[1] != '\0')
		memmove(value, value + 1, strlen(value));
	for (i = 0; value[i] != '\0'; i++)
		value[i] = (char)fold[(unsigned char)value[i]];
	n->value = value;
	n->glob = f->kind != P_DOMAIN && strpbrk(value, "*?") != NULL;
	return n;
}

static struct pnode	*parse_or(struct pp *);

static struct pnode *
parse_unary(struct pp *p)
{
	struct pnode	*n, *kid;
	char		*text;
	size_t		 at;
	int		 c;

	skip_blanks(p);
	at = p->i;
	if (p->depth >= PAT_DEPTH)
		return fail(p, at, "pattern nested too deeply");
	switch ((c = peek(p))) {
	case '!':
		p->i++;
		skip_blanks(p);
		if (peek(p) == -1 || peek(p) == '|' || peek(p) == ')')
			return fail(p, at, "! needs a pattern after it");
		p->depth++;
		kid = parse_unary(p);
		p->depth--;
		if (kid == NULL)
			return NULL;
		n = node_new(P_NOT);
		node_add(n, kid);
		return n;
	case '(':
		p->i++;
		skip_blanks(p);
		if (peek(p) == ')')
			return fail(p, at, "empty ( )");
		p->depth++;
		n = parse_or(p);
		p->depth--;
		if (n == NULL)
			return NULL;
		skip_blanks(p);
		if (peek(p) != ')') {
			node_free(n);
			return fail(p, p->i, "missing ) to close the ( at "
			    "offset %zu", at);
		}
		p->i++;
		return n;
	case ')':
		return fail(p, at, "unexpected )");
	case '|':
		return fail(p, at, "empty pattern before |");
	case '@':
		return field(p);
	case '~':
		return tilde(p);
	case -1:
		return fail(p, at, p->depth > 0 ? "missing )" :
		    "empty pattern");
	default:
		if ((text = text_operand(p, "a word", at)) == NULL)
			return NULL;
		return text_node(P_ANY, text);
	}
}

static struct pnode *
parse_and(struct pp *p)
{
	struct pnode	*n = NULL, *kid;

	for (;;) {
		skip_blanks(p);
		if (n != NULL && (peek(p) == -1 || peek(p) == '|' ||
		    peek(p) == ')'))
			return n;
		if ((kid = parse_unary(p)) == NULL) {
			node_free(n);
			return NULL;
		}
		if (n == NULL)
			n = kid;
		else {
			if (n->kind != P_AND) {
				struct pnode	*and = node_new(P_AND);

				node_add(and, n);
				n = and;
			}
			node_add(n, kid);
		}
	}
}

static struct pnode *
parse_or(struct pp *p)
{
	struct pnode	*n, *kid, *or = NULL;

	if ((n = parse_and(p)) == NULL)
		return NULL;
	for (;;) {
		skip_blanks(p);
		if (peek(p) != '|')
			break;
		p->i++;
		skip_blanks(p);
		if (peek(p) == -1 || peek(p) == ')' || peek(p) == '|') {
			fail(p, p->i, "empty pattern after |");
			break;
		}
		if ((kid = parse_and(p)) == NULL)
			break;
		if (or == NULL) {
			or = node_new(P_OR);
			node_add(or, n);
			n = or;
		}
		node_add(or, kid);
	}
	if (p->failed) {
		node_free(n);
		return NULL;
	}
	return n;
}

struct bv_pattern *
bv_pattern_compile(const char *text, char *err, size_t errlen,
    size_t *errpos)
{
	struct bv_pattern	*pat;
	struct pnode		*n;
	struct pp		 p;
	size_t			 a, b;

	fold_init();
	memset(&p, 0, sizeof(p));
	p.s = text != NULL ? text : "";
	p.len = strlen(p.s);
	p.err = err;
	p.errlen = errlen;
	if (err != NULL && errlen > 0)
		err[0] = '\0';
	/* the whole pattern "all" (any case, blanks around) */
	for (a = 0; a < p.len && is_blank((unsigned char)p.s[a]); a++)
		;
	for (b = p.len; b > a && is_blank((unsigned char)p.s[b - 1]); b--)
		;
	if (p.len > PAT_MAX)
		n = fail(&p, PAT_MAX, "pattern longer than %d bytes",
		    PAT_MAX);
	else if (b - a == 3 && strncasecmp(p.s + a, "all", 3) == 0)
		n = node_new(P_ALL);
	else if ((n = parse_or(&p)) != NULL && (skip_blanks(&p),
	    p.i < p.len)) {
		/* parse_or stops only at the end or at a ) */
		node_free(n);
		n = fail(&p, p.i, "unexpected )");
	}
	if (n == NULL) {
		if (errpos != NULL)
			*errpos = p.errpos <= p.len ? p.errpos : p.len;
		return NULL;
	}
	pat = xcalloc(1, sizeof(*pat));
	pat->root = n;
	return pat;
}
