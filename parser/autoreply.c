/*
 * autoreply.c: RFC 3834 automatic replies (vacation, out of office): one
 * record for the person who answered, reason vacation.
 *
 * Strict on purpose: bounces carry Auto-Submitted too, and ordinary mail
 * may talk about vacations.  A message is an auto-reply when it says so in
 * a header meant for that (Auto-Submitted: auto-replied, X-Autoreply,
 * Precedence: auto_reply, ...) or has the subject mail programs give their
 * replies ("Automatic reply:", "Out of Office:", ...), and nothing about it
 * looks like a bounce: no report part, no mailer-daemon sender, no failure
 * subject, no X-Failed-Recipients.  A subject that only begins with such
 * words ("Out of office schedule for December") may be a person's, so it
 * counts only with a weaker machine signal (Auto-Submitted: auto-generated,
 * X-Auto-Response-Suppress, Precedence: bulk, an empty Return-Path).
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "parser/parser.h"

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))

/* Header fields whose presence, or VALUE prefix, says "auto-reply". */
static const struct {
	const char	*name;
	const char	*value;		/* NULL: any value but "no" */
} auto_headers[] = {
	{ "Auto-Submitted",	"auto-replied" },
	{ "X-Autoreply",	NULL },
	{ "X-Autorespond",	NULL },
	{ "X-Autoresponder",	NULL },
	{ "X-Autoreply-From",	NULL },
	{ "X-Vacation",		NULL },
	{ "X-Apple-Action",	"vacation" },
	{ "Precedence",		"auto_reply" },
	{ "X-Precedence",	"auto_reply" },
	{ "X-POST-MessageClass", "9; Autoresponder" },
};

/* Fields that make an auto-reply subject believable: mail programs set them
 * on what they generate (Exchange: X-Auto-Response-Suppress and
 * Auto-Submitted: auto-generated; vacation(1) and procmail: Precedence:
 * bulk or junk and the null sender).  VALUE NULL: any value but "no". */
static const struct {
	const char	*name;
	const char	*value;
} machine_headers[] = {
	{ "Auto-Submitted",		NULL },
	{ "X-Auto-Response-Suppress",	NULL },
	{ "Precedence",			"bulk" },
	{ "Precedence",			"junk" },
	{ "Precedence",			"list" },
	{ "X-Precedence",		"bulk" },
	{ "Return-Path",		"<>" },
};

/* Subjects auto-replies begin with (after "Re:"-less trimming).  Mail
 * programs write them as a prefix with a colon ("Out of Office: x"), or as
 * the whole subject; followed by other words they need a machine header. */
static const char *const auto_subjects[] = {
	"automatic reply", "auto reply", "auto-reply", "autoreply",
	"auto response", "auto-response", "autoresponse", "auto:",
	"out of office autoreply", "out of office", "out of the office",
	"[auto-reply]",
	"abwesenheitsnotiz", "automatische antwort",
	"r\xc3\xa9ponse automatique", "respuesta autom\xc3\xa1tica",
	"risposta automatica", "automatisch antwoord",
	"\xe8\x87\xaa\xe5\x8b\x95\xe5\xbf\x9c\xe7\xad\x94",	/* 自動応答 */
	"\xe8\x87\xaa\xe5\x8b\x95\xe8\xbf\x94\xe4\xbf\xa1",	/* 自動返信 */
};

/* Words of failure subjects: such a message is a bounce, not a reply. */
static const char *const bounce_subjects[] = {
	"undeliver", "returned mail", "delivery status", "delivery fail",
	"failure notice", "delivery has failed", "could not be delivered",
	"not delivered", "error sending", "failed delivery",
	"delivery notification", "returned to sender", "non remis",
	"non-remis", "unzustellbar", "nicht zustellbar", "mail system error",
	"delivery problem", "delayed mail", "warning: could not send",
	"rejected", "bounce",
};

/* Local parts of the senders of bounces. */
static const char *const bounce_senders[] = {
	"mailer-daemon", "mailer_daemon", "mailerdaemon", "postmaster",
	"mail-daemon",
};

static const char *
skip_blanks(const char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	return s;
}

static int
prefix_ci(const char *s, const char *prefix)
{
	return strncasecmp(s, prefix, strlen(prefix)) == 0;
}

