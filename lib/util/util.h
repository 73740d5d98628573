/*
 * util.h - internal helpers shared by the library: growable buffers, an
 * arena, a u64 hash map, string interning and number formatting.
 * Not part of the public API (prefix sd__).
 */
#ifndef STEPDIST_UTIL_H
#define STEPDIST_UTIL_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "stepdist/error.h"

/* ---- allocation (alloc.c; replaceable with sd_set_allocator) ---- */
void *sd__malloc(size_t n);
void *sd__calloc(size_t count, size_t n);
void *sd__realloc(void *p, size_t n);
void sd__free(void *p); /* accepts NULL */
char *sd__strdup(const char *s);
/* Room for n elements of size elem in the array *p (p is a T **) of *cap
 * elements, doubling: 0, or -1 with *p and *cap unchanged (no memory). */
int sd__grow(void *p, size_t *cap, size_t n, size_t elem);

/* The monotonic clock, in nanoseconds (clock.c). */
int64_t sd__mono_ns(void);

/* ---- growable byte buffer ---- */
typedef struct sd_buf {
    char *p;
    size_t len, cap;
    int oom; /* sticky: set when an allocation failed */
} sd_buf;

void sd__buf_release(sd_buf *b);
int sd__buf_grow(sd_buf *b, size_t need); /* 0 or SD_ENOMEM */
static inline int sd__buf_reserve(sd_buf *b, size_t n)
{
    return (b->cap - b->len >= n) ? 0 : sd__buf_grow(b, n);
}
static inline void sd__buf_put(sd_buf *b, const void *p, size_t n)
{
    if (n == 0 || sd__buf_reserve(b, n) != 0) return;
    memcpy(b->p + b->len, p, n);
    b->len += n;
}
/* Appends a string literal without a strlen. */
#define SD__BUF_LIT(b, lit) sd__buf_put((b), (lit), sizeof(lit) - 1)
static inline void sd__buf_putc(sd_buf *b, char c)
{
    if (b->len < b->cap || sd__buf_grow(b, 1) == 0) b->p[b->len++] = c;
}
void sd__buf_puts(sd_buf *b, const char *s);
/* Decimal formatting, two digits at a time (the printers' hot path). */
extern const char sd__digits2[200];
static inline void sd__buf_u64(sd_buf *b, uint64_t v)
{
    char tmp[20];
    int i = 20;
    while (v >= 100) {
        unsigned r = (unsigned)(v % 100);
        v /= 100;
        tmp[--i] = sd__digits2[2 * r + 1];
        tmp[--i] = sd__digits2[2 * r];
    }
    if (v >= 10) {
        tmp[--i] = sd__digits2[2 * v + 1];
        tmp[--i] = sd__digits2[2 * v];
    } else {
        tmp[--i] = (char)('0' + v);
    }
    sd__buf_put(b, tmp + i, (size_t)(20 - i));
}
static inline void sd__buf_i64(sd_buf *b, int64_t v)
{
    if (v < 0) {
        sd__buf_putc(b, '-');
        sd__buf_u64(b, (uint64_t)0 - (uint64_t)v);
    } else {
        sd__buf_u64(b, (uint64_t)v);
    }
}
void sd__buf_hex(sd_buf *b, uint64_t v); /* lower-case, no prefix */
/* Appends s quoted as Go's strconv.Quote does. */
void sd__buf_goquote(sd_buf *b, const char *s, size_t n);
/* Appends s as a JSON string literal (with quotes). */
void sd__buf_jsonstr(sd_buf *b, const char *s, size_t n);

/* ---- arena: bump allocation, freed all at once ---- */
typedef struct sd_arena_blk sd_arena_blk;
typedef struct sd_arena {
    sd_arena_blk *head;
    size_t used_total;   /* bytes handed out */
    size_t alloc_total;  /* bytes obtained from malloc */
} sd_arena;

void *sd__arena_alloc(sd_arena *a, size_t n); /* 16-byte aligned, NULL on OOM */
void sd__arena_reset(sd_arena *a);            /* keeps the largest block */
void sd__arena_release(sd_arena *a);

/* ---- open-addressing map from u64 keys to u32 values ---- */
typedef struct sd_map {
    uint64_t *keys;
    uint32_t *vals; /* value + 1; 0 marks an empty slot */
    size_t cap, n;  /* cap is a power of two or 0 */
} sd_map;

void sd__map_release(sd_map *m);
void sd__map_clear(sd_map *m);
/* Returns the value for key, or -1 if absent. */
int64_t sd__map_get(const sd_map *m, uint64_t key);
/* Inserts or replaces; 0 or SD_ENOMEM. */
int sd__map_put(sd_map *m, uint64_t key, uint32_t val);
/* Removes key if present. */
void sd__map_del(sd_map *m, uint64_t key);

/* ---- persistent string interning ---- */
typedef struct sd_strpool {
    sd_arena arena;
    sd_map index;        /* hash -> first id with that hash (chained) */
    const char **ptrs;   /* id -> NUL-terminated copy; id 0 = "" */
    size_t *lens;
    uint32_t *next;      /* chain of ids sharing a hash */
    size_t n, cap;
} sd_strpool;

/* Returns the id of s (interning it), or -1 on OOM.  "" is always 0. */
int64_t sd__strpool_intern(sd_strpool *p, const char *s, size_t n);
void sd__strpool_release(sd_strpool *p);

/* Go's float64 -> int64 conversion on amd64 (out of range gives INT64_MIN). */
static inline int64_t sd__f64_to_i64(double v)
{
    /* CVTTSD2SI semantics: NaN and out-of-range values give INT64_MIN. */
    if (!(v >= -9223372036854775808.0 && v < 9223372036854775808.0)) return INT64_MIN;
    return (int64_t)v;
}

#endif
