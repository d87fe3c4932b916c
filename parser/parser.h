/*
 * parser/: reading mailboxes, MIME, DSN and non-DSN bounce formats, records,
 * the pattern language and export.  May use libetpan and catalog/, never
 * curses.  One header, grouped by source file.
 */
#ifndef BV_PARSER_H
#define BV_PARSER_H

#include <sys/types.h>

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "catalog/catalog.h"

/* ---------------------------------------------------------------------------
 * mailbox.c: locating messages, strictly read-only (read/pread, readdir; no
 * mmap, no locks, nothing created).
 */
enum bv_mbkind {
	BV_MB_MBOX,
	BV_MB_MAILDIR,
	BV_MB_MSGDIR,		/* a directory of message files */
	BV_MB_MSGFILE,		/* one message */
	BV_MB_STDIN,		/* "-": one mbox or message, spooled in memory */
};

/* Where one message lives: enough to read it again on demand. */
struct bv_msgloc {
	const char	*path;		/* borrowed: owned by the mailbox */
	uint64_t	 offset;	/* byte offset in an mbox, else 0 */
	uint64_t	 length;	/* bytes, including the From_ line;
					   0 for a Maildir entry located but
					   not read: the whole file */
	uint32_t	 msgno;		/* 1-based position in its mailbox */
	uint32_t	 mailbox;	/* index of the mailbox argument */
};

struct bv_mailbox;

#define BV_MSG_CAP	((uint64_t)64 << 20)	/* bytes read of one message;
						   a longer one is an error */
#define BV_SPOOL_CAP	((uint64_t)256 << 20)	/* bytes of a pipe ("-") kept
						   for bv_msgloc_read */

/* Open ARG (file, directory or "-").  NULL and a one-line ERR on failure
 * ("PATH: why"). */
struct bv_mailbox	*bv_mailbox_open(const char *arg, char *err, size_t errlen);
void			 bv_mailbox_free(struct bv_mailbox *);
enum bv_mbkind		 bv_mailbox_kind(const struct bv_mailbox *);
const char		*bv_mailbox_name(const struct bv_mailbox *);
/*
 * Next message: fills LOC and BYTES (the message, From_ line stripped) and
 * returns 1; 0 at the end; -1 when this message could not be read (ERR says
 * why, LOC is still filled, and the next call goes on with the next one).
 * Per-message errors do not repeat the path or message number (LOC has
 * them): "larger than 64 MiB ...", "cannot open: No such file or ...".
 * LOC's mailbox is left 0 for the caller to set.
 */
int	 bv_mailbox_next(struct bv_mailbox *, struct bv_msgloc *loc,
	    struct buf *bytes, char *err, size_t errlen);
/* Bytes read so far and total, for progress. */
void	 bv_mailbox_progress(const struct bv_mailbox *, uint64_t *done,
	    uint64_t *total);
/* The size of a folder of message files guessed before it is listed, from
 * the sizes of its directories (st_size: on the usual file systems they
 * grow with their entries). */
uint64_t bv_mailbox_guess_size(uint64_t dirbytes);
/* Read one located message again (raw view, pipe). 0 ok, -1 with ERR. */
int	 bv_msgloc_read(const struct bv_mailbox *, const struct bv_msgloc *,
	    struct buf *bytes, char *err, size_t errlen);
/* The same without the mailbox, for a worker process: a message of a
 * mailbox of KIND read from FD, or from LOC->path when FD is -1.  Only for
 * mailboxes bv_mailbox_rereadable says yes to. */
int	 bv_msgloc_reread(enum bv_mbkind kind, int fd,
	    const struct bv_msgloc *loc, struct buf *bytes, char *err,
	    size_t errlen);
/* The same, and a Maildir entry's length (0 when it was located without
 * being read) is set to its file's. */
int	 bv_msgloc_fetch(enum bv_mbkind kind, int fd, struct bv_msgloc *loc,
	    struct buf *bytes, char *err, size_t errlen);
/* The same from the file NAME under the directory DIRFD (a worker keeps
 * the Maildir's cur/ or new/ open: one name looked up per message, not the
 * whole path); LOC's path is not used. */
int	 bv_msgloc_fetch_at(enum bv_mbkind kind, int dirfd, const char *name,
	    struct bv_msgloc *loc, struct buf *bytes, char *err,
	    size_t errlen);
/* The same from FD, a regular file the caller opened and checked once
 * (a worker keeps its mbox open): no open or fstat per message.  A file
 * now shorter than LOC says so in ERR. */
int	 bv_msgloc_pread(enum bv_mbkind kind, int fd,
	    const struct bv_msgloc *loc, struct buf *bytes, char *err,
	    size_t errlen);
/* The same through a read-ahead window: a message inside the bytes last
 * read is taken from them, else up to BV_READWIN bytes are read from its
 * start (the loader hands a worker runs of adjacent messages, so one
 * read serves a run).  A message larger than the window, or past the end
 * of the file as it is now, is read as by bv_msgloc_pread.  The window
 * belongs to one open file: bv_readwin_free it when the file changes. */
#define BV_READWIN	(64 * 1024)
struct bv_readwin {
	struct buf	 buf;		/* the bytes last read */
	uint64_t	 off;		/* from this offset */
};
int	 bv_msgloc_pread_win(enum bv_mbkind kind, int fd,
	    struct bv_readwin *win, const struct bv_msgloc *loc,
	    struct buf *bytes, char *err, size_t errlen);
void	 bv_readwin_free(struct bv_readwin *);	/* emptied, reusable */
int	 bv_mailbox_rereadable(const struct bv_mailbox *);
/* From now on bv_mailbox_next of an mbox or a Maildir fills LOC but leaves
 * BYTES empty (someone else reads the message with bv_msgloc_fetch): the
 * scan for an mbox's message starts still reads every byte, but copies
 * none; a Maildir's files are handed out as listed, not even opened (LOC's
 * length 0; a file gone by then is the reader's error), and progress counts
 * files.  Ignored for other mailboxes. */
void	 bv_mailbox_locate_only(struct bv_mailbox *, int on);

