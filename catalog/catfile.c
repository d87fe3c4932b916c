/*
 * catfile.c: read the catalog text format (RULES.md) into a struct cat_set.
 *
 * The same reader serves the generator, which turns the built-in files into
 * tables at build time, and the program, which reads user rules files; so a
 * built-in file that would be rejected from a user is rejected at build time.
 *
 * An entry starts with "KIND ID" at the start of a line; its attributes
 * follow on indented "key value" lines.  Each key is described by a row of
 * a table (type, field offset, checker), so adding a key is adding a row.
 */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "catalog/catint.h"

#define MAXLINE		4096	/* longest line accepted */
#define MINPATTERN	3	/* shortest text pattern, folded */
#define MAXTEXTS	(64 * 1024)	/* bytes of texts in one file: keeps
					   the matcher's table bounded */

enum valtype {
	V_PROSE,	/* rest of the line; a repeated key continues it */
	V_WORD,		/* one token */
	V_WORDS,	/* tokens; a repeated key adds more */
	V_QUOTED,	/* "quoted" strings; a repeated key adds more */
	V_ANYTEXT,	/* "quoted" strings, adding to the first clause */
	V_ALSO,		/* "quoted" strings, a clause of their own */
	V_HARD3,	/* yes, no, permanent */
	V_YESNO,	/* yes, no */
};

struct keydef {
	const char	*name;
	enum valtype	 type;
	size_t		 off;
	int		(*ok)(const char *);	/* token checker, or NULL */
	const char	*what;			/* for "bad ..." messages */
};

struct kinddef {
	const char		*name;
	size_t			 size;		/* of the entry */
	size_t			 idoff;
	size_t			 atoff;
	int			(*idok)(const char *);
	const struct keydef	*keys;
	size_t			 arrayoff;	/* in struct cat_set */
	size_t			 countoff;
};

static int	ok_status(const char *);
static int	ok_reply_pattern(const char *);
static int	ok_status_pattern(const char *);
static int	ok_host(const char *);
static int	ok_name(const char *);
static int	ok_reply_id(const char *);
static int	ok_enhanced_id(const char *);
static int	ok_reason_id(const char *);
static int	ok_class(const char *);
static int	ok_command(const char *);

#define CODEKEYS(T) \
	{ "class", V_WORD, offsetof(T, klass), ok_class, "class" },	\
	{ "meaning", V_PROSE, offsetof(T, meaning), NULL, NULL },	\
	{ "causes", V_PROSE, offsetof(T, causes), NULL, NULL },		\
	{ "advice", V_PROSE, offsetof(T, advice), NULL, NULL },		\
	{ "vendor", V_PROSE, offsetof(T, vendor), NULL, NULL },		\
	{ NULL, 0, 0, NULL, NULL }

static const struct keydef code_keys[] = {
	CODEKEYS(struct cat_code)
};

static const struct keydef reason_keys[] = {
	{ "group", V_WORD, offsetof(struct cat_reason, group),
	    cat_valid_group, "group" },
	{ "hard", V_HARD3, offsetof(struct cat_reason, hard), NULL, NULL },
	{ "status", V_WORD, offsetof(struct cat_reason, status), ok_status,
	    "status code" },
	{ "desc", V_PROSE, offsetof(struct cat_reason, desc), NULL, NULL },
	{ "advice", V_PROSE, offsetof(struct cat_reason, advice), NULL, NULL },
	{ NULL, 0, 0, NULL, NULL }
};

static const struct keydef blocklist_keys[] = {
	{ "name", V_PROSE, offsetof(struct cat_blocklist, name), NULL, NULL },
	{ "zone", V_WORDS, offsetof(struct cat_blocklist, zones), ok_host,
	    "zone" },
	{ "phrase", V_QUOTED, offsetof(struct cat_blocklist, phrases), NULL,
	    NULL },
	{ "refused", V_QUOTED, offsetof(struct cat_blocklist, refused), NULL,
	    NULL },
	{ "url", V_WORD, offsetof(struct cat_blocklist, url), NULL, NULL },
	{ "advice", V_PROSE, offsetof(struct cat_blocklist, advice), NULL,
	    NULL },
	{ NULL, 0, 0, NULL, NULL }
};

