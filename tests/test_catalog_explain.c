/*
 * test_catalog_explain: the text of --explain, --list-reasons and
 * --list-rules, and the exit status of --explain.
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

/* Run bv_explain on ARG; its output in *OUT (caller frees). */
static int
explain(const char *arg, char **out)
{
	size_t	 len = 0;
	FILE	*fp;
	int	 rv;

	*out = NULL;
	fp = open_memstream(out, &len);
	assert_non_null(fp);
	rv = bv_explain(fp, arg);
	fclose(fp);
	return rv;
}

static void
has(const char *text, const char *want)
{
	if (strstr(text, want) == NULL)
		fail_msg("missing \"%s\" in:\n%s", want, text);
}

static void
reply_code(void **state)
{
	char	*out;

	(void)state;
	assert_int_equal(explain("550", &out), 0);
	has(out, "550: permanent (reply code)");
	has(out, "  meaning   Requested action not taken: mailbox unavailable");
	has(out, "  5xx       Permanent negative reply");
	has(out, "  x5x       Mail system");
	has(out, "  advice    ");
	free(out);
	assert_int_equal(explain("420", &out), 0);
	has(out, "  vendor    GroupWise only.");
	free(out);
}

static void
enhanced_code(void **state)
{
	char	*out;

	(void)state;
	assert_int_equal(explain("5.7.1", &out), 0);
	has(out, "5.7.1: permanent (enhanced status code)");
	has(out, "  meaning   Delivery not authorized, message refused");
	has(out, "  x.7.x     Security or policy status");
	free(out);
}

static void
unknown_codes_by_digits(void **state)
{
	char	*out;

	(void)state;
	assert_int_equal(explain("5.7.99", &out), 0);
	has(out, "5.7.99: permanent (enhanced status code, not in the "
	    "registry)");
	has(out, "  meaning   unknown; its digits say:");
	has(out, "  5.x.x     Permanent failure");
	has(out, "  x.7.x     Security or policy status");
	free(out);
	assert_int_equal(explain("459", &out), 0);
	free(out);
	assert_int_equal(explain("479", &out), 0);
	has(out, "479: transient (reply code, not a standard code)");
	has(out, "  x7x       not assigned by the standard.");
	free(out);
}

static void
diagnostic_line(void **state)
{
	char	*out;

	(void)state;
	assert_int_equal(explain("550 5.7.1 Service unavailable; client host "
	    "[192.0.2.7] blocked using zen.spamhaus.org", &out), 0);
	has(out, "diagnostic: 550 5.7.1 Service unavailable");
	has(out, "550: permanent (reply code)");
	has(out, "5.7.1: permanent (enhanced status code)");
	has(out, "  reason    blocked (reputation, soft bounce): ");
	has(out, "  rule      dnsbl-listed (catalog/signals.txt:");
	has(out, "  blocklist Spamhaus ZEN, https://check.spamhaus.org/");
	has(out, "  listed IP 192.0.2.7");
	has(out, "  advice    ZEN combines");
	free(out);
	assert_int_equal(explain("mailbox full", &out), 0);
	has(out, "  reason    mailboxfull (mailbox, soft bounce)");
	free(out);
	assert_int_equal(explain("550-5.1.1 user unknown", &out), 0);
	has(out, "hard bounce");
	free(out);
}

static void
not_a_code(void **state)
{
	char	*out;

	(void)state;
	assert_int_equal(explain("hello", &out), 2);
	assert_string_equal(out, "");
	free(out);
	assert_int_equal(explain("699", &out), 2);
	free(out);
	assert_int_equal(explain("", &out), 2);
	free(out);
	assert_int_equal(explain("nothing recognisable at all", &out), 2);
	free(out);
	assert_int_equal(bv_explain(stdout, NULL), 2);
}

static void
list_reasons(void **state)
{
	char	*out = NULL;
	size_t	 len = 0, i, lines = 0;
	FILE	*fp = open_memstream(&out, &len);

	(void)state;
	bv_list_reasons(fp);
	fclose(fp);
	has(out, "REASON           GROUP       HARD  DESCRIPTION\n");
	has(out, "\nuserunknown      recipient   yes   ");
	has(out, "\nnotaccept        recipient   5xx   ");
	has(out, "\nmailboxfull      mailbox     no    ");
	for (i = 0; out[i] != '\0'; i++)
		lines += out[i] == '\n';
	assert_int_equal(lines, bv_reason_count() + 1);
	free(out);
}

static void
same_list(const char *const *a, const char *const *b)
{
	size_t	 i;

	assert_true((a == NULL) == (b == NULL));
	for (i = 0; a != NULL && a[i] != NULL; i++) {
		assert_non_null(b[i]);
		assert_string_equal(a[i], b[i]);
	}
	if (a != NULL)
		assert_null(b[i]);
}

static void
same_rule(const struct cat_rule *a, const struct cat_rule *b)
{
	size_t	 i;

	assert_string_equal(a->id, b->id);
	same_list(a->status, b->status);
	same_list(a->reply, b->reply);
	same_list(a->unless, b->unless);
	same_list(a->host, b->host);
	same_list(a->format, b->format);
	same_list(a->action, b->action);
	same_list(a->command, b->command);
	same_list(a->hint, b->hint);
	assert_true((a->text == NULL) == (b->text == NULL));
	for (i = 0; a->text != NULL && a->text[i] != NULL; i++)
		same_list(a->text[i], b->text[i]);
	if (a->text != NULL)
		assert_null(b->text[i]);
	assert_string_equal(a->reason, b->reason);
	assert_int_equal(a->hard, b->hard);
	assert_true((a->advice == NULL) == (b->advice == NULL));
	if (a->advice != NULL)
		assert_string_equal(a->advice, b->advice);
	assert_true((a->blocklist == NULL) == (b->blocklist == NULL));
}

static void
list_rules(void **state)
{
	struct cat_set	 set;
	char		*out = NULL;
	size_t		 len = 0, i;
	FILE		*fp = open_memstream(&out, &len);
	int		 n;

	(void)state;
	bv_list_rules(fp);
	fclose(fp);
	has(out, "\n# catalog/signals.txt:");
	has(out, "\nrule dnsbl-listed\n\tblocklist any\n\treason blocked\n");
	has(out, "\nrule gmail-nosuchuser\n\tprovider Gmail");
	has(out, "\nrule gmail-dns-error\n\tprovider Gmail / Google Workspace\n"
	    "\ttext \"dns error:\"\n\talso \"lookup of\"\n"
	    "\tunless \"null mx\"\n\treason networkerror\n");
	/* The listing is itself a valid rules file, with the same rules. */
	memset(&set, 0, sizeof(set));
	n = cat_parse(&set, &cat_builtin, "listing", out, strlen(out), stderr);
	assert_int_equal(n, 0);
	assert_int_equal(set.nrules, cat_nrules());
	for (i = 0; i < set.nrules; i++)
		same_rule(&set.rules[i], cat_rule_at(i));
	cat_set_free(&set);
	free(out);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(reply_code),
		cmocka_unit_test(enhanced_code),
		cmocka_unit_test(unknown_codes_by_digits),
		cmocka_unit_test(diagnostic_line),
		cmocka_unit_test(not_a_code),
		cmocka_unit_test(list_reasons),
		cmocka_unit_test(list_rules),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
