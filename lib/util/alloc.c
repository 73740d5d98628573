/*
 * alloc.c - the replaceable allocator behind sd__malloc and friends.
 */
#include <stdlib.h>
#include <string.h>

#include "stepdist/alloc.h"
#include "util.h"

static sd_allocator cur = {malloc, calloc, realloc, free};

void sd_set_allocator(const sd_allocator *a)
{
    static const sd_allocator libc = {malloc, calloc, realloc, free};
    cur = a ? *a : libc;
}

void *sd__malloc(size_t n) { return cur.malloc_fn(n); }
void *sd__calloc(size_t count, size_t n) { return cur.calloc_fn(count, n); }
void *sd__realloc(void *p, size_t n) { return cur.realloc_fn(p, n); }
void sd__free(void *p)
{
    if (p) cur.free_fn(p);
}

char *sd__strdup(const char *s)
{
    size_t n = strlen(s) + 1;
    char *p = sd__malloc(n);
    if (p) memcpy(p, s, n);
    return p;
}

int sd__grow(void *p, size_t *cap, size_t n, size_t elem)
{
    void **pp = p, *np;
    size_t c = *cap ? *cap : 16;
    if (n <= *cap) return 0;
    while (c < n) c *= 2;
    if (!(np = sd__realloc(*pp, c * elem))) return -1;
    *pp = np;
    *cap = c;
    return 0;
}
