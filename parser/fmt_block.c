/*
 * fmt_block.c: the text-block engine, which reads the plain-text notices of
 * MTAs that send no delivery-status part.  Their notices share one shape: an
 * introduction, a block that lists each failed address followed by what the
 * remote server said, then the returned message.  What differs is data (see
 * struct bv_fmt_variant in parser.h); the variants themselves are in
 * fmt_variants.c.
 */
#include "config.h"

#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "parser/parser.h"

#define MAXRCPT		10000	/* recipients read from one notice (a list
				   send); hostile input stops here */
#define MAXLINES	4000	/* lines read from one notice */
#define FEWRCPT		8	/* recipients held without malloc */

/* Words before the address of a recipient line, whatever the MTA. */
static const char *const any_labels[] = {
	"* ", "- ", "-> ", "\xe2\x80\xa2 ", ">>> ", "rcpt to:", "recipient address:",
	"recipient:", "rfc822;", "original-recipient:", "final-recipient:",
	"addressed to:", NULL
};

struct entry {
	char		 addr[BV_FMT_ADDR_MAX];
	struct buf	 diag;
	const char	*cmd;		/* SMTP command, with BV_FMT_CMDLINE */
	uint32_t	 hash;		/* of addr, case folded */
	int		 dup;		/* listed twice: keep the first text */
	int		 bare;		/* diag is only the label line that
					   listed the address */
	const struct buf *shared;	/* text it shares (borrowed) */
	int		 closed;	/* text complete (BV_FMT_GENERIC) */
};

/* Lines that are only an SMTP verb (BV_FMT_CMDLINE), and the command. */
static const struct {
	const char	*line;
	const char	*cmd;
} verbs[] = {
	{ "=DATA", "DATA" }, { "=end of DATA", "DATA" }, { "=RCPT TO", "RCPT" },
	{ "=RCPT TO:", "RCPT" }, { "=RCPT", "RCPT" }, { "=MAIL FROM", "MAIL" },
	{ "=MAIL FROM:", "MAIL" }, { "=MAIL", "MAIL" }, { "=EHLO", "HELO" },
	{ "=HELO", "HELO" }, { "=CONNECT", "CONN" }, { NULL, NULL }
};

struct blk {
	const struct bv_fmt_variant	*v;
	const struct bv_msg		*m;
	struct entry			*e;		/* owned, unless
							   the caller's few */
	struct entry			*few;		/* borrowed */
	size_t				 ne, cap;
	int				 cur;		/* entry taking lines */
	size_t				 indent;	/* of the first one */
	struct buf			 pre;		/* before the first */
	const char			*precmd;	/* command named there */
	struct buf			 all;		/* every kept line, if */
	int				 keepall;	/* recipients may come from
							   X-Failed-Recipients */
	int				 sink;		/* in an item that is no
							   address: lines dropped */
	struct bv_line			 item;		/* that item's line */
	unsigned			 ownknown;	/* by OWN_*: looked up */
	unsigned			 ownfound;	/* and an address found */
	char				 own[2][BV_FMT_ADDR_MAX];
};

/* The notice's own addresses (its From and To headers'), looked up once:
 * compared with every address a line opens with. */
enum { OWN_FROM, OWN_TO };

/* ASCII lower case, without the locale's table (labels are compared for
 * every line of a notice). */
static int
lc(int c)
{
	return (unsigned)(c - 'A') < 26 ? c + 32 : c;
}

/* Does LABEL begin S[0..N)?  A blank in LABEL stands for any run of blanks,
 * a '#' for a number (IMail's "Delivery failed 3 attempts:").  Returns the
 * length matched, or 0. */
static size_t
label_at(const char *s, size_t n, const char *label)
{
	size_t	 i = 0;

	for (; *label != '\0'; label++) {
		if (*label == ' ') {
			if (i < n && s[i] != ' ' && s[i] != '\t')
				return 0;
			while (i < n && (s[i] == ' ' || s[i] == '\t'))
				i++;
			continue;
		}
		if (*label == '#') {
			if (i >= n || !isdigit((unsigned char)s[i]))
				return 0;
			while (i < n && isdigit((unsigned char)s[i]))
				i++;
			continue;
		}
		if (i >= n || lc((unsigned char)s[i]) !=
		    lc((unsigned char)*label))
			return 0;
		i++;
	}
	return i;
}