/* A whole file's bytes, read by someone else (BYTES[0..N)), made LOC's
 * message as bv_msgloc_fetch would have: a Maildir entry's length is set,
 * a From_ line on top is left out.  0, or -1 with ERR. */
int	 bv_msgloc_take(enum bv_mbkind kind, struct bv_msgloc *loc,
	    const char *bytes, size_t n, struct buf *out, char *err,
	    size_t errlen);

/* ---------------------------------------------------------------------------
 * batchread.c: a batch of small files opened, read and closed with one
 * system call (io_uring), where the kernel offers it.  A fast path: what it
 * cannot read whole is the caller's to read the ordinary way.
 */
struct bv_batchread;

/* Up to NSLOTS files of fewer than SLOTBYTES bytes a batch; NULL when the
 * kernel cannot (no io_uring, or forbidden) or BOUNCEVIEW_NO_URING is set
 * and not empty. */
struct bv_batchread	*bv_batchread_new(size_t nslots, size_t slotbytes);
void			 bv_batchread_free(struct bv_batchread *);
/* Files that can still be added to this batch. */
size_t			 bv_batchread_room(const struct bv_batchread *);
/* Add the file NAME under DIRFD (both borrowed until bv_batchread_run):
 * its slot, or -1 when the batch is full.  Opened like a Maildir file:
 * never following a symbolic link, never blocking. */
int			 bv_batchread_add(struct bv_batchread *, int dirfd,
			    const char *name);
/* Open, read and close every file added; 0, or -1 when the kernel refused
 * the batch (none is read, and the batcher is of no more use). */
int			 bv_batchread_run(struct bv_batchread *);
/* SLOT's whole file: its length, *BYTES borrowed until the next reset;
 * -1 when it was not read whole (could not be opened or read, empty, or
 * as long as the buffer or longer). */
ssize_t			 bv_batchread_get(const struct bv_batchread *,
			    size_t slot, const char **bytes);
/* Empty the batch for the next files. */
void			 bv_batchread_reset(struct bv_batchread *);

/* ---------------------------------------------------------------------------
 * record.c: one failed (or reported) recipient.  Strings are UTF-8, owned by
 * the record unless marked; NULL means "the bounce does not carry it".
 */
struct bv_original {
	char	*from;
	char	*to;
	char	*subject;
	char	*date;
	char	*message_id;
};

struct bv_record {
	struct bv_msgloc	 loc;
	uint32_t		 rcpt;		/* 1-based within the message */
	const char		*format;	/* static reader name; NULL for
						   a message that is no bounce */
	char	*date;				/* the bounce's Date: */
	char	*reporting_mta;
	char	*remote_mta;
	char	*recipient;
	char	*original_recipient;
	char	*action;
	char	*status;
	char	*reply_code;
	char	*diagnostic;
	char	*arrival_date;
	char	*last_attempt_date;
	char	*feedback_type;			/* ARF reports */
	char	*error;				/* "unreadable: why" */
	struct bv_original	 original;
	/* Filled by the classifier. */
	const char	*reason;
	int		 hard;			/* 1, 0, -1 = unknown */
	const char	*rule;
	const char	*blocklist;
	const char	*blocklist_url;
	char		*listed_ip;
	const char	*remediation;
	/* When set (records that came from a worker), the owned strings
	 * above live in this one allocation or are interned for good. */
	char		*pack;
	/* Filled by the interface. */
	unsigned	 tagged:1;
	/* Set by a format reader that knows the reason from the bounce's
	 * shape (static string; parse.c passes it as bv_facts.hint_reason,
	 * which the catalog uses only when no rule of its own decides). */
	const char	*hint_reason;
	/* The SMTP command the remote reply answered ("CONN", "HELO", "MAIL",
	 * "RCPT", "DATA"; static), when a reader knows it from the bounce's
	 * structure (a transcript, m-FILTER's "SMTP command" section) rather
	 * than its words; passed as bv_facts.command.  NULL: unknown. */
	const char	*command;
	/* The Diagnostic-Code's type when it is not "smtp" ("x-unix",
	 * "x-postfix", "x-local"; static): the catalog reads "x-unix; 67"
	 * as a local mailer's exit status.  NULL for smtp or none. */
	const char	*diag_type;
};

void	 bv_record_clear(struct bv_record *);	/* frees owned strings */
void	 bv_record_classify(struct bv_record *);	/* runs the catalog */

/* A growable array of records. */
struct bv_reclist {
	struct bv_record	*v;
	size_t			 n;
	size_t			 cap;
};
struct bv_record	*bv_reclist_add(struct bv_reclist *);	/* zeroed */
/* Room for MORE records exactly, for a list whose size is known: the
 * first add otherwise makes room for 16 (4.6 KB), and the workers' answers
 * held for their turn have one or two. */
void			 bv_reclist_reserve(struct bv_reclist *, size_t more);
void			 bv_reclist_free(struct bv_reclist *);

/* ---------------------------------------------------------------------------
 * msg.c: a parsed message as the format readers see it.  Built with libetpan;
 * readers never touch libetpan themselves.
 *
 * What a bv_msg holds:
 * - hdrs: the top-level header fields in order, each unfolded (a line break
 *   and the blanks after it become one space, tabs are spaces, ends
 *   trimmed) and decoded to UTF-8 (encoded words, raw 8-bit bytes).  Lines
 *   that are no header field (a "From " line, garbage without a colon) are
 *   left out.  At most 1000 fields, 64 KB of a value, 1 MB in all.
 * - parts: the leaves of the MIME tree in document order.  A message without
 *   MIME structure is one part "text/plain" of depth 0 holding the whole
 *   body.  Every text is valid UTF-8, transfer encoding and charset undone,
 *   line ends "\n", NUL bytes as spaces; BV_PART_CAP bytes of a part are
 *   read (BV_REPORT_CAP of a report part), 2 MB of text in all.  Parts
 *   of type text/... and message/... (delivery-status, feedback-report,
 *   disposition-notification, ...) carry their text; others (images,
 *   application/...) are listed with an empty text.
 * - The returned message (message/rfc822, message/global,
 *   text/rfc822-headers, message/global-headers) is one part of that type
 *   whose text is its header block only (as written, line ends "\n"), with
 *   in_original set.  Its body is not read: the diagnosis needs only its
 *   headers.  Exception: in a message that has no report part before it (a
 *   bounce forwarded as an attachment), the body of a message/rfc822 is
 *   read as well, and its parts follow with in_original set.
 * - original: From, To, Subject, Date and Message-ID of the returned
 *   message (the one beside the report when there are several).
 * - A body that declares no multipart structure (or a boundary it never
 *   uses) but carries a delivery-status part in MIME form is read as the
 *   multipart it is.
 */
