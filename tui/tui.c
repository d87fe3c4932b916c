/*
 * tui.c: the interface's life: set up the terminal (or the virtual one of
 * the test mode), load the mailboxes in slices between key presses, hand
 * keys to the view on top, put the terminal back however it ends.
 */
#include "config.h"

#include <langinfo.h>
#include <locale.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "tui/ui.h"

#define SLICE_MS	25	/* loading between two looks at the keys */
#define SLICE_MSGS	32	/* messages per loader call */
#define TEST_SLICE	4	/* messages per slice in test mode */

static int	curses_on;	/* endwin() still owed to the terminal */

void
tui_fatal(const char *fmt, ...)
{
	va_list	 ap;

	if (curses_on) {
		endwin();
		curses_on = 0;
	}
	fputs("bounceview: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(1);
}

/* A fatal signal: give the terminal back, then die of it as usual. */
static void
on_fatal_signal(int sig)
{
	if (curses_on)
		endwin();
	signal(sig, SIG_DFL);
	raise(sig);
}

static void
signals(void)
{
	static const int	 fatal[] = { SIGTERM, SIGHUP, SIGQUIT, SIGABRT };
	size_t			 i;

	signal(SIGPIPE, SIG_IGN);
	for (i = 0; i < sizeof(fatal) / sizeof(fatal[0]); i++)
		signal(fatal[i], on_fatal_signal);
}

static void
vmessage(struct tui *t, int err, const char *fmt, va_list ap)
{
	vsnprintf(t->msg, sizeof(t->msg), fmt, ap);
	t->msgerr = err;
}

void
tui_message(struct tui *t, const char *fmt, ...)
{
	va_list	 ap;

	va_start(ap, fmt);
	vmessage(t, 0, fmt, ap);
	va_end(ap);
}

void
tui_error(struct tui *t, const char *fmt, ...)
{
	va_list	 ap;

	va_start(ap, fmt);
	vmessage(t, 1, fmt, ap);
	va_end(ap);
	if (!t->test)
		beep();
}

void
tui_push(struct tui *t, const struct tui_view *v)
{
	if (t->nview > 0 && t->view[t->nview - 1] == v)
		return;			/* reopened: the data was replaced */
	if (t->nview < (int)(sizeof(t->view) / sizeof(t->view[0])))
		t->view[t->nview++] = v;
}

void
tui_pop(struct tui *t)
{
	if (t->nview > 0)
		t->nview--;
}

long
tui_current_rec(const struct tui *t)
{
	if (t->cur < 0 || (size_t)t->cur >= t->m.nvis)
		return -1;
	return (long)t->m.vis[t->cur];
}

const struct bv_record *
tui_current(struct tui *t, struct bv_record *view)
{
	if (t->cur < 0 || (size_t)t->cur >= t->m.nvis)
		return NULL;
	return tui_model_at(&t->m, (size_t)t->cur, view);
}

void
tui_select_rec(struct tui *t, long rec)
{
	long	 pos = rec >= 0 ? tui_model_pos(&t->m, (uint32_t)rec) : -1;

	t->cur = pos >= 0 ? pos : 0;
}

static uint64_t
now_ms(void)
{
	struct timespec	 ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

/* The loader's newest complaint ("FILE: what") on the message line; all
 * of them go to stderr at the end. */
static void
loader_errors(struct tui *t)
{
	char	*last, *end;

	fflush(t->errs);
	if (t->errlen <= t->errshown)
		return;
	end = t->errtext + t->errlen;
	if (end > t->errtext && end[-1] == '\n')
		end--;
	for (last = end; last > t->errtext + t->errshown && last[-1] != '\n';
	    last--)
		;
	tui_error(t, "%.*s", (int)(end - last), last);
	t->errshown = t->errlen;
}

/* Records read since the last look: into the view, cursor kept. */
static void
take_records(struct tui *t)
{
	long	 rec = tui_current_rec(t);

	if (tui_model_sync(&t->m) > 0 && rec >= 0)
		tui_select_rec(t, rec);
	loader_errors(t);
}

static void
loaded(struct tui *t)
{
	const struct bv_load_stats	*st = bv_loader_stats(t->loader);

	t->loading = 0;
	if (t->msg[0] == '\0')
		tui_message(t, "Read %llu message%s: %llu record%s, "
		    "%llu unreadable", (unsigned long long)st->messages,
		    st->messages == 1 ? "" : "s",
		    (unsigned long long)st->records,
		    st->records == 1 ? "" : "s",
		    (unsigned long long)st->unreadable);
}

void
tui_idle(struct tui *t)
{
	uint64_t	 start = now_ms();
	int		 more = 1;

	if (!t->loading)
		return;
	if (t->test) {
		more = bv_loader_step(t->loader, TEST_SLICE, &t->m.incoming);
		tui_model_absorb(&t->m);
	} else
		while (more && now_ms() - start < SLICE_MS) {
			more = bv_loader_step(t->loader, SLICE_MSGS,
			    &t->m.incoming);
			/* the workers parse on while these are taken in */
			tui_model_absorb(&t->m);
			/* until the index fills the screen, the first
			 * records are shown as soon as they come */
			if (t->m.nabsorbed > 0 && t->m.nwhen -
			    t->m.nabsorbed < (size_t)t->rows)
				break;
		}
	take_records(t);
	if (!more)
		loaded(t);
}

void
tui_load_all(struct tui *t)
{
	/* taken in step by step: a step's records are bulky until then */
	while (t->loading && bv_loader_step(t->loader, 1024, &t->m.incoming))
		take_records(t);
	take_records(t);
	if (t->loading)
		loaded(t);
}

void
tui_shell_enter(struct tui *t)
{
	def_prog_mode();
	endwin();
}

void
tui_shell_leave(struct tui *t, int waitkey)
{
	char	 c;

	if (waitkey && !t->test) {
		fputs("\n[press a key to go back to bounceview]", stdout);
		fflush(stdout);
	}
	reset_prog_mode();
	if (waitkey && !t->test)
		while (read(STDIN_FILENO, &c, 1) < 0)
			;
	clearok(curscr, TRUE);
}

static void
bottom_line(struct tui *t)
{
	struct tui_wtext	 w = { 0 };
	int			 x, y = t->rows - 1;

	if (t->prompt != NULL) {
		x = tui_puts(t, y, 0, t->cols, t->prompt, -1, A_BOLD, 0);
		tui_sanitize_str(&w, t->input.s, 0);
		/* the end of a long input stays in sight */
		while (w.width > t->cols - x - 1 && w.n > 0) {
			w.width -= w.mark[0] ? 1 : tui_wc_width(w.wc[0]);
			memmove(w.wc, w.wc + 1, w.n * sizeof(*w.wc));
			memmove(w.mark, w.mark + 1, w.n);
			w.n--;
		}
		x += tui_put(t, y, x, t->cols - x, &w, 0, w.n, -1, A_NORMAL,
		    0);
		tui_wtext_free(&w);
		if (!t->test) {
			curs_set(1);
			move(y, x);
		}
		return;
	}
	if (!t->test)
		curs_set(0);
	tui_puts(t, y, 0, t->cols, t->msg, t->msgerr ? TUI_C_ERROR : -1,
	    A_NORMAL, 0);
}

static void
too_small(struct tui *t)
{
	char	 s[80];

	snprintf(s, sizeof(s), "Terminal too small (%dx%d)", t->cols,
	    t->rows);
	tui_puts(t, 0, 0, t->cols, s, TUI_C_ERROR, A_NORMAL, 0);
	snprintf(s, sizeof(s), "need %dx%d; q quits", TUI_MIN_COLS,
	    TUI_MIN_ROWS);
	tui_puts(t, t->rows > 1 ? 1 : 0, 0, t->cols, s, -1, A_NORMAL, 0);
}

void
tui_draw(struct tui *t)
{
	const struct tui_view	*v = t->nview ? t->view[t->nview - 1] : NULL;
	struct buf		 b = { 0 };

	erase();
	tui_layout(t);
	if (t->too_small) {
		too_small(t);
		refresh();
		return;
	}
	if (v != NULL) {
		v->draw(t, 1, t->rows - 3);
		v->status(t, &b);
		tui_puts(t, t->rows - 2, 0, t->cols, b.s, TUI_C_BAR, A_NORMAL,
		    1);
		buf_free(&b);
	} else
		tui_main_draw(t);
	bottom_line(t);
	refresh();
}

static void
help(struct tui *t)
{
	tui_doc_clear(&t->pager.doc);
	tui_help_build(&t->pager.doc, &t->cfg.keys);
	tui_pager_open(t, "Help: keys and patterns");
}

static void
interrupt(struct tui *t)
{
	const struct bv_load_stats	*st;

	if (!t->loading) {
		tui_message(t, "Q quits");
		return;
	}
	st = bv_loader_stats(t->loader);
	t->loading = 0;
	tui_error(t, "Loading stopped after %llu messages; showing what "
	    "was read", (unsigned long long)st->messages);
}

static void
dispatch(struct tui *t, int k)
{
	const struct tui_view	*v = t->nview ? t->view[t->nview - 1] : NULL;
	char			 name[32];
	int			 a;

	if (k == TUI_KEY_RESIZE)
		return;			/* the next draw lays out anew */
	if (k == TUI_KEY_INTR) {
		interrupt(t);
		return;
	}
	if (k == TUI_KEY_MOUSE) {
		if (!t->too_small) {
			if (v != NULL)
				v->mouse(t, t->mouse_kind, t->mouse_y,
				    t->mouse_x);
			else
				tui_main_mouse(t, t->mouse_kind, t->mouse_y,
				    t->mouse_x);
		}
		return;
	}
	a = tui_keymap_get(&t->cfg.keys, k);
	if (t->too_small && a != A_QUIT && a != A_QUIT_NOW)
		return;
	switch (a) {
	case A_NONE:
		tui_error(t, "%s is not bound to anything; ? lists the keys",
		    tui_key_name(k, name, sizeof(name)));
		return;
	case A_QUIT_NOW:
		t->quit = 1;
		return;
	case A_REDRAW:
		clearok(curscr, TRUE);
		return;
	case A_HELP:
		if (v != &tui_pager_view || strncmp(t->pager.title, "Help", 4))
			help(t);
		return;
	}
	if (t->too_small) {
		t->quit = 1;
		return;
	}
	if (v != NULL) {
		if (v->action(t, a))
			return;
		if (a == A_QUIT)
			tui_pop(t);
		else
			tui_error(t, "%s: not available in the %s view",
			    tui_actions[a].name, v->name);
		return;
	}
	if (tui_main_action(t, a))
		return;
	if (a == A_QUIT)
		t->quit = 1;
	else
		tui_cmd(t, a);
}

static int
start_terminal(struct tui *t)
{
	static FILE	*nullout, *nullin;
	SCREEN		*s;

	if (t->test) {
		nullout = fopen("/dev/null", "w");
		nullin = fopen("/dev/null", "r");
		if (nullout == NULL || nullin == NULL)
			return -1;
		if ((s = newterm("xterm-256color", nullout, nullin)) == NULL &&
		    (s = newterm("xterm", nullout, nullin)) == NULL)
			return -1;
		set_term(s);
		resizeterm(t->opt->test_rows > 0 ? t->opt->test_rows : 24,
		    t->opt->test_cols > 0 ? t->opt->test_cols : 80);
	} else {
		if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO))
			return -1;
		if ((s = newterm(NULL, stdout, stdin)) == NULL)
			return -1;
		set_term(s);
	}
	curses_on = 1;
	cbreak();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	set_escdelay(25);
	if (!t->test) {
		curs_set(0);
		if (t->cfg.mouse) {
			mousemask(BUTTON1_CLICKED | BUTTON1_PRESSED |
			    BUTTON4_PRESSED
#ifdef BUTTON5_PRESSED
			    | BUTTON5_PRESSED
#endif
			    , NULL);
			mouseinterval(0);
		}
	}
	getmaxyx(stdscr, t->rows, t->cols);
	tui_colors_init(t);
	return 0;
}

