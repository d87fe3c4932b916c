/*
 * fmt_dsntext.c: delivery-status fields written into a text part instead of
 * a message/delivery-status part.  Amazon WorkMail puts them under
 * "Technical report:" in its text/plain notice; Sun/Oracle Messaging Server
 * (and PMDF before it) and other MTAs send a multipart/report whose parts a
 * broken boundary or a relay flattened into one text.  The fields are the
 * RFC 3464 ones; a recipient block starts at Final-Recipient (or
 * Original-Recipient when it comes first).
 */
#include "config.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "parser/parser.h"

#define L(...)	((const char *const []){ __VA_ARGS__, NULL })
#define MAXLINES	4000
#define FIELD_MAX	2048

/* Line starts of a recipient block's fields. */
static const char *const rcpt_fields[] = {
	"final-recipient:", "original-recipient:", NULL
};

/* Software that writes the fields into text, named in the record. */
static const struct {
	const char	*name;
	const char *const *ident;
} writers[] = {
	{ "amazonworkmail", L("mailer:Amazon WorkMail") },
	{ "messagingserver", L("from:PMDF", "body:Messaging Server",
	    "hdr:Content-Type=Boundary_(ID_") },
	{ NULL, NULL }
};

static int
field_line(const struct bv_line *l, const char *name)
{
	return bv_fmt_prefix(l->s, l->len, name);
}

/* The value of field line L with its continuation lines, unfolded, into B. */
static void
field_value(struct buf *b, const char *t, size_t len, size_t *pos,
    const struct bv_line *l)
{
	const char	*c = memchr(l->s, ':', l->len);
	struct bv_line	 n;
	size_t		 save;

	buf_reset(b);
	if (c == NULL)
		return;
	buf_add(b, c + 1, l->len - (size_t)(c + 1 - l->s));
	for (save = *pos; bv_fmt_line(t, len, pos, &n) && n.len > 0 &&
	    (n.s[0] == ' ' || n.s[0] == '\t') && b->len < FIELD_MAX;
	    save = *pos) {
		buf_addc(b, ' ');
		buf_add(b, n.s, n.len);
	}
	*pos = save;
}

/* "rfc822; user@example.org" to the address. */
static int
typed_addr(const struct buf *v, char *addr)
{
	const char	*s = v->s, *semi;
	size_t		 n = v->len;

	if (s == NULL)
		return 0;
	if ((semi = memchr(s, ';', n)) != NULL) {
		n -= (size_t)(semi + 1 - s);
		s = semi + 1;
	}
	return bv_fmt_find_addr(s, n, addr, BV_FMT_ADDR_MAX, NULL) != NULL;
}

static char *
trimmed(const struct buf *v)
{
	size_t	 b = 0, e = v->len;

	while (b < e && isspace((unsigned char)v->s[b]))
		b++;
	while (e > b && isspace((unsigned char)v->s[e - 1]))
		e--;
	return e > b ? xstrndup(v->s + b, e - b) : NULL;
}

/* Set field NAME of R from V. */
static void
set_field(struct bv_record *r, const struct bv_line *l, const struct buf *v)
{
	char	 addr[BV_FMT_ADDR_MAX], st[16];
	char	*s;

	if (field_line(l, "original-recipient:") && typed_addr(v, addr) &&
	    r->original_recipient == NULL)
		r->original_recipient = xstrdup(addr);
	else if (field_line(l, "action:") && (s = trimmed(v)) != NULL) {
		free(r->action);
		r->action = s;
	} else if (field_line(l, "status:") && bv_code_status(v->s, NULL, st)) {
		free(r->status);
		r->status = xstrdup(st);
	} else if (field_line(l, "remote-mta:") && r->remote_mta == NULL) {
		const char *semi = memchr(v->s, ';', v->len);
		struct buf h = { 0 };

		buf_add(&h, semi != NULL ? semi + 1 : v->s, semi != NULL ?
		    v->len - (size_t)(semi + 1 - v->s) : v->len);
		r->remote_mta = trimmed(&h);
		buf_free(&h);
	} else if (field_line(l, "diagnostic-code:") && r->diagnostic == NULL) {
		const char *semi = memchr(v->s, ';', v->len);

		if (semi != NULL && semi - v->s < 16)
			bv_fmt_set_diag(r, semi + 1, v->len -
			    (size_t)(semi + 1 - v->s));
		else
			bv_fmt_set_diag(r, v->s, v->len);
	}
}

