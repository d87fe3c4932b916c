/*
 * cmds.c: what the record keys do: search, limit, jumps, tags, save, sort,
 * and the views of the raw message (headers, raw, pipe).
 */
#include "config.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include "tui/ui.h"

#define RAWVIEW_MAX	(8u << 20)	/* the internal viewer shows this */

/* "Bad pattern" message that shows where in TEXT the problem is. */
static void
pattern_error(struct tui *t, const char *what, const char *text,
    const char *err, size_t pos)
{
	size_t	 len = strlen(text);

	if (pos > len)
		pos = len;
	tui_error(t, "%s: %s (column %zu): %.*s>>%s", what, err, pos + 1,
	    (int)pos, text, text + pos);
}

int
tui_cmd_limit_text(struct tui *t, const char *text)
{
	long	 rec = tui_current_rec(t);
	char	 err[200];
	size_t	 pos = 0;

	err[0] = '\0';
	if (tui_model_limit(&t->m, text, err, sizeof(err), &pos) < 0) {
		pattern_error(t, "Bad pattern, limit kept", text,
		    err[0] ? err : "syntax error", pos);
		return -1;
	}
	tui_select_rec(t, rec);
	if (t->m.limit_text == NULL)
		tui_message(t, "Showing all %zu records", t->m.nvis);
	else
		tui_message(t, "%zu record%s match%s %s", t->m.nvis,
		    t->m.nvis == 1 ? "" : "s", t->m.nvis == 1 ? "es" : "",
		    t->m.limit_text);
	return 0;
}

typedef int (*rec_pred)(struct tui *, const struct bv_record *);

/* Next (DIR 1) or previous (-1) shown record after the cursor for which
 * PRED holds, wrapping once; -1 if none. */
static long
find(struct tui *t, int dir, rec_pred pred, int *wrapped)
{
	struct bv_record	 view;
	long			 n = (long)t->m.nvis, i, k;

	*wrapped = 0;
	for (k = 1; k <= n; k++) {
		i = t->cur + dir * k;
		if (i >= n || i < 0)
			*wrapped = 1;
		i = ((i % n) + n) % n;
		if (pred(t, tui_model_at(&t->m, (size_t)i, &view)))
			return i;
	}
	return -1;
}

static int
is_blocklist(struct tui *t, const struct bv_record *r)
{
	return r->blocklist != NULL;
}

static int
is_hard(struct tui *t, const struct bv_record *r)
{
	return r->hard == 1;
}

static int
is_soft(struct tui *t, const struct bv_record *r)
{
	return r->hard == 0;
}

static int
is_match(struct tui *t, const struct bv_record *r)
{
	return bv_pattern_match(t->search, r);
}

static void
jump(struct tui *t, int dir, rec_pred pred, const char *what)
{
	long	 i;
	int	 wrapped;

	if ((i = find(t, dir, pred, &wrapped)) < 0) {
		tui_error(t, "None: no %s among the %zu shown records", what,
		    t->m.nvis);
		return;
	}
	if (i == t->cur)
		tui_message(t, "This is the only %s", what);
	else if (wrapped)
		tui_message(t, "Search wrapped to the %s", dir > 0 ? "top" :
		    "bottom");
	tui_select_rec(t, (long)t->m.vis[i]);
}

static void
search(struct tui *t, int action)
{
	struct bv_pattern	*p;
	char			 err[200];
	size_t			 pos = 0;
	int			 back = action == A_SEARCH_BACK;

	if (!tui_prompt(t, back ? "Search backward: " : "Search: ", NULL) ||
	    t->input.len == 0)
		return;
	err[0] = '\0';
	if ((p = bv_pattern_compile(t->input.s, err, sizeof(err), &pos)) ==
	    NULL) {
		pattern_error(t, "Bad pattern", t->input.s,
		    err[0] ? err : "syntax error", pos);
		return;
	}
	bv_pattern_free(t->search);
	free(t->search_text);
	t->search = p;
	t->search_text = xstrdup(t->input.s);
	jump(t, back ? -1 : 1, is_match, "match");
}

static void
search_again(struct tui *t, int dir)
{
	if (t->search == NULL) {
		tui_error(t, "No search pattern yet: / asks for one");
		return;
	}
	jump(t, dir, is_match, "match");
}

