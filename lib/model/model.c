/*
 * model.c - the log-linear model over allowed transitions: scoring,
 * training (full-batch Adam, soft or one-hot targets), temperature
 * scaling, and the model file.
 */
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "stepdist/model.h"
#include "util/util.h"

#define NW ((size_t)1 << SD_MODEL_HASH_BITS)

struct sd_model {
    float *w;
    double temp;              /* temperature */
    double outside;           /* mass for events outside the candidates */
    double prior[SD_CEV_NTYPES]; /* type prior of that mass */
};

const uint32_t *sd__mset_feats(const sd_mset *m, size_t j, int *n);

sd_model *sd_model_new(void)
{
    sd_model *md = sd__calloc(1, sizeof *md);
    int t;
    if (!md) return NULL;
    if (!(md->w = sd__calloc(NW, sizeof *md->w))) {
        sd__free(md);
        return NULL;
    }
    md->temp = 1;
    for (t = 0; t < SD_CEV_NTYPES; t++) md->prior[t] = 1.0 / SD_CEV_NTYPES;
    return md;
}

void sd_model_free(sd_model *md)
{
    if (!md) return;
    sd__free(md->w);
    sd__free(md);
}

float *sd_model_weights(sd_model *md) { return md->w; }
double sd_model_temperature(const sd_model *md) { return md->temp; }

void sd_train_opts_default(sd_train_opts *o)
{
    memset(o, 0, sizeof *o);
    o->objective = SD_OBJ_SOFT;
    o->iters = 150;
    o->lr = 0.05;
    o->l2 = 3e-3;
    o->seed = 1;
}

/* softmax of scores s[n] / temp into q */
static void softmax(double *s, size_t n, double temp, double *q)
{
    double mx = -INFINITY, z = 0;
    size_t j;
    for (j = 0; j < n; j++) {
        s[j] /= temp;
        if (s[j] > mx) mx = s[j];
    }
    for (j = 0; j < n; j++) z += (q[j] = exp(s[j] - mx));
    for (j = 0; j < n; j++) q[j] /= z;
}

void sd_model_score(const sd_model *md, const uint32_t *feats, const int *nf, size_t ncand, double *q)
{
    size_t j;
    int k;
    for (j = 0; j < ncand; j++) {
        double s = 0;
        for (k = 0; k < nf[j]; k++) s += md->w[feats[j * SD_MODEL_MAX_FEATS + (size_t)k]];
        q[j] = s;
    }
    if (ncand) softmax(q, ncand, md->temp, q);
}

int64_t sd_model_predict_state(const sd_model *md, const sd_mstate *st, sd_cand *c, double *q, size_t cap)
{
    uint32_t fbuf[64 * SD_MODEL_MAX_FEATS], *f = fbuf;
    int nbuf[64], *nf = nbuf;
    size_t n = sd_mstate_candidates(st, c, cap), k = n < cap ? n : cap, j;
    if (k > 64) { /* more than the stack holds: rare */
        f = sd__malloc(k * SD_MODEL_MAX_FEATS * sizeof *f);
        nf = sd__malloc(k * sizeof *nf);
        if (!f || !nf) {
            sd__free(f);
            sd__free(nf);
            return SD_ENOMEM;
        }
    }
    for (j = 0; j < k; j++) nf[j] = sd_mstate_features(st, &c[j], &f[j * SD_MODEL_MAX_FEATS]);
    sd_model_score(md, f, nf, k, q);
    if (f != fbuf) {
        sd__free(f);
        sd__free(nf);
    }
    return (int64_t)n;
}

/* q over point p's candidates (scratch s: ncand doubles) at temperature temp */
static void point_q(const float *w, const sd_mset *m, const sd_mpoint *p, double temp, double *q)
{
    uint32_t j;
    int k, nf;
    for (j = 0; j < p->ncand; j++) {
        const uint32_t *f = sd__mset_feats(m, p->cand + j, &nf);
        double s = 0;
        for (k = 0; k < nf; k++) s += w[f[k]];
        q[j] = s;
    }
    if (p->ncand) softmax(q, p->ncand, temp, q);
}

