/*
 * genmta.c: one function per shape of bounce message, and the table that
 * weights them.  DSN shapes carry a message/delivery-status part; the
 * others are what qmail, old Exim, Domino, SES and friends send instead.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "bench/gendsn.h"

static const char *const senders[] = {
	"news.shop.example", "mail.ourco.example", "lists.club.example.org",
	"notify.app.example.net", "billing.saas.example", "example.com",
};

static const char *const senderlocal[] = {
	"newsletter", "noreply", "orders", "anna.bellweather", "alerts",
	"hugo", "team", "invoices",
};

/* Is local part LP already used by one of the first N recipients? */
static int
taken(const struct bounce *bn, int n, const char *lp)
{
	size_t	 l = strlen(lp);
	int	 i;

	for (i = 0; i < n; i++)
		if (strncmp(bn->r[i].addr, lp, l) == 0 &&
		    bn->r[i].addr[l] == '@')
			return 1;
	return 0;
}

void
bounce_fill(struct rng *r, struct bounce *bn, time_t when, int dsn)
{
	static const unsigned	 nweights[] = { 820, 90, 50, 20, 20 };
	static const int	 tzs[] = { 0, 60, 120, -300, -420, 540, 330 };
	struct rcpt		*rc;
	const struct reason	*first;
	int			 i;

	memset(bn, 0, sizeof(*bn));
	bn->when = when;
	bn->tz = PICK(r, tzs);
	snprintf(bn->sdomain, sizeof(bn->sdomain), "%s", PICK(r, senders));
	snprintf(bn->sender, sizeof(bn->sender), "%s@%s",
	    PICK(r, senderlocal), bn->sdomain);
	gen_ip(r, bn->ourip, sizeof(bn->ourip));
	gen_ip(r, bn->mtaip, sizeof(bn->mtaip));
	gen_hex(r, bn->qid, 10);
	bn->nrcpt = 1 + (int)rng_weighted(r, nweights, 5);
	do
		first = reason_pick(r);
	while (!dsn && first->action == ACT_DELIVERED);
	for (i = 0; i < bn->nrcpt; i++) {
		rc = &bn->r[i];
		do
			gen_localpart(r, rc->addr, 40);
		while (i > 0 && taken(bn, i, rc->addr));
		if (i > 0 && rng_chance(r, 600))
			memcpy(rc->domain, bn->r[0].domain,
			    sizeof(rc->domain));
		else
			gen_domain(r, rc->domain, sizeof(rc->domain));
		snprintf(rc->addr + strlen(rc->addr), sizeof(rc->addr) -
		    strlen(rc->addr), "@%s", rc->domain);
		snprintf(rc->rhost, sizeof(rc->rhost), "mx%u.%s",
		    1 + rng_below(r, 3), rc->domain);
		gen_ip(r, rc->rip, sizeof(rc->rip));
		rc->why = first;
		if (i > 0 && rng_chance(r, 300))
			do
				rc->why = reason_pick(r);
			while (rc->why->action != first->action);
	}
	/* the reporting MTA: our outbound relay, or the recipient's MX */
	if (rng_chance(r, 600))
		snprintf(bn->mta, sizeof(bn->mta), "smtp-out%u.%s",
		    1 + rng_below(r, 4), bn->sdomain);
	else
		snprintf(bn->mta, sizeof(bn->mta), "%s", bn->r[0].rhost);
	for (i = 0; i < bn->nrcpt; i++)
		reason_text(r, bn, &bn->r[i]);
	bn->sent = when - (first->action == ACT_DELAYED ? 4 * 3600 :
	    strcmp(first->status, "4.4.7") == 0 ? 5 * 86400 :
	    (time_t)(5 + rng_below(r, 600)));
	bn->subject = gen_subject(r);
	gen_hex(r, bn->msgid, 20);
	snprintf(bn->msgid + 20, sizeof(bn->msgid) - 20, "@%s", bn->sdomain);
	bn->orig = orig_pick(r);
}

/* multipart/report headers and the preamble. */
static void
report_start(struct buf *b, const char *boundary, const char *type)
{
	buf_printf(b, "Auto-Submitted: auto-replied\nMIME-Version: 1.0\n"
	    "Content-Type: multipart/report; report-type=%s;\n"
	    "\tboundary=\"%s\"\n\nThis is a MIME-encapsulated message.\n\n",
	    type, boundary);
}

