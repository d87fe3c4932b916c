/*
 * classify.c: apply the rules, in order, to what a bounce says.
 *
 * The diagnostic is scanned once (match.c); then the candidate rules are
 * tried in catalog order and the first whose every condition holds
 * decides.  Codes missing from the facts are taken from the diagnostic's
 * own text ("550 5.1.1 ..."), for matching only.
 */
#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "catalog/catint.h"

#define HOST_CAP	256	/* bytes of an MTA name examined */

/* What the rules look at, normalised once per bounce. */
struct ctx {
	const struct bv_facts	*f;
	const struct cat_scan	*scan;
	const char		*text;		/* folded diagnostic */
	size_t			 len;
	char			 status[16];	/* "5.1.1" or "" */
	unsigned		 st[3];
	char			 reply[4];	/* "550" or "" */
	int			 bl;		/* blocklist index or -1 */
	int			 refused;
	const char		*cmd;		/* SMTP command, or NULL */
	int			 cmd_known;	/* CMD was worked out */
};

#define DIGIT(c)	((c) >= '0' && (c) <= '9')

/* ---- codes ---------------------------------------------------------------- */

/* Parse "C.S.D" at S (up to 3 digits a part): length, or 0. */
static size_t
parse_status(const char *s, unsigned st[3])
{
	const char	*p = s;
	int		 part, digits;

	if (*p != '2' && *p != '4' && *p != '5')
		return 0;
	for (part = 0; part < 3; part++) {
		st[part] = 0;
		for (digits = 0; DIGIT(*p); digits++, p++)
			st[part] = st[part] * 10 + (unsigned)(*p - '0');
		if (digits == 0 || digits > 3)
			return 0;
		if (part < 2 && *p++ != '.')
			return 0;
	}
	if (DIGIT(*p) || (*p == '.' && DIGIT(p[1])))
		return 0;
	return (size_t)(p - s);
}

static void
set_status(struct ctx *x, const char *s, size_t n)
{
	if (n >= sizeof(x->status))
		return;
	memcpy(x->status, s, n);
	x->status[n] = '\0';
	parse_status(x->status, x->st);
}

/* Is the code at T[I] written right after a reply code ("550 5.1.1",
 * "550-5.1.1", "550-'5.1.1")?  That is the remote server's own. */
static int
after_reply(const char *t, size_t i)
{
	if (i >= 5 && t[i - 1] == '\'' && (t[i - 2] == '-' || t[i - 2] == ' '))
		i--;
	return i >= 4 && (t[i - 1] == ' ' || t[i - 1] == '-') &&
	    t[i - 4] >= '2' && t[i - 4] <= '5' &&
	    DIGIT(t[i - 3]) && DIGIT(t[i - 2]);
}

/* The first specific enhanced code in the first bytes of the folded text,
 * preferring one that follows a reply code (wrappers such as Amazon SES
 * put their own code first). */
static void
status_from_text(struct ctx *x)
{
	size_t	 i, n, lim = x->len < 256 ? x->len : 256;
	size_t	 first = 0, firstn = 0;
	unsigned st[3];

	for (i = 1; i < lim; i++) {
		if (!DIGIT(x->text[i]) ||
		    strchr(" #('\"[<-", x->text[i - 1]) == NULL)
			continue;
		if ((n = parse_status(x->text + i, st)) == 0 ||
		    (st[1] == 0 && st[2] == 0))
			continue;
		if (after_reply(x->text, i)) {
			set_status(x, x->text + i, n);
			return;
		}
		if (firstn == 0) {
			first = i;
			firstn = n;
		}
		i += n;
	}
	if (firstn > 0)
		set_status(x, x->text + first, firstn);
}

/* The first "ddd " or "ddd-" reply code near the start of the text. */
static void
reply_from_text(struct ctx *x)
{
	const char	*t = x->text;
	size_t		 i, lim = x->len < 128 ? x->len : 128;

	for (i = 1; i + 4 < lim; i++) {
		if (t[i - 1] != ' ' && t[i - 1] != ':' && t[i - 1] != '\'')
			continue;
		if (t[i] >= '2' && t[i] <= '5' && DIGIT(t[i + 1]) &&
		    DIGIT(t[i + 2]) &&
		    (t[i + 3] == ' ' || t[i + 3] == '-' || t[i + 3] == '\'')) {
			memcpy(x->reply, t + i, 3);
			x->reply[3] = '\0';
			return;
		}
	}
}

