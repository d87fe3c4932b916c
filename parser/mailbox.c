/*
 * mailbox.c: locating messages in an mbox, a Maildir, a directory of message
 * files, one message file or standard input.
 *
 * Strictly read-only: read() and pread() only, no memory map (a file
 * truncated under a map kills the process with SIGBUS), no lock files, and
 * nothing renamed or created.  libetpan's own mailbox drivers are not used
 * because they lock, rewrite and move files even when asked to read.
 */
#include "config.h"

#include <sys/stat.h>
#include <sys/types.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "parser/parser.h"

#define MB_CHUNK	(1u << 20)	/* bytes read at a time from an mbox */
#define MB_MSG_MAX	(64u << 20)	/* larger messages are skipped */
#define MB_STDIN_MAX	((size_t)1 << 30) /* what "-" may spool */
#define MB_FROMLINE_MAX	1024		/* an mbox From_ line is shorter */

struct bv_mailbox {
	enum bv_mbkind	 kind;
	char		*name;		/* the argument as given */
	uint32_t	 msgno;		/* messages handed out so far */

	/* mbox, message file and stdin: a window over the bytes. */
	int		 fd;
	const char	*spool;		/* stdin's bytes, or NULL */
	size_t		 spoollen;
	uint64_t	 size;		/* at open, for progress */
	struct buf	 win;		/* file bytes from winoff on */
	uint64_t	 winoff;
	size_t		 head;		/* start of the next message in win */
	int		 eof;

	/* Maildir and message directories: sorted file paths. */
	char		**files;
	size_t		 nfiles;
	size_t		 next;
	uint64_t	 done;
};

/* ERR = "PATH: WHY", the one-line form every error takes. */
static void
seterr(char *err, size_t errlen, const char *path, const char *why)
{
	if (err != NULL && errlen > 0)
		snprintf(err, errlen, "%s: %s", path, why);
}

/* ---- the window over an mbox ----------------------------------------- */

/* Read more bytes into the window: >0 bytes read, 0 at the end, -1 error. */
static ssize_t
win_fill(struct bv_mailbox *mb)
{
	ssize_t	 n;
	size_t	 want = MB_CHUNK;
	uint64_t at = mb->winoff + mb->win.len;

	if (mb->eof)
		return 0;
	/* Drop what was already handed out, so the window stays bounded. */
	if (mb->head > 0 && mb->head >= mb->win.len / 2) {
		memmove(mb->win.s, mb->win.s + mb->head, mb->win.len - mb->head);
		mb->win.len -= mb->head;
		mb->winoff += mb->head;
		mb->head = 0;
	}
	if (mb->win.cap < mb->win.len + want + 1) {
		size_t	 cap = mb->win.cap * 2;

		if (cap < mb->win.len + want + 1)
			cap = mb->win.len + want + 1;
		mb->win.s = xrealloc(mb->win.s, cap);
		mb->win.cap = cap;
	}
	if (mb->spool != NULL) {
		n = at >= mb->spoollen ? 0 :
		    (ssize_t)(mb->spoollen - at < want ? mb->spoollen - at : want);
		if (n > 0)
			memcpy(mb->win.s + mb->win.len, mb->spool + at, (size_t)n);
	} else {
		do
			n = read(mb->fd, mb->win.s + mb->win.len, want);
		while (n < 0 && errno == EINTR);
	}
	if (n <= 0) {
		mb->eof = 1;
		return n;
	}
	mb->win.len += (size_t)n;
	mb->win.s[mb->win.len] = '\0';
	return n;
}

/* Length of the line at P (without its end), or -1 if it runs past END. */
static ssize_t
line_len(const char *p, const char *end)
{
	const char	*q;

	for (q = p; q < end && q - p < MB_FROMLINE_MAX; q++)
		if (*q == '\n' || *q == '\r')
			return q - p;
	return -1;
}

/*
 * Does the "From " at P (in the window, at least 3 bytes after the start of
 * the message) begin a new message?  It must start a line, and either follow
 * an empty line, as every mbox writer separates messages, or look like an
 * envelope line ("From sender date" with a time in it) for writers that
 * leave no blank line.  MTAs quote "From " at the start of body lines as
 * ">From ", so a body line rarely passes.
 */
