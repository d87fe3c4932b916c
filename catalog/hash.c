/*
 * hash.c: a hash of a byte string for the program's own tables (interned
 * strings, the interface's store).  It reads eight bytes a step: the
 * byte-at-a-time FNV it replaced waited on a multiplication per byte, and
 * the texts hashed most (diagnostics, advice) are a hundred bytes and more.
 * Values differ between byte orders; nothing keeps them.
 */
#include "config.h"

#include <string.h>

#include "catalog/catalog.h"

#define MIX	0xff51afd7ed558ccdULL

uint64_t
bv_hash(const void *p, size_t n)
{
	const unsigned char	*s = p;
	uint64_t		 h = 0x9e3779b97f4a7c15ULL ^ n, w;

	for (; n >= 8; s += 8, n -= 8) {
		memcpy(&w, s, 8);
		h = (h ^ w) * MIX;
		h ^= h >> 32;		/* high bits back into the low */
	}
	w = 0;
	memcpy(&w, s, n);
	h = (h ^ w) * MIX;
	/* the low bits pick a slot: every input bit must reach them */
	h ^= h >> 33;
	h *= 0xc4ceb9fe1a85ec53ULL;
	h ^= h >> 33;
	return h;
}
