/*
 * test_workers.c: a worker reads each message itself from the location the
 * loader found.  When the file has shrunk since (truncated, or a Maildir
 * entry rewritten shorter), the message is unreadable with the reason, the
 * worker goes on with the next job, and nothing crashes.
 */
#include "config.h"

#include <sys/stat.h>

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "parser/parser.h"

#define NMSG		3
#define SHORTER		"unreadable: the file changed since it was read: " \
			"it is shorter now"

/* A scratch directory for this run, made once. */
static char	 dir[64];

static const char *
tp(const char *name)
{
	static char	 path[128];

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	return path;
}

static void
put_file(const char *path, const char *text)
{
	FILE	*f = fopen(path, "w");

	assert_non_null(f);
	assert_int_equal(fputs(text, f) >= 0, 1);
	assert_int_equal(fclose(f), 0);
}

/* An ordinary message, numbered, with enough body to cut into. */
static void
add_message(struct buf *b, int n, int from_line)
{
	int	 i;

	if (from_line)
		buf_printf(b, "From sender@example.org Mon Jan  5 10:0%d:00 "
		    "2026\n", n);
	buf_printf(b, "From: sender@example.org\nTo: rcpt%d@example.net\n"
	    "Subject: message %d\nDate: Mon, 5 Jan 2026 10:0%d:00 +0000\n\n",
	    n, n, n);
	for (i = 0; i < 40; i++)
		buf_printf(b, "line %d of the body of message %d\n", i, n);
	if (from_line)
		buf_addc(b, '\n');
}

/* The locations of every message of the mailbox at PATH, as the loader
 * with workers finds them (located only, bytes not read). */
static struct bv_mailbox *
locate(const char *path, struct bv_msgloc *loc, int max, int *n)
{
	struct bv_mailbox	*mb;
	struct buf		 bytes = { NULL, 0, 0 };
	char			 err[256];

	mb = bv_mailbox_open(path, err, sizeof(err));
	assert_non_null(mb);
	bv_mailbox_locate_only(mb, 1);
	for (*n = 0; *n < max && bv_mailbox_next(mb, &loc[*n], &bytes, err,
	    sizeof(err)) == 1; (*n)++)
		if (loc[*n].path == NULL)
			loc[*n].path = bv_mailbox_name(mb);
	buf_free(&bytes);
	return mb;
}

/* Every answer of the pool, in order, with --all's records. */
static size_t
collect_all(struct bv_pool *p, struct bv_reclist *out,
    enum bv_msgkind *kinds, size_t max)
{
	size_t	 n = 0, nrec;
	int	 r, tries = 0;

	while (n < max && tries < 1000) {
		r = bv_pool_collect(p, out, &kinds[n], &nrec, NULL, 20);
		if (r < 0)
			break;
		if (r == 0) {
			tries++;
			continue;
		}
		n++;
	}
	return n;
}

static void
free_records(struct bv_reclist *l)
{
	size_t	 i;

	for (i = 0; i < l->n; i++)
		bv_record_clear(&l->v[i]);
	bv_reclist_free(l);
}

/* Answer I read whole: a message that is no bounce, subject "message NUM". */
static void
assert_read(const struct bv_reclist *out, const enum bv_msgkind *kinds,
    size_t i, int num)
{
	char	 want[32];

	assert_int_equal(kinds[i], BV_MSG_NOTBOUNCE);
	snprintf(want, sizeof(want), "message %d", num);
	assert_string_equal(out->v[i].original.subject, want);
}

/* Answer I unreadable, saying ERROR. */
static void
assert_unreadable(const struct bv_reclist *out, const enum bv_msgkind *kinds,
    size_t i, const char *error)
{
	assert_int_equal(kinds[i], BV_MSG_UNREADABLE);
	assert_string_equal(out->v[i].error, error);
}

/* An mbox cut inside its last message after it was located: that message
 * says why, the others (also one asked for after it) read as before. */