static void
postfix(struct rng *r, struct bounce *bn, struct buf *b)
{
	static const struct dsnstyle st = { .smtptype = "smtp; ",
	    .localtype = "X-Postfix; ", .postfix = 1, .original_rcpt = 0 };
	char	 bd[160];
	int	 i, delayed = any_action(bn, ACT_DELAYED);

	snprintf(bd, sizeof(bd), "%s.%lld/%s", bn->qid, (long long)bn->when,
	    bn->mta);
	bounce_headers(r, bn, b, "MAILER-DAEMON@mail.example (Mail Delivery "
	    "System)", delayed ? "Delayed Mail (still being retried)" :
	    any_action(bn, ACT_DELIVERED) ? "Successful Mail Delivery Report" :
	    "Undelivered Mail Returned to Sender");
	report_start(b, bd, "delivery-status");
	buf_printf(b, "--%s\nContent-Description: Notification\n"
	    "Content-Type: text/plain; charset=us-ascii\n\n"
	    "This is the mail system at host %s.\n\n", bd, bn->mta);
	buf_adds(b, delayed ? "Your message has not been delivered yet; the "
	    "system keeps trying.\nYou do not have to send it again.\n\n" :
	    "Your message could not be delivered to one or more recipients;\n"
	    "the details follow. Please include this report when you ask\n"
	    "the postmaster for help.\n\n");
	buf_adds(b, "                   The mail system\n\n");
	for (i = 0; i < bn->nrcpt; i++) {
		if (bn->r[i].why->local)
			buf_printf(b, "<%s>: %s\n\n", bn->r[i].addr,
			    bn->r[i].text);
		else {
			buf_printf(b, "<%s>: host %s[%s] said: ",
			    bn->r[i].addr, bn->r[i].rhost, bn->r[i].rip);
			reply_joined(&bn->r[i], b);
			buf_adds(b, " (in reply to RCPT TO command)\n\n");
		}
	}
	buf_printf(b, "--%s\nContent-Description: Delivery report\n"
	    "Content-Type: message/delivery-status\n\n", bd);
	dsn_part(r, bn, b, &st);
	buf_addc(b, '\n');
	orig_part(r, bn, b, bd, 0);
	buf_printf(b, "--%s--\n", bd);
}

static void
sendmail(struct rng *r, struct bounce *bn, struct buf *b)
{
	static const struct dsnstyle st = { .smtptype = "SMTP; ",
	    .localtype = "SMTP; ", .received_from = 1, .last_attempt = 1 };
	char	 bd[160];
	int	 i;

	snprintf(bd, sizeof(bd), "%s.%lld/%s", bn->qid, (long long)bn->when,
	    bn->mta);
	bounce_headers(r, bn, b, "Mail Delivery Subsystem "
	    "<MAILER-DAEMON@mail.example>", any_action(bn, ACT_DELAYED) ?
	    "Warning: could not send message for past 4 hours" :
	    "Returned mail: see transcript for details");
	report_start(b, bd, "delivery-status");
	buf_printf(b, "--%s\n\nThe original message was received at ", bd);
	gen_date(b, bn->sent, bn->tz);
	buf_printf(b, "\nfrom app1.%s [%s]\n\n   ----- The following "
	    "addresses had permanent fatal errors -----\n", bn->sdomain,
	    bn->ourip);
	for (i = 0; i < bn->nrcpt; i++) {
		buf_printf(b, "<%s>\n    (reason: ", bn->r[i].addr);
		reply_joined(&bn->r[i], b);
		buf_adds(b, ")\n");
	}
	buf_adds(b, "\n   ----- Transcript of session follows -----\n");
	for (i = 0; i < bn->nrcpt; i++) {
		if (bn->r[i].why->local) {
			buf_printf(b, "%s... %s\n", bn->r[i].addr,
			    bn->r[i].text);
			continue;
		}
		buf_printf(b, "... while talking to %s.:\n>>> RCPT To:<%s>\n",
		    bn->r[i].rhost, bn->r[i].addr);
		reply_lines(&bn->r[i], b, "<<< ");
	}
	buf_printf(b, "\n--%s\nContent-Type: message/delivery-status\n\n",
	    bd);
	dsn_part(r, bn, b, &st);
	buf_addc(b, '\n');
	orig_part(r, bn, b, bd, 0);
	buf_printf(b, "--%s--\n", bd);
}

