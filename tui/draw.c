/*
 * draw.c: colours, and the only functions that put text on the screen.
 * Everything drawn went through tui_sanitize() first: tui_puts() does it
 * for plain strings, tui_put() takes text that already did.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "tui/ui.h"

/* Monochrome look of each slot when there is no colour. */
static attr_t
mono(int slot)
{
	switch (slot) {
	case TUI_C_CURSOR:
	case TUI_C_BAR:
	case TUI_C_PLACEHOLDER:
		return A_REVERSE;
	case TUI_C_HEADING:
	case TUI_C_LABEL:
	case TUI_C_TAGGED:
	case TUI_C_ERROR:
		return A_BOLD;
	case TUI_C_UNREADABLE:
		return A_DIM;
	default:
		/* the blocklist group stands out even without colour */
		if (slot == TUI_C_GROUP + tui_group_index("reputation"))
			return A_BOLD;
		return A_NORMAL;
	}
}

void
tui_colors_init(struct tui *t)
{
	const char	*nc = getenv("NO_COLOR");
	int		 i;
	short		 fg, bg;

	t->color = !t->opt->no_color && (nc == NULL || *nc == '\0') &&
	    has_colors();
	if (!t->color)
		return;
	start_color();
	use_default_colors();
	for (i = 0; i < TUI_C_COUNT; i++) {
		fg = t->cfg.color[i].fg;
		bg = t->cfg.color[i].bg;
		if (fg >= COLORS)
			fg = (short)(fg % 8);
		if (bg >= COLORS)
			bg = (short)(bg % 8);
		init_pair((short)(i + 1), fg, bg);
	}
}

attr_t
tui_attr(struct tui *t, int slot, short *pair)
{
	const struct tui_color	*c;

	*pair = 0;
	if (slot < 0 || slot >= TUI_C_COUNT)
		return A_NORMAL;
	if (!t->color)
		return mono(slot);
	c = &t->cfg.color[slot];
	if (!c->set)
		return mono(slot);
	*pair = (short)(slot + 1);
	return c->bold ? A_BOLD : A_NORMAL;
}

attr_t
tui_style_attr(struct tui *t, int style, short *pair)
{
	switch (style) {
	case TUI_ST_HEADING:
		return tui_attr(t, TUI_C_HEADING, pair);
	case TUI_ST_LABEL:
		return tui_attr(t, TUI_C_LABEL, pair);
	case TUI_ST_ERROR:
		return tui_attr(t, TUI_C_ERROR, pair);
	case TUI_ST_DIM:
		*pair = 0;
		return A_DIM;
	case TUI_ST_NORMAL:
		*pair = 0;
		return A_NORMAL;
	default:
		return tui_attr(t, TUI_C_GROUP + style - TUI_ST_GROUP, pair);
	}
}

static int
style_slot(int style)
{
	switch (style) {
	case TUI_ST_HEADING:
		return TUI_C_HEADING;
	case TUI_ST_LABEL:
		return TUI_C_LABEL;
	case TUI_ST_ERROR:
		return TUI_C_ERROR;
	case TUI_ST_NORMAL:
	case TUI_ST_DIM:
		return -1;
	default:
		return TUI_C_GROUP + style - TUI_ST_GROUP;
	}
}

void
tui_fill(struct tui *t, int y, int x, int w, int slot, attr_t extra)
{
	short	 pair;
	attr_t	 a = tui_attr(t, slot, &pair) | extra;

	if (y < 0 || y >= t->rows || w <= 0)
		return;
	attr_set(a, pair, NULL);
	mvhline(y, x, ' ' | a | COLOR_PAIR(pair), w);
	attr_set(A_NORMAL, 0, NULL);
}

