# tests/tui.mk: the interface.  Unit tests of its text handling and records
# (no terminal), screen tests that run the real program on a virtual screen
# with key scripts (tests/tui/*.keys against *.expected), and an end-to-end
# run inside tmux.
if HAVE_CMOCKA
check_PROGRAMS += tests/test_tui_text tests/test_tui_model tests/test_tui_store
TESTS += tests/test_tui_text tests/test_tui_model tests/test_tui_store
endif
tests_test_tui_text_SOURCES = tests/test_tui_text.c
tests_test_tui_text_CFLAGS = $(AM_CFLAGS) $(CMOCKA_CFLAGS) $(CURSES_CFLAGS)
tests_test_tui_text_LDADD = libbvtui.a libbvparser.a libbvcatalog.a \
	$(ETPAN_LIBS) $(CURSES_LIBS) $(CMOCKA_LIBS)
tests_test_tui_store_SOURCES = tests/test_tui_store.c
tests_test_tui_store_CFLAGS = $(AM_CFLAGS) $(CMOCKA_CFLAGS) $(CURSES_CFLAGS)
tests_test_tui_store_LDADD = libbvtui.a libbvparser.a libbvcatalog.a \
	$(ETPAN_LIBS) $(CURSES_LIBS) $(CMOCKA_LIBS)
tests_test_tui_model_SOURCES = tests/test_tui_model.c
tests_test_tui_model_CFLAGS = $(AM_CFLAGS) $(CMOCKA_CFLAGS) $(CURSES_CFLAGS)
tests_test_tui_model_LDADD = libbvtui.a libbvparser.a libbvcatalog.a \
	$(ETPAN_LIBS) $(CURSES_LIBS) $(CMOCKA_LIBS)

TESTS += tests/tui_screens.sh tests/tui_tmux.sh tests/tui_cursor.sh
EXTRA_DIST += tests/tui_screens.sh tests/tui_tmux.sh tests/tui_cursor.sh tests/tui

# make tui-screens-update: rewrite tests/tui/*.expected from the current
# program (after a deliberate change to what the screens show; review the
# diff before committing it).
tui-screens-update: bounceview$(EXEEXT)
	top_srcdir='$(abs_top_srcdir)' top_builddir='$(abs_top_builddir)' \
	    BV_UPDATE_SCREENS=1 $(SHELL) $(top_srcdir)/tests/tui_screens.sh
.PHONY: tui-screens-update
