/*
 * fmt_phrases.c: how bounces say things, in the languages mail servers and
 * providers localise their notices into (English, French, German, Spanish,
 * Portuguese, Italian, Dutch, Japanese, Russian).  Text arrives decoded to
 * UTF-8 by msg.c; matching ignores ASCII case only, so phrases in scripts
 * with case are listed in the forms they are written in (sentence start and
 * mid-sentence).
 *
 * The reason table gives a reader's hint: the catalog uses a hint only when
 * none of its own rules decides, so an English rule there always wins.
 *
 * Exact phrases miss the words servers put in between ("n'a pu être
 * délivré" next to "n'a pas pu être remis"), so failures and reasons are
 * also said as pairs: a first word, then within a few words one that
 * begins with a given stem.  Both kinds are tables searched in one pass.
 */
#include "config.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "parser/parser.h"

struct phrase {
	const char	*text;		/* first: the needle of a bv_fmt_set */
	const char	*reason;
};

static const struct phrase reasons[] = {
	/* ---- the recipient does not exist ---- */
	{ "utilisateur inconnu", "userunknown" },		/* fr */
	{ "destinataire inconnu", "userunknown" },
	{ "adresse inconnue", "userunknown" },
	{ "benutzer unbekannt", "userunknown" },		/* de */
	{ "unbekannter benutzer", "userunknown" },
	{ "empfänger unbekannt", "userunknown" },
	{ "unbekannter empfänger", "userunknown" },
	{ "adresse unbekannt", "userunknown" },
	{ "postfach existiert nicht", "userunknown" },
	{ "usuario desconocido", "userunknown" },		/* es */
	{ "destinatario desconocido", "userunknown" },
	{ "dirección desconocida", "userunknown" },
	{ "usuário desconhecido", "userunknown" },		/* pt */
	{ "utilizador desconhecido", "userunknown" },
	{ "destinatário desconhecido", "userunknown" },
	{ "endereço inexistente", "userunknown" },
	{ "utente sconosciuto", "userunknown" },		/* it */
	{ "destinatario sconosciuto", "userunknown" },
	{ "indirizzo inesistente", "userunknown" },
	{ "gebruiker onbekend", "userunknown" },		/* nl */
	{ "onbekende gebruiker", "userunknown" },
	{ "ontvanger onbekend", "userunknown" },
	{ "adres bestaat niet", "userunknown" },
	{ "ユーザが存在しません", "userunknown" },		/* ja */
	{ "ユーザーが存在しません", "userunknown" },
	{ "アドレスが存在しません", "userunknown" },
	{ "宛先が見つかりません", "userunknown" },
	{ "アドレスが見つかりません", "userunknown" },
	{ "宛先不明", "userunknown" },
	{ "アドレスは存在しません", "userunknown" },	/* SoftBank */
	{ "ユーザは存在しません", "userunknown" },
	{ "ユーザーは存在しません", "userunknown" },
	{ "宛先は存在しません", "userunknown" },
	{ "存在しないメールアドレス", "userunknown" },
	{ "пользователь не найден", "userunknown" },		/* ru */
	{ "Пользователь не найден", "userunknown" },
	{ "нет такого пользователя", "userunknown" },
	{ "Нет такого пользователя", "userunknown" },
	{ "неизвестный пользователь", "userunknown" },
	{ "Неизвестный пользователь", "userunknown" },
	{ "адрес не существует", "userunknown" },
	{ "ящик не существует", "userunknown" },
	/* ---- the mailbox is full ---- */
	{ "boîte aux lettres pleine", "mailboxfull" },		/* fr */
	{ "boite aux lettres pleine", "mailboxfull" },
	{ "boîte pleine", "mailboxfull" },
	{ "boite pleine", "mailboxfull" },
	{ "quota dépassé", "mailboxfull" },
	{ "postfach voll", "mailboxfull" },			/* de */
	{ "postfach ist voll", "mailboxfull" },
	{ "mailbox ist voll", "mailboxfull" },
	{ "speicherplatz überschritten", "mailboxfull" },
	{ "quota überschritten", "mailboxfull" },
	{ "buzón lleno", "mailboxfull" },			/* es */
	{ "buzon lleno", "mailboxfull" },
	{ "buzón está lleno", "mailboxfull" },
	{ "cuota excedida", "mailboxfull" },
	{ "caixa postal cheia", "mailboxfull" },		/* pt */
	{ "caixa de correio cheia", "mailboxfull" },
	{ "caixa de entrada cheia", "mailboxfull" },
	{ "cota excedida", "mailboxfull" },
	{ "casella piena", "mailboxfull" },			/* it */
	{ "casella di posta piena", "mailboxfull" },
	{ "quota superata", "mailboxfull" },
	{ "mailbox vol", "mailboxfull" },			/* nl */
	{ "postvak vol", "mailboxfull" },
	{ "postvak is vol", "mailboxfull" },
	{ "メールボックスがいっぱい", "mailboxfull" },		/* ja */
	{ "メールボックスが一杯", "mailboxfull" },
	{ "容量オーバー", "mailboxfull" },
	{ "容量を超え", "mailboxfull" },
	{ "ящик переполнен", "mailboxfull" },			/* ru */
	{ "Ящик переполнен", "mailboxfull" },
	{ "превышена квота", "mailboxfull" },
	{ "Превышена квота", "mailboxfull" },
	/* ---- the message is too large ---- */
	{ "message trop volumineux", "mesgtoobig" },		/* fr */
	{ "message trop gros", "mesgtoobig" },
	{ "taille du message", "mesgtoobig" },
	{ "nachricht zu groß", "mesgtoobig" },			/* de */
	{ "nachricht ist zu groß", "mesgtoobig" },
	{ "e-mail ist zu groß", "mesgtoobig" },
	{ "mensaje demasiado grande", "mesgtoobig" },		/* es */
	{ "tamaño del mensaje", "mesgtoobig" },
	{ "mensagem muito grande", "mesgtoobig" },		/* pt */
	{ "tamanho da mensagem", "mesgtoobig" },
	{ "messaggio troppo grande", "mesgtoobig" },		/* it */
	{ "dimensione del messaggio", "mesgtoobig" },
	{ "bericht te groot", "mesgtoobig" },			/* nl */
	{ "サイズが大きすぎ", "mesgtoobig" },			/* ja */
	{ "サイズ制限", "mesgtoobig" },
	{ "слишком большое", "mesgtoobig" },			/* ru */
	{ "превышает допустимый размер", "mesgtoobig" },
	/* ---- delivery is delayed / gave up after retrying ---- */
	{ "remise différée", "expired" },			/* fr */
	{ "distribution retardée", "expired" },
	{ "zustellung verzögert", "expired" },			/* de */
	{ "entrega retrasada", "expired" },			/* es */
	{ "entrega atrasada", "expired" },			/* pt */
	{ "consegna ritardata", "expired" },			/* it */
	{ "recapito ritardato", "expired" },
	{ "bezorging vertraagd", "expired" },			/* nl */
	{ "配送遅延", "expired" },				/* ja */
	{ "доставка задерживается", "expired" },		/* ru */
	{ "Доставка задерживается", "expired" },
	{ NULL, NULL }
};

