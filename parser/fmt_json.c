/*
 * fmt_json.c: bounce notifications that arrive as JSON in the mail body.
 * Amazon SES sends them through SNS to an e-mail subscription: either the
 * notification itself ({"notificationType":"Bounce","bounce":{...}}) or the
 * SNS envelope whose "Message" string holds it.  SES event publishing uses
 * "eventType" for the same objects.
 *
 * The scanner is iterative with a fixed depth and reads each byte once; an
 * embedded JSON string is scanned once more, never deeper.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "parser/parser.h"

#define JDEPTH		24		/* nesting followed */
#define JKEY		40		/* bytes kept of a key */
#define JVAL		4096		/* bytes kept of a value */
#define JRCPTS		64		/* recipients kept */

struct jframe {
	char	 key[JKEY];		/* key of the value being read */
	int	 array;
	int	 index;			/* in an array */
};

struct jpath {
	const struct jframe	*f;	/* f[0..depth) */
	int			 depth;
};

typedef void	(*jvisit)(void *, const struct jpath *, const char *, size_t);

static size_t
skip_ws(const char *s, size_t n, size_t i)
{
	while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '\r' ||
	    s[i] == '\n'))
		i++;
	return i;
}

static int
hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

static void
put_utf8(struct buf *b, unsigned cp)
{
	if (cp >= 0xd800 && cp <= 0xdfff)
		cp = '?';		/* lone surrogates: not worth pairing */
	if (cp < 0x80)
		buf_addc(b, (char)cp);
	else if (cp < 0x800) {
		buf_addc(b, (char)(0xc0 | cp >> 6));
		buf_addc(b, (char)(0x80 | (cp & 0x3f)));
	} else {
		buf_addc(b, (char)(0xe0 | cp >> 12));
		buf_addc(b, (char)(0x80 | ((cp >> 6) & 0x3f)));
		buf_addc(b, (char)(0x80 | (cp & 0x3f)));
	}
}

size_t
bv_json_run(const char *s, size_t i, size_t n)
{
#ifdef __SSE2__
	/* Sixteen bytes at a time: long values (an SNS envelope's Message
	 * and Signature) are mostly plain. */
	for (; i + 16 <= n; i += 16) {
		const __m128i	 x = _mm_loadu_si128((const void *)(s + i));
		unsigned	 mask;

		mask = (unsigned)_mm_movemask_epi8(_mm_or_si128(
		    _mm_cmpeq_epi8(x, _mm_set1_epi8('"')),
		    _mm_cmpeq_epi8(x, _mm_set1_epi8('\\'))));
		if (mask != 0)
			return i + (unsigned)__builtin_ctz(mask);
	}
#endif
	while (i < n && s[i] != '"' && s[i] != '\\')
		i++;
	return i;
}

/* The string starting after the quote at S[I]: decoded into B (up to JVAL
 * bytes kept), returns the offset after the closing quote. */
static size_t
jstring(const char *s, size_t n, size_t i, struct buf *b)
{
	int	 h[4], k;

	buf_reset(b);
	for (i++; i < n && s[i] != '"'; i++) {
		if (s[i] != '\\') {
			/* A run without escapes in one copy. */
			size_t j = bv_json_run(s, i, n);

			if (b->len < JVAL)
				buf_add(b, s + i, j - i < JVAL - b->len ?
				    j - i : JVAL - b->len);
			i = j - 1;
			continue;
		}
		if (++i >= n)
			break;
		switch (s[i]) {
		case 'n': case 'r': case 't': case 'b': case 'f':
			if (b->len < JVAL)
				buf_addc(b, s[i] == 't' ? '\t' : '\n');
			break;
		case 'u':
			for (k = 0; k < 4; k++)
				h[k] = i + 1 + (size_t)k < n ?
				    hexval((unsigned char)s[i + 1 + k]) : -1;
			if (h[0] < 0 || h[1] < 0 || h[2] < 0 || h[3] < 0)
				break;
			if (b->len < JVAL)
				put_utf8(b, (unsigned)(h[0] << 12 | h[1] << 8 |
				    h[2] << 4 | h[3]));
			i += 4;
			break;
		default:
			if (b->len < JVAL)
				buf_addc(b, s[i]);
			break;
		}
	}
	if (b->s == NULL)
		buf_add(b, "", 0);
	return i < n ? i + 1 : n;
}

enum jwant { J_VALUE, J_KEY, J_AFTER };

struct jwalk {
	const char	*s;
	size_t		 n, i;
	struct jframe	 f[JDEPTH];
	int		 depth;
	enum jwant	 want;
	int		 fresh;		/* container just opened */
	struct buf	 v;
	jvisit		 fn;
	void		*arg;
};

/* '}' or ']' at w->i: 1 to go on, 0 when the outermost value is done, -1
 * when it does not match. */