struct bv_header {
	char		*name;		/* as written */
	const char	*raw;		/* borrowed: the value as it stands */
	size_t		 rawlen;
	char		*value;		/* NULL until bv_msg_header_value */
};

struct bv_part {
	char	*type;			/* "text/plain", lower case */
	char	*charset;		/* as declared, or NULL */
	char	*text;			/* decoded to UTF-8 (transfer encoding
					   and charset); NUL-terminated */
	size_t	 len;
	int	 depth;			/* 0 = the message body itself */
	int	 in_original;		/* inside the returned message */
	size_t	 orig_at;		/* bv_fmt_part_original()'s answer */
	size_t	 orig_len;		/* ... for this length + 1; 0: none */
};

struct bv_msg {
	struct bv_header	*hdrs;		/* top-level headers */
	size_t			 nhdrs;
	struct bv_part		*parts;		/* leaves, in document order */
	size_t			 nparts;
	const char		*raw;		/* borrowed: the message bytes */
	size_t			 rawlen;
	struct bv_original	 original;	/* returned message's headers */
	int			 has_dsn;	/* a delivery-status part */
	int			 has_report;	/* a multipart/report */
	int			 has_feedback;	/* a message/feedback-report */
	const char		*error;		/* static: why part of the MIME
						   structure was not read
						   (nesting, part count), or
						   NULL */
	char			*hdrbuf;	/* owned: the names hdrs
						   point into */
	char			*own;		/* owned: the bytes with lone
						   CRs rewritten, or NULL */
	size_t			 hdr_spent;	/* bytes of values decoded */
	int			 bouncy;	/* bv_fmt_bouncy's answer + 1,
						   0 until it is asked */
	const struct bv_part	*text[2];	/* bv_fmt_text's first two
						   answers (borrowed), */
	size_t			 textlen[2];
	int			 textknown;	/* bit K: text[K] known */
	int			 textsettled;	/* html_fallback() will change
						   no part any more */
};

#define BV_PART_CAP	(256 * 1024)	/* text kept of one part */
#define BV_REPORT_CAP	(4 * 1024 * 1024)	/* of a report part */
#define BV_MIME_DEPTH	32		/* deepest multipart nesting read */
#define BV_MIME_PARTS	512		/* parts read of one message */

/* Parse BYTES[0..LEN) (borrowed: must outlive the result).  Never NULL. */
struct bv_msg	*bv_msg_new(const char *bytes, size_t len);
void		 bv_msg_free(struct bv_msg *);
/* First value of header NAME (case-insensitive), or NULL. Borrowed. */
const char	*bv_msg_header(const struct bv_msg *, const char *name);
/* The value of header I: unfolded, encoded words decoded, never NULL.  A
 * bounce's headers are many (Received, DKIM) and few are ever asked for,
 * so each is decoded on first use, into the message.  Borrowed. */
const char	*bv_msg_header_value(const struct bv_msg *, size_t i);
/* The Nth (from 0) part of type TYPE (lower case) outside the returned
 * message, or NULL.  Borrowed. */
const struct bv_part *bv_msg_part(const struct bv_msg *, const char *type,
		    size_t n);

/* ---------------------------------------------------------------------------
 * decode.c: message bytes to UTF-8 (used by msg.c; readers get decoded text).
 */
enum bv_cte {
	BV_CTE_IDENTITY,	/* 7bit, 8bit, binary, unknown */
	BV_CTE_QP,
	BV_CTE_BASE64,
};

/* Is S[0..N) valid UTF-8? */
int	 bv_utf8_valid(const char *s, size_t n);
/* Append S[0..N) to B: valid UTF-8 as it is, other bytes as Latin-1; CR LF
 * and lone CR become "\n", NUL a space. */
void	 bv_utf8_add(struct buf *b, const char *s, size_t n);
/* Append S[0..N) in CHARSET (NULL: undeclared) to B as UTF-8 as
 * bv_utf8_add does, reading at most CAP bytes.  0, or -1 when the charset
 * was unknown or wrong and the bytes were read as UTF-8/Latin-1. */
int	 bv_text_utf8(struct buf *b, const char *s, size_t n,
	    const char *charset, size_t cap);
/* A Content-Transfer-Encoding value (NULL: none) to its kind. */
enum bv_cte	 bv_cte_lookup(const char *value);
/* Append S[0..N) with transfer encoding CTE undone to B.  0, or -1 when it
 * could not be decoded (the bytes are appended as they are). */
int	 bv_transfer_decode(struct buf *b, const char *s, size_t n,
	    enum bv_cte cte);
/* A header value S[0..N) unfolded and decoded to UTF-8 (encoded words,
 * raw 8-bit, ISO-2022-JP), one line (tabs as spaces); at most 64 KB of it
 * read.  Caller frees. */
char	*bv_header_decode(const char *s, size_t n);
/* The same appended to B. */
void	 bv_header_add(struct buf *b, const char *s, size_t n);
/* bv_header_decode() without the values it keeps from the calls before (a
 * plain reference for the tests). */
char	*bv_header_decode_plain(const char *s, size_t n);

/* ---------------------------------------------------------------------------
 * codes.c: SMTP reply codes and enhanced status codes (RFC 3463) in text.
 * Numbers inside addresses, IP addresses, dates, times, ports and sizes are
 * not taken for codes.  At most BV_CODE_SCAN bytes of a text are read.
 */
