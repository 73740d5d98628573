/*
 * gen.c - reading a trace generation by generation: the input stream,
 * batches, and the per-generation string, stack, frame and CPU-sample
 * tables (Go's generation.go and batch.go).  A generation is read whole
 * before any of its events is ordered; the first batch of the next one is
 * kept aside ("spilled"), so memory stays bounded by one generation.
 */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "trace_int.h"

#define INPUT_BUF (1u << 20)

/* ---------------------------------------------------------------- input */

static int in_fill(sd__input *in)
{
    size_t n;
    if (in->mem || in->eof) return 0;
    n = fread(in->buf, 1, in->bufcap, in->f);
    if (n == 0) {
        if (ferror(in->f)) in->ioerr = 1;
        in->eof = 1;
        return 0;
    }
    in->bpos = 0;
    in->blen = n;
    return 1;
}

/* 1: byte read; 0: end of input. */
static inline int in_byte(sd__input *in, uint8_t *b)
{
    if (in->bpos == in->blen && !in_fill(in)) return 0;
    *b = in->buf[in->bpos++];
    in->off++;
    return 1;
}

/* Reads up to n bytes into dst; returns the count read. */
static size_t in_read(sd__input *in, uint8_t *dst, size_t n)
{
    size_t got = 0;
    while (got < n) {
        size_t k;
        if (in->bpos == in->blen && !in_fill(in)) break;
        k = in->blen - in->bpos;
        if (k > n - got) k = n - got;
        memcpy(dst + got, in->buf + in->bpos, k);
        in->bpos += k;
        in->off += k;
        got += k;
    }
    return got;
}

enum { UV_OK = 0, UV_EOF, UV_UNEXPECTED_EOF, UV_OVERFLOW };

/* binary.ReadUvarint on the stream. */
static int in_uvarint(sd__input *in, uint64_t *out)
{
    uint64_t x = 0;
    unsigned s = 0, i;
    for (i = 0; i < 10; i++) {
        uint8_t b;
        if (!in_byte(in, &b)) return i > 0 ? UV_UNEXPECTED_EOF : UV_EOF;
        if (b < 0x80) {
            if (i == 9 && b > 1) return UV_OVERFLOW;
            *out = x | (uint64_t)b << s;
            return UV_OK;
        }
        x |= (uint64_t)(b & 0x7f) << s;
        s += 7;
    }
    return UV_OVERFLOW;
}

static const char *uv_msg(int rc)
{
    switch (rc) {
    case UV_EOF: return "EOF";
    case UV_UNEXPECTED_EOF: return "unexpected EOF";
    default: return "varint overflows a 64-bit integer";
    }
}

/* binary.ReadUvarint over a byte slice (a bytes.Reader). */
static int slice_uvarint(const uint8_t *p, size_t len, size_t *pos, uint64_t *out)
{
    uint64_t x = 0;
    unsigned s = 0, i;
    for (i = 0; i < 10; i++) {
        uint8_t b;
        if (*pos >= len) return i > 0 ? UV_UNEXPECTED_EOF : UV_EOF;
        b = p[(*pos)++];
        if (b < 0x80) {
            if (i == 9 && b > 1) return UV_OVERFLOW;
            *out = x | (uint64_t)b << s;
            return UV_OK;
        }
        x |= (uint64_t)(b & 0x7f) << s;
        s += 7;
    }
    return UV_OVERFLOW;
}

int sd__input_init_file(sd__input *in, FILE *f, int own)
{
    struct stat st;
    memset(in, 0, sizeof *in);
    /* a small trace gets a small buffer (no 1 MiB allocation per file:
     * the collector opens thousands of few-KB traces) */
    in->bufcap = INPUT_BUF;
    if (fstat(fileno(f), &st) == 0 && S_ISREG(st.st_mode) && st.st_size >= 0 &&
        (uint64_t)st.st_size < INPUT_BUF)
        in->bufcap = (size_t)st.st_size + 4096;
    in->buf = sd__malloc(in->bufcap);
    if (!in->buf) return SD_ENOMEM;
    in->f = f;
    in->own_f = own;
    return 0;
}

int sd__input_init_mem(sd__input *in, const void *data, size_t len)
{
    memset(in, 0, sizeof *in);
    in->mem = data;
    in->memlen = len;
    in->buf = (uint8_t *)(uintptr_t)data; /* read-only use */
    in->blen = len;
    return 0;
}

