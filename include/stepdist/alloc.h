/*
 * alloc.h - the library's allocator, replaceable (for embedding, and for
 * the out-of-memory tests that fail every allocation in turn).
 */
#ifndef STEPDIST_ALLOC_H
#define STEPDIST_ALLOC_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct sd_allocator {
    void *(*malloc_fn)(size_t n);
    void *(*calloc_fn)(size_t count, size_t n);
    void *(*realloc_fn)(void *p, size_t n);
    void (*free_fn)(void *p);
} sd_allocator;

/* Replaces the allocator used by every later library call (NULL restores
 * the C library's).  Not thread-safe: call it before using the library.
 * Memory must be freed by the allocator that gave it. */
void sd_set_allocator(const sd_allocator *a);

#ifdef __cplusplus
}
#endif
#endif
