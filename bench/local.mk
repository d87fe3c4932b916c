# bench/: the benchmark (make bench); never part of make check.
#
# The generator, the floor scan and the timing wrapper are EXTRA_PROGRAMS:
# built only when `make bench` asks for them, never by `make` or `make
# check`.  bench/run.sh does the measuring; see bench/RESULTS.md.
BENCH_PROGS = bench/bvgen bench/floorscan bench/bvtime
EXTRA_PROGRAMS += $(BENCH_PROGS)
CLEANFILES += $(BENCH_PROGS)

bench_bvgen_SOURCES = \
	bench/gen.h \
	bench/gendsn.h \
	bench/bvgen.c \
	bench/genrand.c \
	bench/genreason.c \
	bench/genorig.c \
	bench/gendsn.c \
	bench/genmta.c
bench_bvgen_LDADD = libbvcatalog.a
bench_floorscan_SOURCES = bench/floorscan.c
bench_bvtime_SOURCES = bench/bvtime.c

EXTRA_DIST += bench/run.sh bench/RESULTS.md

# BENCH_DIR (default /tmp/bounceview-bench) keeps the generated mailboxes
# between runs; BENCH_RUNS sets the repetitions (median of at least 3).
bench: bounceview$(EXEEXT) $(BENCH_PROGS)
	BV=./bounceview$(EXEEXT) BVGEN=./bench/bvgen$(EXEEXT) \
	FLOORSCAN=./bench/floorscan$(EXEEXT) BVTIME=./bench/bvtime$(EXEEXT) \
	    $(SHELL) $(top_srcdir)/bench/run.sh

.PHONY: bench
