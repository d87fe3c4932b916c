/*
 * mbint.h: what mailbox.c, mbox.c and maildir.c share; nothing else should
 * include it.  The public side is the "mailbox.c" section of parser.h.
 */
#ifndef BV_MBINT_H
#define BV_MBINT_H

#include <stddef.h>
#include <stdint.h>

#include "parser/parser.h"

#define MB_WIN		(1024 * 1024)	/* bytes read at once */
#define MB_BACK		4		/* kept before the scan position, to
					   see the blank line before a From_ */
#define MB_AHEAD	1024		/* a From_ line is judged on at most
					   this many bytes */

/*
 * A file or stream read front to back through one window.  Regular files
 * are read with pread() at our own offset (so a re-read elsewhere does not
 * move us), pipes with read().  Bytes before AT have been handed out.
 */
struct mbscan {
	int		 fd;		/* borrowed: the caller closes it */
	int		 stream;	/* a pipe or terminal: read() */
	uint64_t	 rpos;		/* file offset of the next read */
	uint64_t	 woff;		/* file offset of w[0] */
	char		*w;		/* MB_WIN bytes, kept across files */
	size_t		 len;		/* bytes in w */
	size_t		 at;		/* next byte not yet handed out */
	int		 eof;		/* no more bytes (or a read failed) */
	int		 error;		/* errno of a failed read, or 0 */
};

/* mbox.c */
void	 mbscan_start(struct mbscan *, int fd, int stream, uint64_t offset);
void	 mbscan_release(struct mbscan *);	/* frees the window */
/* Make at least N bytes available at the scan position (fewer at the end
 * of the file): how many there are. */
size_t	 mbscan_peek(struct mbscan *, size_t n);
/* File offset of the next byte not handed out. */
uint64_t mbscan_pos(const struct mbscan *);
/*
 * The mbox message at the scan position (which is a From_ line): its span
 * from the From_ line to the next one (*OFF, *LEN) and, unless the span is
 * longer than CAP (*TOOBIG set, OUT empty), its bytes without the From_ line
 * and the separating blank line in OUT (which may be NULL: the span only).
 * 1, or 0 at the end.
 */
int	 mbscan_next(struct mbscan *, uint64_t cap, uint64_t *off,
	    uint64_t *len, struct buf *out, int *toobig);
/*
 * Everything from the scan position to the end as one message: 1 with OUT
 * and *LEN filled, 0 when there was nothing at all.  Past CAP bytes *TOOBIG
 * is set, OUT emptied and nothing more read (*LEN is then HINT, or what was
 * read).  HINT is the expected size (0: unknown).
 */
int	 mbscan_whole(struct mbscan *, uint64_t cap, uint64_t hint,
	    uint64_t *len, struct buf *out, int *toobig);
/* Is S[0..N), which begins "From ", a From_ line (an envelope line with a
 * date)?  N may stop short of the line end only at the end of the file. */
int	 mb_fromline(const char *s, size_t n);
/*
 * The message inside a span S[0..N) as stored: a leading From_ line is
 * left out (*SKIP gets its length) and, when TRIM is set (mbox), so is the
 * empty line that separates it from the next From_ line.  Returns the
 * message's length.
 */
size_t	 mb_frame(const char *s, size_t n, int trim, size_t *skip);

/* maildir.c: the message files of a directory, in reading order. */
struct mbfiles {
	char	**path;			/* "DIR/cur/NAME" or "DIR/NAME" */
	size_t	  n;
};
/* List DIR as a Maildir (cur/ and new/) or as a directory of message
 * files.  0, or -1 with ERR ("PATH: why"). */
int	 mbfiles_list(struct mbfiles *, const char *dir, int maildir,
	    char *err, size_t errlen);
void	 mbfiles_free(struct mbfiles *);
/* Does DIR have cur/ and new/ subdirectories? */
int	 mb_is_maildir(const char *dir);
/* File names in reading order: runs of digits compare as numbers. */
int	 mb_namecmp(const char *, const char *);

#endif
