/*
 * parser/: reading mailboxes, MIME, DSN and non-DSN bounce formats, records,
 * the pattern language and export.  May use libetpan and catalog/, never
 * curses.  One header, grouped by source file.
 */
#ifndef BV_PARSER_H
#define BV_PARSER_H

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
	uint64_t	 length;	/* bytes, including the From_ line */
	uint32_t	 msgno;		/* 1-based position in its mailbox */
	uint32_t	 mailbox;	/* index of the mailbox argument */
};

struct bv_mailbox;

/* Open ARG (file, directory or "-").  NULL and a one-line ERR on failure. */
struct bv_mailbox	*bv_mailbox_open(const char *arg, char *err, size_t errlen);
void			 bv_mailbox_free(struct bv_mailbox *);
enum bv_mbkind		 bv_mailbox_kind(const struct bv_mailbox *);
const char		*bv_mailbox_name(const struct bv_mailbox *);
/*
 * Next message: fills LOC and BYTES (the message, From_ line stripped) and
 * returns 1; 0 at the end; -1 when this message could not be read (ERR says
 * why, LOC is still filled, and the next call goes on with the next one).
 */
int	 bv_mailbox_next(struct bv_mailbox *, struct bv_msgloc *loc,
	    struct buf *bytes, char *err, size_t errlen);
/* Bytes read so far and total, for progress. */
void	 bv_mailbox_progress(const struct bv_mailbox *, uint64_t *done,
	    uint64_t *total);
/* Read one located message again (raw view, pipe). 0 ok, -1 with ERR. */
int	 bv_msgloc_read(const struct bv_mailbox *, const struct bv_msgloc *,
	    struct buf *bytes, char *err, size_t errlen);

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
	/* Filled by the interface. */
	unsigned	 tagged:1;
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
void			 bv_reclist_free(struct bv_reclist *);

/* ---------------------------------------------------------------------------
 * msg.c: a parsed message as the format readers see it.  Built with libetpan;
 * readers never touch libetpan themselves.
 */
struct bv_header {
	char	*name;			/* as written */
	char	*value;			/* unfolded, encoded words decoded */
};

struct bv_part {
	char	*type;			/* "text/plain", lower case */
	char	*charset;		/* as declared, or NULL */
	char	*text;			/* decoded to UTF-8 (transfer encoding
					   and charset); NUL-terminated */
	size_t	 len;
	int	 depth;			/* 0 = the message body itself */
	int	 in_original;		/* inside the returned message */
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
};

/* First value of header NAME (case-insensitive), or NULL. Borrowed. */
const char	*bv_msg_header(const struct bv_msg *, const char *name);

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
/* Readers defined by dsn.c (RFC 3464 / RFC 6533), arf.c (RFC 5965) and
 * autoreply.c (RFC 3834). */
extern const struct bv_reader bv_reader_rfc3464;
extern const struct bv_reader bv_reader_arf;
extern const struct bv_reader bv_reader_autoreply;

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
/*
 * Write LEN bytes to PATH atomically (temporary file in the same directory,
 * then rename), refusing a path that is one of LOADER's inputs.  0 or -1
 * with ERR; on failure nothing is left behind.
 */
int	 bv_write_atomic(const char *path, const char *data, size_t len,
	    const struct bv_loader *, char *err, size_t errlen);

#endif
