/*
 * bench/: the generator of synthetic bounce mailboxes (bvgen).  Everything
 * it writes is invented here: hosts under example.* and .example, addresses
 * of made-up people, documentation IP ranges.  Where an MTA identifies its
 * format by a fixed marker line, the marker is kept (it is a fact of the
 * format a reader must recognise); the prose around it is ours.
 */
#ifndef BV_BENCH_GEN_H
#define BV_BENCH_GEN_H

#include <stdint.h>
#include <time.h>

#include "catalog/catalog.h"

/* genrand.c: a seeded generator and the vocabulary drawn from it. */
struct rng {
	uint64_t	s;
};

void		 rng_seed(struct rng *, uint64_t);
uint64_t	 rng_next(struct rng *);
uint32_t	 rng_below(struct rng *, uint32_t n);	/* [0, n) */
int		 rng_chance(struct rng *, unsigned permille);
/* Index drawn from WEIGHTS (N entries, any positive scale). */
size_t		 rng_weighted(struct rng *, const unsigned *weights, size_t n);
#define PICK(r, a)	((a)[rng_below((r), sizeof(a) / sizeof((a)[0]))])

void	 gen_domain(struct rng *, char *, size_t);
void	 gen_localpart(struct rng *, char *, size_t);
void	 gen_ip(struct rng *, char *, size_t);
void	 gen_hex(struct rng *, char *, size_t len);	/* LEN hex digits */
void	 gen_date(struct buf *, time_t, int tzmin);	/* RFC 5322 date */
void	 gen_words(struct rng *, struct buf *, size_t bytes, int width);
const char *gen_subject(struct rng *);
const char *gen_person(struct rng *);

/* genreason.c: why a recipient failed, and the remote server's words. */
enum action {
	ACT_FAILED,
	ACT_DELAYED,
	ACT_DELIVERED,
};

struct reason {
	const char	*name;		/* for the generator's own tally */
	unsigned	 weight;
	const char	*reply;		/* "550", or NULL (no SMTP reply) */
	const char	*status;	/* enhanced status code */
	enum action	 action;
	int		 local;		/* decided by the reporting MTA itself
					   (timeouts, DNS), not a remote reply */
	const char	*texts[4];	/* %R %D %I %H %A %S expand; NULL-ended */
};

const struct reason	*reason_pick(struct rng *);

/* One failed recipient of a bounce. */
struct rcpt {
	char			 addr[96];
	char			 domain[64];
	char			 rhost[96];	/* remote MX */
	char			 rip[16];
	const struct reason	*why;
	char			 text[400];	/* remote server's reply, one
						   line (multi-line replies
						   use '\n') */
};

/* Everything one bounce message is made of. */
struct bounce {
	time_t		 when;		/* the bounce's date */
	int		 tz;		/* minutes east of UTC */
	char		 mta[96];	/* reporting MTA host */
	char		 mtaip[16];
	char		 ourip[16];	/* the sender's IP (blocklisted) */
	char		 sender[96];	/* original sender */
	char		 sdomain[64];
	char		 qid[16];	/* queue id */
	char		 boundary[64];
	int		 nrcpt;
	struct rcpt	 r[5];
	/* The returned original. */
	time_t		 sent;
	const char	*subject;
	char		 msgid[96];
	int		 orig;		/* enum origmode */
};

void	 reason_text(struct rng *, const struct bounce *, struct rcpt *);
void	 expand(struct buf *, const char *tmpl, const struct bounce *,
	    const struct rcpt *);

/* genorig.c: the returned original message. */
enum origmode {
	ORIG_NONE,		/* nothing returned */
	ORIG_HEADERS,		/* headers only */
	ORIG_SMALL,		/* headers and a short text body */
	ORIG_ALT,		/* text and HTML alternatives */
	ORIG_ATTACH,		/* with a 50-200 KB base64 attachment */
};

int	 orig_pick(struct rng *);
void	 orig_headers(struct rng *, const struct bounce *, struct buf *);
void	 orig_body(struct rng *, const struct bounce *, struct buf *);
void	 orig_whole(struct rng *, const struct bounce *, struct buf *);

/* genmta.c: the shapes of bounce messages, one function per MTA. */
struct shape {
	const char	*name;
	unsigned	 weight;
	int		 dsn;		/* carries a delivery-status part */
	void		(*write)(struct rng *, struct bounce *, struct buf *);
};

extern const struct shape	shapes[];
extern const size_t		nshapes;
void	 bounce_fill(struct rng *, struct bounce *, time_t when, int dsn);

#endif
