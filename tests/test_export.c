/*
 * test_export: the export's text and files.  JSON Lines: fixed field order,
 * null for absent values, every control character escaped, invalid UTF-8
 * replaced, U+2028/2029 and bidi controls escaped.  CSV: RFC 4180 quoting,
 * formulas neutralised, controls made visible.  Atomic files: the content
 * arrives whole, a failure says why and leaves nothing, inputs are refused.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "parser/parser.h"

static char	 dir[64];		/* scratch directory of a test */

static int
mkscratch(void **state)
{
	(void)state;
	snprintf(dir, sizeof(dir), "/tmp/bv-test-export.XXXXXX");
	if (mkdtemp(dir) == NULL)
		return -1;
	return 0;
}

static int
rmscratch(void **state)
{
	char	*cmd;
	int	 rc;

	(void)state;
	cmd = xasprintf("chmod -R u+w '%s' && rm -rf '%s'", dir, dir);
	rc = system(cmd);
	free(cmd);
	return rc == 0 ? 0 : -1;
}

/* Names in D but . and .., joined by spaces. */
static char *
listing(const char *d)
{
	struct buf	 b = { NULL, 0, 0 };
	struct dirent	*e;
	DIR		*dp = opendir(d);

	buf_adds(&b, "");
	if (dp == NULL)
		return buf_steal(&b);
	while ((e = readdir(dp)) != NULL) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		if (b.len > 0)
			buf_addc(&b, ' ');
		buf_adds(&b, e->d_name);
	}
	closedir(dp);
	return buf_steal(&b);
}

static char *
slurp(const char *path)
{
	struct buf	 b = { NULL, 0, 0 };
	char		 chunk[4096];
	size_t		 n;
	FILE		*f = fopen(path, "rb");

	if (f == NULL)
		return NULL;
	buf_adds(&b, "");
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		buf_add(&b, chunk, n);
	fclose(f);
	return buf_steal(&b);
}

