/*
 * dsn.c: RFC 3464 delivery status notifications (and RFC 6533 global ones):
 * every message/delivery-status part of the message, one record per
 * recipient block.  Also the field reader shared with arf.c.
 *
 * Blocks are told apart by their fields more than by blank lines: sloppy
 * MTAs leave out the blank line between recipients or the per-message block
 * altogether, so a second Final-Recipient starts a new recipient, and
 * per-message fields count for the whole report wherever they stand.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "parser/parser.h"

/* ---- report fields -------------------------------------------------------- */

static int
is_blank(char c)
{
	return c == ' ' || c == '\t';
}

/* The line at S[*POS..N): its start, length without the line end; *POS
 * after it. */
static size_t
next_line(const char *s, size_t n, size_t *pos, const char **line)
{
	const char	*nl;
	size_t		 len;

	*line = s + *pos;
	nl = memchr(*line, '\n', n - *pos);
	len = nl ? (size_t)(nl - *line) : n - *pos;
	*pos += nl ? len + 1 : len;
	if (len > 0 && (*line)[len - 1] == '\r')
		len--;
	return len;
}

static int
whitespace_only(const char *s, size_t n)
{
	while (n > 0 && (is_blank(*s) || *s == '\r'))
		s++, n--;
	return n == 0;
}

/* Length of the field name "Name:" (optional blanks before the colon) at
 * S[0..N), 0 if none; *VAL is where the value starts. */
static size_t
report_name(const char *s, size_t n, size_t *val)
{
	size_t	 i = 0, k;

	while (i < n && i < 64 && ((s[i] >= 'a' && s[i] <= 'z') ||
	    (s[i] >= 'A' && s[i] <= 'Z') || (s[i] >= '0' && s[i] <= '9') ||
	    s[i] == '-' || s[i] == '_'))
		i++;
	if (i == 0 || i >= 64)
		return 0;
	for (k = i; k < n && is_blank(s[k]); k++)
		;
	if (k >= n || s[k] != ':')
		return 0;
	*val = k + 1;
	return i;
}

static int
is_known(const char *s, size_t n, const char *const *known)
{
	size_t	 i;

	for (i = 0; known != NULL && known[i] != NULL; i++)
		if (strlen(known[i]) == n && strncasecmp(s, known[i], n) == 0)
			return 1;
	return 0;
}

/* Does the indented line S[0..N) start a KNOWN field all the same? */
static int
indented_field(const char *s, size_t n, const char *const *known)
{
	size_t	 v, k;

	while (n > 0 && is_blank(*s))
		s++, n--;
	return (k = report_name(s, n, &v)) != 0 && is_known(s, k, known);
}

void
bv_fieldit_init(struct bv_fieldit *it, const char *s, size_t n,
    const char *const *known)
{
	memset(it, 0, sizeof(*it));
	it->s = s;
	it->n = n;
	it->known = known;
}

void
bv_fieldit_free(struct bv_fieldit *it)
{
	buf_free(&it->val);
}

/* Append S[0..N) trimmed, after one space if B has text; tabs inside
 * become spaces. */
static void
add_trimmed(struct buf *b, const char *s, size_t n)
{
	size_t	 i, at;

	while (n > 0 && is_blank(*s))
		s++, n--;
	while (n > 0 && is_blank(s[n - 1]))
		n--;
	if (n == 0)
		return;
	if (b->len > 0)
		buf_addc(b, ' ');
	at = b->len;
	buf_add(b, s, n);
	for (i = at; i < b->len; i++)
		if (b->s[i] == '\t')
			b->s[i] = ' ';
}