static int
is_from_line(const char *p, const char *end)
{
	ssize_t		 n;
	const char	*c;

	if (p[-1] != '\n' && p[-1] != '\r')
		return 0;
	if ((p[-1] == '\n' && p[-2] == '\n') ||
	    (p[-1] == '\n' && p[-2] == '\r' && p[-3] == '\n') ||
	    (p[-1] == '\r' && p[-2] == '\r'))
		return 1;
	if ((n = line_len(p, end)) < 0)
		n = end - p < MB_FROMLINE_MAX ? end - p : MB_FROMLINE_MAX;
	for (c = p + 5; c + 2 < p + n; c++)
		if (c[1] == ':' && c[0] >= '0' && c[0] <= '9' &&
		    c[2] >= '0' && c[2] <= '9')
			return 1;
	return 0;
}

/* Offset in the window of the next From_ line at or after FROM, or -1. */
static ssize_t
find_from(struct bv_mailbox *mb, size_t from)
{
	const char	*base = mb->win.s, *end = base + mb->win.len;
	const char	*p = base + from;

	while ((p = memmem(p, (size_t)(end - p), "From ", 5)) != NULL) {
		if (is_from_line(p, end))
			return p - base;
		p += 5;
	}
	return -1;
}

/* Skip the From_ line at HEAD; returns the offset of the message proper. */
static size_t
skip_from_line(struct bv_mailbox *mb)
{
	const char	*p = mb->win.s + mb->head, *end = mb->win.s + mb->win.len;
	ssize_t		 n;

	if (mb->win.len - mb->head < 5 || memcmp(p, "From ", 5) != 0)
		return mb->head;
	while ((n = line_len(p, end)) < 0 && !mb->eof &&
	    end - p < MB_FROMLINE_MAX) {
		win_fill(mb);
		p = mb->win.s + mb->head;
		end = mb->win.s + mb->win.len;
	}
	if (n < 0)
		n = end - p;
	p += n;
	if (p < end && *p == '\r')
		p++;
	if (p < end && *p == '\n')
		p++;
	return (size_t)(p - mb->win.s);
}

/* The blank line before the next From_ separates; it is not message text. */
static size_t
trim_separator(const char *s, size_t start, size_t end)
{
	if (end > start && s[end - 1] == '\n')
		end--;
	if (end > start && s[end - 1] == '\r')
		end--;
	return end;
}

/* Forget all of the window but its last bytes: a message too large to keep. */
static void
win_drop(struct bv_mailbox *mb)
{
	size_t	 keep = mb->win.len < 8 ? mb->win.len : 8;

	mb->winoff += mb->win.len - keep;
	memmove(mb->win.s, mb->win.s + mb->win.len - keep, keep);
	mb->win.len = keep;
	mb->head = 0;
}

/* Find where the message whose text starts at BODY ends; -1 if oversize. */
static ssize_t
mbox_find_end(struct bv_mailbox *mb, size_t *body)
{
	size_t	 rel_body, rel_scan, scan = *body;
	ssize_t	 at, got;
	int	 oversize = 0;

	for (;;) {
		/* A message file is one message whatever "From " lines it has. */
		if (mb->kind != BV_MB_MSGFILE && (at = find_from(mb, scan)) >= 0)
			break;
		/* Positions relative to the message: win_fill may compact. */
		rel_body = *body - mb->head;
		rel_scan = mb->win.len > mb->head + 8 ? mb->win.len - 8 - mb->head : 0;
		if (rel_scan < rel_body)
			rel_scan = rel_body;
		if (mb->win.len - mb->head > MB_MSG_MAX) {
			oversize = 1;
			win_drop(mb);
			rel_body = 0;
			rel_scan = 3;	/* is_from_line looks 3 bytes back */
		}
		got = win_fill(mb);
		*body = mb->head + rel_body;
		scan = mb->head + rel_scan;
		if (got <= 0) {
			at = (ssize_t)mb->win.len;
			break;
		}
	}
	return oversize ? -1 - at : at;
}

