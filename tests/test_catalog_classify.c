/*
 * test_catalog_classify: diagnostic lines to reason, blocklist and listed
 * IP.  The lines are written for this test (invented hosts and addresses)
 * in the styles of common MTAs and providers; together they cover every
 * reason of the vocabulary and every blocklist of the catalog.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <unistd.h>
#include <cmocka.h>

#include "catalog/catint.h"

struct tcase {
	const char	*diag;
	const char	*status;
	const char	*reply;
	const char	*action;
	const char	*hint;
	const char	*command;
	const char	*reason;	/* expected */
	const char	*list;		/* blocklist name, or NULL */
	const char	*ip;		/* listed IP, or "" */
};

/* Text only; text with codes; text with the SMTP command; reader hint. */
#define T(d, r)			{ d, NULL, NULL, NULL, NULL, NULL, r, NULL, "" }
#define TC(d, s, c, r)		{ d, s, c, NULL, NULL, NULL, r, NULL, "" }
#define TB(d, r, l, ip)		{ d, NULL, NULL, NULL, NULL, NULL, r, l, ip }
#define TCMD(d, cmd, r)		{ d, NULL, NULL, NULL, NULL, cmd, r, NULL, "" }
#define TA(d, s, a, r)		{ d, s, NULL, a, NULL, NULL, r, NULL, "" }
#define TH(d, h, r)		{ d, NULL, NULL, NULL, h, NULL, r, NULL, "" }