/* "Delivery failed" in its many wordings: enough to tell a notice in any of
 * the languages from ordinary mail that merely quotes an address. */
static const char *const failures[] = {
	"could not be delivered", "couldn't be delivered", "undeliverable",
	"delivery has failed", "delivery failed", "delivery to the following",
	"was not delivered", "failed permanently", "permanent error",
	"permanent fatal errors", "unable to deliver", "not be delivered",
	"wasn't able to deliver", "did not reach", "delivery failure",
	"could not deliver", "was rejected", "returned to sender",
	"following address(es) failed", "error delivering",
	"failed addresses", "failed recipient", "no valid recipient",
	"cannot be delivered", "can not be delivered", "was not relayed",
	"was aborted",
	"error occurred while trying to deliver", "could not be sent",
	"not yet received", "delay in the delivery",
	"non \xc3\xa8 riuscito",					/* it */
	"delivery error", "could not be sent", "unknown user", "user unknown",
	"mailbox full", "mailbox is full", "host unknown", "unknown host",
	"not accepted", "refused", "rejected",
	"non remis", "n'a pas pu être remis", "pas pu être distribué",	/* fr */
	"unzustellbar", "konnte nicht zugestellt werden",		/* de */
	"nicht zugestellt",
	"no se pudo entregar", "no se puede entregar",			/* es */
	"não foi possível entregar", "não pôde ser entregue",		/* pt */
	"impossibile recapitare", "non è stato possibile recapitare",	/* it */
	"non recapitabile",
	"onbestelbaar", "kon niet worden afgeleverd",			/* nl */
	"niet afgeleverd",
	"配信できませんでした", "送信できませんでした",			/* ja */
	"届きませんでした", "配送できませんでした",
	"не может быть доставлено", "не удалось доставить",		/* ru */
	"не доставлено",
	NULL
};

