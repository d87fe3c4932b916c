/*
 * tuiint.h: what the files of tui/ share among themselves.  The parts above
 * the "curses" line need no terminal (unit tests use them directly).
 */
#ifndef BV_TUIINT_H
#define BV_TUIINT_H

#include <stddef.h>
#include <stdint.h>
#include <wchar.h>

#include "tui/tui.h"

/* ---------------------------------------------------------------------------
 * sanitize.c: message text to characters safe for the terminal.
 */
struct tui_wtext {
	wchar_t		*wc;		/* NUL-terminated */
	unsigned char	*mark;		/* 1: a placeholder, not message text */
	size_t		 n, cap;
	int		 width;		/* columns of the whole text */
};
#define TUI_SAN_NEWLINES	0x1	/* keep line breaks (else ^J) */

void	 tui_sanitize(struct tui_wtext *, const char *, size_t, int flags);
void	 tui_sanitize_str(struct tui_wtext *, const char *, int flags);
void	 tui_sanitize_ascii(int on);	/* terminal without UTF-8 */
void	 tui_wtext_reset(struct tui_wtext *);
void	 tui_wtext_free(struct tui_wtext *);
size_t	 tui_wtext_fit(const struct tui_wtext *, size_t from, int maxw,
	    int *used);
void	 tui_wtext_utf8(const struct tui_wtext *, struct buf *);
int	 tui_wc_width(wchar_t);
size_t	 tui_utf8_decode(const unsigned char *, size_t, long *cp);
size_t	 tui_utf8_encode(unsigned long, char out[4]);

/* ---------------------------------------------------------------------------
 * wrap.c: breaking sanitised text into screen lines.
 */
struct tui_span {
	size_t	 off, len;		/* characters of a tui_wtext */
};
struct tui_spans {
	struct tui_span	*v;
	size_t		 n, cap;
};
/* Append the lines of T at WIDTH columns (>= 1) to OUT; returns how many. */
size_t	 tui_wrap(const struct tui_wtext *, int width, struct tui_spans *out);

/* ---------------------------------------------------------------------------
 * date.c: the bounce's Date: header for sorting and the index.
 */
#define TUI_NODATE	INT64_MIN
int64_t	 tui_parse_date(const char *);	/* seconds since 1970 UTC */
/* "Nov 02 08:14" in local time, or "-" (BUF of at least 16 bytes). */
void	 tui_format_date(int64_t, char *buf, size_t len);

/* ---------------------------------------------------------------------------
 * doc.c: lines of labelled text the pager, help and detail views show.
 */
enum tui_style {
	TUI_ST_NORMAL,
	TUI_ST_HEADING,
	TUI_ST_LABEL,
	TUI_ST_DIM,
	TUI_ST_ERROR,
	TUI_ST_GROUP,			/* + the reason group index */
};
struct tui_docline {
	int		 style;
	char		*label;		/* NULL: the text starts at column 0 */
	char		*text;		/* UTF-8 from anywhere; sanitised,
					   line breaks kept */
};
struct tui_doc {
	struct tui_docline	*v;
	size_t			 n, cap;
};
void	 tui_doc_add(struct tui_doc *, int style, const char *label,
	    const char *text);
void	 tui_doc_addf(struct tui_doc *, int style, const char *label,
	    const char *fmt, ...) __attribute__((format(printf, 4, 5)));
void	 tui_doc_clear(struct tui_doc *);

/* A doc laid out at one width: rows of (line, span of its text). */
struct tui_docrow {
	uint32_t	 line;
	uint32_t	 first;		/* first row of its line: show label */
	struct tui_span	 span;
};
struct tui_doclayout {
	struct tui_docrow	*rows;
	size_t			 n, cap;
	struct tui_wtext	*texts;	/* one per doc line */
	size_t			 ntexts;
	int			 width, textx;
};
void	 tui_doc_layout(const struct tui_doc *, int width,
	    struct tui_doclayout *);
