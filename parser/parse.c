/*
 * parse.c: one message to records.  The message is parsed once (msg.c),
 * offered to the readers in their fixed order, and the first that extracts
 * records wins; then the fields every record shares are filled in, the
 * codes completed from the diagnostic, and the catalog asked for a verdict.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "parser/parser.h"

/* Why a message no reader understood still looks like a bounce, or NULL
 * when it is just mail. */
static const char *
unreadable_why(const struct bv_msg *m)
{
	int	 looks;

	/* What the readers take for a bounce (fmt_text.c, bv_fmt_bouncy)
	 * and says it reports a failure: a notice they cannot read is
	 * reported, never dropped silently. */
	looks = m->has_dsn || m->has_report || m->has_feedback ||
	    bv_fmt_failure_notice(m);
	if (!looks)
		return NULL;
	if (m->error != NULL)
		return m->error;
	if (m->has_dsn)
		return "the delivery-status part names no recipient";
	if (m->has_feedback)
		return "the feedback report could not be read";
	if (m->has_report)
		return "multipart/report without a report part";
	return "no failed recipient found";
}

/* The domain of the bounce's From address: who reported, when the report
 * does not say. */
static char *
from_domain(const struct bv_msg *m)
{
	char	*a = bv_addr_extract(bv_msg_header(m, "From")), *at, *d;

	if (a == NULL)
		return NULL;
	at = strrchr(a, '@');
	d = at != NULL && at[1] != '\0' ? xstrdup(at + 1) : NULL;
	free(a);
	return d;
}

/* Copy the returned message's fields the reader did not fill. */
static void
fill_original(struct bv_original *o, const struct bv_original *from)
{
	if (o->from == NULL)
		o->from = xstrdup(from->from);
	if (o->to == NULL)
		o->to = xstrdup(from->to);
	if (o->subject == NULL)
		o->subject = xstrdup(from->subject);
	if (o->date == NULL)
		o->date = xstrdup(from->date);
	if (o->message_id == NULL)
		o->message_id = xstrdup(from->message_id);
}

/* Status and reply code as complete as the diagnostic allows. */
static void
fill_codes(struct bv_record *r)
{
	char	 st[16], rc[4];

	if (bv_code_status(r->status, r->diagnostic, st)) {
		free(r->status);
		r->status = xstrdup(st);
	} else {
		free(r->status);
		r->status = NULL;
	}
	if (r->reply_code == NULL && bv_code_reply(r->diagnostic, rc))
		r->reply_code = xstrdup(rc);
}

/* The bounce's sender domain, worked out the first time a record of the
 * message lacks a reporting MTA (most reports name theirs). */
struct reporter {
	const struct bv_msg	*m;		/* borrowed */
	int			 known;
	char			*domain;
};

static const char *
reporter_of(struct reporter *rp)
{
	if (!rp->known) {
		rp->domain = from_domain(rp->m);
		rp->known = 1;
	}
	return rp->domain;
}

static void
fill_message(struct bv_record *r, const struct bv_msg *m,
    const struct bv_msgloc *loc, uint32_t rcpt, struct reporter *rp)
{
	r->loc = *loc;
	if (r->rcpt == 0)
		r->rcpt = rcpt;
	if (r->date == NULL)
		r->date = xstrdup(bv_msg_header(m, "Date"));
	if (r->reporting_mta == NULL)
		r->reporting_mta = xstrdup(reporter_of(rp));
	fill_original(&r->original, &m->original);
}

/* Free the records a reader left behind before giving up. */
static void
drop_from(struct bv_reclist *out, size_t first)
{
	while (out->n > first)
		bv_record_clear(&out->v[--out->n]);
}

enum bv_msgkind
bv_parse_message(const char *bytes, size_t len, const struct bv_msgloc *loc,
    struct bv_reclist *out)
{
	struct bv_msg		*m = bv_msg_new(bytes, len);
	const struct bv_reader	*rd = NULL;
	struct bv_record	*r;
	const char		*why;
	struct reporter		 rp = { NULL, 0, NULL };
	size_t			 first = out->n, i;
	enum bv_msgkind		 kind = BV_MSG_BOUNCE;

	for (i = 0; bv_readers[i] != NULL; i++) {
		if (!bv_readers[i]->claims(m))
			continue;
		if (bv_readers[i]->extract(m, out) == 0 && out->n > first) {
			rd = bv_readers[i];
			break;
		}
		drop_from(out, first);
	}
	if (rd == NULL) {
		if ((why = unreadable_why(m)) == NULL) {
			bv_msg_free(m);
			return BV_MSG_NOTBOUNCE;
		}
		r = bv_reclist_add(out);
		r->error = xasprintf("unreadable: %s", why);
		r->hard = -1;
		kind = BV_MSG_UNREADABLE;
	}
	rp.m = m;
	for (i = first; i < out->n; i++) {
		r = &out->v[i];
		if (rd != NULL && r->format == NULL)
			r->format = rd->name;
		fill_message(r, m, loc, (uint32_t)(i - first + 1), &rp);
		if (r->error == NULL) {
			fill_codes(r);
			bv_record_classify(r);
		}
	}
	free(rp.domain);
	bv_msg_free(m);
	return kind;
}