static int
jclose(struct jwalk *w)
{
	if (w->depth == 0 || (w->s[w->i] == ']') != w->f[w->depth - 1].array)
		return -1;
	w->depth--;
	w->i++;
	w->want = J_AFTER;
	w->fresh = 0;
	return w->depth > 0;
}

static int
jopen(struct jwalk *w)
{
	struct jframe	*f;

	if (w->depth == JDEPTH)
		return -1;
	f = &w->f[w->depth++];
	f->array = w->s[w->i] == '[';
	f->index = 0;
	f->key[0] = '\0';
	w->want = f->array ? J_VALUE : J_KEY;
	w->fresh = 1;
	w->i++;
	return 1;
}

static int
jscalar(struct jwalk *w)
{
	struct jpath	 path = { w->f, w->depth };
	size_t		 j;

	if (w->s[w->i] == '"')
		w->i = jstring(w->s, w->n, w->i, &w->v);
	else {
		for (j = w->i; j < w->n && strchr(",}] \t\r\n", w->s[j]) ==
		    NULL; j++)
			;
		if (j == w->i)
			return -1;
		buf_reset(&w->v);
		buf_add(&w->v, w->s + w->i, j - w->i < JVAL ? j - w->i : JVAL);
		w->i = j;
	}
	w->fn(w->arg, &path, w->v.s, w->v.len);
	w->want = J_AFTER;
	w->fresh = 0;
	return w->depth > 0;
}

/* KEY[JKEY] from S[0..N), cut short; a NUL inside ends it, as it would a
 * C string. */
static void
key_set(char *key, const char *s, size_t n)
{
	const char	*nul;

	if (s == NULL)
		n = 0;
	else if ((nul = memchr(s, '\0', n)) != NULL)
		n = (size_t)(nul - s);
	if (n > JKEY - 1)
		n = JKEY - 1;
	if (n > 0)
		memcpy(key, s, n);
	key[n] = '\0';
}

static int
jkey(struct jwalk *w)
{
	if (w->s[w->i] != '"')
		return -1;
	w->i = jstring(w->s, w->n, w->i, &w->v);
	key_set(w->f[w->depth - 1].key, w->v.s, w->v.len);
	w->i = skip_ws(w->s, w->n, w->i);
	if (w->i >= w->n || w->s[w->i] != ':')
		return -1;
	w->i++;
	w->want = J_VALUE;
	w->fresh = 0;
	return 1;
}

/* One token: 1 to go on, 0 at the end of the value, -1 on an error. */
static int
jstep(struct jwalk *w)
{
	char	 c;

	w->i = skip_ws(w->s, w->n, w->i);
	if (w->i >= w->n)
		return -1;
	c = w->s[w->i];
	if ((c == '}' && w->want == J_KEY) || (c == ']' && w->fresh) ||
	    ((c == '}' || c == ']') && w->want == J_AFTER))
		return jclose(w);
	switch (w->want) {
	case J_KEY:
		return jkey(w);
	case J_VALUE:
		return c == '{' || c == '[' ? jopen(w) : jscalar(w);
	default:
		if (c != ',')
			return -1;
		w->i++;
		if (w->f[w->depth - 1].array) {
			w->f[w->depth - 1].index++;
			w->want = J_VALUE;
		} else
			w->want = J_KEY;
		w->fresh = 0;
		return 1;
	}
}

/* Walk the JSON value at S[0..N), calling FN for every scalar with its
 * path.  Returns 0 when a whole value was read, -1 at a syntax error or
 * the end of the text (what was read until then has been visited). */
static int
json_walk(const char *s, size_t n, jvisit fn, void *arg)
{
	struct jwalk	*w = xcalloc(1, sizeof(*w));
	int		 rc;

	w->s = s;
	w->n = n;
	w->fn = fn;
	w->arg = arg;
	while ((rc = jstep(w)) > 0)
		;
	buf_free(&w->v);
	free(w);
	return rc;
}

/* ---- Amazon SES ------------------------------------------------------------- */

struct ses_rcpt {
	char	*addr;
	char	*action;
	char	*status;
	char	*diag;
};

struct ses {
	char		*type;		/* notificationType / eventType */
	char		*bounce_type;	/* Permanent, Transient, Undetermined */
	char		*sub_type;
	char		*reporting;
	char		*smtp_response;	/* delivery.smtpResponse */
	char		*feedback;	/* complaintFeedbackType */
	char		*inner;		/* SNS "Message" holding JSON */
	struct ses_rcpt	 r[JRCPTS];
	size_t		 n;
};

