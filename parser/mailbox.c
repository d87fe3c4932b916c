/*
 * mailbox.c: a mailbox argument (mbox, Maildir, message file, directory of
 * message files, "-" or a pipe) read message by message.
 *
 * Strictly read-only: files are opened O_RDONLY and read with read() and
 * pread(); nothing is memory-mapped, locked (no flock, fcntl lock or
 * dotlock), created, renamed or written, in or beside the mailbox.
 * libetpan's mailbox drivers are not used because they do all of these.
 *
 * The kind comes from content and layout, never from a name: a directory
 * with cur/ and new/ is a Maildir, another directory a folder of message
 * files; a file (or stream) that begins "From " is an mbox, an empty one an
 * empty mbox, anything else one message.  In a folder of message files each
 * file is judged the same way, so a folder of mbox files is read too.
 * Inside directories nothing but regular files is opened, never through a
 * symbolic link and never blocking (O_NOFOLLOW, O_NONBLOCK, then fstat).
 * When workers read the messages (locate-only), a Maildir's files are not
 * opened here at all: each is named, and its reader does the checking.
 * A pipe is read once; its messages are kept in memory (BV_SPOOL_CAP) so
 * they can be read again.
 */
#include "config.h"

#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "parser/mbint.h"

#define NOTKEPT		((size_t)-1)
#define GUESS_SIZE	8192		/* a bounce, until files are read */
#define DIRENT_GUESS	64		/* what a file name adds to its
					   directory's size, about: ext4
					   50-80 bytes for a Maildir name,
					   btrfs twice its length, tmpfs 20 */

/* Where a pipe's message is kept in the spool. */
struct spooled {
	uint64_t	 offset;
	size_t		 at;		/* in spool, or NOTKEPT */
	size_t		 len;
};

struct bv_mailbox {
	enum bv_mbkind	 kind;
	char		*name;		/* the argument as given */
	int		 fd;		/* the file being read, or -1 */
	int		 stream;	/* a pipe or terminal */
	int		 split;		/* the file being read is an mbox */
	int		 whole_read;	/* the one message of a file is read */
	int		 locate_only;	/* mbox messages found, not copied */
	int		 ended;
	uint64_t	 base;		/* where reading began */
	uint64_t	 size;		/* of the file at open, when known */
	uint64_t	 final;		/* bytes read, once ended */
	struct mbscan	 sc;
	uint32_t	 msgno;
	/* directories */
	struct mbfiles	 files;
	size_t		 nextfile;
	const char	*curpath;	/* borrowed: from files */
	uint64_t	 filesdone;	/* bytes of the files finished */
	/* a pipe's messages */
	struct buf	 spool;
	struct spooled	*sp;
	size_t		 nsp;
};

#define SHORTER_NOW	"the file changed since it was read: it is shorter now"

