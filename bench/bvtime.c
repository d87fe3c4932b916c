/*
 * bvtime: run a command and say what it cost.
 *
 *	bvtime [-q] [-o FILE] [-m MARK [-O OUTFILE]] -- COMMAND [ARG...]
 *
 * Writes one line to FILE (default stderr):
 *	wall=SECONDS user=SECONDS sys=SECONDS maxrss_kb=N status=N
 * With -m, the command's standard output is read through a pipe and, for
 * every line beginning with MARK, "mark=SECONDS" (since the start) is
 * written first; the output itself is thrown away, or written to OUTFILE
 * with -O.  -q sends the output to
 * /dev/null.  Peak RSS comes from wait4()'s rusage of the command.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double
now(void)
{
	struct timespec	 ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static double
tv(struct timeval t)
{
	return (double)t.tv_sec + (double)t.tv_usec / 1e6;
}

/* Read the command's output; a line starting with MARK is timestamped.
 * Only the first bytes of each line are looked at, kept in PRE. */
static void
watch(int fd, const char *mark, double start, FILE *o, FILE *save)
{
	char	 b[65536], pre[64];
	size_t	 ml = strlen(mark), pl = 0;
	ssize_t	 n, i;
	int	 looking = 1;

	if (ml >= sizeof(pre))
		ml = sizeof(pre) - 1;
	while ((n = read(fd, b, sizeof(b))) != 0) {
		if (n < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		if (save != NULL)
			fwrite(b, 1, (size_t)n, save);
		for (i = 0; i < n; i++) {
			if (looking && b[i] != '\n') {
				pre[pl++] = b[i];
				if (pl == ml) {
					if (memcmp(pre, mark, ml) == 0)
						fprintf(o, "mark=%.6f\n",
						    now() - start);
					looking = 0;
				}
			}
			if (b[i] == '\n') {
				looking = 1;
				pl = 0;
			}
		}
		fflush(o);
	}
}

int
main(int argc, char **argv)
{
	struct rusage	 ru;
	const char	*mark = NULL, *outf = NULL, *savef = NULL;
	FILE		*o = stderr, *save = NULL;
	double		 start, wall;
	pid_t		 pid;
	int		 c, quiet = 0, p[2] = { -1, -1 }, status, fd;

	while ((c = getopt(argc, argv, "qo:m:O:")) != -1) {
		switch (c) {
		case 'q': quiet = 1; break;
		case 'o': outf = optarg; break;
		case 'O': savef = optarg; break;
		case 'm': mark = optarg; break;
		default: goto usage;
		}
	}
	if (optind >= argc)
		goto usage;
	if (outf && (o = fopen(outf, "a")) == NULL) {
		fprintf(stderr, "bvtime: %s: %s\n", outf, strerror(errno));
		return 2;
	}
	if (savef && (save = fopen(savef, "w")) == NULL) {
		fprintf(stderr, "bvtime: %s: %s\n", savef, strerror(errno));
		return 2;
	}
	if (mark && pipe(p) < 0)
		return 2;
	start = now();
	if ((pid = fork()) < 0)
		return 2;
	if (pid == 0) {
		if (mark) {
			dup2(p[1], 1);
			close(p[0]);
			close(p[1]);
		} else if (quiet && (fd = open("/dev/null", O_WRONLY)) >= 0)
			dup2(fd, 1);
		execvp(argv[optind], argv + optind);
		fprintf(stderr, "bvtime: %s: %s\n", argv[optind],
		    strerror(errno));
		_exit(127);
	}
	if (mark) {
		close(p[1]);
		watch(p[0], mark, start, o, save);
		close(p[0]);
	}
	while (wait4(pid, &status, 0, &ru) < 0)
		if (errno != EINTR)
			return 2;
	wall = now() - start;
	if (save != NULL)
		fclose(save);
	fprintf(o, "wall=%.6f user=%.3f sys=%.3f maxrss_kb=%ld status=%d\n",
	    wall, tv(ru.ru_utime), tv(ru.ru_stime), ru.ru_maxrss,
	    WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status));
	return 0;
usage:
	fprintf(stderr, "usage: bvtime [-q] [-o FILE] [-m MARK [-O OUTFILE]] "
	    "-- COMMAND [ARG...]\n");
	return 2;
}
