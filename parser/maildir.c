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
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parser/mbint.h"

struct entry {
	char		*path;		/* owned until handed to mbfiles */
	const char	*name;		/* borrowed: points into path */
};

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

static int
entry_cmp(const void *a, const void *b)
{
	const struct entry	*x = a, *y = b;
	int			 c;

	if ((c = mb_namecmp(x->name, y->name)) != 0)
		return c;
	if ((c = strcmp(x->name, y->name)) != 0)	/* "01" and "1" */
		return c;
	return strcmp(x->path, y->path);		/* cur/ before new/ */
}

/* DIR/NAME, without doubling a slash DIR ends with. */
static char *
join(const char *dir, const char *name)
{
	size_t	 n = strlen(dir);

	while (n > 1 && dir[n - 1] == '/')
		n--;
	if (n == 1 && dir[0] == '/')
		n = 0;
	return xasprintf("%.*s/%s", (int)n, dir, name);
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
	size_t		 dirlen;

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
		en->path = join(dir, de->d_name);
		dirlen = strlen(en->path) - strlen(de->d_name);
		en->name = en->path + dirlen;
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
