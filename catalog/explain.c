/*
 * explain.c: the catalog's program surface: code lookups, --explain,
 * --list-reasons and --list-rules.  Plain FILE streams, no terminal.
 */
#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "catalog/catint.h"

#define WRAP	78	/* columns for explanations */
#define LABEL	12	/* width of the label column */

/* ---- code lookups ----------------------------------------------------------------- */

static const char *
meaning_of(enum cat_kind kind, const char *code)
{
	const struct cat_code	*c = cat_code_exact(kind, code);

	return c != NULL ? c->meaning : NULL;
}

static const char *
class_of(enum cat_kind kind, const char *key)
{
	const struct cat_code	*c = cat_code_exact(kind, key);

	return c != NULL ? c->klass : NULL;
}

static int
lookup_reply(const char *code, struct bv_code_info *info)
{
	const struct cat_code	*e = cat_code_exact(CAT_REPLY, code);
	char			 key[4];

	snprintf(key, sizeof(key), "%cxx", code[0]);
	if ((info->klass = class_of(CAT_REPLY, key)) == NULL)
		return -1;
	memcpy(info->norm, code, 4);	/* "550" and its NUL */
	info->code = info->norm;
	if (e != NULL) {
		info->known = 1;
		info->meaning = e->meaning;
		info->causes = e->causes;
		info->advice = e->advice;
		info->vendor = e->vendor != NULL;
		return 0;
	}
	snprintf(key, sizeof(key), "x%cx", code[1]);
	info->meaning = meaning_of(CAT_REPLY, key);
	if (info->meaning == NULL)
		info->meaning = meaning_of(CAT_REPLY, (char[4]){ code[0], 'x',
		    'x', '\0' });
	return 0;
}

static int
lookup_enhanced(const char *code, struct bv_code_info *info)
{
	const struct cat_code	*e, *sub;
	unsigned		 c, s, d;
	char			 key[16];

	if (sscanf(code, "%u.%u.%u", &c, &s, &d) != 3 || s > 999 || d > 999)
		return -1;
	snprintf(key, sizeof(key), "%u.x.x", c);
	if ((info->klass = class_of(CAT_ENHANCED, key)) == NULL)
		return -1;
	snprintf(info->norm, sizeof(info->norm), "%u.%u.%u", c, s, d);
	info->code = info->norm;
	e = cat_code_exact(CAT_ENHANCED, info->norm);
	if (e == NULL) {
		snprintf(key, sizeof(key), "x.%u.%u", s, d);
		e = cat_code_exact(CAT_ENHANCED, key);
	}
	snprintf(key, sizeof(key), "x.%u.x", s);
	sub = cat_code_exact(CAT_ENHANCED, key);
	if (e == NULL) {
		/* Unknown detail: what its subject means. */
		e = sub;
		info->known = 0;
	} else
		info->known = 1;
	if (e == NULL) {
		snprintf(key, sizeof(key), "%u.x.x", c);
		e = cat_code_exact(CAT_ENHANCED, key);
	}
	info->meaning = e->meaning;
	info->causes = e->causes;
	info->advice = e->advice;
	info->vendor = info->known && e->vendor != NULL;
	return 0;
}

int
bv_code_lookup(const char *code, struct bv_code_info *info)
{
	char	 tmp[24];
	size_t	 n;

	memset(info, 0, sizeof(*info));
	/* A code is short: do not walk a huge string to find out. */
	if (code == NULL || strnlen(code, 64) == 64)
		return -1;
	while (isspace((unsigned char)*code))
		code++;
	n = strcspn(code, " \t\r\n");
	if (n == 0 || n >= sizeof(tmp) || code[n + strspn(code + n,
	    " \t\r\n")] != '\0')
		return -1;
	memcpy(tmp, code, n);
	tmp[n] = '\0';
	if (cat_is_reply(tmp))
		return lookup_reply(tmp, info);
	if (cat_is_enhanced(tmp))
		return lookup_enhanced(tmp, info);
	return -1;
}

/* ---- printing ------------------------------------------------------------------- */

/* What a digit pattern means, or that nothing assigns it. */
static const char *
digits(enum cat_kind kind, const char *key)
{
	const char	*m = meaning_of(kind, key);

	return m != NULL ? m : "not assigned by the standard.";
}

