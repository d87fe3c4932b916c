# parser/: mailboxes, MIME, bounce formats, records, patterns, export.
noinst_LIBRARIES += libbvparser.a
libbvparser_a_CFLAGS = $(AM_CFLAGS) $(ETPAN_CFLAGS)
libbvparser_a_SOURCES = \
	parser/parser.h