static void
set_locale(struct tui *t)
{
	const char	*cs;

	setlocale(LC_ALL, "");
	if (t->test)		/* the same screens whatever the environment */
		setlocale(LC_CTYPE, "C.UTF-8");
	cs = nl_langinfo(CODESET);
	tui_sanitize_ascii(cs == NULL || (strcmp(cs, "UTF-8") != 0 &&
	    strcmp(cs, "utf8") != 0));
}

/* Config problems go to stderr now and to the message line once drawn. */
static int
read_config(struct tui *t)
{
	char	*path, *first = NULL, *text = NULL;
	size_t	 len = 0;
	FILE	*errs = open_memstream(&text, &len);
	int	 n;

	tui_config_init(&t->cfg);
	path = t->opt->config ? xstrdup(t->opt->config) :
	    tui_config_default_path();
	if (path == NULL || (!t->opt->config && access(path, F_OK) != 0)) {
		free(path);
		fclose(errs);
		free(text);
		return 0;
	}
	n = tui_config_load(&t->cfg, path, errs);
	fclose(errs);
	if (len > 0) {
		fputs(text, stderr);
		first = xstrndup(text, strcspn(text, "\n"));
		if (n < 0)
			tui_error(t, "%s", first);
		else
			tui_error(t, "%s%s", first, n > 1 ? " (and more)" : "");
	}
	free(first);
	free(text);
	free(path);
	return n < 0 ? -1 : 0;
}