static const struct keydef rule_keys[] = {
	{ "status", V_WORDS, offsetof(struct cat_rule, status),
	    ok_status_pattern, "status pattern" },
	{ "reply", V_WORDS, offsetof(struct cat_rule, reply),
	    ok_reply_pattern, "reply code pattern" },
	{ "text", V_ANYTEXT, offsetof(struct cat_rule, text), NULL, NULL },
	{ "also", V_ALSO, offsetof(struct cat_rule, text), NULL, NULL },
	{ "unless", V_QUOTED, offsetof(struct cat_rule, unless), NULL, NULL },
	{ "host", V_WORDS, offsetof(struct cat_rule, host), ok_host,
	    "host name" },
	{ "format", V_WORDS, offsetof(struct cat_rule, format), ok_name,
	    "format name" },
	{ "action", V_WORDS, offsetof(struct cat_rule, action), ok_name,
	    "action" },
	{ "command", V_WORDS, offsetof(struct cat_rule, command), ok_command,
	    "SMTP command (CONN, HELO, MAIL, RCPT or DATA)" },
	{ "hint", V_WORDS, offsetof(struct cat_rule, hint), ok_reason_id,
	    "reason" },
	{ "blocklist", V_WORD, offsetof(struct cat_rule, blocklist), ok_name,
	    "blocklist" },
	{ "reason", V_WORD, offsetof(struct cat_rule, reason), ok_reason_id,
	    "reason" },
	{ "hard", V_YESNO, offsetof(struct cat_rule, hard), NULL, NULL },
	{ "advice", V_PROSE, offsetof(struct cat_rule, advice), NULL, NULL },
	{ "provider", V_PROSE, offsetof(struct cat_rule, provider), NULL,
	    NULL },
	{ "disable", V_YESNO, offsetof(struct cat_rule, disable), NULL, NULL },
	{ NULL, 0, 0, NULL, NULL }
};

static const struct kinddef kinds[CAT_NKINDS] = {
	[CAT_REPLY] = { "reply", sizeof(struct cat_code),
	    offsetof(struct cat_code, code), offsetof(struct cat_code, at),
	    ok_reply_id, code_keys,
	    offsetof(struct cat_set, reply), offsetof(struct cat_set, nreply) },
	[CAT_ENHANCED] = { "enhanced", sizeof(struct cat_code),
	    offsetof(struct cat_code, code), offsetof(struct cat_code, at),
	    ok_enhanced_id, code_keys,
	    offsetof(struct cat_set, enhanced),
	    offsetof(struct cat_set, nenhanced) },
	[CAT_REASON] = { "reason", sizeof(struct cat_reason),
	    offsetof(struct cat_reason, name), offsetof(struct cat_reason, at),
	    ok_reason_id, reason_keys,
	    offsetof(struct cat_set, reasons),
	    offsetof(struct cat_set, nreasons) },
	[CAT_BLOCKLIST] = { "blocklist", sizeof(struct cat_blocklist),
	    offsetof(struct cat_blocklist, id),
	    offsetof(struct cat_blocklist, at), ok_name, blocklist_keys,
	    offsetof(struct cat_set, blocklists),
	    offsetof(struct cat_set, nblocklists) },
	[CAT_RULE] = { "rule", sizeof(struct cat_rule),
	    offsetof(struct cat_rule, id), offsetof(struct cat_rule, at),
	    ok_name, rule_keys,
	    offsetof(struct cat_set, rules), offsetof(struct cat_set, nrules) },
};

static const char *const groups[] = {
	"recipient", "mailbox", "reputation", "policy", "auth", "network",
	"none", NULL
};

/* The reading state of one file. */
struct reader {
	struct cat_set	*set;
	const struct cat_set *ref;	/* known reasons and blocklists */
	const char	*file;		/* owned by SET->files */
	int		 line;
	FILE		*errs;
	int		 nerrs;
	int		 kind;		/* of the entry being read, or -1 */
	void		*entry;		/* being read: heap, KINDS[kind].size */
	int		 bad;		/* the entry had an error: drop it */
	int		 skip;		/* broken header: ignore its lines */
	size_t		 textbytes;	/* of all texts so far */
	unsigned	 seen;		/* bit per key index already given */
};

/* ---- field access by offset ------------------------------------------- */

static char **
field_str(void *entry, size_t off)
{
	return (char **)(void *)((char *)entry + off);
}

