/*
 * fuzz_classify.c: the classifier with fuzzed facts.  The input is the
 * fields of struct bv_facts separated by NUL bytes, in the order below; an
 * empty field is NULL.  Holds the verdict to its promises: a reason from the
 * vocabulary, hard in {-1, 0, 1}, a terminated listed_ip, and an explanation
 * for whatever code it was given.
 */
#include <stdlib.h>
#include <string.h>

#include "tests/fuzz/fuzz.h"

#define NFIELDS	10

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct bv_code_info	 ci;
	struct bv_verdict	 v;
	struct bv_facts		 f;
	const char		*field[NFIELDS];
	char			*copy;
	size_t			 i, n = 0, start = 0;

	copy = xmalloc(size + 1);
	memcpy(copy, data, size);
	copy[size] = '\0';
	for (i = 0; i <= size && n < NFIELDS; i++) {
		if (i < size && copy[i] != '\0')
			continue;
		copy[i] = '\0';
		field[n++] = i > start ? copy + start : NULL;
		start = i + 1;
	}
	while (n < NFIELDS)
		field[n++] = NULL;

	memset(&f, 0, sizeof(f));
	f.status = field[0];
	f.reply_code = field[1];
	f.diagnostic = field[2];
	f.action = field[3];
	f.remote_mta = field[4];
	f.reporting_mta = field[5];
	f.recipient = field[6];
	f.format = field[7];
	f.hint_reason = field[8];
	f.command = field[9];

	memset(&v, 0xa5, sizeof(v));
	bv_classify(&f, &v);
	if (v.reason == NULL || bv_reason_lookup(v.reason) == NULL)
		fuzz_fail("classify: reason not in the vocabulary", v.reason,
		    v.reason ? strlen(v.reason) : 0);
	if (v.hard < -1 || v.hard > 1)
		fuzz_fail("classify: hard out of range", NULL, 0);
	if (memchr(v.listed_ip, '\0', sizeof(v.listed_ip)) == NULL)
		fuzz_fail("classify: listed_ip not terminated", NULL, 0);
	if (v.blocklist_url != NULL && v.blocklist == NULL)
		fuzz_fail("classify: a blocklist URL without a blocklist",
		    v.blocklist_url, strlen(v.blocklist_url));
	/* Strings the verdict points at must be readable. */
	if (v.rule != NULL)
		(void)strlen(v.rule);
	if (v.remediation != NULL)
		(void)strlen(v.remediation);
	if (v.status_hint != NULL)
		(void)strlen(v.status_hint);

	/* The lookups the interface does for every code shown. */
	for (i = 0; i < 3; i++) {
		if (field[i] != NULL && bv_code_lookup(field[i], &ci) == 0) {
			if (ci.meaning == NULL || ci.klass == NULL ||
			    memchr(ci.norm, '\0', sizeof(ci.norm)) == NULL)
				fuzz_fail("code lookup: incomplete answer",
				    field[i], strlen(field[i]));
		}
	}
	if (field[8] != NULL)
		(void)bv_reason_lookup(field[8]);
	free(copy);
	return 0;
}