static void
test_mbox_shrank(void **state)
{
	struct bv_msgloc	 loc[NMSG];
	struct bv_mailbox	*mb;
	struct bv_pool		*p;
	struct bv_reclist	 out = { NULL, 0, 0 };
	struct buf		 b = { NULL, 0, 0 };
	enum bv_msgkind		 kinds[NMSG + 1];
	int			 i, n;

	(void)state;
	for (i = 1; i <= NMSG; i++)
		add_message(&b, i, 1);
	put_file(tp("shrank.mbox"), b.s);
	mb = locate(tp("shrank.mbox"), loc, NMSG, &n);
	assert_int_equal(n, NMSG);
	assert_int_equal(truncate(tp("shrank.mbox"),
	    (off_t)(loc[2].offset + loc[2].length / 2)), 0);

	setenv("BOUNCEVIEW_WORKERS", "2", 1);
	p = bv_pool_new(1, NULL, 0);
	assert_non_null(p);
	for (i = 0; i < NMSG; i++)
		bv_pool_submit_at(p, &loc[i], BV_MB_MBOX);
	bv_pool_submit_at(p, &loc[0], BV_MB_MBOX);
	assert_int_equal(collect_all(p, &out, kinds, NMSG + 1), NMSG + 1);
	assert_int_equal(out.n, NMSG + 1);

	assert_read(&out, kinds, 0, 1);
	assert_read(&out, kinds, 1, 2);
	assert_unreadable(&out, kinds, 2, SHORTER);
	assert_int_equal(out.v[2].loc.msgno, loc[2].msgno);
	assert_int_equal(out.v[2].loc.offset, loc[2].offset);
	/* the same worker process, or a new one: never a crash */
	assert_read(&out, kinds, 3, 1);

	free_records(&out);
	bv_pool_free(p);
	bv_mailbox_free(mb);
	buf_free(&b);
	unlink(tp("shrank.mbox"));
}

/* A worker that answers one message with nonsense (a count of records its
 * answer does not hold): that message is unreadable and says so, whatever
 * the worker was parsing when the nonsense was read, and the others come
 * out as they are. */
static void
test_garbled_answer(void **state)
{
	struct bv_msgloc	 loc[5];
	struct bv_mailbox	*mb;
	struct bv_pool		*p;
	struct bv_reclist	 out = { NULL, 0, 0 };
	struct buf		 b = { NULL, 0, 0 };
	enum bv_msgkind		 kinds[5];
	int			 i, n;

	(void)state;
	for (i = 1; i <= 5; i++)
		add_message(&b, i, 1);
	put_file(tp("garbled.mbox"), b.s);
	mb = locate(tp("garbled.mbox"), loc, 5, &n);
	assert_int_equal(n, 5);

	setenv("BOUNCEVIEW_WORKERS", "2", 1);
	setenv("BOUNCEVIEW_TEST_GARBLE", "rcpt3@example.net", 1);
	p = bv_pool_new(1, NULL, 0);
	assert_non_null(p);
	for (i = 0; i < 5; i++)
		bv_pool_submit_at(p, &loc[i], BV_MB_MBOX);
	assert_int_equal(collect_all(p, &out, kinds, 5), 5);
	unsetenv("BOUNCEVIEW_TEST_GARBLE");
	assert_int_equal(out.n, 5);
	for (i = 0; i < 5; i++) {
		assert_int_equal(out.v[i].loc.msgno, loc[i].msgno);
		if (i != 2)
			assert_read(&out, kinds, (size_t)i, i + 1);
	}
	assert_unreadable(&out, kinds, 2,
	    "unreadable: the parser sent a malformed answer");

	free_records(&out);
	bv_pool_free(p);
	bv_mailbox_free(mb);
	buf_free(&b);
	unlink(tp("garbled.mbox"));
}

