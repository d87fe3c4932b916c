/*
 * fmt_transcript.c: SMTP session transcripts quoted in bounces.
 *
 * Sendmail (5.x and 8.x without a DSN part) writes
 *	While talking to mx.example.net:
 *	>>> RCPT To:<user@example.net>
 *	<<< 550 5.1.1 User unknown
 *	550 <user@example.net>... User unknown
 * Postfix's notices to the postmaster write " In:  RCPT TO:<x>" and
 * " Out: 550 ...", appliances "Sent <<< RCPT TO:<x>" / "Received >>> 550".
 * A recipient fails where its RCPT TO got a 4xx/5xx reply, where a status
 * line "NNN <addr>... text" names it, or, when the session broke down after
 * the recipients were accepted (at DATA), with the error that ended it.
 */
#include "config.h"

#include <string.h>

#include "parser/parser.h"

#define MAXLINES	4000
#define MAXRCPTS	64

enum tline { T_OTHER, T_CMD, T_REPLY, T_STATUS, T_HOST, T_SESSION };

/* Prefixes of the lines a transcript is made of; each is followed by
 * blanks. */
static const struct {
	const char	*prefix;
	enum tline	 kind;
	const char	*style;
} tprefixes[] = {
	{ ">>>", T_CMD, "sendmail" },
	{ "<<<", T_REPLY, "sendmail" },
	{ "In:", T_CMD, "postfix" },
	{ "Out:", T_REPLY, "postfix" },
	{ "Sent <<<", T_CMD, NULL },
	{ "Received >>>", T_REPLY, NULL },
	{ "While talking to", T_SESSION, "sendmail" },
	{ NULL, T_OTHER, NULL }
};

struct tstate {
	char		 rcpts[MAXRCPTS][BV_FMT_ADDR_MAX];	/* RCPT TO */
	size_t		 nrcpts;
	char		 cmd[16];		/* last command verb */
	struct bv_line	 err;			/* last 4xx/5xx reply */
	const char	*errcmd;		/* the command it answered */
	struct bv_line	 hosterr;		/* last "host (mailer)..." */
	const char	*style;
};

static size_t
skip_blanks(const struct bv_line *l, size_t i)
{
	while (i < l->len && (l->s[i] == ' ' || l->s[i] == '\t'))
		i++;
	return i;
}

static int
failure_code(const char *s, size_t n)
{
	return n >= 4 && (s[0] == '4' || s[0] == '5') && s[1] >= '0' &&
	    s[1] <= '9' && s[2] >= '0' && s[2] <= '9' && (s[3] == ' ' ||
	    s[3] == '-');
}

/* Classify L; *AT is where its text starts (after the prefix). */
static enum tline
classify(struct tstate *t, const struct bv_line *l, size_t *at)
{
	size_t	 i = skip_blanks(l, 0), k, j;
	char	 addr[BV_FMT_ADDR_MAX];

	for (k = 0; tprefixes[k].prefix != NULL; k++) {
		size_t m = strlen(tprefixes[k].prefix);

		if (!bv_fmt_prefix(l->s + i, l->len - i, tprefixes[k].prefix) ||
		    i + m >= l->len || (l->s[i + m] != ' ' &&
		    l->s[i + m] != '\t'))
			continue;
		*at = skip_blanks(l, i + m);
		if (tprefixes[k].style != NULL && t->style == NULL)
			t->style = tprefixes[k].style;
		return tprefixes[k].kind;
	}
	/* "550 <user@example.net>... User unknown" and "550 host (smtp)...". */
	if (!failure_code(l->s + i, l->len - i))
		return T_OTHER;
	j = skip_blanks(l, i + 4);
	*at = j;
	if (j < l->len && l->s[j] == '<' && bv_fmt_addr(l->s + j + 1,
	    l->len - j - 1, addr, sizeof(addr)) > 0)
		return T_STATUS;
	if (bv_fmt_find(l->s + j, l->len - j, "... ") != NULL)
		return T_HOST;
	return T_OTHER;
}

/* The verb of a transcript command as the catalog names commands. */
static const char *
command_of(const char *verb)
{
	static const char *const cmds[][2] = {
		{ "RCPT", "RCPT" }, { "MAIL", "MAIL" }, { "DATA", "DATA" },
		{ "EHLO", "HELO" }, { "HELO", "HELO" }, { "LHLO", "HELO" },
		{ ".", "DATA" }, { "BDAT", "DATA" }
	};
	size_t	 i;

	for (i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++)
		if (strcasecmp(verb, cmds[i][0]) == 0)
			return cmds[i][1];
	return NULL;
}

static void
on_command(struct tstate *t, const struct bv_line *l, size_t at)
{
	const char	*s = l->s + at;
	size_t		 n = l->len - at, k;

	for (k = 0; k < n && k + 1 < sizeof(t->cmd) && s[k] != ' ' &&
	    s[k] != ':'; k++)
		t->cmd[k] = s[k];
	t->cmd[k] = '\0';
	if (strcasecmp(t->cmd, "RCPT") == 0 && t->nrcpts < MAXRCPTS &&
	    bv_fmt_find_addr(s, n, t->rcpts[t->nrcpts], BV_FMT_ADDR_MAX,
	    NULL) != NULL)
		t->nrcpts++;
}

/* The text after "NNN <addr>... ", with the session's error when the line
 * gives no code of its own. */
