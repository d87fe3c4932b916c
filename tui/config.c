/*
 * config.c: $XDG_CONFIG_HOME/bounceview/config.  One command a line:
 *
 *	bind KEY ACTION			(ACTION "none" unbinds)
 *	color SLOT FG [BG] [bold]	(SLOT a reason group, or cursor, bar,
 *					 heading, label, placeholder, tagged,
 *					 error, unreadable)
 *	set split auto|beside|below
 *	set pager COMMAND...		("internal": the built-in viewer)
 *	set sort date|recipient|domain|reason|status|rhost
 *	set reverse yes|no
 *	set mouse yes|no
 *
 * A bad line is reported as "FILE:LINE: what" and skipped; the rest still
 * applies.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "tui/tuiint.h"

static const char *const slotnames[TUI_C_COUNT] = {
	[TUI_C_CURSOR] = "cursor", [TUI_C_BAR] = "bar",
	[TUI_C_HEADING] = "heading", [TUI_C_LABEL] = "label",
	[TUI_C_PLACEHOLDER] = "placeholder", [TUI_C_TAGGED] = "tagged",
	[TUI_C_ERROR] = "error", [TUI_C_UNREADABLE] = "unreadable",
};

static const char *const colornames[] = {
	"black", "red", "green", "yellow", "blue", "magenta", "cyan", "white",
};

/* Group colours in bv_reason_groups order: recipient mailbox reputation
 * policy auth network none. */
static const short groupfg[] = { 1, 3, 5, 6, 4, 2, -1 };

void
tui_config_init(struct tui_config *c)
{
	size_t	 i;

	memset(c, 0, sizeof(*c));
	c->mouse = 1;
	for (i = 0; i < TUI_C_COUNT; i++)
		c->color[i].fg = c->color[i].bg = -1;
	for (i = 0; i < sizeof(groupfg) / sizeof(groupfg[0]); i++) {
		c->color[TUI_C_GROUP + i].fg = groupfg[i];
		c->color[TUI_C_GROUP + i].set = groupfg[i] >= 0;
	}
	c->color[TUI_C_BAR] = (struct tui_color){ 7, 4, 1, 1 };
	c->color[TUI_C_HEADING] = (struct tui_color){ -1, -1, 1, 1 };
	c->color[TUI_C_PLACEHOLDER] = (struct tui_color){ 0, 3, 0, 1 };
	c->color[TUI_C_TAGGED] = (struct tui_color){ -1, -1, 1, 1 };
	c->color[TUI_C_ERROR] = (struct tui_color){ 1, -1, 1, 1 };
	tui_keymap_defaults(&c->keys);
}

void
tui_config_free(struct tui_config *c)
{
	free(c->pager);
	tui_keymap_free(&c->keys);
	memset(c, 0, sizeof(*c));
}

char *
tui_config_default_path(void)
{
	const char	*x = getenv("XDG_CONFIG_HOME"), *h = getenv("HOME");

	if (x != NULL && *x == '/')
		return xasprintf("%s/bounceview/config", x);
	if (h != NULL && *h != '\0')
		return xasprintf("%s/.config/bounceview/config", h);
	return NULL;
}

static int
slot_byname(const char *s)
{
	int	 i;

	if ((i = tui_group_index(s)) >= 0)
		return TUI_C_GROUP + i;
	for (i = 0; i < TUI_C_COUNT; i++)
		if (slotnames[i] != NULL && strcasecmp(slotnames[i], s) == 0)
			return i;
	return -1;
}

/* A colour name, "default", "colorN" or N (0-255); -2 if none of those. */
static int
color_byname(const char *s)
{
	char	*end;
	long	 v;
	size_t	 i;

	if (strcasecmp(s, "default") == 0)
		return -1;
	for (i = 0; i < sizeof(colornames) / sizeof(colornames[0]); i++)
		if (strcasecmp(s, colornames[i]) == 0)
			return (int)i;
	if (strncasecmp(s, "bright", 6) == 0 && color_byname(s + 6) >= 0)
		return color_byname(s + 6) + 8;
	if (strncasecmp(s, "color", 5) == 0)
		s += 5;
	errno = 0;
	v = strtol(s, &end, 10);
	if (*s == '\0' || *end != '\0' || errno != 0 || v < 0 || v > 255)
		return -2;
	return (int)v;
}

static int
yesno(const char *s)
{
	if (strcasecmp(s, "yes") == 0 || strcasecmp(s, "on") == 0 ||
	    strcmp(s, "1") == 0 || strcasecmp(s, "true") == 0)
		return 1;
	if (strcasecmp(s, "no") == 0 || strcasecmp(s, "off") == 0 ||
	    strcmp(s, "0") == 0 || strcasecmp(s, "false") == 0)
		return 0;
	return -1;
}

#define MAXWORDS 6
/* Split LINE into words; *REST2 gets the text from the third word on, with
 * its spaces ("set pager less -R"), in REST (as long as LINE). */
static int
split(char *line, char **w, char *rest, char **rest2)
{
	int	 n = 0;
	char	*p = line;

	*rest2 = NULL;
	while (n < MAXWORDS) {
		p += strspn(p, " \t");
		if (*p == '\0')
			break;
		if (n == 2) {
			strcpy(rest, p);
			rest[strcspn(rest, "\r\n")] = '\0';
			*rest2 = rest;
		}
		w[n++] = p;
		p += strcspn(p, " \t");
		if (*p != '\0')
			*p++ = '\0';
	}
	return n;
}

