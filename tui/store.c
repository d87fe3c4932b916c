/*
 * store.c: the strings of the interface's records, kept for as long as the
 * records.  An id (32 bits) names a string for good: the text lives in
 * chunks that are never moved or freed before the store, so a pointer
 * handed out stays valid too.  A folder of bounces repeats its hosts,
 * codes, senders, subjects and diagnostics from message to message; those
 * are interned (the same text gets the same id and is kept once) through
 * a hash table of ids.  Texts that rarely repeat (addresses, dates,
 * message ids) are only appended, with no table entry to pay for.
 *
 * An id is the chunk's number (high bits) and the offset in it (low bits);
 * id 0 is no string.  A text longer than a chunk gets a chunk of its own.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tui/tuiint.h"

#define CHUNK_SHIFT	18
#define CHUNK_SIZE	((size_t)1 << CHUNK_SHIFT)	/* 256 KB */
#define OFF_MASK	((uint32_t)CHUNK_SIZE - 1)
#define MAX_CHUNKS	((size_t)1 << (32 - CHUNK_SHIFT))

struct slot {
	uint32_t	 id;		/* 0: free */
	uint32_t	 hash;		/* compared before the text */
};

struct tui_store {
	char		**chunk;
	size_t		  nchunk, capchunk;
	size_t		  used;		/* bytes taken in the last chunk */
	size_t		  bytes;	/* text bytes kept, for tests */
	struct slot	 *slot;		/* interned texts, open addressing */
	size_t		  nslot, capslot;
};

static char	*chunk_open(struct tui_store *, size_t);

struct tui_store *
tui_store_new(void)
{
	struct tui_store	*st = xcalloc(1, sizeof(*st));

	chunk_open(st, CHUNK_SIZE);
	st->used = 1;			/* offset 0 of chunk 0 is id 0: none */
	return st;
}

void
tui_store_free(struct tui_store *st)
{
	size_t	 i;

	if (st == NULL)
		return;
	for (i = 0; i < st->nchunk; i++)
		free(st->chunk[i]);
	free(st->chunk);
	free(st->slot);
	free(st);
}

size_t
tui_store_bytes(const struct tui_store *st)
{
	return st->bytes;
}

/* A new last chunk of SIZE bytes.  Ids have room for MAX_CHUNKS of them
 * (a terabyte of text): running out is a bug, not an input to survive. */
static char *
chunk_open(struct tui_store *st, size_t size)
{
	if (st->nchunk == MAX_CHUNKS) {
		fprintf(stderr, "bounceview: string store full\n");
		abort();
	}
	if (st->nchunk == st->capchunk) {
		st->capchunk = st->capchunk ? st->capchunk * 2 : 16;
		st->chunk = xreallocarray(st->chunk, st->capchunk,
		    sizeof(*st->chunk));
	}
	st->chunk[st->nchunk++] = xmalloc(size);
	return st->chunk[st->nchunk - 1];
}

uint32_t
tui_store_add(struct tui_store *st, const char *s, size_t len)
{
	uint32_t	 id;
	char		*p;

	if (len + 1 > CHUNK_SIZE) {
		/* a chunk of its own, and the next text opens another */
		p = chunk_open(st, len + 1);
		id = (uint32_t)(st->nchunk - 1) << CHUNK_SHIFT;
		st->used = CHUNK_SIZE;
	} else {
		if (st->used + len + 1 > CHUNK_SIZE) {
			chunk_open(st, CHUNK_SIZE);
			st->used = 0;
		}
		p = st->chunk[st->nchunk - 1] + st->used;
		id = (uint32_t)(st->nchunk - 1) << CHUNK_SHIFT |
		    (uint32_t)st->used;
		st->used += len + 1;
	}
	memcpy(p, s, len);
	p[len] = '\0';
	st->bytes += len + 1;
	return id;
}

const char *
tui_store_get(const struct tui_store *st, uint32_t id)
{
	if (id == TUI_NOSTR)
		return NULL;
	return st->chunk[id >> CHUNK_SHIFT] + (id & OFF_MASK);
}

void
tui_store_getn(const struct tui_store *st, const uint32_t *id, size_t n,
    const char **out)
{
	char *const	*chunk = st->chunk;
	size_t		 i;

	for (i = 0; i < n; i++)
		out[i] = id[i] == TUI_NOSTR ? NULL :
		    chunk[id[i] >> CHUNK_SHIFT] + (id[i] & OFF_MASK);
}

/* Twice the room when the table is 3/4 full: probes stay short. */
static void
slots_grow(struct tui_store *st)
{
	struct slot	*old = st->slot;
	size_t		 oldcap = st->capslot, i, j;

	st->capslot = oldcap ? oldcap * 2 : 1024;
	st->slot = xcalloc(st->capslot, sizeof(*st->slot));
	for (i = 0; i < oldcap; i++) {
		if (old[i].id == 0)
			continue;
		for (j = old[i].hash & (st->capslot - 1); st->slot[j].id != 0;
		    j = (j + 1) & (st->capslot - 1))
			;
		st->slot[j] = old[i];
	}
	free(old);
}

uint32_t
tui_store_intern(struct tui_store *st, const char *s, size_t len)
{
	uint32_t	 h = (uint32_t)bv_hash(s, len);
	const char	*t;
	size_t		 i;

	if ((st->nslot + 1) * 4 > st->capslot * 3)
		slots_grow(st);
	for (i = h & (st->capslot - 1); st->slot[i].id != 0;
	    i = (i + 1) & (st->capslot - 1)) {
		if (st->slot[i].hash != h)
			continue;
		t = tui_store_get(st, st->slot[i].id);
		if (strncmp(t, s, len) == 0 && t[len] == '\0')
			return st->slot[i].id;
	}
	st->slot[i].hash = h;
	st->slot[i].id = tui_store_add(st, s, len);
	st->nslot++;
	return st->slot[i].id;
}
