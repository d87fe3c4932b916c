/*
 * workers.c: parsing in worker processes.
 *
 * The loader locates messages and hands them to two forked workers through
 * pipes; each worker parses and classifies and sends the records back; the
 * loader puts the answers back in mailbox order.  Two processes use both
 * cores, and a message that crashes, hangs or exhausts the parsing library
 * costs that message only: the worker dies (or is killed after a time
 * limit), the message is listed as unreadable with the reason, a new worker
 * takes over the other messages the dead one had.
 *
 * Message bytes do not cross the pipes: a job names where the message is
 * and the worker reads it itself (an mbox opened once per worker and read
 * with pread, a message file opened for the message, a Maildir entry too,
 * or read ahead with the next ones in one batch where the kernel offers
 * io_uring; the loader has not even opened a Maildir entry, so its length
 * comes back).  A
 * file that is shorter now than where the message was found makes that
 * message unreadable ("the file changed since it was read"); a Maildir
 * entry is read as it is when the worker opens it.  Only a pipe
 * given as "-" has its messages' bytes carried, since no one can read them
 * again.
 *
 * Frames on the pipes start with their length (u32) and the job's sequence
 * number (u64).  To the worker: the location (offset, length, message and
 * mailbox numbers), the path, how to read it (0: the bytes follow; else 1 +
 * the mailbox kind).  From it: the kind of message, the message's length
 * (a Maildir entry's is known only once the worker opened it) and its
 * records, strings as u32 length + bytes (length 0xffffffff for NULL).  The
 * constant strings a record points to (reader name, reason, rule,
 * blocklist, advice) travel as text too and are interned here, so no
 * pointer crosses a process boundary.
 *
 * For the export (render mode) a worker answers with the message's export
 * text instead, plus the count of records and the errors to report: turning
 * records into text is then done on both cores, and records never cross.
 *
 * Few wakeups: up to POOL_INFLIGHT jobs are out at once (POOL_INFLIGHT_RECS
 * when the answers are records, which wait in memory for their turn), a
 * worker answers in batches of ANSWER_BATCH bytes (RECORD_BATCH for records;
 * or when it has nothing left to parse), the pipes are asked to hold 1 MB, and the loader reads all
 * a worker has sent when it listens.  Each wakeup of the loader takes a core from a worker
 * and cools its caches.
 */
#include "config.h"

#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/types.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "parser/parser.h"

#define POOL_WORKERS	2
#define POOL_INFLIGHT	2048		/* jobs handed out and not answered */
#define POOL_INFLIGHT_RECS 2048	/* the same when answers are records:
					   those held for mailbox order cost
					   the interface's RSS (about 0.8 KB
					   a job, reserved to fit), and with
					   fewer a worker waits while the
					   loader waits for the other one
					   (256: index 20 % slower) */
#define POOL_START	256		/* the same for the first messages */
#define POOL_BYTES	(32u << 20)	/* their bytes, unless one is larger */
#define PIPE_BYTES	(1 << 20)	/* asked of each pipe; 64 KB if not */
#define DRAIN_BYTES	(1u << 20)	/* read from a worker per listen */
#define WORKER_MEM	((rlim_t)2 << 30) /* address space of a worker */
#define JOB_SECONDS	10		/* default time limit per message */
#define NULLSTR		0xffffffffu
/* In a worker's shared number instead of a job's: it is reading a batch of
 * files ahead, and no one message is to blame if it never comes back. */
#define CUR_BATCH	((uint64_t)1 << 63)

/* The record's owned strings, in the order they travel. */
#define OWNED(f) offsetof(struct bv_record, f)
static const size_t owned_fields[] = {
	OWNED(date), OWNED(reporting_mta), OWNED(remote_mta), OWNED(recipient),
	OWNED(original_recipient), OWNED(action), OWNED(status),
	OWNED(reply_code), OWNED(diagnostic), OWNED(arrival_date),
	OWNED(last_attempt_date), OWNED(feedback_type), OWNED(error),
	OWNED(listed_ip), OWNED(original.from), OWNED(original.to),
	OWNED(original.subject), OWNED(original.date),
	OWNED(original.message_id),
};
/* And the constant ones, interned on arrival. */
static const size_t const_fields[] = {
	OWNED(format), OWNED(reason), OWNED(rule), OWNED(blocklist),
	OWNED(blocklist_url), OWNED(remediation), OWNED(hint_reason),
	OWNED(command), OWNED(diag_type),
};
#define NELEM(a) (sizeof(a) / sizeof((a)[0]))
/* The fewest bytes a record takes in an answer: two numbers and a length
 * per string. */
#define RECORD_MIN	(4 * (2 + NELEM(owned_fields) + NELEM(const_fields)))

struct job {
	uint64_t		 seq;
	struct bv_msgloc	 loc;
	int			 worker;	/* -1: resolved without one */
	char			*bytes;		/* kept until answered */
	size_t			 len;
	uint32_t		 how;		/* 0: bytes carried; else 1 +
						   the mailbox kind, read by
						   the worker itself */
	int			 done;
	enum bv_msgkind		 kind;
	struct bv_reclist	 recs;		/* render mode: errors only */
	int			 rendered;	/* answered as text */
	char			*text;
	size_t			 textlen;
	uint32_t		 nrec, matched;
};

struct worker {
	pid_t		 pid;
	int		 to;		/* we write requests here */
	int		 from;		/* and read answers here */
	struct buf	 out;		/* request bytes not yet written */
	size_t		 outpos;
	struct buf	 in;		/* answer bytes not yet parsed */
	time_t		 progress;	/* last answer or first job */
	volatile uint64_t *cur;		/* shared: 1 + the job it parses,
					   or CUR_BATCH */
	size_t		 busy;		/* its jobs not answered yet */
};

struct bv_pool {
	struct worker	 w[POOL_WORKERS];
	struct job	*q;		/* ring of jobs in sequence order */
	size_t		 qhead, qlen, qcap;
	uint64_t	 nextseq;
	size_t		 collected;	/* answers taken, up to POOL_INFLIGHT */
	size_t		 inbytes;	/* bytes of unanswered jobs */
	int		 all;
	const struct bv_render *render;	/* borrowed; NULL: records */
	int		 next_worker;	/* on a tie */
	int		 seconds;	/* time limit per message */
	time_t		 last_pump;	/* when we last listened */
	/* The run of adjacent mbox messages going to one worker. */
	int		 run_worker;	/* -1: none */
	const char	*run_path;	/* borrowed: the mailbox's */
	uint64_t	 run_end;	/* offset just past its last message */
	uint64_t	 run_bytes;
	int		 no_batches;	/* a batch hung: new workers read
					   Maildir files one by one */
	size_t		 warm_loader;	/* heap bytes made present up front */
	size_t		 warm_worker;
	void		*warm_top;	/* the loader's heap top after its last
					   warm-up; NULL: none */
};

/*
 * The interned strings: process-wide and never freed, because records keep
 * pointing at them after the pool that received them is gone.
 */
struct islot {
	uint64_t	 hash;
	size_t		 len;
	char		*s;		/* NULL: a free slot */
};
static struct islot	*interned;	/* open addressing */
static size_t		 ninterned, capinterned;