static char ***
field_list(void *entry, size_t off)
{
	return (char ***)(void *)((char *)entry + off);
}

static int *
field_int(void *entry, size_t off)
{
	return (int *)(void *)((char *)entry + off);
}

static size_t
list_len(char *const *l)
{
	size_t	 n = 0;

	while (l != NULL && l[n] != NULL)
		n++;
	return n;
}

static void
list_add(char ***l, char *s)
{
	size_t	 n = list_len(*l);

	*l = xreallocarray(*l, n + 2, sizeof(**l));
	(*l)[n] = s;
	(*l)[n + 1] = NULL;
}

static void
list_free(char **l)
{
	size_t	 i;

	for (i = 0; l != NULL && l[i] != NULL; i++)
		free(l[i]);
	free(l);
}

void
cat_entry_free(enum cat_kind kind, void *entry)
{
	const struct keydef	*k;
	char		      ***clauses;
	size_t			 i;

	free(*field_str(entry, kinds[kind].idoff));
	for (k = kinds[kind].keys; k->name != NULL; k++) {
		switch (k->type) {
		case V_PROSE:
		case V_WORD:
			free(*field_str(entry, k->off));
			break;
		case V_WORDS:
		case V_QUOTED:
			list_free(*field_list(entry, k->off));
			break;
		case V_ANYTEXT:
			clauses = (char ***)*field_list(entry, k->off);
			for (i = 0; clauses != NULL && clauses[i] != NULL; i++)
				list_free(clauses[i]);
			free(clauses);
			*field_list(entry, k->off) = NULL;
			break;
		case V_ALSO:
			break;		/* freed with "text" */
		case V_HARD3:
		case V_YESNO:
			break;
		}
	}
}

void
cat_set_free(struct cat_set *set)
{
	int	 kind;
	size_t	 i, n;
	char	*array;

	if (set == NULL)
		return;
	for (kind = 0; kind < CAT_NKINDS; kind++) {
		array = *field_str(set, kinds[kind].arrayoff);
		n = *(size_t *)(void *)((char *)set + kinds[kind].countoff);
		for (i = 0; i < n; i++)
			cat_entry_free(kind, array + i * kinds[kind].size);
		free(array);
	}
	for (i = 0; i < set->nfiles; i++)
		free(set->files[i]);
	free(set->files);
	memset(set, 0, sizeof(*set));
}

/* ---- messages ----------------------------------------------------------- */

static void __attribute__((format(printf, 2, 3)))
problem(struct reader *r, const char *fmt, ...)
{
	va_list	 ap;

	r->nerrs++;
	r->bad = 1;
	if (r->errs == NULL)
		return;
	fprintf(r->errs, "%s:%d: ", r->file, r->line);
	va_start(ap, fmt);
	vfprintf(r->errs, fmt, ap);
	va_end(ap);
	fputc('\n', r->errs);
}

/* ---- token checkers ------------------------------------------------------ */

int
cat_valid_group(const char *s)
{
	size_t	 i;

	for (i = 0; groups[i] != NULL; i++)
		if (strcmp(groups[i], s) == 0)
			return 1;
	return 0;
}

/* "N.N.N" with 1 to 3 digits per part; FIRST allows 'x' wildcards. */
static int
dotted(const char *s, int wild)
{
	int	 part, digits;

	for (part = 0; part < 3; part++) {
		if (wild && (*s == 'x' || *s == 'X') &&
		    (s[1] == '.' || s[1] == '\0')) {
			s++;
		} else {
			for (digits = 0; isdigit((unsigned char)*s); digits++)
				s++;
			if (digits == 0 || digits > 3)
				return 0;
		}
		if (part < 2 && *s++ != '.')
			return 0;
	}
	return *s == '\0';
}

int
cat_is_enhanced(const char *s)
{
	return s != NULL && (s[0] == '2' || s[0] == '4' || s[0] == '5') &&
	    s[1] == '.' && dotted(s, 0);
}

int
cat_is_reply(const char *s)
{
	return s != NULL && s[0] >= '1' && s[0] <= '5' &&
	    isdigit((unsigned char)s[1]) && isdigit((unsigned char)s[2]) &&
	    s[3] == '\0';
}

static int
ok_status(const char *s)
{
	return cat_is_enhanced(s);
}

