/*
 * test_formats.c: the readers of bounces without a delivery-status part.
 * Each fixture in tests/fixtures/formats/ is an invented notice in the shape
 * one MTA or provider writes; the table below says what the readers must
 * extract from it (before parse.c completes codes and classifies).
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
#define FIXTURES	"tests/fixtures/formats"
#endif

struct want {
	const char	*rcpt;
	const char	*status;	/* NULL: none */
	const char	*reply;		/* NULL: none */
	const char	*diag;		/* prefix, or the whole text when it
					   ends in "$"; NULL: no diagnostic */
	const char	*hint;		/* NULL: none */
	const char	*command;	/* NULL: none */
};

struct fixture {
	const char	*file;
	const char	*format;
	const char	*action;
	size_t		 n;
	struct want	 w[3];
};

static const struct fixture fixtures[] = {
	{ "qmail.eml", "qmail", "failed", 2, {
	    { "bob@example.net", "5.1.1", "550",
	      "198.51.100.7 does not like recipient. Remote host said: 550",
	      NULL, NULL },
	    { "carol@example.com", "5.1.1", NULL,
	      "Sorry, no mailbox here by that name. (#5.1.1)", NULL, NULL } } },
	{ "yahoo.eml", "yahoo", "failed", 1, {
	    { "frank@example.net", "5.2.2", "552", "Remote host said: 552",
	      NULL, NULL } } },
	{ "gmail-failure.eml", "gmail", "failed", 1, {
	    { "gina@example.net", "5.1.1", "550",
	      "Google tried to deliver your message", NULL, NULL } } },
	{ "gmail-delay.eml", "gmail", "delayed", 1, {
	    { "henry@example.net", NULL, NULL,
	      "The recipient server did not accept", NULL, NULL } } },
	{ "googlegroups.eml", "googlegroups", "failed", 1, {
	    { "chess-club@googlegroups.com", NULL, NULL, "Bonjour",
	      "rejected", NULL } } },
	{ "dma.eml", "dma", "failed", 1, {
	    { "ivan@example.net", "5.1.1", "550",
	      "There was an error delivering your mail to <ivan@example.net>",
	      NULL, NULL } } },
	{ "opensmtpd.eml", "opensmtpd", "failed", 1, {
	    { "judy@example.net", "5.2.1", "550", "550 5.2.1 mailbox disabled",
	      NULL, NULL } } },
	{ "zoho.eml", "zoho", "failed", 1, {
	    { "kim@example.net", "5.1.1", "550",
	      "Invalid Address, ERROR_CODE :550", NULL, NULL } } },
	{ "gmx.eml", "gmx", "failed", 2, {
	    { "lena@example.net", "5.2.2", NULL,
	      "SMTP error from remote server after RCPT command:", NULL, NULL },
	    { "mona@example.net", "5.1.1", NULL,
	      "SMTP error from remote server after RCPT command:", NULL,
	      NULL } } },
	{ "einsundeins.eml", "einsundeins", "failed", 1, {
	    { "nina@example.net", NULL, NULL, "Mail size limit exceeded.",
	      NULL, NULL } } },
	{ "mailru.eml", "mailru", "failed", 1, {
	    { "oleg@example.net", NULL, "550",
	      "SMTP error from remote mail server after RCPT TO:", "userunknown",
	      NULL } } },
	{ "mxlogic.eml", "mxlogic", "failed", 1, {
	    { "paul@example.net", "5.1.1", "550", "550 5.1.1 <paul@example.net>",
	      NULL, NULL } } },
	{ "exim.eml", "exim", "failed", 1, {
	    { "quinn@example.net", "5.7.1", "550",
	      "host mx.example.net [198.51.100.2] SMTP error", NULL, NULL } } },
	{ "exim-delay.eml", "exim", "delayed", 1, {
	    { "sam@example.net", "4.3.0", "451", "host mx.example.net", NULL,
	      NULL } } },
	{ "exim-nolist.eml", "exim", "failed", 1, {
	    { "tina@example.net", NULL, NULL, "save to /var/mail/tina", NULL,
	      NULL } } },
	{ "postfix.eml", "postfix", "failed", 1, {
	    { "uma@example.net", "5.1.1", "550",
	      "host mx.example.net[198.51.100.12] said: 550 5.1.1", NULL,
	      NULL } } },
	{ "courier.eml", "courier", "failed", 1, {
	    { "victor@example.net", "5.1.1", "550", "mx.example.net", NULL,
	      NULL } } },
	/* Saved without Return-Path, signed <@>, its report part lost. */
	{ "courier-saved.eml", "courier", "failed", 1, {
	    { "paul@example.net", "5.1.1", "550", "mx.example.net", NULL,
	      NULL } } },
	{ "domino.eml", "domino", "failed", 1, {
	    { "walter@example.net", NULL, NULL, "User Walter Smith", NULL,
	      NULL } } },
	{ "notes.eml", "notes", "failed", 1, {
	    { "xena@example.net", NULL, NULL,
	      "User not listed in public Name & Address Book", NULL, NULL } } },
	{ "exchange2003.eml", "exchange2003", "failed", 1, {
	    { "yuri@example.net", NULL, NULL,
	      "The recipient name is not recognized MSEXCH", NULL, NULL } } },
	{ "exchange2003-text.eml", "exchange2003", "failed", 2, {
	    { "judy@corp.example.org", "5.1.1", NULL,
	      "The e-mail account does not exist", NULL, NULL },
	    { "kim@corp.example.org", "5.2.2", NULL,
	      "The recipient's mailbox is full", NULL, NULL } } },
	{ "office365.eml", "office365", "failed", 1, {
	    { "zack@example.net", "5.1.10", "550",
	      "Remote Server returned '550 5.1.10", NULL, NULL } } },
	/* Saved from a mailbox without Return-Path: the sender and the NDR
	 * header say what it is. */
	{ "office365-saved.eml", "exchange2007", "failed", 1, {
	    { "xavier@example.net", "5.1.10", "550",
	      "Remote Server returned '550 5.1.10", NULL, NULL } } },
	{ "exchange2007.eml", "exchange2007", "failed", 1, {
	    { "amy@corp.example.net", "5.1.1", "550", "#550 5.1.1 RESOLVER",
	      NULL, NULL } } },
	{ "imailserver.eml", "imailserver", "failed", 1, {
	    { "ben@example.net", NULL, NULL,
	      "User mailbox exceeds allowed size", NULL, NULL } } },
	{ "mailmarshal.eml", "mailmarshal", "failed", 2, {
	    { "cleo@example.net", "5.1.1", "550", "550 5.1.1 Mailbox unknown",
	      NULL, NULL },
	    { "dora@example.net", "5.1.1", "550", "550 5.1.1 Mailbox unknown",
	      NULL, NULL } } },
	{ "mfilter.eml", "mfilter", "failed", 1, {
	    { "eve@example.net", "5.1.1", "550",
	      "550 5.1.1 <eve@example.net> unknown user", NULL, "DATA" } } },
	{ "mailfoundry.eml", "mailfoundry", "failed", 1, {
	    { "fred@example.net", NULL, "550",
	      "Unable to deliver message to: <fred@example.net>", NULL,
	      NULL } } },
	{ "kddi.eml", "kddi", "failed", 1, {
	    { "gus@example.dion.ne.jp", NULL, NULL, "Could not be delivered to",
	      NULL, NULL } } },
	{ "ezweb.eml", "ezweb", "failed", 1, {
	    { "hana-example@ezweb.ne.jp", NULL, "550", "Recipient:", NULL,
	      NULL } } },
	{ "biglobe.eml", "biglobe", "failed", 1, {
	    { "iris@example.biglobe.ne.jp", NULL, NULL,
	      "The recipient's mailbox is full", NULL, NULL } } },
	{ "trendmicro.eml", "trendmicro", "failed", 1, {
	    { "jack@example.net", "5.1.1", "550", "Sent <<< RCPT TO:", NULL,
	      NULL } } },
	{ "verizon.eml", "verizon", "failed", 1, {
	    { "5550100@vzwpix.com", NULL, NULL,
	      "Message could not be delivered to mobile.", NULL, NULL } } },
	{ "activehunter.eml", "activehunter", "failed", 1, {
	    { "kurt@example.net", "5.1.1", "550", "<kurt@example.net> 550",
	      NULL, NULL } } },
	{ "sendmail.eml", "sendmail", "failed", 1, {
	    { "liam@example.net", "5.1.1", "550", "(reason: 550 5.1.1", NULL,
	      NULL } } },
	{ "sendmail-v5.eml", "sendmail", "failed", 3, {
	    { "max@example.net", NULL, "553", "Remote protocol error 553",
	      NULL, "MAIL" },
	    { "ned@other.example.com", NULL, "550", "550 Host unknown", NULL,
	      NULL },
	    { "otto@example.net", NULL, "550", "550 <otto@example.net>", NULL,
	      "RCPT" } } },
	{ "postfix-transcript.eml", "postfix", "failed", 1, {
	    { "pia@example.org", "4.3.1", "452", "452 4.3.1 Insufficient",
	      NULL, "DATA" } } },
	{ "apachejames.eml", "apachejames", "failed", 1, {
	    { "5550111@sms.example.net", NULL, "550",
	      "550 - Requested action not taken", NULL, NULL } } },
	{ "fml.eml", "fml", "failed", 1, {
	    { "club@lists.example.org", NULL, NULL,
	      "You are not a member of this mailing list", "rejected",
	      NULL } } },
	{ "amazonses.eml", "amazonses", "failed", 2, {
	    { "ruth@example.net", "5.1.1", "550", "550 5.1.1 <ruth@example.net>",
	      NULL, NULL },
	    { "saul@example.net", "5.2.2", "552", "552 5.2.2 mailbox full", NULL,
	      NULL } } },
	{ "amazonses-delivery.eml", "amazonses", "delivered", 1, {
	    { "uri@example.net", "2.6.0", "250", "250 2.6.0 Message received",
	      "delivered", NULL } } },
	/* SES event publishing's DeliveryDelay, an address with a display
	 * name; a complaint is feedback with no action, as an ARF report. */
	{ "amazonses-delay.eml", "amazonses", "delayed", 1, {
	    { "tina@example.net", "4.2.2", "452", "452 4.2.2 Mailbox full",
	      "mailboxfull", NULL } } },
	{ "amazonses-complaint.eml", "amazonses", NULL, 1, {
	    { "umar@example.net", NULL, NULL, NULL, "feedback", NULL } } },
	{ "amazonworkmail.eml", "amazonworkmail", "failed", 1, {
	    { "vera@example.net", "5.1.1", "550", "550 5.1.1 <vera@example.net>",
	      NULL, NULL } } },
	{ "messagingserver.eml", "rfc3464", "failed", 1, {
	    { "will@example.net", "5.1.1", "550",
	      "550 5.1.1 unknown or illegal alias", NULL, NULL } } },
	{ "sendgrid.eml", "sendgrid", "failed", 1, {
	    { "carl@example.net", "5.1.1", "550",
	      "198.51.100.80 : mx.example.net", NULL, NULL } } },
	{ "mcafee.eml", "mcafee", "failed", 1, {
	    { "dina@example.net", NULL, NULL, "(Unknown user dina@example.net)",
	      NULL, NULL } } },
	{ "surfcontrol.eml", "surfcontrol", "failed", 1, {
	    { "emil@example.net", NULL, "550", "[198.51.100.90], 550 emil@",
	      NULL, NULL } } },
	{ "barracuda.eml", "barracuda", "failed", 1, {
	    { "fiona@example.net", NULL, NULL,
	      "Your message to: fiona@example.net was blocked", NULL, NULL } } },
	{ "powermta.eml", "powermta", "failed", 1, {
	    { "gail@example.net", NULL, NULL,
	      "delivery failed; will not continue trying", NULL, NULL } } },
	{ "amavis.eml", "amavis", "failed", 1, {
	    { "hugo@example.net", "5.7.1", "554", "[127.0.0.1] said: 554 5.7.1",
	      NULL, NULL } } },
	{ "yandex.eml", "yandex", "failed", 1, {
	    { "ivan.p@example.net", "5.2.2", "552",
	      "host mx.example.net[198.51.100.100] said: 552", NULL, NULL } } },
	{ "amazonses-text.eml", "amazonses", "failed", 1, {
	    { "jonas@example.net", NULL, NULL, NULL, NULL, NULL } } },
	{ "exchange2007-it.eml", "exchange2007", "failed", 1, {
	    { "luca@example.it", "5.1.1", "550", "Remote Server returned '550",
	      NULL, NULL } } },
	{ "generic-en.eml", "generic", "failed", 1, {
	    { "xavier@example.net", "5.1.1", "550",
	      "Connected to 198.51.100.90 but the recipient was rejected.",
	      NULL, NULL } } },
	{ "generic-smail.eml", "generic", "failed", 1, {
	    { "zeno@nohost.example.net", NULL, NULL, "unknown host", NULL,
	      NULL } } },
	{ "generic-de.eml", "generic", "failed", 1, {
	    { "tom@example.de", NULL, NULL, "Benutzer unbekannt", "userunknown",
	      NULL } } },
	{ "generic-fr.eml", "generic", "failed", 1, {
	    { "lea@example.fr", NULL, NULL, "Message trop volumineux",
	      "mesgtoobig", NULL } } },
	{ "generic-es.eml", "generic", "delayed", 1, {
	    { "pablo@example.es", "4.4.1", "451", "451 4.4.1 No se puede",
	      NULL, NULL } } },
	{ "generic-ja.eml", "generic", "failed", 1, {
	    { "rei@example.jp", NULL, NULL,
	      "\xe5\xae\x9b\xe5\x85\x88: rei@example.jp", "mailboxfull",
	      NULL } } },
	{ "generic-ru.eml", "generic", "failed", 1, {
	    { "sasha@example.ru", NULL, NULL,
	      "\xd0\x9f\xd0\xbe\xd1\x87\xd1\x82\xd0\xbe\xd0\xb2\xd1\x8b\xd0\xb9",
	      "mailboxfull", NULL } } },
	/* HTML only: the readers read it converted to text (html.c). */
	{ "googlegroups-html.eml", "googlegroups", "failed", 1, {
	    { "garden-club@googlegroups.com", NULL, NULL,
	      "Hello nora@example.org, We're writing to let you know",
	      "rejected", NULL } } },
	/* Gmail since 2016, without X-Failed-Recipients: the recipient from
	 * the sentence under the headline. */
	{ "gmail-2016-blocked.eml", "gmail", "failed", 1, {
	    { "pavel@example.net", "5.7.1", "554",
	      "Your message to pavel@example.net has been blocked.", NULL,
	      NULL } } },
	{ "gmail-2016-delay.eml", "gmail", "delayed", 1, {
	    { "quinn@example.net", "4.3.0", "451",
	      "There was a temporary problem delivering your message to",
	      NULL, NULL } } },
	/* An Exchange NDR quoting a Barracuda reputation rejection is still
	 * Exchange's, with both recipients' reasons. */
	{ "exchange2016-brbl.eml", "exchange2007", "failed", 2, {
	    { "sam@example.net", NULL, "554",
	      "Remote Server returned '554 Service unavailable", NULL, NULL },
	    { "tara@example.com", "5.1.1", "550",
	      "Remote Server returned '550 5.1.1", NULL, NULL } } },
	/* Office 365 since 2019: no "Generating server:"; the reported error
	 * is the diagnostic.  As text, and sent only as HTML. */
	{ "office365-2019.eml", "office365", "failed", 1, {
	    { "victor@example.net", "5.2.2", "552",
	      "Reported error: 552 5.2.2 mailbox full; quota exceeded for "
	      "victor@example.net", NULL, NULL } } },
	{ "office365-2019-html.eml", "office365", "failed", 1, {
	    { "wendy@example.net", "5.1.10", "550",
	      "Status code: 550 5.1.10 Reported error: 550 5.1.10 "
	      "RESOLVER.ADR.RecipientNotFound; Recipient not found by SMTP "
	      "address lookup", NULL, NULL } } },
	{ "office365-2019-emptytext.eml", "office365", "failed", 1, {
	    { "yusuf@example.net", "5.2.2", "552",
	      "Reported error: 552 5.2.2 Mailbox full <yusuf@example.net>",
	      NULL, NULL } } },
	/* Google Groups of a Workspace domain, without X-Failed-Recipients:
	 * the group is the returned To named in the notice. */
	{ "googlegroups-workspace.eml", "googlegroups", "failed", 1, {
	    { "sales-team@example.org", NULL, NULL,
	      "Hello xavi@example.org, We're writing", "rejected", NULL } } },
	/* McAfee Email Gateway with DSN fields as text: its list's reasons
	 * are kept (the fields carry no Diagnostic-Code). */
	{ "mcafee-meg-fields.eml", "mcafee", "failed", 2, {
	    { "zack@example.net", "4.2.2", NULL,
	      "(Mailbox full zack@example.net) Status: 4.2.2", NULL, NULL },
	    { "abby@example.net", "5.7.1", "550",
	      "(550 5.7.1 Relaying denied)", NULL, NULL } } },
	/* Sendmail 8 without a DSN: the listed recipient (a Bcc) is refused
	 * at DATA; the returned message's To is someone else. */
	{ "sendmail-data-bcc.eml", "sendmail", "failed", 1, {
	    { "oscar@example.net", "5.7.1", "554",
	      "554 5.7.1 Rejected: message looks like spam", NULL, "DATA" } } },
	/* Two sessions: one refused at MAIL FROM, one at RCPT. */
	{ "sendmail-two-sessions.eml", "sendmail", "failed", 2, {
	    { "quentin@example.com", "5.1.1", "550",
	      "550 5.1.1 <quentin@example.com>... User unknown", NULL,
	      "RCPT" },
	    { "paula@example.net", NULL, "554",
	      "554 Service unavailable; Client host [203.0.113.44] blocked",
	      NULL, "MAIL" } } },
	/* Local names and a program, reported as the aliases they were
	 * expanded from. */
	{ "sendmail-expanded.eml", "sendmail", "failed", 2, {
	    { "orders@example.org", "5.1.1", "550",
	      "550 5.1.1 rudi... User unknown", NULL, NULL },
	    { "intake@example.org", "5.0.0", "554",
	      "554 5.0.0 Service unavailable", NULL, NULL } } },
	/* A warning: the transient list is only delayed. */
	{ "sendmail-transient.eml", "sendmail", "delayed", 1, {
	    { "sven@example.net", "4.2.2", "452", "452 4.2.2 Mailbox over quota",
	      NULL, "RCPT" } } },
	/* The queue gave up: expired, whatever the last reply said. */
	{ "sendmail-expired.eml", "sendmail", "failed", 1, {
	    { "ulla@example.com", "4.3.0", "451",
	      "451 4.3.0 Temporary system failure. Please try again later. "
	      "Message could not be delivered for 5 days", "expired",
	      NULL } } },
	/* Sendmail 5 names the address without brackets; the returned
	 * message's first To is someone else. */
	{ "sendmail5-bare-address.eml", "sendmail", "failed", 1, {
	    { "pia@gone.example", NULL, "550", "550 pia@gone.example... Host "
	      "unknown", NULL, NULL } } },
	/* MDaemon's timestamped session transcript. */
	{ "mdaemon-permanent.eml", "mdaemon", "failed", 1, {
	    { "vera@example.net", "5.1.1", "550",
	      "550 5.1.1 <vera@example.net>: Recipient address rejected",
	      NULL, "RCPT" } } },
	{ "mdaemon-warning.eml", "mdaemon", "delayed", 1, {
	    { "walt@example.net", "4.2.2", "452", "452 4.2.2 Mailbox full",
	      NULL, "RCPT" } } },
	/* Exchange 5.5 names the recipient by its display name only: the
	 * returned message's To entry of that name, not its first one. */
	/* Exim: a pipe item ends the previous recipient's text; the
	 * address it was generated by is a recipient of its own. */
	{ "exim-pipe.eml", "exim", "failed", 2, {
	    { "yann@example.net", NULL, NULL,
	      "all hosts for 'example.net' have been failing", NULL, NULL },
	    { "tickets@example.org", NULL, NULL,
	      "pipe to |/usr/local/bin/tickets-import generated by "
	      "tickets@example.org local delivery failed", NULL, NULL } } },
	/* Exim, cut off in its list: X-Failed-Recipients names the rest. */
	{ "exim-truncated.eml", "exim", "failed", 2, {
	    { "yann@example.net", "5.1.1", "550", "host mx.example.net", NULL,
	      NULL },
	    { "zora@example.net", NULL, NULL, NULL, NULL, NULL } } },
	{ "exchange55-displayname.eml", "generic", "failed", 1, {
	    { "xenia@example.net", NULL, NULL, "Your message",
	      NULL, NULL } } },
	/* Unknown MTAs whose failure sentence has words between the negation
	 * and the verb, and reasons said with words in between. */
	{ "generic-fr-delivre.eml", "generic", "failed", 1, {
	    { "margot@example.fr", "5.2.2", "552",
	      "Bo\xc3\xaete aux lettres du destinataire pleine", "mailboxfull",
	      NULL } } },
	{ "generic-es-entregar.eml", "generic", "failed", 2, {
	    { "ramon@example.es", "5.1.1", "550", "La cuenta no existe", NULL,
	      NULL },
	    { "sara@example.es", "4.2.2", "452", "El buz\xc3\xb3n del",
	      "mailboxfull", NULL } } },
	{ "generic-it-consegnato.eml", "generic", "failed", 1, {
	    { "teo@example.it", NULL, NULL, "casella di posta elettronica",
	      "userunknown", NULL } } },
	{ "generic-de-postfach.eml", "generic", "failed", 1, {
	    { "uwe@example.de", NULL, NULL, "Empf\xc3\xa4nger: uwe@example.de",
	      "mailboxfull", NULL } } },
	{ "generic-ru-adresat.eml", "generic", "failed", 1, {
	    { "vera@example.ru", NULL, NULL,
	      "\xd0\x90\xd0\xb4\xd1\x80\xd0\xb5\xd1\x81\xd0\xb0\xd1\x82: "
	      "vera@example.ru", "mailboxfull", NULL } } },
	{ "generic-pt-lotada.eml", "generic", "failed", 1, {
	    { "bia@example.com.br", NULL, NULL, "Destinat\xc3\xa1rio: bia@",
	      "mailboxfull", NULL } } },
	{ "generic-nl-postvak.eml", "generic", "failed", 1, {
	    { "joost@example.nl", NULL, NULL, "Ontvanger: joost@example.nl",
	      "mailboxfull", NULL } } },
	{ "generic-ja-wa.eml", "generic", "failed", 1, {
	    { "09000001111-example@example.jp", NULL, NULL,
	      "\xe5\xae\x9b\xe5\x85\x88: 09000001111-example@example.jp",
	      "userunknown", NULL } } },
	{ "domino-de.eml", "domino", "failed", 1, {
	    { "lars@example.de", NULL, NULL, "Benutzer lars (lars@example.de)",
	      "userunknown", NULL } } },
	/* Block engine layouts: a run of bare addresses sharing the text that
	 * follows; addresses listed by label, then again with their errors;
	 * reasons written before their addresses. */
	{ "gmail-two-shared.eml", "gmail", "failed", 2, {
	    { "nora@example.net", "5.7.1", "554", "Google tried to deliver",
	      NULL, NULL },
	    { "otto@example.net", "5.7.1", "554", "Google tried to deliver",
	      NULL, NULL } } },
	{ "surfcontrol-two.eml", "surfcontrol", "failed", 2, {
	    { "paula@example.net", "5.1.1", "550", "[203.0.113.45], 550 5.1.1",
	      NULL, NULL },
	    { "quinn@example.net", "4.2.2", "452", "[203.0.113.45], 452 4.2.2",
	      NULL, NULL } } },
	{ "notes-two.eml", "notes", "failed", 2, {
	    { "rosa@example.net", NULL, NULL,
	      "User not listed in public Name & Address Book", NULL, NULL },
	    { "sam@example.net", NULL, "552", "Unable to deliver, destination",
	      NULL, NULL } } },
	/* Final-Recipient with a comment or a display name; the second
	 * recipient has no Action field (its 5.x status means failed). */
	{ "rfc3464-display-name-noaction.eml", "rfc3464", "failed", 2, {
	    { "hal@example.net", "5.2.2", "552", "552 5.2.2 Quota exceeded",
	      NULL, NULL },
	    { "jill@example.net", "5.1.1", "550", "550 5.1.1 No such user",
	      NULL, NULL } } },
	/* Sendmail 5: the session failed after the message; each
	 * recipient's "Service unavailable" line gets the server's reply. */
	{ "sendmail5-data-refused.eml", "sendmail", "failed", 2, {
	    { "tim@example.net", NULL, "554", "554 Message refused: 192.0.2.1",
	      NULL, "DATA" },
	    { "una@example.net", NULL, "554", "554 Message refused: 192.0.2.1",
	      NULL, "DATA" } } },
	/* amavisd-new's notice to the sender: the finding above the "->"
	 * list is each recipient's diagnostic; what follows the list is
	 * not. */
	{ "amavis-alert-list.eml", "amavis", "failed", 2, {
	    { "una@example.org", NULL, NULL, "BANNED CONTENTS ALERT Our "
	      "content checker found banned name: .scr,invoice.scr in email "
	      "presumably from you <tom@example.com> to the following "
	      "recipients:", NULL, NULL },
	    { "vic@example.org", NULL, NULL, "BANNED CONTENTS ALERT Our "
	      "content checker found banned name: .scr,invoice.scr in email "
	      "presumably from you <tom@example.com> to the following "
	      "recipients:$", NULL, NULL } } },
	/* OpenSMTPD 6's delay warning: the reply, not the closing
	 * paragraph. */
	{ "opensmtpd-delay.eml", "opensmtpd", "delayed", 1, {
	    { "xavier@example.net", "4.2.1", "450", "450 4.2.1 Mailbox "
	      "temporarily unavailable, try later$", NULL, NULL } } },
	/* Office 365's delay notice: what the remote server returned. */
	{ "office365-delayed.eml", "office365", "delayed", 1, {
	    { "yara@example.net", "4.4.316", "450", "Remote Server at "
	      "mx.example.net (198.51.100.61) returned '450 4.4.316 "
	      "Connection refused [Message=Socket error code 10061]' 3/5/2025 "
	      "8:12:39 AM - Remote Server at mx.example.net (198.51.100.61) "
	      "returned '450 4.4.316 Connection refused'$", NULL, NULL } } },
	/* Exchange's plain "Delivery Status Notification" text. */
	{ "exchange2010-dsn-delay.eml", "exchange2007", "delayed", 1, {
	    { "zeno@example.net", NULL, NULL, "Delivery to the following "
	      "recipients has been delayed.$", NULL, NULL } } },
	{ "exchange2003-dsn-failed.eml", "exchange2003", "failed", 2, {
	    { "abe@example.net", NULL, NULL, "Delivery to the following "
	      "recipients failed.", NULL, NULL },
	    { "bea@example.org", NULL, NULL, "Delivery to the following "
	      "recipients failed.", NULL, NULL } } },
	/* Barracuda: several addresses on the "Your message to:" line. */
	{ "barracuda-two.eml", "barracuda", "failed", 3, {
	    { "cody@example.net", NULL, NULL, "Your message to: "
	      "cody@example.net, dina@example.net; eli@example.org was "
	      "blocked by our Spam Firewall.", NULL, NULL },
	    { "dina@example.net", NULL, NULL, "Your message to:", NULL, NULL },
	    { "eli@example.org", NULL, NULL, "Your message to:", NULL,
	      NULL } } },
	/* Zoho sent only as HTML. */
	{ "zoho-html.eml", "zoho", "failed", 1, {
	    { "fay@example.net", "5.2.2", "552", "Reason: 552 5.2.2 "
	      "<fay@example.net>: Mailbox full$", NULL, NULL } } },
	/* Apache James 2.3 borrows qmail's apology; its recipients share
	 * the one error message after them. */
	{ "apachejames-23.eml", "apachejames", "failed", 2, {
	    { "gil@example.net", "5.7.1", "554", "554 5.7.1 Service "
	      "unavailable; Client host [192.0.2.77] blocked using "
	      "bl.example.org$", NULL, NULL },
	    { "hal@example.net", "5.7.1", "554", "554 5.7.1 Service "
	      "unavailable; Client host [192.0.2.77] blocked using "
	      "bl.example.org$", NULL, NULL } } },
	/* IMail: "Delivery failed N attempts:", and IMail 12's X-Mailer. */
	{ "imailserver-attempts.eml", "imailserver", "failed", 1, {
	    { "ivy@example.net", "4.2.2", "452", "Delivery failed 12 attempts: "
	      "ivy@example.net 452 4.2.2", NULL, NULL } } },
	{ "imailserver-12.eml", "imailserver", "failed", 1, {
	    { "kai@example.com", NULL, NULL, "Unknown user: kai@example.com",
	      NULL, NULL } } },
	/* Messaging Server's text without its report part. */
	{ "messagingserver-text.eml", "messagingserver", "failed", 2, {
	    { "max@example.net", "5.1.1", "550", "Reason: Remote SMTP server "
	      "has rejected address Diagnostic code: smtp;550 5.1.1", NULL,
	      NULL },
	    { "ned@example.com", NULL, NULL, "Reason: Over quota", NULL,
	      NULL } } },
	/* Exim with its texts in German. */
	{ "exim-german.eml", "exim", "failed", 1, {
	    { "ole@example.net", "5.1.1", "550", "host mx.example.net "
	      "[198.51.100.12] SMTP error from remote mail server after RCPT "
	      "TO:<ole@example.net>:", NULL, NULL } } },
	/* An unknown MTA lists three addresses and quotes the replies of two:
	 * the third, named only in the list, is kept, with the list's text
	 * (and the first codes in it: the notice does not say which is his). */
	{ "generic-list-some-replies.eml", "generic", "failed", 3, {
	    { "ann@shop.example.net", "5.1.1", "550", "550 5.1.1 "
	      "<ann@shop.example.net>: Recipient address rejected: User "
	      "unknown$", NULL, NULL },
	    { "cal@shop.example.net", "5.1.1", "550", "550 5.1.1 "
	      "<cal@shop.example.net>: Recipient address rejected: User "
	      "unknown$", NULL, NULL },
	    { "ben@shop.example.net", "5.1.1", "550", "Technical details of the "
	      "failure:", NULL, NULL } } },
};