static int
read_fields(const struct bv_msg *m, const char *t, size_t len,
    const char *format, struct bv_reclist *out)
{
	struct bv_line		 l;
	struct buf		 v = { 0 };
	struct bv_record	*r = NULL;
	size_t			 pos = 0, nl, first = out->n;
	char			 addr[BV_FMT_ADDR_MAX];

	(void)m;
	for (nl = 0; nl < MAXLINES && bv_fmt_line(t, len, &pos, &l); nl++) {
		if (l.len == 0 || l.s[0] == ' ' || l.s[0] == '\t')
			continue;
		field_value(&v, t, len, &pos, &l);
		if (field_line(&l, "final-recipient:") && typed_addr(&v, addr))
			r = bv_fmt_add(out, first, format, addr, NULL, 0,
			    NULL);
		else if (r == NULL && field_line(&l, "original-recipient:") &&
		    typed_addr(&v, addr))
			r = bv_fmt_add(out, first, format, addr, NULL, 0,
			    NULL);
		if (r != NULL)
			set_field(r, &l, &v);
	}
	buf_free(&v);
	return out->n > first ? 0 : -1;
}

/* Does a line of TEXT[0..LEN) begin with Final-Recipient: (or
 * Original-Recipient:)?  The field names' common tail in its usual cases
 * ("Recipient:", "recipient:", "RECIPIENT:"), found with memmem, then the
 * line start checked. */
static int
has_rcpt_field(const char *text, size_t len)
{
	static const char *const tails[] = { "ecipient:", NULL };
	const char	*p, *b, *end = text + len;
	size_t		 i;

	for (i = 0; tails[i] != NULL; i++)
		for (p = text; (p = memmem(p, (size_t)(end - p), tails[i], 9))
		    != NULL; p += 9) {
			for (b = p; b > text && b[-1] != '\n' && p - b < 12; b--)
				;
			if ((b == text || b[-1] == '\n') && bv_fmt_find_any(b,
			    (size_t)(p + 9 - b), rcpt_fields, NULL) == b)
				return 1;
		}
	return 0;
}

static const struct bv_part *
fields_part(const struct bv_msg *m, size_t *len)
{
	const struct bv_part	*p;
	size_t			 k, orig;

	/* The fields follow a short human-readable part. */
	for (k = 0; k < 2 && (p = bv_fmt_text(m, k, len)) != NULL; k++) {
		/* The fields come before the returned message. */
		orig = bv_fmt_part_original(p, *len);
		if (has_rcpt_field(p->text, orig < 8192 ? orig : 8192))
			return p;
	}
	return NULL;
}

/* Notices whose fields carry no Diagnostic-Code while the list above them
 * gives each recipient's reason: left to their text variant
 * (fmt_variants.c).  McAfee Email Gateway writes so. */
static const char *const yield[] = {
	"hdr:X-NAI-Header && body:following addresses had delivery problems",
	NULL
};

static int
dsntext_claims(const struct bv_msg *m)
{
	size_t	 len;

	return !m->has_dsn && bv_fmt_bouncy(m) && fields_part(m, &len) !=
	    NULL && !bv_fmt_ident(m, yield, NULL);
}

static int
dsntext_extract(const struct bv_msg *m, struct bv_reclist *out)
{
	const struct bv_part	*p;
	const char		*name = "rfc3464";
	size_t			 len, i;

	if ((p = fields_part(m, &len)) == NULL)
		return -1;
	for (i = 0; writers[i].name != NULL; i++)
		if (bv_fmt_ident(m, writers[i].ident, NULL)) {
			name = writers[i].name;
			break;
		}
	return read_fields(m, p->text, len, name, out);
}

const char *
bv_fmt_dsntext_name(size_t i)
{
	return i < sizeof(writers) / sizeof(writers[0]) ? writers[i].name :
	    NULL;
}

const struct bv_reader bv_reader_dsntext = {
	"rfc3464", dsntext_claims, dsntext_extract
};
