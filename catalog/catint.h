/*
 * catint.h: the catalog's own tables, shared by the generator (catgen.c),
 * the file reader (catfile.c) and the library.  Not for use outside
 * catalog/.
 *
 * Every entry comes from a catalog text file (see RULES.md): the built-in
 * ones are compiled in by catgen, user ones are read at run time into the
 * same structures.  Lists are NULL-terminated arrays of strings.
 */
#ifndef BV_CATINT_H
#define BV_CATINT_H

#include <stdio.h>
#include <stddef.h>

#include "catalog/catalog.h"

enum cat_kind {
	CAT_REPLY,		/* "reply 550", "reply 5xx", "reply x5x" */
	CAT_ENHANCED,		/* "enhanced x.1.1", "5.x.x", "x.1.x" */
	CAT_REASON,		/* "reason userunknown" */
	CAT_BLOCKLIST,		/* "blocklist spamhaus-zen" */
	CAT_RULE,		/* "rule gmail-nosuchuser" */
	CAT_NKINDS
};

/* Default hardness of a reason. */
enum cat_hard {
	CAT_HARD_UNSET = -1,	/* user entry: keep the built-in value */
	CAT_HARD_NO = 0,
	CAT_HARD_YES = 1,
	CAT_HARD_PERMANENT = 2,	/* hard only with a 5xx / 5.x.x code */
};

/* Where an entry was written, for messages and --list-rules. */
struct cat_origin {
	const char	*file;
	int		 line;
};

/* A reply code or enhanced status code, or a digit pattern of either. */
struct cat_code {
	const char	*code;
	const char	*klass;		/* class entries only ("5xx", "5.x.x") */
	const char	*meaning;
	const char	*causes;
	const char	*advice;
	const char	*vendor;	/* "Exchange", "GroupWise", or NULL */
	struct cat_origin at;
};

struct cat_reason {
	const char	*name;
	const char	*group;
	const char	*desc;
	const char	*advice;
	const char	*status;	/* implied status, e.g. "5.1.1" */
	const char	*status_temp;	/* the same as 4.x.x (view only) */
	int		 hard;		/* enum cat_hard */
	struct cat_origin at;
};

struct cat_blocklist {
	const char	*id;
	const char	*name;		/* shown to users, e.g. "Spamhaus ZEN" */
	const char *const *zones;	/* DNS zones, e.g. zen.spamhaus.org */
	const char *const *phrases;	/* other texts that name the list */
	const char *const *refused;	/* texts of a refused query (not a
					   listing), e.g. "open resolver" */
	const char	*url;		/* lookup / delisting page */
	const char	*advice;
	struct cat_origin at;
};

/*
 * A classification rule.  All given conditions must hold; within one
 * condition any alternative will do.  TEXT is a list of clauses that must
 * all match, each clause a list of alternative substrings.
 */
struct cat_rule {
	const char	*id;
	const char *const *status;	/* "5.1.1", or a prefix "5.7.*" */
	const char *const *reply;	/* "550", or a prefix "5*" */
	const char *const *const *text;
	const char *const *unless;	/* texts that veto the rule */
	const char *const *host;	/* in the remote or reporting MTA */
	const char *const *format;	/* reader names */
	const char *const *action;	/* DSN actions */
	const char *const *command;	/* SMTP commands (RCPT, DATA...) */
	const char *const *hint;	/* reasons the reader suggested */
	const char	*blocklist;	/* "any", "refused", "none" or an id */
	const char	*reason;
	int		 hard;		/* -1: the reason's default */
	const char	*advice;
	const char	*provider;	/* e.g. "Gmail", for display */
	int		 disable;	/* user entry: drop the built-in */
	struct cat_origin at;
};

/* A set of entries read from one or more files (heap-owned). */
struct cat_set {
	struct cat_code		*reply;
	size_t			 nreply;
	struct cat_code		*enhanced;
	size_t			 nenhanced;
	struct cat_reason	*reasons;
	size_t			 nreasons;
	struct cat_blocklist	*blocklists;
	size_t			 nblocklists;
	struct cat_rule		*rules;
	size_t			 nrules;
	char			**files;	/* names the origins point to */
	size_t			 nfiles;
};

/* catfile.c: read the text format into SET.  Problems go to ERRS as
 * "FILE:LINE: what"; returns their number.  Entries with a problem are
 * dropped, good ones kept.  Reasons and blocklists that rules name must be
 * in REF (may be NULL) or earlier in SET. */