/* An mbox emptied after it was located: every message is past the end. */
static void
test_mbox_emptied(void **state)
{
	struct bv_msgloc	 loc[NMSG];
	struct bv_mailbox	*mb;
	struct bv_pool		*p;
	struct bv_reclist	 out = { NULL, 0, 0 };
	struct buf		 b = { NULL, 0, 0 };
	enum bv_msgkind		 kinds[NMSG];
	int			 i, n;

	(void)state;
	for (i = 1; i <= NMSG; i++)
		add_message(&b, i, 1);
	put_file(tp("emptied.mbox"), b.s);
	mb = locate(tp("emptied.mbox"), loc, NMSG, &n);
	assert_int_equal(n, NMSG);
	assert_int_equal(truncate(tp("emptied.mbox"), 0), 0);

	setenv("BOUNCEVIEW_WORKERS", "2", 1);
	p = bv_pool_new(0, NULL, 0);
	assert_non_null(p);
	for (i = 0; i < NMSG; i++)
		bv_pool_submit_at(p, &loc[i], BV_MB_MBOX);
	assert_int_equal(collect_all(p, &out, kinds, NMSG), NMSG);
	assert_int_equal(out.n, NMSG);
	for (i = 0; i < NMSG; i++) {
		assert_int_equal(kinds[i], BV_MSG_UNREADABLE);
		assert_string_equal(out.v[i].error, SHORTER);
		assert_int_equal(out.v[i].loc.msgno, loc[i].msgno);
	}
	free_records(&out);
	bv_pool_free(p);
	bv_mailbox_free(mb);
	buf_free(&b);
	unlink(tp("emptied.mbox"));
}

/* A message file rewritten shorter after it was located. */
static void
test_file_shrank(void **state)
{
	struct bv_msgloc	 loc[2];
	struct bv_mailbox	*mb;
	struct bv_pool		*p;
	struct bv_reclist	 out = { NULL, 0, 0 };
	struct buf		 b = { NULL, 0, 0 };
	enum bv_msgkind		 kinds[2];
	char			 path[128];
	int			 n;

	(void)state;
	snprintf(path, sizeof(path), "%s", tp("msgs"));
	assert_int_equal(mkdir(path, 0700), 0);
	add_message(&b, 1, 0);
	put_file(tp("msgs/1.eml"), b.s);
	buf_reset(&b);
	add_message(&b, 2, 0);
	put_file(tp("msgs/2.eml"), b.s);
	mb = locate(path, loc, 2, &n);
	assert_int_equal(n, 2);
	put_file(tp("msgs/1.eml"), "Subject: short\n\n");
	put_file(tp("msgs/2.eml"), "Subject: short\n\n");

	setenv("BOUNCEVIEW_WORKERS", "2", 1);
	p = bv_pool_new(1, NULL, 0);
	assert_non_null(p);
	bv_pool_submit_at(p, &loc[0], bv_mailbox_kind(mb));
	bv_pool_submit_at(p, &loc[1], bv_mailbox_kind(mb));
	assert_int_equal(collect_all(p, &out, kinds, 2), 2);
	assert_int_equal(out.n, 2);
	assert_int_equal(kinds[0], BV_MSG_UNREADABLE);
	assert_string_equal(out.v[0].error, SHORTER);
	assert_int_equal(kinds[1], BV_MSG_UNREADABLE);
	assert_string_equal(out.v[1].error, SHORTER);
	free_records(&out);
	bv_pool_free(p);
	bv_mailbox_free(mb);
	buf_free(&b);
	unlink(tp("msgs/1.eml"));
	unlink(tp("msgs/2.eml"));
	rmdir(path);
}

/* A Maildir whose files the loader only named: each worker opens and
 * measures its file, so a record's location has the file's length, a From_
 * line on top is left out, and a file gone or turned into a FIFO since the
 * listing is an unreadable message naming why. */
