/*
 * test_tui_text.c: the interface's text handling without a terminal: the
 * sanitiser (every hostile byte sequence becomes a visible placeholder),
 * wrapping, dates, key names and key scripts.
 */
#include "config.h"

#include <locale.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <wchar.h>
#include <cmocka.h>
#include <curses.h>

#include "tui/tuiint.h"

static int
setup(void **state)
{
	(void)state;
	if (setlocale(LC_CTYPE, "C.UTF-8") == NULL)
		return -1;
	tui_sanitize_ascii(0);
	return 0;
}

static struct tui_wtext
san(const char *s, size_t len, int flags)
{
	struct tui_wtext	 t = { 0 };

	tui_sanitize(&t, s, len, flags);
	return t;
}

/* Nothing that could steer a terminal is left in T. */
static void
assert_safe(const struct tui_wtext *t)
{
	size_t	 i;
	wchar_t	 c;

	for (i = 0; i < t->n; i++) {
		c = t->wc[i];
		if (c == L'\n')
			continue;
		assert_true(c >= 0x20);
		assert_true(c != 0x7f);
		assert_false(c >= 0x80 && c < 0xa0);
		assert_false(c >= 0x202a && c <= 0x202e);
		assert_false(c >= 0x2066 && c <= 0x2069);
		assert_false(c >= 0xd800 && c <= 0xdfff);
		assert_true(c <= 0x10ffff);
		if (!t->mark[i])
			assert_true(wcwidth(c) >= 0);
	}
	assert_int_equal(t->wc[t->n], 0);
}

static void
test_plain_text_passes(void **state)
{
	struct tui_wtext	 t = san("550 5.1.1 user unknown", 22, 0);

	(void)state;
	assert_int_equal(t.n, 22);
	assert_int_equal(t.width, 22);
	assert_true(wcscmp(t.wc, L"550 5.1.1 user unknown") == 0);
	assert_null(memchr(t.mark, 1, t.n));
	tui_wtext_free(&t);
}

static void
test_escape_sequence_made_visible(void **state)
{
	const char		*s = "No such user \x1b[31mHERE\x1b[0m \x1b]0;pwned\x07";
	struct tui_wtext	 t = san(s, strlen(s), 0);

	(void)state;
	assert_true(wcscmp(t.wc,
	    L"No such user ^[[31mHERE^[[0m ^[]0;pwned^G") == 0);
	/* the stand-ins are marked, the text around them is not */
	assert_int_equal(t.mark[13], 1);
	assert_int_equal(t.mark[14], 1);
	assert_int_equal(t.mark[15], 0);
	assert_int_equal(t.mark[12], 0);
	assert_safe(&t);
	tui_wtext_free(&t);
}

static void
test_every_c0_and_del(void **state)
{
	char			 s[2];
	struct tui_wtext	 t;
	int			 c;

	(void)state;
	for (c = 0; c < 0x20; c++) {
		if (c == '\t')
			continue;
		s[0] = (char)c;
		t = san(s, 1, 0);
		assert_int_equal(t.n, 2);
		assert_int_equal(t.wc[0], L'^');
		assert_int_equal(t.wc[1], (wchar_t)(c + 0x40));
		assert_int_equal(t.mark[0], 1);
		tui_wtext_free(&t);
	}
	t = san("\x7f", 1, 0);
	assert_true(wcscmp(t.wc, L"^?") == 0);
	tui_wtext_free(&t);
	t = san("a\tb", 3, 0);
	assert_true(wcscmp(t.wc, L"a b") == 0);
	tui_wtext_free(&t);
}

static void
test_c1_controls(void **state)
{
	char			 s[2];
	struct tui_wtext	 t;
	int			 c;

	(void)state;
	for (c = 0x80; c < 0xa0; c++) {
		/* as UTF-8 characters ... */
		s[0] = (char)0xc2;
		s[1] = (char)c;
		t = san(s, 2, 0);
		assert_int_equal(t.n, 1);
		assert_int_equal(t.wc[0], 0xfffd);
		assert_int_equal(t.mark[0], 1);
		tui_wtext_free(&t);
		/* ... and as raw 8-bit bytes (CSI is 0x9b) */
		s[0] = (char)c;
		t = san(s, 1, 0);
		assert_int_equal(t.wc[0], 0xfffd);
		assert_int_equal(t.mark[0], 1);
		tui_wtext_free(&t);
	}
}