int
tui_put(struct tui *t, int y, int x, int w, const struct tui_wtext *s,
    size_t off, size_t len, int slot, attr_t extra, int pad)
{
	short	 pair, ppair;
	attr_t	 a = tui_attr(t, slot, &pair) | extra;
	attr_t	 pa = tui_attr(t, TUI_C_PLACEHOLDER, &ppair);
	size_t	 n, i, j;
	int	 used;

	if (y < 0 || y >= t->rows || x >= t->cols || w <= 0)
		return 0;
	if (x + w > t->cols)
		w = t->cols - x;
	if (off > s->n)
		off = s->n;
	if (len > s->n - off)
		len = s->n - off;
	n = tui_wtext_fit(s, off, w, &used);
	if (n > len) {
		n = len;
		used = 0;
		for (i = off; i < off + n; i++)
			used += s->mark[i] ? 1 : tui_wc_width(s->wc[i]);
	}
	move(y, x);
	/* runs of message text and of placeholders, each in its style */
	for (i = off; i < off + n; i = j) {
		for (j = i; j < off + n && s->mark[j] == s->mark[i]; j++)
			;
		if (s->mark[i])
			attr_set(pa | (extra & A_REVERSE), ppair, NULL);
		else
			attr_set(a, pair, NULL);
		addnwstr(s->wc + i, (int)(j - i));
	}
	if (pad && used < w) {
		attr_set(a, pair, NULL);
		hline(' ' | a | COLOR_PAIR(pair), w - used);
		used = w;
	}
	attr_set(A_NORMAL, 0, NULL);
	return used;
}

int
tui_puts(struct tui *t, int y, int x, int w, const char *s, int slot,
    attr_t extra, int pad)
{
	struct tui_wtext	 wt = { 0 };
	int			 used;

	tui_sanitize_str(&wt, s ? s : "", 0);
	used = tui_put(t, y, x, w, &wt, 0, wt.n, slot, extra, pad);
	tui_wtext_free(&wt);
	return used;
}

void
tui_draw_doc(struct tui *t, const struct tui_doc *d,
    const struct tui_doclayout *lo, struct tui_rect r, long top)
{
	const struct tui_docrow		*row;
	const struct tui_docline	*l;
	struct tui_wtext		 lab = { 0 };
	long				 i;
	int				 y, x, slot;

	for (y = 0; y < r.h; y++) {
		i = top + y;
		if (i < 0 || (size_t)i >= lo->n)
			continue;
		row = &lo->rows[i];
		l = &d->v[row->line];
		x = r.x;
		if (l->label != NULL) {
			if (row->first) {
				tui_wtext_reset(&lab);
				tui_sanitize_str(&lab, l->label, 0);
				tui_put(t, r.y + y, x, lo->textx - 1, &lab, 0,
				    lab.n, TUI_C_LABEL,
				    t->color ? A_BOLD : A_NORMAL, 0);
			}
			x += lo->textx;
		}
		slot = style_slot(l->style);
		tui_put(t, r.y + y, x, r.w - (x - r.x),
		    &lo->texts[row->line], row->span.off, row->span.len, slot,
		    l->style == TUI_ST_DIM ? A_DIM : A_NORMAL, 0);
	}
	tui_wtext_free(&lab);
}

void
tui_draw_helpline(struct tui *t, const int *acts)
{
	struct buf	 b = { 0 };
	char		 name[32];
	size_t		 i;
	int		 k;

	for (k = 0; acts[k] != A_NONE; k++) {
		for (i = 0; i < t->cfg.keys.n; i++)
			if (t->cfg.keys.v[i].action == acts[k])
				break;
		if (i == t->cfg.keys.n)
			continue;		/* unbound: not advertised */
		tui_key_name(t->cfg.keys.v[i].key, name, sizeof(name));
		if (name[0] == '<' && name[1] != '\0') {	/* <Enter>: Enter */
			memmove(name, name + 1, strlen(name));
			name[strlen(name) - 1] = '\0';
		}
		buf_printf(&b, "%s%s:%s", b.len ? "  " : "", name,
		    tui_actions[acts[k]].word);
	}
	tui_puts(t, 0, 0, t->cols, b.s ? b.s : "", TUI_C_BAR, A_NORMAL, 1);
	buf_free(&b);
}