static void
spew(const char *path, const char *text)
{
	FILE	*f = fopen(path, "w");

	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

/* A record with every field; static strings where the record borrows. */
static void
full_record(struct bv_record *r)
{
	memset(r, 0, sizeof(*r));
	r->loc.path = "box.mbox";
	r->loc.offset = 4096;
	r->loc.msgno = 3;
	r->rcpt = 2;
	r->format = "rfc3464";
	r->date = xstrdup("Mon, 2 Jun 2025 10:00:00 +0000");
	r->reporting_mta = xstrdup("mail.example.net");
	r->remote_mta = xstrdup("mx.example.org");
	r->recipient = xstrdup("alice@example.org");
	r->original_recipient = xstrdup("alice@example.org");
	r->action = xstrdup("failed");
	r->status = xstrdup("5.1.1");
	r->reply_code = xstrdup("550");
	r->diagnostic = xstrdup("smtp; 550 5.1.1 User unknown");
	r->reason = "userunknown";
	r->hard = 1;
	r->rule = "r1";
	r->blocklist = NULL;
	r->listed_ip = NULL;
	r->remediation = "Remove the address.";
	r->original.from = xstrdup("news@example.net");
	r->original.to = xstrdup("alice@example.org");
	r->original.subject = xstrdup("Hi");
	r->original.date = xstrdup("Mon, 2 Jun 2025 09:59:00 +0000");
	r->original.message_id = xstrdup("<1@example.net>");
}

static void
release(struct bv_record *r)
{
	r->format = r->reason = r->rule = r->remediation = NULL;
	r->blocklist = r->blocklist_url = NULL;
	bv_record_clear(r);
}

static char *
export1(enum bv_exfmt fmt, const struct bv_record *r)
{
	struct buf	 b = { NULL, 0, 0 };

	bv_export_record(&b, fmt, r);
	return buf_steal(&b);
}

/* The JSON string of DIAGNOSTIC for a record that has only that. */
static char *
json_diag(const char *diag)
{
	struct bv_record	 r;
	char			*line, *p, *q, *out;

	memset(&r, 0, sizeof(r));
	r.hard = -1;
	r.diagnostic = (char *)diag;
	line = export1(BV_EXPORT_JSON, &r);
	p = strstr(line, "\"diagnostic\":");
	assert_non_null(p);
	p += strlen("\"diagnostic\":");
	q = strstr(p, ",\"reason\":");
	assert_non_null(q);
	out = xstrndup(p, (size_t)(q - p));
	free(line);
	return out;
}

/* The CSV cell of DIAGNOSTIC (the 14th field) for a record with only it. */
static char *
csv_diag(const char *diag)
{
	struct bv_record	 r;
	char			*line, *p, *q, *out;
	int			 i;

	memset(&r, 0, sizeof(r));
	r.hard = -1;
	r.diagnostic = (char *)diag;
	line = export1(BV_EXPORT_CSV, &r);
	/* path, offset 0, msgno 0, rcpt 0 and nine empty fields */
	for (p = line, i = 0; i < 13; i++) {
		p = strchr(p, ',');
		assert_non_null(p);
		p++;
	}
	q = strstr(p, ",,,,,,,,,,,,,,,,,,\r\n");	/* reason .. command */
	assert_non_null(q);
	out = xstrndup(p, (size_t)(q - p));
	free(line);
	return out;
}

static void
json_fields_in_order(void **state)
{
	struct bv_record	 r;
	char			*line;

	(void)state;
	full_record(&r);
	line = export1(BV_EXPORT_JSON, &r);
	assert_string_equal(line,
	    "{\"path\":\"box.mbox\",\"offset\":4096,\"msgno\":3,\"rcpt\":2,"
	    "\"format\":\"rfc3464\","
	    "\"date\":\"Mon, 2 Jun 2025 10:00:00 +0000\","
	    "\"reporting_mta\":\"mail.example.net\","
	    "\"remote_mta\":\"mx.example.org\","
	    "\"recipient\":\"alice@example.org\","
	    "\"original_recipient\":\"alice@example.org\","
	    "\"action\":\"failed\",\"status\":\"5.1.1\",\"reply_code\":\"550\","
	    "\"diagnostic\":\"smtp; 550 5.1.1 User unknown\","
	    "\"reason\":\"userunknown\",\"hard\":true,\"rule\":\"r1\","
	    "\"blocklist\":null,\"listed_ip\":null,"
	    "\"remediation\":\"Remove the address.\","
	    "\"original\":{\"from\":\"news@example.net\","
	    "\"to\":\"alice@example.org\",\"subject\":\"Hi\","
	    "\"date\":\"Mon, 2 Jun 2025 09:59:00 +0000\","
	    "\"message_id\":\"<1@example.net>\"},"
	    "\"error\":null,\"feedback_type\":null,\"arrival_date\":null,"
	    "\"last_attempt_date\":null,\"blocklist_url\":null,"
	    "\"group\":\"recipient\",\"command\":null}\n");
	free(line);

	/* hard false and unknown; absent original fields; empty string */
	r.hard = 0;
	free(r.original.subject);
	r.original.subject = NULL;
	free(r.action);
	r.action = xstrdup("");
	line = export1(BV_EXPORT_JSON, &r);
	assert_non_null(strstr(line, "\"hard\":false,"));
	assert_non_null(strstr(line, "\"subject\":null,"));
	assert_non_null(strstr(line, "\"action\":\"\","));
	free(line);
	r.hard = -1;
	line = export1(BV_EXPORT_JSON, &r);
	assert_non_null(strstr(line, "\"hard\":null,"));
	free(line);
	release(&r);
}

/* The escaper copies plain runs a word at a time: a byte to escape or to
 * keep as it is, at any place of a long run, and around it. */
static void
json_escapes_in_runs(void **state)
{
	static const struct {
		const char	*in;
		const char	*out;
	} sp[] = {
		{ "\"", "\\\"" }, { "\\", "\\\\" }, { "\x01", "\\u0001" },
		{ "\x1f", "\\u001f" }, { "\x7f", "\\u007f" }, { " ", " " },
		{ "~", "~" }, { "\xc3\xa9", "\xc3\xa9" }, { "\xff", "\xef\xbf\xbd" },
	};
	char	 in[64], want[96], *got;
	size_t	 i, k;

	(void)state;
	for (i = 0; i < sizeof(sp) / sizeof(sp[0]); i++)
		for (k = 0; k <= 20; k++) {
			snprintf(in, sizeof(in), "%.*s%s%.*s", (int)k,
			    "abcdefghijklmnopqrstu", sp[i].in, (int)(20 - k),
			    "ABCDEFGHIJKLMNOPQRSTU");
			snprintf(want, sizeof(want), "\"%.*s%s%.*s\"", (int)k,
			    "abcdefghijklmnopqrstu", sp[i].out, (int)(20 - k),
			    "ABCDEFGHIJKLMNOPQRSTU");
			got = json_diag(in);
			assert_string_equal(got, want);
			free(got);
		}
}

/* The plain way to write S as a JSON string, a character at a time: the
 * reference the export's word-at-a-time escaper is held to. */
static char *
json_reference(const char *s)
{
	struct buf	 b = { NULL, 0, 0 };
	size_t		 len = strlen(s), n;
	uint32_t	 cp;

	buf_addc(&b, '"');
	for (; len > 0; s += n, len -= n) {
		if ((n = bv_utf8_decode(s, len, &cp)) == 0) {
			buf_adds(&b, "\xef\xbf\xbd");
			n = 1;
		} else if (cp == '\n')
			buf_adds(&b, "\\n");
		else if (cp == '\t')
			buf_adds(&b, "\\t");
		else if (cp == '\r')
			buf_adds(&b, "\\r");
		else if (cp == '"' || cp == '\\')
			buf_printf(&b, "\\%c", (char)cp);
		else if (bv_char_hidden(cp))
			buf_printf(&b, "\\u%04x", (unsigned)cp);
		else
			buf_add(&b, s, n);
	}
	buf_addc(&b, '"');
	return buf_steal(&b);
}

/* Strings of every length up to 40 mixing plain ASCII (mostly, so words
 * are whole and plain), quotes, controls, DEL, valid and broken UTF-8:
 * the export writes each as the reference does. */
static void
json_escapes_as_reference(void **state)
{
	static const char *const piece[] = {
		"a", "Z", " ", "~", "0", "abcdefgh", "\"", "\\", "\n", "\x01",
		"\x1f", "\x7f", "\xc3\xa9", "\xe2\x80\xae", "\xf0\x9f\x98\x80",
		"\xff", "\xc3", "\xe2\x82", "\xc2\x85", "/",
	};
	const size_t	 npiece = sizeof(piece) / sizeof(piece[0]);
	uint32_t	 seed = 12345;
	char		 in[256], *got, *want;
	size_t		 len, k, round, n;

	(void)state;
	for (round = 0; round < 2000; round++) {
		len = round % 41;
		for (n = 0; n < len;) {
			seed = seed * 1103515245u + 12345u;
			/* three in four pieces plain ASCII */
			k = (seed >> 16) % 4 != 0 ? (seed >> 20) % 6 :
			    (seed >> 20) % npiece;
			if (n + strlen(piece[k]) > len)
				k = 0;
			memcpy(in + n, piece[k], strlen(piece[k]));
			n += strlen(piece[k]);
		}
		in[n] = '\0';
		got = json_diag(in);
		want = json_reference(in);
		assert_string_equal(got, want);
		free(got);
		free(want);
	}
}

static void
json_escapes(void **state)
{
	static const struct {
		const char	*in;
		const char	*out;
	} c[] = {
		{ "plain", "\"plain\"" },
		{ "", "\"\"" },
		{ "q\"b\\s/", "\"q\\\"b\\\\s/\"" },
		{ "a\nb\tc\rd", "\"a\\nb\\tc\\rd\"" },
		{ "\x01\x1b[31mred\x7f", "\"\\u0001\\u001b[31mred\\u007f\"" },
		{ "\x08\x0c\x1f", "\"\\u0008\\u000c\\u001f\"" },
		/* C1, bidi, line and paragraph separators */
		{ "\xc2\x85\xc2\x9b", "\"\\u0085\\u009b\"" },
		{ "\xe2\x80\xae" "evil\xe2\x81\xa6", "\"\\u202eevil\\u2066\"" },
		{ "\xe2\x80\xa8\xe2\x80\xa9", "\"\\u2028\\u2029\"" },
		{ "\xd8\x9c\xe2\x80\x8e\xe2\x80\x8f", "\"\\u061c\\u200e\\u200f\"" },
		/* valid UTF-8 stays as it is */
		{ "caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80",
		  "\"caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80\"" },
		/* invalid: stray byte, overlong, surrogate, truncated, past
		 * U+10FFFF; one U+FFFD per byte */
		{ "a\xff" "b", "\"a\xef\xbf\xbd" "b\"" },
		{ "\xc0\xaf", "\"\xef\xbf\xbd\xef\xbf\xbd\"" },
		{ "\xed\xa0\x80", "\"\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\"" },
		{ "x\xe2\x82", "\"x\xef\xbf\xbd\xef\xbf\xbd\"" },
		{ "\xf4\x90\x80\x80",
		  "\"\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\"" },
	};
	size_t	 i;
	char	*got;

	(void)state;
	for (i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		got = json_diag(c[i].in);
		if (strcmp(got, c[i].out) != 0)
			fail_msg("case %zu: got %s, wanted %s", i, got,
			    c[i].out);
		free(got);
	}
	got = json_diag(NULL);
	assert_string_equal(got, "null");
	free(got);
}

static void
csv_cells(void **state)
{
	static const struct {
		const char	*in;
		const char	*out;
	} c[] = {
		{ "plain text", "plain text" },
		{ "550", "550" },
		{ "5.1.1", "5.1.1" },
		{ "a,b", "\"a,b\"" },
		{ "say \"hi\"", "\"say \"\"hi\"\"\"" },
		{ "two\nlines", "\"two\nlines\"" },
		{ "cr\r\nlf", "\"cr\r\nlf\"" },
		{ "tab\tinside", "tab\tinside" },
		/* formulas: a leading single quote inside quotes */
		{ "=HYPERLINK(\"x\")", "\"'=HYPERLINK(\"\"x\"\")\"" },
		{ "+1", "\"'+1\"" },
		{ "-1", "\"'-1\"" },
		{ "@SUM(A1)", "\"'@SUM(A1)\"" },
		{ "\tx", "\"'\tx\"" },
		{ "\rx", "\"'\rx\"" },
		{ "a=b", "a=b" },
		/* controls shown as control pictures, C1/bidi as U+FFFD */
		{ "\x1b[31mred", "\xe2\x90\x9b[31mred" },
		{ "nul\x01" "del\x7f", "nul\xe2\x90\x81" "del\xe2\x90\xa1" },
		{ "\xc2\x9b" "x\xe2\x80\xae", "\xef\xbf\xbd" "x\xef\xbf\xbd" },
		{ "line\xe2\x80\xa8sep", "line sep" },
		{ "bad\xff", "bad\xef\xbf\xbd" },
		{ "caf\xc3\xa9", "caf\xc3\xa9" },
	};
	size_t	 i;
	char	*got;

	(void)state;
	for (i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		got = csv_diag(c[i].in);
		if (strcmp(got, c[i].out) != 0)
			fail_msg("case %zu: got [%s], wanted [%s]", i, got,
			    c[i].out);
		free(got);
	}
}

static void
csv_rows(void **state)
{
	struct bv_record	 r;
	struct buf		 b = { NULL, 0, 0 };
	char			*line;

	(void)state;
	bv_export_header(&b, BV_EXPORT_CSV);
	assert_string_equal(b.s,
	    "path,offset,msgno,rcpt,format,date,reporting_mta,remote_mta,"
	    "recipient,original_recipient,action,status,reply_code,"
	    "diagnostic,reason,hard,rule,blocklist,listed_ip,remediation,"
	    "original_from,original_to,original_subject,original_date,"
	    "original_message_id,error,feedback_type,arrival_date,"
	    "last_attempt_date,blocklist_url,group,command\r\n");
	buf_free(&b);
	/* JSON has no header */
	bv_export_header(&b, BV_EXPORT_JSON);
	assert_int_equal(b.len, 0);

	full_record(&r);
	line = export1(BV_EXPORT_CSV, &r);
	assert_string_equal(line,
	    "box.mbox,4096,3,2,rfc3464,\"Mon, 2 Jun 2025 10:00:00 +0000\","
	    "mail.example.net,mx.example.org,alice@example.org,"
	    "alice@example.org,failed,5.1.1,550,smtp; 550 5.1.1 User unknown,"
	    "userunknown,true,r1,,,Remove the address.,news@example.net,"
	    "alice@example.org,Hi,\"Mon, 2 Jun 2025 09:59:00 +0000\","
	    "<1@example.net>,,,,,,recipient,\r\n");
	free(line);
	r.hard = 0;
	line = export1(BV_EXPORT_CSV, &r);
	assert_non_null(strstr(line, ",userunknown,false,r1,"));
	free(line);
	r.hard = -1;
	line = export1(BV_EXPORT_CSV, &r);
	assert_non_null(strstr(line, ",userunknown,,r1,"));
	free(line);
	release(&r);
}

static void
formats(void **state)
{
	(void)state;
	assert_int_equal(bv_export_format("json"), BV_EXPORT_JSON);
	assert_int_equal(bv_export_format("JSONL"), BV_EXPORT_JSON);
	assert_int_equal(bv_export_format("csv"), BV_EXPORT_CSV);
	assert_int_equal(bv_export_format("out.csv"), BV_EXPORT_CSV);
	assert_int_equal(bv_export_format("/tmp/x.y/out.jsonl"),
	    BV_EXPORT_JSON);
	assert_int_equal(bv_export_format("a.ndjson"), BV_EXPORT_JSON);
	assert_int_equal(bv_export_format("xml"), -1);
	assert_int_equal(bv_export_format("out.txt"), -1);
	assert_int_equal(bv_export_format("dir.csv/out"), -1);
	assert_int_equal(bv_export_format(""), -1);
	assert_int_equal(bv_export_format(NULL), -1);
}

static void
atomic_writes(void **state)
{
	struct stat	 st;
	char		 err[600], *path, *text, *ls;
	mode_t		 mask;

	(void)state;
	path = xasprintf("%s/out.json", dir);
	assert_int_equal(bv_write_atomic(path, "one\n", 4, NULL, err,
	    sizeof(err)), 0);
	text = slurp(path);
	assert_string_equal(text, "one\n");
	free(text);
	/* the mode the umask gives, not mkstemp's 0600 */
	mask = umask(022);
	umask(mask);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0666 & ~mask);

	/* over an existing file: replaced whole, its mode kept */
	chmod(path, 0640);
	assert_int_equal(bv_write_atomic(path, "two\n", 4, NULL, err,
	    sizeof(err)), 0);
	text = slurp(path);
	assert_string_equal(text, "two\n");
	free(text);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0640);
	ls = listing(dir);
	assert_string_equal(ls, "out.json");
	free(ls);
	free(path);

	/* a relative name goes beside the working directory's files */
	assert_int_equal(chdir(dir), 0);
	assert_int_equal(bv_write_atomic("rel.csv", "x", 1, NULL, err,
	    sizeof(err)), 0);
	assert_int_equal(stat("rel.csv", &st), 0);
	assert_int_equal(chdir("/"), 0);
}

