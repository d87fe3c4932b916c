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

#define MAXRCPT		64	/* recipients read from one notice */
#define MAXLINES	4000	/* lines read from one notice */

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
	int		 dup;		/* listed twice: keep the first text */
	int		 closed;	/* text complete (BV_FMT_GENERIC) */
	int		 sameline;	/* listed on one line with the next
					   entry, which takes the text */
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
	struct entry			*e;
	size_t				 ne;
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
};

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
		if (i >= n || tolower((unsigned char)s[i]) !=
		    tolower((unsigned char)*label))
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

static int
addr_is(const char *a, const char *hdrval)
{
	char		 b[BV_FMT_ADDR_MAX];

	return hdrval != NULL && bv_fmt_find_addr(hdrval, strnlen(hdrval,
	    1024), b, sizeof(b), NULL) != NULL && strcasecmp(a, b) == 0;
}

/* Not a failed recipient although it opens a line: the notice's own
 * addresses (an unknown MTA's text may name its sender or postmaster). */
static int
generic_skip(const struct blk *b, const char *a)
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
	return addr_is(a, bv_msg_header(b->m, "From")) ||
	    addr_is(a, bv_msg_header(b->m, "To"));
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
rcpt_line(const struct blk *b, const struct bv_line *l, int needlabel,
    char *addr, size_t *rest, int *labelled)
{
	const char	*s = l->s;
	size_t		 n = l->len, i, k, rounds;

	*labelled = 0;
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

static int
entry_of(const struct blk *b, const char *addr)
{
	size_t	 i;

	for (i = 0; i < b->ne; i++)
		if (strcasecmp(b->e[i].addr, addr) == 0)
			return (int)i;
	return -1;
}

/* A recipient line: a new entry, or back to one listed before. */
static void
open_entry(struct blk *b, const char *addr, const char *rest, size_t rlen)
{
	int	 i;

	if ((i = entry_of(b, addr)) >= 0) {
		b->e[i].dup = i != b->cur && b->e[i].diag.len > 0;
		b->cur = i;
	} else {
		if (b->ne == MAXRCPT)
			return;
		i = (int)b->ne++;
		memset(&b->e[i], 0, sizeof(b->e[i]));
		memcpy(b->e[i].addr, addr, strlen(addr) + 1);	/* fits */
		b->cur = i;
	}
	if (!(b->v->flags & BV_FMT_NOREST) && rlen > 0 && !b->e[i].dup)
		add_line(&b->e[i].diag, rest, rlen);
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
 * semicolons (Barracuda: "Your message to: x@example.net, y@example.net");
 * the first is open.  Each further one opens an entry; the text after the
 * last is theirs.  Returns the offset of that text. */
static size_t
more_on_line(struct blk *b, const struct bv_line *l, size_t rest)
{
	char	 next[BV_FMT_ADDR_MAX];
	size_t	 k, i, n = 0;

	for (; n < 16; n++) {
		for (i = rest; i > 0 && (l->s[i - 1] == ' ' ||
		    l->s[i - 1] == '\t'); i--)
			;
		if (i == 0 || (l->s[i - 1] != ',' && l->s[i - 1] != ';') ||
		    (k = bv_fmt_addr(l->s + rest, l->len - rest, next,
		    sizeof(next))) == 0 || entry_of(b, next) >= 0 ||
		    b->ne == MAXRCPT)
			break;
		b->e[b->cur].sameline = 1;
		open_entry(b, next, NULL, 0);
		for (rest += k; rest < l->len && strchr(">\"')]:;,. \t",
		    l->s[rest]) != NULL; rest++)
			;
	}
	return rest;
}

/* A labelled recipient line: ADDR, the addresses listed after it (from
 * AFTER), and the text after them (WHOLE: the line, whose label words say
 * what happened) for the last of them. */
static void
open_labelled(struct blk *b, const struct bv_line *l, const char *addr,
    size_t after, int whole)
{
	size_t	 rest;

	open_entry(b, addr, NULL, 0);
	if (entry_of(b, addr) < 0)
		return;				/* MAXRCPT reached */
	rest = more_on_line(b, l, after);
	if (whole)
		rest = skip_blanks(l->s, l->len, 0);
	if (!(b->v->flags & BV_FMT_NOREST) && rest < l->len &&
	    !b->e[b->cur].dup)
		add_line(&b->e[b->cur].diag, l->s + rest, l->len - rest);
}

static void
take_line(struct blk *b, const struct bv_line *l, int isbegin)
{
	char	 addr[BV_FMT_ADDR_MAX];
	size_t	 rest, indent, after;
	int	 labelled;

	if (marked(l, b->v->drop) || command_line(b, l))
		return;
	indent = skip_blanks(l->s, l->len, 0);
	if (rcpt_line(b, l, isbegin, addr, &rest, &labelled) &&
	    (labelled || b->ne == 0 || indent <= b->indent)) {
		if (b->ne == 0 && !b->sink)
			b->indent = indent;
		after = rest;
		if (labelled == 2)
			rest = indent;
		/* "generated by <x>" under an item: the item's line first. */
		if (b->sink && entry_of(b, addr) < 0 && b->ne < MAXRCPT) {
			open_entry(b, addr, b->item.s, b->item.len);
			add_line(&b->e[b->cur].diag, l->s + rest, l->len - rest);
		} else if (!labelled)
			open_entry(b, addr, l->s + rest, l->len - rest);
		else
			open_labelled(b, l, addr, after, labelled == 2);
		if (b->keepall && (!isbegin || rest < l->len))
			add_line(&b->all, l->s, l->len);
		b->sink = 0;
		return;
	}
	if (isbegin || item_line(b, l, indent) || b->sink)
		return;
	if (b->keepall)
		add_line(&b->all, l->s, l->len);
	if (b->cur < 0)
		add_line(&b->pre, l->s, l->len);
	else if (!b->e[b->cur].dup && !b->e[b->cur].closed)
		add_line(&b->e[b->cur].diag, l->s, l->len);
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
		    &labelled) && labelled == 2 && entry_of(b, addr) < 0 &&
		    b->ne < MAXRCPT) {
			memset(&b->e[b->ne], 0, sizeof(b->e[0]));
			snprintf(b->e[b->ne++].addr, BV_FMT_ADDR_MAX, "%s",
			    addr);
		}
	if (b->ne == 0 && (b->v->flags & BV_FMT_ORIGTO) &&
	    (bv_fmt_original_to(b->m, t, len, orig, addr) ||
	    bv_fmt_original_named(b->m, t, len, orig, addr))) {
		memset(&b->e[0], 0, sizeof(b->e[0]));
		snprintf(b->e[b->ne++].addr, BV_FMT_ADDR_MAX, "%s", addr);
	}
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

/* The records of the block read into B. */
static int
emit(struct blk *b, const char *intro, size_t ilen, struct bv_reclist *out)
{
	const char	*subj = bv_msg_header(b->m, "Subject");
	size_t		 first = out->n, i;
	int		 delayed;

	/* Notices say they are only warnings in their subject ("Delayed
	 * Mail", "(Delay)", "Warning: message ... delayed") or where their
	 * list opens (INTRO[0..ILEN)). */
	delayed = (subj != NULL && bv_fmt_subject_delay(subj)) ||
	    bv_fmt_says_delay(intro, ilen);
	if ((b->v->flags & BV_FMT_HDRRCPT) || b->ne == 0)
		bv_fmt_add_header_rcpts(b->m, "X-Failed-Recipients", out,
		    first, b->v->name, b->all.s, b->all.len);
	if (!(b->v->flags & BV_FMT_HDRRCPT) || out->n == first) {
		for (i = 0; i < b->ne; i++) {
			/* The notice's addressee is the returned message's
			 * sender, named in some introductions ("A message
			 * sent by <x> could not be delivered"). */
			if (b->ne > 1 && addr_is(b->e[i].addr,
			    bv_msg_header(b->m, "To")))
				continue;
			size_t j = i;

			while (blank(&b->e[j].diag) && b->e[j].sameline &&
			    j + 1 < b->ne)
				j++;
			const struct buf *d = blank(&b->e[j].diag) ? &b->pre :
			    &b->e[j].diag;
			struct bv_record *r;

			r = bv_fmt_add(out, first, b->v->name, b->e[i].addr,
			    d->s, d->len, NULL);
			r->command = b->e[i].cmd != NULL ? b->e[i].cmd :
			    b->precmd;
		}
		if (b->ne > 0)
			add_unlisted(b, out, first);
	}
	for (i = first; i < out->n; i++) {
		const char *d = out->v[i].diagnostic;

		out->v[i].hint_reason = b->v->hint != NULL ? b->v->hint :
		    d != NULL ? bv_fmt_phrase_reason(d, strlen(d)) : NULL;
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

/* The inline returned message's headers, read once, to records FIRST.. */
static void
copy_original(const char *t, size_t len, size_t orig,
    struct bv_reclist *out, size_t first)
{
	struct bv_original	 o = { 0 };
	size_t			 i;

	bv_fmt_inline_original(t, len, orig, &o);
	for (i = first; i < out->n; i++) {
		struct bv_original *r = &out->v[i].original;

		if (r->from == NULL)
			r->from = xstrdup(o.from);
		if (r->to == NULL)
			r->to = xstrdup(o.to);
		if (r->subject == NULL)
			r->subject = xstrdup(o.subject);
		if (r->date == NULL)
			r->date = xstrdup(o.date);
		if (r->message_id == NULL)
			r->message_id = xstrdup(o.message_id);
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
	struct entry		 e[MAXRCPT];
	const struct bv_part	*p;
	size_t			 k, len, i;
	int			 rc = -1;

	for (k = 0; rc != 0 && k < 3 && (p = bv_fmt_text(m, k, &len)) !=
	    NULL; k++) {
		struct blk b = { .v = v, .m = m, .e = e, .cur = -1 };

		b.keepall = (v->flags & BV_FMT_HDRRCPT) ||
		    bv_msg_header(m, "X-Failed-Recipients") != NULL;

		rc = run_text(&b, p->text, len, seen != NULL && seen->text ==
		    p->text ? seen->orig : bv_fmt_original_at(p->text, len),
		    out);
		for (i = 0; i < b.ne; i++)
			buf_free(&e[i].diag);
		buf_free(&b.pre);
		buf_free(&b.all);
	}
	return rc;
}
