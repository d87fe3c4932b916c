/*
 * test_dsn.c: bounces to records through bv_parse_message: RFC 3464 and
 * RFC 6533 reports of several MTAs, feedback reports, auto-replies, what
 * parse.c fills in and completes, and the report field reader underneath.
 * Each fixture in tests/fixtures/dsn/ is an invented bounce in the shape
 * one MTA writes.
 */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "parser/parser.h"

#ifndef FIXTURES
#define FIXTURES	"tests/fixtures/dsn"
#endif

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))

static char *
slurp(const char *name, size_t *len)
{
	struct buf	 b = { NULL, 0, 0 };
	char		 path[1024], chunk[8192];
	FILE		*f;
	size_t		 n;

	snprintf(path, sizeof(path), "%s/%s", FIXTURES, name);
	if ((f = fopen(path, "rb")) == NULL)
		fail_msg("cannot open %s", path);
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		buf_add(&b, chunk, n);
	fclose(f);
	*len = b.len;
	return buf_steal(&b);
}

/* What one record must say; NULL: the field must be NULL. */
struct want {
	const char	*rcpt;
	const char	*orcpt;
	const char	*action;
	const char	*status;
	const char	*reply;
	const char	*diag;		/* prefix */
	const char	*remote;
	const char	*reason;	/* "*": whatever the catalog says */
};

struct fixture {
	const char	*file;
	const char	*format;
	const char	*reporting;
	size_t		 n;
	struct want	 w[3];
};