static const struct tcase cases[] = {
	/* ---- userunknown ---- */
	T("mail.example.org: Unknown local user.", "userunknown"),
	T("Recipient's Domino Directory entry does not specify a valid Notes "
	    "mail file", "userunknown"),
	TC("DNS Error: 1234 DNS type 'mx' lookup of example.invalid responded "
	    "with code NXDOMAIN Domain name not found: example.invalid",
	    "5.1.2", NULL, "hostunknown"),
	/* Yahoo's "dd" answer for a disabled mailbox is no unknown user. */
	T("554 delivery error: dd Sorry your message to nobody@example.net "
	    "cannot be delivered. This mailbox is disabled (554.30). - "
	    "mta.example.net", "suspend"),
	/* amavisd-new's banned attachment names are a policy. */
	T("BANNED CONTENTS ALERT Our content checker found banned name: "
	    ".exe,setup.exe in email presumably from you", "policyviolation"),
	T("550 5.1.1 <ghost@example.org>: Recipient address rejected: User "
	    "unknown in virtual mailbox table", "userunknown"),
	T("550 5.1.1 <ghost@example.org>... User unknown", "userunknown"),
	T("550 sorry, no mailbox here by that name. (#5.1.1)", "userunknown"),
	T("550-5.1.1 The email account that you tried to reach does not "
	    "exist. Please try\n550-5.1.1 double-checking the recipient's "
	    "email address for typos or\n550 5.1.1 unnecessary spaces. "
	    "https://support.google.com/mail/?p=NoSuchUser x1si2 - gsmtp",
	    "userunknown"),
	T("550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient not found by "
	    "SMTP address lookup", "userunknown"),
	T("550 5.1.1 RESOLVER.ADR.RecipNotFound; not found", "userunknown"),
	T("554 delivery error: dd This user doesn't have a yahoo.com account "
	    "(nobody@example.com) [0] - mta.example.net", "userunknown"),
	T("550 Unknown user nobody@example.net", "userunknown"),
	T("550 <nobody@example.net>: No such user", "userunknown"),
	T("550 5.1.1 Mailbox does not exist", "userunknown"),
	T("550 Invalid recipient <nobody@example.net>", "userunknown"),
	T("553 5.3.0 <nobody@example.net>... No such user here",
	    "userunknown"),
	T("User nobody (nobody@example.org) not listed in Domino Directory",
	    "userunknown"),
	T("The recipient name is not recognized", "userunknown"),
	T("550 Requested action not taken: mailbox unavailable",
	    "userunknown"),
	T("550 5.1.1 Adresse d au moins un destinataire invalide. Invalid "
	    "recipient. OFR_416 [416]", "userunknown"),
	T("550 Message was not accepted -- invalid mailbox.  Local mailbox "
	    "nobody@example.ru is unavailable: user not found", "userunknown"),
	T("550 5.4.1 Recipient address rejected: Access denied. "
	    "[AM0PR01.example.prod.outlook.com]", "userunknown"),
	TC("550 Address rejected", "5.1.1", "550", "userunknown"),
	TC("551 5.1.1 bad address", NULL, NULL, "userunknown"),
	T("X-Unix; 67", "userunknown"),

	/* ---- hostunknown ---- */
	T("550 Host unknown", "hostunknown"),
	T("Host or domain name not found. Name service error for "
	    "name=example.invalid type=A: Host not found", "hostunknown"),
	T("Sorry, I couldn't find any host named mx.example.invalid. "
	    "(#5.1.2)", "hostunknown"),
	T("Unrouteable address", "hostunknown"),
	T("550 5.4.4 Invalid domain", "hostunknown"),
	T("553 example.invalid does not exist", "hostunknown"),
	T("554 The mail could not be delivered to the recipient because the "
	    "domain is not reachable", "hostunknown"),
	TC("550 no route", "5.1.2", NULL, "hostunknown"),

	/* ---- hasmoved ---- */
	T("550 5.1.6 recipient no longer on server: old@example.org",
	    "hasmoved"),
	T("551 User not local; please try <new@example.net>", "hasmoved"),
	TC("551 not our user", NULL, "551", "hasmoved"),
	TC("550 gone", "5.1.6", "550", "hasmoved"),

	/* ---- notaccept ---- */
	T("Sorry, I couldn't find a mail exchanger or IP address. (#5.4.4)",
	    "notaccept"),
	T("DNS Error: DNS type 'mx' lookup of example.com responded with code "
	    "NOERROR The domain example.com doesn't receive email according "
	    "to the administrator: returned Null MX", "notaccept"),
	TC("556 5.1.10 example.net does not accept mail (null MX)", NULL,
	    NULL, "notaccept"),
	TC("521 5.3.2 mx.example.net does not accept mail", NULL, NULL,
	    "notaccept"),

	/* ---- mailboxfull ---- */
	T("552 5.2.2 <full@example.org>: user is over quota", "mailboxfull"),
	T("552 5.2.2 Quota exceeded (mailbox for user is full)",
	    "mailboxfull"),
	T("mailbox is full: retry timeout exceeded", "mailboxfull"),
	T("550 5.1.1 <full@example.org>... Mailbox full", "mailboxfull"),
	T("x-unix; /var/mail/full: Disk quota exceeded", "mailboxfull"),
	T("452-4.2.2 The recipient's inbox is out of storage space. Please "
	    "direct the recipient to\n452 4.2.2 https://support.google.com/"
	    "mail/?p=OverQuotaTemp - gsmtp", "mailboxfull"),
	T("Could not be delivered to: <full@example.jp> As their mailbox is "
	    "full.", "mailboxfull"),
	T("422 Recipient mailbox exceeded storage allocation",
	    "mailboxfull"),
	TC("552 Requested mail action aborted", NULL, "552", "mailboxfull"),
	TC("450 try later", "4.2.2", "450", "mailboxfull"),

	/* ---- suspend ---- */
	T("550-5.2.1 The email account that you tried to reach is disabled. "
	    "https://support.google.com/mail/?p=DisabledUser - gsmtp",
	    "suspend"),
	T("550 5.2.1 <idle@example.org>: account is inactive", "suspend"),
	T("550 Mailbox is frozen. See http://mail.example.net/err/3/",
	    "suspend"),
	T("550 5.5.0 Le compte du destinataire est bloque. The recipient "
	    "account is blocked. LPN007_426", "suspend"),
	T("525 5.7.13 <idle@example.org>: Recipient address rejected: User "
	    "account disabled", "suspend"),
	T("554 This account has been suspended", "suspend"),
	TC("550 no", "5.2.1", "550", "suspend"),

	/* ---- exceedlimit ---- */
	T("552 5.2.3 Message size exceeds fixed maximum message size "
	    "(10485760)", "exceedlimit"),
	T("552 5.2.3 Message length exceeds administrative limit",
	    "exceedlimit"),
	TC("552 too much", "5.2.3", "552", "exceedlimit"),

	/* ---- mesgtoobig ---- */
	T("552 5.3.4 Message too large", "mesgtoobig"),
	T("550 5.2.3 RESOLVER.RST.RecipSizeLimit; message too large for this "
	    "recipient", "mesgtoobig"),
	T("552-5.2.3 Your message exceeded Google's message size limits. "
	    "https://support.google.com/mail/?p=MaxSizeError - gsmtp",
	    "mesgtoobig"),
	T("554 Mail size limit exceeded. For explanation visit "
	    "http://postmaster.example.de/", "mesgtoobig"),
	TC("523 too big", NULL, "523", "mesgtoobig"),

	/* ---- filtered ---- */
	TCMD("550 Unknown user nobody@example.ne.jp", "DATA", "filtered"),
	T("550 Unknown user nobody@example.ne.jp (in reply to end of DATA "
	    "command)", "filtered"),
	TC("550 Unknown user nobody@example.ne.jp", "5.2.0", "550",
	    "filtered"),
	T("550 : User unknown", "filtered"),
	T("550 5.1.1 RCP-P2 http://postmaster.example.com/response_codes "
	    "Refused due to recipient preferences", "filtered"),
	T("550 5.7.1 RESOLVER.RST.NotAuthorized; not authorized",
	    "filtered"),
	T("550 Envelope blocked - User Entry - https://community.mimecast."
	    "com/docs/DOC-1369#550", "filtered"),
	TC("550 5.2.0 Message Filtered", "5.2.0", "550", "filtered"),

	/* ---- rejected ---- */
	T("501 5.1.8 Sender address rejected", "rejected"),
	T("553 5.1.8 <bounce@example.net>... Domain of sender address "
	    "bounce@example.net does not exist", "rejected"),
	T("450 4.1.8 <bounce@example.net>: Sender address rejected: Domain "
	    "not found", "rejected"),
	T("You are not a member of this mailing list <list@example.org>.",
	    "rejected"),
	T("550 5.7.1 can't determine Purported Responsible Address",
	    "rejected"),
	TCMD("553 5.1.0 bounce example.net does not exist", "MAIL",
	    "rejected"),
	TCMD("550 Unauthenticated senders not allowed", "MAIL",
	    "securityerror"),
	T("550 5.1.8 Access denied, bad outbound sender", "rejected"),

	/* ---- norelaying ---- */
	T("554 5.7.1 <someone@example.org>: Relay access denied",
	    "norelaying"),
	T("553 sorry, that domain isn't in my list of allowed rcpthosts "
	    "(#5.7.1)", "norelaying"),
	T("550 5.7.1 Unable to relay", "norelaying"),
	T("554 Message rejected: Email address is not verified. The "
	    "following identities failed the check in region EU-WEST-1: "
	    "sender@example.com", "norelaying"),
	T("550 5.7.64 TenantAttribution; Relay Access Denied",
	    "norelaying"),

	/* ---- blocked, with and without a named list ---- */
	TB("554 5.7.1 Service unavailable; Client host [192.0.2.7] blocked "
	    "using zen.spamhaus.org; https://www.spamhaus.org/query/ip/"
	    "192.0.2.7", "blocked", "Spamhaus ZEN", "192.0.2.7"),
	TB("550 5.7.1 Service unavailable; client [198.51.100.20] blocked "
	    "using sbl.spamhaus.org", "blocked", "Spamhaus SBL",
	    "198.51.100.20"),
	TB("554 5.7.1 Rejected: 203.0.113.5 listed at xbl.spamhaus.org",
	    "blocked", "Spamhaus XBL", "203.0.113.5"),
	TB("550 5.7.1 Client host [203.0.113.6] blocked using "
	    "cbl.abuseat.org; Blocked - see https://www.abuseat.org/lookup/",
	    "blocked", "Spamhaus XBL", "203.0.113.6"),
	TB("554 5.7.1 Service unavailable; Client host [198.51.100.30] "
	    "blocked using pbl.spamhaus.org; https://www.spamhaus.org/query/"
	    "ip/198.51.100.30", "blocked", "Spamhaus PBL", "198.51.100.30"),
	TB("550 IP 192.0.2.44 is listed in css.spamhaus.org", "blocked",
	    "Spamhaus CSS", "192.0.2.44"),
	TB("554 5.7.1 Service unavailable; Sender address [news@example.com] "
	    "blocked using dbl.spamhaus.org", "blocked", "Spamhaus DBL", ""),
	TB("553 http://www.spamhaus.org/query/bl?ip=192.0.2.222", "blocked",
	    "Spamhaus", "192.0.2.222"),
	TB("550-Rejected message because 198.51.100.9 is in a black list at "
	    "bl.spamcop.net", "blocked", "SpamCop", "198.51.100.9"),
	TB("553 sorry, your mailserver [192.0.2.12] is rejected by see "
	    "http://spamcop.net/", "blocked", "SpamCop", "192.0.2.12"),
	TB("554 Service unavailable; Client host [192.0.2.15] blocked using "
	    "b.barracudacentral.org", "blocked",
	    "Barracuda Reputation Block List", "192.0.2.15"),
	TB("521-5.7.1 Service unavailable; client [203.0.113.225] blocked "
	    "using dnsbl.sorbs.net", "blocked", "SORBS", "203.0.113.225"),
	TB("550 Your IP 198.51.100.77 is listed on dnsbl-1.uceprotect.net",
	    "blocked", "UCEPROTECT", "198.51.100.77"),
	TB("554 5.7.1 Service unavailable; Client host [203.0.113.71] blocked "
	    "using noptr.spamrats.com; RATS-NoPtr", "blocked", "SpamRATS",
	    "203.0.113.71"),
	TB("550 rejected, 192.0.2.90 listed by psbl.surriel.com", "blocked",
	    "Passive Spam Block List", "192.0.2.90"),
	TB("554 Blocked: 198.51.100.61 is listed by bl.mailspike.net",
	    "blocked", "Mailspike", "198.51.100.61"),
	TB("550 5.7.1 Message rejected because 203.0.113.81 is in "
	    "sip.invaluement.com", "blocked", "Invaluement", "203.0.113.81"),
	TB("554 5.7.1 Client host [192.0.2.55] blocked using "
	    "combined.mail.abusix.zone", "blocked",
	    "Abusix Mail Intelligence", "192.0.2.55"),
	TB("554 5.7.1 Blocked - see https://ipcheck.proofpoint.com/?ip="
	    "198.51.100.3", "blocked", "Proofpoint IP reputation",
	    "198.51.100.3"),
	TB("550 5.7.1 Poor reputation of 203.0.113.14 at Cloudmark Sender "
	    "Intelligence, see csi.cloudmark.com", "blocked",
	    "Cloudmark Sender Intelligence", "203.0.113.14"),
	TB("550 5.7.1 Mail from 192.0.2.100 blocked using Trend Micro Email "
	    "Reputation database. Please see http://www.mail-abuse.com/"
	    "cgi-bin/lookup?192.0.2.100", "blocked",
	    "Trend Micro Email Reputation", "192.0.2.100"),
	TB("550 5.7.606 Access denied, banned sending IP [198.51.100.222]. "
	    "To request removal from this list please visit "
	    "https://sender.office.com/", "blocked",
	    "Microsoft IP block list", "198.51.100.222"),
	TB("550 5.7.1 Unfortunately, messages from [203.0.113.40] weren't "
	    "sent. Please contact your Internet service provider since part "
	    "of their network is on our block list (S3150).", "blocked",
	    "Microsoft IP block list", "203.0.113.40"),
	TB("550-192.0.2.66 blocked by ldap:ou=rblmx,dc=example,dc=net\n"
	    "550 Blocked for abuse. See http://www.att.net/bls_rbl/",
	    "blocked", "AT&T rblmx", "192.0.2.66"),
	TB("550 Rejected, 2001:db8::25 is listed at zen.spamhaus.org",
	    "blocked", "Spamhaus ZEN", "2001:db8::25"),
	TB("554 5.7.1 Client host rejected: IPv6:2001:DB8:0:0::1f blocked "
	    "using bl.spamcop.net", "blocked", "SpamCop", "2001:db8::1f"),
	TB("554 rejected: 44.2.0.192.zen.spamhaus.org says 127.0.0.2",
	    "blocked", "Spamhaus ZEN", "192.0.2.44"),
	TB("host mx.example.net[203.0.113.1] said: 554 5.7.1 Client host "
	    "[198.51.100.50] blocked using bl.spamcop.net", "blocked",
	    "SpamCop", "198.51.100.50"),
	TB("550 Listed in ips.backscatterer.org: 192.0.2.101", "blocked",
	    "Backscatterer", "192.0.2.101"),
	TB("550 5.7.1 URL of example.com is listed in multi.surbl.org",
	    "blocked", "SURBL", ""),
	TB("550-REJECTED - Blacklisted URL in message. (example.com) in "
	    "[black].\n550-See http://lookup.uribl.com. - Blacklisted Link",
	    "blocked", "URIBL", ""),
	TB("554 192.0.2.120 listed on dnsbl.dronebl.org", "blocked",
	    "DroneBL", "192.0.2.120"),
	TB("550 198.51.100.121 listed by bl.blocklist.de", "blocked",
	    "blocklist.de", "198.51.100.121"),
	TB("550 198.51.100.122 is on ubl.unsubscore.com (LashBack)",
	    "blocked", "LashBack UBL", "198.51.100.122"),
	TB("550 Blocked by hostkarma.junkemailfilter.com: 203.0.113.123",
	    "blocked", "Hostkarma (Junk Email Filter)", "203.0.113.123"),
	TB("554 203.0.113.124 listed on bl.spameatingmonkey.net", "blocked",
	    "SpamEatingMonkey", "203.0.113.124"),
	TB("550 Listed by bl.0spam.org: 192.0.2.125", "blocked", "0spam",
	    "192.0.2.125"),
	TB("554 Rejected: 192.0.2.126 in all.s5h.net", "blocked", "S5H",
	    "192.0.2.126"),
	/* No list known: the reason and the address still. */
	TB("550-192.0.2.222 blocked by ldap:ou=localblock,dc=example,dc=net\n"
	    "550 Error - Blocked for abuse. See http://example.net/info",
	    "blocked", NULL, "192.0.2.222"),
	TB("554 5.7.1 <a1.example.com[192.0.2.22]>: Client host rejected: "
	    "blocked using bl.example.org; Please see http://bl.example.org/",
	    "blocked", NULL, "192.0.2.22"),
	T("550 5.7.1 IP address blacklisted by recipient", "blocked"),
	T("554 mx.example.com ESMTP not accepting connections", "blocked"),
	TB("501 <me@example.com>... no access from mail server [192.0.2.55] "
	    "which is an open relay.", "blocked", NULL, "192.0.2.55"),
	T("550 5.7.0 <me@example.com>... Please use the smtp server of your "
	    "ISP.", "blocked"),
	TCMD("550 Access denied", "CONN", "blocked"),
	TB("550 5.7.1 Unfortunately, messages from 192.0.2.5 weren't sent. "
	    "SC-004 too many unwanted messages", "blocked", NULL, "192.0.2.5"),
	T("554 RTR:BL the IP is blocked", "blocked"),
	T("550 5.1.0 <b@example.com> sender rejected. AUP#CDRBL",
	    "blocked"),
	TC("550 go away", "5.7.708", "550", "blocked"),

	/* ---- a Spamhaus answer that is not a listing ---- */
	{ "554 5.7.1 Service unavailable; Client host [192.0.2.7] blocked "
	    "using zen.spamhaus.org; Error: open resolver; https://www."
	    "spamhaus.org/returnc/pub/203.0.113.1", NULL, NULL, NULL, NULL,
	    NULL, "systemerror", NULL, "" },
	{ "550 query to zen.spamhaus.org returned 127.255.255.254 for "
	    "192.0.2.9", NULL, NULL, NULL, NULL, NULL, "systemerror", NULL,
	    "" },

	/* ---- badreputation ---- */
	TB("451 4.7.650 The mail server [192.0.2.25] has been temporarily rate "
	    "limited due to IP reputation.", "badreputation", NULL,
	    "192.0.2.25"),
	TB("421 4.7.0 [TSS04] Messages from 192.0.2.25 temporarily deferred "
	    "due to unexpected volume or user complaints", "badreputation",
	    NULL, "192.0.2.25"),
	T("421-4.7.0 This message is suspicious due to the very low "
	    "reputation of the sending domain", "badreputation"),
	T("550 Rejected due to poor sender reputation", "badreputation"),

	/* ---- requireptr ---- */
	TB("450 4.7.1 Client host rejected: cannot find your reverse hostname, "
	    "[192.0.2.1]", "requireptr", NULL, "192.0.2.1"),
	TB("550 5.7.1 Connections not accepted from servers without a valid "
	    "sender domain. Fix reverse DNS for 203.0.113.2", "requireptr",
	    NULL, "203.0.113.2"),
	T("554 mta.example.net Example requires that all mail servers must "
	    "have a PTR record with a valid Reverse DNS entry.",
	    "requireptr"),
	T("550-5.7.25 The IP address sending this message does not have a PTR "
	    "record setup", "requireptr"),
	TB("450 service permits 2 unverifyable sending IPs - example.com is "
	    "not 203.0.113.2", "requireptr", NULL, "203.0.113.2"),
	TC("550 no", "5.7.25", NULL, "requireptr"),

	/* ---- speeding ---- */
	T("550-5.2.1 The user you are trying to contact is receiving mail at "
	    "a rate that\n550-5.2.1 prevents additional messages from being "
	    "delivered. https://support.google.com/mail/?p=ReceivingRatePerm",
	    "speeding"),
	T("450 4.7.1 Sending rate too high, slow down", "speeding"),
	T("550 5.4.5 Hourly sending quota exceeded", "speeding"),
	TC("550 5.2.122 too many", "5.2.122", NULL, "speeding"),

	/* ---- toomanyconn ---- */
	T("452 4.3.2 Connection rate limit exceeded.", "toomanyconn"),
	T("552 Too many recipients", "toomanyconn"),
	T("421 Too many concurrent SMTP connections from this IP",
	    "toomanyconn"),
	T("550 Ip frequency limited [Blocked IP 192.0.2.22]",
	    "toomanyconn"),
	TC("452 4.5.3 nope", "4.5.3", NULL, "toomanyconn"),

	/* ---- policyviolation ---- */
	T("554 5.7.9 Message not accepted for policy reasons. See "
	    "https://senders.yahooinc.com/error-codes", "policyviolation"),
	T("550 5.7.0 Local Policy Violation", "policyviolation"),
	T("554 5.7.0 Header error", "policyviolation"),
	T("550 Protocol violation", "policyviolation"),
	T("554 Host network not allowed - https://community.mimecast.com/docs/"
	    "DOC-1369#554", "policyviolation"),
	T("552-5.7.0 This message was blocked because its content presents a "
	    "potential\n552-5.7.0 security issue. https://support.google.com/"
	    "mail/?p=BlockedMessage", "policyviolation"),
	T("554 5.7.1 [CS01] Message rejected due to local policy.",
	    "policyviolation"),

	/* ---- spamdetected ---- */
	T("554 5.7.0 Reject, id=12345-01 - SPAM", "spamdetected"),
	T("550 5.7.1 Message content rejected, UBE, id=00000-22-225",
	    "spamdetected"),
	T("554 5.6.0 This message has been scored as spam with a probability "
	    "of more than 90%", "spamdetected"),
	T("550-5.7.1 Our system has detected that this message is likely "
	    "unsolicited mail. https://support.google.com/mail/?p="
	    "UnsolicitedMessageError", "spamdetected"),
	T("554 5.7.1 [2] Message rejected under suspicion of SPAM",
	    "spamdetected"),
	TC("541 nope", NULL, "541", "spamdetected"),

	/* ---- virusdetected ---- */
	T("554 5.7.0 Virus detected in message", "virusdetected"),
	T("550 Message contains malware (Eicar-Test-Signature)",
	    "virusdetected"),

	/* ---- contenterror ---- */
	T("552 5.6.0 Headers too large (32768 max)", "contenterror"),
	T("550 5.6.0 Media error: malformed MIME structure",
	    "contenterror"),
	TC("554 5.6.1 not supported", "5.6.1", NULL, "contenterror"),

	/* ---- notcompliantrfc ---- */
	T("550-5.7.1 Messages with multiple addresses in From: header are not "
	    "accepted. - gsmtp", "notcompliantrfc"),
	T("550 5.7.1 Message is not RFC 5322 compliant", "notcompliantrfc"),
	T("554 Message rejected: duplicate header Date", "notcompliantrfc"),

	/* ---- authfailure ---- */
	T("550 5.7.1 Email rejected per DMARC policy for example.com",
	    "authfailure"),
	T("554 5.7.1 Your message was rejected due to example.com's DMARC "
	    "policy. See https://support.apple.com/en-us/HT204137",
	    "authfailure"),
	T("550-5.7.26 The MAIL FROM domain [mail.example.com] has an SPF "
	    "record with a hard fail policy (-all)", "authfailure"),
	T("550 5.7.509 Access denied, sending domain [EXAMPLE.COM] does not "
	    "pass DMARC verification and has a DMARC policy of reject.",
	    "authfailure"),
	T("550 5.1.0 192.0.2.222 is not allowed to send from <example.net> "
	    "per its SPF Record.", "authfailure"),
	T("550 5.7.26 Multiple authentication checks failed",
	    "authfailure"),
	T("550 DKIM signature verification failed", "authfailure"),
	TC("550 no", "5.7.23", "550", "authfailure"),

	/* ---- securityerror ---- */
	T("530 5.7.0 Must issue a STARTTLS command first", "securityerror"),
	T("550 Unauthenticated senders not allowed", "securityerror"),
	T("530 5.7.57 Client was not authenticated to send anonymous mail "
	    "during MAIL FROM", "securityerror"),
	T("551 5.7.1 <x@example.org>: Recipient address rejected: Delivery "
	    "not authorized", "securityerror"),
	TC("550 5.7.1 Access denied", "5.7.1", "550", "securityerror"),
	TC("535 5.7.8 Authentication credentials invalid", NULL, NULL,
	    "securityerror"),

	/* ---- expired ---- */
	T("554 4.4.7 Message expired: unable to deliver in 840 minutes.<421 "
	    "4.4.2 Connection timed out>", "expired"),
	T("550 4.4.7 QUEUE.Expired; message expired", "expired"),
	T("Could not deliver for the last 432000 seconds. Giving up.",
	    "expired"),
	T("connect to mx.example.org[192.0.2.79]:25: Connection timed out",
	    "expired"),
	T("Envelope expired", "expired"),
	T("unable to connect to remote server [192.0.2.222:25]: Operation "
	    "timed out. I'm not going to try again; this message has been in "
	    "the queue too long.", "expired"),
	T("The recipient server did not accept our requests to connect. "
	    "[mx.example.org 192.0.2.9: timed out]", "expired"),
	TA(NULL, "4.4.7", "delayed", "expired"),
	TA(NULL, NULL, "delayed", "expired"),
	TA(NULL, "4.4.0", "delayed", "expired"),
	TA(NULL, "4.2.2", "delayed", "mailboxfull"),
	/* An expiry note beats the passing trouble that led to it. */
	T("451 4.3.0 Temporary system failure. Please try again later. "
	    "Message could not be delivered for 5 days", "expired"),
	/* A delay over a network problem has not expired yet; a failure
	 * after timeouts has. */
	TA("connect to mx.example.net[192.0.2.94]:25: Connection timed out",
	    NULL, "delayed", "networkerror"),
	TA("connect to mx.example.net[192.0.2.94]:25: Connection refused",
	    "4.4.1", "delayed", "networkerror"),
	TA("connect to mx.example.net[192.0.2.94]:25: Connection timed out",
	    NULL, "failed", "expired"),

	/* ---- networkerror ---- */
	/* Gmail's NXDOMAIN comes as 4.0.0: the name may come back. */
	TC("DNS Error: 1234 DNS type 'mx' lookup of example.invalid responded "
	    "with code NXDOMAIN Domain name not found: example.invalid",
	    "4.0.0", NULL, "networkerror"),
	T("Error transferring to mx.example.org; Maximum hop count exceeded.  "
	    "Message probably in a routing loop.", "networkerror"),
	T("Sorry, I wasn't able to establish an SMTP connection. (#4.4.1) I'm "
	    "not going to try again; this message has been in the queue too "
	    "long.", "networkerror"),
	T("DNS Error: 1234 DNS type 'mx' lookup of example.invalid responded "
	    "with code NXDOMAIN Domain name not found: example.invalid",
	    "networkerror"),
	T("554 5.4.6 Hop count exceeded - possible mail loop",
	    "networkerror"),
	TC("451 4.4.0 later", "4.4.0", "451", "networkerror"),

	/* ---- systemerror ---- */
	T("550 5.3.5 <x@example.org>... Internal System Error",
	    "systemerror"),
	T("451 4.3.5 Server configuration problem - try again later",
	    "systemerror"),
	T("554 Transaction failed", "systemerror"),
	T("Unable to contact LDAP server. (#4.4.3)I'm not going to try again; "
	    "this message has been in the queue too long.", "systemerror"),
	T("X-Unix; 77", "systemerror"),
	TC("451 whatever", NULL, "451", "systemerror"),

	/* ---- systemfull ---- */
	T("452 4.3.1 Insufficient system storage", "systemfull"),
	T("452 4.3.1 No space left on device", "systemfull"),
	TC("431 full", NULL, "431", "systemfull"),

	/* ---- mailererror ---- */
	T("x-unix; procmail: Couldn't create \"/var/spool/mail/x\"",
	    "mailererror"),
	T("x-unix; temporary failure", "mailererror"),
	T("Command died with status 1: \"/usr/local/bin/filter\"",
	    "mailererror"),

	/* ---- syntaxerror ---- */
	T("503 Improper sequence of commands", "syntaxerror"),
	TC("504 Command parameter not implemented", NULL, NULL,
	    "syntaxerror"),
	TC("501 Syntax error in parameters", "5.5.4", "501", "syntaxerror"),
	TC("500 unrecognized command", NULL, "500", "syntaxerror"),

	/* ---- onhold ---- */
	T("550 5.0.0 <x@example.org>: Recipient address rejected: On hold",
	    "onhold"),
	TC("450 4.0.0 Temporary failure", "4.0.0", "450", "onhold"),
	TC("550 nothing we know", "5.0.0", "550", "onhold"),

	/* ---- not failures ---- */
	TH("This is an email abuse report", "feedback", "feedback"),
	TH("I am away until Monday", "vacation", "vacation"),
	TH(NULL, "delivered", "delivered"),
	TA("250 2.0.0 OK", "2.0.0", "delivered", "delivered"),
	TA(NULL, "2.1.5", "relayed", "delivered"),
	TH("whatever the reader knew", "expired", "expired"),

	/* ---- more wording of MTAs and providers ---- */
	T("all relevant MX records point to non-existent hosts",
	    "hostunknown"),
	T("554 5.4.4 SMTPSEND.DNS.NonExistentDomain; nonexistent domain",
	    "hostunknown"),
	T("Host or domain name not found. Name service error for "
	    "name=example.org type=MX: Host not found, try again",
	    "networkerror"),
	T("Sorry, we were unable to deliver your message to the following "
	    "address. <x@example.org>: No mx record found for "
	    "domain=example.org", "notaccept"),
	T("Unable to deliver message after multiple retries, giving up.",
	    "expired"),
	T("retry timeout exceeded", "expired"),
	T("all hosts for 'example.org' have been failing for a long time "
	    "(and retry time not reached)", "expired"),
	T("This message is looping: it already has my Delivered-To line. "
	    "(#5.4.6)", "networkerror"),
	T("Too many \"Received\" headers - suspected mail loop",
	    "networkerror"),
	T("451 Open relay not allowed - https://community.mimecast.com/docs/"
	    "DOC-1369#451", "norelaying"),
	T("554 Email rejected due to security policies - https://community."
	    "mimecast.com/docs/DOC-1369#554", "policyviolation"),
	TB("421 RP-001 (BAY0-MC1-F1) Unfortunately, some messages from "
	    "192.0.2.1 weren't sent. We have limits for how many messages "
	    "can be sent per hour", "speeding", NULL, "192.0.2.1"),
	T("450 4.7.1 <x@example.org>: Recipient address rejected: "
	    "Greylisted, see http://postgrey.example.org/", "onhold"),
	T("550 5.7.133 RESOLVER.RST.SenderNotAuthenticatedForGroup; "
	    "authentication required", "filtered"),
	T("550-5.7.1 Our system has detected that this message does not "
	    "meet IPv6 sending guidelines regarding PTR records and "
	    "authentication.", "requireptr"),
	T("421-4.7.26 This mail has been rate limited because it is "
	    "unauthenticated.", "authfailure"),
	T("550 5.2.2 Mailbox size limit exceeded", "mailboxfull"),
	T("550 5.7.1 No such user!", "userunknown"),
	T("550 5.1.1 The recipient does not exist.", "userunknown"),
	T("452 4.5.3 Your message has too many recipients",
	    "toomanyconn"),
	T("421-4.3.0 Temporary System Problem.  Try again later.",
	    "systemerror"),
	T("550 5.7.1 Message rejected as spam by Content Filtering.",
	    "spamdetected"),
	T("554 5.6.0 STOREDRV.Deliver; Corrupt message content",
	    "contenterror"),
	T("Connected to 192.0.2.8 but greeting failed. Remote host said: 554 "
	    "go away", "blocked"),
	TB("421 4.7.0 [GL01] Message from 192.0.2.3 temporarily deferred",
	    "badreputation", NULL, "192.0.2.3"),
	TB("553 5.7.2 [TSS09] All messages from 192.0.2.3 will be permanently "
	    "deferred", "blocked", NULL, "192.0.2.3"),
	/* The receiving server's own address is not the listed one. */
	TB("192.0.2.25 does not like recipient. Remote host said: 554 5.7.1 "
	    "Client host [198.51.100.7] blocked using bl.spamcop.net. Giving "
	    "up on 192.0.2.25.", "blocked", "SpamCop", "198.51.100.7"),
	TB("host mx.example.org [192.0.2.30]: 550 rejected, 198.51.100.8 is "
	    "listed at zen.spamhaus.org", "blocked", "Spamhaus ZEN",
	    "198.51.100.8"),
	T("550 spam message rejected. Please visit "
	    "https://help.mail.ru/notspam-support/id", "spamdetected"),
	T("550 Message was not accepted -- invalid mailbox.  Local mailbox "
	    "x@example.ru is unavailable: account is disabled", "suspend"),
	T("550 5.7.1 Policy rejection on the target address", "filtered"),
	T("554 5.7.1 Message rejected: Mail appeared to be SPAM or forged.",
	    "spamdetected"),
	T("554 5.7.1 Zoho: unusual sending activity detected", "blocked"),
	T("550 Ip frequency limited", "toomanyconn"),
	T("550 5.1.0 <b@example.com> sender rejected. AUP#In-1310",
	    "toomanyconn"),

	T("550 5.7.1 <x@example.fr>: Recipient address rejected: User "
	    "unknown", "filtered"),
	T("an MX or SRV record indicated no SMTP service", "notaccept"),
	T("x@example.org: No MX found for domain", "notaccept"),
	T("Deferred: Name server: example.org.: host name lookup failure "
	    "Message could not be delivered for 8 hours", "networkerror"),
	T("Deferred: Connection refused by mx.example.org. Message could not "
	    "be delivered for 8 hours", "blocked"),
	T("550 5.2.0 Mail rejete. Mail rejected. OFR_506 [506]",
	    "spamdetected"),
	T("421 mwinf0000 ME Service refuse. Veuillez essayer plus tard. "
	    "Service refused, please try later. OFR_999 [999]", "blocked"),
	T("You're sending this from a different address or alias using the "
	    "'Send mail as' feature. https://support.google.com/mail/?p="
	    "CustomFromDenied", "rejected"),
	T("The number of messages in recipient's mailbox exceeded the local "
	    "limit.", "mailboxfull"),
	T("500 Line limit exceeded", "mesgtoobig"),

	/* ---- undefined ---- */
	T("Something went wrong somewhere.", "undefined"),
	T(NULL, "undefined"),
	T("", "undefined"),
};

