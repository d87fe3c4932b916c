/*
 * fuzz_parse.c: one message through the whole parser (libetpan MIME, the
 * DSN extraction and every reader in order), then classification and both
 * export formats.  Checks what bv_parse_message promises about its records.
 */
#include <stdlib.h>
#include <string.h>

#include "tests/fuzz/fuzz.h"
#include "tests/fuzz/fuzzexport.h"

static const char	 fuzz_path[] = "fuzz.mbox";

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct bv_reclist	 list;
	struct bv_msgloc	 loc;
	enum bv_msgkind		 kind;
	size_t			 i;
	char			*copy;

	memset(&list, 0, sizeof(list));
	memset(&loc, 0, sizeof(loc));
	loc.path = fuzz_path;
	loc.offset = (uint64_t)1 << 33;		/* past 4 GB: 64-bit offsets */
	loc.length = size;
	loc.msgno = 7;

	/* As the mailbox hands them over: in a struct buf, NUL after LEN. */
	copy = xmalloc(size + 1);
	memcpy(copy, data, size);
	copy[size] = '\0';
	kind = bv_parse_message(copy, size, &loc, &list);
	switch (kind) {
	case BV_MSG_NOTBOUNCE:
		break;
	case BV_MSG_BOUNCE:
		if (list.n == 0)
			fuzz_fail("parse: a bounce without records", NULL, 0);
		break;
	case BV_MSG_UNREADABLE:
		if (list.n != 1 || list.v[0].error == NULL)
			fuzz_fail("parse: unreadable is not one record with "
			    "an error", NULL, 0);
		break;
	default:
		fuzz_fail("parse: unknown message kind", NULL, 0);
	}
	for (i = 0; i < list.n; i++) {
		if (list.v[i].loc.offset != loc.offset ||
		    list.v[i].loc.msgno != loc.msgno ||
		    list.v[i].loc.path == NULL)
			fuzz_fail("parse: record location differs from the "
			    "message's", NULL, 0);
		if (list.v[i].rcpt < 1)
			fuzz_fail("parse: rcpt is not 1-based", NULL, 0);
	}
	fuzz_export_records(&list, 0);
	bv_reclist_free(&list);
	free(copy);
	return 0;
}