void sd__input_release(sd__input *in)
{
    if (!in->mem) sd__free(in->buf);
    if (in->own_f && in->f) fclose(in->f);
    memset(in, 0, sizeof *in);
}

/* Reads "go 1.NN trace\0\0\0". */
int sd__input_header(sd__input *in, const char *name, int *version, sd_error *err)
{
    static const char pre[] = "go 1.", post[] = " trace\0\0\0";
    uint8_t b = 0;
    int v = 0, digits = 0;
    size_t i;
    for (i = 0; i < 5; i++)
        if (!in_byte(in, &b) || b != (uint8_t)pre[i]) goto bad;
    while (in_byte(in, &b) && b >= '0' && b <= '9') {
        if (++digits > 4) goto bad;
        v = v * 10 + (b - '0');
    }
    if (digits == 0 || b != ' ') goto bad;
    for (i = 1; i < 9; i++)
        if (!in_byte(in, &b) || b != (uint8_t)post[i]) goto bad;
    *version = v;
    if (v == 22 || v == 23) return 0;
    if (v == 11 || v == 19 || v == 21)
        return sd_error_set(err, SD_EVERSION, 0,
                            "%s: offset 0: unsupported trace version go 1.%d "
                            "(stepdist reads the Go 1.22+ format; record with Go 1.22 or 1.23)",
                            name, v);
    return sd_error_set(err, SD_EVERSION, 0,
                        "%s: offset 0: unsupported trace version go 1.%d "
                        "(stepdist reads the formats of Go 1.22 and 1.23)",
                        name, v);
bad:
    if (in->ioerr)
        return sd_error_set(err, SD_EIO, in->off, "%s: offset %lld: read error", name,
                            (long long)in->off);
    return sd_error_set(err, SD_EFORMAT, 0,
                        "%s: offset 0: bad file format: not a Go execution trace "
                        "(expected header \"go 1.NN trace\")",
                        name);
}

/* ------------------------------------------------------------- tables */

#define GROW(v, n, cap, fail)                                            \
    do {                                                                 \
        if ((n) == (cap)) {                                              \
            size_t ncap_ = (cap) ? (cap) * 2 : 16;                       \
            void *nv_ = sd__realloc((v), ncap_ * sizeof *(v));               \
            if (!nv_) fail;                                              \
            (v) = nv_;                                                   \
            (cap) = ncap_;                                               \
        }                                                                \
    } while (0)

int sd__gen_str_slow(const struct sd_trace_gen *g, uint64_t id, sd_str *out)
{
    int64_t i;
    if (id == 0) {
        out->ptr = "";
        out->len = 0;
        return 1;
    }
    if (g->str_dense) {
        if (id < g->str_dense_n && g->str_dense[id].ptr) {
            *out = g->str_dense[id];
            return 1;
        }
        return 0;
    }
    i = sd__map_get(&g->str_index, id);
    if (i < 0) return 0;
    *out = g->strs[i].s;
    return 1;
}

const sd__stackent *sd__gen_stack_slow(const struct sd_trace_gen *g, uint64_t id, int *ok)
{
    int64_t i;
    *ok = 1;
    if (id == 0) return NULL;
    if (g->stk_dense) {
        if (id < g->stk_dense_n && g->stk_dense[id]) return &g->stks[g->stk_dense[id] - 1];
        *ok = 0;
        return NULL;
    }
    i = sd__map_get(&g->stk_index, id);
    if (i < 0) {
        *ok = 0;
        return NULL;
    }
    return &g->stks[i];
}

struct sd_trace_gen *sd__gen_new(void) { return sd__calloc(1, sizeof(struct sd_trace_gen)); }

void sd__gen_reset(struct sd_trace_gen *g)
{
    size_t i;
    sd__arena_reset(&g->arena);
    g->nstrs = g->nstks = g->npcs = g->ncpu = 0;
    sd__map_clear(&g->str_index);
    sd__map_clear(&g->stk_index);
    sd__map_clear(&g->pc_index);
    sd__map_clear(&g->m_index);
    sd__free(g->str_dense);
    g->str_dense = NULL;
    g->str_dense_n = 0;
    sd__free(g->stk_dense);
    g->stk_dense = NULL;
    g->stk_dense_n = 0;
    for (i = 0; i < g->nms; i++) g->ms[i].n = 0;
    g->nms = 0;
    g->gen = 0;
    g->freq = 0;
    g->bytes = 0;
    memset(g->has_exp_data, 0, sizeof g->has_exp_data);
}

