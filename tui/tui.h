/* tui/: the interactive inspector; the only code that includes curses. */
#ifndef BV_TUI_H
#define BV_TUI_H

#include "parser/parser.h"

struct tui_options {
	char *const	*args;		/* mailbox arguments */
	int		 nargs;
	const char	*config;	/* --config FILE, or NULL for default */
	int		 no_color;
};

/* Run the interface; returns the exit status. */
int	 tui_main(const struct tui_options *);

#endif