#define BV_CODE_SCAN	8192

/* The SMTP reply code of TEXT ("550" of "smtp; 550-5.1.1 ...", "said: 550
 * ...", "#550 ..."): 1 and OUT filled, or 0. */
int	 bv_code_reply(const char *text, char out[4]);
/* The first enhanced status code in TEXT ("5.1.1", "#4.4.7") of class CLS
 * ('2', '4', '5'; 0 for any): 1 and OUT filled, or 0. */
int	 bv_code_enhanced(const char *text, int cls, char out[16]);
/* Is S a whole enhanced status code (after blanks)? Copies it to OUT
 * when OUT is not NULL. */
int	 bv_code_is_enhanced(const char *s, char out[16]);
/*
 * The status a record shows: the code in STATUS (which may carry words
 * around it); when STATUS is missing or only "X.0.0", a more specific code
 * of the same class from DIAG.  1 and OUT filled, or 0 when there is none.
 */
int	 bv_code_status(const char *status, const char *diag, char out[16]);

/* ---------------------------------------------------------------------------
 * readers.c: format readers, tried in a fixed order.  Each one is a cheap
 * test and an extraction that appends records (recipient, codes, diagnostic,
 * ...; not the message-level fields the caller fills in afterwards).
 */
struct bv_reader {
	const char	*name;		/* the record's format */
	int		(*claims)(const struct bv_msg *);
	/* Appends at least one record and returns 0, or returns -1. */
	int		(*extract)(const struct bv_msg *, struct bv_reclist *);
};

/* The readers in the order they are tried (readers.c); NULL-terminated. */
extern const struct bv_reader *const bv_readers[];
/* Every name a record's format can have, in the order the readers are
 * tried, each once: up to MAX into OUT (static strings); their count. */
size_t		 bv_format_names(const char **out, size_t max);
/* Readers defined by dsn.c (RFC 3464 / RFC 6533), arf.c (RFC 5965) and
 * autoreply.c (RFC 3834). */
extern const struct bv_reader bv_reader_rfc3464;
extern const struct bv_reader bv_reader_arf;
extern const struct bv_reader bv_reader_autoreply;

/* ---------------------------------------------------------------------------
 * dsn.c: besides the RFC 3464 reader, what arf.c and autoreply.c share.
 */
#define BV_DSN_RCPTS	10000		/* recipients read of one report; an
					   error record says so past it */

/* The fields of a report part (delivery-status, feedback-report): name,
 * value unfolded (continuation lines, and stray lines without a field name,
 * joined with one space), and whether a blank line came before. */
struct bv_fieldit {
	const char		*s;		/* borrowed: the part's text */
	size_t			 n;
	size_t			 pos;
	const char *const	*known;		/* borrowed: field names taken
						   even when indented */
	char			 name[64];	/* as written */
	struct buf		 val;		/* trimmed, NUL-terminated */
	int			 blank;
};
void	 bv_fieldit_init(struct bv_fieldit *, const char *s, size_t n,
	    const char *const *known);
int	 bv_fieldit_next(struct bv_fieldit *);	/* 1 with a field, 0 at end */
void	 bv_fieldit_free(struct bv_fieldit *);
/* V without its type ("rfc822;", "dns;", "smtp;", "utf-8;"), blanks and
 * enclosing angle brackets; NULL when nothing is left.  Caller frees. */
char	*bv_field_strip_type(const char *v);
/* The first e-mail address in a header value ("Name <a@b>", "a@b (x)"),
 * or NULL.  Caller frees. */
char	*bv_addr_extract(const char *v);

/* ---------------------------------------------------------------------------
 * parse.c: one message's bytes to records.
 */
enum bv_msgkind {
	BV_MSG_NOTBOUNCE,	/* ordinary mail: no record (one with --all) */
	BV_MSG_BOUNCE,		/* one record per recipient */
	BV_MSG_UNREADABLE,	/* looked like a bounce, could not be read:
				   one record with error set */
};

/* Parse BYTES located at LOC; append records to OUT.  Never exits. */
enum bv_msgkind	 bv_parse_message(const char *bytes, size_t len,
		    const struct bv_msgloc *loc, struct bv_reclist *out);

/* ---------------------------------------------------------------------------
 * load.c: every message of a list of mailboxes, in order, into classified
 * records.  Export calls it to the end; the interface calls it in steps so
 * it can draw while loading.  (The speed issue may move parsing into worker
 * processes behind this same interface.)
 */
struct bv_load_stats {
	uint64_t	messages;	/* messages read */
	uint64_t	bounces;	/* messages that gave records */
	uint64_t	records;
	uint64_t	unreadable;	/* looked like bounces, unreadable */
	uint64_t	badinputs;	/* arguments that could not be opened */
	uint64_t	bytes_done;
	uint64_t	bytes_total;
};

struct bv_loader;

/* ERRS receives one line per problem ("FILE: what"); may be NULL. */
struct bv_loader	*bv_loader_new(char *const *args, int nargs, int all,
			    FILE *errs);
void			 bv_loader_free(struct bv_loader *);
/* Parse in this process rather than in workers (deterministic steps, for
 * the interface's test mode). */
void			 bv_loader_inprocess(struct bv_loader *);
/*
 * Export mode: the records become export text where they are parsed (in the
 * workers, on both cores) rather than travelling back as records; see
 * struct bv_render.  R is borrowed; set it before the first step.  The steps
 * then hand back no records.
 */
struct bv_render;
void			 bv_loader_render(struct bv_loader *,
			    struct bv_render *r);
/* Parse up to MAX messages into OUT; 1 while more remain, 0 at the end. */
int			 bv_loader_step(struct bv_loader *, size_t max,
			    struct bv_reclist *out);
const struct bv_load_stats *bv_loader_stats(const struct bv_loader *);
/* The mailbox a record came from (to re-read its message); borrowed. */
const struct bv_mailbox	*bv_loader_mailbox(const struct bv_loader *,
			    uint32_t index);
