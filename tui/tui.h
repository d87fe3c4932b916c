/* tui/: the interactive inspector; the only code that includes curses. */
#ifndef BV_TUI_H
#define BV_TUI_H

#include "parser/parser.h"

/* Zero the struct, then fill what the command line gave. */
struct tui_options {
	char *const	*args;		/* mailbox arguments */
	int		 nargs;
	const char	*config;	/* --config FILE, or NULL for default */
	int		 no_color;
	int		 all;		/* --all: list messages that are no
					   bounces too (passed to the loader) */
	/*
	 * Test mode (hidden options --test-screen=COLSxROWS --keys=FILE):
	 * run on a virtual screen of that size with no terminal, read keys
	 * from the script FILE and print the screen at each "dump" line of
	 * the script to stdout.  Active when test_keys is not NULL; sizes
	 * of 0 mean 80x24.
	 */
	const char	*test_keys;
	int		 test_cols, test_rows;
};

/* Run the interface; returns the exit status. */
int	 tui_main(const struct tui_options *);

#endif
