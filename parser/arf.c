/*
 * arf.c: feedback reports.  RFC 5965 (a message/feedback-report part: one
 * record per Original-Rcpt-To, reason feedback, the feedback type), and two
 * shapes that mean the same to a sender: Microsoft's JMRP complaints (the
 * complained-about message attached under a "complaint about message from"
 * subject) and unsubscribe requests a mail client sends on its own (RFC 2369
 * mailto: unsubscribe, Auto-Submitted).
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "parser/parser.h"

#define DIAG_MAX	300		/* bytes of the human text kept */

static const char *const arf_known[] = {
	"Feedback-Type", "User-Agent", "Version", "Original-Mail-From",
	"Original-Rcpt-To", "Arrival-Date", "Reporting-MTA", "Source-IP",
	"Incidents", "Removal-Recipient", "Reported-Domain", "Reported-URI",
	"Authentication-Results", "Delivery-Result", "Identity-Alignment",
	"Auth-Failure", NULL,
};

/* A header value that begins with PREFIX, ignoring case and blanks. */
static int
header_prefix(const struct bv_msg *m, const char *name, const char *prefix)
{
	const char	*v = bv_msg_header(m, name);

	if (v == NULL)
		return 0;
	while (*v == ' ' || *v == '\t')
		v++;
	return strncasecmp(v, prefix, strlen(prefix)) == 0;
}

static int
has_original(const struct bv_msg *m)
{
	size_t	 i;

	for (i = 0; i < m->nparts; i++)
		if (strcmp(m->parts[i].type, "message/rfc822") == 0 ||
		    strcmp(m->parts[i].type, "text/rfc822-headers") == 0)
			return 1;
	return 0;
}

/* Microsoft JMRP: "complaint about message from 192.0.2.1" with the
 * message attached. */
static int
is_jmrp(const struct bv_msg *m)
{
	return header_prefix(m, "Subject", "complaint about message from") &&
	    has_original(m);
}

/* A mail client unsubscribing its user on its own (e.g. Apple Mail's
 * "X-Apple-Unsubscribe: true", or an auto-submitted "unsubscribe"). */
static int
is_unsubscribe(const struct bv_msg *m)
{
	const char	*subj = bv_msg_header(m, "Subject");

	if (header_prefix(m, "X-Apple-Unsubscribe", "true"))
		return 1;
	return subj != NULL && strcasecmp(subj, "unsubscribe") == 0 &&
	    header_prefix(m, "Auto-Submitted", "auto-");
}

static int
arf_claims(const struct bv_msg *m)
{
	return m->has_feedback || is_jmrp(m) || is_unsubscribe(m);
}

/* The first line of the human-readable part, as a short diagnostic (tabs
 * as spaces). */
static char *
first_line(const struct bv_msg *m)
{
	const struct bv_part	*p = bv_msg_part(m, "text/plain", 0);
	const char		*s, *e;
	char			*d, *p2;
	size_t			 n;

	if (p == NULL)
		return NULL;
	for (s = p->text; *s == '\n' || *s == ' ' || *s == '\t'; s++)
		;
	e = strchr(s, '\n');
	n = e ? (size_t)(e - s) : strlen(s);
	if (n == 0)
		return NULL;
	if (n > DIAG_MAX)
		n = DIAG_MAX;
	/* Do not cut a UTF-8 sequence. */
	while (n > 0 && ((unsigned char)s[n] & 0xc0) == 0x80)
		n--;
	d = xstrndup(s, n);
	for (p2 = d; (p2 = strchr(p2, '\t')) != NULL; p2++)
		*p2 = ' ';
	return d;
}

static void
lower(char *s)
{
	for (; s != NULL && *s != '\0'; s++)
		if (*s >= 'A' && *s <= 'Z')
			*s = (char)(*s + 32);
}

/* What one feedback report says about the message as a whole. */
struct arf_info {
	char	*type;
	char	*reporting_mta;
	char	*arrival_date;
	char	**rcpts;
	size_t	 nrcpts;
	char	*removal;
};