/* Every failure: -1, one line naming the file and why, nothing left. */
static void
atomic_failures(void **state)
{
	char	 err[600], *path, *ls;

	(void)state;
	path = xasprintf("%s/nodir/out.json", dir);
	assert_int_equal(bv_write_atomic(path, "x", 1, NULL, err,
	    sizeof(err)), -1);
	assert_non_null(strstr(err, path));
	assert_non_null(strstr(err, "No such file or directory"));
	assert_null(strchr(err, '\n'));
	free(path);

	/* a directory in the way */
	path = xasprintf("%s/sub", dir);
	assert_int_equal(mkdir(path, 0755), 0);
	assert_int_equal(bv_write_atomic(path, "x", 1, NULL, err,
	    sizeof(err)), -1);
	assert_non_null(strstr(err, "is a directory"));
	free(path);
	path = xasprintf("%s/sub/", dir);
	assert_int_equal(bv_write_atomic(path, "x", 1, NULL, err,
	    sizeof(err)), -1);
	free(path);

	/* a file where a directory should be */
	path = xasprintf("%s/afile", dir);
	spew(path, "keep");
	free(path);
	path = xasprintf("%s/afile/out.json", dir);
	assert_int_equal(bv_write_atomic(path, "x", 1, NULL, err,
	    sizeof(err)), -1);
	assert_non_null(strstr(err, "Not a directory"));
	free(path);

	/* not a regular file: never renamed over */
	assert_int_equal(bv_write_atomic("/dev/null", "x", 1, NULL, err,
	    sizeof(err)), -1);
	assert_non_null(strstr(err, "not a regular file"));

	/* a read-only directory; root writes anyway, so only as a user */
	if (geteuid() != 0) {
		path = xasprintf("%s/sub", dir);
		assert_int_equal(chmod(path, 0555), 0);
		free(path);
		path = xasprintf("%s/sub/out.json", dir);
		assert_int_equal(bv_write_atomic(path, "x", 1, NULL, err,
		    sizeof(err)), -1);
		assert_non_null(strstr(err, "Permission denied"));
		free(path);
		path = xasprintf("%s/sub", dir);
		ls = listing(path);
		assert_string_equal(ls, "");
		free(ls);
		free(path);
	}

	/* no temporary file anywhere */
	ls = listing(dir);
	assert_null(strstr(ls, ".bv-"));
	assert_int_equal(strlen(ls), strlen("afile sub"));
	free(ls);
}

