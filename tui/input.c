/*
 * input.c: keys from the terminal or, in test mode, from the key script;
 * the screen dump of the test mode; the prompt line.
 */
#include "config.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tui/ui.h"

static volatile sig_atomic_t	 interrupted;

static void
on_sigint(int sig)
{
	(void)sig;
	interrupted = 1;
}

void
tui_input_init(struct tui *t)
{
	struct sigaction	 sa;

	if (t->test)
		return;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_sigint;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);	/* no SA_RESTART: getch returns */
}

static int
normalize(int k)
{
	switch (k) {
	case '\r':
	case TUI_KEYFN | KEY_ENTER:
		return '\n';
	case 0x7f:
	case 0x08:
		return TUI_KEYFN | KEY_BACKSPACE;
	case 0x03:
		return TUI_KEY_INTR;
	}
	return k;
}

static void
resized(struct tui *t)
{
	getmaxyx(stdscr, t->rows, t->cols);
}

static int
script_key(struct tui *t, int wait)
{
	struct tui_event	*ev;

	/* while loading, every other poll lets one slice of loading run:
	 * the same interleaving on every run */
	if (!wait && t->loading && !t->test_polled) {
		t->test_polled = 1;
		return TUI_KEY_NONE;
	}
	t->test_polled = 0;
	for (;;) {
		if (t->script.next >= t->script.n)
			return TUI_KEY_EOF;
		ev = &t->script.v[t->script.next++];
		switch (ev->kind) {
		case TUI_EV_DUMP:
			tui_draw(t);
			tui_dump(t, stdout);
			continue;
		case TUI_EV_WAIT:
			tui_load_all(t);
			tui_draw(t);
			continue;
		case TUI_EV_RESIZE:
			resizeterm(ev->b, ev->a);
			resized(t);
			return TUI_KEY_RESIZE;
		case TUI_EV_CLICK:
			t->mouse_kind = TUI_MOUSE_CLICK;
			t->mouse_y = ev->a;
			t->mouse_x = ev->b;
			return TUI_KEY_MOUSE;
		case TUI_EV_WHEEL:
			t->mouse_kind = ev->key < 0 ? TUI_MOUSE_WHEELUP :
			    TUI_MOUSE_WHEELDOWN;
			t->mouse_y = ev->a;
			t->mouse_x = ev->b;
			return TUI_KEY_MOUSE;
		case TUI_EV_INTR:
			return TUI_KEY_INTR;
		default:
			return normalize(ev->key);
		}
	}
}

static int
mouse_key(struct tui *t)
{
	MEVENT	 me;

	if (getmouse(&me) != OK)
		return TUI_KEY_NONE;
	t->mouse_y = me.y;
	t->mouse_x = me.x;
	if (me.bstate & BUTTON4_PRESSED)
		t->mouse_kind = TUI_MOUSE_WHEELUP;
#ifdef BUTTON5_PRESSED
	else if (me.bstate & BUTTON5_PRESSED)
		t->mouse_kind = TUI_MOUSE_WHEELDOWN;
#endif
	else if (me.bstate & (BUTTON1_CLICKED | BUTTON1_PRESSED |
	    BUTTON1_RELEASED))
		t->mouse_kind = TUI_MOUSE_CLICK;
	else
		return TUI_KEY_NONE;
	return TUI_KEY_MOUSE;
}

int
tui_getkey(struct tui *t, int wait)
{
	wint_t	 wc;
	int	 r;

	if (t->test)
		return script_key(t, wait);
	timeout(wait ? -1 : 0);
	r = get_wch(&wc);
	if (interrupted) {
		interrupted = 0;
		return TUI_KEY_INTR;
	}
	if (r == ERR)
		return TUI_KEY_NONE;
	if (r == KEY_CODE_YES) {
		if (wc == KEY_RESIZE) {
			resized(t);
			return TUI_KEY_RESIZE;
		}
		if (wc == KEY_MOUSE)
			return mouse_key(t);
		return normalize(TUI_KEYFN | (int)wc);
	}
	return normalize((int)wc);
}

void
tui_dump(struct tui *t, FILE *out)
{
	struct tui_wtext	 w = { 0 };
	struct buf		 line = { 0 };
	wchar_t			*row;
	int			 y, n;

	row = xcalloc((size_t)t->cols * 6 + 1, sizeof(*row));
	fprintf(out, "--- screen %dx%d\n", t->cols, t->rows);
	for (y = 0; y < t->rows; y++) {
		n = mvwinnwstr(stdscr, y, 0, row, t->cols * 6);
		buf_reset(&line);
		if (n > 0) {
			w.wc = row;
			w.n = (size_t)n;
			tui_wtext_utf8(&w, &line);
		}
		while (line.len > 0 && line.s[line.len - 1] == ' ')
			line.len--;
		fprintf(out, "%.*s\n", (int)line.len, line.s ? line.s : "");
	}
	fprintf(out, "--- end\n");
	fflush(out);
	buf_free(&line);
	free(row);
}

/* Remove the last character (not byte) of the input. */
static void
backspace(struct buf *b)
{
	while (b->len > 0) {
		b->len--;
		if (((unsigned char)b->s[b->len] & 0xc0) != 0x80)
			break;
	}
	if (b->s != NULL)
		b->s[b->len] = '\0';
}

static void
kill_word(struct buf *b)
{
	while (b->len > 0 && b->s[b->len - 1] == ' ')
		b->len--;
	while (b->len > 0 && b->s[b->len - 1] != ' ')
		b->len--;
	if (b->s != NULL)
		b->s[b->len] = '\0';
}

int
tui_prompt(struct tui *t, const char *label, const char *init)
{
	char	 u[4];
	int	 k, ok = -1;

	buf_reset(&t->input);
	buf_adds(&t->input, init ? init : "");
	t->prompt = label;
	t->msg[0] = '\0';
	while (ok < 0) {
		tui_draw(t);
		k = tui_getkey(t, !t->loading);
		if (k == TUI_KEY_NONE) {
			tui_idle(t);
			continue;
		}
		if (k == TUI_KEY_EOF) {
			t->quit = 1;
			ok = 0;
		} else if (k == TUI_KEY_INTR || k == 27 || k == TUI_CTRL('g'))
			ok = 0;
		else if (k == '\n')
			ok = 1;
		else if (k == (TUI_KEYFN | KEY_BACKSPACE))
			backspace(&t->input);
		else if (k == TUI_CTRL('u'))
			buf_reset(&t->input);
		else if (k == TUI_CTRL('w'))
			kill_word(&t->input);
		else if (k == '\t')
			buf_addc(&t->input, ' ');
		else if (k >= 0x20 && !(k & TUI_KEYFN))
			buf_add(&t->input, u,
			    tui_utf8_encode((unsigned long)k, u));
	}
	t->prompt = NULL;
	if (t->input.s == NULL)
		buf_adds(&t->input, "");
	return ok;
}

int
tui_yesno(struct tui *t, const char *question)
{
	int	 k;

	t->prompt = question;
	buf_reset(&t->input);
	buf_adds(&t->input, "");
	for (;;) {
		tui_draw(t);
		k = tui_getkey(t, !t->loading);
		if (k == TUI_KEY_NONE) {
			tui_idle(t);
			continue;
		}
		if (k == 'y' || k == 'Y' || k == 'n' || k == 'N' ||
		    k == 27 || k == TUI_KEY_INTR || k == TUI_KEY_EOF ||
		    k == TUI_CTRL('g'))
			break;
	}
	t->prompt = NULL;
	if (k == TUI_KEY_EOF)
		t->quit = 1;
	return k == 'y' || k == 'Y';
}
