/*
 * genreason.c: why recipients fail, weighted roughly as a bulk sender's
 * bounce folder looks, and what the remote servers say about it.  The
 * texts are written here; blocklist zone names and lookup pages are facts
 * (the classifier matches on them).
 *
 * Placeholders: %R recipient, %D its domain, %I the sender's IP, %H remote
 * host, %A remote IP, %S sender's domain, %M reporting MTA.
 */
#include "config.h"

#include <string.h>

#include "bench/gen.h"

static const struct reason reasons[] = {
	{ "userunknown", 300, "550", "5.1.1", ACT_FAILED, 0, {
	    "5.1.1 <%R>: Recipient address rejected: User unknown in virtual "
	    "mailbox table",
	    "5.1.1 The address %R does not exist here.\n"
	    "5.1.1 Check the spelling of the recipient address and\n"
	    "5.1.1 try again.",
	    "5.1.1 <%R>... User unknown",
	    "5.1.1 Mailbox %R not found (no such user)" } },
	{ "disabled", 40, "550", "5.2.1", ACT_FAILED, 0, {
	    "5.2.1 The mailbox %R has been disabled by its owner",
	    "5.2.1 <%R>: account closed, mailbox inactive for 12 months",
	    NULL } },
	{ "mailboxfull", 100, "552", "5.2.2", ACT_FAILED, 0, {
	    "5.2.2 <%R>: mailbox full",
	    "5.2.2 The recipient's mailbox is over its storage quota.",
	    "5.2.2 Quota exceeded (mailbox for user %R is full)",
	    NULL } },
	{ "mailboxfull", 40, "452", "4.2.2", ACT_DELAYED, 0, {
	    "4.2.2 <%R>: mailbox temporarily over quota, try again later",
	    NULL } },
	{ "spamhaus", 60, "554", "5.7.1", ACT_FAILED, 0, {
	    "5.7.1 Service unavailable; Client host [%I] blocked using "
	    "zen.spamhaus.org; https://www.spamhaus.org/query/ip/%I",
	    "5.7.1 Rejected: %I is listed at sbl.spamhaus.org",
	    NULL } },
	{ "spamcop", 30, "550", "5.7.1", ACT_FAILED, 0, {
	    "5.7.1 Mail from %I refused: listed at bl.spamcop.net, see "
	    "https://www.spamcop.net/bl.shtml?%I",
	    NULL } },
	{ "barracuda", 30, "554", "5.7.1", ACT_FAILED, 0, {
	    "5.7.1 Service unavailable; Client host [%I] blocked using "
	    "b.barracudacentral.org; "
	    "https://www.barracudacentral.org/lookups/lookup-reputation",
	    "5.7.1 Your IP %I has a poor Barracuda reputation and was "
	    "refused",
	    NULL } },
	{ "sorbs", 15, "553", "5.7.1", ACT_FAILED, 0, {
	    "5.7.1 Rejected: %I listed in dnsbl.sorbs.net",
	    NULL } },
	{ "policy", 60, "550", "5.7.1", ACT_FAILED, 0, {
	    "5.7.1 Message refused by the content filter of %D",
	    "5.7.1 Attachments of this type are not accepted here",
	    "5.7.1 Message rejected: looks like unsolicited bulk mail",
	    NULL } },
	{ "relaydenied", 25, "554", "5.7.1", ACT_FAILED, 0, {
	    "5.7.1 <%R>: Relay access denied",
	    NULL } },
	{ "dmarc", 40, "550", "5.7.26", ACT_FAILED, 0, {
	    "5.7.26 Unauthenticated mail from %S is refused: the domain's "
	    "DMARC policy says reject",
	    "5.7.26 This message fails DMARC alignment for %S and was "
	    "rejected",
	    NULL } },
	{ "spf", 20, "550", "5.7.23", ACT_FAILED, 0, {
	    "5.7.23 SPF check failed: %I is not allowed to send for %S",
	    NULL } },
	{ "toobig", 20, "552", "5.3.4", ACT_FAILED, 0, {
	    "5.3.4 Message size exceeds the limit of this server",
	    NULL } },
	{ "ratelimit", 30, "421", "4.7.0", ACT_DELAYED, 0, {
	    "4.7.0 Too many connections from %I, slow down and try later",
	    "4.7.0 Temporary rate limit for %S exceeded",
	    NULL } },
	{ "greylist", 20, "451", "4.7.1", ACT_DELAYED, 0, {
	    "4.7.1 <%R>: Recipient address rejected: greylisted, come back "
	    "in 5 minutes",
	    NULL } },
	{ "expired", 60, NULL, "4.4.7", ACT_FAILED, 1, {
	    "delivery gave up after 5 days: connect to %H[%A]:25: "
	    "Connection timed out",
	    "message expired in queue; last error: host %H[%A] refused "
	    "to talk to us",
	    NULL } },
	{ "delayed", 50, NULL, "4.4.1", ACT_DELAYED, 1, {
	    "connect to %H[%A]:25: Connection refused",
	    "no route to host %H[%A]",
	    NULL } },
	{ "hostunknown", 40, NULL, "5.1.2", ACT_FAILED, 1, {
	    "Host or domain name not found. Name service error for "
	    "name=%D type=MX: Host not found",
	    "domain %D has no MX and no A record",
	    NULL } },
	{ "delivered", 10, "250", "2.0.0", ACT_DELIVERED, 0, {
	    "2.0.0 Ok: queued as 4TQ7Xk2mPZz",
	    NULL } },
};

const struct reason *
reason_pick(struct rng *r)
{
	static unsigned	 w[sizeof(reasons) / sizeof(reasons[0])];
	size_t		 i;

	if (w[0] == 0)
		for (i = 0; i < sizeof(w) / sizeof(w[0]); i++)
			w[i] = reasons[i].weight;
	return &reasons[rng_weighted(r, w, sizeof(w) / sizeof(w[0]))];
}

void
expand(struct buf *b, const char *t, const struct bounce *bn,
    const struct rcpt *rc)
{
	const char	*v;

	for (; *t; t++) {
		if (*t != '%' || t[1] == '\0') {
			buf_addc(b, *t);
			continue;
		}
		switch (*++t) {
		case 'R': v = rc->addr; break;
		case 'D': v = rc->domain; break;
		case 'H': v = rc->rhost; break;
		case 'A': v = rc->rip; break;
		case 'I': v = bn->ourip; break;
		case 'S': v = bn->sdomain; break;
		case 'M': v = bn->mta; break;
		default: v = "%"; break;
		}
		buf_adds(b, v);
	}
}

/* The remote reply as one or more lines "550 5.1.1 text" ("550-" before
 * the last), or the reporting MTA's own words for a local failure. */
void
reason_text(struct rng *r, const struct bounce *bn, struct rcpt *rc)
{
	struct buf	 t = { 0 }, out = { 0 };
	size_t		 n = 0;
	const char	*p, *nl;

	while (n < 4 && rc->why->texts[n])
		n++;
	expand(&t, rc->why->texts[rng_below(r, (uint32_t)n)], bn, rc);
	if (rc->why->local)
		buf_add(&out, t.s, t.len);
	else
		for (p = t.s; p; p = nl ? nl + 1 : NULL) {
			nl = strchr(p, '\n');
			if (out.len)
				buf_addc(&out, '\n');
			buf_adds(&out, rc->why->reply);
			buf_addc(&out, nl ? '-' : ' ');
			buf_add(&out, p, nl ? (size_t)(nl - p) : strlen(p));
		}
	snprintf(rc->text, sizeof(rc->text), "%s", out.s);
	buf_free(&t);
	buf_free(&out);
}