/* ---- words apart ------------------------------------------------------------- */

/* Sayings whose words may stand apart: a first word (a negation, "failure",
 * "mailbox") and, within GAP words after it, a word beginning with one of
 * THEN ("n'a pu être délivré", "konnte nicht an alle Empfänger zugestellt
 * werden", "не было доставлено", "Postfach des Empfängers ist voll").  The
 * first words are one bv_fmt_set, so a text is read in one pass; at each
 * first word at most GAP words (PAIR_REACH bytes) are looked at. */
struct pair {
	const char		*first;	/* first: the needle of a bv_fmt_set;
					   a whole word */
	int			 gap;	/* words allowed in between */
	const char *const	*then;	/* beginnings of the word that follows */
	int			 whole;	/* THEN are whole words, not stems */
	const char		*reason;
};

#define PAIR_REACH	160
#define W(...)		((const char *const []){ __VA_ARGS__, NULL })

/* French, Spanish, Italian, German, Portuguese, Dutch, Russian and English
 * ways of saying the message was not delivered (unknown MTAs, Orange,
 * Exchange and Domino translations, Russian hosting providers). */
#define FR_DELIVER	W("d\xc3\xa9livr", "remis", "distribu", "livr", \
			    "achemin", "transmis")
#define ES_DELIVER	W("entreg")
#define IT_DELIVER	W("consegn", "recapit")
#define DE_DELIVER	W("zugestellt", "zustellbar", "ausgeliefert", \
			    "zustellen")
#define PT_DELIVER	W("entreg")
#define NL_DELIVER	W("afgeleverd", "afleveren", "bezorgd", "bezorgen")
#define RU_DELIVER	W("\xd0\xb4\xd0\xbe\xd1\x81\xd1\x82\xd0\xb0\xd0\xb2" \
			    "\xd0\xbb", "\xd0\xb4\xd0\xbe\xd1\x81\xd1\x82" \
			    "\xd0\xb0\xd0\xb2\xd0\xb8\xd1\x82\xd1\x8c")
			    /* "доставл", "доставить" */
#define RU_NOT		"\xd0\xbd\xd0\xb5"		/* "не" */
#define RU_NOT_UC	"\xd0\x9d\xd0\xb5"		/* "Не" */
#define RU_CANNOT	"\xd0\xbd\xd0\xb5\xd0\xb2\xd0\xbe\xd0\xb7\xd0\xbc" \
			"\xd0\xbe\xd0\xb6\xd0\xbd\xd0\xbe" /* "невозможно" */
#define RU_CANNOT_UC	"\xd0\x9d\xd0\xb5\xd0\xb2\xd0\xbe\xd0\xb7\xd0\xbc" \
			"\xd0\xbe\xd0\xb6\xd0\xbd\xd0\xbe" /* "Невозможно" */

static const struct pair failure_pairs[] = {
	{ "not", 3, W("delivered", "deliverable"), 0, NULL },	/* en */
	{ "n'a", 4, FR_DELIVER, 0, NULL },				/* fr */
	{ "n\xe2\x80\x99" "a", 4, FR_DELIVER, 0, NULL },
	{ "n'ont", 4, FR_DELIVER, 0, NULL },
	{ "ne", 4, FR_DELIVER, 0, NULL },
	{ "impossible", 3, FR_DELIVER, 0, NULL },
	{ "\xc3\xa9" "chec", 3, W("remise", "livraison", "distribution",
	    "transmission", "envoi", "l'envoi", "d'envoi"), 0, NULL },
	{ "\xc3\x89" "chec", 3, W("remise", "livraison", "distribution",
	    "transmission", "envoi", "l'envoi", "d'envoi"), 0, NULL },
	{ "no", 4, ES_DELIVER, 0, NULL },				/* es */
	{ "imposible", 3, ES_DELIVER, 0, NULL },
	{ "error", 3, W("entrega"), 0, NULL },
	{ "fallo", 3, W("entrega"), 0, NULL },
	{ "non", 4, IT_DELIVER, 0, NULL },				/* it */
	{ "impossibile", 3, IT_DELIVER, 0, NULL },
	{ "mancata", 1, W("consegna", "recapito"), 0, NULL },
	{ "nicht", 5, DE_DELIVER, 0, NULL },			/* de */
	{ "zustellung", 4, W("fehlgeschlagen", "gescheitert",
	    "nicht m\xc3\xb6glich"), 0, NULL },
	{ "n\xc3\xa3o", 4, PT_DELIVER, 0, NULL },			/* pt */
	{ "imposs\xc3\xadvel", 3, PT_DELIVER, 0, NULL },
	{ "falha", 3, W("entrega", "na entrega"), 0, NULL },
	{ "niet", 4, NL_DELIVER, 0, NULL },			/* nl */
	{ RU_NOT, 3, RU_DELIVER, 0, NULL },			/* ru */
	{ RU_NOT_UC, 3, RU_DELIVER, 0, NULL },
	{ RU_CANNOT, 2, RU_DELIVER, 0, NULL },
	{ RU_CANNOT_UC, 2, RU_DELIVER, 0, NULL },
	{ NULL, 0, NULL, 0, NULL }
};