/* "label    text" with TEXT wrapped under itself. */
static void
put(FILE *out, const char *label, const char *text)
{
	size_t	 col, w;

	if (text == NULL)
		return;
	fprintf(out, "  %-*s", LABEL - 2, label);
	col = LABEL;
	while (*text != '\0') {
		while (*text == ' ')
			text++;
		w = strcspn(text, " ");
		if (w == 0)
			break;
		if (col > LABEL && col + 1 + w > WRAP) {
			fprintf(out, "\n%*s", LABEL, "");
			col = LABEL;
		} else if (col > LABEL) {
			fputc(' ', out);
			col++;
		}
		fwrite(text, 1, w, out);
		col += w;
		text += w;
	}
	fputc('\n', out);
}

static void
explain_code(FILE *out, const char *code)
{
	struct bv_code_info	 info;
	const char		*what;
	char			 key[16];
	int			 reply = cat_is_reply(code);

	if (bv_code_lookup(code, &info) != 0)
		return;
	what = reply ? "reply code" : "enhanced status code";
	fprintf(out, "%s: %s (%s%s)\n", info.code, info.klass, what,
	    info.known ? "" : reply ? ", not a standard code" :
	    ", not in the registry");
	if (info.known) {
		put(out, "meaning", info.meaning);
	} else {
		put(out, "meaning", "unknown; its digits say:");
	}
	if (reply) {
		snprintf(key, sizeof(key), "%cxx", info.code[0]);
		put(out, key, meaning_of(CAT_REPLY, key));
		snprintf(key, sizeof(key), "x%cx", info.code[1]);
		put(out, key, digits(CAT_REPLY, key));
	} else {
		unsigned	 c, s, d;

		sscanf(info.code, "%u.%u.%u", &c, &s, &d);
		snprintf(key, sizeof(key), "%u.x.x", c);
		put(out, key, meaning_of(CAT_ENHANCED, key));
		snprintf(key, sizeof(key), "x.%u.x", s);
		put(out, key, digits(CAT_ENHANCED, key));
	}
	if (info.vendor) {
		const struct cat_code *e = cat_code_exact(reply ? CAT_REPLY :
		    CAT_ENHANCED, info.code);

		if (e != NULL && e->vendor != NULL)
			put(out, "vendor", e->vendor);
	}
	put(out, "causes", info.causes);
	put(out, "advice", info.advice);
}

/* Codes named in a diagnostic line: the leading reply code and the first
 * enhanced code. */
static int
codes_in(const char *s, char reply[4], char status[16])
{
	size_t	 i, n;

	reply[0] = status[0] = '\0';
	for (i = 0; s[i] != '\0' && i < 512; i++) {
		if (i > 0 && isalnum((unsigned char)s[i - 1]))
			continue;
		if (reply[0] == '\0' && isdigit((unsigned char)s[i]) &&
		    isdigit((unsigned char)s[i + 1]) &&
		    isdigit((unsigned char)s[i + 2]) &&
		    !isalnum((unsigned char)s[i + 3]) && s[i + 3] != '.') {
			memcpy(reply, s + i, 3);
			reply[3] = '\0';
			if (!cat_is_reply(reply))
				reply[0] = '\0';
		}
		if (status[0] == '\0' && strchr("245", s[i]) != NULL &&
		    s[i + 1] == '.') {
			n = strspn(s + i, "0123456789.");
			if (n < 16) {
				memcpy(status, s + i, n);
				status[n] = '\0';
				if (!cat_is_enhanced(status))
					status[0] = '\0';
			}
		}
	}
	return reply[0] != '\0' || status[0] != '\0';
}

static void
explain_verdict(FILE *out, const struct bv_verdict *v)
{
	const struct bv_reason_info	*ri = bv_reason_lookup(v->reason);
	const struct cat_rule		*r = cat_rule_by_id(v->rule);
	char				*s;

	s = xasprintf("%s (%s, %s bounce)%s%s", v->reason,
	    ri ? ri->group : "?", v->hard ? "hard" : "soft",
	    ri ? ": " : "", ri ? ri->desc : "");
	put(out, "reason", s);
	free(s);
	if (r != NULL) {
		s = xasprintf("%s (%s:%d)%s%s", r->id, r->at.file, r->at.line,
		    r->provider ? ", " : "", r->provider ? r->provider : "");
		put(out, "rule", s);
		free(s);
	} else
		put(out, "rule", "none matched");
	if (v->blocklist != NULL) {
		s = xasprintf("%s, %s", v->blocklist, v->blocklist_url);
		put(out, "blocklist", s);
		free(s);
	}
	if (v->listed_ip[0] != '\0')
		put(out, "listed IP", v->listed_ip);
	put(out, "advice", v->remediation);
}