static size_t
skip_blanks(const char *s, size_t n, size_t i)
{
	while (i < n && (s[i] == ' ' || s[i] == '\t'))
		i++;
	return i;
}

/* Does line L match one of MARKS (substring, or "=TEXT": the whole line with
 * blanks around it ignored)? */
static int
marked(const struct bv_line *l, const char *const *marks)
{
	size_t	 i, b, e, k;

	if (marks == NULL)
		return 0;
	for (i = 0; marks[i] != NULL; i++) {
		if (marks[i][0] != '=') {
			if (bv_fmt_find(l->s, l->len, marks[i]) != NULL)
				return 1;
			continue;
		}
		b = skip_blanks(l->s, l->len, 0);
		for (e = l->len; e > b && isspace((unsigned char)l->s[e - 1]);
		    e--)
			;
		k = strlen(marks[i] + 1);
		if (e - b == k && bv_fmt_prefix(l->s + b, k, marks[i] + 1))
			return 1;
	}
	return 0;
}

static struct bv_fmt_set any_set = BV_FMT_SET(any_labels, sizeof(char *));

/* The general label that begins S[0..N): length matched or 0. */
static size_t
any_label(const char *s, size_t n)
{
	const char	*l = bv_fmt_set_prefix(&any_set, s, n, NULL);

	return l != NULL ? bv_fmt_prefix_len(s, n, l) : 0;
}

/* The label of LIST that begins S[I..N): length matched or 0. */
static size_t
label_of(const char *const *list, const char *s, size_t n)
{
	size_t	 j, k;

	for (j = 0; list != NULL && list[j] != NULL; j++)
		if ((k = label_at(s, n, list[j])) > 0)
			return k;
	return 0;
}

/* Is A the first address of the notice's header OWN_* WHICH? */
static int
addr_is(struct blk *b, const char *a, int which)
{
	static const char *const names[] = { "From", "To" };
	const char	*v;
	unsigned	 bit = 1u << which;

	if (!(b->ownknown & bit)) {
		b->ownknown |= bit;
		if ((v = bv_msg_header(b->m, names[which])) != NULL &&
		    bv_fmt_find_addr(v, strnlen(v, 1024), b->own[which],
		    sizeof(b->own[which]), NULL) != NULL)
			b->ownfound |= bit;
	}
	return (b->ownfound & bit) && strcasecmp(a, b->own[which]) == 0;
}

/* Not a failed recipient although it opens a line: the notice's own
 * addresses (an unknown MTA's text may name its sender or postmaster). */
static int
generic_skip(struct blk *b, const char *a)
{
	static const char *const locals[] = {
		"mailer-daemon@", "postmaster@", "no-reply@", "noreply@",
		"abuse@", "support@", NULL
	};
	size_t	 i;

	if (!(b->v->flags & BV_FMT_GENERIC))
		return 0;
	for (i = 0; locals[i] != NULL; i++)
		if (bv_fmt_prefix(a, strlen(a), locals[i]))
			return 1;
	return addr_is(b, a, OWN_FROM) || addr_is(b, a, OWN_TO);
}

/* The first "<address>" in S[0..N): its length, *I at it, ADDR filled. */
static size_t
bracketed(const char *s, size_t n, size_t *i, char *addr)
{
	const char	*lt;
	size_t		 at, k;

	for (at = 0; at < n && (lt = memchr(s + at, '<', n - at)) != NULL;
	    at = (size_t)(lt - s) + 1) {
		at = (size_t)(lt - s) + 1;
		if ((k = bv_fmt_addr(s + at, n - at, addr, BV_FMT_ADDR_MAX)) >
		    0 && at + k < n && s[at + k] == '>') {
			*i = at;
			return k;
		}
	}
	return 0;
}

