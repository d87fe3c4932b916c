/*
 * record.c: records and their lists, and the step that hands a record's
 * facts to the catalog and keeps its verdict.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "parser/parser.h"

void
bv_record_clear(struct bv_record *r)
{
	if (r == NULL)
		return;
	if (r->pack != NULL) {
		free(r->pack);
		memset(r, 0, sizeof(*r));
		return;
	}
	free(r->date);
	free(r->reporting_mta);
	free(r->remote_mta);
	free(r->recipient);
	free(r->original_recipient);
	free(r->action);
	free(r->status);
	free(r->reply_code);
	free(r->diagnostic);
	free(r->arrival_date);
	free(r->last_attempt_date);
	free(r->feedback_type);
	free(r->error);
	free(r->original.from);
	free(r->original.to);
	free(r->original.subject);
	free(r->original.date);
	free(r->original.message_id);
	free(r->listed_ip);
	memset(r, 0, sizeof(*r));
}

/* The diagnostic as the catalog reads it: with its type in front when the
 * type tells something ("x-unix; 67 ..."). */
static char *
with_type(const struct bv_record *r)
{
	if (r->diag_type == NULL || r->diagnostic == NULL)
		return r->diagnostic;
	return xasprintf("%s; %s", r->diag_type, r->diagnostic);
}

void
bv_record_classify(struct bv_record *r)
{
	struct bv_facts		 f;
	struct bv_verdict	 v;
	char			*typed;

	memset(&f, 0, sizeof(f));
	f.status = r->status;
	f.reply_code = r->reply_code;
	f.diagnostic = typed = with_type(r);
	f.action = r->action;
	f.remote_mta = r->remote_mta;
	f.reporting_mta = r->reporting_mta;
	f.recipient = r->recipient;
	f.format = r->format;
	f.hint_reason = r->hint_reason;
	f.command = r->command;
	memset(&v, 0, sizeof(v));
	bv_classify(&f, &v);
	if (typed != r->diagnostic)
		free(typed);
	r->reason = v.reason;
	r->hard = v.hard;
	r->rule = v.rule;
	r->blocklist = v.blocklist;
	r->blocklist_url = v.blocklist_url;
	free(r->listed_ip);
	r->listed_ip = v.listed_ip[0] != '\0' ? xstrdup(v.listed_ip) : NULL;
	r->remediation = v.remediation;
	/* A bounce without a status gets the one its reason implies. */
	if (r->status == NULL && v.status_hint != NULL && r->error == NULL)
		r->status = xstrdup(v.status_hint);
}

struct bv_record *
bv_reclist_add(struct bv_reclist *l)
{
	struct bv_record	*r;

	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 16;
		l->v = xreallocarray(l->v, l->cap, sizeof(*l->v));
	}
	r = &l->v[l->n++];
	memset(r, 0, sizeof(*r));
	return r;
}

void
bv_reclist_reserve(struct bv_reclist *l, size_t more)
{
	if (more <= l->cap - l->n)
		return;
	l->cap = l->n + more;
	l->v = xreallocarray(l->v, l->cap, sizeof(*l->v));
}

void
bv_reclist_free(struct bv_reclist *l)
{
	size_t	 i;

	if (l == NULL)
		return;
	for (i = 0; i < l->n; i++)
		bv_record_clear(&l->v[i]);
	free(l->v);
	memset(l, 0, sizeof(*l));
}
