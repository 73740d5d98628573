/*
 * failalloc.h - an allocator for out-of-memory tests: after `fa_budget`
 * allocations every further one fails (fa_failures counts them), and
 * fa_live counts the blocks still held, so a test can fail each
 * allocation in turn and check that nothing leaks.  Install it with
 * sd_set_allocator(&fa_allocator); set fa_budget = -1 for no limit.
 */
#ifndef STEPDIST_FAILALLOC_H
#define STEPDIST_FAILALLOC_H

#include <stdlib.h>

#include "stepdist/alloc.h"

static long fa_budget = -1, fa_live, fa_failures;

static int fa_take(void)
{
    if (fa_budget == 0) {
        fa_failures++;
        return 0;
    }
    if (fa_budget > 0) fa_budget--;
    return 1;
}
static void *fa_malloc(size_t n)
{
    void *p = fa_take() ? malloc(n) : NULL;
    if (p) fa_live++;
    return p;
}
static void *fa_calloc(size_t c, size_t n)
{
    void *p = fa_take() ? calloc(c, n) : NULL;
    if (p) fa_live++;
    return p;
}
static void *fa_realloc(void *old, size_t n)
{
    void *p = fa_take() ? realloc(old, n) : NULL;
    if (p && !old) fa_live++;
    return p;
}
static void fa_free(void *p)
{
    if (p) fa_live--;
    free(p);
}
static const sd_allocator fa_allocator = {fa_malloc, fa_calloc, fa_realloc, fa_free};

#endif