static void
seterr(char *err, size_t errlen, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void
seterr(char *err, size_t errlen, const char *fmt, ...)
{
	va_list	 ap;

	if (err == NULL || errlen == 0)
		return;
	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
}

/* Does the file at OFFSET begin "From "?  -1 on a read error. */
static int
starts_from(int fd, uint64_t offset)
{
	char	 b[5];
	ssize_t	 r;

	do {
		r = pread(fd, b, sizeof(b), (off_t)offset);
	} while (r == -1 && errno == EINTR);
	if (r == -1)
		return -1;
	return r == 5 && memcmp(b, "From ", 5) == 0;
}

/* ---- opening ------------------------------------------------------------------ */

/* A regular file from OFFSET on (stdin may be positioned past 0). */
static int
open_file(struct bv_mailbox *mb, int fd, uint64_t offset, char *err,
    size_t errlen)
{
	struct stat	 st;
	int		 from;

	mb->fd = fd;
	mb->base = offset;
	if (fstat(fd, &st) == 0 && (uint64_t)st.st_size > offset)
		mb->size = (uint64_t)st.st_size - offset;
	if ((from = starts_from(fd, offset)) == -1) {
		seterr(err, errlen, "%s: %s", mb->name, strerror(errno));
		return -1;
	}
	mb->split = from || mb->size == 0;
	mb->kind = mb->split ? BV_MB_MBOX : BV_MB_MSGFILE;
	mbscan_start(&mb->sc, fd, 0, offset);
	return 0;
}

/* A pipe or terminal: the first bytes tell the kind. */
static int
open_stream(struct bv_mailbox *mb, int fd, char *err, size_t errlen)
{
	size_t	 n;

	mb->fd = fd;
	mb->stream = 1;
	mbscan_start(&mb->sc, fd, 1, 0);
	n = mbscan_peek(&mb->sc, 5);
	if (mb->sc.error != 0) {
		seterr(err, errlen, "%s: %s", mb->name,
		    strerror(mb->sc.error));
		return -1;
	}
	mb->split = n == 0 || memcmp(mb->sc.w + mb->sc.at, "From ", 5) == 0;
	mb->kind = mb->split ? BV_MB_MBOX : BV_MB_MSGFILE;
	return 0;
}

static int
open_dir(struct bv_mailbox *mb, const char *path, char *err, size_t errlen)
{
	int	 maildir = mb_is_maildir(path);

	if (mbfiles_list(&mb->files, path, maildir, err, errlen) == -1)
		return -1;
	if (!maildir && mb->files.n == 0) {
		seterr(err, errlen, "%s: not a mailbox: a directory without "
		    "cur/ and new/ and without message files", path);
		return -1;
	}
	mb->kind = maildir ? BV_MB_MAILDIR : BV_MB_MSGDIR;
	return 0;
}

static void
wait_readable(int fd)
{
	struct pollfd	 pfd;

	pfd.fd = fd;
	pfd.events = POLLIN;
	while (poll(&pfd, 1, -1) == -1 && errno == EINTR)
		continue;
}

static int
open_path(struct bv_mailbox *mb, const char *path, char *err, size_t errlen)
{
	struct stat	 st;
	int		 fd;

	/* O_NONBLOCK: a FIFO must not hang the open; cleared below. */
	fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
	if (fd == -1 && errno == ENXIO && stat(path, &st) == 0 &&
	    S_ISSOCK(st.st_mode))
		goto notmailbox;
	if (fd == -1 || fstat(fd, &st) == -1) {
		seterr(err, errlen, "%s: %s", path, strerror(errno));
		if (fd != -1)
			close(fd);
		return -1;
	}
	if (S_ISDIR(st.st_mode)) {
		close(fd);
		return open_dir(mb, path, err, errlen);
	}
	if (S_ISREG(st.st_mode))
		return open_file(mb, fd, 0, err, errlen);
	if (S_ISFIFO(st.st_mode) || S_ISCHR(st.st_mode)) {
		/* A FIFO named on the command line is waited on, as cat
		 * does: until a writer writes or leaves. */
		if (S_ISFIFO(st.st_mode))
			wait_readable(fd);
		(void)fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
		return open_stream(mb, fd, err, errlen);
	}
	close(fd);
notmailbox:
	seterr(err, errlen, "%s: not a mailbox: neither a file, a directory "
	    "nor a pipe", path);
	return -1;
}

/* "-": a copy of standard input, so closing it leaves fd 0 alone. */
static int
open_stdin(struct bv_mailbox *mb, char *err, size_t errlen)
{
	struct stat	 st;
	off_t		 pos;
	int		 fd, rc;

	if ((fd = fcntl(STDIN_FILENO, F_DUPFD_CLOEXEC, 3)) == -1 ||
	    fstat(fd, &st) == -1) {
		seterr(err, errlen, "-: standard input: %s", strerror(errno));
		if (fd != -1)
			close(fd);
		return -1;
	}
	if (S_ISDIR(st.st_mode)) {
		close(fd);
		seterr(err, errlen, "-: standard input is a directory");
		return -1;
	}
	if (S_ISREG(st.st_mode)) {
		pos = lseek(fd, 0, SEEK_CUR);
		rc = open_file(mb, fd, pos > 0 ? (uint64_t)pos : 0, err,
		    errlen);
	} else
		rc = open_stream(mb, fd, err, errlen);
	mb->kind = BV_MB_STDIN;
	return rc;
}

struct bv_mailbox *
bv_mailbox_open(const char *arg, char *err, size_t errlen)
{
	struct bv_mailbox	*mb;
	int			 rc;

	if (err != NULL && errlen > 0)
		err[0] = '\0';
	mb = xcalloc(1, sizeof(*mb));
	mb->name = xstrdup(arg);
	mb->fd = -1;
	if (strcmp(arg, "-") == 0)
		rc = open_stdin(mb, err, errlen);
	else
		rc = open_path(mb, arg, err, errlen);
	if (rc == -1) {
		bv_mailbox_free(mb);
		return NULL;
	}
	return mb;
}

void
bv_mailbox_free(struct bv_mailbox *mb)
{
	if (mb == NULL)
		return;
	if (mb->fd != -1)
		close(mb->fd);
	mbscan_release(&mb->sc);
	mbfiles_free(&mb->files);
	buf_free(&mb->spool);
	free(mb->sp);
	free(mb->name);
	free(mb);
}

enum bv_mbkind
bv_mailbox_kind(const struct bv_mailbox *mb)
{
	return mb->kind;
}

const char *
bv_mailbox_name(const struct bv_mailbox *mb)
{
	return mb->name;
}

/* ---- reading -------------------------------------------------------------------- */

static int
is_dir_kind(const struct bv_mailbox *mb)
{
	return mb->kind == BV_MB_MAILDIR || mb->kind == BV_MB_MSGDIR;
}

/* Done with the file being read: its descriptor and window go (a glob may
 * name thousands of mailboxes), except standard input's copy, which is all
 * there is to read again. */
static void
close_current(struct bv_mailbox *mb)
{
	uint64_t	 n = mbscan_pos(&mb->sc) - mb->base;

	if (is_dir_kind(mb)) {
		mb->filesdone += n;
		mb->curpath = NULL;
	} else
		mb->final = n;
	mbscan_release(&mb->sc);
	if (mb->fd != -1 && !(mb->kind == BV_MB_STDIN && !mb->stream)) {
		close(mb->fd);
		mb->fd = -1;
	}
}

/* Keep a pipe's message for bv_msgloc_read while the spool has room. */
static void
spool_add(struct bv_mailbox *mb, const struct bv_msgloc *loc,
    const struct buf *bytes, int ok)
{
	struct spooled	*s;

	mb->sp = xreallocarray(mb->sp, mb->nsp + 1, sizeof(*mb->sp));
	s = &mb->sp[mb->nsp++];
	s->offset = loc->offset;
	s->len = bytes->len;
	s->at = NOTKEPT;
	if (ok && mb->spool.len + bytes->len <= BV_SPOOL_CAP) {
		s->at = mb->spool.len;
		buf_add(&mb->spool, bytes->s, bytes->len);
	}
}

/* The verdict on one message just read. */
static int
verdict(struct bv_mailbox *mb, const struct bv_msgloc *loc,
    struct buf *bytes, int toobig, char *err, size_t errlen)
{
	int	 rc = 1;

	if (toobig) {
		seterr(err, errlen, "larger than %llu MiB, the limit for "
		    "one message", (unsigned long long)(BV_MSG_CAP >> 20));
		rc = -1;
	} else if (mb->sc.error != 0) {
		seterr(err, errlen, "read error: %s", strerror(mb->sc.error));
		rc = -1;
	}
	if (rc == -1)
		buf_reset(bytes);
	if (mb->stream)
		spool_add(mb, loc, bytes, rc == 1);
	return rc;
}

/* The next message of an mbox, message file or standard input. */
static int
next_in_file(struct bv_mailbox *mb, struct bv_msgloc *loc, struct buf *bytes,
    char *err, size_t errlen)
{
	uint64_t	 off = mb->base, len = 0;
	int		 toobig = 0, r;

	if (mb->ended)
		return 0;
	if (mb->split)
		r = mbscan_next(&mb->sc, BV_MSG_CAP, &off, &len,
		    mb->locate_only ? NULL : bytes, &toobig);
	else if (mb->whole_read)
		r = 0;
	else {
		mb->whole_read = 1;
		r = mbscan_whole(&mb->sc, BV_MSG_CAP, mb->size, &len, bytes,
		    &toobig);
	}
	if (r == 0) {
		mb->ended = 1;
		close_current(mb);
		return 0;
	}
	loc->path = mb->name;
	loc->offset = off;
	loc->length = len;
	loc->msgno = ++mb->msgno;
	return verdict(mb, loc, bytes, toobig, err, errlen);
}

/* Open the next file of a directory: 1 with mb->fd set, 0 when the entry
 * is to be passed over (no longer a regular file), -1 with ERR when it
 * cannot be opened (LOC filled: it still counts as a message). */
static int
open_entry(struct bv_mailbox *mb, const char *path, struct bv_msgloc *loc,
    char *err, size_t errlen, struct stat *st)
{
	int	 fd;

	fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY |
	    O_CLOEXEC);
	if (fd == -1 && (errno == ELOOP || errno == ENXIO))
		return 0;			/* a symlink or socket now */
	if (fd == -1 || fstat(fd, st) == -1) {
		seterr(err, errlen, "cannot open: %s", strerror(errno));
		if (fd != -1)
			close(fd);
		loc->path = path;
		loc->msgno = ++mb->msgno;
		return -1;
	}
	if (!S_ISREG(st->st_mode)) {
		close(fd);
		return 0;
	}
	mb->fd = fd;
	mb->curpath = path;
	mb->base = 0;
	return 1;
}

