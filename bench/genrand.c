/*
 * genrand.c: splitmix64 and the invented vocabulary the generator draws
 * from.  The same seed gives the same bytes on every machine.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "bench/gen.h"

void
rng_seed(struct rng *r, uint64_t seed)
{
	r->s = seed * 0x9e3779b97f4a7c15ULL + 0x2545f4914f6cdd1dULL;
}

uint64_t
rng_next(struct rng *r)
{
	uint64_t	z;

	z = (r->s += 0x9e3779b97f4a7c15ULL);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

uint32_t
rng_below(struct rng *r, uint32_t n)
{
	return n ? (uint32_t)((rng_next(r) >> 32) * n >> 32) : 0;
}

int
rng_chance(struct rng *r, unsigned permille)
{
	return rng_below(r, 1000) < permille;
}

size_t
rng_weighted(struct rng *r, const unsigned *w, size_t n)
{
	uint32_t	 total = 0, x;
	size_t		 i;

	for (i = 0; i < n; i++)
		total += w[i];
	x = rng_below(r, total);
	for (i = 0; i + 1 < n; i++) {
		if (x < w[i])
			return i;
		x -= w[i];
	}
	return n - 1;
}

static const char *const firsts[] = {
	"anna", "bert", "carla", "dmitri", "elif", "femi", "greta", "hugo",
	"ines", "jonas", "kaito", "lena", "marco", "nadia", "oskar", "priya",
	"quentin", "rosa", "sven", "tomoko", "ugo", "vera", "wim", "xiomara",
	"yusuf", "zofia", "aiko", "bjorn", "chidi", "dora", "emil", "farah",
};

static const char *const lasts[] = {
	"abernathy", "bellweather", "castellan", "duquesne", "eriksen",
	"fairbanks", "gallowglass", "holloway", "ivanova", "jankowski",
	"kettleby", "lindqvist", "mortimer", "nakamura", "okonkwo", "pettersen",
	"quigley", "rasmussen", "santangelo", "thornbury", "underhill",
	"vasquez", "whitlock", "yardley", "zimmerly",
};

static const char *const roles[] = {
	"info", "sales", "billing", "support", "office", "hr", "jobs",
	"contact", "admin", "orders", "noreply-test", "team",
};

/* Domains of the recipients: invented words under reserved names. */
static const char *const orgs[] = {
	"acme", "globex", "initrode", "umbrellacorp", "hooli", "vandelay",
	"tyrellcorp", "wonkaindustries", "soylent", "cyberdyne", "oscorp",
	"dundermifflin", "gringotts", "pawnee", "bluthco", "monsters-inc",
	"pied-piper", "prestige-worldwide", "sterling-cooper", "wernham-hogg",
	"los-pollos", "krusty-krab", "planet-express", "nakatomi", "massive-dynamic",
	"aperture", "blackmesa", "stark-ind", "wayne-ent", "daily-planet",
	"rekall", "weyland", "encom", "gekko-co", "duff", "buy-n-large",
};

/* Invented big mailbox providers. */
static const char *const providers[] = {
	"mailhost.example", "webmail.example.com", "freemail.example.net",
	"postbox.example", "inboxly.example.org", "correo.example",
};

static const char *const tlds[] = {
	"example", "example.com", "example.net", "example.org", "test",
	"example.co", "example.de", "example.jp", "example.fr", "example.br",
};

void
gen_domain(struct rng *r, char *out, size_t len)
{
	/* a few big mailbox providers receive a large share, as in life */
	if (rng_chance(r, 350))
		snprintf(out, len, "%s", PICK(r, providers));
	else
		snprintf(out, len, "%s.%s", PICK(r, orgs), PICK(r, tlds));
}

void
gen_localpart(struct rng *r, char *out, size_t len)
{
	switch (rng_below(r, 6)) {
	case 0:
		snprintf(out, len, "%s", PICK(r, roles));
		break;
	case 1:
		snprintf(out, len, "%c%s", PICK(r, firsts)[0], PICK(r, lasts));
		break;
	case 2:
		snprintf(out, len, "%s%u", PICK(r, firsts), rng_below(r, 1000));
		break;
	default:
		snprintf(out, len, "%s.%s", PICK(r, firsts), PICK(r, lasts));
		break;
	}
}

void
gen_ip(struct rng *r, char *out, size_t len)
{
	static const char *const nets[] = {
		"192.0.2", "198.51.100", "203.0.113",
	};

	snprintf(out, len, "%s.%u", PICK(r, nets), 1 + rng_below(r, 254));
}

