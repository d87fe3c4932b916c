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
 */
#include "config.h"

#include <string.h>

#include "parser/parser.h"

struct phrase {
	const char	*reason;
	const char	*text;
};

static const struct phrase reasons[] = {
	/* ---- the recipient does not exist ---- */
	{ "userunknown", "utilisateur inconnu" },		/* fr */
	{ "userunknown", "destinataire inconnu" },
	{ "userunknown", "adresse inconnue" },
	{ "userunknown", "n'existe pas" },
	{ "userunknown", "benutzer unbekannt" },		/* de */
	{ "userunknown", "unbekannter benutzer" },
	{ "userunknown", "empfänger unbekannt" },
	{ "userunknown", "unbekannter empfänger" },
	{ "userunknown", "adresse unbekannt" },
	{ "userunknown", "postfach existiert nicht" },
	{ "userunknown", "usuario desconocido" },		/* es */
	{ "userunknown", "destinatario desconocido" },
	{ "userunknown", "dirección desconocida" },
	{ "userunknown", "usuário desconhecido" },		/* pt */
	{ "userunknown", "utilizador desconhecido" },
	{ "userunknown", "destinatário desconhecido" },
	{ "userunknown", "endereço inexistente" },
	{ "userunknown", "utente sconosciuto" },		/* it */
	{ "userunknown", "destinatario sconosciuto" },
	{ "userunknown", "indirizzo inesistente" },
	{ "userunknown", "gebruiker onbekend" },		/* nl */
	{ "userunknown", "onbekende gebruiker" },
	{ "userunknown", "ontvanger onbekend" },
	{ "userunknown", "adres bestaat niet" },
	{ "userunknown", "ユーザが存在しません" },		/* ja */
	{ "userunknown", "ユーザーが存在しません" },
	{ "userunknown", "アドレスが存在しません" },
	{ "userunknown", "宛先が見つかりません" },
	{ "userunknown", "存在しないメールアドレス" },
	{ "userunknown", "пользователь не найден" },		/* ru */
	{ "userunknown", "Пользователь не найден" },
	{ "userunknown", "нет такого пользователя" },
	{ "userunknown", "Нет такого пользователя" },
	{ "userunknown", "неизвестный пользователь" },
	{ "userunknown", "Неизвестный пользователь" },
	{ "userunknown", "адрес не существует" },
	{ "userunknown", "ящик не существует" },
	/* ---- the mailbox is full ---- */
	{ "mailboxfull", "boîte aux lettres pleine" },		/* fr */
	{ "mailboxfull", "boite aux lettres pleine" },
	{ "mailboxfull", "boîte pleine" },
	{ "mailboxfull", "boite pleine" },
	{ "mailboxfull", "quota dépassé" },
	{ "mailboxfull", "postfach voll" },			/* de */
	{ "mailboxfull", "postfach ist voll" },
	{ "mailboxfull", "mailbox ist voll" },
	{ "mailboxfull", "speicherplatz überschritten" },
	{ "mailboxfull", "quota überschritten" },
	{ "mailboxfull", "buzón lleno" },			/* es */
	{ "mailboxfull", "buzon lleno" },
	{ "mailboxfull", "buzón está lleno" },
	{ "mailboxfull", "cuota excedida" },
	{ "mailboxfull", "caixa postal cheia" },		/* pt */
	{ "mailboxfull", "caixa de correio cheia" },
	{ "mailboxfull", "caixa de entrada cheia" },
	{ "mailboxfull", "cota excedida" },
	{ "mailboxfull", "casella piena" },			/* it */
	{ "mailboxfull", "casella di posta piena" },
	{ "mailboxfull", "quota superata" },
	{ "mailboxfull", "mailbox vol" },			/* nl */
	{ "mailboxfull", "postvak vol" },
	{ "mailboxfull", "postvak is vol" },
	{ "mailboxfull", "メールボックスがいっぱい" },		/* ja */
	{ "mailboxfull", "メールボックスが一杯" },
	{ "mailboxfull", "容量オーバー" },
	{ "mailboxfull", "容量を超え" },
	{ "mailboxfull", "ящик переполнен" },			/* ru */
	{ "mailboxfull", "Ящик переполнен" },
	{ "mailboxfull", "превышена квота" },
	{ "mailboxfull", "Превышена квота" },
	/* ---- the message is too large ---- */
	{ "mesgtoobig", "message trop volumineux" },		/* fr */
	{ "mesgtoobig", "message trop gros" },
	{ "mesgtoobig", "taille du message" },
	{ "mesgtoobig", "nachricht zu groß" },			/* de */
	{ "mesgtoobig", "nachricht ist zu groß" },
	{ "mesgtoobig", "e-mail ist zu groß" },
	{ "mesgtoobig", "mensaje demasiado grande" },		/* es */
	{ "mesgtoobig", "tamaño del mensaje" },
	{ "mesgtoobig", "mensagem muito grande" },		/* pt */
	{ "mesgtoobig", "tamanho da mensagem" },
	{ "mesgtoobig", "messaggio troppo grande" },		/* it */
	{ "mesgtoobig", "dimensione del messaggio" },
	{ "mesgtoobig", "bericht te groot" },			/* nl */
	{ "mesgtoobig", "サイズが大きすぎ" },			/* ja */
	{ "mesgtoobig", "サイズ制限" },
	{ "mesgtoobig", "слишком большое" },			/* ru */
	{ "mesgtoobig", "превышает допустимый размер" },
	/* ---- delivery is delayed / gave up after retrying ---- */
	{ "expired", "remise différée" },			/* fr */
	{ "expired", "distribution retardée" },
	{ "expired", "zustellung verzögert" },			/* de */
	{ "expired", "entrega retrasada" },			/* es */
	{ "expired", "entrega atrasada" },			/* pt */
	{ "expired", "consegna ritardata" },			/* it */
	{ "expired", "recapito ritardato" },
	{ "expired", "bezorging vertraagd" },			/* nl */
	{ "expired", "配送遅延" },				/* ja */
	{ "expired", "доставка задерживается" },		/* ru */
	{ "expired", "Доставка задерживается" },
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

/* A delay notice: the server still holds the message and keeps trying. */
static const char *const delays[] = {
	"has been delayed", "delivery delayed", "delivery is delayed",
	"will be retried", "will continue to be attempted",
	"this is a warning message only", "not yet been delivered",
	"delivery attempts will continue", "still trying",
	"remise différée", "zustellung verzögert", "noch nicht zugestellt",
	"entrega retrasada", "entrega atrasada", "consegna ritardata",
	"bezorging vertraagd", "配送遅延", "доставка задерживается",
	NULL
};

const char *
bv_fmt_phrase_reason(const char *text, size_t n)
{
	const char	*best = NULL, *p;
	size_t		 i, at = 0;

	if (text == NULL)
		return NULL;
	for (i = 0; reasons[i].text != NULL; i++) {
		/* The earliest phrase speaks of the first failure. */
		p = bv_fmt_find(text, best != NULL ? at : n, reasons[i].text);
		if (p != NULL && (best == NULL || (size_t)(p - text) < at)) {
			best = reasons[i].reason;
			at = (size_t)(p - text);
		}
	}
	return best;
}

int
bv_fmt_says_failure(const char *text, size_t n)
{
	return text != NULL && bv_fmt_find_any(text, n, failures, NULL) !=
	    NULL;
}

int
bv_fmt_says_delay(const char *text, size_t n)
{
	return text != NULL && bv_fmt_find_any(text, n, delays, NULL) != NULL;
}