/* Is PATH one of the inputs (same device and inode)? */
int			 bv_loader_is_input(const struct bv_loader *,
			    const char *path);

/* What a worker does with one message: parse it, and with ALL give a message
 * that is no bounce its one record. */
enum bv_msgkind	 bv_loader_parse(const char *bytes, size_t len,
		    const struct bv_msgloc *loc, int all, struct bv_reclist *out);

/* ---------------------------------------------------------------------------
 * workers.c: parsing in two worker processes, answers in mailbox order; a
 * message that crashes or hangs a worker becomes one unreadable record.
 * BOUNCEVIEW_WORKERS=0 parses in-process; BOUNCEVIEW_PARSE_TIMEOUT sets the
 * time limit per message in seconds (default 10).
 */
struct bv_pool;

/* NULL: parse in-process.  RENDER (borrowed; NULL for records) makes the
 * workers answer with export text.  BYTES, the size of the mailboxes (0
 * when unknown), sets how much heap its processes make present up front
 * (bv_pool_warm). */
struct bv_pool		*bv_pool_new(int all, const struct bv_render *render,
			    uint64_t bytes);
/* The heap bytes the loader and each worker make present up front for
 * mailboxes of BYTES, into *LOADER and *WORKER (0: none). */
void			 bv_pool_warm(uint64_t bytes, size_t *loader,
			    size_t *worker);
void			 bv_pool_free(struct bv_pool *);
int			 bv_pool_can_take(const struct bv_pool *);
void			 bv_pool_submit(struct bv_pool *,
			    const struct bv_msgloc *, const char *, size_t);
/* A message the worker reads itself from its file (a mailbox of KIND that
 * bv_mailbox_rereadable says yes to): only its location travels. */
void			 bv_pool_submit_at(struct bv_pool *,
			    const struct bv_msgloc *, enum bv_mbkind kind);
/* A message resolved without a worker; returns its record to fill. */
struct bv_record	*bv_pool_submit_done(struct bv_pool *,
			    const struct bv_msgloc *, enum bv_msgkind);
/* The next answer in order: its records (in render mode those the worker
 * already rendered are error records only, and *NREC says how many the
 * message gave), or 0 when none is ready within TIMEOUT_MS, -1 when none
 * is outstanding.  Rendered text goes to RENDER's. */
int			 bv_pool_collect(struct bv_pool *, struct bv_reclist *,
			    enum bv_msgkind *, size_t *nrec,
			    struct bv_render *render, int timeout_ms);
size_t			 bv_pool_pending(const struct bv_pool *);
/* Between steps: once the loader's heap has grown past what the pool made
 * present, make the next part of it present too (a pool for a small
 * mailbox made none and does nothing).  1 if it did. */
int			 bv_pool_keep_warm(struct bv_pool *);

/* ---------------------------------------------------------------------------
 * pattern.c: the pattern language shared by --filter and the interface's
 * limit, search and tag commands (see the man page).
 */
struct bv_pattern;

/* NULL on error, with ERR and the byte offset of the problem in *ERRPOS. */
struct bv_pattern	*bv_pattern_compile(const char *text, char *err,
			    size_t errlen, size_t *errpos);
int			 bv_pattern_match(const struct bv_pattern *,
			    const struct bv_record *);
void			 bv_pattern_free(struct bv_pattern *);

/* ---------------------------------------------------------------------------
 * export.c: JSON Lines and RFC 4180 CSV with the fixed field names.
 */
enum bv_exfmt {
	BV_EXPORT_JSON,
	BV_EXPORT_CSV,
};

/* "json", "jsonl", "csv" (or a file name ending so) to a format; -1 if none. */
int	 bv_export_format(const char *name);
void	 bv_export_header(struct buf *, enum bv_exfmt);	/* CSV header row */
void	 bv_export_record(struct buf *, enum bv_exfmt, const struct bv_record *);

/* Export text made as records are parsed (bv_loader_render). */
struct bv_render {
	enum bv_exfmt		 fmt;
	const struct bv_pattern	*filter;	/* borrowed; NULL: every record */
	struct buf		 text;		/* in mailbox order, to write */
	uint64_t		 matched;	/* records that went in */
};
/* The records of LIST from FIRST that R's filter matches, into R's text. */
void	 bv_render_records(struct bv_render *r, const struct bv_reclist *list,
	    size_t first);
/*
 * Write LEN bytes to PATH atomically (temporary file in the same directory,
 * then rename), refusing a path that is one of LOADER's inputs.  0 or -1
 * with ERR; on failure nothing is left behind.
 */
int	 bv_write_atomic(const char *path, const char *data, size_t len,
	    const struct bv_loader *, char *err, size_t errlen);
/*
 * The same in steps, for an export larger than memory: open creates the
 * temporary file beside PATH (refusing what bv_write_atomic refuses, and a
 * PATH that is a directory or no regular file), commit syncs it and renames
 * it over PATH, abort removes it; commit and abort free the handle, also on
 * failure.  Errors are one line naming PATH and why.
 */
struct bv_outfile;
struct bv_outfile *bv_outfile_open(const char *path, const struct bv_loader *,
	    char *err, size_t errlen);
int	 bv_outfile_write(struct bv_outfile *, const char *data, size_t len,
	    char *err, size_t errlen);
int	 bv_outfile_commit(struct bv_outfile *, char *err, size_t errlen);
void	 bv_outfile_abort(struct bv_outfile *);		/* NULL ok */
/* The temporary file's name (for a signal handler to unlink), or NULL. */
const char *bv_outfile_temp(const struct bv_outfile *);

/* The code point of the UTF-8 sequence at S[0..N) in *CP and its length (1
 * to 4), or 0 when it is not valid UTF-8 (overlong, surrogate, past
 * U+10FFFF, truncated). */
size_t	 bv_utf8_decode(const char *s, size_t n, uint32_t *cp);
/* Must CP never reach a terminal or spreadsheet raw?  C0 controls, DEL, C1
 * controls, bidirectional controls, U+2028 and U+2029. */
int	 bv_char_hidden(uint32_t cp);
/* Append S (may be NULL) for a one-line message: hidden characters and
 * invalid UTF-8 become '?'. */