/* Is the path KEYS (top to bottom, "*" for an array element) that of P? */
static int
at_path(const struct jpath *p, const char *const *keys)
{
	int	 k;

	for (k = 0; keys[k] != NULL; k++)
		if (k >= p->depth || (strcmp(keys[k], "*") == 0 ?
		    !p->f[k].array : strcmp(keys[k], p->f[k].key) != 0))
			return 0;
	return k == p->depth;
}

static void
keep(char **to, const char *v, size_t n)
{
	if (*to == NULL)
		*to = xstrndup(v, n);
}

static struct ses_rcpt *
ses_rcpt(struct ses *x, const struct jpath *p, int level)
{
	size_t	 i = (size_t)p->f[level].index;

	if (i >= JRCPTS)
		return NULL;
	if (i >= x->n)
		x->n = i + 1;
	return &x->r[i];
}

#define P(...)	((const char *const []){ __VA_ARGS__, NULL })

static void
ses_visit(void *arg, const struct jpath *p, const char *v, size_t n)
{
	struct ses		*x = arg;
	struct ses_rcpt		*r;
	const char		*last;

	/* Everything read lies under one of these top-level keys. */
	if (p->depth == 0 || (p->depth != 1 && strcmp(p->f[0].key,
	    "bounce") != 0 && strcmp(p->f[0].key, "delivery") != 0 &&
	    strcmp(p->f[0].key, "deliveryDelay") != 0 &&
	    strcmp(p->f[0].key, "complaint") != 0))
		return;
	last = p->f[p->depth - 1].key;
	/* Each path below is as deep as its keys: only those of this
	 * depth are compared. */
	switch (p->depth) {
	case 1:
		if (at_path(p, P("Message")) && n > 0 && v[0] == '{')
			keep(&x->inner, v, n);
		else if (at_path(p, P("notificationType")) ||
		    at_path(p, P("eventType")))
			keep(&x->type, v, n);
		break;
	case 2:
		if (at_path(p, P("bounce", "bounceType")))
			keep(&x->bounce_type, v, n);
		else if (at_path(p, P("bounce", "bounceSubType")) ||
		    at_path(p, P("deliveryDelay", "delayType")))
			keep(&x->sub_type, v, n);
		else if (at_path(p, P("bounce", "reportingMTA")) ||
		    at_path(p, P("delivery", "reportingMTA")) ||
		    at_path(p, P("deliveryDelay", "reportingMTA")))
			keep(&x->reporting, v, n);
		else if (at_path(p, P("delivery", "smtpResponse")))
			keep(&x->smtp_response, v, n);
		else if (at_path(p, P("complaint", "complaintFeedbackType")))
			keep(&x->feedback, v, n);
		break;
	case 3:
		if (at_path(p, P("delivery", "recipients", "*")) &&
		    (r = ses_rcpt(x, p, 2)) != NULL)
			keep(&r->addr, v, n);
		break;
	case 4:
		if (at_path(p, P("complaint", "complainedRecipients", "*",
		    "emailAddress")) && (r = ses_rcpt(x, p, 2)) != NULL)
			keep(&r->addr, v, n);
		else if ((at_path(p, P("bounce", "bouncedRecipients", "*",
		    last)) || at_path(p, P("deliveryDelay",
		    "delayedRecipients", "*", last))) && (r = ses_rcpt(x, p,
		    2)) != NULL) {
			if (strcmp(last, "emailAddress") == 0)
				keep(&r->addr, v, n);
			else if (strcmp(last, "action") == 0)
				keep(&r->action, v, n);
			else if (strcmp(last, "status") == 0)
				keep(&r->status, v, n);
			else if (strcmp(last, "diagnosticCode") == 0)
				keep(&r->diag, v, n);
		}
		break;
	}
}

static void
ses_free(struct ses *x)
{
	size_t	 i;

	/* Only the first N were ever filled (ses_rcpt). */
	for (i = 0; i < x->n; i++) {
		free(x->r[i].addr);
		free(x->r[i].action);
		free(x->r[i].status);
		free(x->r[i].diag);
	}
	free(x->type);
	free(x->bounce_type);
	free(x->sub_type);
	free(x->reporting);
	free(x->smtp_response);
	free(x->feedback);
	free(x->inner);
	memset(x, 0, sizeof(*x));
}

/* A reason SES states with the bounce sub-type, when the recipient's
 * diagnostic says nothing (the catalog uses it only then). */
static const char *
ses_hint(const struct ses *x)
{
	static const struct { const char *sub, *reason; } subs[] = {
		{ "NoEmail", "userunknown" },
		{ "MailboxFull", "mailboxfull" },
		{ "MessageTooLarge", "mesgtoobig" },
		{ "ContentRejected", "contenterror" },
		{ "AttachmentRejected", "contenterror" },
		{ NULL, NULL }
	};
	size_t	 i;

	if (x->type != NULL && strcmp(x->type, "Delivery") == 0)
		return "delivered";
	if (x->type != NULL && strcmp(x->type, "Complaint") == 0)
		return "feedback";
	for (i = 0; x->sub_type != NULL && subs[i].sub != NULL; i++)
		if (strcmp(x->sub_type, subs[i].sub) == 0)
			return subs[i].reason;
	return NULL;
}