/* Written in steps, then abandoned: nothing is left, the old file stays. */
static void
outfile_steps(void **state)
{
	struct bv_outfile	*o;
	char			 err[600], *path, *text, *ls, *tmp;
	struct stat		 st;

	(void)state;
	path = xasprintf("%s/steps.csv", dir);
	spew(path, "old");
	o = bv_outfile_open(path, NULL, err, sizeof(err));
	assert_non_null(o);
	tmp = xstrdup(bv_outfile_temp(o));
	assert_int_equal(stat(tmp, &st), 0);
	assert_int_equal(bv_outfile_write(o, "new", 3, err, sizeof(err)), 0);
	bv_outfile_abort(o);
	assert_int_not_equal(stat(tmp, &st), 0);
	text = slurp(path);
	assert_string_equal(text, "old");
	free(text);

	o = bv_outfile_open(path, NULL, err, sizeof(err));
	assert_non_null(o);
	assert_int_equal(bv_outfile_write(o, "a", 1, err, sizeof(err)), 0);
	assert_int_equal(bv_outfile_write(o, "b", 1, err, sizeof(err)), 0);
	assert_int_equal(bv_outfile_commit(o, err, sizeof(err)), 0);
	text = slurp(path);
	assert_string_equal(text, "ab");
	free(text);
	ls = listing(dir);
	assert_string_equal(ls, "steps.csv");
	free(ls);
	free(tmp);
	free(path);
	bv_outfile_abort(NULL);
}