void	 bv_text_oneline(struct buf *, const char *s);

/* ---------------------------------------------------------------------------
 * formats: helpers shared by the readers of bounces without a delivery-status
 * part (fmt_*.c).  Message text is hostile: every scan is bounded by
 * BV_FMT_CAP bytes and runs in linear time.
 */
#define BV_FMT_CAP	(96 * 1024)	/* text scanned per part */
#define BV_FMT_DIAG_MAX	2000		/* bytes kept of a diagnostic */

/* One line of a text, without its line end (LF, CRLF or CR). */
struct bv_line {
	const char	*s;		/* borrowed: points into the text */
	size_t		 len;
};
/* The line at *POS of TEXT[0..LEN): 1 and *POS moved past it, 0 at the end. */
int		 bv_fmt_line(const char *text, size_t len, size_t *pos,
		    struct bv_line *);
/* ASCII case-insensitive search in HAY[0..N): the match or NULL. */
const char	*bv_fmt_find(const char *hay, size_t n, const char *needle);
/* The first match of any of NEEDLES (NULL-terminated) or NULL; *WHICH (may
 * be NULL) gets the index of the needle that matched. */
const char	*bv_fmt_find_any(const char *hay, size_t n,
		    const char *const *needles, size_t *which);
/* A list of needles searched in one pass (ASCII case-insensitive): the
 * needles (two bytes or longer) are bucketed by their first two bytes on
 * first use (thread-safe).
 * NEEDLES is a NULL-terminated array of STRIDE-byte entries whose first
 * member is the needle (a plain list: sizeof(char *)). */
#define BV_FMT_SET_MAX	512
#define BV_FMT_SET_HASH	1024	/* buckets (a power of two), by the first
					   two bytes */
struct bv_fmt_set {
	const void	*needles;
	size_t		 stride;
	int		 ready;
	int		 anywhere;	/* needles match inside words too */
	uint16_t	 bucket[BV_FMT_SET_HASH + 1];
	uint16_t	 order[BV_FMT_SET_MAX];
	uint64_t	 pair[65536 / 64];	/* byte pairs that begin a
						   needle, in either case */
	uint8_t		 third[BV_FMT_SET_MAX];	/* by position in order: the
						   needle's third byte in lower
						   case, when its first three
						   are no blanks; else 0 */
	uint8_t		 lcp[BV_FMT_SET_MAX];	/* by position in order (a
						   bucket is sorted): bytes the
						   needle shares with the one
						   before it, at most 255 */
	uint16_t	 skip3[BV_FMT_SET_MAX];	/* by position in order: the
						   position after the run of
						   needles sharing this one's
						   first three bytes */
};
#define BV_FMT_SET(list, stride)	{ (list), (stride), 0, 0, { 0 }, \
					    { 0 }, { 0 }, { 0 }, { 0 }, { 0 } }
/* A set whose needles match anywhere, as bv_fmt_find() does. */
#define BV_FMT_SET_ANYWHERE(list, stride) { (list), (stride), 0, 1, { 0 }, \
					    { 0 }, { 0 }, { 0 }, { 0 }, { 0 } }
/* The earliest match in HAY[0..N) of any needle of SET, or NULL; *WHICH (may
 * be NULL) gets the needle's index.  One pass over HAY.  Needles are words
 * or phrases: a match begins where a word does (after a byte that is not an
 * ASCII letter or digit), unless the set says anywhere. */
const char	*bv_fmt_set_find(struct bv_fmt_set *, const char *hay,
		    size_t n, size_t *which);
/* The needle of SET that S[0..N) begins with, or NULL; *WHICH as above. */
const char	*bv_fmt_set_prefix(struct bv_fmt_set *, const char *s,
		    size_t n, size_t *which);
/* Every needle of SET that occurs in HAY[0..N), one pass: bit I of SEEN
 * (BV_FMT_SET_MAX / 64 words, zeroed by the caller) set for needle I. */
void		 bv_fmt_set_mark(struct bv_fmt_set *, const char *hay,
		    size_t n, uint64_t *seen);
/* The same for a short text that recurs (a header value): the marks of the
 * last texts seen are kept per thread and reused. */
void		 bv_fmt_set_mark_kept(struct bv_fmt_set *, const char *v,
		    size_t n, uint64_t *seen);
/* Does S[0..N) begin with PREFIX, ignoring ASCII case?  A blank in PREFIX
 * matches any run of blanks and line ends (notices wrap anywhere).  All
 * searches below match so. */
int		 bv_fmt_prefix(const char *s, size_t n, const char *prefix);
/* The same, returning how many bytes of S matched (0: no match). */
size_t		 bv_fmt_prefix_len(const char *s, size_t n, const char *prefix);
/* An e-mail address (addr-spec) beginning exactly at S[0..N): its length,
 * copied NUL-terminated into OUT; 0 when there is none or it is longer than
 * OUTLEN - 1. */
size_t		 bv_fmt_addr(const char *s, size_t n, char *out, size_t outlen);
/* The first address in S[0..N): where it starts, or NULL. */
const char	*bv_fmt_find_addr(const char *s, size_t n, char *out,
		    size_t outlen, size_t *alen);
#define BV_FMT_ADDR_MAX	256

/* The text a reader reads: the Nth text leaf (text/plain first, then other
 * text types) outside the returned message; NULL when there is none.  *LEN
 * is the part's length capped at BV_FMT_CAP. */
const struct bv_part *bv_fmt_text(const struct bv_msg *, size_t n,
		    size_t *len);
/* Offset in TEXT[0..LEN) where the returned original message begins (a
 * marker line such as "--- Below this line is a copy of the message." or an
 * inline header block), or LEN. */
size_t		 bv_fmt_original_at(const char *text, size_t len);
/* The same for the first LEN bytes of part P's text, found once per part
 * and length: several readers ask of the same notice. */
