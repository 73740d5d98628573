/*
 * tracebuild.h - builds Go 1.22-format traces in memory for unit tests and
 * benchmarks: batches of events, strings, stacks and frequency.
 */
#ifndef STEPDIST_TRACEBUILD_H
#define STEPDIST_TRACEBUILD_H

#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

typedef struct tb {
    uint8_t *p;
    size_t len, cap;
    size_t batch_start; /* offset of the batch's payload */
    size_t size_at;     /* where the size varint goes */
    size_t ends[256];   /* offsets just after each batch */
    int nends;
} tb;

static void tb_bytes(tb *t, const void *p, size_t n)
{
    if (t->len + n > t->cap) {
        size_t cap = t->cap ? t->cap * 2 : 4096;
        while (cap < t->len + n) cap *= 2;
        t->p = realloc(t->p, cap);
        if (!t->p) abort();
        t->cap = cap;
    }
    memcpy(t->p + t->len, p, n);
    t->len += n;
}

static void tb_byte(tb *t, uint8_t b) { tb_bytes(t, &b, 1); }

static void tb_uv(tb *t, uint64_t v)
{
    while (v >= 0x80) {
        tb_byte(t, (uint8_t)(v | 0x80));
        v >>= 7;
    }
    tb_byte(t, (uint8_t)v);
}

static void tb_header(tb *t, int version)
{
    char h[32];
    int n = snprintf(h, sizeof h, "go 1.%d trace", version);
    tb_bytes(t, h, (size_t)n);
    tb_bytes(t, "\0\0\0", 3);
}

/* Batches are built in a side buffer so that the size can be written. */
typedef struct tb_batch {
    tb body;
    uint64_t gen, m, time;
} tb_batch;

static void tbb_begin(tb_batch *b, uint64_t gen, uint64_t m, uint64_t time)
{
    b->body.len = 0;
    b->gen = gen;
    b->m = m;
    b->time = time;
}

/* One event: type, then n uvarint args (timestamp delta first for timed). */
static void tbb_ev(tb_batch *b, uint8_t type, int n, ...)
{
    va_list ap;
    int i;
    tb_byte(&b->body, type);
    va_start(ap, n);
    for (i = 0; i < n; i++) tb_uv(&b->body, va_arg(ap, uint64_t));
    va_end(ap);
}

static void tbb_end(tb *t, tb_batch *b)
{
    tb_byte(t, 1 /* EventBatch */);
    tb_uv(t, b->gen);
    tb_uv(t, b->m);
    tb_uv(t, b->time);
    tb_uv(t, b->body.len);
    tb_bytes(t, b->body.p, b->body.len);
    if (t->nends < 256) t->ends[t->nends++] = t->len;
}

static void tb_freq(tb *t, uint64_t gen, uint64_t freq)
{
    tb_batch b = {0};
    tbb_begin(&b, gen, UINT64_MAX, 0);
    tbb_ev(&b, 8 /* Frequency */, 1, freq);
    tbb_end(t, &b);
    free(b.body.p);
}

static void tb_strings(tb *t, uint64_t gen, int n, const char *const *strs)
{
    tb_batch b = {0};
    int i;
    tbb_begin(&b, gen, UINT64_MAX, 0);
    tb_byte(&b.body, 4 /* Strings */);
    for (i = 0; i < n; i++) {
        tb_byte(&b.body, 5 /* String */);
        tb_uv(&b.body, (uint64_t)i + 1);
        tb_uv(&b.body, strlen(strs[i]));
        tb_bytes(&b.body, strs[i], strlen(strs[i]));
    }
    tbb_end(t, &b);
    free(b.body.p);
}

/* One stack with id and frames given as (pc, func string id, file string id,
 * line) quadruples. */
static void tb_stack1(tb *t, uint64_t gen, uint64_t id, int nframes, const uint64_t *f)
{
    tb_batch b = {0};
    int i;
    tbb_begin(&b, gen, UINT64_MAX, 0);
    tb_byte(&b.body, 2 /* Stacks */);
    tb_byte(&b.body, 3 /* Stack */);
    tb_uv(&b.body, id);
    tb_uv(&b.body, (uint64_t)nframes);
    for (i = 0; i < 4 * nframes; i++) tb_uv(&b.body, f[i]);
    tbb_end(t, &b);
    free(b.body.p);
}

#endif
