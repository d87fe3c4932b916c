/*
 * readers.c: the order in which format readers are tried.  Specific readers
 * come before general ones: a feedback report before a DSN, a DSN before the
 * MTA-specific text readers, the generic fallback last.
 */
#include "parser/parser.h"

const struct bv_reader *const bv_readers[] = {
	&bv_reader_arf,
	&bv_reader_rfc3464,
	/* MTA-specific readers go here. */
	&bv_reader_autoreply,
	NULL,
};
