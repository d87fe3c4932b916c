/*
 * test_fmtsearch.c: the searches of fmt_text.c (bv_fmt_find, the needle
 * sets, the folding of diagnostics, the line splitter) against plain reference versions that
 * follow their documented rules byte by byte, on many generated texts.  The
 * fast versions skip ahead (sixteen bytes at a time, by a needle's first
 * bytes, by runs of plain bytes): these texts put words, blanks, digits,
 * capitals and UTF-8 at every offset around those steps.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "parser/parser.h"

#define ROUNDS	3000

static uint32_t	 seed = 12345;

static uint32_t
rnd(void)
{
	seed = seed * 1103515245u + 12345u;
	return seed >> 8;
}

static int
lc(int c)
{
	return c >= 'A' && c <= 'Z' ? c + 32 : c;
}

static int
blank(int c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static int
alnum(int c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
	    (c >= 'A' && c <= 'Z');
}

/* The documented rule: ASCII case ignored, a blank in the needle matches a
 * run of blanks and line ends. */
static int
ref_prefix(const char *s, size_t n, const char *nd)
{
	size_t	 i = 0;

	for (; *nd != '\0'; nd++) {
		if (i >= n)
			return 0;
		if (*nd == ' ') {
			if (!blank((unsigned char)s[i]))
				return 0;
			while (i < n && blank((unsigned char)s[i]))
				i++;
			continue;
		}
		if (lc((unsigned char)s[i]) != lc((unsigned char)*nd))
			return 0;
		i++;
	}
	return 1;
}

static const char *const needles[] = {
	"this is the qmail-send program", "this is the mail system",
	"This is the Postfix", "the group", "thE GRoup you", "mailbox",
	"mailbox full", "mailbox ist voll", "user unknown", "unknown",
	"5.1.1", "550 5.1.1", "--- below", "-----", "r\xc3\xa9mise",
	"\xd0\xbd\xd0\xb5", "at host", "host", "ho st", "xy", "x-y",
	"delivery is delayed", "delivery delayed", "deliver",
	/* Needles sharing their beginning, and a needle listed twice: a
	 * bucket is sorted and a failed compare rules out its neighbours. */
	"this is the james mail server", "THIS IS THE DragonFly",
	"this is the", "this is", "this  is the mail", "mailbox full",
	"the gr", "the group you tried", "unknown user", "unknown",
	/* Runs sharing their first three bytes between needles that differ
	 * in the third: a third byte that fails skips its run only. */
	"thin", "thing", "things", "tho", "thou", "hotel", "hotels", "hot",
	"delta", "deltas", "delay", NULL
};
static struct bv_fmt_set word_set = BV_FMT_SET(needles, sizeof(char *));
static struct bv_fmt_set any_set = BV_FMT_SET_ANYWHERE(needles,
    sizeof(char *));

/* A text of N bytes made of pieces of the needles, words, blanks, digits,
 * punctuation and UTF-8, in random case. */
static void
gen_text(char *t, size_t n)
{
	static const char *const bits[] = {
		" ", "  ", "\n", "\t", "\r\n", "-", "--", ".", ":", "<", ">",
		"@", "0", "9", "a", "Z", "\xc3\xa9", "\xd0\xbd", "the", "is",
		"mail", "box", "host", "un", "known", "5.1", ".1", "deli",
		"very", "xy", "x", "y", "group", "you", "voll", "ist", "thi",
		"tho", "ng", "s", "hote", "l", "delt", "a", "u", NULL
	};
	size_t	 k = 0, nb, j;
	const char *b;

	for (nb = 0; bits[nb] != NULL; nb++)
		;
	while (k < n) {
		if (rnd() % 4 == 0) {
			b = needles[rnd() % (sizeof(needles) /
			    sizeof(needles[0]) - 1)];
		} else
			b = bits[rnd() % nb];
		for (j = 0; b[j] != '\0' && k < n; j++) {
			char c = b[j];

			if (c >= 'a' && c <= 'z' && rnd() % 3 == 0)
				c -= 32;
			t[k++] = c;
		}
	}
}

/* The earliest offset where a needle begins (at a word start unless
 * ANYWHERE), and the least index of those that begin there. */
static const char *
ref_set_find(const char *t, size_t n, int anywhere, size_t *which)
{
	size_t	 i, k;

	for (i = 0; i + 1 < n; i++) {
		if (!anywhere && i > 0 && alnum((unsigned char)t[i - 1]))
			continue;
		for (k = 0; needles[k] != NULL; k++)
			if (ref_prefix(t + i, n - i, needles[k])) {
				*which = k;
				return t + i;
			}
	}
	return NULL;
}