static const struct fixture fixtures[] = {
	{ "postfix.eml", "rfc3464", "mx1.example.net", 1, {
	    { "bob@example.org", "Bob@Example.org", "failed", "5.1.1", "550",
	      "550 5.1.1 <bob@example.org>: Recipient address rejected: User "
	      "unknown in virtual mailbox table", "mx.example.org", "*" } } },
	{ "postfix-crlf.eml", "rfc3464", "mx1.example.net", 1, {
	    { "bob@example.org", "Bob@Example.org", "failed", "5.1.1", "550",
	      "550 5.1.1 <bob@example.org>: Recipient address rejected: User "
	      "unknown in virtual mailbox table", "mx.example.org", "*" } } },
	{ "postfix-cr.eml", "rfc3464", "mx1.example.net", 1, {
	    { "bob@example.org", "Bob@Example.org", "failed", "5.1.1", "550",
	      "550 5.1.1 <bob@example.org>: Recipient address rejected: User "
	      "unknown in virtual mailbox table", "mx.example.org", "*" } } },
	{ "sendmail.eml", "rfc3464", "relay.example.net", 1, {
	    { "dave@example.org", NULL, "failed", "5.2.2", "552",
	      "552 5.2.2 <dave@example.org>... Mailbox full",
	      "mail.example.org", "*" } } },
	/* No code in the report: the transcript line naming the recipient. */
	{ "sendmail-local.eml", "rfc3464", "relay.example.net", 1, {
	    { "erin@nowhere.example.org", NULL, "failed", "5.1.2", "550",
	      "550 5.1.2 <erin@nowhere.example.org>... Host unknown", NULL,
	      "*" } } },
	/* Action before Final-Recipient; Status 5.0.0 refined. */
	{ "exim.eml", "rfc3464", "smtp.example.net", 1, {
	    { "grace@example.org", NULL, "failed", "5.1.1", "550",
	      "550 5.1.1 <grace@example.org>: Recipient", "mx.example.org",
	      "*" } } },
	{ "exchange.eml", "rfc3464",
	  "AM0PR01MB1234.eurprd01.prod.exchangelabs.example.com", 1, {
	    { "ivan@example.org", NULL, "failed", "5.1.10", "550",
	      "550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient not found",
	      NULL, "*" } } },
	/* Multi-line 550- reply; a Remote-MTA with a comment. */
	{ "gmail.eml", "rfc3464", "googlemail.com", 1, {
	    { "mallory@example.org", NULL, "failed", "5.1.1", "550",
	      "550-5.1.1 The email account that you tried to reach does not "
	      "exist. Please try 550-5.1.1 double-checking",
	      "mx.example.org", "*" } } },
	/* Sloppy: lower-case names, an indented field, no blank line
	 * between two blocks, words after the status. */
	{ "multi.eml", "rfc3464", "gw.example.net", 3, {
	    { "one@example.org", NULL, "failed", "5.1.1", "550",
	      "550 5.1.1 <one@example.org>: user unknown", NULL, "*" },
	    { "two@example.org", NULL, "failed", "5.2.2", "552",
	      "552-5.2.2 The mailbox is full. 552 5.2.2 Try again later.",
	      "[192.0.2.77]", "*" },
	    { "three@example.org", NULL, "delayed", "4.4.1", NULL,
	      "connect to mx.example.org[192.0.2.78]:25: Connection timed out",
	      NULL, "*" } } },
	{ "delayed.eml", "rfc3464", "out.example.net", 1, {
	    { "leo@example.org", "leo@example.org", "delayed", "4.4.1", NULL,
	      "connect to mx.example.org[192.0.2.90]:25: Connection timed out",
	      NULL, "*" } } },
	{ "delivered.eml", "rfc3464", "mx.example.org", 2, {
	    { "noah@example.org", "noah@example.org", "delivered", "2.0.0",
	      NULL, "delivery via local: delivered to mailbox", NULL,
	      "delivered" },
	    { "olivia@example.org", NULL, "relayed", "2.0.0", "250",
	      "250 2.0.0 Ok: queued as 9F8E7D6C5B", "legacy.example.org",
	      "delivered" } } },
	/* Base64 report; Status 5.0.0 and the server's 5.7.1. */
	{ "base64-dsn.eml", "rfc3464", "mail.example.net", 1, {
	    { "sam@example.org", NULL, "failed", "5.7.1", "554",
	      "554 5.7.1 <sam@example.org>: Relay access denied", NULL,
	      "*" } } },
	{ "charsets.eml", "rfc3464", "mx.example.jp", 1, {
	    { "yuki@example.jp", NULL, "failed", "5.1.1", "550",
	      "550 5.1.1 <yuki@example.jp>... User Unknown", NULL, "*" } } },
	{ "global.eml", "rfc3464", "mx.example.net", 1, {
	    { "\xc3\xa1lvaro@example.org", "\xc3\xa1lvaro@example.org",
	      "failed", "5.1.1", "550", "550 5.1.1 <\xc3\xa1lvaro@example.org>",
	      NULL, "*" } } },
	{ "quoted-boundary.eml", "rfc3464", "mx.example.net", 1, {
	    { "xavier@example.org", NULL, "failed", "5.1.1", "550",
	      "550 5.1.1 <xavier@example.org>: no such user", NULL, "*" } } },
	{ "nomime.eml", "rfc3464", "old.example.jp", 1, {
	    { "chloe@example.org", NULL, "failed", "4.4.7", "421",
	      "421 4.4.7 Message could not be delivered", NULL, "*" } } },
	{ "forwarded.eml", "rfc3464", "mx.example.net", 1, {
	    { "dan@example.org", NULL, "failed", "5.1.1", "550",
	      "550 5.1.1 <dan@example.org>: User unknown", NULL, "*" } } },
	/* No Diagnostic-Code: the human-readable part's account of why,
	 * from the recipient's line (Sendmail, OpenSMTPD) or the indented
	 * lines under it, less Exim's "generated by" (Exim). */
	{ "sendmail-deferred.eml", "rfc3464", "relay.example.net", 1, {
	    { "henry@example.org", NULL, "failed", "4.4.7", NULL,
	      "Deferred: Connection refused by mx.example.org.",
	      "mx.example.org", "blocked" } } },
	{ "opensmtpd.eml", "rfc3464", "smtpd.example.net", 2, {
	    { "iris@gone.example.org", NULL, "failed", "5.0.0", NULL,
	      "Domain does not exist", NULL, "hostunknown" },
	    { "jack@example.com", NULL, "failed", "5.0.0", NULL,
	      "No MX found for domain", NULL, "notaccept" } } },
	{ "exim-indented.eml", "rfc3464", "hub.example.net", 1, {
	    { "/var/spool/virtual/example.org/kim/Maildir", NULL, "failed",
	      "5.0.0", NULL, "mailbox is full: retry timeout exceeded", NULL,
	      "mailboxfull" } } },
	/* Oracle Messaging Server: the recipient's "Reason:" field, not the
	 * quoted "To:" header above it nor the other fields under it. */
	{ "messagingserver.eml", "rfc3464", "ms.example.net", 1, {
	    { "omar@example.net", "omar@example.net", "delayed", "4.4.1",
	      NULL, "Unable to connect to remote system", "mx.example.net",
	      "*" } } },
	/* Only the returned headers name the recipient: no text is taken
	 * from them, the status decides. */
	{ "headers-only-rcpt.eml", "rfc3464", "gw.example.net", 1, {
	    { "nils@example.org", NULL, "failed", "5.2.2", NULL, NULL, NULL,
	      "mailboxfull" } } },
	/* The x-unix type reaches the catalog (a local program failed; 67
	 * is sysexits' "no such user") but not the text shown. */
	{ "postfix-pipe.eml", "rfc3464", "lists.example.net", 2, {
	    { "archive@lists.example.net", NULL, "failed", "4.3.0", NULL,
	      "temporary failure", NULL, "mailererror" },
	    { "nobody@lists.example.net", NULL, "failed", "5.1.1", NULL,
	      "67 unknown user", NULL, "userunknown" } } },
	{ "arf.eml", "arf", "fbl.isp.example.org", 1, {
	    { "pat@isp.example.org", NULL, NULL, NULL, NULL,
	      "This is an email abuse report", NULL, "feedback" } } },
	/* Reported by the From address's domain when nothing else says. */
	{ "autoreply.eml", "autoreply", "example.org", 1, {
	    { "quinn@example.org", NULL, NULL, NULL, NULL,
	      "Automatic reply: Project kickoff", NULL, "vacation" } } },
};

