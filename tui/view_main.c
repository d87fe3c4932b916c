/*
 * view_main.c: the main screen: the index of records and the detail pane,
 * beside it on wide terminals and below it otherwise, or the detail alone.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "tui/ui.h"

#define DATE_W		12
#define CODE_W		3
#define STATUS_W	6
#define REASON_W	12

static const int helpkeys[] = {
	A_QUIT, A_HELP, A_SEARCH, A_LIMIT, A_NEXT_BL, A_TAG, A_SAVE,
	A_SUMMARY, A_ENTER, A_NONE
};

static int
wide(const struct tui *t)
{
	if (t->cfg.split == TUI_SPLIT_BESIDE)
		return 1;
	if (t->cfg.split == TUI_SPLIT_BELOW)
		return 0;
	return t->cols >= TUI_WIDE_COLS;
}

/* Where the index, status line and detail go at the current size. */
void
tui_layout(struct tui *t)
{
	int	 body = t->rows - 3, ih, dw;

	t->too_small = t->cols < TUI_MIN_COLS || t->rows < TUI_MIN_ROWS;
	if (t->full) {
		t->ri = (struct tui_rect){ 1, 0, 0, 0 };
		t->rd = (struct tui_rect){ 1, 0, body, t->cols };
		t->status_y = t->rows - 2;
	} else if (wide(t)) {
		dw = t->cols * 2 / 5;
		t->ri = (struct tui_rect){ 1, 0, body, t->cols - dw - 1 };
		t->rd = (struct tui_rect){ 1, t->cols - dw, body, dw };
		t->status_y = t->rows - 2;
	} else {
		ih = body * 2 / 5;
		if (ih < 3)
			ih = 3;
		t->ri = (struct tui_rect){ 1, 0, ih, t->cols };
		t->status_y = 1 + ih;
		t->rd = (struct tui_rect){ 2 + ih, 0, t->rows - 3 - ih,
		    t->cols };
	}
}

/* Rows of records the index shows (one row is the column header). */
static int
index_rows(const struct tui *t)
{
	return t->ri.h > 1 ? t->ri.h - 1 : 0;
}

static void
index_clamp(struct tui *t)
{
	long	 n = (long)t->m.nvis, h = index_rows(t);

	if (t->cur >= n)
		t->cur = n - 1;
	if (t->cur < 0)
		t->cur = 0;
	if (h <= 0)
		return;
	if (t->cur < t->top)
		t->top = t->cur;
	if (t->cur >= t->top + h)
		t->top = t->cur - h + 1;
	if (t->top > n - h)
		t->top = n - h;
	if (t->top < 0)
		t->top = 0;
}

struct columns {
	int	 date, rcpt, code, status, reason, rest;
};

static void
columns(int w, struct columns *c)
{
	int	 free;

	c->date = DATE_W;
	c->code = CODE_W;
	c->status = STATUS_W;
	c->reason = REASON_W;
	free = w - 2 - (c->date + 1) - (c->code + 1) - (c->status + 1) -
	    (c->reason + 1);
	if (free < 30) {		/* narrow: the date goes first */
		free += c->date + 1;
		c->date = 0;
	}
	if (free < 10)
		free = 10;
	c->rcpt = free * 11 / 20;
	c->rest = free - c->rcpt - 1;
}

/* Draw one field and the blank after it; returns the next column. */
static int
cell(struct tui *t, int y, int x, int w, const char *s, int slot,
    attr_t extra)
{
	if (w <= 0)
		return x;
	tui_puts(t, y, x, w, s ? s : "", slot, extra, 1);
	if (x + w < t->ri.x + t->ri.w)
		tui_puts(t, y, x + w, 1, " ", -1, extra, 0);
	return x + w + 1;
}

