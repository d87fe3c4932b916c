/* xmalloc.c: one allocation family that never returns NULL. */
#include "config.h"

#include <sys/mman.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "catalog/catalog.h"

static void
oom(size_t n)
{
	fprintf(stderr, "bounceview: out of memory (%zu bytes)\n", n);
	abort();
}

void *
xmalloc(size_t n)
{
	void	*p = malloc(n ? n : 1);

	if (p == NULL)
		oom(n);
	return p;
}

void *
xcalloc(size_t nmemb, size_t size)
{
	void	*p = calloc(nmemb ? nmemb : 1, size ? size : 1);

	if (p == NULL)
		oom(nmemb * size);
	return p;
}

void *
xrealloc(void *old, size_t n)
{
	void	*p = realloc(old, n ? n : 1);

	if (p == NULL)
		oom(n);
	return p;
}

void *
xreallocarray(void *old, size_t nmemb, size_t size)
{
	if (size != 0 && nmemb > SIZE_MAX / size)
		oom(SIZE_MAX);
	return xrealloc(old, nmemb * size);
}

char *
xstrdup(const char *s)
{
	return s == NULL ? NULL : xstrndup(s, strlen(s));
}

char *
xstrndup(const char *s, size_t n)
{
	char	*p;
	size_t	 len = strnlen(s, n);

	p = xmalloc(len + 1);
	memcpy(p, s, len);
	p[len] = '\0';
	return p;
}

char *
xasprintf(const char *fmt, ...)
{
	va_list	 ap, ap2;
	int	 n;
	char	*p;

	va_start(ap, fmt);
	va_copy(ap2, ap);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		oom(0);
	p = xmalloc((size_t)n + 1);
	vsnprintf(p, (size_t)n + 1, fmt, ap2);
	va_end(ap2);
	return p;
}

/*
 * Large tables (the catalog's automaton: 1.5 MB written once, then read
 * by every scan) in 2 MB pages where the kernel gives them: filling one
 * 4 KB page at a time cost a page fault each, a quarter of every run's
 * start on a virtual machine.  Mapped on a 2 MB boundary, told to use huge
 * pages (a hint; without them this is plain zeroed memory).  Smaller
 * sizes are not worth a 2 MB page and come from calloc.
 */
#define BIG_PAGE	((size_t)2 << 20)
#define BIG_MIN		((size_t)1 << 20)

/* The bytes of NMEMB items of SIZE, rounded up to whole big pages when
 * they are worth them. */
static size_t
big_len(size_t nmemb, size_t size)
{
	size_t	 n;

	if (size != 0 && nmemb > (SIZE_MAX - 2 * BIG_PAGE) / size)
		oom(SIZE_MAX);
	n = nmemb * size;
	return n < BIG_MIN ? n : (n + BIG_PAGE - 1) & ~(BIG_PAGE - 1);
}

void *
xbigalloc(size_t nmemb, size_t size)
{
	size_t		 len = big_len(nmemb, size), head;
	char		*p;

	if (len < BIG_MIN)
		return xcalloc(nmemb, size);
	p = mmap(NULL, len + BIG_PAGE, PROT_READ | PROT_WRITE,
	    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		oom(len);
	/* keep the aligned LEN bytes, give back the slack on both sides */
	head = (BIG_PAGE - (uintptr_t)p % BIG_PAGE) % BIG_PAGE;
	if (head > 0)
		munmap(p, head);
	munmap(p + head + len, BIG_PAGE - head);
#ifdef MADV_HUGEPAGE
	madvise(p + head, len, MADV_HUGEPAGE);
#endif
	return p + head;
}

void
xbigfree(void *p, size_t nmemb, size_t size)
{
	size_t	 len;

	if (p == NULL)
		return;
	len = big_len(nmemb, size);
	if (len < BIG_MIN)
		free(p);
	else
		munmap(p, len);
}

void
xheapwarm(size_t bytes)
{
#ifdef MADV_POPULATE_WRITE
	char		*p = malloc(bytes);
	long		 page = sysconf(_SC_PAGESIZE);
	uintptr_t	 mask, from, to;

	if (p == NULL || page <= 0) {
		free(p);
		return;
	}
	mask = (uintptr_t)page - 1;	/* madvise() takes whole pages */
	from = ((uintptr_t)p + mask) & ~mask;
	to = ((uintptr_t)p + bytes) & ~mask;
	if (to > from)
		(void)madvise((void *)from, to - from, MADV_POPULATE_WRITE);
	free(p);
#else
	(void)bytes;
#endif
}

void *
xheaptop(void)
{
	void	*top = sbrk(0);

	return top == (void *)-1 ? NULL : top;
}

/*
 * A process whose heap keeps growing (the interface's loader keeps every
 * record) would fault in each new page; called often, this warms STEP
 * bytes more each time the top has moved past *TOP, so that what is
 * resident never runs more than a step ahead of what is used.
 */
int
xheapwarm_grown(void **top, size_t step)
{
	void	*now = xheaptop();

	if (*top == NULL || now == NULL || (char *)now <= (char *)*top)
		return 0;
	xheapwarm(step);
	*top = xheaptop();
	return 1;
}