void sd_model_type_marginal(const sd_model *md, const sd_cand *c, const double *q, size_t n, double *qt)
{
    size_t j;
    int t;
    for (t = 0; t < SD_CEV_NTYPES; t++) qt[t] = md->outside * md->prior[t];
    for (j = 0; j < n; j++) qt[c[j].type] += (1 - md->outside) * q[j];
    if (n == 0) /* nothing allowed: the prior alone */
        for (t = 0; t < SD_CEV_NTYPES; t++) qt[t] = md->prior[t];
}

void sd_model_predict_point(const sd_model *md, const sd_mset *m, size_t i, double *qcand, double *qt)
{
    const sd_mpoint *p = sd_mset_point(m, i);
    double tmp[512], *q = p->ncand <= 512 ? tmp : sd__malloc(p->ncand * sizeof *q);
    uint32_t j;
    int t;
    if (!q) { /* out of memory: the prior */
        for (t = 0; t < SD_CEV_NTYPES; t++) qt[t] = md->prior[t];
        return;
    }
    point_q(md->w, m, p, md->temp, q);
    for (t = 0; t < SD_CEV_NTYPES; t++) qt[t] = p->ncand ? md->outside * md->prior[t] : md->prior[t];
    for (j = 0; j < p->ncand; j++) {
        qt[sd_mset_cand(m, p->cand + j, NULL, NULL)->type] += (1 - md->outside) * q[j];
        if (qcand) qcand[j] = q[j];
    }
    if (q != tmp) sd__free(q);
}

/* The target over p's candidates: the counts (soft) or the prompt run's
 * event (one-hot).  Returns 0 when the point has no target. */
static int target(const sd_mset *m, const sd_mpoint *p, sd_objective obj, double *y)
{
    uint32_t j, c, tot = 0;
    for (j = 0; j < p->ncand; j++) {
        sd_mset_cand(m, p->cand + j, NULL, &c);
        y[j] = obj == SD_OBJ_SOFT ? c : (j == p->prompt);
        tot += obj == SD_OBJ_SOFT ? c : (j == p->prompt);
    }
    if (!tot) return 0;
    for (j = 0; j < p->ncand; j++) y[j] /= tot;
    return 1;
}

double sd_model_loss(const sd_model *md, const sd_mset *m, const uint8_t *use, sd_objective obj,
                     double l2, double *grad)
{
    size_t i, np = sd_mset_npoints(m);
    double loss = 0, *q = NULL, *y = NULL, used = 0, wp;
    uint32_t maxc = 1;
    for (i = 0; i < np; i++)
        if (sd_mset_point(m, i)->ncand > maxc) maxc = sd_mset_point(m, i)->ncand;
    q = sd__malloc(maxc * sizeof *q);
    y = sd__malloc(maxc * sizeof *y);
    if (!q || !y) {
        sd__free(q);
        sd__free(y);
        return NAN;
    }
    if (grad) memset(grad, 0, NW * sizeof *grad);
    for (i = 0; i < np; i++) {
        const sd_mpoint *p = sd_mset_point(m, i);
        uint32_t j;
        int k, nf;
        if ((use && use[i] != 1) || !target(m, p, obj, y)) continue;
        wp = 1; /* every point alike (weighing by runs measured no better) */
        used += wp;
        point_q(md->w, m, p, md->temp, q);
        for (j = 0; j < p->ncand; j++) {
            if (y[j] > 0) loss -= wp * y[j] * log(q[j] > 1e-300 ? q[j] : 1e-300);
            if (grad) {
                const uint32_t *f = sd__mset_feats(m, p->cand + j, &nf);
                double gj = wp * (q[j] - y[j]) / md->temp;
                for (k = 0; k < nf; k++) grad[f[k]] += gj;
            }
        }
    }
    sd__free(q);
    sd__free(y);
    if (used == 0) return 0;
    loss /= used;
    if (grad)
        for (i = 0; i < NW; i++) grad[i] = grad[i] / used + l2 * md->w[i];
    for (i = 0; i < NW; i++) loss += 0.5 * l2 * (double)md->w[i] * md->w[i];
    return loss;
}

/* NLL per row of the points with use[i] == 2 at temperature temp */
static double val_nll(const sd_model *md, const sd_mset *m, const uint8_t *use, double temp, double *q)
{
    size_t i, np = sd_mset_npoints(m);
    double nll = 0, rows = 0;
    for (i = 0; i < np; i++) {
        const sd_mpoint *p = sd_mset_point(m, i);
        uint32_t j, c;
        if (use[i] != 2) continue;
        point_q(md->w, m, p, temp, q);
        for (j = 0; j < p->ncand; j++) {
            sd_mset_cand(m, p->cand + j, NULL, &c);
            if (c) nll -= c * log((1 - md->outside) * q[j] + 1e-12);
            rows += c;
        }
    }
    return rows > 0 ? nll / rows : 0;
}