static void
check_str(const char *file, size_t i, const char *what, const char *got,
    const char *want, int prefix)
{
	if (want == NULL) {
		if (got != NULL)
			fail_msg("%s #%zu: %s \"%s\", want none", file, i + 1,
			    what, got);
		return;
	}
	if (got == NULL)
		fail_msg("%s #%zu: no %s, want \"%s\"", file, i + 1, what,
		    want);
	if (prefix ? strncmp(got, want, strlen(want)) != 0 :
	    strcmp(got, want) != 0)
		fail_msg("%s #%zu: %s \"%s\", want \"%s\"", file, i + 1, what,
		    got, want);
}

static void
test_fixtures(void **state)
{
	const struct fixture	*fx;
	const struct want	*w;
	const struct bv_record	*r;
	struct bv_reclist	 list;
	struct bv_msgloc	 loc;
	char			*raw;
	size_t			 len, k, i;

	(void)state;
	for (k = 0; k < NELEM(fixtures); k++) {
		fx = &fixtures[k];
		raw = slurp(fx->file, &len);
		memset(&list, 0, sizeof(list));
		memset(&loc, 0, sizeof(loc));
		loc.path = fx->file;
		loc.offset = 1234;
		loc.msgno = 7;
		if (bv_parse_message(raw, len, &loc, &list) != BV_MSG_BOUNCE)
			fail_msg("%s: not a bounce", fx->file);
		if (list.n != fx->n)
			fail_msg("%s: %zu records, want %zu", fx->file, list.n,
			    fx->n);
		for (i = 0; i < list.n; i++) {
			r = &list.v[i];
			w = &fx->w[i];
			assert_int_equal(r->rcpt, i + 1);
			assert_ptr_equal(r->loc.path, fx->file);
			assert_int_equal(r->loc.offset, 1234);
			assert_int_equal(r->loc.msgno, 7);
			assert_null(r->error);
			check_str(fx->file, i, "format", r->format, fx->format,
			    0);
			check_str(fx->file, i, "reporting_mta",
			    r->reporting_mta, fx->reporting, 0);
			check_str(fx->file, i, "recipient", r->recipient,
			    w->rcpt, 0);
			check_str(fx->file, i, "original_recipient",
			    r->original_recipient, w->orcpt, 0);
			check_str(fx->file, i, "action", r->action, w->action,
			    0);
			check_str(fx->file, i, "status", r->status, w->status,
			    0);
			check_str(fx->file, i, "reply_code", r->reply_code,
			    w->reply, 0);
			check_str(fx->file, i, "diagnostic", r->diagnostic,
			    w->diag, 1);
			check_str(fx->file, i, "remote_mta", r->remote_mta,
			    w->remote, 0);
			/* Every record is classified. */
			assert_non_null(r->reason);
			if (strcmp(w->reason, "*") != 0)
				check_str(fx->file, i, "reason", r->reason,
				    w->reason, 0);
			/* The bounce's own Date, for every record. */
			assert_non_null(r->date);
		}
		bv_reclist_free(&list);
		free(raw);
	}
}