/* One file of a directory as one message; a From_ line at its top (as
 * some deliveries leave in a Maildir) is not part of it. */
static int
whole_entry(struct bv_mailbox *mb, const struct stat *st,
    struct bv_msgloc *loc, struct buf *bytes, char *err, size_t errlen)
{
	uint64_t	 len = 0;
	size_t		 skip, n;
	int		 toobig = 0;

	mbscan_start(&mb->sc, mb->fd, 0, 0);
	(void)mbscan_whole(&mb->sc, BV_MSG_CAP, (uint64_t)st->st_size, &len,
	    bytes, &toobig);
	if (!toobig && bytes->len > 0) {
		n = mb_frame(bytes->s, bytes->len, 0, &skip);
		memmove(bytes->s, bytes->s + skip, n);
		bytes->len = n;
		bytes->s[n] = '\0';
	}
	loc->path = mb->curpath;
	loc->offset = 0;
	loc->length = len;
	loc->msgno = ++mb->msgno;
	close_current(mb);
	return verdict(mb, loc, bytes, toobig, err, errlen);
}

/* A Maildir entry handed out as listed, neither opened nor read: whoever
 * reads it (a worker) opens, checks and measures it, and a file that went
 * or changed in between is its error to report. */
static int
name_entry(struct bv_mailbox *mb, struct bv_msgloc *loc)
{
	if (mb->nextfile == mb->files.n) {
		mb->ended = 1;
		return 0;
	}
	loc->path = mb->files.path[mb->nextfile++];
	loc->offset = 0;
	loc->length = 0;		/* not known yet: the whole file */
	loc->msgno = ++mb->msgno;
	return 1;
}