/* Reasons said with words in between ("casella di posta inesistente",
 * "Postfach des Empfängers ist voll", "ящик адресата переполнен", "Caixa
 * postal lotada", "Postvak van de ontvanger is vol"). */
#define RU_BOX		"\xd1\x8f\xd1\x89\xd0\xb8\xd0\xba"	/* "ящик" */
#define RU_BOX_UC	"\xd0\xaf\xd1\x89\xd0\xb8\xd0\xba"	/* "Ящик" */
#define RU_FULL		W("\xd0\xbf\xd0\xb5\xd1\x80\xd0\xb5\xd0\xbf" \
			    "\xd0\xbe\xd0\xbb\xd0\xbd\xd0\xb5\xd0\xbd")
			    /* "переполнен" */
#define RU_MISSING	W("\xd0\xbd\xd0\xb5 \xd1\x81\xd1\x83\xd1\x89" \
			    "\xd0\xb5\xd1\x81\xd1\x82\xd0\xb2\xd1\x83")
			    /* "не существу" */

static const struct pair reason_pairs[] = {
	{ "casella", 3, W("inesistente", "non esiste"), 1, "userunknown" },
	{ "utente", 2, W("inesistente", "non esiste"), 1, "userunknown" },
	{ "indirizzo", 3, W("inesistente", "non esiste"), 1, "userunknown" },
	{ "domino-verzeichnis", 1, W("aufgef\xc3\xbchrt", "eingetragen",
	    "gefunden"), 1, "userunknown" },
	{ "postfach", 3, W("existiert nicht", "nicht vorhanden",
	    "unbekannt"), 1, "userunknown" },
	{ "buz\xc3\xb3n", 3, W("no existe", "inexistente"), 1, "userunknown" },
	{ "caixa", 3, W("inexistente", "n\xc3\xa3o existe"), 1,
	    "userunknown" },
	{ "postvak", 3, W("bestaat niet", "onbekend"), 1, "userunknown" },
	{ RU_BOX, 3, RU_MISSING, 0, "userunknown" },
	{ RU_BOX_UC, 3, RU_MISSING, 0, "userunknown" },
	{ "casella", 3, W("piena"), 1, "mailboxfull" },
	{ "postfach", 4, W("voll", "\xc3\xbc" "berf\xc3\xbcllt"), 1,
	    "mailboxfull" },
	{ "mailbox", 4, W("voll", "vol", "pleine", "lleno", "llena", "cheia",
	    "lotada", "piena"), 1, "mailboxfull" },
	{ "postvak", 4, W("vol"), 1, "mailboxfull" },
	{ "caixa", 3, W("cheia", "lotada"), 1, "mailboxfull" },
	{ "buz\xc3\xb3n", 3, W("lleno"), 1, "mailboxfull" },
	{ "buzon", 3, W("lleno"), 1, "mailboxfull" },
	{ "bo\xc3\xaete", 4, W("pleine"), 1, "mailboxfull" },
	{ "boite", 4, W("pleine"), 1, "mailboxfull" },
	{ RU_BOX, 2, RU_FULL, 0, "mailboxfull" },
	{ RU_BOX_UC, 2, RU_FULL, 0, "mailboxfull" },
	{ NULL, 0, NULL, 0, NULL }
};

static struct bv_fmt_set failure_pair_set = BV_FMT_SET(failure_pairs,
    sizeof(failure_pairs[0]));
static struct bv_fmt_set reason_pair_set = BV_FMT_SET(reason_pairs,
    sizeof(reason_pairs[0]));

/* Is C part of a word (an ASCII letter or digit, a byte of a UTF-8
 * sequence, an apostrophe or hyphen inside a word)? */
