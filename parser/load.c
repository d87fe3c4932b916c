/*
 * load.c: the mailbox arguments, message by message and in order, into
 * classified records.  A mailbox is opened when the reading reaches it (a
 * shell glob may name thousands of files) and kept so the interface can
 * read a message again.  Every problem is one line on ERRS; reading goes on.
 */
#include "config.h"

#include <sys/stat.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "parser/parser.h"

/* A file or directory, as the kernel names it. */
struct fileid {
	dev_t	 dev;
	ino_t	 ino;
};

enum instate {
	IN_WAITING,		/* not reached yet */
	IN_OPEN,
	IN_DONE,
	IN_FAILED,		/* could not be opened */
};

struct input {
	const char		*arg;		/* borrowed: the caller's argv */
	struct bv_mailbox	*mb;
	enum instate		 state;
	uint64_t		 total;		/* bytes: a guess until opened */
};

struct bv_loader {
	struct input		*in;
	int			 nin;
	int			 cur;		/* the input being read */
	int			 all;		/* records for non-bounces too */
	FILE			*errs;		/* borrowed; may be NULL */
	struct buf		 bytes;		/* the current message */
	struct bv_pool		*pool;		/* worker processes, or NULL */
	struct bv_render	*render;	/* borrowed: export mode */
	int			 pool_tried;
	struct bv_load_stats	 st;
	uint64_t		 done;		/* bytes of finished inputs */
	/* What an output file must never be, or be written into. */
	struct fileid		*files;
	size_t			 nfiles;
	struct fileid		*dirs;
	size_t			 ndirs;
};

static void
add_id(struct fileid **v, size_t *n, const struct stat *st)
{
	*v = xreallocarray(*v, *n + 1, sizeof(**v));
	(*v)[*n].dev = st->st_dev;
	(*v)[*n].ino = st->st_ino;
	(*n)++;
}

static int
has_id(const struct fileid *v, size_t n, const struct stat *st)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		if (v[i].dev == st->st_dev && v[i].ino == st->st_ino)
			return 1;
	return 0;
}

/* Remember what ARG is: the file itself, or the directory and, for a
 * Maildir, its cur/, new/ and tmp/.  Returns a guess of its size (for a
 * directory, from the sizes of the directories its messages are in: the
 * pool sizes its heaps' warm-up from it, before the files are listed). */
static uint64_t
note_input(struct bv_loader *l, const char *arg)
{
	static const char *const sub[] = { "cur", "new", "tmp" };
	struct stat	 st, sst;
	uint64_t	 dirbytes = 0;
	char		*p;
	size_t		 i;

	if (strcmp(arg, "-") == 0) {
		if (fstat(STDIN_FILENO, &st) == 0 && S_ISREG(st.st_mode))
			add_id(&l->files, &l->nfiles, &st);
		return 0;
	}
	if (stat(arg, &st) == -1)
		return 0;
	if (!S_ISDIR(st.st_mode)) {
		add_id(&l->files, &l->nfiles, &st);
		return S_ISREG(st.st_mode) ? (uint64_t)st.st_size : 0;
	}
	add_id(&l->dirs, &l->ndirs, &st);
	for (i = 0; i < sizeof(sub) / sizeof(sub[0]); i++) {
		p = xasprintf("%s/%s", arg, sub[i]);
		if (stat(p, &sst) == 0 && S_ISDIR(sst.st_mode)) {
			add_id(&l->dirs, &l->ndirs, &sst);
			if (i < 2)		/* tmp/ is not read */
				dirbytes += (uint64_t)sst.st_size;
		}
		free(p);
	}
	return bv_mailbox_guess_size(dirbytes > 0 ? dirbytes :
	    (uint64_t)st.st_size);
}

struct bv_loader *
bv_loader_new(char *const *args, int nargs, int all, FILE *errs)
{
	struct bv_loader	*l;
	int			 i;

	l = xcalloc(1, sizeof(*l));
	l->nin = nargs > 0 ? nargs : 0;
	l->in = xcalloc((size_t)l->nin + 1, sizeof(*l->in));
	l->all = all;
	l->errs = errs;
	for (i = 0; i < l->nin; i++) {
		l->in[i].arg = args[i];
		l->in[i].total = note_input(l, args[i]);
		l->st.bytes_total += l->in[i].total;
	}
	return l;
}

void
bv_loader_free(struct bv_loader *l)
{
	int	 i;

	if (l == NULL)
		return;
	bv_pool_free(l->pool);
	for (i = 0; i < l->nin; i++)
		bv_mailbox_free(l->in[i].mb);
	free(l->in);
	free(l->files);
	free(l->dirs);
	buf_free(&l->bytes);
	free(l);
}

const struct bv_load_stats *
bv_loader_stats(const struct bv_loader *l)
{
	return &l->st;
}

const struct bv_mailbox *
bv_loader_mailbox(const struct bv_loader *l, uint32_t index)
{
	if (l == NULL || index >= (uint32_t)l->nin)
		return NULL;
	return l->in[index].mb;
}