/* ---- interning the constant strings ------------------------------------- */

static void intern_grow(void);

/* A pool-owned copy of S[0..N), the same pointer for the same text.  A
 * slot keeps its hash and length: a record brings a dozen of these, and
 * most probes end on the first comparison of two numbers. */
static const char *
intern(const char *s, size_t n)
{
	uint64_t	 h = bv_hash(s, n);
	struct islot	*sl;
	size_t		 i;

	if (ninterned * 2 >= capinterned)
		intern_grow();
	for (i = h & (capinterned - 1); interned[i].s != NULL;
	    i = (i + 1) & (capinterned - 1)) {
		sl = &interned[i];
		if (sl->hash == h && sl->len == n && memcmp(sl->s, s, n) == 0)
			return sl->s;
	}
	interned[i].hash = h;
	interned[i].len = n;
	interned[i].s = xstrndup(s, n);
	ninterned++;
	return interned[i].s;
}

static void
intern_grow(void)
{
	struct islot	*old = interned;
	size_t		 oldcap = capinterned, i, j;

	capinterned = oldcap ? oldcap * 2 : 256;
	interned = xcalloc(capinterned, sizeof(*interned));
	for (i = 0; i < oldcap; i++) {
		if (old[i].s == NULL)
			continue;
		j = old[i].hash & (capinterned - 1);
		while (interned[j].s != NULL)
			j = (j + 1) & (capinterned - 1);
		interned[j] = old[i];
	}
	free(old);
}

/* ---- frames ---------------------------------------------------------------- */

static void
put32(struct buf *b, uint32_t v)
{
	buf_add(b, &v, sizeof(v));
}

static void
put64(struct buf *b, uint64_t v)
{
	buf_add(b, &v, sizeof(v));
}

static void
putstr(struct buf *b, const char *s)
{
	size_t	 n;

	if (s == NULL) {
		put32(b, NULLSTR);
		return;
	}
	n = strlen(s);
	put32(b, (uint32_t)n);
	buf_add(b, s, n);
}

/* A cursor over a received frame; every read is bounds-checked. */
struct cursor {
	const char	*p;
	const char	*end;
	int		 bad;
};

static uint32_t
get32(struct cursor *c)
{
	uint32_t	 v = 0;

	if (c->end - c->p < 4) {
		c->bad = 1;
		return 0;
	}
	memcpy(&v, c->p, 4);
	c->p += 4;
	return v;
}

static uint64_t
get64(struct cursor *c)
{
	uint64_t	 v = 0;

	if (c->end - c->p < 8) {
		c->bad = 1;
		return 0;
	}
	memcpy(&v, c->p, 8);
	c->p += 8;
	return v;
}

/* The next string: its bytes in *S (not terminated) and length, or -1 for
 * NULL. */
static ssize_t
getstr(struct cursor *c, const char **s)
{
	uint32_t	 n = get32(c);

	*s = NULL;
	if (c->bad || n == NULLSTR)
		return -1;
	if ((size_t)(c->end - c->p) < n) {
		c->bad = 1;
		return -1;
	}
	*s = c->p;
	c->p += n;
	return (ssize_t)n;
}

/* Begin a frame; returns where its length goes. */
static size_t
frame_begin(struct buf *b, uint64_t seq)
{
	size_t	 at = b->len;

	put32(b, 0);
	put64(b, seq);
	return at;
}

static void
frame_end(struct buf *b, size_t at)
{
	uint32_t	 n = (uint32_t)(b->len - at - 4);

	memcpy(b->s + at, &n, 4);
}

/* ---- the worker's side ------------------------------------------------------- */

