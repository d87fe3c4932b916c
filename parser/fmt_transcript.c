/*
 * fmt_transcript.c: SMTP session transcripts quoted in bounces.
 *
 * Sendmail (5.x and 8.x without a DSN part) writes
 *	   ----- The following addresses had permanent fatal errors -----
 *	<user@example.net>
 *	    (reason: 550 5.1.1 User unknown)
 *	    (expanded from: <alias@example.org>)
 *	   ----- Transcript of session follows -----
 *	... while talking to mx.example.net.:
 *	>>> RCPT To:<user@example.net>
 *	<<< 550 5.1.1 User unknown
 *	550 5.1.1 <user@example.net>... User unknown
 * and "<user@example.net>... Deferred: 451 ..." for recipients it still
 * retries.  Postfix's notices to the postmaster write " In:  RCPT TO:<x>" and
 * " Out: 550 ...", appliances "Sent <<< RCPT TO:<x>" / "Received >>> 550",
 * MDaemon (--- Session Transcript ---) timestamped "--> RCPT To:<x>" and
 * "<-- 550 ..." lines.
 * A recipient fails where its RCPT TO got a 4xx/5xx reply, where a status
 * line "NNN <addr>... text" names it, where Sendmail's address lists name
 * it (with the error of the session that failed at MAIL, DATA or connect,
 * or the list's own reason), or, when the session broke down after the
 * recipients were accepted (at DATA), with the error that ended it.
 */
#include "config.h"

#include <ctype.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "parser/parser.h"

#define MAXLINES	4000
#define MAXRCPTS	64
#define MAXSESS		8
#define MAXNOTES	16
#define MAXITEMS	64
#define STAMP_MAX	40	/* bytes of a timestamp before a line's prefix */

enum tline {
	T_OTHER, T_CMD, T_REPLY, T_STATUS, T_NAMED, T_BARE, T_SESSION, T_LIST,
	T_EXPIRY
};

/* Prefixes of the lines a transcript is made of; each is followed by
 * blanks.  STAMPED ones come after a timestamp ending in ": " (MDaemon
 * writes " Mon 2025-03-03 10:00:01.501: --> RCPT To:<x>"). */
static const struct {
	const char	*prefix;
	enum tline	 kind;
	const char	*style;
	int		 stamped;
} tprefixes[] = {
	{ ">>>", T_CMD, "sendmail", 0 },
	{ "<<<", T_REPLY, "sendmail", 0 },
	{ "In:", T_CMD, "postfix", 0 },
	{ "Out:", T_REPLY, "postfix", 0 },
	{ "Sent <<<", T_CMD, NULL, 0 },
	{ "Received >>>", T_REPLY, NULL, 0 },
	{ "while talking to", T_SESSION, "sendmail", 0 },
	{ "-->", T_CMD, "mdaemon", 1 },
	{ "<--", T_REPLY, "mdaemon", 1 },
	{ "Attempting SMTP connection to", T_SESSION, "mdaemon", 1 },
	{ NULL, T_OTHER, NULL, 0 }
};

/* The headings of Sendmail 8's address lists (after dashes), and whether
 * the recipients listed are only delayed. */
static const struct {
	const char	*mark;
	int		 delayed;
} tlists[] = {
	{ "The following addresses had permanent fatal errors", 0 },
	{ "The following addresses had transient non-fatal errors", 1 },
	{ NULL, 0 }
};

/* Sendmail's lines when its queue gave up on the message (8.x; 5.x and
 * early 8.x "Cannot send message for 5 days"). */
static const char *const texpiry[] = {
	"Message could not be delivered for", "Message will be deleted from queue",
	"Cannot send message for", NULL
};

/* One SMTP session ("... while talking to HOST:"): the error that ended it
 * before any recipient was refused (connect, HELO, MAIL, DATA). */
struct tsession {
	char		 host[128];
	struct bv_line	 err;
	const char	*cmd;
};