/*
 * Is L a recipient line?  Labels may be chained (">>> RCPT To:<x>"); with
 * NEEDLABEL only a labelled address counts.  Fills ADDR, *REST (offset of the
 * text after the address) and *LABELLED (2: by one of the variant's labels,
 * whose words are then part of the diagnostic; 1: by a general one).
 */
static int
rcpt_line(struct blk *b, const struct bv_line *l, int needlabel,
    char *addr, size_t *rest, int *labelled)
{
	const char	*s = l->s;
	size_t		 n = l->len, i, k, rounds;

	*labelled = 0;
	/* A recipient line holds an address: the many lines without an '@'
	 * are ruled out by one memchr, before their labels are compared. */
	if (memchr(s, '@', n) == NULL)
		return 0;
	i = skip_blanks(s, n, 0);
	for (rounds = 0; rounds < 3; rounds++) {
		if ((k = label_of(b->v->labels, s + i, n - i)) > 0)
			*labelled = 2;
		else if ((k = any_label(s + i, n - i)) > 0)
			*labelled = *labelled ? *labelled : 1;
		else
			break;
		i = skip_blanks(s, n, i + k);
	}
	if (needlabel && !*labelled)
		return 0;
	while (i < n && (s[i] == '<' || s[i] == '"' || s[i] == '\'' ||
	    s[i] == '('))
		i++;
	if (i + 7 < n && bv_fmt_prefix(s + i, n - i, "mailto:"))
		i += 7;
	if ((k = bv_fmt_addr(s + i, n - i, addr, BV_FMT_ADDR_MAX)) == 0 &&
	    !((b->v->flags & BV_FMT_ANYADDR) && (k = bracketed(s, n, &i,
	    addr)) > 0))
		return 0;
	if (generic_skip(b, addr))
		return 0;
	i += k;
	while (i < n && strchr(">\"')]:;,. \t", s[i]) != NULL)
		i++;
	*rest = i;
	return 1;
}

static void
add_line(struct buf *to, const char *s, size_t n)
{
	if (to->len > BV_FMT_DIAG_MAX * 4)
		return;
	buf_add(to, s, n);
	buf_addc(to, '\n');
}

/* FNV-1a of ADDR, case folded: compared before the strings, so a long
 * list is not a quadratic run of strcasecmp. */
static uint32_t
addr_hash(const char *addr)
{
	uint32_t	 h = 2166136261u;

	for (; *addr != '\0'; addr++)
		h = (h ^ (unsigned char)tolower((unsigned char)*addr)) *
		    16777619u;
	return h;
}

static int
entry_of(const struct blk *b, const char *addr, uint32_t h)
{
	size_t	 i;

	for (i = 0; i < b->ne; i++)
		if (b->e[i].hash == h && strcasecmp(b->e[i].addr, addr) == 0)
			return (int)i;
	return -1;
}

/* Room for one more entry: the caller's FEWRCPT first, then the heap. */
static int
grow(struct blk *b)
{
	if (b->ne == MAXRCPT)
		return 0;
	if (b->ne < b->cap)
		return 1;
	b->cap *= 2;
	if (b->e == b->few) {
		b->e = xreallocarray(NULL, b->cap, sizeof(*b->e));
		memcpy(b->e, b->few, b->ne * sizeof(*b->e));
	} else
		b->e = xreallocarray(b->e, b->cap, sizeof(*b->e));
	return 1;
}

/* A fresh entry for ADDR (hash H), or NULL past MAXRCPT. */
static struct entry *
new_entry(struct blk *b, const char *addr, uint32_t h)
{
	struct entry	*e;

	if (!grow(b))
		return NULL;
	e = &b->e[b->ne++];
	memset(e, 0, sizeof(*e));
	/* ADDR came from bv_fmt_addr into BV_FMT_ADDR_MAX bytes: it fits. */
	memcpy(e->addr, addr, strnlen(addr, sizeof(e->addr) - 1));
	e->hash = h;
	return e;
}

