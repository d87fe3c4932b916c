/*
 * main.c: the command line.  Reads the options, loads the user's rules and
 * runs one mode: the export, --explain, the listings, or the interactive
 * interface.  Only the last touches the terminal: everything else here is
 * plain stdio and never starts curses.
 */
#include "config.h"

#include <sys/stat.h>

#include <errno.h>
#include <getopt.h>
#ifdef HAVE_MALLOC_H
#include <malloc.h>
#endif
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "parser/parser.h"
#include "tui/tui.h"

#define EXIT_USAGE	2
#define FLUSH_AT	(1024 * 1024)	/* bytes of export held before writing */
#define STEP_MSGS	256		/* messages read between flushes */

enum mode {
	M_BROWSE,
	M_EXPORT,
	M_EXPLAIN,
	M_REASONS,
	M_RULES,
	M_FORMATS,
	M_HELP,
	M_VERSION,
};

struct opts {
	enum mode	 mode;
	int		 nmodes;	/* modes asked for: at most one */
	const char	*format;	/* --export=FORMAT */
	const char	*output;	/* -o FILE */
	const char	*filter;
	const char	*rules;
	const char	*config;
	const char	*test_screen;
	const char	*test_keys;
	int		 all;
	int		 no_color;
	char *const	*args;
	int		 nargs;
};

enum {
	O_EXPORT = 256, O_ALL, O_FILTER, O_RULES, O_CONFIG, O_NOCOLOR,
	O_EXPLAIN, O_REASONS, O_RULESLIST, O_FORMATS, O_TESTSCREEN, O_KEYS,
};

static const struct option longopts[] = {
	{ "export",	  required_argument,	NULL, O_EXPORT },
	{ "output",	  required_argument,	NULL, 'o' },
	{ "all",	  no_argument,		NULL, O_ALL },
	{ "filter",	  required_argument,	NULL, O_FILTER },
	{ "rules",	  required_argument,	NULL, O_RULES },
	{ "config",	  required_argument,	NULL, O_CONFIG },
	{ "no-color",	  no_argument,		NULL, O_NOCOLOR },
	{ "explain",	  no_argument,		NULL, O_EXPLAIN },
	{ "list-reasons", no_argument,		NULL, O_REASONS },
	{ "list-rules",	  no_argument,		NULL, O_RULESLIST },
	{ "list-formats", no_argument,		NULL, O_FORMATS },
	{ "help",	  no_argument,		NULL, 'h' },
	{ "version",	  no_argument,		NULL, 'V' },
	/* test mode of the interface (tests/tui_screens.sh), not for users */
	{ "test-screen",  required_argument,	NULL, O_TESTSCREEN },
	{ "keys",	  required_argument,	NULL, O_KEYS },
	{ NULL, 0, NULL, 0 }
};

static const char usage_text[] =
"usage: bounceview [options] MAILBOX...\n"
"       bounceview --export=json|csv [-o FILE] [--all] [--filter=PATTERN]\n"
"                  MAILBOX...\n"
"       bounceview --explain CODE|'DIAGNOSTIC LINE'...\n"
"       bounceview --list-reasons | --list-rules | --list-formats\n"
"\n"
"Inspect the bounces in MAILBOX (an mbox, a Maildir, a message file, a\n"
"directory of message files, or - for standard input).\n"
"\n"
"  --export=FORMAT    write one record per failed recipient as json (JSON\n"
"                     Lines) or csv (RFC 4180 with a header row); no terminal\n"
"  -o, --output=FILE  write the export to FILE atomically (never over an\n"
"                     input mailbox); default standard output\n"
"  --all              also list messages that are no bounces\n"
"  --filter=PATTERN   export only the records PATTERN matches (the pattern\n"
"                     language of the interface's limit; see bounceview(1))\n"
"  --rules=FILE       classification rules to add to the built-in ones\n"
"  --config=FILE      interface configuration instead of the default file\n"
"  --no-color         no colours in the interface (also NO_COLOR=1)\n"
"  --explain ARG...   what reply codes, enhanced status codes or quoted\n"
"                     diagnostic lines mean, and what to do\n"
"  --list-reasons     the reasons a failure is classified into\n"
"  --list-rules       the classification rules, built-in and yours\n"
"  --list-formats     the bounce formats a record's format can name\n"
"  -h, --help         this text\n"
"  -V, --version      the version\n"
"\n"
"Exit status: 0 success, 1 some input could not be read or the output not\n"
"written, 2 usage error.  See bounceview(1).\n";

