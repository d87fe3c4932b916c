# tui/: the only code that touches curses, and the program's main().
bounceview_SOURCES = tui/main.c
bounceview_CFLAGS = $(AM_CFLAGS) $(CURSES_CFLAGS)
bounceview_LDADD = libbvparser.a libbvcatalog.a $(ETPAN_LIBS) $(CURSES_LIBS)