static void
exim_dsn(struct rng *r, struct bounce *bn, struct buf *b)
{
	static const struct dsnstyle st = { .smtptype = "smtp; ",
	    .localtype = "X-Exim; ", .action_first = 1, .status_x00 = 1 };
	char	 bd[64];
	int	 i;

	snprintf(bd, sizeof(bd), "%lld-eximdsn-%u", (long long)bn->when,
	    rng_below(r, 1000000000));
	bounce_headers(r, bn, b, "Mail Delivery System "
	    "<Mailer-Daemon@mail.example>",
	    "Mail delivery failed: returning message to sender");
	buf_adds(b, "X-Failed-Recipients: ");
	for (i = 0; i < bn->nrcpt; i++)
		buf_printf(b, "%s%s", i ? ", " : "", bn->r[i].addr);
	buf_addc(b, '\n');
	report_start(b, bd, "delivery-status");
	buf_printf(b, "--%s\nContent-type: text/plain; charset=us-ascii\n\n"
	    "This message was created automatically by mail delivery "
	    "software.\n\nDelivery to some recipients failed for good, no "
	    "more attempts will\nbe made. The following address(es) failed:"
	    "\n\n", bd);
	for (i = 0; i < bn->nrcpt; i++) {
		buf_printf(b, "  %s\n", bn->r[i].addr);
		if (bn->r[i].why->local)
			buf_printf(b, "    %s\n", bn->r[i].text);
		else {
			buf_printf(b, "    host %s [%s]\n    SMTP error from "
			    "remote mail server after RCPT TO:<%s>:\n",
			    bn->r[i].rhost, bn->r[i].rip, bn->r[i].addr);
			reply_lines(&bn->r[i], b, "    ");
		}
		buf_addc(b, '\n');
	}
	buf_printf(b, "--%s\nContent-type: message/delivery-status\n\n", bd);
	dsn_part(r, bn, b, &st);
	buf_addc(b, '\n');
	orig_part(r, bn, b, bd, 0);
	buf_printf(b, "--%s--\n", bd);
}

static void
exchange(struct rng *r, struct bounce *bn, struct buf *b)
{
	static const struct dsnstyle st = { .smtptype = "smtp;",
	    .localtype = "smtp;", .received_from = 1, .tight = 1,
	    .xfield = "X-Display-Name" };
	struct buf	 t = { 0 };
	char		 bd[64], alt[64], hex[36];
	int		 i;

	gen_hex(r, hex, 32);
	snprintf(bd, sizeof(bd), "_000_%s_", hex);
	snprintf(alt, sizeof(alt), "_001_%s_", hex);
	/* Exchange reports an unknown user with its own detailed code */
	for (i = 0; i < bn->nrcpt; i++)
		if (strcmp(bn->r[i].why->status, "5.1.1") == 0)
			snprintf(bn->r[i].text, sizeof(bn->r[i].text),
			    "550 5.1.10 RESOLVER.ADR.RecipientNotFound; "
			    "Recipient %s not found by SMTP address lookup",
			    bn->r[i].addr);
	buf_printf(&t, "Undeliverable: %s", bn->subject);
	gen_hex(r, hex, 32);
	bounce_headers(r, bn, b, "Postmaster <postmaster@outlook.example>",
	    t.s);
	buf_printf(b, "Thread-Topic: %s\nThread-Index: AQHa%s\n"
	    "Content-Language: en-US\nX-MS-Has-Attach: yes\n"
	    "X-MS-Exchange-Message-Is-Ndr:\nX-MS-TNEF-Correlator:\n"
	    "X-MS-Exchange-Organization-SCL: -1\n"
	    "X-MS-Exchange-Transport-CrossTenantHeadersStamped: %s\n",
	    bn->subject, hex, bn->mta);
	report_start(b, bd, "delivery-status");
	buf_printf(b, "--%s\nContent-Type: multipart/alternative;\n"
	    "\tboundary=\"%s\"\n\n--%s\nContent-Type: text/plain; "
	    "charset=\"us-ascii\"\nContent-Transfer-Encoding: "
	    "quoted-printable\n\n", bd, alt, alt);
	buf_reset(&t);
	buf_printf(&t, "Your message to %s couldn't be delivered.\n\n",
	    bn->r[0].addr);
	gen_words(r, &t, 200 + rng_below(r, 200), 72);
	buf_printf(&t, "\nDiagnostic information for administrators:\n\n"
	    "Generating server: %s\n\n", bn->mta);
	for (i = 0; i < bn->nrcpt; i++) {
		buf_printf(&t, "%s\nRemote server returned '", bn->r[i].addr);
		reply_joined(&bn->r[i], &t);
		buf_adds(&t, "'\n\n");
	}
	buf_adds(&t, "Original message headers:\n\n");
	orig_headers(r, bn, &t);
	qp_of(b, t.s, t.len);
	buf_printf(b, "\n--%s\nContent-Type: text/html; charset=\"us-ascii\"\n"
	    "Content-Transfer-Encoding: quoted-printable\n\n", alt);
	buf_reset(&t);
	html_filler(r, &t, 700 + rng_below(r, 1000));
	qp_of(b, t.s, t.len);
	buf_printf(b, "\n--%s--\n\n--%s\nContent-Type: "
	    "message/delivery-status\n\n", alt, bd);
	dsn_part(r, bn, b, &st);
	buf_addc(b, '\n');
	orig_part(r, bn, b, bd, 0);
	buf_printf(b, "--%s--\n", bd);
	buf_free(&t);
}