static void
each_case(void **state)
{
	const struct tcase	*c;
	struct bv_facts		 f;
	struct bv_verdict	 v;
	size_t			 i, bad = 0;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		c = &cases[i];
		memset(&f, 0, sizeof(f));
		f.diagnostic = c->diag;
		f.status = c->status;
		f.reply_code = c->reply;
		f.action = c->action;
		f.hint_reason = c->hint;
		f.command = c->command;
		bv_classify(&f, &v);
		if (strcmp(v.reason, c->reason) != 0 ||
		    (c->list == NULL) != (v.blocklist == NULL) ||
		    (c->list != NULL && strcmp(c->list, v.blocklist) != 0) ||
		    strcmp(c->ip, v.listed_ip) != 0) {
			print_error("case %zu \"%.70s\": got %s/%s/%s by %s, "
			    "want %s/%s/%s\n", i, c->diag ? c->diag : "(null)",
			    v.reason, v.blocklist ? v.blocklist : "-",
			    v.listed_ip, v.rule, c->reason,
			    c->list ? c->list : "-", c->ip);
			bad++;
		}
		assert_non_null(v.rule);
		assert_non_null(v.remediation);
		if (v.blocklist != NULL)
			assert_non_null(v.blocklist_url);
	}
	assert_int_equal(bad, 0);
}

