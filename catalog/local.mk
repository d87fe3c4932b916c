# catalog/: codes, reasons, rules, blocklists, advice.
#
# The knowledge lives in the text files CATALOG_FILES; catgen (built for
# this machine, never installed) checks them with the same reader the
# program uses for user rules and turns them into catalog/catdata.c.  A
# problem in any of them fails the build.
CATALOG_FILES = \
	catalog/replycodes.txt \
	catalog/enhanced.txt \
	catalog/reasons.txt \
	catalog/blocklists.txt \
	catalog/signals.txt \
	catalog/providers.txt \
	catalog/phrases.txt \
	catalog/fallbacks.txt

noinst_LIBRARIES += libbvcatalog.a
libbvcatalog_a_SOURCES = \
	catalog/catalog.h \
	catalog/catint.h \
	catalog/xmalloc.c \
	catalog/buf.c \
	catalog/hash.c \
	catalog/catfile.c \
	catalog/catcheck.c \
	catalog/catalog.c \
	catalog/match.c \
	catalog/ip.c \
	catalog/classify.c \
	catalog/explain.c
nodist_libbvcatalog_a_SOURCES = catalog/catdata.c

noinst_PROGRAMS += catgen
catgen_SOURCES = \
	catalog/catgen.c \
	catalog/catalog.h \
	catalog/catint.h \
	catalog/xmalloc.c \
	catalog/buf.c \
	catalog/catfile.c \
	catalog/catcheck.c

catalog/catdata.c: $(CATALOG_FILES) catgen$(EXEEXT)
	$(AM_V_GEN)$(MKDIR_P) catalog && \
	./catgen$(EXEEXT) -o $@.tmp -C $(srcdir) $(CATALOG_FILES) && \
	mv -f $@.tmp $@ || { rm -f $@.tmp; exit 1; }

CLEANFILES += catalog/catdata.c catalog/catdata.c.tmp
EXTRA_DIST += $(CATALOG_FILES) catalog/RULES.md