static void
gmail(struct rng *r, struct bounce *bn, struct buf *b)
{
	static const struct dsnstyle st = { .smtptype = "smtp; ",
	    .localtype = "smtp; ", .received_from = 1, .remote_ip = 1,
	    .last_attempt = 1 };
	char	 bd[48], rel[48], alt[48], hex[24];
	int	 i, delayed = any_action(bn, ACT_DELAYED);

	gen_hex(r, hex, 16);
	snprintf(bd, sizeof(bd), "0000000000%s", hex);
	snprintf(rel, sizeof(rel), "0000000000%sr", hex);
	snprintf(alt, sizeof(alt), "0000000000%sa", hex);
	snprintf(bn->mta, sizeof(bn->mta), "mail-provider.example");
	bounce_headers(r, bn, b, "Mail Delivery Subsystem "
	    "<mailer-daemon@mail-provider.example>", delayed ?
	    "Delivery Status Notification (Delay)" :
	    "Delivery Status Notification (Failure)");
	buf_adds(b, "X-Failed-Recipients: ");
	for (i = 0; i < bn->nrcpt; i++)
		buf_printf(b, "%s%s", i ? ", " : "", bn->r[i].addr);
	buf_addc(b, '\n');
	report_start(b, bd, "delivery-status");
	buf_printf(b, "--%s\nContent-Type: multipart/related; boundary=\"%s\""
	    "\n\n--%s\nContent-Type: multipart/alternative; boundary=\"%s\""
	    "\n\n--%s\nContent-Type: text/plain; charset=\"UTF-8\"\n\n"
	    "** %s **\n\n", bd, rel, rel, alt, alt, delayed ?
	    "Message not delivered yet" : "Message not delivered");
	for (i = 0; i < bn->nrcpt; i++) {
		buf_printf(b, "Your message to %s could not be delivered.\n\n"
		    "The remote server answered:\n", bn->r[i].addr);
		reply_lines(&bn->r[i], b, "");
		buf_addc(b, '\n');
	}
	buf_printf(b, "--%s\nContent-Type: text/html; charset=\"UTF-8\"\n\n",
	    alt);
	html_filler(r, b, 300 + rng_below(r, 400));
	buf_printf(b, "\n--%s--\n--%s\nContent-Type: image/png; "
	    "name=\"icon.png\"\nContent-Disposition: attachment; "
	    "filename=\"icon.png\"\nContent-Transfer-Encoding: base64\n"
	    "Content-ID: <icon.png>\n\n", alt, rel);
	{
		struct buf	 png = { 0 };

		gen_words(r, &png, 700, 200);
		base64_of(b, png.s, png.len);
		buf_free(&png);
	}
	buf_printf(b, "--%s--\n--%s\nContent-Type: message/delivery-status\n\n",
	    rel, bd);
	dsn_part(r, bn, b, &st);
	buf_addc(b, '\n');
	orig_part(r, bn, b, bd, 1);
	buf_printf(b, "--%s--\n", bd);
}

