/*
 * test_mailbox.c: the read-only mailbox layer (parser/mailbox.c, mbox.c,
 * maildir.c) on mailboxes built in a temporary directory: mbox splitting
 * with every line end, From_ lines judged, exact offsets, lengths and message
 * numbers (also across the read window and past 4 GiB), the message cap,
 * Maildirs and folders of message files (order, dot-files, subdirectories,
 * links, FIFOs, vanished files), standard input, files that change while
 * they are read, reading a message again, progress and error lines.
 */
#include "config.h"

#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/un.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "parser/mbint.h"

/* 64-bit offsets everywhere, whatever the platform's default. */
_Static_assert(sizeof(off_t) == 8, "off_t must be 64-bit");
_Static_assert(sizeof(((struct bv_msgloc *)0)->offset) == 8, "offset");
_Static_assert(sizeof(((struct bv_msgloc *)0)->length) == 8, "length");

#define GIB		((uint64_t)1 << 30)
#define MAXM		4096
#define FROM1		"From MAILER-DAEMON Mon Nov  2 08:05:00 2026"
#define FROM2		"From bounces@example.org Tue Nov  3 10:00:00 2026"
#define FROM3		"From <> Wed Nov  4 23:59:59 2026"

static char	 tmp[PATH_MAX];		/* this run's directory */

static struct bv_mailbox *open_stdin_from(int, char *, size_t);

/* ---- helpers --------------------------------------------------------------- */

/* TMP/NAME, in one of a few rotating buffers. */
static const char *
tp(const char *fmt, ...)
{
	static char	 b[8][2 * PATH_MAX + 2];
	static int	 i;
	char		 name[PATH_MAX];
	va_list		 ap;

	va_start(ap, fmt);
	vsnprintf(name, sizeof(name), fmt, ap);
	va_end(ap);
	i = (i + 1) % 8;
	snprintf(b[i], sizeof(b[i]), "%s/%s", tmp, name);
	return b[i];
}

static void
put(const char *path, const char *s, size_t n)
{
	int	 fd;

	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	assert_true(fd != -1);
	assert_int_equal(write(fd, s, n), n);
	close(fd);
}

static void
puts_file(const char *path, const char *s)
{
	put(path, s, strlen(s));
}

static void
append(const char *path, const char *s)
{
	int	 fd;

	fd = open(path, O_WRONLY | O_APPEND);
	assert_true(fd != -1);
	assert_int_equal(write(fd, s, strlen(s)), strlen(s));
	close(fd);
}

static void
mkdir_p(const char *path)
{
	assert_true(mkdir(path, 0755) == 0 || errno == EEXIST);
}

/* What a mailbox handed out, message by message. */
struct run {
	size_t			 n;
	int			 rc[MAXM];
	struct bv_msgloc	 loc[MAXM];
	struct buf		 bytes[MAXM];
	char			 err[MAXM][256];
};

static void
run_mailbox(struct bv_mailbox *mb, struct run *r)
{
	struct buf	 b = { NULL, 0, 0 };
	int		 rc;

	memset(r, 0, sizeof(*r));
	while (r->n < MAXM) {
		rc = bv_mailbox_next(mb, &r->loc[r->n], &b, r->err[r->n],
		    sizeof(r->err[0]));
		if (rc == 0)
			break;
		assert_true(rc == 1 || rc == -1);
		assert_non_null(b.s);
		assert_int_equal(b.s[b.len], '\0');
		r->rc[r->n] = rc;
		buf_add(&r->bytes[r->n], b.s, b.len);
		r->n++;
	}
	assert_true(r->n < MAXM);
	buf_free(&b);
}

static void
run_free(struct run *r)
{
	size_t	 i;

	for (i = 0; i < r->n; i++)
		buf_free(&r->bytes[i]);
}

static struct bv_mailbox *
open_ok(const char *path)
{
	struct bv_mailbox	*mb;
	char			 err[512];

	mb = bv_mailbox_open(path, err, sizeof(err));
	if (mb == NULL)
		fail_msg("%s", err);
	return mb;
}

/* Every message read again by its location gives the same bytes. */
static void
check_reread(const struct bv_mailbox *mb, const struct run *r)
{
	struct buf	 b = { NULL, 0, 0 };
	char		 err[256];
	size_t		 i;

	for (i = 0; i < r->n; i++) {
		if (r->rc[i] != 1)
			continue;
		if (bv_msgloc_read(mb, &r->loc[i], &b, err, sizeof(err)) != 0)
			fail_msg("message %zu: %s", i + 1, err);
		assert_int_equal(b.len, r->bytes[i].len);
		assert_memory_equal(b.s, r->bytes[i].s, b.len);
	}
	buf_free(&b);
}

static int
rm_one(const char *path, const struct stat *st, int flag, struct FTW *f)
{
	(void)st;
	(void)flag;
	(void)f;
	return remove(path);
}

static int
setup(void **state)
{
	const char	*t = getenv("TMPDIR");

	(void)state;
	snprintf(tmp, sizeof(tmp), "%s/bv-mailbox.XXXXXX",
	    t != NULL && *t != '\0' ? t : "/tmp");
	if (mkdtemp(tmp) == NULL)
		return -1;
	alarm(300);			/* a blocking open must not hang us */
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	return nftw(tmp, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

/* ---- From_ lines and framing ------------------------------------------------- */

static void
test_fromline(void **state)
{
	static const struct {
		const char	*line;
		int		 yes;
	} t[] = {
		{ FROM1 "\n", 1 },
		{ FROM2 "\r\n", 1 },
		{ FROM3, 1 },				/* at the end of a file */
		{ "From a@example.org Mon, 2 Nov 2026 08:05:00 +0000\n", 1 },
		{ "From - Sat Jan 01 00:00:00 2000\n", 1 },
		{ "From b@example.net Tue Nov 03 10:00:00 +0000 2026\n", 1 },
		{ "From x@example.net Thu Nov  5 8:05 2026\n", 1 },
		{ "From x@example.net Monday November 2 08:05:00 2026\n", 1 },
		{ "From MAILER-DAEMON Mon Nov  2 08:05:00 EST 2026\r", 1 },
		{ "From MAILER-DAEMON Fri Jan 1 00:0:00 2027\n", 1 },
		{ "From () 2026-11-02 05:04:34 +0000\n", 1 },
		{ "From x 2026-11-2 5:04\n", 1 },
		{ "From 2026-11-02 on, the office opens later.\n", 0 },
		{ "From x 2026-1102 05:04:34\n", 0 },
		{ "From x 26-11-02 05:04:34\n", 0 },
		{ "From x Mon Nov 2 08: 2026\n", 0 },
		{ "From x Mon Nov 2 :05 2026\n", 0 },
		{ "From the team at example.org\n", 0 },
		{ "From Jan 2026 on, we open at 9:00.\n", 0 },	/* no weekday */
		{ "From x 2 Nov 2026 08:05:00\n", 0 },		/* no weekday */
		{ "From x Mon Nov 2 2026\n", 0 },		/* no time */
		{ "From x Mon Nov 2 08:05:00\n", 0 },		/* no year */
		{ "From x Mon 2 08:05:00 2026\n", 0 },		/* no month */
		{ "From x Mon Nov 2 08:05:00:01 2026\n", 0 },	/* no time */
		{ "From x Mon Nov 2 123:05 2026\n", 0 },
		{ "From: someone@example.org\n", 0 },
		{ "from x Mon Nov  2 08:05:00 2026\n", 0 },
		{ ">From x Mon Nov  2 08:05:00 2026\n", 0 },
	};
	char	 big[MB_AHEAD + 64];
	size_t	 i;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++)
		if (mb_fromline(t[i].line, strlen(t[i].line)) != t[i].yes)
			fail_msg("mb_fromline(\"%s\") != %d", t[i].line,
			    t[i].yes);
	/* A From_ line runs to at most MB_AHEAD bytes. */
	memset(big, 'a', sizeof(big));
	memcpy(big, FROM1 " ", strlen(FROM1) + 1);
	big[sizeof(big) - 1] = '\n';
	assert_false(mb_fromline(big, sizeof(big)));
}

static void
test_frame(void **state)
{
	static const struct {
		const char	*span;
		int		 trim;
		const char	*msg;
		size_t		 skip;
	} t[] = {
		{ FROM1 "\nA: 1\n\nbody\n\n", 1, "A: 1\n\nbody\n", 44 },
		{ FROM1 "\r\nA: 1\r\n\r\nbody\r\n\r\n", 1, "A: 1\r\n\r\nbody\r\n",
		  45 },
		{ FROM1 "\rA: 1\r\rbody\r\r", 1, "A: 1\r\rbody\r", 44 },
		{ FROM1 "\nA: 1\n\nbody\n", 1, "A: 1\n\nbody\n", 44 },
		{ FROM1 "\nA: 1\n\nbody", 1, "A: 1\n\nbody", 44 },
		{ FROM1 "\nA: 1\n\nbody\n\n\n", 1, "A: 1\n\nbody\n\n", 44 },
		{ FROM1 "\n\n", 1, "", 44 },
		{ FROM1 "\n", 1, "", 44 },
		{ FROM1, 1, "", 43 },
		{ FROM1 "\nA: 1\n\nbody\n\n", 0, "A: 1\n\nbody\n\n", 44 },
		{ "A: 1\n\nbody\n\n", 0, "A: 1\n\nbody\n\n", 0 },
	};
	size_t	 i, skip, n;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		n = mb_frame(t[i].span, strlen(t[i].span), t[i].trim, &skip);
		assert_int_equal(skip, t[i].skip);
		assert_int_equal(n, strlen(t[i].msg));
		assert_memory_equal(t[i].span + skip, t[i].msg, n);
	}
}