size_t		 bv_fmt_part_original(const struct bv_part *p, size_t len);
/* The To of the returned message, for notices that name no recipient:
 * from the header block at ORIG in TEXT[0..LEN) (an inline copy), else the
 * returned message part's.  1 and ADDR (BV_FMT_ADDR_MAX bytes) filled, or 0
 * unless the message went to exactly one address (To, and Cc when known). */
int		 bv_fmt_original_to(const struct bv_msg *, const char *text,
		    size_t len, size_t orig, char *addr);
/* The returned message's To or Cc address that a line "NAME on DATE" of
 * TEXT[0..ORIG) names by its display name or local part (Exchange 5.5 and
 * 2000): 1 and ADDR filled when exactly one matches, else 0. */
int		 bv_fmt_original_named(const struct bv_msg *, const char *text,
		    size_t len, size_t orig, char *addr);
/* The returned message's From, To, Subject, Date and Message-ID from its
 * header block at ORIG in TEXT[0..LEN) (a copy inline after the notice),
 * decoded; fields of O already set are kept. */
void		 bv_fmt_inline_original(const char *text, size_t len,
		    size_t orig, struct bv_original *o);
/* Does the message present itself as a bounce (X-Failed-Recipients, a null
 * or mailer-daemon Return-Path, a mail-system sender, or a failure subject on
 * an Auto-Submitted message)?  Cheap: headers only. */
int		 bv_fmt_bouncy(const struct bv_msg *);
/* Does a bouncy message (above) also say it reports a failure (Exim's and
 * Exchange's headers, a failure subject) and is no list mail?  Then a notice
 * no reader understood is reported as unreadable. */
int		 bv_fmt_failure_notice(const struct bv_msg *);
/* Does header NAME contain NEEDLE (ASCII case-insensitive)? */
int		 bv_fmt_header_has(const struct bv_msg *, const char *name,
		    const char *needle);

/* Append a record for recipient RCPT (an address) to OUT unless the records
 * from FIRST on already have it; the diagnostic is DIAG[0..DLEN) with runs
 * of blanks and line ends folded into one space, capped.  (parse.c takes
 * the reply code and enhanced status from the diagnostic afterwards, with
 * codes.c.)  Returns the new record, or the existing one for RCPT with
 * *ISNEW (may be NULL) set to 0. */
struct bv_record *bv_fmt_add(struct bv_reclist *out, size_t first,
		    const char *format, const char *rcpt, const char *diag,
		    size_t dlen, int *isnew);
/* (Re)set REC's diagnostic, folded and capped as bv_fmt_add does. */
void		 bv_fmt_set_diag(struct bv_record *, const char *diag,
		    size_t dlen);
/* Addresses of a header (X-Failed-Recipients: a, b) as records with DIAG. */
size_t		 bv_fmt_add_header_rcpts(const struct bv_msg *,
		    const char *name, struct bv_reclist *out, size_t first,
		    const char *format, const char *diag, size_t dlen);

/* Does the message match CONDS, a NULL-terminated list of alternatives?
 * Each alternative is one or more tests joined by " && ": "from:TEXT",
 * "subject:TEXT", "mailer:TEXT" (X-Mailer), "hdr:NAME" (present),
 * "hdr:NAME=TEXT", "body:TEXT" (the notice text, first 1 KB),
 * "bouncy" (bv_fmt_bouncy).  TEXT is matched ignoring ASCII case.  SEEN
 * (may be NULL) holds the headers and, for parsed "body:" tests that know
 * their index, the needles found by a bv_fmt_bodyscan() done beforehand. */
/* The tests whose needles a scan marks beforehand, each kind in its set. */
enum {
	BV_FMT_S_BODY, BV_FMT_S_FROM, BV_FMT_S_SUBJECT, BV_FMT_S_MAILER,
	BV_FMT_S_N
};
struct bv_fmt_seen {
	struct bv_fmt_set	*set[BV_FMT_S_N];	/* borrowed; NULL: none */
	uint64_t		 bits[BV_FMT_S_N][BV_FMT_SET_MAX / 64];
	const char		*from;		/* headers looked up once */
	const char		*subject;
	const char		*mailer;
	int			 bouncy;
	const char		*text;		/* the first text part, and */
	size_t			 orig;		/* where its returned message
						   begins (bv_fmt_original_at) */
};
int		 bv_fmt_ident(const struct bv_msg *, const char *const *conds,
		    const struct bv_fmt_seen *seen);
/* Would bv_fmt_bodyscan() mark NEEDLE in M's body set?  For a needle left
 * out of the set (one that is looked for only when a test before it
 * passed): its first two bytes are no blanks, it is two bytes or longer. */
int		 bv_fmt_body_word(const struct bv_msg *, const char *needle);
/* One test of an alternative, parsed ("from:TEXT" and so on), so a table of
 * formats can be parsed once and evaluated for every message. */
enum {
	BV_FMT_T_BOUNCY = 1, BV_FMT_T_FROM, BV_FMT_T_SUBJECT, BV_FMT_T_MAILER,
	BV_FMT_T_BODY, BV_FMT_T_HDR
};
struct bv_fmt_test {
	int	 kind;
	int	 idx;			/* index in SEEN's set of its kind
					   (bv_fmt_test_slot), or -1 */
	char	 name[48];		/* "hdr:": the header's name */
	char	 text[128];
};
/* 0 and T filled, or -1 when S[0..N) is no test or too long. */
int		 bv_fmt_test_parse(const char *s, size_t n,
		    struct bv_fmt_test *t);
/* The set of SEEN that holds T's needle (BV_FMT_S_*), or -1. */
int		 bv_fmt_test_slot(const struct bv_fmt_test *);
/* Does M pass T?  SEEN as for bv_fmt_ident(). */
int		 bv_fmt_test_eval(const struct bv_fmt_test *,
		    const struct bv_msg *, const struct bv_fmt_seen *seen);
/* Which needles of SEEN->set[BV_FMT_S_BODY] the first text part holds
 * before its returned message, in its first 1 KB (and a second one after a
 * first under 256 bytes), and those of the header sets in From, Subject and
 * X-Mailer; the headers the tests read most; where the returned message
 * begins. */