/* The returned message's fields and the bounce's date reach the records. */
static void
test_message_fields(void **state)
{
	struct bv_reclist	 list;
	struct bv_msgloc	 loc;
	char			*raw;
	size_t			 len;

	(void)state;
	raw = slurp("multi.eml", &len);
	memset(&list, 0, sizeof(list));
	memset(&loc, 0, sizeof(loc));
	loc.path = "multi.eml";
	assert_int_equal(bv_parse_message(raw, len, &loc, &list),
	    BV_MSG_BOUNCE);
	assert_int_equal(list.n, 3);
	assert_string_equal(list.v[2].date, "Sun, 8 Mar 2026 18:00:00 +0000");
	assert_string_equal(list.v[2].arrival_date,
	    "Sun, 8 Mar 2026 17:59:50 +0000");
	assert_string_equal(list.v[2].original.subject, "Newsletter March");
	assert_string_equal(list.v[2].original.message_id,
	    "<news-march@example.net>");
	assert_string_equal(list.v[0].original.to,
	    "one@example.org, two@example.org, three@example.org");
	bv_reclist_free(&list);
	free(raw);

	raw = slurp("sendmail.eml", &len);
	assert_int_equal(bv_parse_message(raw, len, &loc, &list),
	    BV_MSG_BOUNCE);
	assert_string_equal(list.v[0].last_attempt_date,
	    "Tue, 3 Mar 2026 10:52:01 +0100");
	assert_string_equal(list.v[0].original.from, "Carol <carol@example.net>");
	bv_reclist_free(&list);
	free(raw);

	raw = slurp("arf.eml", &len);
	assert_int_equal(bv_parse_message(raw, len, &loc, &list),
	    BV_MSG_BOUNCE);
	assert_string_equal(list.v[0].feedback_type, "abuse");
	assert_string_equal(list.v[0].original.subject, "Weekly offers");
	bv_reclist_free(&list);
	free(raw);
}

static void
test_not_bounces(void **state)
{
	struct bv_reclist	 list;
	struct bv_msgloc	 loc;
	char			*raw;
	size_t			 len;

	(void)state;
	memset(&list, 0, sizeof(list));
	memset(&loc, 0, sizeof(loc));
	loc.path = "x";
	raw = slurp("notbounce.eml", &len);
	assert_int_equal(bv_parse_message(raw, len, &loc, &list),
	    BV_MSG_NOTBOUNCE);
	assert_int_equal(list.n, 0);
	free(raw);
	assert_int_equal(bv_parse_message("", 0, &loc, &list),
	    BV_MSG_NOTBOUNCE);
	assert_int_equal(list.n, 0);
}