static int
mbox_next(struct bv_mailbox *mb, struct bv_msgloc *loc, struct buf *bytes,
    char *err, size_t errlen)
{
	size_t	 body;
	ssize_t	 at;

	if (mb->head >= mb->win.len && win_fill(mb) <= 0 &&
	    mb->head >= mb->win.len)
		return 0;
	body = skip_from_line(mb);
	loc->offset = mb->winoff + mb->head;
	loc->msgno = ++mb->msgno;
	loc->path = mb->name;
	if ((at = mbox_find_end(mb, &body)) < 0) {
		at = -1 - at;
		loc->length = mb->winoff + (size_t)at - loc->offset;
		mb->head = (size_t)at;
		if (err != NULL)
			snprintf(err, errlen, "%s: message %u is larger than %u MB; "
			    "skipped", mb->name, loc->msgno, MB_MSG_MAX >> 20);
		return -1;
	}
	loc->length = mb->winoff + (size_t)at - loc->offset;
	buf_reset(bytes);
	buf_add(bytes, mb->win.s + body,
	    trim_separator(mb->win.s, body, (size_t)at) - body);
	mb->head = (size_t)at;
	return 1;
}

/* ---- directories --------------------------------------------------------- */

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Add DIR's regular files (not dot-files, not links, not FIFOs). */
static int
list_dir(struct bv_mailbox *mb, const char *dir, size_t *cap)
{
	DIR		*d;
	struct dirent	*de;
	struct stat	 st;
	char		*path;

	if ((d = opendir(dir)) == NULL)
		return -1;
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		path = xasprintf("%s/%s", dir, de->d_name);
		if (lstat(path, &st) != 0 || !S_ISREG(st.st_mode)) {
			free(path);
			continue;
		}
		if (mb->nfiles == *cap) {
			*cap = *cap ? *cap * 2 : 64;
			mb->files = xreallocarray(mb->files, *cap, sizeof *mb->files);
		}
		mb->files[mb->nfiles++] = path;
		mb->size += (uint64_t)st.st_size;
	}
	closedir(d);
	return 0;
}

/* Maildir messages sort by file name, whichever of cur/ and new/ holds them. */
static int
cmp_basename(const void *a, const void *b)
{
	const char	*x = strrchr(*(char *const *)a, '/');
	const char	*y = strrchr(*(char *const *)b, '/');
	int		 c = strcmp(x ? x + 1 : *(char *const *)a,
			    y ? y + 1 : *(char *const *)b);

	return c ? c : cmp_str(a, b);
}

static int
open_dir(struct bv_mailbox *mb, char *err, size_t errlen)
{
	char		*cur, *new;
	struct stat	 st1, st2;
	size_t		 cap = 0;
	int		 rc;

	cur = xasprintf("%s/cur", mb->name);
	new = xasprintf("%s/new", mb->name);
	if (stat(cur, &st1) == 0 && S_ISDIR(st1.st_mode) &&
	    stat(new, &st2) == 0 && S_ISDIR(st2.st_mode)) {
		mb->kind = BV_MB_MAILDIR;
		rc = list_dir(mb, cur, &cap) | list_dir(mb, new, &cap);
		qsort(mb->files, mb->nfiles, sizeof *mb->files, cmp_basename);
	} else {
		mb->kind = BV_MB_MSGDIR;
		rc = list_dir(mb, mb->name, &cap);
		qsort(mb->files, mb->nfiles, sizeof *mb->files, cmp_str);
	}
	free(cur);
	free(new);
	if (rc != 0)
		seterr(err, errlen, mb->name, strerror(errno));
	return rc;
}

