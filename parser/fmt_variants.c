/*
 * fmt_variants.c: the plain-text notices of MTAs and providers that send no
 * delivery-status part, as data for the text-block engine (fmt_block.c).
 * Each entry names the software that writes the notice.  Order matters: a
 * provider that runs a known MTA with its own wording (GMX on Exim, Yahoo on
 * qmail) comes before that MTA, so the record names the provider.
 */
#include "config.h"

#include <ctype.h>
#include <pthread.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "parser/parser.h"

#define L(...)	((const char *const []){ __VA_ARGS__, NULL })

/* Exchange 2007 and later: the administrators' section, and the heading
 * of the returned headers, in the languages Exchange writes them. */
#define EXCHANGE_BEGIN L("Generating server:", "Generierender Server:",	\
	"Serveur de g\xc3\xa9n\xc3\xa9ration", "Servidor de generaci\xc3\xb3n:",	\
	"Servidor de gera\xc3\xa7\xc3\xa3o:", "Server di generazione:",		\
	"Genererende server:",						\
	"Diagnostic information for administrators",			\
	"Diagnoseinformationen f\xc3\xbcr Administratoren",		\
	"Informations de diagnostic pour les administrateurs",		\
	"Informaci\xc3\xb3n de diagn\xc3\xb3stico para administradores",	\
	"Informa\xc3\xa7\xc3\xb5" "es de diagn\xc3\xb3stico para administradores",	\
	"Informazioni di diagnostica per gli amministratori",		\
	"Diagnostische gegevens voor beheerders")
#define EXCHANGE_END L("Original message headers:",			\
	"Urspr\xc3\xbcngliche Nachrichtenkopfzeilen",			\
	"En-t\xc3\xaates de message d'origine",				\
	"Encabezados del mensaje original",				\
	"Cabe\xc3\xa7" "alhos da mensagem original",				\
	"Intestazioni originali del messaggio",				\
	"Oorspronkelijke berichtkoppen")

