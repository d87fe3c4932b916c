/*
 * export.c: records as JSON Lines or RFC 4180 CSV, and files written
 * atomically.  Text in records comes from strangers: the JSON is valid UTF-8
 * with every control character escaped, the CSV carries no raw control and
 * no cell a spreadsheet would take for a formula.
 */
#include "config.h"

#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "parser/parser.h"

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))

/* ---- UTF-8 ------------------------------------------------------------------ */

size_t
bv_utf8_decode(const char *str, size_t n, uint32_t *cp)
{
	const unsigned char	*s = (const unsigned char *)str;
	unsigned char		 lo = 0x80, hi = 0xbf;
	uint32_t		 c;
	size_t			 len, i;

	if (n == 0)
		return 0;
	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	if (s[0] >= 0xc2 && s[0] <= 0xdf) {
		len = 2;
		c = s[0] & 0x1f;
	} else if (s[0] >= 0xe0 && s[0] <= 0xef) {
		len = 3;
		c = s[0] & 0x0f;
		if (s[0] == 0xe0)
			lo = 0xa0;		/* overlong */
		else if (s[0] == 0xed)
			hi = 0x9f;		/* surrogates */
	} else if (s[0] >= 0xf0 && s[0] <= 0xf4) {
		len = 4;
		c = s[0] & 0x07;
		if (s[0] == 0xf0)
			lo = 0x90;		/* overlong */
		else if (s[0] == 0xf4)
			hi = 0x8f;		/* past U+10FFFF */
	} else
		return 0;
	if (n < len || s[1] < lo || s[1] > hi)
		return 0;
	for (i = 1; i < len; i++) {
		if (i > 1 && (s[i] < 0x80 || s[i] > 0xbf))
			return 0;
		c = (c << 6) | (s[i] & 0x3f);
	}
	*cp = c;
	return len;
}

int
bv_char_hidden(uint32_t cp)
{
	return cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp <= 0x9f) ||
	    cp == 0x061c || cp == 0x200e || cp == 0x200f ||
	    (cp >= 0x2028 && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069);
}

void
bv_text_oneline(struct buf *b, const char *s)
{
	uint32_t	 cp;
	size_t		 n, len;

	if (s == NULL)
		return;
	for (len = strlen(s); len > 0; s += n, len -= n) {
		n = bv_utf8_decode(s, len, &cp);
		if (n == 0 || bv_char_hidden(cp)) {
			buf_addc(b, '?');
			n = n ? n : 1;
		} else
			buf_add(b, s, n);
	}
}

/* ---- the fields, in their fixed order ---------------------------------------- */

enum fkind {
	F_TEXT,			/* string or null */
	F_NUM,			/* unsigned integer */
	F_HARD,			/* true, false or null */
};

/* Room for the longest JSON key with what leads it (",\"original\":{\"from\":"):
 * keys are copied as one fixed-size block, then the length is kept. */
#define KEYPAD	24

struct field {
	const char	*name;		/* JSON key (inside "original" when
					   ORIG), CSV column (original_NAME) */
	char		 key[KEYPAD];	/* what precedes the JSON value: the
					   separator, then "NAME": */
	size_t		 keylen;
	enum fkind	 kind;
	const char	*(*text)(const struct bv_record *);
	uint64_t	(*num)(const struct bv_record *);
	int		 orig;
};

#define TEXT(fn, expr)							\
	static const char *fn(const struct bv_record *r) { return (expr); }
#define NUM(fn, expr)							\
	static uint64_t fn(const struct bv_record *r) { return (expr); }

NUM(get_offset, r->loc.offset)
NUM(get_msgno, r->loc.msgno)
NUM(get_rcpt, r->rcpt)
TEXT(get_path, r->loc.path)
TEXT(get_format, r->format)
TEXT(get_date, r->date)
TEXT(get_reporting, r->reporting_mta)
TEXT(get_remote, r->remote_mta)
TEXT(get_recipient, r->recipient)
TEXT(get_orcpt, r->original_recipient)
TEXT(get_action, r->action)
TEXT(get_status, r->status)
TEXT(get_reply, r->reply_code)
TEXT(get_diag, r->diagnostic)
TEXT(get_reason, r->reason)
TEXT(get_rule, r->rule)
TEXT(get_blocklist, r->blocklist)
TEXT(get_listed_ip, r->listed_ip)
TEXT(get_remediation, r->remediation)
TEXT(get_from, r->original.from)
TEXT(get_to, r->original.to)
TEXT(get_subject, r->original.subject)
TEXT(get_odate, r->original.date)
TEXT(get_msgid, r->original.message_id)
TEXT(get_error, r->error)
TEXT(get_feedback, r->feedback_type)
TEXT(get_arrival, r->arrival_date)
TEXT(get_last_attempt, r->last_attempt_date)
TEXT(get_bl_url, r->blocklist_url)
TEXT(get_command, r->command)

