/*
 * fmt_text.c: the small tools every reader of a non-DSN bounce needs: lines,
 * case-insensitive search, addresses, where the returned message starts, and
 * appending a recipient's record.  Everything is bounded by the length it is
 * given and runs in linear time (needles are short constants).
 */
#include "config.h"

#include <ctype.h>
#include <pthread.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "parser/parser.h"

/* The offset of the first LF or CR in S[0..N), or N: sixteen bytes at a
 * time where SSE2 is there (lines are short, two memchr calls cost more). */
static size_t
line_end(const char *s, size_t n)
{
	size_t	 i = 0;

#ifdef __SSE2__
	for (; i + 16 <= n; i += 16) {
		const __m128i	 x = _mm_loadu_si128((const void *)(s + i));
		unsigned	 mask;

		mask = (unsigned)_mm_movemask_epi8(_mm_or_si128(
		    _mm_cmpeq_epi8(x, _mm_set1_epi8('\n')),
		    _mm_cmpeq_epi8(x, _mm_set1_epi8('\r'))));
		if (mask != 0)
			return i + (unsigned)__builtin_ctz(mask);
	}
#endif
	for (; i < n; i++)
		if (s[i] == '\n' || s[i] == '\r')
			return i;
	return n;
}

int
bv_fmt_line(const char *text, size_t len, size_t *pos, struct bv_line *l)
{
	const char	*s = text + *pos;
	size_t		 n, e;

	if (*pos >= len)
		return 0;
	n = len - *pos;
	/* msg.c gives "\n" line ends; CR or CR LF still end a line: the line
	 * ends at the first of either. */
	e = line_end(s, n);
	l->s = s;
	l->len = e;
	if (e == n)
		*pos = len;
	else if (s[e] == '\r')
		*pos += e + (e + 1 < n && s[e + 1] == '\n' ? 2 : 1);
	else
		*pos += e + 1;
	return 1;
}

/* ASCII lower case; one compare, as the scans call it for every byte. */
static int
lc(int c)
{
	return (unsigned)(c - 'A') < 26 ? c + 32 : c;
}

/* lc() as a table, for the comparisons every search makes per byte. */
static const uint8_t	 lower[256] = {
	0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0a, 0x0b,
	0x0c, 0x0d, 0x0e, 0x0f, 0x10, 0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17,
	0x18, 0x19, 0x1a, 0x1b, 0x1c, 0x1d, 0x1e, 0x1f, 0x20, 0x21, 0x22, 0x23,
	0x24, 0x25, 0x26, 0x27, 0x28, 0x29, 0x2a, 0x2b, 0x2c, 0x2d, 0x2e, 0x2f,
	0x30, 0x31, 0x32, 0x33, 0x34, 0x35, 0x36, 0x37, 0x38, 0x39, 0x3a, 0x3b,
	0x3c, 0x3d, 0x3e, 0x3f, 0x40, 0x61, 0x62, 0x63, 0x64, 0x65, 0x66, 0x67,
	0x68, 0x69, 0x6a, 0x6b, 0x6c, 0x6d, 0x6e, 0x6f, 0x70, 0x71, 0x72, 0x73,
	0x74, 0x75, 0x76, 0x77, 0x78, 0x79, 0x7a, 0x5b, 0x5c, 0x5d, 0x5e, 0x5f,
	0x60, 0x61, 0x62, 0x63, 0x64, 0x65, 0x66, 0x67, 0x68, 0x69, 0x6a, 0x6b,
	0x6c, 0x6d, 0x6e, 0x6f, 0x70, 0x71, 0x72, 0x73, 0x74, 0x75, 0x76, 0x77,
	0x78, 0x79, 0x7a, 0x7b, 0x7c, 0x7d, 0x7e, 0x7f, 0x80, 0x81, 0x82, 0x83,
	0x84, 0x85, 0x86, 0x87, 0x88, 0x89, 0x8a, 0x8b, 0x8c, 0x8d, 0x8e, 0x8f,
	0x90, 0x91, 0x92, 0x93, 0x94, 0x95, 0x96, 0x97, 0x98, 0x99, 0x9a, 0x9b,
	0x9c, 0x9d, 0x9e, 0x9f, 0xa0, 0xa1, 0xa2, 0xa3, 0xa4, 0xa5, 0xa6, 0xa7,
	0xa8, 0xa9, 0xaa, 0xab, 0xac, 0xad, 0xae, 0xaf, 0xb0, 0xb1, 0xb2, 0xb3,
	0xb4, 0xb5, 0xb6, 0xb7, 0xb8, 0xb9, 0xba, 0xbb, 0xbc, 0xbd, 0xbe, 0xbf,
	0xc0, 0xc1, 0xc2, 0xc3, 0xc4, 0xc5, 0xc6, 0xc7, 0xc8, 0xc9, 0xca, 0xcb,
	0xcc, 0xcd, 0xce, 0xcf, 0xd0, 0xd1, 0xd2, 0xd3, 0xd4, 0xd5, 0xd6, 0xd7,
	0xd8, 0xd9, 0xda, 0xdb, 0xdc, 0xdd, 0xde, 0xdf, 0xe0, 0xe1, 0xe2, 0xe3,
	0xe4, 0xe5, 0xe6, 0xe7, 0xe8, 0xe9, 0xea, 0xeb, 0xec, 0xed, 0xee, 0xef,
	0xf0, 0xf1, 0xf2, 0xf3, 0xf4, 0xf5, 0xf6, 0xf7, 0xf8, 0xf9, 0xfa, 0xfb,
	0xfc, 0xfd, 0xfe, 0xff,
};

