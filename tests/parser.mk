# tests/parser.mk: the message parser and the RFC 3464 / 5965 / 3834
# readers (issue 2).  Unit tests of decoding and the MIME walk, of code
# extraction, and of bounces to records on the invented fixtures in
# tests/fixtures/dsn/.
if HAVE_CMOCKA
check_PROGRAMS += tests/test_msg tests/test_dsn tests/test_codes \
	tests/test_loader tests/test_workers tests/test_batchread
TESTS += tests/test_msg tests/test_dsn tests/test_codes tests/test_loader \
	tests/test_workers tests/test_batchread
endif
PARSER_TEST_CPPFLAGS = $(AM_CPPFLAGS) \
	-DFIXTURES='"$(abs_top_srcdir)/tests/fixtures/dsn"'
PARSER_TEST_LDADD = libbvparser.a libbvcatalog.a $(ETPAN_LIBS) $(CMOCKA_LIBS)
tests_test_msg_SOURCES = tests/test_msg.c
tests_test_msg_CPPFLAGS = $(PARSER_TEST_CPPFLAGS)
tests_test_msg_CFLAGS = $(AM_CFLAGS) $(CMOCKA_CFLAGS)
tests_test_msg_LDADD = $(PARSER_TEST_LDADD)
tests_test_dsn_SOURCES = tests/test_dsn.c
tests_test_dsn_CPPFLAGS = $(PARSER_TEST_CPPFLAGS)
tests_test_dsn_CFLAGS = $(AM_CFLAGS) $(CMOCKA_CFLAGS)
tests_test_dsn_LDADD = $(PARSER_TEST_LDADD)
tests_test_codes_SOURCES = tests/test_codes.c
tests_test_codes_CFLAGS = $(AM_CFLAGS) $(CMOCKA_CFLAGS)
tests_test_codes_LDADD = $(PARSER_TEST_LDADD)
# The loader with and without worker processes, on every mailbox kind.
tests_test_loader_SOURCES = tests/test_loader.c
tests_test_loader_CPPFLAGS = $(AM_CPPFLAGS) \
	-DFIXTURES='"$(abs_top_srcdir)/tests/fixtures"'
tests_test_loader_CFLAGS = $(AM_CFLAGS) $(CMOCKA_CFLAGS)
tests_test_loader_LDADD = $(PARSER_TEST_LDADD)
# A worker reading a message from a file that shrank since it was located.
tests_test_workers_SOURCES = tests/test_workers.c
tests_test_workers_CFLAGS = $(AM_CFLAGS) $(CMOCKA_CFLAGS)
tests_test_workers_LDADD = $(PARSER_TEST_LDADD)
# Maildir files opened, read and closed in batches (io_uring).
tests_test_batchread_SOURCES = tests/test_batchread.c
tests_test_batchread_CFLAGS = $(AM_CFLAGS) $(CMOCKA_CFLAGS)
tests_test_batchread_LDADD = $(PARSER_TEST_LDADD)
