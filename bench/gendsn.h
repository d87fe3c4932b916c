/* gendsn.h: helpers shared by the bounce shapes (gendsn.c, genmta.c). */
#ifndef BV_BENCH_GENDSN_H
#define BV_BENCH_GENDSN_H

#include "bench/gen.h"

/* How an MTA writes its message/delivery-status part. */
struct dsnstyle {
	const char	*smtptype;	/* Diagnostic-Code prefix, "smtp; " */
	const char	*localtype;	/* for local failures, "X-Postfix; " */
	const char	*xfield;	/* extra per-recipient field, or NULL */
	unsigned	 postfix:1;	/* X-Postfix-Queue-ID, -Sender */
	unsigned	 received_from:1;
	unsigned	 envid:1;	/* Original-Envelope-Id */
	unsigned	 original_rcpt:1;
	unsigned	 action_first:1;	/* Action before Final-Recipient */
	unsigned	 status_x00:1;	/* Status 5.0.0, detail in the text */
	unsigned	 remote_ip:1;	/* Remote-MTA with IP and comment */
	unsigned	 last_attempt:1;
	unsigned	 tight:1;	/* "dns;host" without the space */
	unsigned	 sloppy:1;	/* sometimes no blank line between
					   recipient blocks */
};

void	 date_hdr(struct buf *, const char *name, time_t, int tz);
void	 field(struct buf *, const char *name, const char *value);
void	 reply_joined(const struct rcpt *, struct buf *);
void	 reply_lines(const struct rcpt *, struct buf *, const char *indent);
int	 any_action(const struct bounce *, enum action);
void	 bounce_headers(struct rng *, const struct bounce *, struct buf *,
	    const char *from, const char *subject);
void	 dsn_part(struct rng *, const struct bounce *, struct buf *,
	    const struct dsnstyle *);
int	 orig_part(struct rng *, const struct bounce *, struct buf *,
	    const char *boundary, int hdrs_as_rfc822);
void	 orig_inline(struct rng *, const struct bounce *, struct buf *);
void	 html_filler(struct rng *, struct buf *, size_t bytes);
void	 base64_of(struct buf *, const char *, size_t);
void	 qp_of(struct buf *, const char *, size_t);

#endif
