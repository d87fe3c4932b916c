/*
 * keys.c: key names, the actions keys are bound to, the live key table and
 * the help text made from it (so help never disagrees with the bindings).
 */
#include "config.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "tui/tuiint.h"

const struct tui_action_info tui_actions[A_COUNT] = {
	[A_NONE] = { "none", "", "", "" },
#define TUI_ACTION(id, name, group, word, desc) [id] = { name, group, word, desc },
#include "tui/actions.def"
#undef TUI_ACTION
};

int
tui_action_byname(const char *name)
{
	int	 i;

	for (i = 1; i < A_COUNT; i++)
		if (strcmp(tui_actions[i].name, name) == 0)
			return i;
	return -1;
}

/* Named keys; the first name of a key is the one shown. */
static const struct keyname {
	const char	*name;
	int		 key;
} keynames[] = {
	{ "Down", TUI_KEYFN | KEY_DOWN },
	{ "Up", TUI_KEYFN | KEY_UP },
	{ "Left", TUI_KEYFN | KEY_LEFT },
	{ "Right", TUI_KEYFN | KEY_RIGHT },
	{ "PgDn", TUI_KEYFN | KEY_NPAGE },
	{ "PageDown", TUI_KEYFN | KEY_NPAGE },
	{ "PgUp", TUI_KEYFN | KEY_PPAGE },
	{ "PageUp", TUI_KEYFN | KEY_PPAGE },
	{ "Home", TUI_KEYFN | KEY_HOME },
	{ "End", TUI_KEYFN | KEY_END },
	{ "Insert", TUI_KEYFN | KEY_IC },
	{ "Delete", TUI_KEYFN | KEY_DC },
	{ "Backspace", TUI_KEYFN | KEY_BACKSPACE },
	{ "BTab", TUI_KEYFN | KEY_BTAB },
	{ "Enter", '\n' },
	{ "Return", '\n' },
	{ "Tab", '\t' },
	{ "Esc", 27 },
	{ "Space", ' ' },
	{ "lt", '<' },
	{ "gt", '>' },
};

static int
fkey(const char *s, size_t len)
{
	int	 n = 0;
	size_t	 i;

	if (len < 2 || len > 3 || (s[0] != 'F' && s[0] != 'f'))
		return -1;
	for (i = 1; i < len; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		n = n * 10 + (s[i] - '0');
	}
	return n >= 1 && n <= 24 ? TUI_KEYFN | KEY_F(n) : -1;
}

static int
ctrl(int c)
{
	if (c >= 'a' && c <= 'z')
		c -= 'a' - 'A';
	if (c < '@' || c > '_')
		return -1;
	return c & 0x1f;
}

/* NAME of LEN bytes between < and >. */
static int
named(const char *s, size_t len)
{
	size_t	 i;

	if (len == 3 && (s[0] == 'C' || s[0] == 'c') && s[1] == '-')
		return ctrl((unsigned char)s[2]);
	for (i = 0; i < sizeof(keynames) / sizeof(keynames[0]); i++)
		if (strlen(keynames[i].name) == len &&
		    strncasecmp(keynames[i].name, s, len) == 0)
			return keynames[i].key;
	return fkey(s, len);
}

int
tui_key_parse(const char *s, const char **end)
{
	const char	*close;
	long		 cp;
	size_t		 n;
	int		 k;

	if (s == NULL || *s == '\0')
		return -1;
	if (s[0] == '<' && (close = strchr(s + 1, '>')) != NULL &&
	    close > s + 1) {
		k = named(s + 1, (size_t)(close - s - 1));
		if (k >= 0) {
			*end = close + 1;
			return k;
		}
	}
	if (s[0] == '^' && s[1] != '\0') {
		*end = s + 2;
		return ctrl((unsigned char)s[1]);
	}
	n = tui_utf8_decode((const unsigned char *)s, strlen(s), &cp);
	if (cp < 0x20 || cp == 0x7f)
		return -1;
	*end = s + n;
	return (int)cp;
}

const char *
tui_key_name(int key, char *buf, size_t len)
{
	size_t	 i;

	for (i = 0; i < sizeof(keynames) / sizeof(keynames[0]); i++)
		if (keynames[i].key == key) {
			snprintf(buf, len, "<%s>", keynames[i].name);
			return buf;
		}
	if (key >= (TUI_KEYFN | KEY_F(1)) && key <= (TUI_KEYFN | KEY_F(24)))
		snprintf(buf, len, "<F%d>", (key & ~TUI_KEYFN) - KEY_F0);
	else if (key & TUI_KEYFN)
		snprintf(buf, len, "<key %d>", key & ~TUI_KEYFN);
	else if (key < 0x20)
		snprintf(buf, len, "<C-%c>", key + 'a' - 1);
	else if (key < 0x80)
		snprintf(buf, len, "%c", key);
	else {
		char	 u[4];
		size_t	 n = tui_utf8_encode((unsigned long)key, u);

		snprintf(buf, len, "%.*s", (int)n, u);
	}
	return buf;
}