void sd__gen_free(struct sd_trace_gen *g)
{
    size_t i;
    if (!g) return;
    sd__arena_release(&g->arena);
    sd__free(g->strs);
    sd__free(g->stks);
    sd__free(g->pcs);
    sd__free(g->cpu);
    for (i = 0; i < g->capms; i++) sd__free(g->ms[i].v);
    sd__free(g->ms);
    sd__free(g->str_dense);
    sd__free(g->stk_dense);
    sd__map_release(&g->str_index);
    sd__map_release(&g->stk_index);
    sd__map_release(&g->pc_index);
    sd__map_release(&g->m_index);
    sd__free(g);
}

/* ------------------------------------------------------------ batches */

#define FAIL(code, off, ...) return sd_error_set(err, (code), (off), __VA_ARGS__)

/* Reads the head of a table entry: the entry's type byte (must be want),
 * its id and its count (string length or frame count); checks the count
 * against max.  Returns 0 or a negative error naming the offset. */
static int read_entry_head(const sd__batch *b, size_t *pos, uint8_t want, const char *what,
                           uint64_t max, uint64_t *id, uint64_t *count, const char *name,
                           sd_error *err)
{
    size_t at = *pos;
    int rc;
    if (b->data[(*pos)++] != want)
        FAIL(SD_EFORMAT, b->off + (int64_t)at, "%s: offset %lld: expected %s event, got %d", name,
             (long long)(b->off + (int64_t)at), what, b->data[at]);
    if ((rc = slice_uvarint(b->data, b->len, pos, id)) != UV_OK ||
        (rc = slice_uvarint(b->data, b->len, pos, count)) != UV_OK)
        FAIL(SD_EFORMAT, b->off + (int64_t)*pos, "%s: offset %lld: reading %s: %s", name,
             (long long)(b->off + (int64_t)*pos), what, uv_msg(rc));
    if (*count > max)
        FAIL(SD_EFORMAT, b->off + (int64_t)at,
             "%s: offset %lld: invalid %s size %llu, maximum is %llu", name,
             (long long)(b->off + (int64_t)at), what, (unsigned long long)*count,
             (unsigned long long)max);
    return 0;
}

static int add_strings(struct sd_trace_gen *g, const sd__batch *b, const char *name,
                       sd_error *err)
{
    size_t pos = 1;
    while (pos < b->len) {
        size_t at = pos;
        uint64_t id, len;
        int rc;
        char *copy;
        if ((rc = read_entry_head(b, &pos, SD_EV_String, "string", SD__MAX_STRING, &id, &len,
                                  name, err)) < 0)
            return rc;
        if (len > b->len - pos)
            FAIL(SD_EFORMAT, b->off + (int64_t)pos,
                 "%s: offset %lld: failed to read full string: read %zu but wanted %llu", name,
                 (long long)(b->off + (int64_t)pos), b->len - pos, (unsigned long long)len);
        if (id == 0 || sd__map_get(&g->str_index, id) >= 0)
            FAIL(SD_EFORMAT, b->off + (int64_t)at,
                 "%s: offset %lld: multiple strings with the same ID: id=%llu", name,
                 (long long)(b->off + (int64_t)at), (unsigned long long)id);
        copy = sd__arena_alloc(&g->arena, len + 1);
        if (!copy) FAIL(SD_ENOMEM, -1, "%s: out of memory", name);
        memcpy(copy, b->data + pos, len);
        copy[len] = '\0';
        pos += len;
        GROW(g->strs, g->nstrs, g->capstrs, FAIL(SD_ENOMEM, -1, "%s: out of memory", name));
        g->strs[g->nstrs].id = id;
        g->strs[g->nstrs].s.ptr = copy;
        g->strs[g->nstrs].s.len = len;
        if (sd__map_put(&g->str_index, id, (uint32_t)g->nstrs) != 0)
            FAIL(SD_ENOMEM, -1, "%s: out of memory", name);
        g->nstrs++;
    }
    return 0;
}

