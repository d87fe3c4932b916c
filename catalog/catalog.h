/*
 * catalog/: what bounce codes and texts mean.  Depends on nothing else of
 * bounceview and on neither libetpan nor curses.  One header, grouped by
 * source file.
 */
#ifndef BV_CATALOG_H
#define BV_CATALOG_H

#include <stdarg.h>
#include <stdio.h>
#include <stddef.h>
#include <stdint.h>

/* xmalloc.c: allocation that aborts with a message on out-of-memory. */
void	*xmalloc(size_t);
void	*xcalloc(size_t, size_t);
void	*xrealloc(void *, size_t);
void	*xreallocarray(void *, size_t, size_t);
char	*xstrdup(const char *);		/* NULL in, NULL out */
char	*xstrndup(const char *, size_t);
char	*xasprintf(const char *, ...) __attribute__((format(printf, 1, 2)));
void	*xbigalloc(size_t, size_t);	/* as xcalloc, in 2 MB pages if
					   it can */
void	 xbigfree(void *, size_t, size_t);	/* the sizes given to
						   xbigalloc; NULL accepted */
void	 xheapwarm(size_t);	/* that many bytes of heap made present
				   in one call and freed: later
				   allocations take no page faults,
				   where freed memory is kept */
void	*xheaptop(void);	/* the heap's top (NULL: not known) */
int	 xheapwarm_grown(void **, size_t);	/* the heap has grown past
						   the top given: warm that
						   many bytes more, keep the
						   new top; 1 if it did */

/* BV_OWN_MALLOC: built with AddressSanitizer, whose allocator replaces the
 * C library's (it holds freed memory back and reserves terabytes of
 * address space), so what is said above of freed memory and page faults
 * does not hold, and no limit on the address space can be set. */
#if defined(__SANITIZE_ADDRESS__)
#define BV_OWN_MALLOC 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define BV_OWN_MALLOC 1
#endif
#endif

/* hash.c: a hash of N bytes for in-memory tables. */
uint64_t bv_hash(const void *, size_t);

/* buf.c: a growable byte buffer, always NUL-terminated after buf_add*. */
struct buf {
	char	*s;
	size_t	 len;
	size_t	 cap;
};
void	 buf_add(struct buf *, const void *, size_t);
void	 buf_adds(struct buf *, const char *);
void	 buf_addc(struct buf *, char);
void	 buf_printf(struct buf *, const char *, ...)
	    __attribute__((format(printf, 2, 3)));
void	 buf_reset(struct buf *);	/* keep the memory, length 0 */
char	*buf_steal(struct buf *);	/* caller owns; buf is emptied */
void	 buf_free(struct buf *);

/*
 * classify.c: turn what a bounce says into a diagnosis.  Every input may be
 * NULL.  Text is examined up to a fixed cap, never with backtracking.
 */
struct bv_facts {
	const char	*status;	/* "5.1.1" */
	const char	*reply_code;	/* "550" */
	const char	*diagnostic;	/* remote server's text, UTF-8 */
	const char	*action;	/* failed, delayed, delivered, ... */
	const char	*remote_mta;
	const char	*reporting_mta;
	const char	*recipient;
	const char	*format;	/* reader name, e.g. "rfc3464" */
	const char	*hint_reason;	/* reason the reader already knows:
					   feedback, vacation and delivered
					   win outright; any other is used
					   when no text rule matches */
	const char	*command;	/* SMTP command the reply answered:
					   "CONN", "HELO", "MAIL", "RCPT",
					   "DATA"; NULL if unknown (then
					   taken from the text if it says) */
};

struct bv_verdict {
	const char	*reason;	/* always set: vocabulary name */
	int		 hard;		/* 1 hard, 0 soft, -1 unknown */
	const char	*rule;		/* id of the rule that decided */
	const char	*blocklist;	/* NULL unless a DNSBL is named */
	const char	*blocklist_url;	/* its lookup/delisting page */
	char		 listed_ip[48];	/* "" unless found */
	const char	*remediation;	/* most specific advice */
	const char	*status_hint;	/* status implied by the reason
					   when the bounce carries none */
};

void	 bv_classify(const struct bv_facts *, struct bv_verdict *);

/*
 * Lookups for the interface and export (codes, reasons, groups).
 */
struct bv_code_info {
	const char	*code;		/* as asked, normalised */
	const char	*klass;		/* "success", "transient", "permanent",
					   "informational", "intermediate" */
	const char	*meaning;	/* one line */
	const char	*causes;	/* may be NULL */
	const char	*advice;	/* may be NULL */
	int		 vendor;	/* vendor-specific / non-standard */
	int		 known;		/* 0: explained from its digits only */
	char		 norm[16];	/* CODE points here: copy the string,
					   not just the pointer */
};
/* Reply code "550" or enhanced code "5.7.1": 0 and INFO filled (unknown codes
 * explained by their digits), or -1 when CODE is not a code. */
int	 bv_code_lookup(const char *code, struct bv_code_info *info);

struct bv_reason_info {
	const char	*name;		/* vocabulary word, e.g. "mailboxfull" */
	const char	*group;		/* short group name, e.g. "mailbox" */
	const char	*desc;
	const char	*advice;
	int		 hard;		/* default hard (1) or soft (0) */
	int		 hard_if_permanent;	/* hard only with a 5xx or
						   5.x.x code (then hard
						   is 1) */
};
/* NULL when NAME is not in the vocabulary. */
const struct bv_reason_info	*bv_reason_lookup(const char *name);
size_t				 bv_reason_count(void);
const struct bv_reason_info	*bv_reason_at(size_t);
/* Group short names (recipient mailbox reputation policy auth network
 * none), NULL-terminated, in display order. */
extern const char *const bv_reason_groups[];

/*
 * explain.c / rules: the program surface of the catalog.  FILE streams only;
 * no terminal handling here.
 */
/* Load a user rules file (built-in entries stay; user ones win).  Problems go
 * to ERRS as "FILE:LINE: what"; returns the number of problems. */
int	 bv_catalog_load_user(const char *path, FILE *errs);
/* Explain a reply code, enhanced code or quoted diagnostic line: 0, or 2
 * when ARG is not a code or diagnostic at all. */
int	 bv_explain(FILE *out, const char *arg);
void	 bv_list_reasons(FILE *out);
void	 bv_list_rules(FILE *out);

/*
 * catalog.c: user rules files.  Load them before classifying (not while
 * other threads classify).
 */
/* The default user file, $XDG_CONFIG_HOME/bounceview/rules or
 * ~/.config/bounceview/rules; caller frees; NULL without a home. */
char	*bv_catalog_default_path(void);
/* Load the default user file if it exists (no message when it does not);
 * returns the number of problems, like bv_catalog_load_user. */
int	 bv_catalog_load_default_user(FILE *errs);
/* Forget all user files and free the catalog's memory (tests, exit). */
void	 bv_catalog_reset(void);

#endif