/* Read one message file whole: 0, or -1 with ERR. */
static int
read_file(const char *path, struct buf *bytes, char *err, size_t errlen)
{
	struct stat	 st;
	ssize_t		 n;
	int		 fd;
	char		 tmp[64 * 1024];

	buf_reset(bytes);
	fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0) {
		seterr(err, errlen, path, strerror(errno));
		return -1;
	}
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		seterr(err, errlen, path, "not a regular file");
		close(fd);
		return -1;
	}
	if ((uint64_t)st.st_size > MB_MSG_MAX) {
		seterr(err, errlen, path, "message larger than 64 MB; skipped");
		close(fd);
		return -1;
	}
	for (;;) {
		n = read(fd, tmp, sizeof tmp);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		if (bytes->len + (size_t)n > MB_MSG_MAX) {
			n = -1;
			errno = EFBIG;
			break;
		}
		buf_add(bytes, tmp, (size_t)n);
	}
	if (n < 0) {
		seterr(err, errlen, path, strerror(errno));
		close(fd);
		return -1;
	}
	close(fd);
	buf_add(bytes, "", 0);
	return 0;
}

/* A "From " envelope line at the top of a message file is not part of it. */
static void
strip_from_line(struct buf *bytes)
{
	char	*nl;
	size_t	 n;

	if (bytes->len < 5 || memcmp(bytes->s, "From ", 5) != 0)
		return;
	nl = memchr(bytes->s, '\n', bytes->len);
	n = nl ? (size_t)(nl - bytes->s) + 1 : bytes->len;
	memmove(bytes->s, bytes->s + n, bytes->len - n + 1);
	bytes->len -= n;
}

static int
dir_next(struct bv_mailbox *mb, struct bv_msgloc *loc, struct buf *bytes,
    char *err, size_t errlen)
{
	const char	*path;

	if (mb->next >= mb->nfiles)
		return 0;
	path = mb->files[mb->next++];
	loc->path = path;
	loc->offset = 0;
	loc->msgno = ++mb->msgno;
	if (read_file(path, bytes, err, errlen) != 0) {
		loc->length = 0;
		return -1;
	}
	loc->length = bytes->len;
	mb->done += bytes->len;
	strip_from_line(bytes);
	return 1;
}

/* ---- opening ----------------------------------------------------------- */

static int
spool_stdin(struct bv_mailbox *mb, char *err, size_t errlen)
{
	struct buf	 b = { 0 };
	char		 tmp[64 * 1024];
	ssize_t		 n;

	while ((n = read(STDIN_FILENO, tmp, sizeof tmp)) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			seterr(err, errlen, "-", strerror(errno));
			buf_free(&b);
			return -1;
		}
		if (b.len + (size_t)n > MB_STDIN_MAX) {
			seterr(err, errlen, "-", "standard input larger than 1 GB");
			buf_free(&b);
			return -1;
		}
		buf_add(&b, tmp, (size_t)n);
	}
	mb->spoollen = b.len;
	mb->spool = buf_steal(&b);
	mb->size = mb->spoollen;
	return 0;
}

/* Decide between mbox and single message from the first bytes. */
static void
sniff_kind(struct bv_mailbox *mb)
{
	win_fill(mb);
	if (mb->win.len == 0 ||
	    (mb->win.len >= 5 && memcmp(mb->win.s, "From ", 5) == 0))
		mb->kind = mb->kind == BV_MB_STDIN ? BV_MB_STDIN : BV_MB_MBOX;
	else
		mb->kind = BV_MB_MSGFILE;
}

