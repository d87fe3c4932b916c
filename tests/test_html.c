/*
 * test_html.c: html.c, the HTML to text conversion for notices sent only as
 * text/html: what becomes a line end or a blank, what is left out, entities,
 * and hostile markup that must stay linear and never grow the text.
 */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <cmocka.h>

#include "parser/parser.h"

static void
check(const char *html, const char *want)
{
	size_t	 n = 99;
	char	*got = bv_html_text(html, strlen(html), &n);

	if (strcmp(got, want) != 0)
		fail_msg("html \"%s\": want \"%s\", got \"%s\"", html, want,
		    got);
	assert_int_equal(n, strlen(got));
	free(got);
}

static void
test_lines(void **state)
{
	(void)state;
	check("<p>Hello&nbsp;<b>world</b></p><br>x", "Hello world\n\nx");
	check("a<br>b<br/>c<BR>d", "a\nb\nc\nd");
	check("<div>one</div><div>two</div>", "one\ntwo");
	check("<ul><li>a</li><li>b</li></ul>", "a\nb");
	check("<h1>Title</h1>text", "Title\n\ntext");
	check("x<br><br><br><br>y", "x\n\ny");
	/* A cell ends with a blank, a row with a line end. */
	check("<table><tr><td><b>Recipient:</b></td><td>amy@example.net</td>"
	    "</tr>\n<tr><td>Reason:</td><td>550 5.1.1</td></tr></table>",
	    "Recipient: amy@example.net\nReason: 550 5.1.1");
	/* Line ends in the source are blanks; inline tags join words. */
	check("Your m<b>e</b>ssage\n  to\tbert", "Your message to bert");
	check("  <p>  lead  </p>  ", "lead");
}

static void
test_hidden(void **state)
{
	(void)state;
	check("a<script>if (a<b) x='</p>';</script>b", "ab");
	check("a<STYLE type=\"text/css\">p { color: red }</Style>b", "ab");
	check("<head><title>Undeliverable</title></head><body>c</body>", "c");
	check("a<!-- <p>hidden</p> -->b", "ab");
	check("<!DOCTYPE html><?xml version=\"1.0\"?>d", "d");
}

static void
test_entities(void **state)
{
	(void)state;
	check("&amp;&lt;&gt;&quot;&apos;", "&<>\"'");
	check("&#65;&#x42;&#X43;&#xe9;&#8217;", "ABC\xc3\xa9\xe2\x80\x99");
	check("&#x1F600;", "\xf0\x9f\x98\x80");
	check("&lt;bert@example.net&gt;", "<bert@example.net>");
	check("a&nbsp;&nbsp;b&#160;c", "a b c");
	check("&amp &lt", "& <");			/* no semicolon */
	check("&unknown; & &; &#; &#x;", "&unknown; & &; &#; &#x;");
	/* What must not be text becomes '?'. */
	check("&#0;&#1;&#x7f;&#xd800;&#99999999;", "?????");
}

static void
test_addresses(void **state)
{
	(void)state;
	/* Left unescaped, a bracketed address is text, not a tag. */
	check("To: <bert@example.net> failed", "To: <bert@example.net> failed");
	check("<a href=\"mailto:bert@example.net\">bert@example.net</a>",
	    "bert@example.net");
	check("a < b and c > d", "a < b and c > d");
}

/* Unterminated markup: the text ends or stays text, nothing is lost twice. */
static void
test_unterminated(void **state)
{
	(void)state;
	check("a<!-- never closed", "a");
	check("a<script>never closed", "a");
	check("a <b c", "a <b c");
	check("a<", "a<");
	check("&", "&");
	check("&#", "&#");
	check("&#x", "&#x");
	check("", "");
}

static double
seconds_for(const char *s, size_t n, size_t *outlen)
{
	clock_t	 t0 = clock();
	char	*out = bv_html_text(s, n, outlen);

	assert_true(*outlen <= n);
	assert_int_equal(out[*outlen], '\0');
	free(out);
	return (double)(clock() - t0) / CLOCKS_PER_SEC;
}

/* Patterns a naive converter spends quadratic time on: each '<' looking for
 * a '>' far away, comments and scripts never closed, addresses never ended. */
static void
test_hostile(void **state)
{
	static const char *const units[] = {
		"<", "<a", "<a@", "<a@b", "<!--", "<script>", "&#", "&amp",
		"</", "<x@y.z", "<<>", "<p", NULL
	};
	size_t	 n = 512 * 1024, i, k, len, ul;
	char	*s = xmalloc(n + 1);
	double	 t;

	(void)state;
	for (i = 0; units[i] != NULL; i++) {
		ul = strlen(units[i]);
		for (k = 0; k + ul <= n; k += ul)
			memcpy(s + k, units[i], ul);
		t = seconds_for(s, k, &len);
		if (t > 5.0)
			fail_msg("\"%s\" repeated: %.1f s", units[i], t);
	}
	free(s);
}

/* Random bytes and markup: never longer than the input, always ended. */
static void
test_random(void **state)
{
	static const char alphabet[] = "<>&#;x/!-@ab pbrtd=\"\n\xc3\xa9";
	uint32_t	 seed = 12345;
	char		 s[300];
	size_t		 round, i, n, len;

	(void)state;
	for (round = 0; round < 20000; round++) {
		n = round % sizeof(s);
		for (i = 0; i < n; i++) {
			seed = seed * 1103515245u + 12345u;
			s[i] = alphabet[(seed >> 16) % (sizeof(alphabet) - 1)];
		}
		(void)seconds_for(s, n, &len);
	}
}

int
main(void)
{
	static const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_lines),
		cmocka_unit_test(test_hidden),
		cmocka_unit_test(test_entities),
		cmocka_unit_test(test_addresses),
		cmocka_unit_test(test_unterminated),
		cmocka_unit_test(test_hostile),
		cmocka_unit_test(test_random),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