/* ---- splitting --------------------------------------------------------------- */

struct split_case {
	const char	*name;
	const char	*span[6];	/* as stored, From_ line to From_ line */
	const char	*want[6];	/* the message as handed out */
};

static const struct split_case splits[] = {
	{ "lf",
	  { FROM1 "\nSubject: one\n\nbody one\n\n",
	    FROM2 "\nSubject: two\n\nbody two\n\n",
	    FROM3 "\nSubject: three\n\nbody three\n" },
	  { "Subject: one\n\nbody one\n", "Subject: two\n\nbody two\n",
	    "Subject: three\n\nbody three\n" } },
	{ "crlf",
	  { FROM1 "\r\nSubject: one\r\n\r\nbody one\r\n\r\n",
	    FROM2 "\r\nSubject: two\r\n\r\nbody two\r\n\r\n",
	    FROM3 "\r\nSubject: three\r\n\r\nbody three\r\n" },
	  { "Subject: one\r\n\r\nbody one\r\n", "Subject: two\r\n\r\nbody two\r\n",
	    "Subject: three\r\n\r\nbody three\r\n" } },
	{ "cr",
	  { FROM1 "\rSubject: one\r\rbody one\r\r",
	    FROM2 "\rSubject: two\r\rbody two\r\r",
	    FROM3 "\rSubject: three\r\rbody three\r" },
	  { "Subject: one\r\rbody one\r", "Subject: two\r\rbody two\r",
	    "Subject: three\r\rbody three\r" } },
	{ "mixed line ends",
	  { FROM1 "\r\nSubject: one\r\n\r\nx\r\n\r\n",
	    FROM2 "\nSubject: two\n\ny\n\n",
	    FROM3 "\rSubject: three\r\rz\r" },
	  { "Subject: one\r\n\r\nx\r\n", "Subject: two\n\ny\n",
	    "Subject: three\r\rz\r" } },
	{ "no final newline",
	  { FROM1 "\nSubject: a\n\nfirst\n\n",
	    FROM2 "\nSubject: b\n\nno newline at the end" },
	  { "Subject: a\n\nfirst\n", "Subject: b\n\nno newline at the end" } },
	{ "From_ in a body without a blank line before it",
	  { FROM1 "\nSubject: a\n\nquoted below:\n" FROM2 "\nstill a\n\n",
	    FROM3 "\nSubject: b\n\nb\n" },
	  { "Subject: a\n\nquoted below:\n" FROM2 "\nstill a\n",
	    "Subject: b\n\nb\n" } },
	{ "From_ right after the envelope line",
	  { FROM1 "\n" FROM2 "\nSubject: a\n\na\n" },
	  { FROM2 "\nSubject: a\n\na\n" } },
	{ "prose after a blank line",
	  { FROM1 "\nSubject: a\n\nhello\n\nFrom the team at example.org\n"
	    "\nFrom Jan 2026 on, we open at 9:00.\n\n",
	    FROM2 "\nSubject: b\n\nb\n" },
	  { "Subject: a\n\nhello\n\nFrom the team at example.org\n"
	    "\nFrom Jan 2026 on, we open at 9:00.\n", "Subject: b\n\nb\n" } },
	{ ">From quoting kept",
	  { FROM1 "\nSubject: a\n\n>" FROM2 "\n\n>>" FROM3 "\n\n",
	    FROM2 "\nSubject: b\n\nb\n" },
	  { "Subject: a\n\n>" FROM2 "\n\n>>" FROM3 "\n",
	    "Subject: b\n\nb\n" } },
	{ "date forms",
	  { "From a@example.org Mon, 2 Nov 2026 08:05:00 +0000\nA: 1\n\n",
	    "From - Sat Jan 01 00:00:00 2000\nA: 2\n\n",
	    "From b@example.net Tue Nov 03 10:00:00 +0000 2026\nA: 3\n\n",
	    "From <> Thu Nov  5 8:05 2026\nA: 4\n" },
	  { "A: 1\n", "A: 2\n", "A: 3\n", "A: 4\n" } },
	{ "empty messages",
	  { FROM1 "\n\n", FROM2 "\n\n", FROM3 "\n" },
	  { "", "", "" } },
	{ "only the separator is dropped",
	  { FROM1 "\nSubject: a\n\nx\n\n\n", FROM2 "\nSubject: b\n\n\n" },
	  { "Subject: a\n\nx\n\n", "Subject: b\n\n" } },
	{ "an envelope line and nothing else",
	  { FROM1 },
	  { "" } },
};

static void
check_split(const struct split_case *c)
{
	struct bv_mailbox	*mb;
	struct run		*r = malloc(sizeof(*r));
	struct buf		 file = { NULL, 0, 0 };
	uint64_t		 off = 0, done, total;
	size_t			 i, n;

	assert_non_null(r);
	for (n = 0; n < 6 && c->span[n] != NULL; n++)
		buf_adds(&file, c->span[n]);
	put(tp("split.mbox"), file.s, file.len);
	mb = open_ok(tp("split.mbox"));
	assert_int_equal(bv_mailbox_kind(mb), BV_MB_MBOX);
	run_mailbox(mb, r);
	if (r->n != n)
		fail_msg("%s: %zu messages, not %zu", c->name, r->n, n);
	for (i = 0; i < n; i++) {
		assert_int_equal(r->rc[i], 1);
		assert_string_equal(r->loc[i].path, tp("split.mbox"));
		assert_int_equal(r->loc[i].msgno, i + 1);
		assert_int_equal(r->loc[i].offset, off);
		assert_int_equal(r->loc[i].length, strlen(c->span[i]));
		if (r->bytes[i].len != strlen(c->want[i]) ||
		    memcmp(r->bytes[i].s, c->want[i], r->bytes[i].len) != 0)
			fail_msg("%s: message %zu is \"%s\"", c->name, i + 1,
			    r->bytes[i].s);
		off += strlen(c->span[i]);
	}
	check_reread(mb, r);
	bv_mailbox_progress(mb, &done, &total);
	assert_int_equal(done, file.len);
	assert_int_equal(total, file.len);
	bv_mailbox_free(mb);
	run_free(r);
	free(r);
	buf_free(&file);
}

static void
test_split(void **state)
{
	size_t	 i;

	for (i = 0; i < sizeof(splits) / sizeof(splits[0]); i++)
		check_split(&splits[i]);
}

static void
test_empty_file(void **state)
{
	struct bv_mailbox	*mb;
	struct bv_msgloc	 loc;
	struct buf		 b = { NULL, 0, 0 };
	uint64_t		 done = 1, total = 1;
	char			 err[256];

	put(tp("empty"), "", 0);
	mb = open_ok(tp("empty"));
	assert_int_equal(bv_mailbox_kind(mb), BV_MB_MBOX);
	err[0] = 'x';
	assert_int_equal(bv_mailbox_next(mb, &loc, &b, err, sizeof(err)), 0);
	assert_int_equal(err[0], '\0');
	assert_int_equal(bv_mailbox_next(mb, &loc, &b, err, sizeof(err)), 0);
	bv_mailbox_progress(mb, &done, &total);
	assert_int_equal(done, 0);
	assert_int_equal(total, 0);
	bv_mailbox_free(mb);
	buf_free(&b);
}

static void
test_message_file(void **state)
{
	static const char	 msg[] = "Return-Path: <>\r\nSubject: x\r\n\r\n"
	    "From here on a body\r\n\r\n" FROM1 "\r\n";
	struct bv_mailbox	*mb;
	struct run		*r = malloc(sizeof(*r));

	assert_non_null(r);
	puts_file(tp("one.eml"), msg);
	mb = open_ok(tp("one.eml"));
	assert_int_equal(bv_mailbox_kind(mb), BV_MB_MSGFILE);
	assert_string_equal(bv_mailbox_name(mb), tp("one.eml"));
	run_mailbox(mb, r);
	assert_int_equal(r->n, 1);		/* never split */
	assert_int_equal(r->rc[0], 1);
	assert_int_equal(r->loc[0].offset, 0);
	assert_int_equal(r->loc[0].length, strlen(msg));
	assert_int_equal(r->bytes[0].len, strlen(msg));
	assert_memory_equal(r->bytes[0].s, msg, strlen(msg));
	check_reread(mb, r);
	bv_mailbox_free(mb);
	run_free(r);
	free(r);
}

/* A message body of N bytes: lines of text, some "From " lines that must
 * not split (no blank line before, or no date), line ends per EOL. */
static void
gen_body(struct buf *b, size_t n, const char *eol, unsigned *seed)
{
	static const char *const lines[] = {
		"Final-Recipient: rfc822; someone@example.org",
		"From someone Mon Nov  2 08:05:00 2026 (quoted, no blank)",
		"Status: 5.1.1",
		"",
		"From the desk of the postmaster",
		"Diagnostic-Code: smtp; 550 5.1.1 user unknown",
		"FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF",
	};
	size_t	 start = b->len, k;

	buf_adds(b, "Subject: generated");
	buf_adds(b, eol);
	buf_adds(b, eol);
	while (b->len - start < n) {
		*seed = *seed * 1103515245 + 12345;
		k = (*seed >> 16) % (sizeof(lines) / sizeof(lines[0]));
		/* a blank line is never followed by an envelope line */
		if (k == 1 && b->len - start > 2 * strlen(eol) &&
		    memcmp(b->s + b->len - 2 * strlen(eol), eol,
		    strlen(eol)) == 0)
			k = 0;
		buf_adds(b, lines[k]);
		buf_adds(b, eol);
	}
	buf_adds(b, "end");
	buf_adds(b, eol);
}

/* Many messages of random sizes and line ends: every boundary found at the
 * right offset, across many refills of the read window. */