static const struct {
	const char	*key;
	int		 action;
} defaults[] = {
	{ "j", A_DOWN }, { "<Down>", A_DOWN },
	{ "k", A_UP }, { "<Up>", A_UP },
	{ "<PgDn>", A_PGDOWN }, { "<Space>", A_PGDOWN },
	{ "<PgUp>", A_PGUP }, { "-", A_PGUP },
	{ "g", A_FIRST }, { "<Home>", A_FIRST },
	{ "G", A_LAST }, { "<End>", A_LAST },
	{ "<Tab>", A_FOCUS },
	{ "<Enter>", A_ENTER },
	{ "/", A_SEARCH },
	{ "n", A_SEARCH_NEXT }, { "N", A_SEARCH_PREV },
	{ "l", A_LIMIT },
	{ "b", A_NEXT_BL }, { "B", A_PREV_BL },
	{ "e", A_NEXT_HARD }, { "E", A_PREV_HARD },
	{ "w", A_NEXT_SOFT }, { "W", A_PREV_SOFT },
	{ "t", A_TAG }, { "T", A_TAG_PATTERN }, { "U", A_UNTAG_ALL },
	{ "s", A_SAVE },
	{ "o", A_SORT }, { "O", A_SORT_REVERSE },
	{ "i", A_SUMMARY },
	{ "h", A_HEADERS },
	{ "v", A_RAW },
	{ "|", A_PIPE },
	{ "?", A_HELP },
	{ "q", A_QUIT },
	{ "Q", A_QUIT_NOW },
	{ "<C-l>", A_REDRAW },
};

void
tui_keymap_bind(struct tui_keymap *km, int key, int action)
{
	size_t	 i;

	for (i = 0; i < km->n; i++)
		if (km->v[i].key == key) {
			km->v[i].action = action;
			return;
		}
	if (km->n == km->cap) {
		km->cap = km->cap ? km->cap * 2 : 64;
		km->v = xreallocarray(km->v, km->cap, sizeof(*km->v));
	}
	km->v[km->n].key = key;
	km->v[km->n].action = action;
	km->n++;
}

void
tui_keymap_defaults(struct tui_keymap *km)
{
	const char	*end;
	size_t		 i;
	int		 k;

	for (i = 0; i < sizeof(defaults) / sizeof(defaults[0]); i++) {
		k = tui_key_parse(defaults[i].key, &end);
		tui_keymap_bind(km, k, defaults[i].action);
	}
}

int
tui_keymap_get(const struct tui_keymap *km, int key)
{
	size_t	 i;

	for (i = 0; i < km->n; i++)
		if (km->v[i].key == key)
			return km->v[i].action;
	return A_NONE;
}

void
tui_keymap_free(struct tui_keymap *km)
{
	free(km->v);
	memset(km, 0, sizeof(*km));
}

static const char *const pattern_help[] = {
	"@reason=NAME  @group=NAME  @status=5.7.*  @reply=550  @format=NAME",
	"@dnsbl (any blocklist)  @bl=spamhaus  @hard  @soft  @tagged  @unparsed",
	"@domain=example.org (recipient domain)  @rhost=TEXT (remote MTA)",
	"~f TEXT  ~t TEXT  ~s TEXT: original From/To/Subject contain TEXT",
	"WORD: anything contains WORD",
	"!P not, P | Q or, P Q and, ( ) grouping",
};

void
tui_help_build(struct tui_doc *d, const struct tui_keymap *km)
{
	struct buf	 keys = { 0 };
	const char	*group = NULL;
	char		 name[32];
	size_t		 i, j;
	int		 a, g;

	/* groups in the order of their first action */
	for (a = 1; a < A_COUNT; a++) {
		for (g = 1; g < a; g++)
			if (strcmp(tui_actions[g].group, tui_actions[a].group) == 0)
				break;
		if (g < a)
			continue;
		group = tui_actions[a].group;
		if (d->n > 0)
			tui_doc_add(d, TUI_ST_NORMAL, NULL, "");
		tui_doc_add(d, TUI_ST_HEADING, NULL, group);
		for (g = a; g < A_COUNT; g++) {
			if (strcmp(tui_actions[g].group, group) != 0)
				continue;
			buf_reset(&keys);
			for (i = 0; i < km->n; i++) {
				if (km->v[i].action != g)
					continue;
				if (keys.len > 0)
					buf_adds(&keys, " ");
				buf_adds(&keys, tui_key_name(km->v[i].key,
				    name, sizeof(name)));
			}
			if (keys.len == 0)
				buf_adds(&keys, "(unbound)");
			tui_doc_addf(d, TUI_ST_NORMAL, keys.s, "%-15s %s",
			    tui_actions[g].name, tui_actions[g].desc);
		}
	}
	tui_doc_add(d, TUI_ST_NORMAL, NULL, "");
	tui_doc_add(d, TUI_ST_HEADING, NULL,
	    "Patterns (limit, search, tag-pattern)");
	for (j = 0; j < sizeof(pattern_help) / sizeof(pattern_help[0]); j++)
		tui_doc_add(d, TUI_ST_NORMAL, "", pattern_help[j]);
	tui_doc_add(d, TUI_ST_NORMAL, NULL, "");
	tui_doc_add(d, TUI_ST_DIM, NULL,
	    "Keys are rebound in the config file: bind KEY ACTION");
	buf_free(&keys);
}