/* Does REST[0..RLEN) carry an SMTP reply code? */
static int
has_code(const char *rest, size_t rlen)
{
	char	 t[512], rc[4];

	if (rlen >= sizeof(t))
		rlen = sizeof(t) - 1;
	memcpy(t, rest, rlen);
	t[rlen] = '\0';
	return bv_code_reply(t, rc);
}

/* A recipient line: a new entry, or back to one listed before.  BARE: the
 * line is a label and the address alone ("Addressed To: x").  An address
 * listed so comes back at the head of its error line (SurfControl: "x:
 * [ip], 550 5.1.1 ..."), which then replaces the label as its text. */
static void
open_entry(struct blk *b, const char *addr, const char *rest, size_t rlen,
    int bare)
{
	struct entry	*e;
	uint32_t	 h = addr_hash(addr);
	int		 i;

	if ((i = entry_of(b, addr, h)) >= 0) {
		e = &b->e[i];
		if (e->bare && !bare && has_code(rest, rlen)) {
			e->diag.len = 0;
			if (e->diag.s != NULL)	/* NOREST: none kept */
				e->diag.s[0] = '\0';
			e->bare = 0;
		}
		e->dup = i != b->cur && e->diag.len > 0;
		b->cur = i;
	} else {
		if ((e = new_entry(b, addr, h)) == NULL)
			return;
		e->bare = bare;
		b->cur = (int)(b->ne - 1);
		/* Lotus Notes: the reason came before the address. */
		if ((b->v->flags & BV_FMT_REASON_FIRST) && b->pre.len > 0) {
			buf_add(&e->diag, b->pre.s, b->pre.len);
			b->pre.len = 0;
			b->pre.s[0] = '\0';
		}
	}
	if (!(b->v->flags & BV_FMT_NOREST) && rlen > 0 && !e->dup)
		add_line(&e->diag, rest, rlen);
}

/* With BV_FMT_CMDLINE, is L only an SMTP verb?  Then it is noted. */
static int
command_line(struct blk *b, const struct bv_line *l)
{
	size_t	 i;

	if (!(b->v->flags & BV_FMT_CMDLINE))
		return 0;
	for (i = 0; verbs[i].line != NULL; i++) {
		const char *one[2] = { verbs[i].line, NULL };

		if (!marked(l, one))
			continue;
		if (b->cur >= 0)
			b->e[b->cur].cmd = verbs[i].cmd;
		else
			b->precmd = verbs[i].cmd;
		return 1;
	}
	return 0;
}

/* An item of the list that is no address, at the recipients' indent
 * (Exim: "pipe to |/usr/bin/prog", "save to /var/mail/x", followed by the
 * "generated by <address>" it was made for): the text after it is not the
 * previous recipient's. */
static int
item_line(struct blk *b, const struct bv_line *l, size_t indent)
{
	static const char *const items[] = { "pipe to |", "save to /", NULL };
	size_t	 i;

	if (b->ne > 0 && indent > b->indent)
		return 0;
	for (i = 0; items[i] != NULL; i++)
		if (bv_fmt_prefix(l->s + indent, l->len - indent, items[i])) {
			if (b->ne == 0)		/* the list's indent */
				b->indent = indent;
			b->item.s = l->s + indent;
			b->item.len = l->len - indent;
			return b->sink = 1;
		}
	return 0;
}

/* A labelled line may list several addresses, separated by commas or
 * semicolons (Barracuda: "Your message to: x@example.net, y@example.net").
 * ADDR, the first, ends at REST.  Each but the last becomes an entry without
 * text (which then shares the last one's); the last is left in ADDR for the
 * caller.  Returns the offset after it. */
