/*
 * ui.h: the curses side of tui/: the interface state, views and the
 * drawing and input helpers they share.
 */
#ifndef BV_UI_H
#define BV_UI_H

#include <curses.h>

#include "tui/tuiint.h"

/* Keys that are no key presses. */
#define TUI_KEY_NONE	(-1)		/* nothing yet (timeout) */
#define TUI_KEY_INTR	(-2)		/* Ctrl-C */
#define TUI_KEY_EOF	(-3)		/* the key script ended */
#define TUI_KEY_RESIZE	(TUI_KEYFN | KEY_RESIZE)
#define TUI_KEY_MOUSE	(TUI_KEYFN | KEY_MOUSE)

#define TUI_MIN_COLS	40
#define TUI_MIN_ROWS	8
#define TUI_WIDE_COLS	120

enum tui_mousekind { TUI_MOUSE_CLICK, TUI_MOUSE_WHEELUP, TUI_MOUSE_WHEELDOWN };

struct tui;

/* A full-screen view over the main one (help, headers, raw, summary). */
struct tui_view {
	const char	*name;
	void		(*draw)(struct tui *, int y, int h);
	int		(*action)(struct tui *, int action);	/* 1: done */
	void		(*mouse)(struct tui *, int kind, int y, int x);
	void		(*status)(struct tui *, struct buf *);
	const int	*helpkeys;	/* actions for the help line, A_NONE
					   terminated */
};

struct tui_rect {
	int	 y, x, h, w;
};

struct tui_pager {
	struct tui_doc		 doc;
	struct tui_doclayout	 lo;
	long			 top;
	char			*title;
	char			*find;		/* last text searched */
};

struct tui {
	const struct tui_options *opt;
	struct tui_config	 cfg;
	struct tui_model	 m;
	struct bv_loader	*loader;
	int			 loading;	/* more to read */
	char			*name;		/* mailbox(es) for the status */
	FILE			*errs;		/* the loader's complaints */
	char			*errtext;
	size_t			 errlen, errshown;

	/* screen */
	int			 rows, cols;
	int			 color;		/* colours in use */
	int			 too_small;

	/* main view */
	long			 cur, top;	/* positions in m.vis */
	int			 focus;		/* 0 index, 1 detail */
	int			 full;		/* detail full screen */
	struct tui_rect		 ri, rd;	/* index and detail areas */
	int			 status_y;
	struct tui_doc		 detail;
	struct tui_doclayout	 dlo;
	long			 dtop;
	long			 detail_rec;	/* record the doc is of; -1 */
	struct bv_pattern	*search;
	char			*search_text;

	/* overlays */
	const struct tui_view	*view[4];
	int			 nview;
	struct tui_pager	 pager;
	struct tui_summary	 sum;
	long			 scur, stop;

	/* bottom line */
	char			 msg[512];
	int			 msgerr;
	const char		*prompt;	/* prompt label while asking */
	struct buf		 input;		/* what is typed at it */

	/* input */
	int			 mouse_kind, mouse_y, mouse_x;
	struct tui_script	 script;
	int			 test;
	int			 test_polled;
	int			 quit;
};

/* tui.c */
void	 tui_draw(struct tui *);
void	 tui_message(struct tui *, const char *, ...)
	    __attribute__((format(printf, 2, 3)));
void	 tui_error(struct tui *, const char *, ...)
	    __attribute__((format(printf, 2, 3)));
void	 tui_push(struct tui *, const struct tui_view *);
void	 tui_pop(struct tui *);
void	 tui_load_all(struct tui *);
void	 tui_idle(struct tui *);		/* one slice of loading */
/* VIEW filled with the record under the cursor: VIEW, or NULL if none. */
const struct bv_record *tui_current(struct tui *, struct bv_record *view);
long	 tui_current_rec(const struct tui *);	/* its number, or -1 */
void	 tui_select_rec(struct tui *, long rec);	/* keep it in view */
void	 tui_fatal(const char *, ...) __attribute__((format(printf, 1, 2),
	    noreturn));
/* Leave curses for an outside program and come back. */
void	 tui_shell_enter(struct tui *);
void	 tui_shell_leave(struct tui *, int waitkey);

/* input.c */
void	 tui_input_init(struct tui *);
int	 tui_getkey(struct tui *, int wait);
void	 tui_dump(struct tui *, FILE *);
/* 1 and the text in t->input, or 0 when cancelled. */
int	 tui_prompt(struct tui *, const char *label, const char *init);
int	 tui_yesno(struct tui *, const char *question);

/* draw.c */
void	 tui_colors_init(struct tui *);
attr_t	 tui_attr(struct tui *, int slot, short *pair);
attr_t	 tui_style_attr(struct tui *, int style, short *pair);
/* Draw text (already sanitised) at Y,X in at most W columns, padding with
 * spaces to W when PAD; returns the columns used. */
int	 tui_put(struct tui *, int y, int x, int w, const struct tui_wtext *,
	    size_t off, size_t len, int slot, attr_t extra, int pad);
/* The same for UTF-8 from anywhere (sanitised here). */
int	 tui_puts(struct tui *, int y, int x, int w, const char *, int slot,
	    attr_t extra, int pad);
void	 tui_fill(struct tui *, int y, int x, int w, int slot, attr_t extra);
/* A doc laid out in R from row TOP. */
void	 tui_draw_doc(struct tui *, const struct tui_doc *,
	    const struct tui_doclayout *, struct tui_rect r, long top);
/* The help line of actions ACTS (A_NONE terminated), keys from the table. */
void	 tui_draw_helpline(struct tui *, const int *acts);

/* view_main.c: index and detail */
void	 tui_main_draw(struct tui *);
int	 tui_main_action(struct tui *, int action);
void	 tui_main_mouse(struct tui *, int kind, int y, int x);
void	 tui_layout(struct tui *);
void	 tui_detail_sync(struct tui *);

/* view_pager.c: help, headers, raw messages */
extern const struct tui_view tui_pager_view;
void	 tui_pager_open(struct tui *, const char *title);
int	 tui_pager_scroll(struct tui_pager *, int action, int h);

/* view_summary.c */
extern const struct tui_view tui_summary_view;
void	 tui_summary_open(struct tui *);

/* cmds.c: actions on records */
int	 tui_cmd(struct tui *, int action);
int	 tui_cmd_limit_text(struct tui *, const char *text);

#endif