static void	usage_error(const char *, ...)
		    __attribute__((format(printf, 1, 2), noreturn));
static void	bad_value(const char *, ...)
		    __attribute__((format(printf, 1, 2), noreturn));

static void	vusage(const char *, const char *, va_list)
		    __attribute__((format(printf, 2, 0), noreturn));

static void
vusage(const char *hint, const char *fmt, va_list ap)
{
	fputs("bounceview: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputs(hint, stderr);
	fputc('\n', stderr);
	exit(EXIT_USAGE);
}

/* A mistake in the command line's shape. */
static void
usage_error(const char *fmt, ...)
{
	va_list	 ap;

	va_start(ap, fmt);
	vusage(" (bounceview --help shows the options)", fmt, ap);
	va_end(ap);
}

/* An option's value that cannot be used. */
static void
bad_value(const char *fmt, ...)
{
	va_list	 ap;

	va_start(ap, fmt);
	vusage("", fmt, ap);
	va_end(ap);
}

static void
set_mode(struct opts *o, enum mode m)
{
	if (o->mode != m)
		o->nmodes++;
	o->mode = m;
}

static void
parse_options(struct opts *o, int argc, char **argv)
{
	int	 c;

	memset(o, 0, sizeof(*o));
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":ho:V", longopts, NULL)) != -1) {
		switch (c) {
		case O_EXPORT:
			set_mode(o, M_EXPORT);
			o->format = optarg;
			break;
		case 'o':
			o->output = optarg;
			break;
		case O_ALL:
			o->all = 1;
			break;
		case O_FILTER:
			o->filter = optarg;
			break;
		case O_RULES:
			o->rules = optarg;
			break;
		case O_CONFIG:
			o->config = optarg;
			break;
		case O_NOCOLOR:
			o->no_color = 1;
			break;
		case O_EXPLAIN:
			set_mode(o, M_EXPLAIN);
			break;
		case O_REASONS:
			set_mode(o, M_REASONS);
			break;
		case O_RULESLIST:
			set_mode(o, M_RULES);
			break;
		case O_FORMATS:
			set_mode(o, M_FORMATS);
			break;
		case O_TESTSCREEN:
			o->test_screen = optarg;
			break;
		case O_KEYS:
			o->test_keys = optarg;
			break;
		case 'h':
			o->mode = M_HELP;
			return;
		case 'V':
			o->mode = M_VERSION;
			return;
		case ':':
			usage_error("%s needs a value", argv[optind - 1]);
		default:
			if (optopt != 0)
				usage_error("unknown option -%c", optopt);
			usage_error("unknown option %s", argv[optind - 1]);
		}
	}
	o->args = argv + optind;
	o->nargs = argc - optind;
}

/* Options that mean nothing in the mode asked for are mistakes. */
static void
check_options(const struct opts *o)
{
	if (o->nmodes > 1)
		usage_error("--export, --explain, --list-reasons, "
		    "--list-rules and --list-formats exclude each other");
	if (o->mode != M_EXPORT && o->output != NULL)
		usage_error("-o works with --export");
	if (o->mode != M_EXPORT && o->filter != NULL)
		usage_error("--filter works with --export (in the interface, "
		    "the l key sets a limit)");
	if (o->mode == M_BROWSE && o->test_screen != NULL &&
	    o->test_keys == NULL)
		usage_error("--test-screen works with --keys");
	if ((o->mode == M_EXPORT || o->mode == M_BROWSE) && o->nargs == 0)
		usage_error("no mailbox given");
	if (o->mode == M_EXPLAIN && o->nargs == 0)
		usage_error("--explain needs a code or a diagnostic line");
	if ((o->mode == M_REASONS || o->mode == M_RULES ||
	    o->mode == M_FORMATS) && o->nargs > 0)
		usage_error("%s takes no arguments", o->mode == M_REASONS ?
		    "--list-reasons" : o->mode == M_RULES ? "--list-rules" :
		    "--list-formats");
}

/* ---- export ------------------------------------------------------------------- */

/* The temporary output file, removed when a signal ends the export. */
static volatile sig_atomic_t	 have_temp;
static char			 temp_path[4096];

static void
on_signal(int sig)
{
	if (have_temp)
		unlink(temp_path);
	signal(sig, SIG_DFL);
	raise(sig);
}