/* The reason's group (recipient, mailbox, reputation, ...). */
static const char *
get_group(const struct bv_record *r)
{
	const struct bv_reason_info	*ri;

	if (r->reason == NULL || (ri = bv_reason_lookup(r->reason)) == NULL)
		return NULL;
	return ri->group;
}

/*
 * Users script against these names: add fields at the end, never rename or
 * reorder (the man page lists them).  LEAD is the JSON that comes between
 * the previous value and this key: "{" before the first, "," between
 * fields, and the opening or closing of the "original" object where the
 * ORIG flag changes.
 */
#define F(lead, name, kind, text, num, orig)				\
	{ name, lead "\"" name "\":", KEYLEN(lead "\"" name "\":"), kind,	\
	    text, num, orig }
/* The length of key K, which must fit in KEYPAD bytes (else the array
 * size is negative and the build stops). */
#define KEYLEN(k)	sizeof(char[sizeof(k) <= KEYPAD + 1 ? sizeof(k) - 1 : -1])
static const struct field fields[] = {
	F("{", "path",				F_TEXT, get_path, NULL, 0),
	F(",", "offset",			F_NUM, NULL, get_offset, 0),
	F(",", "msgno",				F_NUM, NULL, get_msgno, 0),
	F(",", "rcpt",				F_NUM, NULL, get_rcpt, 0),
	F(",", "format",			F_TEXT, get_format, NULL, 0),
	F(",", "date",				F_TEXT, get_date, NULL, 0),
	F(",", "reporting_mta",			F_TEXT, get_reporting, NULL, 0),
	F(",", "remote_mta",			F_TEXT, get_remote, NULL, 0),
	F(",", "recipient",			F_TEXT, get_recipient, NULL, 0),
	F(",", "original_recipient",		F_TEXT, get_orcpt, NULL, 0),
	F(",", "action",			F_TEXT, get_action, NULL, 0),
	F(",", "status",			F_TEXT, get_status, NULL, 0),
	F(",", "reply_code",			F_TEXT, get_reply, NULL, 0),
	F(",", "diagnostic",			F_TEXT, get_diag, NULL, 0),
	F(",", "reason",			F_TEXT, get_reason, NULL, 0),
	F(",", "hard",				F_HARD, NULL, NULL, 0),
	F(",", "rule",				F_TEXT, get_rule, NULL, 0),
	F(",", "blocklist",			F_TEXT, get_blocklist, NULL, 0),
	F(",", "listed_ip",			F_TEXT, get_listed_ip, NULL, 0),
	F(",", "remediation",			F_TEXT, get_remediation, NULL, 0),
	F(",\"original\":{", "from",		F_TEXT, get_from, NULL, 1),
	F(",", "to",				F_TEXT, get_to, NULL, 1),
	F(",", "subject",			F_TEXT, get_subject, NULL, 1),
	F(",", "date",				F_TEXT, get_odate, NULL, 1),
	F(",", "message_id",			F_TEXT, get_msgid, NULL, 1),
	F("},", "error",			F_TEXT, get_error, NULL, 0),
	F(",", "feedback_type",			F_TEXT, get_feedback, NULL, 0),
	F(",", "arrival_date",			F_TEXT, get_arrival, NULL, 0),
	F(",", "last_attempt_date",		F_TEXT, get_last_attempt, NULL, 0),
	F(",", "blocklist_url",			F_TEXT, get_bl_url, NULL, 0),
	F(",", "group",				F_TEXT, get_group, NULL, 0),
	F(",", "command",			F_TEXT, get_command, NULL, 0),
};
#undef F

/*
 * Output is written straight into the buffer after one check for room (per
 * record in JSON, per value in CSV).  reserve() makes room for N
 * more bytes and the NUL and returns where they go; done() sets the length.
 */
