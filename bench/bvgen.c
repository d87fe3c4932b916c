/*
 * bvgen: write a synthetic bounce mailbox for the benchmark.
 *
 *	bvgen --mbox FILE --size 500M [--seed N] [--crlf PERMILLE] [--stats]
 *	bvgen --maildir DIR --count 100000 [--seed N] ...
 *	    [--manifest FILE]
 *
 * The same seed gives the same bytes; a smaller size with the same seed
 * is a prefix of a larger one.  --size stops at the first message that
 * reaches the size; --count writes exactly that many messages.  The
 * manifest has a line per message: number, shape, the records a reader
 * should give, and the failed recipients with their reasons.
 */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "bench/gen.h"

#define START_TIME	1709251200	/* 2024-03-01 00:00:00 UTC */

struct out {
	const char	*mbox;		/* one of these two */
	const char	*maildir;
	FILE		*f;		/* the mbox */
	struct buf	 path;
	unsigned	 crlf;		/* permille of CRLF messages */
	uint64_t	 bytes;
	uint64_t	 msgs;
};

struct tally {
	uint64_t	 msgs, bytes, rcpts;
};

static void
usage(void)
{
	fprintf(stderr, "usage: bvgen --mbox FILE | --maildir DIR "
	    "--size N[KMG] | --count N [--seed N] [--crlf PERMILLE] "
	    "[--stats]\n");
	exit(2);
}

static uint64_t
parse_size(const char *s)
{
	char		*end;
	uint64_t	 n;

	errno = 0;
	n = strtoull(s, &end, 10);
	if (errno || end == s)
		usage();
	switch (*end) {
	case 'G': case 'g': n <<= 10;	/* FALLTHROUGH */
	case 'M': case 'm': n <<= 10;	/* FALLTHROUGH */
	case 'K': case 'k': n <<= 10; end++; break;
	case '\0': break;
	default: usage();
	}
	if (*end != '\0')
		usage();
	return n;
}

/* The message with mboxrd quoting (">From " gets one more '>') when the
 * target is an mbox, and CRLF line ends when asked. */
static void
encode(const struct buf *m, struct buf *o, int mbox, int crlf)
{
	const char	*p = m->s, *end = m->s + m->len, *nl, *q;
	size_t		 n;

	while (p < end) {
		nl = memchr(p, '\n', (size_t)(end - p));
		n = nl ? (size_t)(nl - p) : (size_t)(end - p);
		if (mbox) {
			for (q = p; q < p + n && *q == '>'; q++)
				;
			if ((size_t)(p + n - q) >= 5 &&
			    memcmp(q, "From ", 5) == 0)
				buf_addc(o, '>');
		}
		buf_add(o, p, n);
		if (crlf)
			buf_addc(o, '\r');
		buf_addc(o, '\n');
		p += n + 1;
	}
}

static void
fromline(struct buf *o, time_t t, int crlf)
{
	char		 s[64];
	struct tm	 tm;

	gmtime_r(&t, &tm);
	strftime(s, sizeof(s), "%a %b %e %H:%M:%S %Y", &tm);
	buf_printf(o, "From MAILER-DAEMON %s%s\n", s, crlf ? "\r" : "");
}

static void
makedir(const char *dir, const char *sub)
{
	struct buf	 p = { 0 };

	buf_printf(&p, "%s%s%s", dir, sub ? "/" : "", sub ? sub : "");
	if (mkdir(p.s, 0755) < 0 && errno != EEXIST) {
		fprintf(stderr, "bvgen: %s: %s\n", p.s, strerror(errno));
		exit(1);
	}
	buf_free(&p);
}

static void
emit(struct out *out, struct rng *r, const struct buf *m, time_t t,
    uint64_t n)
{
	static struct buf	 o;
	int			 crlf = rng_chance(r, out->crlf);
	FILE			*f;
	int			 cur;

	buf_reset(&o);
	if (out->mbox) {
		fromline(&o, t, crlf);
		encode(m, &o, 1, crlf);
		buf_adds(&o, crlf ? "\r\n" : "\n");
		f = out->f;
	} else {
		/* a few Maildir files keep an mbox From_ line on top */
		if (rng_chance(r, 10))
			fromline(&o, t, crlf);
		encode(m, &o, 0, crlf);
		cur = rng_chance(r, 800);
		buf_reset(&out->path);
		buf_printf(&out->path, "%s/%s/%lld.M%06uP%uQ%llu.gen.example%s",
		    out->maildir, cur ? "cur" : "new", (long long)t,
		    (unsigned)(n * 7919 % 1000000), 4000 + (unsigned)(n % 3000),
		    (unsigned long long)n, cur ? ":2,S" : "");
		if ((f = fopen(out->path.s, "w")) == NULL) {
			fprintf(stderr, "bvgen: %s: %s\n", out->path.s,
			    strerror(errno));
			exit(1);
		}
	}
	if (fwrite(o.s, 1, o.len, f) != o.len ||
	    (!out->mbox && fclose(f) != 0)) {
		fprintf(stderr, "bvgen: %s: %s\n", out->mbox ? out->mbox :
		    out->path.s, strerror(errno));
		exit(1);
	}
	out->bytes += o.len;
	out->msgs++;
}