/* ---- helpers ------------------------------------------------------------------ */

static char *
slurp(const char *name, size_t *len)
{
	const char	*dir = getenv("top_srcdir");
	char		 path[1024];
	struct buf	 b = { 0 };
	char		 tmp[8192];
	size_t		 n;
	FILE		*f;

	if (dir != NULL)
		snprintf(path, sizeof(path), "%s/tests/fixtures/formats/%s",
		    dir, name);
	else
		snprintf(path, sizeof(path), "%s/%s", FIXTURES, name);
	f = fopen(path, "rb");
	if (f == NULL)
		fail_msg("cannot open %s", path);
	while ((n = fread(tmp, 1, sizeof(tmp), f)) > 0)
		buf_add(&b, tmp, n);
	fclose(f);
	*len = b.len;
	return b.s;
}

/* Codes from the diagnostic, as parse.c completes every record. */
static void
fill_codes(struct bv_record *r)
{
	char	 st[16], rc[4];

	if (bv_code_status(r->status, r->diagnostic, st)) {
		free(r->status);
		r->status = xstrdup(st);
	}
	if (r->reply_code == NULL && bv_code_reply(r->diagnostic, rc))
		r->reply_code = xstrdup(rc);
}

/* Run the readers in order as parse.c does; the winner's name or NULL. */
static const char *
read_with(const struct bv_msg *m, struct bv_reclist *out)
{
	size_t	 i, k;

	for (i = 0; bv_readers[i] != NULL; i++) {
		if (!bv_readers[i]->claims(m))
			continue;
		if (bv_readers[i]->extract(m, out) == 0 && out->n > 0) {
			for (k = 0; k < out->n; k++)
				fill_codes(&out->v[k]);
			return bv_readers[i]->name;
		}
		bv_reclist_free(out);
	}
	return NULL;
}