static const struct bv_fmt_variant variants[] = {
	/* Amazon SES's own text notices (the DSN part beside them may be
	 * lost): "An error occurred while trying to deliver the mail to the
	 * following recipients:". */
	{ "amazonses",
	  L("from:amazonses.com"),
	  L("following recipients:"),
	  L("Technical report:"), NULL, NULL, BV_FMT_STRICT, NULL, NULL },

	/* Google Groups (groups.google.com): posting refused, the notice is
	 * localised into the poster's language and names the group only in
	 * X-Failed-Recipients. */
	{ "googlegroups",
	  L("from:googlemail.com && body:groups.google.com",
	    "hdr:X-Failed-Recipients=@googlegroups.com && bouncy"),
	  NULL, NULL, NULL, NULL, BV_FMT_HDRRCPT, "rejected", NULL },

	/* Google Groups in a Google Workspace domain: the notice names the
	 * group only as "the group you tried to contact (NAME)"; the address
	 * is the returned message's To whose local part is NAME
	 * (group_named() below checks). */
	{ "googlegroups",
	  L("from:googlemail.com && body:the group you tried to contact",
	    "from:google.com && body:the group you tried to contact"),
	  NULL, NULL, NULL, NULL, BV_FMT_ORIGTO, "rejected", NULL },

	/* Gmail's own notices: "Delivery to the following recipient failed
	 * permanently:" and the delay warnings (2010-2016); since 2016 a
	 * headline ("** Message not delivered **", "** Message blocked **",
	 * "** Delivery incomplete **" for a delay, "** Address not found **")
	 * and a sentence naming the recipient, which X-Failed-Recipients
	 * repeats only on final failures. */
	{ "gmail",
	  L("from:mailer-daemon@googlemail.com",
	    "from:mailer-daemon@google.com"),
	  L("Delivery to the following recipient",
	    "Your message wasn't delivered to",
	    "problem delivering your message to", "Your message to"),
	  NULL,
	  L("Your message wasn't delivered to",
	    "There was a problem delivering your message to",
	    "There was a temporary problem delivering your message to",
	    "Your message to"),
	  L("Technical details of permanent failure",
	    "Technical details of temporary failure",
	    "Message will be retried for", "THIS IS A WARNING MESSAGE ONLY",
	    "YOU DO NOT NEED TO RESEND"),
	  0, NULL, NULL },

	/* Yahoo! Mail (yahoo.com, yahoo.co.jp): a qmail-derived bouncer with
	 * its own opening sentence. */
	{ "yahoo",
	  L("from:yahoo && body:unable to deliver your message",
	    "hdr:X-YMailISG && body:unable to deliver your message"),
	  L("unable to deliver your message to the following address"),
	  NULL, NULL, NULL, 0, NULL, NULL },

	/* Apache James 2.x: qmail's apology word for word, introduced by
	 * "This is the James mail server at HOST", then "Failed recipient(s):"
	 * (the addresses, one a line) and "Error message:".  Before qmail,
	 * whose sentences it borrows. */
	{ "apachejames",
	  L("body:This is the James mail server"),
	  L("=Failed recipient(s):", "Failed recipient"),
	  NULL, NULL, L("=Error message:"), BV_FMT_STRICT, NULL, NULL },

	/* qmail-send (qmail 1.03, netqmail 1.06, notqmail, IndiMail; vpopmail's
	 * vdelivermail texts arrive inside it). */
	{ "qmail",
	  L("body:This is the qmail-send program",
	    "body:wasn't able to deliver your message to the following addresses"),
	  L("Sorry it didn't work out",
	    "wasn't able to deliver your message to the following addresses"),
	  NULL, NULL, L("Giving up on "), 0, NULL, NULL },

	/* DragonFly Mail Agent (dma 0.x). */
	{ "dma",
	  L("body:This is the DragonFly Mail Agent"),
	  L("This is the DragonFly Mail Agent"),
	  NULL, L("There was an error delivering your mail to"), NULL, 0,
	  NULL, NULL },

	/* OpenSMTPD 5.x (newer versions send a DSN). */
	{ "opensmtpd",
	  L("body:This is the MAILER-DAEMON, please DO NOT REPLY",
	    "body:deliver a message for the following list of recipients"),
	  L("following list of recipients"),
	  /* OpenSMTPD 6: the delay warning's closing paragraph. */
	  L("Please note that this is only a temporary failure",
	    "Below is a copy of the original", "=Below is a copy of"),
	  NULL, NULL, 0, NULL, NULL },

	/* Zoho Mail: "addr Invalid Address, ERROR_CODE :550, ...", or (sent
	 * only as HTML, which fmt_text.c turns into text) a table of
	 * "Recipient:" and "Reason:" under "Your message to the following
	 * recipient(s) could not be delivered." */
	{ "zoho",
	  L("from:zoho.com", "hdr:X-ZohoMail && body:ERROR_CODE"),
	  L("could not be delivered to one or more of its recipients",
	    "following recipient(s) could not be delivered",
	    "following recipients could not be delivered",
	    "This is a permanent error"),
	  /* The HTML notice (read as text) repeats the returned subject
	   * and closes with the verdict. */
	  NULL, NULL, L("Subject:", "Sent on:", "This is a permanent error",
	    "No further delivery attempts"), 0, NULL, NULL },

	/* GMX and mail.com (an Exim with its own layout: "addr": lines). */
	{ "gmx",
	  L("from:@gmx.", "from:mail.gmx.", "hdr:X-GMX-Antispam"),
	  L("following address(es) failed", "following address failed",
	    "=failed:"),
	  NULL, NULL, NULL, 0, NULL, NULL },

	/* 1&1 / IONOS (kundenserver.de): Exim with "For the following
	 * reason:". */
	{ "einsundeins",
	  L("from:kundenserver.", "from:1and1.", "from:ionos.",
	    "body:postmaster.1and1.com"),
	  L("following address failed", "following address(es) failed",
	    "=failed:"),
	  NULL, NULL, L("=For the following reason:"), 0, NULL, NULL },

	/* Mail.Ru: Exim, with the list given in Russian and then in
	 * English. */
	{ "mailru",
	  L("from:mail.ru"),
	  L("following address(es) failed",
	    "\xd0\xbf\xd0\xbe\xd0\xbb\xd1\x83\xd1\x87\xd0\xb0\xd1\x82\xd0\xb5"
	    "\xd0\xbb\xd1\x8f\xd0\xbc:"),	/* "recipients:" */
	  NULL, NULL, NULL, 0, NULL, NULL },

	/* McAfee MXLogic: Exim-like, ends with the returned headers. */
	{ "mxlogic",
	  L("from:mxlogic.", "body:Included is a copy of the message header"),
	  L("following address failed", "following address(es) failed",
	    "following addresses failed"),
	  NULL, NULL, NULL, 0, NULL, NULL },

	/* Exim 3 and 4: failures and "has not yet been delivered" delay
	 * warnings. */
	{ "exim",
	  L("body:This message was created automatically by mail delivery software"),
	  L("following address(es) failed", "following address failed",
	    "following addresses failed",
	    "message has not yet been delivered is:",
	    "message has not yet been delivered are:",
	    "address(es) failed:"),		/* wrapped after "following" */
	  L("No action is required on your part"),
	  L("generated by"), NULL, 0, NULL, NULL },

	/* Exim with its texts rewritten (translated, or a provider's own),
	 * still setting X-Failed-Recipients: only with Exim's list. */
	{ "exim",
	  L("hdr:X-Failed-Recipients"),
	  L("following address(es) failed", "following address failed",
	    "following addresses failed",
	    /* German: "Die folgenden Adressen sind fehlgeschlagen:" */
	    "Adressen sind fehlgeschlagen", "Adresse ist fehlgeschlagen",
	    "Adresse(n) sind fehlgeschlagen"),
	  NULL, NULL, NULL, BV_FMT_STRICT, NULL, NULL },

	/* Yandex: Postfix with a Russian preface. */
	{ "yandex",
	  L("from:yandex.", "from:yandex-team."),
	  L("=The mail system", "It's attached below",
	    "Please, do not reply to this message"),
	  NULL, NULL, NULL, BV_FMT_STRICT, NULL, NULL },

	/* Postfix notices that lost or never had their DSN part (Postfix
	 * before 2.3, or a relay that flattened the report). */
	{ "postfix",
	  L("body:This is the Postfix program at host",
	    "body:This is the mail system at host"),
	  L("=The mail system", "It's attached below",
	    "could not be delivered to one or more destinations"),
	  NULL, NULL, NULL, 0, NULL, NULL },

	/* Courier MTA text notices. */
	{ "courier",
	  L("body:running the Courier mail server"),
	  L("recipients cannot be delivered", "=UNDELIVERABLE MAIL",
	    "=DELAYED MAIL"),
	  L("--------------------------------"),
	  NULL, NULL, 0, NULL, NULL },

	/* SendGrid's notices to the sending account: one line per
	 * recipient, "local:id:<address> : ip : host:[ip] : reply". */
	{ "sendgrid",
	  L("body:automatically generated message from SendGrid"),
	  L("contact SendGrid support"),
	  NULL, NULL, NULL, BV_FMT_ANYADDR, NULL, NULL },

	/* McAfee Email and Web Security appliance and Email Gateway (MEG):
	 * the list with each reason, a transcript, and (MEG) DSN fields as
	 * text without a Diagnostic-Code, which fmt_dsntext.c leaves to this
	 * variant. */
	{ "mcafee",
	  L("hdr:X-NAI-Header && body:following addresses had delivery problems"),
	  L("following addresses had delivery problems"),
	  NULL, NULL, L("Action:", "Transcript of session follows"), 0, NULL,
	  NULL },

	/* SurfControl E-mail Filter. */
	{ "surfcontrol",
	  L("mailer:SurfControl"),
	  L("transcript of the attempts to send the message follows"),
	  L("Message non-deliverable"),
	  L("Addressed To:"), L("Failed to send to identified host"), 0, NULL,
	  NULL },

	/* Barracuda Spam Firewall and Email Security Service: their own
	 * notices ("Your message to: x was blocked by our Spam Firewall").
	 * Not the word "Barracuda" alone: other MTAs' notices quote a remote
	 * server's "blocked using Barracuda Reputation" rejection. */
	{ "barracuda",
	  L("body:by our Spam Firewall",
	    "subject:blocked by our bulk email filter",
	    "from:barracuda && body:Your message to:"),
	  NULL, NULL, L("Your message to:"), NULL, 0, NULL, NULL },

	/* PowerMTA (Port25). */
	{ "powermta",
	  L("body:list of the affected recipients"),
	  L("list of the affected recipients"),
	  NULL, NULL, NULL, 0, NULL, NULL },

	/* amavisd-new content filter.  Its nondelivery report lists "The
	 * message WAS NOT relayed to:" (or "delivered"); its notices to the
	 * sender open with the finding ("VIRUS ALERT", "BANNED CONTENTS
	 * ALERT", "Our content checker found ...") and then the recipients
	 * "to the following recipient(s):", one "-> addr" a line: read from
	 * the top, that finding is every recipient's diagnostic.  The
	 * reference code, the client's address, the verdict ("Delivery of the
	 * email was stopped!") and the returned headers follow the list. */
	{ "amavis",
	  L("body:generated by the program amavisd",
	    "from:Content-filter at"),
	  L("WAS NOT relayed to:", "WAS NOT delivered to:",
	    "could not be delivered to:"),
	  L("This nondelivery report was generated",
	    "Our internal reference code", "First upstream SMTP client",
	    "Delivery of the email was stopped", "here are headers from",
	    "BEGIN HEADERS"),
	  NULL, NULL, 0, NULL, NULL },

	/* Lotus Domino R5 and later: "DELIVERY FAILURE: ...".  The German
	 * Domino 9 notice ("Unzustellbar:", "wurde nicht zugestellt an:",
	 * "weil:") is told by its body: Exchange uses the same subject. */
	{ "domino",
	  L("subject:DELIVERY FAILURE:", "subject:DELIVERY_FAILURE:",
	    "body:was not delivered to: && bouncy",
	    "body:wurde nicht zugestellt an: && bouncy"),
	  L("was not delivered to:", "wurde nicht zugestellt an:"),
	  NULL, NULL, L("=because:", "=weil:"), BV_FMT_STRICT, NULL, NULL },

	/* Lotus Notes SMTP gateway: "------- Failure Reasons --------", each
	 * reason on the line before its address. */
	{ "notes",
	  L("body:------- Failure Reasons"),
	  L("Failure Reasons"),
	  L("Returned Message"),
	  NULL, NULL, BV_FMT_REASON_FIRST, NULL, NULL },

	/* Exchange 2000 to 2010 (and the Windows SMTP service) as a plain
	 * "Delivery Status Notification" without its report part: "Delivery
	 * to the following recipients failed." or "... has been delayed.",
	 * the addresses indented, perhaps the returned subject.  That
	 * sentence is the recipients' diagnostic. */
	{ "exchange2003",
	  L("hdr:X-MS-Embedded-Report && body:automatically generated "
	    "Delivery Status Notification"),
	  L("automatically generated Delivery Status Notification"),
	  NULL, NULL, L("Subject:", "THIS IS A WARNING MESSAGE ONLY",
	    "YOU DO NOT NEED TO RESEND"), BV_FMT_STRICT, NULL, NULL },

	/* Exchange 5.5 (Internet Mail Service) NDRs: "did not reach the
	 * following recipient(s):"; Exchange 2000 and 2003: "Your message did
	 * not reach some or all of the intended recipients." and then "The
	 * following recipient(s) could not be reached:", each recipient
	 * followed by "on DATE" and its explanation, the enhanced code last
	 * ("<host #5.1.1>"). */
	{ "exchange2003",
	  L("mailer:Internet Mail Service",
	    "body:did not reach the following recipient && bouncy",
	    "body:did not reach some or all of the intended recipients && "
	    "bouncy", "hdr:X-MS-Embedded-Report && bouncy"),
	  L("did not reach the following recipient",
	    "recipient(s) could not be reached", "recipient(s) cannot be "
	    "reached", "recipients could not be reached"),
	  NULL,
	  L("did not reach the following recipient(s):",
	    "did not reach the following recipient:"),
	  L("The MTS-ID of the original message"), BV_FMT_NOREST, NULL, NULL },

	/* The same Delivery Status Notification text from Exchange 2007 to
	 * 2010. */
	{ "exchange2007",
	  L("hdr:X-MS-Exchange-Message-Is-Ndr && body:automatically generated "
	    "Delivery Status Notification",
	    "subject:Delivery Status Notification && body:Delivery to the "
	    "following recipients && bouncy"),
	  L("automatically generated Delivery Status Notification"),
	  NULL, NULL, L("Subject:", "THIS IS A WARNING MESSAGE ONLY",
	    "YOU DO NOT NEED TO RESEND"), BV_FMT_STRICT, NULL, NULL },

	/* Office 365 / Exchange Online delay notices ("Delivery is delayed
	 * to these recipients or groups:"): no report part, and the
	 * administrators' section names no recipient, only what the remote
	 * server returned, which is the diagnostic.  The recipient is the
	 * returned message's when it went to one (an address line in that
	 * section, if any, opens a recipient as in the failure notices). */
	{ "office365",
	  L("hdr:X-MS-Exchange-CrossTenant-OriginalArrivalTime && "
	    "body:Delivery is delayed to",
	    "from:.onmicrosoft.com && body:Delivery is delayed to",
	    "from:outlook.com && body:Delivery is delayed to"),
	  EXCHANGE_BEGIN, EXCHANGE_END, NULL,
	  L("Generating server:", "Receiving server:",
	    "Total retry attempts:"),
	  BV_FMT_STRICT | BV_FMT_ORIGTO, NULL, NULL },

	/* Office 365 / Exchange Online NDR text (when the DSN part is
	 * missing): "Diagnostic information for administrators", often after
	 * a long friendly part, so recognised by its headers.  The section
	 * names follow the sender's language. */
	{ "office365",
	  L("hdr:X-MS-Exchange-CrossTenant-OriginalArrivalTime",
	    "hdr:X-MS-Exchange-Message-Is-Ndr && from:.onmicrosoft.com",
	    "from:outlook.com"),
	  EXCHANGE_BEGIN, EXCHANGE_END, NULL, NULL, BV_FMT_STRICT, NULL, NULL },

	/* Exchange 2007 and later, same layout on premises. */
	{ "exchange2007",
	  L("hdr:X-MS-Exchange-Message-Is-Ndr", "subject:Undeliverable",
	    "subject:Unzustellbar", "subject:Non remis",
	    "subject:Non recapitabile", "subject:No se puede entregar",
	    "subject:Onbestelbaar",
	    "body:Diagnostic information for administrators"),
	  EXCHANGE_BEGIN, EXCHANGE_END, NULL, NULL, BV_FMT_STRICT, NULL, NULL },

	/* Office 365 / Exchange Online NDRs since 2019: "Your message to X
	 * couldn't be delivered.", then "More info for email admins" (the
	 * status code) and "Error Details" ("Reported error:", "DSN generated
	 * by:", "Remote server:"); no "Generating server:".  The reported
	 * error is the diagnostic; the recipient is the one the first
	 * sentence names.  After the classic layouts, which win when a notice
	 * has both. */
	{ "office365",
	  L("hdr:X-MS-Exchange-Message-Is-Ndr && body:couldn't be delivered",
	    "from:microsoftexchange && body:couldn't be delivered",
	    "from:outlook.com && body:couldn't be delivered"),
	  L("=Error Details", "More info for email admins"),
	  L("DSN generated by:", "Remote server:", "=Message Hops",
	    "Original Message Headers"),
	  L("Your message to"), NULL, BV_FMT_STRICT, NULL, NULL },

	/* Ipswitch IMail Server (SMTP32). */
	{ "imailserver",
	  L("mailer:<SMTP32", "mailer:SMTP32 v", "mailer:<IMail v",
	    "mailer:IMail v"),
	  NULL, NULL,
	  L("Unknown user:", "Invalid final delivery userid:",
	    "undeliverable to", "User mailbox exceeds allowed size:",
	    "Delivery failed # attempts:", "Delivery failed"),
	  L("=Body of message generated response:"), 0, NULL, NULL },

	/* Marshal MailMarshal SMTP. */
	{ "mailmarshal",
	  L("body:Could not be delivered because of && "
	    "body:recipients were affected"),
	  L("Could not be delivered because of"),
	  L("=Additional Information"),
	  NULL, L("recipients were affected"), 0, NULL, NULL },

	/* m-FILTER (Digital Arts). */
	{ "mfilter",
	  L("mailer:m-FILTER"),
	  NULL, NULL, NULL,
	  L("-------server message", "-------SMTP command"), BV_FMT_CMDLINE,
	  NULL, NULL },

	/* MailFoundry appliance. */
	{ "mailfoundry",
	  L("body:Delivery failed for the following reason:"),
	  L("Unable to deliver message to"),
	  NULL, L("Unable to deliver message to:"),
	  L("Delivery failed for the following reason:",
	    "This has been a permanent failure"), 0, NULL, NULL },

	/* KDDI au one net (dion.ne.jp). */
	{ "kddi",
	  L("from:.dion.ne.jp", "body:Could not be delivered to: <"),
	  NULL, NULL, L("Could not be delivered to:"),
	  L("Your mail sent on:"), 0, NULL, NULL },

	/* au by KDDI mobile mail (ezweb.ne.jp). */
	{ "ezweb",
	  L("from:ezweb.ne.jp",
	    "subject:Mail System Error - Returned Mail && bouncy"),
	  NULL, NULL, L("Recipient:"), NULL, 0, NULL, NULL },

	/* BIGLOBE. */
	{ "biglobe",
	  L("from:biglobe.ne.jp"),
	  L("following addresses had delivery problems"),
	  NULL, NULL, L("Non-delivered information"), 0, NULL, NULL },

	/* Trend Micro InterScan Messaging Security Suite. */
	{ "trendmicro",
	  L("from:InterScan", "body:InterScan Messaging Security Suite",
	    "hdr:Content-Type=InterScan_NT_MIME_Boundary"),
	  NULL,
	  L("End of message"),
	  L("Sent <<< RCPT TO:", "Reason: Unable to deliver message to",
	    "Unable to deliver message to"),
	  L("Message from InterScan"), 0, NULL, NULL },

	/* Verizon Wireless MMS gateway (vzwpix.com): names no recipient. */
	{ "verizon",
	  L("from:vzwpix.com", "body:Message could not be delivered to mobile"),
	  NULL, NULL, NULL, NULL, BV_FMT_ORIGTO, NULL, NULL },

	/* Active!hunter (TransWARE): a sendmail-style list and transcript. */
	{ "activehunter",
	  L("hdr:Content-Type=Active!Hunter"),
	  L("following addresses had permanent fatal errors"),
	  NULL, NULL, L("Transcript of session follows"), 0, NULL, NULL },

	/* Sendmail 8 (and 5) notices without a DSN part: the address list
	 * and the session transcript. */
	{ "sendmail",
	  L("body:----- The following addresses had",
	    "body:---The following addresses had",
	    "body:----- Transcript of session follows -----"),
	  L("following addresses had permanent fatal errors",
	    "following addresses had transient non-fatal errors",
	    "following addresses had delivery errors",
	    "following addresses had delivery problems",
	    "Transcript of session follows"),
	  L("Unsent message follows", "Message header follows"),
	  NULL, L("Transcript of session follows"), 0, NULL, NULL },

	/* Sun Java System / Oracle Communications Messaging Server (and
	 * PMDF) notices whose report part is missing: the returned message's
	 * header fields, then "Your message cannot be delivered to the
	 * following recipients:" (or "has been delayed and is still awaiting
	 * delivery"), each recipient a "Recipient address:" paragraph with
	 * "Reason:", "Diagnostic code:" and "Remote system:" (the general
	 * label "Recipient address:" opens it). */
	{ "messagingserver",
	  L("body:This report relates to a message you sent"),
	  L("has been delayed and is still awaiting delivery",
	    "delivered to the following recipients",
	    "to the following recipients:"),
	  NULL, NULL, L("Original address:", "Date:"),
	  BV_FMT_STRICT, NULL, NULL },

	/* Apache James: the recipient is in the message details below. */
	{ "apachejames",
	  L("body:Error message below: && body:Message details:"),
	  L("Error message below:"),
	  L("=Message details:"),
	  L("RCPT TO:"), NULL, 0, NULL, NULL },

	/* fml 4 mailing list manager: posts from non-members refused. */
	{ "fml",
	  L("hdr:X-MLServer=fml && body:not a member"),
	  NULL, NULL, L("You are not a member of this mailing list"),
	  NULL, 0, "rejected", NULL },

	{ NULL, NULL, NULL, NULL, NULL, NULL, 0, NULL, NULL }
};

