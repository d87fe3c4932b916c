/*
 * view_pager.c: a scrolling full-screen text: the help, the headers of a
 * bounce, the raw message when there is no $PAGER.  Searching with / looks
 * for plain text in it.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "tui/ui.h"

static const int helpkeys[] = {
	A_QUIT, A_SEARCH, A_SEARCH_NEXT, A_PGDOWN, A_PGUP, A_NONE
};

static int
body_h(const struct tui *t)
{
	return t->rows - 3;
}

static void
clamp(struct tui_pager *p, int h)
{
	long	 max = (long)p->lo.n - h;

	if (p->top > max)
		p->top = max;
	if (p->top < 0)
		p->top = 0;
}

static void
pager_draw(struct tui *t, int y, int h)
{
	struct tui_pager	*p = &t->pager;
	struct tui_rect		 r = { y, 1, h, t->cols - 1 };

	if (p->lo.width != r.w)
		tui_doc_layout(&p->doc, r.w, &p->lo);
	clamp(p, h);
	tui_draw_helpline(t, helpkeys);
	tui_draw_doc(t, &p->doc, &p->lo, r, p->top);
}

int
tui_pager_scroll(struct tui_pager *p, int action, int h)
{
	long	 page = h > 1 ? h - 1 : 1;

	switch (action) {
	case A_DOWN:	p->top++; break;
	case A_UP:	p->top--; break;
	case A_PGDOWN:	p->top += page; break;
	case A_PGUP:	p->top -= page; break;
	case A_FIRST:	p->top = 0; break;
	case A_LAST:	p->top = (long)p->lo.n; break;
	default:	return 0;
	}
	clamp(p, h);
	return 1;
}

static void
find(struct tui *t, int back)
{
	struct tui_pager	*p = &t->pager;
	long			 r;

	if (p->find == NULL) {
		tui_error(t, "No search text yet: / asks for one");
		return;
	}
	r = tui_doc_find(&p->doc, &p->lo, p->find, p->top, back);
	if (r < 0)
		tui_error(t, "Not found: %s", p->find);
	else
		p->top = r;
}

static int
pager_action(struct tui *t, int action)
{
	struct tui_pager	*p = &t->pager;

	if (tui_pager_scroll(p, action, body_h(t)))
		return 1;
	switch (action) {
	case A_SEARCH:
	case A_SEARCH_BACK:
		if (!tui_prompt(t, "Find text: ", NULL) || t->input.len == 0)
			return 1;
		free(p->find);
		p->find = xstrdup(t->input.s);
		find(t, action == A_SEARCH_BACK);
		return 1;
	case A_SEARCH_NEXT:
	case A_SEARCH_PREV:
		find(t, action == A_SEARCH_PREV);
		return 1;
	case A_ENTER:
		return tui_pager_scroll(p, A_DOWN, body_h(t));
	}
	return 0;
}

static void
pager_mouse(struct tui *t, int kind, int y, int x)
{
	int	 i;

	if (kind == TUI_MOUSE_CLICK)
		return;
	for (i = 0; i < 3; i++)
		tui_pager_scroll(&t->pager, kind == TUI_MOUSE_WHEELUP ? A_UP :
		    A_DOWN, body_h(t));
}

static void
pager_status(struct tui *t, struct buf *b)
{
	struct tui_pager	*p = &t->pager;
	long			 end = p->top + body_h(t);

	if (end > (long)p->lo.n)
		end = (long)p->lo.n;
	buf_printf(b, "-- %s  (lines %ld-%ld of %zu)", p->title,
	    p->lo.n ? p->top + 1 : 0, end, p->lo.n);
}

const struct tui_view tui_pager_view = {
	"pager", pager_draw, pager_action, pager_mouse, pager_status,
	helpkeys,
};

/* Show t->pager.doc (filled by the caller) under TITLE. */
void
tui_pager_open(struct tui *t, const char *title)
{
	free(t->pager.title);
	t->pager.title = xstrdup(title);
	t->pager.top = 0;
	t->pager.lo.width = -1;
	tui_push(t, &tui_pager_view);
}
