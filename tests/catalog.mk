# tests/catalog.mk: the catalog (issue 3).  Unit tests of the tables, the
# user rules files, the classifier and --explain; a check that catgen
# refuses a broken catalog file, so a bad edit fails the build; and the
# catalog's options through the real program.
if HAVE_CMOCKA
check_PROGRAMS += tests/test_catalog_tables tests/test_catalog_user \
	tests/test_catalog_classify tests/test_catalog_explain \
	tests/test_catalog_battery
TESTS += tests/test_catalog_tables tests/test_catalog_user \
	tests/test_catalog_classify tests/test_catalog_explain \
	tests/test_catalog_battery
endif
tests_test_catalog_tables_SOURCES = tests/test_catalog_tables.c
tests_test_catalog_tables_CFLAGS = $(AM_CFLAGS) $(CMOCKA_CFLAGS)
tests_test_catalog_tables_LDADD = libbvcatalog.a $(CMOCKA_LIBS)
tests_test_catalog_user_SOURCES = tests/test_catalog_user.c
tests_test_catalog_user_CFLAGS = $(AM_CFLAGS) $(CMOCKA_CFLAGS)
tests_test_catalog_user_LDADD = libbvcatalog.a $(CMOCKA_LIBS)
tests_test_catalog_classify_SOURCES = tests/test_catalog_classify.c
tests_test_catalog_classify_CFLAGS = $(AM_CFLAGS) $(CMOCKA_CFLAGS)
tests_test_catalog_classify_LDADD = libbvcatalog.a $(CMOCKA_LIBS)
tests_test_catalog_explain_SOURCES = tests/test_catalog_explain.c
tests_test_catalog_explain_CFLAGS = $(AM_CFLAGS) $(CMOCKA_CFLAGS)
tests_test_catalog_explain_LDADD = libbvcatalog.a $(CMOCKA_LIBS)
# The battery of diagnostic lines in tests/fixtures/rules/diagnostics.tsv.
tests_test_catalog_battery_SOURCES = tests/test_catalog_battery.c
tests_test_catalog_battery_CFLAGS = $(AM_CFLAGS) $(CMOCKA_CFLAGS)
tests_test_catalog_battery_LDADD = libbvcatalog.a $(CMOCKA_LIBS)

TESTS += tests/catalog_catgen.sh tests/catalog_cli.sh
EXTRA_DIST += tests/catalog_catgen.sh tests/catalog_cli.sh
