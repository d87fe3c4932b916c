/*
 * msg.c: one message's bytes to a struct bv_msg (see parser.h for what it
 * holds).
 *
 * The MIME structure is walked here, not by mailmime_parse, for three
 * reasons.  Debian's libetpan 1.9.4 has defects on real bounces (the
 * preamble and epilogue lengths of a multipart can wrap around, a boundary
 * parameter with a quote or backslash overflows its heap, nesting costs
 * seconds and then its stack); most of a bounce's bytes are the returned
 * message, whose MIME tree the diagnosis does not need; and header blocks
 * need a scan of our own anyway, because libetpan stops reading headers at
 * the first line without a colon.  So this file finds header fields and
 * multipart boundaries itself (linear scans, nesting capped at
 * BV_MIME_DEPTH) and leaves to libetpan what needs real parsing:
 * Content-Type values (mailmime_content_parse), transfer encodings
 * (mailmime_part_parse) and encoded words (mailmime_encoded_phrase_parse),
 * through decode.c.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libetpan/libetpan.h>

#include "parser/parser.h"

#define MAX_HDRS	1000		/* top-level fields kept */
#define MAX_BOUNDARY	200		/* RFC 2046 says 70; be lenient */
#define HEADERS_CAP	(64 * 1024)	/* returned message's header block */
#define TEXT_BUDGET	(8 * BV_PART_CAP)	/* decoded text per message */
#define REPORT_BUDGET	(4 * BV_REPORT_CAP)	/* of all report parts */
#define HEADER_BUDGET	(1024 * 1024)	/* top-level header strings */
#define SNIFF_SCAN	(1024 * 1024)	/* bytes searched for a report */

/* One header field of a block: name and raw value (folded lines). */
struct field {
	const char	*name;
	size_t		 nlen;
	const char	*val;
	size_t		 vlen;
};

/* A Content-Type as far as the walk needs it. */
struct ctype {
	char	 type[64];		/* "multipart/report", lower case */
	char	 charset[48];		/* "" if not declared */
	char	 boundary[MAX_BOUNDARY + 1];	/* "" if none */
	int	 hostile;		/* treated as text: see ctype_hostile */
};

struct walk {
	struct bv_msg	*m;
	size_t		 cap;		/* parts allocated */
	size_t		 budget;	/* decoded text bytes left */
	size_t		 report_budget;	/* the same for report parts */
	int		 in_report;	/* inside a multipart/report */
	int		 orig_fixed;	/* original taken beside a report */
};

static void	walk_body(struct walk *, const struct ctype *, enum bv_cte,
		    const char *, size_t, int, int);

/* ---- lines and header fields ---------------------------------------------- */

/* End of the line at S[I..N) without its line end; *NEXT after it. */
static size_t
line_end(const char *s, size_t n, size_t i, size_t *next)
{
	const char	*nl = memchr(s + i, '\n', n - i);
	size_t		 e = nl ? (size_t)(nl - s) : n;

	*next = nl ? e + 1 : n;
	if (e > i && s[e - 1] == '\r')
		e--;
	return e;
}

static int
is_blank(char c)
{
	return c == ' ' || c == '\t';
}

/* Length of a field name at the start of S[0..N) followed by optional
 * blanks and a colon; 0 when the line is no header field. */
static size_t
field_name(const char *s, size_t n, size_t *colon)
{
	size_t	 i = 0, k;

	while (i < n && (unsigned char)s[i] > ' ' &&
	    (unsigned char)s[i] < 0x7f && s[i] != ':')
		i++;
	if (i == 0)
		return 0;
	for (k = i; k < n && is_blank(s[k]); k++)
		;
	if (k >= n || s[k] != ':')
		return 0;
	*colon = k;
	return i;
}

/*
 * The next field of the header block at S[*POS..N): 1 with F filled, or 0
 * at the blank line ending the block (or the end of S), with *POS at the
 * body.  Lines that are no field (a "From " line, text without a colon) are
 * skipped together with their continuation lines.
 */
static int
field_next(const char *s, size_t n, size_t *pos, struct field *f)
{
	size_t	 i = *pos, e, next, colon, nl;

	while (i < n) {
		e = line_end(s, n, i, &next);
		if (e == i) {
			*pos = next;
			return 0;
		}
		if (is_blank(s[i]) || (nl = field_name(s + i, e - i,
		    &colon)) == 0) {
			i = next;	/* stray continuation or garbage */
			continue;
		}
		f->name = s + i;
		f->nlen = nl;
		f->val = s + i + colon + 1;
		/* Continuation lines belong to the value. */
		while (next < n && is_blank(s[next]))
			e = line_end(s, n, next, &next);
		f->vlen = (size_t)(s + e - f->val);
		*pos = next;
		return 1;
	}
	*pos = n;
	return 0;
}

/* The transfer encoding named by the raw value V[0..N). */
static enum bv_cte
cte_of(const char *v, size_t n)
{
	char	 name[32];

	if (n >= sizeof(name))
		n = sizeof(name) - 1;
	memcpy(name, v, n);
	name[n] = '\0';
	return bv_cte_lookup(name);
}

