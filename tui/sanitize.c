/*
 * sanitize.c: the one gate between text from messages and the terminal.
 *
 * Every string any view draws (index, detail, headers, raw view, pager
 * output, prompts that echo user or message text) goes through
 * tui_sanitize(), which decodes UTF-8 itself (whatever the locale) and
 * yields only characters that are safe to print: control characters,
 * escape sequences, C1 controls, DEL, bidirectional controls, invalid
 * bytes and characters the terminal cannot place are replaced by visible
 * placeholders, marked so the views can draw them in a distinct style.
 * No curses here, so the unit tests can hammer it without a terminal.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "tui/tuiint.h"

#define REPLACEMENT	0xFFFD
#define MAXCOMBINING	4	/* curses keeps a few per cell; more is abuse */

static int	ascii_only;	/* the terminal cannot show UTF-8 */

void
tui_sanitize_ascii(int on)
{
	ascii_only = on;
}

void
tui_wtext_reset(struct tui_wtext *t)
{
	t->n = 0;
	t->width = 0;
}

void
tui_wtext_free(struct tui_wtext *t)
{
	free(t->wc);
	free(t->mark);
	memset(t, 0, sizeof(*t));
}

static void
put(struct tui_wtext *t, wchar_t c, int mark, int width)
{
	if (t->n + 1 >= t->cap) {
		t->cap = t->cap ? t->cap * 2 : 64;
		t->wc = xreallocarray(t->wc, t->cap, sizeof(*t->wc));
		t->mark = xreallocarray(t->mark, t->cap, sizeof(*t->mark));
	}
	t->wc[t->n] = c;
	t->mark[t->n] = (unsigned char)mark;
	t->n++;
	t->wc[t->n] = L'\0';
	t->width += width;
}

/* A visible stand-in: marked, so it cannot pass for text the message had. */
static void
placeholder(struct tui_wtext *t, unsigned c)
{
	if (c < 0x20 || c == 0x7f) {
		put(t, L'^', 1, 1);
		put(t, c == 0x7f ? L'?' : (wchar_t)(c + 0x40), 1, 1);
	} else
		put(t, ascii_only ? L'?' : (wchar_t)REPLACEMENT, 1, 1);
}

/*
 * Decode one UTF-8 sequence at S (LEN > 0 bytes left).  Returns the number
 * of bytes used and the code point in *CP, or 1 and -1 for a byte that does
 * not start a valid, shortest-form sequence of a Unicode scalar value.
 */
size_t
tui_utf8_decode(const unsigned char *s, size_t len, long *cp)
{
	unsigned	 c = s[0], need, i;
	unsigned long	 v, min;

	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	if (c >= 0xc2 && c <= 0xdf) {
		need = 1; v = c & 0x1f; min = 0x80;
	} else if (c >= 0xe0 && c <= 0xef) {
		need = 2; v = c & 0x0f; min = 0x800;
	} else if (c >= 0xf0 && c <= 0xf4) {
		need = 3; v = c & 0x07; min = 0x10000;
	} else {
		*cp = -1;
		return 1;
	}
	if (len < need + 1) {
		*cp = -1;
		return 1;
	}
	for (i = 1; i <= need; i++) {
		if ((s[i] & 0xc0) != 0x80) {
			*cp = -1;
			return 1;
		}
		v = (v << 6) | (s[i] & 0x3f);
	}
	if (v < min || v > 0x10ffff || (v >= 0xd800 && v <= 0xdfff)) {
		*cp = -1;
		return 1;
	}
	*cp = (long)v;
	return need + 1;
}

/* Characters that reorder or split text on the screen though printable. */
static int
is_format_control(long c)
{
	static const struct { long lo, hi; } ranges[] = {
		{ 0x061c, 0x061c },	/* arabic letter mark */
		{ 0x200e, 0x200f },	/* LRM, RLM */
		{ 0x2028, 0x2029 },	/* line and paragraph separators */
		{ 0x202a, 0x202e },	/* bidi embeddings and overrides */
		{ 0x2066, 0x2069 },	/* bidi isolates */
		{ 0xfeff, 0xfeff },	/* byte order mark */
		{ 0xfff9, 0xfffb },	/* interlinear annotation */
	};
	size_t	 i;

	for (i = 0; i < sizeof(ranges) / sizeof(ranges[0]); i++)
		if (c >= ranges[i].lo && c <= ranges[i].hi)
			return 1;
	return 0;
}