/* Looks like a bounce, says nothing readable: one record with the error. */
static void
test_unreadable(void **state)
{
	static const char	 deep_head[] =
	    "From: MAILER-DAEMON@mx.example.net\n"
	    "Subject: Undelivered Mail Returned to Sender\n"
	    "Content-Type: multipart/report; boundary=\"L0\"\n\n";
	struct bv_reclist	 list;
	struct bv_msgloc	 loc;
	struct buf		 b = { NULL, 0, 0 };
	char			*raw;
	size_t			 len;
	int			 i;

	(void)state;
	memset(&list, 0, sizeof(list));
	memset(&loc, 0, sizeof(loc));
	loc.path = "x";
	loc.msgno = 3;
	raw = slurp("unreadable.eml", &len);
	assert_int_equal(bv_parse_message(raw, len, &loc, &list),
	    BV_MSG_UNREADABLE);
	assert_int_equal(list.n, 1);
	assert_string_equal(list.v[0].error,
	    "unreadable: the delivery-status part names no recipient");
	assert_int_equal(list.v[0].rcpt, 1);
	assert_int_equal(list.v[0].loc.msgno, 3);
	assert_null(list.v[0].format);
	assert_int_equal(list.v[0].hard, -1);
	bv_reclist_free(&list);
	free(raw);

	/* The report below a tower of multiparts. */
	buf_adds(&b, deep_head);
	for (i = 0; i < 100; i++)
		buf_printf(&b, "--L%d\nContent-Type: multipart/mixed; "
		    "boundary=\"L%d\"\n\n", i, i + 1);
	buf_adds(&b, "--L100\nContent-Type: message/delivery-status\n\n"
	    "Final-Recipient: rfc822; deep@example.org\n");
	assert_int_equal(bv_parse_message(b.s, b.len, &loc, &list),
	    BV_MSG_UNREADABLE);
	assert_int_equal(list.n, 1);
	assert_string_equal(list.v[0].error,
	    "unreadable: MIME nesting deeper than 32");
	bv_reclist_free(&list);
	buf_free(&b);
}

/* Auto-replies are claimed only when nothing says "bounce". */
static void
test_autoreply_strict(void **state)
{
	static const char *const bouncy[] = {
		/* A failure subject. */
		"From: Postmaster <postmaster@example.org>\n"
		"Auto-Submitted: auto-replied\n"
		"Subject: Undeliverable: hello\n\ntext\n",
		/* A mailer-daemon sender. */
		"From: MAILER-DAEMON@example.org\n"
		"Auto-Submitted: auto-replied\nSubject: hello\n\ntext\n",
		/* X-Failed-Recipients. */
		"From: a@example.org\nX-Failed-Recipients: b@example.org\n"
		"Auto-Submitted: auto-replied\nSubject: hello\n\ntext\n",
		/* Exim and others mark their bounces auto-replied too. */
		"From: Mail System <mail@example.org>\n"
		"Auto-Submitted: auto-replied\n"
		"Subject: There was an error sending your mail\n\ntext\n",
		/* Nothing automatic about it. */
		"From: a@example.org\nSubject: Re: out of office\n\ntext\n",
		"From: a@example.org\nSubject: vacation plans\n\ntext\n",
		"From: a@example.org\nAuto-Submitted: no\nSubject: x\n\ntext\n",
	};
	static const char *const replies[] = {
		"From: a@example.org\nAuto-Submitted: auto-replied\n"
		"Subject: away\n\ntext\n",
		"From: a@example.org\nX-Autoreply: yes\nSubject: x\n\ntext\n",
		"From: a@example.org\nPrecedence: auto_reply\nSubject: x\n\nt\n",
		"From: a@example.org\nSubject: Out of Office: x\n\ntext\n",
		"From: a@example.org\nSubject: =?utf-8?q?R=C3=A9ponse_"
		"automatique=3A_x?=\n\ntext\n",
	};
	struct bv_msg	*m;
	size_t		 i;

	(void)state;
	for (i = 0; i < NELEM(bouncy); i++) {
		m = bv_msg_new(bouncy[i], strlen(bouncy[i]));
		if (bv_reader_autoreply.claims(m))
			fail_msg("claimed: %s", bouncy[i]);
		bv_msg_free(m);
	}
	for (i = 0; i < NELEM(replies); i++) {
		m = bv_msg_new(replies[i], strlen(replies[i]));
		if (!bv_reader_autoreply.claims(m))
			fail_msg("not claimed: %s", replies[i]);
		bv_msg_free(m);
	}
}