static int
word_byte(unsigned char c)
{
	return (unsigned)(c - '0') < 10 || (unsigned)((c | 0x20) - 'a') < 26 ||
	    c >= 0x80 || c == '\'' || c == '-';
}

/* Does a word of THEN begin at S[0..N) (and end there too, if WHOLE)? */
static int
pair_then(const char *s, size_t n, const char *const *then, int whole)
{
	size_t	 k;

	for (; *then != NULL; then++) {
		if ((k = bv_fmt_prefix_len(s, n, *then)) == 0)
			continue;
		if (!whole || k == n || !word_byte((unsigned char)s[k]))
			return 1;
	}
	return 0;
}

/* Does a word of P->then follow within P->gap words of S[0..N)? */
static int
pair_follows(const struct pair *p, const char *s, size_t n)
{
	size_t	 i = 0;
	int	 w;

	if (n > PAIR_REACH)
		n = PAIR_REACH;
	for (w = 0; w <= p->gap; w++) {
		while (i < n && !word_byte((unsigned char)s[i]))
			i++;
		if (i >= n)
			return 0;
		if (pair_then(s + i, n - i, p->then, p->whole))
			return 1;
		while (i < n && word_byte((unsigned char)s[i]))
			i++;
	}
	return 0;
}

static int
ascii_lower(int c)
{
	return (unsigned)(c - 'A') < 26 ? c + 32 : c;
}

/* Does a pair of PAIRS from index K0 on begin at AT, in a text from START
 * to END?  *WHICH gets the first such pair's index.  The first word must
 * stand whole: not inside a word of any script (AT may follow a byte of
 * one: look behind). */
static int
pair_at(const struct pair *pairs, size_t k0, const char *start,
    const char *at, const char *end, size_t *which)
{
	const char	*after;
	size_t		 k, len;

	if (at > start && word_byte((unsigned char)at[-1]) &&
	    at[-1] != '\'' && at[-1] != '-')
		return 0;
	for (k = k0; pairs[k].first != NULL; k++) {
		/* The first byte rules most out without a call. */
		if (ascii_lower((unsigned char)pairs[k].first[0]) !=
		    ascii_lower((unsigned char)at[0]))
			continue;
		len = bv_fmt_prefix_len(at, (size_t)(end - at), pairs[k].first);
		after = at + len;
		if (len == 0 || (after < end && word_byte((unsigned char)*after)))
			continue;
		if (pair_follows(&pairs[k], after, (size_t)(end - after))) {
			*which = k;
			return 1;
		}
	}
	return 0;
}

/* The earliest saying of PAIRS in TEXT[0..N), or NULL; *WHICH its index.
 * TEXT is inside (or is) a text that begins at START, which the look
 * behind a first word may reach.
 * Where SET finds a first word, every pair whose first word stands there
 * is tried ("no" and "non" begin at the same place). */
static const char *
pair_find(struct bv_fmt_set *set, const struct pair *pairs, const char *start,
    const char *text, size_t n, size_t *which)
{
	const char	*at, *end = text + n;

	while (text != NULL && (at = bv_fmt_set_find(set, text, (size_t)(end -
	    text), NULL)) != NULL) {
		text = at + 1;
		if (pair_at(pairs, 0, start, at, end, which))
			return at;
	}
	return NULL;
}

/* A delay notice: the server still holds the message and keeps trying. */
static const char *const delays[] = {
	"has been delayed", "delivery delayed", "delivery is delayed",
	"will be retried", "will continue to be attempted",
	"this is a warning message only", "not yet been delivered",
	"delivery attempts will continue", "still trying",
	"will continue trying",
	"delay in the delivery", "not yet received",
	"remise différée", "zustellung verzögert", "noch nicht zugestellt",
	"entrega retrasada", "entrega atrasada", "consegna ritardata",
	"bezorging vertraagd", "配送遅延", "доставка задерживается",
	NULL
};

/* A delay notice's subject (Postfix "Delayed Mail (still being retried)",
 * Gmail "(Delay)", Exim "Warning: message X delayed 24 hours", Sendmail
 * "Warning: could not send message for past 4 hours"). */
static const char *const subject_delays[] = {
	"delay", "warning:", "still being retried", "retrying",
	"verz\xc3\xb6gert", "retard", "retras", "atras", "ritard", "vertraag",
	"\xe9\x81\x85\xe5\xbb\xb6",				/* ja */
	"\xd0\xb7\xd0\xb0\xd0\xb4\xd0\xb5\xd1\x80\xd0\xb6",	/* ru */
	NULL
};