static void
arf_field(struct arf_info *a, const char *name, const char *value)
{
	if (*value == '\0')
		return;
	if (strcasecmp(name, "Feedback-Type") == 0 && a->type == NULL) {
		a->type = xstrdup(value);
		lower(a->type);
	} else if (strcasecmp(name, "Reporting-MTA") == 0 &&
	    a->reporting_mta == NULL)
		a->reporting_mta = bv_field_strip_type(value);
	else if (strcasecmp(name, "Arrival-Date") == 0 &&
	    a->arrival_date == NULL)
		a->arrival_date = xstrdup(value);
	else if (strcasecmp(name, "Removal-Recipient") == 0 &&
	    a->removal == NULL)
		a->removal = bv_addr_extract(value);
	else if (strcasecmp(name, "Original-Rcpt-To") == 0 &&
	    a->nrcpts < BV_DSN_RCPTS) {
		a->rcpts = xreallocarray(a->rcpts, a->nrcpts + 1,
		    sizeof(*a->rcpts));
		if ((a->rcpts[a->nrcpts] = bv_addr_extract(value)) == NULL)
			a->rcpts[a->nrcpts] = bv_field_strip_type(value);
		if (a->rcpts[a->nrcpts] != NULL)
			a->nrcpts++;
	}
}

static void
arf_read(struct arf_info *a, const struct bv_msg *m)
{
	struct bv_fieldit	 it;
	size_t			 i;

	for (i = 0; i < m->nparts; i++) {
		if (strcmp(m->parts[i].type, "message/feedback-report") != 0)
			continue;
		bv_fieldit_init(&it, m->parts[i].text, m->parts[i].len,
		    arf_known);
		while (bv_fieldit_next(&it))
			arf_field(a, it.name, it.val.s);
		bv_fieldit_free(&it);
	}
}

static void
arf_free(struct arf_info *a)
{
	size_t	 i;

	for (i = 0; i < a->nrcpts; i++)
		free(a->rcpts[i]);
	free(a->rcpts);
	free(a->type);
	free(a->reporting_mta);
	free(a->arrival_date);
	free(a->removal);
}

static void
arf_record(struct bv_reclist *out, const struct arf_info *a,
    const struct bv_msg *m, char *rcpt)
{
	struct bv_record	*rec = bv_reclist_add(out);

	rec->format = bv_reader_arf.name;
	rec->recipient = rcpt;
	rec->feedback_type = xstrdup(a->type);
	rec->reporting_mta = xstrdup(a->reporting_mta);
	rec->arrival_date = xstrdup(a->arrival_date);
	rec->diagnostic = first_line(m);
	rec->hint_reason = "feedback";
}

static int
arf_extract(const struct bv_msg *m, struct bv_reclist *out)
{
	struct arf_info	 a;
	char		*rcpt;
	size_t		 i;

	memset(&a, 0, sizeof(a));
	arf_read(&a, m);
	if (a.type == NULL && !m->has_feedback)
		a.type = xstrdup(is_unsubscribe(m) ? "opt-out" : "abuse");
	for (i = 0; i < a.nrcpts; i++) {
		arf_record(out, &a, m, a.rcpts[i]);
		a.rcpts[i] = NULL;
	}
	if (a.nrcpts == 0) {
		/* Who complained: the report says, or the reported message
		 * was addressed to them, or (unsubscribing) they wrote. */
		if ((rcpt = a.removal) != NULL)
			a.removal = NULL;
		else if (is_unsubscribe(m))
			rcpt = bv_addr_extract(bv_msg_header(m, "From"));
		else
			rcpt = bv_addr_extract(m->original.to);
		arf_record(out, &a, m, rcpt);
	}
	arf_free(&a);
	return 0;
}

const struct bv_reader bv_reader_arf = {
	"arf", arf_claims, arf_extract,
};