static void
cases_cover_everything(void **state)
{
	const struct bv_reason_info	*r;
	const struct cat_blocklist	*b;
	size_t				 i, j;

	(void)state;
	assert_true(sizeof(cases) / sizeof(cases[0]) >= 150);
	for (i = 0; (r = bv_reason_at(i)) != NULL; i++) {
		for (j = 0; j < sizeof(cases) / sizeof(cases[0]); j++)
			if (strcmp(cases[j].reason, r->name) == 0)
				break;
		if (j == sizeof(cases) / sizeof(cases[0]))
			fail_msg("no case for reason %s", r->name);
	}
	for (i = 0; (b = cat_blocklist_at(i)) != NULL; i++) {
		for (j = 0; j < sizeof(cases) / sizeof(cases[0]); j++)
			if (cases[j].list != NULL &&
			    strcmp(cases[j].list, b->name) == 0)
				break;
		if (j == sizeof(cases) / sizeof(cases[0]))
			fail_msg("no case for blocklist %s", b->name);
	}
}

/* Hard and soft: the reason's default, or the code's class for reasons
 * that are hard only when permanent. */
static void
hardness(void **state)
{
	struct bv_facts		 f;
	struct bv_verdict	 v;

	(void)state;
	memset(&f, 0, sizeof(f));
	f.diagnostic = "550 5.1.1 <x@example.org>: User unknown";
	bv_classify(&f, &v);
	assert_int_equal(v.hard, 1);
	f.diagnostic = "552 5.2.2 mailbox full";
	bv_classify(&f, &v);
	assert_int_equal(v.hard, 0);
	f.diagnostic = "Sorry, I couldn't find a mail exchanger or IP address";
	f.status = "5.4.4";
	bv_classify(&f, &v);
	assert_string_equal(v.reason, "notaccept");
	assert_int_equal(v.hard, 1);
	f.status = "4.4.4";
	bv_classify(&f, &v);
	assert_int_equal(v.hard, 0);
}

