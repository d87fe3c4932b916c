/*
 * fuzz.h: what the libFuzzer targets in tests/fuzz/ share.  Each fuzz_*.c
 * defines LLVMFuzzerTestOneInput; linked with -fsanitize=fuzzer it is a
 * fuzzer, linked with replay.c it replays files (make check).
 */
#ifndef BV_FUZZ_H
#define BV_FUZZ_H

#include <stddef.h>
#include <stdint.h>

#include "catalog/catalog.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);
/* Optional, run once before the first input; weak so targets may omit it. */
int	LLVMFuzzerInitialize(int *, char ***) __attribute__((weak));

/* A target found a broken promise: print WHAT and abort, so the fuzzer
 * keeps the input as a crash. */
void	fuzz_fail(const char *what, const char *detail, size_t len)
	    __attribute__((noreturn));

/* Write DATA to this process's scratch file (the same path every call) and
 * return the path; borrowed. */
const char	*fuzz_tempfile(const uint8_t *data, size_t len);

/* Length of the valid UTF-8 sequence at S (1 to 4), or 0 when it is not
 * valid (overlong, surrogate, past U+10FFFF, truncated). */
size_t	fuzz_utf8_len(const unsigned char *s, size_t left);
/* Is the UTF-8 sequence S (N bytes) a C1 control or a bidirectional
 * control, which must never reach a terminal or a spreadsheet raw? */
int	fuzz_is_hidden(const unsigned char *s, size_t n);
/* Append S with every invalid UTF-8 sequence replaced by U+FFFD. */
void	fuzz_add_utf8(struct buf *, const char *s, size_t len);

/* The export's promises: every line of TEXT is one JSON object in valid
 * UTF-8 with every control character escaped; TEXT is RFC 4180 CSV whose
 * records all have NFIELDS fields and no cell that a spreadsheet would
 * take for a formula.  Fail (abort) otherwise.  fuzz_csv_fields counts the
 * fields of the first record (the header row). */
void	fuzz_check_json(const char *text, size_t len);
void	fuzz_check_csv(const char *text, size_t len, size_t nfields);
size_t	fuzz_csv_fields(const char *text, size_t len);

#endif
