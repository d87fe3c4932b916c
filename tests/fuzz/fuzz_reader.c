/*
 * fuzz_reader.c: the format readers on their own, without libetpan in the
 * way.  The input is read as a rough message: top-level headers up to an
 * empty line, then parts that each start at a line "--SOMETHING" with their
 * own headers (Content-Type) and text.  From that this target builds the
 * struct bv_msg that msg.c would hand over (UTF-8 text, the original
 * message's headers, has_dsn) and offers it to the readers: every reader in
 * order, or only the one named by $BV_FUZZ_READER, so that each reader can
 * be fuzzed as a target of its own.  BV_FUZZ_LIST=1 prints the reader names
 * and exits (make fuzz uses it).
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "tests/fuzz/fuzz.h"
#include "tests/fuzz/fuzzexport.h"

#define MAXHDRS		256
#define MAXPARTS	64

static const struct bv_reader	*only;	/* NULL: all, in order */

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	const char	*name = getenv("BV_FUZZ_READER");
	size_t		 i;

	if (getenv("BV_FUZZ_LIST") != NULL) {
		for (i = 0; bv_readers[i] != NULL; i++)
			printf("%s\n", bv_readers[i]->name);
		exit(0);
	}
	if (name == NULL || *name == '\0')
		return 0;
	for (i = 0; bv_readers[i] != NULL; i++)
		if (strcmp(bv_readers[i]->name, name) == 0)
			only = bv_readers[i];
	if (only == NULL) {
		fprintf(stderr, "fuzz_reader: no reader %s\n", name);
		exit(2);
	}
	return 0;
}

/* One line of S (up to LEN), without its line end; *NEXT is after it. */
static size_t
line_at(const char *s, size_t len, size_t *next)
{
	const char	*nl = memchr(s, '\n', len);
	size_t		 n = nl ? (size_t)(nl - s) : len;

	*next = nl ? n + 1 : len;
	if (n > 0 && s[n - 1] == '\r')
		n--;
	return n;
}

static char *
utf8_dup(const char *s, size_t len)
{
	struct buf	 b = { NULL, 0, 0 };

	fuzz_add_utf8(&b, s, len);
	return buf_steal(&b);
}

/*
 * Headers from S: fill HDRS (at most MAXHDRS), unfolding continuation
 * lines; returns the offset of the body.
 */
static size_t
read_headers(const char *s, size_t len, struct bv_header *hdrs, size_t *nh)
{
	struct buf	 val = { NULL, 0, 0 };
	const char	*colon, *line;
	size_t		 off = 0, next, n;

	while (off < len) {
		line = s + off;
		n = line_at(line, len - off, &next);
		off += next;
		if (n == 0)
			break;
		if ((line[0] == ' ' || line[0] == '\t') && *nh > 0) {
			buf_adds(&val, hdrs[*nh - 1].value);
			buf_addc(&val, ' ');
			fuzz_add_utf8(&val, line + 1, n - 1);
			free(hdrs[*nh - 1].value);
			hdrs[*nh - 1].value = buf_steal(&val);
			continue;
		}
		if ((colon = memchr(line, ':', n)) == NULL || *nh == MAXHDRS)
			continue;
		hdrs[*nh].name = utf8_dup(line, (size_t)(colon - line));
		colon++;
		while (colon < line + n && (*colon == ' ' || *colon == '\t'))
			colon++;
		hdrs[*nh].value = utf8_dup(colon, (size_t)(line + n - colon));
		(*nh)++;
	}
	return off;
}

static const char *
find_header(struct bv_header *h, size_t n, const char *name)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		if (strcasecmp(h[i].name, name) == 0)
			return h[i].value;
	return NULL;
}

static void
free_headers(struct bv_header *h, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++) {
		free(h[i].name);
		free(h[i].value);
	}
}

/* Content-Type's type (lower case, "text/plain" when absent) and charset. */
static void
content_type(const char *ct, char **type, char **charset)
{
	const char	*p, *e;
	size_t		 i, n;

	*charset = NULL;
	if (ct == NULL)
		ct = "text/plain";
	n = strcspn(ct, "; \t");
	*type = xstrndup(n ? ct : "text/plain", n ? n : 10);
	for (i = 0; (*type)[i] != '\0'; i++)
		(*type)[i] = (char)tolower((unsigned char)(*type)[i]);
	if ((p = strstr(ct, "charset=")) == NULL)
		return;
	p += 8;
	if (*p == '"')
		p++;
	for (e = p; *e != '\0' && *e != '"' && *e != ';' && *e != ' '; e++)
		;
	*charset = xstrndup(p, (size_t)(e - p));
}

static void
original_from(struct bv_original *o, struct bv_header *h, size_t n)
{
	o->from = xstrdup(find_header(h, n, "From"));
	o->to = xstrdup(find_header(h, n, "To"));
	o->subject = xstrdup(find_header(h, n, "Subject"));
	o->date = xstrdup(find_header(h, n, "Date"));
	o->message_id = xstrdup(find_header(h, n, "Message-ID"));
}

