/*
 * test_catalog_battery: every line of tests/fixtures/rules/diagnostics.tsv
 * (diagnostic lines in the shapes real receivers and MTAs write, with the
 * reason, hard/soft and blocklist each must get) is classified as the file
 * says.  The lines go through bv_classify() with nothing but the text, as
 * --explain 'LINE' does: codes are taken from the text itself.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "catalog/catint.h"

#define BATTERY		"/tests/fixtures/rules/diagnostics.tsv"
#define MAXFIELDS	4

/* One data line cut at its tabs, in place; returns the number of fields. */
static size_t
split_tabs(char *line, char *field[MAXFIELDS])
{
	size_t	 n = 0;
	char	*t;

	line[strcspn(line, "\r\n")] = '\0';
	while (n < MAXFIELDS) {
		field[n++] = line;
		if ((t = strchr(line, '\t')) == NULL)
			break;
		*t = '\0';
		line = t + 1;
	}
	return n;
}

/* "# text", a lone "#" or an empty line; "#550 5.1.1 ..." (Exchange writes
 * its diagnostics so) is data. */
static int
is_comment(const char *line)
{
	if (line[0] == '\n' || line[0] == '\r')
		return 1;
	return line[0] == '#' && strchr(" \t\r\n", line[1]) != NULL;
}

static FILE *
open_battery(void)
{
	const char	*top = getenv("top_srcdir");
	char		*path;
	FILE		*f;

	path = xasprintf("%s%s", top != NULL ? top : ".", BATTERY);
	f = fopen(path, "r");
	if (f == NULL)
		fail_msg("cannot open %s", path);
	free(path);
	return f;
}

/* Whether the verdict is what the fields ask; prints the difference. */
static int
check_line(size_t lineno, char *field[MAXFIELDS], size_t n)
{
	struct bv_facts		 facts;
	struct bv_verdict	 v;
	const char		*want_list = n > 3 ? field[3] : NULL;
	int			 want_hard;

	assert_true(n >= 3);
	assert_true(strcmp(field[2], "hard") == 0 ||
	    strcmp(field[2], "soft") == 0);
	assert_non_null(bv_reason_lookup(field[1]));
	want_hard = strcmp(field[2], "hard") == 0;

	memset(&facts, 0, sizeof(facts));
	facts.diagnostic = field[0];
	bv_classify(&facts, &v);
	if (strcmp(v.reason, field[1]) == 0 && v.hard == want_hard &&
	    (want_list == NULL) == (v.blocklist == NULL) &&
	    (want_list == NULL || strcmp(want_list, v.blocklist) == 0))
		return 1;
	print_error("line %zu \"%.80s\": got %s/%s/%s by %s, want %s/%s/%s\n",
	    lineno, field[0], v.reason, v.hard == 1 ? "hard" : "soft",
	    v.blocklist != NULL ? v.blocklist : "-", v.rule, field[1],
	    field[2], want_list != NULL ? want_list : "-");
	return 0;
}

static void
battery(void **state)
{
	FILE	*f;
	char	 line[4096], *field[MAXFIELDS];
	size_t	 lineno = 0, n, tried = 0, bad = 0;

	(void)state;
	f = open_battery();
	while (fgets(line, sizeof(line), f) != NULL) {
		lineno++;
		assert_non_null(strchr(line, '\n'));	/* no line cut short */
		if (is_comment(line))
			continue;
		n = split_tabs(line, field);
		tried++;
		if (!check_line(lineno, field, n))
			bad++;
	}
	fclose(f);
	print_message("%zu of %zu diagnostic lines classified as written\n",
	    tried - bad, tried);
	assert_true(tried >= 250);
	assert_int_equal(bad, 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(battery),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