static void
test_split_generated(void **state)
{
	static const char *const eols[] = { "\n", "\r\n", "\r" };
	struct buf		 file = { NULL, 0, 0 };
	struct buf		*want;
	uint64_t		*offs, *lens;
	struct bv_mailbox	*mb;
	struct run		*r = malloc(sizeof(*r));
	unsigned		 seed = 7;
	size_t			 i, n = 1500, size, start, body;
	const char		*eol;

	assert_non_null(r);
	want = calloc(n, sizeof(*want));
	offs = calloc(n, sizeof(*offs));
	lens = calloc(n, sizeof(*lens));
	assert_true(want != NULL && offs != NULL && lens != NULL);
	for (i = 0; i < n; i++) {
		seed = seed * 1103515245 + 12345;
		eol = eols[(seed >> 16) % 3];
		size = (seed >> 8) % 7 == 0 ? 40000 + (seed >> 4) % 60000 :
		    (seed >> 12) % 5000;
		start = file.len;
		buf_adds(&file, i % 2 ? FROM1 : FROM2);
		buf_adds(&file, eol);
		body = file.len;
		gen_body(&file, size, eol, &seed);
		buf_add(&want[i], file.s + body, file.len - body);
		if (i + 1 < n)
			buf_adds(&file, eol);		/* separator */
		offs[i] = start;
		lens[i] = file.len - start;
	}
	assert_true(file.len > 3 * MB_WIN);
	put(tp("gen.mbox"), file.s, file.len);
	mb = open_ok(tp("gen.mbox"));
	run_mailbox(mb, r);
	assert_int_equal(r->n, n);
	for (i = 0; i < n; i++) {
		assert_int_equal(r->rc[i], 1);
		assert_int_equal(r->loc[i].msgno, i + 1);
		assert_int_equal(r->loc[i].offset, offs[i]);
		assert_int_equal(r->loc[i].length, lens[i]);
		assert_int_equal(r->bytes[i].len, want[i].len);
		assert_memory_equal(r->bytes[i].s, want[i].s, want[i].len);
	}
	check_reread(mb, r);
	bv_mailbox_free(mb);
	for (i = 0; i < n; i++)
		buf_free(&want[i]);
	free(want);
	free(offs);
	free(lens);
	run_free(r);
	free(r);
	buf_free(&file);
}

/* The second message begins right around the places where the scanner
 * stops to read more: the end of the lookahead and of the window. */
static void
test_split_window_edges(void **state)
{
	static const size_t	 at[] = { MB_WIN - MB_AHEAD, MB_WIN,
	    MB_WIN - MB_BACK, 2 * MB_WIN - 2 * MB_AHEAD };
	static const char	 head[] = FROM1 "\nSubject: pad\n\n";
	static const char	 two[] = FROM2 "\r\nSubject: two\r\n\r\nbody\r\n";
	struct buf		 file = { NULL, 0, 0 };
	struct bv_mailbox	*mb;
	struct run		*r = malloc(sizeof(*r));
	size_t			 i, pos, k;
	int			 d;

	assert_non_null(r);
	for (i = 0; i < sizeof(at) / sizeof(at[0]); i++) {
		for (d = -7; d <= 7; d++) {
			pos = (size_t)((long)at[i] + d);
			buf_reset(&file);
			buf_adds(&file, head);
			while (file.len < pos - 2)
				buf_addc(&file, (file.len % 71) == 70 ? '\n' :
				    'x');
			file.s[file.len - 1] = 'x';
			buf_adds(&file, "\n\n");
			assert_int_equal(file.len, pos);
			buf_adds(&file, two);
			put(tp("edge.mbox"), file.s, file.len);
			mb = open_ok(tp("edge.mbox"));
			run_mailbox(mb, r);
			if (r->n != 2)
				fail_msg("From_ at %zu: %zu messages", pos,
				    r->n);
			assert_int_equal(r->loc[0].length, pos);
			assert_int_equal(r->loc[1].offset, pos);
			assert_int_equal(r->loc[1].length, strlen(two));
			k = strlen(FROM2) + 2;
			assert_int_equal(r->bytes[1].len, strlen(two) - k);
			assert_memory_equal(r->bytes[1].s, two + k,
			    strlen(two) - k);
			assert_int_equal(r->bytes[0].len,
			    pos - 1 - strlen(FROM1) - 1);
			bv_mailbox_free(mb);
			run_free(r);
		}
	}
	free(r);
	buf_free(&file);
}

/* Can this directory hold a sparse file of SIZE bytes? */
static int
sparse_ok(const char *path, uint64_t size)
{
	struct stat	 st;
	int		 fd, ok;

	if ((fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644)) == -1)
		return 0;
	ok = ftruncate(fd, (off_t)size) == 0 && fstat(fd, &st) == 0 &&
	    st.st_blocks < 1024;
	close(fd);
	unlink(path);
	return ok;
}

/* The mbox: a small message, one of PADDING bytes (a hole of zeros), then
 * two small ones; *OFF gets where the third begins. */
static void
put_holed(const char *path, uint64_t padding, uint64_t *off)
{
	static const char	 one[] = FROM1 "\nSubject: one\n\nfirst\n\n";
	static const char	 two[] = FROM2 "\nSubject: hole\n\n";
	static const char	 rest[] = "\n\n" FROM3 "\nSubject: three\n\nthird\n"
	    "\n" FROM1 "\nSubject: four\n\nfourth\n";
	int			 fd;

	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	assert_true(fd != -1);
	assert_int_equal(write(fd, one, strlen(one)), strlen(one));
	assert_int_equal(write(fd, two, strlen(two)), strlen(two));
	*off = strlen(one) + strlen(two) + padding;
	assert_int_equal(pwrite(fd, rest, strlen(rest), (off_t)*off),
	    strlen(rest));
	*off += 2;
	close(fd);
}

static void
check_holed(const char *path, uint64_t off3)
{
	struct bv_mailbox	*mb;
	struct run		*r = malloc(sizeof(*r));
	char			 want[64];

	assert_non_null(r);
	mb = open_ok(path);
	run_mailbox(mb, r);
	assert_int_equal(r->n, 4);
	assert_int_equal(r->rc[0], 1);
	assert_int_equal(r->rc[1], -1);
	snprintf(want, sizeof(want), "larger than %d MiB",
	    (int)(BV_MSG_CAP >> 20));
	if (strncmp(r->err[1], want, strlen(want)) != 0)
		fail_msg("error \"%s\"", r->err[1]);
	assert_int_equal(r->bytes[1].len, 0);
	assert_int_equal(r->loc[1].msgno, 2);
	assert_int_equal(r->loc[1].offset, r->loc[0].length);
	assert_int_equal(r->loc[1].offset + r->loc[1].length, off3);
	assert_int_equal(r->rc[2], 1);
	assert_int_equal(r->loc[2].msgno, 3);
	assert_int_equal(r->loc[2].offset, off3);
	assert_string_equal(r->bytes[2].s, "Subject: three\n\nthird\n");
	assert_int_equal(r->rc[3], 1);
	assert_string_equal(r->bytes[3].s, "Subject: four\n\nfourth\n");
	check_reread(mb, r);
	bv_mailbox_free(mb);
	run_free(r);
	free(r);
}

/* A message over the cap is an error for that message only. */
static void
test_message_cap(void **state)
{
	uint64_t	 off;

	if (!sparse_ok(tp("probe"), BV_MSG_CAP * 2))
		skip();
	put_holed(tp("cap.mbox"), BV_MSG_CAP + 1, &off);
	check_holed(tp("cap.mbox"), off);
}

/* Offsets past 4 GiB come out exact: an mbox written after a 4 GiB hole,
 * read from standard input standing there (so the hole is not read; the
 * whole-file case is in hostile-big.sh). */
static void
test_past_4g(void **state)
{
	const struct split_case	*c = &splits[0];
	struct bv_mailbox	*mb;
	struct run		*r = malloc(sizeof(*r));
	struct buf		 b = { NULL, 0, 0 };
	uint64_t		 at = 4 * GIB + 12345, off, done, total;
	char			 err[256];
	size_t			 i;
	int			 fd;

	assert_non_null(r);
	if (!sparse_ok(tp("probe"), 5 * GIB))
		skip();
	for (i = 0; c->span[i] != NULL; i++)
		buf_adds(&b, c->span[i]);
	fd = open(tp("4g.mbox"), O_RDWR | O_CREAT | O_TRUNC, 0644);
	assert_true(fd != -1);
	assert_int_equal(pwrite(fd, b.s, b.len, (off_t)at), b.len);
	assert_int_equal(lseek(fd, (off_t)at, SEEK_SET), (off_t)at);
	mb = open_stdin_from(fd, err, sizeof(err));
	assert_non_null(mb);
	run_mailbox(mb, r);
	assert_int_equal(r->n, 3);
	for (i = 0, off = at; i < 3; off += strlen(c->span[i]), i++) {
		assert_true(r->loc[i].offset > UINT32_MAX);
		assert_int_equal(r->loc[i].offset, off);
		assert_int_equal(r->loc[i].length, strlen(c->span[i]));
		assert_string_equal(r->bytes[i].s, c->want[i]);
	}
	check_reread(mb, r);
	bv_mailbox_progress(mb, &done, &total);
	assert_int_equal(done, b.len);
	assert_int_equal(total, b.len);
	bv_mailbox_free(mb);
	unlink(tp("4g.mbox"));
	run_free(r);
	free(r);
	buf_free(&b);
}

