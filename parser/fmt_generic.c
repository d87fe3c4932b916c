/*
 * fmt_generic.c: the fallback for bounces no specific reader claims.  It
 * reads the human-readable failure section (everything before the returned
 * message), takes as failed recipients only addresses that open a line of
 * that section (after words such as "Recipient:" or "could not be delivered
 * to:"), never the notice's own sender or the returned message's header and
 * body, and hands the sentence that follows each address, codes included,
 * to the classifier.  Where the wording names a reason in a language the
 * catalog does not speak, the phrase table gives a hint.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "parser/parser.h"

#define L(...)	((const char *const []){ __VA_ARGS__, NULL })

/* Sentences that introduce the list of failed addresses. */
#define GENERIC_BEGIN_LIST {						\
	"following address(es) failed", "following addresses failed",	\
	"following address failed", "following recipient(s)",		\
	"following recipients", "following recipient",			\
	"following address(es)", "following addresses",			\
	"following address", "failed addresses follow",			\
	"could not be delivered to", "unable to deliver",		\
	"was not delivered to", "not be delivered to",			\
	"did not reach", "error delivering",				\
	"folgende Adresse", "folgenden Empf\xc3\xa4nger",		\
	"destinataires suivants", "destinataire suivant",		\
	"destinatarios siguientes", "destinatario siguiente",		\
	"seguenti destinatari",						\
	"seguintes destinat\xc3\xa1rios", "destinatari seguenti",	\
	"volgende ontvanger", "volgende adres",				\
	"\xe4\xbb\xa5\xe4\xb8\x8b\xe3\x81\xae",	/* "the following" ja */	\
	"\xd0\xbf\xd0\xbe\xd0\xbb\xd1\x83\xd1\x87\xd0\xb0\xd1\x82\xd0\xb5" \
	"\xd0\xbb\xd1\x8f\xd0\xbc",		/* "to the recipients" ru */ \
	"\xd0\xb0\xd0\xb4\xd1\x80\xd0\xb5\xd1\x81\xd0\xb0\xd1\x82" \
	"\xd0\xb0\xd0\xbc",			/* "to the addressees" ru */ \
	NULL }

/* Words before an address on a recipient line. */
#define GENERIC_LABELS L(						\
	"Unable to deliver message to:", "Unable to deliver message to", \
	"could not be delivered to:", "could not be delivered to",	\
	"undeliverable to", "Unknown user:", "User unknown:",		\
	"Invalid recipient:", "Bad recipient:", "Failed recipient:",	\
	"Delivery to", "Did not reach the following recipient:",	\
	"There was an error delivering your mail to",			\
	"Your message wasn't delivered to",				\
	"following recipients returned permanent errors:",		\
	"following recipient returned a permanent error:",		\
	"The following recipients returned permanent errors:",		\
	"Mail to", "Message to", "Address:", "Addressee:",		\
	"Empf\xc3\xa4nger:", "Destinataire :",				\
	"Destinataire:", "Destinatario:", "Destinat\xc3\xa1rio:",	\
	"Ontvanger:", "Adresse:", "Adresse :",				\
	"\xe5\xae\x9b\xe5\x85\x88:",		/* "宛先:" ja */	\
	"\xe5\xae\x9b\xe5\x85\x88\xef\xbc\x9a",	/* "宛先：" */	\
	"\xd0\x9f\xd0\xbe\xd0\xbb\xd1\x83\xd1\x87\xd0\xb0\xd1\x82\xd0\xb5" \
	"\xd0\xbb\xd1\x8c:",			/* "Получатель:" ru */	\
	"\xd0\x90\xd0\xb4\xd1\x80\xd0\xb5\xd1\x81\xd0\xb0\xd1\x82:") \
						/* "Адресат:" ru */

static const char *const generic_begin[] = GENERIC_BEGIN_LIST;
static struct bv_fmt_set generic_begin_set = BV_FMT_SET(generic_begin,
    sizeof(generic_begin[0]));

static const struct bv_fmt_variant generic_listed = {
	"generic", NULL, generic_begin, NULL, GENERIC_LABELS, NULL,
	BV_FMT_GENERIC | BV_FMT_STRICT, NULL, &generic_begin_set
};

static const struct bv_fmt_variant generic_whole = {
	"generic", NULL, NULL, NULL, GENERIC_LABELS, NULL,
	BV_FMT_GENERIC | BV_FMT_ORIGTO, NULL, NULL
};

static int
generic_claims(const struct bv_msg *m)
{
	const struct bv_part	*p;
	size_t			 len;

	if (!bv_fmt_bouncy(m))
		return 0;
	if (bv_msg_header(m, "X-Failed-Recipients") != NULL)
		return 1;
	if ((p = bv_fmt_text(m, 0, &len)) == NULL)
		return 0;
	len = bv_fmt_part_original(p, len < 16384 ? len : 16384);
	return bv_fmt_says_failure(p->text, len) ||
	    bv_fmt_says_delay(p->text, len) ||
	    bv_fmt_phrase_reason(p->text, len) != NULL;
}

/* Whether OUT[FIRST..] has a record for RCPT. */
static int
has_rcpt(const struct bv_reclist *out, size_t first, const char *rcpt)
{
	size_t	 i;

	for (i = first; i < out->n; i++)
		if (out->v[i].recipient != NULL &&
		    strcasecmp(out->v[i].recipient, rcpt) == 0)
			return 1;
	return 0;
}

/*
 * A notice that lists its failed addresses and then quotes some of the
 * replies ("Technical details of the failure: 554 5.7.1 <a@b>: ...") gives
 * the transcript reader only the addresses the replies name: the others of
 * the list are added from it, with the text the list gives them.
 */
static void
add_listed(const struct bv_msg *m, struct bv_reclist *out, size_t first)
{
	struct bv_reclist	 listed = { NULL, 0, 0 };
	size_t			 i;

	if (bv_fmt_block_run(&generic_listed, m, NULL, &listed) == 0)
		for (i = 0; i < listed.n; i++) {
			if (listed.v[i].recipient == NULL ||
			    has_rcpt(out, first, listed.v[i].recipient))
				continue;
			*bv_reclist_add(out) = listed.v[i];
			memset(&listed.v[i], 0, sizeof(listed.v[i]));
		}
	bv_reclist_free(&listed);
}

static int
generic_extract(const struct bv_msg *m, struct bv_reclist *out)
{
	const struct bv_part	*p;
	size_t			 first = out->n, len, orig, i, said;

	/* A session transcript says best who failed and why. */
	if ((p = bv_fmt_text(m, 0, &len)) != NULL) {
		orig = bv_fmt_part_original(p, len);
		bv_fmt_transcript(p->text, orig, "generic", NULL, out, first,
		    NULL);
	}
	/* The records of the text-block engine have looked for the
	 * phrase of their diagnostic already (its emit()): only the
	 * transcript's, OUT[FIRST..SAID), still need it. */
	said = out->n;
	if (out->n > first)
		add_listed(m, out, first);
	else if (bv_fmt_block_run(&generic_listed, m, NULL, out) != 0 &&
	    bv_fmt_block_run(&generic_whole, m, NULL, out) != 0)
		return -1;
	for (i = first; i < said; i++) {
		struct bv_record *r = &out->v[i];

		if (r->hint_reason == NULL && r->diagnostic != NULL)
			r->hint_reason = bv_fmt_phrase_reason(r->diagnostic,
			    strlen(r->diagnostic));
	}
	return 0;
}

const struct bv_reader bv_reader_generic = {
	"generic", generic_claims, generic_extract
};
