# parser/: mailboxes, MIME, bounce formats, records, patterns, export.
noinst_LIBRARIES += libbvparser.a
libbvparser_a_CFLAGS = $(AM_CFLAGS) $(ETPAN_CFLAGS)
libbvparser_a_SOURCES = \
	parser/parser.h

# Messages to records: MIME walk and decoding, the RFC 3464 / 5965 / 3834
# readers, codes in diagnostics, the reader table and records.
libbvparser_a_SOURCES += \
	parser/mailbox.c \
	parser/mbox.c \
	parser/maildir.c \
	parser/batchread.c \
	parser/mbint.h \
	parser/msg.c \
	parser/decode.c \
	parser/codes.c \
	parser/dsn.c \
	parser/arf.c \
	parser/autoreply.c \
	parser/readers.c \
	parser/parse.c \
	parser/record.c

# Bounces without a delivery-status part: text helpers, the text-block
# engine and its MTA variants, transcripts, DSN fields in text, JSON notices,
# the multilingual phrase table and the generic fallback.
libbvparser_a_SOURCES += \
	parser/fmt_text.c \
	parser/fmt_block.c \
	parser/fmt_variants.c \
	parser/fmt_transcript.c \
	parser/fmt_dsntext.c \
	parser/fmt_json.c \
	parser/fmt_phrases.c \
	parser/fmt_generic.c \
	parser/html.c

# Mailboxes to records in steps, the pattern language, JSON/CSV export and
# atomic output files.
libbvparser_a_SOURCES += \
	parser/load.c \
	parser/workers.c \
	parser/pattern.c \
	parser/export.c
