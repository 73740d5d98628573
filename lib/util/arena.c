/*
 * arena.c - bump allocator for per-generation tables and batch data.
 * A reset keeps the largest block so that a trace of similar generations
 * settles into one allocation.
 */
#include <stdlib.h>

#include "util.h"

struct sd_arena_blk {
    sd_arena_blk *next;
    size_t cap, used;
    max_align_t data[];
};

/* Small enough to come from the heap rather than mmap for small traces;
 * blocks double as a generation grows. */
#define ARENA_MIN_BLOCK ((size_t)64 << 10)

void *sd__arena_alloc(sd_arena *a, size_t n)
{
    sd_arena_blk *b = a->head;
    size_t need = (n + 15) & ~(size_t)15;
    if (need < n) return NULL;
    if (!b || b->cap - b->used < need) {
        size_t cap = ARENA_MIN_BLOCK;
        if (b && b->cap * 2 > cap) cap = b->cap * 2;
        if (cap < need) cap = need;
        if (cap > SIZE_MAX - sizeof *b) return NULL;
        b = sd__malloc(sizeof *b + cap);
        if (!b) return NULL;
        b->cap = cap;
        b->used = 0;
        b->next = a->head;
        a->head = b;
        a->alloc_total += cap;
    }
    {
        void *p = (char *)b->data + b->used;
        b->used += need;
        a->used_total += need;
        return p;
    }
}

void sd__arena_reset(sd_arena *a)
{
    sd_arena_blk *b = a->head, *keep = NULL;
    while (b) {
        sd_arena_blk *next = b->next;
        if (!keep || b->cap > keep->cap) {
            if (keep) sd__free(keep);
            keep = b;
        } else {
            sd__free(b);
        }
        b = next;
    }
    if (keep) {
        keep->next = NULL;
        keep->used = 0;
    }
    a->head = keep;
    a->used_total = 0;
    a->alloc_total = keep ? keep->cap : 0;
}

void sd__arena_release(sd_arena *a)
{
    sd_arena_blk *b;
    if (!a) return;
    b = a->head;
    while (b) {
        sd_arena_blk *next = b->next;
        sd__free(b);
        b = next;
    }
    a->head = NULL;
    a->used_total = a->alloc_total = 0;
}