static void
test_set_find(void **state)
{
	char		 t[300];
	size_t		 r, n, w, rw;
	const char	*got, *want;

	(void)state;
	for (r = 0; r < ROUNDS; r++) {
		n = rnd() % sizeof(t);
		gen_text(t, n);
		w = rw = SIZE_MAX;
		got = bv_fmt_set_find(&word_set, t, n, &w);
		want = ref_set_find(t, n, 0, &rw);
		assert_ptr_equal(got, want);
		if (want != NULL)
			assert_int_equal(w, rw);
		w = rw = SIZE_MAX;
		got = bv_fmt_set_find(&any_set, t, n, &w);
		want = ref_set_find(t, n, 1, &rw);
		assert_ptr_equal(got, want);
		if (want != NULL)
			assert_int_equal(w, rw);
	}
}

/* bv_fmt_phrase_reason, which first looks for where any phrase or pair may
 * begin, answers as its plain version (both searches over the whole text)
 * on texts of phrases, pairs' words, near misses and other words. */
static void
test_phrase_reason(void **state)
{
	static const char *const words[] = {
		"utilisateur inconnu", "utilisateur", "inconnu", "mailbox",
		"voll", "pleine", "casella", "piena", "inesistente", "postfach",
		"existiert nicht", "unbekannt", "remise diff\xc3\xa9r\xc3\xa9" "e",
		"entrega retrasada", "message trop gros", "buz\xc3\xb3n",
		"lleno", "no existe", "caixa", "cheia", "postvak", "vol", "the",
		"mail", "box", "is", "full", "user", "x", "\xc3\xa9", "\xd0\xbd",
		" ", "  ", "\n", "-", "'", ".", ":", "<", "@", "5.1.1", "550",
		NULL
	};
	char		 t[400];
	size_t		 r, n, k, nw, j;

	(void)state;
	for (nw = 0; words[nw] != NULL; nw++)
		;
	for (r = 0; r < ROUNDS * 3; r++) {
		n = rnd() % sizeof(t);
		for (k = 0; k < n; ) {
			const char *w = words[rnd() % nw];

			for (j = 0; w[j] != '\0' && k < n; j++) {
				char c = w[j];

				if (c >= 'a' && c <= 'z' && rnd() % 4 == 0)
					c -= 32;
				t[k++] = c;
			}
			if (k < n && rnd() % 2)
				t[k++] = ' ';
		}
		assert_ptr_equal(bv_fmt_phrase_reason(t, n),
		    bv_fmt_phrase_reason_plain(t, n));
	}
	/* Pairs and phrases that the table knows, at the start and inside. */
	assert_string_equal(bv_fmt_phrase_reason("Postfach voll", 13),
	    "mailboxfull");
	assert_string_equal(bv_fmt_phrase_reason("550 utilisateur inconnu",
	    23), "userunknown");
	assert_null(bv_fmt_phrase_reason("550 mailbox unavailable", 23));
	assert_null(bv_fmt_phrase_reason(NULL, 0));
}

static void
test_set_mark(void **state)
{
	char		 t[300];
	uint64_t	 seen[BV_FMT_SET_MAX / 64];
	size_t		 r, n, i, k;
	int		 want;

	(void)state;
	for (r = 0; r < ROUNDS; r++) {
		n = rnd() % sizeof(t);
		gen_text(t, n);
		memset(seen, 0, sizeof(seen));
		bv_fmt_set_mark(&word_set, t, n, seen);
		for (k = 0; needles[k] != NULL; k++) {
			for (want = 0, i = 0; !want && i + 1 < n; i++)
				want = (i == 0 || !alnum((unsigned char)
				    t[i - 1])) && ref_prefix(t + i, n - i,
				    needles[k]);
			assert_int_equal((seen[k / 64] >> (k % 64)) & 1,
			    want);
		}
	}
}

/* bv_fmt_set_mark_kept, asked again and again for a few recurring texts
 * (some too long to be kept), with both kinds of set and bits set before,
 * adds the same bits as a scan every time. */
