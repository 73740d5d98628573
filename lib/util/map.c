/*
 * map.c - open-addressing hash map from u64 keys to u32 values (linear
 * probing, backward-shift deletion), and string interning built on it.
 */
#include <stdlib.h>
#include <string.h>

#include "util.h"

static inline size_t hash64(uint64_t k)
{
    k ^= k >> 33;
    k *= 0xff51afd7ed558ccdULL;
    k ^= k >> 33;
    k *= 0xc4ceb9fe1a85ec53ULL;
    k ^= k >> 33;
    return (size_t)k;
}

void sd__map_release(sd_map *m)
{
    if (!m) return;
    sd__free(m->keys);
    sd__free(m->vals);
    memset(m, 0, sizeof *m);
}

void sd__map_clear(sd_map *m)
{
    if (m->cap) memset(m->vals, 0, m->cap * sizeof *m->vals);
    m->n = 0;
}

int64_t sd__map_get(const sd_map *m, uint64_t key)
{
    size_t mask, i;
    if (m->cap == 0) return -1;
    mask = m->cap - 1;
    for (i = hash64(key) & mask;; i = (i + 1) & mask) {
        if (m->vals[i] == 0) return -1;
        if (m->keys[i] == key) return (int64_t)m->vals[i] - 1;
    }
}

static int map_resize(sd_map *m, size_t cap)
{
    uint64_t *keys = sd__malloc(cap * sizeof *keys);
    uint32_t *vals = sd__calloc(cap, sizeof *vals);
    size_t i, mask = cap - 1;
    if (!keys || !vals) {
        sd__free(keys);
        sd__free(vals);
        return SD_ENOMEM;
    }
    for (i = 0; i < m->cap; i++) {
        size_t j;
        if (m->vals[i] == 0) continue;
        for (j = hash64(m->keys[i]) & mask; vals[j]; j = (j + 1) & mask) {}
        keys[j] = m->keys[i];
        vals[j] = m->vals[i];
    }
    sd__free(m->keys);
    sd__free(m->vals);
    m->keys = keys;
    m->vals = vals;
    m->cap = cap;
    return 0;
}

int sd__map_put(sd_map *m, uint64_t key, uint32_t val)
{
    size_t mask, i;
    if (val == UINT32_MAX) return SD_EINVAL;
    if ((m->n + 1) * 4 > m->cap * 3) {
        int rc = map_resize(m, m->cap ? m->cap * 2 : 16);
        if (rc) return rc;
    }
    mask = m->cap - 1;
    for (i = hash64(key) & mask; m->vals[i]; i = (i + 1) & mask) {
        if (m->keys[i] == key) {
            m->vals[i] = val + 1;
            return 0;
        }
    }
    m->keys[i] = key;
    m->vals[i] = val + 1;
    m->n++;
    return 0;
}

void sd__map_del(sd_map *m, uint64_t key)
{
    size_t mask, i, j;
    if (m->cap == 0) return;
    mask = m->cap - 1;
    for (i = hash64(key) & mask;; i = (i + 1) & mask) {
        if (m->vals[i] == 0) return;
        if (m->keys[i] == key) break;
    }
    /* Backward-shift: pull later entries of the probe run into the hole. */
    for (j = (i + 1) & mask; m->vals[j]; j = (j + 1) & mask) {
        size_t home = hash64(m->keys[j]) & mask;
        /* Move j into i if its home is not in the cyclic range (i, j]. */
        if (((j - home) & mask) >= ((j - i) & mask)) {
            m->keys[i] = m->keys[j];
            m->vals[i] = m->vals[j];
            i = j;
        }
    }
    m->vals[i] = 0;
    m->n--;
}

static uint64_t hash_bytes(const char *s, size_t n)
{
    uint64_t h = 1469598103934665603ULL; /* FNV-1a */
    size_t i;
    for (i = 0; i < n; i++) {
        h ^= (unsigned char)s[i];
        h *= 1099511628211ULL;
    }
    return h;
}

int64_t sd__strpool_intern(sd_strpool *p, const char *s, size_t n)
{
    uint64_t h;
    int64_t id;
    char *copy;
    if (n == 0) return 0;
    h = hash_bytes(s, n);
    for (id = sd__map_get(&p->index, h); id > 0; id = p->next[id]) {
        if (p->lens[id] == n && memcmp(p->ptrs[id], s, n) == 0) return id;
        if (p->next[id] == 0) break;
    }
    if (p->n == 0) p->n = 1; /* id 0 is the empty string */
    if (p->n >= p->cap) {
        size_t cap = p->cap ? p->cap * 2 : 64;
        const char **ptrs = sd__realloc((void *)p->ptrs, cap * sizeof *ptrs);
        size_t *lens;
        uint32_t *next;
        if (!ptrs) return -1;
        p->ptrs = ptrs;
        lens = sd__realloc(p->lens, cap * sizeof *lens);
        if (!lens) return -1;
        p->lens = lens;
        next = sd__realloc(p->next, cap * sizeof *next);
        if (!next) return -1;
        p->next = next;
        p->cap = cap;
        p->ptrs[0] = "";
        p->lens[0] = 0;
        p->next[0] = 0;
    }
    copy = sd__arena_alloc(&p->arena, n + 1);
    if (!copy) return -1;
    memcpy(copy, s, n);
    copy[n] = '\0';
    id = (int64_t)p->n++;
    p->ptrs[id] = copy;
    p->lens[id] = n;
    {   /* push onto the hash chain */
        int64_t head = sd__map_get(&p->index, h);
        p->next[id] = head > 0 ? (uint32_t)head : 0;
        if (sd__map_put(&p->index, h, (uint32_t)id) != 0) return -1;
    }
    return id;
}

void sd__strpool_release(sd_strpool *p)
{
    if (!p) return;
    sd__arena_release(&p->arena);
    sd__map_release(&p->index);
    sd__free((void *)p->ptrs);
    sd__free(p->lens);
    sd__free(p->next);
    memset(p, 0, sizeof *p);
}