void	 tui_doclayout_free(struct tui_doclayout *);
/* First row at or after FROM (wrapping when BACK) whose line contains
 * NEEDLE, case-insensitively; -1 if none. */
long	 tui_doc_find(const struct tui_doc *, const struct tui_doclayout *,
	    const char *needle, long from, int back);

/* ---------------------------------------------------------------------------
 * store.c: the strings of the records, each named by a 32-bit id that stays
 * valid (and its text in place) until the store is freed.
 */
#define TUI_NOSTR	0		/* the id of no string (NULL) */
struct tui_store;
struct tui_store *tui_store_new(void);
void	 tui_store_free(struct tui_store *);
/* A copy of S[0..LEN) (no NUL inside); a new id every time. */
uint32_t tui_store_add(struct tui_store *, const char *s, size_t len);
/* The same, but a text already interned gets its old id back. */
uint32_t tui_store_intern(struct tui_store *, const char *s, size_t len);
/* The text of ID, NUL-terminated; NULL for TUI_NOSTR.  Borrowed. */
const char *tui_store_get(const struct tui_store *, uint32_t id);
/* OUT[i] := the text of ID[i], for i < N (one call for a record's). */
void	 tui_store_getn(const struct tui_store *, const uint32_t *id,
	    size_t n, const char **out);
size_t	 tui_store_bytes(const struct tui_store *);	/* text kept */

/* ---------------------------------------------------------------------------
 * model.c: all records, kept compact (see struct tui_rec in model.c), and
 * the limited, sorted view of them as an array of record numbers.  A record
 * is looked at through a struct bv_record the caller provides, filled on
 * demand: its strings are borrowed from the model and stay valid as long
 * as the model, except a diagnostic written out for the view, valid until
 * a record whose number is the same modulo TUI_NEXPAND is looked at (use a
 * view at once); its tagged bit is a copy (tag with tui_model_tag).
 */
enum tui_sort {
	TUI_SORT_DATE,
	TUI_SORT_RECIPIENT,
	TUI_SORT_DOMAIN,
	TUI_SORT_REASON,
	TUI_SORT_STATUS,
	TUI_SORT_RHOST,
	TUI_SORT_COUNT
};
extern const char *const tui_sort_names[TUI_SORT_COUNT];
int	 tui_sort_byname(const char *);

struct tui_rec;
struct tui_class;
#define TUI_NEXPAND	64		/* records whose texts are expanded
					   at once (see model.c) */
struct tui_expand {
	size_t		 rec;		/* 1 + the record; 0: none */
	struct buf	 text;
};
struct tui_model {
	struct bv_reclist	 incoming;	/* the loader adds here; sync
						   takes them in and clears */
	struct tui_rec		**blk;		/* the records, in blocks that
						   never move */
	size_t			 nblk;
	struct tui_store	*store;		/* their strings */
	const char		**cst;		/* their static strings */
	size_t			 ncst, capcst;
	uint16_t		*cstslot;	/* cst by pointer, hashed */
	size_t			 capcstslot;
	struct tui_class	*cls;		/* what records share */
	size_t			 ncls, capcls;
	uint32_t		*clsslot;	/* 1 + cls, hashed */
	size_t			 capclsslot;
	struct buf		 tmpl;		/* scratch of take() */
	struct tui_expand	*expand;	/* texts of viewed records */
	int64_t			*when;		/* parsed date per record */
	size_t			 capwhen;
	size_t			 nwhen;		/* records taken in */
	uint32_t		*vis;		/* shown records, in order */
	size_t			 nvis, capvis;
	size_t			 npend;		/* absorbed ones to show, past
						   nvis, not in order yet */
	size_t			 nabsorbed;	/* records since the last sync */
	struct bv_pattern	*limit;
	char			*limit_text;	/* NULL: everything */
	int			 sort, reverse;
	size_t			 ntagged;
	uint32_t		*tmp;		/* scratch for merges */
	size_t			 captmp;
};
void	 tui_model_init(struct tui_model *);
void	 tui_model_free(struct tui_model *);
/* Take in the records of incoming (and empty it); returns how many, with
 * those absorbed since the last sync. */