int
bv_fieldit_next(struct bv_fieldit *it)
{
	const char	*line, *s;
	size_t		 len, v, k, save, n;

	it->blank = 0;
	while (it->pos < it->n) {
		len = next_line(it->s, it->n, &it->pos, &line);
		if (whitespace_only(line, len)) {
			it->blank = 1;
			continue;
		}
		s = line;
		n = len;
		if (is_blank(*s)) {
			/* An indented line outside a field: unless it is a
			 * known field written with stray blanks, skip it. */
			if (!indented_field(s, n, it->known))
				continue;
			while (is_blank(*s))
				s++, n--;
		}
		if ((k = report_name(s, n, &v)) == 0)
			continue;	/* stray text */
		memcpy(it->name, s, k);
		it->name[k] = '\0';
		buf_reset(&it->val);
		add_trimmed(&it->val, s + v, n - v);
		/* Continuations: indented lines and stray lines without a
		 * field name, up to a blank line or the next field. */
		while (it->pos < it->n) {
			save = it->pos;
			len = next_line(it->s, it->n, &it->pos, &line);
			if (whitespace_only(line, len) ||
			    (is_blank(*line) && indented_field(line, len,
			    it->known)) ||
			    (!is_blank(*line) && report_name(line, len, &v) &&
			    !(v + 1 < len && line[v] == '/' &&
			    line[v + 1] == '/')) ||
			    (len >= 2 && line[0] == '-' && line[1] == '-')) {
				it->pos = save;
				break;
			}
			add_trimmed(&it->val, line, len);
		}
		if (it->val.s == NULL)
			buf_add(&it->val, "", 0);
		return 1;
	}
	return 0;
}

