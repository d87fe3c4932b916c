/*
 * batchread.c: many small files read with few system calls.
 *
 * A Maildir is one file per message, and each file took four system calls
 * (open, fstat, pread, close).  On a virtual machine a system call costs
 * about a microsecond before it does any work, which made a Maildir half
 * again as slow as an mbox of the same messages.  Where the kernel offers
 * io_uring, a batch of files is opened, read and closed in one call: each
 * file is an open into a slot of the ring's own file table, a read from
 * that slot and a close of it, linked so they run in that order.
 *
 * This is a fast path only.  A file the batch could not read whole (it
 * failed to open or to read, came back empty, or filled its buffer) is
 * left to the caller's ordinary reading, which then says why in its own
 * words; so is everything when the kernel has no io_uring, forbids it, or
 * BOUNCEVIEW_NO_URING is set.  Files are opened as the ordinary path opens
 * them: never following a symbolic link, never blocking (a FIFO reads as
 * empty and so goes to the ordinary path, which refuses it).
 */
#include "config.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "parser/parser.h"

#ifdef HAVE_IO_URING

#include <sys/mman.h>
#include <sys/syscall.h>

#include <fcntl.h>
#include <linux/io_uring.h>
#include <unistd.h>

#define OPEN_FLAGS	(O_RDONLY | O_NONBLOCK | O_NOFOLLOW | O_NOCTTY)
#define SQES_PER_FILE	3		/* open, read, close */

enum step { STEP_OPEN, STEP_READ, STEP_CLOSE };

struct ring {
	int			 fd;
	void			*sqmap;		/* the rings' mappings */
	size_t			 sqmaplen;
	void			*cqmap;		/* == sqmap when single */
	size_t			 cqmaplen;
	struct io_uring_sqe	*sqes;
	size_t			 sqeslen;
	unsigned		*sqtail, *sqmask, *sqarray;
	unsigned		*cqhead, *cqtail, *cqmask;
	struct io_uring_cqe	*cqes;
	unsigned		 entries;
};

struct bv_batchread {
	struct ring	 ring;
	char		*bufs;		/* nslots * slotbytes */
	size_t		 nslots;
	size_t		 slotbytes;
	size_t		 n;		/* files added to this batch */
	ssize_t		*got;		/* per slot: bytes read, or -errno */
	int		 broken;	/* the kernel refused a batch */
};

static int
sys_setup(unsigned entries, struct io_uring_params *p)
{
	return (int)syscall(__NR_io_uring_setup, entries, p);
}

static int
sys_enter(int fd, unsigned submit, unsigned wait, unsigned flags)
{
	return (int)syscall(__NR_io_uring_enter, fd, submit, wait, flags,
	    NULL, 0);
}

static int
sys_register(int fd, unsigned op, void *arg, unsigned n)
{
	return (int)syscall(__NR_io_uring_register, fd, op, arg, n);
}

static void
ring_unmap(struct ring *r)
{
	if (r->sqes != NULL)
		munmap(r->sqes, r->sqeslen);
	if (r->cqmap != NULL && r->cqmap != r->sqmap)
		munmap(r->cqmap, r->cqmaplen);
	if (r->sqmap != NULL)
		munmap(r->sqmap, r->sqmaplen);
	if (r->fd != -1)
		close(r->fd);
	memset(r, 0, sizeof(*r));
	r->fd = -1;
}

static void *
map_ring(int fd, size_t len, off_t what)
{
	void	*p;

	p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_POPULATE,
	    fd, what);
	return p == MAP_FAILED ? NULL : p;
}

/* The ring and its mappings, as io_uring_setup(2) describes them; -1 when
 * the kernel says no. */