/*
 * -o never lands on an input: the file itself (also through a hard or a
 * symbolic link or another spelling of its path), a Maildir or message
 * directory, or a file inside one or inside a Maildir's cur/new/tmp.
 * Files beside an input mbox are fine.
 */
static void
refuses_inputs(void **state)
{
	struct bv_loader	*l;
	char			*args[2], *p, err[600];
	const char		*sub[] = { "cur", "new", "tmp" };
	size_t			 i;

	(void)state;
	args[0] = xasprintf("%s/in.mbox", dir);
	args[1] = xasprintf("%s/md", dir);
	spew(args[0], "From x\n\n");
	assert_int_equal(mkdir(args[1], 0755), 0);
	for (i = 0; i < 3; i++) {
		p = xasprintf("%s/%s", args[1], sub[i]);
		assert_int_equal(mkdir(p, 0755), 0);
		free(p);
	}
	p = xasprintf("%s/in-hard", dir);
	assert_int_equal(link(args[0], p), 0);
	free(p);
	p = xasprintf("%s/in-sym", dir);
	assert_int_equal(symlink("in.mbox", p), 0);
	free(p);

	l = bv_loader_new(args, 2, 0, NULL);
	assert_true(bv_loader_is_input(l, args[0]));
	p = xasprintf("%s/./in.mbox", dir);
	assert_true(bv_loader_is_input(l, p));
	free(p);
	p = xasprintf("%s/in-hard", dir);
	assert_true(bv_loader_is_input(l, p));
	free(p);
	p = xasprintf("%s/in-sym", dir);
	assert_true(bv_loader_is_input(l, p));
	free(p);
	assert_true(bv_loader_is_input(l, args[1]));
	for (i = 0; i < 3; i++) {
		p = xasprintf("%s/%s/out.json", args[1], sub[i]);
		assert_true(bv_loader_is_input(l, p));
		free(p);
	}
	p = xasprintf("%s/out.json", args[1]);
	assert_true(bv_loader_is_input(l, p));
	free(p);
	p = xasprintf("%s/out.json", dir);
	assert_false(bv_loader_is_input(l, p));
	/* bv_write_atomic and bv_outfile_open refuse the same */
	assert_int_equal(bv_write_atomic(args[0], "x", 1, l, err,
	    sizeof(err)), -1);
	assert_non_null(strstr(err, args[0]));
	p[0] = '\0';
	free(p);
	p = xasprintf("%s/cur/1.eml", args[1]);
	assert_null(bv_outfile_open(p, l, err, sizeof(err)));
	free(p);
	p = slurp(args[0]);
	assert_string_equal(p, "From x\n\n");
	free(p);
	bv_loader_free(l);
	bv_loader_free(NULL);
	free(args[0]);
	free(args[1]);
}

static void
oneline(void **state)
{
	struct buf	 b = { NULL, 0, 0 };

	(void)state;
	bv_text_oneline(&b, "a\x1b[2Jb\nc\xff\xc2\x9b\xe2\x80\xae\xc3\xa9");
	assert_string_equal(b.s, "a?[2Jb?c???\xc3\xa9");
	bv_text_oneline(&b, NULL);
	assert_string_equal(b.s, "a?[2Jb?c???\xc3\xa9");
	buf_free(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(json_fields_in_order),
		cmocka_unit_test(json_escapes),
		cmocka_unit_test(json_escapes_in_runs),
		cmocka_unit_test(json_escapes_as_reference),
		cmocka_unit_test(csv_cells),
		cmocka_unit_test(csv_rows),
		cmocka_unit_test(formats),
		cmocka_unit_test(oneline),
		cmocka_unit_test_setup_teardown(atomic_writes, mkscratch,
		    rmscratch),
		cmocka_unit_test_setup_teardown(atomic_failures, mkscratch,
		    rmscratch),
		cmocka_unit_test_setup_teardown(outfile_steps, mkscratch,
		    rmscratch),
		cmocka_unit_test_setup_teardown(refuses_inputs, mkscratch,
		    rmscratch),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
