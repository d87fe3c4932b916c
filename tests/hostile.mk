# tests/hostile.mk: robustness proof (issue 7): the bad-input suite, the
# replay of every input that ever crashed a fuzzer, and `make fuzz`.

# ---- fuzz targets -----------------------------------------------------------
# Each tests/fuzz/fuzz_T.c is linked twice: with libFuzzer as tests/fuzz/fuzz_T
# (only under --enable-fuzzing, built by make fuzz) and with a plain main as
# tests/fuzz/replay_T, which make check runs over tests/fuzz/regress/T/.
FUZZ_COMMON = tests/fuzz/fuzz.h tests/fuzz/fuzzutil.c
FUZZ_EXPORT = tests/fuzz/fuzzexport.h tests/fuzz/fuzz_export_check.c
FUZZ_CATLIBS = libbvcatalog.a
FUZZ_PARSERLIBS = libbvparser.a libbvcatalog.a $(ETPAN_LIBS)

FUZZ_TARGETS = classify rules pattern mbox parse reader
FUZZ_PROGS = \
	tests/fuzz/fuzz_classify tests/fuzz/fuzz_rules tests/fuzz/fuzz_pattern \
	tests/fuzz/fuzz_mbox tests/fuzz/fuzz_parse tests/fuzz/fuzz_reader
EXTRA_PROGRAMS = $(FUZZ_PROGS)
check_PROGRAMS += \
	tests/fuzz/replay_classify tests/fuzz/replay_rules \
	tests/fuzz/replay_pattern tests/fuzz/replay_mbox \
	tests/fuzz/replay_parse tests/fuzz/replay_reader

tests_fuzz_fuzz_classify_SOURCES = tests/fuzz/fuzz_classify.c $(FUZZ_COMMON)
tests_fuzz_fuzz_classify_LDADD = $(FUZZ_CATLIBS)
tests_fuzz_fuzz_classify_LDFLAGS = $(FUZZ_LDFLAGS)
tests_fuzz_replay_classify_SOURCES = tests/fuzz/fuzz_classify.c \
	tests/fuzz/replay.c $(FUZZ_COMMON)
tests_fuzz_replay_classify_LDADD = $(FUZZ_CATLIBS)

tests_fuzz_fuzz_rules_SOURCES = tests/fuzz/fuzz_rules.c $(FUZZ_COMMON)
tests_fuzz_fuzz_rules_LDADD = $(FUZZ_CATLIBS)
tests_fuzz_fuzz_rules_LDFLAGS = $(FUZZ_LDFLAGS)
tests_fuzz_replay_rules_SOURCES = tests/fuzz/fuzz_rules.c \
	tests/fuzz/replay.c $(FUZZ_COMMON)
tests_fuzz_replay_rules_LDADD = $(FUZZ_CATLIBS)

tests_fuzz_fuzz_pattern_SOURCES = tests/fuzz/fuzz_pattern.c $(FUZZ_COMMON)
tests_fuzz_fuzz_pattern_LDADD = $(FUZZ_PARSERLIBS)
tests_fuzz_fuzz_pattern_LDFLAGS = $(FUZZ_LDFLAGS)
tests_fuzz_replay_pattern_SOURCES = tests/fuzz/fuzz_pattern.c \
	tests/fuzz/replay.c $(FUZZ_COMMON)
tests_fuzz_replay_pattern_LDADD = $(FUZZ_PARSERLIBS)

tests_fuzz_fuzz_mbox_SOURCES = tests/fuzz/fuzz_mbox.c $(FUZZ_COMMON)
tests_fuzz_fuzz_mbox_LDADD = $(FUZZ_PARSERLIBS)
tests_fuzz_fuzz_mbox_LDFLAGS = $(FUZZ_LDFLAGS)
tests_fuzz_replay_mbox_SOURCES = tests/fuzz/fuzz_mbox.c \
	tests/fuzz/replay.c $(FUZZ_COMMON)
tests_fuzz_replay_mbox_LDADD = $(FUZZ_PARSERLIBS)