static int
write_all(int fd, const char *p, size_t n)
{
	ssize_t	 w;

	while (n > 0) {
		w = write(fd, p, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

static void
putmem(struct buf *b, const char *s, size_t n)
{
	put32(b, (uint32_t)n);
	buf_add(b, s, n);
}

static void
put_record(struct buf *b, const struct bv_record *r)
{
	size_t	 i;

	put32(b, r->rcpt);
	put32(b, (uint32_t)r->hard);
	for (i = 0; i < NELEM(owned_fields); i++)
		putstr(b, *(char *const *)((const char *)r + owned_fields[i]));
	for (i = 0; i < NELEM(const_fields); i++)
		putstr(b, *(const char *const *)((const char *)r +
		    const_fields[i]));
}

/* Test hooks: a marker in a message that makes the worker crash, hang or
 * answer nonsense, or in a file name that makes its batch of files hang,
 * so the tests can prove one bad message costs only itself.  Looked up
 * once per worker: getenv() walks the environment each call. */
static const char	*hook_crash, *hook_hang, *hook_garble, *hook_batch_hang;

static void
hooks_look(void)
{
	static int	 looked;

	if (looked)
		return;
	hook_crash = getenv("BOUNCEVIEW_TEST_CRASH");
	hook_hang = getenv("BOUNCEVIEW_TEST_HANG");
	hook_garble = getenv("BOUNCEVIEW_TEST_GARBLE");
	hook_batch_hang = getenv("BOUNCEVIEW_TEST_BATCH_HANG");
	looked = 1;
}

static int
hook_hit(const char *marker, const char *s, size_t len)
{
	return marker != NULL && *marker &&
	    memmem(s, len, marker, strlen(marker)) != NULL;
}

/* Crash or hang on a marked message; 1 when its answer is to be nonsense
 * (more records than the frame holds, as a worker whose memory the parsing
 * library wrote over might send). */
static int
test_hooks(const char *bytes, size_t len)
{
	hooks_look();
	if (hook_hit(hook_crash, bytes, len))
		raise(SIGSEGV);
	if (hook_hit(hook_hang, bytes, len))
		for (;;)
			pause();
	return hook_hit(hook_garble, bytes, len);
}

/* A batch naming a file with BOUNCEVIEW_TEST_BATCH_HANG in its name never
 * comes back, as on a file system that hangs. */
static void
test_batch_hook(const char *names, size_t len)
{
	hooks_look();
	if (hook_hit(hook_batch_hang, names, len))
		for (;;)
			pause();
}

/* The answer in render mode: counts, the text, and the errors to report. */
static void
put_rendered(struct buf *ans, const struct bv_render *rd,
    struct bv_reclist *recs, struct buf *txt)
{
	struct bv_render	 mine = *rd;
	size_t			 i;
	uint32_t		 nerr = 0;

	mine.text = *txt;
	mine.matched = 0;
	buf_reset(&mine.text);
	bv_render_records(&mine, recs, 0);
	*txt = mine.text;
	put32(ans, (uint32_t)recs->n);
	put32(ans, (uint32_t)mine.matched);
	putmem(ans, txt->s != NULL ? txt->s : "", txt->len);
	for (i = 0; i < recs->n; i++)
		nerr += recs->v[i].error != NULL;
	put32(ans, nerr);
	for (i = 0; i < recs->n; i++)
		if (recs->v[i].error != NULL) {
			put32(ans, recs->v[i].rcpt);
			putstr(ans, recs->v[i].error);
		}
}

/* A directory a worker keeps open. */
struct wdir {
	struct buf	 path;		/* with its NUL */
	int		 fd;		/* -1: none (or it cannot be opened) */
};

/* Directories kept open per worker: a Maildir's files come from cur/ and
 * new/ by turns, in delivery order, and a worker that kept only the last
 * one opened them again and again (a third more open and close calls). */
#define WORKER_DIRS	4

/* Maildir files read ahead in one batch (batchread.c), and the size of
 * the largest taken from it (4 KB is common for a bounce; a file this size
 * or larger is read again the ordinary way). */
#define BATCH_FILES	32
#define BATCH_FILE_BYTES (64 * 1024)

/* A worker's own reading of the mailboxes: the last mbox stays open, with
 * a window of its bytes, and so do the directories of the last Maildir
 * files, whose next files are read ahead in batches. */
struct wread {
	struct buf	 path;		/* of the open mbox */
	int		 fd;
	struct bv_readwin win;
	struct wdir	 dirs[WORKER_DIRS];
	unsigned	 nextdir;	/* the slot to take next, by turns */
	struct bv_batchread *batch;	/* Maildir files read ahead; NULL:
					   one by one */
	int		 batch_tried;
	uint64_t	 bseq[BATCH_FILES];	/* its jobs, in order */
	size_t		 bn, bnext;	/* how many; the next to take */
	struct buf	 bnames;	/* their file names */
	struct buf	 bytes;
	struct buf	 locpath;	/* the current job's */
	struct buf	 text;		/* its records rendered (kept, as
					   the others, from job to job) */
};

/* Open the mbox at PATH for reading, checked once: -1 with ERR. */
static int
worker_open(const char *path, char *err, size_t errlen)
{
	struct stat	 st;
	int		 fd;

	fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
	if (fd == -1 || fstat(fd, &st) == -1) {
		snprintf(err, errlen, "cannot open: %s", strerror(errno));
		if (fd != -1)
			close(fd);
		return -1;
	}
	if (!S_ISREG(st.st_mode)) {
		snprintf(err, errlen, "cannot open: not a regular file any "
		    "more");
		close(fd);
		return -1;
	}
	return fd;
}

/* Where the file name begins in PATH[0..LEN), after its directory's last
 * '/': 0 when the path has not both a directory and a name. */
static size_t
name_start(const char *path, size_t len)
{
	size_t	 i = len;

	while (i > 0 && path[i - 1] != '/')
		i--;
	return i > 1 && i < len ? i : 0;
}

/* The slot of the directory PATH (DIRLEN bytes of it), opened into the
 * slot whose turn it is when it is not open yet, unless that slot is one
 * of KEEP (a bit per slot): then -1. */
static int
dir_slot(struct wread *wr, const char *path, size_t dirlen, unsigned keep)
{
	struct wdir	*d;
	unsigned	 i;

	for (i = 0; i < WORKER_DIRS; i++) {
		d = &wr->dirs[i];
		if (d->path.len == dirlen + 1 &&
		    memcmp(d->path.s, path, dirlen) == 0)
			return (int)i;
	}
	i = wr->nextdir % WORKER_DIRS;
	if (keep & (1u << i))
		return -1;
	wr->nextdir++;
	d = &wr->dirs[i];
	if (d->fd != -1)
		close(d->fd);
	buf_reset(&d->path);
	buf_add(&d->path, path, dirlen);
	buf_add(&d->path, "", 1);
	d->fd = open(d->path.s, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	return (int)i;
}

/*
 * The directory of PATH (DIRLEN bytes of it), kept open: opening each
 * Maildir file by its whole path looked up every component again (a few
 * percent of a worker).  -1 when it cannot be opened: the caller then
 * opens the file by its path, which says why.
 */
static int
worker_dir(struct wread *wr, const char *path, size_t dirlen)
{
	return wr->dirs[dir_slot(wr, path, dirlen, 0)].fd;
}

/*
 * The message of job SEQ, which says where it is rather than carry it.  A
 * Maildir entry read ahead whole is taken from its batch; otherwise it, or
 * a message file, is opened for itself, under its directory kept open (a
 * file the batch could not read is read here again, and the error said
 * here); an mbox once per worker, kept open and read a run of messages
 * at a time through a window (the file is checked at the open, not per
 * message).  A file now shorter than the location is an error here, never
 * a fault.
 */
static int
worker_read(struct wread *wr, uint64_t seq, enum bv_mbkind kind,
    struct bv_msgloc *loc, char *err, size_t errlen)
{
	const char	*bytes;
	ssize_t		 got;
	size_t		 name;
	int		 dirfd;

	/* jobs come in the order they were read ahead in */
	if (wr->bnext < wr->bn && wr->bseq[wr->bnext] != seq)
		wr->bn = wr->bnext = 0;
	if (wr->bnext < wr->bn) {
		got = bv_batchread_get(wr->batch, wr->bnext++, &bytes);
		if (got > 0)
			return bv_msgloc_take(kind, loc, bytes, (size_t)got,
			    &wr->bytes, err, errlen);
	}
	if (kind != BV_MB_MBOX) {
		name = name_start(loc->path, strlen(loc->path));
		if (name != 0 && (dirfd = worker_dir(wr, loc->path,
		    name - 1)) != -1)
			return bv_msgloc_fetch_at(kind, dirfd, loc->path + name,
			    loc, &wr->bytes, err, errlen);
		return bv_msgloc_fetch(kind, -1, loc, &wr->bytes, err,
		    errlen);
	}
	if (wr->fd == -1 || wr->path.s == NULL ||
	    strcmp(wr->path.s, loc->path) != 0) {
		if (wr->fd != -1)
			close(wr->fd);
		bv_readwin_free(&wr->win);
		wr->fd = worker_open(loc->path, err, errlen);
		buf_reset(&wr->path);
		buf_add(&wr->path, loc->path, strlen(loc->path) + 1);
	}
	if (wr->fd == -1)
		return -1;
	return bv_msgloc_pread_win(kind, wr->fd, &wr->win, loc, &wr->bytes,
	    err, errlen);
}

/* A job frame's fields, borrowed from the frame. */
struct jobhead {
	uint64_t		 seq;
	struct bv_msgloc	 loc;		/* its path left NULL */
	const char		*path;		/* not terminated */
	size_t			 plen;
	uint32_t		 how;
	const char		*bytes;		/* carried (how 0) */
	size_t			 len;
};

/* The frame S[0..N) (without its length) read into H: 0, or -1 when it is
 * not a whole job. */
static int
job_decode(const char *s, size_t n, struct jobhead *h)
{
	struct cursor	 c = { s, s + n, 0 };
	ssize_t		 plen, len = 0;

	memset(h, 0, sizeof(*h));
	h->seq = get64(&c);
	h->loc.offset = get64(&c);
	h->loc.length = get64(&c);
	h->loc.msgno = get32(&c);
	h->loc.mailbox = get32(&c);
	plen = getstr(&c, &h->path);
	h->how = get32(&c);
	if (h->how == 0)
		len = getstr(&c, &h->bytes);
	if (c.bad || len < 0 || plen < 0)
		return -1;
	h->plen = (size_t)plen;
	h->len = (size_t)len;
	return 0;
}

/* Whether H is a Maildir file the loader only named, which a batch can
 * read whole. */
static int
batchable(const struct jobhead *h)
{
	return h->how == 1 + BV_MB_MAILDIR && h->loc.offset == 0 &&
	    h->loc.length == 0 && name_start(h->path, h->plen) != 0 &&
	    memchr(h->path, '\0', h->plen) == NULL;
}

/*
 * Before JOB, whose frame begins S[0..N) (frames with their lengths),
 * unless its file was read ahead already: read ahead the files of the
 * Maildir jobs waiting there, from this one on, up to a batch: one system
 * call for them all.  A
 * batch ends before a job of another kind, and before a file whose
 * directory would take the place of one the batch already opens files
 * under.  While it reads, the loader sees CUR_BATCH: a batch that hangs
 * (a file system that never answers) is pinned on no message, and the
 * worker that takes over reads the same files one by one, so the time
 * limit finds the very file.
 */
static void
worker_ahead(struct wread *wr, const struct jobhead *job, const char *s,
    size_t n, volatile uint64_t *cur)
{
	struct jobhead	 h;
	size_t		 at[BATCH_FILES], i, name;
	int		 dir[BATCH_FILES], d;
	unsigned	 used = 0;
	uint32_t	 flen;

	/* an mbox's job, or a file read ahead already: nothing to do */
	if (!batchable(job) || wr->bnext < wr->bn ||
	    (wr->batch_tried && wr->batch == NULL))
		return;
	wr->bn = wr->bnext = 0;
	buf_reset(&wr->bnames);
	while (wr->bn < BATCH_FILES && n >= 4) {
		memcpy(&flen, s, 4);
		if (n - 4 < flen || job_decode(s + 4, flen, &h) == -1 ||
		    !batchable(&h))
			break;
		if (!wr->batch_tried) {		/* at the first Maildir file */
			wr->batch_tried = 1;
			wr->batch = bv_batchread_new(BATCH_FILES,
			    BATCH_FILE_BYTES);
		}
		name = name_start(h.path, h.plen);
		if (wr->batch == NULL ||
		    (d = dir_slot(wr, h.path, name - 1, used)) == -1 ||
		    wr->dirs[d].fd == -1)
			break;
		used |= 1u << d;
		dir[wr->bn] = wr->dirs[d].fd;
		at[wr->bn] = wr->bnames.len;
		buf_add(&wr->bnames, h.path + name, h.plen - name);
		buf_addc(&wr->bnames, '\0');
		wr->bseq[wr->bn++] = h.seq;
		s += 4 + (size_t)flen;
		n -= 4 + (size_t)flen;
	}
	if (wr->bn == 0)
		return;
	bv_batchread_reset(wr->batch);
	for (i = 0; i < wr->bn; i++)
		(void)bv_batchread_add(wr->batch, dir[i], wr->bnames.s + at[i]);
	*cur = CUR_BATCH;
	test_batch_hook(wr->bnames.s, wr->bnames.len);
	if (bv_batchread_run(wr->batch) == -1) {
		bv_batchread_free(wr->batch);
		wr->batch = NULL;
		wr->bn = 0;
	}
}

/* JOB (decoded from its frame) into records, answered into ANS. */
static void
worker_job(const struct jobhead *job, int all, const struct bv_render *rd,
    struct wread *wr, volatile uint64_t *cur, struct buf *ans)
{
	struct bv_reclist	 recs = { 0 };
	struct bv_record	*r;
	struct bv_msgloc	 loc;
	const char		*bytes;
	char			 err[256], save = '\0';
	ssize_t			 len;
	size_t			 at, i;
	enum bv_msgkind		 kind;
	int			 garble = 0;

	*cur = job->seq + 1;
	loc = job->loc;
	bytes = job->bytes;
	len = (ssize_t)job->len;
	if (job->how == 0) {
		/* The parser wants a terminated buffer: borrow the byte after
		 * the frame (the next one's length, or free room). */
		save = ((char *)bytes)[len];
		((char *)bytes)[len] = '\0';
	}
	buf_reset(&wr->locpath);
	buf_add(&wr->locpath, job->path, job->plen);
	buf_addc(&wr->locpath, '\0');
	loc.path = wr->locpath.s;
	if (job->how != 0 && worker_read(wr, job->seq,
	    (enum bv_mbkind)(job->how - 1), &loc, err, sizeof(err)) != 0) {
		r = bv_reclist_add(&recs);
		r->loc = loc;
		r->rcpt = 1;
		r->hard = -1;
		r->error = xasprintf("unreadable: %s", err);
		kind = BV_MSG_UNREADABLE;
	} else {
		if (job->how != 0) {
			bytes = wr->bytes.s != NULL ? wr->bytes.s : "";
			len = (ssize_t)wr->bytes.len;
		}
		garble = test_hooks(bytes, (size_t)len);
		kind = bv_loader_parse(bytes, (size_t)len, &loc, all, &recs);
		if (job->how == 0)
			((char *)bytes)[len] = save;
	}
	at = frame_begin(ans, job->seq);
	put32(ans, (uint32_t)kind);
	put64(ans, loc.length);		/* a Maildir entry's, measured here */
	if (garble)
		put32(ans, UINT32_MAX);
	else if (rd != NULL)
		put_rendered(ans, rd, &recs, &wr->text);
	else {
		put32(ans, (uint32_t)recs.n);
		for (i = 0; i < recs.n; i++)
			put_record(ans, &recs.v[i]);
	}
	frame_end(ans, at);
	for (i = 0; i < recs.n; i++)
		bv_record_clear(&recs.v[i]);
	bv_reclist_free(&recs);
}

/*
 * A worker reads job frames as they come, many at a time, and answers them
 * in batches: when nothing more is waiting, or enough bytes are ready (a
 * few at first, for the interface's first screen, then up to ANSWER_BATCH).
 * Before each job it writes the job's number where the loader can see it,
 * so a crash or a hang is pinned on the right message even when answers to
 * earlier jobs were still unsent.
 */
#define ANSWER_BATCH	(256 * 1024)
#define RECORD_BATCH	(32 * 1024)	/* the same when answers are records:
					   the answer the interface waits
					   for (it takes them in mailbox
					   order) is not held back while a
					   larger batch fills */
#define FIRST_BATCH	(4 * 1024)

/*
 * A run grows the heap of every process to a few MB, a page fault per
 * 4 KB, and on a virtual machine a fault costs 10-15 µs: 3,000 faults,
 * 30-40 ms of CPU at the start of every large run.  Such a pool makes heap
 * present in one call instead and frees it for the allocations to come
 * (xheapwarm); the program's mallopt() keeps freed memory, and without it
 * this costs a call and nothing else.  How much a process's heap grows
 * follows the mailbox's size up to a point, and so does the warm-up: the
 * loader's as many bytes as the mailbox has, a worker's a quarter of that,
 * up to the limits below.  Below WARM_MIN the call is not worth it.
 * (Warming 8 MB whatever the mailbox made one of 8 KB 4 ms slower, and one
 * of 1 MB 2 ms; from 64 MB only, one of 10 MB took 8 ms more and one of
 * 25 MB 16 ms more than with its warm-up.)
 */
#define WARM_MIN	((size_t)512 << 10)	/* heap bytes */
#define WARM_LOADER	((size_t)8 << 20)
#define WARM_WORKER	((size_t)2 << 20)	/* 4 MB took no fewer faults,
						   and 2 MB more of RSS */

/* BYTES >> SHIFT, at most MOST, or 0 when that is too little to bother. */
static size_t
warm_bytes(uint64_t bytes, unsigned shift, size_t most)
{
	uint64_t	 n = bytes >> shift;

	if (n < WARM_MIN)
		return 0;
	return n < most ? (size_t)n : most;
}

/*
 * The interface's loader keeps every record, and its heap grows with the
 * mailbox (50 MB for 500 MB: 14,000 page faults, 180 ms of CPU on the
 * process that feeds the workers): between its steps it keeps warming
 * WARM_STEP more as the heap grows (bv_pool_keep_warm).  (500 MB in the interface: the loader's CPU
 * 0.74 -> 0.64 s, the index 5 % sooner, the peak 0.7 MB higher; steps of
 * 2 MB did no better and cost 3 MB.)
 */
#define WARM_STEP	((size_t)1 << 20)

void
bv_pool_warm(uint64_t bytes, size_t *loader, size_t *worker)
{
	*loader = warm_bytes(bytes, 0, WARM_LOADER);
	*worker = warm_bytes(bytes, 2, WARM_WORKER);
}

static void __attribute__((noreturn))
worker_main(int in, int out, int all, const struct bv_render *rd,
    volatile uint64_t *cur, int batches, size_t warm)
{
	struct buf	 inb = { 0 }, ans = { 0 };
	size_t		 batch = FIRST_BATCH;
	size_t		 most = rd != NULL ? ANSWER_BATCH : RECORD_BATCH;
	struct wread	 wr = { .fd = -1 };
	struct jobhead	 h;
	uint32_t	 n;
	size_t		 off = 0;
	ssize_t		 got;

	if (warm > 0)
		xheapwarm(warm);
	for (n = 0; n < WORKER_DIRS; n++)
		wr.dirs[n].fd = -1;
	wr.batch_tried = !batches;
	for (;;) {
		if (inb.len - off >= 4) {
			memcpy(&n, inb.s + off, 4);
			if (inb.len - off - 4 >= n) {
				/* decoded once for both */
				if (job_decode(inb.s + off + 4, n, &h) == -1)
					_exit(3);
				worker_ahead(&wr, &h, inb.s + off,
				    inb.len - off, cur);
				worker_job(&h, all, rd, &wr, cur, &ans);
				off += 4 + (size_t)n;
				if (ans.len >= batch) {
					if (write_all(out, ans.s, ans.len) != 0)
						_exit(0);
					buf_reset(&ans);
					if (batch < most)
						batch *= 2;
				}
				continue;
			}
		}
		if (ans.len > 0) {
			if (write_all(out, ans.s, ans.len) != 0)
				_exit(0);
			buf_reset(&ans);
		}
		if (off > 0) {
			memmove(inb.s, inb.s + off, inb.len - off);
			inb.len -= off;
			off = 0;
		}
		/* Room for the frame under way and a byte after it. */
		n = 0;
		if (inb.len >= 4)
			memcpy(&n, inb.s, 4);
		if (inb.cap < inb.len + (size_t)n + 65536 + 1) {
			inb.cap = inb.len + (size_t)n + 65536 + 1;
			inb.s = xrealloc(inb.s, inb.cap);
		}
		got = read(in, inb.s + inb.len, inb.cap - inb.len - 1);
		if (got < 0 && errno == EINTR)
			continue;
		if (got <= 0)
			_exit(0);
		inb.len += (size_t)got;
	}
}

/* ---- the loader's side ------------------------------------------------------- */

static void
close_worker_fds(struct bv_pool *p)
{
	int	 i;

	for (i = 0; i < POOL_WORKERS; i++) {
		if (p->w[i].to >= 0)
			close(p->w[i].to);
		if (p->w[i].from >= 0)
			close(p->w[i].from);
	}
}

/* Larger pipes: the loader and a worker wake each other less often.  The
 * kernel may refuse (a per-user limit); 64 KB pipes work too. */
static void
pipe_size(int fd)
{
#ifdef F_SETPIPE_SZ
	(void)fcntl(fd, F_SETPIPE_SZ, PIPE_BYTES);
#else
	(void)fd;
#endif
}

static int
spawn(struct bv_pool *p, int i)
{
	struct worker	*w = &p->w[i];
	int		 down[2], up[2];
	struct rlimit	 rl;

	if (w->cur == NULL) {
		w->cur = mmap(NULL, sizeof(*w->cur), PROT_READ | PROT_WRITE,
		    MAP_SHARED | MAP_ANONYMOUS, -1, 0);
		if (w->cur == MAP_FAILED) {
			w->cur = NULL;
			return -1;
		}
	}
	*w->cur = 0;
	if (pipe(down) != 0)
		return -1;
	if (pipe(up) != 0) {
		close(down[0]);
		close(down[1]);
		return -1;
	}
	fflush(NULL);
	if ((w->pid = fork()) < 0) {
		close(down[0]);
		close(down[1]);
		close(up[0]);
		close(up[1]);
		return -1;
	}
	if (w->pid == 0) {
		close(down[1]);
		close(up[0]);
		close_worker_fds(p);
		/* The interface handles Ctrl-C by stopping the load; the
		 * workers just go when their pipe closes. */
		signal(SIGINT, SIG_IGN);
		signal(SIGPIPE, SIG_DFL);
		signal(SIGWINCH, SIG_DFL);
#ifndef BV_OWN_MALLOC
		rl.rlim_cur = rl.rlim_max = WORKER_MEM;
		setrlimit(RLIMIT_AS, &rl);
#else
		(void)rl;
#endif
		worker_main(down[0], up[1], p->all, p->render, w->cur,
		    !p->no_batches, p->warm_worker);
	}
	close(down[0]);
	close(up[1]);
	w->to = down[1];
	w->from = up[0];
	pipe_size(w->to);
	pipe_size(w->from);
	fcntl(w->to, F_SETFL, fcntl(w->to, F_GETFL) | O_NONBLOCK);
	fcntl(w->to, F_SETFD, FD_CLOEXEC);
	fcntl(w->from, F_SETFL, fcntl(w->from, F_GETFL) | O_NONBLOCK);
	fcntl(w->from, F_SETFD, FD_CLOEXEC);
	buf_reset(&w->out);
	w->outpos = 0;
	buf_reset(&w->in);
	w->progress = time(NULL);
	return 0;
}

struct bv_pool *
bv_pool_new(int all, const struct bv_render *render, uint64_t bytes)
{
	struct bv_pool	*p;
	const char	*env = getenv("BOUNCEVIEW_WORKERS");
	const char	*secs = getenv("BOUNCEVIEW_PARSE_TIMEOUT");
	int		 i;

	if (env != NULL && strcmp(env, "0") == 0)
		return NULL;
	p = xcalloc(1, sizeof(*p));
	p->all = all;
	p->render = render;
	p->seconds = secs != NULL && atoi(secs) > 0 ? atoi(secs) : JOB_SECONDS;
	p->last_pump = time(NULL);
	p->run_worker = -1;
	bv_pool_warm(bytes, &p->warm_loader, &p->warm_worker);
	for (i = 0; i < POOL_WORKERS; i++)
		p->w[i].to = p->w[i].from = -1;
	signal(SIGPIPE, SIG_IGN);
	for (i = 0; i < POOL_WORKERS; i++) {
		if (spawn(p, i) != 0) {
			bv_pool_free(p);
			return NULL;
		}
	}
	/* after the forks: the workers would copy the pages written */
	if (p->warm_loader > 0) {
		xheapwarm(p->warm_loader);
		p->warm_top = xheaptop();
	}
	return p;
}

static void
job_free(struct job *j)
{
	size_t	 i;

	for (i = 0; i < j->recs.n; i++)
		bv_record_clear(&j->recs.v[i]);
	bv_reclist_free(&j->recs);
	free(j->bytes);
	free(j->text);
}

void
bv_pool_free(struct bv_pool *p)
{
	size_t	 i;
	int	 k, status;

	if (p == NULL)
		return;
	for (k = 0; k < POOL_WORKERS; k++) {
		if (p->w[k].to >= 0)
			close(p->w[k].to);
		if (p->w[k].from >= 0)
			close(p->w[k].from);
		if (p->w[k].pid > 0) {
			kill(p->w[k].pid, SIGKILL);
			while (waitpid(p->w[k].pid, &status, 0) < 0 &&
			    errno == EINTR)
				;
		}
		buf_free(&p->w[k].out);
		buf_free(&p->w[k].in);
		if (p->w[k].cur != NULL)
			munmap((void *)p->w[k].cur, sizeof(*p->w[k].cur));
	}
	for (i = 0; i < p->qlen; i++)
		job_free(&p->q[(p->qhead + i) % p->qcap]);
	free(p->q);
	free(p);
}

int
bv_pool_can_take(const struct bv_pool *p)
{
	/* At the start the workers get their first jobs before the loader
	 * has located thousands: the first screen waits for them. */
	size_t	 most = POOL_START + p->collected;
	size_t	 cap = p->render != NULL ? POOL_INFLIGHT : POOL_INFLIGHT_RECS;

	return p->qlen < (most < cap ? most : cap) && p->inbytes < POOL_BYTES;
}

static struct job *
job_push(struct bv_pool *p, const struct bv_msgloc *loc)
{
	struct job	*j, *nq;
	size_t		 i;

	if (p->qlen == p->qcap) {
		nq = xcalloc(p->qcap ? p->qcap * 2 : 16, sizeof(*nq));
		for (i = 0; i < p->qlen; i++)
			nq[i] = p->q[(p->qhead + i) % p->qcap];
		free(p->q);
		p->q = nq;
		p->qhead = 0;
		p->qcap = p->qcap ? p->qcap * 2 : 16;
	}
	j = &p->q[(p->qhead + p->qlen++) % p->qcap];
	memset(j, 0, sizeof(*j));
	j->seq = p->nextseq++;
	j->loc = *loc;
	j->worker = -1;
	return j;
}

static void
send_job(struct bv_pool *p, struct job *j, int wi)
{
	struct worker	*w = &p->w[wi];
	size_t		 at;

	if (w->out.len == w->outpos)
		w->progress = time(NULL);
	j->worker = wi;
	at = frame_begin(&w->out, j->seq);
	put64(&w->out, j->loc.offset);
	put64(&w->out, j->loc.length);
	put32(&w->out, j->loc.msgno);
	put32(&w->out, j->loc.mailbox);
	putstr(&w->out, j->loc.path != NULL ? j->loc.path : "");
	put32(&w->out, j->how);
	if (j->how == 0)
		putmem(&w->out, j->bytes, j->len);
	frame_end(&w->out, at);
}

/*
 * Does job J go on with the current run?  Adjacent messages of an mbox the
 * worker reads itself go to the same worker up to BV_READWIN bytes, so
 * that one read of its window serves them all (a pread per message was a
 * tenth of a worker's time).
 */
static int
run_goes_on(const struct bv_pool *p, const struct job *j)
{
	return j->how == 1 + BV_MB_MBOX && p->run_worker >= 0 &&
	    p->w[p->run_worker].pid > 0 && j->loc.path == p->run_path &&
	    j->loc.offset == p->run_end &&
	    p->run_bytes + j->loc.length <= BV_READWIN;
}

/*
 * A new job (a new run) goes to the worker with fewer jobs waiting: the
 * two do not parse at the same speed (the one sharing its core with the
 * loader is slower), and a worker that lags gets less rather than holding
 * up the messages behind its own.
 */
static void
assign(struct bv_pool *p, struct job *j)
{
	int	 wi = p->next_worker, i;

	if (run_goes_on(p, j)) {
		wi = p->run_worker;
		p->run_bytes += j->loc.length;
	} else {
		for (i = 0; i < POOL_WORKERS; i++)
			if (p->w[i].busy < p->w[wi].busy)
				wi = i;
		p->next_worker = (wi + 1) % POOL_WORKERS;
		p->run_worker = j->how == 1 + BV_MB_MBOX ? wi : -1;
		p->run_path = j->loc.path;
		p->run_bytes = j->loc.length;
	}
	p->run_end = j->loc.offset + j->loc.length;
	p->w[wi].busy++;
	send_job(p, j, wi);
}

void
bv_pool_submit(struct bv_pool *p, const struct bv_msgloc *loc,
    const char *bytes, size_t len)
{
	struct job	*j = job_push(p, loc);

	j->bytes = xmalloc(len + 1);
	memcpy(j->bytes, bytes, len);
	j->bytes[len] = '\0';
	j->len = len;
	p->inbytes += len;
	assign(p, j);
}

void
bv_pool_submit_at(struct bv_pool *p, const struct bv_msgloc *loc,
    enum bv_mbkind kind)
{
	struct job	*j = job_push(p, loc);

	j->how = 1 + (uint32_t)kind;
	assign(p, j);
}

/* A message that needs no worker (lost by the mailbox), kept in order. */
struct bv_record *
bv_pool_submit_done(struct bv_pool *p, const struct bv_msgloc *loc,
    enum bv_msgkind kind)
{
	struct job	*j = job_push(p, loc);

	j->done = 1;
	j->kind = kind;
	return bv_reclist_add(&j->recs);
}

static struct job *
job_by_seq(struct bv_pool *p, uint64_t seq)
{
	struct job	*j;
	uint64_t	 first;

	/* The ring holds consecutive sequence numbers from its head. */
	if (p->qlen == 0)
		return NULL;
	first = p->q[p->qhead].seq;
	if (seq < first || seq - first >= p->qlen)
		return NULL;
	j = &p->q[(p->qhead + (size_t)(seq - first)) % p->qcap];
	return j->seq == seq ? j : NULL;
}

static void
answered(struct bv_pool *p, struct job *j)
{
	if (j->worker >= 0)
		p->w[j->worker].busy--;
	j->done = 1;
	p->inbytes -= j->len;
	free(j->bytes);
	j->bytes = NULL;
}

/* Owned fields whose values repeat from record to record (a handful of
 * actions, codes and hosts): interned rather than copied. */
static int
repeats(size_t off)
{
	return off == OWNED(action) || off == OWNED(status) ||
	    off == OWNED(reply_code) || off == OWNED(reporting_mta) ||
	    off == OWNED(remote_mta);
}

/*
 * A record's own strings, packed in one allocation (r->pack, always set, so
 * bv_record_clear never frees an interned one): a loaded mailbox holds a
 * record per recipient for as long as it is open, and a separate allocation
 * per string cost as much again as the text.
 */
static void
take_strings(struct bv_record *r, struct cursor *c)
{
	const char	*str[NELEM(owned_fields)];
	ssize_t		 len[NELEM(owned_fields)];
	size_t		 i, total = 1;
	char		*p;

	for (i = 0; i < NELEM(owned_fields); i++) {
		len[i] = getstr(c, &str[i]);
		if (len[i] >= 0 && !repeats(owned_fields[i]))
			total += (size_t)len[i] + 1;
	}
	if (c->bad)
		return;
	p = r->pack = xmalloc(total);
	for (i = 0; i < NELEM(owned_fields); i++) {
		if (len[i] < 0)
			continue;
		if (repeats(owned_fields[i])) {
			*(const char **)((char *)r + owned_fields[i]) =
			    intern(str[i], (size_t)len[i]);
			continue;
		}
		memcpy(p, str[i], (size_t)len[i]);
		p[len[i]] = '\0';
		*(char **)((char *)r + owned_fields[i]) = p;
		p += len[i] + 1;
	}
}

/* A render-mode answer: the text, the counts, the errors as records. */
static int
take_rendered(struct job *j, struct cursor *c)
{
	struct bv_record	*r;
	const char		*str;
	ssize_t			 len;
	uint32_t		 nerr, k;

	j->nrec = get32(c);
	j->matched = get32(c);
	if ((len = getstr(c, &str)) < 0)
		return -1;
	j->text = xmalloc((size_t)len + 1);
	memcpy(j->text, str, (size_t)len);
	j->textlen = (size_t)len;
	nerr = get32(c);
	for (k = 0; k < nerr && !c->bad; k++) {
		r = bv_reclist_add(&j->recs);
		r->loc = j->loc;
		r->rcpt = get32(c);
		r->hard = -1;
		if ((len = getstr(c, &str)) < 0)
			return -1;
		r->error = xstrndup(str, (size_t)len);
	}
	if (c->bad)
		return -1;
	j->rendered = 1;
	return 0;
}

/* Turn one answer frame of worker WI into the job's records; -1 if it is
 * malformed, with *BAD the job it answered when that much could be read. */
static int
take_answer(struct bv_pool *p, int wi, const char *s, size_t n,
    struct job **bad)
{
	struct cursor		 c = { s, s + n, 0 };
	struct job		*j;
	struct bv_record	*r;
	uint64_t		 seq;
	uint32_t		 nrec, k;
	const char		*str;
	ssize_t			 len;
	size_t			 i;

	*bad = NULL;
	seq = get64(&c);
	if (c.bad || (j = job_by_seq(p, seq)) == NULL || j->done ||
	    j->worker != wi)
		return -1;
	*bad = j;
	j->kind = (enum bv_msgkind)get32(&c);
	j->loc.length = get64(&c);
	if (p->render != NULL) {
		if (take_rendered(j, &c) != 0)
			return -1;
		answered(p, j);
		return 0;
	}
	nrec = get32(&c);
	/* a count the frame cannot hold makes no allocation */
	if (nrec <= (size_t)(c.end - c.p) / RECORD_MIN)
		bv_reclist_reserve(&j->recs, nrec);
	for (k = 0; k < nrec && !c.bad; k++) {
		r = bv_reclist_add(&j->recs);
		r->loc = j->loc;
		r->rcpt = get32(&c);
		r->hard = (int)get32(&c);
		take_strings(r, &c);
		for (i = 0; i < NELEM(const_fields); i++) {
			len = getstr(&c, &str);
			*(const char **)((char *)r + const_fields[i]) =
			    len < 0 ? NULL : intern(str, (size_t)len);
		}
	}
	if (c.bad)
		return -1;
	answered(p, j);
	return 0;
}

/* The oldest unanswered job of worker WI, or NULL. */
static struct job *
oldest_of(struct bv_pool *p, int wi)
{
	size_t		 i;
	struct job	*j;

	for (i = 0; i < p->qlen; i++) {
		j = &p->q[(p->qhead + i) % p->qcap];
		if (!j->done && j->worker == wi)
			return j;
	}
	return NULL;
}

/* The job worker WI was parsing when it went: the one its shared word
 * names, else its oldest unanswered one; none while it was reading a batch
 * of files ahead. */
static struct job *
culprit(struct bv_pool *p, int wi)
{
	uint64_t	 cur = p->w[wi].cur != NULL ? *p->w[wi].cur : 0;
	struct job	*j;

	if (cur == CUR_BATCH)
		return NULL;
	if (cur != 0 && (j = job_by_seq(p, cur - 1)) != NULL && !j->done &&
	    j->worker == wi)
		return j;
	return oldest_of(p, wi);
}

/* A job parsed by the loader itself, when no worker can be had. */
static void
parse_here(struct bv_pool *p, struct job *j)
{
	struct bv_record	*r;
	struct buf		 b = { NULL, 0, 0 };
	char			 err[256];
	size_t			 i;

	if (j->how != 0 && bv_msgloc_fetch((enum bv_mbkind)(j->how - 1), -1,
	    &j->loc, &b, err, sizeof(err)) != 0) {
		r = bv_reclist_add(&j->recs);
		r->rcpt = 1;
		r->hard = -1;
		r->error = xasprintf("unreadable: %s", err);
		j->kind = BV_MSG_UNREADABLE;
	} else if (j->how != 0)
		j->kind = bv_loader_parse(b.s != NULL ? b.s : "", b.len,
		    &j->loc, p->all, &j->recs);
	else
		j->kind = bv_loader_parse(j->bytes, j->len, &j->loc, p->all,
		    &j->recs);
	for (i = 0; i < j->recs.n; i++)
		j->recs.v[i].loc = j->loc;
	buf_free(&b);
	answered(p, j);
}

/*
 * Worker WI is gone (crashed, killed, or talking nonsense): the job it was
 * parsing, or BLAME when known (the one it answered with nonsense), is the
 * culprit and becomes an unreadable record; a new worker takes the rest,
 * also those it had parsed but not yet answered.
 */
static void
worker_lost(struct bv_pool *p, int wi, const char *why, struct job *blame)
{
	struct worker		*w = &p->w[wi];
	struct job		*j;
	struct bv_record	*r;
	char			 reason[128];
	size_t			 i;
	int			 status = 0;

	close(w->to);
	close(w->from);
	w->to = w->from = -1;
	kill(w->pid, SIGKILL);
	while (waitpid(w->pid, &status, 0) < 0 && errno == EINTR)
		;
	w->pid = -1;
	if (why != NULL)
		snprintf(reason, sizeof(reason), "%s", why);
	else if (WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL)
		snprintf(reason, sizeof(reason),
		    "the parser ran out of memory or was killed");
	else if (WIFSIGNALED(status))
		snprintf(reason, sizeof(reason), "the parser crashed (%s)",
		    strsignal(WTERMSIG(status)));
	else
		snprintf(reason, sizeof(reason),
		    "the parser stopped (exit status %d)", WEXITSTATUS(status));
	if (w->cur != NULL && *w->cur == CUR_BATCH)
		p->no_batches = 1;
	if ((j = blame != NULL ? blame : culprit(p, wi)) != NULL) {
		for (i = 0; i < j->recs.n; i++)
			bv_record_clear(&j->recs.v[i]);
		j->recs.n = 0;
		r = bv_reclist_add(&j->recs);
		r->loc = j->loc;
		r->rcpt = 1;
		r->hard = -1;
		r->error = xasprintf("unreadable: %s", reason);
		j->kind = BV_MSG_UNREADABLE;
		answered(p, j);
	}
	buf_reset(&w->out);
	w->outpos = 0;
	buf_reset(&w->in);
	if (spawn(p, wi) != 0) {
		/* No new process: parse the rest right here. */
		while ((j = oldest_of(p, wi)) != NULL)
			parse_here(p, j);
		return;
	}
	for (i = 0; i < p->qlen; i++) {
		j = &p->q[(p->qhead + i) % p->qcap];
		if (!j->done && j->worker == wi)
			send_job(p, j, wi);
	}
}

/* Read what worker WI has sent, up to DRAIN_BYTES straight into its
 * buffer; 0, or -1 when the worker is gone. */
static int
drain_read(struct worker *w)
{
	size_t		 got = 0;
	ssize_t		 n;

	while (got < DRAIN_BYTES) {
		if (w->in.cap - w->in.len < 65536) {
			w->in.cap = w->in.cap * 2 > w->in.len + 131072 ?
			    w->in.cap * 2 : w->in.len + 131072;
			w->in.s = xrealloc(w->in.s, w->in.cap);
		}
		n = read(w->from, w->in.s + w->in.len, w->in.cap - w->in.len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && errno == EAGAIN)
			break;
		if (n <= 0)
			return got > 0 ? 0 : -1;
		w->in.len += (size_t)n;
		got += (size_t)n;
	}
	return 0;
}

/* Read what worker WI has sent; take every complete answer. */
static void
drain(struct bv_pool *p, int wi)
{
	struct worker	*w = &p->w[wi];
	struct job	*bad;
	uint32_t	 len;
	size_t		 off = 0;

	if (drain_read(w) != 0) {
		worker_lost(p, wi, NULL, NULL);
		return;
	}
	while (w->in.len - off >= 4) {
		memcpy(&len, w->in.s + off, 4);
		if (w->in.len - off - 4 < len)
			break;
		if (take_answer(p, wi, w->in.s + off + 4, len, &bad) != 0) {
			worker_lost(p, wi, "the parser sent a malformed answer",
			    bad);
			return;
		}
		w->progress = time(NULL);
		off += 4 + len;
	}
	memmove(w->in.s, w->in.s + off, w->in.len - off);
	w->in.len -= off;
}

static void
flush_out(struct bv_pool *p, int wi)
{
	struct worker	*w = &p->w[wi];
	ssize_t		 n;

	n = write(w->to, w->out.s + w->outpos, w->out.len - w->outpos);
	if (n < 0 && (errno == EINTR || errno == EAGAIN))
		return;
	if (n < 0) {
		worker_lost(p, wi, NULL, NULL);
		return;
	}
	w->outpos += (size_t)n;
	w->progress = time(NULL);
	if (w->outpos == w->out.len) {
		buf_reset(&w->out);
		w->outpos = 0;
	}
}

/* Kill a worker that has sat on a message past the time limit. */
static void
check_time(struct bv_pool *p, int wi)
{
	char	 why[96];

	if (p->w[wi].pid <= 0 || oldest_of(p, wi) == NULL)
		return;
	if (time(NULL) - p->w[wi].progress <= p->seconds)
		return;
	snprintf(why, sizeof(why), "parsing took longer than %d s",
	    p->seconds);
	worker_lost(p, wi, why, NULL);
}

/* Wait up to TIMEOUT ms for the workers and move what they sent along. */
static void
pump(struct bv_pool *p, int timeout)
{
	struct pollfd	 fds[POOL_WORKERS * 2];
	int		 idx[POOL_WORKERS * 2], n = 0, i;
	time_t		 now = time(NULL);

	/* While the loader was away (reading a slow mailbox), the workers
	 * could not be heard: their clocks start again now. */
	if (now - p->last_pump > 1)
		for (i = 0; i < POOL_WORKERS; i++)
			p->w[i].progress = now;
	p->last_pump = now;
	for (i = 0; i < POOL_WORKERS; i++) {
		if (p->w[i].pid <= 0)
			continue;
		if (p->w[i].out.len > p->w[i].outpos) {
			fds[n].fd = p->w[i].to;
			fds[n].events = POLLOUT;
			idx[n++] = i;
		}
		fds[n].fd = p->w[i].from;
		fds[n].events = POLLIN;
		idx[n++] = i;
	}
	if (poll(fds, (nfds_t)n, timeout) > 0) {
		for (i = 0; i < n; i++) {
			if (fds[i].revents == 0 || p->w[idx[i]].pid <= 0)
				continue;
			if (fds[i].events == POLLOUT)
				flush_out(p, idx[i]);
			else
				drain(p, idx[i]);
		}
	}
	for (i = 0; i < POOL_WORKERS; i++)
		check_time(p, i);
	p->last_pump = time(NULL);
}

/*
 * The next message's answer, in mailbox order: 1 with its records moved to
 * OUT and its kind in *KIND; 0 when none is ready within TIMEOUT ms; -1 when
 * nothing is outstanding.
 */
int
bv_pool_collect(struct bv_pool *p, struct bv_reclist *out,
    enum bv_msgkind *kind, size_t *nrec, struct bv_render *render,
    int timeout)
{
	struct job		*j;
	struct bv_record	*r;
	size_t			 i;

	if (p->qlen == 0)
		return -1;
	j = &p->q[p->qhead];
	if (!j->done) {
		pump(p, timeout);
		if (!j->done)
			return 0;
	}
	*nrec = j->rendered ? j->nrec : j->recs.n;
	if (render != NULL && j->rendered) {
		buf_add(&render->text, j->text != NULL ? j->text : "",
		    j->textlen);
		render->matched += j->matched;
	} else if (render != NULL)
		bv_render_records(render, &j->recs, 0);
	for (i = 0; i < j->recs.n; i++) {
		r = bv_reclist_add(out);
		*r = j->recs.v[i];
	}
	j->recs.n = 0;
	*kind = j->kind;
	job_free(j);
	p->qhead = (p->qhead + 1) % p->qcap;
	p->qlen--;
	if (p->collected < POOL_INFLIGHT)
		p->collected++;
	return 1;
}

int
bv_pool_keep_warm(struct bv_pool *p)
{
	return xheapwarm_grown(&p->warm_top, WARM_STEP);
}

/* Messages handed in and not yet collected. */
size_t
bv_pool_pending(const struct bv_pool *p)
{
	return p->qlen;
}