static int add_stacks(struct sd_trace_gen *g, const sd__batch *b, const char *name,
                      sd_error *err)
{
    size_t pos = 1;
    while (pos < b->len) {
        size_t at = pos, i;
        uint64_t id, nframes;
        uint64_t *pcs;
        int rc;
        if ((rc = read_entry_head(b, &pos, SD_EV_Stack, "stack", SD__MAX_FRAMES, &id, &nframes,
                                  name, err)) < 0)
            return rc;
        pcs = sd__arena_alloc(&g->arena, (nframes ? nframes : 1) * sizeof *pcs);
        if (!pcs) FAIL(SD_ENOMEM, -1, "%s: out of memory", name);
        for (i = 0; i < nframes; i++) {
            uint64_t f[4];
            int k;
            for (k = 0; k < 4; k++) {
                if ((rc = slice_uvarint(b->data, b->len, &pos, &f[k])) != UV_OK)
                    FAIL(SD_EFORMAT, b->off + (int64_t)pos,
                         "%s: offset %lld: reading frame %zu of stack %llu: %s", name,
                         (long long)(b->off + (int64_t)pos), i + 1, (unsigned long long)id,
                         uv_msg(rc));
            }
            pcs[i] = f[0];
            if (sd__map_get(&g->pc_index, f[0]) < 0) {
                GROW(g->pcs, g->npcs, g->cappcs, FAIL(SD_ENOMEM, -1, "%s: out of memory", name));
                g->pcs[g->npcs].pc = f[0];
                g->pcs[g->npcs].func_id = f[1];
                g->pcs[g->npcs].file_id = f[2];
                g->pcs[g->npcs].line = f[3];
                if (sd__map_put(&g->pc_index, f[0], (uint32_t)g->npcs) != 0)
                    FAIL(SD_ENOMEM, -1, "%s: out of memory", name);
                g->npcs++;
            }
        }
        if (id == 0 || sd__map_get(&g->stk_index, id) >= 0)
            FAIL(SD_EFORMAT, b->off + (int64_t)at,
                 "%s: offset %lld: multiple stacks with the same ID: id=%llu", name,
                 (long long)(b->off + (int64_t)at), (unsigned long long)id);
        GROW(g->stks, g->nstks, g->capstks, FAIL(SD_ENOMEM, -1, "%s: out of memory", name));
        memset(&g->stks[g->nstks], 0, sizeof g->stks[0]);
        g->stks[g->nstks].id = id;
        g->stks[g->nstks].pcs = pcs;
        g->stks[g->nstks].n = nframes;
        if (sd__map_put(&g->stk_index, id, (uint32_t)g->nstks) != 0)
            FAIL(SD_ENOMEM, -1, "%s: out of memory", name);
        g->nstks++;
    }
    return 0;
}

static int add_cpu_samples(struct sd_trace_gen *g, const sd__batch *b, const char *name,
                           sd_error *err)
{
    size_t pos = 1;
    while (pos < b->len) {
        size_t at = pos;
        uint64_t v[5];
        int k, rc;
        if (b->data[pos++] != SD_EV_CPUSample)
            FAIL(SD_EFORMAT, b->off + (int64_t)at,
                 "%s: offset %lld: expected CPU sample event, got %d", name,
                 (long long)(b->off + (int64_t)at), b->data[at]);
        for (k = 0; k < 5; k++)
            if ((rc = slice_uvarint(b->data, b->len, &pos, &v[k])) != UV_OK)
                FAIL(SD_EFORMAT, b->off + (int64_t)pos,
                     "%s: offset %lld: reading CPU sample: %s", name,
                     (long long)(b->off + (int64_t)pos), uv_msg(rc));
        GROW(g->cpu, g->ncpu, g->capcpu, FAIL(SD_ENOMEM, -1, "%s: out of memory", name));
        g->cpu[g->ncpu].time = (int64_t)v[0]; /* raw timestamp until the gen is complete */
        g->cpu[g->ncpu].m = (int64_t)v[1];
        g->cpu[g->ncpu].p = (int64_t)v[2];
        g->cpu[g->ncpu].g = v[3] == 0 ? SD_NO_GOROUTINE : (int64_t)v[3];
        g->cpu[g->ncpu].stack = v[4];
        g->ncpu++;
    }
    return 0;
}

