/*
 * script.c: key scripts for the test mode.  One directive a line:
 *
 *	# comment
 *	keys j j <Down> <Enter>	keys: a word types its characters, <Name> is
 *				a named key, also <Resize 130x40>,
 *				<Click ROW,COL>, <WheelUp>, <WheelDown>, and
 *				<C-c> (the interrupt)
 *	type TEXT		types TEXT exactly, spaces included
 *	dump			prints the screen
 *	wait			lets loading run to the end
 *	resize COLSxROWS	the terminal changes size
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tui/tuiint.h"

static void
push(struct tui_script *s, int kind, int key, int a, int b)
{
	if (s->n == s->cap) {
		s->cap = s->cap ? s->cap * 2 : 64;
		s->v = xreallocarray(s->v, s->cap, sizeof(*s->v));
	}
	s->v[s->n].kind = kind;
	s->v[s->n].key = key;
	s->v[s->n].a = a;
	s->v[s->n].b = b;
	s->n++;
}

static int
parse_size(const char *p, int *c, int *r)
{
	char	 tail;

	if (sscanf(p, "%dx%d%c", c, r, &tail) != 2 || *c < 1 || *r < 1 ||
	    *c > 1000 || *r > 1000)
		return -1;
	return 0;
}

/* <Resize WxH>, <Click R,C>, <WheelUp>, <WheelDown>, <C-c>; 1 if it was
 * one of those. */
static int
special(struct tui_script *s, const char *name, size_t len)
{
	char	 buf[64];
	int	 a, b;
	char	 tail;

	if (len >= sizeof(buf))
		return 0;
	memcpy(buf, name, len);
	buf[len] = '\0';
	if (strncmp(buf, "Resize ", 7) == 0 && parse_size(buf + 7, &a, &b) == 0)
		push(s, TUI_EV_RESIZE, 0, a, b);
	else if (sscanf(buf, "Click %d,%d%c", &a, &b, &tail) == 2)
		push(s, TUI_EV_CLICK, 0, a, b);
	else if (strcmp(buf, "WheelUp") == 0)
		push(s, TUI_EV_WHEEL, -1, 0, 0);
	else if (strcmp(buf, "WheelDown") == 0)
		push(s, TUI_EV_WHEEL, 1, 0, 0);
	else if (strcmp(buf, "C-c") == 0 || strcmp(buf, "Intr") == 0)
		push(s, TUI_EV_INTR, 0, 0, 0);
	else
		return 0;
	return 1;
}

static int
keys(struct tui_script *s, const char *p, char *err, size_t errlen)
{
	const char	*end, *close;
	int		 k;

	while (*(p += strspn(p, " \t")) != '\0') {
		if (*p == '<' && (close = strchr(p, '>')) != NULL &&
		    special(s, p + 1, (size_t)(close - p - 1))) {
			p = close + 1;
			continue;
		}
		if (*p == '<' && (k = tui_key_parse(p, &end)) >= 0 &&
		    end > p + 1) {
			push(s, TUI_EV_KEY, k, 0, 0);
			p = end;
			continue;
		}
		if (*p == '<' && strchr(p, '>') != NULL && p[1] != ' ' &&
		    p[1] != '>') {
			snprintf(err, errlen, "unknown key %.*s",
			    (int)(strchr(p, '>') - p + 1), p);
			return -1;
		}
		/* a word: its characters, one key each */
		while (*p != '\0' && *p != ' ' && *p != '\t') {
			if ((k = tui_key_parse(p, &end)) < 0 || *p == '^' ||
			    *p == '<') {
				k = (unsigned char)*p;
				end = p + 1;
			}
			push(s, TUI_EV_KEY, k, 0, 0);
			p = end;
		}
	}
	return 0;
}

int
tui_script_parse_line(struct tui_script *s, const char *line, char *err,
    size_t errlen)
{
	const char	*end;
	size_t		 wlen;
	int		 a, b, k;

	line += strspn(line, " \t");
	if (*line == '\0' || *line == '#')
		return 0;
	wlen = strcspn(line, " \t");
	if (wlen == 4 && strncmp(line, "keys", 4) == 0)
		return keys(s, line + 4, err, errlen);
	if (wlen == 4 && strncmp(line, "type", 4) == 0) {
		line += 4 + (line[4] == ' ');
		while (*line != '\0') {
			if ((k = tui_key_parse(line, &end)) < 0 ||
			    *line == '^' || *line == '<') {
				k = (unsigned char)*line;
				end = line + 1;
			}
			push(s, TUI_EV_KEY, k, 0, 0);
			line = end;
		}
		return 0;
	}
	if (strcmp(line, "dump") == 0) {
		push(s, TUI_EV_DUMP, 0, 0, 0);
		return 0;
	}
	if (strcmp(line, "wait") == 0) {
		push(s, TUI_EV_WAIT, 0, 0, 0);
		return 0;
	}
	if (wlen == 6 && strncmp(line, "resize", 6) == 0 &&
	    parse_size(line + 7, &a, &b) == 0) {
		push(s, TUI_EV_RESIZE, 0, a, b);
		return 0;
	}
	snprintf(err, errlen, "unknown directive: %.40s", line);
	return -1;
}

int
tui_script_load(struct tui_script *s, const char *path, char *err,
    size_t errlen)
{
	FILE	*f;
	char	 line[4096], why[200];
	int	 lineno = 0;

	if ((f = fopen(path, "r")) == NULL) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	while (fgets(line, sizeof(line), f) != NULL) {
		lineno++;
		line[strcspn(line, "\r\n")] = '\0';
		if (tui_script_parse_line(s, line, why, sizeof(why)) < 0) {
			snprintf(err, errlen, "%s:%d: %s", path, lineno, why);
			fclose(f);
			return -1;
		}
	}
	fclose(f);
	return 0;
}

void
tui_script_free(struct tui_script *s)
{
	free(s->v);
	memset(s, 0, sizeof(*s));
}