static void
check_str(const char *what, const char *file, const char *want,
    const char *got)
{
	if (want == NULL && got == NULL)
		return;
	if (want == NULL || got == NULL || strcmp(want, got) != 0)
		fail_msg("%s: %s: want \"%s\", got \"%s\"", file, what,
		    want ? want : "(null)", got ? got : "(null)");
}

/* Does GOT begin with WANT (or equal it, when WANT ends in "$")? */
static int
diag_is(const char *want, const char *got)
{
	size_t	 n = strlen(want);
	int	 whole = n > 0 && want[n - 1] == '$';

	if (got == NULL || strncmp(got, want, whole ? n - 1 : n) != 0)
		return 0;
	return !whole || strlen(got) == n - 1;
}

static void
check_fixture(const struct fixture *fx)
{
	struct bv_reclist	 out = { 0 };
	struct bv_msg		*m;
	const char		*rd;
	char			*bytes;
	size_t			 len, i;

	bytes = slurp(fx->file, &len);
	m = bv_msg_new(bytes, len);
	rd = read_with(m, &out);
	if (rd == NULL)
		fail_msg("%s: no reader extracted anything", fx->file);
	if (out.n != fx->n)
		fail_msg("%s: want %zu records, got %zu", fx->file, fx->n,
		    out.n);
	for (i = 0; i < out.n; i++) {
		const struct bv_record	*r = &out.v[i];
		const struct want	*w = &fx->w[i];

		check_str("format", fx->file, fx->format, r->format != NULL ?
		    r->format : rd);
		check_str("recipient", fx->file, w->rcpt, r->recipient);
		check_str("action", fx->file, fx->action, r->action);
		check_str("status", fx->file, w->status, r->status);
		check_str("reply code", fx->file, w->reply, r->reply_code);
		check_str("hint", fx->file, w->hint, r->hint_reason);
		check_str("command", fx->file, w->command, r->command);
		if (w->diag == NULL)
			check_str("diagnostic", fx->file, NULL, r->diagnostic);
		else if (!diag_is(w->diag, r->diagnostic))
			fail_msg("%s: diagnostic: want \"%s...\", got \"%s\"",
			    fx->file, w->diag, r->diagnostic ? r->diagnostic :
			    "(null)");
	}
	bv_reclist_free(&out);
	bv_msg_free(m);
	free(bytes);
}