static int
next_in_dir(struct bv_mailbox *mb, struct bv_msgloc *loc, struct buf *bytes,
    char *err, size_t errlen)
{
	struct stat	 st;
	uint64_t	 off, len;
	int		 toobig, r;

	if (mb->locate_only)
		return name_entry(mb, loc);
	for (;;) {
		if (mb->fd != -1) {		/* an mbox in a folder */
			r = mbscan_next(&mb->sc, BV_MSG_CAP, &off, &len, bytes,
			    &toobig);
			if (r == 1) {
				loc->path = mb->curpath;
				loc->offset = off;
				loc->length = len;
				loc->msgno = ++mb->msgno;
				return verdict(mb, loc, bytes, toobig, err,
				    errlen);
			}
			close_current(mb);
			continue;
		}
		if (mb->nextfile == mb->files.n) {
			mb->ended = 1;
			return 0;
		}
		r = open_entry(mb, mb->files.path[mb->nextfile++], loc, err,
		    errlen, &st);
		if (r <= 0) {
			if (r == -1)
				return -1;
			continue;
		}
		if (mb->kind == BV_MB_MSGDIR && starts_from(mb->fd, 0) == 1)
			mbscan_start(&mb->sc, mb->fd, 0, 0);
		else
			return whole_entry(mb, &st, loc, bytes, err, errlen);
	}
}