static unsigned
records_of(const struct shape *s, const struct bounce *bn)
{
	if (strcmp(s->name, "notbounce") == 0)
		return 0;
	if (strcmp(s->name, "arf") == 0 || strcmp(s->name, "autoreply") == 0)
		return 1;
	return (unsigned)bn->nrcpt;
}

static void
manifest_line(FILE *f, uint64_t n, const struct shape *s,
    const struct bounce *bn)
{
	int	 i;

	fprintf(f, "%llu\t%s\t%u\t", (unsigned long long)n, s->name,
	    records_of(s, bn));
	for (i = 0; i < bn->nrcpt; i++)
		fprintf(f, "%s%s:%s", i ? "," : "", bn->r[i].addr,
		    bn->r[i].why->name);
	fputc('\n', f);
}

static void
print_stats(const struct out *out, const struct tally *t)
{
	uint64_t	 rc = 0;
	size_t		 i;

	fprintf(stderr, "%-14s %9s %12s %9s\n", "shape", "messages",
	    "bytes", "avg");
	for (i = 0; i < nshapes; i++) {
		rc += t[i].rcpts;
		if (t[i].msgs)
			fprintf(stderr, "%-14s %9llu %12llu %9llu\n",
			    shapes[i].name, (unsigned long long)t[i].msgs,
			    (unsigned long long)t[i].bytes,
			    (unsigned long long)(t[i].bytes / t[i].msgs));
	}
	fprintf(stderr, "total: %llu messages, %llu bytes, %.0f bytes per "
	    "message, %llu expected records\n",
	    (unsigned long long)out->msgs, (unsigned long long)out->bytes,
	    out->msgs ? (double)out->bytes / (double)out->msgs : 0.0,
	    (unsigned long long)rc);
}

int
main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "mbox", required_argument, NULL, 'm' },
		{ "maildir", required_argument, NULL, 'd' },
		{ "size", required_argument, NULL, 's' },
		{ "count", required_argument, NULL, 'n' },
		{ "seed", required_argument, NULL, 'r' },
		{ "crlf", required_argument, NULL, 'c' },
		{ "stats", no_argument, NULL, 'S' },
		{ "manifest", required_argument, NULL, 'M' },
		{ NULL, 0, NULL, 0 },
	};
	struct out	 out = { .crlf = 30 };
	struct rng	 r;
	struct bounce	 bn;
	struct buf	 m = { 0 };
	struct tally	*tally;
	FILE		*manifest = NULL;
	unsigned	 weights[64];
	uint64_t	 size = 0, count = 0, seed = 1, before;
	time_t		 t = START_TIME;
	size_t		 i, k;
	int		 c, stats = 0;

	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'm': out.mbox = optarg; break;
		case 'd': out.maildir = optarg; break;
		case 's': size = parse_size(optarg); break;
		case 'n': count = parse_size(optarg); break;
		case 'r': seed = strtoull(optarg, NULL, 10); break;
		case 'c': out.crlf = (unsigned)atoi(optarg); break;
		case 'S': stats = 1; break;
		case 'M':
			if ((manifest = fopen(optarg, "w")) == NULL) {
				fprintf(stderr, "bvgen: %s: %s\n", optarg,
				    strerror(errno));
				return 1;
			}
			break;
		default: usage();
		}
	}
	if (optind != argc || !out.mbox == !out.maildir || !size == !count ||
	    nshapes > sizeof(weights) / sizeof(weights[0]))
		usage();
	if (out.mbox) {
		out.f = strcmp(out.mbox, "-") == 0 ? stdout :
		    fopen(out.mbox, "w");
		if (out.f == NULL) {
			fprintf(stderr, "bvgen: %s: %s\n", out.mbox,
			    strerror(errno));
			return 1;
		}
		setvbuf(out.f, NULL, _IOFBF, 1 << 20);
	} else {
		makedir(out.maildir, NULL);
		makedir(out.maildir, "cur");
		makedir(out.maildir, "new");
		makedir(out.maildir, "tmp");
	}
	for (i = 0; i < nshapes; i++)
		weights[i] = shapes[i].weight;
	tally = xcalloc(nshapes, sizeof(*tally));
	rng_seed(&r, seed);
	while (size ? out.bytes < size : out.msgs < count) {
		t += 1 + (time_t)rng_below(&r, 60);
		k = rng_weighted(&r, weights, nshapes);
		bounce_fill(&r, &bn, t, shapes[k].dsn);
		buf_reset(&m);
		shapes[k].write(&r, &bn, &m);
		before = out.bytes;
		emit(&out, &r, &m, t, out.msgs + 1);
		tally[k].msgs++;
		tally[k].bytes += out.bytes - before;
		tally[k].rcpts += records_of(&shapes[k], &bn);
		if (manifest)
			manifest_line(manifest, out.msgs, &shapes[k], &bn);
	}
	if (manifest && fclose(manifest) != 0) {
		fprintf(stderr, "bvgen: manifest: %s\n", strerror(errno));
		return 1;
	}
	if (out.f && (fflush(out.f) != 0 || (out.f != stdout &&
	    fclose(out.f) != 0))) {
		fprintf(stderr, "bvgen: %s: %s\n", out.mbox, strerror(errno));
		return 1;
	}
	if (stats)
		print_stats(&out, tally);
	free(tally);
	buf_free(&m);
	buf_free(&out.path);
	return 0;
}