/* A message file over the cap is not read at all. */
static void
test_message_file_cap(void **state)
{
	struct bv_mailbox	*mb;
	struct run		*r = malloc(sizeof(*r));
	int			 fd;

	assert_non_null(r);
	if (!sparse_ok(tp("probe"), 2 * BV_MSG_CAP))
		skip();
	fd = open(tp("big.eml"), O_WRONLY | O_CREAT | O_TRUNC, 0644);
	assert_true(fd != -1);
	assert_int_equal(write(fd, "Subject: big\n\n", 14), 14);
	assert_int_equal(ftruncate(fd, (off_t)(2 * BV_MSG_CAP)), 0);
	close(fd);
	mb = open_ok(tp("big.eml"));
	assert_int_equal(bv_mailbox_kind(mb), BV_MB_MSGFILE);
	run_mailbox(mb, r);
	assert_int_equal(r->n, 1);
	assert_int_equal(r->rc[0], -1);
	assert_int_equal(r->loc[0].length, 2 * BV_MSG_CAP);
	assert_non_null(strstr(r->err[0], "larger than"));
	bv_mailbox_free(mb);
	run_free(r);
	free(r);
}

/* ---- files that change ------------------------------------------------------ */

/* An mbox of N small messages, several windows long. */
static void
put_many(const char *path, size_t n, size_t *size)
{
	struct buf	 b = { NULL, 0, 0 };
	size_t		 i;

	for (i = 0; i < n; i++) {
		buf_printf(&b, "%s\nSubject: message %zu\n\n", FROM1, i + 1);
		while (b.len % 1000 != 999)
			buf_addc(&b, (b.len % 64) == 63 ? '\n' : 'y');
		buf_adds(&b, "\n\n");
	}
	put(path, b.s, b.len);
	*size = b.len;
	buf_free(&b);
}

static void
test_grows_while_read(void **state)
{
	struct bv_mailbox	*mb;
	struct run		*r = malloc(sizeof(*r));
	struct buf		 b = { NULL, 0, 0 };
	struct bv_msgloc	 loc;
	char			 err[256];
	size_t			 size;

	assert_non_null(r);
	put_many(tp("grow.mbox"), 3000, &size);
	mb = open_ok(tp("grow.mbox"));
	assert_int_equal(bv_mailbox_next(mb, &loc, &b, err, sizeof(err)), 1);
	append(tp("grow.mbox"), FROM2 "\nSubject: late\n\nappended\n");
	run_mailbox(mb, r);
	assert_int_equal(r->n, 3000);		/* 2999 and the new one */
	assert_int_equal(r->loc[r->n - 1].offset, size);
	assert_string_equal(r->bytes[r->n - 1].s,
	    "Subject: late\n\nappended\n");
	bv_mailbox_free(mb);
	run_free(r);
	free(r);
	buf_free(&b);
}

static void
test_shrinks_while_read(void **state)
{
	struct bv_mailbox	*mb;
	struct run		*r = malloc(sizeof(*r));
	struct buf		 b = { NULL, 0, 0 };
	struct bv_msgloc	 loc;
	char			 err[256], want[64];
	size_t			 size, i, cut;

	assert_non_null(r);
	put_many(tp("shrink.mbox"), 3000, &size);
	mb = open_ok(tp("shrink.mbox"));
	assert_int_equal(bv_mailbox_next(mb, &loc, &b, err, sizeof(err)), 1);
	cut = size / 2 + 500;			/* inside a message */
	assert_int_equal(truncate(tp("shrink.mbox"), (off_t)cut), 0);
	run_mailbox(mb, r);
	assert_true(r->n < 3000 - 1);
	for (i = 0; i < r->n; i++) {
		assert_int_equal(r->loc[i].msgno, i + 2);
		assert_true(r->loc[i].offset + r->loc[i].length <= size);
		if (r->loc[i].offset + r->loc[i].length > cut - 1000)
			continue;		/* cut short, or read before */
		assert_int_equal(r->rc[i], 1);
		snprintf(want, sizeof(want), "Subject: message %zu\n",
		    i + 2);
		assert_memory_equal(r->bytes[i].s, want, strlen(want));
	}
	/* The last message that was read ends where the file now ends. */
	assert_int_equal(r->loc[r->n - 1].offset + r->loc[r->n - 1].length,
	    cut);
	bv_mailbox_free(mb);
	run_free(r);
	free(r);
	buf_free(&b);
}

/* Reading a message again after the file changed says so. */
static void
test_reread_changed(void **state)
{
	struct bv_mailbox	*mb;
	struct run		*r = malloc(sizeof(*r));
	struct buf		 b = { NULL, 0, 0 };
	char			 err[256];
	const struct split_case	*c = &splits[0];
	size_t			 n;

	assert_non_null(r);
	check_split(c);				/* writes split.mbox */
	mb = open_ok(tp("split.mbox"));
	run_mailbox(mb, r);
	assert_int_equal(r->n, 3);
	n = strlen(c->span[0]) + strlen(c->span[1]) + 10;
	assert_int_equal(truncate(tp("split.mbox"), (off_t)n), 0);
	assert_int_equal(bv_msgloc_read(mb, &r->loc[2], &b, err, sizeof(err)),
	    -1);
	assert_string_equal(err,
	    "the file changed since it was read: it is shorter now");
	assert_int_equal(b.len, 0);
	puts_file(tp("split.mbox"), "Subject: no longer an mbox\n\n"
	    "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\n"
	    "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\n"
	    "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\n");
	assert_true(r->loc[1].offset + r->loc[1].length < 3 * 64);
	assert_int_equal(bv_msgloc_read(mb, &r->loc[1], &b, err, sizeof(err)),
	    -1);
	assert_string_equal(err, "the mailbox changed since it was read");
	unlink(tp("split.mbox"));
	assert_int_equal(bv_msgloc_read(mb, &r->loc[0], &b, err, sizeof(err)),
	    -1);
	assert_string_equal(err, "cannot open: No such file or directory");
	bv_mailbox_free(mb);
	run_free(r);
	free(r);
	buf_free(&b);
}

/* A worker reads every message into one buffer: a small message after a
 * small one reuses it, and a small one after a message of several MiB gives
 * the memory back instead of keeping the largest buffer for good. */
static void
test_reread_buffer_reuse(void **state)
{
	struct bv_mailbox	*mb;
	struct run		*r = malloc(sizeof(*r));
	struct buf		 b = { NULL, 0, 0 };
	struct buf		 big = { NULL, 0, 0 };
	char			 err[256], line[80];
	const char		*small;
	size_t			 i, cap;

	(void)state;
	assert_non_null(r);
	buf_adds(&big, FROM1 "\nSubject: large\n\n");
	memset(line, 'x', sizeof(line) - 1);
	line[sizeof(line) - 2] = '\n';
	line[sizeof(line) - 1] = '\0';
	for (i = 0; i < (3u << 20) / (sizeof(line) - 1); i++)
		buf_adds(&big, line);
	small = "\n" FROM2 "\nSubject: one\n\nbody\n\n"
	    FROM3 "\nSubject: two\n\nbody\n";
	buf_adds(&big, small);
	put(tp("reuse.mbox"), big.s, big.len);
	mb = open_ok(tp("reuse.mbox"));
	run_mailbox(mb, r);
	assert_int_equal(r->n, 3);

	assert_int_equal(bv_msgloc_read(mb, &r->loc[1], &b, err,
	    sizeof(err)), 0);
	cap = b.cap;
	assert_int_equal(bv_msgloc_read(mb, &r->loc[2], &b, err,
	    sizeof(err)), 0);
	assert_int_equal(b.cap, cap);		/* reused, not reallocated */
	assert_memory_equal(b.s, r->bytes[2].s, r->bytes[2].len);

	assert_int_equal(bv_msgloc_read(mb, &r->loc[0], &b, err,
	    sizeof(err)), 0);
	assert_true(b.cap > (3u << 20));
	assert_int_equal(b.len, r->bytes[0].len);
	assert_int_equal(bv_msgloc_read(mb, &r->loc[1], &b, err,
	    sizeof(err)), 0);
	assert_true(b.cap < (1u << 20));	/* the large buffer is gone */
	assert_int_equal(b.len, r->bytes[1].len);
	assert_memory_equal(b.s, r->bytes[1].s, b.len);
	assert_int_equal(b.s[b.len], '\0');

	bv_mailbox_free(mb);
	run_free(r);
	free(r);
	buf_free(&b);
	buf_free(&big);
}

/* ---- Maildir ---------------------------------------------------------------- */

static void
make_maildir(void)
{
	mkdir_p(tp("md"));
	mkdir_p(tp("md/cur"));
	mkdir_p(tp("md/new"));
	mkdir_p(tp("md/tmp"));
	mkdir_p(tp("md/cur/sub"));
	mkdir_p(tp("md/.Sent"));
	mkdir_p(tp("md/.Sent/cur"));
	puts_file(tp("outside.eml"), "Subject: outside\n\nnot in it\n");
	puts_file(tp("md/cur/1700000010.M5P1.host:2,S"), "Subject: c10\n\n1\n");
	puts_file(tp("md/cur/999999999.M1P1.host:2,S"), "Subject: old\n\n2\n");
	puts_file(tp("md/new/1700000002.M1P1.host"),
	    FROM1 "\r\nSubject: n2\r\n\r\n3\r\n");
	puts_file(tp("md/new/1700000009.M10P1.host"), "Subject: m10\n\n4\n");
	puts_file(tp("md/new/1700000009.M9P1.host"), "Subject: m9\n\n5\n");
	puts_file(tp("md/cur/1700000011.M1P1.host:2,"), "");
	puts_file(tp("md/cur/.1700000001.hidden"), "Subject: dot\n\nx\n");
	puts_file(tp("md/cur/sub/1700000001.x"), "Subject: sub\n\nx\n");
	puts_file(tp("md/tmp/1700000001.M1P1.host"), "Subject: tmp\n\nx\n");
	puts_file(tp("md/.Sent/cur/1700000001.M1P1.host"), "Subject: s\n\nx\n");
	assert_int_equal(symlink("../../outside.eml",
	    tp("md/cur/1700000003.M1P1.link:2,S")), 0);
	assert_int_equal(symlink("nowhere", tp("md/new/1700000004.dangling")),
	    0);
	assert_int_equal(symlink("../..", tp("md/new/1700000005.dirlink")), 0);
	assert_int_equal(mkfifo(tp("md/new/1700000006.M1P1.fifo"), 0644), 0);
	assert_int_equal(mkfifo(tp("md/cur/1700000007.M1P1.fifo:2,S"), 0644),
	    0);
}