struct bv_mailbox *
bv_mailbox_open(const char *arg, char *err, size_t errlen)
{
	struct bv_mailbox	*mb = xcalloc(1, sizeof *mb);
	struct stat		 st;

	mb->name = xstrdup(arg);
	mb->fd = -1;
	if (strcmp(arg, "-") == 0) {
		mb->kind = BV_MB_STDIN;
		if (spool_stdin(mb, err, errlen) != 0)
			goto fail;
		sniff_kind(mb);
		if (mb->kind == BV_MB_MSGFILE)
			mb->kind = BV_MB_STDIN;
		return mb;
	}
	mb->fd = open(arg, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (mb->fd < 0 || fstat(mb->fd, &st) != 0) {
		seterr(err, errlen, arg, strerror(errno));
		goto fail;
	}
	if (S_ISDIR(st.st_mode)) {
		close(mb->fd);
		mb->fd = -1;
		if (open_dir(mb, err, errlen) != 0)
			goto fail;
		return mb;
	}
	if (!S_ISREG(st.st_mode)) {
		seterr(err, errlen, arg,
		    "not a mailbox: neither a regular file nor a directory");
		goto fail;
	}
	/* Opened non-blocking so a FIFO never hangs; files read normally. */
	fcntl(mb->fd, F_SETFL, fcntl(mb->fd, F_GETFL) & ~O_NONBLOCK);
	mb->size = (uint64_t)st.st_size;
	sniff_kind(mb);
	return mb;
fail:
	bv_mailbox_free(mb);
	return NULL;
}

void
bv_mailbox_free(struct bv_mailbox *mb)
{
	size_t	 i;

	if (mb == NULL)
		return;
	if (mb->fd >= 0)
		close(mb->fd);
	for (i = 0; i < mb->nfiles; i++)
		free(mb->files[i]);
	free(mb->files);
	free((char *)mb->spool);
	buf_free(&mb->win);
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

int
bv_mailbox_next(struct bv_mailbox *mb, struct bv_msgloc *loc,
    struct buf *bytes, char *err, size_t errlen)
{
	memset(loc, 0, sizeof *loc);
	if (err != NULL && errlen > 0)
		err[0] = '\0';
	if (mb->kind == BV_MB_MAILDIR || mb->kind == BV_MB_MSGDIR)
		return dir_next(mb, loc, bytes, err, errlen);
	if (mb->kind == BV_MB_MSGFILE && mb->msgno > 0)
		return 0;
	return mbox_next(mb, loc, bytes, err, errlen);
}

void
bv_mailbox_progress(const struct bv_mailbox *mb, uint64_t *done,
    uint64_t *total)
{
	if (mb->kind == BV_MB_MAILDIR || mb->kind == BV_MB_MSGDIR)
		*done = mb->done;
	else
		*done = mb->winoff + mb->head;
	*total = mb->size;
	if (*done > *total)
		*total = *done;
}

int
bv_msgloc_read(const struct bv_mailbox *mb, const struct bv_msgloc *loc,
    struct buf *bytes, char *err, size_t errlen)
{
	ssize_t	 n;
	size_t	 got = 0, len;
	int	 fd;

	if (mb->kind == BV_MB_MAILDIR || mb->kind == BV_MB_MSGDIR) {
		if (read_file(loc->path, bytes, err, errlen) != 0)
			return -1;
		strip_from_line(bytes);
		return 0;
	}
	if (loc->length > MB_MSG_MAX) {
		seterr(err, errlen, mb->name, "message larger than 64 MB");
		return -1;
	}
	len = (size_t)loc->length;
	buf_reset(bytes);
	if (mb->spool != NULL) {
		if (loc->offset + len > mb->spoollen) {
			seterr(err, errlen, mb->name, "message out of range");
			return -1;
		}
		buf_add(bytes, mb->spool + loc->offset, len);
	} else {
		if ((fd = open(mb->name, O_RDONLY | O_NONBLOCK | O_CLOEXEC)) < 0) {
			seterr(err, errlen, mb->name, strerror(errno));
			return -1;
		}
		buf_add(bytes, "", 0);
		bytes->s = xrealloc(bytes->s, len + 1);
		bytes->cap = len + 1;
		while (got < len) {
			n = pread(fd, bytes->s + got, len - got,
			    (off_t)(loc->offset + got));
			if (n < 0 && errno == EINTR)
				continue;
			if (n <= 0)
				break;
			got += (size_t)n;
		}
		close(fd);
		if (got < len) {
			seterr(err, errlen, mb->name,
			    "the mailbox changed since it was read");
			buf_reset(bytes);
			return -1;
		}
		bytes->len = len;
		bytes->s[len] = '\0';
	}
	strip_from_line(bytes);
	if (mb->kind != BV_MB_MSGFILE)
		bytes->len = trim_separator(bytes->s, 0, bytes->len);
	bytes->s[bytes->len] = '\0';
	return 0;
}
