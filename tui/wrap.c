/* wrap.c: breaking sanitised text into screen lines, at spaces if it can. */
#include "config.h"

#include "tui/tuiint.h"

static void
addspan(struct tui_spans *out, size_t off, size_t len)
{
	if (out->n == out->cap) {
		out->cap = out->cap ? out->cap * 2 : 64;
		out->v = xreallocarray(out->v, out->cap, sizeof(*out->v));
	}
	out->v[out->n].off = off;
	out->v[out->n].len = len;
	out->n++;
}

size_t
tui_wrap(const struct tui_wtext *t, int width, struct tui_spans *out)
{
	size_t	 pos = 0, k, s, start = out->n;

	if (width < 1)
		width = 1;
	if (t->n == 0)
		addspan(out, 0, 0);
	while (pos < t->n) {
		if (t->wc[pos] == L'\n') {
			addspan(out, pos, 0);
			pos++;
			continue;
		}
		k = tui_wtext_fit(t, pos, width, NULL);
		if (k == 0)		/* a character wider than the line */
			k = 1;
		if (pos + k >= t->n || t->wc[pos + k] == L'\n') {
			addspan(out, pos, k);
			pos += k;
			if (pos < t->n)
				pos++;		/* the newline ends this line */
			continue;
		}
		/* the line is full: break after the last space, if any */
		for (s = pos + k; s > pos && t->wc[s] != L' '; s--)
			;
		if (s > pos) {
			addspan(out, pos, s - pos);
			pos = s + 1;
		} else {
			addspan(out, pos, k);
			pos += k;
		}
	}
	return out->n - start;
}