void		 bv_fmt_bodyscan(const struct bv_msg *, struct bv_fmt_seen *);
#define BV_FMT_BODY_SCAN	1024

/* fmt_block.c: the text-block engine.  A variant describes one MTA's notice:
 * how to recognise it, the lines that begin and end the block of failed
 * recipients, the words that may stand before a recipient's address, and
 * lines that are boilerplate.  Inside the block a line that begins with an
 * address (after a label) starts a recipient; the lines after it, up to the
 * next recipient, are its diagnostic.  Lines before the first recipient are
 * shared by the recipients that have no text of their own. */
struct bv_fmt_variant {
	const char		*name;		/* the records' format */
	const char *const	*ident;		/* bv_fmt_ident() */
	const char *const	*begin;		/* block starts after the first
						   line holding one (in list
						   order); NULL: at the top;
						   "=TEXT": the whole line */
	const char *const	*end;		/* besides the returned message;
						   "=TEXT" as in begin */
	const char *const	*labels;	/* before a recipient address */
	const char *const	*drop;		/* lines left out */
	unsigned		 flags;
	const char		*hint;		/* reason the format states */
	struct bv_fmt_set	*beginset;	/* BEGIN as a set: the earliest
						   line holding any of them */
};
#define BV_FMT_HDRRCPT	0x01	/* recipients from X-Failed-Recipients only */
#define BV_FMT_ORIGTO	0x02	/* none found: the returned message's To */
#define BV_FMT_NOREST	0x04	/* text after a recipient's address is noise */
#define BV_FMT_GENERIC	0x08	/* unknown MTA: stricter about addresses */
#define BV_FMT_CMDLINE	0x10	/* a line that is only an SMTP verb names the
				   command the reply answered */
#define BV_FMT_STRICT	0x20	/* no BEGIN line: not this shape (otherwise
				   the block starts at the top) */
#define BV_FMT_ANYADDR	0x40	/* a line holding "<address>" anywhere opens
				   a recipient (fields before it) */
#define BV_FMT_REASON_FIRST 0x80	/* each reason is written before its
				   address, not after it */
/* Run variant V on M: records appended and 0, or -1 when the notice does not
 * have the variant's shape.  SEEN (may be NULL) from bv_fmt_bodyscan(). */
int		 bv_fmt_block_run(const struct bv_fmt_variant *,
		    const struct bv_msg *, const struct bv_fmt_seen *seen,
		    struct bv_reclist *);
/* fmt_variants.c: the name of the Ith variant, NULL past the last. */
const char	*bv_fmt_variant_name(size_t i);
/* Do the tests of the Ith variant pass for M?  With QUICK as the reader
 * asks: only for the variants its body scan can let in (the others are
 * answered no without a look); without, every variant's tests are looked
 * at.  Both answers are the same (test_formats checks). */
int		 bv_fmt_variant_identified(const struct bv_msg *, size_t i,
		    int quick);
/* fmt_dsntext.c: the Ith software that writes DSN fields as text and is
 * named for it, NULL past the last. */
const char	*bv_fmt_dsntext_name(size_t i);

/* fmt_phrases.c: multilingual wording of bounces. */
/* A reason (userunknown, mailboxfull, mesgtoobig, expired, ...) named by a
 * phrase of the table in TEXT[0..N), in English or another language; NULL if
 * none. */
const char	*bv_fmt_phrase_reason(const char *text, size_t n);
/* The same without the first pass that rules most texts out (a plain
 * reference for the tests). */
const char	*bv_fmt_phrase_reason_plain(const char *text, size_t n);
/* Does TEXT say delivery failed ("could not be delivered", "unzustellbar",
 * ...)? */
int		 bv_fmt_says_failure(const char *text, size_t n);
/* Does TEXT say delivery is only delayed and will be retried? */
int		 bv_fmt_says_delay(const char *text, size_t n);
/* Does a notice's SUBJECT (may be NULL) say it is a delay warning? */
int		 bv_fmt_subject_delay(const char *subject);

/* html.c: the text of HTML[0..N) as a person reads it, for notices sent
 * only as text/html: tags dropped (block tags as line ends, table cells as
 * blanks), script, style, title and comments left out, entities decoded,
 * blanks folded.  Linear in N, never longer than N.  Allocated and
 * NUL-terminated; *OUTLEN (may be NULL) gets its length. */
char		*bv_html_text(const char *html, size_t n, size_t *outlen);

/* fmt_transcript.c: SMTP session transcripts quoted in bounces (Sendmail's
 * ">>> RCPT To:<x>" / "<<< 550 ..." and "550 <x>... User unknown", Postfix's
 * "In:" / "Out:", "Sent <<<" / "Received >>>").  Records for the recipients
 * the transcript shows failing are appended to OUT (FIRST as in bv_fmt_add)
 * with FORMAT, or when NULL the transcript's style ("sendmail", "postfix");
 * when none is named, FALLBACK (may be NULL) gets the last error.  Returns
 * how many records were added; *STYLE (may be NULL) gets the format used. */
size_t		 bv_fmt_transcript(const char *text, size_t len,
		    const char *format, const char *fallback,
		    struct bv_reclist *out, size_t first, const char **style);
/* The Ith format only a transcript style names ("mdaemon"), NULL past the
 * last. */
const char	*bv_fmt_transcript_name(size_t i);
/* Does TEXT[0..N) say a transcript follows ("Transcript of session
 * follows", MDaemon's "--- Session Transcript ---")? */
int		 bv_fmt_says_transcript(const char *text, size_t n);

/* The format readers (readers.c lists them in order). */
extern const struct bv_reader bv_reader_amazonses;
/* fmt_json.c: the offset from I of the first '"' or '\\' in S[0..N), or N
 * (where a JSON string's plain run ends). */
size_t		 bv_json_run(const char *s, size_t i, size_t n);
extern const struct bv_reader bv_reader_dsntext;
extern const struct bv_reader bv_reader_block;
extern const struct bv_reader bv_reader_transcript;
extern const struct bv_reader bv_reader_generic;

#endif