static void
index_row(struct tui *t, int y, long pos, const struct columns *c)
{
	struct bv_record	 view;
	const struct bv_record	*r = tui_model_at(&t->m, (size_t)pos, &view);
	const char		*rest;
	char			 date[16], mark[3];
	int			 x = t->ri.x, g = tui_rec_group(r), slot;
	int			 sel = pos == t->cur;
	attr_t			 ex = sel ? A_REVERSE : A_NORMAL;

	if (sel && t->focus == 1)
		ex = A_BOLD;			/* focus is on the detail */
	mark[0] = sel ? '>' : ' ';
	mark[1] = r->tagged ? '*' : ' ';
	mark[2] = '\0';
	x = cell(t, y, x, 2, mark, r->tagged ? TUI_C_TAGGED : -1, ex) - 1;
	if (c->date > 0) {
		tui_format_date(t->m.when[t->m.vis[pos]], date, sizeof(date));
		x = cell(t, y, x, c->date, date, -1, ex);
	}
	slot = r->error != NULL ? TUI_C_UNREADABLE : -1;
	x = cell(t, y, x, c->rcpt, r->recipient ? r->recipient :
	    r->error ? "(unreadable)" : "(no recipient)", slot, ex);
	x = cell(t, y, x, c->code, r->reply_code, slot, ex);
	x = cell(t, y, x, c->status, r->status, slot, ex);
	slot = r->error != NULL ? TUI_C_UNREADABLE :
	    g >= 0 ? TUI_C_GROUP + g : -1;
	x = cell(t, y, x, c->reason, r->error ? "unreadable" : r->reason,
	    sel ? -1 : slot, ex);
	if (r->blocklist != NULL) {
		rest = r->blocklist;
		g = tui_group_index("reputation");
		slot = sel || g < 0 ? -1 : TUI_C_GROUP + g;
	} else {
		rest = r->remote_mta;
		slot = -1;
	}
	tui_puts(t, y, x, t->ri.x + t->ri.w - x, rest ? rest : "", slot, ex,
	    1);
}

static void
index_draw(struct tui *t)
{
	struct columns	 c;
	char		 hdr[256];
	long		 pos;
	int		 y;

	if (t->ri.h <= 0)
		return;
	index_clamp(t);
	columns(t->ri.w, &c);
	snprintf(hdr, sizeof(hdr), "  %-*s%s%-*s %-*s %-*s %-*s %s",
	    c.date, c.date ? "Date" : "", c.date ? " " : "",
	    c.rcpt, "Recipient", c.code, "Cod", c.status, "Status",
	    c.reason, "Reason", "Blocklist / remote host");
	tui_puts(t, t->ri.y, t->ri.x, t->ri.w, hdr, TUI_C_HEADING,
	    A_UNDERLINE, 1);
	if (t->m.nvis == 0) {
		tui_puts(t, t->ri.y + 1, t->ri.x + 2, t->ri.w - 2,
		    t->loading ? "(loading...)" : t->m.limit ?
		    "(no record matches the limit)" : "(no bounces found)",
		    -1, A_DIM, 0);
		return;
	}
	for (y = 0; y < index_rows(t); y++) {
		pos = t->top + y;
		if ((size_t)pos >= t->m.nvis)
			break;
		index_row(t, t->ri.y + 1 + y, pos, &c);
	}
}

/* Rebuild the detail text when the record or the width changed. */
void
tui_detail_sync(struct tui *t)
{
	struct bv_record	 view;
	const struct bv_record	*r = tui_current(t, &view);
	long			 rec = r ? (long)t->m.vis[t->cur] : -1;

	if (rec != t->detail_rec) {
		tui_doc_clear(&t->detail);
		if (r != NULL)
			tui_detail_build(&t->detail, r);
		t->detail_rec = rec;
		t->dtop = 0;
		t->dlo.width = -1;
	}
	if (t->dlo.width != t->rd.w && t->rd.w > 0)
		tui_doc_layout(&t->detail, t->rd.w - 1, &t->dlo);
}

static void
detail_clamp(struct tui *t)
{
	long	 max = (long)t->dlo.n - t->rd.h;

	if (t->dtop > max)
		t->dtop = max;
	if (t->dtop < 0)
		t->dtop = 0;
}

static void
detail_draw(struct tui *t)
{
	struct tui_rect	 r = t->rd;
	int		 y;

	if (r.h <= 0 || r.w <= 1)
		return;
	tui_detail_sync(t);
	detail_clamp(t);
	r.x += 1;		/* a margin, and room for the separator */
	r.w -= 1;
	tui_draw_doc(t, &t->detail, &t->dlo, r, t->dtop);
	if (r.y == t->ri.y && t->ri.h > 0)	/* beside: a separator */
		for (y = 0; y < r.h; y++)
			tui_puts(t, r.y + y, t->ri.w, 1,
			    "\xe2\x94\x82", t->focus ? TUI_C_HEADING : -1,
			    A_NORMAL, 0);
}