static int
blank(int c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* bv_fmt_prefix_len(), and where it failed: *FAIL is the offset in PREFIX
 * of the byte that did not match (PREFIX's length on a match).  Needles that
 * agree (in lower case) up to and including that byte fail there too. */
static inline __attribute__((always_inline)) size_t
prefix_fail(const char *s, size_t n, const char *prefix, size_t *fail)
{
	const char	*p0 = prefix;
	size_t		 i = 0;
	unsigned char	 c;

	for (; (c = (unsigned char)*prefix) != '\0'; prefix++) {
		if (i >= n)
			goto fail;
		/* Notices wrap lines anywhere: a blank matches any run of
		 * blanks and line ends. */
		if (c == ' ') {
			if (!blank((unsigned char)s[i]))
				goto fail;
			while (i < n && blank((unsigned char)s[i]))
				i++;
			continue;
		}
		if (lower[(unsigned char)s[i]] != lower[c])
			goto fail;
		i++;
	}
	*fail = (size_t)(prefix - p0);
	return i;
fail:
	*fail = (size_t)(prefix - p0);
	return 0;
}

size_t
bv_fmt_prefix_len(const char *s, size_t n, const char *prefix)
{
	size_t	 fail;

	return prefix_fail(s, n, prefix, &fail);
}

int
bv_fmt_prefix(const char *s, size_t n, const char *prefix)
{
	return *prefix == '\0' || bv_fmt_prefix_len(s, n, prefix) > 0;
}

/* The next byte at or after P (before END) that is C in either case. */
static const char *
next_either(const char *p, const char *end, int lo, int up)
{
	const char	*a, *b;

	a = memchr(p, lo, (size_t)(end - p));
	if (up == lo)
		return a;
	b = memchr(p, up, (size_t)((a != NULL ? a : end) - p));
	return b != NULL ? b : a;
}

const char *
bv_fmt_find(const char *hay, size_t n, const char *needle)
{
	const char	*p, *end;
	int		 lo, up, second;
	size_t		 i = 0;

	if (*needle == '\0')
		return hay;
	if (hay == NULL || n == 0)
		return NULL;
	lo = lc((unsigned char)needle[0]);
	up = (unsigned)(lo - 'a') < 26 ? lo - 32 : lo;
	/* The second byte, unless it is a blank (a run) or the end. */
	second = needle[1] != ' ' ? lower[(unsigned char)needle[1]] : 0;
	end = hay + n;
#ifdef __SSE2__
	/* Sixteen places at a time: the first byte in either case, and the
	 * second too when it is a plain byte; each place left is compared
	 * whole. */
	if (second != 0) {
		const __m128i	 l1 = _mm_set1_epi8((char)lo);
		const __m128i	 u1 = _mm_set1_epi8((char)up);
		const __m128i	 l2 = _mm_set1_epi8((char)second);
		const __m128i	 u2 = _mm_set1_epi8((char)((unsigned)(second -
				    'a') < 26 ? second - 32 : second));

		for (; i + 17 <= n; i += 16) {
			const __m128i	 x = _mm_loadu_si128((const void *)
					    (hay + i));
			const __m128i	 y = _mm_loadu_si128((const void *)
					    (hay + i + 1));
			unsigned	 mask;

			mask = (unsigned)_mm_movemask_epi8(_mm_and_si128(
			    _mm_or_si128(_mm_cmpeq_epi8(x, l1),
			    _mm_cmpeq_epi8(x, u1)),
			    _mm_or_si128(_mm_cmpeq_epi8(y, l2),
			    _mm_cmpeq_epi8(y, u2))));
			for (; mask != 0; mask &= mask - 1) {
				p = hay + i + (unsigned)__builtin_ctz(mask);
				if (bv_fmt_prefix_len(p, (size_t)(end - p),
				    needle) > 0)
					return p;
			}
		}
	}
#endif
	/* memchr finds the candidates for the first byte, fast; the second
	 * rules most of them out without a call. */
	for (p = hay + i; p < end && (p = next_either(p, end, lo, up)) !=
	    NULL; p++) {
		if (second != 0 && (p + 1 >= end ||
		    lower[(unsigned char)p[1]] != second))
			continue;
		if (bv_fmt_prefix_len(p, (size_t)(end - p), needle) > 0)
			return p;
	}
	return NULL;
}

const char *
bv_fmt_find_any(const char *hay, size_t n, const char *const *needles,
    size_t *which)
{
	const char	*best = NULL, *p;
	size_t		 i, lim;

	if (needles == NULL)
		return NULL;
	for (i = 0; needles[i] != NULL; i++) {
		/* Past the best so far only as far as a match could begin
		 * before it; never past the end. */
		lim = n;
		if (best != NULL && (size_t)(best - hay) + strlen(needles[i]) <
		    n)
			lim = (size_t)(best - hay) + strlen(needles[i]);
		p = bv_fmt_find(hay, lim, needles[i]);
		if (p != NULL && (best == NULL || p < best)) {
			best = p;
			if (which != NULL)
				*which = i;
		}
	}
	return best;
}

/* ---- many needles at once ------------------------------------------------------ */

static pthread_mutex_t	 set_lock = PTHREAD_MUTEX_INITIALIZER;

static const char *
set_needle(const struct bv_fmt_set *set, size_t i)
{
	return *(const char *const *)(const void *)((const char *)
	    set->needles + i * set->stride);
}

/* The bucket of the two bytes at S. */
static size_t
set_hash(const char *s)
{
	return ((size_t)lc((unsigned char)s[0]) * 31 +
	    (size_t)lc((unsigned char)s[1])) & (BV_FMT_SET_HASH - 1);
}

static int
uc(int c)
{
	return (unsigned)(c - 'a') < 26 ? c - 32 : c;
}

/* Note that bytes A B, in any case, begin a needle. */
static void
pair_add(struct bv_fmt_set *set, int a, int b)
{
	const int	 as[2] = { lc(a), uc(a) }, bs[2] = { lc(b), uc(b) };
	size_t		 i, k, p;

	for (i = 0; i < 2; i++)
		for (k = 0; k < 2; k++) {
			p = (size_t)as[i] << 8 | (size_t)bs[k];
			set->pair[p / 64] |= UINT64_C(1) << (p % 64);
		}
}

/* May a needle begin at S (two bytes readable)?  A bit test per byte keeps
 * the one-pass scans at a few instructions per byte of text. */
static int
pair_in(const struct bv_fmt_set *set, const char *s)
{
	size_t	 p = (size_t)(unsigned char)s[0] << 8 | (unsigned char)s[1];

	return (set->pair[p / 64] >> (p % 64)) & 1;
}

/* ASCII letters and digits: a needle of a word set never begins right
 * after one. */
static const uint8_t	 word_byte[256] = {
	['0'] = 1, ['1'] = 1, ['2'] = 1, ['3'] = 1, ['4'] = 1, ['5'] = 1,
	['6'] = 1, ['7'] = 1, ['8'] = 1, ['9'] = 1,
	['A'] = 1, ['B'] = 1, ['C'] = 1, ['D'] = 1, ['E'] = 1, ['F'] = 1,
	['G'] = 1, ['H'] = 1, ['I'] = 1, ['J'] = 1, ['K'] = 1, ['L'] = 1,
	['M'] = 1, ['N'] = 1, ['O'] = 1, ['P'] = 1, ['Q'] = 1, ['R'] = 1,
	['S'] = 1, ['T'] = 1, ['U'] = 1, ['V'] = 1, ['W'] = 1, ['X'] = 1,
	['Y'] = 1, ['Z'] = 1,
	['a'] = 1, ['b'] = 1, ['c'] = 1, ['d'] = 1, ['e'] = 1, ['f'] = 1,
	['g'] = 1, ['h'] = 1, ['i'] = 1, ['j'] = 1, ['k'] = 1, ['l'] = 1,
	['m'] = 1, ['n'] = 1, ['o'] = 1, ['p'] = 1, ['q'] = 1, ['r'] = 1,
	['s'] = 1, ['t'] = 1, ['u'] = 1, ['v'] = 1, ['w'] = 1, ['x'] = 1,
	['y'] = 1, ['z'] = 1,
};

/* The third byte a needle needs (bv_fmt_set.third), or 0 for no check:
 * a blank among its first three bytes matches a run of blanks. */
static uint8_t
third_byte(const char *nd)
{
	if (blank((unsigned char)nd[0]) || blank((unsigned char)nd[1]) ||
	    nd[2] == '\0' || blank((unsigned char)nd[2]))
		return 0;
	return (uint8_t)lc((unsigned char)nd[2]);
}

/* Compare needles A and B in lower case, as the searches see them. */
static int
needle_cmp(const char *a, const char *b)
{
	for (; *a != '\0' && lower[(unsigned char)*a] ==
	    lower[(unsigned char)*b]; a++, b++)
		;
	return (int)lower[(unsigned char)*a] - (int)lower[(unsigned char)*b];
}

/* How many bytes needles A and B share from their start, in lower case
 * (at most 255). */
static uint8_t
needle_lcp(const char *a, const char *b)
{
	size_t	 i;

	for (i = 0; i < 255 && a[i] != '\0' && lower[(unsigned char)a[i]] ==
	    lower[(unsigned char)b[i]]; i++)
		;
	return (uint8_t)i;
}

/* Bucket the needles by their first two bytes (a counting sort), then sort
 * each bucket by text, so that needles sharing their beginning ("this is
 * the ...") follow each other and a scan compares that beginning once. */
static void
set_build(struct bv_fmt_set *set)
{
	size_t		 count[BV_FMT_SET_HASH] = { 0 }, i, n, b, k, j;
	const char	*nd;
	uint16_t	 t;

	for (n = 0; n < BV_FMT_SET_MAX && (nd = set_needle(set, n)) != NULL;
	    n++)
		if (nd[0] != '\0' && nd[1] != '\0')
			count[set_hash(nd)]++;
	set->bucket[0] = 0;
	for (b = 0; b < BV_FMT_SET_HASH; b++)
		set->bucket[b + 1] = (uint16_t)(set->bucket[b] + count[b]);
	memset(count, 0, sizeof(count));
	for (i = 0; i < n; i++) {
		nd = set_needle(set, i);
		if (nd[0] == '\0' || nd[1] == '\0')
			continue;
		b = set_hash(nd);
		k = set->bucket[b] + count[b]++;
		set->order[k] = (uint16_t)i;
		pair_add(set, (unsigned char)nd[0], (unsigned char)nd[1]);
	}
	/* Insertion sort in each bucket (stable: equal texts keep their
	 * index order). */
	for (b = 0; b < BV_FMT_SET_HASH; b++)
		for (k = set->bucket[b] + 1u; k < set->bucket[b + 1]; k++) {
			t = set->order[k];
			for (j = k; j > set->bucket[b] && needle_cmp(
			    set_needle(set, set->order[j - 1]),
			    set_needle(set, t)) > 0; j--)
				set->order[j] = set->order[j - 1];
			set->order[j] = t;
		}
	for (b = 0; b < BV_FMT_SET_HASH; b++)
		for (k = set->bucket[b]; k < set->bucket[b + 1]; k++) {
			nd = set_needle(set, set->order[k]);
			set->third[k] = third_byte(nd);
			set->lcp[k] = k == set->bucket[b] ? 0 : needle_lcp(nd,
			    set_needle(set, set->order[k - 1]));
		}
	/* Backwards, so that each run's end is known when its start is
	 * reached. */
	for (b = 0; b < BV_FMT_SET_HASH; b++)
		for (k = set->bucket[b + 1]; k-- > set->bucket[b];)
			set->skip3[k] = k + 1 < set->bucket[b + 1] &&
			    set->lcp[k + 1] >= 3 ? set->skip3[k + 1] :
			    (uint16_t)(k + 1);
}

static void
set_ready(struct bv_fmt_set *set)
{
	if (__atomic_load_n(&set->ready, __ATOMIC_ACQUIRE))
		return;
	pthread_mutex_lock(&set_lock);
	if (!set->ready) {
		set_build(set);
		__atomic_store_n(&set->ready, 1, __ATOMIC_RELEASE);
	}
	pthread_mutex_unlock(&set_lock);
}

/*
 * The next offset from I in HAY[0..N) where a needle of SET may begin (its
 * first two bytes are a pair of the set, at a word start unless the set
 * says anywhere), or N.  The scans spend most of their time here: a table
 * look-up per byte rules out the inside of words, a bit test the rest.
 */
static size_t
set_next(const struct bv_fmt_set *set, const char *hay, size_t i, size_t n)
{
	const unsigned char	*h = (const unsigned char *)hay;
	size_t			 p;

	if (set->anywhere) {
		for (; i + 1 < n; i++) {
			p = (size_t)h[i] << 8 | h[i + 1];
			if ((set->pair[p / 64] >> (p % 64)) & 1)
				return i;
		}
		return n;
	}
	if (i == 0 && n >= 2) {
		p = (size_t)h[0] << 8 | h[1];
		if ((set->pair[p / 64] >> (p % 64)) & 1)
			return 0;
		i = 1;
	}
#ifdef __SSE2__
	/* Sixteen bytes at a time: only a byte after one that is no letter
	 * or digit can begin a needle (most bytes are inside words). */
	for (; i + 16 < n; i += 16) {
		const __m128i	 x = _mm_loadu_si128((const void *)(h + i - 1));
		const __m128i	 u = _mm_or_si128(x, _mm_set1_epi8(0x20));
		__m128i		 w;
		unsigned	 mask, k;

		/* Digits, and letters of either case (x | 0x20 in a..z);
		 * signed compares: bytes >= 0x80 are negative, never in. */
		w = _mm_and_si128(_mm_cmpgt_epi8(x, _mm_set1_epi8('0' - 1)),
		    _mm_cmplt_epi8(x, _mm_set1_epi8('9' + 1)));
		w = _mm_or_si128(w, _mm_and_si128(_mm_cmpgt_epi8(u,
		    _mm_set1_epi8('a' - 1)), _mm_cmplt_epi8(u,
		    _mm_set1_epi8('z' + 1))));
		mask = ~(unsigned)_mm_movemask_epi8(w) & 0xffff;
		for (; mask != 0; mask &= mask - 1) {
			k = i + (unsigned)__builtin_ctz(mask);
			p = (size_t)h[k] << 8 | h[k + 1];
			if ((set->pair[p / 64] >> (p % 64)) & 1)
				return k;
		}
	}
#endif
	for (; i + 1 < n; i++) {
		if (word_byte[h[i - 1]])
			continue;
		p = (size_t)h[i] << 8 | h[i + 1];
		if ((set->pair[p / 64] >> (p % 64)) & 1)
			return i;
	}
	return n;
}

/*
 * The needles of S's bucket that begin S[0..N), in one walk of the sorted
 * bucket.  With SEEN, each found is marked there (those marked already are
 * not compared again) and the result is 0; without, the result is 1 and
 * *WHICH the least index of those found (the needle listed first), or 0.
 * A needle that fails at its byte F rules out those after it that share
 * its first F + 1 bytes: they are skipped without a compare.
 */
static inline __attribute__((always_inline)) int
bucket_match(const struct bv_fmt_set *set, const char *s, size_t n,
    uint64_t *seen, size_t *which)
{
	size_t	 b = set_hash(s), k, j, f, failed = SIZE_MAX, run = 0;
	size_t	 best = SIZE_MAX;
	uint8_t	 t;

	for (k = set->bucket[b]; k < set->bucket[b + 1]; k++) {
		/* RUN: bytes this needle shares with the one that failed. */
		if (set->lcp[k] < run)
			run = set->lcp[k];
		j = set->order[k];
		if (seen != NULL && (seen[j / 64] >> (j % 64)) & 1)
			continue;
		if (failed != SIZE_MAX && run > failed)
			continue;
		/* The third byte first, without a call.  The needles after
		 * this one that share its first three bytes fail the same
		 * way: skipped (the next one shares fewer, so RUN comes out
		 * as if each had been passed). */
		t = set->third[k];
		if (t != 0 && (n < 3 || lower[(unsigned char)s[2]] != t)) {
			k = set->skip3[k] - 1u;
			continue;
		}
		if (prefix_fail(s, n, set_needle(set, j), &f) == 0) {
			failed = f;
			run = 255;
			continue;
		}
		failed = SIZE_MAX;
		if (seen != NULL)
			seen[j / 64] |= UINT64_C(1) << (j % 64);
		else if (j < best)
			best = j;
	}
	if (seen != NULL)
		return 0;
	*which = best;
	return best != SIZE_MAX;
}

const char *
bv_fmt_set_find(struct bv_fmt_set *set, const char *hay, size_t n,
    size_t *which)
{
	size_t		 i, w;

	set_ready(set);
	if (hay == NULL)
		return NULL;
	for (i = 0; (i = set_next(set, hay, i, n)) < n; i++)
		if (bucket_match(set, hay + i, n - i, NULL, &w)) {
			if (which != NULL)
				*which = w;
			return hay + i;
		}
	return NULL;
}

const char *
bv_fmt_set_prefix(struct bv_fmt_set *set, const char *s, size_t n,
    size_t *which)
{
	size_t	 w;

	set_ready(set);
	if (n < 2 || !pair_in(set, s) || !bucket_match(set, s, n, NULL, &w))
		return NULL;
	if (which != NULL)
		*which = w;
	return set_needle(set, w);
}

void
bv_fmt_set_mark(struct bv_fmt_set *set, const char *hay, size_t n,
    uint64_t *seen)
{
	size_t	 i;

	set_ready(set);
	if (hay == NULL)
		return;
	for (i = 0; (i = set_next(set, hay, i, n)) < n; i++)
		bucket_match(set, hay + i, n - i, seen, NULL);
}

/* ---- addresses --------------------------------------------------------------- */

/* Characters of an unquoted local part (RFC 5322 atext and dots), and of a
 * domain; bytes of UTF-8 in both.  A table: addresses are read a byte at a
 * time. */
enum { A_LOCAL = 1, A_DOMAIN = 2 };
static const uint8_t	 addr_class[256] = {
	['0' ... '9'] = A_LOCAL | A_DOMAIN, ['A' ... 'Z'] = A_LOCAL | A_DOMAIN,
	['a' ... 'z'] = A_LOCAL | A_DOMAIN, [0x80 ... 0xff] = A_LOCAL | A_DOMAIN,
	['-'] = A_LOCAL | A_DOMAIN, ['.'] = A_LOCAL | A_DOMAIN,
	['_'] = A_LOCAL | A_DOMAIN,
	['!'] = A_LOCAL, ['#'] = A_LOCAL, ['$'] = A_LOCAL, ['%'] = A_LOCAL,
	['&'] = A_LOCAL, ['\''] = A_LOCAL, ['*'] = A_LOCAL, ['+'] = A_LOCAL,
	['/'] = A_LOCAL, ['='] = A_LOCAL, ['?'] = A_LOCAL, ['^'] = A_LOCAL,
	['`'] = A_LOCAL, ['{'] = A_LOCAL, ['|'] = A_LOCAL, ['}'] = A_LOCAL,
	['~'] = A_LOCAL,
};

static int
local_char(int c)
{
	return addr_class[c & 0xff] & A_LOCAL;
}

static int
domain_char(int c)
{
	return addr_class[c & 0xff] & A_DOMAIN;
}

size_t
bv_fmt_addr(const char *s, size_t n, char *out, size_t outlen)
{
	size_t	 i = 0, at, end, dots = 0;

	while (i < n && local_char((unsigned char)s[i]))
		i++;
	if (i == 0 || i >= n || s[i] != '@' || s[0] == '.' || s[i - 1] == '.')
		return 0;
	at = i++;
	if (i < n && s[i] == '[') {		/* user@[192.0.2.1] */
		while (i < n && i - at < 64 && s[i] != ']')
			i++;
		if (i >= n || s[i] != ']')
			return 0;
		end = i + 1;
	} else {
		while (i < n && domain_char((unsigned char)s[i])) {
			if (s[i] == '.')
				dots++;
			i++;
		}
		/* A sentence may end right after an address. */
		while (i > at + 1 && (s[i - 1] == '.' || s[i - 1] == '-')) {
			if (s[i - 1] == '.')
				dots--;
			i--;
		}
		end = i;
		if (end == at + 1 || dots == 0 || s[at + 1] == '.' ||
		    s[at + 1] == '-')
			return 0;
	}
	if (end >= outlen)
		return 0;
	memcpy(out, s, end);
	out[end] = '\0';
	return end;
}

const char *
bv_fmt_find_addr(const char *s, size_t n, char *out, size_t outlen,
    size_t *alen)
{
	const char	*at, *p, *end = s + n;
	size_t		 k;

	for (p = s; p < end && (at = memchr(p, '@', (size_t)(end - p)))
	    != NULL; p = at + 1) {
		const char *b = at;

		while (b > s && local_char((unsigned char)b[-1]) &&
		    at - b < BV_FMT_ADDR_MAX)
			b--;
		while (b < at && *b == '.')
			b++;
		if (b == at)
			continue;
		if ((k = bv_fmt_addr(b, (size_t)(end - b), out, outlen)) > 0) {
			if (alen != NULL)
				*alen = k;
			return b;
		}
	}
	return NULL;
}

/* ---- the text to read ------------------------------------------------------- */

static int
is_type(const struct bv_part *p, const char *type)
{
	return p->type != NULL && strcmp(p->type, type) == 0;
}

/* Does the part hold more than blanks?  Stops at the first that is not. */
static int
says_something(const struct bv_part *p)
{
	size_t	 i;

	for (i = 0; i < p->len; i++)
		if (!blank((unsigned char)p->text[i]))
			return 1;
	return 0;
}

/* A leaf of the notice itself (outside the returned message) with text. */
static int
notice_leaf(const struct bv_part *p)
{
	return !p->in_original && p->text != NULL && p->type != NULL;
}

/*
 * Notices sent only as HTML (Office 365 NDRs, Zoho, Google Groups), or with
 * an empty text/plain beside the HTML: the first text/html part is turned
 * into text/plain (html.c) before any reader looks, so every reader reads
 * lines and not markup.  Only for a message that presents itself as a
 * bounce (every reader of text asks that first), so that newsletters cost
 * nothing.  Done at most once per message: afterwards a text/plain part
 * exists or no text/html one does.  The parts belong to the message, which
 * a reader owns alone while it parses.
 */
static int
html_fallback(const struct bv_msg *cm)
{
	struct bv_msg	*m = (struct bv_msg *)cm;
	struct bv_part	*html = NULL, *p;
	size_t		 i, n;
	char		*text;

	if (!bv_fmt_bouncy(cm))
		return 0;
	for (i = 0; i < m->nparts; i++) {
		p = &m->parts[i];
		if (!notice_leaf(p))
			continue;
		if (is_type(p, "text/plain") && says_something(p))
			return 0;
		if (html == NULL && is_type(p, "text/html"))
			html = p;
	}
	if (html == NULL)
		return 0;
	text = bv_html_text(html->text, html->len, &n);
	free(html->text);
	html->text = text;
	html->len = n;
	free(html->type);
	html->type = xstrdup("text/plain");
	html->orig_len = 0;
	return 1;
}

/* The notice's N-th text part (text/plain ones that say something, then
 * other text/ types), its length capped in *LEN. */
static const struct bv_part *
find_text(const struct bv_msg *m, size_t n, size_t *len)
{
	static const char *const order[] = { "text/plain", "text/", NULL };
	size_t	 i, k, seen = 0;

	for (k = 0; order[k] != NULL; k++) {
		for (i = 0; i < m->nparts; i++) {
			const struct bv_part *p = &m->parts[i];

			if (!notice_leaf(p))
				continue;
			if (k == 0 ? !is_type(p, order[0]) ||
			    !says_something(p) :
			    (strncmp(p->type, "text/", 5) != 0 ||
			    is_type(p, order[0]) ||
			    is_type(p, "text/rfc822-headers")))
				continue;
			if (seen++ == n) {
				*len = p->len < BV_FMT_CAP ? p->len :
				    BV_FMT_CAP;
				return p;
			}
		}
	}
	return NULL;
}

const struct bv_part *
bv_fmt_text(const struct bv_msg *cm, size_t n, size_t *len)
{
	/* The cache is the message's own: it was made writable.  The
	 * answers hold until html_fallback() changes a part; once it has
	 * changed none, it never will (it depends only on the parts). */
	struct bv_msg		*m = (struct bv_msg *)cm;
	const struct bv_part	*p;

	if (!m->textsettled) {
		if (html_fallback(m))
			m->textknown = 0;
		else
			m->textsettled = 1;
	}
	if (n < 2 && (m->textknown >> n) & 1) {
		*len = m->textlen[n];
		return m->text[n];
	}
	if ((p = find_text(m, n, len)) == NULL)
		*len = 0;
	if (n < 2) {
		m->text[n] = p;
		m->textlen[n] = *len;
		m->textknown |= 1 << n;
	}
	return p;
}

/*
 * Lines that introduce the returned message in single-part bounces.  Each is
 * a whole line's start (after blanks and dashes).
 */
static const char *const original_marks[] = {
	"below this line is a copy of the message",	/* qmail, Yahoo */
	"enclosed is a copy of the message",		/* qmail (bounce) */
	"enclosed are the original headers",		/* qmail */
	"this is a copy of the message",		/* Exim */
	"this is a copy of the body of the message",	/* Exim */
	"the body of the message is",			/* Exim */
	"the header of the original message is following", /* GMX, 1&1 */
	"original message follows",			/* IMail, others */
	"original message -----",			/* Gmail */
	"original message ------",
	"message headers follow",			/* DragonFly dma */
	"below is a copy of the original message",	/* OpenSMTPD */
	"unsent message follows",			/* Sendmail */
	"original message follows -----",		/* Sendmail */
	"message header follows",
	"returned message --------",			/* Lotus Notes */
	"included is a copy of the message header",	/* MXLogic */
	"original message headers:",			/* Exchange 2007+ */
	"urspr\xc3\xbcngliche nachrichtenkopfzeilen",
	"en-t\xc3\xaates de message d'origine",
	"encabezados del mensaje original",
	"cabe\xc3\xa7" "alhos da mensagem original",
	"intestazioni originali del messaggio",
	"oorspronkelijke berichtkoppen",
	"message text follows",				/* Smail */
	"original message:",				/* Verizon MMS */
	"original mail info",				/* m-FILTER */
	"copy of the original message",
	"a copy of the original message",
	"headers of the original message",
	"ursprüngliche nachricht",			/* German */
	"message d'origine",				/* French */
	"mensaje original",				/* Spanish */
	"mensagem original",				/* Portuguese */
	"messaggio originale",				/* Italian */
	"oorspronkelijk bericht",			/* Dutch */
	/* Bare, so last: only with dashes around it (m-FILTER). */
	"original message",
	"\xe5\x85\x83\xe3\x81\xae\xe3\x83\xa1\xe3\x83\x83\xe3\x82\xbb"
	"\xe3\x83\xbc\xe3\x82\xb8",		/* Japanese */
	"\xe5\x85\x83\xe3\x81\xae\xe3\x83\xa1\xe3\x83\xbc\xe3\x83\xab",
	"\xd0\x98\xd1\x81\xd1\x85\xd0\xbe\xd0\xb4\xd0\xbd\xd0\xbe\xd0\xb5 "
	"\xd1\x81\xd0\xbe\xd0\xbe\xd0\xb1\xd1\x89\xd0\xb5\xd0\xbd\xd0\xb8"
	"\xd0\xb5",					/* Russian */
	NULL
};

/* A header line as the returned message's header block starts with. */
static int
header_start(const struct bv_line *l)
{
	static const char *const names[] = {
		"Received: ", "Return-Path: ", "Return-path: ",
		"Received:from", "Delivered-To: ", "DKIM-Signature: ",
		"X-Original-To: ", NULL
	};
	size_t	 i;

	/* Most lines start otherwise: one compare rules them out. */
	if (l->len < 9 || (l->s[0] != 'R' && l->s[0] != 'D' &&
	    l->s[0] != 'X'))
		return 0;
	for (i = 0; names[i] != NULL; i++)
		if (l->len >= strlen(names[i]) &&
		    memcmp(l->s, names[i], strlen(names[i])) == 0)
			return 1;
	return 0;
}

static struct bv_fmt_set original_set = BV_FMT_SET(original_marks,
    sizeof(original_marks[0]));

static int
original_mark(const struct bv_line *l)
{
	const char	*s = l->s, *mark;
	size_t		 n = l->len, dashes = 0;

	while (n > 0 && (*s == ' ' || *s == '\t' || *s == '-' || *s == '|' ||
	    *s == '=' || *s == '*')) {
		if (*s == '-' || *s == '=')
			dashes++;
		s++, n--;
	}
	/* Most lines begin with no marker's first two bytes: ruled out
	 * without a call (the set is ready, bv_fmt_original_at). */
	if (n < 2 || !pair_in(&original_set, s) ||
	    (mark = bv_fmt_set_prefix(&original_set, s, n, NULL)) == NULL)
		return 0;
	/* The bare words need dashes around them to be a marker. */
	return strcmp(mark, "original message") != 0 || dashes > 0 ||
	    n == strlen(mark);
}

size_t
bv_fmt_original_at(const char *text, size_t len)
{
	struct bv_line	 l;
	size_t		 pos = 0, at;

	set_ready(&original_set);
	while (at = pos, bv_fmt_line(text, len, &pos, &l)) {
		if (original_mark(&l) || header_start(&l))
			return at;
	}
	return len;
}

size_t
bv_fmt_part_original(const struct bv_part *cp, size_t len)
{
	/* The cache is the part's own: the message's parts were made
	 * writable for its reader (see html_fallback). */
	struct bv_part	*p = (struct bv_part *)cp;

	if (p->orig_len != len + 1) {
		p->orig_at = bv_fmt_original_at(p->text, len);
		p->orig_len = len + 1;
	}
	return p->orig_at;
}

/* The To and Cc of the returned message (unfolded) into TO and CC: from
 * the header block at ORIG in T[0..LEN) (an inline copy), else the returned
 * message part's To (its Cc is not kept). */
static void
original_rcpts(const struct bv_msg *m, const char *t, size_t len,
    size_t orig, struct buf *to, struct buf *cc)
{
	struct bv_line	 l;
	struct buf	*cur = NULL;
	size_t		 pos = orig, nl;

	for (nl = 0; nl < 80 && bv_fmt_line(t, len, &pos, &l); nl++) {
		if (l.len == 0 && nl > 1)
			break;
		if (l.len > 0 && (l.s[0] == ' ' || l.s[0] == '\t')) {
			if (cur != NULL)
				buf_add(cur, l.s, l.len);
			continue;
		}
		cur = l.len > 3 && bv_fmt_prefix(l.s, l.len, "to:") ? to :
		    l.len > 3 && bv_fmt_prefix(l.s, l.len, "cc:") ? cc : NULL;
		if (cur != NULL) {
			buf_addc(cur, ',');
			buf_add(cur, l.s + 3, l.len - 3);
		}
	}
	if (to->len == 0 && m->original.to != NULL)
		buf_add(to, m->original.to, strnlen(m->original.to, 4096));
}

/* Call FN for each entry of the address list S[0..N) ("Name <a@b>, c@d")
 * with its address and display name, up to 32 entries; how many. */
static size_t
each_entry(const char *s, size_t n, void (*fn)(const char *, const char *,
    size_t, void *), void *arg)
{
	char		 a[BV_FMT_ADDR_MAX];
	const char	*e, *p, *at;
	size_t		 k = 0, alen;
	int		 quoted;

	while (n > 0 && k < 32) {
		for (e = s, quoted = 0; e < s + n && (quoted || *e != ','); e++)
			if (*e == '"')
				quoted = !quoted;
		if ((at = bv_fmt_find_addr(s, (size_t)(e - s), a, sizeof(a),
		    &alen)) != NULL) {
			p = memchr(s, '<', (size_t)(e - s));
			fn(a, s, p != NULL && p < at ? (size_t)(p - s) : 0, arg);
			k++;
		}
		n -= (size_t)(e - s) + (e < s + n);
		s = e + (e < s + n);
	}
	return k;
}

struct sole {
	char		*addr;		/* borrowed: BV_FMT_ADDR_MAX bytes */
	const char	*name;		/* borrowed: the name looked for */
	size_t		 nlen;
	size_t		 hits;
};

static void
take_first(const char *a, const char *dn, size_t dlen, void *arg)
{
	struct sole	*so = arg;

	(void)dn, (void)dlen;
	if (so->hits++ == 0)
		snprintf(so->addr, BV_FMT_ADDR_MAX, "%s", a);
}

int
bv_fmt_original_to(const struct bv_msg *m, const char *t, size_t len,
    size_t orig, char *addr)
{
	struct buf	 to = { 0 }, cc = { 0 };
	struct sole	 so = { addr, NULL, 0, 0 };

	/* Only a message sent to one address tells whom a notice that names
	 * nobody is about. */
	original_rcpts(m, t, len, orig, &to, &cc);
	each_entry(to.s, to.len, take_first, &so);
	if (cc.len > 0)
		each_entry(cc.s, cc.len, take_first, &so);
	buf_free(&to);
	buf_free(&cc);
	return so.hits == 1;
}

/* Does entry A (display name DN[0..DLEN)) go by the name looked for? */
static void
name_matches(const char *a, const char *dn, size_t dlen, void *arg)
{
	struct sole	*so = arg;
	const char	*at = strchr(a, '@');

	while (dlen > 0 && strchr(" \t\"'", dn[0]) != NULL)
		dn++, dlen--;
	while (dlen > 0 && strchr(" \t\"'", dn[dlen - 1]) != NULL)
		dlen--;
	if ((dlen == so->nlen && strncasecmp(dn, so->name, dlen) == 0) ||
	    (at != NULL && (size_t)(at - a) == so->nlen &&
	    strncasecmp(a, so->name, so->nlen) == 0)) {
		if (so->hits++ == 0)
			snprintf(so->addr, BV_FMT_ADDR_MAX, "%s", a);
	}
}

/* The name of a line "Carol on Mon, 3 Mar 2025 10:00:04 +0000" (Exchange
 * 5.5 and 2000 name unresolved recipients so): its length, or 0. */
static size_t
name_on_date(const struct bv_line *l)
{
	const char	*on;
	size_t		 k;

	if (l->len < 6 || l->s[0] == ' ' || l->s[0] == '\t' ||
	    (on = bv_fmt_find(l->s, l->len < 80 ? l->len : 80, " on ")) ==
	    NULL)
		return 0;
	k = (size_t)(on - l->s);
	if (k + 4 >= l->len || memchr(l->s, ':', k) != NULL ||
	    memchr(l->s, '@', k) != NULL || !isalnum((unsigned char)on[4]))
		return 0;
	return k;
}

int
bv_fmt_original_named(const struct bv_msg *m, const char *t, size_t len,
    size_t orig, char *addr)
{
	struct buf	 to = { 0 }, cc = { 0 };
	struct bv_line	 l;
	struct sole	 so = { addr, NULL, 0, 0 };
	size_t		 pos = 0, nl;

	for (nl = 0; nl < 60 && so.name == NULL && pos < orig &&
	    bv_fmt_line(t, orig, &pos, &l); nl++)
		if ((so.nlen = name_on_date(&l)) > 0)
			so.name = l.s;
	if (so.name == NULL)
		return 0;
	original_rcpts(m, t, len, orig, &to, &cc);
	each_entry(to.s, to.len, name_matches, &so);
	each_entry(cc.s, cc.len, name_matches, &so);
	buf_free(&to);
	buf_free(&cc);
	return so.hits == 1;
}

/* ---- the returned message inline ---------------------------------------------- */

/* Is the header value S[0..N) plain ASCII without encoded words?  Then
 * the decoder (libetpan) has nothing to do. */
static int
plain(const char *s, size_t n)
{
	const char	*eq, *end = s + n;
	uint64_t	 w, high = 0;
	size_t		 i;

	/* Eight bytes at a time for the high bit, memchr for the '='. */
	for (i = 0; i + 8 <= n; i += 8) {
		memcpy(&w, s + i, 8);
		high |= w;
	}
	for (; i < n; i++)
		high |= (unsigned char)s[i];
	if (high & UINT64_C(0x8080808080808080))
		return 0;
	for (eq = s; (eq = memchr(eq, '=', (size_t)(end - eq))) != NULL; eq++)
		if (eq + 1 < end && eq[1] == '?')
			return 0;
	return 1;
}

/* S[0..N) with blanks at its ends dropped and runs of blanks folded. */
static char *
trimmed_copy(const char *s, size_t n)
{
	char		*out = xmalloc(n + 1);
	size_t		 i = 0, k = 0;
	unsigned char	 c;

	while (i < n && blank((unsigned char)s[i]))
		i++;
	while (n > i && blank((unsigned char)s[n - 1]))
		n--;
	/* Most bytes are above the blanks: one compare each. */
	for (; i < n; i++) {
		if ((c = (unsigned char)s[i]) > ' ' || !blank(c)) {
			out[k++] = (char)c;
			continue;
		}
		out[k++] = ' ';
		while (i + 1 < n && blank((unsigned char)s[i + 1]))
			i++;
	}
	out[k] = '\0';
	return out;
}

/* Set *TO from the header value starting at S (unfolded with its
 * continuation lines in T[..LEN) from *POS), unless already set.  Most
 * values are one line: read in place, without a copy. */
static void
inline_field(char **to, const char *s, size_t n, const char *t, size_t len,
    size_t *pos)
{
	struct buf	 v = { 0 };
	struct bv_line	 l;
	size_t		 save = *pos, k;

	for (k = 0; k < 20 && bv_fmt_line(t, len, pos, &l) && l.len > 0 &&
	    (l.s[0] == ' ' || l.s[0] == '\t'); k++, save = *pos) {
		if (k == 0)
			buf_add(&v, s, n);
		buf_add(&v, l.s, l.len);
	}
	*pos = save;
	if (k > 0) {
		s = v.s;
		n = v.len;
	}
	if (*to == NULL && n > 0)
		*to = plain(s, n) ? trimmed_copy(s, n) : bv_header_decode(s,
		    n);
	buf_free(&v);
}

void
bv_fmt_inline_original(const char *t, size_t len, size_t orig,
    struct bv_original *o)
{
	static const struct {
		const char	*name;
		size_t		 off;
	} fields[] = {
		{ "from:", offsetof(struct bv_original, from) },
		{ "to:", offsetof(struct bv_original, to) },
		{ "subject:", offsetof(struct bv_original, subject) },
		{ "date:", offsetof(struct bv_original, date) },
		{ "message-id:", offsetof(struct bv_original, message_id) },
	};
	struct bv_line	 l;
	size_t		 pos = orig, nl, i, k, seen = 0;
	int		 named, c;

	for (nl = 0; nl < 120 && bv_fmt_line(t, len, &pos, &l); nl++) {
		if (l.len == 0) {
			if (seen > 0)
				break;		/* the end of the header */
			continue;
		}
		if (l.s[0] == ' ' || l.s[0] == '\t')
			continue;
		/* Most header lines are none of these: one look rules them
		 * out (once a field was seen, before looking for a colon). */
		c = (unsigned char)l.s[0] | 0x20;	/* F f, T t, ... */
		named = c == 'f' || c == 't' || c == 's' || c == 'd' ||
		    c == 'm';
		if ((seen > 0 && !named) || memchr(l.s, ':', l.len) == NULL)
			continue;
		seen++;
		if (!named)
			continue;
		for (i = 0; i < sizeof(fields) / sizeof(fields[0]); i++) {
			/* The first letter picks the one name to compare. */
			if (lc((unsigned char)l.s[0]) != fields[i].name[0] ||
			    !bv_fmt_prefix(l.s, l.len, fields[i].name))
				continue;
			k = strlen(fields[i].name);
			inline_field((char **)(void *)((char *)o +
			    fields[i].off), l.s + k, l.len - k, t, len, &pos);
			break;
		}
		if (o->from != NULL && o->to != NULL && o->subject != NULL &&
		    o->date != NULL && o->message_id != NULL)
			break;
	}
}

/* ---- is it a bounce at all -------------------------------------------------- */

int
bv_fmt_header_has(const struct bv_msg *m, const char *name,
    const char *needle)
{
	size_t	 i;

	for (i = 0; i < m->nhdrs; i++) {
		const char *v;

		/* The first letters differ for most names (as in
		 * bv_msg_header). */
		if (m->hdrs[i].name == NULL || (m->hdrs[i].name[0] | 0x20) !=
		    (name[0] | 0x20) || strcasecmp(m->hdrs[i].name, name) != 0)
			continue;
		v = bv_msg_header_value(m, i);
		if (bv_fmt_find(v, strnlen(v, 4096), needle) != NULL)
			return 1;
	}
	return 0;
}

/* What a bounce's sender and subject say (bv_fmt_bouncy). */
static const char *const senders[] = {
	"mailer-daemon", "mailer_daemon", "postmaster", "mail delivery",
	"maildelivery", "mail.delivery", "mmsc ndr", "no-reply@",
	"post_master", "mdaemon", "mail administrator",
	/* Exchange and Office 365 send their NDRs as
	 * MicrosoftExchange<hex>@domain ("Microsoft Outlook"). */
	"microsoftexchange", NULL
};
static const char *const subjects[] = {
	"undeliver", "delivery fail", "failure notice", "returned mail",
	"delivery status notification", "mail delivery", "failed delivery",
	"delivery problem", "non remis", "unzustellbar", "no se puede entregar",
	"non recapitabile", "onbestelbaar", "returned to sender",
	"not delivered", "delivery failure", "could not be delivered",
	"nondelivery", "error sending", "mail system error", NULL
};
static struct bv_fmt_set sender_set = BV_FMT_SET(senders, sizeof(char *));
static struct bv_fmt_set subject_set = BV_FMT_SET(subjects, sizeof(char *));

static int
value_has(struct bv_fmt_set *set, const char *v)
{
	return v != NULL && bv_fmt_set_find(set, v, strnlen(v, 4096), NULL) !=
	    NULL;
}

/* Does the From value FROM (not NULL) hold a sender address?  Courier signs its
 * notices "Courier mail server at HOST" <@>: an address with nothing in
 * it, as <> is. */
static int
from_address(const char *from)
{
	const char	*lt, *gt;

	if (strchr(from, '@') == NULL)
		return 0;
	if ((lt = strrchr(from, '<')) != NULL && (gt = strchr(lt, '>')) !=
	    NULL && (gt == lt + 1 || (gt == lt + 2 && lt[1] == '@')))
		return 0;
	return 1;
}

static int
bouncy(const struct bv_msg *m)
{
	const char	*from = NULL, *rp = NULL, *subj = NULL, *auto_sub = NULL;
	const char	*ndr = NULL, *n;
	size_t		 i;

	/* One pass over the headers for the six this looks at; most names
	 * are told apart by their first letter. */
	for (i = 0; i < m->nhdrs; i++) {
		n = m->hdrs[i].name;
		if (n == NULL || strchr("FfRrSsAaXx", n[0]) == NULL)
			continue;
		if (from == NULL && strcasecmp(n, "From") == 0)
			from = bv_msg_header_value(m, i);
		else if (rp == NULL && strcasecmp(n, "Return-Path") == 0)
			rp = bv_msg_header_value(m, i);
		else if (subj == NULL && strcasecmp(n, "Subject") == 0)
			subj = bv_msg_header_value(m, i);
		else if (auto_sub == NULL && strcasecmp(n, "Auto-Submitted") ==
		    0)
			auto_sub = bv_msg_header_value(m, i);
		else if (ndr == NULL && (strcasecmp(n, "X-Failed-Recipients") ==
		    0 || strcasecmp(n, "X-MS-Exchange-Message-Is-Ndr") == 0))
			ndr = n;	/* either says it is a bounce */
	}
	if (ndr != NULL)
		return 1;
	if (rp != NULL && (strstr(rp, "<>") != NULL || bv_fmt_find(rp,
	    strnlen(rp, 4096), "mailer-daemon") != NULL))
		return 1;
	/* Sender words are not always at a word start ("x-postmaster"):
	 * the set finds them at word starts, which covers the usual forms. */
	if (value_has(&sender_set, from))
		return 1;
	/* A failure subject alone is what newsletters about bounces have;
	 * machine-sent or without a sender address, it is a notice. */
	if (auto_sub == NULL && (from == NULL || from_address(from)))
		return 0;
	return value_has(&subject_set, subj);
}

/* Several readers ask; the message keeps the answer. */
int
bv_fmt_bouncy(const struct bv_msg *cm)
{
	/* The cache is the message's own: it was made writable. */
	struct bv_msg	*m = (struct bv_msg *)cm;

	if (m->bouncy == 0)
		m->bouncy = 1 + bouncy(m);
	return m->bouncy - 1;
}

/* A notice that bv_fmt_bouncy() takes for a bounce and that says it reports
 * a failure: the headers Exim and Exchange set on their notices, or a failure
 * subject.  List mail (a newsletter about bounces, a parcel service's "could
 * not deliver") is none.  parse.c reports such a notice as unreadable when no
 * reader could read it. */
int
bv_fmt_failure_notice(const struct bv_msg *m)
{
	if (!bv_fmt_bouncy(m) || bv_msg_header(m, "List-Unsubscribe") != NULL ||
	    bv_msg_header(m, "List-Id") != NULL)
		return 0;
	if (bv_msg_header(m, "X-Failed-Recipients") != NULL ||
	    bv_msg_header(m, "X-MS-Exchange-Message-Is-Ndr") != NULL)
		return 1;
	return value_has(&subject_set, bv_msg_header(m, "Subject"));
}

/* ---- records ------------------------------------------------------------------ */

/* What fold() does with a byte: keep it, fold it into one space (blanks
 * and line ends), or drop it (other control characters). */
enum { FOLD_KEEP, FOLD_BLANK, FOLD_DROP };
static const uint8_t	 fold_class[256] = {
	[0x00] = FOLD_DROP, [0x01] = FOLD_DROP, [0x02] = FOLD_DROP,
	[0x03] = FOLD_DROP, [0x04] = FOLD_DROP, [0x05] = FOLD_DROP,
	[0x06] = FOLD_DROP, [0x07] = FOLD_DROP, [0x08] = FOLD_DROP,
	['\t'] = FOLD_BLANK, ['\n'] = FOLD_BLANK, ['\v'] = FOLD_BLANK,
	['\f'] = FOLD_BLANK, ['\r'] = FOLD_BLANK, [0x0e] = FOLD_DROP,
	[0x0f] = FOLD_DROP, [0x10] = FOLD_DROP, [0x11] = FOLD_DROP,
	[0x12] = FOLD_DROP, [0x13] = FOLD_DROP, [0x14] = FOLD_DROP,
	[0x15] = FOLD_DROP, [0x16] = FOLD_DROP, [0x17] = FOLD_DROP,
	[0x18] = FOLD_DROP, [0x19] = FOLD_DROP, [0x1a] = FOLD_DROP,
	[0x1b] = FOLD_DROP, [0x1c] = FOLD_DROP, [0x1d] = FOLD_DROP,
	[0x1e] = FOLD_DROP, [0x1f] = FOLD_DROP, [' '] = FOLD_BLANK,
	[0x7f] = FOLD_DROP,
};

/* The first byte of D[J..LIM) that is not kept as it is (a blank, a control
 * or DEL: 0x00-0x20, 0x7f), or LIM; sixteen bytes at a time where SSE2 is
 * there (signed compares: bytes >= 0x80 are negative, always kept). */
static size_t
kept_to(const char *d, size_t j, size_t lim)
{
#ifdef __SSE2__
	for (; j + 16 <= lim; j += 16) {
		const __m128i	 x = _mm_loadu_si128((const void *)(d + j));
		unsigned	 mask;

		mask = (unsigned)_mm_movemask_epi8(_mm_or_si128(_mm_and_si128(
		    _mm_cmpgt_epi8(x, _mm_set1_epi8(-1)), _mm_cmplt_epi8(x,
		    _mm_set1_epi8(0x21))), _mm_cmpeq_epi8(x,
		    _mm_set1_epi8(0x7f))));
		if (mask != 0)
			return j + (unsigned)__builtin_ctz(mask);
	}
#endif
	while (j < lim && fold_class[(unsigned char)d[j]] == FOLD_KEEP)
		j++;
	return j;
}

/* DIAG with blanks and line ends folded, trimmed and capped (UTF-8 kept
 * whole: the cut goes back to a character boundary). */
static char *
fold(const char *d, size_t n)
{
	char	*out = xmalloc((n < BV_FMT_DIAG_MAX ? n : BV_FMT_DIAG_MAX) + 1);
	size_t	 i = 0, k = 0, j, lim;
	int	 space = 0;

	while (i < n && k < BV_FMT_DIAG_MAX) {
		unsigned char c = (unsigned char)d[i];

		if (fold_class[c] == FOLD_BLANK) {
			space = k > 0;
			i++;
			continue;
		}
		if (fold_class[c] == FOLD_DROP) {
			i++;
			continue;
		}
		if (space && k + 1 < BV_FMT_DIAG_MAX)
			out[k++] = ' ';
		space = 0;
		/* The run of bytes kept as they are, in one copy; a single
		 * space between two kept bytes is kept as it is too (the
		 * loop would put the same one back, within the same cap). */
		lim = n - i < BV_FMT_DIAG_MAX - k ? n : i + BV_FMT_DIAG_MAX - k;
		for (j = kept_to(d, i + 1, lim); j + 1 < lim && d[j] == ' ' &&
		    fold_class[(unsigned char)d[j + 1]] == FOLD_KEEP;
		    j = kept_to(d, j + 2, lim))
			;
		memcpy(out + k, d + i, j - i);
		k += j - i;
		i = j;
	}
	/* Cut short: back to the start of a UTF-8 character. */
	if (i < n && k > 0 && ((unsigned char)out[k - 1] & 0x80)) {
		while (k > 0 && ((unsigned char)out[k - 1] & 0xc0) == 0x80)
			k--;
		if (k > 0)
			k--;
	}
	if (k == 0) {
		free(out);
		return NULL;
	}
	out[k] = '\0';
	return out;
}

void
bv_fmt_set_diag(struct bv_record *r, const char *diag, size_t dlen)
{
	free(r->diagnostic);
	r->diagnostic = fold(diag, dlen);
}

struct bv_record *
bv_fmt_add(struct bv_reclist *out, size_t first, const char *format,
    const char *rcpt, const char *diag, size_t dlen, int *isnew)
{
	struct bv_record	*r;
	size_t			 i;

	for (i = first; i < out->n; i++) {
		r = &out->v[i];
		if (r->recipient != NULL && strcasecmp(r->recipient, rcpt) ==
		    0) {
			if (r->diagnostic == NULL && diag != NULL)
				bv_fmt_set_diag(r, diag, dlen);
			if (isnew != NULL)
				*isnew = 0;
			return r;
		}
	}
	r = bv_reclist_add(out);
	r->format = format;
	r->recipient = xstrdup(rcpt);
	r->action = xstrdup("failed");
	r->hard = -1;
	if (diag != NULL)
		bv_fmt_set_diag(r, diag, dlen);
	if (isnew != NULL)
		*isnew = 1;
	return r;
}

size_t
bv_fmt_add_header_rcpts(const struct bv_msg *m, const char *name,
    struct bv_reclist *out, size_t first, const char *format,
    const char *diag, size_t dlen)
{
	char		 a[BV_FMT_ADDR_MAX];
	const char	*v, *p, *end;
	size_t		 alen, n = 0;

	if ((v = bv_msg_header(m, name)) == NULL)
		return 0;
	end = v + strnlen(v, 8192);
	for (p = v; p < end && n < 64 && (p = bv_fmt_find_addr(p,
	    (size_t)(end - p), a, sizeof(a), &alen)) != NULL; p += alen) {
		bv_fmt_add(out, first, format, a, diag, dlen, NULL);
		n++;
	}
	return n;
}

/* ---- recognising a format --------------------------------------------------- */

/*
 * The marks of header values scanned before: a mailbox of bounces repeats
 * its senders and subjects ("Mail delivery failed: returning message to
 * sender") thousands of times, and a scan of a set that matches anywhere
 * looks at every byte pair.  Direct-mapped by a hash of the value; per
 * thread; values of bounded size only (no allocation, so nothing outlives
 * a thread).
 */
#define MARKS_KEPT	64
#define MARKS_IN	160
static __thread struct marks_kept {
	const struct bv_fmt_set	*set;		/* NULL: an empty slot */
	size_t			 len;
	char			 value[MARKS_IN];
	uint64_t		 bits[BV_FMT_SET_MAX / 64];
} marks_kept[MARKS_KEPT];

static size_t
marks_slot(const struct bv_fmt_set *set, const char *v, size_t n)
{
	uint32_t	 h = 2166136261u ^ (uint32_t)(uintptr_t)set;
	size_t		 i;

	for (i = 0; i < n; i++)
		h = (h ^ (unsigned char)v[i]) * 16777619u;
	return h % MARKS_KEPT;
}

void
bv_fmt_set_mark_kept(struct bv_fmt_set *set, const char *v, size_t n,
    uint64_t *seen)
{
	struct marks_kept	*k;
	size_t			 i;

	if (n == 0 || n > MARKS_IN) {
		bv_fmt_set_mark(set, v, n, seen);
		return;
	}
	k = &marks_kept[marks_slot(set, v, n)];
	if (k->set != set || k->len != n || memcmp(k->value, v, n) != 0) {
		k->set = set;
		k->len = n;
		memcpy(k->value, v, n);
		memset(k->bits, 0, sizeof(k->bits));
		bv_fmt_set_mark(set, v, n, k->bits);
	}
	for (i = 0; i < BV_FMT_SET_MAX / 64; i++)
		seen[i] |= k->bits[i];
}

/* Mark the needles of SEEN's set SLOT found in header value V. */
static void
mark_header(struct bv_fmt_seen *seen, int slot, const char *v)
{
	if (seen->set[slot] != NULL && v != NULL)
		bv_fmt_set_mark_kept(seen->set[slot], v, strnlen(v, 4096),
		    seen->bits[slot]);
}

void
bv_fmt_bodyscan(const struct bv_msg *m, struct bv_fmt_seen *seen)
{
	const struct bv_part	*p;
	size_t			 i, len, orig;

	memset(seen->bits, 0, sizeof(seen->bits));
	seen->from = bv_msg_header(m, "From");
	seen->subject = bv_msg_header(m, "Subject");
	seen->mailer = bv_msg_header(m, "X-Mailer");
	seen->bouncy = bv_fmt_bouncy(m);
	seen->text = NULL;
	seen->orig = 0;
	mark_header(seen, BV_FMT_S_FROM, seen->from);
	mark_header(seen, BV_FMT_S_SUBJECT, seen->subject);
	mark_header(seen, BV_FMT_S_MAILER, seen->mailer);
	/* The notice's own words open its first text part; a second one
	 * counts only after a first too short to say anything. */
	for (i = 0; i < 2 && (p = bv_fmt_text(m, i, &len)) != NULL; i++) {
		orig = bv_fmt_part_original(p, len);
		if (i == 0) {
			seen->text = p->text;
			seen->orig = orig;
		}
		if (seen->set[BV_FMT_S_BODY] != NULL)
			bv_fmt_set_mark(seen->set[BV_FMT_S_BODY], p->text,
			    orig < BV_FMT_BODY_SCAN ? orig : BV_FMT_BODY_SCAN,
			    seen->bits[BV_FMT_S_BODY]);
		if (len >= 256)
			break;
	}
}

/* Does NEEDLE begin a word in HAY[0..N)?  bv_fmt_find, then the byte
 * before looked at, as set_next() does. */
static int
word_find(const char *hay, size_t n, const char *needle)
{
	const char	*p, *end = hay + n;

	for (p = hay; p < end && (p = bv_fmt_find(p, (size_t)(end - p),
	    needle)) != NULL; p++)
		if (p == hay || !word_byte[(unsigned char)p[-1]])
			return 1;
	return 0;
}

int
bv_fmt_body_word(const struct bv_msg *m, const char *needle)
{
	const struct bv_part	*p;
	size_t			 i, len, orig;

	/* The parts and lengths bv_fmt_bodyscan() scans. */
	for (i = 0; i < 2 && (p = bv_fmt_text(m, i, &len)) != NULL; i++) {
		orig = bv_fmt_part_original(p, len);
		if (word_find(p->text, orig < BV_FMT_BODY_SCAN ? orig :
		    BV_FMT_BODY_SCAN, needle))
			return 1;
		if (len >= 256)
			break;
	}
	return 0;
}

int
bv_fmt_test_parse(const char *s, size_t n, struct bv_fmt_test *t)
{
	static const struct {
		const char	*prefix;
		int		 kind;
	} kinds[] = {
		{ "from:", BV_FMT_T_FROM }, { "subject:", BV_FMT_T_SUBJECT },
		{ "mailer:", BV_FMT_T_MAILER }, { "body:", BV_FMT_T_BODY },
		{ "hdr:", BV_FMT_T_HDR }, { NULL, 0 }
	};
	const char	*arg, *eq;
	size_t		 i, k;

	memset(t, 0, sizeof(*t));
	t->idx = -1;
	if (n == 6 && memcmp(s, "bouncy", 6) == 0) {
		t->kind = BV_FMT_T_BOUNCY;
		return 0;
	}
	for (i = 0; kinds[i].prefix != NULL; i++)
		if (bv_fmt_prefix(s, n, kinds[i].prefix))
			break;
	if (kinds[i].prefix == NULL)
		return -1;
	t->kind = kinds[i].kind;
	arg = s + strlen(kinds[i].prefix);
	k = n - strlen(kinds[i].prefix);
	if (t->kind == BV_FMT_T_HDR && (eq = memchr(arg, '=', k)) != NULL) {
		if ((size_t)(eq - arg) >= sizeof(t->name))
			return -1;
		memcpy(t->name, arg, (size_t)(eq - arg));
		k -= (size_t)(eq + 1 - arg);
		arg = eq + 1;
	} else if (t->kind == BV_FMT_T_HDR) {
		if (k >= sizeof(t->name))
			return -1;
		memcpy(t->name, arg, k);
		k = 0;
	}
	if (k >= sizeof(t->text))
		return -1;
	memcpy(t->text, arg, k);
	return 0;
}

static int
has(const char *value, const char *needle)
{
	return value != NULL && bv_fmt_find(value, strnlen(value, 4096),
	    needle) != NULL;
}

/* The first text parts' beginning, where notices say who wrote them. */
static int
body_has(const struct bv_msg *m, const char *needle)
{
	const struct bv_part	*p;
	size_t			 i, len;

	for (i = 0; i < 2 && (p = bv_fmt_text(m, i, &len)) != NULL; i++) {
		if (bv_fmt_find(p->text, len < BV_FMT_BODY_SCAN ? len :
		    BV_FMT_BODY_SCAN, needle) != NULL)
			return 1;
		if (len >= 256)
			break;
	}
	return 0;
}

int
bv_fmt_test_slot(const struct bv_fmt_test *t)
{
	switch (t->kind) {
	case BV_FMT_T_BODY:
		return BV_FMT_S_BODY;
	case BV_FMT_T_FROM:
		return BV_FMT_S_FROM;
	case BV_FMT_T_SUBJECT:
		return BV_FMT_S_SUBJECT;
	case BV_FMT_T_MAILER:
		return BV_FMT_S_MAILER;
	default:
		return -1;
	}
}

int
bv_fmt_test_eval(const struct bv_fmt_test *t, const struct bv_msg *m,
    const struct bv_fmt_seen *seen)
{
	int	 slot = bv_fmt_test_slot(t);

	/* Found by the scan done beforehand. */
	if (seen != NULL && slot >= 0 && t->idx >= 0 && seen->set[slot] !=
	    NULL)
		return (seen->bits[slot][t->idx / 64] >> (t->idx % 64)) & 1;
	switch (t->kind) {
	case BV_FMT_T_BOUNCY:
		return seen != NULL ? seen->bouncy : bv_fmt_bouncy(m);
	case BV_FMT_T_FROM:
		return seen != NULL ? has(seen->from, t->text) :
		    bv_fmt_header_has(m, "From", t->text);
	case BV_FMT_T_SUBJECT:
		return seen != NULL ? has(seen->subject, t->text) :
		    bv_fmt_header_has(m, "Subject", t->text);
	case BV_FMT_T_MAILER:
		return seen != NULL ? has(seen->mailer, t->text) :
		    bv_fmt_header_has(m, "X-Mailer", t->text);
	case BV_FMT_T_BODY:
		return body_has(m, t->text);
	case BV_FMT_T_HDR:
		return t->text[0] == '\0' ? bv_msg_header(m, t->name) != NULL :
		    bv_fmt_header_has(m, t->name, t->text);
	default:
		return 0;
	}
}

int
bv_fmt_ident(const struct bv_msg *m, const char *const *conds,
    const struct bv_fmt_seen *seen)
{
	struct bv_fmt_test	 t;
	const char		*s, *and;
	size_t			 i, n;
	int			 ok;

	for (i = 0; conds != NULL && conds[i] != NULL; i++) {
		ok = 1;
		for (s = conds[i]; ok && *s != '\0'; s = and != NULL ? and + 4 :
		    s + n) {
			and = strstr(s, " && ");
			n = and != NULL ? (size_t)(and - s) : strlen(s);
			ok = bv_fmt_test_parse(s, n, &t) == 0 &&
			    bv_fmt_test_eval(&t, m, seen);
		}
		if (ok)
			return 1;
	}
	return 0;
}