static void
test_maildir(void **state)
{
	static const struct {
		const char	*path;
		const char	*bytes;
		size_t		 length;
	} want[] = {		/* length: beyond the bytes handed out */
		{ "md/cur/999999999.M1P1.host:2,S", "Subject: old\n\n2\n", 0 },
		{ "md/new/1700000002.M1P1.host", "Subject: n2\r\n\r\n3\r\n",
		  sizeof(FROM1) - 1 + 2 },
		{ "md/new/1700000009.M9P1.host", "Subject: m9\n\n5\n", 0 },
		{ "md/new/1700000009.M10P1.host", "Subject: m10\n\n4\n", 0 },
		{ "md/cur/1700000010.M5P1.host:2,S", "Subject: c10\n\n1\n", 0 },
		{ "md/cur/1700000011.M1P1.host:2,", "", 0 },
	};
	struct bv_mailbox	*mb;
	struct run		*r = malloc(sizeof(*r));
	uint64_t		 done, total, sum = 0;
	size_t			 i;

	assert_non_null(r);
	make_maildir();
	mb = open_ok(tp("md"));
	assert_int_equal(bv_mailbox_kind(mb), BV_MB_MAILDIR);
	run_mailbox(mb, r);
	assert_int_equal(r->n, sizeof(want) / sizeof(want[0]));
	for (i = 0; i < r->n; i++) {
		assert_int_equal(r->rc[i], 1);
		assert_string_equal(r->loc[i].path, tp("%s", want[i].path));
		assert_int_equal(r->loc[i].msgno, i + 1);
		assert_int_equal(r->loc[i].offset, 0);
		assert_int_equal(r->loc[i].length,
		    strlen(want[i].bytes) + want[i].length);
		assert_string_equal(r->bytes[i].s, want[i].bytes);
		sum += r->loc[i].length;
	}
	check_reread(mb, r);
	bv_mailbox_progress(mb, &done, &total);
	assert_int_equal(done, sum);
	assert_int_equal(total, sum);
	bv_mailbox_free(mb);
	run_free(r);
	/* A trailing slash changes nothing but the way it is written. */
	mb = open_ok(tp("md/"));
	run_mailbox(mb, r);
	assert_int_equal(r->n, sizeof(want) / sizeof(want[0]));
	assert_string_equal(r->loc[0].path, tp("%s", want[0].path));
	bv_mailbox_free(mb);
	run_free(r);
	free(r);
}

/* Files that vanish, or turn into links or FIFOs, between the listing and
 * the reading: an error for a vanished one, the others passed over, and
 * nothing blocks. */
static void
test_maildir_changes(void **state)
{
	struct bv_mailbox	*mb;
	struct run		*r = malloc(sizeof(*r));

	assert_non_null(r);
	mkdir_p(tp("md2"));
	mkdir_p(tp("md2/cur"));
	mkdir_p(tp("md2/new"));
	puts_file(tp("md2/cur/1.a"), "Subject: 1\n\n");
	puts_file(tp("md2/cur/2.vanishes"), "Subject: 2\n\n");
	puts_file(tp("md2/cur/3.fifo"), "Subject: 3\n\n");
	puts_file(tp("md2/new/4.link"), "Subject: 4\n\n");
	puts_file(tp("md2/new/5.b"), "Subject: 5\n\n");
	puts_file(tp("target.eml"), "Subject: target\n\n");
	mb = open_ok(tp("md2"));
	assert_int_equal(unlink(tp("md2/cur/2.vanishes")), 0);
	assert_int_equal(unlink(tp("md2/cur/3.fifo")), 0);
	assert_int_equal(mkfifo(tp("md2/cur/3.fifo"), 0644), 0);
	assert_int_equal(unlink(tp("md2/new/4.link")), 0);
	assert_int_equal(symlink("../../target.eml", tp("md2/new/4.link")), 0);
	run_mailbox(mb, r);
	assert_int_equal(r->n, 3);
	assert_int_equal(r->rc[0], 1);
	assert_string_equal(r->bytes[0].s, "Subject: 1\n\n");
	assert_int_equal(r->rc[1], -1);
	assert_string_equal(r->loc[1].path, tp("md2/cur/2.vanishes"));
	assert_int_equal(r->loc[1].msgno, 2);
	assert_string_equal(r->err[1], "cannot open: No such file or directory");
	assert_int_equal(r->rc[2], 1);
	assert_int_equal(r->loc[2].msgno, 3);
	assert_string_equal(r->bytes[2].s, "Subject: 5\n\n");
	bv_mailbox_free(mb);
	run_free(r);
	free(r);
}

static void
test_maildir_empty(void **state)
{
	struct bv_mailbox	*mb;
	struct run		*r = malloc(sizeof(*r));

	assert_non_null(r);
	mkdir_p(tp("md3"));
	mkdir_p(tp("md3/cur"));
	mkdir_p(tp("md3/new"));
	mb = open_ok(tp("md3"));
	assert_int_equal(bv_mailbox_kind(mb), BV_MB_MAILDIR);
	run_mailbox(mb, r);
	assert_int_equal(r->n, 0);
	bv_mailbox_free(mb);
	free(r);
}

/* ---- folders of message files ---------------------------------------------- */

static void
test_msgdir(void **state)
{
	static const char	 inbox[] = FROM1 "\nSubject: in1\n\na\n\n"
	    FROM2 "\nSubject: in2\n\nb\n";
	struct bv_mailbox	*mb;
	struct run		*r = malloc(sizeof(*r));

	assert_non_null(r);
	mkdir_p(tp("msgs"));
	mkdir_p(tp("msgs/sub"));
	puts_file(tp("msgs/10.eml"), "Subject: ten\n\n");
	puts_file(tp("msgs/2.eml"), "Subject: two\n\n");
	puts_file(tp("msgs/1.eml"), "Subject: one\n\n");
	puts_file(tp("msgs/.1.eml"), "Subject: dot\n\n");
	puts_file(tp("msgs/sub/0.eml"), "Subject: sub\n\n");
	puts_file(tp("msgs/inbox"), inbox);
	assert_int_equal(symlink("1.eml", tp("msgs/0.link")), 0);
	assert_int_equal(mkfifo(tp("msgs/0.fifo"), 0644), 0);
	mb = open_ok(tp("msgs"));
	assert_int_equal(bv_mailbox_kind(mb), BV_MB_MSGDIR);
	run_mailbox(mb, r);
	assert_int_equal(r->n, 5);
	assert_string_equal(r->loc[0].path, tp("msgs/1.eml"));
	assert_string_equal(r->bytes[0].s, "Subject: one\n\n");
	assert_string_equal(r->loc[1].path, tp("msgs/2.eml"));
	assert_string_equal(r->loc[2].path, tp("msgs/10.eml"));
	assert_int_equal(r->loc[2].length, 14);
	/* an mbox in the folder is split */
	assert_string_equal(r->loc[3].path, tp("msgs/inbox"));
	assert_int_equal(r->loc[3].offset, 0);
	assert_int_equal(r->loc[3].msgno, 4);
	assert_string_equal(r->bytes[3].s, "Subject: in1\n\na\n");
	assert_string_equal(r->loc[4].path, tp("msgs/inbox"));
	assert_int_equal(r->loc[4].offset, r->loc[3].length);
	assert_int_equal(r->loc[4].offset + r->loc[4].length, strlen(inbox));
	assert_int_equal(r->loc[4].msgno, 5);
	assert_string_equal(r->bytes[4].s, "Subject: in2\n\nb\n");
	check_reread(mb, r);
	bv_mailbox_free(mb);
	run_free(r);
	free(r);
}

static void
test_namecmp(void **state)
{
	static const char *const order[] = {
		"", "0", "1", "01", "2", "9.x", "10.x", "999999999.M1",
		"1700000009.M9P1", "1700000009.M10P1", "1700000010", "a",
		"a2", "a10", "b",
	};
	size_t	 i, j;
	int	 c;

	for (i = 0; i < sizeof(order) / sizeof(order[0]); i++)
		for (j = 0; j < sizeof(order) / sizeof(order[0]); j++) {
			c = mb_namecmp(order[i], order[j]);
			if (strcmp(order[i], "1") == 0 &&
			    strcmp(order[j], "01") == 0)
				assert_int_equal(c, 0);
			else if (strcmp(order[i], "01") == 0 &&
			    strcmp(order[j], "1") == 0)
				assert_int_equal(c, 0);
			else if ((i < j && c >= 0) || (i > j && c <= 0) ||
			    (i == j && c != 0))
				fail_msg("mb_namecmp(%s, %s) = %d", order[i],
				    order[j], c);
		}
}

/* A listing is sorted by the number names begin with where that decides
 * (a shortcut), else by mb_namecmp: the order must be mb_namecmp's (then
 * the names' bytes) either way, also for numbers too long for the
 * shortcut, leading zeros and names without a number. */
