/*
 * readers.c: the order in which format readers are tried.  Specific readers
 * come before general ones: a feedback report before a DSN, a DSN before the
 * MTA-specific text readers, the generic fallback last.
 */
#include "parser/parser.h"

const struct bv_reader *const bv_readers[] = {
	&bv_reader_arf,
	&bv_reader_rfc3464,
	/* Bounces without a delivery-status part.  JSON notices and DSN
	 * fields written as text first: they say exactly what failed. */
	&bv_reader_amazonses,
	&bv_reader_dsntext,
	/* Sendmail and Postfix notices that are a session transcript, then
	 * the MTA- and provider-specific text notices (fmt_variants.c). */
	&bv_reader_transcript,
	&bv_reader_block,
	/* After every bounce format (an Exim bounce is "auto-replied" too),
	 * before the fallback (an auto-reply may say "could not"). */
	&bv_reader_autoreply,
	&bv_reader_generic,
	NULL,
};