static void
test_set_mark_kept(void **state)
{
	static char	 pool[12][200];
	size_t		 plen[12], r, i, k;
	uint64_t	 pre[BV_FMT_SET_MAX / 64], got[BV_FMT_SET_MAX / 64];
	struct bv_fmt_set *set;

	(void)state;
	for (k = 0; k < 12; k++) {
		plen[k] = k == 0 ? 0 : rnd() % sizeof(pool[k]);
		gen_text(pool[k], plen[k]);
	}
	/* Two texts that differ only in their last byte. */
	plen[1] = plen[2] = 40;
	memcpy(pool[2], pool[1], 40);
	pool[2][39] = pool[1][39] == 'x' ? 'y' : 'x';
	for (r = 0; r < ROUNDS * 4; r++) {
		k = rnd() % 12;
		set = rnd() % 2 ? &word_set : &any_set;
		for (i = 0; i < BV_FMT_SET_MAX / 64; i++)
			pre[i] = rnd() % 3 == 0 ? (uint64_t)rnd() << 32 | rnd() :
			    0;
		memcpy(got, pre, sizeof(got));
		bv_fmt_set_mark_kept(set, pool[k], plen[k], got);
		bv_fmt_set_mark(set, pool[k], plen[k], pre);
		assert_memory_equal(got, pre, sizeof(got));
	}
}

/* The needle S[0..N) begins with: the least index of those that do. */
static void
test_set_prefix(void **state)
{
	char		 t[300];
	size_t		 r, n, i, k, w, want;
	const char	*got;

	(void)state;
	for (r = 0; r < ROUNDS; r++) {
		n = rnd() % sizeof(t);
		gen_text(t, n);
		for (i = 0; i < n; i++) {
			for (want = SIZE_MAX, k = 0; want == SIZE_MAX &&
			    needles[k] != NULL; k++)
				if (n - i >= 2 && ref_prefix(t + i, n - i,
				    needles[k]))
					want = k;
			w = SIZE_MAX;
			got = bv_fmt_set_prefix(&word_set, t + i, n - i, &w);
			if (want == SIZE_MAX) {
				assert_null(got);
				continue;
			}
			assert_int_equal(w, want);
			assert_ptr_equal(got, needles[want]);
		}
	}
}

/* A needle left out of the scan is looked for by bv_fmt_body_word(): the
 * same answer as the scan's mark, on notices of every length around the
 * scan's limit, some with a returned message after their text. */
static void
test_body_word(void **state)
{
	static const char	*texts[sizeof(needles) / sizeof(needles[0])];
	static struct bv_fmt_set body = BV_FMT_SET(texts, sizeof(char *));
	char			 msg[2200], t[1600];
	struct bv_fmt_seen	 seen;
	struct bv_msg		*m;
	size_t			 r, n, k, len;

	(void)state;
	memcpy(texts, needles, sizeof(needles));
	for (r = 0; r < ROUNDS / 10; r++) {
		n = rnd() % sizeof(t);
		gen_text(t, n);
		len = (size_t)snprintf(msg, sizeof(msg), "From: "
		    "MAILER-DAEMON@example.org\nTo: a@example.net\nSubject: "
		    "failure notice\n\n%.*s%s", (int)n, t, rnd() % 2 ?
		    "\n--- Below this line is a copy of the message.\n\n"
		    "Received: from example.com\nFrom: a@example.net\n\n"
		    "the group you tried to contact\n" : "");
		m = bv_msg_new(msg, len < sizeof(msg) ? len : sizeof(msg) - 1);
		memset(&seen, 0, sizeof(seen));
		seen.set[BV_FMT_S_BODY] = &body;
		bv_fmt_bodyscan(m, &seen);
		for (k = 0; needles[k] != NULL; k++)
			assert_int_equal(bv_fmt_body_word(m, needles[k]),
			    (seen.bits[BV_FMT_S_BODY][k / 64] >> (k % 64)) & 1);
		bv_msg_free(m);
	}
}

/* The notice's N-th text part by the documented rule: text/plain parts
 * that hold more than blanks, then the other text/ types (not
 * text/rfc822-headers), outside the returned message. */
static const struct bv_part *
ref_text(const struct bv_msg *m, size_t n)
{
	const struct bv_part	*p;
	size_t			 i, k, j, seen = 0;
	int			 full;

	for (k = 0; k < 2; k++)
		for (i = 0; i < m->nparts; i++) {
			p = &m->parts[i];
			if (p->in_original || p->text == NULL ||
			    p->type == NULL)
				continue;
			for (full = 0, j = 0; j < p->len; j++)
				full |= !blank((unsigned char)p->text[j]);
			if (k == 0 ? strcmp(p->type, "text/plain") != 0 ||
			    !full : strncmp(p->type, "text/", 5) != 0 ||
			    strcmp(p->type, "text/plain") == 0 ||
			    strcmp(p->type, "text/rfc822-headers") == 0)
				continue;
			if (seen++ == n)
				return p;
		}
	return NULL;
}

