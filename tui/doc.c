/*
 * doc.c: a document of labelled lines (detail, help, headers, raw message)
 * and its layout at a given width: label column, wrapped text rows.
 */
#include "config.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "tui/tuiint.h"

void
tui_doc_add(struct tui_doc *d, int style, const char *label, const char *text)
{
	struct tui_docline	*l;

	if (d->n == d->cap) {
		d->cap = d->cap ? d->cap * 2 : 32;
		d->v = xreallocarray(d->v, d->cap, sizeof(*d->v));
	}
	l = &d->v[d->n++];
	l->style = style;
	l->label = xstrdup(label);
	l->text = xstrdup(text ? text : "");
}

void
tui_doc_addf(struct tui_doc *d, int style, const char *label,
    const char *fmt, ...)
{
	va_list	 ap;
	char	*s;

	va_start(ap, fmt);
	if (vasprintf(&s, fmt, ap) < 0)
		s = xstrdup("");
	va_end(ap);
	tui_doc_add(d, style, label, s);
	free(s);
}

void
tui_doc_clear(struct tui_doc *d)
{
	size_t	 i;

	for (i = 0; i < d->n; i++) {
		free(d->v[i].label);
		free(d->v[i].text);
	}
	free(d->v);
	memset(d, 0, sizeof(*d));
}

static void
addrow(struct tui_doclayout *lo, size_t line, int first, struct tui_span sp)
{
	if (lo->n == lo->cap) {
		lo->cap = lo->cap ? lo->cap * 2 : 64;
		lo->rows = xreallocarray(lo->rows, lo->cap, sizeof(*lo->rows));
	}
	lo->rows[lo->n].line = (uint32_t)line;
	lo->rows[lo->n].first = (uint32_t)first;
	lo->rows[lo->n].span = sp;
	lo->n++;
}

void
tui_doclayout_free(struct tui_doclayout *lo)
{
	size_t	 i;

	for (i = 0; i < lo->ntexts; i++)
		tui_wtext_free(&lo->texts[i]);
	free(lo->texts);
	free(lo->rows);
	memset(lo, 0, sizeof(*lo));
}

/* The label column: as wide as the widest label, at most a third. */
static int
label_width(const struct tui_doc *d, int width)
{
	struct tui_wtext	 t = { 0 };
	size_t			 i;
	int			 w = 0;

	for (i = 0; i < d->n; i++) {
		if (d->v[i].label == NULL)
			continue;
		tui_wtext_reset(&t);
		tui_sanitize_str(&t, d->v[i].label, 0);
		if (t.width > w)
			w = t.width;
	}
	tui_wtext_free(&t);
	if (w > width / 3)
		w = width / 3;
	return w;
}

void
tui_doc_layout(const struct tui_doc *d, int width, struct tui_doclayout *lo)
{
	struct tui_spans	 sp = { 0 };
	size_t			 i, j;
	int			 lw;

	tui_doclayout_free(lo);
	lo->width = width;
	lw = label_width(d, width);
	lo->textx = lw > 0 ? lw + 2 : 0;
	lo->texts = xcalloc(d->n ? d->n : 1, sizeof(*lo->texts));
	lo->ntexts = d->n;
	for (i = 0; i < d->n; i++) {
		tui_sanitize_str(&lo->texts[i], d->v[i].text,
		    TUI_SAN_NEWLINES);
		sp.n = 0;
		tui_wrap(&lo->texts[i], d->v[i].label != NULL ?
		    width - lo->textx : width, &sp);
		for (j = 0; j < sp.n; j++)
			addrow(lo, i, j == 0, sp.v[j]);
	}
	free(sp.v);
}

long
tui_doc_find(const struct tui_doc *d, const struct tui_doclayout *lo,
    const char *needle, long from, int back)
{
	size_t	 line, k, n = d->n;
	long	 r;

	if (n == 0 || lo->n == 0 || needle == NULL || *needle == '\0')
		return -1;
	if (from < 0)
		from = 0;
	if ((size_t)from >= lo->n)
		from = (long)lo->n - 1;
	line = lo->rows[from].line;
	for (k = 1; k <= n; k++) {
		size_t	 l = back ? (line + n - k) % n : (line + k) % n;

		if (strcasestr(d->v[l].text, needle) == NULL &&
		    (d->v[l].label == NULL ||
		    strcasestr(d->v[l].label, needle) == NULL))
			continue;
		for (r = 0; r < (long)lo->n; r++)
			if (lo->rows[r].line == l)
				return r;
	}
	return -1;
}