/* A plain RFC 3464 report from an appliance: the report part in base64,
 * sometimes without blank lines between recipient blocks. */
static void
generic_dsn(struct rng *r, struct bounce *bn, struct buf *b)
{
	static const struct dsnstyle st = { .smtptype = "smtp;",
	    .localtype = "smtp;", .envid = 1, .original_rcpt = 1,
	    .sloppy = 1 };
	struct buf	 d = { 0 };
	char		 bd[48];
	int		 i, b64 = rng_chance(r, 500);

	snprintf(bd, sizeof(bd), "Boundary_(ID_%s)", bn->qid);
	bounce_headers(r, bn, b, "postmaster@gateway.example",
	    "Delivery Notification: Delivery has failed");
	report_start(b, bd, "delivery-status");
	buf_printf(b, "--%s\nContent-Type: text/plain; charset=us-ascii\n\n"
	    "This report relates to a message you sent with the following "
	    "header fields:\n\n  Message-id: <%s>\n  Subject: %s\n\n"
	    "Your message cannot be delivered to the following recipients:"
	    "\n\n", bd, bn->msgid, bn->subject);
	for (i = 0; i < bn->nrcpt; i++) {
		buf_printf(b, "  Recipient address: %s\n  Reason: ",
		    bn->r[i].addr);
		reply_joined(&bn->r[i], b);
		buf_adds(b, "\n\n");
	}
	buf_printf(b, "--%s\nContent-Type: message/delivery-status\n", bd);
	dsn_part(r, bn, &d, &st);
	if (b64) {
		buf_adds(b, "Content-Transfer-Encoding: base64\n\n");
		base64_of(b, d.s, d.len);
	} else {
		buf_addc(b, '\n');
		buf_add(b, d.s, d.len);
	}
	buf_addc(b, '\n');
	orig_part(r, bn, b, bd, 0);
	buf_printf(b, "--%s--\n", bd);
	buf_free(&d);
}

static void
qmail(struct rng *r, struct bounce *bn, struct buf *b)
{
	int	 i;

	bounce_headers(r, bn, b, "MAILER-DAEMON@mail.example",
	    "failure notice");
	buf_printf(b, "\nHi. This is the qmail-send program at %s.\n"
	    "Delivery to the addresses below failed, and this is "
	    "permanent.\nNo further attempts will be made.\n\n", bn->mta);
	for (i = 0; i < bn->nrcpt; i++) {
		buf_printf(b, "<%s>:\n", bn->r[i].addr);
		if (bn->r[i].why->local)
			buf_printf(b, "%s (#%s)\n\n", bn->r[i].text,
			    bn->r[i].why->status);
		else {
			buf_printf(b, "%s does not like recipient.\n"
			    "Remote host said: ", bn->r[i].rip);
			reply_joined(&bn->r[i], b);
			buf_printf(b, "\nGiving up on %s.\n\n", bn->r[i].rip);
		}
	}
	buf_adds(b, "--- Below this line is a copy of the message.\n\n");
	orig_inline(r, bn, b);
}

static void
exim_old(struct rng *r, struct bounce *bn, struct buf *b)
{
	int	 i;

	bounce_headers(r, bn, b, "Mail Delivery System "
	    "<Mailer-Daemon@mail.example>",
	    "Mail delivery failed: returning message to sender");
	buf_adds(b, "X-Failed-Recipients: ");
	for (i = 0; i < bn->nrcpt; i++)
		buf_printf(b, "%s%s", i ? ", " : "", bn->r[i].addr);
	buf_adds(b, "\nAuto-Submitted: auto-replied\n\n"
	    "This message was created automatically by mail delivery "
	    "software.\n\nOne or more recipients could not be reached and "
	    "will not be tried\nagain. The following address(es) failed:"
	    "\n\n");
	for (i = 0; i < bn->nrcpt; i++) {
		buf_printf(b, "  %s\n", bn->r[i].addr);
		if (bn->r[i].why->local)
			buf_printf(b, "    %s\n", bn->r[i].text);
		else {
			buf_printf(b, "    SMTP error from remote mail server "
			    "after RCPT TO:<%s>:\n    host %s [%s]: ",
			    bn->r[i].addr, bn->r[i].rhost, bn->r[i].rip);
			reply_joined(&bn->r[i], b);
			buf_addc(b, '\n');
		}
	}
	buf_adds(b, "\n------ This is a copy of the message, including all "
	    "the headers. ------\n\n");
	orig_inline(r, bn, b);
}