static void
test_bidi_controls(void **state)
{
	static const char *const bidi[] = {
		"\xe2\x80\xaa", "\xe2\x80\xab", "\xe2\x80\xac", "\xe2\x80\xad",
		"\xe2\x80\xae", "\xe2\x81\xa6", "\xe2\x81\xa7", "\xe2\x81\xa8",
		"\xe2\x81\xa9", "\xe2\x80\x8e", "\xe2\x80\x8f", "\xd8\x9c",
		"\xe2\x80\xa8", "\xe2\x80\xa9", "\xef\xbb\xbf",
	};
	struct tui_wtext	 t;
	char			 s[16];
	size_t			 i;

	(void)state;
	for (i = 0; i < sizeof(bidi) / sizeof(bidi[0]); i++) {
		snprintf(s, sizeof(s), "a%sb", bidi[i]);
		t = san(s, strlen(s), 0);
		assert_int_equal(t.n, 3);
		assert_int_equal(t.wc[1], 0xfffd);
		assert_int_equal(t.mark[1], 1);
		assert_safe(&t);
		tui_wtext_free(&t);
	}
}

static void
test_invalid_utf8(void **state)
{
	static const struct { const char *s; size_t len; size_t n; } bad[] = {
		{ "\xc0\xaf", 2, 2 },			/* overlong / */
		{ "\xe0\x80\xaf", 3, 3 },		/* overlong */
		{ "\xed\xa0\x80", 3, 3 },		/* surrogate */
		{ "\xf4\x90\x80\x80", 4, 4 },		/* past U+10FFFF */
		{ "\xe2\x82", 2, 2 },			/* truncated */
		{ "\xff\xfe", 2, 2 },
		{ "\x80", 1, 1 },
	};
	struct tui_wtext	 t;
	size_t			 i, j;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		t = san(bad[i].s, bad[i].len, 0);
		assert_int_equal(t.n, bad[i].n);
		for (j = 0; j < t.n; j++) {
			assert_int_equal(t.wc[j], 0xfffd);
			assert_int_equal(t.mark[j], 1);
		}
		tui_wtext_free(&t);
	}
}

static void
test_wide_and_combining(void **state)
{
	struct tui_wtext	 t;

	(void)state;
	t = san("\xe6\x97\xa5\xe6\x9c\xac", 6, 0);	/* two CJK */
	assert_int_equal(t.n, 2);
	assert_int_equal(t.width, 4);
	assert_null(memchr(t.mark, 1, t.n));
	tui_wtext_free(&t);

	t = san("e\xcc\x81", 3, 0);		/* e + combining acute */
	assert_int_equal(t.n, 2);
	assert_int_equal(t.width, 1);
	assert_int_equal(t.mark[1], 0);
	tui_wtext_free(&t);

	/* a combining mark with nothing to sit on would join the cell
	 * drawn before it: a placeholder instead */
	t = san("\xcc\x81x", 3, 0);
	assert_int_equal(t.wc[0], 0xfffd);
	assert_int_equal(t.mark[0], 1);
	tui_wtext_free(&t);

	/* a pile of combining marks is cut short */
	t = san("a\xcc\x81\xcc\x81\xcc\x81\xcc\x81\xcc\x81\xcc\x81\xcc\x81",
	    15, 0);
	assert_true(t.n <= 5);
	assert_int_equal(t.width, 1);
	tui_wtext_free(&t);
}

static void
test_newlines(void **state)
{
	struct tui_wtext	 t;

	(void)state;
	t = san("a\nb", 3, 0);
	assert_true(wcscmp(t.wc, L"a^Jb") == 0);
	tui_wtext_free(&t);
	t = san("a\r\nb\rc", 6, TUI_SAN_NEWLINES);
	assert_true(wcscmp(t.wc, L"a\nb^Mc") == 0);
	tui_wtext_free(&t);
}

static void
test_nul_inside(void **state)
{
	struct tui_wtext	 t = san("a\0b", 3, 0);

	(void)state;
	assert_true(wcscmp(t.wc, L"a^@b") == 0);
	tui_wtext_free(&t);
}

