/*
 * fuzz_reader.c: the format readers one by one.  The input is a message;
 * msg.c turns it into the struct bv_msg readers see (bv_msg_new), this
 * target checks what parser.h promises about it (UTF-8 text without NUL or
 * CR, caps on parts and depth), and offers it to every reader in order, or
 * only to the one named by $BV_FUZZ_READER ("INDEX-NAME" or a name), so
 * that each reader can be fuzzed as a target of its own.  BV_FUZZ_LIST=1
 * prints the readers as INDEX-NAME and exits (make fuzz uses it).  Records are classified and exported, and
 * the output checked, as in fuzz_parse.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tests/fuzz/fuzz.h"
#include "tests/fuzz/fuzzexport.h"

static const struct bv_reader	*only;	/* NULL: all, in order */

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	const char	*name = getenv("BV_FUZZ_READER");
	char		 id[64];
	size_t		 i;

	/* Several readers may share a record format name: a reader is
	 * "INDEX-NAME" (its place in bv_readers[]), or a name alone for the
	 * first of that name. */
	if (getenv("BV_FUZZ_LIST") != NULL) {
		for (i = 0; bv_readers[i] != NULL; i++)
			printf("%zu-%s\n", i, bv_readers[i]->name);
		exit(0);
	}
	if (name == NULL || *name == '\0')
		return 0;
	for (i = 0; bv_readers[i] != NULL && only == NULL; i++) {
		snprintf(id, sizeof(id), "%zu-%s", i, bv_readers[i]->name);
		if (strcmp(id, name) == 0 ||
		    strcmp(bv_readers[i]->name, name) == 0)
			only = bv_readers[i];
	}
	if (only == NULL) {
		fprintf(stderr, "fuzz_reader: no reader %s\n", name);
		exit(2);
	}
	return 0;
}

/* Is S[0..LEN) valid UTF-8 with no NUL (what msg.c promises readers)? */
static int
clean_text(const char *s, size_t len)
{
	size_t	 i, n;

	for (i = 0; i < len; i += n) {
		if (s[i] == '\0')
			return 0;
		if ((n = fuzz_utf8_len((const unsigned char *)s + i,
		    len - i)) == 0)
			return 0;
	}
	return 1;
}

/* The promises of msg.c's struct bv_msg (parser.h). */
static void
check_msg(const struct bv_msg *m)
{
	const struct bv_part	*p;
	size_t			 i;

	for (i = 0; i < m->nhdrs; i++)
		if (m->hdrs[i].name == NULL ||
		    !clean_text(bv_msg_header_value(m, i),
		    strlen(bv_msg_header_value(m, i))))
			fuzz_fail("msg: header value not clean UTF-8",
			    m->hdrs[i].name, m->hdrs[i].name ?
			    strlen(m->hdrs[i].name) : 0);
	if (m->nparts > BV_MIME_PARTS)
		fuzz_fail("msg: more parts than BV_MIME_PARTS", NULL, 0);
	for (i = 0; i < m->nparts; i++) {
		p = &m->parts[i];
		if (p->type == NULL || p->text == NULL)
			fuzz_fail("msg: part without type or text", NULL, 0);
		if (p->len > BV_PART_CAP || p->text[p->len] != '\0')
			fuzz_fail("msg: part text over the cap or unterminated",
			    p->type, strlen(p->type));
		if (!clean_text(p->text, p->len))
			fuzz_fail("msg: part text not UTF-8 or with a NUL",
			    p->text, p->len);
		if (memchr(p->text, '\r', p->len) != NULL)
			fuzz_fail("msg: part text with a CR", p->text, p->len);
		if (p->depth < 0 || p->depth > BV_MIME_DEPTH + 1)
			fuzz_fail("msg: part deeper than BV_MIME_DEPTH", NULL, 0);
	}
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
	struct bv_msg		*m;
	size_t			 i;
	char			*copy;

	memset(&list, 0, sizeof(list));
	/* The raw bytes end with a NUL after LEN, as a struct buf does. */
	copy = xmalloc(size + 1);
	memcpy(copy, data, size);
	copy[size] = '\0';
	m = bv_msg_new(copy, size);
	check_msg(m);
	if (only != NULL)
		try_reader(only, m, &list);
	else
		for (i = 0; bv_readers[i] != NULL; i++)
			try_reader(bv_readers[i], m, &list);
	bv_reclist_free(&list);
	bv_msg_free(m);
	free(copy);
	return 0;
}