static void
test_maildir_named(void **state)
{
	static const char *const sub[] = { "md", "md/cur", "md/new" };
	struct bv_msgloc	 loc[4];
	struct bv_mailbox	*mb;
	struct bv_pool		*p;
	struct bv_reclist	 out = { NULL, 0, 0 };
	struct buf		 b = { NULL, 0, 0 };
	enum bv_msgkind		 kinds[4];
	struct stat		 st1, st3;
	size_t			 i;
	int			 n;

	(void)state;
	for (i = 0; i < 3; i++)
		assert_int_equal(mkdir(tp(sub[i]), 0700), 0);
	add_message(&b, 1, 0);
	put_file(tp("md/cur/1.a:2,S"), b.s);
	put_file(tp("md/cur/2.gone:2,S"), b.s);
	buf_reset(&b);
	add_message(&b, 3, 1);
	put_file(tp("md/new/3.from"), b.s);
	put_file(tp("md/new/4.fifo"), b.s);
	mb = locate(tp("md"), loc, 4, &n);
	assert_int_equal(n, 4);
	assert_int_equal(unlink(tp("md/cur/2.gone:2,S")), 0);
	assert_int_equal(unlink(tp("md/new/4.fifo")), 0);
	assert_int_equal(mkfifo(tp("md/new/4.fifo"), 0600), 0);
	assert_int_equal(stat(tp("md/cur/1.a:2,S"), &st1), 0);
	assert_int_equal(stat(tp("md/new/3.from"), &st3), 0);

	setenv("BOUNCEVIEW_WORKERS", "2", 1);
	p = bv_pool_new(1, NULL, 0);
	assert_non_null(p);
	for (i = 0; i < 4; i++) {
		assert_int_equal(loc[i].length, 0);
		bv_pool_submit_at(p, &loc[i], bv_mailbox_kind(mb));
	}
	assert_int_equal(collect_all(p, &out, kinds, 4), 4);
	assert_int_equal(out.n, 4);
	assert_int_equal(kinds[0], BV_MSG_NOTBOUNCE);
	assert_string_equal(out.v[0].original.subject, "message 1");
	assert_int_equal(out.v[0].loc.length, st1.st_size);
	assert_int_equal(kinds[1], BV_MSG_UNREADABLE);
	assert_string_equal(out.v[1].error,
	    "unreadable: cannot open: No such file or directory");
	assert_string_equal(out.v[1].loc.path, tp("md/cur/2.gone:2,S"));
	assert_int_equal(out.v[1].loc.msgno, 2);
	assert_int_equal(kinds[2], BV_MSG_NOTBOUNCE);
	assert_string_equal(out.v[2].original.subject, "message 3");
	assert_string_equal(out.v[2].original.from, "sender@example.org");
	assert_int_equal(out.v[2].loc.length, st3.st_size);
	assert_int_equal(kinds[3], BV_MSG_UNREADABLE);
	assert_string_equal(out.v[3].error,
	    "unreadable: cannot open: not a regular file any more");
	assert_string_equal(out.v[3].loc.path, tp("md/new/4.fifo"));

	free_records(&out);
	bv_pool_free(p);
	bv_mailbox_free(mb);
	buf_free(&b);
	unlink(tp("md/cur/1.a:2,S"));
	unlink(tp("md/new/3.from"));
	unlink(tp("md/new/4.fifo"));
	for (i = 3; i-- > 0;)
		rmdir(tp(sub[i]));
}

/* A Maildir directory renamed away after the listing makes its files
 * unreadable, the others not. */
static void
test_maildir_dir_gone(void **state)
{
	static const char *const sub[] = { "md5", "md5/cur", "md5/new" };
	struct bv_msgloc	 loc[3];
	struct bv_mailbox	*mb;
	struct bv_pool		*p;
	struct bv_reclist	 out = { NULL, 0, 0 };
	struct buf		 b = { NULL, 0, 0 };
	enum bv_msgkind		 kinds[3];
	char			 gone[128];
	size_t			 i;
	int			 n;

	(void)state;
	for (i = 0; i < 3; i++)
		assert_int_equal(mkdir(tp(sub[i]), 0700), 0);
	add_message(&b, 1, 0);
	put_file(tp("md5/cur/1.a"), b.s);
	put_file(tp("md5/new/2.b"), b.s);
	put_file(tp("md5/cur/3.c"), b.s);
	mb = locate(tp("md5"), loc, 3, &n);
	assert_int_equal(n, 3);
	snprintf(gone, sizeof(gone), "%s", tp("md5-new"));
	assert_int_equal(rename(tp("md5/new"), gone), 0);

	setenv("BOUNCEVIEW_WORKERS", "2", 1);
	p = bv_pool_new(0, NULL, 0);
	assert_non_null(p);
	for (i = 0; i < 3; i++)
		bv_pool_submit_at(p, &loc[i], bv_mailbox_kind(mb));
	assert_int_equal(collect_all(p, &out, kinds, 3), 3);
	assert_int_equal(kinds[0], BV_MSG_NOTBOUNCE);
	assert_int_equal(kinds[1], BV_MSG_UNREADABLE);
	assert_int_equal(kinds[2], BV_MSG_NOTBOUNCE);
	assert_int_equal(out.n, 1);
	assert_string_equal(out.v[0].error,
	    "unreadable: cannot open: No such file or directory");
	assert_string_equal(out.v[0].loc.path, tp("md5/new/2.b"));

	free_records(&out);
	bv_pool_free(p);
	bv_mailbox_free(mb);
	buf_free(&b);
	unlink(tp("md5/cur/1.a"));
	unlink(tp("md5/cur/3.c"));
	unlink(tp("md5-new/2.b"));
	rmdir(gone);
	for (i = 3; i-- > 0;)
		rmdir(tp(sub[i]));
}