static void
domino(struct rng *r, struct bounce *bn, struct buf *b)
{
	struct buf	 s = { 0 };
	int		 i;

	buf_adds(&s, "DELIVERY FAILURE: ");
	reply_joined(&bn->r[0], &s);
	if (s.len > 70)
		s.len = 70, s.s[70] = '\0';
	bounce_headers(r, bn, b, "Postmaster@notes.example", s.s);
	buf_adds(b, "MIME-Version: 1.0\nContent-Type: multipart/mixed; "
	    "boundary=\"==IFJRGLKFGIR");
	buf_printf(b, "%s\"\n\n--==IFJRGLKFGIR%s\nContent-Type: text/plain; "
	    "charset=US-ASCII\n\nYour message\n\n  Subject: %s\n\n"
	    "was not delivered to:\n\n", bn->qid, bn->qid, bn->subject);
	for (i = 0; i < bn->nrcpt; i++)
		buf_printf(b, "  %s\n", bn->r[i].addr);
	buf_adds(b, "\nbecause:\n\n");
	for (i = 0; i < bn->nrcpt; i++) {
		buf_adds(b, "  ");
		reply_joined(&bn->r[i], b);
		buf_addc(b, '\n');
	}
	buf_printf(b, "\n--==IFJRGLKFGIR%s\nContent-Type: message/rfc822\n\n",
	    bn->qid);
	orig_inline(r, bn, b);
	buf_printf(b, "\n--==IFJRGLKFGIR%s--\n", bn->qid);
	buf_free(&s);
}

/* Amazon SES style JSON notifications, raw or wrapped as an SNS message. */
static void
ses(struct rng *r, struct bounce *bn, struct buf *b)
{
	struct buf	 j = { 0 }, v = { 0 };
	char		 id[40];
	const char	*p;
	int		 i, wrapped = rng_chance(r, 500);

	gen_hex(r, id, 32);
	bounce_headers(r, bn, b, "Notifications <no-reply@sns.cloud.example>",
	    "Cloud Notification Message");
	buf_adds(b, "MIME-Version: 1.0\nContent-Type: text/plain; "
	    "charset=UTF-8\nContent-Transfer-Encoding: 7bit\n\n");
	buf_printf(&j, "{\"notificationType\":\"Bounce\",\"bounce\":{"
	    "\"bounceType\":\"%s\",\"bounceSubType\":\"General\","
	    "\"bouncedRecipients\":[", bn->r[0].why->reply &&
	    bn->r[0].why->reply[0] == '4' ? "Transient" : "Permanent");
	for (i = 0; i < bn->nrcpt; i++) {
		buf_reset(&v);
		reply_joined(&bn->r[i], &v);
		buf_printf(&j, "%s{\"emailAddress\":\"%s\",\"action\":\"failed\","
		    "\"status\":\"%s\",\"diagnosticCode\":\"smtp; %s\"}",
		    i ? "," : "", bn->r[i].addr, bn->r[i].why->status, v.s);
	}
	buf_printf(&j, "],\"timestamp\":\"2024-03-05T10:00:00.000Z\","
	    "\"feedbackId\":\"%s-000000\",\"reportingMTA\":\"dsn; %s\"},"
	    "\"mail\":{\"timestamp\":\"2024-03-05T09:59:58.000Z\","
	    "\"source\":\"%s\",\"messageId\":\"%s\",\"destination\":[\"%s\"],"
	    "\"commonHeaders\":{\"from\":[\"%s\"],\"to\":[\"%s\"],"
	    "\"subject\":\"%s\"}}}", id, bn->mta, bn->sender, bn->msgid,
	    bn->r[0].addr, bn->sender, bn->r[0].addr, bn->subject);
	if (!wrapped)
		buf_add(b, j.s, j.len);
	else {
		buf_printf(b, "{\n  \"Type\" : \"Notification\",\n"
		    "  \"MessageId\" : \"%s\",\n  \"Message\" : \"", id);
		for (p = j.s; *p; p++) {
			if (*p == '"' || *p == '\\')
				buf_addc(b, '\\');
			buf_addc(b, *p);
		}
		buf_adds(b, "\",\n  \"Timestamp\" : \"2024-03-05T10:00:00.100Z"
		    "\",\n  \"SignatureVersion\" : \"1\",\n  \"Signature\" : "
		    "\"");
		gen_hex(r, id, 32);
		for (i = 0; i < 10; i++)
			buf_adds(b, id);
		buf_adds(b, "\"\n}");
	}
	buf_addc(b, '\n');
	buf_free(&j);
	buf_free(&v);
}

