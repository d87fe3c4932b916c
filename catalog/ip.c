/*
 * ip.c: the address a blocklist listed, as a diagnostic quotes it.
 *
 * The first IPv4 or IPv6 address that parses (inet_pton) wins, skipping
 * what is certainly not the sender's address: loopback and 0.x (DNSBL
 * answer codes), and the receiving server itself as the MTAs write it
 * (Postfix "host NAME[IP] said:", Exim "host NAME [IP]:", qmail "Connected
 * to IP", "IP does not like recipient", "Giving up on IP").  A reversed
 * query name ("7.2.0.192.zen.spamhaus.org") is turned round.
 */
#include "config.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <string.h>

#include "catalog/catint.h"

#define V6CHARS	"0123456789abcdefABCDEF:."

/* Words around an address that make it the receiving server's. */
static const char *const peer_before[] = {
	"connected to ", "remote host ", "giving up on ", "talking to ",
	NULL
};
static const char *const peer_after[] = {
	" does not like", " said", " failed after", " refused", NULL
};

static int
preceded_by(const char *s, size_t at, const char *w)
{
	size_t	 n = strlen(w);

	return at >= n && strncmp(s + at - n, w, n) == 0;
}

static int
followed_by(const char *s, size_t end, size_t len, const char *w)
{
	size_t	 n = strlen(w);

	return len - end >= n && strncmp(s + end, w, n) == 0;
}

/* The receiving server's own address ("NAME[IP] said:", "[IP]:",
 * "Connected to IP", ...). */
static int
is_peer(const char *s, size_t at, size_t end, size_t len)
{
	size_t	 i;

	for (i = 0; peer_before[i] != NULL; i++)
		if (preceded_by(s, at, peer_before[i]))
			return 1;
	if (at > 0 && s[at - 1] == '[' && end < len && s[end] == ']') {
		if (end + 1 < len && s[end + 1] == ':')
			return 1;
		end++;
	}
	for (i = 0; peer_after[i] != NULL; i++)
		if (followed_by(s, end, len, peer_after[i]))
			return 1;
	return 0;
}

/* A dotted quad at S[AT]: its length, or 0.  Fills the four octets. */
static size_t
ipv4_at(const char *s, size_t at, size_t len, unsigned o[4])
{
	size_t	 i = at, digits;
	int	 part;

	for (part = 0; part < 4; part++) {
		o[part] = 0;
		for (digits = 0; i < len && isdigit((unsigned char)s[i]);
		    digits++, i++)
			o[part] = o[part] * 10 + (unsigned)(s[i] - '0');
		if (digits == 0 || digits > 3 || o[part] > 255)
			return 0;
		if (part < 3 && (i >= len || s[i++] != '.'))
			return 0;
	}
	if (i < len && isdigit((unsigned char)s[i]))
		return 0;
	if (i + 1 < len && s[i] == '.' && isdigit((unsigned char)s[i + 1]))
		return 0;
	return i - at;
}

/* The four octets (each at most 255) as inet_ntop writes them, in
 * decimal without leading zeros, into OUT (INET_ADDRSTRLEN bytes); by
 * hand, as inet_ntop costs more than the whole search. */
static void
dotted_quad(const unsigned o[4], char *out)
{
	int	 part;

	for (part = 0; part < 4; part++) {
		if (o[part] >= 100)
			*out++ = (char)('0' + o[part] / 100);
		if (o[part] >= 10)
			*out++ = (char)('0' + o[part] / 10 % 10);
		*out++ = (char)('0' + o[part] % 10);
		*out++ = part < 3 ? '.' : '\0';
	}
}

static int
take_ipv4(const char *s, size_t at, size_t n, size_t len, char *out,
    size_t outlen)
{
	unsigned	 o[4], t;
	char		 tmp[INET_ADDRSTRLEN];

	ipv4_at(s, at, len, o);
	/* "D.C.B.A.zone": a reversed DNSBL query name. */
	if (at + n + 1 < len && s[at + n] == '.' &&
	    isalpha((unsigned char)s[at + n + 1])) {
		t = o[0], o[0] = o[3], o[3] = t;
		t = o[1], o[1] = o[2], o[2] = t;
	} else if (is_peer(s, at, at + n, len))
		return 0;
	if (o[0] == 127 || o[0] == 0)
		return 0;
	dotted_quad(o, tmp);
	if (strlen(tmp) >= outlen)
		return 0;
	strcpy(out, tmp);
	return 1;
}

static int
take_ipv6(const char *s, size_t at, size_t n, size_t len, char *out,
    size_t outlen)
{
	struct in6_addr	 a;
	char		 span[INET6_ADDRSTRLEN + 8];
	char		 tmp[INET6_ADDRSTRLEN];

	/* Trailing punctuation is the sentence's, not the address's. */
	while (n > 0 && (s[at + n - 1] == '.' || s[at + n - 1] == ':') &&
	    !(n >= 2 && s[at + n - 1] == ':' && s[at + n - 2] == ':'))
		n--;
	if (n < 2 || n >= sizeof(span))
		return 0;
	memcpy(span, s + at, n);
	span[n] = '\0';
	if (inet_pton(AF_INET6, span, &a) != 1 ||
	    IN6_IS_ADDR_LOOPBACK(&a) || IN6_IS_ADDR_UNSPECIFIED(&a))
		return 0;
	if (is_peer(s, at, at + n, len))
		return 0;
	if (inet_ntop(AF_INET6, &a, tmp, sizeof(tmp)) == NULL ||
	    strlen(tmp) >= outlen)
		return 0;
	strcpy(out, tmp);
	return 1;
}

static int
v6char(char c)
{
	return c != '\0' && strchr(V6CHARS, c) != NULL;
}

int
cat_find_ip(const char *s, size_t len, char *out, size_t outlen)
{
	unsigned	 o[4];
	size_t		 i, start, n, colons, k;
	char		 prev;

	for (i = 0; i < len; i++) {
		start = i;
		prev = i > 0 ? s[i - 1] : ' ';
		/* "IPv6:2001:db8::1": the address starts after "ipv6:". */
		if (i >= 3 && i + 2 < len && s[i + 1] == ':' &&
		    strncmp(s + i - 3, "ipv6:", 5) == 0)
			start = i + 2;
		else if (isalnum((unsigned char)prev) || prev == ':' ||
		    prev == '.')
			continue;
		if (!isxdigit((unsigned char)s[start]) && s[start] != ':')
			continue;
		for (n = 0, colons = 0; start + n < len &&
		    v6char(s[start + n]); n++)
			colons += s[start + n] == ':';
		if (colons >= 2) {
			if (take_ipv6(s, start, n, len, out, outlen))
				return 1;
		} else if ((k = ipv4_at(s, start, len, o)) > 0) {
			if (take_ipv4(s, start, k, len, out, outlen))
				return 1;
		}
		i = start + (n > 0 ? n - 1 : 0);
	}
	if (outlen > 0)
		out[0] = '\0';
	return 0;
}