static void
test_list_order(void **state)
{
	static const char *const names[] = {
		"10.a", "9.b", "009.c", "9.a", "0", "00", "1", "01", "1.10",
		"1.9", "18446744073709551616.x", "18446744073709551615.x",
		"99999999999999999999.y", "9999999999999999999.y",
		"1234567890123456789.z", "0001234567890123456789.z",
		"a1", "a01", "b", "1700000009.M10P1", "1700000009.M9P1",
		"1700000010", "999999999.M1",
	};
	struct mbfiles	 f;
	const char	*a, *b;
	char		 err[256];
	size_t		 i;
	int		 c;

	(void)state;
	mkdir_p(tp("order"));
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		puts_file(tp("order/%s", names[i]), "Subject: x\n\n");
	assert_int_equal(mbfiles_list(&f, tp("order"), 0, err, sizeof(err)),
	    0);
	assert_int_equal(f.n, sizeof(names) / sizeof(names[0]));
	for (i = 1; i < f.n; i++) {
		a = strrchr(f.path[i - 1], '/') + 1;
		b = strrchr(f.path[i], '/') + 1;
		c = mb_namecmp(a, b);
		if (c > 0 || (c == 0 && strcmp(a, b) >= 0))
			fail_msg("\"%s\" listed before \"%s\"", a, b);
	}
	mbfiles_free(&f);
}

/* ---- standard input ------------------------------------------------------------ */

/* Open "-" with FD as standard input. */
static struct bv_mailbox *
open_stdin_from(int fd, char *err, size_t errlen)
{
	struct bv_mailbox	*mb;
	int			 saved;

	saved = dup(STDIN_FILENO);
	assert_true(saved != -1);
	assert_true(dup2(fd, STDIN_FILENO) != -1);
	close(fd);
	mb = bv_mailbox_open("-", err, errlen);
	assert_true(dup2(saved, STDIN_FILENO) != -1);
	close(saved);
	return mb;
}

/* A pipe holding S (small enough for the pipe's buffer). */
static int
pipe_with(const char *s)
{
	int	 p[2];

	assert_int_equal(pipe(p), 0);
	assert_int_equal(write(p[1], s, strlen(s)), strlen(s));
	close(p[1]);
	return p[0];
}

static void
test_stdin_pipe(void **state)
{
	const struct split_case	*c = &splits[1];	/* CRLF */
	struct bv_mailbox	*mb;
	struct run		*r = malloc(sizeof(*r));
	struct buf		 file = { NULL, 0, 0 };
	char			 err[256];
	size_t			 i;

	assert_non_null(r);
	for (i = 0; c->span[i] != NULL; i++)
		buf_adds(&file, c->span[i]);
	mb = open_stdin_from(pipe_with(file.s), err, sizeof(err));
	assert_non_null(mb);
	assert_int_equal(bv_mailbox_kind(mb), BV_MB_STDIN);
	assert_string_equal(bv_mailbox_name(mb), "-");
	run_mailbox(mb, r);
	assert_int_equal(r->n, 3);
	for (i = 0; i < 3; i++) {
		assert_string_equal(r->loc[i].path, "-");
		assert_string_equal(r->bytes[i].s, c->want[i]);
	}
	assert_int_equal(r->loc[2].offset,
	    strlen(c->span[0]) + strlen(c->span[1]));
	check_reread(mb, r);			/* from the spool */
	bv_mailbox_free(mb);
	run_free(r);

	/* One message on a pipe. */
	mb = open_stdin_from(pipe_with("Subject: x\n\nFrom a blank line\n"),
	    err, sizeof(err));
	assert_non_null(mb);
	run_mailbox(mb, r);
	assert_int_equal(r->n, 1);
	assert_string_equal(r->bytes[0].s, "Subject: x\n\nFrom a blank line\n");
	check_reread(mb, r);
	bv_mailbox_free(mb);
	run_free(r);

	/* Nothing on a pipe: an empty mailbox. */
	mb = open_stdin_from(pipe_with(""), err, sizeof(err));
	assert_non_null(mb);
	run_mailbox(mb, r);
	assert_int_equal(r->n, 0);
	bv_mailbox_free(mb);
	free(r);
	buf_free(&file);
}

/* Standard input redirected from a file is read in place, from where it
 * stands. */
static void
test_stdin_file(void **state)
{
	static const char	 junk[] = "junk before\n";
	const struct split_case	*c = &splits[0];
	struct bv_mailbox	*mb;
	struct run		*r = malloc(sizeof(*r));
	char			 err[256];
	size_t			 i;
	int			 fd;

	assert_non_null(r);
	puts_file(tp("in.mbox"), junk);
	for (i = 0; c->span[i] != NULL; i++)
		append(tp("in.mbox"), c->span[i]);
	fd = open(tp("in.mbox"), O_RDONLY);
	assert_true(fd != -1);
	assert_int_equal(lseek(fd, (off_t)strlen(junk), SEEK_SET),
	    (off_t)strlen(junk));
	mb = open_stdin_from(fd, err, sizeof(err));
	assert_non_null(mb);
	assert_int_equal(bv_mailbox_kind(mb), BV_MB_STDIN);
	run_mailbox(mb, r);
	assert_int_equal(r->n, 3);
	assert_int_equal(r->loc[0].offset, strlen(junk));
	assert_int_equal(r->loc[1].offset, strlen(junk) + strlen(c->span[0]));
	for (i = 0; i < 3; i++)
		assert_string_equal(r->bytes[i].s, c->want[i]);
	check_reread(mb, r);
	bv_mailbox_free(mb);
	run_free(r);
	free(r);
}

/* A message over the cap on a pipe: an error, and no more is read. */
static void
test_stdin_cap(void **state)
{
	struct bv_mailbox	*mb;
	struct run		*r = malloc(sizeof(*r));
	char			 err[256], chunk[65536];
	pid_t			 pid;
	int			 p[2], st;

	assert_non_null(r);
	assert_int_equal(pipe(p), 0);
	if ((pid = fork()) == 0) {
		alarm(60);
		close(p[0]);
		signal(SIGPIPE, SIG_IGN);
		memset(chunk, 'z', sizeof(chunk));
		memcpy(chunk, "Subject: huge\n\n", 15);
		while (write(p[1], chunk, sizeof(chunk)) > 0)
			memset(chunk, 'z', 15);
		_exit(0);
	}
	assert_true(pid > 0);
	close(p[1]);
	mb = open_stdin_from(p[0], err, sizeof(err));
	assert_non_null(mb);
	run_mailbox(mb, r);
	assert_int_equal(r->n, 1);
	assert_int_equal(r->rc[0], -1);
	assert_non_null(strstr(r->err[0], "larger than"));
	assert_true(r->loc[0].length > BV_MSG_CAP);
	assert_int_equal(bv_msgloc_read(mb, &r->loc[0], &r->bytes[0], err,
	    sizeof(err)), -1);
	bv_mailbox_free(mb);			/* the writer sees EPIPE */
	assert_int_equal(waitpid(pid, &st, 0), pid);
	run_free(r);
	free(r);
}

/* ---- errors ------------------------------------------------------------------------ */

static void
test_errors(void **state)
{
	struct sockaddr_un	 sun;
	char			 err[512], want[3 * PATH_MAX];
	int			 s;

	assert_null(bv_mailbox_open(tp("no-such"), err, sizeof(err)));
	snprintf(want, sizeof(want), "%s: No such file or directory",
	    tp("no-such"));
	assert_string_equal(err, want);

	mkdir_p(tp("emptydir"));
	mkdir_p(tp("emptydir/sub"));
	puts_file(tp("emptydir/.hidden"), "Subject: x\n\n");
	assert_null(bv_mailbox_open(tp("emptydir"), err, sizeof(err)));
	snprintf(want, sizeof(want), "%s: not a mailbox: a directory without "
	    "cur/ and new/ and without message files", tp("emptydir"));
	assert_string_equal(err, want);

	/* cur/ without new/ is no Maildir */
	mkdir_p(tp("halfmd"));
	mkdir_p(tp("halfmd/cur"));
	assert_null(bv_mailbox_open(tp("halfmd"), err, sizeof(err)));
	assert_non_null(strstr(err, "not a mailbox"));

	memset(&sun, 0, sizeof(sun));
	sun.sun_family = AF_UNIX;
	if (snprintf(sun.sun_path, sizeof(sun.sun_path), "%s",
	    tp("sock")) < (int)sizeof(sun.sun_path)) {
		s = socket(AF_UNIX, SOCK_STREAM, 0);
		assert_true(s != -1);
		assert_int_equal(bind(s, (struct sockaddr *)&sun, sizeof(sun)),
		    0);
		assert_null(bv_mailbox_open(tp("sock"), err, sizeof(err)));
		close(s);
		assert_non_null(strstr(err, "not a mailbox"));
		assert_true(strncmp(err, tp("sock"), strlen(tp("sock"))) == 0);
	}

	if (geteuid() != 0) {			/* root reads anything */
		puts_file(tp("secret.mbox"), FROM1 "\n\n");
		assert_int_equal(chmod(tp("secret.mbox"), 0), 0);
		assert_null(bv_mailbox_open(tp("secret.mbox"), err,
		    sizeof(err)));
		snprintf(want, sizeof(want), "%s: Permission denied",
		    tp("secret.mbox"));
		assert_string_equal(err, want);
	}
}