int
bv_mailbox_next(struct bv_mailbox *mb, struct bv_msgloc *loc,
    struct buf *bytes, char *err, size_t errlen)
{
	memset(loc, 0, sizeof(*loc));
	buf_reset(bytes);
	buf_add(bytes, "", 0);
	if (err != NULL && errlen > 0)
		err[0] = '\0';
	if (is_dir_kind(mb))
		return next_in_dir(mb, loc, bytes, err, errlen);
	return next_in_file(mb, loc, bytes, err, errlen);
}

uint64_t
bv_mailbox_guess_size(uint64_t dirbytes)
{
	return dirbytes / DIRENT_GUESS * GUESS_SIZE;
}

void
bv_mailbox_progress(const struct bv_mailbox *mb, uint64_t *done,
    uint64_t *total)
{
	uint64_t	 d, t, avg;
	size_t		 left;

	if (is_dir_kind(mb) && mb->locate_only) {
		/* Nothing is read here: files count, at a guessed size each
		 * so that other inputs' bytes weigh as much as ever. */
		d = (uint64_t)mb->nextfile * GUESS_SIZE;
		t = (uint64_t)mb->files.n * GUESS_SIZE;
	} else if (is_dir_kind(mb)) {
		d = mb->filesdone;
		if (mb->fd != -1)
			d += mbscan_pos(&mb->sc);
		/* an estimate: the files not read yet, at the size so far */
		left = mb->files.n - mb->nextfile;
		avg = mb->nextfile > 0 ? mb->filesdone / mb->nextfile :
		    GUESS_SIZE;
		t = d + left * avg;
	} else {
		d = mb->ended ? mb->final : mbscan_pos(&mb->sc) - mb->base;
		t = mb->ended ? d : mb->size;
	}
	*done = d;
	*total = t > d ? t : d;
}

/* ---- reading again ----------------------------------------------------------- */

static int
spool_read(const struct bv_mailbox *mb, const struct bv_msgloc *loc,
    struct buf *bytes, char *err, size_t errlen)
{
	const struct spooled	*s;

	if (loc->msgno == 0 || loc->msgno > mb->nsp ||
	    mb->sp[loc->msgno - 1].offset != loc->offset) {
		seterr(err, errlen, "no such message in what was read");
		return -1;
	}
	s = &mb->sp[loc->msgno - 1];
	if (s->at == NOTKEPT) {
		seterr(err, errlen, "not kept: more than %llu MiB came "
		    "through the pipe", (unsigned long long)(BV_SPOOL_CAP >> 20));
		return -1;
	}
	buf_add(bytes, mb->spool.s + s->at, s->len);
	return 0;
}

#define READ_KEEP	(1024 * 1024)	/* bytes a reading buffer may keep */

/* BYTES emptied, with room for WANT bytes and a NUL.  A worker reads every
 * message into the same buffer: it grows without keeping the old bytes,
 * and shrinks only after a message far larger than the usual. */
static void
room_for(struct buf *bytes, size_t want)
{
	if (bytes->s == NULL || bytes->cap < want + 1 || (bytes->cap >
	    READ_KEEP && want + 1 < bytes->cap / 4)) {
		free(bytes->s);
		bytes->s = xmalloc(want + 1);
		bytes->cap = want + 1;
	}
	bytes->len = 0;
	bytes->s[0] = '\0';
}

/* LEN bytes at OFFSET of FD into BYTES: 0, or -1 (errno; 0 when the file
 * is shorter now). */
static int
read_span(int fd, uint64_t offset, uint64_t len, struct buf *bytes)
{
	size_t	 got = 0, want = (size_t)len;
	ssize_t	 r;

	room_for(bytes, want);
	while (got < want) {
		r = pread(fd, bytes->s + got, want - got,
		    (off_t)(offset + got));
		if (r == -1 && errno == EINTR)
			continue;
		if (r <= 0) {
			if (r == 0)
				errno = 0;
			return -1;
		}
		got += (size_t)r;
	}
	bytes->len = got;
	bytes->s[got] = '\0';
	return 0;
}

/* Over the limit for one message: 1, BYTES empty and ERR saying so. */
static int
too_large(const struct bv_msgloc *loc, struct buf *bytes, char *err,
    size_t errlen)
{
	if (loc->length <= BV_MSG_CAP)
		return 0;
	buf_reset(bytes);
	buf_add(bytes, "", 0);
	seterr(err, errlen, "larger than %llu MiB, the limit for one message",
	    (unsigned long long)(BV_MSG_CAP >> 20));
	return 1;
}

