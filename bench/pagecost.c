/*
 * pagecost: what a page of memory costs a process the first time it
 * touches it, on this machine.  The benchmark prints it beside the
 * straight line through the export's times: the part of a run paid once
 * grows with the pages each of the three processes touches, and on a
 * virtual machine that shadows the guest's page tables a first touch costs
 * far more than on bare metal.
 *
 * Prints one line of microseconds per 4 KB page ("fresh 12.50, populated
 * ..."), each the median of ROUNDS rounds over REGION bytes:
 *   fresh     first write to anonymous memory (a page fault)
 *   populated the same made present first with MADV_POPULATE_WRITE, the
 *             madvise() call included
 *   read      a forked child's first read of a page its parent wrote
 *   cow       a forked child's first write to such a page (copy on write)
 *   warm      a write to a page already touched
 */
#include "config.h"

#include <sys/mman.h>
#include <sys/wait.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define REGION	((size_t)16 << 20)
#define ROUNDS	5
#define PAGE	4096

enum { FRESH, POPULATED, READ, COW, WARM, NCOST };
static const char *const cost_name[NCOST] = {
	"fresh", "populated", "read", "cow", "warm"
};

static double
now_us(void)
{
	struct timespec	 ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e6 + (double)ts.tv_nsec / 1e3;
}

static char *
region(void)
{
	char	*p = mmap(NULL, REGION, PROT_READ | PROT_WRITE,
	    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED) {
		perror("pagecost: mmap");
		exit(1);
	}
	return p;
}

/* Microseconds a page to write (or read) one byte of each page of P. */
static double
touch(volatile char *p, int write)
{
	double		 t = now_us();
	size_t		 i;

	for (i = 0; i < REGION; i += PAGE) {
		if (write)
			p[i]++;
		else
			(void)p[i];	/* volatile: read all the same */
	}
	return (now_us() - t) / (double)(REGION / PAGE);
}

/* COST[READ] and COST[COW] of P, measured in a child (through a pipe). */
static void
in_child(char *p, double *cost)
{
	int	 fd[2];
	pid_t	 pid;
	double	 got[2] = { -1, -1 };

	if (pipe(fd) != 0 || (pid = fork()) < 0) {
		perror("pagecost: fork");
		exit(1);
	}
	if (pid == 0) {
		close(fd[0]);
		got[0] = touch(p, 0);
		got[1] = touch(p, 1);
		if (write(fd[1], got, sizeof(got)) != sizeof(got))
			_exit(1);
		_exit(0);
	}
	close(fd[1]);
	if (read(fd[0], got, sizeof(got)) != sizeof(got))
		got[0] = got[1] = -1;
	close(fd[0]);
	waitpid(pid, NULL, 0);
	cost[READ] = got[0];
	cost[COW] = got[1];
}

static void
one_round(double *cost)
{
	char	*p = region(), *q = region();
	double	 t;

	cost[FRESH] = touch(p, 1);
	cost[WARM] = touch(p, 1);
	in_child(p, cost);
	t = now_us();
#ifdef MADV_POPULATE_WRITE
	(void)madvise(q, REGION, MADV_POPULATE_WRITE);
#endif
	cost[POPULATED] = (now_us() - t) / (double)(REGION / PAGE) +
	    touch(q, 1);
	munmap(p, REGION);
	munmap(q, REGION);
}

static int
cmp_double(const void *a, const void *b)
{
	double	 x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

int
main(void)
{
	double	 cost[ROUNDS][NCOST], col[ROUNDS];
	int	 r, k;

	for (r = 0; r < ROUNDS; r++)
		one_round(cost[r]);
	for (k = 0; k < NCOST; k++) {
		for (r = 0; r < ROUNDS; r++)
			col[r] = cost[r][k];
		qsort(col, ROUNDS, sizeof(col[0]), cmp_double);
		printf("%s%s %.2f", k ? ", " : "", cost_name[k],
		    col[ROUNDS / 2]);
	}
	printf("\n");
	return 0;
}