/* Files of the same names in cur/ and new/, asked for so that each worker
 * reads one from cur/ and then its namesake from new/ (jobs go to the two
 * in turn; a worker keeps the last directory open): each record is its own
 * file's, and a file that became a symbolic link is not followed. */
static void
test_maildir_same_names(void **state)
{
	static const char *const sub[] = { "md6", "md6/cur", "md6/new" };
	static const char *const file[] = {
		"md6/cur/a", "md6/cur/b", "md6/new/a", "md6/new/b"
	};
	struct bv_msgloc	 loc[4];
	struct bv_mailbox	*mb;
	struct bv_pool		*p;
	struct bv_reclist	 out = { NULL, 0, 0 };
	struct buf		 b = { NULL, 0, 0 };
	enum bv_msgkind		 kinds[4];
	size_t			 i, j;
	int			 n;

	(void)state;
	for (i = 0; i < 3; i++)
		assert_int_equal(mkdir(tp(sub[i]), 0700), 0);
	for (i = 0; i < 4; i++) {
		buf_reset(&b);
		add_message(&b, (int)i + 1, 0);
		put_file(tp(file[i]), b.s);
	}
	mb = locate(tp("md6"), loc, 4, &n);
	assert_int_equal(n, 4);
	assert_int_equal(unlink(tp("md6/new/b")), 0);
	assert_int_equal(symlink("../cur/b", tp("md6/new/b")), 0);

	setenv("BOUNCEVIEW_WORKERS", "2", 1);
	p = bv_pool_new(1, NULL, 0);
	assert_non_null(p);
	for (i = 0; i < 4; i++)
		for (j = 0; j < 4; j++)
			if (strcmp(loc[j].path, tp(file[i])) == 0)
				bv_pool_submit_at(p, &loc[j],
				    bv_mailbox_kind(mb));
	assert_int_equal(collect_all(p, &out, kinds, 4), 4);
	assert_int_equal(out.n, 4);
	for (i = 0; i < 3; i++) {
		assert_string_equal(out.v[i].loc.path, tp(file[i]));
		assert_read(&out, kinds, i, (int)i + 1);
	}
	assert_unreadable(&out, kinds, 3,
	    "unreadable: cannot open: not a regular file any more");

	free_records(&out);
	bv_pool_free(p);
	bv_mailbox_free(mb);
	buf_free(&b);
	for (i = 0; i < 4; i++)
		unlink(tp(file[i]));
	for (i = 3; i-- > 0;)
		rmdir(tp(sub[i]));
}

/*
 * Many Maildir files, asked for so that a worker's waiting jobs name more
 * directories than it keeps open (five Maildirs in turns, ten directories;
 * each of the two workers is sent files of five), one file
 * larger than a batch reads whole, and one a symbolic link now: every
 * record is its own file's, with the file's length, whether the files are
 * read in batches or one by one.
 */
#define MDS		5
#define PER_DIR		5
#define MD_FILES	(MDS * 2 * PER_DIR)
#define MD_BIG		10
#define MD_LINK		17

/* File NUM's path: the Maildirs md7a, md7b, ... in turns, cur/ and new/ in
 * turns, the same names in every directory (a file read under the wrong
 * one is seen). */
static void
md_path(char *path, size_t len, int num)
{
	snprintf(path, len, "md7%c/%s/%02d.x", 'a' + (num - 1) % MDS,
	    (num - 1) / MDS % 2 ? "new" : "cur", (num - 1) / (2 * MDS));
}