static int
field_is(const struct field *f, const char *name)
{
	return strlen(name) == f->nlen && strncasecmp(f->name, name,
	    f->nlen) == 0;
}

/* ---- Content-Type ------------------------------------------------------------ */

static void
lower_copy(char *dst, size_t dstlen, const char *src, size_t n)
{
	size_t	 i;

	for (i = 0; i < n && i + 1 < dstlen; i++)
		dst[i] = (char)((src[i] >= 'A' && src[i] <= 'Z') ? src[i] + 32 :
		    src[i]);
	dst[i] = '\0';
}

/*
 * A boundary parameter libetpan must not see: Debian's 1.9.4 overflows its
 * heap on a quote or backslash in it.  Checked on the raw bytes, before any
 * call into libetpan.
 */
static int
ctype_hostile(const char *v, size_t n)
{
	const char	*p = v, *end = v + n;
	size_t		 i;

	if (memchr(v, '\\', n) != NULL)
		return 1;
	for (; p + 8 <= end; p++) {
		if ((*p != 'b' && *p != 'B') || strncasecmp(p, "boundary", 8) != 0)
			continue;
		for (i = 8; p + i < end && is_blank(p[i]); i++)
			;
		if (p + i >= end || p[i] != '=')
			continue;
		for (i++; p + i < end && is_blank(p[i]); i++)
			;
		if (p + i < end && p[i] == '"') {
			/* A quoted value: a second quote must close it. */
			for (i++; p + i < end && p[i] != '"'; i++)
				;
			if (p + i >= end)
				return 1;
			continue;
		}
		for (; p + i < end && p[i] != ';' && !is_blank(p[i]); i++)
			if (p[i] == '"')
				return 1;
	}
	return 0;
}

static const char *const discrete_names[] = {
	[MAILMIME_DISCRETE_TYPE_TEXT] = "text",
	[MAILMIME_DISCRETE_TYPE_IMAGE] = "image",
	[MAILMIME_DISCRETE_TYPE_AUDIO] = "audio",
	[MAILMIME_DISCRETE_TYPE_VIDEO] = "video",
	[MAILMIME_DISCRETE_TYPE_APPLICATION] = "application",
};

static const char *const composite_names[] = {
	[MAILMIME_COMPOSITE_TYPE_MESSAGE] = "message",
	[MAILMIME_COMPOSITE_TYPE_MULTIPART] = "multipart",
};

/* The top-level type name of a parsed content type (borrowed). */
static const char *
ctype_major(const struct mailmime_type *t)
{
	const struct mailmime_discrete_type	*d;
	const struct mailmime_composite_type	*c;

	if (t->tp_type == MAILMIME_TYPE_DISCRETE_TYPE) {
		d = t->tp_data.tp_discrete_type;
		if (d->dt_type == MAILMIME_DISCRETE_TYPE_EXTENSION)
			return d->dt_extension;
		if (d->dt_type > 0 && d->dt_type <
		    MAILMIME_DISCRETE_TYPE_EXTENSION)
			return discrete_names[d->dt_type];
	} else if (t->tp_type == MAILMIME_TYPE_COMPOSITE_TYPE) {
		c = t->tp_data.tp_composite_type;
		if (c->ct_type == MAILMIME_COMPOSITE_TYPE_EXTENSION)
			return c->ct_token;
		if (c->ct_type > 0 && c->ct_type <
		    MAILMIME_COMPOSITE_TYPE_EXTENSION)
			return composite_names[c->ct_type];
	}
	return NULL;
}

static void
ctype_params(struct ctype *ct, clist *params)
{
	clistiter			*it;
	const struct mailmime_parameter	*p;

	for (it = clist_begin(params); it != NULL; it = clist_next(it)) {
		p = clist_content(it);
		if (p->pa_name == NULL || p->pa_value == NULL)
			continue;
		if (strcasecmp(p->pa_name, "charset") == 0)
			lower_copy(ct->charset, sizeof(ct->charset),
			    p->pa_value, strlen(p->pa_value));
		else if (strcasecmp(p->pa_name, "boundary") == 0 &&
		    strlen(p->pa_value) <= MAX_BOUNDARY)
			strcpy(ct->boundary, p->pa_value);
	}
}

/* The type token only ("text/plain"), when it has a slash. */
static void
ctype_token(struct ctype *ct, const char *v, size_t n)
{
	size_t	 i = 0, k;

	while (i < n && (unsigned char)v[i] <= ' ')
		i++;
	for (k = i; k < n && v[k] != ';' && (unsigned char)v[k] > ' '; k++)
		;
	if (k > i && memchr(v + i, '/', k - i) != NULL)
		lower_copy(ct->type, sizeof(ct->type), v + i, k - i);
}

