/*
 * maildir.c: the message files of a Maildir (cur/ and new/; tmp/ holds
 * deliveries still being written) or of a plain directory, listed with
 * readdir() and put in reading order.  Dot-files, subdirectories, symbolic
 * links, FIFOs, sockets and devices are left out when the directory entry
 * says what they are (or fstatat() does, where the file system does not
 * say); mailbox.c checks again when it opens a file (O_NOFOLLOW, fstat),
 * because entries can change in between.
 *
 * Reading order is by file name, cur/ and new/ together: a Maildir file
 * name begins with its delivery time, so that is delivery order.  Runs of
 * digits compare as numbers, so "9.x" comes before "10.x" and an MH-style
 * folder of "1", "2", ..., "10" reads in its own order.
 */
#include "config.h"

#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parser/mbint.h"

struct entry {
	char		*path;		/* owned until handed to mbfiles */
	const char	*name;		/* borrowed: points into path */
	uint64_t	 lead;		/* the number it begins with, or
					   NOLEAD */
};

#define NOLEAD		UINT64_MAX
#define LEAD_DIGITS	19		/* fit in 64 bits below NOLEAD */

struct entries {
	struct entry	*v;
	size_t		 n;
	size_t		 cap;
};

static int
is_digit(unsigned char c)
{
	return c >= '0' && c <= '9';
}

int
mb_namecmp(const char *a, const char *b)
{
	const unsigned char	*p = (const unsigned char *)a;
	const unsigned char	*q = (const unsigned char *)b;
	size_t			 lp, lq;
	int			 c;

	while (*p != '\0' && *q != '\0') {
		if (!is_digit(*p) || !is_digit(*q)) {
			if (*p != *q)
				return *p < *q ? -1 : 1;
			p++, q++;
			continue;
		}
		while (*p == '0')
			p++;
		while (*q == '0')
			q++;
		for (lp = 0; is_digit(p[lp]); lp++)
			continue;
		for (lq = 0; is_digit(q[lq]); lq++)
			continue;
		if (lp != lq)
			return lp < lq ? -1 : 1;
		if ((c = memcmp(p, q, lp)) != 0)
			return c < 0 ? -1 : 1;
		p += lp;
		q += lq;
	}
	return *p == *q ? 0 : *p < *q ? -1 : 1;
}

/*
 * The number a name begins with ("1700000002" of "1700000002.M1P1.host"):
 * two names that begin with different numbers are in the order of these,
 * as mb_namecmp would find, so sorting a Maildir, whose names begin with
 * the delivery time, seldom needs mb_namecmp at all.
 */
static uint64_t
lead_of(const char *name)
{
	const unsigned char	*p = (const unsigned char *)name;
	uint64_t		 v = 0;
	size_t			 n;

	if (!is_digit(*p))
		return NOLEAD;
	while (*p == '0')
		p++;
	for (n = 0; is_digit(p[n]); n++) {
		if (n == LEAD_DIGITS)
			return NOLEAD;
		v = v * 10 + (uint64_t)(p[n] - '0');
	}
	return v;
}

static int
entry_cmp(const void *a, const void *b)
{
	const struct entry	*x = a, *y = b;
	int			 c;

	if (x->lead != y->lead && x->lead != NOLEAD && y->lead != NOLEAD)
		return x->lead < y->lead ? -1 : 1;
	if ((c = mb_namecmp(x->name, y->name)) != 0)
		return c;
	if ((c = strcmp(x->name, y->name)) != 0)	/* "01" and "1" */
		return c;
	return strcmp(x->path, y->path);		/* cur/ before new/ */
}

/* How much of DIR goes before "/NAME": a slash it ends with is not
 * doubled. */
static size_t
dir_part(const char *dir)
{
	size_t	 n = strlen(dir);

	while (n > 1 && dir[n - 1] == '/')
		n--;
	if (n == 1 && dir[0] == '/')
		n = 0;
	return n;
}