static size_t
more_on_line(struct blk *b, const struct bv_line *l, char *addr, size_t rest)
{
	char	 next[BV_FMT_ADDR_MAX];
	size_t	 k, i, n;

	for (n = 0; n < 16; n++) {
		for (i = rest; i > 0 && (l->s[i - 1] == ' ' ||
		    l->s[i - 1] == '\t'); i--)
			;
		if (i == 0 || (l->s[i - 1] != ',' && l->s[i - 1] != ';') ||
		    (k = bv_fmt_addr(l->s + rest, l->len - rest, next,
		    sizeof(next))) == 0)
			break;
		if (entry_of(b, addr, addr_hash(addr)) < 0) {
			if (new_entry(b, addr, addr_hash(addr)) == NULL)
				break;
			b->cur = (int)(b->ne - 1);
		}
		memcpy(addr, next, sizeof(next));
		for (rest += k; rest < l->len && strchr(">\"')]:;,. \t",
		    l->s[rest]) != NULL; rest++)
			;
	}
	return rest;
}

static void
take_line(struct blk *b, const struct bv_line *l, int isbegin)
{
	char	 addr[BV_FMT_ADDR_MAX];
	size_t	 rest, indent;
	int	 labelled;

	if (marked(l, b->v->drop) || command_line(b, l))
		return;
	indent = skip_blanks(l->s, l->len, 0);
	if (rcpt_line(b, l, isbegin, addr, &rest, &labelled) &&
	    (labelled || b->ne == 0 || indent <= b->indent)) {
		if (b->ne == 0 && !b->sink)
			b->indent = indent;
		if (labelled)
			rest = more_on_line(b, l, addr, rest);

		int bare = labelled == 2 && rest == l->len;
		size_t ne = b->ne;

		if (labelled == 2)
			rest = indent;
		/* "generated by <x>" under an item: the item's line first. */
		if (b->sink && entry_of(b, addr, addr_hash(addr)) < 0) {
			open_entry(b, addr, b->item.s, b->item.len, 0);
			if (b->ne > ne)
				add_line(&b->e[b->cur].diag, l->s + rest,
				    l->len - rest);
		} else
			open_entry(b, addr, l->s + rest, l->len - rest, bare);
		if (b->keepall && (!isbegin || rest < l->len))
			add_line(&b->all, l->s, l->len);
		b->sink = 0;
		return;
	}
	if (isbegin || item_line(b, l, indent) || b->sink)
		return;
	if (b->keepall)
		add_line(&b->all, l->s, l->len);
	if (b->cur < 0 || (b->v->flags & BV_FMT_REASON_FIRST))
		add_line(&b->pre, l->s, l->len);
	else if (!b->e[b->cur].dup && !b->e[b->cur].closed) {
		add_line(&b->e[b->cur].diag, l->s, l->len);
		if (b->e[b->cur].bare && has_code(l->s, l->len))
			b->e[b->cur].bare = 0;
	}
	/* An unknown MTA's paragraph that gave a code has said it; what
	 * follows is its signature or help text. */
	if ((b->v->flags & BV_FMT_GENERIC) && b->cur >= 0 && indent ==
	    l->len && b->e[b->cur].diag.len > 0) {
		char	 rc[4];

		b->e[b->cur].closed = bv_code_reply(b->e[b->cur].diag.s, rc);
	}
}

/* Where marker MARK (a substring, or "=TEXT" a whole line) first is in
 * T[0..LEN), or NULL.  Substrings by one memchr-driven search. */
static const char *
marker_at(const char *mark, const char *t, size_t len)
{
	const char	*one[2] = { mark, NULL };
	struct bv_line	 l;
	size_t		 pos = 0, nl;

	if (mark[0] != '=')
		return bv_fmt_find(t, len, mark);
	for (nl = 0; nl < MAXLINES && bv_fmt_line(t, len, &pos, &l); nl++)
		if (marked(&l, one))
			return l.s;
	return NULL;
}

/* The line of T[0..LEN) holding AT, and the offset after it. */
static void
line_around(const char *t, size_t len, const char *at, struct bv_line *l,
    size_t *after)
{
	const char	*b = at;

	while (b > t && b[-1] != '\n')
		b--;
	*after = (size_t)(b - t);
	bv_fmt_line(t, len, after, l);
}

/* Offset of the line after the first line holding a BEGIN marker (in list
 * order), and that line; when none is there, -1 (BV_FMT_STRICT) or the
 * top. */