static int
ok_status_pattern(const char *s)
{
	return (s[0] == '2' || s[0] == '4' || s[0] == '5' || s[0] == 'x') &&
	    dotted(s, 1);
}

static int
ok_reply_pattern(const char *s)
{
	size_t	 i;

	if (strlen(s) != 3 || !(s[0] == 'x' || (s[0] >= '1' && s[0] <= '5')))
		return 0;
	for (i = 1; i < 3; i++)
		if (!isdigit((unsigned char)s[i]) && s[i] != 'x')
			return 0;
	return 1;
}

/* Reply code entries: "550", class "5xx" or second digit "x5x". */
static int
ok_reply_id(const char *s)
{
	if (cat_is_reply(s))
		return 1;
	if (strlen(s) != 3 || s[2] != 'x')
		return 0;
	return (s[0] >= '1' && s[0] <= '5' && s[1] == 'x') ||
	    (s[0] == 'x' && isdigit((unsigned char)s[1]));
}

/* Enhanced entries: "5.7.26", "x.7.26", class "5.x.x", subject "x.7.x". */
static int
ok_enhanced_id(const char *s)
{
	if (!ok_status_pattern(s))
		return 0;
	if (s[0] != 'x' && strstr(s, ".x") != NULL)
		return strcmp(s + 1, ".x.x") == 0;
	return 1;
}

static int
ok_reason_id(const char *s)
{
	if (*s == '\0')
		return 0;
	for (; *s; s++)
		if (!islower((unsigned char)*s))
			return 0;
	return 1;
}

static int
ok_name(const char *s)
{
	if (!isalnum((unsigned char)*s))
		return 0;
	for (; *s; s++)
		if (!isalnum((unsigned char)*s) && strchr("._-", *s) == NULL)
			return 0;
	return 1;
}

static int
ok_host(const char *s)
{
	if (*s == '\0')
		return 0;
	for (; *s; s++)
		if (!isalnum((unsigned char)*s) && strchr(".-_", *s) == NULL)
			return 0;
	return 1;
}

static int
ok_class(const char *s)
{
	static const char *const classes[] = { "success", "transient",
	    "permanent", "informational", "intermediate", NULL };
	size_t	 i;

	for (i = 0; classes[i] != NULL; i++)
		if (strcmp(classes[i], s) == 0)
			return 1;
	return 0;
}

static int
ok_command(const char *s)
{
	static const char *const cmds[] = { "CONN", "HELO", "MAIL", "RCPT",
	    "DATA", NULL };
	size_t	 i;

	for (i = 0; cmds[i] != NULL; i++)
		if (strcmp(cmds[i], s) == 0)
			return 1;
	return 0;
}

/* ---- folding ------------------------------------------------------------ */

#define ONES	UINT64_C(0x0101010101010101)
#define HIGH	(ONES * 0x80)

/* The top bit of each byte of X that equals C (exact, byte by byte). */
static uint64_t
bytes_equal(uint64_t x, unsigned char c)
{
	uint64_t	 t = x ^ (ONES * c);

	return ~(((t & ~HIGH) + ~HIGH) | t) & HIGH;
}

/*
 * The eight bytes of X lower-cased, when cat_fold would copy them so
 * (0 returned): no byte below 0x20 (blanks, NUL, other controls), no two
 * spaces side by side and no space last, so no run of blanks starts or
 * ends inside.  Else 1, and the bytes go one at a time.
 */
static int
word_fold(uint64_t x, uint64_t *out)
{
	uint64_t	 low = x & ~HIGH, upper, sp;

	if (((x - ONES * 0x20) & ~x & HIGH) != 0)
		return 1;
	sp = bytes_equal(x, ' ');
	if ((sp & (sp >> 8)) != 0 || (sp >> 56) != 0)
		return 1;
	/* 'A' to 'Z' among the bytes below 0x80 */
	upper = (low + ONES * (0x80 - 'A')) & ~(low + ONES * (0x80 - 'Z' - 1)) &
	    ~x & HIGH;
	*out = x | (upper >> 2);
	return 0;
}

#ifdef __SSE2__
/*
 * The same for sixteen bytes at IN into OUT: 0 when they are copied
 * lower-cased, 1 when they must go one at a time.  Bytes from 0x80 are
 * negative to the signed compares, so never taken for 'A' to 'Z'.
 */