static char *
reserve(struct buf *b, size_t n)
{
	size_t	 want;

	if (b->len + n + 1 > b->cap) {
		want = b->cap ? b->cap : 256;
		while (want < b->len + n + 1)
			want *= 2;
		b->s = xrealloc(b->s, want);
		b->cap = want;
	}
	return b->s + b->len;
}

static void
done(struct buf *b, char *end)
{
	b->len = (size_t)(end - b->s);
	*end = '\0';
}

static void
put(struct buf *b, const char *s, size_t n)
{
	char	*p = reserve(b, n);

	memcpy(p, s, n);
	done(b, p + n);
}

/* V in decimal at P (room for 20 digits); returns the end. */
static char *
put_u64(char *p, uint64_t v)
{
	char	 d[24];
	size_t	 i = sizeof(d);

	do {
		d[--i] = (char)('0' + v % 10);
		v /= 10;
	} while (v != 0);
	memcpy(p, d + i, sizeof(d) - i);
	return p + (sizeof(d) - i);
}

/* ---- JSON ---------------------------------------------------------------------- */

/* Bytes JSON text carries as they are: printable ASCII but " and \. */
static const unsigned char json_plain[256] = {
	['\x20'] = 1, 1, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0,
};

/* Does one of the eight bytes of X lie below 0x20 or above 0x7e, or is it
 * " or \?  Bit tricks on the word: once no byte has its top bit, adding a
 * constant to every byte carries into no neighbour, and a byte's top bit
 * then tells which side of a bound it lies. */
static int
word_unplain(uint64_t x)
{
	const uint64_t	 ones = UINT64_C(0x0101010101010101);
	const uint64_t	 high = ones * 0x80;
	const uint64_t	 q = x ^ (ones * '"'), bs = x ^ (ones * '\\');

	return ((x | ~(x + ones * 0x60) | (x + ones) | ~(q + ones * 0x7f) |
	    ~(bs + ones * 0x7f)) & high) != 0;
}

static char *
json_escape_cp(char *p, uint32_t cp)
{
	static const char	 hex[] = "0123456789abcdef";

	*p++ = '\\';
	switch (cp) {
	case '\n':
		*p++ = 'n';
		return p;
	case '\t':
		*p++ = 't';
		return p;
	case '\r':
		*p++ = 'r';
		return p;
	case '"':
	case '\\':
		*p++ = (char)cp;
		return p;
	}
	*p++ = 'u';
	*p++ = hex[(cp >> 12) & 0xf];
	*p++ = hex[(cp >> 8) & 0xf];
	*p++ = hex[(cp >> 4) & 0xf];
	*p++ = hex[cp & 0xf];
	return p;
}

#ifdef __SSE2__
/* How many bytes of U (N of them) go to P as they are, sixteen at a time
 * while sixteen are plain: a signed compare puts the bytes from 0x80 with
 * the controls below 0x20. */
static size_t
plain_blocks(char *p, const unsigned char *u, size_t n)
{
	__m128i		 x, bad;
	size_t		 i;

	for (i = 0; i + 16 <= n; i += 16) {
		x = _mm_loadu_si128((const void *)(u + i));
		bad = _mm_or_si128(
		    _mm_or_si128(_mm_cmplt_epi8(x, _mm_set1_epi8(0x20)),
		    _mm_cmpeq_epi8(x, _mm_set1_epi8(0x7f))),
		    _mm_or_si128(_mm_cmpeq_epi8(x, _mm_set1_epi8('"')),
		    _mm_cmpeq_epi8(x, _mm_set1_epi8('\\'))));
		if (_mm_movemask_epi8(bad) != 0)
			break;
		_mm_storeu_si128((void *)(p + i), x);
	}
	return i;
}
#else
static size_t
plain_blocks(char *p, const unsigned char *u, size_t n)
{
	(void)p, (void)u, (void)n;
	return 0;			/* the words below do it all */
}
#endif

/* The character at S (N bytes left, not plain) escaped into P: invalid
 * UTF-8 as U+FFFD, controls as escapes.  Sets *USED to the bytes read. */
static char *
json_char(char *p, const char *s, size_t n, size_t *used)
{
	uint32_t	 cp;

	if ((*used = bv_utf8_decode(s, n, &cp)) == 0) {
		*used = 1;
		memcpy(p, "\xef\xbf\xbd", 3);
		return p + 3;
	}
	if (cp == '"' || cp == '\\' || bv_char_hidden(cp))
		return json_escape_cp(p, cp);
	memcpy(p, s, *used);
	return p + *used;
}

