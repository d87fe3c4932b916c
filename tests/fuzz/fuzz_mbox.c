/*
 * fuzz_mbox.c: the mailbox reader on a file holding the input (an mbox or
 * a single message, as the content says).  Every message is located, read
 * and read again by its location; the locations must lie inside the file,
 * in order, without gaps in an mbox, and the second read must give the
 * same bytes as the first, and so must a read through a worker's window
 * (kept from message to message) for an mbox.
 */
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "tests/fuzz/fuzz.h"
#include "parser/parser.h"

#define MAXMSGS	100000		/* more would be a loop that never ends */

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct bv_mailbox	*mb;
	struct bv_msgloc	 loc;
	struct buf		 bytes = { NULL, 0, 0 }, again = { NULL, 0, 0 };
	struct bv_readwin	 win = { { NULL, 0, 0 }, 0 };
	uint64_t		 end = 0, done, total;
	uint32_t		 msgno = 0;
	char			 err[256];
	const char		*path;
	size_t			 n;
	int			 rc, fd;

	path = fuzz_tempfile(data, size);
	if ((mb = bv_mailbox_open(path, err, sizeof(err))) == NULL) {
		if (memchr(err, '\0', sizeof(err)) == NULL || err[0] == '\0')
			fuzz_fail("mbox: open failed without a message", NULL, 0);
		return 0;
	}
	fd = open(path, O_RDONLY);
	for (n = 0; n < MAXMSGS; n++) {
		memset(&loc, 0, sizeof(loc));
		buf_reset(&bytes);
		err[0] = '\0';
		rc = bv_mailbox_next(mb, &loc, &bytes, err, sizeof(err));
		if (rc == 0)
			break;
		if (rc != 1 && rc != -1)
			fuzz_fail("mbox: next returned neither 1, 0 nor -1",
			    NULL, 0);
		if (rc == -1 && err[0] == '\0')
			fuzz_fail("mbox: unreadable message without a reason",
			    NULL, 0);
		if (loc.msgno != ++msgno)
			fuzz_fail("mbox: msgno not consecutive from 1", NULL, 0);
		if (loc.offset < end || loc.offset + loc.length > size)
			fuzz_fail("mbox: message outside the file or out of "
			    "order", NULL, 0);
		/* In an mbox every byte after the first message's start
		 * belongs to some message: nothing between two is lost. */
		if (bv_mailbox_kind(mb) == BV_MB_MBOX && msgno > 1 &&
		    loc.offset != end)
			fuzz_fail("mbox: bytes between two messages belong to "
			    "neither", NULL, 0);
		end = loc.offset + loc.length;
		if (rc == 1 && bytes.len > loc.length)
			fuzz_fail("mbox: message bytes longer than its location",
			    bytes.s, bytes.len);
		if (rc != 1)
			continue;
		buf_reset(&again);
		if (bv_msgloc_read(mb, &loc, &again, err, sizeof(err)) != 0)
			fuzz_fail("mbox: a message read once cannot be read "
			    "again", err, strlen(err));
		if (again.len != bytes.len ||
		    (bytes.len > 0 && memcmp(again.s, bytes.s, bytes.len) != 0))
			fuzz_fail("mbox: reading a message again gives other "
			    "bytes", again.s, again.len);
		if (bv_mailbox_kind(mb) != BV_MB_MBOX || fd == -1)
			continue;
		buf_reset(&again);
		if (bv_msgloc_pread_win(BV_MB_MBOX, fd, &win, &loc, &again,
		    err, sizeof(err)) != 0 || again.len != bytes.len ||
		    (bytes.len > 0 && memcmp(again.s, bytes.s, bytes.len) != 0))
			fuzz_fail("mbox: a read through the window gives other "
			    "bytes", again.s, again.len);
	}
	if (fd != -1)
		close(fd);
	bv_readwin_free(&win);
	if (n == MAXMSGS)
		fuzz_fail("mbox: more messages than bytes", NULL, 0);
	bv_mailbox_progress(mb, &done, &total);
	if (done > total)
		fuzz_fail("mbox: progress past the total", NULL, 0);
	bv_mailbox_free(mb);
	buf_free(&bytes);
	buf_free(&again);
	return 0;
}