size_t	 tui_model_sync(struct tui_model *);
/* The same, but the view (vis, nvis) is left as it was until the next
 * sync: taking in records while loading costs as much as parsing them, and
 * it is done a few at a time between feeding the workers, the view put in
 * order once a slice.  Returns how many. */
size_t	 tui_model_absorb(struct tui_model *);
/* TEXT NULL, "" or "all" clears the limit.  0, or -1 with ERR/ERRPOS and
 * the old limit kept. */
int	 tui_model_limit(struct tui_model *, const char *text, char *err,
	    size_t errlen, size_t *errpos);
void	 tui_model_sort(struct tui_model *, int sort, int reverse);
/* Position of record REC in the view, or -1. */
long	 tui_model_pos(const struct tui_model *, uint32_t rec);
/* VIEW filled with the record shown at POS (or record number REC); VIEW,
 * or NULL when there is none. */
const struct bv_record *tui_model_at(const struct tui_model *, size_t pos,
	    struct bv_record *view);
const struct bv_record *tui_model_rec(const struct tui_model *, uint32_t rec,
	    struct bv_record *view);
int	 tui_model_tagged(const struct tui_model *, uint32_t rec);
/* Tag or untag the record shown at POS. */
void	 tui_model_tag(struct tui_model *, size_t pos, int on);
size_t	 tui_model_untag_all(struct tui_model *);
/* Recipient domain (after the last @), or "" ; borrowed. */
const char *tui_rec_domain(const struct bv_record *);
/* Reason group index into bv_reason_groups, or -1. */
int	 tui_rec_group(const struct bv_record *);
int	 tui_group_index(const char *group);	/* -1 if unknown */

/* records.c: the records inside the model (model.c's helpers). */
void	 tui_recs_init(struct tui_model *);
void	 tui_recs_free(struct tui_model *);
/* R kept as record number m->nwhen (the caller counts it); R's strings
 * stay R's.  1 when R's date is the very text of the record before it (a
 * recipient of the same message): its time holds for R too. */
int	 tui_recs_take(struct tui_model *, const struct bv_record *r);
/* The text record REC is sorted on in order SORT (not the date); borrowed. */
const char *tui_recs_key(const struct tui_model *, uint32_t rec, int sort);
/* Tag or untag record REC; 1 if that changed it. */
int	 tui_recs_set_tag(struct tui_model *, uint32_t rec, int on);

/* ---------------------------------------------------------------------------
 * detail.c: the detail text of one record.
 */
void	 tui_detail_build(struct tui_doc *, const struct bv_record *);

/* ---------------------------------------------------------------------------
 * summary.c: counts by reason, domain, blocklist and remote host.
 */
enum tui_sumkind { TUI_SUM_REASON, TUI_SUM_DOMAIN, TUI_SUM_BLOCKLIST,
	TUI_SUM_RHOST, TUI_SUM_COUNT };
struct tui_sumrow {
	int	 kind;			/* -1: a heading row */
	char	*key;
	size_t	 count;
	size_t	 max;			/* largest count of its section */
};
struct tui_summary {
	struct tui_sumrow	*v;
	size_t			 n, cap;
	size_t			 total;
};
void	 tui_summary_build(struct tui_summary *, struct tui_model *);
void	 tui_summary_free(struct tui_summary *);
/* The pattern that selects ROW's records (caller frees). */
char	*tui_summary_pattern(const struct tui_sumrow *);
/* VALUE quoted for the pattern language when it needs it (caller frees). */
char	*tui_pattern_quote(const char *value);

/* ---------------------------------------------------------------------------
 * keys.c: key names, actions and the key table.  A key is a character
 * code, or TUI_KEYFN | a curses KEY_* code.
 */