static int
block_fold(const char *in, char *out)
{
	const __m128i	 x = _mm_loadu_si128((const void *)in);
	__m128i		 sp, bad, upper;

	sp = _mm_cmpeq_epi8(x, _mm_set1_epi8(' '));
	bad = _mm_or_si128(
	    _mm_cmpeq_epi8(_mm_min_epu8(x, _mm_set1_epi8(0x1f)), x),
	    _mm_and_si128(sp, _mm_srli_si128(sp, 1)));
	if (_mm_movemask_epi8(bad) != 0 || (_mm_movemask_epi8(sp) & 0x8000))
		return 1;
	upper = _mm_and_si128(_mm_cmpgt_epi8(x, _mm_set1_epi8('A' - 1)),
	    _mm_cmplt_epi8(x, _mm_set1_epi8('Z' + 1)));
	_mm_storeu_si128((void *)out, _mm_or_si128(x,
	    _mm_and_si128(upper, _mm_set1_epi8(0x20))));
	return 0;
}
#endif

/* How many bytes of IN (LEN) go to OUT (room for ROOM and a NUL) as they
 * are but lower-cased, sixteen then eight at a time. */
static size_t
fold_words(const char *in, size_t len, char *out, size_t room)
{
	size_t		 i = 0;
	uint64_t	 x;

#ifdef __SSE2__
	for (; i + 16 <= len && i + 17 <= room; i += 16)
		if (block_fold(in + i, out + i))
			break;
#endif
	for (; i + 8 <= len && i + 9 <= room; i += 8) {
		memcpy(&x, in + i, 8);
		if (word_fold(x, &x))
			break;
		memcpy(out + i, &x, 8);
	}
	return i;
}

/*
 * Lower case ASCII, every run of blanks one space (kept at the ends).
 * Diagnostics are mostly words and single spaces: those go many bytes at
 * a time (fold_words) while no blank is pending; the rest a byte at a
 * time.
 */
size_t
cat_fold(const char *in, size_t len, char *out, size_t outlen)
{
	size_t		 i, k, n = 0;
	int		 blank = 0;
	char		 c;

	if (outlen == 0)
		return 0;
	for (i = 0; i < len; i++) {
		if (!blank) {
			k = fold_words(in + i, len - i, out + n, outlen - n);
			i += k;
			n += k;
		}
		if (i == len)
			break;
		c = in[i];
		if (c == ' ' || c == '\t' || c == '\r' || c == '\n' ||
		    c == '\v' || c == '\f') {
			blank = 1;
			continue;
		}
		if (c == '\0' || n + blank + 1 >= outlen)
			break;
		if (blank)
			out[n++] = ' ';
		blank = 0;
		out[n++] = (c >= 'A' && c <= 'Z') ? (char)(c + 32) : c;
	}
	if (blank && n + 1 < outlen)
		out[n++] = ' ';
	out[n] = '\0';
	return n;
}

/* ---- references to other entries ----------------------------------------- */

static int
has_reason(const struct cat_set *s, const char *name)
{
	size_t	 i;

	for (i = 0; s != NULL && i < s->nreasons; i++)
		if (strcmp(s->reasons[i].name, name) == 0)
			return 1;
	return 0;
}

static int
has_blocklist(const struct cat_set *s, const char *id)
{
	size_t	 i;

	for (i = 0; s != NULL && i < s->nblocklists; i++)
		if (strcmp(s->blocklists[i].id, id) == 0)
			return 1;
	return 0;
}

/* A reason or blocklist named by a rule must exist (in the reference set
 * or earlier in this one).  0, or -1 after saying why. */
static int
check_reference(struct reader *r, const char *key, const char *w)
{
	int	 known;

	if (strcmp(key, "reason") == 0 || strcmp(key, "hint") == 0) {
		known = has_reason(r->ref, w) || has_reason(r->set, w) ||
		    (strcmp(key, "reason") == 0 && strcmp(w, "hint") == 0) ||
		    (strcmp(key, "hint") == 0 && strcmp(w, "any") == 0);
		if (!known)
			problem(r, "unknown reason \"%s\" (see --list-reasons)",
			    w);
		return known ? 0 : -1;
	}
	if (strcmp(key, "blocklist") == 0) {
		known = strcmp(w, "any") == 0 || strcmp(w, "none") == 0 ||
		    strcmp(w, "refused") == 0 || has_blocklist(r->ref, w) ||
		    has_blocklist(r->set, w);
		if (!known)
			problem(r, "unknown blocklist \"%s\" (any, none, "
			    "refused or a blocklist name)", w);
		return known ? 0 : -1;
	}
	return 0;
}