static void
test_fixture(void **state)
{
	check_fixture(*state);
}

/* No reader of this file reads records out of mail that is no bounce (the
 * cheap claims() may say yes; extract() must then find nothing). */
static int
fmt_reader(const struct bv_reader *r)
{
	return r == &bv_reader_amazonses || r == &bv_reader_dsntext ||
	    r == &bv_reader_transcript || r == &bv_reader_block ||
	    r == &bv_reader_generic;
}

static void
test_not_bounces(void **state)
{
	static const char *const files[] = {
		"not-newsletter.eml", "not-vacation.eml"
	};
	struct bv_reclist	 out = { 0 };
	struct bv_msg		*m;
	char			*bytes;
	size_t			 len, i, k;

	(void)state;
	for (k = 0; k < sizeof(files) / sizeof(files[0]); k++) {
		bytes = slurp(files[k], &len);
		m = bv_msg_new(bytes, len);
		for (i = 0; bv_readers[i] != NULL; i++)
			if (fmt_reader(bv_readers[i]) &&
			    bv_readers[i]->claims(m) &&
			    (bv_readers[i]->extract(m, &out) == 0 || out.n > 0))
				fail_msg("%s: read by %s", files[k],
				    bv_readers[i]->name);
		bv_msg_free(m);
		free(bytes);
	}
}

/* The text-block reader looks only at the variants its body scan lets in:
 * for every fixture and every variant, the same answer as when every
 * variant's tests are looked at. */
static void
test_variants_let_in(void **state)
{
	static const char *const more[] = {
		"not-newsletter.eml", "not-vacation.eml"
	};
	struct bv_msg	*m;
	const char	*file;
	char		*bytes;
	size_t		 len, f, i, nfx = sizeof(fixtures) / sizeof(fixtures[0]);
	int		 yes = 0;

	(void)state;
	for (f = 0; f < nfx + sizeof(more) / sizeof(more[0]); f++) {
		file = f < nfx ? fixtures[f].file : more[f - nfx];
		bytes = slurp(file, &len);
		m = bv_msg_new(bytes, len);
		for (i = 0; bv_fmt_variant_name(i) != NULL; i++) {
			int full = bv_fmt_variant_identified(m, i, 0);

			if (bv_fmt_variant_identified(m, i, 1) != full)
				fail_msg("%s: variant %zu (%s): quick answer "
				    "differs", file, i, bv_fmt_variant_name(i));
			yes += full;
		}
		bv_msg_free(m);
		free(bytes);
	}
	/* The fixtures are notices of many variants. */
	assert_true(yes > 20);
}

/* A notice that presents itself as a bounce the way the readers see one
 * (fmt_text.c: an Exchange NDR header and sender, no Return-Path) but that
 * no reader can read is reported as unreadable, never dropped; list mail with
 * a failure subject stays no bounce. */
static void
test_unreadable_says_why(void **state)
{
	static const char ndr[] =
	    "From: Microsoft Outlook <MicrosoftExchange0a1b2c3d@example.org>\n"
	    "To: alice@example.org\n"
	    "Subject: Undeliverable: plan\n"
	    "X-MS-Exchange-Message-Is-Ndr:\n"
	    "Content-Type: text/plain\n\n"
	    "Something went wrong.\n";
	static const char parcel[] =
	    "From: Parcels <no-reply@parcels.example.com>\n"
	    "To: alice@example.org\n"
	    "Subject: Delivery failed: we could not deliver your parcel\n"
	    "List-Unsubscribe: <mailto:u@parcels.example.com>\n"
	    "Content-Type: text/plain\n\n"
	    "We will try again tomorrow.\n";
	struct bv_msgloc	 loc = { 0 };
	struct bv_reclist	 out = { 0 };

	(void)state;
	assert_int_equal(bv_parse_message(ndr, sizeof(ndr) - 1, &loc, &out),
	    BV_MSG_UNREADABLE);
	assert_int_equal(out.n, 1);
	assert_non_null(out.v[0].error);
	assert_true(strncmp(out.v[0].error, "unreadable: ", 12) == 0);
	bv_reclist_free(&out);
	assert_int_equal(bv_parse_message(parcel, sizeof(parcel) - 1, &loc,
	    &out), BV_MSG_NOTBOUNCE);
	assert_int_equal(out.n, 0);
	bv_reclist_free(&out);
}