static void
maildir_batches(int one_by_one)
{
	static const char *const subs[] = { "", "/cur", "/new" };
	struct bv_msgloc	 loc[MDS][2 * PER_DIR];
	struct bv_mailbox	*mb[MDS];
	struct bv_pool		*p;
	struct bv_reclist	 out = { NULL, 0, 0 };
	struct buf		 b = { NULL, 0, 0 };
	enum bv_msgkind		 kinds[MD_FILES];
	struct stat		 st;
	char			 path[32], want[32];
	size_t			 i, j, at, line;
	int			 m, n, num, big = 0, linked = 0;

	if (one_by_one)
		setenv("BOUNCEVIEW_NO_URING", "1", 1);
	else
		unsetenv("BOUNCEVIEW_NO_URING");
	for (m = 0; m < MDS; m++)
		for (i = 0; i < 3; i++) {
			snprintf(path, sizeof(path), "md7%c%s", 'a' + m,
			    subs[i]);
			assert_int_equal(mkdir(tp(path), 0700), 0);
		}
	for (num = 1; num <= MD_FILES; num++) {
		buf_reset(&b);
		add_message(&b, num, 0);
		if (num == MD_BIG)	/* past a batch's 64 KB */
			for (line = 0; line < 2000; line++)
				buf_printf(&b, "padding line %zu of the big "
				    "one\n", line);
		md_path(path, sizeof(path), num);
		put_file(tp(path), b.s);
	}
	for (m = 0; m < MDS; m++) {
		snprintf(path, sizeof(path), "md7%c", 'a' + m);
		mb[m] = locate(tp(path), loc[m], 2 * PER_DIR, &n);
		assert_int_equal(n, 2 * PER_DIR);
	}
	md_path(path, sizeof(path), MD_LINK);
	assert_int_equal(unlink(tp(path)), 0);
	assert_int_equal(symlink("../cur/00.x", tp(path)), 0);

	setenv("BOUNCEVIEW_WORKERS", "2", 1);
	/* with batches, as a pool for a large mailbox: its heaps made
	 * present up front */
	p = bv_pool_new(1, NULL, one_by_one ? 0 : (uint64_t)1 << 30);
	assert_non_null(p);
	for (i = 0; i < 2 * PER_DIR; i++)
		for (m = 0; m < MDS; m++)
			bv_pool_submit_at(p, &loc[m][i],
			    bv_mailbox_kind(mb[m]));
	assert_int_equal(collect_all(p, &out, kinds, MD_FILES), MD_FILES);
	assert_int_equal(out.n, MD_FILES);
	for (at = 0; at < out.n; at++) {
		i = at / MDS;
		m = (int)(at % MDS);
		assert_string_equal(out.v[at].loc.path, loc[m][i].path);
		j = strlen(loc[m][i].path);
		num = atoi(loc[m][i].path + j - 4) * 2 * MDS + m + 1 +
		    (strstr(loc[m][i].path, "/new/") != NULL ? MDS : 0);
		if (num == MD_LINK) {
			linked++;
			assert_int_equal(kinds[at], BV_MSG_UNREADABLE);
			assert_string_equal(out.v[at].error, "unreadable: "
			    "cannot open: not a regular file any more");
			continue;
		}
		assert_int_equal(kinds[at], BV_MSG_NOTBOUNCE);
		snprintf(want, sizeof(want), "message %d", num);
		assert_string_equal(out.v[at].original.subject, want);
		assert_int_equal(stat(loc[m][i].path, &st), 0);
		assert_int_equal(out.v[at].loc.length, st.st_size);
		big += st.st_size > 64 * 1024;
	}
	assert_int_equal(big, 1);
	assert_int_equal(linked, 1);

	free_records(&out);
	bv_pool_free(p);
	for (m = 0; m < MDS; m++) {
		for (i = 0; i < 2 * PER_DIR; i++)
			unlink(loc[m][i].path);
		bv_mailbox_free(mb[m]);
		for (i = 3; i-- > 0;) {
			snprintf(path, sizeof(path), "md7%c%s", 'a' + m,
			    subs[i]);
			rmdir(tp(path));
		}
	}
	buf_free(&b);
	unsetenv("BOUNCEVIEW_NO_URING");
}