int
bv_loader_is_input(const struct bv_loader *l, const char *path)
{
	struct stat	 st;
	const char	*slash;
	char		*dir;
	int		 yes = 0;

	if (l == NULL || path == NULL)
		return 0;
	if (stat(path, &st) == 0 && (has_id(l->files, l->nfiles, &st) ||
	    has_id(l->dirs, l->ndirs, &st)))
		return 1;
	/* a new file inside an input directory or a Maildir's cur/new/tmp */
	if ((slash = strrchr(path, '/')) == NULL)
		dir = xstrdup(".");
	else if (slash == path)
		dir = xstrdup("/");
	else
		dir = xstrndup(path, (size_t)(slash - path));
	if (stat(dir, &st) == 0 && has_id(l->dirs, l->ndirs, &st))
		yes = 1;
	free(dir);
	return yes;
}

/* One problem, one line, with nothing from the input sent raw. */
static void
report(struct bv_loader *l, const char *where, uint32_t msgno,
    const char *what)
{
	struct buf	 line = { NULL, 0, 0 };
	size_t		 n = strlen(where);

	if (l->errs == NULL)
		return;
	/* the mailbox code may have named the file already */
	if (strncmp(what, where, n) == 0 && what[n] == ':')
		what += n + 1 + (what[n + 1] == ' ');
	bv_text_oneline(&line, where);
	if (msgno > 0)
		buf_printf(&line, ": message %u", (unsigned)msgno);
	buf_add(&line, ": ", 2);
	bv_text_oneline(&line, what);
	buf_addc(&line, '\n');
	fputs(line.s, l->errs);
	buf_free(&line);
}

/* Open the current input; 0 when it cannot be read at all. */
static int
open_input(struct bv_loader *l, struct input *in)
{
	char		 err[512];
	uint64_t	 done, total;

	err[0] = '\0';
	if ((in->mb = bv_mailbox_open(in->arg, err, sizeof(err))) == NULL) {
		in->state = IN_FAILED;
		l->st.badinputs++;
		l->st.bytes_total -= in->total;
		in->total = 0;
		report(l, in->arg, 0, err[0] ? err : "cannot read it");
		return 0;
	}
	in->state = IN_OPEN;
	/* Workers read the messages themselves: here only where they are. */
	if (l->pool != NULL)
		bv_mailbox_locate_only(in->mb, 1);
	bv_mailbox_progress(in->mb, &done, &total);
	l->st.bytes_total += total - in->total;
	in->total = total;
	return 1;
}

static void
close_input(struct bv_loader *l, struct input *in)
{
	uint64_t	 done, total;

	bv_mailbox_progress(in->mb, &done, &total);
	l->st.bytes_total += total - in->total;
	in->total = total;
	l->done += total;
	in->state = IN_DONE;
}

/* A message that is no bounce, listed with --all: where it is and what it
 * says about itself (its own headers stand in for the original's). */
static void
add_plain(const char *bytes, size_t len, const struct bv_msgloc *loc,
    struct bv_reclist *out)
{
	struct bv_record	*r = bv_reclist_add(out);
	struct bv_msg		*m;

	r->loc = *loc;
	r->rcpt = 1;
	r->hard = -1;
	m = bv_msg_new(bytes, len);
	r->date = xstrdup(bv_msg_header(m, "Date"));
	r->original.from = xstrdup(bv_msg_header(m, "From"));
	r->original.to = xstrdup(bv_msg_header(m, "To"));
	r->original.subject = xstrdup(bv_msg_header(m, "Subject"));
	r->original.date = xstrdup(bv_msg_header(m, "Date"));
	r->original.message_id = xstrdup(bv_msg_header(m, "Message-ID"));
	bv_msg_free(m);
}

enum bv_msgkind
bv_loader_parse(const char *bytes, size_t len, const struct bv_msgloc *loc,
    int all, struct bv_reclist *out)
{
	enum bv_msgkind	 kind = bv_parse_message(bytes, len, loc, out);

	if (kind == BV_MSG_NOTBOUNCE && all)
		add_plain(bytes, len, loc, out);
	return kind;
}

/* A message the mailbox could not hand over (vanished, I/O error). */
static void
fill_lost(struct bv_record *r, const struct bv_msgloc *loc, const char *why)
{
	r->loc = *loc;
	r->rcpt = 1;
	r->hard = -1;
	r->error = xasprintf("unreadable: %s", *why ? why : "cannot read it");
}

/* Count one message's outcome (NREC records) and report its errors. */
static void
account(struct bv_loader *l, enum bv_msgkind kind, struct bv_reclist *out,
    size_t first, size_t nrec)
{
	size_t	 i;

	if (kind == BV_MSG_BOUNCE)
		l->st.bounces++;
	else if (kind == BV_MSG_UNREADABLE)
		l->st.unreadable++;
	for (i = first; i < out->n; i++)
		if (out->v[i].error != NULL)
			report(l, out->v[i].loc.path, out->v[i].loc.msgno,
			    out->v[i].error);
	l->st.records += nrec;
}