/* Does S contain WORD, ignoring ASCII case?  (Short strings only: header
 * values are capped.)  bv_fmt_find skips to the candidates with memchr. */
static int
contains_ci(const char *s, const char *word)
{
	return bv_fmt_find(s, strlen(s), word) != NULL;
}

/* Does M have field NAME with a value beginning VALUE (NULL: any value
 * but "no")? */
static int
has_field(const struct bv_msg *m, const char *name, const char *value)
{
	const char	*v;

	if ((v = bv_msg_header(m, name)) == NULL)
		return 0;
	v = skip_blanks(v);
	return value != NULL ? prefix_ci(v, value) : strncasecmp(v, "no", 2)
	    != 0;
}

static int
auto_header(const struct bv_msg *m)
{
	size_t	 i;

	for (i = 0; i < NELEM(auto_headers); i++)
		if (has_field(m, auto_headers[i].name, auto_headers[i].value))
			return 1;
	return 0;
}

static int
machine_header(const struct bv_msg *m)
{
	size_t	 i;

	for (i = 0; i < NELEM(machine_headers); i++)
		if (has_field(m, machine_headers[i].name,
		    machine_headers[i].value))
			return 1;
	return 0;
}

/* Is S (after the subject's marker) a colon, or the end, with blanks or
 * no-break spaces ("R\xc3\xa9ponse automatique\xc2\xa0:") before it? */
static int
marker_ends(const char *s)
{
	for (;;) {
		s = skip_blanks(s);
		if (strncmp(s, "\xc2\xa0", 2) != 0)
			break;
		s += 2;
	}
	return *s == '\0' || *s == ':' || strncmp(s, "\xef\xbc\x9a", 3) == 0;
}

/* 2: SUBJ is an auto-reply's (marker and colon, or marker alone); 1: it
 * only begins with a marker's words; 0: neither. */
static int
auto_subject(const char *subj)
{
	size_t	 i, n;

	if (subj == NULL)
		return 0;
	subj = skip_blanks(subj);
	for (i = 0; i < NELEM(auto_subjects); i++) {
		n = strlen(auto_subjects[i]);
		if (strncasecmp(subj, auto_subjects[i], n) != 0)
			continue;
		return auto_subjects[i][n - 1] == ':' || auto_subjects[i][n -
		    1] == ']' || marker_ends(subj + n) ? 2 : 1;
	}
	return 0;
}

static int
bouncy(const struct bv_msg *m)
{
	const char	*subj = bv_msg_header(m, "Subject");
	char		*from;
	size_t		 i, n;
	int		 yes = 0;

	if (m->has_dsn || m->has_report || m->has_feedback ||
	    bv_msg_header(m, "X-Failed-Recipients") != NULL)
		return 1;
	for (i = 0; subj != NULL && i < NELEM(bounce_subjects); i++)
		if (contains_ci(subj, bounce_subjects[i]))
			return 1;
	if ((from = bv_addr_extract(bv_msg_header(m, "From"))) == NULL)
		return 0;
	for (i = 0; i < NELEM(bounce_senders) && !yes; i++) {
		n = strlen(bounce_senders[i]);
		yes = strncasecmp(from, bounce_senders[i], n) == 0 &&
		    from[n] == '@';
	}
	free(from);
	return yes;
}

static int
autoreply_claims(const struct bv_msg *m)
{
	int	 subj = auto_subject(bv_msg_header(m, "Subject"));

	return (auto_header(m) || subj == 2 || (subj == 1 &&
	    machine_header(m))) && !bouncy(m);
}

static int
autoreply_extract(const struct bv_msg *m, struct bv_reclist *out)
{
	struct bv_record	*rec = bv_reclist_add(out);
	const char		*subj = bv_msg_header(m, "Subject");

	rec->format = bv_reader_autoreply.name;
	rec->recipient = bv_addr_extract(bv_msg_header(m, "From"));
	rec->diagnostic = subj != NULL && *subj != '\0' ? xstrdup(subj) :
	    NULL;
	rec->hint_reason = "vacation";
	return 0;
}

const struct bv_reader bv_reader_autoreply = {
	"autoreply", autoreply_claims, autoreply_extract,
};