static long
find_begin(const struct bv_fmt_variant *v, const char *t, size_t len,
    struct bv_line *bl)
{
	struct bv_line	 l;
	const char	*at;
	size_t		 i, pos, nl;

	bl->s = NULL;
	if (v->begin == NULL)
		return 0;
	if (v->beginset != NULL) {
		for (pos = 0, nl = 0; nl < MAXLINES &&
		    bv_fmt_line(t, len, &pos, &l); nl++)
			if (bv_fmt_set_find(v->beginset, l.s, l.len, NULL) !=
			    NULL) {
				*bl = l;
				return (long)pos;
			}
		return (v->flags & BV_FMT_STRICT) ? -1 : 0;
	}
	/* The marker earliest in the list wins, at its first line. */
	for (i = 0; v->begin[i] != NULL; i++)
		if ((at = marker_at(v->begin[i], t, len)) != NULL) {
			line_around(t, len, at, bl, &pos);
			return (long)pos;
		}
	/* The variant was recognised; its wording may have changed. */
	return (v->flags & BV_FMT_STRICT) ? -1 : 0;
}

/* No recipient line in the block: labelled addresses anywhere before the
 * returned message, the X-Failed-Recipients header, the returned To. */
static void
find_elsewhere(struct blk *b, const char *t, size_t len, size_t orig)
{
	struct bv_line	 l;
	char		 addr[BV_FMT_ADDR_MAX];
	size_t		 pos = 0, nl, rest;
	int		 labelled;

	for (nl = 0; nl < MAXLINES && pos < orig && bv_fmt_line(t, orig, &pos,
	    &l); nl++)
		if (b->v->labels != NULL && rcpt_line(b, &l, 1, addr, &rest,
		    &labelled) && labelled == 2 && entry_of(b, addr,
		    addr_hash(addr)) < 0)
			new_entry(b, addr, addr_hash(addr));
	if (b->ne == 0 && (b->v->flags & BV_FMT_ORIGTO) &&
	    (bv_fmt_original_to(b->m, t, len, orig, addr) ||
	    bv_fmt_original_named(b->m, t, len, orig, addr)))
		new_entry(b, addr, addr_hash(addr));
}

static int
blank(const struct buf *d)
{
	size_t	 i;

	for (i = 0; i < d->len; i++)
		if (!isspace((unsigned char)d->s[i]))
			return 0;
	return 1;
}

/* Exim names every failed address in X-Failed-Recipients; a notice cut
 * short lists fewer.  Then those its text never mentions (not even as the
 * alias a listed one was generated from) get a record without a
 * diagnostic. */
static void
add_unlisted(const struct blk *b, struct bv_reclist *out, size_t first)
{
	char		 a[BV_FMT_ADDR_MAX];
	const char	*v, *p, *end;
	size_t		 alen, n;

	if ((v = bv_msg_header(b->m, "X-Failed-Recipients")) == NULL)
		return;
	end = v + strnlen(v, 8192);
	for (p = v, n = 0; p < end && n < MAXRCPT && (p = bv_fmt_find_addr(p,
	    (size_t)(end - p), a, sizeof(a), &alen)) != NULL; p += alen)
		n++;
	if (n <= b->ne)
		return;
	for (p = v, n = 0; p < end && n < MAXRCPT && (p = bv_fmt_find_addr(p,
	    (size_t)(end - p), a, sizeof(a), &alen)) != NULL; p += alen, n++)
		if (b->all.len == 0 || bv_fmt_find(b->all.s, b->all.len, a) ==
		    NULL)
			bv_fmt_add(out, first, b->v->name, a, NULL, 0, NULL);
}

/* Does D carry an SMTP reply or enhanced status code? */
static int
says_code(const struct buf *d)
{
	char	 rc[4], st[16];

	return bv_code_reply(d->s, rc) || bv_code_enhanced(d->s, 0, st);
}