static int
ws(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* RFC 2045 tspecials: not part of a token. */
static const unsigned char tspecial[256] = {
	['('] = 1, [')'] = 1, ['<'] = 1, ['>'] = 1, ['@'] = 1, [','] = 1,
	[';'] = 1, [':'] = 1, ['\\'] = 1, ['"'] = 1, ['/'] = 1, ['['] = 1,
	[']'] = 1, ['?'] = 1, ['='] = 1,
};

static int
token_char(char c)
{
	unsigned char	 u = (unsigned char)c;

	return u > ' ' && u < 0x7f && !tspecial[u];
}

/*
 * A Content-Type in its everyday form, "type/sub; name=token;
 * name=\"quoted\"", read without libetpan (it costs a few microseconds a
 * call, and every part has one).  0 when V has anything else in it
 * (comments, quoted pairs, RFC 2231 parameters, odd syntax): then libetpan
 * reads it.
 */
static int
ctype_simple(struct ctype *ct, const char *v, size_t n)
{
	size_t	 i = 0, t, nb, nl, vb, vl;

	while (i < n && ws(v[i]))
		i++;
	for (t = i; i < n && (token_char(v[i]) || v[i] == '/'); i++)
		;
	if (i - t >= sizeof(ct->type) || memchr(v + t, '/', i - t) == NULL)
		return 0;
	lower_copy(ct->type, sizeof(ct->type), v + t, i - t);
	for (;;) {
		while (i < n && ws(v[i]))
			i++;
		if (i == n)
			return 1;
		if (v[i++] != ';')
			return 0;
		while (i < n && ws(v[i]))
			i++;
		if (i == n)
			return 1;
		for (nb = i; i < n && token_char(v[i]) && v[i] != '*'; i++)
			;
		if ((nl = i - nb) == 0)
			return 0;
		while (i < n && ws(v[i]))
			i++;
		if (i == n || v[i++] != '=')
			return 0;
		while (i < n && ws(v[i]))
			i++;
		if (i < n && v[i] == '"') {
			for (vb = ++i; i < n && v[i] != '"' && v[i] != '\\' &&
			    v[i] != '\r' && v[i] != '\n'; i++)
				;
			if (i == n || v[i] != '"')
				return 0;
			vl = i++ - vb;
		} else {
			for (vb = i; i < n && token_char(v[i]); i++)
				;
			vl = i - vb;
		}
		if (nl == 7 && strncasecmp(v + nb, "charset", 7) == 0)
			lower_copy(ct->charset, sizeof(ct->charset), v + vb, vl);
		else if (nl == 8 && strncasecmp(v + nb, "boundary", 8) == 0) {
			if (vl > MAX_BOUNDARY)
				return 0;
			memcpy(ct->boundary, v + vb, vl);
			ct->boundary[vl] = '\0';
		}
	}
}

/* Parse the raw Content-Type value V[0..N) (NULL: none) into CT. */
static void
ctype_parse(struct ctype *ct, const char *v, size_t n, const char *dflt)
{
	struct mailmime_content	*c = NULL;
	struct buf		 u = { NULL, 0, 0 };
	const char		*major;
	size_t			 idx = 0, i;

	memset(ct, 0, sizeof(*ct));
	strcpy(ct->type, dflt);
	if (v == NULL)
		return;
	/* Without parameters or comments there is nothing to parse. */
	if (memchr(v, ';', n) == NULL && memchr(v, '(', n) == NULL &&
	    memchr(v, '"', n) == NULL) {
		ctype_token(ct, v, n);
		return;
	}
	if (ctype_hostile(v, n)) {
		ct->hostile = 1;
		strcpy(ct->type, "text/plain");
		return;
	}
	if (ctype_simple(ct, v, n))
		return;
	memset(ct, 0, sizeof(*ct));
	strcpy(ct->type, dflt);
	/* One line for libetpan: folding is no content. */
	if (memchr(v, '\n', n) != NULL || memchr(v, '\r', n) != NULL) {
		for (i = 0; i < n; i++)
			if (v[i] != '\r' && v[i] != '\n')
				buf_addc(&u, v[i]);
		v = u.s != NULL ? u.s : "";
		n = u.len;
	}
	if (n > 0 && mailmime_content_parse(v, n, &idx, &c) ==
	    MAILIMF_NO_ERROR && c != NULL) {
		major = ctype_major(c->ct_type);
		if (major != NULL && c->ct_subtype != NULL &&
		    strlen(major) + strlen(c->ct_subtype) + 2 <=
		    sizeof(ct->type)) {
			lower_copy(ct->type, sizeof(ct->type), major,
			    strlen(major));
			strcat(ct->type, "/");
			i = strlen(ct->type);
			lower_copy(ct->type + i, sizeof(ct->type) - i,
			    c->ct_subtype, strlen(c->ct_subtype));
		}
		ctype_params(ct, c->ct_parameters);
		mailmime_content_free(c);
	} else if (n > 0)
		ctype_token(ct, v, n);
	buf_free(&u);
}

static int
type_is(const struct ctype *ct, const char *type)
{
	return strcmp(ct->type, type) == 0;
}

static int
type_prefix(const struct ctype *ct, const char *prefix)
{
	return strncmp(ct->type, prefix, strlen(prefix)) == 0;
}

/* ---- parts --------------------------------------------------------------- */

static struct bv_part *
part_new(struct walk *w, const struct ctype *ct, int depth, int inorig)
{
	struct bv_msg	*m = w->m;
	struct bv_part	*p;

	if (m->nparts >= BV_MIME_PARTS) {
		m->error = "more than 512 MIME parts";
		return NULL;
	}
	if (m->nparts == w->cap) {
		w->cap = w->cap ? w->cap * 2 : 8;
		m->parts = xreallocarray(m->parts, w->cap, sizeof(*m->parts));
	}
	p = &m->parts[m->nparts++];
	memset(p, 0, sizeof(*p));
	p->type = xstrdup(ct->type);
	p->charset = ct->charset[0] ? xstrdup(ct->charset) : NULL;
	p->depth = depth;
	p->in_original = inorig;
	return p;
}

/* Is P a report part (delivery-status, feedback-report)?  Their text is
 * what the records are made of: a larger cap, outside the budget. */
static int
is_report_part(const char *type)
{
	return strcmp(type, "message/delivery-status") == 0 ||
	    strcmp(type, "message/global-delivery-status") == 0 ||
	    strcmp(type, "message/feedback-report") == 0;
}

/* Bytes of input read for a part of TYPE. */
static size_t
input_cap(const char *type)
{
	return 4 * (is_report_part(type) ? BV_REPORT_CAP : BV_PART_CAP);
}

/* Give P the text S[0..N) in CHARSET, within the message's budget. */
static void
part_text(struct walk *w, struct bv_part *p, const char *s, size_t n,
    const char *charset)
{
	struct buf	 b = { NULL, 0, 0 };
	size_t		 cap;

	if (is_report_part(p->type))
		cap = BV_REPORT_CAP < w->report_budget ? BV_REPORT_CAP :
		    w->report_budget;
	else
		cap = BV_PART_CAP < w->budget ? BV_PART_CAP : w->budget;
	/* Room for the usual case (ASCII in, as much out) at once. */
	b.cap = (n < cap ? n : cap) + 1;
	b.s = xmalloc(b.cap);
	b.s[0] = '\0';
	bv_text_utf8(&b, s, n, charset, cap);
	p->len = b.len;
	p->text = buf_steal(&b);
	if (is_report_part(p->type))
		w->report_budget -= p->len < w->report_budget ? p->len :
		    w->report_budget;
	else
		w->budget -= p->len < w->budget ? p->len : w->budget;
}

static int
texty(const struct ctype *ct)
{
	return type_prefix(ct, "text/") || type_prefix(ct, "message/");
}

/* ---- the returned message ------------------------------------------------- */

static const struct {
	const char	*name;
	size_t		 off;
} original_fields[] = {
	{ "From",	offsetof(struct bv_original, from) },
	{ "To",		offsetof(struct bv_original, to) },
	{ "Subject",	offsetof(struct bv_original, subject) },
	{ "Date",	offsetof(struct bv_original, date) },
	{ "Message-ID",	offsetof(struct bv_original, message_id) },
};

static void
original_clear(struct bv_original *o)
{
	free(o->from);
	free(o->to);
	free(o->subject);
	free(o->date);
	free(o->message_id);
	memset(o, 0, sizeof(*o));
}

/* Fill O from the header block S[0..N); returns the body offset. */
static size_t
original_read(struct bv_original *o, const char *s, size_t n)
{
	struct field	 f;
	size_t		 pos = 0, i;
	char		**slot;

	original_clear(o);
	while (field_next(s, n, &pos, &f))
		for (i = 0; i < sizeof(original_fields) /
		    sizeof(original_fields[0]); i++) {
			if (!field_is(&f, original_fields[i].name))
				continue;
			slot = (char **)((char *)o + original_fields[i].off);
			if (*slot == NULL)
				*slot = bv_header_decode(f.val, f.vlen);
		}
	return pos;
}

/*
 * A returned message (or its headers only) in S[0..N): one part holding
 * its header block, the original's fields, and its body walked when it is
 * a bounce forwarded as an attachment rather than the returned message.
 */
static void
walk_original(struct walk *w, const struct ctype *ct, const char *s,
    size_t n, int depth)
{
	struct bv_msg	*m = w->m;
	struct bv_part	*p;
	struct bv_original tmp = { NULL, NULL, NULL, NULL, NULL };
	struct ctype	 ict;
	struct field	 f;
	const char	*ctv = NULL, *ctev = NULL;
	size_t		 body, pos = 0, ctn = 0, cten = 0;
	int		 descend;

	body = original_read(&tmp, s, n);
	if (!w->orig_fixed) {
		original_clear(&m->original);
		m->original = tmp;
	} else
		original_clear(&tmp);
	descend = !m->has_dsn && !m->has_feedback && !w->in_report &&
	    (type_is(ct, "message/rfc822") || type_is(ct, "message/global"));
	if (!descend)
		w->orig_fixed = 1;
	if ((p = part_new(w, ct, depth, 1)) == NULL)
		return;
	part_text(w, p, s, body < HEADERS_CAP ? body : HEADERS_CAP, "utf-8");
	if (!descend || depth + 1 > BV_MIME_DEPTH)
		return;
	while (field_next(s, body, &pos, &f)) {
		if (field_is(&f, "Content-Type") && ctv == NULL) {
			ctv = f.val;
			ctn = f.vlen;
		} else if (field_is(&f, "Content-Transfer-Encoding") &&
		    ctev == NULL) {
			ctev = f.val;
			cten = f.vlen;
		}
	}
	ctype_parse(&ict, ctv, ctn, "text/plain");
	walk_body(w, &ict, ctev ? cte_of(ctev, cten) :
	    BV_CTE_IDENTITY, s + body, n - body, depth + 1, 1);
}

/* ---- multipart ------------------------------------------------------------ */

/*
 * The next delimiter line of boundary ND ("--" and the boundary) in
 * S[FROM..N): at a line start (blanks before it tolerated), then "--" (the
 * close delimiter) or only blanks to the line end.  1 with *AT (the line's
 * start), *NEXT (after the line) and *CLOSE, or 0.  Each line is examined
 * once, so this stays linear on hostile text.
 */
static int
delim_next(const char *s, size_t n, size_t from, const char *nd,
    size_t ndlen, size_t *at, size_t *next, int *close)
{
	const char	*p;
	size_t		 off, ls, e, k;

	while (from < n && (p = memmem(s + from, n - from, nd, ndlen)) !=
	    NULL) {
		off = (size_t)(p - s);
		from = off + 1;
		for (ls = off; ls > 0 && is_blank(s[ls - 1]); ls--)
			;
		if (ls > 0 && s[ls - 1] != '\n')
			continue;
		e = line_end(s, n, off, next);
		k = off + ndlen;
		*close = k + 2 <= e && s[k] == '-' && s[k + 1] == '-';
		while (!*close && k < e && is_blank(s[k]))
			k++;
		if (!*close && k != e)
			continue;	/* a longer boundary */
		*at = ls;
		return 1;
	}
	return 0;
}

/* S[START..AT) without the line end that belongs to the delimiter. */
static size_t
part_len(const char *s, size_t start, size_t at)
{
	if (at > start && s[at - 1] == '\n')
		at--;
	if (at > start && s[at - 1] == '\r')
		at--;
	return at - start;
}

static void	walk_entity(struct walk *, const char *, size_t, int, int,
		    const char *);

/*
 * Is the part at S[0..N) the returned message of a report already read?
 * Then nothing after it matters.  A look at the first word of its
 * Content-Type is enough.
 */
static int
report_done(const struct walk *w, const char *s, size_t n)
{
	static const char *const orig[] = {
		"message/rfc822", "message/global", "text/rfc822-headers",
		"message/global-headers",
	};
	struct field	 f;
	const char	*v;
	size_t		 pos = 0, i, k, vn;

	if (!w->in_report || (!w->m->has_dsn && !w->m->has_feedback))
		return 0;
	while (field_next(s, n, &pos, &f)) {
		if (!field_is(&f, "Content-Type"))
			continue;
		for (v = f.val, vn = f.vlen; vn > 0 && is_blank(*v); v++, vn--)
			;
		for (i = 0; i < sizeof(orig) / sizeof(orig[0]); i++) {
			k = strlen(orig[i]);
			if (vn >= k && strncasecmp(v, orig[i], k) == 0 &&
			    (vn == k || v[k] == ';' ||
			    (unsigned char)v[k] <= ' '))
				return 1;
		}
		return 0;
	}
	return 0;
}

/*
 * Walk the parts of the multipart body S[0..N) with boundary BND; children
 * are at DEPTH.  -1 when the boundary never occurs.
 */
static int
walk_parts(struct walk *w, const char *s, size_t n, const char *bnd,
    int depth, int inorig, const char *dflt)
{
	char	 nd[MAX_BOUNDARY + 3];
	size_t	 ndlen, at, next, start;
	int	 close;

	ndlen = (size_t)snprintf(nd, sizeof(nd), "--%s", bnd);
	if (ndlen >= sizeof(nd) || ndlen == 2 ||
	    !delim_next(s, n, 0, nd, ndlen, &at, &next, &close))
		return -1;
	while (!close && w->m->nparts < BV_MIME_PARTS) {
		start = next;
		if (report_done(w, s + start, n - start)) {
			/* Only the returned message's headers are needed, and
			 * its body is most of the bytes: do not scan it for
			 * the next boundary. */
			walk_entity(w, s + start, n - start, depth, inorig,
			    dflt);
			break;
		}
		if (!delim_next(s, n, start, nd, ndlen, &at, &next, &close)) {
			/* No close delimiter: the last part runs to the end. */
			walk_entity(w, s + start, n - start, depth, inorig,
			    dflt);
			break;
		}
		walk_entity(w, s + start, part_len(s, start, at), depth,
		    inorig, dflt);
	}
	return 0;
}

/* ---- reports in bodies that do not declare them ----------------------------- */

static int
prefix_ci(const char *s, size_t n, const char *prefix)
{
	size_t	 k = strlen(prefix);

	return n >= k && strncasecmp(s, prefix, k) == 0;
}

/* Is S[0..N) the line "Content-Type: message/delivery-status" (or the
 * global one)? */
static int
dsn_ctype_line(const char *s, size_t n)
{
	size_t	 i = 12;

	if (!prefix_ci(s, n, "content-type"))
		return 0;
	while (i < n && is_blank(s[i]))
		i++;
	if (i >= n || s[i++] != ':')
		return 0;
	while (i < n && is_blank(s[i]))
		i++;
	return prefix_ci(s + i, n - i, "message/delivery-status") ||
	    prefix_ci(s + i, n - i, "message/global-delivery-status");
}

/* The boundary of the delimiter line S[0..N) ("--" and at least one more
 * character) into OUT; 1 or 0. */
static int
delim_boundary(const char *s, size_t n, char *out)
{
	while (n > 0 && is_blank(*s)) {
		s++;
		n--;
	}
	while (n > 0 && is_blank(s[n - 1]))
		n--;
	if (n < 3 || s[0] != '-' || s[1] != '-' || n - 2 > MAX_BOUNDARY)
		return 0;
	memcpy(out, s + 2, n - 2);
	out[n - 2] = '\0';
	return 1;
}

#define SNIFF_BACK	16		/* header lines between delimiter and
					   Content-Type */

/*
 * A text body that carries a delivery-status part in MIME form (a bounce
 * pasted into a forward, an MTA that sends the parts without the multipart
 * header, a boundary that differs from the header's): find the part's
 * Content-Type line, take the boundary from the delimiter line above it,
 * and walk S[0..N) as that multipart, its preamble as a text part.  1 when
 * done, 0 when S is no such text.
 */
static int
sniff_report(struct walk *w, const char *s, size_t n, const char *charset,
    int depth, int inorig)
{
	size_t		 ring[SNIFF_BACK], nr = 0, i, e, next, k, lim, at;
	size_t		 ls, le, nx;
	struct ctype	 pre;
	struct bv_part	*p;
	char		 bnd[MAX_BOUNDARY + 1], nd[MAX_BOUNDARY + 3];
	int		 found = 0, close;

	if (depth + 1 > BV_MIME_DEPTH)
		return 0;
	lim = n < SNIFF_SCAN ? n : SNIFF_SCAN;
	for (i = 0; i < lim && !found; i = next) {
		e = line_end(s, n, i, &next);
		if (dsn_ctype_line(s + i, e - i))
			/* Back over the part's header lines to the delimiter. */
			for (k = 0; k < nr && k < SNIFF_BACK && !found; k++) {
				ls = ring[(nr - 1 - k) % SNIFF_BACK];
				if ((le = line_end(s, n, ls, &nx)) == ls)
					break;
				found = delim_boundary(s + ls, le - ls, bnd);
			}
		ring[nr++ % SNIFF_BACK] = i;
	}
	if (!found)
		return 0;
	k = (size_t)snprintf(nd, sizeof(nd), "--%s", bnd);
	if (!delim_next(s, n, 0, nd, k, &at, &next, &close))
		return 0;
	memset(&pre, 0, sizeof(pre));
	strcpy(pre.type, "text/plain");
	if (charset != NULL)
		lower_copy(pre.charset, sizeof(pre.charset), charset,
		    strlen(charset));
	for (i = 0; i < at && (is_blank(s[i]) || s[i] == '\r' ||
	    s[i] == '\n'); i++)
		;
	if (i < at && (p = part_new(w, &pre, depth, inorig)) != NULL)
		part_text(w, p, s, at, charset);
	walk_parts(w, s + at, n - at, bnd, depth + 1, inorig, "text/plain");
	return 1;
}

/* ---- the walk -------------------------------------------------------------- */

static int
is_report_type(const struct ctype *ct)
{
	return type_is(ct, "message/delivery-status") ||
	    type_is(ct, "message/global-delivery-status");
}

static void
walk_leaf(struct walk *w, const struct ctype *ct, enum bv_cte cte,
    const char *s, size_t n, int depth, int inorig)
{
	struct bv_msg	*m = w->m;
	struct bv_part	*p;
	struct buf	 dec = { NULL, 0, 0 };
	const char	*charset = ct->charset[0] ? ct->charset : NULL;

	if (is_report_type(ct))
		m->has_dsn = 1;
	else if (type_is(ct, "message/feedback-report"))
		m->has_feedback = 1;
	if (!texty(ct) || (is_report_part(ct->type) ? w->report_budget :
	    w->budget) == 0) {
		if ((p = part_new(w, ct, depth, inorig)) != NULL) {
			p->text = xstrdup("");
			p->len = 0;
		}
		return;
	}
	if (n > input_cap(ct->type))
		n = input_cap(ct->type);
	if (cte != BV_CTE_IDENTITY) {
		bv_transfer_decode(&dec, s, n, cte);
		s = dec.s;
		n = dec.len;
	}
	if (charset == NULL && type_prefix(ct, "message/global"))
		charset = "utf-8";
	if (type_is(ct, "text/plain") && !inorig && !m->has_dsn &&
	    sniff_report(w, s, n, charset, depth, inorig)) {
		buf_free(&dec);
		return;
	}
	if ((p = part_new(w, ct, depth, inorig)) != NULL)
		part_text(w, p, s, n, charset);
	buf_free(&dec);
}

static void
walk_multi(struct walk *w, const struct ctype *ct, enum bv_cte cte,
    const char *s, size_t n, int depth, int inorig)
{
	struct ctype	 text;
	int		 report, rc;

	if (depth + 1 > BV_MIME_DEPTH) {
		w->m->error = "MIME nesting deeper than 32";
		return;
	}
	report = type_is(ct, "multipart/report");
	if (report) {
		w->m->has_report = 1;
		w->in_report++;
	}
	rc = ct->boundary[0] == '\0' ? -1 : walk_parts(w, s, n, ct->boundary,
	    depth + 1, inorig, type_is(ct, "multipart/digest") ?
	    "message/rfc822" : "text/plain");
	if (report)
		w->in_report--;
	if (rc == 0)
		return;
	/* No usable boundary: read the body as text. */
	memset(&text, 0, sizeof(text));
	strcpy(text.type, "text/plain");
	walk_leaf(w, &text, cte, s, n, depth, inorig);
}

static int
is_original_type(const struct ctype *ct)
{
	return type_is(ct, "message/rfc822") || type_is(ct, "message/global") ||
	    type_is(ct, "text/rfc822-headers") ||
	    type_is(ct, "message/global-headers");
}

static void
walk_body(struct walk *w, const struct ctype *ct, enum bv_cte cte,
    const char *s, size_t n, int depth, int inorig)
{
	struct buf	 dec = { NULL, 0, 0 };

	if (type_prefix(ct, "multipart/"))
		walk_multi(w, ct, cte, s, n, depth, inorig);
	else if (is_original_type(ct)) {
		/* Not allowed by RFC 2046, but some MTAs encode it. */
		if (cte != BV_CTE_IDENTITY) {
			bv_transfer_decode(&dec, s, n < 4 * BV_PART_CAP ? n :
			    4 * BV_PART_CAP, cte);
			s = dec.s;
			n = dec.len;
		}
		walk_original(w, ct, s, n, depth);
		buf_free(&dec);
	} else
		walk_leaf(w, ct, cte, s, n, depth, inorig);
}

/* A body part S[0..N): its own header fields, then its body. */
static void
walk_entity(struct walk *w, const char *s, size_t n, int depth, int inorig,
    const char *dflt)
{
	struct ctype	 ct;
	struct field	 f;
	const char	*ctv = NULL, *ctev = NULL;
	size_t		 pos = 0, ctn = 0, cten = 0, e, next, colon;

	/* A part that starts with text has no header fields at all. */
	e = line_end(s, n, 0, &next);
	if (e > 0 && !is_blank(s[0]) && field_name(s, e, &colon) == 0)
		pos = 0;
	else
		while (field_next(s, n, &pos, &f)) {
			if (ctv == NULL && field_is(&f, "Content-Type")) {
				ctv = f.val;
				ctn = f.vlen;
			} else if (ctev == NULL &&
			    field_is(&f, "Content-Transfer-Encoding")) {
				ctev = f.val;
				cten = f.vlen;
			}
		}
	ctype_parse(&ct, ctv, ctn, dflt);
	walk_body(w, &ct, ctev ? cte_of(ctev, cten) : BV_CTE_IDENTITY,
	    s + pos, n - pos, depth, inorig);
}

/* ---- the message ------------------------------------------------------------ */

/* Does S[0..N) end lines with a lone CR anywhere? */
static int
has_bare_cr(const char *s, size_t n)
{
	const char	*p = s, *end = s + n;

	while ((p = memchr(p, '\r', (size_t)(end - p))) != NULL) {
		if (p + 1 == end || p[1] != '\n')
			return 1;
		p += 2;
	}
	return 0;
}

/* S[0..N) with every CR LF and lone CR as LF (caller frees). */
static char *
lf_copy(const char *s, size_t n, size_t *outlen)
{
	char	*out = xmalloc(n + 1);
	size_t	 i, k = 0;

	for (i = 0; i < n; i++) {
		if (s[i] == '\r') {
			out[k++] = '\n';
			if (i + 1 < n && s[i + 1] == '\n')
				i++;
		} else
			out[k++] = s[i];
	}
	out[k] = '\0';
	*outlen = k;
	return out;
}

/*
 * Add field F to M's headers.  The names go into one buffer (one
 * allocation for all of them); OFFS keeps where each starts until
 * bv_msg_new points the headers at the final buffer.  Values stay where
 * they are until asked for (bv_msg_header_value).
 */
static void
add_header(struct bv_msg *m, size_t *cap, struct buf *strs, size_t **offs,
    const struct field *f)
{
	struct bv_header	*h;

	if (m->nhdrs >= MAX_HDRS)
		return;
	if (m->nhdrs == *cap) {
		*cap = *cap ? *cap * 2 : 32;
		m->hdrs = xreallocarray(m->hdrs, *cap, sizeof(*m->hdrs));
		*offs = xreallocarray(*offs, *cap, sizeof(**offs));
	}
	(*offs)[m->nhdrs] = strs->len;
	buf_add(strs, f->name, f->nlen);
	buf_addc(strs, '\0');
	h = &m->hdrs[m->nhdrs++];
	h->raw = f->val;
	h->rawlen = f->vlen;
	h->value = NULL;
}

const char *
bv_msg_header_value(const struct bv_msg *cm, size_t i)
{
	/* The cache is the message's own: it was made writable. */
	struct bv_msg		*m = (struct bv_msg *)cm;
	struct bv_header	*h = &m->hdrs[i];
	struct buf		 b = { NULL, 0, 0 };

	if (h->value != NULL)
		return h->value;
	if (m->hdr_spent < HEADER_BUDGET)
		bv_header_add(&b, h->raw, h->rawlen);
	if (b.s == NULL)
		buf_add(&b, "", 0);
	m->hdr_spent += b.len;
	h->value = buf_steal(&b);
	return h->value;
}

struct bv_msg *
bv_msg_new(const char *bytes, size_t len)
{
	struct bv_msg	*m = xcalloc(1, sizeof(*m));
	struct walk	 w;
	struct ctype	 ct;
	struct field	 f;
	const char	*s = bytes, *ctv = NULL, *ctev = NULL;
	size_t		 n = len, pos = 0, hcap = 0, ctn = 0, cten = 0, i;
	size_t		*offs = NULL;
	struct buf	 strs = { NULL, 0, 0 };

	m->raw = bytes;
	m->rawlen = len;
	if (bytes == NULL)
		s = "", n = 0;
	/* libetpan and our scans know LF and CR LF; lone CRs are rewritten. */
	if (has_bare_cr(s, n))
		s = m->own = lf_copy(s, n, &n);
	while (field_next(s, n, &pos, &f)) {
		add_header(m, &hcap, &strs, &offs, &f);
		if (ctv == NULL && field_is(&f, "Content-Type")) {
			ctv = f.val;
			ctn = f.vlen;
		} else if (ctev == NULL &&
		    field_is(&f, "Content-Transfer-Encoding")) {
			ctev = f.val;
			cten = f.vlen;
		}
	}
	m->hdrbuf = strs.s;
	for (i = 0; i < m->nhdrs; i++)
		m->hdrs[i].name = m->hdrbuf + offs[i];
	free(offs);
	memset(&w, 0, sizeof(w));
	w.m = m;
	w.budget = TEXT_BUDGET;
	w.report_budget = REPORT_BUDGET;
	ctype_parse(&ct, ctv, ctn, "text/plain");
	walk_body(&w, &ct, ctev ? cte_of(ctev, cten) : BV_CTE_IDENTITY,
	    s + pos, n - pos, 0, 0);
	return m;
}

void
bv_msg_free(struct bv_msg *m)
{
	size_t	 i;

	if (m == NULL)
		return;
	for (i = 0; i < m->nhdrs; i++)
		free(m->hdrs[i].value);
	free(m->hdrbuf);
	free(m->hdrs);
	free(m->own);
	for (i = 0; i < m->nparts; i++) {
		free(m->parts[i].type);
		free(m->parts[i].charset);
		free(m->parts[i].text);
	}
	free(m->parts);
	original_clear(&m->original);
	free(m);
}

const char *
bv_msg_header(const struct bv_msg *m, const char *name)
{
	size_t	 i;

	/* The first letters differ for most names: compare those first. */
	for (i = 0; i < m->nhdrs; i++)
		if ((m->hdrs[i].name[0] | 0x20) == (name[0] | 0x20) &&
		    strcasecmp(m->hdrs[i].name, name) == 0)
			return bv_msg_header_value(m, i);
	return NULL;
}

const struct bv_part *
bv_msg_part(const struct bv_msg *m, const char *type, size_t n)
{
	size_t	 i;

	for (i = 0; i < m->nparts; i++)
		if (!m->parts[i].in_original &&
		    strcmp(m->parts[i].type, type) == 0 && n-- == 0)
			return &m->parts[i];
	return NULL;
}