/* ---- values ------------------------------------------------------------ */

static const char *
skip_blanks(const char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	return s;
}

/* Next blank-separated token of *SP into a new string, or NULL at the end. */
static char *
next_word(const char **sp)
{
	const char	*s = skip_blanks(*sp), *e = s;

	while (*e != '\0' && *e != ' ' && *e != '\t')
		e++;
	*sp = e;
	return e == s ? NULL : xstrndup(s, (size_t)(e - s));
}

/* Next "quoted" string of *SP: 1 and *OUT, 0 at the end, -1 on error. */
static int
next_quoted(struct reader *r, const char **sp, char **out)
{
	const char	*s = skip_blanks(*sp);
	struct buf	 b = { NULL, 0, 0 };
	char		 fold[MAXLINE];

	if (*s == '\0')
		return 0;
	if (*s != '"') {
		problem(r, "text must be in \"double quotes\"");
		return -1;
	}
	for (s++; *s != '"'; s++) {
		if (*s == '\0') {
			problem(r, "missing closing quote");
			buf_free(&b);
			return -1;
		}
		if (*s == '\\') {
			if (s[1] != '"' && s[1] != '\\') {
				problem(r, "unknown escape \\%c (only \\\" and "
				    "\\\\)", s[1] ? s[1] : ' ');
				buf_free(&b);
				return -1;
			}
			s++;
		}
		buf_addc(&b, *s);
	}
	*sp = s + 1;
	if ((r->textbytes += b.len) > MAXTEXTS) {
		problem(r, "more than %d KB of texts in one file", MAXTEXTS /
		    1024);
		buf_free(&b);
		return -1;
	}
	if (b.len == 0 || cat_fold(b.s, b.len, fold, sizeof(fold)) <
	    MINPATTERN) {
		problem(r, "text \"%s\" is too short to match safely (at "
		    "least %d characters)", b.s ? b.s : "", MINPATTERN);
		buf_free(&b);
		return -1;
	}
	*out = buf_steal(&b);
	return 1;
}

static int
set_prose(struct reader *r, const struct keydef *k, const char *v)
{
	char	**f = field_str(r->entry, k->off), *old = *f;

	if (*v == '\0') {
		problem(r, "%s needs a value", k->name);
		return -1;
	}
	*f = old ? xasprintf("%s %s", old, v) : xstrdup(v);
	free(old);
	return 0;
}

static int
set_words(struct reader *r, const struct keydef *k, const char *v,
    int single)
{
	char	*w;
	int	 n = 0;

	while ((w = next_word(&v)) != NULL) {
		if (k->ok != NULL && !k->ok(w)) {
			problem(r, "bad %s \"%s\"", k->what, w);
			free(w);
			return -1;
		}
		if (r->kind == CAT_RULE && check_reference(r, k->name, w) < 0) {
			free(w);
			return -1;
		}
		if (strcmp(k->name, "zone") == 0 &&
		    (r->textbytes += strlen(w)) > MAXTEXTS) {
			problem(r, "more than %d KB of texts in one file",
			    MAXTEXTS / 1024);
			free(w);
			return -1;
		}
		if (single && n > 0) {
			problem(r, "%s takes one value", k->name);
			free(w);
			return -1;
		}
		if (single)
			*field_str(r->entry, k->off) = w;
		else
			list_add(field_list(r->entry, k->off), w);
		n++;
	}
	if (n == 0) {
		problem(r, "%s needs a value", k->name);
		return -1;
	}
	return 0;
}