/* bv_fmt_text() keeps its first two answers in the message: asked again,
 * and in any order, they are the documented rule's on the parts as they are
 * then (notices of two parts, text/plain or not, blank or not, HTML ones
 * turned into text when no text/plain says something). */
static void
test_text_cache(void **state)
{
	static const char *const bodies[] = { "", "  \n", "Delivery failed.\n",
	    "<p>550 5.1.1 unknown</p>\n" };
	static const char *const types[] = { "text/plain", "text/csv",
	    "message/rfc822", "text/rfc822-headers", "text/html" };
	static const size_t	 order[2][3] = { { 0, 1, 2 }, { 2, 1, 0 } };
	char			 msg[1024];
	struct bv_msg		*m;
	const struct bv_part	*p;
	size_t			 r, k, o, round, len;

	(void)state;
	for (r = 0; r < 5 * 4 * 5 * 4; r++)
		for (o = 0; o < 2; o++) {
			k = (size_t)snprintf(msg, sizeof(msg), "From: "
			    "MAILER-DAEMON@example.org\nSubject: Undelivered "
			    "Mail\nMIME-Version: 1.0\nContent-Type: "
			    "multipart/mixed; boundary=b\n\n--b\nContent-"
			    "Type: %s\n\n%s--b\nContent-Type: %s\n\n%s--b--\n",
			    types[r % 5], bodies[r / 5 % 4], types[r / 20 % 5],
			    bodies[r / 100 % 4]);
			m = bv_msg_new(msg, k);
			for (round = 0; round < 2; round++)
				for (k = 0; k < 3; k++) {
					p = bv_fmt_text(m, order[o][k], &len);
					assert_ptr_equal(p, ref_text(m,
					    order[o][k]));
					if (p != NULL)
						assert_int_equal(len, p->len);
				}
			bv_msg_free(m);
		}
}

/* Where a JSON string's plain run ends: the first quote or backslash. */
static void
test_json_run(void **state)
{
	static const char	 bytes[] = "\"\\a Z{}:,\x80\xc3\n";
	char			 t[200];
	size_t			 r, n, i, k, want;

	(void)state;
	for (r = 0; r < ROUNDS; r++) {
		n = rnd() % sizeof(t);
		for (i = 0; i < n; i++)
			/* Mostly plain bytes, so runs cross the 16-byte
			 * steps. */
			t[i] = rnd() % 8 == 0 ? bytes[rnd() % (sizeof(bytes) -
			    1)] : (char)('a' + rnd() % 26);
		for (i = 0; i <= n; i++) {
			for (want = i; want < n && t[want] != '"' &&
			    t[want] != '\\'; want++)
				;
			k = bv_json_run(t, i, n);
			assert_int_equal(k, want);
		}
	}
}

static void
test_find(void **state)
{
	char		 t[300];
	size_t		 r, n, i, k;
	const char	*want;

	(void)state;
	for (r = 0; r < ROUNDS; r++) {
		n = rnd() % sizeof(t);
		gen_text(t, n);
		k = rnd() % (sizeof(needles) / sizeof(needles[0]) - 1);
		for (want = NULL, i = 0; want == NULL && i < n; i++)
			if (ref_prefix(t + i, n - i, needles[k]))
				want = t + i;
		assert_ptr_equal(bv_fmt_find(t, n, needles[k]), want);
	}
}

/* Blanks and line ends folded into one space, other control bytes
 * dropped, trimmed, at most BV_FMT_DIAG_MAX bytes (a cut goes back to the
 * start of a UTF-8 character). */