/* Notices whose sender does not present itself as a mail system. */
static const char *const ungated[] = {
	"hdr:X-MLServer=fml", NULL
};

/* The variants' identifications, parsed once: alternatives of up to
 * MAXTESTS tests.  Their "body:" texts form one set, so that one pass over
 * a notice tells which of them it holds; except those looked for only after
 * another test of their alternative passed ("from:yahoo && body:..."),
 * which are rarely needed: each is looked for then, once per notice. */
#define NVARIANTS	(sizeof(variants) / sizeof(variants[0]) - 1)
#define MAXALTS		12
#define MAXTESTS	3
#define MAXLATE		64	/* body texts looked for late */

/* How a test is evaluated: by its bit in a set of the scan (S_* >= 0), by a
 * late look (T_LATE), or by bv_fmt_test_eval(). */
#define T_EVAL		-1
#define T_LATE		-2

struct ident {
	struct bv_fmt_test	 t[MAXALTS][MAXTESTS];
	int8_t			 how[MAXALTS][MAXTESTS];
	uint8_t			 late[MAXALTS][MAXTESTS];	/* index in
						   late_texts, with T_LATE */
	int			 nt[MAXALTS];
	int			 nalt;
};

static struct ident	 idents[NVARIANTS];
/* The needles of the tests a scan marks beforehand (bv_fmt_bodyscan), by
 * kind: words in the notice, text anywhere in a header. */