int
bv_msgloc_read(const struct bv_mailbox *mb, const struct bv_msgloc *loc,
    struct buf *bytes, char *err, size_t errlen)
{
	if (mb->stream) {
		buf_reset(bytes);
		buf_add(bytes, "", 0);
		if (too_large(loc, bytes, err, errlen))
			return -1;
		return spool_read(mb, loc, bytes, err, errlen);
	}
	return bv_msgloc_reread(mb->kind, mb->kind == BV_MB_STDIN ? mb->fd :
	    -1, loc, bytes, err, errlen);
}

void
bv_mailbox_locate_only(struct bv_mailbox *mb, int on)
{
	/* Not a folder of message files: a file in it may be an mbox,
	 * which only reading it tells. */
	mb->locate_only = on && bv_mailbox_rereadable(mb) &&
	    (mb->kind == BV_MB_MBOX || mb->kind == BV_MB_MAILDIR);
}

/* Can a message of MB be read again by bv_msgloc_reread alone (by another
 * process: a file it can open, not a pipe kept in memory)? */
int
bv_mailbox_rereadable(const struct bv_mailbox *mb)
{
	return !mb->stream && mb->kind != BV_MB_STDIN;
}

int
bv_msgloc_reread(enum bv_mbkind kind, int fd, const struct bv_msgloc *loc,
    struct buf *bytes, char *err, size_t errlen)
{
	struct bv_msgloc	 mine = *loc;

	return bv_msgloc_fetch(kind, fd, &mine, bytes, err, errlen);
}

static int	fetch(enum bv_mbkind, int, int, const char *,
		    struct bv_msgloc *, struct buf *, char *, size_t);

/* Why FD (from open with FLAGS, or -1 with errno) cannot be read. */
static void
open_error(int flags, char *err, size_t errlen)
{
	if ((errno == ELOOP && (flags & O_NOFOLLOW)) || errno == ENXIO)
		seterr(err, errlen, "cannot open: not a regular file any "
		    "more");
	else
		seterr(err, errlen, "cannot open: %s", strerror(errno));
}

int
bv_msgloc_fetch(enum bv_mbkind kind, int fd, struct bv_msgloc *loc,
    struct buf *bytes, char *err, size_t errlen)
{
	return fetch(kind, fd, AT_FDCWD, loc->path, loc, bytes, err, errlen);
}

int
bv_msgloc_fetch_at(enum bv_mbkind kind, int dirfd, const char *name,
    struct bv_msgloc *loc, struct buf *bytes, char *err, size_t errlen)
{
	return fetch(kind, -1, dirfd, name, loc, bytes, err, errlen);
}

/* LOC's message from FD, or when FD is -1 from the file NAME (under DIRFD)
 * opened here. */
static int
fetch(enum bv_mbkind kind, int fd, int dirfd, const char *name,
    struct bv_msgloc *loc, struct buf *bytes, char *err, size_t errlen)
{
	struct stat	 st;
	int		 rc, flags = 0, own = fd == -1, fd_ok = 0;

	buf_reset(bytes);
	buf_add(bytes, "", 0);
	if (too_large(loc, bytes, err, errlen))
		return -1;
	if (own) {
		flags = O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC;
		if (kind == BV_MB_MAILDIR || kind == BV_MB_MSGDIR)
			flags |= O_NOFOLLOW;
		fd = openat(dirfd, name, flags);
	}
	if (fd == -1 || fstat(fd, &st) == -1)
		open_error(flags, err, errlen);
	else if (!S_ISREG(st.st_mode))
		seterr(err, errlen, "cannot open: not a regular file any more");
	else
		fd_ok = 1;
	if (!fd_ok) {
		if (fd != -1 && own)
			close(fd);
		return -1;
	}
	/* A Maildir entry located without being read: the file is the
	 * message, as long as it is now (over the cap, an error below). */
	if (kind == BV_MB_MAILDIR && loc->length == 0)
		loc->length = (uint64_t)st.st_size;
	rc = bv_msgloc_pread(kind, fd, loc, bytes, err, errlen);
	if (own)
		close(fd);
	return rc;
}