int sd_model_train(const sd_mset *m, const uint8_t *use, const sd_train_opts *o, sd_model **out,
                   sd_error *err)
{
    sd_model *md = sd_model_new();
    double *grad = sd__malloc(NW * sizeof *grad), *mom = sd__calloc(NW, sizeof *mom),
           *vel = sd__calloc(NW, sizeof *vel), rows = 0, other = 0, tc[SD_CEV_NTYPES] = {0};
    size_t i, np = sd_mset_npoints(m), nval = 0;
    uint8_t *u = NULL;
    int it, t;
    *out = NULL;
    if (!md || !grad || !mom || !vel || !(u = sd__malloc(np ? np : 1))) {
        sd_model_free(md);
        sd__free(grad);
        sd__free(mom);
        sd__free(vel);
        return sd_error_set(err, SD_ENOMEM, -1, "out of memory training the model");
    }
    for (i = 0; i < np; i++) {
        const sd_mpoint *p = sd_mset_point(m, i);
        u[i] = use ? use[i] : 1;
        nval += u[i] == 2;
        if (u[i] != 1) continue;
        for (t = 0; t < SD_CEV_NTYPES; t++) {
            tc[t] += p->type_counts[t];
            rows += p->type_counts[t];
        }
        other += p->other;
    }
    if (rows == 0) {
        sd_model_free(md);
        sd__free(grad);
        sd__free(mom);
        sd__free(vel);
        sd__free(u);
        return sd_error_set(err, SD_EINVAL, -1, "no training point has a next event");
    }
    /* events outside the candidates: their rate, spread by the type prior */
    md->outside = other / rows;
    if (md->outside < 1e-4) md->outside = 1e-4;
    if (md->outside > 0.5) md->outside = 0.5;
    for (t = 0; t < SD_CEV_NTYPES; t++) md->prior[t] = (tc[t] + 1) / (rows + SD_CEV_NTYPES);
    for (it = 1; it <= o->iters; it++) {
        const double b1 = 0.9, b2 = 0.999;
        double loss = sd_model_loss(md, m, u, o->objective, o->l2, grad);
        double c1 = 1 - pow(b1, it), c2 = 1 - pow(b2, it);
        if (isnan(loss)) {
            rows = -1;
            break;
        }
        for (i = 0; i < NW; i++) {
            if (grad[i] == 0 && mom[i] == 0) continue;
            mom[i] = b1 * mom[i] + (1 - b1) * grad[i];
            vel[i] = b2 * vel[i] + (1 - b2) * grad[i] * grad[i];
            md->w[i] -= (float)(o->lr * (mom[i] / c1) / (sqrt(vel[i] / c2) + 1e-8));
        }
        if (o->progress && (it % 10 == 0 || it == o->iters)) o->progress(o->ctx, it, o->iters, loss);
    }
    if (rows >= 0 && nval) { /* temperature: golden-section search on log T */
        double lo = log(0.1), hi = log(10), g = (sqrt(5) - 1) / 2, *q;
        uint32_t maxc = 1;
        for (i = 0; i < np; i++)
            if (sd_mset_point(m, i)->ncand > maxc) maxc = sd_mset_point(m, i)->ncand;
        if (!(q = sd__malloc(maxc * sizeof *q))) {
            rows = -1;
        } else {
            double a = hi - g * (hi - lo), b = lo + g * (hi - lo);
            double fa = val_nll(md, m, u, exp(a), q), fb = val_nll(md, m, u, exp(b), q);
            for (it = 0; it < 30; it++) {
                if (fa < fb) {
                    hi = b;
                    b = a;
                    fb = fa;
                    a = hi - g * (hi - lo);
                    fa = val_nll(md, m, u, exp(a), q);
                } else {
                    lo = a;
                    a = b;
                    fa = fb;
                    b = lo + g * (hi - lo);
                    fb = val_nll(md, m, u, exp(b), q);
                }
            }
            md->temp = exp((lo + hi) / 2);
            sd__free(q);
        }
    }
    sd__free(grad);
    sd__free(mom);
    sd__free(vel);
    sd__free(u);
    if (rows < 0) {
        sd_model_free(md);
        return sd_error_set(err, SD_ENOMEM, -1, "out of memory training the model");
    }
    *out = md;
    return 0;
}