static void
catch_signals(const struct bv_outfile *of)
{
	static const int	 sigs[] = { SIGINT, SIGTERM, SIGHUP };
	const char		*tmp = bv_outfile_temp(of);
	size_t			 i;

	if (tmp == NULL || strlen(tmp) >= sizeof(temp_path))
		return;
	memcpy(temp_path, tmp, strlen(tmp) + 1);
	have_temp = 1;
	for (i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
		signal(sigs[i], on_signal);
}

/* Where the export goes: a file being written, or standard output. */
struct sink {
	struct bv_outfile	*of;
	const char		*name;
	int			 failed;
};

static void
sink_write(struct sink *k, struct buf *b)
{
	char		 err[600];
	const char	*p = b->s;
	size_t		 len = b->len;
	ssize_t		 n;

	if (k->failed || len == 0) {
		buf_reset(b);
		return;
	}
	if (k->of != NULL) {
		if (bv_outfile_write(k->of, p, len, err, sizeof(err)) == -1) {
			fprintf(stderr, "bounceview: %s\n", err);
			k->failed = 1;
		}
		buf_reset(b);
		return;
	}
	while (len > 0) {
		n = write(STDOUT_FILENO, p, len);
		if (n == -1 && errno == EINTR)
			continue;
		if (n <= 0) {
			fprintf(stderr, "bounceview: standard output: cannot "
			    "write: %s\n", n == 0 ? "no progress" :
			    strerror(errno));
			k->failed = 1;
			break;
		}
		p += n;
		len -= (size_t)n;
	}
	buf_reset(b);
}

/* "bounceview --export=json box >>box" would read its own output. */
static int
stdout_is_input(const struct bv_loader *l)
{
	struct stat	 st;

	return fstat(STDOUT_FILENO, &st) == 0 && S_ISREG(st.st_mode) &&
	    bv_loader_is_input(l, "/dev/fd/1");
}

static int
export(const struct opts *o)
{
	const struct bv_load_stats	*st;
	struct bv_pattern		*filter = NULL;
	struct bv_loader		*l;
	struct bv_reclist		 recs = { NULL, 0, 0 };
	struct bv_render		 rd;
	struct sink			 sink = { NULL, NULL, 0 };
	char				 err[600];
	size_t				 errpos = 0;
	int				 fmt, more = 1;

	fmt = strchr(o->format, '.') == NULL ? bv_export_format(o->format) :
	    -1;
	if (fmt < 0)
		bad_value("--export=%s: unknown format (json or csv)",
		    o->format);
	if (o->filter != NULL && (filter = bv_pattern_compile(o->filter, err,
	    sizeof(err), &errpos)) == NULL)
		bad_value("--filter=%s: at offset %zu: %s", o->filter, errpos,
		    err);
	l = bv_loader_new(o->args, o->nargs, o->all, stderr);
	if (o->output == NULL && stdout_is_input(l)) {
		bv_pattern_free(filter);
		bv_loader_free(l);
		bad_value("standard output is one of the input mailboxes; "
		    "not writing there (-o FILE writes a file)");
	}
	if (o->output != NULL) {
		if (bv_loader_is_input(l, o->output)) {
			bv_pattern_free(filter);
			bv_loader_free(l);
			bad_value("-o %s: is one of the input mailboxes (or "
			    "inside one); not writing there", o->output);
		}
		if ((sink.of = bv_outfile_open(o->output, l, err,
		    sizeof(err))) == NULL) {
			fprintf(stderr, "bounceview: %s\n", err);
			bv_pattern_free(filter);
			bv_loader_free(l);
			return 1;
		}
		catch_signals(sink.of);
	}
	/* The records become text where they are parsed, on both cores. */
	memset(&rd, 0, sizeof(rd));
	rd.fmt = (enum bv_exfmt)fmt;
	rd.filter = filter;
	bv_loader_render(l, &rd);
	bv_export_header(&rd.text, rd.fmt);
	while (more) {
		more = bv_loader_step(l, STEP_MSGS, &recs);
		if (rd.text.len >= FLUSH_AT)
			sink_write(&sink, &rd.text);
	}
	sink_write(&sink, &rd.text);
	if (sink.of != NULL) {
		if (sink.failed)
			bv_outfile_abort(sink.of);
		else if (bv_outfile_commit(sink.of, err, sizeof(err)) == -1) {
			fprintf(stderr, "bounceview: %s\n", err);
			sink.failed = 1;
		}
		have_temp = 0;
	}

	st = bv_loader_stats(l);
	fprintf(stderr, "bounceview: %llu messages, %llu bounces, %llu "
	    "records, %llu unreadable",
	    (unsigned long long)st->messages, (unsigned long long)st->bounces,
	    (unsigned long long)st->records,
	    (unsigned long long)st->unreadable);
	if (filter != NULL)
		fprintf(stderr, ", %llu matched the filter",
		    (unsigned long long)rd.matched);
	fputc('\n', stderr);
	more = sink.failed || st->badinputs > 0 || st->unreadable > 0;

	bv_reclist_free(&recs);
	buf_free(&rd.text);
	bv_pattern_free(filter);
	bv_loader_free(l);
	return more ? 1 : 0;
}

/* ---- the other modes ---------------------------------------------------------- */

/* The names @format= and the export's format field can have, one a line. */
static void
list_formats(void)
{
	const char	*names[256];
	size_t		 i, n = bv_format_names(names, 256);

	for (i = 0; i < n; i++)
		puts(names[i]);
}

static int
explain(const struct opts *o)
{
	int	 i, status = 0;

	for (i = 0; i < o->nargs; i++) {
		if (i > 0)
			putchar('\n');
		if (bv_explain(stdout, o->args[i]) != 0) {
			fflush(stdout);
			fprintf(stderr, "bounceview: --explain: '%s' is no "
			    "reply code, enhanced status code or diagnostic "
			    "line\n", o->args[i]);
			status = EXIT_USAGE;
		}
	}
	return status;
}

static int
browse(const struct opts *o)
{
	struct tui_options	 t;
	char			 x;

	memset(&t, 0, sizeof(t));
	t.args = o->args;
	t.nargs = o->nargs;
	t.config = o->config;
	t.no_color = o->no_color;
	t.all = o->all;
	t.test_keys = o->test_keys;
	if (o->test_screen != NULL && (sscanf(o->test_screen, "%dx%d%c",
	    &t.test_cols, &t.test_rows, &x) != 2 || t.test_cols < 1 ||
	    t.test_rows < 1 || t.test_cols > 1000 || t.test_rows > 1000))
		bad_value("--test-screen=%s: not COLSxROWS", o->test_screen);
	return tui_main(&t);
}

/* stdout may be a full disk or a closed pipe: say so, fail. */
static int
finish_stdout(int status)
{
	if (fflush(stdout) == EOF || ferror(stdout)) {
		fprintf(stderr, "bounceview: standard output: cannot write: "
		    "%s\n", strerror(errno));
		return status ? status : 1;
	}
	return status;
}

/*
 * Keep freed memory for the next allocation.  glibc maps a block of more
 * than 128 KB afresh (up to a threshold that moves) and unmaps it when it
 * is freed, and the interface's sorts allocate arrays of every record each
 * time: each 4 KB of them was a page fault again, 10-15 µs on a virtual
 * machine and most of a sort's time (sorting 150,000 records by date: 38
 * -> 3 ms).  Blocks up to 32 MB now come from the heap, which is not given
 * back below 128 MB of free space.  What a sort frees, the next one
 * takes: the interface's peak grew by 1 MB at 500 MB, but its resident
 * size no longer falls back after a sort.
 */
static void
keep_freed_memory(void)
{
#if defined(HAVE_MALLOPT) && defined(M_MMAP_THRESHOLD)
	mallopt(M_MMAP_THRESHOLD, 32 << 20);
	mallopt(M_TRIM_THRESHOLD, 128 << 20);
#endif
}

int
main(int argc, char **argv)
{
	struct opts	 o;
	int		 status;

	keep_freed_memory();
	parse_options(&o, argc, argv);
	if (o.mode == M_HELP) {
		fputs(usage_text, stdout);
		return finish_stdout(0);
	}
	if (o.mode == M_VERSION) {
		printf("%s\n", PACKAGE_STRING);
		return finish_stdout(0);
	}
	check_options(&o);

	/* the user's rules decide for every mode; problems are reported and
	 * the built-in catalog goes on */
	bv_catalog_load_default_user(stderr);
	if (o.rules != NULL)
		bv_catalog_load_user(o.rules, stderr);

	switch (o.mode) {
	case M_EXPORT:
		status = export(&o);
		break;
	case M_EXPLAIN:
		status = finish_stdout(explain(&o));
		break;
	case M_REASONS:
		bv_list_reasons(stdout);
		status = finish_stdout(0);
		break;
	case M_RULES:
		bv_list_rules(stdout);
		status = finish_stdout(0);
		break;
	case M_FORMATS:
		list_formats();
		status = finish_stdout(0);
		break;
	default:
		status = browse(&o);
		break;
	}
	bv_catalog_reset();
	return status;
}
