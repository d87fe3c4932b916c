/*
 * test_catalog_user: user rules files.  Entries override the built-in
 * ones, malformed lines are reported as FILE:LINE: what, the good entries
 * of a bad file are still used, and the default file is found through
 * XDG_CONFIG_HOME or HOME.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "catalog/catint.h"

static char *
fixture(const char *name)
{
	const char	*top = getenv("top_srcdir");

	return xasprintf("%s/tests/fixtures/rules/%s", top ? top : ".", name);
}

static void
classify_text(const char *diag, struct bv_verdict *v)
{
	struct bv_facts	 f;

	memset(&f, 0, sizeof(f));
	f.diagnostic = diag;
	bv_classify(&f, v);
}

static int
reset(void **state)
{
	(void)state;
	bv_catalog_reset();
	return 0;
}

static void
user_entries_override(void **state)
{
	struct bv_verdict	 v;
	struct bv_code_info	 info;
	const struct cat_rule	*r;
	char			*path = fixture("override.rules");
	int			 n;

	(void)state;
	n = bv_catalog_load_user(path, stderr);
	assert_int_equal(n, 0);

	/* A rule of the user's own. */
	classify_text("550 Message quarantined by example policy", &v);
	assert_string_equal(v.rule, "local-quarantine");
	assert_string_equal(v.reason, "policyviolation");
	assert_string_equal(v.remediation,
	    "Ask helpdesk@example.org to release the message.");

	/* A replaced built-in: the user's version decides, hard as asked. */
	classify_text("552 5.2.2 mailbox full", &v);
	assert_string_equal(v.rule, "mailbox-full");
	assert_string_equal(v.reason, "mailboxfull");
	assert_int_equal(v.hard, 1);
	r = cat_rule_by_id("mailbox-full");
	assert_string_equal(r->at.file, path);
	/* ... and the built-in's other texts no longer count. */
	classify_text("552 user is over quota", &v);
	assert_string_not_equal(v.rule, "mailbox-full");

	/* The reason's advice was changed. */
	assert_string_equal(v.reason, "mailboxfull");
	assert_string_equal(bv_reason_lookup("mailboxfull")->advice,
	    "Our own advice: call the recipient.");
	assert_string_equal(v.remediation,
	    "Our own advice: call the recipient.");

	/* A disabled built-in no longer fires. */
	classify_text("550-5.1.1 The email account that you tried to reach "
	    "does not exist. https://support.google.com/mail/?p=NoSuchUser",
	    &v);
	assert_string_equal(v.reason, "userunknown");
	assert_string_not_equal(v.rule, "gmail-nosuchuser");
	assert_null(cat_rule_by_id("gmail-nosuchuser"));

	/* A user blocklist is recognised, before the built-in ones. */
	classify_text("554 5.7.1 Client host [192.0.2.9] blocked using "
	    "bl.example.net", &v);
	assert_string_equal(v.blocklist, "Example local list");
	assert_string_equal(v.blocklist_url, "https://bl.example.net/lookup");
	assert_string_equal(v.listed_ip, "192.0.2.9");
	assert_string_equal(v.reason, "blocked");

	/* Codes: changed fields only, the rest stays. */
	assert_int_equal(bv_code_lookup("550", &info), 0);
	assert_string_equal(info.advice, "Local advice for 550.");
	assert_non_null(info.meaning);
	assert_int_equal(bv_code_lookup("4.7.1", &info), 0);
	assert_string_equal(info.meaning, "Refused by policy (local wording).");
	assert_non_null(info.advice);

	/* User rules come first in the listing. */
	assert_string_equal(cat_rule_at(0)->id, "local-quarantine");

	/* Back to the built-in catalog. */
	bv_catalog_reset();
	assert_non_null(cat_rule_by_id("gmail-nosuchuser"));
	assert_string_not_equal(bv_reason_lookup("mailboxfull")->advice,
	    "Our own advice: call the recipient.");
	classify_text("552 5.2.2 mailbox full", &v);
	assert_int_equal(v.hard, 0);
	free(path);
}

