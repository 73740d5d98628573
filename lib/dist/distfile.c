/*
 * distfile.c - the binary prediction-point file (docs/distfile.md).  All
 * integers little-endian; the checksum is FNV-1a 64 over every byte before
 * it.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "stepdist/distfile.h"
#include "util/util.h"

#define REC_SIZE (4 + 4 * SD_CEV_NTYPES + 4 + 4 + 1 + 3 + 1 + 1 + 1 + 1 + 4)
#define MAX_NAME 4096u

static uint64_t fnv(const uint8_t *p, size_t n)
{
    uint64_t h = 1469598103934665603ULL;
    size_t i;
    for (i = 0; i < n; i++) h = (h ^ p[i]) * 1099511628211ULL;
    return h;
}

static void put32(sd_buf *b, uint32_t v)
{
    uint8_t x[4] = {(uint8_t)v, (uint8_t)(v >> 8), (uint8_t)(v >> 16), (uint8_t)(v >> 24)};
    sd__buf_put(b, x, 4);
}

static void put64(sd_buf *b, uint64_t v)
{
    put32(b, (uint32_t)v);
    put32(b, (uint32_t)(v >> 32));
}

static uint32_t get32(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint64_t get64(const uint8_t *p) { return get32(p) | (uint64_t)get32(p + 4) << 32; }

int sd_distfile_write(const char *path, const sd_distfile *f, sd_error *err)
{
    sd_buf b = {0};
    char tmp[4200];
    FILE *out;
    uint64_t i;
    int k, rc = 0;
    sd__buf_put(&b, SD_DISTFILE_MAGIC, 8);
    put32(&b, SD_DISTFILE_VERSION);
    put32(&b, SD_CEV_NTYPES);
    put32(&b, f->nprograms);
    put64(&b, f->nrecs);
    for (i = 0; i < f->nprograms; i++) {
        size_t n = strlen(f->programs[i]);
        if (n > MAX_NAME) return sd_error_set(err, SD_EINVAL, -1, "program name longer than %u bytes", MAX_NAME);
        put32(&b, (uint32_t)n);
        sd__buf_put(&b, f->programs[i], n);
    }
    for (i = 0; i < f->nrecs; i++) {
        const sd_distrec *r = &f->recs[i];
        put32(&b, r->program);
        for (k = 0; k < SD_CEV_NTYPES; k++) put32(&b, r->point.counts[k]);
        put32(&b, r->point.runs);
        put32(&b, r->point.depth);
        sd__buf_putc(&b, (char)r->point.last_type);
        sd__buf_put(&b, r->point.last3, 3);
        sd__buf_putc(&b, (char)r->point.runnable);
        sd__buf_putc(&b, (char)r->point.running);
        sd__buf_putc(&b, (char)r->point.last_running);
        sd__buf_putc(&b, (char)r->point.split);
        put32(&b, r->point.node);
    }
    if (b.oom) return sd_error_set(err, SD_ENOMEM, -1, "out of memory");
    put64(&b, fnv((const uint8_t *)b.p, b.len));
    snprintf(tmp, sizeof tmp, "%s.tmp", path);
    out = fopen(tmp, "wb");
    if (!out || fwrite(b.p, 1, b.len, out) != b.len || fclose(out) != 0 || rename(tmp, path) != 0)
        rc = sd_error_set(err, SD_EIO, -1, "%s: cannot write: %s", path, strerror(errno));
    sd__buf_release(&b);
    return rc;
}

void sd_distfile_release(sd_distfile *f)
{
    uint32_t i;
    if (!f) return;
    for (i = 0; i < f->nprograms && f->programs; i++) sd__free(f->programs[i]);
    sd__free(f->programs);
    sd__free(f->recs);
    memset(f, 0, sizeof *f);
}

#define BAD(off, ...)                                                             \
    do {                                                                          \
        rc = sd_error_set(err, SD_EFORMAT, (int64_t)(off), __VA_ARGS__);          \
        goto fail;                                                                \
    } while (0)

int sd_distfile_parse(const void *data, size_t len, const char *name, sd_distfile *out,
                      sd_error *err)
{
    const uint8_t *p = data;
    size_t pos = 28, i;
    uint32_t version, nclass, k;
    uint64_t nrecs;
    int rc = 0;
    memset(out, 0, sizeof *out);
    if (len < 8 || memcmp(p, SD_DISTFILE_MAGIC, 8) != 0)
        BAD(0, "%s: offset 0: not a stepdist distribution file (expected magic %s)", name, SD_DISTFILE_MAGIC);
    if (len < 36) BAD(len, "%s: offset %zu: file ends inside the header (expected at least 36 bytes)", name, len);
    version = get32(p + 8);
    if (version != SD_DISTFILE_VERSION) {
        rc = sd_error_set(err, SD_EVERSION, 8, "%s: offset 8: unsupported version %u (this stepdist reads %u)",
                          name, version, SD_DISTFILE_VERSION);
        goto fail;
    }
    if (fnv(p, len - 8) != get64(p + len - 8))
        BAD(len - 8, "%s: offset %zu: checksum mismatch (the file is damaged or truncated)", name, len - 8);
    nclass = get32(p + 12);
    if (nclass != SD_CEV_NTYPES) BAD(12, "%s: offset 12: %u classes, expected %u", name, nclass, SD_CEV_NTYPES);
    out->nprograms = get32(p + 16);
    nrecs = get64(p + 20);
    if (out->nprograms > (len - 36) / 4)
        BAD(16, "%s: offset 16: %u programs cannot fit in %zu bytes", name, out->nprograms, len);
    out->programs = sd__calloc(out->nprograms ? out->nprograms : 1, sizeof *out->programs);
    if (!out->programs) {
        rc = sd_error_set(err, SD_ENOMEM, -1, "out of memory");
        goto fail;
    }
    for (i = 0; i < out->nprograms; i++) {
        uint32_t n;
        if (len - 8 - pos < 4) BAD(pos, "%s: offset %zu: file ends inside program %zu's name", name, pos, i);
        n = get32(p + pos);
        if (n > MAX_NAME || n > len - 8 - pos - 4)
            BAD(pos, "%s: offset %zu: program name of %u bytes (expected at most %u, inside the file)", name, pos, n,
                MAX_NAME);
        out->programs[i] = sd__malloc(n + 1);
        if (!out->programs[i]) {
            rc = sd_error_set(err, SD_ENOMEM, -1, "out of memory");
            goto fail;
        }
        memcpy(out->programs[i], p + pos + 4, n);
        out->programs[i][n] = '\0';
        pos += 4 + (size_t)n;
    }
    if (nrecs != (len - 8 - pos) / REC_SIZE || (len - 8 - pos) % REC_SIZE != 0)
        BAD(20, "%s: offset 20: %llu records declared, but %zu bytes of records follow (%u each)", name,
            (unsigned long long)nrecs, len - 8 - pos, REC_SIZE);
    out->nrecs = nrecs;
    out->recs = sd__calloc(nrecs ? (size_t)nrecs : 1, sizeof *out->recs);
    if (!out->recs) {
        rc = sd_error_set(err, SD_ENOMEM, -1, "out of memory");
        goto fail;
    }
    for (i = 0; i < nrecs; i++, pos += REC_SIZE) {
        sd_distrec *r = &out->recs[i];
        const uint8_t *q = p + pos;
        r->program = get32(q);
        if (r->program >= out->nprograms)
            BAD(pos, "%s: offset %zu: record %zu names program %u of %u", name, pos, i, r->program, out->nprograms);
        for (k = 0; k < SD_CEV_NTYPES; k++) r->point.counts[k] = get32(q + 4 + 4 * k);
        q += 4 + 4 * SD_CEV_NTYPES;
        r->point.runs = get32(q);
        r->point.depth = get32(q + 4);
        r->point.last_type = q[8];
        memcpy(r->point.last3, q + 9, 3);
        r->point.runnable = q[12];
        r->point.running = q[13];
        r->point.last_running = q[14];
        r->point.split = q[15];
        r->point.node = get32(q + 16);
    }
    return 0;
fail:
    sd_distfile_release(out);
    return rc;
}

int sd_distfile_read(const char *path, sd_distfile *out, sd_error *err)
{
    FILE *f = fopen(path, "rb");
    sd_buf b = {0};
    char chunk[65536];
    size_t n;
    int rc;
    memset(out, 0, sizeof *out);
    if (!f) return sd_error_set(err, SD_EIO, -1, "%s: cannot open: %s", path, strerror(errno));
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) sd__buf_put(&b, chunk, n);
    rc = ferror(f) ? sd_error_set(err, SD_EIO, -1, "%s: read error", path) : 0;
    fclose(f);
    if (rc == 0 && b.oom) rc = sd_error_set(err, SD_ENOMEM, -1, "out of memory");
    if (rc == 0) rc = sd_distfile_parse(b.p ? b.p : "", b.len, path, out, err);
    sd__buf_release(&b);
    return rc;
}