static char		*seen_texts[BV_FMT_S_N][BV_FMT_SET_MAX + 1];
static size_t		 seen_n[BV_FMT_S_N];
static struct bv_fmt_set seen_sets[BV_FMT_S_N] = {
	[BV_FMT_S_BODY] = BV_FMT_SET(seen_texts[BV_FMT_S_BODY],
	    sizeof(char *)),
	[BV_FMT_S_FROM] = BV_FMT_SET_ANYWHERE(seen_texts[BV_FMT_S_FROM],
	    sizeof(char *)),
	[BV_FMT_S_SUBJECT] = BV_FMT_SET_ANYWHERE(seen_texts[BV_FMT_S_SUBJECT],
	    sizeof(char *)),
	[BV_FMT_S_MAILER] = BV_FMT_SET_ANYWHERE(seen_texts[BV_FMT_S_MAILER],
	    sizeof(char *)),
};
/* The body texts looked for late, and which of them are known and found
 * for the notice at hand (block_extract). */
static const char	*late_texts[MAXLATE];
static size_t		 late_n;
struct late {
	uint64_t	 known, found;
};
static pthread_once_t	 ident_once = PTHREAD_ONCE_INIT;
/* The variants each needle of the scan opens an alternative of (its first
 * test), and those with an alternative that opens otherwise: a variant in
 * neither for a notice cannot pass, and its tests are not looked at. */