void
gen_hex(struct rng *r, char *out, size_t len)
{
	static const char	digits[] = "0123456789ABCDEF";
	size_t			i;

	for (i = 0; i < len; i++)
		out[i] = digits[rng_below(r, 16)];
	out[len] = '\0';
}

void
gen_date(struct buf *b, time_t t, int tzmin)
{
	static const char *const days[] = {
		"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat",
	};
	static const char *const months[] = {
		"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep",
		"Oct", "Nov", "Dec",
	};
	struct tm	 tm;
	time_t		 local = t + tzmin * 60;
	int		 a = tzmin < 0 ? -tzmin : tzmin;

	gmtime_r(&local, &tm);
	buf_printf(b, "%s, %d %s %d %02d:%02d:%02d %c%02d%02d",
	    days[tm.tm_wday], tm.tm_mday, months[tm.tm_mon],
	    tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec,
	    tzmin < 0 ? '-' : '+', a / 60, a % 60);
}

static const char *const words[] = {
	"the", "of", "and", "to", "a", "in", "for", "is", "on", "that", "by",
	"this", "with", "you", "it", "not", "or", "be", "are", "at", "as",
	"your", "all", "have", "new", "more", "an", "was", "we", "will",
	"can", "about", "if", "page", "my", "has", "free", "but", "our",
	"one", "other", "do", "no", "information", "time", "they", "site",
	"he", "up", "may", "what", "which", "their", "news", "out", "use",
	"any", "there", "see", "only", "so", "his", "when", "contact", "here",
	"business", "who", "web", "also", "now", "help", "get", "view",
	"online", "first", "been", "would", "how", "were", "me", "services",
	"some", "these", "click", "its", "like", "service", "than", "find",
	"price", "date", "back", "top", "people", "had", "list", "name",
	"just", "over", "state", "year", "day", "into", "email", "two",
	"health", "world", "next", "used", "go", "work", "last", "most",
	"products", "music", "buy", "data", "make", "them", "should",
	"product", "system", "post", "her", "city", "add", "policy", "number",
	"such", "please", "available", "copyright", "support", "message",
	"after", "best", "software", "then", "jan", "good", "video", "well",
	"invoice", "meeting", "quarter", "report", "shipment", "order",
};

void
gen_words(struct rng *r, struct buf *b, size_t bytes, int width)
{
	size_t		 start = b->len;
	int		 col = 0, cap = 1;
	const char	*w;
	size_t		 wl;

	while (b->len - start < bytes) {
		w = PICK(r, words);
		wl = strlen(w);
		if (col > 0 && col + 1 + (int)wl > width) {
			buf_addc(b, '\n');
			col = 0;
		} else if (col > 0) {
			buf_addc(b, ' ');
			col++;
		}
		if (cap && w[0] >= 'a' && w[0] <= 'z') {
			buf_addc(b, (char)(w[0] - 'a' + 'A'));
			buf_add(b, w + 1, wl - 1);
		} else
			buf_add(b, w, wl);
		col += (int)wl;
		cap = rng_chance(r, 80);
		if (cap) {
			buf_addc(b, '.');
			col++;
		}
	}
	buf_adds(b, cap ? "\n" : ".\n");
}

const char *
gen_subject(struct rng *r)
{
	static const char *const subjects[] = {
		"Your invoice for March",
		"Re: meeting on Thursday",
		"Quarterly report draft",
		"Spring offers: up to 30% off",
		"Order confirmation #48213",
		"Password reset requested",
		"Fwd: updated shipping schedule",
		"Newsletter - issue 112",
		"Welcome to the community",
		"Reminder: webinar starts in one hour",
		"Re: Re: contract questions",
		"Your subscription renews soon",
		"=?UTF-8?B?Q2Fmw6kgY3LDqG1lIGV0IGfDonRlYXV4?=",
		"=?ISO-8859-1?Q?Gr=FC=DFe_aus_dem_B=FCro?=",
		"=?UTF-8?Q?Pr=C3=B3xima_reuni=C3=B3n?= del equipo",
		"=?UTF-8?B?5pys5pel44Gu44GK55+l44KJ44Gb?=",
		"Invitation: design review",
		"Statement available online",
		"Job application - junior analyst",
		"Delivery attempt failed for parcel 7731",
	};

	return PICK(r, subjects);
}

const char *
gen_person(struct rng *r)
{
	static const char *const names[] = {
		"Anna Bellweather", "Hugo Castellan", "Priya Nakamura",
		"The Shop Team", "Customer Service", "Marco Okonkwo",
		"=?UTF-8?Q?Zofia_Jankowsk=C3=A1?=", "Newsletter",
		"Sven Lindqvist", "Billing Department",
	};

	return PICK(r, names);
}