static int
ring_init(struct ring *r, unsigned entries)
{
	struct io_uring_params	 p;
	char			*sq, *cq;

	memset(r, 0, sizeof(*r));
	memset(&p, 0, sizeof(p));
	if ((r->fd = sys_setup(entries, &p)) == -1) {
		r->fd = -1;
		return -1;
	}
	r->sqmaplen = p.sq_off.array + p.sq_entries * sizeof(unsigned);
	r->cqmaplen = p.cq_off.cqes + p.cq_entries *
	    sizeof(struct io_uring_cqe);
	if (p.features & IORING_FEAT_SINGLE_MMAP) {
		if (r->cqmaplen > r->sqmaplen)
			r->sqmaplen = r->cqmaplen;
		r->cqmaplen = r->sqmaplen;
	}
	r->sqmap = map_ring(r->fd, r->sqmaplen, IORING_OFF_SQ_RING);
	if (r->sqmap == NULL)
		goto fail;
	r->cqmap = (p.features & IORING_FEAT_SINGLE_MMAP) ? r->sqmap :
	    map_ring(r->fd, r->cqmaplen, IORING_OFF_CQ_RING);
	if (r->cqmap == NULL)
		goto fail;
	r->sqeslen = p.sq_entries * sizeof(struct io_uring_sqe);
	r->sqes = map_ring(r->fd, r->sqeslen, IORING_OFF_SQES);
	if (r->sqes == NULL)
		goto fail;
	sq = r->sqmap;
	cq = r->cqmap;
	r->sqtail = (unsigned *)(sq + p.sq_off.tail);
	r->sqmask = (unsigned *)(sq + p.sq_off.ring_mask);
	r->sqarray = (unsigned *)(sq + p.sq_off.array);
	r->cqhead = (unsigned *)(cq + p.cq_off.head);
	r->cqtail = (unsigned *)(cq + p.cq_off.tail);
	r->cqmask = (unsigned *)(cq + p.cq_off.ring_mask);
	r->cqes = (struct io_uring_cqe *)(cq + p.cq_off.cqes);
	r->entries = p.sq_entries;
	return 0;
fail:
	ring_unmap(r);
	return -1;
}

/* Whether the kernel knows the three operations a file needs. */
static int
ring_can(struct ring *r)
{
	static const unsigned	 ops[] = {
		IORING_OP_OPENAT, IORING_OP_READ, IORING_OP_CLOSE
	};
	struct io_uring_probe	*pr;
	size_t			 i, len;
	int			 ok = 1;

	len = sizeof(*pr) + 256 * sizeof(struct io_uring_probe_op);
	pr = xcalloc(1, len);
	if (sys_register(r->fd, IORING_REGISTER_PROBE, pr, 256) == -1)
		ok = 0;
	for (i = 0; ok && i < sizeof(ops) / sizeof(ops[0]); i++)
		if (ops[i] > pr->last_op ||
		    !(pr->ops[ops[i]].flags & IO_URING_OP_SUPPORTED))
			ok = 0;
	free(pr);
	return ok;
}

/* A file table of NSLOTS empty slots (-1), which the opens fill. */
static int
ring_files(struct ring *r, size_t nslots)
{
	int	*fds;
	size_t	 i;
	int	 rc;

	fds = xcalloc(nslots, sizeof(*fds));
	for (i = 0; i < nslots; i++)
		fds[i] = -1;
	rc = sys_register(r->fd, IORING_REGISTER_FILES, fds,
	    (unsigned)nslots);
	free(fds);
	return rc;
}

struct bv_batchread *
bv_batchread_new(size_t nslots, size_t slotbytes)
{
	struct bv_batchread	*br;
	const char		*off = getenv("BOUNCEVIEW_NO_URING");

	if ((off != NULL && *off != '\0') || nslots == 0 || slotbytes < 2)
		return NULL;
	br = xcalloc(1, sizeof(*br));
	if (ring_init(&br->ring, (unsigned)(nslots * SQES_PER_FILE)) == -1 ||
	    br->ring.entries < nslots * SQES_PER_FILE ||
	    !ring_can(&br->ring) || ring_files(&br->ring, nslots) == -1) {
		ring_unmap(&br->ring);
		free(br);
		return NULL;
	}
	br->nslots = nslots;
	br->slotbytes = slotbytes;
	/* Zeroed: a checker that cannot see the kernel write the buffers
	 * (valgrind) then sees them defined. */
	br->bufs = xcalloc(nslots, slotbytes);
	br->got = xcalloc(nslots, sizeof(*br->got));
	return br;
}

void
bv_batchread_free(struct bv_batchread *br)
{
	if (br == NULL)
		return;
	ring_unmap(&br->ring);
	/* After a refused batch some reads may still be under way in the
	 * kernel, into these buffers: they are left allocated. */
	if (!br->broken)
		free(br->bufs);
	free(br->got);
	free(br);
}

size_t
bv_batchread_room(const struct bv_batchread *br)
{
	return br->nslots - br->n;
}

static struct io_uring_sqe *
next_sqe(struct ring *r, size_t slot, enum step step)
{
	unsigned		 tail = *r->sqtail;	/* only we move it */
	unsigned		 i = tail & *r->sqmask;
	struct io_uring_sqe	*sqe = &r->sqes[i];

	memset(sqe, 0, sizeof(*sqe));
	sqe->user_data = (uint64_t)slot * SQES_PER_FILE + step;
	r->sqarray[i] = i;
	__atomic_store_n(r->sqtail, tail + 1, __ATOMIC_RELEASE);
	return sqe;
}