#define VWORDS		((NVARIANTS + 63) / 64)
static uint64_t		 opened_by[BV_FMT_S_N][BV_FMT_SET_MAX][VWORDS];
static uint64_t		 opened_always[VWORDS];

/* The index of TEXT in LIST[0..N), or -1. */
static int
text_index(const char *const *list, size_t n, const char *text)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		if (strcmp(list[i], text) == 0)
			return (int)i;
	return -1;
}

/* Parse alternative S into the tests of ID's alternative A. */
static void
parse_alt(struct ident *id, int a, const char *s)
{
	struct bv_fmt_test	*t;
	const char		*and;
	size_t			 n;

	for (; *s != '\0'; s = and != NULL ? and + 4 : s + n) {
		and = strstr(s, " && ");
		n = and != NULL ? (size_t)(and - s) : strlen(s);
		t = &id->t[a][id->nt[a]];
		/* A typo or an overlong entry in the table above. */
		if (id->nt[a] == MAXTESTS || bv_fmt_test_parse(s, n, t) != 0)
			abort();
		id->nt[a]++;
	}
}

/* Does some alternative open with the body test TEXT?  Then the scan
 * marks it: it is needed for every notice. */
static int
opens_alt(const char *text)
{
	size_t	 i;
	int	 a;

	for (i = 0; i < NVARIANTS; i++)
		for (a = 0; a < idents[i].nalt; a++)
			if (idents[i].t[a][0].kind == BV_FMT_T_BODY &&
			    strcmp(idents[i].t[a][0].text, text) == 0)
				return 1;
	return 0;
}