static int
ses_type(const struct ses *x, const char *type)
{
	return x->type != NULL && strcmp(x->type, type) == 0;
}

/* The action of recipient R: its own, else what the notification is.  A
 * complaint is feedback, not a delivery outcome, and has none (as an ARF
 * report). */
static const char *
ses_action(const struct ses *x, const struct ses_rcpt *r)
{
	if (r->action != NULL)
		return r->action;
	if (ses_type(x, "Complaint"))
		return NULL;
	if (ses_type(x, "Delivery"))
		return "delivered";
	if (ses_type(x, "DeliveryDelay") || (x->bounce_type != NULL &&
	    strcmp(x->bounce_type, "Transient") == 0))
		return "delayed";
	return "failed";
}

static void
ses_records(const struct ses *x, struct bv_reclist *out, size_t first)
{
	struct bv_record	*r;
	const char		*d, *semi, *act;
	char			 addr[BV_FMT_ADDR_MAX];
	size_t			 i;

	for (i = 0; i < x->n; i++) {
		if (x->r[i].addr == NULL)
			continue;
		/* emailAddress may carry a display name: "Kim" <kim@x>. */
		if (bv_fmt_find_addr(x->r[i].addr, strlen(x->r[i].addr), addr,
		    sizeof(addr), NULL) == NULL)
			snprintf(addr, sizeof(addr), "%s", x->r[i].addr);
		d = x->r[i].diag != NULL ? x->r[i].diag : x->smtp_response;
		/* "smtp; 550 5.1.1 ..." like a Diagnostic-Code field. */
		if (d != NULL && (semi = strchr(d, ';')) != NULL &&
		    semi - d < 16)
			d = semi + 1;
		r = bv_fmt_add(out, first, "amazonses", addr, d,
		    d != NULL ? strlen(d) : 0, NULL);
		if (x->r[i].status != NULL) {
			free(r->status);
			r->status = xstrdup(x->r[i].status);
		}
		free(r->action);
		act = ses_action(x, &x->r[i]);
		r->action = act != NULL ? xstrdup(act) : NULL;
		if (x->feedback != NULL && r->feedback_type == NULL)
			r->feedback_type = xstrdup(x->feedback);
		if (x->reporting != NULL && r->reporting_mta == NULL)
			r->reporting_mta = xstrdup(strncmp(x->reporting,
			    "dsn; ", 5) == 0 ? x->reporting + 5 : x->reporting);
		r->hint_reason = ses_hint(x);
	}
}

/* Where the JSON object of a notice body starts, or NULL. */
static const char *
json_start(const struct bv_msg *m, size_t *n)
{
	const struct bv_part	*p;
	const char		*b;
	size_t			 len;

	if ((p = bv_fmt_text(m, 0, &len)) == NULL)
		return NULL;
	if ((b = memchr(p->text, '{', len < 4096 ? len : 4096)) == NULL)
		return NULL;
	*n = len - (size_t)(b - p->text);
	return b;
}

static int
ses_claims(const struct bv_msg *m)
{
	const char	*s;
	size_t		 n;

	if ((s = json_start(m, &n)) == NULL)
		return 0;
	return bv_fmt_find(s, n < 8192 ? n : 8192, "notificationType") !=
	    NULL || bv_fmt_find(s, n < 8192 ? n : 8192, "bouncedRecipients")
	    != NULL || bv_fmt_find(s, n < 8192 ? n : 8192,
	    "delayedRecipients") != NULL || (bv_fmt_find(s, n < 8192 ? n :
	    8192, "eventType") != NULL && bv_fmt_find(s, n < 8192 ? n : 8192,
	    "\"mail\"") != NULL);
}

static int
ses_extract(const struct bv_msg *m, struct bv_reclist *out)
{
	struct ses	*x;
	const char	*s;
	char		*inner;
	size_t		 n, first = out->n;

	if ((s = json_start(m, &n)) == NULL)
		return -1;
	x = xcalloc(1, sizeof(*x));
	json_walk(s, n, ses_visit, x);
	if (x->inner != NULL && x->n == 0) {
		/* The SNS envelope: the notification is its Message. */
		inner = x->inner;
		x->inner = NULL;
		ses_free(x);
		json_walk(inner, strlen(inner), ses_visit, x);
		free(inner);
	}
	ses_records(x, out, first);
	ses_free(x);
	free(x);
	return out->n > first ? 0 : -1;
}

const struct bv_reader bv_reader_amazonses = {
	"amazonses", ses_claims, ses_extract
};