/* Append the character C (a valid scalar value) or its placeholder. */
static void
add_char(struct tui_wtext *t, long c, int flags, int *combining)
{
	int	 w;

	if (c < 0x20 || c == 0x7f) {
		if (c == '\n' && (flags & TUI_SAN_NEWLINES)) {
			put(t, L'\n', 0, 0);
			*combining = -1;
		} else if (c == '\t') {
			/* a tab's width depends on where it lands: a space */
			put(t, L' ', 0, 1);
			*combining = 0;
		} else {
			placeholder(t, (unsigned)c);
			*combining = 0;
		}
		return;
	}
	if (c < 0x80) {
		put(t, (wchar_t)c, 0, 1);
		*combining = 0;
		return;
	}
	if (c < 0xa0 || is_format_control(c) || ascii_only) {
		placeholder(t, (unsigned)c);
		*combining = 0;
		return;
	}
	w = wcwidth((wchar_t)c);
	if (w < 0) {
		placeholder(t, (unsigned)c);
		*combining = 0;
	} else if (w == 0) {
		/* joins the previous cell: only after a base character */
		if (*combining < 0) {
			placeholder(t, (unsigned)c);
			*combining = 0;
		} else if (*combining < MAXCOMBINING) {
			put(t, (wchar_t)c, 0, 0);
			(*combining)++;
		}
	} else {
		put(t, (wchar_t)c, 0, w);
		*combining = 0;
	}
}

void
tui_sanitize(struct tui_wtext *t, const char *s, size_t len, int flags)
{
	const unsigned char	*p = (const unsigned char *)s;
	size_t			 i = 0, used;
	long			 c;
	int			 combining = -1;	/* -1: no base yet */

	if (s == NULL)
		return;
	if (t->n > 0 && t->wc[t->n - 1] != L'\n')
		combining = 0;
	while (i < len) {
		if ((flags & TUI_SAN_NEWLINES) && p[i] == '\r' &&
		    i + 1 < len && p[i + 1] == '\n') {
			i++;		/* CRLF line ends read as LF */
			continue;
		}
		used = tui_utf8_decode(p + i, len - i, &c);
		if (c < 0) {
			placeholder(t, REPLACEMENT);
			combining = 0;
		} else
			add_char(t, c, flags, &combining);
		i += used;
	}
}

void
tui_sanitize_str(struct tui_wtext *t, const char *s, int flags)
{
	if (s != NULL)
		tui_sanitize(t, s, strlen(s), flags);
}

int
tui_wc_width(wchar_t c)
{
	int	 w;

	if (c == L'\n')
		return 0;
	w = wcwidth(c);
	return w < 0 ? 1 : w;
}

/*
 * How many characters of T from FROM fit in MAXW columns (stopping before
 * a newline); the width they take goes to *USED.  Combining characters go
 * with their base.
 */
size_t
tui_wtext_fit(const struct tui_wtext *t, size_t from, int maxw, int *used)
{
	size_t	 i = from;
	int	 w = 0, cw;

	while (i < t->n && t->wc[i] != L'\n') {
		cw = t->mark[i] ? 1 : tui_wc_width(t->wc[i]);
		if (w + cw > maxw)
			break;
		w += cw;
		i++;
	}
	if (used != NULL)
		*used = w;
	return i - from;
}

/* Encode the scalar value C as UTF-8 into OUT; returns the byte count. */
size_t
tui_utf8_encode(unsigned long c, char out[4])
{
	size_t	 k = 0;

	if (c < 0x80) {
		out[0] = (char)c;
		return 1;
	}
	if (c < 0x800) {
		out[k++] = (char)(0xc0 | (c >> 6));
	} else if (c < 0x10000) {
		out[k++] = (char)(0xe0 | (c >> 12));
		out[k++] = (char)(0x80 | ((c >> 6) & 0x3f));
	} else {
		out[k++] = (char)(0xf0 | (c >> 18));
		out[k++] = (char)(0x80 | ((c >> 12) & 0x3f));
		out[k++] = (char)(0x80 | ((c >> 6) & 0x3f));
	}
	out[k++] = (char)(0x80 | (c & 0x3f));
	return k;
}

/* Convert back to UTF-8 (for the external pager): safe by construction. */
void
tui_wtext_utf8(const struct tui_wtext *t, struct buf *out)
{
	char	 mb[4];
	size_t	 i;

	for (i = 0; i < t->n; i++)
		buf_add(out, mb, tui_utf8_encode((unsigned long)t->wc[i], mb));
}