static void
set_name(struct tui *t)
{
	const struct tui_options	*o = t->opt;

	if (o->nargs == 1)
		t->name = xstrdup(o->args[0]);
	else
		t->name = xasprintf("%s (+%d more)", o->args[0], o->nargs - 1);
}

static void
cleanup(struct tui *t)
{
	tui_model_free(&t->m);
	bv_loader_free(t->loader);
	tui_config_free(&t->cfg);
	tui_doc_clear(&t->detail);
	tui_doclayout_free(&t->dlo);
	tui_doc_clear(&t->pager.doc);
	tui_doclayout_free(&t->pager.lo);
	free(t->pager.title);
	free(t->pager.find);
	tui_summary_free(&t->sum);
	bv_pattern_free(t->search);
	free(t->search_text);
	buf_free(&t->input);
	tui_script_free(&t->script);
	free(t->name);
	if (t->errs != NULL)
		fclose(t->errs);
	free(t->errtext);
}

static void
run(struct tui *t)
{
	int	 k;

	t->loading = 1;
	tui_draw(t);			/* at once, before reading anything */
	tui_idle(t);
	while (!t->quit) {
		tui_draw(t);
		k = tui_getkey(t, !t->loading);
		if (k == TUI_KEY_NONE) {
			tui_idle(t);
			continue;
		}
		if (k == TUI_KEY_EOF)
			break;
		if (k != TUI_KEY_RESIZE) {
			t->msg[0] = '\0';
			t->msgerr = 0;
		}
		dispatch(t, k);
	}
}

