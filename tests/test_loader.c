/*
 * test_loader.c: the loader's two ways of parsing give the same records.
 * With worker processes, records travel over pipes as text (their own
 * strings packed in one allocation, the catalog's strings interned); parsed
 * in-process they are built in place.  Every field must come out the same,
 * for every kind of mailbox, and the records must free cleanly.
 */
#include "config.h"

#include <sys/stat.h>

#include <fcntl.h>
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

#ifndef FIXTURES
#define FIXTURES	"tests/fixtures"
#endif

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))

/* Every string of a record, owned or not, by offset. */
#define F(f)	offsetof(struct bv_record, f)
static const size_t strings[] = {
	F(format), F(date), F(reporting_mta), F(remote_mta), F(recipient),
	F(original_recipient), F(action), F(status), F(reply_code),
	F(diagnostic), F(arrival_date), F(last_attempt_date),
	F(feedback_type), F(error), F(original.from), F(original.to),
	F(original.subject), F(original.date), F(original.message_id),
	F(reason), F(rule), F(blocklist), F(blocklist_url), F(listed_ip),
	F(remediation), F(hint_reason), F(command), F(diag_type),
};
#undef F

/* The records of ARGS; the loader is returned, since record locations
 * borrow their paths from its mailboxes. */
static struct bv_loader *
load_all(char *const *args, int nargs, int inprocess, struct bv_reclist *out)
{
	struct bv_loader	*l = bv_loader_new(args, nargs, 1, NULL);

	if (inprocess)
		bv_loader_inprocess(l);
	while (bv_loader_step(l, 7, out))
		continue;
	return l;
}

static const char *
str_at(const struct bv_record *r, size_t off)
{
	return *(const char *const *)((const char *)r + off);
}

static void
same_records(const char *const *names, int nargs)
{
	struct bv_reclist	 a = { NULL, 0, 0 }, b = { NULL, 0, 0 };
	struct bv_loader	*la, *lb;
	const char		*x, *y;
	char			*args[8];
	size_t			 i, k;

	assert_true(nargs <= (int)NELEM(args));
	for (i = 0; i < (size_t)nargs; i++)
		args[i] = xstrdup(names[i]);
	setenv("BOUNCEVIEW_WORKERS", "2", 1);
	la = load_all(args, nargs, 0, &a);
	lb = load_all(args, nargs, 1, &b);
	assert_true(a.n > 0);
	assert_int_equal(a.n, b.n);
	for (i = 0; i < a.n; i++) {
		assert_int_equal(a.v[i].rcpt, b.v[i].rcpt);
		assert_int_equal(a.v[i].hard, b.v[i].hard);
		assert_int_equal(a.v[i].loc.offset, b.v[i].loc.offset);
		assert_int_equal(a.v[i].loc.length, b.v[i].loc.length);
		assert_int_equal(a.v[i].loc.msgno, b.v[i].loc.msgno);
		assert_string_equal(a.v[i].loc.path, b.v[i].loc.path);
		for (k = 0; k < NELEM(strings); k++) {
			x = str_at(&a.v[i], strings[k]);
			y = str_at(&b.v[i], strings[k]);
			if (x == NULL || y == NULL)
				assert_ptr_equal(x, y);
			else
				assert_string_equal(x, y);
		}
	}
	/* Records from the workers keep their strings in one block. */
	for (i = 0; i < a.n; i++)
		if (a.v[i].recipient != NULL && a.v[i].error == NULL)
			break;
	assert_true(i < a.n);
	assert_non_null(a.v[i].pack);
	assert_null(b.v[i].pack);
	bv_reclist_free(&a);
	bv_reclist_free(&b);
	bv_loader_free(la);
	bv_loader_free(lb);
	for (i = 0; i < (size_t)nargs; i++)
		free(args[i]);
}

static void
test_mbox(void **state)
{
	static const char *const args[] = { FIXTURES "/sample.mbox" };

	(void)state;
	same_records(args, 1);
}