static void
tag(struct tui *t)
{
	struct bv_record	 view;
	const struct bv_record	*r = tui_current(t, &view);

	if (r == NULL)
		return;
	tui_model_tag(&t->m, (size_t)t->cur, !r->tagged);
	if ((size_t)t->cur + 1 < t->m.nvis)
		t->cur++;
}

static void
tag_pattern(struct tui *t)
{
	struct bv_record	 view;
	struct bv_pattern	*p;
	char			 err[200];
	size_t			 i, pos = 0, n = 0;

	if (!tui_prompt(t, "Tag records matching: ", NULL) ||
	    t->input.len == 0)
		return;
	err[0] = '\0';
	if ((p = bv_pattern_compile(t->input.s, err, sizeof(err), &pos)) ==
	    NULL) {
		pattern_error(t, "Bad pattern, nothing tagged", t->input.s,
		    err[0] ? err : "syntax error", pos);
		return;
	}
	for (i = 0; i < t->m.nvis; i++)
		if (!tui_model_tagged(&t->m, t->m.vis[i]) &&
		    bv_pattern_match(p, tui_model_at(&t->m, i, &view))) {
			tui_model_tag(&t->m, i, 1);
			n++;
		}
	bv_pattern_free(p);
	tui_message(t, "Tagged %zu more record%s (%zu tagged)", n,
	    n == 1 ? "" : "s", t->m.ntagged);
}

/* ~/ at the start of a path means $HOME. */
static char *
expand_path(const char *s)
{
	const char	*home = getenv("HOME");

	s += strspn(s, " \t");
	if (s[0] == '~' && s[1] == '/' && home != NULL)
		return xasprintf("%s%s", home, s + 1);
	return xstrdup(s);
}

/* The records to save: tagged ones (shown ones in view order, then hidden
 * ones in reading order), else the current one. */
static size_t
export_records(struct tui *t, enum bv_exfmt fmt, struct buf *out)
{
	struct bv_record	 view;
	const struct bv_record	*r;
	unsigned char		*done;
	size_t			 i, n = 0;

	if (fmt == BV_EXPORT_CSV)
		bv_export_header(out, fmt);
	if (t->m.ntagged == 0) {
		if ((r = tui_current(t, &view)) == NULL)
			return 0;
		bv_export_record(out, fmt, r);
		return 1;
	}
	done = xcalloc(t->m.nwhen + 1, 1);
	for (i = 0; i < t->m.nvis; i++) {
		done[t->m.vis[i]] = 1;
		if (tui_model_tagged(&t->m, t->m.vis[i])) {
			bv_export_record(out, fmt,
			    tui_model_at(&t->m, i, &view));
			n++;
		}
	}
	for (i = 0; i < t->m.nwhen; i++)
		if (!done[i] && tui_model_tagged(&t->m, (uint32_t)i)) {
			bv_export_record(out, fmt,
			    tui_model_rec(&t->m, (uint32_t)i, &view));
			n++;
		}
	free(done);
	return n;
}

static void
save(struct tui *t)
{
	struct buf	 data = { 0 };
	struct stat	 st;
	char		 err[256], *path, *q;
	size_t		 n;
	int		 fmt;

	if (t->m.ntagged == 0 && tui_current_rec(t) < 0) {
		tui_error(t, "Nothing to save");
		return;
	}
	q = t->m.ntagged ? xasprintf("Save %zu tagged record%s to "
	    "(.csv, .json, .jsonl): ", t->m.ntagged,
	    t->m.ntagged == 1 ? "" : "s") :
	    xstrdup("Save this record to (.csv, .json, .jsonl): ");
	if (!tui_prompt(t, q, NULL) || t->input.len == 0) {
		free(q);
		tui_message(t, "Not saved");
		return;
	}
	free(q);
	path = expand_path(t->input.s);
	if ((fmt = bv_export_format(path)) < 0) {
		tui_error(t, "Not saved: the name must end in .csv, .json or "
		    ".jsonl");
		free(path);
		return;
	}
	if (stat(path, &st) == 0) {
		q = xasprintf("%s exists. Overwrite? (y/n) ", path);
		n = (size_t)tui_yesno(t, q);
		free(q);
		if (!n) {
			tui_message(t, "Not saved");
			free(path);
			return;
		}
	}
	n = export_records(t, (enum bv_exfmt)fmt, &data);
	if (bv_write_atomic(path, data.s ? data.s : "", data.len, t->loader,
	    err, sizeof(err)) < 0)
		tui_error(t, "Not saved: %s", err);
	else
		tui_message(t, "Saved %zu diagnos%s to %s (%s)", n,
		    n == 1 ? "is" : "es", path,
		    fmt == BV_EXPORT_CSV ? "CSV" : "JSON Lines");
	buf_free(&data);
	free(path);
}