static struct bv_fmt_set reason_set = BV_FMT_SET(reasons, sizeof(reasons[0]));
static struct bv_fmt_set failure_set = BV_FMT_SET(failures, sizeof(failures[0]));
static struct bv_fmt_set delay_set = BV_FMT_SET(delays, sizeof(delays[0]));

/* The reason phrases and the pairs' first words in one set, so that one
 * search finds where either may be said. */
static const char	*reason_starts[sizeof(reasons) / sizeof(reasons[0]) +
			    sizeof(reason_pairs) / sizeof(reason_pairs[0])];
static struct bv_fmt_set reason_start_set = BV_FMT_SET(reason_starts,
    sizeof(reason_starts[0]));
static size_t		 nreasons;	/* reasons come first in it */
static pthread_once_t	 reason_starts_once = PTHREAD_ONCE_INIT;

static void
fill_reason_starts(void)
{
	size_t	 i, k = 0;

	for (i = 0; reasons[i].text != NULL; i++)
		reason_starts[k++] = reasons[i].text;
	nreasons = k;
	for (i = 0; reason_pairs[i].first != NULL; i++) {
		/* A set holds needles of two bytes or more: a shorter first
		 * word would be missed (bv_fmt_phrase_reason). */
		if (strlen(reason_pairs[i].first) < 2)
			abort();
		reason_starts[k++] = reason_pairs[i].first;
	}
	if (k >= BV_FMT_SET_MAX)
		abort();		/* the set would miss needles */
	reason_starts[k] = NULL;
}


/* Is P, inside TEXT, where a word begins as a set's search sees it (after
 * no ASCII letter or digit)? */
static int
word_start(const char *text, const char *p)
{
	unsigned char	 c;

	if (p == text)
		return 1;
	c = (unsigned char)p[-1];
	return !((unsigned)(c - '0') < 10 || (unsigned)((c | 0x20) - 'a') < 26);
}

/*
 * One pass: at each place where a reason phrase or a pair's first word may
 * begin, a phrase there wins (the plain version prefers a phrase at the
 * place of a pair), then a pair; the first place with either is the
 * earliest of both searches.
 */
const char *
bv_fmt_phrase_reason(const char *text, size_t n)
{
	const char	*p, *from = text, *end = text + n;
	size_t		 i, w;

	pthread_once(&reason_starts_once, fill_reason_starts);
	if (text == NULL)
		return NULL;
	while ((p = bv_fmt_set_find(&reason_start_set, from, (size_t)(end -
	    from), &w)) != NULL) {
		from = p + 1;
		/* The search went on from inside a word. */
		if (!word_start(text, p))
			continue;
		/* W is the least index that begins at P: a phrase when one
		 * does (they come first), else the first pair whose first
		 * word does (the pairs before it cannot match here). */
		if (w < nreasons)
			return reasons[w].reason;
		if (pair_at(reason_pairs, w - nreasons, text, p, end, &i))
			return reason_pairs[i].reason;
	}
	return NULL;
}

const char *
bv_fmt_phrase_reason_plain(const char *text, size_t n)
{
	const char	*at, *pat;
	size_t		 i, k;

	if (text == NULL)
		return NULL;
	/* The earliest phrase speaks of the first failure. */
	at = bv_fmt_set_find(&reason_set, text, n, &i);
	pat = pair_find(&reason_pair_set, reason_pairs, text, text, n, &k);
	if (pat != NULL && (at == NULL || pat < at))
		return reason_pairs[k].reason;
	return at != NULL ? reasons[i].reason : NULL;
}

int
bv_fmt_says_failure(const char *text, size_t n)
{
	size_t	 i;

	return bv_fmt_set_find(&failure_set, text, n, NULL) != NULL ||
	    pair_find(&failure_pair_set, failure_pairs, text, text, n, &i) != NULL;
}

static struct bv_fmt_set subject_delay_set = BV_FMT_SET(subject_delays,
    sizeof(subject_delays[0]));

int
bv_fmt_subject_delay(const char *subject)
{
	return subject != NULL && bv_fmt_set_find(&subject_delay_set, subject,
	    strnlen(subject, 1024), NULL) != NULL;
}

int
bv_fmt_says_delay(const char *text, size_t n)
{
	return bv_fmt_set_find(&delay_set, text, n, NULL) != NULL;
}
