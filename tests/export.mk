# tests/export.mk: the glue every mode uses (load.c, pattern.c, export.c and
# the command line).  Unit tests of the pattern language and of the export's
# escaping and atomic files; shell tests that drive the real ./bounceview
# (fixtures against reviewed expected files in tests/expected/, exit
# statuses, --filter, -o, --help, no curses in the export).
if HAVE_CMOCKA
check_PROGRAMS += tests/test_pattern tests/test_export
TESTS += tests/test_pattern tests/test_export
endif
tests_test_pattern_SOURCES = tests/test_pattern.c
tests_test_pattern_CFLAGS = $(AM_CFLAGS) $(CMOCKA_CFLAGS)
tests_test_pattern_LDADD = libbvparser.a libbvcatalog.a $(ETPAN_LIBS) \
	$(CMOCKA_LIBS)
tests_test_export_SOURCES = tests/test_export.c
tests_test_export_CFLAGS = $(AM_CFLAGS) $(CMOCKA_CFLAGS)
tests_test_export_LDADD = libbvparser.a libbvcatalog.a $(ETPAN_LIBS) \
	$(CMOCKA_LIBS)

TESTS += tests/export_cli.sh tests/export_fixtures.sh
EXTRA_DIST += tests/export_cli.sh tests/export_fixtures.sh tests/expected

# make export-expected-update: rewrite tests/expected/ from the current
# program (after a deliberate change to the export; review the diff by hand
# before committing it, as tests/expected/README says).
export-expected-update: bounceview$(EXEEXT)
	top_srcdir='$(abs_top_srcdir)' top_builddir='$(abs_top_builddir)' \
	    BV_UPDATE_EXPECTED=1 $(SHELL) $(top_srcdir)/tests/export_fixtures.sh
.PHONY: export-expected-update