static const char *const malformed_expected[] = {
	":1: indented line outside an entry (start one with \"rule NAME\" at "
	    "the start of a line)",
	":2: unknown entry \"rulez\" (expected reply, enhanced, reason, "
	    "blocklist or rule)",
	":5: unknown key \"txt\" in a rule entry",
	":8: text must be in \"double quotes\"",
	":11: missing closing quote",
	":14: bad status pattern \"5.1\"",
	":17: bad reply code pattern \"5555\"",
	":21: unknown reason \"nosuchreason\" (see --list-reasons)",
	":29: hard must be yes or no, not \"maybe\"",
	":36: text \"ab\" is too short to match safely (at least 3 "
	    "characters)",
	":39: unknown blocklist \"nosuchlist\" (any, none, refused or a "
	    "blocklist name)",
	":44: also needs a text line before it",
	":47: unknown escape \\n (only \\\" and \\\\)",
	":49: unexpected \"words\" after the rule name (attributes go on "
	    "indented lines)",
	":51: bad rule name \"-dash\"",
	":30: \"brandnew\" is not in the reason vocabulary (see "
	    "--list-reasons); user files may change reasons, not add them",
	":22: rule no-reason has no reason",
	":24: rule no-condition has no condition (status, reply, text, host, "
	    "format, action, command, hint or blocklist)",
	":41: rule no-such-builtin disables a rule that does not exist",
	":56: rule good-one already defined at ",
	NULL
};

static void
malformed_file_reports_lines(void **state)
{
	struct bv_verdict	 v;
	char			*path = fixture("malformed.rules");
	char			*out = NULL, *line, *save = NULL;
	size_t			 outlen = 0, i;
	FILE			*errs = open_memstream(&out, &outlen);
	int			 n;

	(void)state;
	assert_non_null(errs);
	n = bv_catalog_load_user(path, errs);
	fclose(errs);
	i = 0;
	for (line = strtok_r(out, "\n", &save); line != NULL;
	    line = strtok_r(NULL, "\n", &save), i++) {
		if (malformed_expected[i] == NULL)
			fail_msg("unexpected message: %s", line);
		assert_true(strncmp(line, path, strlen(path)) == 0);
		if (strncmp(line + strlen(path), malformed_expected[i],
		    strlen(malformed_expected[i])) != 0)
			fail_msg("got \"%s\"\nwant \"%s%s\"", line, path,
			    malformed_expected[i]);
	}
	assert_null(malformed_expected[i]);
	assert_int_equal(n, (int)i);

	/* The good entry is in use, the broken ones are not. */
	classify_text("550 this line is fine", &v);
	assert_string_equal(v.rule, "good-one");
	assert_null(cat_rule_by_id("unknown-key"));
	assert_null(cat_rule_by_id("bad-reason"));
	assert_null(bv_reason_lookup("brandnew"));
	/* The built-in catalog still works. */
	classify_text("550 5.1.1 <nobody@example.org>: User unknown", &v);
	assert_string_equal(v.reason, "userunknown");
	free(out);
	free(path);
}

static void
missing_file_is_one_problem(void **state)
{
	char	*out = NULL;
	size_t	 outlen = 0;
	FILE	*errs = open_memstream(&out, &outlen);

	(void)state;
	assert_int_equal(bv_catalog_load_user("/nonexistent/bv-rules", errs),
	    1);
	fclose(errs);
	assert_string_equal(out,
	    "/nonexistent/bv-rules: No such file or directory\n");
	free(out);
}

static void
default_file_from_xdg_or_home(void **state)
{
	struct bv_verdict	 v;
	char			 dir[] = "/tmp/bv-catalog-test-XXXXXX";
	char			*sub, *file, *path;
	FILE			*fp;

	(void)state;
	assert_non_null(mkdtemp(dir));
	sub = xasprintf("%s/bounceview", dir);
	file = xasprintf("%s/rules", sub);

	/* XDG_CONFIG_HOME wins when absolute. */
	setenv("XDG_CONFIG_HOME", dir, 1);
	setenv("HOME", "/nonexistent-home", 1);
	path = bv_catalog_default_path();
	assert_string_equal(path, file);
	free(path);
	/* No file: nothing loaded, nothing said. */
	assert_int_equal(bv_catalog_load_default_user(stderr), 0);

	assert_int_equal(mkdir(sub, 0700), 0);
	fp = fopen(file, "w");
	assert_non_null(fp);
	fputs("rule site-local\n\ttext \"example site words\"\n"
	    "\treason filtered\n", fp);
	fclose(fp);
	assert_int_equal(bv_catalog_load_default_user(stderr), 0);
	classify_text("550 example site words", &v);
	assert_string_equal(v.rule, "site-local");

	/* A relative XDG_CONFIG_HOME is ignored: HOME/.config is used. */
	setenv("XDG_CONFIG_HOME", "relative/dir", 1);
	setenv("HOME", "/home/someone", 1);
	path = bv_catalog_default_path();
	assert_string_equal(path, "/home/someone/.config/bounceview/rules");
	free(path);
	unsetenv("HOME");
	unsetenv("XDG_CONFIG_HOME");
	assert_null(bv_catalog_default_path());

	unlink(file);
	rmdir(sub);
	rmdir(dir);
	free(sub);
	free(file);
}

