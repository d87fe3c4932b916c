/*
 * replay.c: a main() for a fuzz target without libFuzzer, so make check can
 * run every saved input (tests/fuzz/regress/TARGET/) through the same code
 * with any compiler, under the sanitizers when they are on.
 *
 * usage: replay_TARGET FILE|DIR...   (a directory's files in name order)
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "tests/fuzz/fuzz.h"

static unsigned long	 nrun;

static int
replay_file(const char *path)
{
	struct buf	 b = { NULL, 0, 0 };
	char		 chunk[65536];
	size_t		 n;
	FILE		*f;

	if ((f = fopen(path, "rb")) == NULL) {
		fprintf(stderr, "%s: %s\n", path, strerror(errno));
		return -1;
	}
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		buf_add(&b, chunk, n);
	if (ferror(f)) {
		fprintf(stderr, "%s: read error\n", path);
		fclose(f);
		buf_free(&b);
		return -1;
	}
	fclose(f);
	/* Exactly the input bytes: the fuzzer's buffer has no spare NUL. */
	{
		uint8_t	*copy = xmalloc(b.len ? b.len : 1);

		memcpy(copy, b.s ? b.s : "", b.len);
		LLVMFuzzerTestOneInput(copy, b.len);
		free(copy);
	}
	buf_free(&b);
	nrun++;
	return 0;
}

static int
namecmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int
replay_dir(const char *dir)
{
	struct dirent	 *d;
	char		**names = NULL, *path;
	size_t		  n = 0, i;
	int		  rc = 0;
	DIR		 *dp;

	if ((dp = opendir(dir)) == NULL) {
		fprintf(stderr, "%s: %s\n", dir, strerror(errno));
		return -1;
	}
	while ((d = readdir(dp)) != NULL) {
		if (d->d_name[0] == '.')
			continue;
		names = xreallocarray(names, n + 1, sizeof(*names));
		names[n++] = xstrdup(d->d_name);
	}
	closedir(dp);
	if (n > 0)
		qsort(names, n, sizeof(*names), namecmp);
	for (i = 0; i < n; i++) {
		path = xasprintf("%s/%s", dir, names[i]);
		fprintf(stderr, "replay: %s\n", path);
		if (replay_file(path) == -1)
			rc = -1;
		free(path);
		free(names[i]);
	}
	free(names);
	return rc;
}

int
main(int argc, char **argv)
{
	struct stat	 st;
	int		 i, rc = 0;

	if (LLVMFuzzerInitialize != NULL)
		LLVMFuzzerInitialize(&argc, &argv);
	for (i = 1; i < argc; i++) {
		if (stat(argv[i], &st) == -1) {
			fprintf(stderr, "%s: %s\n", argv[i], strerror(errno));
			rc = 1;
		} else if (S_ISDIR(st.st_mode)) {
			if (replay_dir(argv[i]) == -1)
				rc = 1;
		} else if (replay_file(argv[i]) == -1)
			rc = 1;
	}
	printf("replay: %lu inputs, no crash\n", nrun);
	return rc;
}