int
tui_main(const struct tui_options *opt)
{
	struct tui	 t;
	char		 err[300];
	int		 status = 0;

	memset(&t, 0, sizeof(t));
	t.opt = opt;
	t.test = opt->test_keys != NULL;
	t.detail_rec = -1;
	set_locale(&t);
	if (opt->nargs < 1) {
		fprintf(stderr, "bounceview: no mailbox given\n");
		return 2;
	}
	if (t.test && tui_script_load(&t.script, opt->test_keys, err,
	    sizeof(err)) < 0) {
		fprintf(stderr, "bounceview: %s\n", err);
		return 2;
	}
	if (read_config(&t) < 0) {
		cleanup(&t);
		return 2;
	}
	tui_model_init(&t.m);
	t.m.sort = t.cfg.sort;
	t.m.reverse = t.cfg.reverse;
	set_name(&t);
	t.errs = open_memstream(&t.errtext, &t.errlen);
	t.loader = bv_loader_new(opt->args, opt->nargs, opt->all, t.errs);
	/* Screen dumps must not depend on how fast the workers answer. */
	if (t.test)
		bv_loader_inprocess(t.loader);
	if (start_terminal(&t) < 0) {
		cleanup(&t);
		fprintf(stderr, "bounceview: the interface needs a terminal "
		    "(TERM=%s); --export=json works without one\n",
		    getenv("TERM") ? getenv("TERM") : "");
		return 1;
	}
	signals();
	tui_input_init(&t);
	run(&t);
	endwin();
	curses_on = 0;
	fflush(t.errs);
	if (t.errlen > 0)
		fputs(t.errtext, stderr);
	if (bv_loader_stats(t.loader)->badinputs == (uint64_t)opt->nargs)
		status = 1;
	cleanup(&t);
	return status;
}
