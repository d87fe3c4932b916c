/*
 * test_batchread.c: Maildir files read in batches (parser/batchread.c) on
 * files made in a temporary directory: small files come back whole and
 * byte for byte; files it must leave to the ordinary reading (empty, as
 * large as the buffer, gone, a symbolic link, a FIFO, a directory) come
 * back as not read, without following the link or blocking on the FIFO; a
 * batch holds as many files as it was made for and is used again after a
 * reset; BOUNCEVIEW_NO_URING switches it off.  When the kernel refuses
 * io_uring itself (checked here with the bare system call), there is
 * nothing to test and the tests say so.
 */
#include "config.h"

#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/types.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#ifdef HAVE_IO_URING
#include <linux/io_uring.h>
#endif

#include "parser/parser.h"

#define SLOTS		4
#define SLOTBYTES	1024

static char	 dir[PATH_MAX];
static int	 dirfd = -1;

static void
put(const char *name, const char *s, size_t n)
{
	int	 fd;

	fd = openat(dirfd, name, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	assert_true(fd != -1);
	assert_int_equal(write(fd, s, n), (ssize_t)n);
	close(fd);
}

/* Whether this kernel lets a process set up an io_uring at all. */
static int
kernel_has_uring(void)
{
#ifdef HAVE_IO_URING
	struct io_uring_params	 p;
	int			 fd;

	memset(&p, 0, sizeof(p));
	fd = (int)syscall(__NR_io_uring_setup, 8, &p);
	if (fd == -1)
		return 0;
	close(fd);
	return 1;
#else
	return 0;
#endif
}

/* A batcher, or a skipped test when the kernel refuses io_uring; a kernel
 * that offers it and a batcher that is not made is a failure. */
static struct bv_batchread *
batcher(void)
{
	struct bv_batchread	*br;

	unsetenv("BOUNCEVIEW_NO_URING");
	br = bv_batchread_new(SLOTS, SLOTBYTES);
	if (br == NULL && !kernel_has_uring())
		skip();
	assert_non_null(br);
	return br;
}

/* Small files whole; an empty one and ones as large as the buffer or
 * larger not. */
static void
test_sizes(void **state)
{
	struct bv_batchread	*br;
	const char		*bytes;
	char			 big[SLOTBYTES + 1];
	int			 s[SLOTS];

	(void)state;
	memset(big, 'x', sizeof(big));
	put("small", "From: a\n\nhello\n", 15);
	put("empty", "", 0);
	put("full", big, SLOTBYTES);
	put("over", big, SLOTBYTES + 1);
	br = batcher();
	assert_int_equal(bv_batchread_room(br), SLOTS);
	s[0] = bv_batchread_add(br, dirfd, "small");
	s[1] = bv_batchread_add(br, dirfd, "empty");
	s[2] = bv_batchread_add(br, dirfd, "full");
	s[3] = bv_batchread_add(br, dirfd, "over");
	assert_int_equal(bv_batchread_room(br), 0);
	assert_int_equal(bv_batchread_run(br), 0);
	assert_int_equal(bv_batchread_get(br, (size_t)s[0], &bytes), 15);
	assert_memory_equal(bytes, "From: a\n\nhello\n", 15);
	assert_int_equal(bv_batchread_get(br, (size_t)s[1], &bytes), -1);
	assert_null(bytes);
	assert_int_equal(bv_batchread_get(br, (size_t)s[2], &bytes), -1);
	assert_int_equal(bv_batchread_get(br, (size_t)s[3], &bytes), -1);
	assert_int_equal(bv_batchread_get(br, SLOTS, &bytes), -1);
	bv_batchread_free(br);
}

/* What the ordinary reading must judge: a file gone, a symbolic link
 * (its target is not read), a FIFO without a writer (no blocking), a
 * directory; the good file between them is still read. */
static void
test_refused(void **state)
{
	struct bv_batchread	*br;
	const char		*bytes;

	(void)state;
	put("target", "secret\n", 7);
	assert_int_equal(symlinkat("target", dirfd, "link"), 0);
	assert_int_equal(mkfifoat(dirfd, "fifo", 0600), 0);
	assert_int_equal(mkdirat(dirfd, "sub", 0700), 0);
	br = batcher();
	assert_int_equal(bv_batchread_add(br, dirfd, "gone"), 0);
	assert_int_equal(bv_batchread_add(br, dirfd, "link"), 1);
	assert_int_equal(bv_batchread_add(br, dirfd, "target"), 2);
	assert_int_equal(bv_batchread_add(br, dirfd, "fifo"), 3);
	assert_int_equal(bv_batchread_run(br), 0);
	assert_int_equal(bv_batchread_get(br, 0, &bytes), -1);
	assert_int_equal(bv_batchread_get(br, 1, &bytes), -1);
	assert_int_equal(bv_batchread_get(br, 2, &bytes), 7);
	assert_memory_equal(bytes, "secret\n", 7);
	assert_int_equal(bv_batchread_get(br, 3, &bytes), -1);

	bv_batchread_reset(br);
	assert_int_equal(bv_batchread_add(br, dirfd, "sub"), 0);
	assert_int_equal(bv_batchread_run(br), 0);
	assert_int_equal(bv_batchread_get(br, 0, &bytes), -1);
	bv_batchread_free(br);
}

/* A full batch takes no more; after a reset the slots serve new files,
 * many times over (the file table's slots are closed each time). */
static void
test_reuse(void **state)
{
	struct bv_batchread	*br;
	const char		*bytes;
	char			 name[SLOTS][16], want[32];
	int			 round, i;

	(void)state;
	br = batcher();
	for (round = 0; round < 50; round++) {
		bv_batchread_reset(br);
		assert_int_equal(bv_batchread_room(br), SLOTS);
		for (i = 0; i < SLOTS; i++) {
			/* each name its own: borrowed until the run */
			snprintf(name[i], sizeof(name[i]), "f%d", i);
			snprintf(want, sizeof(want), "round %d file %d\n",
			    round, i);
			put(name[i], want, strlen(want));
			assert_int_equal(bv_batchread_add(br, dirfd, name[i]),
			    i);
		}
		assert_int_equal(bv_batchread_add(br, dirfd, "f0"), -1);
		assert_int_equal(bv_batchread_run(br), 0);
		for (i = 0; i < SLOTS; i++) {
			snprintf(want, sizeof(want), "round %d file %d\n",
			    round, i);
			assert_int_equal(bv_batchread_get(br, (size_t)i,
			    &bytes), (ssize_t)strlen(want));
			assert_memory_equal(bytes, want, strlen(want));
		}
	}
	bv_batchread_free(br);
}

/* Switched off by the environment; freeing NULL is harmless. */
static void
test_switched_off(void **state)
{
	(void)state;
	setenv("BOUNCEVIEW_NO_URING", "1", 1);
	assert_null(bv_batchread_new(SLOTS, SLOTBYTES));
	setenv("BOUNCEVIEW_NO_URING", "", 1);
	if (kernel_has_uring())
		bv_batchread_free(bv_batchread_new(SLOTS, SLOTBYTES));
	bv_batchread_free(NULL);
	unsetenv("BOUNCEVIEW_NO_URING");
}

/* A file's whole bytes made a Maildir message: its length set, a From_
 * line on top left out; a message said to lie past the end is refused. */
static void
test_take(void **state)
{
	static const char	 file[] = "From x Mon Nov  2 08:05:00 2026\n"
				    "Subject: s\n\nbody\n";
	struct bv_msgloc	 loc = { "md/cur/1", 0, 0, 1, 0 };
	struct buf		 out = { NULL, 0, 0 };
	char			 err[128];

	(void)state;
	assert_int_equal(bv_msgloc_take(BV_MB_MAILDIR, &loc, file,
	    sizeof(file) - 1, &out, err, sizeof(err)), 0);
	assert_int_equal(loc.length, sizeof(file) - 1);
	assert_string_equal(out.s, "Subject: s\n\nbody\n");
	loc.length = sizeof(file);
	assert_int_equal(bv_msgloc_take(BV_MB_MAILDIR, &loc, file,
	    sizeof(file) - 1, &out, err, sizeof(err)), -1);
	assert_string_equal(err,
	    "the file changed since it was read: it is shorter now");
	buf_free(&out);
}

static int
setup(void **state)
{
	(void)state;
	snprintf(dir, sizeof(dir), "/tmp/test_batchread.XXXXXX");
	if (mkdtemp(dir) == NULL)
		return -1;
	dirfd = open(dir, O_RDONLY | O_DIRECTORY);
	return dirfd == -1 ? -1 : 0;
}

static int
teardown(void **state)
{
	static const char *const names[] = {
		"small", "empty", "full", "over", "target", "link", "fifo",
		"f0", "f1", "f2", "f3"
	};
	size_t	 i;

	(void)state;
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		(void)unlinkat(dirfd, names[i], 0);
	(void)unlinkat(dirfd, "sub", AT_REMOVEDIR);
	close(dirfd);
	return rmdir(dir);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sizes),
		cmocka_unit_test(test_refused),
		cmocka_unit_test(test_reuse),
		cmocka_unit_test(test_switched_off),
		cmocka_unit_test(test_take),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
