# tests/mailbox.mk: locating messages (parser/mailbox.c, issues 2 and 7).
# The proof that no mode of the program writes, locks or creates anything
# in or beside a mailbox, on the fixtures in tests/fixtures/mailboxes/.
TESTS += tests/readonly.sh
EXTRA_DIST += tests/readonly.sh