static void
sort(struct tui *t, int action)
{
	long	 rec = tui_current_rec(t);

	if (action == A_SORT)
		tui_model_sort(&t->m, (t->m.sort + 1) % TUI_SORT_COUNT,
		    t->m.reverse);
	else
		tui_model_sort(&t->m, t->m.sort, !t->m.reverse);
	tui_select_rec(t, rec);
	tui_message(t, "Sorted by %s%s", tui_sort_names[t->m.sort],
	    t->m.reverse ? ", reversed" : "");
}

/* The current record's message (number *MSGNO), read again from its
 * mailbox. */
static int
read_raw(struct tui *t, unsigned *msgno, struct buf *b)
{
	const struct bv_mailbox	*mb;
	struct bv_record	 view;
	const struct bv_record	*r = tui_current(t, &view);
	char			 err[256];

	if (r == NULL) {
		tui_error(t, "No record");
		return -1;
	}
	if (t->loader == NULL ||
	    (mb = bv_loader_mailbox(t->loader, r->loc.mailbox)) == NULL) {
		tui_error(t, "The mailbox of this record is not open");
		return -1;
	}
	*msgno = (unsigned)r->loc.msgno;
	err[0] = '\0';
	if (bv_msgloc_read(mb, &r->loc, b, err, sizeof(err)) < 0) {
		tui_error(t, "Cannot read message %u again: %s",
		    *msgno, err);
		return -1;
	}
	return 0;
}

/* One doc line per line of S (up to LEN bytes). */
static void
doc_lines(struct tui_doc *d, const char *s, size_t len)
{
	const char	*nl, *end = s + len;
	char		*line;

	while (s < end) {
		nl = memchr(s, '\n', (size_t)(end - s));
		line = xstrndup(s, (size_t)((nl ? nl : end) - s));
		tui_doc_add(d, TUI_ST_NORMAL, NULL, line);
		free(line);
		s = nl ? nl + 1 : end;
	}
}

static void
headers(struct tui *t)
{
	unsigned		 msgno;
	struct buf		 b = { 0 };
	const char		*end;
	char			*title;
	size_t			 len;

	if (read_raw(t, &msgno, &b) < 0) {
		buf_free(&b);
		return;
	}
	len = b.len;
	if ((end = memmem(b.s, b.len, "\n\n", 2)) != NULL ||
	    (end = memmem(b.s, b.len, "\r\n\r\n", 4)) != NULL)
		len = (size_t)(end - b.s);
	if (len > RAWVIEW_MAX)
		len = RAWVIEW_MAX;
	tui_doc_clear(&t->pager.doc);
	doc_lines(&t->pager.doc, b.s, len);
	title = xasprintf("Headers of message %u", msgno);
	tui_pager_open(t, title);
	free(title);
	buf_free(&b);
}

static const char *
pager_command(struct tui *t)
{
	const char	*p = t->cfg.pager;

	if (p == NULL)
		p = getenv("PAGER");
	if (p == NULL || *p == '\0' || strcmp(p, "internal") == 0)
		return NULL;
	return p;
}

/* Run CMD with DATA on its standard input, curses put aside. */
static int
run_with_input(struct tui *t, const char *cmd, const char *data, size_t len,
    int waitkey)
{
	FILE	*f;
	int	 st;

	tui_shell_enter(t);
	if ((f = popen(cmd, "w")) == NULL) {
		tui_shell_leave(t, 0);
		tui_error(t, "Cannot run %s: %s", cmd, strerror(errno));
		return -1;
	}
	fwrite(data, 1, len, f);	/* EPIPE if it stops reading: fine */
	st = pclose(f);
	tui_shell_leave(t, waitkey);
	return st;
}