/* Can body test T wait for the tests before it?  Its first two bytes are
 * no blanks (bv_fmt_body_word()). */
static int
late_test(const struct bv_fmt_test *t, int k)
{
	return k > 0 && t->kind == BV_FMT_T_BODY && strlen(t->text) >= 2 &&
	    !isspace((unsigned char)t->text[0]) &&
	    !isspace((unsigned char)t->text[1]) && !opens_alt(t->text);
}

/* How test K of ID's alternative A is evaluated.  A set holds needles of
 * two bytes or more; tests of the same text share its needle, so the scan
 * compares it once. */
static void
place_test(struct ident *id, int a, int k)
{
	struct bv_fmt_test	*t = &id->t[a][k];
	int			 slot = bv_fmt_test_slot(t), i;

	id->how[a][k] = T_EVAL;
	if (late_test(t, k)) {
		if ((i = text_index(late_texts, late_n, t->text)) < 0) {
			if (late_n == MAXLATE)
				abort();	/* raise MAXLATE */
			i = (int)late_n;
			late_texts[late_n++] = t->text;
		}
		id->how[a][k] = T_LATE;
		id->late[a][k] = (uint8_t)i;
		return;
	}
	if (slot < 0 || strlen(t->text) < 2)
		return;
	if ((t->idx = text_index((const char *const *)seen_texts[slot],
	    seen_n[slot], t->text)) < 0 && seen_n[slot] < BV_FMT_SET_MAX) {
		t->idx = (int)seen_n[slot];
		seen_texts[slot][seen_n[slot]++] = xstrdup(t->text);
	}
	if (t->idx >= 0)
		id->how[a][k] = (int8_t)slot;
}

