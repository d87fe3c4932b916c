# bench/: the benchmark (make bench); never part of make check.
#
# The generator, the floor scan, the timing wrapper, the DSN-only
# baseline and the page cost probe are EXTRA_PROGRAMS: built only when
# `make bench` asks for them, never by `make` or `make check`.
# bench/run.sh does the measuring; see bench/RESULTS.md.
BENCH_PROGS = bench/bvgen bench/floorscan bench/bvtime bench/bvdsnonly \
	bench/pagecost
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
bench_pagecost_SOURCES = bench/pagecost.c

# bounceview itself with a reader table of the feedback-report and RFC 3464
# readers only (parser/readers.c): what the other readers add to the export
# time is measured against it.  Its own readers.o comes before the library,
# so the library's is never linked.
bench_bvdsnonly_SOURCES = tui/main.c parser/readers.c
bench_bvdsnonly_CPPFLAGS = $(AM_CPPFLAGS) -DBV_READERS_DSN_ONLY
bench_bvdsnonly_CFLAGS = $(AM_CFLAGS) $(CURSES_CFLAGS) $(ETPAN_CFLAGS)
bench_bvdsnonly_LDADD = $(bounceview_LDADD)

EXTRA_DIST += bench/run.sh bench/RESULTS.md

# BENCH_DIR (default /tmp/bounceview-bench) keeps the generated mailboxes
# between runs; BENCH_RUNS sets the repetitions (median of at least 3).
bench: bounceview$(EXEEXT) $(BENCH_PROGS)
	BV=./bounceview$(EXEEXT) BVGEN=./bench/bvgen$(EXEEXT) \
	FLOORSCAN=./bench/floorscan$(EXEEXT) BVTIME=./bench/bvtime$(EXEEXT) \
	BVDSNONLY=./bench/bvdsnonly$(EXEEXT) PAGECOST=./bench/pagecost$(EXEEXT) \
	    $(SHELL) $(top_srcdir)/bench/run.sh

.PHONY: bench