int
bv_explain(FILE *out, const char *arg)
{
	struct bv_facts		 f;
	struct bv_verdict	 v;
	char			 reply[4], status[16];
	struct bv_code_info	 info;
	int			 any;

	if (arg == NULL)
		return 2;
	if (bv_code_lookup(arg, &info) == 0) {
		explain_code(out, info.code);
		return 0;
	}
	any = codes_in(arg, reply, status);
	memset(&f, 0, sizeof(f));
	f.diagnostic = arg;
	f.reply_code = reply[0] ? reply : NULL;
	f.status = status[0] ? status : NULL;
	bv_classify(&f, &v);
	if (!any && strcmp(v.rule, "unmatched") == 0)
		return 2;
	fprintf(out, "diagnostic: %s\n", arg);
	if (reply[0] != '\0')
		explain_code(out, reply);
	if (status[0] != '\0')
		explain_code(out, status);
	fprintf(out, "diagnosis:\n");
	explain_verdict(out, &v);
	return 0;
}

/* ---- listings ---------------------------------------------------------------- */

void
bv_list_reasons(FILE *out)
{
	const struct bv_reason_info	*r;
	const char			*const *g;
	size_t				 i;

	fprintf(out, "%-16s %-11s %-5s %s\n", "REASON", "GROUP", "HARD",
	    "DESCRIPTION");
	for (g = bv_reason_groups; *g != NULL; g++)
		for (i = 0; (r = bv_reason_at(i)) != NULL; i++) {
			if (strcmp(r->group, *g) != 0)
				continue;
			fprintf(out, "%-16s %-11s %-5s %s\n", r->name,
			    r->group, r->hard_if_permanent ? "5xx" :
			    r->hard ? "yes" : "no", r->desc);
		}
}

static void
put_words(FILE *out, const char *key, const char *const *l)
{
	if (l == NULL)
		return;
	fprintf(out, "\t%s", key);
	for (; *l != NULL; l++)
		fprintf(out, " %s", *l);
	fputc('\n', out);
}

static void
put_quoted(FILE *out, const char *const *l)
{
	const char	*s;

	for (; *l != NULL; l++) {
		fputs(" \"", out);
		for (s = *l; *s != '\0'; s++) {
			if (*s == '"' || *s == '\\')
				fputc('\\', out);
			fputc(*s, out);
		}
		fputc('"', out);
	}
}

void
bv_list_rules(FILE *out)
{
	const struct cat_rule	*r;
	size_t			 i, j;

	fprintf(out, "# The rules in the order they are tried; the first "
	    "that matches decides.\n");
	for (i = 0; (r = cat_rule_at(i)) != NULL; i++) {
		fprintf(out, "\n# %s:%d\nrule %s\n", r->at.file, r->at.line,
		    r->id);
		if (r->provider != NULL)
			fprintf(out, "\tprovider %s\n", r->provider);
		put_words(out, "hint", r->hint);
		put_words(out, "action", r->action);
		put_words(out, "command", r->command);
		put_words(out, "format", r->format);
		put_words(out, "status", r->status);
		put_words(out, "reply", r->reply);
		put_words(out, "host", r->host);
		if (r->blocklist != NULL)
			fprintf(out, "\tblocklist %s\n", r->blocklist);
		for (j = 0; r->text != NULL && r->text[j] != NULL; j++) {
			fputs(j == 0 ? "\ttext" : "\talso", out);
			put_quoted(out, r->text[j]);
			fputc('\n', out);
		}
		if (r->unless != NULL) {
			fputs("\tunless", out);
			put_quoted(out, r->unless);
			fputc('\n', out);
		}
		fprintf(out, "\treason %s\n", r->reason);
		if (r->hard >= 0)
			fprintf(out, "\thard %s\n", r->hard ? "yes" : "no");
		if (r->advice != NULL)
			fprintf(out, "\tadvice %s\n", r->advice);
	}
}