/* A status line without an address: "550 5.1.1 bobby... User unknown"
 * (NAME "bobby") or "554 5.0.0 Service unavailable" (NAME ""). */
struct tnote {
	char		 name[64];
	struct bv_line	 line;
};

/* One entry of an address list. */
struct titem {
	char		 key[BV_FMT_ADDR_MAX];	/* as listed: an address or
						   a local name, "|program" */
	char		 from[BV_FMT_ADDR_MAX];	/* "(expanded from: <x>)" */
	struct bv_line	 reason;		/* "(reason: ...)" */
	int		 isaddr;
	int		 delayed;
};

struct tstate {
	char		 rcpts[MAXRCPTS][BV_FMT_ADDR_MAX];	/* RCPT TO */
	size_t		 nrcpts;
	char		 cmd[16];		/* last command verb */
	struct bv_line	 err;			/* last 4xx/5xx reply */
	const char	*errcmd;		/* the command it answered */
	struct bv_line	 hosterr;		/* last "host (mailer)..." */
	const char	*style;
	struct tsession	 sess[MAXSESS];
	size_t		 nsess;
	struct tnote	 notes[MAXNOTES];
	size_t		 nnotes;
	struct titem	 items[MAXITEMS];
	size_t		 nitems;
	int		 list;			/* 1 + index in tlists of the
						   list being read, or 0 */
	int		 expired;
	struct bv_line	 expiry;		/* its first line */
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

/* The length of an enhanced status code ("5.1.1") and the blank after it
 * at S[0..N), or 0. */
static size_t
enhanced_len(const char *s, size_t n)
{
	size_t	 i = 0, part, k;

	for (part = 0; part < 3; part++) {
		if (part > 0 && (i >= n || s[i++] != '.'))
			return 0;
		for (k = 0; i < n && k < 3 && isdigit((unsigned char)s[i]);
		    k++)
			i++;
		if (k == 0)
			return 0;
	}
	return i < n && (s[i] == ' ' || s[i] == '\t') ? i : 0;
}

/* Where the text after a timestamp such as "Mon 2025-03-03 10:00:01.5: "
 * begins in L from I, or 0 when the line does not start with one. */
static size_t
stamp_end(const struct bv_line *l, size_t i)
{
	size_t	 j;

	for (j = i; j + 1 < l->len && j < i + STAMP_MAX; j++) {
		if (l->s[j] == ':' && l->s[j + 1] == ' ' && j > i &&
		    isdigit((unsigned char)l->s[j - 1]))
			return skip_blanks(l, j + 1);
		if (!isalnum((unsigned char)l->s[j]) && strchr(" .:-",
		    l->s[j]) == NULL)
			return 0;
	}
	return 0;
}

/* Does L from I begin with the heading of an address list (after dashes)?
 * 1 + its index in tlists, or 0. */
static int
list_heading(const struct bv_line *l, size_t i)
{
	size_t	 k;

	while (i < l->len && (l->s[i] == '-' || l->s[i] == ' '))
		i++;
	for (k = 0; tlists[k].mark != NULL; k++)
		if (bv_fmt_prefix(l->s + i, l->len - i, tlists[k].mark))
			return (int)k + 1;
	return 0;
}

/* A line that is no prefixed transcript line: a status line (*AT at its
 * '<'), a named or bare status line, or other text. */
static enum tline
status_kind(const struct bv_line *l, size_t i, size_t *at)
{
	char	 addr[BV_FMT_ADDR_MAX];
	size_t	 j = i, k;
	int	 code = failure_code(l->s + i, l->len - i);

	if (code)
		j = skip_blanks(l, i + 4);
	if (code && (k = enhanced_len(l->s + j, l->len - j)) > 0)
		j = skip_blanks(l, j + k);
	*at = j;
	/* "550 5.1.1 <a@b>... User unknown", "<a@b>... Deferred: ...". */
	if (j < l->len && l->s[j] == '<' && (k = bv_fmt_addr(l->s + j + 1,
	    l->len - j - 1, addr, sizeof(addr))) > 0 && (code ||
	    (j + k + 5 <= l->len && memcmp(l->s + j + 1 + k, ">...", 4) == 0)))
		return T_STATUS;
	if (!code)
		return T_OTHER;
	*at = i;
	return bv_fmt_find(l->s + j, l->len - j, "... ") != NULL ? T_NAMED :
	    T_BARE;
}

/* Classify L; *AT is where its text starts (after the prefix). */
static enum tline
classify(struct tstate *t, const struct bv_line *l, size_t *at)
{
	size_t	 i = skip_blanks(l, 0), st, k, m, p;

	/* Sendmail: "... while talking to mx.example.net.:". */
	while (i < l->len && l->s[i] == '.')
		i++;
	i = skip_blanks(l, i);
	st = stamp_end(l, i);
	for (k = 0; tprefixes[k].prefix != NULL; k++) {
		m = strlen(tprefixes[k].prefix);
		p = tprefixes[k].stamped ? st : i;
		/* The first byte (either case) rules most out without a
		 * call; no prefix begins with a blank. */
		if ((tprefixes[k].stamped && st == 0) || p >= l->len ||
		    ((unsigned char)l->s[p] | 0x20) !=
		    ((unsigned char)tprefixes[k].prefix[0] | 0x20) ||
		    !bv_fmt_prefix(l->s + p, l->len - p, tprefixes[k].prefix) ||
		    p + m >= l->len || (l->s[p + m] != ' ' &&
		    l->s[p + m] != '\t'))
			continue;
		*at = skip_blanks(l, p + m);
		if (tprefixes[k].style != NULL && t->style == NULL)
			t->style = tprefixes[k].style;
		return tprefixes[k].kind;
	}
	if ((t->list = list_heading(l, i)) > 0)
		return T_LIST;
	for (k = 0; texpiry[k] != NULL; k++)
		if (bv_fmt_prefix(l->s + i, l->len - i, texpiry[k]))
			return T_EXPIRY;
	return status_kind(l, i, at);
}

/* The verb of a transcript command as the catalog names commands. */
static const char *
command_of(const char *verb)
{
	static const char *const cmds[][2] = {
		{ "RCPT", "RCPT" }, { "MAIL", "MAIL" }, { "DATA", "DATA" },
		{ "EHLO", "HELO" }, { "HELO", "HELO" }, { "LHLO", "HELO" },
		{ ".", "DATA" }, { "BDAT", "DATA" }, { "", "CONN" }
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

/* A new session with the host named at L[AT..]. */
static void
new_session(struct tstate *t, const struct bv_line *l, size_t at)
{
	struct tsession	*s;
	size_t		 k = 0;

	if (t->nsess == MAXSESS)
		return;
	s = &t->sess[t->nsess++];
	memset(s, 0, sizeof(*s));
	if (at < l->len && l->s[at] == '[')
		at++;
	while (at < l->len && k + 1 < sizeof(s->host) && (isalnum(
	    (unsigned char)l->s[at]) || l->s[at] == '-' || l->s[at] == '.'))
		s->host[k++] = l->s[at++];
	while (k > 0 && s->host[k - 1] == '.')
		k--;
	s->host[k] = '\0';
}

static void
on_session(struct tstate *t, const struct bv_line *l, size_t at)
{
	t->err.s = NULL;
	t->cmd[0] = '\0';
	new_session(t, l, at);
}

/* A 4xx/5xx reply: the RCPT's recipient fails, other commands end the
 * session. */
static void
on_reply(struct tstate *t, const struct bv_line *l, size_t at,
    const char *fmt, struct bv_reclist *out, size_t first)
{
	struct tsession	*s;

	if (!failure_code(l->s + at, l->len - at))
		return;
	t->err.s = l->s + at;
	t->err.len = l->len - at;
	t->errcmd = command_of(t->cmd);
	if (strcasecmp(t->cmd, "RCPT") == 0) {
		if (t->nrcpts > 0)
			bv_fmt_add(out, first, fmt, t->rcpts[t->nrcpts - 1],
			    t->err.s, t->err.len, NULL)->command = t->errcmd;
		return;
	}
	if (t->nsess == 0)		/* a transcript without session lines */
		new_session(t, l, l->len);
	s = &t->sess[t->nsess - 1];
	if (s->err.s == NULL) {
		s->err = t->err;
		s->cmd = t->errcmd;
	}
}

/* The text after "NNN <addr>... " or "<addr>... Deferred: ", with the
 * session's error when the line gives no code of its own. */
static void
on_status(struct tstate *t, const struct bv_line *l, size_t at,
    const char *format, struct bv_reclist *out, size_t first)
{
	char		 addr[BV_FMT_ADDR_MAX];
	struct bv_record *r;
	struct buf	 d = { 0 };
	const char	*s = l->s + at + 1, *dots, *cmd = NULL;
	size_t		 n = l->len - at - 1, k, lead = skip_blanks(l, 0);

	if ((k = bv_fmt_addr(s, n, addr, sizeof(addr))) == 0)
		return;
	s += k, n -= k;
	if ((dots = bv_fmt_find(s, n, "...")) != NULL) {
		n -= (size_t)(dots + 3 - s);
		s = dots + 3;
	}
	while (n > 0 && (*s == ' ' || *s == '>'))
		s++, n--;
	if ((k = bv_fmt_prefix_len(s, n, "Deferred: ")) > 0 &&
	    failure_code(s + k, n - k))
		s += k, n -= k;
	if (failure_code(s, n))
		buf_add(&d, s, n);
	else if (t->err.s != NULL) {
		buf_add(&d, s, n);
		buf_addc(&d, '\n');
		buf_add(&d, t->err.s, t->err.len);
		cmd = t->errcmd;
	} else
		buf_add(&d, l->s + lead, l->len - lead);
	r = bv_fmt_add(out, first, format, addr, d.s, d.len, NULL);
	if (r->command == NULL)
		r->command = cmd;
	buf_free(&d);
}

/* "550 5.1.1 bobby... User unknown": NAME is the word before the dots.
 * The note kept, or NULL. */
static const struct tnote *
on_note(struct tstate *t, const struct bv_line *l, size_t at, int named)
{
	struct tnote	*nt;
	const char	*dots, *w;
	size_t		 k;

	if (named) {
		t->hosterr.s = l->s + at;
		t->hosterr.len = l->len - at;
	}
	if (t->nnotes == MAXNOTES)
		return NULL;
	nt = &t->notes[t->nnotes++];
	nt->line.s = l->s + at;
	nt->line.len = l->len - at;
	nt->name[0] = '\0';
	if (!named || (dots = bv_fmt_find(l->s + at, l->len - at, "... ")) ==
	    NULL)
		return nt;
	for (w = dots; w > l->s + at && w[-1] != ' ' && w[-1] != '<'; w--)
		;
	k = (size_t)(dots - w);
	if (k > 0 && w[k - 1] == '>')
		k--;
	if (k < sizeof(nt->name)) {
		memcpy(nt->name, w, k);
		nt->name[k] = '\0';
	}
	return nt;
}

/* Sendmail 5 names the recipient without brackets: "550 a@b... Host
 * unknown".  After a session that failed at MAIL, DATA or the greeting
 * the line only says "554 a@b... Service unavailable": the server's reply
 * ("<<< 554 ... listed at a DNSBL") goes first in the diagnostic. */
static void
on_named(struct tstate *t, const struct bv_line *l, size_t at,
    const char *fmt, struct bv_reclist *out, size_t first)
{
	char			 addr[BV_FMT_ADDR_MAX];
	const struct tnote	*nt;
	struct bv_record	*r;
	struct buf		 d = { 0 };
	size_t			 k;
	int			 isnew;

	if ((nt = on_note(t, l, at, 1)) == NULL)
		return;
	k = strlen(nt->name);
	if (k == 0 || bv_fmt_addr(nt->name, k, addr, sizeof(addr)) != k)
		return;
	if (t->err.s != NULL && t->errcmd != NULL &&
	    strcmp(t->errcmd, "RCPT") != 0) {
		buf_add(&d, t->err.s, t->err.len);
		buf_addc(&d, '\n');
	}
	buf_add(&d, l->s + at, l->len - at);
	r = bv_fmt_add(out, first, fmt, addr, d.s, d.len, &isnew);
	if (isnew && d.len > l->len - at)
		r->command = t->errcmd;
	buf_free(&d);
}

/* A line of an address list: an entry ("<a@b>", "bobby", "|/bin/prog") or
 * its annotations.  0 when the list has ended and L is to be read as any
 * other line. */
static int
on_list_line(struct tstate *t, const struct bv_line *l)
{
	struct titem	*it = t->nitems > 0 ? &t->items[t->nitems - 1] : NULL;
	char		 addr[BV_FMT_ADDR_MAX];
	size_t		 i = skip_blanks(l, 0), k, e;

	if (i == l->len || l->s[i] == '-') {
		t->list = 0;
		return i == l->len;
	}
	if (i > 0 || l->s[0] == '(') {
		if (it == NULL)
			return 1;
		if ((k = bv_fmt_prefix_len(l->s + i, l->len - i,
		    "(reason: ")) > 0) {
			it->reason.s = l->s + i + k;
			for (e = l->len; e > i + k && l->s[e - 1] != ')'; e--)
				;
			it->reason.len = e > i + k ? e - 1 - i - k :
			    l->len - i - k;
		} else if ((k = bv_fmt_prefix_len(l->s + i, l->len - i,
		    "(expanded from: ")) > 0)
			bv_fmt_find_addr(l->s + i + k, l->len - i - k,
			    it->from, sizeof(it->from), NULL);
		return 1;
	}
	if (t->nitems == MAXITEMS)
		return 1;
	it = &t->items[t->nitems++];
	memset(it, 0, sizeof(*it));
	it->delayed = tlists[t->list - 1].delayed;
	if (l->s[0] == '<' && bv_fmt_addr(l->s + 1, l->len - 1, it->key,
	    sizeof(it->key)) > 0) {
		it->isaddr = 1;
		return 1;
	}
	for (k = 0; k < l->len && k + 1 < sizeof(it->key) && l->s[k] != ' ' &&
	    l->s[k] != '\t'; k++)
		it->key[k] = l->s[k];
	it->key[k] = '\0';
	it->isaddr = k > 0 && bv_fmt_addr(it->key, k, addr, sizeof(addr)) == k;
	return 1;
}

/* ---- listed recipients -------------------------------------------------------- */

static struct bv_record *
record_of(struct bv_reclist *out, size_t first, const char *rcpt)
{
	size_t	 i;

	for (i = first; i < out->n; i++)
		if (out->v[i].recipient != NULL &&
		    strcasecmp(out->v[i].recipient, rcpt) == 0)
			return &out->v[i];
	return NULL;
}

/* Is HOST in the domain of address RCPT (mx.example.net, example.net)? */
static int
host_serves(const char *host, const char *rcpt)
{
	const char	*dom = strrchr(rcpt, '@');
	size_t		 hl = strlen(host), dl;

	if (dom == NULL || hl == 0)
		return 0;
	dl = strlen(++dom);
	return hl >= dl && strcasecmp(host + hl - dl, dom) == 0 && (hl == dl ||
	    host[hl - dl - 1] == '.');
}

/* The session whose failure (outside RCPT) stopped RCPT: the one talking
 * to its domain's host, else the only one that failed so. */
static const struct tsession *
session_for(const struct tstate *t, const char *rcpt)
{
	const struct tsession	*only = NULL;
	size_t			 i, n = 0;

	for (i = 0; i < t->nsess; i++) {
		if (t->sess[i].err.s == NULL)
			continue;
		if (host_serves(t->sess[i].host, rcpt))
			return &t->sess[i];
		only = &t->sess[i], n++;
	}
	return n == 1 ? only : NULL;
}

/* The status line that ends with the text of a reason without a code
 * ("Service unavailable" of "554 5.0.0 Service unavailable"). */
static const struct tnote *
note_ending(const struct tstate *t, const struct bv_line *reason)
{
	size_t	 i;

	for (i = 0; i < t->nnotes && reason->len > 0; i++) {
		const struct bv_line *l = &t->notes[i].line;

		if (l->len > reason->len && strncasecmp(l->s + l->len -
		    reason->len, reason->s, reason->len) == 0)
			return &t->notes[i];
	}
	return NULL;
}

/* The diagnostic of a listed entry the transcript names no recipient for:
 * its own status line, the error of its session, its listed reason. */
static const struct bv_line *
item_diag(const struct tstate *t, const struct titem *it, const char *rcpt,
    const char **cmd)
{
	const struct tsession	*s;
	const struct tnote	*nt;
	const struct bv_line	*r = &it->reason;
	size_t			 i;

	*cmd = NULL;
	for (i = 0; i < t->nnotes; i++)
		if (t->notes[i].name[0] != '\0' &&
		    strcasecmp(t->notes[i].name, it->key) == 0)
			return &t->notes[i].line;
	/* Unless the list gives another reply code for it. */
	if ((s = session_for(t, rcpt)) != NULL && (r->s == NULL ||
	    !failure_code(r->s, r->len) || memcmp(r->s, s->err.s, 3) == 0)) {
		*cmd = s->cmd;
		return &s->err;
	}
	if (r->s != NULL && !failure_code(r->s, r->len) &&
	    (nt = note_ending(t, r)) != NULL)
		return &nt->line;
	return r->s != NULL ? r : t->err.s != NULL ? &t->err : NULL;
}

/* Records for the recipients Sendmail's lists name, as the sender wrote
 * them (the alias an address was expanded from, as Sendmail's DSNs give
 * it in Original-Recipient). */
static void
listed(const struct tstate *t, const char *fmt, struct bv_reclist *out,
    size_t first)
{
	const struct titem	*it;
	const struct bv_line	*d;
	struct bv_record	*r;
	const char		*rcpt, *cmd;
	size_t			 i;

	for (i = 0; i < t->nitems; i++) {
		it = &t->items[i];
		rcpt = it->from[0] != '\0' ? it->from : it->isaddr ? it->key :
		    NULL;
		if (rcpt == NULL)
			continue;
		r = it->isaddr ? record_of(out, first, it->key) : NULL;
		if (r != NULL && rcpt != it->key &&
		    record_of(out, first, rcpt) == NULL) {
			free(r->recipient);
			r->recipient = xstrdup(rcpt);
		}
		if (r == NULL) {
			d = item_diag(t, it, rcpt, &cmd);
			r = bv_fmt_add(out, first, fmt, rcpt, d != NULL ? d->s :
			    NULL, d != NULL ? d->len : 0, NULL);
			if (r->command == NULL)
				r->command = cmd;
		}
		if (it->delayed) {
			free(r->action);
			r->action = xstrdup("delayed");
		}
	}
}

static void
read_lines(struct tstate *t, const char *text, size_t len,
    const char *format, struct bv_reclist *out, size_t first)
{
	struct bv_line	 l;
	size_t		 pos = 0, nl, at = 0;
	const char	*fmt;
	enum tline	 kind;

	for (nl = 0; nl < MAXLINES && bv_fmt_line(text, len, &pos, &l); nl++) {
		if (t->list > 0 && on_list_line(t, &l))
			continue;
		kind = classify(t, &l, &at);
		fmt = format != NULL ? format : t->style != NULL ? t->style :
		    "sendmail";
		switch (kind) {
		case T_SESSION:
			on_session(t, &l, at);
			break;
		case T_CMD:
			on_command(t, &l, at);
			break;
		case T_REPLY:
			on_reply(t, &l, at, fmt, out, first);
			break;
		case T_STATUS:
			on_status(t, &l, at, fmt, out, first);
			break;
		case T_NAMED:
			on_named(t, &l, at, fmt, out, first);
			break;
		case T_BARE:
			(void)on_note(t, &l, at, 0);
			break;
		case T_EXPIRY:
			if (!t->expired)
				t->expiry = l;
			t->expired = 1;
			break;
		default:
			break;
		}
	}
}

/* Record R's diagnostic followed by the expiry line E, unless it holds it. */
static void
add_expiry(struct bv_record *r, const struct bv_line *e)
{
	const char	*s = e->s;
	char		*d;
	size_t		 n = e->len < 200 ? e->len : 200, k;

	for (k = 0; s != NULL && r->diagnostic != NULL && texpiry[k] != NULL;
	    k++)
		if (bv_fmt_find(r->diagnostic, strlen(r->diagnostic),
		    texpiry[k]) != NULL)
			return;
	if (s == NULL)
		return;
	for (; n > 0 && (*s == ' ' || *s == '\t'); s++, n--)
		;
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t' ||
	    s[n - 1] == '\r'))
		n--;
	d = r->diagnostic != NULL ? xasprintf("%s %.*s", r->diagnostic,
	    (int)n, s) : xasprintf("%.*s", (int)n, s);
	free(r->diagnostic);
	r->diagnostic = d;
}

/*
 * Only the counts and the scalars: each entry of the arrays is set where it
 * is added (rcpts, sess, notes, items), and zeroing all of the 40 KB cost
 * more than reading a short notice.
 */
static void
tstate_clear(struct tstate *t)
{
	memset(&t->nrcpts, 0, offsetof(struct tstate, sess) -
	    offsetof(struct tstate, nrcpts));
	t->nsess = t->nnotes = 0;
	/* Everything after the last array, so that a field added there is
	 * cleared too. */
	memset(&t->nitems, 0, sizeof(*t) - offsetof(struct tstate, nitems));
}

size_t
bv_fmt_transcript(const char *text, size_t len, const char *format,
    const char *fallback, struct bv_reclist *out, size_t first,
    const char **style)
{
	struct tstate	*t = xmalloc(sizeof(*t));
	size_t		 i, before = out->n;
	const char	*fmt;

	tstate_clear(t);
	read_lines(t, text, len, format, out, first);
	fmt = format != NULL ? format : t->style != NULL ? t->style :
	    "sendmail";
	/* The session failed after the recipients were accepted. */
	if (out->n == before && t->err.s != NULL)
		for (i = 0; i < t->nrcpts; i++)
			bv_fmt_add(out, first, fmt, t->rcpts[i], t->err.s,
			    t->err.len, NULL)->command = t->errcmd;
	listed(t, fmt, out, first);
	/* Nothing names a recipient: the one the caller knows, with the last
	 * error seen. */
	if (out->n == before && t->nitems == 0 && fallback != NULL &&
	    (t->err.s != NULL || t->hosterr.s != NULL)) {
		const struct bv_line *e = t->err.s != NULL ? &t->err :
		    &t->hosterr;

		bv_fmt_add(out, first, fmt, fallback, e->s, e->len, NULL);
	}
	/* The queue gave up: the last reply is not the reason, and the
	 * diagnostic says so ("Message could not be delivered for 5 days"). */
	for (i = before; t->expired && i < out->n; i++)
		if (strcmp(out->v[i].action, "failed") == 0) {
			out->v[i].hint_reason = "expired";
			add_expiry(&out->v[i], &t->expiry);
		}
	if (style != NULL)
		*style = fmt;
	free(t);
	return out->n - before;
}

const char *
bv_fmt_transcript_name(size_t i)
{
	static const char *const names[] = { "mdaemon", NULL };

	return i < sizeof(names) / sizeof(names[0]) ? names[i] : NULL;
}

/* ---- the reader: notices that are a transcript and little else ------------ */

/* Where the part read begins: Sendmail's address lists come before its
 * transcript; MDaemon's "--- Session Transcript ---". */
static const char *const transcript_marks[] = {
	"The following addresses had", "Transcript of session follows",
	"--- Session Transcript ---", NULL
};

/* Both claims hold "ranscript" (at offset AT in each): one search for it,
 * then the claims around each place found. */
int
bv_fmt_says_transcript(const char *text, size_t n)
{
	static const struct {
		const char	*claim;
		size_t		 at;
	} claims[] = {
		{ "ranscript of session follows", 0 },	/* Sendmail, Postfix:
							   "T" or "t" */
		{ "--- Session Transcript ---", 13 },	/* MDaemon */
	};
	const char	*q, *end = text + n;
	size_t		 i, k;

	for (q = text; (q = memmem(q, (size_t)(end - q), "ranscript", 9)) !=
	    NULL; q++)
		for (i = 0; i < sizeof(claims) / sizeof(claims[0]); i++) {
			k = strlen(claims[i].claim);
			if ((size_t)(q - text) >= claims[i].at &&
			    (size_t)(end - (q - claims[i].at)) >= k &&
			    memcmp(q - claims[i].at, claims[i].claim, k) == 0)
				return 1;
		}
	return 0;
}

static int
transcript_claims(const struct bv_msg *m)
{
	const struct bv_part	*p;
	size_t			 len;

	if (!bv_fmt_bouncy(m) || (p = bv_fmt_text(m, 0, &len)) == NULL)
		return 0;
	/* The transcript comes before the returned message. */
	len = bv_fmt_part_original(p, len);
	return bv_fmt_says_transcript(p->text, len < 8192 ? len : 8192);
}

/* A warning only ("THIS IS A WARNING MESSAGE ONLY", MDaemon "Temporary
 * Delivery Failure Notice")?  Then every recipient not in a list of
 * failures is only delayed. */
static void
mark_delayed(const struct bv_msg *m, const char *intro, size_t ilen,
    struct bv_reclist *out, size_t first)
{
	const char	*subj = bv_msg_header(m, "Subject");
	size_t		 i;

	if (!bv_fmt_subject_delay(subj) && !bv_fmt_says_delay(intro, ilen))
		return;
	for (i = first; i < out->n; i++) {
		free(out->v[i].action);
		out->v[i].action = xstrdup("delayed");
		out->v[i].hint_reason = NULL;
	}
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
	orig = bv_fmt_part_original(p, len);
	if ((at = bv_fmt_find_any(t, orig, transcript_marks, NULL)) == NULL)
		return -1;
	bv_fmt_transcript(at, orig - (size_t)(at - t), NULL,
	    bv_fmt_original_to(m, t, len, orig, to) ? to : NULL, out, first,
	    NULL);
	mark_delayed(m, t, (size_t)(at - t) < 2048 ? (size_t)(at - t) : 2048,
	    out, first);
	if (m->original.from == NULL && m->original.to == NULL && orig < len)
		for (i = first; i < out->n; i++)
			bv_fmt_inline_original(t, len, orig, &out->v[i].original);
	return out->n > first ? 0 : -1;
}

const struct bv_reader bv_reader_transcript = {
	"sendmail", transcript_claims, transcript_extract
};
