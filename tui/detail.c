/*
 * detail.c: what the detail pane says about one record.  The diagnosis
 * comes first (it is why the admin is looking), then the returned message's
 * headers, then where the bounce came from.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "tui/tuiint.h"

static void
field(struct tui_doc *d, const char *label, const char *value)
{
	if (value != NULL && *value != '\0')
		tui_doc_add(d, TUI_ST_NORMAL, label, value);
}

static void
code(struct tui_doc *d, const char *label, const char *value)
{
	struct bv_code_info	 ci;

	if (value == NULL || *value == '\0')
		return;
	if (bv_code_lookup(value, &ci) == 0 && ci.meaning != NULL)
		tui_doc_addf(d, TUI_ST_NORMAL, label, "%s  %s", value,
		    ci.meaning);
	else
		tui_doc_add(d, TUI_ST_NORMAL, label, value);
}

static const char *
hardness(int hard)
{
	switch (hard) {
	case 1:
		return "hard (permanent: do not retry)";
	case 0:
		return "soft (temporary: delivery may succeed later)";
	default:
		return "unknown";
	}
}

static void
diagnosis(struct tui_doc *d, const struct bv_record *r)
{
	const struct bv_reason_info	*ri = NULL;
	int				 g = tui_rec_group(r);

	if (r->reason != NULL)
		ri = bv_reason_lookup(r->reason);
	if (ri != NULL && ri->group != NULL)
		tui_doc_addf(d, g >= 0 ? TUI_ST_GROUP + g : TUI_ST_NORMAL,
		    "Reason", "%s (%s)", r->reason, ri->group);
	else if (r->reason != NULL)
		tui_doc_add(d, TUI_ST_NORMAL, "Reason", r->reason);
	if (ri != NULL && ri->desc != NULL)
		field(d, "", ri->desc);
	if (r->reason != NULL || r->hard >= 0)
		field(d, "Failure", hardness(r->hard));
	field(d, "Rule", r->rule);
	code(d, "Status", r->status);
	code(d, "Reply code", r->reply_code);
	field(d, "Action", r->action);
	field(d, "Diagnostic", r->diagnostic);
	if (r->blocklist != NULL) {
		g = tui_group_index("reputation");
		tui_doc_add(d, g >= 0 ? TUI_ST_GROUP + g : TUI_ST_NORMAL,
		    "Blocklist", r->blocklist);
		field(d, "Listed IP", r->listed_ip);
		field(d, "Lookup", r->blocklist_url);
	}
	if (r->remediation != NULL)
		field(d, "Advice", r->remediation);
	else if (ri != NULL)
		field(d, "Advice", ri->advice);
}

void
tui_detail_build(struct tui_doc *d, const struct bv_record *r)
{
	const struct bv_original	*o = &r->original;
	char				 where[64];

	if (r->recipient != NULL)
		tui_doc_add(d, TUI_ST_HEADING, "Recipient", r->recipient);
	else
		tui_doc_add(d, TUI_ST_HEADING, "Recipient", "(none)");
	field(d, "Original rcpt", r->original_recipient);
	if (r->error != NULL)
		tui_doc_add(d, TUI_ST_ERROR, "Unreadable", r->error);
	diagnosis(d, r);
	if (r->feedback_type != NULL)
		field(d, "Feedback", r->feedback_type);

	if (o->from || o->to || o->subject || o->date || o->message_id) {
		tui_doc_add(d, TUI_ST_NORMAL, NULL, "");
		tui_doc_add(d, TUI_ST_HEADING, NULL, "Returned message");
		field(d, "From", o->from);
		field(d, "To", o->to);
		field(d, "Subject", o->subject);
		field(d, "Date", o->date);
		field(d, "Message-ID", o->message_id);
	}

	tui_doc_add(d, TUI_ST_NORMAL, NULL, "");
	tui_doc_add(d, TUI_ST_HEADING, NULL, "Bounce");
	field(d, "Reporting-MTA", r->reporting_mta);
	field(d, "Remote-MTA", r->remote_mta);
	field(d, "Date", r->date);
	field(d, "Arrival-Date", r->arrival_date);
	field(d, "Last-Attempt", r->last_attempt_date);
	field(d, "Format", r->format);
	if (r->loc.offset > 0 || r->loc.msgno > 0) {
		snprintf(where, sizeof(where), "message %u, recipient %u",
		    (unsigned)r->loc.msgno, (unsigned)r->rcpt);
		field(d, "Message", where);
	}
	field(d, "File", r->loc.path);
}