static int
is_separator(const char *line, size_t n)
{
	return n >= 3 && line[0] == '-' && line[1] == '-' &&
	    !isspace((unsigned char)line[2]);
}

/* Add the part S (its own headers, then its text) to M. */
static void
add_part(struct bv_msg *m, const char *s, size_t len, int depth, int *inorig)
{
	struct bv_header	 h[MAXHDRS];
	struct bv_part		*p;
	size_t			 nh = 0, body;

	if (m->nparts == MAXPARTS)
		return;
	body = depth == 0 ? 0 : read_headers(s, len, h, &nh);
	p = &m->parts[m->nparts++];
	content_type(depth == 0 ? bv_msg_header(m, "Content-Type") :
	    find_header(h, nh, "Content-Type"), &p->type, &p->charset);
	p->text = utf8_dup(s + body, len - body);
	p->len = strlen(p->text);
	p->depth = depth;
	p->in_original = *inorig;
	if (strcmp(p->type, "message/delivery-status") == 0 ||
	    strcmp(p->type, "message/global-delivery-status") == 0)
		m->has_dsn = 1;
	if (strcmp(p->type, "message/rfc822") == 0 ||
	    strcmp(p->type, "text/rfc822-headers") == 0 ||
	    strcmp(p->type, "message/global-headers") == 0) {
		if (!*inorig) {
			struct bv_header	 oh[MAXHDRS];
			size_t			 onh = 0;

			read_headers(s + body, len - body, oh, &onh);
			original_from(&m->original, oh, onh);
			free_headers(oh, onh);
		}
		p->in_original = *inorig = 1;
	}
	free_headers(h, nh);
}

static void
build_msg(struct bv_msg *m, const char *s, size_t len)
{
	struct bv_header	 h[MAXHDRS];
	const char		*line;
	size_t			 body, off, next, n, start = 0;
	int			 inorig = 0, seen = 0;

	memset(m, 0, sizeof(*m));
	m->raw = s;
	m->rawlen = len;
	body = read_headers(s, len, h, &m->nhdrs);
	m->hdrs = xreallocarray(NULL, m->nhdrs + 1, sizeof(*m->hdrs));
	memcpy(m->hdrs, h, m->nhdrs * sizeof(*m->hdrs));
	m->parts = xcalloc(MAXPARTS, sizeof(*m->parts));
	for (off = body; off < len; off += next) {
		line = s + off;
		n = line_at(line, len - off, &next);
		if (!is_separator(line, n))
			continue;
		if (seen)
			add_part(m, s + start, off - start, 1, &inorig);
		seen = 1;
		start = off + next;
	}
	if (!seen)
		add_part(m, s + body, len - body, 0, &inorig);
	else if (start < len)
		add_part(m, s + start, len - start, 1, &inorig);
}

static void
free_msg(struct bv_msg *m)
{
	size_t	 i;

	free_headers(m->hdrs, m->nhdrs);
	free(m->hdrs);
	for (i = 0; i < m->nparts; i++) {
		free(m->parts[i].type);
		free(m->parts[i].charset);
		free(m->parts[i].text);
	}
	free(m->parts);
	free(m->original.from);
	free(m->original.to);
	free(m->original.subject);
	free(m->original.date);
	free(m->original.message_id);
}

static void
try_reader(const struct bv_reader *r, const struct bv_msg *m,
    struct bv_reclist *list)
{
	static const char	 path[] = "fuzz.eml";
	size_t			 before = list->n, i;

	if (!r->claims(m))
		return;
	if (r->extract(m, list) == 0 && list->n == before)
		fuzz_fail("reader: extract returned 0 with no record", r->name,
		    strlen(r->name));
	/* The caller's part (parse.c) fills the message-level fields. */
	for (i = before; i < list->n; i++) {
		list->v[i].loc.path = path;
		list->v[i].loc.msgno = 1;
		if (list->v[i].format == NULL)
			list->v[i].format = r->name;
		if (list->v[i].rcpt == 0)
			list->v[i].rcpt = (uint32_t)(i - before + 1);
	}
	fuzz_export_records(list, before);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct bv_reclist	 list;
	struct bv_msg		 m;
	size_t			 i;
	char			*copy;

	memset(&list, 0, sizeof(list));
	/* The raw bytes end with a NUL after LEN, as a struct buf does. */
	copy = xmalloc(size + 1);
	memcpy(copy, data, size);
	copy[size] = '\0';
	build_msg(&m, copy, size);
	if (only != NULL)
		try_reader(only, &m, &list);
	else
		for (i = 0; bv_readers[i] != NULL; i++)
			try_reader(bv_readers[i], &m, &list);
	bv_reclist_free(&list);
	free_msg(&m);
	free(copy);
	return 0;
}
