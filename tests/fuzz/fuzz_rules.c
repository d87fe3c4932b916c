/*
 * fuzz_rules.c: the user rules-file parser.  The input is written to a
 * scratch file and loaded over the built-in catalog; then a few bounces are
 * classified with it (user rules are tried first, so they run) and the
 * catalog is reset for the next input.  Classifying rebuilds the merged
 * catalog (its matcher: some 100 ms instrumented), so it is done for one
 * input in 32 (chosen by size, to stay reproducible); the parser and the
 * checker run on every input.
 */
#include <stdio.h>
#include <string.h>

#include "tests/fuzz/fuzz.h"

static FILE	*devnull;

static const struct bv_facts	 probes[] = {
	{ .status = "5.1.1", .reply_code = "550",
	  .diagnostic = "550 5.1.1 <a@example.org>: User unknown",
	  .action = "failed", .remote_mta = "mx.example.org",
	  .reporting_mta = "mx.example.net", .recipient = "a@example.org",
	  .format = "rfc3464", .command = "RCPT" },
	{ .reply_code = "554", .diagnostic = "554 5.7.1 Service unavailable; "
	  "Client host [192.0.2.1] blocked using zen.spamhaus.org",
	  .action = "failed", .recipient = "b@example.net" },
	{ .status = "4.2.2", .diagnostic = "452 mailbox full",
	  .action = "delayed" },
	{ .format = "autoreply", .hint_reason = "vacation" },
};

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	devnull = fopen("/dev/null", "w");
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct bv_code_info	 ci;
	struct bv_verdict	 v;
	const char		*path;
	size_t			 i;

	path = fuzz_tempfile(data, size);
	if (bv_catalog_load_user(path, devnull) < 0)
		fuzz_fail("rules: negative problem count", NULL, 0);
	if ((size & 31) != 0) {
		bv_catalog_reset();
		return 0;
	}
	for (i = 0; i < sizeof(probes) / sizeof(probes[0]); i++) {
		bv_classify(&probes[i], &v);
		if (v.reason == NULL || bv_reason_lookup(v.reason) == NULL)
			fuzz_fail("rules: verdict reason not in the vocabulary",
			    v.reason, v.reason ? strlen(v.reason) : 0);
		if (v.hard < -1 || v.hard > 1)
			fuzz_fail("rules: hard out of range", NULL, 0);
	}
	(void)bv_code_lookup("550", &ci);
	(void)bv_code_lookup("5.7.1", &ci);
	for (i = 0; i < bv_reason_count(); i++)
		if (bv_reason_at(i) == NULL || bv_reason_at(i)->name == NULL)
			fuzz_fail("rules: hole in the vocabulary", NULL, 0);
	bv_list_rules(devnull);
	bv_list_reasons(devnull);
	bv_catalog_reset();
	return 0;
}