/* ---- messages built by hand ------------------------------------------------ */

struct tmsg {
	struct bv_msg		 m;
	struct bv_header	 h[8];
	struct bv_part		 p[2];
};

/* A message with headers HDRS ("Name", "value", ..., NULL) and one text
 * part TEXT (and, when ORIG is not NULL, a returned message part). */
static struct tmsg *
tmsg_new(const char *const *hdrs, const char *text, const char *orig)
{
	struct tmsg	*t = xcalloc(1, sizeof(*t));
	size_t		 i;

	for (i = 0; hdrs[i] != NULL && hdrs[i + 1] != NULL && i / 2 < 8;
	    i += 2) {
		t->h[i / 2].name = xstrdup(hdrs[i]);
		t->h[i / 2].value = xstrdup(hdrs[i + 1]);
		t->m.nhdrs++;
	}
	t->m.hdrs = t->h;
	t->m.parts = t->p;
	t->p[0].type = xstrdup("text/plain");
	t->p[0].text = xstrdup(text);
	t->p[0].len = strlen(text);
	t->m.nparts = 1;
	if (orig != NULL) {
		t->p[1].type = xstrdup("message/rfc822");
		t->p[1].text = xstrdup(orig);
		t->p[1].len = strlen(orig);
		t->p[1].in_original = 1;
		t->m.nparts = 2;
	}
	return t;
}

static void
tmsg_free(struct tmsg *t)
{
	size_t	 i;

	for (i = 0; i < t->m.nhdrs; i++) {
		free(t->h[i].name);
		free(t->h[i].value);
	}
	for (i = 0; i < t->m.nparts; i++) {
		free(t->p[i].type);
		free(t->p[i].text);
	}
	free(t);
}

static const char *const bounce_hdrs[] = {
	"Return-Path", "<>", "From", "Mail Delivery System <MAILER-DAEMON@mx.example.org>",
	"To", "alice@example.org", "Subject", "Undelivered mail", NULL
};

/* ---- unit tests ------------------------------------------------------------- */

static void
test_lines(void **state)
{
	static const char text[] = "one\r\ntwo\rthree\n\nfour";
	const char	*want[] = { "one", "two", "three", "", "four" };
	struct bv_line	 l;
	size_t		 pos = 0, k = 0;

	(void)state;
	while (bv_fmt_line(text, sizeof(text) - 1, &pos, &l)) {
		assert_true(k < 5);
		assert_int_equal(l.len, strlen(want[k]));
		assert_memory_equal(l.s, want[k], l.len);
		k++;
	}
	assert_int_equal(k, 5);
}

static void
test_addr(void **state)
{
	char	 a[BV_FMT_ADDR_MAX];
	size_t	 alen;
	char	 big[400];

	(void)state;
	assert_int_equal(bv_fmt_addr("bob@example.net>", 16, a, sizeof(a)),
	    15);
	assert_string_equal(a, "bob@example.net");
	/* A sentence's full stop is not part of the domain. */
	assert_int_equal(bv_fmt_addr("bob@example.net.", 16, a, sizeof(a)),
	    15);
	assert_int_equal(bv_fmt_addr("root@localhost", 14, a, sizeof(a)), 0);
	assert_int_equal(bv_fmt_addr("x@[192.0.2.1]", 13, a, sizeof(a)), 13);
	assert_int_equal(bv_fmt_addr("@example.net", 12, a, sizeof(a)), 0);
	assert_int_equal(bv_fmt_addr(".bob@example.net", 16, a, sizeof(a)), 0);
	memset(big, 'a', sizeof(big));
	memcpy(big + 300, "@example.net", 12);
	assert_int_equal(bv_fmt_addr(big, 312, a, sizeof(a)), 0);
	assert_non_null(bv_fmt_find_addr("said: <carol@example.com>: no", 29,
	    a, sizeof(a), &alen));
	assert_string_equal(a, "carol@example.com");
	assert_int_equal(alen, 17);
	assert_null(bv_fmt_find_addr("no address @ here", 17, a, sizeof(a),
	    NULL));
}

static void
test_find(void **state)
{
	static const char *const n[] = { "zeta", "BETA", NULL };
	const char	*hay = "alpha beta gamma zeta";
	size_t		 which = 9;

	(void)state;
	assert_ptr_equal(bv_fmt_find(hay, strlen(hay), "GAMMA"), hay + 11);
	assert_null(bv_fmt_find(hay, 10, "gamma"));
	assert_null(bv_fmt_find(hay, strlen(hay), "delta"));
	/* The earliest match wins, whatever the list order. */
	assert_ptr_equal(bv_fmt_find_any(hay, strlen(hay), n, &which),
	    hay + 6);
	assert_int_equal(which, 1);
	assert_true(bv_fmt_prefix("Final-Recipient: x", 18,
	    "final-recipient:"));
	assert_false(bv_fmt_prefix("Final", 5, "final-recipient:"));
}

static void
test_original_at(void **state)
{
	static const char t1[] = "failed:\n<a@example.net>: no\n\n"
	    "--- Below this line is a copy of the message.\n\nTo: b@example.net\n";
	static const char t2[] = "failed:\n  a@example.net\n"
	    "Received: from x.example.org\nTo: b@example.net\n";
	static const char t3[] = "The original message was received at noon\n"
	    "a@example.net\n";
	static const char t4[] = "x\n----- Original message -----\ny\n";

	(void)state;
	assert_int_equal(bv_fmt_original_at(t1, sizeof(t1) - 1),
	    strstr(t1, "---") - t1);
	assert_int_equal(bv_fmt_original_at(t2, sizeof(t2) - 1),
	    strstr(t2, "Received") - t2);
	/* Sendmail's opening sentence is not the returned message. */
	assert_int_equal(bv_fmt_original_at(t3, sizeof(t3) - 1),
	    sizeof(t3) - 1);
	assert_int_equal(bv_fmt_original_at(t4, sizeof(t4) - 1), 2);
}

/* The failure sentences of unknown MTAs, with words between the negation
 * and the verb, and sentences that only look alike. */
static void
says_failure_rows(void)
{
	static const struct {
		const char	*text;
		int		 failure;
	} t[] = {
		{ "Votre message n'a pu \xc3\xaatre d\xc3\xa9livr\xc3\xa9", 1 },
		{ "n'a pas pu \xc3\xaatre distribu\xc3\xa9", 1 },
		{ "\xc3\x89" "chec de la remise du message", 1 },
		{ "No se ha podido entregar el mensaje", 1 },
		{ "Il messaggio non \xc3\xa8 stato consegnato", 1 },
		{ "Impossibile recapitare il messaggio", 1 },
		{ "konnte nicht an alle Empf\xc3\xa4nger zugestellt werden", 1 },
		{ "\xd0\x92\xd0\xb0\xd1\x88\xd0\xb5 \xd0\xbf\xd0\xb8\xd1\x81\xd1\x8c"
		  "\xd0\xbc\xd0\xbe \xd0\xbd\xd0\xb5 \xd0\xb1\xd1\x8b\xd0\xbb\xd0\xbe "
		  "\xd0\xb4\xd0\xbe\xd1\x81\xd1\x82\xd0\xb0\xd0\xb2\xd0\xbb\xd0\xb5"
		  "\xd0\xbd\xd0\xbe", 1 },		/* не было доставлено */
		{ "\xd0\x9d\xd0\xb5 \xd1\x83\xd0\xb4\xd0\xb0\xd0\xbb\xd0\xbe\xd1\x81"
		  "\xd1\x8c \xd0\xb4\xd0\xbe\xd1\x81\xd1\x82\xd0\xb0\xd0\xb2\xd0\xb8"
		  "\xd1\x82\xd1\x8c", 1 },		/* Не удалось доставить */
		{ "A mensagem n\xc3\xa3o p\xc3\xb4" "de ser entregue", 1 },
		{ "Uw bericht kon niet worden afgeleverd", 1 },
		{ "has not yet been delivered", 1 },
		/* Ordinary sentences. */
		{ "Ne r\xc3\xa9pondez pas \xc3\xa0 ce message automatique", 0 },
		{ "No responda a este correo, fue enviado autom\xc3\xa1ticamente",
		  0 },
		{ "Bitte nicht antworten, diese Nachricht wurde automatisch "
		  "erstellt", 0 },
		{ "nothing delivered here", 0 },
		{ "Il ne fait pas beau, mais nous avons bien re\xc3\xa7u", 0 },
		/* "не" inside a word is no negation */
		{ "\xd1\x83\xd0\xb2\xd0\xb5\xd0\xb4\xd0\xbe\xd0\xbc\xd0\xbb\xd0\xb5"
		  "\xd0\xbd\xd0\xb8\xd0\xb5 \xd0\xb4\xd0\xbe\xd1\x81\xd1\x82\xd0\xb0"
		  "\xd0\xb2\xd0\xbb\xd0\xb5\xd0\xbd\xd0\xbe", 0 },
	};
	size_t	 i;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++)
		if (bv_fmt_says_failure(t[i].text, strlen(t[i].text)) !=
		    t[i].failure)
			fail_msg("\"%s\": want failure %d", t[i].text,
			    t[i].failure);
}