static char *
ref_fold(const char *d, size_t n)
{
	char	*out = malloc(BV_FMT_DIAG_MAX + 1);
	size_t	 i, k = 0;
	int	 space = 0;

	for (i = 0; i < n && k < BV_FMT_DIAG_MAX; i++) {
		unsigned char c = (unsigned char)d[i];

		if (c == ' ' || c == '\t' || c == '\r' || c == '\n' ||
		    c == '\f' || c == '\v') {
			space = k > 0;
			continue;
		}
		if (c < 0x20 || c == 0x7f)
			continue;
		if (space && k + 1 < BV_FMT_DIAG_MAX)
			out[k++] = ' ';
		space = 0;
		out[k++] = (char)c;
	}
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

static void
test_fold(void **state)
{
	static char		 d[BV_FMT_DIAG_MAX + 400];
	struct bv_record	 rec;
	size_t			 r, n, i;
	char			*want;

	(void)state;
	for (r = 0; r < ROUNDS / 10; r++) {
		/* Around the cap too, with control bytes mixed in. */
		n = r % 2 ? rnd() % 300 : BV_FMT_DIAG_MAX - 200 + rnd() % 400;
		gen_text(d, n);
		for (i = 0; i < n / 20; i++)
			d[rnd() % n] = (char)(rnd() % 32);
		memset(&rec, 0, sizeof(rec));
		bv_fmt_set_diag(&rec, d, n);
		want = ref_fold(d, n);
		if (want == NULL)
			assert_null(rec.diagnostic);
		else
			assert_string_equal(rec.diagnostic, want);
		free(want);
		free(rec.diagnostic);
	}
}

/* Which bytes an address may hold, against the rule written plainly: a
 * local part of RFC 5322 atext and dots, a domain of letters, digits, '-',
 * '.' and '_'; UTF-8 bytes in both. */
static void
test_addr_chars(void **state)
{
	const char	*atext = "!#$%&'*+-/=?^_`{|}~.";
	char		 s[32], a[BV_FMT_ADDR_MAX];
	int		 c, local, domain;

	(void)state;
	for (c = 1; c < 256; c++) {
		local = alnum(c) || c >= 0x80 || strchr(atext, c) != NULL;
		domain = alnum(c) || c >= 0x80 || c == '-' || c == '.' ||
		    c == '_';
		snprintf(s, sizeof(s), "a%cb@example.org", c);
		assert_int_equal(bv_fmt_addr(s, 15, a, sizeof(a)) == 15,
		    local);
		snprintf(s, sizeof(s), "ab@ex%cample.org", c);
		assert_int_equal(bv_fmt_addr(s, 15, a, sizeof(a)) == 15,
		    domain);
	}
}

/* bv_fmt_says_transcript, one search for what both claims hold, answers as
 * a search for each claim does, on texts of their pieces. */
static void
test_says_transcript(void **state)
{
	static const char *const bits[] = {
		"ranscript of session follows", "Transcript of session follows",
		"--- Session Transcript ---", "-- Session Transcript ---",
		"--- Session Transcript --", "ranscript", "transcript of",
		"--- Session T", " ---", "of session", "x", " ", "\n", NULL
	};
	char		 t[200];
	size_t		 r, n, k, nb, j;
	int		 want;

	(void)state;
	for (nb = 0; bits[nb] != NULL; nb++)
		;
	for (r = 0; r < ROUNDS; r++) {
		n = rnd() % sizeof(t);
		for (k = 0; k < n; ) {
			const char *b = bits[rnd() % nb];

			for (j = 0; b[j] != '\0' && k < n; j++)
				t[k++] = b[j];
		}
		want = memmem(t, n, "ranscript of session follows", 28) !=
		    NULL || memmem(t, n, "--- Session Transcript ---", 26) !=
		    NULL;
		assert_int_equal(bv_fmt_says_transcript(t, n), want);
	}
}

/* Lines end at LF, CR or CR LF, whatever their length. */
static void
test_lines(void **state)
{
	char		 t[300];
	struct bv_line	 l;
	size_t		 r, n, i, pos, want, e;

	(void)state;
	for (r = 0; r < ROUNDS; r++) {
		n = rnd() % sizeof(t);
		gen_text(t, n);
		for (i = 0; i < n / 16; i++)
			t[rnd() % n] = rnd() % 2 ? '\r' : '\n';
		for (pos = 0, want = 0; want < n || pos < n; ) {
			for (e = want; e < n && t[e] != '\n' && t[e] != '\r';
			    e++)
				;
			assert_int_equal(bv_fmt_line(t, n, &pos, &l), 1);
			assert_ptr_equal(l.s, t + want);
			assert_int_equal(l.len, e - want);
			want = e == n ? n : e + (t[e] == '\r' && e + 1 < n &&
			    t[e + 1] == '\n' ? 2 : 1);
			assert_int_equal(pos, want);
			if (pos >= n)
				break;
		}
		assert_int_equal(bv_fmt_line(t, n, &pos, &l), 0);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_set_find),
		cmocka_unit_test(test_set_mark),
		cmocka_unit_test(test_set_mark_kept),
		cmocka_unit_test(test_phrase_reason),
		cmocka_unit_test(test_set_prefix),
		cmocka_unit_test(test_json_run),
		cmocka_unit_test(test_body_word),
		cmocka_unit_test(test_text_cache),
		cmocka_unit_test(test_find),
		cmocka_unit_test(test_fold),
		cmocka_unit_test(test_addr_chars),
		cmocka_unit_test(test_says_transcript),
		cmocka_unit_test(test_lines),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