/* Feedback shapes without a feedback-report part. */
static void
test_feedback_shapes(void **state)
{
	static const char	 jmrp[] =
	    "From: staff@mail.example.com\nTo: abuse@example.net\n"
	    "Subject: complaint about message from 198.51.100.9\n"
	    "Content-Type: multipart/mixed; boundary=J\n\n--J\n"
	    "Content-Type: message/rfc822\n\nFrom: news@example.net\n"
	    "To: Kim <kim@example.com>\nSubject: offers\n\nbody\n--J--\n";
	static const char	 unsub[] =
	    "From: lee@example.com\nTo: optout-77@list.example.net\n"
	    "Subject: unsubscribe\nAuto-Submitted: auto-replied\n\n"
	    "Sent by the mail program to unsubscribe.\n";
	struct bv_reclist	 list;
	struct bv_msgloc	 loc;

	(void)state;
	memset(&list, 0, sizeof(list));
	memset(&loc, 0, sizeof(loc));
	loc.path = "x";
	assert_int_equal(bv_parse_message(jmrp, strlen(jmrp), &loc, &list),
	    BV_MSG_BOUNCE);
	assert_string_equal(list.v[0].format, "arf");
	assert_string_equal(list.v[0].recipient, "kim@example.com");
	assert_string_equal(list.v[0].feedback_type, "abuse");
	assert_string_equal(list.v[0].reason, "feedback");
	bv_reclist_free(&list);
	assert_int_equal(bv_parse_message(unsub, strlen(unsub), &loc, &list),
	    BV_MSG_BOUNCE);
	assert_string_equal(list.v[0].format, "arf");
	assert_string_equal(list.v[0].recipient, "lee@example.com");
	assert_string_equal(list.v[0].feedback_type, "opt-out");
	bv_reclist_free(&list);
}

/* Past BV_DSN_RCPTS recipients an error record says the rest were left. */
static void
test_many_recipients(void **state)
{
	struct bv_reclist	 list;
	struct bv_msgloc	 loc;
	struct buf		 b = { NULL, 0, 0 };
	int			 i;

	(void)state;
	buf_adds(&b, "From: MAILER-DAEMON@example.net\nContent-Type: "
	    "multipart/report; boundary=M\n\n--M\nContent-Type: "
	    "message/delivery-status\n\nReporting-MTA: dns; example.net\n\n");
	for (i = 0; i < BV_DSN_RCPTS + 5; i++)
		buf_printf(&b, "Final-Recipient: rfc822; r%d@example.org\n"
		    "Action: failed\nStatus: 5.1.1\n\n", i);
	buf_adds(&b, "--M--\n");
	memset(&list, 0, sizeof(list));
	memset(&loc, 0, sizeof(loc));
	loc.path = "x";
	assert_int_equal(bv_parse_message(b.s, b.len, &loc, &list),
	    BV_MSG_BOUNCE);
	assert_int_equal(list.n, BV_DSN_RCPTS + 1);
	assert_string_equal(list.v[BV_DSN_RCPTS - 1].recipient,
	    "r9999@example.org");
	assert_int_equal(list.v[BV_DSN_RCPTS - 1].rcpt, BV_DSN_RCPTS);
	assert_non_null(list.v[BV_DSN_RCPTS].error);
	assert_non_null(strstr(list.v[BV_DSN_RCPTS].error, "10000"));
	bv_reclist_free(&list);
	buf_free(&b);
}