static int process_batch(struct sd_trace_gen *g, const sd__batch *b, uint8_t exp,
                         const char *name, sd_error *err)
{
    uint8_t first = b->len ? b->data[0] : 0;
    if (exp == 0 && b->len > 0 && first == SD_EV_Strings) return add_strings(g, b, name, err);
    if (exp == 0 && b->len > 0 && first == SD_EV_Stacks) return add_stacks(g, b, name, err);
    if (exp == 0 && b->len > 0 && first == SD_EV_CPUSamples)
        return add_cpu_samples(g, b, name, err);
    if (exp == 0 && b->len > 0 && first == SD_EV_Frequency) {
        size_t pos = 1;
        uint64_t f;
        int rc = slice_uvarint(b->data, b->len, &pos, &f);
        if (rc != UV_OK)
            FAIL(SD_EFORMAT, b->off + 1, "%s: offset %lld: reading frequency: %s", name,
                 (long long)(b->off + 1), uv_msg(rc));
        if (g->freq != 0)
            FAIL(SD_EFORMAT, b->off, "%s: offset %lld: found multiple frequency events", name,
                 (long long)b->off);
        g->freq = 1.0 / ((double)f / 1e9);
        return 0;
    }
    if (exp != 0) { /* experimental data: kept aside by Go, skipped here */
        g->has_exp_data[exp] = 1;
        return 0;
    }
    {
        int64_t mi = sd__map_get(&g->m_index, (uint64_t)b->m);
        sd__mbatches *mb;
        if (mi < 0) {
            if (g->nms == g->capms) {
                size_t ncap = g->capms ? g->capms * 2 : 16, i;
                sd__mbatches *nv = sd__realloc(g->ms, ncap * sizeof *nv);
                if (!nv) FAIL(SD_ENOMEM, -1, "%s: out of memory", name);
                for (i = g->capms; i < ncap; i++) memset(&nv[i], 0, sizeof nv[i]);
                g->ms = nv;
                g->capms = ncap;
            }
            mi = (int64_t)g->nms++;
            g->ms[mi].m = b->m;
            g->ms[mi].n = 0;
            if (sd__map_put(&g->m_index, (uint64_t)b->m, (uint32_t)mi) != 0)
                FAIL(SD_ENOMEM, -1, "%s: out of memory", name);
        }
        mb = &g->ms[mi];
        GROW(mb->v, mb->n, mb->cap, FAIL(SD_ENOMEM, -1, "%s: out of memory", name));
        mb->v[mb->n++] = *b;
    }
    return 0;
}

enum { RB_OK = 0, RB_EOF = 1 };

/* Reads one batch header and its data (into the generation's arena).
 * Returns RB_OK, RB_EOF (clean end of input) or a negative error. */
static int read_batch(sd_trace *t, struct sd_trace_gen *g, sd__batch *b, uint64_t *gen,
                      uint8_t *exp, sd_error *err)
{
    sd__input *in = &t->in;
    const char *name = t->name;
    int64_t start = in->off;
    uint8_t typ;
    uint64_t m, ts, size;
    int rc;
    uint8_t *data;
    size_t got;

    *exp = 0;
    if (!in_byte(in, &typ)) {
        if (in->ioerr) FAIL(SD_EIO, in->off, "%s: offset %lld: read error", name, (long long)in->off);
        return RB_EOF;
    }
    if (typ != SD_EV_EventBatch && typ != SD_EV_ExperimentalBatch) {
        const char *tn = typ < SD__NSPECS && sd__specs[typ].name ? sd__specs[typ].name : NULL;
        if (tn)
            FAIL(SD_EFORMAT, start, "%s: offset %lld: expected batch event, got %s", name,
                 (long long)start, tn);
        FAIL(SD_EFORMAT, start, "%s: offset %lld: expected batch event, got Invalid(%d)", name,
             (long long)start, typ);
    }
    if (typ == SD_EV_ExperimentalBatch) {
        if (!in_byte(in, exp)) return RB_EOF; /* as Go: a bare EOF here ends the trace */
    }
    if ((rc = in_uvarint(in, gen)) != UV_OK)
        FAIL(SD_EFORMAT, in->off, "%s: offset %lld: error reading batch gen: %s", name,
             (long long)in->off, uv_msg(rc));
    if ((rc = in_uvarint(in, &m)) != UV_OK)
        FAIL(SD_EFORMAT, in->off, "%s: offset %lld: error reading batch M ID: %s", name,
             (long long)in->off, uv_msg(rc));
    if ((rc = in_uvarint(in, &ts)) != UV_OK)
        FAIL(SD_EFORMAT, in->off, "%s: offset %lld: error reading batch timestamp: %s", name,
             (long long)in->off, uv_msg(rc));
    if ((rc = in_uvarint(in, &size)) != UV_OK)
        FAIL(SD_EFORMAT, in->off, "%s: offset %lld: error reading batch size: %s", name,
             (long long)in->off, uv_msg(rc));
    if (size > SD__MAX_BATCH_SIZE)
        FAIL(SD_EFORMAT, start, "%s: offset %lld: invalid batch size %llu, maximum is %u", name,
             (long long)start, (unsigned long long)size, SD__MAX_BATCH_SIZE);
    data = sd__arena_alloc(&g->arena, size ? size : 1);
    if (!data) FAIL(SD_ENOMEM, -1, "%s: out of memory", name);
    b->off = in->off;
    got = in_read(in, data, size);
    if (got != size) {
        if (in->ioerr) FAIL(SD_EIO, in->off, "%s: offset %lld: read error", name, (long long)in->off);
        FAIL(SD_EFORMAT, in->off,
             "%s: offset %lld: failed to read full batch: read %zu but wanted %llu "
             "(the trace is truncated)",
             name, (long long)in->off, got, (unsigned long long)size);
    }
    b->m = (int64_t)m;
    b->time = ts;
    b->data = data;
    b->len = size;
    g->bytes += size;
    return RB_OK;
}

