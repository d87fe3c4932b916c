/*
 * readers.c: the order in which format readers are tried.  Specific readers
 * come before general ones: a feedback report before a DSN, a DSN before the
 * MTA-specific text readers, the generic fallback last.
 *
 * Compiled with BV_READERS_DSN_ONLY, only the feedback-report and RFC 3464
 * readers are tried: the benchmark's baseline (bench/bvdsnonly) for what the
 * other readers add to the export time.
 */
#include <stddef.h>
#include <string.h>

#include "parser/parser.h"

const struct bv_reader *const bv_readers[] = {
	&bv_reader_arf,
	&bv_reader_rfc3464,
#ifndef BV_READERS_DSN_ONLY
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
#endif
	NULL,
};

/* NAME into OUT[0..*N) unless it is there already. */
static void
add_name(const char **out, size_t max, size_t *n, const char *name)
{
	size_t	 i;

	for (i = 0; i < *n; i++)
		if (strcmp(out[i], name) == 0)
			return;
	if (*n < max)
		out[(*n)++] = name;
}

size_t
bv_format_names(const char **out, size_t max)
{
	const char	*v;
	size_t		 i, k, n = 0;

	for (i = 0; bv_readers[i] != NULL; i++) {
		if (bv_readers[i] == &bv_reader_dsntext)
			for (k = 0; (v = bv_fmt_dsntext_name(k)) != NULL; k++)
				add_name(out, max, &n, v);
		if (bv_readers[i] == &bv_reader_transcript)
			for (k = 0; (v = bv_fmt_transcript_name(k)) != NULL;
			    k++)
				add_name(out, max, &n, v);
		if (bv_readers[i] != &bv_reader_block) {
			add_name(out, max, &n, bv_readers[i]->name);
			continue;
		}
		/* The text-block reader names each record after the variant
		 * that read it, never itself. */
		for (k = 0; (v = bv_fmt_variant_name(k)) != NULL; k++)
			add_name(out, max, &n, v);
	}
	return n;
}