int	 cat_parse(struct cat_set *set, const struct cat_set *ref,
	    const char *file, const char *text, size_t len, FILE *errs);
int	 cat_parse_file(struct cat_set *set, const struct cat_set *ref,
	    const char *path, FILE *errs);
/* catcheck.c: cross-checks of SET against the vocabulary and blocklists in
 * REF (which may be SET itself): unknown reasons, duplicate ids, missing
 * fields.  With USER, an entry overriding one of REF may leave fields out,
 * and reasons cannot be added.  Failing entries are reported and dropped;
 * returns the number of problems. */
int	 cat_check(struct cat_set *set, const struct cat_set *ref,
	    int user, FILE *errs);
void	 cat_set_free(struct cat_set *);
/* Free what one entry owns (not the entry itself). */
void	 cat_entry_free(enum cat_kind, void *entry);
/* Names of the groups and "reason NAME" validity. */
int	 cat_valid_group(const char *);
/* Normalise text the way the matcher sees it (lower case ASCII, blanks
 * collapsed) into OUT of OUTLEN bytes; returns the length. */
size_t	 cat_fold(const char *in, size_t len, char *out, size_t outlen);
/* Syntax checks used by the reader and the lookups. */
int	 cat_is_reply(const char *);		/* "550" */
int	 cat_is_enhanced(const char *);		/* "5.7.26" */

/* catdata.c (generated by catgen from the catalog files). */
extern const struct cat_set cat_builtin;

/* catalog.c: the active catalog (built-in plus user entries). */
const struct cat_reason		*cat_reason(const char *name);
const struct cat_blocklist	*cat_blocklist(const char *id);
const struct cat_code		*cat_code_exact(enum cat_kind, const char *);
size_t				 cat_nrules(void);
const struct cat_rule		*cat_rule_at(size_t);
const struct cat_rule		*cat_rule_by_id(const char *);
size_t				 cat_nblocklists(void);
const struct cat_blocklist	*cat_blocklist_at(size_t);
/* Changes whenever user entries are loaded, so derived state (the matcher)
 * knows to rebuild. */
unsigned			 cat_generation(void);

/* match.c: the compiled text matcher over the active catalog.  Built on
 * first use and again after user entries are loaded. */
struct cat_scan;
void	 cat_match_prepare(void);
void	 cat_match_free(void);
#define CAT_TEXT_CAP	4096	/* bytes of diagnostic examined */
/* Fold and scan TEXT (at most CAT_TEXT_CAP bytes of it).  The result is
 * borrowed: per thread, valid until the next scan in the same thread. */
const struct cat_scan	*cat_scan_text(const char *text);
/* Do rule RULE's text clauses all match?  Does one of its vetoes? */
int	 cat_scan_rule_text(const struct cat_scan *, size_t rule);
int	 cat_scan_rule_unless(const struct cat_scan *, size_t rule);
/* First blocklist named (index, or -1) and whether the answer was a
 * refused query rather than a listing. */
int	 cat_scan_blocklist(const struct cat_scan *, int *refused);
/* The texts the automaton looks for, folded: how many, text I (borrowed),
 * and whether a scan found text I; the automaton's number of states (its
 * table has 32-bit entries from 0x8000 on). */
size_t	 cat_match_ntexts(void);
size_t	 cat_match_nstates(void);
const char *cat_match_text(size_t i);
int	 cat_scan_has_text(const struct cat_scan *, size_t i);
/* The folded text as scanned, with a space at each end (borrowed). */
const char *cat_scan_folded(const struct cat_scan *, size_t *len);
/* The SMTP command the text says the reply answered, or NULL. */
const char *cat_scan_command(const struct cat_scan *);
/* Next candidate rule at or after FROM (rules whose text could match). */
size_t	 cat_scan_next_rule(const struct cat_scan *, size_t from);
/* Does one of rule RULE's status patterns take the code ST ("5.1.1" as
 * 5, 1, 1)?  0 for a rule without any.  Needs cat_match_prepare. */
int	 cat_rule_status(size_t rule, const unsigned st[3]);

/* ip.c: the listed address in a diagnostic: 1 and OUT filled, or 0. */
int	 cat_find_ip(const char *text, size_t len, char *out, size_t outlen);

#endif