/* Note what opens alternative A of variant I (after place_test()). */
static void
note_opening(size_t i, int a)
{
	const struct ident	*id = &idents[i];
	uint64_t		 bit = UINT64_C(1) << (i % 64);
	int			 s = id->nt[a] > 0 ? id->how[a][0] : T_EVAL;

	if (s >= 0)
		opened_by[s][id->t[a][0].idx][i / 64] |= bit;
	else
		opened_always[i / 64] |= bit;
}

static void
parse_idents(void)
{
	size_t	 i, k;
	int	 a;

	for (i = 0; i < NVARIANTS; i++)
		for (k = 0; variants[i].ident[k] != NULL; k++) {
			if (k == MAXALTS)
				abort();	/* raise MAXALTS */
			parse_alt(&idents[i], (int)k, variants[i].ident[k]);
			idents[i].nalt++;
		}
	for (i = 0; i < NVARIANTS; i++)
		for (a = 0; a < idents[i].nalt; a++) {
			for (k = 0; k < (size_t)idents[i].nt[a]; k++)
				place_test(&idents[i], a, (int)k);
			note_opening(i, a);
		}
}

/* The variants that may pass for the notice SEEN describes, into CAND. */
static void
candidates(const struct bv_fmt_seen *seen, uint64_t *cand)
{
	uint64_t	 w;
	size_t		 s, k, j, v;

	memcpy(cand, opened_always, sizeof(opened_always));
	for (s = 0; s < BV_FMT_S_N; s++)
		for (k = 0; k < BV_FMT_SET_MAX / 64; k++)
			for (w = seen->bits[s][k]; w != 0; w &= w - 1) {
				j = k * 64 + (size_t)__builtin_ctzll(w);
				for (v = 0; v < VWORDS; v++)
					cand[v] |= opened_by[s][j][v];
			}
}