/*
 * S (LEN bytes) as a JSON string into P, which has room for 6 * LEN + 10:
 * no byte grows to more than 6 (a control byte to \u00XX), and plain words
 * are stored whole.  Plain text goes eight bytes at a time, each word
 * copied once it is checked; the rest a character at a time.
 */
static char *
json_text(char *p, const char *s, size_t len)
{
	const unsigned char	*u = (const unsigned char *)s;
	size_t			 i = 0, n;
	uint64_t		 x;

	*p++ = '"';
	while (i < len) {
		n = plain_blocks(p, u + i, len - i);
		p += n;
		i += n;
		while (i + 8 <= len) {
			memcpy(&x, u + i, 8);
			if (word_unplain(x))
				break;
			memcpy(p, &x, 8);
			p += 8;
			i += 8;
		}
		/* the word's plain bytes up to the one that is not, or the
		 * last bytes */
		for (; i < len && json_plain[u[i]]; i++)
			*p++ = (char)u[i];
		if (i < len) {
			p = json_char(p, s + i, len - i, &n);
			i += n;
		}
	}
	*p++ = '"';
	return p;
}

/* The value of field F of R, written at P with room for its bound. */
static char *
json_value(char *p, const struct field *f, const struct bv_record *r,
    const char *text, size_t len)
{
	switch (f->kind) {
	case F_NUM:
		return put_u64(p, f->num(r));
	case F_HARD:
		if (r->hard == 1 || r->hard == 0) {
			memcpy(p, r->hard ? "true" : "false", 5);
			return p + (r->hard ? 4 : 5);
		}
		break;
	case F_TEXT:
		if (text != NULL)
			return json_text(p, text, len);
		break;
	}
	memcpy(p, "null", 4);
	return p + 4;
}

/*
 * One record, one line.  The room for the whole line is made at once (the
 * export's inner loop: see bench/), from the lengths of its texts: a key
 * takes KEYPAD, a number 20 digits, a text 6 bytes a byte and its quotes.
 */
static void
json_record(struct buf *b, const struct bv_record *r)
{
	const char	*text[NELEM(fields)];
	size_t		 len[NELEM(fields)], i, need = 8;
	char		*p;

	for (i = 0; i < NELEM(fields); i++) {
		text[i] = fields[i].kind == F_TEXT ? fields[i].text(r) : NULL;
		len[i] = text[i] != NULL ? strlen(text[i]) : 0;
		need += KEYPAD + 20 + 6 * len[i] + 10;
	}
	p = reserve(b, need);
	for (i = 0; i < NELEM(fields); i++) {
		memcpy(p, fields[i].key, KEYPAD);
		p += fields[i].keylen;
		p = json_value(p, &fields[i], r, text[i], len[i]);
	}
	if (fields[NELEM(fields) - 1].orig)
		*p++ = '}';
	memcpy(p, "}\n", 2);
	done(b, p + 2);
}

/* ---- CSV ----------------------------------------------------------------------- */

/* Cells beginning so are formulas to a spreadsheet. */
static int
csv_formula(unsigned char c)
{
	return c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' ||
	    c == '\r';
}

/* Bytes a cell carries as they are; the others need a look (quote, comma,
 * controls, non-ASCII). */
static const unsigned char csv_plain[256] = {
	['\x20'] = 1, 1, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0,
};

/*
 * S as one RFC 4180 cell: quoted when it holds a comma, quote or line end
 * or would be a formula (then led by a single quote inside the quotes);
 * other control characters shown as their Unicode control pictures (ESC as
 * U+241B), C1 and bidirectional controls as U+FFFD, invalid UTF-8 as
 * U+FFFD, U+2028 and U+2029 as a space.  NULL is the empty cell.  No byte
 * grows to more than 3.
 */