/* The SMTP command a reply answered, from the human-readable part. */
static void
test_commands(void **state)
{
	static const struct {
		const char	*file;
		const char	*cmd;
	} files[] = {
		{ "postfix.eml", "RCPT" },	/* "(in reply to RCPT TO command)" */
		{ "exim.eml", "RCPT" },		/* "after RCPT TO:<...>" */
		{ "sendmail.eml", NULL },	/* a ">>> DATA" transcript says
						   nothing reliable */
		{ "gmail.eml", NULL },
	};
	static const char	 data[] =
	    "From: MAILER-DAEMON@mx.example.net\nContent-Type: multipart/report;"
	    " boundary=P\n\n--P\nContent-Type: text/plain\n\n"
	    "<a@example.org>: host mx.example.org[192.0.2.1] said: 550 5.1.1\n"
	    "    OK (in reply to RCPT TO command)\n\n"
	    "<b@example.org>: host mx.example.org[192.0.2.1] said: 550 Unknown\n"
	    "    user b@example.org (in reply to end of DATA\n    command)\n\n"
	    "--P\nContent-Type: message/delivery-status\n\n"
	    "Final-Recipient: rfc822; a@example.org\nAction: failed\n"
	    "Status: 5.1.1\n\nFinal-Recipient: rfc822; b@example.org\n"
	    "Action: failed\nStatus: 5.0.0\n"
	    "Diagnostic-Code: smtp; 550 Unknown user b@example.org\n\n--P--\n";
	struct bv_reclist	 list;
	struct bv_msgloc	 loc;
	char			*raw;
	size_t			 len, i;

	(void)state;
	memset(&list, 0, sizeof(list));
	memset(&loc, 0, sizeof(loc));
	loc.path = "x";
	for (i = 0; i < NELEM(files); i++) {
		raw = slurp(files[i].file, &len);
		assert_int_equal(bv_parse_message(raw, len, &loc, &list),
		    BV_MSG_BOUNCE);
		check_str(files[i].file, 0, "command", list.v[0].command,
		    files[i].cmd, 0);
		bv_reclist_free(&list);
		free(raw);
	}
	/* Each recipient's own paragraph, folded over lines. */
	assert_int_equal(bv_parse_message(data, strlen(data), &loc, &list),
	    BV_MSG_BOUNCE);
	assert_int_equal(list.n, 2);
	assert_string_equal(list.v[0].command, "RCPT");
	assert_string_equal(list.v[1].command, "DATA");
	bv_reclist_free(&list);
}

/*
 * One recipient and a report without a reply code, or with a
 * Final-Recipient that lost its local part: the transcript's failure line
 * completes it.
 */
static void
test_transcript_line(void **state)
{
	static const char	 msg[] =
	    "From: MAILER-DAEMON@relay.example.net\n"
	    "Content-Type: multipart/report; boundary=T\n\n--T\n\n"
	    "   ----- Transcript of session follows -----\n"
	    "550 5.1.2 <kai@example.org>... Host unknown (Name server: "
	    "example.org: no data known)\n\n"
	    "--T\nContent-Type: message/delivery-status\n\n"
	    "Final-Recipient: RFC822; @example.org\nAction: failed\n"
	    "Status: 5.1.2\n\n--T--\n";
	struct bv_reclist	 list;
	struct bv_msgloc	 loc;

	(void)state;
	memset(&list, 0, sizeof(list));
	memset(&loc, 0, sizeof(loc));
	loc.path = "x";
	assert_int_equal(bv_parse_message(msg, strlen(msg), &loc, &list),
	    BV_MSG_BOUNCE);
	assert_int_equal(list.n, 1);
	assert_string_equal(list.v[0].recipient, "kai@example.org");
	assert_string_equal(list.v[0].reply_code, "550");
	assert_string_equal(list.v[0].status, "5.1.2");
	assert_true(strncmp(list.v[0].diagnostic, "550 5.1.2 <kai@example.org>"
	    "... Host unknown", 42) == 0);
	bv_reclist_free(&list);
}

/* ---- the field reader and its helpers ---------------------------------- */