/* The status a reason implies, permanent or temporary. */
static void
status_hints(void **state)
{
	struct bv_facts		 f;
	struct bv_verdict	 v;

	(void)state;
	memset(&f, 0, sizeof(f));
	f.diagnostic = "mailbox is full";
	bv_classify(&f, &v);
	assert_string_equal(v.status_hint, "5.2.2");
	f.action = "delayed";
	bv_classify(&f, &v);
	assert_string_equal(v.status_hint, "4.2.2");
	f.action = NULL;
	f.diagnostic = "Unrouteable address";
	bv_classify(&f, &v);
	assert_string_equal(v.status_hint, "5.1.2");
	f.diagnostic = NULL;
	f.hint_reason = "feedback";
	bv_classify(&f, &v);
	assert_null(v.status_hint);
}

/* The advice is the most specific one. */
static void
remediation(void **state)
{
	struct bv_facts		 f;
	struct bv_verdict	 v;
	const struct cat_code	*c = cat_code_exact(CAT_ENHANCED, "x.2.3");

	(void)state;
	memset(&f, 0, sizeof(f));
	/* The rule's own advice. */
	f.diagnostic = "554 5.7.1 Your message was rejected due to DMARC "
	    "policy. See https://support.apple.com/en-us/HT204137";
	bv_classify(&f, &v);
	assert_string_equal(v.remediation,
	    cat_rule_by_id("icloud-dmarc")->advice);
	/* The blocklist's advice. */
	f.diagnostic = "554 blocked using bl.spamcop.net";
	bv_classify(&f, &v);
	assert_string_equal(v.remediation, cat_blocklist("spamcop")->advice);
	/* The status code's, when a status rule decided. */
	f.diagnostic = "552 too much";
	f.status = "5.2.3";
	bv_classify(&f, &v);
	assert_string_equal(v.rule, "status-x.2.3");
	assert_string_equal(v.remediation, c->advice);
	/* Otherwise the reason's. */
	f.status = NULL;
	f.diagnostic = "550 5.1.1 user unknown";
	bv_classify(&f, &v);
	assert_string_equal(v.remediation,
	    bv_reason_lookup("userunknown")->advice);
}