static void
csv_cell(struct buf *b, const char *s)
{
	size_t		 len, i, n;
	uint32_t	 cp;
	int		 quote, formula;
	char		*p;

	if (s == NULL || *s == '\0')
		return;
	len = strlen(s);
	formula = csv_formula((unsigned char)s[0]);
	quote = formula || strpbrk(s, ",\"\r\n") != NULL;
	p = reserve(b, 3 * len + 3);
	if (quote)
		*p++ = '"';
	if (formula)
		*p++ = '\'';
	for (i = 0; i < len; i += n) {
		if (csv_plain[(unsigned char)s[i]]) {
			*p++ = s[i];
			n = 1;
			continue;
		}
		n = bv_utf8_decode(s + i, len - i, &cp);
		if (n == 0) {
			memcpy(p, "\xef\xbf\xbd", 3);
			p += 3;
			n = 1;
		} else if (cp == '"') {
			*p++ = '"';
			*p++ = '"';
		} else if (cp == '\n' || cp == '\r' || cp == '\t' ||
		    !bv_char_hidden(cp)) {
			memcpy(p, s + i, n);
			p += n;
		} else if (cp < 0x20) {
			/* U+2400 + cp: the control picture */
			*p++ = '\xe2';
			*p++ = '\x90';
			*p++ = (char)(0x80 + cp);
		} else if (cp == 0x7f) {
			memcpy(p, "\xe2\x90\xa1", 3);
			p += 3;
		} else if (cp == 0x2028 || cp == 0x2029)
			*p++ = ' ';
		else {
			memcpy(p, "\xef\xbf\xbd", 3);
			p += 3;
		}
	}
	if (quote)
		*p++ = '"';
	done(b, p);
}

static void
csv_record(struct buf *b, const struct bv_record *r)
{
	const struct field	*f;
	size_t			 i;

	for (i = 0; i < NELEM(fields); i++) {
		f = &fields[i];
		if (i > 0)
			put(b, ",", 1);
		switch (f->kind) {
		case F_NUM:
			done(b, put_u64(reserve(b, 20), f->num(r)));
			break;
		case F_HARD:
			if (r->hard == 1 || r->hard == 0)
				put(b, r->hard ? "true" : "false", r->hard ?
				    4 : 5);
			break;
		case F_TEXT:
			csv_cell(b, f->text(r));
			break;
		}
	}
	put(b, "\r\n", 2);
}

void
bv_export_header(struct buf *b, enum bv_exfmt fmt)
{
	size_t	 i;

	if (fmt != BV_EXPORT_CSV)
		return;
	for (i = 0; i < NELEM(fields); i++) {
		if (i > 0)
			buf_addc(b, ',');
		if (fields[i].orig)
			buf_adds(b, "original_");
		buf_adds(b, fields[i].name);
	}
	buf_add(b, "\r\n", 2);
}

void
bv_export_record(struct buf *b, enum bv_exfmt fmt, const struct bv_record *r)
{
	if (fmt == BV_EXPORT_CSV)
		csv_record(b, r);
	else
		json_record(b, r);
}

void
bv_render_records(struct bv_render *rd, const struct bv_reclist *list,
    size_t first)
{
	size_t	 i;

	for (i = first; i < list->n; i++)
		if (bv_pattern_match(rd->filter, &list->v[i])) {
			bv_export_record(&rd->text, rd->fmt, &list->v[i]);
			rd->matched++;
		}
}

int
bv_export_format(const char *name)
{
	static const struct {
		const char	*ext;
		enum bv_exfmt	 fmt;
	} names[] = {
		{ "json", BV_EXPORT_JSON },
		{ "jsonl", BV_EXPORT_JSON },
		{ "ndjson", BV_EXPORT_JSON },
		{ "csv", BV_EXPORT_CSV },
	};
	const char	*dot;
	size_t		 i;

	if (name == NULL)
		return -1;
	/* a bare name ("csv") or a file name's extension ("out.csv") */
	if ((dot = strrchr(name, '.')) != NULL && strchr(dot, '/') == NULL)
		name = dot + 1;
	else if (strchr(name, '/') != NULL)
		return -1;
	for (i = 0; i < NELEM(names); i++)
		if (strcasecmp(name, names[i].ext) == 0)
			return (int)names[i].fmt;
	return -1;
}

/* ---- atomic files ---------------------------------------------------------------- */

struct bv_outfile {
	char	*path;
	char	*dir;
	char	*tmp;			/* the temporary file, until renamed */
	int	 fd;
};

static char *
dir_of(const char *path)
{
	const char	*slash = strrchr(path, '/');

	if (slash == NULL)
		return xstrdup(".");
	while (slash > path && slash[-1] == '/')
		slash--;
	if (slash == path)
		return xstrdup("/");
	return xstrndup(path, (size_t)(slash - path));
}