static int
set_quoted(struct reader *r, const struct keydef *k, const char *v)
{
	char	**clause = NULL, ***list, ***clauses, *s;
	int	 rv, n = 0;

	while ((rv = next_quoted(r, &v, &s)) == 1) {
		list_add(&clause, s);
		n++;
	}
	if (rv < 0 || n == 0) {
		if (rv == 0)
			problem(r, "%s needs at least one \"text\"", k->name);
		list_free(clause);
		return -1;
	}
	clauses = (char ***)*field_list(r->entry, k->off);
	if (k->type == V_QUOTED || (k->type == V_ANYTEXT && clauses != NULL)) {
		list = k->type == V_QUOTED ? field_list(r->entry, k->off) :
		    &clauses[0];
		for (n = 0; clause[n] != NULL; n++)
			list_add(list, clause[n]);
		free(clause);
		return 0;
	}
	if (k->type == V_ALSO && clauses == NULL) {
		problem(r, "also needs a text line before it");
		list_free(clause);
		return -1;
	}
	list_add((char ***)(void *)field_list(r->entry, k->off),
	    (char *)clause);
	return 0;
}

static int
set_flag(struct reader *r, const struct keydef *k, const char *v)
{
	int	*f = field_int(r->entry, k->off);

	if (strcmp(v, "yes") == 0)
		*f = CAT_HARD_YES;
	else if (strcmp(v, "no") == 0)
		*f = CAT_HARD_NO;
	else if (k->type == V_HARD3 && strcmp(v, "permanent") == 0)
		*f = CAT_HARD_PERMANENT;
	else {
		problem(r, "%s must be yes or no%s, not \"%s\"", k->name,
		    k->type == V_HARD3 ? " or permanent" : "", v);
		return -1;
	}
	return 0;
}

/* ---- lines ------------------------------------------------------------ */

/* Move the entry being read into the set, unless it had an error. */
static void
finish_entry(struct reader *r)
{
	const struct kinddef	*kd;
	char			**array;
	size_t			*count;

	if (r->entry == NULL)
		return;
	kd = &kinds[r->kind];
	if (r->bad) {
		cat_entry_free(r->kind, r->entry);
	} else {
		array = field_str(r->set, kd->arrayoff);
		count = (size_t *)(void *)((char *)r->set + kd->countoff);
		*array = xreallocarray(*array, *count + 1, kd->size);
		memcpy(*array + *count * kd->size, r->entry, kd->size);
		(*count)++;
	}
	free(r->entry);
	r->entry = NULL;
	r->kind = -1;
}

static void
start_entry(struct reader *r, const char *line)
{
	const struct kinddef	*kd = NULL;
	struct cat_origin	*at;
	char			*kind, *id, *extra;
	const char		*p = line;
	int			 i;

	finish_entry(r);
	r->bad = 0;
	r->skip = 0;
	r->seen = 0;
	kind = next_word(&p);
	id = next_word(&p);
	extra = next_word(&p);
	for (i = 0; i < CAT_NKINDS; i++)
		if (strcmp(kinds[i].name, kind) == 0)
			kd = &kinds[i];
	if (kd == NULL)
		problem(r, "unknown entry \"%s\" (expected reply, enhanced, "
		    "reason, blocklist or rule)", kind);
	else if (id == NULL)
		problem(r, "%s needs a name", kind);
	else if (extra != NULL)
		problem(r, "unexpected \"%s\" after the %s name (attributes "
		    "go on indented lines)", extra, kind);
	else if (!kd->idok(id))
		problem(r, "bad %s name \"%s\"", kind, id);
	if (r->bad) {
		/* Swallow the attributes of a broken header quietly. */
		r->skip = 1;
		free(kind);
		free(id);
		free(extra);
		return;
	}
	r->kind = (int)(kd - kinds);
	r->entry = xcalloc(1, kd->size);
	*field_str(r->entry, kd->idoff) = id;
	at = (struct cat_origin *)(void *)((char *)r->entry + kd->atoff);
	at->file = r->file;
	at->line = r->line;
	if (r->kind == CAT_RULE)
		((struct cat_rule *)r->entry)->hard = -1;
	if (r->kind == CAT_REASON)
		((struct cat_reason *)r->entry)->hard = CAT_HARD_UNSET;
	free(kind);
	free(extra);
}