/* The first DIRLEN bytes of DIR, a slash and NAME (of NAMELEN bytes). */
static char *
join_n(const char *dir, size_t dirlen, const char *name, size_t namelen)
{
	char	*p = xmalloc(dirlen + 1 + namelen + 1);

	memcpy(p, dir, dirlen);
	p[dirlen] = '/';
	memcpy(p + dirlen + 1, name, namelen + 1);
	return p;
}

/* DIR/NAME, without doubling a slash DIR ends with. */
static char *
join(const char *dir, const char *name)
{
	return join_n(dir, dir_part(dir), name, strlen(name));
}

/* Can the entry be a message file?  Only a regular file can. */
static int
maybe_file(DIR *d, const struct dirent *de)
{
	struct stat	 st;

	if (de->d_name[0] == '.')
		return 0;
#ifdef DT_UNKNOWN
	if (de->d_type == DT_REG)
		return 1;
	if (de->d_type != DT_UNKNOWN)
		return 0;
#endif
	if (fstatat(dirfd(d), de->d_name, &st, AT_SYMLINK_NOFOLLOW) == -1)
		return 0;			/* gone already */
	return S_ISREG(st.st_mode);
}

static int
list_one(struct entries *e, const char *dir, char *err, size_t errlen)
{
	DIR		*d;
	struct dirent	*de;
	struct entry	*en;
	size_t		 dirlen = dir_part(dir), namelen;

	if ((d = opendir(dir)) == NULL) {
		snprintf(err, errlen, "%s: %s", dir, strerror(errno));
		return -1;
	}
	for (;;) {
		errno = 0;
		if ((de = readdir(d)) == NULL)
			break;
		if (!maybe_file(d, de))
			continue;
		if (e->n == e->cap) {
			e->cap = e->cap ? e->cap * 2 : 64;
			e->v = xreallocarray(e->v, e->cap, sizeof(*e->v));
		}
		en = &e->v[e->n++];
		namelen = strlen(de->d_name);
		en->path = join_n(dir, dirlen, de->d_name, namelen);
		en->name = en->path + dirlen + 1;
		en->lead = lead_of(en->name);
	}
	if (errno != 0) {
		snprintf(err, errlen, "%s: %s", dir, strerror(errno));
		closedir(d);
		return -1;
	}
	closedir(d);
	return 0;
}

int
mb_is_maildir(const char *dir)
{
	static const char *const sub[] = { "cur", "new" };
	struct stat	 st;
	char		*p;
	size_t		 i;
	int		 ok = 1;

	for (i = 0; ok && i < sizeof(sub) / sizeof(sub[0]); i++) {
		p = join(dir, sub[i]);
		ok = stat(p, &st) == 0 && S_ISDIR(st.st_mode);
		free(p);
	}
	return ok;
}

int
mbfiles_list(struct mbfiles *f, const char *dir, int maildir, char *err,
    size_t errlen)
{
	static const char *const sub[] = { "cur", "new" };
	struct entries	 e = { NULL, 0, 0 };
	char		*p;
	size_t		 i;
	int		 rc = 0;

	f->path = NULL;
	f->n = 0;
	if (!maildir)
		rc = list_one(&e, dir, err, errlen);
	for (i = 0; maildir && rc == 0 && i < sizeof(sub) / sizeof(sub[0]);
	    i++) {
		p = join(dir, sub[i]);
		rc = list_one(&e, p, err, errlen);
		free(p);
	}
	if (rc == -1) {
		for (i = 0; i < e.n; i++)
			free(e.v[i].path);
		free(e.v);
		return -1;
	}
	if (e.n > 0)
		qsort(e.v, e.n, sizeof(*e.v), entry_cmp);
	f->path = xcalloc(e.n + 1, sizeof(*f->path));
	for (i = 0; i < e.n; i++)
		f->path[i] = e.v[i].path;
	f->n = e.n;
	free(e.v);
	return 0;
}

void
mbfiles_free(struct mbfiles *f)
{
	size_t	 i;

	for (i = 0; i < f->n; i++)
		free(f->path[i]);
	free(f->path);
	f->path = NULL;
	f->n = 0;
}