/* In export mode, records stop here: counted, reported, now text. */
static void
drop_rendered(struct bv_loader *l, struct bv_reclist *out, size_t first)
{
	size_t	 i;

	if (l->render == NULL)
		return;
	for (i = first; i < out->n; i++)
		bv_record_clear(&out->v[i]);
	out->n = first;
}

/*
 * The next message of the inputs: 1 and LOC/bytes filled, -1 when the
 * mailbox could not hand it over (ERR says why), 0 at the end of all inputs.
 */
static int
next_message(struct bv_loader *l, struct bv_msgloc *loc, char *err,
    size_t errlen)
{
	struct input	*in;
	int		 r;

	while (l->cur < l->nin) {
		in = &l->in[l->cur];
		if (in->state == IN_WAITING && !open_input(l, in)) {
			l->cur++;
			continue;
		}
		memset(loc, 0, sizeof(*loc));
		err[0] = '\0';
		r = bv_mailbox_next(in->mb, loc, &l->bytes, err, errlen);
		if (r == 0) {
			close_input(l, in);
			l->cur++;
			continue;
		}
		l->st.messages++;
		loc->mailbox = (uint32_t)l->cur;
		if (loc->path == NULL)
			loc->path = bv_mailbox_name(in->mb);
		return r;
	}
	return 0;
}

static void
update_progress(struct bv_loader *l)
{
	uint64_t	 done, total;

	l->st.bytes_done = l->done;
	if (l->cur < l->nin && l->in[l->cur].state == IN_OPEN) {
		bv_mailbox_progress(l->in[l->cur].mb, &done, &total);
		l->st.bytes_done += done;
	}
}

/* In-process: read and parse up to MAX messages. */
static void
step_here(struct bv_loader *l, size_t max, struct bv_reclist *out)
{
	struct bv_msgloc	 loc;
	char			 err[512];
	enum bv_msgkind		 kind;
	size_t			 n, first;
	int			 r;

	for (n = 0; n < max && (r = next_message(l, &loc, err,
	    sizeof(err))) != 0; n++) {
		first = out->n;
		if (r < 0) {
			fill_lost(bv_reclist_add(out), &loc, err);
			kind = BV_MSG_UNREADABLE;
		} else
			kind = bv_loader_parse(l->bytes.s ? l->bytes.s : "",
			    l->bytes.len, &loc, l->all, out);
		account(l, kind, out, first, out->n - first);
		if (l->render != NULL)
			bv_render_records(l->render, out, first);
		drop_rendered(l, out, first);
	}
}

/* Keep the workers fed while they can take more. */
static void
feed(struct bv_loader *l)
{
	struct bv_msgloc	 loc;
	char			 err[512];
	int			 r;

	while (bv_pool_can_take(l->pool) &&
	    (r = next_message(l, &loc, err, sizeof(err))) != 0) {
		if (r < 0)
			fill_lost(bv_pool_submit_done(l->pool, &loc,
			    BV_MSG_UNREADABLE), &loc, err);
		else if (bv_mailbox_rereadable(l->in[l->cur].mb))
			bv_pool_submit_at(l->pool, &loc,
			    bv_mailbox_kind(l->in[l->cur].mb));
		else
			bv_pool_submit(l->pool, &loc, l->bytes.s ? l->bytes.s :
			    "", l->bytes.len);
	}
}

/* With workers: up to MAX answers, waiting a little for each. */
static void
step_pool(struct bv_loader *l, size_t max, struct bv_reclist *out)
{
	enum bv_msgkind	 kind;
	size_t		 n, first, nrec;
	int		 r;

	for (n = 0; n < max; n++) {
		feed(l);
		first = out->n;
		if ((r = bv_pool_collect(l->pool, out, &kind, &nrec, l->render,
		    20)) <= 0)
			break;
		account(l, kind, out, first, nrec);
		drop_rendered(l, out, first);
	}
	/* what the caller took in since the last step grew the heap */
	bv_pool_keep_warm(l->pool);
}

/* The workers start with the first step, after the catalog is ready, so
 * they inherit it instead of building it twice. */
static void
start_pool(struct bv_loader *l)
{
	struct bv_facts		 f;
	struct bv_verdict	 v;

	l->pool_tried = 1;
	memset(&f, 0, sizeof(f));
	bv_classify(&f, &v);
	l->pool = bv_pool_new(l->all, l->render, l->st.bytes_total);
}

void
bv_loader_render(struct bv_loader *l, struct bv_render *r)
{
	l->render = r;
}

void
bv_loader_inprocess(struct bv_loader *l)
{
	l->pool_tried = 1;
}

int
bv_loader_step(struct bv_loader *l, size_t max, struct bv_reclist *out)
{
	if (!l->pool_tried)
		start_pool(l);
	if (l->pool != NULL)
		step_pool(l, max, out);
	else
		step_here(l, max, out);
	update_progress(l);
	return l->cur < l->nin ||
	    (l->pool != NULL && bv_pool_pending(l->pool) > 0);
}
