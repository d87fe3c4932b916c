/* main.c: command line; dispatches to export, explain or the interface. */
#include "config.h"
#include <stdio.h>
#include "parser/parser.h"

int
main(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	printf("%s\n", PACKAGE_STRING);
	return 0;
}