/* Rules that look at the MTA host and the reader's format. */
static void
host_and_format_conditions(void **state)
{
	struct cat_set		 set;
	struct bv_facts		 f;
	struct bv_verdict	 v;
	const char		 text[] =
	    "rule only-on-example-host\n"
	    "\thost mx.example.net\n"
	    "\ttext \"special words\"\n"
	    "\treason filtered\n"
	    "rule only-in-format\n"
	    "\tformat exim\n"
	    "\ttext \"special words\"\n"
	    "\treason spamdetected\n";
	char			 path[] = "/tmp/bv-host-rules-XXXXXX";
	int			 fd = mkstemp(path);

	(void)state;
	memset(&set, 0, sizeof(set));
	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, sizeof(text) - 1),
	    (ssize_t)(sizeof(text) - 1));
	close(fd);
	assert_int_equal(bv_catalog_load_user(path, stderr), 0);
	unlink(path);
	memset(&f, 0, sizeof(f));
	f.diagnostic = "550 special words";
	bv_classify(&f, &v);
	assert_string_not_equal(v.rule, "only-on-example-host");
	assert_string_not_equal(v.rule, "only-in-format");
	f.remote_mta = "dns; MX.Example.NET";
	bv_classify(&f, &v);
	assert_string_equal(v.rule, "only-on-example-host");
	f.remote_mta = NULL;
	f.reporting_mta = "mx.example.net";
	bv_classify(&f, &v);
	assert_string_equal(v.rule, "only-on-example-host");
	f.reporting_mta = NULL;
	f.format = "exim";
	bv_classify(&f, &v);
	assert_string_equal(v.rule, "only-in-format");
	bv_catalog_reset();
}