static void
test_ascii_terminal(void **state)
{
	struct tui_wtext	 t;

	(void)state;
	tui_sanitize_ascii(1);
	t = san("caf\xc3\xa9 \xe6\x97\xa5", 9, 0);
	tui_sanitize_ascii(0);
	assert_true(wcscmp(t.wc, L"caf? ?") == 0);
	tui_wtext_free(&t);
}

/* Every byte string, however bad, comes out safe; and the UTF-8 given to
 * an outside pager is safe again when read back. */
static void
test_random_bytes_always_safe(void **state)
{
	struct tui_wtext	 t, t2;
	struct buf		 u = { 0 };
	unsigned char		 s[64];
	unsigned		 seed = 12345;
	size_t			 i, j;

	(void)state;
	for (i = 0; i < 20000; i++) {
		for (j = 0; j < sizeof(s); j++) {
			seed = seed * 1103515245u + 12345u;
			s[j] = (unsigned char)(seed >> 16);
			/* bias toward the interesting ranges */
			if (j % 7 == 0)
				s[j] = (unsigned char)(0x80 | (s[j] & 0x3f));
			if (j % 11 == 0)
				s[j] = 0x1b;
		}
		t = san((const char *)s, sizeof(s), i & 1 ? TUI_SAN_NEWLINES : 0);
		assert_safe(&t);
		buf_reset(&u);
		tui_wtext_utf8(&t, &u);
		t2 = san(u.s, u.len, TUI_SAN_NEWLINES);
		assert_int_equal(t2.n, t.n);
		assert_true(wmemcmp(t2.wc, t.wc, t.n) == 0);
		tui_wtext_free(&t);
		tui_wtext_free(&t2);
	}
	buf_free(&u);
}

static void
test_fit(void **state)
{
	struct tui_wtext	 t = san("ab\xe6\x97\xa5" "cd", 7, 0);
	int			 used;

	(void)state;
	/* the wide character does not fit in the third column alone */
	assert_int_equal(tui_wtext_fit(&t, 0, 3, &used), 2);
	assert_int_equal(used, 2);
	assert_int_equal(tui_wtext_fit(&t, 0, 4, &used), 3);
	assert_int_equal(used, 4);
	assert_int_equal(tui_wtext_fit(&t, 1, 100, &used), 4);
	assert_int_equal(used, 5);
	tui_wtext_free(&t);
}

static char *
line(const struct tui_wtext *t, const struct tui_span *sp)
{
	static char	 out[256];
	size_t		 i;

	for (i = 0; i < sp->len && i < sizeof(out) - 1; i++)
		out[i] = (char)t->wc[sp->off + i];
	out[i] = '\0';
	return out;
}

static void
test_wrap(void **state)
{
	struct tui_wtext	 t = { 0 };
	struct tui_spans	 sp = { 0 };

	(void)state;
	tui_sanitize_str(&t, "hello world foo", TUI_SAN_NEWLINES);
	assert_int_equal(tui_wrap(&t, 11, &sp), 2);
	assert_string_equal(line(&t, &sp.v[0]), "hello world");
	assert_string_equal(line(&t, &sp.v[1]), "foo");

	sp.n = 0;
	tui_wtext_reset(&t);
	tui_sanitize_str(&t, "abcdefghij", TUI_SAN_NEWLINES);
	assert_int_equal(tui_wrap(&t, 4, &sp), 3);
	assert_string_equal(line(&t, &sp.v[2]), "ij");

	sp.n = 0;
	tui_wtext_reset(&t);
	tui_sanitize_str(&t, "a\n\nb", TUI_SAN_NEWLINES);
	assert_int_equal(tui_wrap(&t, 10, &sp), 3);
	assert_string_equal(line(&t, &sp.v[1]), "");

	sp.n = 0;
	tui_wtext_reset(&t);
	assert_int_equal(tui_wrap(&t, 10, &sp), 1);	/* empty: one line */

	/* a width of one still makes progress over wide characters */
	sp.n = 0;
	tui_sanitize_str(&t, "\xe6\x97\xa5\xe6\x97\xa5", TUI_SAN_NEWLINES);
	assert_int_equal(tui_wrap(&t, 1, &sp), 2);
	free(sp.v);
	tui_wtext_free(&t);
}

/* Each month, its name in any case and spelt out, lands on the first of
 * that month: the day count from 1 January is checked month by month. */
