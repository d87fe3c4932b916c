# tests/mailbox.mk: locating messages (parser/mailbox.c, issues 2 and 7).
# Unit tests of splitting, Maildir and directory listing, standard input,
# changing files, the size cap and 64-bit offsets; and the proof that no
# mode of the program writes, locks or creates anything in or beside a
# mailbox, on the fixtures in tests/fixtures/mailboxes/.
if HAVE_CMOCKA
check_PROGRAMS += tests/test_mailbox
TESTS += tests/test_mailbox
endif
tests_test_mailbox_SOURCES = tests/test_mailbox.c
tests_test_mailbox_CPPFLAGS = $(AM_CPPFLAGS) \
	-DFIXTURES='"$(abs_top_srcdir)/tests/fixtures/mailboxes"'
tests_test_mailbox_CFLAGS = $(AM_CFLAGS) $(CMOCKA_CFLAGS)
tests_test_mailbox_LDADD = libbvparser.a libbvcatalog.a $(ETPAN_LIBS) \
	$(CMOCKA_LIBS)

TESTS += tests/readonly.sh
EXTRA_DIST += tests/readonly.sh