static void
raw_view(struct tui *t)
{
	unsigned		 msgno;
	struct tui_wtext	 w = { 0 };
	struct buf		 b = { 0 }, safe = { 0 };
	const char		*cmd = pager_command(t);
	char			*title;

	if (read_raw(t, &msgno, &b) < 0) {
		buf_free(&b);
		return;
	}
	if (cmd != NULL) {
		/* the pager gets the text with every control character
		 * already made visible: it may pass them to the terminal */
		tui_sanitize(&w, b.s, b.len, TUI_SAN_NEWLINES);
		tui_wtext_utf8(&w, &safe);
		run_with_input(t, cmd, safe.s ? safe.s : "", safe.len, 0);
		tui_wtext_free(&w);
		buf_free(&safe);
	} else {
		tui_doc_clear(&t->pager.doc);
		doc_lines(&t->pager.doc, b.s, b.len > RAWVIEW_MAX ?
		    RAWVIEW_MAX : b.len);
		if (b.len > RAWVIEW_MAX)
			tui_doc_add(&t->pager.doc, TUI_ST_DIM, NULL,
			    "[shown up to 8 MB; | pipes the whole message]");
		title = xasprintf("Message %u (%llu bytes)",
		    msgno, (unsigned long long)b.len);
		tui_pager_open(t, title);
		free(title);
	}
	buf_free(&b);
}

static void
pipe_message(struct tui *t)
{
	unsigned		 msgno;
	struct buf		 b = { 0 };
	char			*cmd;
	int			 st;

	if (tui_current_rec(t) < 0) {
		tui_error(t, "No record");
		return;
	}
	if (!tui_prompt(t, "Pipe message to command: ", NULL) ||
	    t->input.len == 0)
		return;
	cmd = xstrdup(t->input.s);
	if (read_raw(t, &msgno, &b) == 0) {
		st = run_with_input(t, cmd, b.s ? b.s : "", b.len, 1);
		if (st >= 0 && WIFEXITED(st) && WEXITSTATUS(st) == 0)
			tui_message(t, "Piped message %u to %s",
			    msgno, cmd);
		else if (st >= 0)
			tui_error(t, "%s: exit status %d", cmd,
			    WIFEXITED(st) ? WEXITSTATUS(st) : 128 +
			    WTERMSIG(st));
	}
	free(cmd);
	buf_free(&b);
}

int
tui_cmd(struct tui *t, int action)
{
	switch (action) {
	case A_SEARCH:
	case A_SEARCH_BACK:	search(t, action); break;
	case A_SEARCH_NEXT:	search_again(t, 1); break;
	case A_SEARCH_PREV:	search_again(t, -1); break;
	case A_LIMIT:
		if (tui_prompt(t, "Limit to pattern (empty or all: "
		    "everything): ", NULL))
			tui_cmd_limit_text(t, t->input.s);
		break;
	case A_NEXT_BL:	jump(t, 1, is_blocklist, "blocklist failure"); break;
	case A_PREV_BL:	jump(t, -1, is_blocklist, "blocklist failure"); break;
	case A_NEXT_HARD: jump(t, 1, is_hard, "hard failure"); break;
	case A_PREV_HARD: jump(t, -1, is_hard, "hard failure"); break;
	case A_NEXT_SOFT: jump(t, 1, is_soft, "soft failure"); break;
	case A_PREV_SOFT: jump(t, -1, is_soft, "soft failure"); break;
	case A_TAG:	tag(t); break;
	case A_TAG_PATTERN: tag_pattern(t); break;
	case A_UNTAG_ALL:
		tui_message(t, "Untagged %zu", tui_model_untag_all(&t->m));
		break;
	case A_SAVE:	save(t); break;
	case A_SORT:
	case A_SORT_REVERSE: sort(t, action); break;
	case A_SUMMARY:	tui_summary_open(t); break;
	case A_HEADERS:	headers(t); break;
	case A_RAW:	raw_view(t); break;
	case A_PIPE:	pipe_message(t); break;
	default:
		return 0;
	}
	return 1;
}