static void
test_months(void)
{
	static const char *const name[12] = {
		"January", "february", "MARCH", "April", "mAy", "JUNE",
		"jul", "AUGust", "Sep", "October", "NOV", "dec"
	};
	static const int	 days[12] = { 31, 28, 31, 30, 31, 30, 31, 31,
	    30, 31, 30, 31 };
	char			 date[64];
	int64_t			 want = 1767225600;	/* 1 Jan 2026 UTC */
	int			 i;

	for (i = 0; i < 12; i++) {
		snprintf(date, sizeof(date), "1 %s 2026 00:00 +0000", name[i]);
		if (tui_parse_date(date) != want)
			fail_msg("\"%s\" gives %lld", date,
			    (long long)tui_parse_date(date));
		snprintf(date, sizeof(date), "01-%.3s-2026 00:00 +0000",
		    name[i]);
		assert_true(tui_parse_date(date) == want);
		want += (int64_t)days[i] * 86400;
	}
}

static void
test_dates(void **state)
{
	char	 buf[32];

	(void)state;
	assert_int_equal(tui_parse_date("Mon, 02 Nov 2026 08:14:07 +0000"),
	    1793607247);
	assert_int_equal(tui_parse_date("Mon, 02 Nov 2026 08:14:07 +0000 (UTC)"),
	    1793607247);
	assert_int_equal(tui_parse_date("31 Jan 1999 23:59 +0200"), 917819940);
	assert_int_equal(tui_parse_date("Sun, 29 Feb 04 12:00:00 EST"),
	    1078074000);
	assert_true(tui_parse_date(NULL) == TUI_NODATE);
	assert_true(tui_parse_date("") == TUI_NODATE);
	assert_true(tui_parse_date("yesterday") == TUI_NODATE);
	assert_true(tui_parse_date("02 Foo 2026 08:14") == TUI_NODATE);
	assert_true(tui_parse_date("02 Nov 2026 25:14") == TUI_NODATE);
	assert_true(tui_parse_date("02 No") == TUI_NODATE);
	assert_true(tui_parse_date("02 N0v 2026 08:14") == TUI_NODATE);
	test_months();
	setenv("TZ", "UTC", 1);
	tzset();
	tui_format_date(1793607247, buf, sizeof(buf));
	assert_string_equal(buf, "Nov 02 08:14");
	tui_format_date(TUI_NODATE, buf, sizeof(buf));
	assert_string_equal(buf, "-");
}

static void
test_key_names(void **state)
{
	const char	*end;
	char		 buf[32];
	struct tui_keymap km = { 0 };
	size_t		 i;

	(void)state;
	assert_int_equal(tui_key_parse("j", &end), 'j');
	assert_int_equal(tui_key_parse("<Down>", &end), TUI_KEYFN | KEY_DOWN);
	assert_int_equal(*end, '\0');
	assert_int_equal(tui_key_parse("<C-l>", &end), 12);
	assert_int_equal(tui_key_parse("^L", &end), 12);
	assert_int_equal(tui_key_parse("<Enter>", &end), '\n');
	assert_int_equal(tui_key_parse("<space>", &end), ' ');
	assert_int_equal(tui_key_parse("<F5>", &end), TUI_KEYFN | KEY_F(5));
	assert_int_equal(tui_key_parse("\xc3\xa9", &end), 0xe9);
	/* an unknown name is just the character '<' followed by more */
	assert_int_equal(tui_key_parse("<Nope>", &end), '<');
	assert_string_equal(end, "Nope>");
	assert_int_equal(tui_key_parse("", &end), -1);
	/* every default binding's name reads back as the same key */
	tui_keymap_defaults(&km);
	assert_true(km.n > 30);
	for (i = 0; i < km.n; i++) {
		tui_key_name(km.v[i].key, buf, sizeof(buf));
		assert_int_equal(tui_key_parse(buf, &end), km.v[i].key);
		assert_int_equal(*end, '\0');
	}
	assert_int_equal(tui_keymap_get(&km, 'b'), A_NEXT_BL);
	assert_int_equal(tui_keymap_get(&km, 'Z'), A_NONE);
	tui_keymap_bind(&km, 'Z', A_QUIT);
	assert_int_equal(tui_keymap_get(&km, 'Z'), A_QUIT);
	assert_int_equal(tui_action_byname("next-blocklist"), A_NEXT_BL);
	assert_int_equal(tui_action_byname("fly"), -1);
	tui_keymap_free(&km);
}