static void
opensmtpd(struct rng *r, struct bounce *bn, struct buf *b)
{
	int	 i;

	bounce_headers(r, bn, b, "Mailer Daemon <MAILER-DAEMON@mail.example>",
	    "Delivery status notification: error");
	buf_adds(b, "\nHi!\n\nThis is the MAILER-DAEMON, please DO NOT REPLY "
	    "to this email.\n\nDelivery failed for the recipients listed "
	    "below:\n\n");
	for (i = 0; i < bn->nrcpt; i++) {
		buf_printf(b, "%s: ", bn->r[i].addr);
		reply_joined(&bn->r[i], b);
		buf_addc(b, '\n');
	}
	buf_adds(b, "\nBelow is a copy of the original message:\n\n");
	orig_inline(r, bn, b);
}

/* Postfix without DSN support (before 2.3): text and the message. */
static void
postfix_old(struct rng *r, struct bounce *bn, struct buf *b)
{
	char	 bd[160];
	int	 i;

	snprintf(bd, sizeof(bd), "%s.%lld/%s", bn->qid, (long long)bn->when,
	    bn->mta);
	bounce_headers(r, bn, b, "MAILER-DAEMON@mail.example (Mail Delivery "
	    "System)", "Undelivered Mail Returned to Sender");
	buf_printf(b, "MIME-Version: 1.0\nContent-Type: multipart/mixed; "
	    "boundary=\"%s\"\n\n--%s\nContent-Description: Notification\n"
	    "Content-Type: text/plain\n\nThis is the Postfix program at host "
	    "%s.\n\nThe message could not be delivered to the recipients "
	    "below.\n\n\t\t\tThe Postfix program\n\n", bd, bd, bn->mta);
	for (i = 0; i < bn->nrcpt; i++) {
		buf_printf(b, "<%s>: host %s[%s] said: ", bn->r[i].addr,
		    bn->r[i].rhost, bn->r[i].rip);
		reply_joined(&bn->r[i], b);
		buf_addc(b, '\n');
	}
	buf_printf(b, "\n--%s\nContent-Description: Undelivered Message\n"
	    "Content-Type: message/rfc822\n\n", bd);
	orig_inline(r, bn, b);
	buf_printf(b, "\n--%s--\n", bd);
}

static void
sendmail_old(struct rng *r, struct bounce *bn, struct buf *b)
{
	int	 i;

	bounce_headers(r, bn, b, "Mail Delivery Subsystem "
	    "<MAILER-DAEMON@mail.example>", "Returned mail: User unknown");
	buf_adds(b, "\nThe original message was received at ");
	gen_date(b, bn->sent, bn->tz);
	buf_printf(b, "\nfrom app1.%s [%s]\n\n   ----- Transcript of session "
	    "follows -----\n", bn->sdomain, bn->ourip);
	for (i = 0; i < bn->nrcpt; i++) {
		if (bn->r[i].why->local) {
			buf_printf(b, "%s... %s\n", bn->r[i].addr,
			    bn->r[i].text);
			continue;
		}
		buf_printf(b, "... while talking to %s.:\n>>> RCPT To:<%s>\n",
		    bn->r[i].rhost, bn->r[i].addr);
		reply_lines(&bn->r[i], b, "<<< ");
		buf_printf(b, "%s %s... Cannot deliver\n", bn->r[i].why->reply,
		    bn->r[i].addr);
	}
	buf_adds(b, "\n   ----- Unsent message follows -----\n");
	orig_inline(r, bn, b);
}

