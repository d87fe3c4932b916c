/*
 * view_summary.c: the shown records counted by reason, recipient domain,
 * blocklist and remote host, as horizontal bars.  Enter on a row narrows
 * the limit to it.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tui/ui.h"

#define KEY_W	32
#define COUNT_W	7

static const int helpkeys[] = {
	A_QUIT, A_ENTER, A_NONE
};

static int
body_h(const struct tui *t)
{
	return t->rows - 3;
}

static int
selectable(const struct tui *t, long i)
{
	return i >= 0 && (size_t)i < t->sum.n && t->sum.v[i].kind >= 0;
}

/* Move the cursor by DIR rows, skipping headings; stay if none. */
static void
step(struct tui *t, long from, int dir)
{
	long	 i;

	for (i = from; i >= 0 && (size_t)i < t->sum.n; i += dir)
		if (selectable(t, i)) {
			t->scur = i;
			break;
		}
	if (t->scur < t->stop)		/* show the heading above too */
		t->stop = selectable(t, t->scur - 1) ? t->scur : t->scur - 1;
	if (t->scur >= t->stop + body_h(t))
		t->stop = t->scur - body_h(t) + 1;
	if (t->stop < 0)
		t->stop = 0;
}

static void
bar(struct tui *t, int y, int x, int w, const struct tui_sumrow *row,
    int slot)
{
	struct buf	 b = { 0 };
	size_t		 n, i;
	const char	*block = MB_CUR_MAX > 1 ? "\xe2\x96\x88" : "#";

	if (w <= 0 || row->max == 0)
		return;
	n = (row->count * (size_t)w + row->max - 1) / row->max;
	for (i = 0; i < n && i < (size_t)w; i++)
		buf_adds(&b, block);
	tui_puts(t, y, x, w, b.s ? b.s : "", slot, A_NORMAL, 0);
	buf_free(&b);
}

static void
summary_draw(struct tui *t, int y0, int h)
{
	const struct tui_sumrow	*row;
	char			 num[32];
	long			 i;
	int			 y, kw, slot, g;
	attr_t			 ex;

	tui_draw_helpline(t, helpkeys);
	kw = t->cols / 3 < KEY_W ? t->cols / 3 : KEY_W;
	for (y = 0; y < h; y++) {
		i = t->stop + y;
		if ((size_t)i >= t->sum.n)
			break;
		row = &t->sum.v[i];
		if (row->kind < 0) {
			if (row->count == 0 && strcmp(row->key, "(none)") == 0)
				tui_puts(t, y0 + y, 4, t->cols - 4, row->key,
				    -1, A_DIM, 0);
			else {
				snprintf(num, sizeof(num), "  (%zu)",
				    row->count);
				tui_puts(t, y0 + y, 1, t->cols - 1, row->key,
				    TUI_C_HEADING, A_NORMAL, 0);
				tui_puts(t, y0 + y, 1 + (int)strlen(row->key),
				    20, num, -1, A_DIM, 0);
			}
			continue;
		}
		ex = i == t->scur ? A_REVERSE : A_NORMAL;
		tui_puts(t, y0 + y, 0, 3, i == t->scur ? " > " : "   ", -1,
		    ex, 1);
		tui_puts(t, y0 + y, 3, kw, row->key, -1, ex, 1);
		snprintf(num, sizeof(num), "%*zu ", COUNT_W - 1, row->count);
		tui_puts(t, y0 + y, 3 + kw, COUNT_W, num, -1, ex, 1);
		slot = -1;
		if (row->kind == TUI_SUM_REASON) {
			const struct bv_reason_info *ri =
			    bv_reason_lookup(row->key);

			g = ri ? tui_group_index(ri->group) : -1;
			slot = g >= 0 ? TUI_C_GROUP + g : -1;
		} else if (row->kind == TUI_SUM_BLOCKLIST) {
			g = tui_group_index("reputation");
			slot = g >= 0 ? TUI_C_GROUP + g : -1;
		}
		bar(t, y0 + y, 4 + kw + COUNT_W, t->cols - 5 - kw - COUNT_W,
		    row, slot);
	}
}

static int
summary_action(struct tui *t, int action)
{
	char	*pat;
	long	 h = body_h(t) > 1 ? body_h(t) - 1 : 1;

	switch (action) {
	case A_DOWN:	step(t, t->scur + 1, 1); break;
	case A_UP:	step(t, t->scur - 1, -1); break;
	case A_PGDOWN:	step(t, t->scur + h, 1); break;
	case A_PGUP:	step(t, t->scur - h, -1); break;
	case A_FIRST:	step(t, 0, 1); break;
	case A_LAST:	step(t, (long)t->sum.n - 1, -1); break;
	case A_ENTER:
		if (!selectable(t, t->scur))
			return 1;
		pat = tui_summary_pattern(&t->sum.v[t->scur]);
		tui_pop(t);
		if (t->m.limit_text != NULL) {
			char	*both = xasprintf("(%s) %s", t->m.limit_text,
			    pat);

			free(pat);
			pat = both;
		}
		tui_cmd_limit_text(t, pat);
		free(pat);
		break;
	default:
		return 0;
	}
	return 1;
}

static void
summary_mouse(struct tui *t, int kind, int y, int x)
{
	long	 i;

	if (kind == TUI_MOUSE_CLICK) {
		i = t->stop + (y - 1);
		if (selectable(t, i))
			t->scur = i;
		return;
	}
	summary_action(t, kind == TUI_MOUSE_WHEELUP ? A_UP : A_DOWN);
}

static void
summary_status(struct tui *t, struct buf *b)
{
	buf_printf(b, "-- Summary of %zu record%s", t->sum.total,
	    t->sum.total == 1 ? "" : "s");
	if (t->m.limit_text != NULL)
		buf_printf(b, " (limit: %s)", t->m.limit_text);
	buf_adds(b, "  Enter limits to the row");
}

const struct tui_view tui_summary_view = {
	"summary", summary_draw, summary_action, summary_mouse,
	summary_status, helpkeys,
};

void
tui_summary_open(struct tui *t)
{
	tui_summary_build(&t->sum, &t->m);
	t->scur = t->stop = 0;
	step(t, 0, 1);
	tui_push(t, &tui_summary_view);
}