/* A file cannot make the matcher's table grow without bound. */
static void
text_volume_is_capped(void **state)
{
	struct cat_set	 set;
	struct buf	 b = { NULL, 0, 0 };
	char		*out = NULL;
	size_t		 outlen = 0, i;
	FILE		*errs = open_memstream(&out, &outlen);
	int		 n;

	(void)state;
	for (i = 0; i < 1000; i++)
		buf_printf(&b, "rule r%zu\n\ttext \"%0100zu\"\n"
		    "\treason blocked\n", i, i);
	memset(&set, 0, sizeof(set));
	n = cat_parse(&set, &cat_builtin, "big", b.s, b.len, errs);
	fclose(errs);
	assert_true(n > 0);
	assert_true(set.nrules < 1000);
	assert_true(set.nrules >= 600);
	assert_non_null(strstr(out, "more than 64 KB of texts in one file"));
	cat_set_free(&set);
	buf_free(&b);
	free(out);
}

static void
parse_from_memory(void **state)
{
	struct cat_set	 set;
	const char	 text[] =
	    "\xef\xbb\xbf# comment after a byte order mark\r\n"
	    "rule crlf-file\r\n"
	    "\ttext \"one\\\"quote\" \"two\"\r\n"
	    "\ttext \"three\"\r\n"
	    "\talso \"four\"\r\n"
	    "\treason blocked\r\n"
	    "\tadvice first half\r\n"
	    "\tadvice second half\r\n";

	(void)state;
	memset(&set, 0, sizeof(set));
	assert_int_equal(cat_parse(&set, &cat_builtin, "mem", text,
	    sizeof(text) - 1, NULL), 0);
	assert_int_equal(set.nrules, 1);
	assert_string_equal(set.rules[0].id, "crlf-file");
	/* Repeated text adds alternatives; "also" adds a clause. */
	assert_string_equal(set.rules[0].text[0][0], "one\"quote");
	assert_string_equal(set.rules[0].text[0][1], "two");
	assert_string_equal(set.rules[0].text[0][2], "three");
	assert_null(set.rules[0].text[0][3]);
	assert_string_equal(set.rules[0].text[1][0], "four");
	assert_null(set.rules[0].text[2]);
	assert_string_equal(set.rules[0].advice, "first half second half");
	assert_int_equal(set.rules[0].at.line, 2);
	assert_int_equal(set.rules[0].hard, -1);
	cat_set_free(&set);
	cat_set_free(NULL);
}

/* The example of RULES.md (the documentation of the format) is a valid
 * rules file, and does what its comments say. */
static void
documented_example_loads(void **state)
{
	const char	*top = getenv("top_srcdir");
	char		*path = xasprintf("%s/catalog/RULES.md",
			    top ? top : ".");
	char		 tmpl[] = "/tmp/bv-rules-example-XXXXXX";
	char		 line[1024];
	FILE		*in, *out;
	int		 fd, inside = 0, seen = 0;
	struct bv_facts	 f;
	struct bv_verdict v;

	(void)state;
	in = fopen(path, "r");
	assert_non_null(in);
	fd = mkstemp(tmpl);
	assert_true(fd >= 0);
	out = fdopen(fd, "w");
	while (fgets(line, sizeof(line), in) != NULL) {
		if (strcmp(line, "## Example\n") == 0)
			seen = 1;
		else if (seen && strncmp(line, "```", 3) == 0)
			inside = !inside;
		else if (inside)
			fputs(line, out);
	}
	fclose(in);
	fclose(out);
	assert_int_equal(bv_catalog_load_user(tmpl, stderr), 0);
	unlink(tmpl);
	memset(&f, 0, sizeof(f));
	f.diagnostic = "550 5.7.1 Message held in quarantine";
	f.remote_mta = "dns; mx.example.net";
	bv_classify(&f, &v);
	assert_string_equal(v.rule, "example-quarantine");
	f.diagnostic = "554 Client host [192.0.2.4] blocked using "
	    "dnsbl.example.org";
	bv_classify(&f, &v);
	assert_string_equal(v.blocklist, "Example DNSBL");
	assert_null(cat_rule_by_id("au-filtered"));
	free(path);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(user_entries_override, reset),
		cmocka_unit_test_teardown(malformed_file_reports_lines, reset),
		cmocka_unit_test_teardown(missing_file_is_one_problem, reset),
		cmocka_unit_test_teardown(default_file_from_xdg_or_home, reset),
		cmocka_unit_test(parse_from_memory),
		cmocka_unit_test(text_volume_is_capped),
		cmocka_unit_test_teardown(documented_example_loads, reset),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