static void
attribute(struct reader *r, const char *line)
{
	const struct keydef	*k;
	const char		*p = line;
	char			*key;
	int			 i;

	if (r->skip)
		return;
	if (r->entry == NULL) {
		problem(r, "indented line outside an entry (start one with "
		    "\"rule NAME\" at the start of a line)");
		return;
	}
	key = next_word(&p);
	p = skip_blanks(p);
	for (k = kinds[r->kind].keys, i = 0; k->name != NULL; k++, i++)
		if (strcmp(k->name, key) == 0)
			break;
	if (k->name == NULL) {
		problem(r, "unknown key \"%s\" in a %s entry", key,
		    kinds[r->kind].name);
		free(key);
		return;
	}
	free(key);
	if ((r->seen & (1u << i)) && k->type != V_PROSE &&
	    k->type != V_WORDS && k->type != V_QUOTED &&
	    k->type != V_ANYTEXT && k->type != V_ALSO) {
		problem(r, "%s given twice", k->name);
		return;
	}
	r->seen |= 1u << i;
	switch (k->type) {
	case V_PROSE:
		set_prose(r, k, p);
		break;
	case V_WORD:
		set_words(r, k, p, 1);
		break;
	case V_WORDS:
		set_words(r, k, p, 0);
		break;
	case V_QUOTED:
	case V_ANYTEXT:
	case V_ALSO:
		set_quoted(r, k, p);
		break;
	case V_HARD3:
	case V_YESNO:
		set_flag(r, k, p);
		break;
	}
}

static void
one_line(struct reader *r, const char *line, size_t len)
{
	char	 buf[MAXLINE + 1];
	size_t	 i;

	if (len > 0 && line[len - 1] == '\r')
		len--;
	if (len > MAXLINE) {
		problem(r, "line longer than %d bytes", MAXLINE);
		return;
	}
	for (i = 0; i < len; i++) {
		if (line[i] == '\0') {
			problem(r, "NUL byte in the line");
			return;
		}
	}
	memcpy(buf, line, len);
	while (len > 0 && (buf[len - 1] == ' ' || buf[len - 1] == '\t'))
		len--;
	buf[len] = '\0';
	if (*skip_blanks(buf) == '\0' || *skip_blanks(buf) == '#')
		return;
	if (buf[0] == ' ' || buf[0] == '\t')
		attribute(r, buf);
	else
		start_entry(r, buf);
}

int
cat_parse(struct cat_set *set, const struct cat_set *ref, const char *file,
    const char *text, size_t len, FILE *errs)
{
	struct reader	 r;
	const char	*p = text, *end = text + len, *nl;

	memset(&r, 0, sizeof(r));
	r.set = set;
	r.ref = ref;
	r.errs = errs;
	r.kind = -1;
	set->files = xreallocarray(set->files, set->nfiles + 1,
	    sizeof(*set->files));
	set->files[set->nfiles] = xstrdup(file);
	r.file = set->files[set->nfiles++];
	/* Editors on some systems start a UTF-8 file with a byte order mark. */
	if (len >= 3 && memcmp(p, "\xef\xbb\xbf", 3) == 0)
		p += 3;
	while (p < end) {
		r.line++;
		nl = memchr(p, '\n', (size_t)(end - p));
		if (nl == NULL)
			nl = end;
		one_line(&r, p, (size_t)(nl - p));
		p = nl + 1;
	}
	finish_entry(&r);
	return r.nerrs;
}

int
cat_parse_file(struct cat_set *set, const struct cat_set *ref,
    const char *path, FILE *errs)
{
	FILE		*fp;
	struct buf	 b = { NULL, 0, 0 };
	char		 chunk[8192];
	size_t		 n;
	int		 rv;

	if ((fp = fopen(path, "r")) == NULL) {
		if (errs != NULL)
			fprintf(errs, "%s: %s\n", path, strerror(errno));
		return 1;
	}
	while ((n = fread(chunk, 1, sizeof(chunk), fp)) > 0) {
		buf_add(&b, chunk, n);
		if (b.len > 16u * 1024 * 1024) {
			if (errs != NULL)
				fprintf(errs, "%s: larger than 16 MB, not "
				    "read\n", path);
			fclose(fp);
			buf_free(&b);
			return 1;
		}
	}
	if (ferror(fp)) {
		if (errs != NULL)
			fprintf(errs, "%s: %s\n", path, strerror(errno));
		fclose(fp);
		buf_free(&b);
		return 1;
	}
	fclose(fp);
	rv = cat_parse(set, ref, path, b.s ? b.s : "", b.len, errs);
	buf_free(&b);
	return rv;
}
