# tests/: cmocka unit tests and integration tests driving the real program.
# Each area keeps its tests in its own fragment.
TEST_EXTENSIONS = .sh
SH_LOG_COMPILER = $(SHELL)
AM_TESTS_ENVIRONMENT = top_srcdir='$(abs_top_srcdir)' top_builddir='$(abs_top_builddir)'; export top_srcdir top_builddir;
include tests/catalog.mk
include tests/mailbox.mk
include tests/parser.mk
include tests/export.mk
include tests/tui.mk
include tests/formats.mk
include tests/hostile.mk