/* A FIFO named as an argument is read like a pipe (as "<(cmd)" gives). */
static void
test_fifo_argument(void **state)
{
	static const char	 msg[] = FROM1 "\nSubject: f\n\nx\n";
	struct bv_mailbox	*mb;
	struct run		*r = malloc(sizeof(*r));
	pid_t			 pid;
	int			 fd, st;

	assert_non_null(r);
	assert_int_equal(mkfifo(tp("fifo"), 0644), 0);
	if ((pid = fork()) == 0) {
		/* late, as a writer may be: the reader waits for it */
		alarm(60);
		usleep(200 * 1000);
		fd = open(tp("fifo"), O_WRONLY);
		if (fd == -1 || write(fd, msg, strlen(msg)) != (ssize_t)strlen(msg))
			_exit(1);
		_exit(0);
	}
	assert_true(pid > 0);
	mb = open_ok(tp("fifo"));
	run_mailbox(mb, r);
	assert_int_equal(waitpid(pid, &st, 0), pid);
	assert_true(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	assert_int_equal(r->n, 1);
	assert_string_equal(r->bytes[0].s, "Subject: f\n\nx\n");
	check_reread(mb, r);
	bv_mailbox_free(mb);
	run_free(r);
	free(r);
}

/* ---- the fixtures ------------------------------------------------------------ */

#ifndef FIXTURES
#define FIXTURES	"tests/fixtures/mailboxes"
#endif

/* S[0..N) with CRLF and CR line ends turned into LF. */
static void
to_lf(struct buf *out, const char *s, size_t n)
{
	size_t	 i;

	buf_reset(out);
	for (i = 0; i < n; i++) {
		if (s[i] == '\r' && i + 1 < n && s[i + 1] == '\n')
			continue;
		buf_addc(out, s[i] == '\r' ? '\n' : s[i]);
	}
}

/* The same three bounces with LF, CRLF and CR line ends: the same
 * messages, the last without a final newline, none split at its
 * unquoted envelope line or at prose beginning "From". */
static void
test_fixture_shapes(void **state)
{
	static const char *const files[] = {
		FIXTURES "/shapes-crlf.mbox", FIXTURES "/shapes-cr.mbox",
	};
	struct bv_mailbox	*mb;
	struct run		*lf = malloc(sizeof(*lf));
	struct run		*r = malloc(sizeof(*r));
	struct buf		 b = { NULL, 0, 0 };
	const char		*last;
	size_t			 i, j;

	assert_true(lf != NULL && r != NULL);
	mb = open_ok(FIXTURES "/shapes-lf.mbox");
	run_mailbox(mb, lf);
	check_reread(mb, lf);
	bv_mailbox_free(mb);
	assert_int_equal(lf->n, 3);
	for (i = 0; i < 3; i++) {
		assert_int_equal(lf->rc[i], 1);
		assert_int_equal(lf->loc[i].msgno, i + 1);
		assert_memory_equal(lf->bytes[i].s, "Return-Path: <>\n", 16);
	}
	last = lf->bytes[2].s;
	assert_non_null(strstr(last, "\nFrom newsletter@example.org Thu Nov  5 "
	    "07:59:00 2026\n>From a quoted"));
	assert_non_null(strstr(last, "\n\nFrom the postmaster:"));
	assert_non_null(strstr(last, "\n\nFrom now on,"));
	assert_int_equal(last[lf->bytes[2].len - 1], '.');
	for (i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		mb = open_ok(files[i]);
		run_mailbox(mb, r);
		check_reread(mb, r);
		bv_mailbox_free(mb);
		assert_int_equal(r->n, 3);
		for (j = 0; j < 3; j++) {
			assert_int_equal(r->rc[j], 1);
			to_lf(&b, r->bytes[j].s, r->bytes[j].len);
			assert_int_equal(b.len, lf->bytes[j].len);
			assert_memory_equal(b.s, lf->bytes[j].s, b.len);
		}
		run_free(r);
	}
	run_free(lf);
	free(lf);
	free(r);
	buf_free(&b);
}

/* Locating only: the same locations, no bytes, and each message read
 * again from its location (as a worker does) gives what reading gave. */
static void
test_locate_only(void **state)
{
	struct bv_mailbox	*a, *b;
	struct bv_msgloc	 la, lb;
	struct buf		 ba = { NULL, 0, 0 }, bb = { NULL, 0, 0 };
	struct buf		 again = { NULL, 0, 0 };
	char			 err[256];
	int			 ra, rb, n = 0;

	(void)state;
	a = open_ok(FIXTURES "/shapes-crlf.mbox");
	b = open_ok(FIXTURES "/shapes-crlf.mbox");
	bv_mailbox_locate_only(b, 1);
	for (;;) {
		ra = bv_mailbox_next(a, &la, &ba, err, sizeof(err));
		rb = bv_mailbox_next(b, &lb, &bb, err, sizeof(err));
		assert_int_equal(ra, rb);
		if (ra == 0)
			break;
		n++;
		assert_int_equal(la.offset, lb.offset);
		assert_int_equal(la.length, lb.length);
		assert_int_equal(la.msgno, lb.msgno);
		assert_int_equal(bb.len, 0);
		assert_int_equal(bv_msgloc_reread(BV_MB_MBOX, -1, &lb, &again,
		    err, sizeof(err)), 0);
		assert_int_equal(again.len, ba.len);
		assert_memory_equal(again.s, ba.s, ba.len);
	}
	assert_true(n > 2);
	bv_mailbox_free(a);
	bv_mailbox_free(b);
	/* Not for a folder of message files (one may be an mbox): its
	 * messages are read as before. */
	a = open_ok(FIXTURES "/msgs");
	bv_mailbox_locate_only(a, 1);
	assert_int_equal(bv_mailbox_next(a, &la, &ba, err, sizeof(err)), 1);
	assert_true(ba.len > 0);
	assert_true(la.length > 0);
	bv_mailbox_free(a);
	buf_free(&ba);
	buf_free(&bb);
	buf_free(&again);
}

#define LOCMAX	8

/* A Maildir located only: each file named as listed, not read (length 0,
 * no bytes), progress by files; read again from its name (as a worker
 * does, or the raw view) it gives what reading gave, and its length. */
static void
test_locate_only_maildir(void **state)
{
	struct bv_mailbox	*a, *b;
	struct bv_msgloc	 la, lb;
	struct buf		 ba = { NULL, 0, 0 }, bb = { NULL, 0, 0 };
	struct buf		 again = { NULL, 0, 0 };
	uint64_t		 done[LOCMAX], total[LOCMAX];
	char			 err[256];
	int			 ra, rb, n = 0, i;

	(void)state;
	a = open_ok(FIXTURES "/Maildir");
	b = open_ok(FIXTURES "/Maildir");
	bv_mailbox_locate_only(b, 1);
	bv_mailbox_progress(b, &done[0], &total[0]);
	for (;;) {
		ra = bv_mailbox_next(a, &la, &ba, err, sizeof(err));
		rb = bv_mailbox_next(b, &lb, &bb, err, sizeof(err));
		assert_int_equal(ra, rb);
		if (ra == 0)
			break;
		assert_true(++n < LOCMAX);
		bv_mailbox_progress(b, &done[n], &total[n]);
		assert_string_equal(la.path, lb.path);
		assert_int_equal(la.msgno, lb.msgno);
		assert_int_equal(lb.offset, 0);
		assert_int_equal(lb.length, 0);
		assert_int_equal(bb.len, 0);
		assert_true(la.length > 0);
		assert_int_equal(bv_msgloc_reread(BV_MB_MAILDIR, -1, &lb,
		    &again, err, sizeof(err)), 0);
		assert_int_equal(again.len, ba.len);
		assert_memory_equal(again.s, ba.s, ba.len);
		assert_int_equal(bv_msgloc_read(b, &lb, &again, err,
		    sizeof(err)), 0);
		assert_int_equal(again.len, ba.len);
		assert_memory_equal(again.s, ba.s, ba.len);
		assert_int_equal(bv_msgloc_fetch(BV_MB_MAILDIR, -1, &lb,
		    &again, err, sizeof(err)), 0);
		assert_int_equal(lb.length, la.length);
		assert_int_equal(again.len, ba.len);
		assert_memory_equal(again.s, ba.s, ba.len);
	}
	assert_int_equal(n, 3);
	assert_true(total[0] > 0);
	for (i = 0; i <= n; i++) {
		assert_int_equal(total[i], total[0]);
		assert_int_equal(done[i] * (uint64_t)n, total[0] * (uint64_t)i);
	}
	bv_mailbox_free(a);
	bv_mailbox_free(b);
	buf_free(&ba);
	buf_free(&bb);
	buf_free(&again);
}

/* Read through a window: the same bytes as read alone, for small messages
 * and one larger than the window; the messages in the bytes last read are
 * taken from them (still there when the file is cut short afterwards),
 * the others read from the file as it is now, which says it is shorter. */
static void
test_read_window(void **state)
{
	struct bv_mailbox	*mb;
	struct bv_msgloc	 loc[40];
	struct bv_readwin	 win = { { NULL, 0, 0 }, 0 };
	struct buf		 mbox = { NULL, 0, 0 }, b = { NULL, 0, 0 };
	struct buf		 alone = { NULL, 0, 0 };
	char			 err[256];
	size_t			 i, n = 0, big;
	int			 fd;

	(void)state;
	for (i = 0; i < 40; i++) {
		buf_printf(&mbox, "%s\nSubject: %zu\n\n", FROM1, i);
		big = i == 20 ? BV_READWIN + 100 : 1000 + 97 * i;
		while (big-- > 0)
			buf_addc(&mbox, big % 64 == 0 ? '\n' : 'a' + i % 26);
		buf_adds(&mbox, "\n\n");
	}
	put(tp("win.mbox"), mbox.s, mbox.len);
	mb = open_ok(tp("win.mbox"));
	bv_mailbox_locate_only(mb, 1);
	while (n < 40 && bv_mailbox_next(mb, &loc[n], &b, err,
	    sizeof(err)) == 1)
		n++;
	assert_int_equal(n, 40);
	fd = open(tp("win.mbox"), O_RDONLY);
	assert_true(fd != -1);
	for (i = 0; i < n; i++) {
		assert_int_equal(bv_msgloc_pread_win(BV_MB_MBOX, fd, &win,
		    &loc[i], &b, err, sizeof(err)), 0);
		assert_int_equal(bv_msgloc_pread(BV_MB_MBOX, fd, &loc[i],
		    &alone, err, sizeof(err)), 0);
		assert_int_equal(b.len, alone.len);
		assert_memory_equal(b.s, alone.s, b.len);
	}
	/* a buffer a huge message grew is not kept for the small ones */
	free(b.s);
	b.s = xmalloc(8 << 20);
	b.cap = 8 << 20;
	b.len = 0;
	assert_int_equal(bv_msgloc_pread_win(BV_MB_MBOX, fd, &win, &loc[3],
	    &b, err, sizeof(err)), 0);
	assert_true(b.cap < 1 << 20);
	/* a window from message 0; the file then cut inside message 2 */
	bv_readwin_free(&win);
	assert_int_equal(bv_msgloc_pread_win(BV_MB_MBOX, fd, &win, &loc[0],
	    &b, err, sizeof(err)), 0);
	assert_int_equal(truncate(tp("win.mbox"), (off_t)loc[2].offset + 10),
	    0);
	assert_int_equal(bv_msgloc_pread_win(BV_MB_MBOX, fd, &win, &loc[2],
	    &b, err, sizeof(err)), 0);
	assert_true(strstr(b.s, "Subject: 2\n") == b.s);
	assert_int_equal(bv_msgloc_pread_win(BV_MB_MBOX, fd, &win, &loc[30],
	    &b, err, sizeof(err)), -1);
	assert_string_equal(err,
	    "the file changed since it was read: it is shorter now");
	/* emptied, the window reads the file again */
	bv_readwin_free(&win);
	assert_int_equal(bv_msgloc_pread_win(BV_MB_MBOX, fd, &win, &loc[2],
	    &b, err, sizeof(err)), -1);
	/* a window that ends one byte short of a message does not hold it */
	assert_int_equal(truncate(tp("win.mbox"), (off_t)(loc[1].offset +
	    loc[1].length - 1)), 0);
	assert_int_equal(bv_msgloc_pread_win(BV_MB_MBOX, fd, &win, &loc[0],
	    &b, err, sizeof(err)), 0);
	assert_int_equal(bv_msgloc_pread_win(BV_MB_MBOX, fd, &win, &loc[1],
	    &b, err, sizeof(err)), -1);
	close(fd);
	bv_readwin_free(&win);
	bv_mailbox_free(mb);
	buf_free(&mbox);
	buf_free(&b);
	buf_free(&alone);
}

/* Located only, a Maildir's files are not opened: one that vanishes, turns
 * into a FIFO or a link, or changes after the listing is still handed out,
 * and reading it says what became of it, in one line, or reads it as it is
 * now (a From_ line on top left out, the length that of the whole file). */
static void
test_locate_only_changes(void **state)
{
	static const char	 from6[] = FROM1 "\nSubject: 6\n\n6\n";
	static const char	 grown[] = "Subject: 7\n\nlonger now\n";
	static const struct {
		int		 rc;
		const char	*bytes;		/* or the error */
		uint64_t	 length;
	} want[] = {
		{ 0, "Subject: 1\n\n", 12 },
		{ -1, "cannot open: No such file or directory", 0 },
		{ -1, "cannot open: not a regular file any more", 0 },
		{ -1, "cannot open: not a regular file any more", 0 },
		{ -1, "larger than 64 MiB, the limit for one message",
		  BV_MSG_CAP + 1 },
		{ 0, "Subject: 6\n\n6\n", sizeof(from6) - 1 },
		{ 0, grown, sizeof(grown) - 1 },
	};
	struct bv_mailbox	*mb;
	struct run		*r = malloc(sizeof(*r));
	struct buf		 b = { NULL, 0, 0 };
	char			 err[256];
	size_t			 i;
	int			 big = sparse_ok(tp("probe"), BV_MSG_CAP * 2);

	assert_non_null(r);
	mkdir_p(tp("md4"));
	mkdir_p(tp("md4/cur"));
	mkdir_p(tp("md4/new"));
	puts_file(tp("md4/cur/1.a"), "Subject: 1\n\n");
	puts_file(tp("md4/cur/2.vanishes"), "Subject: 2\n\n");
	puts_file(tp("md4/new/3.fifo"), "Subject: 3\n\n");
	puts_file(tp("md4/new/4.link"), "Subject: 4\n\n");
	puts_file(tp("md4/new/5.big"), "Subject: 5\n\n");
	puts_file(tp("md4/cur/6.from"), from6);
	puts_file(tp("md4/cur/7.grows"), "Subject: 7\n\n");
	puts_file(tp("target.eml"), "Subject: target\n\n");
	mb = open_ok(tp("md4"));
	bv_mailbox_locate_only(mb, 1);
	assert_int_equal(unlink(tp("md4/cur/2.vanishes")), 0);
	assert_int_equal(unlink(tp("md4/new/3.fifo")), 0);
	assert_int_equal(mkfifo(tp("md4/new/3.fifo"), 0644), 0);
	assert_int_equal(unlink(tp("md4/new/4.link")), 0);
	assert_int_equal(symlink("../../target.eml", tp("md4/new/4.link")), 0);
	if (big)
		assert_int_equal(truncate(tp("md4/new/5.big"),
		    (off_t)BV_MSG_CAP + 1), 0);
	puts_file(tp("md4/cur/7.grows"), grown);
	run_mailbox(mb, r);
	assert_int_equal(r->n, sizeof(want) / sizeof(want[0]));
	for (i = 0; i < r->n; i++) {
		assert_int_equal(r->rc[i], 1);
		assert_int_equal(r->loc[i].msgno, i + 1);
		assert_int_equal(r->loc[i].length, 0);
		assert_int_equal(r->bytes[i].len, 0);
		if (i == 4 && !big)
			continue;
		err[0] = '\0';
		assert_int_equal(bv_msgloc_fetch(BV_MB_MAILDIR, -1, &r->loc[i],
		    &b, err, sizeof(err)), want[i].rc);
		if (want[i].rc == 0)
			assert_string_equal(b.s, want[i].bytes);
		else
			assert_string_equal(err, want[i].bytes);
		assert_int_equal(r->loc[i].length, want[i].length);
	}
	assert_string_equal(r->loc[1].path, tp("md4/cur/2.vanishes"));
	bv_mailbox_free(mb);
	run_free(r);
	free(r);
	buf_free(&b);
}

/* The shapes the other fixtures have: one mbox, a Maildir with a dot-file
 * and a subdirectory in cur/, a folder with a dot-file and a subdirectory. */
static void
test_fixture_kinds(void **state)
{
	static const struct {
		const char	*path;
		enum bv_mbkind	 kind;
		size_t		 n;
		const char	*first;		/* the first message's file */
	} t[] = {
		{ FIXTURES "/bounces.mbox", BV_MB_MBOX, 3,
		  FIXTURES "/bounces.mbox" },
		{ FIXTURES "/Maildir", BV_MB_MAILDIR, 3, FIXTURES "/Maildir/cur/"
		  "1762164000.M100P200.mx1.example.org,S=999:2,S" },
		{ FIXTURES "/msgs", BV_MB_MSGDIR, 3, FIXTURES "/msgs/01-dsn.eml" },
	};
	struct bv_mailbox	*mb;
	struct run		*r = malloc(sizeof(*r));
	const char		*rel;
	size_t			 i, j;

	assert_non_null(r);
	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		mb = open_ok(t[i].path);
		assert_int_equal(bv_mailbox_kind(mb), t[i].kind);
		run_mailbox(mb, r);
		assert_int_equal(r->n, t[i].n);
		assert_string_equal(r->loc[0].path, t[i].first);
		for (j = 0; j < r->n; j++) {
			assert_int_equal(r->rc[j], 1);
			/* past the fixture directory, which may be "../.." */
			rel = r->loc[j].path + strlen(t[i].path);
			assert_null(strstr(rel, "/."));
			assert_null(strstr(rel, "/sub/"));
			assert_null(strstr(rel, "/archive/"));
		}
		check_reread(mb, r);
		bv_mailbox_free(mb);
		run_free(r);
	}
	free(r);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fromline),
		cmocka_unit_test(test_frame),
		cmocka_unit_test(test_split),
		cmocka_unit_test(test_empty_file),
		cmocka_unit_test(test_message_file),
		cmocka_unit_test(test_split_generated),
		cmocka_unit_test(test_split_window_edges),
		cmocka_unit_test(test_message_cap),
		cmocka_unit_test(test_past_4g),
		cmocka_unit_test(test_message_file_cap),
		cmocka_unit_test(test_grows_while_read),
		cmocka_unit_test(test_shrinks_while_read),
		cmocka_unit_test(test_reread_changed),
		cmocka_unit_test(test_reread_buffer_reuse),
		cmocka_unit_test(test_maildir),
		cmocka_unit_test(test_maildir_changes),
		cmocka_unit_test(test_maildir_empty),
		cmocka_unit_test(test_msgdir),
		cmocka_unit_test(test_namecmp),
		cmocka_unit_test(test_list_order),
		cmocka_unit_test(test_stdin_pipe),
		cmocka_unit_test(test_stdin_file),
		cmocka_unit_test(test_stdin_cap),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_fifo_argument),
		cmocka_unit_test(test_fixture_shapes),
		cmocka_unit_test(test_fixture_kinds),
		cmocka_unit_test(test_locate_only),
		cmocka_unit_test(test_locate_only_maildir),
		cmocka_unit_test(test_locate_only_changes),
		cmocka_unit_test(test_read_window),
	};

	/* BV_TEST=NAME runs the tests whose names match NAME (* allowed) */
	if (getenv("BV_TEST") != NULL)
		cmocka_set_test_filter(getenv("BV_TEST"));
	return cmocka_run_group_tests(tests, setup, teardown);
}