/* A huge diagnostic: only the first CAT_TEXT_CAP bytes count, and the
 * answer is the same as for the short text. */
static void
huge_diagnostic(void **state)
{
	struct bv_facts		 f;
	struct bv_verdict	 v;
	size_t			 len = 10u * 1024 * 1024, i;
	char			*big = xmalloc(len + 1);
	const char		 head[] = "552 5.2.2 <x@example.org>: mailbox "
	    "full ";

	(void)state;
	memcpy(big, head, sizeof(head) - 1);
	for (i = sizeof(head) - 1; i < len; i++)
		big[i] = "user unknown 192.0.2.1 filler. "[i % 32];
	big[len] = '\0';
	memset(&f, 0, sizeof(f));
	f.diagnostic = big;
	bv_classify(&f, &v);
	assert_string_equal(v.reason, "mailboxfull");
	/* A blocklist named only past the cap is not seen. */
	memset(big, 'a', len);
	memcpy(big + len - 40, " blocked using zen.spamhaus.org ", 32);
	bv_classify(&f, &v);
	assert_null(v.blocklist);
	assert_string_equal(v.reason, "undefined");
	free(big);
}

/* Odd input never breaks the matcher. */
static void
hostile_text(void **state)
{
	struct bv_facts		 f;
	struct bv_verdict	 v;
	char			 s[600];
	size_t			 i;

	(void)state;
	memset(&f, 0, sizeof(f));
	for (i = 0; i < sizeof(s) - 1; i++)
		s[i] = (char)(1 + (i * 37) % 255);
	s[sizeof(s) - 1] = '\0';
	f.diagnostic = s;
	f.status = "5.999.9999";
	f.reply_code = "5x0";
	f.remote_mta = s;
	bv_classify(&f, &v);
	assert_non_null(v.reason);
	f.diagnostic = "550-\n550-\n550 ";
	bv_classify(&f, &v);
	assert_non_null(v.reason);
	f.diagnostic = "999.999.999.999 1.2.3 ::: 1:2:3:4:5:6:7:8:9 "
	    "256.1.1.1 [ ] ipv6: 127.0.0.2 0.0.0.0 spamhaus";
	bv_classify(&f, &v);
	assert_string_equal(v.listed_ip, "");
	bv_classify(NULL, &v);
	assert_string_equal(v.reason, "undefined");
}

/* The plain folding, a byte at a time: what cat_fold's word-at-a-time
 * path is held to. */
static size_t
fold_reference(const char *in, size_t len, char *out, size_t outlen)
{
	size_t	 i, n = 0;
	int	 blank = 0;
	char	 c;

	if (outlen == 0)
		return 0;
	for (i = 0; i < len; i++) {
		c = in[i];
		if (strchr(" \t\r\n\v\f", c) != NULL && c != '\0') {
			blank = 1;
			continue;
		}
		if (c == '\0' || n + blank + 1 >= outlen)
			break;
		if (blank)
			out[n++] = ' ';
		blank = 0;
		out[n++] = (c >= 'A' && c <= 'Z') ? (char)(c + 32) : c;
	}
	if (blank && n + 1 < outlen)
		out[n++] = ' ';
	out[n] = '\0';
	return n;
}

/* Mixed text (words, upper case, single and double spaces, tabs, line
 * ends, controls, 8-bit bytes, NUL) of every length up to 48 into output
 * of every size up to 52: cat_fold gives what the plain folding gives. */
static void
fold_as_reference(void **state)
{
	static const char *const piece[] = {
		"a", "Z", "q", "Mailbox", "unknown", " ", "  ", "\t", "\r\n ",
		"\x01", "\x7f", "\xc3\xa9", "\xff", "@", "[", "`", "{", "\0",
	};
	const size_t	 npiece = sizeof(piece) / sizeof(piece[0]);
	uint32_t	 seed = 777;
	char		 in[64], got[64], want[64];
	size_t		 len, n, k, out, round, gn, wn, pl;

	(void)state;
	for (round = 0; round < 3000; round++) {
		len = round % 49;
		for (n = 0; n < len; n += pl) {
			seed = seed * 1103515245u + 12345u;
			/* mostly letters and single spaces, as diagnostics */
			k = (seed >> 16) % 3 != 0 ? (seed >> 20) % 6 :
			    (seed >> 20) % npiece;
			pl = k == npiece - 1 ? 1 : strlen(piece[k]);
			if (n + pl > len)
				k = 0, pl = 1;
			memcpy(in + n, piece[k], pl);
		}
		out = 1 + (seed >> 8) % 52;
		memset(got, 'x', sizeof(got));
		memset(want, 'x', sizeof(want));
		gn = cat_fold(in, len, got, out);
		wn = fold_reference(in, len, want, out);
		assert_int_equal(gn, wn);
		assert_memory_equal(got, want, wn + 1);
		assert_int_equal(got[wn + 1], 'x');
	}
}