/* BYTES, just read for LOC, made the message: its From_ line (an mbox's
 * proof that the file still holds a message there) and separator left
 * out.  0, or -1 with ERR. */
static int
frame_read(enum bv_mbkind kind, struct buf *bytes, char *err, size_t errlen)
{
	size_t	 skip, n;
	int	 from;

	/* An mbox message begins with its From_ line, or the file changed;
	 * a Maildir file may have one on top that is not part of it. */
	from = bytes->len >= 5 && memcmp(bytes->s, "From ", 5) == 0;
	if (kind == BV_MB_MBOX && !from) {
		buf_reset(bytes);
		seterr(err, errlen, "the mailbox changed since it was read");
		return -1;
	}
	n = mb_frame(bytes->s, bytes->len, from && kind != BV_MB_MAILDIR,
	    &skip);
	memmove(bytes->s, bytes->s + skip, n);
	bytes->len = n;
	bytes->s[n] = '\0';
	return 0;
}

int
bv_msgloc_pread(enum bv_mbkind kind, int fd, const struct bv_msgloc *loc,
    struct buf *bytes, char *err, size_t errlen)
{
	if (too_large(loc, bytes, err, errlen))
		return -1;
	if (read_span(fd, loc->offset, loc->length, bytes) == -1) {
		seterr(err, errlen, "%s", errno != 0 ? strerror(errno) :
		    SHORTER_NOW);
		buf_reset(bytes);
		return -1;
	}
	return frame_read(kind, bytes, err, errlen);
}

int
bv_msgloc_take(enum bv_mbkind kind, struct bv_msgloc *loc, const char *bytes,
    size_t n, struct buf *out, char *err, size_t errlen)
{
	if (kind == BV_MB_MAILDIR && loc->length == 0)
		loc->length = n;
	if (too_large(loc, out, err, errlen))
		return -1;
	if (loc->offset > n || loc->length > n - loc->offset) {
		seterr(err, errlen, "%s", SHORTER_NOW);
		buf_reset(out);
		return -1;
	}
	room_for(out, (size_t)loc->length);
	buf_add(out, bytes + loc->offset, (size_t)loc->length);
	return frame_read(kind, out, err, errlen);
}

static int
in_window(const struct bv_readwin *w, const struct bv_msgloc *loc)
{
	return w->buf.s != NULL && loc->offset >= w->off &&
	    loc->offset - w->off <= w->buf.len &&
	    loc->length <= w->buf.len - (loc->offset - w->off);
}

/* WIN := up to BV_READWIN bytes of FD from OFFSET (fewer at the end of the
 * file); empty when they cannot be read. */
static void
window_fill(int fd, struct bv_readwin *w, uint64_t offset)
{
	ssize_t	 r;

	if (w->buf.s == NULL) {
		w->buf.s = xmalloc(BV_READWIN);
		w->buf.cap = BV_READWIN;
	}
	w->off = offset;
	w->buf.len = 0;
	while (w->buf.len < BV_READWIN) {
		r = pread(fd, w->buf.s + w->buf.len, BV_READWIN - w->buf.len,
		    (off_t)(offset + w->buf.len));
		if (r == -1 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		w->buf.len += (size_t)r;
	}
}

int
bv_msgloc_pread_win(enum bv_mbkind kind, int fd, struct bv_readwin *w,
    const struct bv_msgloc *loc, struct buf *bytes, char *err,
    size_t errlen)
{
	if (loc->length > BV_READWIN)
		return bv_msgloc_pread(kind, fd, loc, bytes, err, errlen);
	if (!in_window(w, loc))
		window_fill(fd, w, loc->offset);
	/* short of it: the file is shorter now, which the direct read
	 * says */
	if (!in_window(w, loc))
		return bv_msgloc_pread(kind, fd, loc, bytes, err, errlen);
	room_for(bytes, (size_t)loc->length);
	buf_add(bytes, w->buf.s + (loc->offset - w->off),
	    (size_t)loc->length);
	return frame_read(kind, bytes, err, errlen);
}

void
bv_readwin_free(struct bv_readwin *w)
{
	free(w->buf.s);
	memset(w, 0, sizeof(*w));
}