char *
bv_field_strip_type(const char *v)
{
	const char	*p, *semi;
	size_t		 n;

	if (v == NULL)
		return NULL;
	/* "rfc822; a@b", "dns; mx.example.net", "utf-8; ...": an atom and a
	 * semicolon before the value. */
	semi = strchr(v, ';');
	if (semi != NULL && semi - v <= 24) {
		for (p = v; p < semi && is_blank(*p); p++)
			;
		while (p < semi && ((*p >= 'a' && *p <= 'z') ||
		    (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
		    *p == '-' || *p == '_' || *p == '.'))
			p++;
		while (p < semi && is_blank(*p))
			p++;
		if (p == semi)
			v = semi + 1;
	}
	while (is_blank(*v))
		v++;
	n = strlen(v);
	while (n > 0 && is_blank(v[n - 1]))
		n--;
	if (n >= 2 && v[0] == '<' && v[n - 1] == '>' &&
	    memchr(v + 1, '<', n - 2) == NULL) {
		v++;
		n -= 2;
	}
	return n > 0 ? xstrndup(v, n) : NULL;
}

#define ADDR_MAX	320

static int
addr_char(char c)
{
	return (unsigned char)c > ' ' && c != '<' && c != '>' && c != '"' &&
	    c != '(' && c != ')' && c != ',' && c != ';' && c != ':' &&
	    c != '[' &&
	    c != ']' && c != '\\' && c != '\'';
}

char *
bv_addr_extract(const char *v)
{
	const char	*lt, *gt, *at, *b, *e;

	if (v == NULL)
		return NULL;
	/* "Name <a@b>": the bracketed address. */
	for (lt = strchr(v, '<'); lt != NULL; lt = strchr(lt + 1, '<')) {
		if ((gt = strchr(lt + 1, '>')) == NULL)
			break;
		at = memchr(lt + 1, '@', (size_t)(gt - lt - 1));
		if (at != NULL && gt - lt - 1 <= ADDR_MAX) {
			for (b = lt + 1; b < gt && is_blank(*b); b++)
				;
			for (e = gt; e > b && is_blank(e[-1]); e--)
				;
			if (e > b)
				return xstrndup(b, (size_t)(e - b));
		}
	}
	/* Otherwise the first word with an @ in it. */
	for (at = strchr(v, '@'); at != NULL; at = strchr(at + 1, '@')) {
		for (b = at; b > v && addr_char(b[-1]); b--)
			;
		for (e = at + 1; addr_char(*e); e++)
			;
		while (e > at + 1 && (e[-1] == '.' || e[-1] == ':'))
			e--;
		if (b < at && e > at + 1 && e - b <= ADDR_MAX)
			return xstrndup(b, (size_t)(e - b));
	}
	return NULL;
}

/* ---- delivery-status ---------------------------------------------------- */

enum dsn_slot {
	DS_REPORTING,
	DS_ARRIVAL,
	DS_FINAL,
	DS_ORIGINAL,
	DS_ACTION,
	DS_STATUS,
	DS_REMOTE,
	DS_DIAG,
	DS_LAST,
	DS_ACTUAL,
	DS_NSLOTS,
	DS_OTHER_RCPT = DS_NSLOTS,	/* known, not kept */
	DS_OTHER_MSG,
};

static const struct {
	const char	*name;
	int		 slot;
	int		 per_rcpt;
} dsn_fields[] = {
	{ "Reporting-MTA",	DS_REPORTING,	0 },
	{ "Arrival-Date",	DS_ARRIVAL,	0 },
	{ "Received-From-MTA",	DS_OTHER_MSG,	0 },
	{ "Original-Envelope-Id", DS_OTHER_MSG,	0 },
	{ "DSN-Gateway",	DS_OTHER_MSG,	0 },
	{ "Final-Recipient",	DS_FINAL,	1 },
	{ "Original-Recipient",	DS_ORIGINAL,	1 },
	{ "Action",		DS_ACTION,	1 },
	{ "Status",		DS_STATUS,	1 },
	{ "Remote-MTA",		DS_REMOTE,	1 },
	{ "Diagnostic-Code",	DS_DIAG,	1 },
	{ "Last-Attempt-Date",	DS_LAST,	1 },
	{ "X-Actual-Recipient",	DS_ACTUAL,	1 },
	{ "Will-Retry-Until",	DS_OTHER_RCPT,	1 },
	{ "Final-Log-ID",	DS_OTHER_RCPT,	1 },
};
#define NFIELDS	(sizeof(dsn_fields) / sizeof(dsn_fields[0]))

/* The names the field reader accepts even when indented. */
static const char *const dsn_known[] = {
	"Reporting-MTA", "Arrival-Date", "Received-From-MTA",
	"Original-Envelope-Id", "Final-Recipient", "Original-Recipient",
	"Action", "Status", "Remote-MTA", "Diagnostic-Code",
	"Last-Attempt-Date", "X-Actual-Recipient", "Will-Retry-Until", NULL,
};

struct dsn_rcpt {
	char	*v[DS_NSLOTS];
};

struct dsn_read {
	char		*msg[DS_NSLOTS];	/* per-message fields */
	struct dsn_rcpt	*r;
	size_t		 nr, cap;
	struct dsn_rcpt	 cur;
	int		 cur_any;		/* cur has per-recipient fields */
	int		 capped;		/* more than BV_DSN_RCPTS */
};

static void
rcpt_flush(struct dsn_read *d)
{
	size_t	 i;

	if (!d->cur_any)
		return;
	if (d->nr >= BV_DSN_RCPTS) {
		d->capped = 1;
		for (i = 0; i < DS_NSLOTS; i++)
			free(d->cur.v[i]);
	} else {
		if (d->nr == d->cap) {
			d->cap = d->cap ? d->cap * 2 : 4;
			d->r = xreallocarray(d->r, d->cap, sizeof(*d->r));
		}
		d->r[d->nr++] = d->cur;
	}
	memset(&d->cur, 0, sizeof(d->cur));
	d->cur_any = 0;
}

/*
 * Does field SLOT begin a new recipient?  Without a blank line between
 * recipients, a second Final-Recipient, Original-Recipient, Action or Status
 * in one block can only belong to the next one.  (Field order inside a block
 * varies between MTAs, so order says nothing.)
 */
static int
starts_rcpt(const struct dsn_read *d, int slot)
{
	switch (slot) {
	case DS_FINAL:
	case DS_ORIGINAL:
	case DS_ACTION:
	case DS_STATUS:
		return d->cur_any && d->cur.v[slot] != NULL;
	default:
		return 0;
	}
}

static void
dsn_field(struct dsn_read *d, const char *name, const char *value)
{
	size_t	 i;
	int	 slot;

	/* The first letters differ for most names: compare those first. */
	for (i = 0; i < NFIELDS; i++)
		if ((name[0] | 0x20) == (dsn_fields[i].name[0] | 0x20) &&
		    strcasecmp(name, dsn_fields[i].name) == 0)
			break;
	if (i == NFIELDS)
		return;		/* X-* and others: not needed */
	slot = dsn_fields[i].slot;
	if (!dsn_fields[i].per_rcpt) {
		if (slot < DS_NSLOTS && d->msg[slot] == NULL && *value)
			d->msg[slot] = xstrdup(value);
		return;
	}
	if (starts_rcpt(d, slot))
		rcpt_flush(d);
	d->cur_any = 1;
	if (slot < DS_NSLOTS && d->cur.v[slot] == NULL && *value)
		d->cur.v[slot] = xstrdup(value);
}

static void
dsn_part(struct dsn_read *d, const struct bv_part *p)
{
	struct bv_fieldit	 it;

	bv_fieldit_init(&it, p->text, p->len, dsn_known);
	while (bv_fieldit_next(&it)) {
		/* A blank line ends a recipient block. */
		if (it.blank)
			rcpt_flush(d);
		dsn_field(d, it.name, it.val.s);
	}
	rcpt_flush(d);
	bv_fieldit_free(&it);
}

static int
is_dsn_part(const struct bv_part *p)
{
	return strcmp(p->type, "message/delivery-status") == 0 ||
	    strcmp(p->type, "message/global-delivery-status") == 0;
}

static int
dsn_claims(const struct bv_msg *m)
{
	return m->has_dsn;
}

/* "failed (permanent)" -> "failed" */
static char *
action_word(const char *v)
{
	size_t	 n = 0, i;
	char	*s;

	if (v == NULL)
		return NULL;
	while (v[n] != '\0' && !is_blank(v[n]) && v[n] != '(' && v[n] != ';')
		n++;
	if (n == 0)
		return NULL;
	s = xstrndup(v, n);
	for (i = 0; i < n; i++)
		if (s[i] >= 'A' && s[i] <= 'Z')
			s[i] = (char)(s[i] + 32);
	return s;
}

static const char *const delivered_actions[] = {
	"delivered", "relayed", "expanded", NULL,
};

/* The bare address in A, in place: some MTAs (Lotus Domino, MDaemon, old
 * Exchange gateways) write the recipient as a mailbox with a display name,
 * "rfc822; Hal Jordan <hal@example.net>", or add a comment after it,
 * "rfc822; hal@example.net (Hal Jordan)".  A value that is not like that is
 * left as it is; A (may be NULL) is returned. */
static char *
bare_address(char *a)
{
	char	*lt, *gt, *paren;
	size_t	 n;

	if (a == NULL)
		return NULL;
	if ((lt = strchr(a, '<')) != NULL && (gt = strchr(lt, '>')) != NULL &&
	    memchr(lt, '@', (size_t)(gt - lt)) != NULL) {
		n = (size_t)(gt - lt - 1);
		memmove(a, lt + 1, n);
		a[n] = '\0';
		return a;
	}
	if ((paren = strchr(a, '(')) != NULL && paren > a &&
	    memchr(a, '@', (size_t)(paren - a)) != NULL) {
		n = (size_t)(paren - a);
		while (n > 0 && is_blank(a[n - 1]))
			n--;
		a[n] = '\0';
	}
	return a;
}

/* The address a record names: Final-Recipient, or what stands in for it. */
static char *
rcpt_address(const struct dsn_rcpt *r)
{
	char	*a = bare_address(bv_field_strip_type(r->v[DS_FINAL]));

	/* "rfc822; <>" or a bare local part: the actual recipient says
	 * more. */
	if ((a == NULL || strchr(a, '@') == NULL) && r->v[DS_ACTUAL] != NULL) {
		free(a);
		a = bare_address(bv_field_strip_type(r->v[DS_ACTUAL]));
	}
	if (a == NULL)
		a = bare_address(bv_field_strip_type(r->v[DS_ORIGINAL]));
	return a;
}

/* An MTA field: the name without its type, a trailing comment
 * ("mx.example.org. (192.0.2.50, the server for ...)") or the root dot. */
static char *
mta_name(const char *v)
{
	char	*s = bv_field_strip_type(v), *p;
	size_t	 n;

	if (s == NULL)
		return NULL;
	if ((p = strchr(s, '(')) != NULL && p > s) {
		*p = '\0';
		n = strlen(s);
		while (n > 0 && is_blank(s[n - 1]))
			s[--n] = '\0';
	}
	n = strlen(s);
	if (n > 1 && s[n - 1] == '.')
		s[n - 1] = '\0';
	return s;
}

/* Diagnostic-Code types other than smtp that say where the failure was:
 * Sendmail and Postfix "X-Unix" for a local delivery program (its exit
 * status follows), Postfix "X-Postfix" for its own errors. */
static const char *const diag_types[] = {
	"x-unix", "x-postfix", "x-local", NULL
};

static const char *
diag_type(const char *diag)
{
	const char	*semi;
	size_t		 i, n;

	if (diag == NULL || (semi = strchr(diag, ';')) == NULL)
		return NULL;
	while (is_blank(*diag))
		diag++;
	for (n = (size_t)(semi - diag); n > 0 && is_blank(diag[n - 1]); n--)
		;
	for (i = 0; diag_types[i] != NULL; i++)
		if (strlen(diag_types[i]) == n &&
		    strncasecmp(diag, diag_types[i], n) == 0)
			return diag_types[i];
	return NULL;
}

static void
dsn_record(struct bv_reclist *out, const struct dsn_read *d,
    const struct dsn_rcpt *r)
{
	struct bv_record	*rec = bv_reclist_add(out);
	const char		*diag = r->v[DS_DIAG];
	size_t			 i;

	rec->format = bv_reader_rfc3464.name;
	rec->recipient = rcpt_address(r);
	rec->original_recipient = bv_field_strip_type(r->v[DS_ORIGINAL]);
	rec->action = action_word(r->v[DS_ACTION]);
	rec->status = xstrdup(r->v[DS_STATUS]);
	/* Action is required, but a few MTAs leave it out; a permanent
	 * status can only mean the delivery failed. */
	if (rec->action == NULL && rec->status != NULL &&
	    rec->status[0] == '5')
		rec->action = xstrdup("failed");
	rec->remote_mta = mta_name(r->v[DS_REMOTE]);
	rec->reporting_mta = mta_name(d->msg[DS_REPORTING]);
	rec->arrival_date = xstrdup(d->msg[DS_ARRIVAL]);
	rec->last_attempt_date = xstrdup(r->v[DS_LAST]);
	/* The diagnostic text without its type ("smtp;"), which is kept
	 * aside when it says something. */
	rec->diagnostic = diag != NULL ? bv_field_strip_type(diag) : NULL;
	rec->diag_type = diag_type(diag);
	for (i = 0; rec->action != NULL && delivered_actions[i] != NULL; i++)
		if (strcmp(rec->action, delivered_actions[i]) == 0)
			rec->hint_reason = "delivered";
}

#define TEXT_SCAN	(64 * 1024)	/* of the human-readable part */
#define TEXT_RCPTS	50		/* records looked up there */
#define LINE_MAX_	1000

/* The first WORD in HAY[0..N), ignoring ASCII case, or NULL. */
static const char *
find_ci(const char *hay, size_t n, const char *word)
{
	const char	*p;
	size_t		 k = strlen(word), i;
	char		 lo, up;

	if (k == 0 || k > n)
		return NULL;
	/* Mostly written the same way: memmem is fast. */
	if ((p = memmem(hay, n, word, k)) != NULL)
		return p;
	lo = (char)(word[0] >= 'A' && word[0] <= 'Z' ? word[0] + 32 : word[0]);
	up = (char)(lo >= 'a' && lo <= 'z' ? lo - 32 : lo);
	for (i = 0; i + k <= n; i++)
		if ((hay[i] == lo || hay[i] == up) &&
		    strncasecmp(hay + i, word, k) == 0)
			return hay + i;
	return NULL;
}

/*
 * The line of the human-readable part that names RCPT together with a
 * reply code ("550 5.1.2 <a@b>... Host unknown", "<a@b>... Deferred:
 * 421"): 1 with it in LINE and the code in CODE.  Sendmail and others put
 * the code there when the delivery-status part has none.
 */
static int
text_line(const struct bv_part *p, const char *rcpt, struct buf *line,
    char code[4])
{
	const char	*s = p->text, *end, *at, *ls, *le;

	end = s + (p->len < TEXT_SCAN ? p->len : TEXT_SCAN);
	while (s < end && (at = find_ci(s, (size_t)(end - s), rcpt)) != NULL) {
		for (ls = at; ls > s && ls[-1] != '\n'; ls--)
			;
		if ((le = memchr(at, '\n', (size_t)(end - at))) == NULL)
			le = end;
		if (le - ls <= LINE_MAX_) {
			buf_reset(line);
			add_trimmed(line, ls, (size_t)(le - ls));
			if (line->s != NULL && bv_code_reply(line->s, code))
				return 1;
		}
		s = le;
	}
	return 0;
}

/* An address with a local part and a domain. */
static int
whole_address(const char *a)
{
	const char	*at = a != NULL ? strchr(a, '@') : NULL;

	return at != NULL && at > a && at[1] != '\0';
}

/*
 * Complete records whose diagnostic has no reply code from the text.  With
 * one recipient, a failure line naming any address will do, and it also
 * completes a Final-Recipient that lost its local part ("@example.org").
 */
static void
text_codes(const struct bv_msg *m, struct bv_reclist *out, size_t first)
{
	const struct bv_part	*p = bv_msg_part(m, "text/plain", 0);
	struct bv_record	*r;
	struct buf		 line = { NULL, 0, 0 };
	char			 code[4], *a;
	size_t			 i, tried = 0;
	int			 found, single = out->n - first == 1;

	for (i = first; p != NULL && i < out->n && tried < TEXT_RCPTS; i++) {
		r = &out->v[i];
		if (bv_code_reply(r->diagnostic, code) &&
		    whole_address(r->recipient))
			continue;
		tried++;
		found = whole_address(r->recipient) &&
		    text_line(p, r->recipient, &line, code);
		if (!found && single)
			found = text_line(p, "@", &line, code) &&
			    (code[0] == '4' || code[0] == '5');
		if (!found)
			continue;
		if (!whole_address(r->recipient) &&
		    (a = bv_addr_extract(line.s)) != NULL) {
			free(r->recipient);
			r->recipient = a;
		}
		if (r->diagnostic == NULL)
			r->diagnostic = xstrdup(line.s);
		else if (r->reply_code == NULL &&
		    !bv_code_reply(r->diagnostic, code))
			r->reply_code = xstrdup(code);
	}
	buf_free(&line);
}

/*
 * Where the delivery-status part has no Diagnostic-Code, the human-readable
 * part often says why next to the recipient: Sendmail "<a@b>... Deferred:
 * Connection refused by mx", OpenSMTPD "a@b: Domain does not exist", Exim
 * with the reason indented under the address ("mailbox is full").  The text
 * after the address on its line, or else the indented lines below it, up to
 * DIAG_LINES of them.  Exim's "generated by" lines name an alias, not why.
 */
#define DIAG_LINES	4

/* A line that only decorates: blank, or a "----- ... -----" banner. */
static int
banner_line(const char *s, size_t n)
{
	while (n > 0 && is_blank(*s))
		s++, n--;
	return n == 0 || (n >= 3 && strncmp(s, "---", 3) == 0);
}

/* The text after the recipient at AT on its line, without the quoting and
 * punctuation that join them ("<a@b>... ", "a@b: "), into LINE. */
static void
after_rcpt(struct buf *line, const char *at, const char *le)
{
	while (at < le && (is_blank(*at) || *at == '>' || *at == '.' ||
	    *at == ':' || *at == ',' || *at == ';' || *at == '"' ||
	    *at == '\''))
		at++;
	buf_reset(line);
	add_trimmed(line, at, (size_t)(le - at));
}

/*
 * A "Reason:" field among the indented lines names why by itself: Oracle
 * (Sun) Messaging Server lists "Recipient address:", "Original address:",
 * "Date:", "Reason:" and "Remote system:" under each recipient.
 */
static int
reason_field(struct buf *line, const char *ls, const char *e)
{
	static const char	 key[] = "reason:";
	size_t			 k = sizeof(key) - 1;

	while (ls < e && is_blank(*ls))
		ls++;
	if ((size_t)(e - ls) <= k || strncasecmp(ls, key, k) != 0)
		return 0;
	buf_reset(line);
	add_trimmed(line, ls + k, (size_t)(e - ls - k));
	return 1;
}

/* The indented lines below LE (up to END) that go on about a recipient. */
static void
indented_below(struct buf *line, const char *le, const char *end)
{
	const char	*ls = le, *e;
	size_t		 k;

	for (k = 0; k < DIAG_LINES && ls < end && *ls == '\n'; k++) {
		ls++;
		if ((e = memchr(ls, '\n', (size_t)(end - ls))) == NULL)
			e = end;
		if (ls == e || !is_blank(*ls) || banner_line(ls, (size_t)(e - ls)))
			break;
		if (reason_field(line, ls, e))
			return;
		if (!(e - ls > 16 && find_ci(ls, (size_t)(e - ls),
		    "generated by ") != NULL))
			add_trimmed(line, ls, (size_t)(e - ls));
		ls = e;
	}
}

#define QUOTED_LABEL	32	/* bytes before an address looked at */

/*
 * Does the address at AT (on the line of TEXT that begins at LS) sit in a
 * header field of the returned message, quoted in the notice ("To: a@b")?
 * That line says nothing about why, and the lines below it are more
 * headers.  LS is not a line's start when the line is longer than that.
 */
static int
quoted_header(const char *text, const char *ls, const char *at)
{
	static const char *const fields[] = {
		"to:", "cc:", "bcc:", "from:", "sender:", "reply-to:",
		"resent-to:", "resent-cc:", "delivered-to:", "x-original-to:",
		"envelope-to:",
	};
	size_t	 i, n;

	if (ls > text && ls[-1] != '\n')
		return 0;			/* a long line: not a header */
	while (ls < at && is_blank(*ls))
		ls++;
	for (i = 0; i < sizeof(fields) / sizeof(fields[0]); i++) {
		n = strlen(fields[i]);
		if ((size_t)(at - ls) >= n && strncasecmp(ls, fields[i],
		    n) == 0)
			return 1;
	}
	return 0;
}

/* At least one letter: more than the punctuation left of a line. */
static int
has_letter(const char *s)
{
	for (; s != NULL && *s != '\0'; s++)
		if ((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z'))
			return 1;
	return 0;
}

static int
text_diagnostic(const struct bv_part *p, const char *rcpt, struct buf *line)
{
	const char	*s = p->text, *end, *at, *ls, *le;
	size_t		 k = strlen(rcpt);

	end = s + (p->len < TEXT_SCAN ? p->len : TEXT_SCAN);
	while (s < end && (at = find_ci(s, (size_t)(end - s), rcpt)) != NULL) {
		if ((le = memchr(at, '\n', (size_t)(end - at))) == NULL)
			le = end;
		for (ls = at; ls > p->text && ls[-1] != '\n' &&
		    at - ls < QUOTED_LABEL; ls--)
			;
		if (le - at <= LINE_MAX_ && !quoted_header(p->text, ls, at)) {
			after_rcpt(line, at + k, le > at && le[-1] == '\r' ?
			    le - 1 : le);
			if (line->len == 0)
				indented_below(line, le, end);
			if (has_letter(line->s))
				return 1;
		}
		s = le;
	}
	return 0;
}

/* Give records without a Diagnostic-Code the text's account of why. */
static void
text_diagnostics(const struct bv_msg *m, struct bv_reclist *out,
    size_t first)
{
	const struct bv_part	*p = bv_msg_part(m, "text/plain", 0);
	struct bv_record	*r;
	struct buf		 line = { NULL, 0, 0 };
	size_t			 i;

	for (i = first; p != NULL && i < out->n && i < first + TEXT_RCPTS;
	    i++) {
		r = &out->v[i];
		if (r->diagnostic != NULL || r->recipient == NULL ||
		    strlen(r->recipient) < 3)
			continue;
		if (text_diagnostic(p, r->recipient, &line))
			r->diagnostic = xstrdup(line.s);
	}
	buf_free(&line);
}

/*
 * How the human-readable part says which SMTP command a reply answered:
 * Postfix "(in reply to end of DATA command)", Exim "after RCPT TO:<...>".
 * The report's fields do not say it, and the catalog tells a filter after
 * DATA from an unknown address at RCPT TO by it.  (Sendmail's ">>> DATA"
 * transcripts are no guide: with pipelining the reply to RCPT TO follows
 * the DATA line.)
 */
static const struct {
	const char	*text;
	const char	*cmd;
} cmd_phrases[] = {
	{ "in reply to end of data command",	"DATA" },
	{ "in reply to data command",		"DATA" },
	{ "in reply to rcpt to command",	"RCPT" },
	{ "in reply to mail from command",	"MAIL" },
	{ "in reply to ehlo command",		"HELO" },
	{ "in reply to helo command",		"HELO" },
	{ "after end of data",			"DATA" },
	{ "after pipelined data",		"DATA" },
	{ "after rcpt to",			"RCPT" },
	{ "after mail from",			"MAIL" },
	{ "after ehlo",				"HELO" },
	{ "after helo",				"HELO" },
	{ "after initial connection",		"CONN" },
};

#define PARA_MAX	4096

/* S[0..N) lower-cased with every run of blanks and line ends as one space. */
static void
fold_lower(struct buf *b, const char *s, size_t n)
{
	size_t	 i, k = 0;
	char	 c;

	if (b->cap < n + 1) {
		b->s = xrealloc(b->s, n + 1);
		b->cap = n + 1;
	}
	for (i = 0; i < n; i++) {
		c = s[i];
		if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
			if (k > 0 && b->s[k - 1] != ' ')
				b->s[k++] = ' ';
			continue;
		}
		b->s[k++] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
	}
	b->s[k] = '\0';
	b->len = k;
}

/* The paragraph of TEXT[0..N) that names RCPT: from its line to the next
 * blank line, at most PARA_MAX bytes.  Its length, 0 if none. */
static size_t
rcpt_paragraph(const char *text, size_t n, const char *rcpt,
    const char **start)
{
	const char	*at, *ls, *end;
	size_t		 len;

	if ((at = find_ci(text, n, rcpt)) == NULL)
		return 0;
	for (ls = at; ls > text && ls[-1] != '\n'; ls--)
		;
	*start = ls;
	end = memmem(ls, (size_t)(text + n - ls), "\n\n", 2);
	len = end != NULL ? (size_t)(end - ls) : (size_t)(text + n - ls);
	return len < PARA_MAX ? len : PARA_MAX;
}

static const char *
phrase_command(const struct buf *folded)
{
	size_t	 i;

	/* Every phrase starts so; most paragraphs have neither. */
	if (strstr(folded->s, "in reply to ") == NULL &&
	    strstr(folded->s, "after ") == NULL)
		return NULL;
	for (i = 0; i < sizeof(cmd_phrases) / sizeof(cmd_phrases[0]); i++)
		if (strstr(folded->s, cmd_phrases[i].text) != NULL)
			return cmd_phrases[i].cmd;
	return NULL;
}

/* Give records the SMTP command their reply answered, when the text says. */
static void
text_commands(const struct bv_msg *m, struct bv_reclist *out, size_t first)
{
	const struct bv_part	*p = bv_msg_part(m, "text/plain", 0);
	struct bv_record	*r;
	struct buf		 folded = { NULL, 0, 0 };
	const char		*para;
	size_t			 i, n, plen;

	if (p == NULL)
		return;
	n = p->len < TEXT_SCAN ? p->len : TEXT_SCAN;
	for (i = first; i < out->n && i < first + TEXT_RCPTS; i++) {
		r = &out->v[i];
		if (r->command != NULL || !whole_address(r->recipient))
			continue;
		if ((plen = rcpt_paragraph(p->text, n, r->recipient,
		    &para)) > 0) {
			fold_lower(&folded, para, plen);
			r->command = phrase_command(&folded);
		}
	}
	buf_free(&folded);
}

static void
dsn_read_free(struct dsn_read *d)
{
	size_t	 i, k;

	for (i = 0; i < DS_NSLOTS; i++) {
		free(d->msg[i]);
		free(d->cur.v[i]);
	}
	for (k = 0; k < d->nr; k++)
		for (i = 0; i < DS_NSLOTS; i++)
			free(d->r[k].v[i]);
	free(d->r);
}

static int
dsn_extract(const struct bv_msg *m, struct bv_reclist *out)
{
	struct dsn_read		 d;
	struct bv_record	*rec;
	size_t			 i, first;

	memset(&d, 0, sizeof(d));
	for (i = 0; i < m->nparts; i++)
		if (is_dsn_part(&m->parts[i]))
			dsn_part(&d, &m->parts[i]);
	first = out->n;
	for (i = 0; i < d.nr; i++)
		dsn_record(out, &d, &d.r[i]);
	text_codes(m, out, first);
	text_diagnostics(m, out, first);
	text_commands(m, out, first);
	if (d.capped && d.nr > 0) {
		rec = bv_reclist_add(out);
		rec->format = bv_reader_rfc3464.name;
		rec->error = xasprintf("unreadable: more than %d recipients; "
		    "the rest were not read", BV_DSN_RCPTS);
		rec->hard = -1;
	}
	i = d.nr;
	dsn_read_free(&d);
	return i > 0 ? 0 : -1;
}

const struct bv_reader bv_reader_rfc3464 = {
	"rfc3464", dsn_claims, dsn_extract,
};