/*
 * Entries left without text of their own share the text of the entry their
 * run of bare addresses leads to: Gmail's old notices (2010-2016) list the
 * recipients and then one "Technical details" section.  When the text before
 * the list is the explanation (amavisd-new: "banned name ... to the following
 * recipients:"), the run shares the following text only if it gives a code.
 * With BV_FMT_REASON_FIRST the text came before the run, so the run shares
 * the entry before it.
 */
static void
share_text(struct blk *b)
{
	const struct buf	*last = NULL, *cand = NULL;
	size_t			 i, k;
	int			 back = !!(b->v->flags & BV_FMT_REASON_FIRST);
	int			 pre = !blank(&b->pre);

	for (k = 0; k < b->ne; k++) {
		i = back ? k : b->ne - 1 - k;
		if (!blank(&b->e[i].diag)) {
			cand = &b->e[i].diag;
			b->e[i].shared = cand;
			last = NULL;
			continue;
		}
		if (cand != NULL) {
			last = !pre || says_code(cand) ? cand : NULL;
			cand = NULL;
		}
		b->e[i].shared = last;
	}
}

/* The text of entry I: its own, the text its run shares, or the text
 * before the list. */
static const struct buf *
text_of(const struct blk *b, size_t i)
{
	if (b->e[i].shared != NULL)
		return b->e[i].shared;
	return &b->pre;
}

/* The records of the block read into B. */
static int
emit(struct blk *b, const char *intro, size_t ilen, struct bv_reclist *out)
{
	const char	*subj = bv_msg_header(b->m, "Subject");
	const char	*reason = NULL, *prev = NULL;
	size_t		 first = out->n, i;
	int		 delayed;

	share_text(b);
	if ((b->v->flags & BV_FMT_HDRRCPT) || b->ne == 0)
		bv_fmt_add_header_rcpts(b->m, "X-Failed-Recipients", out,
		    first, b->v->name, b->all.s, b->all.len);
	if (!(b->v->flags & BV_FMT_HDRRCPT) || out->n == first) {
		for (i = 0; i < b->ne; i++) {
			/* The notice's addressee is the returned message's
			 * sender, named in some introductions ("A message
			 * sent by <x> could not be delivered"). */
			if (b->ne > 1 && addr_is(b, b->e[i].addr, OWN_TO))
				continue;
			const struct buf *d = text_of(b, i);
			struct bv_record *r;

			r = bv_fmt_add(out, first, b->v->name, b->e[i].addr,
			    d->s, d->len, NULL);
			r->command = b->e[i].cmd != NULL ? b->e[i].cmd :
			    b->precmd;
		}
		if (b->ne > 0)
			add_unlisted(b, out, first);
	}
	if (out->n == first)
		return -1;
	/* Notices say they are only warnings in their subject ("Delayed
	 * Mail", "(Delay)", "Warning: message ... delayed") or where their
	 * list opens (INTRO[0..ILEN)): looked at once there are records. */
	delayed = (subj != NULL && bv_fmt_subject_delay(subj)) ||
	    bv_fmt_says_delay(intro, ilen);
	for (i = first; i < out->n; i++) {
		const char *d = out->v[i].diagnostic;

		/* Records sharing the text before the list have the same
		 * diagnostic: its phrase is looked for once. */
		if (b->v->hint == NULL && d != NULL && (prev == NULL ||
		    strcmp(d, prev) != 0)) {
			reason = bv_fmt_phrase_reason(d, strlen(d));
			prev = d;
		}
		out->v[i].hint_reason = b->v->hint != NULL ? b->v->hint :
		    d != NULL ? reason : NULL;
		if (delayed) {
			free(out->v[i].action);
			out->v[i].action = xstrdup("delayed");
		}
	}
	return out->n > first ? 0 : -1;
}

/* Where the block from START ends: the start of the first line holding an
 * END marker of V, or ORIG.  Substring markers are looked for in one
 * (memchr-driven) pass each; only "=TEXT" ones need the lines. */