static void
read_codes(struct ctx *x)
{
	const char	*s = x->f->status;
	size_t		 n;

	x->status[0] = '\0';
	x->reply[0] = '\0';
	if (s != NULL) {
		while (isspace((unsigned char)*s))
			s++;
		if ((n = parse_status(s, x->st)) > 0)
			set_status(x, s, n);
	}
	/* A bare "X.0.0" says little; the text often has better. */
	if (x->status[0] == '\0' || (x->st[1] == 0 && x->st[2] == 0)) {
		char	 keep[16];

		memcpy(keep, x->status, sizeof(keep));
		status_from_text(x);
		if (x->status[0] != '\0' && keep[0] != '\0' &&
		    x->status[0] != keep[0])
			set_status(x, keep, strlen(keep));
	}
	s = x->f->reply_code;
	if (s != NULL && cat_is_reply(s))
		memcpy(x->reply, s, 4);
	else
		reply_from_text(x);
}

/* Class digit of the failure: '5', '4', '2' or 0 when nothing says. */
static char
failure_class(const struct ctx *x)
{
	if (x->status[0] != '\0')
		return x->status[0];
	if (x->reply[0] != '\0')
		return x->reply[0];
	if (x->f->action != NULL && strcasecmp(x->f->action, "delayed") == 0)
		return '4';
	return 0;
}

/* ---- conditions ------------------------------------------------------------- */

static int
reply_matches(const char *pat, const struct ctx *x)
{
	int	 i;

	if (x->reply[0] == '\0')
		return 0;
	for (i = 0; i < 3; i++)
		if (pat[i] != 'x' && pat[i] != x->reply[i])
			return 0;
	return 1;
}

/* Case-insensitive NEEDLE in the first HOST_CAP bytes of HAY. */
static int
host_contains(const char *hay, const char *needle)
{
	size_t	 n = strlen(needle), len, i;

	if (hay == NULL)
		return 0;
	len = strnlen(hay, HOST_CAP);
	for (i = 0; i + n <= len; i++)
		if (strncasecmp(hay + i, needle, n) == 0)
			return 1;
	return 0;
}

static int
any_of(const char *const *l, int (*match)(const char *, const struct ctx *),
    const struct ctx *x)
{
	for (; *l != NULL; l++)
		if (match(*l, x))
			return 1;
	return 0;
}

/* Is W one of the words of L (any case), or does L say "any"?  Most words
 * differ in their first letter: that is looked at before the whole. */
static int
word_in(const char *const *l, const char *w)
{
	if (w == NULL)
		return 0;
	for (; *l != NULL; l++) {
		if (((**l | 0x20) == (*w | 0x20) && strcasecmp(*l, w) == 0) ||
		    (**l == 'a' && strcmp(*l, "any") == 0))
			return 1;
	}
	return 0;
}

static const char *
command_of(struct ctx *x)
{
	if (x->cmd_known)
		return x->cmd;
	x->cmd_known = 1;
	if (x->f->command != NULL)
		return x->cmd = x->f->command;
	return x->cmd = cat_scan_command(x->scan);
}

static int
host_matches(const char *h, const struct ctx *x)
{
	return host_contains(x->f->remote_mta, h) ||
	    host_contains(x->f->reporting_mta, h);
}

static int
blocklist_matches(const char *want, const struct ctx *x)
{
	const struct cat_blocklist	*b;

	if (strcmp(want, "refused") == 0)
		return x->bl >= 0 && x->refused;
	if (strcmp(want, "none") == 0)
		return x->bl < 0;
	if (x->bl < 0 || x->refused)
		return 0;
	if (strcmp(want, "any") == 0)
		return 1;
	b = cat_blocklist_at((size_t)x->bl);
	return strcmp(b->id, want) == 0;
}