static void
status_draw(struct tui *t)
{
	const struct bv_load_stats	*st = NULL;
	struct buf			 b = { 0 };
	char				 pos[48];

	if (t->loader != NULL)
		st = bv_loader_stats(t->loader);
	buf_printf(&b, "-- %s", t->name);
	if (st != NULL)
		buf_printf(&b, "  %llu msgs %llu bounces %llu unreadable "
		    "%zu tagged", (unsigned long long)st->messages,
		    (unsigned long long)st->bounces,
		    (unsigned long long)st->unreadable, t->m.ntagged);
	buf_printf(&b, "  sort:%s%s", t->m.reverse ? "-" : "",
	    tui_sort_names[t->m.sort]);
	if (t->m.limit_text != NULL)
		buf_printf(&b, "  limit:%s", t->m.limit_text);
	if (t->loading && st != NULL)
		buf_printf(&b, "  loading %llu%%",
		    (unsigned long long)(st->bytes_total ?
		    st->bytes_done * 100 / st->bytes_total : 0));
	if (t->focus || t->full)
		buf_adds(&b, "  [detail]");
	snprintf(pos, sizeof(pos), " %ld/%zu ",
	    t->m.nvis ? t->cur + 1 : 0, t->m.nvis);
	tui_puts(t, t->status_y, 0, t->cols, b.s, TUI_C_BAR, A_NORMAL, 1);
	if ((int)strlen(pos) + 10 < t->cols)
		tui_puts(t, t->status_y, t->cols - (int)strlen(pos),
		    (int)strlen(pos), pos, TUI_C_BAR, A_NORMAL, 0);
	buf_free(&b);
}

void
tui_main_draw(struct tui *t)
{
	tui_layout(t);
	tui_draw_helpline(t, helpkeys);
	index_draw(t);
	detail_draw(t);
	status_draw(t);
}

static void
move_cursor(struct tui *t, long to)
{
	t->cur = to;
	index_clamp(t);
}

static int
scroll_detail(struct tui *t, int action)
{
	long	 h = t->rd.h > 1 ? t->rd.h - 1 : 1;

	switch (action) {
	case A_DOWN:	t->dtop++; break;
	case A_UP:	t->dtop--; break;
	case A_PGDOWN:	t->dtop += h; break;
	case A_PGUP:	t->dtop -= h; break;
	case A_FIRST:	t->dtop = 0; break;
	case A_LAST:	t->dtop = (long)t->dlo.n; break;
	default:	return 0;
	}
	detail_clamp(t);
	return 1;
}

int
tui_main_action(struct tui *t, int action)
{
	long	 h = index_rows(t) > 1 ? index_rows(t) - 1 : 1;

	if (action == A_ENTER) {
		t->full = !t->full;
		t->focus = t->full;
		return 1;
	}
	if (action == A_FOCUS) {
		if (!t->full)
			t->focus = !t->focus;
		return 1;
	}
	if (action == A_QUIT && t->full) {
		t->full = t->focus = 0;
		return 1;
	}
	if (t->focus || t->full)
		return scroll_detail(t, action);
	switch (action) {
	case A_DOWN:	move_cursor(t, t->cur + 1); break;
	case A_UP:	move_cursor(t, t->cur - 1); break;
	case A_PGDOWN:	t->top += h; move_cursor(t, t->cur + h); break;
	case A_PGUP:	t->top -= h; move_cursor(t, t->cur - h); break;
	case A_FIRST:	move_cursor(t, 0); break;
	case A_LAST:	move_cursor(t, (long)t->m.nvis - 1); break;
	default:	return 0;
	}
	return 1;
}

static int
inside(const struct tui_rect *r, int y, int x)
{
	return y >= r->y && y < r->y + r->h && x >= r->x && x < r->x + r->w;
}

void
tui_main_mouse(struct tui *t, int kind, int y, int x)
{
	int	 indet = inside(&t->rd, y, x), i;

	if (!indet && !inside(&t->ri, y, x))
		return;
	if (kind == TUI_MOUSE_CLICK) {
		t->focus = indet || t->full;
		if (!indet && y > t->ri.y &&
		    t->top + (y - t->ri.y - 1) < (long)t->m.nvis)
			move_cursor(t, t->top + (y - t->ri.y - 1));
		return;
	}
	for (i = 0; i < 3; i++) {
		if (indet)
			scroll_detail(t, kind == TUI_MOUSE_WHEELUP ? A_UP :
			    A_DOWN);
		else
			move_cursor(t, t->cur + (kind == TUI_MOUSE_WHEELUP ?
			    -1 : 1));
	}
}