/* Is late body text I in M?  Looked for once per notice. */
static int
late_found(const struct bv_msg *m, struct late *lt, int i)
{
	uint64_t	 bit = UINT64_C(1) << i;

	if (!(lt->known & bit)) {
		lt->known |= bit;
		if (bv_fmt_body_word(m, late_texts[i]))
			lt->found |= bit;
	}
	return (lt->found & bit) != 0;
}

static int
test_passes(const struct ident *id, int a, int k, const struct bv_msg *m,
    const struct bv_fmt_seen *seen, struct late *lt)
{
	int	 s = id->how[a][k], j;

	/* A needle of the scan: its bit, without a call. */
	if (s >= 0 && seen->set[s] != NULL) {
		j = id->t[a][k].idx;
		return (seen->bits[s][j / 64] >> (j % 64)) & 1;
	}
	if (s == T_LATE)
		return late_found(m, lt, id->late[a][k]);
	return bv_fmt_test_eval(&id->t[a][k], m, seen);
}

/* Inlined: block_extract() calls it for every variant let in. */
static inline __attribute__((always_inline)) int
identified(size_t i, const struct bv_msg *m, const struct bv_fmt_seen *seen,
    struct late *lt)
{
	const struct ident	*id = &idents[i];
	int			 a, k;

	for (a = 0; a < id->nalt; a++) {
		for (k = 0; k < id->nt[a]; k++)
			if (!test_passes(id, a, k, m, seen, lt))
				break;
		if (k == id->nt[a])
			return 1;
	}
	return 0;
}

/* Cheap: the notice must present itself as one; extract() tells which. */
static int
block_claims(const struct bv_msg *m)
{
	return bv_fmt_bouncy(m) || bv_fmt_ident(m, ungated, NULL);
}

/* A Google Groups refusal read from the returned message's To is right only
 * when the notice's "(NAME)" after GROUP_SAYS is that address's local part
 * (the To may list other recipients).  Other variants' records: always. */
#define GROUP_SAYS	"the group you tried to contact"

static int
group_named(const struct bv_fmt_variant *v, const struct bv_fmt_seen *seen,
    const struct bv_reclist *out, size_t first)
{
	const char	*p, *at, *end, *rcpt;
	size_t		 n;

	if (!(v->flags & BV_FMT_ORIGTO) || strcmp(v->name, "googlegroups") != 0)
		return 1;
	if (out->n != first + 1 || seen->text == NULL || (rcpt =
	    out->v[first].recipient) == NULL || (at = strchr(rcpt, '@')) ==
	    NULL || (p = bv_fmt_find(seen->text, seen->orig, GROUP_SAYS)) ==
	    NULL)
		return 0;
	n = (size_t)(at - rcpt);
	end = seen->text + seen->orig;
	for (p += strlen(GROUP_SAYS); p < end && (*p == ' ' || *p == '\n');
	    p++)
		;
	return (size_t)(end - p) > n + 1 && *p == '(' && p[n + 1] == ')' &&
	    strncasecmp(p + 1, rcpt, n) == 0;
}

static int
block_extract(const struct bv_msg *m, struct bv_reclist *out)
{
	struct bv_fmt_seen	 seen;
	struct late		 lt = { 0, 0 };
	uint64_t		 cand[VWORDS];
	size_t			 i, first = out->n;

	pthread_once(&ident_once, parse_idents);
	for (i = 0; i < BV_FMT_S_N; i++)
		seen.set[i] = &seen_sets[i];
	bv_fmt_bodyscan(m, &seen);
	candidates(&seen, cand);
	for (i = 0; i < NVARIANTS; i++) {
		if (!((cand[i / 64] >> (i % 64)) & 1) ||
		    !identified(i, m, &seen, &lt) ||
		    bv_fmt_block_run(&variants[i], m, &seen, out) != 0)
			continue;
		if (group_named(&variants[i], &seen, out, first))
			return 0;
		while (out->n > first)
			bv_record_clear(&out->v[--out->n]);
	}
	return -1;
}

int
bv_fmt_variant_identified(const struct bv_msg *m, size_t i, int quick)
{
	struct bv_fmt_seen	 seen;
	struct late		 lt = { 0, 0 };
	uint64_t		 cand[VWORDS];
	size_t			 k;

	pthread_once(&ident_once, parse_idents);
	if (i >= NVARIANTS)
		return 0;
	for (k = 0; k < BV_FMT_S_N; k++)
		seen.set[k] = &seen_sets[k];
	bv_fmt_bodyscan(m, &seen);
	if (quick) {
		candidates(&seen, cand);
		if (!((cand[i / 64] >> (i % 64)) & 1))
			return 0;
	}
	return identified(i, m, &seen, &lt);
}

const char *
bv_fmt_variant_name(size_t i)
{
	return i < NVARIANTS ? variants[i].name : NULL;
}

const struct bv_reader bv_reader_block = {
	"text", block_claims, block_extract
};