#define TUI_KEYFN	0x40000000
#define TUI_CTRL(c)	((c) & 0x1f)

enum tui_action {
	A_NONE,
#define TUI_ACTION(id, name, group, word, desc) id,
#include "tui/actions.def"
#undef TUI_ACTION
	A_COUNT
};
struct tui_action_info {
	const char	*name;
	const char	*group;
	const char	*word;		/* short, for the help line */
	const char	*desc;
};
extern const struct tui_action_info tui_actions[A_COUNT];
int	 tui_action_byname(const char *);

/* Parse one key name ("j", "<Down>", "<C-l>", "^L", "<Space>"); -1 if bad.
 * *END gets the text after it. */
int	 tui_key_parse(const char *s, const char **end);
/* Printable name of KEY into BUF. */
const char *tui_key_name(int key, char *buf, size_t len);

struct tui_keymap {
	struct tui_binding {
		int	 key;
		int	 action;
	}	*v;
	size_t	 n, cap;
};
void	 tui_keymap_defaults(struct tui_keymap *);
void	 tui_keymap_bind(struct tui_keymap *, int key, int action);
int	 tui_keymap_get(const struct tui_keymap *, int key);
void	 tui_keymap_free(struct tui_keymap *);
/* The help text made from the live table. */
void	 tui_help_build(struct tui_doc *, const struct tui_keymap *);

/* ---------------------------------------------------------------------------
 * config.c: the config file.
 */
enum tui_split { TUI_SPLIT_AUTO, TUI_SPLIT_BESIDE, TUI_SPLIT_BELOW };
enum tui_colorslot {
	TUI_C_GROUP,			/* + group index: 7 slots */
	TUI_C_CURSOR = 8, TUI_C_BAR, TUI_C_HEADING, TUI_C_LABEL,
	TUI_C_PLACEHOLDER, TUI_C_TAGGED, TUI_C_ERROR, TUI_C_UNREADABLE,
	TUI_C_COUNT
};
struct tui_color {
	short	 fg, bg;		/* -1: terminal default */
	int	 bold, set;
};
struct tui_config {
	int			 split;
	char			*pager;		/* NULL: $PAGER */
	int			 sort, reverse;
	int			 mouse;
	struct tui_color	 color[TUI_C_COUNT];
	struct tui_keymap	 keys;
};
void	 tui_config_init(struct tui_config *);
void	 tui_config_free(struct tui_config *);
/* Read PATH; problems to ERRS as "FILE:LINE: what"; returns their number,
 * or -1 when the file cannot be opened (ERRS says why). */
int	 tui_config_load(struct tui_config *, const char *path, FILE *errs);
/* One line (for tests and the loader). 0 or -1 with ERR. */
int	 tui_config_line(struct tui_config *, char *line, char *err,
	    size_t errlen);
/* $XDG_CONFIG_HOME/bounceview/config or ~/.config/...; caller frees. */
char	*tui_config_default_path(void);

/* ---------------------------------------------------------------------------
 * script.c: test mode key scripts.
 */
enum tui_evkind { TUI_EV_KEY, TUI_EV_DUMP, TUI_EV_WAIT, TUI_EV_RESIZE,
	TUI_EV_CLICK, TUI_EV_WHEEL, TUI_EV_INTR };
struct tui_event {
	int	 kind;
	int	 key;			/* KEY; WHEEL: +1 down, -1 up */
	int	 a, b;			/* RESIZE cols, rows; CLICK row, col */
};
struct tui_script {
	struct tui_event	*v;
	size_t			 n, cap, next;
};
/* 0, or -1 with ERR "FILE:LINE: what". */
int	 tui_script_load(struct tui_script *, const char *path, char *err,
	    size_t errlen);
int	 tui_script_parse_line(struct tui_script *, const char *line,
	    char *err, size_t errlen);
void	 tui_script_free(struct tui_script *);

#endif
