/*
 * floorscan: the floor of touching every byte once.  Reads FILE with
 * read() in 1 MB blocks and counts the lines that begin with "From " using
 * memmem, as a message locator at best could.  Prints the count.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define BLOCK	(1 << 20)
#define KEEP	5		/* "\nFrom" may straddle two blocks */

int
main(int argc, char **argv)
{
	static char	 b[KEEP + BLOCK];
	const char	*p, *end;
	size_t		 have = 0;
	ssize_t		 n;
	unsigned long	 count = 0;
	int		 fd, first = 1;

	if (argc != 2) {
		fprintf(stderr, "usage: floorscan FILE\n");
		return 2;
	}
	if ((fd = open(argv[1], O_RDONLY)) < 0) {
		fprintf(stderr, "floorscan: %s: %s\n", argv[1],
		    strerror(errno));
		return 1;
	}
	/* the block is read after KEEP bytes kept from the previous one */
	while ((n = read(fd, b + have, BLOCK)) > 0) {
		end = b + have + n;
		if (first && n >= 5 && memcmp(b, "From ", 5) == 0)
			count++;
		first = 0;
		for (p = b; (p = memmem(p, (size_t)(end - p), "\nFrom ", 6));
		    p += 6)
			count++;
		have = (size_t)(end - b) < KEEP ? (size_t)(end - b) : KEEP;
		memmove(b, end - have, have);
	}
	if (n < 0) {
		fprintf(stderr, "floorscan: %s: %s\n", argv[1],
		    strerror(errno));
		return 1;
	}
	close(fd);
	printf("%lu\n", count);
	return 0;
}