static int
cmd_bind(struct tui_config *c, char **w, int n, char *err, size_t errlen)
{
	const char	*end;
	int		 key, action;

	if (n != 3) {
		snprintf(err, errlen, "usage: bind KEY ACTION");
		return -1;
	}
	if ((key = tui_key_parse(w[1], &end)) < 0 || *end != '\0') {
		snprintf(err, errlen, "bind: unknown key \"%s\"", w[1]);
		return -1;
	}
	if (strcmp(w[2], "none") == 0)
		action = A_NONE;
	else if ((action = tui_action_byname(w[2])) < 0) {
		snprintf(err, errlen, "bind: unknown action \"%s\"", w[2]);
		return -1;
	}
	tui_keymap_bind(&c->keys, key, action);
	return 0;
}

static int
cmd_color(struct tui_config *c, char **w, int n, char *err, size_t errlen)
{
	struct tui_color	 col = { -1, -1, 0, 1 };
	int			 slot, fg, bg = -1, i = 3;

	if (n < 3 || n > 5) {
		snprintf(err, errlen, "usage: color SLOT FG [BG] [bold]");
		return -1;
	}
	if ((slot = slot_byname(w[1])) < 0) {
		snprintf(err, errlen, "color: unknown slot \"%s\"", w[1]);
		return -1;
	}
	if ((fg = color_byname(w[2])) < -1) {
		snprintf(err, errlen, "color: unknown colour \"%s\"", w[2]);
		return -1;
	}
	if (n > 3 && strcasecmp(w[3], "bold") != 0) {
		if ((bg = color_byname(w[3])) < -1) {
			snprintf(err, errlen, "color: unknown colour \"%s\"",
			    w[3]);
			return -1;
		}
		i = 4;
	}
	if (n > i) {
		if (strcasecmp(w[i], "bold") != 0 || n > i + 1) {
			snprintf(err, errlen, "color: unexpected \"%s\"", w[i]);
			return -1;
		}
		col.bold = 1;
	}
	col.fg = (short)fg;
	col.bg = (short)bg;
	c->color[slot] = col;
	return 0;
}

static int
cmd_set(struct tui_config *c, char **w, int n, char *rest, char *err,
    size_t errlen)
{
	int	 v;

	if (n < 3) {
		snprintf(err, errlen, "usage: set NAME VALUE");
		return -1;
	}
	if (strcmp(w[1], "pager") == 0) {
		free(c->pager);
		c->pager = xstrdup(rest);
		return 0;
	}
	if (n != 3) {
		snprintf(err, errlen, "set %s: one value expected", w[1]);
		return -1;
	}
	if (strcmp(w[1], "split") == 0) {
		if (strcmp(w[2], "auto") == 0)
			c->split = TUI_SPLIT_AUTO;
		else if (strcmp(w[2], "beside") == 0 ||
		    strcmp(w[2], "right") == 0)
			c->split = TUI_SPLIT_BESIDE;
		else if (strcmp(w[2], "below") == 0 ||
		    strcmp(w[2], "bottom") == 0)
			c->split = TUI_SPLIT_BELOW;
		else {
			snprintf(err, errlen, "set split: auto, beside or "
			    "below, not \"%s\"", w[2]);
			return -1;
		}
	} else if (strcmp(w[1], "sort") == 0) {
		if ((v = tui_sort_byname(w[2])) < 0) {
			snprintf(err, errlen, "set sort: unknown key \"%s\"",
			    w[2]);
			return -1;
		}
		c->sort = v;
	} else if (strcmp(w[1], "reverse") == 0 ||
	    strcmp(w[1], "mouse") == 0) {
		if ((v = yesno(w[2])) < 0) {
			snprintf(err, errlen, "set %s: yes or no, not \"%s\"",
			    w[1], w[2]);
			return -1;
		}
		*(strcmp(w[1], "mouse") == 0 ? &c->mouse : &c->reverse) = v;
	} else {
		snprintf(err, errlen, "set: unknown option \"%s\"", w[1]);
		return -1;
	}
	return 0;
}

int
tui_config_line(struct tui_config *c, char *line, char *err, size_t errlen)
{
	char	*w[MAXWORDS], *rest, *copy;
	int	 n, r = -1;

	line[strcspn(line, "\r\n")] = '\0';
	copy = xmalloc(strlen(line) + 1);
	n = split(line, w, copy, &rest);
	if (n == 0 || w[0][0] == '#')
		r = 0;
	else if (strcmp(w[0], "bind") == 0)
		r = cmd_bind(c, w, n, err, errlen);
	else if (strcmp(w[0], "color") == 0 || strcmp(w[0], "colour") == 0)
		r = cmd_color(c, w, n, err, errlen);
	else if (strcmp(w[0], "set") == 0)
		r = cmd_set(c, w, n, rest, err, errlen);
	else
		snprintf(err, errlen, "unknown command \"%s\"", w[0]);
	free(copy);
	return r;
}

int
tui_config_load(struct tui_config *c, const char *path, FILE *errs)
{
	FILE	*f;
	char	 line[1024], err[256];
	int	 lineno = 0, problems = 0;

	if ((f = fopen(path, "r")) == NULL) {
		if (errs != NULL)
			fprintf(errs, "%s: %s\n", path, strerror(errno));
		return -1;
	}
	while (fgets(line, sizeof(line), f) != NULL) {
		lineno++;
		if (strchr(line, '\n') == NULL && !feof(f)) {
			int	 ch;

			while ((ch = fgetc(f)) != EOF && ch != '\n')
				;
			if (errs != NULL)
				fprintf(errs, "%s:%d: line too long\n", path,
				    lineno);
			problems++;
			continue;
		}
		if (tui_config_line(c, line, err, sizeof(err)) < 0) {
			if (errs != NULL)
				fprintf(errs, "%s:%d: %s\n", path, lineno, err);
			problems++;
		}
	}
	fclose(f);
	return problems;
}