static int cmp_cpu(const void *a, const void *b)
{
    const sd__cpusample *x = a, *y = b;
    return (x->time > y->time) - (x->time < y->time);
}

/* Builds dense lookup arrays, resolves frames, checks that stacks only name
 * known strings, and converts CPU sample times. */
static int finish_gen(struct sd_trace_gen *g, const char *name, sd_error *err)
{
    size_t i, j;
    uint64_t maxid = 0;
    for (i = 0; i < g->nstrs; i++)
        if (g->strs[i].id > maxid) maxid = g->strs[i].id;
    if (g->nstrs && maxid < 2 * (uint64_t)g->nstrs + 1024) {
        g->str_dense = sd__calloc(maxid + 1, sizeof *g->str_dense);
        if (!g->str_dense) FAIL(SD_ENOMEM, -1, "%s: out of memory", name);
        g->str_dense_n = maxid + 1;
        for (i = 0; i < g->nstrs; i++) g->str_dense[g->strs[i].id] = g->strs[i].s;
        g->str_dense[0].ptr = "";
    }
    maxid = 0;
    for (i = 0; i < g->nstks; i++)
        if (g->stks[i].id > maxid) maxid = g->stks[i].id;
    if (g->nstks && maxid < 2 * (uint64_t)g->nstks + 1024) {
        g->stk_dense = sd__calloc(maxid + 1, sizeof *g->stk_dense);
        if (!g->stk_dense) FAIL(SD_ENOMEM, -1, "%s: out of memory", name);
        g->stk_dense_n = maxid + 1;
        for (i = 0; i < g->nstks; i++) g->stk_dense[g->stks[i].id] = (uint32_t)i + 1;
    }
    for (i = 0; i < g->nstks; i++) {
        sd__stackent *s = &g->stks[i];
        s->frames = NULL;
        s->text = NULL;
        if (s->n == 0) continue;
        s->frames = sd__arena_alloc(&g->arena, s->n * sizeof *s->frames);
        if (!s->frames) FAIL(SD_ENOMEM, -1, "%s: out of memory", name);
        for (j = 0; j < s->n; j++) {
            const sd__pcframe *pf = &g->pcs[sd__map_get(&g->pc_index, s->pcs[j])];
            sd_frame *f = &s->frames[j];
            f->pc = pf->pc;
            f->line = pf->line;
            if (!sd__gen_str(g, pf->func_id, &f->func))
                FAIL(SD_EFORMAT, -1,
                     "%s: generation %llu: found invalid func string ID %llu for stack %llu",
                     name, (unsigned long long)g->gen, (unsigned long long)pf->func_id,
                     (unsigned long long)s->id);
            if (!sd__gen_str(g, pf->file_id, &f->file))
                FAIL(SD_EFORMAT, -1,
                     "%s: generation %llu: found invalid file string ID %llu for stack %llu",
                     name, (unsigned long long)g->gen, (unsigned long long)pf->file_id,
                     (unsigned long long)s->id);
        }
    }
    for (i = 0; i < g->ncpu; i++)
        g->cpu[i].time = sd__f64_to_i64((double)(uint64_t)g->cpu[i].time * g->freq);
    if (g->ncpu > 1) qsort(g->cpu, g->ncpu, sizeof *g->cpu, cmp_cpu);
    return 0;
}