static void
test_phrases(void **state)
{
	static const struct {
		const char	*text;
		const char	*reason;
	} t[] = {
		{ "550 Utilisateur inconnu", "userunknown" },
		{ "Benutzer unbekannt", "userunknown" },
		{ "usuario desconocido", "userunknown" },
		{ "Usu\xc3\xa1rio desconhecido", "userunknown" },
		{ "destinatario sconosciuto", "userunknown" },
		{ "onbekende gebruiker", "userunknown" },
		{ "\xe3\x83\xa6\xe3\x83\xbc\xe3\x82\xb6\xe3\x81\x8c\xe5\xad\x98"
		  "\xe5\x9c\xa8\xe3\x81\x97\xe3\x81\xbe\xe3\x81\x9b\xe3\x82\x93",
		  "userunknown" },
		/* "the mail address of the destination could not be found" */
		{ "宛先のメールアドレスが見つかりません。", "userunknown" },
		{ "Postfach voll", "mailboxfull" },
		{ "la casella di posta piena", "mailboxfull" },
		{ "postvak is vol", "mailboxfull" },
		{ "\xd0\xaf\xd1\x89\xd0\xb8\xd0\xba \xd0\xbf\xd0\xb5\xd1\x80\xd0"
		  "\xb5\xd0\xbf\xd0\xbe\xd0\xbb\xd0\xbd\xd0\xb5\xd0\xbd",
		  "mailboxfull" },
		{ "message trop volumineux", "mesgtoobig" },
		{ "bericht te groot", "mesgtoobig" },
		{ "mensagem muito grande", "mesgtoobig" },
		{ "Zustellung verzögert", "expired" },
		{ "consegna ritardata", "expired" },
		/* The earliest phrase names the reason. */
		{ "postfach voll, nicht: benutzer unbekannt", "mailboxfull" },
		/* Words in between. */
		{ "casella di posta inesistente", "userunknown" },
		{ "utente inesistente", "userunknown" },
		{ "Das Postfach des Empf\xc3\xa4ngers ist voll.", "mailboxfull" },
		{ "Postvak van de ontvanger is vol", "mailboxfull" },
		{ "Caixa postal lotada", "mailboxfull" },
		{ "Bo\xc3\xaete aux lettres du destinataire pleine",
		  "mailboxfull" },
		{ "\xd0\xbf\xd0\xbe\xd1\x87\xd1\x82\xd0\xbe\xd0\xb2\xd1\x8b\xd0\xb9 "
		  "\xd1\x8f\xd1\x89\xd0\xb8\xd0\xba \xd0\xb0\xd0\xb4\xd1\x80\xd0\xb5"
		  "\xd1\x81\xd0\xb0\xd1\x82\xd0\xb0 \xd0\xbf\xd0\xb5\xd1\x80\xd0\xb5"
		  "\xd0\xbf\xd0\xbe\xd0\xbb\xd0\xbd\xd0\xb5\xd0\xbd",	/* ящик адресата */
		  "mailboxfull" },
		{ "ist nicht im Domino-Verzeichnis aufgef\xc3\xbchrt",
		  "userunknown" },
		{ "宛先のメールアドレスは存在しません。", "userunknown" },
		/* Too far apart, or a longer word: no saying. */
		{ "Postfach: alle Nachrichten wurden gelesen, Ordner ist voll",
		  NULL },
		{ "Postvak van de ontvanger is volledig", NULL },
		{ "nothing to see", NULL },
	};
	size_t	 i;

	(void)state;
	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		const char *r = bv_fmt_phrase_reason(t[i].text,
		    strlen(t[i].text));

		if (t[i].reason == NULL ? r != NULL : r == NULL ||
		    strcmp(r, t[i].reason) != 0)
			fail_msg("\"%s\": want %s, got %s", t[i].text,
			    t[i].reason ? t[i].reason : "none", r ? r : "none");
	}
	assert_true(bv_fmt_says_failure("Nachricht unzustellbar", 22));
	says_failure_rows();
	assert_true(bv_fmt_says_delay("THIS IS A WARNING MESSAGE ONLY", 30));
	assert_false(bv_fmt_says_delay("I've given up", 13));
}

static void
test_transcript(void **state)
{
	static const char t[] =
	    "While talking to mx.example.net:\n"
	    ">>> RCPT To:<a@example.net>\n"
	    "<<< 550 5.1.1 <a@example.net>... no such user\n"
	    ">>> RCPT To:<b@example.net>\n"
	    "<<< 250 2.1.5 ok\n"
	    ">>> DATA\n"
	    "<<< 554 5.7.1 message refused\n"
	    "554 <b@example.net>... Service unavailable\n";
	struct bv_reclist	 out = { 0 };
	const char		*style = NULL;

	(void)state;
	assert_int_equal(bv_fmt_transcript(t, sizeof(t) - 1, NULL, NULL, &out,
	    0, &style), 2);
	fill_codes(&out.v[0]);
	fill_codes(&out.v[1]);
	assert_string_equal(style, "sendmail");
	assert_string_equal(out.v[0].recipient, "a@example.net");
	assert_string_equal(out.v[0].reply_code, "550");
	assert_string_equal(out.v[0].command, "RCPT");
	assert_string_equal(out.v[1].recipient, "b@example.net");
	assert_string_equal(out.v[1].status, "5.7.1");
	assert_string_equal(out.v[1].command, "DATA");
	bv_reclist_free(&out);
}

/* Sendmail's two lists: the fatal one fails, the transient one is only
 * delayed; a recipient the transcript never names gets its session's
 * failure. */
static void
test_transcript_lists(void **state)
{
	static const char t[] =
	    "   ----- The following addresses had permanent fatal errors -----\n"
	    "<a@example.net>\n"
	    "    (reason: 550 5.1.1 <a@example.net>... User unknown)\n"
	    "<d@example.com>\n"
	    "\n"
	    "   ----- The following addresses had transient non-fatal errors "
	    "-----\n"
	    "<b@example.org>\n"
	    "    (reason: 451 4.4.1 reply: read error)\n"
	    "\n"
	    "   ----- Transcript of session follows -----\n"
	    "... while talking to mx.example.net.:\n"
	    ">>> RCPT To:<a@example.net>\n"
	    "<<< 550 5.1.1 <a@example.net>... User unknown\n"
	    "... while talking to mx.example.com.:\n"
	    "<<< 421 4.3.2 mx.example.com closing connection\n"
	    "<b@example.org>... Deferred: 451 4.4.1 reply: read error\n";
	struct bv_reclist	 out = { 0 };
	size_t			 i;

	(void)state;
	assert_int_equal(bv_fmt_transcript(t, sizeof(t) - 1, NULL,
	    "fallback@example.org", &out, 0, NULL), 3);
	for (i = 0; i < out.n; i++)
		fill_codes(&out.v[i]);
	assert_string_equal(out.v[0].recipient, "a@example.net");
	assert_string_equal(out.v[0].action, "failed");
	assert_string_equal(out.v[1].recipient, "b@example.org");
	assert_string_equal(out.v[1].action, "delayed");
	assert_string_equal(out.v[1].reply_code, "451");
	assert_string_equal(out.v[2].recipient, "d@example.com");
	assert_string_equal(out.v[2].action, "failed");
	assert_string_equal(out.v[2].reply_code, "421");
	assert_string_equal(out.v[2].command, "CONN");
	bv_reclist_free(&out);
}

/* The returned message's To stands in for a recipient only when it is the
 * one address the message went to; a display name picks one of several. */
static void
test_original_to(void **state)
{
	static const char one[] = "notice\n\nFrom: a@example.org\n"
	    "To: Bob <bob@example.net>\nSubject: x\n\nbody\n";
	static const char two[] = "notice\n\nFrom: a@example.org\n"
	    "To: Bob <bob@example.net>,\n\t\"Carol, C.\" <carol@example.net>\n"
	    "\nbody\n";
	static const char cc[] = "notice\n\nFrom: a@example.org\n"
	    "To: bob@example.net\nCc: dave@example.com\n\nbody\n";
	static const char named[] = "Carol, C. on Mon, 3 Mar 2025 10:00\n"
	    "    unknown recipient\n\nFrom: a@example.org\n"
	    "To: Bob <bob@example.net>,\n\t\"Carol, C.\" <carol@example.net>\n"
	    "\nbody\n";
	static const char local[] = "dave on 3/3/2025 10:00 AM\n\n"
	    "From: a@example.org\nTo: bob@example.net\n"
	    "Cc: dave@example.com, erin@example.com\n\nbody\n";
	struct tmsg	*t = tmsg_new(bounce_hdrs, "x", NULL);
	char		 a[BV_FMT_ADDR_MAX];

	(void)state;
	assert_int_equal(bv_fmt_original_to(&t->m, one, sizeof(one) - 1, 8,
	    a), 1);
	assert_string_equal(a, "bob@example.net");
	assert_int_equal(bv_fmt_original_to(&t->m, two, sizeof(two) - 1, 8,
	    a), 0);
	assert_int_equal(bv_fmt_original_to(&t->m, cc, sizeof(cc) - 1, 8, a),
	    0);
	assert_int_equal(bv_fmt_original_named(&t->m, two, sizeof(two) - 1,
	    8, a), 0);
	assert_int_equal(bv_fmt_original_named(&t->m, named, sizeof(named) -
	    1, 58, a), 1);
	assert_string_equal(a, "carol@example.net");
	assert_int_equal(bv_fmt_original_named(&t->m, local, sizeof(local) -
	    1, 27, a), 1);
	assert_string_equal(a, "dave@example.com");
	tmsg_free(t);
}

/* The addresses of the returned message, inline after the notice, are
 * never failed recipients. */
static void
test_generic_ignores_original(void **state)
{
	static const char text[] =
	    "Your message could not be delivered to these addresses:\n\n"
	    "rcpt@example.net\n"
	    "    550 5.1.1 unknown mailbox\n\n"
	    "Please write to postmaster@mx.example.org for help.\n\n"
	    "--- Original message follows.\n"
	    "Return-Path: <alice@example.org>\n"
	    "From: alice@example.org\n"
	    "To: rcpt@example.net, other@example.net\n\n"
	    "other@example.net\n"
	    "third@example.net said hello\n";
	struct tmsg		*t = tmsg_new(bounce_hdrs, text, NULL);
	struct bv_reclist	 out = { 0 };

	(void)state;
	assert_true(bv_reader_generic.claims(&t->m));
	assert_int_equal(bv_reader_generic.extract(&t->m, &out), 0);
	assert_int_equal(out.n, 1);
	fill_codes(&out.v[0]);
	assert_string_equal(out.v[0].recipient, "rcpt@example.net");
	assert_string_equal(out.v[0].reply_code, "550");
	assert_string_equal(out.v[0].diagnostic, "550 5.1.1 unknown mailbox");
	bv_reclist_free(&out);
	tmsg_free(t);
}