int
bv_batchread_add(struct bv_batchread *br, int dirfd, const char *name)
{
	struct io_uring_sqe	*sqe;
	size_t			 slot = br->n;

	if (slot == br->nslots)
		return -1;
	br->n++;
	br->got[slot] = -ECANCELED;
	sqe = next_sqe(&br->ring, slot, STEP_OPEN);
	sqe->opcode = IORING_OP_OPENAT;
	sqe->fd = dirfd;
	sqe->addr = (uint64_t)(uintptr_t)name;
	sqe->open_flags = OPEN_FLAGS;
	sqe->file_index = (uint32_t)slot + 1;	/* 0 would be a plain fd */
	sqe->flags = IOSQE_IO_LINK;		/* no read if it failed */

	sqe = next_sqe(&br->ring, slot, STEP_READ);
	sqe->opcode = IORING_OP_READ;
	sqe->fd = (int)slot;
	sqe->addr = (uint64_t)(uintptr_t)(br->bufs + slot * br->slotbytes);
	sqe->len = (uint32_t)br->slotbytes;
	sqe->off = 0;
	/* a hard link: a short read (any file smaller than the buffer) must
	 * still close */
	sqe->flags = IOSQE_FIXED_FILE | IOSQE_IO_HARDLINK;

	sqe = next_sqe(&br->ring, slot, STEP_CLOSE);
	sqe->opcode = IORING_OP_CLOSE;
	sqe->file_index = (uint32_t)slot + 1;
	return (int)slot;
}

/* Take the completions there are; the number taken. */
static unsigned
reap(struct bv_batchread *br)
{
	struct ring		*r = &br->ring;
	unsigned		 head = *r->cqhead;
	unsigned		 tail = __atomic_load_n(r->cqtail,
				    __ATOMIC_ACQUIRE);
	struct io_uring_cqe	*cqe;
	unsigned		 n = 0;
	uint64_t		 slot;

	for (; head != tail; head++, n++) {
		cqe = &r->cqes[head & *r->cqmask];
		slot = cqe->user_data / SQES_PER_FILE;
		if (slot >= br->n)
			continue;
		if (cqe->user_data % SQES_PER_FILE == STEP_READ)
			br->got[slot] = cqe->res;
		else if (cqe->user_data % SQES_PER_FILE == STEP_OPEN &&
		    cqe->res < 0)
			br->got[slot] = cqe->res;
	}
	__atomic_store_n(r->cqhead, head, __ATOMIC_RELEASE);
	return n;
}

int
bv_batchread_run(struct bv_batchread *br)
{
	unsigned	 submit = (unsigned)(br->n * SQES_PER_FILE);
	unsigned	 want = submit, rc;
	int		 got;

	if (br->broken)
		return -1;
	while (want > 0) {
		got = sys_enter(br->ring.fd, submit, want,
		    IORING_ENTER_GETEVENTS);
		if (got == -1 && errno != EINTR) {
			br->broken = 1;
			return -1;
		}
		if (got > 0)
			submit -= (unsigned)got < submit ? (unsigned)got :
			    submit;
		rc = reap(br);
		want -= rc < want ? rc : want;
	}
	return 0;
}

ssize_t
bv_batchread_get(const struct bv_batchread *br, size_t slot,
    const char **bytes)
{
	ssize_t	 got;

	*bytes = NULL;
	if (slot >= br->n)
		return -1;
	got = br->got[slot];
	/* empty (or a FIFO), or perhaps longer than the buffer: the
	 * ordinary path decides */
	if (got <= 0 || (size_t)got >= br->slotbytes)
		return -1;
	*bytes = br->bufs + slot * br->slotbytes;
	return got;
}

void
bv_batchread_reset(struct bv_batchread *br)
{
	br->n = 0;
}

#else /* !HAVE_IO_URING */

struct bv_batchread {
	int	 unused;
};

struct bv_batchread *
bv_batchread_new(size_t nslots, size_t slotbytes)
{
	(void)nslots;
	(void)slotbytes;
	return NULL;
}

void
bv_batchread_free(struct bv_batchread *br)
{
	(void)br;
}

size_t
bv_batchread_room(const struct bv_batchread *br)
{
	(void)br;
	return 0;
}

int
bv_batchread_add(struct bv_batchread *br, int dirfd, const char *name)
{
	(void)br;
	(void)dirfd;
	(void)name;
	return -1;
}

int
bv_batchread_run(struct bv_batchread *br)
{
	(void)br;
	return -1;
}

ssize_t
bv_batchread_get(const struct bv_batchread *br, size_t slot,
    const char **bytes)
{
	(void)br;
	(void)slot;
	*bytes = NULL;
	return -1;
}

void
bv_batchread_reset(struct bv_batchread *br)
{
	(void)br;
}

#endif /* HAVE_IO_URING */