static void
test_kinds(void **state)
{
	static const char *const args[] = {
		FIXTURES "/mailboxes/Maildir", FIXTURES "/mailboxes/msgs",
		FIXTURES "/mailboxes/shapes-cr.mbox",
		FIXTURES "/mailboxes/bounces.mbox",
	};

	(void)state;
	same_records(args, (int)NELEM(args));
}

/* A record list given room for exactly N records (a worker's answer says
 * how many it carries) holds them without moving, and grows past them. */
static void
test_reserve(void **state)
{
	struct bv_reclist	 l = { NULL, 0, 0 };
	struct bv_record	*first;
	int			 i;

	(void)state;
	bv_reclist_reserve(&l, 0);
	assert_null(l.v);
	bv_reclist_reserve(&l, 3);
	assert_int_equal(l.cap, 3);
	first = l.v;
	for (i = 0; i < 3; i++)
		bv_reclist_add(&l)->rcpt = (uint32_t)i + 1;
	assert_ptr_equal(l.v, first);
	assert_int_equal(l.cap, 3);
	bv_reclist_reserve(&l, 2);
	assert_int_equal(l.cap, 5);
	bv_reclist_reserve(&l, 1);
	assert_int_equal(l.cap, 5);
	bv_reclist_add(&l)->rcpt = 4;
	bv_reclist_add(&l)->rcpt = 5;
	bv_reclist_add(&l)->rcpt = 6;
	assert_true(l.cap >= 6);
	for (i = 0; i < 6; i++)
		assert_int_equal(l.v[i].rcpt, i + 1);
	bv_reclist_free(&l);
}

static const char *const maildir_subs[] = { "cur", "new", "tmp" };

/* File I of the Maildir DIR: a name as a delivery agent makes them, a
 * quarter of them in new/. */
static void
entry_path(char *path, size_t len, const char *dir, int i)
{
	snprintf(path, len, "%s/%s/17621640%05d.M%dP4242.mx.example.org%s",
	    dir, i % 4 ? "cur" : "new", i, i, i % 4 ? ":2,S" : "");
}

/* Before a Maildir is listed, its size is guessed from its directories':
 * of the order of its files at 8 KB each (the pool makes its heaps present
 * up front for a large run), and the listing puts the count in its place.
 * How much a directory grows by a name depends on the file system, hence
 * the wide margin. */
static void
test_maildir_guess(void **state)
{
	char		 dir[] = "/tmp/test_loader.XXXXXX", path[160];
	char		*args[1];
	struct bv_loader *l;
	struct bv_reclist out = { NULL, 0, 0 };
	const int	 nfiles = 3000;
	uint64_t	 want = (uint64_t)nfiles * 8192, guess;
	int		 i, fd;

	(void)state;
	assert_non_null(mkdtemp(dir));
	for (i = 0; i < 3; i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, maildir_subs[i]);
		assert_int_equal(mkdir(path, 0700), 0);
	}
	for (i = 0; i < nfiles; i++) {
		entry_path(path, sizeof(path), dir, i);
		fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0600);
		assert_true(fd >= 0);
		assert_int_equal(write(fd, "Subject: x\n\nx\n", 15), 15);
		close(fd);
	}
	args[0] = dir;
	l = bv_loader_new(args, 1, 0, NULL);
	guess = bv_loader_stats(l)->bytes_total;
	assert_true(guess >= want / 8);
	assert_true(guess <= want * 8);
	bv_loader_inprocess(l);
	bv_loader_step(l, 1, &out);
	assert_int_equal(bv_loader_stats(l)->bytes_total, want);
	while (bv_loader_step(l, 1000, &out))
		continue;
	assert_int_equal(bv_loader_stats(l)->messages, nfiles);
	bv_loader_free(l);
	bv_reclist_free(&out);
	for (i = 0; i < nfiles; i++) {
		entry_path(path, sizeof(path), dir, i);
		assert_int_equal(unlink(path), 0);
	}
	for (i = 0; i < 3; i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, maildir_subs[i]);
		assert_int_equal(rmdir(path), 0);
	}
	assert_int_equal(rmdir(dir), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_mbox),
		cmocka_unit_test(test_kinds),
		cmocka_unit_test(test_reserve),
		cmocka_unit_test(test_maildir_guess),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
