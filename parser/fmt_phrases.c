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

const char *
bv_fmt_phrase_reason(const char *text, size_t n)
{
	size_t	 i;

	/* The earliest phrase speaks of the first failure. */
	if (bv_fmt_set_find(&reason_set, text, n, &i) == NULL)
		return NULL;
	return reasons[i].reason;
}

int
bv_fmt_says_failure(const char *text, size_t n)
{
	return bv_fmt_set_find(&failure_set, text, n, NULL) != NULL;
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