/* An unknown MTA with its own wording. */
static void
unknown(struct rng *r, struct bounce *bn, struct buf *b)
{
	int	 i;

	bounce_headers(r, bn, b, "postmaster@relay.example",
	    "Undeliverable mail");
	buf_adds(b, "\nDelivery to the following recipient failed "
	    "permanently:\n\n");
	for (i = 0; i < bn->nrcpt; i++)
		buf_printf(b, "     %s\n", bn->r[i].addr);
	buf_adds(b, "\nTechnical details of the failure:\n");
	for (i = 0; i < bn->nrcpt; i++)
		reply_lines(&bn->r[i], b, "");
	buf_adds(b, "\n----- Original message -----\n\n");
	orig_inline(r, bn, b);
}

static void
arf(struct rng *r, struct bounce *bn, struct buf *b)
{
	char	 bd[48];

	snprintf(bd, sizeof(bd), "arf_%s", bn->qid);
	bounce_headers(r, bn, b, "Complaints <fbl@isp.example>",
	    "Abuse report");
	report_start(b, bd, "feedback-report");
	buf_printf(b, "--%s\nContent-Type: text/plain\n\nA recipient of this "
	    "mail marked it as unwanted.\n\n--%s\nContent-Type: "
	    "message/feedback-report\n\nFeedback-Type: abuse\n"
	    "User-Agent: InventedFBL/1.0\nVersion: 1\n"
	    "Original-Mail-From: <%s>\nOriginal-Rcpt-To: <%s>\n",
	    bd, bd, bn->sender, bn->r[0].addr);
	date_hdr(b, "Arrival-Date", bn->sent, bn->tz);
	buf_printf(b, "Reported-Domain: %s\nSource-IP: %s\n\n", bn->sdomain,
	    bn->ourip);
	if (bn->orig == ORIG_NONE)
		bn->orig = ORIG_HEADERS;
	orig_part(r, bn, b, bd, 1);
	buf_printf(b, "--%s--\n", bd);
}

static void
autoreply(struct rng *r, struct bounce *bn, struct buf *b)
{
	struct buf	 s = { 0 };

	buf_printf(&s, "Out of office: %s", bn->subject);
	bounce_headers(r, bn, b, bn->r[0].addr, s.s);
	buf_printf(b, "Auto-Submitted: auto-replied\nIn-Reply-To: <%s>\n"
	    "Content-Type: text/plain; charset=utf-8\n\nHello,\n\nI am away "
	    "until the 18th with little access to mail.\n", bn->msgid);
	gen_words(r, b, 100 + rng_below(r, 300), 72);
	buf_free(&s);
}

static void
notbounce(struct rng *r, struct bounce *bn, struct buf *b)
{
	buf_adds(b, "Return-Path: <");
	buf_printf(b, "%s>\n", bn->r[0].addr);
	date_hdr(b, "Date", bn->when, bn->tz);
	buf_printf(b, "From: %s <%s>\nTo: %s\nSubject: Re: %s\n"
	    "Message-ID: <%s.re@%s>\nMIME-Version: 1.0\nContent-Type: "
	    "text/plain; charset=utf-8\n\n", gen_person(r), bn->r[0].addr,
	    bn->sender, bn->subject, bn->qid, bn->r[0].domain);
	gen_words(r, b, 300 + rng_below(r, 2000), 72);
}

const struct shape shapes[] = {
	{ "postfix", 220, 1, postfix },
	{ "sendmail", 90, 1, sendmail },
	{ "exim-dsn", 50, 1, exim_dsn },
	{ "exchange", 120, 1, exchange },
	{ "gmail", 90, 1, gmail },
	{ "generic-dsn", 30, 1, generic_dsn },
	{ "qmail", 70, 0, qmail },
	{ "exim-old", 80, 0, exim_old },
	{ "domino", 30, 0, domino },
	{ "ses-json", 40, 0, ses },
	{ "opensmtpd", 25, 0, opensmtpd },
	{ "postfix-old", 25, 0, postfix_old },
	{ "sendmail-old", 20, 0, sendmail_old },
	{ "unknown", 40, 0, unknown },
	{ "arf", 10, 0, arf },
	{ "autoreply", 10, 0, autoreply },
	{ "notbounce", 20, 0, notbounce },
};
const size_t nshapes = sizeof(shapes) / sizeof(shapes[0]);
