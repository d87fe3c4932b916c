# tests/formats.mk: the readers of bounces without a delivery-status part
# (issue 5).  One test case per invented fixture in tests/fixtures/formats/
# (one or more per reader and MTA variant), and unit tests of the helpers,
# the transcript and JSON scanners, and hostile input.
if HAVE_CMOCKA
check_PROGRAMS += tests/test_formats
TESTS += tests/test_formats
endif
tests_test_formats_SOURCES = tests/test_formats.c
tests_test_formats_CPPFLAGS = $(AM_CPPFLAGS) \
	-DFIXTURES='"$(abs_top_srcdir)/tests/fixtures/formats"'
tests_test_formats_CFLAGS = $(AM_CFLAGS) $(CMOCKA_CFLAGS)
tests_test_formats_LDADD = libbvparser.a libbvcatalog.a $(ETPAN_LIBS) \
	$(CMOCKA_LIBS)

# --list-formats, the man page's list and the formats the fixtures give.
TESTS += tests/formats_cli.sh
EXTRA_DIST += tests/formats_cli.sh

# html.c: HTML-only notices to text, with hostile markup.
if HAVE_CMOCKA
check_PROGRAMS += tests/test_html
TESTS += tests/test_html
endif
tests_test_html_SOURCES = tests/test_html.c
tests_test_html_CFLAGS = $(AM_CFLAGS) $(CMOCKA_CFLAGS)
tests_test_html_LDADD = libbvparser.a libbvcatalog.a $(ETPAN_LIBS) \
	$(CMOCKA_LIBS)

# fmt_text.c's searches (bv_fmt_find, needle sets, folding) against plain
# reference versions on generated texts: the fast paths change no answer.
if HAVE_CMOCKA
check_PROGRAMS += tests/test_fmtsearch
TESTS += tests/test_fmtsearch
endif
tests_test_fmtsearch_SOURCES = tests/test_fmtsearch.c
tests_test_fmtsearch_CFLAGS = $(AM_CFLAGS) $(CMOCKA_CFLAGS)
tests_test_fmtsearch_LDADD = libbvparser.a libbvcatalog.a $(ETPAN_LIBS) \
	$(CMOCKA_LIBS)