/* ---- the file: little-endian, sparse weights, FNV-1a 64 checksum ---- */
static const char magic[8] = {'S', 'D', 'M', 'O', 'D', 'E', 'L', '\n'};
#define MODEL_VERSION 1u

static uint64_t fnv(uint64_t h, const void *p, size_t n)
{
    const unsigned char *b = p;
    while (n--) h = (h ^ *b++) * 0x100000001b3ULL;
    return h;
}

static void put_u32(sd_buf *b, uint32_t v)
{
    unsigned char x[4] = {(unsigned char)v, (unsigned char)(v >> 8), (unsigned char)(v >> 16),
                          (unsigned char)(v >> 24)};
    sd__buf_put(b, x, 4);
}

static void put_u64(sd_buf *b, uint64_t v)
{
    put_u32(b, (uint32_t)v);
    put_u32(b, (uint32_t)(v >> 32));
}

static void put_f64(sd_buf *b, double d)
{
    uint64_t v;
    memcpy(&v, &d, 8);
    put_u64(b, v);
}

static uint32_t get_u32(const unsigned char *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint64_t get_u64(const unsigned char *p) { return get_u32(p) | (uint64_t)get_u32(p + 4) << 32; }

static double get_f64(const unsigned char *p)
{
    uint64_t v = get_u64(p);
    double d;
    memcpy(&d, &v, 8);
    return d;
}

#define HEADER_BYTES (8 + 4 * 4 + 8 * (2 + SD_CEV_NTYPES) + 4)

int sd_model_save(const sd_model *md, const char *path, sd_error *err)
{
    sd_buf b = {0};
    size_t i, nnz = 0;
    char tmp[4096];
    FILE *f;
    int t;
    for (i = 0; i < NW; i++) nnz += md->w[i] != 0;
    sd__buf_put(&b, magic, 8);
    put_u32(&b, MODEL_VERSION);
    put_u32(&b, SD_MODEL_SCHEMA);
    put_u32(&b, SD_MODEL_HASH_BITS);
    put_u32(&b, SD_MODEL_MAX_FEATS);
    put_f64(&b, md->temp);
    put_f64(&b, md->outside);
    for (t = 0; t < SD_CEV_NTYPES; t++) put_f64(&b, md->prior[t]);
    put_u32(&b, (uint32_t)nnz);
    for (i = 0; i < NW; i++) {
        uint32_t v;
        if (md->w[i] == 0) continue;
        memcpy(&v, &md->w[i], 4);
        put_u32(&b, (uint32_t)i);
        put_u32(&b, v);
    }
    put_u64(&b, fnv(0xcbf29ce484222325ULL, b.p, b.len));
    if (b.oom) {
        sd__buf_release(&b);
        return sd_error_set(err, SD_ENOMEM, -1, "out of memory writing %s", path);
    }
    /* written beside and renamed: a crash leaves the old file or the new */
    snprintf(tmp, sizeof tmp, "%s.tmp", path);
    if (!(f = fopen(tmp, "wb"))) {
        sd__buf_release(&b);
        return sd_error_set(err, SD_EIO, -1, "%s: cannot write: %s", tmp, strerror(errno));
    }
    if (fwrite(b.p, 1, b.len, f) != b.len || fclose(f) != 0) {
        if (f) remove(tmp);
        sd__buf_release(&b);
        return sd_error_set(err, SD_EIO, -1, "%s: write failed", tmp);
    }
    sd__buf_release(&b);
    if (rename(tmp, path) != 0) {
        remove(tmp);
        return sd_error_set(err, SD_EIO, -1, "%s: cannot rename into place: %s", path, strerror(errno));
    }
    return 0;
}

int sd_model_load(const char *path, sd_model **out, sd_error *err)
{
    FILE *f = fopen(path, "rb");
    unsigned char *p = NULL;
    size_t n = 0, cap = 0, got;
    int rc;
    *out = NULL;
    if (!f) return sd_error_set(err, SD_EIO, -1, "%s: cannot open: %s", path, strerror(errno));
    do {
        if (n == cap) {
            unsigned char *np = sd__realloc(p, cap = cap ? cap * 2 : 65536);
            if (!np) {
                fclose(f);
                sd__free(p);
                return sd_error_set(err, SD_ENOMEM, -1, "out of memory reading %s", path);
            }
            p = np;
        }
        got = fread(p + n, 1, cap - n, f);
        n += got;
    } while (got > 0);
    rc = ferror(f);
    fclose(f);
    if (rc) {
        sd__free(p);
        return sd_error_set(err, SD_EIO, -1, "%s: read failed", path);
    }
    rc = sd_model_parse(p, n, path, out, err);
    sd__free(p);
    return rc;
}

#if defined(__GNUC__)
__attribute__((format(printf, 4, 5)))
#endif
static int bad(sd_error *err, const char *path, size_t off, const char *fmt, ...)
{
    char msg[SD_ERROR_MSG_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return sd_error_set(err, SD_EFORMAT, (int64_t)off, "%s: offset %zu: %s", path, off, msg);
}

int sd_model_parse(const void *data, size_t n, const char *path, sd_model **out, sd_error *err)
{
    const unsigned char *p = data;
    size_t i, nnz;
    sd_model *md = NULL;
    uint32_t v;
    int t, rc;
    *out = NULL;
#define BAD(off, ...) do { rc = bad(err, path, (size_t)(off), __VA_ARGS__); goto fail; } while (0)
    if (n < 8 || memcmp(p, magic, 8) != 0) BAD(0, "not a stepdist model file (no SDMODEL magic)");
    if (n < HEADER_BYTES + 8) BAD(n, "truncated: the header and checksum need %d bytes", HEADER_BYTES + 8);
    if ((v = get_u32(p + 8)) != MODEL_VERSION)
        BAD(8, "model file version %u; this stepdist reads version %u", v, MODEL_VERSION);
    if ((v = get_u32(p + 12)) != SD_MODEL_SCHEMA)
        BAD(12, "feature schema %u; this stepdist computes schema %u (retrain the model)", v,
            SD_MODEL_SCHEMA);
    if (get_u32(p + 16) != SD_MODEL_HASH_BITS || get_u32(p + 20) != SD_MODEL_MAX_FEATS)
        BAD(16, "%u hash bits and %u features per candidate; want %d and %d", get_u32(p + 16),
            get_u32(p + 20), SD_MODEL_HASH_BITS, SD_MODEL_MAX_FEATS);
    nnz = get_u32(p + HEADER_BYTES - 4);
    if (nnz > NW) BAD(HEADER_BYTES - 4, "%zu weights; at most %zu", nnz, NW);
    if (n != HEADER_BYTES + nnz * 8 + 8)
        BAD(n < HEADER_BYTES + nnz * 8 + 8 ? n : HEADER_BYTES + nnz * 8 + 8,
            "%zu bytes; %zu weights need exactly %zu (truncated or trailing data)", n, nnz,
            HEADER_BYTES + nnz * 8 + 8);
    if (get_u64(p + n - 8) != fnv(0xcbf29ce484222325ULL, p, n - 8))
        BAD(n - 8, "checksum mismatch: the file is damaged");
    if (!(md = sd_model_new())) {
        rc = sd_error_set(err, SD_ENOMEM, -1, "out of memory");
        goto fail;
    }
    md->temp = get_f64(p + 24);
    md->outside = get_f64(p + 32);
    for (t = 0; t < SD_CEV_NTYPES; t++) md->prior[t] = get_f64(p + 40 + 8 * t);
    if (!(md->temp > 0.01 && md->temp < 100) || !(md->outside >= 0 && md->outside <= 1))
        BAD(24, "temperature %g or outside mass %g out of range", md->temp, md->outside);
    for (i = 0; i < nnz; i++) {
        const unsigned char *q = p + HEADER_BYTES + 8 * i;
        uint32_t idx = get_u32(q), bits = get_u32(q + 4);
        float w;
        memcpy(&w, &bits, 4);
        if (idx >= NW || !isfinite(w))
            BAD(HEADER_BYTES + 8 * i, "weight %zu: index %u or value not valid", i, idx);
        md->w[idx] = w;
    }
    *out = md;
    return 0;
fail:
    sd_model_free(md);
    return rc;
#undef BAD
}
