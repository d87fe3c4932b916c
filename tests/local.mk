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

# Whole directories of fixtures and expected outputs go into the tarball.
EXTRA_DIST += tests/fixtures
TESTS += tests/workers.sh
EXTRA_DIST += tests/workers.sh
EXTRA_DIST += tests/corpus-eval.sh tests/corpus-floor.txt tests/valgrind-check.sh

# make corpus-eval CORPUS=DIR: scores against a corpus with reference answers.
CORPUS = $(top_srcdir)/../shared/corpus/dev
corpus-eval: bounceview$(EXEEXT)
	top_srcdir='$(top_srcdir)' BOUNCEVIEW=./bounceview$(EXEEXT) \
	    $(SHELL) $(top_srcdir)/tests/corpus-eval.sh '$(CORPUS)'

# make valgrind-check: the export of every fixture under memcheck, no errors
# and no leaks allowed.
valgrind-check: bounceview$(EXEEXT)
	$(SHELL) $(top_srcdir)/tests/valgrind-check.sh ./bounceview$(EXEEXT) '$(top_srcdir)/tests/fixtures'

.PHONY: corpus-eval valgrind-check