tests_fuzz_fuzz_parse_SOURCES = tests/fuzz/fuzz_parse.c $(FUZZ_COMMON) \
	$(FUZZ_EXPORT)
tests_fuzz_fuzz_parse_LDADD = $(FUZZ_PARSERLIBS)
tests_fuzz_fuzz_parse_LDFLAGS = $(FUZZ_LDFLAGS)
tests_fuzz_replay_parse_SOURCES = tests/fuzz/fuzz_parse.c \
	tests/fuzz/replay.c $(FUZZ_COMMON) $(FUZZ_EXPORT)
tests_fuzz_replay_parse_LDADD = $(FUZZ_PARSERLIBS)

tests_fuzz_fuzz_reader_SOURCES = tests/fuzz/fuzz_reader.c $(FUZZ_COMMON) \
	$(FUZZ_EXPORT)
tests_fuzz_fuzz_reader_LDADD = $(FUZZ_PARSERLIBS)
tests_fuzz_fuzz_reader_LDFLAGS = $(FUZZ_LDFLAGS)
tests_fuzz_replay_reader_SOURCES = tests/fuzz/fuzz_reader.c \
	tests/fuzz/replay.c $(FUZZ_COMMON) $(FUZZ_EXPORT)
tests_fuzz_replay_reader_LDADD = $(FUZZ_PARSERLIBS)

TESTS += tests/fuzz/replay.sh

# The checkers the targets hold the export to must themselves be right.
check_PROGRAMS += tests/fuzz/selftest
tests_fuzz_selftest_SOURCES = tests/fuzz/selftest.c $(FUZZ_COMMON)
tests_fuzz_selftest_LDADD = $(FUZZ_CATLIBS)
TESTS += tests/fuzz/selftest
EXTRA_DIST += tests/fuzz/replay.sh tests/fuzz/run.sh tests/fuzz/seeds.py \
	tests/fuzz/patterns.txt tests/fuzz/mime.dict tests/fuzz/pattern.dict \
	tests/fuzz/rules.dict tests/fuzz/README.md tests/fuzz/regress

# make fuzz FUZZ_SECONDS=N: every target N seconds (each reader N seconds);
# any crash, leak, timeout or broken promise fails.
FUZZ_SECONDS = 60
if ENABLE_FUZZING
fuzz: $(FUZZ_PROGS)
	top_srcdir='$(abs_top_srcdir)' top_builddir='$(abs_top_builddir)' \
	    $(SHELL) $(top_srcdir)/tests/fuzz/run.sh '$(FUZZ_SECONDS)' \
	    $(FUZZ_TARGETS)
else
fuzz:
	@echo "make fuzz: the fuzz targets need libFuzzer: run" >&2; \
	echo "  CC=clang ./configure --enable-fuzzing" >&2; \
	echo "and make fuzz again." >&2; \
	exit 1
endif
.PHONY: fuzz

clean-local: clean-fuzz
clean-fuzz:
	rm -rf tests/fuzz/corpus tests/fuzz/findings tests/fuzz/*.out \
	    tests/fuzz/fuzz.log
.PHONY: clean-fuzz

# ---- the bad-input suites ------------------------------------------------------
TESTS += tests/hostile.sh tests/hostile-big.sh tests/hostile-race.sh
# The files one by one: "tests/hostile" alone would be taken by make's
# built-in rule for tests/hostile.sh and copied as a script.
EXTRA_DIST += tests/hostile.sh tests/hostile-big.sh tests/hostile-race.sh \
	tests/hostile/bad-charset.eml \
	tests/hostile/binary.bin \
	tests/hostile/boundary-backslash.eml \
	tests/hostile/boundary-quote.eml \
	tests/hostile/check.py \
	tests/hostile/controls.eml \
	tests/hostile/csv-injection.eml \
	tests/hostile/csv-quoting.eml \
	tests/hostile/gen.py \
	tests/hostile/lib.sh \
	tests/hostile/nul-bytes.eml \
	tests/hostile/truncated-base64.eml \
	tests/hostile/valgrind.supp
