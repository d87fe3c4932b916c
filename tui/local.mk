# tui/: the only code that touches curses, and the program's main().
# libbvtui.a holds the interface so the unit tests link the same code.
noinst_LIBRARIES += libbvtui.a
libbvtui_a_CFLAGS = $(AM_CFLAGS) $(CURSES_CFLAGS)
libbvtui_a_SOURCES = \
	tui/tui.h \
	tui/tuiint.h \
	tui/ui.h \
	tui/actions.def \
	tui/sanitize.c \
	tui/wrap.c \
	tui/date.c \
	tui/doc.c \
	tui/store.c \
	tui/model.c \
	tui/records.c \
	tui/detail.c \
	tui/summary.c \
	tui/keys.c \
	tui/config.c \
	tui/script.c \
	tui/draw.c \
	tui/input.c \
	tui/view_main.c \
	tui/view_pager.c \
	tui/view_summary.c \
	tui/cmds.c \
	tui/tui.c

bounceview_SOURCES = tui/main.c
bounceview_CFLAGS = $(AM_CFLAGS) $(CURSES_CFLAGS)
bounceview_LDADD = libbvtui.a libbvparser.a libbvcatalog.a $(ETPAN_LIBS) $(CURSES_LIBS)

# The manual: options, export fields, patterns, exit statuses, files.
dist_man_MANS += tui/bounceview.1

# make screenshots: real runs of the interface on the sample mailbox in tmux,
# drawn into screenshots/*.png (needs tmux, python3, ImageMagick).  Not part
# of make check.
screenshots: bounceview$(EXEEXT)
	$(SHELL) $(top_srcdir)/screenshots/make-screenshots.sh \
	    ./bounceview$(EXEEXT) $(top_srcdir)/tests/fixtures/sample.mbox \
	    $(top_srcdir)/screenshots
.PHONY: screenshots
EXTRA_DIST += screenshots/make-screenshots.sh screenshots/ansi2png.py
