/*
 * fuzz_pattern.c: the pattern language (--filter, limit, search, tag).  The
 * input's first line is the pattern; the following lines, if any, fill the
 * string fields of one more record (order of field_at below).  A pattern
 * that compiles is matched against that record and a few fixed ones, and
 * its negation must match the others; one that does not compile must say
 * where, inside the text.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "tests/fuzz/fuzz.h"
#include "parser/parser.h"

static struct bv_record	 fixed[3];

static void
fill_fixed(void)
{
	struct bv_record	*r = &fixed[0];
	size_t			 i;

	r->format = "rfc3464";
	r->recipient = xstrdup("alice@example.org");
	r->status = xstrdup("5.1.1");
	r->reply_code = xstrdup("550");
	r->diagnostic = xstrdup(
	    "smtp; 550 5.1.1 <alice@example.org>: User unknown");
	r->remote_mta = xstrdup("mx1.example.org");
	r->reason = "userunknown";
	r->hard = 1;
	r->original.from = xstrdup("News <news@example.net>");
	r->original.to = xstrdup("alice@example.org");
	r->original.subject = xstrdup("Offers \xe2\x82\xac");
	r = &fixed[1];
	r->format = "rfc3464";
	r->recipient = xstrdup("bob@example.net");
	r->status = xstrdup("5.7.1");
	r->reply_code = xstrdup("554");
	r->diagnostic = xstrdup("554 5.7.1 blocked using zen.spamhaus.org");
	r->reason = "blocked";
	r->hard = 0;
	r->blocklist = "spamhaus";
	r->tagged = 1;
	/* fixed[2]: everything NULL, as for a non-bounce with --all. */
	fixed[2].hard = -1;
	for (i = 0; i < sizeof(fixed) / sizeof(fixed[0]); i++) {
		fixed[i].loc.path = "fuzz.mbox";
		fixed[i].loc.msgno = (uint32_t)i + 1;
		fixed[i].rcpt = 1;
	}
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	fill_fixed();
	return 0;
}

/* The record's string fields the fuzzer may fill; its copy owns them. */
static char **
field_at(struct bv_record *r, size_t i)
{
	char	**f[] = {
		&r->recipient, &r->status, &r->reply_code, &r->diagnostic,
		&r->remote_mta, &r->reporting_mta, &r->original.from,
		&r->original.to, &r->original.subject, &r->error,
	};

	return i < sizeof(f) / sizeof(f[0]) ? f[i] : NULL;
}

/* Would wrapping TEXT in "!( )" change more than its sense?  Quotes and
 * backslashes could swallow the parentheses; the whole pattern "all" (or
 * nothing) means everything only alone; the nesting cap (64) could be
 * reached by the two added levels. */
static int
wrap_changes(const char *text)
{
	const char	*p;
	int		 depth = 0, nonblank = 0;

	if (strpbrk(text, "\\\"") != NULL || strlen(text) > 900)
		return 1;
	for (p = text; *p != '\0'; p++) {
		if (*p == '(' || *p == '!')
			depth++;
		if (strchr(" \t\r\n", *p) == NULL)
			nonblank++;
	}
	if (depth > 48 || nonblank == 0)
		return 1;
	p = text + strspn(text, " \t\r\n");
	return strncasecmp(p, "all", 3) == 0 &&
	    p[3 + strspn(p + 3, " \t\r\n")] == '\0';
}

/*
 * "!( P )" must compile whenever P does and match exactly the records P
 * does not.
 */
static void
check_negation(const char *text, const struct bv_pattern *pat,
    const struct bv_record *extra)
{
	struct bv_pattern	*neg;
	const struct bv_record	*r;
	char			*negtext, err[256];
	size_t			 errpos, i;

	if (wrap_changes(text))
		return;
	negtext = xasprintf("!( %s )", text);
	if ((neg = bv_pattern_compile(negtext, err, sizeof(err),
	    &errpos)) == NULL)
		fuzz_fail("pattern: P compiles but !( P ) does not", negtext,
		    strlen(negtext));
	for (i = 0; i <= sizeof(fixed) / sizeof(fixed[0]); i++) {
		r = i < sizeof(fixed) / sizeof(fixed[0]) ? &fixed[i] : extra;
		if (!bv_pattern_match(pat, r) != !!bv_pattern_match(neg, r))
			fuzz_fail("pattern: !( P ) matches as P does", negtext,
			    strlen(negtext));
	}
	bv_pattern_free(neg);
	free(negtext);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct bv_pattern	*pat;
	struct bv_record	 rec;
	const char		*s = (const char *)data, *nl, *end = s + size;
	char			*text, err[256], **fp;
	size_t			 errpos = (size_t)-1, i;

	nl = memchr(s, '\n', size);
	text = xstrndup(s, nl ? (size_t)(nl - s) : size);
	memset(&rec, 0, sizeof(rec));
	rec.hard = size > 0 ? (int)(data[0] % 3) - 1 : -1;
	rec.tagged = size > 1 && (data[1] & 1);
	rec.format = "exim";
	rec.loc.path = "fuzz.mbox";
	rec.loc.msgno = 4;
	rec.rcpt = 1;
	rec.reason = "mailboxfull";
	for (i = 0; nl != NULL && (fp = field_at(&rec, i)) != NULL; i++) {
		s = nl + 1;
		nl = memchr(s, '\n', (size_t)(end - s));
		*fp = xstrndup(s, nl ? (size_t)(nl - s) : (size_t)(end - s));
	}

	err[0] = '\0';
	pat = bv_pattern_compile(text, err, sizeof(err), &errpos);
	if (pat == NULL) {
		if (err[0] == '\0')
			fuzz_fail("pattern: error without a message", text,
			    strlen(text));
		if (memchr(err, '\0', sizeof(err)) == NULL)
			fuzz_fail("pattern: error not terminated", text,
			    strlen(text));
		if (errpos > strlen(text))
			fuzz_fail("pattern: error position past the text", text,
			    strlen(text));
	} else {
		check_negation(text, pat, &rec);
		bv_pattern_free(pat);
	}
	for (i = 0; (fp = field_at(&rec, i)) != NULL; i++)
		free(*fp);
	free(text);
	return 0;
}