/* An address deeper in a diagnostic than the recipient lines is part of
 * the text; a recipient listed twice (two languages) is one record. */
static void
test_block_indent_and_repeats(void **state)
{
	static const char text[] =
	    "This message was created automatically by mail delivery software.\n"
	    "The following address(es) failed:\n\n"
	    "  one@example.net\n"
	    "    SMTP error from remote mail server after RCPT TO:\n"
	    "    553 5.1.1 unknown or illegal user:\n"
	    "    other@example.net\n"
	    "  two@example.net\n"
	    "    retry time not reached for any host\n"
	    "  one@example.net\n"
	    "    the same failure told again\n";
	struct tmsg		*t = tmsg_new(bounce_hdrs, text, "To: x@y.example\n");
	struct bv_reclist	 out = { 0 };

	(void)state;
	assert_true(bv_reader_block.claims(&t->m));
	assert_int_equal(bv_reader_block.extract(&t->m, &out), 0);
	assert_int_equal(out.n, 2);
	assert_string_equal(out.v[0].format, "exim");
	assert_string_equal(out.v[0].recipient, "one@example.net");
	assert_non_null(strstr(out.v[0].diagnostic, "other@example.net"));
	assert_null(strstr(out.v[0].diagnostic, "told again"));
	fill_codes(&out.v[0]);
	assert_string_equal(out.v[0].status, "5.1.1");
	assert_string_equal(out.v[1].recipient, "two@example.net");
	bv_reclist_free(&out);
	tmsg_free(t);
}

/* Where the notice lists no address, X-Failed-Recipients names them. */
/* A run of bare addresses shares the text after it when nothing explains
 * the list before it, or when that text gives a code; otherwise the text
 * before the list stays theirs.  Run through the engine with a variant made
 * for the test. */
static void
test_block_shared_text(void **state)
{
	static const char *const begin[] = { "to the following", NULL };
	static const struct bv_fmt_variant v = { "t", NULL, NULL, NULL, NULL,
	    NULL, 0, NULL, NULL }, vb = { "t", NULL, begin, NULL, NULL, NULL,
	    0, NULL, NULL };
	static const struct {
		const struct bv_fmt_variant	*v;
		const char			*text, *first;
	} cases[] = {
		{ &vb, "Delivery to the following recipients failed:\n\n"
		  "  bob@example.net\n  carol@example.net\n\n"
		  "The server said: 550 5.1.1 no such user\n",
		  "The server said: 550" },
		{ &v, "Your message was not delivered.\n\n"
		  "bob@example.net\ncarol@example.net\n\n"
		  "Reason: 550 5.1.1 no such user\n", "Reason: 550" },
		{ &v, "Banned attachment setup.exe, stopped.\n\n"
		  "bob@example.net\ncarol@example.net\n\n"
		  "Our reference is ABC-77\n", "Banned attachment" },
	};
	struct bv_reclist	 out = { 0 };
	struct tmsg		*t;
	size_t			 i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		t = tmsg_new(bounce_hdrs, cases[i].text, NULL);
		assert_int_equal(bv_fmt_block_run(cases[i].v, &t->m, NULL,
		    &out), 0);
		assert_int_equal(out.n, 2);
		assert_string_equal(out.v[0].recipient, "bob@example.net");
		assert_non_null(out.v[0].diagnostic);
		if (strncmp(out.v[0].diagnostic, cases[i].first,
		    strlen(cases[i].first)) != 0)
			fail_msg("case %zu: got \"%s\"", i,
			    out.v[0].diagnostic);
		bv_reclist_free(&out);
		tmsg_free(t);
	}
}

/* An address listed by a label alone comes back at the head of its error
 * line, which becomes its text (SurfControl), also where the text after an
 * address is not kept at all (BV_FMT_NOREST). */
static void
test_block_label_then_error(void **state)
{
	static const char *const labels[] = { "Addressed To:", NULL };
	static const struct bv_fmt_variant v = { "t", NULL, NULL, NULL,
	    labels, NULL, 0, NULL, NULL }, vn = { "t", NULL, NULL, NULL,
	    labels, NULL, BV_FMT_NOREST, NULL, NULL };
	static const char text[] = "Addressed To: xavi@example.net\n"
	    "Addressed To: yoko@example.net\n\n"
	    "xavi@example.net: [192.0.2.9], 550 5.1.1 no such user\n"
	    "yoko@example.net: [192.0.2.9], 552 5.2.2 mailbox full\n";
	struct bv_reclist	 out = { 0 };
	struct tmsg		*t = tmsg_new(bounce_hdrs, text, NULL);

	(void)state;
	assert_int_equal(bv_fmt_block_run(&v, &t->m, NULL, &out), 0);
	assert_int_equal(out.n, 2);
	assert_non_null(strstr(out.v[0].diagnostic, "550 5.1.1"));
	assert_non_null(strstr(out.v[1].diagnostic, "552 5.2.2"));
	bv_reclist_free(&out);
	assert_int_equal(bv_fmt_block_run(&vn, &t->m, NULL, &out), 0);
	assert_int_equal(out.n, 2);
	bv_reclist_free(&out);
	tmsg_free(t);
}

/* A list send's notice names more recipients than any fixed array held
 * (qmail, 90 addresses): every one is read, each with its own text. */
static void
test_block_long_list(void **state)
{
	struct bv_reclist	 out = { 0 };
	struct bv_msg		*m;
	char			*bytes;
	size_t			 len;

	(void)state;
	bytes = slurp("qmail-90-recipients.eml", &len);
	m = bv_msg_new(bytes, len);
	assert_non_null(read_with(m, &out));
	assert_int_equal(out.n, 90);
	assert_string_equal(out.v[0].format, "qmail");
	assert_string_equal(out.v[0].recipient, "member01@example.net");
	assert_string_equal(out.v[89].recipient, "member90@example.net");
	assert_string_equal(out.v[89].status, "5.1.1");
	bv_reclist_free(&out);
	bv_msg_free(m);
	free(bytes);
}

/* An auto-reply subject alone says "auto-reply" when it is the marker and a
 * colon; a subject that only begins with those words is a person's mail
 * unless a machine header comes with it. */
static void
test_autoreply_signal(void **state)
{
	static const struct {
		const char	*msg;
		int		 claimed;
	} cases[] = {
		{ "From: a@example.org\nSubject: Out of office schedule\n\nx\n",
		  0 },
		{ "From: a@example.org\nSubject: Auto reply settings help\n\nx\n",
		  0 },
		{ "From: a@example.org\nSubject: Out of Office\n\nx\n", 1 },
		{ "From: a@example.org\nSubject: Automatic reply : x\n\nx\n", 1 },
		{ "From: a@example.org\nSubject: Out of office until May\n"
		  "Auto-Submitted: auto-generated\n\nx\n", 1 },
		{ "From: a@example.org\nSubject: Out of office until May\n"
		  "X-Auto-Response-Suppress: All\n\nx\n", 1 },
		{ "Return-Path: <>\nFrom: a@example.org\nSubject: Out of the "
		  "office until May\n\nx\n", 1 },
	};
	struct bv_msg	*m;
	char		*bytes;
	size_t		 len, i;

	(void)state;
	bytes = slurp("not-out-of-office-subject.eml", &len);
	m = bv_msg_new(bytes, len);
	assert_false(bv_reader_autoreply.claims(m));
	bv_msg_free(m);
	free(bytes);
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		m = bv_msg_new(cases[i].msg, strlen(cases[i].msg));
		if (bv_reader_autoreply.claims(m) != cases[i].claimed)
			fail_msg("%s: want claimed=%d", cases[i].msg,
			    cases[i].claimed);
		bv_msg_free(m);
	}
}

static void
test_header_recipients(void **state)
{
	static const char *const hdrs[] = {
		"From", "Mail Delivery System <Mailer-Daemon@mx.example.org>",
		"X-Failed-Recipients", "a@example.net,\n b@example.net", NULL
	};
	static const char text[] =
	    "This message was created automatically by mail delivery software.\n"
	    "The following address(es) failed:\n\n"
	    "  pipe to |/usr/bin/filter\n"
	    "    generated by a@example.net\n"
	    "    Child process of pipe transport returned 75\n";
	struct tmsg		*t = tmsg_new(hdrs, text, NULL);
	struct bv_reclist	 out = { 0 };

	(void)state;
	assert_int_equal(bv_reader_block.extract(&t->m, &out), 0);
	assert_int_equal(out.n, 2);
	assert_string_equal(out.v[0].recipient, "a@example.net");
	assert_non_null(strstr(out.v[0].diagnostic, "pipe transport"));
	/* The notice says nothing of b: no diagnostic is made up for it. */
	assert_string_equal(out.v[1].recipient, "b@example.net");
	assert_null(out.v[1].diagnostic);
	bv_reclist_free(&out);
	tmsg_free(t);
}

/* JSON that nests too deep, breaks off or escapes oddly is read as far as
 * it goes, without recursion and without reading past its end. */