/* Texts made of pieces of the catalog's own texts (whole, cut at either
 * end, run together or apart) and noise: the automaton finds exactly the
 * texts a plain substring search finds in the folded text. */
static void
compare_scan_with_search(uint32_t seed, size_t rounds)
{
	static const char *const noise[] = {
		" ", "  ", "x", "550", " 5.1.1 ", "@", "\t", "Mailbox ", ".",
	};
	const size_t	 nnoise = sizeof(noise) / sizeof(noise[0]);
	const struct cat_scan *sc;
	char		 text[600];
	const char	*pat, *folded;
	size_t		 ntexts, round, n, k, pl, flen, i, found = 0;
	int		 want;

	ntexts = cat_match_ntexts();
	assert_true(ntexts > 100);
	for (round = 0; round < rounds; round++) {
		for (n = 0, k = 0; k < 1 + round % 8; k++) {
			seed = seed * 1103515245u + 12345u;
			if ((seed >> 16) % 3 == 0) {
				pat = noise[(seed >> 20) % nnoise];
				pl = strlen(pat);
			} else {
				pat = cat_match_text((seed >> 8) % ntexts);
				pl = strlen(pat);
				/* sometimes only a part of it */
				if ((seed >> 4) % 4 == 0 && pl > 2) {
					pat += (seed >> 12) % 2;
					pl -= 1 + (seed >> 13) % 2;
				}
			}
			if (n + pl >= sizeof(text))
				break;
			memcpy(text + n, pat, pl);
			n += pl;
		}
		text[n] = '\0';
		sc = cat_scan_text(text);
		folded = cat_scan_folded(sc, &flen);
		for (i = 0; i < ntexts; i++) {
			pat = cat_match_text(i);
			want = memmem(folded, flen, pat, strlen(pat)) != NULL;
			assert_int_equal(cat_scan_has_text(sc, i), want);
			found += (size_t)want;
		}
	}
	/* the texts were really met, not only their absence checked */
	assert_true(found > rounds);
}

/* The built-in catalog: a table of 16-bit entries. */
static void
scan_as_substring_search(void **state)
{
	(void)state;
	assert_true(cat_match_nstates() < 0x8000);
	compare_scan_with_search(4242, 1500);
}

/* A user file of 600 long texts sharing no beginning takes the automaton
 * past 0x8000 states: the table of 32-bit entries is held to the same. */
static void
large_scan_as_substring_search(void **state)
{
	char		 path[] = "/tmp/bv-test-rules-XXXXXX";
	FILE		*fp;
	uint32_t	 seed = 99;
	size_t		 i, k;
	int		 fd;

	(void)state;
	assert_true((fd = mkstemp(path)) >= 0);
	assert_non_null(fp = fdopen(fd, "w"));
	for (i = 0; i < 600; i++) {
		fprintf(fp, "rule many%zu\n\ttext \"", i);
		for (k = 0; k < 90; k++) {
			seed = seed * 1103515245u + 12345u;
			fputc('a' + (int)((seed >> 16) % 26), fp);
		}
		fprintf(fp, "\"\n\treason blocked\n");
	}
	assert_int_equal(fclose(fp), 0);
	assert_int_equal(bv_catalog_load_user(path, stderr), 0);
	unlink(path);
	assert_true(cat_match_nstates() >= 0x8000);
	compare_scan_with_search(4343, 600);
	bv_catalog_reset();
	assert_true(cat_match_nstates() < 0x8000);
}

/* Does status pattern PAT ("5.x.1") take ST, read from the text as the
 * classifier once did at every bounce. */
static int
status_reference(const char *pat, const unsigned st[3])
{
	unsigned	 v;
	int		 part;

	for (part = 0; part < 3; part++) {
		if (*pat == 'x')
			pat++;
		else {
			for (v = 0; *pat >= '0' && *pat <= '9'; pat++)
				v = v * 10 + (unsigned)(*pat - '0');
			if (v != st[part])
				return 0;
		}
		if (part < 2)
			pat++;
	}
	return 1;
}

/* The status patterns compiled with the matcher (cat_rule_status) take
 * exactly the codes the text of the patterns takes, for every rule, on
 * common codes and on each rule's own codes with "x" made 0 and 7. */
static void
rule_status_as_reference(void **state)
{
	static const unsigned common[][3] = {
		{ 5, 1, 1 }, { 4, 7, 1 }, { 5, 7, 1 }, { 5, 7, 650 },
		{ 2, 0, 0 }, { 5, 7, 26 }, { 4, 2, 2 }, { 5, 2, 0 },
		{ 5, 0, 0 }, { 4, 4, 7 }, { 5, 5, 0 }, { 5, 7, 708 },
	};
	const struct cat_rule	*r;
	unsigned		 st[3];
	size_t			 i, j, k, x;
	int			 want;
	const char		*p;

	(void)state;
	cat_match_prepare();
	for (i = 0; i < cat_nrules(); i++) {
		r = cat_rule_at(i);
		for (k = 0; k < sizeof(common) / sizeof(common[0]); k++) {
			want = 0;
			for (j = 0; r->status != NULL && r->status[j]; j++)
				want |= status_reference(r->status[j],
				    common[k]);
			assert_int_equal(cat_rule_status(i, common[k]), want);
		}
		for (j = 0; r->status != NULL && r->status[j]; j++)
			for (x = 0; x <= 7; x += 7) {
				p = r->status[j];
				for (k = 0; k < 3; k++) {
					st[k] = *p == 'x' ? (unsigned)x :
					    (unsigned)strtoul(p, NULL, 10);
					p = strchr(p, '.');
					p = p != NULL ? p + 1 : "";
				}
				assert_true(status_reference(r->status[j], st));
				assert_true(cat_rule_status(i, st));
			}
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(each_case),
		cmocka_unit_test(cases_cover_everything),
		cmocka_unit_test(hardness),
		cmocka_unit_test(status_hints),
		cmocka_unit_test(remediation),
		cmocka_unit_test(host_and_format_conditions),
		cmocka_unit_test(huge_diagnostic),
		cmocka_unit_test(hostile_text),
		cmocka_unit_test(fold_as_reference),
		cmocka_unit_test(scan_as_substring_search),
		cmocka_unit_test(large_scan_as_substring_search),
		cmocka_unit_test(rule_status_as_reference),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