static int
rule_matches(const struct cat_rule *r, size_t i, struct ctx *x)
{
	if (r->hint != NULL && !word_in(r->hint, x->f->hint_reason))
		return 0;
	if (r->action != NULL && !word_in(r->action, x->f->action))
		return 0;
	if (r->format != NULL && !word_in(r->format, x->f->format))
		return 0;
	if (r->command != NULL && !word_in(r->command, command_of(x)))
		return 0;
	if (r->status != NULL && (x->status[0] == '\0' ||
	    !cat_rule_status(i, x->st)))
		return 0;
	if (r->reply != NULL && !any_of(r->reply, reply_matches, x))
		return 0;
	if (r->blocklist != NULL && !blocklist_matches(r->blocklist, x))
		return 0;
	if (r->host != NULL && !any_of(r->host, host_matches, x))
		return 0;
	return cat_scan_rule_text(x->scan, i) &&
	    !cat_scan_rule_unless(x->scan, i);
}

/* ---- the verdict ------------------------------------------------------------- */

static int
hardness(const struct cat_rule *r, const struct cat_reason *why,
    const struct ctx *x)
{
	if (r != NULL && r->hard >= 0)
		return r->hard;
	switch (why->hard) {
	case CAT_HARD_YES:
		return 1;
	case CAT_HARD_PERMANENT:
		return failure_class(x) != '4' && failure_class(x) != '2';
	default:
		return 0;
	}
}

/* The most specific advice: the rule's, the blocklist's, the status
 * code's when the rule went by it, else the reason's. */
static const char *
advice(const struct cat_rule *r, const struct cat_reason *why,
    const struct ctx *x, const struct cat_blocklist *b)
{
	const struct cat_code	*c;

	if (r != NULL && r->advice != NULL)
		return r->advice;
	if (b != NULL && b->advice != NULL)
		return b->advice;
	if (r != NULL && r->status != NULL && x->status[0] != '\0') {
		char	 any[16];

		snprintf(any, sizeof(any), "x%s", x->status + 1);
		if (((c = cat_code_exact(CAT_ENHANCED, x->status)) != NULL ||
		    (c = cat_code_exact(CAT_ENHANCED, any)) != NULL) &&
		    c->advice != NULL)
			return c->advice;
	}
	return why->advice;
}

void
bv_classify(const struct bv_facts *f, struct bv_verdict *v)
{
	static const struct bv_facts	 none;
	const struct cat_rule		*r = NULL;
	const struct cat_reason		*why;
	const struct cat_blocklist	*b = NULL;
	const char			*name;
	struct ctx			 x;
	size_t				 i, n;

	memset(v, 0, sizeof(*v));
	memset(&x, 0, sizeof(x));
	x.f = f != NULL ? f : &none;
	x.scan = cat_scan_text(x.f->diagnostic);
	x.text = cat_scan_folded(x.scan, &x.len);
	read_codes(&x);
	x.bl = cat_scan_blocklist(x.scan, &x.refused);
	n = cat_nrules();
	for (i = cat_scan_next_rule(x.scan, 0); i < n;
	    i = cat_scan_next_rule(x.scan, i + 1)) {
		if (rule_matches(cat_rule_at(i), i, &x)) {
			r = cat_rule_at(i);
			break;
		}
	}
	name = r != NULL ? r->reason : "undefined";
	if (r != NULL && strcmp(name, "hint") == 0)
		name = x.f->hint_reason;
	if ((why = cat_reason(name)) == NULL)
		why = cat_reason("undefined");
	if (x.bl >= 0 && !x.refused)
		b = cat_blocklist_at((size_t)x.bl);
	v->reason = why->name;
	v->rule = r != NULL ? r->id : "unmatched";
	v->hard = hardness(r, why, &x);
	v->remediation = advice(r, why, &x, b);
	v->status_hint = failure_class(&x) == '4' ? why->status_temp :
	    why->status;
	if (b != NULL) {
		v->blocklist = b->name;
		v->blocklist_url = b->url;
	}
	if (b != NULL || strcmp(why->group, "reputation") == 0)
		cat_find_ip(x.text, x.len, v->listed_ip, sizeof(v->listed_ip));
}