static void
test_json_hostile(void **state)
{
	static const char *const hdrs[] = {
		"From", "no-reply@sns.amazonaws.com", NULL
	};
	static const char *const texts[] = {
		"{\"notificationType\":\"Bounce\",\"bounce\":{\"bouncedRecipients\":"
		"[{\"emailAddress\":\"a\\u0040example.net\",\"status\":\"5.1.1\","
		"\"diagnosticCode\":\"smtp; 550 \\\"quoted\\\" \\ud800 x\"}]}}",
		"{\"notificationType\":\"Bounce\",\"bounce\":{\"bouncedRecipients\":"
		"[{\"emailAddress\":\"b@example.net\"",
		"{\"notificationType\":\"Bounce\",\"bounce\":[[[[]]]],]}",
		"{\"Message\":\"{\\\"Message\\\":\\\"{}\\\"}\",\"notificationType\"}",
	};
	struct buf		 deep = { 0 };
	struct bv_reclist	 out = { 0 };
	struct tmsg		*t;
	size_t			 i;

	(void)state;
	t = tmsg_new(hdrs, texts[0], NULL);
	assert_true(bv_reader_amazonses.claims(&t->m));
	assert_int_equal(bv_reader_amazonses.extract(&t->m, &out), 0);
	fill_codes(&out.v[0]);
	assert_string_equal(out.v[0].recipient, "a@example.net");
	assert_string_equal(out.v[0].reply_code, "550");
	bv_reclist_free(&out);
	tmsg_free(t);
	t = tmsg_new(hdrs, texts[1], NULL);
	assert_int_equal(bv_reader_amazonses.extract(&t->m, &out), 0);
	assert_string_equal(out.v[0].recipient, "b@example.net");
	bv_reclist_free(&out);
	tmsg_free(t);
	for (i = 2; i < 4; i++) {
		t = tmsg_new(hdrs, texts[i], NULL);
		assert_int_equal(bv_reader_amazonses.extract(&t->m, &out), -1);
		tmsg_free(t);
	}
	buf_adds(&deep, "{\"notificationType\":");
	for (i = 0; i < 100000; i++)
		buf_addc(&deep, '[');
	t = tmsg_new(hdrs, deep.s, NULL);
	assert_int_equal(bv_reader_amazonses.extract(&t->m, &out), -1);
	assert_int_equal(out.n, 0);
	tmsg_free(t);
	buf_free(&deep);
}

/* Long lines, no line ends, many addresses: bounded work, no crash. */
static void
test_hostile_text(void **state)
{
	struct buf		 b = { 0 };
	struct bv_reclist	 out = { 0 };
	struct tmsg		*t;
	size_t			 i;

	(void)state;
	buf_adds(&b, "The following address(es) failed:\n");
	for (i = 0; i < 5000; i++)
		buf_printf(&b, "u%zu@example.net\n 550 no\n", i);
	for (i = 0; i < 200000; i++)
		buf_addc(&b, i % 7 ? 'x' : '@');
	t = tmsg_new(bounce_hdrs, b.s, NULL);
	assert_true(bv_reader_generic.claims(&t->m));
	assert_int_equal(bv_reader_generic.extract(&t->m, &out), 0);
	/* Bounded by the lines read from one notice (4000, two a recipient). */
	assert_in_range(out.n, 1, 2000);
	for (i = 0; i < out.n; i++)
		assert_true(strlen(out.v[i].diagnostic) <= BV_FMT_DIAG_MAX);
	bv_reclist_free(&out);
	tmsg_free(t);
	buf_free(&b);
}

/* A notice with the returned message inline names its headers. */
static void
test_inline_original(void **state)
{
	struct bv_reclist	 out = { 0 };
	struct bv_msg		*m;
	char			*bytes;
	size_t			 len;

	(void)state;
	bytes = slurp("qmail.eml", &len);
	m = bv_msg_new(bytes, len);
	assert_non_null(read_with(m, &out));
	assert_string_equal(out.v[0].original.from, "Alice <alice@example.org>");
	assert_string_equal(out.v[0].original.subject, "plans");
	assert_string_equal(out.v[1].original.to,
	    "bob@example.net, carol@example.com, dave@example.net");
	assert_null(out.v[0].original.message_id);
	bv_reclist_free(&out);
	bv_msg_free(m);
	free(bytes);
}

static void
test_ident(void **state)
{
	static const char *const hdrs[] = {
		"From", "MAILER-DAEMON@yahoo.example.com", "X-Mailer", "Foo 1.0",
		"Subject", "failure notice", NULL
	};
	static const char *const yes[] = {
		"from:yahoo && body:unable to deliver", NULL
	};
	static const char *const no[] = {
		"from:yahoo && body:qmail-send", "mailer:Bar", "hdr:X-None",
		"hdr:X-Mailer=Bar", NULL
	};
	static const char *const hdr[] = { "hdr:X-Mailer=foo", NULL };
	struct tmsg	*t = tmsg_new(hdrs, "Sorry, we were unable to deliver "
	    "your message.\n", NULL);

	(void)state;
	assert_true(bv_fmt_ident(&t->m, yes, NULL));
	assert_false(bv_fmt_ident(&t->m, no, NULL));
	assert_true(bv_fmt_ident(&t->m, hdr, NULL));
	assert_true(bv_fmt_bouncy(&t->m));
	tmsg_free(t);
}


/* Tests marked beforehand by one scan of the notice and the headers (as the
 * variant table's are) give what evaluating each alone gives; a header's
 * text matches inside a word too ("subject:deliverable" in "Undeliverable"). */
static void
test_ident_seen(void **state)
{
	static const char *const hdrs[] = {
		"From", "MailerDaemon@yahoo.example.com", "X-Mailer", "Foo 1.0",
		"Subject", "Undeliverable: hello", NULL
	};
	static const struct {
		const char	*test;
		int		 want;
	} c[] = {
		{ "from:daemon", 1 }, { "from:YAHOO", 1 }, { "from:gmail", 0 },
		{ "subject:deliverable", 1 }, { "subject:hello", 1 },
		{ "subject:goodbye", 0 }, { "mailer:oo 1", 1 },
		{ "mailer:bar", 0 }, { "body:unable to deliver", 1 },
		{ "body:qmail", 0 },
	};
	enum { NC = sizeof(c) / sizeof(c[0]) };
	static const char		*texts[BV_FMT_S_N][NC + 1];
	static struct bv_fmt_set	 sets[BV_FMT_S_N] = {
		[BV_FMT_S_BODY] = BV_FMT_SET(texts[BV_FMT_S_BODY],
		    sizeof(char *)),
		[BV_FMT_S_FROM] = BV_FMT_SET_ANYWHERE(texts[BV_FMT_S_FROM],
		    sizeof(char *)),
		[BV_FMT_S_SUBJECT] = BV_FMT_SET_ANYWHERE(
		    texts[BV_FMT_S_SUBJECT], sizeof(char *)),
		[BV_FMT_S_MAILER] = BV_FMT_SET_ANYWHERE(
		    texts[BV_FMT_S_MAILER], sizeof(char *)),
	};
	static struct bv_fmt_test	 t[NC];
	struct bv_fmt_seen		 seen;
	size_t				 n[BV_FMT_S_N] = { 0 }, i;
	int				 slot;
	struct tmsg	*m = tmsg_new(hdrs, "Sorry, we were unable to "
	    "deliver your message.\n", NULL);

	(void)state;
	for (i = 0; i < NC; i++) {
		assert_int_equal(bv_fmt_test_parse(c[i].test,
		    strlen(c[i].test), &t[i]), 0);
		slot = bv_fmt_test_slot(&t[i]);
		assert_true(slot >= 0);
		t[i].idx = (int)n[slot];
		texts[slot][n[slot]++] = t[i].text;
	}
	for (i = 0; i < BV_FMT_S_N; i++)
		seen.set[i] = &sets[i];
	bv_fmt_bodyscan(&m->m, &seen);
	for (i = 0; i < NC; i++) {
		assert_int_equal(bv_fmt_test_eval(&t[i], &m->m, &seen),
		    c[i].want);
		assert_int_equal(bv_fmt_test_eval(&t[i], &m->m, NULL),
		    c[i].want);
	}
	tmsg_free(m);
}

int
main(void)
{
	static const struct CMUnitTest units[] = {
		cmocka_unit_test(test_not_bounces),
		cmocka_unit_test(test_variants_let_in),
		cmocka_unit_test(test_lines),
		cmocka_unit_test(test_addr),
		cmocka_unit_test(test_find),
		cmocka_unit_test(test_original_at),
		cmocka_unit_test(test_phrases),
		cmocka_unit_test(test_transcript),
		cmocka_unit_test(test_generic_ignores_original),
		cmocka_unit_test(test_block_indent_and_repeats),
		cmocka_unit_test(test_header_recipients),
		cmocka_unit_test(test_block_long_list),
		cmocka_unit_test(test_block_label_then_error),
		cmocka_unit_test(test_block_shared_text),
		cmocka_unit_test(test_autoreply_signal),
		cmocka_unit_test(test_json_hostile),
		cmocka_unit_test(test_hostile_text),
		cmocka_unit_test(test_ident),
		cmocka_unit_test(test_ident_seen),
		cmocka_unit_test(test_inline_original),
		cmocka_unit_test(test_unreadable_says_why),
		cmocka_unit_test(test_transcript_lists),
		cmocka_unit_test(test_original_to),
	};
	size_t			 nf = sizeof(fixtures) / sizeof(fixtures[0]);
	size_t			 nu = sizeof(units) / sizeof(units[0]), i;
	struct CMUnitTest	*all;
	int			 rc;

	all = calloc(nf + nu, sizeof(*all));
	for (i = 0; i < nf; i++) {
		all[i].name = fixtures[i].file;
		all[i].test_func = test_fixture;
		all[i].initial_state = (void *)&fixtures[i];
	}
	for (i = 0; i < nu; i++)
		all[nf + i] = units[i];
	rc = _cmocka_run_group_tests("formats", all, nf + nu, NULL, NULL);
	free(all);
	return rc;
}