/* The help text lists every action with the keys bound to it now. */
static void
test_help_from_live_table(void **state)
{
	struct tui_keymap	 km = { 0 };
	struct tui_doc		 d = { 0 };
	size_t			 i;
	int			 a, found;

	(void)state;
	tui_keymap_defaults(&km);
	tui_keymap_bind(&km, 'x', A_SUMMARY);
	tui_help_build(&d, &km);
	for (a = 1; a < A_COUNT; a++) {
		found = 0;
		for (i = 0; i < d.n; i++)
			if (strstr(d.v[i].text, tui_actions[a].name) != NULL)
				found = 1;
		assert_true(found);
	}
	found = 0;
	for (i = 0; i < d.n; i++)
		if (d.v[i].label && strcmp(d.v[i].label, "i x") == 0 &&
		    strstr(d.v[i].text, "summary"))
			found = 1;
	assert_true(found);
	tui_doc_clear(&d);
	tui_keymap_free(&km);
}

static void
test_script(void **state)
{
	struct tui_script	 s = { 0 };
	char			 err[200];

	(void)state;
	assert_int_equal(tui_script_parse_line(&s, "# comment", err,
	    sizeof(err)), 0);
	assert_int_equal(tui_script_parse_line(&s,
	    "keys jk <Down> <Resize 130x40> <Click 3,4> <WheelUp> <C-c>",
	    err, sizeof(err)), 0);
	assert_int_equal(s.n, 7);
	assert_int_equal(s.v[0].key, 'j');
	assert_int_equal(s.v[1].key, 'k');
	assert_int_equal(s.v[2].key, TUI_KEYFN | KEY_DOWN);
	assert_int_equal(s.v[3].kind, TUI_EV_RESIZE);
	assert_int_equal(s.v[3].a, 130);
	assert_int_equal(s.v[3].b, 40);
	assert_int_equal(s.v[4].kind, TUI_EV_CLICK);
	assert_int_equal(s.v[5].kind, TUI_EV_WHEEL);
	assert_int_equal(s.v[6].kind, TUI_EV_INTR);
	assert_int_equal(tui_script_parse_line(&s, "type a b<", err,
	    sizeof(err)), 0);
	assert_int_equal(s.n, 11);
	assert_int_equal(s.v[8].key, ' ');
	assert_int_equal(s.v[10].key, '<');
	assert_int_equal(tui_script_parse_line(&s, "dump", err, sizeof(err)),
	    0);
	assert_int_equal(s.v[11].kind, TUI_EV_DUMP);
	assert_int_equal(tui_script_parse_line(&s, "wait", err, sizeof(err)),
	    0);
	assert_int_equal(tui_script_parse_line(&s, "resize 20x5", err,
	    sizeof(err)), 0);
	assert_int_equal(s.v[13].kind, TUI_EV_RESIZE);
	assert_int_equal(tui_script_parse_line(&s, "keys <Bogus>", err,
	    sizeof(err)), -1);
	assert_non_null(strstr(err, "<Bogus>"));
	assert_int_equal(tui_script_parse_line(&s, "jump", err, sizeof(err)),
	    -1);
	assert_int_equal(tui_script_parse_line(&s, "resize 0x5", err,
	    sizeof(err)), -1);
	tui_script_free(&s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plain_text_passes),
		cmocka_unit_test(test_escape_sequence_made_visible),
		cmocka_unit_test(test_every_c0_and_del),
		cmocka_unit_test(test_c1_controls),
		cmocka_unit_test(test_bidi_controls),
		cmocka_unit_test(test_invalid_utf8),
		cmocka_unit_test(test_wide_and_combining),
		cmocka_unit_test(test_newlines),
		cmocka_unit_test(test_nul_inside),
		cmocka_unit_test(test_ascii_terminal),
		cmocka_unit_test(test_random_bytes_always_safe),
		cmocka_unit_test(test_fit),
		cmocka_unit_test(test_wrap),
		cmocka_unit_test(test_dates),
		cmocka_unit_test(test_key_names),
		cmocka_unit_test(test_help_from_live_table),
		cmocka_unit_test(test_script),
	};

	return cmocka_run_group_tests(tests, setup, NULL);
}