/* Reads the next generation into t->gen.  Returns 1 when a generation was
 * read, 0 at the clean end of the trace, or a negative error. */
int sd__read_generation(sd_trace *t, sd_error *err)
{
    struct sd_trace_gen *g = t->spare;
    const char *name = t->name;
    int rc;

    if (!g) {
        g = sd__gen_new();
        if (!g) FAIL(SD_ENOMEM, -1, "%s: out of memory", name);
    } else {
        t->spare = NULL;
        sd__gen_reset(g);
    }
    if (t->gen) { /* recycle the finished generation */
        if (t->spare) sd__gen_free(t->spare);
        t->spare = t->gen;
        t->gen = NULL;
    }
    g->extra = &t->pool;
    t->gen = g;

    if (t->have_spill) {
        sd__batch b = t->spill;
        uint8_t *data = sd__arena_alloc(&g->arena, b.len ? b.len : 1);
        if (!data) FAIL(SD_ENOMEM, -1, "%s: out of memory", name);
        memcpy(data, t->spill_buf, b.len);
        b.data = data;
        g->gen = t->spill_gen;
        g->bytes += b.len;
        t->have_spill = 0;
        if ((rc = process_batch(g, &b, t->spill_exp, name, err)) < 0) return rc;
    }
    for (;;) {
        sd__batch b;
        uint64_t gen = 0;
        uint8_t exp = 0;
        sd_error berr;
        sd_error_clear(&berr);
        rc = read_batch(t, g, &b, &gen, &exp, &berr);
        if (rc == RB_EOF) break;
        if (rc < 0) {
            if (g->gen != 0) { /* deliver what we have first, fail afterwards */
                t->spill_err = berr;
                t->has_spill_err = 1;
                break;
            }
            if (err) *err = berr;
            return rc;
        }
        if (gen == 0)
            FAIL(SD_EFORMAT, b.off, "%s: offset %lld: invalid generation number 0", name,
                 (long long)b.off);
        if (g->gen == 0) g->gen = gen;
        if (gen == g->gen + 1) {
            if (!t->spill_buf) {
                t->spill_buf = sd__malloc(SD__MAX_BATCH_SIZE);
                if (!t->spill_buf) FAIL(SD_ENOMEM, -1, "%s: out of memory", name);
            }
            memcpy(t->spill_buf, b.data, b.len);
            t->spill = b;
            t->spill_gen = gen;
            t->spill_exp = exp;
            t->have_spill = 1;
            break;
        }
        if (gen != g->gen)
            FAIL(SD_EFORMAT, b.off,
                 "%s: offset %lld: generations out of order (batch of generation %llu "
                 "inside generation %llu)",
                 name, (long long)b.off, (unsigned long long)gen, (unsigned long long)g->gen);
        if ((rc = process_batch(g, &b, exp, name, err)) < 0) return rc;
        if (t->opts.max_gen_bytes && g->arena.alloc_total > t->opts.max_gen_bytes)
            FAIL(SD_ELIMIT, b.off, "%s: offset %lld: generation %llu is larger than the limit of %zu bytes",
                 name, (long long)b.off, (unsigned long long)g->gen, t->opts.max_gen_bytes);
    }
    if (g->freq == 0) {
        if (g->gen == 0 && !t->has_spill_err)
            FAIL(SD_EFORMAT, t->in.off,
                 "%s: offset %lld: no frequency event found (the trace holds no complete "
                 "generation; was the traced program killed before its first flush?)",
                 name, (long long)t->in.off);
        FAIL(SD_EFORMAT, t->in.off,
             "%s: offset %lld: no frequency event found in generation %llu (the trace is "
             "truncated or corrupt)",
             name, (long long)t->in.off, (unsigned long long)g->gen);
    }
    if ((rc = finish_gen(g, name, err)) < 0) return rc;
    t->stats.generations++;
    {
        size_t held = g->arena.alloc_total +
                      g->capstrs * sizeof *g->strs + g->capstks * sizeof *g->stks +
                      g->cappcs * sizeof *g->pcs + g->capcpu * sizeof *g->cpu;
        if (held > t->stats.peak_gen_bytes) t->stats.peak_gen_bytes = held;
    }
    return 1;
}