/* The mode a new file gets: the old file's, or what the umask allows. */
static mode_t
new_mode(const char *path)
{
	struct stat	 st;
	mode_t		 mask;

	if (stat(path, &st) == 0)
		return st.st_mode & 07777;
	mask = umask(022);
	umask(mask);
	return 0666 & ~mask;
}

void
bv_outfile_abort(struct bv_outfile *o)
{
	if (o == NULL)
		return;
	if (o->fd != -1)
		close(o->fd);
	if (o->tmp != NULL)
		unlink(o->tmp);
	free(o->path);
	free(o->dir);
	free(o->tmp);
	free(o);
}

const char *
bv_outfile_temp(const struct bv_outfile *o)
{
	return o != NULL ? o->tmp : NULL;
}

struct bv_outfile *
bv_outfile_open(const char *path, const struct bv_loader *l, char *err,
    size_t errlen)
{
	struct bv_outfile	*o;
	struct stat		 st;
	const char		*base;

	if (path == NULL || *path == '\0') {
		snprintf(err, errlen, "no output file named");
		return NULL;
	}
	if (l != NULL && bv_loader_is_input(l, path)) {
		snprintf(err, errlen, "%s: is one of the input mailboxes "
		    "(or inside one); not writing there", path);
		return NULL;
	}
	if (stat(path, &st) == 0 && !S_ISREG(st.st_mode)) {
		snprintf(err, errlen, "%s: %s", path, S_ISDIR(st.st_mode) ?
		    "is a directory" : "is not a regular file");
		return NULL;
	}
	o = xcalloc(1, sizeof(*o));
	o->path = xstrdup(path);
	o->dir = dir_of(path);
	base = strrchr(path, '/');
	base = base != NULL ? base + 1 : path;
	if (*base == '\0') {
		snprintf(err, errlen, "%s: names a directory, not a file", path);
		o->fd = -1;
		bv_outfile_abort(o);
		return NULL;
	}
	o->tmp = xasprintf("%s/.%.200s.bv-XXXXXX", o->dir, base);
	if ((o->fd = mkstemp(o->tmp)) == -1) {
		snprintf(err, errlen, "%s: cannot create a file in %s: %s",
		    path, o->dir, strerror(errno));
		free(o->tmp);
		o->tmp = NULL;
		bv_outfile_abort(o);
		return NULL;
	}
	if (fchmod(o->fd, new_mode(path)) == -1) {
		snprintf(err, errlen, "%s: %s", o->tmp, strerror(errno));
		bv_outfile_abort(o);
		return NULL;
	}
	return o;
}

int
bv_outfile_write(struct bv_outfile *o, const char *data, size_t len,
    char *err, size_t errlen)
{
	ssize_t	 n;

	while (len > 0) {
		n = write(o->fd, data, len);
		if (n == -1 && errno == EINTR)
			continue;
		if (n <= 0) {
			snprintf(err, errlen, "%s: cannot write: %s", o->path,
			    n == 0 ? "no progress" : strerror(errno));
			return -1;
		}
		data += n;
		len -= (size_t)n;
	}
	return 0;
}

int
bv_outfile_commit(struct bv_outfile *o, char *err, size_t errlen)
{
	int	 fd, e;

	if (fsync(o->fd) == -1 || close(o->fd) == -1) {
		e = errno;
		o->fd = -1;
		snprintf(err, errlen, "%s: cannot write: %s", o->path,
		    strerror(e));
		bv_outfile_abort(o);
		return -1;
	}
	o->fd = -1;
	if (rename(o->tmp, o->path) == -1) {
		snprintf(err, errlen, "%s: cannot rename %s over it: %s",
		    o->path, o->tmp, strerror(errno));
		bv_outfile_abort(o);
		return -1;
	}
	free(o->tmp);
	o->tmp = NULL;
	/* the new name is durable once its directory is */
	if ((fd = open(o->dir, O_RDONLY | O_DIRECTORY)) != -1) {
		(void)fsync(fd);
		close(fd);
	}
	bv_outfile_abort(o);
	return 0;
}

int
bv_write_atomic(const char *path, const char *data, size_t len,
    const struct bv_loader *l, char *err, size_t errlen)
{
	struct bv_outfile	*o;

	if ((o = bv_outfile_open(path, l, err, errlen)) == NULL)
		return -1;
	if (bv_outfile_write(o, data, len, err, errlen) == -1) {
		bv_outfile_abort(o);
		return -1;
	}
	return bv_outfile_commit(o, err, errlen);
}