static void
on_status(struct tstate *t, const struct bv_line *l, size_t at,
    const char *format, struct bv_reclist *out, size_t first)
{
	char		 addr[BV_FMT_ADDR_MAX];
	struct bv_record *r;
	struct buf	 d = { 0 };
	const char	*s = l->s + at + 1, *dots, *cmd = NULL;
	size_t		 n = l->len - at - 1, k;

	if ((k = bv_fmt_addr(s, n, addr, sizeof(addr))) == 0)
		return;
	s += k, n -= k;
	if ((dots = bv_fmt_find(s, n, "...")) != NULL) {
		n -= (size_t)(dots + 3 - s);
		s = dots + 3;
	}
	while (n > 0 && (*s == ' ' || *s == '>'))
		s++, n--;
	buf_add(&d, s, n);
	if (!failure_code(s, n)) {
		if (t->err.s != NULL) {
			buf_addc(&d, '\n');
			buf_add(&d, t->err.s, t->err.len);
			cmd = t->errcmd;
		} else {
			buf_reset(&d);
			buf_add(&d, l->s + skip_blanks(l, 0), l->len -
			    skip_blanks(l, 0));
		}
	}
	r = bv_fmt_add(out, first, format, addr, d.s, d.len, NULL);
	if (r->command == NULL)
		r->command = cmd;
	buf_free(&d);
}

size_t
bv_fmt_transcript(const char *text, size_t len, const char *format,
    const char *fallback, struct bv_reclist *out, size_t first,
    const char **style)
{
	struct tstate	 t;
	struct bv_line	 l;
	size_t		 pos = 0, nl, at = 0, i, before = out->n;
	const char	*fmt;

	/* Not the 16 KB of addresses: only what is read before written. */
	t.nrcpts = 0;
	t.cmd[0] = '\0';
	t.err.s = t.hosterr.s = NULL;
	t.err.len = t.hosterr.len = 0;
	t.errcmd = NULL;
	t.style = NULL;
	for (nl = 0; nl < MAXLINES && bv_fmt_line(text, len, &pos, &l); nl++) {
		fmt = format != NULL ? format : t.style != NULL ? t.style :
		    "sendmail";
		switch (classify(&t, &l, &at)) {
		case T_SESSION:
			t.err.s = NULL;
			t.cmd[0] = '\0';
			break;
		case T_CMD:
			on_command(&t, &l, at);
			break;
		case T_REPLY:
			if (!failure_code(l.s + at, l.len - at))
				break;
			t.err.s = l.s + at;
			t.err.len = l.len - at;
			t.errcmd = command_of(t.cmd);
			if (strcasecmp(t.cmd, "RCPT") == 0 && t.nrcpts > 0)
				bv_fmt_add(out, first, fmt,
				    t.rcpts[t.nrcpts - 1], t.err.s, t.err.len,
				    NULL)->command = t.errcmd;
			break;
		case T_STATUS:
			on_status(&t, &l, at, fmt, out, first);
			break;
		case T_HOST:
			t.hosterr.s = l.s + skip_blanks(&l, 0);
			t.hosterr.len = l.len - skip_blanks(&l, 0);
			break;
		default:
			break;
		}
	}
	fmt = format != NULL ? format : t.style != NULL ? t.style : "sendmail";
	/* The session failed after the recipients were accepted. */
	if (out->n == before && t.err.s != NULL)
		for (i = 0; i < t.nrcpts; i++)
			bv_fmt_add(out, first, fmt, t.rcpts[i], t.err.s,
			    t.err.len, NULL)->command = t.errcmd;
	/* Nothing names a recipient: the one the caller knows, with the last
	 * error seen. */
	if (out->n == before && fallback != NULL && (t.err.s != NULL ||
	    t.hosterr.s != NULL)) {
		const struct bv_line *e = t.err.s != NULL ? &t.err : &t.hosterr;

		bv_fmt_add(out, first, fmt, fallback, e->s, e->len, NULL);
	}
	if (style != NULL)
		*style = fmt;
	return out->n - before;
}

/* ---- the reader: notices that are a transcript and little else ------------ */

static const char *const transcript_marks[] = {
	"Transcript of session follows", NULL
};

static int
transcript_claims(const struct bv_msg *m)
{
	const struct bv_part	*p;
	size_t			 len;

	if (!bv_fmt_bouncy(m) || (p = bv_fmt_text(m, 0, &len)) == NULL)
		return 0;
	/* Sendmail and Postfix write it so ("T" or "t"): memmem is fast. */
	return memmem(p->text, len < 8192 ? len : 8192,
	    "ranscript of session follows", 28) != NULL;
}

static int
transcript_extract(const struct bv_msg *m, struct bv_reclist *out)
{
	const struct bv_part	*p;
	const char		*t, *at;
	char			 to[BV_FMT_ADDR_MAX];
	size_t			 len, orig, first = out->n, i;

	if ((p = bv_fmt_text(m, 0, &len)) == NULL)
		return -1;
	t = p->text;
	orig = bv_fmt_original_at(t, len);
	if ((at = bv_fmt_find_any(t, orig, transcript_marks, NULL)) == NULL)
		return -1;
	bv_fmt_transcript(at, orig - (size_t)(at - t), NULL,
	    bv_fmt_original_to(m, t, len, orig, to) ? to : NULL, out, first,
	    NULL);
	if (m->original.from == NULL && m->original.to == NULL && orig < len)
		for (i = first; i < out->n; i++)
			bv_fmt_inline_original(t, len, orig, &out->v[i].original);
	return out->n > first ? 0 : -1;
}

const struct bv_reader bv_reader_transcript = {
	"sendmail", transcript_claims, transcript_extract
};