static void
test_maildir_batches(void **state)
{
	(void)state;
	maildir_batches(0);
}

static void
test_maildir_one_by_one(void **state)
{
	(void)state;
	maildir_batches(1);
}

/* The heap made present up front follows the mailbox's size: none for a
 * few messages, as much as the mailbox for the loader (a quarter for a
 * worker) in between, and a ceiling for a large one. */
static void
test_warm_follows_size(void **state)
{
	const uint64_t	 mb = (uint64_t)1 << 20;
	size_t		 loader, worker, prev_loader = 0, prev_worker = 0;
	uint64_t	 bytes;

	(void)state;
	bv_pool_warm(0, &loader, &worker);
	assert_true(loader == 0 && worker == 0);
	bv_pool_warm(8192, &loader, &worker);
	assert_true(loader == 0 && worker == 0);
	bv_pool_warm(mb, &loader, &worker);
	assert_int_equal(loader, mb);
	assert_int_equal(worker, 0);
	bv_pool_warm(4 * mb, &loader, &worker);
	assert_int_equal(loader, 4 * mb);
	assert_int_equal(worker, mb);
	for (bytes = mb; bytes <= 4096 * mb; bytes *= 2) {
		bv_pool_warm(bytes, &loader, &worker);
		assert_true(loader >= prev_loader && worker >= prev_worker);
		assert_true(loader <= bytes && worker <= bytes / 4);
		prev_loader = loader;
		prev_worker = worker;
	}
	/* the ceiling: a 4 GB mailbox warms no more than a 64 MB one */
	bv_pool_warm(64 * mb, &loader, &worker);
	assert_int_equal(loader, prev_loader);
	assert_int_equal(worker, prev_worker);
	assert_true(prev_loader > 0 && prev_loader < 64 * mb);
}

/* Between steps a pool keeps the loader's heap warm: nothing while the
 * heap has not grown past its last warm-up, more once it has; nothing ever
 * for a pool that made none (a small mailbox).  What the warm-up saves is
 * test_catalog_tables's to show (heap_warm_follows_growth). */
static void
test_keep_warm(void **state)
{
	const size_t	 grow = 64u << 10;
	struct bv_pool	*big, *small;
	char		*g[1024];
	void		*top;
	size_t		 n;

	(void)state;
	setenv("BOUNCEVIEW_WORKERS", "2", 1);
	small = bv_pool_new(0, NULL, 8192);
	big = bv_pool_new(0, NULL, (uint64_t)64 << 20);
	assert_non_null(small);
	assert_non_null(big);
	top = xheaptop();
	if (top == NULL) {
		bv_pool_free(small);
		bv_pool_free(big);
		skip();
	}
	assert_int_equal(bv_pool_keep_warm(big), 0);
	for (n = 0; n < 1024 && xheaptop() <= top; n++)
		g[n] = xmalloc(grow);
	if (xheaptop() > top) {		/* malloc grows the heap (not ASan) */
		assert_int_equal(bv_pool_keep_warm(small), 0);
		assert_int_equal(bv_pool_keep_warm(big), 1);
		assert_int_equal(bv_pool_keep_warm(big), 0);
	}
	while (n > 0)
		free(g[--n]);
	bv_pool_free(small);
	bv_pool_free(big);
}

static int
setup(void **state)
{
	(void)state;
	snprintf(dir, sizeof(dir), "/tmp/test_workers.XXXXXX");
	return mkdtemp(dir) == NULL ? -1 : 0;
}

static int
teardown(void **state)
{
	(void)state;
	return rmdir(dir);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_mbox_shrank),
		cmocka_unit_test(test_mbox_emptied),
		cmocka_unit_test(test_garbled_answer),
		cmocka_unit_test(test_warm_follows_size),
		cmocka_unit_test(test_keep_warm),
		cmocka_unit_test(test_file_shrank),
		cmocka_unit_test(test_maildir_named),
		cmocka_unit_test(test_maildir_dir_gone),
		cmocka_unit_test(test_maildir_same_names),
		cmocka_unit_test(test_maildir_batches),
		cmocka_unit_test(test_maildir_one_by_one),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