static size_t
end_of_block(const struct bv_fmt_variant *v, const char *t, size_t start,
    size_t orig)
{
	struct bv_line	 l;
	const char	*p;
	size_t		 i, end = orig, pos, at, nl;
	int		 whole = 0;

	for (i = 0; v->end != NULL && v->end[i] != NULL; i++) {
		if (v->end[i][0] == '=') {
			whole = 1;
			continue;
		}
		if ((p = bv_fmt_find(t + start, end - start, v->end[i])) !=
		    NULL)
			end = (size_t)(p - t);
	}
	while (end > start && end < orig && t[end - 1] != '\n')
		end--;
	for (pos = start, nl = 0; whole && nl < MAXLINES && pos < end &&
	    (at = pos, bv_fmt_line(t, end, &pos, &l)); nl++)
		if (marked(&l, v->end))
			return at;
	return end;
}

/* *TO, unless set, gets *FROM: a copy, or (for the LAST record to take
 * it) the string itself, which *FROM then no longer owns. */
static void
give(char **to, char **from, int last)
{
	if (*to != NULL || *from == NULL)
		return;
	if (last) {
		*to = *from;
		*from = NULL;
	} else
		*to = xstrdup(*from);
}

/* The inline returned message's headers, read once, to records FIRST.. */
static void
copy_original(const char *t, size_t len, size_t orig,
    struct bv_reclist *out, size_t first)
{
	struct bv_original	 o = { 0 };
	size_t			 i;
	int			 last;

	bv_fmt_inline_original(t, len, orig, &o);
	for (i = first; i < out->n; i++) {
		struct bv_original *r = &out->v[i].original;

		last = i + 1 == out->n;
		give(&r->from, &o.from, last);
		give(&r->to, &o.to, last);
		give(&r->subject, &o.subject, last);
		give(&r->date, &o.date, last);
		give(&r->message_id, &o.message_id, last);
	}
	free(o.from);
	free(o.to);
	free(o.subject);
	free(o.date);
	free(o.message_id);
}

static int
run_text(struct blk *b, const char *t, size_t len, size_t orig,
    struct bv_reclist *out)
{
	struct bv_line	 l, bl;
	size_t		 pos, nl, end, first;
	long		 start;

	if ((start = find_begin(b->v, t, orig, &bl)) < 0)
		return -1;
	if (bl.s != NULL)
		take_line(b, &bl, 1);
	end = end_of_block(b->v, t, (size_t)start, orig);
	pos = (size_t)start;
	for (nl = 0; nl < MAXLINES && pos < end && bv_fmt_line(t, end, &pos,
	    &l); nl++)
		take_line(b, &l, 0);
	if (b->ne == 0)
		find_elsewhere(b, t, len, orig);
	first = out->n;
	/* The line that opens the list ("... has been delayed:"), or the top
	 * of a list without one. */
	if (emit(b, bl.s != NULL ? bl.s : t, bl.s != NULL ? bl.len : end <
	    256 ? end : 256, out) != 0)
		return -1;
	if (b->m->original.from == NULL && b->m->original.to == NULL &&
	    orig < len)
		copy_original(t, len, orig, out, first);
	return 0;
}

int
bv_fmt_block_run(const struct bv_fmt_variant *v, const struct bv_msg *m,
    const struct bv_fmt_seen *seen, struct bv_reclist *out)
{
	struct entry		 few[FEWRCPT];
	const struct bv_part	*p;
	size_t			 k, len, i;
	int			 rc = -1;

	for (k = 0; rc != 0 && k < 3 && (p = bv_fmt_text(m, k, &len)) !=
	    NULL; k++) {
		struct blk b = { .v = v, .m = m, .e = few, .few = few,
		    .cap = FEWRCPT, .cur = -1 };

		b.keepall = (v->flags & BV_FMT_HDRRCPT) ||
		    bv_msg_header(m, "X-Failed-Recipients") != NULL;

		rc = run_text(&b, p->text, len, seen != NULL && seen->text ==
		    p->text ? seen->orig : bv_fmt_part_original(p, len),
		    out);
		for (i = 0; i < b.ne; i++)
			buf_free(&b.e[i].diag);
		if (b.e != few)
			free(b.e);
		buf_free(&b.pre);
		buf_free(&b.all);
	}
	return rc;
}