static void
test_fieldit(void **state)
{
	static const char *const known[] = { "Status", NULL };
	static const char	 text[] =
	    "Reporting-MTA: dns; a.example\n"
	    "\n"
	    "Diagnostic-Code: smtp; 550 first\n"
	    "   second line\n"
	    "third line without a name\n"
	    "  Status: 5.1.1\n"
	    "stray: https://example.org/x\n"
	    " \n"
	    "Final-Recipient:rfc822;a@example.org\n";
	struct bv_fieldit	 it;

	(void)state;
	bv_fieldit_init(&it, text, strlen(text), known);
	assert_true(bv_fieldit_next(&it));
	assert_string_equal(it.name, "Reporting-MTA");
	assert_string_equal(it.val.s, "dns; a.example");
	assert_false(it.blank);
	assert_true(bv_fieldit_next(&it));
	assert_string_equal(it.name, "Diagnostic-Code");
	assert_string_equal(it.val.s, "smtp; 550 first second line third line "
	    "without a name");
	assert_true(it.blank);
	/* A known field written indented is a field. */
	assert_true(bv_fieldit_next(&it));
	assert_string_equal(it.name, "Status");
	assert_string_equal(it.val.s, "5.1.1");
	assert_false(it.blank);
	assert_true(bv_fieldit_next(&it));
	assert_string_equal(it.name, "stray");
	assert_true(bv_fieldit_next(&it));
	assert_string_equal(it.name, "Final-Recipient");
	assert_string_equal(it.val.s, "rfc822;a@example.org");
	assert_true(it.blank);
	assert_false(bv_fieldit_next(&it));
	bv_fieldit_free(&it);
}

static const struct {
	const char	*in;
	const char	*out;
} types[] = {
	{ "rfc822; <a@example.org>", "a@example.org" },
	{ "RFC822;a@example.org ", "a@example.org" },
	{ "utf-8; \xc3\xa1@example.org", "\xc3\xa1@example.org" },
	{ "dns; mx.example.org", "mx.example.org" },
	{ "smtp; 550 5.1.1 a; b", "550 5.1.1 a; b" },
	{ "X-Postfix; connect to x: refused", "connect to x: refused" },
	{ "a@example.org", "a@example.org" },
	{ "<a@example.org>", "a@example.org" },
	{ "user said; no", "user said; no" },
	{ "rfc822;", NULL },
	{ "   ", NULL },
};

static const struct {
	const char	*in;
	const char	*out;
} addrs[] = {
	{ "Kim Example <kim@example.org>", "kim@example.org" },
	{ "\"a, b\" <x@example.org>, y@example.org", "x@example.org" },
	{ "kim@example.org (Kim)", "kim@example.org" },
	{ "<Undisclosed Recipients>", NULL },
	{ "mailto:kim@example.org.", "kim@example.org" },
	{ "nobody", NULL },
};

static void
test_helpers(void **state)
{
	char	*s;
	size_t	 i;

	(void)state;
	for (i = 0; i < NELEM(types); i++) {
		s = bv_field_strip_type(types[i].in);
		if (types[i].out == NULL)
			assert_null(s);
		else {
			assert_non_null(s);
			assert_string_equal(s, types[i].out);
		}
		free(s);
	}
	assert_null(bv_field_strip_type(NULL));
	for (i = 0; i < NELEM(addrs); i++) {
		s = bv_addr_extract(addrs[i].in);
		if (addrs[i].out == NULL) {
			if (s != NULL)
				fail_msg("\"%s\" gave \"%s\"", addrs[i].in, s);
		} else {
			assert_non_null(s);
			assert_string_equal(s, addrs[i].out);
		}
		free(s);
	}
	assert_null(bv_addr_extract(NULL));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fixtures),
		cmocka_unit_test(test_message_fields),
		cmocka_unit_test(test_not_bounces),
		cmocka_unit_test(test_unreadable),
		cmocka_unit_test(test_autoreply_strict),
		cmocka_unit_test(test_feedback_shapes),
		cmocka_unit_test(test_many_recipients),
		cmocka_unit_test(test_commands),
		cmocka_unit_test(test_transcript_line),
		cmocka_unit_test(test_fieldit),
		cmocka_unit_test(test_helpers),
	};
	int	 rc;

	rc = cmocka_run_group_tests(tests, NULL, NULL);
	bv_catalog_reset();
	return rc;
}
