# catalog/: codes, reasons, rules, blocklists, advice.
noinst_LIBRARIES += libbvcatalog.a
libbvcatalog_a_SOURCES = \
	catalog/catalog.h \
	catalog/xmalloc.c \
	catalog/buf.c
